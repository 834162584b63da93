package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// clock is an injected time that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func open(t *testing.T, path string, c *clock) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Now: c.now, BusyTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsAreAppliedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	c := &clock{t: t0}
	s := open(t, path, c)
	if err := s.LogQuestion(context.Background(), Question{At: t0, Channel: "C1", Text: "q"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := open(t, path, c) // reopening keeps the data and the version
	v, err := s2.SchemaVersion(context.Background())
	if err != nil || v != len(migrations) {
		t.Fatalf("version %d, %v; want %d", v, err, len(migrations))
	}
	a, err := s2.ActivityBetween(context.Background(), t0.Add(-time.Hour), t0.Add(time.Hour))
	if err != nil || a.UnansweredCount != 1 {
		t.Errorf("after reopening: %+v, %v", a, err)
	}
}

func TestBadFilesAreExplainedNotReset(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	junk := []byte(strings.Repeat("this is not a database ", 400))
	if err := os.WriteFile(corrupt, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), corrupt, Options{})
	if err == nil || !strings.Contains(err.Error(), corrupt) || !strings.Contains(err.Error(), "corrupt") || !strings.Contains(err.Error(), "backup") {
		t.Errorf("corrupt file: %v", err)
	}
	if got, _ := os.ReadFile(corrupt); string(got) != string(junk) {
		t.Error("the corrupt file was changed")
	}

	newer := filepath.Join(dir, "newer.db")
	db, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(context.Background(), newer, Options{}); err == nil || !strings.Contains(err.Error(), "newer than this landscape") {
		t.Errorf("newer schema: %v", err)
	}

	if os.Geteuid() != 0 { // root writes read-only files anyway
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o755); err != nil {
			t.Fatal(err)
		}
		s := open(t, filepath.Join(ro, FileName), &clock{t: t0})
		s.Close()
		os.Chmod(filepath.Join(ro, FileName), 0o444)
		os.Chmod(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		if _, err := Open(context.Background(), filepath.Join(ro, FileName), Options{}); err == nil || !strings.Contains(err.Error(), "writable") {
			t.Errorf("read-only file: %v", err)
		}
	}
}

