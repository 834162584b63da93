package answer

import (
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/lexicon"
)

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

// cov is the share of the question's weight that h matches, however each
// concept is matched.
func (q question) cov(h hits) float64 {
	if q.total == 0 {
		return 0
	}
	var sum float64
	for i, c := range q.concepts {
		if i < maxConcepts && h[i] != 0 {
			sum += c.weight
		}
	}
	return sum / q.total
}

// coverage is what share of the question's weight h matches, apart by
// how: content concepts as written, through a domain equivalence or
// another name, through WordNet; years; soft words.
type coverage struct{ same, alt, wordnet, year, soft float64 }

func (q question) coverage(h hits) coverage {
	var c coverage
	if q.total == 0 {
		return c
	}
	for i, k := range q.concepts {
		if i >= maxConcepts || h[i] == 0 {
			continue
		}
		w := k.weight / q.total
		switch rel := lexicon.Relation(h[i] - 1); {
		case k.year:
			c.year += w
		case k.soft:
			c.soft += w
		case rel == lexicon.Same:
			c.same += w
		case rel == lexicon.Domain || rel == lexicon.OtherName:
			c.alt += w
		default:
			c.wordnet += w
		}
	}
	return c
}

func (c coverage) total() float64 { return c.same + c.alt + c.wordnet + c.year + c.soft }

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

func withHits(a, b hits) hits {
	a.union(b)
	return a
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

// datedBy marks the question's years as matched by a run whose own dating
// fits the period asked: "this year" in a 2023 article is 2023.
func (q question) datedBy(h hits, f fit) hits {
	if f == fitNone || noPeriod(q.period) {
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
