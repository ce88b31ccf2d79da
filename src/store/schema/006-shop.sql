-- 006-shop.sql — the shop's own settings: what the store has no place for
-- (contact details printed on slips and messages, shipping promises,
-- refund policy, message delivery). One row per key; values are text,
-- numbers stored as their decimal text. Secrets never go here.

CREATE TABLE shop_settings (
  key        TEXT    NOT NULL PRIMARY KEY CHECK (key <> '' AND length (key) <= 100),
  value      TEXT    NOT NULL CHECK (length (value) <= 100000),
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
