package answer

import (
	"math"
	"strings"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/lexicon"
)

// candidate is one possible answer: a run of a passage's units — a
// sentence, a list item with its lead-in, or two adjacent sentences — with
// its evidence and the model's verdict.
type candidate struct {
	p           *corpus.Passage
	first, last int // the run's units
	start, end  int // the run's byte range in p.Text
	x           features
	score       float64 // the model's weighted evidence
	prob        float64 // the model's probability that it is the answer
	covR, covP  float64 // how much of the question the run, and its passage, match
	kindHeld    bool    // it holds the kind of answer asked for
	topic       bool    // its passage matches the question's topic: it may be related
	bm25        float64
	// refusal says why the run does not agree with the question ("period
	// does not match: 2025"); "" when it does. It explains a refusal; the
	// model, not it, decides.
	refusal string
	// fig is the figure of the asked kind the run offers, or nil.
	fig *figureEvidence
	// answer is what the run answers with, as words, for merging the
	// candidates that give one answer: the figure asked ("$650 million"),
	// or the names a who or which question does not give; nil for other
	// questions.
	answer []string
}

// passageMatch is how one retrieved passage matches the question, unit by
// unit, worked out once for all its runs.
type passageMatch struct {
	p        *corpus.Passage
	in       *passageInfo
	uh       []hits // each unit's matches
	pass     hits   // the units' together
	sec      hits   // the section heading's
	titleSec hits   // the heading's and the document title's
	covP     float64
	topic    bool
	bm25     float64 // relative to the best retrieved
	rank     int     // 0 for the best retrieved passage
	// figs caches the evidence of each figure, by offset and period fit.
	figs map[[2]int]*figureEvidence
}

// runShape is how a run is put together.
type runShape struct {
	question bool // its first unit is itself a question
	two      bool // two sentences
	list     int  // -1, or the items between a list item and its lead-in
}

// candidates returns every run of the passage as a candidate.
func (e *Engine) candidates(q question, p *corpus.Passage, bm25 float64, rank int) []candidate {
	pm := e.matchPassage(q, p, bm25, rank)
	us := pm.in.units
	var out []candidate
	for i, u := range us {
		if u.item && u.leadIn >= 0 {
			// A list item answers in the context of its lead-in; the quote
			// runs from the lead-in to the item.
			out = append(out, e.candidate(q, pm, u.leadIn, i, runShape{question: us[u.leadIn].question, list: i - u.leadIn - 1}))
			continue
		}
		out = append(out, e.candidate(q, pm, i, i, runShape{question: u.question, list: -1}))
		if i+1 < len(us) && !us[i+1].item && !us[i+1].question {
			out = append(out, e.candidate(q, pm, i, i+1, runShape{question: u.question, two: true, list: -1}))
		}
	}
	return out
}

// matchPassage matches the question against each unit of p, its heading
// and its title.
func (e *Engine) matchPassage(q question, p *corpus.Passage, bm25 float64, rank int) *passageMatch {
	in := e.info(p)
	pm := &passageMatch{p: p, in: in, uh: make([]hits, len(in.units)), bm25: bm25, rank: rank}
	for i, u := range in.units {
		pm.uh[i] = match(q.concepts, in.toks[u.t0:u.t1])
		pm.pass.union(pm.uh[i])
	}
	// A heading labels its passages ("About the author"), so its matches
	// count as the run's own; the document title only as context.
	pm.sec = match(q.concepts, in.sectionToks)
	pm.titleSec = withHits(pm.sec, match(q.concepts, in.titleToks))
	pm.covP = q.cov(withHits(pm.pass, pm.titleSec))
	pm.topic = q.hasTopic(pm.pass)
	return pm
}

