/* test-refund-desk.c — refund requests from recording to the refund in the
 * store, over real HTTP against the demo store: roles and limits checked
 * in the service, justifications, the goodwill budget, one refund for a
 * double approve, a store failing mid-approval, a crash between decision
 * and outbox, attachments copied and hashed, decisions append-only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "sk-context.h"
#include "sk-database-private.h"
#include "sk-outbox.h"
#include "sk-refund-desk.h"
#include "sk-refunds.h"
#include "sk-shop-settings.h"
#include "sk-staff-session.h"
#include "sk-test-utils.h"
#include "sk-time.h"

#define N_ORDERS 400
#define OWNER_PASSPHRASE "correct horse battery"
#define DAY (24 * 60 * 60)

typedef struct
{
  char           *dir;
  SkDemoServer   *server;
  SkContext      *context;
  SoupSession    *session;
  SkRefundDesk   *desk;
  SkStaffSession *staff;
  gint64          bob;
} Fixture;

typedef struct
{
  gboolean      done;
  gboolean      ok;
  SkSyncSummary summary;
  GError       *error;
} SyncResult;

/* An order picked from the local copy, with its first line. */
typedef struct
{
  gint64 id;          /* local */
  gint64 remote_id;
  gint64 item;
  gint64 quantity;
  gint64 total;       /* of the first line, tax included */
} Order;

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

G_GNUC_PRINTF (2, 3)
static gint64
query_intf (Fixture    *f,
            const char *format,
            ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return query_int (f, sql);
}

/* A completed order whose delivery was between @min_days and @max_days
 * ago, with a first line worth something, never refunded, not used yet. */
static Order
pick_order (Fixture *f,
            gint64   min_days,
            gint64   max_days,
            gint64   skip)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = sk_time_now_utc ();
  Order order;

  sql = g_strdup_printf ("SELECT o.id, o.remote_id, i.remote_id, i.quantity, i.total + i.total_tax"
                         " FROM orders o JOIN order_items i ON i.order_id = o.id AND i.position = 0"
                         " WHERE o.status = 'completed' AND o.date_completed BETWEEN %lld AND %lld"
                         "   AND i.total > 500 AND i.quantity >= 1"
                         "   AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id)"
                         "   AND NOT EXISTS (SELECT 1 FROM refund_requests q WHERE q.order_id = o.id)"
                         " ORDER BY o.remote_id LIMIT 1 OFFSET %lld",
                         (long long) (now - max_days * DAY), (long long) (now - min_days * DAY),
                         (long long) skip);
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  order.id = sqlite3_column_int64 (stmt, 0);
  order.remote_id = sqlite3_column_int64 (stmt, 1);
  order.item = sqlite3_column_int64 (stmt, 2);
  order.quantity = sqlite3_column_int64 (stmt, 3);
  order.total = sqlite3_column_int64 (stmt, 4);
  sqlite3_finalize (stmt);

  return order;
}

/* A plain client, independent of the code under test. */
static JsonNode *
store_get (Fixture    *f,
           const char *endpoint)
{
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (f->server), endpoint);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  answer = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static guint
store_refund_count (Fixture *f,
                    gint64   order_remote_id)
{
  g_autofree char *endpoint = g_strdup_printf ("orders/%lld/refunds", (long long) order_remote_id);
  g_autoptr(JsonNode) refunds = store_get (f, endpoint);

  return json_array_get_length (json_node_get_array (refunds));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (9, N_ORDERS);
  f->session = soup_session_new ();
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  sync_ok (f);

  f->desk = sk_context_get_service (f->context, SK_TYPE_REFUND_DESK);
  f->staff = sk_context_get_service (f->context, SK_TYPE_STAFF_SESSION);

  /* Ada owns the shop (first run) and sets a plain policy: 30 days, 3 of
   * grace, staff limit 1000.00 so the demo's orders stay under it unless a
   * test lowers it, through the gateway. */
  g_assert_cmpint (sk_staff_session_add (f->staff, "Ada", SK_STAFF_ROLE_OWNER, OWNER_PASSPHRASE, &error), >, 0);
  g_assert_no_error (error);
  f->bob = sk_staff_session_add (f->staff, "Bob", SK_STAFF_ROLE_STAFF, NULL, &error);
  g_assert_no_error (error);

  policy = sk_refund_desk_get_policy (f->desk);
  policy->staff_limit = 100000;
  policy->goodwill_budget = 100000;
  g_assert_true (sk_refund_desk_set_policy (f->desk, policy, &error));
  g_assert_no_error (error);

  /* Bob is at the desk, without owner rights. */
  g_assert_true (sk_staff_session_switch_to (f->staff, f->bob, NULL, &error));
  g_assert_no_error (error);
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
}

