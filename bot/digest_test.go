package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/store"
)

func TestDigestMessageGolden(t *testing.T) {
	_, c := testEngine(t)
	set := facts.Extract(c)
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	busy := digest.Digest{Date: day, Fact: digest.FactOfTheDay(set, day), Activity: store.Activity{
		NewDocuments: []store.Document{
			{ID: "zephyr-raises", Title: "Zephyr Labs raises $42 million", AddedBy: "U0CURATOR"},
			{ID: "fixture-ai-funding-2025", Title: "Test fixture: China's AI funding round-up"},
			{ID: "odd", Title: "Added by an id that is not one", AddedBy: "<!here>"},
		},
		Unanswered:      []string{"how many AI startups in Japan?", "what did <Baidu> spend on R&D?"},
		UnansweredCount: 7,
		MostAsked:       []store.Asked{{Question: "how much private GenAI investment in China 2023?", Count: 12}, {Question: "who wrote the article?", Count: 3}},
		DownVotes:       2,
	}}
	golden(t, "digest", DigestMessage(busy))
	feedDocs := []store.Document{{ID: "odd", Title: "Added by an id that is not one", AddedBy: "<!here>"}}
	for i, title := range []string{"Aurora Robotics raises $18 million", "Kestrel Drones delivers 42,000 parcels", "Lumen Chips sells 3,500 inference cards", "Nimbus Batteries raises $55 million", "Orca Ships orders two LNG carriers"} {
		feedDocs = append(feedDocs, store.Document{ID: fmt.Sprint("wire-", i), Title: title, Feed: "Factory Floor", AddedBy: "U0CURATOR"})
	}
	feedDocs = append(feedDocs, store.Document{ID: "zephyr-raises", Title: "Zephyr Labs raises $42 million", AddedBy: "U0ADA"},
		store.Document{ID: "drone", Title: "Drone corridors open over Shenzhen Bay", Feed: "Drone Notes <!channel>"})
	withFeeds := digest.Digest{Date: day, Fact: digest.FactOfTheDay(set, day), Activity: store.Activity{
		NewDocuments: feedDocs,
		FailingFeeds: []store.Feed{{Title: "Gone Daily", URL: "https://gone.example/feed", Error: "gone.example answered 404 Not Found", Failures: 5}},
	}}
	golden(t, "digest-feeds", DigestMessage(withFeeds))
	golden(t, "digest-quiet", DigestMessage(digest.Digest{Date: day.AddDate(0, 0, 1), Fact: digest.FactOfTheDay(set, day.AddDate(0, 0, 1))}))
}

func slackAPI(f *fakeslack.Server) *slack.Client {
	return slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(f.URL()+"/api/"), RetryOption(time.Second))
}

// End to end: two bot processes sharing a store, each with its scheduler;
// the digest arrives in the channel once, at its slot.
func TestDigestArrivesOnceAtItsSlot(t *testing.T) {
	f := fakeslack.New(t)
	path := filepath.Join(t.TempDir(), store.FileName)
	cfg, err := digest.ParseConfig(func(k string) string {
		return map[string]string{"DIGEST_CHANNEL": "CDIGEST", "DIGEST_SCHEDULE": "0 9 * * *"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	// The clock says 08:59:59.7 when the test starts, and runs.
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	offset := slot.Add(-300 * time.Millisecond).Sub(time.Now())
	now := func() time.Time { return time.Now().Add(offset) }
	_, c := testEngine(t)
	set := facts.Extract(c)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, owner := range []string{"replica-a", "replica-b"} {
		st, err := store.Open(ctx, path, store.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		s := digest.NewScheduler(cfg, st, NewDigestPoster(slackAPI(f)), func() *facts.Set { return set },
			slog.New(slog.NewTextHandler(io.Discard, nil)), owner, now, time.After)
		wg.Go(func() { s.Run(ctx) })
	}
	f.WaitFor("the digest", func() bool { return len(f.Posts()) >= 1 })
	time.Sleep(500 * time.Millisecond) // both replicas have had their chance
	cancel()
	wg.Wait()
	posts := f.Posts()
	if len(posts) != 1 || posts[0].Channel != "CDIGEST" || !strings.Contains(posts[0].Blocks, "Fact of the day") {
		t.Fatalf("posts = %+v, want one digest in CDIGEST", posts)
	}
	if !strings.Contains(posts[0].Metadata, digestEventType) {
		t.Errorf("digest posted without its metadata: %q", posts[0].Metadata)
	}
	// A process taking over after a crash finds it by its metadata.
	ts, found, err := NewDigestPoster(slackAPI(f)).FindDigest(context.Background(), "CDIGEST", slot)
	if err != nil || !found || ts != posts[0].TS {
		t.Errorf("FindDigest = %q %v %v, want %q", ts, found, err, posts[0].TS)
	}
	if _, found, _ := NewDigestPoster(slackAPI(f)).FindDigest(context.Background(), "CDIGEST", slot.Add(24*time.Hour)); found {
		t.Error("FindDigest found tomorrow's digest")
	}
}

// With a state store, questions and feedback are recorded, and an event
// answered before a restart is not answered again after it.
func TestMemoryAcrossRestart(t *testing.T) {
	f := fakeslack.New(t)
	path := filepath.Join(t.TempDir(), store.FileName)
	e, c := testEngine(t)
	run := func() (*store.Store, context.CancelFunc, chan error) {
		st, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		api := slackAPI(f)
		b := New(api, socketmode.New(api), e, testCorpus{c}, slog.New(slog.DiscardHandler), nil, Options{Store: st})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- b.Run(ctx) }()
		f.WaitConnected()
		return st, cancel, done
	}
	st, cancel, done := run()
	mention := f.Mention("EvM", "C1", "1700000090.000100", "", "how many AI startups in Japan?")
	f.Send("events_api", mention, 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	f.Send("interactive", f.Click(ActionFeedbackDown, `{"q":"how many AI startups in Japan?"}`, "fb"), 0)
	f.WaitFor("the feedback reply", func() bool { return len(f.Responses()) == 1 })
	cancel()
	<-done
	st.Close()

	st, cancel, done = run() // a restart; Slack redelivers the unacked-looking event
	defer func() { cancel(); <-done; st.Close() }()
	f.Send("events_api", mention, 1)
	f.Send("events_api", f.Mention("EvN", "C1", "1700000091.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the new question's answer", func() bool { return len(f.Posts()) >= 2 })
	time.Sleep(100 * time.Millisecond)
	if n := len(f.Posts()); n != 2 {
		t.Errorf("%d posts, want 2: the redelivered event was answered again", n)
	}
	a, err := st.ActivityBetween(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if a.UnansweredCount != 1 || len(a.MostAsked) != 2 || a.DownVotes != 1 {
		t.Errorf("activity = %+v, want 1 unanswered, 2 questions, 1 👎", a)
	}
}
