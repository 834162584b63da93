package store

import (
	"context"
	"database/sql"
	"time"
)

// Curation is one add or remove by a curator.
type Curation struct {
	At     time.Time
	UserID string // the curator's Slack user id
	Action string // CurationAdd, CurationRemove, CurationFollow…
	// Source is what was asked: the link, the file's name, or the id of
	// the document to remove.
	Source  string
	DocID   string // the document added, repeated or removed; "" if none
	Title   string
	Outcome string // OutcomeAdded…
	Detail  string // why, when it was not done
}

// Curation actions and outcomes.
const (
	CurationAdd    = "add"
	CurationRemove = "remove"
	// Following a feed, unfollowing one, setting or clearing a channel's
	// scope: curators' acts too, recorded alike.
	CurationFollow   = "follow"
	CurationUnfollow = "unfollow"
	CurationScope    = "scope"

	OutcomeAdded     = "added"
	OutcomeDuplicate = "duplicate" // nothing added: the corpus has it
	OutcomeRefused   = "refused"   // not a curator, a link not fetched, a file not read
	OutcomeRemoved   = "removed"
	OutcomeFailed    = "failed" // the server could not do it (a full disk)
)

// RecordCuration records c. A removal also forgets when the document was
// first seen: added again later, it is new again.
func (s *Store) RecordCuration(ctx context.Context, c Curation) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.explain(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.sql(`INSERT INTO curation (at, user_id, action, source, doc_id, title, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		ms(c.At), c.UserID, c.Action, c.Source, c.DocID, c.Title, c.Outcome, c.Detail); err != nil {
		return s.explain(err)
	}
	if c.Outcome == OutcomeRemoved && c.DocID != "" {
		if _, err := tx.ExecContext(ctx, s.sql(`DELETE FROM documents WHERE id = ?`), c.DocID); err != nil {
			return s.explain(err)
		}
	}
	return s.fail(tx.Commit())
}

// Curations returns what curators did in [from, to), oldest first.
func (s *Store) Curations(ctx context.Context, from, to time.Time) ([]Curation, error) {
	return queryAll(ctx, s, `SELECT at, user_id, action, source, doc_id, title, outcome, detail FROM curation WHERE at >= ? AND at < ? ORDER BY at, id`,
		[]any{ms(from), ms(to)}, func(rows *sql.Rows) (c Curation, err error) {
			var at int64
			err = rows.Scan(&at, &c.UserID, &c.Action, &c.Source, &c.DocID, &c.Title, &c.Outcome, &c.Detail)
			c.At = time.UnixMilli(at)
			return c, err
		})
}
