package corpus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/landscape-bot/landscape/internal/hostile"
)

const pdfText = "Zephyr Labs raised 42 million dollars in its Series B round in October 2026 according to the fixture filing that the analysts of the fixture institute read twice"

// Hostile files — a looping page tree, PDFs that repeat one page or one
// content stream hundreds of thousands of times, a named pipe, links to a
// device and out of the folder — are each reported, the PDFs that repeat
// as over the work budget, whether read here or by a worker; the rest
// loads: a PDF that lies about its page count is read for what it holds,
// one whose page's parents loop too.
func TestHostileFolder(t *testing.T) {
	dir := t.TempDir()
	want := hostile.Write(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "count.pdf"), hostile.CountPDF(pdfText), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		worker *Worker
	}{
		{"here", nil},
		{"worker", testWorker(t, 0)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, problems, err := Load(Options{Dir: dir, NoBuiltin: true, Worker: tt.worker})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, p := range problems {
				name := filepath.Base(p.File)
				got[name] = p.Msg
				if overBudget := errors.Is(p, ErrBudget); overBudget != (want[name] == hostile.Budget) {
					t.Errorf("%s: over the work budget %v: %v", name, overBudget, p)
				}
			}
			for name, w := range want {
				if !strings.Contains(got[name], w) {
					t.Errorf("%s: %q, want %q", name, got[name], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("problems %v, want %v", got, want)
			}
			if len(c.Docs) != 2 || c.Docs[0].ID != "count" || c.Docs[1].ID != "parents" {
				t.Fatalf("documents %v, want count and parents", c.Docs)
			}
			if p := c.Docs[0].Passages; len(p) != 1 || !strings.Contains(p[0].Text, "42 million") || p[0].Section != "p. 1" {
				t.Errorf("the /Count PDF's one page: %+v", p)
			}
			if p := c.Docs[1].Passages; len(p) != 1 || p[0].Text != hostile.ParentsText {
				t.Errorf("the page whose parents loop: %+v", p)
			}
		})
	}
}

// Each part of the work budget stops the PDFs that go over it, with its
// error and what went over; the pages and the text of a real report come
// nowhere near.
func TestPDFWorkBudget(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"one stream listed 500,000 times", hostile.ContentRepeatPDF(hostile.Text, hostile.ContentRepeats), "a page lists 500000 content streams, over 1024"},
		{"one page listed 300,000 times", hostile.PageRepeatPDF(hostile.Text, hostile.PageRepeats), "its page tree lists pages already listed over 1000 times"},
		{"one stream looked up 1,000 times a page", hostile.LookupRepeatPDF(hostile.Text, 100, 1000), "the PDF reader parsed over 65 MiB of a 22 KB file"},
		{"a decompression bomb", hostile.InflatePDF(pdfText, 20<<20), "a page's content decompresses to over 16 MiB"},
		{"100,001 pieces of text", hostile.PiecesPDF("x", pdfPagePieces+1), "a page shows over 100000 pieces of text"},
		{"a font of 2,000 glyphs", hostile.DifferencesPDF(pdfText, 2000), "a font's encoding lists over 1024 glyphs"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePDF("hostile.pdf", tt.data, nil)
			if !errors.Is(err, ErrBudget) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%d bytes: %v, want the budget's error (%s)", len(tt.data), err, tt.want)
			}
		})
	}
	pages := make([][]string, 300)
	for i := range pages {
		pages[i] = []string{fmt.Sprintf("Page %d: %s.", i+1, pdfText)}
	}
	d, err := ParsePDF("report.pdf", makePDF(t, "A long report", "Fixture Institute", pages), nil)
	if err != nil || len(d.Passages) != 300 || d.Passages[299].Section != "p. 300" {
		t.Errorf("a 300-page report: %v", err)
	}
}

// What the work budget cannot see — a content stream of millions of
// operands the reader stacks up — the worker's memory limit stops: the
// worker ends, and the file is reported as over the budget.
func TestWorkerMemoryLimit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "operands.pdf"), hostile.OperandsPDF(3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(context.Background(), filepath.Join(dir, "operands.pdf"), Options{Worker: testWorker(t, 64)})
	if !errors.Is(err, ErrBudget) || !strings.Contains(err.Error(), "it needed over 64 MiB of memory") {
		t.Errorf("%v, want the worker's memory limit", err)
	}
}

