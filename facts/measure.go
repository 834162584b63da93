package facts

import (
	"strings"
)

// measureOf says what the figure at token t measures, and whether it is a
// change of it ("growth", "decline"). In order: the noun the figure
// qualifies ("$11 billion investment", "15 new unicorns"), the noun it is
// "of" ("a valuation of $157bn"), "in funding" after money, "of total
// revenue" after a share, the verb's object ("raised its capex forecast to
// …"), what the verb implies ("raised" → funding), the verb's subject
// ("revenue rose to …"), and last the partner figure's measure or the
// measure the text spoke of last for figures of its kind.
func (r *reading) measureOf(t int, fr frame, prev *role, dc *discourse) (metric, change string) {
	f := r.figs[r.toks[t].fig]
	change = r.changeOf(t, fr)
	metric = r.ownMeasure(t, fr, f)
	if metric == "" && !fr.obj.empty() && r.isMeasure(fr.obj) {
		metric = r.measureText(fr.obj)
	}
	if metric == "" && fr.verb >= 0 && (f.IsMoney() || f.Unit == UnitCount) {
		metric = r.verbMeasure(fr.verb)
	}
	if metric == "" && r.isMeasure(fr.subj) {
		metric = r.measureText(fr.subj)
	}
	if metric == "" && f.Unit == UnitTimes && fr.verb >= 0 && changeVerbs[r.toks[fr.verb].low] {
		metric = "growth"
		if fallVerbs[r.toks[fr.verb].low] {
			metric = "decline"
		}
	}
	if metric == "" && t > 1 && r.gap(t-1) == "(" && r.isWord(t-1) {
		// "the shares were SK hynix (34%)": the clause's measure
		if fr2 := r.frameOf(t - 1); r.isMeasure(fr2.subj) {
			metric = r.measureText(fr2.subj)
		}
	}
	if metric == "" && prev != nil {
		metric = strings.TrimSuffix(strings.TrimSuffix(prev.metric, " growth"), " decline")
	}
	if metric == "" && dc != nil {
		metric = dc.metrics[unitKind(f.Unit)]
	}
	if scope := r.scopeAfter(t); scope != "" && metric != "" && !strings.Contains(metric, scope) {
		metric += " " + scope // "a core industry scale of 60 billion yuan in artificial intelligence"
	}
	if change != "" && metric != "" && !containsChangeWord(metric) {
		metric += " " + change
	}
	return metric, change
}

// scopeAfter is "in artificial intelligence" right after a figure: a
// field in lower case that narrows its measure (not a place, a period, a
// name or a measure of its own, as in "$40 billion in funding").
func (r *reading) scopeAfter(t int) string {
	_, b := r.segmentOf(t)
	if t+2 > b || r.toks[t+1].low != "in" || r.gap(t) != "" {
		return ""
	}
	p := phrase{t + 2, r.npAfter(t+2, b)}
	if p.empty() || p.b != b && !r.is(p.b, prepositionWords) && !r.isVerb(p.b) {
		return ""
	}
	for i := p.a; i < p.b; i++ {
		if !r.isWord(i) || r.toks[i].name >= 0 || r.capitalised(i) || r.is(i, determinerWords) || r.is(i, pronounWords) {
			return ""
		}
	}
	if r.isMeasure(p) {
		return ""
	}
	return "in " + r.text(p.a, p.b)
}

