package bot

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

// Action IDs of the buttons under an answer. Their values are an
// AnswerRef as JSON.
const (
	ActionMore         = "more_passages"
	ActionShare        = "share"
	ActionFeedbackUp   = "feedback_up"
	ActionFeedbackDown = "feedback_down"
)

const (
	// relatedPerPage is how many related passages one "More passages"
	// page lists, a line each.
	relatedPerPage = 5
	// closestShown is how many closest passages a no-answer card lists.
	closestShown = 3
	// cardRelated is how many related passages a card asks for: an answer
	// card shows none, it only needs to know whether to offer "More
	// passages"; a no-answer card shows closestShown and offers more.
	cardRelated = closestShown + 1
	// maxQuoteText leaves room in a block for the lead line; a quote is a
	// sentence or two, so this only bites on odd passages.
	maxQuoteText = 2800
	// leadMax keeps the lead to one line of a 600 px Slack pane; a longer
	// lead drops what the quote right under it says anyway.
	leadMax = 72
	// lineQuote is how much of a passage a one-line listing shows.
	lineQuote = 110
	// newestShown is how many documents a no-answer card suggests.
	newestShown = 3
)

// AnswerRef is what an answer's buttons carry: the question and which page
// of related passages the button opens.
type AnswerRef struct {
	Question string `json:"q"`
	Page     int    `json:"page,omitempty"`
	Source   string `json:"source,omitempty"` // the answer's document, for feedback
	// Scope is the channel's scope the answer came from, asked again with
	// it; "" for none.
	Scope string `json:"scope,omitempty"`
}

// AnswerView says how an answer is shown.
type AnswerView struct {
	Private bool // an ephemeral reply: offer "Share in channel"
	Page    int  // 0: the answer card; n > 0: page n of the related passages
	// Scope is the channel's scope the answer came from ("tag:robotics"),
	// said on the card; "" for none.
	Scope string
}

// AnswerMessage renders an answer as Block Kit. Page 0 is the card: a lead
// line that answers in words, the quote with its figure in bold, one source
// line, and the sources that give another figure; or, when the corpus does
// not answer, says so, suggests what it covers and lists the closest
// passages as plainly secondary; without a question, asks for one. Pages from 1 list the related passages, a
// line each (res must then hold up to Page×relatedPerPage+1 of them). c
// gives the figures (for the lead) and the documents (for suggestions).
func AnswerMessage(res answer.Result, c Corpus, v AnswerView) Message {
	switch {
	case res.Question == "":
		return promptMessage("", nil)
	case v.Page > 0:
		return relatedPage(res, v)
	case res.Answered && res.Answer != nil:
		return answerCard(res, v)
	default:
		return noAnswerCard(res, c.Documents(), v)
	}
}

func answerCard(res answer.Result, v AnswerView) Message {
	a := res.Answer
	lead := leadText(res)
	blocks := []slack.Block{
		slack.NewRichTextBlock("", append([]slack.RichTextElement{lead.rich()}, quoteElements(strings.TrimSpace(a.Quote), a.Figure, 0)...)...),
	}
	blocks = withContext(blocks, sourceLine(a.Source, a.Cites, a.Quote))
	text := fmt.Sprintf("%s — “%s” — %s", lead.plain(), plainQuote(a.Quote), plainSource(a.Source))
	if len(res.Others) > 0 {
		var b strings.Builder
		b.WriteString("⚠ *Sources disagree*")
		for _, o := range res.Others {
			fig := o.Figure
			if o.Fact != nil {
				fig = o.Fact.Figure()
			}
			fmt.Fprintf(&b, "\n• *%s* — %s", esc(fig), sourceLine(o.Source, "", ""))
			text += fmt.Sprintf(" Another source gives %s: %s.", fig, plainSource(o.Source))
		}
		blocks = append(blocks, section(b.String()))
	}
	if v.Scope != "" {
		blocks = withContext(blocks, scopeNote("Answered within", v.Scope))
		text += " Answered within this channel's scope, " + v.Scope + "."
	}
	blocks = append(blocks, answerButtons(res, v)...)
	return newMessage(text, blocks...)
}

func noAnswerCard(res answer.Result, docs []*corpus.Document, v AnswerView) Message {
	text := fmt.Sprintf("The corpus does not answer “%s”.", clip(res.Question, echoWidth))
	var b strings.Builder
	fmt.Fprintf(&b, "*The corpus does not answer* “%s”.", esc(clip(res.Question, echoWidth)))
	if len(docs) > 0 {
		newest := append([]*corpus.Document(nil), docs...)
		sort.SliceStable(newest, func(i, j int) bool { return newest[i].Published > newest[j].Published })
		var names []string
		for _, d := range newest[:min(len(newest), newestShown)] {
			names = append(names, link(d.URL, clip(d.Title, fieldWidth)))
		}
		more := ""
		if len(docs) > newestShown {
			more = fmt.Sprintf(" and %d more", len(docs)-newestShown)
		}
		fmt.Fprintf(&b, "\nIt covers %s%s — see `/landscape sources`, and `/landscape stats` for the figures.", strings.Join(names, " · "), more)
	}
	blocks := []slack.Block{section(b.String())}
	if n := min(len(res.Related), closestShown); n > 0 {
		var lines []string
		for _, r := range res.Related[:n] {
			lines = append(lines, passageLine(r.Excerpt))
		}
		blocks = withContext(blocks, "Closest passages, not an answer:\n"+strings.Join(lines, "\n"))
		text += " Closest passages (not an answer) follow."
	}
	if v.Scope != "" {
		blocks = withContext(blocks, scopeNote("Searched within", v.Scope))
		text += " Searched within this channel's scope, " + v.Scope + "."
	}
	blocks = append(blocks, answerButtons(res, v)...)
	return newMessage(text, blocks...)
}

