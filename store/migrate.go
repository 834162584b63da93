package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// Each backend has its own migrations, numbered alike: NNNN_name.sql, the
// same N and name in both folders (a test holds them to it). Migration N
// takes a store to schema version N. Never edit one that has shipped: add
// the next, to both folders.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrations returns the backend's migrations, in order.
func migrations(backend string) ([]string, error) {
	dir := path.Join("migrations", backend)
	names, err := fs.Glob(migrationFiles, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out[i] = string(b)
	}
	return out, nil
}

// migrate brings the schema up to date in one transaction that holds the
// backend's lock (SQLite: an immediate transaction is the only writer;
// PostgreSQL: an advisory lock per schema), so that replicas starting
// together migrate once. A schema newer than this binary knows is an
// error, never a reset.
func (s *Store) migrate(ctx context.Context) error {
	backend, lock := "sqlite", ""
	if s.postgres {
		backend = "postgres"
		lock = `SELECT pg_advisory_xact_lock(hashtextextended('landscape schema ' || current_schema(), 0))`
	}
	steps, err := migrations(backend)
	if err != nil {
		return fmt.Errorf("state store %s: migrations: %w", s.location, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.explain(err)
	}
	defer tx.Rollback()
	if lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return s.explain(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return s.explain(err)
	}
	var v int
	switch err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return s.explain(err)
		}
	case err != nil:
		return s.explain(err)
	}
	if v > len(steps) {
		return fmt.Errorf("state store %s: schema version %d is newer than this landscape (%d): upgrade landscape, or point it at another store; this one was left unchanged", s.location, v, len(steps))
	}
	if v == len(steps) {
		return nil
	}
	for i := v; i < len(steps); i++ {
		if _, err := tx.ExecContext(ctx, steps[i]); err != nil {
			return fmt.Errorf("state store %s: migration %d: %w", s.location, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.sql(`UPDATE schema_version SET version = ?`), len(steps)); err != nil {
		return s.explain(err)
	}
	return s.fail(tx.Commit())
}

// SchemaVersion is how many migrations the store has had.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	return v, s.fail(err)
}

// openForReading readies a store opened only to be read (OpenReadOnly,
// OpenPostgresReadOnly): it creates and migrates nothing, and so needs the
// schema this landscape reads. No schema yet is ErrNoStore; an older or
// newer one is an error that says what to do.
func (s *Store) openForReading(ctx context.Context) error {
	backend, exists := "sqlite", `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')`
	if s.postgres {
		backend, exists = "postgres", `SELECT to_regclass('schema_version') IS NOT NULL`
	}
	steps, err := migrations(backend)
	if err != nil {
		return fmt.Errorf("state store %s: migrations: %w", s.location, err)
	}
	var ok bool
	if err := s.db.QueryRowContext(ctx, exists).Scan(&ok); err != nil {
		return s.explain(err)
	}
	v := 0
	if ok {
		if v, err = s.SchemaVersion(ctx); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	switch {
	case v == 0:
		return ErrNoStore
	case v > len(steps):
		return fmt.Errorf("state store %s has schema version %d, newer than this landscape reads (%d): run the landscape that wrote it, or upgrade this one", s.location, v, len(steps))
	case v < len(steps):
		return fmt.Errorf("state store %s has schema version %d, older than this landscape reads (%d): run the landscape that matches it, or `landscape serve` once to migrate it", s.location, v, len(steps))
	}
	return s.readUserKey(ctx)
}
