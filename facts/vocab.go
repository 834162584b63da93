package facts

import (
	"strings"

	"github.com/landscape-bot/landscape/lexicon"
)

// The words the rules read sentences by. They are general English — closed
// word classes, the verbs news uses to report a figure, the nouns of
// business measures — and never the wording of particular pages.

// Closed classes.
var (
	determinerWords  = toSet(`the a an this these those that its their our his her my your some any each every all both another such`)
	prepositionWords = toSet(`in of for on at by to from with into onto over under about around across between among through during after before since until via per than as against toward towards within without behind beyond despite amid amidst like including excluding`)
	auxWords         = toSet(`is are was were be been being has have had will would can could may might should must shall do does did`)
	// pronounWords stand for a name said before; "its" and "their" are
	// possessive.
	pronounWords = toSet(`it its they their them he his she her itself themselves`)
	// referenceNouns after "the" stand for an organisation named before:
	// "the company", "the firm".
	referenceNouns = toSet(`company firm group startup start-up business maker chipmaker carmaker giant operator lab developer platform app chatbot bank fund government ministry agency regulator country nation city province state region`)
	relativeWords  = toSet(`which who whose that`)
	// clauseWords open a new clause after a comma or inside a sentence.
	clauseWords = toSet(`while whereas but although though because since as and or so yet when where`)
	adverbWords = toSet(`also still now already again once just only even further nearly almost about around roughly approximately reportedly respectively globally overall meanwhile however additionally moreover furthermore instead recently currently previously sharply significantly substantially slightly steadily rapidly strongly largely mostly mainly primarily partly directly alone together then later earlier so too very well far back up down`)
	// whWords ask; capitalised, they open a sentence or a title.
	whWords = toSet(`what why how when where who whom whose which them`)
	// weekdays name days, never a holder of a figure.
	weekdays = toSet(`monday tuesday wednesday thursday friday saturday sunday`)
)

// reportVerbs say who reports a figure: the one who says it is its source,
// not its holder ("CNBC reported", "analysts at X said").
var reportVerbs = toSet(`said says say told tells reported reports report noted notes note added adds add wrote writes stated states showed shows show found finds find revealed reveals reveal estimated estimates estimate claimed claims claim suggested suggests suggest confirmed confirms confirm explained explains explain indicated indicates indicate observed observes argued argues according cited cites citing`)

// changeVerbs move a measure: a figure after them is the change ("rose
// 27.7%", "fell by 4.7%") or, after "to", the new level.
var changeVerbs = toSet(`rose rise rises risen rising grew grow grows grown growing increased increase increases increasing jumped jump jumps jumping surged surge surges surging soared soar soars soaring climbed climb climbs climbing gained gain gains gaining expanded expand expands accelerated accelerate accelerates skyrocketed skyrocket skyrockets doubled doubles doubling tripled tripling fell fall falls fallen falling declined decline declines declining dropped drop drops dropping decreased decrease decreases decreasing slid slide slides slumped slump slumps plunged plunge plunges tumbled tumble tumbles shrank shrink shrinks shrunk contracted contract contracts dipped dip dips slipped slip slips eased ease eases sank sink sinks improved improve improves boosted boost boosts lifted lift lifts cut cuts cutting reduced reduce reduces trimmed trim trims lowered lower lowers raised`)

// fallVerbs are the change verbs that lower a measure.
var fallVerbs = toSet(`fell fall falls fallen falling declined decline declines declining dropped drop drops dropping decreased decrease decreases decreasing slid slide slides slumped slump slumps plunged plunge plunges tumbled tumble tumbles shrank shrink shrinks shrunk contracted contract contracts dipped dip dips slipped slip slips eased ease eases sank sink sinks cut cuts cutting reduced reduce reduces trimmed trim trims lowered lower lowers`)

// levelVerbs state a measure's level: the figure after them is the
// subject's measure ("revenue reached $13.6 billion").
var levelVerbs = toSet(`reached reach reaches reaching hit hits hitting totaled totalled totals totaling totalling topped top tops surpassed surpass surpasses exceeded exceed exceeds stood stands stand amounted amounts amount came comes touched touches crossed crosses passed passes neared nears approached approaches registered registers recorded records record posted posts post reported reports logged logs saw sees see had has have generated generates generate made makes make held holds hold kept keeps keep was were is are be been being remained remains remain ranged ranges range`)

