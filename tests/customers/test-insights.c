/* test-insights.c — customer profiles, daily sales, periods and cohorts.
 *
 * A hand-made shop whose every figure is known, and a demo shop synced over
 * HTTP whose repeat-customer rates and cohort grid are checked against an
 * independent computation in plain SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "sk-context.h"
#include "sk-customer-care.h"
#include "sk-customers.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-insights.h"
#include "sk-rfm.h"
#include "sk-sync-sink.h"
#include "sk-time.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define D   ((gint64) 86400)
/* 2026-01-01 12:00:00 UTC */
#define NOW ((gint64) 1767268800)

typedef struct
{
  char       *dir;
  char       *path;
  SkDatabase *writer;
  SkSyncSink *sink;
} Fixture;

static SkOrderRecord *
order_new (gint64      remote_id,
           const char *status,
           gint64      date,
           gint64      customer_remote_id,
           const char *first_name,
           const char *last_name,
           const char *email,
           gint64      total)
{
  static const char * const products[] = { "Teapot", NULL };
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, remote_id);
  SkOrderRecord *order = store_test_order_new (remote_id, number, status, date, first_name,
                                               last_name, email, total, products);

  order->customer_remote_id = customer_remote_id;

  return order;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_customer_record_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GError) error = NULL;
  SkRefundRecord *refund;
  SkOrderRecord *order;

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->sink = sk_database_create_sink (fixture->writer, "https://shop.example", &error);
  g_assert_no_error (error);

  g_ptr_array_add (customers, store_test_customer_new (10, "Anna", "Alpha", "anna@example.com"));
  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, customers, 0);

  /* Anna as a guest, before she registered: merged by e-mail, whatever
   * its case. */
  g_ptr_array_add (orders, order_new (101, "completed", NOW - 100 * D, 0, "Ann", "A", "ANNA@Example.com", 1000));
  /* Anna's account with another billing address: the account wins. */
  g_ptr_array_add (orders, order_new (102, "processing", NOW - 60 * D, 10, "Anna", "Alpha", "other@example.com", 2000));
  order = order_new (103, "completed", NOW - 20 * D, 10, "Anna", "Alpha", "anna@example.com", 3000);
  refund = sk_refund_record_new ();
  refund->remote_id = 900;
  refund->date_created = NOW - 19 * D;
  refund->amount = 500;
  g_ptr_array_add (order->refunds, refund);
  g_ptr_array_add (orders, order);
  /* Not counted, but hers. */
  g_ptr_array_add (orders, order_new (104, "cancelled", NOW - 10 * D, 10, "Anna", "Alpha", "anna@example.com", 9999));
  g_ptr_array_add (orders, order_new (105, "completed", NOW - 3 * D, 0, "Bob", "Beta", "bob@example.net", 4000));
  /* A guest whose only order is unpaid. */
  g_ptr_array_add (orders, order_new (106, "pending", NOW - 1 * D, 0, "Carol", "Gamma", "carol@example.org", 800));
  /* Nobody behind it: counted for the shop, no profile. */
  g_ptr_array_add (orders, order_new (107, "completed", NOW - 2 * D, 0, "", "", "", 700));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->sink);
  g_assert_finalize_object (fixture->writer);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gint64
