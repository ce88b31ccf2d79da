/* test-pusher.c — the outbox pushed to the demo store over real HTTP:
 * each kind of change, refusals, back-off, conflicts, and a refund whose
 * answer was lost posted exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "sk-context.h"
#include "sk-database-private.h"
#include "sk-outbox.h"
#include "sk-order-status.h"
#include "sk-test-utils.h"

#define N_ORDERS 300

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
  SoupSession  *session;
  gint64        order_id;
  gint64        other_order_id;
  char         *order_status;
} Fixture;

typedef struct
{
  gboolean      done;
  gboolean      ok;
  SkSyncSummary summary;
  GError       *error;
} SyncResult;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncResult *r = user_data;

  r->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, &r->summary, &r->error);
  r->done = TRUE;
}

static SkSyncSummary
sync_ok (Fixture *f)
{
  SyncResult r = { 0 };

  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  return r.summary;
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

/* What the outbox holds, in the test log, to tell why an assertion failed. */
static void
log_outbox (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       "SELECT id, kind, state, attempts, last_error FROM outbox ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_test_message ("outbox %lld %s %s attempts=%lld %s",
                    (long long) sqlite3_column_int64 (stmt, 0),
                    (const char *) sqlite3_column_text (stmt, 1),
                    (const char *) sqlite3_column_text (stmt, 2),
                    (long long) sqlite3_column_int64 (stmt, 3),
                    (const char *) sqlite3_column_text (stmt, 4));
  sqlite3_finalize (stmt);
}

/* A plain client, independent of the code under test. */
static JsonNode *
store_request (Fixture    *f,
               const char *method,
               const char *endpoint,
               const char *body,
               guint      *out_status)
{
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (f->server), endpoint);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static char *
store_order_status (Fixture *f,
                    gint64   order_id)
{
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT, order_id);
  g_autoptr(JsonNode) order = store_request (f, "GET", endpoint, NULL, NULL);

  return g_strdup (json_object_get_string_member (json_node_get_object (order), "status"));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (5, N_ORDERS);
  f->session = soup_session_new ();
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  sync_ok (f);

  f->order_id = query_int (f, "SELECT remote_id FROM orders WHERE total > 2000"
                              " AND status IN ('processing', 'on-hold', 'completed')"
                              " AND NOT EXISTS (SELECT 1 FROM refunds WHERE order_id = orders.id)"
                              " ORDER BY remote_id LIMIT 1");
  f->other_order_id = query_int (f, "SELECT max (remote_id) FROM orders");
  f->order_status = store_order_status (f, f->order_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->session);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->order_status);
}

static const char *
other_status (Fixture *f)
{
  return g_str_equal (f->order_status, "completed") ? "on-hold" : "completed";
}

static char *
local_status (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM orders WHERE remote_id = %" G_GINT64_FORMAT, f->order_id);

  return query_text (f, sql);
}

static void
test_status_pushed (Fixture       *f,
                    gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *local = NULL;
  SkSyncSummary summary;
  gint64 id;

  id = sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 1);

  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpint (summary.push_failed, ==, 0);

  status = store_order_status (f, f->order_id);
  g_assert_cmpstr (status, ==, other_status (f));
  local = local_status (f);
  g_assert_cmpstr (local, ==, other_status (f));
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'done' AND attempts = 1"), ==, 1);
  g_assert_cmpint (id, >, 0);

  /* Nothing is sent again. */
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
}