// candidate gathers the evidence that units first..last of the passage
// answer the question.
func (e *Engine) candidate(q question, pm *passageMatch, first, last int, shape runShape) candidate {
	us := pm.in.units
	run := pm.sec
	for i := first; i <= last; i++ {
		run.union(pm.uh[i])
	}
	ps, from := runPeriods(pm.in, us, first, last)
	pfit := periodAgrees(q.period, ps)
	if from != periodsOwn {
		pfit = min(pfit, fitWeak) // dated by its context, not by itself
	}
	run = q.datedBy(run, pfit)
	c := candidate{p: pm.p, first: first, last: last, start: us[first].start, end: us[last].end, bm25: pm.bm25, topic: pm.topic}
	x := &c.x
	e.questionFeatures(q, x)
	rs := us[first : last+1]
	text, toks := pm.p.Text, pm.in.toks[us[first].t0:us[last].t1]
	// What the question names and the run's context holds counts for the
	// run too: the sentence that answers need not repeat the company's name.
	scored := q.subjectsFrom(run, pm.titleSec)
	cv := q.coverage(run)
	x[fRunSame], x[fRunAlt], x[fRunWordNet], x[fRunYear], x[fRunSoft] = cv.same, cv.alt, cv.wordnet, cv.year, cv.soft
	c.covR = q.cov(scored)
	x[fRunContext] = c.covR - cv.total()
	c.covP = max(pm.covP, c.covR)
	x[fPassage] = c.covP
	x[fAdjacent] = float64(min(maxAdjacentPairs, adjacentPairs(q.concepts, toks))) / maxAdjacentPairs
	x[fBM25], x[fRankTop], x[fRankTop5] = pm.bm25, b2f(pm.rank == 0), b2f(pm.rank < 5)
	x[fNoContent] = b2f(!q.hasContent(run))
	x[fFocus] = c.covR
	var clause hits
	if q.kind.figureKind() {
		x[fFocus] = 0
		if c.fig = e.bestFigure(q, pm, rs, pfit); c.fig != nil {
			x[fFocus], clause = c.fig.cov, c.fig.clause
			figureFeatures(c.fig, x)
		}
	}
	q.predicateFeatures(run, clause, q.kind.figureKind(), x)
	c.kindHeld = e.kindFeatures(q, pm, rs, pm.uh[first:last+1], x)
	q.subjectFeatures(rs, run, clause, pm, x)
	if own := c.fig.ownPeriod(); own != nil {
		// The figure's own period, as the facts layer reads it, dates the
		// answer: not another figure's in the same sentence.
		ps, from = own, periodsOwn
		pfit = periodAgrees(q.period, ps)
	}
	periodFeatures(q, ps, from, pfit, x)
	other := e.otherFigure(q, text, pm.in.toks, rs)
	e.measureFeatures(q, run, rs, other, x)
	x[fQuestionSentence], x[fTwoSentences] = b2f(shape.question), b2f(shape.two)
	if shape.list >= 0 {
		x[fListItem], x[fListDistance] = 1, math.Log1p(float64(shape.list))
	}
	c.answer = answerWords(q, pm.p.Text, c.fig, rs, run)
	var unmet int
	c.refusal, unmet = agree(q, rs, pm.uh[first:last+1], pm.sec, pfit, run, pm.titleSec, pm.pass, other)
	x[fAgree], x[fUnmet] = b2f(unmet == 0), float64(unmet)
	return c
}

// figureFeatures weigh what the facts layer reads of the run's figure.
func figureFeatures(ev *figureEvidence, x *features) {
	x[fFigEntity], x[fFigEntityOther] = b2f(ev.entity > 0), b2f(ev.entity < 0)
	x[fFigMetric] = b2f(ev.metric)
	x[fFigPeriod], x[fFigPeriodOther] = b2f(ev.period == fitExact), b2f(ev.period == fitNone)
	x[fFigNounAsked], x[fFigNounOther] = b2f(ev.noun == measuredYes), b2f(ev.noun == measuredOther)
}

// predicateFeatures weigh how much of what the question asks of its
// subjects — its content concepts other than subjects, years and soft
// words — the run matches, and the clause of its figure.
func (q question) predicateFeatures(run, clause hits, figure bool, x *features) {
	total, inRun, same, inClause := 0.0, 0.0, 0.0, 0.0
	all := true
	for i, c := range q.concepts {
		if i >= maxConcepts || c.subject || c.year || c.soft {
			continue
		}
		total += c.weight
		if run.has(i) {
			inRun += c.weight
		} else {
			all = false
		}
		if rel := lexicon.Relation(run[i] - 1); run.has(i) && rel <= lexicon.OtherName {
			same += c.weight
		}
		if clause.has(i) {
			inClause += c.weight
		}
	}
	if total == 0 {
		return
	}
	x[fPredRun], x[fPredSame], x[fPredAll] = inRun/total, same/total, b2f(all)
	x[fPredClause] = x[fPredRun]
	if figure {
		x[fPredClause] = inClause / total
	}
}

// answerWords is what a run answers with, in lower-case words: the figure
// asked; the names a who or which question does not give; for a question
// of no kind ("Moonshot AI"), the subjects it matches — any passage about
// them answers it.
func answerWords(q question, text string, fig *figureEvidence, run []unit, runHits hits) []string {
	var out []string
	switch {
	case fig != nil:
		out = []string{strings.ToLower(strings.Join(strings.Fields(text[fig.at:fig.end]), ""))}
	case q.kind == KindWho || q.kind == KindNames:
		for _, n := range newNames(q, run) {
			out = append(out, lowerAll(lexicon.Words(n))...)
		}
	case q.kind == KindAny:
		for i, c := range q.concepts {
			if i < maxConcepts && c.subject && runHits.has(i) {
				out = append(out, "\x00"+c.label) // apart from any name's words
			}
		}
	}
	return out
}

// maxAdjacentPairs caps the pairs of adjacent concepts counted: beyond two,
// a quote that repeats the question's phrasing is no likelier to answer it.
const maxAdjacentPairs = 2

