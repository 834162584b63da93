package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/bot"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/feeds"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/live"
	"github.com/landscape-bot/landscape/store"
)

// server is `landscape serve`. Open opens what it serves from — the state
// store, the live corpus and its index, the Slack clients, the HTTP
// listener — Run serves until its context ends and joins every goroutine
// it started, and Close closes what Open opened, in the reverse order:
// nothing is closed under a goroutine still using it.
type server struct {
	env  *env
	cfg  serveConfig
	dcfg digest.Config
	log  *slog.Logger

	// Opened by Open, closed by Close (nil: not opened).
	store    *store.Store
	corpus   *live.Live // with its in-memory index
	listener net.Listener

	owner   string // this process, in every claim it makes (store.NewOwner)
	bot     *bot.Bot
	metrics *bot.Metrics
	digest  *digest.Scheduler // nil when the digest is off
	feeds   *feeds.Service    // nil without a corpus folder to add to

	// wg holds every goroutine the server starts: the watcher, the
	// digest scheduler, the feed poller, the HTTP server, the engines'
	// warming.
	wg sync.WaitGroup
}

// httpShutdown bounds the HTTP server's shutdown: /healthz and /metrics
// answer in milliseconds.
const httpShutdown = 5 * time.Second

// Open opens the state store and loads the corpus into its in-memory
// index (updated in place as the folder changes: the on-disk index cache
// is for one-shot commands), then makes the bot, the digest scheduler and
// the HTTP listener. On an error, Close closes what was opened.
func (s *server) Open(ctx context.Context) error {
	e := s.env
	var err error
	if s.store, err = e.openStore(ctx); err != nil {
		return err
	}
	aliases, err := e.aliases()
	if err != nil {
		return err
	}
	s.log.Info("loading the corpus", "folder", *e.corpusDir)
	corp, problems, err := live.Open(ctx, e.corpusOptions(), aliases, s.log)
	if err != nil {
		return err
	}
	s.corpus = corp
	for _, p := range problems {
		s.log.Warn("corpus file skipped", "problem", p.Error())
	}
	s.corpus.OnSwap = s.prepare
	s.owner = store.NewOwner()
	s.bot = s.newBot()
	if s.dcfg.Channel != "" {
		s.digest = digest.NewScheduler(s.dcfg, s.store, bot.NewDigestPoster(s.cfg.slackClient()), s.corpus.Facts, s.log, s.owner, time.Now, time.After)
	}
	if s.cfg.httpAddr != "" {
		if s.listener, err = net.Listen("tcp", s.cfg.httpAddr); err != nil {
			return fmt.Errorf("HTTP_ADDR %s: %w", s.cfg.httpAddr, err)
		}
	}
	return nil
}

// newBot makes the Slack bot over the live corpus, with curation and
// followed feeds when there is a corpus folder to change.
func (s *server) newBot() *bot.Bot {
	api := s.cfg.slackClient()
	s.metrics = bot.NewMetrics()
	digestOf := func(ctx context.Context, slot time.Time) (digest.Digest, error) {
		return digest.Compose(ctx, s.dcfg, slot, s.corpus.Facts(), s.store)
	}
	opts := bot.Options{Store: s.store, Digest: digestOf, Owner: s.owner, Topic: s.cfg.topicOf(*s.env.noBuiltin)}
	if dir := *s.env.corpusDir; dir != "" {
		// Curators' adds are checked against the corpus as the folder holds
		// it now (read again, cheaply, with the folder locked); the watcher
		// then picks the new file up like any other.
		cur := curate.New(dir, s.env.corpusOptions(), func(ctx context.Context) ([]*corpus.Document, error) {
			if err := s.corpus.Reload(ctx); err != nil {
				return nil, err
			}
			return s.corpus.Documents(), nil
		}, time.Now)
		fetcher := fetch.New(fetch.Options{Allow: s.cfg.fetchAllow})
		opts.Curation = &bot.Curation{Corpus: cur, Fetch: fetcher, Curators: s.cfg.curators}
		// Feeds add through the same curator: one add at a time in this
		// process, whoever asks.
		s.feeds = feeds.New(s.store, fetcher, cur, s.owner, time.Now)
		opts.Feeds = follower{s.feeds}
		if s.cfg.curators.Empty() {
			s.log.Warn("nobody may add or remove documents from Slack: set LANDSCAPE_CURATORS")
		}
	}
	return bot.New(api, socketmode.New(api), s.corpus, s.corpus, s.log, s.metrics, opts)
}