static gint64
create_request (Fixture            *f,
                const Order        *order,
                gint64              quantity,
                SkRefundOutcome     outcome,
                const char * const *attachments)
{
  g_autoptr(GError) error = NULL;
  SkRefundCaseLine line = { order->item, quantity };
  SkRefundDraft draft = {
    .order_id = order->id,
    .channel = SK_REFUND_CHANNEL_PHONE,
    .reason = SK_REFUND_REASON_CHANGED_MIND,
    .reason_text = "Too small after all",
    .outcome = outcome,
    .lines = &line,
    .n_lines = 1,
    .attachments = attachments,
  };
  gint64 id;

  id = sk_refund_desk_create_request (f->desk, &draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
test_in_policy_double_approve (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundPreview) preview = NULL;
  g_autoptr(SkRefundVerdict) verdict = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  Order order = pick_order (f, 2, 10, 0);
  SkRefundDecision *decision;
  SkSyncSummary summary;
  gint64 request;
  gint64 id;

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);

  queue = sk_refund_desk_list_queue (f->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpstr (((SkRefundRequest *) g_ptr_array_index (queue, 0))->number, ==, "R-000001");
  g_assert_cmpstr (((SkRefundRequest *) g_ptr_array_index (queue, 0))->created_by, ==, "Bob");
  g_assert_cmpint (sk_refund_desk_count_waiting (f->desk, 0), ==, 1);
  g_assert_cmpint (sk_refund_desk_count_waiting (f->desk, 3600), ==, 0);

  verdict = sk_refund_desk_judge (f->desk, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
  g_assert_true (sk_refund_verdict_has_code (verdict, SK_VERDICT_IN_WINDOW));

  preview = sk_refund_desk_preview_approval (f->desk, request, &error);
  g_assert_no_error (error);
  g_assert_true (preview->allowed_now);
  g_assert_false (preview->owner_required);
  g_assert_true (preview->api_refund);
  g_assert_cmpuint (preview->lines->len, ==, 1);
  g_assert_cmpint (preview->total, >, 0);
  g_assert_nonnull (strstr (preview->message_text, "R-000001"));
  g_assert_nonnull (strstr (preview->message_text, "original payment method"));

  /* Staff approve in-policy requests under the limit alone. */
  id = sk_refund_desk_approve (f->desk, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* The double click: refused, nothing more queued. */
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);
  g_assert_cmpint (sk_refund_desk_deny (f->desk, request, SK_REFUND_DENY_OTHER, "no", &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);

  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_decisions"), ==, 1);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE kind = 'refund' AND target_remote_id = %lld",
                               (long long) order.remote_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_requests WHERE state = 'approved'"), ==, 1);

  decisions = sk_refund_desk_list_decisions (f->desk, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 1);
  decision = g_ptr_array_index (decisions, 0);
  g_assert_cmpstr (decision->actor, ==, "Bob");
  g_assert_cmpstr (decision->role, ==, "staff");
  g_assert_cmpint (decision->amount, ==, preview->total);
  g_assert_cmpint (decision->goodwill, ==, 0);
  g_assert_cmpint (decision->outbox_id, >, 0);
  g_assert_nonnull (strstr (decision->verdict_json, "\"standing\":\"in-policy\""));
  /* ... and in the audit log with who, why and the verdict. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE action = 'refund-approved'"
                                 " AND actor = 'Bob' AND subject = 'R-000001' AND details LIKE '%in-policy%'"), ==, 1);

  /* The customer's message is on the order's timeline (message log). */
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM messages WHERE kind = 'refund-approved'"
                                  " AND order_remote_id = %lld AND channel = 'store' AND subject LIKE '%%R-000001%%'",
                               (long long) order.remote_id), ==, 1);

  /* One refund reaches the store, with its line; the customer's note too. */
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, ==, 2);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", order.remote_id), ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", order.remote_id), ==, 1);
  g_assert_cmpuint (store_refund_count (f, order.remote_id), ==, 1);

  /* Clicking again after the sync changes nothing either. */
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);
  sync_ok (f);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", order.remote_id), ==, 1);
  g_assert_cmpuint (store_refund_count (f, order.remote_id), ==, 1);

  /* The whole line cannot be asked for again beyond what is left. */
  if (order.quantity == 1)
    {
      SkRefundCaseLine line = { order.item, 1 };
      SkRefundDraft draft = { .order_id = order.id, .lines = &line, .n_lines = 1 };

      g_assert_cmpint (sk_refund_desk_create_request (f->desk, &draft, &error), ==, 0);
      g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_IMPOSSIBLE);
      g_clear_error (&error);
    }
}

