package main

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/optimize"
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
	best  int     // the chosen candidate, or -1
	p     float64 // the model's probability for its choice
	conf  float64 // p calibrated
	right bool    // the choice is a right answer
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
				best, p := predict(ex, w)
				out[i] = outcome{ex: ex, fold: f, best: best, p: p, conf: p, right: best >= 0 && ex.correct[best]}
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

// platt fits the calibration σ(a·logit(p) + b) to the outcomes' rightness
// by maximum likelihood.
func platt(outs []outcome) (a, b float64) {
	f := func(v []float64) float64 {
		loss := 0.0
		for _, o := range outs {
			c := math.Min(1-1e-12, math.Max(1e-12, sigmoid(v[0]*logit(o.p)+v[1])))
			if o.right {
				loss -= math.Log(c)
			} else {
				loss -= math.Log(1 - c)
			}
		}
		return loss
	}
	g := func(grad, v []float64) {
		grad[0], grad[1] = 0, 0
		for _, o := range outs {
			z := logit(o.p)
			d := sigmoid(v[0]*z+v[1]) - b2f(o.right)
			grad[0] += d * z
			grad[1] += d
		}
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f, Grad: g}, []float64{1, 0}, nil, &optimize.BFGS{})
	if err != nil && res == nil {
		return 1, 0
	}
	return res.X[0], res.X[1]
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func logit(p float64) float64 {
	const eps = 1e-9
	p = math.Min(1-eps, math.Max(eps, p))
	return math.Log(p / (1 - p))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
