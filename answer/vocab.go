package answer

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/lexicon"
)

// vocab is the corpus's surface vocabulary: lower-cased words, how often
// each occurs, and how often it is capitalised where English does not force
// a capital (inside a sentence). It corrects typos in questions and tells
// names from ordinary words the way the corpus writes them: "minimax" in a
// lower-case question is the company MiniMax, and "Turning" at the start of
// a sentence names nothing.
type vocab struct {
	count  map[string]int
	capMid map[string]int // capitalised inside a sentence
	lowMid map[string]int // lower case inside a sentence
	byLen  map[int][]string
	// names are the corpus's names of several words, written capitalised
	// inside sentences ("National Artificial Intelligence Fund"), as their
	// words' stems joined by spaces; nameN counts them, so that a removed
	// document's can be forgotten.
	names map[string]bool
	nameN map[string]int
	// acronyms map the initials of those names, lower case ("pif"), to the
	// names, lower case ("public investment fund"): a question may write
	// either.
	acronyms map[string][]string
	// acronymWords are the words the corpus writes all in capitals inside
	// sentences ("SSI"), lower case.
	acronymWords map[string]bool
}

func newEmptyVocab() *vocab {
	return &vocab{count: map[string]int{}, capMid: map[string]int{}, lowMid: map[string]int{}, byLen: map[int][]string{},
		names: map[string]bool{}, nameN: map[string]int{}, acronyms: map[string][]string{}, acronymWords: map[string]bool{}}
}

func newVocab(c *corpus.Corpus, extra []string) *vocab {
	v := newEmptyVocab()
	v.addDocs(c.Docs)
	for _, e := range extra {
		v.addPlain(e)
	}
	return v
}

func (v *vocab) note(w string) string {
	lw := strings.ToLower(w)
	if v.count[lw] == 0 {
		n := utf8.RuneCountInString(lw)
		v.byLen[n] = append(v.byLen[n], lw)
	}
	v.count[lw]++
	return lw
}

// addPlain counts words without capitalisation evidence (titles, headings,
// vocabulary files: their capitals are style, not names).
func (v *vocab) addPlain(text string) {
	for _, w := range lexicon.Words(text) {
		v.note(w)
	}
}

// addProse counts the words of running text, noting for each word inside a
// sentence whether it is capitalised.
func (v *vocab) addProse(text string) {
	for _, s := range corpus.Sentences(text) {
		var run, raw []string // the stems and words of a name of several words being read
		flush := func() {
			if len(run) >= 2 && len(run) <= maxNameWords {
				name := strings.Join(run, " ")
				v.names[name] = true
				v.nameN[name]++
				v.addAcronym(raw)
			}
			run, raw = run[:0], raw[:0]
		}
		for i, w := range lexicon.Words(text[s.Start:s.End]) {
			lw := v.note(w)
			if i == 0 {
				continue // a sentence's first word is capitalised whatever it is
			}
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) || strings.ContainsFunc(w, unicode.IsUpper) {
				v.capMid[lw]++ // "Baidu", and names written in mixed case: "iFLYTEK", "miHoYo"
				if len(w) >= 2 && strings.ToUpper(w) == w && !strings.ContainsFunc(w, unicode.IsDigit) {
					v.acronymWords[lw] = true
				}
				run = append(run, lexicon.Stem(lw))
				raw = append(raw, lw)
				continue
			} else if unicode.IsLower(r) {
				v.lowMid[lw]++
			}
			flush()
		}
		flush()
	}
}

func (v *vocab) addDocs(docs []*corpus.Document) {
	for _, d := range docs {
		v.addPlain(d.Title)
		v.addPlain(strings.Join(d.Tags, " "))
		for _, w := range lexicon.Words(d.Author) {
			v.capMid[v.note(w)]++ // an author is a name
		}
		for _, p := range d.Passages {
			for _, line := range strings.Split(p.Text, "\n") {
				v.addProse(strings.TrimPrefix(line, corpus.ListItemPrefix))
			}
			v.addPlain(p.Section)
		}
	}
}

// maxNameWords bounds the names of several words the vocabulary keeps.
const maxNameWords = 6

// maxAcronymNames bounds the names kept for one acronym: an acronym that
// many names share says little about any of them.
const maxAcronymNames = 3

// addAcronym records the initials of a name of several words.
func (v *vocab) addAcronym(words []string) {
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	a, name := b.String(), strings.Join(words, " ")
	for _, n := range v.acronyms[a] {
		if n == name {
			return
		}
	}
	if len(v.acronyms[a]) < maxAcronymNames {
		v.acronyms[a] = append(v.acronyms[a], name)
	}
}

// stems is a lower-case name as the vocabulary keeps it in names: its
// words' stems joined by spaces.
func stems(name string) string {
	ws := strings.Fields(name)
	for i, w := range ws {
		ws[i] = lexicon.Stem(w)
	}
	return strings.Join(ws, " ")
}

// expansions returns the names of the corpus whose initials w (lower case)
// is, when the corpus never writes w itself: "pif" for the Public
// Investment Fund.
func (v *vocab) expansions(w string) []string {
	if v.count[w] > 0 || utf8.RuneCountInString(w) < 2 {
		return nil
	}
	return v.acronyms[w]
}

// compoundParts splits a word the corpus never uses into the parts its
// capitals mark ("IndiaAI" → India, AI) when the corpus uses every part:
// the question writes as one word what the corpus writes as two.
func (v *vocab) compoundParts(word string) []string {
	if v.count[strings.ToLower(word)] > 0 {
		return nil
	}
	var parts []string
	start := 0
	rs := []rune(word)
	for i := 1; i < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i-1]) {
			parts = append(parts, string(rs[start:i]))
			start = i
		}
	}
	parts = append(parts, string(rs[start:]))
	if len(parts) < 2 {
		return nil
	}
	for i, p := range parts {
		parts[i] = strings.ToLower(p)
		if v.count[parts[i]] == 0 {
			return nil
		}
	}
	return parts
}

