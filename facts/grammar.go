package facts

import (
	"strings"
)

// Word classes of a sentence's tokens, read from the closed classes and
// the verbs of vocab.go, with WordNet for the rest.

func (r *reading) isWord(i int) bool {
	return i >= 0 && i < len(r.toks) && r.toks[i].fig < 0 && r.toks[i].per < 0
}

func (r *reading) is(i int, set map[string]bool) bool { return r.isWord(i) && set[r.toks[i].low] }

func (r *reading) isFig(i int) bool { return i >= 0 && i < len(r.toks) && r.toks[i].fig >= 0 }

func (r *reading) isPer(i int) bool { return i >= 0 && i < len(r.toks) && r.toks[i].per >= 0 }

// isVerb reports whether token i is a verb here. Many verb forms are
// nouns too ("funding", "cuts", "plans", "account"), so the neighbours
// decide: after a determiner, a possessor or a figure it is a noun ("the
// rise", "its funding", "a $1.5bn raise"); a form in -s is a verb after a
// name, pronoun or adverb, or when it is a verb of change, level or report
// with a figure, article or preposition after it; a base form after a
// plural subject with a preposition or figure after it ("VC funds
// account for", "jobs … carry up to").
func (r *reading) isVerb(i int) bool {
	if !r.isWord(i) || r.toks[i].name >= 0 {
		return false
	}
	switch r.verbs[i] {
	case 1:
		return true
	case 2:
		return false
	}
	v := r.readVerb(i)
	r.verbs[i] = 2
	if v {
		r.verbs[i] = 1
	}
	return v
}

// readVerb is isVerb without the memo: the rules, which consult WordNet.
func (r *reading) readVerb(i int) bool {
	w := r.toks[i].low
	if auxWords[w] {
		return true
	}
	if prepositionWords[w] || adverbWords[w] || particles[w] || determinerWords[w] || clauseWords[w] || relativeWords[w] || pronounWords[w] {
		return false
	}
	next := i+1 < len(r.toks) && (r.isFig(i+1) || r.is(i+1, determinerWords) || r.is(i+1, prepositionWords) || r.is(i+1, particles))
	switch {
	case i > 0 && r.toks[i-1].low == "that" && next && (pastForm(w) || strings.HasSuffix(w, "s")):
		// "companies that raised $1 billion": "that" is a relative pronoun
	case i > 0 && r.isFig(i-1) && strings.HasSuffix(w, "ing") && r.is(i+1, prepositionWords) && (!r.dw.lexNoun(w) || changeVerbs[w] || motionVerbs[w]):
		// "$70 billion going to just 11 companies"
	case i > 0 && r.gap(i-1) == "" && (r.is(i-1, determinerWords) && r.toks[i-1].name < 0 || r.toks[i-1].poss || r.isFig(i-1) && !pastForm(w)):
		return false
	}
	switch {
	case strings.HasSuffix(w, "ing"):
		return r.dw.verbForm(w) && r.ingIsVerb(i)
	case pastForm(w):
		return r.dw.verbForm(w) || r.dw.lexVerb(w)
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return r.sFormIsVerb(i)
	case r.dw.lexVerb(w) && !r.dw.lexNoun(w) && !strings.HasSuffix(w, "ly"):
		return true // a word only ever a verb: "became", "took"
	}
	return r.bareVerb(i)
}

// pastForm reports whether w looks like a past tense or participle.
func pastForm(w string) bool {
	return strings.HasSuffix(w, "ed") || irregularPast[w]
}

// irregularPast are the past forms of irregular verbs news reports
// figures with.
var irregularPast = toSet(`rose risen fell fallen grew grown shrank shrunk sank sunk slid hit cut put set spent lost sold paid took taken made saw seen held kept came stood won began begun led bought brought got gave given drew drawn ran`)

