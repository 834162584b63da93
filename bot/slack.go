package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/slack-go/slack"
)

// Slack I/O at the edge: posting to conversations and replying privately
// through response URLs, with their retries. Handlers render Messages and
// hand them here.

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

// post sends m to a channel (in thread, if set), with extra options such
// as a tag. slack-go's client retries 429s after Retry-After and
// transient errors with backoff (RetryOption); what still fails is
// counted and returned.
func (b *Bot) post(ctx context.Context, channel string, m Message, thread string, extra ...slack.MsgOption) (string, string, error) {
	ch, ts, err := postMessage(ctx, b.chat, place{channel: channel, thread: thread}, m, extra...)
	if err != nil {
		b.metrics.apiErrors.WithLabelValues("chat.postMessage").Inc()
	}
	return ch, ts, err
}

type responseOpts struct {
	replaceOriginal, deleteOriginal bool
}

// privately is how a handler replies to r (a slash command, a click, a
// shortcut): a private message through its response URL.
func (b *Bot) privately(ctx context.Context, r request, o responseOpts) func(Message) error {
	return func(m Message) error { return b.respond(ctx, r.ResponseURL, m, o) }
}

// respond posts m to a slash command's or button's response_url (slack-go's
// webhook call): a private (ephemeral) reply. What is worth another try — a
// 429, a 5xx, a dropped connection — is tried again, up to
// respondAttempts times.
func (b *Bot) respond(ctx context.Context, url string, m Message, o responseOpts) error {
	if url == "" {
		return fmt.Errorf("no response_url")
	}
	msg := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: m.Text, ReplaceOriginal: o.replaceOriginal}
	if len(m.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: m.Blocks}
	}
	if o.deleteOriginal {
		msg = &slack.WebhookMessage{DeleteOriginal: true}
	}
	var err error
	for attempt := range respondAttempts {
		if err = slack.PostWebhookCustomHTTPContext(ctx, url, b.opts.HTTP, msg); err == nil {
			return nil
		}
		wait, again := retryWait(err, attempt)
		if !again || attempt == respondAttempts-1 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	b.metrics.apiErrors.WithLabelValues("response_url").Inc()
	return fmt.Errorf("response_url: %w", err)
}

// respondAttempts and maxRetryAfter bound a private reply's retries: past
// half a minute, a reply to a button or a slash command is too late to
// help.
const (
	respondAttempts = 4
	maxRetryAfter   = 30 * time.Second
)

// retryWait says whether err, from slack-go's webhook call, is worth
// another attempt, and after how long: Slack's Retry-After for a 429,
// else a backoff growing with attempt (0-based).
func retryWait(err error, attempt int) (time.Duration, bool) {
	backoff := time.Duration((attempt+1)*(attempt+1)) * 200 * time.Millisecond
	var limited *slack.RateLimitedError
	var status slack.StatusCodeError
	var netErr net.Error
	switch {
	case errors.As(err, &limited):
		return max(limited.RetryAfter, backoff), limited.RetryAfter <= maxRetryAfter
	case errors.As(err, &status):
		return backoff, status.Retryable()
	case errors.As(err, &netErr):
		return backoff, true
	}
	return 0, false
}
