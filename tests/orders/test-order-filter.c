/* test-order-filter.c — every filter combination against plain SQL over a
 * demo store synced over HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "orders-test-helpers.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-order-filter.h"
#include "sk-order-list.h"
#include "sk-test-utils.h"

#define N_ORDERS 1500

static OrdersFixture fixture;
static sqlite3 *plain;

/* The values the filters use, picked from the data by plain SQL. */
static char *some_status;
static char *custom_status;
static char *some_method;
static gint64 some_product;
static char *some_email;
static gint64 mid_date;

static char *
plain_text (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (plain, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gint64
plain_int (const char *sql)
{
  g_autofree char *text = plain_text (sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The brute-force answer: every row tested one by one in SQL written
 * independently of sk-order-filter.c (no FTS, no index hints), sorted
 * the same way. @search_ids, when not NULL, are the ids the text search
 * alone finds (FTS semantics are tested in test-database.c). */
static GArray *
brute_force (const SkOrderFilter *filter,
             GArray              *search_ids,
             SkOrderSort          sort,
             gboolean             descending)
{
  static const char * const orders[] = {
    [SK_ORDER_SORT_DATE] = "date_created @, id @",
    [SK_ORDER_SORT_NUMBER] = "length (number) @, number @, id @",
    [SK_ORDER_SORT_CUSTOMER] = "customer_name COLLATE NOCASE @, id @",
    [SK_ORDER_SORT_STATUS] = "status @, id @",
    [SK_ORDER_SORT_ITEMS] = "item_count @, id @",
    [SK_ORDER_SORT_TOTAL] = "total @, id @",
  };
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM orders WHERE 1");
  g_autofree char *order_by = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  if (filter->status != NULL)
    g_string_append (sql, " AND status = :status");
  if (filter->created_from != 0)
    g_string_append (sql, " AND date_created >= :from");
  if (filter->created_until != 0)
    g_string_append (sql, " AND date_created < :until");
  if (filter->payment_method != NULL)
    g_string_append (sql, " AND payment_method = :method");
  if (filter->product_remote_id != 0)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = orders.id"
                          " AND i.product_remote_id = :product)");
  if (filter->customer_email != NULL)
    g_string_append (sql, " AND lower (billing_email) = lower (:email)");

  parts = g_strsplit (orders[sort], "@", -1);
  order_by = g_strjoinv (descending ? "DESC" : "ASC", parts);
  g_string_append_printf (sql, " ORDER BY %s", order_by);

  g_assert_cmpint (sqlite3_prepare_v2 (plain, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":status"), filter->status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":from"), filter->created_from);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":until"), filter->created_until);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":method"), filter->payment_method, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":product"), filter->product_remote_id);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":email"), filter->customer_email, -1, SQLITE_STATIC);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean keep = TRUE;

      if (search_ids != NULL)
        {
          keep = FALSE;
          for (guint i = 0; i < search_ids->len && !keep; i++)
            keep = g_array_index (search_ids, gint64, i) == id;
        }

      if (keep && filter->only_ids != NULL)
        {
          keep = FALSE;
          for (guint i = 0; i < filter->only_ids->len && !keep; i++)
            keep = g_array_index (filter->only_ids, gint64, i) == id;
        }

      if (keep)
        g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  return ids;
}

static void
assert_same_ids (GArray *expected,
                 GArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (g_array_index (actual, gint64, i), ==, g_array_index (expected, gint64, i));
}

/* Every subset of the parts, each with every sort: 2^6 × 6 × 2 queries. */
static void
test_combinations (void)
{
  SkDatabase *db = sk_context_get_database (fixture.context);
  g_autoptr(GArray) search_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderFilter) search_only = sk_order_filter_new ();
  guint n_nonempty = 0;
  g_autofree gint64 *some_ids = NULL;

  sk_order_filter_set_search (search_only, "a");
  search_ids = sk_order_filter_query_ids (db, search_only, SK_ORDER_SORT_DATE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search_ids->len, >, 0);

  /* Every third order of the store, as a "needs attention" set would be. */
  some_ids = g_new0 (gint64, N_ORDERS / 3 + 1);
  for (guint i = 0; i < N_ORDERS / 3; i++)
    some_ids[i] = N_ORDERS - 3 * (gint64) i;

  for (guint mask = 0; mask < 128; mask++)
    {
      g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();

      if (mask & 1)
        sk_order_filter_set_status (filter, (mask & 64) ? custom_status : some_status);
      if (mask & 2)
        {
          filter->created_from = mid_date - 20 * 86400;
          filter->created_until = mid_date + 20 * 86400;
        }
      if (mask & 4)
        sk_order_filter_set_payment_method (filter, some_method);
      if (mask & 8)
        filter->product_remote_id = some_product;
      if (mask & 16)
        sk_order_filter_set_customer_email (filter, some_email);
      if (mask & 32)
        sk_order_filter_set_only_ids (filter, some_ids, N_ORDERS / 3);

      for (int sort = SK_ORDER_SORT_DATE; sort <= SK_ORDER_SORT_TOTAL; sort++)
        for (int desc = 0; desc <= 1; desc++)
          {
            g_autoptr(GArray) expected = NULL;
            g_autoptr(GArray) actual = NULL;
            gboolean with_search = (mask + sort + desc) % 3 == 0;

            if (with_search)
              sk_order_filter_set_search (filter, "a");
            else
              sk_order_filter_set_search (filter, NULL);

            expected = brute_force (filter, with_search ? search_ids : NULL, sort, desc);
            actual = sk_order_filter_query_ids (db, filter, sort, desc, &error);
            g_assert_no_error (error);
            assert_same_ids (expected, actual);
            if (expected->len > 0)
              n_nonempty++;
          }
    }

  /* Not a test of empty sets only. */
  g_assert_cmpuint (n_nonempty, >, 400);
}

