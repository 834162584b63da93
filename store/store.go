// Package store is the bot's memory: a SQLite file (pure Go, no cgo) that
// holds the question log, feedback, the digest ledger, recently seen Slack
// events and when each document was first seen. It is safe for concurrent
// use by the bot's workers and by several bot processes sharing the file
// (WAL, a busy timeout, immediate transactions for claims).
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// FileName is the store's file name inside LANDSCAPE_DATA_DIR.
const FileName = "landscape.db"

// Store is an open state store.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

// Options tunes Open; zero values take the defaults.
type Options struct {
	// BusyTimeout is how long a write waits for another writer (default 5 s).
	BusyTimeout time.Duration
	Now         func() time.Time
}

// migrations are applied in order, each once; schema_version holds how many
// have been. Never edit one that has shipped: add another.
var migrations = []string{
	`CREATE TABLE questions (
		id INTEGER PRIMARY KEY,
		at INTEGER NOT NULL,          -- unix ms
		channel TEXT NOT NULL,
		user_hash TEXT NOT NULL,      -- never the Slack user id itself
		question TEXT NOT NULL,
		answered INTEGER NOT NULL,
		confidence REAL NOT NULL,
		top_source TEXT NOT NULL
	);
	CREATE INDEX questions_at ON questions(at);
	CREATE TABLE feedback (
		id INTEGER PRIMARY KEY,
		at INTEGER NOT NULL,
		channel TEXT NOT NULL,
		user_hash TEXT NOT NULL,
		question TEXT NOT NULL,
		source TEXT NOT NULL,
		up INTEGER NOT NULL
	);
	CREATE INDEX feedback_at ON feedback(at);
	CREATE TABLE digests (
		slot INTEGER PRIMARY KEY,     -- the scheduled time, unix ms: one row per slot
		channel TEXT NOT NULL,
		state TEXT NOT NULL,          -- claimed, posting, posted, failed, skipped, unknown
		owner TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		ts TEXT NOT NULL DEFAULT ''   -- the Slack message, once posted
	);
	CREATE TABLE seen_events (
		key TEXT PRIMARY KEY,
		at INTEGER NOT NULL
	);
	CREATE TABLE documents (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		first_seen INTEGER NOT NULL
	);`,
}

// Open opens (creating if needed) the store at path and brings its schema
// up to date. A locked, read-only or corrupt file is an error that names the
// file and says what to do; the file is never reset.
func Open(ctx context.Context, path string, o Options) (*Store, error) {
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state store %s: %w", path, err)
	}
	dsn := fmt.Sprintf("file:%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate",
		path, o.BusyTimeout.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, explain(path, err)
	}
	s := &Store{db: db, path: path, now: o.Now}
	if err := s.check(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// ErrNoStore is OpenReadOnly's error for a file that does not exist or
// holds no landscape schema yet: nothing has been recorded.
var ErrNoStore = errors.New("no state store yet")

// OpenReadOnly opens the store at path to read it, never to write: nothing
// is created or migrated (an empty file stays empty), and a read-only file
// or folder is fine. A schema older or newer than this landscape's is an
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
		return nil, explain(path, err)
	}
	s := &Store{db: db, path: path, now: time.Now}
	v, err := s.SchemaVersion(ctx)
	switch {
	case err != nil && strings.Contains(err.Error(), "no such table"), err == nil && v == 0:
		db.Close()
		return nil, ErrNoStore
	case err != nil:
		db.Close()
		return nil, explain(path, err)
	case v != len(migrations):
		db.Close()
		return nil, fmt.Errorf("state store %s has schema version %d, this landscape reads %d: run the landscape that matches it, or `landscape serve` once to migrate it", path, v, len(migrations))
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Path is the store's file.
func (s *Store) Path() string { return s.path }

func (s *Store) check(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil {
		return explain(s.path, err)
	}
	if res != "ok" {
		return explain(s.path, errors.New("database disk image is malformed: "+res))
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return explain(s.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return explain(s.path, err)
	}
	var v int
	switch err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return explain(s.path, err)
		}
	case err != nil:
		return explain(s.path, err)
	}
	if v > len(migrations) {
		return fmt.Errorf("state store %s: schema version %d is newer than this landscape (%d): upgrade landscape, or point LANDSCAPE_DATA_DIR elsewhere", s.path, v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("state store %s: migration %d: %w", s.path, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, len(migrations)); err != nil {
		return explain(s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return explain(s.path, err)
	}
	return nil
}

// SchemaVersion is how many migrations the file has.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

// explain turns SQLite's errors about the file itself into ones that say
// what to do.
func explain(path string, err error) error {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "file is encrypted"):
		return fmt.Errorf("state store %s is corrupt or not a landscape store (%v): restore it from a backup, or move it away to start a new one (the question log and digest ledger in it would be lost)", path, err)
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "permission denied") || strings.Contains(msg, "unable to open"):
		return fmt.Errorf("state store %s cannot be written (%v): make the file and its folder writable for this user, or set LANDSCAPE_DATA_DIR to a writable folder", path, err)
	case strings.Contains(msg, "locked") || strings.Contains(msg, "busy"):
		return fmt.Errorf("state store %s is locked by another process (%v): stop the other landscape, or give this one its own LANDSCAPE_DATA_DIR", path, err)
	}
	return fmt.Errorf("state store %s: %w", path, err)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// HashUser is how user IDs are kept: a one-way hash, enough to count
// distinct askers, useless to find who asked.
func HashUser(team, user string) string {
	h := sha256.Sum256([]byte("landscape\x00" + team + "\x00" + user))
	return hex.EncodeToString(h[:8])
}
