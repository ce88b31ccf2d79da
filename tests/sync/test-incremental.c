/* test-incremental.c — syncs after the first: modified_after cursors and
 * the removal of orders the store no longer has, over real HTTP.
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
#include "sk-money.h"
#include "sk-outbox.h"
#include "sk-records.h"
#include "sk-test-utils.h"
#include "sk-time.h"

#define N_ORDERS 2000
#define FAKE_ID  987654321

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
  f->server = sk_test_start_demo (7, N_ORDERS);
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
          SkSyncSummary  *summary,
          GError        **error)
{
  SyncResult r = { 0 };

  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);

  if (summary != NULL)
    *summary = r.summary;
  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.ok;
}

/* A writable connection of the test's own, as a second program would have. */
static SkDatabase *
open_database (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autoptr(GError) error = NULL;
  SkDatabase *db;

  db = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  return db;
}

static gint64
query_int (SkDatabase *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Every order with the fields a sync may change, one per line. */
static char *
dump_orders (SkDatabase *db)
{
  sqlite3_stmt *stmt = NULL;
  GString *dump = g_string_new (NULL);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                       "SELECT remote_id, status, date_modified, total, content_hash,"
                                       " (SELECT count (*) FROM order_notes WHERE order_id = orders.id)"
                                       " FROM orders ORDER BY remote_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (dump, "%lld %s %lld %lld %lld %lld\n",
                            (long long) sqlite3_column_int64 (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            (long long) sqlite3_column_int64 (stmt, 2),
                            (long long) sqlite3_column_int64 (stmt, 3),
                            (long long) sqlite3_column_int64 (stmt, 4),
                            (long long) sqlite3_column_int64 (stmt, 5));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return g_string_free (dump, FALSE);
}

static void
test_second_sync_is_incremental (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SkSyncSummary summary;
  guint full_requests;
  guint incremental_requests;
  gint64 cursor;

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  g_assert_false (summary.incremental);
  g_assert_cmpint (summary.orders, >, N_ORDERS / 2);
  full_requests = sk_demo_server_get_n_requests (f->server);

  db = open_database (f);
  before = dump_orders (db);
  cursor = query_int (db, "SELECT cursor FROM sync_state WHERE resource = 1");
  g_assert_cmpint (cursor, ==, query_int (db, "SELECT max (date_modified) FROM orders"));

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  incremental_requests = sk_demo_server_get_n_requests (f->server) - full_requests;

  /* Only what changed in the overlap before the cursor is read again, the
   * customers in full; nothing changes in the copy. */
  g_assert_true (summary.incremental);
  g_assert_cmpint (summary.orders, <, N_ORDERS / 20);
  g_assert_cmpuint (incremental_requests, <, full_requests / 4);
  g_assert_cmpint (summary.deleted, ==, 0);
  after = dump_orders (db);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (db, "SELECT cursor FROM sync_state WHERE resource = 1"), ==, cursor);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM audit_log WHERE action = 'sync.finished'"
                                  " AND details LIKE '%incremental=1%'"), ==, 1);
}

/* An order here that the store does not have, as if deleted there. */
static void
insert_fake_order (Fixture *f)
{
  g_autoptr(SkDatabase) db = open_database (f);
  g_autoptr(SkSyncSink) sink = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GError) error = NULL;
  SkOrderRecord *order = sk_order_record_new ();
  SkOrderItemRecord *item = sk_order_item_record_new ();
  SkSyncPage page = { SK_RESOURCE_ORDERS, records, 0 };

  order->remote_id = FAKE_ID;
  g_free (order->number);
  order->number = g_strdup ("FAKE-1");
  g_free (order->currency);
  order->currency = g_strdup ("EUR");
  order->total = 1234;
  item->remote_id = 1;
  item->quantity = 1;
  g_ptr_array_add (order->items, item);
  g_ptr_array_add (records, order);

  sink = sk_database_create_sink (db, sk_demo_server_get_url (f->server), &error);
  g_assert_no_error (error);
  g_assert_true (sk_sync_sink_write_page (sink, &page, &error));
  g_assert_no_error (error);
}

