package main

import (
	"math"
	"testing"
)

// No page's questions are split between folds; the questions no page
// answers are spread over all of them.
func TestFoldsKeepPagesWhole(t *testing.T) {
	var exs []*example
	for i := range 60 {
		exs = append(exs, &example{group: string(rune('a' + i%13))})
	}
	for range 20 {
		exs = append(exs, &example{none: true})
	}
	folds := assignFolds(exs, 5, 1)
	foldOf := map[string]int{}
	noneIn := map[int]int{}
	for i, ex := range exs {
		if ex.none {
			noneIn[folds[i]]++
			continue
		}
		if f, ok := foldOf[ex.group]; ok && f != folds[i] {
			t.Fatalf("page %q in folds %d and %d", ex.group, f, folds[i])
		}
		foldOf[ex.group] = folds[i]
	}
	for f := range 5 {
		if noneIn[f] != 4 {
			t.Errorf("fold %d holds %d unanswerable questions, want 4", f, noneIn[f])
		}
	}
}

// The threshold is the lowest confidence at which the wrong answers stay
// within the limit.
func TestThreshold(t *testing.T) {
	ex := &example{}
	none := &example{none: true}
	outs := []outcome{
		{ex: ex, conf: 0.99, right: true},
		{ex: none, conf: 0.95},
		{ex: ex, conf: 0.9, right: true},
		{ex: ex, conf: 0.8},
		{ex: ex, conf: 0.7, right: true},
	}
	all := func(outcome) bool { return true }
	for _, tt := range []struct {
		limit int
		want  float64
	}{{0, 0.99}, {1, 0.9}, {2, 0.7}} {
		if got := threshold(outs, tt.limit, all); got != tt.want {
			t.Errorf("threshold with %d wrong = %v, want %v", tt.limit, got, tt.want)
		}
	}
	s := count(outs, 0.9, nil)
	if s.right != 2 || s.wrong != 1 || s.refused != 2 || s.noneRight != 0 {
		t.Errorf("count at 0.9 = %+v, want 2 right, 1 wrong, 2 refused", s)
	}
}

// The ranking fit learns which evidence marks the right candidate: here a
// feature that is 1 exactly on the right one.
func TestFitLearnsTheRightCandidate(t *testing.T) {
	var exs []*example
	for i := range 40 {
		ex := &example{any: i%4 != 0, none: i%4 == 0}
		for j := range 5 {
			right := ex.any && j == i%5
			ex.x = append(ex.x, []float64{1, b2f(right), float64(j) / 5})
			ex.correct = append(ex.correct, right)
		}
		exs = append(exs, ex)
	}
	w, err := fit(exs, 3, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if w[1] < 2 || math.Abs(w[2]) > w[1]/2 {
		t.Errorf("weights %v: want a large weight on the marking feature, a small one on the noise", w)
	}
}

func TestFitDecisionIsCalibrated(t *testing.T) {
	var outs []outcome
	for i := range 200 {
		x := float64(i%10) / 10
		// right in proportion to x
		outs = append(outs, outcome{d: []float64{1, x}, right: float64(i%100)/100 < x})
	}
	v, err := fitDecision(outs, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := confidence(v, []float64{1, 0.1}), confidence(v, []float64{1, 0.9})
	if !(lo < 0.3 && hi > 0.7) {
		t.Errorf("confidence at 0.1 = %.2f, at 0.9 = %.2f; want them near 0.1 and 0.9", lo, hi)
	}
}
