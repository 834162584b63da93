package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// The bot's whole surface: every event, slash subcommand, button and
// message shortcut it answers is one row of this table, read by the
// socket loop (which rows to take, which to claim), by help (the
// subcommands) and by a replica taking a claimed request over (which
// handler answers it). A new command is one row.
var surface []route

// init fills surface: help lists its subcommands, so a plain initializer
// would refer to itself.
func init() {
	surface = []route{
		// Events API events, through socket mode.
		{on: onEvent, name: "app_mention", claimed: true, run: (*Bot).handleMessage,
			doc: "a mention in a channel: answered in its thread"},
		{on: onEvent, name: "message", claimed: true, run: (*Bot).handleMessage,
			doc: "a DM, or a reply in a thread the bot answered: answered there, the thread's question as context"},
		{on: onEvent, name: eventFileShare, claimed: true, timeout: curateTimeout, run: (*Bot).handleFiles,
			doc: "files shared in a DM: added to the corpus (curators)"},
		{on: onEvent, name: "app_home_opened", run: (*Bot).handleHomeOpened,
			doc: "the App Home opened: published for the user (again on a redelivery, which does no harm)"},

		// The slash command /landscape: its subcommands, then anything else,
		// which is a question.
		{on: onSlash, name: "help", help: "what I do and how to ask", run: (*Bot).slashHelp},
		{on: onSlash, name: "stats", args: "[topic]", help: "headline figures, compared, charted and sourced", run: (*Bot).slashStats},
		{on: onSlash, name: "sources", help: "the documents I answer from", run: (*Bot).slashSources},
		{on: onSlash, name: "add", args: "LINK", help: "add a web page or PDF to the corpus (curators; or send me a file)",
			timeout: curateTimeout, run: (*Bot).slashAdd},
		{on: onSlash, name: "remove", args: "DOC", help: "remove a document from the corpus, by id or title (curators)", run: (*Bot).slashRemove},
		{on: onSlash, name: "follow", args: "URL [tag]", help: "follow a feed: its new articles join the corpus, tagged (curators)",
			timeout: followTimeout, run: (*Bot).slashFollow},
		{on: onSlash, name: "feeds", help: "the feeds followed, and how their polls go", run: (*Bot).slashFeeds},
		{on: onSlash, name: "unfollow", args: "URL", help: "stop following a feed; its documents stay (curators)", run: (*Bot).slashUnfollow},
		{on: onSlash, name: "scope", args: "[tag:T source:S | clear]", help: "this channel's default filters: show them, or set or clear them (curators)", run: (*Bot).slashScope},
		{on: onSlash, name: slashQuestion, run: (*Bot).slashAsk},

		// Buttons of the bot's messages, by action ID.
		{on: onClick, name: ActionMore, run: (*Bot).actionMore},
		{on: onClick, name: ActionShare, run: (*Bot).actionShare},
		{on: onClick, name: ActionFeedbackUp, run: (*Bot).actionFeedback},
		{on: onClick, name: ActionFeedbackDown, run: (*Bot).actionFeedback},
		{on: onClick, name: ActionStatsPage, run: (*Bot).actionStatsPage},
		{on: onClick, name: ActionShareStats, run: (*Bot).actionShareStats},
		{on: onClick, name: ActionRemovePick, run: (*Bot).actionRemovePick},
		{on: onClick, name: ActionRemoveConfirm, run: (*Bot).actionRemoveConfirm},
		{on: onClick, name: ActionRemoveCancel, run: (*Bot).actionRemoveCancel},

		// Message shortcuts (manifest.yaml), by callback ID.
		{on: onShortcut, name: ShortcutAdd, timeout: curateTimeout, run: (*Bot).shortcutAdd,
			doc: "“Add to landscape”: the message's links and files added to the corpus (curators)"},
	}
}

// trigger is what a row answers: an event, a slash subcommand, a button,
// a message shortcut.
type trigger string

const (
	onEvent    trigger = "event"
	onSlash    trigger = "slash"
	onClick    trigger = "click"
	onShortcut trigger = "shortcut"
)

const (
	// eventFileShare is a message event of subtype file_share in a DM:
	// files shared with the bot, a row of its own.
	eventFileShare = "message.file_share"
	// slashQuestion is the row of a slash command that names no
	// subcommand: a question.
	slashQuestion = ""
)

