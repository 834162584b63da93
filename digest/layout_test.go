package digest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/store"
)

// The layout every renderer draws: lists in order, empty ones left out,
// the new documents capped with the rest counted, the unanswered counted
// beyond those listed.
func TestSections(t *testing.T) {
	var docs []store.Document
	for i := range maxNewListed + 2 {
		docs = append(docs, store.Document{Title: fmt.Sprintf("doc %d", i), AddedBy: "U1"})
	}
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		a         store.Activity
		want      []Section
		unhelpful string
	}{
		{"quiet day", store.Activity{}, nil, ""},
		{"one of each", store.Activity{
			NewDocuments: docs[:1], Unanswered: []string{"why?"}, UnansweredCount: 3,
			MostAsked: []store.Asked{{Question: "how much?", Count: 4}}, DownVotes: 1,
		}, []Section{
			{Title: "New in the corpus", Items: []Item{{Text: "doc 0", AddedBy: "U1"}}, Where: "sources", Summary: "1 document"},
			{Title: "Unanswered questions", Count: 3, Note: "sources to add to the corpus", Items: []Item{{Text: "why?"}}, More: 2, Summary: "3"},
			{Title: "Most asked", Items: []Item{{Text: "how much?", Times: 4}}, Summary: "how much?"},
		}, "1 answer marked unhelpful"},
		{"many new documents", store.Activity{NewDocuments: docs, DownVotes: 2}, []Section{
			{Title: "New in the corpus", Items: items(docs[:maxNewListed]), More: 2, Where: "sources", Summary: "12 documents"},
		}, "2 answers marked unhelpful"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Digest{Date: day, Activity: tt.a}
			if diff := cmp.Diff(tt.want, d.Sections()); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
			if got := d.Unhelpful(); got != tt.unhelpful {
				t.Errorf("unhelpful %q, want %q", got, tt.unhelpful)
			}
			if got, want := d.Title(), "Landscape digest — Thursday 26 November 2026"; got != want {
				t.Errorf("title %q, want %q", got, want)
			}
		})
	}
}

func items(docs []store.Document) []Item {
	var out []Item
	for _, d := range docs {
		out = append(out, Item{Text: d.Title, AddedBy: d.AddedBy})
	}
	return out
}
