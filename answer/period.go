package answer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// grain is how long a period is as a reporting unit: revenue "in 1H24" is
// not revenue "in 2024", though one lies inside the other.
type grain int

const (
	grainMonth   grain = iota // a month or a day in it ("March 31", "end of 2023")
	grainQuarter              // "Q3 2024", "3Q24"
	grainHalf                 // "1H24", "first half of 2024"
	grainYear                 // "2023", "FY2023", "full-year 2023"
	grainSpan                 // several years: "2014 to 2023", "FY24-26E"
)

// period is a stretch of time in whole months, from and to inclusive
// (month index = year*12 + month-1). A month asked without a year ("in
// April") has year 0 and matches that month of any year.
type period struct {
	from, to int
	grain    grain
	noYear   bool
	full     bool   // asked as a full year ("full-year", "annual", "fiscal"): a part of it does not do
	text     string // as written
}

func (p period) zero() bool { return p.from == 0 && p.to == 0 && !p.noYear }

func monthIndex(year, month int) int { return year*12 + month - 1 }

func yearPeriod(y int) period {
	return period{from: monthIndex(y, 1), to: monthIndex(y, 12), grain: grainYear}
}

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
	if p.noYear && !q.noYear {
		return fitNone // "27 Aug" in an undated text says nothing of 2022
	}
	if q.noYear {
		// A month or quarter without a year: the months of the year must
		// meet.
		qf, qt, pf, pt := q.from%12, q.from%12+(q.to-q.from), p.from%12, p.from%12+(p.to-p.from)
		switch {
		case q.noYear && p.grain == grainYear && !p.noYear:
			return fitWeak // "in April" against a passage dated only by a year
		case pf >= qf && pt <= qt && (q.grain == p.grain || p.grain == grainMonth):
			return fitExact
		}
		return fitNone
	}
	if p.to < q.from || p.from > q.to {
		return fitNone
	}
	inside := p.from >= q.from && p.to <= q.to
	holds := p.from <= q.from && p.to >= q.to
	switch {
	case inside && p.grain == q.grain:
		return fitExact
	case inside && (p.grain == grainHalf || p.grain == grainQuarter) && q.grain >= grainQuarter:
		// A half or a quarter is its own reporting period: "revenue in 2023"
		// is not answered by the first half's.
		return fitNone
	case inside && q.full:
		return fitNone
	case inside:
		return fitExact // an event in a month of the year asked
	case holds && p.grain == grainSpan && q.grain == grainYear:
		return fitWeak // "from 2014 to 2023" for 2023
	case holds && (p.grain == grainYear || p.grain == grainSpan) && q.grain <= grainMonth:
		return fitWeak // a year for one of its months
	}
	return fitNone
}

// Periods are found by these patterns, in this order; where two overlap,
// the first wins ("1H24" is a half, not the year 2024).
var (
	halfRE     = regexp.MustCompile(`(?i)\b(?:([12])H|H([12]))\s?((?:19|20)\d\d|\d\d)E?\b|\b(first|second) half of (?:(?:the )?(?:fiscal |financial )?(?:year )?((?:19|20)\d\d)|(the year|this year|last year))`)
	quarterRE  = regexp.MustCompile(`(?i)\b(?:([1-4])Q|Q([1-4]))\s?((?:19|20)\d\d|\d\d)?E?\b|\b(first|second|third|fourth) quarter(?: of (?:(?:the )?(?:fiscal )?((?:19|20)\d\d)|(the year|this year|last year)))?`)
	fySpanRE   = regexp.MustCompile(`(?i)\bFY\s?((?:19|20)?\d\d)E?\s?[-–—/]\s?(?:FY\s?)?((?:19|20)?\d\d)E?\b`)
	fyRE       = regexp.MustCompile(`(?i)\bFY\s?((?:19|20)\d\d|\d\d)E?\b|\b(?:fiscal|financial) (?:year )?((?:19|20)\d\d)\b|\bfull[- ]year (?:of )?((?:19|20)\d\d)\b`)
	yearSpanRE = regexp.MustCompile(`\b((?:19|20)\d\d)\s?(?:[-–—]|\bto\b|\bthrough\b|\buntil\b)\s?((?:19|20)\d\d|\d\d)\b`)
	endOfRE    = regexp.MustCompile(`(?i)\b(?:end|close) of ((?:19|20)\d\d)\b|\bend of (this|last) year\b`)
	monthRE    = regexp.MustCompile(`(?i)\b(last |this |next )?(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?:\s(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s((?:19|20)\d\d))?\b`)
	relYearRE  = regexp.MustCompile(`(?i)\b(last|this|next|past) year\b|\bthe year (?:before|earlier)\b|\b(last|this) month\b`)
	plainYear  = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	fullYearRE = regexp.MustCompile(`(?i)\b(?:full[- ]year|annual|annually|fiscal|financial year|whole year)\b`)
)

