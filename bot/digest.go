package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
)

// maxNewDocs keeps the "New in the corpus" section short.
const maxNewDocs = 10

// DigestMessage renders a digest. Sections with nothing to say are left
// out; a quiet day still has its fact of the day.
func DigestMessage(d digest.Digest) Message {
	title := "Landscape digest — " + d.Date.Format("Monday 2 January 2006")
	blocks := []slack.Block{header(title)}
	text := []string{title}
	if f := d.Fact; f != nil {
		fb, ft := factBlocks(f, "Fact of the day")
		blocks = append(blocks, fb...)
		text = append(text, "Fact of the day: "+ft)
	}
	a := d.Activity
	if len(a.NewDocuments) > 0 {
		var b strings.Builder
		b.WriteString("*New in the corpus*")
		for i, doc := range a.NewDocuments {
			if i == maxNewDocs {
				fmt.Fprintf(&b, "\n…and %d more (`/landscape sources`)", len(a.NewDocuments)-maxNewDocs)
				break
			}
			fmt.Fprintf(&b, "\n• %s", esc(clip(doc.Title, 200)))
			if userIDRE.MatchString(doc.AddedBy) { // a curator's add from Slack
				fmt.Fprintf(&b, " — added by <@%s>", doc.AddedBy)
			}
		}
		blocks = append(blocks, section(b.String()))
		text = append(text, fmt.Sprintf("New in the corpus: %d %s", len(a.NewDocuments), plural(len(a.NewDocuments), "document", "documents")))
	}
	if a.UnansweredCount > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "*Unanswered questions* (%d) — sources to add to the corpus:", a.UnansweredCount)
		for _, q := range a.Unanswered {
			fmt.Fprintf(&b, "\n• %s", esc(clip(q, 300)))
		}
		if rest := a.UnansweredCount - len(a.Unanswered); rest > 0 {
			fmt.Fprintf(&b, "\n…and %d more", rest)
		}
		blocks = append(blocks, section(b.String()))
		text = append(text, fmt.Sprintf("Unanswered questions: %d", a.UnansweredCount))
	}
	if len(a.MostAsked) > 0 {
		var b strings.Builder
		b.WriteString("*Most asked*")
		for _, q := range a.MostAsked {
			fmt.Fprintf(&b, "\n• %s (%d×)", esc(clip(q.Question, 300)), q.Count)
		}
		blocks = append(blocks, section(b.String()))
		text = append(text, "Most asked: "+a.MostAsked[0].Question)
	}
	if a.DownVotes > 0 {
		blocks = withContext(blocks, fmt.Sprintf("👎 %d %s marked unhelpful since the last digest.", a.DownVotes, plural(a.DownVotes, "answer", "answers")))
		text = append(text, fmt.Sprintf("%d %s marked unhelpful", a.DownVotes, plural(a.DownVotes, "answer", "answers")))
	}
	return newMessage(strings.Join(text, "\n"), blocks...)
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