static void
test_staff_limit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;
  g_autoptr(SkRefundPreview) preview = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  Order order = pick_order (f, 2, 10, 0);
  gint64 request;

  /* The owner lowers the limit under this refund. */
  g_assert_true (sk_staff_session_unlock_owner (f->staff, OWNER_PASSPHRASE, &error));
  policy = sk_refund_desk_get_policy (f->desk);
  policy->staff_limit = order.total / order.quantity - 1;
  g_assert_true (sk_refund_desk_set_policy (f->desk, policy, &error));
  g_assert_no_error (error);
  sk_staff_session_lock_owner (f->staff);

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  preview = sk_refund_desk_preview_approval (f->desk, request, &error);
  g_assert_no_error (error);
  g_assert_true (preview->owner_required);
  g_assert_false (preview->needs_justification);
  g_assert_false (preview->allowed_now);

  /* Bob calls approve directly: refused, nothing written. */
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_decisions"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE kind = 'refund'"), ==, 0);

  /* The owner's passphrase at Bob's desk: approved, as an owner. */
  g_assert_false (sk_staff_session_unlock_owner (f->staff, "not it at all", &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (sk_staff_session_unlock_owner (f->staff, OWNER_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), >, 0);
  g_assert_no_error (error);

  decisions = sk_refund_desk_list_decisions (f->desk, request, &error);
  g_assert_cmpstr (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->role, ==, "owner");
  g_assert_cmpstr (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->actor, ==, "Bob");
}

static void
test_policy_change_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundPolicy) policy = sk_refund_desk_get_policy (f->desk);
  g_autoptr(SkRefundPolicy) after = NULL;
  gint64 audit_before = query_int (f, "SELECT count (*) FROM audit_log");

  policy->window_days = 365;
  policy->staff_limit = G_MAXINT32;
  g_assert_false (sk_refund_desk_set_policy (f->desk, policy, &error));
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  after = sk_refund_desk_get_policy (f->desk);
  g_assert_cmpint (after->window_days, ==, 30);
  g_assert_cmpint (after->staff_limit, ==, 100000);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log"), ==, audit_before);

  /* With owner rights it goes through, and each key is audited. */
  g_assert_true (sk_staff_session_unlock_owner (f->staff, OWNER_PASSPHRASE, &error));
  g_assert_true (sk_refund_desk_set_policy (f->desk, policy, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, sk_refund_policy_free);
  after = sk_refund_desk_get_policy (f->desk);
  g_assert_cmpint (after->window_days, ==, 365);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE actor = 'Bob'"
                                 " AND details = 'refunds.window-days=365'"), ==, 1);

  /* Values out of range are refused even for an owner. */
  policy->restocking_fee_bp = 20000;
  g_assert_false (sk_refund_desk_set_policy (f->desk, policy, &error));
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID);
}

static void
test_out_of_window (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundPreview) preview = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  Order order = pick_order (f, 45, 120, 0);
  Order other = pick_order (f, 45, 120, 1);
  gint64 request;
  gint64 second;
  gint64 spent = -1;
  gint64 budget = -1;

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  preview = sk_refund_desk_preview_approval (f->desk, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->verdict->standing, ==, SK_REFUND_STANDING_OUT_OF_POLICY);
  g_assert_true (sk_refund_verdict_has_code (preview->verdict, SK_VERDICT_OUT_OF_WINDOW));
  g_assert_true (preview->needs_justification);
  g_assert_true (preview->owner_required);
  g_assert_cmpint (preview->goodwill, ==, preview->total);

  /* Staff cannot bend the rule, with or without a reason. */
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, "Loyal customer", &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* An owner can, but only with a written justification. */
  g_assert_true (sk_staff_session_unlock_owner (f->staff, OWNER_PASSPHRASE, &error));
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NEEDS_JUSTIFICATION);
  g_clear_error (&error);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, "   \n ", &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NEEDS_JUSTIFICATION);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_decisions"), ==, 0);

  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, "Customer of ten years; parcel was lost for a week",
                                           &error), >, 0);
  g_assert_no_error (error);

  /* Charged to this month's goodwill. */
  g_assert_true (sk_refund_desk_get_goodwill (f->desk, &spent, &budget, &error));
  g_assert_cmpint (spent, ==, preview->total);
  g_assert_cmpint (budget, ==, 100000);
  decisions = sk_refund_desk_list_decisions (f->desk, request, &error);
  g_assert_cmpstr (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->justification, ==,
                   "Customer of ten years; parcel was lost for a week");
  g_assert_nonnull (strstr (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->verdict_json,
                            "out-of-window"));

  /* The budget holds: what is left is less than the next exception. */
  policy = sk_refund_desk_get_policy (f->desk);
  policy->goodwill_budget = spent + 1;
  g_assert_true (sk_refund_desk_set_policy (f->desk, policy, &error));
  second = create_request (f, &other, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, second, "Again a good reason", &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_OVER_BUDGET);
  g_clear_error (&error);

  /* It can still be denied, by staff; the customer gets the message. */
  sk_staff_session_lock_owner (f->staff);
  g_assert_cmpint (sk_refund_desk_deny (f->desk, second, SK_REFUND_DENY_OUT_OF_WINDOW, "Sorry!", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE kind = 'order-note' AND target_remote_id = %lld"
                                  " AND json_extract (payload, '$.note') LIKE '%%return window%%Sorry!%%'",
                               (long long) other.remote_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_requests WHERE state = 'denied'"), ==, 1);
}

static void
test_store_fails_mid_approval (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Order order = pick_order (f, 2, 10, 1);
  SkSyncSummary summary;
  gint64 request;
  gint64 outbox_id;

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), >, 0);
  g_assert_no_error (error);
  outbox_id = query_int (f, "SELECT outbox_id FROM refund_decisions");

  /* The store answers 500 to the refund, then drops the connection. */
  path = g_strdup_printf ("orders/%lld/refunds", (long long) order.remote_id);
  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_500, path, 0, 1);
  summary = sync_ok (f);
  g_assert_cmpint (summary.pushed, <=, 1);   /* the note at most */
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE id = %lld AND state = 'failed-retryable'"
                                  " AND attempts = 1", (long long) outbox_id), ==, 1);
  g_assert_cmpuint (store_refund_count (f, order.remote_id), ==, 0);
  /* The decision stands. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_requests WHERE state = 'approved'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_decisions"), ==, 1);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_RESET_MID_BODY, path, 0, 1);
  g_assert_true (sk_context_retry_change (f->context, outbox_id, &error));
  g_assert_no_error (error);
  sync_ok (f);

  /* Retried (the lost answer is looked up, never posted again): exactly
   * one refund in the store. */
  if (query_intf (f, "SELECT count (*) FROM outbox WHERE id = %lld AND state = 'done'", (long long) outbox_id) == 0)
    {
      g_assert_true (sk_context_retry_change (f->context, outbox_id, &error));
      g_assert_no_error (error);
      sync_ok (f);
    }
  sync_ok (f);
  g_assert_cmpuint (store_refund_count (f, order.remote_id), ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "refunds", order.remote_id), <=, 2);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE id = %lld AND state = 'done'",
                               (long long) outbox_id), ==, 1);
}

