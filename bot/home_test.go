package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/store"
)

func TestHomeViewGolden(t *testing.T) {
	e, c := testEngine(t)
	b := New(nil, nil, e, testCorpus{c}, slog.New(slog.DiscardHandler), nil, Options{})
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	d := digest.Digest{Date: day, Fact: digest.FactOfTheDay(facts.Extract(c), day)}
	v := HomeView(Home{Topic: corpus.BuiltinTopic, Documents: c.Docs, Figures: len(testCorpus{c}.Facts().Facts), Examples: b.exampleQuestions(context.Background(), homeExamples),
		Digest: &d, DigestChannel: "CDIGEST", Recent: []string{"how many GenAI patents did China file?", "who wrote the article?"}})
	if err := checkBlocks(v.Blocks.BlockSet, maxHomeBlocks); err != nil {
		t.Errorf("home view breaks a Block Kit limit: %v", err)
	}
	golden(t, "home", Message{Text: "App Home", Blocks: v.Blocks.BlockSet})
	scoped := HomeView(Home{Topic: corpus.BuiltinTopic, Documents: c.Docs, Figures: len(testCorpus{c}.Facts().Facts),
		Scopes: []store.Scope{{Channel: "C0ROBOTS", Filter: "tag:robotics source:reuters"}, {Channel: "C0POLICY", Filter: "tag:policy since:2025"}, {Channel: "<!here>", Filter: "tag:x"}}})
	golden(t, "home-scopes", Message{Text: "App Home", Blocks: scoped.Blocks.BlockSet})
	if len(b.exampleQuestions(context.Background(), homeExamples)) != homeExamples {
		t.Errorf("fewer than %d example questions the corpus answers", homeExamples)
	}
}

// Example questions are made from the corpus's figures and each is
// answered by the engine with the figure it was made from.
func TestExampleQuestionsAreAnswered(t *testing.T) {
	e, c := testEngine(t)
	b := New(nil, nil, e, testCorpus{c}, slog.New(slog.DiscardHandler), nil, Options{})
	qs := b.exampleQuestions(context.Background(), homeExamples)
	if len(qs) == 0 {
		t.Fatal("no example question")
	}
	for _, q := range qs {
		res, err := e.Ask(context.Background(), q, 0)
		if err != nil || !res.Answered || res.Answer.Figure == "" {
			t.Errorf("%q: answered %v (%s), err %v", q, res.Answered, res.Refusal, err)
		}
	}
}

// End to end: app_home_opened in, views.publish out for that user, with the
// user's own question, examples and the latest digest from the store.
func TestAppHomeThroughSlack(t *testing.T) {
	f := fakeslack.New(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if _, err := st.ClaimDigest(ctx, slot, "CDIGEST", "test", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkDigest(ctx, slot, store.StatePosted, "1700000000.000001"); err != nil {
		t.Fatal(err)
	}
	e, c := testEngine(t)
	set := facts.Extract(c)
	digestOf := func(ctx context.Context, s time.Time) (digest.Digest, error) {
		return digest.Digest{Date: s, Fact: digest.FactOfTheDay(set, s)}, nil
	}
	api := slackAPI(f)
	b := New(api, socketmode.New(api), e, testCorpus{c}, slog.New(slog.DiscardHandler), nil, Options{Store: st, Digest: digestOf})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	defer func() { cancel(); <-done }()
	f.WaitConnected()
	f.Send("events_api", f.Mention("EvH1", "C1", "1700000300.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	f.Send("events_api", f.HomeOpened("EvH2", "U1"), 0)
	f.WaitFor("the published view", func() bool { return len(f.Views()) == 1 })
	v := f.Views()[0]
	if v.UserID != "U1" || v.View["type"] != "home" {
		t.Errorf("published %q for %q, want the home view of U1", v.View["type"], v.UserID)
	}
	for _, want := range []string{"who wrote the article?", "Your recent questions", "Latest digest", "Thursday 26 November 2026", "\\u003c#CDIGEST\\u003e", "• “How m", "Fact of the day"} {
		if !strings.Contains(v.Raw, want) {
			t.Errorf("home view lacks %q:\n%s", want, v.Raw)
		}
	}
	var blocks slack.Blocks
	if err := blocks.UnmarshalJSON([]byte(mustJSON(t, v.View["blocks"]))); err != nil {
		t.Fatal(err)
	}
	if err := checkBlocks(blocks.BlockSet, maxHomeBlocks); err != nil {
		t.Errorf("published home view breaks a limit: %v", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
