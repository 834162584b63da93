package answer

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/lexicon"
)

// MaxQuestion is the longest question (bytes) the engine reads; longer input
// is cut at a word boundary and the result says so.
const MaxQuestion = 1000

// Kind is the kind of answer a question expects.
type Kind int

// Answer kinds, from the question's wording.
const (
	KindAny     Kind = iota
	KindMoney        // how much, worth, valuation
	KindCount        // how many
	KindNumber       // how large, what size
	KindPercent      // what share, what percentage
	KindDate         // when, what year
	KindWho          // who
	KindNames        // which companies…
	KindReason       // why
	KindSource       // where does … come from, what is the source
	KindRank         // where does … rank, what place
)

func (k Kind) String() string {
	return [...]string{"any", "money", "count", "number", "percent", "date", "who", "names", "reason", "source", "rank"}[k]
}

// figureKind reports whether k asks for a figure.
func (k Kind) figureKind() bool {
	return k == KindMoney || k == KindCount || k == KindNumber || k == KindPercent || k == KindDate
}

// kindRules map question wording to kinds; the first match wins, so more
// specific wording comes first. A rule's cue words ("how many") only say
// what kind of answer is wanted: they are not searched for.
var kindRules = []struct {
	re   *regexp.Regexp
	kind Kind
}{
	{regexp.MustCompile(`\b(?:where|how) (?:does|do|did|is|was) .*\b(?:rank|ranks|ranked|place|stand)\b|\bwhat (?:rank|place|position)\b|\branking\b`), KindRank},
	{regexp.MustCompile(`\b(source|sources|according to whom|who says|where (?:does|do|did) .*\bcome from|cited?|which report|what report)\b`), KindSource},
	{regexp.MustCompile(`\b(what|which) (percentage|percent|share|proportion|fraction|pc)\b|\bshare of\b|\bhow (?:big|large) (?:a )?(?:share|percentage)\b|\b(?:in|as a) (?:per ?cent|percent|percentage|pc)\b|\bpc of\b|\bper ?cent\b|%`), KindPercent},
	// "How much did prices fall?": a change is as often a per cent as an amount.
	{regexp.MustCompile(`\bhow much (?:\S+ ){0,6}?(?:cut|cuts|rise|rose|risen|grow|grew|grown|growth|fall|fell|fallen|drop|dropped|increase|increased|decrease|decreased|jump|jumped|shrink|shrank|change|changed|reduce|reduced|lower|lowered|discount|discounted|dearer|faster|slower|bigger|smaller|more|less)\b`), KindNumber},
	{regexp.MustCompile(`\bhow much\b|\bhow (?:big|large) (?:were|was|are|is) (?:the )?(?:deals?|investments?|rounds?|funding)\b|\bdeal sizes?\b`), KindMoney},
	{regexp.MustCompile(`\bhow many\b|\bnumber of\b|\bcount of\b|\w \bcount\b`), KindCount},
	{regexp.MustCompile(`\bhow (?:big|large|high|fast|much)\b|\bwhat (?:size|scale|level|amount)\b|\bwhat .*\b(?:scale|size|target)\b`), KindNumber},
	{regexp.MustCompile(`\bwhen\b|\bwhat (?:year|date|time|month)\b|\bwhich (?:year|month)\b|\bsince when\b|\bhow long\b`), KindDate},
	{regexp.MustCompile(`^(?:and )?who\b|\bwho (?:is|are|was|were|wrote|dominates?|owns?|founded|makes?|builds?|had|has|have|did|does)\b`), KindWho},
	{regexp.MustCompile(`\bwhich\b|\bwhat (?:\w+ ){0,2}(?:companies|firms|startups|start-ups|players|countries|cities|models|carmakers|sectors|industries|groups|names|giants|labs|organisations|organizations|technologies|departments|products|investors|services|makers)\b|\bname (?:the|some)\b|\blist\b`), KindNames},
	{regexp.MustCompile(`\bwhy\b|\breasons?\b|\bwhat causes\b|\bhow come\b`), KindReason},
}

