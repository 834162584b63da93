package lexicon

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed places.tsv
var placesText string

// Place is a country, region, province, state or city of the gazetteer.
type Place struct {
	Name    string   // as answers and facts show it: "China", "US", "Nanjing"
	Kind    string   // country, region, province, state, city or capital
	Names   []string // every lower-case name and demonym, Name's included
	Country string   // for a city, province or state: the country it is in
	Capital string   // for a country: its capital
}

// Gazetteer is the table of places: the one place-knowledge of the project.
type Gazetteer struct {
	byName map[string]*Place // every lower-case name (as Words splits it) → place
	byKey  map[string]*Place // canonical Name → place
}

var (
	gazOnce sync.Once
	gaz     *Gazetteer
)

// DefaultGazetteer returns the shipped gazetteer (places.tsv).
func DefaultGazetteer() *Gazetteer {
	gazOnce.Do(func() {
		g, err := parseGazetteer(placesText)
		if err != nil {
			panic("lexicon: embedded places.tsv: " + err.Error()) // covered by tests
		}
		gaz = g
	})
	return gaz
}

func parseGazetteer(text string) (*Gazetteer, error) {
	g := &Gazetteer{byName: map[string]*Place{}, byKey: map[string]*Place{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	var capitals [][2]string // capital, country
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d: want 4 tab-separated columns, got %d", line, len(f))
		}
		p := &Place{Name: f[1], Kind: f[0]}
		switch p.Kind {
		case "country":
			p.Capital = f[3]
			if p.Capital != "" && p.Capital != p.Name {
				capitals = append(capitals, [2]string{p.Capital, p.Name})
			}
		case "city", "province", "state", "region":
			p.Country = f[3]
		default:
			return nil, fmt.Errorf("line %d: unknown kind %q", line, p.Kind)
		}
		names := []string{f[1]}
		for _, v := range strings.Split(f[2], ",") {
			if v = strings.TrimSpace(v); v != "" {
				names = append(names, v)
			}
		}
		if err := g.add(p, names); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
	for _, c := range capitals {
		if g.byName[norm(c[0])] == nil {
			if err := g.add(&Place{Name: c[0], Kind: "capital", Country: c[1]}, []string{c[0]}); err != nil {
				return nil, err
			}
		}
	}
	return g, sc.Err()
}

func (g *Gazetteer) add(p *Place, names []string) error {
	for _, n := range names {
		k := norm(n)
		if k == "" {
			continue
		}
		if q := g.byName[k]; q == p {
			continue
		} else if q != nil {
			return fmt.Errorf("%q names both %s and %s", n, q.Name, p.Name)
		}
		g.byName[k] = p
		p.Names = append(p.Names, k)
	}
	g.byKey[p.Name] = p
	return nil
}

// norm is a name as Words splits and lower-cases it: "People's Republic of
// China" → "people republic of china".
func norm(name string) string { return strings.Join(lowerAll(Words(name)), " ") }

// Lookup returns the place a name (any case, any of its forms) names, or nil.
func (g *Gazetteer) Lookup(name string) *Place { return g.byName[norm(name)] }

// Canonical returns the name answers use for a place written name
// ("Chinese" → "China", "U.S." → "US"), and whether name is a place.
func (g *Gazetteer) Canonical(name string) (string, bool) {
	if p := g.Lookup(name); p != nil {
		return p.Name, true
	}
	return name, false
}

// Country returns the country a place is in, or the place itself.
func (g *Gazetteer) Country(p *Place) *Place {
	if p.Kind == "country" || p.Country == "" {
		return p
	}
	if c := g.byKey[p.Country]; c != nil {
		return c
	}
	return p
}

// alts are the other names a question's place may appear under: its own
// names, and for a capital its country's (news says "Tokyo" for Japan's
// government).
func (g *Gazetteer) alts(p *Place) []Alt {
	var out []Alt
	for _, n := range p.Names {
		out = append(out, Alt{strings.Fields(n), OtherName})
	}
	if p.Kind == "capital" {
		if c := g.byKey[p.Country]; c != nil {
			for _, n := range c.Names {
				out = append(out, Alt{strings.Fields(n), OtherName})
			}
		}
	}
	return out
}
