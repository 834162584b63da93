-- Every add and remove of a curator: who, what, when, how it went. The
-- digest credits a new document's curator from it.
CREATE TABLE curation (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,          -- unix ms
	user_id TEXT NOT NULL,        -- the curator's Slack user id: credited by name, unlike askers
	action TEXT NOT NULL,         -- add, remove
	source TEXT NOT NULL,         -- the link, the file's name, or the id asked to remove
	doc_id TEXT NOT NULL,         -- the document added or removed ('' if none)
	title TEXT NOT NULL,
	outcome TEXT NOT NULL,        -- added, duplicate, refused, removed, failed
	detail TEXT NOT NULL          -- why, when not done
);
CREATE INDEX curation_at ON curation(at);
CREATE INDEX curation_doc ON curation(doc_id);
