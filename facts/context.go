package facts

import (
	"regexp"
	"strings"
	"sync"
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

// words splits s into words: runs that start with a letter, digit or
// currency sign, go on through letters, digits and the marks inside
// words and figures (’ ' . & $ % , + -), and end with a letter, digit, %
// or +. A hand scan: the pattern it replaces was a fifth of extraction.
func words(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !wordStart(r) {
			i += n
			continue
		}
		end, j := -1, i
		for j < len(s) {
			c, m := utf8.DecodeRuneInString(s[j:])
			if j > i && !wordInner(c) || j == i && !wordStart(c) {
				break
			}
			if wordEnd(c) {
				end = j + m
			}
			j += m
		}
		if end < 0 {
			i += n // a lone "$"
			continue
		}
		out = append(out, word{s[i:end], i, end})
		i = end
	}
	return out
}

func wordStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("$€£¥", r)
}

func wordInner(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("’'.&$%,+-", r)
}

func wordEnd(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '%' || r == '+' }

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
	// places remembers what the gazetteer said of a name: a document asks
	// about the same names again and again.
	places map[string]bool
}

// Word classes remembered per word, each read from WordNet when first
// asked.
const (
	classVerbRead uint8 = 1 << iota
	classVerb           // WordNet knows it as a verb
	classNounRead
	classNoun // WordNet knows it as a noun
	classFormRead
	classForm // isVerbForm
)

// wordClasses remembers what WordNet said of lower-case words across
// documents: extraction asks about the same few thousand words for every
// passage. It is emptied when it grows past maxWordClasses, which bounds
// it on a corpus of any size.
var wordClasses = struct {
	sync.Mutex
	m map[string]uint8
}{m: map[string]uint8{}}

// maxWordClasses is far more than the words of English a corpus uses
// often, and small next to the corpus (about 10 MB at most).
const maxWordClasses = 200_000

func wordClass(w string, read, bit uint8, ask func(string) bool) bool {
	wordClasses.Lock()
	c := wordClasses.m[w]
	wordClasses.Unlock()
	if c&read == 0 {
		if ask(w) {
			c |= bit
		}
		c |= read
		wordClasses.Lock()
		if len(wordClasses.m) >= maxWordClasses {
			wordClasses.m = map[string]uint8{}
		}
		wordClasses.m[w] |= c
		wordClasses.Unlock()
	}
	return c&bit != 0
}

func (dw *docWords) lexVerb(w string) bool {
	return wordClass(w, classVerbRead, classVerb, lexicon.Default().CanBeVerb)
}

func (dw *docWords) lexNoun(w string) bool {
	return wordClass(w, classNounRead, classNoun, lexicon.Default().CanBeNoun)
}

func (dw *docWords) verbForm(w string) bool {
	return wordClass(w, classFormRead, classForm, isVerbForm)
}

// place reports whether the gazetteer knows w as a place.
func (dw *docWords) place(w string) bool {
	if dw == nil || dw.places == nil {
		return isPlace(w)
	}
	p, ok := dw.places[w]
	if !ok {
		p = isPlace(w)
		dw.places[w] = p
	}
	return p
}

func newDocWords(d *corpus.Document) *docWords {
	dw := &docWords{capMid: map[string]bool{}, low: map[string]bool{}, lex: lexicon.Default(),
		places: map[string]bool{}}
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
		adverbWords[lw] || clauseWords[lw] || whWords[lw] || acronymTerm(w) {
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
	c, ok := lexicon.DefaultGazetteer().Canonical(e)
	if !ok || !writtenOtherwise(e) {
		return c
	}
	return strings.TrimPrefix(strings.TrimPrefix(e, "the "), "The ") // "Europe", not "EU"
}

// writtenOtherwise reports whether a place written e is best shown as
// written: a name, not a demonym ("Chinese") or an abbreviation ("U.S.").
func writtenOtherwise(e string) bool {
	if strings.Contains(e, ".") || strings.ToUpper(e) == e {
		return false
	}
	l := strings.ToLower(e)
	for _, suf := range []string{"ese", "ian", "ean", "can", "ish", "an", "i"} {
		if strings.HasSuffix(l, suf) {
			return false
		}
	}
	return true
}

func isPlace(w string) bool {
	_, ok := lexicon.DefaultGazetteer().Canonical(w)
	return ok
}
