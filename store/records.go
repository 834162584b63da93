package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Question is one question asked of the bot.
type Question struct {
	At         time.Time
	Channel    string
	UserHash   string // Store.HashUser
	Text       string
	Answered   bool
	Confidence float64
	TopSource  string // document ID of the answer or first related passage
}

// LogQuestion records q.
func (s *Store) LogQuestion(ctx context.Context, q Question) error {
	_, err := s.db.ExecContext(ctx, s.sql(`INSERT INTO questions (at, channel, user_hash, question, answered, confidence, top_source) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		ms(q.At), q.Channel, q.UserHash, q.Text, q.Answered, q.Confidence, q.TopSource)
	if err != nil {
		return s.explain(err)
	}
	return nil
}

// Feedback is a 👍 or 👎 on an answer.
type Feedback struct {
	At       time.Time
	Channel  string
	UserHash string
	Question string
	Source   string
	Up       bool
}

// RecordFeedback records f.
func (s *Store) RecordFeedback(ctx context.Context, f Feedback) error {
	_, err := s.db.ExecContext(ctx, s.sql(`INSERT INTO feedback (at, channel, user_hash, question, source, up) VALUES (?, ?, ?, ?, ?, ?)`),
		ms(f.At), f.Channel, f.UserHash, f.Question, f.Source, f.Up)
	if err != nil {
		return s.explain(err)
	}
	return nil
}

// Document is a corpus document as the store knows it.
type Document struct {
	ID, Title string
	FirstSeen time.Time
	// AddedBy is the Slack user id of the curator who added it from Slack
	// (ActivityBetween), "" for a file put in the folder otherwise.
	AddedBy string
}

// NoteDocuments records the first-seen time of documents not seen before.
func (s *Store) NoteDocuments(ctx context.Context, docs []Document) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.explain(err)
	}
	defer tx.Rollback()
	for _, d := range docs {
		at := d.FirstSeen
		if at.IsZero() {
			at = s.now()
		}
		if _, err := tx.ExecContext(ctx, s.sql(`INSERT INTO documents (id, title, first_seen) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`), d.ID, d.Title, ms(at)); err != nil {
			return s.explain(err)
		}
	}
	return s.fail(tx.Commit())
}

// Activity is what happened in a period, for the digest.
type Activity struct {
	NewDocuments    []Document
	Unanswered      []string // up to five, most recent first
	UnansweredCount int
	MostAsked       []Asked // top three
	DownVotes       int
}

// Asked is a question and how often it was asked.
type Asked struct {
	Question string
	Count    int
}

// ActivityBetween returns the activity in [from, to).
func (s *Store) ActivityBetween(ctx context.Context, from, to time.Time) (Activity, error) {
	var a Activity
	f, t := ms(from), ms(to)
	rows, err := s.db.QueryContext(ctx, s.sql(`SELECT d.id, d.title, d.first_seen,
		COALESCE((SELECT c.user_id FROM curation c WHERE c.doc_id = d.id AND c.outcome = ? ORDER BY c.at DESC, c.id DESC LIMIT 1), '')
		FROM documents d WHERE d.first_seen >= ? AND d.first_seen < ? ORDER BY d.first_seen DESC, d.id`), OutcomeAdded, f, t)
	if err != nil {
		return a, s.explain(err)
	}
	for rows.Next() {
		var d Document
		var at int64
		if err := rows.Scan(&d.ID, &d.Title, &at, &d.AddedBy); err != nil {
			rows.Close()
			return a, s.explain(err)
		}
		d.FirstSeen = time.UnixMilli(at)
		a.NewDocuments = append(a.NewDocuments, d)
	}
	rows.Close()
	if err := s.db.QueryRowContext(ctx, s.sql(`SELECT COUNT(*) FROM questions WHERE NOT answered AND at >= ? AND at < ?`), f, t).Scan(&a.UnansweredCount); err != nil {
		return a, s.explain(err)
	}
	if a.Unanswered, err = s.column(ctx, `SELECT MIN(question) FROM questions WHERE NOT answered AND at >= ? AND at < ? GROUP BY lower(question) ORDER BY MAX(at) DESC LIMIT 5`, f, t); err != nil {
		return a, err
	}
	rows, err = s.db.QueryContext(ctx, s.sql(`SELECT MIN(question), COUNT(*) AS n FROM questions WHERE at >= ? AND at < ? GROUP BY lower(question) ORDER BY n DESC, MAX(at) DESC LIMIT 3`), f, t)
	if err != nil {
		return a, s.explain(err)
	}
	for rows.Next() {
		var q Asked
		if err := rows.Scan(&q.Question, &q.Count); err != nil {
			rows.Close()
			return a, s.explain(err)
		}
		a.MostAsked = append(a.MostAsked, q)
	}
	rows.Close()
	if err := s.db.QueryRowContext(ctx, s.sql(`SELECT COUNT(*) FROM feedback WHERE NOT up AND at >= ? AND at < ?`), f, t).Scan(&a.DownVotes); err != nil {
		return a, s.explain(err)
	}
	return a, nil
}

func (s *Store) column(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.sql(query), args...)
	if err != nil {
		return nil, s.explain(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, s.explain(err)
		}
		out = append(out, v)
	}
	return out, s.fail(rows.Err())
}

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
