package lexicon

import (
	_ "embed"
	"strings"
)

//go:embed wordnet.tsv
var wordnetText string

// wordnet looks words up in the generated WordNet table: sorted lines
// "word<TAB>parts of speech<TAB>synonyms<TAB>derived forms" and
// "irregular form<TAB>=word". The table is searched in place (binary search
// over the embedded text), so it costs nothing at start-up.
type wordnet struct{ data string }

func defaultWordNet() *wordnet {
	d := wordnetText
	for strings.HasPrefix(d, "#") { // the header
		i := strings.IndexByte(d, '\n')
		if i < 0 {
			return &wordnet{}
		}
		d = d[i+1:]
	}
	return &wordnet{data: d}
}

// line returns the table's line for key, without the key.
func (w *wordnet) line(key string) (string, bool) {
	probe := key + "\t"
	lo, hi := 0, len(w.data)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(w.data[:mid], '\n') + 1
		end := strings.IndexByte(w.data[start:], '\n')
		if end < 0 {
			end = len(w.data) - start
		}
		ln := w.data[start : start+end]
		switch c := strings.Compare(prefix(ln, len(probe)), probe); {
		case c == 0:
			return ln[len(probe):], true
		case c < 0:
			lo = start + end + 1
		default:
			hi = start
		}
	}
	return "", false
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// entry is a word's row: its parts of speech, synonyms and derived forms,
// and the word it is also an irregular form of ("broke" of "break").
type entry struct{ pos, syn, der, formOf string }

func (w *wordnet) entry(word string) (entry, bool) {
	ln, ok := w.line(word)
	if !ok {
		return entry{}, false
	}
	if lemma, ok := strings.CutPrefix(ln, "="); ok {
		return w.entry(lemma)
	}
	f := strings.Split(ln, "\t")
	if len(f) < 3 {
		return entry{}, false
	}
	e := entry{pos: f[0], syn: f[1], der: f[2]}
	if len(f) > 3 {
		e.formOf = f[3]
	}
	return e, true
}

// detachments are WordNet's rules for finding a word's base form by part of
// speech ("morphy"): "users" is the noun "user", "founded" the verb "found".
var detachments = []struct {
	pos          byte
	suffix, base string
}{
	{'n', "s", ""}, {'n', "ses", "s"}, {'n', "xes", "x"}, {'n', "zes", "z"}, {'n', "ches", "ch"},
	{'n', "shes", "sh"}, {'n', "men", "man"}, {'n', "ies", "y"},
	{'v', "s", ""}, {'v', "ies", "y"}, {'v', "es", "e"}, {'v', "es", ""}, {'v', "ed", "e"},
	{'v', "ed", ""}, {'v', "ing", "e"}, {'v', "ing", ""},
	{'a', "er", ""}, {'a', "est", ""}, {'a', "er", "e"}, {'a', "est", "e"},
}

// lookup finds the row of a word as written or of its base form, trying
// only base forms whose part of speech the ending belongs to (so "news" is
// not the adjective "new"). A row without relations ("restricted", the
// adjective) gives way to a base form's that has some ("restrict").
func (w *wordnet) lookup(word string) (entry, bool) {
	e, found := w.entry(word)
	if found && e.syn+e.der != "" {
		return e, true
	}
	for _, d := range detachments {
		base, ok := strings.CutSuffix(word, d.suffix)
		if !ok || base == "" {
			continue
		}
		if b, ok := w.entry(base + d.base); ok && strings.IndexByte(b.pos, d.pos) >= 0 {
			if !found || b.syn+b.der != "" {
				return b, true
			}
		}
	}
	return e, found
}

// related returns the synonyms and derived forms of a word or phrase; a
// phrase's first word may be inflected ("sets aside").
func (w *wordnet) related(phrase []string) []Alt {
	if w == nil || w.data == "" {
		return nil
	}
	e, ok := w.lookup(strings.Join(phrase, " "))
	if !ok && len(phrase) > 1 {
		for _, d := range detachments {
			base, cut := strings.CutSuffix(phrase[0], d.suffix)
			if !cut || d.pos != 'v' || base == "" {
				continue
			}
			if e, ok = w.entry(strings.Join(append([]string{base + d.base}, phrase[1:]...), " ")); ok {
				break
			}
		}
	}
	if !ok {
		return nil
	}
	var out []Alt
	for _, s := range splitList(e.syn) {
		out = append(out, Alt{strings.Fields(s), Synonym})
	}
	for _, s := range splitList(e.der) {
		out = append(out, Alt{strings.Fields(s), Derived})
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
