/* test-desk-pushes.c — what the desks push through the outbox, over real
 * HTTP against the demo store: refunds with lines (and a lost answer),
 * store credit coupons, customer edits (conflict, e-mail clash), and
 * customers deleted in the store pruned here.
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
#include "sk-test-utils.h"
#include "sk-time.h"

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


typedef struct
{
  gint64 id;
  gint64 quantity;
  gint64 total;
  gint64 tax;
} Item;

/* The first line of the fixture's order, as the local copy holds it. */
static Item
first_item (Fixture *f)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  Item item;

  sql = g_strdup_printf ("SELECT i.remote_id, i.quantity, i.total, i.total_tax FROM order_items i"
                         " JOIN orders o ON o.id = i.order_id WHERE o.remote_id = %" G_GINT64_FORMAT
                         " ORDER BY i.position LIMIT 1", f->order_id);
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  item.id = sqlite3_column_int64 (stmt, 0);
  item.quantity = sqlite3_column_int64 (stmt, 1);
  item.total = sqlite3_column_int64 (stmt, 2);
  item.tax = sqlite3_column_int64 (stmt, 3);
  sqlite3_finalize (stmt);

  return item;
}

static gint64
store_stock (Fixture *f,
             gint64   item_id)
{
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT, f->order_id);
  g_autoptr(JsonNode) order = store_request (f, "GET", endpoint, NULL, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (order), "line_items");
  g_autoptr(JsonNode) product = NULL;
  g_autofree char *product_endpoint = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == item_id)
      product_endpoint = g_strdup_printf ("products/%" G_GINT64_FORMAT,
                                          json_object_get_int_member (json_array_get_object_element (items, i), "product_id"));
  g_assert_nonnull (product_endpoint);
  product = store_request (f, "GET", product_endpoint, NULL, NULL);

  return json_object_get_int_member (json_node_get_object (product), "stock_quantity");
}

