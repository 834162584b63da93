// Package lexicon is the answer engine's knowledge of words, kept in one
// place: which words and phrases may stand for a question's word (WordNet
// synonyms and derived forms, a short file of the field's own equivalences,
// and a user's file), which words name a measure and the kind of figure it
// comes in ("revenue" is money), and the gazetteer of places. The answer
// engine, the facts extractor and follow-up questions all read it.
//
// Nothing here is written for particular questions: general vocabulary is
// generated from WordNet (go generate, see internal/wordnetgen), and
// domain.txt holds only equivalences a dictionary of finance and technology
// would accept.
package lexicon

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

//go:generate go run ./internal/wordnetgen -out wordnet.tsv

//go:embed domain.txt
var domainText string

// Relation says how an alternative relates to the question's words; the
// engine trusts a match through a closer relation more.
type Relation int

// Relations, closest first.
const (
	Same      Relation = iota // the question's own words
	Domain                    // a domain equivalence or the user's alias
	OtherName                 // another name of the same place (or its country, for a capital)
	Synonym                   // a WordNet synonym
	Derived                   // a WordNet derivationally related form ("chair" → "chairman")
)

func (r Relation) String() string {
	return [...]string{"same", "domain", "other name", "synonym", "derived"}[r]
}

// Alt is one way the corpus may say what the question says: lower-case
// words, matched as a phrase when there are several.
type Alt struct {
	Words []string
	Rel   Relation
}

// Measure kinds: the kind of figure a measure word asks for.
const (
	Money   = "money"
	Count   = "count"
	Percent = "percent"
	Number  = "number" // any figure: a capacity may be in megawatts or chips
)

// Entry is what the lexicon knows of the question's words starting at a
// position.
type Entry struct {
	N       int    // how many of the question's words it covers; 0 when nothing is known
	Alts    []Alt  // Alts[0] is the question's own words
	Measure string // Money, Count, Percent or Number when the words name a measure, else ""
	Place   *Place // the place the words name, or nil
}

// maxPhrase is the longest phrase, in words, that Match looks for.
const maxPhrase = 5

// Lexicon answers Match. The zero value knows nothing; Default knows the
// shipped vocabulary. A Lexicon is safe for concurrent reads once built;
// Add must not run concurrently with Match.
type Lexicon struct {
	groups []group
	byKey  map[string][]int // phrase → groups holding it
	// measureFirst holds the first word of every measure's entries, so
	// MeasureAt, run on every word of the corpus, rules most words out
	// with one lookup.
	measureFirst map[string]bool
	places       *Gazetteer
	wordnet      *wordnet
}

type group struct {
	alts    [][]string
	measure string
}

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
)

// Default returns the shipped lexicon: domain.txt, the gazetteer and the
// WordNet table. It is built once and shared; use Clone before Add.
func Default() *Lexicon {
	defaultOnce.Do(func() {
		l := &Lexicon{byKey: map[string][]int{}, places: DefaultGazetteer(), wordnet: defaultWordNet()}
		if err := l.Add(strings.NewReader(domainText)); err != nil {
			panic("lexicon: embedded domain.txt: " + err.Error()) // covered by tests
		}
		defaultLex = l
	})
	return defaultLex
}

// Clone returns a copy of l that Add may extend without changing l.
func (l *Lexicon) Clone() *Lexicon {
	c := &Lexicon{groups: append([]group(nil), l.groups...), byKey: make(map[string][]int, len(l.byKey)),
		places: l.places, wordnet: l.wordnet, measureFirst: make(map[string]bool, len(l.measureFirst))}
	for k := range l.measureFirst {
		c.measureFirst[k] = true
	}
	for k, v := range l.byKey {
		c.byKey[k] = append([]int(nil), v...)
	}
	return c
}

// Places returns the gazetteer.
func (l *Lexicon) Places() *Gazetteer { return l.places }

