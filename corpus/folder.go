package corpus

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// Folder reads a corpus folder again and again, cheaply: a file whose size
// and modification time (and its sidecar's) have not changed is not parsed
// again, and its Document — passages, Seq and all — is reused, so a reload
// after one file changed costs about one file. Near-duplicates are found
// with cached signatures. Safe for one caller at a time.
type Folder struct {
	opts      Options
	builtin   []*Document        // parsed once: reloads reuse them
	last      map[*Document]bool // the documents of the corpus Load returned last
	lastOrder []*Document
	files     map[string]folderFile
	dedupe    *Deduper
	mu        sync.Mutex
}

type folderFile struct {
	stamp   string // size and modification time of the file and its sidecar
	doc     *Document
	problem *Problem
}

// Change is how a Load's corpus differs from the previous one's: a changed
// file is its old Document removed and its new one added; a document that
// stops or starts being a near-duplicate is removed or added too.
type Change struct {
	Added, Removed []*Document
}

// Empty reports whether nothing changed.
func (c Change) Empty() bool { return len(c.Added) == 0 && len(c.Removed) == 0 }

// NewFolder returns a folder reader for opts (opts.Dir may be "": then only
// the built-in corpus).
func NewFolder(opts Options) *Folder {
	return &Folder{opts: opts, files: map[string]folderFile{}, dedupe: NewDeduper()}
}

// Load returns the corpus as the folder holds it now, the files skipped,
// and what changed since the previous Load (everything, the first time).
func (f *Folder) Load() (*Corpus, []Problem, Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var docs []*Document
	var problems []Problem
	var change Change
	if !f.opts.NoBuiltin {
		if f.builtin == nil {
			b, err := builtinDocs()
			if err != nil {
				return nil, nil, change, err
			}
			f.builtin = b
		}
		docs = append(docs, f.builtin...)
	}
	if f.opts.Dir != "" {
		paths, err := listFiles(f.opts.Dir)
		if err != nil {
			return nil, nil, change, err
		}
		next := make(map[string]folderFile, len(paths))
		for _, path := range paths {
			st := stamp(path)
			old, seen := f.files[path]
			ff := old
			if !seen || old.stamp != st {
				ff = parseFile(path, st)
			}
			next[path] = ff
			if ff.problem != nil {
				problems = append(problems, *ff.problem)
			} else {
				docs = append(docs, ff.doc)
			}
		}
		f.files = next
		// The same article saved twice, or syndicated, is indexed once.
		if dup := f.dedupe.Find(docs); len(dup) > 0 {
			kept := docs[:0:0]
			for _, d := range docs {
				if orig, ok := dup[d]; ok {
					problems = append(problems, Problem{File: d.Path, Msg: fmt.Sprintf("near-duplicate of %q (%s); indexed once", orig.Title, orig.Path)})
					continue
				}
				kept = append(kept, d)
			}
			docs = kept
		}
	}
	c, p := assemble(docs)
	now := make(map[*Document]bool, len(c.Docs))
	for _, d := range c.Docs {
		now[d] = true
		if !f.last[d] {
			change.Added = append(change.Added, d)
		}
	}
	for _, d := range f.lastOrder {
		if !now[d] {
			change.Removed = append(change.Removed, d)
		}
	}
	f.last, f.lastOrder = now, c.Docs
	return c, append(problems, p...), change, nil
}

// stamp identifies a file's version without reading it.
func stamp(path string) string {
	s := ""
	for _, p := range []string{path, sidecarPath(path)} {
		if fi, err := os.Stat(p); err == nil {
			s += fmt.Sprintf("%d:%d;", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return s
}

func parseFile(path, st string) folderFile {
	doc, err := loadFile(path)
	if err != nil {
		var p Problem
		if !errors.As(err, &p) {
			p = Problem{File: path, Msg: err.Error()}
		}
		return folderFile{stamp: st, problem: &p}
	}
	if len(doc.Passages) == 0 {
		return folderFile{stamp: st, problem: &Problem{File: path, Msg: "no text to index; skipped"}}
	}
	return folderFile{stamp: st, doc: doc}
}
