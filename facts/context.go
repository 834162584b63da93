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
	low    map[string]bool // written in lower case somewhere ("smartphones")
	lex    *lexicon.Lexicon
}

func newDocWords(d *corpus.Document) *docWords {
	dw := &docWords{capMid: map[string]bool{}, low: map[string]bool{}, lex: lexicon.Default()}
	for _, p := range d.Passages {
		for _, u := range corpus.Units(p.Text) {
			for i, w := range words(p.Text[u.Start:u.End]) {
				switch c := w.text[0]; {
				case i > 0 && startsUpper(w.text):
					t := strings.TrimRight(w.text, ".,")
					t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
					dw.capMid[t] = true
				case 'a' <= c && c <= 'z':
					dw.low[strings.TrimRight(w.text, ".,")] = true
				}
			}
		}
	}
	return dw
}

// nonName reports whether a capitalised word names nothing.
func (dw *docWords) nonName(w string) bool {
	lw := strings.ToLower(w)
	if functionWords[lw] || honorifics[lw] || weekdays[lw] || prepositionWords[lw] || pronounWords[lw] || determinerWords[lw] ||
		adverbWords[lw] || clauseWords[lw] || lw == "them" || acronymTerm(w) {
		return true
	}
	return dw != nil && !dw.capMid[w] && (dw.lex.IsWord(lw) || dw.low[lw] || dw.low[singular(lw)])
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

func isPlace(w string) bool {
	_, ok := lexicon.DefaultGazetteer().Canonical(w)
	return ok
}
