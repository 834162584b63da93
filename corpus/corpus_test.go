package corpus

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func builtin(t *testing.T) *Corpus {
	t.Helper()
	c, problems, err := Load(Options{})
	if err != nil || len(problems) > 0 {
		t.Fatalf("Load: %v %v", err, problems)
	}
	return c
}

func TestBuiltinMetadata(t *testing.T) {
	c := builtin(t)
	if len(c.Docs) != 1 {
		t.Fatalf("got %d built-in documents, want 1", len(c.Docs))
	}
	d := *c.Docs[0]
	got := Document{ID: d.ID, Title: d.Title, Author: d.Author, Publisher: d.Publisher, Published: d.Published, URL: d.URL}
	want := Document{ID: "imd-genai-china-2024", Title: "What’s happening with GenAI in China?", Author: "Mark J. Greeven",
		Publisher: "I by IMD (IMD Business School)", Published: "2024-08-27",
		URL: "https://www.imd.org/ibyimd/innovation/whats-happening-with-genai-in-china/"}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Document{})); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
}

func TestBuiltinPassages(t *testing.T) {
	c := builtin(t)
	all := ""
	for _, p := range c.Passages {
		all += p.Text + "\n"
		if len(p.Text) > MaxPassage+200 {
			t.Errorf("passage %s is %d bytes", p.ID, len(p.Text))
		}
	}
	for _, furniture := range []string{"Read more", "Sign up", "Facebook", "Log in", "Join Membership", "Brain Circuits"} {
		if strings.Contains(all, furniture) {
			t.Errorf("page furniture %q left in the corpus", furniture)
		}
	}
	// Pull quotes repeat body sentences; each sentence must appear once.
	for _, s := range []string{"filed patents for more than 38,000", "total private investment in the generative AI field", "long-term preference for business applications"} {
		if n := strings.Count(all, s); n != 1 {
			t.Errorf("%q appears %d times, want 1", s, n)
		}
	}
	var nanjing, bio *Passage
	for _, p := range c.Passages {
		if strings.Contains(p.Text, "Nanjing city set") {
			nanjing = p
		}
		if p.Section == "About the author" {
			bio = p
		}
	}
	if nanjing == nil || !strings.Contains(nanjing.Text, "(a) To introduce") || !strings.Contains(nanjing.Text, "(d) To achieve") {
		t.Errorf("the Nanjing lead-in and goals (a)–(d) are not one passage: %+v", nanjing)
	}
	if bio == nil || !strings.Contains(bio.Text, "Thinkers50") {
		t.Errorf("no About the author passage with the bio")
	}
	ids := map[string]bool{}
	for _, p := range c.Passages {
		if ids[p.ID] || c.Passage(p.ID) != p {
			t.Errorf("passage id %s not unique or not found", p.ID)
		}
		ids[p.ID] = true
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "One here. Two there! Three?", []string{"One here.", "Two there!", "Three?"}},
		{"US abbreviation mid-sentence", "deal sizes over U.S. $200m. The privately held firm.", []string{"deal sizes over U.S. $200m.", "The privately held firm."}},
		{"US abbreviation ends sentence", "a gap with the U.S. The question is open.", []string{"a gap with the U.S.", "The question is open."}},
		{"initial", "Mark J. Greeven wrote it. Then more.", []string{"Mark J. Greeven wrote it.", "Then more."}},
		{"decimals and dotted names", "It was $22.46bn for 01.AI in 2023. Next.", []string{"It was $22.46bn for 01.AI in 2023.", "Next."}},
		{"parenthesis", "from Nvidia. (Remember: the US restricted it.) Next one.", []string{"from Nvidia.", "(Remember: the US restricted it.)", "Next one."}},
		{"quote", "He said “it works.” Then left.", []string{"He said “it works.”", "Then left."}},
		{"list lines", "Goals:\n- (a) one,\n- (b) two.", []string{"Goals:", "- (a) one,", "- (b) two."}},
		{"abbreviation", "See e.g. the report. Dr. Li agrees.", []string{"See e.g. the report.", "Dr. Li agrees."}},
		{"empty", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SentenceTexts(tt.text)
			if len(got) == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseMarkdownProblems(t *testing.T) {
	tests := []struct {
		name, text string
		want       Problem
	}{
		{"unclosed", "---\ntitle: x\nbody\n", Problem{File: "f.md", Line: 1, Msg: `front matter opened with "---" is never closed (add a "---" line after it)`}},
		{"bad date", "---\ntitle: x\npublished: 27/08/2024\n---\ntext\n", Problem{File: "f.md", Line: 3, Msg: `front matter: published "27/08/2024" is not a date in the form YYYY-MM-DD`}},
		{"unknown key", "---\ntitle: x\npubished: 2024-01-01\n---\ntext\n", Problem{File: "f.md", Line: 3, Msg: `front matter: unknown key "pubished" (known keys: id, title, author, publisher, published, url, tags)`}},
		{"yaml syntax", "---\ntitle: x\nauthor: [unclosed\n---\ntext\n", Problem{File: "f.md", Line: 0}},
		{"not a mapping", "---\n- a\n- b\n---\ntext\n", Problem{File: "f.md", Line: 2, Msg: "front matter must be key: value pairs"}},
		{"nested value", "---\ntitle:\n  a: b\n---\ntext\n", Problem{File: "f.md", Line: 2, Msg: "front matter: title must be a single value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMarkdown("f.md", []byte(tt.text))
			p, ok := err.(Problem)
			if !ok {
				t.Fatalf("got %v, want a Problem", err)
			}
			if tt.want.Msg == "" { // YAML's own wording: check file and that a line is given
				if p.File != "f.md" || p.Line < 2 || !strings.HasPrefix(p.Msg, "front matter: ") {
					t.Errorf("got %+v", p)
				}
				return
			}
			if diff := cmp.Diff(tt.want, p); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseMarkdownBody(t *testing.T) {
	text := "---\ntitle: \"T: a study\"\nauthor: A\ntags: [x, y]\n---\n# Intro\n\nSome **bold** and [a link](http://x) text.\nSecond line.\n\n```\ncode is dropped\n```\n\nWhy?\n\nBecause.\n\n## Plan\n\nWe aim:\n\n* one\n* two\n  continued\n"
	d, err := ParseMarkdown("dir/My Note.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	type pv struct{ Section, Text string }
	var got []pv
	for _, p := range d.Passages {
		got = append(got, pv{p.Section, p.Text})
	}
	want := []pv{
		{"Intro", "Some bold and a link text. Second line."},
		{"Intro", "Why? Because."},
		{"Plan", "We aim:\n- one\n- two continued"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("passages (-want +got):\n%s", diff)
	}
	if d.ID != "my-note" || d.Title != "T: a study" || !cmp.Equal(d.Tags, []string{"x", "y"}) {
		t.Errorf("got id %q title %q tags %v", d.ID, d.Title, d.Tags)
	}
}

func TestLongParagraphSplitsAtSentences(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("This sentence is one of many in a long paragraph. ")
	}
	d, err := ParseMarkdown("long.md", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Passages) < 2 {
		t.Fatalf("got %d passages, want the paragraph split", len(d.Passages))
	}
	for _, p := range d.Passages {
		if len(p.Text) > MaxPassage || !strings.HasSuffix(p.Text, ".") {
			t.Errorf("passage of %d bytes not cut at a sentence: %q", len(p.Text), p.Text[len(p.Text)-20:])
		}
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.md", "---\ntitle: Good\npublished: 2025-01-02\n---\nRobots in Osaka grew fast.\n")
	write("bad.md", "---\ntitle: Bad\npublished: soon\n---\nLost text.\n")
	write("notes.txt", "Plain notes about chips.\n\nSecond paragraph.\n")
	write("notes.meta.json", `{"title": "Notes", "author": "Ann", "note": "ignored"}`)
	write("bare.txt", "No sidecar here.")
	write("broken.txt", "Text.")
	write("broken.meta.json", "{\n\"title\": \"x\",\n}")
	write("image.png", "\x89PNG")
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, d := range c.Docs {
		titles = append(titles, d.Title)
	}
	if diff := cmp.Diff([]string{"bare", "Good", "Notes"}, titles); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
	var files []string
	for _, p := range problems {
		files = append(files, filepath.Base(p.File))
		if p.Msg == "" {
			t.Errorf("problem without message: %+v", p)
		}
	}
	if diff := cmp.Diff([]string{"bad.md", "broken.meta.json"}, files); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if c.Docs[2].Author != "Ann" || len(c.Docs[2].Passages) != 2 {
		t.Errorf("sidecar metadata or paragraphs lost: %+v", c.Docs[2])
	}
	before := c.Hash()
	write("good.md", "---\ntitle: Good\npublished: 2025-01-02\n---\nRobots in Osaka grew faster.\n")
	c2, _, _ := Load(Options{Dir: dir, NoBuiltin: true})
	if c2.Hash() == before {
		t.Error("corpus hash did not change when a file changed")
	}
	if _, _, err := Load(Options{Dir: filepath.Join(dir, "missing")}); err == nil {
		t.Error("a missing corpus folder is not an error")
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\n# H\n\ntext: \n\n- a\n- b\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("Mr. A. B. U.S. $1.5bn. \n\n\x00\xff"))
	data, _ := builtinFS.ReadFile("builtin/imd-genai-china-2024.md")
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseMarkdown("fuzz.md", data)
		if err != nil {
			return
		}
		for _, p := range d.Passages {
			if strings.TrimSpace(p.Text) == "" {
				t.Fatalf("empty passage %q", p.ID)
			}
			for _, s := range Sentences(p.Text) {
				if s.Start < 0 || s.End > len(p.Text) || s.Start >= s.End {
					t.Fatalf("bad span %v in %q", s, p.Text)
				}
			}
		}
	})
}

func TestCites(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"according to the", "It was $1bn, according to the Stanford 2024 AI Index Report.", "Stanford 2024 AI Index Report"},
		{"recently released", "Over the decade, according to recently released United Nations data, China led.", "United Nations data"},
		{"own research", "According to our research, models are good.", ""},
		{"figures from", "Figures from the OECD, published in May, show growth.", "OECD"},
		{"report shows", "The McKinsey Global Survey shows adoption doubled.", "McKinsey Global Survey"},
		{"source label", "Adoption doubled (Source: IDC Worldwide Tracker).", "IDC Worldwide Tracker"},
		{"none", "China has standouts in GenAI business applications.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cites(tt.text); got != tt.want {
				t.Errorf("Cites(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// The same article saved twice (as Markdown and as a web page with other
// furniture) and a syndicated copy with a new headline are indexed once;
// the original, published first, is kept.
func TestNearDuplicatesIndexedOnce(t *testing.T) {
	dir := t.TempDir()
	body := strings.Repeat("Chinese chatbot makers cut prices again this spring, and analysts expect consolidation among the smaller players within two years. ", 2) +
		"\n\nBaidu, Alibaba and ByteDance now offer their lighter models for free to businesses, while startups look for revenue in vertical applications such as legal and medical assistants.\n"
	files := map[string]string{
		"a-original.md":   "---\ntitle: Price war\npublished: 2025-01-10\n---\n\n" + body,
		"b-syndicated.md": "---\ntitle: Chatbot price war deepens\npublished: 2025-01-12\n---\n\nA note from the editors.\n\n" + body,
		"c-other.md":      "---\ntitle: Something else\npublished: 2025-01-11\n---\n\nNanjing set targets for industry-specific models and benchmark scenarios, with a core industry scale of 60 billion yuan by 2026 and more than 20 models.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if diff := cmp.Diff([]string{"a-original", "c-other"}, ids); diff != "" {
		t.Errorf("documents kept (-want +got):\n%s", diff)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "b-syndicated.md") || !strings.Contains(problems[0].Msg, "near-duplicate of \"Price war\"") {
		t.Errorf("problems = %v", problems)
	}
}

// A reload after one file changed parses that file only, reuses the other
// documents (and their Seq), and says what changed.
func TestFolderReloadsOnlyWhatChanged(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte("---\ntitle: "+name+"\n---\n\n"+body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "Alpha text about chips and models in Shenzhen.")
	write("b.md", "Beta text about funding rounds in Beijing.")
	f := NewFolder(Options{Dir: dir})
	c1, _, ch1, err := f.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ch1.Added) != 3 || len(ch1.Removed) != 0 { // the article, a, b
		t.Fatalf("first load: %d added, %d removed", len(ch1.Added), len(ch1.Removed))
	}
	c2, _, ch2, _ := f.Load(context.Background())
	if !ch2.Empty() || len(c2.Docs) != 3 || c2.Docs[1] != c1.Docs[1] {
		t.Fatalf("an unchanged folder: change %+v, documents not reused", ch2)
	}
	time.Sleep(10 * time.Millisecond) // a new modification time
	write("b.md", "Beta text, revised: funding rounds in Beijing and Hangzhou.")
	write("c.md", "Gamma text about Nanjing targets.")
	os.Remove(filepath.Join(dir, "a.md"))
	c3, _, ch3, _ := f.Load(context.Background())
	var added, removed []string
	for _, d := range ch3.Added {
		added = append(added, d.ID)
	}
	for _, d := range ch3.Removed {
		removed = append(removed, d.ID)
	}
	sort.Strings(added)
	sort.Strings(removed)
	if diff := cmp.Diff([]string{"b", "c"}, added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "b"}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	if len(c3.Docs) != 3 || c3.Docs[0] != c1.Docs[0] {
		t.Errorf("the built-in article was not reused")
	}
	seen := map[int]bool{}
	for _, p := range c3.Passages {
		if seen[p.Seq] || p.Seq == 0 {
			t.Errorf("Seq %d repeated or unset", p.Seq)
		}
		seen[p.Seq] = true
	}
}
