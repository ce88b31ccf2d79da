-- 005-customers.sql — customer profiles and the dashboard's figures.
--
-- Everything here is derived from orders, customers and refunds by
-- sk_insights_refresh () (sk-insights.c) and rebuilt as a whole in one
-- transaction after each sync: none of it is ever edited by hand, so it can
-- be thrown away at any time. Precomputed because a shop of 1,000,000
-- orders cannot be grouped by customer while a window opens.
--
-- "Counted" orders are those that are or were paid: every status except
-- pending, failed, cancelled, trash, draft and checkout-draft (the ones
-- WooCommerce Analytics leaves out too). Money is summed in the shop's main
-- currency (the most frequent one of the orders) only.

-- One row per person: a registered customer and the guest orders with the
-- same e-mail address (compared lower-cased) are one profile. Orders of a
-- registered customer belong to them whatever the billing address says.
-- No foreign key to stores: with foreign keys on, SQLite deletes a child
-- table row by row (2.5 s for 130,000 profiles) instead of truncating it,
-- and the refresh empties this table every time anyway.
CREATE TABLE customer_profiles (
  id                  INTEGER PRIMARY KEY,
  store_id            INTEGER NOT NULL,
  -- Lower-cased e-mail; for a registered customer without one,
  -- "customer:<remote id>" so they still have a profile.
  email_key           TEXT    NOT NULL,
  email               TEXT    NOT NULL DEFAULT '',
  customer_remote_id  INTEGER NOT NULL DEFAULT 0,   -- 0: guest only
  first_name          TEXT    NOT NULL DEFAULT '',  -- the name to greet them by
  last_name           TEXT    NOT NULL DEFAULT '',
  display_name        TEXT    NOT NULL DEFAULT '',  -- "First Last", or the e-mail
  -- Case-folded name and e-mail, for search as you type.
  search_text         TEXT    NOT NULL DEFAULT '',
  first_order         INTEGER NOT NULL DEFAULT 0,
  last_order          INTEGER NOT NULL DEFAULT 0,
  order_count         INTEGER NOT NULL DEFAULT 0,
  currency            TEXT    NOT NULL DEFAULT '',
  lifetime_value      INTEGER NOT NULL DEFAULT 0,
  average_order_value INTEGER NOT NULL DEFAULT 0,
  -- Median days between consecutive orders; 0 with fewer than two orders.
  usual_gap_days      INTEGER NOT NULL DEFAULT 0,
  refunds_total       INTEGER NOT NULL DEFAULT 0,
  -- SkRfmSegment and the three scores (1-5, 0 without orders).
  segment             INTEGER NOT NULL DEFAULT 0,
  r_score             INTEGER NOT NULL DEFAULT 0,
  f_score             INTEGER NOT NULL DEFAULT 0,
  m_score             INTEGER NOT NULL DEFAULT 0,
  -- When a regular customer (three orders or more) counts as overdue:
  -- last_order + 2 × the usual gap; 0 for everyone else.
  overdue_at          INTEGER NOT NULL DEFAULT 0,
  -- The local ids of every order of theirs (counted or not), oldest first,
  -- as 64-bit little-endian integers: a profile lists its orders by
  -- primary key without an e-mail index on the wide orders table, and a
  -- refresh writes 130,000 blobs instead of a million link rows.
  order_ids           BLOB    NOT NULL DEFAULT x'',
  UNIQUE (store_id, email_key)
) STRICT;

-- The indexes of this table (one per sort of the customers table, the
-- segment filter, overdue customers) are dropped and built again by each
-- refresh, in sk-insights.c: building an index from 130,000 sorted rows is
-- ten times faster than updating seven of them row by row.

-- Per UTC day (Unix seconds of its midnight): counted orders and their
-- revenue, split by whether the order was the customer's first counted
-- order ("new") or not ("returning"); refunds by the day they were made.
CREATE TABLE daily_sales (
  day                 INTEGER PRIMARY KEY,
  currency            TEXT    NOT NULL DEFAULT '',
  revenue             INTEGER NOT NULL DEFAULT 0,
  orders              INTEGER NOT NULL DEFAULT 0,
  new_orders          INTEGER NOT NULL DEFAULT 0,
  returning_orders    INTEGER NOT NULL DEFAULT 0,
  new_revenue         INTEGER NOT NULL DEFAULT 0,
  returning_revenue   INTEGER NOT NULL DEFAULT 0,
  refunds             INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Figures that count distinct customers cannot be summed from days, so
-- they are computed for the dashboard's periods at refresh time: @days is
-- the length (7, 30, 90), @previous 0 for the period ending at the
-- refresh's day, 1 for the one before it.
CREATE TABLE insight_periods (
  days                INTEGER NOT NULL,
  previous            INTEGER NOT NULL CHECK (previous IN (0, 1)),
  start_day           INTEGER NOT NULL,
  end_day             INTEGER NOT NULL,   -- exclusive
  customers           INTEGER NOT NULL DEFAULT 0,
  -- Customers of the period with two counted orders or more by its end.
  repeat_customers    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (days, previous)
) STRICT, WITHOUT ROWID;

-- Cohort retention: customers whose first counted order was in month
-- @cohort (year × 12 + month - 1, UTC) and who ordered again
-- @months_since months later (0: the first month itself).
CREATE TABLE customer_cohorts (
  cohort       INTEGER NOT NULL,
  months_since INTEGER NOT NULL,
  customers    INTEGER NOT NULL,
  PRIMARY KEY (cohort, months_since)
) STRICT, WITHOUT ROWID;

-- When the figures above were computed and from which sync.
CREATE TABLE insights_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  refreshed_at  INTEGER NOT NULL,
  data_synced_at INTEGER NOT NULL
) STRICT;
