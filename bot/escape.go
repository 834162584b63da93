package bot

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// The one escaping path. Text from documents (titles, authors,
// publishers, headings, quotes) and from users reaches Slack through these
// functions only. In mrkdwn, "<" starts a link, a mention (<@U…>), a
// channel (<#C…>) or a broadcast (<!here>): a title such as "<!channel>"
// or a front-matter url of "!here" must show as text, never notify anyone.
// Slack reads the same three characters as markup in every text it is
// given, so each kind of text has one way in:
//
//   - mrkdwn fields: esc on every piece not written here, link for links;
//   - plain_text fields (headers, buttons): plain, which escapes whole;
//   - a message's fallback text (chat.postMessage's and a response_url's
//     "text", which Slack reads as mrkdwn and notifications show):
//     newMessage, which escapes whole;
//   - rich text (quotes): shown verbatim by Slack, never parsed.

// mrkdwnEscaper escapes the three characters Slack's mrkdwn reserves.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc makes s plain text inside mrkdwn: no link, mention or broadcast can
// form from it.
func esc(s string) string { return mrkdwnEscaper.Replace(s) }

// escClip is s clipped (clip) so that, escaped, it holds at most n
// characters: an entity is never cut, and a limit is never passed.
func escClip(s string, n int) string {
	for m := n; ; {
		e := esc(clip(s, m))
		over := utf8.RuneCountInString(e) - n
		if over <= 0 || m <= 1 {
			return e
		}
		m -= over
	}
}

// newMessage is a message with its fallback text, plain text escaped
// whole: Slack reads a message's text as mrkdwn, so a title or a question
// in it must not ping anyone through the notification.
func newMessage(text string, blocks ...slack.Block) Message {
	return Message{Text: escClip(text, maxFallbackText), Blocks: blocks}
}

// webURL returns u when it is an absolute http or https URL that can sit
// inside a mrkdwn link, else "". Anything else ("!here", "@U0ADMIN",
// "javascript:…", a relative path) is shown as text, never linked.
func webURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil ||
		strings.ContainsAny(u, "<>| \t\n\"") {
		return ""
	}
	return u
}

// link is a mrkdwn link to an http(s) URL labelled with label, or the
// escaped label alone when the URL is not one. The URL is escaped as Slack
// asks (& as &amp;); the label cannot close the link early.
func link(u, label string) string {
	label = strings.ReplaceAll(esc(label), "|", "¦")
	if label == "" {
		label = esc(u)
	}
	if u = webURL(u); u == "" {
		return label
	}
	return "<" + esc(u) + "|" + label + ">"
}
