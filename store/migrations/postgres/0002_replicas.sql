-- The same tables as migrations/sqlite/0002_replicas.sql (a PostgreSQL
-- store never held unkeyed user hashes, so there is nothing to drop).

-- Events a replica claimed and has not answered yet, with what answering
-- them takes; when the lease runs out, any replica takes one over.
CREATE TABLE event_claims (
	id TEXT PRIMARY KEY,          -- the event's first key in seen_events
	payload TEXT NOT NULL,        -- JSON, what the bot needs to answer
	owner TEXT NOT NULL,          -- the replica working on it
	lease_until BIGINT NOT NULL,  -- unix ms
	attempts INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX event_claims_lease ON event_claims(lease_until);
CREATE INDEX event_claims_owner ON event_claims(owner);

-- The last question of each conversation (a thread, or a DM), so that a
-- follow-up continues it whichever replica receives it.
CREATE TABLE conversations (
	channel TEXT NOT NULL,
	thread TEXT NOT NULL,
	question TEXT NOT NULL,
	at BIGINT NOT NULL,
	PRIMARY KEY (channel, thread)
);
CREATE INDEX conversations_at ON conversations(at);

-- Random keys made once per store and shared by its replicas.
CREATE TABLE secrets (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
