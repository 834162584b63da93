package main

import (
	"math"
	"math/rand/v2"
	"sort"
)

// assignFolds deals the pages (groups) out to k folds in a shuffled order,
// and the questions no page answers round-robin, so that no page's
// questions are split between training and testing.
func assignFolds(exs []*example, k int, seed uint64) []int {
	var groups []string
	seen := map[string]bool{}
	for _, ex := range exs {
		if !ex.none && !seen[ex.group] {
			seen[ex.group] = true
			groups = append(groups, ex.group)
		}
	}
	sort.Strings(groups)
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
	fold := map[string]int{}
	for i, g := range groups {
		fold[g] = i % k
	}
	out := make([]int, len(exs))
	none := 0
	for i, ex := range exs {
		if ex.none {
			out[i] = none % k
			none++
			continue
		}
		out[i] = fold[ex.group]
	}
	return out
}

// outcome is the engine's choice for one question under weights fitted
// without its page.
type outcome struct {
	ex    *example
	fold  int
	best  int       // the chosen candidate, or -1
	d     []float64 // its decision features
	conf  float64   // the confidence, from decision weights fitted without its page
	right bool      // the choice is a right answer
}

// crossValidate fits on all folds but one and predicts the one, for each.
func crossValidate(exs []*example, folds []int, k, dim int, lambda float64) ([]outcome, error) {
	out := make([]outcome, len(exs))
	for f := range k {
		var train []*example
		for i, ex := range exs {
			if folds[i] != f {
				train = append(train, ex)
			}
		}
		w, err := fit(train, dim, lambda)
		if err != nil {
			return nil, err
		}
		for i, ex := range exs {
			if folds[i] == f {
				best, d := predict(ex, w)
				out[i] = outcome{ex: ex, fold: f, best: best, d: d, right: best >= 0 && ex.correct[best]}
			}
		}
	}
	return out, nil
}

// tally counts outcomes answered at threshold t (on conf).
type tally struct {
	n, answerable int
	right         int // answerable questions answered right
	wrong         int // answers where none, or another, was right
	refused       int // answerable questions left unanswered
	noneRight     int // questions nothing answers, left unanswered
}

func count(outs []outcome, t float64, keep func(outcome) bool) tally {
	var s tally
	for _, o := range outs {
		if keep != nil && !keep(o) {
			continue
		}
		s.n++
		answered := o.conf >= t
		if !o.ex.none {
			s.answerable++
		}
		switch {
		case answered && o.right:
			s.right++
		case answered:
			s.wrong++
		case o.ex.none:
			s.noneRight++
		default:
			s.refused++
		}
	}
	return s
}

// threshold is the lowest confidence at which answering every question
// whose confidence reaches it gives at most limit wrong answers among the
// outcomes keep selects.
func threshold(outs []outcome, limit int, keep func(outcome) bool) float64 {
	s := make([]outcome, 0, len(outs))
	for _, o := range outs {
		if keep(o) {
			s = append(s, o)
		}
	}
	sort.Slice(s, func(i, j int) bool { return s[i].conf > s[j].conf })
	t, wrong := 1.0, 0
	for i, o := range s {
		if !o.right {
			wrong++
		}
		if wrong > limit {
			break
		}
		// Answer down to o, but not between two equal confidences.
		if i+1 == len(s) || s[i+1].conf < o.conf {
			t = o.conf
		}
	}
	return t
}

// decisionCV fits the decision weights on all folds but one and sets the
// confidence of the one's outcomes, for each; outcomes without a
// candidate get none.
func decisionCV(outs []outcome, k int, lambda float64) error {
	for f := range k {
		var train []outcome
		for _, o := range outs {
			if o.fold != f && o.d != nil {
				train = append(train, o)
			}
		}
		v, err := fitDecision(train, lambda)
		if err != nil {
			return err
		}
		for i := range outs {
			if outs[i].fold == f {
				outs[i].conf = confidence(v, outs[i].d)
			}
		}
	}
	return nil
}

func confidence(v, d []float64) float64 {
	if d == nil {
		return 0
	}
	return sigmoid(dot(v, d))
}

// fitDecision fits the decision weights by L2-penalised logistic
// regression of the outcomes' rightness on their decision features (the
// bias unpenalised).
func fitDecision(outs []outcome, lambda float64) ([]float64, error) {
	return minimise(len(outs[0].d), lambda, func(v, g []float64) float64 {
		for j := range g {
			g[j] = 0
		}
		loss := 0.0
		for _, o := range outs {
			z := dot(v, o.d)
			// log(1+e^z) − y·z, computed stably
			loss += math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) - b2f(o.right)*z
			e := sigmoid(z) - b2f(o.right)
			for j, x := range o.d {
				g[j] += e * x
			}
		}
		return loss
	})
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