// isName reports whether the corpus writes w (lower case) as a name: it is
// capitalised inside sentences at least as often as not.
func (v *vocab) isName(w string) bool {
	return v.capMid[w] > 0 && v.capMid[w] >= v.lowMid[w]
}

// isAcronym reports whether the corpus writes w (lower case) in capitals
// inside its sentences, as an acronym: "SSI", "SMIC".
func (v *vocab) isAcronym(w string) bool {
	return utf8.RuneCountInString(w) >= 2 && v.acronymWords[w]
}

// minCompoundPart is the shortest name inCompound looks for inside others.
const minCompoundPart = 3

// inCompound reports whether a word the corpus never uses alone is part of
// a longer word it does use: "GPT" of "ChatGPT", "India" of "IndiaAI". The
// question's name is then not foreign to the corpus, only written
// otherwise, and is not refused as unknown.
func (v *vocab) inCompound(words []string) bool {
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if n < minCompoundPart {
			continue
		}
		for l, ws := range v.byLen {
			if l < n+2 {
				continue
			}
			for _, cand := range ws {
				if strings.HasPrefix(cand, w) || strings.HasSuffix(cand, w) {
					return true
				}
			}
		}
	}
	return false
}

// with returns a copy of v with the words of removed taken out and those
// of added put in; v is unchanged (an engine may be using it). A word only
// removed documents held is forgotten: typo correction must never steer a
// question to a word no document holds.
func (v *vocab) with(removed, added []*corpus.Document) *vocab {
	n := &vocab{count: maps.Clone(v.count), capMid: maps.Clone(v.capMid), lowMid: maps.Clone(v.lowMid),
		byLen: make(map[int][]string, len(v.byLen)), names: maps.Clone(v.names), nameN: maps.Clone(v.nameN),
		acronyms: make(map[string][]string, len(v.acronyms)), acronymWords: maps.Clone(v.acronymWords)}
	for l, ws := range v.byLen {
		n.byLen[l] = slices.Clone(ws)
	}
	for a, ns := range v.acronyms {
		n.acronyms[a] = slices.Clone(ns) // appended to below: not v's
	}
	if len(removed) > 0 {
		gone := newEmptyVocab()
		gone.addDocs(removed)
		n.subtract(gone)
	}
	n.addDocs(added)
	return n
}

// subtract takes out of v the words gone counted (words v counted too).
func (v *vocab) subtract(gone *vocab) {
	less := func(m, by map[string]int) {
		for w, c := range by {
			if m[w] -= c; m[w] <= 0 {
				delete(m, w)
			}
		}
	}
	less(v.count, gone.count)
	less(v.capMid, gone.capMid)
	less(v.lowMid, gone.lowMid)
	less(v.nameN, gone.nameN)
	for name := range gone.nameN {
		if v.nameN[name] == 0 {
			delete(v.names, name)
		}
	}
	for w := range gone.acronymWords {
		if v.capMid[w] == 0 {
			delete(v.acronymWords, w)
		}
	}
	// An acronym's name goes with the last document that writes it.
	for a, names := range gone.acronyms {
		v.acronyms[a] = slices.DeleteFunc(v.acronyms[a], func(name string) bool {
			return slices.Contains(names, name) && !v.names[stems(name)]
		})
		if len(v.acronyms[a]) == 0 {
			delete(v.acronyms, a)
		}
	}
	for l := range gone.byLen {
		v.byLen[l] = slices.DeleteFunc(v.byLen[l], func(w string) bool { return v.count[w] == 0 })
		if len(v.byLen[l]) == 0 {
			delete(v.byLen, l)
		}
	}
}

// Typo correction: how far a word may be from the corpus word it is
// corrected to. Short words have many real neighbours one edit away
// ("zhihu" and "zhipu"), so up to shortWord letters only a swap of two
// adjacent letters — the commonest slip of typing — is corrected; up to
// 7 letters one edit; from 8, two.
const (
	minCorrectable = 4
	shortWord      = 5
	longWord       = 8
)

// correct returns the most frequent corpus word the typo w (lower case) was
// meant to be, or "".
func (v *vocab) correct(w string) string {
	n := utf8.RuneCountInString(w)
	if n < minCorrectable || v.count[w] > 0 {
		return ""
	}
	maxD := 1
	if n >= longWord {
		maxD = 2
	}
	best, bestD, bestN := "", maxD+1, 0
	for l := n - maxD; l <= n+maxD; l++ {
		if n <= shortWord && l != n {
			continue
		}
		for _, cand := range v.byLen[l] {
			if n <= shortWord && !adjacentSwap(w, cand) {
				continue
			}
			d := editDistance(w, cand, maxD)
			if d < bestD || (d == bestD && v.count[cand] > bestN) {
				best, bestD, bestN = cand, d, v.count[cand]
			}
		}
	}
	if bestD > maxD {
		return ""
	}
	return best
}

// adjacentSwap reports whether b is a with two adjacent letters swapped.
func adjacentSwap(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := 0; i+1 < len(ra); i++ {
		if ra[i] != rb[i] {
			return ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
		}
	}
	return false
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions), giving up above max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	// Rows live on the stack for ordinary words: this runs against many
	// vocabulary words per question, and heap rows fed the garbage
	// collector enough to show in the answer-latency tail.
	var stack [3][32]int
	var prev2, prev, cur []int
	if n := len(rb) + 1; n <= len(stack[0]) {
		prev2, prev, cur = stack[0][:n], stack[1][:n], stack[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
