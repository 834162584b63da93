package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/landscape-bot/landscape/chart"
	"github.com/landscape-bot/landscape/facts"
)

func runStats(ctx context.Context, e *env, args []string) error {
	asJSON := e.fs.Bool("json", false, "")
	chartFile := e.fs.String("chart", "", "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	topic := strings.Join(pos, " ")
	all, err := e.corpusFacts(ctx)
	if err != nil {
		return err
	}
	set := all.Filter(topic)
	if *chartFile != "" {
		if err := writeChart(*chartFile, set); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, set)
	}
	w := e.stdout
	if len(set.Facts) == 0 {
		fmt.Fprintf(w, "No figures about %q in the corpus. `landscape stats` lists them all; `landscape sources` lists the documents.\n", topic)
		return nil
	}
	// Figures that say whose, what and when lead; those without a
	// holder or a measure follow under their own heading. A restatement
	// in another currency shows beside its figure.
	var strong, weak []facts.Fact
	for _, f := range set.Facts {
		switch {
		case f.Restatement:
		case f.Weak():
			weak = append(weak, f)
		default:
			strong = append(strong, f)
		}
	}
	if err := factTable(w, strong); err != nil {
		return err
	}
	if len(weak) > 0 {
		fmt.Fprintln(w, "\nFigures without a holder or a measure")
		if err := factTable(w, weak); err != nil {
			return err
		}
	}
	writeComparisons(w, set)
	docs := map[string]bool{}
	for _, f := range set.Facts {
		docs[f.Source.ID] = true
	}
	fmt.Fprintf(w, "\n%d figures from %d %s. Quotes and links: landscape stats --json%s\n",
		len(strong)+len(weak), len(docs), plural(len(docs), "document", "documents"), topicArg(topic))
	return nil
}

// factTable writes facts as a table, a line each.
// writeComparisons lists the set's comparisons and the figures its sources
// disagree on.
func writeComparisons(w io.Writer, set *facts.Set) {
	if len(set.Comparisons) > 0 {
		fmt.Fprintln(w, "\nComparisons")
		for _, c := range set.Comparisons {
			fmt.Fprintf(w, "  %s %s vs %s %s: %s — %s", c.A.Entity, c.A.Value, c.B.Entity, c.B.Value, facts.RatioText(c.Ratio), c.Metric)
			if c.Period != "" {
				fmt.Fprintf(w, ", %s", c.Period)
			}
			if c.Cites != "" {
				fmt.Fprintf(w, " (%s)", c.Cites)
			}
			if chk := c.Check(); chk != "" {
				fmt.Fprintf(w, "; %s", chk)
			}
			fmt.Fprintln(w)
		}
	}
	if len(set.Disagreements) > 0 {
		fmt.Fprintln(w, "\nSources disagree")
		for _, d := range set.Disagreements {
			fmt.Fprintf(w, "  %s, %s:\n", d.Entity, d.Metric)
			for _, f := range d.Facts {
				fmt.Fprintf(w, "    %-14s %s\n", f.Figure(), shortSource(f))
			}
		}
	}
}

func factTable(w io.Writer, fs []facts.Fact) error {
	if len(fs) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FIGURE\tWHAT\tWHO\tWHEN\tSOURCE")
	for _, f := range fs {
		fig := f.Figure()
		if f.Equivalent != "" {
			fig += " (" + f.Equivalent + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", fig, clip(orDash(f.Metric), 48), clip(orDash(f.Entity), 24), orDash(facts.PeriodText(f.Period)), shortSource(f))
	}
	return tw.Flush()
}

// writeChart draws the chart the bot shows with the stats into path.
func writeChart(path string, set *facts.Set) error {
	panels := chart.Panels(set)
	if len(panels) == 0 {
		return fmt.Errorf("--chart %s: nothing to chart: no comparison, and no measure reported for several periods", path)
	}
	png, err := chart.PNG(panels)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("--chart: %w", err)
	}
	return nil
}

// shortSource is "Publisher, YYYY-MM-DD" for a table cell.
func shortSource(f facts.Fact) string {
	s := clip(orDash(f.Source.Publisher), 32)
	if f.Source.Published != "" {
		s += ", " + f.Source.Published
	}
	return s
}

// clip shortens s to at most n runes at a word boundary, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func topicArg(topic string) string {
	if topic == "" {
		return ""
	}
	return " " + fmt.Sprintf("%q", topic)
}
