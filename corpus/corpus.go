// Package corpus owns the documents the bot answers from: it loads them —
// the built-in article embedded in the binary (and its topic), plus a
// user's folder of Markdown (YAML front matter), plain text, saved web
// pages and PDF reports, read again by change — drops near-duplicates and
// splits them into passages.
//
// Loading never stops at one bad file: each problem is reported with its file
// and line, and the rest of the folder still loads.
package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Document is one article or report with its bibliographic metadata.
type Document struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Author    string   `json:"author"`
	Publisher string   `json:"publisher"`
	Published string   `json:"published"` // YYYY-MM-DD, or "" when unknown
	URL       string   `json:"url"`
	Tags      []string `json:"tags,omitempty"`
	// Path is where the document came from: "builtin:NAME" for the embedded
	// corpus, otherwise the file path.
	Path     string     `json:"path"`
	Passages []*Passage `json:"-"`
	// hash is the SHA-256 of the file's bytes; the index cache key uses it.
	hash string
}

// Passage is a paragraph-sized piece of a document: the unit the index
// searches and the answer quotes from.
type Passage struct {
	ID      string    // "DOCID#N", unique across the corpus
	Doc     *Document // the document it belongs to
	Section string    // the heading it sits under, "" before the first one
	Text    string    // cleaned text; list items are lines starting with ListItemPrefix
	// Seq orders passages in their corpus (1, 2, …): the last tie-break,
	// so that equal scores always come out in the same order. It is set once,
	// when the passage first joins a corpus, and never changed after: a
	// corpus rebuilt around it (a live reload) can share it with the one
	// still answering.
	Seq int
}

// Source is where a passage comes from, as replies show it.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Section   string `json:"section"`
}

// Source returns the passage's document metadata and section.
func (p *Passage) Source() Source {
	d := p.Doc
	return Source{ID: d.ID, Title: d.Title, Author: d.Author, Publisher: d.Publisher,
		Published: d.Published, URL: d.URL, Section: p.Section}
}

// Corpus is a loaded set of documents and their passages.
type Corpus struct {
	Docs     []*Document
	Passages []*Passage
	byID     map[string]*Passage
}

// Passage returns the passage with the given ID, or nil.
func (c *Corpus) Passage(id string) *Passage { return c.byID[id] }

// Hash identifies the corpus content: it changes whenever any document's
// bytes, or the set of documents, changes.
func (c *Corpus) Hash() string {
	h := sha256.New()
	for _, d := range c.Docs {
		fmt.Fprintf(h, "%s\x00%s\x00", d.ID, d.hash)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Problem is a file that could not be loaded (or loaded with a defect).
type Problem struct {
	File string
	Line int // 1-based; 0 when the problem is not tied to a line
	Msg  string
	// Err is the cause, when it is one to test for (ErrBudget); Msg
	// already says it.
	Err error
}

// Unwrap returns the cause, for errors.Is.
func (p Problem) Unwrap() error { return p.Err }

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Options says where documents come from, and the limits of reading one.
type Options struct {
	Dir       string // user corpus folder; "" for none
	NoBuiltin bool   // leave the embedded article out
	// MaxFileMB is the size limit of one file (0: DefaultMaxFileMB).
	MaxFileMB int
	// FileTimeout is how long one file may take to parse (0:
	// DefaultFileTimeout).
	FileTimeout time.Duration
	// Worker, when set, parses PDFs and large files in a child process
	// with a memory limit; nil parses them here, within the same work
	// budget (which stops what it can see, not all).
	Worker *Worker
}

// Load reads the built-in corpus (unless opts.NoBuiltin) and every supported
// file under opts.Dir. Files that cannot be parsed are skipped and returned as
// problems; the error is non-nil only when the folder itself cannot be read.
func Load(opts Options) (*Corpus, []Problem, error) {
	return LoadContext(context.Background(), opts)
}

// LoadContext is Load, stopping with ctx's error as soon as ctx ends.
func LoadContext(ctx context.Context, opts Options) (*Corpus, []Problem, error) {
	c, problems, _, err := NewFolder(opts).Load(ctx)
	return c, problems, err
}

// FromDocuments builds a corpus from already parsed documents (tests and
// generators use it).
func FromDocuments(docs []*Document) (*Corpus, []Problem) { return assemble(docs) }

// assemble drops duplicate document IDs (the first wins) and indexes passages.
func assemble(docs []*Document) (*Corpus, []Problem) {
	c := &Corpus{byID: make(map[string]*Passage)}
	seen := make(map[string]string)
	var problems []Problem
	next := 0
	for _, d := range docs {
		for _, p := range d.Passages {
			next = max(next, p.Seq)
		}
	}
	for _, d := range docs {
		if prev, ok := seen[d.ID]; ok {
			problems = append(problems, Problem{File: d.Path, Msg: fmt.Sprintf("duplicate document id %q (already used by %s); skipped", d.ID, prev)})
			continue
		}
		seen[d.ID] = d.Path
		c.Docs = append(c.Docs, d)
		for _, p := range d.Passages {
			if p.Seq == 0 {
				next++
				p.Seq = next
			}
			c.Passages = append(c.Passages, p)
			c.byID[p.ID] = p
		}
	}
	return c, problems
}

// listFiles returns the supported files under dir in lexical order,
// leaving out hidden files and folders.
func listFiles(dir string) ([]string, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus folder %s: not a directory", dir)
	}
	var paths []string
	err = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if path != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(name, ".") && Supported(name) {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus folder: %w", err)
	}
	sort.Strings(paths)
	return paths, nil
}

// LoadFile parses one corpus file by its extension (Markdown, plain text or
// PDF with an optional NAME.meta.json sidecar, a saved web page), within
// opts's size and time limits. The file may be anywhere (opts.Dir is not
// used); it must be a regular file.
func LoadFile(ctx context.Context, path string, opts Options) (*Document, error) {
	r, err := newFileReader("", opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.load(ctx, path, opts.fileTimeout())
}

// Supported reports whether LoadFile reads files named like path.
func Supported(path string) bool {
	switch kindOfFile(path) {
	case ".md", ".markdown", ".txt", ".html", ".htm", ".pdf":
		return true
	}
	return false
}

// Warnings are what a curator should fix in a document that loads: missing
// date or author, too little text to answer from.
func (d *Document) Warnings() []string {
	var w []string
	if d.Published == "" {
		w = append(w, "no date (published)")
	}
	if d.Author == "" {
		w = append(w, "no author")
	}
	words := 0
	for _, p := range d.Passages {
		words += len(strings.Fields(p.Text))
	}
	if words < nearlyEmptyWords {
		w = append(w, fmt.Sprintf("nearly empty (%d words)", words))
	}
	return w
}

// nearlyEmptyWords: below it a document can hardly answer anything.
const nearlyEmptyWords = 60

// slug turns a file name into a document ID: its letters and digits, in
// any script ("报告2024.md" → "报告2024"), lower-cased, with a dash for
// each run of anything else.
func slug(name string) string {
	name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func hashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
