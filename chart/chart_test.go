package chart

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

func builtinFacts(t *testing.T) *facts.Set {
	t.Helper()
	c, _, err := corpus.Load(corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return facts.Extract(c)
}

// The built-in article's two comparisons are its two panels, larger side
// first, with the figures as written.
func TestPanelsOfComparisons(t *testing.T) {
	got := Panels(builtinFacts(t))
	want := []Panel{
		{Title: "GenAI-related inventions, 2014–2023", Bars: []Bar{{"China", "38,000", 38000}, {"US", "6,276", 6276}}},
		{Title: "total private investment in the generative AI field, 2023", Bars: []Bar{{"US", "$22.46bn", 22.46e9}, {"China", "$650 million", 650e6}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Panels (-want +got):\n%s", diff)
	}
}

// One measure of one entity at several periods is drawn over time, in
// order of period; a period given twice keeps the first (headline) figure.
func TestPanelsOverTime(t *testing.T) {
	f := func(value string, n float64, period string) facts.Fact {
		return facts.Fact{Value: value, Number: n, Unit: "USD", Metric: "revenue", Entity: "Baidu", Period: period}
	}
	set := &facts.Set{Facts: []facts.Fact{f("$2bn", 2e9, "2024"), f("$1bn", 1e9, "2022"), f("$1.5bn", 1.5e9, "2024"),
		{Value: "$9bn", Number: 9e9, Unit: "USD", Metric: "revenue", Entity: "Tencent", Period: "2024"}}}
	want := []Panel{{Title: "Baidu — revenue", Bars: []Bar{{"2022", "$1bn", 1e9}, {"2024", "$2bn", 2e9}}}}
	if diff := cmp.Diff(want, Panels(set)); diff != "" {
		t.Errorf("Panels (-want +got):\n%s", diff)
	}
}

func TestPNG(t *testing.T) {
	panels := Panels(builtinFacts(t))
	data, err := PNG(panels)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() < 300 {
		t.Errorf("image is %v, want 1200 px wide and a panel per comparison", b)
	}
	if out := os.Getenv("CHART_OUT"); out != "" {
		_ = os.WriteFile(out, data, 0o644)
	}
	if _, err := PNG(nil); err == nil {
		t.Error("PNG(nil) drew something")
	}
	alt := AltText(panels)
	for _, want := range []string{"China 38,000 vs US 6,276", "US $22.46bn vs China $650 million"} {
		if !strings.Contains(alt, want) {
			t.Errorf("alt text %q lacks %q", alt, want)
		}
	}
}
