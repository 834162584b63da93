// Package bot is the Slack side of landscape. It owns the socket-mode loop
// and the one table of what the bot answers (surface.go: each event, slash
// subcommand, button and message shortcut, claimed or not, and its
// handler); the lease protocol by which replicas answer each claimed
// request once (claims.go); posting once — tagged posts found again after
// a crash — for answers and digests (once.go); Slack I/O with its retries
// (slack.go); the rendering of answers, figures, digests, curation reports
// and the App Home as Block Kit within Slack's limits; the one escaping
// path of every text sent (escape.go); curators' commands and who they
// are; the chart upload; the metrics.
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
	maxActions         = 25
	maxAltText         = 2000
	maxHomeBlocks      = 100 // a Home tab view holds twice a message's blocks
	// maxValueText bounds the free text (a question, a topic) a button's
	// value carries as JSON: JSON at most doubles it (quotes, backslashes)
	// and the rest of the value (a page, a document id) takes well under
	// 200 bytes, so the value stays within maxButtonValue.
	maxValueText = (maxButtonValue - 200) / 2
	// maxRichText bounds a rich-text block's text. Slack documents no
	// figure; a section's 3,000 is the safe one.
	maxRichText = maxSectionText
)

// How much of a text from a document or a user a message shows, in
// characters (clip), where it shares a line or a block with other things.
// A 600 px Slack pane holds about 75 characters a line.
const (
	// nameWidth: a name beside others in a line — an entity compared, a
	// publisher in a short source.
	nameWidth = 60
	// fieldWidth: a field of a source line (publisher, date, what it
	// cites), a document named in a sentence, a question in a heading.
	fieldWidth = 80
	// docLineWidth: a title in a one-line listing, with its publisher and
	// date after it.
	docLineWidth = 90
	// searchWidth: a curator's search words, echoed back.
	searchWidth = 100
	// metricWidth: what a figure measures, in a line of figures.
	metricWidth = 120
	// titleWidth: a title leading its own source line or report field.
	titleWidth = 150
	// echoWidth: a question, a title or a link echoed whole in a sentence
	// of its own.
	echoWidth = 200
	// digestItemWidth: a line of the digest's lists (a question asked, a
	// new document's title), the list's whole point.
	digestItemWidth = 300
	// errorWidth: why something was not done, which the reader needs whole
	// to act on.
	errorWidth = 1000
)

// Message is a rendered reply: Block Kit blocks and the fallback text that
// notifications and screen readers use (escaped: make one with newMessage).
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

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// plain is a plain_text field of s, at most n characters: Slack parses
// no mrkdwn in it but still reads &, < and > as its markup, so s is
// escaped whole.
func plain(s string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, escClip(s, n), false, false)
}

// sections packs lines into as few sections as Slack's 3,000 characters
// allow, never splitting a line (one too long on its own is clipped).
func sections(lines []string) []slack.Block {
	var out []slack.Block
	var cur []string
	size := 0
	for _, l := range lines {
		l = clip(l, maxSectionText)
		n := utf8.RuneCountInString(l) + 1
		if size+n > maxSectionText && len(cur) > 0 {
			out = append(out, section(strings.Join(cur, "\n")))
			cur, size = nil, 0
		}
		cur, size = append(cur, l), size+n
	}
	if len(cur) > 0 {
		out = append(out, section(strings.Join(cur, "\n")))
	}
	return out
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(clip(text, maxSectionText)), nil, nil)
}

// button is a button labelled label (a plain_text field) carrying value.
func button(actionID, label, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, plain(label, maxButtonText))
}

func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(text, maxHeaderText))
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

// sourceLine is the one line under a quote: the linked title, publisher,
// date and the primary source the passage cites, unless the quote already
// names it ("according to the Stanford 2024 AI Index Report").
func sourceLine(s corpus.Source, cites, quote string) string {
	var parts []string
	if s.Title != "" {
		parts = append(parts, link(s.URL, clip(s.Title, titleWidth)))
	}
	for _, p := range []string{s.Publisher, s.Published} {
		if p != "" {
			parts = append(parts, esc(clip(p, fieldWidth)))
		}
	}
	if cites != "" && !strings.Contains(quote, cites) {
		parts = append(parts, "cites "+esc(clip(cites, fieldWidth)))
	}
	return strings.Join(parts, " · ")
}

