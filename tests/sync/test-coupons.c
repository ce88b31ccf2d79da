/* test-coupons.c — coupons pulled from the store by the sync, over real
 * HTTP against the demo store: new, changed, unchanged, and a coupon made
 * here through the outbox that the store then lists.
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
#include "sk-records.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"
#include "sk-woo-json.h"

#define N_ORDERS 50

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
  SoupSession  *session;
  char         *auth;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (11, N_ORDERS);
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));

  f->session = soup_session_new ();
  credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                             sk_demo_server_get_secret (f->server), NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  f->auth = g_strconcat ("Basic ", encoded, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->auth, g_free);
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

static void
run_sync (Fixture       *f,
          SkSyncSummary *summary)
{
  SyncResult r = { 0 };

  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  if (summary != NULL)
    *summary = r.summary;
}

/* Sends @body to the demo store as another client would; returns the
 * coupon's id from the answer. */
static gint64
store_request (Fixture    *f,
               const char *method,
               const char *path,
               const char *body)
{
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (f->server), path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", f->auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), >=, 200);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);

  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "id");
}

/* The coupon rows with @code (any case), one per line, with every column
 * a sync may write. (The demo store starts with a few coupons of its own.) */
static char *
dump_coupons (Fixture    *f,
              const char *code)
{
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *dump = g_string_new (NULL);
  int rc;

  db = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                       "SELECT id, remote_id, code, discount_type, currency, amount,"
                                       " date_expires, usage_limit, usage_count, date_modified > 0"
                                       " FROM coupons WHERE code = ?1 COLLATE NOCASE ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (dump, "%lld %lld %s %s %s %lld %lld %lld %lld %lld\n",
                            (long long) sqlite3_column_int64 (stmt, 0),
                            (long long) sqlite3_column_int64 (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2),
                            (const char *) sqlite3_column_text (stmt, 3),
                            (const char *) sqlite3_column_text (stmt, 4),
                            (long long) sqlite3_column_int64 (stmt, 5),
                            (long long) sqlite3_column_int64 (stmt, 6),
                            (long long) sqlite3_column_int64 (stmt, 7),
                            (long long) sqlite3_column_int64 (stmt, 8),
                            (long long) sqlite3_column_int64 (stmt, 9));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return g_string_free (dump, FALSE);
}

static void
test_pulled (Fixture       *f,
             gconstpointer  data)
{
  SkSyncSummary summary;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *fourth = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *put_path = NULL;
  gint64 id;

  run_sync (f, &summary);
  g_assert_cmpint (summary.coupons, ==, 3);
  first = dump_coupons (f, "autumn25");
  g_assert_cmpstr (first, ==, "");

  /* Created in the store by someone else: there after the next sync. */
  id = store_request (f, "POST", "coupons",
                      "{\"code\":\"AUTUMN25\",\"discount_type\":\"percent\",\"amount\":\"12.5\","
                      "\"usage_limit\":40,\"date_expires_gmt\":\"2031-06-30T23:59:59\"}");
  g_assert_cmpint (id, >, 0);
  run_sync (f, &summary);
  g_assert_cmpint (summary.coupons, >=, 1);
  second = dump_coupons (f, "autumn25");
  expected = g_strdup_printf ("4 %" G_GINT64_FORMAT " autumn25 percent EUR 1250 1940630399 40 0 1\n", id);
  g_assert_cmpstr (second, ==, expected);

  /* Nothing new in the store: nothing changes here. */
  run_sync (f, &summary);
  third = dump_coupons (f, "autumn25");
  g_assert_cmpstr (third, ==, second);

  /* Changed in the store: the same row follows. */
  put_path = g_strdup_printf ("coupons/%" G_GINT64_FORMAT, id);
  store_request (f, "PUT", put_path,
                 "{\"discount_type\":\"fixed_cart\",\"amount\":\"7.90\",\"usage_limit\":null}");
  run_sync (f, &summary);
  g_assert_cmpint (summary.coupons, >=, 1);
  fourth = dump_coupons (f, "autumn25");
  g_free (expected);
  expected = g_strdup_printf ("4 %" G_GINT64_FORMAT " autumn25 fixed_cart EUR 790 1940630399 0 0 1\n", id);
  g_assert_cmpstr (fourth, ==, expected);
}

/* A coupon made here goes out through the outbox; when the store then
 * lists it, it is the same coupon: one row, which learns its id and keeps
 * the code as it was typed here (the store lowers its case). */
static void
test_local_then_pulled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *again = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 outbox_id;

  run_sync (f, NULL);

  outbox_id = sk_context_queue_coupon (f->context, "NEWBIE10", "percent", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_id, >, 0);
  before = dump_coupons (f, "newbie10");
  g_assert_cmpstr (before, ==, "4 0 NEWBIE10 percent  1000 0 0 0 0\n");

  run_sync (f, NULL);
  after = dump_coupons (f, "newbie10");
  lines = g_strsplit (after, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "4 "));
  g_assert_false (g_str_has_prefix (lines[0], "4 0 "));
  g_assert_true (g_str_has_suffix (lines[0], " NEWBIE10 percent EUR 1000 0 0 0 1"));

  run_sync (f, NULL);
  again = dump_coupons (f, "newbie10");
  g_assert_cmpstr (again, ==, after);
}

/* The store got the coupon but its answer was lost (the outbox item is
 * still waiting): the code alone says the listed coupon is the local one. */
