package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ListItemPrefix starts each list item's line in a passage's text, so that
// readers of passages can tell items from sentences.
const ListItemPrefix = "- "

// MaxPassage is the length (bytes) above which a paragraph is split at
// sentence boundaries: long passages dilute retrieval and make poor quotes.
const MaxPassage = 800

type blockKind int

const (
	paraBlock blockKind = iota
	listBlock
	headingBlock
)

type block struct {
	kind  blockKind
	text  string   // paragraph or heading text
	items []string // list items
}

var (
	headingRE  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	listItemRE = regexp.MustCompile(`^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+(.*)$`)
	ruleRE     = regexp.MustCompile(`^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	setextRE   = regexp.MustCompile(`^\s{0,3}(?:=+|-+)\s*$`)
	commentRE  = regexp.MustCompile(`(?s)<!--.*?-->`)
	imageRE    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	linkRE     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	emphRE     = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	starRE     = regexp.MustCompile(`(^|[\s(])\*(\S(?:[^*]*\S)?)\*`)
)

// parseBlocks reads Markdown (markdown=true) or plain text into headings,
// paragraphs and lists. It understands the subset analysts' notes use:
// ATX and setext headings, lists, block quotes, fenced code (dropped), rules.
func parseBlocks(text string, markdown bool) []block {
	if markdown {
		text = commentRE.ReplaceAllString(text, "")
	}
	var blocks []block
	var para []string
	var items []string
	inFence := false
	flushPara := func() {
		if len(para) > 0 {
			blocks = append(blocks, block{kind: paraBlock, text: strings.Join(para, " ")})
			para = nil
		}
	}
	flushList := func() {
		if len(items) > 0 {
			blocks = append(blocks, block{kind: listBlock, items: items})
			items = nil
		}
	}
	lines := strings.Split(text, "\n")
	for i, raw := range lines {
		line := strings.TrimRightFunc(raw, unicode.IsSpace)
		trimmed := strings.TrimSpace(line)
		if markdown && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
			flushPara()
			flushList()
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if trimmed == "" {
			flushPara()
			// A blank line inside a list only ends it if no item follows.
			if len(items) > 0 && !nextIsItem(lines[i+1:]) {
				flushList()
			}
			continue
		}
		if markdown {
			if m := headingRE.FindStringSubmatch(trimmed); m != nil {
				flushPara()
				flushList()
				blocks = append(blocks, block{kind: headingBlock, text: cleanInline(m[2])})
				continue
			}
			if len(para) == 1 && len(items) == 0 && setextRE.MatchString(line) {
				blocks = append(blocks, block{kind: headingBlock, text: cleanInline(para[0])})
				para = nil
				continue
			}
			if ruleRE.MatchString(line) {
				flushPara()
				flushList()
				continue
			}
			trimmed = strings.TrimSpace(strings.TrimLeft(trimmed, ">"))
			if trimmed == "" {
				flushPara()
				continue
			}
		}
		if m := listItemRE.FindStringSubmatch(line); m != nil {
			flushPara()
			items = append(items, clean(m[1], markdown))
			continue
		}
		if len(items) > 0 && (strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t")) {
			items[len(items)-1] += " " + clean(trimmed, markdown)
			continue
		}
		flushList()
		para = append(para, clean(trimmed, markdown))
	}
	flushPara()
	flushList()
	return blocks
}

func nextIsItem(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		return listItemRE.MatchString(l)
	}
	return false
}

func clean(s string, markdown bool) string {
	if markdown {
		s = cleanInline(s)
	}
	return strings.Join(strings.FieldsFunc(stripControl(s), unicode.IsSpace), " ")
}

// cleanInline removes Markdown inline markup, keeping the words.
func cleanInline(s string) string {
	// Most text has no markup: the patterns run only when their first
	// character is there (they were a quarter of loading 10,000 files).
	if strings.Contains(s, "](") {
		s = imageRE.ReplaceAllString(s, "")
		s = linkRE.ReplaceAllString(s, "$1")
	}
	if strings.ContainsAny(s, "*_") {
		s = emphRE.ReplaceAllString(s, "$2")
		s = starRE.ReplaceAllString(s, "$1$2")
	}
	return strings.ReplaceAll(s, "`", "")
}

// stripControl drops what IsControl reports, and invalid UTF-8.
func stripControl(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// IsControl reports whether r is a character text from a document must not
// carry: a control character other than whitespace (ESC and the C1
// controls drive terminals: clear the screen, set the window title), or a
// bidirectional override or isolate (text would display in another order
// than it reads).
func IsControl(r rune) bool {
	return (unicode.IsControl(r) && !unicode.IsSpace(r)) || r == '\u0085' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// buildPassages turns blocks into passages. Rules, each for a reason:
//   - a paragraph ending in ":" followed by a list is a lead-in: its last
//     sentence(s) stay with the list, so the list keeps its meaning;
//   - a paragraph that is only a question is joined to the next paragraph,
//     since a question alone answers nothing;
//   - paragraphs over MaxPassage split at sentence boundaries.
func buildPassages(doc *Document, blocks []block) []*Passage {
	var out []*Passage
	section := ""
	add := func(text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		out = append(out, &Passage{
			ID:      fmt.Sprintf("%s#%d", doc.ID, len(out)+1),
			Doc:     doc,
			Section: section,
			Text:    text,
		})
	}
	pending := "" // a question paragraph waiting for its answer
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		switch b.kind {
		case headingBlock:
			add(pending)
			pending = ""
			section = clean(b.text, false)
		case listBlock:
			add(pending)
			pending = ""
			add(listText(b.items))
		case paraBlock:
			text := b.text
			if pending != "" {
				text = pending + " " + text
				pending = ""
			}
			if isQuestionOnly(text) && i+1 < len(blocks) && blocks[i+1].kind == paraBlock {
				pending = text
				continue
			}
			if strings.HasSuffix(text, ":") && i+1 < len(blocks) && blocks[i+1].kind == listBlock {
				list := listText(blocks[i+1].items)
				i++
				sents := SentenceTexts(text)
				// Keep as many trailing sentences with the list as fit.
				lead := sents[len(sents)-1]
				j := len(sents) - 1
				for j > 0 && len(lead)+len(sents[j-1])+len(list)+1 <= MaxPassage {
					j--
					lead = sents[j] + " " + lead
				}
				for _, chunk := range chunkSentences(sents[:j]) {
					add(chunk)
				}
				add(lead + "\n" + list)
				continue
			}
			for _, chunk := range chunkSentences(SentenceTexts(text)) {
				add(chunk)
			}
		}
	}
	add(pending)
	return out
}

// listText renders list items one a line, each after ListItemPrefix.
func listText(items []string) string {
	return ListItemPrefix + strings.Join(items, "\n"+ListItemPrefix)
}

func isQuestionOnly(text string) bool {
	return strings.HasSuffix(text, "?") && len(SentenceTexts(text)) == 1
}

// chunkSentences groups sentences into chunks of at most MaxPassage bytes
// (a single longer sentence stays whole), balancing chunk sizes.
func chunkSentences(sents []string) []string {
	total := 0
	for _, s := range sents {
		total += len(s) + 1
	}
	if total <= MaxPassage+1 {
		if len(sents) == 0 {
			return nil
		}
		return []string{strings.Join(sents, " ")}
	}
	n := (total + MaxPassage - 1) / MaxPassage
	target := total / n
	var out []string
	var cur []string
	size := 0
	for _, s := range sents {
		if size > 0 && (size+len(s) > MaxPassage || size >= target) {
			out = append(out, strings.Join(cur, " "))
			cur, size = nil, 0
		}
		cur = append(cur, s)
		size += len(s) + 1
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}
