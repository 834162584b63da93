package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

// Answerer answers questions; *answer.Engine is one.
type Answerer interface {
	Ask(ctx context.Context, question string, k int) (answer.Result, error)
}

// Corpus is what the bot shows of the corpus besides answers: its figures
// and its documents.
type Corpus interface {
	Facts() *facts.Set
	Documents() []*corpus.Document
}

// Options tunes a Bot; zero values take the defaults.
type Options struct {
	// Store is the state store, shared by the replicas: questions and
	// feedback for the digest, claimed requests (each answered once, by
	// another replica if its own dies), conversations (follow-ups on any
	// replica), curation, what the App Home shows. Run refuses to start
	// without one.
	Store *store.Store
	// Digest composes the digest of a slot, for the App Home's latest
	// digest; nil when the digest is off.
	Digest func(ctx context.Context, slot time.Time) (digest.Digest, error)
	// Curation lets curators add and remove documents from Slack; nil
	// when there is no corpus folder to change (they are told so).
	Curation *Curation
	// Feeds lets curators follow feeds from Slack; nil when there is no
	// corpus folder to add their articles to (they are told so).
	Feeds Follower
	// Topic is what this deployment answers about, in a few words
	// ("generative AI in China"): help, the App Home and prompts name it.
	// Empty: they speak of the corpus.
	Topic string
	// Owner names this process among the replicas, as the owner of its
	// claims (store.NewOwner, made once per process; a new one if empty).
	Owner        string
	Workers      int           // answers in flight at once (default 8)
	Queue        int           // events waiting for a worker before "busy" (default 64)
	DrainTimeout time.Duration // how long shutdown waits for answers in flight (default 10 s)
	// HTTP posts to slash-command and button response URLs.
	HTTP *http.Client
	Now  func() time.Time
}

// Bot answers Slack events received over socket mode.
type Bot struct {
	// Slack's Web API, as each part uses it (*slack.Client in all).
	auth    authTester
	chat    Conversations
	views   viewPublisher
	uploads chartUploader
	files   slackFiles

	// The state store, as each part uses it (Options.Store in all).
	claims    eventClaims
	convs     conversationMemory
	records   questionLog
	curations curationLog
	home      HomeReader
	scopes    scopeStore

	sm      *socketmode.Client
	answers Answerer
	corpus  Corpus
	log     *slog.Logger
	opts    Options
	metrics *Metrics

	userID    string // the bot's own user, from auth.test
	teamID    string
	jobs      chan job
	stop      chan struct{} // closed: workers finish the queue and return
	busy      chan struct{} // bounds the goroutines that say "busy"
	intake    chan struct{} // bounds the events being claimed at once
	intaking  sync.WaitGroup
	connected atomic.Bool
	inflight  sync.WaitGroup

	chartsMu sync.Mutex
	charts   map[[32]byte]*Chart // uploaded stats charts by the PNG's SHA-256

	curators *curatorCheck // nil without Options.Curation
}

// job is one envelope's work, run by a worker after the ack.
type job struct {
	kind    string
	claim   string        // the claimed event it answers, if any: finished after
	timeout time.Duration // 0: jobTimeout
	run     func(ctx context.Context) error
}

const (
	// jobTimeout bounds an answer, a page, a click.
	jobTimeout = 30 * time.Second
	// ackTimeout bounds an ack: a reconnecting socket must not stall the
	// loop, and past Slack's 3 s the envelope comes again anyway.
	ackTimeout = 2 * time.Second
	// maxBusyReplies bounds the "busy" replies in flight at once: when even
	// they pile up, requests are dropped rather than goroutines piled up.
	maxBusyReplies = 16
	// responseTimeout bounds one post to a response URL (respond retries).
	responseTimeout = 10 * time.Second
	// curateTimeout bounds a curator's add: up to maxAddItems documents,
	// each fetched or downloaded (fetch.Timeout) and read (the corpus's
	// file timeout), and a margin for waiting behind another add.
	curateTimeout = maxAddItems*(fetch.Timeout+corpus.DefaultFileTimeout) + 30*time.Second
)

// authTester tells who the bot is; *slack.Client is one.
type authTester interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
}