// shortSource is a linked "Publisher, date" (the title when there is no
// publisher): enough to tell sources apart in a list.
func shortSource(s corpus.Source) string {
	name := shortName(s.Publisher)
	if name == "" {
		name = s.Title
	}
	return link(s.URL, clip(name, nameWidth)) + dated(s.Published)
}

// docLine names a document in one line: linked title, short publisher,
// date.
func docLine(s corpus.Source) string {
	out := link(s.URL, clip(s.Title, docLineWidth))
	if name := shortName(s.Publisher); name != "" {
		out += " · " + esc(clip(name, nameWidth))
	}
	return out + dated(s.Published)
}

// shortName drops a publisher's parenthesis: "I by IMD (IMD Business
// School)" is "I by IMD" where space is short.
func shortName(publisher string) string {
	if i := strings.Index(publisher, " ("); i > 0 && strings.HasSuffix(publisher, ")") {
		return publisher[:i]
	}
	return publisher
}

func dated(date string) string {
	if date == "" {
		return ""
	}
	return ", " + esc(date)
}

// Rich text shows document text as it is: no mrkdwn is parsed in it, so a
// quote's asterisks, underscores or "<!here>" are never markup.

func rtText(s string) *slack.RichTextSectionTextElement {
	return slack.NewRichTextSectionTextElement(s, nil)
}

func rtBold(s string) *slack.RichTextSectionTextElement {
	return slack.NewRichTextSectionTextElement(s, &slack.RichTextSectionTextStyle{Bold: true})
}

// rtLine is one rich-text paragraph of the non-empty parts.
func rtLine(parts ...slack.RichTextSectionElement) *slack.RichTextSection {
	var els []slack.RichTextSectionElement
	for _, p := range parts {
		if t, ok := p.(*slack.RichTextSectionTextElement); ok && t.Text == "" {
			continue // Slack refuses empty text elements
		}
		els = append(els, p)
	}
	return slack.NewRichTextSection(els...)
}

// quoteElements renders a verbatim quote as a rich-text block quote with
// figure (if any, its first occurrence from byte from on) in bold. The corpus's list items
// (lines after corpus.ListItemPrefix) become Slack bullets, indented
// inside the quote's border.
func quoteElements(quote, figure string, from int) []slack.RichTextElement {
	quote = clip(quote, maxQuoteText)
	at := -1
	if figure != "" && from <= len(quote) {
		if at = strings.Index(quote[from:], figure); at >= 0 {
			at += from
		}
	}
	var out []slack.RichTextElement
	var lines []slack.RichTextSectionElement // the quote's lines so far
	var items []slack.RichTextElement        // the list's items so far
	flush := func() {
		if len(lines) > 0 {
			out = append(out, &slack.RichTextQuote{Type: slack.RTEQuote, Elements: lines})
			lines = nil
		}
		if len(items) > 0 {
			l := slack.NewRichTextList(slack.RTEListBullet, 0, items...)
			l.Border = 1 // inside the quote's bar
			out = append(out, l)
			items = nil
		}
	}
	start := 0
	for _, line := range strings.SplitAfter(quote, "\n") {
		text, off := strings.TrimRight(line, "\n"), start
		start += len(line)
		item := strings.HasPrefix(text, corpus.ListItemPrefix)
		if item {
			text, off = text[len(corpus.ListItemPrefix):], off+len(corpus.ListItemPrefix)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		sec := rtLine(rtText(text))
		if i := at - off; at >= 0 && i >= 0 && i+len(figure) <= len(text) {
			sec = rtLine(rtText(text[:i]), rtBold(figure), rtText(text[i+len(figure):]))
		}
		switch {
		case item:
			if len(lines) > 0 {
				flush()
			}
			items = append(items, sec)
		default:
			if len(items) > 0 {
				flush()
			}
			if len(lines) > 0 {
				lines = append(lines, rtText("\n"))
			}
			lines = append(lines, sec.Elements...)
		}
	}
	flush()
	return out
}

// plainQuote is a quote for the fallback text: list items one a line.
func plainQuote(q string) string {
	return strings.ReplaceAll(strings.TrimSpace(q), "\n"+corpus.ListItemPrefix, "\n• ")
}
