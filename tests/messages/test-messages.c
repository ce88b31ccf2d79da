/* test-messages.c — the message log: record, dedupe, lists, append-only,
 * the outbox's answer, response times, stored templates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <sqlite3.h>

#include "sk-messages.h"
#include "sk-outbox.h"
#include "sk-shop-settings.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define STORE_URL "https://shop.example"

typedef struct
{
  char       *dir;
  char       *path;
  SkDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSyncSink) sink = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  static const char * const items[] = { "Teapot", NULL };

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  sink = sk_database_create_sink (fixture->db, STORE_URL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (orders, store_test_order_new (501, "501", "processing", 1772373909, "Zoë", "Ångström",
                                                 "zoe@example.org", 2490, items));
  g_ptr_array_add (orders, store_test_order_new (502, "502", "completed", 1772373999, "Ann", "Bee",
                                                 "ann@example.org", 1000, items));
  store_test_write_page (sink, SK_RESOURCE_ORDERS, orders, 1772373999);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->db);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
local_order_id (Fixture *fixture,
                gint64   remote_id)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM orders WHERE remote_id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, remote_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

static SkMessage
outbound (gint64      order_remote_id,
          const char *email,
          const char *dedupe_key,
          gint64      at)
{
  SkMessage message = { 0 };

  message.order_remote_id = order_remote_id;
  message.order_number = (char *) "501";
  message.customer_email = (char *) email;
  message.customer_name = (char *) "Zoë Ångström";
  message.direction = SK_MESSAGE_OUTBOUND;
  message.channel = (char *) SK_MESSAGE_CHANNEL_SMTP;
  message.kind = (char *) "confirmation";
  message.language = (char *) "en";
  message.subject = (char *) "Your order 501";
  message.body_text = (char *) "Hello Zoë";
  message.body_html = (char *) "<p>Hello Zoë</p>";
  message.dedupe_key = (char *) dedupe_key;
  message.created_at = at;
  message.actor = (char *) "Mia";

  return message;
}

static SkMessage
inbound (gint64      order_remote_id,
         const char *email,
         gint64      at)
{
  SkMessage message = { 0 };

  message.order_remote_id = order_remote_id;
  message.customer_email = (char *) email;
  message.direction = SK_MESSAGE_INBOUND;
  message.channel = (char *) SK_MESSAGE_CHANNEL_PHONE;
  message.body_text = (char *) "Where is my parcel?";
  message.created_at = at;

  return message;
}

static void
test_record_and_list (Fixture       *fixture,
                      gconstpointer  data)
{
  SkMessage message = outbound (501, "Zoe@Example.org", "confirmation:501", 1772400000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) for_order = NULL;
  g_autoptr(GPtrArray) for_customer = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(SkMessage) loaded = NULL;
  gint64 id;
  gint64 other;

  id = sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  loaded = sk_messages_load (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->order_remote_id, ==, 501);
  g_assert_cmpint (loaded->order_id, ==, local_order_id (fixture, 501));
  g_assert_cmpstr (loaded->customer_name, ==, "Zoë Ångström");
  g_assert_cmpstr (loaded->channel, ==, "smtp");
  g_assert_cmpstr (loaded->dedupe_key, ==, "confirmation:501");
  g_assert_cmpstr (loaded->actor, ==, "Mia");
  g_assert_cmpint (loaded->created_at, ==, 1772400000);
  g_assert_cmpint (loaded->outcome, ==, SK_MESSAGE_QUEUED);

  /* Failed, then sent: the latest event is the state. */
  g_assert_true (sk_messages_add_event (fixture->db, id, SK_MESSAGE_FAILED, "550 no such user", 0, &error));
  g_assert_no_error (error);
  failed = sk_messages_list_failed (fixture->db, STORE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpstr (((SkMessage *) g_ptr_array_index (failed, 0))->outcome_detail, ==, "550 no such user");

  g_assert_true (sk_messages_add_event (fixture->db, id, SK_MESSAGE_SENT, "250 OK", 0, &error));
  g_clear_pointer (&failed, g_ptr_array_unref);
  failed = sk_messages_list_failed (fixture->db, STORE_URL, &error);
  g_assert_cmpuint (failed->len, ==, 0);

  /* Another one, not about an order, for the same person. */
  message = outbound (0, "zoe@example.org", NULL, 1772500000);
  other = sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_SENT, NULL, &error);
  g_assert_no_error (error);

  for_order = sk_messages_list_for_order (fixture->db, local_order_id (fixture, 501), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_order->len, ==, 1);
  g_assert_cmpint (((SkMessage *) g_ptr_array_index (for_order, 0))->outcome, ==, SK_MESSAGE_SENT);

  for_customer = sk_messages_list_for_customer (fixture->db, " ZOE@example.ORG ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (for_customer->len, ==, 2);
  g_assert_cmpint (((SkMessage *) g_ptr_array_index (for_customer, 0))->id, ==, other);
  g_assert_cmpint (((SkMessage *) g_ptr_array_index (for_customer, 1))->id, ==, id);
  g_assert_null (((SkMessage *) g_ptr_array_index (for_customer, 0))->dedupe_key);
}

