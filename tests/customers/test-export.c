/* test-export.c — CSV quoting and exports, one customer's data as JSON,
 * and erasing a customer without a trace in the database file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sqlite3.h>

#include <json-glib/json-glib.h>

#include "sk-customer-care.h"
#include "sk-customers.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-export.h"
#include "sk-insights.h"
#include "sk-messages.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define D   ((gint64) 86400)
/* 2026-01-01 12:00:00 UTC */
#define NOW ((gint64) 1767268800)

typedef struct
{
  char       *dir;
  char       *path;
  SkDatabase *writer;
  SkSyncSink *sink;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const products[] = { "Earl Grey", "Cup, white", NULL };
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_customer_record_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_note_record_free);
  g_autoptr(GError) error = NULL;
  SkOrderNoteRecord *note;
  SkCustomerRecord *customer;
  SkOrderRecord *order;

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sk_database_set_actor (fixture->writer, "Owner");
  fixture->sink = sk_database_create_sink (fixture->writer, "https://shop.example", &error);
  g_assert_no_error (error);

  /* Zelda, who is to be erased: registered, with a phone, an address,
   * a note from checkout and a message the shop sent her. */
  customer = store_test_customer_new (77, "Zelda", "Quixotewright", "zelda.quixotewright@example.com");
  g_free (customer->billing.phone);
  customer->billing.phone = g_strdup ("+49 30 98765432");
  g_free (customer->billing.address_1);
  customer->billing.address_1 = g_strdup ("Xylophonweg 17");
  g_ptr_array_add (customers, customer);
  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, customers, 0);

  order = store_test_order_new (201, "201", "completed", NOW - 30 * D, "Zelda", "Quixotewright",
                                "zelda.quixotewright@example.com", 4990, products);
  order->customer_remote_id = 77;
  g_free (order->billing.phone);
  order->billing.phone = g_strdup ("+49 30 98765432");
  g_free (order->billing.address_1);
  order->billing.address_1 = g_strdup ("Xylophonweg 17");
  g_free (order->customer_note);
  order->customer_note = g_strdup ("Ring twice, Quixotewright");
  g_ptr_array_add (orders, order);
  order = store_test_order_new (202, "202", "processing", NOW - 2 * D, "Zelda", "Quixotewright",
                                "Zelda.Quixotewright@example.com", 1250, products);
  order->customer_remote_id = 77;
  g_ptr_array_add (orders, order);
  /* Someone else, with awkward text for a spreadsheet. */
  order = store_test_order_new (203, "203", "completed", NOW - 1 * D, "=HYPERLINK(\"x\")", "O\"Brien, \"Jr\"",
                                "o.brien@example.net", -350, products);
  g_free (order->billing.company);
  order->billing.company = g_strdup ("Line one\nLine two");
  g_ptr_array_add (orders, order);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  note = store_test_note_new (9001, NOW - 29 * D, "Dear Zelda Quixotewright, your tea is on its way.");
  note->customer_note = TRUE;
  g_ptr_array_add (notes, note);
  g_ptr_array_add (notes, store_test_note_new (9002, NOW - 29 * D, "Order status changed from Processing to Completed."));
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 201, notes, &error));
  g_assert_no_error (error);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
}

