/* test-sink.c — the sync sink: upserts, idempotence, cursors, failures, notes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

typedef struct
{
  char       *dir;
  char       *path;
  SkDatabase *db;
  SkSyncSink *sink;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->sink = sk_database_create_sink (fixture->db, "https://shop.example", &error);
  g_assert_no_error (error);
  g_assert_true (SK_IS_SYNC_SINK (fixture->sink));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->sink);
  g_assert_finalize_object (fixture->db);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static GPtrArray *
new_orders (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
}

static GPtrArray *
sample_orders (guint first,
               guint n)
{
  static const char *products[] = { "Blue Mug", "Teapot", "Green Tea", NULL };
  GPtrArray *orders = new_orders ();

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", 1000 + i);
      g_autofree char *email = g_strdup_printf ("customer%u@example.com", i);
      SkOrderRecord *order;
      SkRefundRecord *refund;

      order = store_test_order_new (i, number, i % 3 ? "processing" : "completed",
                                    1700000000 + i * 3600, "Jane", "Doe", email,
                                    2490 + i, products);
      if (i % 5 == 0)
        {
          refund = sk_refund_record_new ();
          refund->remote_id = 9000 + i;
          refund->amount = 500;
          sk_record_set_string (&refund->reason, "Broken handle", G_MAXSIZE);
          g_ptr_array_add (order->refunds, refund);
        }
      g_ptr_array_add (orders, order);
    }

  return orders;
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (fixture->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static guint
search_count (Fixture    *fixture,
              const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  ids = sk_database_query_order_ids (fixture->db, search, NULL, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);

  return ids->len;
}

static gint64
id_of_remote (Fixture *fixture,
              gint64   remote_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM orders WHERE remote_id = %" G_GINT64_FORMAT,
                                          remote_id);

  return count_rows (fixture, sql);
}

static void
test_write_and_read_back (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = sample_orders (1, 100);
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_customer_record_free);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_product_record_free);
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) statuses = NULL;
  const SkOrderRecord *expected = orders->pdata[4]; /* remote id 5: has a refund */
  const SkOrderItemRecord *item;
  const SkRefundRecord *refund;

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 1700000000 + 100 * 3600);

  g_ptr_array_add (customers, store_test_customer_new (1, "Jane", "Doe", "Jane.Doe@Example.com"));
  g_ptr_array_add (customers, store_test_customer_new (2, "John", "Roe", "john@example.com"));
  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, customers, 0);

  g_ptr_array_add (products, store_test_product_new (500, "Blue Mug", 1200));
  g_ptr_array_add (products, store_test_product_new (501, "Teapot", 3500));
  store_test_write_page (fixture->sink, SK_RESOURCE_PRODUCTS, products, 0);

  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, 100);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM order_items"), ==, 300);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM refunds"), ==, 20);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM customers WHERE email = 'jane.doe@example.com' COLLATE NOCASE"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM products"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM product_categories"), ==, 4);
  g_assert_cmpint (count_rows (fixture, "SELECT price FROM products WHERE remote_id = 501"), ==, 3500);

  statuses = sk_database_list_order_statuses (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (statuses), ==, 2);
  g_assert_cmpstr (statuses[0], ==, "processing");
  g_assert_cmpstr (statuses[1], ==, "completed");

  details = sk_database_load_order_details (fixture->db, id_of_remote (fixture, 5), &error);
  g_assert_no_error (error);
  g_assert_cmpint (details->order->remote_id, ==, 5);
  g_assert_cmpstr (details->order->number, ==, expected->number);
  g_assert_cmpstr (details->order->status, ==, expected->status);
  g_assert_cmpstr (details->order->currency, ==, "EUR");
  g_assert_cmpint (details->order->date_created, ==, expected->date_created);
  g_assert_cmpint (details->order->date_modified, ==, expected->date_modified);
  g_assert_cmpint (details->order->total, ==, expected->total);
  g_assert_cmpint (details->order->total_tax, ==, expected->total_tax);
  g_assert_cmpstr (details->order->payment_method_title, ==, "Direct bank transfer");
  g_assert_cmpstr (details->order->billing.email, ==, "customer5@example.com");
  g_assert_cmpstr (details->order->billing.city, ==, "Berlin");
  g_assert_cmpstr (details->order->shipping.city, ==, "Hamburg");
  g_assert_cmpstr (details->customer_display_name, ==, "Jane Doe");
  g_assert_cmpuint (details->order->items->len, ==, 3);
  item = details->order->items->pdata[2];
  g_assert_cmpstr (item->name, ==, "Green Tea");
  g_assert_cmpint (item->quantity, ==, 3);
  g_assert_cmpint (item->remote_id, ==, 502);
  g_assert_cmpint (item->product_remote_id, ==, 502);
  g_assert_cmpuint (details->order->refunds->len, ==, 1);
  refund = details->order->refunds->pdata[0];
  g_assert_cmpint (refund->amount, ==, 500);
  g_assert_cmpstr (refund->reason, ==, "Broken handle");
  g_assert_cmpuint (details->notes->len, ==, 0);

  /* Items of an order are summed for the table. */
  g_assert_cmpint (count_rows (fixture, "SELECT item_count FROM orders WHERE remote_id = 5"), ==, 6);

  g_clear_pointer (&details, sk_order_details_free);
  details = sk_database_load_order_details (fixture->db, 999999, &error);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_assert_null (details);
}

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = sample_orders (1, 100);
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_customer_record_free);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_product_record_free);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_note_record_free);

  g_ptr_array_add (customers, store_test_customer_new (1, "Jane", "Doe", "jane@example.com"));
  g_ptr_array_add (products, store_test_product_new (500, "Blue Mug", 1200));
  g_ptr_array_add (notes, store_test_note_new (1, 1700000100, "Paid"));

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 1700001000);
  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, customers, 1700000500);
  store_test_write_page (fixture->sink, SK_RESOURCE_PRODUCTS, products, 1700000400);
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 3, notes, NULL));
  first = store_test_dump (fixture->path);
  g_assert_nonnull (strstr (first, "Blue Mug"));
  g_assert_nonnull (strstr (first, "== orders_fts_data"));

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 1700001000);
  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, customers, 1700000500);
  store_test_write_page (fixture->sink, SK_RESOURCE_PRODUCTS, products, 1700000400);
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 3, notes, NULL));
  second = store_test_dump (fixture->path);

  g_assert_cmpstr (first, ==, second);
}

