package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/store"
)

// The bot's whole surface. Events: app_mention (answer in the thread),
// message.im (answer in the DM; files shared there are added to the
// corpus, for curators: handleFiles), message in a thread the bot answered
// (answer the follow-up, with the thread's question as context),
// app_home_opened (publish the user's App Home, handleHomeOpened). Buttons:
// the action IDs in actions. Message shortcuts: the callback IDs in
// shortcuts. Slash command /landscape: the subcommands in slashCommands;
// anything else is a question.
var slashCommands []slashCommand

// init fills slashCommands: help lists them, so a plain initializer would
// refer to itself.
func init() {
	slashCommands = []slashCommand{
		{"help", "", "what I do and how to ask", func(b *Bot, ctx context.Context, req slashRequest, send func(Message) error) error {
			return send(helpMessage(b.exampleQuestions(ctx, 1)))
		}},
		{"stats", "[topic]", "headline figures, compared, charted and sourced", func(b *Bot, ctx context.Context, req slashRequest, send func(Message) error) error {
			return b.sendStats(ctx, b.corpus.Facts().Filter(req.Arg), req.Arg, 0, true, send)
		}},
		{"sources", "", "the documents I answer from", func(b *Bot, ctx context.Context, req slashRequest, send func(Message) error) error {
			return send(SourcesMessage(b.corpus.Documents()))
		}},
		{"add", "LINK", "add a web page or PDF to the corpus (curators; or send me a file)", (*Bot).slashAdd},
		{"remove", "DOC", "remove a document from the corpus, by id or title (curators)", (*Bot).slashRemove},
	}
}

// slashTimeout is how long the subcommand text may take: adding fetches
// and reads documents.
func slashTimeout(text string) time.Duration {
	if word, _, _ := strings.Cut(strings.TrimSpace(text), " "); strings.EqualFold(word, "add") {
		return curateTimeout
	}
	return jobTimeout
}

// shortcuts are the message shortcuts, by callback ID.
var shortcuts = map[string]func(b *Bot, ctx context.Context, cb slack.InteractionCallback) error{
	ShortcutAdd: (*Bot).shortcutAdd,
}

// actions are the buttons the bot's messages carry.
var actions = map[string]func(b *Bot, ctx context.Context, cb slack.InteractionCallback, value string) error{
	ActionMore:          (*Bot).actionMore,
	ActionShare:         (*Bot).actionShare,
	ActionFeedbackUp:    (*Bot).actionFeedback,
	ActionFeedbackDown:  (*Bot).actionFeedback,
	ActionStatsPage:     (*Bot).actionStatsPage,
	ActionShareStats:    (*Bot).actionShareStats,
	ActionRemovePick:    (*Bot).actionRemovePick,
	ActionRemoveConfirm: (*Bot).actionRemoveConfirm,
	ActionRemoveCancel:  (*Bot).actionRemoveCancel,
}

type slashCommand struct {
	name, args, help string
	run              func(b *Bot, ctx context.Context, req slashRequest, send func(Message) error) error
}

// slashRequest is a subcommand's text after its name, and who typed it.
type slashRequest struct {
	Arg, User string
}

// incoming is a message the bot answers. It is the payload of the
// event's claim in the store, so that any replica can answer it.
type incoming struct {
	Channel  string `json:"channel"`
	User     string `json:"user"`
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts,omitempty"`
	Mention  bool   `json:"mention,omitempty"`
	IM       bool   `json:"im,omitempty"`
	// Files are the IDs of files shared in a DM: to add to the corpus.
	Files []string `json:"files,omitempty"`

	Key       string `json:"-"` // the event's claim, "" if unclaimed
	takenOver bool   // from a replica that stopped: check for its answer first
}

// replyThread is where the reply goes: the message's thread, or a new
// thread under a channel message; in a DM, the conversation itself.
func (m incoming) replyThread() string {
	if m.ThreadTS != "" {
		return m.ThreadTS
	}
	if m.IM {
		return ""
	}
	return m.TS
}

// dmFollowUpWindow is how long a DM question stays the context of a short
// follow-up in the same DM ("and the US?").
const dmFollowUpWindow = 15 * time.Minute

