// Package live keeps the corpus, its index and the answer engine current
// while the bot runs: it watches the corpus folder (and the folders created
// or moved into it later), reloads when files are added, changed or
// removed — by change, through a Loader such as Incremental — and swaps the
// new snapshot in atomically. Questions asked during a reload are answered
// from the previous snapshot, never failed; a snapshot's Close, if any, runs
// once the last question using it is done. A file that cannot be read is
// logged and skipped; it never stops later reloads.
package live

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
)

// Snapshot is one version of the corpus with its engine.
type Snapshot struct {
	Corpus *corpus.Corpus
	Engine *answer.Engine
	// Added are the documents new since the previous snapshot (all of
	// them for a first or a full load): what a reload needs to note.
	Added []*corpus.Document
	// Close releases the index; Live calls it once no question uses it.
	// Nil when the index outlives the snapshot (Incremental).
	Close func()

	facts func() *facts.Set
	inUse sync.RWMutex // readers: questions in flight; writer: the closer
}

// NewSnapshot wraps a loaded corpus and its engine; closeFn releases the
// index.
func NewSnapshot(c *corpus.Corpus, e *answer.Engine, closeFn func()) *Snapshot {
	return &Snapshot{Corpus: c, Engine: e, Added: c.Docs, Close: closeFn, facts: sync.OnceValue(func() *facts.Set { return facts.Extract(c) })}
}

// Loader builds a new snapshot from the corpus folder; changed names the
// files a watcher saw change (read again even when their size and time did
// not change). Problems are files that could not be loaded:
// they are logged and skipped.
type Loader func(ctx context.Context, changed []string) (*Snapshot, []corpus.Problem, error)

// Live is the current snapshot and the machinery that replaces it.
type Live struct {
	cur  atomic.Pointer[Snapshot]
	load Loader
	log  *slog.Logger
	// OnSwap, if set, is called with each new snapshot (to note new
	// documents for the digest, to warm the engine).
	OnSwap  func(ctx context.Context, s *Snapshot)
	reloads atomic.Int64
	closers sync.WaitGroup // snapshots replaced, waiting for their questions
}

// New starts from first, reloading with load.
func New(first *Snapshot, load Loader, log *slog.Logger) *Live {
	l := &Live{load: load, log: log}
	l.cur.Store(first)
	return l
}

// Current is the snapshot questions are answered from now.
func (l *Live) Current() *Snapshot { return l.cur.Load() }

// Reloads is how many times a new snapshot was swapped in.
func (l *Live) Reloads() int64 { return l.reloads.Load() }

// acquire returns the current snapshot, held until release: its index is
// not closed under a question.
func (l *Live) acquire() *Snapshot {
	for {
		s := l.cur.Load()
		s.inUse.RLock()
		if l.cur.Load() == s {
			return s
		}
		s.inUse.RUnlock() // swapped meanwhile: take the new one
	}
}

// Ask answers from the current snapshot (the bot's Answerer).
func (l *Live) Ask(ctx context.Context, q string, k int) (answer.Result, error) {
	s := l.acquire()
	defer s.inUse.RUnlock()
	return s.Engine.Ask(ctx, q, k)
}

// Facts are the current corpus's figures.
func (l *Live) Facts() *facts.Set { return l.cur.Load().facts() }

// Documents are the current corpus's documents.
func (l *Live) Documents() []*corpus.Document { return l.cur.Load().Corpus.Docs }

// Reload builds a new snapshot and swaps it in; changed is passed to the
// Loader. On error the current one stays.
func (l *Live) Reload(ctx context.Context, changed ...string) error {
	start := time.Now()
	s, problems, err := l.load(ctx, changed)
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	for _, p := range problems {
		l.log.Warn("corpus file skipped", "problem", p.Error())
	}
	if s == l.cur.Load() {
		return nil // nothing changed
	}
	old := l.cur.Swap(s)
	l.reloads.Add(1)
	l.log.Info("corpus reloaded", "documents", len(s.Corpus.Docs), "passages", len(s.Corpus.Passages), "took", time.Since(start).Round(time.Millisecond))
	if l.OnSwap != nil {
		l.OnSwap(ctx, s)
	}
	if old != nil && old != s {
		l.closers.Go(func() { // once the questions in flight on it are done
			old.inUse.Lock()
			defer old.inUse.Unlock()
			if old.Close != nil {
				old.Close()
			}
		})
	}
	return nil
}

// Wait returns once every snapshot replaced so far is closed, its last
// question done: call it after the last Reload and the last question.
func (l *Live) Wait() { l.closers.Wait() }

// settle is how long the folder must be quiet before a reload: saving a
// file is often several events, copying a folder many.
const settle = 300 * time.Millisecond

// Watch reloads whenever the corpus folder changes, until ctx ends.
// Editors' temporary files and hidden files are ignored.
func (l *Live) Watch(ctx context.Context, dir string) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer w.Close()
	if err := watchTree(w, dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	var timer *time.Timer
	var fire <-chan time.Time
	changed := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			l.log.Warn("corpus watcher", "err", err)
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ignored(ev.Name) {
				continue
			}
			if fi, err := os.Stat(ev.Name); err != nil || !fi.IsDir() {
				changed[ev.Name] = true // a folder's files are new paths: read anyway
			}
			if timer == nil {
				timer = time.NewTimer(settle)
			} else {
				timer.Reset(settle)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			// Folders created or moved in since the last time (a watch
			// follows a folder's inode, and a moved folder's is dropped).
			if err := watchTree(w, dir); err != nil {
				l.log.Warn("corpus watcher", "err", err)
			}
			names := make([]string, 0, len(changed))
			for name := range changed {
				names = append(names, name)
			}
			clear(changed)
			if err := l.Reload(ctx, names...); err != nil && ctx.Err() == nil {
				l.log.Error("corpus reload failed; still answering from the previous corpus", "err", err)
			}
		}
	}
}

// watchTree watches dir and every folder under it not watched yet
// (hidden ones aside).
func watchTree(w *fsnotify.Watcher, dir string) error {
	watched := map[string]bool{}
	for _, p := range w.WatchList() {
		watched[p] = true
	}
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if p != dir && errors.Is(err, fs.ErrNotExist) {
				return nil // gone meanwhile
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !watched[p] {
			return w.Add(p)
		}
		return nil
	})
}

func ignored(path string) bool {
	base := filepath.Base(path)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".tmp") || strings.HasPrefix(base, "#")
}
