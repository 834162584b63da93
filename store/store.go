// Package store owns the bot's memory: the question log, feedback, the
// digest ledger, recently seen and claimed Slack requests, conversation
// context, when each document was first seen, curators' adds and removes,
// followed feeds (with the lease by which one replica polls each, and the
// items their polls saw), channels' scopes, the key users are hashed
// with, and the name each process claims by. One process keeps it in a SQLite file
// (pure Go, no cgo); several replicas share one PostgreSQL database. Both
// backends run the same queries behind the same Store, each with its own
// versioned migrations (migrations/sqlite, migrations/postgres). A Store is
// safe for concurrent use by the bot's workers and by several processes.
package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Store is an open state store.
type Store struct {
	db       *sql.DB
	postgres bool   // placeholders are $1, $2… instead of ?
	location string // the file, or the server and database, for messages
	now      func() time.Time
	// explain turns a backend's error into one that says what to do.
	explain func(error) error
	close   func() // releases what the backend holds besides db
	userKey []byte // HashUser's key
}

// Options tunes Open and OpenPostgres; zero values take the defaults.
type Options struct {
	// BusyTimeout is how long a SQLite write waits for another writer
	// (default 5 s).
	BusyTimeout time.Duration
	Now         func() time.Time
}

func (o Options) withDefaults() Options {
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// start brings a newly opened store's schema up to date and loads its keys.
func (s *Store) start(ctx context.Context) error {
	if err := s.migrate(ctx); err != nil {
		return err
	}
	return s.loadUserKey(ctx)
}

// ErrNoStore is the read-only openers' error for a store that does not
// exist or holds no landscape schema yet: nothing has been recorded.
var ErrNoStore = errors.New("no state store yet")

// Close closes the store.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.close != nil {
		s.close()
	}
	return err
}

// Location names the store for people: its file, or its PostgreSQL server
// and database (never a password).
func (s *Store) Location() string { return s.location }

// sql adapts a query written with ? placeholders to the backend.
func (s *Store) sql(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fail explains err, or returns nil.
func (s *Store) fail(err error) error {
	if err == nil {
		return nil
	}
	return s.explain(err)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// userKeyName is the secrets row holding HashUser's key.
const userKeyName = "user_hash"

// loadUserKey reads the store's user-hash key, making it on first use. The
// first replica to write it wins; the others read that one.
func (s *Store) loadUserKey(ctx context.Context) error {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return fmt.Errorf("state store %s: random key: %w", s.location, err)
	}
	if _, err := s.db.ExecContext(ctx, s.sql(`INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`),
		userKeyName, hex.EncodeToString(fresh)); err != nil {
		return s.explain(err)
	}
	return s.readUserKey(ctx)
}

// readUserKey reads the store's user-hash key, writing nothing: a store
// opened read-only that has none yet (no replica has written one) keeps
// none, and has no keyed hashes to find either.
func (s *Store) readUserKey(ctx context.Context) error {
	var v string
	err := s.db.QueryRowContext(ctx, s.sql(`SELECT value FROM secrets WHERE name = ?`), userKeyName).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return s.explain(err)
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 16 {
		return fmt.Errorf("state store %s: the user-hash key in table secrets is damaged; restore the store from a backup", s.location)
	}
	s.userKey = key
	return nil
}

// HashUser is how user IDs are kept: a keyed hash (HMAC-SHA256 with a
// random key of this store, shared by its replicas), enough to count and
// group a user's questions, useless to find who asked without the key.
func (s *Store) HashUser(team, user string) string {
	h := hmac.New(sha256.New, s.userKey)
	h.Write([]byte(team + "\x00" + user))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// NewOwner names this process as the owner of what it claims in the store
// (requests, digest slots): host and pid for people, and a random part,
// because a restarted container has the same of both. A process makes
// one and uses it for all its claims.
func NewOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// column runs query and returns its one column of strings.
func (s *Store) column(ctx context.Context, query string, args ...any) ([]string, error) {
	return queryAll(ctx, s, query, args, func(rows *sql.Rows) (v string, err error) {
		return v, rows.Scan(&v)
	})
}

// queryAll runs query and returns a value per row, made by scan.
func queryAll[T any](ctx context.Context, s *Store, query string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, s.sql(query), args...)
	if err != nil {
		return nil, s.explain(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.explain(err)
		}
		out = append(out, v)
	}
	return out, s.fail(rows.Err())
}
