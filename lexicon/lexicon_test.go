package lexicon

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func words(s string) []string { return lowerAll(Words(s)) }

// alts renders an entry's alternatives as "words/relation" for comparison.
func alts(e Entry) []string {
	var out []string
	for _, a := range e.Alts {
		out = append(out, strings.Join(a.Words, " ")+"/"+a.Rel.String())
	}
	return out
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestMatch(t *testing.T) {
	l := Default()
	tests := []struct {
		name     string
		question string
		at       int
		wantN    int
		want     []string // alternatives that must be offered
		notWant  []string // alternatives that must not
		measure  string
		place    string
	}{
		{name: "domain abbreviation", question: "r&d spending", wantN: 1, want: []string{"research and development/domain"}},
		{name: "domain plural", question: "revenues", wantN: 1, want: []string{"sales/domain"}, measure: Money},
		{name: "measure count", question: "monthly active users", wantN: 3, want: []string{"mau/domain"}, measure: Count},
		{name: "wordnet synonym of an inflected verb", question: "founded", wantN: 1, want: []string{"establish/synonym"}},
		{name: "wordnet phrase", question: "set aside funds", wantN: 2, want: []string{"earmark/synonym"}},
		{name: "wordnet derived form", question: "restricted", wantN: 1, want: []string{"restriction/derived"}},
		{name: "compound written apart", question: "straight away", wantN: 2, want: []string{"immediately/synonym"}},
		{name: "no false base form", question: "news", wantN: 1, notWant: []string{"fresh/synonym"}},
		{name: "too ambiguous for WordNet", question: "set", wantN: 0},
		{name: "place demonym", question: "chinese companies", wantN: 1, want: []string{"china/other name"}, place: "China"},
		{name: "place phrase", question: "people's republic of china", wantN: 4, want: []string{"china/other name"}, place: "China"},
		{name: "capital stands for its country", question: "tokyo", wantN: 1, want: []string{"japan/other name"}, place: "Tokyo"},
		{name: "country does not stand for its capital", question: "japan", wantN: 1, notWant: []string{"tokyo/other name"}, place: "Japan"},
		{name: "unknown", question: "qwerty", wantN: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := l.Match(words(tt.question), tt.at)
			if e.N != tt.wantN {
				t.Fatalf("N = %d, want %d (alts %v)", e.N, tt.wantN, alts(e))
			}
			got := alts(e)
			for _, w := range tt.want {
				if !has(got, w) {
					t.Errorf("alternatives %v lack %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if has(got, w) {
					t.Errorf("alternatives %v hold %q", got, w)
				}
			}
			if e.Measure != tt.measure {
				t.Errorf("measure = %q, want %q", e.Measure, tt.measure)
			}
			place := ""
			if e.Place != nil {
				place = e.Place.Name
			}
			if place != tt.place {
				t.Errorf("place = %q, want %q", place, tt.place)
			}
			if e.N > 0 && e.Alts[0].Rel != Same {
				t.Errorf("first alternative %v is not the question's own words", e.Alts[0])
			}
		})
	}
}

func TestAddMergesIntoExistingGroup(t *testing.T) {
	l := Default().Clone()
	if err := l.Add(strings.NewReader("# mine\nturnover, top line\n")); err != nil {
		t.Fatal(err)
	}
	if got := alts(l.Match(words("top line"), 0)); !has(got, "revenue/domain") {
		t.Errorf("user group did not join the revenue group: %v", got)
	}
	if got := alts(Default().Match(words("top line"), 0)); has(got, "revenue/domain") {
		t.Errorf("Add on a clone changed the default lexicon: %v", got)
	}
	if err := l.Add(strings.NewReader("lonely\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("one-name group: err = %v, want a line 1 error", err)
	}
}

func TestGazetteer(t *testing.T) {
	g := DefaultGazetteer()
	tests := []struct{ name, want string }{
		{"Chinese", "China"}, {"U.S.", "US"}, {"United States", "US"}, {"American", "US"},
		{"Britain", "UK"}, {"European", "EU"}, {"Korean", "South Korea"}, {"Beijing", "Beijing"},
		{"Shanghai", "Shanghai"}, {"Bengaluru", "Bangalore"},
	}
	for _, tt := range tests {
		got, ok := g.Canonical(tt.name)
		if !ok || got != tt.want {
			t.Errorf("Canonical(%q) = %q, %v; want %q, true", tt.name, got, ok, tt.want)
		}
	}
	if _, ok := g.Canonical("Nvidia"); ok {
		t.Error("Nvidia is not a place")
	}
	if diff := cmp.Diff("China", g.Country(g.Lookup("Nanjing")).Name); diff != "" {
		t.Errorf("Country(Nanjing) (-want +got):\n%s", diff)
	}
	if _, err := parseGazetteer("country\tX\n"); err == nil {
		t.Error("a short line parsed")
	}
	if _, err := parseGazetteer("country\tX\tfoo\t\ncity\tY\tfoo\tX\n"); err == nil {
		t.Error("a name of two places parsed")
	}
}

func TestWordNetTableIsSorted(t *testing.T) {
	// Binary search needs the lines in key order.
	d := defaultWordNet().data
	prev := ""
	for _, ln := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
		k, _, _ := strings.Cut(ln, "\t")
		if k+"\t" <= prev {
			t.Fatalf("%q after %q: the table is not sorted; regenerate it", k, strings.TrimSuffix(prev, "\t"))
		}
		prev = k + "\t"
	}
}

func TestWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"China's GenAI", "China|GenAI"},
		{"U.S. chips", "U.S|chips"},
		{"38,000 patents, 2024", "38,000|patents|2024"},
		{"text-to-video", "text|to|video"},
		{"R&D and M&A", "R&D|and|M&A"},
	}
	for _, tt := range tests {
		if got := strings.Join(Words(tt.in), "|"); got != tt.want {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsUnit(t *testing.T) {
	for w, want := range map[string]bool{
		"MW": true, "GW": true, "TWh": true, "kWh": true, "GB": true, "TFLOPS": true, "nm": true, "kg": true,
		"Meta": false, "GDP": false, "SMIC": false, "XW": false, "mw": false,
	} {
		if got := IsUnit(w); got != want {
			t.Errorf("IsUnit(%q) = %v, want %v", w, got, want)
		}
	}
}
