/* test-outbox.c — queuing local changes: applied here at once, validated,
 * counted, discarded with their local change undone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "sk-context.h"
#include "sk-database-private.h"
#include "sk-outbox.h"
#include "sk-test-utils.h"

#define N_ORDERS 300

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
  gint64        order_id;       /* remote id of an order in the copy */
  char         *order_status;
  gint64        order_total;
  gint64        product_id;
} Fixture;

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SyncResult;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncResult *r = user_data;

  r->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &r->error);
  r->done = TRUE;
}

static sqlite3_stmt *
query (Fixture    *f,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return stmt;
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = query (f, sql);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);

  return value;
}

static char *
order_status (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM orders WHERE remote_id = %" G_GINT64_FORMAT, f->order_id);
  sqlite3_stmt *stmt = query (f, sql);
  char *status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);

  return status;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SyncResult r = { 0 };
  sqlite3_stmt *stmt;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (3, N_ORDERS);
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);
  g_assert_no_error (r.error);

  /* An order with something left to refund. */
  stmt = query (f, "SELECT remote_id, status, total FROM orders"
                   " WHERE total > 1000 AND NOT EXISTS (SELECT 1 FROM refunds WHERE order_id = orders.id)"
                   " ORDER BY remote_id LIMIT 1");
  f->order_id = sqlite3_column_int64 (stmt, 0);
  f->order_status = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  f->order_total = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  f->product_id = query_int (f, "SELECT remote_id FROM products WHERE featured = 0 ORDER BY remote_id LIMIT 1");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->order_status);
}

static const char *
other_status (Fixture *f)
{
  return g_str_equal (f->order_status, "completed") ? "on-hold" : "completed";
}

