/* test-messenger.c — messages to customers against the demo store over
 * HTTP (notes with customer_note, status completed) and a real SMTP
 * server on loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "sk-context.h"
#include "sk-database-private.h"
#include "sk-mail-message.h"
#include "sk-messenger.h"
#include "sk-order-desk.h"
#include "sk-shop-settings.h"
#include "sk-test-utils.h"
#include "sk-time.h"
#include "smtp-fixture.h"

#define N_ORDERS 300

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SoupSession  *session;
  SkContext    *context;
  SkMessenger  *messenger;
  SkDatabase   *db;        /* the context's writer */
  char         *store_url;
  gint64        order_id;  /* local id of an open order with an e-mail */
  gint64        order_remote_id;
  SkTestSmtp   *smtp;
  guint         n_changed;
} Fixture;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  gint64    id;
  guint     n;
  guint     n_no_address;
  GError   *error;
} Result;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &r->error);
  r->done = TRUE;
}

static void
sync_ok (Fixture *f)
{
  Result r = { 0 };

  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  /* The messenger reconciles on the "syncing" notification; let it run. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (f->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

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

/* The customer notes the demo store holds for the order, newest first. */
static GPtrArray *
store_customer_notes (Fixture *f,
                      gint64   remote_id)
{
  g_autofree char *endpoint = g_strdup_printf ("orders/%lld/notes", (long long) remote_id);
  g_autoptr(JsonNode) root = store_get (f, endpoint);
  JsonArray *array = json_node_get_array (root);
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *note = json_array_get_object_element (array, i);

      if (json_object_get_boolean_member (note, "customer_note"))
        g_ptr_array_add (notes, g_strdup (json_object_get_string_member (note, "note")));
    }

  return notes;
}

static char *
store_status (Fixture *f,
              gint64   remote_id)
{
  g_autofree char *endpoint = g_strdup_printf ("orders/%lld", (long long) remote_id);
  g_autoptr(JsonNode) order = store_get (f, endpoint);

  return g_strdup (json_object_get_string_member (json_node_get_object (order), "status"));
}

static void
changed_cb (SkMessenger *messenger,
            gint64       order_id,
            Fixture     *f)
{
  f->n_changed++;
}

static void
set_setting (Fixture    *f,
             const char *key,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sk_shop_settings_set_string (f->db, key, value, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (11, N_ORDERS);
  f->session = soup_session_new ();
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);
  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  sync_ok (f);

  f->db = sk_context_get_writer (f->context, &f->store_url, &error);
  g_assert_no_error (error);
  f->messenger = sk_context_get_service (f->context, SK_TYPE_MESSENGER);
  g_assert_true (SK_IS_MESSENGER (f->messenger));
  g_assert_true (sk_context_get_service (f->context, SK_TYPE_MESSENGER) == f->messenger);
  g_signal_connect (f->messenger, "changed", G_CALLBACK (changed_cb), f);

  f->order_id = query_int (f, "SELECT id FROM orders WHERE status = 'processing' AND billing_email LIKE '%@%.%'"
                              " AND billing_country <> '' ORDER BY remote_id LIMIT 1");
  g_assert_cmpint (f->order_id, >, 0);
  sql = g_strdup_printf ("SELECT remote_id FROM orders WHERE id = %lld", (long long) f->order_id);
  f->order_remote_id = query_int (f, sql);

  set_setting (f, SK_SHOP_NAME, "Café Müller");
  set_setting (f, SK_SHOP_EMAIL, "shop@example.com");
  set_setting (f, SK_SHOP_PHONE, "+49 30 1234567");
  set_setting (f, SK_SHOP_URL, "https://cafe-mueller.example");
  /* A shop that has used the desk for a year: recent parcels get follow-ups. */
  g_assert_true (sk_shop_settings_set_int (f->db, SK_SETTING_DESK_STARTED, sk_time_now_utc () - 365 * 86400, NULL, &error));
  set_setting (f, SK_MESSAGES_LANGUAGE, "en");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sk_test_smtp_stop (f->smtp);
  g_signal_handlers_disconnect_by_func (f->messenger, changed_cb, f);
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->session);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->store_url);
}

