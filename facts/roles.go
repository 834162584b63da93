package facts

import (
	"strings"
)

// role is what a sentence says of one of its figures: whose it is and what
// it measures. The rules read the figure's own phrase first ("a $1.5bn
// raise by Anduril", "SK hynix (34%)", "Nvidia's revenue of …"), then the
// verb that governs it and that verb's subject, then the sentence before.
type role struct {
	entity string // the holder, as written ("" when the text gives none)
	metric string // what is measured, as written
	// change is set when the figure is a change of its measure ("rose
	// 27.7%", "a 74% jump"): "growth" or "decline".
	change string
	// group is set when the holder is a common noun phrase ("AI
	// companies"), not a name.
	group bool
	// fromContext is set when the holder was not in the figure's clause.
	fromContext bool
	// leads is set when the holder is what the figure's clause is about:
	// its subject, or whom money is given for (not an object's
	// possessor), so the text goes on about it.
	leads bool
}

// frame is the verb that governs a figure and the phrases around it.
type frame struct {
	verb int    // token of the verb, or -1
	obj  phrase // the noun phrase between the verb and the figure
	prep string // the preposition right before the figure: "to", "by", "from", "of", "at"
	// prepAt is the preposition's token, -1 when none.
	prepAt int
	// subj is the verb's subject, found past auxiliaries, appositives and
	// relative pronouns.
	subj phrase
	// compared is set when the figure is the other side of a comparison
	// ("compared with $22.46bn in the US", "versus 2024’s $104.7
	// billion"): no verb governs it.
	compared bool
	cmp      int // the comparison word's token, when compared
	// with is set when the figure's clause is "with" and a noun phrase
	// without a verb ("with deal sizes over U.S. $200m").
	with bool
}

// frameOf finds the verb before token t in its clause and the phrases
// between.
func (r *reading) frameOf(t int) frame {
	fr := frame{verb: -1, prepAt: -1}
	a, _ := r.segmentOf(t)
	i := t - 1
	for i >= a && (r.isQualifierWord(i) || r.isPer(i)) {
		i--
	}
	if r.is(i, prepositionWords) {
		fr.prep, fr.prepAt = r.toks[i].low, i
		i--
	}
	for ; i >= a; i-- {
		if comparisonWords[r.toks[i].low] && r.isWord(i) {
			fr.compared, fr.cmp = true, i
			return fr
		}
		if r.isVerb(i) && !r.reducedRelative(i, a) {
			fr.verb = i
			break
		}
		if r.is(i, clauseWords) && r.toks[i].low != "and" && r.toks[i].low != "or" || r.is(i, relativeWords) {
			return fr
		}
	}
	if fr.verb < 0 {
		fr.with = r.toks[a].low == "with"
		return fr
	}
	s := fr.verb + 1
	for s < t && (r.is(s, particles) && (r.toks[s].low == "up" || r.toks[s].low == "out" || r.isFig(s+1)) || r.is(s, adverbWords) || r.isVerb(s) || r.toks[s].low == "to" || r.isQualifierWord(s)) {
		s++
	}
	if e := r.npAfter(s, t); e > s && e <= t && !r.is(s, prepositionWords) {
		for e+1 < t && r.toks[e].low == "of" && r.gap(e-1) == "" {
			e2 := r.npAfter(e+1, t) // "the total number of AI deals", "the low end of its capex guidance"
			if e2 <= e+1 {
				break
			}
			e = e2
		}
		fr.obj = phrase{s, e}
	}
	fr.subj = r.subjectOf(fr.verb)
	return fr
}

// reducedRelative reports whether the participle at token i only
// describes the noun before it ("the total value of goods and services
// created worldwide by 7%"): a verb before it in the clause governs.
func (r *reading) reducedRelative(i, a int) bool {
	if !strings.HasSuffix(r.toks[i].low, "ed") || i == 0 || r.gap(i-1) != "" || !r.isNounish(i-1) || r.isVerb(i-1) ||
		!(r.is(i+1, adverbWords) || r.is(i+1, prepositionWords) || r.isWord(i+1) && scopeWords[r.toks[i+1].low] != "") {
		return false // "the company reduced its headcount": a verb with its object
	}
	for k := i - 1; k >= a; k-- {
		if r.isVerb(k) {
			return true
		}
	}
	return false
}

