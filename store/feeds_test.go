package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A feed is followed once (following it again changes its tag and
// schedule, keeps its history), listed, polled under a lease that one
// replica holds at a time, its polls recorded (failures counted in a row,
// reset by a success), and unfollowed with its items.
func TestFeeds(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		c := &clock{t: t0}
		s := b.store(t, b.fresh(t), c)
		ctx := context.Background()
		f := Feed{URL: "https://example.com/feed.xml", Title: "Example", Site: "https://example.com/", Tag: "robotics",
			Every: time.Hour, AddedBy: "U1", AddedAt: t0, NextPoll: t0}
		if isNew, err := s.FollowFeed(ctx, f); err != nil || !isNew {
			t.Fatalf("follow: %v, %v", isNew, err)
		}
		again := f
		again.Tag, again.Every, again.AddedBy = "ai", 2*time.Hour, "U2"
		if isNew, err := s.FollowFeed(ctx, again); err != nil || isNew {
			t.Fatalf("follow again: %v, %v", isNew, err)
		}
		want := f
		want.Tag, want.Every = "ai", 2*time.Hour
		got, err := s.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Feed{want}, got, cmpTimes); diff != "" {
			t.Errorf("feeds (-want +got):\n%s", diff)
		}

		due, err := s.DueFeeds(ctx)
		if err != nil || len(due) != 1 {
			t.Fatalf("due: %v, %v", due, err)
		}
		if _, ok, err := s.ClaimFeed(ctx, f.URL, "replica-1", 10*time.Minute, true); !ok || err != nil {
			t.Fatalf("claim: %v, %v", ok, err)
		}
		if _, ok, _ := s.ClaimFeed(ctx, f.URL, "replica-2", 10*time.Minute, false); ok {
			t.Error("a second replica claimed a feed under lease")
		}
		if due, _ := s.DueFeeds(ctx); len(due) != 0 {
			t.Errorf("a feed under lease is due: %v", due)
		}
		for i, p := range []FeedPoll{
			{At: t0, Title: "Example news", ETag: `"e1"`, NextPoll: t0.Add(time.Hour), Added: 3},
			{At: t0.Add(time.Hour), ETag: `"e1"`, NextPoll: t0.Add(2 * time.Hour), Error: "example.com answered 500"},
			{At: t0.Add(2 * time.Hour), ETag: `"e1"`, NextPoll: t0.Add(4 * time.Hour), Error: "example.com answered 500"},
			{At: t0.Add(4 * time.Hour), ETag: `"e1"`, NextPoll: t0.Add(8 * time.Hour), Error: "example.com took over 15s to answer"},
		} {
			if i > 0 {
				c.t = p.At
				if _, ok, err := s.ClaimFeed(ctx, f.URL, "replica-2", 10*time.Minute, true); !ok || err != nil {
					t.Fatalf("poll %d: claim %v, %v", i, ok, err)
				}
			}
			owner := map[bool]string{true: "replica-1", false: "replica-2"}[i == 0]
			if err := s.FinishFeedPoll(ctx, f.URL, owner, p); err != nil {
				t.Fatal(err)
			}
		}
		got, _ = s.Feeds(ctx)
		g := got[0]
		if g.Title != "Example news" || g.ETag != `"e1"` || g.Items != 3 || g.Failures != 3 || !g.FailingSince.Equal(t0.Add(time.Hour)) ||
			g.Error != "example.com took over 15s to answer" || !g.LastPoll.Equal(t0.Add(4*time.Hour)) || !g.NextPoll.Equal(t0.Add(8*time.Hour)) {
			t.Errorf("after four polls: %+v", g)
		}
		failing, err := s.FailingFeeds(ctx)
		if err != nil || len(failing) != 1 {
			t.Errorf("failing: %v, %v", failing, err)
		}
		a, err := s.ActivityBetween(ctx, t0, t0.Add(24*time.Hour))
		if err != nil || len(a.FailingFeeds) != 1 || a.FailingFeeds[0].URL != f.URL {
			t.Errorf("the digest's failing feeds: %+v, %v", a.FailingFeeds, err)
		}
		c.t = t0.Add(8 * time.Hour)
		if _, ok, _ := s.ClaimFeed(ctx, f.URL, "replica-1", time.Minute, true); !ok {
			t.Fatal("claim after the failures")
		}
		if err := s.FinishFeedPoll(ctx, f.URL, "replica-1", FeedPoll{At: c.t, NextPoll: c.t.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Feeds(ctx)
		if g := got[0]; g.Failures != 0 || g.Error != "" || !g.FailingSince.IsZero() || g.Title != "Example news" {
			t.Errorf("a poll that went well: %+v", g)
		}

		if err := s.RecordFeedItems(ctx, f.URL, []FeedItem{{Key: "a", Link: "https://example.com/a", DocID: "a", Outcome: OutcomeAdded}}); err != nil {
			t.Fatal(err)
		}
		if gone, ok, err := s.UnfollowFeed(ctx, "https://example.com/"); !ok || err != nil || gone.URL != f.URL {
			t.Fatalf("unfollow by its site: %+v, %v, %v", gone, ok, err)
		}
		if items, _ := s.FeedItems(ctx, f.URL); len(items) != 0 {
			t.Errorf("items of a feed unfollowed: %v", items)
		}
		if _, ok, err := s.UnfollowFeed(ctx, f.URL); ok || err != nil {
			t.Errorf("unfollow twice: %v, %v", ok, err)
		}
		if _, ok, _ := s.ClaimFeed(ctx, f.URL, "replica-1", time.Minute, false); ok {
			t.Error("claimed a feed no longer followed")
		}
	})
}

