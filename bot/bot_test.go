package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/store"
)

// testCorpus is the built-in corpus as the bot sees it.
type testCorpus struct{ c *corpus.Corpus }

func (t testCorpus) Facts() *facts.Set             { return facts.Extract(t.c) }
func (t testCorpus) Documents() []*corpus.Document { return t.c.Docs }

// gatedAnswerer wraps the real engine: it panics on questions containing
// "PANIC", and, when gate is set, holds every answer until gate closes.
type gatedAnswerer struct {
	e    *answer.Engine
	gate chan struct{}
}

func (g *gatedAnswerer) Ask(ctx context.Context, q string, k int) (answer.Result, error) {
	if strings.Contains(q, "PANIC") {
		panic("a handler blew up")
	}
	if g.gate != nil {
		select {
		case <-g.gate:
		case <-ctx.Done():
			return answer.Result{}, ctx.Err()
		}
	}
	return g.e.Ask(ctx, q, k)
}

type harness struct {
	fake   *fakeslack.Server
	bot    *Bot
	cancel context.CancelFunc
	done   chan error
	logs   *fakeslack.Log
}

var (
	sharedEngineOnce sync.Once
	sharedEngine     *answer.Engine
	sharedCorpus     *corpus.Corpus
)

func testEngine(t testing.TB) (*answer.Engine, *corpus.Corpus) {
	sharedEngineOnce.Do(func() {
		// Shared by the tests of the package and never closed: a test's
		// cleanup must not close the index under the next test.
		c, _, err := corpus.Load(corpus.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ix, err := index.NewMemory(c)
		if err != nil {
			t.Fatal(err)
		}
		sharedEngine, sharedCorpus = answer.New(c, ix, answer.DefaultAliases()), c
	})
	return sharedEngine, sharedCorpus
}

// start runs a bot against a fresh fake Slack through slack-go's real
// clients, with a state store of its own unless opts has one.
func start(t testing.TB, ans Answerer, opts Options) *harness {
	t.Helper()
	return startOn(t, fakeslack.New(t), ans, opts)
}

// startOn runs a bot against f, where other bots (replicas) may run too.
func startOn(t testing.TB, f *fakeslack.Server, ans Answerer, opts Options) *harness {
	t.Helper()
	_, c := testEngine(t)
	return startWith(t, f, ans, testCorpus{c}, opts)
}

// startWith runs a bot against f showing the corpus c.
func startWith(t testing.TB, f *fakeslack.Server, ans Answerer, c Corpus, opts Options) *harness {
	t.Helper()
	if ans == nil {
		e, _ := testEngine(t)
		ans = e
	}
	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(f.URL()+"/api/"),
		RetryOption(time.Second))
	sm := socketmode.New(api, socketmode.OptionPingInterval(5*time.Second))
	logs := &fakeslack.Log{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs), &slog.HandlerOptions{Level: slog.LevelDebug}))
	if opts.Store == nil {
		opts.Store = testStore(t)
	}
	b := New(api, sm, ans, c, log, nil, opts)
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{fake: f, bot: b, cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(15 * time.Second):
			t.Error("bot did not stop")
		}
	})
	return h
}

// testStore is a new SQLite state store, closed when t ends.
func testStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func (h *harness) connected(t testing.TB) *harness {
	t.Helper()
	h.fake.WaitConnected()
	return h
}

func TestMentionIsAnsweredInItsThread(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	env := h.fake.Send("events_api", h.fake.Mention("Ev1", "C1", "1700000001.000100", "", "how much private GenAI investment in China 2023?"), 0)
	h.fake.WaitFor("one post", func() bool { return len(h.fake.Posts()) == 1 })
	p := h.fake.Posts()[0]
	if p.Channel != "C1" || p.ThreadTS != "1700000001.000100" {
		t.Errorf("posted to %s thread %q, want C1 thread of the mention", p.Channel, p.ThreadTS)
	}
	if !strings.Contains(p.Blocks, bold("$650 million")) || !strings.Contains(p.Blocks, "Stanford 2024 AI Index Report") || p.Text == "" {
		t.Errorf("answer lacks the bold figure, the citation or the fallback text: %s", p.Blocks)
	}
	h.fake.WaitFor("the ack", func() bool { return h.fake.Acks(env) == 1 })
}

