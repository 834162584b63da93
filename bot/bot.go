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
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/store"
)

// Slack is what the bot needs of Slack's Web API; *slack.Client has it.
type Slack interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	// UploadFileContext is Slack's external upload flow (getUploadURLExternal,
	// the upload, completeUploadExternal): slack-go's UploadFileV2 of old.
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
}

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

// Memory is what the bot records; *store.Store is one. Questions and
// feedback feed the digest; seen events make dedupe survive a restart.
type Memory interface {
	LogQuestion(ctx context.Context, q store.Question) error
	RecordFeedback(ctx context.Context, f store.Feedback) error
	SeenEvent(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Options tunes a Bot; zero values take the defaults.
type Options struct {
	// Memory records questions and feedback; nil records nothing.
	Memory Memory
	// Home is what the App Home reads of the state store: the user's
	// recent questions and the latest digest; nil shows neither.
	Home HomeReader
	// Digest composes the digest of a slot, for the App Home's latest
	// digest; nil when the digest is off.
	Digest       func(ctx context.Context, slot time.Time) (digest.Digest, error)
	Workers      int           // answers in flight at once (default 8)
	Queue        int           // events waiting for a worker before "busy" (default 64)
	DrainTimeout time.Duration // how long shutdown waits for answers in flight (default 10 s)
	// HTTP posts to slash-command and button response URLs.
	HTTP *http.Client
	Now  func() time.Time
}

// Bot answers Slack events received over socket mode.
type Bot struct {
	api     Slack
	sm      *socketmode.Client
	answers Answerer
	corpus  Corpus
	log     *slog.Logger
	opts    Options
	metrics *Metrics

	userID    string // the bot's own user, from auth.test
	teamID    string
	seen      *seenSet
	threads   *threadMemory
	jobs      chan job
	busy      chan struct{} // bounds the goroutines that say "busy"
	connected atomic.Bool
	inflight  sync.WaitGroup

	chartsMu sync.Mutex
	charts   map[[32]byte]*Chart // uploaded stats charts by the PNG's SHA-256
}

// job is one envelope's work, run by a worker after the ack.
type job struct {
	kind string
	run  func(ctx context.Context) error
}

// New returns a bot that reads sm's events and replies through api.
func New(api Slack, sm *socketmode.Client, answers Answerer, c Corpus, log *slog.Logger, m *Metrics, opts Options) *Bot {
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
		opts.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if m == nil {
		m = NewMetrics()
	}
	return &Bot{
		api: api, sm: sm, answers: answers, corpus: c, log: log, opts: opts, metrics: m,
		seen:    newSeenSet(10000, 15*time.Minute, opts.Now),
		threads: newThreadMemory(5000, 24*time.Hour, opts.Now),
		jobs:    make(chan job, opts.Queue),
		busy:    make(chan struct{}, 16),
		charts:  map[[32]byte]*Chart{},
	}
}

// Connected reports whether the socket-mode connection is up: /healthz.
func (b *Bot) Connected() bool { return b.connected.Load() }

// RetryOption makes slack-go's Web API client retry what Slack asks to be
// retried: a 429 after its Retry-After, connection errors and 5xx with
// bounded, jittered backoff. retryAfter is the wait when a 429 has no
// Retry-After header.
func RetryOption(retryAfter time.Duration) slack.Option {
	cfg := slack.RetryConfig{MaxRetries: 4, RetryAfterDuration: retryAfter,
		BackoffInitial: 200 * time.Millisecond, BackoffMax: 10 * time.Second, BackoffJitter: 100 * time.Millisecond}
	cfg.Handlers = append(slack.AllBuiltinRetryHandlers(cfg), slack.NewServerErrorRetryHandler(cfg))
	return slack.OptionRetryConfig(cfg)
}

// ErrInvalidAuth is returned by Run when Slack rejects a token.
var ErrInvalidAuth = errors.New("slack rejected the token")

// Run serves until ctx is done, then stops taking work, waits up to
// DrainTimeout for answers in flight and returns nil. A rejected token ends
// it at once with an error wrapping ErrInvalidAuth.
func (b *Bot) Run(ctx context.Context) error {
	auth, err := b.api.AuthTestContext(ctx)
	if err != nil {
		if isAuthError(err) {
			return fmt.Errorf("SLACK_BOT_TOKEN: Slack rejected the bot token (%v); copy the Bot User OAuth Token from api.slack.com/apps → your app → OAuth & Permissions: %w", err, ErrInvalidAuth)
		}
		return fmt.Errorf("auth.test: %w", err)
	}
	b.userID, b.teamID = auth.UserID, auth.TeamID
	b.log.Info("authenticated", "team", auth.Team, "bot_user", auth.UserID)

	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var workers sync.WaitGroup
	for range b.opts.Workers {
		workers.Go(func() {
			for j := range b.jobs {
				b.do(workCtx, j)
			}
		})
	}

	sockErr := make(chan error, 1)
	go func() { sockErr <- b.sm.RunContext(ctx) }()

	runErr := b.loop(ctx, sockErr)

	// Stop taking work; let answers in flight finish, within a bound.
	close(b.jobs)
	done := make(chan struct{})
	go func() { workers.Wait(); b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(b.opts.DrainTimeout):
		b.log.Warn("shutdown: answers still in flight after the drain timeout", "timeout", b.opts.DrainTimeout)
		stopWork()
	}
	b.connected.Store(false)
	return runErr
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
		b.ack(ctx, evt.Request.EnvelopeID)
		b.route(evt)
	}
	return nil
}

// ack acknowledges an envelope at once, bounded so a reconnecting socket
// cannot stall the loop.
func (b *Bot) ack(ctx context.Context, envelopeID string) {
	actx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := b.sm.AckCtx(actx, envelopeID, nil); err != nil {
		b.log.Warn("ack failed", "envelope", envelopeID, "err", err)
	}
}

// route turns an acked envelope into a job, once.
func (b *Bot) route(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		key := ""
		if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
			key = "event:" + cb.EventID
			if !b.seen.add(key) {
				b.metrics.duplicates.Inc()
				return // a redelivery
			}
		}
		if e, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
			if e.Tab == "home" && e.User != "" {
				b.enqueue(job{"home", func(ctx context.Context) error { return b.handleHomeOpened(ctx, e.User) }}, nil)
			}
			return
		}
		b.routeMessage(ev, key)
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			return
		}
		b.enqueue(job{"slash", func(ctx context.Context) error { return b.handleSlash(ctx, cmd) }}, func(ctx context.Context) error {
			return b.respond(ctx, cmd.ResponseURL, busyMessage(), responseOpts{})
		})
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || cb.Type != slack.InteractionTypeBlockActions {
			return
		}
		b.enqueue(job{"interactive", func(ctx context.Context) error { return b.handleAction(ctx, cb) }}, nil)
	}
}

