package facts

// citeKind says whether a token names who reports a sentence.
type citeKind uint8

const (
	notCited citeKind = iota
	// citedSpeaker opens the sentence ("TSMC said its revenue…"): a
	// pronoun after it may stand for it.
	citedSpeaker
	// citedSource only attributes ("according to Reuters", ", CNBC
	// reported", "as per CNBC"): never a holder.
	citedSource
)

// maxFrameTokens bounds a clause that only attributes a sentence (", the
// South China Morning Post reported"): longer ones say more than who.
const maxFrameTokens = 12

// markCited marks the tokens that attribute the sentence: "according to
// X", "as per X", "citing X", trailing clauses such as ", CNBC reported",
// and a leading "X said (that)" before the clause it reports.
func (r *reading) markCited() {
	for i := range r.toks {
		switch w := r.toks[i].low; {
		case w == "according" && r.toks[min(i+1, len(r.toks)-1)].low == "to",
			w == "per" && i > 0 && r.toks[i-1].low == "as",
			w == "citing":
			r.markUntilBreak(i, citedSource)
		}
	}
	r.markTrailingFrames()
	r.markLeadingFrame()
}

// markUntilBreak marks tokens from i to the next break in the sentence.
func (r *reading) markUntilBreak(i int, k citeKind) {
	for ; i < len(r.toks); i++ {
		if r.isFig(i) {
			return
		}
		r.cited[i] = k
		if r.breaks(i) && r.gap(i) != "(" && r.gap(i) != ")" {
			return
		}
	}
}

// markTrailingFrames marks the clauses at the end of the sentence that
// only say who reported it: ", the SCMP said, citing research from…",
// ", The New York Times and CNBC report".
func (r *reading) markTrailingFrames() {
	end := len(r.toks)
	for end > 0 {
		a, _ := r.segmentOf(end - 1)
		if a == 0 || !r.isFrame(a, end) {
			return
		}
		for k := a; k < end; k++ {
			if r.cited[k] == notCited {
				r.cited[k] = citedSource
			}
		}
		// A name list the frame's subject continues: "…, outplacement
		// firm Challenger, Gray & Christmas said".
		if p, _ := r.segmentOf(a - 1); r.toks[a].name >= 0 && r.toks[a-1].name >= 0 && !r.hasVerb(p, a) {
			for k := p; k < a; k++ {
				r.cited[k] = citedSource
			}
			a = p
		}
		end = a
	}
}

// isFrame reports whether tokens [a, b) only attribute: a short clause
// with a reporting verb and no figure, or one already marked ("citing X").
func (r *reading) isFrame(a, b int) bool {
	if r.cited[a] == citedSource {
		return true
	}
	if b-a > maxFrameTokens {
		return false
	}
	verb := false
	for i := a; i < b; i++ {
		if r.isFig(i) {
			return false
		}
		if r.is(i, reportVerbs) && i > a {
			verb = true
		} else if r.isVerb(i) && !verb && !r.is(i, auxWords) {
			return false
		}
	}
	return verb
}

// hasVerb reports whether tokens [a, b) hold a verb.
func (r *reading) hasVerb(a, b int) bool {
	for i := a; i < b; i++ {
		if r.isVerb(i) {
			return true
		}
	}
	return false
}

// markLeadingFrame marks "X said (that)" and "X data shows that" when a
// clause with a verb of its own follows in the same stretch: that clause
// holds the figures, X only reports them.
func (r *reading) markLeadingFrame() {
	v := -1
	for i := range r.toks {
		if r.isFig(i) {
			return
		}
		if r.isVerb(i) {
			v = i
			break
		}
	}
	if v <= 0 || !r.is(v, reportVerbs) {
		return
	}
	if v+1 < len(r.toks) && r.toks[v+1].low == "that" {
		a, _ := r.segmentOf(v) // "Preliminary data from PitchBook … shows that, in value terms, …"
		for k := a; k <= v+1; k++ {
			r.cited[k] = citedSpeaker
		}
		return
	}
	_, b := r.segmentOf(v)
	next := -1
	for i := v + 1; i < b; i++ {
		if r.isVerb(i) && !r.is(i, reportVerbs) {
			next = i
			break
		}
	}
	if next < 0 || r.isFig(v+1) && !r.hasFigOfBefore(v+1, next) {
		return
	}
	a, _ := r.segmentOf(v)
	for k := a; k <= v; k++ {
		r.cited[k] = citedSpeaker
	}
}

// hasFigOfBefore reports whether the figure at t is the subject of the
// reported clause ("found 95 per cent of pilots had stalled"): "of"
// follows it before the verb at v.
func (r *reading) hasFigOfBefore(t, v int) bool {
	return t+1 < v && r.toks[t+1].low == "of"
}
