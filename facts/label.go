package facts

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Label is one figure labelled by hand on a page: whose figure it is, what
// it measures and when. Labels score extraction (ScoreLabels); they live
// outside the repository, next to the pages they label.
type Label struct {
	Source string `json:"source"` // document ID
	Figure string `json:"figure"` // as written: "$18.5bn"
	// SentenceStart is the first words of the figure's sentence.
	SentenceStart string `json:"sentence_start"`
	// Entity holds acceptable strings for the holder of the figure.
	Entity []string `json:"entity"`
	// Metric holds key words, any one of which a right metric contains.
	Metric []string `json:"metric"`
	// Period is the normalised period ("2024", "Q3 2024", "2023-2025"),
	// or "" when the text gives none.
	Period string `json:"period"`
}

// ReadLabels reads labels, one JSON object a line; blank lines and lines
// starting with "//" are skipped.
func ReadLabels(r io.Reader) ([]Label, error) {
	var out []Label
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		var l Label
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if l.Source == "" || l.Figure == "" || l.SentenceStart == "" {
			return nil, fmt.Errorf("line %d: a label needs \"source\", \"figure\" and \"sentence_start\"", line)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// sentenceStartChars is how much of a label's sentence start a fact's
// quote must hold for the fact to be the label's: enough to tell the
// sentences of one page apart, short enough to survive a splitter that
// cuts a sentence a little differently.
const sentenceStartChars = 30

// LabelResult is how one label fared: the fact found for it (nil when
// none) and which of its parts are right.
type LabelResult struct {
	Label  Label `json:"label"`
	Fact   *Fact `json:"fact,omitempty"`
	Entity bool  `json:"entity"`
	Metric bool  `json:"metric"`
	Period bool  `json:"period"`
}

// All reports whether entity, metric and period are all right.
func (r LabelResult) All() bool { return r.Fact != nil && r.Entity && r.Metric && r.Period }

// LabelReport is the score of a set of labels.
type LabelReport struct {
	Labels  int           `json:"labels"`
	Found   int           `json:"found"`
	Entity  int           `json:"entity"`
	Metric  int           `json:"metric"`
	Period  int           `json:"period"`
	All     int           `json:"all"`
	Results []LabelResult `json:"results"`
}

// ScoreLabels scores facts against labels. A label is found when a fact of
// its document has the figure in its value and its quote holds the
// sentence's first 30 characters (case-folded) — the first such fact in
// document order is the one scored. Then the entity is right when an
// acceptable string and the fact's entity contain one another
// (case-folded), the metric when a key word is in the fact's metric, and
// the period when it equals the fact's after folding dashes and spaces.
func ScoreLabels(labels []Label, fs []Fact) LabelReport {
	byDoc := map[string][]int{}
	for i, f := range fs {
		byDoc[f.Source.ID] = append(byDoc[f.Source.ID], i)
	}
	for _, idx := range byDoc {
		sortByPosition(fs, idx)
	}
	rep := LabelReport{Labels: len(labels), Results: []LabelResult{}}
	for _, l := range labels {
		r := LabelResult{Label: l}
		start := strings.ToLower(l.SentenceStart)
		if len(start) > sentenceStartChars {
			start = start[:sentenceStartChars]
		}
		figure := strings.ToLower(l.Figure)
		for _, i := range byDoc[l.Source] {
			f := fs[i]
			if strings.Contains(strings.ToLower(f.Value), figure) && strings.Contains(strings.ToLower(f.Quote), start) {
				r.Fact = &f
				break
			}
		}
		if r.Fact != nil {
			rep.Found++
			r.Entity = entityRight(l.Entity, r.Fact.Entity)
			r.Metric = metricRight(l.Metric, r.Fact.Metric)
			r.Period = foldPeriod(l.Period) == foldPeriod(r.Fact.Period)
			rep.Entity += b2i(r.Entity)
			rep.Metric += b2i(r.Metric)
			rep.Period += b2i(r.Period)
			rep.All += b2i(r.All())
		}
		rep.Results = append(rep.Results, r)
	}
	return rep
}

// sortByPosition orders the indexes idx of fs by passage and offset.
func sortByPosition(fs []Fact, idx []int) {
	less := func(a, b Fact) bool {
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return a.At < b.At
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && less(fs[idx[j]], fs[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

func entityRight(want []string, got string) bool {
	g := strings.ToLower(strings.TrimSpace(got))
	if g == "" {
		return false
	}
	for _, w := range want {
		w = strings.ToLower(strings.TrimSpace(w))
		if w != "" && (strings.Contains(g, w) || strings.Contains(w, g)) {
			return true
		}
	}
	return false
}

func metricRight(want []string, got string) bool {
	g := strings.ToLower(got)
	for _, w := range want {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" && strings.Contains(g, w) {
			return true
		}
	}
	return false
}

// foldPeriod makes "2023–2025", "2023 - 2025" and "2023-2025" one.
func foldPeriod(p string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u00a0':
			return -1
		case '–', '—', '‒', '−':
			return '-'
		}
		return r
	}, strings.ToLower(p))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Summary is the report in one line: found, entity, metric, period and all
// three right, of all labels.
func (r LabelReport) Summary() string {
	pct := func(n int) string {
		if r.Labels == 0 {
			return "0%"
		}
		return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(r.Labels))
	}
	return fmt.Sprintf("%d labels: found %d, entity %d, metric %d, period %d, all three %d (%s)",
		r.Labels, r.Found, r.Entity, r.Metric, r.Period, r.All, pct(r.All))
}