// comparisonWords turn a sentence to the other side of a comparison.
var comparisonWords = toSet(`compared versus vs than against whereas`)

// isQualifierWord reports whether token i only qualifies the figure after
// it: "about", "more than", "a record", "a staggering".
func (r *reading) isQualifierWord(i int) bool {
	if !r.isWord(i) {
		return false
	}
	w := r.toks[i].low
	switch w {
	case "about", "around", "nearly", "almost", "roughly", "approximately", "approx", "some", "over", "under", "more", "less", "fewer",
		"than", "just", "only", "up", "down", "least", "most", "much", "many", "as", "a", "an", "the", "record", "staggering",
		"estimated", "additional", "further", "another", "whopping", "mere", "total", "combined", "respective", "respectively",
		"close", "above", "below", "excess", "upwards", "well":
		return true
	}
	return false
}

// subjectOf finds the subject of the verb at v: the noun phrase before
// its auxiliaries and adverbs, past an appositive between commas ("Amazon,
// set to release its earnings on October 30, reported"), or the
// antecedent of a relative pronoun ("SK hynix, which recorded 57%").
func (r *reading) subjectOf(v int) phrase {
	c := v
	for c > 0 && (r.is(c-1, auxWords) || r.is(c-1, adverbWords) || r.toks[c-1].low == "to" || r.toks[c-1].low == "not" || r.isVerb(c-1) && r.gap(c-1) == "") && !r.breaks(c-1) {
		c--
	}
	bracket := false
	for c > 1 && r.gap(c-1) == ")" {
		o := c - 1 // "Mega-rounds (financing rounds of $100 million or more) contributed"
		for o > 0 && r.gap(o-1) != "(" {
			o--
		}
		if o == 0 {
			break
		}
		c, bracket = o, true
	}
	if c > 0 && r.breaks(c-1) && !bracket {
		switch g := r.gap(c - 1); {
		case strings.Contains(g, ",") && !strings.ContainsAny(g, "—–"):
			return r.subjectPastComma(c - 1)
		case strings.ContainsAny(g, "—–"):
			return r.subjectPastDash(c - 1)
		}
		return phrase{}
	}
	if c > 0 && r.is(c-1, relativeWords) {
		return r.antecedent(c - 1)
	}
	a := r.npStart(c, 0)
	if a < c && r.is(a, relativeWords) {
		// "Jobs that require AI skills carry…": the antecedent with its
		// relative clause.
		return phrase{r.antecedent(a).a, c}
	}
	if a > 0 && r.toks[a-1].low == "whose" {
		return r.antecedent(a - 1) // "Microsoft, whose capital expenditure totalled"
	}
	return phrase{a, c}
}

// subjectPastComma finds the subject of a verb that follows a comma after
// token i: the phrase before an appositive ("OpenAI, the firm behind
// ChatGPT, raised"), or, when the verb opens a clause of its own
// (", reaching $1.2 billion"), the subject of the verb before.
func (r *reading) subjectPastComma(i int) phrase {
	// The appositive is the stretch back to the comma before it.
	j := i - 1
	for j >= 0 && !(r.breaks(j) && strings.Contains(r.gap(j), ",")) {
		j--
	}
	if j >= 0 && j < i && r.appositive(j+1, i+1) {
		a := r.npStart(j+1, 0)
		if a <= j && (a == 0 || r.breaks(a-1) || r.is(a-1, prepositionWords)) && r.head(phrase{a, j + 1}) != "" && !r.isVerb(j) && r.cited[j] != citedSource {
			return phrase{a, j + 1}
		}
	}
	// A participle after a comma shares the subject of the clause before.
	for k := i; k >= 0; k-- {
		if r.isVerb(k) && r.cited[k] == notCited {
			return r.subjectOf(k)
		}
	}
	return phrase{}
}

// appositive reports whether tokens [a, b) between commas only describe
// the phrase before them: a noun phrase, or a participle that opens them
// ("set to release its earnings…"), with no finite verb of their own
// ("Doubao reclaimed its title…" is a clause).
func (r *reading) appositive(a, b int) bool {
	for k := a; k < b; k++ {
		if !r.isVerb(k) {
			continue
		}
		w := r.toks[k].low
		opener := (k == a || k == a+1 && r.is(a, adverbWords)) && (strings.HasSuffix(w, "ing") || pastForm(w))
		if !opener && !(k > 0 && r.toks[k-1].low == "to") {
			return false
		}
	}
	return true
}

