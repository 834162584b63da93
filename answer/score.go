package answer

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/lexicon"
)

// unit is a sentence or list item of a passage.
type unit struct {
	start, end int  // byte range in the passage text
	t0, t1     int  // range of the passage's tokens that fall in the unit
	item       bool // a list item
	leadIn     int  // index of the sentence introducing the list, or -1
	question   bool // ends with "?"
	figs       []figure
	periods    []period
	present    bool              // speaks of the document's present ("now", "to date")
	names      []string          // people, companies, products… named in it
	places     []string          // places named in it
	listing    bool              // enumerates things: "a, b and c"
	reason     bool              // gives a cause: "because", "due to"
	cites      bool              // names a primary source
	rank       bool              // places something in an order: "fourth-largest", "ranked first"
	measures   map[string]string // measure label ("revenue") → kind ("money") of the measures it names
	clauses    [][2]int          // where a comparison turns ("…, compared with …"), relative to start
}

// passageInfo is what scoring needs of a passage that does not depend on
// the question; it is computed once per passage, on first retrieval or by
// Warm.
type passageInfo struct {
	toks        []index.Token // the analysed text
	sectionToks []index.Token // the analysed section heading
	titleToks   []index.Token // the analysed document title
	units       []unit
	context     []period // periods of the section heading and document title
	dated       []period // the document's date, as a month, or none
	cite        string   // the primary source the passage names
	key         string   // the text normalised, to drop duplicates
}

// Warm analyses every passage ahead of questions, so that the first
// question to retrieve a passage does not pay for it. A long-running server
// calls it once at start; one-shot commands need not. It stops early when
// ctx is done.
func (e *Engine) Warm(ctx context.Context) error {
	for _, p := range e.corpus.Passages {
		if err := ctx.Err(); err != nil {
			return err
		}
		e.info(p)
	}
	return nil
}

func (e *Engine) info(p *corpus.Passage) *passageInfo {
	if v, ok := e.cache.Load(p); ok {
		return v.(*passageInfo)
	}
	toks := dropCurrencyPrefixes(p.Text, e.ix.Analyze(p.Text))
	r := refOf(p.Doc.Published)
	in := &passageInfo{
		toks:        toks,
		sectionToks: e.ix.Analyze(p.Section),
		titleToks:   e.ix.Analyze(p.Doc.Title),
		cite:        corpus.Cites(p.Text),
		key:         strings.ToLower(strings.Join(strings.Fields(p.Text), " ")),
		context:     append(periodsIn(p.Section, r, 0), periodsIn(p.Doc.Title, r, 0)...),
	}
	if r.ok() {
		m := monthIndex(r.year, r.month)
		in.dated = []period{{from: m, to: m, grain: grainMonth}}
	}
	in.units = e.units(p.Text, toks, r)
	v, _ := e.cache.LoadOrStore(p, in)
	return v.(*passageInfo)
}

// units splits a passage into sentences and list items and finds what each
// holds: its share of toks (the analysed passage text), figures, periods,
// names, and whether it enumerates or gives a reason.
func (e *Engine) units(text string, toks []index.Token, r ref) []unit {
	var out []unit
	k := 0
	ctxYear := 0 // the last year the passage named: "the first half of the year" is of it
	for _, cu := range corpus.Units(text) {
		s := text[cu.Start:cu.End]
		u := unit{start: cu.Start, end: cu.End, item: cu.Item, leadIn: cu.LeadIn,
			question: strings.HasSuffix(s, "?"), figs: findFigures(s), periods: periodsIn(s, r, ctxYear),
			cites: corpus.Cites(s) != "", clauses: facts.Clauses(s), measures: e.measuresIn(s)}
		// Cheap tests of the lower-cased sentence skip the patterns that
		// cannot match.
		low := strings.ToLower(s)
		u.present = hasAny(low, presentWords...) && presentRE.MatchString(s)
		u.listing = hasAny(low, ", ", " and ", " as well as ", " along with ", " or ") && listingRE.MatchString(s)
		u.reason = hasAny(low, reasonWords...) && reasonRE.MatchString(s)
		u.rank = hasAny(low, rankWords...) && rankRE.MatchString(s)
		u.names, u.places = e.namesIn(s)
		for _, p := range u.periods {
			if p.grain == grainYear && !p.noYear {
				ctxYear = p.from / 12
			}
		}
		u.t0 = k
		for k < len(toks) && toks[k].Start < u.end {
			k++
		}
		u.t1 = k
		out = append(out, u)
	}
	return out
}