// kindCue is the wording that only names the kind of answer: its words are
// left out of the question's concepts ("how big is the fund" searches for
// the fund, not for "big").
var kindCue = regexp.MustCompile(`\bhow (?:many|much|big|large|high|fast|long)(?: (?:a|an)\b)?|\bwhat (?:percentage|percent|share|proportion|fraction|pc|size|scale|level|amount|year|date|time|month)(?: of)?\b|\b(?:in|as a) (?:per ?cent|percent|percentage|pc)\b|\bnumber of\b|\bcount of\b|\bper ?cent\b`)

// sourceCue is the wording of a question for a source.
var sourceCue = regexp.MustCompile(`\bsources?\b|\bcome from\b|\bcited?\b`)

// codeSourceRE finds "open source" and "closed source": kinds of software,
// not a request for a source.
var codeSourceRE = regexp.MustCompile(`\b(?:open|closed)[- ]sourced?\b`)

func questionKind(lower string) Kind {
	lower = codeSourceRE.ReplaceAllString(lower, "")
	for _, r := range kindRules {
		if r.re.MatchString(lower) {
			return r.kind
		}
	}
	return KindAny
}

// periodFillerRE finds the words of a period expression that are neither
// its year nor its month.
var periodFillerRE = regexp.MustCompile(`(?i)\b(?:end|close|of|the|first|second|third|fourth|half|quarter|full|year|fiscal|financial)\b`)

// pluralHead reports whether the thing a which or what question asks for
// is plural ("which other chinese model startups has…", "what new products
// did…"): its words are read up to the first that is plural, or to a
// function word or a word that can only be a verb ("which chatbot broke…").
func (e *Engine) pluralHead(lower string) bool {
	ws := lowerAll(splitWords(lower))
	for i, w := range ws {
		if w != "which" && w != "what" {
			continue
		}
		for _, h := range ws[i+1:] {
			switch {
			case h == "other":
				continue
			case questionStop[h] || verbLike(h):
				return false
			case plural(h):
				return true
			case e.lex.CanBeVerb(h) && !e.lex.CanBeNoun(h):
				return false
			}
		}
		return false
	}
	return false
}

// plural reports whether a noun is plural by its ending.
func plural(w string) bool {
	if invariantNouns[w] {
		return false
	}
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") || w == "people"
}

// invariantNouns end in s but are singular.
var invariantNouns = toSet(`series species news means`)

// measureLead is wording after which the question names what it measures:
// "how many enterprise customers", "what percentage of Indian companies".
// countTail is "<thing> count", asking for the number of the thing ("ai
// paper count"): the words before it name the measure.
var countTail = regexp.MustCompile(`\bcount\b`)

var measureLead = regexp.MustCompile(`\bhow many\b|\bnumber of\b|\bcount of\b|\b(?:percentage|percent|share|proportion|fraction|pc) of\b|\bhow (?:big|large|much|high) (?:a|an)\b`)

// askedCurrency is the currency a question wants the figure in ("in
// yuan"), as an ISO code, or "".
func askedCurrency(lower string) string {
	m := currencyAskRE.FindStringSubmatch(lower)
	if m == nil {
		return ""
	}
	return currencyWords[m[1]]
}

// currencyAskRE finds a currency named in the question: "in yuan", ",
// rmb", "in usd". A question about money that names one wants the figure
// in it.
var currencyAskRE = regexp.MustCompile(`\b(yuan|rmb|renminbi|dollars|us dollars|usd|euros?|eur|yen|jpy|rupees|inr|won|pounds|sterling|gbp|hk dollars|hong kong dollars|hkd)\b`)

