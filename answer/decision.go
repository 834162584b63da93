package answer

import "math"

// The engine answers with its best candidate only when it is confident
// that it is right. Confidence is a second fitted model, over what the
// engine knows of the best candidate when it decides: how likely the
// ranking model finds it against every other candidate and "no answer",
// how far it stands from the best of another passage, how much the other
// documents hold, and its own evidence. Fitted on out-of-fold outcomes
// (internal/fit), it is the estimated probability that the answer is
// right.
type decisionFeature int

const (
	dBias       decisionFeature = iota
	dLogitRuns                  // logit of the probability of the best with the runs nested in it
	dLogitBest                  // logit of the best candidate's own probability
	dMargin                     // its score less that of the best candidate of another passage
	dOtherDocs                  // the probability of other documents' candidates
	nDecisionBase               // the best candidate's features follow, but for their bias
)

var decisionBaseNames = [nDecisionBase]string{dBias: "bias", dLogitRuns: "logit_runs", dLogitBest: "logit_best", dMargin: "margin", dOtherDocs: "other_docs"}

// DecisionNames names the decision features, in order.
func DecisionNames() []string {
	out := append([]string(nil), decisionBaseNames[:]...)
	for _, n := range featureNames[fBias+1:] {
		out = append(out, "best_"+n)
	}
	return out
}

// maxMargin caps the margin: beyond it, the best stands alone either way.
const maxMargin = 10

// decisionVector is the decision features of candidate best among
// candidates with scores, spans and documents; x is the best's evidence.
func decisionVector(scores []float64, spans []runSpan, docs []string, best int, x []float64) []float64 {
	probs := probabilities(scores)
	d := make([]float64, int(nDecisionBase)+len(x)-1)
	d[dBias] = 1
	d[dLogitRuns] = logit(nestedMass(spans, probs, best))
	d[dLogitBest] = logit(probs[best])
	margin := float64(maxMargin)
	other := 0.0
	for i, s := range scores {
		if spans[i].passage != spans[best].passage {
			margin = min(margin, scores[best]-s)
		}
		if docs[i] != docs[best] {
			other += probs[i]
		}
	}
	d[dMargin] = math.Max(-maxMargin, margin)
	d[dOtherDocs] = other
	copy(d[nDecisionBase:], x[fBias+1:])
	return d
}