var (
	// presentRE marks a sentence about the document's present, whose
	// figure is dated by the document ("has now reached").
	presentRE = regexp.MustCompile(`(?i)\b(?:now|currently|to date|so far|as of (?:this|today)|this (?:week|month)|today)\b`)
	// listingRE finds an enumeration: "new energy, new materials, and
	// pharmaceuticals", "Tencent and miHoYo".
	listingRE = regexp.MustCompile(`[\w.’'‘-]+(?: [\w.’'‘-]+){0,4}, [\w.’'‘-]+(?: [\w.’'‘-]+){0,4},? (?:and|or) [\w.’'‘-]+|\b[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)* (?:and|as well as|along with) (?:the )?[A-Z‘'][\w.’'-]*`)
	// presentWords, reasonWords and rankWords hold a word of every match
	// of presentRE, reasonRE and rankRE.
	presentWords = []string{"now", "current", "to date", "so far", "as of", "this", "today"}
	reasonWords  = []string{"because", "due to", "reason", "thanks to", "owing to", "driven by", "result", "led ", "lead", "cause", "testament", "attribut", "advantage", "lack of", "since", "so that", "order to", "to help", "amid", "given", "therefore", "hence"}
	rankWords    = []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "top", "st ", "nd ", "rd ", "th ", "rank", "place", "no.", "largest", "biggest", "leading"}
	// rankRE finds a place in an order.
	rankRE = regexp.MustCompile(`(?i)\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top|\d+(?:st|nd|rd|th))[- ](?:largest|biggest|place|ranked|most|highest|lowest)\b|\b(?:ranked|ranks|ranking|placed) (?:\w+ )?(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)|top)\b|\bno\. ?\d\b|\b(?:largest|biggest|leading|top)\b`)
	// reasonRE finds wording that gives a cause.
	reasonRE = regexp.MustCompile(`(?i)\b(because|due to|reasons?|thanks to|owing to|driven by|as a result|result of|led (?:\w+ )?to|lead to|leads to|caused|causes|testament to|attributed|disadvantage|advantage|lack of|since|so that|in order to|to help|amid|given|therefore|hence)\b`)
)

// measuresIn returns the measures a sentence names ("valuation",
// "revenue"), by label, with their kind.
func (e *Engine) measuresIn(s string) map[string]string {
	var out map[string]string
	lw := lowerAll(splitWords(s))
	for i := 0; i < len(lw); i++ {
		if n, label, kind := e.lex.MeasureAt(lw, i); n > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[label] = kind
			i += n - 1
		}
	}
	return out
}

// namesIn returns the names of a sentence, people and organisations apart
// from places: words capitalised inside it, or at its start when the corpus
// writes them as names ("Son will serve…"). Runs of capitalised words are
// one name ("Moore Threads"); terms of the field ("AI", "R&D") and
// currency prefixes ("US$") are no names.
func (e *Engine) namesIn(s string) (names, places []string) {
	var run []string
	gaz := e.lex.Places()
	flush := func() {
		if len(run) == 0 {
			return
		}
		n := strings.Join(run, " ")
		if gaz.Lookup(n) != nil {
			places = append(places, n)
		} else {
			names = append(names, n)
		}
		run = nil
	}
	ws := splitWords(currencyPrefixRE.ReplaceAllString(s, "$$"))
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		if i+1 < len(ws) && e.lex.IsTerm(lw+" "+strings.ToLower(ws[i+1])) {
			flush()
			i++ // a two-word term: "Gen AI"
			continue
		}
		capital := unicode.IsUpper(r) || unicode.IsDigit(r) && strings.ContainsFunc(w, unicode.IsUpper)
		if capital && (i > 0 || e.vocab.isName(lw)) && !questionStop[lw] && !(e.lex.IsTerm(lw) && capsAfterFirst(w)) && !calendarWords[lw] &&
			!reportPeriodWordRE.MatchString(w) && !isFigure(w) {
			run = append(run, w)
			continue
		}
		flush()
	}
	flush()
	return names, places
}

// capsAfterFirst reports whether a word has capitals after its first
// letter: an acronym or a mixed-case term ("AI", "GenAI"), not a word
// capitalised as a name's part ("Firm" in "Firm A").
func capsAfterFirst(w string) bool {
	_, size := utf8.DecodeRuneInString(w)
	return strings.ContainsFunc(w[size:], unicode.IsUpper)
}

