package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
)

func engine(t testing.TB) *answer.Engine {
	e, _ := testEngine(t)
	return e
}

func ask(t *testing.T, e *answer.Engine, q string, k int) answer.Result {
	t.Helper()
	res, err := e.Ask(context.Background(), q, k)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAnswerMessageGolden(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name string
		q    string
		k    int
		view AnswerView
	}{
		{"answer", "how much private GenAI investment in China 2023?", 3, AnswerView{}},
		{"answer-private", "how many GenAI patents did the US file?", 3, AnswerView{Private: true}},
		{"no-answer", "how many AI startups in Japan?", 3, AnswerView{}},
		{"more-passages", "how much private GenAI investment in China 2023?", 6, AnswerView{Page: 1}},
		{"empty", "", 3, AnswerView{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, AnswerMessage(ask(t, e, tt.q, tt.k), tt.view))
		})
	}
}

func TestOtherMessagesGolden(t *testing.T) {
	_, c := testEngine(t)
	golden(t, "help", helpMessage())
	golden(t, "sources", SourcesMessage(c.Docs))
	golden(t, "busy", busyMessage())
	golden(t, "error", errorMessage())
}

// Two documents that disagree: the answer and, beside it, the other
// source's figure with its date.
func TestAnswerWithOtherSourcesGolden(t *testing.T) {
	c, problems, err := corpus.Load(corpus.Options{Dir: "../testdata/corpus"})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	ix, err := index.NewMemory(c)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res := ask(t, answer.New(c, ix, answer.DefaultAliases()), "what is Moonshot AI worth?", 3)
	m := AnswerMessage(res, AnswerView{})
	golden(t, "answer-other-sources", m)
	if js := blocksJSON(t, m); !strings.Contains(js, "Other sources") || !strings.Contains(js, "*$3bn*") || !strings.Contains(js, "2024-08-27") {
		t.Errorf("the other source is missing:\n%s", js)
	}
}

// The figure is bold inside the quote, the source and its citation are
// there, and a no-answer never looks like an answer.
func TestAnswerMessageContent(t *testing.T) {
	e := engine(t)
	m := AnswerMessage(ask(t, e, "how much private GenAI investment in China 2023?", 3), AnswerView{})
	js := blocksJSON(t, m)
	for _, want := range []string{"*$650 million*", "Stanford 2024 AI Index Report", "Mark J. Greeven", "2024-08-27", "https://www.imd.org/"} {
		if !strings.Contains(js, want) {
			t.Errorf("answer lacks %q", want)
		}
	}
	no := AnswerMessage(ask(t, e, "how many AI startups in Japan?", 3), AnswerView{})
	if js := blocksJSON(t, no); !strings.Contains(js, "does not answer") || !strings.Contains(js, "related, not an answer") {
		t.Errorf("no-answer message does not say so:\n%s", js)
	}
}

// Whatever the passages hold, the message stays within Slack's limits and
// keeps its source line.
func TestAnswerMessageLimits(t *testing.T) {
	huge := strings.Repeat("In 2023 the figure was about $650 million & <rising>. ", 400)
	src := corpus.Source{ID: "x", Title: strings.Repeat("Long title ", 50), URL: "https://example.com/a", Publisher: "P", Published: "2025-01-01"}
	res := answer.Result{Question: strings.Repeat("why? ", 300), Answered: true,
		Answer: &answer.Excerpt{Quote: huge, Passage: huge, Source: src, Cites: "Some Report", Figure: "$650 million"}}
	for range 12 {
		res.Related = append(res.Related, answer.Related{Excerpt: answer.Excerpt{Quote: huge, Source: src}})
	}
	for _, v := range []AnswerView{{}, {Private: true}, {Page: 1}, {Page: 3}} {
		m := AnswerMessage(res, v)
		if err := checkLimits(m); err != nil {
			t.Errorf("view %+v: %v", v, err)
		}
		if v.Page == 0 && !strings.Contains(blocksJSON(t, m), "Some Report") {
			t.Errorf("view %+v: the source line was dropped", v)
		}
	}
}

func blocksJSON(t *testing.T, m Message) string {
	t.Helper()
	var b strings.Builder
	for _, bl := range m.Blocks {
		switch bl := bl.(type) {
		case *slack.SectionBlock:
			if bl.Text != nil {
				b.WriteString(bl.Text.Text + "\n")
			}
		case *slack.ContextBlock:
			for _, el := range bl.ContextElements.Elements {
				if tx, ok := el.(*slack.TextBlockObject); ok {
					b.WriteString(tx.Text + "\n")
				}
			}
		}
	}
	return b.String()
}
