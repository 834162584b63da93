package answer

import (
	"fmt"
	"math"
)

// Model weighs a candidate's evidence into a score and turns the scores of
// a question's candidates into the confidence that the best one is right.
// It is fitted, never set by hand: `go run ./answer/internal/fit` reads the
// training question sets, fits the weights (a softmax over each question's
// candidates and "no answer", with an L2 penalty), cross-validates by page,
// calibrates the confidence and picks the threshold, and writes them to
// model_fitted.go (see EVAL.md for the figures).
type Model struct {
	// Features names what each weight is for, in order: it must be
	// featureNames, or the model was fitted for another engine.
	Features []string
	Weights  []float64
	// CalA and CalB calibrate: the confidence is σ(CalA·logit(p) + CalB),
	// where p is the model's probability for the best candidate (with the
	// candidates that overlap it and give the same figure), so that it
	// estimates the probability that the answer is right.
	CalA, CalB float64
	// Threshold is the least confidence with which the engine answers:
	// the lowest at which, in cross-validation, confident wrong answers
	// stayed within the target share of questions.
	Threshold float64
}

// check reports whether m was fitted for this engine's features.
func (m *Model) check() error {
	if len(m.Features) != int(nFeatures) || len(m.Weights) != int(nFeatures) {
		return fmt.Errorf("model has %d features and %d weights, the engine %d: refit it (go run ./answer/internal/fit)", len(m.Features), len(m.Weights), nFeatures)
	}
	for i, n := range m.Features {
		if n != featureNames[i] {
			return fmt.Errorf("model feature %d is %q, the engine's %q: refit it (go run ./answer/internal/fit)", i, n, featureNames[i])
		}
	}
	return nil
}

// score is the candidate's weighted evidence.
func (m *Model) score(x *features) float64 {
	s := 0.0
	for i, w := range m.Weights {
		s += w * x[i]
	}
	return s
}

// Calibrate maps the model's probability for the best candidate to the
// confidence that it is right.
func (m *Model) Calibrate(p float64) float64 {
	return sigmoid(m.CalA*logit(p) + m.CalB)
}

// probabilities turns scores into the softmax over the candidates and "no
// answer" (whose score is 0), in place order.
func probabilities(scores []float64) []float64 {
	top := 0.0 // "no answer"
	for _, s := range scores {
		top = max(top, s)
	}
	sum := math.Exp(-top)
	out := make([]float64, len(scores))
	for i, s := range scores {
		out[i] = math.Exp(s - top)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// logit is σ's inverse, kept finite at 0 and 1.
func logit(p float64) float64 {
	const eps = 1e-9
	p = min(1-eps, max(eps, p))
	return math.Log(p / (1 - p))
}