static void
test_local_matched_by_code (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  run_sync (f, NULL);

  g_assert_cmpint (sk_context_queue_coupon (f->context, "Spring5", "fixed_cart", 500, &error), >, 0);
  g_assert_no_error (error);
  id = store_request (f, "POST", "coupons",
                      "{\"code\":\"spring5\",\"discount_type\":\"fixed_cart\",\"amount\":\"5.00\"}");

  /* Pushing it again fails (the code is taken); the pull still merges. */
  run_sync (f, NULL);
  after = dump_coupons (f, "spring5");
  expected = g_strdup_printf ("4 %" G_GINT64_FORMAT " Spring5 fixed_cart EUR 500 0 0 0 1\n", id);
  g_assert_cmpstr (after, ==, expected);
}

static GPtrArray *
parse (const char  *json,
       const char  *currency,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return sk_woo_json_parse_coupons (bytes, currency, error);
}

static void
test_parse_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  const SkCouponRecord *coupon;

  coupons = parse ("[{\"id\":7,\"code\":\"summer15\",\"amount\":\"15.00\",\"discount_type\":\"percent\","
                   "\"date_created_gmt\":\"2026-05-01T10:00:00\",\"date_modified_gmt\":\"2026-05-02T10:00:00\","
                   "\"date_expires_gmt\":null,\"usage_count\":3,\"usage_limit\":null},"
                   "{\"id\":8,\"code\":\" take500 \",\"amount\":\"500\",\"discount_type\":\"fixed_cart\","
                   "\"date_created_gmt\":\"2026-05-01T10:00:00\",\"date_modified_gmt\":null,"
                   "\"date_expires_gmt\":\"2026-12-31T00:00:00\",\"usage_count\":0,\"usage_limit\":5},"
                   "{\"id\":9,\"code\":\"x\"}]",
                   "JPY", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coupons->len, ==, 3);

  /* A percentage is in hundredths whatever the currency. */
  coupon = coupons->pdata[0];
  g_assert_cmpint (coupon->remote_id, ==, 7);
  g_assert_cmpstr (coupon->code, ==, "summer15");
  g_assert_cmpstr (coupon->discount_type, ==, "percent");
  g_assert_cmpstr (coupon->currency, ==, "JPY");
  g_assert_cmpint (coupon->amount, ==, 1500);
  g_assert_cmpint (coupon->date_created, ==, 1777629600);
  g_assert_cmpint (coupon->date_modified, ==, 1777716000);
  g_assert_cmpint (coupon->date_expires, ==, 0);
  g_assert_cmpint (coupon->usage_count, ==, 3);
  g_assert_cmpint (coupon->usage_limit, ==, 0);

  /* A fixed discount is money of the store's currency (no decimals in yen). */
  coupon = coupons->pdata[1];
  g_assert_cmpstr (coupon->code, ==, "take500");
  g_assert_cmpint (coupon->amount, ==, 500);
  g_assert_cmpint (coupon->date_modified, ==, coupon->date_created);
  g_assert_cmpint (coupon->date_expires, ==, 1798675200);
  g_assert_cmpint (coupon->usage_limit, ==, 5);

  coupon = coupons->pdata[2];
  g_assert_cmpstr (coupon->discount_type, ==, "fixed_cart");
  g_assert_cmpint (coupon->amount, ==, 0);
}

static void
test_parse_malformed (void)
{
  const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "[{\"id\":12,\"code\":\"a\",\"amount\":\"1,50\"}]", "coupon 12, field “amount”" },
    { "[{\"id\":12,\"code\":\"a\",\"amount\":1.5}]", "coupon 12, field “amount”" },
    { "[{\"id\":12,\"code\":\"a\",\"amount\":\"1.505\"}]", "coupon 12, field “amount”" },
    { "[{\"id\":12,\"code\":\"a\",\"amount\":\"-5\"}]", "coupon 12, field “amount”" },
    { "[{\"id\":12}]", "coupon 12, field “code”" },
    { "[{\"id\":12,\"code\":\"  \"}]", "coupon 12, field “code”" },
    { "[{\"id\":12,\"code\":7}]", "coupon 12, field “code”" },
    { "[{\"id\":12,\"code\":\"a\",\"usage_limit\":\"5\"}]", "coupon 12, field “usage_limit”" },
    { "[{\"id\":12,\"code\":\"a\",\"usage_count\":-1}]", "coupon 12, field “usage_count”" },
    { "[{\"id\":12,\"code\":\"a\",\"date_expires_gmt\":\"tomorrow\"}]", "coupon 12, field “date_expires_gmt”" },
    { "[{\"id\":12,\"code\":\"a\",\"date_modified_gmt\":5}]", "coupon 12, field “date_modified_gmt”" },
    { "[{\"id\":12,\"code\":\"a\",\"discount_type\":[]}]", "coupon 12, field “discount_type”" },
    { "[{\"id\":1,\"code\":\"a\"},{\"code\":\"b\"}]", "record 2 of the list, field “id”" },
    { "{\"code\":\"a\"}", "a list of coupons was expected" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) coupons = parse (cases[i].json, "EUR", &error);

      g_assert_null (coupons);
      g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].json, error->message, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/sync/coupons/parse/good", test_parse_good);
  g_test_add_func ("/sync/coupons/parse/malformed", test_parse_malformed);
  ADD ("/sync/coupons/pulled", test_pulled);
  ADD ("/sync/coupons/local-then-pulled", test_local_then_pulled);
  ADD ("/sync/coupons/local-matched-by-code", test_local_matched_by_code);

#undef ADD

  return g_test_run ();
}
