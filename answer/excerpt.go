package answer

import (
	"strings"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

// throughList is where a quote ending in a list's lead-in ("…set a
// 2024-2026 policy goal:") should end: after the list, which is what the
// lead-in announces. Other quotes keep their end.
func (e *Engine) throughList(c candidate) int {
	if !strings.HasSuffix(strings.TrimSpace(c.p.Text[c.start:c.end]), ":") {
		return c.end
	}
	end := c.end
	for _, u := range e.info(c.p).units {
		if u.start >= c.end && u.item {
			end = u.end
		} else if u.start >= end {
			break
		}
	}
	return end
}

// excerpt renders a candidate's run as a quote with its source.
func (e *Engine) excerpt(q question, c candidate) Excerpt {
	c.end = e.throughList(c)
	quote := c.p.Text[c.start:c.end]
	cites := corpus.Cites(quote)
	if cites == "" {
		cites = e.info(c.p).cite
	}
	return Excerpt{
		Quote:   quote,
		Passage: c.p.Text,
		Source:  c.p.Source(),
		Cites:   cites,
		Figure:  e.chooseFigure(q, quote, facts.RefOf(c.p.Doc.Published)),
	}
}

// chooseFigure picks the figure in quote that the question asks about. In a
// comparison ("$650 million in China, compared with $22.46bn in the US") it
// is the one whose clause names the place (and period) asked about and no
// other place.
func (e *Engine) chooseFigure(q question, quote string, r facts.Ref) string {
	if !q.kind.figureKind() {
		return ""
	}
	asked := make(map[string]bool) // the places the question names, as analysed
	for _, c := range q.concepts {
		if c.place {
			for _, alt := range c.alts {
				asked[strings.Join(alt, " ")] = true
			}
		}
	}
	gaz := e.lex.Places()
	figs := findFigures(quote)
	best, bestScore := "", -1e9
	for _, cl := range facts.Clauses(quote) {
		text := quote[cl[0]:cl[1]]
		toks := e.ix.Analyze(text)
		h := match(q.concepts, toks)
		score := 0.0
		for i, c := range q.concepts {
			if i < maxConcepts && h.has(i) {
				score += c.weight
				if c.place {
					score += 2 * q.total
				}
			}
		}
		for _, t := range toks {
			if gaz.Lookup(text[t.Start:t.End]) != nil && !asked[t.Term] {
				score -= q.total // a place the question did not ask about
			}
		}
		if !noPeriod(q.period) {
			ps := facts.Periods(text, r)
			switch periodAgrees(q.period, ps) {
			case fitExact:
				score += q.total
			case fitNone:
				if len(ps) > 0 {
					score -= q.total // another period than the one asked
				}
			}
		}
		for _, f := range figs {
			if f.start >= cl[0] && f.end <= cl[1] && fits(q.kind, f.kind) && (q.currency == "" || f.unit == q.currency) && score > bestScore {
				best, bestScore = quote[f.start:f.end], score
				break
			}
		}
	}
	return best
}
