package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// Slack is what the bot needs of Slack's Web API; *slack.Client has it.
type Slack interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	// UploadFileContext is Slack's external upload flow (getUploadURLExternal,
	// the upload, completeUploadExternal): slack-go's UploadFileV2 of old.
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	// Curation: files shared with the bot (files:read) and the members of
	// the curators' user groups (usergroups:read).
	GetFileInfoContext(ctx context.Context, fileID string, count, page int) (*slack.File, []slack.Comment, *slack.Paging, error)
	GetFileContext(ctx context.Context, downloadURL string, writer io.Writer) error
	GetUserGroupsContext(ctx context.Context, options ...slack.GetUserGroupsOption) ([]slack.UserGroup, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error)
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

// Memory is what the bot keeps in the state store, shared by its replicas;
// *store.Store is one. Questions and feedback feed the digest; claimed
// events make every event answered once by one replica, and by another if
// that one dies; conversations let a follow-up continue on any replica.
type Memory interface {
	LogQuestion(ctx context.Context, q store.Question) error
	RecordFeedback(ctx context.Context, f store.Feedback) error
	HashUser(team, user string) string

	ClaimEvent(ctx context.Context, keys []string, payload []byte, owner string, lease time.Duration) (bool, error)
	FinishEvent(ctx context.Context, id string) error
	ReleaseEvent(ctx context.Context, id, owner string) error
	RenewEvents(ctx context.Context, owner string, lease time.Duration) error
	ReclaimEvents(ctx context.Context, owner string, lease time.Duration, limit int) ([]store.Event, error)

	RememberConversation(ctx context.Context, channel, thread, question string) error
	Conversation(ctx context.Context, channel, thread string) (question string, at time.Time, ok bool, err error)

	RecordCuration(ctx context.Context, c store.Curation) error
}

// Options tunes a Bot; zero values take the defaults.
type Options struct {
	// Memory is the state store; Run refuses to start without one.
	Memory Memory
	// Home is what the App Home reads of the state store: the user's
	// recent questions and the latest digest; nil shows neither.
	Home HomeReader
	// Digest composes the digest of a slot, for the App Home's latest
	// digest; nil when the digest is off.
	Digest func(ctx context.Context, slot time.Time) (digest.Digest, error)
	// Curation lets curators add and remove documents from Slack; nil
	// when there is no corpus folder to change (they are told so).
	Curation     *Curation
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
	owner     string // this process, as the owner of claimed events
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
	// curateTimeout bounds a curator's add: up to maxAddItems documents,
	// each fetched or downloaded (fetch.Timeout) and read (the corpus's
	// file timeout), and a margin for waiting behind another add.
	curateTimeout = maxAddItems*(fetch.Timeout+corpus.DefaultFileTimeout) + 30*time.Second
)

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
	var curators *curatorCheck
	if opts.Curation != nil {
		curators = newCuratorCheck(opts.Curation.Curators, api)
	}
	return &Bot{
		api: api, sm: sm, answers: answers, corpus: c, log: log, opts: opts, metrics: m, curators: curators,
		owner:  newOwner(),
		jobs:   make(chan job, opts.Queue),
		stop:   make(chan struct{}),
		busy:   make(chan struct{}, 16),
		intake: make(chan struct{}, maxIntake),
		charts: map[[32]byte]*Chart{},
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
	if b.opts.Memory == nil {
		return errors.New("bot: no state store (Options.Memory)")
	}
	auth, err := b.api.AuthTestContext(ctx)
	if err != nil {
		if isAuthError(err) {
			return fmt.Errorf("SLACK_BOT_TOKEN: Slack rejected the bot token (%v); copy the Bot User OAuth Token from api.slack.com/apps → your app → OAuth & Permissions: %w", err, ErrInvalidAuth)
		}
		return fmt.Errorf("auth.test: %w", err)
	}
	b.userID, b.teamID = auth.UserID, auth.TeamID
	b.log.Info("authenticated", "team", auth.Team, "bot_user", auth.UserID, "owner", b.owner)

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
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return nil
		}
		// Claimed in the store before the ack, off the socket loop.
		select {
		case b.intake <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		b.intaking.Go(func() {
			defer func() { <-b.intake }()
			b.receive(ctx, evt)
		})
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
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

// route turns an acked slash command or button click into a job.
func (b *Bot) route(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			return
		}
		b.enqueue(job{kind: "slash", timeout: slashTimeout(cmd.Text), run: func(ctx context.Context) error { return b.handleSlash(ctx, cmd) }}, func(ctx context.Context) error {
			return b.respond(ctx, cmd.ResponseURL, busyMessage(), responseOpts{})
		})
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			return
		}
		switch cb.Type {
		case slack.InteractionTypeBlockActions:
			b.enqueue(job{kind: "interactive", run: func(ctx context.Context) error { return b.handleAction(ctx, cb) }}, nil)
		case slack.InteractionTypeMessageAction:
			if h, ok := shortcuts[cb.CallbackID]; ok {
				b.enqueue(job{kind: "shortcut", timeout: curateTimeout, run: func(ctx context.Context) error { return h(b, ctx, cb) }}, func(ctx context.Context) error {
					return b.respond(ctx, cb.ResponseURL, busyMessage(), responseOpts{})
				})
			}
		}
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
