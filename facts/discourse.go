package facts

import (
	"strings"

	"github.com/landscape-bot/landscape/corpus"
)

// discourse is what a document has said so far that a sentence leans on:
// whom it is about ("the company", "its"), the place it named last ("the
// region"), the measure it spoke of last for each kind of figure, the
// periods of the sentence before, and the year and quarter it named last
// (for "full-year", "the fourth quarter", "the previous quarter").
type discourse struct {
	date  Ref    // the document's date
	topic string // the organisation the text is about now
	// groupTopic is set when the topic is a group ("AI companies"), which a
	// name replaces.
	groupTopic bool
	place      string // the place named last
	metrics    map[string]string
	// prev holds the previous sentence's periods that date its figures (not
	// those a change is measured from), whether it stated them or took
	// them from the sentence before; own only those it stated.
	prev, own []Period
	// fresh is set for a paragraph's first sentence: it takes the
	// previous sentence's periods only for figures it names no holder of
	// ("Revenue jumped 35.4 percent…" after "…for the April-June period").
	fresh bool
	// textYear and textQuarter are the year and quarter (first month)
	// named last.
	textYear, textQuarter int
}

// newDiscourse starts a document: its date, and its title's subject as
// the topic ("China's Cambricon posts first profit…" is about Cambricon).
func newDiscourse(d *corpus.Document, dw *docWords) *discourse {
	dc := &discourse{date: RefOf(d.Published), metrics: map[string]string{}}
	dc.topic = titleTopic(d.Title, dw)
	return dc
}

// ref is what the next sentence's relative dates are read against.
func (dc *discourse) ref() Ref {
	r := dc.date
	r.TextYear, r.TextQuarter = dc.textYear, dc.textQuarter
	return r
}

// isTitleCase reports whether a title capitalises most of its longer
// words ("Hyperscalers Ramp Up Capex Amid AI Boom"): its capitals then say
// nothing about names.
func isTitleCase(r *reading) bool {
	long, caps := 0, 0
	for i, t := range r.toks {
		if !r.isWord(i) || len(t.text) < 4 {
			continue
		}
		long++
		if startsUpper(t.text) {
			caps++
		}
	}
	return long >= 3 && 2*caps > long
}

// periods reads the periods of a sentence. On an undated page "the year"
// dates nothing: it is read as the page's year elsewhere, and the page
// gives none.
func (dc *discourse) periods(text string) []Period {
	ps := Periods(text, dc.ref())
	if dc.date.ok() {
		return ps
	}
	if low := strings.ToLower(text); containsWord(low, "year", "month", "quarter") {
		// "in the past year" on an undated page: a period nobody can
		// place, which still says the sentence is about some period.
		r := dc.ref()
		r.Year, r.Month = placeholderYear, 6
		for _, p := range relativePeriods(text, r) {
			if !overlapsPeriod(ps, p) {
				p.NoYear = true
				ps = append(ps, p)
			}
		}
		sortPeriods(ps)
	}
	for i, p := range ps {
		if w := strings.ToLower(p.Text(text)); strings.Contains(w, "the year") && !strings.Contains(w, "before") && !strings.Contains(w, "earlier") ||
			strings.Contains(w, "the fiscal year") || strings.Contains(w, "the financial year") {
			ps[i].NoYear = true
		}
	}
	return ps
}

// placeholderYear reads relative dates of an undated page only to find
// where they are; what they stand for is never used.
const placeholderYear = 2000

func overlapsPeriod(ps []Period, p Period) bool {
	for _, q := range ps {
		if p.Start < q.End && p.End > q.Start {
			return true
		}
	}
	return false
}