static void
test_crash_before_queue (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundDecision) decision = sk_refund_decision_new ();
  Order order = pick_order (f, 2, 10, 2);
  SkDatabase *writer;
  gint64 request;

  /* The program stopped right after writing the decision: recorded, open
   * no more, nothing queued. */
  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  writer = sk_context_get_writer (f->context, NULL, &error);
  g_assert_no_error (error);
  decision->request_id = request;
  decision->kind = SK_REFUND_DECISION_APPROVED;
  decision->at = sk_time_now_utc ();
  decision->actor = g_strdup ("Bob");
  decision->role = g_strdup ("staff");
  decision->message = g_strdup ("Approved");
  decision->amount = 300;
  decision->verdict_json = g_strdup_printf ("{\"shipping\":0,\"api_refund\":false,\"restock\":false,"
                                            "\"lines\":[{\"item\":%lld,\"quantity\":1,\"refund_total\":250,"
                                            "\"refund_tax\":50}]}", (long long) order.item);
  g_assert_cmpint (sk_refunds_record_decision (writer, decision, "test", &error), >, 0);
  g_assert_no_error (error);

  /* The next start queues it (the desk's first idle), once. */
  {
    g_autoptr(SkContext) context = sk_context_new (f->dir, &error);
    SkRefundDesk *desk;

    g_assert_no_error (error);
    sk_sync_manager_set_store (sk_context_get_sync_manager (context),
                               sk_demo_server_get_url (f->server),
                               sk_demo_server_get_key (f->server),
                               sk_demo_server_get_secret (f->server));
    desk = sk_context_get_service (context, SK_TYPE_REFUND_DESK);
    g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE kind = 'refund'"), ==, 0);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE kind = 'refund'"), ==, 1);
    g_assert_cmpint (sk_refund_desk_resume (desk, &error), ==, 0);
    g_assert_no_error (error);
    g_assert_finalize_object (g_steal_pointer (&context));
  }
  g_assert_cmpint (sk_refund_desk_resume (f->desk, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE kind = 'refund' AND target_remote_id = %lld"
                                  " AND json_extract (payload, '$.amount') = 300", (long long) order.remote_id), ==, 1);
  sync_ok (f);
  g_assert_cmpuint (store_refund_count (f, order.remote_id), ==, 1);
}

/* Makes the next outbox row of @kind fail (another connection adds a
 * trigger: SQLite sees it in the app's connection too), or lets it pass
 * again with @fail FALSE. */
