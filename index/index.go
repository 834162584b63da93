// Package index full-text indexes corpus passages with bleve (scorch, BM25,
// English analysis) and answers term queries over them.
//
// The index stores no text: passages live in memory in the corpus, and the
// index returns passage IDs. A user corpus is persisted on disk, keyed by the
// corpus content hash, so an unchanged corpus opens instead of rebuilding;
// a damaged one is found by its checksums, moved aside and rebuilt.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/landscape-bot/landscape/corpus"
)

// Field names in the index.
const (
	FieldText    = "text"    // the passage text
	FieldContext = "context" // section heading, document title and tags
	FieldDoc     = "doc"     // document ID, as a keyword
	// FieldTextPairs and FieldContextPairs hold the same text as word pairs
	// ("gener ai"): a two-word phrase becomes one term lookup, far cheaper
	// than a phrase search over two common words' postings.
	FieldTextPairs    = "text2"
	FieldContextPairs = "context2"
)

// pairsAnalyzer is English analysis followed by two-word shingles.
const pairsAnalyzer = "en_pairs"

// schemaVersion is part of the on-disk cache key: bump it when the mapping
// or the indexed fields change so that old indexes are rebuilt.
const schemaVersion = "3"

// batchSize caps memory while indexing large corpora.
const batchSize = 2000

// Index is a searchable bleve index over a corpus's passages.
type Index struct {
	bi       bleve.Index
	analyzer analysis.Analyzer
	docs     atomic.Int64 // passages indexed; updated in place by Update
	path     string       // "" for an in-memory index
}

// Mapping returns the lean static mapping: only the fields above, English
// analysis, BM25 scoring, nothing stored.
func Mapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeInAll = false
	text.DocValues = false
	// No positions: nothing searches phrases (word pairs are terms of
	// their own, below), and they cost a third of the index.
	text.IncludeTermVectors = false

	kw := bleve.NewKeywordFieldMapping()
	kw.Store = false
	kw.IncludeInAll = false
	kw.DocValues = false
	kw.IncludeTermVectors = false

	pairs := bleve.NewTextFieldMapping()
	pairs.Analyzer = pairsAnalyzer
	pairs.Store = false
	pairs.IncludeInAll = false
	pairs.DocValues = false
	pairs.IncludeTermVectors = false // term lookups only

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldText, text)
	doc.AddFieldMappingsAt(FieldContext, text)
	doc.AddFieldMappingsAt(FieldTextPairs, pairs)
	doc.AddFieldMappingsAt(FieldContextPairs, pairs)
	doc.AddFieldMappingsAt(FieldDoc, kw)

	m := bleve.NewIndexMapping()
	// Cannot fail: the names are bleve's own registered components.
	_ = m.AddCustomTokenFilter("pair_shingle", map[string]interface{}{
		"type": shingle.Name, "min": 2.0, "max": 2.0, "output_original": false, "separator": " ", "filler": "_"})
	_ = m.AddCustomAnalyzer(pairsAnalyzer, map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []interface{}{en.PossessiveName, lowercase.Name, en.StopName, porter.Name, "pair_shingle"}})
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// NewMemory builds an in-memory scorch index of c. (bleve.NewMemOnly would
// silently ignore BM25: it builds the older upsidedown index.)
func NewMemory(c *corpus.Corpus) (*Index, error) {
	return NewMemoryContext(context.Background(), c)
}

