package facts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is a token of a sentence: a word, a figure or a period, with its byte
// range. A figure ("$22.46bn") or a period ("the first half of 2025") is
// one token however many words it spans.
type tok struct {
	text       string // as written, without a possessive ending
	low        string // text in lower case
	start, end int
	fig        int  // the figure it is (index in reading.figs), or -1
	per        int  // the period it is (index in reading.pers), or -1
	poss       bool // written with a possessive ending: "Nvidia's", "Samsung Electronics'"
	name       int  // the name it is part of (index in reading.names), or -1
}

// nameRun is a run of capitalised tokens that names someone or something:
// "Samsung Electronics", "Department of Government Efficiency".
type nameRun struct {
	text string // as written, possessive ending cut
	a, b int    // token range [a, b)
}

// reading is a sentence cut into tokens, with its figures, periods and
// names: what the rules that find a figure's holder, measure and period
// look at.
type reading struct {
	s     string
	toks  []tok
	figs  []Figure
	pers  []Period
	names []nameRun
	// figTok is the token of each figure.
	figTok []int
	// factFigs are the figures that are facts (not periods), in order.
	factFigs []int
	// cited marks tokens that name who reports the sentence: a source
	// ("according to Reuters", "CNBC reported") or a speaker at its start
	// ("TSMC said its revenue rose…"), whom a pronoun may stand for.
	cited []citeKind
	dw    *docWords
	// verbs memoises isVerb per token: 0 not read yet, 1 a verb, 2 not.
	verbs []uint8
}

// read cuts s into tokens. figs are Parse's figures of s, pers the
// periods of s read against the document's date.
func read(s string, figs []Figure, pers []Period, dw *docWords) *reading {
	r := &reading{s: s, figs: figs, dw: dw, figTok: make([]int, len(figs))}
	var spans []tokSpan
	for i, f := range figs {
		if !f.IsPeriod() {
			spans = append(spans, tokSpan{f.Start, f.End, i, -1})
		}
	}
	for _, p := range pers {
		if !overlapsSpan(p.Start, p.End, spans) {
			r.pers = append(r.pers, p)
			spans = append(spans, tokSpan{p.Start, p.End, -1, len(r.pers) - 1})
		}
	}
	sortSpans := func() {
		for i := 1; i < len(spans); i++ {
			for j := i; j > 0 && spans[j].a < spans[j-1].a; j-- {
				spans[j], spans[j-1] = spans[j-1], spans[j]
			}
		}
	}
	sortSpans()
	k := 0
	for _, w := range words(s) {
		for k < len(spans) && spans[k].a < w.end {
			sp := spans[k]
			t := tok{text: s[sp.a:sp.b], start: sp.a, end: sp.b, fig: sp.fig, per: sp.per, name: -1}
			if sp.fig >= 0 {
				r.figTok[sp.fig] = len(r.toks)
			}
			r.toks = append(r.toks, t)
			k++
		}
		if len(r.toks) > 0 && w.start < r.toks[len(r.toks)-1].end {
			continue // inside a figure or period
		}
		r.toks = append(r.toks, wordTok(s, w))
	}
	for ; k < len(spans); k++ {
		sp := spans[k]
		if sp.fig >= 0 {
			r.figTok[sp.fig] = len(r.toks)
		}
		r.toks = append(r.toks, tok{text: s[sp.a:sp.b], start: sp.a, end: sp.b, fig: sp.fig, per: sp.per, name: -1})
	}
	for i := range r.toks {
		r.toks[i].low = strings.ToLower(r.toks[i].text)
	}
	for i, f := range figs {
		if f.IsPeriod() {
			r.figTok[i] = -1
		}
	}
	r.verbs = make([]uint8, len(r.toks))
	r.findNames()
	r.verbs = make([]uint8, len(r.toks)) // names change what is a verb
	r.cited = make([]citeKind, len(r.toks))
	r.markCited()
	return r
}

// tokSpan is the byte range of a figure or a period that becomes one token.
type tokSpan struct{ a, b, fig, per int }

