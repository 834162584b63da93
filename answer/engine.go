// Package answer turns a question into a quoted, sourced answer from the
// corpus. It analyses the question (the things it names, the period, the
// kind of answer and what the figure measures, with words from the
// lexicon), retrieves candidate passages by BM25, ranks each passage's
// sentences, and answers only with a quote that agrees with the question on
// all of those; otherwise it says the corpus does not answer, and why.
package answer

import (
	"context"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/lexicon"
)

// retrieved is how many passages BM25 hands to the re-ranker: enough that
// the right passage survives thousands of near-miss documents.
const retrieved = 60

// Engine answers questions from one corpus and its index. It is safe for
// concurrent use.
type Engine struct {
	corpus *corpus.Corpus
	ix     *index.Index
	lex    *lexicon.Lexicon
	model  *Model
	vocab  *vocab
	cache  *sync.Map // *corpus.Passage → *passageInfo; shared with engines made by Update
	// factCache holds each document's facts by passage (*corpus.Document
	// → map[string][]facts.Fact); shared like cache.
	factCache *sync.Map
}

// New returns an engine over c and its index ix, expanding questions with a.
// It weighs evidence with the fitted model (model_fitted.go).
func New(c *corpus.Corpus, ix *index.Index, a *Aliases) *Engine {
	return &Engine{corpus: c, ix: ix, lex: a.lex, model: &fitted, vocab: newVocab(c, a.lex.Phrases()), cache: &sync.Map{}, factCache: &sync.Map{}}
}

// Update returns an engine for c, a new version of e's corpus whose index
// ix was updated in place (index.Update) with the documents removed and
// added. It reuses e's vocabulary and passage analysis, so it costs about
// the changed documents, not the corpus; e keeps answering meanwhile.
func (e *Engine) Update(c *corpus.Corpus, removed, added []*corpus.Document) *Engine {
	for _, d := range removed {
		for _, p := range d.Passages {
			e.cache.Delete(p)
		}
		e.factCache.Delete(d)
	}
	return &Engine{corpus: c, ix: e.ix, lex: e.lex, model: e.model, vocab: e.vocab.with(removed, added), cache: e.cache, factCache: e.factCache}
}

// Excerpt is a quote and the passage it comes from.
type Excerpt struct {
	Quote   string        `json:"quote"`   // verbatim text of Passage
	Passage string        `json:"passage"` // the whole passage
	Source  corpus.Source `json:"source"`
	Cites   string        `json:"cites"` // primary source named in the passage
	// Figure is the figure within Quote the question asks for ("$650
	// million"), for renderers to emphasise; "" when there is none.
	Figure string `json:"-"`
	// Fact is what the facts layer reads of Figure — what it measures, of
	// whom, when — for renderers to say in words; nil when it reads none.
	Fact *facts.Fact `json:"-"`
}

// Emphasise renders the quote for a markup: the figure, if any, through
// bold and the text around it through plain (escaping, say).
func (x Excerpt) Emphasise(plain, bold func(string) string) string {
	i := -1
	if x.Figure != "" {
		i = strings.Index(x.Quote, x.Figure)
	}
	if i < 0 {
		return plain(x.Quote)
	}
	return plain(x.Quote[:i]) + bold(x.Figure) + plain(x.Quote[i+len(x.Figure):])
}

// Related is a passage close to the question, not offered as the answer.
type Related struct {
	Excerpt
	Score float64 `json:"score"`
}

// Result is the engine's reply, in the shape of `landscape ask --json`.
type Result struct {
	Question   string    `json:"question"`
	Answered   bool      `json:"answered"`
	Confidence float64   `json:"confidence"`
	Answer     *Excerpt  `json:"answer"`
	Related    []Related `json:"related"`
	// Others are answers from other documents that give another figure
	// for the same question (a valuation reported at different dates),
	// newest first: shown beside the answer, never merged into it.
	Others []Excerpt `json:"others,omitempty"`
	// Refusal says why the corpus does not answer ("subject not in corpus:
	// unitree"); "" when it answers.
	Refusal string `json:"refusal,omitempty"`
	// Truncated reports that the question was cut to MaxQuestion bytes.
	Truncated bool `json:"-"`
}

