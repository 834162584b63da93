package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/landscape-bot/landscape/corpus"
)

func docCorpus(t *testing.T, text string) *corpus.Corpus {
	t.Helper()
	d, err := corpus.ParseMarkdown("a.md", []byte("---\ntitle: Robots\n---\n"+text))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := corpus.FromDocuments([]*corpus.Document{d})
	return c
}

func search(t *testing.T, ix *Index, term string) []Hit {
	t.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(FieldText)
	hits, err := ix.Search(context.Background(), q, 10)
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

func TestMemoryIndexUsesBM25AndEnglish(t *testing.T) {
	ix, err := NewMemory(docCorpus(t, "Osaka robots grew.\n\nInvestments in chips rose."))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.bi.Mapping().(interface{ AnalyzerNameForPath(string) string }).AnalyzerNameForPath(FieldText); got != "en" {
		t.Errorf("text analyzer %q, want en", got)
	}
	if hits := search(t, ix, "invest"); len(hits) != 1 || hits[0].ID != "a#2" {
		t.Errorf("stemmed search for invest: %v", hits)
	}
	df, err := ix.DocFreqs([]string{"robot", "chip", "absent"})
	if err != nil {
		t.Fatal(err)
	}
	if df["robot"] != 1 || df["chip"] != 1 || df["absent"] != 0 {
		t.Errorf("doc freqs %v", df)
	}
	if ix.Len() != 2 {
		t.Errorf("Len %d, want 2", ix.Len())
	}
}

func TestOpenOrBuildReusesAndRebuilds(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	c1 := docCorpus(t, "Osaka robots grew.")
	ix, out, err := OpenOrBuild(ctx, dir, c1)
	if err != nil || out.Reused {
		t.Fatalf("first build: %+v err=%v", out, err)
	}
	first := ix.Path()
	ix.Close()

	ix, out, err = OpenOrBuild(ctx, dir, c1)
	if err != nil || !out.Reused || out.Repaired != "" || ix.Path() != first {
		t.Fatalf("unchanged corpus: %+v path=%s err=%v", out, ix.Path(), err)
	}
	ix.Close()

	c2 := docCorpus(t, "Munich drones grew.")
	ix, out, err = OpenOrBuild(ctx, dir, c2)
	if err != nil || out.Reused {
		t.Fatalf("changed corpus: %+v err=%v", out, err)
	}
	defer ix.Close()
	if len(search(t, ix, "drone")) != 1 || len(search(t, ix, "robot")) != 0 {
		t.Error("rebuilt index does not hold the new corpus")
	}
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("stale index %s not removed", first)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".build-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary build folders left: %v", leftovers)
	}
}

// buildOnDisk builds the index of a one-passage corpus in a new folder.
func buildOnDisk(t *testing.T) (dir string, c *corpus.Corpus, ix *Index) {
	t.Helper()
	dir = t.TempDir()
	c = docCorpus(t, "Osaka robots grew.")
	ix, _, err := OpenOrBuild(context.Background(), dir, c)
	if err != nil {
		t.Fatal(err)
	}
	return dir, c, ix
}

// Several commands read the same index at once; a process writing it
// (an older landscape) makes an open fail fast with a clear error.
func TestConcurrentReadersAndALockedIndex(t *testing.T) {
	dir, c, ix := buildOnDisk(t)
	second, out, err := OpenOrBuild(context.Background(), dir, c)
	if err != nil || !out.Reused {
		t.Fatalf("a second reader: %+v, %v", out, err)
	}
	path := ix.Path()
	second.Close()
	ix.Close()

	w, err := bleve.Open(path) // read-write: takes the lock
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	start := time.Now()
	_, _, err = OpenOrBuild(context.Background(), dir, c)
	if !errors.Is(err, errLocked) {
		t.Fatalf("open while locked: got %v, want a lock error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("waited %v on the lock", d)
	}
}

// A damaged index — its metadata gone or garbled, a segment's bytes
// flipped, its checksums gone (a half-built one) — is moved aside with a
// one-line notice, rebuilt, and answers.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	segment := func(t *testing.T, path string) string {
		segs, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
		if len(segs) == 0 {
			t.Fatal("no segment file")
		}
		return segs[0]
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, path string) error
		want   string
	}{
		{"metadata deleted", func(t *testing.T, path string) error { return os.Remove(filepath.Join(path, "index_meta.json")) }, "index_meta.json is missing"},
		{"metadata garbled", func(t *testing.T, path string) error {
			return os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{garbage"), 0o644)
		}, "index_meta.json is damaged"},
		{"segment damaged", func(t *testing.T, path string) error {
			seg := segment(t, path)
			data, err := os.ReadFile(seg)
			if err != nil {
				return err
			}
			for i := len(data) / 3; i < len(data)/3+16 && i < len(data); i++ {
				data[i] ^= 0xff
			}
			return os.WriteFile(seg, data, 0o644)
		}, "is damaged (checksum mismatch)"},
		{"half-built", func(t *testing.T, path string) error { return os.Remove(filepath.Join(path, checksumFile)) }, "no checksums"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, c, ix := buildOnDisk(t)
			path := ix.Path()
			ix.Close()
			if err := tt.damage(t, path); err != nil {
				t.Fatal(err)
			}
			ix, out, err := OpenOrBuild(context.Background(), dir, c)
			if err != nil || out.Reused {
				t.Fatalf("damaged index: %+v err=%v", out, err)
			}
			defer ix.Close()
			if !strings.Contains(out.Repaired, tt.want) || !strings.Contains(out.Repaired, "moved aside") || strings.Contains(out.Repaired, "\n") {
				t.Errorf("notice %q, want one line with %q", out.Repaired, tt.want)
			}
			if len(search(t, ix, "robot")) != 1 {
				t.Error("rebuilt index does not answer")
			}
			if _, err := os.Stat(filepath.Join(dir, damagedName)); err != nil {
				t.Errorf("damaged index not kept aside: %v", err)
			}
			again, out, err := OpenOrBuild(context.Background(), dir, c)
			if err != nil || !out.Reused || out.Repaired != "" {
				t.Fatalf("after the repair: %+v, %v", out, err)
			}
			again.Close()
		})
	}
}

// A build folder left by a killed build is removed once stale; one in use
// is left alone.
func TestStaleBuildFoldersRemoved(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".build-killed", "index")
	live := filepath.Join(dir, ".build-running", "index")
	for _, p := range []string{old, live} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "seg"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-time.Hour)
	for _, p := range []string{old, filepath.Join(old, "seg"), filepath.Dir(old)} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, err := OpenOrBuild(context.Background(), dir, docCorpus(t, "Osaka robots grew."))
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Dir(old)); !os.IsNotExist(err) {
		t.Errorf("stale build folder kept: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a build in progress was removed: %v", err)
	}
}

// A build stops when its context ends.
func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := OpenOrBuild(ctx, t.TempDir(), docCorpus(t, "Osaka robots grew.")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v", err)
	}
	if _, err := NewMemoryContext(ctx, docCorpus(t, "Osaka robots grew.")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled in-memory build: %v", err)
	}
}
