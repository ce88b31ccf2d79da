/* test-sync.c — full syncs against the demo store over real HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-order-object.h"
#include "sk-records.h"
#include "sk-test-utils.h"

#define N_ORDERS 3000

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (1, N_ORDERS);
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
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
}

typedef struct
{
  gboolean       done;
  gboolean       ok;
  SkSyncSummary  summary;
  GError        *error;
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

static gboolean
run_sync (Fixture        *f,
          GCancellable   *cancellable,
          SkSyncSummary  *summary,
          GError        **error)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  SyncResult r = { 0 };

  sk_sync_manager_sync_async (manager, cancellable, sync_done_cb, &r);
  g_assert_true (sk_sync_manager_get_syncing (manager));
  sk_test_wait_until (&r.done, 100);
  g_assert_false (sk_sync_manager_get_syncing (manager));

  if (summary != NULL)
    *summary = r.summary;
  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.ok;
}

/* What the store has: its order count and the sum of their totals, read
 * with a plain client, independent of the code under test. */
static void
store_orders (Fixture *f,
              gint64  *out_count,
              gint64  *out_sum)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  gint64 count = 0;
  gint64 sum = 0;

  for (guint page = 1; ; page++)
    {
      g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/orders?per_page=100&page=%u&orderby=id&order=asc&_fields=id,total",
                                              sk_demo_server_get_url (f->server), page);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
      g_assert_no_error (error);

      array = json_node_get_array (json_parser_get_root (parser));
      if (json_array_get_length (array) == 0)
        break;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *order = json_array_get_object_element (array, i);
          gint64 total = 0;

          g_assert_true (sk_money_parse (json_object_get_string_member (order, "total"), 2, &total, NULL));
          sum += total;
          count++;
        }
    }

  *out_count = count;
  *out_sum = sum;
}

/* A dump of what the local copy holds, to compare two states. */
static char *
dump_database (Fixture *f)
{
  SkDatabase *db = sk_context_get_database (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  GString *dump = g_string_new (NULL);

  ids = sk_database_query_order_ids (db, NULL, NULL, SK_ORDER_SORT_NUMBER, FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SkOrderDetails) details = sk_database_load_order_details (db, g_array_index (ids, gint64, i), &error);
      SkOrderRecord *order;

      g_assert_no_error (error);
      order = details->order;
      g_string_append_printf (dump, "%" G_GINT64_FORMAT " %s %s %" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT
                              " items=%u refunds=%u notes=%u %s\n",
                              order->remote_id, order->number, order->status, order->total,
                              order->currency, order->date_modified, order->items->len,
                              order->refunds->len, details->notes->len, details->customer_display_name);
      for (guint j = 0; j < details->notes->len; j++)
        {
          SkOrderNoteRecord *note = details->notes->pdata[j];
          g_string_append_printf (dump, "  note %" G_GINT64_FORMAT " %s\n", note->remote_id, note->note);
        }
    }

  return g_string_free (dump, FALSE);
}

/* Page-atomic writes: every order in the database has its line items
 * (the demo store gives every order at least one). */
