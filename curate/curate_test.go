package curate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/fetch"
)

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// newCurator is a curator of dir that reads the folder (and the built-in
// article) again before each change, as `corpus add` does.
func newCurator(dir string, now func() time.Time) *Curator {
	opts := corpus.Options{Dir: dir}
	return New(dir, opts, FolderDocuments(opts), now)
}

// names lists the folder's entries, hidden ones too.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

const zephyr = `<html><head><title>Zephyr Labs raises $42 million</title>
<meta name="author" content="Ada Chen"><meta property="article:published_time" content="2026-11-01T08:00:00Z"></head>
<body><article><h1>Zephyr Labs raises $42 million</h1>
<p>Zephyr Labs, a Hangzhou robotics startup, raised $42 million in its Series B round, led by Qiming Venture Partners, the company said on Sunday.</p>
<p>The company plans to double its engineering team to 300 people by the end of 2027 and to open a second factory in Ningbo.</p>
<p>Its warehouse robots are used by 120 logistics firms across China, up from 45 a year earlier, according to the company.</p>
</article></body></html>`

// pages serves test pages on 127.0.0.1.
func pages(t *testing.T, byPath map[string]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func loopbackFetcher(t *testing.T) *fetch.Fetcher {
	allow, err := fetch.ParseAllow("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return fetch.New(fetch.Options{Allow: allow})
}

// A link is fetched, checked and added with its sidecar; the report says
// what the corpus will read; nothing is left staged.
func TestAddLink(t *testing.T) {
	dir := t.TempDir()
	srv := pages(t, map[string]string{"/news/zephyr-raises.html": zephyr})
	c := newCurator(dir, func() time.Time { return t0 })
	rep, err := c.AddLink(context.Background(), loopbackFetcher(t), srv.URL+"/news/zephyr-raises.html", "U0CURATOR")
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Doc
	got := []string{d.ID, d.Title, d.Author, d.Published, d.URL, d.Path}
	want := []string{"zephyr-raises", "Zephyr Labs raises $42 million", "Ada Chen", "2026-11-01", srv.URL + "/news/zephyr-raises.html", filepath.Join(dir, "zephyr-raises.html")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	if !rep.Added() || len(d.Passages) == 0 || rep.Facts == 0 {
		t.Errorf("report %+v: want added, with passages and facts", rep)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %q, want none", rep.Warnings)
	}
	if diff := cmp.Diff([]string{"zephyr-raises.html", "zephyr-raises.meta.json"}, names(t, dir)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
	var origin map[string]string
	raw, _ := os.ReadFile(filepath.Join(dir, "zephyr-raises.meta.json"))
	if err := json.Unmarshal(raw, &origin); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"url": srv.URL + "/news/zephyr-raises.html", "added_by": "U0CURATOR", "added_at": "2026-11-26T09:00:00Z"}, origin); diff != "" {
		t.Errorf("sidecar (-want +got):\n%s", diff)
	}
	short, err := c.Add(context.Background(), Input{Name: "note.txt", Body: strings.NewReader("Zephyr Labs raised $42 million in 2026.\n")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"no date (published)", "no author", "nearly empty (7 words)"}, short.Warnings); diff != "" {
		t.Errorf("warnings of a short note (-want +got):\n%s", diff)
	}
}

// Curators adding the same page at once — in one process, and from two
// processes (two curators of one folder, serialised by the folder's lock
// alone) — add it once; every other report says duplicate.
func TestConcurrentAddsOfTheSamePage(t *testing.T) {
	dir := t.TempDir()
	srv := pages(t, map[string]string{"/zephyr.html": zephyr})
	f := loopbackFetcher(t)
	curators := []*Curator{newCurator(dir, time.Now), newCurator(dir, time.Now)}
	const n = 6
	reps := make([]Report, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			reps[i], errs[i] = curators[i%2].AddLink(context.Background(), f, srv.URL+"/zephyr.html", fmt.Sprintf("U%d", i))
		})
	}
	close(start)
	wg.Wait()
	added, dups := 0, 0
	for i := range n {
		switch {
		case errs[i] != nil:
			t.Errorf("add %d: %v", i, errs[i])
		case reps[i].Added():
			added++
		case reps[i].DuplicateOf != nil && reps[i].SameLink:
			dups++
		}
	}
	if added != 1 || dups != n-1 {
		t.Errorf("%d added, %d duplicates; want 1 and %d", added, dups, n-1)
	}
	if diff := cmp.Diff([]string{"zephyr.html", "zephyr.meta.json"}, names(t, dir)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
}

// The same article from another link is a duplicate by its text; a page
// of the same name with other text is added under another name.
func TestDuplicatesAndNames(t *testing.T) {
	dir := t.TempDir()
	other := strings.ReplaceAll(strings.ReplaceAll(zephyr, "Zephyr Labs", "Aurora Robotics"), "$42 million", "$18 million")
	other = strings.ReplaceAll(other, "Hangzhou", "Suzhou")
	other = strings.Replace(other, "<p>Its warehouse", "<p>Aurora sells arms to carmakers in Wuhan and Changsha.</p><p>Its warehouse", 1)
	srv := pages(t, map[string]string{"/a/story.html": zephyr, "/b/story.html": zephyr, "/c/story.html": other})
	f := loopbackFetcher(t)
	c := newCurator(dir, time.Now)
	ctx := context.Background()
	first, err := c.AddLink(ctx, f, srv.URL+"/a/story.html", "U1")
	if err != nil || !first.Added() {
		t.Fatalf("first add: %+v, %v", first, err)
	}
	again, err := c.AddLink(ctx, f, srv.URL+"/b/story.html", "U2")
	if err != nil || again.Added() || again.SameLink || again.DuplicateOf.ID != "story" {
		t.Errorf("the same text from another link: %+v, %v; want a duplicate of story by its text", again, err)
	}
	renamed, err := c.AddLink(ctx, f, srv.URL+"/c/story.html", "U3")
	if err != nil || !renamed.Added() || renamed.Doc.ID != "story-2" || renamed.Doc.Path != filepath.Join(dir, "story-2.html") {
		t.Errorf("another story of the same name: %+v, %v; want story-2", renamed, err)
	}
}

// An add that fails — a file the corpus cannot read, a body cut off while
// it is read — leaves nothing behind; a staging folder left by a killed
// process is removed by a later add once it is stale.
func TestFailedAddsLeaveNothing(t *testing.T) {
	dir := t.TempDir()
	now := t0
	c := newCurator(dir, func() time.Time { return now })
	ctx := context.Background()
	_, err := c.Add(ctx, Input{Name: "broken.md", Body: strings.NewReader("---\ntitle: [unclosed\n---\nText.\n")})
	if err == nil || !strings.HasPrefix(err.Error(), "broken.md:2: front matter") {
		t.Errorf("broken front matter: %v", err)
	}
	cut := &fetch.Refusal{Reason: "over the 20 MB limit of a document"}
	_, err = c.Add(ctx, Input{Name: "big.pdf", Body: io.MultiReader(strings.NewReader("%PDF-1.4 …"), errReader{cut})})
	if !errors.Is(err, cut) {
		t.Errorf("a body cut off: %v, want the reader's refusal as it is", err)
	}
	_, err = c.Add(ctx, Input{Name: "photo.png", Body: strings.NewReader("x")})
	if err == nil || !strings.Contains(err.Error(), "not a corpus file") {
		t.Errorf("an image: %v", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("left behind: %q", got)
	}

	killed := filepath.Join(dir, ".add-123456")
	if err := os.MkdirAll(killed, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(killed, "half.pdf"), []byte("%PDF-1.4"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, ".add-789") // another add in progress
	if err := os.MkdirAll(fresh, 0o755); err != nil {
		t.Fatal(err)
	}
	old := t0.Add(-2 * time.Hour)
	if err := os.Chtimes(killed, old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(fresh, t0, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ctx, Input{Name: "note.txt", Body: strings.NewReader("Zephyr Labs raised $42 million in 2026.\n")}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{".add-789", "note.txt"}, names(t, dir)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestRemove(t *testing.T) {
	dir := t.TempDir()
	srv := pages(t, map[string]string{"/zephyr.html": zephyr})
	c := newCurator(dir, time.Now)
	ctx := context.Background()
	if _, err := c.AddLink(ctx, loopbackFetcher(t), srv.URL+"/zephyr.html", "U1"); err != nil {
		t.Fatal(err)
	}
	d, err := c.Remove(ctx, "zephyr")
	if err != nil || d.Title != "Zephyr Labs raises $42 million" {
		t.Fatalf("remove: %+v, %v", d, err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("file or sidecar left: %q", got)
	}
	if _, err := c.Remove(ctx, "zephyr"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
	if _, err := c.Remove(ctx, "imd-genai-china-2024"); err == nil || !strings.Contains(err.Error(), "not a file of the corpus folder") {
		t.Errorf("removing the built-in article: %v", err)
	}
}

func TestFileNames(t *testing.T) {
	tests := []struct{ in, ext, want string }{
		{"Q3 report (final).pdf", ".pdf", "Q3-report-final.pdf"},
		{"../../etc/passwd", ".txt", "etc-passwd.txt"},
		{".hidden.md", ".md", "hidden.md"},
		{"报告 2024.md", ".md", "报告-2024.md"},
		{"😀", ".html", "document.html"},
		{strings.Repeat("a", 200), ".txt", strings.Repeat("a", maxNameRunes) + ".txt"},
	}
	for _, tt := range tests {
		if got := FileName(tt.in, tt.ext); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	links := []struct{ in, want string }{
		{"https://example.com/news/zephyr-raises", "zephyr-raises.html"},
		{"https://example.com/news/zephyr-raises.html?x=1", "zephyr-raises.html"},
		{"https://www.example.com/", "www-example-com.html"},
	}
	for _, tt := range links {
		if got := LinkFileName(tt.in, ".html"); got != tt.want {
			t.Errorf("LinkFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// folder is the corpus folder's files and what they hold, and its hidden
// entries by name alone.
func folder(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range names(t, dir) {
		if strings.HasPrefix(name, ".") {
			out[name[:5]] = "" // .add-…, .left-…: their prefix
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	return out
}

// failing is a rename that fails the moves fail names: the first one
// only, if once.
func failing(once bool, fail func(from, to string) bool) func(from, to string) error {
	failed := false
	return func(from, to string) error {
		if fail(from, to) && !(once && failed) {
			failed = true
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("injected failure")}
		}
		return os.Rename(from, to)
	}
}

// An add whose move into the folder fails at any step — the file replaced
// moved aside, its sidecar, the new file, the new sidecar — leaves the
// folder as it was: no sidecar without its file, nothing half-replaced;
// the same add then succeeds. If a move cannot even be undone, the error
// says so (ErrLeftBehind) and what was not put back is kept, not deleted.
func TestFailedInstallLeavesTheFolderAsItWas(t *testing.T) {
	const oldText, newText = "Zephyr Labs raised $30 million in 2025, the first report said.\n", "Zephyr Labs raised $42 million in 2026, the second report said.\n"
	const oldMeta, newMeta = `{"title": "Old"}`, `{"title": "New"}`
	for _, tt := range []struct {
		name    string
		replace bool
		fail    func(dir, from, to string) bool
		left    bool // the change could not be undone
	}{
		{"the file", false, func(dir, from, to string) bool { return to == filepath.Join(dir, "note.txt") }, false},
		{"the sidecar", false, func(dir, from, to string) bool { return to == filepath.Join(dir, "note.meta.json") }, false},
		{"the file replacing another", true, func(dir, from, to string) bool { return to == filepath.Join(dir, "note.txt") }, false},
		{"the sidecar replacing another", true, func(dir, from, to string) bool { return to == filepath.Join(dir, "note.meta.json") }, false},
		{"the sidecar replaced", true, func(dir, from, to string) bool { return from == filepath.Join(dir, "note.meta.json") }, false},
		{"the sidecar, and the file back", false, func(dir, from, to string) bool {
			return to == filepath.Join(dir, "note.meta.json") || from == filepath.Join(dir, "note.txt")
		}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.replace {
				os.WriteFile(filepath.Join(dir, "note.txt"), []byte(oldText), 0o644)
				os.WriteFile(filepath.Join(dir, "note.meta.json"), []byte(oldMeta), 0o644)
			}
			before := folder(t, dir)
			c := newCurator(dir, time.Now)
			c.rename = failing(!tt.left, func(from, to string) bool { return tt.fail(dir, from, to) })
			in := func() Input {
				return Input{Name: "note.txt", Body: strings.NewReader(newText), Sidecar: []byte(newMeta), Replace: tt.replace}
			}
			_, err := c.Add(context.Background(), in())
			if err == nil || !strings.Contains(err.Error(), "injected failure") || errors.Is(err, ErrLeftBehind) != tt.left {
				t.Fatalf("add: %v", err)
			}
			if tt.left { // the new file is in, without its sidecar, and the error says so
				if diff := cmp.Diff(map[string]string{".left": "", "note.txt": newText}, folder(t, dir)); diff != "" {
					t.Errorf("folder (-want +got):\n%s", diff)
				}
				if !strings.Contains(err.Error(), "could not be put back from "+filepath.Join(dir, "note.txt")) {
					t.Errorf("the error does not name the file left: %v", err)
				}
				return
			}
			if diff := cmp.Diff(before, folder(t, dir)); diff != "" {
				t.Errorf("folder after the failed add (-before +after):\n%s", diff)
			}
			c.rename = os.Rename
			if _, err := c.Add(context.Background(), in()); err != nil {
				t.Fatalf("the same add, once moves work: %v", err)
			}
			if diff := cmp.Diff(map[string]string{"note.txt": newText, "note.meta.json": newMeta}, folder(t, dir)); diff != "" {
				t.Errorf("folder (-want +got):\n%s", diff)
			}
		})
	}
}

// A folder where the file or its sidecar would go is refused, even with
// Replace, and nothing is moved: the landed code moved the sidecar in,
// then failed to move the file, and left the sidecar.
func TestAddOverAFolder(t *testing.T) {
	for _, taken := range []string{"note.txt", "note.meta.json"} {
		t.Run(taken, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, taken), 0o755); err != nil {
				t.Fatal(err)
			}
			c := newCurator(dir, time.Now)
			_, err := c.Add(context.Background(), Input{Name: "note.txt", Body: strings.NewReader("Zephyr Labs raised $42 million in 2026.\n"), Sidecar: []byte(`{"title": "Note"}`), Replace: true})
			if err == nil {
				t.Fatal("added over a folder")
			}
			if diff := cmp.Diff([]string{taken}, names(t, dir)); diff != "" {
				t.Errorf("folder (-want +got):\n%s", diff)
			}
		})
	}
}

// A remove takes out the file and its sidecar, or neither: when the
// sidecar cannot go (a move fails, or it is a folder), the file stays and
// the error says the document was not removed; only if the file cannot
// even be put back is it removed, with an error wrapping ErrLeftBehind.
func TestRemoveAllOrNothing(t *testing.T) {
	const text, meta = "Zephyr Labs raised $42 million in 2026, the report said.\n", `{"title": "Note"}`
	for _, tt := range []struct {
		name    string
		sidecar string // "dir": a folder where the sidecar goes
		fail    func(dir, from, to string) bool
		removed bool
	}{
		{"the file cannot go", meta, func(dir, from, to string) bool { return from == filepath.Join(dir, "note.txt") }, false},
		{"the sidecar cannot go", meta, func(dir, from, to string) bool { return from == filepath.Join(dir, "note.meta.json") }, false},
		{"the sidecar is a folder", "dir", func(string, string, string) bool { return false }, false},
		{"the sidecar cannot go, nor the file come back", meta, func(dir, from, to string) bool {
			return from == filepath.Join(dir, "note.meta.json") || to == filepath.Join(dir, "note.txt")
		}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "note.txt"), []byte(text), 0o644)
			if tt.sidecar == "dir" {
				os.MkdirAll(filepath.Join(dir, "note.meta.json", "inside"), 0o755)
			} else {
				os.WriteFile(filepath.Join(dir, "note.meta.json"), []byte(tt.sidecar), 0o644)
			}
			doc := &corpus.Document{ID: "note", Title: "Note", Path: filepath.Join(dir, "note.txt")}
			c := New(dir, corpus.Options{Dir: dir}, func(context.Context) ([]*corpus.Document, error) { return []*corpus.Document{doc}, nil }, time.Now)
			c.rename = failing(!tt.removed, func(from, to string) bool { return tt.fail(dir, from, to) })
			d, err := c.Remove(context.Background(), "note")
			if err == nil {
				t.Fatal("removed")
			}
			if errors.Is(err, ErrLeftBehind) != tt.removed || (d != nil) != tt.removed {
				t.Errorf("removed %v (%v), want %v", d != nil, err, tt.removed)
			}
			_, stays := os.Stat(filepath.Join(dir, "note.txt"))
			if (stays == nil) == tt.removed {
				t.Errorf("the file stays %v, want %v (%v)", stays == nil, !tt.removed, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "note.meta.json")); err != nil {
				t.Errorf("the sidecar is gone: %v", err)
			}
		})
	}
}
