// Package curate changes the corpus folder, for `landscape corpus add` and
// the bot's curators alike: it adds a document — checked as the corpus
// reads it, compared with the documents already there, and reported
// (title, date, author, passages, facts, warnings) — and removes one.
//
// An add writes the file and its sidecar to a staging folder inside the
// corpus folder (.add-*: hidden, so the corpus reader and the watcher
// ignore it), checks them there, and only then renames them into place
// as one change: what it replaces aside, the file, then its sidecar (a
// sidecar without its file would describe the next file of that name); if
// a rename fails, the ones made are undone. A refusal, a duplicate, a full
// disk or a failed rename leaves the folder as it was, and a process
// killed on the way leaves only its hidden staging folder, removed by a
// later add. A remove takes the file and its sidecar out together, or
// neither. Changes are made one at a time, within
// the process and across processes sharing the folder (a lock on the
// folder, where the system has them), so that two curators adding the
// same page at once add it once.
package curate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/fetch"
)

// Existing returns the documents the corpus holds now; an add is checked
// against them. It is called with the folder locked, so it sees every
// change made before.
type Existing func(ctx context.Context) ([]*corpus.Document, error)

// FolderDocuments is an Existing that reads the folder opts names (and
// the built-in article, unless left out) again at each call, parsing only
// the files that changed since: for a process without a live corpus.
func FolderDocuments(opts corpus.Options) Existing {
	folder := corpus.NewFolder(opts)
	return func(ctx context.Context) ([]*corpus.Document, error) {
		c, _, _, err := folder.Load(ctx)
		if err != nil {
			return nil, err
		}
		return c.Docs, nil
	}
}

// Curator adds documents to one corpus folder and removes them.
type Curator struct {
	dir      string
	opts     corpus.Options
	existing Existing
	now      func() time.Time
	dedupe   *corpus.Deduper // the corpus's signatures, computed once
	mu       sync.Mutex      // one change at a time in this process
	// rename moves files in and out of the folder: os.Rename, but for
	// tests that make a move fail.
	rename func(from, to string) error
}

// New returns a curator of the folder dir, reading files within opts's
// limits.
func New(dir string, opts corpus.Options, existing Existing, now func() time.Time) *Curator {
	return &Curator{dir: dir, opts: opts, existing: existing, now: now, dedupe: corpus.NewDeduper(), rename: os.Rename}
}

// Dir is the corpus folder.
func (c *Curator) Dir() string { return c.dir }

// Input is a document to add.
type Input struct {
	// Name is the file name it is saved under; its extension says how it
	// is read (.md, .txt, .html, .pdf…).
	Name string
	Body io.Reader
	// Sidecar is the document's NAME.meta.json, when it comes with one.
	Sidecar []byte
	// Origin, when Sidecar is nil, is written as the sidecar: where the
	// document came from, who added it and when.
	Origin *Origin
	// Replace replaces a file of the same name and its sidecar (--force);
	// otherwise a name taken is refused, or, with Rename, another is found.
	Replace bool
	// Rename finds a free name ("page-2.html") when Name is taken: for
	// names nobody chose (a link's, a Slack file's).
	Rename bool
}

// Origin is where a document came from, recorded in its sidecar. The url
// key is the document's link; the others are notes the corpus keeps.
type Origin struct {
	URL       string    `json:"url,omitempty"`
	AddedBy   string    `json:"added_by,omitempty"`
	AddedAt   time.Time `json:"added_at"`
	SlackFile string    `json:"slack_file,omitempty"`
}

// Report is what an add did.
type Report struct {
	// Doc is the document as the corpus reads it; its Path is where it
	// went (or would have gone).
	Doc      *corpus.Document
	Facts    int
	Warnings []string
	// DuplicateOf is the document of the corpus this one repeats: then
	// nothing was added. SameLink says it was found by its link.
	DuplicateOf *corpus.Document
	SameLink    bool
}

// Added reports whether the document went into the corpus.
func (r Report) Added() bool { return r.Doc != nil && r.DuplicateOf == nil }

const (
	// stagingPrefix names the folders of adds in progress, hidden inside
	// the corpus folder (the same file system: the final rename is atomic).
	stagingPrefix = ".add-"
	// staleStaging is the age after which a staging folder is the leftover
	// of a killed process: an add takes at most a fetch (15 s) and a parse
	// (30 s), and waits its turn behind a few others.
	staleStaging = time.Hour
	// maxRenames bounds the search for a free name.
	maxRenames = 100
)

