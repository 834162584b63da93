package facts

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Units of a Figure besides ISO 4217 currency codes (USD, CNY, EUR, …).
const (
	UnitCount    = "count"
	UnitPercent  = "percent"
	UnitFraction = "fraction" // "a third": Number is 0.333…
	UnitTimes    = "times"    // a multiplier: "six times", "3x", "tenfold"
	UnitYear     = "year"     // a year or a span of years: a period, not a fact
	UnitDate     = "date"     // a month or "last year": a period, not a fact
	UnitPoints   = "points"   // percentage points: "up 12.8 percentage points"
	UnitRank     = "rank"     // a place in a ranking: "No. 1", Number is the place
)

// Figure is a number found in a text, as written and normalised.
type Figure struct {
	Start, End int     // byte range of Value in the text
	Value      string  // as written: "U.S. $200m", "more than 20" is Value "20"
	Number     float64 // normalised: 200000000; for a span of years its last year
	Unit       string  // currency code or one of the Unit constants
	Qualifier  string  // "over", "about", "more than", … as written, lower case
	// Period is set for years and dates: "2023", "2014–2023", "March 2024".
	Period string
	// Equivalent is true for a figure in parentheses right after another of
	// the same kind: "11.4 billion yuan (US$1.6 billion)". It restates the
	// one before and is no fact of its own.
	Equivalent bool
}

// IsMoney reports whether the figure is an amount of money.
func (f Figure) IsMoney() bool { return isCurrency(f.Unit) }

// isCurrency reports whether unit is a currency code (USD, CNY…) rather than
// one of the Unit constants.
func isCurrency(unit string) bool { return len(unit) == 3 && strings.ToUpper(unit) == unit }

// IsPeriod reports whether the figure is a year, span of years or date:
// something that dates a fact rather than being one.
func (f Figure) IsPeriod() bool { return f.Unit == UnitYear || f.Unit == UnitDate }

