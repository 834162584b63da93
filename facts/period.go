package facts

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Grain is how long a period is as a reporting unit: revenue "in 1H24" is
// not revenue "in 2024", though one lies inside the other.
type Grain int

// Grains, shortest first.
const (
	GrainMonth   Grain = iota // a month, or a day of it ("March 31", "end of 2023")
	GrainQuarter              // "Q3 2024", "3Q24", "the third quarter of 2024"
	GrainHalf                 // "1H24", "H1 2024", "the first half of 2024"
	GrainYear                 // "2023", "FY2023", "last year"
	GrainSpan                 // several years: "2014 to 2023", "FY24-26E"
)

// Period is a stretch of time a text names, in whole months: From and To
// are month indexes (year×12 + month − 1), inclusive.
type Period struct {
	From, To int
	Grain    Grain
	// Day is the day of a date ("January 20, 2025"), 0 when none is given.
	Day int
	// NoYear marks a month, quarter or half named without a year that no
	// date could place ("in April", "Q4"): From and To are then months of
	// any year (0–11).
	NoYear bool
	// Full marks a year named as a whole ("full-year", "fiscal 2023",
	// "annual"): a part of it does not stand for it.
	Full bool
	// Start and End are the period's byte range in the text.
	Start, End int
}

// Text is the period as written in text.
func (p Period) Text(text string) string { return text[p.Start:p.End] }

// MonthIndex is the month index of a year and month (1–12).
func MonthIndex(year, month int) int { return year*12 + month - 1 }

// YearPeriod is the calendar year y.
func YearPeriod(y int) Period {
	return Period{From: MonthIndex(y, 1), To: MonthIndex(y, 12), Grain: GrainYear}
}

// Label normalises the period: "2024", "2023–2025", "Q3 2024", "H1 2024",
// "2024-03", "2025-01-20"; "" for a period without a year.
func (p Period) Label() string {
	if p.NoYear {
		return ""
	}
	y := p.From / 12
	switch p.Grain {
	case GrainSpan:
		return fmt.Sprintf("%d–%d", y, p.To/12)
	case GrainYear:
		return strconv.Itoa(y)
	case GrainHalf:
		return fmt.Sprintf("H%d %d", p.From%12/6+1, y)
	case GrainQuarter:
		if p.To-p.From > 2 { // "the first three quarters of 2024"
			return fmt.Sprintf("Q%d–Q%d %d", p.From%12/3+1, p.To%12/3+1, y)
		}
		return fmt.Sprintf("Q%d %d", p.From%12/3+1, y)
	}
	if p.Day > 0 {
		return fmt.Sprintf("%d-%02d-%02d", y, p.From%12+1, p.Day)
	}
	return fmt.Sprintf("%d-%02d", y, p.From%12+1)
}

// Ref is what relative dates are read against: the document's date ("last
// year" in a 2025 article is 2024) and the year the text itself named last
// ("the first half of the year"). The zero Ref leaves relative dates
// unread.
type Ref struct {
	Year, Month int
	// TextYear is the last year the text named before, for "the year",
	// "full-year" and "the previous year".
	TextYear int
	// TextQuarter is the first month (a MonthIndex) of the last quarter
	// the text named before, 0 when none: "the fourth quarter" after "Q4
	// 2024" is that quarter, "the previous quarter" the one before it.
	TextQuarter int
}

// RefOf is the Ref of a document published on date (YYYY-MM-DD, or "").
func RefOf(date string) Ref {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return Ref{}
	}
	return Ref{Year: t.Year(), Month: int(t.Month())}
}

func (r Ref) ok() bool { return r.Year > 0 }

// relativeYear resolves "this year", "last year", "next year" and "the
// year" against r: the year the text named last wins for "the year".
func (r Ref) relativeYear(w string) (int, bool) {
	switch strings.ToLower(strings.TrimSpace(w)) {
	case "the year", "the fiscal year", "the financial year":
		if r.TextYear > 0 {
			return r.TextYear, true
		}
		return r.Year, r.ok()
	case "this year", "the current year", "this fiscal year", "the current fiscal year":
		return r.Year, r.ok()
	case "the previous year", "the prior year", "the year before":
		if r.TextYear > 0 { // anaphoric: the year before the one the text speaks of
			return r.TextYear - 1, true
		}
		return r.Year - 1, r.ok()
	case "last year", "past year", "the past year", "last fiscal year":
		return r.Year - 1, r.ok()
	case "next year", "the coming year":
		return r.Year + 1, r.ok()
	}
	return 0, false
}

