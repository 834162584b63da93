package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/bot"
	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/internal/hostile"
	"github.com/landscape-bot/landscape/store"
)

func TestServeConfigErrors(t *testing.T) {
	const bot, app = "xoxb-1111-2222-abcdefghijkl", "xapp-1-A111-2222-abcdef0123"
	tests := []struct {
		name string
		env  map[string]string
		want []string // in the error, in order of importance
	}{
		{"both missing", map[string]string{}, []string{"SLACK_BOT_TOKEN is not set", `"xoxb-"`, "OAuth & Permissions", "SLACK_APP_TOKEN is not set", `"xapp-"`, "App-Level Tokens"}},
		{"swapped", map[string]string{"SLACK_BOT_TOKEN": app, "SLACK_APP_TOKEN": bot}, []string{"SLACK_BOT_TOKEN does not look right", "other token", "SLACK_APP_TOKEN does not look right"}},
		{"quoted", map[string]string{"SLACK_BOT_TOKEN": `xoxb-1111-2222-abc"`, "SLACK_APP_TOKEN": app}, []string{"SLACK_BOT_TOKEN looks truncated or quoted"}},
		{"truncated", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": "xapp-1"}, []string{"SLACK_APP_TOKEN looks truncated"}},
		{"bad API URL", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "SLACK_API_URL": "ftp://example.org"}, []string{"SLACK_API_URL must be an http(s) URL"}},
		{"bad HTTP_ADDR", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "HTTP_ADDR": "8080"}, []string{"HTTP_ADDR must be host:port"}},
		{"bad log level", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "LOG_LEVEL": "loud"}, []string{"LOG_LEVEL must be"}},
		{"bad curators", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "LANDSCAPE_CURATORS": "ada@x.io"}, []string{`LANDSCAPE_CURATORS: "ada@x.io" is neither a user id`}},
		{"bad fetch allow-list", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "LANDSCAPE_FETCH_ALLOW": "http://x"}, []string{`LANDSCAPE_FETCH_ALLOW: "http://x" is neither a host name`}},
		{"topic too long", map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "LANDSCAPE_TOPIC": strings.Repeat("robots ", 20)}, []string{"LANDSCAPE_TOPIC must be a few words on one line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readServeConfig(func(k string) string { return tt.env[k] })
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			for _, v := range tt.env {
				if len(v) > 8 && strings.Contains(msg, v) {
					t.Errorf("error shows a configured value %q:\n%s", v, msg)
				}
			}
		})
	}
	c, err := readServeConfig(func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": bot, "SLACK_APP_TOKEN": app, "SLACK_API_URL": "http://127.0.0.1:9/api", "LOG_FORMAT": "json"}[k]
	})
	if err != nil || c.apiURL != "http://127.0.0.1:9/api/" || !c.logJSON {
		t.Errorf("valid config: %+v, %v", c, err)
	}
}