query_int (SkDatabase *database,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gint64
profile_id_for (SkDatabase *database,
                const char *email_key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM customer_profiles WHERE email_key = '%s'", email_key);

  return query_int (database, sql);
}

static gint64
order_id_for (SkDatabase *database,
              gint64      remote_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM orders WHERE remote_id = %" G_GINT64_FORMAT, remote_id);

  return query_int (database, sql);
}

static void
test_profiles (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SkCustomerProfile) anna = NULL;
  g_autoptr(SkCustomerProfile) bob = NULL;
  g_autoptr(SkCustomerProfile) carol = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);

  /* Anna (account and guest orders merged), Bob, Carol; not the order
   * without an identity. */
  g_assert_cmpint (sk_customers_count (fixture->writer), ==, 3);

  anna = sk_customers_load_profile (fixture->writer, profile_id_for (fixture->writer, "anna@example.com"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (anna->display_name, ==, "Anna Alpha");
  g_assert_cmpstr (anna->first_name, ==, "Anna");
  g_assert_cmpint (anna->customer_remote_id, ==, 10);
  g_assert_cmpint (anna->order_count, ==, 3);
  g_assert_cmpint (anna->lifetime_value, ==, 6000);
  g_assert_cmpint (anna->average_order_value, ==, 2000);
  g_assert_cmpint (anna->first_order, ==, NOW - 100 * D);
  g_assert_cmpint (anna->last_order, ==, NOW - 20 * D);
  g_assert_cmpint (anna->usual_gap_days, ==, 40);
  g_assert_cmpint (anna->refunds_total, ==, 500);
  g_assert_cmpint (anna->overdue_at, ==, NOW - 20 * D + 80 * D);
  g_assert_cmpstr (anna->currency, ==, "EUR");
  g_assert_cmpint (anna->segment, >, SK_RFM_SEGMENT_NONE);
  /* Every order of hers, the cancelled one too, newest first. */
  g_assert_cmpuint (anna->orders->len, ==, 4);
  g_assert_cmpint (((SkCustomerOrder *) anna->orders->pdata[0])->remote_id, ==, 104);
  g_assert_cmpint (((SkCustomerOrder *) anna->orders->pdata[1])->refunded, ==, 500);
  g_assert_cmpint (((SkCustomerOrder *) anna->orders->pdata[3])->remote_id, ==, 101);
  g_assert_cmpint (((SkCustomerOrder *) anna->orders->pdata[3])->id, ==, order_id_for (fixture->writer, 101));
  g_assert_cmpstr (anna->billing.email, ==, "anna@example.com");

  bob = sk_customers_load_profile (fixture->writer, profile_id_for (fixture->writer, "bob@example.net"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bob->display_name, ==, "Bob Beta");
  g_assert_cmpint (bob->customer_remote_id, ==, 0);
  g_assert_cmpint (bob->order_count, ==, 1);
  g_assert_cmpint (bob->usual_gap_days, ==, 0);
  g_assert_cmpint (bob->overdue_at, ==, 0);
  /* A guest's address is their latest order's. */
  g_assert_cmpstr (bob->billing.first_name, ==, "Bob");

  carol = sk_customers_load_profile (fixture->writer, profile_id_for (fixture->writer, "carol@example.org"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (carol->order_count, ==, 0);
  g_assert_cmpint (carol->lifetime_value, ==, 0);
  g_assert_cmpint (carol->segment, ==, SK_RFM_SEGMENT_NONE);
  g_assert_cmpuint (carol->orders->len, ==, 1);

  g_assert_null (sk_customers_load_profile (fixture->writer, 999999, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
}

static void
test_daily_sales (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 today = sk_insights_day_of (NOW);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM daily_sales"), ==, 6);
  g_assert_cmpint (query_int (fixture->writer, "SELECT sum (revenue) FROM daily_sales"), ==, 1000 + 2000 + 3000 + 4000 + 700);
  g_assert_cmpint (query_int (fixture->writer, "SELECT sum (orders) FROM daily_sales"), ==, 5);
  g_assert_cmpint (query_int (fixture->writer, "SELECT sum (new_orders) FROM daily_sales"), ==, 3);
  g_assert_cmpint (query_int (fixture->writer, "SELECT sum (returning_revenue) FROM daily_sales"), ==, 5000);
  g_assert_cmpint (query_int (fixture->writer, "SELECT sum (refunds) FROM daily_sales"), ==, 500);

  {
    g_autofree char *sql = g_strdup_printf ("SELECT refunds FROM daily_sales WHERE day = %" G_GINT64_FORMAT,
                                            today - 19 * D);

    g_assert_cmpint (query_int (fixture->writer, sql), ==, 500);
  }
}

static void
test_dashboard (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SkDashboard) dashboard = NULL;
  g_autoptr(SkDashboard) later = NULL;
  g_autoptr(GError) error = NULL;
  gint64 today = sk_insights_day_of (NOW);

  /* Nothing computed yet. */
  g_assert_true (sk_insights_is_stale (fixture->writer, NOW));
  g_assert_null (sk_insights_load_dashboard (fixture->writer, 30, NOW, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  g_assert_false (sk_insights_is_stale (fixture->writer, NOW + 3600));
  g_assert_true (sk_insights_is_stale (fixture->writer, NOW + D));

  dashboard = sk_insights_load_dashboard (fixture->writer, 30, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dashboard->end_day, ==, today + D);
  g_assert_cmpint (dashboard->start_day, ==, today + D - 30 * D);
  g_assert_cmpstr (dashboard->currency, ==, "EUR");
  g_assert_cmpuint (dashboard->sales->len, ==, 30);

  /* Anna's third order, Bob's first and the anonymous one. */
  g_assert_cmpint (dashboard->current.revenue, ==, 3000 + 4000 + 700);
  g_assert_cmpint (dashboard->current.orders, ==, 3);
  g_assert_cmpint (dashboard->current.returning_revenue, ==, 3000);
  g_assert_cmpint (dashboard->current.returning_orders, ==, 1);
  g_assert_cmpint (dashboard->current.refunds, ==, 500);
  g_assert_cmpint (dashboard->current.customers, ==, 2);
  g_assert_cmpint (dashboard->current.repeat_customers, ==, 1);
  /* The order 60 days ago is before the previous 30 days (which start
   * 59 days before today). */
  g_assert_cmpint (dashboard->previous.orders, ==, 0);
  g_assert_cmpint (dashboard->previous.customers, ==, 0);

  /* Every day of the period, in order, the sums matching. */
  {
    gint64 revenue = 0;

    for (guint i = 0; i < dashboard->sales->len; i++)
      {
        SkDaySales *day = &g_array_index (dashboard->sales, SkDaySales, i);

        g_assert_cmpint (day->day, ==, dashboard->start_day + i * D);
        revenue += day->revenue;
      }
    g_assert_cmpint (revenue, ==, dashboard->current.revenue);
  }

  /* Cohorts, the last twelve up to January 2026: Anna started in
   * September 2025 and came back two and three months later; Bob started
   * in December. */
  g_assert_cmpint (dashboard->cohort_first, ==, 2026 * 12 + 0 - SK_INSIGHTS_MAX_COHORTS + 1);
  {
    guint september = (guint) (2025 * 12 + 8 - dashboard->cohort_first);
    guint december = (guint) (2025 * 12 + 11 - dashboard->cohort_first);

    g_assert_cmpint (dashboard->cohort_sizes[september], ==, 1);
    g_assert_cmpint (dashboard->retained[september][1], ==, 0);
    g_assert_cmpint (dashboard->retained[september][2], ==, 1);
    g_assert_cmpint (dashboard->retained[september][3], ==, 1);
    g_assert_cmpint (dashboard->cohort_sizes[december], ==, 1);
  }

  /* Order 102 has been processing for 60 days. */
  g_assert_cmpint (dashboard->waiting_orders, ==, 1);
  g_assert_cmpint (dashboard->oldest_waiting_order_id, ==, order_id_for (fixture->writer, 102));
  /* Anna is due 80 days after her last order: not yet. */
  g_assert_cmpint (dashboard->n_overdue, ==, 0);

  /* 70 days later she is overdue. */
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW + 70 * D, &error));
  g_assert_no_error (error);
  later = sk_insights_load_dashboard (fixture->writer, 90, NOW + 70 * D, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later->n_overdue, ==, 1);
  g_assert_cmpuint (later->overdue->len, ==, 1);
  g_assert_cmpstr (((SkOverdueCustomer *) later->overdue->pdata[0])->name, ==, "Anna Alpha");
  g_assert_cmpint (((SkOverdueCustomer *) later->overdue->pdata[0])->usual_gap_days, ==, 40);
}

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  first = store_test_dump (fixture->path);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  second = store_test_dump (fixture->path);

  g_assert_cmpstr (first, ==, second);
}

/* Every column of every profile but the id, in key order. */
static char *
profiles_text (SkDatabase *database)
{
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database),
                                       "SELECT store_id, email_key, email, customer_remote_id, first_name,"
                                       " last_name, display_name, search_text, first_order, last_order,"
                                       " order_count, currency, lifetime_value, average_order_value,"
                                       " usual_gap_days, refunds_total, segment, r_score, f_score, m_score,"
                                       " overdue_at, hex (order_ids)"
                                       "  FROM customer_profiles ORDER BY store_id, email_key",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (text, "%s|", (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (text, '\n');
    }
  sqlite3_finalize (stmt);

  return g_string_free (text, FALSE);
}

/* A refresh over profiles already there writes only what changed: the
 * profiles keep their ids, a new person is added, a person merged into
 * another is gone, and the table is the same as one written afresh. */
static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *afresh = NULL;
  gint64 anna, bob, carol, dave;

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  anna = profile_id_for (fixture->writer, "anna@example.com");
  bob = profile_id_for (fixture->writer, "bob@example.net");
  carol = profile_id_for (fixture->writer, "carol@example.org");

  /* Nothing changed: no profile row written (counted by triggers of this
   * connection, the one refreshing). */
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->writer),
                                 "CREATE TEMP TABLE profile_writes (n INTEGER NOT NULL);"
                                 "INSERT INTO profile_writes VALUES (0);"
                                 "CREATE TEMP TRIGGER profile_updated AFTER UPDATE ON main.customer_profiles"
                                 " BEGIN UPDATE profile_writes SET n = n + 1; END;"
                                 "CREATE TEMP TRIGGER profile_inserted AFTER INSERT ON main.customer_profiles"
                                 " BEGIN UPDATE profile_writes SET n = n + 1; END;"
                                 "CREATE TEMP TRIGGER profile_deleted AFTER DELETE ON main.customer_profiles"
                                 " BEGIN UPDATE profile_writes SET n = n + 1; END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->writer, "SELECT n FROM profile_writes"), ==, 0);
  g_assert_cmpint (profile_id_for (fixture->writer, "anna@example.com"), ==, anna);

  /* Bob orders again, Dave for the first time; Carol turns out to be Anna. */
  g_ptr_array_add (orders, order_new (108, "completed", NOW - 1 * D, 0, "Bob", "Beta", "bob@example.net", 1500));
  g_ptr_array_add (orders, order_new (109, "completed", NOW - 1 * D, 0, "Dave", "Delta", "dave@example.com", 2500));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  g_assert_true (sk_customer_care_merge (fixture->writer, anna, carol, &error));
  g_assert_no_error (error);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (profile_id_for (fixture->writer, "anna@example.com"), ==, anna);
  g_assert_cmpint (profile_id_for (fixture->writer, "bob@example.net"), ==, bob);
  g_assert_cmpint (query_int (fixture->writer, "SELECT order_count FROM customer_profiles"
                                               " WHERE email_key = 'bob@example.net'"), ==, 2);
  dave = profile_id_for (fixture->writer, "dave@example.com");
  g_assert_cmpint (dave, !=, anna);
  g_assert_cmpint (dave, !=, bob);
  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM customer_profiles"
                                               " WHERE email_key = 'carol@example.org'"), ==, 0);
  /* Bob and Anna updated, Dave added, Carol removed (and whoever's
   * scores moved with them). */
  g_assert_cmpint (query_int (fixture->writer, "SELECT n FROM profile_writes"), >=, 4);
  updated = profiles_text (fixture->writer);

  /* A first refresh cut short between its transactions may have left an
   * index out: the next one builds it. */
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->writer), "DROP INDEX customer_profiles_by_name",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM sqlite_master"
                                               " WHERE name = 'customer_profiles_by_name'"), ==, 1);

  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->writer), "DELETE FROM customer_profiles",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  afresh = profiles_text (fixture->writer);
  g_assert_cmpstr (updated, ==, afresh);
}

