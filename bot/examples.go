package bot

import (
	"context"
	"strings"
	"unicode"

	"github.com/landscape-bot/landscape/facts"
)

// maxExampleTries bounds the questions asked of the engine to find
// examples that it answers.
const maxExampleTries = 12

// exampleQuestions returns up to n questions, drawn from the corpus's
// figures, that the corpus answers: examples that work, whatever the
// corpus holds. None when it answers none of them.
func (b *Bot) exampleQuestions(ctx context.Context, n int) []string {
	var out []string
	for i, q := range questionsFrom(b.corpus.Facts()) {
		if len(out) == n || i == maxExampleTries {
			break
		}
		if res, err := b.answers.Ask(ctx, q, 0); err == nil && res.Answered {
			out = append(out, q)
		}
	}
	return out
}

// questionsFrom turns figures into the questions they answer, headline
// figures first, one per entity and measure: "How much was China’s total
// private investment in the generative AI field in 2023?".
func questionsFrom(set *facts.Set) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range set.Facts {
		if !meaningful(f) || f.Entity == "" || !unicode.IsUpper([]rune(f.Entity)[0]) || f.Unit == facts.UnitTimes {
			continue // "six startups" is no name to ask about
		}
		k := strings.ToLower(f.Entity + "\x00" + f.Metric)
		if seen[k] {
			continue
		}
		seen[k] = true
		q := "How much was " + possessive(f.Entity) + " " + f.Metric
		if f.Unit == facts.UnitCount {
			q = "How many " + f.Metric + " for " + f.Entity
		}
		if f.Period != "" {
			q += " in " + facts.PeriodText(f.Period)
		}
		out = append(out, q+"?")
	}
	return out
}