// titleTopic is the first name of a title that the document's text also
// capitalises inside sentences and that is no place: a headline's
// subject.
func titleTopic(title string, dw *docWords) string {
	if i := strings.LastIndex(title, ": "); i > 0 {
		title = title[:i] // "…: Challenger" names the source, "…: The State of AI" a subtitle
	}
	ps := Periods(title, Ref{})
	r := read(title, parseWith(title, ps), ps, dw)
	titleCase := isTitleCase(r)
	for _, n := range r.names {
		if dw.place(n.text) || r.toks[n.a].poss && n.b < len(r.toks) && r.toks[n.b].name >= 0 {
			continue
		}
		a, b := n.a, n.b
		known := func(i int) bool { return dw.capMid[r.toks[i].text] || !titleCase && !dw.lex.IsWord(r.toks[i].low) }
		for a < b && !known(a) {
			a++ // title case capitalises every word: keep the words the text does
		}
		for b > a && !known(b-1) {
			b--
		}
		if a < b {
			return r.text(a, b)
		}
	}
	return ""
}

// after records what sentence r said: its figures' roles and periods.
func (dc *discourse) after(r *reading, roles []role, dated, own []Period) {
	for i, ro := range roles {
		f := r.figs[r.factFigs[i]]
		if ro.metric != "" {
			dc.metrics[unitKind(f.Unit)] = ro.metric
		}
	}
	h := r.mainHolder()
	if len(roles) > 0 {
		ro := roles[0]
		switch {
		case ro.leads && !ro.fromContext && !ro.group && !r.dw.place(ro.entity) && ro.entity != "global":
			h = holder{text: ro.entity, kind: nameHolder, at: r.figTok[r.factFigs[0]]} // the figures' holder leads
		case ro.entity == "global" && !ro.fromContext && (dc.topic == "" || dc.groupTopic):
			dc.topic, dc.groupTopic = "global", true // "Global VC funding…": a text about the world
		}
	}
	switch {
	case h.kind == nameHolder && !r.dw.place(h.text) && !r.personAt(h.at) && !r.isSource(h.at):
		dc.topic, dc.groupTopic = h.text, false
	case h.kind == referHolder:
		if t, ok := r.resolve(h, dc); ok && !r.dw.place(t) {
			dc.topic = t
		}
	case h.kind == groupHolder && (dc.topic == "" || dc.groupTopic) && r.subjectHolds(h):
		// "Funding for AI companies totaled…": a text about a group,
		// until it names someone.
		dc.topic, dc.groupTopic = h.text, true
	}
	for _, n := range r.names {
		if r.dw.place(n.text) && r.cited[n.a] == notCited {
			dc.place = canonicalEntity(n.text)
		}
	}
	if len(dated) > 0 || len(roles) > 0 {
		dc.prev, dc.own = dated, own // a sentence without figures or periods keeps them
		dc.fresh = false
	}
	for _, p := range dated {
		if p.NoYear || p.Day > 0 || anaphoric(r, p) {
			continue // "on March 27" is when it was said, "the prior year" looks back
		}
		dc.textYear = p.To / 12
		if p.Grain == GrainQuarter {
			dc.textQuarter = p.From
		}
	}
}

// anaphoric reports whether p is written as a period before another:
// "the prior year", "the previous quarter", "a year earlier".
func anaphoric(r *reading, p Period) bool {
	if p.End > len(r.s) || p.Start >= p.End {
		return false
	}
	w := strings.ToLower(p.Text(r.s))
	return strings.Contains(w, "previous") || strings.Contains(w, "prior") || strings.Contains(w, "earlier") ||
		strings.Contains(w, "before") || strings.Contains(w, "ago") || strings.Contains(w, "same")
}

// isSource reports whether token i is cited as a source.
func (r *reading) isSource(i int) bool { return i < len(r.cited) && r.cited[i] == citedSource }

// subjectHolds reports whether the main holder h was read from inside a
// measure ("Funding for AI companies"): the text then measures that group.
func (r *reading) subjectHolds(h holder) bool {
	for i := range r.toks {
		if r.isVerb(i) && r.cited[i] == notCited {
			s := r.subjectOf(i)
			return r.isMeasure(s) && h.at > s.a
		}
	}
	return false
}
