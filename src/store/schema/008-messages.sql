-- 008-messages.sql — the message log and the shop's own message templates.
--
-- messages and message_events are append-only (triggers below): what was
-- said to a customer, and what became of it, is never edited or lost. A
-- message's current state is its latest event. A message about an order
-- keeps the order's remote id (not a reference to the local row), so it
-- outlives a deleted and re-synced copy of the order.

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  store_id        INTEGER NOT NULL REFERENCES stores (id),
  order_remote_id INTEGER NOT NULL DEFAULT 0 CHECK (order_remote_id >= 0),  -- 0: not about an order
  order_number    TEXT    NOT NULL DEFAULT '',
  customer_email  TEXT    NOT NULL DEFAULT '',
  customer_name   TEXT    NOT NULL DEFAULT '',
  direction       TEXT    NOT NULL CHECK (direction IN ('out', 'in')),
  channel         TEXT    NOT NULL CHECK (channel IN ('store', 'smtp', 'phone', 'email', 'in-person')),
  kind            TEXT    NOT NULL DEFAULT '',
  language        TEXT    NOT NULL DEFAULT '',
  subject         TEXT    NOT NULL DEFAULT '' CHECK (length (subject) <= 1000),
  body_text       TEXT    NOT NULL CHECK (length (body_text) <= 200000),
  body_html       TEXT    NOT NULL DEFAULT '' CHECK (length (body_html) <= 400000),
  -- "confirmation:<order remote id>": the same message never twice by accident.
  dedupe_key      TEXT             CHECK (dedupe_key IS NULL OR dedupe_key <> ''),
  created_at      INTEGER NOT NULL,
  actor           TEXT    NOT NULL,
  UNIQUE (store_id, dedupe_key)
) STRICT;

CREATE INDEX messages_by_order ON messages (store_id, order_remote_id, created_at) WHERE order_remote_id > 0;
CREATE INDEX messages_by_email ON messages (customer_email COLLATE NOCASE, created_at);

CREATE TABLE message_events (
  id         INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  at         INTEGER NOT NULL,
  outcome    TEXT    NOT NULL CHECK (outcome IN ('queued', 'sent', 'failed', 'received')),
  detail     TEXT    NOT NULL DEFAULT '' CHECK (length (detail) <= 10000),
  -- The outbox row carrying a message sent through the store.
  outbox_id  INTEGER NOT NULL DEFAULT 0 CHECK (outbox_id >= 0)
) STRICT;

CREATE INDEX message_events_by_message ON message_events (message_id, id);
CREATE INDEX message_events_by_outbox ON message_events (outbox_id) WHERE outbox_id > 0;

CREATE TRIGGER messages_no_update BEFORE UPDATE ON messages
BEGIN
  SELECT RAISE (ABORT, 'messages is append-only');
END;

CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
BEGIN
  SELECT RAISE (ABORT, 'messages is append-only');
END;

CREATE TRIGGER message_events_no_update BEFORE UPDATE ON message_events
BEGIN
  SELECT RAISE (ABORT, 'message_events is append-only');
END;

CREATE TRIGGER message_events_no_delete BEFORE DELETE ON message_events
BEGIN
  SELECT RAISE (ABORT, 'message_events is append-only');
END;

-- The shop's own templates; the built-in ones apply where none is stored.
CREATE TABLE message_templates (
  kind       TEXT    NOT NULL CHECK (kind <> '' AND length (kind) <= 100),
  language   TEXT    NOT NULL CHECK (language <> '' AND length (language) <= 20),
  subject    TEXT    NOT NULL CHECK (length (subject) <= 1000),
  body       TEXT    NOT NULL CHECK (length (body) <= 100000),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, language)
) STRICT, WITHOUT ROWID;