// subjectPastDash finds the subject before an aside between dashes:
// "Alphabet—Google’s parent—stands out".
func (r *reading) subjectPastDash(i int) phrase {
	for j := i - 1; j >= 0; j-- {
		if strings.ContainsAny(r.gap(j), "—–") {
			a := r.npStart(j+1, 0)
			if a <= j {
				return phrase{a, j + 1}
			}
			return phrase{}
		}
		if r.isVerb(j) && !pastForm(r.toks[j].low) && !strings.HasSuffix(r.toks[j].low, "ing") {
			return phrase{}
		}
	}
	return phrase{}
}

// antecedent is the phrase a relative pronoun at token i stands for: the
// noun phrase before the comma before it.
func (r *reading) antecedent(i int) phrase {
	a := r.npStart(i, 0)
	for k := i - 1; k > a; k-- {
		if r.is(k, npPrepositions) && r.toks[k].low != "of" {
			return phrase{k + 1, i} // "a slowdown in US-based exit activity, which": the activity
		}
	}
	return phrase{a, i}
}

// roleOf finds the holder and the measure of figure fi; done holds the
// roles of the figures before it in the sentence.
func (r *reading) roleOf(fi int, done []role, dc *discourse) role {
	t := r.figTok[fi]
	fr := r.frameOf(t)
	var ro role
	h := r.figureHolder(t, fr)
	ro.leads = h.kind != noHolder && (h.at >= fr.subj.a && h.at < fr.subj.b || h.via == viaBeneficiary)
	switch h.kind {
	case referHolder:
		ro.entity, _ = r.resolve(h, dc)
	case nameHolder, scopeHolder:
		ro.entity = h.text
	case groupHolder:
		ro.entity, ro.group = h.text, true
	}
	if ro.entity == "" {
		if p := r.placeAround(t, fr); p != "" {
			ro.entity = p
		}
	}
	prev := r.partner(t, done)
	if ro.entity == "" && prev != nil {
		ro.entity, ro.group, ro.fromContext = prev.entity, prev.group, prev.fromContext
	}
	if a, b := r.segmentOf(t); ro.entity == "" && fr.verb < 0 && !fr.compared && !r.hasVerb(a, b) {
		// "…, responsible for 208,227 cuts": a clause without a verb
		// belongs to the sentence's subject.
		if h := r.mainHolder(); h.kind == nameHolder || h.kind == groupHolder {
			ro.entity, ro.group = h.text, h.kind == groupHolder
		}
	}
	if ro.entity == "" && r.mentionsScope() && (dc == nil || dc.topic == "" || dc.groupTopic) {
		ro.entity = "global" // "… a transformation in the global employment landscape, projecting …"
	}
	if ro.entity == "" && dc != nil && dc.topic != "" {
		ro.entity, ro.fromContext = dc.topic, true
	}
	ro.metric, ro.change = r.measureOf(t, fr, prev, dc)
	return ro
}

