/* test-woo-json.c — WooCommerce JSON → records, good and bad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-money.h"
#include "sk-records.h"
#include "sk-sync-manager.h"
#include "sk-time.h"
#include "sk-woo-json.h"

/* The shape WooCommerce 10 sends for GET /orders with our _fields. */
static const char order_json[] =
  "[{\"id\":727,\"parent_id\":0,\"number\":\"727\",\"order_key\":\"wc_order_58d2d042d1d\","
  "\"status\":\"processing\",\"currency\":\"EUR\",\"date_created\":\"2026-03-01T15:05:09\","
  "\"date_created_gmt\":\"2026-03-01T14:05:09\",\"date_modified_gmt\":\"2026-03-02T08:00:00\","
  "\"date_paid_gmt\":\"2026-03-01T14:06:00\",\"date_completed_gmt\":null,"
  "\"customer_id\":26,\"customer_note\":\"Bitte nicht klingeln \\u2013 Hund!\","
  "\"payment_method\":\"bacs\",\"payment_method_title\":\"Direct Bank Transfer\","
  "\"discount_total\":\"5.00\",\"shipping_total\":\"10.00\",\"total_tax\":\"7.41\",\"total\":\"51.41\","
  "\"billing\":{\"first_name\":\"J\\u00fcrgen\",\"last_name\":\"M\\u00fcller\",\"company\":\"\","
  "\"address_1\":\"Hauptstra\\u00dfe 1\",\"address_2\":\"\",\"city\":\"K\\u00f6ln\",\"state\":\"NW\","
  "\"postcode\":\"50667\",\"country\":\"DE\",\"email\":\"juergen@example.com\",\"phone\":\"+49 221 123\"},"
  "\"shipping\":{\"first_name\":\"J\\u00fcrgen\",\"last_name\":\"M\\u00fcller\",\"company\":\"\","
  "\"address_1\":\"Hauptstra\\u00dfe 1\",\"address_2\":\"\",\"city\":\"K\\u00f6ln\",\"state\":\"NW\","
  "\"postcode\":\"50667\",\"country\":\"DE\",\"phone\":\"\"},"
  "\"line_items\":[{\"id\":315,\"name\":\"Woo Single #1\",\"product_id\":93,\"variation_id\":0,"
  "\"quantity\":2,\"tax_class\":\"\",\"subtotal\":\"36.363636\",\"subtotal_tax\":\"6.91\","
  "\"total\":\"31.36\",\"total_tax\":\"5.96\",\"taxes\":[],\"meta_data\":[],\"sku\":\"WS-1\",\"price\":18.181818},"
  "{\"id\":316,\"name\":\"Ship Your Idea\",\"product_id\":22,\"variation_id\":23,"
  "\"quantity\":1,\"subtotal\":\"5.00\",\"total\":\"5.00\",\"total_tax\":\"0.95\",\"sku\":null}],"
  "\"refunds\":[{\"id\":726,\"reason\":\"Broken mug\",\"total\":\"-12.50\"}],"
  "\"meta_data\":[{\"id\":1,\"key\":\"_x\",\"value\":{\"any\":[1,2]}}]},"
  "{\"id\":728,\"parent_id\":0,\"number\":\"\",\"status\":\"awaiting-shipment\",\"currency\":\"JPY\","
  "\"date_created_gmt\":\"2026-03-03T00:00:00\",\"date_modified_gmt\":null,\"date_paid_gmt\":null,"
  "\"date_completed_gmt\":null,\"customer_id\":0,\"customer_note\":\"\",\"discount_total\":\"0\","
  "\"shipping_total\":\"500\",\"total_tax\":\"0\",\"total\":\"3500\",\"billing\":null,"
  "\"line_items\":[{\"id\":317,\"name\":\"Tea\",\"product_id\":1,\"quantity\":3,\"subtotal\":\"3000\",\"total\":\"3000\",\"total_tax\":\"0\"}],"
  "\"refunds\":[]}]";