// Periods finds the periods text names, in order of position: halves,
// quarters, fiscal years, spans of years, year ends, dates and months,
// relative years and months, and plain years (not in money, not in a
// report's name: "the Stanford 2024 AI Index" dates the report). Where two
// readings overlap, the more specific wins ("1H24" is a half, not 2024).
func Periods(text string, r Ref) []Period {
	s := &periodScan{text: text, low: strings.ToLower(text), r: r}
	s.digits = strings.ContainsAny(text, "0123456789")
	s.firstParts()
	s.halves()
	s.quarters()
	s.fiscal()
	s.spans()
	s.yearEnds()
	s.isoDates()
	s.months()
	s.samePeriod()
	s.relative()
	s.years()
	s.textual()
	sortPeriods(s.out)
	return s.out
}

// relativePeriods is the part of Periods that reads dates relative to the
// document's date: where "last year" or "this quarter" stands on a page
// that gives no date.
func relativePeriods(text string, r Ref) []Period {
	s := &periodScan{text: text, low: strings.ToLower(text), r: r}
	s.samePeriod()
	s.relative()
	return s.out
}

// periodScan is one run of Periods: the text, what is taken, what is found.
type periodScan struct {
	text, low string
	r         Ref
	digits    bool
	out       []Period
	taken     [][2]int // byte ranges already read
}

// free reports whether no earlier reading holds any of text[a:b].
func (s *periodScan) free(a, b int) bool {
	for _, t := range s.taken {
		if a < t[1] && b > t[0] {
			return false
		}
	}
	return true
}

// take adds p at text[a:b] unless an earlier reading holds any of it.
func (s *periodScan) take(a, b int, p Period) {
	if s.free(a, b) {
		p.Start, p.End = a, b
		s.out = append(s.out, p)
		s.taken = append(s.taken, [2]int{a, b})
	}
}

// block marks text[a:b] read, with nothing to show for it: "the same
// period last year" with no period before it is not last year.
func (s *periodScan) block(a, b int) {
	if s.free(a, b) {
		s.taken = append(s.taken, [2]int{a, b})
	}
}

func sortPeriods(ps []Period) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Start < ps[j-1].Start; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// group returns the text of submatch g of m, or "".
func group(text string, m []int, g int) string {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return ""
	}
	return text[m[2*g]:m[2*g+1]]
}

// fullYear reads a year of two or four digits ("24" is 2024).
func fullYear(s string) int {
	s = strings.TrimLeft(s, "'’‘")
	n, _ := strconv.Atoi(s)
	if len(s) == 2 {
		n += 2000
	}
	return n
}

var ordinalWords = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

const (
	yy   = `(?:'|’|‘)?(?:19|20)?\d\d`
	yyyy = `(?:19|20)\d\d`
	// relYear is the wording of a year relative to the text or its date.
	relYear = `the year|this year|last year|next year|the current year|the previous year|the prior year|the (?:current |previous )?fiscal year|this fiscal year|last fiscal year`
)

