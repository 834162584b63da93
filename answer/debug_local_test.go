package answer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
)

// go test ./answer -run TestDebugLocal -v  (DEBUG_Q, DEBUG_CORPUS)
func TestDebugLocal(t *testing.T) {
	qs := os.Getenv("DEBUG_Q")
	if qs == "" {
		t.Skip()
	}
	c, _, err := corpus.Load(corpus.Options{Dir: os.Getenv("DEBUG_CORPUS")})
	if err != nil {
		t.Fatal(err)
	}
	ix, _ := index.NewMemory(c)
	e := New(c, ix, DefaultAliases())
	for _, qt := range strings.Split(qs, "|") {
		q, _ := e.analyze(qt)
		fmt.Printf("\n=== %q kind=%v period=%+v cur=%q unknown=%q\n", qt, q.kind, q.period, q.currency, q.unknown)
		for _, c := range q.concepts {
			fmt.Printf("  concept %q w=%.2f df=%d subj=%v named=%v meas=%v soft=%v alts=%v\n", c.label, c.weight, c.df, c.subject, c.named, c.measure, c.soft, c.alts)
		}
		cands, _ := e.rank(context.Background(), q, Filter{})
		for i, c := range cands {
			if i >= 6 {
				break
			}
			fmt.Printf("  %.3f covR=%.2f covP=%.2f fit=%.1f ref=%q %s: %.160s\n", c.total, c.covR, c.covP, c.kindFit, c.refusal, c.p.ID, c.p.Text[c.start:c.end])
		}
		res, _ := e.Ask(context.Background(), qt, 3)
		if res.Answer != nil {
			fmt.Printf("  ANSWER fig=%q: %.200s\n", res.Answer.Figure, res.Answer.Quote)
		} else {
			fmt.Printf("  REFUSED: %s\n", res.Refusal)
		}
	}
}

// go test ./answer -run TestDebugTotals -v (DEBUG_SETS="corpus:file,...")
func TestDebugTotals(t *testing.T) {
	sets := os.Getenv("DEBUG_SETS")
	if sets == "" {
		t.Skip()
	}
	for _, set := range strings.Split(sets, ",") {
		dir, file, _ := strings.Cut(set, ":")
		c, _, err := corpus.Load(corpus.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		ix, _ := index.NewMemory(c)
		e := New(c, ix, DefaultAliases())
		for _, q := range readEvalFile(t, file) {
			res, _ := e.Ask(context.Background(), q.Q, 3)
			if !res.Answered {
				continue
			}
			an, _ := e.analyze(q.Q)
			cands, _ := e.rank(context.Background(), an, Filter{})
			i := e.choose(cands)
			ok := Passes(q, res)
			c := cands[i]
			fmt.Printf("TOT %s %v %.3f covR=%.2f covP=%.2f fit=%.1f kind=%v %s\n", strings.ReplaceAll(dir+"/"+file[len(file)-12:], " ", ""), ok, c.total, c.covR, c.covP, c.kindFit, an.kind, q.Q)
		}
	}
}
