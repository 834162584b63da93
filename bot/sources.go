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
	blocks = append(blocks, sections(lines)...)
	summary := fmt.Sprintf("%d %s, %d %s.", len(docs), plural(len(docs), "document", "documents"), passages, plural(passages, "passage", "passages"))
	if len(docs) > maxSourcesListed {
		summary += fmt.Sprintf(" The first %d are listed.", maxSourcesListed)
	}
	blocks = withContext(blocks, summary)
	return newMessage("Sources: "+summary, blocks...)
}
