package answer

import (
	"regexp"

	"github.com/landscape-bot/landscape/facts"
)

// period is a stretch of time, as the facts layer reads it (facts.Periods
// is the one grammar of periods).
type period = facts.Period

// noPeriod reports whether p is the zero period: the question names none.
func noPeriod(p period) bool { return p.From == 0 && p.To == 0 && !p.NoYear }

// fit is how a period found in a passage (or its context) fits the
// question's: fitNone (conflict), fitWeak (the passage's period holds the
// question's, as a span of years holds one of them) or fitExact.
type fit int

const (
	fitNone fit = iota
	fitWeak
	fitExact
)

// periodFit compares the question's period q with a passage's period p.
func periodFit(q, p period) fit {
	if q.NoYear {
		return noYearFit(q, p)
	}
	if p.NoYear {
		// "In the second quarter", in a text with no date to place it by,
		// may be the second quarter of the year asked, or not.
		if noYearFit(period{From: q.From % 12, To: q.From%12 + (q.To - q.From), Grain: q.Grain, NoYear: true}, p) == fitExact {
			return fitWeak
		}
		return fitNone
	}
	if p.To < q.From || p.From > q.To {
		return fitNone
	}
	inside := p.From >= q.From && p.To <= q.To
	holds := p.From <= q.From && p.To >= q.To
	switch {
	case inside && p.Grain == q.Grain:
		return fitExact
	case inside && (p.Grain == facts.GrainHalf || p.Grain == facts.GrainQuarter) && q.Grain >= facts.GrainQuarter:
		// A half or a quarter is its own reporting period: "revenue in 2023"
		// is not answered by the first half's.
		return fitNone
	case inside && q.Full:
		return fitNone
	case inside:
		return fitExact // an event in a month of the year asked
	case holds && p.Grain == facts.GrainSpan && q.Grain == facts.GrainYear:
		return fitWeak // "from 2014 to 2023" for 2023
	case holds && (p.Grain == facts.GrainYear || p.Grain == facts.GrainSpan) && q.Grain <= facts.GrainMonth:
		return fitWeak // a year for one of its months
	}
	return fitNone
}

// noYearFit compares a month, quarter or half asked without a year ("in
// April", "Q4") with a passage's period: the months of the year must meet.
func noYearFit(q, p period) fit {
	qf, qt, pf, pt := q.From%12, q.From%12+(q.To-q.From), p.From%12, p.From%12+(p.To-p.From)
	switch {
	case p.Grain == facts.GrainYear && !p.NoYear:
		return fitWeak // "in April" against a passage dated only by a year
	case pf >= qf && pt <= qt && (q.Grain == p.Grain || p.Grain == facts.GrainMonth):
		return fitExact
	}
	return fitNone
}

// questionPeriod reads the period a question asks about: years, halves,
// quarters, fiscal years, "end of 2023", a month. Relative dates ("last
// year") set none: they are relative to whenever the question is asked,
// and the corpus's own wording is matched instead. Of several periods the
// most specific wins, then the first written. text is what the question
// wrote for it.
func questionPeriod(q string) (p period, text string) {
	ps := facts.Periods(q, facts.Ref{})
	if len(ps) == 0 {
		return period{}, ""
	}
	best := ps[0]
	for _, p := range ps[1:] {
		if p.Grain < best.Grain {
			best = p
		}
	}
	if best.Grain == facts.GrainYear && fullYearRE.MatchString(q) {
		best.Full = true
	}
	return best, best.Text(q)
}

// fullYearRE finds wording that asks for a whole year.
var fullYearRE = regexp.MustCompile(`(?i)\b(?:full[- ]year|annual|annually|fiscal|financial year|whole year)\b`)