// Halves and quarters are written alike: as codes ("1H24", "H1 2024",
// "H1'24"; "3Q24", "Q3 2024", "Q3’24") and in words ("the first half of
// 2024", "first-half 2024", "the third quarter of this year"). A code that
// opens with its letter takes a two-digit year only after an apostrophe:
// "H100" is a chip, not the first half of 2000.
var (
	halfCodeRE    = regexp.MustCompile(`(?i)\b(?:([12])H(?:[\s-]?(` + yyyy + `)|(\d\d))?E?|H([12])(?:[\s-]?(` + yyyy + `)|['’‘](\d\d))?)\b`)
	quarterCodeRE = regexp.MustCompile(`(?i)\b(?:([1-4])Q(?:[\s-]?(` + yyyy + `)|(\d\d))?E?|Q([1-4])(?:[\s-]?(` + yyyy + `)|['’‘](\d\d))?)\b`)
	halfWordRE    = regexp.MustCompile(`(?i)\b(first|second|1st|2nd)[- ]half(?:[- ]year)?(?:\s+(?:of\s+)?(?:the\s+)?(?:fiscal\s+|financial\s+)?(?:year\s+)?(` + yyyy + `)|\s+of\s+(` + relYear + `))?`)
	quarterWordRE = regexp.MustCompile(`(?i)\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+(?:of\s+)?(?:the\s+)?(?:fiscal\s+|financial\s+)?(?:year\s+)?(` + yyyy + `)|\s+of\s+(` + relYear + `))?`)
	// "the first and second quarters of 2025"
	quarterPairRE = regexp.MustCompile(`(?i)\b(first|second|third|fourth) and (first|second|third|fourth) (quarters|halves)(?: of (?:the )?(?:fiscal )?(?:year )?(` + yyyy + `)| of (` + relYear + `))?`)
	// "the quarter ending September 2025", "the quarter ended June 30"
	quarterEndingRE = regexp.MustCompile(`(?i)\bquarter (?:ending|ended|to) (?:in )?(` + monthNames + `)\.?(?:\s+\d{1,2}\b)?,?(?:\s+(` + yyyy + `))?`)
)

// halves reads the halves of years; quarters the quarters.
func (s *periodScan) halves() {
	codes := s.digits && containsWord(s.low, "1h", "2h", "h1", "h2")
	words := strings.Contains(s.low, "half") || strings.Contains(s.low, "halves")
	if words {
		s.pairs("halves", 6, GrainHalf)
	}
	if codes {
		s.codes(halfCodeRE, 6, GrainHalf)
	}
	if words {
		s.words(halfWordRE, 6, GrainHalf)
	}
}

func (s *periodScan) quarters() {
	if !(s.digits && containsWord(s.low, "1q", "2q", "3q", "4q", "q1", "q2", "q3", "q4") || strings.Contains(s.low, "quarter")) {
		return
	}
	s.pairs("quarters", 3, GrainQuarter)
	for _, m := range quarterEndingRE.FindAllStringSubmatchIndex(s.text, -1) {
		mon := monthNumber(group(s.text, m, 1))
		y, ok := fullYear(group(s.text, m, 2)), group(s.text, m, 2) != ""
		if !ok {
			y, ok = s.lastMonth(mon)
		}
		if ok {
			end := MonthIndex(y, mon)
			s.take(m[0], m[1], Period{From: end - 2, To: end, Grain: GrainQuarter})
		}
	}
	s.codes(quarterCodeRE, 3, GrainQuarter)
	s.words(quarterWordRE, 3, GrainQuarter)
}

// firstPartsRE finds the opening quarters or months of a year: "the first
// three quarters of 2024", "the first nine months".
var firstPartsRE = regexp.MustCompile(`(?i)\bfirst (two|three|2|3) quarters|\bfirst (six|nine|6|9) months`)

var partCounts = map[string]int{"two": 2, "three": 3, "2": 2, "3": 3, "six": 2, "nine": 3, "6": 2, "9": 3}

// firstParts reads "the first three quarters (of 2024)" and "the first nine
// months": quarters 1 to n of the year named after them, else of the year
// the text named last, else of the document's year.
func (s *periodScan) firstParts() {
	if !strings.Contains(s.low, "first") {
		return
	}
	for _, m := range firstPartsRE.FindAllStringSubmatchIndex(s.text, -1) {
		n := partCounts[strings.ToLower(group(s.text, m, 1)+group(s.text, m, 2))]
		end := m[1]
		year, ok := 0, false
		if y := yearAfterRE.FindStringSubmatchIndex(s.text[end:]); y != nil {
			year, ok, end = fullYear(s.text[end+y[2]:end+y[3]]), true, end+y[1]
		}
		if !ok && s.r.TextYear > 0 {
			year, ok = s.r.TextYear, true
		}
		if !ok && s.r.ok() {
			year, ok = s.r.Year, true
			if s.r.Month <= 3*n {
				year-- // the first three quarters are over only in the fourth
			}
		}
		if ok {
			base, g := MonthIndex(year, 1), GrainQuarter
			if n == 2 {
				g = GrainHalf // the first two quarters are the first half
			}
			s.take(m[0], end, Period{From: base, To: base + 3*n - 1, Grain: g})
		}
	}
}

