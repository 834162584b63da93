package answer

import (
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
)

// figureEvidence is what one figure of the asked kind says for the run
// that holds it: how much of the question its clause matches (in "total
// revenue grew to RMB1.74bn; Gen AI revenue rose to RMB1.05bn", the
// question "genai revenue" is answered by the second clause), and what the
// facts layer reads of it — whose figure it is, what it measures, when.
type figureEvidence struct {
	at     int     // the figure's byte offset in the passage
	end    int     // where it ends
	cov    float64 // its clause's coverage, with the subjects the context holds and a period the run fits
	clause hits    // its clause's own matches
	fact   *facts.Fact
	// entity is +1 when the fact's entity is a subject the question names,
	// -1 when it is someone else while the question names a subject, 0
	// otherwise.
	entity int
	metric bool // the fact's metric names what the question asks of its subject
	// period is how the fact's own period fits the one asked: fitExact,
	// fitNone (another period), or -1 when the fact has none or none is
	// asked.
	period fit
	// noun is whether the words right after a count or per cent — what it
	// counts — name the measure asked ("700 million downloads") or
	// something else ("five vendors").
	noun measured
}

// bestFigure returns the evidence of the figure of the asked kind in the
// run that is the asked subject's (by what the facts layer reads of whose
// it is: in "$650 million in China, compared with $22.46bn in the US" the
// US asks for the second), and of those the one whose clause matches most
// of the question; nil when the run holds none.
func (e *Engine) bestFigure(q question, pm *passageMatch, run []unit, pfit fit) *figureEvidence {
	var best *figureEvidence
	for _, u := range run {
		for _, f := range u.figs {
			if !fits(q.kind, f.kind) || q.currency != "" && f.unit != q.currency {
				continue
			}
			ev := pm.figure(e, q, u, f, pfit)
			if best == nil || ev.entity > best.entity || ev.entity == best.entity && ev.cov > best.cov {
				best = ev
			}
		}
	}
	return best
}

// figure works out the evidence of figure f of unit u, once per question
// and passage.
func (pm *passageMatch) figure(e *Engine, q question, u unit, f figure, pfit fit) *figureEvidence {
	at := u.start + f.start
	key := [2]int{at, int(pfit)}
	if ev, ok := pm.figs[key]; ok {
		return ev
	}
	ev := &figureEvidence{at: at, end: u.start + f.end, fact: pm.in.factAt(at), period: -1}
	for _, cl := range u.clauses {
		if f.start < cl[0] || f.end > cl[1] {
			continue
		}
		from, to := u.start+cl[0], u.start+cl[1]
		var in []index.Token
		for _, t := range pm.in.toks[u.t0:u.t1] {
			if t.Start >= from && t.End <= to {
				in = append(in, t)
			}
		}
		ev.clause = match(q.concepts, in)
		break
	}
	if ev.fact != nil {
		e.factEvidence(q, ev)
		// What the facts layer reads the figure as measuring, and whose it
		// is, are the figure's own words too: the second figure of "$650
		// million in China, compared with $22.46bn in the US" measures
		// what the first does.
		ev.clause.union(match(q.concepts, e.ix.Analyze(ev.fact.Metric+" \n "+ev.fact.Entity)))
	}
	ev.cov = q.cov(q.subjectsFrom(q.datedBy(ev.clause, pfit), pm.titleSec))
	if q.hasMeasure() && (f.kind == KindCount || f.kind == KindPercent) {
		a, b := figureNoun(pm.p.Text[u.start:u.end], f.end)
		ev.noun = q.measures(toksIn(pm.in.toks, u, a, b))
	}
	if pm.figs == nil {
		pm.figs = map[[2]int]*figureEvidence{}
	}
	pm.figs[key] = ev
	return ev
}

// ownPeriod is the figure's own period as the facts layer reads it, or
// nil when it reads none (or there is no figure).
func (ev *figureEvidence) ownPeriod() []period {
	if ev == nil || ev.fact == nil || ev.fact.Period == "" {
		return nil
	}
	ps := facts.Periods(ev.fact.Period, facts.Ref{})
	if len(ps) == 0 {
		return nil
	}
	return ps[:1]
}

// factEvidence compares the fact the facts layer reads of the figure with
// the question: its entity with the subjects asked, its metric with what
// is asked of them, its period with the period asked.
func (e *Engine) factEvidence(q question, ev *figureEvidence) {
	f := ev.fact
	if f.Entity != "" {
		h := match(q.concepts, e.ix.Analyze(f.Entity))
		asked, named := false, false
		for i, c := range q.concepts {
			// A place asked counts however common it is in the corpus
			// (China, in a corpus about China): whose figure it is matters.
			if i < maxConcepts && (c.subject || c.place) {
				asked = true
				named = named || h.has(i)
			}
		}
		switch {
		case named:
			ev.entity = 1
		case asked:
			ev.entity = -1
		}
	}
	if f.Metric != "" {
		h := match(q.concepts, e.ix.Analyze(f.Metric))
		for i, c := range q.concepts {
			ev.metric = ev.metric || i < maxConcepts && h.has(i) && !c.subject && !c.year && !c.soft
		}
	}
	if ps := ev.ownPeriod(); !noPeriod(q.period) && ps != nil {
		ev.period = periodAgrees(q.period, ps)
	}
}
