package answer

import "testing"

// The shipped model must be fitted for the engine's features: after any
// change to them, run `go run ./answer/internal/fit`.
func TestFittedModelFitsTheEngine(t *testing.T) {
	if err := fitted.check(); err != nil {
		t.Fatal(err)
	}
}

func TestProbabilities(t *testing.T) {
	ps := probabilities([]float64{0, 0})
	// Two candidates and "no answer" at the same score: a third each.
	for _, p := range ps {
		if p < 0.333 || p > 0.334 {
			t.Fatalf("probabilities = %v, want a third each", ps)
		}
	}
	if ps := probabilities([]float64{1000, -1000}); ps[0] < 0.999 || ps[1] > 1e-9 {
		t.Errorf("large scores overflow: %v", ps)
	}
}