// Add checks the document in holds and adds it to the folder, unless it
// repeats a document already there. The error says why a document was not
// added: it cannot be read, is not a corpus file, or its name or id is
// taken.
func (c *Curator) Add(ctx context.Context, in Input) (_ Report, err error) {
	name := filepath.Base(in.Name)
	if strings.HasPrefix(name, ".") || !corpus.Supported(name) {
		return Report{}, fmt.Errorf("%s: not a corpus file (.md, .markdown, .txt, .html, .htm, .pdf)", in.Name)
	}
	stage, err := c.stage()
	if err != nil {
		return Report{}, err
	}
	defer unstage(stage, &err)
	staged := filepath.Join(stage, name)
	if err := c.write(staged, in.Body); err != nil {
		return Report{}, err
	}
	sidecar := in.Sidecar
	if sidecar == nil && in.Origin != nil {
		if sidecar, err = json.MarshalIndent(in.Origin, "", "  "); err != nil {
			return Report{}, err
		}
	}
	if sidecar != nil {
		if err := c.write(corpus.SidecarPath(staged), bytes.NewReader(sidecar)); err != nil {
			return Report{}, err
		}
	}
	d, err := c.check(ctx, staged)
	if err != nil {
		return Report{}, err
	}

	unlock, err := c.lock(ctx)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	docs, err := c.existing(ctx)
	if err != nil {
		return Report{}, err
	}
	dest := filepath.Join(c.dir, name)
	var others []*corpus.Document // the corpus without the file replaced
	for _, o := range docs {
		if !(in.Replace && o.Path == dest) {
			others = append(others, o)
		}
	}
	rep := Report{Doc: d, Warnings: d.Warnings()}
	if rep.DuplicateOf, rep.SameLink = c.duplicateOf(d, others); rep.DuplicateOf != nil {
		d.Path = dest
		return rep, nil
	}
	for n := 2; ; n++ {
		err := taken(dest, d, others, in.Replace)
		if err == nil {
			break
		}
		if !in.Rename || n > maxRenames {
			return Report{}, err
		}
		// Another name changes the id: read the file again under it.
		next := numbered(name, n)
		if err := renameWithSidecar(staged, filepath.Join(stage, next)); err != nil {
			return Report{}, err
		}
		staged, dest = filepath.Join(stage, next), filepath.Join(c.dir, next)
		if d, err = c.check(ctx, staged); err != nil {
			return Report{}, err
		}
		rep.Doc = d
	}
	if err := c.install(stage, staged, dest, sidecar != nil); err != nil {
		return Report{}, fmt.Errorf("saving %s in the corpus folder: %w", filepath.Base(dest), err)
	}
	d.Path = dest
	one, _ := corpus.FromDocuments([]*corpus.Document{d})
	rep.Facts = len(facts.Extract(one).Facts)
	return rep, nil
}

// check reads the staged file as the corpus will; its problems name the
// file by its name, not its staging place.
func (c *Curator) check(ctx context.Context, staged string) (*corpus.Document, error) {
	name := filepath.Base(staged)
	d, err := corpus.LoadFile(ctx, staged, c.opts)
	if err != nil {
		var p corpus.Problem
		if errors.As(err, &p) {
			if filepath.Dir(p.File) == filepath.Dir(staged) {
				p.File = filepath.Base(p.File)
			}
			return nil, p
		}
		return nil, err
	}
	if len(d.Passages) == 0 {
		return nil, corpus.Problem{File: name, Msg: "no text to index"}
	}
	return d, nil
}

// duplicateOf finds the document of others that d repeats: one with the
// same link, or the same text (corpus.DuplicateOf), whichever of the two
// the corpus would keep.
func (c *Curator) duplicateOf(d *corpus.Document, others []*corpus.Document) (*corpus.Document, bool) {
	if u := sameLink(d.URL); u != "" {
		for _, o := range others {
			if sameLink(o.URL) == u {
				return o, true
			}
		}
	}
	dup := c.dedupe.Find(append(others[:len(others):len(others)], d))
	if orig, ok := dup[d]; ok {
		return orig, false
	}
	for _, o := range others {
		if dup[o] == d { // d is the better copy of a document already there
			return o, false
		}
	}
	return nil, false
}

// sameLink is a link in the form two links to the same page share: scheme
// and host in lower case, no default port, no fragment, no trailing slash.
// "" for what is not an http(s) link.
func sameLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http" || p == "443" && u.Scheme == "https") {
		host += ":" + p
	}
	return strings.ToLower(u.Scheme) + "://" + host + strings.TrimSuffix(u.EscapedPath(), "/") + "?" + u.RawQuery
}

// taken says why d cannot go to dest: a file or sidecar there (unless
// replaced; a folder never is), or its id used by another document.
func taken(dest string, d *corpus.Document, others []*corpus.Document, replace bool) error {
	for _, p := range []string{dest, corpus.SidecarPath(dest)} {
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			return fmt.Errorf("%s is a folder: not replaced", p)
		}
	}
	if !replace {
		if exists(dest) {
			return fmt.Errorf("%s exists: remove it first, rename the new file, or add it with --force to replace it", dest)
		}
		if sc := corpus.SidecarPath(dest); exists(sc) {
			return fmt.Errorf("%s exists and would become this file's metadata: remove it, or add with --force to replace it", sc)
		}
	}
	for _, o := range others {
		if o.ID == d.ID {
			return fmt.Errorf("a document with id %q is already in the corpus (%s)", d.ID, o.Path)
		}
	}
	return nil
}

