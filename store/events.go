package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"
)

// SeenFor is how long an event's keys are remembered: a redelivery or a
// double delivery within it is not answered again. Slack retries within
// minutes; a day also covers a replica that was down for a while.
const SeenFor = 24 * time.Hour

// Event is a claimed event not answered yet.
type Event struct {
	ID       string // the first of the keys it was claimed with
	Payload  []byte // what answering it takes, as the claimer wrote it
	Attempts int    // claims so far: 1 for the first, more after takeovers
}

// ClaimEvent records an event under all its keys (its event ID, its
// channel+ts…) and its payload, leased to owner, in one transaction: it
// reports false, recording nothing, when any key was seen within SeenFor,
// so that of two replicas racing on the same event (or on two deliveries
// of one message) exactly one claims it. keys[0] becomes the event's ID.
func (s *Store) ClaimEvent(ctx context.Context, keys []string, payload []byte, owner string, lease time.Duration) (bool, error) {
	now := s.now()
	cutoff := ms(now.Add(-SeenFor))
	tx, err := s.db.BeginTx(ctx, nil) // SQLite: immediate, one claimer at a time
	if err != nil {
		return false, s.explain(err)
	}
	defer tx.Rollback()
	// In a fixed order, so that two PostgreSQL transactions inserting the
	// same keys wait for each other instead of deadlocking.
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	for _, k := range slices.Compact(sorted) {
		res, err := tx.ExecContext(ctx, s.sql(`INSERT INTO seen_events (key, at) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET at = excluded.at WHERE seen_events.at < ?`), k, ms(now), cutoff)
		if err != nil {
			return false, s.explain(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return false, nil // seen: the rollback forgets the keys inserted so far
		}
	}
	if _, err := tx.ExecContext(ctx, s.sql(`INSERT INTO event_claims (id, payload, owner, lease_until, attempts, created_at) VALUES (?, ?, ?, ?, 1, ?)
		ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, owner = excluded.owner, lease_until = excluded.lease_until, attempts = 1, created_at = excluded.created_at`),
		keys[0], string(payload), owner, ms(now.Add(lease)), ms(now)); err != nil {
		return false, s.explain(err)
	}
	if err := tx.Commit(); err != nil {
		return false, s.explain(err)
	}
	if now.UnixNano()%64 == 0 { // now and then, not on every event
		_, _ = s.db.ExecContext(ctx, s.sql(`DELETE FROM seen_events WHERE at < ?`), cutoff)
	}
	return true, nil
}

// FinishEvent forgets a claimed event's payload once it is answered (or
// given up on): nobody takes it over any more. Its keys stay seen.
func (s *Store) FinishEvent(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, s.sql(`DELETE FROM event_claims WHERE id = ?`), id)
	return s.fail(err)
}

// ReleaseEvent ends owner's lease on an event it will not answer (it is
// shutting down), so that another replica takes it over at once.
func (s *Store) ReleaseEvent(ctx context.Context, id, owner string) error {
	_, err := s.db.ExecContext(ctx, s.sql(`UPDATE event_claims SET lease_until = 0 WHERE id = ? AND owner = ?`), id, owner)
	return s.fail(err)
}

// RenewEvents extends the leases of every event owner holds: a replica that
// is alive keeps its events however long its queue.
func (s *Store) RenewEvents(ctx context.Context, owner string, lease time.Duration) error {
	_, err := s.db.ExecContext(ctx, s.sql(`UPDATE event_claims SET lease_until = ? WHERE owner = ? AND lease_until > 0`), ms(s.now().Add(lease)), owner)
	return s.fail(err)
}

// ReclaimEvents takes over up to limit events whose lease ran out (their
// owner died, hung or let them go), oldest first, leasing them to owner.
// Each is taken by one replica only: the takeover holds only if the lease
// is still the one read.
func (s *Store) ReclaimEvents(ctx context.Context, owner string, lease time.Duration, limit int) ([]Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	now := s.now()
	rows, err := s.db.QueryContext(ctx, s.sql(`SELECT id, lease_until FROM event_claims WHERE lease_until < ? ORDER BY created_at LIMIT ?`), ms(now), limit)
	if err != nil {
		return nil, s.explain(err)
	}
	type expired struct {
		id    string
		lease int64
	}
	var candidates []expired
	for rows.Next() {
		var e expired
		if err := rows.Scan(&e.id, &e.lease); err != nil {
			rows.Close()
			return nil, s.explain(err)
		}
		candidates = append(candidates, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.explain(err)
	}
	var out []Event
	for _, c := range candidates {
		var e Event
		var payload string
		err := s.db.QueryRowContext(ctx, s.sql(`UPDATE event_claims SET owner = ?, lease_until = ?, attempts = attempts + 1
			WHERE id = ? AND lease_until = ? RETURNING id, payload, attempts`), owner, ms(now.Add(lease)), c.id, c.lease).Scan(&e.ID, &payload, &e.Attempts)
		if err == nil {
			e.Payload = []byte(payload)
			out = append(out, e)
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return out, s.explain(err)
		}
		// another replica took it first
	}
	return out, nil
}
