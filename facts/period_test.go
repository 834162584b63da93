package facts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPeriods(t *testing.T) {
	may2025 := Ref{Year: 2025, Month: 5}
	dec2025 := Ref{Year: 2025, Month: 12}
	tests := []struct {
		name string
		text string
		r    Ref
		want []string // "label|as written", or "month N|as written" without a year
	}{
		{name: "year", text: "in 2023, investment rose", want: []string{"2023|2023"}},
		{name: "year in a report's name is no period", text: "according to the Stanford 2024 AI Index Report", want: nil},
		{name: "year after a preposition stays", text: "In 2023 China produced more", want: []string{"2023|2023"}},
		{name: "year in money is no period", text: "it cost $2023 in fees", want: nil},
		{name: "half", text: "revenue in 1H24 (1H23: 21%)", want: []string{"H1 2024|1H24", "H1 2023|1H23"}},
		{name: "half code with its letter first", text: "H1 2024 and H2'23", want: []string{"H1 2024|H1 2024", "H2 2023|H2'23"}},
		{name: "a chip is no half", text: "350,000 H100 GPUs and the H20", want: nil},
		{name: "half in words", text: "the first half of 2024", want: []string{"H1 2024|first half of 2024"}},
		{name: "half of the year the text named", text: "in the first half of the year", r: Ref{TextYear: 2024}, want: []string{"H1 2024|first half of the year"}},
		{name: "first-half", text: "first-half 2025 revenue", want: []string{"H1 2025|first-half 2025"}},
		{name: "quarter codes", text: "Q3 2024 and 4Q23", want: []string{"Q3 2024|Q3 2024", "Q4 2023|4Q23"}},
		{name: "quarter with an apostrophe", text: "from $95.5bn in Q2’24 to $70.1bn in Q3’24", want: []string{"Q2 2024|Q2’24", "Q3 2024|Q3’24"}},
		{name: "quarter in words", text: "in the third quarter of 2024", want: []string{"Q3 2024|third quarter of 2024"}},
		{name: "fiscal quarter in words", text: "Microsoft's fiscal second quarter of 2024", want: []string{"Q2 2024|second quarter of 2024"}},
		{name: "quarter of this year", text: "in the third quarter of this year", r: dec2025, want: []string{"Q3 2025|third quarter of this year"}},
		{name: "quarter alone, by the document's date", text: "in the fourth quarter", r: may2025, want: []string{"Q4 2024|fourth quarter"}},
		{name: "quarter alone, undated", text: "in Q4", want: []string{"month 9|Q4"}},
		{name: "two quarters", text: "in the first and second quarters of this year", r: dec2025, want: []string{"Q1 2025|first and second quarters of this year", "Q2 2025|first and second quarters of this year"}},
		{name: "quarter ending a month", text: "in the quarter ending September 2025", want: []string{"Q3 2025|quarter ending September 2025"}},
		{name: "fiscal span", text: "over FY24-26E", want: []string{"2024–2026|FY24-26E"}},
		{name: "fiscal year", text: "in FY2025 and fiscal 2023", want: []string{"2025|FY2025", "2023|fiscal 2023"}},
		{name: "span of years", text: "From 2014 to 2023, China", want: []string{"2014–2023|2014 to 2023"}},
		{name: "short span", text: "the 2024–26 plan", want: []string{"2024–2026|2024–26"}},
		{name: "between", text: "a growth rate of 17% between 2025 and 2028", want: []string{"2025–2028|between 2025 and 2028"}},
		{name: "two years are no span", text: "in 2023 and 2024", want: []string{"2023|2023", "2024|2024"}},
		{name: "end of a year", text: "by the end of 2023", want: []string{"2023-12|the end of 2023"}},
		{name: "end of this year", text: "by the end of this year", r: may2025, want: []string{"2025-12|the end of this year"}},
		{name: "relative year read against the document", text: "revenue last year", r: may2025, want: []string{"2024|last year"}},
		{name: "relative year without a date", text: "revenue last year", want: nil},
		{name: "date", text: "free from April 1, 2025", want: []string{"2025-04-01|April 1, 2025"}},
		{name: "day first", text: "on 20 January 2025", want: []string{"2025-01-20|20 January 2025"}},
		{name: "ISO date", text: "published 2024-08-27", want: []string{"2024-08-27|2024-08-27"}},
		{name: "month and year", text: "valued in February 2024", want: []string{"2024-02|February 2024"}},
		{name: "month before the document's date", text: "on April 9 the government", r: may2025, want: []string{"2025-04-09|April 9"}},
		{name: "month after it is last year's", text: "in December", r: may2025, want: []string{"2024-12|December"}},
		{name: "same period last year", text: "in 1H24, against a loss in the same period last year", r: may2025, want: []string{"H1 2024|1H24", "H1 2023|in the same period last year"}},
		{name: "same period without one before", text: "up from the same period last year", r: may2025, want: nil},
		{name: "the verb may", text: "prices may fall", want: nil},
		{name: "the adjective august", text: "an august institution", want: nil},
		{name: "month without year or date", text: "In April, the government", want: []string{"month 3|April"}},
		{name: "this month", text: "downloads as of this month", r: Ref{Year: 2025, Month: 1}, want: []string{"2025-01|this month"}},
		{name: "last quarter", text: "sales last quarter", r: may2025, want: []string{"Q1 2025|last quarter"}},
		{name: "the first three quarters of a year", text: "losses in the first three quarters of 2024", want: []string{"Q1–Q3 2024|first three quarters of 2024"}},
		{name: "the first nine months, of the year the text named", text: "in the first nine months", r: Ref{TextYear: 2023}, want: []string{"Q1–Q3 2023|first nine months"}},
		{name: "the first six months are a half", text: "the first six months of 2025", want: []string{"H1 2025|first six months of 2025"}},
		{name: "months that make a quarter", text: "for the April-June period", r: Ref{Year: 2025, Month: 7}, want: []string{"Q2 2025|April-June"}},
		{name: "months that make a half, with a year", text: "from January to June 2024", want: []string{"H1 2024|January to June 2024"}},
		{name: "months that make neither", text: "from April to May 2024", want: []string{"month 3|April", "2024-05|May 2024"}},
		{name: "the previous quarter is before the text's", text: "down from the previous quarter", r: Ref{Year: 2025, Month: 12, TextQuarter: MonthIndex(2025, 7)}, want: []string{"Q2 2025|previous quarter"}},
		{name: "the previous year is before the text's", text: "up from the previous year", r: Ref{Year: 2025, Month: 3, TextYear: 2024}, want: []string{"2023|previous year"}},
		{name: "a quarter the text named, again", text: "net income for the fourth quarter", r: Ref{TextQuarter: MonthIndex(2024, 10)}, want: []string{"Q4 2024|fourth quarter"}},
		{name: "a quarter of the year the text speaks of", text: "down from the first quarter", r: Ref{TextYear: 2025}, want: []string{"Q1 2025|first quarter"}},
		{name: "full-year in a text about a year", text: "full-year revenue rose", r: Ref{Year: 2025, Month: 3, TextYear: 2024}, want: []string{"2024|full-year"}},
		{name: "the quarter the text named", text: "funding in the quarter", r: Ref{TextQuarter: MonthIndex(2025, 4)}, want: []string{"Q2 2025|the quarter"}},
		{name: "a year then an amount is no span", text: "its outlay for 2025 — 90 billion yuan — on chips", want: []string{"2025|2025"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Periods(tt.text, tt.r) {
				l := p.Label()
				if p.NoYear {
					l = "month " + string(rune('0'+p.From/10)) + string(rune('0'+p.From%10))
					if p.From < 10 {
						l = "month " + string(rune('0'+p.From))
					}
				}
				got = append(got, l+"|"+p.Text(tt.text))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Periods(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func FuzzPeriods(f *testing.F) {
	for _, s := range []string{"Q3’24", "first and second quarters of this year", "between 2025 and 2028", "May 2024", "1H24 FY24-26E"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range Periods(s, Ref{Year: 2025, Month: 6}) {
			if p.Start < 0 || p.End > len(s) || p.Start > p.End || p.From > p.To {
				t.Fatalf("Periods(%q): bad period %+v", s, p)
			}
		}
	})
}

func TestPeriodText(t *testing.T) {
	for label, want := range map[string]string{
		"2024-02": "February 2024", "2025-01-20": "20 January 2025", "2024": "2024", "Q3 2024": "Q3 2024", "2014–2023": "2014–2023", "": "",
	} {
		if got := PeriodText(label); got != want {
			t.Errorf("PeriodText(%q) = %q, want %q", label, got, want)
		}
	}
}
