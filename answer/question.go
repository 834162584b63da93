package answer

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
)

func (k Kind) String() string {
	return [...]string{"any", "money", "count", "number", "percent", "date", "who", "names", "reason", "source"}[k]
}

// kindRules map question wording to kinds; the first match wins, so more
// specific wording comes first.
var kindRules = []struct {
	re   *regexp.Regexp
	kind Kind
}{
	{regexp.MustCompile(`\b(source|sources|according to whom|who says|where (?:does|do|did) .*\bcome from|cited?|which report|what report)\b`), KindSource},
	{regexp.MustCompile(`\b(what|which) (percentage|percent|share|proportion|fraction)\b|\bhow (?:big|large) (?:a )?(?:share|percentage)\b`), KindPercent},
	// "How much did prices fall?": a change is as often a per cent as an amount.
	{regexp.MustCompile(`\bhow much (?:\S+ ){0,6}?(?:cut|cuts|rise|rose|risen|grow|grew|grown|growth|fall|fell|fallen|drop|dropped|increase|increased|decrease|decreased|jump|jumped|shrink|shrank|change|changed|reduce|reduced|lower|lowered|discount|discounted)\b`), KindNumber},
	{regexp.MustCompile(`\bhow much\b|\bworth\b|\bvaluation\b|\bvalued\b|\bhow (?:big|large) (?:were|was|are|is) (?:the )?(?:deals?|investments?|rounds?|funding)\b|\bdeal sizes?\b|\bcost\b|\bprice\b`), KindMoney},
	{regexp.MustCompile(`\bhow many\b|\bnumber of\b|\bcount of\b`), KindCount},
	{regexp.MustCompile(`\bhow (?:big|large|high|fast)\b|\bwhat (?:size|scale|level|amount)\b|\bwhat .*\b(?:scale|size|target)\b`), KindNumber},
	{regexp.MustCompile(`\bwhen\b|\bwhat (?:year|date|time)\b|\bwhich year\b|\bsince when\b|\bhow long\b`), KindDate},
	{regexp.MustCompile(`^(?:and )?who\b|\bwho (?:is|are|was|were|wrote|leads?|dominates?|owns?|founded|makes?|builds?)\b`), KindWho},
	{regexp.MustCompile(`\bwhich\b|\bwhat (?:companies|firms|startups|start-ups|players|countries|cities|models|carmakers|sectors|industries|groups|names|giants|labs|organisations|organizations|technologies)\b|\bname (?:the|some)\b|\blist\b`), KindNames},
	{regexp.MustCompile(`\bwhy\b|\breasons?\b|\bwhat causes\b|\bhow come\b`), KindReason},
}

func questionKind(lower string) Kind {
	for _, r := range kindRules {
		if r.re.MatchString(lower) {
			return r.kind
		}
	}
	return KindAny
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
considered considers expected supposed seen far come comes came`)

// softWords hint at the kind of answer more than at the topic; they count
// little toward coverage.
var softWords = toSet(`amount number figure figures total size level value data stats statistics numbers
compare compared comparison versus vs big large high article articles report piece paper post story document
work works working worked doing making use using used involved active
enough mentioned mention mentions named listed discussed described cited covered talked
role roles play plays played part`)

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

// splitWords splits text into words: runs of letters and digits, keeping
// inner periods, commas between digits ("38,000", "U.S") and dropping
// possessives ("China's" → "China"). Hyphens split words.
func splitWords(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		w := strings.TrimRight(b.String(), ".,'’")
		b.Reset()
		for _, suf := range []string{"'s", "’s"} {
			if strings.HasSuffix(strings.ToLower(w), suf) {
				w = w[:len(w)-len(suf)]
			}
		}
		w = strings.TrimRight(w, "'’")
		if w != "" {
			out = append(out, w)
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case (r == '.' || r == '\'' || r == '’' || r == ',') && b.Len() > 0 && i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])):
			if r == ',' && !(unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])) {
				flush()
				continue
			}
			b.WriteRune(r)
		case r == '.' && b.Len() > 0 && strings.Contains(b.String(), "."):
			// keep the closing period of "U.S." out, but the word stays "U.S"
			flush()
		default:
			flush()
		}
	}
	flush()
	return out
}

var yearRE = regexp.MustCompile(`^(19|20)\d\d$`)

// concept is one thing a question asks about, with every way the corpus may
// say it: each alternative is a sequence of analysed terms (a phrase when
// longer than one).
type concept struct {
	label  string
	alts   [][]string
	weight float64
	df     int // passages holding its commonest alternative's rarest term
	// named: the question names it (a capitalised word, an acronym, a
	// place) and the corpus finds it rare, so an answer must mention it:
	// "How much did Tencent invest?" is not answered by China's total.
	named     bool
	year      bool
	place     bool
	soft      bool
	corrected bool
}

// idf is BM25's inverse document frequency.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// isNamed reports whether the question's word w, at position i, names
// something: capitalised inside the question, or an acronym anywhere.
func isNamed(w string, i int) bool {
	r := []rune(w)
	if len(r) == 0 || !unicode.IsUpper(r[0]) {
		return false
	}
	if i > 0 {
		return true
	}
	return len(r) >= 2 && strings.ToUpper(w) == w
}