static void
test_deleted_order_removed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *fault_path = g_strdup_printf ("/orders/%d", FAKE_ID);
  SkSyncSummary summary;

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  db = open_database (f);
  before = dump_orders (db);

  insert_fake_order (f);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM orders WHERE remote_id = " G_STRINGIFY (FAKE_ID)), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM order_items WHERE order_id ="
                                  " (SELECT id FROM orders WHERE remote_id = " G_STRINGIFY (FAKE_ID) ")"), ==, 1);

  /* An order missing from the id list is only deleted once the store says
   * it has no such order: if asking fails, nothing is deleted. */
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_500, fault_path, 0, G_MAXUINT);
  g_assert_false (run_sync (f, &summary, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM orders WHERE remote_id = " G_STRINGIFY (FAKE_ID)), ==, 1);
  sk_demo_server_clear_faults (f->server);

  /* The counts differ, so the ids are scanned at once; the order, its
   * items and its search entry go, with an audit entry. */
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.deleted, ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM orders WHERE remote_id = " G_STRINGIFY (FAKE_ID)), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM order_items WHERE order_id NOT IN (SELECT id FROM orders)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM orders_fts WHERE orders_fts MATCH 'FAKE'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM audit_log WHERE action = 'sync.orders-deleted'"
                                  " AND details = 'remote_ids=" G_STRINGIFY (FAKE_ID) "'"), ==, 1);

  /* Nothing else was touched. */
  after = dump_orders (db);
  g_assert_cmpstr (before, ==, after);

  /* Counts agree now: the next sync only looks at the first id page. */
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.deleted, ==, 0);
}

/* The ids of @resource ("orders", "coupons", …) the store lists, read
 * with a plain client. */
static GArray *
store_ids (Fixture    *f,
           const char *resource)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint page = 1; ; page++)
    {
      g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s?per_page=100&page=%u&orderby=id&order=asc&_fields=id",
                                              sk_demo_server_get_url (f->server), resource, page);
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
          gint64 id = json_object_get_int_member (json_array_get_object_element (array, i), "id");

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static GArray *
store_order_ids (Fixture *f)
{
  return store_ids (f, "orders");
}

/* Sends a request to the demo store as another client would (its own
 * admin); returns the answer's "id". */
static gint64
store_request (Fixture    *f,
               const char *method,
               const char *path,
               const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (f->server), path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), >=, 200);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);

  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return 0;

  return json_object_get_int_member_with_default (json_node_get_object (json_parser_get_root (parser)), "id", 0);
}

/* "id status date_modified total" of every order the store lists. */
static char *
store_digest (Fixture *f)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  GString *digest = g_string_new (NULL);

  for (guint page = 1; ; page++)
    {
      g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/orders?per_page=100&page=%u&orderby=id&order=asc"
                                              "&_fields=id,status,date_modified_gmt,total",
                                              sk_demo_server_get_url (f->server), page);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
      g_assert_no_error (error);

      array = json_node_get_array (json_parser_get_root (parser));
      if (json_array_get_length (array) == 0)
        break;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *order = json_array_get_object_element (array, i);
          gint64 modified = 0;
          gint64 total = 0;

          g_assert_true (sk_time_parse_iso8601_utc (json_object_get_string_member (order, "date_modified_gmt"), &modified, NULL));
          g_assert_true (sk_money_parse (json_object_get_string_member (order, "total"), 2, &total, NULL));
          g_string_append_printf (digest, "%" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                                  json_object_get_int_member (order, "id"),
                                  json_object_get_string_member (order, "status"), modified, total);
        }
    }

  return g_string_free (digest, FALSE);
}

static char *
local_digest (SkDatabase *db)
{
  sqlite3_stmt *stmt = NULL;
  GString *digest = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                       "SELECT remote_id, status, date_modified, total FROM orders ORDER BY remote_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (digest, "%lld %s %lld %lld\n",
                            (long long) sqlite3_column_int64 (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            (long long) sqlite3_column_int64 (stmt, 2),
                            (long long) sqlite3_column_int64 (stmt, 3));
  sqlite3_finalize (stmt);

  return g_string_free (digest, FALSE);
}

