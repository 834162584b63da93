package answer

import (
	"fmt"
	"strings"

	"github.com/landscape-bot/landscape/lexicon"
)

// A run agrees with the question when it meets each of these, checked in
// this order; the first unmet gives the refusal reason, and how many are
// unmet is evidence for the model (the checks were the old engine's gates).
//
//   - subject: everything the question names is in the run or its context
//     (the passage, its heading, the document's title);
//   - period: the period asked for is the run's, read from the run, else
//     from the sentences before it, the heading and title, else the
//     document's date;
//   - kind: the run holds the kind of answer asked for (an amount, a per
//     cent, a count, a date, a person or organisation, a cited source, a
//     rank); a list or a reason is only preferred, since "which series"
//     may be answered in lower case and a reason without "because";
//   - measure: the run names what the asked figure measures.
func agree(q question, run []unit, unitHits []hits, section hits, pfit fit, runHits, titleSec, pass hits, otherFigure string) (reason string, unmet int) {
	fail := func(r string) {
		if reason == "" {
			reason = r
		}
		unmet++
	}
	if s := missingSubject(q, run, runHits, titleSec, pass); s != "" {
		fail("subject not found: " + s)
	}
	if pfit == fitNone {
		fail("period does not match: " + q.periodText)
	}
	if q.kind != KindAny && q.kind != KindReason && q.kind != KindNames && !kindHeld(q, run) {
		fail(fmt.Sprintf("no %s in the passage", kindNoun[q.kind]))
	}
	if (q.kind == KindWho || q.kind == KindNames) && !namedWhere(q, run, unitHits, section) {
		fail("no name where the question's words are")
	}
	if m := missingMeasure(q, runHits, run); m != "" {
		fail("measure not found: " + m)
	}
	if otherFigure != "" {
		fail("the figure is of " + otherFigure)
	}
	return reason, unmet
}

var kindNoun = map[Kind]string{
	KindMoney: "amount of money", KindCount: "count", KindNumber: "figure", KindPercent: "per cent",
	KindDate: "date", KindWho: "name", KindNames: "list of names", KindSource: "cited source", KindRank: "rank",
}

// missingSubject returns the first subject of the question the run is not
// about, or "". A subject is met by the run itself; by the document's title
// or the section heading when the run names at most maxOtherNames others;
// by the rest of the passage only when the run names nobody else ("it had
// over 3.6 million downloads"), since an article about several companies
// moves from one to another ("…Baichuan has seen its valuation swell").
func missingSubject(q question, run []unit, runHits, titleSec, pass hits) string {
	others := -1 // whether the run names others, found once when needed
	for i, c := range q.concepts {
		if i >= maxConcepts || !c.subject || runHits.has(i) {
			continue
		}
		if others < 0 {
			others = 0
			// The names a who or which question asks for are the answer,
			// not another subject.
			if q.kind != KindWho && q.kind != KindNames {
				others = namesOthers(q, run)
			}
		}
		if titleSec.has(i) && others <= maxOtherNames || pass.has(i) && others == 0 {
			continue
		}
		return c.label
	}
	return ""
}

// maxOtherNames is how many names the question does not give a run may
// hold and still be about a subject only the document's title or heading
// names: "Son said the venture will deploy $100 billion" is about the
// Stargate of the title, but a sentence naming two other companies is
// about them.
const maxOtherNames = 1

// namesOthers counts the names in a run that the question does not give.
func namesOthers(q question, run []unit) int { return len(newNames(q, run)) }

// newNames are the names in a run that the question does not give.
func newNames(q question, run []unit) []string {
	asked := q.askedWords()
	var out []string
	for _, u := range run {
		for _, name := range append(u.names[:len(u.names):len(u.names)], u.places...) {
			if !nameAsked(name, asked) {
				out = append(out, name)
			}
		}
	}
	return out
}