// monthPrefixes are the months' first letters, for the cheap test.
var monthPrefixes = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// hasAny reports whether s holds any of subs.
func hasAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// findIf runs re over s when the cheap test ok allows a match.
func findIf(ok bool, re *regexp.Regexp, s string) [][]int {
	if !ok {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

var ordinals = map[string]string{"first": "1", "second": "2", "third": "3", "fourth": "4"}

var monthNames = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

func monthNumber(s string) int { return monthNames[strings.ToLower(s)[:3]] }

func fullYear(s string) int {
	n, _ := strconv.Atoi(s)
	if len(s) == 2 {
		n += 2000
	}
	return n
}

// ref is what relative dates in a text are read against: the document's
// date ("last year" in a 2025 article is 2024). A zero ref leaves relative
// dates unread.
type ref struct{ year, month int }

func refOf(published string) ref {
	t, err := time.Parse("2006-01-02", published)
	if err != nil {
		return ref{}
	}
	return ref{t.Year(), int(t.Month())}
}

func (r ref) ok() bool { return r.year > 0 }

// relative resolves "last year", "this year" against r and ctx (a year
// the text itself set, which wins over the document's for "the year").
func relative(word string, r ref, ctx int) (int, bool) {
	switch strings.ToLower(word) {
	case "the year":
		if ctx > 0 {
			return ctx, true
		}
		if r.ok() {
			return r.year, true
		}
	case "this year":
		if r.ok() {
			return r.year, true
		}
	case "last year":
		if r.ok() {
			return r.year - 1, true
		}
	}
	return 0, false
}

// periodsIn finds the periods text names, reading relative dates against r
// and "the year" against ctx (0 when unknown). Years inside money ("$2023")
// and parts of dates already read are not counted twice.
func periodsIn(text string, r ref, ctx int) []period {
	var out []period
	var taken [][2]int
	free := func(a, b int) bool {
		for _, t := range taken {
			if a < t[1] && b > t[0] {
				return false
			}
		}
		return true
	}
	take := func(m []int, p period) {
		if free(m[0], m[1]) {
			p.text = text[m[0]:m[1]]
			taken = append(taken, [2]int{m[0], m[1]})
			out = append(out, p)
		}
	}
	sub := func(m []int, g int) string {
		if m[2*g] < 0 {
			return ""
		}
		return text[m[2*g]:m[2*g+1]]
	}
	// Halves and quarters are written alike ("1H24", "H1 2024", "first
	// half of the year"; "3Q24", "Q3 2024", "third quarter of 2024"), and
	// their patterns group alike: ordinal, year, ordinal word, year,
	// relative year.
	// Most sentences name no period: cheap tests of the lower-cased text
	// skip the patterns that cannot match, which are most of the cost of
	// analysing a passage.
	low := strings.ToLower(text)
	digits := strings.ContainsAny(text, "0123456789")
	for _, part := range []struct {
		re     *regexp.Regexp
		months int
		grain  grain
		may    bool
	}{{halfRE, 6, grainHalf, digits && strings.Contains(low, "h") || strings.Contains(low, "half")},
		{quarterRE, 3, grainQuarter, digits && strings.Contains(low, "q") || strings.Contains(low, "quarter")}} {
		if !part.may {
			continue
		}
		for _, m := range part.re.FindAllStringSubmatchIndex(text, -1) {
			n, y := sub(m, 1)+sub(m, 2), sub(m, 3)
			if w := strings.ToLower(sub(m, 4)); w != "" {
				n, y = ordinals[w], sub(m, 5)
				if y == "" {
					yy, ok := relative(sub(m, 6), r, ctx)
					if !ok {
						continue
					}
					y = strconv.Itoa(yy)
				}
			}
			k, _ := strconv.Atoi(n)
			first := (k - 1) * part.months
			if y == "" {
				// "Q4" alone: that part of any year.
				take(m[:2], period{from: first, to: first + part.months - 1, grain: part.grain, noYear: true})
				continue
			}
			base := monthIndex(fullYear(y), 1)
			take(m[:2], period{from: base + first, to: base + first + part.months - 1, grain: part.grain})
		}
	}
	fiscal := hasAny(low, "fy", "fiscal", "financial", "full")
	for _, m := range findIf(fiscal && digits, fySpanRE, text) {
		a, b := fullYear(sub(m, 1)), fullYear(sub(m, 2))
		if b > a {
			take(m[:2], period{from: monthIndex(a, 1), to: monthIndex(b, 12), grain: grainSpan})
		}
	}
	for _, m := range findIf(fiscal && digits, fyRE, text) {
		p := yearPeriod(fullYear(sub(m, 1) + sub(m, 2) + sub(m, 3)))
		p.full = true
		take(m[:2], p)
	}
	for _, m := range findIf(digits, yearSpanRE, text) {
		a, b := sub(m, 1), sub(m, 2)
		if len(b) == 2 {
			b = a[:2] + b
		}
		if len(sub(m, 2)) == 2 && !strings.ContainsAny(text[m[0]:m[1]], "-–—") {
			continue
		}
		ya, yb := fullYear(a), fullYear(b)
		if yb > ya && (m[1] >= len(text) || text[m[1]] < '0' || text[m[1]] > '9') {
			take(m[:2], period{from: monthIndex(ya, 1), to: monthIndex(yb, 12), grain: grainSpan})
		}
	}
	for _, m := range findIf(hasAny(low, "end of", "close of"), endOfRE, text) {
		y := sub(m, 1)
		var year int
		if y != "" {
			year = fullYear(y)
		} else if yy, ok := relative(sub(m, 2)+" year", r, ctx); ok {
			year = yy
		} else {
			continue
		}
		take(m[:2], period{from: monthIndex(year, 12), to: monthIndex(year, 12), grain: grainMonth})
	}
	for _, m := range findIf(hasAny(low, monthPrefixes...), monthRE, text) {
		name := strings.TrimSpace(sub(m, 2))
		if strings.EqualFold(name, "may") && sub(m, 3) == "" && sub(m, 4) == "" && !mayIsMonth(text, m[2*2]) {
			continue // the verb "may"
		}
		mon := monthNumber(name)
		rel := strings.ToLower(strings.TrimSpace(sub(m, 1)))
		var year int
		switch {
		case sub(m, 4) != "":
			year = fullYear(sub(m, 4))
		case rel == "last" && r.ok():
			year = r.year
			if mon >= r.month {
				year--
			}
		case rel == "next" && r.ok():
			year = r.year
			if mon <= r.month {
				year++
			}
		case r.ok():
			// "in May", "on April 9": the last such month on or before the
			// document's date.
			year = r.year
			if mon > r.month {
				year--
			}
		}
		if year == 0 {
			take(m[:2], period{from: mon - 1, to: mon - 1, grain: grainMonth, noYear: true})
			continue
		}
		take(m[:2], period{from: monthIndex(year, mon), to: monthIndex(year, mon), grain: grainMonth})
	}
	// "the same period last year": the period before it in the text, a
	// year earlier ("first half of 2024 … same period last year" is the
	// first half of 2023), or nothing when the text set none.
	for _, m := range findIf(strings.Contains(low, "same"), samePeriodRE, text) {
		var prev *period
		for i := range out {
			if out[i].grain == grainHalf || out[i].grain == grainQuarter {
				prev = &out[i]
			}
		}
		taken = append(taken, [2]int{m[0], m[1]})
		if prev != nil {
			p := *prev
			p.from, p.to, p.text = p.from-12, p.to-12, text[m[0]:m[1]]
			out = append(out, p)
		}
	}
	for _, m := range findIf(hasAny(low, "year", "month"), relYearRE, text) {
		if !r.ok() {
			continue
		}
		w := strings.ToLower(sub(m, 1))
		switch {
		case w == "last" || w == "past":
			take(m[:2], yearPeriod(r.year-1))
		case w == "this":
			take(m[:2], yearPeriod(r.year))
		case w == "next":
			take(m[:2], yearPeriod(r.year+1))
		case sub(m, 2) != "":
			mon := monthIndex(r.year, r.month)
			if strings.EqualFold(sub(m, 2), "last") {
				mon--
			}
			take(m[:2], period{from: mon, to: mon, grain: grainMonth})
		}
	}
	for _, m := range findIf(digits, plainYear, text) {
		if m[0] > 0 && strings.ContainsRune("$€£¥", rune(text[m[0]-1])) {
			continue
		}
		if yearInName(text, m[0], m[1]) {
			continue // "the Stanford 2024 AI Index Report" dates the report, not the fact
		}
		if m[1] < len(text) && (text[m[1]] >= '0' && text[m[1]] <= '9' || text[m[1]] == ',' && m[1]+1 < len(text) && text[m[1]+1] >= '0' && text[m[1]+1] <= '9') {
			continue
		}
		y, _ := strconv.Atoi(text[m[0]:m[1]])
		take(m, yearPeriod(y))
	}
	return out
}

// samePeriodRE finds "the same period last year" and its kin.
var samePeriodRE = regexp.MustCompile(`(?i)\bthe same (?:period|quarter|half|time) (?:of |in )?last year\b`)

// yearInName reports whether the year at text[a:b] is part of a name: it
// is followed by a capitalised word and not preceded by a preposition
// ("Stanford 2024 AI Index", "the 2023 Thinkers50 list"; but "in 2023
// China produced…").
func yearInName(text string, a, b int) bool {
	if b >= len(text) || text[b] != ' ' {
		return false
	}
	after := text[b+1:]
	if r, _ := utf8.DecodeRuneInString(after); !unicode.IsUpper(r) || monthStart(after) {
		return false
	}
	before := strings.Fields(text[:a])
	if len(before) == 0 {
		return false
	}
	switch strings.ToLower(strings.Trim(before[len(before)-1], "(\"“‘'")) {
	case "in", "by", "since", "from", "during", "of", "for", "until", "to", "through", "before", "after", "and", "or":
		return false
	}
	return true
}

// monthStart reports whether s starts with a month's name.
func monthStart(s string) bool {
	m := monthRE.FindStringIndex(s)
	return m != nil && m[0] == 0
}

// mayIsMonth tells the month from the verb: "in May", "since May", "May's".
func mayIsMonth(text string, at int) bool {
	before := strings.ToLower(strings.TrimSpace(text[:at]))
	for _, w := range []string{"in", "since", "by", "until", "from", "of", "early", "late", "mid", "end", "on", "during", "last", "this", "next"} {
		if strings.HasSuffix(before, " "+w) || before == w {
			return true
		}
	}
	return false
}

// questionPeriod reads the period a question asks about: years, halves,
// quarters, fiscal years, "end of 2023", a month. Relative dates ("last
// year") set none: they are relative to whenever the question is asked,
// and the corpus's own wording is matched instead. Of several periods the
// last one written wins ("2023 revenue vs 2022" asks about 2022 too, but the
// engine answers one).
func questionPeriod(q string) period {
	ps := periodsIn(q, ref{}, 0)
	if len(ps) == 0 {
		return period{}
	}
	// The most specific period, then the first written.
	best := ps[0]
	for _, p := range ps[1:] {
		if p.grain < best.grain {
			best = p
		}
	}
	if best.grain == grainYear && fullYearRE.MatchString(q) {
		best.full = true
	}
	return best
}