// isFigure reports whether a word is an amount ("RMB1.05bn"), not a name.
func isFigure(w string) bool {
	if !strings.ContainsFunc(w, unicode.IsDigit) {
		return false
	}
	for _, f := range findFigures(w) {
		if f.start == 0 && f.end == len(w) && f.kind == KindMoney {
			return true
		}
	}
	return false
}

// reportPeriodWordRE matches a word that is a reporting period ("1H23",
// "FY24E"), not a name.
var reportPeriodWordRE = regexp.MustCompile(`^(?:[12]H\d\dE?|H[12]|Q[1-4]|[1-4]Q\d\d|FY\d\dE?)$`)

// currencyPrefixRE finds the letters of a currency symbol: the "US" of
// "US$10" names a currency, not the country.
var currencyPrefixRE = regexp.MustCompile(`\b(?:US|U\.S\.|HK|NT|NZ|[SACR])\$`)

// dropCurrencyPrefixes removes the tokens that are a currency symbol's
// letters ("US" in "US$10"), so that they do not match the country.
func dropCurrencyPrefixes(text string, toks []index.Token) []index.Token {
	out := toks[:0:0]
	for _, t := range toks {
		if t.End < len(text) && text[t.End] == '$' {
			continue
		}
		out = append(out, t)
	}
	return out
}

// hits records, for each concept of a question, how a text matches it:
// 0 not at all, else 1 + the relation of the closest alternative found.
type hits [maxConcepts]int8

func (h *hits) union(o hits) {
	for i, r := range o {
		if r != 0 && (h[i] == 0 || r < h[i]) {
			h[i] = r
		}
	}
}

func (h hits) has(i int) bool { return h[i] != 0 }

// match finds which concepts toks holds.
func match(cs []concept, toks []index.Token) hits {
	var h hits
	for i, c := range cs {
		if i >= maxConcepts {
			break
		}
	alts:
		for a, alt := range c.alts {
			for j, t := range toks {
				if t.Term == alt[0] && phraseAt(toks, j, alt) {
					h[i] = int8(c.rels[a]) + 1
					break alts
				}
			}
		}
	}
	return h
}

// phraseAt reports whether alt's terms follow toks[j] in order, allowing the
// gaps that removed stop words leave ("text-to-video").
func phraseAt(toks []index.Token, j int, alt []string) bool {
	pos := toks[j].Pos
	k := j + 1
	for _, term := range alt[1:] {
		if k >= len(toks) || toks[k].Term != term || toks[k].Pos-pos > 2 {
			return false
		}
		pos = toks[k].Pos
		k++
	}
	return true
}

// cov is the share of the question's weight that h matches; a concept
// matched through an alternative counts as much as its relation is trusted.
func (q question) cov(h hits, w Weights) float64 {
	if q.total == 0 {
		return 0
	}
	var sum float64
	for i, c := range q.concepts {
		if i < maxConcepts && h[i] != 0 {
			sum += c.weight * w.Relation[lexicon.Relation(h[i]-1)]
		}
	}
	return sum / q.total
}

// hasContent reports whether h matches a concept that is neither a year
// nor a soft word.
func (q question) hasContent(h hits) bool {
	for i, c := range q.concepts {
		if i < maxConcepts && h[i] != 0 && !c.year && !c.soft {
			return true
		}
	}
	return false
}

// hasTopic reports whether h matches what the question is about beyond
// its commonest words: a subject, or a concept that is neither a year, a
// soft word nor common in the corpus ("China" in a corpus about China). A
// passage that matches only those is not even related.
func (q question) hasTopic(h hits) bool {
	for i, c := range q.concepts {
		if i < maxConcepts && h[i] != 0 && (c.subject || !c.year && !c.soft && !c.common) {
			return true
		}
	}
	return false
}

// adjacentPairs counts the pairs of consecutive question concepts that also
// stand next to each other in toks ("large models").
func adjacentPairs(concepts []concept, toks []index.Token) int {
	n := 0
	for i := 0; i+1 < len(concepts); i++ {
		a, b := concepts[i], concepts[i+1]
		if a.year || b.year {
			continue
		}
	found:
		for j, t := range toks {
			if !isTermOf(a, t.Term) {
				continue
			}
			for k := j + 1; k < len(toks) && toks[k].Pos-t.Pos <= 2; k++ {
				if isTermOf(b, toks[k].Term) {
					n++
					break found
				}
			}
		}
	}
	return n
}

// isTermOf reports whether term is the first or last word of one of c's
// alternatives.
func isTermOf(c concept, term string) bool {
	for _, alt := range c.alts {
		if alt[len(alt)-1] == term || alt[0] == term {
			return true
		}
	}
	return false
}