// NewMemoryContext is NewMemory, stopping with ctx's error between batches
// when ctx ends.
func NewMemoryContext(ctx context.Context, c *corpus.Corpus) (*Index, error) {
	bi, err := bleve.NewUsing("", Mapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create in-memory index: %w", err)
	}
	ix, err := wrap(bi, "")
	if err != nil {
		return nil, err
	}
	if err := ix.add(ctx, c.Passages); err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

// Outcome says how OpenOrBuild came by its index.
type Outcome struct {
	Reused bool // an index built earlier for the same corpus was opened
	// Repaired is one line for the user when the index found was damaged
	// and was moved aside and rebuilt; "" otherwise.
	Repaired string
}

// Names inside the index folder.
const (
	checksumFile = "landscape-checksums.json" // written last by a build
	buildPrefix  = ".build-"                  // a build in progress
	damagedName  = "damaged"                  // the last damaged index, for a look
)

// staleBuild is how long a build folder may go unchanged before it is
// taken for the leftover of a killed build and removed: a build writes
// every second or so, and the largest corpora build in under a minute.
const staleBuild = 10 * time.Minute

// OpenOrBuild returns the on-disk index of c under dir, reusing the one built
// for the same corpus content, or building a new one atomically (into a
// temporary folder renamed into place) and removing outdated ones. An index
// whose files do not match their checksums (half-built, damaged, deleted
// in part) is moved aside to dir/damaged and rebuilt, and Outcome.Repaired
// says so. Leftovers of killed builds are removed. When ctx ends, a build
// stops with its error.
func OpenOrBuild(ctx context.Context, dir string, c *corpus.Corpus) (*Index, Outcome, error) {
	var out Outcome
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, out, fmt.Errorf("index folder: %w", err)
	}
	removeStaleBuilds(dir)
	key := c.Hash()
	if len(key) > 16 {
		key = key[:16]
	}
	final := filepath.Join(dir, "index-v"+schemaVersion+"-"+key)
	if _, err := os.Stat(final); err == nil {
		ix, err := open(final)
		if err == nil {
			out.Reused = true
			return ix, out, nil
		}
		if errors.Is(err, errLocked) {
			return nil, out, err
		}
		aside := filepath.Join(dir, damagedName)
		os.RemoveAll(aside)
		if rerr := os.Rename(final, aside); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return nil, out, fmt.Errorf("index %s is damaged (%v) and cannot be moved aside: %w; remove it by hand", final, err, rerr)
		}
		out.Repaired = fmt.Sprintf("the index in %s was damaged (%v); moved aside to %s and rebuilt", dir, err, aside)
	}
	tmp, err := os.MkdirTemp(dir, buildPrefix)
	if err != nil {
		return nil, out, fmt.Errorf("index folder: %w", err)
	}
	defer os.RemoveAll(tmp) // no-op after the rename
	path := filepath.Join(tmp, "index")
	bi, err := bleve.NewUsing(path, Mapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, out, fmt.Errorf("create index in %s: %w", tmp, err)
	}
	built, err := wrap(bi, path)
	if err == nil {
		err = built.add(ctx, c.Passages)
	}
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		err = writeChecksums(path)
	}
	if err != nil {
		return nil, out, fmt.Errorf("build index: %w", err)
	}
	if err := os.Rename(path, final); err != nil {
		if _, statErr := os.Stat(final); statErr != nil {
			return nil, out, fmt.Errorf("install index: %w", err)
		}
		// Another process installed the same corpus first: use theirs.
	}
	ix, err := open(final)
	if err != nil {
		return nil, out, err
	}
	removeStale(dir, filepath.Base(final))
	return ix, out, nil
}

// removeStale deletes indexes of older corpus versions. Failures are
// harmless (another process may hold one open) and are ignored.
func removeStale(dir, keep string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "index-v") && e.Name() != keep {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// removeStaleBuilds deletes the build folders of killed builds: those in
// which nothing changed for staleBuild.
func removeStaleBuilds(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), buildPrefix) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		var latest time.Time
		_ = filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
			if err == nil {
				if fi, err := d.Info(); err == nil && fi.ModTime().After(latest) {
					latest = fi.ModTime()
				}
			}
			return nil
		})
		if time.Since(latest) > staleBuild {
			os.RemoveAll(path)
		}
	}
}

var errLocked = errors.New("index is locked by another process")

// open verifies and opens an on-disk index, read-only (several commands
// may read it at once; it never changes after its build), without waiting
// forever on a lock held by a writer.
func open(path string) (*Index, error) {
	start := time.Now()
	bi, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "2s"})
	if err != nil && (time.Since(start) >= 2*time.Second || strings.Contains(err.Error(), "timeout")) {
		return nil, fmt.Errorf("open index %s: %w (is another landscape running with the same LANDSCAPE_DATA_DIR? stop it or use another folder)", path, errLocked)
	}
	// Checked once the lock is held: nobody writes it meanwhile.
	if verr := verifyChecksums(path); verr != nil {
		if err == nil {
			bi.Close()
		}
		return nil, verr
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return wrap(bi, path)
}

// checksums are the size and CRC-32C of each file of a built index, by
// path relative to it: a segment damaged on disk would otherwise fail only
// the searches that touch it.
type checksums map[string]fileSum

type fileSum struct {
	Size int64  `json:"size"`
	CRC  uint32 `json:"crc32c"`
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sumFiles computes the checksums of the files under path.
func sumFiles(path string) (checksums, error) {
	sums := checksums{}
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == checksumFile {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := crc32.New(castagnoli)
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(path, p)
		sums[filepath.ToSlash(rel)] = fileSum{n, h.Sum32()}
		return nil
	})
	return sums, err
}

// writeChecksums records the checksums of a finished build.
func writeChecksums(path string) error {
	sums, err := sumFiles(path)
	if err != nil {
		return fmt.Errorf("checksums: %w", err)
	}
	data, err := json.Marshal(sums)
	if err != nil {
		return fmt.Errorf("checksums: %w", err)
	}
	return os.WriteFile(filepath.Join(path, checksumFile), data, 0o644)
}