static const char customer_json[] =
  "[{\"id\":25,\"date_created\":\"2017-03-21T16:09:28\",\"date_created_gmt\":\"2017-03-21T19:09:28\","
  "\"date_modified_gmt\":null,\"email\":\"john.doe@example.com\",\"first_name\":\"John\","
  "\"last_name\":\"Doe\",\"role\":\"customer\",\"username\":\"john.doe\","
  "\"billing\":{\"first_name\":\"John\",\"last_name\":\"Doe\",\"company\":\"\",\"address_1\":\"969 Market\","
  "\"address_2\":\"\",\"city\":\"San Francisco\",\"state\":\"CA\",\"postcode\":\"94103\",\"country\":\"US\","
  "\"email\":\"john.doe@example.com\",\"phone\":\"(555) 555-5555\"},"
  "\"shipping\":{\"first_name\":\"\\u738b\",\"last_name\":\"\\u5c0f\\u660e\",\"company\":\"\",\"address_1\":\"969 Market\","
  "\"address_2\":\"\",\"city\":\"San Francisco\",\"state\":\"CA\",\"postcode\":\"94103\",\"country\":\"US\"},"
  "\"is_paying_customer\":false,\"avatar_url\":\"https://secure.gravatar.com/avatar/\"}]";

static const char product_json[] =
  "[{\"id\":794,\"name\":\"Premium Quality\",\"slug\":\"premium-quality-19\",\"status\":\"publish\","
  "\"featured\":true,\"sku\":\"PQ-19\",\"price\":\"21.99\",\"regular_price\":\"24.90\","
  "\"date_created_gmt\":\"2017-03-23T20:03:12\",\"date_modified_gmt\":\"2017-03-23T20:03:12\","
  "\"stock_quantity\":12,\"stock_status\":\"instock\","
  "\"categories\":[{\"id\":9,\"name\":\"Clothing\",\"slug\":\"clothing\"},{\"id\":14,\"name\":\"T-shirts\",\"slug\":\"t-shirts\"}]},"
  "{\"id\":795,\"name\":\"Variable\",\"slug\":\"variable\",\"status\":\"draft\",\"featured\":false,"
  "\"sku\":\"\",\"price\":\"\",\"regular_price\":\"\",\"date_created_gmt\":\"2017-03-23T20:03:12\","
  "\"date_modified_gmt\":null,\"stock_quantity\":null,\"stock_status\":\"outofstock\",\"categories\":[]}]";

static const char note_json[] =
  "[{\"id\":281,\"author\":\"system\",\"date_created\":\"2017-03-21T16:46:41\","
  "\"date_created_gmt\":\"2017-03-21T19:46:41\",\"note\":\"Order ok!!!\",\"customer_note\":false},"
  "{\"id\":282,\"author\":\"Jane\",\"date_created_gmt\":\"2017-03-22T10:00:00\","
  "\"note\":\"Your parcel is on its way.\",\"customer_note\":true}]";

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static gint64
utc (const char *text)
{
  gint64 t = 0;

  g_assert_true (sk_time_parse_iso8601_utc (text, &t, NULL));

  return t;
}

