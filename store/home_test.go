package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A user's own questions, newest first, each once as last typed, nobody
// else's.
func TestRecentQuestions(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.store(t, b.fresh(t), &clock{t: t0})
		for i, q := range []struct{ user, text string }{
			{"me", "How many patents?"}, {"other", "secret question"}, {"me", "who wrote it?"},
			{"me", "how many patents?"}, {"me", "what about Baidu?"},
		} {
			if err := s.LogQuestion(ctx, Question{At: t0.Add(time.Duration(i) * time.Minute), Channel: "C1", UserHash: q.user, Text: q.text}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.RecentQuestions(ctx, "me", 3)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"what about Baidu?", "how many patents?", "who wrote it?"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("RecentQuestions (-want +got):\n%s", diff)
		}
		if got, err := s.RecentQuestions(ctx, "nobody", 3); len(got) != 0 || err != nil {
			t.Errorf("a user who asked nothing has questions: %q, %v", got, err)
		}
	})
}

// The latest digest is the latest slot that was posted, not one that is
// still posting or failed.
func TestLatestDigest(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.store(t, b.fresh(t), &clock{t: t0})
		if _, ok, err := s.LatestDigest(ctx); ok || err != nil {
			t.Fatalf("empty store: ok %v, err %v", ok, err)
		}
		day := 24 * time.Hour
		for i, state := range []string{StatePosted, StatePosted, StateFailed} {
			slot := t0.Add(time.Duration(i) * day)
			if _, err := s.ClaimDigest(ctx, slot, "CDIGEST", "me", time.Minute); err != nil {
				t.Fatal(err)
			}
			if err := s.MarkDigest(ctx, slot, state, "17000.00"+string(rune('1'+i))); err != nil {
				t.Fatal(err)
			}
		}
		got, ok, err := s.LatestDigest(ctx)
		want := PostedDigest{Slot: t0.Add(day), Channel: "CDIGEST", TS: "17000.002"}
		if err != nil || !ok || !got.Slot.Equal(want.Slot) || got.Channel != want.Channel || got.TS != want.TS {
			t.Errorf("LatestDigest = %+v %v %v, want %+v", got, ok, err, want)
		}
	})
}