static void
start_smtp (Fixture *f,
            guint    port)
{
  g_autofree char *mail_dir = g_build_filename (f->dir, "received", NULL);
  g_autofree char *port_text = NULL;

  g_mkdir_with_parents (mail_dir, 0700);
  f->smtp = sk_test_smtp_start (mail_dir, port, NULL);
  port_text = g_strdup_printf ("%u", sk_test_smtp_get_port (f->smtp));
  set_setting (f, SK_MESSAGES_CHANNEL, "smtp");
  set_setting (f, SK_MESSAGES_SMTP_HOST, "127.0.0.1");
  set_setting (f, SK_MESSAGES_SMTP_PORT, port_text);
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->id = sk_messenger_send_finish (SK_MESSENGER (object), result, &r->error);
  r->done = TRUE;
}

static gint64
send (Fixture         *f,
      gint64           order_id,
      const char      *kind,
      gboolean         again,
      GError         **error)
{
  Result r = { 0 };

  sk_messenger_send_async (f->messenger, order_id, kind, NULL, again, NULL, send_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.id;
}

static SkMessage *
load (Fixture *f,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  SkMessage *message = sk_messages_load (f->db, id, &error);

  g_assert_no_error (error);

  return message;
}

static SkOrderDesk *
load_desk (Fixture *f,
           gint64   order_id)
{
  g_autoptr(GError) error = NULL;
  SkOrderDesk *desk = sk_order_desk_load (f->db, order_id, &error);

  g_assert_no_error (error);

  return desk;
}

static void
test_store_confirmation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) message = NULL;
  g_autoptr(SkMessage) again = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  gint64 id;
  gint64 second;

  id = send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, >, 0);

  message = load (f, id);
  g_assert_cmpstr (message->channel, ==, "store");
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_QUEUED);
  g_assert_cmpint (message->outbox_id, >, 0);
  g_assert_cmpint (message->order_id, ==, f->order_id);
  g_assert_cmpstr (message->language, ==, "en");
  g_assert_nonnull (strstr (message->body_text, "Café Müller"));
  g_assert_nonnull (strstr (message->body_text, "+49 30 1234567"));
  g_assert_null (strchr (message->body_text, '{'));
  g_assert_nonnull (strstr (message->body_html, "https://cafe-mueller.example"));

  /* Sending the confirmation confirms the order. */
  desk = load_desk (f, f->order_id);
  g_assert_cmpint (desk->confirmed_at, >, 0);

  /* Never twice by accident. */
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* The store gets the note with customer_note true after a sync. */
  notes = store_customer_notes (f, f->order_remote_id);
  g_assert_cmpuint (notes->len, ==, 0);
  sync_ok (f);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = store_customer_notes (f, f->order_remote_id);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), message->subject));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "Café Müller"));
  g_clear_pointer (&message, sk_message_free);
  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_SENT);

  /* "Send Again" is a new message under a new key. */
  second = send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, !=, id);
  again = load (f, second);
  g_assert_cmpstr (again->dedupe_key, !=, message->dedupe_key);
  sync_ok (f);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = store_customer_notes (f, f->order_remote_id);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", f->order_remote_id), ==, 2);

  list = sk_messages_list_for_order (f->db, f->order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
shipped_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Result *r = user_data;

  r->ok = sk_messenger_mark_shipped_finish (SK_MESSENGER (object), result, &r->n, &r->error);
  r->done = TRUE;
}