// Refusal reasons that do not come from a passage.
const (
	refusedEmpty    = "no question to search for"
	refusedNothing  = "no passage matches the question"
	refusedFiltered = "no document passes the filter"
	refusedUnsure   = "no passage matches enough of the question"
	refusedAlike    = "several passages answer alike: name a company, place or year"
)

// Ask answers question, listing up to k related passages besides the answer.
// `since:2024` and `source:imd` in the question restrict the documents (see
// Filter).
func (e *Engine) Ask(ctx context.Context, question string, k int) (Result, error) {
	return e.AskFiltered(ctx, question, k, Filter{})
}

// AskFiltered is Ask restricted to the documents f keeps, besides any
// `since:` and `source:` written in the question itself (which win).
func (e *Engine) AskFiltered(ctx context.Context, text string, k int, f Filter) (Result, error) {
	text, f, truncated := prepare(text, f)
	res := Result{Question: text, Truncated: truncated, Related: []Related{}}
	q, err := e.analyze(text)
	if err != nil {
		return res, err
	}
	if len(q.concepts) == 0 {
		res.Refusal = refusedEmpty
		return res, nil
	}
	cands, err := e.rank(ctx, q, f)
	if err != nil || len(cands) == 0 {
		res.Refusal = refusedNothing
		if err == errFiltered {
			res.Refusal, err = refusedFiltered, nil
		}
		return res, err
	}
	best, d := decide(cands)
	conf := e.model.Confidence(d)
	res.Confidence = round2(conf)
	rest := cands
	if conf >= e.model.Threshold {
		ex := e.excerpt(q, cands[best])
		res.Answered, res.Answer = true, &ex
		rest = append(append([]candidate(nil), cands[:best]...), cands[best+1:]...)
		res.Others = e.others(q, ex, cands[best], rest)
	} else {
		res.Refusal = e.refusal(q, cands, best)
	}
	res.Related = e.related(q, rest, res.Answer, res.Others, k)
	return res, nil
}

// refusal says why the best candidate is not the answer: a name the
// corpus lacks, else what the best candidate does not agree with, else
// that its evidence is too weak, or shared with others that answer
// otherwise.
func (e *Engine) refusal(q question, cands []candidate, best int) string {
	switch {
	case q.unknown != "":
		return "subject not in corpus: " + q.unknown
	case cands[best].refusal != "":
		return cands[best].refusal
	}
	for i, c := range cands {
		if i != best && c.p.Doc != cands[best].p.Doc && c.prob >= alikeShare*cands[best].prob {
			return refusedAlike
		}
	}
	return refusedUnsure
}

// alikeShare: a refusal is put down to other documents answering alike
// when another document's candidate is at least this likely, relative to
// the best.
const alikeShare = 0.5

// prepare cleans the question and takes any filter written in it (which
// wins over f; one that cannot be read filters nothing).
func prepare(text string, f Filter) (string, Filter, bool) {
	clean, truncated := Sanitize(text)
	clean, inline, ferr := ParseFilter(clean)
	if inline.Since != "" {
		f.Since = inline.Since
	}
	if inline.Source != "" {
		f.Source = inline.Source
	}
	if inline.Tag != "" {
		f.Tag = inline.Tag
	}
	if ferr != nil {
		f.Since = ""
	}
	return clean, f, truncated
}