// New returns a bot that reads sm's events and replies through api.
func New(api *slack.Client, sm *socketmode.Client, answers Answerer, c Corpus, log *slog.Logger, m *Metrics, opts Options) *Bot {
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.Queue <= 0 {
		opts.Queue = 64
	}
	if opts.DrainTimeout <= 0 {
		opts.DrainTimeout = 10 * time.Second
	}
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: responseTimeout}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if m == nil {
		m = NewMetrics()
	}
	if opts.Owner == "" {
		opts.Owner = store.NewOwner()
	}
	b := &Bot{
		auth: api, chat: api, views: api, uploads: api, files: api,
		sm: sm, answers: answers, corpus: c, log: log, opts: opts, metrics: m,
		jobs:   make(chan job, opts.Queue),
		stop:   make(chan struct{}),
		busy:   make(chan struct{}, maxBusyReplies),
		intake: make(chan struct{}, maxIntake),
		charts: map[[32]byte]*Chart{},
	}
	if st := opts.Store; st != nil {
		b.claims, b.convs, b.records, b.curations, b.home, b.scopes = st, st, st, st, st, st
	}
	if opts.Curation != nil {
		b.curators = newCuratorCheck(opts.Curation.Curators, api)
	}
	return b
}

// Connected reports whether the socket-mode connection is up: /healthz.
func (b *Bot) Connected() bool { return b.connected.Load() }

// ErrInvalidAuth is returned by Run when Slack rejects a token.
var ErrInvalidAuth = errors.New("slack rejected the token")

// Run serves until ctx is done, then stops taking work, waits up to
// DrainTimeout for answers in flight and returns nil. A rejected token ends
// it at once with an error wrapping ErrInvalidAuth.
func (b *Bot) Run(ctx context.Context) error {
	if b.opts.Store == nil {
		return errors.New("bot: no state store (Options.Store)")
	}
	auth, err := b.auth.AuthTestContext(ctx)
	if err != nil {
		if isAuthError(err) {
			return fmt.Errorf("SLACK_BOT_TOKEN: Slack rejected the bot token (%v); copy the Bot User OAuth Token from api.slack.com/apps → your app → OAuth & Permissions: %w", err, ErrInvalidAuth)
		}
		return fmt.Errorf("auth.test: %w", err)
	}
	b.userID, b.teamID = auth.UserID, auth.TeamID
	b.log.Info("authenticated", "team", auth.Team, "bot_user", auth.UserID, "owner", b.opts.Owner)

	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var workers sync.WaitGroup
	for range b.opts.Workers {
		workers.Go(func() { b.work(workCtx) })
	}
	// Leases are renewed until the answers in flight are done; events left
	// by dead replicas are taken over until shutdown begins.
	leaseCtx, stopLeases := context.WithCancel(context.WithoutCancel(ctx))
	var leases sync.WaitGroup
	leases.Go(func() { b.keepClaims(ctx, leaseCtx) })

	sockErr := make(chan error, 1)
	go func() { sockErr <- b.sm.RunContext(ctx) }()

	runErr := b.loop(ctx, sockErr)

	// Stop taking work; let answers in flight finish, within a bound.
	b.intaking.Wait()
	close(b.stop)
	done := make(chan struct{})
	go func() { workers.Wait(); b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(b.opts.DrainTimeout):
		b.log.Warn("shutdown: answers still in flight after the drain timeout; other replicas take them over", "timeout", b.opts.DrainTimeout)
		stopWork()
		<-done
	}
	stopLeases()
	leases.Wait()
	b.connected.Store(false)
	return runErr
}

// work runs jobs until the bot stops, then finishes the queue.
func (b *Bot) work(ctx context.Context) {
	for {
		select {
		case j := <-b.jobs:
			b.do(ctx, j)
		case <-b.stop:
			for {
				select {
				case j := <-b.jobs:
					b.do(ctx, j)
				default:
					return
				}
			}
		}
	}
}

// loop drains the socket-mode events until ctx ends or the socket fails.
func (b *Bot) loop(ctx context.Context, sockErr <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-sockErr:
			if ctx.Err() != nil {
				return nil
			}
			return b.socketError(err)
		case evt := <-b.sm.Events:
			if err := b.dispatch(ctx, evt); err != nil {
				return err
			}
		}
	}
}