static void
test_dedupe (Fixture       *fixture,
             gconstpointer  data)
{
  SkMessage message = outbound (501, "zoe@example.org", "confirmation:501", 0);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (sk_messages_find_dedupe_key (fixture->db, STORE_URL, "confirmation:501", &error), ==, 0);
  id = sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sk_messages_find_dedupe_key (fixture->db, STORE_URL, "confirmation:501", &error), ==, id);

  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* The same key in another store is another message. */
  g_assert_cmpint (sk_messages_record (fixture->db, "https://other.example", &message, SK_MESSAGE_QUEUED, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  SkMessage message = outbound (501, "zoe@example.org", NULL, 0);
  g_autofree char *huge = g_strnfill (SK_MESSAGE_MAX_BODY + 1, 'x');
  g_autoptr(GError) error = NULL;

  message.channel = (char *) "pigeon";
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  message = outbound (501, "zoe@example.org", NULL, 0);
  message.body_text = huge;
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  message = outbound (501, "zoe@example.org", NULL, 0);
  message.subject = (char *) "bad \xff utf-8";
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
}

static void
test_append_only (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const statements[] = {
    "UPDATE messages SET body_text = 'changed'",
    "DELETE FROM messages",
    "UPDATE message_events SET outcome = 'sent'",
    "DELETE FROM message_events",
  };
  SkMessage message = outbound (501, "zoe@example.org", "confirmation:501", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) loaded = NULL;
  sqlite3 *db;
  gint64 id;

  id = sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_FAILED, "refused", &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      char *message_text = NULL;

      g_assert_cmpint (sqlite3_exec (db, statements[i], NULL, NULL, &message_text), ==, SQLITE_CONSTRAINT);
      g_assert_nonnull (strstr (message_text, "append-only"));
      sqlite3_free (message_text);
    }
  sqlite3_close (db);

  loaded = sk_messages_load (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->body_text, ==, "Hello Zoë");
  g_assert_cmpint (loaded->outcome, ==, SK_MESSAGE_FAILED);
}

static void
test_reconcile_outbox (Fixture       *fixture,
                       gconstpointer  data)
{
  SkMessage message = outbound (501, "zoe@example.org", "shipped:501", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) loaded = NULL;
  sqlite3 *db;
  gint64 id;
  gint64 outbox_id;
  char *sql;

  message.channel = (char *) SK_MESSAGE_CHANNEL_STORE;
  id = sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error);
  g_assert_no_error (error);
  outbox_id = sk_outbox_queue_order_note (fixture->db, STORE_URL, 501, message.body_text, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (sk_messages_add_event (fixture->db, id, SK_MESSAGE_QUEUED, NULL, outbox_id, &error));

  /* Still waiting in the outbox: nothing changes. */
  g_assert_cmpint (sk_messages_reconcile_outbox (fixture->db, STORE_URL, &error), ==, 0);
  g_assert_no_error (error);

  /* The store refused it for good: failed, with the store's reason. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("UPDATE outbox SET state = 'failed-permanent', last_error = 'Invalid order' WHERE id = %lld",
                         (long long) outbox_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);

  g_assert_cmpint (sk_messages_reconcile_outbox (fixture->db, STORE_URL, &error), ==, 1);
  loaded = sk_messages_load (fixture->db, id, &error);
  g_assert_cmpint (loaded->outcome, ==, SK_MESSAGE_FAILED);
  g_assert_cmpstr (loaded->outcome_detail, ==, "Invalid order");
  g_clear_pointer (&loaded, sk_message_free);

  /* Retried through the outbox and done: sent. */
  g_assert_true (sk_messages_add_event (fixture->db, id, SK_MESSAGE_QUEUED, NULL, outbox_id, &error));
  sql = sqlite3_mprintf ("UPDATE outbox SET state = 'done' WHERE id = %lld", (long long) outbox_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);

  g_assert_cmpint (sk_messages_reconcile_outbox (fixture->db, STORE_URL, &error), ==, 1);
  loaded = sk_messages_load (fixture->db, id, &error);
  g_assert_cmpint (loaded->outcome, ==, SK_MESSAGE_SENT);
  g_assert_cmpint (sk_messages_reconcile_outbox (fixture->db, STORE_URL, &error), ==, 0);
}