// verbMetrics name the measure a verb implies for the money or count after
// it: "raised $6.6bn" is funding, "valued at $157bn" a valuation.
var verbMetrics = map[string]string{
	"raised": "funding", "raise": "funding", "raises": "funding", "raising": "funding",
	"secured": "funding", "secure": "funding", "secures": "funding", "securing": "funding",
	"attracted": "funding", "attract": "funding", "attracts": "funding", "attracting": "funding",
	"pulled": "funding", "pulling": "funding", "pulls": "funding", "landed": "funding", "lands": "funding",
	"received": "funding", "receives": "funding", "receiving": "funding", "obtained": "funding", "captured": "funding", "capturing": "funding", "captures": "funding",
	"valued": "valuation", "value": "valuation", "values": "valuation", "valuing": "valuation", "worth": "valuation",
	"invested": "investment", "invest": "investment", "invests": "investment", "investing": "investment",
	"poured": "investment", "pour": "investment", "pours": "investment", "put": "investment", "puts": "investment", "putting": "investment",
	"spent": "spending", "spend": "spending", "spends": "spending", "spending": "spending",
	"earned": "earnings", "earn": "earnings", "earns": "earnings", "earning": "earnings",
	"lost": "loss", "lose": "loss", "loses": "loss", "losing": "loss",
	"cost": "cost", "costs": "cost", "costing": "cost",
	"sold": "sales", "sell": "sales", "sells": "sales", "selling": "sales",
	"shipped": "shipments", "ship": "shipments", "ships": "shipments", "shipping": "shipments",
	"employs": "employees", "employ": "employees", "employed": "employees", "employing": "employees",
	"hired": "hires", "hire": "hires", "hires": "hires", "hiring": "hires",
	"paid": "payment", "pay": "payment", "pays": "payment", "paying": "payment",
	"borrowed": "borrowing", "borrow": "borrowing", "borrows": "borrowing",
	"pledged": "pledge", "pledge": "pledge", "pledges": "pledge", "committed": "commitment", "commit": "commitment", "commits": "commitment",
	"allocated": "allocation", "allocate": "allocation", "allocates": "allocation", "earmarked": "allocation", "earmark": "allocation",
	"approved": "approval", "approve": "approval", "approves": "approval",
	"downloaded": "downloads", "generated": "revenue", "generates": "revenue", "generate": "revenue",
	"acquired": "acquisition", "acquire": "acquisition", "acquires": "acquisition", "bought": "acquisition", "buy": "acquisition", "buys": "acquisition",
	"fined": "fine", "fine": "fine", "fines": "fine",
	"priced": "price", "charges": "price", "charged": "price", "charge": "price",
}

// particles complete a phrasal verb: "pulled in", "put in", "brought in".
var particles = toSet(`in into up out`)

// measureNouns head the noun phrases that name a measure: a phrase ending
// in one ("full-year revenue", "HBM market share", "deal volume") says
// what a figure measures, not whose it is.
var measureNouns = toSet(`revenue revenues sales turnover income profit profits earnings loss losses margin margins ebitda ebit eps
funding financing investment investments capital valuation valuations value values worth capex expenditure expenditures spending spend outlay outlays budget budgets
cost costs price prices fee fees subsidy subsidies grant grants share shares stake stakes ownership
users subscribers customers downloads installs visits traffic shipments deliveries output production capacity volume volumes
deals round rounds size count number total amount sum rate rates growth premium wage wages salary salaries pay productivity
employment jobs headcount workforce staff employees layoffs cuts hires queries tokens parameters demand supply exports imports
debt reserves assets cash dividends orders backlog bookings guidance forecast forecasts estimate estimates target targets goal goals
gdp inflation index score scores accuracy performance throughput inventions patents filings papers publications transactions
exits ipos proceeds fundraising allocation commitment commitments pledge pledges payment payments borrowing acquisition
cagr run-rate arr penetration stock raise activity processing adoption usage market markets consumption emissions power compute contribution`)

// changeNouns name a change of a measure: "a 74% jump", "an increase of
// $10 billion".
var changeNouns = toSet(`increase increases rise rises jump jumps growth gain gains surge climb decline declines drop drops fall falls decrease decreases dip slump slowdown cut cuts reduction reductions boost improvement expansion contraction change`)

// descriptorNouns describe a level rather than name a measure: "a
// five-quarter high of $95.5bn" is the level of the measure named before.
var descriptorNouns = toSet(`high highs low lows record records peak level levels figure figures sum tally total mark high-water milestone threshold ceiling floor range median average mean majority minimum maximum portion part fraction`)

// scopeWords make a measure the world's: "Global VC investment".
var scopeWords = map[string]string{"global": "global", "globally": "global", "worldwide": "global", "world": "global", "world's": "global"}

// personTitles before a name make it a person's: "CEO Mark Zuckerberg".
var personTitles = toSet(`ceo cfo cto coo chief founder co-founder chairman chairwoman president director analyst analysts economist economists professor researcher researchers minister spokesperson spokesman spokeswoman executive partner head mr mrs ms dr prof`)

// nonHolderAgents follow "by" without being the holder of a figure: "a
// round led by SoftBank" is not SoftBank's round.
var nonHolderAgents = toSet(`led backed followed driven fuelled fueled boosted powered supported joined co-led underwritten`)

// isVerbForm reports whether a lower-case word is a verb form the rules
// know or, ending in -ed, one WordNet knows as a verb.
func isVerbForm(w string) bool {
	if changeVerbs[w] || levelVerbs[w] || reportVerbs[w] || auxWords[w] {
		return true
	}
	if _, ok := verbMetrics[w]; ok && w != "worth" && w != "value" && w != "values" && w != "cost" && w != "costs" && w != "fine" && w != "fines" && w != "spending" && w != "spend" && w != "pay" {
		return true
	}
	lex := lexicon.Default()
	if (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) && len(w) > 4 && lex.CanBeVerb(w) {
		return true
	}
	return lex.CanBeVerb(w) && !lex.CanBeNoun(w) && !strings.HasSuffix(w, "ly") // "became", "took"
}