// missingMeasure returns why the run's figure is not of what the question
// measures, or "". A count must count the thing asked ("how many GPUs"
// against "eight models" does not answer). An amount or per cent must not
// be of another measure of its kind ("revenue" against a sentence about a
// valuation); a run that names no measure at all may still answer
// ("the plan starts at 68 yuan" for a price).
func missingMeasure(q question, run hits, units []unit) string {
	in, other := measureEvidence(q, run, units)
	label := ""
	for _, c := range q.concepts {
		if c.measure && label == "" {
			label = c.label
		}
	}
	switch {
	case in || label == "":
		return ""
	case other != "":
		return fmt.Sprintf("the figure is of %s, not %s", other, label)
	case q.kind == KindCount || q.kind == KindNumber || !q.measureLabelled():
		return label // a count, or a size ("power capacity"), is of the thing asked or of nothing
	}
	return ""
}

// measureEvidence reports whether the run names the measure the question
// asks for, and which other measure of the asked kind it names, if any.
func measureEvidence(q question, run hits, units []unit) (in bool, other string) {
	asked := map[string]bool{}
	for i, c := range q.concepts {
		if i < maxConcepts && c.measure {
			in = in || run.has(i)
			asked[c.measureLabel] = true
		}
	}
	if in || len(asked) == 0 {
		return in, ""
	}
	for _, u := range units {
		for m, kind := range u.measures {
			if measureKind[kind] == q.kind && !asked[m] && (other == "" || m < other) {
				other = m
			}
		}
	}
	return false, other
}

// measureLabelled reports whether every measure the question asks is one
// of the lexicon's, not only its own wording ("how many GPUs").
func (q question) measureLabelled() bool {
	for _, c := range q.concepts {
		if c.measure && c.measureLabel == "" {
			return false
		}
	}
	return true
}

// periodSource says where a run's periods were read.
type periodSource int

const (
	periodsOwn     periodSource = iota // the run's own sentences
	periodsBefore                      // the nearest sentence before it that names any
	periodsContext                     // the section heading and the document title
	periodsDated                       // the document's date
)

// runPeriods are the periods a run speaks of: its own (and the document's
// date when it speaks of the present), else those of the nearest sentence
// before it that has any, else the heading's and title's, else the
// document's date.
func runPeriods(in *passageInfo, us []unit, first, last int) ([]period, periodSource) {
	var ps []period
	present := false
	for i := first; i <= last; i++ {
		ps = append(ps, us[i].periods...)
		present = present || us[i].present
	}
	if present {
		ps = append(ps, in.dated...)
	}
	if len(ps) > 0 {
		return ps, periodsOwn
	}
	for i := first - 1; i >= 0; i-- {
		if len(us[i].periods) > 0 {
			return us[i].periods, periodsBefore
		}
	}
	if len(in.context) > 0 {
		return in.context, periodsContext
	}
	return in.dated, periodsDated
}

// periodAgrees is how well the best of a run's periods fits the question's;
// a question that asks no period agrees with any run.
func periodAgrees(q period, ps []period) fit {
	if noPeriod(q) {
		return fitExact
	}
	best := fitNone
	for _, p := range ps {
		best = max(best, periodFit(q, p))
	}
	return best
}

// kindHeld reports whether a run holds the kind of answer q asks for: a
// figure of the kind (in the currency asked), a date, a name the question
// does not already give, two such names or an enumeration, a cited source,
// a causal word.
func kindHeld(q question, run []unit) bool {
	switch q.kind {
	case KindAny:
		return true
	case KindReason:
		for _, u := range run {
			if u.reason {
				return true
			}
		}
		return false
	case KindSource:
		for _, u := range run {
			if u.cites {
				return true
			}
		}
		return false
	case KindRank:
		for _, u := range run {
			if u.rank {
				return true
			}
		}
		return false
	case KindWho, KindNames:
		asked := q.askedWords()
		names := 0
		for _, u := range run {
			found := u.names
			if q.kind == KindNames {
				found = append(found[:len(found):len(found)], u.places...) // "which countries…"
			}
			for _, n := range found {
				if !nameAsked(n, asked) {
					names++
				}
			}
			if q.kind == KindNames && (u.listing || u.item) {
				return true
			}
		}
		return names >= 1 && q.kind == KindWho || names >= 2
	}
	for _, u := range run {
		for _, f := range u.figs {
			if fits(q.kind, f.kind) && (q.currency == "" || f.unit == q.currency) {
				return true
			}
		}
		if q.kind == KindDate && len(u.periods) > 0 {
			return true
		}
	}
	return false
}