/* Equal texts, or a failure that names the first line that differs
 * rather than printing two dumps of thousands of lines. */
static void
assert_same_lines (const char *local,
                   const char *store)
{
  g_auto(GStrv) a = g_strsplit (local, "\n", -1);
  g_auto(GStrv) b = g_strsplit (store, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    {
      if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
        {
          g_test_message ("line %u: here “%s”, in the store “%s”", i + 1,
                          a[i] != NULL ? a[i] : "(end)", b[i] != NULL ? b[i] : "(end)");
          g_test_fail ();
          return;
        }
    }
}

static void
check_changes_pulled (Fixture *f,
                      gint64   clock_offset)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store = NULL;
  g_autofree char *local = NULL;
  SkSyncSummary summary;

  /* A store whose clock is far from ours: the cursor is the store's own
   * time, so nothing is missed. */
  sk_demo_server_set_clock_offset (f->server, clock_offset);
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);

  /* 1 % changed and a few new. */
  g_assert_cmpuint (sk_demo_server_touch_orders (f->server, N_ORDERS / 100, 3), ==, N_ORDERS / 100);
  g_assert_cmpuint (sk_demo_server_create_orders (f->server, 5, 4), ==, 5);

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  g_assert_true (summary.incremental);
  g_assert_cmpint (summary.orders, >=, N_ORDERS / 100 + 5);
  g_assert_cmpint (summary.orders, <, N_ORDERS / 10);

  db = open_database (f);
  store = store_digest (f);
  local = local_digest (db);
  assert_same_lines (local, store);
}

static void
test_changes_pulled_clock_ahead (Fixture       *f,
                                 gconstpointer  data)
{
  check_changes_pulled (f, 3600);
}

static void
test_changes_pulled_clock_behind (Fixture       *f,
                                  gconstpointer  data)
{
  check_changes_pulled (f, -2 * 3600);
}

static char *
local_order_ids (SkDatabase *db)
{
  sqlite3_stmt *stmt = NULL;
  GString *ids = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                       "SELECT remote_id FROM orders ORDER BY remote_id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (ids, "%lld\n", (long long) sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);

  return g_string_free (ids, FALSE);
}

static char *
format_ids (GArray *ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "\n", g_array_index (ids, gint64, i));

  return g_string_free (text, FALSE);
}

static void
test_store_deletes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) store_ids = NULL;
  g_autofree char *store = NULL;
  g_autofree char *local = NULL;
  SkSyncSummary summary;
  guint deleted;

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);

  deleted = sk_demo_server_delete_orders (f->server, 25, 11);
  g_assert_cmpuint (deleted, ==, 25);

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.deleted, ==, 25);

  db = open_database (f);
  store_ids = store_order_ids (f);
  store = format_ids (store_ids);
  local = local_order_ids (db);
  g_assert_cmpstr (local, ==, store);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM order_items WHERE order_id NOT IN (SELECT id FROM orders)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM order_notes WHERE order_id NOT IN (SELECT id FROM orders)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM orders_fts"), ==, query_int (db, "SELECT count (*) FROM orders"));
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM audit_log WHERE action = 'sync.orders-deleted'"), ==, 1);
}

/* Every listing request first creates an order and deletes the oldest,
 * so pages shift under the scan as on a busy store. */
