package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	c1 := docCorpus(t, "Osaka robots grew.")
	ix, reused, err := OpenOrBuild(dir, c1)
	if err != nil || reused {
		t.Fatalf("first build: reused=%v err=%v", reused, err)
	}
	first := ix.Path()
	ix.Close()

	ix, reused, err = OpenOrBuild(dir, c1)
	if err != nil || !reused || ix.Path() != first {
		t.Fatalf("unchanged corpus: reused=%v path=%s err=%v", reused, ix.Path(), err)
	}
	ix.Close()

	c2 := docCorpus(t, "Munich drones grew.")
	ix, reused, err = OpenOrBuild(dir, c2)
	if err != nil || reused {
		t.Fatalf("changed corpus: reused=%v err=%v", reused, err)
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
	ix, _, err := OpenOrBuild(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	return dir, c, ix
}

func TestOpenLockedIndexFailsFast(t *testing.T) {
	dir, c, ix := buildOnDisk(t)
	defer ix.Close()
	start := time.Now()
	_, _, err := OpenOrBuild(dir, c)
	if !errors.Is(err, errLocked) {
		t.Fatalf("second open: got %v, want a lock error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("waited %v on the lock", d)
	}
}

func TestDamagedIndexIsRebuilt(t *testing.T) {
	dir, c, ix := buildOnDisk(t)
	path := ix.Path()
	ix.Close()
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, reused, err := OpenOrBuild(dir, c)
	if err != nil || reused {
		t.Fatalf("damaged index: reused=%v err=%v", reused, err)
	}
	defer ix.Close()
	if len(search(t, ix, "robot")) != 1 {
		t.Error("rebuilt index is empty")
	}
}