// relatedPage lists page v.Page (from 1) of the related passages, a line
// each.
func relatedPage(res answer.Result, v AnswerView) Message {
	page := v.Page
	from := min(len(res.Related), (page-1)*relatedPerPage)
	shown := res.Related[from:min(len(res.Related), from+relatedPerPage)]
	q := clip(res.Question, echoWidth)
	text := fmt.Sprintf("More passages for “%s”", q)
	head := fmt.Sprintf("*More passages* for “%s”", esc(clip(q, fieldWidth)))
	switch {
	case len(shown) == 1:
		head = fmt.Sprintf("*More passages* (%d) for “%s”", from+1, esc(clip(q, fieldWidth)))
	case len(shown) > 1:
		head = fmt.Sprintf("*More passages* (%d–%d) for “%s”", from+1, from+len(shown), esc(clip(q, fieldWidth)))
	}
	lines := []string{head}
	for _, r := range shown {
		lines = append(lines, "• "+passageLine(r.Excerpt))
		text += fmt.Sprintf(" “%s” — %s.", clip(r.Quote, lineQuote), plainSource(r.Source))
	}
	if len(shown) == 0 {
		lines = append(lines, "No more passages.")
	}
	blocks := []slack.Block{section(strings.Join(lines, "\n"))}
	if len(res.Related) > from+len(shown) && len(shown) > 0 {
		next := AnswerRef{Question: res.Question, Page: page + 1, Scope: v.Scope}
		blocks = append(blocks, slack.NewActionBlock("related_pages", refButton(ActionMore, "Next passages ›", next)))
	}
	return newMessage(text, blocks...)
}

// passageLine is a passage in one line: its quote, shortened, and a short
// source.
func passageLine(x answer.Excerpt) string {
	q := strings.Join(strings.Fields(plainQuote(x.Quote)), " ")
	return fmt.Sprintf("“%s” — %s", esc(clip(q, lineQuote)), shortSource(x.Source))
}

func plainSource(s corpus.Source) string {
	parts := []string{s.Title}
	for _, p := range []string{s.Publisher, s.Published, webURL(s.URL)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// answerButtons are the card's buttons: more passages when there are any,
// share when private, and feedback.
func answerButtons(res answer.Result, v AnswerView) []slack.Block {
	ref := AnswerRef{Question: res.Question, Scope: v.Scope}
	if res.Answer != nil {
		ref.Source = res.Answer.Source.ID
	}
	var els []slack.BlockElement
	if len(res.Related) > 0 && (res.Answered || len(res.Related) > closestShown) {
		more := ref
		more.Page, more.Source = 1, ""
		els = append(els, refButton(ActionMore, "More passages", more))
	}
	if v.Private {
		els = append(els, refButton(ActionShare, "Share in channel", ref))
	}
	els = append(els, refButton(ActionFeedbackUp, "👍", ref), refButton(ActionFeedbackDown, "👎", ref))
	return []slack.Block{slack.NewActionBlock("answer_actions", els...)}
}

// refButton makes a button whose value is ref as JSON, the question cut
// so the value stays within Slack's limit.
func refButton(actionID, label string, ref AnswerRef) *slack.ButtonBlockElement {
	ref.Question = clipBytes(ref.Question, maxValueText)
	b := button(actionID, label, jsonValue(ref))
	emoji := true // the 👍 and 👎
	b.Text.Emoji = &emoji
	return b
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

// lead is the card's first line: words, then in bold the figure (or the
// question, when the answer has no figure).
type lead struct{ before, figure string }

// leadText answers in words from the answer's figure, as the facts layer
// reads it (the engine hands over its Fact): "China’s total investment in
// 2023: *about $650 million*", or "China, 2023: *…*" when that is too long
// for one line. Without a figure it is the question.
func leadText(res answer.Result) lead {
	var f facts.Fact
	if res.Answer.Fact != nil {
		f = *res.Answer.Fact // what the facts layer reads of the quoted figure
	}
	if f.Value == "" || (f.Metric == "" && f.Entity == "") {
		return lead{figure: capitalise(clip(res.Question, leadMax))}
	}
	fig := f.Figure()
	long := f.Metric
	if f.Entity != "" && f.Metric != "" {
		long = possessive(f.Entity) + " " + f.Metric
	}
	if f.Period != "" {
		long += " in " + f.Period
	}
	if utf8.RuneCountInString(long+": "+fig) <= leadMax || f.Entity == "" {
		return lead{before: capitalise(clip(long, leadMax)) + ": ", figure: fig}
	}
	short := f.Entity
	if f.Period != "" {
		short += ", " + f.Period
	}
	return lead{before: capitalise(short) + ": ", figure: fig}
}

func (l lead) rich() *slack.RichTextSection {
	return rtLine(rtText(l.before), rtBold(l.figure))
}

func (l lead) plain() string { return l.before + l.figure }

func possessive(s string) string {
	if len(s) <= 3 && strings.ToUpper(s) == s {
		s = "the " + s // the US’s, the EU’s
	}
	if strings.HasSuffix(s, "s") {
		return s + "’"
	}
	return s + "’s"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
