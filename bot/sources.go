package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
)

// maxSourcesListed keeps the sources reply to one readable message.
const maxSourcesListed = 40

// SourcesMessage lists the corpus's documents, newest first as given.
func SourcesMessage(docs []*corpus.Document) Message {
	blocks := []slack.Block{header("Sources")}
	var lines []string
	passages := 0
	for i, d := range docs {
		passages += len(d.Passages)
		if i >= maxSourcesListed {
			continue
		}
		line := "• " + link(d.URL, d.Title)
		var meta []string
		for _, s := range []string{d.Author, d.Publisher, d.Published} {
			if s != "" {
				meta = append(meta, esc(s))
			}
		}
		if len(meta) > 0 {
			line += " — " + strings.Join(meta, ", ")
		}
		lines = append(lines, line)
	}
	// Sections hold 3,000 characters: fill each before starting the next.
	var cur strings.Builder
	for _, l := range lines {
		l = clip(l, maxSectionText-10)
		if cur.Len()+len(l)+1 > maxSectionText-10 && len(blocks) < maxBlocks-2 {
			blocks = append(blocks, section(cur.String()))
			cur.Reset()
		}
		cur.WriteString(l + "\n")
	}
	if cur.Len() > 0 {
		blocks = append(blocks, section(cur.String()))
	}
	summary := fmt.Sprintf("%d documents, %d passages.", len(docs), passages)
	if len(docs) > maxSourcesListed {
		summary += fmt.Sprintf(" The first %d are listed.", maxSourcesListed)
	}
	blocks = withContext(blocks, summary)
	return Message{Text: "Sources: " + summary, Blocks: blocks}
}