static void
test_orders_good (void)
{
  g_autoptr(GBytes) bytes = bytes_of (order_json);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  SkOrderRecord *order;
  SkOrderItemRecord *item;
  SkRefundRecord *refund;

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (orders);
  g_assert_cmpuint (orders->len, ==, 2);

  order = orders->pdata[0];
  g_assert_cmpint (order->remote_id, ==, 727);
  g_assert_cmpstr (order->number, ==, "727");
  g_assert_cmpstr (order->order_key, ==, "wc_order_58d2d042d1d");
  g_assert_cmpstr (order->status, ==, "processing");
  g_assert_cmpstr (order->currency, ==, "EUR");
  /* The _gmt fields, not the site-local ones. */
  g_assert_cmpint (order->date_created, ==, utc ("2026-03-01T14:05:09"));
  g_assert_cmpint (order->date_modified, ==, utc ("2026-03-02T08:00:00"));
  g_assert_cmpint (order->date_paid, ==, utc ("2026-03-01T14:06:00"));
  g_assert_cmpint (order->date_completed, ==, 0);
  g_assert_cmpint (order->customer_remote_id, ==, 26);
  g_assert_cmpstr (order->customer_note, ==, "Bitte nicht klingeln – Hund!");
  g_assert_cmpstr (order->payment_method, ==, "bacs");
  g_assert_cmpint (order->discount_total, ==, 500);
  g_assert_cmpint (order->shipping_total, ==, 1000);
  g_assert_cmpint (order->total_tax, ==, 741);
  g_assert_cmpint (order->total, ==, 5141);
  g_assert_cmpstr (order->billing.first_name, ==, "Jürgen");
  g_assert_cmpstr (order->billing.address_1, ==, "Hauptstraße 1");
  g_assert_cmpstr (order->billing.email, ==, "juergen@example.com");
  g_assert_cmpstr (order->billing.phone, ==, "+49 221 123");
  g_assert_cmpstr (order->shipping.city, ==, "Köln");
  g_assert_cmpstr (order->shipping.email, ==, "");

  g_assert_cmpuint (order->items->len, ==, 2);
  item = order->items->pdata[0];
  g_assert_cmpint (item->remote_id, ==, 315);
  g_assert_cmpint (item->product_remote_id, ==, 93);
  g_assert_cmpstr (item->name, ==, "Woo Single #1");
  g_assert_cmpstr (item->sku, ==, "WS-1");
  g_assert_cmpint (item->quantity, ==, 2);
  /* Line items may carry more decimals than the currency: rounded. */
  g_assert_cmpint (item->subtotal, ==, 3636);
  g_assert_cmpint (item->total, ==, 3136);
  g_assert_cmpint (item->total_tax, ==, 596);
  item = order->items->pdata[1];
  g_assert_cmpint (item->variation_remote_id, ==, 23);
  g_assert_cmpstr (item->sku, ==, "");
  g_assert_cmpint (sk_order_record_count_items (order), ==, 3);

  g_assert_cmpuint (order->refunds->len, ==, 1);
  refund = order->refunds->pdata[0];
  g_assert_cmpint (refund->remote_id, ==, 726);
  g_assert_cmpint (refund->amount, ==, 1250);
  g_assert_cmpstr (refund->reason, ==, "Broken mug");

  /* A plugin's own status is kept as its slug; a missing number becomes
   * the id; JPY has no decimals; a null date_modified is date_created. */
  order = orders->pdata[1];
  g_assert_cmpstr (order->status, ==, "awaiting-shipment");
  g_assert_cmpstr (order->number, ==, "728");
  g_assert_cmpint (order->total, ==, 3500);
  g_assert_cmpint (order->shipping_total, ==, 500);
  g_assert_cmpint (order->date_modified, ==, order->date_created);
  g_assert_cmpstr (order->billing.first_name, ==, "");
  g_assert_cmpint (order->customer_remote_id, ==, 0);
}

static void
test_orders_empty_list (void)
{
  g_autoptr(GBytes) bytes = bytes_of ("  [ ]\n");
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 0);
}

static void
test_customers_good (void)
{
  g_autoptr(GBytes) bytes = bytes_of (customer_json);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  SkCustomerRecord *customer;

  customers = sk_woo_json_parse_customers (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 1);

  customer = customers->pdata[0];
  g_assert_cmpint (customer->remote_id, ==, 25);
  g_assert_cmpint (customer->date_created, ==, utc ("2017-03-21T19:09:28"));
  g_assert_cmpint (customer->date_modified, ==, customer->date_created);
  g_assert_cmpstr (customer->email, ==, "john.doe@example.com");
  g_assert_cmpstr (customer->username, ==, "john.doe");
  g_assert_cmpstr (customer->billing.phone, ==, "(555) 555-5555");
  g_assert_cmpstr (customer->shipping.first_name, ==, "王");
}