// ingIsVerb tells a participle from a noun in -ing: "VC funding", and
// "Funding for AI companies" opening a sentence, are nouns; "revenue
// reaching $13.6 billion" is a verb.
func (r *reading) ingIsVerb(i int) bool {
	w := r.toks[i].low
	noun := r.dw.lexNoun(w) && !changeVerbs[w] && !levelVerbs[w] && !motionVerbs[w] // "funding for AI start-ups", not "doubling from"
	next := i+1 < len(r.toks) && r.gap(i) == "" && (r.isFig(i+1) || r.is(i+1, prepositionWords) && !noun || r.is(i+1, adverbWords) || r.is(i+1, determinerWords) || r.is(i+1, particles) || r.isQualifierWord(i+1))
	if i > 0 && r.gap(i-1) == "" && (r.isNounish(i-1) && !r.isVerb(i-1) || r.isFig(i-1) || r.isPer(i-1)) {
		return next
	}
	if i == 0 && r.dw.lexNoun(r.toks[i].low) && i+1 < len(r.toks) && r.is(i+1, npPrepositions) {
		return false
	}
	return true
}

// sFormIsVerb tells "TSMC forecasts 37 percent" and "ByteDance now plans
// to" from "AI deals in 2025" and "job cuts have".
func (r *reading) sFormIsVerb(i int) bool {
	w := r.toks[i].low
	if !r.dw.verbForm(w) && !r.dw.lexVerb(w) {
		return false
	}
	next := i+1 < len(r.toks) && (r.isFig(i+1) || r.is(i+1, determinerWords) || r.is(i+1, prepositionWords) ||
		r.toks[i+1].low == "that" || r.is(i+1, pronounWords) || r.is(i+1, adverbWords) || r.is(i+1, particles))
	if !next || i > 1 && r.isFig(i-2) && r.gap(i-2) == "" && r.gap(i-1) == "" {
		return false // "946,426 job cuts so far"
	}
	if i > 0 && r.is(i+1, determinerWords) && r.isNounish(i-1) && !r.is(i-1, determinerWords) && r.gap(i-1) == "" {
		return true // "Analytical thinking leads the list"
	}
	if i > 0 && (r.toks[i-1].name >= 0 && !r.determinedName(i-1) || r.is(i-1, pronounWords) || r.is(i-1, adverbWords) || r.is(i-1, relativeWords) || r.gap(i-1) == ")" && !r.acronymParen(i-1)) {
		return true
	}
	return (changeVerbs[w] || levelVerbs[w] || reportVerbs[w]) && i > 0 && r.toks[i+1].low != "of"
}

// bareVerb reads a base form as a verb between a subject and an object:
// after a name, a pronoun, "to", an auxiliary, an adverb or a plural noun
// ("VC funds account for the majority", "Jobs that require AI skills carry
// up to"), and before a figure, an article, a preposition or "that".
func (r *reading) bareVerb(i int) bool {
	w := r.toks[i].low
	if i == 0 || i+1 >= len(r.toks) || !r.dw.verbForm(w) && !r.dw.lexVerb(w) || r.gap(i-1) != "" && r.gap(i-1) != ")" {
		return false
	}
	p := r.toks[i-1]
	if p.name >= 0 && r.determinedName(i-1) {
		return false // "An MIT study in August"
	}
	n := i + 1
	before := p.name >= 0 || pronounWords[p.low] || p.low == "to" || auxWords[p.low] || adverbWords[p.low] || relativeWords[p.low] ||
		strings.HasSuffix(p.low, "s") && !strings.HasSuffix(p.low, "ss") && r.isNounish(i-1) || r.gap(i-1) == ")" && !r.acronymParen(i-1) ||
		p.low == "and" && (r.is(n, determinerWords) || r.is(n, pronounWords)) // "could bring in $7 billion and value the company"
	if relativeWords[p.low] && r.isNounish(n) {
		return true // "Jobs that require AI skills"
	}
	plural := strings.HasSuffix(p.low, "s") && !strings.HasSuffix(p.low, "ss") && r.isNounish(i-1) ||
		adverbWords[p.low] && i > 1 && strings.HasSuffix(r.toks[i-2].low, "s") // "firms now offer"
	if plural && r.isNounish(n) && !r.toks[n].poss &&
		!measureNouns[w] && !strings.HasSuffix(w, "s") && r.toks[n].name < 0 && r.gap(i) == "" {
		return true // "40% of small firms use AI tools"
	}
	after := r.isFig(n) || r.is(n, determinerWords) || r.is(n, prepositionWords) || r.toks[n].low == "that" || r.is(n, pronounWords) ||
		r.is(n, adverbWords) || r.is(n, particles) || r.isQualifierWord(n)
	return before && after
}

