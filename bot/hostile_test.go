package bot

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/store"
)

// hostileCorpus has documents whose metadata tries to become a broadcast,
// a mention or a link elsewhere than the web.
func hostileCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	dir := t.TempDir()
	docs := map[string]string{
		"here.md": "---\ntitle: \"<!here> Funding <!channel>\"\nauthor: \"<@U0ADMIN>\"\npublisher: \"<#C0GENERAL> Wire\"\npublished: 2025-01-02\nurl: \"!here\"\n---\n\n" +
			"## <!everyone> heading\n\nZephyr Labs raised $42 million in 2024, compared with $12 million for Acme <@U0ADMIN> in 2024.\n\nThe <!here> market grew 40% in 2024.\n",
		"mention.md": "---\ntitle: Canonical trick\npublisher: Trick Press\npublished: 2025-02-03\nurl: \"@U0ADMIN\"\n---\n\nZephyr Labs raised $50 million in 2024, according to <!subteam^S1> data.\n",
	}
	for name, text := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, problems, err := corpus.Load(corpus.Options{Dir: dir, NoBuiltin: true})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	return c
}

// No text from a document becomes a broadcast, a mention, a channel link
// or a link that is not http(s), in any message kind or page.
func TestDocumentTextCannotNotifyOrLink(t *testing.T) {
	c := hostileCorpus(t)
	ix, err := index.NewMemory(c)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	e := answer.New(c, ix, answer.DefaultAliases())
	set := facts.Extract(c)
	tc := testCorpus{c}
	var msgs []Message
	for _, q := range []string{"how much did Zephyr Labs raise?", "how much did the market grow?", "what is the weather on Mars?"} {
		res, err := e.Ask(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, AnswerMessage(res, tc, AnswerView{}), AnswerMessage(res, tc, AnswerView{Page: 1}))
	}
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	d := digest.Digest{Date: day, Fact: digest.FactOfTheDay(set, day), Activity: store.Activity{
		NewDocuments: []store.Document{{Title: c.Docs[0].Title}}, Unanswered: []string{"<!here> why?"}, UnansweredCount: 1}}
	msgs = append(msgs, StatsMessage(set, "", 0, true, nil), DigestMessage(d), SourcesMessage(c.Docs),
		Message{Text: "home", Blocks: HomeView(Home{Documents: c.Docs, Digest: &d, Recent: []string{"<@U0ADMIN> hi"}}).Blocks.BlockSet})
	for i, m := range msgs {
		var blocks any
		if err := json.Unmarshal([]byte(blocksJSON(t, m)), &blocks); err != nil {
			t.Fatal(err)
		}
		walk(blocks, func(obj map[string]any) {
			if obj["type"] == "mrkdwn" {
				text, _ := obj["text"].(string)
				for _, bad := range []string{"<!", "<@", "<#", "<@U0ADMIN", "<!here"} {
					if strings.Contains(text, bad) {
						t.Errorf("message %d: %q can notify or link: %q", i, bad, text)
					}
				}
				for _, l := range strings.Split(text, "<")[1:] {
					if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
						t.Errorf("message %d: a link that is not to the web: <%s", i, l)
					}
				}
			}
			if obj["type"] == "link" && webURL(obj["url"].(string)) == "" {
				t.Errorf("message %d: rich-text link to %v", i, obj["url"])
			}
		})
	}
	if js := blocksJSON(t, msgs[0]); !strings.Contains(js, "&lt;!here&gt; Funding") && !strings.Contains(js, "Canonical trick") {
		t.Errorf("the hostile documents' answer lost its source:\n%s", js)
	}
}

func walk(v any, visit func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		visit(v)
		for _, x := range v {
			walk(x, visit)
		}
	case []any:
		for _, x := range v {
			walk(x, visit)
		}
	}
}

// Every message kind, every page, within Slack's limits, on the built-in
// corpus and with the second document that disagrees.
func TestEveryMessageKindAndPageWithinLimits(t *testing.T) {
	e, c := testEngine(t)
	tc := testCorpus{c}
	var msgs []Message
	for _, q := range []string{"how much private GenAI investment in China 2023?", "how many AI startups in Japan?", "who wrote the article?", ""} {
		res, err := e.Ask(context.Background(), q, 50)
		if err != nil {
			t.Fatal(err)
		}
		for page := 0; page <= len(res.Related)/relatedPerPage+1; page++ {
			msgs = append(msgs, AnswerMessage(res, tc, AnswerView{Page: page}), AnswerMessage(res, tc, AnswerView{Page: page, Private: true}))
		}
		msgs = append(msgs, sharedBy(AnswerMessage(res, tc, AnswerView{}), "U1", q))
	}
	for _, set := range []*facts.Set{facts.Extract(c), factSet(t, "../testdata/corpus")} {
		for _, topic := range []string{"", "valuation", "patents", "nothing like it"} {
			s := set.Filter(topic)
			for page := 0; page <= len(s.Facts)/statsPageSize+1; page++ {
				msgs = append(msgs, StatsMessage(s, topic, page, true, &Chart{FileID: "F1", AltText: "chart"}), StatsMessage(s, topic, page, false, nil))
			}
		}
	}
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i := range 20 { // a fact of the day for every fact there is
		msgs = append(msgs, DigestMessage(digest.Digest{Date: day.AddDate(0, 0, i), Fact: digest.FactOfTheDay(tc.Facts(), day.AddDate(0, 0, i))}))
	}
	msgs = append(msgs, helpMessage(nil), helpMessage([]string{"q"}), SourcesMessage(c.Docs), busyMessage(), errorMessage())
	for i, m := range msgs {
		if err := checkLimits(m); err != nil {
			t.Errorf("message %d (%.60q): %v", i, m.Text, err)
		}
	}
}
