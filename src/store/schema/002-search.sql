-- 002-search.sql — full-text search over orders.
--
-- The index covers the order number, the customer's name, the e-mail and
-- the names of the products ordered. It is an external-content FTS5 table
-- over orders (rowid = orders.id), so the text is stored once; the product
-- names are denormalised into orders.product_names (one per line) so
-- everything indexed is in the order row itself.

ALTER TABLE orders ADD COLUMN product_names TEXT NOT NULL DEFAULT '';

UPDATE orders
   SET product_names = coalesce ((SELECT group_concat (name, char (10))
                                    FROM (SELECT name
                                            FROM order_items
                                           WHERE order_items.order_id = orders.id
                                           ORDER BY position)), '');

CREATE VIRTUAL TABLE orders_fts USING fts5 (
  number,
  customer_name,
  billing_email,
  product_names,
  content = 'orders',
  content_rowid = 'id',
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Inserts and updates are indexed by the sync sink itself (sk-store-sink.c),
-- batched at the end of each page: a trigger would make every order upsert
-- a statement with its own savepoint, and FTS5 flushes its pending terms to
-- disk at every savepoint, which made writing ten times slower. Deleting an
-- order is rare and may come from anywhere, so it keeps a trigger. The
-- 'delete' command needs the values that were indexed, which are old.*.
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders
BEGIN
  INSERT INTO orders_fts (orders_fts, rowid, number, customer_name, billing_email, product_names)
  VALUES ('delete', old.id, old.number, old.customer_name, old.billing_email, old.product_names);
END;

-- Backfill what version 1 already holds.
INSERT INTO orders_fts (orders_fts) VALUES ('rebuild');