// route is one row of the surface.
type route struct {
	on   trigger
	name string // the event type, subcommand, action ID or callback ID
	// claimed: claimed in the store before it is acked (claims.go), so
	// that one replica answers it, once, and another takes it over if that
	// one dies. Unclaimed requests are answered by the replica Slack hands
	// them to, and lost if it dies before answering.
	claimed bool
	timeout time.Duration // how long answering may take; 0: jobTimeout
	run     func(b *Bot, ctx context.Context, r request) error
	// args and help describe a subcommand in help; doc says what other
	// rows do.
	args, help, doc string
}

// key names a row in a claimed request's payload.
func (rt *route) key() string { return string(rt.on) + ":" + rt.name }

// lookUp finds the row that answers name on t; nil when none does.
func lookUp(t trigger, name string) *route {
	for i := range surface {
		if rt := &surface[i]; rt.on == t && rt.name == name {
			return rt
		}
	}
	return nil
}

// routeOf is the row that answers r. A request claimed by a replica of an
// earlier version names none: it is a message event.
func routeOf(r request) *route {
	if t, name, ok := strings.Cut(r.Route, ":"); ok {
		return lookUp(trigger(t), name)
	}
	if len(r.Files) > 0 {
		return lookUp(onEvent, eventFileShare)
	}
	return lookUp(onEvent, "message")
}

// request is one thing a user did that the bot answers — a message (a
// mention, a DM, a follow-up, files shared), a slash command, a click, a
// message shortcut — with all that answering it takes. It is the payload
// of a claim in the store, so that any replica can answer it.
type request struct {
	Route   string `json:"route,omitempty"` // its row: route.key
	Channel string `json:"channel"`
	User    string `json:"user"`
	// Text is a message's text, a subcommand's argument, a slash
	// question, or the text of the message a shortcut was used on.
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts,omitempty"`
	Mention  bool   `json:"mention,omitempty"`
	IM       bool   `json:"im,omitempty"`
	// Files are the IDs of files shared in a DM, or on the message a
	// shortcut was used on: to add to the corpus.
	Files []string `json:"files,omitempty"`
	// Value is a button's value.
	Value string `json:"value,omitempty"`
	// ResponseURL takes the private reply to a slash command, a click or
	// a shortcut.
	ResponseURL string `json:"response_url,omitempty"`

	// Key is the request's claim: before claiming, the event's ID (or the
	// trigger's) if it has one; after, the claim's ID; "" if unclaimed.
	Key       string `json:"-"`
	takenOver bool   // from a replica that stopped: check for its answer first
}

// replyThread is where the reply goes: the message's thread, or a new
// thread under a channel message; in a DM, the conversation itself.
func (r request) replyThread() string {
	if r.ThreadTS != "" {
		return r.ThreadTS
	}
	if r.IM {
		return ""
	}
	return r.TS
}

// requests picks out of a socket-mode envelope what the bot answers, with
// their rows: none for an event not for it (its own messages, other bots',
// edits, other channel talk) or a button it does not know.
func (b *Bot) requests(ctx context.Context, evt socketmode.Event) []request {
	var out []request
	add := func(t trigger, name string, r request) {
		if rt := lookUp(t, name); rt != nil {
			r.Route = rt.key()
			out = append(out, r)
		}
	}
	switch data := evt.Data.(type) {
	case slackevents.EventsAPIEvent:
		if name, r, ok := b.eventRequest(ctx, data); ok {
			add(onEvent, name, r)
		}
	case slack.SlashCommand:
		r := request{Channel: data.ChannelID, User: data.UserID, ResponseURL: data.ResponseURL, Key: triggerKey(data.TriggerID)}
		text := strings.TrimSpace(data.Text)
		word, rest, _ := strings.Cut(text, " ")
		for _, rt := range surface {
			if rt.on == onSlash && rt.name != slashQuestion && strings.EqualFold(word, rt.name) {
				r.Text = strings.TrimSpace(rest)
				add(onSlash, rt.name, r)
				return out
			}
		}
		r.Text = text
		add(onSlash, slashQuestion, r)
	case slack.InteractionCallback:
		r := request{Channel: data.Channel.ID, User: data.User.ID, ResponseURL: data.ResponseURL, Key: triggerKey(data.TriggerID)}
		switch data.Type {
		case slack.InteractionTypeBlockActions:
			for _, a := range data.ActionCallback.BlockActions {
				r.Value = a.Value
				add(onClick, a.ActionID, r)
			}
		case slack.InteractionTypeMessageAction:
			r.Text = data.Message.Text
			for _, f := range data.Message.Files {
				r.Files = append(r.Files, f.ID)
			}
			add(onShortcut, data.CallbackID, r)
		}
	}
	return out
}

