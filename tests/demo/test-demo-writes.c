/* test-demo-writes.c — the demo store as a store you can write to, over HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo-writes"

#include "config.h"

#include <string.h>

#include "demo-http.h"
#include "sk-demo-server.h"

/* The first order of @status, by index. */
static gint64
find_order (SkDemoServer *server,
            const char   *status)
{
  const SkDemoData *data = sk_demo_server_get_data (server);

  for (guint i = 0; i < sk_demo_data_get_n_orders (data); i++)
    if (g_str_equal (sk_demo_data_order_status (data, i), status))
      return sk_demo_data_order_id (data, i);

  g_assert_not_reached ();
  return 0;
}

static gint64
now_utc (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Ids of a listing, all pages, with @query added. */
static GArray *
scan_ids (SkDemoServer *server,
          const char   *query,
          guint64      *out_total)
{
  g_autoptr(SoupSession) session = demo_session ();
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint page = 1;; page++)
    {
      g_autofree char *path = g_strdup_printf ("orders?per_page=100&page=%u&_fields=id&%s", page, query);
      g_auto(DemoReply) reply = { 0 };
      JsonArray *array;

      demo_request (session, server, "GET", path, NULL, TRUE, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      array = demo_array (&reply);
      if (out_total != NULL)
        *out_total = g_ascii_strtoull (soup_message_headers_get_one (reply.headers, "X-WP-Total"), NULL, 10);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (array, i), "id");

          g_array_append_val (ids, id);
        }
      if (json_array_get_length (array) < 100)
        break;
    }

  return ids;
}

static gboolean
ids_contain (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
test_update_order (void)
{
  g_autoptr(SkDemoServer) server = demo_start (1, 500);
  gint64 id = find_order (server, "processing");
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, id);
  g_autofree char *after = NULL;
  g_autofree char *anchor_iso = NULL;
  g_autoptr(GArray) changed = NULL;
  gint64 before = now_utc ();
  guint64 total = 0;

  {
    g_auto(DemoReply) reply = { 0 };
    JsonObject *order;

    demo_call (server, "PUT", path, "{\"status\":\"completed\",\"customer_note\":\"Bitte klingeln \\u2013 danke\"}", &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    order = demo_object (&reply);
    g_assert_cmpint (json_object_get_int_member (order, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "completed");
    g_assert_cmpstr (json_object_get_string_member (order, "customer_note"), ==, "Bitte klingeln – danke");
    g_assert_cmpint (demo_date (order, "date_modified_gmt"), >=, before);
    g_assert_cmpint (demo_date (order, "date_modified_gmt"), <=, now_utc ());
    /* The full order comes back. */
    g_assert_true (json_object_has_member (order, "line_items"));
    g_assert_true (json_object_has_member (order, "billing"));
  }

  /* A single GET sees it, so does the listing of what changed since the
   * anchor (every generated order was modified before it). */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", path, NULL, &reply);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&reply), "status"), ==, "completed");
  }
  anchor_iso = demo_iso (demo_anchor ());
  after = g_strdup_printf ("modified_after=%s&dates_are_gmt=true", anchor_iso);
  changed = scan_ids (server, after, &total);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, id);

  /* The change is recorded in a system note, as WooCommerce does. */
  {
    g_autofree char *notes_path = g_strdup_printf ("%s/notes", path);
    g_auto(DemoReply) reply = { 0 };
    JsonObject *note;

    demo_call (server, "GET", notes_path, NULL, &reply);
    note = json_array_get_object_element (demo_array (&reply), 0);
    g_assert_cmpstr (json_object_get_string_member (note, "note"), ==, "Order status changed from Processing to Completed.");
    g_assert_false (json_object_get_boolean_member (note, "customer_note"));
  }

  /* POST updates too (WordPress maps it to the same handler). */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, "{\"status\":\"on-hold\"}", &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&reply), "status"), ==, "on-hold");
  }

  /* Errors change nothing. */
  {
    g_auto(DemoReply) bad_status = { 0 };
    g_auto(DemoReply) bad_json = { 0 };
    g_auto(DemoReply) bad_type = { 0 };
    g_auto(DemoReply) unknown = { 0 };
    g_auto(DemoReply) check = { 0 };

    demo_call (server, "PUT", path, "{\"status\":\"shipped\"}", &bad_status);
    demo_assert_error (&bad_status, 400, "rest_invalid_param");
    demo_call (server, "PUT", path, "{\"status\":", &bad_json);
    demo_assert_error (&bad_json, 400, "rest_invalid_json");
    demo_call (server, "PUT", path, "{\"customer_note\":12}", &bad_type);
    demo_assert_error (&bad_type, 400, "rest_invalid_param");
    demo_call (server, "PUT", "orders/999999", "{\"status\":\"completed\"}", &unknown);
    demo_assert_error (&unknown, 404, "woocommerce_rest_shop_order_invalid_id");
    demo_call (server, "GET", path, NULL, &check);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&check), "status"), ==, "on-hold");
  }
}

static void
test_notes (void)
{
  g_autoptr(SkDemoServer) server = demo_start (2, 200);
  gint64 id = find_order (server, "completed");
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/notes", id);
  gint64 note_id;

  {
    g_auto(DemoReply) reply = { 0 };
    JsonObject *note;

    demo_call (server, "POST", path, "{\"note\":\"Paket ist unterwegs \\ud83d\\udce6\",\"customer_note\":true}", &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    note = demo_object (&reply);
    note_id = json_object_get_int_member (note, "id");
    g_assert_cmpint (note_id, >, 0);
    g_assert_cmpstr (json_object_get_string_member (note, "note"), ==, "Paket ist unterwegs 📦");
    g_assert_true (json_object_get_boolean_member (note, "customer_note"));
    g_assert_cmpint (demo_date (note, "date_created_gmt"), >=, now_utc () - 5);
  }

  /* Listed first (newest first), and not paginated. */
  {
    g_auto(DemoReply) reply = { 0 };
    JsonArray *notes;

    demo_call (server, "GET", path, NULL, &reply);
    notes = demo_array (&reply);
    g_assert_cmpuint (json_array_get_length (notes), >=, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (notes, 0), "id"), ==, note_id);
    g_assert_null (soup_message_headers_get_one (reply.headers, "X-WP-Total"));
  }

  /* One note by its id, made here or generated. */
  {
    g_auto(DemoReply) all = { 0 };
    g_auto(DemoReply) made = { 0 };
    g_auto(DemoReply) old = { 0 };
    g_autofree char *made_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, path, note_id);
    g_autofree char *old_path = NULL;
    JsonArray *notes;
    JsonObject *last;

    demo_call (server, "GET", made_path, NULL, &made);
    g_assert_cmpuint (made.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (demo_object (&made), "id"), ==, note_id);
    demo_call (server, "GET", path, NULL, &all);
    notes = demo_array (&all);
    last = json_array_get_object_element (notes, json_array_get_length (notes) - 1);
    old_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, path, json_object_get_int_member (last, "id"));
    demo_call (server, "GET", old_path, NULL, &old);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&old), "note"), ==, json_object_get_string_member (last, "note"));
  }

  /* A private note; then errors. */
  {
    g_auto(DemoReply) priv = { 0 };
    g_auto(DemoReply) missing = { 0 };
    g_auto(DemoReply) empty = { 0 };
    g_auto(DemoReply) unknown = { 0 };

    demo_call (server, "POST", path, "{\"note\":\"Kunde rief an\"}", &priv);
    g_assert_cmpuint (priv.status, ==, 201);
    g_assert_false (json_object_get_boolean_member (demo_object (&priv), "customer_note"));
    g_assert_cmpint (json_object_get_int_member (demo_object (&priv), "id"), >, note_id);

    demo_call (server, "POST", path, "{\"customer_note\":true}", &missing);
    demo_assert_error (&missing, 400, "rest_missing_callback_param");
    demo_call (server, "POST", path, "{\"note\":\"\"}", &empty);
    demo_assert_error (&empty, 400, "woocommerce_rest_invalid_order_note");
    demo_call (server, "POST", "orders/99999999/notes", "{\"note\":\"x\"}", &unknown);
    demo_assert_error (&unknown, 404, "woocommerce_rest_order_invalid_id");
  }

  /* Every POST is counted, whatever its outcome. */
  g_assert_cmpuint (sk_demo_server_get_n_posts (server, "notes", id), ==, 4);
  g_assert_cmpuint (sk_demo_server_get_n_posts (server, "refunds", id), ==, 0);
  g_assert_cmpuint (sk_demo_server_get_n_posts (server, "notes", id + 1), ==, 0);
}