// candidate is a passage with its best run of units — a sentence, a list
// item with its lead-in, or two adjacent sentences — and how well the run
// answers and agrees with the question.
type candidate struct {
	p           *corpus.Passage
	first       int // the run's first unit
	last        int
	start, end  int // the run's byte range in p.Text
	runHits     hits
	covR        float64 // coverage of the run (with its heading)
	covP        float64 // coverage of the passage, heading and title
	kindFit     float64
	content     bool // the run matches a concept that is neither a year nor a soft word
	passContent bool
	total       float64
	bm25        float64
	// refusal says why the run does not agree with the question; "" when
	// it does.
	refusal string
}

// answers reports whether the run is offered as the answer: it agrees with
// the question and enough of the question is matched by the quote itself.
func (c candidate) answers(w Weights) bool {
	return c.refusal == "" && c.content && c.covR >= w.MinRunCoverage && c.total >= w.AnswerThreshold
}

// confidence maps the score to [0,1].
func (c candidate) confidence() float64 { return min(1, max(0, c.total)) }

// score finds the passage's best run: among the runs that agree with the
// question the highest-ranked, else the highest-ranked of all (with the
// reason it does not agree).
func (e *Engine) score(q question, p *corpus.Passage) candidate {
	in := e.info(p)
	us, toks := in.units, in.toks
	w := e.weights
	uh := make([]hits, len(us))
	var pass hits
	for i, u := range us {
		uh[i] = match(q.concepts, toks[u.t0:u.t1])
		pass.union(uh[i])
	}
	// A heading labels its passages ("About the author"), so its matches
	// count as the run's own; the document title only as weaker context.
	sec := match(q.concepts, in.sectionToks)
	title := match(q.concepts, in.titleToks)
	context := pass
	context.union(sec)
	context.union(title)
	titleSec := withHits(sec, title)
	covP := q.cov(withHits(pass, sec), w) + w.TitleShare*(q.cov(context, w)-q.cov(withHits(pass, sec), w))
	passContent := q.hasTopic(pass)

	var best, bestAgreeing candidate
	best.total, bestAgreeing.total = -1, -1
	try := func(first, last int, penalty float64) {
		run := sec
		for i := first; i <= last; i++ {
			run.union(uh[i])
		}
		periods, ownDate := runPeriods(in, us, first, last)
		pfit := periodAgrees(q.period, periods)
		if !ownDate {
			pfit = min(pfit, fitWeak) // dated by its context, not by itself
		}
		run = q.datedBy(run, pfit)
		// What the question names and the run's context holds counts for the
		// run too (the agreement checks require it there): the sentence that
		// answers need not repeat the company's name.
		scored := q.subjectsFrom(run, titleSec)
		c := candidate{p: p, first: first, last: last, start: us[first].start, end: us[last].end,
			runHits: run, covR: q.cov(scored, w), covP: covP, passContent: passContent}
		c.covP = max(c.covP, c.covR) // the run is part of its passage
		c.kindFit = e.kindFit(q, p.Text, toks, us[first:last+1])
		focus := c.covR
		if q.kind.figureKind() {
			focus = q.figureClauseCov(p.Text, toks, us[first:last+1], titleSec, pfit, w)
		}
		c.content = q.hasContent(run) || c.kindFit == 1 && q.hasContent(sec)
		c.total = w.RunCoverage*c.covR + w.FocusCoverage*focus + w.PassageCoverage*c.covP + w.KindFit*c.kindFit - penalty
		c.total += w.AdjacentPair * float64(min(w.MaxAdjacentPairs, adjacentPairs(q.concepts, toks[us[first].t0:us[last].t1])))
		if pfit == fitWeak {
			c.total -= w.WeakPeriod
		}
		c.refusal = agree(q, us[first:last+1], uh[first:last+1], sec, pfit, run, titleSec, pass, e.otherFigure(q, p.Text, toks, us[first:last+1]))
		if c.total > best.total {
			best = c
		}
		if c.refusal == "" && c.total > bestAgreeing.total {
			bestAgreeing = c
		}
	}
	for i, u := range us {
		pen := 0.0
		if u.question {
			pen = w.QuestionSentence
		}
		if u.item && u.leadIn >= 0 {
			// A list item answers in the context of its lead-in; the quote
			// runs from the lead-in to the item.
			try(u.leadIn, i, pen+w.ListDistance*float64(i-u.leadIn-1))
			continue
		}
		try(i, i, pen)
		if i+1 < len(us) && !us[i+1].item && !us[i+1].question {
			try(i, i+1, pen+w.SecondSentence)
		}
	}
	if bestAgreeing.total >= 0 {
		return bestAgreeing
	}
	return best
}

