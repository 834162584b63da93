package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
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

// hostileMarkup is what Slack reads as a broadcast, a mention or a link
// when it stands raw in a message: what the hostile documents and users
// below try to smuggle in.
var hostileMarkup = []string{"<!here", "<!channel", "<!everyone", "<@U0ADMIN", "<#C0GENERAL", "<!subteam"}

// textsOf lists every text of m as Slack reads it: the fallback text, and
// each mrkdwn and plain_text field of its blocks.
func textsOf(t *testing.T, m Message) (fallback string, mrkdwnTexts, plainTexts []string) {
	t.Helper()
	var blocks any
	if err := json.Unmarshal([]byte(blocksJSON(t, m)), &blocks); err != nil {
		t.Fatal(err)
	}
	walk(blocks, func(obj map[string]any) {
		text, _ := obj["text"].(string)
		switch obj["type"] {
		case "mrkdwn":
			mrkdwnTexts = append(mrkdwnTexts, text)
		case "plain_text":
			plainTexts = append(plainTexts, text)
		}
	})
	return m.Text, mrkdwnTexts, plainTexts
}

// checkNoMarkup fails when any text of m, fallback included, can notify
// someone or link anywhere but the web: the fallback text and plain_text
// fields hold no "<" at all (they are escaped whole), and in mrkdwn every
// "<" opens an http(s) link.
func checkNoMarkup(t *testing.T, name string, m Message) {
	t.Helper()
	fallback, mrkdwnTexts, plainTexts := textsOf(t, m)
	for _, s := range append([]string{fallback}, plainTexts...) {
		if strings.ContainsAny(s, "<>") {
			t.Errorf("%s: the fallback text or a plain_text field holds a raw < or >: %q", name, s)
		}
	}
	for _, s := range mrkdwnTexts {
		for _, bad := range hostileMarkup {
			if strings.Contains(s, bad) {
				t.Errorf("%s: %q can notify or link: %q", name, bad, s)
			}
		}
		for _, l := range strings.Split(s, "<")[1:] {
			if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
				t.Errorf("%s: a link that is not to the web: <%s", name, l)
			}
		}
	}
	if s := blocksJSON(t, m); strings.Contains(s, `"type":"link"`) {
		var blocks any
		_ = json.Unmarshal([]byte(s), &blocks)
		walk(blocks, func(obj map[string]any) {
			if obj["type"] == "link" && webURL(obj["url"].(string)) == "" {
				t.Errorf("%s: rich-text link to %v", name, obj["url"])
			}
		})
	}
}

// No text from a document or a user becomes a broadcast, a mention, a
// channel link or a link that is not http(s), in any message kind or
// page, in the blocks or in the fallback text that notifications show.
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
	for _, q := range []string{"how much did Zephyr Labs raise?", "how much did the market grow?", "what is the weather on Mars?", "<!here> <@U0ADMIN> what is the weather on Mars?"} {
		res, err := e.Ask(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, AnswerMessage(res, tc, AnswerView{}), AnswerMessage(res, tc, AnswerView{Page: 1}), AnswerMessage(res, tc, AnswerView{Private: true}))
	}
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	d := digest.Digest{Date: day, Fact: digest.FactOfTheDay(set, day), Activity: store.Activity{
		NewDocuments: []store.Document{{Title: c.Docs[0].Title, AddedBy: "<!channel>"}}, Unanswered: []string{"<!here> why?"}, UnansweredCount: 1,
		MostAsked: []store.Asked{{Question: "<!channel> <#C0GENERAL> how much?", Count: 2}}}}
	doc := c.Docs[0]
	msgs = append(msgs, StatsMessage(set, StatsPage{}, true, nil), StatsMessage(set, StatsPage{Topic: "<!here>"}, true, nil), DigestMessage(d), SourcesMessage(c.Docs),
		Message{Text: "home", Blocks: HomeView(Home{Topic: "<!here> robots", Documents: c.Docs, Digest: &d, Recent: []string{"<@U0ADMIN> hi"}, Examples: []string{"<!everyone> q?"}}).Blocks.BlockSet},
		AddReportMessage("<!here>.html", curate.Report{Doc: doc, Facts: 1, Warnings: []string{"<!channel> no date"}}, nil),
		AddReportMessage("https://example.com/<!here>", curate.Report{Doc: doc, DuplicateOf: doc}, nil),
		AddReportMessage("<@U0ADMIN>.pdf", curate.Report{}, errors.New("<!everyone> cannot read <#C0GENERAL>")),
		RemoveConfirmMessage(doc), RemoveChoicesMessage("<!here>", c.Docs), RemovedMessage(doc), noSuchDocumentMessage("<!channel>"),
		notRemovableMessage(doc), helpMessage("<!channel> & co", nil), promptMessage("<@U0ADMIN>", []string{"<!here>?"}), sharedBy(AnswerMessage(answer.Result{}, tc, AnswerView{}), "<!here>", "<!channel> q"))
	for i, m := range msgs {
		checkNoMarkup(t, fmt.Sprintf("message %d (%.40q)", i, m.Text), m)
	}
	if js := blocksJSON(t, msgs[0]); !strings.Contains(js, "&lt;!here&gt; Funding") && !strings.Contains(js, "Canonical trick") {
		t.Errorf("the hostile documents' answer lost its source:\n%s", js)
	}
}

