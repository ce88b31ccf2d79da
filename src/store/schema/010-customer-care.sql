-- 010-customer-care.sql — what the shop keeps about its customers that the
-- store has no place for: staff notes, tags, marketing consent, profiles
-- merged by hand, saved segments, and erasures (sk-customer-care.c,
-- sk-export.c).
--
-- Profiles (customer_profiles, 005) are derived and renumbered by every
-- refresh, so nothing here points at them. Everything hangs off a
-- customer_refs row instead: one stable local number per person key (the
-- lower-cased e-mail, or "customer:<remote id>" for an account without one,
-- as customer_profiles.email_key). The e-mail address lives in that row
-- only, so the audit log names customers as "customer #<ref>" and never
-- holds the address, and an erasure blanks a single row.

CREATE TABLE customer_refs (
  id         INTEGER PRIMARY KEY,
  store_id   INTEGER NOT NULL,
  email_key  TEXT    NOT NULL CHECK (email_key <> ''),
  email      TEXT    NOT NULL DEFAULT '',   -- as typed, for display
  UNIQUE (store_id, email_key)
) STRICT;

-- Merged by hand: @alias_ref is the same person as @primary_ref (two
-- e-mail addresses). sk_insights_refresh () files every order and account
-- of the alias under the primary's profile. A primary is never an alias
-- itself (sk-customer-care.c re-points the aliases of a profile that is
-- merged into another), so one lookup resolves any key. Not append-only:
-- a split deletes the row; both are in the audit log.
CREATE TABLE customer_links (
  alias_ref   INTEGER NOT NULL PRIMARY KEY REFERENCES customer_refs (id),
  primary_ref INTEGER NOT NULL REFERENCES customer_refs (id),
  linked_at   INTEGER NOT NULL,
  linked_by   TEXT    NOT NULL,
  CHECK (alias_ref <> primary_ref)
) STRICT;

CREATE INDEX customer_links_by_primary ON customer_links (primary_ref);

-- Staff notes: append-only (triggers below), with author and time.
CREATE TABLE customer_notes (
  id         INTEGER PRIMARY KEY,
  ref_id     INTEGER NOT NULL REFERENCES customer_refs (id),
  created_at INTEGER NOT NULL,
  author     TEXT    NOT NULL CHECK (author <> ''),
  note       TEXT    NOT NULL CHECK (note <> '' AND length (note) <= 10000)
) STRICT;

CREATE INDEX customer_notes_by_ref ON customer_notes (ref_id, id);

CREATE TABLE customer_tags (
  ref_id   INTEGER NOT NULL REFERENCES customer_refs (id),
  tag      TEXT    NOT NULL CHECK (tag <> '' AND length (tag) <= 64),
  added_at INTEGER NOT NULL,
  added_by TEXT    NOT NULL,
  PRIMARY KEY (ref_id, tag)
) STRICT, WITHOUT ROWID;

CREATE INDEX customer_tags_by_tag ON customer_tags (tag, ref_id);

-- Marketing consent: one append-only record per change; the newest is the
-- state (no record: never asked). @state 1 subscribed, 2 unsubscribed
-- (SkConsentState); @source how it was given or withdrawn
-- (SkConsentSource); @wording the text the customer agreed to.
CREATE TABLE customer_consent (
  id          INTEGER PRIMARY KEY,
  ref_id      INTEGER NOT NULL REFERENCES customer_refs (id),
  state       INTEGER NOT NULL CHECK (state IN (1, 2)),
  source      INTEGER NOT NULL CHECK (source BETWEEN 1 AND 6),
  wording     TEXT    NOT NULL DEFAULT '' CHECK (length (wording) <= 10000),
  recorded_at INTEGER NOT NULL,
  recorded_by TEXT    NOT NULL
) STRICT;

CREATE INDEX customer_consent_by_ref ON customer_consent (ref_id, id);

-- Saved custom segments: a JSON object of criteria (sk-customer-care.h
-- documents the members), reusable by campaigns.
CREATE TABLE customer_segments (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE CHECK (name <> '' AND length (name) <= 200),
  definition TEXT    NOT NULL CHECK (json_valid (definition)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Erasures ("right to be forgotten"). Notes and consent records are
-- append-only, with exactly one way out: an erasure row for their ref that
-- is still open (finished_at = 0). sk_export_erase_customer () opens it,
-- deletes the person's rows and closes it in one transaction; a closed
-- erasure can never be reopened (no UPDATE but closing, no DELETE), so the
-- window exists only inside that transaction. The row keeps who erased
-- whom (the ref number) and when, never the erased data.
CREATE TABLE customer_erasures (
  id          INTEGER PRIMARY KEY,
  ref_id      INTEGER NOT NULL REFERENCES customer_refs (id),
  started_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0,
  actor       TEXT    NOT NULL
) STRICT;

CREATE INDEX customer_erasures_open ON customer_erasures (ref_id) WHERE finished_at = 0;

CREATE TRIGGER customer_erasures_no_delete BEFORE DELETE ON customer_erasures
BEGIN
  SELECT RAISE (ABORT, 'customer_erasures is append-only');
END;

CREATE TRIGGER customer_erasures_close_only BEFORE UPDATE ON customer_erasures
WHEN old.finished_at <> 0 OR new.finished_at = 0 OR new.id <> old.id
  OR new.ref_id <> old.ref_id OR new.started_at <> old.started_at OR new.actor <> old.actor
BEGIN
  SELECT RAISE (ABORT, 'an erasure can only be closed, once');
END;

CREATE TRIGGER customer_notes_no_update BEFORE UPDATE ON customer_notes
BEGIN
  SELECT RAISE (ABORT, 'customer_notes is append-only');
END;

CREATE TRIGGER customer_notes_no_delete BEFORE DELETE ON customer_notes
WHEN NOT EXISTS (SELECT 1 FROM customer_erasures WHERE ref_id = old.ref_id AND finished_at = 0)
BEGIN
  SELECT RAISE (ABORT, 'customer_notes is append-only');
END;

CREATE TRIGGER customer_consent_no_update BEFORE UPDATE ON customer_consent
BEGIN
  SELECT RAISE (ABORT, 'customer_consent is append-only');
END;

CREATE TRIGGER customer_consent_no_delete BEFORE DELETE ON customer_consent
WHEN NOT EXISTS (SELECT 1 FROM customer_erasures WHERE ref_id = old.ref_id AND finished_at = 0)
BEGIN
  SELECT RAISE (ABORT, 'customer_consent is append-only');
END;

-- The message log (008) is append-only too; an erasure is its one way out
-- as well: the messages to or from an address being erased (compared as
-- the person keys are, lower-cased) may go while the erasure is open.
DROP TRIGGER messages_no_delete;

CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
WHEN NOT EXISTS (SELECT 1 FROM customer_erasures AS e JOIN customer_refs AS r ON r.id = e.ref_id
                  WHERE e.finished_at = 0 AND r.store_id = old.store_id
                    AND r.email_key = lower (old.customer_email))
BEGIN
  SELECT RAISE (ABORT, 'messages is append-only');
END;

DROP TRIGGER message_events_no_delete;

CREATE TRIGGER message_events_no_delete BEFORE DELETE ON message_events
WHEN NOT EXISTS (SELECT 1 FROM messages AS m
                   JOIN customer_refs AS r ON r.store_id = m.store_id AND r.email_key = lower (m.customer_email)
                   JOIN customer_erasures AS e ON e.ref_id = r.id
                  WHERE m.id = old.message_id AND e.finished_at = 0)
BEGIN
  SELECT RAISE (ABORT, 'message_events is append-only');
END;
