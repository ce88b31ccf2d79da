/* test-records.c — constructors, string sanitizing, display names, counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-records.h"
#include "sk-test-utils.h"

static void
assert_address_empty (const SkAddress *address)
{
  const char * const fields[] = {
    address->first_name, address->last_name, address->company,
    address->address_1, address->address_2, address->city, address->state,
    address->postcode, address->country, address->email, address->phone,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (fields[i], ==, "");
}

static void
test_new_fills_strings (void)
{
  g_autoptr(SkOrderRecord) order = sk_order_record_new ();
  g_autoptr(SkCustomerRecord) customer = sk_customer_record_new ();
  g_autoptr(SkProductRecord) product = sk_product_record_new ();
  g_autoptr(SkOrderItemRecord) item = sk_order_item_record_new ();
  g_autoptr(SkOrderNoteRecord) note = sk_order_note_record_new ();
  g_autoptr(SkRefundRecord) refund = sk_refund_record_new ();

  g_assert_cmpstr (order->number, ==, "");
  g_assert_cmpstr (order->order_key, ==, "");
  g_assert_cmpstr (order->status, ==, "");
  g_assert_cmpstr (order->currency, ==, "");
  g_assert_cmpstr (order->customer_note, ==, "");
  g_assert_cmpstr (order->payment_method, ==, "");
  g_assert_cmpstr (order->payment_method_title, ==, "");
  g_assert_cmpint (order->total, ==, 0);
  assert_address_empty (&order->billing);
  assert_address_empty (&order->shipping);
  g_assert_nonnull (order->items);
  g_assert_cmpuint (order->items->len, ==, 0);
  g_assert_nonnull (order->refunds);

  g_assert_cmpstr (customer->email, ==, "");
  g_assert_cmpstr (customer->first_name, ==, "");
  g_assert_cmpstr (customer->last_name, ==, "");
  g_assert_cmpstr (customer->username, ==, "");
  assert_address_empty (&customer->billing);
  assert_address_empty (&customer->shipping);

  g_assert_cmpstr (product->name, ==, "");
  g_assert_cmpstr (product->slug, ==, "");
  g_assert_cmpstr (product->sku, ==, "");
  g_assert_cmpstr (product->status, ==, "");
  g_assert_cmpstr (product->currency, ==, "");
  g_assert_cmpstr (product->stock_status, ==, "");
  g_assert_cmpint (product->stock_quantity, ==, -1);
  g_assert_nonnull (product->categories);

  g_assert_cmpstr (item->name, ==, "");
  g_assert_cmpstr (item->sku, ==, "");
  g_assert_cmpstr (note->author, ==, "");
  g_assert_cmpstr (note->note, ==, "");
  g_assert_cmpstr (refund->reason, ==, "");
}

static void
test_arrays_own_elements (void)
{
  /* Filled records are freed whole; the leak checker catches a miss. */
  g_autoptr(SkOrderRecord) order = sk_order_record_new ();
  g_autoptr(SkProductRecord) product = sk_product_record_new ();

  for (guint i = 0; i < 3; i++)
    {
      SkOrderItemRecord *item = sk_order_item_record_new ();

      sk_record_set_string (&item->name, "Mug", 200);
      g_ptr_array_add (order->items, item);
      g_ptr_array_add (order->refunds, sk_refund_record_new ());
      g_ptr_array_add (product->categories, g_strdup ("Kitchen"));
    }

  sk_record_set_string (&order->billing.first_name, "Jane", 200);

  sk_order_record_free (NULL);
  sk_customer_record_free (NULL);
  sk_product_record_free (NULL);
  sk_order_item_record_free (NULL);
  sk_order_note_record_free (NULL);
  sk_refund_record_free (NULL);
}

static void
test_set_string (void)
{
  char *field = g_strdup ("old");
  g_autofree char *empty = g_strdup ("old");

  sk_record_set_string (&field, "Jane", 100);
  g_assert_cmpstr (field, ==, "Jane");

  sk_record_set_string (&field, NULL, 100);
  g_assert_cmpstr (field, ==, "");

  /* Valid multi-byte text stays as it is. */
  sk_record_set_string (&field, "Zoë Müller – 東京", 100);
  g_assert_cmpstr (field, ==, "Zoë Müller – 東京");

  /* Invalid sequences become U+FFFD. */
  sk_record_set_string (&field, "a\xff" "b", 100);
  g_assert_cmpstr (field, ==, "a\xef\xbf\xbd" "b");
  sk_record_set_string (&field, "\xc3", 100);
  g_assert_cmpstr (field, ==, "\xef\xbf\xbd");
  sk_record_set_string (&field, "x\xe2\x82", 100);
  g_assert_true (g_utf8_validate (field, -1, NULL));
  g_assert_true (g_str_has_prefix (field, "x\xef\xbf\xbd"));
  /* An overlong encoding of '/' is invalid too. */
  sk_record_set_string (&field, "\xc0\xaf", 100);
  g_assert_true (g_utf8_validate (field, -1, NULL));
  g_assert_null (strchr (field, '/'));

  g_free (field);

  sk_record_set_string (&empty, "", 0);
  g_assert_cmpstr (empty, ==, "");
}