static void
test_refunds (void)
{
  g_autoptr(SkDemoServer) server = demo_start (3, 300);
  gint64 id = find_order (server, "processing");
  g_autofree char *order_path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, id);
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", id);
  g_autofree char *rest = NULL;
  g_autofree char *line_body = NULL;
  gint64 total, item_id, item_total, item_tax;

  {
    g_auto(DemoReply) reply = { 0 };
    JsonObject *order, *item;

    demo_call (server, "GET", order_path, NULL, &reply);
    order = demo_object (&reply);
    total = demo_money (order, "total");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (order, "refunds")), ==, 0);
    item = json_array_get_object_element (json_object_get_array_member (order, "line_items"), 0);
    item_id = json_object_get_int_member (item, "id");
    item_total = demo_money (item, "total");
    item_tax = demo_money (item, "total_tax");
  }
  g_assert_cmpint (total, >, 200);

  /* A refund of one line: amount from the lines, tax as WooCommerce's array. */
  line_body = g_strdup_printf ("{\"reason\":\"Bohnen zu dunkel\",\"api_refund\":false,\"line_items\":[{\"id\":%" G_GINT64_FORMAT
                               ",\"quantity\":1,\"refund_total\":\"%" G_GINT64_FORMAT ".%02d\",\"refund_tax\":[{\"id\":1,\"refund_total\":\"%" G_GINT64_FORMAT ".%02d\"}]}]}",
                               item_id, (item_total / 2) / 100, (int) ((item_total / 2) % 100), (item_tax / 2) / 100, (int) ((item_tax / 2) % 100));
  {
    g_auto(DemoReply) reply = { 0 };
    JsonObject *refund;
    JsonArray *lines;

    demo_call (server, "POST", path, line_body, &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    refund = demo_object (&reply);
    g_assert_cmpint (demo_money (refund, "amount"), ==, item_total / 2 + item_tax / 2);
    g_assert_cmpstr (json_object_get_string_member (refund, "reason"), ==, "Bohnen zu dunkel");
    g_assert_false (json_object_get_boolean_member (refund, "refunded_payment"));
    lines = json_object_get_array_member (refund, "line_items");
    g_assert_cmpuint (json_array_get_length (lines), ==, 1);
    g_assert_cmpint (demo_money (json_array_get_object_element (lines, 0), "total"), ==, -(item_total / 2));
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 0), "quantity"), ==, -1);
  }

  /* More than what is left: refused, nothing recorded. */
  {
    g_autofree char *too_much = g_strdup_printf ("{\"amount\":\"%" G_GINT64_FORMAT ".%02d\"}", total / 100, (int) (total % 100));
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, too_much, &reply);
    /* WooCommerce answers a refund wc_create_refund () refused with a 500. */
    demo_assert_error (&reply, 500, "woocommerce_rest_cannot_create_order_refund");
  }

  /* Malformed amounts. */
  {
    const char *bad[] = { "{\"amount\":\"abc\"}", "{\"amount\":\"-1.00\"}", "{\"amount\":\"1.234\"}",
                          "{\"amount\":1.5}", "{\"amount\":\"0.00\"}", "{}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(DemoReply) reply = { 0 };

        demo_call (server, "POST", path, bad[i], &reply);
        g_assert_cmpuint (reply.status, ==, 400);
      }
  }

  /* An unknown line item. */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, "{\"amount\":\"1.00\",\"line_items\":[{\"id\":1,\"quantity\":1,\"refund_total\":\"1.00\"}]}", &reply);
    demo_assert_error (&reply, 400, "woocommerce_rest_invalid_order_refund");
  }

  /* Exactly what is left: the order turns "refunded" and changes. */
  {
    gint64 left = total - (item_total / 2 + item_tax / 2);
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) order = { 0 };
    g_auto(DemoReply) list = { 0 };
    JsonArray *refunds;

    rest = g_strdup_printf ("{\"amount\":\"%" G_GINT64_FORMAT ".%02d\",\"reason\":\"Storniert\"}", left / 100, (int) (left % 100));
    demo_call (server, "POST", path, rest, &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    g_assert_true (json_object_get_boolean_member (demo_object (&reply), "refunded_payment"));

    demo_call (server, "GET", order_path, NULL, &order);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&order), "status"), ==, "refunded");
    {
      g_autofree char *notes_path = g_strdup_printf ("%s/notes", order_path);
      g_auto(DemoReply) notes = { 0 };

      demo_call (server, "GET", notes_path, NULL, &notes);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (demo_array (&notes), 0), "note"), ==,
                       "Order status changed from Processing to Refunded.");
    }
    g_assert_cmpint (demo_date (demo_object (&order), "date_modified_gmt"), >, demo_anchor ());
    refunds = json_object_get_array_member (demo_object (&order), "refunds");
    g_assert_cmpuint (json_array_get_length (refunds), ==, 2);
    g_assert_cmpint (demo_money (json_array_get_object_element (refunds, 0), "total"), ==, -left);

    demo_call (server, "GET", path, NULL, &list);
    g_assert_cmpuint (json_array_get_length (demo_array (&list)), ==, 2);
    g_assert_cmpstr (soup_message_headers_get_one (list.headers, "X-WP-Total"), ==, "2");
  }

  /* Nothing left: even a cent is refused. */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, "{\"amount\":\"0.01\"}", &reply);
    /* WooCommerce answers a refund wc_create_refund () refused with a 500. */
    demo_assert_error (&reply, 500, "woocommerce_rest_cannot_create_order_refund");
  }

  /* One refund by its id: the one just made and a generated one. */
  {
    g_auto(DemoReply) list = { 0 };
    g_auto(DemoReply) one = { 0 };
    g_auto(DemoReply) missing = { 0 };
    g_autofree char *one_path = NULL;
    g_autofree char *missing_path = g_strdup_printf ("%s/12345", path);
    gint64 refund_id;

    demo_call (server, "GET", path, NULL, &list);
    refund_id = json_object_get_int_member (json_array_get_object_element (demo_array (&list), 1), "id");
    one_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, path, refund_id);
    demo_call (server, "GET", one_path, NULL, &one);
    g_assert_cmpuint (one.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (demo_object (&one), "id"), ==, refund_id);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&one), "reason"), ==, "Bohnen zu dunkel");
    demo_call (server, "GET", missing_path, NULL, &missing);
    demo_assert_error (&missing, 404, "woocommerce_rest_shop_order_refund_invalid_id");
  }
  {
    gint64 refunded_id = find_order (server, "refunded");
    g_autofree char *list_path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", refunded_id);
    g_autofree char *one_path = NULL;
    g_auto(DemoReply) list = { 0 };
    g_auto(DemoReply) one = { 0 };
    JsonObject *first;

    demo_call (server, "GET", list_path, NULL, &list);
    first = json_array_get_object_element (demo_array (&list), 0);
    one_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, list_path, json_object_get_int_member (first, "id"));
    demo_call (server, "GET", one_path, NULL, &one);
    g_assert_cmpuint (one.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&one), "amount"), ==,
                     json_object_get_string_member (first, "amount"));
  }

  g_assert_cmpuint (sk_demo_server_get_n_posts (server, "refunds", id), ==, 11);
}