static gint64
assert_no_half_orders (Fixture *f)
{
  SkDatabase *db = sk_context_get_database (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  ids = sk_database_query_order_ids (db, NULL, NULL, SK_ORDER_SORT_NUMBER, FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SkOrderDetails) details = sk_database_load_order_details (db, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (details->order->items->len, >, 0);
    }

  return ids->len;
}

static void
assert_equals_store (Fixture *f)
{
  SkDatabase *db = sk_context_get_database (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  gint64 store_count = 0;
  gint64 store_sum = 0;
  gint64 sum = 0;

  store_orders (f, &store_count, &store_sum);
  g_assert_cmpint (store_count, >, N_ORDERS / 2);

  ids = sk_database_query_order_ids (db, NULL, NULL, SK_ORDER_SORT_DATE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ids->len, ==, store_count);
  g_assert_cmpint (sk_database_count_orders (db), ==, store_count);

  objects = sk_database_load_order_objects (db, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < objects->len; i++)
    sum += sk_order_object_get_total (objects->pdata[i]);
  g_assert_cmpint (sum, ==, store_sum);
}

static void
test_full_sync (Fixture       *f,
                gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  SkSyncSummary summary = { 0 };
  gint64 store_count = 0;
  gint64 store_sum = 0;

  g_assert_true (run_sync (f, NULL, &summary, &error));
  g_assert_no_error (error);

  store_orders (f, &store_count, &store_sum);
  g_assert_cmpint (summary.orders, ==, store_count);
  g_assert_cmpint (summary.products, >, 0);
  g_assert_cmpint (summary.customers, >, 0);
  g_assert_cmpint (summary.notes, >, 0);
  g_assert_cmpint (summary.finished_at, >=, summary.started_at);
  assert_equals_store (f);
  assert_no_half_orders (f);
  g_assert_cmpint (sk_database_get_last_sync (sk_context_get_database (f->context)), >, 0);

  g_assert_null (sk_sync_manager_get_last_error (manager));
  g_assert_cmpfloat (sk_sync_manager_get_fraction (manager), ==, 1.0);

  /* A second sync of an unchanged store changes nothing. */
  first = dump_database (f);
  g_assert_true (run_sync (f, NULL, &summary, &error));
  g_assert_no_error (error);
  second = dump_database (f);
  g_assert_cmpstr (first, ==, second);
}

static void
assert_failed_unchanged (Fixture     *f,
                         GQuark       domain,
                         int          code,
                         const char  *before)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *secret = sk_demo_server_get_secret (f->server);

  g_assert_false (run_sync (f, NULL, NULL, &error));
  g_assert_error (error, domain, code);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (error->message);
  g_assert_null (strstr (error->message, secret));
  g_assert_cmpstr (sk_sync_manager_get_last_error (manager), ==, error->message);

  after = dump_database (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  /* On an empty database and on a synced one. */
  sk_sync_manager_set_store (manager, sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server), "cs_wrong");
  before = dump_database (f);
  assert_failed_unchanged (f, SK_SYNC_ERROR, SK_SYNC_ERROR_UNAUTHORIZED, before);
  g_assert_cmpint (sk_database_count_orders (sk_context_get_database (f->context)), ==, 0);

  sk_sync_manager_set_store (manager, sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server), sk_demo_server_get_secret (f->server));
  g_assert_true (run_sync (f, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&before, g_free);
  before = dump_database (f);

  sk_sync_manager_set_store (manager, sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server), "cs_wrong");
  assert_failed_unchanged (f, SK_SYNC_ERROR, SK_SYNC_ERROR_UNAUTHORIZED, before);
}

static void
test_server_error_first (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *before = dump_database (f);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_500, NULL, 0, G_MAXUINT);
  assert_failed_unchanged (f, SK_SYNC_ERROR, SK_SYNC_ERROR_SERVER, before);
  g_assert_nonnull (strstr (sk_sync_manager_get_last_error (sk_context_get_sync_manager (f->context)), "500"));
}

static void
test_server_error_recovers (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Two 503s in a row on orders, then the store answers: retried. */
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_503, "/orders", 3, 2);
  g_assert_true (run_sync (f, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_equals_store (f);
}

static void
test_not_a_store (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *before = dump_database (f);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTML, NULL, 0, G_MAXUINT);
  assert_failed_unchanged (f, SK_SYNC_ERROR, SK_SYNC_ERROR_NOT_A_STORE, before);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = dump_database (f);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_MALFORMED_JSON, "/products", 0, G_MAXUINT);
  assert_failed_unchanged (f, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED, before);

  sk_demo_server_clear_faults (f->server);
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_INVALID_UTF8, "/orders", 2, G_MAXUINT);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (run_sync (f, NULL, NULL, &error));
    g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
    assert_no_half_orders (f);
  }
}