// `landscape serve` without tokens stops at once, exit 1, naming both.
func TestServeWithoutTokens(t *testing.T) {
	_, errOut, code := runCLI(t, nil, "serve")
	if code != 1 || !strings.Contains(errOut, "SLACK_BOT_TOKEN is not set") || !strings.Contains(errOut, "SLACK_APP_TOKEN is not set") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestDotEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte("# comment\nSLACK_BOT_TOKEN=xoxb-from-file\nLOG_LEVEL=debug\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	real := map[string]string{"LOG_LEVEL": "warn"}
	getenv, err := withDotEnv(func(k string) string { return real[k] }, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := getenv("SLACK_BOT_TOKEN"); got != "xoxb-from-file" {
		t.Errorf("from the file: %q", got)
	}
	if got := getenv("LOG_LEVEL"); got != "warn" {
		t.Errorf("the real environment must win: %q", got)
	}
	if _, err := withDotEnv(func(string) string { return "" }, filepath.Join(dir, "missing")); err != nil {
		t.Errorf("a missing .env is fine: %v", err)
	}
	bad := filepath.Join(dir, "bad.env")
	if err := os.WriteFile(bad, []byte("SLACK_BOT_TOKEN='xoxb-secret-value\nJUNK LINE\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = withDotEnv(func(string) string { return "" }, bad)
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "bad.env") {
		t.Errorf("malformed .env: %v (must name the file, never its content)", err)
	}
}

// /healthz says 503 until the bot is connected; /metrics serves the bot's
// Prometheus metrics.
func TestHealthzAndMetrics(t *testing.T) {
	api := slack.New("xoxb-test")
	m := bot.NewMetrics()
	b := bot.New(api, socketmode.New(api), nil, nil, slog.New(slog.DiscardHandler), m, bot.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httpServer(b, m)
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/healthz before connecting: %d, want 503", resp.StatusCode)
	}
	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"landscape_slack_reconnects_total", "landscape_answer_seconds_bucket", "landscape_busy_total"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// `landscape serve` end to end: configuration from the environment,
// connection through SLACK_API_URL, an answered mention, and a clean exit
// when the context ends (as on SIGTERM).
func TestServeEndToEnd(t *testing.T) {
	f := fakeslack.New(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdefghijkl",
		"SLACK_APP_TOKEN": "xapp-1-A111-2222-abcdef0123",
		"SLACK_API_URL":   f.URL() + "/api",
		"LOG_FORMAT":      "json",
	}
	env["LANDSCAPE_DATA_DIR"] = t.TempDir()
	env["LANDSCAPE_CORPUS_DIR"] = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr fakeslack.Log
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &stderr)
	}()
	f.WaitConnected()
	f.Send("events_api", f.Mention("Ev1", "C1", "1700000001.000100", "", "how much private GenAI investment in China 2023?"), 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	if p := f.Posts()[0]; !strings.Contains(p.Blocks, `"text":"$650 million","style":{"bold":true}`) || p.ThreadTS != "1700000001.000100" {
		t.Errorf("answer: %+v", p)
	}
	// Hot reload: a document added to the corpus folder answers within 5 s.
	doc := "---\ntitle: Zephyr Labs raises funds\npublisher: Test Wire\npublished: 2026-11-01\n---\n\nZephyr Labs, a Hangzhou robotics startup, raised $42 million in its Series B round.\n"
	if err := os.WriteFile(filepath.Join(env["LANDSCAPE_CORPUS_DIR"], "zephyr.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	added := time.Now()
	for i := 0; ; i++ {
		if time.Since(added) > 5*time.Second {
			t.Fatal("the new document was not answered within 5 s")
		}
		n := len(f.Posts())
		f.Send("events_api", f.Mention(fmt.Sprintf("EvZ%d", i), "C1", fmt.Sprintf("1700000100.%06d", i), "", "How much did Zephyr Labs raise?"), 0)
		f.WaitFor("an answer", func() bool { return len(f.Posts()) > n })
		if strings.Contains(f.Posts()[n].Blocks, `"text":"$42 million","style":{"bold":true}`) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v on shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	st, err := store.Open(context.Background(), filepath.Join(env["LANDSCAPE_DATA_DIR"], store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if a, err := st.ActivityBetween(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour)); err != nil || len(a.MostAsked) < 2 || len(a.NewDocuments) != 2 {
		t.Errorf("state store after serve: %+v, %v; want the questions logged and both documents first seen", a, err)
	}
	logs := stderr.String()
	if !strings.Contains(logs, `"msg":"connected to Slack"`) || strings.Contains(logs, env["SLACK_BOT_TOKEN"]) || strings.Contains(logs, env["SLACK_APP_TOKEN"]) {
		t.Errorf("logs (JSON, connected, no tokens):\n%s", logs)
	}
}

// Help says what the deployment covers: LANDSCAPE_TOPIC, else the
// built-in article's topic when it is loaded, else the corpus.
func TestServeNamesItsTopic(t *testing.T) {
	dir := t.TempDir()
	doc := "---\ntitle: Robots in Osaka\npublisher: Test Wire\npublished: 2026-11-01\n---\n\nOsaka Robotics raised $12 million in 2026.\n"
	if err := os.WriteFile(filepath.Join(dir, "osaka.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		topic string
		args  []string
		want  string
	}{
		{"configured", "robotics in Japan", []string{"--no-builtin"}, "Ask me about robotics in Japan."},
		{"the built-in article's", "", nil, "Ask me about generative AI in China."},
		{"none", "", []string{"--no-builtin"}, "Ask me about the documents of my corpus."},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fakeslack.New(t)
			stop, _ := startServe(t, f, map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir(), "LANDSCAPE_CORPUS_DIR": dir, "LANDSCAPE_TOPIC": tt.topic}, tt.args...)
			f.WaitConnected()
			id := fmt.Sprintf("help%d", i)
			f.Send("slash_commands", f.Slash("help", id), 0)
			f.WaitFor("help", func() bool { return len(f.Responses()) == 1 })
			if got := f.Responses()[0].Raw; !strings.Contains(got, tt.want) {
				t.Errorf("help lacks %q: %s", tt.want, got)
			}
			if err := stop(); err != nil {
				t.Error(err)
			}
		})
	}
}

// startServe runs `landscape serve` against the fake Slack at apiURL and
// returns its stop function, which waits for serve to return.
func startServe(t *testing.T, f *fakeslack.Server, env map[string]string, flags ...string) (stop func() error, logs *fakeslack.Log) {
	t.Helper()
	base := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdefghijkl",
		"SLACK_APP_TOKEN": "xapp-1-A111-2222-abcdef0123",
		"SLACK_API_URL":   f.URL() + "/api",
	}
	for k, v := range env {
		base[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs = &fakeslack.Log{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, flags...), func(k string) string { return base[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop")
			return nil
		}
	}, logs
}

// `serve` started with hostile files in its folder (looping PDFs, a named
// pipe, links to /dev/zero and /etc/passwd) logs each, opens its HTTP
// port and answers.
func TestServeWithHostileFiles(t *testing.T) {
	f := fakeslack.New(t)
	dir := t.TempDir()
	want := hostile.Write(t, dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stop, logs := startServe(t, f, map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir(), "LANDSCAPE_CORPUS_DIR": dir, "HTTP_ADDR": addr})
	f.WaitConnected()
	f.Send("events_api", f.Mention("Ev1", "C1", "1700000001.000100", "", "how much private GenAI investment in China 2023?"), 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	if !strings.Contains(f.Posts()[0].Blocks, `"text":"$650 million","style":{"bold":true}`) {
		t.Errorf("answer: %+v", f.Posts()[0])
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	for name, reason := range want {
		if !strings.Contains(logs.String(), filepath.Join(dir, name)+": ") || !strings.Contains(logs.String(), reason) {
			t.Errorf("%s (%s) not logged:\n%s", name, reason, logs.String())
		}
	}
}

// Stopping serve while the digest is being posted: the post completes and
// is recorded before the store closes — never left "posting", never twice.
func TestServeStopsAfterTheDigestInFlight(t *testing.T) {
	f := fakeslack.New(t)
	target, _ := url.Parse(f.URL())
	posting := make(chan struct{}, 1)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			select {
			case posting <- struct{}{}:
			default:
			}
			time.Sleep(time.Second) // a slow Slack
		}
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}))
	defer proxy.Close()
	data := t.TempDir()
	env := map[string]string{
		"LANDSCAPE_DATA_DIR": data, "SLACK_API_URL": proxy.URL + "/api",
		"DIGEST_CHANNEL": "CDIGEST", "DIGEST_SCHEDULE": "* * * * *", // a slot every minute: one is due at the start
	}
	stop, logs := startServe(t, f, env)
	select {
	case <-posting:
	case <-time.After(10 * time.Second):
		t.Fatalf("the digest was never posted:\n%s", logs.String())
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	posts := f.Posts()
	if len(posts) != 1 || posts[0].Channel != "CDIGEST" {
		t.Fatalf("posts %+v, want the one digest", posts)
	}
	var md struct {
		Payload struct {
			Slot int64 `json:"slot"`
		} `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(posts[0].Metadata), &md); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(data, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if state, ts, _ := st.DigestState(context.Background(), time.Unix(md.Payload.Slot, 0)); state != store.StatePosted || ts != posts[0].TS {
		t.Errorf("ledger: %q %q, want posted with the message's ts\n%s", state, ts, logs.String())
	}
}

// The two PDFs that ate memory, arriving while `serve` runs — dropped into
// the folder it watches, and linked by a curator from Slack — are refused
// by the work budget (parsed by a worker, so serve never holds their
// cost), and the bot answers on.
func TestServeHostilePDFsLater(t *testing.T) {
	f := fakeslack.New(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "osaka.md"), []byte("---\ntitle: Osaka robots\n---\nIn 2024 Osaka robot makers raised $120 million from venture investors.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pdfs := map[string][]byte{
		"content.pdf": hostile.ContentRepeatPDF(hostile.Text, hostile.ContentRepeats),
		"pages.pdf":   hostile.PageRepeatPDF(hostile.Text, hostile.PageRepeats),
	}
	links := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdfs[strings.TrimPrefix(r.URL.Path, "/reports/")])
	}))
	defer links.Close()
	stop, logs := startServe(t, f, map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir(), "LANDSCAPE_CORPUS_DIR": dir,
		"LANDSCAPE_CURATORS": "U0ADA", "LANDSCAPE_FETCH_ALLOW": "127.0.0.1"})
	f.WaitConnected()
	for name, data := range pdfs {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range pdfs {
		f.WaitForWithin(30*time.Second, name+" skipped", func() bool {
			return strings.Contains(logs.String(), filepath.Join(dir, name)+": "+hostile.Budget)
		})
	}
	for name := range pdfs {
		id := "add-" + name
		f.Send("slash_commands", f.SlashFrom("U0ADA", "add "+links.URL+"/reports/"+name, id), 0)
		if got, _ := response(t, f, id); !strings.Contains(got, hostile.Budget) || strings.Contains(got, "Added to the corpus") {
			t.Errorf("a curator's link to %s: %s", name, got)
		}
	}
	a := &asker{f: f}
	if got := a.ask(t, "how much did Osaka robot makers raise in 2024?"); !strings.Contains(got, bold("$120 million")) {
		t.Errorf("answer: %s", got)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("the corpus folder holds %d entries, want osaka.md and the two dropped in", len(entries))
	}
}