/* Refunds of lines: never more than bought and not refunded yet, in
 * quantity or money; api_restock puts the items back in stock. */
static void
test_refund_lines (void)
{
  g_autoptr(SkDemoServer) server = demo_start (5, 300);
  gint64 id = find_order (server, "processing");
  g_autofree char *order_path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, id);
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", id);
  g_autofree char *product_path = NULL;
  gint64 item_id, quantity, item_total, stock_before;

  {
    g_auto(DemoReply) reply = { 0 };
    JsonObject *item;

    demo_call (server, "GET", order_path, NULL, &reply);
    item = json_array_get_object_element (json_object_get_array_member (demo_object (&reply), "line_items"), 0);
    item_id = json_object_get_int_member (item, "id");
    quantity = json_object_get_int_member (item, "quantity");
    item_total = demo_money (item, "total");
    product_path = g_strdup_printf ("products/%" G_GINT64_FORMAT, json_object_get_int_member (item, "product_id"));
  }
  {
    g_auto(DemoReply) product = { 0 };

    demo_call (server, "GET", product_path, NULL, &product);
    g_assert_true (json_object_get_boolean_member (demo_object (&product), "manage_stock"));
    stock_before = json_object_get_int_member (demo_object (&product), "stock_quantity");
  }

  /* One more than bought: refused, nothing made. */
  {
    g_autofree char *body = g_strdup_printf ("{\"api_refund\":false,\"line_items\":[{\"id\":%" G_GINT64_FORMAT
                                             ",\"quantity\":%" G_GINT64_FORMAT ",\"refund_total\":\"0.01\"}]}",
                                             item_id, quantity + 1);
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, body, &reply);
    demo_assert_error (&reply, 500, "woocommerce_rest_cannot_create_order_refund");
  }
  /* More money than the line holds. */
  {
    g_autofree char *body = g_strdup_printf ("{\"api_refund\":false,\"line_items\":[{\"id\":%" G_GINT64_FORMAT
                                             ",\"quantity\":1,\"refund_total\":\"%" G_GINT64_FORMAT ".%02d\"}]}",
                                             item_id, (item_total + 1) / 100, (int) ((item_total + 1) % 100));
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, body, &reply);
    demo_assert_error (&reply, 500, "woocommerce_rest_cannot_create_order_refund");
  }
  /* The same line twice in one refund. */
  {
    g_autofree char *body = g_strdup_printf ("{\"line_items\":[{\"id\":%" G_GINT64_FORMAT ",\"quantity\":1,\"refund_total\":\"0.01\"},"
                                             "{\"id\":%" G_GINT64_FORMAT ",\"quantity\":1,\"refund_total\":\"0.01\"}]}",
                                             item_id, item_id);
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, body, &reply);
    demo_assert_error (&reply, 400, "woocommerce_rest_invalid_order_refund");
  }
  {
    g_auto(DemoReply) product = { 0 };

    demo_call (server, "GET", product_path, NULL, &product);
    g_assert_cmpint (json_object_get_int_member (demo_object (&product), "stock_quantity"), ==, stock_before);
  }

  /* Every item back, restocked: the stock grows by the quantity. */
  {
    g_autofree char *body = g_strdup_printf ("{\"api_refund\":false,\"api_restock\":true,\"line_items\":[{\"id\":%" G_GINT64_FORMAT
                                             ",\"quantity\":%" G_GINT64_FORMAT ",\"refund_total\":\"0.01\"}]}",
                                             item_id, quantity);
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) product = { 0 };
    g_auto(DemoReply) list = { 0 };
    JsonArray *lines;

    demo_call (server, "POST", path, body, &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    demo_call (server, "GET", product_path, NULL, &product);
    g_assert_cmpint (json_object_get_int_member (demo_object (&product), "stock_quantity"), ==, stock_before + quantity);

    /* Served back with its lines. */
    demo_call (server, "GET", path, NULL, &list);
    lines = json_object_get_array_member (json_array_get_object_element (demo_array (&list), 0), "line_items");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 0), "quantity"), ==, -quantity);
  }
  /* Nothing left to take back of that line. */
  {
    g_autofree char *body = g_strdup_printf ("{\"api_refund\":false,\"line_items\":[{\"id\":%" G_GINT64_FORMAT
                                             ",\"quantity\":1,\"refund_total\":\"0.00\"}]}", item_id);
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "POST", path, body, &reply);
    g_assert_cmpuint (reply.status, !=, 201);
  }
}