static void
fault_mid_sync (Fixture     *f,
                SkDemoFault  fault,
                int          expected_code)
{
  g_autoptr(GError) error = NULL;
  gint64 n_orders;

  /* Some order pages go through, then every further one fails. */
  sk_demo_server_add_fault (f->server, fault, "/orders", 8, G_MAXUINT);
  g_assert_false (run_sync (f, NULL, NULL, &error));
  g_assert_error (error, SK_SYNC_ERROR, expected_code);
  g_test_message ("error: %s", error->message);

  /* Whole pages only, each order with its items. */
  n_orders = assert_no_half_orders (f);
  g_assert_cmpint (n_orders % 100, ==, 0);
  g_assert_cmpint (n_orders, <, N_ORDERS);

  /* And the next sync completes and equals the store. */
  sk_demo_server_clear_faults (f->server);
  g_clear_error (&error);
  g_assert_true (run_sync (f, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_equals_store (f);
  assert_no_half_orders (f);
}

static void
test_truncated_body (Fixture       *f,
                     gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_TRUNCATED_BODY, SK_SYNC_ERROR_MALFORMED);
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_DROP_CONNECTION, SK_SYNC_ERROR_NETWORK);
}

/* Every fault a host or a proxy can throw in the middle of a scan: a clear
 * error of the right kind, whole pages only, and the next sync completes. */
static void
test_fault_forbidden (Fixture       *f,
                      gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_HTTP_403, SK_SYNC_ERROR_UNAUTHORIZED);
}

static void
test_fault_not_found (Fixture       *f,
                      gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_HTTP_404, SK_SYNC_ERROR_NOT_A_STORE);
}

static void
test_fault_rate_limited (Fixture       *f,
                         gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_HTTP_429, SK_SYNC_ERROR_RATE_LIMITED);
}

static void
test_fault_server_error (Fixture       *f,
                         gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_HTTP_500, SK_SYNC_ERROR_SERVER);
}

static void
test_fault_unavailable (Fixture       *f,
                        gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_HTTP_503, SK_SYNC_ERROR_RATE_LIMITED);
}

static void
test_fault_reset_mid_body (Fixture       *f,
                           gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_RESET_MID_BODY, SK_SYNC_ERROR_NETWORK);
}

static void
test_fault_invalid_utf8 (Fixture       *f,
                         gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_INVALID_UTF8, SK_SYNC_ERROR_MALFORMED);
}

static void
test_fault_malformed (Fixture       *f,
                      gconstpointer  data)
{
  fault_mid_sync (f, SK_DEMO_FAULT_MALFORMED_JSON, SK_SYNC_ERROR_MALFORMED);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *before = dump_database (f);
  gint64 start = g_get_monotonic_time ();

  sk_sync_manager_set_timeout (sk_context_get_sync_manager (f->context), 2);
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_SLOW, "/customers", 0, G_MAXUINT);
  assert_failed_unchanged (f, SK_SYNC_ERROR, SK_SYNC_ERROR_TIMEOUT, before);
  /* Not retried: the user hears about it after one timeout, not three. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
orders_fetched_cb (SkSyncManager *manager,
                   GParamSpec    *pspec,
                   GCancellable  *cancellable)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_INT64);
  g_object_get_property (G_OBJECT (manager), "orders-fetched", &value);
  if (g_value_get_int64 (&value) >= 500)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gulong handler;

  handler = g_signal_connect (manager, "notify::orders-fetched", G_CALLBACK (orders_fetched_cb), cancellable);
  g_assert_false (run_sync (f, cancellable, NULL, &error));
  g_signal_handler_disconnect (manager, handler);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelling is not a failure to report. */
  g_assert_null (sk_sync_manager_get_last_error (manager));
  assert_no_half_orders (f);
  g_assert_cmpint (sk_database_count_orders (sk_context_get_database (f->context)), <, N_ORDERS);

  g_clear_error (&error);
  g_assert_true (run_sync (f, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_equals_store (f);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  SyncResult first = { 0 };
  SyncResult second = { 0 };

  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &first);
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &second);
  sk_test_wait_until (&second.done, 10);
  g_assert_error (second.error, SK_SYNC_ERROR, SK_SYNC_ERROR_BUSY);
  g_clear_error (&second.error);
  sk_test_wait_until (&first.done, 100);
  g_assert_no_error (first.error);
  g_assert_true (first.ok);
}