// namedWhere reports whether a sentence of the run names someone new — or,
// for a which question, enumerates — where it also holds what the question
// asks about them: "Baidu’s chief technology officer, Wang Haifeng,
// announced the milestone" answers who announced it; a sentence that
// discloses the milestone followed by one that names someone else does
// not. A question that asks nothing but the name ("who is Mark Greeven")
// needs only the name.
func namedWhere(q question, run []unit, unitHits []hits, section hits) bool {
	asked := q.askedWords()
	predicate := false
	for _, c := range q.concepts {
		predicate = predicate || !c.subject && !c.soft && !c.year
	}
	var all hits
	for _, h := range unitHits {
		all.union(h)
	}
	for k, u := range run {
		named := q.kind == KindNames && (u.listing || u.item)
		if !q.plural {
			// One name answers "who" and "which country"; "which
			// startups" asks for a list.
			for _, n := range append(u.names[:len(u.names):len(u.names)], u.places...) {
				named = named || !nameAsked(n, asked) // "who is second": the US
			}
		}
		// A heading labels its sentences ("About the author"); a list item
		// is read with its lead-in, the run's first unit.
		h := withHits(unitHits[k], section)
		if u.item {
			h.union(unitHits[0])
		}
		// The named sentence must hold most of what the run matches of
		// the question: "The firm disclosed the milestone. According to
		// Li, the API is used…" does not say who disclosed it.
		if named && (!predicate || q.hasPredicate(h) && q.predicateCov(h) >= predicateShare*q.predicateCov(withHits(all, section))) {
			return true
		}
	}
	return false
}

// predicateShare is the share of the run's match of the question's
// predicate that the sentence naming the answer must hold itself.
const predicateShare = 0.5

// predicateCov is the weight of the question's predicate concepts that h
// holds.
func (q question) predicateCov(h hits) float64 {
	w := 0.0
	for i, c := range q.concepts {
		if i < maxConcepts && h.has(i) && !c.subject && !c.soft && !c.year {
			w += c.weight
		}
	}
	return w
}

// hasPredicate reports whether h holds a concept of the question that is
// neither a subject, a year nor a soft word: what it asks about the
// subject.
func (q question) hasPredicate(h hits) bool {
	for i, c := range q.concepts {
		if i < maxConcepts && h.has(i) && !c.subject && !c.soft && !c.year {
			return true
		}
	}
	return false
}

// askedWords is q.asked, or the words worked out now for a question built
// by hand (tests).
func (q question) askedWords() map[string]bool {
	if q.asked != nil {
		return q.asked
	}
	return q.words()
}

// words are the question's words, lower case, as a set.
func (q question) words() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitWords(q.text) {
		m[strings.ToLower(w)] = true
	}
	for _, c := range q.concepts {
		for _, alt := range c.alts {
			for _, t := range alt {
				m[t] = true
			}
		}
	}
	return m
}

// nameAsked reports whether every word of a name is already in the
// question: "Baidu" does not answer "who owns Baidu".
func nameAsked(name string, asked map[string]bool) bool {
	for _, w := range splitWords(name) {
		lw := strings.ToLower(w)
		if !asked[lw] && !asked[lexicon.Stem(lw)] {
			return false
		}
	}
	return true
}