/* PUT and DELETE customers/<id>. */
static void
test_customers (void)
{
  g_autoptr(SkDemoServer) server = demo_start (6, 300);
  const SkDemoData *data = sk_demo_server_get_data (server);
  guint n = sk_demo_data_get_n_customers (data);
  gint64 first = sk_demo_data_customer_id (data, 0);
  gint64 second = sk_demo_data_customer_id (data, 1);
  g_autofree char *first_path = g_strdup_printf ("customers/%" G_GINT64_FORMAT, first);
  g_autofree char *second_path = g_strdup_printf ("customers/%" G_GINT64_FORMAT, second);
  g_autofree char *second_email = NULL;
  gint64 modified_before;

  g_assert_cmpuint (n, >, 2);
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", second_path, NULL, &reply);
    second_email = g_strdup (json_object_get_string_member (demo_object (&reply), "email"));
    modified_before = demo_date (demo_object (&reply), "date_modified_gmt");
  }

  /* Only what is sent changes; GET and the list show it. */
  {
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) again = { 0 };
    g_auto(DemoReply) list = { 0 };
    JsonObject *customer;

    demo_call (server, "PUT", second_path,
               "{\"first_name\":\"Zoë\",\"billing\":{\"phone\":\"+49 30 1234\",\"city\":\"Köln\"},\"shipping\":{\"city\":\"Bonn\"}}",
               &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    demo_call (server, "GET", second_path, NULL, &again);
    customer = demo_object (&again);
    g_assert_cmpstr (json_object_get_string_member (customer, "first_name"), ==, "Zoë");
    g_assert_cmpstr (json_object_get_string_member (customer, "email"), ==, second_email);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (customer, "billing"), "phone"), ==, "+49 30 1234");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (customer, "billing"), "city"), ==, "Köln");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (customer, "shipping"), "city"), ==, "Bonn");
    g_assert_cmpint (demo_date (customer, "date_modified_gmt"), >, modified_before);

    demo_call (server, "GET", "customers?per_page=2&_fields=id,first_name", NULL, &list);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (demo_array (&list), 1), "first_name"), ==, "Zoë");
    g_assert_false (json_object_has_member (json_array_get_object_element (demo_array (&list), 1), "email"));
  }

  /* Another account's e-mail address (whatever its case): refused. */
  {
    g_autofree char *upper = g_ascii_strup (second_email, -1);
    g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\"}", upper);
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "PUT", first_path, body, &reply);
    demo_assert_error (&reply, 400, "registration-error-email-exists");
  }

  /* Deleting needs force=true; then the customer is gone from GET and the list. */
  {
    g_auto(DemoReply) trash = { 0 };
    g_auto(DemoReply) gone = { 0 };
    g_auto(DemoReply) missing = { 0 };
    g_auto(DemoReply) list = { 0 };
    g_auto(DemoReply) again = { 0 };
    g_autofree char *force_path = g_strdup_printf ("%s?force=true", first_path);

    demo_call (server, "DELETE", first_path, NULL, &trash);
    demo_assert_error (&trash, 501, "woocommerce_rest_trash_not_supported");
    demo_call (server, "DELETE", force_path, NULL, &gone);
    g_assert_cmpuint (gone.status, ==, 200);
    demo_call (server, "GET", first_path, NULL, &missing);
    demo_assert_error (&missing, 404, "woocommerce_rest_invalid_id");

    demo_call (server, "GET", "customers?per_page=1&_fields=id", NULL, &list);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (demo_array (&list), 0), "id"), ==, second);
    {
      g_autofree char *total = g_strdup_printf ("%u", n - 1);

      g_assert_cmpstr (soup_message_headers_get_one (list.headers, "X-WP-Total"), ==, total);
    }
    demo_call (server, "DELETE", force_path, NULL, &again);
    demo_assert_error (&again, 400, "woocommerce_rest_invalid_id");
  }
}

static void
test_coupons (void)
{
  g_autoptr(SkDemoServer) server = demo_start (4, 100);
  gint64 id;

  /* The coupons the generated orders used exist. */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", "coupons?per_page=100", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpuint (json_array_get_length (demo_array (&reply)), ==, 3);
    g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "X-WP-Total"), ==, "3");
  }

  {
    g_auto(DemoReply) reply = { 0 };
    JsonObject *coupon;
    JsonArray *emails;

    demo_call (server, "POST", "coupons",
               "{\"code\":\"Fruehling20\",\"discount_type\":\"percent\",\"amount\":\"20\","
               "\"date_expires_gmt\":\"2027-03-31T23:59:59\",\"usage_limit\":50,"
               "\"email_restrictions\":[\"anna@example.org\",\"*@example.com\"],"
               "\"individual_use\":true,\"free_shipping\":true,\"minimum_amount\":\"25.00\"}", &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    coupon = demo_object (&reply);
    id = json_object_get_int_member (coupon, "id");
    g_assert_cmpstr (json_object_get_string_member (coupon, "code"), ==, "fruehling20");
    g_assert_cmpstr (json_object_get_string_member (coupon, "amount"), ==, "20.00");
    g_assert_cmpstr (json_object_get_string_member (coupon, "discount_type"), ==, "percent");
    g_assert_cmpstr (json_object_get_string_member (coupon, "date_expires_gmt"), ==, "2027-03-31T23:59:59");
    g_assert_cmpint (json_object_get_int_member (coupon, "usage_limit"), ==, 50);
    g_assert_true (json_object_get_boolean_member (coupon, "individual_use"));
    g_assert_true (json_object_get_boolean_member (coupon, "free_shipping"));
    g_assert_cmpstr (json_object_get_string_member (coupon, "minimum_amount"), ==, "25.00");
    emails = json_object_get_array_member (coupon, "email_restrictions");
    g_assert_cmpuint (json_array_get_length (emails), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (emails, 1), ==, "*@example.com");
  }

  /* Codes are unique, whatever their case. */
  {
    const char *dups[] = { "{\"code\":\"fruehling20\"}", "{\"code\":\"FRUEHLING20\"}", "{\"code\":\"welcome10\"}" };

    for (guint i = 0; i < G_N_ELEMENTS (dups); i++)
      {
        g_auto(DemoReply) reply = { 0 };

        demo_call (server, "POST", "coupons", dups[i], &reply);
        demo_assert_error (&reply, 400, "woocommerce_rest_coupon_code_already_exists");
      }
  }

  /* Invalid fields. */
  {
    const char *bad[] = { "{\"code\":\"x1\",\"discount_type\":\"bogo\"}", "{\"code\":\"x2\",\"amount\":\"ten\"}",
                          "{\"code\":\"x3\",\"email_restrictions\":[\"not an email\"]}",
                          "{\"code\":\"x4\",\"date_expires_gmt\":\"tomorrow\"}", "{\"code\":\"x5\",\"usage_limit\":-1}",
                          "{\"amount\":\"5\"}", "{\"code\":\"x6\",\"discount_type\":\"percent\",\"amount\":\"150\"}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(DemoReply) reply = { 0 };

        demo_call (server, "POST", "coupons", bad[i], &reply);
        g_assert_cmpuint (reply.status, ==, 400);
      }
  }

  /* Single get, update, modified_after, delete. */
  {
    g_autofree char *path = g_strdup_printf ("coupons/%" G_GINT64_FORMAT, id);
    g_autofree char *delete_path = g_strdup_printf ("coupons/%" G_GINT64_FORMAT "?force=true", id);
    g_autofree char *anchor_iso = demo_iso (demo_anchor ());
    g_autofree char *changed_path = g_strdup_printf ("coupons?modified_after=%s", anchor_iso);
    g_auto(DemoReply) get = { 0 };
    g_auto(DemoReply) update = { 0 };
    g_auto(DemoReply) bad_update = { 0 };
    g_auto(DemoReply) changed = { 0 };
    g_auto(DemoReply) trash = { 0 };
    g_auto(DemoReply) del = { 0 };
    g_auto(DemoReply) gone = { 0 };
    g_auto(DemoReply) all = { 0 };

    demo_call (server, "GET", path, NULL, &get);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&get), "code"), ==, "fruehling20");

    demo_call (server, "PUT", path, "{\"amount\":\"15\",\"usage_limit\":null}", &update);
    g_assert_cmpuint (update.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&update), "amount"), ==, "15.00");
    g_assert_true (json_object_get_null_member (demo_object (&update), "usage_limit"));

    demo_call (server, "PUT", path, "{\"amount\":\"3\",\"discount_type\":\"nope\"}", &bad_update);
    g_assert_cmpuint (bad_update.status, ==, 400);

    demo_call (server, "GET", changed_path, NULL, &changed);
    g_assert_cmpuint (json_array_get_length (demo_array (&changed)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (demo_array (&changed), 0), "amount"), ==, "15.00");

    demo_call (server, "DELETE", path, NULL, &trash);
    demo_assert_error (&trash, 501, "woocommerce_rest_trash_not_supported");
    demo_call (server, "DELETE", delete_path, NULL, &del);
    g_assert_cmpuint (del.status, ==, 200);
    demo_call (server, "GET", path, NULL, &gone);
    demo_assert_error (&gone, 404, "woocommerce_rest_shop_coupon_invalid_id");
    demo_call (server, "GET", "coupons", NULL, &all);
    g_assert_cmpuint (json_array_get_length (demo_array (&all)), ==, 3);
  }
}

