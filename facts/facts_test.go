package facts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/internal/synth"
)

func builtin(t testing.TB) *corpus.Corpus {
	t.Helper()
	c, _, err := corpus.Load(corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// doc builds a one-document corpus from Markdown body text.
func doc(t testing.TB, id, published, body string) *corpus.Document {
	t.Helper()
	src := fmt.Sprintf("---\nid: %s\ntitle: %s\nauthor: A. Writer\npublisher: Test\npublished: %s\nurl: https://example.com/%s\n---\n\n%s\n", id, id, published, id, body)
	d, err := corpus.ParseMarkdown(id+".md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func find(fs []Fact, value string) *Fact {
	for i := range fs {
		if fs[i].Value == value {
			return &fs[i]
		}
	}
	return nil
}

// brief is the part of a fact the must-show table compares.
type brief struct {
	Number            float64
	Unit, Qualifier   string
	Entity, Period    string
	MetricHasWord     bool
	QuoteHasValue     bool
	SourceID, CitesOK string
}

// The figures the issue names, found in the built-in article's own text.
func TestBuiltinFacts(t *testing.T) {
	s := Extract(builtin(t))
	tests := []struct {
		name, value, metricWord, cites string
		want                           brief
	}{
		{"China private investment 2023", "$650 million", "investment", "Stanford 2024 AI Index Report",
			brief{650e6, "USD", "about", "China", "2023", true, true, "imd-genai-china-2024", ""}},
		{"US private investment 2023", "$22.46bn", "investment", "Stanford 2024 AI Index Report",
			brief{22.46e9, "USD", "", "US", "2023", true, true, "imd-genai-china-2024", ""}},
		{"China GenAI patents", "38,000", "inventions", "United Nations data",
			brief{38000, "count", "more than", "China", "2014–2023", true, true, "imd-genai-china-2024", ""}},
		{"US GenAI patents", "6,276", "inventions", "United Nations data",
			brief{6276, "count", "", "US", "2014–2023", true, true, "imd-genai-china-2024", ""}},
		{"startup deal sizes", "U.S. $200m", "deal", "",
			brief{200e6, "USD", "over", "six startups", "", true, true, "imd-genai-china-2024", ""}},
		{"Moonshot AI valuation", "$3bn", "valuation", "",
			brief{3e9, "USD", "over", "Moonshot AI", "", true, true, "imd-genai-china-2024", ""}},
		{"Nanjing industry models", "20", "models", "",
			brief{20, "count", "more than", "Nanjing", "2024–2026", true, true, "imd-genai-china-2024", ""}},
		{"Nanjing scenarios", "30", "scenarios", "",
			brief{30, "count", "", "Nanjing", "2024–2026", true, true, "imd-genai-china-2024", ""}},
		{"Nanjing industry scale", "60 billion yuan", "industry", "",
			brief{60e9, "CNY", "", "Nanjing", "2024–2026", true, true, "imd-genai-china-2024", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := find(s.Facts, tt.value)
			if f == nil {
				t.Fatalf("no fact with value %q", tt.value)
			}
			got := brief{f.Number, f.Unit, f.Qualifier, f.Entity, f.Period,
				strings.Contains(strings.ToLower(f.Metric), tt.metricWord),
				strings.Contains(f.Quote, f.Value), f.Source.ID, ""}
			if f.Cites != tt.cites {
				got.CitesOK = "cites " + f.Cites
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fact %q (metric %q) (-want +got):\n%s", tt.value, f.Metric, diff)
			}
		})
	}
}

func TestBuiltinComparisons(t *testing.T) {
	s := Extract(builtin(t))
	consistent := true
	want := []Comparison{
		{Period: "2014–2023", Unit: "count", A: Side{"China", "38,000", 38000}, B: Side{"US", "6,276", 6276},
			Ratio: 6.05, Stated: "six times", StatedRatio: 6, Consistent: &consistent, Cites: "United Nations data"},
		{Period: "2023", Unit: "USD", A: Side{"US", "$22.46bn", 22.46e9}, B: Side{"China", "$650 million", 650e6},
			Ratio: 34.55, Cites: "Stanford 2024 AI Index Report"},
	}
	got := make([]Comparison, len(s.Comparisons))
	for i, c := range s.Comparisons {
		if c.Metric == "" || !strings.Contains(c.Quote, c.A.Value) || !strings.Contains(c.Quote, c.B.Value) {
			t.Errorf("comparison %d: metric %q, quote %q", i, c.Metric, c.Quote)
		}
		c.Metric, c.Quote, c.Source = "", "", corpus.Source{}
		got[i] = c
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comparisons (-want +got):\n%s", diff)
	}
}

// Every fact is a figure quoted verbatim from its passage; years alone,
// list markers and version numbers are not facts.
func TestFactsAreQuotedFigures(t *testing.T) {
	c := builtin(t)
	for _, f := range Extract(c).Facts {
		p := c.Passage(f.Passage)
		if p == nil || !strings.Contains(p.Text, f.Quote) || !strings.Contains(f.Quote, f.Value) {
			t.Errorf("fact %q: quote %q is not in passage %s", f.Value, f.Quote, f.Passage)
			continue
		}
		if f.At < 0 || f.At+len(f.Value) > len(p.Text) || p.Text[f.At:f.At+len(f.Value)] != f.Value {
			t.Errorf("fact %q: At %d does not point at it in passage %s", f.Value, f.At, f.Passage)
		}
		if f.Unit == UnitYear || f.Unit == UnitDate {
			t.Errorf("fact %q is a period", f.Value)
		}
		for _, bad := range []string{"3.5", "4", "3", "360", "01", "2023", "2024", "2026", "2014"} {
			if f.Value == bad {
				t.Errorf("%q became a fact (quote %q)", bad, f.Quote)
			}
		}
	}
}

// Fact.At points at the figure in its passage on real pages too, where
// restatements, ranges and list items abound.
func TestFactsPointAtTheirFigures(t *testing.T) {
	c, _, err := corpus.Load(corpus.Options{Dir: "../../shared/eval/train/corpus", NoBuiltin: true})
	if err != nil || len(c.Passages) == 0 {
		t.Skipf("the training pages are absent: %v", err)
	}
	for _, f := range Extract(c).Facts {
		p := c.Passage(f.Passage)
		if f.At < 0 || f.At+len(f.Value) > len(p.Text) || p.Text[f.At:f.At+len(f.Value)] != f.Value {
			t.Errorf("fact %q: At %d does not point at it in passage %s", f.Value, f.At, f.Passage)
		}
	}
}

func TestMultiplierCheck(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"consistent", "Firm A filed 9,000 patents – three times more than Firm B with 3,100.", true},
		{"N times more read as N+1 times as many", "Firm A filed 8,000 patents, three times more than Firm B with 2,000.", true},
		{"N times as many is not N+1", "Firm A filed 8,000 patents, three times as many as Firm B with 2,000.", false},
		{"inconsistent", "Firm A filed 10,000 patents – ten times more than Firm B with 5,000.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := corpus.FromDocuments([]*corpus.Document{doc(t, "m", "2025-01-01", tt.text)})
			cs := Extract(c).Comparisons
			if len(cs) != 1 || cs[0].Consistent == nil {
				t.Fatalf("comparisons = %+v, want one with a stated multiplier", cs)
			}
			if *cs[0].Consistent != tt.want {
				t.Errorf("consistent = %v, want %v (ratio %v, stated %v)", *cs[0].Consistent, tt.want, cs[0].Ratio, cs[0].StatedRatio)
			}
		})
	}
}

