package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// FileName is the SQLite store's file name inside LANDSCAPE_DATA_DIR.
const FileName = "landscape.db"

// Open opens (creating if needed) the SQLite store at path and brings its
// schema up to date. Several processes may open the same file: WAL lets
// readers and a writer work at once, and writers wait up to BusyTimeout
// for one another. A locked, read-only or corrupt file is an error that
// names the file and says what to do; the file is never reset.
func Open(ctx context.Context, path string, o Options) (*Store, error) {
	o = o.withDefaults()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state store %s: %w", path, err)
	}
	dsn := fmt.Sprintf("file:%s?_pragma=busy_timeout(%d)&_pragma=synchronous(NORMAL)&_txlock=immediate",
		path, o.BusyTimeout.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, explainSQLite(path, err)
	}
	// One connection: the process's own writers queue in Go, first come
	// first served, instead of polling SQLite's lock with sleeps as
	// separate connections do; only other processes wait that way.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, location: path, now: o.Now, explain: func(err error) error { return explainSQLite(path, err) }}
	if err := s.wal(ctx, o.BusyTimeout); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.check(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.start(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// wal puts the file in WAL mode (kept in the file), so that readers and a
// writer of several processes work at once. SQLite answers "busy" at once,
// without waiting out busy_timeout, to a process switching the mode while
// another does (replicas starting together on a new file): wal retries
// until the busy timeout.
func (s *Store) wal(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		var mode string
		err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		if err == nil {
			return nil
		}
		if !isBusy(err) || time.Now().After(deadline) {
			return s.explain(err)
		}
		select {
		case <-ctx.Done():
			return s.explain(err)
		case <-time.After(time.Duration(10+rand.IntN(40)) * time.Millisecond):
		}
	}
}

func isBusy(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "locked") || strings.Contains(msg, "busy")
}

func (s *Store) check(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil {
		return s.explain(err)
	}
	if res != "ok" {
		return s.explain(errors.New("database disk image is malformed: " + res))
	}
	return nil
}

// explainSQLite turns SQLite's errors about the file itself into ones that
// say what to do.
func explainSQLite(path string, err error) error {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "file is encrypted"):
		return fmt.Errorf("state store %s is corrupt or not a landscape store (%v): restore it from a backup, or move it away to start a new one (the question log and digest ledger in it would be lost)", path, err)
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "permission denied") || strings.Contains(msg, "unable to open"):
		return fmt.Errorf("state store %s cannot be written (%v): make the file and its folder writable for this user, or set LANDSCAPE_DATA_DIR to a writable folder", path, err)
	case isBusy(err):
		return fmt.Errorf("state store %s is locked by another process (%v): if a program other than landscape holds it, stop it; replicas on several machines should share PostgreSQL (LANDSCAPE_STORE_URL) rather than one file", path, err)
	}
	return fmt.Errorf("state store %s: %w", path, err)
}

// OpenReadOnly opens the SQLite store at path to read it, never to write:
// nothing is created or migrated (an empty file stays empty), and a
// read-only file or folder is fine. A missing file or one with no schema
// yet is ErrNoStore; a schema older or newer than this landscape's is an
// error that says what to do.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoStore
	}
	// While a process has the store open, its write-ahead log holds the
	// latest writes: read through it, with SQLite's index beside it. With
	// no log, the file holds everything, and is read as immutable, so that
	// SQLite creates no log or index files for this reader.
	query := "mode=ro&immutable=1"
	if _, err := os.Stat(path + "-wal"); err == nil {
		query = "mode=ro&_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+query)
	if err != nil {
		return nil, explainSQLite(path, err)
	}
	s := &Store{db: db, location: path, now: time.Now, explain: func(err error) error { return explainSQLite(path, err) }}
	if err := s.openForReading(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}