func overlapsSpan(a, b int, spans []tokSpan) bool {
	for _, s := range spans {
		if a < s.b && b > s.a {
			return true
		}
	}
	return false
}

// wordTok is a word as a token: a trailing "'s" or "’s" is a possessive
// ending, as is a bare apostrophe after a plural ("Electronics'").
func wordTok(s string, w word) tok {
	t := tok{text: w.text, start: w.start, end: w.end, fig: -1, per: -1, name: -1}
	for _, suf := range []string{"'s", "’s"} {
		if strings.HasSuffix(t.text, suf) && len(t.text) > len(suf) {
			t.text, t.end, t.poss = t.text[:len(t.text)-len(suf)], t.end-len(suf), true
		}
	}
	if !t.poss && strings.HasSuffix(t.text, "s") && w.end < len(s) {
		if r, n := utf8.DecodeRuneInString(s[w.end:]); (r == '\'' || r == '’') && (w.end+n == len(s) || s[w.end+n] == ' ') {
			t.poss = true
		}
	}
	t.text = strings.TrimRight(t.text, ".,")
	for _, suf := range []string{"-based", "-headquartered", "-listed", "-born"} {
		if stem, ok := strings.CutSuffix(t.text, suf); ok && stem != "" {
			t.text = stem // "US-based startups": the place is the name
		}
	}
	t.end = t.start + len(t.text)
	if t.text == "U.S" || t.text == "U.K" {
		t.text += "."
		t.end++
	}
	return t
}

// gap is the text between tokens i and i+1, trimmed of spaces: "," or
// "(" or "" (only spaces).
func (r *reading) gap(i int) string {
	if i < 0 || i+1 >= len(r.toks) {
		return ""
	}
	return strings.TrimSpace(r.s[r.toks[i].end:r.toks[i+1].start])
}

// breaks reports whether the text between tokens i and i+1 holds
// punctuation that ends a phrase: a comma, a bracket, a dash, a colon.
func (r *reading) breaks(i int) bool {
	g := r.gap(i)
	if strings.HasPrefix(g, "-") && len(g) > 1 && isLetter(g[1:]) {
		return false // "China-based inventors": the suffix cut off the name
	}
	return g != "" && strings.ContainsAny(g, ",;:()[]—–-\"“”") && g != "-"
}

// findNames marks runs of capitalised tokens that name something: not a
// sentence opener that is an ordinary word, not a term of the field.
// "of", "&" and "and" join capitalised words inside a name ("Department of
// Government Efficiency", "Challenger, Gray & Christmas" is three).
func (r *reading) findNames() {
	i := 0
	for i < len(r.toks) {
		if !r.capitalised(i) {
			i++
			continue
		}
		j := i + 1
		for j < len(r.toks) && r.gap(j-1) == "" && !r.toks[j-1].poss {
			if r.capitalised(j) {
				j++
				continue
			}
			if (r.toks[j].low == "of" || r.toks[j].low == "&" || r.toks[j].low == "for") && j+1 < len(r.toks) && r.gap(j) == "" && r.capitalised(j+1) {
				j += 2
				continue
			}
			break
		}
		a, b := i, j
		for a < b && (r.dw.nonName(r.toks[a].text) || a == 0 && b == 1 && r.pluralOpener(a)) && !r.leadsName(a, b) {
			a++
		}
		for b > a+1 && r.dw.nonName(r.toks[b-1].text) && (r.dw.place(r.toks[a].text) || honorifics[r.toks[b-1].low]) {
			b-- // "Chinese GenAI" is about China
		}
		if b == a+1 && measureNouns[r.toks[a].low] {
			a = b // "EBITDA", "GDP": a measure, not a name
		}
		named := i == 0 && j == 1 && a == 1 && r.actsAsName(0)
		if named {
			a = 0 // "Amazon, set to release its earnings…, reported"
		}
		if a < b && (named || !(b == a+1 && r.dw.nonName(r.toks[a].text))) {
			n := len(r.names)
			r.names = append(r.names, nameRun{text: r.s[r.toks[a].start:r.toks[b-1].end], a: a, b: b})
			for k := a; k < b; k++ {
				r.toks[k].name = n
			}
		}
		i = j
	}
}

