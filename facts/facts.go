// Package facts extracts the figures of a corpus as facts: every amount,
// count, per cent and multiplier in the text, with what it measures, whom it
// is about, when, the sentence it comes from and its source. Facts feed the
// quick stats and the digest's fact of the day. Nothing here is a table of
// known figures: change the corpus and the facts change with it.
package facts

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/landscape-bot/landscape/corpus"
)

// Fact is one figure of the corpus in its context.
type Fact struct {
	Value      string  `json:"value"`  // as written: "$650 million"
	Number     float64 `json:"number"` // normalised: 650000000
	Unit       string  `json:"unit"`   // USD, CNY, count, percent, fraction, times
	Qualifier  string  `json:"qualifier,omitempty"`
	Equivalent string  `json:"equivalent,omitempty"` // restated in parentheses: "US$1.6 billion"
	Metric     string  `json:"metric"`               // what is measured
	Entity     string  `json:"entity"`               // who or where
	Period     string  `json:"period"`               // "2023", "2014–2023", or ""
	Quote      string  `json:"quote"`                // the sentence or list item, verbatim
	// Context is the lead-in sentence of a list item ("Nanjing city set a
	// 2024-2026 policy goal:"), which the item depends on.
	Context string `json:"context,omitempty"`
	Passage string `json:"passage"` // passage ID
	// At is the figure's byte offset in its passage's text: where the
	// answer engine finds the fact of the figure it quotes.
	At     int           `json:"-"`
	Source corpus.Source `json:"source"`
	Cites  string        `json:"cites"`
	// Restatement marks a figure that restates the one before it in
	// brackets, in another currency or unit ("11.4 billion yuan (US$1.6
	// billion)"): a fact of its own, with the same holder, measure and
	// period, that lists show once, beside the figure it restates.
	Restatement bool `json:"restatement,omitempty"`

	seq, pos  int  // corpus order, for stable output
	compared  bool // one side of a comparison
	ownEntity bool // the entity is named in the figure's own sentence
}

// Side is one figure of a comparison.
type Side struct {
	Entity string  `json:"entity"`
	Value  string  `json:"value"`
	Number float64 `json:"number"`
}

// Comparison is two figures of the same measure in one sentence. A is the
// larger, so Ratio = A/B ≥ 1. When the sentence states a multiplier ("six
// times more"), Stated holds it and Consistent whether the figures bear it
// out.
type Comparison struct {
	Metric      string        `json:"metric"`
	Period      string        `json:"period"`
	Unit        string        `json:"unit"`
	A           Side          `json:"a"`
	B           Side          `json:"b"`
	Ratio       float64       `json:"ratio"`
	Stated      string        `json:"stated,omitempty"`
	StatedRatio float64       `json:"stated_ratio,omitempty"`
	Consistent  *bool         `json:"consistent,omitempty"`
	Quote       string        `json:"quote"`
	Source      corpus.Source `json:"source"`
	Cites       string        `json:"cites"`
}

// Disagreement is one measure of one entity reported with different values
// by different documents, newest first. Neither is dropped: readers see both
// with their dates and sources.
type Disagreement struct {
	Metric string `json:"metric"`
	Entity string `json:"entity"`
	Facts  []Fact `json:"facts"`
}

// Set is the facts of a corpus, in the shape of `landscape stats --json`.
type Set struct {
	Facts         []Fact         `json:"facts"`
	Comparisons   []Comparison   `json:"comparisons"`
	Disagreements []Disagreement `json:"disagreements"`
}

// statedTolerance is how far a stated multiplier may be from the ratio of
// the figures it relates and still count as consistent: "six times" for
// 38,000 against 6,276 (6.05) is fine, "ten times" is not.
const statedTolerance = 0.15

// Extract finds every fact of c, the comparisons within sentences and the
// disagreements across documents.
func Extract(c *corpus.Corpus) *Set {
	parts := make([]Part, len(c.Docs))
	for i, d := range c.Docs {
		parts[i] = ExtractDocument(d)
	}
	return Combine(parts)
}

// Part is the facts and comparisons of one document: what a live corpus
// keeps per document, so a reload extracts only the changed ones.
type Part struct {
	Facts       []Fact
	Comparisons []Comparison
}

// ExtractDocument finds the facts and comparisons of one document,
// reading its sentences in order: a sentence leans on the ones before it
// for "the company", "its", "the fourth quarter" and a period it does not
// state.
func ExtractDocument(d *corpus.Document) Part {
	var part Part
	dw := newDocWords(d)
	dc := newDiscourse(d, dw)
	for _, p := range d.Passages {
		units := corpus.Units(p.Text)
		cite, citeDone := "", false
		passageCite := func() string { // what the passage cites, found once
			if !citeDone {
				cite, citeDone = corpus.Cites(p.Text), true
			}
			return cite
		}
		dc.prev, dc.fresh = dc.own, true // a new paragraph leans on the last one less
		for _, u := range units {
			var lead *corpus.Unit
			if u.LeadIn >= 0 {
				lead = &units[u.LeadIn]
			}
			s := sentence{p: p, text: p.Text[u.Start:u.End], passageCite: passageCite, dw: dw, dc: dc}
			if lead != nil {
				s.lead = p.Text[lead.Start:lead.End]
			}
			fs, cs := s.facts()
			for i := range fs {
				fs[i].pos = u.Start
				fs[i].At += u.Start
			}
			part.Facts = append(part.Facts, fs...)
			part.Comparisons = append(part.Comparisons, cs...)
		}
	}
	return part
}

