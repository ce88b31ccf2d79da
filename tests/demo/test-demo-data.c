/* test-demo-data.c — the demo store's generator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo-data"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sk-demo-data.h"

#define ANCHOR G_GINT64_CONSTANT (1767225600) /* 2026-01-01T00:00:00Z */

static void
test_determinism (void)
{
  g_autoptr(SkDemoData) a = sk_demo_data_new (7, 3000, ANCHOR);
  g_autoptr(SkDemoData) b = sk_demo_data_new (7, 3000, ANCHOR);
  g_autoptr(SkDemoData) c = sk_demo_data_new (8, 3000, ANCHOR);
  g_autoptr(GString) ja = g_string_new (NULL);
  g_autoptr(GString) jb = g_string_new (NULL);
  g_autoptr(GString) jc = g_string_new (NULL);

  for (guint i = 0; i < 3000; i += 37)
    {
      sk_demo_data_write_order (a, i, NULL, "http://x", ja);
      sk_demo_data_write_order (b, i, NULL, "http://x", jb);
      sk_demo_data_write_order (c, i, NULL, "http://x", jc);
    }
  g_assert_cmpstr (ja->str, ==, jb->str);
  g_assert_cmpstr (ja->str, !=, jc->str);

  /* Credentials are derived from the seed alone. */
  {
    g_autofree char *k1 = sk_demo_data_dup_consumer_key (7);
    g_autofree char *k2 = sk_demo_data_dup_consumer_key (8);
    g_autofree char *s1 = sk_demo_data_dup_consumer_secret (7);

    g_assert_true (g_str_has_prefix (k1, "ck_"));
    g_assert_cmpuint (strlen (k1), ==, 43);
    g_assert_true (g_str_has_prefix (s1, "cs_"));
    g_assert_cmpuint (strlen (s1), ==, 43);
    g_assert_cmpstr (k1, !=, k2);
  }
}

static void
test_orders (void)
{
  g_autoptr(SkDemoData) data = sk_demo_data_new (1, 3000, ANCHOR);
  g_autoptr(GHashTable) buyers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) orders_per_buyer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint guests = 0, once_or_twice = 0, loyal = 0, with_refund = 0;
  gint64 previous = G_MININT64;
  GHashTableIter iter;
  gpointer k, v;

  g_assert_cmpuint (sk_demo_data_get_n_people (data), ==, 400);
  g_assert_cmpuint (sk_demo_data_get_n_products (data), ==, 60);

  for (guint i = 0; i < 3000; i++)
    {
      SkDemoOrder o;
      gint64 items = 0, discount = 0, cart_tax = 0;

      sk_demo_data_get_order (data, i, &o);
      g_assert_cmpint (o.id, ==, sk_demo_data_order_id (data, i));
      g_assert_cmpint (o.date_created, >=, previous);
      g_assert_cmpint (o.date_created, >=, ANCHOR - SK_DEMO_HISTORY_SECONDS);
      g_assert_cmpint (o.date_created, <, ANCHOR);
      g_assert_cmpint (o.date_modified, >=, o.date_created);
      g_assert_cmpint (o.date_modified, <=, ANCHOR);
      g_assert_cmpint (o.date_modified - o.date_created, <=, SK_DEMO_MAX_MODIFIED_DELAY);
      g_assert_cmpint (o.date_modified, ==, sk_demo_data_order_date_modified (data, i));
      g_assert_cmpstr (o.status, ==, sk_demo_data_order_status (data, i));
      previous = o.date_created;

      g_assert_cmpuint (o.n_items, >=, 1);
      g_assert_cmpuint (o.n_items, <=, 4);
      g_assert_cmpuint (o.n_notes, >=, 1);
      g_assert_cmpuint (o.n_notes, <=, 3);
      for (guint j = 0; j < o.n_items; j++)
        {
          g_assert_cmpint (o.items[j].quantity, >=, 1);
          g_assert_cmpint (o.items[j].subtotal, ==, o.items[j].price * o.items[j].quantity);
          g_assert_cmpint (o.items[j].total, <=, o.items[j].subtotal);
          items += o.items[j].total;
          discount += o.items[j].subtotal - o.items[j].total;
          cart_tax += o.items[j].total_tax;
        }
      g_assert_cmpint (discount, ==, o.discount_total);
      g_assert_cmpint (cart_tax, ==, o.cart_tax);
      g_assert_cmpint (o.total_tax, ==, o.cart_tax + o.shipping_tax);
      g_assert_cmpint (o.total, ==, items + o.shipping_total + o.total_tax);
      for (guint j = 0; j < o.n_refunds; j++)
        {
          g_assert_cmpint (o.refunds[j].amount, >, 0);
          g_assert_cmpint (o.refunds[j].amount, <=, o.total);
          with_refund++;
        }
      if (g_str_equal (o.status, "refunded"))
        g_assert_cmpint (o.refunds[0].amount, ==, o.total);
      if (g_str_equal (o.status, "completed"))
        g_assert_cmpint (o.date_completed, >, 0);

      g_hash_table_add (statuses, (gpointer) o.status);
      if (!g_hash_table_contains (buyers, o.customer.email))
        {
          g_hash_table_insert (buyers, g_strdup (o.customer.email), GINT_TO_POINTER (o.customer.customer_id == 0));
          guests += o.customer.customer_id == 0;
        }
      k = g_hash_table_lookup (orders_per_buyer, o.customer.email);
      g_hash_table_insert (orders_per_buyer, g_strdup (o.customer.email), GUINT_TO_POINTER (GPOINTER_TO_UINT (k) + 1));
    }

  /* Every status, the custom one included. */
  for (guint i = 0; i < 9; i++)
    {
      const char *s = (const char *[]) { "pending", "processing", "on-hold", "completed", "cancelled",
                                         "refunded", "failed", "trash", "awaiting-shipment" }[i];
      g_assert_true (g_hash_table_contains (statuses, s));
    }

  g_hash_table_iter_init (&iter, orders_per_buyer);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      if (GPOINTER_TO_UINT (v) <= 2)
        once_or_twice++;
      else if (GPOINTER_TO_UINT (v) >= 10)
        loyal++;
    }

  g_test_message ("%u buyers, %u guests, %u bought once or twice, %u ten times or more, %u refunds",
                  g_hash_table_size (buyers), guests, once_or_twice, loyal, with_refund);
  /* About a third of the buyers are guests. */
  g_assert_cmpfloat ((double) guests / g_hash_table_size (buyers), >, 0.25);
  g_assert_cmpfloat ((double) guests / g_hash_table_size (buyers), <, 0.42);
  /* Repeat purchases: many buy once or twice, a few very often. */
  g_assert_cmpuint (once_or_twice, >, g_hash_table_size (buyers) / 3);
  g_assert_cmpuint (loyal, >, 10);
  g_assert_cmpuint (with_refund, >, 30);
}