/* Another program holds the database's write lock (as the sqlite3 shell
 * in a transaction would): the sync gives up after the busy timeout with
 * a message that says so, the copy keeps what it had, and the next sync
 * once the lock is gone brings everything. */
static void
test_database_locked (Fixture       *f,
                      gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  g_assert_true (run_sync (f, NULL, NULL, &error));
  g_assert_no_error (error);
  before = dump_database (f);
  g_assert_cmpuint (sk_demo_server_touch_orders (f->server, 50, 7), >, 0);

  /* A connection of its own, not through SkDatabase: to SQLite's locks it
   * is another program. */
  g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (run_sync (f, NULL, NULL, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "in use by another program"));
  /* What the window's banner shows. */
  g_assert_nonnull (sk_sync_manager_get_last_error (manager));
  g_assert_nonnull (strstr (sk_sync_manager_get_last_error (manager), "in use by another program"));
  g_clear_error (&error);

  after = dump_database (f);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  g_assert_true (run_sync (f, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (sk_sync_manager_get_last_error (manager));
  assert_equals_store (f);
  assert_no_half_orders (f);
}

static void
test_insecure_refused (Fixture       *f,
                       gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;
  guint requests = sk_demo_server_get_n_requests (f->server);

  sk_sync_manager_set_store (manager, "http://shop.example.com", "ck_x", "cs_secret_value");
  g_assert_false (run_sync (f, NULL, NULL, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE);
  g_assert_null (strstr (error->message, "cs_secret_value"));
  g_clear_error (&error);

  sk_sync_manager_set_store (manager, "ftp://127.0.0.1/", "ck_x", "cs_x");
  g_assert_false (run_sync (f, NULL, NULL, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL);
  g_clear_error (&error);

  sk_sync_manager_set_store (manager, "https://user:pw@shop.example.com", "ck_x", "cs_x");
  g_assert_false (run_sync (f, NULL, NULL, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL);

  g_assert_cmpuint (sk_demo_server_get_n_requests (f->server), ==, requests);
}

static gboolean
run_cli (Fixture     *f,
         const char  *secret,
         int         *out_status,
         char       **out_stdout,
         char       **out_stderr)
{
  const char *cli = g_getenv ("SHOPKEEPER_CLI");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { cli, "--data-dir", f->dir, "sync", "--url", sk_demo_server_get_url (f->server), NULL };
  int status = 0;

  g_assert_nonnull (cli);
  envp = g_environ_setenv (envp, "SHOPKEEPER_KEY", sk_demo_server_get_key (f->server), TRUE);
  envp = g_environ_setenv (envp, "SHOPKEEPER_SECRET", secret, TRUE);

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out_stdout, out_stderr, &status, &error);
  g_assert_no_error (error);

  *out_status = status;
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GRegex) summary = g_regex_new ("^Synced [0-9,]+ orders, [0-9,]+ customers, [0-9,]+ products and [0-9,]+ notes in [0-9.]+ s\\.\n$",
                                           0, 0, NULL);
  int status;

  g_assert_true (run_cli (f, sk_demo_server_get_secret (f->server), &status, &out, &err));
  g_assert_true (g_regex_match (summary, out, 0, NULL));
  g_assert_cmpint (sk_database_count_orders (sk_context_get_database (f->context)), >, N_ORDERS / 2);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_false (run_cli (f, "cs_not_the_secret_1234", &status, &out, &err));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "key and secret"));
  g_assert_null (strstr (err, "cs_not_the_secret_1234"));
  g_assert_null (strstr (out, "cs_not_the_secret_1234"));
  g_assert_cmpstr (out, ==, "");
}

/* A sink that records how the sync uses it, and can be told to fail. */

#define TEST_TYPE_SINK (test_sink_get_type ())
G_DECLARE_FINAL_TYPE (TestSink, test_sink, TEST, SINK, GObject)

struct _TestSink
{
  GObject   parent_instance;

  /* Set before the sync; read after it (the writer thread is joined by
   * then). */
  guint     fail_at_page;     /* 1-based write_page call that fails, 0: none */
  gboolean  fail_open;
  guint     fail_at_batch;    /* 1-based end_batch call that fails, 0: none */

  GThread  *thread;           /* the one that opened the sink */
  gboolean  wrong_thread;
  guint     pages;
  guint     pages_after_failure;
  guint     notes;
  guint     finished;
  gint64    orders_written;
  gint64    cursors[SK_RESOURCE_COUPONS + 1];
  guint     cursor_pages[SK_RESOURCE_COUPONS + 1];  /* which call carried it */
  guint     last_page[SK_RESOURCE_COUPONS + 1];     /* last call for each resource */
  gint64    max_modified[SK_RESOURCE_COUPONS + 1];
  gboolean  in_batch;
  gboolean  misused_batch;    /* nested, unbalanced, or around something else */
  guint     batches;
  guint     batched_writes;
  guint     writes_after_failure;
};

static void test_sink_iface_init (SkSyncSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSink, test_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SK_TYPE_SYNC_SINK, test_sink_iface_init))