static void
record_message (Fixture    *fixture,
                const char *email,
                const char *body)
{
  g_autoptr(GError) error = NULL;
  SkMessage message = { 0 };

  message.order_number = (char *) "201";
  message.order_remote_id = 201;
  message.customer_email = (char *) email;
  message.customer_name = (char *) (g_str_has_prefix (body, "Dear Mr") ? "Pat O'Brien" : "Zelda Quixotewright");
  message.direction = SK_MESSAGE_OUTBOUND;
  message.channel = (char *) SK_MESSAGE_CHANNEL_SMTP;
  message.kind = (char *) "confirmation";
  message.language = (char *) "en";
  message.subject = (char *) "Your order";
  message.body_text = (char *) body;
  message.created_at = NOW - 20 * D;
  message.actor = (char *) "Owner";

  g_assert_cmpint (sk_messages_record (fixture->writer, "https://shop.example", &message,
                                       SK_MESSAGE_SENT, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->sink);
  if (fixture->writer != NULL)
    g_assert_finalize_object (fixture->writer);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gint64
profile_id_for (SkDatabase *database,
                const char *email_key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM customer_profiles WHERE email_key = '%s'", email_key);
  sqlite3_stmt *stmt = NULL;
  gint64 id = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return id;
}

static void
test_csv_field (void)
{
  static const struct
  {
    const char *text;
    gboolean    is_text;
    const char *csv;
  } cases[] = {
    { "plain", TRUE, "plain" },
    { "", TRUE, "" },
    { "a,b", TRUE, "\"a,b\"" },
    { "say \"hi\"", TRUE, "\"say \"\"hi\"\"\"" },
    { "two\nlines", TRUE, "\"two\nlines\"" },
    { "cr\r\nlf", TRUE, "\"cr\r\nlf\"" },
    { "=SUM(A1:A3)", TRUE, "'=SUM(A1:A3)" },
    { "+49 30 1234-56", TRUE, "+49 30 1234-56" },
    { "+1+2", TRUE, "'+1+2" },
    { "+A1", TRUE, "'+A1" },
    { "+", TRUE, "'+" },
    { "-2+3", TRUE, "'-2+3" },
    { "@cmd", TRUE, "'@cmd" },
    { "\tx", TRUE, "'\tx" },
    { "=1,2", TRUE, "\"'=1,2\"" },
    { "Zoë “Ø”", TRUE, "Zoë “Ø”" },
    /* Our own numbers are left alone: a refund is negative. */
    { "-3.50", FALSE, "-3.50" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      sk_export_append_csv_field (line, cases[i].text, cases[i].is_text);
      g_assert_cmpstr (line->str, ==, cases[i].csv);
    }

  /* Fields are separated by commas; a new line starts without one. */
  {
    g_autoptr(GString) line = g_string_new (NULL);

    sk_export_append_csv_field (line, "a", TRUE);
    sk_export_append_csv_field (line, "", TRUE);
    sk_export_append_csv_field (line, "b", TRUE);
    g_string_append (line, "\r\n");
    sk_export_append_csv_field (line, "c", TRUE);
    g_assert_cmpstr (line->str, ==, "a,,b\r\nc");
  }
}

static char *
export_orders (Fixture    *fixture,
               const char *search)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  gsize size;

  sk_order_filter_set_search (filter, search);
  g_assert_true (sk_export_orders_csv (fixture->writer, filter, output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (output, NULL, &error));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output));

  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)), size);
}

static void
test_orders_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = export_orders (fixture, NULL);
  g_autofree char *filtered = export_orders (fixture, "brien");
  g_auto(GStrv) lines = NULL;

  g_test_message ("%s", csv);

  /* UTF-8 byte order mark, header, CRLF. */
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBFNumber,Date,Status,First name,Last name,Company,"
                                        "E-mail,Phone,City,Country,Items,Discount,Shipping,Tax,Total,"
                                        "Refunded,Currency,Payment method\r\n"));
  /* Newest first; dates in local time (TZ=UTC in tests); money exact. */
  g_assert_nonnull (strstr (csv, "\r\n203,2025-12-31 12:00:00,completed,\"'=HYPERLINK(\"\"x\"\")\","
                                 "\"O\"\"Brien, \"\"Jr\"\"\",\"Line one\nLine two\",o.brien@example.net,,"
                                 "Berlin,DE,3,0.00,0.00,-0.70,-3.50,0.00,EUR,Direct bank transfer\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n201,2025-12-02 12:00:00,completed,Zelda,Quixotewright,,"
                                 "zelda.quixotewright@example.com,+49 30 98765432,"));
  g_assert_nonnull (strstr (csv, ",49.90,0.00,EUR,"));

  lines = g_strsplit (filtered, "\r\n", -1);
  /* Header, O'Brien, the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[1], "203,"));

  /* The orders page's whole filter: a status. */
  {
    g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
    g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
    g_autoptr(GError) error = NULL;
    g_autofree char *processing = NULL;
    g_auto(GStrv) rows = NULL;

    sk_order_filter_set_status (filter, "processing");
    g_assert_true (sk_export_orders_csv (fixture->writer, filter, output, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (output, NULL, &error));
    processing = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                            g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
    rows = g_strsplit (processing, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (rows), ==, 3);
    g_assert_true (g_str_has_prefix (rows[1], "202,"));
  }
}

