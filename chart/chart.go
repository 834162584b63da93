// Package chart draws the figures of a fact set as one PNG of horizontal
// bar charts: each comparison as its two bars, and a measure of one entity
// reported for several periods as bars over time. It uses gonum/plot, which
// is pure Go: no cgo, no system fonts.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"
	"strings"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/landscape-bot/landscape/facts"
)

// MaxPanels bounds one chart: more panels than this would be too small to
// read in a Slack message.
const MaxPanels = 4

// Bar is one bar: its label (who or when), its figure as written, and the
// figure's normalised number, which sets its length.
type Bar struct {
	Label, Value string
	Number       float64
}

// Panel is one bar chart: a title and its bars, top to bottom.
type Panel struct {
	Title string
	Bars  []Bar
}

// Panels are what the chart of s shows: its comparisons, then its
// measures over time, up to MaxPanels.
func Panels(s *facts.Set) []Panel {
	var out []Panel
	for _, c := range s.Comparisons {
		if len(out) == MaxPanels {
			return out
		}
		out = append(out, Panel{Title: title(c.Metric, c.Period),
			Bars: []Bar{{c.A.Entity, c.A.Value, c.A.Number}, {c.B.Entity, c.B.Value, c.B.Number}}})
	}
	for _, p := range overTime(s.Facts) {
		if len(out) == MaxPanels {
			break
		}
		out = append(out, p)
	}
	return out
}

// overTime groups facts of one entity, measure and unit that are dated
// with different periods: one panel per group, earliest period first. Of
// two figures for one period, the first in the set (the headline) stays.
func overTime(fs []facts.Fact) []Panel {
	type group struct {
		first facts.Fact
		bars  map[string]Bar
	}
	groups := map[string]*group{}
	var keys []string
	for _, f := range fs {
		if f.Entity == "" || f.Metric == "" || f.Period == "" || f.Number == 0 || f.Unit == facts.UnitTimes {
			continue
		}
		k := strings.ToLower(f.Entity + "\x00" + f.Metric + "\x00" + f.Unit)
		g, ok := groups[k]
		if !ok {
			g = &group{first: f, bars: map[string]Bar{}}
			groups[k] = g
			keys = append(keys, k)
		}
		if _, ok := g.bars[f.Period]; !ok {
			g.bars[f.Period] = Bar{f.Period, f.Figure(), f.Number}
		}
	}
	var out []Panel
	for _, k := range keys {
		g := groups[k]
		if len(g.bars) < 2 {
			continue
		}
		p := Panel{Title: title(g.first.Entity+" — "+g.first.Metric, "")}
		for _, b := range g.bars {
			p.Bars = append(p.Bars, b)
		}
		sort.Slice(p.Bars, func(i, j int) bool { return p.Bars[i].Label < p.Bars[j].Label })
		out = append(out, p)
	}
	return out
}

// maxTitle keeps a panel's title to one line of the image.
const maxTitle = 70

func title(metric, period string) string {
	t := metric
	if period != "" {
		t += ", " + period
	}
	if utf8.RuneCountInString(t) > maxTitle {
		t = string([]rune(t)[:maxTitle-1]) + "…"
	}
	return t
}

// AltText says in words what the chart shows, for screen readers and
// clients that do not load images.
func AltText(panels []Panel) string {
	var parts []string
	for _, p := range panels {
		var bars []string
		for _, b := range p.Bars {
			bars = append(bars, b.Label+" "+b.Value)
		}
		parts = append(parts, p.Title+": "+strings.Join(bars, " vs "))
	}
	return "Bar chart. " + strings.Join(parts, ". ") + "."
}

// Sizes of the image: wide enough for a Slack message at twice its pixels,
// a panel short enough that two fit in a phone's screen.
const (
	width       = 5 * vg.Inch
	panelHeight = 0.8 * vg.Inch
	dpi         = 240
)

var (
	barColor  = color.RGBA{0x1d, 0x35, 0x57, 0xff} // the app's colour (manifest.yaml)
	textColor = color.RGBA{0x1d, 0x1c, 0x1d, 0xff}
)

// PNG draws panels one under the other. No panels is an error.
func PNG(panels []Panel) ([]byte, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("chart: nothing to draw")
	}
	plots := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		pl, err := panelPlot(p)
		if err != nil {
			return nil, fmt.Errorf("chart %q: %w", p.Title, err)
		}
		plots[i] = []*plot.Plot{pl}
	}
	img := vgimg.NewWith(vgimg.UseWH(width, panelHeight*vg.Length(len(panels))), vgimg.UseDPI(dpi))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	for i, row := range plot.Align(plots, tiles, dc) {
		plots[i][0].Draw(row[0])
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

// panelPlot is one panel: horizontal bars, the first on top, each labelled
// with its figure as written; no x axis, the labels say the values.
func panelPlot(p Panel) (*plot.Plot, error) {
	pl := plot.New()
	pl.Title.Text = p.Title
	pl.Title.TextStyle.Color = textColor
	pl.Title.TextStyle.Font = sans(11, xfont.WeightBold)
	pl.Title.Padding = vg.Points(4)
	n := len(p.Bars)
	values := make(plotter.Values, n)
	labels := make([]string, n)
	xys := make(plotter.XYs, n)
	texts := make([]string, n)
	top := 0.0
	for i, b := range p.Bars {
		j := n - 1 - i // gonum draws the first value at the bottom
		values[j], labels[j] = b.Number, b.Label
		xys[j] = plotter.XY{X: b.Number, Y: float64(j)}
		texts[j] = b.Value
		top = max(top, b.Number)
	}
	if top <= 0 {
		return nil, fmt.Errorf("no positive value")
	}
	bars, err := plotter.NewBarChart(values, vg.Points(16))
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = barColor
	bars.LineStyle.Width = 0
	valueLabels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return nil, err
	}
	for i := range valueLabels.TextStyle {
		valueLabels.TextStyle[i].Color = textColor
		valueLabels.TextStyle[i].Font = sans(10, xfont.WeightNormal)
		valueLabels.TextStyle[i].YAlign = draw.YCenter
	}
	valueLabels.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
	pl.Add(bars, valueLabels)
	pl.NominalY(labels...)
	pl.Y.Tick.Label.Font = sans(10, xfont.WeightNormal)
	pl.Y.Tick.Label.Color = textColor
	pl.Y.LineStyle.Width = 0
	pl.Y.Tick.LineStyle.Width = 0
	pl.HideX()
	pl.X.Min, pl.X.Max = 0, top*1.3 // room for the value labels
	return pl, nil
}

// sans is Liberation Sans, which gonum/plot embeds: the same on every
// machine, no system fonts needed.
func sans(size vg.Length, weight xfont.Weight) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Weight: weight, Size: vg.Points(float64(size))}
}