static void
test_note_refund_coupon_product (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refunds = NULL;
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", f->order_id);
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) coupons = NULL;
  const char *tags[] = { "Gift", NULL };
  gint64 product_id = query_int (f, "SELECT min (remote_id) FROM products");
  SkSyncSummary summary;
  JsonObject *refund;

  g_assert_cmpint (sk_context_queue_order_note (f->context, f->order_id, "Parcel left with the neighbour.", TRUE, &error), >, 0);
  g_assert_cmpint (sk_context_queue_refund (f->context, f->order_id, 500, "Scratched", &error), >, 0);
  g_assert_cmpint (sk_context_queue_coupon (f->context, "SKTEST-SPRING-7", "percent", 1000, &error), >, 0);
  g_assert_cmpint (sk_context_queue_product_featured (f->context, product_id, TRUE, &error), >, 0);
  g_assert_cmpint (sk_context_queue_product_tags (f->context, product_id, tags, &error), >, 0);
  g_assert_no_error (error);

  summary = sync_ok (f);
  log_outbox (f);
  g_assert_cmpint (summary.pushed, ==, 5);
  g_assert_cmpint (summary.push_failed, ==, 0);

  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", f->order_id), ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 1);

  /* The refund is recorded only, with its key at the end of the reason. */
  key = query_text (f, "SELECT idempotency_key FROM outbox WHERE kind = 'refund'");
  refunds = store_request (f, "GET", endpoint, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (refunds)), ==, 1);
  refund = json_array_get_object_element (json_node_get_array (refunds), 0);
  g_assert_cmpstr (json_object_get_string_member (refund, "amount"), ==, "5.00");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (refund, "reason"), "Scratched ["));
  g_assert_nonnull (strstr (json_object_get_string_member (refund, "reason"), key));

  /* What the store made comes back: the refund and the note with the
   * changed order, the coupon's id into the local coupon. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'done' AND result_remote_id > 0"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT remote_id > 0 FROM coupons WHERE code = 'SKTEST-SPRING-7'"), ==, 1);

  /* The refund as the store lists it, with its date, next to the order. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM refunds JOIN orders ON orders.id = refunds.order_id"
                                            " WHERE orders.remote_id = %" G_GINT64_FORMAT
                                            " AND refunds.amount = 500 AND refunds.date_created > 0"
                                            " AND refunds.reason = 'Scratched'", f->order_id);

    g_assert_cmpint (query_int (f, sql), ==, 1);
  }
  coupons = store_request (f, "GET", "coupons?code=SKTEST-SPRING-7", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (coupons)), ==, 1);
}

static void
test_refund_answer_lost (Fixture       *f,
                         gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refunds = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", f->order_id);
  SkSyncSummary summary;
  gint64 id;

  id = sk_context_queue_refund (f->context, f->order_id, 700, "Late delivery", &error);
  g_assert_no_error (error);

  /* The store makes the refund, then the connection breaks before the
   * answer is read. */
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_RESET_MID_BODY, path, 0, 1);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'failed-retryable' AND attempts = 1"), ==, 1);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 1);

  /* Tried again (at once, not after the back-off): found in the store,
   * not posted a second time. */
  g_assert_true (sk_context_retry_change (f->context, id, &error));
  g_assert_no_error (error);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'done' AND result_remote_id > 0"), ==, 1);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);

  refunds = store_request (f, "GET", path, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (refunds)), ==, 1);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT, f->order_id);
  g_autofree char *status = NULL;
  g_autofree char *local = NULL;
  SkOutboxItem *item;
  SkSyncSummary summary;
  guint http_status = 0;
  gint64 id;

  id = sk_context_queue_order_status (f->context, f->order_id, "cancelled", &error);
  g_assert_no_error (error);

  /* Meanwhile someone changes the order in the store. */
  answer = store_request (f, "PUT", endpoint, "{\"status\":\"refunded\"}", &http_status);
  g_assert_cmpuint (http_status, ==, 200);

  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
  g_assert_cmpint (summary.push_failed, ==, 1);

  /* Not overwritten; both sides shown; the copy shows the store's. */
  status = store_order_status (f, f->order_id);
  g_assert_cmpstr (status, ==, "refunded");
  g_clear_pointer (&status, g_free);
  local = local_status (f);
  g_assert_cmpstr (local, ==, "refunded");
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 1);
  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  item = failed->pdata[0];
  g_assert_cmpint (item->state, ==, SK_OUTBOX_STATE_CONFLICT);
  g_assert_cmpint (item->remote_modified, >, item->base_modified);
  g_assert_nonnull (strstr (item->last_error, sk_order_status_get_label ("refunded")));

  /* Keep mine. */
  g_assert_true (sk_context_retry_change (f->context, id, &error));
  g_assert_no_error (error);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  status = store_order_status (f, f->order_id);
  g_assert_cmpstr (status, ==, "cancelled");
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 0);
}