static void
test_mark_shipped (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sql = NULL;
  const char * const numbers[] = { "JJD0099 123", "00340434", NULL };
  gint64 ids[2];
  gint64 other_remote;
  Result r = { 0 };
  SkMessage *shipped;

  ids[0] = f->order_id;
  ids[1] = query_int (f, "SELECT id FROM orders WHERE status IN ('processing', 'on-hold') AND billing_email LIKE '%@%.%'"
                         " ORDER BY remote_id DESC LIMIT 1");
  g_assert_cmpint (ids[1], !=, ids[0]);
  sql = g_strdup_printf ("SELECT remote_id FROM orders WHERE id = %lld", (long long) ids[1]);
  other_remote = query_int (f, sql);

  sk_messenger_mark_shipped_async (f->messenger, ids, 2, "DHL", numbers, NULL, shipped_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.n, ==, 2);

  desk = load_desk (f, f->order_id);
  g_assert_cmpint (desk->shipped_at, >, 0);
  g_assert_cmpstr (desk->carrier, ==, "DHL");
  g_assert_cmpstr (desk->tracking_number, ==, "JJD0099 123");
  g_assert_true (g_str_has_prefix (desk->tracking_url, "https://www.dhl.com/"));
  g_assert_true (g_str_has_suffix (desk->tracking_url, "JJD0099%20123"));

  list = sk_messages_list_for_order (f->db, f->order_id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  shipped = g_ptr_array_index (list, 0);
  g_assert_cmpstr (shipped->kind, ==, SK_TEMPLATE_SHIPPED);
  g_assert_nonnull (strstr (shipped->body_text, "Tracking number: JJD0099 123"));
  g_assert_nonnull (strstr (shipped->body_text, desk->tracking_url));

  /* The store: completed, and the shipped note with its tracking link. */
  sync_ok (f);
  status = store_status (f, f->order_remote_id);
  g_assert_cmpstr (status, ==, "completed");
  g_free (status);
  status = store_status (f, other_remote);
  g_assert_cmpstr (status, ==, "completed");
  notes = store_customer_notes (f, f->order_remote_id);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), desk->tracking_url));

  /* Marked shipped again: nothing is sent twice, nothing fails. */
  memset (&r, 0, sizeof r);
  sk_messenger_mark_shipped_async (f->messenger, ids, 1, "DHL", numbers, NULL, shipped_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.n, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sk_messages_list_for_order (f->db, f->order_id, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
delay_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *r = user_data;

  r->ok = sk_messenger_report_delay_finish (SK_MESSENGER (object), result, &r->error);
  r->done = TRUE;
}

/* A date as the messenger writes it for the order (the customer's
 * locale), through a one-placeholder template. */
static char *
format_like_messenger (Fixture    *f,
                       const char *language,
                       gint64      at)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("test", language, "x", "{new_ship_date}");
  g_autoptr(SkRenderedMessage) rendered = NULL;
  g_autoptr(GError) error = NULL;
  SkMessageExtras extras = { .new_ship_date = at };

  rendered = sk_messenger_render (f->messenger, tmpl, f->order_id, &extras, &error);
  g_assert_no_error (error);
  g_strchomp (rendered->text);

  return g_strdup (rendered->text);
}

