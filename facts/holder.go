package facts

import ()

// holderKind says how a phrase names a figure's holder.
type holderKind int

const (
	noHolder    holderKind = iota
	nameHolder             // a name: "Nvidia", "the Americas"
	groupHolder            // a common noun phrase: "AI start-ups", "employers"
	referHolder            // a pronoun or "the company": resolved from context
	scopeHolder            // "global": the measure is the world's
)

// holder is a figure's holder as a phrase says it.
type holder struct {
	text string
	kind holderKind
	at   int // the token it was found at, for resolving references
	via  int // how it was found, when that matters: viaBeneficiary
}

// viaBeneficiary marks a holder money is given for.
const viaBeneficiary = 1

// holderIn reads the holder a noun phrase names: a possessor ("Cambricon's
// revenue"), a name or group after "of", "for", "in", "into" or "from"
// inside a measure ("Net income of TSMC", "funding for AI start-ups"), a
// pronoun or "the company", a scope ("Global VC investment"), or the
// phrase itself when it names no measure ("Smartphones", "SK hynix").
func (r *reading) holderIn(p phrase) holder {
	if p.empty() {
		return holder{}
	}
	if r.is(p.a, pronounWords) {
		return holder{text: r.toks[p.a].low, kind: referHolder, at: p.a} // "its shares"
	}
	core := r.core(p)
	for i := core.a; i < core.b; i++ {
		if r.toks[i].poss && i+1 < p.b {
			if h := r.holderAtToken(i); h.kind != noHolder {
				return h // "Samsung Electronics' HBM market share"
			}
		}
	}
	if p.b-p.a == 2 && r.toks[p.a].low == "the" && referenceNouns[r.toks[p.a+1].low] ||
		p.b-p.a == 1 && referenceNouns[r.toks[p.a].low] && !r.capitalised(p.a) && p.a > 0 && (r.toks[p.a-1].low == "the" || r.toks[p.a-1].low == "this") {
		return holder{text: r.toks[p.b-1].low, kind: referHolder, at: p.a}
	}
	if attitudeNouns[r.head(core)] && core.b+1 < p.b && r.is(core.b, npPrepositions) {
		// "interest in AI companies", "demand for Nvidia's chips"
		if h := r.holderIn(phrase{core.b + 1, p.b}); h.kind != noHolder {
			return h
		}
	}
	if !r.isMeasure(p) {
		if n, ok := r.firstName(core); ok {
			return holder{text: n, kind: nameHolder, at: core.a}
		}
		if t := r.phraseText(core); t != "" {
			return holder{text: t, kind: groupHolder, at: core.a}
		}
		return holder{}
	}
	// A measure: the holder is in its prepositional phrases, a name
	// before a group ("investment in the generative AI field in China").
	var group holder
	for i := core.b; i < p.b; i++ {
		if r.is(i, npPrepositions) {
			sub := phrase{i + 1, p.b}
			h := r.holderIn(r.core(sub))
			if attitudeNouns[r.head(r.core(sub))] {
				h = r.holderIn(sub) // "a surge of interest in AI"
			}
			switch {
			case r.isMeasure(sub):
			case h.kind == nameHolder || h.kind == referHolder:
				return h
			case h.kind == groupHolder && group.kind == noHolder && !scopeNouns[r.head(r.core(sub))]:
				group = h
			}
		}
	}
	if group.kind != noHolder {
		return group
	}
	if n, ok := r.firstName(core); ok {
		return holder{text: n, kind: nameHolder, at: core.a} // "Alibaba cloud revenue"
	}
	for i := p.a; i < p.b; i++ {
		if s, ok := scopeWords[r.toks[i].low]; ok && r.isWord(i) {
			return holder{text: s, kind: scopeHolder, at: i}
		}
	}
	return holder{}
}

// attitudeNouns are felt towards something: the holder of what they
// bring is that something.
var attitudeNouns = toSet(`interest appetite demand enthusiasm confidence optimism appeal hype excitement`)

// scopeNouns name a field a measure is taken in, not whose it is: "in the
// generative AI field".
var scopeNouns = toSet(`field sector industry space market area segment domain category`)