// Add reads groups in domain.txt's format — one comma-separated group a
// line, an optional "money:", "count:", "percent:" or "number:" prefix (a measure may
// stand alone), "#" comments —
// and merges them in. A group sharing an entry with an existing group joins
// it, so a user's file can extend a shipped group.
func (l *Lexicon) Add(r io.Reader) error {
	if l.byKey == nil {
		l.byKey = map[string][]int{}
	}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		measure := ""
		for _, k := range []string{Money, Count, Percent, Number} {
			if rest, ok := strings.CutPrefix(text, k+":"); ok {
				measure, text = k, rest
			}
		}
		var alts [][]string
		for _, part := range strings.Split(text, ",") {
			if w := Words(part); len(w) > 0 {
				alts = append(alts, lowerAll(w))
			}
		}
		if len(alts) < 2 && measure == "" {
			return fmt.Errorf("line %d: need at least two comma-separated names, got %q", line, text)
		}
		l.addGroup(alts, measure)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read vocabulary: %w", err)
	}
	return nil
}

func (l *Lexicon) addGroup(alts [][]string, measure string) {
	g := -1
	for _, a := range alts {
		if gs := l.byKey[strings.Join(a, " ")]; len(gs) > 0 {
			g = gs[0]
			break
		}
	}
	if g < 0 {
		g = len(l.groups)
		l.groups = append(l.groups, group{})
	}
	if measure != "" {
		l.groups[g].measure = measure
	}
	if l.groups[g].measure != "" {
		if l.measureFirst == nil {
			l.measureFirst = map[string]bool{}
		}
		for _, a := range append(l.groups[g].alts, alts...) {
			l.measureFirst[a[0]] = true
		}
	}
	for _, a := range alts {
		k := strings.Join(a, " ")
		if containsInt(l.byKey[k], g) {
			continue
		}
		l.groups[g].alts = append(l.groups[g].alts, a)
		l.byKey[k] = append(l.byKey[k], g)
	}
}

// IsTerm reports whether a lower-case word is itself an entry of a domain
// group ("ai", "r&d", "ceo"): a term of the field, not a name, however it
// is capitalised.
func (l *Lexicon) IsTerm(word string) bool { return len(l.byKey[word]) > 0 }

// IsWord reports whether a lower-case word is an English word (WordNet has
// it, in any inflection) or one of the field's terms.
func (l *Lexicon) IsWord(word string) bool {
	if l.IsTerm(word) || len(l.groupsOf([]string{word})) > 0 {
		return true
	}
	if l.wordnet == nil {
		return false
	}
	_, ok := l.wordnet.lookup(word)
	return ok
}

// CanBeVerb reports whether WordNet knows a lower-case word (in any
// inflection) as a verb.
func (l *Lexicon) CanBeVerb(word string) bool { return l.canBe(word, 'v') }

// CanBeNoun reports whether WordNet knows a lower-case word (in any
// inflection) as a noun.
func (l *Lexicon) CanBeNoun(word string) bool { return l.canBe(word, 'n') }

func (l *Lexicon) canBe(word string, pos byte) bool {
	if l.wordnet == nil {
		return false
	}
	if e, ok := l.wordnet.entry(word); ok {
		if strings.IndexByte(e.pos, pos) >= 0 {
			return true
		}
		if e.formOf != "" && pos == 'v' { // irregular forms of nouns are plurals, read by their own rows
			if b, ok := l.wordnet.entry(e.formOf); ok && strings.IndexByte(b.pos, pos) >= 0 {
				return true // "broke", a form of the verb "break"
			}
		}
	}
	for _, d := range detachments {
		if base, cut := strings.CutSuffix(word, d.suffix); cut && d.pos == pos && base != "" {
			if b, ok := l.wordnet.entry(base + d.base); ok && strings.IndexByte(b.pos, pos) >= 0 {
				return true
			}
		}
	}
	return false
}

// MeasureAt returns the measure that words[i:] name, if any: how many words
// it covers, a label for its group (its first entry: "revenue") and its
// kind. Text analysis calls it for every word, so it reads only the
// domain groups.
func (l *Lexicon) MeasureAt(words []string, i int) (n int, label, kind string) {
	if !l.measureFirst[words[i]] && !l.measureFirst[baseForm(words[i])] {
		return 0, "", "" // no measure starts with this word
	}
	for n := min(maxPhrase, len(words)-i); n >= 1; n-- {
		for _, g := range l.groupsOf(words[i : i+n]) {
			if m := l.groups[g].measure; m != "" {
				return n, strings.Join(l.groups[g].alts[0], " "), m
			}
		}
	}
	return 0, "", ""
}

