-- 004-sync.sql — incremental sync bookkeeping, coupons and the outbox.

-- Small per-store counters of the sync engine that are not a cursor:
-- when the last id scan ran, how many syncs since.
CREATE TABLE sync_meta (
  store_id INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  key      TEXT    NOT NULL CHECK (key <> ''),
  value    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, key)
) STRICT, WITHOUT ROWID;

-- Coupons created here (through the outbox) or in the store.
CREATE TABLE coupons (
  id                   INTEGER PRIMARY KEY,
  store_id             INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  -- 0 until the store has it; the outbox row that creates it says which.
  remote_id            INTEGER NOT NULL DEFAULT 0 CHECK (remote_id >= 0),
  code                 TEXT    NOT NULL CHECK (code <> ''),
  discount_type        TEXT    NOT NULL DEFAULT 'fixed_cart',
  currency             TEXT    NOT NULL DEFAULT '',
  amount               INTEGER NOT NULL DEFAULT 0,    -- minor units, or percent x 100
  date_expires         INTEGER NOT NULL DEFAULT 0,
  usage_limit          INTEGER NOT NULL DEFAULT 0,
  usage_count          INTEGER NOT NULL DEFAULT 0,
  date_modified        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (store_id, code COLLATE NOCASE)
) STRICT;

CREATE UNIQUE INDEX coupons_remote ON coupons (store_id, remote_id) WHERE remote_id > 0;

-- Local actions the store must learn of, pushed in order of id. The
-- change is applied to the local tables when the row is queued, in the
-- same transaction; "previous" holds what discarding it restores.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  store_id         INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  kind             TEXT    NOT NULL CHECK (kind IN ('order-status', 'order-note', 'refund', 'coupon',
                                                    'product-featured', 'product-tags')),
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
  -- The record's date_modified when the edit was queued, and the store's
  -- newer one when a conflict was found.
  base_modified    INTEGER NOT NULL DEFAULT 0,
  remote_modified  INTEGER NOT NULL DEFAULT 0,
  -- What the store answered with: the new note's, refund's or coupon's id.
  result_remote_id INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX outbox_waiting ON outbox (store_id, id) WHERE state NOT IN ('done', 'failed-permanent', 'conflict');
CREATE INDEX outbox_target ON outbox (store_id, kind, target_remote_id);
