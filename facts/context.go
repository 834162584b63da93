package facts

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/lexicon"
)

// clause is a byte range of a sentence; compares is set when it opens with a
// comparison marker, so a figure in it is measured against one before it.
type clause struct {
	start, end int
	compares   bool
}

var clauseBreakRE = regexp.MustCompile(`(?i),?\s+(?:compared (?:with|to)|versus|vs\.?|while|whereas|against|than|as (?:many|much|large|big|high) as)\s+|\s+[–—]\s+|\s+-\s+|;\s+`)

var multiplierEndRE = regexp.MustCompile(`(?i)(?:times|fold|twice)$`)

func clauses(s string) []clause {
	var out []clause
	start, compares := 0, false
	for _, m := range clauseBreakRE.FindAllStringIndex(s, -1) {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s[m[0]:m[1]])), "as ") && !multiplierEndRE.MatchString(s[:m[0]]) {
			continue // "raised as much as $5bn" compares nothing; "three times as many as" does
		}
		out = append(out, clause{start, m[0], compares})
		start, compares = m[0], !strings.HasPrefix(strings.TrimSpace(s[m[0]:m[1]]), ";")
	}
	return append(out, clause{start, len(s), compares})
}

// Clauses splits a sentence where a comparison turns to its other side
// ("…$650 million in China, compared with $22.46bn in the US"), returning
// the clauses' byte ranges.
func Clauses(s string) [][2]int {
	var out [][2]int
	for _, c := range clauses(s) {
		out = append(out, [2]int{c.start, c.end})
	}
	return out
}

func clauseOf(cl []clause, pos int) int {
	for i, c := range cl {
		if pos >= c.start && pos < c.end {
			return i
		}
	}
	return len(cl) - 1
}