// Phrases returns every word and phrase of the domain groups as text: they
// count as known words when questions are spell-checked.
func (l *Lexicon) Phrases() []string {
	var out []string
	for _, g := range l.groups {
		for _, a := range g.alts {
			out = append(out, strings.Join(a, " "))
		}
	}
	return out
}

// Match returns what the lexicon knows of words[i:] (lower-case words as
// Words splits them): the longest phrase starting at i found in the domain
// groups, the gazetteer or WordNet, with its alternatives. Sources that
// match equally long phrases are combined; closer relations come first.
func (l *Lexicon) Match(words []string, i int) Entry {
	best := Entry{}
	for n := min(maxPhrase, len(words)-i); n >= 1 && best.N == 0; n-- {
		if n == 1 {
			if c := l.compound(words, i); c.N > 0 {
				return c
			}
		}
		phrase := words[i : i+n]
		var alts []Alt
		measure := ""
		for _, g := range l.groupsOf(phrase) {
			if l.groups[g].measure != "" {
				measure = l.groups[g].measure
			}
			for _, a := range l.groups[g].alts {
				alts = append(alts, Alt{a, Domain})
			}
		}
		var place *Place
		if l.places != nil {
			if p := l.places.Lookup(strings.Join(phrase, " ")); p != nil {
				place = p
				alts = append(alts, l.places.alts(p)...)
			}
		}
		if l.wordnet != nil && n <= 3 {
			alts = append(alts, l.wordnet.related(phrase)...)
		}
		if len(alts) == 0 {
			continue
		}
		best = Entry{N: n, Measure: measure, Place: place}
		best.Alts = dedupeAlts(append([]Alt{{Words: append([]string(nil), phrase...), Rel: Same}}, alts...))
	}
	return best
}

// compound matches two words that WordNet writes as one ("straight away"
// for "straightaway"), or returns a zero Entry.
func (l *Lexicon) compound(words []string, i int) Entry {
	if l.wordnet == nil || i+1 >= len(words) {
		return Entry{}
	}
	joined := words[i] + words[i+1]
	rel := l.wordnet.related([]string{joined})
	if len(rel) == 0 {
		return Entry{}
	}
	own := []Alt{{Words: append([]string(nil), words[i:i+2]...), Rel: Same}, {Words: []string{joined}, Rel: Same}}
	return Entry{N: 2, Alts: dedupeAlts(append(own, rel...))}
}

// baseForm is a word without a regular plural or verb ending, for the
// first-word test of MeasureAt ("revenues" → "revenue").
func baseForm(w string) string {
	for _, d := range detachments {
		if base, ok := strings.CutSuffix(w, d.suffix); ok && base != "" {
			return base + d.base
		}
	}
	return w
}

// dedupeAlts drops alternatives whose words repeat an earlier one's, keeping
// the closer relation, and sorts the rest by relation.
func dedupeAlts(alts []Alt) []Alt {
	sort.SliceStable(alts, func(i, j int) bool { return alts[i].Rel < alts[j].Rel })
	seen := map[string]bool{}
	out := alts[:0]
	for _, a := range alts {
		k := strings.Join(a.Words, " ")
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// groupsOf returns the domain groups holding a phrase as written, or with
// its last word in a base form ("revenues", "founded"): the groups list
// the forms they mean, and an ending alone never joins two words that a
// stemmer would ("funding" is not "fund").
func (l *Lexicon) groupsOf(phrase []string) []int {
	k := strings.Join(phrase, " ")
	if gs := l.byKey[k]; len(gs) > 0 {
		return gs
	}
	head, last := strings.Join(phrase[:len(phrase)-1], " "), phrase[len(phrase)-1]
	if head != "" {
		head += " "
	}
	for _, d := range detachments {
		if base, ok := strings.CutSuffix(last, d.suffix); ok && base != "" {
			if gs := l.byKey[head+base+d.base]; len(gs) > 0 {
				return gs
			}
		}
	}
	return nil
}

// Stem is the Porter stem of a lower-case word, as the index's English
// analysis computes it.
func Stem(w string) string {
	return string(porterstemmer.StemWithoutLowerCasing([]rune(w)))
}

func lowerAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
