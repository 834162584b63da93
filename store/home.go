package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// RecentQuestions returns the last n distinct questions of the user whose
// hash is userHash (HashUser), most recent first, each as last typed: the
// App Home's "your recent questions". (The latest spelling, not MIN's:
// which of two spellings is least depends on PostgreSQL's collation.)
func (s *Store) RecentQuestions(ctx context.Context, userHash string, n int) ([]string, error) {
	return s.column(ctx, `SELECT question FROM (
		SELECT question, at, id, ROW_NUMBER() OVER (PARTITION BY lower(question) ORDER BY at DESC, id DESC) AS latest
		FROM questions WHERE user_hash = ?) AS asked
		WHERE latest = 1 ORDER BY at DESC, id DESC LIMIT ?`, userHash, n)
}

// PostedDigest is a digest that went out: its slot and its message.
type PostedDigest struct {
	Slot        time.Time
	Channel, TS string
}

// LatestDigest returns the latest posted digest; false when none was.
func (s *Store) LatestDigest(ctx context.Context) (PostedDigest, bool, error) {
	var d PostedDigest
	var slot int64
	err := s.db.QueryRowContext(ctx, s.sql(`SELECT slot, channel, ts FROM digests WHERE state = ? ORDER BY slot DESC LIMIT 1`), StatePosted).Scan(&slot, &d.Channel, &d.TS)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, s.explain(err)
	}
	d.Slot = time.UnixMilli(slot)
	return d, true, nil
}
