package answer

import (
	"context"
	"regexp"
	"strings"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
)

// unit is a sentence or list item of a passage.
type unit struct {
	start, end int  // byte range in the passage text
	t0, t1     int  // range of the passage's tokens that fall in the unit
	item       bool // a list item
	leadIn     int  // index of the sentence introducing the list, or -1
	question   bool // ends with "?"
}

// scored is a passage with its best run of sentences.
type scored struct {
	p           *corpus.Passage
	start, end  int     // the run's byte range in p.Text
	covR        float64 // weight share of the question matched by the run
	covP        float64 // … by the passage, its section and title
	kindFit     float64 // 1 the run holds the kind of answer asked for, 0 not, 0.5 no kind asked
	content     bool    // the run matches a concept that is neither a year nor a soft word
	passContent bool    // … the passage does
	namedOK     bool    // the passage mentions every rare thing the question names
	total       float64 // ranking score
	bm25        float64
}

// confidence maps the score to [0,1].
func (s scored) confidence() float64 {
	return min(1, max(0, s.total))
}

// answers decides whether the run is offered as the answer: enough of the
// question must be matched by the quote itself, not only around it.
func (s scored) answers() bool {
	return s.content && s.namedOK && s.covR >= 0.4 && s.confidence() >= answerThreshold
}

// units splits a passage into sentences and list items and assigns each
// its share of toks (the analysed passage text).
func units(text string, toks []index.Token) []unit {
	var out []unit
	k := 0
	for _, cu := range corpus.Units(text) {
		u := unit{start: cu.Start, end: cu.End, item: cu.Item, leadIn: cu.LeadIn,
			question: strings.HasSuffix(text[cu.Start:cu.End], "?")}
		u.t0 = k
		for k < len(toks) && toks[k].Start < u.end {
			k++
		}
		u.t1 = k
		out = append(out, u)
	}
	return out
}

// maxConcepts caps the concepts of a question; masks hold one bit per
// concept for "matched by any alternative" and one for "matched as written".
const maxConcepts = 32

// matchMask returns the concepts found in toks: bit i when concept i matches
// through any alternative, bit 32+i when it matches as the question wrote it
// (its first alternative).
func matchMask(concepts []concept, toks []index.Token) uint64 {
	var m uint64
	for i, c := range concepts {
		if i >= maxConcepts {
			break
		}
	alts:
		for a, alt := range c.alts {
			for j, t := range toks {
				if t.Term != alt[0] {
					continue
				}
				if phraseAt(toks, j, alt) {
					m |= 1 << i
					if a == 0 {
						m |= 1 << (i + maxConcepts)
					}
					break alts
				}
			}
		}
	}
	return m
}

// adjacentPairs counts the pairs of consecutive question concepts that also
// stand next to each other in toks ("large models"): word order is evidence
// that bag-of-words coverage misses.
func adjacentPairs(concepts []concept, toks []index.Token) int {
	n := 0
	for i := 0; i+1 < len(concepts); i++ {
		a, b := concepts[i], concepts[i+1]
		if a.year || b.year {
			continue
		}
	found:
		for j, t := range toks {
			if !isTermOf(a, t.Term) {
				continue
			}
			for k := j + 1; k < len(toks) && toks[k].Pos-t.Pos <= 2; k++ {
				if isTermOf(b, toks[k].Term) {
					n++
					break found
				}
			}
		}
	}
	return n
}

// isTermOf reports whether term is the first or last word of one of c's
// alternatives (for a one-word alternative, the word itself).
func isTermOf(c concept, term string) bool {
	for _, alt := range c.alts {
		if alt[len(alt)-1] == term || alt[0] == term {
			return true
		}
	}
	return false
}

// without drops from m the concepts that seen matches.
func without(m, seen uint64) uint64 {
	any := seen & (1<<maxConcepts - 1)
	return m &^ (any | any<<maxConcepts)
}

// phraseAt reports whether alt's terms follow toks[j] in order, allowing the
// gaps that removed stop words leave ("text-to-video").
func phraseAt(toks []index.Token, j int, alt []string) bool {
	pos := toks[j].Pos
	k := j + 1
	for _, term := range alt[1:] {
		if k >= len(toks) || toks[k].Term != term || toks[k].Pos-pos > 2 {
			return false
		}
		pos = toks[k].Pos
		k++
	}
	return true
}

// cov is the share of the question's weight that mask matches; a concept
// matched only through an alias counts a little less than one matched as
// written, so the literal wording wins ties.
func (q analysed) cov(m uint64) float64 {
	if q.total == 0 {
		return 0
	}
	var w float64
	for i, c := range q.concepts {
		switch {
		case i >= maxConcepts:
		case m&(1<<(i+maxConcepts)) != 0:
			w += c.weight
		case m&(1<<i) != 0:
			w += 0.9 * c.weight
		}
	}
	return w / q.total
}