const (
	numPat   = `\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
	scalePat = `trillion|billion|million|thousand|crore|lakh|tn|bn|mn|mln|bln|m|b|k`
	yearPat  = `(?:19|20)\d\d`
	monthPat = `January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.`
)

// Each pattern finds one kind of figure; where two overlap, the one Parse
// tries first wins ("$650 million" is money, not a count). Patterns without
// capitals run on an ASCII-lower-cased copy of the text, which keeps byte
// offsets and is much faster than (?i).
var (
	// Currency codes are upper case; a one-letter prefix must touch the
	// symbol ("S$"), or "a $5 fee" would be Australian.
	moneyPrefixRE = regexp.MustCompile(`(?:\b(?:US|U\.S\.|USD|HK|NZ|NT)\s?|\b[SACR])?[$€£¥₹₩]\s?(` + numPat + `)(?:\s?(?i:(` + scalePat + `))\b)?` +
		`|\bRs\.?\s?(` + numPat + `)(?:\s?(?i:(` + scalePat + `))\b)?` +
		`|\b(?:USD|RMB|CNY|EUR|GBP|JPY|INR|HKD|KRW|CHF|TWD|SGD|AUD|CAD)\s?(` + numPat + `)(?:\s?(?i:(` + scalePat + `))\b)?`)
	moneySuffixRE = regexp.MustCompile(`\b(` + numPat + `)\s?(?:(` + scalePat + `)\s)?(yuan|renminbi|rmb|cny|usd|eur|euros|(?:us |u\.s\. |hong kong |hk |nt |new taiwan |singapore |australian |canadian )?dollars|pounds|yen|jpy|rupees|inr|won|krw|gbp)\b`)
	// A per cent, or a range of them ("20-30%", "35–40 per cent"); "pc"
	// is British news's short form ("56pc").
	percentRE  = regexp.MustCompile(`\b(?:(` + numPat + `)\s?(?:%|per ?cent|pc)?\s?(?:[-–]|to)\s?)?(` + numPat + `)\s?(?:%|per ?cent\b|pc\b)`)
	fractionRE = regexp.MustCompile(`\b(a|one|two|three)[ -](half|third|quarter|fifth|tenth)s?\b|\bhalf of\b`)
	timesRE    = regexp.MustCompile(`\b(` + numPat + `|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|hundred)(?:\s|-)?(?:times|fold)\b|\b(` + numPat + `)x\b|\b(two|three|four|five|ten|hundred)fold\b|\b(doubled|tripled|quadrupled)\b`)
	// "7 percentage points", and a place in a ranking: "No. 14".
	pointsRE = regexp.MustCompile(`\b(` + numPat + `)\s?percentage points?\b`)
	rankRE   = regexp.MustCompile(`\bNo\.\s?(\d{1,4})\b`)
	countRE  = regexp.MustCompile(`\b(` + numPat + `)(\+)?(?:\s?(trillion|billion|million|thousand)\b|(bn|mn|m|k)\b)?`)
)

var scales = map[string]float64{
	"thousand": 1e3, "k": 1e3,
	"million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
	"billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
	"trillion": 1e12, "tn": 1e12,
	"lakh": 1e5, "crore": 1e7, // the Indian numbering system
}

// wordCounts finds the number words of low (lower-cased text) that
// numberWords knows, "a dozen" and "a hundred" included, as byte ranges.
// A scan with a map lookup: a pattern of twenty alternatives was the
// slowest part of extraction.
func wordCounts(low string) [][2]int {
	var out [][2]int
	prevStart, prevEnd := -1, -1
	for i := 0; i < len(low); {
		if !isASCIILetter(low[i]) {
			i++
			continue
		}
		j := i
		for j < len(low) && isASCIILetter(low[j]) {
			j++
		}
		if j < len(low) && low[j] >= 0x80 || i > 0 && low[i-1] >= 0x80 {
			i = j // part of a non-ASCII word
			continue
		}
		w := low[i:j]
		_, known := numberWords[w]
		switch {
		case prevStart >= 0 && low[prevStart:prevEnd] == "a" && prevEnd+1 == i && numberWords["a "+w] > 0:
			out = append(out, [2]int{prevStart, j}) // "a dozen"
		case known && w != "doubled" && w != "tripled" && w != "quadrupled":
			out = append(out, [2]int{i, j})
		}
		prevStart, prevEnd = i, j
		i = j
	}
	return out
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "a dozen": 12, "a hundred": 100, "a thousand": 1000,
	"doubled": 2, "tripled": 3, "quadrupled": 4,
}

var fractions = map[string]float64{"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}

// qualifiers precede a figure and say how exact it is. Longer ones first,
// so "just over" wins over "over".
var qualifiers = []string{
	"in excess of", "upwards of", "as much as", "as many as", "an estimated", "more than", "less than",
	"fewer than", "greater than", "at least", "at most", "close to", "just over", "just under", "well over",
	"up to", "approximately", "roughly", "around", "about", "nearly", "almost", "over", "under",
	"above", "below", "some", "estimated", "exceeding", "only", "just",
}

// Parse returns the figures in s in order of position. It recognises money
// with its currency and scale, per cents, fractions, multipliers, counts
// (digits or words), years, spans of years and dates. List markers ("(b)"),
// version numbers after a name ("ChatGPT 3.5") and numbers inside names
// ("01.AI") are not figures.
func Parse(s string) []Figure { return parseWith(s, Periods(s, Ref{})) }

// parseWith is Parse with the periods of s already read (against any
// Ref): extraction reads them once, against the document's date.
func parseWith(s string, periods []Period) []Figure {
	var out []Figure
	taken := func(a, b int) bool {
		for _, f := range out {
			if a < f.End && b > f.Start {
				return true
			}
		}
		return false
	}
	add := func(f Figure) {
		if f.Start < f.End && !taken(f.Start, f.End) {
			out = append(out, f)
		}
	}
	low := asciiLower(s)
	hasDigit := strings.ContainsAny(s, "0123456789")
	for _, p := range periods {
		add(periodFigure(s, p))
	}
	for _, m := range findIf(hasDigit && (strings.ContainsAny(s, "$€£¥₹₩") || strings.Contains(s, "Rs") || containsAny(s, currencyCodes)), moneyPrefixRE, s) {
		num, scale := sub(s, m, 1), sub(s, m, 2)
		if num == "" {
			num, scale = sub(s, m, 3), sub(s, m, 4)
		}
		if num == "" {
			num, scale = sub(s, m, 5), sub(s, m, 6)
		}
		add(money(s, m[0], m[1], num, scale, currencyOf(s[m[0]:m[1]], "")))
	}
	for _, m := range findIf(hasDigit && containsAny(low, currencyWords), moneySuffixRE, low) {
		add(money(s, m[0], m[1], sub(s, m, 1), sub(s, m, 2), currencyOf("", sub(s, m, 3))))
	}
	for _, m := range findIf(hasDigit && strings.Contains(low, "percentage point"), pointsRE, low) {
		add(Figure{Start: m[0], End: m[1], Number: number(sub(s, m, 1)), Unit: UnitPoints})
	}
	for _, m := range findIf(hasDigit && strings.Contains(s, "No."), rankRE, s) {
		add(Figure{Start: m[0], End: m[1], Number: number(sub(s, m, 1)), Unit: UnitRank})
	}
	for _, m := range findIf(hasDigit && (strings.Contains(low, "%") || strings.Contains(low, "cent") || strings.Contains(low, "pc")), percentRE, low) {
		f := Figure{Start: m[0], End: m[1], Number: number(sub(s, m, 2)), Unit: UnitPercent}
		if sub(s, m, 1) != "" {
			f.Qualifier = "between" // a range: Number is its upper end
		}
		add(f)
	}
	for _, m := range findIf(containsAny(low, fractionWords), fractionRE, low) {
		n, d := strings.ToLower(sub(s, m, 1)), strings.ToLower(sub(s, m, 2))
		v := 0.5
		if d != "" {
			v = float64(max(1, numberWords[n])) / fractions[d]
		}
		end := m[1]
		if d == "" {
			end = m[0] + len("half") // "half of": the figure is "half"
		}
		add(Figure{Start: m[0], End: end, Number: round(v, 4), Unit: UnitFraction})
	}
	for _, m := range findIf(containsAny(low, timesWords) || hasDigit && strings.Contains(low, "x"), timesRE, low) {
		var v float64
		for g := 1; g <= 4; g++ {
			if w := strings.ToLower(sub(s, m, g)); w != "" {
				if x, ok := numberWords[w]; ok {
					v = x
				} else {
					v = number(w)
				}
				break
			}
		}
		add(Figure{Start: m[0], End: m[1], Number: v, Unit: UnitTimes})
	}
	for _, m := range findIf(hasDigit, countRE, low) {
		if f, ok := count(s, m); ok {
			add(f)
		}
	}
	for _, m := range wordCounts(low) {
		if m[1] < len(s) && s[m[1]] == '-' {
			continue // "nine-part series", "two-year plan": part of a compound
		}
		add(Figure{Start: m[0], End: m[1], Number: numberWords[low[m[0]:m[1]]], Unit: UnitCount})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	out = moneyRanges(s, out)
	for i := range out {
		f := &out[i]
		f.Value = s[f.Start:f.End]
		if !f.IsPeriod() && f.Qualifier == "" {
			f.Qualifier = qualifierBefore(s, f.Start)
			if strings.HasSuffix(f.Value, "+") && f.Qualifier == "" {
				f.Qualifier = "more than" // "2,000+"
			}
		}
		if i > 0 && inParensAfter(s, out[i-1], *f) {
			f.Equivalent = true
		}
	}
	return out
}

// moneyRanges joins a range of money whose scale is written once: "$91–$93
// billion", "¥396 - ¥484 million", "$91-93 billion". Number is the upper
// end, as for a range of per cents.
func moneyRanges(s string, figs []Figure) []Figure {
	out := figs[:0]
	for i := 0; i < len(figs); i++ {
		a := figs[i]
		if i+1 < len(figs) && a.IsMoney() && endsInDigit(s[a.Start:a.End]) {
			b := figs[i+1]
			sep := strings.TrimSpace(s[a.End:b.Start])
			if (sep == "-" || sep == "–" || sep == "—" || sep == "to") && (b.Unit == a.Unit || b.Unit == UnitCount && !strings.ContainsAny(s[b.Start:b.End], "$€£¥₹₩")) && !endsInDigit(s[b.Start:b.End]) {
				out = append(out, Figure{Start: a.Start, End: b.End, Number: b.Number, Unit: a.Unit, Qualifier: "between"})
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

func endsInDigit(v string) bool { return v != "" && v[len(v)-1] >= '0' && v[len(v)-1] <= '9' }

// Words whose absence rules a pattern out before running it: most sentences
// hold no figure, and the patterns are the cost of extraction.
var (
	currencyCodes = []string{"USD", "RMB", "CNY", "EUR", "GBP", "JPY", "INR", "HKD", "KRW", "CHF", "TWD", "SGD", "AUD", "CAD"}
	currencyWords = []string{"yuan", "renminbi", "rmb", "cny", "usd", "eur", "dollars", "euros", "pounds", "yen", "jpy", "rupees", "inr", "won", "krw", "gbp"}
	fractionWords = []string{"half", "third", "quarter", "fifth", "tenth"}
	timesWords    = []string{"times", "fold", "doubled", "tripled", "quadrupled"}
)

func containsAny(s string, subs []string) bool {
	for _, w := range subs {
		if strings.Contains(s, w) {
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

// asciiLower lower-cases A–Z only, so that byte offsets in the copy are
// offsets in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func sub(s string, m []int, g int) string {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return ""
	}
	return s[m[2*g]:m[2*g+1]]
}

func scaleOf(w string) float64 {
	if k, ok := scales[strings.ToLower(w)]; ok {
		return k
	}
	return 1
}

func money(s string, start, end int, num, scale, cur string) Figure {
	v := number(num) * scaleOf(scale)
	return Figure{Start: start, End: end, Number: round(v, 2), Unit: cur}
}

// count turns a bare number into a count figure, or rejects it: years,
// list markers, versions after a name, numbers inside names, and small
// integers that do not count anything that follows ("Tencent, 360, and").
func count(s string, m []int) (Figure, bool) {
	start, end := m[0], m[1]
	num, plus, scale := sub(s, m, 1), sub(s, m, 2), sub(s, m, 3)
	if scale == "" {
		scale = sub(s, m, 4)
	}
	if start > 0 && (s[start-1] == '(' && end < len(s) && s[end] == ')') {
		return Figure{}, false // list marker "(2)"
	}
	if end < len(s) && (s[end] == '.' || s[end] == '-') && end+1 < len(s) && isLetter(s[end+1:]) {
		return Figure{}, false // "01.AI", "24-hour"
	}
	if end < len(s) && isLetter(s[end:]) {
		return Figure{}, false // an ordinal "2nd" or a code "5G"
	}
	if prev := wordBefore(s, start); prev != "" && startsUpper(prev) && !isQualifierWord(prev) && !monthLike(prev) && !sentenceStart(s, start, prev) {
		if _, isUnitWord := scales[strings.ToLower(prev)]; !isUnitWord && !strings.Contains(num, ",") {
			return Figure{}, false // "ChatGPT 3.5", "Dall-E 3"
		}
	}
	v := number(num)
	bare := !strings.Contains(num, ",") && !strings.Contains(num, ".") && scale == "" && plus == ""
	if bare && len(num) == 4 && yearRE.MatchString(num) {
		return Figure{}, false // a year the year pattern left out ("$2023")
	}
	if bare && !countsSomething(s[end:]) && !(v >= 10 && levelBefore(s[:start])) {
		return Figure{}, false
	}
	return Figure{Start: start, End: end, Number: round(v*scaleOf(scale), 2), Unit: UnitCount}, true
}

// levelBefore reports whether text ends with a word after which a bare
// number is a level: "bringing the global total to 302".
func levelBefore(text string) bool {
	w := strings.Fields(strings.ToLower(text))
	if len(w) == 0 {
		return false
	}
	switch w[len(w)-1] {
	case "to", "reached", "hit", "totaled", "totalled", "of", "at":
		return true
	}
	return false
}

// countsSomething reports whether the text after a bare number starts with
// a word, so the number counts it ("20 industry-specific models").
func countsSomething(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	return rest != "" && isLetter(rest)
}

func isLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func monthLike(w string) bool {
	lw := strings.ToLower(strings.TrimSuffix(w, "."))
	_, month := monthNumbers[lw[:min(3, len(lw))]]
	return month && len(lw) >= 3 || lw == "in" || lw == "by"
}

// periodFigure is a period as a figure: a year or span of years
// (UnitYear), or another period (UnitDate), labelled.
func periodFigure(s string, p Period) Figure {
	f := Figure{Start: p.Start, End: p.End, Unit: UnitDate, Period: p.Label()}
	if f.Period == "" {
		f.Period = p.Text(s)
	}
	if p.Grain >= GrainYear {
		f.Unit, f.Number = UnitYear, float64(p.To/12)
	}
	return f
}

func isQualifierWord(w string) bool {
	w = strings.ToLower(w)
	for _, q := range qualifiers {
		if q == w || strings.HasSuffix(q, " "+w) {
			return true
		}
	}
	switch w {
	case "the", "a", "an", "with", "from", "to", "and", "or", "of", "for", "some", "than", "nearly", "almost", "all", "these", "those", "its", "their", "our":
		return true
	}
	return false
}

// wordBefore returns the word right before position i, skipping spaces only
// (a comma or other punctuation ends the search with "").
func wordBefore(s string, i int) string {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	if j == i {
		return ""
	}
	k := j
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:k])
		if r == ' ' || unicode.IsPunct(r) && r != '-' && r != '.' {
			break
		}
		k -= size
	}
	return s[k:j]
}

// sentenceStart reports whether word, which ends before position i, opens
// its sentence: then its capital says nothing about being a name.
func sentenceStart(s string, i int, word string) bool {
	before := strings.TrimRight(s[:i], " ")
	before = strings.TrimRight(before[:len(before)-len(word)], " ")
	return before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "!") ||
		strings.HasSuffix(before, "?") || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "\n")
}

func followedByDigitRun(s string, i int) bool {
	return i+1 < len(s) && (s[i] == '-' || s[i] == '/') && s[i+1] >= '0' && s[i+1] <= '9' ||
		i < len(s) && s[i] >= '0' && s[i] <= '9'
}

func qualifierBefore(s string, start int) string {
	before := strings.ToLower(strings.TrimRight(s[:start], " "))
	for _, q := range qualifiers {
		if strings.HasSuffix(before, q) {
			i := len(before) - len(q)
			if i == 0 || !isLetter(before[i-1:]) && !(before[i-1] >= '0' && before[i-1] <= '9') {
				return q
			}
		}
	}
	return ""
}

// inParensAfter reports whether f sits in parentheses right after prev and
// is the same kind of figure: a restatement in another currency or unit.
func inParensAfter(s string, prev, f Figure) bool {
	if prev.IsPeriod() || f.IsPeriod() || prev.IsMoney() != f.IsMoney() {
		return false
	}
	between := strings.TrimSpace(s[prev.End:f.Start])
	between = strings.TrimSpace(strings.TrimSuffix(between, strings.TrimSpace(f.Qualifier)))
	for _, q := range []string{"(", "(about", "(approximately", "(approx.", "(approx", "(around", "(roughly", "(or", "(or about", "(some", "(~", "(≈", "(c.", "(est."} {
		if strings.EqualFold(between, q) {
			return true
		}
	}
	return false
}

func number(s string) float64 {
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSuffix(s, "+"), ",", ""), 64)
	if err != nil {
		return 0
	}
	return v
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
