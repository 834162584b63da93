// Package bot is the Slack side of landscape: it renders answers, figures
// and digests as Block Kit messages within Slack's limits, and (with the
// socket-mode loop) turns Slack events into replies.
package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
)

// Slack's Block Kit limits. Nothing checks them on send: a message over
// them fails with invalid_blocks, so renderers page or shorten instead.
const (
	maxBlocks          = 50
	maxSectionText     = 3000
	maxFieldText       = 2000
	maxFields          = 10
	maxHeaderText      = 150
	maxContextElements = 10
	maxButtonValue     = 2000
	maxButtonText      = 75
	maxFallbackText    = 3000 // far below Slack's 40,000: notifications show little
)

// Message is a rendered reply: Block Kit blocks and the plain-text fallback
// that notifications and screen readers use.
type Message struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks"`
}

// clip shortens s to at most n characters, cutting at a word boundary and
// marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	if i := strings.LastIndexAny(cut, " \n"); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " \n,;:") + "…"
}

// esc escapes the three characters Slack's mrkdwn reserves.
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// link is a mrkdwn link, or the escaped label alone when there is no URL.
func link(url, label string) string {
	label = strings.NewReplacer("|", "¦").Replace(esc(label))
	if url == "" || strings.ContainsAny(url, "<>| ") {
		return label
	}
	return "<" + url + "|" + label + ">"
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(clip(text, maxSectionText)), nil, nil)
}

func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(clip(text, maxHeaderText)))
}

// withContext appends a context block of the non-empty parts to blocks;
// none leaves blocks as they are (Slack refuses an empty context).
func withContext(blocks []slack.Block, parts ...string) []slack.Block {
	var els []slack.MixedElement
	for _, p := range parts {
		if p != "" && len(els) < maxContextElements {
			els = append(els, mrkdwn(clip(p, maxSectionText)))
		}
	}
	if len(els) == 0 {
		return blocks
	}
	return append(blocks, slack.NewContextBlock("", els...))
}

// sourceText is the source line under a quote: linked title, author,
// publisher, date, and what the passage cites.
func sourceText(s corpus.Source, cites string) string {
	var parts []string
	if s.Title != "" {
		parts = append(parts, link(s.URL, s.Title))
	}
	for _, p := range []string{s.Author, s.Publisher, s.Published} {
		if p != "" {
			parts = append(parts, esc(p))
		}
	}
	line := strings.Join(parts, " · ")
	if cites != "" {
		line += " — cites " + esc(cites)
	}
	return line
}