static void
test_report_delay (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) before = load_desk (f, f->order_id);
  g_autoptr(SkOrderDesk) after = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *old_date = NULL;
  g_autofree char *new_date_text = NULL;
  gint64 new_date = sk_time_now_utc () + 10 * 86400;
  SkMessage *delayed;
  Result r = { 0 };

  /* No reason: refused, nothing changes. */
  sk_messenger_report_delay_async (f->messenger, f->order_id, "  ", new_date, NULL, delay_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&r.error);

  memset (&r, 0, sizeof r);
  sk_messenger_report_delay_async (f->messenger, f->order_id, "The glaze needs another firing.", new_date,
                                   NULL, delay_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  after = load_desk (f, f->order_id);
  g_assert_cmpstr (after->delayed_reason, ==, "The glaze needs another firing.");
  g_assert_cmpint (after->promise_source, ==, SK_PROMISE_SOURCE_MANUAL);

  list = sk_messages_list_for_order (f->db, f->order_id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  delayed = g_ptr_array_index (list, 0);
  g_assert_cmpstr (delayed->kind, ==, SK_TEMPLATE_DELAYED);
  g_assert_nonnull (strstr (delayed->body_text, "The reason: The glaze needs another firing."));
  /* The old promise is the one broken; the new date is the one promised. */
  old_date = format_like_messenger (f, delayed->language, before->promised_ship_at);
  new_date_text = format_like_messenger (f, delayed->language, after->promised_ship_at);
  g_assert_cmpstr (old_date, !=, new_date_text);
  g_assert_nonnull (strstr (delayed->body_text, old_date));
  g_assert_nonnull (strstr (delayed->body_text, new_date_text));
}

static void
test_smtp_send_and_retry (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(SkMessage) message = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *port_text = NULL;
  guint port;
  gint64 id;
  Result r = { 0 };

  /* The server is down: the message is recorded as failed. */
  port = sk_test_smtp_dead_port ();
  port_text = g_strdup_printf ("%u", port);
  set_setting (f, SK_MESSAGES_CHANNEL, "smtp");
  set_setting (f, SK_MESSAGES_SMTP_HOST, "127.0.0.1");
  set_setting (f, SK_MESSAGES_SMTP_PORT, port_text);

  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_CONNECT);
  g_clear_error (&error);

  failed = sk_messages_list_failed (f->db, f->store_url, &error);
  g_assert_cmpuint (failed->len, ==, 1);
  id = ((SkMessage *) g_ptr_array_index (failed, 0))->id;
  g_assert_nonnull (strstr (((SkMessage *) g_ptr_array_index (failed, 0))->outcome_detail, "127.0.0.1"));
  {
    g_autoptr(SkOrderDesk) desk = load_desk (f, f->order_id);

    g_assert_cmpint (desk->confirmed_at, ==, 0);
  }

  /* The server is back: Retry sends the message as recorded. */
  start_smtp (f, port);
  sk_messenger_retry_async (f->messenger, id, NULL, send_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  g_assert_no_error (r.error);

  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_SENT);
  {
    g_autoptr(SkOrderDesk) desk = load_desk (f, f->order_id);

    g_assert_cmpint (desk->confirmed_at, >, 0);
  }

  received = sk_test_smtp_list_messages (f->smtp);
  g_assert_cmpuint (received->len, ==, 1);
  raw = g_strndup (g_bytes_get_data (g_ptr_array_index (received, 0), NULL),
                   g_bytes_get_size (g_ptr_array_index (received, 0)));
  /* From the shop's name (encoded), to the customer, both parts. */
  g_assert_nonnull (strstr (raw, "From: =?"));
  g_assert_nonnull (strstr (raw, "<shop@example.com>"));
  g_assert_nonnull (strstr (raw, message->customer_email));
  g_assert_nonnull (strstr (raw, "multipart/alternative"));
  g_assert_nonnull (strstr (raw, "text/plain; charset=utf-8"));
  g_assert_nonnull (strstr (raw, "text/html; charset=utf-8"));
  {
    g_autofree char *lower = g_ascii_strdown (raw, -1);

    g_assert_nonnull (strstr (lower, "\nmessage-id: <"));
    g_assert_true (g_str_has_prefix (lower, "date: ") || strstr (lower, "\ndate: ") != NULL);
  }

  /* Sent now: a plain send is a dedupe hit, not a third attempt. */
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
retry (Fixture  *f,
       gint64    id,
       GError  **error)
{
  Result r = { 0 };

  sk_messenger_retry_async (f->messenger, id, NULL, send_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
}

static void
set_order_email (Fixture    *f,
                 const char *email)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE orders SET billing_email = '%s' WHERE id = %lld",
                                          email, (long long) f->order_id);

  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (f->db), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A wrong password: failed, on the timeline with the server's reason (and
 * never the password); with the right one, Retry delivers it once. */