static void
test_shifting_pages (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) store_ids = NULL;
  g_autofree char *store = NULL;
  g_autofree char *local = NULL;
  g_autofree char *removed = NULL;
  g_auto(GStrv) removed_ids = NULL;
  SkSyncSummary summary;

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  db = open_database (f);

  /* A different count makes the next sync scan the ids. */
  g_assert_cmpuint (sk_demo_server_delete_orders (f->server, 3, 5), ==, 3);
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_SHIFT_PAGES, "/orders?", 0, G_MAXUINT);
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  sk_demo_server_clear_faults (f->server);
  g_assert_cmpint (summary.deleted, >=, 3);

  /* Nothing deleted here that the store still has. */
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                         "SELECT group_concat (substr (details, 12), ',') FROM audit_log"
                                         " WHERE action = 'sync.orders-deleted'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    removed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  store_ids = store_order_ids (f);
  removed_ids = g_strsplit (removed, ",", -1);
  g_assert_cmpuint (g_strv_length (removed_ids), ==, (guint) summary.deleted);
  for (guint i = 0; removed_ids[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (removed_ids[i], NULL, 10);

      g_assert_cmpint (id, >, 0);
      for (guint j = 0; j < store_ids->len; j++)
        g_assert_cmpint (g_array_index (store_ids, gint64, j), !=, id);
    }

  /* Nothing skipped: once the store holds still, one more sync makes the
   * copy equal to it. */
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  store = format_ids (store_ids);
  local = local_order_ids (db);
  g_assert_cmpstr (local, ==, store);
}

/* Remote ids of a local table, one per line (0 for a coupon made here and
 * not pushed). */
static char *
local_ids (SkDatabase *db,
           const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT remote_id FROM %s WHERE remote_id > 0 ORDER BY remote_id", table);
  sqlite3_stmt *stmt = NULL;
  GString *ids = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (ids, "%lld\n", (long long) sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);

  return g_string_free (ids, FALSE);
}

static void
assert_same_ids (Fixture    *f,
                 SkDatabase *db,
                 const char *resource)
{
  g_autoptr(GArray) ids = store_ids (f, resource);
  g_autofree char *store = format_ids (ids);
  g_autofree char *local = local_ids (db, resource);

  g_assert_cmpstr (local, ==, store);
}

/* A product and a coupon deleted in the store go here too, each with its
 * audit entry; a coupon made here whose push has not gone through yet has
 * no remote id and stays. */
static void
test_product_and_coupon_deleted (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *product_path = NULL;
  g_autofree char *coupon_path = NULL;
  g_autofree char *product_audit = NULL;
  g_autofree char *coupon_audit = NULL;
  SkSyncSummary summary;
  gint64 n_products;
  gint64 product_id, coupon_id, kept_coupon_id;

  /* One coupon of the store's own to keep, one to delete. */
  kept_coupon_id = store_request (f, "POST", "coupons", "{\"code\":\"stays1\",\"amount\":\"1.00\"}");
  coupon_id = store_request (f, "POST", "coupons", "{\"code\":\"goes1\",\"amount\":\"2.00\"}");
  g_assert_cmpint (kept_coupon_id, >, 0);
  g_assert_cmpint (coupon_id, >, kept_coupon_id);

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  db = open_database (f);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM products"), >, 1);
  product_id = query_int (db, "SELECT max (remote_id) FROM products");
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM coupons WHERE remote_id > 0"), >=, 2);

  product_path = g_strdup_printf ("products/%" G_GINT64_FORMAT "?force=true", product_id);
  coupon_path = g_strdup_printf ("coupons/%" G_GINT64_FORMAT "?force=true", coupon_id);
  g_assert_cmpint (store_request (f, "DELETE", product_path, NULL), ==, product_id);
  g_assert_cmpint (store_request (f, "DELETE", coupon_path, NULL), ==, coupon_id);

  /* A coupon made here whose first push fails: it waits in the outbox. */
  g_assert_cmpint (sk_context_queue_coupon (f->context, "LOCAL5", "fixed_cart", 500, &error), >, 0);
  g_assert_no_error (error);
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_503, "/coupons", 0, 1);

  n_products = query_int (db, "SELECT count (*) FROM products");
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  sk_demo_server_clear_faults (f->server);
  g_assert_cmpint (summary.deleted, ==, 2);

  assert_same_ids (f, db, "products");
  assert_same_ids (f, db, "coupons");
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM products"), ==, n_products - 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM coupons WHERE code = 'LOCAL5' AND remote_id = 0"), ==, 1);
  g_assert_cmpint (sk_outbox_count_waiting (db, sk_demo_server_get_url (f->server), NULL), ==, 1);

  product_audit = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'sync.products-deleted'"
                                   " AND details = 'remote_ids=%" G_GINT64_FORMAT "'", product_id);
  coupon_audit = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'sync.coupons-deleted'"
                                  " AND details = 'remote_ids=%" G_GINT64_FORMAT "'", coupon_id);
  g_assert_cmpint (query_int (db, product_audit), ==, 1);
  g_assert_cmpint (query_int (db, coupon_audit), ==, 1);

  /* The push waits for its back-off; nothing more is deleted, and the
   * coupon made here is still here. */
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.deleted, ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM coupons WHERE code = 'LOCAL5' AND remote_id = 0"), ==, 1);
  assert_same_ids (f, db, "coupons");
}