// figureHolder reads the holder from the figure's own phrase, then the
// object and the subject of its verb.
func (r *reading) figureHolder(t int, fr frame) holder {
	if h := r.parenHolder(t); h.kind != noHolder {
		return h
	}
	if h := r.agentAfter(t); h.kind != noHolder {
		return h
	}
	if t > 0 && r.toks[t-1].poss && r.gap(t-1) == "" {
		if h := r.holderAtToken(t - 1); h.kind != noHolder {
			return h // "ByteDance’s $11 billion investment"
		}
	}
	if h := r.shareOf(t, fr); h.kind != noHolder {
		return h
	}
	if h := r.destination(t, fr); h.kind != noHolder {
		return h
	}
	if !fr.obj.empty() {
		h := r.holderIn(fr.obj)
		if h.kind == nameHolder || h.kind == referHolder {
			return h // "cut Microsoft’s take from 20 to 8 per cent"
		}
		if h.kind == scopeHolder && fr.prep == "by" {
			return h // "could increase the total value of goods and services created worldwide by 7%"
		}
	}
	if h := r.beneficiary(t, fr); h.kind != noHolder {
		h.via = viaBeneficiary
		return h
	}
	if fr.compared {
		// The other side names its own holder ("than the second-place US
		// with 6,276"), or shares the first's.
		k := fr.cmp + 1
		for k < t && (r.is(k, prepositionWords) || r.isWord(k) && (r.toks[k].low == "compared" || r.toks[k].low == "that")) {
			k++
		}
		if e := r.npAfter(k, t); e > k {
			if h := r.holderIn(phrase{k, e}); h.kind == nameHolder || h.kind == referHolder {
				return h
			}
		}
		return holder{}
	}
	if fr.verb < 0 && (fr.prep == "at" || fr.prep == "with") {
		p := fr.prepAt
		if a, _ := r.segmentOf(t); p > a {
			if h := r.holderIn(phrase{r.npStart(p, a), p}); h.kind == nameHolder || h.kind == groupHolder {
				return h // "resilience, flexibility, and agility at 67%"
			}
		}
	}
	if fr.with {
		return r.mainHolder() // "…, with deal sizes over U.S. $200m"
	}
	h := r.holderIn(fr.subj)
	if h.kind == noHolder && !fr.subj.empty() && fr.subj.a > 0 && r.toks[fr.subj.a-1].low == "with" {
		// "Cloud computing became…, with revenue reaching $13.6 billion":
		// the sentence's subject, when it names someone.
		if m := r.mainHolder(); m.kind == nameHolder || m.kind == referHolder || m.kind == scopeHolder {
			return m
		}
	}
	if r.reportSubject(fr.subj) {
		return holder{} // "… Future of Jobs Report 2025 reveals …, projecting …"
	}
	return h
}

// parenHolder reads "SK hynix (34%)" and "North America (75 percent of
// the sales)": the name or group before the bracket holds the figure.
func (r *reading) parenHolder(t int) holder {
	k := t // the first token inside the bracket: "(with valuations over $1bn)"
	for k > 0 && r.gap(k-1) != "(" && k > t-5 && !r.breaks(k-1) && (r.isQualifierWord(k-1) || r.isNounish(k-1) || r.is(k-1, prepositionWords)) && !r.isVerb(k-1) {
		k--
	}
	if k == 0 || r.gap(k-1) != "(" || !r.isWord(k-1) {
		return holder{}
	}
	p := phrase{r.npStart(k, 0), k}
	if r.isMeasure(p) {
		return holder{}
	}
	h := r.holderIn(p)
	if h.kind == nameHolder || h.kind == groupHolder {
		return h
	}
	return holder{}
}

// agentAfter reads "a $1.5bn raise by Anduril Industries", "the $40
// billion raised by AI companies": the agent after "by" holds the figure,
// unless it only led or backed it ("a round led by SoftBank").
func (r *reading) agentAfter(t int) holder {
	if u := r.figs[r.toks[t].fig].Unit; u == UnitPercent || u == UnitFraction {
		return holder{} // "63% being complemented by AI" is a share of what the sentence shares out
	}
	_, b := r.segmentOf(t)
	for k := t + 1; k < b && k <= t+6; k++ {
		if r.toks[k].low == "by" && !r.is(k-1, nonHolderAgents) && k+1 < b && !r.isFig(k+1) {
			return r.holderIn(phrase{k + 1, r.npAfter(k+1, b)})
		}
		if !r.isNounish(k) && !r.isVerb(k) && !r.is(k, adverbWords) {
			return holder{}
		}
	}
	return holder{}
}

// shareOf reads "63% of employers citing it", "95 per cent of enterprise AI
// pilots had stalled": a share that is its clause's subject belongs to the
// group it is a share of.
func (r *reading) shareOf(t int, fr frame) holder {
	if t+1 >= len(r.toks) || r.toks[t+1].low != "of" || r.gap(t) != "" {
		return holder{}
	}
	if u := r.figs[r.toks[t].fig].Unit; u != UnitPercent && u != UnitFraction {
		return holder{}
	}
	if fr.verb >= 0 && r.cited[fr.verb] == notCited && fr.verb != r.expectVerb(fr.verb) {
		return holder{}
	}
	_, b := r.segmentOf(t)
	h := r.holderIn(phrase{t + 2, r.npAfter(t+2, b)})
	if h.kind == nameHolder || h.kind == groupHolder {
		return h
	}
	return holder{}
}

