package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/digest"
)

// Posting exactly once: the claim-verify-post path's Slack half. What the
// bot must post once across replicas and crashes — the answer to a claimed
// request, a slot's digest — is claimed in the store first (claims.go, the
// digest ledger); it is posted with a tag, Slack message metadata naming
// what it is for; and whoever resumes the work of a claimer that died
// (a takeover, a digest slot taken over while posting) first looks for a
// message with that tag, and posts only if there is none. Looking needs
// the conversation's history scope (im:history for DMs, channels:history
// or groups:history for channels).

// Conversations is what posting once needs of Slack: posting, and reading
// a channel's history and a thread's replies; *slack.Client has it.
type Conversations interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error)
}

// Tag event types: the kinds of message the bot posts once.
const (
	// answerEventType marks an answer with the claimed request it answers.
	answerEventType = "landscape_answer"
	// digestEventType marks a digest with its slot.
	digestEventType = "landscape_digest"
)

// tag names what a message is for: its kind, and the payload field that
// names which one (an answer's event, a digest's slot).
type tag struct {
	kind, field string
	value       any
}

// answerTag tags the answer to the claimed request key; "" (unclaimed)
// has none.
func answerTag(key string) (tag, bool) { return tag{answerEventType, "event", key}, key != "" }

// digestTag tags the digest of slot.
func digestTag(slot time.Time) tag { return tag{digestEventType, "slot", slot.Unix()} }

func (t tag) option() slack.MsgOption {
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: t.kind, EventPayload: map[string]any{t.field: t.value}})
}

// on reports whether m carries t. Slack returns numbers in the payload as
// JSON numbers (float64).
func (t tag) on(m slack.Message) bool {
	if m.Metadata.EventType != t.kind {
		return false
	}
	got := m.Metadata.EventPayload[t.field]
	if n, ok := t.value.(int64); ok {
		return payloadInt(got) == n
	}
	return got == t.value
}

func payloadInt(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case json.Number:
		i, _ := n.Int64()
		return i
	case int64:
		return n
	}
	return 0
}

// place is where a message goes: a channel, a thread in it, and for a
// channel message the time from which its history is searched for it.
type place struct {
	channel, thread, oldest string
}

const (
	// findPages bounds the pages of history read when looking for a
	// tagged message: a takeover looks shortly after the post it checks
	// for, so it is near the start.
	findPages = 10
	// findPageSize is Slack's largest page of history.
	findPageSize = 200
)

// findTagged looks at p for a message carrying t and returns its ts.
func findTagged(ctx context.Context, api Conversations, p place, t tag) (string, bool, error) {
	if p.thread != "" {
		params := &slack.GetConversationRepliesParameters{ChannelID: p.channel, Timestamp: p.thread, IncludeAllMetadata: true, Limit: findPageSize}
		for range findPages {
			msgs, more, cursor, err := api.GetConversationRepliesContext(ctx, params)
			if err != nil {
				return "", false, fmt.Errorf("conversations.replies: %w", err)
			}
			if ts, ok := tagged(msgs, t); ok {
				return ts, true, nil
			}
			if !more || cursor == "" {
				break
			}
			params.Cursor = cursor
		}
		return "", false, nil
	}
	params := &slack.GetConversationHistoryParameters{ChannelID: p.channel, Oldest: p.oldest, IncludeAllMetadata: true, Limit: findPageSize}
	for range findPages {
		res, err := api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return "", false, fmt.Errorf("conversations.history: %w", err)
		}
		if ts, ok := tagged(res.Messages, t); ok {
			return ts, true, nil
		}
		if !res.HasMore || res.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
	return "", false, nil
}

func tagged(msgs []slack.Message, t tag) (string, bool) {
	for _, m := range msgs {
		if t.on(m) {
			return m.Timestamp, true
		}
	}
	return "", false
}

// postMessage posts m at p (in its thread, if any) with extra options
// such as a tag, and returns the message's channel and ts. slack-go's
// client retries 429s after Retry-After and transient errors with backoff
// (RetryOption).
func postMessage(ctx context.Context, api Conversations, p place, m Message, extra ...slack.MsgOption) (string, string, error) {
	opts := append([]slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)}, extra...)
	if p.thread != "" {
		opts = append(opts, slack.MsgOptionTS(p.thread))
	}
	ch, ts, err := api.PostMessageContext(ctx, p.channel, opts...)
	if err != nil {
		return "", "", fmt.Errorf("chat.postMessage: %w", err)
	}
	return ch, ts, nil
}

// answered reports whether the answer to r, a request taken over, is in
// its conversation already: posted by a replica that died before
// finishing the claim. Without the history scope it is assumed not.
func (b *Bot) answered(ctx context.Context, r request) (bool, error) {
	t, ok := answerTag(r.Key)
	if !ok {
		return false, nil
	}
	_, found, err := findTagged(ctx, b.chat, place{channel: r.Channel, thread: r.replyThread(), oldest: r.TS}, t)
	return found, err
}

// answerOptions tags an answer with the request it answers.
func answerOptions(r request) []slack.MsgOption {
	if t, ok := answerTag(r.Key); ok {
		return []slack.MsgOption{t.option()}
	}
	return nil
}

// DigestPoster posts digests through Slack's Web API; it is the
// digest.Poster of `serve` and of `landscape digest`.
type DigestPoster struct {
	api Conversations
}

// NewDigestPoster returns a poster over api (a *slack.Client).
func NewDigestPoster(api Conversations) *DigestPoster { return &DigestPoster{api: api} }

// PostDigest posts d to channel, tagged with its slot.
func (p *DigestPoster) PostDigest(ctx context.Context, channel string, d digest.Digest, slot time.Time) (string, error) {
	_, ts, err := postMessage(ctx, p.api, place{channel: channel}, DigestMessage(d), digestTag(slot).option())
	return ts, err
}

// FindDigest looks in channel's history, from a minute before the slot
// on, for the digest of slot. It needs the history scope of the channel
// (channels:history or groups:history).
func (p *DigestPoster) FindDigest(ctx context.Context, channel string, slot time.Time) (string, bool, error) {
	oldest := fmt.Sprintf("%d.000000", slot.Add(-time.Minute).Unix())
	return findTagged(ctx, p.api, place{channel: channel, oldest: oldest}, digestTag(slot))
}