// yearAfterRE is " of 2024" after a part of a year.
var yearAfterRE = regexp.MustCompile(`^ of (?:the (?:fiscal |financial )?year )?(` + yyyy + `)\b`)

// codes reads halves or quarters (months long) written as codes.
func (s *periodScan) codes(re *regexp.Regexp, months int, g Grain) {
	for _, m := range re.FindAllStringSubmatchIndex(s.text, -1) {
		n, _ := strconv.Atoi(group(s.text, m, 1) + group(s.text, m, 4))
		y := group(s.text, m, 2) + group(s.text, m, 3) + group(s.text, m, 5) + group(s.text, m, 6)
		s.part(m, n, y, "", months, g)
	}
}

// words reads halves or quarters written in words.
func (s *periodScan) words(re *regexp.Regexp, months int, g Grain) {
	for _, m := range re.FindAllStringSubmatchIndex(s.text, -1) {
		s.part(m, ordinalWords[strings.ToLower(group(s.text, m, 1))], group(s.text, m, 2), group(s.text, m, 3), months, g)
	}
}

// part takes the n-th half or quarter of year y (two or four digits), or
// of the relative year rel; without either, the latest such part begun by
// the document's date, or that part of any year.
func (s *periodScan) part(m []int, n int, y, rel string, months int, g Grain) {
	first := (n - 1) * months
	year, ok := 0, false
	switch {
	case y != "":
		year, ok = fullYear(y), true
	case rel != "":
		if year, ok = s.r.relativeYear(rel); !ok {
			return
		}
	default:
		year, ok = s.textPart(first, g)
		if !ok {
			year, ok = s.latestPart(first)
		}
		if !ok && s.r.TextYear > 0 {
			year, ok = s.r.TextYear, true // "the first quarter" of the year the text speaks of
		}
	}
	if !ok {
		s.take(m[0], m[1], Period{From: first, To: first + months - 1, Grain: g, NoYear: true})
		return
	}
	base := MonthIndex(year, 1)
	s.take(m[0], m[1], Period{From: base + first, To: base + first + months - 1, Grain: g})
}

// pairs reads "the first and second quarters of 2025" as two periods.
func (s *periodScan) pairs(plural string, months int, g Grain) {
	if !strings.Contains(s.low, " and ") {
		return
	}
	for _, m := range quarterPairRE.FindAllStringSubmatchIndex(s.text, -1) {
		if !strings.EqualFold(group(s.text, m, 3), plural) {
			continue
		}
		year, ok := fullYear(group(s.text, m, 4)), group(s.text, m, 4) != ""
		if !ok {
			year, ok = s.r.relativeYear(group(s.text, m, 5))
		}
		if !ok {
			continue
		}
		if !s.free(m[0], m[1]) {
			continue
		}
		for _, k := range []int{1, 2} {
			n := ordinalWords[strings.ToLower(group(s.text, m, k))]
			base := MonthIndex(year, 1) + (n-1)*months
			// Both periods share the match's text.
			s.out = append(s.out, Period{From: base, To: base + months - 1, Grain: g, Start: m[0], End: m[1]})
		}
		s.block(m[0], m[1])
	}
}

// textPart is the year of the quarter the text named last when it starts
// at month first (0–11) too: "the fourth quarter" after "Q4 2024".
func (s *periodScan) textPart(first int, g Grain) (int, bool) {
	if g != GrainQuarter || s.r.TextQuarter <= 0 || s.r.TextQuarter%12 != first {
		return 0, false
	}
	return s.r.TextQuarter / 12, true
}

// latestPart is the year of the latest half or quarter starting at month
// first (0–11) that had begun by the document's date.
func (s *periodScan) latestPart(first int) (int, bool) {
	if !s.r.ok() {
		return 0, false
	}
	y := s.r.Year
	if first+1 > s.r.Month {
		y--
	}
	return y, true
}

// lastMonth is the year of the latest month mon (1–12) on or before the
// document's date.
func (s *periodScan) lastMonth(mon int) (int, bool) {
	if !s.r.ok() {
		return 0, false
	}
	y := s.r.Year
	if mon > s.r.Month {
		y--
	}
	return y, true
}