static void
test_lower_bound (void)
{
  g_autoptr(SkDemoData) data = sk_demo_data_new (3, 5000, ANCHOR);

  for (gint64 t = ANCHOR - SK_DEMO_HISTORY_SECONDS - 10; t < ANCHOR + 10; t += 86413)
    {
      guint i = sk_demo_data_order_lower_bound (data, t);

      if (i < 5000)
        g_assert_cmpint (sk_demo_data_order_date_created (data, i), >=, t);
      if (i > 0)
        g_assert_cmpint (sk_demo_data_order_date_created (data, i - 1), <, t);
    }

  /* Trashed orders are counted arithmetically: check against a scan. */
  for (guint lo = 0; lo < 5000; lo += 613)
    for (guint hi = lo; hi <= 5000; hi += 977)
      {
        guint n = 0;

        for (guint i = lo; i < hi; i++)
          n += sk_demo_data_order_is_trashed (data, i);
        g_assert_cmpuint (n, ==, sk_demo_data_count_trashed (data, lo, hi));
      }
}

static void
test_customers (void)
{
  g_autoptr(SkDemoData) data = sk_demo_data_new (1, 3000, ANCHOR);
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean non_ascii = FALSE;

  g_assert_cmpuint (sk_demo_data_get_n_customers (data), ==, 267);
  for (guint i = 0; i < sk_demo_data_get_n_customers (data); i++)
    {
      SkDemoPerson c;

      sk_demo_data_get_customer (data, i, &c);
      g_assert_cmpint (c.customer_id, ==, sk_demo_data_customer_id (data, i));
      g_assert_true (g_utf8_validate (c.first_name, -1, NULL));
      g_assert_nonnull (strchr (c.email, '@'));
      g_assert_false (g_hash_table_contains (emails, c.email));
      g_hash_table_add (emails, g_strdup (c.email));
      g_assert_cmpint (c.date_modified, >=, c.date_created);
      g_assert_cmpint (c.date_created, >, 0);
      non_ascii |= !g_str_is_ascii (c.last_name);
    }
  g_assert_true (non_ascii);

  /* At least 30 people, whatever the number of orders. */
  {
    g_autoptr(SkDemoData) tiny = sk_demo_data_new (1, 3, ANCHOR);

    g_assert_cmpuint (sk_demo_data_get_n_people (tiny), ==, 30);
    g_assert_cmpuint (sk_demo_data_get_n_customers (tiny), ==, 20);
  }
}