// ownMeasure reads the measure from the figure's own phrase.
func (r *reading) ownMeasure(t int, fr frame, f Figure) string {
	_, b := r.segmentOf(t)
	k := t + 1
	for k < b && r.gap(k-1) == "" && r.isWord(k) && isTimeAdverb(r.toks[k].low) {
		k++ // "a 32% year-on-year increase"
	}
	if k < b && r.gap(k-1) == "" && r.isVerb(k) && verbMetrics[r.toks[k].low] != "" && (f.IsMoney() || f.Unit == UnitCount) {
		return verbMetrics[r.toks[k].low] // "the $90 billion earned by Nvidia"
	}
	if k < b && r.gap(k-1) == "" && r.isNounish(k) && !r.isVerb(k) && !r.is(k, prepositionWords) {
		p := phrase{k, r.npAfter(k, b)}
		h := r.head(p)
		switch {
		case (f.Unit == UnitCount || f.Unit == UnitRank) && !(genericUnits[h] && r.bareUnit(p)):
			return r.measureText(p) // "15 new unicorns", "the No. 1 spot"
		case changeNouns[h] && !r.hasMeasureWord(p):
			return "" // "a 32% year-on-year increase": of the measure before
		case measureNouns[h] || changeNouns[h] || h == "raise" || h == "round":
			return r.measureText(p) // "$11 billion investment", "37 percent revenue growth"
		}
	}
	if fr.prep == "of" {
		if m := r.measureBeforeOf(t); m != "" {
			return m
		}
	}
	if f.Unit == UnitRank && k < b && r.gap(k-1) == "" && r.isWord(k) && !r.is(k, prepositionWords) {
		e := k
		for e < b && r.isWord(e) && !r.is(e, prepositionWords) && !r.isVerb(e) {
			e++
		}
		m := lowerFirst(r.phraseText(phrase{k, e})) // "No. 14 Overall free app"
		if !rankNouns[r.toks[e-1].low] {
			m += " rank"
		}
		return m
	}
	if f.Unit == UnitTimes {
		if m := r.comparedMeasure(t, len(r.toks)); m != "" {
			return m // "fivefold (4.8x) greater labour productivity growth"
		}
	}
	if m := r.frontedOf(t); m != "" {
		return m // "Of the total outlay around Rs 4,500 crore would be used…"
	}
	if m := r.bracketedMeasure(t); m != "" {
		return m // "a significant wage premium (up to 25% on average)"
	}
	if m := r.wordBeforeMeasure(t); m != "" {
		return m // "worth over $3bn", "valued at $157bn"
	}
	if fr.with {
		a, _ := r.segmentOf(t)
		if p := (phrase{a + 1, r.npAfter(a+1, t)}); r.isMeasure(p) {
			return r.measureText(p) // "with deal sizes over U.S. $200m"
		}
	}
	if fr.verb >= 0 && fr.prep == "at" && verbMetrics[r.toks[fr.verb].low] != "" {
		return verbMetrics[r.toks[fr.verb].low] // "value the company at $300 billion"
	}
	if fr.verb >= 0 && fr.prep == "at" && !fr.obj.empty() && !r.superlativeOnly(fr.obj) {
		if h := r.holderIn(fr.obj); h.kind != nameHolder && h.kind != referHolder {
			return r.measureText(fr.obj) // "anticipating the highest skills disruption at 48%"
		}
	}
	if fr.verb < 0 && fr.prep == "at" && t > 1 {
		a, _ := r.segmentOf(t)
		if p := (phrase{r.npStart(t-1, a), t - 1}); r.isMeasure(p) {
			return r.measureText(p) // "with the median annual VC investment at $9.5 million"
		}
	}
	if f.IsMoney() && t+2 < b && r.toks[t+1].low == "in" && r.gap(t) == "" {
		p := phrase{t + 2, r.npAfter(t+2, b)}
		if !p.empty() && r.isMeasure(p) && r.toks[t+2].name < 0 {
			return r.measureText(p) // "$40 billion in funding"
		}
	}
	if (f.Unit == UnitPercent || f.Unit == UnitFraction) && t+2 < b && r.toks[t+1].low == "of" && r.gap(t) == "" {
		p := phrase{t + 2, r.npAfter(t+2, b)}
		if txt := r.phraseText(p); txt != "" {
			return "share of " + txt
		}
	}
	return ""
}

// superlativeOnly reports whether a phrase is only a superlative ("the
// lowest"): it says where, not what.
func (r *reading) superlativeOnly(p phrase) bool {
	for i := p.a; i < p.b; i++ {
		w := r.toks[i].low
		if !determinerWords[w] && !strings.HasSuffix(w, "est") {
			return false
		}
	}
	return true
}

// hasMeasureWord reports whether a phrase holds a measure noun.
func (r *reading) hasMeasureWord(p phrase) bool {
	for i := p.a; i < p.b; i++ {
		if r.isWord(i) && measureNouns[r.toks[i].low] {
			return true
		}
	}
	return false
}

// comparedMeasure is the noun phrase after a multiplier and a comparative
// ("fivefold greater labour productivity growth", "3.5x faster postings").
func (r *reading) comparedMeasure(t, b int) string {
	k := t + 1
	for k < b && (r.isFig(k) && r.figs[r.toks[k].fig].Equivalent || r.isWord(k) && comparatives[r.toks[k].low]) {
		k++
	}
	if k == t+1 || k >= b {
		return ""
	}
	if p := (phrase{k, r.npAfter(k, b)}); !p.empty() && r.isMeasure(p) {
		return r.measureText(p)
	}
	return ""
}

var comparatives = toSet(`greater higher larger bigger faster more lower smaller less fewer slower`)

