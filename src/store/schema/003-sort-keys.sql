-- 003-sort-keys.sql — a narrow copy of the orders' sort keys, by id.
--
-- A search finds its orders through FTS5 by id and must then sort them.
-- Looking each hit up in the orders table touches one wide row (addresses,
-- notes...) per hit, scattered over the file: 35,000 hits of a common name
-- in 1,000,000 orders took ~55 ms. This index holds only what the sorts and
-- the status filter read, so the same lookups stay in a few dense pages
-- (~22 ms). It is appended in id order, so syncing pays little for it.

CREATE INDEX orders_sort_keys ON orders (id, date_created, status, total, item_count,
                                         customer_name COLLATE NOCASE, number);