static void
test_response_times (Fixture       *fixture,
                     gconstpointer  data)
{
  const gint64 t0 = 1772400000;
  g_autoptr(GError) error = NULL;
  SkResponseTimes times;
  SkMessage message;
  gint64 id;

  /* Order 501: asked at t0, answered 2 h later; asked again at t0 + 3 d,
   * answered after 30 h. Order 502: asked at t0 + 1 d, an answer that
   * failed after 1 h (does not count), then one after 50 h. An e-mail
   * without an order, never answered. */
  message = inbound (501, "zoe@example.org", t0);
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_RECEIVED, NULL, &error), >, 0);
  message = outbound (501, "zoe@example.org", NULL, t0 + 2 * 3600);
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_SENT, NULL, &error), >, 0);
  message = inbound (501, "zoe@example.org", t0 + 3 * 86400);
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_RECEIVED, NULL, &error), >, 0);
  message = outbound (501, "zoe@example.org", NULL, t0 + 3 * 86400 + 30 * 3600);
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_SENT, NULL, &error), >, 0);

  message = inbound (502, "ann@example.org", t0 + 86400);
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_RECEIVED, NULL, &error), >, 0);
  message = outbound (502, "ann@example.org", NULL, t0 + 86400 + 3600);
  id = sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_QUEUED, NULL, &error);
  g_assert_true (sk_messages_add_event (fixture->db, id, SK_MESSAGE_FAILED, "refused", 0, &error));
  message = outbound (502, "ann@example.org", NULL, t0 + 86400 + 50 * 3600);
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_SENT, NULL, &error), >, 0);

  message = inbound (0, "someone@example.net", t0 + 2 * 86400);
  message.channel = (char *) SK_MESSAGE_CHANNEL_EMAIL;
  g_assert_cmpint (sk_messages_record (fixture->db, STORE_URL, &message, SK_MESSAGE_RECEIVED, NULL, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (sk_messages_get_response_times (fixture->db, STORE_URL, t0, t0 + 30 * 86400, &times, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (times.n_inbound, ==, 4);
  g_assert_cmpuint (times.n_answered, ==, 3);
  g_assert_cmpuint (times.n_within_24h, ==, 1);
  g_assert_cmpuint (times.n_within_48h, ==, 2);
  g_assert_cmpint (times.median_s, ==, 30 * 3600);

  /* Only the period's inbound messages count. */
  g_assert_true (sk_messages_get_response_times (fixture->db, STORE_URL, t0 + 86400, t0 + 2 * 86400, &times, &error));
  g_assert_cmpuint (times.n_inbound, ==, 1);
  g_assert_cmpint (times.median_s, ==, 50 * 3600);
}

static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("confirmation", "de", "Ihre Bestellung {order_number}",
                                                "Hallo {first_name},\n\ndanke!");
  g_autoptr(SkTemplate) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) languages = NULL;

  g_assert_null (sk_messages_load_template (fixture->db, "confirmation", "de", &error));
  g_assert_no_error (error);

  g_assert_true (sk_messages_save_template (fixture->db, tmpl, "Mia", &error));
  g_assert_no_error (error);
  loaded = sk_messages_load_template (fixture->db, "confirmation", "de", &error);
  g_assert_cmpstr (loaded->subject, ==, "Ihre Bestellung {order_number}");
  g_assert_cmpstr (loaded->body, ==, "Hallo {first_name},\n\ndanke!");
  languages = sk_messages_list_template_languages (fixture->db, &error);
  g_assert_cmpuint (g_strv_length (languages), ==, 1);
  g_assert_cmpstr (languages[0], ==, "de");

  /* A subject of two lines, or no text, is refused. */
  g_free (tmpl->subject);
  tmpl->subject = g_strdup ("Line\nBcc: x");
  g_assert_false (sk_messages_save_template (fixture->db, tmpl, NULL, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (tmpl->subject);
  tmpl->subject = g_strdup ("Ok");
  g_free (tmpl->body);
  tmpl->body = g_strdup ("  \n ");
  g_assert_false (sk_messages_save_template (fixture->db, tmpl, NULL, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sk_messages_reset_template (fixture->db, "confirmation", "de", "Mia", &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, sk_template_free);
  loaded = sk_messages_load_template (fixture->db, "confirmation", "de", &error);
  g_assert_null (loaded);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/messages/record-and-list", test_record_and_list);
  ADD ("/messages/dedupe", test_dedupe);
  ADD ("/messages/invalid", test_invalid);
  ADD ("/messages/append-only", test_append_only);
  ADD ("/messages/reconcile-outbox", test_reconcile_outbox);
  ADD ("/messages/response-times", test_response_times);
  ADD ("/messages/templates", test_templates);
#undef ADD

  return g_test_run ();
}
