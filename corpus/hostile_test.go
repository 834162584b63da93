package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/internal/hostile"
)

const pdfText = "Zephyr Labs raised 42 million dollars in its Series B round in October 2026 according to the fixture filing that the analysts of the fixture institute read twice"

// Hostile files — looping page trees, a named pipe, links to a device and
// out of the folder — are each reported within 2 s, and the rest loads; a
// PDF that lies about its page count is read for what it holds.
func TestHostileFolder(t *testing.T) {
	dir := t.TempDir()
	want := hostile.Write(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "count.pdf"), hostile.CountPDF(pdfText), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	got := map[string]string{}
	for _, p := range problems {
		got[filepath.Base(p.File)] = p.Msg
	}
	for name, w := range want {
		if !strings.Contains(got[name], w) {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	if len(c.Docs) != 1 || c.Docs[0].ID != "count" || len(c.Passages) != 1 || !strings.Contains(c.Passages[0].Text, "42 million") || c.Passages[0].Section != "p. 1" {
		t.Errorf("the /Count PDF's one page: %+v", c.Passages)
	}
}

// Links out of the folder (a sidecar too), dangling links and files over
// the size limit are skipped, each with its reason; links inside it load.
func TestOnlyRegularFilesInsideTheFolder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
	write("good.md", "---\ntitle: Good\n---\nRobots in Osaka grew fast.\n")
	write(".store/kept.md", "---\ntitle: Kept\n---\nChips in Hefei were made.\n")
	link(filepath.Join(dir, ".store", "kept.md"), "inside.md")
	link("../../outside.md", "up.md")
	write("big.txt", strings.Repeat("Too much text here. ", 60000)) // 1.2 MB
	write("dangling.meta.json", `{"title": "no file"}`)
	link("/etc/passwd", "sneaky.meta.json")
	write("sneaky.txt", "A text whose sidecar is a link out of the folder.")
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true, MaxFileMB: 1})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, d := range c.Docs {
		titles = append(titles, d.Title)
	}
	if diff := cmp.Diff([]string{"Good", "Kept"}, titles); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
	got := map[string]string{}
	for _, p := range problems {
		got[filepath.Base(p.File)] = p.Msg
	}
	want := map[string]string{
		"up.md":            "cannot be read", // dangling
		"big.txt":          "over the limit of 1 MB (LANDSCAPE_MAX_FILE_MB)",
		"sneaky.meta.json": "outside the corpus folder",
	}
	for name, w := range want {
		if !strings.Contains(got[name], w) {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems: %v", got)
	}
}

// A file that takes longer than the budget to parse is reported, and the
// rest loads; a load whose context ends stops with its error.
func TestFileBudgetAndCancellation(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "slow.md"), []byte(strings.Repeat("A sentence about robots in Osaka. ", 200000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "quick.md"), []byte("Chips."), 0o644); err != nil {
		t.Fatal(err)
	}
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true, FileTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Msg, "took over 100ms") || len(c.Docs) != 1 || c.Docs[0].ID != "quick" {
		t.Errorf("problems %v, %d documents; want slow.md skipped and quick.md loaded", problems, len(c.Docs))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LoadContext(ctx, Options{Dir: dir}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load: %v", err)
	}
}

// Names in other scripts keep their characters, so they do not collide;
// a name with no letter or digit gets a short hash.
func TestNonASCIIIDs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"报告2024.md", "调查2024.md", "Überblick.md", "💡.md", "🚀.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("Some text about chips in "+name+".\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true})
	if err != nil || len(problems) > 0 {
		t.Fatalf("%v %v", err, problems)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if len(ids) != 5 || ids[0] != "überblick" || ids[1] != "报告2024" || ids[2] != "调查2024" || !strings.HasPrefix(ids[3], "doc-") || ids[3] == ids[4] {
		t.Errorf("ids %q", ids)
	}
}

// Control characters from a document (ESC sequences that clear a terminal
// or set its title) never reach its metadata, headings or passages.
func TestControlCharactersStripped(t *testing.T) {
	md := "---\ntitle: \"Clear\\e[2J title\"\nauthor: \"Eve\\e]0;pwned\\a\"\nurl: \"https://example.org/\\e[31m\"\n---\n# Head\x1b[1mline\n\nBody\x1b[2J text \u202eabc.\n"
	d, err := ParseMarkdown("x.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	page := `<html><head><title>Page&#27;[2J title</title><meta name="author" content="Mal&#x9b;lory"></head><body><article><p>` + strings.Repeat("Words about chips and robots in Osaka. ", 20) + `</p></article></body></html>`
	h, err := ParseHTML("p.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := parseSidecar("n.meta.json", []byte(`{"title": "Side\u001b[2Jcar", "publisher": "P\u0007ub"}`))
	if err != nil {
		t.Fatal(err)
	}
	n := newDocument("n.txt", sc)
	for _, doc := range []*Document{d, h, n} {
		fields := []string{doc.ID, doc.Title, doc.Author, doc.Publisher, doc.URL}
		for _, p := range doc.Passages {
			fields = append(fields, p.Section, p.Text)
		}
		for _, f := range fields {
			if strings.ContainsAny(f, "\x1b\x07\x9b\u009b\u202e") {
				t.Errorf("%s: control character kept in %q", doc.Path, f)
			}
		}
	}
	if d.Title != "Clear[2J title" || d.Passages[0].Section != "Head[1mline" {
		t.Errorf("text around the controls lost: %q, %q", d.Title, d.Passages[0].Section)
	}
}
