package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/facts"
)

// Stats paging: one section of ten fields is a page of figures; the first
// page also shows the comparisons and the sources that disagree.
const (
	statsPageSize       = maxFields
	statsMaxComparisons = 8
	// ActionStatsPage is the action ID of the stats "next/previous" buttons;
	// their value is a StatsPage as JSON.
	ActionStatsPage = "stats_page"
	// ActionShareStats shares a private stats page in the channel.
	ActionShareStats = "share_stats"
)

// StatsPage is what a stats paging button carries.
type StatsPage struct {
	Topic string `json:"topic"`
	Page  int    `json:"page"`
}

// StatsMessage renders page (from 0) of the figures in s, which is already
// filtered by topic, as a Block Kit message; a private one offers "Share in
// channel".
func StatsMessage(s *facts.Set, topic string, page int, private bool) Message {
	topic = strings.TrimSpace(topic)
	title := "Quick stats"
	if topic != "" {
		title += ": " + topic
	}
	if len(s.Facts) == 0 {
		text := fmt.Sprintf("No figures about %q in the corpus. Try `/landscape stats` for all of them, or `/landscape sources` for the documents.", clip(topic, 200))
		return Message{Text: text, Blocks: []slack.Block{header(title), section(esc(text))}}
	}
	pages := (len(s.Facts) + statsPageSize - 1) / statsPageSize
	page = max(0, min(page, pages-1))
	first, last := page*statsPageSize, min(len(s.Facts), (page+1)*statsPageSize)

	blocks := []slack.Block{header(title)}
	var text strings.Builder
	fmt.Fprintf(&text, "%s — %d figures.", title, len(s.Facts))
	if page == 0 {
		for i, c := range s.Comparisons {
			if i == statsMaxComparisons {
				break
			}
			blocks = withContext(append(blocks, section(comparisonText(c))), sourceText(c.Source, c.Cites))
			fmt.Fprintf(&text, " %s %s vs %s %s: %s.", c.A.Entity, c.A.Value, c.B.Entity, c.B.Value, facts.RatioText(c.Ratio))
		}
		if len(s.Comparisons) > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
	}
	var fields []*slack.TextBlockObject
	for _, f := range s.Facts[first:last] {
		fields = append(fields, mrkdwn(clip(factField(f), maxFieldText)))
		fmt.Fprintf(&text, " %s: %s.", f.Figure(), strings.TrimSpace(f.Entity+" "+f.Metric))
	}
	blocks = append(blocks, slack.NewSectionBlock(nil, fields, nil))
	if page == 0 && len(s.Disagreements) > 0 {
		blocks = append(blocks, section(disagreementsText(s.Disagreements)))
	}
	blocks = withContext(blocks, fmt.Sprintf("Figures %d–%d of %d, quoted from the corpus. Ask `/landscape` a question for the full passage.", first+1, last, len(s.Facts)))
	var buttons []slack.BlockElement
	if page > 0 {
		buttons = append(buttons, pageButton("‹ Previous", topic, page-1))
	}
	if page < pages-1 {
		buttons = append(buttons, pageButton("More figures ›", topic, page+1))
	}
	if private {
		buttons = append(buttons, slack.NewButtonBlockElement(ActionShareStats, jsonValue(StatsPage{Topic: clipBytes(topic, 900), Page: page}), plain("Share in channel")))
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("stats_pages", buttons...))
	}
	return Message{Text: clip(text.String(), maxFallbackText), Blocks: blocks}
}

func pageButton(label, topic string, page int) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(ActionStatsPage, jsonValue(StatsPage{Topic: clipBytes(topic, 900), Page: page}), plain(label))
}

// factField is one figure as a section field: the figure, what and who,
// when, and a linked source.
func factField(f facts.Fact) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*", esc(f.Figure()))
	if f.Equivalent != "" {
		fmt.Fprintf(&b, " (%s)", esc(f.Equivalent))
	}
	if f.Metric != "" {
		fmt.Fprintf(&b, "\n%s", esc(f.Metric))
	}
	var who []string
	for _, s := range []string{f.Entity, f.Period} {
		if s != "" {
			who = append(who, esc(s))
		}
	}
	if len(who) > 0 {
		fmt.Fprintf(&b, "\n%s", strings.Join(who, " · "))
	}
	fmt.Fprintf(&b, "\n_%s_", shortSource(f.Source.URL, f.Source.Publisher, f.Source.Published))
	return b.String()
}

func comparisonText(c facts.Comparison) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s %s* vs *%s %s*: *%s*", esc(c.A.Entity), esc(c.A.Value), esc(c.B.Entity), esc(c.B.Value), facts.RatioText(c.Ratio))
	fmt.Fprintf(&b, "\n%s", esc(c.Metric))
	if c.Period != "" {
		fmt.Fprintf(&b, ", %s", esc(c.Period))
	}
	if chk := c.Check(); chk != "" {
		mark := "✓"
		if !*c.Consistent {
			mark = "⚠"
		}
		fmt.Fprintf(&b, "\n%s %s", mark, esc(chk))
	}
	fmt.Fprintf(&b, "\n> %s", esc(c.Quote))
	return b.String()
}

func disagreementsText(ds []facts.Disagreement) string {
	var b strings.Builder
	b.WriteString("*Sources disagree*")
	for _, d := range ds {
		fmt.Fprintf(&b, "\n• %s, %s: ", esc(d.Entity), esc(d.Metric))
		for i, f := range d.Facts {
			if i > 0 {
				b.WriteString(" · ")
			}
			fmt.Fprintf(&b, "*%s* (%s)", esc(f.Figure()), shortSource(f.Source.URL, f.Source.Publisher, f.Source.Published))
		}
	}
	return b.String()
}

// shortSource is a linked "Publisher, date".
func shortSource(url, publisher, published string) string {
	s := link(url, clip(publisher, 60))
	if published != "" {
		s += ", " + published
	}
	return s
}