static void
test_customers_csv (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  SkCustomerFilter filter = { NULL, -1, "vip", 0 };

  g_assert_true (sk_customer_care_add_tag (fixture->writer, profile_id_for (fixture->writer, "o.brien@example.net"),
                                           "vip", &error));
  g_assert_no_error (error);

  g_assert_true (sk_export_customers_csv (fixture->writer, &filter, output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (output, NULL, &error));
  csv = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
  g_test_message ("%s", csv);

  g_assert_cmpstr (csv, ==,
                   "\xEF\xBB\xBFName,First name,Last name,E-mail,Account,Orders,Lifetime value,"
                   "Average order value,Refunds,Currency,First order,Last order,Segment,Tags\r\n"
                   "\"'=HYPERLINK(\"\"x\"\") O\"\"Brien, \"\"Jr\"\"\",\"'=HYPERLINK(\"\"x\"\")\","
                   "\"O\"\"Brien, \"\"Jr\"\"\",o.brien@example.net,Guest,1,-3.50,-3.50,0.00,EUR,"
                   "2025-12-31 12:00:00,2025-12-31 12:00:00,New,vip\r\n");
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, <=, total);
  *last = done;
}

typedef struct
{
  gboolean  done;
  guint64   rows;
  GError   *error;
} ExportResult;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportResult *export = user_data;

  sk_export_csv_finish (result, &export->rows, &export->error);
  export->done = TRUE;
}