static void
test_update_replaces_items (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char *new_products[] = { "Espresso Cup", NULL };
  g_autoptr(GPtrArray) orders = sample_orders (1, 10);
  g_autoptr(GPtrArray) changed = new_orders ();
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  id = id_of_remote (fixture, 5);
  g_assert_cmpuint (search_count (fixture, "teapot"), ==, 10);
  g_assert_cmpuint (search_count (fixture, "espresso"), ==, 0);

  g_ptr_array_add (changed, store_test_order_new (5, "1005", "completed", 1700000000, "Jane",
                                                  "Smith", "jane.smith@example.com", 990,
                                                  new_products));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, changed, 0);

  /* Same local id, new content; items and refunds replaced. */
  g_assert_cmpint (id_of_remote (fixture, 5), ==, id);
  details = sk_database_load_order_details (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->order->status, ==, "completed");
  g_assert_cmpint (details->order->total, ==, 990);
  g_assert_cmpuint (details->order->items->len, ==, 1);
  g_assert_cmpstr (((SkOrderItemRecord *) details->order->items->pdata[0])->name, ==, "Espresso Cup");
  g_assert_cmpuint (details->order->refunds->len, ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM order_items"), ==, 9 * 3 + 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM refunds"), ==, 1);

  /* The search index follows. */
  g_assert_cmpuint (search_count (fixture, "teapot"), ==, 9);
  g_assert_cmpuint (search_count (fixture, "espresso"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "smith"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "customer5@example"), ==, 0);
  g_assert_cmpuint (search_count (fixture, "jane.smith"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM orders_fts WHERE orders_fts MATCH 'espresso'"), ==, 1);
  /* FTS5's own consistency check of the external-content index. */
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->db),
                                 "INSERT INTO orders_fts (orders_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static gint64
get_cursor (Fixture    *fixture,
            SkResource  resource)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  g_assert_true (sk_sync_sink_get_cursor (fixture->sink, resource, &cursor, &error));
  g_assert_no_error (error);

  return cursor;
}

static void
test_cursor_never_decreases (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = sample_orders (1, 3);
  g_autoptr(GPtrArray) empty = new_orders ();

  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 0);

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 1000);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 1000);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_CUSTOMERS), ==, 0);

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 500);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 1000);

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, empty, 0);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 1000);

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, empty, 2000);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 2000);

  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, empty, 300);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_CUSTOMERS), ==, 300);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 2000);
}