// namedMissing returns the named concepts m does not match, as a mask.
func (q analysed) namedMissing(m uint64) uint64 {
	var miss uint64
	for i, c := range q.concepts {
		if i < maxConcepts && c.named && m&(1<<i) == 0 {
			miss |= 1 << i
		}
	}
	return miss
}

func (q analysed) hasContent(m uint64) bool {
	for i, c := range q.concepts {
		if i < maxConcepts && m&(1<<i) != 0 && !c.year && !c.soft {
			return true
		}
	}
	return false
}

var (
	reasonRE = regexp.MustCompile(`(?i)\b(because|due to|reasons?|thanks to|owing to|driven by|as a result|disadvantage|advantage|lack of|since|so that|in order to|to help|amid|given)\b`)
	namesRE  = regexp.MustCompile(`\b[A-Z][\w&.\-]*[a-zA-Z0-9]`)
)

// kindFit rates how well text holds the kind of answer asked for.
func (e *Engine) kindFit(kind Kind, text string, figs []figure) float64 {
	switch kind {
	case KindAny:
		return 0.5
	case KindMoney, KindCount, KindNumber, KindPercent, KindDate:
		for _, f := range figs {
			if fits(kind, f.kind) {
				return 1
			}
		}
		return 0
	case KindReason:
		if reasonRE.MatchString(text) {
			return 1
		}
		return 0.3
	case KindSource:
		if corpus.Cites(text) != "" {
			return 1
		}
		return 0
	case KindWho, KindNames:
		names := 0
		for i, m := range namesRE.FindAllStringIndex(text, -1) {
			if i == 0 && m[0] == 0 {
				continue // a capital that only starts the sentence
			}
			names++
		}
		switch {
		case names >= 2:
			return 1
		case names == 1 && kind == KindWho:
			return 1
		case names == 1:
			return 0.5
		}
		return 0
	}
	return 0.5
}

// score finds the passage's best run: a sentence, a list item with its
// lead-in, or two adjacent sentences.
func (e *Engine) score(q analysed, p *corpus.Passage) scored {
	info := e.info(p)
	us, toks := info.units, info.toks
	masks := make([]uint64, len(us))
	var passMask uint64
	for i, u := range us {
		masks[i] = matchMask(q.concepts, toks[u.t0:u.t1])
		passMask |= masks[i]
	}
	// A heading labels its passages ("About the author"), so its matches
	// count as the run's own; the document title only as weaker context.
	secMask := matchMask(q.concepts, info.sectionToks)
	titleAll := matchMask(q.concepts, info.titleToks)
	titleMask := without(titleAll, passMask|secMask)
	covP := q.cov(passMask|secMask) + 0.5*q.cov(titleMask)
	passContent := q.hasContent(passMask)
	// What the question names must be somewhere in the passage, its heading
	// or its document's title.
	namedOK := q.namedMissing(passMask|secMask|titleAll) == 0

	// The kind of answer is judged once a unit; a run holds it when any of
	// its units does.
	fit := make([]float64, len(us))
	for i, u := range us {
		fit[i] = e.kindFit(q.kind, p.Text[u.start:u.end], info.figs[i])
	}
	best := scored{p: p, total: -1}
	// try scores the quote running from unit first to unit last; own is the
	// first unit that is the run's own text (a list item's quote starts at
	// its lead-in, which only gives context).
	try := func(first, own, last int, mask uint64, kindFit, penalty float64) {
		start, end := us[first].start, us[last].end
		s := scored{p: p, start: start, end: end, covR: q.cov(mask | secMask), covP: covP,
			content: q.hasContent(mask) || kindFit == 1 && q.hasContent(secMask), passContent: passContent, kindFit: kindFit, namedOK: namedOK}
		s.total = 0.55*s.covR + 0.30*s.covP + 0.15*s.kindFit - penalty
		s.total += 0.04 * float64(min(2, adjacentPairs(q.concepts, toks[us[first].t0:us[last].t1])))
		if len(q.years) > 0 && yearConflict(q.years, p.Text[us[own].start:end]) && !hasAnyYear(q.years, p.Text) {
			s.total -= 0.15
		}
		if s.total > best.total {
			best = s
		}
	}
	for i, u := range us {
		pen := 0.0
		if u.question {
			pen = 0.3
		}
		if u.item && u.leadIn >= 0 {
			// The list item answers in the context of its lead-in; the quote
			// runs from the lead-in to the item.
			l := u.leadIn
			try(l, i, i, masks[i]|masks[l], max(fit[i], fit[l]), pen+0.01*float64(i-l-1))
			continue
		}
		try(i, i, i, masks[i], fit[i], pen)
		if i+1 < len(us) && !us[i+1].item && !us[i+1].question {
			try(i, i, i+1, masks[i]|masks[i+1], max(fit[i], fit[i+1]), pen+0.08)
		}
	}
	return best
}