// determinedName reports whether the name at token i has an article
// before it ("An MIT study", "the Google search business"): it then
// modifies a noun rather than acting.
func (r *reading) determinedName(i int) bool {
	n, ok := r.nameAt(i)
	return ok && n.a > 0 && (r.toks[n.a-1].low == "a" || r.toks[n.a-1].low == "an")
}

// isNounish reports whether token i may be part of a noun phrase: a name,
// or a word that is no verb, preposition, conjunction or relative word.
func (r *reading) isNounish(i int) bool {
	if !r.isWord(i) {
		return false
	}
	t := r.toks[i]
	if t.name >= 0 {
		return true
	}
	w := t.low
	if prepositionWords[w] || auxWords[w] || clauseWords[w] || relativeWords[w] && w != "that" || w == "that" || determinerWords[w] || adverbWords[w] && !measureNouns[w] || reportVerbs[w] && !measureNouns[w] {
		return false
	}
	if strings.HasSuffix(w, "ly") && !measureNouns[w] && w != "monthly" && w != "quarterly" && w != "weekly" && w != "daily" && w != "yearly" && w != "early" {
		return false
	}
	return true
}

// segmentOf returns the comma-free stretch of tokens around i: [a, b),
// cut at any punctuation that ends a phrase.
func (r *reading) segmentOf(i int) (a, b int) {
	a, b = i, i+1
	for a > 0 && (!r.breaks(a-1) || r.acronymParen(a-1)) {
		a--
	}
	for b < len(r.toks) && (!r.breaks(b-1) || r.acronymParen(b-1)) {
		b++
	}
	return a, b
}

// npEnd returns where the noun phrase ending before token end starts: the
// nouns, adjectives and names before it, with a determiner or possessor,
// and phrases after "of", "for", "in", "into" and "from" inside it ("Net
// income of TSMC", "Funding for AI companies"), and an acronym in
// brackets ("(AI)").
func (r *reading) npStart(end, lo int) int {
	a := end
	for a > lo {
		i := a - 1
		if r.breaks(i) && i+1 < end && !r.acronymParen(i) {
			break
		}
		switch {
		case r.isNounish(i) || r.toks[i].poss:
			a = i
		case r.isFig(i) && a < end && r.figs[r.toks[i].fig].Unit == UnitCount && !strings.ContainsAny(r.toks[i].text, "0123456789"):
			a = i // "These six startups"
		case r.is(i, determinerWords) && a < end && i > lo+1 && r.is(i-1, npPrepositions) && r.isNounish(i-2) && !r.isVerb(i-2):
			a = i // "its stock on the Shanghai exchange": the phrase goes on
		case r.is(i, determinerWords):
			return i
		case r.toks[i].low == "by" && a < end && i > lo && r.isWord(i-1) && measureNouns[r.toks[i-1].low]:
			a = i // "HBM market share by third-quarter revenue"
		case r.toks[i].low == "by" && a < end && i > lo+1 && r.isVerb(i-1) && pastForm(r.toks[i-1].low) && (r.isNounish(i-2) || r.isFig(i-2)) && !r.isVerb(i-2):
			a = i - 1 // "a $40 billion funding round led by SoftBank"
		case r.is(i, npPrepositions) && a < end && i > lo && (r.isNounish(i-1) || r.isFig(i-1)) && !r.isVerb(i-1),
			r.toks[i].low == "to" && a < end && i > lo && postAdjective(r.toks[i-1].low):
			a = i
		case r.toks[i].low == "and" && a < end && i > lo && r.isNounish(i-1) && !r.isVerb(i-1):
			a = i
		case r.isPer(i) && a < end && i > lo && (r.isNounish(i-1) || r.toks[i-1].low == "by" || r.is(i-1, npPrepositions)):
			a = i // "revenue in 2024", "market share by third-quarter revenue"
		case r.isPer(i) && a == end:
			a = i // "its 2025 capex forecast" — the period is inside
		default:
			return a
		}
	}
	return a
}