// word is a token of a sentence with its byte range.
type word struct {
	text       string
	start, end int
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}$€£¥][\p{L}\p{N}’'.&$%,+-]*[\p{L}\p{N}%+]|[\p{L}\p{N}]`)

func words(s string) []word {
	var out []word
	for _, m := range wordRE.FindAllStringIndex(s, -1) {
		out = append(out, word{s[m[0]:m[1]], m[0], m[1]})
	}
	return out
}

// functionWords are English's closed classes — determiners, pronouns,
// prepositions, conjunctions and sentence adverbs — capitalised when they
// open a sentence but never a name.
var functionWords = toSet(`the a an this these those that its our we it he she they their his her my your
in from for with on at by to as of over about around between into through during after before since until
and but or nor yet so however meanwhile although though while whereas already still both all each every
some more most nearly almost according also thus hence moreover furthermore additionally instead indeed`)

// honorifics are titles before a name: "Professor Mark Greeven" is Mark
// Greeven.
var honorifics = toSet(`mr mrs ms dr prof professor president chairman chairwoman chair ceo cto cfo chief executive
director minister dean senator governor mayor premier secretary general vice deputy founder`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// docWords is what a document's own text says about its capitalised words:
// a word it capitalises only at the start of sentences ("Turning to…",
// "Remember:") that is also an English word names nothing; the field's
// terms ("AI", "GenAI") name nothing either.
type docWords struct {
	capMid map[string]bool // capitalised somewhere inside a sentence
	lex    *lexicon.Lexicon
}

func newDocWords(d *corpus.Document) *docWords {
	dw := &docWords{capMid: map[string]bool{}, lex: lexicon.Default()}
	for _, p := range d.Passages {
		for _, u := range corpus.Units(p.Text) {
			for i, w := range words(p.Text[u.Start:u.End]) {
				if i > 0 && startsUpper(w.text) {
					dw.capMid[strings.TrimRight(w.text, ".,")] = true
				}
			}
		}
	}
	return dw
}

// nonName reports whether a capitalised word names nothing.
func (dw *docWords) nonName(w string) bool {
	lw := strings.ToLower(w)
	if functionWords[lw] || honorifics[lw] || acronymTerm(w) {
		return true
	}
	return dw != nil && !dw.capMid[w] && dw.lex.IsWord(lw)
}

// acronymTerm reports whether w is a term of the field written as an
// acronym or in mixed case ("AI", "GenAI", "LLMs"): a term, not a name. A
// capitalised ordinary word ("Firm" in "Firm A") may be part of one.
func acronymTerm(w string) bool {
	_, size := utf8.DecodeRuneInString(w)
	return strings.ContainsFunc(w[size:], unicode.IsUpper) && lexicon.Default().IsTerm(strings.ToLower(w))
}

// canonicalEntity is the name answers use for an entity: a place by the
// gazetteer's name ("Chinese" → "China", "U.S." → "US").
func canonicalEntity(e string) string {
	c, _ := lexicon.DefaultGazetteer().Canonical(e)
	return c
}

// span is a name found in a sentence.
type span struct {
	text       string
	start, end int
}

// names returns the runs of capitalised words in s that may be who or
// where: not inside a figure or the cited source, not sentence openers or
// topic words. "China-based" and "China’s" give "China".
func names(s string, figs []Figure, cite string, dw *docWords) []span {
	citeStart, citeEnd := -1, -1
	if cite != "" {
		if i := strings.Index(s, cite); i >= 0 {
			citeStart, citeEnd = i, i+len(cite)
		}
	}
	inFigure := func(a, b int) bool {
		for _, f := range figs {
			if a < f.End && b > f.Start {
				return true
			}
		}
		return a < citeEnd && b > citeStart
	}
	var out []span
	var run []word
	flush := func() {
		for len(run) > 0 && dw.nonName(run[0].text) {
			run = run[1:]
		}
		for len(run) > 1 && dw.nonName(run[len(run)-1].text) && isPlace(run[0].text) {
			run = run[:len(run)-1] // "Chinese GenAI" is about China
		}
		if len(run) == 1 && dw.nonName(run[0].text) || len(run) == 0 {
			run = nil
			return
		}
		text := s[run[0].start:run[len(run)-1].end]
		out = append(out, span{canonicalEntity(text), run[0].start, run[len(run)-1].end})
		run = nil
	}
	for _, w := range words(s) {
		t := strings.TrimRight(w.text, ".,")
		if t == "U.S" || t == "U.K" {
			t += "." // the dot is the name's, not the sentence's
		}
		t = strings.TrimSuffix(strings.TrimSuffix(t, "’s"), "'s")
		for _, suffix := range []string{"-based", "-related", "-headquartered", "-listed"} {
			t = strings.TrimSuffix(t, suffix)
		}
		capital := startsUpper(t) || hasDigitAndUpper(t)
		touching := len(run) > 0 && s[run[len(run)-1].end:w.start] == " "
		if !capital || inFigure(w.start, w.end) || !touching && len(run) > 0 {
			flush()
		}
		if capital && !inFigure(w.start, w.end) {
			run = append(run, word{t, w.start, w.start + len(t)})
		}
		if strings.HasSuffix(w.text, ",") || t != w.text && !strings.HasSuffix(w.text, ".") {
			flush() // a comma or a suffix ends the name
		}
	}
	flush()
	return out
}

func hasDigitAndUpper(s string) bool {
	var d, u bool
	for _, r := range s {
		d = d || unicode.IsDigit(r)
		u = u || unicode.IsUpper(r)
	}
	return d && u && strings.ContainsAny(s, ".") // "01.AI"
}

func isPlace(w string) bool {
	_, ok := lexicon.DefaultGazetteer().Canonical(w)
	return ok
}

// entityFor picks who or where a figure is about: the name nearest to it in
// its clause, else in its sentence, else in the list's lead-in, else the
// sentence's subject ("These six startups" → "six startups").
func entityFor(sent string, f Figure, cl []clause, ns []span, lead string, dw *docWords) string {
	c := clauseOf(cl, f.Start)
	pick := func(sameClause bool) string {
		best, bestD := "", 1<<30
		for _, n := range ns {
			if sameClause && clauseOf(cl, n.start) != c {
				continue
			}
			d := abs(n.start - f.Start)
			if n.start > f.End {
				d += 20 // "… in China was $650 million": names before come first
			}
			if d < bestD {
				best, bestD = n.text, d
			}
		}
		return best
	}
	if e := pick(true); e != "" {
		return e
	}
	if e := pick(false); e != "" {
		return e
	}
	if lead != "" {
		if ln := names(lead, Parse(lead), "", dw); len(ln) > 0 {
			return ln[0].text
		}
	}
	return subject(sent, f)
}

var subjectDet = map[string]bool{"these": true, "the": true, "a": true, "an": true, "this": true, "those": true, "its": true, "their": true, "our": true}

// subject returns the sentence's opening noun phrase, without determiners
// and without f itself, or "" when the sentence opens otherwise.
func subject(sent string, f Figure) string {
	var out []string
	for i, w := range words(sent) {
		t := strings.TrimRight(w.text, ",.")
		lw := strings.ToLower(t)
		if i == 0 && subjectDet[lw] || w.start >= f.Start && w.end <= f.End {
			continue
		}
		if verbLike(lw) || len(out) >= 4 {
			break
		}
		out = append(out, t)
		if t != w.text {
			break
		}
	}
	if len(out) == 0 || len(out) == 4 {
		return ""
	}
	return strings.Join(out, " ")
}

var linkWords = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true,
	"has": true, "have": true, "had": true, "will": true, "would": true, "can": true, "could": true,
	"may": true, "might": true, "should": true, "must": true, "said": true, "now": true, "reportedly": true,
	"of": true, "at": true, "to": true, "reached": true, "hit": true, "totalled": true, "totaled": true,
	"amounted": true, "stood": true, "estimated": true, "expected": true, "by": true, "with": true,
	"set": true, "sets": true, "create": true, "achieve": true, "develop": true, "introduce": true,
	"raised": true, "filed": true, "invested": true, "reach": true, "including": true, "than": true,
	"and": true, "or": true, "as": true, "that": true, "which": true, "who": true, "from": true,
	"compared": true, "versus": true, "while": true, "whereas": true, "for": true, "on": true, "in": true,
}

func verbLike(w string) bool {
	return linkWords[w] || strings.HasSuffix(w, "ed") && len(w) > 4
}

// verbMetrics name the measure a verb implies: "raised RMB 5 billion" is
// funding, "worth over $3bn" a valuation.
var verbMetrics = map[string]string{
	"worth": "valuation", "valued": "valuation", "valuation": "valuation", "valuations": "valuation",
	"raised": "funding", "raise": "funding", "raises": "funding", "secured": "funding", "attracted": "funding",
	"invested": "investment", "spent": "spending", "spend": "spending",
}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "these": true, "this": true, "its": true, "their": true, "those": true}

