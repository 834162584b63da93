package corpus

import (
	"hash/fnv"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Near-duplicate detection: documents are sets of word 5-grams ("shingles");
// MinHash signatures, banded, find candidate pairs without comparing every
// pair, and the exact Jaccard similarity of the shingle sets decides.
const (
	shingleWords   = 5
	minHashes      = 64
	bands          = 16 // of minHashes/bands rows each
	duplicateAbove = 0.8
)

// DuplicateOf maps each document that repeats another (the same article
// saved twice, a syndicated copy: 80% or more of its word 5-grams shared)
// to the one that is kept: the earliest published, else the first in
// order. Documents too short to judge are never duplicates.
func DuplicateOf(docs []*Document) map[*Document]*Document { return NewDeduper().Find(docs) }

// Deduper is DuplicateOf with memory: each document's shingles and
// signature are computed once, so checking a folder again after one file
// changed costs that file.
type Deduper struct {
	mu    sync.Mutex
	cache map[*Document]*dupInfo
}

type dupInfo struct {
	set map[uint64]bool
	sig [minHashes]uint64
}

// NewDeduper returns an empty Deduper.
func NewDeduper() *Deduper { return &Deduper{cache: map[*Document]*dupInfo{}} }

// Find is DuplicateOf for docs, reusing what it computed before; documents
// no longer given are forgotten.
func (dd *Deduper) Find(docs []*Document) map[*Document]*Document {
	dd.mu.Lock()
	defer dd.mu.Unlock()
	sets := make([]map[uint64]bool, len(docs))
	sigs := make([][minHashes]uint64, len(docs))
	live := make(map[*Document]*dupInfo, len(docs))
	for i, d := range docs {
		in, ok := dd.cache[d]
		if !ok {
			in = &dupInfo{set: shingles(d)}
			if len(in.set) >= minShingles {
				in.sig = signature(in.set)
			}
		}
		live[d] = in
		sets[i], sigs[i] = in.set, in.sig
	}
	dd.cache = live
	return keepOne(docs, duplicateGroups(sets, sigs))
}

// minShingles is how many shingles a document needs to be judged: a
// shorter one is never a duplicate.
const minShingles = 10

// duplicateGroups groups the documents (by index) whose shingle sets are
// duplicates: the bands of their signatures find candidate pairs, the
// exact similarity confirms them, and confirmed pairs are joined
// (union-find).
func duplicateGroups(sets []map[uint64]bool, sigs [][minHashes]uint64) map[int][]int {
	buckets := map[[2]uint64][]int{}
	for i := range sets {
		if len(sets[i]) < minShingles {
			continue
		}
		rows := minHashes / bands
		for b := range bands {
			h := fnv.New64a()
			for r := range rows {
				v := sigs[i][b*rows+r]
				h.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24), byte(v >> 32), byte(v >> 40), byte(v >> 48), byte(v >> 56)})
			}
			key := [2]uint64{uint64(b), h.Sum64()}
			buckets[key] = append(buckets[key], i)
		}
	}
	parent := make([]int, len(sets))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	checked := map[[2]int]bool{}
	for _, idx := range buckets {
		for a := 0; a < len(idx); a++ {
			for b := a + 1; b < len(idx); b++ {
				i, j := idx[a], idx[b]
				if checked[[2]int{i, j}] {
					continue
				}
				checked[[2]int{i, j}] = true
				// The share of equal MinHash entries estimates the
				// similarity; only likely pairs pay for the exact one.
				if estimate(&sigs[i], &sigs[j]) < duplicateAbove-0.2 {
					continue
				}
				if jaccard(sets[i], sets[j]) >= duplicateAbove {
					parent[find(j)] = find(i)
				}
			}
		}
	}
	groups := map[int][]int{}
	for i := range sets {
		groups[find(i)] = append(groups[find(i)], i)
	}
	return groups
}

// keepOne maps each document of a group of duplicates to the one kept: the
// earliest published (a dated copy before an undated one), else the first
// in order.
func keepOne(docs []*Document, groups map[int][]int) map[*Document]*Document {
	out := map[*Document]*Document{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sort.SliceStable(g, func(a, b int) bool {
			pa, pb := docs[g[a]].Published, docs[g[b]].Published
			if (pa == "") != (pb == "") {
				return pa != "" // a dated copy is the better reference
			}
			if pa != pb {
				return pa < pb // the original came first
			}
			return g[a] < g[b]
		})
		for _, i := range g[1:] {
			out[docs[i]] = docs[g[0]]
		}
	}
	return out
}

func shingles(d *Document) map[uint64]bool {
	var words []string
	for _, p := range d.Passages {
		words = append(words, strings.FieldsFunc(strings.ToLower(p.Text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
	}
	set := map[uint64]bool{}
	for i := 0; i+shingleWords <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:i+shingleWords], " ")))
		set[h.Sum64()] = true
	}
	return set
}

// signature is the MinHash of a shingle set under minHashes hash functions
// (one hash, mixed with a different odd multiplier each).
func signature(set map[uint64]bool) [minHashes]uint64 {
	var sig [minHashes]uint64
	for k := range sig {
		sig[k] = ^uint64(0)
	}
	for x := range set {
		for k := range sig {
			v := mix(x ^ (uint64(k+1) * 0x9e3779b97f4a7c15))
			if v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig
}

// mix is SplitMix64's finaliser: a cheap, well-spread 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func estimate(a, b *[minHashes]uint64) float64 {
	same := 0
	for k := range a {
		if a[k] == b[k] {
			same++
		}
	}
	return float64(same) / minHashes
}

func jaccard(a, b map[uint64]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for x := range a {
		if b[x] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