// A file another process holds exclusively: a clear error after the busy
// timeout, not a hang.
func TestLockedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	open(t, path, &clock{t: t0}).Close()
	holder, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO seen_events VALUES ('x', 1)`); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), path, Options{BusyTimeout: 200 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "locked") || !strings.Contains(err.Error(), path) {
		t.Errorf("locked file: %v", err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), FileName), &clock{t: t0})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				q := Question{At: t0, Channel: "C1", UserHash: HashUser("T", fmt.Sprint(w)), Text: fmt.Sprintf("q%d-%d", w, i)}
				if err := s.LogQuestion(context.Background(), q); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.SeenEvent(context.Background(), fmt.Sprintf("e%d-%d", w, i), time.Hour); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	a, err := s.ActivityBetween(context.Background(), t0, t0.Add(time.Second))
	if err != nil || a.UnansweredCount != 400 {
		t.Errorf("%d questions logged, want 400 (%v)", a.UnansweredCount, err)
	}
}

func TestSeenEventExpires(t *testing.T) {
	c := &clock{t: t0}
	s := open(t, filepath.Join(t.TempDir(), FileName), c)
	ctx := context.Background()
	for _, step := range []struct {
		advance time.Duration
		want    bool
	}{{0, true}, {time.Minute, false}, {20 * time.Minute, true}, {time.Second, false}} {
		c.add(step.advance)
		got, err := s.SeenEvent(ctx, "Ev1", 15*time.Minute)
		if err != nil || got != step.want {
			t.Errorf("after %v: new = %v, %v; want %v", step.advance, got, err, step.want)
		}
	}
}

func TestActivity(t *testing.T) {
	c := &clock{t: t0}
	s := open(t, filepath.Join(t.TempDir(), FileName), c)
	ctx := context.Background()
	log := func(at time.Time, q string, answered bool) {
		if err := s.LogQuestion(ctx, Question{At: at, Channel: "C1", UserHash: "h", Text: q, Answered: answered}); err != nil {
			t.Fatal(err)
		}
	}
	log(t0.Add(-48*time.Hour), "too old", false)
	for i := range 3 {
		log(t0.Add(time.Duration(i)*time.Minute), "How much investment?", true)
	}
	log(t0.Add(5*time.Minute), "how much investment?", true)
	log(t0.Add(6*time.Minute), "Who wrote it?", true)
	log(t0.Add(7*time.Minute), "what about robots in Peru?", false)
	log(t0.Add(8*time.Minute), "what about robots in Peru?", false)
	if err := s.RecordFeedback(ctx, Feedback{At: t0, Up: false, Question: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFeedback(ctx, Feedback{At: t0, Up: true, Question: "y"}); err != nil {
		t.Fatal(err)
	}
	if err := s.NoteDocuments(ctx, []Document{{ID: "old", Title: "Old", FirstSeen: t0.Add(-72 * time.Hour)}, {ID: "new", Title: "New"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.NoteDocuments(ctx, []Document{{ID: "new", Title: "New", FirstSeen: t0.Add(time.Hour)}}); err != nil { // first seen stays
		t.Fatal(err)
	}
	got, err := s.ActivityBetween(ctx, t0.Add(-time.Hour), t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got.NewDocuments {
		got.NewDocuments[i].FirstSeen = time.Time{}
	}
	want := Activity{
		NewDocuments:    []Document{{ID: "new", Title: "New"}},
		Unanswered:      []string{"what about robots in Peru?"},
		UnansweredCount: 2,
		MostAsked:       []Asked{{"How much investment?", 4}, {"what about robots in Peru?", 2}, {"Who wrote it?", 1}},
		DownVotes:       1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("activity (-want +got):\n%s", diff)
	}
}

func TestClaimDigest(t *testing.T) {
	c := &clock{t: t0}
	path := filepath.Join(t.TempDir(), FileName)
	a, b := open(t, path, c), open(t, path, c) // two replicas, one file
	ctx := context.Background()
	slot := t0
	lease := 2 * time.Minute
	claim := func(s *Store, owner string) Claim {
		t.Helper()
		cl, err := s.ClaimDigest(ctx, slot, "C1", owner, lease)
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	if got := claim(a, "a"); got != ClaimNew {
		t.Fatalf("first claim = %v", got)
	}
	if got := claim(b, "b"); got != ClaimNone {
		t.Fatalf("second replica claimed a fresh claim: %v", got)
	}
	// a dies before posting: after the lease, b takes over and retries.
	c.add(3 * time.Minute)
	if got := claim(b, "b"); got != ClaimRetry {
		t.Fatalf("stale claim = %v, want retry", got)
	}
	// b dies while posting: after the lease, a must verify first.
	if err := b.MarkDigest(ctx, slot, StatePosting, ""); err != nil {
		t.Fatal(err)
	}
	if got := claim(a, "a"); got != ClaimNone {
		t.Fatalf("claim of a fresh post in progress = %v", got)
	}
	c.add(3 * time.Minute)
	if got := claim(a, "a"); got != ClaimVerify {
		t.Fatalf("stale posting = %v, want verify", got)
	}
	// A failed post is retried at once; a posted one never again.
	if err := a.MarkDigest(ctx, slot, StateFailed, ""); err != nil {
		t.Fatal(err)
	}
	if got := claim(b, "b"); got != ClaimRetry {
		t.Fatalf("failed = %v, want retry", got)
	}
	if err := b.MarkDigest(ctx, slot, StatePosted, "1700.1"); err != nil {
		t.Fatal(err)
	}
	c.add(time.Hour)
	if got := claim(a, "a"); got != ClaimNone {
		t.Fatalf("posted slot claimed again: %v", got)
	}
	if last, ok, err := a.LastPosted(ctx, slot.Add(time.Second)); err != nil || !ok || !last.Equal(slot) {
		t.Errorf("LastPosted = %v %v %v", last, ok, err)
	}
}

// Many claimers at once: exactly one wins.
func TestClaimRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	c := &clock{t: t0}
	var stores []*Store
	for range 4 {
		stores = append(stores, open(t, path, c))
	}
	var mu sync.Mutex
	wins := 0
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			cl, err := stores[i%4].ClaimDigest(context.Background(), t0, "C1", fmt.Sprint(i), time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			if cl == ClaimNew {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d claimers won, want 1", wins)
	}
}

// What each failure of the file says, whatever user runs the tests (root
// writes read-only files, so TestBadFilesAreExplainedNotReset cannot show
// that one there).
func TestExplain(t *testing.T) {
	tests := []struct{ name, err, want string }{
		{"corrupt", "file is not a database (26)", "corrupt"},
		{"malformed", "database disk image is malformed", "restore it from a backup"},
		{"read-only", "attempt to write a readonly database (8)", "writable"},
		{"permission", "unable to open database file: permission denied", "LANDSCAPE_DATA_DIR"},
		{"locked", "database is locked (5) (SQLITE_BUSY)", "locked by another process"},
		{"other", "disk I/O error", "state store /x/landscape.db: disk I/O error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := explain("/x/landscape.db", errors.New(tt.err)).Error()
			if !strings.Contains(got, tt.want) || !strings.Contains(got, "/x/landscape.db") {
				t.Errorf("explain(%q) = %q, want it to name the file and say %q", tt.err, got, tt.want)
			}
		})
	}
}