var (
	fySpanRE = regexp.MustCompile(`(?i)\bFY\s?((?:19|20)?\d\d)E?\s?[-–—/]\s?(?:FY\s?)?((?:19|20)?\d\d)E?\b`)
	fyRE     = regexp.MustCompile(`(?i)\bFY\s?(` + yy + `)E?\b|\b(?:fiscal|financial) (?:year )?(` + yyyy + `)\b|\bfull[- ]year (?:of )?(` + yyyy + `)\b|\b(` + yyyy + `) (?:full[- ]year|fiscal year|annual)\b`)
	// A span of years; "2023 and 2024" are two years, "between 2025 and
	// 2028" one span.
	yearSpanRE = regexp.MustCompile(`\b(` + yyyy + `)\s?(?:[-–—/]|\bto\b|\bthrough\b|\buntil\b|\bthru\b)\s?(` + yyyy + `|\d\d)\b|\b[Bb]etween (` + yyyy + `) and (` + yyyy + `)\b`)
)

// fiscal reads fiscal years and spans of them.
func (s *periodScan) fiscal() {
	if !s.digits || !containsWord(s.low, "fy", "fiscal", "financial", "full", "annual") {
		return
	}
	for _, m := range fySpanRE.FindAllStringSubmatchIndex(s.text, -1) {
		if a, b := fullYear(group(s.text, m, 1)), fullYear(group(s.text, m, 2)); b > a {
			s.take(m[0], m[1], Period{From: MonthIndex(a, 1), To: MonthIndex(b, 12), Grain: GrainSpan})
		}
	}
	for _, m := range fyRE.FindAllStringSubmatchIndex(s.text, -1) {
		p := YearPeriod(fullYear(group(s.text, m, 1) + group(s.text, m, 2) + group(s.text, m, 3) + group(s.text, m, 4)))
		p.Full = true
		s.take(m[0], m[1], p)
	}
}

// spans reads spans of years: "2014 to 2023", "2023-24", "between 2025 and
// 2028".
func (s *periodScan) spans() {
	if !s.digits {
		return
	}
	for _, m := range yearSpanRE.FindAllStringSubmatchIndex(s.text, -1) {
		a, b := group(s.text, m, 1)+group(s.text, m, 3), group(s.text, m, 2)+group(s.text, m, 4)
		if len(b) == 2 {
			if sep := s.text[m[0]+4 : m[1]-2]; sep != "-" && sep != "–" && sep != "/" || scaleAfter(s.text[m[1]:]) {
				continue // "in 2023 to 24 companies", "for 2025 — 90 billion yuan"
			}
			b = a[:2] + b
		}
		ya, yb := fullYear(a), fullYear(b)
		if yb <= ya || digitRunAt(s.text, m[1]) {
			continue // "2024-08-27" is a date
		}
		s.take(m[0], m[1], Period{From: MonthIndex(ya, 1), To: MonthIndex(yb, 12), Grain: GrainSpan})
	}
}

var (
	yearEndRE  = regexp.MustCompile(`(?i)\b(?:the )?(?:end|close) of (` + yyyy + `|` + relYear + `)\b|\b(?:year[- ]end|end[- ])(` + yyyy + `)\b|\b(` + yyyy + `) year[- ]end\b`)
	isoDateRE  = regexp.MustCompile(`\b(` + yyyy + `)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b`)
	monthNames = `January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec`
	// A month, with a day before or after it and a year after it, or a
	// word that places it relative to the document's date.
	monthRE = regexp.MustCompile(`(?i)\b(last |this |next |early |mid-|late |end-)?(?:(\d{1,2})(?:st|nd|rd|th)? )?(` + monthNames + `)\b\.?(?:\s(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s(?:of\s)?(` + yyyy + `))?`)
)