func withHits(a, b hits) hits {
	a.union(b)
	return a
}

// kindFit rates how well a run holds the kind of answer asked for: 1 it
// does, 0 it does not, 0.5 when no kind is asked; a reason is judged by
// wording only, so a run without a causal word still fits a little, and a
// figure that is not the asked measure's ("five vendors" for "downloads")
// fits only in part.
func (e *Engine) kindFit(q question, text string, toks []index.Token, run []unit) float64 {
	switch held := kindHeld(q, run); {
	case q.kind == KindAny:
		return 0.5
	case held && q.kind.figureKind() && q.hasMeasure() && !measuredFigure(q, text, toks, run):
		return unmeasuredFit
	case held:
		return 1
	case q.kind == KindReason || q.kind == KindNames:
		return 0.3
	}
	return 0
}

// unmeasuredFit is the kind fit of a run whose figure of the asked kind is
// not next to what the question measures.
const unmeasuredFit = 0.6

// measuredFigure reports whether a figure of the asked kind stands by a
// word of the question's measure: a count or per cent just before it ("700
// million downloads", "83% of their organizations"), an amount in its
// clause ("revenue of 9.3 billion yuan").
func measuredFigure(q question, text string, toks []index.Token, run []unit) bool {
	for _, u := range run {
		for _, f := range u.figs {
			if !fits(q.kind, f.kind) {
				continue
			}
			if f.kind == KindCount || f.kind == KindPercent {
				a, b := figureNoun(text[u.start:u.end], f.end)
				if q.measures(toksIn(toks, u, a, b)) == measuredYes {
					return true
				}
				continue
			}
			for _, cl := range u.clauses {
				if f.start >= cl[0] && f.end <= cl[1] && q.measures(toksIn(toks, u, cl[0], cl[1])) == measuredYes {
					return true
				}
			}
		}
	}
	return false
}

// otherFigure returns what the run's counts or per cents measure when
// every one of them names, right after it, a measure of the lexicon other
// than the question's ("a 100% subsidy" for "what percentage of
// companies"), or "". A figure whose words name no known measure ("84% of
// the company") may still be the one asked.
func (e *Engine) otherFigure(q question, text string, toks []index.Token, run []unit) string {
	if q.kind != KindCount && q.kind != KindPercent || !q.hasMeasure() {
		return ""
	}
	other := ""
	for _, u := range run {
		ut := text[u.start:u.end]
		for _, f := range u.figs {
			if !fits(q.kind, f.kind) {
				continue
			}
			a, b := figureNoun(ut, f.end)
			if q.measures(toksIn(toks, u, a, b)) == measuredYes {
				return ""
			}
			m := e.measureOf(ut[a:b])
			if m == "" || q.asksMeasure(m) {
				return ""
			}
			if other == "" {
				other = m
			}
		}
	}
	return other
}

// measureOf returns the label of the first measure the words name, or "".
func (e *Engine) measureOf(words string) string {
	lw := lowerAll(splitWords(words))
	for i := range lw {
		if n, label, _ := e.lex.MeasureAt(lw, i); n > 0 {
			return label
		}
	}
	return ""
}

// asksMeasure reports whether the question's measure is the lexicon's
// measure label.
func (q question) asksMeasure(label string) bool {
	for _, c := range q.concepts {
		if c.measure && c.measureLabel == label {
			return true
		}
	}
	return false
}

// toksIn returns the unit's tokens that lie within [a, b) of its text.
func toksIn(toks []index.Token, u unit, a, b int) []index.Token {
	var out []index.Token
	for _, t := range toks[u.t0:u.t1] {
		if t.Start >= u.start+a && t.End <= u.start+b {
			out = append(out, t)
		}
	}
	return out
}

type measured int

const (
	measuredUnclear measured = iota // nothing says what the figure measures
	measuredYes
	measuredOther
)

// measures tells whether toks — the words that say what a figure measures
// — name the question's measure.
func (q question) measures(toks []index.Token) measured {
	if len(toks) == 0 {
		return measuredUnclear
	}
	h := match(q.concepts, toks)
	for i, c := range q.concepts {
		if i < maxConcepts && c.measure && h.has(i) {
			return measuredYes
		}
	}
	return measuredOther
}