static void
test_refund_lines (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refunds = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", f->order_id);
  g_autofree char *sql = NULL;
  Item item = first_item (f);
  SkRefundLine line = { item.id, 1, item.total / item.quantity / 2, item.tax / item.quantity / 2 };
  SkRefundLine too_many = { item.id, item.quantity + 1, 0, 0 };
  SkRefundLine unknown = { G_MAXINT32, 1, 100, 0 };
  gint64 stock = store_stock (f, item.id);
  SkSyncSummary summary;
  JsonObject *refund;
  JsonObject *pushed_line;
  gint64 id;

  g_assert_cmpint (line.refund_total, >, 0);
  g_assert_cmpint (line.refund_tax, >, 0);

  /* Refused here, in words, before anything is queued. */
  g_assert_cmpint (sk_context_queue_refund_lines (f->context, f->order_id, &too_many, 1, 0, "x", FALSE, FALSE, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sk_context_queue_refund_lines (f->context, f->order_id, &unknown, 1, 0, "x", FALSE, FALSE, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox"), ==, 0);

  id = sk_context_queue_refund_lines (f->context, f->order_id, &line, 1, 150, "Broken in transit", FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* Shown at once, with its line. */
  sql = g_strdup_printf ("SELECT count (*) FROM refunds r JOIN refund_lines l ON l.refund_id = r.id"
                         " WHERE r.outbox_id = %" G_GINT64_FORMAT " AND r.remote_id = 0 AND r.amount = %" G_GINT64_FORMAT
                         " AND l.item_remote_id = %" G_GINT64_FORMAT " AND l.quantity = 1 AND l.total = %" G_GINT64_FORMAT
                         " AND l.tax = %" G_GINT64_FORMAT,
                         id, line.refund_total + line.refund_tax + 150, item.id, line.refund_total, line.refund_tax);
  g_assert_cmpint (query_int (f, sql), ==, 1);

  /* The same line once more than what is left is refused, counting the
   * waiting refund. */
  too_many.quantity = item.quantity;
  g_assert_cmpint (sk_context_queue_refund_lines (f->context, f->order_id, &too_many, 1, 0, NULL, FALSE, FALSE, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  summary = sync_ok (f);
  log_outbox (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 1);

  /* The store has it with its line, its tax per rate, and restocked. */
  refunds = store_request (f, "GET", path, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (refunds)), ==, 1);
  refund = json_array_get_object_element (json_node_get_array (refunds), 0);
  {
    gint64 amount = 0;

    g_assert_true (sk_money_parse (json_object_get_string_member (refund, "amount"), 2, &amount, NULL));
    g_assert_cmpint (amount, ==, line.refund_total + line.refund_tax + 150);
  }
  g_assert_false (json_object_get_boolean_member (refund, "refunded_payment"));
  pushed_line = json_array_get_object_element (json_object_get_array_member (refund, "line_items"), 0);
  g_assert_cmpint (json_object_get_int_member (pushed_line, "quantity"), ==, -1);
  {
    gint64 total = 0, tax = 0;

    g_assert_true (sk_money_parse (json_object_get_string_member (pushed_line, "total"), 2, &total, NULL));
    g_assert_true (sk_money_parse (json_object_get_string_member (pushed_line, "total_tax"), 2, &tax, NULL));
    g_assert_cmpint (total, ==, -line.refund_total);
    g_assert_cmpint (tax, ==, -line.refund_tax);
  }
  g_assert_cmpint (store_stock (f, item.id), ==, stock + 1);

  /* Here, the store's refund took the place of the one shown. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM refunds r JOIN orders o ON o.id = r.order_id"
                         " WHERE o.remote_id = %" G_GINT64_FORMAT, f->order_id);
  g_assert_cmpint (query_int (f, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM refunds r JOIN orders o ON o.id = r.order_id"
                         " WHERE o.remote_id = %" G_GINT64_FORMAT " AND r.remote_id > 0 AND r.reason = 'Broken in transit'",
                         f->order_id);
  g_assert_cmpint (query_int (f, sql), ==, 1);
  /* It keeps its line (the store's summary has none), so the same items
   * cannot be refunded twice from here. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_lines l JOIN refunds r ON r.id = l.refund_id"
                                 " WHERE r.remote_id > 0 AND l.quantity = 1"), ==, 1);
  g_assert_cmpint (sk_context_queue_refund_lines (f->context, f->order_id, &too_many, 1, 0, NULL, FALSE, FALSE, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Still so after the next sync, which fetches nothing new. */
  summary = sync_ok (f);
  g_assert_cmpint (query_int (f, sql), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_lines"), ==, 1);
}

/* The store refunded the line meanwhile (its own admin): the refund from
 * here is refused for good, with the store's reason, and no longer shown. */
static void
test_refund_lines_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", f->order_id);
  g_autofree char *body = NULL;
  Item item = first_item (f);
  SkRefundLine line = { item.id, item.quantity, 100, 0 };
  SkSyncSummary summary;
  guint status = 0;
  gint64 id;

  id = sk_context_queue_refund_lines (f->context, f->order_id, &line, 1, 0, "Wrong size", FALSE, FALSE, &error);
  g_assert_no_error (error);

  body = g_strdup_printf ("{\"api_refund\":false,\"line_items\":[{\"id\":%" G_GINT64_FORMAT ",\"quantity\":%" G_GINT64_FORMAT
                          ",\"refund_total\":\"0.01\"}]}", item.id, item.quantity);
  answer = store_request (f, "POST", path, body, &status);
  g_assert_cmpuint (status, ==, 201);

  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
  g_assert_cmpint (summary.push_failed, ==, 1);
  /* One POST by the store's admin, one refused. */
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 2);

  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->id, ==, id);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->state, ==, SK_OUTBOX_STATE_FAILED_PERMANENT);
  g_assert_cmpstr (((SkOutboxItem *) failed->pdata[0])->last_error, ==, "The store refused the refund: Invalid refund quantity.");
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refunds WHERE outbox_id > 0"), ==, 0);

  /* Discarding it leaves nothing behind. */
  g_assert_true (sk_context_discard_change (f->context, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_lines"), ==, 0);
}

/* The store makes the refund, the answer is lost: found on the next try
 * by its key and amount, never posted twice. */
static void
test_refund_lines_answer_lost (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refunds = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", f->order_id);
  Item item = first_item (f);
  SkRefundLine line = { item.id, 1, item.total / item.quantity, item.tax / item.quantity };
  SkSyncSummary summary;
  gint64 id;

  id = sk_context_queue_refund_lines (f->context, f->order_id, &line, 1, 0, "Damaged", TRUE, FALSE, &error);
  g_assert_no_error (error);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_RESET_MID_BODY, path, 0, 1);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 1);
  /* Still shown while it waits. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refunds WHERE outbox_id > 0 AND remote_id = 0"), ==, 1);

  g_assert_true (sk_context_retry_change (f->context, id, &error));
  g_assert_no_error (error);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", f->order_id), ==, 1);
  refunds = store_request (f, "GET", path, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (refunds)), ==, 1);
  /* api_refund as asked. */
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (json_node_get_array (refunds), 0),
                                                 "refunded_payment"));
}

