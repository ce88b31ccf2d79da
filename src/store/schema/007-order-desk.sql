-- 007-order-desk.sql — what the desk knows about an order that the store does not.
--
-- One row per order with desk state: the promised ship date (the last
-- second of the promised local day, UTC) and whether the shop's rule or a
-- person set it, and when the order was confirmed, shipped, followed up.
-- Times are Unix seconds UTC, 0 meaning "not yet". sk-order-desk.c is the
-- only writer; sk_order_desk_refresh () gives every open order its rule
-- promise after each sync.

CREATE TABLE order_desk (
  order_id             INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  promised_ship_at     INTEGER NOT NULL CHECK (promised_ship_at > 0),
  promise_source       TEXT    NOT NULL CHECK (promise_source IN ('rule', 'manual')),
  -- Why a person set or moved the promise; '' for the rule's.
  promise_reason       TEXT    NOT NULL DEFAULT '',
  confirmed_at         INTEGER NOT NULL DEFAULT 0,
  awaiting_reply_since INTEGER NOT NULL DEFAULT 0,
  shipped_at           INTEGER NOT NULL DEFAULT 0,
  carrier              TEXT    NOT NULL DEFAULT '',
  tracking_number      TEXT    NOT NULL DEFAULT '',
  tracking_url         TEXT    NOT NULL DEFAULT '',
  delayed_reason       TEXT    NOT NULL DEFAULT '',
  follow_up_sent_at    INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL,
  -- A person's promise always says why.
  CHECK (promise_source = 'rule' OR promise_reason <> '')
) STRICT;

-- The orders the shop still has to ship, oldest first: the needs-attention
-- query walks only these (a few percent of a shop's orders), and so does
-- the refresh. The list of final statuses must stay word for word the one
-- in sk-order-desk-private.h (OPEN_ORDER), or SQLite will not use the
-- index. status is in it so the index covers those queries: without it
-- each open order cost a read of its wide row (128 ms instead of ~10 for
-- 23,000 open orders of a million).
CREATE INDEX orders_open ON orders (date_created, id, status)
  WHERE status NOT IN ('completed', 'cancelled', 'refunded', 'failed', 'trash', 'draft', 'checkout-draft', 'auto-draft', 'new');

-- Orders with a completion date, by when, covering what follow-ups due and
-- lead times read, so neither visits the order rows.
CREATE INDEX orders_completed ON orders (date_completed, id, date_created, status)
  WHERE date_completed > 0;

-- The orders of each product, for its lead times (the index of 001 has
-- the product only, and the item rows are wide).
CREATE INDEX order_items_product_order ON order_items (product_remote_id, order_id)
  WHERE product_remote_id > 0;

-- Customers waiting for an answer, whatever the order's status.
CREATE INDEX order_desk_awaiting ON order_desk (awaiting_reply_since)
  WHERE awaiting_reply_since > 0;

-- Shipped here (mark shipped), for follow-ups.
CREATE INDEX order_desk_shipped ON order_desk (shipped_at)
  WHERE shipped_at > 0;

-- How long orders took from placed to completed, computed by the refresh
-- from completed orders (nearest-rank median and 90th percentile):
-- product_remote_id 0 is the whole shop. Derived, rebuilt as a whole.
CREATE TABLE order_lead_times (
  product_remote_id INTEGER PRIMARY KEY,
  orders            INTEGER NOT NULL,
  median_s          INTEGER NOT NULL,
  p90_s             INTEGER NOT NULL
) STRICT;

-- What the lead times were computed from, so a refresh after a sync that
-- changed no order skips them.
CREATE TABLE order_desk_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  lead_times_key   TEXT    NOT NULL DEFAULT '',
  lead_times_at    INTEGER NOT NULL DEFAULT 0
) STRICT;
