package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/landscape-bot/landscape/answer"
)

// fitAndReport cross-validates each penalty, keeps the one that answers
// most questions right within the wrong-answer limit, calibrates, reports,
// fits the final model on every question and writes it.
func fitAndReport(w io.Writer, cfg config, exs []*example) error {
	dim := len(answer.FeatureNames())
	folds := assignFolds(exs, cfg.folds, cfg.seed)
	primary := func(o outcome) bool { return !builtinSet(o.ex.set, cfg) }
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
	var bestLambda, bestLambda2, bestT float64
	bestRight := -1
	for _, lambda := range cfg.lambdas {
		outs, err := crossValidate(exs, folds, cfg.folds, dim, lambda)
		if err != nil {
			return err
		}
		for _, lambda2 := range cfg.lambdas {
			if err := decisionCV(outs, cfg.folds, lambda2); err != nil {
				return err
			}
			t := threshold(outs, limit, primary)
			s := count(outs, t, primary)
			loose := count(outs, threshold(outs, 2*limit, primary), primary)
			fmt.Fprintf(w, "lambda %-5g decision lambda %-5g threshold %.3f  %s  top-1 %d  AP %.3f  right at %d wrong %d\n",
				lambda, lambda2, t, s, topRight(outs, primary), averagePrecision(outs, primary), 2*limit, loose.right)
			if s.right > bestRight {
				best, bestLambda, bestLambda2, bestT, bestRight = append([]outcome(nil), outs...), lambda, lambda2, t, s.right
			}
		}
	}
	m := answer.Model{Threshold: bestT}
	fmt.Fprintf(w, "\nchosen: lambda %g, decision lambda %g; threshold %.3f\n", bestLambda, bestLambda2, m.Threshold)
	report(w, cfg, best, m.Threshold)
	if cfg.dump != "" {
		if err := dumpOutcomes(cfg.dump, best, m.Threshold); err != nil {
			return err
		}
	}
	var withBest []outcome
	for _, o := range best {
		if o.d != nil {
			withBest = append(withBest, o)
		}
	}
	v, err := fitDecision(withBest, bestLambda2)
	if err != nil {
		return err
	}
	m.Decision, m.DecisionWeights = answer.DecisionNames(), v
	weights, err := fit(exs, dim, bestLambda)
	if err != nil {
		return err
	}
	m.Features, m.Weights = answer.FeatureNames(), weights
	printWeights(w, m)
	if cfg.out == "" {
		return nil
	}
	return writeModel(cfg.out, m, [2]float64{bestLambda, bestLambda2}, cfg)
}

// builtinSet reports whether a set is one of the built-in article's,
// alone or among near misses.
func builtinSet(set string, cfg config) bool {
	for _, f := range cfg.builtin {
		if b := filepath.Base(f); set == b || set == b+"+synth" {
			return true
		}
	}
	return false
}

// topRight counts the outcomes keep selects whose best candidate is right.
func topRight(outs []outcome, keep func(outcome) bool) int {
	n := 0
	for _, o := range outs {
		if keep(o) && o.right {
			n++
		}
	}
	return n
}

// averagePrecision ranks the outcomes keep selects by confidence and
// averages the precision at each right one: how well confidence puts the
// right answers first, whatever the threshold.
func averagePrecision(outs []outcome, keep func(outcome) bool) float64 {
	var s []outcome
	for _, o := range outs {
		if keep(o) {
			s = append(s, o)
		}
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].conf > s[j].conf })
	right, sum := 0, 0.0
	for i, o := range s {
		if o.right {
			right++
			sum += float64(right) / float64(i+1)
		}
	}
	if right == 0 {
		return 0
	}
	return sum / float64(right)
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
		rec := map[string]any{"set": o.ex.set, "q": o.ex.q, "none": o.ex.none, "conf": o.conf, "answered": o.conf >= t, "right": o.right, "any": o.ex.any, "n": len(o.ex.cands), "d": o.d}
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
	fmt.Fprintln(w, "\nranking weights:")
	for i, n := range m.Features {
		fmt.Fprintf(w, "  %-22s %+.3f\n", n, m.Weights[i])
	}
	fmt.Fprintln(w, "decision weights:")
	for i, n := range m.Decision {
		fmt.Fprintf(w, "  %-22s %+.3f\n", n, m.DecisionWeights[i])
	}
}

// writeModel writes the model as Go source, so that the engine starts
// with it compiled in (no file to read, nothing to parse).
func writeModel(path string, m answer.Model, lambdas [2]float64, cfg config) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./answer/internal/fit; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package answer\n\n")
	fmt.Fprintf(&b, "// fitted was fitted on %s and %s (lambda %g, decision lambda %g, %d folds\n// grouped by page, wrong answers at most %g of questions).\n",
		strings.Join(cfg.sets, ", "), strings.Join(cfg.builtin, ", "), lambdas[0], lambdas[1], cfg.folds, cfg.wrong)
	fmt.Fprintf(&b, "var fitted = Model{\n")
	writeWeights(&b, "Features", "Weights", m.Features, m.Weights)
	writeWeights(&b, "Decision", "DecisionWeights", m.Decision, m.DecisionWeights)
	fmt.Fprintf(&b, "\tThreshold: %.6g,\n}\n", m.Threshold)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format the model: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

func writeWeights(b *bytes.Buffer, names, weights string, ns []string, ws []float64) {
	fmt.Fprintf(b, "\t%s: []string{\n", names)
	for _, n := range ns {
		fmt.Fprintf(b, "\t\t%q,\n", n)
	}
	fmt.Fprintf(b, "\t},\n\t%s: []float64{\n", weights)
	for i, v := range ws {
		fmt.Fprintf(b, "\t\t%.6g, // %s\n", v, ns[i])
	}
	fmt.Fprintf(b, "\t},\n")
}
