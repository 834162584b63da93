-- The first schema, as landscape shipped it before PostgreSQL was added:
-- files made then already hold it (schema_version 1).
CREATE TABLE questions (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,          -- unix ms
	channel TEXT NOT NULL,
	user_hash TEXT NOT NULL,      -- never the Slack user id itself
	question TEXT NOT NULL,
	answered INTEGER NOT NULL,
	confidence REAL NOT NULL,
	top_source TEXT NOT NULL
);
CREATE INDEX questions_at ON questions(at);
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	channel TEXT NOT NULL,
	user_hash TEXT NOT NULL,
	question TEXT NOT NULL,
	source TEXT NOT NULL,
	up INTEGER NOT NULL
);
CREATE INDEX feedback_at ON feedback(at);
CREATE TABLE digests (
	slot INTEGER PRIMARY KEY,     -- the scheduled time, unix ms: one row per slot
	channel TEXT NOT NULL,
	state TEXT NOT NULL,          -- claimed, posting, posted, failed, skipped, unknown
	owner TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	ts TEXT NOT NULL DEFAULT ''   -- the Slack message, once posted
);
CREATE TABLE seen_events (
	key TEXT PRIMARY KEY,         -- "event:ID" or "msg:CHANNEL:TS"
	at INTEGER NOT NULL
);
CREATE TABLE documents (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	first_seen INTEGER NOT NULL
);
