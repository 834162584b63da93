package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Limits of reading one file: a hostile or broken file in the corpus folder
// costs at most this much, and is then reported and skipped.
const (
	// DefaultMaxFileMB is the default size limit of a corpus file
	// (LANDSCAPE_MAX_FILE_MB): long reports run to a few MB of PDF, a
	// scanned one to tens; beyond that a file is far more likely a mistake
	// (a dump, a video renamed) and would cost seconds and gigabytes on
	// every start.
	DefaultMaxFileMB = 50
	// DefaultFileTimeout is how long one file may take to parse: a 50 MB
	// report takes a few seconds; a file that takes longer would stall
	// every start and reload.
	DefaultFileTimeout = 30 * time.Second
	// maxSidecar bounds NAME.meta.json: a handful of keys.
	maxSidecar = 1 << 20
)

// MaxFileBytes is the size limit of one file, in bytes.
func (o Options) MaxFileBytes() int64 {
	if o.MaxFileMB > 0 {
		return int64(o.MaxFileMB) << 20
	}
	return DefaultMaxFileMB << 20
}

func (o Options) fileTimeout() time.Duration {
	if o.FileTimeout > 0 {
		return o.FileTimeout
	}
	return DefaultFileTimeout
}

// fileReader reads corpus files within the limits: regular files only
// (no FIFO, device or socket, which would block or never end), symlinks
// only when they resolve inside root (when root is set), and no more than
// max bytes; PDFs, and large files, parsed by the worker when there is one.
type fileReader struct {
	rootPath string   // the corpus folder with its own links resolved; "" for any place
	root     *os.Root // the corpus folder, opened: files are opened through it
	max      int64
	worker   *Worker
	proc     *workerProc // the worker of this reader's files, once started
}

// newFileReader returns the reader of opts's folder (dir may be "": then
// files may be anywhere, as for `corpus add`). Close it after use.
func newFileReader(dir string, opts Options) (*fileReader, error) {
	r := &fileReader{max: opts.MaxFileBytes(), worker: opts.Worker}
	if dir != "" {
		root, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return nil, fmt.Errorf("corpus folder: %w", err)
		}
		if r.rootPath, err = filepath.Abs(root); err != nil {
			return nil, fmt.Errorf("corpus folder: %w", err)
		}
		if r.root, err = os.OpenRoot(r.rootPath); err != nil {
			return nil, fmt.Errorf("corpus folder: %w", err)
		}
	}
	return r, nil
}

// Close releases the folder, and ends the worker.
func (r *fileReader) Close() error {
	if r.proc != nil {
		r.proc.close()
		r.proc = nil
	}
	if r.root == nil {
		return nil
	}
	return r.root.Close()
}

// read returns the bytes of path; a file outside the limits is a Problem
// that says why it was skipped.
func (r *fileReader) read(path string, max int64) ([]byte, error) {
	f, err := r.open(path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be read (%v); skipped", unwrapPath(err))}
	}
	if int64(len(data)) > max { // it grew while being read
		return nil, tooLarge(path, int64(len(data)), max)
	}
	return data, nil
}

