package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The digest ledger: one row per scheduled slot, claimed before posting,
// so that restarts and replicas post each digest once.

// Claim is the outcome of claiming a digest slot.
type Claim int

const (
	// ClaimNone: the slot is done, skipped, or being posted by someone else.
	ClaimNone Claim = iota
	// ClaimNew: first claim; post it.
	ClaimNew
	// ClaimRetry: an earlier attempt failed or died before posting; post it.
	ClaimRetry
	// ClaimVerify: an earlier attempt died while posting; look for its
	// message in the channel before posting again.
	ClaimVerify
)

// Digest states in the ledger.
const (
	StateClaimed = "claimed"
	StatePosting = "posting"
	StatePosted  = "posted"
	StateFailed  = "failed"
	StateSkipped = "skipped"
	StateUnknown = "unknown" // died while posting and could not be verified
)

// ClaimDigest claims slot for owner, atomically across processes sharing
// the store. A claim older than lease whose owner never finished is taken
// over.
func (s *Store) ClaimDigest(ctx context.Context, slot time.Time, channel, owner string, lease time.Duration) (Claim, error) {
	tx, err := s.db.BeginTx(ctx, nil) // SQLite: immediate, one claimer at a time
	if err != nil {
		return ClaimNone, s.explain(err)
	}
	defer tx.Rollback()
	now := s.now()
	res, err := tx.ExecContext(ctx, s.sql(`INSERT INTO digests (slot, channel, state, owner, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(slot) DO NOTHING`),
		ms(slot), channel, StateClaimed, owner, ms(now))
	if err != nil {
		return ClaimNone, s.explain(err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return ClaimNew, s.fail(tx.Commit())
	}
	var state string
	var updated int64
	if err := tx.QueryRowContext(ctx, s.sql(`SELECT state, updated_at FROM digests WHERE slot = ?`), ms(slot)).Scan(&state, &updated); err != nil {
		return ClaimNone, s.explain(err)
	}
	stale := now.Sub(time.UnixMilli(updated)) > lease
	var claim Claim
	switch {
	case state == StateFailed:
		claim = ClaimRetry
	case state == StateClaimed && stale:
		claim = ClaimRetry
	case state == StatePosting && stale:
		claim = ClaimVerify
	default:
		return ClaimNone, nil
	}
	// Only if the row is still as read: on PostgreSQL another claimer may
	// have taken it over meanwhile (SQLite's immediate transaction already
	// keeps it out).
	res, err = tx.ExecContext(ctx, s.sql(`UPDATE digests SET state = ?, owner = ?, updated_at = ? WHERE slot = ? AND state = ? AND updated_at = ?`),
		StateClaimed, owner, ms(now), ms(slot), state, updated)
	if err != nil {
		return ClaimNone, s.explain(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ClaimNone, nil
	}
	return claim, s.fail(tx.Commit())
}

// MarkDigest sets a slot's state (and, once posted, its message ts).
func (s *Store) MarkDigest(ctx context.Context, slot time.Time, state, ts string) error {
	_, err := s.db.ExecContext(ctx, s.sql(`UPDATE digests SET state = ?, ts = ?, updated_at = ? WHERE slot = ?`), state, ts, ms(s.now()), ms(slot))
	return s.fail(err)
}

// SkipDigest records that slot was missed and will not be posted; it
// reports false when the slot already had a row.
func (s *Store) SkipDigest(ctx context.Context, slot time.Time, channel, owner string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.sql(`INSERT INTO digests (slot, channel, state, owner, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(slot) DO NOTHING`),
		ms(slot), channel, StateSkipped, owner, ms(s.now()))
	if err != nil {
		return false, s.explain(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DigestState returns a slot's state and message ts ("" when no row).
func (s *Store) DigestState(ctx context.Context, slot time.Time) (state, ts string, err error) {
	err = s.db.QueryRowContext(ctx, s.sql(`SELECT state, ts FROM digests WHERE slot = ?`), ms(slot)).Scan(&state, &ts)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return state, ts, s.fail(err)
}

// LastPosted returns the latest posted digest slot before t.
func (s *Store) LastPosted(ctx context.Context, before time.Time) (time.Time, bool, error) {
	var slot sql.NullInt64
	if err := s.db.QueryRowContext(ctx, s.sql(`SELECT MAX(slot) FROM digests WHERE state = ? AND slot < ?`), StatePosted, ms(before)).Scan(&slot); err != nil {
		return time.Time{}, false, s.explain(err)
	}
	if !slot.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(slot.Int64), true, nil
}