static void
test_store_credit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) coupons = NULL;
  g_autoptr(JsonNode) taken = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *expires_text = NULL;
  gint64 expires = (g_get_real_time () / G_USEC_PER_SEC / 86400 + 90) * 86400;
  SkSyncSummary summary;
  JsonObject *coupon;
  JsonArray *emails;
  guint status = 0;

  /* Refused here: no e-mail, nothing, an expiry in the past. */
  g_assert_cmpint (sk_context_queue_store_credit (f->context, "CREDIT-X", 1000, "EUR", "not an address", 0, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sk_context_queue_store_credit (f->context, "CREDIT-X", 0, "EUR", "a@example.com", 0, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sk_context_queue_store_credit (f->context, "CREDIT-X", 100, "EUR", "a@example.com", 1000, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (sk_context_queue_store_credit (f->context, "CREDIT-ANNA-1", 2550, "EUR", "anna@example.com", expires, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM coupons WHERE code = 'CREDIT-ANNA-1' AND usage_limit = 1"
                                 " AND usage_limit_per_user = 1 AND individual_use = 0 AND amount = 2550"
                                 " AND email_restrictions = '[\"anna@example.com\"]'"), ==, 1);

  /* A code the store has already (made there meanwhile): refused there. */
  taken = store_request (f, "POST", "coupons",
                         "{\"code\":\"credit-bob-1\",\"amount\":\"5.00\",\"email_restrictions\":[\"bob@example.com\"],"
                         "\"usage_limit_per_user\":2,\"individual_use\":true}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (sk_context_queue_store_credit (f->context, "CREDIT-BOB-1", 500, "EUR", "bob@example.com", 0, &error), >, 0);
  g_assert_no_error (error);

  summary = sync_ok (f);
  log_outbox (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_assert_cmpint (summary.push_failed, ==, 1);

  coupons = store_request (f, "GET", "coupons?code=credit-anna-1", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (coupons)), ==, 1);
  coupon = json_array_get_object_element (json_node_get_array (coupons), 0);
  g_assert_cmpstr (json_object_get_string_member (coupon, "discount_type"), ==, "fixed_cart");
  g_assert_cmpstr (json_object_get_string_member (coupon, "amount"), ==, "25.50");
  g_assert_cmpint (json_object_get_int_member (coupon, "usage_limit"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (coupon, "usage_limit_per_user"), ==, 1);
  g_assert_false (json_object_get_boolean_member (coupon, "individual_use"));
  emails = json_object_get_array_member (coupon, "email_restrictions");
  g_assert_cmpuint (json_array_get_length (emails), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (emails, 0), ==, "anna@example.com");
  expires_text = g_strdup_printf ("%s", json_object_get_string_member (coupon, "date_expires_gmt"));
  {
    gint64 when = 0;

    g_assert_true (sk_time_parse_iso8601_utc (expires_text, &when, NULL));
    g_assert_cmpint (when, ==, expires);
  }

  /* The store's coupon came back with its restrictions. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM coupons WHERE code = 'CREDIT-BOB-1' COLLATE NOCASE AND remote_id > 0"
                                 " AND usage_limit_per_user = 2 AND individual_use = 1"
                                 " AND email_restrictions = '[\"bob@example.com\"]'"), ==, 1);

  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_nonnull (strstr (((SkOutboxItem *) failed->pdata[0])->payload, "CREDIT-BOB-1"));
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->state, ==, SK_OUTBOX_STATE_FAILED_PERMANENT);
}

static gint64
customer_with_orders (Fixture *f)
{
  return query_int (f, "SELECT c.remote_id FROM customers c WHERE EXISTS"
                       " (SELECT 1 FROM orders o WHERE o.customer_remote_id = c.remote_id)"
                       " ORDER BY c.remote_id LIMIT 1");
}

static char *
customer_text (Fixture    *f,
               gint64      remote_id,
               const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM customers WHERE remote_id = %" G_GINT64_FORMAT, column, remote_id);

  return query_text (f, sql);
}

static void
test_customer_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) customer = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *first = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *city = NULL;
  gint64 id = customer_with_orders (f);
  SkAddress shipping = { 0 };
  SkCustomerUpdate update = { 0 };
  SkSyncSummary summary;
  JsonObject *object;

  sk_address_init (&shipping);
  g_free (shipping.first_name);
  shipping.first_name = g_strdup ("Zoë");
  g_free (shipping.address_1);
  shipping.address_1 = g_strdup ("Hauptstraße 5 \"Hinterhaus\"");
  g_free (shipping.city);
  shipping.city = g_strdup ("Köln");
  g_free (shipping.country);
  shipping.country = g_strdup ("DE");

  update.fields = SK_CUSTOMER_UPDATE_FIRST_NAME | SK_CUSTOMER_UPDATE_PHONE | SK_CUSTOMER_UPDATE_SHIPPING;
  update.first_name = "Zoë";
  update.phone = "+49 221 555 0100";
  update.shipping = &shipping;

  /* Bad input is refused, nothing queued. */
  {
    SkCustomerUpdate bad = { SK_CUSTOMER_UPDATE_EMAIL, NULL, NULL, "no-at-sign", NULL, NULL, NULL };

    g_assert_cmpint (sk_context_queue_customer_update (f->context, id, &bad, &error), ==, 0);
    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    g_assert_cmpint (sk_context_queue_customer_update (f->context, 987654321, &update, &error), ==, 0);
    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_assert_cmpint (sk_context_queue_customer_update (f->context, id, &update, &error), >, 0);
  g_assert_no_error (error);
  sk_address_clear (&shipping);

  /* Here at once. */
  first = customer_text (f, id, "first_name");
  g_assert_cmpstr (first, ==, "Zoë");
  phone = customer_text (f, id, "billing_phone");
  g_assert_cmpstr (phone, ==, "+49 221 555 0100");

  summary = sync_ok (f);
  log_outbox (f);
  g_assert_cmpint (summary.pushed, ==, 1);

  /* In the store: the fields sent, the others as they were. */
  endpoint = g_strdup_printf ("customers/%" G_GINT64_FORMAT, id);
  customer = store_request (f, "GET", endpoint, NULL, NULL);
  object = json_node_get_object (customer);
  g_assert_cmpstr (json_object_get_string_member (object, "first_name"), ==, "Zoë");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "billing"), "phone"), ==, "+49 221 555 0100");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "shipping"), "address_1"), ==,
                   "Hauptstraße 5 \"Hinterhaus\"");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "shipping"), "city"), ==, "Köln");

  /* And here after the pull. */
  city = customer_text (f, id, "shipping_city");
  g_assert_cmpstr (city, ==, "Köln");
  g_clear_pointer (&first, g_free);
  first = customer_text (f, id, "first_name");
  g_assert_cmpstr (first, ==, "Zoë");

  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
}

