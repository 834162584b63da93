package answer

import (
	"strings"

	"github.com/landscape-bot/landscape/lexicon"
)

// followUpMax is how many content words a follow-up may have and still lean
// on the question before it; longer ones stand alone.
const followUpMax = 4

// followUpLeads open a follow-up without adding meaning.
var followUpLeads = [][]string{{"what", "about"}, {"how", "about"}, {"and", "for"}, {"and", "in"}, {"and"}, {"also"}}

// FollowUp makes a short follow-up in a conversation ("and the US?") a
// question of its own by borrowing the previous one: the follow-up's places
// replace the previous question's ("how much private GenAI investment in
// China 2023?" + "and the US?" → "how much private GenAI investment 2023
// the US"). A follow-up with more than a few content words is returned
// unchanged, as is any follow-up when prev is empty.
func FollowUp(prev, next string) string {
	nw := splitWords(next)
	if strings.TrimSpace(prev) == "" || len(nw) == 0 {
		return next
	}
	gaz := lexicon.DefaultGazetteer()
	content := 0
	for _, w := range nw {
		lw := strings.ToLower(w)
		if !questionStop[lw] || gaz.Lookup(lw) != nil {
			content++
		}
	}
	if content > followUpMax || content == 0 {
		return next
	}
	for _, lead := range followUpLeads {
		if len(nw) > len(lead) && equalWords(lowerAll(nw[:len(lead)]), lead) {
			nw = nw[len(lead):]
			break
		}
	}
	pw := splitWords(prev)
	if len(placeSpans(nw)) > 0 {
		var kept []string
		spans := placeSpans(pw)
		for i := 0; i < len(pw); i++ {
			if n, ok := spans[i]; ok {
				i += n - 1
				continue
			}
			kept = append(kept, pw[i])
		}
		pw = kept
	}
	return strings.Join(pw, " ") + " " + strings.Join(nw, " ")
}

// placeSpans maps the start of each place name in words to its length in
// words, longest names first ("united states" before "united").
func placeSpans(words []string) map[int]int {
	out := map[int]int{}
	lw := lowerAll(words)
	gaz := lexicon.DefaultGazetteer()
	for i := 0; i < len(lw); i++ {
		for n := min(4, len(lw)-i); n >= 1; n-- {
			if gaz.Lookup(strings.Join(lw[i:i+n], " ")) != nil {
				out[i] = n
				i += n - 1
				break
			}
		}
	}
	return out
}