// open opens path for reading, after a check that it is a regular file
// within max bytes inside the folder — and again after: the checks before
// only give the clear reason (a link out of the folder, a named pipe), the
// file opened is what counts. Inside a folder, the file is opened through
// the folder (os.Root), by its path with links resolved: whatever is
// swapped in meanwhile, a link or a folder, nothing outside can be opened.
func (r *fileReader) open(path string, max int64) (*os.File, error) {
	real := path
	if r.root != nil {
		resolved, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be read (%v); skipped", unwrapPath(err))}
		}
		if real, err = filepath.Abs(resolved); err != nil {
			return nil, err
		}
		if !inside(r.rootPath, real) {
			return nil, outside(path, real)
		}
	}
	// Stat before opening, so that no device is opened; open without
	// blocking (a FIFO would wait for a writer).
	fi, err := os.Stat(real)
	if err != nil {
		return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be read (%v); skipped", unwrapPath(err))}
	}
	if err := r.check(path, fi, max); err != nil {
		return nil, err
	}
	var f *os.File
	if r.root != nil {
		rel, _ := filepath.Rel(r.rootPath, real)
		f, err = r.root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	} else {
		f, err = os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	}
	if err != nil {
		if r.root != nil {
			if now, err := filepath.EvalSymlinks(path); err == nil && !inside(r.rootPath, now) {
				return nil, outside(path, now) // swapped for a link out
			}
		}
		return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be read (%v); skipped", unwrapPath(err))}
	}
	if fi, err = f.Stat(); err == nil {
		err = r.check(path, fi, max)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// inside reports whether path is root or under it.
func inside(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func outside(path, real string) error {
	return Problem{File: path, Msg: fmt.Sprintf("a link to %s, outside the corpus folder; skipped (copy the file in instead)", real)}
}

// check refuses what is not a regular file, or is over max bytes.
func (r *fileReader) check(path string, fi fs.FileInfo, max int64) error {
	if !fi.Mode().IsRegular() {
		return Problem{File: path, Msg: fmt.Sprintf("not a regular file (%s); skipped", kindOf(fi.Mode()))}
	}
	if fi.Size() > max {
		return tooLarge(path, fi.Size(), max)
	}
	return nil
}

func tooLarge(path string, size, max int64) error {
	return Problem{File: path, Msg: fmt.Sprintf("%.1f MB, over the limit of %d MB (LANDSCAPE_MAX_FILE_MB); skipped", float64(size)/(1<<20), max>>20)}
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// unwrapPath drops the path from an *fs.PathError: the problem names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readSidecar returns the bytes of NAME.meta.json beside path, or nil when
// there is none.
func (r *fileReader) readSidecar(path string) ([]byte, error) {
	sc := SidecarPath(path)
	if _, err := os.Lstat(sc); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return r.read(sc, maxSidecar)
}

// load reads and parses one corpus file within the limits: the size limit,
// the work budget, and opts's time, after which the file is reported and
// skipped. The parse stops there, and when ctx ends (with ctx's error):
// the PDF reader where it is, a worker killed and waited for; nothing is
// left running.
func (r *fileReader) load(ctx context.Context, path string, timeout time.Duration) (*Document, error) {
	budget, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	doc, err := r.parse(budget, path)
	if budget.Err() == nil {
		return doc, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, Problem{File: path, Msg: fmt.Sprintf("took over %v to read; skipped (a damaged or pathological file?)", timeout)}
}

// parse reads path and its NAME.meta.json sidecar, if there is one, and
// parses them: in the worker when it wants the file, else here.
func (r *fileReader) parse(ctx context.Context, path string) (*Document, error) {
	data, err := r.read(path, r.max)
	if err != nil {
		return nil, err
	}
	sidecar, err := r.readSidecar(path)
	if err != nil {
		return nil, err
	}
	if r.worker.wants(path, len(data)) {
		if r.proc == nil {
			if r.proc, err = r.worker.start(); err != nil {
				r.proc = nil // a worker that cannot start: parsed here, within the budget
				return parseSafely(ctx, path, data, sidecar)
			}
		}
		doc, err := r.proc.parse(ctx, path, data, sidecar)
		if r.proc.done { // killed, or dead: the next file starts another
			r.proc.close()
			r.proc = nil
		}
		return doc, err
	}
	return parseSafely(ctx, path, data, sidecar)
}

// parseSafely parses a file's bytes by its extension — Markdown, a saved
// web page, a PDF or plain text — with its sidecar (nil when there is
// none). A parser's panic is the file's problem: one file never takes the
// process down.
func parseSafely(ctx context.Context, path string, data, sidecar []byte) (doc *Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, Problem{File: path, Msg: fmt.Sprintf("cannot be parsed (%v); skipped", p)}
		}
	}()
	switch kindOfFile(path) {
	case ".html", ".htm":
		return parseHTML(path, data, sidecar)
	case ".md", ".markdown":
		return parseMarkdown(path, data, sidecar)
	case ".pdf":
		return parsePDF(ctx, path, data, sidecar)
	}
	return ParseText(path, data, sidecar)
}

// kindOfFile is path's extension in lower case: how it is parsed.
func kindOfFile(path string) string { return strings.ToLower(filepath.Ext(path)) }
