package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/joho/godotenv"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/store"
)

const usage = `landscape answers questions from a curated corpus of articles and reports (built
in: one on generative AI in China), quoting the passage and its source.

Usage:
  landscape ask [--json] [-k N] [--since YYYY[-MM[-DD]]] [--source S] QUESTION
                                          answer a question (also: since:2024
                                          source:imd inside the question)
  landscape stats [--json] [--chart FILE.png] [TOPIC]
                                          the corpus's figures, compared and sourced;
                                          --chart draws the comparisons as the bot does
  landscape sources [--json]              list the documents in the corpus
  landscape eval [--json] FILE.jsonl      score the engine on a question set
  landscape eval --facts LABELS.jsonl [--json]
                                          score the corpus's figures against figures
                                          labelled by hand (whose, what, when)
  landscape corpus add [--force] PATH|URL…
                                          check files, or the documents links lead
                                          to, and add them to the corpus folder
                                          (.md, .txt, .html, .pdf) unless it has
                                          them already; --force replaces a file or
                                          sidecar already there
  landscape corpus check                  check every file of the corpus folder
  landscape follow [--tag T] [--every DURATION] URL
                                          follow an RSS, Atom or JSON Feed (or a page
                                          whose <link rel="alternate"> names one): its
                                          new articles join the corpus folder, tagged
                                          T, polled every DURATION (default 1h)
  landscape follow [--tag T] --opml FILE  follow every feed of a feed reader's export
  landscape feeds [--json]                the feeds followed: title, url, tag, last
                                          poll, items taken, last error
  landscape feeds poll                    poll every followed feed once, now
  landscape unfollow URL                  stop following a feed (its documents stay)
  landscape digest [--dry-run] [--date YYYY-MM-DD] [--json]
                                          the day's digest: print it (--dry-run), or
                                          post it to $DIGEST_CHANNEL and record it
  landscape serve                         run the Slack bot (socket mode; see README
                                          "Set up in Slack")
  landscape gen-corpus [-n N] [--seed S] DIR
                                          write N synthetic near-miss documents
                                          (for scale tests and benchmarks)

Corpus flags (every command):
  --corpus DIR     add the documents in DIR (default $LANDSCAPE_CORPUS_DIR)
  --no-builtin     leave the built-in article out
  --data DIR       where the index of a user corpus and the bot's state store
                   (landscape.db) are kept (default $LANDSCAPE_DATA_DIR, else
                   ~/.cache/landscape for the index, ~/.local/state/landscape
                   for the store)

Environment (also read from .env in the working directory; real variables
win): LANDSCAPE_CORPUS_DIR, LANDSCAPE_DATA_DIR, LANDSCAPE_STORE_URL (a
PostgreSQL store shared by replicas), LANDSCAPE_ALIASES (an extra aliases
file), LANDSCAPE_MAX_FILE_MB (larger corpus files are skipped; default 50),
LANDSCAPE_FETCH_ALLOW (intranet sources links may lead to), NO_COLOR; for
serve: SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_API_URL, HTTP_ADDR,
LOG_LEVEL, LOG_FORMAT, LANDSCAPE_CURATORS, LANDSCAPE_TOPIC; for the digest:
DIGEST_CHANNEL, DIGEST_SCHEDULE, DIGEST_TZ, DIGEST_CATCHUP (see .env.example).
`

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// exitCode reports err on stderr and maps it to the process exit status.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		if ue.msg != "" {
			fmt.Fprintf(stderr, "landscape: %s\n\n", ue.msg)
		}
		fmt.Fprint(stderr, usage)
		return 2
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "landscape: interrupted")
		return 130 // as shells report a command stopped by Ctrl-C
	}
	fmt.Fprintf(stderr, "landscape: %v\n", err)
	return 1
}

// command is one subcommand: its flags are added to a fresh FlagSet.
type command struct {
	name string
	run  func(ctx context.Context, env *env, args []string) error
}

// commands is the whole command-line surface.
var commands = []command{
	{"ask", runAsk},
	{"stats", runStats},
	{"sources", runSources},
	{"eval", runEval},
	{"gen-corpus", runGenCorpus},
	{"serve", runServe},
	{"digest", runDigest},
	{"corpus", runCorpus},
	{"follow", runFollow},
	{"feeds", runFeeds},
	{"unfollow", runUnfollow},
}

// env is what a subcommand gets from the process.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer // printable: nothing in them drives a terminal
	bold           bool      // stdout is a terminal that may show bold
	fs             *flag.FlagSet
	corpusDir      *string
	dataDir        *string
	noBuiltin      *bool
	maxFileMB      int
	worker         *corpus.Worker // nil: files are parsed in this process
}

