package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/facts"
)

const (
	// statsPageSize is how many figures one stats page lists, a line each.
	statsPageSize = 10
	// statsMaxComparisons and statsMaxDisagreements keep the first page
	// to one screen; the figures behind the rest are still listed.
	statsMaxComparisons   = 6
	statsMaxDisagreements = 4
	// ActionStatsPage is the action ID of the stats "next/previous" buttons;
	// their value is a StatsPage as JSON.
	ActionStatsPage = "stats_page"
	// ActionShareStats shares a private stats page in the channel.
	ActionShareStats = "share_stats"
)

// StatsPage is a page of the stats, as a stats button carries it: the
// figures of the topic, within the channel's scope ("" for none).
type StatsPage struct {
	Topic string `json:"topic"`
	Page  int    `json:"page"`
	Scope string `json:"scope,omitempty"`
}

// Chart is an uploaded chart: the Slack file an image block shows, and
// what it shows in words for screen readers and notifications.
type Chart struct {
	FileID  string
	AltText string
}

// StatsMessage renders page p (from 0) of the figures in s, which is
// already filtered by p's topic and scope. The first page leads with the
// sources that disagree, then the comparisons and chart (when not nil);
// every page lists figures a line each, under one source line per
// document. A private message offers "Share in channel".
func StatsMessage(s *facts.Set, p StatsPage, private bool, chart *Chart) Message {
	topic, page := strings.TrimSpace(p.Topic), p.Page
	title := strings.TrimSuffix("Quick stats: "+topic, ": ")
	listed := statsFigures(s)
	if len(listed) == 0 && len(s.Comparisons) == 0 && len(s.Disagreements) == 0 {
		text := fmt.Sprintf("No figures about “%s” in the corpus. Try `/landscape stats` for all of them, or `/landscape sources` for the documents.", clip(topic, echoWidth))
		return newMessage(text, section("*"+esc(clip(title, maxHeaderText))+"*\n"+esc(text)))
	}
	pages := max(1, (len(listed)+statsPageSize-1)/statsPageSize)
	page = max(0, min(page, pages-1))
	first, last := page*statsPageSize, min(len(listed), (page+1)*statsPageSize)

	// The title leads the first section: a header block would cost a line.
	var blocks []slack.Block
	head := "*" + esc(clip(title, maxHeaderText)) + "*"
	add := func(lines []string) {
		if head != "" {
			lines = append([]string{head}, lines...)
			head = ""
		}
		blocks = append(blocks, sections(lines)...)
	}
	var text strings.Builder
	text.WriteString(title + ".")
	if page == 0 {
		if ds := s.Disagreements; len(ds) > 0 {
			add([]string{disagreementsText(ds[:min(len(ds), statsMaxDisagreements)])})
			text.WriteString(" Sources disagree.")
		}
		if cs := s.Comparisons; len(cs) > 0 {
			var lines, sources []string
			seen := map[string]bool{}
			for _, c := range cs[:min(len(cs), statsMaxComparisons)] {
				// The chart's titles say what is compared: the lines need
				// not, when it is there.
				lines = append(lines, "• "+comparisonText(c, chart == nil))
				fmt.Fprintf(&text, " %s %s vs %s %s: %s.", c.A.Entity, c.A.Value, c.B.Entity, c.B.Value, facts.RatioText(c.Ratio))
				if !seen[c.Source.ID] && len(sources) < maxContextElements {
					seen[c.Source.ID] = true
					sources = append(sources, docLine(c.Source))
				}
			}
			add(lines)
			blocks = withContext(blocks, "Compared in "+strings.Join(sources, "; "))
		}
		if chart != nil && chart.FileID != "" {
			blocks = append(blocks, slack.NewImageBlockSlackFile(&slack.SlackFileObject{ID: chart.FileID}, clip(chart.AltText, maxAltText), "stats_chart", nil))
		}
	}
	for _, g := range bySource(listed[first:last]) {
		lines := []string{"*" + docLine(g[0].Source) + "*"}
		for _, f := range g {
			lines = append(lines, "• "+factLine(f))
			fmt.Fprintf(&text, " %s: %s.", f.Figure(), strings.TrimSpace(f.Entity+" "+f.Metric))
		}
		add(lines)
	}
	if pages > 1 {
		blocks = withContext(blocks, fmt.Sprintf("Figures %d–%d of %d", first+1, last, len(listed)))
	}
	if p.Scope != "" {
		blocks = withContext(blocks, scopeNote("Figures from", p.Scope))
	}
	var buttons []slack.BlockElement
	if page > 0 {
		buttons = append(buttons, pageButton("‹ Previous", p, page-1))
	}
	if page < pages-1 {
		buttons = append(buttons, pageButton("More figures ›", p, page+1))
	}
	if private {
		buttons = append(buttons, button(ActionShareStats, "Share in channel", pageValue(p, page)))
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("stats_pages", buttons...))
	}
	return newMessage(text.String(), blocks...)
}

