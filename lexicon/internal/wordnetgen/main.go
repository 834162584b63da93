// Command wordnetgen writes the lexicon's WordNet table (wordnet.tsv) from a
// WordNet 3.x database: for each word, the synonyms and derivationally
// related forms of its most frequent senses.
//
// The database is not part of the module. On Debian:
//
//	apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb /tmp/wn
//	WORDNET_DICT=/tmp/wn/usr/share/wordnet go generate ./lexicon
//
// (or `apt-get install wordnet-base`, which puts it in /usr/share/wordnet).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// maxSenses is how many of a word's senses count: WordNet lists senses by
// their frequency in a tagged corpus, and beyond the second the senses are
// rare ones ("run" as a ladder in a stocking) that would make false matches.
const maxSenses = 2

// maxWordSenses and maxRelatedSenses leave out words so ambiguous that a
// synonym of one of their senses is weak evidence: "run" (57 senses) or
// "set" (over 100) would tie a question to nearly anything. A word with
// more senses than maxWordSenses gets no entry; one with more than
// maxRelatedSenses is never offered as another word's synonym.
const (
	maxWordSenses    = 25
	maxRelatedSenses = 15
	// rareWordSenses: an untagged (rare) word is kept when it has at most
	// this many senses, so its meaning is not in doubt ("earmark").
	rareWordSenses = 3
)

// skipLexFiles are the lexicographer files of the natural world — animals,
// plants, food, the body, weather — whose senses a landscape of companies,
// money and technology never means.
// lexPerson is WordNet's lexicographer file of nouns denoting people.
const lexPerson = 18

var skipLexFiles = map[int]bool{5: true, 8: true, 13: true, 20: true, 29: true, 34: true, 43: true}

type synset struct {
	lexFile int
	words   []string
	ptrs    []pointer
}

type pointer struct {
	sym      string
	offset   string
	pos      byte
	src, tgt int // 1-based word numbers; 0 for a relation between synsets
}

type lemma struct {
	senses []string // synset offsets, most frequent first
	tagged int      // senses seen in the tagged corpus
}

var posFiles = map[byte]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}

func main() {
	dict := flag.String("dict", os.Getenv("WORDNET_DICT"), "WordNet dict folder (index.noun, data.noun, …); default $WORDNET_DICT or /usr/share/wordnet")
	out := flag.String("out", "wordnet.tsv", "output file")
	flag.Parse()
	if *dict == "" {
		*dict = "/usr/share/wordnet"
	}
	if err := run(*dict, *out); err != nil {
		fmt.Fprintln(os.Stderr, "wordnetgen:", err)
		os.Exit(1)
	}
}