// workerCommand is the hidden subcommand that makes the program a corpus
// worker (corpus.RunWorker): PDFs and large files are parsed there, so that
// a hostile one costs the worker, never the bot.
const workerCommand = "parse-worker"

// worker is this program run as a corpus worker, or nil when the program
// cannot find itself.
func worker() *corpus.Worker {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return &corpus.Worker{Command: []string{exe, workerCommand}}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("")
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if name == workerCommand { // its output is for the parent, not a terminal
		return corpus.RunWorker(getenv, stdin, stdout)
	}
	getenv, err := withDotEnv(getenv, ".env")
	if err != nil {
		return err
	}
	maxMB, err := maxFileMB(getenv)
	if err != nil {
		return err
	}
	bold := isTerminal(stdout) && getenv("NO_COLOR") == ""
	stdout, stderr = &printable{w: stdout, bold: bold}, &printable{w: stderr}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, bold: bold, fs: fs, maxFileMB: maxMB, worker: worker()}
		e.corpusDir = fs.String("corpus", getenv("LANDSCAPE_CORPUS_DIR"), "")
		e.dataDir = fs.String("data", getenv("LANDSCAPE_DATA_DIR"), "")
		e.noBuiltin = fs.Bool("no-builtin", false, "")
		return c.run(ctx, e, args[1:])
	}
	return usagef("unknown command %q", name)
}

// parse parses flags placed anywhere among the arguments (so that
// `ask "question" --json` works) and returns the positional arguments.
// A lone "--" ends flag parsing.
func (e *env) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := e.fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", e.fs.Name(), err)
		}
		rest := e.fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// maxFileMB reads LANDSCAPE_MAX_FILE_MB (0 when unset: the default).
func maxFileMB(getenv func(string) string) (int, error) {
	v := strings.TrimSpace(getenv("LANDSCAPE_MAX_FILE_MB"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("LANDSCAPE_MAX_FILE_MB %q must be a whole number of megabytes, such as %d", v, corpus.DefaultMaxFileMB)
	}
	return n, nil
}

// corpusOptions is the corpus the flags name, with the size limit.
func (e *env) corpusOptions() corpus.Options {
	return corpus.Options{Dir: *e.corpusDir, NoBuiltin: *e.noBuiltin, MaxFileMB: e.maxFileMB, Worker: e.worker}
}

// loadCorpus loads the corpus the flags name. Files that fail to load are
// reported on stderr and skipped.
func (e *env) loadCorpus(ctx context.Context) (*corpus.Corpus, error) {
	c, problems, err := corpus.LoadContext(ctx, e.corpusOptions())
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "landscape: skipped %v\n", p)
	}
	return c, nil
}

// corpusFacts loads the corpus the flags name and extracts its figures.
func (e *env) corpusFacts(ctx context.Context) (*facts.Set, error) {
	c, err := e.loadCorpus(ctx)
	if err != nil {
		return nil, err
	}
	return interruptible(ctx, func() *facts.Set { return facts.Extract(c) })
}

// engine loads the corpus and its index and returns a ready engine and the
// function that releases the index.
func (e *env) engine(ctx context.Context) (*answer.Engine, func(), error) {
	c, err := e.loadCorpus(ctx)
	if err != nil {
		return nil, nil, err
	}
	return e.engineFor(ctx, c)
}

// engineFor indexes c (or reuses its cached index) and returns a ready
// engine and the function that releases the index. A damaged index is
// rebuilt, and said so on stderr.
func (e *env) engineFor(ctx context.Context, c *corpus.Corpus) (*answer.Engine, func(), error) {
	if len(c.Passages) == 0 {
		return nil, nil, errors.New("the corpus is empty: add documents with --corpus DIR or drop --no-builtin")
	}
	aliases, err := e.aliases()
	if err != nil {
		return nil, nil, err
	}
	var ix *index.Index
	if dir := e.indexDir(); *e.corpusDir != "" && dir != "" {
		var out index.Outcome
		ix, out, err = index.OpenOrBuild(ctx, dir, c)
		if out.Repaired != "" {
			fmt.Fprintf(e.stderr, "landscape: %s\n", out.Repaired)
		}
	} else {
		ix, err = index.NewMemoryContext(ctx, c)
	}
	if err != nil {
		return nil, nil, err
	}
	eng, err := interruptible(ctx, func() *answer.Engine { return answer.New(c, ix, aliases) })
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	return eng, func() { ix.Close() }, nil
}