/* An edit still waiting (the store failed) stays over what the pull
 * brings, field by field. */
static void
test_customer_update_waits (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gint64 id = customer_with_orders (f);
  SkCustomerUpdate update = { SK_CUSTOMER_UPDATE_FIRST_NAME, "Zoë", NULL, NULL, NULL, NULL, NULL };
  SkSyncSummary summary;
  guint status = 0;

  g_assert_cmpint (sk_context_queue_customer_update (f->context, id, &update, &error), >, 0);
  g_assert_no_error (error);

  /* The store changes another field, then fails for this customer. */
  endpoint = g_strdup_printf ("customers/%" G_GINT64_FORMAT, id);
  changed = store_request (f, "PUT", endpoint, "{\"last_name\":\"Theirs\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_500, endpoint, 0, G_MAXUINT);

  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE state = 'failed-retryable'"), ==, 1);

  /* The store's last name, and still the first name given here. */
  first = customer_text (f, id, "first_name");
  g_assert_cmpstr (first, ==, "Zoë");
  last = customer_text (f, id, "last_name");
  g_assert_cmpstr (last, ==, "Theirs");
  sk_demo_server_clear_faults (f->server);
}

static void
test_customer_conflict (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) customer = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *last = NULL;
  gint64 id = customer_with_orders (f);
  SkCustomerUpdate update = { SK_CUSTOMER_UPDATE_LAST_NAME, NULL, "Mine", NULL, NULL, NULL, NULL };
  SkSyncSummary summary;
  guint status = 0;
  gint64 change;

  change = sk_context_queue_customer_update (f->context, id, &update, &error);
  g_assert_no_error (error);

  /* Meanwhile the store's admin edits the same customer. */
  endpoint = g_strdup_printf ("customers/%" G_GINT64_FORMAT, id);
  changed = store_request (f, "PUT", endpoint, "{\"last_name\":\"Theirs\"}", &status);
  g_assert_cmpuint (status, ==, 200);

  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 0);
  g_assert_cmpint (summary.push_failed, ==, 1);
  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->state, ==, SK_OUTBOX_STATE_CONFLICT);
  g_assert_cmpstr (((SkOutboxItem *) failed->pdata[0])->last_error, ==,
                   "The customer’s details were changed in the store after this change was made.");
  customer = store_request (f, "GET", endpoint, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (customer), "last_name"), ==, "Theirs");

  /* Keep mine: pushed over the store's. */
  g_assert_true (sk_context_retry_change (f->context, change, &error));
  g_assert_no_error (error);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 1);
  g_clear_pointer (&customer, json_node_unref);
  customer = store_request (f, "GET", endpoint, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (customer), "last_name"), ==, "Mine");
  last = customer_text (f, id, "last_name");
  g_assert_cmpstr (last, ==, "Mine");
}