// A redelivery (same event_id, retry_attempt 1) and the same mention
// delivered as a message event are answered once; every envelope is acked.
func TestDuplicatesAreAnsweredOnce(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	ts := "1700000002.000100"
	e1 := f.Send("events_api", f.Mention("Ev2", "C1", ts, "", "how many GenAI patents did China file?"), 0)
	e2 := f.Send("events_api", f.Mention("Ev2", "C1", ts, "", "how many GenAI patents did China file?"), 1)
	e3 := f.Send("events_api", f.Message("Ev3", "C1", "channel", ts, "", "<@UBOT> how many GenAI patents did China file?", nil), 0)
	f.WaitFor("three acks", func() bool { return f.Acks(e1) == 1 && f.Acks(e2) == 1 && f.Acks(e3) == 1 })
	f.WaitFor("one post", func() bool { return len(f.Posts()) >= 1 })
	// A later, different question proves the pipeline is idle, not slow.
	f.Send("events_api", f.Mention("Ev4", "C1", "1700000003.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the second post", func() bool { return len(f.Posts()) >= 2 })
	if n := len(f.Posts()); n != 2 {
		t.Errorf("%d posts, want 2 (one per distinct message)", n)
	}
}

// The bot's own messages, other bots' and message subtypes get no reply.
func TestIgnoresBotsAndSubtypes(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	for i, extra := range []map[string]any{
		{"bot_id": "B2"},
		{"user": "UBOT"},
		{"subtype": "message_changed"},
		{"subtype": "channel_join"},
	} {
		f.Send("events_api", f.Message("Ign"+string(rune('a'+i)), "D1", "im", "1700000010.00010"+string(rune('0'+i)), "", "how much investment?", extra), 0)
	}
	f.Send("events_api", f.Message("Ign-other-channel", "C9", "channel", "1700000011.000100", "", "how much investment?", nil), 0)
	f.Send("events_api", f.Message("Real", "D1", "im", "1700000012.000100", "", "how much private GenAI investment in China 2023?", nil), 0)
	f.WaitFor("the DM answer", func() bool { return len(f.Posts()) >= 1 })
	time.Sleep(100 * time.Millisecond)
	posts := f.Posts()
	if len(posts) != 1 || posts[0].Channel != "D1" || posts[0].ThreadTS != "" {
		t.Errorf("posts = %+v, want only the DM answer, in the DM itself", posts)
	}
}

// A follow-up in a thread the bot answered is answered without a mention,
// with the earlier question as context.
func TestThreadFollowUp(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	root := "1700000020.000100"
	f.Send("events_api", f.Mention("Ev20", "C1", root, "", "how much private GenAI investment in China 2023?"), 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	f.Send("events_api", f.Message("Ev21", "C1", "channel", "1700000021.000100", root, "and the US?", nil), 0)
	f.WaitFor("the follow-up answer", func() bool { return len(f.Posts()) == 2 })
	p := f.Posts()[1]
	if p.ThreadTS != root || !strings.Contains(p.Blocks, bold("$22.46bn")) {
		t.Errorf("follow-up answer in thread %q: %s", p.ThreadTS, p.Blocks)
	}
}

// In a DM without threads, a short follow-up right after a question
// continues it.
func TestDMFollowUp(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	f.Send("events_api", f.Message("EvD1", "D7", "im", "1700000200.000100", "", "how much private GenAI investment in China 2023?", nil), 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	f.Send("events_api", f.Message("EvD2", "D7", "im", "1700000201.000100", "", "and the US?", nil), 0)
	f.WaitFor("the follow-up answer", func() bool { return len(f.Posts()) == 2 })
	if p := f.Posts()[1]; p.Channel != "D7" || !strings.Contains(p.Blocks, bold("$22.46bn")) {
		t.Errorf("DM follow-up: %s", p.Blocks)
	}
}

func TestSlashCommands(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	tests := []struct {
		text string
		want []string
	}{
		{"help", []string{"/landscape stats", "/landscape sources"}},
		{"", []string{"/landscape stats"}},
		{"stats patents", []string{"38,000", "6.05×", "six times"}},
		{"sources", []string{"What’s happening with GenAI in China?", "1 document,"}},
		{"how much private GenAI investment in China 2023?", []string{bold("$650 million"), `"action_id":"share"`, `"response_type":"ephemeral"`}},
	}
	for i, tt := range tests {
		id := string(rune('a' + i))
		env := f.Send("slash_commands", f.Slash(tt.text, id), 0)
		f.WaitFor("response "+id, func() bool {
			for _, r := range f.Responses() {
				if r.Path == "/response/"+id {
					return true
				}
			}
			return false
		})
		for _, r := range f.Responses() {
			if r.Path != "/response/"+id {
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Raw, w) {
					t.Errorf("/landscape %s: response lacks %q: %s", tt.text, w, r.Raw)
				}
			}
		}
		f.WaitFor("ack", func() bool { return f.Acks(env) == 1 })
	}
}

func TestButtons(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	ref := `{"q":"how much private GenAI investment in China 2023?","page":1}`
	f.Send("interactive", f.Click(ActionMore, ref, "more"), 0)
	f.Send("interactive", f.Click(ActionShare, `{"q":"how much private GenAI investment in China 2023?"}`, "share"), 0)
	f.Send("interactive", f.Click(ActionFeedbackDown, `{"q":"x"}`, "fb"), 0)
	f.Send("interactive", f.Click(ActionStatsPage, `{"topic":"","page":1}`, "stats"), 0)
	f.WaitFor("four responses and the shared post", func() bool { return len(f.Responses()) == 4 && len(f.Posts()) == 1 })
	f.Send("interactive", f.Click(ActionShareStats, `{"topic":"patents","page":0}`, "sharestats"), 0)
	f.WaitFor("the shared stats", func() bool { return len(f.Responses()) == 5 && len(f.Posts()) == 2 })
	if p := f.Posts()[1]; !strings.Contains(p.Blocks, "38,000") || strings.Contains(p.Blocks, ActionShareStats) {
		t.Errorf("shared stats (public, without a share button): %s", p.Blocks)
	}
	got := map[string]string{}
	for _, r := range f.Responses() {
		got[r.Path] = r.Raw
	}
	if !strings.Contains(got["/response/more"], "More passages") {
		t.Errorf("more: %s", got["/response/more"])
	}
	if !strings.Contains(got["/response/share"], `"delete_original":true`) {
		t.Errorf("share did not remove the private copy: %s", got["/response/share"])
	}
	if p := f.Posts()[0]; p.Channel != "C1" || !strings.HasPrefix(p.Blocks, `[{"type":"context","elements":[{"type":"mrkdwn","text":"\u003c@U1\u003e asked “how much`) {
		t.Errorf("shared post: %+v", p)
	}
	if !strings.Contains(got["/response/fb"], "noted") {
		t.Errorf("feedback: %s", got["/response/fb"])
	}
	if !strings.Contains(got["/response/stats"], `"replace_original":true`) || !strings.Contains(got["/response/stats"], "60 billion yuan") {
		t.Errorf("stats page: %s", got["/response/stats"])
	}
}

// An envelope slack-go cannot parse is still acked (from the raw message)
// and the bot keeps serving; so does it after a handler panics.
func TestBadEnvelopeAndPanic(t *testing.T) {
	e, _ := testEngine(t)
	h := start(t, &gatedAnswerer{e: e}, Options{}).connected(t)
	f := h.fake
	f.SendRaw("bad-1", map[string]any{"envelope_id": "bad-1", "type": "events_api", "payload": "not an object"})
	f.SendRaw("bad-2", map[string]any{"envelope_id": "bad-2", "type": "no_such_type", "payload": map[string]any{}})
	f.Send("events_api", f.Mention("EvP", "C1", "1700000030.000100", "", "PANIC now"), 0)
	f.Send("events_api", f.Mention("EvQ", "C1", "1700000031.000100", "", "how much private GenAI investment in China 2023?"), 0)
	f.WaitFor("acks of the bad envelopes", func() bool { return f.Acks("bad-1") == 1 && f.Acks("bad-2") == 1 })
	// Envelopes are claimed concurrently, so the answer may come first.
	f.WaitFor("the answer and the logged panic", func() bool {
		return len(f.Posts()) == 1 && strings.Contains(h.logs.String(), "handler panicked")
	})
}

// With every worker busy and the queue full, the bot replies "busy" at once
// instead of blocking the socket; acks keep flowing.
func TestBusyWhenSaturated(t *testing.T) {
	e, _ := testEngine(t)
	g := &gatedAnswerer{e: e, gate: make(chan struct{})}
	h := start(t, g, Options{Workers: 1, Queue: 1}).connected(t)
	f := h.fake
	var envs []string
	for i := range 4 {
		ts := fmt.Sprintf("1700000040.%06d", i)
		envs = append(envs, f.Send("events_api", f.Mention("EvB"+ts, "C1", ts, "", "how many GenAI patents did China file?"), 0))
	}
	f.WaitFor("acks and busy replies", func() bool {
		for _, e := range envs {
			if f.Acks(e) != 1 {
				return false
			}
		}
		return len(f.Posts()) >= 2
	})
	for _, p := range f.Posts() {
		if !strings.Contains(p.Text, "try again") {
			t.Errorf("while saturated, a post that is not a busy reply: %q", p.Text)
		}
	}
	close(g.gate)
	f.WaitFor("the two queued answers", func() bool { return len(f.Posts()) == 4 })
}

// HTTP 429 from chat.postMessage: the client waits Retry-After and retries;
// the answer arrives once.
func TestRateLimitedPostIsRetried(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	f.RateLimited.Store(1)
	f.Send("events_api", f.Mention("Ev429", "C1", "1700000050.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the answer after the 429", func() bool { return len(f.Posts()) == 1 })
	time.Sleep(50 * time.Millisecond)
	if n := len(f.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

// A transient server error: retried with backoff, the answer not lost.
func TestServerErrorIsRetried(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	f.ServerError.Store(2)
	f.Send("events_api", f.Mention("Ev503", "C1", "1700000055.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the answer after two 503s", func() bool { return len(f.Posts()) == 1 })
}

// Slack's disconnect request and a dropped socket: the bot reconnects and
// keeps answering.
func TestReconnects(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	f.Disconnect("refresh_requested")
	f.WaitConnected()
	f.Disconnect("warning")
	f.WaitConnected()
	f.Send("events_api", f.Mention("EvR1", "C1", "1700000060.000100", "", "who wrote the article?"), 0)
	f.WaitFor("an answer after the refresh", func() bool { return len(f.Posts()) == 1 })
	f.Drop()
	f.WaitConnected()
	f.Send("events_api", f.Mention("EvR2", "C1", "1700000061.000100", "", "who wrote the article?"), 0)
	f.WaitFor("an answer after the drop", func() bool { return len(f.Posts()) == 2 })
	if n := f.Opens.Load(); n < 4 {
		t.Errorf("apps.connections.open called %d times, want a fresh URL per connection (4)", n)
	}
	if !h.bot.Connected() {
		t.Error("not connected after reconnecting")
	}
}

// A rejected token ends Run with an error naming the variable, without
// looping, and without the token in it.
func TestInvalidTokensStopTheBot(t *testing.T) {
	for _, tc := range []struct {
		name, variable string
		set            func(*fakeslack.Server)
	}{
		{"bot token", "SLACK_BOT_TOKEN", func(f *fakeslack.Server) { f.BadBotToken.Store(true) }},
		{"app token", "SLACK_APP_TOKEN", func(f *fakeslack.Server) { f.BadAppToken.Store(true) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeslack.New(t)
			tc.set(f)
			e, c := testEngine(t)
			api := slack.New("xoxb-secret-1", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(f.URL()+"/api/"))
			b := New(api, socketmode.New(api), e, testCorpus{c}, slog.New(slog.DiscardHandler), nil, Options{Store: testStore(t)})
			done := make(chan error, 1)
			go func() { done <- b.Run(context.Background()) }()
			select {
			case err := <-done:
				if !errors.Is(err, ErrInvalidAuth) || !strings.Contains(err.Error(), tc.variable) || strings.Contains(err.Error(), "secret") {
					t.Errorf("Run = %v; want ErrInvalidAuth naming %s, without the token", err, tc.variable)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run kept going with a rejected token")
			}
		})
	}
}

// On shutdown the bot stops taking work but finishes the answer in flight.
func TestShutdownFinishesInFlight(t *testing.T) {
	e, _ := testEngine(t)
	g := &gatedAnswerer{e: e, gate: make(chan struct{})}
	h := start(t, g, Options{}).connected(t)
	f := h.fake
	env := f.Send("events_api", f.Mention("EvS", "C1", "1700000070.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the ack", func() bool { return f.Acks(env) == 1 })
	h.cancel()
	time.AfterFunc(100*time.Millisecond, func() { close(g.gate) })
	select {
	case err := <-h.done:
		h.done <- err // for the cleanup
		if err != nil {
			t.Errorf("Run = %v, want nil on shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if n := len(f.Posts()); n != 1 {
		t.Errorf("%d posts after shutdown, want the in-flight answer", n)
	}
}

// loadRun sends n mentions, never more than inFlight unanswered, and
// returns the ack latencies, sorted.
func loadRun(t testing.TB, h *harness, n, inFlight int) []time.Duration {
	f := h.fake
	var envs []string
	for i := range n {
		if i >= inFlight {
			f.WaitFor("room in flight", func() bool { return len(f.Posts()) > i-inFlight })
		}
		ts := fmt.Sprintf("1700001000.%06d", i)
		envs = append(envs, f.Send("events_api", f.Mention(fmt.Sprintf("L%d", i), "C1", ts, "", "how much private GenAI investment in China 2023?"), 0))
	}
	f.WaitFor("every answer", func() bool { return len(f.Posts()) >= n })
	var lat []time.Duration
	f.WaitFor("every ack", func() bool {
		var ok bool
		lat, ok = f.AckLatencies(envs)
		return ok
	})
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat
}

// 500 mentions at 50 in flight: every one acked within 3 s and answered
// exactly once.
func TestLoad500(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	h := start(t, nil, Options{}).connected(t)
	lat := loadRun(t, h, 500, 50)
	if max := lat[len(lat)-1]; max > 3*time.Second {
		t.Errorf("slowest ack %v, Slack's limit is 3 s", max)
	}
	posts := h.fake.Posts()
	threads := map[string]int{}
	for _, p := range posts {
		threads[p.ThreadTS]++
	}
	if len(posts) != 500 || len(threads) != 500 {
		t.Errorf("%d posts in %d threads, want 500 answers, one per mention", len(posts), len(threads))
	}
	t.Logf("ack latency p50 %v, p99 %v, max %v", lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1])
}

// BenchmarkLoad500 is the load test as a benchmark: 500 mentions, 50 in
// flight, through the fake Slack; it reports ack latency percentiles.
func BenchmarkLoad500(b *testing.B) {
	var p50, p99 []time.Duration
	for b.Loop() {
		b.StopTimer()
		h := start(b, nil, Options{}).connected(b)
		b.StartTimer()
		lat := loadRun(b, h, 500, 50)
		p50, p99 = append(p50, lat[len(lat)/2]), append(p99, lat[len(lat)*99/100])
	}
	sort.Slice(p50, func(i, j int) bool { return p50[i] < p50[j] })
	sort.Slice(p99, func(i, j int) bool { return p99[i] < p99[j] })
	b.ReportMetric(float64(p50[len(p50)/2].Microseconds())/1000, "ack-p50-ms")
	b.ReportMetric(float64(p99[len(p99)/2].Microseconds())/1000, "ack-p99-ms")
	b.ReportMetric(500*float64(b.N)/b.Elapsed().Seconds(), "answers/s")
}

// A mention that asks nothing gets a prompt naming what the deployment
// covers, with a question the corpus answers.
func TestEmptyMentionPrompts(t *testing.T) {
	h := start(t, nil, Options{Topic: "generative AI in China"}).connected(t)
	f := h.fake
	f.Send("events_api", f.Mention("EvE", "C1", "1700000080.000100", "", "<@UBOT>"), 0)
	f.WaitFor("the prompt", func() bool { return len(f.Posts()) == 1 })
	if p := f.Posts()[0]; !strings.Contains(p.Text, "Ask me a question about generative AI in China, e.g. “How much") || p.ThreadTS != "1700000080.000100" {
		t.Errorf("prompt: %+v", p)
	}
}
