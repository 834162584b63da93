package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/bot"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/live"
	"github.com/landscape-bot/landscape/store"
)

// serveConfig is what `serve` reads from the environment.
type serveConfig struct {
	botToken, appToken string
	apiURL             string // "" for Slack itself
	httpAddr           string // "" for no HTTP endpoint
	logLevel           slog.Level
	logJSON            bool
	curators           bot.Curators // who may add and remove documents from Slack
	fetchAllow         fetch.Allow  // intranet sources their links may lead to
}

// tokenSpec says what a Slack token looks like and where to get it, for
// messages that help without ever echoing the token.
type tokenSpec struct {
	variable, prefix, what, where string
}

var (
	botTokenSpec = tokenSpec{"SLACK_BOT_TOKEN", "xoxb-", "the app's Bot User OAuth Token",
		"api.slack.com/apps → your app → OAuth & Permissions (install the app to the workspace first)"}
	appTokenSpec = tokenSpec{"SLACK_APP_TOKEN", "xapp-", "an app-level token with the connections:write scope",
		"api.slack.com/apps → your app → Basic Information → App-Level Tokens"}
)

// check returns the token or an error naming the variable, the expected
// prefix and where to get it. The value itself never appears.
func (s tokenSpec) check(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "", fmt.Errorf("%s is not set: it must hold %s, starting with %q, from %s", s.variable, s.what, s.prefix, s.where)
	case !strings.HasPrefix(v, s.prefix):
		return "", fmt.Errorf("%s does not look right: it must hold %s, starting with %q (the value set starts otherwise; is it the other token?), from %s", s.variable, s.what, s.prefix, s.where)
	case len(v) < len(s.prefix)+10 || strings.ContainsAny(v, " \t\"'"):
		return "", fmt.Errorf("%s looks truncated or quoted: paste %s exactly as Slack shows it, from %s", s.variable, s.what, s.where)
	}
	return v, nil
}

// slackClient is the Web API client of c: both tokens, retries of 429s and
// transient errors, SLACK_API_URL if set.
func (c serveConfig) slackClient() *slack.Client {
	opts := []slack.Option{slack.OptionAppLevelToken(c.appToken), bot.RetryOption(30 * time.Second)}
	if c.apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(c.apiURL))
	}
	return slack.New(c.botToken, opts...)
}

func readServeConfig(getenv func(string) string) (serveConfig, error) {
	var c serveConfig
	var errs []error
	var err error
	if c.botToken, err = botTokenSpec.check(getenv("SLACK_BOT_TOKEN")); err != nil {
		errs = append(errs, err)
	}
	if c.appToken, err = appTokenSpec.check(getenv("SLACK_APP_TOKEN")); err != nil {
		errs = append(errs, err)
	}
	if u := strings.TrimSpace(getenv("SLACK_API_URL")); u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, or empty for Slack itself"))
		} else {
			c.apiURL = strings.TrimSuffix(u, "/") + "/" // slack-go needs the slash
		}
	}
	c.httpAddr = strings.TrimSpace(getenv("HTTP_ADDR"))
	if c.httpAddr != "" {
		if _, _, err := net.SplitHostPort(c.httpAddr); err != nil {
			errs = append(errs, fmt.Errorf("HTTP_ADDR must be host:port or :port, such as :8080"))
		}
	}
	switch lv := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); lv {
	case "", "info":
		c.logLevel = slog.LevelInfo
	case "debug":
		c.logLevel = slog.LevelDebug
	case "warn", "warning":
		c.logLevel = slog.LevelWarn
	case "error":
		c.logLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error"))
	}
	if c.curators, err = bot.ParseCurators(getenv("LANDSCAPE_CURATORS")); err != nil {
		errs = append(errs, err)
	}
	if c.fetchAllow, err = fetch.ParseAllow(getenv("LANDSCAPE_FETCH_ALLOW")); err != nil {
		errs = append(errs, err)
	}
	switch f := strings.ToLower(strings.TrimSpace(getenv("LOG_FORMAT"))); f {
	case "", "text":
	case "json":
		c.logJSON = true
	default:
		errs = append(errs, fmt.Errorf("LOG_FORMAT must be text or json"))
	}
	return c, errors.Join(errs...)
}

