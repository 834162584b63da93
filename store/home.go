package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// RecentQuestions returns the last n distinct questions of the user whose
// hash is userHash (HashUser), most recent first: the App Home's "your
// recent questions".
func (s *Store) RecentQuestions(ctx context.Context, userHash string, n int) ([]string, error) {
	return s.column(ctx, `SELECT MIN(question) FROM questions WHERE user_hash = ? GROUP BY lower(question) ORDER BY MAX(at) DESC, MAX(id) DESC LIMIT ?`, userHash, n)
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
	err := s.db.QueryRowContext(ctx, `SELECT slot, channel, ts FROM digests WHERE state = ? ORDER BY slot DESC LIMIT 1`, StatePosted).Scan(&slot, &d.Channel, &d.TS)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, explain(s.path, err)
	}
	d.Slot = time.UnixMilli(slot)
	return d, true, nil
}