// metricFor says what f measures: for a count, the noun phrase after it
// ("38,000 GenAI-related inventions"); otherwise the noun phrase before it
// ("the total private investment … was about $650 million", "deal sizes
// over U.S. $200m"), with "worth"/"valued at" read as a valuation.
func metricFor(sent string, f Figure, cl []clause) string {
	c := cl[clauseOf(cl, f.Start)]
	of := strings.HasPrefix(strings.TrimSpace(sent[f.End:]), "of ")
	if f.Unit == UnitCount || (f.Unit == UnitPercent || f.Unit == UnitFraction) && of {
		return phraseAfter(sent[f.End:c.end], of)
	}
	if f.Unit == UnitTimes {
		return ""
	}
	return metricBefore(sent, f, c)
}

// metricBefore is the noun phrase before f in its clause c.
func metricBefore(sent string, f Figure, c clause) string {
	before := strings.TrimSpace(sent[c.start:f.Start])
	if f.Qualifier != "" && strings.HasSuffix(strings.ToLower(before), f.Qualifier) {
		before = strings.TrimSpace(before[:len(before)-len(f.Qualifier)])
	}
	ws := words(before)
	for len(ws) > 0 && strings.HasSuffix(before, ws[len(ws)-1].text) {
		last := strings.ToLower(ws[len(ws)-1].text)
		if m, ok := verbMetrics[last]; ok {
			return m
		}
		if !linkWords[last] {
			break
		}
		before = strings.TrimSpace(before[:ws[len(ws)-1].start]) // keeps a comma before it
		ws = ws[:len(ws)-1]
	}
	var np []word
	next := len(before) // where the word after ws[i] starts
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		if strings.ContainsAny(before[w.end:next], ",;:()") {
			break // punctuation ends the phrase: "…in the past few years, with deal sizes"
		}
		next = w.start
		lw := strings.ToLower(w.text)
		if determiners[lw] {
			if i > 0 && isPreposition(strings.ToLower(ws[i-1].text)) && len(np) > 0 {
				np = append(np, w) // "investment in the generative AI field"
				continue
			}
			break
		}
		if verbLike(lw) && !isPreposition(lw) || yearRE.MatchString(lw) {
			break
		}
		if isPreposition(lw) && (i == 0 || len(np) == 0) {
			break
		}
		np = append(np, w)
	}
	for len(np) > 0 && isPreposition(strings.ToLower(np[len(np)-1].text)) {
		np = np[:len(np)-1]
	}
	if len(np) == 0 {
		return ""
	}
	m := before[np[len(np)-1].start:np[0].end]
	m = trimTail(m)
	if after := scopeAfter(sent[f.End:c.end]); after != "" {
		m += " " + after
	}
	return m
}

