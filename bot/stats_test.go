package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

func factSet(t *testing.T, dir string) *facts.Set {
	t.Helper()
	c, problems, err := corpus.Load(corpus.Options{Dir: dir})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	return facts.Extract(c)
}

func TestStatsMessageGolden(t *testing.T) {
	builtin := factSet(t, "")
	both := factSet(t, "../testdata/corpus")
	tests := []struct {
		name, topic string
		set         *facts.Set
		page        int
		private     bool
		chart       *Chart
	}{
		{"stats-builtin", "", builtin, 0, false, &Chart{FileID: "F0CHART", AltText: "Bar chart."}},
		{"stats-topic-patents-private", "patents", builtin, 0, true, nil},
		{"stats-disagreement", "valuation", both, 0, false, nil},
		{"stats-both", "", both, 0, false, nil},
		{"stats-nothing", "weather", builtin, 0, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, StatsMessage(tt.set.Filter(tt.topic), StatsPage{Topic: tt.topic, Page: tt.page}, tt.private, tt.chart))
		})
	}
}

// A corpus with many long figures still renders within Slack's limits, page
// after page, and the buttons walk through every figure once.
func TestStatsMessagePagesWithinLimits(t *testing.T) {
	long := strings.Repeat("a very long metric name that goes on ", 80)
	set := &facts.Set{}
	for i := range 95 {
		set.Facts = append(set.Facts, facts.Fact{Value: fmt.Sprintf("$%d million", i+1), Metric: long, Entity: "Entity <&>",
			Quote: long, Source: corpus.Source{Publisher: long, URL: "https://example.com/x", Published: "2025-01-01"}})
	}
	for range 20 {
		set.Comparisons = append(set.Comparisons, facts.Comparison{Metric: long, Quote: long + long, A: facts.Side{Entity: "A", Value: "$2"}, B: facts.Side{Entity: "B", Value: "$1"}, Ratio: 2})
	}
	seen := map[string]int{}
	page, pages := 0, 0
	for {
		m := StatsMessage(set, StatsPage{Topic: strings.Repeat("topic ", 500), Page: page}, true, &Chart{FileID: "F1", AltText: strings.Repeat("alt ", 1000)})
		if err := checkLimits(m); err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, b := range m.Blocks {
			s, ok := b.(*slack.SectionBlock)
			if !ok || s.Text == nil {
				continue
			}
			for _, line := range strings.Split(s.Text.Text, "\n") {
				if strings.HasPrefix(line, "• *$") && strings.Contains(line, "million*") {
					seen[strings.SplitN(line, "*", 3)[1]]++
				}
			}
		}
		pages++
		next, ok := nextPage(t, m)
		if !ok {
			break
		}
		if next.Page != page+1 {
			t.Fatalf("next button goes to page %d from %d", next.Page, page)
		}
		page = next.Page
	}
	if pages != 10 || len(seen) != 95 {
		t.Errorf("%d pages showing %d distinct figures, want 10 pages and 95", pages, len(seen))
	}
	for v, n := range seen {
		if n != 1 {
			t.Errorf("%s shown %d times", v, n)
		}
	}
}

// The list drops what the first page already shows (the two sides of a
// comparison, its stated multiplier) and figures that measure nothing
// ("four groups", "two decades", "six startups"), and leads with figures
// that say whose, what and when.
func TestStatsFigures(t *testing.T) {
	var got []string
	for _, f := range statsFigures(factSet(t, "")) {
		got = append(got, f.Figure()+" "+f.Metric)
	}
	want := []string{
		"60 billion yuan core industry scale in artificial intelligence",
		"more than 20 industry-specific large-scale models",
		"30 benchmark application scenarios",
		"over $1bn valuations",
		"over U.S. $200m deal sizes",
		"over $3bn valuation",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statsFigures (-want +got):\n%s", diff)
	}
}

func nextPage(t *testing.T, m Message) (StatsPage, bool) {
	for _, b := range m.Blocks {
		a, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range a.Elements.ElementSet {
			btn := el.(*slack.ButtonBlockElement)
			if btn.ActionID == ActionStatsPage && strings.HasPrefix(btn.Text.Text, "More") {
				var p StatsPage
				if err := json.Unmarshal([]byte(btn.Value), &p); err != nil {
					t.Fatal(err)
				}
				return p, true
			}
		}
	}
	return StatsPage{}, false
}

func TestClip(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "six times", 20, "six times"},
		{"word boundary", "the total private investment", 20, "the total private…"},
		{"runes not bytes", "北京北京北京", 4, "北京北…"},
		{"no space", "abcdefghij", 5, "abcd…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clip(tt.in, tt.n); got != tt.want {
				t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

// End to end through Slack's external upload flow: /landscape stats
// uploads the chart (files.getUploadURLExternal, the upload,
// files.completeUploadExternal), then replies with an image block naming
// the uploaded file; the same chart is not uploaded twice.
func TestStatsChartUploadedThroughSlack(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	f.Send("slash_commands", f.Slash("stats", "s1"), 0)
	f.WaitFor("the stats", func() bool { return len(f.Responses()) == 1 })
	want := []string{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"}
	if diff := cmp.Diff(want, f.Calls()); diff != "" {
		t.Errorf("Web API calls (-want +got):\n%s", diff)
	}
	ups := f.Uploads()
	if len(ups) != 1 || !ups[0].Completed || !bytes.HasPrefix(ups[0].Data, []byte("\x89PNG")) || ups[0].AltText == "" {
		t.Fatalf("uploads = %+v, want one completed PNG with alt text", ups)
	}
	var body struct {
		Blocks []struct {
			Type      string `json:"type"`
			AltText   string `json:"alt_text"`
			SlackFile struct {
				ID string `json:"id"`
			} `json:"slack_file"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(f.Responses()[0].Raw), &body); err != nil {
		t.Fatal(err)
	}
	images := 0
	for _, b := range body.Blocks {
		if b.Type == "image" {
			images++
			if b.SlackFile.ID != ups[0].ID || !strings.Contains(b.AltText, "China 38,000 vs US 6,276") {
				t.Errorf("image block shows %q (alt %q), want the uploaded %s", b.SlackFile.ID, b.AltText, ups[0].ID)
			}
		}
	}
	if images != 1 {
		t.Errorf("%d image blocks, want 1: %s", images, f.Responses()[0].Raw)
	}
	// Shared in the channel: the same file, no second upload.
	f.Send("interactive", f.Click(ActionShareStats, `{"topic":"","page":0}`, "share"), 0)
	f.WaitFor("the shared stats", func() bool { return len(f.Posts()) == 1 })
	if p := f.Posts()[0]; !strings.Contains(p.Blocks, `"slack_file":{"id":"`+ups[0].ID+`"}`) {
		t.Errorf("shared stats without the chart: %s", p.Blocks)
	}
	if n := len(f.Uploads()); n != 1 {
		t.Errorf("%d uploads, want the chart uploaded once", n)
	}
}

// A topic without comparisons has no chart: nothing is uploaded.
func TestStatsWithoutChartUploadsNothing(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	f := h.fake
	f.Send("slash_commands", f.Slash("stats Nanjing", "s2"), 0)
	f.WaitFor("the stats", func() bool { return len(f.Responses()) == 1 })
	if len(f.Uploads()) != 0 || strings.Contains(f.Responses()[0].Raw, `"image"`) {
		t.Errorf("uploaded %d files for a topic with nothing to chart: %s", len(f.Uploads()), f.Responses()[0].Raw)
	}
}
