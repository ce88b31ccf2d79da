/* test-order-print.c — packing slips and invoices rendered to PDF and read
 * back with poppler's pdftotext and pdfinfo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-database.h"
#include "sk-order-filter.h"
#include "sk-order-print.h"
#include "sk-shop-settings.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

typedef struct
{
  char       *dir;
  SkDatabase *db;
  gint64      ids[3];    /* small, 40 items, long and right-to-left names */
} Fixture;

static const char *small_items[] = { "Blue Mug", "Teapot", NULL };
/* Hebrew and Arabic product names, and one far longer than a line. */
static const char *rtl_items[] = {
  "ספל קפה כחול",
  "إبريق شاي أخضر",
  "A Very Long Product Name That Keeps Going With Its Colour, Size, Material, "
  "Pattern, Care Instructions And The Story Of The Potter Who Made It By Hand",
  NULL
};

static gint64
find_order (SkDatabase *db,
            const char *number)
{
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  sk_order_filter_set_search (filter, number);
  ids = sk_order_filter_query_ids (db, filter, SK_ORDER_SORT_DATE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);

  return g_array_index (ids, gint64, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSyncSink) sink = NULL;
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);
  SkOrderRecord *order;

  f->dir = sk_test_make_temp_dir ();
  path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  f->db = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sink = sk_database_create_sink (f->db, "https://shop.example", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (many, g_strdup_printf ("Item number %u", i + 1));
  g_ptr_array_add (many, NULL);

  g_ptr_array_add (orders, store_test_order_new (1, "1001", "processing", 1770000000, "Jane", "Doe",
                                                 "jane@example.com", 3000, small_items));
  g_ptr_array_add (orders, store_test_order_new (2, "1002", "processing", 1770000100, "John", "Smith",
                                                 "john@example.com", 40000, (const char * const *) many->pdata));
  order = store_test_order_new (3, "1003", "on-hold", 1770000200, "דנה", "כהן",
                                "dana@example.com", 3000, rtl_items);
  g_free (order->customer_note);
  order->customer_note = g_strdup ("Please leave it with the neighbour — שכן.");
  g_ptr_array_add (orders, order);
  store_test_write_page (sink, SK_RESOURCE_ORDERS, orders, 1770000200);

  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_NAME, "Potter & Daughters", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_PHONE, "+49 30 1234567", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_EMAIL, "hello@potter.example", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_URL, "https://potter.example", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_ADDRESS, "Töpferweg 3\n10115 Berlin", NULL, &error));
  g_assert_no_error (error);

  f->ids[0] = find_order (f->db, "1001");
  f->ids[1] = find_order (f->db, "1002");
  f->ids[2] = find_order (f->db, "1003");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

static char *
pdf_text (const char *path,
          guint       page)
{
  g_autofree char *first = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-f", first, "-l", first, "-layout", path, "-", NULL };

  return run (argv);
}

static char *
render (Fixture          *f,
        SkOrderPrintKind  kind,
        const gint64     *ids,
        guint             n_ids,
        const char       *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderPrintJob) job = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  job = sk_order_print_job_new (f->db, kind, ids, n_ids, &error);
  g_assert_no_error (error);
  g_assert_true (sk_order_print_job_write_pdf (job, path, &error));
  g_assert_no_error (error);

  /* Keep a copy to look at when asked (SK_TEST_KEEP_PDF=dir). */
  if (g_getenv ("SK_TEST_KEEP_PDF") != NULL)
    {
      g_autofree char *keep = g_build_filename (g_getenv ("SK_TEST_KEEP_PDF"), name, NULL);
      g_autoptr(GFile) src = g_file_new_for_path (path);
      g_autoptr(GFile) dst = g_file_new_for_path (keep);

      g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }

  return path;
}

