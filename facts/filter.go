package facts

import (
	"strings"
	"unicode"
)

// Filter returns the part of s about topic: the facts whose metric, entity,
// quote or list lead-in contain every word of topic (case-insensitive;
// "patent" finds "patents", "invest" finds "investment"), and the
// comparisons and disagreements about them. An empty topic keeps all.
func (s *Set) Filter(topic string) *Set {
	want := topicWords(topic)
	if len(want) == 0 {
		return s
	}
	out := &Set{Facts: []Fact{}, Comparisons: []Comparison{}, Disagreements: []Disagreement{}}
	for _, f := range s.Facts {
		if matches(want, f.Metric, f.Entity, f.Quote, f.Context) {
			out.Facts = append(out.Facts, f)
		}
	}
	for _, c := range s.Comparisons {
		if matches(want, c.Metric, c.A.Entity, c.B.Entity, c.Quote) {
			out.Comparisons = append(out.Comparisons, c)
		}
	}
	for _, d := range s.Disagreements {
		for _, f := range d.Facts {
			if matches(want, f.Metric, f.Entity, f.Quote, f.Context) {
				out.Disagreements = append(out.Disagreements, d)
				break
			}
		}
	}
	return out
}

func topicWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), notWordRune) {
		out = append(out, singular(w))
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func matches(want []string, texts ...string) bool {
	have := topicWords(strings.Join(texts, " "))
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w || len(w) >= 4 && strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
