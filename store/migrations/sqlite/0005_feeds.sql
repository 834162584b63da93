-- Followed feeds, what each poll took of them, and channels' scopes.
-- (Numbered 0005: 0004 is the replicas' migration, landing beside it.)

-- A feed followed: polled on a schedule, one replica at a time (the lease).
CREATE TABLE feeds (
	url TEXT PRIMARY KEY,             -- the feed's own address
	title TEXT NOT NULL,
	site TEXT NOT NULL,               -- the site the feed is of
	tag TEXT NOT NULL,                -- given to every document it brings ('' none)
	every_ms INTEGER NOT NULL,        -- how often it is polled
	added_by TEXT NOT NULL,           -- who followed it: a Slack user id or a login
	added_at INTEGER NOT NULL,        -- unix ms
	etag TEXT NOT NULL DEFAULT '',    -- the server's validators, for a conditional GET
	last_modified TEXT NOT NULL DEFAULT '',
	last_poll INTEGER NOT NULL DEFAULT 0, -- 0: never polled
	next_poll INTEGER NOT NULL,
	items INTEGER NOT NULL DEFAULT 0, -- documents it added
	error TEXT NOT NULL DEFAULT '',   -- the last poll's, '' when it went well
	failures INTEGER NOT NULL DEFAULT 0, -- polls failed in a row
	failing_since INTEGER NOT NULL DEFAULT 0,
	lease_owner TEXT NOT NULL DEFAULT '', -- the replica polling it
	lease_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_poll ON feeds(next_poll);

-- Every item a poll saw, once: taken (and how it went) or left out.
CREATE TABLE feed_items (
	feed TEXT NOT NULL,               -- feeds.url
	item TEXT NOT NULL,               -- its guid, else its link
	link TEXT NOT NULL,
	doc_id TEXT NOT NULL,             -- the document added or repeated ('' none)
	outcome TEXT NOT NULL,            -- added, duplicate, skipped, refused, failed, before, over_cap
	detail TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	at INTEGER NOT NULL,              -- unix ms
	PRIMARY KEY (feed, item)
);
CREATE INDEX feed_items_doc ON feed_items(doc_id);

-- A channel's default filters (since:, source:, tag:), as a curator set them.
CREATE TABLE channel_scopes (
	channel TEXT PRIMARY KEY,
	filter TEXT NOT NULL,
	set_by TEXT NOT NULL,
	at INTEGER NOT NULL
);