static void
test_failing_page_leaves_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char *products[] = { "Mug", NULL };
  g_autoptr(GPtrArray) orders = sample_orders (1, 10);
  g_autoptr(GPtrArray) bad = sample_orders (5, 10); /* 5..9 update, 10..14 new */
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SkSyncPage page = { SK_RESOURCE_ORDERS, NULL, 99999 };
  SkOrderRecord *changed;

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 1000);
  before = store_test_dump (fixture->path);

  /* Changes to known orders and new ones, then a record the store could
   * never send (no remote id) at the end of the page. */
  changed = bad->pdata[0];
  sk_record_set_string (&changed->status, "cancelled", G_MAXSIZE);
  g_ptr_array_add (bad, store_test_order_new (0, "0", "processing", 1, "No", "Id", "x@example.com", 1, products));
  page.records = bad;

  g_assert_false (sk_sync_sink_write_page (fixture->sink, &page, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);

  after = store_test_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 1000);

  /* A bad resource is refused before anything happens. */
  g_clear_error (&error);
  page.resource = 42;
  g_assert_false (sk_sync_sink_write_page (fixture->sink, &page, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED);

  /* The sink is still usable afterwards. */
  g_ptr_array_remove_index (bad, bad->len - 1);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, bad, 2000);
  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, 14);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 2000);
}

/* Several pages in one batch: committed together with the highest
 * cursor; a page of the batch that fails takes the whole batch with it,
 * cursor included, and says so when the batch ends. */
static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  static const char *products[] = { "Mug", NULL };
  g_autoptr(GPtrArray) first = sample_orders (1, 10);
  g_autoptr(GPtrArray) second = sample_orders (11, 10);
  g_autoptr(GPtrArray) third = sample_orders (21, 10);
  g_autoptr(GPtrArray) bad = sample_orders (31, 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SkSyncPage page = { SK_RESOURCE_ORDERS, NULL, 0 };

  g_assert_true (sk_sync_sink_begin_batch (fixture->sink, &error));
  g_assert_no_error (error);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, first, 1000);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, second, 2000);
  g_assert_true (sk_sync_sink_end_batch (fixture->sink, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, 20);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 2000);
  before = store_test_dump (fixture->path);

  /* The second page of this batch holds a record the store could never
   * send (no remote id). */
  g_ptr_array_add (bad, store_test_order_new (0, "0", "processing", 1, "No", "Id", "x@example.com", 1, products));
  g_assert_true (sk_sync_sink_begin_batch (fixture->sink, &error));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, third, 3000);
  page.records = bad;
  page.cursor = 4000;
  g_assert_false (sk_sync_sink_write_page (fixture->sink, &page, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (sk_sync_sink_end_batch (fixture->sink, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED);
  g_clear_error (&error);

  after = store_test_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 2000);

  /* Notes of an order not (yet) here are ignored without ending the
   * batch, and the sink writes on its own again afterwards. */
  g_assert_true (sk_sync_sink_begin_batch (fixture->sink, &error));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, third, 3000);
  {
    g_autoptr(GPtrArray) notes = g_ptr_array_new ();

    g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 999999, notes, &error));
    g_assert_no_error (error);
  }
  g_assert_true (sk_sync_sink_end_batch (fixture->sink, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, 30);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 3000);

  g_ptr_array_remove_index (bad, bad->len - 1);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, bad, 4000);
  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, 40);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, 4000);
}