static void
test_refused_and_others_go_on (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, f->order_id);
  g_autofree char *status = NULL;
  SkSyncSummary summary;

  g_assert_cmpint (sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error), >, 0);
  /* Held back behind the refused change of the same order. */
  g_assert_cmpint (sk_context_queue_order_note (f->context, f->order_id, "after", FALSE, &error), >, 0);
  /* Another order: goes on. */
  g_assert_cmpint (sk_context_queue_order_note (f->context, f->other_order_id, "independent", FALSE, &error), >, 0);
  g_assert_no_error (error);

  /* The look passes, the write is refused: the key may not write. */
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_401, path, 1, 1);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpint (summary.push_failed, ==, 1);

  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->state, ==, SK_OUTBOX_STATE_FAILED_PERMANENT);
  g_assert_nonnull (strstr (((SkOutboxItem *) failed->pdata[0])->last_error, "Read/Write"));
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", f->other_order_id), ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", f->order_id), ==, 0);
  status = store_order_status (f, f->order_id);
  g_assert_cmpstr (status, ==, f->order_status);
  g_clear_pointer (&status, g_free);

  /* The copy shows what the store has, not the refused change. */
  status = local_status (f);
  g_assert_cmpstr (status, ==, f->order_status);

  /* Discarded: the note behind it goes with the next sync. */
  g_assert_true (sk_context_discard_change (f->context, ((SkOutboxItem *) failed->pdata[0])->id, &error));
  g_assert_no_error (error);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", f->order_id), ==, 1);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, f->order_id);
  g_autofree char *status = NULL;
  SkSyncSummary summary;
  gint64 start;

  g_assert_cmpint (sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error), >, 0);
  g_assert_no_error (error);

  /* 429 with Retry-After: 1 on the write: waited for, then sent. */
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_429, path, 1, 1);
  start = g_get_monotonic_time ();
  summary = sync_ok (f);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpint (summary.pushed, ==, 1);
  status = store_order_status (f, f->order_id);
  g_assert_cmpstr (status, ==, other_status (f));
  /* The pause the store asked for is part of the same try. */
  g_assert_cmpint (query_int (f, "SELECT attempts FROM outbox"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'done'"), ==, 1);
}

/* Status changes of several orders go together through orders/batch; one
 * the store refuses fails alone; a 413 halves the batch. */
static void
test_status_batch (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  SkSyncSummary summary;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       "SELECT remote_id FROM orders WHERE status <> 'on-hold'"
                                       " ORDER BY remote_id LIMIT 7", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (ids->len, ==, 7);

  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (sk_context_queue_order_status (f->context, g_array_index (ids, gint64, i), "on-hold", &error), >, 0);
  /* A slug this store does not know: refused by the store, item alone. */
  g_assert_cmpint (sk_context_queue_order_status (f->context, g_array_index (ids, gint64, 6), "no-such-status", &error), >, 0);
  g_assert_no_error (error);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_413, "orders/batch", 0, 1);
  summary = sync_ok (f);
  log_outbox (f);
  g_assert_cmpint (summary.pushed, ==, 6);
  g_assert_cmpint (summary.push_failed, ==, 1);

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *status = store_order_status (f, g_array_index (ids, gint64, i));

      g_assert_cmpstr (status, ==, "on-hold");
    }

  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->target_remote_id, ==, g_array_index (ids, gint64, 6));
  g_assert_nonnull (strstr (((SkOutboxItem *) failed->pdata[0])->last_error, "HTTP 400"));
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup (sk_demo_server_get_url (f->server));
  g_autofree char *local = NULL;
  SyncResult r = { 0 };

  g_assert_cmpint (sk_context_queue_order_status (f->context, f->order_id, other_status (f), &error), >, 0);
  g_assert_no_error (error);

  /* Offline: the change waits, the copy keeps showing it. */
  sk_demo_server_stop (f->server);
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);
  g_assert_error (r.error, SK_SYNC_ERROR, SK_SYNC_ERROR_NETWORK);
  g_clear_error (&r.error);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 1);
  local = local_status (f);
  g_assert_cmpstr (local, ==, other_status (f));
  /* The store did not even answer the first request: nothing was sent. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'pending' AND attempts = 0"), ==, 1);
  g_assert_nonnull (url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/pusher/status", test_status_pushed);
  ADD ("/pusher/note-refund-coupon-product", test_note_refund_coupon_product);
  ADD ("/pusher/refund-answer-lost", test_refund_answer_lost);
  ADD ("/pusher/conflict", test_conflict);
  ADD ("/pusher/refused-others-go-on", test_refused_and_others_go_on);
  ADD ("/pusher/retry-after", test_retry_after);
  ADD ("/pusher/unreachable", test_unreachable);
  ADD ("/pusher/status-batch", test_status_batch);

#undef ADD

  return g_test_run ();
}
