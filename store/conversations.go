package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ConversationsFor is how long a conversation's last question is kept: a
// follow-up in a thread a day later still has its context.
const ConversationsFor = 24 * time.Hour

// RememberConversation records question as the last one asked in a
// conversation: a thread (thread = its ts) or a DM's own flow (the bot's
// choice of name). Conversations older than ConversationsFor are pruned
// now and then.
func (s *Store) RememberConversation(ctx context.Context, channel, thread, question string) error {
	now := s.now()
	_, err := s.db.ExecContext(ctx, s.sql(`INSERT INTO conversations (channel, thread, question, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (channel, thread) DO UPDATE SET question = excluded.question, at = excluded.at`), channel, thread, question, ms(now))
	if err != nil {
		return s.explain(err)
	}
	if now.UnixNano()%64 == 0 {
		_, _ = s.db.ExecContext(ctx, s.sql(`DELETE FROM conversations WHERE at < ?`), ms(now.Add(-ConversationsFor)))
	}
	return nil
}

// Conversation returns a conversation's last question and when it was
// asked, if that was within ConversationsFor.
func (s *Store) Conversation(ctx context.Context, channel, thread string) (question string, at time.Time, ok bool, err error) {
	var atMS int64
	err = s.db.QueryRowContext(ctx, s.sql(`SELECT question, at FROM conversations WHERE channel = ? AND thread = ? AND at > ?`),
		channel, thread, ms(s.now().Add(-ConversationsFor))).Scan(&question, &atMS)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, s.explain(err)
	}
	return question, time.UnixMilli(atMS), true, nil
}
