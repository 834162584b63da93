package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

// runCorpus is `landscape corpus add PATH…` and `landscape corpus check`.
func runCorpus(ctx context.Context, e *env, args []string) error {
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("corpus: say add PATH… or check")
	}
	switch pos[0] {
	case "add":
		if len(pos) < 2 {
			return usagef("corpus add: give the files to add")
		}
		return corpusAdd(e, pos[1:])
	case "check":
		if len(pos) > 1 {
			return usagef("corpus check takes no files: it checks the corpus folder (--corpus or LANDSCAPE_CORPUS_DIR)")
		}
		return corpusCheck(e)
	}
	return usagef("corpus: unknown %q (add or check)", pos[0])
}

func corpusDir(e *env) (string, error) {
	if *e.corpusDir == "" {
		return "", errors.New("no corpus folder: set LANDSCAPE_CORPUS_DIR or pass --corpus DIR")
	}
	return *e.corpusDir, nil
}

// corpusAdd validates each file and copies the good ones (with their
// sidecars) into the corpus folder, reporting title, date, passages,
// facts and warnings for each.
func corpusAdd(e *env, paths []string) error {
	dir, err := corpusDir(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	existing, _, err := corpus.Load(corpus.Options{Dir: dir, NoBuiltin: *e.noBuiltin})
	if err != nil {
		return err
	}
	failed := 0
	docs := existing.Docs
	for _, path := range paths {
		d, err := addOne(e.stdout, dir, docs, path)
		if err != nil {
			var p corpus.Problem
			if errors.As(err, &p) {
				fmt.Fprintf(e.stdout, "FAIL %v\n", p) // it names the file and line
			} else {
				fmt.Fprintf(e.stdout, "FAIL %s: %v\n", path, err)
			}
			failed++
			continue
		}
		docs = append(docs, d) // later files are checked against it too
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not added", failed, len(paths))
	}
	return nil
}

func addOne(w io.Writer, dir string, existing []*corpus.Document, path string) (*corpus.Document, error) {
	if !corpus.Supported(path) {
		return nil, errors.New("not a corpus file (.md, .markdown, .txt, .html, .htm, .pdf)")
	}
	d, err := corpus.LoadFile(path)
	if err != nil {
		return nil, err
	}
	warnings := d.Warnings()
	for _, old := range existing {
		if old.ID == d.ID {
			return nil, fmt.Errorf("a document with id %q is already in the corpus (%s)", d.ID, old.Path)
		}
	}
	if orig, ok := corpus.DuplicateOf(append(append([]*corpus.Document{}, existing...), d))[d]; ok {
		warnings = append(warnings, fmt.Sprintf("duplicate of %q (%s): it will be indexed once", orig.Title, orig.Path))
	}
	dest := filepath.Join(dir, filepath.Base(path))
	if _, err := os.Stat(dest); err == nil {
		return nil, fmt.Errorf("%s exists: remove it first, or rename the new file", dest)
	}
	files := []string{path}
	if sc := strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.json"; fileExists(sc) {
		files = append(files, sc)
	}
	for _, f := range files {
		if err := copyFile(f, filepath.Join(dir, filepath.Base(f))); err != nil {
			return nil, err
		}
	}
	one, _ := corpus.FromDocuments([]*corpus.Document{d})
	fmt.Fprintf(w, "ok   %s → %s\n     “%s”, %s, %d passages, %d facts\n", path, dest, d.Title, orDash(d.Published), len(d.Passages), len(facts.Extract(one).Facts))
	for _, warn := range warnings {
		fmt.Fprintf(w, "     warning: %s\n", warn)
	}
	return d, nil
}

// corpusCheck lints the corpus folder like add does; files that cannot be
// loaded are errors (exit 1), the rest warnings.
func corpusCheck(e *env) error {
	dir, err := corpusDir(e)
	if err != nil {
		return err
	}
	c, problems, err := corpus.Load(corpus.Options{Dir: dir, NoBuiltin: *e.noBuiltin})
	if err != nil {
		return err
	}
	errorsN, warningsN := 0, 0
	for _, p := range problems {
		if strings.Contains(p.Msg, "near-duplicate") {
			fmt.Fprintf(e.stdout, "warning %v\n", p)
			warningsN++
			continue
		}
		fmt.Fprintf(e.stdout, "error   %v\n", p)
		errorsN++
	}
	for _, d := range c.Docs {
		if strings.HasPrefix(d.Path, "builtin:") {
			continue
		}
		for _, w := range d.Warnings() {
			fmt.Fprintf(e.stdout, "warning %s: %s\n", d.Path, w)
			warningsN++
		}
	}
	fmt.Fprintf(e.stdout, "%d documents, %d passages; %d errors, %d warnings\n", len(c.Docs), len(c.Passages), errorsN, warningsN)
	if errorsN > 0 {
		return fmt.Errorf("%d files in %s cannot be loaded", errorsN, dir)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst) // a watching bot never sees half a file
}