// prepare notes a snapshot's new documents for the digest's "New in the
// corpus" and analyses its passages in the background, so the first
// questions after a start or a reload do not pay for it.
func (s *server) prepare(ctx context.Context, snap *live.Snapshot) {
	if err := s.store.NoteDocuments(ctx, storeDocs(snap.Added)); err != nil {
		s.log.Warn("state store: documents", "err", err)
	}
	s.wg.Go(func() {
		start := time.Now()
		if err := snap.Engine.Warm(ctx); err == nil {
			s.log.Info("passages analysed", "passages", len(snap.Corpus.Passages), "took", time.Since(start).Round(time.Millisecond))
		}
	})
}

// Run serves until ctx ends (or the bot fails), then stops and joins
// every goroutine it started.
func (s *server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer s.wg.Wait()
	defer cancel()
	s.prepare(ctx, s.corpus.Current())
	if dir := *s.env.corpusDir; dir != "" {
		s.wg.Go(func() {
			if err := s.corpus.Watch(ctx, dir); err != nil {
				s.log.Error("not watching the corpus folder; restart to pick up changes", "err", err)
			}
		})
	}
	if s.feeds != nil {
		s.wg.Go(func() { s.feeds.Run(ctx, time.After, s.polled) })
	}
	if s.digest != nil {
		s.wg.Go(func() { s.digest.Run(ctx) })
		s.log.Info("digest on", "channel", s.dcfg.Channel, "schedule", s.dcfg.Spec, "tz", s.dcfg.Loc.String(), "next", s.dcfg.Next(time.Now()))
	}
	if s.listener != nil {
		srv := httpServer(s.bot, s.metrics)
		ln := s.listener
		s.listener = nil // srv closes it
		s.wg.Go(func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Error("http server", "err", err)
			}
		})
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), httpShutdown)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
	}
	c := s.corpus.Current().Corpus
	s.log.Info("serving", "documents", len(c.Docs), "passages", len(c.Passages), "http", s.cfg.httpAddr, "state", s.store.Location(), "watching", *s.env.corpusDir)
	if err := s.bot.Run(ctx); err != nil && ctx.Err() == nil { // a stop during the start is no error
		return err
	}
	s.log.Info("stopped")
	return nil
}

// polled logs a feed's poll: what it added, or why it failed.
func (s *server) polled(r feeds.Result, err error) {
	switch {
	case err != nil:
		s.log.Warn("feeds: cannot read the state store", "err", err)
	case r.Err != nil:
		s.log.Warn("feed poll failed", "feed", r.Feed.URL, "err", r.Err, "next", r.Next)
	default:
		s.log.Info("feed polled", "feed", r.Feed.URL, "not_modified", r.NotModified, "added", r.Count(store.OutcomeAdded),
			"duplicates", r.Count(store.OutcomeDuplicate), "skipped", r.Count(store.ItemSkipped), "refused", r.Count(store.OutcomeRefused),
			"failed", r.Count(store.OutcomeFailed), "left_out", r.Count(store.ItemBefore)+r.Count(store.ItemOverCap), "next", r.Next)
	}
}

// follower lets the bot follow feeds through the feeds service, on its
// default schedule.
type follower struct{ *feeds.Service }

func (f follower) Follow(ctx context.Context, link, tag, user string) (bot.Followed, error) {
	fol, err := f.Service.Follow(ctx, link, tag, 0, user)
	return bot.Followed{Feed: fol.Feed, New: fol.New, Items: fol.Items}, err
}

func (f follower) Feeds(ctx context.Context) ([]store.Feed, error) { return f.Service.List(ctx) }

// Close closes what Open opened, in the reverse order: the HTTP listener
// (if Run never served it), the corpus's index, the state store. Run has
// joined its goroutines by then.
func (s *server) Close() {
	if s.listener != nil {
		s.listener.Close()
	}
	if s.corpus != nil {
		s.corpus.Close()
	}
	if s.store != nil {
		s.store.Close()
	}
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