// verifyChecksums reports a file of the index at path that is missing or
// changed since its build.
func verifyChecksums(path string) error {
	data, err := os.ReadFile(filepath.Join(path, checksumFile))
	if err != nil {
		return fmt.Errorf("no checksums: a half-built index? (%w)", err)
	}
	var want checksums
	if err := json.Unmarshal(data, &want); err != nil {
		return fmt.Errorf("checksums unreadable: %w", err)
	}
	got, err := sumFiles(path)
	if err != nil {
		return fmt.Errorf("cannot read the index: %w", err)
	}
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			return fmt.Errorf("%s is missing", name)
		case g != w:
			return fmt.Errorf("%s is damaged (checksum mismatch)", name)
		}
	}
	return nil
}

func wrap(bi bleve.Index, path string) (*Index, error) {
	an := bi.Mapping().AnalyzerNamed(en.AnalyzerName)
	if an == nil {
		bi.Close()
		return nil, errors.New("english analyzer not registered")
	}
	n, err := bi.DocCount()
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("count documents: %w", err)
	}
	ix := &Index{bi: bi, analyzer: an, path: path}
	ix.docs.Store(int64(n))
	return ix, nil
}

type passageDoc struct {
	Text         string `json:"text"`
	Context      string `json:"context"`
	TextPairs    string `json:"text2"`
	ContextPairs string `json:"context2"`
	Doc          string `json:"doc"`
}

func (ix *Index) add(ctx context.Context, ps []*corpus.Passage) error {
	b := ix.bi.NewBatch()
	for _, p := range ps {
		if b.Size() == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := b.Index(p.ID, toDoc(p)); err != nil {
			return fmt.Errorf("index passage %s: %w", p.ID, err)
		}
		if b.Size() >= batchSize {
			if err := ix.bi.Batch(b); err != nil {
				return fmt.Errorf("index batch: %w", err)
			}
			b.Reset()
		}
	}
	if b.Size() > 0 {
		if err := ix.bi.Batch(b); err != nil {
			return fmt.Errorf("index batch: %w", err)
		}
	}
	ix.docs.Add(int64(len(ps)))
	return nil
}

// Close releases the index (and its file lock, when on disk).
func (ix *Index) Close() error { return ix.bi.Close() }

// Len is the number of passages indexed.
func (ix *Index) Len() int { return int(ix.docs.Load()) }

// Update changes the index in place: the passages of removed go, those of
// added come (a changed document is in both). Searches running meanwhile
// see the index before or after the batch, never half of it.
func (ix *Index) Update(removed, added []*corpus.Document) error {
	b := ix.bi.NewBatch()
	for _, d := range removed {
		for _, p := range d.Passages {
			b.Delete(p.ID)
		}
	}
	for _, d := range added {
		for _, p := range d.Passages {
			if err := b.Index(p.ID, toDoc(p)); err != nil {
				return fmt.Errorf("index passage %s: %w", p.ID, err)
			}
		}
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index update: %w", err)
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return fmt.Errorf("count documents: %w", err)
	}
	ix.docs.Store(int64(n))
	return nil
}

func toDoc(p *corpus.Passage) passageDoc {
	ctx := p.Section + "\n" + p.Doc.Title
	if len(p.Doc.Tags) > 0 {
		ctx += "\n" + strings.Join(p.Doc.Tags, ", ")
	}
	return passageDoc{Text: p.Text, Context: ctx, TextPairs: p.Text, ContextPairs: ctx, Doc: p.Doc.ID}
}

// Path is the on-disk location, or "" for an in-memory index.
func (ix *Index) Path() string { return ix.path }

// Token is one analysed term and its byte range in the analysed text.
type Token struct {
	Term       string
	Start, End int
	Pos        int // 1-based position, as bleve counts
}

// Analyze runs the index's English analyzer over text, so callers match
// text against questions exactly as the index does (same stemming, stop
// words).
func (ix *Index) Analyze(text string) []Token {
	ts := ix.analyzer.Analyze([]byte(text))
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Pos: t.Position}
	}
	return out
}

// Hit is one passage found by Search.
type Hit struct {
	ID    string
	Score float64
}

// Search runs q and returns the k best passages by BM25.
func (ix *Index) Search(ctx context.Context, q query.Query, k int) ([]Hit, error) {
	req := bleve.NewSearchRequestOptions(q, k, 0, false)
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = Hit{ID: h.ID, Score: h.Score}
	}
	return hits, nil
}

// DocFreqs returns, for each analysed term, how many passages contain it in
// the text field. The answer engine weighs question terms with it.
func (ix *Index) DocFreqs(terms []string) (map[string]int, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("index reader: %w", err)
	}
	defer r.Close()
	out := make(map[string]int, len(terms))
	for _, t := range terms {
		if _, ok := out[t]; ok {
			continue
		}
		n, err := termCount(r, t)
		if err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

func termCount(r bindex.IndexReader, term string) (int, error) {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), FieldText, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("term reader: %w", err)
	}
	defer tfr.Close()
	return int(tfr.Count()), nil
}