static void
test_slip_one_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = render (f, SK_ORDER_PRINT_PACKING_SLIP, f->ids, 1, "slip.pdf");
  g_autofree char *text = NULL;

  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_text (path, 1);
  g_assert_nonnull (strstr (text, "Packing Slip"));
  g_assert_nonnull (strstr (text, "Order 1001"));
  g_assert_nonnull (strstr (text, "Potter & Daughters"));
  g_assert_nonnull (strstr (text, "+49 30 1234567"));
  g_assert_nonnull (strstr (text, "hello@potter.example"));
  g_assert_nonnull (strstr (text, "Teapot"));
  g_assert_nonnull (strstr (text, "Hamburg"));
  /* 1 mug + 2 teapots, and no prices on a slip. */
  g_assert_nonnull (strstr (text, "3 pieces in total"));
  g_assert_null (strstr (text, "10.00"));
  g_assert_null (strstr (text, "Total\n"));
}

static void
test_invoice_selection (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = render (f, SK_ORDER_PRINT_INVOICE, f->ids, 3, "invoices.pdf");
  guint n_pages = pdf_pages (path);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint pages_1002 = 0;

  /* One page for each short order, several for the 40 items of 1002. */
  g_assert_cmpuint (n_pages, >=, 4);
  first = pdf_text (path, 1);
  g_assert_nonnull (strstr (first, "Invoice"));
  g_assert_nonnull (strstr (first, "Order 1001"));
  g_assert_nonnull (strstr (first, "Direct bank transfer"));
  g_assert_nonnull (strstr (first, "Order 1001 · Page 1 of 1"));
  g_assert_nonnull (strstr (first, "+49 30 1234567"));

  /* Every page of 1002 carries its number and the shop's phone; the
   * items run on in order and all 40 appear exactly once. */
  for (guint p = 2; p < n_pages; p++)
    {
      g_autofree char *text = pdf_text (path, p);

      g_assert_nonnull (strstr (text, "1002"));
      g_assert_nonnull (strstr (text, "+49 30 1234567"));
      if (p > 2)
        g_assert_nonnull (strstr (text, "(continued)"));
      pages_1002++;
    }
  g_assert_cmpuint (pages_1002, ==, n_pages - 2);

  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *needle = g_strdup_printf ("Item number %u ", i);
      guint found = 0;

      for (guint p = 2; p < n_pages; p++)
        {
          g_autofree char *text = pdf_text (path, p);
          g_autofree char *padded = g_strconcat (text, " ", NULL);

          for (const char *s = padded; (s = strstr (s, needle)) != NULL; s++)
            found++;
        }
      g_assert_cmpuint (found, ==, 1);
    }

  /* The totals end the order, on its last page. */
  {
    g_autofree char *text = pdf_text (path, n_pages - 1);

    g_assert_nonnull (strstr (text, "Total"));
    g_assert_nonnull (strstr (text, "400.00"));
  }

  last = pdf_text (path, n_pages);
  g_assert_nonnull (strstr (last, "Order 1003"));
  g_assert_nonnull (strstr (last, "ספל"));
  g_assert_nonnull (strstr (last, "Potter Who Made It"));
  g_assert_nonnull (strstr (last, "neighbour"));
}

static void
test_no_shop_details (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  /* Nothing set: the slip still prints, with a plain heading. */
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_NAME, NULL, NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_PHONE, NULL, NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_EMAIL, NULL, NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_URL, NULL, NULL, &error));
  g_assert_true (sk_shop_settings_set_string (f->db, SK_SHOP_ADDRESS, NULL, NULL, &error));
  path = render (f, SK_ORDER_PRINT_PACKING_SLIP, &f->ids[2], 1, "plain.pdf");
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_text (path, 1);
  g_assert_nonnull (strstr (text, "Your Shop"));
  g_assert_nonnull (strstr (text, "Order 1003"));
}

static void
test_missing_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderPrintJob) job = NULL;
  gint64 ids[] = { f->ids[0], 999999 };

  job = sk_order_print_job_new (f->db, SK_ORDER_PRINT_INVOICE, ids, 2, &error);
  g_assert_null (job);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/orders/print/slip", Fixture, NULL, fixture_set_up, test_slip_one_order, fixture_tear_down);
  g_test_add ("/orders/print/invoices", Fixture, NULL, fixture_set_up, test_invoice_selection, fixture_tear_down);
  g_test_add ("/orders/print/no-shop-details", Fixture, NULL, fixture_set_up, test_no_shop_details, fixture_tear_down);
  g_test_add ("/orders/print/missing-order", Fixture, NULL, fixture_set_up, test_missing_order, fixture_tear_down);

  return g_test_run ();
}
