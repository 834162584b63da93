// Package answer turns a question into a quoted, sourced answer from the
// corpus: it analyses the question (aliases, typos, years, expected kind of
// answer), retrieves candidate passages from the index by BM25, then picks
// the sentence — or smallest run of sentences — that answers, and decides
// honestly whether the corpus answers at all.
package answer

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
)

// candidates is how many passages BM25 hands to the re-ranker: enough that
// the right passage survives thousands of near-miss documents.
const candidates = 60

// answerThreshold is the confidence from which a quote counts as the answer;
// below it, passages are only "related". Chosen on the eval sets in
// testdata/eval (see README).
const answerThreshold = 0.5

// Engine answers questions from one corpus and its index. It is safe for
// concurrent use.
type Engine struct {
	corpus  *corpus.Corpus
	ix      *index.Index
	aliases *Aliases
	places  placeSet
	vocab   *vocab
	cache   *sync.Map // *corpus.Passage → *passageInfo; shared with engines made by Update
}

// New returns an engine over c and its index ix, expanding questions with a.
func New(c *corpus.Corpus, ix *index.Index, a *Aliases) *Engine {
	return &Engine{corpus: c, ix: ix, aliases: a, places: defaultPlaceSet(), vocab: newVocab(c, a.phrases()), cache: &sync.Map{}}
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
	return &Engine{corpus: c, ix: e.ix, aliases: e.aliases, places: e.places, vocab: e.vocab.with(added), cache: e.cache}
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

// maxOthers caps the other sources shown beside an answer.
const maxOthers = 3

// others finds candidates from other documents that answer as well as the
// best one nearly does, with a figure of the kind asked that differs.
func (e *Engine) others(q analysed, ex Excerpt, best scored, rest []scored) []Excerpt {
	if ex.Figure == "" {
		return nil
	}
	var out []Excerpt
	docs := map[string]bool{best.p.Doc.ID: true}
	for _, c := range rest {
		if len(out) == maxOthers {
			break
		}
		if docs[c.p.Doc.ID] || !c.answers() || c.kindFit < 1 || c.covR < 0.8*best.covR {
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
	// Truncated reports that the question was cut to MaxQuestion bytes.
	Truncated bool `json:"-"`
}

// Ask answers question, listing up to k related passages besides the answer.
// `since:2024` and `source:imd` in the question restrict the documents (see
// Filter).
func (e *Engine) Ask(ctx context.Context, question string, k int) (Result, error) {
	return e.AskFiltered(ctx, question, k, Filter{})
}

// AskFiltered is Ask restricted to the documents f keeps, besides any
// `since:` and `source:` written in the question itself (which win).
func (e *Engine) AskFiltered(ctx context.Context, question string, k int, f Filter) (Result, error) {
	clean, truncated := Sanitize(question)
	clean, inline, ferr := ParseFilter(clean)
	if inline.Since != "" {
		f.Since = inline.Since
	}
	if inline.Source != "" {
		f.Source = inline.Source
	}
	res := Result{Question: clean, Truncated: truncated, Related: []Related{}}
	if ferr != nil {
		f.Since = "" // a filter that cannot be read filters nothing
	}
	q, err := e.analyze(clean)
	if err != nil {
		return res, err
	}
	if len(q.concepts) == 0 {
		return res, nil
	}
	bq := e.restrict(e.buildQuery(q), f)
	if bq == nil {
		return res, nil // no document passes the filter
	}
	hits, err := e.ix.Search(ctx, bq, candidates)
	if err != nil {
		return res, err
	}
	var top float64
	for _, h := range hits {
		top = math.Max(top, h.Score)
	}
	seen := make(map[string]bool)
	var cands []scored
	for _, h := range hits {
		p := e.corpus.Passage(h.ID)
		if p == nil {
			continue
		}
		key := e.info(p).key
		if seen[key] {
			continue // the same text in two documents is one result
		}
		seen[key] = true
		s := e.score(q, p)
		s.bm25 = h.Score
		s.total += 0.03 * h.Score / top
		cands = append(cands, s)
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
	if len(cands) == 0 {
		return res, nil
	}
	best := cands[0]
	res.Confidence = round2(best.confidence())
	rest := cands
	if best.answers() {
		res.Answered = true
		ex := e.excerpt(q, best)
		res.Answer = &ex
		rest = cands[1:]
		res.Others = e.others(q, ex, best, rest)
	}
	shown := map[string]bool{}
	for _, o := range res.Others {
		shown[o.Source.ID+"\x00"+o.Passage] = true
	}
	for _, c := range rest {
		if len(res.Related) >= k {
			break
		}
		if c.covP < 0.25 || !c.passContent || shown[c.p.Doc.ID+"\x00"+c.p.Text] {
			continue
		}
		res.Related = append(res.Related, Related{Excerpt: e.excerpt(q, c), Score: round2(c.total)})
	}
	return res, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// analysed is a question ready for retrieval and scoring.
type analysed struct {
	concepts []concept
	kind     Kind
	years    []string
	total    float64 // sum of concept weights
}

// analyze finds the question's concepts: alias groups and content words,
// typo-corrected against the corpus vocabulary, weighted by rarity.
func (e *Engine) analyze(q string) (analysed, error) {
	// "worth watching" is about attention, not valuation.
	q = worthIdiomRE.ReplaceAllString(q, "$1")
	lowerQ := strings.ToLower(q)
	a := analysed{kind: questionKind(lowerQ)}
	words := splitWords(q)
	lw := lowerAll(words)
	corrected := make([]bool, len(lw))
	for i, w := range lw {
		if questionStop[w] || e.vocab.count[w] > 0 || isNumeric(w) {
			continue
		}
		if c := e.vocab.correct(w); c != "" {
			lw[i], corrected[i] = c, true
		}
	}
	for i := 0; i < len(lw); {
		if n, alts := e.aliases.match(lw, i); n > 0 {
			label := strings.Join(words[i:i+n], " ")
			alts = literalFirst(alts, lw[i:i+n])
			named := false
			for j := i; j < i+n; j++ {
				named = named || isNamed(words[j], j)
			}
			a.add(e, concept{label: label, place: e.isPlace(alts), named: named || e.isPlace(alts), corrected: anyTrue(corrected[i : i+n])}, alts)
			i += n
			continue
		}
		w := lw[i]
		i++
		if questionStop[w] && !(w == "us" && words[i-1] == "US") {
			continue
		}
		if w == "us" && i >= 2 && pronounContext[lw[i-2]] {
			continue // "tell us", "show us"
		}
		a.add(e, concept{label: words[i-1], year: yearRE.MatchString(w), place: e.places[w], soft: softWords[w], corrected: corrected[i-1],
			named: !corrected[i-1] && (isNamed(words[i-1], i-1) || e.places[w])}, [][]string{{w}})
	}
	if len(a.concepts) > maxConcepts {
		a.concepts = a.concepts[:maxConcepts]
	}
	// Weigh each concept by the rarity of its best-known alternative.
	var terms []string
	for _, c := range a.concepts {
		for _, alt := range c.alts {
			terms = append(terms, alt...)
		}
	}
	df, err := e.ix.DocFreqs(terms)
	if err != nil {
		return a, fmt.Errorf("analyse question: %w", err)
	}
	n := e.ix.Len()
	for i := range a.concepts {
		c := &a.concepts[i]
		best := 0
		for _, alt := range c.alts {
			altDF := math.MaxInt
			for _, t := range alt {
				altDF = min(altDF, df[t])
			}
			best = max(best, altDF)
		}
		c.weight = idf(n, best)
		c.df = best
		if float64(best) > namedCommon*float64(n) {
			c.named = false // everywhere in the corpus: no test of an answer
		}
		if best == 0 && !c.corrected {
			// A word the corpus never uses is strong evidence that the
			// corpus does not hold the answer.
			c.weight *= 1.3
		}
		switch {
		case c.year:
			c.weight *= 1.5
			a.years = append(a.years, c.label)
		case c.soft:
			c.weight *= 0.3
		}
		if c.corrected {
			c.weight *= 0.8
		}
		a.total += c.weight
	}
	return a, nil
}

// literalFirst returns alts with the question's own wording first.
func literalFirst(alts [][]string, lit []string) [][]string {
	out := [][]string{lit}
	for _, a := range alts {
		if !equalWords(a, lit) {
			out = append(out, a)
		}
	}
	return out
}

var worthIdiomRE = regexp.MustCompile(`(?i)\bworth\s+(watching|following|noting|reading|a look|considering|keeping an eye on|tracking)\b`)

var pronounContext = toSet("tell show give let help for to with about from")

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

func isNumeric(w string) bool {
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return false
		}
	}
	return w != ""
}

func (e *Engine) isPlace(alts [][]string) bool {
	for _, alt := range alts {
		if e.places[strings.Join(alt, " ")] {
			return true
		}
	}
	return false
}

// add analyses the alternatives of c and appends it unless it has no
// searchable terms or repeats a concept already present.
func (a *analysed) add(e *Engine, c concept, alts [][]string) {
	for _, alt := range alts {
		var terms []string
		for _, t := range e.ix.Analyze(strings.Join(alt, " ")) {
			terms = append(terms, t.Term)
		}
		if len(terms) > 0 && !containsWords(c.alts, terms) {
			c.alts = append(c.alts, terms) // "patents" and "patent" analyse alike: search once
		}
	}
	if len(c.alts) == 0 {
		return
	}
	for _, prev := range a.concepts {
		if equalWords(prev.alts[0], c.alts[0]) {
			return
		}
	}
	a.concepts = append(a.concepts, c)
}

func containsWords(alts [][]string, w []string) bool {
	for _, a := range alts {
		if equalWords(a, w) {
			return true
		}
	}
	return false
}

// namedCommon: a named concept in more than this share of passages (China,
// in a corpus about China) is not required in an answer.
const namedCommon = 0.2

// commonFraction: a concept found in more than this share of passages adds
// little to BM25 ranking but costs the most to search (the longest
// postings); retrieval leaves it out when rarer concepts remain, and the
// re-ranker still weighs it.
const commonFraction = 0.05

// commonConcepts marks the concepts retrieval can skip: common ones, as
// long as at least two rarer concepts (or all there are) remain.
func commonConcepts(cs []concept, n int) []bool {
	skip := make([]bool, len(cs))
	rare := 0
	for _, c := range cs {
		if float64(c.df) <= commonFraction*float64(n) {
			rare++
		}
	}
	if rare < 2 || n < 2000 {
		return skip
	}
	for i, c := range cs {
		skip[i] = float64(c.df) > commonFraction*float64(n)
	}
	return skip
}

// buildQuery ORs every concept: single terms as term queries, multi-word
// alternatives as their word pairs, on the passage text and (weaker) on its section
// and document title. User text never reaches a query-string parser.
func (e *Engine) buildQuery(q analysed) query.Query {
	var clauses []query.Query
	common := commonConcepts(q.concepts, e.ix.Len())
	for i, c := range q.concepts {
		if common[i] {
			continue
		}
		var alts []query.Query
		for _, alt := range c.alts {
			for _, f := range []struct {
				field, pairs string
				boost        float64
			}{{index.FieldText, index.FieldTextPairs, 1}, {index.FieldContext, index.FieldContextPairs, 0.3}} {
				if len(alt) == 1 {
					tq := bleve.NewTermQuery(alt[0])
					tq.SetField(f.field)
					tq.SetBoost(f.boost)
					alts = append(alts, tq)
					continue
				}
				// A phrase is its word pairs, each one term of the pairs
				// field: no position checks over common words' postings.
				var pairs []query.Query
				for i := 0; i+1 < len(alt); i++ {
					tq := bleve.NewTermQuery(alt[i] + " " + alt[i+1])
					tq.SetField(f.pairs)
					pairs = append(pairs, tq)
				}
				var sub query.Query = pairs[0]
				if len(pairs) > 1 {
					sub = bleve.NewConjunctionQuery(pairs...)
				}
				sub.(query.BoostableQuery).SetBoost(f.boost)
				alts = append(alts, sub)
			}
		}
		dq := bleve.NewDisjunctionQuery(alts...)
		boost := 1.0
		if c.year {
			boost = 1.5
		} else if c.soft {
			boost = 0.3
		}
		dq.SetBoost(boost)
		clauses = append(clauses, dq)
	}
	return bleve.NewDisjunctionQuery(clauses...)
}