static void
test_set_string_truncation (void)
{
  char *field = g_strdup ("");

  sk_record_set_string (&field, "abcdef", 3);
  g_assert_cmpstr (field, ==, "abc");

  sk_record_set_string (&field, "abc", 3);
  g_assert_cmpstr (field, ==, "abc");

  sk_record_set_string (&field, "abc", 0);
  g_assert_cmpstr (field, ==, "");

  /* "ë" is two bytes: a cut in its middle drops it whole. */
  sk_record_set_string (&field, "Zoë", 3);
  g_assert_cmpstr (field, ==, "Zo");
  sk_record_set_string (&field, "Zoë", 4);
  g_assert_cmpstr (field, ==, "Zoë");

  /* "€" is three bytes; "😀" four. */
  sk_record_set_string (&field, "1€", 2);
  g_assert_cmpstr (field, ==, "1");
  sk_record_set_string (&field, "1€", 3);
  g_assert_cmpstr (field, ==, "1");
  sk_record_set_string (&field, "1€", 4);
  g_assert_cmpstr (field, ==, "1€");
  for (gsize max = 0; max < 8; max++)
    {
      sk_record_set_string (&field, "😀😀", max);
      g_assert_true (g_utf8_validate (field, -1, NULL));
      g_assert_cmpuint (strlen (field), ==, (max / 4) * 4);
    }

  /* The replacement character counts against the limit too. */
  sk_record_set_string (&field, "ab\xff", 4);
  g_assert_cmpstr (field, ==, "ab");
  sk_record_set_string (&field, "ab\xff", 5);
  g_assert_cmpstr (field, ==, "ab\xef\xbf\xbd");

  g_free (field);
}

static void
test_display_name (void)
{
  SkAddress address;
  g_autofree char *full = NULL;
  g_autofree char *first_only = NULL;
  g_autofree char *last_only = NULL;
  g_autofree char *company = NULL;
  g_autofree char *email = NULL;
  g_autofree char *nothing = NULL;

  sk_address_init (&address);

  sk_record_set_string (&address.first_name, " Jane ", 100);
  sk_record_set_string (&address.last_name, "Doe", 100);
  sk_record_set_string (&address.company, "Acme", 100);
  sk_record_set_string (&address.email, "jane@example.com", 100);
  full = sk_address_dup_display_name (&address);
  g_assert_cmpstr (full, ==, "Jane Doe");

  sk_record_set_string (&address.last_name, "  ", 100);
  first_only = sk_address_dup_display_name (&address);
  g_assert_cmpstr (first_only, ==, "Jane");

  sk_record_set_string (&address.first_name, "", 100);
  sk_record_set_string (&address.last_name, "Doe", 100);
  last_only = sk_address_dup_display_name (&address);
  g_assert_cmpstr (last_only, ==, "Doe");

  sk_record_set_string (&address.last_name, "", 100);
  company = sk_address_dup_display_name (&address);
  g_assert_cmpstr (company, ==, "Acme");

  sk_record_set_string (&address.company, "\t", 100);
  email = sk_address_dup_display_name (&address);
  g_assert_cmpstr (email, ==, "jane@example.com");

  sk_record_set_string (&address.email, "", 100);
  nothing = sk_address_dup_display_name (&address);
  g_assert_cmpstr (nothing, ==, "");

  sk_address_clear (&address);
  /* Clearing twice is harmless. */
  sk_address_clear (&address);
}

static void
add_item (SkOrderRecord *order,
          gint64         quantity)
{
  SkOrderItemRecord *item = sk_order_item_record_new ();

  item->quantity = quantity;
  g_ptr_array_add (order->items, item);
}

static void
test_count_items (void)
{
  g_autoptr(SkOrderRecord) order = sk_order_record_new ();
  g_autoptr(SkOrderRecord) huge = sk_order_record_new ();
  g_autoptr(SkOrderRecord) tiny = sk_order_record_new ();
  g_autoptr(SkOrderRecord) at_max = sk_order_record_new ();

  g_assert_cmpint (sk_order_record_count_items (order), ==, 0);

  add_item (order, 2);
  add_item (order, 1);
  add_item (order, 7);
  g_assert_cmpint (sk_order_record_count_items (order), ==, 10);

  /* Exactly at the boundary is fine; beyond it saturates, not wraps. */
  add_item (at_max, G_MAXINT64 - 1);
  add_item (at_max, 1);
  g_assert_cmpint (sk_order_record_count_items (at_max), ==, G_MAXINT64);

  add_item (huge, G_MAXINT64);
  add_item (huge, 1);
  add_item (huge, 5);
  g_assert_cmpint (sk_order_record_count_items (huge), ==, G_MAXINT64);

  add_item (tiny, G_MININT64);
  add_item (tiny, -1);
  g_assert_cmpint (sk_order_record_count_items (tiny), ==, G_MININT64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records/new", test_new_fills_strings);
  g_test_add_func ("/records/arrays", test_arrays_own_elements);
  g_test_add_func ("/records/set-string/utf8", test_set_string);
  g_test_add_func ("/records/set-string/truncation", test_set_string_truncation);
  g_test_add_func ("/records/display-name", test_display_name);
  g_test_add_func ("/records/count-items", test_count_items);

  return g_test_run ();
}
