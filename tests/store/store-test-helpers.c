/* store-test-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "store-test-helpers.h"

#include <sqlite3.h>

#include "sk-sync-sink.h"

static void
set (char       **field,
     const char  *value)
{
  sk_record_set_string (field, value, G_MAXSIZE);
}

SkOrderRecord *
store_test_order_new (gint64              remote_id,
                      const char         *number,
                      const char         *status,
                      gint64              date_created,
                      const char         *first_name,
                      const char         *last_name,
                      const char         *email,
                      gint64              total,
                      const char * const *product_names)
{
  SkOrderRecord *order = sk_order_record_new ();

  order->remote_id = remote_id;
  set (&order->number, number);
  set (&order->order_key, "wc_order_key");
  set (&order->status, status);
  set (&order->currency, "EUR");
  order->date_created = date_created;
  order->date_modified = date_created + 60;
  order->total = total;
  order->total_tax = total / 5;
  set (&order->payment_method, "bacs");
  set (&order->payment_method_title, "Direct bank transfer");
  set (&order->billing.first_name, first_name);
  set (&order->billing.last_name, last_name);
  set (&order->billing.email, email);
  set (&order->billing.city, "Berlin");
  set (&order->billing.country, "DE");
  set (&order->shipping.first_name, first_name);
  set (&order->shipping.last_name, last_name);
  set (&order->shipping.city, "Hamburg");

  for (guint i = 0; product_names != NULL && product_names[i] != NULL; i++)
    {
      SkOrderItemRecord *item = sk_order_item_record_new ();

      item->remote_id = remote_id * 100 + i;
      item->product_remote_id = 500 + i;
      set (&item->name, product_names[i]);
      set (&item->sku, "SKU");
      item->quantity = 1 + i;
      item->subtotal = 1000;
      item->total = 1000;
      g_ptr_array_add (order->items, item);
    }

  return order;
}

SkCustomerRecord *
store_test_customer_new (gint64      remote_id,
                         const char *first_name,
                         const char *last_name,
                         const char *email)
{
  SkCustomerRecord *customer = sk_customer_record_new ();

  customer->remote_id = remote_id;
  customer->date_created = 1700000000 + remote_id;
  customer->date_modified = customer->date_created + 10;
  set (&customer->first_name, first_name);
  set (&customer->last_name, last_name);
  set (&customer->email, email);
  set (&customer->username, email);
  set (&customer->billing.first_name, first_name);
  set (&customer->billing.email, email);

  return customer;
}

SkProductRecord *
store_test_product_new (gint64      remote_id,
                        const char *name,
                        gint64      price)
{
  SkProductRecord *product = sk_product_record_new ();

  product->remote_id = remote_id;
  set (&product->name, name);
  set (&product->slug, name);
  set (&product->status, "publish");
  set (&product->currency, "EUR");
  product->price = price;
  product->regular_price = price;
  g_ptr_array_add (product->categories, g_strdup ("Mugs"));
  g_ptr_array_add (product->categories, g_strdup ("Kitchen"));

  return product;
}

SkOrderNoteRecord *
store_test_note_new (gint64      remote_id,
                     gint64      date_created,
                     const char *text)
{
  SkOrderNoteRecord *note = sk_order_note_record_new ();

  note->remote_id = remote_id;
  note->date_created = date_created;
  set (&note->author, "system");
  set (&note->note, text);

  return note;
}

void
store_test_write_page (SkSyncSink *sink,
                       SkResource  resource,
                       GPtrArray  *records,
                       gint64      cursor)
{
  g_autoptr(GError) error = NULL;
  SkSyncPage page = { resource, records, cursor };

  g_assert_true (sk_sync_sink_write_page (sink, &page, &error));
  g_assert_no_error (error);
}

char *
store_test_dump (const char *path)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2",
                                              (const char *) tables->pdata[t]);

      g_string_append_printf (dump, "== %s\n", (const char *) tables->pdata[t]);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_BLOB)
                {
                  const guint8 *blob = sqlite3_column_blob (stmt, c);
                  int len = sqlite3_column_bytes (stmt, c);

                  for (int b = 0; b < len; b++)
                    g_string_append_printf (dump, "%02x", blob[b]);
                }
              else
                g_string_append (dump, (const char *) sqlite3_column_text (stmt, c) ?: "NULL");
              g_string_append_c (dump, '|');
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&dump), FALSE);
}

GBytes *
store_test_read_file (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  return g_bytes_new_take (contents, len);
}