var currencyWords = map[string]string{
	"yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "dollars": "USD", "us dollars": "USD", "usd": "USD",
	"euro": "EUR", "euros": "EUR", "eur": "EUR", "yen": "JPY", "jpy": "JPY", "rupees": "INR", "inr": "INR",
	"won": "KRW", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "hk dollars": "HKD", "hong kong dollars": "HKD", "hkd": "HKD",
}

// questionStop are words that shape a question but carry no topic: they are
// dropped before searching (the index drops ordinary English stop words too).
var questionStop = toSet(`a an and any are as at be been being but by can could did do does doing done for from
get gets got had has have having he her hers him his how i if in into is it its me my of on or our ours please
she should so some tell than that the their them then there these they this those to us was we were what whats
when where which who whom whose why will with would you your yours about give show know let like want wanted
find me much many kind sort hey hi hello thanks thank bot landscape quickly briefly exactly roughly approximately
explain describe summarise summarize say says said according anything something someone somebody does dont
info information details detail overview going happen happened currently really also just
advised advise advises recommended recommend suggest suggested suggests think thinks believe believes
considered considers expected supposed seen far come comes came
among amongst between within across via per toward towards upon onto
go goes went gone going get gets getting got gotten make makes made making take takes took taken taking
put puts putting give gives gave given giving keep keeps kept bring brings brought`)

// softWords say what kind of answer is wanted, or refer to the document
// itself, more than they name the topic; they count little toward coverage.
var softWords = toSet(`amount number figure figures total size level value data stats statistics numbers
compare compared comparison versus vs big large high fast long article articles report piece paper post story document
people persons money
work works working worked doing making use using used involved active`)

func toSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Sanitize makes arbitrary input safe to analyse: control bytes become
// spaces, invalid UTF-8 is dropped, whitespace collapses, and input over
// MaxQuestion is cut at a word boundary (truncated reports that).
func Sanitize(q string) (clean string, truncated bool) {
	q = strings.ToValidUTF8(q, " ")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, q)
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > MaxQuestion {
		cut := MaxQuestion
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		if i := strings.LastIndexByte(q[:cut], ' '); i > MaxQuestion/2 {
			cut = i
		}
		q = strings.TrimSpace(q[:cut])
		truncated = true
	}
	return q, truncated
}

// splitWords splits text as the lexicon does.
func splitWords(s string) []string { return lexicon.Words(s) }

var yearRE = regexp.MustCompile(`^(19|20)\d\d$`)

// concept is one thing a question asks about, with every way the corpus may
// say it: each alternative is a sequence of analysed terms (a phrase when
// longer than one), with how it relates to the question's words.
type concept struct {
	label  string   // as the question wrote it
	words  []string // lower case, typo-corrected
	alts   [][]string
	rels   []lexicon.Relation
	weight float64
	df     int // passages holding its commonest alternative's rarest term
	// subject: the question names it (a company, product, person, place,
	// fund or programme) and the corpus finds it rare: an answer must be
	// about it. "How much did Tencent invest?" is not answered by China's
	// total.
	subject bool
	named   bool // capitalised in the question, an acronym, a place, or a name in the corpus
	inName  bool // part of a name of several words the corpus uses: required however common
	common  bool // in more than commonShare of passages
	place   bool
	year    bool
	soft    bool
	// measure: what the asked figure measures ("revenue", the "customers"
	// of "how many enterprise customers"): the quote must name it.
	measure bool
	// measureLabel names the lexicon's measure group ("revenue") when the
	// measure is one; "" for a measure only the question's wording makes
	// ("how many GPUs").
	measureLabel string
	corrected    bool
}

// question is a question analysed for retrieval, scoring and agreement.
type question struct {
	text     string
	concepts []concept
	kind     Kind
	period   period // zero when the question names none
	// periodText is the period as the question wrote it.
	periodText string
	currency   string // ISO code of the currency asked for, or ""
	total      float64
	// unknown is a subject no passage of the corpus mentions ("" when every
	// subject is found): the corpus cannot answer.
	unknown string
	// plural: a which question asks for several things ("which startups"),
	// answered by a list, not one name.
	plural bool
	// asked is every word of the question and of its concepts'
	// alternatives, lower case: a name made only of them is no answer.
	asked map[string]bool
	// asksAuthor: a who question whose words are, or relate to, "author".
	asksAuthor bool
}