// slackMarkupRE finds Slack's markup in a message's text: a user mention
// (<@U…>), a broadcast or user group (<!here>, <!subteam^S…|@team>), a
// channel link (<#C…|name>), a link (<https://…|label>).
var slackMarkupRE = regexp.MustCompile(`<([@!#]?)([^<>|]*)(?:\|([^<>]*))?>`)

// typedEscapes undoes Slack's escaping of what a user typed. A typed "<"
// or ">" (sent as &lt; and &gt;) becomes its full-width form, which reads
// the same and is never markup wherever the question goes — echoed in a
// reply, kept in the store, listed in the digest, printed in a terminal —
// so a typed "<!channel>" can never come back as one.
var typedEscapes = strings.NewReplacer("&lt;", "＜", "&gt;", "＞", "&amp;", "&")

// questionText turns a message's text, as Slack sends it, into the
// question: mentions and broadcasts dropped (they are not part of it; a
// typed @here arrives as <!here>), a channel link kept as its #name, a
// link as its label (or its URL), then what the user typed unescaped
// (typedEscapes) and spaces folded.
func questionText(s string) string {
	s = slackMarkupRE.ReplaceAllStringFunc(s, func(m string) string {
		p := slackMarkupRE.FindStringSubmatch(m)
		sigil, target, label := p[1], p[2], p[3]
		switch {
		case sigil == "#" && label != "":
			return " #" + label + " "
		case sigil != "":
			return " "
		case label != "":
			return " " + label + " "
		}
		return " " + target + " "
	})
	return strings.Join(strings.Fields(typedEscapes.Replace(s)), " ")
}

func (b *Bot) handleMessage(ctx context.Context, m incoming) error {
	if m.takenOver {
		done, err := b.answered(ctx, m)
		if err != nil {
			b.log.Warn("cannot tell whether an event taken over was answered; answering it", "event", m.Key, "err", err)
		}
		if done {
			return nil
		}
	}
	if len(m.Files) > 0 {
		return b.handleFiles(ctx, m)
	}
	q := questionText(m.Text)
	thread := m.replyThread()
	// The conversation a follow-up continues: the thread, or, in a DM
	// without threads, the DM itself for a few minutes.
	conv := thread
	if m.IM && thread == "" {
		conv = "dm"
	}
	if conv != "" {
		prev, at, ok, err := b.opts.Memory.Conversation(ctx, m.Channel, conv)
		if err != nil {
			b.log.Warn("state store: conversation", "err", err)
		}
		if ok && (m.ThreadTS != "" || m.IM && b.opts.Now().Sub(at) < dmFollowUpWindow) {
			q = answer.FollowUp(prev, q)
		}
	}
	res, err := b.ask(ctx, q, cardRelated)
	if err != nil {
		_, _, perr := b.post(ctx, m.Channel, errorMessage(), thread, answerMetadata(m)...)
		return fmt.Errorf("answer %q: %w (reply: %v)", q, err, perr)
	}
	if conv != "" && res.Question != "" {
		if err := b.opts.Memory.RememberConversation(ctx, m.Channel, conv, res.Question); err != nil {
			b.log.Warn("state store: conversation", "err", err)
		}
	}
	b.record(ctx, m.Channel, m.User, res)
	_, _, err = b.post(ctx, m.Channel, AnswerMessage(res, b.corpus, AnswerView{}), thread, answerMetadata(m)...)
	return err
}

func (b *Bot) handleSlash(ctx context.Context, cmd slack.SlashCommand) error {
	text := strings.TrimSpace(cmd.Text)
	word, rest, _ := strings.Cut(text, " ")
	for _, c := range slashCommands {
		if strings.EqualFold(word, c.name) {
			return c.run(b, ctx, slashRequest{Arg: strings.TrimSpace(rest), User: cmd.UserID}, func(m Message) error {
				return b.respond(ctx, cmd.ResponseURL, m, responseOpts{})
			})
		}
	}
	if text == "" {
		return b.respond(ctx, cmd.ResponseURL, helpMessage(b.exampleQuestions(ctx, 1)), responseOpts{})
	}
	res, err := b.ask(ctx, questionText(text), cardRelated)
	if err != nil {
		return b.respond(ctx, cmd.ResponseURL, errorMessage(), responseOpts{})
	}
	b.record(ctx, cmd.ChannelID, cmd.UserID, res)
	return b.respond(ctx, cmd.ResponseURL, AnswerMessage(res, b.corpus, AnswerView{Private: true}), responseOpts{})
}