// interruptible runs f, which cannot be stopped, and returns early with
// ctx's error when ctx ends first: the command is about to exit, and f
// ends with the process.
func interruptible[T any](ctx context.Context, f func() T) (T, error) {
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// indexDir is where a user corpus's index lives: under --data, else under
// the user cache folder.
func (e *env) indexDir() string {
	if *e.dataDir != "" {
		return filepath.Join(*e.dataDir, "index")
	}
	if x := e.getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "landscape", "index")
	}
	if h := e.getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "landscape", "index")
	}
	return ""
}

// storePath is the state store's file: under --data, else under the
// user's state folder (XDG_STATE_HOME, ~/.local/state). Unlike the index,
// it cannot be rebuilt, so it does not live in a cache.
func (e *env) storePath() (string, error) {
	switch {
	case *e.dataDir != "":
		return filepath.Join(*e.dataDir, store.FileName), nil
	case e.getenv("XDG_STATE_HOME") != "":
		return filepath.Join(e.getenv("XDG_STATE_HOME"), "landscape", store.FileName), nil
	case e.getenv("HOME") != "":
		return filepath.Join(e.getenv("HOME"), ".local", "state", "landscape", store.FileName), nil
	}
	return "", errors.New("no place for the state store: set LANDSCAPE_DATA_DIR")
}

// openStore opens the state store: the PostgreSQL database that
// LANDSCAPE_STORE_URL names (several replicas share it), else the SQLite
// file at storePath.
func (e *env) openStore(ctx context.Context) (*store.Store, error) {
	u, err := e.storeURL()
	if err != nil {
		return nil, err
	}
	if u != "" {
		st, err := store.OpenPostgres(ctx, u, store.Options{})
		if err != nil {
			return nil, fmt.Errorf("LANDSCAPE_STORE_URL: %w", err)
		}
		return st, nil
	}
	path, err := e.storePath()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, path, store.Options{})
}

// readStore opens the state store to read it, for commands that write
// nothing (digest --dry-run): nothing is created or migrated. Nil when no
// SQLite store has been made yet; a PostgreSQL database without landscape's
// tables is an error, since the URL was given to name one.
func (e *env) readStore(ctx context.Context) (*store.Store, error) {
	u, err := e.storeURL()
	if err != nil {
		return nil, err
	}
	if u != "" {
		st, err := store.OpenPostgresReadOnly(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("LANDSCAPE_STORE_URL: %w", err)
		}
		return st, nil
	}
	path, err := e.storePath()
	if err != nil {
		return nil, nil // nowhere to keep one: nothing recorded
	}
	st, err := store.OpenReadOnly(ctx, path)
	if errors.Is(err, store.ErrNoStore) {
		return nil, nil
	}
	return st, err
}

// storeURL is LANDSCAPE_STORE_URL, checked: "" for the SQLite file.
func (e *env) storeURL() (string, error) {
	u := strings.TrimSpace(e.getenv("LANDSCAPE_STORE_URL"))
	if u != "" && !store.IsPostgresURL(u) {
		return "", errors.New("LANDSCAPE_STORE_URL must be a PostgreSQL URL, postgres://user:password@host:5432/database, or empty for the SQLite file in LANDSCAPE_DATA_DIR")
	}
	return u, nil
}

// aliases loads the built-in aliases plus the user's: LANDSCAPE_ALIASES and
// aliases.txt in the corpus folder.
func (e *env) aliases() (*answer.Aliases, error) {
	a := answer.DefaultAliases()
	var files []string
	if f := e.getenv("LANDSCAPE_ALIASES"); f != "" {
		files = append(files, f)
	}
	if *e.corpusDir != "" {
		f := filepath.Join(*e.corpusDir, "aliases.txt")
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("aliases: %w", err)
		}
		err = a.Add(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return a, nil
}

// writeJSON prints v as indented JSON, leaving "<", ">" and "&" readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// isTerminal reports whether w is a terminal, for bold output.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// withDotEnv returns getenv backed by the file at path, when it exists:
// variables set in the real environment win. A file that cannot be parsed
// is an error that names it but quotes none of it (it holds tokens).
func withDotEnv(getenv func(string) string, path string) (func(string) string, error) {
	vars, err := godotenv.Read(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return getenv, nil
	case err != nil:
		return nil, fmt.Errorf("%s: cannot be read as NAME=value lines; fix or remove it (see .env.example)", path)
	}
	return func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return vars[k]
	}, nil
}