// triggerKey is the claim key of a slash command or an interaction.
func triggerKey(id string) string {
	if id == "" {
		return ""
	}
	return "trigger:" + id
}

// eventRequest picks the events the bot answers: mentions, DMs, follow-ups
// in threads it answered, files shared in a DM, the App Home opened. Its
// own messages, other bots' and edits, joins and other subtypes are not.
func (b *Bot) eventRequest(ctx context.Context, ev slackevents.EventsAPIEvent) (string, request, bool) {
	var r request
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
		r.Key = "event:" + cb.EventID
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == b.userID || e.Edited != nil {
			return "", r, false
		}
		r.Channel, r.User, r.Text, r.TS, r.ThreadTS, r.Mention = e.Channel, e.User, e.Text, e.TimeStamp, e.ThreadTimeStamp, true
		return "app_mention", r, true
	case *slackevents.MessageEvent:
		// Files shared in a DM come as file_share: to add to the corpus.
		fileShare := e.SubType == "file_share" && e.ChannelType == "im" && e.Message != nil
		if e.SubType != "" && !fileShare || e.BotID != "" || e.User == "" || e.User == b.userID {
			return "", r, false
		}
		r.Channel, r.User, r.Text, r.TS, r.ThreadTS, r.IM = e.Channel, e.User, e.Text, e.TimeStamp, e.ThreadTimeStamp, e.ChannelType == "im"
		if fileShare {
			for _, f := range e.Message.Files {
				r.Files = append(r.Files, f.ID)
			}
			return eventFileShare, r, true
		}
		if !r.IM && (strings.Contains(e.Text, "<@"+b.userID+">") || r.ThreadTS == "" || !b.inConversation(ctx, r.Channel, r.ThreadTS)) {
			return "", r, false // a mention comes as app_mention too; other channel talk is not for us
		}
		return "message", r, true
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "home" || e.User == "" {
			return "", r, false
		}
		r.User = e.User
		return "app_home_opened", r, true
	}
	return "", r, false
}

// inConversation reports whether the bot answered in the thread lately.
func (b *Bot) inConversation(ctx context.Context, channel, thread string) bool {
	ctx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	_, _, ok, err := b.convs.Conversation(ctx, channel, thread)
	if err != nil {
		b.log.Warn("state store: conversation", "err", err)
	}
	return ok
}

// receive handles one envelope: picks out its requests, claims those whose
// row says so, acks the envelope and queues the requests' work. Every
// envelope is acked, whatever happens; a request claimed by another
// replica, or a second delivery of one already claimed, is only acked.
func (b *Bot) receive(ctx context.Context, evt socketmode.Event) {
	var work []request
	for _, r := range b.requests(ctx, evt) {
		if routeOf(r).claimed && !b.claim(ctx, &r) {
			continue
		}
		work = append(work, r)
	}
	b.ack(ctx, evt.Request.EnvelopeID)
	for _, r := range work {
		b.enqueue(b.job(r), b.busyReply(r))
	}
}

// job is the work of answering r, as its row says. A request taken over
// from a replica that stopped is answered only if that one's answer is not
// in the conversation already (once.go).
func (b *Bot) job(r request) job {
	rt := routeOf(r)
	run := func(ctx context.Context) error {
		if r.takenOver {
			done, err := b.answered(ctx, r)
			if err != nil {
				b.log.Warn("cannot tell whether an event taken over was answered; answering it", "event", r.Key, "err", err)
			}
			if done {
				return nil
			}
		}
		return rt.run(b, ctx, r)
	}
	j := job{kind: rt.key(), timeout: rt.timeout, run: run}
	if rt.claimed {
		j.claim = r.Key
	}
	return j
}

// busyReply is what r gets when every worker is busy: a message where the
// answer would go, or a private reply to a command or a shortcut; nothing
// for a click (the clicked message stays, to be clicked again) or the App
// Home.
func (b *Bot) busyReply(r request) func(ctx context.Context) error {
	rt := routeOf(r)
	switch {
	case rt.on == onEvent && r.Channel != "":
		return func(ctx context.Context) error {
			_, _, err := b.post(ctx, r.Channel, busyMessage(), r.replyThread())
			return err
		}
	case rt.on == onSlash || rt.on == onShortcut:
		return func(ctx context.Context) error { return b.respond(ctx, r.ResponseURL, busyMessage(), responseOpts{}) }
	}
	return nil
}
