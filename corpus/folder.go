package corpus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
)

// Folder reads a corpus folder again and again, cheaply: a file whose size
// and modification time (and its sidecar's) have not changed is not parsed
// again, and its Document — passages, Seq and all — is reused, so a reload
// after one file changed costs about one file. A file the caller names as
// changed is read again even with the same size and time (a copy that kept
// the time, cp -p or tar), and counts as changed only if its content hash
// differs. Near-duplicates are found with cached signatures. A file that
// cannot be read within the limits is reported, and not read again until
// it changes. Safe for concurrent use (one Load at a time).
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
// changed names files known to have changed (from a watcher): they are
// read again whatever their size and time. When ctx
// ends, Load stops with its error.
func (f *Folder) Load(ctx context.Context, changed ...string) (*Corpus, []Problem, Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var docs []*Document
	var problems []Problem
	if !f.opts.NoBuiltin {
		if f.builtin == nil {
			b, err := builtinDocs()
			if err != nil {
				return nil, nil, Change{}, err
			}
			f.builtin = b
		}
		docs = append(docs, f.builtin...)
	}
	if f.opts.Dir != "" {
		files, skipped, err := f.readDir(ctx, changed)
		if err != nil {
			return nil, nil, Change{}, err
		}
		docs, problems = append(docs, files...), skipped
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
	return c, append(problems, p...), f.changeTo(c), nil
}

// readDir reads the folder's files: those whose size or time changed, or
// that are in changed, are parsed again; the others keep their document.
// It returns the documents and the files skipped, in name order.
func (f *Folder) readDir(ctx context.Context, changed []string) ([]*Document, []Problem, error) {
	paths, err := listFiles(f.opts.Dir)
	if err != nil {
		return nil, nil, err
	}
	r, err := newFileReader(f.opts.Dir, f.opts)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close() // the worker that parses PDFs and large files
	touchedNow := make(map[string]bool, len(changed))
	for _, c := range changed {
		touchedNow[c] = true
	}
	var docs []*Document
	var problems []Problem
	next := make(map[string]folderFile, len(paths))
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		st := stamp(path)
		old, seen := f.files[path]
		ff := old
		if !seen || old.stamp != st || touched(path, touchedNow) {
			if ff, err = f.parseFile(ctx, r, path, st); err != nil {
				return nil, nil, err
			}
			if seen && old.doc != nil && ff.doc != nil && old.doc.hash == ff.doc.hash {
				ff.doc = old.doc // the same content: keep the document it was
			}
		}
		next[path] = ff
		if ff.problem != nil {
			problems = append(problems, *ff.problem)
		} else {
			docs = append(docs, ff.doc)
		}
	}
	f.files = next
	return docs, problems, nil
}

// changeTo is what changed from the corpus of the previous Load to c, which
// becomes the previous one.
func (f *Folder) changeTo(c *Corpus) Change {
	var change Change
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
	return change
}

// stamp identifies a file's version without reading it.
func stamp(path string) string {
	s := ""
	for _, p := range []string{path, SidecarPath(path)} {
		if fi, err := os.Stat(p); err == nil {
			s += fmt.Sprintf("%d:%d;", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return s
}

// touched reports whether path, or its sidecar, is in changed.
func touched(path string, changed map[string]bool) bool {
	return changed[path] || changed[SidecarPath(path)]
}

// parseFile reads one file of the folder; its problems are kept with it.
// The error is ctx's, when it ends.
func (f *Folder) parseFile(ctx context.Context, r *fileReader, path, st string) (folderFile, error) {
	doc, err := r.load(ctx, path, f.opts.fileTimeout())
	if err != nil {
		var p Problem
		if !errors.As(err, &p) {
			if ctx.Err() != nil {
				return folderFile{}, ctx.Err()
			}
			p = Problem{File: path, Msg: err.Error()}
		}
		return folderFile{stamp: st, problem: &p}, nil
	}
	if len(doc.Passages) == 0 {
		return folderFile{stamp: st, problem: &Problem{File: path, Msg: "no text to index; skipped"}}, nil
	}
	return folderFile{stamp: st, doc: doc}, nil
}
