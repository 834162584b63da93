// Command fit learns the answer engine's model (answer.Model) from question
// sets whose answers are known, and writes it to answer/model_fitted.go.
//
// For every question it asks the engine for its candidate answers and
// their evidence (answer.Engine.Candidates) and labels each candidate
// right when its quote holds every expected string. It fits the weights of
// a softmax over each question's candidates and "no answer" (a question
// nothing answers, or whose answer was not retrieved, should get none),
// with an L2 penalty; cross-validates with the pages grouped (a page's
// questions are all in the training folds or all in the test fold, and
// the questions no page answers are spread over the folds); calibrates the
// confidence on the pooled out-of-fold predictions; and picks the lowest
// threshold at which the pooled out-of-fold confident wrong answers stay
// within -wrong of the questions. It prints the figures per fold and
// pooled, the reliability of the confidence, and the weights.
//
// Run it from the module root after any change to the engine's evidence:
//
//	go run ./answer/internal/fit
//
// The question sets' page text is third-party material that stays outside
// the repository (../shared/eval); only the fitted numbers are committed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fit:", err)
		os.Exit(1)
	}
}

// config is what the command line sets.
type config struct {
	sets      []string // folders holding corpus/ and questions.jsonl
	builtin   []string // question sets on the built-in article
	synth     int      // near-miss documents beside the built-in article, for its sets asked again
	synthSeed uint64
	folds     int       // cross-validation folds
	lambdas   []float64 // L2 penalties tried; the best in cross-validation wins
	wrong     float64   // the share of questions confident wrong answers may take
	seed      uint64    // fold assignment
	out       string    // the generated Go file; "" prints only
	dump      string    // a JSON-lines file of each question's out-of-fold outcome, for failure analysis
	explain   string    // a question to explain with the shipped model instead of fitting
}

func run(ctx context.Context, args []string, w io.Writer) error {
	fs := flag.NewFlagSet("fit", flag.ContinueOnError)
	sets := fs.String("sets", "../shared/eval/train,../shared/eval/realweb", "comma-separated question-set folders (corpus/ and questions.jsonl in each)")
	builtin := fs.String("builtin", "testdata/eval/questions.jsonl,testdata/eval/own.jsonl", "comma-separated question sets on the built-in article")
	synth := fs.Int("synth", 2000, "ask the built-in article's sets again beside this many synthetic near-miss documents (0: don't)")
	synthSeed := fs.Uint64("synth-seed", 2, "seed of the near-miss documents (the tests use seed 1)")
	folds := fs.Int("folds", 10, "cross-validation folds")
	lambdas := fs.String("lambda", "0.01,0.03,0.1,0.3,1", "comma-separated L2 penalties to try")
	wrong := fs.Float64("wrong", 0.02, "the share of questions confident wrong answers may take")
	seed := fs.Uint64("seed", 1, "seed of the fold assignment")
	out := fs.String("out", "answer/model_fitted.go", "the Go file to write; empty prints only")
	dump := fs.String("dump", "", "write each question's out-of-fold outcome to this JSON-lines file")
	explain := fs.String("explain", "", "list the best candidates for this question under the shipped model, over the first -sets folder, and stop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := config{sets: split(*sets), builtin: split(*builtin), synth: *synth, synthSeed: *synthSeed, folds: *folds, wrong: *wrong, seed: *seed, out: *out, dump: *dump, explain: *explain}
	for _, l := range split(*lambdas) {
		var v float64
		if _, err := fmt.Sscan(l, &v); err != nil {
			return fmt.Errorf("-lambda %q: %w", l, err)
		}
		cfg.lambdas = append(cfg.lambdas, v)
	}
	if cfg.explain != "" {
		return explainQuestion(ctx, w, cfg)
	}
	exs, err := load(ctx, cfg)
	if err != nil {
		return err
	}
	return fitAndReport(w, cfg, exs)
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