/* The disk fills up (SQLite's page limit standing in for it): the page
 * that does not fit is refused with a message that says what to do, in
 * a batch or alone, and what was saved before stays whole, its cursor
 * with it. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  sqlite3 *handle = _sk_database_get_handle (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 cursor = 1000;
  gint64 pages = 0;
  gint64 count;
  gboolean full = FALSE;
  g_autoptr(GPtrArray) first_orders = sample_orders (1, 10);
  g_autoptr(GPtrArray) last_orders = sample_orders (300000, 50);

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, first_orders, 1000);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (handle, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    pages = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 40);
  g_assert_cmpint (sqlite3_exec (handle, limit, NULL, NULL, NULL), ==, SQLITE_OK);

  /* Pages of 50 orders alone until one does not fit. */
  for (guint first = 11; !full && first < 100000; first += 50)
    {
      g_autoptr(GPtrArray) orders = sample_orders (first, 50);
      SkSyncPage page = { SK_RESOURCE_ORDERS, orders, cursor + 1 };

      g_free (before);
      before = store_test_dump (fixture->path);
      if (sk_sync_sink_write_page (fixture->sink, &page, &error))
        cursor++;
      else
        full = TRUE;
    }
  g_assert_true (full);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);
  after = store_test_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, cursor);
  count = sk_database_count_orders (fixture->db);

  /* The same in a batch: the batch goes whole and says so at its end. */
  g_assert_true (sk_sync_sink_begin_batch (fixture->sink, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 20 && error == NULL; i++)
    {
      g_autoptr(GPtrArray) orders = sample_orders (200000 + i * 50, 50);
      SkSyncPage page = { SK_RESOURCE_ORDERS, orders, cursor + 1 + i };

      sk_sync_sink_write_page (fixture->sink, &page, &error);
    }
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_false (sk_sync_sink_end_batch (fixture->sink, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_free (after);
  after = store_test_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, count);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, cursor);

  /* Space again: the sync goes on where it stopped. */
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==, SQLITE_OK);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, last_orders, cursor + 1);
  g_assert_cmpint (sk_database_count_orders (fixture->db), ==, count + 50);
  g_assert_cmpint (get_cursor (fixture, SK_RESOURCE_ORDERS), ==, cursor + 1);
}

static GPtrArray *
notes_of (Fixture *fixture,
          gint64   remote_id)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  details = sk_database_load_order_details (fixture->db, id_of_remote (fixture, remote_id), &error);
  g_assert_no_error (error);

  return g_ptr_array_ref (details->notes);
}

static void
test_notes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = sample_orders (1, 3);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_note_record_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SkOrderNoteRecord *note;

  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  g_ptr_array_add (notes, store_test_note_new (11, 100, "Order placed"));
  g_ptr_array_add (notes, store_test_note_new (12, 300, "Shipped"));
  g_ptr_array_add (notes, note = store_test_note_new (13, 200, "Thanks for the quick delivery!"));
  note->customer_note = TRUE;
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 2, notes, &error));
  g_assert_no_error (error);

  read = notes_of (fixture, 2);
  g_assert_cmpuint (read->len, ==, 3);
  /* Newest first. */
  g_assert_cmpint (((SkOrderNoteRecord *) read->pdata[0])->remote_id, ==, 12);
  g_assert_cmpint (((SkOrderNoteRecord *) read->pdata[1])->remote_id, ==, 13);
  g_assert_true (((SkOrderNoteRecord *) read->pdata[1])->customer_note);
  g_assert_cmpstr (((SkOrderNoteRecord *) read->pdata[1])->note, ==, "Thanks for the quick delivery!");
  g_assert_cmpint (((SkOrderNoteRecord *) read->pdata[2])->remote_id, ==, 11);
  g_clear_pointer (&read, g_ptr_array_unref);

  /* 11 deleted in the store, 12 edited by a plugin, 14 added. */
  g_ptr_array_remove_index (notes, 0);
  note = notes->pdata[0];
  sk_record_set_string (&note->note, "Shipped with DHL", G_MAXSIZE);
  g_ptr_array_add (notes, store_test_note_new (14, 400, "Delivered"));
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 2, notes, &error));
  g_assert_no_error (error);

  read = notes_of (fixture, 2);
  g_assert_cmpuint (read->len, ==, 3);
  g_assert_cmpint (((SkOrderNoteRecord *) read->pdata[0])->remote_id, ==, 14);
  g_assert_cmpint (((SkOrderNoteRecord *) read->pdata[1])->remote_id, ==, 12);
  g_assert_cmpstr (((SkOrderNoteRecord *) read->pdata[1])->note, ==, "Shipped with DHL");
  g_assert_cmpint (((SkOrderNoteRecord *) read->pdata[2])->remote_id, ==, 13);
  g_clear_pointer (&read, g_ptr_array_unref);

  /* The other orders are untouched. */
  read = notes_of (fixture, 1);
  g_assert_cmpuint (read->len, ==, 0);
  g_clear_pointer (&read, g_ptr_array_unref);

  /* The same list again changes nothing; notes of an order not in the
   * database are ignored. */
  before = store_test_dump (fixture->path);
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 2, notes, &error));
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 777, notes, &error));
  g_assert_no_error (error);
  after = store_test_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* An empty list removes them all. */
  g_ptr_array_set_size (notes, 0);
  g_assert_true (sk_sync_sink_write_order_notes (fixture->sink, 2, notes, &error));
  read = notes_of (fixture, 2);
  g_assert_cmpuint (read->len, ==, 0);
}