var fourDigitYearRE = regexp.MustCompile(`\b(?:19|20)\d\d\b`)

// yearConflict reports whether text names years, none of them asked for.
func yearConflict(years []string, text string) bool {
	found := fourDigitYearRE.FindAllString(text, -1)
	return len(found) > 0 && !hasAnyYear(years, text)
}

func hasAnyYear(years []string, text string) bool {
	for _, y := range years {
		if strings.Contains(text, y) {
			return true
		}
	}
	return false
}

// passageInfo is what scoring needs of a passage that does not depend on
// the question; it is computed once per passage, on first retrieval or by
// Warm.
type passageInfo struct {
	toks        []index.Token // the analysed text
	sectionToks []index.Token // the analysed section heading
	titleToks   []index.Token // the analysed document title
	units       []unit
	figs        [][]figure // per unit
	cite        string     // the primary source the passage names
	key         string     // the text normalised, to drop duplicates
}

// Warm analyses every passage ahead of questions, so that the first
// question to retrieve a passage does not pay for it. A long-running server
// calls it once at start (it takes about 0.1 ms a passage); one-shot
// commands need not. It stops early when ctx is done.
func (e *Engine) Warm(ctx context.Context) error {
	for _, p := range e.corpus.Passages {
		if err := ctx.Err(); err != nil {
			return err
		}
		e.info(p)
	}
	return nil
}

func (e *Engine) info(p *corpus.Passage) *passageInfo {
	if v, ok := e.cache.Load(p); ok {
		return v.(*passageInfo)
	}
	toks := e.ix.Analyze(p.Text)
	in := &passageInfo{
		toks:        toks,
		sectionToks: e.ix.Analyze(p.Section),
		titleToks:   e.ix.Analyze(p.Doc.Title),
		units:       units(p.Text, toks),
		cite:        corpus.Cites(p.Text),
		key:         strings.ToLower(strings.Join(strings.Fields(p.Text), " ")),
	}
	in.figs = make([][]figure, len(in.units))
	for i, u := range in.units {
		in.figs[i] = findFigures(p.Text[u.start:u.end])
	}
	v, _ := e.cache.LoadOrStore(p, in)
	return v.(*passageInfo)
}

// throughList is where a quote ending in a list's lead-in ("…set a
// 2024-2026 policy goal:") should end: after the list, which is what the
// lead-in announces. Other quotes keep their end.
func (e *Engine) throughList(s scored) int {
	if !strings.HasSuffix(strings.TrimSpace(s.p.Text[s.start:s.end]), ":") {
		return s.end
	}
	end := s.end
	for _, u := range e.info(s.p).units {
		if u.start >= s.end && u.item {
			end = u.end
		} else if u.start >= end {
			break
		}
	}
	return end
}

// excerpt renders a scored run as a quote with its source.
func (e *Engine) excerpt(q analysed, s scored) Excerpt {
	s.end = e.throughList(s)
	quote := s.p.Text[s.start:s.end]
	cites := corpus.Cites(quote)
	if cites == "" {
		cites = e.info(s.p).cite
	}
	return Excerpt{
		Quote:   quote,
		Passage: s.p.Text,
		Source:  s.p.Source(),
		Cites:   cites,
		Figure:  e.chooseFigure(q, quote),
	}
}

// chooseFigure picks the figure in quote that the question asks about. In a
// comparison ("$650 million in China, compared with $22.46bn in the US") it
// is the one whose clause names the place asked about and no other place.
func (e *Engine) chooseFigure(q analysed, quote string) string {
	if q.kind == KindAny || q.kind == KindWho || q.kind == KindNames || q.kind == KindReason || q.kind == KindSource {
		return ""
	}
	asked := make(map[string]bool) // the places the question names, as analysed
	for _, c := range q.concepts {
		if c.place {
			for _, alt := range c.alts {
				asked[strings.Join(alt, " ")] = true
			}
		}
	}
	figs := findFigures(quote)
	best, bestScore := "", -1e9
	for _, cl := range facts.Clauses(quote) {
		text := quote[cl[0]:cl[1]]
		toks := e.ix.Analyze(text)
		mask := matchMask(q.concepts, toks)
		score := 0.0
		for i, c := range q.concepts {
			if i < maxConcepts && mask&(1<<i) != 0 {
				score += c.weight
				if c.place {
					score += 2 * q.total
				}
			}
		}
		for _, t := range toks {
			if e.places[strings.ToLower(text[t.Start:t.End])] && !asked[t.Term] {
				score -= q.total // a place the question did not ask about
			}
		}
		for _, f := range figs {
			if f.start >= cl[0] && f.end <= cl[1] && fits(q.kind, f.kind) && score > bestScore {
				best, bestScore = quote[f.start:f.end], score
				break
			}
		}
	}
	return best
}
