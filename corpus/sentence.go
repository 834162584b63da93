package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// abbreviations never end a sentence when followed by a period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "vs": true, "etc": true,
	"e.g": true, "i.e": true, "no": true, "nos": true, "approx": true, "fig": true,
	"est": true, "jr": true, "sr": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "gen": true, "rep": true, "sen": true,
	"gov": true, "dept": true, "univ": true, "p": true, "pp": true, "vol": true,
}

// sentenceStarters are words that, after a dotted abbreviation such as
// "U.S.", show that a new sentence has begun ("…with the U.S. The question").
var sentenceStarters = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true, "It": true,
	"In": true, "But": true, "And": true, "However": true, "A": true, "An": true,
	"We": true, "They": true, "He": true, "She": true, "There": true, "As": true,
	"For": true, "On": true, "At": true, "With": true, "What": true, "Its": true,
	"Our": true, "Their": true, "Meanwhile": true, "Still": true, "Yet": true,
}

// Sentences splits text into sentence spans. Line breaks always end a
// sentence (list items are lines). Periods after abbreviations, initials
// ("Mark J. Greeven") and decimals ("$22.46bn", "01.AI") do not.
func Sentences(text string) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && isSpaceByte(text[s]) {
			s++
		}
		for e > s && isSpaceByte(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, Span{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			emit(i)
			i += size
			start = i
			continue
		case r == '.' || r == '!' || r == '?':
			j := i + size
			// Closing quotes and brackets belong to the sentence.
			for j < len(text) {
				c, n := utf8.DecodeRuneInString(text[j:])
				if c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '.' {
					j += n
					continue
				}
				break
			}
			if j < len(text) && text[j] != ' ' && text[j] != '\t' && text[j] != '\n' {
				i = j
				continue
			}
			k := j
			for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
				k++
			}
			if k < len(text) && text[k] != '\n' && !startsSentence(text[k:]) {
				i = j
				continue
			}
			if r == '.' && !endsSentence(text[start:i], text[k:]) {
				i = j
				continue
			}
			emit(j)
			i = j
			continue
		}
		i += size
	}
	emit(len(text))
	return out
}

// SentenceTexts returns the sentences of text as strings.
func SentenceTexts(text string) []string {
	spans := Sentences(text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// startsSentence reports whether s begins like a sentence: a capital, a
// digit, an opening quote or bracket.
func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([", r)
}

// endsSentence decides whether a period after before ends the sentence,
// given the text after it.
func endsSentence(before, after string) bool {
	w := before
	if i := strings.LastIndexAny(w, " \t(\"“"); i >= 0 {
		w = w[i+1:]
	}
	if w == "" {
		return true
	}
	lw := strings.ToLower(w)
	if abbreviations[lw] {
		return false
	}
	// A single capital letter is an initial.
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && unicode.IsUpper(r) {
		return false
	}
	// Dotted abbreviations (U.S, U.K, a.m) end a sentence only when a typical
	// sentence opener follows. A number ("85.6%", "$1.5") is no
	// abbreviation.
	if strings.Contains(w, ".") && len(w) <= 6 && !strings.ContainsAny(w, "0123456789%$") {
		next := after
		if i := strings.IndexAny(next, " \t\n,"); i >= 0 {
			next = next[:i]
		}
		return sentenceStarters[next]
	}
	return true
}

// Unit is a sentence or a list item of a passage: the span a quote is made
// of. An item's span leaves out ListItemPrefix; LeadIn is the index of the
// unit ending in ":" that introduces the item's list, or -1.
type Unit struct {
	Span
	Item   bool
	LeadIn int
}

// Units splits a passage's text into sentences and list items, linking
// each item to its lead-in ("Nanjing city set a 2024-2026 policy goal:").
func Units(text string) []Unit {
	var out []Unit
	lastLead := -1
	for _, sp := range Sentences(text) {
		s := text[sp.Start:sp.End]
		u := Unit{Span: sp, LeadIn: -1}
		if strings.HasPrefix(s, ListItemPrefix) {
			u.Item = true
			u.Start += len(ListItemPrefix)
			u.LeadIn = lastLead
		} else if strings.HasSuffix(s, ":") {
			lastLead = len(out)
		} else {
			lastLead = -1
		}
		out = append(out, u)
	}
	return out
}