static void
test_products (void)
{
  g_autoptr(SkDemoServer) server = demo_start (5, 100);
  const SkDemoData *data = sk_demo_server_get_data (server);
  gint64 product_id = 0, tag_id;
  guint n_featured = 0;

  for (guint i = 0; i < sk_demo_data_get_n_products (data); i++)
    {
      if (sk_demo_data_product_is_featured (data, i))
        n_featured++;
      else if (product_id == 0)
        product_id = sk_demo_data_product_id (data, i);
    }

  /* A tag first: WooCommerce takes tags by id only. */
  {
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) dup = { 0 };

    demo_call (server, "POST", "products/tags", "{\"name\":\"Sommer Edition\"}", &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    tag_id = json_object_get_int_member (demo_object (&reply), "id");
    g_assert_cmpstr (json_object_get_string_member (demo_object (&reply), "slug"), ==, "sommer-edition");
    demo_call (server, "POST", "products/tags", "{\"name\":\"Sommer Edition\"}", &dup);
    demo_assert_error (&dup, 400, "term_exists");
  }

  {
    g_autofree char *path = g_strdup_printf ("products/%" G_GINT64_FORMAT, product_id);
    g_autofree char *body = g_strdup_printf ("{\"featured\":true,\"tags\":[{\"id\":%" G_GINT64_FORMAT "},{\"id\":987654}]}", tag_id);
    g_autofree char *anchor_iso = demo_iso (demo_anchor ());
    g_autofree char *changed_path = g_strdup_printf ("products?modified_after=%s", anchor_iso);
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) featured = { 0 };
    g_auto(DemoReply) changed = { 0 };
    g_auto(DemoReply) bad = { 0 };
    g_auto(DemoReply) tags = { 0 };
    JsonArray *tag_array;

    demo_call (server, "PUT", path, body, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_true (json_object_get_boolean_member (demo_object (&reply), "featured"));
    tag_array = json_object_get_array_member (demo_object (&reply), "tags");
    /* An id that names no tag is skipped, as wp_set_object_terms() does. */
    g_assert_cmpuint (json_array_get_length (tag_array), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tag_array, 0), "name"), ==, "Sommer Edition");
    g_assert_cmpint (demo_date (demo_object (&reply), "date_modified_gmt"), >=, now_utc () - 5);

    demo_call (server, "GET", "products?featured=true&per_page=100", NULL, &featured);
    g_assert_cmpuint (json_array_get_length (demo_array (&featured)), ==, n_featured + 1);

    demo_call (server, "GET", changed_path, NULL, &changed);
    g_assert_cmpuint (json_array_get_length (demo_array (&changed)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (demo_array (&changed), 0), "id"), ==, product_id);

    demo_call (server, "PUT", path, "{\"featured\":\"yes\"}", &bad);
    demo_assert_error (&bad, 400, "rest_invalid_param");

    demo_call (server, "GET", "products/tags", NULL, &tags);
    for (guint i = 0; i < json_array_get_length (demo_array (&tags)); i++)
      {
        JsonObject *tag = json_array_get_object_element (demo_array (&tags), i);

        g_assert_cmpint (json_object_get_int_member (tag, "count"), ==, json_object_get_int_member (tag, "id") == tag_id ? 1 : 0);
      }
  }

  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "PUT", "products/424242", "{\"featured\":true}", &reply);
    demo_assert_error (&reply, 404, "woocommerce_rest_product_invalid_id");
  }

  /* Deleted for good: gone from listings, totals and tag counts, 404. */
  {
    g_autofree char *path = g_strdup_printf ("products/%" G_GINT64_FORMAT, product_id);
    g_autofree char *force = g_strdup_printf ("products/%" G_GINT64_FORMAT "?force=true", product_id);
    g_auto(DemoReply) before = { 0 };
    g_auto(DemoReply) trash = { 0 };
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) again = { 0 };
    g_auto(DemoReply) get = { 0 };
    g_auto(DemoReply) after = { 0 };
    g_auto(DemoReply) tags = { 0 };
    JsonArray *array;

    demo_call (server, "GET", "products?per_page=100&_fields=id", NULL, &before);
    demo_call (server, "DELETE", path, NULL, &trash);
    demo_assert_error (&trash, 501, "woocommerce_rest_trash_not_supported");

    demo_call (server, "DELETE", force, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (demo_object (&reply), "id"), ==, product_id);
    demo_call (server, "DELETE", force, NULL, &again);
    demo_assert_error (&again, 404, "woocommerce_rest_product_invalid_id");
    demo_call (server, "GET", path, NULL, &get);
    demo_assert_error (&get, 404, "woocommerce_rest_product_invalid_id");

    demo_call (server, "GET", "products?per_page=100&_fields=id", NULL, &after);
    g_assert_cmpuint (g_ascii_strtoull (soup_message_headers_get_one (after.headers, "X-WP-Total"), NULL, 10), ==,
                      g_ascii_strtoull (soup_message_headers_get_one (before.headers, "X-WP-Total"), NULL, 10) - 1);
    array = demo_array (&after);
    g_assert_cmpuint (json_array_get_length (array), ==, json_array_get_length (demo_array (&before)) - 1);
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, i), "id"), !=, product_id);

    demo_call (server, "GET", "products/tags", NULL, &tags);
    for (guint i = 0; i < json_array_get_length (demo_array (&tags)); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (demo_array (&tags), i), "count"), ==, 0);
  }
}

