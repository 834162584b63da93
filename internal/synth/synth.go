// Package synth writes synthetic landscape documents for scale tests and
// benchmarks. They are near-misses of the built-in article, and the hardest
// ones an engine meets: the same phrasing with other countries, years,
// sectors and figures; in one document in ten, China's generative AI
// investment and patents in the article's own words for another year (and
// a patent span other than its 2014–2023); the article's own startups with
// other measures (users, employees) than the valuation it gives. An engine
// that matches words without weighing the subject, the period and what a
// figure measures quotes the wrong one. The article stays the only source
// of its own facts: no document gives China's 2023 GenAI figures or a
// valuation of the article's startups.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/landscape-bot/landscape/corpus"
)

var (
	countries = []string{"India", "Japan", "Germany", "France", "Brazil", "the UK", "South Korea", "Singapore",
		"Canada", "Israel", "Vietnam", "Indonesia", "China", "the US", "Saudi Arabia", "Mexico"}
	sectors = []string{"robotics", "fintech", "biotech", "autonomous vehicles", "cloud computing", "quantum computing",
		"e-commerce", "clean energy", "drones", "generative AI", "smart manufacturing", "edtech", "medtech", "agritech"}
	// articleStartups are the startups the built-in article names.
	articleStartups = []string{"Moonshot AI", "Minimax AI", "ZhiPu AI", "Baichuan AI", "01.AI", "Modelbest"}
	cities          = []string{"Pune", "Osaka", "Lyon", "Munich", "Shenzhen", "Recife", "Busan", "Toronto", "Haifa", "Da Nang", "Bandung", "Monterrey", "Riyadh", "Manchester"}
	orgs            = []string{"OECD", "World Bank", "McKinsey", "PitchBook", "Crunchbase", "IDC", "Gartner", "WIPO", "IMF", "CB Insights"}
	reports         = []string{"Global Outlook", "Innovation Index", "Tech Trends Report", "Venture Monitor", "Digital Economy Report"}
	firsts          = []string{"Aiko", "Ravi", "Lena", "Carlos", "Min-jun", "Sophie", "David", "Priya", "Tomás", "Nadia", "Kenji", "Olu"}
	lasts           = []string{"Tanaka", "Sharma", "Müller", "Silva", "Kim", "Dubois", "Cohen", "Iyer", "García", "Haddad", "Sato", "Adeyemi"}
	pubs            = []string{"Asia Tech Review", "Global Markets Weekly", "Innovation Quarterly", "The Venture Ledger", "Policy Brief Online"}
	prefixes        = []string{"Nova", "Blue Peak", "Quantum Leaf", "Red Kite", "Silver Arc", "Orbit", "Lumen", "Tidal", "Zenith", "Atlas", "Cobalt", "Helix"}
	suffixes        = []string{"Labs", "Robotics", "Systems", "AI", "Dynamics", "Tech", "Works", "Analytics"}
)

// hardShare: one document in hardShare also reports the article's own
// subject, generative AI in China, in the article's phrasing but for
// another year (hardYears) and with other figures.
const hardShare = 10

// hardYears are the years of those reports: never the article's 2023, and
// patent spans (year-9 to year) never its 2014–2023.
var hardYears = []int{2019, 2020, 2021, 2022, 2024}