static void
fail_outbox_kind (Fixture    *f,
                  const char *kind,
                  gboolean    fail)
{
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  if (fail)
    sql = g_strdup_printf ("CREATE TRIGGER test_fail_outbox BEFORE INSERT ON outbox WHEN NEW.kind = '%s'"
                           " BEGIN SELECT RAISE (ABORT, 'disk gone'); END", kind);
  else
    sql = g_strdup ("DROP TRIGGER test_fail_outbox");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
assert_nothing_decided (Fixture *f,
                        gint64   request,
                        gint64   order_remote_id)
{
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM refund_requests WHERE id = %lld AND state = 'open'",
                               (long long) request), ==, 1);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM refund_decisions WHERE request_id = %lld",
                               (long long) request), ==, 0);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM audit_log WHERE action IN ('refund-approved', 'refund-denied')"
                                  " AND subject = (SELECT number FROM refund_requests WHERE id = %lld)",
                               (long long) request), ==, 0);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE target_remote_id = %lld",
                               (long long) order_remote_id), ==, 0);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM refunds r JOIN orders o ON o.id = r.order_id"
                                  " WHERE o.remote_id = %lld", (long long) order_remote_id), ==, 0);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM messages WHERE order_remote_id = %lld",
                               (long long) order_remote_id), ==, 0);
}

static void
test_queue_fails_nothing_half (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Order order = pick_order (f, 2, 10, 0);
  Order other = pick_order (f, 2, 10, 1);
  gint64 request;
  gint64 denied;

  /* The refund is queued, then the customer's note fails: the decision,
   * its audit entry, the refund (outbox row and local copy) and the
   * message all go; the request is open as before. */
  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  fail_outbox_kind (f, "order-note", TRUE);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_QUEUED);
  g_clear_error (&error);
  assert_nothing_decided (f, request, order.remote_id);

  /* The same for a denial, whose only outbox row is the message. */
  denied = create_request (f, &other, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  g_assert_cmpint (sk_refund_desk_deny (f->desk, denied, SK_REFUND_DENY_OUT_OF_WINDOW, "Sorry", &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_QUEUED);
  g_clear_error (&error);
  assert_nothing_decided (f, denied, other.remote_id);

  /* The refund itself fails: nothing either. */
  fail_outbox_kind (f, "order-note", FALSE);
  fail_outbox_kind (f, "refund", TRUE);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_QUEUED);
  g_clear_error (&error);
  assert_nothing_decided (f, request, order.remote_id);
  g_assert_cmpint (sk_refund_desk_resume (f->desk, &error), ==, 0);
  g_assert_no_error (error);

  /* Once the database takes it, the approval writes everything at once:
   * one decision holding the refund's outbox id, one refund, one note. */
  fail_outbox_kind (f, "refund", FALSE);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM refund_decisions d JOIN outbox b ON b.id = d.outbox_id"
                                  " WHERE d.request_id = %lld AND b.kind = 'refund'", (long long) request), ==, 1);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE target_remote_id = %lld AND kind = 'refund'",
                               (long long) order.remote_id), ==, 1);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE target_remote_id = %lld AND kind = 'order-note'",
                               (long long) order.remote_id), ==, 1);
  g_assert_cmpint (sk_refund_desk_resume (f->desk, &error), ==, 0);
  g_assert_no_error (error);
  sync_ok (f);
  g_assert_cmpuint (store_refund_count (f, order.remote_id), ==, 1);

  /* Decided, it shows the verdict it was decided on, not a judgement now
   * (which would find nothing left to return). */
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_desk_judge (f->desk, request, &error);

    g_assert_no_error (error);
    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
    g_assert_cmpint (verdict->total, ==, query_intf (f, "SELECT amount FROM refund_decisions WHERE request_id = %lld",
                                                     (long long) request));
    g_assert_cmpint (verdict->total, >, 0);
    g_assert_cmpuint (verdict->lines->len, ==, 1);
    g_assert_cmpint (g_array_index (verdict->lines, SkVerdictLine, 0).quantity, ==, 1);
    g_assert_cmpuint (verdict->reasons->len, >, 0);
    g_assert_cmpint (((SkVerdictReason *) g_ptr_array_index (verdict->reasons, 0))->severity, !=,
                     SK_VERDICT_SEVERITY_BLOCKING);
  }
}

