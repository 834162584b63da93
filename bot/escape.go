package bot

import (
	"net/url"
	"strings"
)

// Text from documents (titles, authors, publishers, headings, quotes) and
// from users reaches Slack through these functions only. In mrkdwn, "<"
// starts a link, a mention (<@U…>), a channel (<#C…>) or a broadcast
// (<!here>): a title such as "<!channel>" or a front-matter url of "!here"
// must show as text, never notify anyone.

// mrkdwnEscaper escapes the three characters Slack's mrkdwn reserves.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc makes s plain text inside mrkdwn: no link, mention or broadcast can
// form from it.
func esc(s string) string { return mrkdwnEscaper.Replace(s) }

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