// figureNoun returns the byte range in s of the words right after a
// figure ending at end that say what it counts or measures: "downloads" in
// "700 million downloads on Hugging Face", "organizations" in "83% of their
// organizations are". It skips a parenthesis ("(AI) services") and stops
// at punctuation or a function word; empty when nothing follows.
func figureNoun(s string, end int) (int, int) {
	ws := wordsFrom(s, end)
	if len(ws) > 0 && strings.EqualFold(ws[0].w, "of") {
		ws = ws[1:]
		for len(ws) > 0 && nounDeterminers[strings.ToLower(ws[0].w)] {
			ws = ws[1:]
		}
	}
	a, b := -1, -1
	for i, w := range ws {
		if i >= maxNounWords || w.stop || nounStop[strings.ToLower(w.w)] {
			break
		}
		if a < 0 {
			a = w.start
		}
		b = w.end
	}
	if a < 0 {
		return end, end
	}
	return a, b
}

// maxNounWords bounds the words taken as a figure's noun phrase.
const maxNounWords = 6

type spanWord struct {
	w          string
	start, end int
	stop       bool // punctuation came before it
}

// wordsFrom lists the words of s after position i, marking the first
// word after punctuation and skipping parentheses.
func wordsFrom(s string, i int) []spanWord {
	var out []spanWord
	punct, depth := false, 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth = max(0, depth-1)
		case depth > 0:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !(unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' && j+n < len(s) && s[j+n] != ' ') {
					break
				}
				j += n
			}
			out = append(out, spanWord{s[i:j], i, j, punct})
			punct = false
			i = j
			continue
		case strings.ContainsRune(",;:.!?—–\"“”", r):
			punct = true
		}
		i += size
	}
	return out
}

// nounStop are the words that end a figure's noun phrase: prepositions,
// verbs of being and having, conjunctions, comparisons.
var nounStop = toSet(`on for in to by with at from into over under after before since during about than as
and or but nor that which who whom whose is are was were be been being has have had will would can could
may might shall should do does did compared according versus vs per each a an the this these those its
their his her our up down more less year-on-year yoy`)

var nounDeterminers = toSet(`the their its all these those his her our a an each every total`)

// hasMeasure reports whether the question names what its figure measures.
func (q question) hasMeasure() bool {
	for _, c := range q.concepts {
		if c.measure {
			return true
		}
	}
	return false
}

// subjectsFrom adds to h, at a synonym's weight, the question's subjects
// that context holds: what the document's title or the section heading
// names, every sentence under it is about.
func (q question) subjectsFrom(h, context hits) hits {
	for i, c := range q.concepts {
		if i < maxConcepts && c.subject && h[i] == 0 && context[i] != 0 {
			h[i] = int8(lexicon.Synonym) + 1
		}
	}
	return h
}

// figureClauseCov is the coverage of the best clause holding a figure of
// the asked kind: in "total revenue grew to RMB1.74bn; Gen AI revenue rose
// to RMB1.05bn", the question "genai revenue" is answered by the second
// clause, though the sentence as a whole matches both. Subjects the
// context holds and a period the run fits count as matched.
func (q question) figureClauseCov(text string, toks []index.Token, run []unit, context hits, pfit fit, w Weights) float64 {
	best := 0.0
	for _, u := range run {
		ut := toks[u.t0:u.t1]
		for _, cl := range u.clauses {
			from, to := u.start+cl[0], u.start+cl[1]
			held := false
			for _, f := range u.figs {
				if f.start >= cl[0] && f.end <= cl[1] && fits(q.kind, f.kind) && (q.currency == "" || f.unit == q.currency) {
					held = true
				}
			}
			if !held {
				continue
			}
			var in []index.Token
			for _, t := range ut {
				if t.Start >= from && t.End <= to {
					in = append(in, t)
				}
			}
			h := q.subjectsFrom(q.datedBy(match(q.concepts, in), pfit), context)
			best = max(best, q.cov(h, w))
		}
	}
	return best
}

// datedBy marks the question's years as matched by a run whose own dating
// fits the period asked: "this year" in a 2023 article is 2023.
func (q question) datedBy(h hits, f fit) hits {
	if f == fitNone || q.period.zero() {
		return h
	}
	rel := lexicon.Same
	if f == fitWeak {
		rel = lexicon.Synonym
	}
	for i, c := range q.concepts {
		if i < maxConcepts && c.year && h[i] == 0 {
			h[i] = int8(rel) + 1
		}
	}
	return h
}