static void
test_withdraw (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundRequest) request = NULL;
  g_autofree char *note = NULL;
  Order order = pick_order (f, 2, 10, 0);
  gint64 id;

  id = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);

  /* Why is required. */
  g_assert_false (sk_refund_desk_cancel (f->desk, id, "  ", &error));
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sk_refund_desk_cancel (f->desk, id, NULL, &error));
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sk_refund_desk_cancel (f->desk, id, "Customer called: keeps the shoes", &error));
  g_assert_no_error (error);

  /* Closed without a decision: who and when on the request, who and why
   * in the append-only log, out of the queue, nothing for the store. */
  request = sk_refund_desk_get_request (f->desk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (request->state, ==, SK_REFUND_STATE_CANCELLED);
  g_assert_cmpstr (request->decided_by, ==, "Bob");
  g_assert_cmpint (request->decided_at, >, 0);
  note = sk_refund_desk_get_withdrawal_note (f->desk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (note, ==, "Customer called: keeps the shoes");
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM audit_log WHERE action = 'refund-cancelled' AND actor = 'Bob'"
                                  " AND subject = (SELECT number FROM refund_requests WHERE id = %lld)"
                                  " AND details = 'Customer called: keeps the shoes'", (long long) id), ==, 1);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM outbox WHERE target_remote_id = %lld",
                               (long long) order.remote_id), ==, 0);
  g_assert_cmpint (query_intf (f, "SELECT count (*) FROM refund_decisions WHERE request_id = %lld", (long long) id), ==, 0);
  {
    g_autoptr(GPtrArray) queue = sk_refund_desk_list_queue (f->desk, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < queue->len; i++)
      g_assert_cmpint (((SkRefundRequest *) g_ptr_array_index (queue, i))->id, !=, id);
  }

  /* Withdrawn stays withdrawn: no approval, no second withdrawal. */
  g_assert_cmpint (sk_refund_desk_approve (f->desk, id, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);
  g_assert_false (sk_refund_desk_cancel (f->desk, id, "again", &error));
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);

  /* An open request has no withdrawal note. */
  g_clear_pointer (&note, g_free);
  note = sk_refund_desk_get_withdrawal_note (f->desk, create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (note, ==, "");
}

