package answer

import (
	"strings"

	"github.com/landscape-bot/landscape/corpus"
)

// vocab is the corpus's surface vocabulary (lower-cased words and their
// counts), used to correct typos in questions before they are analysed:
// correcting "investmnet" to "investment" works where fuzzy matching of
// stemmed index terms does not.
type vocab struct {
	count map[string]int
	byLen map[int][]string
}

func newVocab(c *corpus.Corpus, extra []string) *vocab {
	v := &vocab{count: make(map[string]int), byLen: make(map[int][]string)}
	v.addDocs(c.Docs)
	for _, e := range extra {
		v.add(e)
	}
	return v
}

func (v *vocab) add(text string) {
	for _, w := range splitWords(text) {
		w = strings.ToLower(w)
		if v.count[w] == 0 {
			n := len([]rune(w))
			v.byLen[n] = append(v.byLen[n], w)
		}
		v.count[w]++
	}
}

func (v *vocab) addDocs(docs []*corpus.Document) {
	for _, d := range docs {
		v.add(d.Title)
		v.add(d.Author)
		v.add(strings.Join(d.Tags, " "))
		for _, p := range d.Passages {
			v.add(p.Text)
			v.add(p.Section)
		}
	}
}

// with returns a copy of v with the words of docs added; v is unchanged (an
// engine may be using it). Words of removed documents stay: a correction
// towards a word no longer in the corpus only costs a weaker search.
func (v *vocab) with(docs []*corpus.Document) *vocab {
	n := &vocab{count: make(map[string]int, len(v.count)), byLen: make(map[int][]string, len(v.byLen))}
	for w, c := range v.count {
		n.count[w] = c
	}
	for l, ws := range v.byLen {
		n.byLen[l] = append([]string(nil), ws...)
	}
	n.addDocs(docs)
	return n
}

// correct returns the most frequent corpus word within the edit distance a
// word of this length tolerates (1 up to 7 letters, 2 from 8), or "".
func (v *vocab) correct(w string) string {
	n := len([]rune(w))
	if n < 4 || v.count[w] > 0 {
		return ""
	}
	maxD := 1
	if n >= 8 {
		maxD = 2
	}
	best, bestD, bestN := "", maxD+1, 0
	for l := n - maxD; l <= n+maxD; l++ {
		for _, cand := range v.byLen[l] {
			d := editDistance(w, cand, maxD)
			if d < bestD || (d == bestD && v.count[cand] > bestN) {
				best, bestD, bestN = cand, d, v.count[cand]
			}
		}
	}
	if bestD > maxD {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions), giving up above max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	// Rows live on the stack for ordinary words: this runs against many
	// vocabulary words per question, and heap rows fed the garbage
	// collector enough to show in the answer-latency tail.
	var stack [3][32]int
	var prev2, prev, cur []int
	if n := len(rb) + 1; n <= len(stack[0]) {
		prev2, prev, cur = stack[0][:n], stack[1][:n], stack[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
