package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Followed feeds: what is followed, the lease by which one replica polls
// a feed at a time, and every item a poll saw.

// Feed is a followed feed and how its polls went.
type Feed struct {
	URL   string // the feed's own address (found through a page's <link rel="alternate">, if given one)
	Title string
	Site  string // the site it is the feed of
	Tag   string // given to each document it brings; "" for none
	Every time.Duration
	// AddedBy is who followed it: a Slack user id, or a login on the
	// command line.
	AddedBy string
	AddedAt time.Time
	// ETag and LastModified are the server's validators of the version
	// last read, sent back for a conditional GET.
	ETag, LastModified string
	LastPoll           time.Time // zero: never polled
	NextPoll           time.Time
	Items              int    // documents it added
	Error              string // why the last poll failed; "" when it went well
	Failures           int    // polls failed in a row
	FailingSince       time.Time
}

// FailingAfter is how many polls in a row must fail before a feed is
// listed as failing (the digest): one failure is often a server's blip.
const FailingAfter = 3

// Outcomes of a feed's items besides the curation outcomes (added,
// duplicate, refused, failed).
const (
	// ItemSkipped: its link led to no article text.
	ItemSkipped = "skipped"
	// ItemBefore: published before the feed was followed, beyond the
	// newest items its first poll took.
	ItemBefore = "before"
	// ItemOverCap: one of more new items than a poll takes.
	ItemOverCap = "over_cap"
)

// FeedItem is an item a poll saw: taken, and how it went, or left out.
type FeedItem struct {
	Key      string // its guid, else its link
	Link     string
	DocID    string // the document added, or the one it repeats
	Outcome  string // OutcomeAdded, OutcomeDuplicate, ItemSkipped, OutcomeRefused, OutcomeFailed, ItemBefore, ItemOverCap
	Detail   string
	Attempts int // how often it was tried (RecordFeedItems counts)
	At       time.Time
}

const feedColumns = `url, title, site, tag, every_ms, added_by, added_at, etag, last_modified, last_poll, next_poll, items, error, failures, failing_since`

func scanFeed(row interface{ Scan(...any) error }) (Feed, error) {
	var f Feed
	var every, added, last, next, failing int64
	err := row.Scan(&f.URL, &f.Title, &f.Site, &f.Tag, &every, &f.AddedBy, &added, &f.ETag, &f.LastModified, &last, &next, &f.Items, &f.Error, &f.Failures, &failing)
	f.Every, f.AddedAt, f.NextPoll = time.Duration(every)*time.Millisecond, time.UnixMilli(added), time.UnixMilli(next)
	if last > 0 {
		f.LastPoll = time.UnixMilli(last)
	}
	if failing > 0 {
		f.FailingSince = time.UnixMilli(failing)
	}
	return f, err
}

