package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/internal/testpdf"
	"github.com/landscape-bot/landscape/store"
)

// fixture is the test fixture document, as the corpus reads it.
func fixture(t *testing.T) *corpus.Document {
	t.Helper()
	d, err := corpus.LoadFile(context.Background(), "../testdata/corpus/fixture-ai-funding-2025.md", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCurationMessagesGolden(t *testing.T) {
	d := fixture(t)
	d.Path = "/srv/corpus/fixture-ai-funding-2025.md"
	_, c := testEngine(t)
	builtin := c.Docs[0]
	short := &corpus.Document{ID: "zephyr-notes", Title: "zephyr notes", Path: "/srv/corpus/zephyr-notes.txt", Passages: d.Passages[:1]}
	others := []*corpus.Document{d, short, {ID: "funding-q3", Title: "China AI funding, Q3 <draft>", Publisher: "Test Wire", Published: "2025-10-02", URL: "https://example.com/q3", Path: "/srv/corpus/funding-q3.html"}}
	many := append([]*corpus.Document(nil), others...)
	for i := range maxRemoveChoices - 1 {
		many = append(many, &corpus.Document{ID: fmt.Sprintf("funding-%d", i), Title: fmt.Sprintf("AI funding brief %d", i), Path: "x"})
	}
	tests := []struct {
		name string
		m    Message
	}{
		{"add-added", AddReportMessage("https://example.com/fixtures/ai-funding-2025", curate.Report{Doc: d, Facts: 7}, nil)},
		{"add-added-warnings", AddReportMessage("zephyr notes.txt", curate.Report{Doc: short, Facts: 1, Warnings: short.Warnings()}, nil)},
		{"add-duplicate", AddReportMessage("https://example.com/fixtures/ai-funding-2025?utm=x", curate.Report{Doc: short, DuplicateOf: d, SameLink: true}, nil)},
		{"add-refused", AddReportMessage("http://10.0.0.1/wiki", curate.Report{}, &fetch.Refusal{Reason: "10.0.0.1 is a private address: only public addresses are fetched (an intranet source can be allowed with LANDSCAPE_FETCH_ALLOW)"})},
		{"add-usage", addUsageMessage()},
		{"add-nothing", nothingToAddMessage()},
		{"not-curator", notCuratorMessage(Curators{users: []string{"U0ADA", "U0BEN"}, groups: []string{"@corpus-team"}}.named(), false)},
		{"not-curator-none", notCuratorMessage(nil, false)},
		{"remove-confirm", RemoveConfirmMessage(d)},
		{"remove-choices", RemoveChoicesMessage("funding", searchTitles(many, "funding"))},
		{"remove-builtin", notRemovableMessage(builtin)},
		{"removed", RemovedMessage(d)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { golden(t, tt.name, tt.m) })
	}
}

func TestLinksIn(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"see <https://example.com/a?x=1&amp;y=2|example.com/a> and <http://b.example/>", []string{"https://example.com/a?x=1&y=2", "http://b.example/"}},
		{"https://example.com/report.pdf", []string{"https://example.com/report.pdf"}},
		{"<mailto:a@b.c|a@b.c> <@U123> <#C1|general> ftp://x", nil},
		{"<https://e.com/x> again <https://e.com/x|e.com>", []string{"https://e.com/x"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, linksIn(tt.text)); diff != "" {
			t.Errorf("linksIn(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestParseCurators(t *testing.T) {
	c, err := ParseCurators("U0ADA, @Corpus-Team S0EDITORS W0BEN")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"<@U0ADA>", "<@W0BEN>", "members of @corpus-team", "members of <!subteam^S0EDITORS>"}, c.named()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, bad := range []string{"ada", "<@U0ADA>", "#general"} {
		if _, err := ParseCurators(bad); err == nil || !strings.Contains(err.Error(), "LANDSCAPE_CURATORS") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if c, err := ParseCurators(""); err != nil || !c.Empty() {
		t.Errorf("empty: %+v, %v", c, err)
	}
}

// folderCorpus is a corpus folder as the bot sees it, read again at each
// look (the live corpus does so on the watcher's signal).
type folderCorpus struct {
	folder *corpus.Folder
	facts  *facts.Set
}

func (f folderCorpus) Facts() *facts.Set { return f.facts }
func (f folderCorpus) Documents() []*corpus.Document {
	c, _, _, err := f.folder.Load(context.Background())
	if err != nil {
		panic(err)
	}
	return c.Docs
}

// curation is a bot with curation on over a fresh corpus folder, with the
// curators given, links fetched from loopback (allowed), and a page server.
type curation struct {
	*harness
	dir   string
	pages *httptest.Server
	st    *store.Store
}

func startCuration(t *testing.T, curators string, more ...func(*Options)) *curation {
	t.Helper()
	dir := t.TempDir()
	opts := corpus.Options{Dir: dir}
	cur := curate.New(dir, opts, curate.FolderDocuments(opts), time.Now)
	allow, err := fetch.ParseAllow("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	who, err := ParseCurators(curators)
	if err != nil {
		t.Fatal(err)
	}
	pages := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/zephyr.html":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, zephyrPage)
		case "/photo.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(pages.Close)
	st := testStore(t)
	f := fakeslack.New(t)
	_, builtin := testEngine(t)
	o := Options{Store: st, Curation: &Curation{Corpus: cur, Fetch: fetch.New(fetch.Options{Allow: allow}), Curators: who}}
	for _, m := range more {
		m(&o)
	}
	h := startWith(t, f, nil, folderCorpus{corpus.NewFolder(opts), facts.Extract(builtin)}, o)
	h.connected(t)
	return &curation{harness: h, dir: dir, pages: pages, st: st}
}

const zephyrPage = `<html><head><title>Zephyr Labs raises $42 million</title><meta name="author" content="Ada Chen">
<meta property="article:published_time" content="2026-11-01T08:00:00Z"></head><body><article>
<p>Zephyr Labs, a Hangzhou robotics startup, raised $42 million in its Series B round, led by Qiming Venture Partners, the company said on Sunday.</p>
<p>The company plans to double its engineering team to 300 people by the end of 2027 and to open a second factory in Ningbo.</p>
</article></body></html>`

// response waits for the response_url post id and returns its text and
// blocks as JSON.
func (c *curation) response(t *testing.T, id string) string {
	t.Helper()
	var raw string
	c.fake.WaitForWithin(20*time.Second, "the reply to "+id, func() bool {
		for _, r := range c.fake.Responses() {
			if r.Path == "/response/"+id {
				raw = r.Raw
				return true
			}
		}
		return false
	})
	return raw
}

func (c *curation) files(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func (c *curation) curations(t *testing.T) []string {
	t.Helper()
	got, err := c.st.Curations(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range got {
		out = append(out, strings.Join([]string{r.UserID, r.Action, r.DocID, r.Outcome}, " "))
	}
	return out
}

// A curator adds a link with /landscape add and gets the report privately;
// the same link again adds nothing; a link the fetcher refuses is reported;
// someone else is refused, politely, with the curators named. Each is
// recorded.
func TestSlashAdd(t *testing.T) {
	c := startCuration(t, "U1 U0ADA")
	c.fake.Send("slash_commands", c.fake.Slash("add "+c.pages.URL+"/zephyr.html", "r1"), 0)
	if got := c.response(t, "r1"); !strings.Contains(got, "Added to the corpus") || !strings.Contains(got, "Zephyr Labs raises $42 million") || !strings.Contains(got, `"response_type":"ephemeral"`) {
		t.Errorf("report: %s", got)
	}
	if diff := cmp.Diff([]string{"zephyr.html", "zephyr.meta.json"}, c.files(t)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
	c.fake.Send("slash_commands", c.fake.Slash("add <"+c.pages.URL+"/zephyr.html>", "r2"), 0)
	if got := c.response(t, "r2"); !strings.Contains(got, "Already in the corpus") || !strings.Contains(got, "is already there as") {
		t.Errorf("the same link again: %s", got)
	}
	c.fake.Send("slash_commands", c.fake.Slash("add "+c.pages.URL+"/photo.png", "r3"), 0)
	if got := c.response(t, "r3"); !strings.Contains(got, "Not added") || !strings.Contains(got, "image/png") {
		t.Errorf("an image: %s", got)
	}
	c.fake.Send("slash_commands", c.fake.SlashFrom("U0EVE", "add "+c.pages.URL+"/zephyr.html", "r4"), 0)
	if got := c.response(t, "r4"); !strings.Contains(got, `only curators can add or remove documents: \u003c@U1\u003e and \u003c@U0ADA\u003e`) {
		t.Errorf("a non-curator: %s", got)
	}
	c.fake.Send("slash_commands", c.fake.Slash("add", "r5"), 0)
	if got := c.response(t, "r5"); !strings.Contains(got, "Give a link to add") {
		t.Errorf("no link: %s", got)
	}
	want := []string{"U1 add zephyr added", "U1 add zephyr duplicate", "U1 add  refused", "U0EVE add  refused"}
	if diff := cmp.Diff(want, c.curations(t)); diff != "" {
		t.Errorf("recorded (-want +got):\n%s", diff)
	}
}

// A PDF shared in a DM is downloaded with the bot token and added, the
// report posted in the DM; a user group's member is a curator, someone
// outside it is refused.
func TestFileSharedInADM(t *testing.T) {
	c := startCuration(t, "@corpus-team")
	c.fake.AddUserGroup("S0TEAM", "corpus-team", "U0ADA")
	pdf := testPDF(t, "Aurora Robotics, a Suzhou maker of industrial robot arms, raised $18 million in a Series A round in 2026, led by Hillhouse, to build a factory in Wuxi.")
	id := c.fake.AddFile("U0ADA", "Aurora Series A.pdf", "application/pdf", pdf)
	c.fake.Send("events_api", c.fake.FileShare("EvF1", "U0ADA", "D0ADA", "1700000300.000100", "", id), 0)
	c.fake.WaitFor("the report", func() bool { return len(c.fake.Posts()) == 1 })
	if p := c.fake.Posts()[0]; p.Channel != "D0ADA" || !strings.Contains(p.Blocks, "Added to the corpus") || !strings.Contains(p.Blocks, "`aurora-series-a`") {
		t.Errorf("report: %+v", p)
	}
	if d := c.fake.Downloads(); len(d) != 1 || d[0] != id {
		t.Errorf("downloads %q", d)
	}
	if diff := cmp.Diff([]string{"Aurora-Series-A.meta.json", "Aurora-Series-A.pdf"}, c.files(t)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
	other := c.fake.AddFile("U0EVE", "notes.txt", "text/plain", []byte("Some notes about robots in Suzhou."))
	c.fake.Send("events_api", c.fake.FileShare("EvF2", "U0EVE", "D0EVE", "1700000301.000100", "", other), 0)
	c.fake.WaitFor("the refusal", func() bool { return len(c.fake.Posts()) == 2 })
	if p := c.fake.Posts()[1]; p.Channel != "D0EVE" || !strings.Contains(p.Blocks, "members of @corpus-team") {
		t.Errorf("refusal: %+v", p)
	}
	image := c.fake.AddFile("U0ADA", "chart.png", "image/png", []byte("\x89PNG"))
	c.fake.Send("events_api", c.fake.FileShare("EvF3", "U0ADA", "D0ADA", "1700000302.000100", "", image), 0)
	c.fake.WaitFor("the image's refusal", func() bool { return len(c.fake.Posts()) == 3 })
	if p := c.fake.Posts()[2]; !strings.Contains(p.Blocks, "Not added") || !strings.Contains(p.Blocks, "image/png") {
		t.Errorf("an image: %+v", p)
	}
	if d := c.fake.Downloads(); len(d) != 1 {
		t.Errorf("the refused files were downloaded: %q", d)
	}
}

// A user group that cannot be looked up admits nobody, and says so.
func TestCuratorGroupNotFound(t *testing.T) {
	c := startCuration(t, "@corpus-team")
	c.fake.Send("slash_commands", c.fake.SlashFrom("U0ADA", "add "+c.pages.URL+"/zephyr.html", "r1"), 0)
	if got := c.response(t, "r1"); !strings.Contains(got, "members of @corpus-team") || !strings.Contains(got, "could not look up the user groups") {
		t.Errorf("reply: %s", got)
	}
	if !strings.Contains(c.logs.String(), "no user group @corpus-team in the workspace") {
		t.Errorf("log:\n%s", c.logs.String())
	}
	if len(c.files(t)) != 0 {
		t.Errorf("added: %q", c.files(t))
	}
}

// The message shortcut adds the message's link and file, reporting
// privately; a message with neither says so.
func TestShortcutAdd(t *testing.T) {
	c := startCuration(t, "U1")
	file := c.fake.AddFile("U0ADA", "notes.md", "text/markdown", []byte("# Aurora notes\n\nAurora Robotics raised $18 million in a Series A round in Suzhou.\n"))
	c.fake.Send("interactive", c.fake.Shortcut(ShortcutAdd, "U1", "C1", "worth a read <"+c.pages.URL+"/zephyr.html|zephyr>", []string{file}, "s1"), 0)
	c.fake.WaitFor("two reports", func() bool {
		n := 0
		for _, r := range c.fake.Responses() {
			if r.Path == "/response/s1" {
				n++
			}
		}
		return n == 2
	})
	var texts []string
	for _, r := range c.fake.Responses() {
		texts = append(texts, r.Body["text"].(string))
	}
	if diff := cmp.Diff([]string{"Added to the corpus: “Zephyr Labs raises $42 million”, 2 passages, 2 figures; nearly empty (48 words)", "Added to the corpus: “notes”, 1 passages, 1 figures; no date (published); no author; nearly empty (12 words)"}, texts); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
	c.fake.Send("interactive", c.fake.Shortcut(ShortcutAdd, "U1", "C1", "no link here", nil, "s2"), 0)
	if got := c.response(t, "s2"); !strings.Contains(got, "holds no link or file") {
		t.Errorf("nothing to add: %s", got)
	}
}

// /landscape remove with words of a title lists the matches; picking one
// asks to confirm; confirming removes the file and its sidecar. Cancel
// removes nothing; the built-in article is not removable.
func TestRemove(t *testing.T) {
	c := startCuration(t, "U1")
	c.fake.Send("slash_commands", c.fake.Slash("add "+c.pages.URL+"/zephyr.html", "a1"), 0)
	c.response(t, "a1")
	other := c.fake.AddFile("U1", "zephyr-notes.md", "text/markdown", []byte("---\ntitle: Zephyr Labs notes\n---\n\nZephyr Labs builds warehouse robots in Hangzhou for logistics firms.\n"))
	c.fake.Send("interactive", c.fake.Shortcut(ShortcutAdd, "U1", "C1", "", []string{other}, "a2"), 0)
	c.response(t, "a2")

	c.fake.Send("slash_commands", c.fake.Slash("remove zephyr labs", "r1"), 0)
	got := c.response(t, "r1")
	if !strings.Contains(got, "2 documents match") || !strings.Contains(got, `"action_id":"remove_pick","value":"zephyr"`) {
		t.Fatalf("choices: %s", got)
	}
	c.fake.Send("interactive", c.fake.Click(ActionRemovePick, "zephyr", "r2"), 0)
	if got := c.response(t, "r2"); !strings.Contains(got, "Remove from the corpus?") || !strings.Contains(got, `"replace_original":true`) {
		t.Errorf("confirm: %s", got)
	}
	if len(c.files(t)) != 4 {
		t.Fatalf("removed before the confirmation: %q", c.files(t))
	}
	c.fake.Send("interactive", c.fake.Click(ActionRemoveCancel, "zephyr", "r3"), 0)
	c.response(t, "r3")
	c.fake.Send("interactive", c.fake.ClickFrom("U0EVE", ActionRemoveConfirm, "zephyr", "r4"), 0)
	if got := c.response(t, "r4"); !strings.Contains(got, "only curators") {
		t.Errorf("a non-curator's click: %s", got)
	}
	if len(c.files(t)) != 4 {
		t.Fatalf("removed by a cancel or a non-curator: %q", c.files(t))
	}
	c.fake.Send("interactive", c.fake.Click(ActionRemoveConfirm, "zephyr", "r5"), 0)
	if got := c.response(t, "r5"); !strings.Contains(got, "Removed from the corpus") {
		t.Errorf("removed: %s", got)
	}
	if diff := cmp.Diff([]string{"zephyr-notes.md", "zephyr-notes.meta.json"}, c.files(t)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
	c.fake.Send("slash_commands", c.fake.Slash("remove imd-genai-china-2024", "r6"), 0)
	if got := c.response(t, "r6"); !strings.Contains(got, "built-in article") {
		t.Errorf("the built-in article: %s", got)
	}
	want := []string{"U1 add zephyr added", "U1 add zephyr-notes added", "U0EVE remove  refused", "U1 remove zephyr removed"}
	if diff := cmp.Diff(want, c.curations(t)); diff != "" {
		t.Errorf("recorded (-want +got):\n%s", diff)
	}
}

// Without a corpus folder, curation is off, and said so.
func TestCurationOff(t *testing.T) {
	h := start(t, nil, Options{}).connected(t)
	h.fake.Send("slash_commands", h.fake.Slash("add https://example.com/", "r1"), 0)
	h.fake.WaitFor("the reply", func() bool { return len(h.fake.Responses()) == 1 })
	var body struct{ Text string }
	json.Unmarshal([]byte(h.fake.Responses()[0].Raw), &body)
	if !strings.Contains(body.Text, "without a corpus folder") {
		t.Errorf("reply: %s", body.Text)
	}
}

// testPDF is a one-page PDF holding text.
func testPDF(t *testing.T, text string) []byte {
	t.Helper()
	b, err := testpdf.Make("", "", time.Time{}, text)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