var npPrepositions = toSet(`of for in into from across at among on`)

// postAdjective reports whether w is an adjective that follows its noun
// and takes "to": "net profit attributable to shareholders".
func postAdjective(w string) bool {
	return len(w) > 5 && (strings.HasSuffix(w, "able") || strings.HasSuffix(w, "ible"))
}

// acronymParen reports whether the gap after token i opens a bracketed
// acronym that the phrase goes on after: "artificial intelligence (AI)
// companies".
func (r *reading) acronymParen(i int) bool {
	g := r.gap(i)
	if g == "(" && i+2 < len(r.toks) && r.gap(i+1) == ")" {
		return true
	}
	return g == ")" && i > 0 && r.gap(i-1) == "("
}

// npAfter returns where the noun phrase that starts at token a ends.
func (r *reading) npAfter(a, hi int) int {
	b := a
	for b < hi && r.is(b, determinerWords) {
		b++
	}
	for b < hi && (r.isNounish(b) || r.toks[b].poss || r.isPer(b) && b+1 < hi && r.isNounish(b+1)) && !(b > a && r.isVerb(b)) {
		b++
		if r.breaks(b-1) && !r.acronymParen(b-1) {
			break
		}
	}
	return b
}

// phrase is a token range [a, b) of a noun phrase.
type phrase struct{ a, b int }

func (p phrase) empty() bool { return p.b <= p.a }

// head is the phrase's last word, lower case.
func (r *reading) head(p phrase) string {
	for i := p.b - 1; i >= p.a; i-- {
		if r.isWord(i) && !r.is(i, prepositionWords) && !(i > p.a && postAdjective(r.toks[i].low)) {
			return r.toks[i].low
		}
	}
	return ""
}

// core is the phrase before its first preposition: "Net income" of "Net
// income of TSMC".
func (r *reading) core(p phrase) phrase {
	for i := p.a + 1; i < p.b; i++ {
		if r.is(i, npPrepositions) || r.toks[i].low == "to" && postAdjective(r.toks[i-1].low) ||
			r.toks[i].low == "by" || r.isVerb(i) && i+1 < p.b && r.toks[i+1].low == "by" {
			return phrase{p.a, i}
		}
	}
	return p
}

// isMeasure reports whether the phrase names a measure: its core's head
// is a measure or change noun ("full-year revenue", "HBM market share").
func (r *reading) isMeasure(p phrase) bool {
	if q, ok := r.ofPart(p); ok {
		return r.isMeasure(q)
	}
	h := r.head(r.core(p))
	return measureNouns[h] || changeNouns[h] || measureNouns[singular(h)]
}

// ofPart is what a phrase headed by a part or level is of: "the low end
// of its annual capex guidance" is about the guidance.
func (r *reading) ofPart(p phrase) (phrase, bool) {
	c := r.core(p)
	if h := r.head(c); (descriptorNouns[h] || partNouns[h]) && c.b+1 < p.b && r.toks[c.b].low == "of" {
		return phrase{c.b + 1, p.b}, true
	}
	return phrase{}, false
}

// partNouns name a part of what follows "of".
var partNouns = toSet(`end top bottom bulk rest half part`)

// words of a phrase, without determiners, possessors' pronouns, periods
// and bracketed acronyms, as written.
func (r *reading) phraseText(p phrase) string {
	var parts []string
	for i := p.a; i < p.b; i++ {
		t := r.toks[i]
		switch {
		case r.isFig(i) && r.figs[t.fig].Unit == UnitCount && i+1 < p.b:
			// "six startups", "11 companies": a count is part of a group's name
		case r.isPer(i) || r.isFig(i):
			continue
		case i == p.a && (determinerWords[t.low] || pronounWords[t.low]):
			continue
		case i > p.a && r.gap(i-1) == "(" && r.gap(i) == ")":
			continue // "(AI)"
		}
		parts = append(parts, t.text)
	}
	for len(parts) > 0 && (prepositionWords[strings.ToLower(parts[len(parts)-1])] || strings.ToLower(parts[len(parts)-1]) == "and") {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, " ")
}