// maxConcepts caps the concepts of a question; masks hold one bit per
// concept for "matched by any alternative" and one for "matched as written".
const maxConcepts = 32

// maxCorrections bounds the typo corrections per question: each costs a
// scan of the vocabulary, and a question of junk words must not cost seconds.
const maxCorrections = 8

// analyze reads a question: what kind of answer, period and currency it
// asks for; its concepts — lexicon entries and content words,
// typo-corrected against the corpus — weighed by rarity; which of them are
// subjects an answer must be about and which the measure its figure must
// be of.
func (e *Engine) analyze(text string) (question, error) {
	text = worthIdiomRE.ReplaceAllString(text, "$1")
	q := readQuestion(text)
	q.plural = q.kind == KindNames && e.pluralHead(strings.ToLower(text))
	words, cue, measureAt := e.questionWords(text, q.kind)
	lw := lowerAll(words)
	named := namedWords(words)
	corrected := e.correct(lw, named)
	e.readConcepts(&q, words, lw, wordFlags{cue, measureAt, named, corrected, e.nameAcronyms(words, named)})
	q.asked = q.words()
	q.asksAuthor = q.kind == KindWho && e.mentions(q, "author")
	return q, e.weigh(&q)
}

// mentions reports whether a concept of q, or one of its alternatives, is
// word (analysed as the index does).
func (e *Engine) mentions(q question, word string) bool {
	toks := e.ix.Analyze(word)
	if len(toks) != 1 {
		return false
	}
	for _, c := range q.concepts {
		for _, alt := range c.alts {
			if len(alt) == 1 && alt[0] == toks[0].Term {
				return true
			}
		}
	}
	return false
}

// readQuestion reads what the wording of a question asks for: the kind of
// answer, the period and the currency.
func readQuestion(text string) question {
	lower := strings.ToLower(text)
	q := question{text: text, kind: questionKind(lower), currency: askedCurrency(lower)}
	q.period, q.periodText = questionPeriod(text)
	if q.currency != "" && (q.kind == KindAny || q.kind == KindNumber) {
		q.kind = KindMoney // "uk datacentre backing in euros"
	}
	if q.kind != KindMoney {
		q.currency = "" // "won" in "which countries won" is no currency
	}
	return q
}

// wordFlags say of each word of a question whether it is part of the kind
// cue, names the measure, is written as a name, was typo-corrected, and
// which acronym the corpus writes for the name it is part of ("" for none).
type wordFlags struct {
	cue, measure, named, corrected []bool
	acronym                        []string
}

// readConcepts turns the question's words into concepts: the longest
// lexicon entry at each word, else the word itself; question words and the
// kind cue are left out.
func (e *Engine) readConcepts(q *question, words, lw []string, f wordFlags) {
	for i := 0; i < len(lw); {
		if f.cue[i] {
			i++
			continue
		}
		// "us" is the country, unless a verb or preposition makes it a
		// pronoun ("tell us").
		stop := questionStop[lw[i]] && !(lw[i] == "us" && (i == 0 || !pronounContext[lw[i-1]]))
		if ent := e.lex.Match(lw, i); ent.N > 1 || ent.N == 1 && !stop && !softWords[lw[i]] {
			alts := ent.Alts
			if f.acronym[i] != "" && ent.N == 1 {
				alts = append(alts[:len(alts):len(alts)], lexicon.Alt{Words: []string{f.acronym[i]}, Rel: lexicon.OtherName})
			}
			q.add(e, e.entryConcept(q, words, lw, i, ent, f), alts)
			i += ent.N
			continue
		}
		w := lw[i]
		i++
		if questionStop[w] {
			continue
		}
		alts := e.wordAlts(words[i-1], w)
		if f.acronym[i-1] != "" {
			alts = append(alts, lexicon.Alt{Words: []string{f.acronym[i-1]}, Rel: lexicon.OtherName})
		}
		q.add(e, concept{label: words[i-1], words: lw[i-1 : i], year: yearRE.MatchString(w), soft: softWords[w], corrected: f.corrected[i-1],
			named: f.named[i-1], measure: f.measure[i-1] && !softWords[w] && !f.named[i-1]}, alts)
	}
	if len(q.concepts) > maxConcepts {
		q.concepts = q.concepts[:maxConcepts]
	}
}