func pageButton(label string, p StatsPage, page int) *slack.ButtonBlockElement {
	return button(ActionStatsPage, label, pageValue(p, page))
}

// pageValue is a stats button's value: page of p's topic and scope, as
// JSON.
func pageValue(p StatsPage, page int) string {
	return jsonValue(StatsPage{Topic: clipBytes(p.Topic, maxValueText), Page: page, Scope: p.Scope})
}

// statsFigures are the figures the stats list, in the set's order (whose,
// what and when first; those without a holder after them): those with a
// meaningful metric, less those the first page already shows as a
// comparison (its two sides and its stated multiplier) or a disagreement,
// and less restatements, which show beside their figure.
func statsFigures(s *facts.Set) []facts.Fact {
	shown := map[string]bool{} // sentence + value
	key := func(quote, value string) string { return quote + "\x00" + value }
	compared := map[string]bool{} // sentences with a comparison
	for _, c := range s.Comparisons {
		shown[key(c.Quote, c.A.Value)], shown[key(c.Quote, c.B.Value)] = true, true
		compared[c.Quote] = true
	}
	for _, d := range s.Disagreements {
		for _, f := range d.Facts {
			shown[key(f.Quote, f.Value)] = true
		}
	}
	var out []facts.Fact
	for _, f := range s.Facts {
		if shown[key(f.Quote, f.Value)] || f.Unit == facts.UnitTimes && compared[f.Quote] || !meaningful(f) || f.Restatement {
			continue
		}
		out = append(out, f)
	}
	return out
}

// meaningful reports whether a figure says something on its own line: it
// measures something, and it is not a bare number word ("four groups",
// "two decades", "six startups"), which the prose uses to count its own
// examples rather than to report a figure.
func meaningful(f facts.Fact) bool {
	if strings.TrimSpace(f.Metric) == "" {
		return false
	}
	return f.Unit != facts.UnitCount || strings.ContainsAny(f.Value, "0123456789")
}

// bySource groups facts by document, in order of first appearance.
func bySource(fs []facts.Fact) [][]facts.Fact {
	var out [][]facts.Fact
	at := map[string]int{}
	for _, f := range fs {
		i, ok := at[f.Source.ID]
		if !ok {
			i = len(out)
			at[f.Source.ID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], f)
	}
	return out
}

// factLine is a figure in one line: the figure (and its restatement),
// what, who, when.
func factLine(f facts.Fact) string {
	s := "*" + esc(f.Figure()) + "*"
	if f.Equivalent != "" {
		s += " (" + esc(f.Equivalent) + ")"
	}
	s += " — " + esc(clip(f.Metric, metricWidth))
	for _, p := range []string{f.Entity, facts.PeriodText(f.Period)} {
		if p != "" {
			s += " · " + esc(clip(p, nameWidth))
		}
	}
	return s
}

// comparisonText is a comparison in a line: the two sides, the ratio, the
// measure (withMetric) and whether a multiplier the text states holds.
func comparisonText(c facts.Comparison, withMetric bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s %s* vs *%s %s* — *%s*", esc(clip(c.A.Entity, nameWidth)), esc(c.A.Value), esc(clip(c.B.Entity, nameWidth)), esc(c.B.Value), facts.RatioText(c.Ratio))
	if withMetric {
		fmt.Fprintf(&b, " %s", esc(clip(c.Metric, metricWidth)))
		if c.Period != "" {
			fmt.Fprintf(&b, ", %s", esc(c.Period))
		}
	}
	switch {
	case c.Consistent == nil:
	case *c.Consistent:
		fmt.Fprintf(&b, " ✓ “%s” as stated", esc(c.Stated))
	default:
		fmt.Fprintf(&b, " ⚠ the text says “%s”", esc(c.Stated))
	}
	return b.String()
}

func disagreementsText(ds []facts.Disagreement) string {
	var b strings.Builder
	b.WriteString("⚠ *Sources disagree*")
	for _, d := range ds {
		fmt.Fprintf(&b, "\n• %s, %s: ", esc(d.Entity), esc(d.Metric))
		for i, f := range d.Facts {
			if i > 0 {
				b.WriteString(" vs ")
			}
			fmt.Fprintf(&b, "*%s* (%s)", esc(f.Figure()), shortSource(f.Source))
		}
	}
	return b.String()
}
