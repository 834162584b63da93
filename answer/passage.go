package answer

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

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
	figs       []figure
	periods    []period
	present    bool              // speaks of the document's present ("now", "to date")
	names      []string          // people, companies, products… named in it
	places     []string          // places named in it
	listing    bool              // enumerates things: "a, b and c"
	reason     bool              // gives a cause: "because", "due to"
	cites      bool              // names a primary source
	rank       bool              // places something in an order: "fourth-largest", "ranked first"
	measures   map[string]string // measure label ("revenue") → kind ("money") of the measures it names
	clauses    [][2]int          // where a comparison turns ("…, compared with …"), relative to start
}

// passageInfo is what scoring needs of a passage that does not depend on
// the question; it is computed once per passage, on first retrieval or by
// Warm.
type passageInfo struct {
	toks        []index.Token // the analysed text
	sectionToks []index.Token // the analysed section heading
	titleToks   []index.Token // the analysed document title
	units       []unit
	context     []period     // periods of the section heading and document title
	dated       []period     // the document's date, as a month, or none
	cite        string       // the primary source the passage names
	key         string       // the text normalised, to drop duplicates
	facts       []facts.Fact // the passage's figures as the facts layer reads them
}

// factAt returns the fact of the figure at byte offset at of the passage,
// or nil.
func (in *passageInfo) factAt(at int) *facts.Fact {
	for i := range in.facts {
		if in.facts[i].At == at {
			return &in.facts[i]
		}
	}
	return nil
}

// docFacts returns the facts of d's passages, by passage ID, extracted once
// per document (the facts layer reads a document as a whole: who "the
// company" is, which words it capitalises).
func (e *Engine) docFacts(d *corpus.Document) map[string][]facts.Fact {
	if v, ok := e.factCache.Load(d); ok {
		return v.(map[string][]facts.Fact)
	}
	by := map[string][]facts.Fact{}
	for _, f := range facts.ExtractDocument(d).Facts {
		by[f.Passage] = append(by[f.Passage], f)
	}
	v, _ := e.factCache.LoadOrStore(d, by)
	return v.(map[string][]facts.Fact)
}

// Warm analyses every passage ahead of questions, so that the first
// question to retrieve a passage does not pay for it. A long-running server
// calls it once at start; one-shot commands need not. It stops early when
// ctx is done.
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
	toks := dropCurrencyPrefixes(p.Text, e.ix.Analyze(p.Text))
	r := facts.RefOf(p.Doc.Published)
	in := &passageInfo{
		toks:        toks,
		sectionToks: e.ix.Analyze(p.Section),
		titleToks:   e.ix.Analyze(p.Doc.Title),
		cite:        corpus.Cites(p.Text),
		key:         strings.ToLower(strings.Join(strings.Fields(p.Text), " ")),
		context:     append(facts.Periods(p.Section, r), facts.Periods(p.Doc.Title, r)...),
		facts:       e.docFacts(p.Doc)[p.ID],
	}
	if r.Year > 0 {
		m := facts.MonthIndex(r.Year, r.Month)
		in.dated = []period{{From: m, To: m, Grain: facts.GrainMonth}}
	}
	in.units = e.units(p.Text, toks, r)
	v, _ := e.cache.LoadOrStore(p, in)
	return v.(*passageInfo)
}

// units splits a passage into sentences and list items and finds what each
// holds: its share of toks (the analysed passage text), figures, periods,
// names, and whether it enumerates or gives a reason.
func (e *Engine) units(text string, toks []index.Token, r facts.Ref) []unit {
	var out []unit
	k := 0
	ctxYear := 0 // the last year the passage named: "the first half of the year" is of it
	for _, cu := range corpus.Units(text) {
		s := text[cu.Start:cu.End]
		u := unit{start: cu.Start, end: cu.End, item: cu.Item, leadIn: cu.LeadIn,
			question: strings.HasSuffix(s, "?"), figs: findFigures(s), periods: facts.Periods(s, facts.Ref{Year: r.Year, Month: r.Month, TextYear: ctxYear}),
			cites: corpus.Cites(s) != "", clauses: facts.Clauses(s), measures: e.measuresIn(s)}
		// Cheap tests of the lower-cased sentence skip the patterns that
		// cannot match.
		low := strings.ToLower(s)
		u.present = hasAny(low, presentWords...) && presentRE.MatchString(s)
		u.listing = hasAny(low, ", ", " and ", " as well as ", " along with ", " or ") && listingRE.MatchString(s)
		u.reason = hasAny(low, reasonWords...) && reasonRE.MatchString(s)
		u.rank = hasAny(low, rankWords...) && rankRE.MatchString(s)
		u.names, u.places = e.namesIn(s)
		for _, p := range u.periods {
			if p.Grain == facts.GrainYear && !p.NoYear {
				ctxYear = p.From / 12
			}
		}
		u.t0 = k
		for k < len(toks) && toks[k].Start < u.end {
			k++
		}
		u.t1 = k
		out = append(out, u)
	}
	return out
}