static void
test_sink_check_thread (TestSink *self)
{
  if (self->thread != g_thread_self ())
    self->wrong_thread = TRUE;
}

static gint64
record_modified (SkResource  resource,
                 gpointer    record)
{
  switch (resource)
    {
    case SK_RESOURCE_ORDERS:
      return ((SkOrderRecord *) record)->date_modified;
    case SK_RESOURCE_CUSTOMERS:
      return ((SkCustomerRecord *) record)->date_modified;
    case SK_RESOURCE_PRODUCTS:
      return ((SkProductRecord *) record)->date_modified;
    case SK_RESOURCE_COUPONS:
      return ((SkCouponRecord *) record)->date_modified;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
test_sink_write_page (SkSyncSink        *sink,
                      const SkSyncPage  *page,
                      GError           **error)
{
  TestSink *self = TEST_SINK (sink);

  test_sink_check_thread (self);
  self->pages++;
  self->batched_writes += self->in_batch ? 1 : 0;
  if (self->fail_at_batch != 0 && self->batches >= self->fail_at_batch)
    self->writes_after_failure++;

  if (self->fail_at_page != 0 && self->pages > self->fail_at_page)
    self->pages_after_failure++;

  if (self->pages == self->fail_at_page)
    {
      /* Slow to fail, like a disk that is full: meanwhile the next pages
       * are fetched and queued for writing, and must not be written. */
      g_usleep (300 * G_TIME_SPAN_MILLISECOND);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }

  g_assert_cmpint (page->resource, <=, SK_RESOURCE_COUPONS);
  for (guint i = 0; i < page->records->len; i++)
    self->max_modified[page->resource] = MAX (self->max_modified[page->resource],
                                              record_modified (page->resource, page->records->pdata[i]));
  if (page->resource == SK_RESOURCE_ORDERS)
    self->orders_written += page->records->len;
  if (page->cursor != 0)
    {
      self->cursors[page->resource] = page->cursor;
      self->cursor_pages[page->resource] = self->pages;
    }
  self->last_page[page->resource] = self->pages;

  return TRUE;
}

static gboolean
test_sink_write_order_notes (SkSyncSink  *sink,
                             gint64       order_remote_id,
                             GPtrArray   *notes,
                             GError     **error)
{
  TestSink *self = TEST_SINK (sink);

  test_sink_check_thread (self);
  self->notes++;

  return TRUE;
}

static gboolean
test_sink_get_cursor (SkSyncSink  *sink,
                      SkResource   resource,
                      gint64      *out_cursor,
                      GError     **error)
{
  test_sink_check_thread (TEST_SINK (sink));
  *out_cursor = 0;

  return TRUE;
}

static gboolean
test_sink_finish (SkSyncSink           *sink,
                  const SkSyncSummary  *summary,
                  GError              **error)
{
  TestSink *self = TEST_SINK (sink);

  test_sink_check_thread (self);
  self->misused_batch |= self->in_batch;
  self->finished++;
  g_assert_cmpint (summary->orders, ==, self->orders_written);

  return TRUE;
}

static GArray *
test_sink_list_remote_ids (SkSyncSink  *sink,
                           SkResource   resource,
                           GError     **error)
{
  test_sink_check_thread (TEST_SINK (sink));

  /* Holds nothing: the id scan has nothing to look for. */
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

static gboolean
test_sink_delete_records (SkSyncSink    *sink,
                          SkResource     resource,
                          const gint64  *remote_ids,
                          guint          n_ids,
                          GError       **error)
{
  test_sink_check_thread (TEST_SINK (sink));
  g_assert_cmpuint (n_ids, ==, 0);

  return TRUE;
}

static gboolean
test_sink_get_meta (SkSyncSink  *sink,
                    const char  *key,
                    gint64      *out_value,
                    GError     **error)
{
  test_sink_check_thread (TEST_SINK (sink));
  *out_value = 0;

  return TRUE;
}

static gboolean
test_sink_set_meta (SkSyncSink  *sink,
                    const char  *key,
                    gint64       value,
                    GError     **error)
{
  test_sink_check_thread (TEST_SINK (sink));

  return TRUE;
}

static gboolean
test_sink_begin_batch (SkSyncSink  *sink,
                       GError     **error)
{
  TestSink *self = TEST_SINK (sink);

  test_sink_check_thread (self);
  self->misused_batch |= self->in_batch;
  self->in_batch = TRUE;

  return TRUE;
}

static gboolean
test_sink_end_batch (SkSyncSink  *sink,
                     GError     **error)
{
  TestSink *self = TEST_SINK (sink);

  test_sink_check_thread (self);
  self->misused_batch |= !self->in_batch;
  self->in_batch = FALSE;

  if (++self->batches == self->fail_at_batch)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "commit failed");
      return FALSE;
    }

  return TRUE;
}

static void
test_sink_iface_init (SkSyncSinkInterface *iface)
{
  iface->begin_batch = test_sink_begin_batch;
  iface->end_batch = test_sink_end_batch;
  iface->write_page = test_sink_write_page;
  iface->write_order_notes = test_sink_write_order_notes;
  iface->get_cursor = test_sink_get_cursor;
  iface->finish = test_sink_finish;
  iface->list_remote_ids = test_sink_list_remote_ids;
  iface->delete_records = test_sink_delete_records;
  iface->get_meta = test_sink_get_meta;
  iface->set_meta = test_sink_set_meta;
}

static void
test_sink_class_init (TestSinkClass *klass)
{
}

static void
test_sink_init (TestSink *self)
{
}

static SkSyncSink *
open_test_sink (gpointer   user_data,
                GError   **error)
{
  TestSink *sink = user_data;

  if (sink->fail_open)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "read-only folder");
      return NULL;
    }

  sink->thread = g_thread_self ();

  return g_object_ref (SK_SYNC_SINK (sink));
}