static void
test_custom_status_kept (void)
{
  SkDatabase *db = sk_context_get_database (fixture.context);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) statuses = NULL;
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  g_autoptr(GArray) ids = NULL;

  /* The demo store has a plugin's "awaiting-shipment": synced, listed and
   * filterable like WooCommerce's own statuses. */
  g_assert_cmpstr (custom_status, ==, "awaiting-shipment");
  statuses = sk_database_list_order_statuses (db, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) statuses, custom_status));

  sk_order_filter_set_status (filter, custom_status);
  ids = sk_order_filter_query_ids (db, filter, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ids->len, ==, plain_int ("SELECT count (*) FROM orders WHERE status = 'awaiting-shipment'"));
  g_assert_cmpuint (ids->len, >, 0);
}

static void
test_payment_methods (void)
{
  SkDatabase *db = sk_context_get_database (fixture.context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  gint64 total = 0;

  methods = sk_order_filter_list_payment_methods (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (methods->len, ==, plain_int ("SELECT count (DISTINCT payment_method) FROM orders WHERE payment_method <> ''"));
  g_assert_cmpuint (methods->len, >=, 2);

  for (guint i = 0; i < methods->len; i++)
    {
      SkPaymentMethod *method = methods->pdata[i];
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE payment_method = '%s'", method->slug);

      g_assert_cmpstr (method->title, !=, "");
      g_assert_cmpint (method->n_orders, ==, plain_int (sql));
      if (i > 0)
        g_assert_cmpint (method->n_orders, <=, ((SkPaymentMethod *) methods->pdata[i - 1])->n_orders);
      total += method->n_orders;
    }

  g_assert_cmpint (total, ==, plain_int ("SELECT count (*) FROM orders WHERE payment_method <> ''"));
}

static int
capture_sql_cb (unsigned int  type,
                void         *data,
                void         *stmt,
                void         *unused)
{
  char **sql = data;

  if (type == SQLITE_TRACE_STMT && strstr (sqlite3_sql (stmt), "payment_method") != NULL)
    {
      g_free (*sql);
      *sql = g_strdup (sqlite3_sql (stmt));
    }

  return 0;
}

/* The payment-method filter with the default sort (newest first) seeks
 * in the index of 012-payment-method-index.sql, in date order: no walk
 * over every order, no sort. The plan of the very SQL the filter runs. */
static void
test_payment_method_plan (void)
{
  SkDatabase *db = sk_context_get_database (fixture.context);
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *explain = NULL;
  sqlite3_stmt *stmt = NULL;

  sk_order_filter_set_payment_method (filter, some_method);
  sqlite3_trace_v2 (_sk_database_get_handle (db), SQLITE_TRACE_STMT, capture_sql_cb, &sql);
  ids = sk_order_filter_query_ids (db, filter, SK_ORDER_SORT_DATE, TRUE, &error);
  sqlite3_trace_v2 (_sk_database_get_handle (db), 0, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (ids->len, >, 0);
  g_assert_nonnull (sql);

  explain = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sql);
  g_assert_cmpint (sqlite3_prepare_v2 (plain, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);

  g_test_message ("%s\n%s", sql, plan->str);
  g_assert_nonnull (strstr (plan->str, "orders_by_payment_date (payment_method=?)"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

static void
test_products (void)
{
  SkDatabase *db = sk_context_get_database (fixture.context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *word = NULL;
  SkProductChoice *first;

  all = sk_order_filter_list_products (db, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all->len, ==, plain_int ("SELECT count (*) FROM products"));

  first = all->pdata[0];
  word = g_utf8_strup (first->name, 3);
  some = sk_order_filter_list_products (db, word, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, >=, 1);
  g_assert_cmpuint (some->len, <=, 5);

  /* LIKE wildcards typed by the user are plain letters. */
  none = sk_order_filter_list_products (db, "%_%", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_dates (void)
{
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, G_DATE_MARCH, 2026);
  g_date_set_dmy (&last, 31, G_DATE_MARCH, 2026);

  g_assert_true (sk_order_filter_set_dates (filter, &first, &last, utc));
  g_assert_cmpint (filter->created_from, ==, 1772323200);   /* 2026-03-01T00:00Z */
  g_assert_cmpint (filter->created_until, ==, 1775001600);  /* 2026-04-01T00:00Z */

  /* Berlin: +01:00 on the 1st, +02:00 from the 29th (DST). */
  g_assert_nonnull (berlin);
  g_assert_true (sk_order_filter_set_dates (filter, &first, &last, berlin));
  g_assert_cmpint (filter->created_from, ==, 1772323200 - 3600);
  g_assert_cmpint (filter->created_until, ==, 1775001600 - 7200);

  /* An open end. */
  g_assert_true (sk_order_filter_set_dates (filter, NULL, &last, utc));
  g_assert_cmpint (filter->created_from, ==, 0);
  g_assert_cmpint (filter->created_until, ==, 1775001600);

  /* Backwards: refused, the filter keeps what it had. */
  g_assert_false (sk_order_filter_set_dates (filter, &last, &first, utc));
  g_assert_cmpint (filter->created_until, ==, 1775001600);
}

static void
test_filter_value (void)
{
  g_autoptr(SkOrderFilter) a = sk_order_filter_new ();
  g_autoptr(SkOrderFilter) b = NULL;
  gint64 ids[] = { 5, 3, 9 };

  g_assert_true (sk_order_filter_is_empty (a));
  sk_order_filter_set_status (a, "  ");
  sk_order_filter_set_payment_method (a, "");
  g_assert_true (sk_order_filter_is_empty (a));

  sk_order_filter_set_status (a, "on-hold");
  sk_order_filter_set_customer_email (a, " Jane@Example.com ");
  g_assert_cmpstr (a->customer_email, ==, "Jane@Example.com");
  sk_order_filter_set_only_ids (a, ids, G_N_ELEMENTS (ids));
  g_assert_cmpint (g_array_index (a->only_ids, gint64, 0), ==, 3);
  g_assert_cmpuint (sk_order_filter_count_extra (a), ==, 2);

  b = sk_order_filter_copy (a);
  g_assert_true (sk_order_filter_equal (a, b));
  b->product_remote_id = 12;
  g_assert_false (sk_order_filter_equal (a, b));
  b->product_remote_id = 0;
  sk_order_filter_set_only_ids (b, ids, 2);
  g_assert_false (sk_order_filter_equal (a, b));
  sk_order_filter_set_only_ids (b, NULL, 0);
  g_assert_false (sk_order_filter_equal (a, b));
}

static void
test_only_ids_empty_and_list (void)
{
  SkDatabase *db = sk_context_get_database (fixture.context);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(SkOrderList) list = sk_order_list_new (db);
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (list));
  gint64 one = 7;

  /* An empty set (nothing needs attention) shows no orders, not all. */
  sk_order_filter_set_only_ids (filter, &one, 0);
  ids = sk_order_filter_query_ids (db, filter, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);

  /* The list model takes the whole filter, and search and status stay
   * part of it. */
  sk_order_filter_set_payment_method (filter, some_method);
  sk_order_filter_set_only_ids (filter, NULL, 0);
  sk_order_list_set_filter (list, filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, n_all);
  sk_order_list_set_status (list, some_status);
  g_assert_cmpstr (sk_order_list_get_filter (list)->payment_method, ==, some_method);
  g_assert_cmpstr (sk_order_list_get_filter (list)->status, ==, some_status);
  sk_order_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_all);
  g_assert_null (sk_order_list_get_status (list));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  orders_fixture_set_up (&fixture, N_ORDERS);
  path = g_build_filename (fixture.dir, "shopkeeper.db", NULL);
  g_assert_cmpint (sqlite3_open_v2 (path, &plain, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  some_status = plain_text ("SELECT status FROM orders GROUP BY status ORDER BY count (*) DESC LIMIT 1");
  custom_status = plain_text ("SELECT status FROM orders WHERE status = 'awaiting-shipment' LIMIT 1");
  some_method = plain_text ("SELECT payment_method FROM orders GROUP BY payment_method ORDER BY count (*) DESC LIMIT 1");
  some_product = plain_int ("SELECT product_remote_id FROM order_items GROUP BY product_remote_id ORDER BY count (*) DESC LIMIT 1");
  /* Upper-cased: the e-mail filter ignores case. */
  some_email = plain_text ("SELECT upper (billing_email) FROM orders WHERE billing_email <> ''"
                           " GROUP BY lower (billing_email) ORDER BY count (*) DESC LIMIT 1");
  mid_date = plain_int ("SELECT date_created FROM orders ORDER BY date_created LIMIT 1 OFFSET 750");

  g_test_add_func ("/orders/filter/value", test_filter_value);
  g_test_add_func ("/orders/filter/dates", test_dates);
  g_test_add_func ("/orders/filter/combinations", test_combinations);
  g_test_add_func ("/orders/filter/custom-status", test_custom_status_kept);
  g_test_add_func ("/orders/filter/payment-methods", test_payment_methods);
  g_test_add_func ("/orders/filter/payment-method-plan", test_payment_method_plan);
  g_test_add_func ("/orders/filter/products", test_products);
  g_test_add_func ("/orders/filter/only-ids-and-list", test_only_ids_empty_and_list);

  ret = g_test_run ();

  sqlite3_close (plain);
  g_free (some_status);
  g_free (custom_status);
  g_free (some_method);
  g_free (some_email);
  orders_fixture_tear_down (&fixture);

  return ret;
}