// routeMessage picks the messages the bot answers: mentions, DMs, and
// follow-ups in threads it answered. Its own messages, other bots' and
// edits, joins and other subtypes are ignored.
func (b *Bot) routeMessage(ev slackevents.EventsAPIEvent, eventKey string) {
	var m incoming
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == b.userID || e.Edited != nil {
			return
		}
		m = incoming{channel: e.Channel, user: e.User, text: e.Text, ts: e.TimeStamp, threadTS: e.ThreadTimeStamp, mention: true}
	case *slackevents.MessageEvent:
		if e.SubType != "" || e.BotID != "" || e.User == "" || e.User == b.userID {
			return
		}
		m = incoming{channel: e.Channel, user: e.User, text: e.Text, ts: e.TimeStamp, threadTS: e.ThreadTimeStamp, im: e.ChannelType == "im"}
		mentions := strings.Contains(e.Text, "<@"+b.userID+">")
		if !m.im && (mentions || m.threadTS == "" || !b.threads.has(m.channel, m.threadTS)) {
			return // a mention comes as app_mention too; other channel talk is not for us
		}
	default:
		return
	}
	msgKey := "msg:" + m.channel + ":" + m.ts
	if !b.seen.add(msgKey) {
		b.metrics.duplicates.Inc()
		return // the same message delivered as app_mention and as message
	}
	b.enqueue(job{"message", func(ctx context.Context) error {
		if !b.firstTime(ctx, eventKey, msgKey) {
			return nil // answered before a restart
		}
		return b.handleMessage(ctx, m)
	}}, func(ctx context.Context) error {
		_, _, err := b.post(ctx, m.channel, busyMessage(), m.replyThread())
		return err
	})
}

// firstTime checks the persistent memory (if any) for keys seen before a
// restart; in a worker, so the socket loop never waits on the disk. A
// memory error lets the event through: answering twice beats not at all.
func (b *Bot) firstTime(ctx context.Context, keys ...string) bool {
	if b.opts.Memory == nil {
		return true
	}
	first := true
	for _, k := range keys {
		if k == "" {
			continue
		}
		isNew, err := b.opts.Memory.SeenEvent(ctx, k, 24*time.Hour)
		if err != nil {
			b.log.Warn("state store: seen events", "err", err)
			continue
		}
		first = first && isNew
	}
	if !first {
		b.metrics.duplicates.Inc()
	}
	return first
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
			b.do(context.Background(), job{"busy", busy})
		})
	default: // even the busy replies are saturated: drop
	}
}

// do runs one job, recovering from a panic so that one bad event never
// takes the bot down.
func (b *Bot) do(ctx context.Context, j job) {
	defer func() {
		if r := recover(); r != nil {
			b.metrics.panics.Inc()
			b.log.Error("handler panicked; the bot keeps serving", "kind", j.kind, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := j.run(ctx); err != nil {
		b.log.Error("handler failed", "kind", j.kind, "err", err)
	}
}

func errText(data any) string {
	if e, ok := data.(*slack.ConnectionErrorEvent); ok && e.ErrorObj != nil {
		return e.ErrorObj.Error()
	}
	return fmt.Sprint(data)
}
