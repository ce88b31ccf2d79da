-- 009-refunds.sql — staff and roles, refund and return requests, their
-- attachments and the append-only decisions.

-- Who works at the desk. Owners have a passphrase hash (yescrypt, "$y$…");
-- failed attempts and the lock live here so a restart does not reset them.
CREATE TABLE staff (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL CHECK (name <> '' AND length (name) <= 80),
  role            TEXT    NOT NULL CHECK (role IN ('owner', 'staff')),
  passphrase_hash TEXT             CHECK (passphrase_hash IS NULL OR passphrase_hash LIKE '$y$%'),
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  CHECK (role = 'staff' OR passphrase_hash IS NOT NULL)
) STRICT;

CREATE UNIQUE INDEX staff_name ON staff (name COLLATE NOCASE);

-- A request recorded from an order. The order may disappear from the
-- local copy (deleted in the store): the request keeps its number, remote
-- id and currency, and its decisions stay.
CREATE TABLE refund_requests (
  id              INTEGER PRIMARY KEY,
  number          TEXT    NOT NULL UNIQUE,
  store_id        INTEGER NOT NULL REFERENCES stores (id),
  order_id        INTEGER REFERENCES orders (id) ON DELETE SET NULL,
  order_remote_id INTEGER NOT NULL CHECK (order_remote_id > 0),
  order_number    TEXT    NOT NULL DEFAULT '',
  currency        TEXT    NOT NULL DEFAULT '',
  customer_email  TEXT    NOT NULL DEFAULT '',
  customer_name   TEXT    NOT NULL DEFAULT '',
  channel         TEXT    NOT NULL CHECK (channel IN ('phone', 'email', 'in-person')),
  reason          TEXT    NOT NULL CHECK (reason IN ('changed-mind', 'wrong-size', 'defective', 'damaged',
                                                     'wrong-item', 'not-as-described', 'arrived-late', 'other')),
  reason_text     TEXT    NOT NULL DEFAULT '' CHECK (length (reason_text) <= 10000),
  outcome         TEXT    NOT NULL CHECK (outcome IN ('refund', 'exchange', 'store-credit')),
  conditions      INTEGER NOT NULL DEFAULT 0 CHECK (conditions >= 0),
  refund_shipping INTEGER NOT NULL DEFAULT 0 CHECK (refund_shipping IN (0, 1)),
  state           TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'denied', 'cancelled')),
  created_at      INTEGER NOT NULL,
  created_by      TEXT    NOT NULL,
  decided_at      INTEGER NOT NULL DEFAULT 0,
  decided_by      TEXT    NOT NULL DEFAULT ''
) STRICT;

-- The queue (open, oldest first) and the dashboard's "waiting longer
-- than" count read this partial index only.
CREATE INDEX refund_requests_open ON refund_requests (created_at, id) WHERE state = 'open';
CREATE INDEX refund_requests_order ON refund_requests (order_id, created_at);
CREATE INDEX refund_requests_created ON refund_requests (created_at);

CREATE TABLE refund_request_lines (
  id                INTEGER PRIMARY KEY,
  request_id        INTEGER NOT NULL REFERENCES refund_requests (id),
  item_remote_id    INTEGER NOT NULL,
  product_remote_id INTEGER NOT NULL DEFAULT 0,
  name              TEXT    NOT NULL DEFAULT '',
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  quantity_bought   INTEGER NOT NULL CHECK (quantity_bought > 0),
  line_total        INTEGER NOT NULL DEFAULT 0,
  line_tax          INTEGER NOT NULL DEFAULT 0,
  UNIQUE (request_id, item_remote_id)
) STRICT;

CREATE INDEX refund_request_lines_product ON refund_request_lines (product_remote_id);

-- Copies of the files a clerk attached (never links), under
-- <data dir>/attachments/<request number>/.
CREATE TABLE refund_attachments (
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES refund_requests (id),
  file_name   TEXT    NOT NULL CHECK (file_name <> ''),
  stored_path TEXT    NOT NULL UNIQUE,
  size        INTEGER NOT NULL CHECK (size >= 0),
  sha256      TEXT    NOT NULL CHECK (length (sha256) = 64),
  added_at    INTEGER NOT NULL,
  UNIQUE (request_id, file_name)
) STRICT;

-- Append-only: every approval and denial with who, when, why and the
-- verdict at that moment. outbox_id is written once, from 0, when the
-- refund or coupon is queued.
CREATE TABLE refund_decisions (
  id             INTEGER PRIMARY KEY,
  request_id     INTEGER NOT NULL REFERENCES refund_requests (id),
  decision       TEXT    NOT NULL CHECK (decision IN ('approved', 'denied')),
  at             INTEGER NOT NULL,
  actor          TEXT    NOT NULL CHECK (actor <> ''),
  role           TEXT    NOT NULL CHECK (role IN ('owner', 'staff')),
  justification  TEXT    NOT NULL DEFAULT '',
  deny_reason    TEXT    NOT NULL DEFAULT '',
  message        TEXT    NOT NULL DEFAULT '',
  verdict        TEXT    NOT NULL CHECK (json_valid (verdict)),
  currency       TEXT    NOT NULL DEFAULT '',
  amount         INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  restocking_fee INTEGER NOT NULL DEFAULT 0 CHECK (restocking_fee >= 0),
  shipping       INTEGER NOT NULL DEFAULT 0 CHECK (shipping >= 0),
  goodwill       INTEGER NOT NULL DEFAULT 0 CHECK (goodwill >= 0),
  outbox_id      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One decision per request: the second approval of a double click fails
-- here even if it got past the request's state.
CREATE UNIQUE INDEX refund_decisions_request ON refund_decisions (request_id);
CREATE INDEX refund_decisions_at ON refund_decisions (at);
CREATE INDEX refund_decisions_unqueued ON refund_decisions (id) WHERE outbox_id = 0;

CREATE TRIGGER refund_decisions_no_update BEFORE UPDATE ON refund_decisions
WHEN NOT (OLD.outbox_id = 0 AND NEW.outbox_id > 0
          AND NEW.id IS OLD.id AND NEW.request_id IS OLD.request_id AND NEW.decision IS OLD.decision
          AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.role IS OLD.role
          AND NEW.justification IS OLD.justification AND NEW.deny_reason IS OLD.deny_reason
          AND NEW.message IS OLD.message AND NEW.verdict IS OLD.verdict AND NEW.currency IS OLD.currency
          AND NEW.amount IS OLD.amount AND NEW.restocking_fee IS OLD.restocking_fee
          AND NEW.shipping IS OLD.shipping AND NEW.goodwill IS OLD.goodwill)
BEGIN
  SELECT RAISE (ABORT, 'refund_decisions is append-only');
END;

CREATE TRIGGER refund_decisions_no_delete BEFORE DELETE ON refund_decisions
BEGIN
  SELECT RAISE (ABORT, 'refund_decisions is append-only');
END;

-- A decided request stays decided.
CREATE TRIGGER refund_requests_closed BEFORE UPDATE OF state ON refund_requests
WHEN OLD.state <> 'open'
BEGIN
  SELECT RAISE (ABORT, 'a decided refund request cannot change');
END;

CREATE TRIGGER refund_requests_no_delete BEFORE DELETE ON refund_requests
BEGIN
  SELECT RAISE (ABORT, 'refund requests are kept');
END;
