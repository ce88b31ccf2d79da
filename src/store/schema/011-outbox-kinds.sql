-- 011-outbox-kinds.sql — customer edits in the outbox, refunds with
-- lines, store credit coupons.
--
-- Runs inside the migration's transaction: either all of it or nothing.

-- SQLite cannot change a CHECK: the outbox is rebuilt with the new kind
-- (create, copy every row with its id, drop, rename, indexes again).
-- Nothing references the outbox by foreign key, so dropping it deletes
-- nothing else.
CREATE TABLE outbox_new (
  id               INTEGER PRIMARY KEY,
  store_id         INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  kind             TEXT    NOT NULL CHECK (kind IN ('order-status', 'order-note', 'refund', 'coupon',
                                                    'product-featured', 'product-tags',
                                                    'customer-update')),
  target_remote_id INTEGER NOT NULL DEFAULT 0 CHECK (target_remote_id >= 0),
  payload          TEXT    NOT NULL CHECK (json_valid (payload)),
  previous         TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid (previous)),
  idempotency_key  TEXT    NOT NULL UNIQUE CHECK (length (idempotency_key) >= 16),
  state            TEXT    NOT NULL DEFAULT 'pending'
                           CHECK (state IN ('pending', 'in-flight', 'failed-retryable',
                                            'failed-permanent', 'done', 'conflict')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT    NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  base_modified    INTEGER NOT NULL DEFAULT 0,
  remote_modified  INTEGER NOT NULL DEFAULT 0,
  result_remote_id INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO outbox_new (id, store_id, kind, target_remote_id, payload, previous, idempotency_key,
                        state, attempts, next_attempt_at, last_error, created_at, updated_at,
                        base_modified, remote_modified, result_remote_id)
  SELECT id, store_id, kind, target_remote_id, payload, previous, idempotency_key,
         state, attempts, next_attempt_at, last_error, created_at, updated_at,
         base_modified, remote_modified, result_remote_id
    FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_waiting ON outbox (store_id, id) WHERE state NOT IN ('done', 'failed-permanent', 'conflict');
CREATE INDEX outbox_target ON outbox (store_id, kind, target_remote_id);

-- A refund queued here shows at once: a row with remote_id 0 and the
-- outbox row that makes it, at a negative position (-outbox id) so it
-- never meets the store's summary positions (0, 1, …). Once the store has
-- it, the store's row takes its place.
ALTER TABLE refunds ADD COLUMN outbox_id INTEGER NOT NULL DEFAULT 0;

CREATE INDEX refunds_outbox ON refunds (outbox_id) WHERE outbox_id > 0;

-- What each refund took back, line by line (minor units, positive).
CREATE TABLE refund_lines (
  refund_id      INTEGER NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
  item_remote_id INTEGER NOT NULL,
  quantity       INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  total          INTEGER NOT NULL DEFAULT 0,
  tax            INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (refund_id, item_remote_id)
) STRICT, WITHOUT ROWID;

-- Refunds still waiting in the outbox show like the new ones.
INSERT INTO refunds (order_id, position, remote_id, date_created, amount, reason, outbox_id)
  SELECT orders.id, -outbox.id, 0, outbox.created_at,
         json_extract (outbox.payload, '$.amount'), coalesce (json_extract (outbox.payload, '$.reason'), ''),
         outbox.id
    FROM outbox JOIN orders ON orders.store_id = outbox.store_id AND orders.remote_id = outbox.target_remote_id
   WHERE outbox.kind = 'refund' AND outbox.state IN ('pending', 'in-flight', 'failed-retryable');

-- Store credit: who may use a coupon, how often each, whether alone.
ALTER TABLE coupons ADD COLUMN email_restrictions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (email_restrictions));
ALTER TABLE coupons ADD COLUMN usage_limit_per_user INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coupons ADD COLUMN individual_use INTEGER NOT NULL DEFAULT 0 CHECK (individual_use IN (0, 1));
