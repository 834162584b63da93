package answer

import (
	"strings"

	"github.com/landscape-bot/landscape/corpus"
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
	x := Excerpt{
		Quote:   quote,
		Passage: c.p.Text,
		Source:  c.p.Source(),
		Cites:   cites,
	}
	if f := c.fig; f != nil && f.at >= c.start && f.end <= c.end {
		x.Figure, x.Fact = c.p.Text[f.at:f.end], f.fact
	}
	return x
}
