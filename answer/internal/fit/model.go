package main

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/optimize"

	"github.com/landscape-bot/landscape/answer"
)

// nll is the negative log-likelihood of the examples under w, with its
// gradient set in grad. Each question is a softmax over its candidates and
// "no answer" (score 0): the likelihood of an answerable question whose
// answer was retrieved is the probability of its right candidates; of any
// other question, that of "no answer".
func nll(exs []*example, w []float64, grad []float64) float64 {
	workers := runtime.GOMAXPROCS(0)
	losses := make([]float64, workers)
	grads := make([][]float64, workers)
	var wg sync.WaitGroup
	for k := range workers {
		grads[k] = make([]float64, len(w))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < len(exs); i += workers {
				losses[k] += exampleNLL(exs[i], w, grads[k])
			}
		}()
	}
	wg.Wait()
	total := 0.0
	for k := range workers {
		total += losses[k]
	}
	for j := range grad {
		grad[j] = 0
		for k := range workers {
			grad[j] += grads[k][j]
		}
	}
	return total
}

// exampleNLL is one question's term of nll; it adds its gradient to grad.
func exampleNLL(ex *example, w []float64, grad []float64) float64 {
	scores := make([]float64, len(ex.x))
	top, topRight := 0.0, math.Inf(-1) // "no answer" scores 0
	for i, x := range ex.x {
		scores[i] = dot(w, x)
		top = max(top, scores[i])
		if ex.correct[i] {
			topRight = max(topRight, scores[i])
		}
	}
	z, zRight := math.Exp(-top), 0.0
	for i, s := range scores {
		z += math.Exp(s - top)
		if ex.correct[i] {
			zRight += math.Exp(s - topRight)
		}
	}
	logZ := top + math.Log(z)
	loss := logZ // −log P(no answer)
	if ex.any {
		loss = logZ - topRight - math.Log(zRight)
	}
	for i, x := range ex.x {
		g := math.Exp(scores[i] - logZ)
		if ex.any && ex.correct[i] {
			g -= math.Exp(scores[i]-topRight) / zRight
		}
		for j, v := range x {
			grad[j] += g * v
		}
	}
	return loss
}

func dot(w, x []float64) float64 {
	s := 0.0
	for j, v := range x {
		s += w[j] * v
	}
	return s
}

// fit minimises nll over the examples with L-BFGS, from zero weights.
func fit(exs []*example, dim int, lambda float64) ([]float64, error) {
	return minimise(dim, lambda, func(v, g []float64) float64 { return nll(exs, v, g) })
}

// minimise finds the weights that minimise loss (given weights v, it
// returns the loss and sets its gradient g) plus the L2 penalty
// lambda/2·|v|² (the bias, v[0], unpenalised), with L-BFGS from zero.
// Features are left as they are: standardising them, tried, ranked and
// decided worse in cross-validation.
func minimise(dim int, lambda float64, loss func(v, g []float64) float64) ([]float64, error) {
	var lastW []float64
	var lastF float64
	lastG := make([]float64, dim)
	eval := func(w []float64) {
		if lastW != nil && slices.Equal(w, lastW) {
			return
		}
		lastW = append(lastW[:0], w...)
		lastF = loss(w, lastG)
		for j := 1; j < dim; j++ {
			lastF += lambda / 2 * w[j] * w[j]
			lastG[j] += lambda * w[j]
		}
	}
	p := optimize.Problem{
		Func: func(w []float64) float64 { eval(w); return lastF },
		Grad: func(grad, w []float64) { eval(w); copy(grad, lastG) },
	}
	res, err := optimize.Minimize(p, make([]float64, dim), &optimize.Settings{GradientThreshold: 1e-6, MajorIterations: 2000}, &optimize.LBFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("minimise: %w", err)
	}
	return res.X, nil
}

// predict scores an example under w: the engine's choice and its
// decision features.
func predict(ex *example, w []float64) (best int, d []float64) {
	scores := make([]float64, len(ex.x))
	for i, x := range ex.x {
		scores[i] = dot(w, x)
	}
	return answer.Decide(scores, ex.cands)
}
