/* test-timeline.c — one order's timeline from a demo store synced over
 * HTTP plus changes made here; a bulk status change reaching the demo
 * store with the next sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "orders-test-helpers.h"
#include "sk-messages.h"
#include "sk-order-desk.h"
#include "sk-order-filter.h"
#include "sk-order-object.h"
#include "sk-timeline.h"
#include "sk-test-utils.h"
#include "sk-time.h"

#define N_ORDERS 300

/* The status the demo store has for order @remote_id, read with a plain
 * HTTP client, independent of the code under test. */
static char *
store_status (OrdersFixture *f,
              gint64         remote_id)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *credentials = g_strconcat (sk_demo_server_get_key (f->server), ":",
                                              sk_demo_server_get_secret (f->server), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%" G_GINT64_FORMAT,
                                          sk_demo_server_get_url (f->server), remote_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "status"));
}

static GArray *
orders_with_status (OrdersFixture *f,
                    const char    *status)
{
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  sk_order_filter_set_status (filter, status);
  ids = sk_order_filter_query_ids (sk_context_get_database (f->context), filter, SK_ORDER_SORT_DATE, FALSE, &error);
  g_assert_no_error (error);

  return ids;
}

static gint64
remote_id_of (OrdersFixture *f,
              gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = sk_database_load_order_objects (sk_context_get_database (f->context), &id, 1, &error);

  g_assert_no_error (error);
  return sk_order_object_get_remote_id (objects->pdata[0]);
}

static const SkTimelineEntry *
find_kind (GPtrArray      *entries,
           SkTimelineKind  kind,
           guint          *out_index)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const SkTimelineEntry *entry = entries->pdata[i];

      if (entry->kind == kind)
        {
          if (out_index != NULL)
            *out_index = i;
          return entry;
        }
    }

  return NULL;
}

static void
assert_newest_first (GPtrArray *entries)
{
  for (guint i = 1; i < entries->len; i++)
    g_assert_cmpint (((SkTimelineEntry *) entries->pdata[i - 1])->at, >=, ((SkTimelineEntry *) entries->pdata[i])->at);
  /* The order being placed is the oldest thing on it. */
  g_assert_cmpint (((SkTimelineEntry *) entries->pdata[entries->len - 1])->kind, ==, SK_TIMELINE_PLACED);
}