static gboolean
run_test_sink_sync (Fixture   *f,
                    TestSink  *sink,
                    guint      parallel,
                    GError   **error)
{
  g_autoptr(SkSyncManager) manager = sk_sync_manager_new (open_test_sink, sink, NULL);
  SyncResult r = { 0 };

  sk_sync_manager_set_store (manager,
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  sk_sync_manager_set_parallel (manager, parallel);
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);

  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.ok;
}

static void
test_sink_usage (Fixture       *f,
                 gconstpointer  data)
{
  for (guint parallel = 1; parallel <= 8; parallel *= 8)
    {
      g_autoptr(TestSink) sink = g_object_new (TEST_TYPE_SINK, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (run_test_sink_sync (f, sink, parallel, &error));
      g_assert_no_error (error);

      /* Written off the main thread, always on the thread that opened it. */
      g_assert_nonnull (sink->thread);
      g_assert_true (sink->thread != g_thread_self ());
      g_assert_false (sink->wrong_thread);
      g_assert_cmpuint (sink->finished, ==, 1);
      g_assert_cmpint (sink->orders_written, >, N_ORDERS / 2);
      g_assert_cmpuint (sink->notes, >, 0);
      g_assert_false (sink->misused_batch);
      g_assert_false (sink->in_batch);
      g_assert_cmpuint (sink->batches, >, 0);
      g_assert_cmpuint (sink->batched_writes, ==, sink->pages);

      /* Each cursor comes once, with the last page of its resource, and
       * is the highest date seen. */
      for (SkResource r = SK_RESOURCE_ORDERS; r <= SK_RESOURCE_COUPONS; r++)
        {
          g_assert_cmpint (sink->cursors[r], ==, sink->max_modified[r]);
          g_assert_cmpint (sink->cursors[r], >, 0);
          g_assert_cmpuint (sink->cursor_pages[r], ==, sink->last_page[r]);
        }
    }
}

static void
test_sink_write_fails (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TestSink) sink = g_object_new (TEST_TYPE_SINK, NULL);
  g_autoptr(GError) error = NULL;

  /* Well into the orders (products and customers take a few pages). */
  sink->fail_at_page = 10;

  g_assert_false (run_test_sink_sync (f, sink, 4, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "disk full"));

  /* Nothing is written after the failure, so no cursor can get ahead of
   * the page that is missing, and the sync is not recorded as done. */
  g_assert_cmpuint (sink->pages, ==, sink->fail_at_page);
  g_assert_cmpuint (sink->pages_after_failure, ==, 0);
  g_assert_cmpint (sink->cursors[SK_RESOURCE_ORDERS], ==, 0);
  g_assert_cmpuint (sink->notes, ==, 0);
  g_assert_cmpuint (sink->finished, ==, 0);
  g_assert_false (sink->wrong_thread);
}

