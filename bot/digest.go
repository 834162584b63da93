package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
)

// DigestMessage renders a digest as its layout says (digest.Sections).
// Sections with nothing to say are left out; a quiet day still has its
// fact of the day.
func DigestMessage(d digest.Digest) Message {
	title := d.Title()
	blocks := []slack.Block{header(title)}
	text := []string{title}
	if f := d.Fact; f != nil {
		fb, ft := factBlocks(f, "Fact of the day")
		blocks = append(blocks, fb...)
		text = append(text, "Fact of the day: "+ft)
	}
	for _, s := range d.Sections() {
		blocks = append(blocks, section(digestSection(s)))
		text = append(text, s.Title+": "+s.Summary)
	}
	if u := d.Unhelpful(); u != "" {
		blocks = withContext(blocks, "👎 "+u+" since the last digest.")
		text = append(text, u)
	}
	return newMessage(strings.Join(text, "\n"), blocks...)
}

// digestSection is one list of a digest in mrkdwn.
func digestSection(s digest.Section) string {
	var b strings.Builder
	b.WriteString("*" + esc(s.Title) + "*")
	if s.Count > 0 {
		fmt.Fprintf(&b, " (%d)", s.Count)
	}
	if s.Note != "" {
		b.WriteString(" — " + esc(s.Note) + ":")
	}
	items(&b, s.Items)
	for _, g := range s.Groups {
		if h := groupHeading(g, len(s.Groups)); h != "" {
			b.WriteString("\n" + h)
		}
		items(&b, g.Items)
		if g.More > 0 && len(s.Groups) > 1 {
			fmt.Fprintf(&b, "\n   …and %d more", g.More)
		}
	}
	if len(s.Groups) > 1 && s.More > 0 && s.Where != "" {
		fmt.Fprintf(&b, "\n`/landscape %s` lists them all.", s.Where)
	} else if s.More > 0 {
		fmt.Fprintf(&b, "\n…and %d more", s.More)
		if s.Where != "" {
			fmt.Fprintf(&b, " (`/landscape %s`)", s.Where)
		}
	}
	return b.String()
}

// items writes a list's items, a bullet each.
func items(b *strings.Builder, list []digest.Item) {
	for _, it := range list {
		fmt.Fprintf(b, "\n• %s", esc(clip(it.Text, digestItemWidth)))
		if it.Times > 0 {
			fmt.Fprintf(b, " (%d×)", it.Times)
		}
	}
}

// groupHeading names where a group of new documents came from: a feed
// (and who follows it), a curator's adds from Slack; the rest, when there
// are other groups. A lone group of the rest has none.
func groupHeading(g digest.Group, groups int) string {
	by := ""
	if userIDRE.MatchString(g.AddedBy) {
		by = "<@" + g.AddedBy + ">"
	}
	switch {
	case g.Feed != "" && by != "":
		return fmt.Sprintf("_From %s_ (%d) — followed by %s", esc(clip(g.Feed, fieldWidth)), g.Count, by)
	case g.Feed != "":
		return fmt.Sprintf("_From %s_ (%d)", esc(clip(g.Feed, fieldWidth)), g.Count)
	case by != "" && groups > 1:
		return fmt.Sprintf("_Added by %s_ (%d)", by, g.Count)
	case by != "":
		return "_Added by " + by + "_"
	case g.AddedBy != "" && groups > 1: // not a user id: not shown
		return fmt.Sprintf("_Added by someone_ (%d)", g.Count)
	case groups > 1:
		return fmt.Sprintf("_Put in the corpus folder_ (%d)", g.Count)
	}
	return ""
}

// factBlocks shows a fact's sentence as a titled quote and its source
// line; a list item comes with its lead-in, so that it reads whole. It
// returns the blocks and the fallback text.
func factBlocks(f *facts.Fact, title string) ([]slack.Block, string) {
	quote, item := strings.TrimSpace(f.Quote), 0
	if f.Context != "" {
		lead := strings.TrimSpace(f.Context) + "\n" + corpus.ListItemPrefix
		quote, item = lead+trimItemEnd(f.Quote), len(lead)
	}
	figure := f.Figure()
	if !strings.Contains(quote[item:], figure) {
		figure = f.Value
	}
	head := rtLine(rtBold(title))
	blocks := []slack.Block{slack.NewRichTextBlock("", append([]slack.RichTextElement{head}, quoteElements(quote, figure, item)...)...)}
	blocks = withContext(blocks, sourceLine(f.Source, f.Cites, quote))
	return blocks, "“" + plainQuote(quote) + "” — " + f.Source.Title
}

// trimItemEnd drops what joins a list item to the next one (", and",
// ";"), so that the lead-in and the item read as a whole sentence.
func trimItemEnd(item string) string {
	item = strings.TrimSpace(item)
	for _, end := range []string{", and", "; and", ", or", "; or", ",", ";"} {
		if strings.HasSuffix(item, end) {
			return strings.TrimSpace(strings.TrimSuffix(item, end))
		}
	}
	return item
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