// Document returns synthetic document i (0-based) of a set seeded by seed,
// as Markdown with front matter.
func Document(seed uint64, i int) (name string, text string) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	country := pick(countries)
	sector := pick(sectors)
	for country == "China" && sector == "generative AI" {
		sector = pick(sectors)
	}
	other := pick(countries)
	for other == country || (sector == "generative AI" && (other == "China" || other == "the US")) {
		other = pick(countries)
	}
	for sector == "generative AI" && country == "the US" {
		country = pick(countries[:12])
	}
	year := 2016 + r.IntN(9)
	if country == "China" && year == 2023 {
		year = 2022
	}
	hard := r.IntN(hardShare) == 0
	hardYear := hardYears[r.IntN(len(hardYears))]
	city := pick(cities)
	author := pick(firsts) + " " + pick(lasts)
	startups := make([]string, 6)
	for j := range startups {
		startups[j] = pick(prefixes) + " " + pick(suffixes)
	}
	cap := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	c := strings.TrimPrefix(country, "the ")

	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: synth-%05d\ntitle: \"What's happening with %s in %s?\"\nauthor: %s\npublisher: %s\npublished: %d-%02d-%02d\nurl: https://example.org/synth/%05d\ntags: [%s, %s]\n---\n\n",
		i, sector, c, author, pick(pubs), year+1, 1+r.IntN(12), 1+r.IntN(28), i, sector, c)
	fmt.Fprintf(&b, "Global leaders should know where %s stands with %s and what strategic actions make sense.\n\n", country, sector)
	fmt.Fprintf(&b, "## Looking at the market\n\n")
	fmt.Fprintf(&b, "According to our research, the current performance of %s's top %s companies is roughly equivalent to leaders in %s but falls short of the latest offerings.\n\n", c, sector, other)
	fmt.Fprintf(&b, "%s is also behind %s in terms of %s platforms, whereas %s has been dominating in terms of hardware. %s entrepreneurs are quick to build applications on top of existing platforms.\n\n", cap(country), other, sector, other, cap(c))
	fmt.Fprintf(&b, "## Where %s is shining\n\n", c)
	fmt.Fprintf(&b, "Consider this: Over the past decade, according to recently released %s data, %s has led the region in terms of %s patents filed. From %d to %d, %s-based inventors filed patents for more than %s %s-related inventions – %s times more than the second-place %s with %s.\n\n",
		pick(orgs), country, sector, year-9, year, c, thousands(1000+r.IntN(60000)), sector, word(2+r.IntN(7)), other, thousands(500+r.IntN(9000)))
	fmt.Fprintf(&b, "In %d, the total private investment in the %s field in %s was about $%d million, compared with $%d.%02dbn in %s, according to the %s %d %s.\n\n",
		year, sector, country, 50+r.IntN(900), 1+r.IntN(40), r.IntN(100), other, pick(orgs), year+1, pick(reports))
	if hard {
		// The article's subject and phrasing, another year, other figures.
		fmt.Fprintf(&b, "## The generative AI race\n\n")
		fmt.Fprintf(&b, "In %d, the total private investment in the generative AI field in China was about $%d million, compared with $%d.%02dbn in the US, according to the %s %d %s. From %d to %d, China-based inventors filed patents for more than %s GenAI-related inventions – %s times more than the second-place %s with %s.\n\n",
			hardYear, 50+r.IntN(900), 1+r.IntN(40), r.IntN(100), pick(orgs), hardYear+1, pick(reports),
			hardYear-9, hardYear, thousands(1000+r.IntN(60000)), word(2+r.IntN(7)), pick(countries[:6]), thousands(500+r.IntN(9000)))
	}
	fmt.Fprintf(&b, "## Where next?\n\n")
	fmt.Fprintf(&b, "The main players in the %s %s space can be divided into %s groups:\n\n- Government-supported research centers\n- Conglomerates, including %s and %s\n- Startups, including a few unicorns (with valuations over $%dbn)\n\n",
		c, sector, word(3+r.IntN(3)), startups[0], startups[1], 1+r.IntN(3))
	fmt.Fprintf(&b, "In the startup space, we are watching %s. The six have drawn venture funding in recent years, in rounds above US$%dm. The privately held %s is now said to be worth over $%dbn.\n\n",
		strings.Join(startups, ", "), 50+r.IntN(400), startups[2], 1+r.IntN(9))
	// The article's startups, measured by something else than its
	// valuation.
	fmt.Fprintf(&b, "%s now counts %d million monthly active users and employs %s people, while %s has %d enterprise customers.\n\n",
		pick(articleStartups), 1+r.IntN(90), thousands(100+r.IntN(3000)), pick(articleStartups), 100+r.IntN(9000))
	fmt.Fprintf(&b, "With the support of the national government, local governments are setting ambitious objectives. For example, %s city set a %d-%d policy goal:\n\n- (a) To create more than %d %s clusters,\n- (b) To develop %d pilot projects each year, and\n- (c) To achieve a core industry scale of %d billion %s in %s.\n\n",
		city, year+1, year+3, 5+r.IntN(40), sector, 5+r.IntN(50), 10+r.IntN(200), pick([]string{"yuan", "euros", "dollars", "rupees", "yen"}), sector)
	fmt.Fprintf(&b, "## About the author\n\n%s is Professor of %s Strategy and writes about %s in %s.\n", author, cap(sector), sector, c)
	return fmt.Sprintf("synth-%05d.md", i), b.String()
}

// Documents parses n synthetic documents.
func Documents(seed uint64, n int) ([]*corpus.Document, error) {
	docs := make([]*corpus.Document, 0, n)
	for i := range n {
		name, text := Document(seed, i)
		d, err := corpus.ParseMarkdown(name, []byte(text))
		if err != nil {
			return nil, fmt.Errorf("synthetic document %d: %w", i, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// Write writes n synthetic documents as Markdown files into dir.
func Write(dir string, seed uint64, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		name, text := Document(seed, i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func thousands(n int) string {
	if n < 1000 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d,%03d", n/1000, n%1000)
}

func word(n int) string {
	return [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}[n]
}