func (b *Bot) handleAction(ctx context.Context, cb slack.InteractionCallback) error {
	for _, a := range cb.ActionCallback.BlockActions {
		if h, ok := actions[a.ActionID]; ok {
			if err := h(b, ctx, cb, a.Value); err != nil {
				return fmt.Errorf("%s: %w", a.ActionID, err)
			}
		}
	}
	return nil
}

func (b *Bot) actionMore(ctx context.Context, cb slack.InteractionCallback, value string) error {
	var ref AnswerRef
	if err := json.Unmarshal([]byte(value), &ref); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	ref.Page = max(ref.Page, 1)
	res, err := b.ask(ctx, ref.Question, ref.Page*relatedPerPage+1)
	if err != nil {
		return err
	}
	// The first page is a new private message under the answer, which
	// stays as it was; later pages replace it.
	return b.respond(ctx, cb.ResponseURL, AnswerMessage(res, b.corpus, AnswerView{Page: ref.Page}), responseOpts{replaceOriginal: ref.Page > 1})
}

func (b *Bot) actionShare(ctx context.Context, cb slack.InteractionCallback, value string) error {
	var ref AnswerRef
	if err := json.Unmarshal([]byte(value), &ref); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	res, err := b.ask(ctx, ref.Question, cardRelated)
	if err != nil {
		return err
	}
	m := sharedBy(AnswerMessage(res, b.corpus, AnswerView{}), cb.User.ID, ref.Question)
	if _, _, err := b.post(ctx, cb.Channel.ID, m, ""); err != nil {
		return err
	}
	return b.respond(ctx, cb.ResponseURL, Message{}, responseOpts{deleteOriginal: true})
}

func (b *Bot) actionFeedback(ctx context.Context, cb slack.InteractionCallback, value string) error {
	up := false
	for _, a := range cb.ActionCallback.BlockActions {
		up = up || a.ActionID == ActionFeedbackUp
	}
	b.metrics.feedback(up)
	var ref AnswerRef
	_ = json.Unmarshal([]byte(value), &ref) // a bad value still counts
	err := b.opts.Memory.RecordFeedback(ctx, store.Feedback{At: b.opts.Now(), Channel: cb.Channel.ID,
		UserHash: b.opts.Memory.HashUser(b.teamID, cb.User.ID), Question: ref.Question, Source: ref.Source, Up: up})
	if err != nil {
		b.log.Warn("state store: feedback", "err", err)
	}
	text := "Thanks — noted 👎. A curator will look at this question."
	if up {
		text = "Thanks — noted 👍."
	}
	return b.respond(ctx, cb.ResponseURL, newMessage(text), responseOpts{})
}

func (b *Bot) actionStatsPage(ctx context.Context, cb slack.InteractionCallback, value string) error {
	var p StatsPage
	if err := json.Unmarshal([]byte(value), &p); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	return b.sendStats(ctx, b.corpus.Facts().Filter(p.Topic), p.Topic, p.Page, true, func(m Message) error {
		return b.respond(ctx, cb.ResponseURL, m, responseOpts{replaceOriginal: true})
	})
}

func (b *Bot) actionShareStats(ctx context.Context, cb slack.InteractionCallback, value string) error {
	var p StatsPage
	if err := json.Unmarshal([]byte(value), &p); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	err := b.sendStats(ctx, b.corpus.Facts().Filter(p.Topic), p.Topic, p.Page, false, func(m Message) error {
		_, _, err := b.post(ctx, cb.Channel.ID, sharedBy(m, cb.User.ID, strings.TrimSpace("/landscape stats "+p.Topic)), "")
		return err
	})
	if err != nil {
		return err
	}
	return b.respond(ctx, cb.ResponseURL, Message{}, responseOpts{deleteOriginal: true})
}