// yearEnds reads "the end of 2023", "end of this year", "year-end 2024".
func (s *periodScan) yearEnds() {
	if !strings.Contains(s.low, "end") && !strings.Contains(s.low, "close") {
		return
	}
	for _, m := range yearEndRE.FindAllStringSubmatchIndex(s.text, -1) {
		w := group(s.text, m, 1) + group(s.text, m, 2) + group(s.text, m, 3)
		y, ok := s.r.relativeYear(w)
		if !ok && yearOnlyRE.MatchString(w) {
			y, ok = fullYear(w), true
		}
		if ok {
			s.take(m[0], m[1], Period{From: MonthIndex(y, 12), To: MonthIndex(y, 12), Grain: GrainMonth})
		}
	}
}

var yearOnlyRE = regexp.MustCompile(`^` + yyyy + `$`)

// scaleAfter reports whether text opens with a number's scale word: "90
// billion" after "2025 — " is an amount, not the end of a span.
func scaleAfter(text string) bool {
	w := strings.Fields(text)
	if len(w) == 0 {
		return false
	}
	_, ok := scales[strings.ToLower(strings.Trim(w[0], ".,;"))]
	return ok || w[0] == "%" || strings.HasPrefix(w[0], "percent") || strings.HasPrefix(w[0], "per")
}

// isoDates reads "2024-08-27" and "2024-08".
func (s *periodScan) isoDates() {
	if !s.digits || !strings.Contains(s.text, "-") {
		return
	}
	for _, m := range isoDateRE.FindAllStringSubmatchIndex(s.text, -1) {
		mon, _ := strconv.Atoi(group(s.text, m, 2))
		day, _ := strconv.Atoi(group(s.text, m, 3))
		i := MonthIndex(fullYear(group(s.text, m, 1)), mon)
		s.take(m[0], m[1], Period{From: i, To: i, Grain: GrainMonth, Day: day})
	}
}

// months reads dates and months: "January 20, 2025", "20 January 2025",
// "March 2024", "on April 9" and "in May" (the latest such month by the
// document's date), "last December".
func (s *periodScan) months() {
	if !containsWord(s.low, "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec") {
		return
	}
	ms := monthRE.FindAllStringSubmatchIndex(s.text, -1)
	s.monthSpans(ms)
	for _, m := range ms {
		name := group(s.text, m, 3)
		day, _ := strconv.Atoi(group(s.text, m, 2) + group(s.text, m, 4))
		y := group(s.text, m, 5)
		rel := strings.ToLower(strings.TrimSpace(group(s.text, m, 1)))
		if !monthWordIsMonth(s.text, m[2*3], name, day, y, rel) {
			continue
		}
		mon := monthNumber(name)
		if day > 31 {
			day = 0
		}
		year, ok := fullYear(y), y != ""
		if !ok {
			year, ok = s.monthYear(mon, rel)
		}
		if !ok {
			s.take(m[0], m[1], Period{From: mon - 1, To: mon - 1, Grain: GrainMonth, NoYear: true})
			continue
		}
		i := MonthIndex(year, mon)
		s.take(m[0], m[1], Period{From: i, To: i, Grain: GrainMonth, Day: day})
	}
}

// monthSpans reads months from one to another that make a quarter or a
// half among the month matches m of monthRE: "the April-June period" is
// Q2, "January to June 2025" H1 2025.
func (s *periodScan) monthSpans(ms [][]int) {
	for i := 0; i+1 < len(ms); i++ {
		m1, m2 := ms[i], ms[i+1]
		between := strings.TrimSpace(strings.ToLower(s.text[m1[1]:m2[0]]))
		if between != "-" && between != "–" && between != "to" && between != "through" && between != "until" ||
			group(s.text, m1, 1)+group(s.text, m1, 2)+group(s.text, m1, 4)+group(s.text, m1, 5)+group(s.text, m2, 1)+group(s.text, m2, 2) != "" {
			continue
		}
		a, b := monthNumber(group(s.text, m1, 3)), monthNumber(group(s.text, m2, 3))
		g := GrainQuarter
		switch {
		case a%3 == 1 && b == a+2:
		case a%6 == 1 && b == a+5:
			g = GrainHalf
		default:
			continue
		}
		year, ok := fullYear(group(s.text, m2, 5)), group(s.text, m2, 5) != ""
		if !ok {
			year, ok = s.monthYear(b, "")
		}
		if !ok {
			s.take(m1[0], m2[1], Period{From: a - 1, To: b - 1, Grain: g, NoYear: true})
			continue
		}
		s.take(m1[0], m2[1], Period{From: MonthIndex(year, a), To: MonthIndex(year, b), Grain: g})
	}
}

