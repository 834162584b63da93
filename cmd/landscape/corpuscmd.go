package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

// runCorpus is `landscape corpus add [--force] PATH…` and `landscape corpus
// check`.
func runCorpus(ctx context.Context, e *env, args []string) error {
	force := e.fs.Bool("force", false, "")
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
		return corpusAdd(ctx, e, pos[1:], *force)
	case "check":
		if len(pos) > 1 {
			return usagef("corpus check takes no files: it checks the corpus folder (--corpus or LANDSCAPE_CORPUS_DIR)")
		}
		return corpusCheck(ctx, e)
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
// facts and warnings for each. force replaces a file of the same name and
// its sidecar.
func corpusAdd(ctx context.Context, e *env, paths []string, force bool) error {
	dir, err := corpusDir(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	opts := e.corpusOptions()
	existing, _, err := corpus.LoadContext(ctx, opts)
	if err != nil {
		return err
	}
	failed := 0
	docs := existing.Docs
	for _, path := range paths {
		d, err := addOne(ctx, e.stdout, dir, docs, path, opts, force)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
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

func addOne(ctx context.Context, w io.Writer, dir string, existing []*corpus.Document, path string, opts corpus.Options, force bool) (*corpus.Document, error) {
	if !corpus.Supported(path) {
		return nil, errors.New("not a corpus file (.md, .markdown, .txt, .html, .htm, .pdf)")
	}
	d, err := corpus.LoadFile(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	dest := filepath.Join(dir, filepath.Base(path))
	destSidecar := corpus.SidecarPath(dest)
	var others []*corpus.Document // the corpus without the file replaced
	for _, old := range existing {
		if force && old.Path == dest {
			continue
		}
		if old.ID == d.ID {
			return nil, fmt.Errorf("a document with id %q is already in the corpus (%s)", d.ID, old.Path)
		}
		others = append(others, old)
	}
	warnings := d.Warnings()
	if orig, ok := corpus.DuplicateOf(append(others, d))[d]; ok {
		warnings = append(warnings, fmt.Sprintf("duplicate of %q (%s): it will be indexed once", orig.Title, orig.Path))
	}
	if !force {
		if fileExists(dest) {
			return nil, fmt.Errorf("%s exists: remove it first, rename the new file, or add it with --force to replace it", dest)
		}
		if fileExists(destSidecar) {
			return nil, fmt.Errorf("%s exists and would become this file's metadata: remove it, or add with --force to replace it", destSidecar)
		}
	}
	files, obsolete := []copyPair{{path, dest}}, ""
	if sc := corpus.SidecarPath(path); fileExists(sc) {
		files = append(files, copyPair{sc, destSidecar})
	} else if fileExists(destSidecar) {
		obsolete = destSidecar // --force: the old metadata must not describe the new file
	}
	if err := install(files, obsolete); err != nil {
		return nil, err
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
func corpusCheck(ctx context.Context, e *env) error {
	dir, err := corpusDir(e)
	if err != nil {
		return err
	}
	c, problems, err := corpus.LoadContext(ctx, e.corpusOptions())
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
	_, err := os.Lstat(p)
	return err == nil
}

// copyPair is a file to copy and where.
type copyPair struct{ src, dst string }

// install copies the files as one: each is written to a hidden temporary
// file beside its destination (which the corpus reader and a watching bot
// ignore) and synced; only when all are complete is obsolete (if any)
// removed and are they renamed into place, the sidecar before its file, so
// a bot that sees the file finds its metadata. On any error (a full disk)
// the temporary files are removed and nothing is left behind.
func install(files []copyPair, obsolete string) error {
	tmps := make([]string, 0, len(files))
	defer func() {
		for _, t := range tmps {
			os.Remove(t) // no-op once renamed
		}
	}()
	for _, f := range files {
		tmp, err := copyToTemp(f.src, f.dst)
		if err != nil {
			return err
		}
		tmps = append(tmps, tmp)
	}
	if obsolete != "" {
		if err := os.Remove(obsolete); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	for i := len(files) - 1; i >= 0; i-- {
		if err := os.Rename(tmps[i], files[i].dst); err != nil {
			return err
		}
	}
	return nil
}

// copyToTemp copies a regular file src to a hidden temporary file beside
// dst, synced to disk, and returns its name.
func copyToTemp(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	if fi, err := in.Stat(); err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s: not a regular file", src)
	}
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", fmt.Errorf("copy %s to %s: %w", src, filepath.Dir(dst), err)
	}
	return out.Name(), nil
}
