package answer

import (
	"fmt"
	"math"
)

// Model weighs a candidate's evidence into a score, ranks a question's
// candidates by it, and decides with a second set of weights how confident
// the engine may be that the best one is right. It is fitted, never set by
// hand: `go run ./answer/internal/fit` reads the training question sets,
// fits the ranking weights (a softmax over each question's candidates and
// "no answer", with an L2 penalty) and the decision weights (a logistic
// regression on out-of-fold outcomes), cross-validates both by page, picks
// the threshold, and writes them to model_fitted.go (see EVAL.md).
type Model struct {
	// Features names what each weight is for, in order: it must be
	// featureNames, or the model was fitted for another engine.
	Features []string
	Weights  []float64
	// Decision names the decision features (DecisionNames) and
	// DecisionWeights weigh them: the confidence is σ(weights · features).
	Decision        []string
	DecisionWeights []float64
	// Threshold is the least confidence with which the engine answers:
	// the lowest at which, in cross-validation, confident wrong answers
	// stayed within the target share of questions.
	Threshold float64
}

// FittedModel returns the model the engine ships with.
func FittedModel() Model { return fitted }

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
	names := DecisionNames()
	if len(m.Decision) != len(names) || len(m.DecisionWeights) != len(names) {
		return fmt.Errorf("model has %d decision features, the engine %d: refit it (go run ./answer/internal/fit)", len(m.Decision), len(names))
	}
	for i, n := range m.Decision {
		if n != names[i] {
			return fmt.Errorf("model decision feature %d is %q, the engine's %q: refit it (go run ./answer/internal/fit)", i, n, names[i])
		}
	}
	return nil
}

// score is the candidate's weighted evidence.
func (m *Model) score(x *features) float64 { return dot(m.Weights, x[:]) }

// Confidence is the estimated probability that the best candidate, whose
// decision features are d, is a right answer.
func (m *Model) Confidence(d []float64) float64 {
	return sigmoid(dot(m.DecisionWeights, d))
}

// dot is w·x over the features both have: a model fitted for other
// features (check fails, and a test says so) scores, if wrongly.
func dot(w, x []float64) float64 {
	s := 0.0
	for i := range min(len(w), len(x)) {
		s += w[i] * x[i]
	}
	return s
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