// frontedOf is the measure a sentence opens with "Of the …" to divide:
// "Of the total outlay, around Rs 4,500 crore would be used for…".
func (r *reading) frontedOf(t int) string {
	if len(r.toks) < 3 || r.toks[0].low != "of" {
		return ""
	}
	p := phrase{1, r.npAfter(1, t)}
	if p.b <= t && r.isMeasure(p) {
		return r.measureText(p)
	}
	return ""
}

// bracketedMeasure reads a figure in brackets after the measure it gives:
// "a significant wage premium (up to 25% on average in the US)".
func (r *reading) bracketedMeasure(t int) string {
	k := t - 1
	for k >= 0 && r.gap(k) == "" && (r.isQualifierWord(k) || r.toks[k].low == "to") {
		k--
	}
	if k < 0 || r.gap(k) != "(" || !r.isWord(k) {
		return ""
	}
	if p := (phrase{r.npStart(k+1, 0), k + 1}); r.isMeasure(p) {
		return r.measureText(p)
	}
	return ""
}

// wordBeforeMeasure is the measure the word before the figure implies,
// past qualifiers and "at": "worth over $3bn" is a valuation.
func (r *reading) wordBeforeMeasure(t int) string {
	i := t - 1
	for i >= 0 && (r.isQualifierWord(i) || r.toks[i].low == "at") && r.gap(i) == "" {
		i--
	}
	if i < 0 || r.gap(i) != "" || !r.isWord(i) {
		return ""
	}
	return verbMetrics[r.toks[i].low]
}

// measureBeforeOf reads "a valuation of $157bn", "net income of T$374.68
// billion": the noun before "of". A descriptor ("a five-quarter high of")
// or a change ("an increase of") leaves the measure to the clause.
func (r *reading) measureBeforeOf(t int) string {
	of := t - 1
	for of >= 0 && r.toks[of].low != "of" {
		of--
	}
	if of <= 0 {
		return ""
	}
	a, _ := r.segmentOf(of)
	p := phrase{r.npStart(of, a), of}
	h := r.head(p)
	if p.empty() || descriptorNouns[h] || changeNouns[h] {
		return ""
	}
	return r.measureText(p)
}

// measureText is a measure phrase without its holder, scope and period:
// "Samsung Electronics' HBM market share" is "HBM market share", "Global
// VC investment" is "VC investment", "Net income of TSMC" is "Net income".
func (r *reading) measureText(p phrase) string {
	if q, ok := r.ofPart(p); ok {
		p = q
	}
	a := p.a
	for i := p.a; i < r.core(p).b; i++ {
		if r.toks[i].poss {
			a = i + 1
		}
	}
	for a < p.b && (r.is(a, determinerWords) || r.is(a, pronounWords) || r.isPer(a) || r.isFig(a) ||
		scopeWords[r.toks[a].low] != "" || r.toks[a].name >= 0 && !r.acronymInMeasure(a, p)) {
		a++
	}
	c := r.scoped(phrase{a, p.b})
	if ofHeads[r.head(c)] && c.b < p.b && r.toks[c.b].low == "of" {
		c.b = r.npAfter(c.b+1, p.b) // "the total number of AI deals"
	}
	txt := r.phraseText(c)
	if txt == "" {
		return ""
	}
	if !r.capitalised(c.a) || r.toks[c.a].name < 0 {
		txt = lowerFirst(txt)
	}
	return txt
}

// scoped is a measure phrase with the prepositional phrases that narrow
// it ("private investment in the generative AI field") and without those
// that name its holder ("in China", "for AI start-ups", "of TSMC").
func (r *reading) scoped(p phrase) phrase {
	c := r.core(p)
	for i := c.b; i < p.b; {
		if !r.is(i, npPrepositions) {
			return c
		}
		j := i + 1
		for j < p.b && !r.is(j, npPrepositions) {
			j++
		}
		obj := phrase{i + 1, j}
		h := r.holderIn(obj)
		if h.kind != noHolder && !(h.kind == groupHolder && scopeNouns[r.head(obj)]) || r.hasPeriod(obj) {
			return c
		}
		c.b, i = j, j
	}
	return c
}

// hasPeriod reports whether a phrase holds a period.
func (r *reading) hasPeriod(p phrase) bool {
	for i := p.a; i < p.b; i++ {
		if r.isPer(i) {
			return true
		}
	}
	return false
}