// entryConcept is the concept of the lexicon entry ent at word i; a
// measure it names sets the kind of answer a question of no kind asks for
// ("minimax revenue" asks for an amount).
func (e *Engine) entryConcept(q *question, words, lw []string, i int, ent lexicon.Entry, f wordFlags) concept {
	n := ent.N
	c := concept{label: strings.Join(words[i:i+n], " "), words: lw[i : i+n], place: ent.Place != nil, measure: ent.Measure != "",
		soft: allSoft(lw[i : i+n])}
	for j := i; j < i+n; j++ {
		c.named = c.named || f.named[j]
		c.corrected = c.corrected || f.corrected[j]
		c.measure = c.measure || f.measure[j]
	}
	c.named = c.named || c.place
	c.measure = c.measure && !c.named // "what percentage of Indian companies": India is who, not what
	if ent.Measure != "" {
		_, c.measureLabel, _ = e.lex.MeasureAt(lw, i)
		if q.kind == KindAny {
			q.kind = measureKind[ent.Measure]
		}
	}
	return c
}

// allSoft reports whether every word is a soft or question word: "working
// on" says no more as a phrase than its words do.
func allSoft(ws []string) bool {
	for _, w := range ws {
		if !softWords[w] && !questionStop[w] {
			return false
		}
	}
	return true
}

var measureKind = map[string]Kind{lexicon.Money: KindMoney, lexicon.Count: KindCount, lexicon.Percent: KindPercent, lexicon.Number: KindNumber}

// questionWords splits the question into words and marks those of its
// kind cue ("how many") and those that name the measure (the words after
// "how many" up to the first function word).
func (e *Engine) questionWords(text string, kind Kind) (words []string, cue, measure []bool) {
	lower := strings.ToLower(text)
	cueSpans := kindCue.FindAllStringIndex(lower, -1)
	if kind == KindSource {
		// "what is the source of…" asks for a citation, not for the word.
		cueSpans = append(cueSpans, sourceCue.FindAllStringIndex(lower, -1)...)
	}
	var countAt []int // where "count" follows the thing counted
	if kind == KindCount {
		for _, m := range countTail.FindAllStringIndex(lower, -1) {
			cueSpans = append(cueSpans, m)
			countAt = append(countAt, m[0])
		}
	}
	// The words of a period other than its year and month ("the end of",
	// "first half") are read by questionPeriod, not searched for.
	for _, p := range facts.Periods(text, facts.Ref{}) {
		if p.Grain != facts.GrainYear && !yearRE.MatchString(p.Text(text)) {
			for _, m := range periodFillerRE.FindAllStringIndex(p.Text(text), -1) {
				cueSpans = append(cueSpans, []int{p.Start + m[0], p.Start + m[1]})
			}
		}
	}
	leads := measureLead.FindAllStringIndex(lower, -1)
	// Word positions, by walking the words back into the text.
	words = splitWords(text)
	cue = make([]bool, len(words))
	measure = make([]bool, len(words))
	at := 0
	// The phrase ends at a verb: a word that can be one after a plural
	// noun ("companies use") or in -ing or -ed form ("organisations using").
	inMeasure, seen, prevPlural := false, false, false
	for i, w := range words {
		j := strings.Index(lower[at:], strings.ToLower(w))
		if j < 0 {
			continue
		}
		start := at + j
		at = start + len(w)
		for _, s := range cueSpans {
			if start >= s[0] && start < s[1] {
				cue[i] = true
			}
		}
		for _, s := range leads {
			if start >= s[1] && strings.TrimSpace(lower[s[1]:start]) == "" {
				inMeasure = true // the first word after the lead
			}
		}
		for _, c := range countAt {
			if at <= c && strings.TrimSpace(lower[at:c]) == "" && !questionStop[strings.ToLower(w)] {
				measure[i] = true // the thing of "<thing> count"
			}
		}
		if inMeasure && !cue[i] {
			lw := strings.ToLower(w)
			// The measure phrase ends at a function word or a verb.
			if questionStop[lw] && !(lw == "of" || lw == "the") || verbLike(lw) || seen && e.lex.CanBeVerb(lw) && (prevPlural || strings.HasSuffix(lw, "ing") || strings.HasSuffix(lw, "ed")) {
				inMeasure = false
			} else if !questionStop[lw] {
				measure[i], seen = true, true
				prevPlural = strings.HasSuffix(lw, "s")
			}
		}
	}
	return words, cue, measure
}