var (
	// presentRE marks a sentence about the document's present, whose
	// figure is dated by the document ("has now reached").
	presentRE = regexp.MustCompile(`(?i)\b(?:now|currently|to date|so far|as of (?:this|today)|this (?:week|month)|today)\b`)
	// listingRE finds an enumeration: "new energy, new materials, and
	// pharmaceuticals", "Tencent and miHoYo".
	listingRE = regexp.MustCompile(`[\w.’'‘-]+(?: [\w.’'‘-]+){0,4}, [\w.’'‘-]+(?: [\w.’'‘-]+){0,4},? (?:and|or) [\w.’'‘-]+|\b[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)* (?:and|as well as|along with) (?:the )?[A-Z‘'][\w.’'-]*`)
	// presentWords, reasonWords and rankWords hold a word of every match
	// of presentRE, reasonRE and rankRE.
	presentWords = []string{"now", "current", "to date", "so far", "as of", "this", "today"}
	reasonWords  = []string{"because", "due to", "reason", "thanks to", "owing to", "driven by", "result", "led ", "lead", "cause", "testament", "attribut", "advantage", "lack of", "since", "so that", "order to", "to help", "amid", "given", "therefore", "hence"}
	rankWords    = []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "top", "st ", "nd ", "rd ", "th ", "rank", "place", "no.", "largest", "biggest", "leading"}
	// rankRE finds a place in an order.
	rankRE = regexp.MustCompile(`(?i)\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top|\d+(?:st|nd|rd|th))[- ](?:largest|biggest|place|ranked|most|highest|lowest)\b|\b(?:ranked|ranks|ranking|placed) (?:\w+ )?(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)|top)\b|\bno\. ?\d\b|\b(?:largest|biggest|leading|top)\b`)
	// reasonRE finds wording that gives a cause.
	reasonRE = regexp.MustCompile(`(?i)\b(because|due to|reasons?|thanks to|owing to|driven by|as a result|result of|led (?:\w+ )?to|lead to|leads to|caused|causes|testament to|attributed|disadvantage|advantage|lack of|since|so that|in order to|to help|amid|given|therefore|hence)\b`)
)

// measuresIn returns the measures a sentence names ("valuation",
// "revenue"), by label, with their kind.
func (e *Engine) measuresIn(s string) map[string]string {
	var out map[string]string
	lw := lowerAll(splitWords(s))
	for i := 0; i < len(lw); i++ {
		if n, label, kind := e.lex.MeasureAt(lw, i); n > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[label] = kind
			i += n - 1
		}
	}
	return out
}

// namesIn returns the names of a sentence, people and organisations apart
// from places: words capitalised inside it, or at its start when the corpus
// writes them as names ("Son will serve…"). Runs of capitalised words are
// one name ("Moore Threads"); terms of the field ("AI", "R&D") and
// currency prefixes ("US$") are no names.
func (e *Engine) namesIn(s string) (names, places []string) {
	var run []string
	gaz := e.lex.Places()
	flush := func() {
		if len(run) == 0 {
			return
		}
		n := strings.Join(run, " ")
		if gaz.Lookup(n) != nil {
			places = append(places, n)
		} else {
			names = append(names, n)
		}
		run = nil
	}
	ws := splitWords(currencyPrefixRE.ReplaceAllString(s, "$$"))
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		if i+1 < len(ws) && e.lex.IsTerm(lw+" "+strings.ToLower(ws[i+1])) {
			flush()
			i++ // a two-word term: "Gen AI"
			continue
		}
		capital := unicode.IsUpper(r) || unicode.IsDigit(r) && strings.ContainsFunc(w, unicode.IsUpper)
		if capital && (i > 0 || e.vocab.isName(lw)) && !questionStop[lw] && !(e.lex.IsTerm(lw) && capsAfterFirst(w)) && !calendarWords[lw] &&
			!reportPeriodWordRE.MatchString(w) && !isFigure(w) {
			run = append(run, w)
			continue
		}
		flush()
	}
	flush()
	return names, places
}

// capsAfterFirst reports whether a word has capitals after its first
// letter: an acronym or a mixed-case term ("AI", "GenAI"), not a word
// capitalised as a name's part ("Firm" in "Firm A").
func capsAfterFirst(w string) bool {
	_, size := utf8.DecodeRuneInString(w)
	return strings.ContainsFunc(w[size:], unicode.IsUpper)
}

// isFigure reports whether a word is an amount ("RMB1.05bn"), not a name.
func isFigure(w string) bool {
	if !strings.ContainsFunc(w, unicode.IsDigit) {
		return false
	}
	for _, f := range findFigures(w) {
		if f.start == 0 && f.end == len(w) && f.kind == KindMoney {
			return true
		}
	}
	return false
}

// reportPeriodWordRE matches a word that is a reporting period ("1H23",
// "FY24E"), not a name.
var reportPeriodWordRE = regexp.MustCompile(`^(?:[12]H\d\dE?|H[12]|Q[1-4]|[1-4]Q\d\d|FY\d\dE?)$`)

// currencyPrefixRE finds the letters of a currency symbol: the "US" of
// "US$10" names a currency, not the country.
var currencyPrefixRE = regexp.MustCompile(`\b(?:US|U\.S\.|HK|NT|NZ|[SACR])\$`)

// dropCurrencyPrefixes removes the tokens that are a currency symbol's
// letters ("US" in "US$10"), so that they do not match the country.
func dropCurrencyPrefixes(text string, toks []index.Token) []index.Token {
	out := toks[:0:0]
	for _, t := range toks {
		if t.End < len(text) && text[t.End] == '$' {
			continue
		}
		out = append(out, t)
	}
	return out
}

// hasAny reports whether s holds any of subs.
func hasAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
