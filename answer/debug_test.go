package answer

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
)

// TestDebugQuestion prints the analysis and ranking of $Q (skipped unless set).
func TestDebugQuestion(t *testing.T) {
	qs := os.Getenv("Q")
	if qs == "" {
		t.Skip("set Q to a question")
	}
	c, _, _ := corpus.Load(corpus.Options{Dir: os.Getenv("DIR")})
	ix, _ := index.NewMemory(c)
	e := New(c, ix, DefaultAliases())
	q, _ := e.analyze(qs)
	fmt.Printf("kind=%v total=%.2f\n", q.kind, q.total)
	for _, c := range q.concepts {
		fmt.Printf("  %-20q w=%.2f alts=%v year=%v place=%v soft=%v corr=%v\n", c.label, c.weight, c.alts, c.year, c.place, c.soft, c.corrected)
	}
	hits, _ := ix.Search(context.Background(), e.buildQuery(q), 10)
	for _, h := range hits {
		s := e.score(q, c.Passage(h.ID))
		fmt.Printf("%.3f covR=%.2f covP=%.2f kind=%.1f content=%v bm25=%.2f %s | %.90s\n", s.total, s.covR, s.covP, s.kindFit, s.content, h.Score, h.ID, s.p.Text[s.start:s.end])
	}
}