// A second document with a different valuation of the same company: both
// are kept, newest first, each with its date and source.
func TestDisagreementsAcrossDocuments(t *testing.T) {
	c, problems, err := corpus.Load(corpus.Options{Dir: "../testdata/corpus"})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	s := Extract(c)
	var got []string
	for _, d := range s.Disagreements {
		for _, f := range d.Facts {
			got = append(got, fmt.Sprintf("%s %s %s %s %s", d.Entity, metricKey(d.Metric), f.Value, f.Source.Published, f.Source.ID))
		}
	}
	want := []string{
		"Moonshot AI valuation $2.5bn 2025-03-14 fixture-ai-funding-2025",
		"Moonshot AI valuation $3bn 2024-08-27 imd-genai-china-2024",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("disagreements (-want +got):\n%s", diff)
	}
	// The new document's figures show up with no code change.
	for _, v := range []string{"RMB 5 billion", "RMB 2 billion", "11.4 billion yuan", "a third", "3.5%", "2,000+"} {
		if find(s.Facts, v) == nil {
			t.Errorf("no fact %q from the second document", v)
		}
	}
	// The restatement in brackets is a fact of its own, marked so, with
	// the figure's holder, measure and period.
	f, r := find(s.Facts, "11.4 billion yuan"), find(s.Facts, "US$1.6 billion")
	switch {
	case f == nil || r == nil:
		t.Fatalf("figure %v, restatement %v", f, r)
	case f.Equivalent != "US$1.6 billion" || f.Restatement:
		t.Errorf("figure: equivalent %q, restatement %v", f.Equivalent, f.Restatement)
	case r.Equivalent != "11.4 billion yuan" || !r.Restatement || r.Entity != f.Entity || r.Metric != f.Metric || r.Period != f.Period:
		t.Errorf("restatement %+v does not restate %+v", *r, *f)
	}
}

