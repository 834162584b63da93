package facts

import "strings"

// Dating a figure: its own period ("$58.6bn in Q2’24", "2024’s $104.7
// billion", "its 2025 capex forecast to …"), else the one its clause or
// sentence gives that no other figure holds and that is no base of a
// change ("up 32% from the first half of 2024"), else the previous
// sentence's. A period without a year ("in April" on an undated page)
// dates nothing.

// periodRole is what a sentence's period does.
type periodRole struct {
	owner int  // the figure token it dates, or -1
	base  bool // a change is measured from it: "from a year ago"
}

// periodRoles finds each period's owner and whether it is a base.
func (r *reading) periodRoles(figToks []int) []periodRole {
	out := make([]periodRole, len(r.pers))
	for i := range out {
		out[i].owner = -1
	}
	for i := range r.toks {
		if p := r.toks[i].per; p >= 0 {
			out[p].base = r.isBase(i)
		}
	}
	for _, t := range figToks {
		if k := r.ownPeriodAfter(t); k >= 0 && out[r.toks[k].per].owner < 0 {
			out[r.toks[k].per].owner = t
			out[r.toks[k].per].base = false
		}
		if t > 0 && r.isPer(t-1) && r.gap(t-1) == "(" && out[r.toks[t-1].per].owner < 0 {
			out[r.toks[t-1].per].owner = t // "from the previous quarter (64%)"
		}
		if t > 1 && r.isPer(t-2) && r.toks[t-1].low == "when" && out[r.toks[t-2].per].owner < 0 {
			out[r.toks[t-2].per].owner, out[r.toks[t-2].per].base = t, false // "since 2020 when 2.1 million were announced"
		}
		if obj := r.frameOf(t).obj; !obj.empty() {
			for i := obj.a; i < t; i++ {
				if p := r.toks[i].per; p >= 0 && out[p].owner < 0 && !out[p].base {
					out[p].owner = t // "bringing the total number of AI deals in 2025 to 2,772"
				}
			}
		}
	}
	return out
}

// isBase reports whether the period at token i is what a change is
// measured from: after "from", "since", "than", "versus", "compared
// with", or "a year ago" itself.
func (r *reading) isBase(i int) bool {
	p := r.pers[r.toks[i].per]
	if p.Grain == GrainSpan {
		return false // "from 2014 to 2023" is the span itself
	}
	low := r.toks[i].low
	if strings.HasSuffix(low, "year ago") || strings.HasSuffix(low, "year earlier") || strings.HasPrefix(low, "the same") || strings.HasPrefix(low, "in the same") || strings.HasPrefix(low, "during the same") {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch r.toks[k].low {
		case "from", "since", "than", "versus", "vs", "compared", "against":
			return true
		case "the", "with", "to", "in", "of", "levels", "level", "beginning", "start", "end":
			continue
		}
		break
	}
	return false
}

// ownPeriodAfter is the period token right after the figure at t that
// dates it: "$58.6bn in Q2’24", "78 million jobs by 2030", "60 million
// users as of November", past the figure's noun and "in funding"; -1 when
// none.
func (r *reading) ownPeriodAfter(t int) int {
	_, b := r.segmentOf(t)
	k := t + 1
	for k < b && k <= t+8 {
		switch {
		case r.isPer(k):
			return k
		case r.isFig(k) && r.figs[r.toks[k].fig].Equivalent:
		case r.isFig(k), r.isVerb(k) && !r.is(k, prepositionWords):
			return -1
		case r.is(k, clauseWords) || r.is(k, relativeWords):
			return -1
		case r.is(k, attachWords), r.isNounish(k), r.isWord(k) && isTimeAdverb(r.toks[k].low), r.is(k, determinerWords):
		default:
			return -1
		}
		if r.is(k, baseWords) {
			return -1
		}
		k++
	}
	if k < len(r.toks) && k == b && r.gap(k-1) == "(" && r.isFig(k) {
		return -1
	}
	return -1
}

var (
	attachWords = toSet(`in for during by of through over as at the end to within`)
	baseWords   = toSet(`from since than versus vs compared against`)
)

