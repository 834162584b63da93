package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/fetch"
)

// runCorpus is `landscape corpus add [--force] PATH|URL…` and `landscape
// corpus check`.
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
			return usagef("corpus add: give the files or links to add")
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

// corpusAdd adds each file, or each document a link leads to, through
// the same checks as the bot's curators (curate.Curator), reporting title,
// date, author, passages, facts and warnings for each; a duplicate of a
// document already there is not added. force replaces a file of the same
// name and its sidecar.
func corpusAdd(ctx context.Context, e *env, args []string, force bool) error {
	dir, err := corpusDir(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	opts := e.corpusOptions()
	cur := curate.New(dir, opts, curate.FolderDocuments(opts), time.Now)
	var fetcher *fetch.Fetcher
	notAdded := 0
	for _, arg := range args {
		var rep curate.Report
		var err error
		if isLink(arg) {
			if fetcher == nil {
				if fetcher, err = e.fetcher(); err != nil {
					return err
				}
			}
			rep, err = cur.AddLink(ctx, fetcher, arg, e.getenv("USER"))
		} else {
			rep, err = addFile(ctx, cur, arg, force)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		printReport(e.stdout, arg, rep, err)
		if !rep.Added() {
			notAdded++
		}
	}
	if notAdded > 0 {
		return fmt.Errorf("%d of %d not added", notAdded, len(args))
	}
	return nil
}

// isLink tells a link to fetch from a file to copy.
func isLink(arg string) bool {
	u, err := url.Parse(arg)
	return err == nil && u.Scheme != "" && strings.Contains(arg, "://")
}

// fetcher is the link fetcher, with the allow-list LANDSCAPE_FETCH_ALLOW.
func (e *env) fetcher() (*fetch.Fetcher, error) {
	allow, err := fetch.ParseAllow(e.getenv("LANDSCAPE_FETCH_ALLOW"))
	if err != nil {
		return nil, err
	}
	return fetch.New(fetch.Options{Allow: allow}), nil
}

// addFile adds the file at path, with its sidecar if it has one.
func addFile(ctx context.Context, cur *curate.Curator, path string, force bool) (curate.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return curate.Report{}, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return curate.Report{}, fmt.Errorf("%s: not a regular file", path)
	}
	var sidecar []byte
	if sc := corpus.SidecarPath(path); fileExists(sc) {
		if sidecar, err = os.ReadFile(sc); err != nil {
			return curate.Report{}, err
		}
	}
	return cur.Add(ctx, curate.Input{Name: filepath.Base(path), Body: f, Sidecar: sidecar, Replace: force})
}

// printReport prints what adding src did.
func printReport(w io.Writer, src string, rep curate.Report, err error) {
	var p corpus.Problem
	switch {
	case errors.As(err, &p) && strings.HasPrefix(p.Error(), filepath.Base(src)):
		fmt.Fprintf(w, "FAIL %s: %s\n", src, strings.TrimPrefix(p.Error(), filepath.Base(src)+": "))
		return
	case err != nil:
		fmt.Fprintf(w, "FAIL %s: %v\n", src, err)
		return
	}
	d := rep.Doc
	if rep.DuplicateOf != nil {
		how := "the same text as"
		if rep.SameLink {
			how = "the same link as"
		}
		fmt.Fprintf(w, "dup  %s: %s “%s” (%s), already in the corpus: nothing added\n", src, how, rep.DuplicateOf.Title, rep.DuplicateOf.Path)
		return
	}
	by := ""
	if d.Author != "" {
		by = ", by " + d.Author
	}
	fmt.Fprintf(w, "ok   %s → %s\n     “%s”, %s%s, %d passages, %d facts\n", src, d.Path, d.Title, orDash(d.Published), by, len(d.Passages), rep.Facts)
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "     warning: %s\n", warn)
	}
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
