package live

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/internal/hostile"
)

const zephyr = `---
title: Zephyr Labs raises funds
author: A. Writer
publisher: Test Wire
published: 2026-11-01
url: https://example.com/zephyr
---

Zephyr Labs, a Hangzhou robotics startup, raised $42 million in its Series B round in October 2026.
`

func write(t *testing.T, path, text string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil { // as editors and cp -a do
		t.Fatal(err)
	}
}

// Add a file while questions are being asked: every question is answered
// (from the old engine during the rebuild), and the new document answers
// within 5 s; a bad file is skipped and reported; a removed file's answer
// goes.
func TestHotReload(t *testing.T) {
	dir := t.TempDir()
	var logs strings.Builder
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), nil))
	l, _, err := Open(context.Background(), corpus.Options{Dir: dir}, answer.DefaultAliases(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Watch(ctx, dir)
	time.Sleep(100 * time.Millisecond) // the watcher is up

	// Questions all along.
	stop := make(chan struct{})
	var asked, failed atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := l.Ask(ctx, "how much private GenAI investment in China 2023?", 3)
				asked.Add(1)
				if err != nil || !res.Answered {
					failed.Add(1)
				}
			}
		})
	}
	zephyrAnswered := func() bool {
		res, err := l.Ask(ctx, "How much did Zephyr Labs raise?", 3)
		return err == nil && res.Answered && res.Answer.Figure == "$42 million"
	}
	if zephyrAnswered() {
		t.Fatal("answered before the document exists")
	}
	write(t, filepath.Join(dir, "zephyr.md"), zephyr)
	write(t, filepath.Join(dir, "broken.md"), "---\ntitle: [unclosed\n---\ntext\n")
	added := time.Now()
	for !zephyrAnswered() {
		if time.Since(added) > 5*time.Second {
			t.Fatal("the new document was not answered within 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("new document answered %v after it was written", time.Since(added).Round(time.Millisecond))
	close(stop)
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d of %d questions during the reload failed", failed.Load(), asked.Load())
	}
	logMu.Lock()
	gotLogs := logs.String()
	logMu.Unlock()
	if !strings.Contains(gotLogs, "broken.md") {
		t.Errorf("the bad file was not reported:\n%s", gotLogs)
	}

	if err := os.Remove(filepath.Join(dir, "zephyr.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the removal", func() bool { return !zephyrAnswered() })
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// The same end to end with the incremental loader: changes are applied in
// place, and the figures follow.
func TestIncrementalReload(t *testing.T) {
	dir := t.TempDir()
	l, _, err := Open(context.Background(), corpus.Options{Dir: dir}, answer.DefaultAliases(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Watch(ctx, dir)
	time.Sleep(100 * time.Millisecond)
	answers := func(q, figure string) bool {
		res, err := l.Ask(ctx, q, 3)
		return err == nil && res.Answered && res.Answer.Figure == figure
	}
	write(t, filepath.Join(dir, "zephyr.md"), zephyr)
	waitFor(t, "the new document", func() bool { return answers("How much did Zephyr Labs raise?", "$42 million") })
	if f := findFact(l, "$42 million"); f == "" {
		t.Error("the new document's figure is not in the stats")
	}
	write(t, filepath.Join(dir, "zephyr.md"), strings.Replace(zephyr, "$42 million", "$58 million", 1))
	waitFor(t, "the changed figure", func() bool { return answers("How much did Zephyr Labs raise?", "$58 million") })
	if findFact(l, "$42 million") != "" || findFact(l, "$58 million") == "" {
		t.Error("the stats kept the old figure or lack the new one")
	}
	if !answers("how much private GenAI investment in China 2023?", "$650 million") {
		t.Error("the built-in article no longer answers")
	}
	os.Remove(filepath.Join(dir, "zephyr.md"))
	waitFor(t, "the removal", func() bool { return !answers("How much did Zephyr Labs raise?", "$58 million") })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func findFact(l *Live, value string) string {
	for _, f := range l.Facts().Facts {
		if f.Value == value {
			return f.Quote
		}
	}
	return ""
}

// watched starts an incremental live corpus on dir, watching it.
func watched(t *testing.T, dir string) (answers func(q, figure string) bool) {
	t.Helper()
	l, _, err := Open(context.Background(), corpus.Options{Dir: dir}, answer.DefaultAliases(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go l.Watch(ctx, dir)
	time.Sleep(100 * time.Millisecond) // the watcher is up
	return func(q, figure string) bool {
		res, err := l.Ask(ctx, q, 3)
		return err == nil && res.Answered && res.Answer.Figure == figure
	}
}

// Folders renamed or created after the start are watched.
func TestReloadWatchesRenamedAndNewFolders(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub1"), 0o755); err != nil {
		t.Fatal(err)
	}
	answers := watched(t, dir)
	if err := os.Rename(filepath.Join(dir, "sub1"), filepath.Join(dir, "sub2")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond) // the rename's reload
	write(t, filepath.Join(dir, "sub2", "zephyr.md"), zephyr)
	waitFor(t, "a file in the renamed folder", func() bool { return answers("How much did Zephyr Labs raise?", "$42 million") })

	if err := os.MkdirAll(filepath.Join(dir, "new", "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond)
	write(t, filepath.Join(dir, "new", "deep", "orion.md"), strings.NewReplacer("Zephyr", "Orion", "$42 million", "$17 million").Replace(zephyr))
	waitFor(t, "a file in a new folder", func() bool { return answers("How much did Orion Labs raise?", "$17 million") })
}

// A file replaced in place by one of the same size and modification time
// (cp -p, tar) is read again.
func TestReloadSeesSameTimeReplace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "zephyr.md")
	write(t, path, zephyr)
	answers := watched(t, dir)
	if !answers("How much did Zephyr Labs raise?", "$42 million") {
		t.Fatal("not answered at the start")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(zephyr, "$42 million", "$58 million", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the same-time replace", func() bool { return answers("How much did Zephyr Labs raise?", "$58 million") })
}

// Hostile files dropped into a running bot's folder (a looping PDF, a
// named pipe, a link to /dev/zero) never stop reloads; removing them
// changes nothing to that. (The PDFs over the work budget, dropped into
// serve's folder: cmd/landscape's TestServeHostilePDFsLater.)
func TestBadFilesNeverStopReloads(t *testing.T) {
	dir := t.TempDir()
	answers := watched(t, dir)
	bad := hostile.WriteQuick(t, dir)
	write(t, filepath.Join(dir, "zephyr.md"), zephyr)
	waitFor(t, "a document beside the bad files", func() bool { return answers("How much did Zephyr Labs raise?", "$42 million") })
	for name := range bad {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "orion.md"), strings.NewReplacer("Zephyr", "Orion", "$42 million", "$17 million").Replace(zephyr))
	waitFor(t, "a document after they are gone", func() bool { return answers("How much did Orion Labs raise?", "$17 million") })
}