// beneficiary reads "approved an outlay of Rs 10,372 crore for five years
// for the India AI Mission": money given for someone is theirs, not the
// giver's.
func (r *reading) beneficiary(t int, fr frame) holder {
	f := r.figs[r.toks[t].fig]
	if !f.IsMoney() {
		return holder{}
	}
	giving := fr.verb >= 0 && grantVerbs[r.toks[fr.verb].low] || t >= 2 && r.toks[t-1].low == "of" && grantNouns[r.toks[t-2].low]
	if !giving {
		return holder{}
	}
	_, b := r.segmentOf(t)
	for k := t + 1; k+1 < b; k++ {
		if r.isVerb(k) || r.isFig(k) && r.figs[r.toks[k].fig].IsMoney() {
			break
		}
		if r.toks[k].low != "for" && r.toks[k].low != "to" {
			continue
		}
		j := k + 1
		if r.toks[j].low == "the" {
			j++
		}
		if n, ok := r.nameAt(j); ok && n.a == j && !r.dw.place(n.text) && r.cited[j] == notCited {
			return holder{text: n.text, kind: nameHolder, at: j}
		}
	}
	return holder{}
}

// grantVerbs and grantNouns give money to someone: "approved an outlay
// of … for X", "allocated $1bn to X".
var (
	grantVerbs = toSet(`approved approves allocated allocates earmarked earmarks granted grants awarded awards budgeted pledged pledges committed commits`)
	grantNouns = toSet(`outlay outlays budget budgets allocation allocations grant grants subsidy subsidies funding fund`)
)

// destination reads a figure that goes somewhere as its clause's
// subject: "50.8% of global VC funding was deployed in AI-focused
// companies", "more than $70 billion going to just 11 companies". The
// group or name it goes to holds it.
func (r *reading) destination(t int, fr frame) holder {
	if fr.verb >= 0 && r.cited[fr.verb] == notCited {
		return holder{}
	}
	_, b := r.segmentOf(t)
	k := t + 1
	if k+1 < b && r.toks[k].low == "of" {
		k = r.npAfter(k+1, b)
	}
	for k < b && (r.is(k, auxWords) || r.is(k, adverbWords)) {
		k++
	}
	if k+2 >= b || !r.isVerb(k) || !motionVerbs[r.toks[k].low] {
		return holder{}
	}
	if w := r.toks[k+1].low; w != "to" && w != "in" && w != "into" {
		return holder{}
	}
	k += 2
	for k < b && r.isQualifierWord(k) {
		k++
	}
	e := k
	if r.isFig(k) && r.figs[r.toks[k].fig].Unit == UnitCount {
		e = k + 1 // "just 11 companies"
	}
	if h := r.holderIn(phrase{k, r.npAfter(e, b)}); h.kind == nameHolder || h.kind == groupHolder {
		return h
	}
	return holder{}
}

// motionVerbs send money somewhere: the place they send it to holds it.
var motionVerbs = toSet(`going went gone goes go flowed flowing flow flows deployed invested allocated directed channelled channeled poured funnelled funneled raised`)

// expectVerb returns v when it is a verb of expecting or finding whose
// object is a clause ("employers expect 39% of workers’ core skills to
// change"), -1 otherwise.
func (r *reading) expectVerb(v int) int {
	switch r.toks[v].low {
	case "expect", "expects", "expected", "found", "find", "finds", "estimate", "estimates", "estimated", "predict", "predicts", "predicted", "project", "projects", "projected", "see", "sees", "saw":
		return v
	}
	return -1
}

// mainHolder is the holder of the sentence's main clause: the subject of
// its first verb that no source says.
func (r *reading) mainHolder() holder {
	for i := range r.toks {
		if r.isVerb(i) && r.cited[i] == notCited && !r.is(i, auxWords) || r.is(i, auxWords) && !r.isVerb(i+1) {
			if h := r.holderIn(r.subjectOf(i)); h.kind != noHolder && !r.reportSubject(r.subjectOf(i)) {
				return h // past a participle in an aside ("Amazon, set to release…, reported")
			}
		}
	}
	return holder{}
}

