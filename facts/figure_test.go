package facts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fig is the part of a Figure the table compares.
type fig struct {
	Value     string
	Number    float64
	Unit      string
	Qualifier string
	Period    string
	Equiv     bool
}

func figs(s string) []fig {
	var out []fig
	for _, f := range Parse(s) {
		out = append(out, fig{f.Value, f.Number, f.Unit, f.Qualifier, f.Period, f.Equivalent})
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []fig
	}{
		// Money.
		{"dollars million", "It was about $650 million.", []fig{{"$650 million", 650e6, "USD", "about", "", false}}},
		{"dollars bn attached", "compared with $22.46bn in the US", []fig{{"$22.46bn", 22.46e9, "USD", "", "", false}}},
		{"U.S. dollar prefix", "with deal sizes over U.S. $200m.", []fig{{"U.S. $200m", 200e6, "USD", "over", "", false}}},
		{"trillion", "a market of $1.2 trillion", []fig{{"$1.2 trillion", 1.2e12, "USD", "", "", false}}},
		{"US$ prefix", "GDP of US$4.2 trillion", []fig{{"US$4.2 trillion", 4.2e12, "USD", "", "", false}}},
		{"RMB code", "a fund of RMB 5 billion", []fig{{"RMB 5 billion", 5e9, "CNY", "", "", false}}},
		{"yuan suffix", "a core industry scale of 60 billion yuan in AI", []fig{{"60 billion yuan", 60e9, "CNY", "", "", false}}},
		{"euro m", "raised €300m last week", []fig{{"€300m", 300e6, "EUR", "", "", false}}},
		{"pound sign", "costs £45,000 a year", []fig{{"£45,000", 45000, "GBP", "", "", false}}},
		{"yen", "a budget of 3 trillion yen", []fig{{"3 trillion yen", 3e12, "JPY", "", "", false}}},
		{"HK dollars", "listed at HK$12.5bn", []fig{{"HK$12.5bn", 12.5e9, "HKD", "", "", false}}},
		{"bare yen sign as yuan", "subsidies of ¥800m", []fig{{"¥800m", 800e6, "CNY", "", "", false}}},
		{"USD code", "USD 3.2 million in grants", []fig{{"USD 3.2 million", 3.2e6, "USD", "", "", false}}},
		{"dollars word", "paid 40 million dollars", []fig{{"40 million dollars", 40e6, "USD", "", "", false}}},
		{"equivalent in parens", "11.4 billion yuan (US$1.6 billion) of orders", []fig{
			{"11.4 billion yuan", 11.4e9, "CNY", "", "", false}, {"US$1.6 billion", 1.6e9, "USD", "", "", true}}},
		{"equivalent with approx.", "CNY57.8 billion (approx. US$7.95 billion)", []fig{
			{"CNY57.8 billion", 57.8e9, "CNY", "", "", false}, {"US$7.95 billion", 7.95e9, "USD", "", "", true}}},
		{"equivalent with about", "RMB 7bn (about $1bn)", []fig{
			{"RMB 7bn", 7e9, "CNY", "", "", false}, {"$1bn", 1e9, "USD", "about", "", true}}},
		{"worth over", "Moonshot AI is now said to be worth over $3bn.", []fig{{"$3bn", 3e9, "USD", "over", "", false}}},
		{"a five-dollar fee is not Australian", "a $5 fee", []fig{{"$5", 5, "USD", "", "", false}}},
		// As news writes them.
		{"RMB attached", "revenue rose to RMB1.74bn in 1H24", []fig{{"RMB1.74bn", 1.74e9, "CNY", "", "", false}, {"1H24", 0, "date", "", "H1 2024", false}}},
		{"JPY attached", "earmarked JPY590 billion for Rapidus", []fig{{"JPY590 billion", 590e9, "JPY", "", "", false}}},
		{"rupee sign", "the ₹100 billion IndiaAI Mission", []fig{{"₹100 billion", 100e9, "INR", "", "", false}}},
		{"Rs and crore", "a Rs 10,000 crore fund", []fig{{"Rs 10,000 crore", 1e11, "INR", "", "", false}}},
		{"yuan with its dollars", "5 billion yuan (US$700 million)", []fig{{"5 billion yuan", 5e9, "CNY", "", "", false}, {"US$700 million", 700e6, "USD", "", "", true}}},
		{"pc", "sales grew 56pc last year", []fig{{"56pc", 56, "percent", "", "", false}}},
		{"per cent with decimals", "a 1.81 per cent decline", []fig{{"1.81 per cent", 1.81, "percent", "", "", false}}},
		{"a range of per cents", "between 20-30% of firms", []fig{{"20-30%", 30, "percent", "between", "", false}}},
		{"stake", "Liang owns an 84% stake", []fig{{"84%", 84, "percent", "", "", false}}},
		{"halves and fiscal spans are periods", "2H23 and FY24-26E", []fig{{"2H23", 0, "date", "", "H2 2023", false}, {"FY24-26E", 2026, "year", "", "2024–2026", false}}},
		{"quarter", "in Q3 2024", []fig{{"Q3 2024", 0, "date", "", "Q3 2024", false}}},
		// Per cents and fractions.
		{"percent sign", "growth of 3.5% a year", []fig{{"3.5%", 3.5, "percent", "", "", false}}},
		{"per cent words", "nearly 40 per cent of firms", []fig{{"40 per cent", 40, "percent", "nearly", "", false}}},
		{"percent word", "up 12 percent", []fig{{"12 percent", 12, "percent", "", "", false}}},
		{"a third", "a third of the market", []fig{{"a third", 0.3333, "fraction", "", "", false}}},
		{"two-thirds", "two-thirds of users", []fig{{"two-thirds", 0.6667, "fraction", "", "", false}}},
		{"half of", "half of all patents", []fig{{"half", 0.5, "fraction", "", "", false}}},
		// Multipliers.
		{"six times", "six times more than the US", []fig{{"six times", 6, "times", "", "", false}}},
		{"3x", "a 3x increase", []fig{{"3x", 3, "times", "", "", false}}},
		{"tenfold", "a tenfold rise", []fig{{"tenfold", 10, "times", "", "", false}}},
		{"3-fold", "a 3-fold rise", []fig{{"3-fold", 3, "times", "", "", false}}},
		{"doubled", "Revenue doubled.", []fig{{"doubled", 2, "times", "", "", false}}},
		// Counts.
		{"thousands separator", "more than 38,000 GenAI-related inventions", []fig{{"38,000", 38000, "count", "more than", "", false}}},
		{"count after with", "the second-place US with 6,276.", []fig{{"6,276", 6276, "count", "", "", false}}},
		{"bare count before noun", "To create more than 20 industry-specific models", []fig{{"20", 20, "count", "more than", "", false}}},
		{"plus sign", "2,000+ startups", []fig{{"2,000+", 2000, "count", "more than", "", false}}},
		{"million users", "1.5 million users", []fig{{"1.5 million", 1.5e6, "count", "", "", false}}},
		{"m users", "has 20m users", []fig{{"20m", 20e6, "count", "", "", false}}},
		{"number word", "These six startups have grown.", []fig{{"six", 6, "count", "", "", false}}},
		{"a dozen", "a dozen labs", []fig{{"a dozen", 12, "count", "", "", false}}},
		// Years and dates: periods.
		{"year", "In 2023, it grew.", []fig{{"2023", 2023, "year", "", "2023", false}}},
		{"year span with to", "From 2014 to 2023, inventors filed", []fig{{"2014 to 2023", 2023, "year", "", "2014–2023", false}}},
		{"year span with dash", "a 2024-2026 policy goal", []fig{{"2024-2026", 2026, "year", "", "2024–2026", false}}},
		{"short year span", "the 2024–26 plan", []fig{{"2024–26", 2026, "year", "", "2024–2026", false}}},
		{"month and year", "valued in February 2024", []fig{{"February 2024", 0, "date", "", "2024-02", false}}},
		{"relative date without a document date", "restricted last year", nil},
		// Not figures.
		{"list marker", "(2) To develop", nil},
		{"version after a name", "roughly equivalent to ChatGPT 3.5 but short of ChatGPT 4.", nil},
		{"model name with digit", "OpenAI’s Dall-E 3 as well as Midjourney", nil},
		{"company name 360", "Alibaba, Baidu, Tencent, 360, ByteDance and Huawei", nil},
		{"number in a name", "Baichuan AI, 01.AI, and Modelbest", nil},
		{"idiom one", "On the one hand, China is", nil},
		{"compound number word", "a nine-part summer series", nil},
		{"ordinal", "the 2nd largest", nil},
		{"ISO date is a date, not a span", "published 2024-08-27", []fig{{"2024-08-27", 0, "date", "", "2024-08-27", false}}},
		{"year and count not a span", "in 2023 and 24 new labs", []fig{{"2023", 2023, "year", "", "2023", false}, {"24", 24, "count", "", "", false}}},
		{"no figures", "China has standouts in GenAI business applications.", nil},
		{"moreover is no qualifier", "Moreover 30 labs opened.", []fig{{"30", 30, "count", "", "", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, figs(tt.text)); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestParseValueIsVerbatim(t *testing.T) {
	s := "In 2023, about $650 million (RMB 4.6bn) went to 38,000+ firms — a third more, six times the 2014-2016 total."
	for _, f := range Parse(s) {
		if s[f.Start:f.End] != f.Value {
			t.Errorf("Value %q is not s[%d:%d] = %q", f.Value, f.Start, f.End, s[f.Start:f.End])
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"$650 million", "2014 to 2023", "(b) 20", "US$4.2 trillion (RMB 30bn)", "\xff$1", "2024-", "a third"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := -1
		for _, fg := range Parse(s) {
			if fg.Start < prev || fg.Start >= fg.End || fg.End > len(s) || s[fg.Start:fg.End] != fg.Value {
				t.Fatalf("Parse(%q): bad figure %+v", s, fg)
			}
			prev = fg.End
		}
	})
}
