package answer

import (
	"regexp"
	"sort"
)

// figure is a number found in a sentence, with its byte range.
type figure struct {
	start, end int
	kind       Kind // KindMoney, KindPercent, KindCount or KindDate
}

var (
	scaleWords = `(?:trillion|billion|million|thousand|tn|bn|mn|m|k)`
	moneyRE    = regexp.MustCompile(`(?i)(?:\b(?:US|U\.S\.|USD|RMB|CNY|EUR|HK|S|A|C)\s?)?[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?` + scaleWords + `\b)?` +
		`|\b(?:USD|RMB|CNY|EUR|GBP|JPY|INR)\s?\d[\d,]*(?:\.\d+)?(?:\s?` + scaleWords + `\b)?` +
		`|\b\d[\d,]*(?:\.\d+)?\s?(?:` + scaleWords + `\s)?(?:yuan|renminbi|rmb|dollars|euros|pounds|yen|rupees|usd|cny|eur)\b`)
	percentRE  = regexp.MustCompile(`(?i)\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)`)
	numberRE   = regexp.MustCompile(`(?i)\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?\+?(?:\s?(?:trillion|billion|million|thousand)\b)?|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|dozens?|millions?|billions?)\b`)
	yearSpanRE = regexp.MustCompile(`\b(?:19|20)\d\d(?:\s?[-–]\s?(?:19|20)?\d\d)?\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:last|next|this) (?:year|decade|month)\b|\bdecades?\b`)
)

// findFigures returns the figures in s, longest first where they overlap,
// ordered by position.
func findFigures(s string) []figure {
	var out []figure
	taken := func(a, b int) bool {
		for _, f := range out {
			if a < f.end && b > f.start {
				return true
			}
		}
		return false
	}
	for _, r := range []struct {
		re   *regexp.Regexp
		kind Kind
	}{{moneyRE, KindMoney}, {percentRE, KindPercent}, {yearSpanRE, KindDate}, {numberRE, KindCount}} {
		for _, m := range r.re.FindAllStringIndex(s, -1) {
			if !taken(m[0], m[1]) {
				out = append(out, figure{m[0], m[1], r.kind})
			}
		}
	}
	// A list marker such as "(b)" or a lone digit in a model name is no figure.
	kept := out[:0]
	for _, f := range out {
		if f.kind == KindCount && isListMarker(s, f) {
			continue
		}
		kept = append(kept, f)
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}

func isListMarker(s string, f figure) bool {
	return f.start > 0 && s[f.start-1] == '(' && f.end < len(s) && s[f.end] == ')'
}

// fits reports whether a figure of kind k answers a question of kind want.
func fits(want, k Kind) bool {
	switch want {
	case KindMoney:
		return k == KindMoney
	case KindCount:
		return k == KindCount
	case KindPercent:
		return k == KindPercent
	case KindNumber:
		return k == KindMoney || k == KindCount || k == KindPercent
	case KindDate:
		return k == KindDate
	}
	return false
}

// clauseBreakRE finds where a comparison sentence turns to its other side:
// "…$650 million, compared with $22.46bn in the US" has two clauses.
var clauseBreakRE = regexp.MustCompile(`(?i),?\s+(?:compared (?:with|to)|versus|vs\.?|while|whereas|against|than)\s+|\s+[–—-]\s+|;\s+`)

// clauses splits s into comparison clauses (byte ranges).
func clauses(s string) [][2]int {
	var out [][2]int
	start := 0
	for _, m := range clauseBreakRE.FindAllStringIndex(s, -1) {
		out = append(out, [2]int{start, m[0]})
		start = m[0]
	}
	return append(out, [2]int{start, len(s)})
}