/* Coupons over two pages of ids; every listing of coupons creates one and
 * deletes the oldest, so a coupon the store still has slips to the page
 * already read: it must be asked for, not deleted. */
static void
test_coupon_pages_shifting (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *removed = NULL;
  g_auto(GStrv) removed_ids = NULL;
  g_autofree char *gone_path = NULL;
  SkSyncSummary summary;

  for (guint batch = 0; batch < 2; batch++)
    {
      g_autoptr(GString) body = g_string_new ("{\"create\":[");

      for (guint i = 0; i < (batch == 0 ? 100 : 30); i++)
        g_string_append_printf (body, "%s{\"code\":\"bulk%u\",\"amount\":\"1.00\"}",
                                i > 0 ? "," : "", batch * 100 + i);
      g_string_append (body, "]}");
      store_request (f, "POST", "coupons/batch", body->str);
    }

  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  db = open_database (f);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM coupons WHERE remote_id > 0"), >, 100);
  assert_same_ids (f, db, "coupons");

  /* A different count makes the next sync scan the coupons' ids. */
  ids = store_ids (f, "coupons");
  gone_path = g_strdup_printf ("coupons/%" G_GINT64_FORMAT "?force=true", g_array_index (ids, gint64, ids->len - 1));
  store_request (f, "DELETE", gone_path, NULL);
  g_clear_pointer (&ids, g_array_unref);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_SHIFT_PAGES, "/coupons?", 0, G_MAXUINT);
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  sk_demo_server_clear_faults (f->server);
  g_assert_cmpint (summary.deleted, >=, 1);

  /* Nothing deleted here that the store still has. */
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                         "SELECT group_concat (substr (details, 12), ',') FROM audit_log"
                                         " WHERE action = 'sync.coupons-deleted'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    removed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  ids = store_ids (f, "coupons");
  removed_ids = g_strsplit (removed, ",", -1);
  g_assert_cmpuint (g_strv_length (removed_ids), ==, (guint) summary.deleted);
  for (guint i = 0; removed_ids[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (removed_ids[i], NULL, 10);

      g_assert_cmpint (id, >, 0);
      for (guint j = 0; j < ids->len; j++)
        g_assert_cmpint (g_array_index (ids, gint64, j), !=, id);
    }

  /* Once the store holds still, one more sync makes the copy equal to it. */
  g_assert_true (run_sync (f, &summary, &error));
  g_assert_no_error (error);
  assert_same_ids (f, db, "coupons");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/incremental/second-sync", test_second_sync_is_incremental);
  ADD ("/sync/incremental/deleted-order-removed", test_deleted_order_removed);
  ADD ("/sync/incremental/store-deletes", test_store_deletes);
  ADD ("/sync/incremental/changes-pulled/clock-ahead", test_changes_pulled_clock_ahead);
  ADD ("/sync/incremental/changes-pulled/clock-behind", test_changes_pulled_clock_behind);
  ADD ("/sync/incremental/shifting-pages", test_shifting_pages);
  ADD ("/sync/incremental/product-and-coupon-deleted", test_product_and_coupon_deleted);
  ADD ("/sync/incremental/coupon-pages-shifting", test_coupon_pages_shifting);

#undef ADD

  return g_test_run ();
}