// FollowFeed records f as followed, to be polled from f.NextPoll. A feed
// already followed keeps its history; its title, site, tag and schedule
// become f's. It reports whether the feed is new.
func (s *Store) FollowFeed(ctx context.Context, f Feed) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.explain(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.sql(`SELECT COUNT(*) FROM feeds WHERE url = ?`), f.URL).Scan(&n); err != nil {
		return false, s.explain(err)
	}
	if n > 0 {
		_, err = tx.ExecContext(ctx, s.sql(`UPDATE feeds SET title = ?, site = ?, tag = ?, every_ms = ? WHERE url = ?`),
			f.Title, f.Site, f.Tag, f.Every.Milliseconds(), f.URL)
	} else {
		_, err = tx.ExecContext(ctx, s.sql(`INSERT INTO feeds (url, title, site, tag, every_ms, added_by, added_at, next_poll) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
			f.URL, f.Title, f.Site, f.Tag, f.Every.Milliseconds(), f.AddedBy, ms(f.AddedAt), ms(f.NextPoll))
	}
	if err != nil {
		return false, s.explain(err)
	}
	return n == 0, s.fail(tx.Commit())
}

// UnfollowFeed stops following the feed at url, or else the one of the
// site at url, and forgets its items (the documents it added stay). It
// returns the feed, false when none was followed there.
func (s *Store) UnfollowFeed(ctx context.Context, url string) (Feed, bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Feed{}, false, s.explain(err)
	}
	defer tx.Rollback()
	f, err := scanFeed(tx.QueryRowContext(ctx, s.sql(`SELECT `+feedColumns+` FROM feeds WHERE url = ? OR site = ? ORDER BY url = ? DESC LIMIT 1`), url, url, url))
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{}, false, nil
	}
	if err != nil {
		return Feed{}, false, s.explain(err)
	}
	for _, q := range []string{`DELETE FROM feed_items WHERE feed = ?`, `DELETE FROM feeds WHERE url = ?`} {
		if _, err := tx.ExecContext(ctx, s.sql(q), f.URL); err != nil {
			return Feed{}, false, s.explain(err)
		}
	}
	return f, true, s.fail(tx.Commit())
}

// Feeds lists the feeds followed, by title.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	return queryAll(ctx, s, `SELECT `+feedColumns+` FROM feeds ORDER BY lower(title), url`, nil,
		func(rows *sql.Rows) (Feed, error) { return scanFeed(rows) })
}

// DueFeeds lists the feeds due a poll now that no replica is polling,
// the longest due first.
func (s *Store) DueFeeds(ctx context.Context) ([]string, error) {
	now := ms(s.now())
	return s.column(ctx, `SELECT url FROM feeds WHERE next_poll <= ? AND lease_until <= ? ORDER BY next_poll, url`, now, now)
}

// ClaimFeed leases the feed at url to owner for lease, unless another
// replica holds it (or, with due, unless it is not due yet): one replica
// polls a feed at a time. It returns the feed as claimed; false when it
// was not (or is followed no more).
func (s *Store) ClaimFeed(ctx context.Context, url, owner string, lease time.Duration, due bool) (Feed, bool, error) {
	now := s.now()
	q := `UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE url = ? AND lease_until <= ?`
	args := []any{owner, ms(now.Add(lease)), url, ms(now)}
	if due {
		q += ` AND next_poll <= ?`
		args = append(args, ms(now))
	}
	res, err := s.db.ExecContext(ctx, s.sql(q), args...)
	if err != nil {
		return Feed{}, false, s.explain(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return Feed{}, false, s.fail(err)
	}
	f, err := scanFeed(s.db.QueryRowContext(ctx, s.sql(`SELECT `+feedColumns+` FROM feeds WHERE url = ? AND lease_owner = ?`), url, owner))
	if errors.Is(err, sql.ErrNoRows) { // unfollowed meanwhile
		return Feed{}, false, nil
	}
	return f, err == nil, s.fail(err)
}

// FeedPoll is how a poll of a feed went, to record.
type FeedPoll struct {
	At    time.Time
	Title string // the feed's title now; "" keeps the one recorded
	// ETag and LastModified are the validators of the version read (the
	// same as before when the server answered 304).
	ETag, LastModified string
	NextPoll           time.Time
	Added              int    // documents it added
	Error              string // why it failed; "" when it went well
}

// FinishFeedPoll records a poll of the feed at url by owner and ends its
// lease. A poll that failed counts in the feed's failures in a row; one
// that went well resets them.
func (s *Store) FinishFeedPoll(ctx context.Context, url, owner string, p FeedPoll) error {
	_, err := s.db.ExecContext(ctx, s.sql(`UPDATE feeds SET
		title = CASE WHEN ? = '' THEN title ELSE ? END,
		etag = ?, last_modified = ?, last_poll = ?, next_poll = ?, items = items + ?, error = ?,
		failures = CASE WHEN ? = '' THEN 0 ELSE failures + 1 END,
		failing_since = CASE WHEN ? = '' THEN 0 WHEN failing_since = 0 THEN ? ELSE failing_since END,
		lease_owner = '', lease_until = 0
		WHERE url = ? AND lease_owner = ?`),
		p.Title, p.Title, p.ETag, p.LastModified, ms(p.At), ms(p.NextPoll), p.Added, p.Error,
		p.Error, p.Error, ms(p.At), url, owner)
	return s.fail(err)
}

// FeedItems returns the items of the feed at url that polls saw, by key.
func (s *Store) FeedItems(ctx context.Context, url string) (map[string]FeedItem, error) {
	items, err := queryAll(ctx, s, `SELECT item, link, doc_id, outcome, detail, attempts, at FROM feed_items WHERE feed = ?`, []any{url},
		func(rows *sql.Rows) (it FeedItem, err error) {
			var at int64
			err = rows.Scan(&it.Key, &it.Link, &it.DocID, &it.Outcome, &it.Detail, &it.Attempts, &at)
			it.At = time.UnixMilli(at)
			return it, err
		})
	if err != nil {
		return nil, err
	}
	out := make(map[string]FeedItem, len(items))
	for _, it := range items {
		out[it.Key] = it
	}
	return out, nil
}

// feedItemBatch is how many items one statement records: thousands of
// items left out by a first poll go in a few statements, within every
// backend's limit of parameters.
const feedItemBatch = 200

// RecordFeedItems records what polls did with items of the feed at url,
// in one transaction; an item seen before counts one more attempt.
func (s *Store) RecordFeedItems(ctx context.Context, url string, items []FeedItem) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.explain(err)
	}
	defer tx.Rollback()
	// One row a key: a statement may not change a row twice.
	last := make(map[string]int, len(items))
	for i, it := range items {
		last[it.Key] = i
	}
	var once []FeedItem
	for i, it := range items {
		if last[it.Key] == i {
			once = append(once, it)
		}
	}
	items = once
	for len(items) > 0 {
		batch := items[:min(len(items), feedItemBatch)]
		items = items[len(batch):]
		var args []any
		for _, it := range batch {
			at := it.At
			if at.IsZero() {
				at = s.now()
			}
			args = append(args, url, it.Key, it.Link, it.DocID, it.Outcome, it.Detail, ms(at))
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, 1, ?), ", len(batch)), ", ")
		q := fmt.Sprintf(`INSERT INTO feed_items (feed, item, link, doc_id, outcome, detail, attempts, at) VALUES %s
			ON CONFLICT (feed, item) DO UPDATE SET link = excluded.link, doc_id = excluded.doc_id, outcome = excluded.outcome,
			detail = excluded.detail, attempts = feed_items.attempts + 1, at = excluded.at`, values)
		if _, err := tx.ExecContext(ctx, s.sql(q), args...); err != nil {
			return s.explain(err)
		}
	}
	return s.fail(tx.Commit())
}

// FailingFeeds lists the feeds whose last FailingAfter polls or more
// failed, the longest failing first.
func (s *Store) FailingFeeds(ctx context.Context) ([]Feed, error) {
	return queryAll(ctx, s, `SELECT `+feedColumns+` FROM feeds WHERE failures >= ? ORDER BY failing_since, url`, []any{FailingAfter},
		func(rows *sql.Rows) (Feed, error) { return scanFeed(rows) })
}