static void
test_csv_async (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "orders.csv", NULL);
  g_autofree char *part = g_build_filename (fixture->dir, ".orders.csv.part", NULL);
  SkCustomerFilter customers = { NULL, -1, NULL, 0 };
  ExportResult export = { 0 };
  guint64 last = 0;

  file = g_file_new_for_path (path);
  sk_export_csv_async (fixture->path, SK_EXPORT_ORDERS, NULL, NULL, file, progress_cb, &last,
                       NULL, export_done_cb, &export);
  sk_test_wait_until (&export.done, 30);
  g_assert_no_error (export.error);
  g_assert_cmpuint (export.rows, ==, 3);
  /* The last progress report comes before the result. */
  g_assert_cmpuint (last, ==, 3);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBFNumber,"));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* Cancelled: an error, and the old file untouched, no part left. */
  memset (&export, 0, sizeof export);
  g_cancellable_cancel (cancellable);
  sk_export_csv_async (fixture->path, SK_EXPORT_CUSTOMERS, &customers, NULL, file, NULL, NULL,
                       cancellable, export_done_cb, &export);
  sk_test_wait_until (&export.done, 30);
  g_assert_error (export.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&export.error);
  g_assert_true (g_file_get_contents (path, &again, NULL, NULL));
  g_assert_cmpstr (again, ==, contents);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_customer_json (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  gint64 zelda = profile_id_for (fixture->writer, "zelda.quixotewright@example.com");
  JsonObject *root, *profile, *consent;
  JsonArray *orders, *notes, *items;

  g_assert_cmpint (sk_customer_care_add_note (fixture->writer, zelda, "Likes smoky teas", &error), >, 0);
  g_assert_true (sk_customer_care_add_tag (fixture->writer, zelda, "regular", &error));
  g_assert_true (sk_customer_care_set_consent (fixture->writer, zelda, SK_CONSENT_SUBSCRIBED,
                                               SK_CONSENT_SOURCE_STAFF_PHONE, "Monthly newsletter", &error));
  g_assert_no_error (error);

  record_message (fixture, "ZELDA.Quixotewright@example.com", "Dear Zelda, thank you!");
  record_message (fixture, "o.brien@example.net", "Dear Mr O'Brien");

  json = sk_export_customer_json (fixture->writer, zelda, &error);
  g_assert_no_error (error);
  g_test_message ("%s", json);
  /* Pretty-printed. */
  g_assert_nonnull (strstr (json, "\n  \"profile\" : {\n"));

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  profile = json_object_get_object_member (root, "profile");
  g_assert_cmpstr (json_object_get_string_member (profile, "email"), ==, "zelda.quixotewright@example.com");
  g_assert_cmpstr (json_object_get_string_member (profile, "first_name"), ==, "Zelda");
  g_assert_cmpint (json_object_get_int_member (profile, "customer_id"), ==, 77);
  g_assert_cmpstr (json_object_get_string_member (profile, "lifetime_value"), ==, "62.40");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (profile, "billing"), "phone"),
                   ==, "+49 30 98765432");

  orders = json_object_get_array_member (root, "orders");
  g_assert_cmpuint (json_array_get_length (orders), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, 1), "number"), ==, "201");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, 1), "customer_note"),
                   ==, "Ring twice, Quixotewright");
  items = json_object_get_array_member (json_array_get_object_element (orders, 1), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "name"), ==, "Cup, white");
  notes = json_object_get_array_member (json_array_get_object_element (orders, 1), "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 2);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "messages")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (root, "messages"), 0), "body"), ==, "Dear Zelda, thank you!");

  notes = json_object_get_array_member (root, "staff_notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 0), "author"), ==, "Owner");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "tags"), 0), ==, "regular");
  consent = json_object_get_object_member (root, "marketing_consent");
  g_assert_cmpstr (json_object_get_string_member (consent, "state"), ==, "subscribed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (consent, "history"), 0), "wording"), ==, "Monthly newsletter");
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize size, n = strlen (needle);
  const char *data;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  for (gsize i = 0; i + n <= size; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_no_trace (Fixture    *fixture,
                 const char *needle)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autoptr(GBytes) file = store_test_read_file (fixture->path);
  g_autoptr(GBytes) wal_bytes = store_test_read_file (wal);
  g_autofree char *dump = store_test_dump (fixture->path);
  g_autofree char *folded = g_utf8_casefold (dump, -1);
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);

  g_test_message ("looking for %s", needle);
  g_assert_false (bytes_contain (file, needle));
  g_assert_false (bytes_contain (file, folded_needle));
  if (wal_bytes != NULL)
    {
      g_assert_false (bytes_contain (wal_bytes, needle));
      g_assert_false (bytes_contain (wal_bytes, folded_needle));
    }
  /* Every table, the search index's shadow tables too. */
  g_assert_null (strstr (folded, folded_needle));
}

static void
test_erase (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GBytes) before = NULL;
  gint64 zelda = profile_id_for (fixture->writer, "zelda.quixotewright@example.com");
  gint64 other = profile_id_for (fixture->writer, "o.brien@example.net");
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sk_customer_care_add_note (fixture->writer, zelda, "Zelda's cat is called Quixotewright Jr", &error), >, 0);
  g_assert_true (sk_customer_care_set_consent (fixture->writer, zelda, SK_CONSENT_SUBSCRIBED,
                                               SK_CONSENT_SOURCE_CHECKOUT, "news", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, zelda, "regular", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, other, "regular", &error));
  g_assert_no_error (error);

  /* Her second address, merged by hand. */
  {
    g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);

    g_ptr_array_add (orders, store_test_order_new (204, "204", "completed", NOW - 3 * D, "Zelda", "Q",
                                                   "zq@private-mail.example", 100, NULL));
    store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
    g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
    g_assert_no_error (error);
    zelda = profile_id_for (fixture->writer, "zelda.quixotewright@example.com");
    g_assert_true (sk_customer_care_merge (fixture->writer, zelda, profile_id_for (fixture->writer, "zq@private-mail.example"),
                                           &error));
    g_assert_no_error (error);
    g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
    g_assert_no_error (error);
    zelda = profile_id_for (fixture->writer, "zelda.quixotewright@example.com");
  }

  record_message (fixture, "Zelda.Quixotewright@example.com", "Hello Zelda, your Vermilionkettle ships today");
  record_message (fixture, "zq@private-mail.example", "Hello again, Zelda");
  record_message (fixture, "o.brien@example.net", "Dear Mr O'Brien");

  /* A return request on her order, in her words. */
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->writer),
                                 "INSERT INTO refund_requests (number, store_id, order_id, order_remote_id,"
                                 " order_number, currency, customer_email, customer_name, channel, reason,"
                                 " reason_text, outcome, created_at, created_by)"
                                 " SELECT 'R-1', store_id, id, remote_id, number, currency, billing_email,"
                                 " 'Zelda Quixotewright', 'phone', 'damaged', 'The Xylophonweg postman dropped it',"
                                 " 'refund', 1767000000, 'Owner' FROM orders WHERE remote_id = 201",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  /* The data really is in the file before (or the test proves nothing). */
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (_sk_database_get_handle (fixture->writer), NULL,
                                              SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), ==, SQLITE_OK);
  before = store_test_read_file (fixture->path);
  g_assert_true (bytes_contain (before, "Quixotewright"));
  g_assert_true (bytes_contain (before, "Xylophonweg"));

  g_assert_true (sk_export_erase_customer (fixture->writer, zelda, &error));
  g_assert_no_error (error);

  /* The orders stay for the books, without the person. */
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (fixture->writer),
                                       "SELECT count (*), sum (total), group_concat (customer_name)"
                                       "  FROM orders WHERE remote_id IN (201, 202, 204)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 3);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 4990 + 1250 + 100);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "Erased customer,Erased customer,Erased customer");
  sqlite3_finalize (stmt);

  /* The shop's own order note stays, the message to her goes. */
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (fixture->writer),
                                       "SELECT count (*) FROM order_notes", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  /* The return request stays, without her. */
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (fixture->writer),
                                       "SELECT count (*) FROM refund_requests WHERE customer_name = 'Erased customer'"
                                       " AND customer_email = '' AND reason_text = ''", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  /* Her messages went, his stayed. */
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (fixture->writer),
                                       "SELECT count (*), (SELECT count (*) FROM message_events) FROM messages",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 1);
  sqlite3_finalize (stmt);

  /* The audit log says who erased whom, by number only. */
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (fixture->writer),
                                       "SELECT actor, subject FROM audit_log WHERE action = 'customer.erased'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "Owner");
  g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 1), "customer #"));
  sqlite3_finalize (stmt);

  /* Search finds her no more; the other customer keeps his tag. */
  ids = sk_database_query_order_ids (fixture->writer, "Quixotewright", NULL, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  /* Her orders' items stay searchable (203 is O'Brien's, 204 has none). */
  ids = sk_database_query_order_ids (fixture->writer, "Earl", NULL, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_clear_pointer (&ids, g_array_unref);
  {
    SkCustomerFilter filter = { NULL, -1, "regular", 0 };

    ids = sk_customers_query_filtered (fixture->writer, &filter, SK_CUSTOMER_SORT_NAME, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 1);
  }

  /* A refresh derives nothing of hers back. */
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);

  /* Close the connection: every byte is in the file then. */
  g_clear_object (&fixture->sink);
  g_assert_finalize_object (fixture->writer);
  fixture->writer = NULL;

  assert_no_trace (fixture, "Quixotewright");
  assert_no_trace (fixture, "zelda.quixotewright@example.com");
  assert_no_trace (fixture, "zq@private-mail.example");
  assert_no_trace (fixture, "Xylophonweg");
  assert_no_trace (fixture, "98765432");
  assert_no_trace (fixture, "cat is called");
  assert_no_trace (fixture, "Vermilionkettle");
  assert_no_trace (fixture, "postman");
  assert_no_trace (fixture, "Ring twice");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/csv-field", test_csv_field);
  g_test_add ("/export/orders-csv", Fixture, NULL, fixture_set_up, test_orders_csv, fixture_tear_down);
  g_test_add ("/export/customers-csv", Fixture, NULL, fixture_set_up, test_customers_csv, fixture_tear_down);
  g_test_add ("/export/csv-async", Fixture, NULL, fixture_set_up, test_csv_async, fixture_tear_down);
  g_test_add ("/export/customer-json", Fixture, NULL, fixture_set_up, test_customer_json, fixture_tear_down);
  g_test_add ("/export/erase", Fixture, NULL, fixture_set_up, test_erase, fixture_tear_down);

  return g_test_run ();
}