// verbLike is a rough test for the verb that ends a measure phrase ("how
// many users did …", "how many chips will …").
func verbLike(w string) bool {
	switch w {
	case "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would", "can", "could":
		return true
	}
	return false
}

// namedWords marks the words the question writes as names: capitalised
// after its first word, or acronyms anywhere. A question in Title Case
// names nothing by its capitals.
func namedWords(words []string) []bool {
	out := make([]bool, len(words))
	caps := 0
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps++
		}
	}
	titleCase := len(words) >= 4 && caps*10 >= len(words)*6
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case !unicode.IsUpper(r):
		case utf8.RuneCountInString(w) >= 2 && strings.ToUpper(w) == w && !unicode.IsDigit(r):
			out[i] = true // an acronym: IMD, CAC, II
		case i > 0 && !titleCase:
			out[i] = true
		}
	}
	// A version or model number next to a name is part of it: "Gemini 1.5
	// Pro", "Qwen 2.5-Max", "Claude 3 Opus".
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsDigit(r) && !yearRE.MatchString(w) && (i > 0 && out[i-1] || i+1 < len(words) && out[i+1] && i > 0 && unicode.IsUpper([]rune(words[i-1])[0])) {
			out[i] = true
		}
	}
	return out
}

// correct replaces words the corpus does not know with the corpus word they
// were probably meant to be. A word the question capitalises is a name and
// is never corrected: "Zhihu" is not a typo of "Zhipu".
func (e *Engine) correct(lw []string, named []bool) []bool {
	corrected := make([]bool, len(lw))
	budget := maxCorrections
	for i, w := range lw {
		if questionStop[w] || e.vocab.count[w] > 0 || isNumeric(w) || named[i] || budget == 0 {
			continue
		}
		// "us" is the country, unless a verb or preposition makes it a
		// pronoun ("tell us").
		stop := questionStop[lw[i]] && !(lw[i] == "us" && (i == 0 || !pronounContext[lw[i-1]]))
		if ent := e.lex.Match(lw, i); ent.N > 1 || ent.N == 1 && !stop && !softWords[lw[i]] {
			continue // a word the lexicon knows is no typo
		}
		budget--
		if c := e.vocab.correct(w); c != "" {
			lw[i], corrected[i] = c, true
		}
	}
	return corrected
}