// The same figure reported twice is no disagreement; neither is the same
// value in two documents.
func TestNoDisagreementOnSameValue(t *testing.T) {
	a := doc(t, "a", "2024-01-01", "Acme AI is now said to be worth over $3bn.")
	b := doc(t, "b", "2024-06-01", "Acme AI was valued at $3bn in May.")
	c, _ := corpus.FromDocuments([]*corpus.Document{a, b})
	if d := Extract(c).Disagreements; len(d) != 0 {
		t.Errorf("disagreements = %+v, want none", d)
	}
}

func TestFilter(t *testing.T) {
	c, _, err := corpus.Load(corpus.Options{Dir: "../testdata/corpus"})
	if err != nil {
		t.Fatal(err)
	}
	s := Extract(c)
	tests := []struct {
		topic       string
		want        []string // values that must be in
		notWant     []string // values that must be out
		comparisons int
	}{
		{"", []string{"$650 million", "38,000", "$2.5bn"}, nil, 3},
		{"investment", []string{"$650 million", "$22.46bn"}, []string{"38,000", "60 billion yuan"}, 1},
		{"patents", []string{"38,000", "6,276"}, []string{"$650 million"}, 1},
		{"Patent", []string{"38,000"}, nil, 1},
		{"valuation", []string{"$3bn", "$2.5bn"}, []string{"$650 million"}, 0},
		{"Nanjing", []string{"20", "30", "60 billion yuan"}, []string{"38,000"}, 0},
		{"policy", []string{"20", "30", "60 billion yuan"}, []string{"$3bn"}, 0},
		{"startups", []string{"U.S. $200m", "a third"}, []string{"$650 million"}, 0},
		{"Moonshot valuation", []string{"$3bn", "$2.5bn"}, []string{"$1bn"}, 0},
		{"weather", nil, []string{"$650 million"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			got := s.Filter(tt.topic)
			for _, v := range tt.want {
				if find(got.Facts, v) == nil {
					t.Errorf("Filter(%q) lacks %q", tt.topic, v)
				}
			}
			for _, v := range tt.notWant {
				if find(got.Facts, v) != nil {
					t.Errorf("Filter(%q) has %q", tt.topic, v)
				}
			}
			if len(got.Comparisons) != tt.comparisons {
				t.Errorf("Filter(%q): %d comparisons, want %d", tt.topic, len(got.Comparisons), tt.comparisons)
			}
		})
	}
}

func BenchmarkExtract(b *testing.B) {
	c := builtin(b)
	for b.Loop() {
		Extract(c)
	}
}

// BenchmarkExtractSynthetic extracts the facts of 200 synthetic documents
// (about 2,000 passages), reporting passages per second.
func BenchmarkExtractSynthetic(b *testing.B) {
	docs, err := synth.Documents(1, 200)
	if err != nil {
		b.Fatal(err)
	}
	c, _ := corpus.FromDocuments(docs)
	for b.Loop() {
		Extract(c)
	}
	b.ReportMetric(float64(len(c.Passages))*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
}
