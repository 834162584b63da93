package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"io"
	"os"
	"strings"

	"github.com/landscape-bot/landscape/answer"
)

// fitAndReport cross-validates each penalty, keeps the one that answers
// most questions right within the wrong-answer limit, calibrates, reports,
// fits the final model on every question and writes it.
func fitAndReport(w io.Writer, cfg config, exs []*example) error {
	dim := len(answer.FeatureNames())
	folds := assignFolds(exs, cfg.folds, cfg.seed)
	primary := func(o outcome) bool { return o.ex.set != "questions.jsonl" && o.ex.set != "own.jsonl" }
	nPrimary := 0
	retrieved := 0
	for _, ex := range exs {
		if primary(outcome{ex: ex}) {
			nPrimary++
		}
		if ex.any {
			retrieved++
		}
	}
	limit := int(cfg.wrong * float64(nPrimary))
	fmt.Fprintf(w, "%d questions (%d in the fitted sets), %d with a right candidate retrieved; at most %d wrong (%.0f%%)\n",
		len(exs), nPrimary, retrieved, limit, 100*cfg.wrong)
	var best []outcome
	var bestLambda, bestT float64
	bestRight := -1
	for _, lambda := range cfg.lambdas {
		outs, err := crossValidate(exs, folds, cfg.folds, dim, lambda)
		if err != nil {
			return err
		}
		t := threshold(outs, limit, primary)
		s := count(outs, t, primary)
		fmt.Fprintf(w, "lambda %-5g threshold %.3f  %s\n", lambda, t, s)
		if s.right > bestRight {
			best, bestLambda, bestT, bestRight = outs, lambda, t, s.right
		}
	}
	a, b := platt(best)
	m := answer.Model{CalA: a, CalB: b}
	for i := range best {
		best[i].conf = m.Calibrate(best[i].p)
	}
	m.Threshold = m.Calibrate(bestT)
	fmt.Fprintf(w, "\nchosen: lambda %g; calibration a=%.3f b=%.3f; threshold %.3f\n", bestLambda, a, b, m.Threshold)
	report(w, cfg, best, m.Threshold)
	if cfg.dump != "" {
		if err := dumpOutcomes(cfg.dump, best, m.Threshold); err != nil {
			return err
		}
	}
	weights, err := fit(exs, dim, bestLambda)
	if err != nil {
		return err
	}
	m.Features, m.Weights = answer.FeatureNames(), weights
	printWeights(w, m)
	if cfg.out == "" {
		return nil
	}
	return writeModel(cfg.out, m, bestLambda, cfg)
}

func (s tally) String() string {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	return fmt.Sprintf("n %3d  answered right %3d/%3d (%4.1f%%)  wrong %2d (%3.1f%%)  refused %3d  none refused %2d/%2d",
		s.n, s.right, s.answerable, pct(s.right, s.answerable), s.wrong, pct(s.wrong, s.n), s.refused, s.noneRight, s.n-s.answerable)
}

// report prints the chosen model's cross-validated figures per fold and
// set, and the reliability of its confidence.
func report(w io.Writer, cfg config, outs []outcome, t float64) {
	fmt.Fprintln(w, "\nper fold (pooled sets):")
	for f := range cfg.folds {
		fmt.Fprintf(w, "  fold %d  %s\n", f, count(outs, t, func(o outcome) bool { return o.fold == f }))
	}
	fmt.Fprintln(w, "per set:")
	sets := map[string]bool{}
	for _, o := range outs {
		if !sets[o.ex.set] {
			sets[o.ex.set] = true
			set := o.ex.set
			fmt.Fprintf(w, "  %-16s %s\n", set, count(outs, t, func(o outcome) bool { return o.ex.set == set }))
		}
	}
	fmt.Fprintf(w, "  %-16s %s\n", "all", count(outs, t, nil))
	top := 0
	for _, o := range outs {
		if o.right {
			top++
		}
	}
	fmt.Fprintf(w, "  the best candidate is right for %d of %d questions\n", top, len(outs))
	fmt.Fprintln(w, "\nreliability (pooled out-of-fold; right = the best candidate is a right answer):")
	fmt.Fprintln(w, "| confidence | questions | mean confidence | right |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for lo := 0.0; lo < 1; lo += 0.1 {
		n, right, sum := 0, 0, 0.0
		for _, o := range outs {
			if o.conf >= lo && (o.conf < lo+0.1 || lo >= 0.85) {
				n++
				sum += o.conf
				if o.right {
					right++
				}
			}
		}
		if n > 0 {
			fmt.Fprintf(w, "| %.1f–%.1f | %d | %.2f | %.2f |\n", lo, lo+0.1, n, sum/float64(n), float64(right)/float64(n))
		}
	}
}

// dumpOutcomes writes, for each question, its out-of-fold choice and the
// best-placed right candidate, with their evidence.
func dumpOutcomes(path string, outs []outcome, t float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	names := answer.FeatureNames()
	for _, o := range outs {
		rec := map[string]any{"set": o.ex.set, "q": o.ex.q, "none": o.ex.none, "conf": o.conf, "answered": o.conf >= t, "right": o.right, "any": o.ex.any, "n": len(o.ex.cands)}
		if o.best >= 0 {
			rec["best"] = candidateRecord(o.ex, o.best, names)
		}
		for i, ok := range o.ex.correct {
			if ok {
				rec["want"] = candidateRecord(o.ex, i, names)
				break
			}
		}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

func candidateRecord(ex *example, i int, names []string) map[string]any {
	c := ex.cands[i]
	x := map[string]float64{}
	for j, v := range c.Features {
		if v != 0 {
			x[names[j]] = v
		}
	}
	return map[string]any{"quote": c.Quote, "source": c.Source, "x": x, "i": i}
}

func printWeights(w io.Writer, m answer.Model) {
	fmt.Fprintln(w, "\nweights:")
	for i, n := range m.Features {
		fmt.Fprintf(w, "  %-18s %+.3f\n", n, m.Weights[i])
	}
}

// writeModel writes the model as Go source, so that the engine starts
// with it compiled in (no file to read, nothing to parse).
func writeModel(path string, m answer.Model, lambda float64, cfg config) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./answer/internal/fit; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package answer\n\n")
	fmt.Fprintf(&b, "// fitted was fitted on %s and %s (lambda %g, %d folds grouped by page,\n// wrong answers at most %g of questions).\n",
		strings.Join(cfg.sets, ", "), strings.Join(cfg.builtin, ", "), lambda, cfg.folds, cfg.wrong)
	fmt.Fprintf(&b, "var fitted = Model{\n\tFeatures: []string{\n")
	for _, n := range m.Features {
		fmt.Fprintf(&b, "\t\t%q,\n", n)
	}
	fmt.Fprintf(&b, "\t},\n\tWeights: []float64{\n")
	for i, v := range m.Weights {
		fmt.Fprintf(&b, "\t\t%.6g, // %s\n", v, m.Features[i])
	}
	fmt.Fprintf(&b, "\t},\n\tCalA: %.6g,\n\tCalB: %.6g,\n\tThreshold: %.6g,\n}\n", m.CalA, m.CalB, m.Threshold)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format the model: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}