// lastEnd is where the last of ws ends, or 0.
func lastEnd(ws []word) int {
	if len(ws) == 0 {
		return 0
	}
	return ws[len(ws)-1].end
}

func isPreposition(w string) bool {
	switch w {
	case "in", "of", "for", "on", "into", "across":
		return true
	}
	return false
}

// trimTail drops a trailing "in China" or "in the US": the entity is its
// own field.
func trimTail(m string) string {
	ws := words(m)
	for i := len(ws) - 2; i >= 1; i-- {
		if isPreposition(strings.ToLower(ws[i].text)) {
			rest := ws[i+1:]
			if len(rest) > 0 && determiners[strings.ToLower(rest[0].text)] {
				rest = rest[1:]
			}
			if len(rest) == 1 && (startsUpper(rest[0].text) || yearRE.MatchString(rest[0].text)) {
				return strings.TrimSpace(m[:ws[i].start])
			}
		}
	}
	return m
}

// phraseAfter is the noun phrase that starts text: the thing a count counts.
func phraseAfter(text string, skipOf bool) string {
	t := strings.TrimLeft(text, " ")
	if skipOf {
		t = strings.TrimPrefix(t, "of ")
	}
	var out []word
	for _, w := range words(t) {
		if t[lastEnd(out):w.start] != "" && strings.TrimSpace(t[lastEnd(out):w.start]) != "" && len(out) > 0 {
			break // punctuation between words
		}
		lw := strings.ToLower(strings.TrimRight(w.text, ",."))
		if len(out) == 0 && determiners[lw] {
			continue
		}
		if linkWords[lw] || afterStop[lw] || pronouns[lw] || len(out) >= 5 {
			break
		}
		out = append(out, w)
		if strings.HasSuffix(w.text, ",") || strings.HasSuffix(w.text, ".") {
			break
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.TrimRight(t[out[0].start:out[len(out)-1].end], ",.")
}

var pronouns = map[string]bool{"them": true, "it": true, "they": true, "these": true, "those": true, "us": true, "which": true}

var afterStop = map[string]bool{"each": true, "per": true, "a": true, "every": true, "more": true, "less": true, "over": true, "since": true, "into": true, "at": true}

// scopeAfter is "in artificial intelligence" after a figure: a lower-case
// scope that belongs to the metric (a place or year does not).
func scopeAfter(text string) string {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "in ") {
		return ""
	}
	p := phraseAfter(t[3:], false)
	if p == "" || startsUpper(p) || determiners[strings.ToLower(strings.Fields(p)[0])] {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(p)
	if unicode.IsDigit(r) {
		return ""
	}
	return "in " + p
}
