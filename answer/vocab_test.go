package answer

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
)

// An engine updated with documents removed and added has the vocabulary
// the new corpus would give it afresh: the words only a removed document
// held are forgotten, so that typo correction never steers a question to
// a word no document holds.
func TestVocabForgetsRemovedDocuments(t *testing.T) {
	doc := func(name, text string) *corpus.Document {
		t.Helper()
		d, err := corpus.ParseMarkdown(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	kept := doc("kept.md", "---\ntitle: Robots in Osaka\n---\nIn 2024 Osaka robot makers raised $120 million from the Kansai Robotics Fund.\n")
	removed := doc("removed.md", "---\ntitle: Zephyrion Dynamics\nauthor: Ada Quill\n---\nZephyrion Dynamics, a maker of Osaka robots, raised $42 million from the Hangzhou Venture Guild.\n")
	added := doc("added.md", "---\ntitle: Chips in Hefei\n---\nHefei chip makers raised $65 million in 2025 from the Kansai Robotics Fund.\n")
	c1, _ := corpus.FromDocuments([]*corpus.Document{kept, removed})
	ix, err := index.NewMemory(c1)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	e := New(c1, ix, DefaultAliases())
	if got := e.vocab.correct("zephyrino"); got != "zephyrion" {
		t.Fatalf("before the remove, correct(zephyrino) = %q", got)
	}
	c2, _ := corpus.FromDocuments([]*corpus.Document{kept, added})
	if err := ix.Update([]*corpus.Document{removed}, []*corpus.Document{added}); err != nil {
		t.Fatal(err)
	}
	updated := e.Update(c2, []*corpus.Document{removed}, []*corpus.Document{added}).vocab
	if got := updated.correct("zephyrino"); got != "" {
		t.Errorf("after the remove, correct(zephyrino) = %q: a word no document holds", got)
	}
	fresh := newVocab(c2, DefaultAliases().lex.Phrases())
	for _, v := range []*vocab{updated, fresh} {
		for _, ws := range v.byLen {
			slices.Sort(ws)
		}
	}
	if diff := cmp.Diff(fresh, updated, cmp.AllowUnexported(vocab{})); diff != "" {
		t.Errorf("updated vocabulary (-fresh +updated):\n%s", diff)
	}
}