// What a user types that Slack would read as markup — a typed "<!channel>"
// or "<@U…>", which Slack sends escaped, and a real @here, which it sends
// as <!here> — never comes back raw: not in the no-answer card (blocks or
// fallback text), not in a private answer, not in the digest's "Most
// asked" and "Unanswered questions".
func TestTypedMarkupNeverComesBackRaw(t *testing.T) {
	st := testStore(t)
	h := start(t, nil, Options{Store: st}).connected(t)
	f := h.fake
	typed := "&lt;!channel&gt; &lt;@U0ADMIN&gt; <!here> what is the weather on Mars?"
	f.Send("events_api", f.Mention("EvM1", "C1", "1700000900.000100", "", "<@UBOT> "+typed), 0)
	f.Send("slash_commands", f.Slash(typed, "typed"), 0)
	f.WaitFor("the card and the private reply", func() bool { return len(f.Posts()) == 1 && len(f.Responses()) == 1 })
	p, r := f.Posts()[0], f.Responses()[0]
	var blocks []any
	if err := json.Unmarshal([]byte(p.Blocks), &blocks); err != nil {
		t.Fatal(err)
	}
	replies := map[string]any{"posted text": p.Text, "posted blocks": blocks, "private reply": r.Body}
	for name, v := range replies {
		walkStrings(v, func(s string) {
			for _, bad := range hostileMarkup {
				if strings.Contains(s, bad) {
					t.Errorf("%s: %q came back raw: %q", name, bad, s)
				}
			}
		})
	}
	if !strings.Contains(p.Text, "does not answer") || !strings.Contains(p.Text, "!channel") {
		t.Errorf("the card's fallback text does not echo the question: %q", p.Text)
	}
	now := time.Now()
	a, err := st.ActivityBetween(context.Background(), now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.MostAsked) == 0 || a.UnansweredCount == 0 {
		t.Fatalf("the questions were not logged: %+v", a)
	}
	checkNoMarkup(t, "digest", DigestMessage(digest.Digest{Date: now, Activity: a}))
}

// walkStrings calls visit with every string in v, a decoded JSON value.
func walkStrings(v any, visit func(string)) {
	switch v := v.(type) {
	case string:
		visit(v)
	case map[string]any:
		for _, x := range v {
			walkStrings(x, visit)
		}
	case []any:
		for _, x := range v {
			walkStrings(x, visit)
		}
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
				msgs = append(msgs, StatsMessage(s, StatsPage{Topic: topic, Page: page}, true, &Chart{FileID: "F1", AltText: "chart"}), StatsMessage(s, StatsPage{Topic: topic, Page: page}, false, nil))
			}
		}
	}
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i := range 20 { // a fact of the day for every fact there is
		msgs = append(msgs, DigestMessage(digest.Digest{Date: day.AddDate(0, 0, i), Fact: digest.FactOfTheDay(tc.Facts(), day.AddDate(0, 0, i))}))
	}
	msgs = append(msgs, helpMessage("", nil), helpMessage(corpus.BuiltinTopic, []string{"q"}), promptMessage("", nil), promptMessage(corpus.BuiltinTopic, []string{"q"}),
		SourcesMessage(c.Docs), busyMessage(), errorMessage())
	for i, m := range msgs {
		if err := checkLimits(m); err != nil {
			t.Errorf("message %d (%.60q): %v", i, m.Text, err)
		}
	}
}