// monthYear places a month named without a year by the document's date:
// the latest such month on or before it, unless "next" says otherwise.
func (s *periodScan) monthYear(mon int, rel string) (int, bool) {
	if !s.r.ok() {
		return 0, false
	}
	y := s.r.Year
	switch {
	case rel == "next":
		if mon <= s.r.Month {
			y++
		}
	case rel == "last":
		if mon >= s.r.Month {
			y--
		}
	case mon > s.r.Month:
		y--
	}
	return y, true
}

// monthWordIsMonth tells a month from a word spelt like one: the verb
// "may", "March" as a verb, "Jan" as a name. A short form or "May" alone
// counts only with a day, a year, or a preposition before it.
func monthWordIsMonth(text string, at int, name string, day int, year, rel string) bool {
	if day > 0 || year != "" || rel != "" {
		return true
	}
	lw := strings.ToLower(name)
	if len(lw) > 3 && lw != "march" {
		r, _ := utf8.DecodeRuneInString(name)
		return unicode.IsUpper(r) // "august" in lower case is the adjective
	}
	before := strings.ToLower(strings.TrimSpace(text[:at]))
	for _, w := range []string{"in", "since", "by", "until", "from", "of", "early", "late", "mid", "end", "on", "during", "through", "before", "after"} {
		if strings.HasSuffix(before, " "+w) || before == w {
			return true
		}
	}
	return false
}

var monthNumbers = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

func monthNumber(s string) int { return monthNumbers[strings.ToLower(s)[:3]] }

var samePeriodRE = regexp.MustCompile(`(?i)\b(?:in |during )?the same (?:period|quarter|half|time|months?) (?:of |in )?(?:last|the previous|the prior|a) year\b|\ba year (?:earlier|ago)\b`)

// samePeriod reads "the same period last year" as the half or quarter
// the text named before it, a year earlier; nothing when it named none.
func (s *periodScan) samePeriod() {
	if !strings.Contains(s.low, "same") && !strings.Contains(s.low, "a year") {
		return
	}
	for _, m := range samePeriodRE.FindAllStringSubmatchIndex(s.text, -1) {
		var prev *Period
		for i := range s.out {
			if s.out[i].End <= m[0] && (s.out[i].Grain == GrainHalf || s.out[i].Grain == GrainQuarter || s.out[i].Grain == GrainMonth) && !s.out[i].NoYear {
				prev = &s.out[i]
			}
		}
		if prev == nil {
			s.block(m[0], m[1])
			continue
		}
		p := *prev
		p.From, p.To = p.From-12, p.To-12
		s.take(m[0], m[1], p)
	}
}

var relativeRE = regexp.MustCompile(`(?i)\b(?:(last|this|next|past|current|previous|prior|coming) (year|month|quarter))\b|\bthe year (?:before|earlier)\b|\b(?:so far )?this year\b|\bearlier this year\b`)

// relative reads years, quarters and months named against the document's
// date ("last year", "this quarter", "last month") or, for the anaphoric
// "previous" and "prior", against the period the text spoke of last.
func (s *periodScan) relative() {
	if !s.r.ok() && s.r.TextYear == 0 && s.r.TextQuarter == 0 || !containsWord(s.low, "year", "month", "quarter") {
		return
	}
	for _, m := range relativeRE.FindAllStringSubmatchIndex(s.text, -1) {
		rel, unit := strings.ToLower(group(s.text, m, 1)), strings.ToLower(group(s.text, m, 2))
		step := 0
		switch rel {
		case "last", "past", "previous", "prior":
			step = -1
		case "next", "coming":
			step = 1
		case "":
			unit, step = "year", 0
			if strings.Contains(strings.ToLower(s.text[m[0]:m[1]]), "before") || strings.Contains(strings.ToLower(s.text[m[0]:m[1]]), "year earlier") {
				step = -1
			}
		}
		if p, ok := s.relativePeriod(unit, step, rel == "previous" || rel == "prior"); ok {
			s.take(m[0], m[1], p)
		}
	}
}