// leadsName reports whether token a, an English word opening a run of
// capitals that goes on to a name ("Orbit Robotics", "Zeta Labs"), is the
// name's first word rather than a sentence opener ("However Nvidia").
func (r *reading) leadsName(a, b int) bool {
	lw := r.toks[a].low
	if a+1 >= b || functionWords[lw] || whWords[lw] || prepositionWords[lw] || determinerWords[lw] || adverbWords[lw] || clauseWords[lw] ||
		pronounWords[lw] || honorifics[lw] || weekdays[lw] || acronymTerm(r.toks[a].text) || scopeWords[lw] != "" || r.dw.place(r.toks[a].text) {
		return false
	}
	for k := a + 1; k < b; k++ {
		if !r.dw.nonName(r.toks[k].text) {
			return true
		}
	}
	return false
}

// actsAsName reports whether token i, an English word opening the
// sentence without an article, acts like a name: singular, no measure, and
// followed by a verb or by an aside after a comma ("Amazon, set to…",
// "Micron was third").
func (r *reading) actsAsName(i int) bool {
	t := r.toks[i]
	lw := t.low
	if strings.HasSuffix(lw, "s") || measureNouns[lw] || changeNouns[lw] || functionWords[lw] || adverbWords[lw] || clauseWords[lw] || whWords[lw] ||
		prepositionWords[lw] || determinerWords[lw] || acronymTerm(t.text) || len(r.toks) < 3 || strings.HasSuffix(lw, "ly") {
		return false
	}
	if r.gap(i) == "" {
		return r.isVerb(i+1) && !r.is(i+1, auxWords) || r.is(i+1, auxWords) && r.isVerb(i+2)
	}
	if r.gap(i) != "," {
		return false
	}
	n := r.toks[i+1].low
	return n == "the" || n == "a" || n == "an" || pastForm(n) || strings.HasSuffix(n, "ing") && r.isVerb(i+1)
}

// pluralOpener reports whether token i, opening the sentence, reads as a
// plural common noun the document never capitalises inside a sentence
// ("Smartphones contributed 27.8%"): a name rarely ends so.
func (r *reading) pluralOpener(i int) bool {
	w := r.toks[i].text
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && strings.ToLower(w[:1]) != w[:1] &&
		strings.ToLower(w[1:]) == w[1:] && r.dw != nil && !r.dw.capMid[w]
}

// capitalised reports whether token i is a word that may be part of a
// name: capitalised, or mixed case with a capital inside ("xAI").
func (r *reading) capitalised(i int) bool {
	t := r.toks[i]
	if t.fig >= 0 || t.per >= 0 || t.text == "" {
		return false
	}
	if i := strings.LastIndexByte(t.text, '-'); i > 0 && i+1 < len(t.text) {
		if r, _ := utf8.DecodeRuneInString(t.text[i+1:]); unicode.IsLower(r) {
			return false // "AI-focused", "Alibaba-backed": an adjective
		}
	}
	c, size := utf8.DecodeRuneInString(t.text)
	if unicode.IsUpper(c) {
		return true
	}
	return unicode.IsLower(c) && strings.ContainsFunc(t.text[size:], unicode.IsUpper) && !strings.Contains(t.text, "-")
}

// nameAt returns the name run token i is part of, if any.
func (r *reading) nameAt(i int) (nameRun, bool) {
	if i < 0 || i >= len(r.toks) || r.toks[i].name < 0 {
		return nameRun{}, false
	}
	return r.names[r.toks[i].name], true
}

// text returns the sentence's text from token a to token b-1.
func (r *reading) text(a, b int) string {
	if a >= b {
		return ""
	}
	return r.s[r.toks[a].start:r.toks[b-1].end]
}