// reportSubject reports whether a subject is a report or study ("The
// World Economic Forum's latest Future of Jobs Report 2025 reveals…"): it
// tells the figures, it does not hold them.
func (r *reading) reportSubject(p phrase) bool {
	h := r.head(r.core(p))
	return reportNouns[h]
}

// reportNouns head the phrases that name a source: "the report", "an MIT
// study", "Preliminary data from PitchBook".
var reportNouns = toSet(`report reports study studies survey surveys data research analysis index barometer outlook census poll estimate estimates figures statistics filing findings`)

// mentionsScope reports whether the sentence speaks of the whole world
// ("global", "worldwide") outside its attribution.
func (r *reading) mentionsScope() bool {
	for i, t := range r.toks {
		if r.isWord(i) && scopeWords[t.low] != "" && r.cited[i] == notCited {
			return true
		}
	}
	return false
}

// placeAround is a place that frames the figure's clause: "In Asia, VC
// investment fell…", "while in Europe it dropped…", "$22.46bn in the US".
func (r *reading) placeAround(t int, fr frame) string {
	if a, b := r.segmentOf(t); fr.verb < 0 && r.hasVerb(t, b) && !r.hasVerb(a, t) {
		// "2,000+ firms now offer large-model services in China"
		for k := t + 1; k+1 < b; k++ {
			if r.toks[k].low == "in" {
				j := k + 1
				if r.toks[j].low == "the" {
					j++
				}
				if n, ok := r.nameAt(j); ok && r.dw.place(n.text) && n.a == j && r.cited[j] == notCited {
					return canonicalEntity(n.text)
				}
			}
		}
	}
	if t+2 < len(r.toks) && r.toks[t+1].low == "in" && r.gap(t) == "" {
		k := t + 2
		if r.toks[k].low == "the" {
			k++
		}
		if n, ok := r.nameAt(k); ok && r.dw.place(n.text) && n.a == k {
			return canonicalEntity(n.text)
		}
	}
	a, _ := r.segmentOf(t)
	if !fr.subj.empty() {
		a = min(a, fr.subj.a)
	}
	if k := a; r.toks[k].low == "in" || k+1 < len(r.toks) && r.is(k, clauseWords) && r.toks[k+1].low == "in" {
		// "while in Europe it dropped from $17.9bn to $12.5bn"
		if r.toks[k].low != "in" {
			k++
		}
		if k+1 < len(r.toks) && r.toks[k+1].low == "the" {
			k++
		}
		if n, ok := r.nameAt(k + 1); ok && r.dw.place(n.text) && n.a == k+1 && r.cited[k+1] == notCited {
			return canonicalEntity(n.text)
		}
	}
	if a > 0 {
		// A fronted "In Asia," before the clause.
		p, _ := r.segmentOf(a - 1)
		if w := r.toks[p].low; (w == "in" || w == "under" || w == "for") && (p == 0 || r.is(p-1, clauseWords)) {
			k := p + 1
			if r.toks[k].low == "the" {
				k++
			}
			// "In Asia, VC investment fell…", "Under the India AI Mission, …"
			if n, ok := r.nameAt(k); ok && n.a == k && n.b == a && (r.dw.place(n.text) || w != "in") && r.cited[k] == notCited {
				return canonicalEntity(n.text)
			}
		}
	}
	return ""
}

// partner is the role of the figure before t in the sentence that t pairs
// with: the other side of "from X to Y", "X and Y", "X, up Y%", "X versus
// Y"; nil when there is none.
func (r *reading) partner(t int, done []role) *role {
	for k := len(done) - 1; k >= 0; k-- {
		if !r.inBrackets(r.figTok[r.factFigs[k]]) || r.inBrackets(t) {
			return &done[k]
		}
	}
	return nil
}

// inBrackets reports whether token t sits in brackets that do not start
// right before it ("rounds (financing rounds $100 million or more)"; not
// "SK hynix (34%)").
func (r *reading) inBrackets(t int) bool {
	for i := t - 1; i >= 0; i-- {
		g := r.gap(i)
		if strings.Contains(g, ")") {
			return false
		}
		if strings.Contains(g, "(") {
			return i < t-1
		}
	}
	return false
}
