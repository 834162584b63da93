package answer

import (
	"math"
	"slices"
	"sort"
)

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
	dBias         decisionFeature = iota
	dScore                        // the best candidate's score: its weighted evidence against "no answer"
	dMargin                       // its score less that of the best candidate of another passage
	dMarginDoc                    // its score less that of the best candidate of another document
	dClose                        // how many candidates of other passages score within closeScore of it (log scale)
	dLogitTop                     // logit of its probability, with the runs nested in it, among the topK best and "no answer"
	dMarginAgree                  // its score less that of the best candidate of another passage that meets every agreement check
	dLogitAnswer                  // logit of the probability, among the topK best, of the candidates that give its answer
	dLogitAgree                   // logit of its probability, with the runs nested in it, among the topK best that meet every agreement check
	nDecisionBase                 // the best candidate's features follow, but for their bias
)

var decisionBaseNames = [nDecisionBase]string{dBias: "bias", dScore: "score", dMargin: "margin", dMarginDoc: "margin_doc", dClose: "close", dLogitTop: "logit_top", dMarginAgree: "margin_agree", dLogitAnswer: "logit_answer", dLogitAgree: "logit_agree"}

// DecisionNames names the decision features, in order.
func DecisionNames() []string {
	out := append([]string(nil), decisionBaseNames[:]...)
	for _, n := range featureNames[fBias+1:] {
		out = append(out, "best_"+n)
	}
	return out
}

// maxMargin caps the margins: beyond it, the best stands alone either way.
const maxMargin = 10

// topK is how many of the best candidates the probability of the best is
// taken among: enough to hold the runs nested in it and its rivals, few
// enough that a corpus of many near misses does not dilute it.
const topK = 10

// closeScore is how near another candidate must score to count as close:
// one unit of score is a factor of e in the ranking model's odds.
const closeScore = 1

// decisionVector is the decision features of candidate best among
// candidates with scores, spans and documents; x is the best's evidence.
// None depends on how many weak candidates there are: a large corpus holds
// many near misses, and their number says nothing of the best.
func decisionVector(scores []float64, spans []runSpan, docs []string, agrees []bool, best int, x []float64) []float64 {
	d := make([]float64, int(nDecisionBase)+len(x)-1)
	d[dBias] = 1
	d[dScore] = scores[best]
	margin, marginDoc, marginAgree, close := float64(maxMargin), float64(maxMargin), float64(maxMargin), 0
	for i, s := range scores {
		if spans[i].passage == spans[best].passage {
			continue
		}
		margin = min(margin, scores[best]-s)
		if agrees[i] {
			marginAgree = min(marginAgree, scores[best]-s)
		}
		if docs[i] != docs[best] {
			marginDoc = min(marginDoc, scores[best]-s)
		}
		if scores[best]-s < closeScore {
			close++
		}
	}
	d[dMargin] = max(-maxMargin, margin)
	d[dMarginDoc] = max(-maxMargin, marginDoc)
	d[dMarginAgree] = max(-maxMargin, marginAgree)
	d[dClose] = math.Log1p(float64(close))
	d[dLogitTop] = logit(topMass(scores, spans, best, nested, nil))
	d[dLogitAnswer] = logit(topMass(scores, spans, best, sameAnswer, nil))
	d[dLogitAgree] = logit(topMass(scores, spans, best, nested, agrees))
	copy(d[nDecisionBase:], x[fBias+1:])
	return d
}

// topMass is the probability of candidate best, with the candidates like
// it (nested in it, or giving its answer), among the topK best-scored
// candidates and "no answer" — of those that agree with the question,
// when agrees is given (the best always counts).
func topMass(scores []float64, spans []runSpan, best int, like func(a, b runSpan) bool, agrees []bool) float64 {
	var order []int
	for i := range scores {
		if agrees == nil || agrees[i] || i == best {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	order = order[:min(topK, len(order))]
	top := make([]float64, len(order))
	sp := make([]runSpan, len(order))
	at := 0
	for k, i := range order {
		top[k], sp[k] = scores[i], spans[i]
		if i == best {
			at = k
		}
	}
	probs := probabilities(top)
	p := 0.0
	for k, s := range sp {
		if like(sp[at], s) {
			p += probs[k]
		}
	}
	return p
}

// nested reports whether one run lies within the other in their passage.
func nested(a, b runSpan) bool {
	return a.passage == b.passage && (b.start >= a.start && b.end <= a.end || b.start <= a.start && b.end >= a.end)
}

// sameAnswer reports whether two candidates give one answer: runs nested
// in each other, or the same figure, or a name in common — "Greeven" in
// one sentence and "Mark J. Greeven" in another answer "who wrote it"
// alike.
func sameAnswer(a, b runSpan) bool {
	if nested(a, b) {
		return true
	}
	for _, w := range a.answer {
		if slices.Contains(b.answer, w) {
			return true
		}
	}
	return false
}
