package answer

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
)

// vocabOf builds the vocabulary of one document written in Markdown.
func vocabOf(t *testing.T, body string) *vocab {
	t.Helper()
	d, err := corpus.ParseMarkdown("doc.md", []byte("---\ntitle: T\n---\n\n"+body+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := corpus.FromDocuments([]*corpus.Document{d})
	return newVocab(c, nil)
}

func TestAcronymsAndCompounds(t *testing.T) {
	v := vocabOf(t, "Talks with the Public Investment Fund went on. The New York Times said India and its AI mission would gain. The fund is big.")
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"initials of a name the corpus writes", v.expansions("pif"), []string{"public investment fund"}},
		{"a name's initials, more than once", v.expansions("nyt"), []string{"new york times"}},
		{"no name has those initials", v.expansions("bcg"), []string(nil)},
		{"a word the corpus uses is no acronym", v.expansions("fund"), []string(nil)},
		{"a compound the corpus writes apart", v.compoundParts("IndiaAI"), []string{"india", "ai"}},
		{"a compound with a part the corpus lacks", v.compoundParts("KenyaAI"), []string(nil)},
		{"one word is no compound", v.compoundParts("India"), []string(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// A name the question writes out is the acronym the corpus writes for it.
func TestNameAcronyms(t *testing.T) {
	e := &Engine{vocab: vocabOf(t, "Investors backed SSI and SMIC this year. Nvidia and AMD did not.")}
	tests := []struct {
		q    string
		want []string
	}{
		{"how much did Safe Superintelligence raise", []string{"", "", "", "ssi", "ssi", ""}},
		{"what did Semiconductor Manufacturing International Corp earn", []string{"", "", "smic", "smic", "smic", "smic", ""}},
		{"is Advanced Micro Devices still profitable now", []string{"", "amd", "amd", "amd", "", "", ""}},
		{"did New Labs raise money", []string{"", "", "", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			words := splitWords(tt.q)
			if diff := cmp.Diff(tt.want, e.nameAcronyms(words, namedWords(words))); diff != "" {
				t.Errorf("nameAcronyms (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNamedWords(t *testing.T) {
	tests := []struct {
		q    string
		want []bool
	}{
		{"how large is Gemini 1.5 Pro's context window", []bool{false, false, false, true, true, true, false, false}},
		{"what did Claude 3 Opus score", []bool{false, false, true, true, true, false}},
		{"revenue in 2024 of Baidu", []bool{false, false, false, false, true}},
		{"how many were sold in 2023", []bool{false, false, false, false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, namedWords(splitWords(tt.q))); diff != "" {
				t.Errorf("namedWords (-want +got):\n%s", diff)
			}
		})
	}
}

// A name the corpus lacks means it cannot answer; a period, a unit, a
// corrected typo or an English word it writes otherwise does not.
func TestForeign(t *testing.T) {
	e := builtinEngine(t)
	tests := []struct {
		name string
		c    concept
		want bool
	}{
		{"a company the corpus never names", concept{label: "Tencent", words: []string{"tencent"}, named: true}, true},
		{"a place it never names", concept{label: "Kenya", words: []string{"kenya"}, named: true, place: true}, true},
		{"a quarter", concept{label: "Q3", words: []string{"q3"}, named: true}, false},
		{"a quarter with its year", concept{label: "Q3'24", words: []string{"q3'24"}, named: true}, false},
		{"a unit of measure", concept{label: "TWh", words: []string{"twh"}, named: true}, false},
		{"an English word written as a name", concept{label: "GDP", words: []string{"gdp"}, named: true}, false},
		{"a typo it corrected", concept{label: "Zhpiu", words: []string{"zhipu"}, corrected: true}, false},
		{"part of a longer name it uses", concept{label: "GPT", words: []string{"gpt"}, named: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.foreign(tt.c); got != tt.want {
				t.Errorf("foreign(%s) = %v, want %v", tt.c.label, got, tt.want)
			}
		})
	}
}

func TestTopMass(t *testing.T) {
	spans := []runSpan{
		{passage: "p#1", start: 0, end: 10, answer: []string{"greeven"}},
		{passage: "p#1", start: 0, end: 20, answer: []string{"greeven"}},
		{passage: "p#1", start: 10, end: 20},
		{passage: "p#2", start: 0, end: 10, answer: []string{"mark", "j", "greeven"}},
		{passage: "p#3", start: 0, end: 10, answer: []string{"smith"}},
	}
	scores := []float64{2, 1, 1, 1, 1}
	probs := probabilities(scores)
	// The sentence, and the run of it with the next: one answer. The next
	// sentence alone, or another passage, is another.
	if got, want := topMass(scores, spans, 0, nested, nil), probs[0]+probs[1]; math.Abs(got-want) > 1e-9 {
		t.Errorf("nested mass = %v, want %v", got, want)
	}
	if got, want := topMass(scores, spans, 1, nested, nil), probs[0]+probs[1]+probs[2]; math.Abs(got-want) > 1e-9 {
		t.Errorf("nested mass of the two-sentence run = %v, want %v (both sentences nest in it)", got, want)
	}
	// "Greeven" in one passage and "Mark J. Greeven" in another answer alike.
	if got, want := topMass(scores, spans, 0, sameAnswer, nil), probs[0]+probs[1]+probs[3]; math.Abs(got-want) > 1e-9 {
		t.Errorf("same-answer mass = %v, want %v", got, want)
	}
}

// The decision features of the best candidate do not change when weak
// candidates are added: a corpus of many near misses is no reason for
// doubt by itself.
func TestDecisionIgnoresWeakCandidates(t *testing.T) {
	x := make([]float64, nFeatures)
	x[fBias], x[fAgree] = 1, 1
	scores := []float64{3, 1, -1}
	spans := []runSpan{{passage: "a#1", end: 5}, {passage: "b#1", end: 5}, {passage: "c#1", end: 5}}
	docs := []string{"a", "b", "c"}
	agrees := []bool{true, false, true}
	add := func(n int, score float64) {
		for range n {
			scores = append(scores, score)
			spans = append(spans, runSpan{passage: "w#" + strings.Repeat("i", len(scores)), end: 5})
			docs = append(docs, "w")
			agrees = append(agrees, false)
		}
	}
	add(topK, -4) // the ten best are taken
	d := decisionVector(scores, spans, docs, agrees, 0, x)
	if d[dScore] != 3 || d[dMargin] != 2 || d[dMarginDoc] != 2 || d[dMarginAgree] != 4 {
		t.Errorf("score %v margin %v margin_doc %v margin_agree %v; want 3, 2, 2, 4", d[dScore], d[dMargin], d[dMarginDoc], d[dMarginAgree])
	}
	if d[dClose] != 0 {
		t.Errorf("close = %v, want 0: no rival within %v", d[dClose], closeScore)
	}
	add(100, -5)
	if diff := cmp.Diff(d, decisionVector(scores, spans, docs, agrees, 0, x)); diff != "" {
		t.Errorf("100 weak candidates changed the decision (-before +after):\n%s", diff)
	}
	if d[int(nDecisionBase)+int(fAgree)-1] != 1 {
		t.Error("the best candidate's own evidence is not among its decision features")
	}
}

func TestHolds(t *testing.T) {
	quote := "Revenue rose 12% to $3bn in 2024."
	for _, tt := range []struct {
		expect []string
		want   bool
	}{
		{[]string{"$3bn"}, true},
		{[]string{"$3BN", "12%"}, true},
		{[]string{"$3bn", "15%"}, false}, // one figure of two asked for is not the answer
		{nil, false},
	} {
		if got := Holds(quote, tt.expect); got != tt.want {
			t.Errorf("Holds(%q) = %v, want %v", tt.expect, got, tt.want)
		}
	}
}