// holderAtToken is the holder a possessive token names: a name, a pronoun
// to resolve, or a common noun ("workers’ core skills").
func (r *reading) holderAtToken(i int) holder {
	t := r.toks[i]
	switch {
	case r.isPer(i) || r.isFig(i):
		return holder{}
	case pronounWords[t.low]:
		return holder{text: t.low, kind: referHolder, at: i}
	case t.name >= 0 && r.cited[i] == notCited && !weekdays[t.low]:
		return holder{text: r.names[t.name].text, kind: nameHolder, at: i}
	case referenceNouns[t.low] && i > 0 && r.toks[i-1].low == "the":
		return holder{text: t.low, kind: referHolder, at: i}
	}
	a := r.npStart(i+1, 0)
	if txt := r.phraseText(phrase{a, i + 1}); txt != "" && !measureNouns[t.low] {
		return holder{text: txt, kind: groupHolder, at: a}
	}
	return holder{}
}

// firstName is the name a phrase is about: its last name that is no
// place, else its last place ("Chinese technology giant ByteDance" is
// ByteDance's), and never a source's name or a weekday.
func (r *reading) firstName(p phrase) (string, bool) {
	best, place := "", ""
	for i := p.a; i < p.b; i++ {
		t := r.toks[i]
		if t.name < 0 || r.cited[i] == citedSource || weekdays[t.low] {
			continue
		}
		n := r.names[t.name]
		txt := r.text(max(n.a, p.a), min(n.b, p.b))
		if r.dw.place(txt) {
			place = txt
		} else {
			best = txt
		}
		i = n.b - 1
	}
	if best == "" {
		best = place
	}
	return best, best != ""
}

// personAt reports whether the name at token i is a person's: a title
// before it ("CEO Mark Zuckerberg", "analyst Carlsson").
func (r *reading) personAt(i int) bool {
	n, ok := r.nameAt(i)
	if !ok {
		return false
	}
	if n.a > 0 && personTitles[r.toks[n.a-1].low] {
		return true
	}
	return personTitles[r.toks[n.a].low]
}

// resolve finds the name a reference at token at stands for. A pronoun
// ("its") stands for the subject of a verb before it in the sentence, or
// for the speaker who opens it ("TSMC said its revenue…"); "the company"
// for such a subject that is no source; "the region" for the place named
// last. Else the discourse's topic (or place) stands in.
func (r *reading) resolve(h holder, dc *discourse) (string, bool) {
	place := placeNouns[h.text]
	if place {
		for i := h.at - 1; i >= 0; i-- {
			if n, ok := r.nameAt(i); ok && r.dw.place(n.text) && r.cited[n.a] == notCited {
				return n.text, true
			}
		}
		if dc != nil && dc.place != "" {
			return dc.place, true
		}
		return "", false
	}
	if n, ok := r.subjectBefore(h.at, pronounWords[h.text], dc); ok {
		return n, true
	}
	if dc == nil || dc.topic == "" {
		return "", false
	}
	return dc.topic, true
}

// placeNouns after "the" stand for a place named before.
var placeNouns = toSet(`country nation region city province state`)

// subjectBefore is the nearest name before token at that is the subject
// of a verb (or a possessor in one: "Cambricon's hardware expanded"), no
// person's and no place's; a pronoun may also stand for the speaker who
// opens the sentence. A subject that is itself a reference ("the company
// has also seen its stock") stands for what it refers to.
func (r *reading) subjectBefore(at int, pronoun bool, dc *discourse) (string, bool) {
	for v := at - 1; v > 0; v-- {
		if !r.isVerb(v) || r.is(v, auxWords) && v+1 < at && r.isVerb(v+1) {
			continue
		}
		if r.cited[v] != notCited && !(pronoun && r.cited[v] == citedSpeaker) {
			continue
		}
		h := r.holderIn(r.subjectOf(v))
		switch {
		case h.kind == nameHolder && !r.dw.place(h.text) && !r.personAt(h.at):
			return h.text, true
		case h.kind == referHolder && h.at < at:
			if dc != nil && dc.topic != "" {
				return dc.topic, true
			}
		}
	}
	return "", false
}