static void
test_customer_email_taken (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *other = NULL;
  g_autofree char *now = NULL;
  g_autofree char *after = NULL;
  gint64 id = query_int (f, "SELECT min (remote_id) FROM customers");
  SkCustomerUpdate update = { SK_CUSTOMER_UPDATE_EMAIL, NULL, NULL, NULL, NULL, NULL, NULL };
  SkSyncSummary summary;

  before = customer_text (f, id, "email");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT email FROM customers WHERE remote_id > %" G_GINT64_FORMAT
                                            " ORDER BY remote_id LIMIT 1", id);

    other = query_text (f, sql);
  }
  update.email = other;
  g_assert_cmpint (sk_context_queue_customer_update (f->context, id, &update, &error), >, 0);
  g_assert_no_error (error);
  now = customer_text (f, id, "email");
  g_assert_cmpstr (now, ==, other);

  summary = sync_ok (f);
  g_assert_cmpint (summary.push_failed, ==, 1);
  failed = sk_context_list_failed_changes (f->context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpint (((SkOutboxItem *) failed->pdata[0])->state, ==, SK_OUTBOX_STATE_FAILED_PERMANENT);
  g_assert_cmpstr (((SkOutboxItem *) failed->pdata[0])->last_error, ==,
                   "Another customer’s account in the store already uses this e-mail address. Change the address, or discard this change.");

  /* Refused for good: the copy shows the store's address again. */
  after = customer_text (f, id, "email");
  g_assert_cmpstr (after, ==, before);
}

/* A customer deleted in the store goes here too, after a complete scan
 * only; the orders stay, as a guest's. */
static void
test_customer_deleted (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) gone = NULL;
  g_autoptr(JsonNode) gone_too = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *orders_sql = NULL;
  gint64 id = customer_with_orders (f);
  gint64 customers = query_int (f, "SELECT count (*) FROM customers");
  gint64 orders = query_int (f, "SELECT count (*) FROM orders");
  gint64 own_orders;
  SkSyncSummary summary;
  guint status = 0;

  orders_sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE customer_remote_id = %" G_GINT64_FORMAT, id);
  own_orders = query_int (f, orders_sql);
  g_assert_cmpint (own_orders, >, 0);

  endpoint = g_strdup_printf ("customers/%" G_GINT64_FORMAT "?force=true", id);
  gone = store_request (f, "DELETE", endpoint, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* A sync that fails while listing customers deletes nothing. */
  {
    SyncResult r = { 0 };

    sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_500, "customers", 0, G_MAXUINT);
    sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
    sk_test_wait_until (&r.done, 100);
    g_assert_false (r.ok);
    g_clear_error (&r.error);
    sk_demo_server_clear_faults (f->server);
    g_assert_cmpint (query_int (f, "SELECT count (*) FROM customers"), ==, customers);
  }

  summary = sync_ok (f);
  g_assert_cmpint (summary.deleted, ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM customers"), ==, customers - 1);
  count_sql = g_strdup_printf ("SELECT count (*) FROM customers WHERE remote_id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (query_int (f, count_sql), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM orders"), ==, orders);
  g_assert_cmpint (query_int (f, orders_sql), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE action = 'sync.customers-deleted'"), ==, 1);

  /* Nothing more on the next sync. */
  summary = sync_ok (f);
  g_assert_cmpint (summary.deleted, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM customers"), ==, customers - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/desk-pushes/refund-lines", test_refund_lines);
  ADD ("/desk-pushes/refund-lines-refused", test_refund_lines_refused);
  ADD ("/desk-pushes/refund-lines-answer-lost", test_refund_lines_answer_lost);
  ADD ("/desk-pushes/store-credit", test_store_credit);
  ADD ("/desk-pushes/customer-update", test_customer_update);
  ADD ("/desk-pushes/customer-update-waits", test_customer_update_waits);
  ADD ("/desk-pushes/customer-conflict", test_customer_conflict);
  ADD ("/desk-pushes/customer-email-taken", test_customer_email_taken);
  ADD ("/desk-pushes/customer-deleted", test_customer_deleted);

#undef ADD

  return g_test_run ();
}