// Combine puts documents' parts together: facts headline first, the
// comparisons, and the disagreements across documents.
func Combine(parts []Part) *Set {
	s := &Set{Facts: []Fact{}, Comparisons: []Comparison{}, Disagreements: []Disagreement{}}
	for _, p := range parts {
		s.Facts = append(s.Facts, p.Facts...)
		s.Comparisons = append(s.Comparisons, p.Comparisons...)
	}
	sort.SliceStable(s.Facts, func(i, j int) bool {
		a, b := s.Facts[i], s.Facts[j]
		if ra, rb := a.rank(), b.rank(); ra != rb {
			return ra > rb
		}
		if a.Source.Published != b.Source.Published {
			return a.Source.Published > b.Source.Published
		}
		return a.seq < b.seq || a.seq == b.seq && a.pos < b.pos
	})
	s.Disagreements = disagreements(s.Facts)
	return s
}

// Strong reports whether the fact says whose figure it is, what it
// measures and when: what the stats lead with.
func (f Fact) Strong() bool {
	return f.Entity != "" && f.Metric != "" && f.Period != "" && !f.Restatement
}

// Weak reports whether the fact lacks a holder or a measure: a figure
// that says little on its own line.
func (f Fact) Weak() bool { return f.Entity == "" || f.Metric == "" }

// rank orders facts headline first: strong figures (whose, what, when),
// then those that lack only a period, then weak ones; within each,
// compared figures, then money, per cents and exact counts before bare
// number words ("four groups"). A restatement comes last: lists show it
// beside its figure.
func (f Fact) rank() int {
	r := 0
	switch {
	case f.Restatement:
		return 0
	case f.Strong():
		r = 300
	case !f.Weak():
		r = 200
	default:
		r = 100
	}
	if f.compared {
		r += 10
	}
	switch {
	case f.Number == 0:
	case isCurrency(f.Unit):
		r += 3
	case f.Unit == UnitPercent || f.Unit == UnitFraction || f.Unit == UnitPoints:
		r += 2
	case f.Unit == UnitCount && strings.ContainsAny(f.Value, "0123456789"):
		r += 2
	case f.Unit == UnitTimes || f.Unit == UnitRank:
		r++
	}
	return r
}

// compare pairs figures on two sides of a comparison ("$650 million …
// compared with $22.46bn in the US"; "38,000 … – six times more than the
// second-place US with 6,276"): the same unit (one currency), the same
// measure and period, each side with a holder of its own and a different
// one. A multiplier between them is checked against their ratio.
func compare(sent string, r *reading, fs []Fact, toks []int) []Comparison {
	cl := clauses(sent)
	clauseAt := func(k int) int { return clauseOf(cl, r.toks[toks[k]].start) }
	var out []Comparison
	used := make([]bool, len(fs))
	for i := range fs {
		for j := i + 1; j < len(fs) && !used[i]; j++ {
			if used[j] || !comparable(&fs[i], &fs[j]) || clauseAt(i) == clauseAt(j) || !cl[clauseAt(j)].compares || qualifiesOnly(sent, cl[clauseAt(j)], r) {
				continue
			}
			used[i], used[j] = true, true
			out = append(out, comparison(sent, r, fs, toks, i, j))
		}
	}
	return out
}

// qualifiesOnly reports whether a clause opens with "than" and a figure:
// "more than a third went to Scale AI" qualifies that figure and compares
// nothing.
func qualifiesOnly(sent string, c clause, r *reading) bool {
	rest := strings.TrimLeft(strings.ToLower(sent[c.start:c.end]), " ,")
	after, ok := strings.CutPrefix(rest, "than ")
	if !ok {
		return false
	}
	at := c.end - len(after)
	for _, f := range r.figs {
		if f.Start == at && !f.IsPeriod() {
			return true
		}
	}
	return false
}

// comparable reports whether two facts of a sentence may be compared.
func comparable(a, b *Fact) bool {
	return a.Unit == b.Unit && a.Unit != UnitTimes && a.Unit != UnitFraction && a.Unit != UnitRank &&
		!a.Restatement && !b.Restatement && a.Number != 0 && b.Number != 0 &&
		a.ownEntity && b.ownEntity && !strings.EqualFold(canonicalEntity(a.Entity), canonicalEntity(b.Entity)) &&
		a.Metric != "" && metricKey(a.Metric) == metricKey(b.Metric) &&
		(a.Period == b.Period || a.Period == "" || b.Period == "")
}

