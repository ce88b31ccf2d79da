-- 001-initial.sql — the core tables of the local copy of a store.
--
-- Every table is STRICT. Money is INTEGER minor units next to a TEXT
-- currency; times are INTEGER Unix seconds UTC, 0 meaning "not set".
-- Every synced row has its own local id, the store it came from and its
-- remote id, unique per store. Child rows (items, notes, refunds) hang off
-- their order and go with it.

CREATE TABLE stores (
  id        INTEGER PRIMARY KEY,
  url       TEXT    NOT NULL UNIQUE CHECK (url <> ''),
  name      TEXT    NOT NULL DEFAULT '',
  currency  TEXT    NOT NULL DEFAULT '',
  added_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE products (
  id             INTEGER PRIMARY KEY,
  store_id       INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  remote_id      INTEGER NOT NULL CHECK (remote_id > 0),
  date_created   INTEGER NOT NULL DEFAULT 0,
  date_modified  INTEGER NOT NULL DEFAULT 0,
  name           TEXT    NOT NULL DEFAULT '',
  slug           TEXT    NOT NULL DEFAULT '',
  sku            TEXT    NOT NULL DEFAULT '',
  status         TEXT    NOT NULL DEFAULT '',
  currency       TEXT    NOT NULL DEFAULT '',
  price          INTEGER NOT NULL DEFAULT 0,
  regular_price  INTEGER NOT NULL DEFAULT 0,
  featured       INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
  stock_quantity INTEGER NOT NULL DEFAULT -1,
  stock_status   TEXT    NOT NULL DEFAULT '',
  content_hash   INTEGER NOT NULL,
  UNIQUE (store_id, remote_id)
) STRICT;

CREATE INDEX products_name ON products (name COLLATE NOCASE, id);
CREATE INDEX products_sku ON products (sku) WHERE sku <> '';

CREATE TABLE product_categories (
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  PRIMARY KEY (product_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX product_categories_name ON product_categories (name);

CREATE TABLE customers (
  id                 INTEGER PRIMARY KEY,
  store_id           INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  remote_id          INTEGER NOT NULL CHECK (remote_id > 0),
  date_created       INTEGER NOT NULL DEFAULT 0,
  date_modified      INTEGER NOT NULL DEFAULT 0,
  email              TEXT    NOT NULL DEFAULT '',
  first_name         TEXT    NOT NULL DEFAULT '',
  last_name          TEXT    NOT NULL DEFAULT '',
  username           TEXT    NOT NULL DEFAULT '',
  billing_first_name TEXT    NOT NULL DEFAULT '',
  billing_last_name  TEXT    NOT NULL DEFAULT '',
  billing_company    TEXT    NOT NULL DEFAULT '',
  billing_address_1  TEXT    NOT NULL DEFAULT '',
  billing_address_2  TEXT    NOT NULL DEFAULT '',
  billing_city       TEXT    NOT NULL DEFAULT '',
  billing_state      TEXT    NOT NULL DEFAULT '',
  billing_postcode   TEXT    NOT NULL DEFAULT '',
  billing_country    TEXT    NOT NULL DEFAULT '',
  billing_email      TEXT    NOT NULL DEFAULT '',
  billing_phone      TEXT    NOT NULL DEFAULT '',
  shipping_first_name TEXT   NOT NULL DEFAULT '',
  shipping_last_name TEXT    NOT NULL DEFAULT '',
  shipping_company   TEXT    NOT NULL DEFAULT '',
  shipping_address_1 TEXT    NOT NULL DEFAULT '',
  shipping_address_2 TEXT    NOT NULL DEFAULT '',
  shipping_city      TEXT    NOT NULL DEFAULT '',
  shipping_state     TEXT    NOT NULL DEFAULT '',
  shipping_postcode  TEXT    NOT NULL DEFAULT '',
  shipping_country   TEXT    NOT NULL DEFAULT '',
  shipping_email     TEXT    NOT NULL DEFAULT '',
  shipping_phone     TEXT    NOT NULL DEFAULT '',
  content_hash       INTEGER NOT NULL,
  UNIQUE (store_id, remote_id)
) STRICT;

CREATE INDEX customers_email ON customers (email COLLATE NOCASE);

CREATE TABLE orders (
  id                   INTEGER PRIMARY KEY,
  store_id             INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  remote_id            INTEGER NOT NULL CHECK (remote_id > 0),
  parent_remote_id     INTEGER NOT NULL DEFAULT 0,
  number               TEXT    NOT NULL DEFAULT '',
  order_key            TEXT    NOT NULL DEFAULT '',
  status               TEXT    NOT NULL DEFAULT '',
  currency             TEXT    NOT NULL DEFAULT '',
  date_created         INTEGER NOT NULL DEFAULT 0,
  date_modified        INTEGER NOT NULL DEFAULT 0,
  date_paid            INTEGER NOT NULL DEFAULT 0,
  date_completed       INTEGER NOT NULL DEFAULT 0,
  customer_remote_id   INTEGER NOT NULL DEFAULT 0,
  customer_note        TEXT    NOT NULL DEFAULT '',
  payment_method       TEXT    NOT NULL DEFAULT '',
  payment_method_title TEXT    NOT NULL DEFAULT '',
  discount_total       INTEGER NOT NULL DEFAULT 0,
  shipping_total       INTEGER NOT NULL DEFAULT 0,
  total_tax            INTEGER NOT NULL DEFAULT 0,
  total                INTEGER NOT NULL DEFAULT 0,
  billing_first_name   TEXT    NOT NULL DEFAULT '',
  billing_last_name    TEXT    NOT NULL DEFAULT '',
  billing_company      TEXT    NOT NULL DEFAULT '',
  billing_address_1    TEXT    NOT NULL DEFAULT '',
  billing_address_2    TEXT    NOT NULL DEFAULT '',
  billing_city         TEXT    NOT NULL DEFAULT '',
  billing_state        TEXT    NOT NULL DEFAULT '',
  billing_postcode     TEXT    NOT NULL DEFAULT '',
  billing_country      TEXT    NOT NULL DEFAULT '',
  billing_email        TEXT    NOT NULL DEFAULT '',
  billing_phone        TEXT    NOT NULL DEFAULT '',
  shipping_first_name  TEXT    NOT NULL DEFAULT '',
  shipping_last_name   TEXT    NOT NULL DEFAULT '',
  shipping_company     TEXT    NOT NULL DEFAULT '',
  shipping_address_1   TEXT    NOT NULL DEFAULT '',
  shipping_address_2   TEXT    NOT NULL DEFAULT '',
  shipping_city        TEXT    NOT NULL DEFAULT '',
  shipping_state       TEXT    NOT NULL DEFAULT '',
  shipping_postcode    TEXT    NOT NULL DEFAULT '',
  shipping_country     TEXT    NOT NULL DEFAULT '',
  shipping_email       TEXT    NOT NULL DEFAULT '',
  shipping_phone       TEXT    NOT NULL DEFAULT '',
  -- Denormalised for the orders table, so a page of rows is one lookup each.
  customer_name        TEXT    NOT NULL DEFAULT '',
  item_count           INTEGER NOT NULL DEFAULT 0,
  -- Hash of everything above as the store sent it: an unchanged order is skipped.
  content_hash         INTEGER NOT NULL,
  UNIQUE (store_id, remote_id)
) STRICT;

-- One index per sort of the orders table (SkOrderSort); SQLite walks them
-- backwards for the descending sorts. The local id is the tie-breaker.
CREATE INDEX orders_by_date ON orders (date_created, id);
CREATE INDEX orders_by_number ON orders (length (number), number, id);
CREATE INDEX orders_by_customer ON orders (customer_name COLLATE NOCASE, id);
CREATE INDEX orders_by_status ON orders (status, id);
CREATE INDEX orders_by_items ON orders (item_count, id);
CREATE INDEX orders_by_total ON orders (total, id);
-- The status filter combined with the default sort.
CREATE INDEX orders_by_status_date ON orders (status, date_created, id);

CREATE TABLE order_items (
  id                  INTEGER PRIMARY KEY,
  order_id            INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position            INTEGER NOT NULL,
  remote_id           INTEGER NOT NULL,
  product_remote_id   INTEGER NOT NULL DEFAULT 0,
  variation_remote_id INTEGER NOT NULL DEFAULT 0,
  name                TEXT    NOT NULL DEFAULT '',
  sku                 TEXT    NOT NULL DEFAULT '',
  quantity            INTEGER NOT NULL DEFAULT 0,
  subtotal            INTEGER NOT NULL DEFAULT 0,
  total               INTEGER NOT NULL DEFAULT 0,
  total_tax           INTEGER NOT NULL DEFAULT 0,
  UNIQUE (order_id, position)
) STRICT;

CREATE INDEX order_items_product ON order_items (product_remote_id);

CREATE TABLE order_notes (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  remote_id     INTEGER NOT NULL CHECK (remote_id > 0),
  date_created  INTEGER NOT NULL DEFAULT 0,
  author        TEXT    NOT NULL DEFAULT '',
  note          TEXT    NOT NULL DEFAULT '',
  customer_note INTEGER NOT NULL DEFAULT 0 CHECK (customer_note IN (0, 1)),
  UNIQUE (order_id, remote_id)
) STRICT;

-- The refund summary the store sends inside an order.
CREATE TABLE refunds (
  id           INTEGER PRIMARY KEY,
  order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  remote_id    INTEGER NOT NULL,
  date_created INTEGER NOT NULL DEFAULT 0,
  amount       INTEGER NOT NULL DEFAULT 0,
  reason       TEXT    NOT NULL DEFAULT '',
  UNIQUE (order_id, position)
) STRICT;

-- Per store and resource (SkResource): the highest date_modified written
-- (never decreases), the last full and the last sync of any kind.
CREATE TABLE sync_state (
  store_id       INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  resource       INTEGER NOT NULL CHECK (resource IN (1, 2, 3)),
  cursor         INTEGER NOT NULL DEFAULT 0,
  last_full_sync INTEGER NOT NULL DEFAULT 0,
  last_sync      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, resource)
) STRICT, WITHOUT ROWID;

-- Append-only: what was done, by whom, when. Never edited, never deleted.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  subject TEXT    NOT NULL DEFAULT '',
  details TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'audit_log is append-only');
END;