// rank retrieves passages and returns every candidate run of them that
// may answer, scored by the model, best first; the same text in two
// documents is one passage.
func (e *Engine) rank(ctx context.Context, q question, f Filter) ([]candidate, error) {
	bq := e.restrict(e.buildQuery(q), f)
	if bq == nil {
		return nil, errFiltered
	}
	hits, err := e.ix.Search(ctx, bq, retrieved)
	if err != nil {
		return nil, err
	}
	var top float64
	for _, h := range hits {
		top = math.Max(top, h.Score)
	}
	seen := make(map[string]bool)
	var cands []candidate
	for rank, h := range hits {
		p := e.corpus.Passage(h.ID)
		if p == nil || seen[e.info(p).key] {
			continue
		}
		seen[e.info(p).key] = true
		for _, c := range e.candidates(q, p, h.Score/top, rank) {
			if eligible(q, c) {
				c.score = e.model.score(&c.x)
				cands = append(cands, c)
			}
		}
	}
	scores := make([]float64, len(cands))
	for i, c := range cands {
		scores[i] = c.score
	}
	for i, p := range probabilities(scores) {
		cands[i].prob = p
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.p.Doc.Published != b.p.Doc.Published {
			return a.p.Doc.Published > b.p.Doc.Published // newer first
		}
		if a.p != b.p {
			return a.p.Seq < b.p.Seq // bleve returns equal scores in any order
		}
		return a.start < b.start || a.start == b.start && a.end < b.end
	})
	return cands, nil
}

// eligible reports whether a candidate can be the answer at all, by logic
// rather than evidence: a question for a figure needs a quote with one.
func eligible(q question, c candidate) bool {
	return !q.kind.figureKind() || c.x[fKindAnyFigure] == 1
}

// decide returns the best of candidates sorted best first and its
// decision features.
func decide(cands []candidate) (int, []float64) {
	scores := make([]float64, len(cands))
	spans := make([]runSpan, len(cands))
	docs := make([]string, len(cands))
	agrees := make([]bool, len(cands))
	for i, c := range cands {
		scores[i], spans[i], docs[i], agrees[i] = c.score, runSpan{passage: c.p.ID, start: c.start, end: c.end, answer: c.answer, doc: c.p.Doc.ID, agrees: c.refusal == "", figure: c.fig != nil}, c.p.Doc.ID, c.refusal == ""
	}
	return 0, decisionVector(scores, spans, docs, agrees, 0, cands[0].x[:])
}

// related lists up to k passages close to the question, besides those
// shown as the answer or as other sources, each with its best run.
func (e *Engine) related(q question, rest []candidate, answer *Excerpt, others []Excerpt, k int) []Related {
	out := []Related{}
	shown := map[string]bool{}
	if answer != nil {
		others = append(others[:len(others):len(others)], *answer)
	}
	for _, o := range others {
		shown[o.Source.ID+"\x00"+o.Passage] = true
	}
	for _, c := range rest {
		if len(out) >= k {
			break
		}
		if c.covP < minRelatedCoverage || !c.topic || shown[c.p.Doc.ID+"\x00"+c.p.Text] {
			continue
		}
		shown[c.p.Doc.ID+"\x00"+c.p.Text] = true
		out = append(out, Related{Excerpt: e.excerpt(q, c), Score: round2(c.prob)})
	}
	return out
}

// maxOthers caps the other sources shown beside an answer.
const maxOthers = 3

// otherShare: another source is shown beside the answer when its best
// candidate agrees with the question and is at least this likely,
// relative to the answer.
const otherShare = 0.25

// minRelatedCoverage is the share of the question a passage must match to
// be listed as related: a passage that matches less than a quarter of it
// is noise, not a lead.
const minRelatedCoverage = 0.25

// others finds candidates from other documents that agree with the
// question as the answer does, with a figure of the kind asked that differs.
func (e *Engine) others(q question, ex Excerpt, best candidate, rest []candidate) []Excerpt {
	if ex.Figure == "" {
		return nil
	}
	var out []Excerpt
	docs := map[string]bool{best.p.Doc.ID: true}
	for _, c := range rest {
		if len(out) == maxOthers {
			break
		}
		if docs[c.p.Doc.ID] || c.refusal != "" || !c.kindHeld || c.prob < otherShare*best.prob {
			continue
		}
		o := e.excerpt(q, c)
		if o.Figure == "" || o.Figure == ex.Figure {
			continue
		}
		docs[c.p.Doc.ID] = true
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Source.Published > out[j].Source.Published })
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