// numbered is name with "-n" before its extension.
func numbered(name string, n int) string {
	ext := filepath.Ext(name)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), n, ext)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// stage makes a new staging folder, removing those that killed processes
// left behind.
func (c *Curator) stage() (string, error) {
	if old, err := filepath.Glob(filepath.Join(c.dir, stagingPrefix+"*")); err == nil {
		for _, o := range old {
			if fi, err := os.Stat(o); err == nil && c.now().Sub(fi.ModTime()) > staleStaging {
				os.RemoveAll(o)
			}
		}
	}
	dir, err := os.MkdirTemp(c.dir, stagingPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("corpus folder: %w", err)
	}
	return dir, nil
}

// write saves r at path, synced, within the corpus's size limit. An error
// of r (a fetch refused while reading) comes back as it is.
func (c *Curator) write(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	limit := c.opts.MaxFileBytes()
	n, err := io.Copy(f, io.LimitReader(readerOnly{r}, limit+1))
	if err == nil && n > limit {
		err = fmt.Errorf("%s: over the %d MB limit of a corpus file (LANDSCAPE_MAX_FILE_MB)", filepath.Base(path), limit>>20)
	}
	var readErr readError
	if errors.As(err, &readErr) {
		f.Close()
		return readErr.err
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("saving %s in the corpus folder: %w", filepath.Base(path), err)
	}
	return nil
}

// readerOnly marks the reader's errors, to tell them from the disk's.
type readerOnly struct{ r io.Reader }

type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }

func (r readerOnly) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		return n, readError{err}
	}
	return n, err
}

// renameWithSidecar renames a staged file and its sidecar, if any.
func renameWithSidecar(from, to string) error {
	if sc := corpus.SidecarPath(from); exists(sc) {
		if err := os.Rename(sc, corpus.SidecarPath(to)); err != nil {
			return err
		}
	}
	return os.Rename(from, to)
}

// install moves a staged file, and its sidecar if it has one, to dest as
// one change: what the new file replaces (a file and its sidecar) aside
// into the stage, then the file, then its sidecar — never a sidecar
// without its file. If a move fails, the moves made are undone, in
// reverse, and the folder is as it was.
func (c *Curator) install(stage, staged, dest string, hasSidecar bool) error {
	t := transaction{rename: c.rename}
	aside := filepath.Join(stage, "replaced")
	if err := os.Mkdir(aside, 0o700); err != nil {
		return err
	}
	for _, p := range []string{dest, corpus.SidecarPath(dest)} {
		if exists(p) {
			if err := t.move(p, filepath.Join(aside, filepath.Base(p))); err != nil {
				return t.undo(err)
			}
		}
	}
	if err := t.move(staged, dest); err != nil {
		return t.undo(err)
	}
	if hasSidecar {
		if err := t.move(corpus.SidecarPath(staged), corpus.SidecarPath(dest)); err != nil {
			return t.undo(err)
		}
	}
	return nil
}

// transaction is the renames of one change, to undo if a later one fails.
type transaction struct {
	rename func(from, to string) error
	done   [][2]string // from, to
}

// move renames from to to, and remembers it.
func (t *transaction) move(from, to string) error {
	if err := t.rename(from, to); err != nil {
		return err
	}
	t.done = append(t.done, [2]string{from, to})
	return nil
}

// undo moves back what was moved, last first, and returns err — with what
// could not be moved back, if anything, and where it is, wrapped in
// ErrLeftBehind.
func (t *transaction) undo(err error) error {
	for i := len(t.done) - 1; i >= 0; i-- {
		m := t.done[i]
		if uerr := t.rename(m[1], m[0]); uerr != nil {
			return fmt.Errorf("%w; and %s could not be put back from %s (%v): %w", err, m[0], m[1], uerr, ErrLeftBehind)
		}
	}
	return err
}

// ErrLeftBehind marks a change that failed half-way and could not be
// undone: its error says what is left where.
var ErrLeftBehind = errors.New("the corpus folder is left half-changed; fix it by hand")

// leftPrefix names a staging folder kept because a change could not be
// undone: it holds files the error names, and is never removed.
const leftPrefix = ".left-"

