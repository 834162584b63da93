package answer

import (
	"strings"
	"testing"

	"github.com/landscape-bot/landscape/facts"
)

func TestPeriodAgrees(t *testing.T) {
	y := func(n int) period { return facts.YearPeriod(n) }
	half := func(yr, h int) period {
		f := facts.MonthIndex(yr, 1+6*(h-1))
		return period{From: f, To: f + 5, Grain: facts.GrainHalf}
	}
	month := func(yr, m int) period {
		i := facts.MonthIndex(yr, m)
		return period{From: i, To: i, Grain: facts.GrainMonth}
	}
	full := y(2023)
	full.Full = true
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
		{"a span holds its last year", y(2023), []period{{From: facts.MonthIndex(2014, 1), To: facts.MonthIndex(2023, 12), Grain: facts.GrainSpan}}, fitWeak},
		{"end of year against the year", month(2023, 12), []period{y(2023)}, fitWeak},
		{"any of several", y(2024), []period{y(2023), y(2024)}, fitExact},
		{"nothing to go by", y(2024), nil, fitNone},
		{"a month without a year may be in the year asked", y(2022), []period{{From: 7, To: 7, Grain: facts.GrainMonth, NoYear: true}}, fitWeak},
		{"a quarter without a year may be the one asked", period{From: facts.MonthIndex(2025, 4), To: facts.MonthIndex(2025, 6), Grain: facts.GrainQuarter}, []period{{From: 3, To: 5, Grain: facts.GrainQuarter, NoYear: true}}, fitWeak},
		{"another quarter without a year is not", period{From: facts.MonthIndex(2025, 4), To: facts.MonthIndex(2025, 6), Grain: facts.GrainQuarter}, []period{{From: 6, To: 8, Grain: facts.GrainQuarter, NoYear: true}}, fitNone},
		{"a month asked without a year", period{From: 3, To: 3, Grain: facts.GrainMonth, NoYear: true}, []period{month(2025, 4)}, fitExact},
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
		{"a date from a period", question{kind: KindDate}, []unit{{periods: []period{facts.YearPeriod(2023)}}}, true},
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
