package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/internal/synth"
)

// example is one question with its candidates and their labels.
type example struct {
	set     string // the question set's name
	q       string
	group   string // the page that answers it, or a fold's share of the unanswerable
	none    bool   // nothing answers it
	cands   []answer.Candidate
	x       [][]float64
	correct []bool
	any     bool // some candidate is right
}

// load asks the engine for every question's candidates.
func load(ctx context.Context, cfg config) ([]*example, error) {
	var out []*example
	for _, dir := range cfg.sets {
		exs, err := loadSet(ctx, filepath.Base(dir), corpus.Options{Dir: filepath.Join(dir, "corpus")}, filepath.Join(dir, "questions.jsonl"))
		if err != nil {
			return nil, err
		}
		out = append(out, exs...)
	}
	base, _, err := corpus.Load(corpus.Options{})
	if err != nil {
		return nil, err
	}
	scenarios := []*corpus.Corpus{base}
	if cfg.synth > 0 {
		// The built-in article among thousands of near misses — its own
		// subject in other years, its startups measured otherwise — as a
		// large corpus is: the model must not take competition for doubt.
		docs, err := synth.Documents(cfg.synthSeed, cfg.synth)
		if err != nil {
			return nil, err
		}
		c, _ := corpus.FromDocuments(append(append([]*corpus.Document(nil), base.Docs...), docs...))
		scenarios = append(scenarios, c)
	}
	for i, c := range scenarios {
		for _, f := range cfg.builtin {
			name := filepath.Base(f)
			if i > 0 {
				name += "+synth"
			}
			exs, err := askSet(ctx, name, c, f)
			if err != nil {
				return nil, err
			}
			out = append(out, exs...)
		}
	}
	return out, nil
}

// builtinGroup is the page of the built-in article's questions.
const builtinGroup = "imd-genai-china-2024"

func loadSet(ctx context.Context, name string, opts corpus.Options, questions string) ([]*example, error) {
	c, problems, err := corpus.Load(opts)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %v", opts.Dir, problems)
	}
	return askSet(ctx, name, c, questions)
}

// askSet asks every question of a set of c.
func askSet(ctx context.Context, name string, c *corpus.Corpus, questions string) ([]*example, error) {
	ix, err := index.NewMemory(c)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	eng := answer.New(c, ix, answer.DefaultAliases())
	f, err := os.Open(questions)
	if err != nil {
		return nil, err
	}
	qs, err := answer.ReadEvalSet(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", questions, err)
	}
	var out []*example
	for _, q := range qs {
		cands, err := eng.Candidates(ctx, q.Q)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", q.Q, err)
		}
		ex := &example{set: name, q: q.Q, group: q.Source, none: q.None, cands: cands}
		if ex.group == "" && !q.None {
			ex.group = builtinGroup
		}
		for _, c := range cands {
			ok := !q.None && answer.Holds(c.Quote, q.Expect)
			ex.x = append(ex.x, c.Features)
			ex.correct = append(ex.correct, ok)
			ex.any = ex.any || ok
		}
		out = append(out, ex)
	}
	return out, nil
}
