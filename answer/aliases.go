package answer

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
)

//go:embed aliases.txt
var defaultAliases string

//go:embed places.txt
var defaultPlaces string

// Aliases maps words and phrases of a question to groups of equivalents.
// Each entry is a sequence of lower-case words (as splitWords produces).
type Aliases struct {
	groups [][][]string       // group → alternatives → words
	first  map[string][]entry // first word → entries starting with it, longest first
}

type entry struct {
	words []string
	group int
}

// DefaultAliases returns the aliases shipped with the binary.
func DefaultAliases() *Aliases {
	a, err := ParseAliases(strings.NewReader(defaultAliases))
	if err != nil {
		panic("embedded aliases.txt: " + err.Error()) // covered by tests
	}
	return a
}

// ParseAliases reads the aliases format: one comma-separated group a line,
// "#" comments and blank lines ignored.
func ParseAliases(r io.Reader) (*Aliases, error) {
	a := &Aliases{first: make(map[string][]entry)}
	return a, a.Add(r)
}

// Add merges more groups (a user's file) into a. A group sharing an entry
// with an existing group is merged into it.
func (a *Aliases) Add(r io.Reader) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var alts [][]string
		for _, part := range strings.Split(text, ",") {
			if w := splitWords(part); len(w) > 0 {
				alts = append(alts, lowerAll(w))
			}
		}
		if len(alts) < 2 {
			return fmt.Errorf("aliases line %d: need at least two comma-separated names, got %q", line, text)
		}
		a.addGroup(alts)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	return nil
}

func (a *Aliases) addGroup(alts [][]string) {
	g := -1
	for _, alt := range alts {
		if e, ok := a.lookup(alt); ok {
			g = e
			break
		}
	}
	if g < 0 {
		g = len(a.groups)
		a.groups = append(a.groups, nil)
	}
	for _, alt := range alts {
		if _, ok := a.lookup(alt); ok {
			continue
		}
		a.groups[g] = append(a.groups[g], alt)
		es := append(a.first[alt[0]], entry{words: alt, group: g})
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
		a.first[alt[0]] = es
	}
}

func (a *Aliases) lookup(words []string) (int, bool) {
	for _, e := range a.first[words[0]] {
		if equalWords(e.words, words) {
			return e.group, true
		}
	}
	return 0, false
}

// match returns the longest alias entry starting at words[i]: its length in
// words and its group's alternatives.
func (a *Aliases) match(words []string, i int) (int, [][]string) {
	for _, e := range a.first[words[i]] {
		n := len(e.words)
		if i+n <= len(words) && equalWords(e.words, words[i:i+n]) {
			return n, a.groups[e.group]
		}
	}
	return 0, nil
}

// phrases returns every alias as text; their words count as known words
// when questions are spell-checked.
func (a *Aliases) phrases() []string {
	var out []string
	for _, g := range a.groups {
		for _, alt := range g {
			out = append(out, strings.Join(alt, " "))
		}
	}
	return out
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func lowerAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

// placeSet is the gazetteer of places used to tell entities from topics.
type placeSet map[string]bool

func defaultPlaceSet() placeSet {
	p := make(placeSet)
	for _, l := range strings.Split(defaultPlaces, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p[strings.Join(lowerAll(splitWords(l)), " ")] = true
	}
	return p
}