static void
test_huge_and_odd_strings (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char *products[] = {
    "Ꭰ Cherokee ᏣᎳᎩ", "עברית mixed with English", "emoji ☕🫖🍵", "e\xcc\x81 combining", NULL
  };
  g_autoptr(GPtrArray) orders = new_orders ();
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = NULL;
  SkOrderRecord *order;
  GString *big;

  big = g_string_sized_new (4 * 1024 * 1024);
  while (big->len < 4 * 1024 * 1024)
    g_string_append (big, "Lörem ipsüm dolor sit ämet, ☃ ");
  huge = g_string_free (big, FALSE);

  order = store_test_order_new (1, "ÜBER-1", "wc-custom-état", 1700000000, "Zoë", "Ørsted-Łukasiewicz",
                                "zoe@exämple.com", 1, products);
  sk_record_set_string (&order->customer_note, huge, G_MAXSIZE);
  /* Set directly, bypassing the parsers' repair: invalid UTF-8 must be
   * repaired on the way in, never stored. */
  g_free (order->billing.company);
  order->billing.company = g_strdup ("Bad \xff\xfe bytes \xc3");
  g_ptr_array_add (orders, order);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  details = sk_database_load_order_details (fixture->db, id_of_remote (fixture, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->order->customer_note, ==, huge);
  g_assert_cmpstr (details->order->number, ==, "ÜBER-1");
  g_assert_cmpstr (details->order->status, ==, "wc-custom-état");
  g_assert_cmpstr (details->order->billing.last_name, ==, "Ørsted-Łukasiewicz");
  g_assert_true (g_utf8_validate (details->order->billing.company, -1, NULL));
  g_assert_true (g_str_has_prefix (details->order->billing.company, "Bad "));
  for (guint i = 0; products[i] != NULL; i++)
    g_assert_cmpstr (((SkOrderItemRecord *) details->order->items->pdata[i])->name, ==, products[i]);

  g_assert_cmpuint (search_count (fixture, "ørsted łuka"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "ᏣᎳᎩ"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "über"), ==, 1);
  g_assert_cmpuint (search_count (fixture, "zoe"), ==, 1);
}

static void
test_finish (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = sample_orders (1, 3);
  g_autoptr(GError) error = NULL;
  SkSyncSummary summary = { 3, 0, 0, 0, 1700000000, 1700000042 };

  g_assert_cmpint (sk_database_get_last_sync (fixture->db), ==, 0);
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 5000);

  g_assert_true (sk_sync_sink_finish (fixture->sink, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_database_get_last_sync (fixture->db), ==, 1700000042);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE action = 'sync.finished'"
                                        " AND subject = 'https://shop.example' AND details LIKE 'orders=3 %'"), ==, 1);
  /* The first sync started without cursors: a full sync of everything. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_state WHERE last_full_sync = 1700000042"), ==, 3);

  /* An incremental one (orders had a cursor) leaves the orders' last full sync. */
  summary.finished_at = 1700000100;
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 6000);
  g_assert_true (sk_sync_sink_finish (fixture->sink, &summary, &error));
  g_assert_cmpint (sk_database_get_last_sync (fixture->db), ==, 1700000100);
  g_assert_cmpint (count_rows (fixture, "SELECT last_full_sync FROM sync_state WHERE resource = 1"), ==, 1700000042);
  g_assert_cmpint (count_rows (fixture, "SELECT cursor FROM sync_state WHERE resource = 1"), ==, 6000);
  /* One entry per sync (the desk's first refresh notes a setting too). */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM audit_log WHERE action = 'sync.finished'"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/sink/write-and-read-back", test_write_and_read_back);
  ADD ("/store/sink/idempotent", test_idempotent);
  ADD ("/store/sink/update-replaces-items", test_update_replaces_items);
  ADD ("/store/sink/cursor-never-decreases", test_cursor_never_decreases);
  ADD ("/store/sink/failing-page-leaves-nothing", test_failing_page_leaves_nothing);
  ADD ("/store/sink/batch", test_batch);
  ADD ("/store/sink/disk-full", test_disk_full);
  ADD ("/store/sink/notes", test_notes);
  ADD ("/store/sink/huge-and-odd-strings", test_huge_and_odd_strings);
  ADD ("/store/sink/finish", test_finish);

#undef ADD

  return g_test_run ();
}