// A worker parses what this process would — the same document, passages,
// sections and hash — PDFs and large files alike.
func TestWorkerParsesAsHere(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"report.pdf": makePDF(t, "Fixture AI Report 2025", "Fixture Institute", [][]string{{"Executive summary: " + pdfText + "."}, {"Provinces set targets: Zhejiang aims for 200 AI companies by 2027."}}),
		"long.md":    []byte("---\ntitle: Long\n---\n# Robots\n\n" + pdfText + strings.Repeat("\n", isolateOver)),
		"short.txt":  []byte("Zhejiang aims for 200 AI companies by 2027, and Guangdong for 300, the provinces said."),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "report.meta.json"), []byte(`{"publisher": "Sidecar Pub"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	here, p1, err := Load(Options{Dir: dir, NoBuiltin: true})
	if err != nil || len(p1) > 0 {
		t.Fatal(err, p1)
	}
	there, p2, err := Load(Options{Dir: dir, NoBuiltin: true, Worker: testWorker(t, 0)})
	if err != nil || len(p2) > 0 {
		t.Fatal(err, p2)
	}
	if diff := cmp.Diff(here.Docs, there.Docs, cmp.AllowUnexported(Document{}), cmpopts.IgnoreFields(Passage{}, "Doc")); diff != "" {
		t.Errorf("(-here +worker):\n%s", diff)
	}
	if here.Hash() != there.Hash() || there.Docs[1].Publisher != "Sidecar Pub" {
		t.Errorf("hash %s, %s; publisher %q", here.Hash(), there.Hash(), there.Docs[1].Publisher)
	}
}

// One worker reads all the files of a load, those over the work budget
// too; one that dies at its memory limit is replaced for the next file.
func TestOneWorkerPerLoad(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(t.TempDir(), "workers")
	t.Setenv(workerLogEnv, log)
	for name, data := range map[string][]byte{
		"a.pdf": makePDF(t, "Osaka", "", [][]string{{"Osaka robot makers raised 120 million dollars in 2024 from venture investors, the fixture institute said in its report on the region's factories."}}),
		"b.pdf": hostile.PageRepeatPDF(hostile.Text, hostile.PageRepeats),
		"c.pdf": makePDF(t, "Hefei", "", [][]string{{"Hefei chip makers raised 65 million dollars in 2025 from state funds, according to the provincial filing that analysts read twice over the summer."}}),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	workers := func() int {
		b, _ := os.ReadFile(log)
		return strings.Count(string(b), "\n")
	}
	load := func(mb int) (docs int, problems []Problem) {
		c, problems, err := Load(Options{Dir: dir, NoBuiltin: true, Worker: testWorker(t, mb)})
		if err != nil {
			t.Fatal(err)
		}
		return len(c.Docs), problems
	}
	if docs, problems := load(0); docs != 2 || len(problems) != 1 || !strings.Contains(problems[0].Msg, "page tree lists pages already listed") || workers() != 1 {
		t.Errorf("%d documents, problems %v, %d workers; want 2, b.pdf over the budget, 1", docs, problems, workers())
	}
	if err := os.WriteFile(filepath.Join(dir, "b.pdf"), hostile.OperandsPDF(3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	if docs, problems := load(64); docs != 2 || len(problems) != 1 || !strings.Contains(problems[0].Msg, "memory") || workers() != 3 {
		t.Errorf("%d documents, problems %v, %d workers in all; want 2, b.pdf over the memory limit, 1 + 2", docs, problems, workers())
	}
}

// A worker is killed when the file's time is up, and when the load's
// context ends: the load reports it, or stops with ctx's error.
func TestWorkerKilled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "slow.md")
	if err := os.WriteFile(path, []byte(strings.Repeat("A sentence about robots in Osaka. ", 200000)), 0o644); err != nil {
		t.Fatal(err)
	}
	w := testWorker(t, 0)
	_, err := LoadFile(context.Background(), path, Options{Worker: w, FileTimeout: 10 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "took over 10ms to read") {
		t.Errorf("%v, want the time limit", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	if _, err := LoadFile(ctx, path, Options{Worker: w}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
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
// rest loads; its parse is not left running. A load whose context ends
// stops with its error.
func TestFileBudgetAndCancellation(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "slow.md"), []byte(strings.Repeat("A sentence about robots in Osaka. ", 50000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "quick.md"), []byte("Chips."), 0o644); err != nil {
		t.Fatal(err)
	}
	goroutines := runtime.NumGoroutine()
	c, problems, err := Load(Options{Dir: dir, NoBuiltin: true, FileTimeout: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if n := runtime.NumGoroutine(); n != goroutines {
		t.Errorf("%d goroutines after the load, %d before: the parse was left running", n, goroutines)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Msg, "took over 10ms") || len(c.Docs) != 1 || c.Docs[0].ID != "quick" {
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
