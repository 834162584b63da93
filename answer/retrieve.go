package answer

import (
	"errors"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/landscape-bot/landscape/index"
)

// errFiltered: no document passes the question's filter.
var errFiltered = errors.New("no document passes the filter")

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

// Retrieval boosts: a year narrows the search most; a soft word barely;
// the heading and title count less than the passage's own text.
const (
	yearBoost    = 1.5
	softBoost    = 0.3
	contextBoost = 0.3
)

// buildQuery ORs every concept: single terms as term queries, multi-word
// alternatives as their word pairs, on the passage text and (weaker) on its
// section and document title. User text never reaches a query-string parser.
func (e *Engine) buildQuery(q question) query.Query {
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
			}{{index.FieldText, index.FieldTextPairs, 1}, {index.FieldContext, index.FieldContextPairs, contextBoost}} {
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
			boost = yearBoost
		} else if c.soft {
			boost = softBoost
		}
		dq.SetBoost(boost)
		clauses = append(clauses, dq)
	}
	return bleve.NewDisjunctionQuery(clauses...)
}
