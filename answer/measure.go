package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/index"
)

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
