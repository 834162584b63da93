package answer

import "github.com/landscape-bot/landscape/lexicon"

// Weights are every number that tunes how the engine ranks passages and
// decides to answer, in one place. Coverage is the share of the question's
// weight (each concept weighs its rarity, BM25's idf) that a text matches.
type Weights struct {
	// A run of sentences is ranked by RunCoverage × its own coverage +
	// FocusCoverage × the coverage of the clause holding its figure (for a
	// figure question; else the run's again) + PassageCoverage × its
	// passage's (with heading, and TitleShare of the title's) + KindFit ×
	// how well it holds the kind of answer asked, plus BM25 × the retrieval
	// score relative to the best (a tie-break only). The quote's own words
	// count most: the answer must be in the quote, not around it.
	RunCoverage, FocusCoverage, PassageCoverage, KindFit, BM25 float64
	TitleShare                                                 float64

	// AdjacentPair rewards each pair of the question's consecutive concepts
	// that stand next to each other in the quote ("large models"), up to
	// MaxAdjacentPairs: word order is evidence bag-of-words coverage misses.
	AdjacentPair     float64
	MaxAdjacentPairs int

	// Relation weighs a concept matched through an alternative rather than
	// as written: a synonym is good evidence, not as good as the word.
	Relation map[lexicon.Relation]float64

	// Penalties for runs that answer less directly: a sentence that is
	// itself a question; a second sentence joined to the first; each list
	// item between an item and its lead-in.
	QuestionSentence, SecondSentence, ListDistance float64

	// WeakPeriod is taken off a run whose period only holds the question's
	// (a span of years for one year of it).
	WeakPeriod float64

	// Concept weights beyond rarity: a year is a strong constraint; a soft
	// word ("number", "figure") says more about the kind of answer than the
	// topic; a typo-corrected word may be the wrong correction; a name the
	// corpus never uses is strong evidence that it does not answer (and
	// refuses), while an ordinary word it never uses (UnknownWord) is most
	// often a paraphrase it cannot match.
	Year, Soft, Corrected, Unknown, UnknownWord float64

	// AnswerThreshold is the score from which a run that agrees with the
	// question is offered as the answer; MinRunCoverage the share of the
	// question its quote must match by itself. Below either, passages are
	// only related.
	AnswerThreshold, MinRunCoverage float64
	// MinRelatedCoverage is the coverage a passage needs to be listed as
	// related at all.
	MinRelatedCoverage float64

	// AlikeDocuments answers that score within AlikeMargin of the best,
	// from as many documents, make the question one the corpus cannot
	// answer without more detail: the engine refuses rather than pick one.
	AlikeDocuments int
	AlikeMargin    float64

	// CommonShare: a subject found in more than this share of passages
	// (China, in a corpus about China) is not required of an answer.
	CommonShare float64
}

// DefaultWeights are the weights the engine ships with, chosen on the eval
// sets in testdata/eval and ../shared/eval (see EVAL.md), never for one
// question.
var DefaultWeights = Weights{
	RunCoverage: 0.40, FocusCoverage: 0.15, PassageCoverage: 0.30, KindFit: 0.15, BM25: 0.03,
	TitleShare:   0.5,
	AdjacentPair: 0.04, MaxAdjacentPairs: 2,
	Relation: map[lexicon.Relation]float64{
		lexicon.Same: 1, lexicon.Domain: 0.95, lexicon.OtherName: 0.95, lexicon.Synonym: 0.9, lexicon.Derived: 0.85,
	},
	QuestionSentence: 0.3, SecondSentence: 0.08, ListDistance: 0.01,
	WeakPeriod: 0.05,
	Year:       1.5, Soft: 0.3, Corrected: 0.8, Unknown: 1.3, UnknownWord: 0.6,
	AnswerThreshold: 0.5, MinRunCoverage: 0.4, MinRelatedCoverage: 0.25,
	AlikeDocuments: 3, AlikeMargin: 0.01,
	CommonShare: 0.2,
}