// sharedBy puts who shared a private reply, and what they asked, above it.
func sharedBy(m Message, userID, asked string) Message {
	who := "Someone"
	if userIDRE.MatchString(userID) {
		who = "<@" + userID + ">"
	}
	note := slack.NewContextBlock("", mrkdwn(fmt.Sprintf("%s asked “%s”", who, esc(clip(strings.TrimSpace(asked), 200)))))
	m.Blocks = append([]slack.Block{note}, m.Blocks...)
	return m
}

// userIDRE is what a Slack user ID looks like; anything else never goes
// into a mention.
var userIDRE = regexp.MustCompile(`^[UW][A-Z0-9]{1,20}$`)

// record logs a question asked (not a page or a share of one) in memory.
func (b *Bot) record(ctx context.Context, channel, user string, res answer.Result) {
	if res.Question == "" {
		return
	}
	q := store.Question{At: b.opts.Now(), Channel: channel, UserHash: b.opts.Memory.HashUser(b.teamID, user),
		Text: res.Question, Answered: res.Answered, Confidence: res.Confidence}
	switch {
	case res.Answer != nil:
		q.TopSource = res.Answer.Source.ID
	case len(res.Related) > 0:
		q.TopSource = res.Related[0].Source.ID
	}
	if err := b.opts.Memory.LogQuestion(ctx, q); err != nil {
		b.log.Warn("state store: question log", "err", err)
	}
}

// ask answers q and counts it in the metrics.
func (b *Bot) ask(ctx context.Context, q string, k int) (answer.Result, error) {
	start := b.opts.Now()
	res, err := b.answers.Ask(ctx, q, k)
	b.metrics.latency.Observe(b.opts.Now().Sub(start).Seconds())
	switch {
	case err != nil:
		b.metrics.answers.WithLabelValues("error").Inc()
	case res.Answered:
		b.metrics.answers.WithLabelValues("answered").Inc()
	default:
		b.metrics.answers.WithLabelValues("no_answer").Inc()
	}
	return res, err
}

// post sends m to a channel (in thread, if set), with extra options such
// as metadata. slack-go's client retries 429s after Retry-After and
// transient errors with backoff (see serve's wiring); what still fails is
// counted and returned.
func (b *Bot) post(ctx context.Context, channel string, m Message, thread string, extra ...slack.MsgOption) (string, string, error) {
	opts := append([]slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)}, extra...)
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	ch, ts, err := b.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		b.metrics.apiErrors.WithLabelValues("chat.postMessage").Inc()
		return "", "", fmt.Errorf("chat.postMessage: %w", err)
	}
	return ch, ts, nil
}

type responseOpts struct {
	replaceOriginal, deleteOriginal bool
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

func busyMessage() Message {
	t := "I'm answering many questions right now — please try again in a moment."
	return newMessage(t, section(esc(t)))
}

func errorMessage() Message {
	t := "Sorry, something went wrong while answering. Please try again."
	return newMessage(t, section(esc(t)))
}

// helpMessage lists each command once, with example, a question the
// corpus answers (none when it answers nothing).
func helpMessage(example []string) Message {
	var b strings.Builder
	b.WriteString("*Ask me about generative AI in China.* I answer with the sentence from the corpus that answers, quoted, with its source — never with invented text.\n")
	b.WriteString("• Mention me in a channel, DM me, or reply in a thread I answered.\n")
	b.WriteString("• `/landscape QUESTION` — answers privately, with a button to share.\n")
	for _, c := range slashCommands {
		cmd := strings.TrimSpace("/landscape " + c.name + " " + c.args)
		fmt.Fprintf(&b, "• `%s` — %s\n", cmd, c.help)
	}
	if len(example) > 0 {
		fmt.Fprintf(&b, "For example: `/landscape %s`", esc(example[0]))
	}
	names := make([]string, len(slashCommands))
	for i, c := range slashCommands {
		names[i] = c.name
	}
	return newMessage("landscape: ask about generative AI in China; /landscape "+strings.Join(names, ", ")+".", section(b.String()))
}
