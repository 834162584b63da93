package main

import (
	"context"
	"fmt"
	"os"

	"github.com/landscape-bot/landscape/answer"
)

func runEval(ctx context.Context, e *env, args []string) error {
	asJSON := e.fs.Bool("json", false, "")
	pos, err := e.parse(args)
	if err != nil {
		return err
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