// comparison builds the comparison of facts i and j, the larger first,
// with a multiplier stated between them.
func comparison(sent string, r *reading, fs []Fact, toks []int, i, j int) Comparison {
	a, b := &fs[i], &fs[j]
	a.compared, b.compared = true, true
	c := Comparison{Metric: a.Metric, Period: a.Period, Unit: a.Unit,
		A:     Side{a.Entity, a.Value, a.Number},
		B:     Side{b.Entity, b.Value, b.Number},
		Quote: sent, Source: a.Source, Cites: a.Cites}
	if c.Period == "" {
		c.Period = b.Period
	}
	if c.B.Number > c.A.Number {
		c.A, c.B = c.B, c.A
	}
	c.Ratio = math.Round(c.A.Number/c.B.Number*100) / 100
	for k := range fs {
		if fs[k].Unit == UnitTimes && toks[k] > toks[i] && toks[k] < toks[j] {
			fs[k].Metric, fs[k].Entity = a.Metric, c.A.Entity
			c.Stated, c.StatedRatio = fs[k].Value, fs[k].Number
			after := strings.ToLower(sent[r.toks[toks[k]].end:])
			ok := near(c.Ratio, c.StatedRatio) || near(c.Ratio, c.StatedRatio+1) && strings.Contains(after, "more than")
			c.Consistent = &ok
		}
	}
	return c
}

func hasFact(figs []Figure) bool {
	for _, f := range figs {
		if !f.IsPeriod() && !f.Equivalent {
			return true
		}
	}
	return false
}

func near(got, want float64) bool { return want > 0 && math.Abs(got-want)/want <= statedTolerance }

func hasYear(s string) bool { return yearRE.MatchString(s) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// disagreements groups facts by entity, unit and metric and keeps the
// groups whose documents report different values.
func disagreements(fs []Fact) []Disagreement {
	groups := map[string][]Fact{}
	var keys []string
	for _, f := range fs {
		if f.Entity == "" || f.Metric == "" || f.Unit == UnitTimes || f.Restatement {
			continue
		}
		k := strings.ToLower(canonicalEntity(f.Entity)) + "|" + f.Unit + "|" + metricKey(f.Metric)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], f)
	}
	var out []Disagreement
	for _, k := range keys {
		g := onePeriod(groups[k])
		docs, values := map[string]bool{}, map[float64]bool{}
		for _, f := range g {
			docs[f.Source.ID] = true
			values[f.Number] = true
		}
		if len(docs) < 2 || len(values) < 2 {
			continue
		}
		sort.SliceStable(g, func(i, j int) bool { return g[i].Source.Published > g[j].Source.Published })
		out = append(out, Disagreement{Metric: g[0].Metric, Entity: g[0].Entity, Facts: g})
	}
	if out == nil {
		out = []Disagreement{}
	}
	return out
}

// onePeriod keeps the facts of a group that speak of one period: its most
// reported one, and those that name none; none when no figure names a
// period. Figures of different periods differ without disagreeing.
func onePeriod(g []Fact) []Fact {
	count := map[string]int{}
	best := ""
	for _, f := range g {
		if f.Period == "" {
			continue
		}
		count[f.Period]++
		if count[f.Period] > count[best] || best == "" {
			best = f.Period
		}
	}
	if best == "" {
		return nil // no period at all: nothing says the figures are of one time
	}
	var out []Fact
	seen := map[string]bool{}
	for _, f := range g {
		k := f.Source.ID + "\x00" + f.Value
		if (f.Period == best || f.Period == "") && !seen[k] {
			seen[k] = true // the same figure said twice in one document once
			out = append(out, f)
		}
	}
	return out
}

// metricKey reduces a metric to its content words, singular, so that
// "valuations" and "valuation" or "deal size" and "deal sizes" group.
func metricKey(m string) string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(m)) {
		w = strings.Trim(w, ".,;:()’'\"")
		if metricStop[w] || w == "" {
			continue
		}
		out = append(out, singular(w))
	}
	return strings.Join(out, " ")
}

var metricStop = map[string]bool{"the": true, "a": true, "an": true, "of": true, "in": true, "for": true, "its": true, "their": true, "total": true}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ss"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// Figure is the fact's figure as people read it: the qualifier and the
// value as written, "about $650 million".
func (f Fact) Figure() string {
	if f.Qualifier == "" || strings.HasSuffix(f.Value, "+") {
		return f.Value
	}
	return f.Qualifier + " " + f.Value
}

// RatioText renders a ratio the way the comparisons show it: "34.6×".
func RatioText(r float64) string {
	if r >= 10 {
		return strconv.FormatFloat(math.Round(r*10)/10, 'f', -1, 64) + "×"
	}
	return strconv.FormatFloat(math.Round(r*100)/100, 'f', -1, 64) + "×"
}

// Check says whether a comparison's stated multiplier holds: "" when the
// sentence states none.
func (c Comparison) Check() string {
	if c.Consistent == nil {
		return ""
	}
	if *c.Consistent {
		return fmt.Sprintf("%q stated, consistent with the figures", c.Stated)
	}
	return fmt.Sprintf("%q stated, but the figures give %s", c.Stated, RatioText(c.Ratio))
}
