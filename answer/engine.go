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
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/lexicon"
)

// candidates is how many passages BM25 hands to the re-ranker: enough that
// the right passage survives thousands of near-miss documents.
const candidates = 60

// Engine answers questions from one corpus and its index. It is safe for
// concurrent use.
type Engine struct {
	corpus  *corpus.Corpus
	ix      *index.Index
	lex     *lexicon.Lexicon
	weights Weights
	vocab   *vocab
	cache   *sync.Map // *corpus.Passage → *passageInfo; shared with engines made by Update
}

// New returns an engine over c and its index ix, expanding questions with a.
func New(c *corpus.Corpus, ix *index.Index, a *Aliases) *Engine {
	return &Engine{corpus: c, ix: ix, lex: a.lex, weights: DefaultWeights, vocab: newVocab(c, a.lex.Phrases()), cache: &sync.Map{}}
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
	}
	return &Engine{corpus: c, ix: e.ix, lex: e.lex, weights: e.weights, vocab: e.vocab.with(removed, added), cache: e.cache}
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
	refusedAlike    = "several documents answer alike: name a company, place or year"
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
	res.Confidence = round2(cands[0].confidence())
	rest := cands
	switch i := e.choose(cands); {
	case q.unknown != "":
		// A name no passage holds: the closest passages are only related.
		res.Refusal = "subject not in corpus: " + q.unknown
	case i < 0:
		res.Refusal = refusal(cands)
	case e.alike(q, cands, i):
		res.Refusal = refusedAlike
	default:
		best := cands[i]
		ex := e.excerpt(q, best)
		res.Answered, res.Answer, res.Confidence = true, &ex, round2(best.confidence())
		rest = append(append([]candidate(nil), cands[:i]...), cands[i+1:]...)
		res.Others = e.others(q, ex, best, rest)
	}
	res.Related = e.related(q, rest, res.Others, k)
	return res, nil
}

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
	if ferr != nil {
		f.Since = ""
	}
	return clean, f, truncated
}

// rank retrieves candidate passages and scores each one's best run,
// best first; the same text in two documents is one candidate.
func (e *Engine) rank(ctx context.Context, q question, f Filter) ([]candidate, error) {
	bq := e.restrict(e.buildQuery(q), f)
	if bq == nil {
		return nil, errFiltered
	}
	hits, err := e.ix.Search(ctx, bq, candidates)
	if err != nil {
		return nil, err
	}
	var top float64
	for _, h := range hits {
		top = math.Max(top, h.Score)
	}
	seen := make(map[string]bool)
	var cands []candidate
	for _, h := range hits {
		p := e.corpus.Passage(h.ID)
		if p == nil {
			continue
		}
		key := e.info(p).key
		if seen[key] {
			continue
		}
		seen[key] = true
		c := e.score(q, p)
		c.bm25 = h.Score
		c.total += e.weights.BM25 * h.Score / top
		cands = append(cands, c)
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if math.Abs(a.total-b.total) > 1e-9 {
			return a.total > b.total
		}
		if a.p.Doc.Published != b.p.Doc.Published {
			return a.p.Doc.Published > b.p.Doc.Published // newer first
		}
		if a.bm25 != b.bm25 {
			return a.bm25 > b.bm25
		}
		return a.p.Seq < b.p.Seq // bleve returns equal scores in any order
	})
	return cands, nil
}

// choose returns the index of the best-ranked candidate offered as the
// answer, or -1.
func (e *Engine) choose(cands []candidate) int {
	for i, c := range cands {
		if c.answers(e.weights) {
			return i
		}
	}
	return -1
}

// alike reports whether the answer candidate i is one of several, from
// different documents, that answer the question equally well with
// different figures, names or sources: a question that names no company,
// place or year ("what is the source of the private investment figures?")
// against a corpus of many similar reports. Quoting one at random would be
// a confident answer the engine cannot justify.
func (e *Engine) alike(q question, cands []candidate, i int) bool {
	if !q.kind.figureKind() && q.kind != KindWho && q.kind != KindNames && q.kind != KindSource {
		return false // any of them answers "Moonshot AI"; only different answers conflict
	}
	answer := e.excerpt(q, cands[i])
	docs := map[*corpus.Document]bool{cands[i].p.Doc: true}
	differ := false
	for j, c := range cands {
		if j == i || c.total < cands[i].total-e.weights.AlikeMargin || !c.answers(e.weights) {
			continue
		}
		docs[c.p.Doc] = true
		x := e.excerpt(q, c)
		differ = differ || x.Figure != answer.Figure || x.Cites != answer.Cites || q.kind == KindWho || q.kind == KindNames
	}
	return differ && len(docs) >= e.weights.AlikeDocuments
}

// refusal is the reason the best-ranked candidates give for not answering.
func refusal(cands []candidate) string {
	for _, c := range cands {
		if c.refusal != "" {
			return c.refusal
		}
		break
	}
	return refusedUnsure
}

// related lists up to k candidates close to the question, besides those
// shown as the answer or as other sources.
func (e *Engine) related(q question, rest []candidate, others []Excerpt, k int) []Related {
	out := []Related{}
	shown := map[string]bool{}
	for _, o := range others {
		shown[o.Source.ID+"\x00"+o.Passage] = true
	}
	for _, c := range rest {
		if len(out) >= k {
			break
		}
		if c.covP < e.weights.MinRelatedCoverage || !c.passContent || shown[c.p.Doc.ID+"\x00"+c.p.Text] {
			continue
		}
		out = append(out, Related{Excerpt: e.excerpt(q, c), Score: round2(c.total)})
	}
	return out
}

// maxOthers caps the other sources shown beside an answer.
const maxOthers = 3

// otherCoverage: another source is shown beside the answer when its quote
// matches at least this share of what the answer's matches.
const otherCoverage = 0.8

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
		if docs[c.p.Doc.ID] || !c.answers(e.weights) || c.kindFit < best.kindFit || c.covR < otherCoverage*best.covR {
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
