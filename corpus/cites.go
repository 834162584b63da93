package corpus

import (
	"regexp"
	"strings"
)

// citeREs find the primary source a passage names. Each captures the
// source's name; the first pattern that yields a capitalised name wins.
var citeREs = []*regexp.Regexp{
	regexp.MustCompile(`(?i:according to)\s+(?:(?i:the|a|an|recently released|recent|latest|new|newly published|published)\s+)*([A-Z0-9][^,;:()]*?)(?:[,;:()]|\.(?:\s|$)|$)`),
	regexp.MustCompile(`(?i:(?:data|figures|statistics|estimates|numbers|research|a report|a study|a survey|analysis) (?:from|by|of))\s+(?:the\s+)?([A-Z][^,;:()]*?)(?:[,;:()]|\.(?:\s|$)|$)`),
	regexp.MustCompile(`(?i:source:)\s*([^,;()\n]+?)(?:[,;()\n]|\.(?:\s|$)|$)`),
	regexp.MustCompile(`(?:^|[.;]\s+|,\s+)(?:(?i:the)\s+)?([A-Z][\w&.\-]*(?:\s+(?:[A-Z0-9][\w&.\-]*|of|for|on|and))*\s+(?:Report|Index|Survey|Census|Study|data))\s+(?:shows?|showed|found|finds|says|said|estimates?|reported|reports)\b`),
}

// citeWords hold a word of every match of citeREs: a text with none of
// them cites nothing, and most sentences are such.
var citeWords = []string{"according to", "data", "figures", "statistics", "estimates", "numbers", "research",
	"report", "study", "survey", "analysis", "source:", "index", "census"}

func mayCite(text string) bool {
	low := strings.ToLower(text)
	for _, w := range citeWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// Cites returns the primary source named in text ("according to the
// Stanford 2024 AI Index Report" → "Stanford 2024 AI Index Report"), or "".
// Sources that are the author's own ("according to our research") are not
// citations.
func Cites(text string) string {
	if !mayCite(text) {
		return ""
	}
	for _, re := range citeREs {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			name := strings.TrimSpace(m[1])
			name = strings.TrimSuffix(name, ".")
			if name == "" || len(name) > 120 {
				continue
			}
			first := strings.Fields(name)[0]
			if strings.EqualFold(first, "our") || strings.EqualFold(first, "my") || strings.EqualFold(first, "we") {
				continue
			}
			return name
		}
	}
	return ""
}