// relativePeriod is the year, month or quarter step units from now: the
// document's date, or for an anaphoric word the text's last period.
func (s *periodScan) relativePeriod(unit string, step int, anaphoric bool) (Period, bool) {
	now := MonthIndex(s.r.Year, s.r.Month)
	switch {
	case anaphoric && unit == "quarter" && s.r.TextQuarter > 0:
		q := s.r.TextQuarter + 3*step
		return Period{From: q, To: q + 2, Grain: GrainQuarter}, true
	case anaphoric && unit == "year" && s.r.TextYear > 0:
		return YearPeriod(s.r.TextYear + step), true
	case !s.r.ok():
		return Period{}, false
	case unit == "year":
		return YearPeriod(s.r.Year + step), true
	case unit == "month":
		return Period{From: now + step, To: now + step, Grain: GrainMonth}, true
	}
	q := now - now%3 + 3*step
	return Period{From: q, To: q + 2, Grain: GrainQuarter}, true
}

var textualRE = regexp.MustCompile(`(?i)\bfull[- ]year\b|\bthe quarter\b`)

// textual reads "full-year" and "the quarter" without a year as the year
// and the quarter the text named last ("SMIC's full-year 2024 results …
// full-year revenue rose"); without one it reads nothing.
func (s *periodScan) textual() {
	if s.r.TextYear == 0 && s.r.TextQuarter == 0 || !containsWord(s.low, "full", "quarter") {
		return
	}
	for _, m := range textualRE.FindAllStringIndex(s.text, -1) {
		switch w := strings.ToLower(s.text[m[0]:m[1]]); {
		case strings.HasPrefix(w, "full") && s.r.TextYear > 0:
			p := YearPeriod(s.r.TextYear)
			p.Full = true
			s.take(m[0], m[1], p)
		case w == "the quarter" && s.r.TextQuarter > 0:
			s.take(m[0], m[1], Period{From: s.r.TextQuarter, To: s.r.TextQuarter + 2, Grain: GrainQuarter})
		}
	}
}

// yearRE finds a year.
var yearRE = regexp.MustCompile(`\b` + yyyy + `\b`)

// years reads plain years: not money ("$2023"), not a number's part
// ("2023,5"), not a report's name ("the Stanford 2024 AI Index Report").
func (s *periodScan) years() {
	if !s.digits {
		return
	}
	for _, m := range yearRE.FindAllStringIndex(s.text, -1) {
		if m[0] > 0 && strings.ContainsRune("$€£¥,.", rune(s.text[m[0]-1])) || digitRunAt(s.text, m[1]) ||
			m[1]+1 < len(s.text) && s.text[m[1]] == ',' && isDigit(s.text[m[1]+1]) || yearInName(s.text, m[0], m[1]) {
			continue
		}
		y, _ := strconv.Atoi(s.text[m[0]:m[1]])
		s.take(m[0], m[1], YearPeriod(y))
	}
}

// yearInName reports whether the year at text[a:b] is part of a name: it
// is followed by a capitalised word and not preceded by a preposition
// ("Stanford 2024 AI Index", "the 2023 Thinkers50 list"; but "in 2023
// China produced…").
func yearInName(text string, a, b int) bool {
	if b >= len(text) || text[b] != ' ' {
		return false
	}
	after := text[b+1:]
	if r, _ := utf8.DecodeRuneInString(after); !unicode.IsUpper(r) || monthRE.FindStringIndex(after) != nil && monthRE.FindStringIndex(after)[0] == 0 {
		return false
	}
	before := strings.Fields(text[:a])
	if len(before) == 0 {
		return false
	}
	switch strings.ToLower(strings.Trim(before[len(before)-1], "(\"“‘'")) {
	case "in", "by", "since", "from", "during", "of", "for", "until", "to", "through", "before", "after", "and", "or", "as", "at":
		return false
	}
	return true
}

func digitRunAt(s string, i int) bool {
	return i+1 < len(s) && (s[i] == '-' || s[i] == '/') && isDigit(s[i+1]) || i < len(s) && isDigit(s[i])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// containsWord reports whether low holds any of subs (a cheap test that
// rules a pattern out before running it).
func containsWord(low string, subs ...string) bool {
	for _, w := range subs {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}