func runServe(ctx context.Context, e *env, args []string) error {
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments")
	}
	cfg, err := readServeConfig(e.getenv)
	dcfg, derr := digest.ParseConfig(e.getenv)
	if err := errors.Join(err, derr); err != nil {
		return fmt.Errorf("configuration (environment or .env):\n%w", err)
	}
	log := newLogger(e.stderr, cfg)
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	// The bot keeps its index in memory and updates it in place as the
	// corpus folder changes (the CLI's on-disk index cache is for one-shot
	// commands).
	aliases, err := e.aliases()
	if err != nil {
		return err
	}
	log.Info("loading the corpus", "folder", *e.corpusDir)
	first, load, problems, closeIndex, err := live.Incremental(ctx, e.corpusOptions(), aliases)
	if err != nil {
		return err
	}
	defer closeIndex()
	for _, p := range problems {
		log.Warn("corpus file skipped", "problem", p.Error())
	}

	// serve owns every goroutine it starts from here: on the way out they
	// are stopped and joined before the index and the store close
	// (deferred above, so run after these).
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	corp := live.New(first, load, log)
	defer corp.Wait() // the snapshots replaced, once the reloads have stopped
	defer wg.Wait()
	defer cancel()

	c := first.Corpus
	// prepare notes new documents for the digest's "New in the corpus" and
	// analyses passages in the background, so the first questions after a
	// start or a reload do not pay for it.
	prepare := func(ctx context.Context, s *live.Snapshot) {
		if err := st.NoteDocuments(ctx, storeDocs(s.Added)); err != nil {
			log.Warn("state store: documents", "err", err)
		}
		wg.Go(func() {
			start := time.Now()
			if err := s.Engine.Warm(ctx); err == nil {
				log.Info("passages analysed", "passages", len(s.Corpus.Passages), "took", time.Since(start).Round(time.Millisecond))
			}
		})
	}
	corp.OnSwap = prepare
	prepare(ctx, corp.Current())
	if *e.corpusDir != "" {
		wg.Go(func() {
			if err := corp.Watch(ctx, *e.corpusDir); err != nil {
				log.Error("not watching the corpus folder; restart to pick up changes", "err", err)
			}
		})
	}

	api := cfg.slackClient()
	sm := socketmode.New(api)
	metrics := bot.NewMetrics()
	digestOf := func(ctx context.Context, slot time.Time) (digest.Digest, error) {
		return digest.Compose(ctx, dcfg, slot, corp.Facts(), st)
	}
	bopts := bot.Options{Memory: st, Home: st, Digest: digestOf}
	if *e.corpusDir != "" {
		// Curators' adds are checked against the corpus as the folder holds
		// it now (read again, cheaply, with the folder locked); the watcher
		// then picks the new file up like any other.
		cur := curate.New(*e.corpusDir, e.corpusOptions(), func(ctx context.Context) ([]*corpus.Document, error) {
			if err := corp.Reload(ctx); err != nil {
				return nil, err
			}
			return corp.Documents(), nil
		}, time.Now)
		bopts.Curation = &bot.Curation{Corpus: cur, Fetch: fetch.New(fetch.Options{Allow: cfg.fetchAllow}), Curators: cfg.curators}
		if cfg.curators.Empty() {
			log.Warn("nobody may add or remove documents from Slack: set LANDSCAPE_CURATORS")
		}
	}
	b := bot.New(api, sm, corp, corp, log, metrics, bopts)
	if dcfg.Channel != "" {
		sched := digest.NewScheduler(dcfg, st, bot.NewDigestPoster(api), corp.Facts, log, processName(), time.Now, time.After)
		wg.Go(func() { sched.Run(ctx) })
		log.Info("digest on", "channel", dcfg.Channel, "schedule", dcfg.Spec, "tz", dcfg.Loc.String(), "next", dcfg.Next(time.Now()))
	}

	if cfg.httpAddr != "" {
		ln, err := net.Listen("tcp", cfg.httpAddr)
		if err != nil {
			return fmt.Errorf("HTTP_ADDR %s: %w", cfg.httpAddr, err)
		}
		srv := httpServer(b, metrics)
		wg.Go(func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("http server", "err", err)
			}
		})
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
	}
	log.Info("serving", "documents", len(c.Docs), "passages", len(c.Passages), "http", cfg.httpAddr, "state", st.Location(), "watching", *e.corpusDir)
	if err := b.Run(ctx); err != nil && ctx.Err() == nil { // a stop during the start is no error
		return err
	}
	log.Info("stopped")
	return nil
}

func newLogger(w io.Writer, cfg serveConfig) *slog.Logger {
	o := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.logJSON {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// httpServer serves /healthz (200 only while connected to Slack) and
// /metrics (Prometheus).
func httpServer(b *bot.Bot, m *bot.Metrics) *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if !b.Connected() {
			http.Error(w, "not connected to Slack", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	return &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
}

// storeDocs lists documents for the store's first-seen times.
func storeDocs(docs []*corpus.Document) []store.Document {
	out := make([]store.Document, len(docs))
	for i, d := range docs {
		out[i] = store.Document{ID: d.ID, Title: d.Title}
	}
	return out
}
