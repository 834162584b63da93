-- The first schema: the same tables as migrations/sqlite/0001_init.sql.
CREATE TABLE questions (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at BIGINT NOT NULL,           -- unix ms
	channel TEXT NOT NULL,
	user_hash TEXT NOT NULL,      -- never the Slack user id itself
	question TEXT NOT NULL,
	answered BOOLEAN NOT NULL,
	confidence DOUBLE PRECISION NOT NULL,
	top_source TEXT NOT NULL
);
CREATE INDEX questions_at ON questions(at);
CREATE TABLE feedback (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at BIGINT NOT NULL,
	channel TEXT NOT NULL,
	user_hash TEXT NOT NULL,
	question TEXT NOT NULL,
	source TEXT NOT NULL,
	up BOOLEAN NOT NULL
);
CREATE INDEX feedback_at ON feedback(at);
CREATE TABLE digests (
	slot BIGINT PRIMARY KEY,      -- the scheduled time, unix ms: one row per slot
	channel TEXT NOT NULL,
	state TEXT NOT NULL,          -- claimed, posting, posted, failed, skipped, unknown
	owner TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	ts TEXT NOT NULL DEFAULT ''   -- the Slack message, once posted
);
CREATE TABLE seen_events (
	key TEXT PRIMARY KEY,         -- "event:ID" or "msg:CHANNEL:TS"
	at BIGINT NOT NULL
);
CREATE TABLE documents (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	first_seen BIGINT NOT NULL
);
