package answer

// Evidence is scored, not gated: every candidate answer gets a vector of
// features, each a piece of evidence that it answers the question (or that
// it does not), and the fitted model (model.go) weighs them. The features
// are listed here once, by name; the fit (internal/fit) reads the names
// and writes weights for exactly this list, and a test checks that the
// shipped weights were fitted for it.
//
// Features are shares in [0, 1] or indicators, so that weights compare.
// Question-level features (q…) are the same for every candidate of a
// question: they shift all its candidates against "no answer".
type feature int

const (
	fBias feature = iota

	// What the question is like.
	fQUnknown    // it names something no passage holds
	fQFigure     // it asks for a figure (an amount, count, per cent, date)
	fQName       // it asks who or which
	fQPeriod     // it names a period
	fQSubject    // it names a subject an answer must be about
	fQMeasure    // it names what its figure measures
	fQConcepts   // how much it asks: its concepts, as a share of maxConcepts
	fQCorrected  // a word of it was typo-corrected
	fQUnknownWrd // an ordinary word of it is in no passage

	// How much of the question the quote matches, as shares of the
	// question's weight (each concept weighs its rarity): content concepts
	// as written, through a domain equivalence or another name, through a
	// WordNet synonym or derived form; years; soft words.
	fRunSame
	fRunAlt
	fRunWordNet
	fRunYear
	fRunSoft
	// fRunContext is the share the quote's heading and title add for the
	// subjects they name ("Moonshot AI" in the title, "it raised…" in
	// the quote).
	fRunContext
	// fPassage is the share matched by the whole passage, heading and title.
	fPassage
	// fFocus is the share matched by the clause that holds a figure of
	// the kind asked ("Gen AI revenue rose to RMB1.05bn" in a sentence
	// that also gives total revenue); for other questions, the quote's.
	fFocus
	// What the question asks of its subjects (content concepts but for
	// subjects): the share the quote matches, the share its figure's
	// clause matches, whether the quote matches all of it.
	fPredRun
	fPredSame // … matched as written, or through a domain equivalence
	fPredClause
	fPredAll
	fAdjacent  // pairs of the question's consecutive concepts side by side in the quote
	fBM25      // the passage's retrieval score, relative to the best
	fRankTop   // the passage is the best retrieved
	fRankTop5  // the passage is among the five best retrieved
	fNoContent // the quote matches nothing but years and soft words

	// The kind of answer asked for.
	fKindFigure    // a figure question, and the quote holds a figure of the kind (in the currency asked)
	fKindAnyFigure // a figure question, and the quote holds some figure
	fKindMeasured  // the figure of the kind stands by the asked measure's words
	fKindName      // a who or which question, and the quote names someone new
	fKindNamedAt   // … where it also holds what the question asks about them
	fKindOther     // a reason, source or rank question, and the quote gives one
	fKindListing   // a which question, and the quote enumerates
	fAuthor        // a who or which question, and the quote names the document's author

	// Whose figure: of the subjects the question names (by weight), the
	// share found in the quote itself, in the clause of the figure asked,
	// only in the heading or title, only elsewhere in the passage, nowhere.
	fSubjRun
	fSubjClause
	fSubjTitle
	fSubjPassage
	fSubjMissing
	fOtherNames // names in the quote the question does not give (log scale)
	fSubjListed // the subject is one of a list the quote enumerates

	// What the facts layer reads of the quote's figure of the asked kind:
	// whose it is (a subject asked, or another), whether its metric is
	// what is asked, and its own period (the one asked, or another).
	fFigEntity
	fFigEntityOther
	fFigMetric
	fFigPeriod
	fFigPeriodOther
	// What a count or per cent counts: the measure asked, or another thing.
	fFigNounAsked
	fFigNounOther

	// When: the period asked for against the quote's (read from the quote
	// itself), else the nearest sentence before it, the heading or title,
	// or only the document's date — weaker evidence, kept apart.
	fPeriodOwn      // the quote's own period is the one asked
	fPeriodOwnWeak  // the quote's own period holds the one asked (a span of years)
	fPeriodBefore   // a sentence before the quote dates it as asked
	fPeriodContext  // the heading or title dates it as asked
	fPeriodDated    // only the document's date fits
	fPeriodConflict // the quote's periods are all others
	fPeriodNone     // nothing dates the quote

	// What the figure measures.
	fMeasureRun   // the quote names the asked measure
	fMeasureOther // the quote names another measure of the asked kind ("valuation" for "revenue")
	fOtherFigure  // the quote's counts or per cents all measure something else

	// The agreement checks (agree.go): whether the quote meets them all,
	// and how many it does not.
	fAgree
	fUnmet

	// The quote's shape.
	fQuestionSentence // it is itself a question
	fTwoSentences     // two sentences joined
	fListItem         // a list item with its lead-in
	fListDistance     // items between the item and its lead-in (log scale)

	nFeatures
)

// featureNames name the features for the fitted model and its reports.
var featureNames = [nFeatures]string{
	fBias: "bias",

	fQUnknown: "q_unknown", fQFigure: "q_figure", fQName: "q_name", fQPeriod: "q_period",
	fQSubject: "q_subject", fQMeasure: "q_measure", fQConcepts: "q_concepts",
	fQCorrected: "q_corrected", fQUnknownWrd: "q_unknown_word",

	fRunSame: "run_same", fRunAlt: "run_alt", fRunWordNet: "run_wordnet", fRunYear: "run_year",
	fRunSoft: "run_soft", fRunContext: "run_context", fPassage: "passage", fFocus: "focus",
	fPredRun: "pred_run", fPredSame: "pred_same", fPredClause: "pred_clause", fPredAll: "pred_all",
	fAdjacent: "adjacent", fBM25: "bm25", fRankTop: "rank_top", fRankTop5: "rank_top5",
	fNoContent: "no_content",

	fKindFigure: "kind_figure", fKindAnyFigure: "kind_any_figure", fKindMeasured: "kind_measured",
	fKindName: "kind_name", fKindNamedAt: "kind_named_at", fKindOther: "kind_other", fKindListing: "kind_listing", fAuthor: "author",

	fSubjRun: "subj_run", fSubjClause: "subj_clause", fSubjTitle: "subj_title", fSubjPassage: "subj_passage",
	fSubjMissing: "subj_missing", fOtherNames: "other_names", fSubjListed: "subj_listed",

	fFigEntity: "fig_entity", fFigEntityOther: "fig_entity_other", fFigMetric: "fig_metric",
	fFigPeriod: "fig_period", fFigPeriodOther: "fig_period_other", fFigNounAsked: "fig_noun_asked", fFigNounOther: "fig_noun_other",

	fPeriodOwn: "period_own", fPeriodOwnWeak: "period_own_weak", fPeriodBefore: "period_before",
	fPeriodContext: "period_context", fPeriodDated: "period_dated", fPeriodConflict: "period_conflict",
	fPeriodNone: "period_none",

	fMeasureRun: "measure_run", fMeasureOther: "measure_other", fOtherFigure: "other_figure",

	fAgree: "agree", fUnmet: "unmet",

	fQuestionSentence: "question_sentence", fTwoSentences: "two_sentences", fListItem: "list_item",
	fListDistance: "list_distance",
}

// features is a candidate's evidence vector.
type features [nFeatures]float64

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// FeatureNames returns the names of the evidence features, in the order of
// Candidate.Features.
func FeatureNames() []string { return append([]string(nil), featureNames[:]...) }