// dateOf picks the period of the figure at token t. pr are the sentence's
// period roles, fr the figure's frame, prev the period of the figure
// before it in the sentence (-1 when none).
func (r *reading) dateOf(t int, fr frame, pr []periodRole, list []int, prev int, dc *discourse) (int, bool) {
	for p, x := range pr {
		if x.owner == t {
			return p, true
		}
	}
	if p := r.periodIn(fr, t, pr); p >= 0 {
		return p, true
	}
	if p := r.listPeriod(t, list, pr); p >= 0 {
		return p, true
	}
	if fr.verb >= 0 {
		for p, x := range pr {
			// "its revenue rose 38.8 percent to $26.88 billion in Q4 2024":
			// the figures of one verb share the period one of them states.
			if x.owner >= 0 && x.owner != t && r.frameOf(x.owner).verb == fr.verb && !pr[p].base {
				return p, true
			}
		}
	}
	best, bestD := -1, 1<<30
	a, b := r.segmentOf(t)
	for i := range r.toks {
		p := r.toks[i].per
		if p < 0 || pr[p].base || pr[p].owner >= 0 || r.pers[p].Day > 0 {
			continue // "On July 23, Google announced…" says when it was said
		}
		d := abs(i - t)
		if i < a || i >= b {
			d += len(r.toks) // prefer the figure's own stretch
		}
		if d < bestD {
			best, bestD = p, d
		}
	}
	if best >= 0 {
		return best, true
	}
	if prev >= 0 {
		return prev, true
	}
	return -1, false
}

// periodIn is a period inside the phrases the figure belongs to: its
// verb's subject or object ("Fourth-quarter revenue reached …", "its 2025
// capex forecast to …") or right before it ("2024’s $104.7 billion").
func (r *reading) periodIn(fr frame, t int, pr []periodRole) int {
	if r.isPer(t-1) && r.gap(t-1) == "" && !pr[r.toks[t-1].per].base {
		return r.toks[t-1].per
	}
	for _, ph := range []phrase{fr.obj, fr.subj} {
		for i := ph.a; i < ph.b; i++ {
			if p := r.toks[i].per; p >= 0 && !pr[p].base && pr[p].owner < 0 {
				return p
			}
		}
	}
	return -1
}

// listPeriod maps a list of figures onto a list of periods read from one
// phrase ("in the first and second quarters of this year, its shares were
// 13% and 15%"): the k-th figure gets the k-th period.
func (r *reading) listPeriod(t int, list []int, pr []periodRole) int {
	if len(list) < 2 {
		return -1
	}
	k := -1
	for i, x := range list {
		if x == t {
			k = i
		}
	}
	if k < 0 {
		return -1
	}
	for p := 0; p+len(list) <= len(r.pers); p++ {
		group := r.pers[p : p+len(list)]
		same := true
		for _, q := range group {
			same = same && q.Start == group[0].Start && q.End == group[0].End
		}
		if same && (p+len(list) == len(r.pers) || r.pers[p+len(list)].Start != group[0].Start) {
			return p + k
		}
	}
	return -1
}

// figureList returns the figures coordinated with the figure at t in its
// clause: "13% and 15%", "18% and 21%".
func (r *reading) figureList(t int) []int {
	a, b := t, t
	for a-2 >= 0 && r.isFig(a-2) && (r.toks[a-1].low == "and" || r.gap(a-2) == ",") && r.gap(a-1) == "" {
		a -= 2
	}
	for b+2 < len(r.toks) && r.isFig(b+2) && r.toks[b+1].low == "and" && r.gap(b) == "" {
		b += 2
	}
	var out []int
	for i := a; i <= b; i += 2 {
		out = append(out, i)
	}
	return out
}

// impliedByBase reads the period a sentence measures a change against as
// the one after it: "Deal volume reached 1,403, up 2.5% from the first
// quarter" is about the second quarter; "up 68.5 percent from a year ago"
// a year on. Only quarters and halves imply their successor.
func (r *reading) impliedByBase(pr []periodRole, out *Period) bool {
	for i, p := range r.pers {
		if !pr[i].base || p.NoYear || p.Grain != GrainQuarter && p.Grain != GrainHalf || p.To-p.From > 5 {
			continue
		}
		step := p.To - p.From + 1
		if yearOnYear(strings.ToLower(r.s)) {
			step = 12
		}
		q := p
		q.From, q.To, q.Start, q.End = p.From+step, p.To+step, 0, 0
		*out = q
		return true
	}
	return false
}

// yearOnYear reports whether a sentence compares with the same period a
// year before.
func yearOnYear(low string) bool {
	return containsWord(low, "year-over-year", "year-on-year", "on-year", "yoy", "a year ago", "a year earlier", "same quarter", "same period", "last year")
}

// previousPeriod dates a figure of a sentence that names no period of its
// own by the sentence before: its one period, or, for the two sides of
// "from X to Y", the earlier and the later of its two.
func previousPeriod(prev []Period, side int) (Period, bool) {
	switch {
	case len(prev) == 0:
		return Period{}, false
	case len(prev) == 2 && side != 0 && prev[0] != prev[1]:
		a, b := prev[0], prev[1]
		if a.From > b.From {
			a, b = b, a
		}
		if side < 0 {
			return a, true
		}
		return b, true
	}
	for _, p := range prev[1:] {
		if p.Label() != prev[0].Label() {
			return Period{}, false
		}
	}
	return prev[0], true
}
