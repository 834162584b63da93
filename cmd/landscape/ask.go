package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
)

func runAsk(ctx context.Context, e *env, args []string) error {
	asJSON := e.fs.Bool("json", false, "")
	k := e.fs.Int("k", 3, "")
	since := e.fs.String("since", "", "")
	source := e.fs.String("source", "", "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("ask: give a question, e.g. landscape ask \"how much private GenAI investment in China 2023?\"")
	}
	if *k < 0 || *k > 50 {
		return usagef("ask: -k must be between 0 and 50")
	}
	question := strings.Join(pos, " ")
	if question == "-" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, 1<<20))
		if err != nil {
			return fmt.Errorf("read question: %w", err)
		}
		question = string(b)
	}
	if _, _, err := answer.ParseFilter("since:" + *since); *since != "" && err != nil {
		return usagef("ask: --since %s: want a year, year-month or date, e.g. --since 2024", *since)
	}
	eng, closeFn, err := e.engine(ctx)
	if err != nil {
		return err
	}
	defer closeFn()
	res, err := eng.AskFiltered(ctx, question, *k, answer.Filter{Since: *since, Source: *source})
	if err != nil {
		return err
	}
	if res.Truncated {
		fmt.Fprintf(e.stderr, "landscape: the question was longer than %d characters; only the first part was used\n", answer.MaxQuestion)
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	bold := func(s string) string { return "**" + s + "**" }
	if e.bold {
		bold = func(s string) string { return string(sgrBold) + s + string(sgrReset) }
	}
	writeResult(e.stdout, res, bold)
	return nil
}

// writeResult prints an answer for people: the quote with its figure in
// bold, where it comes from, and the related passages.
func writeResult(w io.Writer, res answer.Result, bold func(string) string) {
	if res.Question == "" {
		fmt.Fprintln(w, "Ask a question, e.g. landscape ask \"how much private GenAI investment in China 2023?\"")
		return
	}
	if res.Answered {
		a := res.Answer
		fmt.Fprintf(w, "“%s”\n", oneLine(a.Emphasise(func(s string) string { return s }, bold)))
		fmt.Fprintf(w, "  — %s\n", sourceLine(a.Source))
		if a.Source.URL != "" {
			fmt.Fprintf(w, "    %s\n", a.Source.URL)
		}
		if a.Cites != "" {
			fmt.Fprintf(w, "    Cites: %s\n", a.Cites)
		}
		fmt.Fprintf(w, "    Confidence: %.2f\n", res.Confidence)
		if len(res.Others) > 0 {
			fmt.Fprintln(w, "\nOther sources give other figures:")
			for _, o := range res.Others {
				fmt.Fprintf(w, "  • “%s”\n    — %s\n", oneLine(o.Emphasise(func(s string) string { return s }, bold)), sourceLine(o.Source))
			}
		}
	} else {
		fmt.Fprintln(w, "The corpus does not answer this question.")
	}
	if len(res.Related) > 0 {
		if res.Answered {
			fmt.Fprintln(w, "\nRelated passages:")
		} else {
			fmt.Fprintln(w, "\nClosest passages (related, not an answer):")
		}
		for i, r := range res.Related {
			fmt.Fprintf(w, "%d. “%s”\n   — %s\n", i+1, oneLine(r.Quote), sourceLine(r.Source))
		}
	}
	if !res.Answered {
		fmt.Fprintln(w, "\nRun `landscape sources` to see what the corpus covers.")
	}
}

func sourceLine(s corpus.Source) string {
	var parts []string
	if s.Author != "" {
		parts = append(parts, s.Author)
	}
	parts = append(parts, "“"+s.Title+"”")
	if s.Publisher != "" {
		parts = append(parts, s.Publisher)
	}
	if s.Published != "" {
		parts = append(parts, s.Published)
	}
	line := strings.Join(parts, ", ")
	if s.Section != "" {
		line += " · " + s.Section
	}
	return line
}