static void
test_json (void)
{
  g_autoptr(SkDemoData) data = sk_demo_data_new (1, 3000, ANCHOR);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDemoFields) fields = sk_demo_fields_new ("status, billing.email,total");
  JsonObject *obj;
  gint64 t = 0;

  sk_demo_json_append_string (s, "a\"b\\c/d\n\x01 Zoë 王 🎁");
  g_assert_cmpstr (s->str, ==, "\"a\\\"b\\\\c\\/d\\n\\u0001 Zo\\u00eb \\u738b \\ud83c\\udf81\"");
  json_parser_load_from_data (parser, s->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (json_parser_get_root (parser)), ==, "a\"b\\c/d\n\x01 Zoë 王 🎁");

  g_string_truncate (s, 0);
  sk_demo_append_money (s, -1250);
  g_string_append_c (s, ' ');
  sk_demo_append_money (s, 5);
  g_string_append_c (s, ' ');
  sk_demo_append_iso8601 (s, ANCHOR - 1);
  g_assert_cmpstr (s->str, ==, "-12.50 0.05 2025-12-31T23:59:59");

  g_assert_true (sk_demo_parse_iso8601 ("2025-12-31T23:59:59", &t));
  g_assert_cmpint (t, ==, ANCHOR - 1);
  g_assert_true (sk_demo_parse_iso8601 ("2026-01-01T01:00:00+01:00", &t));
  g_assert_cmpint (t, ==, ANCHOR);
  g_assert_true (sk_demo_parse_iso8601 ("2026-01-01T00:00:00.250Z", &t));
  g_assert_cmpint (t, ==, ANCHOR);
  g_assert_false (sk_demo_parse_iso8601 ("2026-02-30T00:00:00", &t));
  g_assert_false (sk_demo_parse_iso8601 ("yesterday", &t));
  g_assert_false (sk_demo_parse_iso8601 ("2026-01-01", &t));

  /* Every order of a store parses, with the shape and fields of WooCommerce. */
  for (guint i = 0; i < 3000; i += 7)
    {
      g_string_truncate (s, 0);
      sk_demo_data_write_order (data, i, NULL, "http://127.0.0.1:1", s);
      json_parser_load_from_data (parser, s->str, -1, &error);
      g_assert_no_error (error);
      obj = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (obj, "id"), ==, sk_demo_data_order_id (data, i));
      g_assert_true (json_object_has_member (obj, "date_created_gmt"));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "meta_data")));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "refunds")));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (obj, "billing"), "email"));
    }

  g_string_truncate (s, 0);
  sk_demo_data_write_order (data, 5, fields, "http://127.0.0.1:1", s);
  json_parser_load_from_data (parser, s->str, -1, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (obj), ==, 4);
  g_assert_true (json_object_has_member (obj, "id"));
  g_assert_true (json_object_has_member (obj, "billing"));

  for (guint i = 0; i < 60; i++)
    {
      g_string_truncate (s, 0);
      sk_demo_data_write_product (data, i, NULL, "http://127.0.0.1:1", s);
      json_parser_load_from_data (parser, s->str, -1, &error);
      g_assert_no_error (error);
    }
}

static void
test_speed (void)
{
  g_autoptr(SkDemoData) data = NULL;
  g_autoptr(GString) s = g_string_sized_new (400000);
  gint64 start, t_new, t_page;

  start = g_get_monotonic_time ();
  data = sk_demo_data_new (1, 1000000, ANCHOR);
  t_new = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  for (guint i = 1000000 - 100; i < 1000000; i++)
    sk_demo_data_write_order (data, i, NULL, "http://127.0.0.1:1", s);
  t_page = g_get_monotonic_time () - start;

  g_test_message ("1,000,000 orders: store created in %" G_GINT64_FORMAT " µs, "
                  "100 full orders (%" G_GSIZE_FORMAT " bytes) written in %" G_GINT64_FORMAT " µs",
                  t_new, s->len, t_page);
  /* Generous for sanitizer builds; a release build needs about a millisecond. */
  g_assert_cmpint (t_page, <, 200000);
  g_assert_cmpint (t_new, <, 200000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-data/determinism", test_determinism);
  g_test_add_func ("/demo-data/orders", test_orders);
  g_test_add_func ("/demo-data/lower-bound", test_lower_bound);
  g_test_add_func ("/demo-data/customers", test_customers);
  g_test_add_func ("/demo-data/json", test_json);
  g_test_add_func ("/demo-data/speed", test_speed);

  return g_test_run ();
}
