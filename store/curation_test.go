package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Curators' adds and removes are recorded, in order; the digest's new
// documents name who added them from Slack; a removed document is
// forgotten, so that added again it is new again.
func TestCuration(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.store(t, b.fresh(t), &clock{t: t0})
		ctx := context.Background()
		records := []Curation{
			{At: t0, UserID: "U1", Action: CurationAdd, Source: "https://example.com/zephyr", DocID: "zephyr", Title: "Zephyr raises", Outcome: OutcomeAdded},
			{At: t0.Add(time.Minute), UserID: "U2", Action: CurationAdd, Source: "https://example.com/zephyr", DocID: "zephyr", Title: "Zephyr raises", Outcome: OutcomeDuplicate},
			{At: t0.Add(2 * time.Minute), UserID: "U3", Action: CurationAdd, Source: "http://10.0.0.1/", Outcome: OutcomeRefused, Detail: "10.0.0.1 is a private address"},
			{At: t0.Add(3 * time.Minute), UserID: "U2", Action: CurationAdd, Source: "aurora.pdf", DocID: "aurora", Title: "Aurora", Outcome: OutcomeAdded},
		}
		for _, r := range records {
			if err := s.RecordCuration(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.NoteDocuments(ctx, []Document{{ID: "zephyr", Title: "Zephyr raises", FirstSeen: t0}, {ID: "aurora", Title: "Aurora", FirstSeen: t0.Add(3 * time.Minute)}, {ID: "by-hand", Title: "By hand", FirstSeen: t0}}); err != nil {
			t.Fatal(err)
		}
		a, err := s.ActivityBetween(ctx, t0.Add(-time.Hour), t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := []Document{
			{ID: "aurora", Title: "Aurora", FirstSeen: t0.Add(3 * time.Minute), AddedBy: "U2"},
			{ID: "by-hand", Title: "By hand", FirstSeen: t0},
			{ID: "zephyr", Title: "Zephyr raises", FirstSeen: t0, AddedBy: "U1"},
		}
		if diff := cmp.Diff(want, a.NewDocuments, cmpTimes); diff != "" {
			t.Errorf("new documents (-want +got):\n%s", diff)
		}

		removed := Curation{At: t0.Add(4 * time.Minute), UserID: "U1", Action: CurationRemove, Source: "zephyr", DocID: "zephyr", Title: "Zephyr raises", Outcome: OutcomeRemoved}
		if err := s.RecordCuration(ctx, removed); err != nil {
			t.Fatal(err)
		}
		a, err = s.ActivityBetween(ctx, t0.Add(-time.Hour), t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.NewDocuments) != 2 || a.NewDocuments[1].ID != "by-hand" {
			t.Errorf("after the removal: %+v, want zephyr gone", a.NewDocuments)
		}
		if err := s.NoteDocuments(ctx, []Document{{ID: "zephyr", Title: "Zephyr raises", FirstSeen: t0.Add(5 * time.Minute)}}); err != nil {
			t.Fatal(err)
		}
		a, _ = s.ActivityBetween(ctx, t0.Add(5*time.Minute), t0.Add(time.Hour))
		if len(a.NewDocuments) != 1 || a.NewDocuments[0].ID != "zephyr" {
			t.Errorf("added again: %+v, want it new again", a.NewDocuments)
		}

		got, err := s.Curations(ctx, t0, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(append(records, removed), got, cmpTimes); diff != "" {
			t.Errorf("curations (-want +got):\n%s", diff)
		}
	})
}

// cmpTimes compares instants, whatever their location.
var cmpTimes = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })
