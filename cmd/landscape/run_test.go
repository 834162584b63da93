package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/internal/testpdf"
)

// runCLI runs the command in-process with an empty environment (plus env).
func runCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestAskJSONContract(t *testing.T) {
	out, _, code := runCLI(t, nil, "ask", "--json", "how much private GenAI investment in China 2023?")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range obj {
		keys = append(keys, k)
	}
	if diff := cmp.Diff([]string{"answer", "answered", "confidence", "question", "related"}, sorted(keys)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	ans := obj["answer"].(map[string]any)
	var akeys []string
	for k := range ans {
		akeys = append(akeys, k)
	}
	if diff := cmp.Diff([]string{"cites", "passage", "quote", "source"}, sorted(akeys)); diff != "" {
		t.Errorf("answer keys (-want +got):\n%s", diff)
	}
	if !strings.Contains(ans["quote"].(string), "$650 million") || ans["cites"] != "Stanford 2024 AI Index Report" {
		t.Errorf("answer %v", ans)
	}
	src := ans["source"].(map[string]any)
	if src["published"] != "2024-08-27" || src["author"] != "Mark J. Greeven" || src["section"] != "Where next?" {
		t.Errorf("source %v", src)
	}
}

func TestAskEmptyJSON(t *testing.T) {
	out, _, code := runCLI(t, nil, "ask", "--json", "")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var res struct {
		Answered bool   `json:"answered"`
		Answer   any    `json:"answer"`
		Related  []any  `json:"related"`
		Question string `json:"question"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Answered || res.Answer != nil || res.Related == nil {
		t.Errorf("got %s", out)
	}
}

func TestAskHuman(t *testing.T) {
	out, _, code := runCLI(t, nil, "ask", "how much is Moonshot AI worth?")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"**$3bn**", "Mark J. Greeven", "2024-08-27", "https://www.imd.org/"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, nil, "ask", "what is the weather in Paris tomorrow?")
	if !strings.Contains(out, "does not answer") {
		t.Errorf("no-answer output:\n%s", out)
	}
}

func TestAskLongQuestionNotes(t *testing.T) {
	_, stderr, code := runCLI(t, nil, "ask", strings.Repeat("chips ", 400))
	if code != 0 || !strings.Contains(stderr, "longer than 1000") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no command", nil},
		{"unknown command", []string{"frobnicate"}},
		{"ask without question", []string{"ask"}},
		{"unknown flag", []string{"ask", "--nope", "x"}},
		{"bad k", []string{"ask", "-k", "-1", "x"}},
		{"eval without file", []string{"eval"}},
		{"sources with args", []string{"sources", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, nil, tt.args...)
			if code != 2 || !strings.Contains(stderr, "Usage:") {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
		})
	}
}

func TestSourcesAndUserCorpus(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "osaka.md"), []byte("---\ntitle: Osaka robots\nauthor: Kenji Sato\npublished: 2025-03-01\n---\nIn 2024 Osaka robot makers raised $120 million from venture investors.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: x\npublished: later\n---\nlost\n"), 0o644)
	env := map[string]string{"LANDSCAPE_CORPUS_DIR": dir, "LANDSCAPE_DATA_DIR": t.TempDir()}

	out, stderr, code := runCLI(t, env, "sources", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "bad.md:3") {
		t.Errorf("bad file not reported with its line: %q", stderr)
	}
	var src struct {
		Documents []struct {
			ID       string `json:"id"`
			Passages int    `json:"passages"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(out), &src); err != nil {
		t.Fatal(err)
	}
	if len(src.Documents) != 2 || src.Documents[1].ID != "osaka" || src.Documents[1].Passages != 1 {
		t.Errorf("sources %s", out)
	}

	for range 2 { // the second run reuses the persisted index
		out, _, code = runCLI(t, env, "ask", "--json", "how much did Osaka robot makers raise?")
		if code != 0 || !strings.Contains(out, `"id": "osaka"`) || !strings.Contains(out, "$120 million") {
			t.Errorf("user corpus answer: %s", out)
		}
	}
	out, _, code = runCLI(t, env, "sources", "--no-builtin")
	if code != 0 || strings.Contains(out, "GenAI in China") || !strings.Contains(out, "Osaka robots") {
		t.Errorf("--no-builtin: exit %d\n%s", code, out)
	}
}

func TestEvalCommand(t *testing.T) {
	out, _, code := runCLI(t, nil, "eval", "../../testdata/eval/questions.jsonl")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	var passed, total int
	if _, err := fmt.Sscanf(last, "eval: %d/%d passed", &passed, &total); err != nil || total != 30 || passed < 29 ||
		!strings.Contains(last, "wrong 0,") || !strings.Contains(last, "p99") {
		t.Errorf("last line %q: want the summary of 30 questions, at least 29 passed, none wrong", last)
	}
}

// eval --facts scores figures labelled by hand against what the corpus
// reads: a miss a line, then the summary.
func TestEvalFactsCommand(t *testing.T) {
	labels := filepath.Join(t.TempDir(), "labels.jsonl")
	body := `{"source": "fixture-ai-funding-2025", "figure": "RMB 5 billion", "sentence_start": "Zhipu AI raised RMB 5 billion", "entity": ["Zhipu"], "metric": ["funding", "raised"], "period": "2024"}
{"source": "fixture-ai-funding-2025", "figure": "$2.5bn", "sentence_start": "Moonshot AI was valued at", "entity": ["Moonshot AI"], "metric": ["valuation"], "period": "2024-02"}
{"source": "fixture-ai-funding-2025", "figure": "$9bn", "sentence_start": "Moonshot AI was valued at", "entity": ["Moonshot AI"], "metric": ["valuation"], "period": ""}
`
	if err := os.WriteFile(labels, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, nil, "eval", "--facts", labels, "--corpus", "../../testdata/corpus", "--no-builtin", "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	want := "NOT FOUND fixture-ai-funding-2025 \"$9bn\" in \"Moonshot AI was valued at\"\n" +
		"3 labels: found 2, entity 2, metric 2, period 2, all three 2 (67%)\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("eval --facts (-want +got):\n%s", diff)
	}
	if _, stderr, code := runCLI(t, nil, "eval", "--facts", labels, "extra.jsonl"); code != 2 || !strings.Contains(stderr, "labels file only") {
		t.Errorf("extra argument: exit %d, %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, nil, "eval", "--facts", filepath.Join(t.TempDir(), "none.jsonl")); code != 1 || !strings.Contains(stderr, "none.jsonl") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func TestStatsJSON(t *testing.T) {
	out, _, code := runCLI(t, nil, "stats", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Facts []struct {
			Value, Unit, Metric, Entity, Period, Quote string
			Number                                     float64
			Source                                     struct{ ID, Published string }
		}
		Comparisons []struct {
			Metric, Period string
			A, B           struct{ Entity, Value string }
			Ratio          float64
			Quote          string
		}
		Disagreements []any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, f := range got.Facts {
		if f.Quote == "" || f.Source.ID == "" || !strings.Contains(f.Quote, f.Value) {
			t.Errorf("fact %+v lacks its quote or source", f)
		}
		values = append(values, f.Value)
	}
	for _, v := range []string{"$650 million", "$22.46bn", "38,000", "6,276", "U.S. $200m", "$3bn", "20", "30", "60 billion yuan"} {
		if !slices.Contains(values, v) {
			t.Errorf("stats --json lacks %q (has %q)", v, values)
		}
	}
	if len(got.Comparisons) != 2 || got.Comparisons[1].Ratio != 34.55 {
		t.Errorf("comparisons = %+v", got.Comparisons)
	}
	if got.Disagreements == nil {
		t.Error(`"disagreements" must be a list, even empty`)
	}
}

func TestStatsHuman(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     []string
		dontWant []string
	}{
		{"topic", []string{"stats", "patents"}, []string{"more than 38,000", "6,276", "2014–2023", "6.05×", `"six times" stated, consistent`, "3 figures from 1 document"}, []string{"$650 million"}},
		{"two-word topic", []string{"stats", "private", "investment"}, []string{"about $650 million", "34.6×", "Stanford 2024 AI Index Report"}, []string{"38,000"}},
		{"second document", []string{"stats", "--corpus", "../../testdata/corpus", "valuation"}, []string{"Sources disagree", "Moonshot AI, valuation", "$2.5bn", "2025-03-14", "over $3bn", "2024-08-27"}, nil},
		{"nothing about it", []string{"stats", "weather"}, []string{`No figures about "weather"`}, []string{"FIGURE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

// --chart writes the bot's stats chart as a PNG; with nothing to chart it
// says so and writes nothing.
func TestStatsChart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.png")
	if _, errOut, code := runCLI(t, nil, "stats", "--chart", path, "patents"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("--chart did not write a PNG: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "none.png")
	if _, errOut, code := runCLI(t, nil, "stats", "--chart", empty, "Nanjing"); code == 0 || !strings.Contains(errOut, "nothing to chart") {
		t.Errorf("a topic without comparisons: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(empty); err == nil {
		t.Error("wrote a chart of nothing")
	}
}

func TestAskFilters(t *testing.T) {
	out, _, code := runCLI(t, nil, "ask", "--corpus", "../../testdata/corpus", "--source", "imd", "what is Moonshot AI worth?")
	if code != 0 || !strings.Contains(out, "**$3bn**") || strings.Contains(out, "Other sources") {
		t.Errorf("--source imd (exit %d):\n%s", code, out)
	}
	// Two sources disagree: both are shown, as the answer and another
	// source, or as the closest passages when the engine is not sure.
	out, _, code = runCLI(t, nil, "ask", "--corpus", "../../testdata/corpus", "what is Moonshot AI worth?")
	if code != 0 || !strings.Contains(out, "$2.5bn") || !strings.Contains(out, "$3bn") {
		t.Errorf("disagreeing sources (exit %d):\n%s", code, out)
	}
	_, errOut, code := runCLI(t, nil, "ask", "--since", "last-year", "what is Moonshot AI worth?")
	if code != 2 || !strings.Contains(errOut, "--since last-year") {
		t.Errorf("bad --since: exit %d, %s", code, errOut)
	}
}

// A folder of a user's own sources in every format — saved web pages, a
// Markdown note, a text PDF — some contradicting each other: questions are
// answered from the right source, with its date, and the other figure shown.
func TestMixedSources(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"../../testdata/web/ernie-users.html", "../../testdata/web/qwen-prices.htm", "../../testdata/corpus/fixture-ai-funding-2025.md"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plans, err := testpdf.Make("Fixture Provincial AI Plans", "Fixture Institute", time.Date(2025, 10, 20, 0, 0, 0, 0, time.UTC),
		"Overview of provincial plans for artificial intelligence industries in China, as announced by local governments in 2025.",
		"Zhejiang province aims to have 200 AI companies with revenue above 100 million yuan by 2027, according to its provincial action plan.")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plans.pdf"), plans, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"How many users does Ernie Bot have?", []string{"300 million", "2025-06-12", "430 million", "2025-09-03"}},
		// The two pages disagree (97% and 85%) and the question names no
		// date: both are shown, each with its date (as the answer and
		// another source, or as the closest passages of a refusal).
		{"How much did Alibaba cut Qwen prices?", []string{"97%", "85%", "2025-09-03", "2025-06-12"}},
		{"How many businesses use Qwen models?", []string{"**90,000**", "Fixture Business Review, 2025-09-03"}},
		{"How many AI companies does Zhejiang aim for?", []string{"**200**", "Fixture Provincial AI Plans", "2025-10-20", "· p. 2"}},
		{"what is Moonshot AI worth?", []string{"**$2.5bn**", "2025-03-14"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir()}, "ask", "--corpus", dir, "--no-builtin", tt.q)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("answer lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
