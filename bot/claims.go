package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// How replicas share events. Each message event is claimed in the store,
// under its event ID and its channel+ts at once, with what answering it
// takes and a lease, before it is acked: one replica claims it, the others
// see a duplicate; an acked event is in the store even if this process
// dies the next instant. The owner renews its leases while it is alive;
// when one runs out, any replica takes the event over and answers it.
const (
	// claimLease is how long a claim holds without renewal: a replica
	// that dies has its events taken over by another within claimLease
	// plus claimScan (12 s, well within the 30 s a user should wait).
	claimLease = 10 * time.Second
	// claimScan is how often leases are renewed and expired ones looked
	// for: several renewals fit in one lease.
	claimScan = 2 * time.Second
	// claimTimeout bounds the claim before the ack: Slack wants the ack
	// within 3 s. A store that does not answer in time is logged and the
	// event answered anyway, unclaimed (answering twice beats not at all).
	claimTimeout = 2 * time.Second
	// maxAttempts is how many claims an event gets, the first and the
	// takeovers, before it is given up: an event that kills every replica
	// that answers it must not go round for ever.
	maxAttempts = 3
	// maxIntake bounds the events being claimed at once.
	maxIntake = 16
)

// answerEventType marks the bot's answers (Slack message metadata) with
// the event they answer, so that a replica taking an event over can tell
// whether the one that died had answered it already.
const answerEventType = "landscape_answer"

// newOwner names this process among the replicas: host and pid for people,
// and a random part, because a restarted container has the same of both.
func newOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// receive handles one Events API envelope: picks out a message to answer,
// claims it, acks the envelope and queues the answer; or, for the App Home
// opened, acks it and queues the view's publishing, unclaimed (publishing
// it again on a redelivery does no harm). Every envelope is acked,
// whatever happens.
func (b *Bot) receive(ctx context.Context, evt socketmode.Event) {
	if user, ok := homeOpened(evt); ok {
		b.ack(ctx, evt.Request.EnvelopeID)
		b.enqueue(job{kind: "home", run: func(ctx context.Context) error { return b.handleHomeOpened(ctx, user) }}, nil)
		return
	}
	m, ok := b.message(ctx, evt)
	claimed := true
	if ok {
		claimed = b.claim(ctx, &m)
	}
	b.ack(ctx, evt.Request.EnvelopeID)
	if !ok || !claimed {
		return
	}
	b.enqueue(b.messageJob(m),
		func(ctx context.Context) error {
			_, _, err := b.post(ctx, m.Channel, busyMessage(), m.replyThread())
			return err
		})
}

// messageJob is the job of answering m, or of adding the files it shares.
func (b *Bot) messageJob(m incoming) job {
	j := job{kind: "message", claim: m.Key, run: func(ctx context.Context) error { return b.handleMessage(ctx, m) }}
	if len(m.Files) > 0 {
		j.kind, j.timeout = "files", curateTimeout
	}
	return j
}

// message picks the messages the bot answers: mentions, DMs, and
// follow-ups in threads it answered. Its own messages, other bots' and
// edits, joins and other subtypes are ignored.
func (b *Bot) message(ctx context.Context, evt socketmode.Event) (incoming, bool) {
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		return incoming{}, false
	}
	var m incoming
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == b.userID || e.Edited != nil {
			return incoming{}, false
		}
		m = incoming{Channel: e.Channel, User: e.User, Text: e.Text, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp, Mention: true}
	case *slackevents.MessageEvent:
		// Files shared in a DM come as file_share: to add to the corpus.
		fileShare := e.SubType == "file_share" && e.ChannelType == "im" && e.Message != nil
		if e.SubType != "" && !fileShare || e.BotID != "" || e.User == "" || e.User == b.userID {
			return incoming{}, false
		}
		m = incoming{Channel: e.Channel, User: e.User, Text: e.Text, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp, IM: e.ChannelType == "im"}
		if fileShare {
			for _, f := range e.Message.Files {
				m.Files = append(m.Files, f.ID)
			}
		}
		if !m.IM && (strings.Contains(e.Text, "<@"+b.userID+">") || m.ThreadTS == "" || !b.inConversation(ctx, m.Channel, m.ThreadTS)) {
			return incoming{}, false // a mention comes as app_mention too; other channel talk is not for us
		}
	default:
		return incoming{}, false
	}
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
		m.Key = "event:" + cb.EventID
	}
	return m, true
}

// homeOpened picks out a user opening the app's Home tab.
func homeOpened(evt socketmode.Event) (user string, ok bool) {
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		return "", false
	}
	e, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || e.Tab != "home" || e.User == "" {
		return "", false
	}
	return e.User, true
}

// inConversation reports whether the bot answered in the thread lately.
func (b *Bot) inConversation(ctx context.Context, channel, thread string) bool {
	ctx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	_, _, ok, err := b.opts.Memory.Conversation(ctx, channel, thread)
	if err != nil {
		b.log.Warn("state store: conversation", "err", err)
	}
	return ok
}

