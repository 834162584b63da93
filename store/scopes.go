package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Scope is a channel's default filters: questions and stats there use
// only the documents they keep, unless a question carries its own.
type Scope struct {
	Channel string
	Filter  string // as the bot reads it: "tag:robotics source:reuters"
	SetBy   string // the curator's Slack user id
	At      time.Time
}

// SetScope sets (or replaces) sc.Channel's scope.
func (s *Store) SetScope(ctx context.Context, sc Scope) error {
	_, err := s.db.ExecContext(ctx, s.sql(`INSERT INTO channel_scopes (channel, filter, set_by, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (channel) DO UPDATE SET filter = excluded.filter, set_by = excluded.set_by, at = excluded.at`),
		sc.Channel, sc.Filter, sc.SetBy, ms(sc.At))
	return s.fail(err)
}

// ClearScope ends channel's scope; false when it had none.
func (s *Store) ClearScope(ctx context.Context, channel string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.sql(`DELETE FROM channel_scopes WHERE channel = ?`), channel)
	if err != nil {
		return false, s.explain(err)
	}
	n, err := res.RowsAffected()
	return n > 0, s.fail(err)
}

// ChannelScope returns channel's scope; false when it has none.
func (s *Store) ChannelScope(ctx context.Context, channel string) (Scope, bool, error) {
	sc := Scope{Channel: channel}
	var at int64
	err := s.db.QueryRowContext(ctx, s.sql(`SELECT filter, set_by, at FROM channel_scopes WHERE channel = ?`), channel).Scan(&sc.Filter, &sc.SetBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Scope{}, false, nil
	}
	if err != nil {
		return Scope{}, false, s.explain(err)
	}
	sc.At = time.UnixMilli(at)
	return sc, true, nil
}

// Scopes lists every channel's scope, by channel.
func (s *Store) Scopes(ctx context.Context) ([]Scope, error) {
	return queryAll(ctx, s, `SELECT channel, filter, set_by, at FROM channel_scopes ORDER BY channel`, nil,
		func(rows *sql.Rows) (sc Scope, err error) {
			var at int64
			err = rows.Scan(&sc.Channel, &sc.Filter, &sc.SetBy, &at)
			sc.At = time.UnixMilli(at)
			return sc, err
		})
}