static void
test_smtp_wrong_password (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *mail_dir = g_build_filename (f->dir, "received", NULL);
  g_autofree char *port_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(SkMessage) message = NULL;
  gint64 id;

  g_mkdir_with_parents (mail_dir, 0700);
  f->smtp = sk_test_smtp_start_with_login (mail_dir, "shopuser", "right horse battery");
  port_text = g_strdup_printf ("%u", sk_test_smtp_get_port (f->smtp));
  set_setting (f, SK_MESSAGES_CHANNEL, "smtp");
  set_setting (f, SK_MESSAGES_SMTP_HOST, "127.0.0.1");
  set_setting (f, SK_MESSAGES_SMTP_PORT, port_text);
  set_setting (f, SK_MESSAGES_SMTP_USER, "shopuser");
  g_setenv ("SHOPKEEPER_SMTP_PASSWORD", "wrong-Pa55word", TRUE);

  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_AUTH);
  g_clear_error (&error);

  list = sk_messages_list_for_order (f->db, f->order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  id = ((SkMessage *) g_ptr_array_index (list, 0))->id;
  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_FAILED);
  g_assert_nonnull (strstr (message->outcome_detail, "127.0.0.1"));
  g_assert_null (strstr (message->outcome_detail, "wrong-Pa55word"));
  received = sk_test_smtp_list_messages (f->smtp);
  g_assert_cmpuint (received->len, ==, 0);
  g_clear_pointer (&received, g_ptr_array_unref);

  /* Retried with the same wrong password: failed again, still one message. */
  retry (f, id, &error);
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_AUTH);
  g_clear_error (&error);

  g_setenv ("SHOPKEEPER_SMTP_PASSWORD", "right horse battery", TRUE);
  retry (f, id, &error);
  g_unsetenv ("SHOPKEEPER_SMTP_PASSWORD");
  g_assert_no_error (error);
  g_clear_pointer (&message, sk_message_free);
  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_SENT);
  received = sk_test_smtp_list_messages (f->smtp);
  g_assert_cmpuint (received->len, ==, 1);

  /* Sent: neither Retry nor a plain send goes out a second time. */
  retry (f, id, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sk_messages_list_for_order (f->db, f->order_id, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&received, g_ptr_array_unref);
  received = sk_test_smtp_list_messages (f->smtp);
  g_assert_cmpuint (received->len, ==, 1);
}

/* The server refuses the message (554 after DATA) or closes the
 * connection in the middle of it: failed, with the reason, retryable. */
static void
test_smtp_refused_and_dropped (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(SkMessage) message = NULL;

  start_smtp (f, 0);

  set_order_email (f, "reject@example.org");
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_REFUSED);
  g_clear_error (&error);
  failed = sk_messages_list_failed (f->db, f->store_url, &error);
  g_assert_cmpuint (failed->len, ==, 1);
  message = load (f, ((SkMessage *) g_ptr_array_index (failed, 0))->id);
  g_test_message ("refused: %s", message->outcome_detail);
  g_assert_nonnull (strstr (message->outcome_detail, "554"));
  g_clear_pointer (&failed, g_ptr_array_unref);

  /* The order is not confirmed by a message that never went. */
  {
    g_autoptr(SkOrderDesk) desk = load_desk (f, f->order_id);

    g_assert_cmpint (desk->confirmed_at, ==, 0);
  }

  set_order_email (f, "drop@example.org");
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_COMPLAINT_THANK_YOU, FALSE, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SK_MAIL_ERROR);
  g_clear_error (&error);
  failed = sk_messages_list_failed (f->db, f->store_url, &error);
  g_assert_cmpuint (failed->len, ==, 2);

  received = sk_test_smtp_list_messages (f->smtp);
  g_assert_cmpuint (received->len, ==, 0);

  /* A plain send of a failed message delivers it again (its recorded
   * recipient); nothing new is filed. */
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_REFUSED);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM messages"), ==, 2);
}

/* Bytes that are not UTF-8 and a huge value in the order's data: the
 * message still goes, as valid UTF-8, in full. */
static void
test_smtp_odd_values (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(SkMessage) message = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *raw = NULL;
  gint64 id;

  start_smtp (f, 0);
  /* "Zoë" in Latin-1, and a last name of 200,000 characters. */
  sql = g_strdup_printf ("UPDATE orders SET billing_first_name = CAST (X'5A6FEB' AS TEXT),"
                         " billing_last_name = 'M' || replace (printf ('%%.200000c', 'x'), ' ', 'x')"
                         " WHERE id = %lld", (long long) f->order_id);
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (f->db), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  id = send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error);
  g_assert_no_error (error);
  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_SENT);
  g_assert_true (g_utf8_validate (message->body_text, -1, NULL));
  g_assert_true (g_utf8_validate (message->customer_name, -1, NULL));
  /* The store reads such a text as U+FFFD, the template repairs it byte
   * by byte: either way the name is there, marked as lost. */
  g_assert_true (g_str_has_prefix (message->body_text, "Hello "));
  g_assert_nonnull (strstr (message->body_text, "\xef\xbf\xbd,"));
  /* The name heads the mail and the log, cut to a line's length. */
  g_assert_nonnull (strstr (message->customer_name, "\xef\xbf\xbd Mxxx"));
  g_assert_cmpuint (g_utf8_strlen (message->customer_name, -1), ==, 200);

  received = sk_test_smtp_list_messages (f->smtp);
  g_assert_cmpuint (received->len, ==, 1);
  raw = g_strndup (g_bytes_get_data (g_ptr_array_index (received, 0), NULL),
                   g_bytes_get_size (g_ptr_array_index (received, 0)));
  g_assert_nonnull (strstr (raw, message->customer_email));
}

