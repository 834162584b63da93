package lexicon

import (
	"strings"
	"unicode"
)

// Words splits text into words: runs of letters and digits, keeping inner
// periods, commas between digits ("38,000", "U.S") and inner apostrophes,
// and dropping possessives ("China's" → "China"). Hyphens and other
// punctuation split words. Questions, vocabulary files and the gazetteer
// are all split this way, so that their words meet.
func Words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		w := strings.TrimRight(b.String(), ".,'’")
		b.Reset()
		for _, suf := range []string{"'s", "’s"} {
			if strings.HasSuffix(strings.ToLower(w), suf) {
				w = w[:len(w)-len(suf)]
			}
		}
		w = strings.TrimRight(w, "'’")
		if w != "" {
			out = append(out, w)
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			b.WriteRune(r) // "R&D", "M&A"
		case (r == '.' || r == '\'' || r == '’' || r == ',') && b.Len() > 0 && i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])):
			if r == ',' && !(unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])) {
				flush()
				continue
			}
			b.WriteRune(r)
		case r == '.' && b.Len() > 0 && strings.Contains(b.String(), "."):
			// keep the closing period of "U.S." out, but the word stays "U.S"
			flush()
		default:
			flush()
		}
	}
	flush()
	return out
}