// unstage removes a staging folder, unless *err says it holds what could
// not be put back: then it is kept, renamed out of the stale ones' way.
func unstage(stage string, err *error) {
	if !errors.Is(*err, ErrLeftBehind) {
		os.RemoveAll(stage)
		return
	}
	kept := filepath.Join(filepath.Dir(stage), leftPrefix+strings.TrimPrefix(filepath.Base(stage), stagingPrefix))
	if os.Rename(stage, kept) == nil {
		*err = fmt.Errorf("%w (%s is now %s)", *err, stage, kept)
	}
}

// ErrNotFound is Remove's error for an id no document has.
var ErrNotFound = errors.New("no such document")

// Remove takes the document id out of the folder: its file and its
// sidecar, together or neither. It returns the document removed; an error
// means it was not removed (unless it wraps ErrLeftBehind).
func (c *Curator) Remove(ctx context.Context, id string) (*corpus.Document, error) {
	unlock, err := c.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	docs, err := c.existing(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.ID != id {
			continue
		}
		if !c.holds(d.Path) {
			return nil, fmt.Errorf("%q (%s) is not a file of the corpus folder: the built-in article is left out with --no-builtin, not removed", d.Title, d.ID)
		}
		if err := c.remove(d.Path); err != nil {
			if errors.Is(err, ErrLeftBehind) { // the file is out, its sidecar not
				return d, fmt.Errorf("removing %s: %w", d.Path, err)
			}
			return nil, fmt.Errorf("removing %s: %w", d.Path, err)
		}
		return d, nil
	}
	return nil, fmt.Errorf("%q: %w", id, ErrNotFound)
}

// remove moves path and its sidecar, if any, out of the folder into a new
// staging folder, which is then deleted: the file first, then the sidecar;
// if the sidecar cannot go, the file comes back.
func (c *Curator) remove(path string) (err error) {
	stage, err := c.stage()
	if err != nil {
		return err
	}
	defer unstage(stage, &err)
	t := transaction{rename: c.rename}
	if err := t.move(path, filepath.Join(stage, filepath.Base(path))); err != nil {
		return err
	}
	sc := corpus.SidecarPath(path)
	fi, err := os.Lstat(sc)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err == nil && fi.IsDir():
		err = fmt.Errorf("%s is a folder, not its metadata", sc)
	case err == nil:
		err = t.move(sc, filepath.Join(stage, filepath.Base(sc)))
	}
	if err != nil {
		return t.undo(fmt.Errorf("its metadata: %w", err))
	}
	return nil
}

// holds reports whether path is a file inside the corpus folder.
func (c *Curator) holds(p string) bool {
	rel, err := filepath.Rel(c.dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// lock takes the folder for one change: this process's mutex, then the
// lock file shared with other processes. It waits until ctx ends.
func (c *Curator) lock(ctx context.Context) (func(), error) {
	c.mu.Lock()
	unlockFile, err := lockFolder(ctx, c.dir)
	if err != nil {
		c.mu.Unlock()
		return nil, fmt.Errorf("corpus folder: %w", err)
	}
	return func() { unlockFile(); c.mu.Unlock() }, nil
}

// maxNameRunes bounds a file name made from a link or a Slack file's name.
const maxNameRunes = 80

// FileName makes a corpus file name from an untrusted one (a link's last
// path segment, a Slack file's name) and the extension the corpus reads
// it by: letters and digits of any script, dots and dashes, at most
// maxNameRunes of them; "document" when nothing is left.
func FileName(name, ext string) string {
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range name {
		if n == maxNameRunes {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
			dash = false
			n++
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
			n++
		}
	}
	base := strings.Trim(b.String(), "-")
	if base == "" {
		base = "document"
	}
	return base + ext
}

// LinkFileName is the file name of a document fetched from link: its last
// path segment, else its host.
func LinkFileName(link, ext string) string {
	u, err := url.Parse(link)
	if err != nil {
		return FileName("", ext)
	}
	seg := path.Base(strings.TrimSuffix(u.Path, "/"))
	if seg == "." || seg == "/" || seg == "" {
		seg = strings.ReplaceAll(u.Hostname(), ".", "-")
	}
	return FileName(seg, ext)
}

// Fetcher fetches links; *fetch.Fetcher is one.
type Fetcher interface {
	Get(ctx context.Context, link string) (*fetch.Response, error)
}

// AddLink fetches link and adds the document it leads to, as fetched (a
// web page's HTML, a PDF…), with a sidecar recording the link (after
// redirects), who added it (by) and when. Named after the link, it takes
// another name when that one is taken.
func (c *Curator) AddLink(ctx context.Context, f Fetcher, link, by string) (Report, error) {
	resp, err := f.Get(ctx, link)
	if err != nil {
		return Report{}, err
	}
	defer resp.Body.Close()
	return c.Add(ctx, Input{
		Name: LinkFileName(resp.URL, resp.Ext), Body: resp.Body, Rename: true,
		Origin: &Origin{URL: resp.URL, AddedBy: by, AddedAt: c.now().UTC()},
	})
}