static void
test_queue_status (Fixture       *f,
                   gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOutboxItem) item = NULL;
  g_autofree char *status = NULL;
  gint64 id;

  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);

  id = sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* Shown at once, counted, audited; the store's date is kept for the
   * conflict check. */
  status = order_status (f);
  g_assert_cmpstr (status, ==, other_status (f));
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 1);
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE action = 'outbox.queued'"), ==, 1);

  item = sk_outbox_get (sk_context_get_database (f->context), id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->kind, ==, SK_OUTBOX_KIND_ORDER_STATUS);
  g_assert_cmpint (item->state, ==, SK_OUTBOX_STATE_PENDING);
  g_assert_cmpint (item->target_remote_id, ==, f->order_id);
  g_assert_cmpint (item->attempts, ==, 0);
  g_assert_cmpint (item->base_modified, >, 0);
  g_assert_cmpint (strlen (item->idempotency_key), ==, 35);
  g_assert_true (g_str_has_prefix (item->idempotency_key, "sk-"));
  g_assert_nonnull (strstr (item->payload, other_status (f)));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "fine", "two\nlines", NULL };
  g_autofree char *long_note = g_strnfill (SK_OUTBOX_MAX_NOTE + 1, 'x');

  g_assert_cmpint (sk_context_queue_order_status (f->context, f->order_id, "Not A Status!", &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_order_status (f->context, 999999999, "completed", &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_order_note (f->context, f->order_id, "  \n ", FALSE, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_order_note (f->context, f->order_id, long_note, FALSE, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_refund (f->context, f->order_id, 0, "none", &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Two refunds that each fit, but not together. */
  g_assert_cmpint (sk_context_queue_refund (f->context, f->order_id, f->order_total - 100, "most", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sk_context_queue_refund (f->context, f->order_id, 101, "too much", &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_coupon (f->context, "SUMMER", "half_off", 500, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sk_context_queue_coupon (f->context, "SUMMER", "percent", 10001, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sk_context_queue_coupon (f->context, "SUMMER", "percent", 1000, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sk_context_queue_coupon (f->context, "summer", "fixed_cart", 500, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_product_tags (f->context, f->product_id, tags, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Only the two accepted ones are queued. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox"), ==, 2);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (sk_context_get_sync_manager (f->context)), ==, 2);
}

static void
test_payloads (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "Sale \"50%\"", " ", "Über", NULL };
  gint64 id;

  /* Text with quotes, newlines and non-ASCII survives as JSON. */
  id = sk_context_queue_order_note (f->context, f->order_id, "Line 1\n\"quoted\" ünïcode", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT json_extract (payload, '$.note') = 'Line 1' || char (10) || '\"quoted\" ünïcode'"
                                 " AND json_extract (payload, '$.customer_note') = 1 FROM outbox ORDER BY id DESC LIMIT 1"), ==, 1);
  g_assert_cmpint (id, >, 0);

  id = sk_context_queue_product_tags (f->context, f->product_id, tags, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (query_int (f, "SELECT json_array_length (payload, '$.tags') = 2"
                                 " AND json_extract (payload, '$.tags[0].name') = 'Sale \"50%\"'"
                                 " AND json_extract (payload, '$.tags[1].name') = 'Über'"
                                 " FROM outbox ORDER BY id DESC LIMIT 1"), ==, 1);

  id = sk_context_queue_coupon (f->context, "TEN", "percent", 1050, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT json_extract (payload, '$.amount') = '10.50' FROM outbox ORDER BY id DESC LIMIT 1"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM coupons WHERE code = 'TEN' AND remote_id = 0"), ==, 1);

  id = sk_context_queue_refund (f->context, f->order_id, 250, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT json_extract (payload, '$.amount') = 250 FROM outbox ORDER BY id DESC LIMIT 1"), ==, 1);

  /* The order's waiting note and refund, for its details. */
  {
    g_autoptr(GPtrArray) waiting = sk_context_list_waiting_changes (f->context, f->order_id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (waiting->len, ==, 2);
    g_assert_cmpint (((SkOutboxItem *) waiting->pdata[0])->kind, ==, SK_OUTBOX_KIND_ORDER_NOTE);
    g_assert_cmpint (((SkOutboxItem *) waiting->pdata[1])->kind, ==, SK_OUTBOX_KIND_REFUND);
  }

  /* Every row its own key. */
  g_assert_cmpint (query_int (f, "SELECT count (DISTINCT idempotency_key) FROM outbox"), ==, 4);
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *featured_sql = NULL;
  gint64 first;
  gint64 second;
  gint64 featured;

  first = sk_context_queue_order_status (f->context, f->order_id, "cancelled", &error);
  g_assert_no_error (error);
  second = sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 2);

  /* The older one is discarded: the newer still shows. */
  g_assert_true (sk_context_discard_change (f->context, first, &error));
  g_assert_no_error (error);
  status = order_status (f);
  g_assert_cmpstr (status, ==, other_status (f));
  g_clear_pointer (&status, g_free);

  /* The newer one too: back to what the store has. */
  g_assert_true (sk_context_discard_change (f->context, second, &error));
  g_assert_no_error (error);
  status = order_status (f);
  g_assert_cmpstr (status, ==, f->order_status);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE action = 'outbox.discarded'"), ==, 2);

  g_assert_false (sk_context_discard_change (f->context, second, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A featured flag and a coupon are undone as well. */
  featured_sql = g_strdup_printf ("SELECT featured FROM products WHERE remote_id = %" G_GINT64_FORMAT, f->product_id);
  featured = sk_context_queue_product_featured (f->context, f->product_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, featured_sql), ==, 1);
  g_assert_true (sk_context_discard_change (f->context, featured, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, featured_sql), ==, 0);

  first = sk_context_queue_coupon (f->context, "GONE", "fixed_cart", 500, &error);
  g_assert_no_error (error);
  g_assert_true (sk_context_discard_change (f->context, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM coupons WHERE code = 'GONE'"), ==, 0);
}

static void
test_retry_failed (Fixture       *f,
                   gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(SkDatabase) writer = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autofree char *status = NULL;
  SkOutboxOutcome outcome = { 0 };
  gint64 id;

  id = sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error);
  g_assert_no_error (error);

  /* As the pusher records a refusal. */
  writer = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  outcome.id = id;
  outcome.state = SK_OUTBOX_STATE_IN_FLIGHT;
  g_assert_true (_sk_outbox_update (writer, &outcome, &error));
  outcome.state = SK_OUTBOX_STATE_FAILED_PERMANENT;
  outcome.error = "The store refused the change (HTTP 400: bad status).";
  g_assert_true (_sk_outbox_update (writer, &outcome, &error));
  g_assert_no_error (error);

  sk_context_update_change_counts (f->context);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 1);

  /* Refused: the copy shows the store's status again. */
  status = order_status (f);
  g_assert_cmpstr (status, ==, f->order_status);
  g_clear_pointer (&status, g_free);

  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->id, ==, id);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->attempts, ==, 1);
  g_assert_cmpstr (((SkOutboxItem *) failed->pdata[0])->last_error, ==, outcome.error);

  g_assert_true (sk_context_retry_change (f->context, id, &error));
  g_assert_no_error (error);
  status = order_status (f);
  g_assert_cmpstr (status, ==, other_status (f));
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 1);
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 0);
  /* The try it had stays counted: it may have reached the store. */
  g_assert_cmpint (query_int (f, "SELECT attempts FROM outbox"), ==, 1);

  /* Pending is not "failed": nothing to retry. */
  g_assert_false (sk_context_retry_change (f->context, id, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
}

/* Discarded while a sync had already listed it: marking it in flight
 * fails, so the pusher does not send it. */
static void
test_discard_races_push (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SkDatabase) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  SkOutboxOutcome outcome = { 0 };
  gint64 id;

  id = sk_context_queue_order_note (f->context, f->order_id, "never sent", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (sk_context_discard_change (f->context, id, &error));
  g_assert_no_error (error);

  writer = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  outcome.id = id;
  outcome.state = SK_OUTBOX_STATE_IN_FLIGHT;
  g_assert_false (_sk_outbox_update (writer, &outcome, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/outbox/queue-status", test_queue_status);
  ADD ("/outbox/refused", test_refused);
  ADD ("/outbox/payloads", test_payloads);
  ADD ("/outbox/discard", test_discard);
  ADD ("/outbox/retry-failed", test_retry_failed);
  ADD ("/outbox/discard-races-push", test_discard_races_push);

#undef ADD

  return g_test_run ();
}
