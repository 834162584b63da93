package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/internal/synth"
)

// explainQuestion prints the best candidates for one question under the shipped
// model, with their scores and evidence: for failure analysis.
func explainQuestion(ctx context.Context, w io.Writer, cfg config) error {
	opts := corpus.Options{}
	if len(cfg.sets) > 0 {
		opts.Dir = filepath.Join(cfg.sets[0], "corpus")
	}
	c, _, err := corpus.Load(opts)
	if err != nil {
		return err
	}
	if opts.Dir == "" && cfg.synth > 0 {
		docs, err := synth.Documents(cfg.synthSeed, cfg.synth)
		if err != nil {
			return err
		}
		c, _ = corpus.FromDocuments(append(append([]*corpus.Document(nil), c.Docs...), docs...))
	}
	ix, err := index.NewMemory(c)
	if err != nil {
		return err
	}
	defer ix.Close()
	eng := answer.New(c, ix, answer.DefaultAliases())
	cands, err := eng.Candidates(ctx, cfg.explain)
	if err != nil {
		return err
	}
	m := answer.FittedModel()
	scores := make([]float64, len(cands))
	for i, cd := range cands {
		scores[i] = dot(m.Weights, cd.Features)
	}
	best, d := answer.Decide(scores, cands)
	if best >= 0 {
		fmt.Fprintf(w, "confidence %.3f (threshold %.3f):", m.Confidence(d), m.Threshold)
		for j, v := range d {
			if c := m.DecisionWeights[j] * v; c > 0.05 || c < -0.05 {
				fmt.Fprintf(w, " %s=%.2f(%+.2f)", m.Decision[j], v, c)
			}
		}
		fmt.Fprintln(w)
	}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	names := answer.FeatureNames()
	for _, i := range order[:min(8, len(order))] {
		fmt.Fprintf(w, "\n%+.2f %s: %s\n   ", scores[i], cands[i].Source, cands[i].Quote)
		for j, v := range cands[i].Features {
			if v != 0 && m.Weights[j]*v != 0 {
				fmt.Fprintf(w, " %s=%.2f(%+.2f)", names[j], v, m.Weights[j]*v)
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}
