package digest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/store"
)

// The layout every renderer draws: lists in order, empty ones left out,
// the new documents grouped by feed and by curator (feeds first, then
// curators, the biggest first), listed in full up to a cap when alone and
// the first few of each when several, the rest counted; the unanswered
// counted beyond those listed; feeds failing listed with why.
func TestSections(t *testing.T) {
	var docs []store.Document
	for i := range maxNewListed + 2 {
		docs = append(docs, store.Document{Title: fmt.Sprintf("doc %d", i), AddedBy: "U1"})
	}
	var mixed []store.Document
	for i := range 5 {
		mixed = append(mixed, store.Document{Title: fmt.Sprintf("wire %d", i), Feed: "Robot Wire", AddedBy: "U2"})
	}
	mixed = append(mixed, store.Document{Title: "by hand"}, store.Document{Title: "from Slack", AddedBy: "U1"}, store.Document{Title: "drone 1", Feed: "Drone Notes"})
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	failing := store.Feed{Title: "Gone Daily", Error: "example.com answered 404 Not Found", Failures: 4}
	tests := []struct {
		name      string
		a         store.Activity
		want      []Section
		unhelpful string
	}{
		{"quiet day", store.Activity{}, nil, ""},
		{"one of each", store.Activity{
			NewDocuments: docs[:1], Unanswered: []string{"why?"}, UnansweredCount: 3,
			MostAsked: []store.Asked{{Question: "how much?", Count: 4}}, DownVotes: 1, FailingFeeds: []store.Feed{failing},
		}, []Section{
			{Title: "New in the corpus", Groups: []Group{{AddedBy: "U1", Count: 1, Items: []Item{{Text: "doc 0"}}}}, Where: "sources", Summary: "1 document"},
			{Title: "Unanswered questions", Count: 3, Note: "sources to add to the corpus", Items: []Item{{Text: "why?"}}, More: 2, Summary: "3"},
			{Title: "Feeds failing", Count: 1, Note: "3 polls in a row or more failed; fix or unfollow them", Items: []Item{{Text: "Gone Daily — example.com answered 404 Not Found"}}, Summary: "1"},
			{Title: "Most asked", Items: []Item{{Text: "how much?", Times: 4}}, Summary: "how much?"},
		}, "1 answer marked unhelpful"},
		{"many new documents of one curator", store.Activity{NewDocuments: docs, DownVotes: 2}, []Section{
			{Title: "New in the corpus", Groups: []Group{{AddedBy: "U1", Count: 12, Items: items(docs[:maxNewListed]), More: 2}}, More: 2, Where: "sources", Summary: "12 documents"},
		}, "2 answers marked unhelpful"},
		{"by feed and curator", store.Activity{NewDocuments: mixed}, []Section{
			{Title: "New in the corpus", Groups: []Group{
				{Feed: "Robot Wire", AddedBy: "U2", Count: 5, Items: items(mixed[:groupListed]), More: 2},
				{Feed: "Drone Notes", Count: 1, Items: []Item{{Text: "drone 1"}}},
				{AddedBy: "U1", Count: 1, Items: []Item{{Text: "from Slack"}}},
				{Count: 1, Items: []Item{{Text: "by hand"}}},
			}, More: 2, Where: "sources", Summary: "8 documents"},
		}, ""},
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

// Beyond maxGroups origins, the documents of the others are counted.
func TestManyGroups(t *testing.T) {
	var docs []store.Document
	for i := range maxGroups + 3 {
		docs = append(docs, store.Document{Title: fmt.Sprint("doc ", i), Feed: fmt.Sprint("feed ", i)})
	}
	gs := newGroups(docs)
	if len(gs) != maxGroups || gs[len(gs)-1].More != 3 {
		t.Errorf("%d groups, the last with %d more; want %d, 3", len(gs), gs[len(gs)-1].More, maxGroups)
	}
}

func items(docs []store.Document) []Item {
	var out []Item
	for _, d := range docs {
		out = append(out, Item{Text: d.Title})
	}
	return out
}