static void
test_other_store (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(SkRefundFigures) figures = NULL;
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autofree char *sql = NULL;
  Order order = pick_order (f, 2, 10, 0);
  Order other = pick_order (f, 2, 10, 1);
  gint64 now = sk_time_now_utc ();
  sqlite3 *db = NULL;
  gint64 mine;
  gint64 theirs;

  /* One database keeps the copies of every store it was connected to
   * (the store's address changed in the preferences): a request of the
   * store before is not in this store's queue, counts or figures. */
  mine = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  theirs = create_request (f, &other, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  g_assert_cmpint (sk_refund_desk_count_waiting (f->desk, 0), ==, 2);

  sql = g_strdup_printf ("INSERT INTO stores (url, added_at) VALUES ('https://old.example', 0);"
                         "UPDATE refund_requests SET store_id = last_insert_rowid () WHERE id = %lld",
                         (long long) theirs);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  queue = sk_refund_desk_list_queue (f->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpint (((SkRefundRequest *) g_ptr_array_index (queue, 0))->id, ==, mine);
  g_assert_cmpint (sk_refund_desk_count_waiting (f->desk, 0), ==, 1);
  figures = sk_refund_desk_compute_figures (f->desk, now - 3600, now + 3600, &error);
  g_assert_no_error (error);
  g_assert_cmpint (figures->requests, ==, 1);
}

static gint64
judged_day (Fixture     *f,
            const Order *order,
            const char  *zone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundVerdict) verdict = NULL;
  SkDatabase *writer = sk_context_get_writer (f->context, NULL, &error);
  SkRefundCaseLine line = { order->item, 1 };
  SkRefundDraft draft = {
    .order_id = order->id,
    .reason = SK_REFUND_REASON_CHANGED_MIND,
    .outcome = SK_REFUND_OUTCOME_REFUND,
    .lines = &line,
    .n_lines = 1,
  };

  g_assert_no_error (error);
  g_assert_true (sk_shop_settings_set_string (writer, SK_SHOP_TIME_ZONE, zone, "test", &error));
  g_assert_no_error (error);
  verdict = sk_refund_desk_judge_draft (f->desk, &draft, &error);
  g_assert_no_error (error);

  return verdict->day;
}

static void
test_shop_time_zone (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  g_autofree char *sql = NULL;
  Order order = pick_order (f, 2, 10, 0);
  gint64 now = sk_time_now_utc ();
  gint64 hour_utc = (now % DAY) / 3600;
  sqlite3 *db = NULL;

  /* Delivered 29 days and 12 hours ago: day 31 where it is now before
   * noon (the delivery was the evening 30 days before), day 30 where it
   * is afternoon. UTC and UTC+12 are 12 hours apart: one of each. */
  sql = g_strdup_printf ("UPDATE orders SET date_completed = %lld WHERE id = %lld;"
                         "UPDATE order_desk SET shipped_at = 0 WHERE order_id = %lld",
                         (long long) (now - 29 * DAY - 12 * 3600), (long long) order.id, (long long) order.id);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* Skip the minute around either noon, where the answer flips. */
  if ((now % 43200) < 60 || (now % 43200) > 43140)
    {
      g_test_skip ("too close to noon or midnight");
      return;
    }
  g_assert_cmpint (judged_day (f, &order, "Etc/UTC"), ==, hour_utc < 12 ? 31 : 30);
  /* Etc/GMT-12 is UTC+12 (the POSIX sign is reversed). */
  g_assert_cmpint (judged_day (f, &order, "Etc/GMT-12"), ==, hour_utc < 12 ? 30 : 31);
  /* An unknown name: this computer's zone (UTC in the tests). */
  g_assert_cmpint (judged_day (f, &order, "Mars/Olympus_Mons"), ==, hour_utc < 12 ? 31 : 30);
  g_assert_no_error (error);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  Order order = pick_order (f, 2, 10, 0);
  sqlite3 *db = NULL;
  gint64 request;
  char *message = NULL;

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* Another program with SQL in hand cannot rewrite the decision. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE refund_decisions SET amount = 1", NULL, NULL, &message), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM refund_decisions", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  /* The outbox id was written once; not again. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE refund_decisions SET outbox_id = outbox_id + 1", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE refund_requests SET state = 'open'", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM refund_requests", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);

  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_decisions WHERE amount > 1"), ==, 1);
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundRequest) request = NULL;
  g_autofree char *src_dir = g_build_filename (f->dir, "from-the-customer", NULL);
  g_autofree char *sub_dir = g_build_filename (src_dir, "again", NULL);
  g_autofree char *photo = g_build_filename (src_dir, "photo.jpg", NULL);
  g_autofree char *photo2 = g_build_filename (sub_dir, "photo.jpg", NULL);
  g_autofree char *missing = g_build_filename (src_dir, "gone.pdf", NULL);
  g_autofree char *expected_dir = g_build_filename (f->dir, "attachments", "R-000001", NULL);
  g_autofree char *expected_hash = NULL;
  const char *bytes = "\xff\xd8\xff\xe0 not really a JPEG, but bytes all the same";
  const char *paths[] = { photo, photo2, NULL };
  const char *bad_paths[] = { photo, missing, NULL };
  Order order = pick_order (f, 2, 10, 0);
  SkRefundCaseLine line = { order.item, 1 };
  SkRefundDraft draft = {
    .order_id = order.id,
    .reason = SK_REFUND_REASON_DAMAGED,
    .lines = &line,
    .n_lines = 1,
    .attachments = bad_paths,
  };
  GStatBuf original;
  GStatBuf copy;

  g_assert_cmpint (g_mkdir_with_parents (sub_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (photo, bytes, -1, NULL));
  g_assert_true (g_file_set_contents (photo2, "second", -1, NULL));
  expected_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bytes, -1);

  /* A file that cannot be read: nothing recorded, nothing left behind. */
  g_assert_cmpint (sk_refund_desk_create_request (f->desk, &draft, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM refund_requests"), ==, 0);
  g_assert_false (g_file_test (expected_dir, G_FILE_TEST_EXISTS));

  draft.attachments = paths;
  g_assert_cmpint (sk_refund_desk_create_request (f->desk, &draft, &error), ==, 1);
  g_assert_no_error (error);

  request = sk_refund_desk_get_request (f->desk, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->attachments->len, ==, 2);
  {
    SkRefundAttachment *first = g_ptr_array_index (request->attachments, 0);
    SkRefundAttachment *second = g_ptr_array_index (request->attachments, 1);
    g_autofree char *first_dir = g_path_get_dirname (first->stored_path);
    g_autofree char *content = NULL;

    g_assert_cmpstr (first->file_name, ==, "photo.jpg");
    g_assert_cmpstr (second->file_name, ==, "2-photo.jpg");
    g_assert_cmpstr (first_dir, ==, expected_dir);
    g_assert_cmpstr (first->sha256, ==, expected_hash);
    g_assert_cmpint (first->size, ==, strlen (bytes));

    /* A copy, not a link: its own file with the same bytes, and changing
     * the original later does not change it. */
    g_assert_cmpint (g_lstat (first->stored_path, &copy), ==, 0);
    g_assert_cmpint (g_lstat (photo, &original), ==, 0);
    g_assert_true (S_ISREG (copy.st_mode));
    g_assert_true (copy.st_ino != original.st_ino);
    g_assert_cmpint (copy.st_mode & 0077, ==, 0);
    g_assert_true (g_file_set_contents (photo, "changed", -1, NULL));
    g_assert_true (g_file_get_contents (first->stored_path, &content, NULL, NULL));
    g_assert_cmpstr (content, ==, bytes);
  }
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_store_credit_and_figures (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRefundPreview) preview = NULL;
  g_autoptr(SkRefundFigures) figures = NULL;
  g_autoptr(JsonNode) coupons = NULL;
  g_autofree char *endpoint = NULL;
  Order order = pick_order (f, 2, 10, 3);
  Order other = pick_order (f, 2, 10, 4);
  gint64 now = sk_time_now_utc ();
  gint64 request;
  gint64 denied;

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_STORE_CREDIT, NULL);
  preview = sk_refund_desk_preview_approval (f->desk, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview->coupon_code);
  g_assert_true (g_str_has_prefix (preview->coupon_code, "CREDIT-"));
  g_assert_false (preview->api_refund);
  g_assert_nonnull (strstr (preview->message_text, preview->coupon_code));

  g_assert_cmpint (sk_refund_desk_approve (f->desk, request, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE kind = 'coupon'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE kind = 'refund'"), ==, 0);
  sync_ok (f);
  endpoint = g_strdup_printf ("coupons?code=%s", preview->coupon_code);
  coupons = store_get (f, endpoint);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (coupons)), ==, 1);

  denied = create_request (f, &other, 1, SK_REFUND_OUTCOME_REFUND, NULL);
  g_assert_cmpint (sk_refund_desk_deny (f->desk, denied, SK_REFUND_DENY_OTHER, NULL, &error), ==, 0);
  g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sk_refund_desk_deny (f->desk, denied, SK_REFUND_DENY_CONDITION, NULL, &error), >, 0);
  g_assert_no_error (error);

  figures = sk_refund_desk_compute_figures (f->desk, now - 3600, now + 3600, &error);
  g_assert_no_error (error);
  g_assert_cmpint (figures->requests, ==, 2);
  g_assert_cmpint (figures->approved, ==, 1);
  g_assert_cmpint (figures->denied, ==, 1);
  g_assert_cmpint (figures->refunded, ==, preview->total);
  /* In the store's currency (the demo store's orders are in EUR). */
  g_assert_cmpstr (figures->currency, ==, preview->currency);
  g_assert_cmpstr (figures->currency, ==, "EUR");
  g_assert_cmpint (figures->goodwill, ==, 0);
  g_assert_cmpint (figures->median_decision_s, >=, 0);
  g_assert_cmpint (figures->median_decision_s, <, 60);
  g_assert_cmpuint (figures->by_reason->len, ==, 1);
  g_assert_cmpint (((SkRefundReasonFigure *) g_ptr_array_index (figures->by_reason, 0))->requests, ==, 2);
  g_assert_cmpuint (figures->by_product->len, ==, 1);
  g_assert_cmpint (((SkRefundProductFigure *) g_ptr_array_index (figures->by_product, 0))->units_returned, ==, 1);
  g_assert_cmpint (sk_refund_desk_count_waiting (f->desk, 0), ==, 0);

  /* The window's way, on a worker with its own connection: the same. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SkRefundFigures) async_figures = NULL;

    sk_refund_desk_compute_figures_async (f->desk, now - 3600, now + 3600, NULL, store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    async_figures = sk_refund_desk_compute_figures_finish (f->desk, result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (async_figures->requests, ==, figures->requests);
    g_assert_cmpint (async_figures->refunded, ==, figures->refunded);
    g_assert_cmpint (async_figures->orders, ==, figures->orders);
    g_assert_cmpstr (async_figures->currency, ==, "EUR");
  }
}

static void
test_nobody_at_desk (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkContext) context = NULL;
  g_autofree char *dir = sk_test_make_temp_dir ();
  Order order = pick_order (f, 2, 10, 0);
  SkRefundCaseLine line = { order.item, 1 };
  SkRefundDraft draft = { .order_id = order.id, .lines = &line, .n_lines = 1 };
  gint64 request;

  request = create_request (f, &order, 1, SK_REFUND_OUTCOME_REFUND, NULL);

  /* A fresh start of the program on the same data: nobody chosen yet. */
  context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);
  sk_sync_manager_set_store (sk_context_get_sync_manager (context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  {
    SkRefundDesk *desk = sk_context_get_service (context, SK_TYPE_REFUND_DESK);

    g_assert_cmpint (sk_refund_desk_create_request (desk, &draft, &error), ==, 0);
    g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NO_STAFF);
    g_clear_error (&error);
    g_assert_cmpint (sk_refund_desk_approve (desk, request, NULL, &error), ==, 0);
    g_assert_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NO_STAFF);
    g_clear_error (&error);
  }
  g_assert_finalize_object (g_steal_pointer (&context));
  sk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/refund-desk/in-policy-double-approve", test_in_policy_double_approve);
  ADD ("/refund-desk/staff-limit", test_staff_limit);
  ADD ("/refund-desk/policy-change-refused", test_policy_change_refused);
  ADD ("/refund-desk/out-of-window", test_out_of_window);
  ADD ("/refund-desk/store-fails-mid-approval", test_store_fails_mid_approval);
  ADD ("/refund-desk/crash-before-queue", test_crash_before_queue);
  ADD ("/refund-desk/queue-fails-nothing-half", test_queue_fails_nothing_half);
  ADD ("/refund-desk/withdraw", test_withdraw);
  ADD ("/refund-desk/other-store", test_other_store);
  ADD ("/refund-desk/shop-time-zone", test_shop_time_zone);
  ADD ("/refund-desk/append-only", test_append_only);
  ADD ("/refund-desk/attachments", test_attachments);
  ADD ("/refund-desk/store-credit-and-figures", test_store_credit_and_figures);
  ADD ("/refund-desk/nobody-at-desk", test_nobody_at_desk);
#undef ADD

  return g_test_run ();
}
