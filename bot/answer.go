package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/answer"
)

// Action IDs of the buttons under an answer. Their values are an
// AnswerRef as JSON.
const (
	ActionMore         = "more_passages"
	ActionShare        = "share"
	ActionFeedbackUp   = "feedback_up"
	ActionFeedbackDown = "feedback_down"
)

// relatedPerPage is how many related passages one message shows.
const relatedPerPage = 3

// maxQuoteText leaves room in a section for the quote marks and a header
// line; a quote is a sentence or two, so this only bites on odd passages.
const maxQuoteText = 2800

// AnswerRef is what an answer's buttons carry: the question and which page
// of related passages the message shows.
type AnswerRef struct {
	Question string `json:"q"`
	Page     int    `json:"page,omitempty"`
	Source   string `json:"source,omitempty"` // the answer's document, for feedback
}

// AnswerView says how an answer is shown.
type AnswerView struct {
	Private bool // an ephemeral reply: offer "Share in channel"
	Page    int  // 0: the answer; n > 0: page n of related passages
}

// AnswerMessage renders an answer as Block Kit. Page 0 shows the quote with
// its figure in bold and its source, or says plainly that the corpus does
// not answer and lists the closest passages as related. Later pages list
// more related passages (res must then hold at least (Page+1)×3 of them).
func AnswerMessage(res answer.Result, v AnswerView) Message {
	ref := AnswerRef{Question: res.Question}
	if res.Answer != nil {
		ref.Source = res.Answer.Source.ID
	}
	var blocks []slack.Block
	var text string
	related := res.Related
	switch {
	case res.Question == "":
		text = "Ask me a question about the landscape, e.g. “how much private GenAI investment in China 2023?”"
		return Message{Text: text, Blocks: []slack.Block{section(esc(text))}}
	case v.Page > 0:
		from := min(len(related), v.Page*relatedPerPage)
		related = related[from:min(len(related), from+relatedPerPage)]
		text = fmt.Sprintf("More passages for “%s”", clip(res.Question, 200))
		blocks = append(blocks, section(fmt.Sprintf("*More passages* for “%s”", esc(clip(res.Question, 200)))))
		if len(related) == 0 {
			blocks = append(blocks, section("No more passages."))
		}
	case res.Answered && res.Answer != nil:
		a := res.Answer
		quote := answer.Excerpt{Quote: clip(a.Quote, maxQuoteText), Figure: a.Figure}
		blocks = append(blocks, section(quoteBlock(quote.Emphasise(esc, func(s string) string { return "*" + esc(s) + "*" }))))
		blocks = withContext(blocks, sourceText(a.Source, a.Cites), fmt.Sprintf("confidence %.2f", res.Confidence))
		text = fmt.Sprintf("“%s” — %s", a.Quote, plainSource(a))
		if len(res.Others) > 0 {
			blocks = append(blocks, withContextTitle("Other sources give other figures:"))
			for _, o := range res.Others {
				o := o
				blocks = append(blocks, section(quoteBlock(o.Emphasise(esc, func(s string) string { return "*" + esc(s) + "*" }))))
				blocks = withContext(blocks, sourceText(o.Source, o.Cites))
				text += fmt.Sprintf(" Other source: “%s” — %s.", o.Quote, plainSource(&o))
			}
		}
		if len(related) > relatedPerPage {
			related = related[:relatedPerPage]
		}
		if len(related) > 0 {
			blocks = append(blocks, slack.NewDividerBlock(), withContextTitle("Related passages"))
		}
	default:
		text = "The corpus does not answer this question."
		blocks = append(blocks, section("*The corpus does not answer this question.*"))
		if len(related) > relatedPerPage {
			related = related[:relatedPerPage]
		}
		if len(related) > 0 {
			blocks = append(blocks, withContextTitle("Closest passages — related, not an answer:"))
			text += " Closest passages (related, not an answer) follow."
		}
	}
	for _, r := range related {
		blocks = append(blocks, section(quoteBlock(esc(clip(r.Quote, maxQuoteText)))))
		blocks = withContext(blocks, sourceText(r.Source, r.Cites))
	}
	if !res.Answered && v.Page == 0 {
		blocks = withContext(blocks, "`/landscape sources` lists what the corpus covers.")
	}
	blocks = append(blocks, answerButtons(res, ref, v))
	return Message{Text: clip(text, maxFallbackText), Blocks: blocks}
}

func withContextTitle(s string) slack.Block {
	return slack.NewContextBlock("", mrkdwn("*"+esc(s)+"*"))
}

// quoteBlock renders text as a mrkdwn block quote, line by line.
func quoteBlock(text string) string {
	return "> " + strings.ReplaceAll(text, "\n", "\n> ")
}

func plainSource(a *answer.Excerpt) string {
	parts := []string{a.Source.Title}
	for _, p := range []string{a.Source.Publisher, a.Source.Published, a.Source.URL} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func answerButtons(res answer.Result, ref AnswerRef, v AnswerView) slack.Block {
	var els []slack.BlockElement
	shown := (v.Page + 1) * relatedPerPage
	if len(res.Related) > shown {
		next := ref
		next.Page = v.Page + 1
		els = append(els, button(ActionMore, "More passages", next))
	}
	if v.Private && v.Page == 0 {
		els = append(els, button(ActionShare, "Share in channel", ref))
	}
	if v.Page == 0 {
		els = append(els, button(ActionFeedbackUp, "👍", ref), button(ActionFeedbackDown, "👎", ref))
	}
	return slack.NewActionBlock("answer_actions", els...)
}

// button makes a button whose value is ref as JSON, the question cut so the
// value stays under Slack's 2,000 characters.
func button(actionID, label string, ref AnswerRef) *slack.ButtonBlockElement {
	ref.Question = clipBytes(ref.Question, 900) // JSON at most doubles it: quotes, backslashes
	return slack.NewButtonBlockElement(actionID, jsonValue(ref), slack.NewTextBlockObject(slack.PlainTextType, label, true, false))
}

// jsonValue is v as compact JSON without HTML escaping, for button values.
func jsonValue(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // plain structs: cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}

// clipBytes cuts s to at most n bytes at a rune boundary.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
