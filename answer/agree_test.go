package answer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPeriodsIn(t *testing.T) {
	may2025 := ref{2025, 5}
	tests := []struct {
		name string
		text string
		r    ref
		ctx  int
		want []string // periods as "YYYY-MM..YYYY-MM/grain"
	}{
		{name: "year", text: "in 2023, investment rose", want: []string{"2023-01..2023-12/year"}},
		{name: "year in a report's name is no period", text: "according to the Stanford 2024 AI Index Report", want: nil},
		{name: "year after a preposition stays", text: "In 2023 China produced more", want: []string{"2023-01..2023-12/year"}},
		{name: "half", text: "revenue in 1H24 (1H23: 21%)", want: []string{"2024-01..2024-06/half", "2023-01..2023-06/half"}},
		{name: "half in words", text: "the first half of 2024", want: []string{"2024-01..2024-06/half"}},
		{name: "half of the year set before", text: "in the first half of the year", ctx: 2024, want: []string{"2024-01..2024-06/half"}},
		{name: "quarter", text: "Q3 2024 and 4Q23", want: []string{"2024-07..2024-09/quarter", "2023-10..2023-12/quarter"}},
		{name: "fiscal span", text: "over FY24-26E", want: []string{"2024-01..2026-12/span"}},
		{name: "span of years", text: "From 2014 to 2023, China", want: []string{"2014-01..2023-12/span"}},
		{name: "end of a year", text: "by the end of 2023", want: []string{"2023-12..2023-12/month"}},
		{name: "relative year read against the document", text: "revenue last year", r: may2025, want: []string{"2024-01..2024-12/year"}},
		{name: "relative year without a date", text: "revenue last year", want: nil},
		{name: "month before the document's date", text: "on April 9 the government", r: may2025, want: []string{"2025-04..2025-04/month"}},
		{name: "month after it is last year's", text: "in December", r: may2025, want: []string{"2024-12..2024-12/month"}},
		{name: "same period last year", text: "in 1H24, against a loss in the same period last year", r: may2025, want: []string{"2024-01..2024-06/half", "2023-01..2023-06/half"}},
		{name: "the verb may", text: "prices may fall", want: nil},
		{name: "month without year or date", text: "In April, the government", want: []string{"April/month"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range periodsIn(tt.text, tt.r, tt.ctx) {
				got = append(got, showPeriod(p))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("periodsIn(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func showPeriod(p period) string {
	g := [...]string{"month", "quarter", "half", "year", "span"}[p.grain]
	if p.noYear {
		return [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}[p.from] + "/" + g
	}
	m := func(i int) string { return fmt.Sprintf("%04d-%02d", i/12, i%12+1) }
	return m(p.from) + ".." + m(p.to) + "/" + g
}

func TestPeriodAgrees(t *testing.T) {
	y := func(n int) period { return yearPeriod(n) }
	half := func(yr, h int) period {
		f := monthIndex(yr, 1+6*(h-1))
		return period{from: f, to: f + 5, grain: grainHalf}
	}
	month := func(yr, m int) period { i := monthIndex(yr, m); return period{from: i, to: i, grain: grainMonth} }
	full := y(2023)
	full.full = true
	tests := []struct {
		name string
		q    period
		ps   []period
		want fit
	}{
		{"no period asked", period{}, nil, fitExact},
		{"same year", y(2023), []period{y(2023)}, fitExact},
		{"other year", y(2022), []period{half(2024, 1), y(2024)}, fitNone},
		{"a half is not the year", y(2023), []period{half(2023, 1)}, fitNone},
		{"the half asked", half(2024, 1), []period{half(2024, 1)}, fitExact},
		{"an event in the year", y(2025), []period{month(2025, 4)}, fitExact},
		{"a month is not a full year", full, []period{month(2023, 8)}, fitNone},
		{"a span holds its last year", y(2023), []period{{from: monthIndex(2014, 1), to: monthIndex(2023, 12), grain: grainSpan}}, fitWeak},
		{"end of year against the year", month(2023, 12), []period{y(2023)}, fitWeak},
		{"any of several", y(2024), []period{y(2023), y(2024)}, fitExact},
		{"nothing to go by", y(2024), nil, fitNone},
		{"a month without a year says nothing of a year", y(2022), []period{{from: 7, to: 7, grain: grainMonth, noYear: true}}, fitNone},
		{"a month asked without a year", period{from: 3, to: 3, grain: grainMonth, noYear: true}, []period{month(2025, 4)}, fitExact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := periodAgrees(tt.q, tt.ps); got != tt.want {
				t.Errorf("periodAgrees = %v, want %v", got, tt.want)
			}
		})
	}
}

// hitsOf marks concepts i as matched as written.
func hitsOf(is ...int) hits {
	var h hits
	for _, i := range is {
		h[i] = 1
	}
	return h
}

func TestMissingSubject(t *testing.T) {
	q := question{text: "what is stepfun worth", concepts: []concept{{label: "stepfun", subject: true, alts: [][]string{{"stepfun"}}}, {label: "worth", alts: [][]string{{"worth"}}}}}
	tests := []struct {
		name                    string
		run                     []unit
		runHits, titleSec, pass hits
		want                    string
	}{
		{name: "in the run", runHits: hitsOf(0, 1), want: ""},
		{name: "nowhere", runHits: hitsOf(1), want: "stepfun"},
		{name: "in the title, the run naming no one else", runHits: hitsOf(1), titleSec: hitsOf(0), run: []unit{{}}, want: ""},
		{name: "in the title, the run about two others", runHits: hitsOf(1), titleSec: hitsOf(0), run: []unit{{names: []string{"Baichuan", "Sogou"}}}, want: "stepfun"},
		{name: "elsewhere in the passage, the run naming no one", runHits: hitsOf(1), pass: hitsOf(0), run: []unit{{}}, want: ""},
		{name: "elsewhere in the passage, the run about another", runHits: hitsOf(1), pass: hitsOf(0), run: []unit{{names: []string{"Moonshot AI"}}}, want: "stepfun"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := missingSubject(q, tt.run, tt.runHits, tt.titleSec, tt.pass); got != tt.want {
				t.Errorf("missingSubject = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKindHeld(t *testing.T) {
	money := figure{kind: KindMoney, unit: "USD"}
	yuan := figure{kind: KindMoney, unit: "CNY"}
	count := figure{kind: KindCount}
	tests := []struct {
		name string
		q    question
		run  []unit
		want bool
	}{
		{"amount", question{kind: KindMoney}, []unit{{figs: []figure{money}}}, true},
		{"no amount", question{kind: KindMoney}, []unit{{figs: []figure{count}}}, false},
		{"the currency asked", question{kind: KindMoney, currency: "CNY"}, []unit{{figs: []figure{money, yuan}}}, true},
		{"another currency", question{kind: KindMoney, currency: "CNY"}, []unit{{figs: []figure{money}}}, false},
		{"a figure of any kind for how big", question{kind: KindNumber}, []unit{{figs: []figure{count}}}, true},
		{"a date from a period", question{kind: KindDate}, []unit{{periods: []period{yearPeriod(2023)}}}, true},
		{"a new name", question{kind: KindWho, text: "who runs the fund"}, []unit{{names: []string{"Guozhi Investment"}}}, true},
		{"only the asked name", question{kind: KindWho, text: "who owns Baidu"}, []unit{{names: []string{"Baidu"}}}, false},
		{"a cited source", question{kind: KindSource}, []unit{{cites: true}}, true},
		{"a rank", question{kind: KindRank}, []unit{{rank: true}}, true},
		{"no rank", question{kind: KindRank}, []unit{{}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kindHeld(tt.q, tt.run); got != tt.want {
				t.Errorf("kindHeld = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMissingMeasure(t *testing.T) {
	revenue := concept{label: "revenue", measure: true, measureLabel: "revenue", alts: [][]string{{"revenu"}}}
	gpus := concept{label: "gpus", measure: true, alts: [][]string{{"gpu"}}}
	tests := []struct {
		name string
		q    question
		run  hits
		us   []unit
		want string
	}{
		{"named in the run", question{kind: KindMoney, concepts: []concept{revenue}}, hitsOf(0), nil, ""},
		{"an amount of no named measure", question{kind: KindMoney, concepts: []concept{revenue}}, hits{}, []unit{{}}, ""},
		{"an amount of another measure", question{kind: KindMoney, concepts: []concept{revenue}}, hits{}, []unit{{measures: map[string]string{"valuation": "money"}}}, "the figure is of valuation, not revenue"},
		{"a count must count the thing asked", question{kind: KindCount, concepts: []concept{gpus}}, hits{}, []unit{{}}, "gpus"},
		{"no measure asked", question{kind: KindCount}, hits{}, nil, ""},
		{"a size must be of the thing asked", question{kind: KindNumber, concepts: []concept{{label: "capacity", measure: true, measureLabel: "capacity"}}}, hits{}, []unit{{}}, "capacity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := missingMeasure(tt.q, tt.run, tt.us); got != tt.want {
				t.Errorf("missingMeasure = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFigureNoun(t *testing.T) {
	tests := []struct{ s, fig, want string }{
		{"has recorded 700 million downloads on its platform", "700 million", "downloads"},
		{"83% of their organizations are using it", "83%", "organizations"},
		{"announced a 100% subsidy on computing infrastructure", "100%", "subsidy"},
		{"A total of 346 generative artificial intelligence (AI) services had been filed", "346", "generative artificial intelligence (AI) services"},
		{"growth of 56%.", "56%", ""},
	}
	for _, tt := range tests {
		end := indexAfter(tt.s, tt.fig)
		a, b := figureNoun(tt.s, end)
		if got := tt.s[a:b]; got != tt.want {
			t.Errorf("figureNoun(%q after %q) = %q, want %q", tt.s, tt.fig, got, tt.want)
		}
	}
}

func indexAfter(s, sub string) int { return strings.Index(s, sub) + len(sub) }
