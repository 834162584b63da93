package store

import (
	"context"
	"database/sql"
	"time"
)

// The question log, feedback and the documents first seen: what the
// digest reports of a period (ActivityBetween).

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
	// AddedBy is the Slack user id of the curator who added it from Slack,
	// or who followed the feed that brought it (ActivityBetween); "" for a
	// file put in the folder otherwise.
	AddedBy string
	// Feed is the title of the followed feed that brought it; "" for none.
	Feed string
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
	// FailingFeeds are the feeds failing now (store.FailingAfter polls in
	// a row or more).
	FailingFeeds []Feed
}

// Asked is a question and how often it was asked.
type Asked struct {
	Question string
	Count    int
}

// ActivityBetween returns the activity in [from, to).
func (s *Store) ActivityBetween(ctx context.Context, from, to time.Time) (Activity, error) {
	var a Activity
	var err error
	f, t := ms(from), ms(to)
	a.NewDocuments, err = queryAll(ctx, s, `SELECT d.id, d.title, d.first_seen,
		COALESCE((SELECT c.user_id FROM curation c WHERE c.doc_id = d.id AND c.outcome = ? ORDER BY c.at DESC, c.id DESC LIMIT 1), ''),
		COALESCE((SELECT fd.title FROM feed_items i JOIN feeds fd ON fd.url = i.feed WHERE i.doc_id = d.id AND i.outcome = ? ORDER BY i.at DESC LIMIT 1), ''),
		COALESCE((SELECT fd.added_by FROM feed_items i JOIN feeds fd ON fd.url = i.feed WHERE i.doc_id = d.id AND i.outcome = ? ORDER BY i.at DESC LIMIT 1), '')
		FROM documents d WHERE d.first_seen >= ? AND d.first_seen < ? ORDER BY d.first_seen DESC, d.id`, []any{OutcomeAdded, OutcomeAdded, OutcomeAdded, f, t},
		func(rows *sql.Rows) (d Document, err error) {
			var at int64
			var follower string
			err = rows.Scan(&d.ID, &d.Title, &at, &d.AddedBy, &d.Feed, &follower)
			d.FirstSeen = time.UnixMilli(at)
			if d.AddedBy == "" {
				d.AddedBy = follower
			}
			return d, err
		})
	if err != nil {
		return a, err
	}
	if a.FailingFeeds, err = s.FailingFeeds(ctx); err != nil {
		return a, err
	}
	if err := s.db.QueryRowContext(ctx, s.sql(`SELECT COUNT(*) FROM questions WHERE NOT answered AND at >= ? AND at < ?`), f, t).Scan(&a.UnansweredCount); err != nil {
		return a, s.explain(err)
	}
	if a.Unanswered, err = s.column(ctx, `SELECT MIN(question) FROM questions WHERE NOT answered AND at >= ? AND at < ? GROUP BY lower(question) ORDER BY MAX(at) DESC LIMIT 5`, f, t); err != nil {
		return a, err
	}
	a.MostAsked, err = queryAll(ctx, s, `SELECT MIN(question), COUNT(*) AS n FROM questions WHERE at >= ? AND at < ? GROUP BY lower(question) ORDER BY n DESC, MAX(at) DESC LIMIT 3`,
		[]any{f, t}, func(rows *sql.Rows) (q Asked, err error) {
			return q, rows.Scan(&q.Question, &q.Count)
		})
	if err != nil {
		return a, err
	}
	if err := s.db.QueryRowContext(ctx, s.sql(`SELECT COUNT(*) FROM feedback WHERE NOT up AND at >= ? AND at < ?`), f, t).Scan(&a.DownVotes); err != nil {
		return a, s.explain(err)
	}
	return a, nil
}
