/* test-refund-slip.c — the return authorisation slip drawn to a PDF and
 * read back with pdftotext (poppler-utils).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>

#include "sk-refund-slip.h"
#include "sk-test-utils.h"

static SkRefundSlip *
make_slip (guint n_items)
{
  SkRefundSlip *slip = sk_refund_slip_new ();

  slip->request_number = g_strdup ("R-000123");
  slip->order_number = g_strdup ("4711");
  slip->customer_name = g_strdup ("Zoë Ångström");
  slip->issued_at = 1767225600; /* 2026-01-01 00:00 UTC */
  slip->return_by = 1768435200; /* 2026-01-15 */
  slip->shop_name = g_strdup ("Linen & Co");
  slip->shop_email = g_strdup ("hello@linen.example");
  slip->shop_phone = g_strdup ("+44 117 496 0000");
  slip->return_address = g_strdup ("Unit 4, Harbour Works\n12 Wapping Road\nBristol BS1 4RW");
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *name = g_strdup_printf ("Linen Shirt size %u", i + 1);
      g_autofree char *sku = g_strdup_printf ("LS-%04u", i + 1);

      sk_refund_slip_add_item (slip, name, sku, 1 + i % 3);
    }
  sk_refund_slip_add_instruction (slip, "Pack the items in their original packaging.");
  sk_refund_slip_add_instruction (slip, "The shop pays for the return postage.");

  return slip;
}

/* The text pdftotext reads from @path, with runs of white space made one
 * space so layout line breaks do not matter. */
static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GRegex) spaces = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  spaces = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (spaces, out, -1, 0, " ", 0, NULL);
}

/* To look at a slip: SK_TEST_SLIP_COPY=/tmp/slip.pdf, then
 * pdftoppm -png -r 80. */
static void
keep_copy (const char *path)
{
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("SK_TEST_SLIP_COPY") == NULL)
    return;

  from = g_file_new_for_path (path);
  to = g_file_new_for_path (g_getenv ("SK_TEST_SLIP_COPY"));
  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static guint
pdf_pages (const char *text_with_form_feeds_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdfinfo", text_with_form_feeds_path, NULL };
  const char *pages;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);

  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static void
test_slip_pdf (void)
{
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "slip.pdf", NULL);
  g_autoptr(SkRefundSlip) slip = make_slip (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (sk_refund_slip_get_n_pages (slip, 595, 842), ==, 1);
  g_assert_true (sk_refund_slip_write_pdf (slip, path, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (pdf_pages (path), ==, 1);
  keep_copy (path);
  text = pdf_text (path);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "R-000123"));
  g_assert_nonnull (strstr (text, "Unit 4, Harbour Works 12 Wapping Road Bristol BS1 4RW"));
  g_assert_nonnull (strstr (text, "Linen & Co"));
  g_assert_nonnull (strstr (text, "Zoë Ångström"));
  g_assert_nonnull (strstr (text, "4711"));
  g_assert_nonnull (strstr (text, "Linen Shirt size 3"));
  g_assert_nonnull (strstr (text, "LS-0002"));
  g_assert_nonnull (strstr (text, "The shop pays for the return postage."));
  /* Dates are printed in local time (TZ=UTC in the tests). */
  g_assert_nonnull (strstr (text, "Issued: 1 January 2026"));
  g_assert_nonnull (strstr (text, "15 January 2026"));

  sk_test_remove_tree (dir);
}

/* The slip the refunds area prints for a request: every line with its
 * SKU and quantity, the request number, the return address and the
 * instructions the policy gives. */
static void
test_slip_for_request (void)
{
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "request.pdf", NULL);
  g_autoptr(SkRefundRequest) request = sk_refund_request_new ();
  g_autoptr(SkRefundPolicy) policy = sk_refund_policy_new ();
  g_autoptr(SkRefundSlip) slip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const struct { const char *name; const char *sku; gint64 quantity; } lines[] = {
    { "Ethiopia Yirgacheffe 250 g", "SK-101", 2 },
    { "Pour-over Kettle", "SK-405", 1 },
    { "Gift Card", "", 1 },
  };

  g_free (request->number);
  request->number = g_strdup ("R-000042");
  g_free (request->order_number);
  request->order_number = g_strdup ("3895");
  g_free (request->customer_name);
  request->customer_name = g_strdup ("Sophie Becker");
  request->reason = SK_REFUND_REASON_CHANGED_MIND;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      SkRefundRequestLine *line = sk_refund_request_line_new ();

      g_free (line->name);
      line->name = g_strdup (lines[i].name);
      g_free (line->sku);
      line->sku = g_strdup (lines[i].sku);
      line->quantity = lines[i].quantity;
      line->quantity_bought = 3;
      g_ptr_array_add (request->lines, line);
    }
  policy->return_shipping = SK_RETURN_SHIPPING_CUSTOMER;
  policy->required_conditions = SK_RETURN_CONDITION_UNUSED;

  slip = sk_refund_slip_new_for_request (request, policy, "Bean There", NULL, NULL,
                                         "Bean There\nKaiserstraße 12\n60311 Frankfurt", 1767225600);
  g_assert_true (sk_refund_slip_write_pdf (slip, path, &error));
  g_assert_no_error (error);
  keep_copy (path);

  text = pdf_text (path);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "R-000042"));
  g_assert_nonnull (strstr (text, "3895"));
  g_assert_nonnull (strstr (text, "Sophie Becker"));
  g_assert_nonnull (strstr (text, "Ethiopia Yirgacheffe 250 g"));
  g_assert_nonnull (strstr (text, "SK-101"));
  g_assert_nonnull (strstr (text, "SK-405"));
  g_assert_nonnull (strstr (text, "Gift Card"));
  g_assert_nonnull (strstr (text, "Kaiserstraße 12 60311 Frankfurt"));
  g_assert_nonnull (strstr (text, "Please pay the postage"));
  g_assert_nonnull (strstr (text, "Unused"));

  sk_test_remove_tree (dir);
}

static void
test_slip_pages (void)
{
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(SkRefundSlip) slip = make_slip (90);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_pages;

  /* Ninety lines do not fit on one page: they continue on the next, with
   * the headings again, and every item is printed exactly once. */
  n_pages = sk_refund_slip_get_n_pages (slip, 595, 842);
  g_assert_cmpuint (n_pages, >=, 2);
  g_assert_true (sk_refund_slip_write_pdf (slip, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, n_pages);

  text = pdf_text (path);
  for (guint i = 1; i <= 90; i++)
    {
      g_autofree char *needle = g_strdup_printf ("LS-%04u ", i);
      const char *first = strstr (text, needle);

      g_assert_nonnull (first);
      g_assert_null (strstr (first + 1, needle));
    }
  g_assert_nonnull (strstr (text, "page 2 of"));

  sk_test_remove_tree (dir);
}

static void
test_slip_unwritable (void)
{
  g_autoptr(SkRefundSlip) slip = make_slip (1);
  g_autoptr(GError) error = NULL;

  g_assert_false (sk_refund_slip_write_pdf (slip, "/nonexistent-dir/slip.pdf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/refunds-ui/slip/pdf", test_slip_pdf);
  g_test_add_func ("/refunds-ui/slip/pages", test_slip_pages);
  g_test_add_func ("/refunds-ui/slip/for-request", test_slip_for_request);
  g_test_add_func ("/refunds-ui/slip/unwritable", test_slip_unwritable);

  return g_test_run ();
}