// weigh looks up how rare each concept is and sets its weight (BM25's idf,
// scaled for years, soft words and corrections), whether it is a subject an
// answer must be about, and whether one names nothing the corpus holds.
func (e *Engine) weigh(q *question) error {
	var terms []string
	for _, c := range q.concepts {
		for _, alt := range c.alts {
			terms = append(terms, alt...)
		}
	}
	df, err := e.ix.DocFreqs(terms)
	if err != nil {
		return fmt.Errorf("analyse question: %w", err)
	}
	n := e.ix.Len()
	e.markNamePhrases(q)
	for i := range q.concepts {
		c := &q.concepts[i]
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
		name := (c.named || e.corpusName(*c)) && !isPeriodWord(c.label)
		if name && c.measureLabel == "" {
			c.measure = false // "share of nvidia sales": Nvidia is whose, not what
		}
		c.common = float64(best) > commonShare*float64(n)
		c.subject = name && !c.year && !c.soft && !c.measure && (c.inName || !c.common)
		if best == 0 && q.unknown == "" && e.foreign(*c) {
			q.unknown = c.label // a name the corpus lacks: it cannot answer
		}
		q.total += c.weight
	}
	return nil
}

// commonShare: a subject found in more than this share of passages (China,
// in a corpus about China) is what the corpus is about, not what sets one
// answer apart: an answer need not name it.
const commonShare = 0.2

// markNamePhrases marks as named the runs of the question's concepts that
// together spell a name the corpus writes in capitals: "national ai fund"
// is the National Artificial Intelligence Fund, so an answer must be about
// that fund, not about another national fund.
func (e *Engine) markNamePhrases(q *question) {
	for i := range q.concepts {
		for n := min(maxNameWords, len(q.concepts)-i); n >= 2; n-- {
			if e.spellsName(q.concepts[i:i+n], "") {
				for j := i; j < i+n; j++ {
					q.concepts[j].named, q.concepts[j].inName = true, true
				}
				break
			}
		}
	}
}

// maxNameAlts bounds the alternatives of each concept tried when matching
// a name: the question's words and their closest equivalents.
const maxNameAlts = 3

// spellsName reports whether some choice of alternatives of cs, in order,
// after prefix, spells a name of the corpus.
func (e *Engine) spellsName(cs []concept, prefix string) bool {
	if len(cs) == 0 {
		return e.vocab.names[prefix]
	}
	for _, alt := range cs[0].alts[:min(maxNameAlts, len(cs[0].alts))] {
		p := strings.Join(alt, " ")
		if prefix != "" {
			p = prefix + " " + p
		}
		if e.spellsName(cs[1:], p) {
			return true
		}
	}
	return false
}

// corpusName reports whether the corpus writes the concept's words as a
// name ("minimax" → MiniMax).
func (e *Engine) corpusName(c concept) bool {
	for _, w := range c.words {
		if e.vocab.isName(w) && !calendarWords[w] {
			return true
		}
	}
	return false
}

// nameAcronyms finds, for each run of two or more words the question
// writes as a name, the acronym the corpus writes for it, and returns it
// for each word of the run: "Safe Superintelligence" is the corpus's "SSI",
// "Semiconductor Manufacturing International Corp" its "SMIC". The acronym
// may add the initial of a company-form word the question leaves out
// ("Inc.", "Corp.", "Ltd", "Group").
func (e *Engine) nameAcronyms(words []string, named []bool) []string {
	out := make([]string, len(words))
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && named[j] && !unicode.IsDigit([]rune(words[j])[0]) {
			j++
		}
		if j-i >= 2 {
			var b strings.Builder
			for _, w := range words[i:j] {
				b.WriteRune(unicode.ToLower([]rune(w)[0]))
			}
			for _, a := range []string{b.String(), b.String() + "i", b.String() + "c", b.String() + "l", b.String() + "g"} {
				if e.vocab.isAcronym(a) {
					for k := i; k < j; k++ {
						out[k] = a
					}
					break
				}
			}
		}
		i = max(j, i+1)
	}
	return out
}