/* Through the store, which answers 500: the note waits in the outbox
 * (the message "queued", not lost), goes with a later sync, and the store
 * holds it once. */
static void
test_store_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) message = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *path = g_strdup_printf ("orders/%lld/notes", (long long) f->order_remote_id);
  gint64 id;

  id = send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error);
  g_assert_no_error (error);
  message = load (f, id);
  g_assert_cmpint (message->outbox_id, >, 0);

  sk_demo_server_add_fault (f->server, SK_DEMO_FAULT_HTTP_500, path, 0, 1);
  sync_ok (f);
  g_clear_pointer (&message, sk_message_free);
  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_QUEUED);
  {
    g_autofree char *state_sql = g_strdup_printf ("SELECT count (*) FROM outbox WHERE id = %lld AND state = 'failed-retryable'",
                                                  (long long) message->outbox_id);

    g_assert_cmpint (query_int (f, state_sql), ==, 1);
  }
  notes = store_customer_notes (f, f->order_remote_id);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* The confirmation is not sent a second time meanwhile. */
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_CONFIRMATION, FALSE, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (sk_context_retry_change (f->context, message->outbox_id, &error));
  g_assert_no_error (error);
  sync_ok (f);
  g_clear_pointer (&message, sk_message_free);
  message = load (f, id);
  g_assert_cmpint (message->outcome, ==, SK_MESSAGE_SENT);
  notes = store_customer_notes (f, f->order_remote_id);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpuint (sk_demo_server_get_n_posts (f->server, "notes", f->order_remote_id), ==, 1);
}

static void
follow_ups_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Result *r = user_data;

  r->ok = sk_messenger_send_follow_ups_finish (SK_MESSENGER (object), result, &r->n, &r->n_no_address, &r->error);
  r->done = TRUE;
}

static void
test_follow_ups (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = NULL;
  g_autoptr(GArray) after = NULL;
  guint n_with_email = 0;
  Result r = { 0 };

  /* One customer left no usable address. */
  {
    g_autoptr(GArray) before = sk_messenger_list_follow_ups_due (f->messenger, &error);
    g_autofree char *sql = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (before->len, >, 1);
    sql = g_strdup_printf ("UPDATE orders SET billing_email = 'nobody at example' WHERE id = %lld",
                           (long long) g_array_index (before, gint64, 0));
    g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (f->db), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  due = sk_messenger_list_follow_ups_due (f->messenger, &error);
  g_assert_no_error (error);
  g_test_message ("%u follow-ups due", due->len);
  g_assert_cmpuint (due->len, >, 0);

  for (guint i = 0; i < due->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE id = %lld AND billing_email LIKE '%%@%%.%%'",
                                              (long long) g_array_index (due, gint64, i));

      n_with_email += query_int (f, sql) > 0;
    }

  sk_messenger_send_follow_ups_async (f->messenger, NULL, follow_ups_done_cb, &r);
  sk_test_wait_until (&r.done, 120);
  g_assert_cmpuint (r.n, ==, n_with_email);
  /* Orders without an address are skipped and counted, not failures. */
  g_assert_cmpuint (r.n_no_address, >=, 1);
  g_assert_cmpuint (r.n_no_address, ==, due->len - n_with_email);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  g_assert_cmpint (query_int (f, "SELECT count (*) FROM messages WHERE kind = 'delivered-follow-up'"), ==, n_with_email);

  after = sk_messenger_list_follow_ups_due (f->messenger, &error);
  g_assert_cmpuint (after->len, ==, due->len - n_with_email);

  sync_ok (f);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM messages m JOIN message_events e"
                                 " ON e.id = (SELECT max (id) FROM message_events WHERE message_id = m.id)"
                                 " WHERE m.kind = 'delivered-follow-up' AND e.outcome = 'sent'"), ==, n_with_email);
}