static void
test_batch (void)
{
  g_autoptr(SkDemoServer) server = demo_start (6, 400);
  g_autoptr(GString) body = g_string_new (NULL);
  guint before = sk_demo_server_count_orders (server);

  {
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) gone = { 0 };
    JsonObject *answer;
    JsonArray *update, *delete, *create;
    JsonObject *error;

    demo_call (server, "POST", "orders/batch",
               "{\"update\":[{\"id\":1010,\"status\":\"completed\"},{\"id\":987654,\"status\":\"completed\"},"
               "{\"id\":1011,\"status\":\"nonsense\"},{\"id\":1012,\"status\":\"cancelled\"}],"
               "\"delete\":[1020,555],\"create\":[{\"status\":\"processing\",\"customer_note\":\"neu\"}]}", &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    answer = demo_object (&reply);

    update = json_object_get_array_member (answer, "update");
    g_assert_cmpuint (json_array_get_length (update), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (update, 0), "status"), ==, "completed");
    error = json_object_get_object_member (json_array_get_object_element (update, 1), "error");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (update, 1), "id"), ==, 987654);
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "woocommerce_rest_shop_order_invalid_id");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (error, "data"), "status"), ==, 404);
    error = json_object_get_object_member (json_array_get_object_element (update, 2), "error");
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "rest_invalid_param");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (update, 3), "status"), ==, "cancelled");

    delete = json_object_get_array_member (answer, "delete");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (delete, 0), "id"), ==, 1020);
    g_assert_true (json_object_has_member (json_array_get_object_element (delete, 1), "error"));

    create = json_object_get_array_member (answer, "create");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (create, 0), "id"), ==, 1400);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (create, 0), "customer_note"), ==, "neu");

    /* Batch delete is permanent. */
    demo_call (server, "GET", "orders/1020", NULL, &gone);
    demo_assert_error (&gone, 404, "woocommerce_rest_shop_order_invalid_id");
    g_assert_cmpuint (sk_demo_server_count_orders (server), ==, before);
  }

  /* More than 100 items in all: nothing is done. */
  g_string_append (body, "{\"update\":[");
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (body, "%s{\"id\":%u,\"status\":\"completed\"}", i > 0 ? "," : "", 1100 + i);
  g_string_append (body, "],\"delete\":[");
  for (guint i = 0; i < 41; i++)
    g_string_append_printf (body, "%s%u", i > 0 ? "," : "", 1200 + i);
  g_string_append (body, "]}");
  {
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) still = { 0 };

    demo_call (server, "POST", "orders/batch", body->str, &reply);
    demo_assert_error (&reply, 413, "woocommerce_rest_request_entity_too_large");
    demo_call (server, "GET", "orders/1200", NULL, &still);
    g_assert_cmpuint (still.status, ==, 200);
  }

  /* Coupons and products too. */
  {
    g_auto(DemoReply) coupons = { 0 };
    g_auto(DemoReply) products = { 0 };
    JsonArray *create;

    demo_call (server, "POST", "coupons/batch",
               "{\"create\":[{\"code\":\"neu5\",\"amount\":\"5\"},{\"code\":\"welcome10\"}]}", &coupons);
    g_assert_cmpuint (coupons.status, ==, 200);
    create = json_object_get_array_member (demo_object (&coupons), "create");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (create, 0), "code"), ==, "neu5");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (create, 1), "error"), "code"),
                     ==, "woocommerce_rest_coupon_code_already_exists");

    demo_call (server, "PUT", "products/batch", "{\"update\":[{\"id\":10,\"featured\":true},{\"id\":1,\"featured\":true}]}", &products);
    g_assert_cmpuint (products.status, ==, 200);
  }
}

static void
test_delete_order (void)
{
  g_autoptr(SkDemoServer) server = demo_start (7, 120);
  gint64 id = find_order (server, "completed");
  g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, id);
  g_autofree char *force = g_strdup_printf ("orders/%" G_GINT64_FORMAT "?force=true", id);
  g_autoptr(GArray) all_before = NULL;
  g_autoptr(GArray) all_after = NULL;
  g_autoptr(GArray) trash = NULL;
  g_autoptr(GArray) visible = NULL;

  all_before = scan_ids (server, "status=any,trash", NULL);

  {
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) again = { 0 };

    demo_call (server, "DELETE", path, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&reply), "status"), ==, "trash");
    demo_call (server, "DELETE", path, NULL, &again);
    demo_assert_error (&again, 410, "woocommerce_rest_already_trashed");
  }
  trash = scan_ids (server, "status=trash", NULL);
  visible = scan_ids (server, "", NULL);
  g_assert_true (ids_contain (trash, id));
  g_assert_false (ids_contain (visible, id));

  {
    g_auto(DemoReply) reply = { 0 };
    g_auto(DemoReply) gone = { 0 };
    g_auto(DemoReply) notes = { 0 };

    demo_call (server, "DELETE", force, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (demo_object (&reply), "id"), ==, id);
    demo_call (server, "GET", path, NULL, &gone);
    demo_assert_error (&gone, 404, "woocommerce_rest_shop_order_invalid_id");
    demo_call (server, "GET", force, NULL, &notes);
    g_assert_cmpuint (notes.status, ==, 404);
  }
  all_after = scan_ids (server, "status=any,trash", NULL);
  g_assert_cmpuint (all_after->len, ==, all_before->len - 1);
  g_assert_false (ids_contain (all_after, id));
}

/* Everything a listing says, checked against a full scan of the same
 * store: filters, both directions, totals, cheap and full records. */