// claim records m in the store under its event ID and its channel+ts, and
// reports whether it is this replica's to answer: false for a redelivery
// or the second delivery of one message. m.Key becomes the claim's ID.
func (b *Bot) claim(ctx context.Context, m *incoming) bool {
	keys := []string{"msg:" + m.Channel + ":" + m.TS}
	if m.Key != "" {
		keys = append([]string{m.Key}, keys...)
	}
	m.Key = keys[0]
	payload, err := json.Marshal(m)
	if err != nil {
		b.log.Error("claim: cannot encode the event; answering it unclaimed", "err", err)
		m.Key = ""
		return true
	}
	// Not cut short by shutdown: an event half claimed is worse than one
	// claimed and handed over.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claimTimeout)
	defer cancel()
	ok, err := b.opts.Memory.ClaimEvent(cctx, keys, payload, b.owner, claimLease)
	if err != nil {
		b.log.Warn("state store: cannot claim the event; answering it unclaimed", "err", err)
		m.Key = ""
		return true
	}
	if !ok {
		b.metrics.duplicates.Inc()
	}
	return ok
}

// settle finishes a claimed event, or releases it when shutdown cut its
// answer short, so that another replica answers it at once.
func (b *Bot) settle(id string, interrupted bool) {
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	var err error
	if interrupted {
		err = b.opts.Memory.ReleaseEvent(ctx, id, b.owner)
	} else {
		err = b.opts.Memory.FinishEvent(ctx, id)
	}
	if err != nil {
		b.log.Warn("state store: settling a claimed event", "event", id, "released", interrupted, "err", err)
	}
}

// keepClaims renews this replica's leases every claimScan until leaseCtx
// ends, and takes over events whose lease ran out until ctx ends.
func (b *Bot) keepClaims(ctx, leaseCtx context.Context) {
	t := time.NewTicker(claimScan)
	defer t.Stop()
	for {
		if err := b.opts.Memory.RenewEvents(leaseCtx, b.owner, claimLease); err != nil && leaseCtx.Err() == nil {
			b.log.Warn("state store: renewing leases", "err", err)
		}
		if ctx.Err() == nil {
			b.takeOver(ctx)
		}
		select {
		case <-leaseCtx.Done():
			return
		case <-t.C:
		}
	}
}

// takeOver queues the events whose claimer stopped renewing them, as many
// as the queue has room for.
func (b *Bot) takeOver(ctx context.Context) {
	evs, err := b.opts.Memory.ReclaimEvents(ctx, b.owner, claimLease, cap(b.jobs)-len(b.jobs))
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("state store: taking over events", "err", err)
		}
		return
	}
	for _, e := range evs {
		var m incoming
		if err := json.Unmarshal(e.Payload, &m); err != nil || e.Attempts > maxAttempts {
			b.log.Error("claimed event given up", "event", e.ID, "attempts", e.Attempts, "err", err)
			b.settle(e.ID, false)
			continue
		}
		m.Key, m.takenOver = e.ID, true
		b.metrics.takenOver.Inc()
		b.log.Info("answering an event whose claimer stopped", "event", e.ID, "attempt", e.Attempts)
		select {
		case b.jobs <- b.messageJob(m):
		default: // the queue filled meanwhile: let another replica have it
			b.settle(e.ID, true)
		}
	}
}

// answered reports whether the bot's answer to m is in the conversation
// already: a replica that died after posting it, before finishing the
// claim. It needs the conversation's history scope; without it the answer
// is assumed not posted.
func (b *Bot) answered(ctx context.Context, m incoming) (bool, error) {
	var msgs []slack.Message
	if thread := m.replyThread(); thread != "" {
		p := &slack.GetConversationRepliesParameters{ChannelID: m.Channel, Timestamp: thread, IncludeAllMetadata: true, Limit: 200}
		for page := 0; page < 10; page++ {
			got, more, cursor, err := b.api.GetConversationRepliesContext(ctx, p)
			if err != nil {
				return false, fmt.Errorf("conversations.replies: %w", err)
			}
			msgs = append(msgs, got...)
			if !more || cursor == "" {
				break
			}
			p.Cursor = cursor
		}
	} else {
		res, err := b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: m.Channel, Oldest: m.TS, IncludeAllMetadata: true, Limit: 200})
		if err != nil {
			return false, fmt.Errorf("conversations.history: %w", err)
		}
		msgs = res.Messages
	}
	for _, msg := range msgs {
		if msg.Metadata.EventType == answerEventType && msg.Metadata.EventPayload["event"] == m.Key {
			return true, nil
		}
	}
	return false, nil
}

// answerMetadata tags an answer with the event it answers.
func answerMetadata(m incoming) []slack.MsgOption {
	if m.Key == "" {
		return nil
	}
	return []slack.MsgOption{slack.MsgOptionMetadata(slack.SlackMetadata{EventType: answerEventType, EventPayload: map[string]any{"event": m.Key}})}
}