static void
test_inbound_and_reply (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) waiting = NULL;
  g_autoptr(SkOrderDesk) answered = NULL;
  SkResponseTimes times;
  gint64 asked = sk_time_now_utc () - 3600;
  gint64 id;

  g_assert_cmpint (sk_messenger_log_inbound (f->messenger, f->order_id, "pigeon", "Hi", 0, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (sk_messenger_log_inbound (f->messenger, f->order_id, SK_MESSAGE_CHANNEL_PHONE, " ", 0, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  id = sk_messenger_log_inbound (f->messenger, f->order_id, SK_MESSAGE_CHANNEL_PHONE,
                                 "Can the parcel go to my neighbour?", asked, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  waiting = load_desk (f, f->order_id);
  g_assert_cmpint (waiting->awaiting_reply_since, ==, asked);
  g_assert_true (sk_order_desk_get_attention (f->db, f->order_id, sk_time_now_utc ()) & SK_ATTENTION_AWAITING_REPLY);

  send (f, f->order_id, SK_TEMPLATE_COMPLAINT_THANK_YOU, FALSE, &error);
  g_assert_no_error (error);
  answered = load_desk (f, f->order_id);
  g_assert_cmpint (answered->awaiting_reply_since, ==, 0);

  g_assert_true (sk_messages_get_response_times (f->db, f->store_url, 0, G_MAXINT64, &times, &error));
  g_assert_cmpuint (times.n_inbound, ==, 1);
  g_assert_cmpuint (times.n_answered, ==, 1);
  g_assert_cmpuint (times.n_within_24h, ==, 1);
  g_assert_cmpint (times.median_s, >=, 3600);
  g_assert_cmpint (times.median_s, <, 3600 + 60);
}

static void
test_templates_and_language (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkTemplate) broken = sk_template_new (SK_TEMPLATE_FOLLOW_UP, "en", "Hi {frist_name}", "Hello {first_name}");
  g_autoptr(SkTemplate) german = sk_template_new (SK_TEMPLATE_CONFIRMATION, "de", "Ihre Bestellung {order_number}",
                                                  "Hallo {first_name},\n\nvielen Dank für Ihre Bestellung {order_number} "
                                                  "über {order_total}.");
  g_autoptr(SkMessage) message = NULL;
  g_autoptr(SkRenderedMessage) preview = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *language = NULL;
  gint64 german_order;
  gint64 id;

  /* A template with an unknown placeholder is never sent. */
  g_assert_true (sk_messages_save_template (f->db, broken, NULL, &error));
  g_assert_cmpint (send (f, f->order_id, SK_TEMPLATE_FOLLOW_UP, FALSE, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "{frist_name}"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM messages"), ==, 0);

  /* A customer in Germany gets the shop's German template, money and
   * dates formatted for German. */
  german_order = query_int (f, "SELECT id FROM orders WHERE billing_country = 'DE' AND billing_email LIKE '%@%.%'"
                               " ORDER BY remote_id LIMIT 1");
  if (german_order == 0)
    {
      sql = g_strdup_printf ("UPDATE orders SET billing_country = 'DE' WHERE id = %lld", (long long) f->order_id);
      g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (f->db), sql, NULL, NULL, NULL), ==, SQLITE_OK);
      german_order = f->order_id;
    }

  language = sk_messenger_get_order_language (f->messenger, german_order, &error);
  g_assert_cmpstr (language, ==, "en");
  g_assert_true (sk_messages_save_template (f->db, german, NULL, &error));
  g_free (language);
  language = sk_messenger_get_order_language (f->messenger, german_order, &error);
  g_assert_cmpstr (language, ==, "de");

  id = send (f, german_order, SK_TEMPLATE_CONFIRMATION, FALSE, &error);
  g_assert_no_error (error);
  message = load (f, id);
  g_assert_cmpstr (message->language, ==, "de");
  g_assert_true (g_str_has_prefix (message->subject, "Ihre Bestellung "));
  g_test_message ("%s", message->body_text);
  /* de_DE formats money with a decimal comma. */
  g_assert_nonnull (strstr (message->body_text, ","));

  /* A preview works without an order and with a real one. */
  preview = sk_messenger_render (f->messenger, german, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (preview->subject, "Ihre Bestellung "));
}

static void
set_country (Fixture    *f,
             gint64      order_id,
             const char *country)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE orders SET billing_country = '%s', shipping_country = '%s'"
                                          " WHERE id = %lld", country, country, (long long) order_id);

  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (f->db), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static char *
sent_language (Fixture    *f,
               const char *kind,
               gboolean    again)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) message = NULL;
  gint64 id = send (f, f->order_id, kind, again, &error);

  g_assert_no_error (error);
  message = load (f, id);

  return g_strdup (message->language);
}