static void
test_products_good (void)
{
  g_autoptr(GBytes) bytes = bytes_of (product_json);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  SkProductRecord *product;

  products = sk_woo_json_parse_products (bytes, "EUR", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 2);

  product = products->pdata[0];
  g_assert_cmpint (product->remote_id, ==, 794);
  g_assert_cmpstr (product->name, ==, "Premium Quality");
  g_assert_cmpstr (product->slug, ==, "premium-quality-19");
  g_assert_cmpstr (product->sku, ==, "PQ-19");
  g_assert_cmpstr (product->status, ==, "publish");
  g_assert_cmpstr (product->currency, ==, "EUR");
  g_assert_cmpint (product->price, ==, 2199);
  g_assert_cmpint (product->regular_price, ==, 2490);
  g_assert_true (product->featured);
  g_assert_cmpint (product->stock_quantity, ==, 12);
  g_assert_cmpstr (product->stock_status, ==, "instock");
  g_assert_cmpuint (product->categories->len, ==, 2);
  g_assert_cmpstr (product->categories->pdata[1], ==, "T-shirts");

  product = products->pdata[1];
  g_assert_cmpint (product->price, ==, 0);
  g_assert_false (product->featured);
  g_assert_cmpint (product->stock_quantity, ==, -1);
  g_assert_cmpuint (product->categories->len, ==, 0);
}

static void
test_notes_good (void)
{
  g_autoptr(GBytes) bytes = bytes_of (note_json);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  SkOrderNoteRecord *note;

  notes = sk_woo_json_parse_order_notes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);

  note = notes->pdata[0];
  g_assert_cmpint (note->remote_id, ==, 281);
  g_assert_cmpint (note->date_created, ==, utc ("2017-03-21T19:46:41"));
  g_assert_cmpstr (note->author, ==, "system");
  g_assert_cmpstr (note->note, ==, "Order ok!!!");
  g_assert_false (note->customer_note);
  g_assert_true (((SkOrderNoteRecord *) notes->pdata[1])->customer_note);
}

/* GET orders/<id>/refunds, as the WooCommerce documentation shows it. */
static void
test_refunds (void)
{
  g_autoptr(GBytes) good = bytes_of ("[{\"id\":726,\"date_created\":\"2017-03-21T17:07:11\","
                                     "\"date_created_gmt\":\"2017-03-21T20:07:11\",\"amount\":\"10.00\","
                                     "\"reason\":\"\",\"refunded_by\":1,\"refunded_payment\":false,"
                                     "\"meta_data\":[],\"line_items\":[]},"
                                     "{\"id\":727,\"date_created_gmt\":\"2017-03-22T08:00:00\","
                                     "\"amount\":\"-2.5\",\"reason\":\"Broken [sk-0123]\"}]");
  g_autoptr(GBytes) no_amount = bytes_of ("[{\"id\":726,\"reason\":\"x\"}]");
  g_autoptr(GBytes) yen = bytes_of ("[{\"id\":1,\"amount\":\"1200\"}]");
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;
  SkRefundRecord *refund;

  refunds = sk_woo_json_parse_order_refunds (good, "USD", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 2);
  refund = refunds->pdata[0];
  g_assert_cmpint (refund->remote_id, ==, 726);
  g_assert_cmpint (refund->date_created, ==, utc ("2017-03-21T20:07:11"));
  g_assert_cmpint (refund->amount, ==, 1000);
  g_assert_cmpstr (refund->reason, ==, "");
  refund = refunds->pdata[1];
  g_assert_cmpint (refund->amount, ==, 250);
  g_assert_cmpstr (refund->reason, ==, "Broken [sk-0123]");
  g_clear_pointer (&refunds, g_ptr_array_unref);

  refunds = sk_woo_json_parse_order_refunds (yen, "JPY", &error);
  g_assert_no_error (error);
  g_assert_cmpint (((SkRefundRecord *) refunds->pdata[0])->amount, ==, 1200);
  g_clear_pointer (&refunds, g_ptr_array_unref);

  refunds = sk_woo_json_parse_order_refunds (no_amount, "EUR", &error);
  g_assert_null (refunds);
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "726"));
}