static void
check_listing_consistency (SkDemoServer *server)
{
  g_autoptr(SoupSession) session = demo_session ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) modified = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  gint64 cut = demo_anchor () - 10 * 86400;
  g_autofree char *cut_iso = demo_iso (cut);
  guint n_processing = 0, n_after = 0, n_trash = 0;

  for (guint page = 1;; page++)
    {
      g_autofree char *path = g_strdup_printf ("orders?per_page=100&page=%u&order=asc&status=any,trash", page);
      g_autofree char *cheap_path = g_strdup_printf ("%s&_fields=id,status,date_modified_gmt", path);
      g_auto(DemoReply) full = { 0 };
      g_auto(DemoReply) cheap = { 0 };
      JsonArray *a, *b;

      demo_request (session, server, "GET", path, NULL, TRUE, &full);
      demo_request (session, server, "GET", cheap_path, NULL, TRUE, &cheap);
      a = demo_array (&full);
      b = demo_array (&cheap);
      g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonObject *o = json_array_get_object_element (a, i);
          JsonObject *c = json_array_get_object_element (b, i);
          gint64 id = json_object_get_int_member (o, "id");
          gint64 m = demo_date (o, "date_modified_gmt");

          g_assert_cmpint (id, ==, json_object_get_int_member (c, "id"));
          g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, json_object_get_string_member (c, "status"));
          g_assert_cmpint (m, ==, demo_date (c, "date_modified_gmt"));
          g_assert_cmpuint (json_object_get_size (c), ==, 3);
          if (ids->len > 0)
            g_assert_cmpint (id, >, g_array_index (ids, gint64, ids->len - 1));
          g_array_append_val (ids, id);
          g_array_append_val (modified, m);
          g_ptr_array_add (statuses, g_strdup (json_object_get_string_member (o, "status")));
          n_processing += g_str_equal (json_object_get_string_member (o, "status"), "processing");
          n_trash += g_str_equal (json_object_get_string_member (o, "status"), "trash");
          n_after += m > cut;
        }
      if (json_array_get_length (a) < 100)
        break;
    }

  g_assert_cmpuint (ids->len, ==, sk_demo_server_count_orders (server));

  /* Filters agree with the scan, in both directions. */
  {
    g_autofree char *q = g_strdup_printf ("modified_after=%s&status=any,trash", cut_iso);
    g_autofree char *q_asc = g_strdup_printf ("modified_after=%s&order=asc&status=any,trash", cut_iso);
    g_autoptr(GArray) asc = NULL;
    g_autoptr(GArray) desc = NULL;
    g_autoptr(GArray) processing = NULL;
    g_autoptr(GArray) visible = NULL;
    guint64 total = 0;
    guint k = 0;

    asc = scan_ids (server, q_asc, &total);
    desc = scan_ids (server, q, NULL);
    g_assert_cmpuint (asc->len, ==, n_after);
    g_assert_cmpuint (total, ==, n_after);
    g_assert_cmpuint (desc->len, ==, n_after);
    for (guint i = 0; i < ids->len; i++)
      if (g_array_index (modified, gint64, i) > cut)
        {
          g_assert_cmpint (g_array_index (asc, gint64, k), ==, g_array_index (ids, gint64, i));
          g_assert_cmpint (g_array_index (desc, gint64, desc->len - 1 - k), ==, g_array_index (ids, gint64, i));
          k++;
        }

    processing = scan_ids (server, "status=processing", NULL);
    g_assert_cmpuint (processing->len, ==, n_processing);
    visible = scan_ids (server, "", &total);
    g_assert_cmpuint (visible->len, ==, ids->len - n_trash);
    g_assert_cmpuint (total, ==, ids->len - n_trash);
  }
}

static void
test_store_changes (void)
{
  g_autoptr(SkDemoServer) server = demo_start (8, 3000);
  guint n = sk_demo_server_count_orders (server);

  g_assert_cmpuint (n, ==, 3000);
  check_listing_consistency (server);

  g_assert_cmpuint (sk_demo_server_touch_orders (server, 150, 1), ==, 150);
  g_assert_cmpuint (sk_demo_server_delete_orders (server, 40, 2), ==, 40);
  g_assert_cmpuint (sk_demo_server_create_orders (server, 25, 3), ==, 25);
  g_assert_cmpuint (sk_demo_server_count_orders (server), ==, 3000 - 40 + 25);
  check_listing_consistency (server);

  /* What changed is what modified_after finds, with the store's now. */
  {
    g_autofree char *anchor_iso = demo_iso (demo_anchor ());
    g_autofree char *q = g_strdup_printf ("modified_after=%s&status=any,trash", anchor_iso);
    g_autoptr(GArray) changed = scan_ids (server, q, NULL);

    g_assert_cmpuint (changed->len, <=, 175);
    g_assert_cmpuint (changed->len, >=, 175 - 40);
  }

  /* Created orders take the next ids and come first, newest first. */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", "orders?per_page=1", NULL, &reply);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (demo_array (&reply), 0), "id"), ==, 1000 + 3000 + 24);
  }
}

static void
test_clock_offset (void)
{
  g_autoptr(SkDemoServer) server = demo_start (9, 200);
  g_autofree char *query = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GArray) changed = NULL;

  /* A store whose clock runs ten days ahead stamps ten days ahead. */
  sk_demo_server_set_clock_offset (server, 10 * 86400);
  g_assert_cmpuint (sk_demo_server_touch_orders (server, 3, 7), ==, 3);
  then = g_date_time_new_from_unix_utc (now_utc () + 9 * 86400);
  stamp = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S");
  query = g_strdup_printf ("modified_after=%s&status=any,trash", stamp);
  changed = scan_ids (server, query, NULL);
  g_assert_cmpuint (changed->len, ==, 3);

  {
    g_auto(DemoReply) reply = { 0 };
    g_autofree char *path = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/notes", g_array_index (changed, gint64, 0));

    demo_call (server, "POST", path, "{\"note\":\"x\"}", &reply);
    g_assert_cmpint (demo_date (demo_object (&reply), "date_created_gmt"), >=, now_utc () + 10 * 86400 - 5);
  }

  /* Its Date header says so too. */
  {
    g_auto(DemoReply) reply = { 0 };
    g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now_utc () + 10 * 86400);
    g_autofree char *day = g_date_time_format (date, "%d %b %Y");
    const char *header;

    demo_call (server, "GET", "orders?per_page=1", NULL, &reply);
    header = soup_message_headers_get_one (reply.headers, "Date");
    g_assert_nonnull (header);
    g_assert_true (g_str_has_suffix (header, " GMT"));
    g_assert_nonnull (strstr (header, day));
  }

  /* And one far behind. */
  sk_demo_server_set_clock_offset (server, -400 * 86400);
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "PUT", "orders/1005", "{\"status\":\"completed\"}", &reply);
    g_assert_cmpint (demo_date (demo_object (&reply), "date_modified_gmt"), <=, now_utc () - 399 * 86400);
  }
}

static void
test_churn (void)
{
  g_autoptr(SkDemoServer) server = demo_start (10, 2000);
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) third = NULL;
  g_autofree char *anchor_iso = demo_iso (demo_anchor ());
  g_autofree char *q = g_strdup_printf ("modified_after=%s&status=any,trash", anchor_iso);

  sk_demo_server_set_churn (server, 400);
  g_usleep (G_USEC_PER_SEC / 2);
  first = scan_ids (server, q, NULL);
  g_usleep (G_USEC_PER_SEC / 2);
  sk_demo_server_set_churn (server, 0);
  second = scan_ids (server, q, NULL);
  g_assert_cmpuint (first->len, >, 0);
  g_assert_cmpuint (second->len, >, first->len);

  /* Stopped: nothing changes any more. */
  g_usleep (G_USEC_PER_SEC / 4);
  third = scan_ids (server, q, NULL);
  g_assert_cmpuint (third->len, ==, second->len);
  check_listing_consistency (server);
}

static void
test_last_header (void)
{
  g_autoptr(SkDemoServer) server = demo_start (11, 10);
  g_autoptr(SoupSession) session = demo_session ();
  g_auto(DemoReply) reply = { 0 };
  g_autofree char *auth = NULL;
  g_autofree char *agent = NULL;

  g_assert_null (sk_demo_server_dup_last_header (server, "Authorization"));
  soup_session_set_user_agent (session, "Shopkeeper-Test/1");
  demo_request (session, server, "GET", "orders", NULL, TRUE, &reply);
  auth = sk_demo_server_dup_last_header (server, "Authorization");
  agent = sk_demo_server_dup_last_header (server, "User-Agent");
  g_assert_true (g_str_has_prefix (auth, "Basic "));
  g_assert_cmpstr (agent, ==, "Shopkeeper-Test/1");
}

