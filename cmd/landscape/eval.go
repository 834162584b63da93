package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/facts"
)

func runEval(ctx context.Context, e *env, args []string) error {
	asJSON := e.fs.Bool("json", false, "")
	factsFile := e.fs.String("facts", "", "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if *factsFile != "" {
		if len(pos) != 0 {
			return usagef("eval --facts: give the labels file only, e.g. landscape eval --facts labels.jsonl --corpus DIR")
		}
		return evalFacts(ctx, e, *factsFile, *asJSON)
	}
	if len(pos) != 1 {
		return usagef("eval: give one question file, e.g. landscape eval testdata/eval/questions.jsonl")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	qs, err := answer.ReadEvalSet(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	eng, closeFn, err := e.engine(ctx)
	if err != nil {
		return err
	}
	defer closeFn()
	rep, err := eng.Eval(ctx, qs)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	for _, m := range rep.Misses {
		switch {
		case m.None:
			fmt.Fprintf(e.stdout, "WRONG %q: want no answer, got %q\n", m.Q, oneLine(m.Quote))
		case !m.Answered:
			fmt.Fprintf(e.stdout, "REFUSED %q: want %q, got no answer (%s)\n", m.Q, m.Expect, m.Refusal)
		default:
			fmt.Fprintf(e.stdout, "WRONG %q: want %q, got %q\n", m.Q, m.Expect, oneLine(m.Quote))
		}
	}
	fmt.Fprintln(e.stdout, rep.Summary())
	return nil
}

// evalFacts scores the corpus's facts against figures labelled by hand
// (facts.ScoreLabels): each miss a line, then the summary.
func evalFacts(ctx context.Context, e *env, path string, asJSON bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	labels, err := facts.ReadLabels(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	c, err := e.loadCorpus(ctx)
	if err != nil {
		return err
	}
	set, err := interruptible(ctx, func() *facts.Set { return facts.Extract(c) })
	if err != nil {
		return err
	}
	rep := facts.ScoreLabels(labels, set.Facts)
	if asJSON {
		return writeJSON(e.stdout, rep)
	}
	for _, r := range rep.Results {
		l := r.Label
		if r.Fact == nil {
			fmt.Fprintf(e.stdout, "NOT FOUND %s %q in %q\n", l.Source, l.Figure, l.SentenceStart)
			continue
		}
		if r.All() {
			continue
		}
		fmt.Fprintf(e.stdout, "WRONG %s %q:", l.Source, l.Figure)
		if !r.Entity {
			fmt.Fprintf(e.stdout, " entity %q (want %q)", r.Fact.Entity, strings.Join(l.Entity, " | "))
		}
		if !r.Metric {
			fmt.Fprintf(e.stdout, " metric %q (want %q)", r.Fact.Metric, strings.Join(l.Metric, " | "))
		}
		if !r.Period {
			fmt.Fprintf(e.stdout, " period %q (want %q)", r.Fact.Period, l.Period)
		}
		fmt.Fprintf(e.stdout, " in %q\n", oneLine(r.Fact.Quote))
	}
	fmt.Fprintln(e.stdout, rep.Summary())
	return nil
}