// Items are recorded once per key, in batches beyond the statement's
// size; one seen again counts an attempt more; the digest names the feed
// and who followed it beside a document it added.
func TestFeedItems(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		c := &clock{t: t0}
		s := b.store(t, b.fresh(t), c)
		ctx := context.Background()
		feed := "https://example.com/feed.xml"
		if _, err := s.FollowFeed(ctx, Feed{URL: feed, Title: "Example", Every: time.Hour, AddedBy: "U7", AddedAt: t0, NextPoll: t0}); err != nil {
			t.Fatal(err)
		}
		var many []FeedItem
		for i := range 2*feedItemBatch + 7 {
			many = append(many, FeedItem{Key: fmt.Sprint("old-", i), Link: fmt.Sprint("https://example.com/old/", i), Outcome: ItemBefore})
		}
		many = append(many, FeedItem{Key: "new", Link: "https://example.com/new", DocID: "new", Outcome: OutcomeFailed, Detail: "timeout"})
		many = append(many, FeedItem{Key: "new", Link: "https://example.com/new", DocID: "new", Outcome: OutcomeFailed, Detail: "timeout again"})
		if err := s.RecordFeedItems(ctx, feed, many); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordFeedItems(ctx, feed, []FeedItem{{Key: "new", Link: "https://example.com/new", DocID: "new", Outcome: OutcomeAdded}}); err != nil {
			t.Fatal(err)
		}
		items, err := s.FeedItems(ctx, feed)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2*feedItemBatch+8 {
			t.Errorf("%d items recorded, want %d", len(items), 2*feedItemBatch+8)
		}
		if it := items["new"]; it.Outcome != OutcomeAdded || it.Attempts != 2 || it.DocID != "new" {
			t.Errorf("the item tried twice: %+v", it)
		}
		if err := s.NoteDocuments(ctx, []Document{{ID: "new", Title: "New", FirstSeen: t0}}); err != nil {
			t.Fatal(err)
		}
		a, err := s.ActivityBetween(ctx, t0.Add(-time.Hour), t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := []Document{{ID: "new", Title: "New", FirstSeen: t0, AddedBy: "U7", Feed: "Example"}}
		if diff := cmp.Diff(want, a.NewDocuments, cmpTimes); diff != "" {
			t.Errorf("new documents (-want +got):\n%s", diff)
		}
	})
}

// Replicas racing for a feed: one claims it.
func TestClaimFeedRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		where := b.fresh(t)
		c := &clock{t: t0}
		rs := b.replicas(t, where, c, 4)
		ctx := context.Background()
		feed := "https://example.com/feed.xml"
		if _, err := rs[0].FollowFeed(ctx, Feed{URL: feed, Title: "Example", Every: time.Hour, AddedAt: t0, NextPoll: t0}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		claimed := 0
		for i, r := range rs {
			wg.Go(func() {
				_, ok, err := r.ClaimFeed(ctx, feed, fmt.Sprint("replica-", i), time.Minute, true)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					claimed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if claimed != 1 {
			t.Errorf("%d replicas claimed the feed, want 1", claimed)
		}
		c.add(2 * time.Minute) // the lease ran out: its replica died
		if _, ok, err := rs[3].ClaimFeed(ctx, feed, "replica-3", time.Minute, true); !ok || err != nil {
			t.Errorf("taking over after the lease: %v, %v", ok, err)
		}
	})
}

// A channel's scope is set, replaced, read, listed and cleared.
func TestScopes(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.store(t, b.fresh(t), &clock{t: t0})
		ctx := context.Background()
		if _, ok, err := s.ChannelScope(ctx, "C1"); ok || err != nil {
			t.Fatalf("no scope yet: %v, %v", ok, err)
		}
		for _, sc := range []Scope{
			{Channel: "C1", Filter: "tag:robotics", SetBy: "U1", At: t0},
			{Channel: "C2", Filter: "source:reuters", SetBy: "U1", At: t0},
			{Channel: "C1", Filter: "tag:robotics source:reuters", SetBy: "U2", At: t0.Add(time.Minute)},
		} {
			if err := s.SetScope(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
		got, ok, err := s.ChannelScope(ctx, "C1")
		if want := (Scope{Channel: "C1", Filter: "tag:robotics source:reuters", SetBy: "U2", At: t0.Add(time.Minute)}); !ok || err != nil || !cmp.Equal(want, got, cmpTimes) {
			t.Errorf("C1: %+v, %v, %v", got, ok, err)
		}
		all, err := s.Scopes(ctx)
		if err != nil || len(all) != 2 || all[0].Channel != "C1" || all[1].Filter != "source:reuters" {
			t.Errorf("scopes: %+v, %v", all, err)
		}
		if cleared, err := s.ClearScope(ctx, "C1"); !cleared || err != nil {
			t.Errorf("clear: %v, %v", cleared, err)
		}
		if cleared, err := s.ClearScope(ctx, "C1"); cleared || err != nil {
			t.Errorf("clear again: %v, %v", cleared, err)
		}
		if _, ok, _ := s.ChannelScope(ctx, "C1"); ok {
			t.Error("a cleared scope is still there")
		}
	})
}