static void
test_faults (void)
{
  g_autoptr(SkDemoServer) server = demo_start (12, 500);

  sk_demo_server_add_fault (server, SK_DEMO_FAULT_HTTP_403, "orders", 0, 1);
  sk_demo_server_add_fault (server, SK_DEMO_FAULT_HTTP_413, "batch", 0, 1);
  {
    g_auto(DemoReply) forbidden = { 0 };
    g_auto(DemoReply) large = { 0 };
    g_auto(DemoReply) fine = { 0 };

    demo_call (server, "GET", "orders", NULL, &forbidden);
    demo_assert_error (&forbidden, 403, "woocommerce_rest_cannot_view");
    demo_call (server, "POST", "orders/batch", "{\"update\":[]}", &large);
    demo_assert_error (&large, 413, "woocommerce_rest_request_entity_too_large");
    demo_call (server, "GET", "orders", NULL, &fine);
    g_assert_cmpuint (fine.status, ==, 200);
  }

  /* Records shifting between two pages of a scan: newest first, a new order
   * pushes the last of page 1 onto page 2; oldest first, the deleted oldest
   * pulls the first of page 2 onto page 1, which a scan by offset skips. */
  {
    g_auto(DemoReply) p1 = { 0 };
    g_auto(DemoReply) p2 = { 0 };
    JsonArray *a, *b;

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_SHIFT_PAGES, "page=2", 0, 1);
    demo_call (server, "GET", "orders?per_page=10&page=1&_fields=id", NULL, &p1);
    demo_call (server, "GET", "orders?per_page=10&page=2&_fields=id", NULL, &p2);
    a = demo_array (&p1);
    b = demo_array (&p2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (a, 9), "id"), ==,
                     json_object_get_int_member (json_array_get_object_element (b, 0), "id"));
  }
  {
    g_auto(DemoReply) p1 = { 0 };
    g_auto(DemoReply) p2 = { 0 };
    gint64 last_of_1, first_of_2;

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_SHIFT_PAGES, "page=2", 0, 1);
    demo_call (server, "GET", "orders?per_page=10&page=1&order=asc&status=any,trash&_fields=id", NULL, &p1);
    demo_call (server, "GET", "orders?per_page=10&page=2&order=asc&status=any,trash&_fields=id", NULL, &p2);
    last_of_1 = json_object_get_int_member (json_array_get_object_element (demo_array (&p1), 9), "id");
    first_of_2 = json_object_get_int_member (json_array_get_object_element (demo_array (&p2), 0), "id");
    g_assert_cmpint (first_of_2, ==, last_of_1 + 2);
  }

  /* A reset in the middle of a page. */
  {
    g_auto(DemoReply) reply = { 0 };

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_RESET_MID_BODY, "orders", 0, 1);
    demo_call (server, "GET", "orders?per_page=100", NULL, &reply);
    g_assert_nonnull (reply.error);
    g_assert_null (reply.body);
  }
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", "orders?per_page=100", NULL, &reply);
    g_assert_cmpuint (json_array_get_length (demo_array (&reply)), ==, 100);
  }
}

/* Figures: an id scan page at 1,000,000 orders, and full pages with 1,000
 * changes in the overlay. */
static void
test_million (void)
{
  g_autoptr(SkDemoServer) server = demo_start (13, 1000000);
  g_autoptr(SoupSession) session = demo_session ();
  const char *paths[] = {
    "orders?per_page=100&page=1&_fields=id",
    "orders?per_page=100&page=5000&order=asc&_fields=id",
    "orders?per_page=100&page=9999&order=asc&status=any,trash&_fields=id",
  };
  gint64 best = G_MAXINT64;

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_auto(DemoReply) reply = { 0 };
        gint64 t0 = g_get_monotonic_time ();

        demo_request (session, server, "GET", paths[i], NULL, TRUE, &reply);
        best = MIN (best, g_get_monotonic_time () - t0);
        g_assert_cmpuint (json_array_get_length (demo_array (&reply)), ==, 100);
      }
  g_test_message ("ids page of 100 at 1,000,000 orders: %.2f ms (best of 9)", best / 1000.0);
  g_assert_cmpint (best, <, 200 * 1000);

  /* Each kind of id scan on its own, the worst of three rounds. */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      gint64 worst = 0;

      for (guint round = 0; round < 3; round++)
        {
          g_auto(DemoReply) reply = { 0 };
          gint64 t0 = g_get_monotonic_time ();

          demo_request (session, server, "GET", paths[i], NULL, TRUE, &reply);
          worst = MAX (worst, g_get_monotonic_time () - t0);
        }
      g_test_message ("%s at 1,000,000 orders: %.2f ms (worst of 3)", paths[i], worst / 1000.0);
      g_assert_cmpint (worst, <, 500 * 1000);
    }

  g_assert_cmpuint (sk_demo_server_touch_orders (server, 1000, 42), ==, 1000);
  {
    g_autofree char *anchor_iso = demo_iso (demo_anchor ());
    g_autofree char *changed = g_strdup_printf ("orders?per_page=100&page=1&modified_after=%s", anchor_iso);
    const char *full[] = {
      "orders?per_page=100&page=1",
      changed,
      "orders?per_page=100&page=3000&order=asc&_fields=id",
    };

    for (guint i = 0; i < G_N_ELEMENTS (full); i++)
      {
        gint64 t_best = G_MAXINT64;

        for (guint round = 0; round < 3; round++)
          {
            g_auto(DemoReply) reply = { 0 };
            gint64 t0 = g_get_monotonic_time ();

            demo_request (session, server, "GET", full[i], NULL, TRUE, &reply);
            t_best = MIN (t_best, g_get_monotonic_time () - t0);
            g_assert_cmpuint (json_array_get_length (demo_array (&reply)), ==, 100);
          }
        g_test_message ("%s with 1,000 changes: %.2f ms", full[i], t_best / 1000.0);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-writes/update-order", test_update_order);
  g_test_add_func ("/demo-writes/notes", test_notes);
  g_test_add_func ("/demo-writes/refunds", test_refunds);
  g_test_add_func ("/demo-writes/refund-lines", test_refund_lines);
  g_test_add_func ("/demo-writes/customers", test_customers);
  g_test_add_func ("/demo-writes/coupons", test_coupons);
  g_test_add_func ("/demo-writes/products", test_products);
  g_test_add_func ("/demo-writes/batch", test_batch);
  g_test_add_func ("/demo-writes/delete-order", test_delete_order);
  g_test_add_func ("/demo-writes/store-changes", test_store_changes);
  g_test_add_func ("/demo-writes/clock-offset", test_clock_offset);
  g_test_add_func ("/demo-writes/churn", test_churn);
  g_test_add_func ("/demo-writes/last-header", test_last_header);
  g_test_add_func ("/demo-writes/faults", test_faults);
  g_test_add_func ("/demo-writes/million", test_million);

  return g_test_run ();
}
