package answer

import (
	"context"
)

// Candidate is one candidate answer with its evidence, as the model sees
// it: what the fit (internal/fit) learns the weights from.
type Candidate struct {
	Quote    string // as the answer would quote it
	Source   string // the document's ID
	Passage  string // the passage's ID
	Start    int    // the run's byte range in the passage
	End      int
	Answer   []string  // what it answers with, in words (see candidate.answer)
	Features []float64 // in the order of FeatureNames
}

// Candidates returns every candidate the engine weighs for question, in
// retrieval order. The fit labels them with the expected answers and
// learns the model from them.
func (e *Engine) Candidates(ctx context.Context, question string) ([]Candidate, error) {
	text, f, _ := prepare(question, Filter{})
	q, err := e.analyze(text)
	if err != nil || len(q.concepts) == 0 {
		return nil, err
	}
	cands, err := e.rank(ctx, q, f)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, len(cands))
	for i, c := range cands {
		out[i] = Candidate{Quote: e.excerpt(q, c).Quote, Source: c.p.Doc.ID, Passage: c.p.ID,
			Start: c.start, End: c.end, Answer: c.answer, Features: append([]float64(nil), c.x[:]...)}
	}
	return out, nil
}

// Decide is the engine's choice among a question's candidates given their
// scores under some ranking weights: the best, and its decision features
// (see decisionVector). The fit calls it so that it judges folds exactly
// as the engine answers.
func Decide(scores []float64, cands []Candidate) (best int, d []float64) {
	if len(cands) == 0 {
		return -1, nil
	}
	spans := make([]runSpan, len(cands))
	docs := make([]string, len(cands))
	agrees := make([]bool, len(cands))
	for i, c := range cands {
		spans[i], docs[i], agrees[i] = runSpan{c.Passage, c.Start, c.End, c.Answer}, c.Source, c.Features[fAgree] == 1
		if scores[i] > scores[best] {
			best = i
		}
	}
	return best, decisionVector(scores, spans, docs, agrees, best, cands[best].Features)
}

// runSpan places a run in its passage, with what it answers.
type runSpan struct {
	passage    string
	start, end int
	answer     []string
}