static void
test_timeline (void)
{
  OrdersFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) processing = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(SkMessage) message = sk_message_new ();
  g_autofree char *store_url = NULL;
  SkDatabase *db;
  SkDatabase *writer;
  const SkTimelineEntry *entry;
  gint64 id, remote_id;
  gint64 now = sk_time_now_utc ();
  guint n_store_status_notes = 0;
  guint i_status = 0;
  guint i_placed = 0;

  orders_fixture_set_up (&f, N_ORDERS);
  db = sk_context_get_database (f.context);
  sk_context_set_actor (f.context, "Ada");

  processing = orders_with_status (&f, "processing");
  g_assert_cmpuint (processing->len, >, 0);
  id = g_array_index (processing, gint64, 0);
  remote_id = remote_id_of (&f, id);

  /* What the store wrote is there: a status note of WooCommerce's reads
   * as a status change. */
  before = sk_timeline_load (db, id, &error);
  g_assert_no_error (error);
  assert_newest_first (before);
  for (guint i = 0; i < before->len; i++)
    if (((SkTimelineEntry *) before->pdata[i])->kind == SK_TIMELINE_STATUS)
      n_store_status_notes++;
  g_assert_cmpuint (n_store_status_notes, >, 0);
  g_clear_pointer (&before, g_ptr_array_unref);

  /* Made here: a status change, a note to the customer, a refund, a
   * promise moved, a message logged. */
  g_assert_cmpint (sk_context_queue_order_status (f.context, remote_id, "awaiting-shipment", &error), >, 0);
  g_assert_cmpint (sk_context_queue_order_note (f.context, remote_id, "Your parcel leaves tomorrow.", TRUE, &error), >, 0);
  g_assert_cmpint (sk_context_queue_refund (f.context, remote_id, 100, "Scratched lid", &error), >, 0);
  g_assert_no_error (error);

  writer = sk_context_get_writer (f.context, &store_url, &error);
  g_assert_no_error (error);
  g_assert_true (sk_order_desk_refresh (writer, now, &error));
  g_assert_true (sk_order_desk_set_promise (writer, id, now + 5 * 86400, "Waiting for the glaze to dry", &error));
  g_assert_no_error (error);

  message->order_remote_id = remote_id;
  message->direction = SK_MESSAGE_INBOUND;
  message->channel = g_strdup (SK_MESSAGE_CHANNEL_PHONE);
  message->kind = g_strdup ("");
  message->subject = g_strdup ("Asked when it ships");
  message->body_text = g_strdup ("Called at noon.");
  message->actor = g_strdup ("Ada");
  g_assert_cmpint (sk_messages_record (writer, store_url, message, SK_MESSAGE_RECEIVED, NULL, &error), >, 0);
  g_assert_no_error (error);

  before = sk_timeline_load (db, id, &error);
  g_assert_no_error (error);
  assert_newest_first (before);

  entry = find_kind (before, SK_TIMELINE_STATUS, &i_status);
  g_assert_nonnull (entry);
  g_assert_true (entry->status_is_slug);
  g_assert_cmpstr (entry->status_from, ==, "processing");
  g_assert_cmpstr (entry->status_to, ==, "awaiting-shipment");
  g_assert_cmpstr (entry->actor, ==, "Ada");
  g_assert_cmpint (entry->state, ==, SK_TIMELINE_WAITING);
  find_kind (before, SK_TIMELINE_PLACED, &i_placed);
  g_assert_cmpuint (i_status, <, i_placed);

  entry = find_kind (before, SK_TIMELINE_REFUND, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->amount, ==, 100);
  g_assert_cmpstr (entry->text, ==, "Scratched lid");
  g_assert_cmpint (entry->state, ==, SK_TIMELINE_WAITING);

  entry = find_kind (before, SK_TIMELINE_PROMISE, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->text, ==, "Waiting for the glaze to dry");
  g_assert_cmpstr (entry->actor, ==, "Ada");
  g_assert_nonnull (entry->promise_to);
  g_assert_false (entry->delayed);

  entry = find_kind (before, SK_TIMELINE_MESSAGE, NULL);
  g_assert_nonnull (entry);
  g_assert_true (entry->inbound);
  g_assert_cmpstr (entry->channel, ==, SK_MESSAGE_CHANNEL_PHONE);
  g_assert_cmpstr (entry->text, ==, "Asked when it ships");

  {
    gboolean found = FALSE;

    for (guint i = 0; i < before->len; i++)
      {
        const SkTimelineEntry *e = before->pdata[i];

        if (e->kind == SK_TIMELINE_NOTE && g_str_equal (e->text, "Your parcel leaves tomorrow."))
          {
            g_assert_true (e->customer_note);
            g_assert_cmpint (e->state, ==, SK_TIMELINE_WAITING);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* After the push: the store has them all; its echo of the status
   * change is not shown twice; the note now comes from the store. */
  orders_fixture_sync (&f);
  after = sk_timeline_load (db, id, &error);
  g_assert_no_error (error);
  assert_newest_first (after);

  entry = find_kind (after, SK_TIMELINE_STATUS, NULL);
  g_assert_nonnull (entry);
  g_assert_true (entry->status_is_slug);
  g_assert_cmpint (entry->state, ==, SK_TIMELINE_DONE);
  g_assert_cmpstr (entry->actor, ==, "Ada");
  {
    guint n_status = 0;
    guint n_note = 0;

    for (guint i = 0; i < after->len; i++)
      {
        const SkTimelineEntry *e = after->pdata[i];

        if (e->kind == SK_TIMELINE_STATUS)
          n_status++;
        if (e->kind == SK_TIMELINE_NOTE && g_str_equal (e->text, "Your parcel leaves tomorrow."))
          {
            g_assert_cmpint (e->state, ==, SK_TIMELINE_DONE);
            n_note++;
          }
      }
    g_assert_cmpuint (n_status, ==, n_store_status_notes + 1);
    g_assert_cmpuint (n_note, ==, 1);
  }

  entry = find_kind (after, SK_TIMELINE_REFUND, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, ==, SK_TIMELINE_DONE);

  /* No such order. */
  g_assert_null (sk_timeline_load (db, 987654321, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  orders_fixture_tear_down (&f);
}

static void
test_bulk_status_reaches_store (void)
{
  OrdersFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) processing = NULL;
  g_autoptr(GArray) remote = g_array_new (FALSE, FALSE, sizeof (gint64));

  orders_fixture_set_up (&f, N_ORDERS);
  processing = orders_with_status (&f, "processing");
  g_assert_cmpuint (processing->len, >=, 3);

  /* What the selection bar does for three selected orders. */
  for (guint i = 0; i < 3; i++)
    {
      gint64 remote_id = remote_id_of (&f, g_array_index (processing, gint64, i));
      g_autofree char *status = store_status (&f, remote_id);

      g_assert_cmpstr (status, ==, "processing");
      g_assert_cmpint (sk_context_queue_order_status (f.context, remote_id, "completed", &error), >, 0);
      g_assert_no_error (error);
      g_array_append_val (remote, remote_id);
    }

  /* Shown here at once, in the store after the push. */
  {
    g_autoptr(GArray) left = orders_with_status (&f, "processing");

    g_assert_cmpuint (left->len, ==, processing->len - 3);
  }

  orders_fixture_sync (&f);
  for (guint i = 0; i < remote->len; i++)
    {
      g_autofree char *status = store_status (&f, g_array_index (remote, gint64, i));

      g_assert_cmpstr (status, ==, "completed");
    }

  orders_fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/orders/timeline/contents-and-order", test_timeline);
  g_test_add_func ("/orders/bulk-status/reaches-store", test_bulk_status_reaches_store);

  return g_test_run ();
}
