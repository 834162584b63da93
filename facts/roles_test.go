package facts

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
)

// what is the part of a fact the reading tests compare: whose figure, a
// word its measure must hold, when, and who reports it.
type what struct {
	Entity, MetricWord, Period, Cites string
}

// factsOf extracts the facts of one document written for the test.
func factsOf(t *testing.T, published, body string) []Fact {
	t.Helper()
	c, err := corpus.FromDocuments([]*corpus.Document{doc(t, "t", published, body)})
	if err != nil {
		t.Fatal(err)
	}
	return Extract(c).Facts
}

// The sentences are written for these tests: each shows one construction
// news uses to say whose figure it is, what it measures and when.
func TestReadingFigures(t *testing.T) {
	tests := []struct {
		name, published, body string
		want                  map[string]what // by figure
	}{
		{"possessor, change and level", "2025-02-01",
			"Acme's revenue rose 12% to $3.4 billion in 2024.",
			map[string]what{"12%": {"Acme", "revenue", "2024", ""}, "$3.4 billion": {"Acme", "revenue", "2024", ""}}},
		{"a source that reports is cited, not the holder", "2025-06-01",
			"Zeta Labs raised $50 million in March, Bloomberg reported.",
			map[string]what{"$50 million": {"Zeta Labs", "funding", "2025-03", "Bloomberg"}}},
		{"according to", "",
			"Vela Robotics was valued at $2 billion in 2023, according to PitchBook.",
			map[string]what{"$2 billion": {"Vela Robotics", "valuation", "2023", "PitchBook"}}},
		{"a pronoun stands for the subject before it", "2025-06-10",
			"Orbit Robotics opened a research lab in Ohio. Its revenue reached $40 million last year.",
			map[string]what{"$40 million": {"Orbit Robotics", "revenue", "2024", ""}}},
		{"the company, and a quarter of the year named", "",
			"Nimbus Cloud posted its results for 2024. The company said net profit climbed to $8 million in the third quarter.",
			map[string]what{"$8 million": {"Nimbus Cloud", "net profit", "Q3 2024", ""}}},
		{"a pronoun nobody named is left empty", "",
			"They said it would cost $2 billion.",
			map[string]what{"$2 billion": {"", "cost", "", ""}}},
		{"a share is its group's, and an opening word is no name", "",
			"Just 6% of respondents said they used the tool daily.",
			map[string]what{"6%": {"respondents", "respondents", "", ""}}},
		{"a group total", "2025-01-15",
			"The four companies plan to spend $200 billion on data centres this year.",
			map[string]what{"$200 billion": {"four companies", "spending", "2025", ""}}},
		{"an agent after the figure", "",
			"The quarter saw a $900 million raise by Helix Bio and a $300 million round for Quill.",
			map[string]what{"$900 million": {"Helix Bio", "raise", "", ""}}},
		{"a relative clause", "",
			"Investors backed Kestrel, which raised $120 million in 2022.",
			map[string]what{"$120 million": {"Kestrel", "funding", "2022", ""}}},
		{"names in brackets", "",
			"In 2023 the market shares were Alpha (45%), Beta (30%) and Gamma (25%).",
			map[string]what{"45%": {"Alpha", "share", "2023", ""}, "30%": {"Beta", "share", "2023", ""}}},
		{"the other side of a comparison names its own holder", "",
			"Sales in Japan reached $4 billion in 2023, compared with $2.5 billion in India.",
			map[string]what{"$4 billion": {"Japan", "sales", "2023", ""}, "$2.5 billion": {"India", "sales", "2023", ""}}},
		{"from one quarter to the next, then the sentence after", "",
			"Orders at Tessel fell from $8bn in Q1 2024 to $6bn in Q2 2024. In Europe, orders fell from $3bn to $2bn.",
			map[string]what{"$8bn": {"Tessel", "orders", "Q1 2024", ""}, "$6bn": {"Tessel", "orders", "Q2 2024", ""},
				"$3bn": {"Europe", "orders", "Q1 2024", ""}, "$2bn": {"Europe", "orders", "Q2 2024", ""}}},
		{"a period the previous sentence states", "",
			"Lumen Tech reported its full results for 2024. Operating profit reached $90 million.",
			map[string]what{"$90 million": {"Lumen Tech", "operating profit", "2024", ""}}},
		{"money given for someone is theirs", "",
			"The ministry approved an outlay of $500 million for the National Compute Programme.",
			map[string]what{"$500 million": {"National Compute Programme", "outlay", "", ""}}},
		{"a report tells figures and holds none", "2024-11-02",
			"A survey by Brightline shows that 40% of small firms use AI tools.",
			map[string]what{"40%": {"small firms", "small firms", "", "Brightline"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := factsOf(t, tt.published, tt.body)
			got := map[string]what{}
			for v, w := range tt.want {
				f := find(fs, v)
				if f == nil {
					t.Fatalf("no fact %q in %q", v, tt.body)
				}
				m := w.MetricWord
				if !strings.Contains(strings.ToLower(f.Metric), m) {
					m = "metric " + f.Metric
				}
				got[v] = what{f.Entity, m, f.Period, f.Cites}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.body, diff)
			}
		})
	}
}

// A holder is never a pronoun, a weekday or a period, and a measure never
// a figure, a pronoun or a lone verb.
func TestNoFragments(t *testing.T) {
	body := "They raised $30 million on Monday. Just 4% said so. It jumped 20% in Q1. Its shares rose 5%, up from 3%, the firm said."
	for _, f := range factsOf(t, "2025-03-01", body) {
		e, m := strings.ToLower(f.Entity), strings.ToLower(f.Metric)
		for _, bad := range []string{"they", "it", "its", "just", "monday", "q1"} {
			if e == bad || m == bad {
				t.Errorf("fact %q: entity %q, metric %q", f.Value, f.Entity, f.Metric)
			}
		}
		if strings.ContainsAny(m, "0123456789$%") {
			t.Errorf("fact %q: metric %q holds a figure", f.Value, f.Metric)
		}
	}
}

// Comparisons pair only figures of one unit and measure whose holders the
// sentence names.
func TestComparisonsNeedTheirOwnHolders(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"both named", "Sales in Japan reached $4 billion in 2023, compared with $2.5 billion in India.", 1},
		{"another currency", "Sales in Japan reached ¥400 billion in 2023, compared with $2.5 billion in India.", 0},
		{"another measure", "Revenue in Japan reached $4 billion in 2023, while the valuation in India was $2.5 billion.", 0},
		{"the other side names no holder", "Revenue reached $4 billion in 2023, compared with $2.5 billion a year earlier.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := corpus.FromDocuments([]*corpus.Document{doc(t, "c", "2024-05-01", tt.body)})
			if got := len(Extract(c).Comparisons); got != tt.want {
				t.Errorf("%q: %d comparisons, want %d: %+v", tt.body, got, tt.want, Extract(c).Comparisons)
			}
		})
	}
}