/* The commit of a batch fails (its writes had each gone well): the sync
 * stops with that error, writes nothing more and is not recorded as done. */
static void
test_sink_commit_fails (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TestSink) sink = g_object_new (TEST_TYPE_SINK, NULL);
  g_autoptr(GError) error = NULL;

  sink->fail_at_batch = 3;

  g_assert_false (run_test_sink_sync (f, sink, 4, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "commit failed"));
  g_assert_cmpuint (sink->batches, ==, 3);
  g_assert_cmpuint (sink->writes_after_failure, ==, 0);
  g_assert_cmpuint (sink->finished, ==, 0);
  g_assert_false (sink->misused_batch);
  g_assert_false (sink->wrong_thread);
}

static void
test_sink_open_fails (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TestSink) sink = g_object_new (TEST_TYPE_SINK, NULL);
  g_autoptr(GError) error = NULL;

  sink->fail_open = TRUE;

  g_assert_false (run_test_sink_sync (f, sink, 4, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "read-only folder"));
  g_assert_cmpuint (sink->pages, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/full", test_full_sync);
  ADD ("/sync/unauthorized", test_unauthorized);
  ADD ("/sync/server-error-first", test_server_error_first);
  ADD ("/sync/server-error-recovers", test_server_error_recovers);
  ADD ("/sync/not-a-store", test_not_a_store);
  ADD ("/sync/malformed", test_malformed);
  ADD ("/sync/truncated-body", test_truncated_body);
  ADD ("/sync/dropped-connection", test_dropped_connection);
  ADD ("/sync/timeout", test_timeout);
  ADD ("/sync/cancel", test_cancel);
  ADD ("/sync/busy", test_busy);
  ADD ("/sync/database-locked", test_database_locked);
  ADD ("/sync/insecure-refused", test_insecure_refused);
  ADD ("/sync/fault/forbidden", test_fault_forbidden);
  ADD ("/sync/fault/not-found", test_fault_not_found);
  ADD ("/sync/fault/rate-limited", test_fault_rate_limited);
  ADD ("/sync/fault/server-error", test_fault_server_error);
  ADD ("/sync/fault/unavailable", test_fault_unavailable);
  ADD ("/sync/fault/reset-mid-body", test_fault_reset_mid_body);
  ADD ("/sync/fault/invalid-utf8", test_fault_invalid_utf8);
  ADD ("/sync/fault/malformed", test_fault_malformed);
  ADD ("/sync/cli", test_cli);
  ADD ("/sync/sink/usage", test_sink_usage);
  ADD ("/sync/sink/write-fails", test_sink_write_fails);
  ADD ("/sync/sink/commit-fails", test_sink_commit_fails);
  ADD ("/sync/sink/open-fails", test_sink_open_fails);

#undef ADD

  return g_test_run ();
}
