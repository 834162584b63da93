package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/store"
)

// questionLog is where questions and votes are recorded for the digest,
// under a keyed hash of the user; *store.Store is one.
type questionLog interface {
	LogQuestion(ctx context.Context, q store.Question) error
	RecordFeedback(ctx context.Context, f store.Feedback) error
	HashUser(team, user string) string
}

// conversationMemory keeps the last question of each thread and DM, so
// that a follow-up continues on any replica; *store.Store is one.
type conversationMemory interface {
	RememberConversation(ctx context.Context, channel, thread, question string) error
	Conversation(ctx context.Context, channel, thread string) (question string, at time.Time, ok bool, err error)
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

// handleMessage answers a mention, a DM or a follow-up in a thread, in
// its thread (or DM), tagged with its claim.
func (b *Bot) handleMessage(ctx context.Context, m request) error {
	q := questionText(m.Text)
	thread := m.replyThread()
	// The conversation a follow-up continues: the thread, or, in a DM
	// without threads, the DM itself for a few minutes.
	conv := thread
	if m.IM && thread == "" {
		conv = "dm"
	}
	if conv != "" {
		prev, at, ok, err := b.convs.Conversation(ctx, m.Channel, conv)
		if err != nil {
			b.log.Warn("state store: conversation", "err", err)
		}
		if ok && (m.ThreadTS != "" || m.IM && b.opts.Now().Sub(at) < dmFollowUpWindow) {
			q = answer.FollowUp(prev, q)
		}
	}
	asked, scope := b.scoped(ctx, m.Channel, m.IM, q)
	res, err := b.ask(ctx, asked, cardRelated)
	if err != nil {
		_, _, perr := b.post(ctx, m.Channel, errorMessage(), thread, answerOptions(m)...)
		return fmt.Errorf("answer %q: %w (reply: %v)", q, err, perr)
	}
	if conv != "" && res.Question != "" {
		if err := b.convs.RememberConversation(ctx, m.Channel, conv, res.Question); err != nil {
			b.log.Warn("state store: conversation", "err", err)
		}
	}
	b.record(ctx, m.Channel, m.User, res)
	reply := AnswerMessage(res, b.corpus, AnswerView{Scope: scope})
	if res.Question == "" {
		reply = promptMessage(b.opts.Topic, b.exampleQuestions(ctx, 1))
	}
	_, _, err = b.post(ctx, m.Channel, reply, thread, answerOptions(m)...)
	return err
}

// slashAsk is /landscape QUESTION (or nothing: help), answered privately.
func (b *Bot) slashAsk(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	if r.Text == "" {
		return b.slashHelp(ctx, r)
	}
	asked, scope := b.scoped(ctx, r.Channel, r.IM, questionText(r.Text))
	res, err := b.ask(ctx, asked, cardRelated)
	if err != nil {
		return send(errorMessage())
	}
	b.record(ctx, r.Channel, r.User, res)
	return send(AnswerMessage(res, b.corpus, AnswerView{Private: true, Scope: scope}))
}

// slashHelp is /landscape help.
func (b *Bot) slashHelp(ctx context.Context, r request) error {
	return b.privately(ctx, r, responseOpts{})(helpMessage(b.opts.Topic, b.exampleQuestions(ctx, 1)))
}

// slashStats is /landscape stats [topic], within the channel's scope.
func (b *Bot) slashStats(ctx context.Context, r request) error {
	p := StatsPage{Topic: r.Text, Scope: b.channelScope(ctx, r.Channel, r.IM)}
	return b.sendStats(ctx, p, true, b.privately(ctx, r, responseOpts{}))
}

// slashSources is /landscape sources.
func (b *Bot) slashSources(ctx context.Context, r request) error {
	return b.privately(ctx, r, responseOpts{})(SourcesMessage(b.corpus.Documents()))
}

func (b *Bot) actionMore(ctx context.Context, r request) error {
	var ref AnswerRef
	if err := json.Unmarshal([]byte(r.Value), &ref); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	ref.Page = max(ref.Page, 1)
	res, err := b.ask(ctx, withScope(ref.Scope, ref.Question), ref.Page*relatedPerPage+1)
	if err != nil {
		return err
	}
	// The first page is a new private message under the answer, which
	// stays as it was; later pages replace it.
	return b.respond(ctx, r.ResponseURL, AnswerMessage(res, b.corpus, AnswerView{Page: ref.Page, Scope: ref.Scope}), responseOpts{replaceOriginal: ref.Page > 1})
}

func (b *Bot) actionShare(ctx context.Context, r request) error {
	var ref AnswerRef
	if err := json.Unmarshal([]byte(r.Value), &ref); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	res, err := b.ask(ctx, withScope(ref.Scope, ref.Question), cardRelated)
	if err != nil {
		return err
	}
	m := sharedBy(AnswerMessage(res, b.corpus, AnswerView{Scope: ref.Scope}), r.User, ref.Question)
	if _, _, err := b.post(ctx, r.Channel, m, ""); err != nil {
		return err
	}
	return b.respond(ctx, r.ResponseURL, Message{}, responseOpts{deleteOriginal: true})
}

func (b *Bot) actionFeedback(ctx context.Context, r request) error {
	up := r.Route == lookUp(onClick, ActionFeedbackUp).key()
	b.metrics.feedback(up)
	var ref AnswerRef
	_ = json.Unmarshal([]byte(r.Value), &ref) // a bad value still counts
	err := b.records.RecordFeedback(ctx, store.Feedback{At: b.opts.Now(), Channel: r.Channel,
		UserHash: b.records.HashUser(b.teamID, r.User), Question: ref.Question, Source: ref.Source, Up: up})
	if err != nil {
		b.log.Warn("state store: feedback", "err", err)
	}
	text := "Thanks — noted 👎. A curator will look at this question."
	if up {
		text = "Thanks — noted 👍."
	}
	return b.respond(ctx, r.ResponseURL, newMessage(text), responseOpts{})
}

func (b *Bot) actionStatsPage(ctx context.Context, r request) error {
	var p StatsPage
	if err := json.Unmarshal([]byte(r.Value), &p); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	return b.sendStats(ctx, p, true, b.privately(ctx, r, responseOpts{replaceOriginal: true}))
}

func (b *Bot) actionShareStats(ctx context.Context, r request) error {
	var p StatsPage
	if err := json.Unmarshal([]byte(r.Value), &p); err != nil {
		return fmt.Errorf("button value: %w", err)
	}
	err := b.sendStats(ctx, p, false, func(m Message) error {
		_, _, err := b.post(ctx, r.Channel, sharedBy(m, r.User, strings.TrimSpace("/landscape stats "+p.Topic)), "")
		return err
	})
	if err != nil {
		return err
	}
	return b.respond(ctx, r.ResponseURL, Message{}, responseOpts{deleteOriginal: true})
}

// sharedBy puts who shared a private reply, and what they asked, above it.
func sharedBy(m Message, userID, asked string) Message {
	who := "Someone"
	if userIDRE.MatchString(userID) {
		who = "<@" + userID + ">"
	}
	note := slack.NewContextBlock("", mrkdwn(fmt.Sprintf("%s asked “%s”", who, esc(clip(strings.TrimSpace(asked), echoWidth)))))
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
	q := store.Question{At: b.opts.Now(), Channel: channel, UserHash: b.records.HashUser(b.teamID, user),
		Text: res.Question, Answered: res.Answered, Confidence: res.Confidence}
	switch {
	case res.Answer != nil:
		q.TopSource = res.Answer.Source.ID
	case len(res.Related) > 0:
		q.TopSource = res.Related[0].Source.ID
	}
	if err := b.records.LogQuestion(ctx, q); err != nil {
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

func busyMessage() Message {
	t := "I'm answering many questions right now — please try again in a moment."
	return newMessage(t, section(esc(t)))
}

func errorMessage() Message {
	t := "Sorry, something went wrong while answering. Please try again."
	return newMessage(t, section(esc(t)))
}

// about names what this deployment answers about: its topic
// (Options.Topic), or its corpus when it has none.
func about(topic string) string {
	if topic == "" {
		return "the documents of my corpus"
	}
	return topic
}

// helpMessage says what the bot covers (topic) and lists each command
// once, with example, a question the corpus answers (none when it answers
// nothing).
func helpMessage(topic string, example []string) Message {
	var b strings.Builder
	fmt.Fprintf(&b, "*Ask me about %s.* I answer with the sentence from the corpus that answers, quoted, with its source — never with invented text.\n", esc(about(topic)))
	b.WriteString("• Mention me in a channel, DM me, or reply in a thread I answered.\n")
	b.WriteString("• `/landscape QUESTION` — answers privately, with a button to share.\n")
	var names []string
	for _, c := range surface {
		if c.on != onSlash || c.name == slashQuestion {
			continue
		}
		cmd := strings.TrimSpace("/landscape " + c.name + " " + c.args)
		fmt.Fprintf(&b, "• `%s` — %s\n", cmd, c.help)
		names = append(names, c.name)
	}
	if len(example) > 0 {
		fmt.Fprintf(&b, "For example: `/landscape %s`", esc(example[0]))
	}
	return newMessage("landscape: ask about "+about(topic)+"; /landscape "+strings.Join(names, ", ")+".", section(b.String()))
}

// promptMessage asks for a question, about topic, with an example the
// corpus answers (if any): the reply to a mention that asks nothing.
func promptMessage(topic string, example []string) Message {
	text := "Ask me a question about " + about(topic) + "."
	if len(example) > 0 {
		text = "Ask me a question about " + about(topic) + ", e.g. “" + example[0] + "”"
	}
	return newMessage(text, section(esc(text)))
}