// questionFeatures are the features every candidate of q shares.
func (e *Engine) questionFeatures(q question, x *features) {
	x[fBias] = 1
	x[fQUnknown] = b2f(q.unknown != "")
	x[fQFigure] = b2f(q.kind.figureKind())
	x[fQName] = b2f(q.kind == KindWho || q.kind == KindNames)
	x[fQPeriod] = b2f(!noPeriod(q.period))
	x[fQMeasure] = b2f(q.hasMeasure())
	x[fQConcepts] = float64(len(q.concepts)) / maxConcepts
	for _, c := range q.concepts {
		x[fQSubject] = max(x[fQSubject], b2f(c.subject))
		x[fQCorrected] = max(x[fQCorrected], b2f(c.corrected))
		x[fQUnknownWrd] = max(x[fQUnknownWrd], b2f(c.df == 0 && !c.corrected && !c.year))
	}
}

// kindFeatures weigh whether the run holds the kind of answer asked for,
// and report whether it does.
func (e *Engine) kindFeatures(q question, pm *passageMatch, run []unit, unitHits []hits, x *features) bool {
	text, toks := pm.p.Text, pm.in.toks
	held := kindHeld(q, run)
	switch {
	case q.kind.figureKind():
		x[fKindFigure] = b2f(held)
		for _, u := range run {
			x[fKindAnyFigure] = max(x[fKindAnyFigure], b2f(len(u.figs) > 0))
		}
		x[fKindMeasured] = b2f(held && q.hasMeasure() && measuredFigure(q, text, toks, run))
	case q.kind == KindWho || q.kind == KindNames:
		x[fKindName] = b2f(held)
		x[fAuthor] = b2f(q.asksAuthor && namesAuthor(pm.p.Doc.Author, text, run))
		x[fKindNamedAt] = b2f(held && namedWhere(q, run, unitHits, pm.sec))
		for _, u := range run {
			x[fKindListing] = max(x[fKindListing], b2f(q.kind == KindNames && (u.listing || u.item)))
		}
	case q.kind != KindAny:
		x[fKindOther] = b2f(held)
	}
	return held
}

// namesAuthor reports whether the run names the document's author by
// surname: "who wrote the article" is answered by the author's own lines.
// (The question asks for an author when it says "author", or a word the
// lexicon relates to it: "wrote", "writer".)
func namesAuthor(author, text string, run []unit) bool {
	ws := lexicon.Words(author)
	if len(ws) == 0 {
		return false
	}
	surname := ws[len(ws)-1]
	for _, u := range run {
		for _, w := range lexicon.Words(text[u.start:u.end]) {
			if w == surname {
				return true
			}
		}
	}
	return false
}

// subjectFeatures weigh where the run's passage holds the subjects the
// question names: in the run, in the clause of its figure, only in the
// heading or title, only elsewhere in the passage, or nowhere.
func (q question) subjectFeatures(run []unit, runHits, clause hits, pm *passageMatch, x *features) {
	total := 0.0
	for i, c := range q.concepts {
		if i >= maxConcepts || !c.subject {
			continue
		}
		total += c.weight
		switch {
		case runHits.has(i):
			x[fSubjRun] += c.weight
			if clause.has(i) {
				x[fSubjClause] += c.weight
			}
		case pm.titleSec.has(i):
			x[fSubjTitle] += c.weight
		case pm.pass.has(i):
			x[fSubjPassage] += c.weight
		default:
			x[fSubjMissing] += c.weight
		}
	}
	if total > 0 {
		for _, f := range []feature{fSubjRun, fSubjClause, fSubjTitle, fSubjPassage, fSubjMissing} {
			x[f] /= total
		}
	}
	others := namesOthers(q, run)
	x[fOtherNames] = math.Log1p(float64(others))
	for _, u := range run {
		// A subject only named among others in an enumeration ("including
		// X, Y and Z"): the sentence is about all of them, or none.
		x[fSubjListed] = max(x[fSubjListed], b2f(u.listing && others >= minListed && x[fSubjRun] > 0))
	}
}

// minListed is how many other names make an enumeration of the run's
// names: with two besides the subject, it is one of a list.
const minListed = 2

// periodFeatures weigh how the run's period fits the one asked, apart by
// where the period was read.
func periodFeatures(q question, ps []period, from periodSource, pfit fit, x *features) {
	switch {
	case noPeriod(q.period):
	case len(ps) == 0:
		x[fPeriodNone] = 1
	case pfit == fitNone:
		x[fPeriodConflict] = 1
	case from == periodsOwn && pfit == fitExact:
		x[fPeriodOwn] = 1
	case from == periodsOwn:
		x[fPeriodOwnWeak] = 1
	case from == periodsBefore:
		x[fPeriodBefore] = 1
	case from == periodsContext:
		x[fPeriodContext] = 1
	default:
		x[fPeriodDated] = 1
	}
}

// measureFeatures weigh whether the run's figure is of what the question
// measures.
func (e *Engine) measureFeatures(q question, runHits hits, run []unit, other string, x *features) {
	if !q.hasMeasure() {
		return
	}
	in, another := measureEvidence(q, runHits, run)
	x[fMeasureRun], x[fMeasureOther], x[fOtherFigure] = b2f(in), b2f(another != ""), b2f(other != "")
}