func run(dict, out string) error {
	synsets := map[byte]map[string]*synset{}
	lemmas := map[byte]map[string]*lemma{}
	for pos, name := range posFiles {
		var err error
		if synsets[pos], err = readData(filepath.Join(dict, "data."+name)); err != nil {
			return err
		}
		if lemmas[pos], err = readIndex(filepath.Join(dict, "index."+name)); err != nil {
			return err
		}
	}
	considered := func(pos byte, word string) []string {
		l := lemmas[pos][word]
		if l == nil {
			return nil
		}
		k := max(1, min(maxSenses, l.tagged))
		return l.senses[:min(k, len(l.senses))]
	}
	has := func(xs []string, x string) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	}
	senses := func(word string) int {
		n := 0
		for pos := range lemmas {
			if l := lemmas[pos][word]; l != nil {
				n += len(l.senses)
			}
		}
		return n
	}
	type rel struct {
		pos      map[byte]bool
		syn, der map[string]bool
	}
	table := map[string]*rel{}
	get := func(word string, pos byte) *rel {
		if table[word] == nil {
			table[word] = &rel{map[byte]bool{}, map[string]bool{}, map[string]bool{}}
		}
		table[word].pos[pos] = true
		return table[word]
	}
	// attested: the word was seen in WordNet's tagged corpus, or has one
	// senses at most rareWordSenses. Rare words of many senses ("musca volitans") are left out:
	// they never occur in questions and would only grow the table.
	attested := func(word string) bool {
		tagged := 0
		for pos := range lemmas {
			if l := lemmas[pos][word]; l != nil {
				tagged += l.tagged
			}
		}
		return tagged > 0 || senses(word) <= rareWordSenses
	}
	usable := func(w string) bool { return w != "" && senses(w) <= maxRelatedSenses && attested(w) }
	for pos, ls := range lemmas {
		for word := range ls {
			if senses(word) > maxWordSenses || !attested(word) {
				continue
			}
			for _, off := range considered(pos, word) {
				s := synsets[pos][off]
				if s == nil || skipLexFiles[s.lexFile] {
					continue
				}
				self := -1
				for i, w := range s.words {
					if w == word {
						self = i
					}
				}
				if self < 0 {
					continue // a proper noun's synset (capitalised in the data file)
				}
				for _, w := range s.words {
					if w != word && usable(w) && has(considered(pos, w), off) {
						get(word, pos).syn[w] = true
					}
				}
				for _, p := range s.ptrs {
					if p.sym != "+" || p.src != self+1 {
						continue
					}
					t := synsets[p.pos][p.offset]
					if t == nil || p.tgt < 1 || p.tgt > len(t.words) || skipLexFiles[t.lexFile] {
						continue
					}
					w := t.words[p.tgt-1]
					if w != word && usable(w) && has(considered(p.pos, w), p.offset) {
						get(word, pos).der[w] = true
						// A derived agent's synonyms are derived forms too:
						// "wrote" → "writer" → "author". Only for people
						// (lexicographer file noun.person): other derived
						// words' synonyms stray ("create" → "creature" →
						// "beast").
						for _, v := range t.words {
							if t.lexFile != lexPerson {
								break
							}
							if v != w && v != word && usable(v) && has(considered(p.pos, v), p.offset) {
								get(word, pos).der[v] = true
							}
						}
					}
				}
			}
		}
	}
	// Every other single-word lemma gets a row of its own, without
	// relations: the engine asks whether a word is English at all (a word
	// the corpus lacks that is no English word is a name it does not hold).
	for pos, ls := range lemmas {
		for word := range ls {
			if !strings.Contains(word, " ") && table[word] == nil && isWord(word) {
				get(word, pos)
			} else if r := table[word]; r != nil {
				r.pos[pos] = true
			}
		}
	}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "# Generated by lexicon/internal/wordnetgen from WordNet 3.0 (see WORDNET-LICENSE); do not edit.\n")
	fmt.Fprintf(w, "# word<TAB>parts of speech<TAB>synonyms<TAB>derived forms, of the word's %d most frequent senses\n", maxSenses)
	fmt.Fprintf(w, "# (every English word has a row, most without relations);\n")
	fmt.Fprintf(w, "# an irregular form<TAB>=its word; a word that is also an irregular form has that word in a fifth column.\n")
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		r := table[k]
		var ps []string
		for p := range r.pos {
			ps = append(ps, string(p))
		}
		sort.Strings(ps)
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s", k, strings.Join(ps, ""), strings.Join(sorted(r.syn), "|"), strings.Join(sorted(r.der), "|")))
	}
	// Irregular forms: a line of their own ("went<TAB>=go"), or, when the
	// form is a word of its own too ("broke", the adjective), a fifth
	// column on its row naming the word it is a form of.
	formOf := map[string]string{}
	for _, name := range posFiles {
		err := eachLine(filepath.Join(dict, name+".exc"), func(f []string) error {
			form := strings.ReplaceAll(f[0], "_", " ")
			for _, l := range f[1:] {
				l = strings.ReplaceAll(l, "_", " ")
				if table[l] == nil || formOf[form] != "" {
					continue
				}
				formOf[form] = l
				if table[form] == nil {
					lines = append(lines, form+"\t="+l)
				}
				break
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for i, ln := range lines {
		if k, _, _ := strings.Cut(ln, "\t"); formOf[k] != "" && !strings.HasPrefix(ln[len(k)+1:], "=") {
			lines[i] = ln + "\t" + formOf[k]
		}
	}
	sort.Strings(lines)
	lines = dedupe(lines)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// isWord reports whether a lemma is a plain word: lower-case letters,
// perhaps with inner hyphens or apostrophes.
func isWord(w string) bool {
	for i, r := range w {
		if !(r >= 'a' && r <= 'z' || (r == '-' || r == '\'') && i > 0) {
			return false
		}
	}
	return w != ""
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func readIndex(path string) (map[string]*lemma, error) {
	out := map[string]*lemma{}
	err := eachLine(path, func(f []string) error {
		// lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
		if len(f) < 4 {
			return fmt.Errorf("short index line")
		}
		pcnt, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		i := 4 + pcnt
		if i+2 > len(f) {
			return fmt.Errorf("short index line")
		}
		tagged, err := strconv.Atoi(f[i+1])
		if err != nil {
			return err
		}
		out[strings.ReplaceAll(f[0], "_", " ")] = &lemma{senses: f[i+2:], tagged: tagged}
		return nil
	})
	return out, err
}

func readData(path string) (map[string]*synset, error) {
	out := map[string]*synset{}
	err := eachLine(path, func(f []string) error {
		// offset lex_filenum ss_type w_cnt word lex_id … p_cnt ptr… | gloss
		lex, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(f[3], 16, 0)
		if err != nil {
			return err
		}
		s := &synset{lexFile: lex}
		i := 4
		for range n {
			w := f[i]
			if j := strings.IndexByte(w, '('); j > 0 {
				w = w[:j] // adjective markers: "elect(p)"
			}
			if strings.ToLower(w) != w {
				w = "" // a proper noun: never a synonym
			}
			s.words = append(s.words, strings.ReplaceAll(w, "_", " "))
			i += 2
		}
		pc, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		i++
		for range pc {
			st := f[i+3]
			src, _ := strconv.ParseInt(st[:2], 16, 0)
			tgt, _ := strconv.ParseInt(st[2:], 16, 0)
			s.ptrs = append(s.ptrs, pointer{sym: f[i], offset: f[i+1], pos: normPos(f[i+2][0]), src: int(src), tgt: int(tgt)})
			i += 4
		}
		out[f[0]] = s
		return nil
	})
	return out, err
}

func normPos(p byte) byte {
	if p == 's' {
		return 'a' // satellite adjectives live in the adjective files
	}
	return p
}

// eachLine calls fn with the space-separated fields of each data line of
// path (lines starting with two spaces are the licence header).
func eachLine(path string, fn func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.HasPrefix(t, "  ") || t == "" {
			continue
		}
		if bar := strings.Index(t, " | "); bar >= 0 {
			t = t[:bar]
		}
		if err := fn(strings.Fields(t)); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	return sc.Err()
}
