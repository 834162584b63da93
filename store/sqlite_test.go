package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

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

	if os.Geteuid() != 0 { // root writes read-only files anyway
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o755); err != nil {
			t.Fatal(err)
		}
		backends[0].store(t, filepath.Join(ro, FileName), &clock{t: t0}).Close()
		os.Chmod(filepath.Join(ro, FileName), 0o444)
		os.Chmod(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		if _, err := Open(context.Background(), filepath.Join(ro, FileName), Options{}); err == nil || !strings.Contains(err.Error(), "writable") {
			t.Errorf("read-only file: %v", err)
		}
	}
}

// A file made before PostgreSQL support (schema version 1, unkeyed user
// hashes) is brought up to date: its data kept, the guessable hashes gone.
func TestUpgradeFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{steps[0], `CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1)`,
		`INSERT INTO questions (at, channel, user_hash, question, answered, confidence, top_source) VALUES (1, 'C1', 'abcdef0123456789', 'old question', 1, 0.9, 'doc')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := backends[0].store(t, path, &clock{t: t0})
	if v, err := s.SchemaVersion(context.Background()); err != nil || v != len(steps) {
		t.Errorf("version %d, %v; want %d", v, err, len(steps))
	}
	var q, hash string
	if err := s.db.QueryRow(`SELECT question, user_hash FROM questions`).Scan(&q, &hash); err != nil || q != "old question" || hash != "" {
		t.Errorf("old row: %q %q %v; want the question kept and its hash dropped", q, hash, err)
	}
}

// A file another process holds exclusively: a clear error after the busy
// timeout, not a hang.
func TestLockedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	backends[0].store(t, path, &clock{t: t0}).Close()
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

// helperEnv makes the test binary a store-opening process for
// TestProcessesShareOneFile.
const helperEnv = "LANDSCAPE_STORE_TEST_HELPER"

// TestHelperProcess is not a test: run by TestProcessesShareOneFile as a
// separate process, it opens the store named by helperEnv and writes to it.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process only")
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	for i := range 20 {
		if _, err := s.ClaimEvent(context.Background(), []string{fmt.Sprintf("event:%d-%d", os.Getpid(), i)}, []byte(`{}`), "p", time.Minute); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// Several processes starting at once on one new file (replicas sharing a
// volume) all open it and write: no "locked" error.
func TestProcessesShareOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 40 processes")
	}
	for round := range 10 {
		path := filepath.Join(t.TempDir(), FileName)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
				cmd.Env = append(os.Environ(), helperEnv+"="+path)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("round %d: a process failed: %v\n%s", round, err, out)
				}
			})
		}
		wg.Wait()
		s := backends[0].store(t, path, &clock{t: t0})
		var n int
		if err := s.db.QueryRow(`SELECT COUNT(*) FROM event_claims`).Scan(&n); err != nil || n != 80 {
			t.Errorf("round %d: %d events claimed, want 80 (%v)", round, n, err)
		}
	}
}

// What each failure of the file says, whatever user runs the tests (root
// writes read-only files, so TestBadFilesAreExplainedNotReset cannot show
// that one there).
func TestExplainSQLite(t *testing.T) {
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
			got := explainSQLite("/x/landscape.db", errors.New(tt.err)).Error()
			if !strings.Contains(got, tt.want) || !strings.Contains(got, "/x/landscape.db") {
				t.Errorf("explainSQLite(%q) = %q, want it to name the file and say %q", tt.err, got, tt.want)
			}
		})
	}
}