/* Per language, chosen by the customer's country where the shop has a
 * template in its language, else the shop's language, else English. */
static void
test_language_fallback (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkTemplate) german = sk_template_new (SK_TEMPLATE_CONFIRMATION, "de", "Bestellung {order_number}",
                                                  "Hallo {first_name}, danke!");
  g_autoptr(SkTemplate) french = sk_template_new (SK_TEMPLATE_CONFIRMATION, "fr", "Commande {order_number}",
                                                  "Bonjour {first_name}, merci !");
  g_autofree char *language = NULL;

  set_setting (f, SK_MESSAGES_LANGUAGE, "de");
  g_assert_true (sk_messages_save_template (f->db, german, NULL, &error));
  g_assert_no_error (error);

  /* A customer in France, no French template: the shop's German one. */
  set_country (f, f->order_id, "FR");
  language = sk_messenger_get_order_language (f->messenger, f->order_id, &error);
  g_assert_cmpstr (language, ==, "de");
  g_free (language);
  language = sent_language (f, SK_TEMPLATE_CONFIRMATION, FALSE);
  g_assert_cmpstr (language, ==, "de");
  g_free (language);

  /* With a French template, French. */
  g_assert_true (sk_messages_save_template (f->db, french, NULL, &error));
  language = sent_language (f, SK_TEMPLATE_CONFIRMATION, TRUE);
  g_assert_cmpstr (language, ==, "fr");
  g_free (language);

  /* Switzerland has several languages: the shop's. */
  set_country (f, f->order_id, "CH");
  language = sent_language (f, SK_TEMPLATE_CONFIRMATION, TRUE);
  g_assert_cmpstr (language, ==, "de");
  g_free (language);

  /* No template for the kind in French nor German (and no built-in one in
   * either, as the desk runs in English): the built-in English one. */
  set_country (f, f->order_id, "FR");
  language = sent_language (f, SK_TEMPLATE_COMPLAINT_THANK_YOU, FALSE);
  g_assert_cmpstr (language, ==, "en");
  g_free (language);

  /* A template removed again: back to the shop's language. */
  g_assert_true (sk_messages_reset_template (f->db, SK_TEMPLATE_CONFIRMATION, "fr", NULL, &error));
  language = sk_messenger_get_order_language (f->messenger, f->order_id, &error);
  g_assert_cmpstr (language, ==, "de");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/messenger/store-confirmation", test_store_confirmation);
  ADD ("/messenger/mark-shipped", test_mark_shipped);
  ADD ("/messenger/report-delay", test_report_delay);
  ADD ("/messenger/smtp-send-and-retry", test_smtp_send_and_retry);
  ADD ("/messenger/smtp-wrong-password", test_smtp_wrong_password);
  ADD ("/messenger/smtp-refused-and-dropped", test_smtp_refused_and_dropped);
  ADD ("/messenger/smtp-odd-values", test_smtp_odd_values);
  ADD ("/messenger/store-error", test_store_error);
  ADD ("/messenger/follow-ups", test_follow_ups);
  ADD ("/messenger/inbound-and-reply", test_inbound_and_reply);
  ADD ("/messenger/templates-and-language", test_templates_and_language);
  ADD ("/messenger/language-fallback", test_language_fallback);
#undef ADD

  return g_test_run ();
}