/* The demo shop, synced over HTTP. */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SyncRun;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  run->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &run->error);
  run->done = TRUE;
}

/* The same definitions as sk-insights.h, written once more in plain SQL
 * with nothing shared with the C code: the person behind each counted
 * order, and the months. */
#define KEYED_ORDERS \
  "WITH keyed AS (" \
  "  SELECT o.date_created AS t," \
  "         CAST (strftime ('%Y', o.date_created, 'unixepoch') AS INTEGER) * 12" \
  "         + CAST (strftime ('%m', o.date_created, 'unixepoch') AS INTEGER) - 1 AS month," \
  "         CASE WHEN c.remote_id IS NOT NULL AND c.email <> '' THEN lower (c.email)" \
  "              WHEN c.remote_id IS NOT NULL THEN 'customer:' || c.remote_id" \
  "              WHEN o.billing_email <> '' THEN lower (o.billing_email)" \
  "              WHEN o.customer_remote_id > 0 THEN 'customer:' || o.customer_remote_id" \
  "         END AS person" \
  "    FROM orders AS o" \
  "    LEFT JOIN customers AS c ON c.store_id = o.store_id AND c.remote_id = o.customer_remote_id" \
  "   WHERE o.status NOT IN ('pending', 'failed', 'cancelled', 'trash', 'draft', 'checkout-draft'))"