// wordAlts are the ways the corpus may write a question's word that no
// lexicon entry covers: the word itself; the parts the corpus writes
// apart ("IndiaAI" as "India AI"); the names an acronym the corpus never
// uses stands for ("PIF", the Public Investment Fund).
func (e *Engine) wordAlts(word, lw string) []lexicon.Alt {
	alts := []lexicon.Alt{{Words: []string{lw}}}
	if parts := e.vocab.compoundParts(word); parts != nil {
		alts = append(alts, lexicon.Alt{Words: parts, Rel: lexicon.OtherName})
	}
	for _, name := range e.vocab.expansions(lw) {
		alts = append(alts, lexicon.Alt{Words: strings.Fields(name), Rel: lexicon.OtherName})
	}
	return alts
}

// isPeriodWord reports whether a question's word is a period ("1H24",
// "Q3", "2023", "Q3'24"), which questionPeriod reads: a date is no subject.
func isPeriodWord(label string) bool {
	ps := facts.Periods(label, facts.Ref{})
	return len(ps) == 1 && ps[0].Start == 0 && ps[0].End == len(label) || reportPeriodWordRE.MatchString(strings.ToUpper(label))
}

// calendarWords are capitalised in English but name no one: a month is a
// period, not a subject.
var calendarWords = toSet(`january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday`)

// foreign reports whether a concept no passage holds is a name the corpus
// lacks, so that it cannot answer: a place, a name the question writes as
// one that is no English word, or a word neither English nor the field's;
// not a typo it corrected, a year or period, a unit of measure, or a part
// of a longer word the corpus uses ("GPT" of "ChatGPT").
func (e *Engine) foreign(c concept) bool {
	if c.corrected || c.year || c.soft || isPeriodWord(c.label) || lexicon.IsUnit(c.label) || e.vocab.inCompound(c.words) {
		return false
	}
	return c.place || c.named && !e.englishWord(c) || !c.named && !e.knownWord(c)
}

// englishWord reports whether every word of c is an English word (WordNet
// has it): "Boston", "GDP" and "Cohere" may be what the corpus calls
// otherwise; "Tencent" is a name.
func (e *Engine) englishWord(c concept) bool {
	for _, w := range c.words {
		if !e.lex.IsWord(w) {
			return false
		}
	}
	return true
}

// knownWord reports whether a word the corpus never uses is an ordinary
// word — English, a term of the field, or a figure ("100m") — rather than
// a name the corpus lacks ("unitree").
func (e *Engine) knownWord(c concept) bool {
	for _, w := range c.words {
		if strings.ContainsFunc(w, unicode.IsDigit) || e.lex.IsWord(w) {
			return true
		}
	}
	return false
}

// add analyses the alternatives of c and appends it unless it has no
// searchable terms or repeats a concept already present.
func (q *question) add(e *Engine, c concept, alts []lexicon.Alt) {
	for _, alt := range alts {
		var terms []string
		for _, t := range e.ix.Analyze(strings.Join(alt.Words, " ")) {
			terms = append(terms, t.Term)
		}
		if len(terms) == 0 || alt.Rel != lexicon.Same && len(alt.Words) > 1 && len(terms) < len(alt.Words) && len(terms) < 2 {
			continue // "set up" analyses to "set": too little of another phrase is left
		}
		if !containsWords(c.alts, terms) {
			c.alts = append(c.alts, terms) // "patents" and "patent" analyse alike: search once
			c.rels = append(c.rels, alt.Rel)
		}
	}
	if len(c.alts) == 0 {
		return
	}
	for _, prev := range q.concepts {
		if equalWords(prev.alts[0], c.alts[0]) {
			return
		}
	}
	q.concepts = append(q.concepts, c)
}

func containsWords(alts [][]string, w []string) bool {
	for _, a := range alts {
		if equalWords(a, w) {
			return true
		}
	}
	return false
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func lowerAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

var worthIdiomRE = regexp.MustCompile(`(?i)\bworth\s+(watching|following|noting|reading|a look|considering|keeping an eye on|tracking)\b`)

var pronounContext = toSet("tell show give let help for to with about from")

func isNumeric(w string) bool {
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return false
		}
	}
	return w != ""
}

// idf is BM25's inverse document frequency.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
