package facts

import (
	"strings"

	"github.com/landscape-bot/landscape/corpus"
)

// sentence is one sentence or list item of a passage being read, with
// what it leans on: the list's lead-in, the passage's citation and the
// document's discourse.
type sentence struct {
	p           *corpus.Passage
	text, lead  string
	passageCite func() string
	dw          *docWords
	dc          *discourse
}

// facts returns the sentence's facts and comparisons, and tells the
// discourse what the sentence said.
func (s sentence) facts() ([]Fact, []Comparison) {
	pers := s.dc.periods(s.text)
	figs := parseWith(s.text, pers)
	if !hasFact(figs) {
		s.quiet(figs, pers)
		return nil, nil
	}
	r := read(s.text, figs, pers, s.dw)
	var idx, toks []int // the figures that are facts, and their tokens
	for i, f := range figs {
		if !f.IsPeriod() {
			idx = append(idx, i)
			toks = append(toks, r.figTok[i])
		}
	}
	r.factFigs = idx
	roles := make([]role, 0, len(idx))
	for k, i := range idx {
		if figs[i].Equivalent && k > 0 {
			roles = append(roles, roles[k-1]) // a restatement shares its figure's role
			continue
		}
		roles = append(roles, r.roleOf(i, roles, s.dc))
	}
	dates, dated, own := r.dates(toks, roles, s.lead, s.dc)
	cite := s.citation(r)
	leadHolder := ""
	if s.lead != "" {
		lr := read(s.lead, Parse(s.lead), nil, s.dw)
		if h := lr.mainHolder(); h.kind == nameHolder || h.kind == groupHolder {
			leadHolder = h.text // "Nanjing city set a 2024-2026 policy goal: (b) To create…"
		}
	}
	out := make([]Fact, len(idx))
	for k, i := range idx {
		f := figs[i]
		out[k] = Fact{
			Value: f.Value, Number: f.Number, Unit: f.Unit, Qualifier: f.Qualifier,
			Period: dates[k], Entity: s.entity(roles[k], r, leadHolder), Metric: roles[k].metric,
			Quote: s.text, Context: s.lead, Passage: s.p.ID, At: f.Start,
			Source: s.p.Source(), Cites: cite, seq: s.p.Seq,
			ownEntity:   roles[k].entity != "" && !roles[k].fromContext,
			Restatement: f.Equivalent && k > 0,
		}
		switch {
		case f.Equivalent && k > 0:
			out[k].Equivalent = figs[idx[k-1]].Value
		case k+1 < len(idx) && figs[idx[k+1]].Equivalent:
			out[k].Equivalent = figs[idx[k+1]].Value
		}
	}
	s.dc.after(r, roles, dated, own)
	return out, compare(s.text, r, out, toks)
}

// quiet reads a sentence without figures for what later ones lean on.
func (s sentence) quiet(figs []Figure, pers []Period) {
	if len(pers) == 0 && !s.mayName() {
		return
	}
	r := read(s.text, figs, pers, s.dw)
	var dated []Period
	pr := r.periodRoles(nil)
	for i, p := range r.pers {
		if !pr[i].base && !p.NoYear && p.Day == 0 {
			dated = append(dated, p)
		}
	}
	s.dc.after(r, nil, dated, dated)
}

// mayName reports whether the sentence may name a new topic: a capital
// after its first letter.
func (s sentence) mayName() bool {
	for i := 1; i < len(s.text); i++ {
		if c := s.text[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// entity is the holder a fact shows: a place by its canonical name, and
// for a list item that names none, the lead-in's.
func (s sentence) entity(ro role, r *reading, leadHolder string) string {
	e := ro.entity
	if (ro.fromContext || e == "") && leadHolder != "" {
		e = leadHolder
	}
	if c := canonicalEntity(e); c != "" && r.dw.place(e) {
		return c
	}
	if m := strings.ToLower(ro.metric); m != "" && (strings.EqualFold(e, m) || strings.HasSuffix(strings.ToLower(e), " "+m)) {
		return "" // "These six startups": what is counted holds nothing
	}
	return e
}

// citation is the source the sentence attributes its figures to: a
// citation corpus.Cites finds, else the name of the source that reports
// it (", CNBC reported"), else the passage's citation.
func (s sentence) citation(r *reading) string {
	if c := corpus.Cites(s.text); c != "" {
		return untilReport(c)
	}
	for _, n := range r.names {
		if r.cited[n.a] == citedSource {
			return n.text
		}
	}
	return s.passageCite()
}

// untilReport cuts a citation at the verb that reports it: "Brightline
// shows that 40% of …" is Brightline.
func untilReport(c string) string {
	ws := strings.Fields(c)
	for i, w := range ws {
		if i > 0 && citeVerbs[strings.ToLower(w)] {
			return strings.Join(ws[:i], " ")
		}
	}
	return c
}

// citeVerbs end a source's name in a citation: its own forms of report
// ("Report", "Estimates") may be part of the name.
var citeVerbs = toSet(`said says shows showed found finds noted notes suggested suggests revealed reveals reported added adds claimed claims`)

// dates dates every figure (toks are their tokens, in order) and returns
// the labels and the periods that dated them, for the next sentence.
func (r *reading) dates(toks []int, roles []role, lead string, dc *discourse) (labels []string, dated, own []Period) {
	pr := r.periodRoles(toks)
	var leadPers []Period
	if lead != "" {
		leadPers = Periods(lead, dc.ref())
	}
	labels = make([]string, len(toks))
	prev := -1
	for k, t := range toks {
		fr := r.frameOf(t)
		p, ok := r.dateOf(t, fr, pr, r.figureList(t), prev, dc)
		var per Period
		switch {
		case ok:
			per, prev = r.pers[p], p
		case r.impliedByBase(pr, &per):
			ok = true // "up 2.5% from the first quarter": the second
		case len(leadPers) > 0:
			per, ok = leadPers[0], true
		case dc.fresh && !roles[k].fromContext:
		default:
			per, ok = previousPeriod(dc.prev, r.fromToSide(t))
		}
		if ok && !per.NoYear {
			labels[k] = per.Label()
			if base := fr.prep == "from" && r.fromToSide(t) == 0 || fr.compared; !base && per.Day == 0 {
				// "accelerating from 28% in the first quarter" dates the
				// 28%, not what the next sentence speaks of.
				dated = appendPeriod(dated, per)
				if p >= 0 {
					own = appendPeriod(own, per)
				}
			}
		}
	}
	return labels, dated, own
}

// fromToSide says which side of "from X to Y" the figure at t is: -1 for
// X, 1 for Y, 0 for neither.
func (r *reading) fromToSide(t int) int {
	if t > 0 && r.toks[t-1].low == "from" {
		for k := t + 1; k < len(r.toks) && k <= t+3; k++ {
			if r.toks[k].low == "to" {
				return -1
			}
		}
	}
	if t > 0 && r.toks[t-1].low == "to" {
		for k := t - 2; k >= 0 && k >= t-4; k-- {
			if r.toks[k].low == "from" {
				return 1
			}
		}
	}
	return 0
}

func appendPeriod(ps []Period, p Period) []Period {
	for _, q := range ps {
		if q.From == p.From && q.To == p.To && q.Grain == p.Grain {
			return ps
		}
	}
	return append(ps, p)
}