static void
test_against_sql (void)
{
  g_autoptr(SkDemoServer) server = NULL;
  g_autoptr(SkContext) context = NULL;
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "shopkeeper.db", NULL);
  SkSyncManager *manager;
  SyncRun run = { 0 };
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  gint64 now = sk_time_now_utc ();
  guint n_checked = 0;
  int rc;

  server = sk_test_start_demo (7, 4000);
  context = sk_context_new (dir, &error);
  g_assert_no_error (error);
  manager = sk_context_get_sync_manager (context);
  sk_sync_manager_set_store (manager, sk_demo_server_get_url (server),
                             sk_demo_server_get_key (server), sk_demo_server_get_secret (server));
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &run);
  sk_test_wait_until (&run.done, 120);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  database = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (sk_insights_refresh_at (database, now, &error));
  g_assert_no_error (error);
  db = _sk_database_get_handle (database);

  /* No ASCII-only lower () surprise: every address the demo uses lowers
   * the same in SQL and in GLib. */
  g_assert_cmpint (query_int (database, KEYED_ORDERS " SELECT count (DISTINCT person) FROM keyed WHERE person IS NOT NULL"),
                   ==, query_int (database, "SELECT count (*) FROM customer_profiles WHERE order_count > 0"));

  /* Repeat-customer rate of every period: customers, and those with two
   * counted orders or more by the period's end. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       KEYED_ORDERS ","
                                       " period AS (SELECT DISTINCT k.person, p.days, p.previous, p.end_day"
                                       "              FROM keyed AS k JOIN insight_periods AS p"
                                       "                ON k.t >= p.start_day AND k.t < p.end_day"
                                       "             WHERE k.person IS NOT NULL)"
                                       " SELECT p.days, p.previous, p.customers, p.repeat_customers,"
                                       "        (SELECT count (*) FROM period AS x WHERE x.days = p.days AND x.previous = p.previous),"
                                       "        (SELECT count (*) FROM period AS x"
                                       "          WHERE x.days = p.days AND x.previous = p.previous"
                                       "            AND (SELECT count (*) FROM keyed AS k"
                                       "                  WHERE k.person = x.person AND k.t < x.end_day) >= 2)"
                                       "   FROM insight_periods AS p",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_test_message ("%d days (previous %d): %lld of %lld customers repeat",
                      sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                      (long long) sqlite3_column_int64 (stmt, 3), (long long) sqlite3_column_int64 (stmt, 2));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, sqlite3_column_int64 (stmt, 4));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, sqlite3_column_int64 (stmt, 5));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 2), >, 0);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 3), >, 0);
      n_checked++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_checked, ==, 6);

  /* The whole cohort grid, both ways round (a missing or an extra cell
   * fails). */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       KEYED_ORDERS ","
                                       " first AS (SELECT person, min (month) AS cohort FROM keyed"
                                       "            WHERE person IS NOT NULL GROUP BY person),"
                                       " grid AS (SELECT f.cohort, k.month - f.cohort AS since,"
                                       "                 count (DISTINCT k.person) AS n"
                                       "            FROM keyed AS k JOIN first AS f USING (person)"
                                       "           GROUP BY 1, 2)"
                                       " SELECT (SELECT count (*) FROM grid),"
                                       "        (SELECT count (*) FROM customer_cohorts),"
                                       "        (SELECT count (*) FROM grid JOIN customer_cohorts AS c"
                                       "            ON c.cohort = grid.cohort AND c.months_since = grid.since"
                                       "           AND c.customers = grid.n),"
                                       "        (SELECT sum (n) FROM grid WHERE since = 0)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_test_message ("cohort grid: %lld cells", (long long) sqlite3_column_int64 (stmt, 0));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >, 20);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, sqlite3_column_int64 (stmt, 1));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, sqlite3_column_int64 (stmt, 2));
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==,
                   query_int (database, "SELECT count (*) FROM customer_profiles WHERE order_count > 0"));
  sqlite3_finalize (stmt);

  /* Every segment but "none" is used in a shop of this size, and only
   * people without orders are in "none". */
  g_assert_cmpint (query_int (database, "SELECT count (DISTINCT segment) FROM customer_profiles WHERE order_count > 0"), >=, 6);
  g_assert_cmpint (query_int (database, "SELECT count (*) FROM customer_profiles WHERE (segment = 0) <> (order_count = 0)"), ==, 0);

  /* The dashboard's overdue customers: how many, and the most valuable
   * first, as a plain query over the profiles finds them. */
  {
    g_autoptr(SkDashboard) dashboard = sk_insights_load_dashboard (database, 30, now, &error);
    g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM customer_profiles"
                                                  " WHERE overdue_at > %" G_GINT64_FORMAT
                                                  " AND overdue_at <= %" G_GINT64_FORMAT,
                                                  now - SK_INSIGHTS_OVERDUE_WINDOW, now);
    sqlite3_stmt *top = NULL;
    g_autofree char *top_sql = g_strdup_printf ("SELECT id FROM customer_profiles"
                                                " WHERE overdue_at > %" G_GINT64_FORMAT
                                                " AND overdue_at <= %" G_GINT64_FORMAT
                                                " ORDER BY lifetime_value DESC, id LIMIT 20",
                                                now - SK_INSIGHTS_OVERDUE_WINDOW, now);
    guint i = 0;

    g_assert_no_error (error);
    g_assert_cmpint (dashboard->n_overdue, ==, query_int (database, count_sql));
    g_assert_cmpint (dashboard->n_overdue, >, 1);
    g_assert_cmpint (sqlite3_prepare_v2 (db, top_sql, -1, &top, NULL), ==, SQLITE_OK);
    while (sqlite3_step (top) == SQLITE_ROW)
      {
        g_assert_cmpuint (i, <, dashboard->overdue->len);
        g_assert_cmpint (((SkOverdueCustomer *) dashboard->overdue->pdata[i])->profile_id, ==,
                         sqlite3_column_int64 (top, 0));
        i++;
      }
    sqlite3_finalize (top);
    g_assert_cmpuint (i, ==, dashboard->overdue->len);
  }

  g_clear_object (&database);
  g_clear_object (&context);
  sk_demo_server_stop (server);
  sk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/insights/profiles", Fixture, NULL, fixture_set_up, test_profiles, fixture_tear_down);
  g_test_add ("/insights/daily-sales", Fixture, NULL, fixture_set_up, test_daily_sales, fixture_tear_down);
  g_test_add ("/insights/dashboard", Fixture, NULL, fixture_set_up, test_dashboard, fixture_tear_down);
  g_test_add ("/insights/idempotent", Fixture, NULL, fixture_set_up, test_idempotent, fixture_tear_down);
  g_test_add ("/insights/incremental", Fixture, NULL, fixture_set_up, test_incremental, fixture_tear_down);
  g_test_add_func ("/insights/against-sql", test_against_sql);

  return g_test_run ();
}