static void
test_currency (void)
{
  struct { const char *json; const char *currency; gboolean ok; } cases[] = {
    { "{\"code\":\"EUR\",\"name\":\"Euro\",\"symbol\":\"&euro;\"}", "EUR", TRUE },
    { "[{\"id\":9,\"currency\":\"JPY\"}]", "JPY", TRUE },
    { "[]", NULL, TRUE },
    { "{\"code\":\"euro\"}", NULL, FALSE },
    { "{\"code\":3}", NULL, FALSE },
    { "\"EUR\"", NULL, FALSE },
    { "{\"code\":\"EUR\"", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_of (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autofree char *currency = NULL;
      gboolean ok;

      ok = sk_woo_json_parse_currency (bytes, &currency, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpstr (currency, ==, cases[i].currency);
      if (!ok)
        g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
    }
}

static void
test_error_body (void)
{
  g_autoptr(GBytes) bytes = bytes_of ("{\"code\":\"woocommerce_rest_authentication_error\","
                                      "\"message\":\"Consumer secret is invalid.\",\"data\":{\"status\":401}}");
  g_autoptr(GBytes) html = bytes_of ("<html><body>Not found</body></html>");
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  g_assert_true (sk_woo_json_parse_error (bytes, &code, &message));
  g_assert_cmpstr (code, ==, "woocommerce_rest_authentication_error");
  g_assert_cmpstr (message, ==, "Consumer secret is invalid.");
  g_assert_false (sk_woo_json_parse_error (html, NULL, NULL));
  g_assert_false (sk_woo_json_parse_error (NULL, NULL, NULL));
}

/* Malformed answers: each must be refused with MALFORMED and a message. */

static void
assert_orders_malformed (const char *json,
                         gssize      len,
                         const char *expect_in_message)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, len >= 0 ? (gsize) len : strlen (json));
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = sk_woo_json_parse_orders (bytes, &error);
  if (orders != NULL)
    g_error ("parsed where it should not: %.*s", (int) MIN (200, g_bytes_get_size (bytes)), json);
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (expect_in_message != NULL && strstr (error->message, expect_in_message) == NULL)
    g_error ("“%s” not in the message “%s”", expect_in_message, error->message);
}

static void
test_truncated (void)
{
  gsize len = strlen (order_json);

  /* Every cut of a JSON array is invalid: none may parse, none may crash. */
  for (gsize cut = 0; cut < len; cut++)
    assert_orders_malformed (order_json, cut, NULL);
}

static void
test_not_json (void)
{
  assert_orders_malformed ("<!DOCTYPE html><html><body>Hello</body></html>", -1, NULL);
  assert_orders_malformed ("Service Unavailable", -1, NULL);
  assert_orders_malformed ("", -1, NULL);
  assert_orders_malformed ("[1,]", -1, NULL);
  assert_orders_malformed ("[] []", -1, NULL);
  /* An object where the list belongs (an error body with status 200). */
  assert_orders_malformed ("{}", -1, "list");
  assert_orders_malformed ("{\"code\":\"x\",\"message\":\"y\"}", -1, "list");
  assert_orders_malformed ("null", -1, NULL);
  assert_orders_malformed ("[[]]", -1, "record 1");
  assert_orders_malformed ("[{\"id\":1,\"status\":\"x\",\"currency\":\"EUR\",\"date_created_gmt\":\"2026-01-01T00:00:00\",\"total\":\"1\"}, 7]",
                           -1, "record 2");
}

static void
test_nul_and_invalid_utf8 (void)
{
  static const char nul[] = "[{\"id\":1,\"status\":\"pro\0cessing\"}]";
  static const char bad[] = "[{\"id\":1,\"status\":\"processing\",\"currency\":\"EUR\","
                            "\"date_created_gmt\":\"2026-01-01T00:00:00\",\"total\":\"1\","
                            "\"billing\":{\"first_name\":\"J\xc3\x28rgen\"}}]";
  static const char overlong[] = "[{\"id\":1,\"note\":\"\xc0\xaf\"}]";
  static const char surrogate[] = "[{\"id\":1,\"note\":\"\xed\xa0\x80\"}]";

  assert_orders_malformed (nul, sizeof nul - 1, NULL);
  assert_orders_malformed (bad, -1, "UTF-8");
  assert_orders_malformed (overlong, -1, "UTF-8");
  assert_orders_malformed (surrogate, -1, "UTF-8");
}

static char *
order_with (const char *member_json)
{
  /* A minimal valid order with one member added or overridden (json-glib
   * keeps the last of duplicate members). */
  return g_strdup_printf ("[{\"id\":42,\"status\":\"completed\",\"currency\":\"EUR\","
                          "\"date_created_gmt\":\"2026-01-01T10:00:00\",\"total\":\"9.99\","
                          "\"line_items\":[{\"id\":7,\"name\":\"Mug\",\"quantity\":1,\"total\":\"9.99\"}]%s%s}]",
                          *member_json != '\0' ? "," : "", member_json);
}

static void
test_minimal_order_is_valid (void)
{
  g_autofree char *json = order_with ("");
  g_autoptr(GBytes) bytes = bytes_of (json);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpint (((SkOrderRecord *) orders->pdata[0])->total, ==, 999);
}

static void
test_wrong_members (void)
{
  struct { const char *member; const char *expect; } cases[] = {
    /* wrong types */
    { "\"id\":\"42\"", "id" },
    { "\"id\":42.5", "id" },
    { "\"id\":-3", "id" },
    { "\"id\":0", "id" },
    { "\"id\":null", "id" },
    { "\"status\":3", "status" },
    { "\"status\":\"\"", "status" },
    { "\"status\":null", "status" },
    { "\"total\":9.99", "total" },
    { "\"total\":null", "total" },
    { "\"currency\":\"euro\"", "currency" },
    { "\"currency\":[]", "currency" },
    { "\"customer_id\":\"26\"", "customer_id" },
    { "\"customer_id\":-1", "customer_id" },
    { "\"billing\":\"Jane\"", "billing" },
    { "\"billing\":{\"email\":5}", "email" },
    { "\"line_items\":{}", "line_items" },
    { "\"line_items\":[3]", "line_items" },
    { "\"line_items\":[{\"name\":\"no id\",\"quantity\":1}]", "id" },
    { "\"line_items\":[{\"id\":8,\"quantity\":\"2\"}]", "quantity" },
    { "\"line_items\":[{\"id\":8,\"quantity\":-2}]", "negative" },
    { "\"line_items\":[{\"id\":8}]", "quantity" },
    { "\"line_items\":[{\"id\":8,\"quantity\":1,\"total\":\"ten\"}]", "ten" },
    { "\"refunds\":[{\"id\":5,\"total\":\"abc\"}]", "abc" },
    { "\"refunds\":[{\"id\":5}]", "total" },
    { "\"customer_note\":{\"a\":1}", "customer_note" },
    { "\"parent_id\":true", "parent_id" },
    { "\"id\":99999999999999999999", "too large" },
    { "\"customer_id\":9223372036854775808", "customer_id" },
    { "\"customer_id\":1e3", "decimal" },
    { "\"line_items\":[{\"id\":8,\"quantity\":1.5}]", "quantity" },
    /* bad amounts */
    { "\"total\":\"12,50\"", "12,50" },
    { "\"total\":\"1.234\"", "1.234" },
    { "\"total\":\"\"", "total" },
    { "\"total\":\"1e3\"", "1e3" },
    { "\"total\":\"NaN\"", "NaN" },
    { "\"total\":\"99999999999999999999999\"", "total" },
    { "\"discount_total\":\"--1\"", "discount_total" },
    /* bad dates */
    { "\"date_created_gmt\":\"yesterday\"", "yesterday" },
    { "\"date_created_gmt\":\"2026-02-30T10:00:00\"", "date_created_gmt" },
    { "\"date_created_gmt\":\"2026-01-01 10:00\"", "date_created_gmt" },
    { "\"date_created_gmt\":null", "date_created_gmt" },
    { "\"date_created_gmt\":1767261600", "date_created_gmt" },
    { "\"date_paid_gmt\":\"\"", "date_paid_gmt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = order_with (cases[i].member);

      g_test_message ("case %s", cases[i].member);
      assert_orders_malformed (json, -1, cases[i].expect);
    }
}

static void
test_error_names_record (void)
{
  g_autofree char *json = order_with ("\"total\":\"oops\"");
  g_autoptr(GBytes) bytes = bytes_of (json);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_null (orders);
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "42"));
  g_assert_nonnull (strstr (error->message, "total"));
  g_assert_nonnull (strstr (error->message, "oops"));
}