// acronymInMeasure reports whether a capitalised token inside a measure
// phrase is part of the measure ("VC investment", "HBM market share"), not
// a holder: an all-capital term followed by more of the phrase.
func (r *reading) acronymInMeasure(i int, p phrase) bool {
	t := r.toks[i].text
	return i+1 < p.b && strings.ToUpper(t) == t && len(t) <= 6 && !r.dw.place(t)
}

// verbMeasure is the measure a verb implies, with its particle: "raised"
// is funding, "put in" investment.
func (r *reading) verbMeasure(v int) string {
	return verbMetrics[r.toks[v].low]
}

// changeOf says whether the figure at t is a change: after a verb of
// change ("rose 27.7%", "fell by 4.7%"), before a noun of change ("a 74%
// jump"), or after "up"/"down" ("…, up 28.1%").
func (r *reading) changeOf(t int, fr frame) string {
	f := r.figs[r.toks[t].fig]
	if f.Unit != UnitPercent && f.Unit != UnitTimes && f.Unit != UnitPoints {
		if k := t - 2; fr.prep == "of" && k >= 0 && changeNouns[r.toks[k].low] {
			return changeWord(r.toks[k].low) // "an increase of $10 billion"
		}
		return ""
	}
	if fr.verb >= 0 && changeVerbs[r.toks[fr.verb].low] && (fr.prep == "" || fr.prep == "by") && fr.obj.empty() {
		return changeWord(r.toks[fr.verb].low)
	}
	_, b := r.segmentOf(t)
	k := t + 1
	for k < b && r.isWord(k) && isTimeAdverb(r.toks[k].low) {
		k++
	}
	if k < b && changeNouns[r.toks[k].low] {
		return changeWord(r.toks[k].low)
	}
	for i := t - 1; i >= 0 && i >= t-3; i-- {
		if w := r.toks[i].low; (w == "up" || w == "down") && !r.isVerb(i-1) {
			return changeWord(w) // "…, up 28.1%", not "making up 34%"
		}
		if r.breaks(i) {
			break
		}
	}
	if fr.prep == "of" && t >= 2 && changeNouns[r.toks[t-2].low] {
		return changeWord(r.toks[t-2].low)
	}
	return ""
}

// changeWord names a change: "growth" for a rise, "decline" for a fall.
func changeWord(w string) string {
	switch {
	case fallVerbs[w], w == "down", w == "decline", w == "declines", w == "drop", w == "drops", w == "fall", w == "falls",
		w == "decrease", w == "decreases", w == "dip", w == "slump", w == "cut", w == "cuts", w == "reduction", w == "reductions", w == "contraction":
		return "decline"
	}
	return "growth"
}

func containsChangeWord(m string) bool {
	for _, w := range strings.Fields(strings.ToLower(m)) {
		if changeNouns[w] {
			return true
		}
	}
	return false
}

// isTimeAdverb reports whether w says over what time a change is measured:
// "year-on-year", "yoy", "sequentially".
func isTimeAdverb(w string) bool {
	switch w {
	case "year-on-year", "year-over-year", "yoy", "y/y", "on-year", "quarter-on-quarter", "quarter-over-quarter", "qoq",
		"month-on-month", "month-over-month", "sequentially", "annually", "annual", "annualised", "annualized", "compound":
		return true
	}
	return false
}

// bareUnit reports whether a phrase ending in a generic unit says nothing
// else but a size: "8-inch-equivalent units" (not "graphics processing
// units").
func (r *reading) bareUnit(p phrase) bool {
	for i := p.a; i < p.b-1; i++ {
		if !strings.Contains(r.toks[i].text, "-") {
			return false
		}
	}
	return true
}

// ofHeads are measures of something named after "of": "number of AI
// deals", "share of revenue".
var ofHeads = toSet(`number amount count volume share proportion percentage majority total value`)

// rankNouns name a place in a ranking themselves: "the No. 1 spot".
var rankNouns = toSet(`spot place position rank ranking slot`)

// genericUnits are nouns a count counts that say nothing of the measure:
// "8 million 8-inch-equivalent units" counts the subject's shipments.
var genericUnits = toSet(`units unit items pieces times people`)

// unitKind groups units whose figures may share a measure: money with
// money, per cents with per cents.
func unitKind(u string) string {
	if isCurrency(u) {
		return "money"
	}
	return u
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	w := strings.Fields(s)[0]
	if strings.ToUpper(w) == w && len(w) > 1 || strings.ToLower(w[1:]) != w[1:] {
		return s // "EBITDA", "HBM market share", "GenAI-related inventions"
	}
	return strings.ToLower(s[:1]) + s[1:]
}