func (b *Bot) socketError(err error) error {
	if err == nil {
		return errors.New("socket mode stopped")
	}
	if isAuthError(err) || strings.Contains(err.Error(), "404") {
		return fmt.Errorf("SLACK_APP_TOKEN: Slack refused the socket-mode connection (%v); create an app-level token with the connections:write scope under Basic Information → App-Level Tokens: %w", err, ErrInvalidAuth)
	}
	return fmt.Errorf("socket mode: %w", err)
}

// isAuthError reports whether Slack refused a token, as opposed to a
// network or server failure.
func isAuthError(err error) bool {
	msg := err.Error()
	for _, code := range []string{"invalid_auth", "not_authed", "token_revoked", "account_inactive", "token_expired"} {
		if strings.Contains(msg, code) {
			return true
		}
	}
	return false
}

// dispatch handles one event from the socket: acks envelopes first, then
// queues their work. It only returns an error that must stop the bot.
func (b *Bot) dispatch(ctx context.Context, evt socketmode.Event) error {
	b.metrics.event(string(evt.Type))
	switch evt.Type {
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.log.Info("connected to Slack")
	case socketmode.EventTypeConnecting:
		if b.connected.Swap(false) {
			b.metrics.reconnects.Inc()
		}
		b.log.Info("connecting to Slack")
	case socketmode.EventTypeConnectionError:
		b.connected.Store(false)
		b.log.Warn("connection to Slack failed; retrying", "err", errText(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		return fmt.Errorf("SLACK_APP_TOKEN: Slack rejected the app-level token: %w", ErrInvalidAuth)
	case socketmode.EventTypeErrorBadMessage:
		// slack-go could not parse it and did not ack it: ack from the raw
		// envelope, or Slack redelivers it for ever.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				b.ack(ctx, env.EnvelopeID)
			}
			b.log.Warn("unparsable envelope acked and dropped", "err", bad.Cause)
		}
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return nil
		}
		// Claimed in the store before the ack (as the surface says), off
		// the socket loop.
		select {
		case b.intake <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		b.intaking.Go(func() {
			defer func() { <-b.intake }()
			b.receive(ctx, evt)
		})
	}
	return nil
}

// ack acknowledges an envelope at once, bounded so a reconnecting socket
// cannot stall the loop.
func (b *Bot) ack(ctx context.Context, envelopeID string) {
	actx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	if err := b.sm.AckCtx(actx, envelopeID, nil); err != nil {
		b.log.Warn("ack failed", "envelope", envelopeID, "err", err)
	}
}

// enqueue hands j to a worker, or, when all are busy and the queue is full,
// runs busy (if any) in a bounded side goroutine: the socket loop never
// waits.
func (b *Bot) enqueue(j job, busy func(ctx context.Context) error) {
	select {
	case b.jobs <- j:
		return
	default:
	}
	b.metrics.busy.Inc()
	b.log.Warn("all workers busy; replying busy", "kind", j.kind)
	if busy == nil {
		return
	}
	select {
	case b.busy <- struct{}{}:
		b.inflight.Go(func() {
			defer func() { <-b.busy }()
			b.do(context.Background(), job{kind: "busy", claim: j.claim, run: busy})
		})
	default: // even the busy replies are saturated: drop
	}
}

// do runs one job, recovering from a panic so that one bad event never
// takes the bot down. A claimed event is finished afterwards, answered or
// not (a retry of an event that fails or panics would likely do it again);
// one cut short by shutdown is released for another replica instead.
func (b *Bot) do(ctx context.Context, j job) {
	defer func() {
		if r := recover(); r != nil {
			b.metrics.panics.Inc()
			b.log.Error("handler panicked; the bot keeps serving", "kind", j.kind, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
		if j.claim != "" {
			b.settle(j.claim, ctx.Err() != nil)
		}
	}()
	timeout := j.timeout
	if timeout == 0 {
		timeout = jobTimeout
	}
	jctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := j.run(jctx); err != nil {
		b.log.Error("handler failed", "kind", j.kind, "err", err)
	}
}

func errText(data any) string {
	if e, ok := data.(*slack.ConnectionErrorEvent); ok && e.ErrorObj != nil {
		return e.ErrorObj.Error()
	}
	return fmt.Sprint(data)
}
