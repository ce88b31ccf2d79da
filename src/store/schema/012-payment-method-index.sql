-- 012-payment-method-index.sql — the payment-method filter of the orders
-- page without a scan.
--
-- Filtering by payment method with the default sort (newest first) walked
-- orders_by_date backwards over every order and read each wide row to
-- test its method (EXPLAIN QUERY PLAN: SCAN o USING INDEX orders_by_date).
-- With the method first and the date after it, SQLite seeks to the
-- method's orders and reads them already in date order; the popover's
-- list of methods (GROUP BY payment_method) walks it without a temporary
-- B-tree for the grouping. The local id is the tie-breaker, as in the
-- indexes of 001-initial.sql.

CREATE INDEX orders_by_payment_date ON orders (payment_method, date_created, id);