static void
test_missing_id (void)
{
  assert_orders_malformed ("[{\"status\":\"completed\",\"currency\":\"EUR\",\"total\":\"1\"}]", -1, "id");
  assert_orders_malformed ("[{}]", -1, "id");

  {
    g_autoptr(GBytes) bytes = bytes_of ("[{\"email\":\"a@b.c\"}]");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) customers = sk_woo_json_parse_customers (bytes, &error);

    g_assert_null (customers);
    g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
  }
  {
    g_autoptr(GBytes) bytes = bytes_of ("[{\"name\":\"x\"}]");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) products = sk_woo_json_parse_products (bytes, "EUR", &error);

    g_assert_null (products);
    g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
  }
  {
    g_autoptr(GBytes) bytes = bytes_of ("[{\"note\":\"x\",\"date_created_gmt\":\"2026-01-01T00:00:00\"}]");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) notes = sk_woo_json_parse_order_notes (bytes, &error);

    g_assert_null (notes);
    g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
  }
}

static void
test_other_resources_malformed (void)
{
  const char *products[] = {
    "[{\"id\":1,\"price\":\"1,5\"}]",
    "[{\"id\":1,\"featured\":\"yes\"}]",
    "[{\"id\":1,\"stock_quantity\":\"3\"}]",
    "[{\"id\":1,\"categories\":[{\"id\":2}]}]",
    "[{\"id\":1,\"categories\":\"Clothing\"}]",
    "{}",
  };
  const char *customers[] = {
    "[{\"id\":1,\"email\":[]}]",
    "[{\"id\":1,\"date_created_gmt\":\"soon\"}]",
    "[{\"id\":1,\"shipping\":[]}]",
  };
  const char *notes[] = {
    "[{\"id\":1,\"date_created_gmt\":\"2026-01-01T00:00:00\",\"customer_note\":\"true\"}]",
    "[{\"id\":1}]",
    "[{\"id\":1,\"date_created_gmt\":\"2026-01-01T00:00:00\",\"note\":false}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autoptr(GBytes) bytes = bytes_of (products[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = sk_woo_json_parse_products (bytes, "EUR", &error);

      g_assert_null (records);
      g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autoptr(GBytes) bytes = bytes_of (customers[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = sk_woo_json_parse_customers (bytes, &error);

      g_assert_null (records);
      g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autoptr(GBytes) bytes = bytes_of (notes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = sk_woo_json_parse_order_notes (bytes, &error);

      g_assert_null (records);
      g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED);
    }
}

static void
test_huge_strings (void)
{
  gsize huge = 1024 * 1024;
  g_autofree char *big = g_malloc (huge + 1);
  g_autofree char *member = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  SkOrderRecord *order;

  /* "ü" is two bytes: an odd cap would fall in the middle of one. */
  for (gsize i = 0; i + 1 < huge; i += 2)
    memcpy (big + i, "\xc3\xbc", 2);
  big[huge] = '\0';

  member = g_strdup_printf ("\"customer_note\":\"%s\",\"billing\":{\"first_name\":\"%s\"}", big, big);
  json = order_with (member);
  bytes = bytes_of (json);

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_no_error (error);
  order = orders->pdata[0];
  g_assert_cmpuint (strlen (order->customer_note), <=, SK_WOO_MAX_LONG_TEXT);
  g_assert_cmpuint (strlen (order->customer_note), >=, SK_WOO_MAX_LONG_TEXT - 4);
  g_assert_true (g_utf8_validate (order->customer_note, -1, NULL));
  g_assert_cmpuint (strlen (order->billing.first_name), <=, SK_WOO_MAX_SHORT_TEXT);
  g_assert_true (g_utf8_validate (order->billing.first_name, -1, NULL));
}

static void
test_odd_text (void)
{
  g_autofree char *json = order_with ("\"customer_note\":\"before\\u0000after\","
                                      "\"billing\":{\"first_name\":\"Ann\\ud83d\",\"last_name\":\"\\ud83d\\ude00\"}");
  g_autoptr(GBytes) bytes = bytes_of (json);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  SkOrderRecord *order;

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_no_error (error);
  order = orders->pdata[0];
  /* A NUL ends the text, as in any C string; a lone surrogate (half an
   * emoji cut by some plugin) becomes U+FFFD instead of stopping the sync. */
  g_assert_cmpstr (order->customer_note, ==, "before");
  g_assert_cmpstr (order->billing.first_name, ==, "Ann\xef\xbf\xbd");
  g_assert_cmpstr (order->billing.last_name, ==, "😀");
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) json = g_string_new ("[");

  /* A hostile answer nested ten thousand levels deep is refused. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (json, "[");
  for (guint i = 0; i < 10001; i++)
    g_string_append (json, "]");

  assert_orders_malformed (json->str, (gssize) json->len, "deeper");
}

static void
test_big_page (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sum = 0;

  /* A full page of 100 orders (the real page size), each different. */
  for (guint i = 1; i <= 100; i++)
    g_string_append_printf (json, "%s{\"id\":%u,\"status\":\"completed\",\"currency\":\"EUR\","
                            "\"date_created_gmt\":\"2026-01-01T10:00:00\",\"total\":\"%u.%02u\"}",
                            i > 1 ? "," : "", i, i, i % 100);
  g_string_append_c (json, ']');
  bytes = g_bytes_new (json->str, json->len);

  orders = sk_woo_json_parse_orders (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 100);
  for (guint i = 0; i < orders->len; i++)
    sum += ((SkOrderRecord *) orders->pdata[i])->total;
  /* sum of i*100 + i%100 for i = 1..100 */
  g_assert_cmpint (sum, ==, 505000 + 4950);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/woo-json/orders/good", test_orders_good);
  g_test_add_func ("/woo-json/orders/empty-list", test_orders_empty_list);
  g_test_add_func ("/woo-json/orders/minimal", test_minimal_order_is_valid);
  g_test_add_func ("/woo-json/orders/big-page", test_big_page);
  g_test_add_func ("/woo-json/customers/good", test_customers_good);
  g_test_add_func ("/woo-json/products/good", test_products_good);
  g_test_add_func ("/woo-json/notes/good", test_notes_good);
  g_test_add_func ("/woo-json/refunds", test_refunds);
  g_test_add_func ("/woo-json/currency", test_currency);
  g_test_add_func ("/woo-json/error-body", test_error_body);
  g_test_add_func ("/woo-json/malformed/truncated", test_truncated);
  g_test_add_func ("/woo-json/malformed/not-json", test_not_json);
  g_test_add_func ("/woo-json/malformed/utf8", test_nul_and_invalid_utf8);
  g_test_add_func ("/woo-json/malformed/members", test_wrong_members);
  g_test_add_func ("/woo-json/malformed/names-record", test_error_names_record);
  g_test_add_func ("/woo-json/malformed/missing-id", test_missing_id);
  g_test_add_func ("/woo-json/malformed/other-resources", test_other_resources_malformed);
  g_test_add_func ("/woo-json/huge-strings", test_huge_strings);
  g_test_add_func ("/woo-json/odd-text", test_odd_text);
  g_test_add_func ("/woo-json/malformed/deep-nesting", test_deep_nesting);

  return g_test_run ();
}
