/* test-demo-server.c — the demo store over real HTTP on 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sk-demo-server.h"
#include "sk-test-utils.h"

#define ANCHOR G_GINT64_CONSTANT (1767225600) /* 2026-01-01T00:00:00Z */

typedef enum
{
  AUTH_BASIC,
  AUTH_QUERY,
  AUTH_NONE,
  AUTH_WRONG_SECRET,
} Auth;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static SkDemoServer *
start_server (guint64 seed,
              guint   n_orders,
              guint   latency_ms)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  SkDemoServer *server;

  options.seed = seed;
  options.n_orders = n_orders;
  options.latency_ms = latency_ms;
  options.anchor_utc = ANCHOR;
  server = sk_demo_server_new (&options);
  g_assert_true (sk_demo_server_start (server, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sk_demo_server_get_url (server), "http://127.0.0.1:"));
  g_assert_cmpuint (sk_demo_server_get_port (server), >, 0);

  return server;
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", 10, "max-conns-per-host", 8, NULL);
}

static void
fetch_with (SoupSession  *session,
            SkDemoServer *server,
            const char   *path_query,
            Auth          auth,
            Reply        *reply)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (auth == AUTH_QUERY)
    url = g_strdup_printf ("%s/wp-json/wc/v3/%s%sconsumer_key=%s&consumer_secret=%s",
                           sk_demo_server_get_url (server), path_query,
                           strchr (path_query, '?') != NULL ? "&" : "?",
                           sk_demo_server_get_key (server), sk_demo_server_get_secret (server));
  else
    url = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (server), path_query);

  msg = soup_message_new ("GET", url);
  g_assert_nonnull (msg);
  if (auth == AUTH_BASIC || auth == AUTH_WRONG_SECRET)
    {
      g_autofree char *creds = g_strdup_printf ("%s:%s", sk_demo_server_get_key (server),
                                                auth == AUTH_BASIC ? sk_demo_server_get_secret (server) : "cs_wrong");
      g_autofree char *b64 = g_base64_encode ((const guchar *) creds, strlen (creds));
      g_autofree char *header = g_strdup_printf ("Basic %s", b64);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }

  reply->body = soup_session_send_and_read (session, msg, NULL, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

static void
fetch (SkDemoServer *server,
       const char   *path_query,
       Auth          auth,
       Reply        *reply)
{
  g_autoptr(SoupSession) session = new_session ();

  fetch_with (session, server, path_query, auth, reply);
}

static JsonNode *
parse (Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data;

  g_assert_no_error (reply->error);
  data = g_bytes_get_data (reply->body, &len);
  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  g_autoptr(JsonNode) root = parse (reply);
  JsonObject *obj = json_node_get_object (root);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (obj, "code"), ==, code);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj, "data"), "status"), ==, status);
}

/* Minor units from "123.45"/"-12.50", parsed exactly by hand. */
static gint64
cents (const char *s)
{
  gint64 sign = 1, units = 0;
  const char *dot;

  if (*s == '-')
    sign = -1, s++;
  dot = strchr (s, '.');
  g_assert_nonnull (dot);
  g_assert_cmpuint (strlen (dot), ==, 3);
  for (const char *p = s; p < dot; p++)
    {
      g_assert_true (g_ascii_isdigit (*p));
      units = units * 10 + (*p - '0');
    }
  g_assert_true (g_ascii_isdigit (dot[1]) && g_ascii_isdigit (dot[2]));

  return sign * (units * 100 + (dot[1] - '0') * 10 + (dot[2] - '0'));
}

static gint64
date_member (JsonObject *obj,
             const char *name)
{
  gint64 t = 0;

  g_assert_true (sk_demo_parse_iso8601 (json_object_get_string_member (obj, name), &t));
  return t;
}

static void
test_paging (void)
{
  g_autoptr(SkDemoServer) server = start_server (1, 250, 0);
  const guint per_pages[] = { 1, 7, 10, 100 };

  for (guint p = 0; p < G_N_ELEMENTS (per_pages); p++)
    {
      guint per_page = per_pages[p];
      guint pages = (250 + per_page - 1) / per_page;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      guint check_pages[] = { 1, 2, pages };

      for (guint c = 0; c < G_N_ELEMENTS (check_pages); c++)
        {
          guint page = check_pages[c];
          g_autofree char *q = g_strdup_printf ("orders?per_page=%u&page=%u&orderby=id&order=asc&_fields=id&status=any,trash", per_page, page);
          g_auto(Reply) reply = { 0 };
          g_autoptr(JsonNode) root = NULL;
          const char *link;
          g_autofree char *total = NULL;
          JsonArray *array;

          fetch (server, q, AUTH_BASIC, &reply);
          g_assert_cmpuint (reply.status, ==, 200);
          g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "X-WP-Total"), ==, "250");
          total = g_strdup_printf ("%u", pages);
          g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "X-WP-TotalPages"), ==, total);

          root = parse (&reply);
          array = json_node_get_array (root);
          g_assert_cmpuint (json_array_get_length (array), ==, page < pages ? per_page : 250 - (pages - 1) * per_page);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonObject *o = json_array_get_object_element (array, i);

              g_assert_cmpuint (json_object_get_size (o), ==, 1);
              g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 1000 + (page - 1) * per_page + i);
            }

          link = soup_message_headers_get_one (reply.headers, "Link");
          if (page < pages)
            {
              g_autofree char *next = g_strdup_printf ("page=%u>; rel=\"next\"", page + 1);

              g_assert_nonnull (link);
              g_assert_nonnull (strstr (link, next));
              g_assert_nonnull (strstr (link, "<http://127.0.0.1:"));
              g_assert_nonnull (strstr (link, "per_page="));
            }
          if (page > 1)
            {
              g_autofree char *prev = g_strdup_printf ("page=%u>; rel=\"prev\"", page - 1);

              g_assert_nonnull (link);
              g_assert_nonnull (strstr (link, prev));
            }
          if (page == 1 && pages == 1)
            g_assert_null (link);
          if (page == pages)
            g_assert_null (strstr (link != NULL ? link : "", "rel=\"next\""));
        }
    }

  /* Offset instead of page. */
  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(JsonNode) root = NULL;

    fetch (server, "orders?per_page=3&offset=5&order=asc&_fields=id&status=trash,any", AUTH_BASIC, &reply);
    root = parse (&reply);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (root), 0), "id"), ==, 1005);
  }

  /* Past the end: an empty array, still with the totals. */
  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(JsonNode) root = NULL;

    fetch (server, "orders?per_page=100&page=4&status=any,trash", AUTH_BASIC, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    root = parse (&reply);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
    g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "X-WP-Total"), ==, "250");
  }

  /* Out of range and malformed parameters. */
  {
    const char *bad[] = { "orders?per_page=101", "orders?per_page=0", "orders?page=0",
                          "orders?per_page=abc", "orders?order=up", "orders?orderby=total",
                          "orders?modified_after=yesterday", "orders?status=shipped" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(Reply) reply = { 0 };

        fetch (server, bad[i], AUTH_BASIC, &reply);
        assert_error (&reply, 400, "rest_invalid_param");
      }
  }
}

static void
test_order_and_default (void)
{
  g_autoptr(SkDemoServer) server = start_server (1, 300, 0);
  g_auto(Reply) r1 = { 0 };
  g_auto(Reply) r2 = { 0 };
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  JsonArray *arr;
  gint64 prev = G_MAXINT64;

  /* Default: date, newest first, 10 a page. */
  fetch (server, "orders", AUTH_BASIC, &r1);
  a = parse (&r1);
  arr = json_node_get_array (a);
  g_assert_cmpuint (json_array_get_length (arr), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      gint64 t = date_member (o, "date_created_gmt");

      g_assert_cmpint (t, <=, prev);
      prev = t;
      g_assert_cmpstr (json_object_get_string_member (o, "date_created"), ==,
                       json_object_get_string_member (o, "date_created_gmt"));
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arr, 0), "id"), ==, 1299);

  fetch (server, "orders?orderby=date&order=asc&per_page=5", AUTH_BASIC, &r2);
  b = parse (&r2);
  arr = json_node_get_array (b);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arr, 0), "id"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arr, 4), "id"), ==, 1004);
}

static void
test_auth (void)
{
  g_autoptr(SkDemoServer) server = start_server (5, 50, 0);
  g_auto(Reply) none = { 0 };
  g_auto(Reply) wrong = { 0 };
  g_auto(Reply) basic = { 0 };
  g_auto(Reply) query = { 0 };

  g_assert_true (g_str_has_prefix (sk_demo_server_get_key (server), "ck_"));
  g_assert_cmpuint (strlen (sk_demo_server_get_key (server)), ==, 43);
  g_assert_true (g_str_has_prefix (sk_demo_server_get_secret (server), "cs_"));
  g_assert_cmpuint (strlen (sk_demo_server_get_secret (server)), ==, 43);

  fetch (server, "orders", AUTH_NONE, &none);
  assert_error (&none, 401, "woocommerce_rest_cannot_view");
  fetch (server, "orders", AUTH_WRONG_SECRET, &wrong);
  assert_error (&wrong, 401, "woocommerce_rest_authentication_error");
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (wrong.body, NULL), g_bytes_get_size (wrong.body), "Consumer secret is invalid."));
  fetch (server, "orders", AUTH_BASIC, &basic);
  g_assert_cmpuint (basic.status, ==, 200);
  fetch (server, "orders", AUTH_QUERY, &query);
  g_assert_cmpuint (query.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (basic.body), ==, g_bytes_get_size (query.body));
}

static void
test_fields_and_routes (void)
{
  g_autoptr(SkDemoServer) server = start_server (1, 3000, 0);
  const SkDemoData *data = sk_demo_server_get_data (server);
  guint refunded = 0, noted = 0;

  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(JsonNode) root = NULL;
    JsonObject *o;

    fetch (server, "orders?_fields=status,total&per_page=3", AUTH_BASIC, &reply);
    root = parse (&reply);
    o = json_array_get_object_element (json_node_get_array (root), 0);
    g_assert_cmpuint (json_object_get_size (o), ==, 3);
    g_assert_true (json_object_has_member (o, "id"));
    g_assert_true (json_object_has_member (o, "status"));
    g_assert_true (json_object_has_member (o, "total"));
  }

  for (guint i = 0; i < 3000 && (refunded < 3 || noted < 3); i += 11)
    {
      SkDemoOrder order;
      g_autofree char *q = NULL;
      g_auto(Reply) one = { 0 };
      g_auto(Reply) notes = { 0 };
      g_auto(Reply) refunds = { 0 };
      g_autoptr(JsonNode) o = NULL;
      g_autoptr(JsonNode) n = NULL;
      g_autoptr(JsonNode) r = NULL;
      JsonArray *summary;

      sk_demo_data_get_order (data, i, &order);
      q = g_strdup_printf ("orders/%" G_GINT64_FORMAT, order.id);
      fetch (server, q, AUTH_BASIC, &one);
      g_assert_cmpuint (one.status, ==, 200);
      o = parse (&one);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (o), "id"), ==, order.id);

      g_free (q);
      q = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/notes", order.id);
      fetch (server, q, AUTH_BASIC, &notes);
      g_assert_cmpuint (notes.status, ==, 200);
      g_assert_null (soup_message_headers_get_one (notes.headers, "X-WP-Total"));
      n = parse (&notes);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (n)), ==, order.n_notes);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (n)), >=, 1);
      g_assert_true (json_object_has_member (json_array_get_object_element (json_node_get_array (n), 0), "customer_note"));
      noted++;

      g_free (q);
      q = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", order.id);
      fetch (server, q, AUTH_BASIC, &refunds);
      g_assert_cmpuint (refunds.status, ==, 200);
      r = parse (&refunds);
      summary = json_object_get_array_member (json_node_get_object (o), "refunds");
      g_assert_cmpuint (json_array_get_length (json_node_get_array (r)), ==, json_array_get_length (summary));
      if (json_array_get_length (summary) > 0)
        {
          JsonObject *full = json_array_get_object_element (json_node_get_array (r), 0);
          JsonObject *sum = json_array_get_object_element (summary, 0);

          g_assert_cmpint (json_object_get_int_member (full, "id"), ==, json_object_get_int_member (sum, "id"));
          g_assert_cmpint (cents (json_object_get_string_member (full, "amount")), ==,
                           -cents (json_object_get_string_member (sum, "total")));
          g_assert_cmpint (cents (json_object_get_string_member (sum, "total")), <, 0);
          refunded++;
        }
    }
  g_assert_cmpuint (refunded, >=, 3);

  {
    const struct { const char *path; guint status; const char *code; } cases[] = {
      { "orders/999999", 404, "woocommerce_rest_shop_order_invalid_id" },
      { "orders/5", 404, "woocommerce_rest_shop_order_invalid_id" },
      { "orders/1000/nothing", 404, "rest_no_route" },
      { "coupons-of-the-day", 404, "rest_no_route" },
      { "customers/1", 404, "woocommerce_rest_invalid_id" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Reply) reply = { 0 };

        fetch (server, cases[i].path, AUTH_BASIC, &reply);
        assert_error (&reply, cases[i].status, cases[i].code);
      }
  }

  /* Customers and products. */
  {
    g_auto(Reply) c = { 0 };
    g_auto(Reply) p = { 0 };
    g_autoptr(JsonNode) cn = NULL;
    g_autoptr(JsonNode) pn = NULL;
    g_autofree char *n_customers = g_strdup_printf ("%u", sk_demo_data_get_n_customers (data));
    JsonObject *first;

    fetch (server, "customers?per_page=100", AUTH_BASIC, &c);
    g_assert_cmpuint (c.status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (c.headers, "X-WP-Total"), ==, n_customers);
    cn = parse (&c);
    first = json_array_get_object_element (json_node_get_array (cn), 0);
    g_assert_true (json_object_has_member (first, "date_modified_gmt"));
    g_assert_true (json_object_has_member (json_object_get_object_member (first, "billing"), "email"));
    g_assert_true (json_object_has_member (first, "shipping"));

    fetch (server, "products?per_page=100", AUTH_BASIC, &p);
    g_assert_cmpstr (soup_message_headers_get_one (p.headers, "X-WP-Total"), ==, "60");
    pn = parse (&p);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (pn)), ==, 60);
  }
}

static void
test_modified_after (void)
{
  g_autoptr(SkDemoServer) server = start_server (2, 3000, 0);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const gint64 cuts[] = { ANCHOR - 400 * 86400 + 1234, ANCHOR - 10 * 86400 + 77, ANCHOR - 2 * 86400 };

  /* A full scan: id → date_modified_gmt. */
  for (guint page = 1; page <= 30; page++)
    {
      g_autofree char *q = g_strdup_printf ("orders?per_page=100&page=%u&orderby=id&order=asc&_fields=id,date_modified_gmt&status=any,trash", page);
      g_auto(Reply) reply = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonArray *arr;

      fetch_with (session, server, q, AUTH_BASIC, &reply);
      root = parse (&reply);
      arr = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *o = json_array_get_object_element (arr, i);
          gint64 *id = g_new (gint64, 1);

          *id = json_object_get_int_member (o, "id");
          g_hash_table_insert (all, id, GINT_TO_POINTER ((gint) (date_member (o, "date_modified_gmt") - ANCHOR)));
        }
    }
  g_assert_cmpuint (g_hash_table_size (all), ==, 3000);

  for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      g_autoptr(GHashTable) got = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autoptr(GString) when = g_string_new (NULL);
      GHashTableIter iter;
      gpointer k, v;
      guint expected = 0;
      guint total = 0;

      sk_demo_append_iso8601 (when, cuts[c]);
      for (guint page = 1; ; page++)
        {
          g_autofree char *q = g_strdup_printf ("orders?per_page=100&page=%u&modified_after=%s&dates_are_gmt=true&_fields=id,date_modified_gmt,status",
                                                page, when->str);
          g_auto(Reply) reply = { 0 };
          g_autoptr(JsonNode) root = NULL;
          JsonArray *arr;

          fetch_with (session, server, q, AUTH_BASIC, &reply);
          g_assert_cmpuint (reply.status, ==, 200);
          total = atoi (soup_message_headers_get_one (reply.headers, "X-WP-Total"));
          root = parse (&reply);
          arr = json_node_get_array (root);
          if (json_array_get_length (arr) == 0)
            break;
          for (guint i = 0; i < json_array_get_length (arr); i++)
            {
              JsonObject *o = json_array_get_object_element (arr, i);
              gint64 *id = g_new (gint64, 1);

              *id = json_object_get_int_member (o, "id");
              g_assert_cmpint (date_member (o, "date_modified_gmt"), >, cuts[c]);
              g_assert_cmpstr (json_object_get_string_member (o, "status"), !=, "trash");
              g_assert_false (g_hash_table_contains (got, id));
              g_hash_table_add (got, id);
            }
        }

      /* None missed: compare with the full scan. */
      g_hash_table_iter_init (&iter, all);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          const SkDemoData *data = sk_demo_server_get_data (server);
          guint index;

          g_assert_true (sk_demo_data_order_index (data, *(gint64 *) k, &index));
          if (ANCHOR + GPOINTER_TO_INT (v) > cuts[c] && !sk_demo_data_order_is_trashed (data, index))
            {
              expected++;
              g_assert_true (g_hash_table_contains (got, k));
            }
        }
      g_assert_cmpuint (g_hash_table_size (got), ==, expected);
      g_assert_cmpuint (total, ==, expected);
      g_test_message ("modified_after %s: %u orders", when->str, expected);
    }

  /* A status filter and creation bounds. */
  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(JsonNode) root = NULL;
    JsonArray *arr;

    fetch_with (session, server, "orders?per_page=100&status=processing,on-hold&after=2025-12-01T00:00:00&before=2025-12-31T00:00:00&_fields=status,date_created_gmt",
                AUTH_BASIC, &reply);
    root = parse (&reply);
    arr = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (arr), >, 0);
    for (guint i = 0; i < json_array_get_length (arr); i++)
      {
        JsonObject *o = json_array_get_object_element (arr, i);
        const char *s = json_object_get_string_member (o, "status");
        gint64 t = date_member (o, "date_created_gmt");

        g_assert_true (g_str_equal (s, "processing") || g_str_equal (s, "on-hold"));
        g_assert_cmpint (t, >, ANCHOR - 31 * 86400);
        g_assert_cmpint (t, <, ANCHOR - 86400);
      }
  }
}

static void
test_totals_and_guests (void)
{
  g_autoptr(SkDemoServer) server = start_server (1, 3000, 0);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GHashTable) buyers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0, guests = 0;

  for (guint page = 1; page <= 30; page++)
    {
      g_autofree char *q = g_strdup_printf ("orders?per_page=100&page=%u&status=any,trash", page);
      g_auto(Reply) reply = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonArray *arr;

      fetch_with (session, server, q, AUTH_BASIC, &reply);
      root = parse (&reply);
      arr = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *o = json_array_get_object_element (arr, i);
          JsonArray *items = json_object_get_array_member (o, "line_items");
          JsonObject *billing = json_object_get_object_member (o, "billing");
          gint64 lines = 0, line_tax = 0, discount = 0;
          const char *email = json_object_get_string_member (billing, "email");

          for (guint j = 0; j < json_array_get_length (items); j++)
            {
              JsonObject *item = json_array_get_object_element (items, j);

              lines += cents (json_object_get_string_member (item, "total"));
              line_tax += cents (json_object_get_string_member (item, "total_tax"));
              discount += cents (json_object_get_string_member (item, "subtotal")) - cents (json_object_get_string_member (item, "total"));
            }
          g_assert_cmpint (line_tax, ==, cents (json_object_get_string_member (o, "cart_tax")));
          g_assert_cmpint (discount, ==, cents (json_object_get_string_member (o, "discount_total")));
          g_assert_cmpint (cents (json_object_get_string_member (o, "total_tax")), ==,
                           line_tax + cents (json_object_get_string_member (o, "shipping_tax")));
          g_assert_cmpint (cents (json_object_get_string_member (o, "total")), ==,
                           lines + cents (json_object_get_string_member (o, "shipping_total"))
                           + cents (json_object_get_string_member (o, "total_tax")));
          g_assert_cmpint (date_member (o, "date_modified_gmt"), >=, date_member (o, "date_created_gmt"));
          g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "meta_data")));

          if (!g_hash_table_contains (buyers, email))
            {
              g_hash_table_add (buyers, g_strdup (email));
              if (json_object_get_int_member (o, "customer_id") == 0)
                guests++;
            }
          n++;
        }
    }

  g_assert_cmpuint (n, ==, 3000);
  g_test_message ("%u buyers, %u guests", g_hash_table_size (buyers), guests);
  g_assert_cmpfloat ((double) guests / g_hash_table_size (buyers), >, 0.25);
  g_assert_cmpfloat ((double) guests / g_hash_table_size (buyers), <, 0.42);
}

static void
test_determinism (void)
{
  g_autoptr(SkDemoServer) a = start_server (9, 500, 0);
  g_autoptr(SkDemoServer) b = start_server (9, 500, 0);
  g_autoptr(SkDemoServer) c = start_server (10, 500, 0);
  g_auto(Reply) ra = { 0 };
  g_auto(Reply) rb = { 0 };
  g_auto(Reply) rc = { 0 };
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;
  g_autofree char *port_a = NULL;
  g_autofree char *port_b = NULL;

  fetch (a, "orders?per_page=50&page=3", AUTH_BASIC, &ra);
  fetch (b, "orders?per_page=50&page=3", AUTH_BASIC, &rb);
  fetch (c, "orders?per_page=50&page=3", AUTH_BASIC, &rc);

  /* Only the URLs in _links differ, by the port. */
  port_a = g_strdup_printf ("127.0.0.1:%u", sk_demo_server_get_port (a));
  port_b = g_strdup_printf ("127.0.0.1:%u", sk_demo_server_get_port (b));
  ta = g_strndup (g_bytes_get_data (ra.body, NULL), g_bytes_get_size (ra.body));
  tb = g_strndup (g_bytes_get_data (rb.body, NULL), g_bytes_get_size (rb.body));
  {
    g_auto(GStrv) pa = g_strsplit (ta, port_a, -1);
    g_auto(GStrv) pb = g_strsplit (tb, port_b, -1);
    g_autofree char *ja = g_strjoinv ("PORT", pa);
    g_autofree char *jb = g_strjoinv ("PORT", pb);

    g_assert_cmpstr (ja, ==, jb);
  }
  g_assert_false (g_bytes_equal (ra.body, rc.body));
  g_assert_cmpstr (sk_demo_server_get_key (a), ==, sk_demo_server_get_key (b));
  g_assert_cmpstr (sk_demo_server_get_key (a), !=, sk_demo_server_get_key (c));
}

static void
test_million (void)
{
  g_autoptr(SkDemoServer) server = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_auto(Reply) first = { 0 };
  g_auto(Reply) last = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *q = NULL;
  gint64 start, started, served;
  guint64 total, pages;
  JsonArray *arr;

  start = g_get_monotonic_time ();
  server = start_server (1, 1000000, 0);
  started = g_get_monotonic_time () - start;
  g_assert_cmpint (started, <, G_USEC_PER_SEC);

  fetch_with (session, server, "orders?per_page=100&_fields=id", AUTH_BASIC, &first);
  g_assert_cmpuint (first.status, ==, 200);
  total = g_ascii_strtoull (soup_message_headers_get_one (first.headers, "X-WP-Total"), NULL, 10);
  pages = g_ascii_strtoull (soup_message_headers_get_one (first.headers, "X-WP-TotalPages"), NULL, 10);
  /* Trashed orders are hidden from the default listing, as in WooCommerce. */
  g_assert_cmpuint (total, >, 980000);
  g_assert_cmpuint (total, <, 1000000);
  g_assert_cmpuint (pages, ==, (total + 99) / 100);

  /* Newest first: the last page ends with the oldest order. */
  q = g_strdup_printf ("orders?per_page=100&page=%" G_GUINT64_FORMAT, pages);
  start = g_get_monotonic_time ();
  fetch_with (session, server, q, AUTH_BASIC, &last);
  served = g_get_monotonic_time () - start;
  g_assert_cmpuint (last.status, ==, 200);
  root = parse (&last);
  arr = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (arr), ==, total - (pages - 1) * 100);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arr, json_array_get_length (arr) - 1), "id"), ==, 1000);

  g_test_message ("1,000,000 orders: started in %" G_GINT64_FORMAT " µs; last page (%u orders, %" G_GSIZE_FORMAT
                  " bytes) fetched in %" G_GINT64_FORMAT " µs",
                  started, json_array_get_length (arr), g_bytes_get_size (last.body), served);
}

static void
test_faults (void)
{
  g_autoptr(SkDemoServer) server = start_server (1, 100, 0);
  const struct { SkDemoFault fault; guint status; } http[] = {
    { SK_DEMO_FAULT_HTTP_401, 401 }, { SK_DEMO_FAULT_HTTP_404, 404 }, { SK_DEMO_FAULT_HTTP_429, 429 },
    { SK_DEMO_FAULT_HTTP_500, 500 }, { SK_DEMO_FAULT_HTTP_503, 503 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (http); i++)
    {
      g_auto(Reply) hit = { 0 };
      g_auto(Reply) after = { 0 };

      sk_demo_server_add_fault (server, http[i].fault, "orders", 0, 1);
      fetch (server, "orders", AUTH_BASIC, &hit);
      g_assert_cmpuint (hit.status, ==, http[i].status);
      if (http[i].fault == SK_DEMO_FAULT_HTTP_429)
        g_assert_cmpstr (soup_message_headers_get_one (hit.headers, "Retry-After"), ==, "1");
      fetch (server, "orders", AUTH_BASIC, &after);
      g_assert_cmpuint (after.status, ==, 200);
    }

  /* skip and the path filter. */
  {
    g_auto(Reply) r1 = { 0 };
    g_auto(Reply) r2 = { 0 };
    g_auto(Reply) r3 = { 0 };

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_HTTP_500, "page=2", 1, G_MAXUINT);
    fetch (server, "orders?page=2", AUTH_BASIC, &r1);
    g_assert_cmpuint (r1.status, ==, 200);
    fetch (server, "orders?page=2", AUTH_BASIC, &r2);
    g_assert_cmpuint (r2.status, ==, 500);
    fetch (server, "orders?page=3", AUTH_BASIC, &r3);
    g_assert_cmpuint (r3.status, ==, 200);
    sk_demo_server_clear_faults (server);
  }

  {
    g_auto(Reply) reply = { 0 };

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_TRUNCATED_BODY, NULL, 0, 1);
    fetch (server, "orders?per_page=100", AUTH_BASIC, &reply);
    /* libsoup 3.2 reports no error when the connection closes before
     * Content-Length bytes came: the client must compare them itself. */
    if (reply.error != NULL)
      {
        g_test_message ("truncated body: %s", reply.error->message);
      }
    else
      {
        goffset expected = soup_message_headers_get_content_length (reply.headers);

        g_test_message ("truncated body: %" G_GSIZE_FORMAT " of %" G_GOFFSET_FORMAT " bytes",
                        g_bytes_get_size (reply.body), expected);
        g_assert_cmpint (expected, >, 100000);
        g_assert_cmpint (g_bytes_get_size (reply.body), ==, expected / 2);
      }
  }

  {
    g_auto(Reply) reply = { 0 };

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_DROP_CONNECTION, NULL, 0, 1);
    fetch (server, "orders", AUTH_BASIC, &reply);
    g_assert_nonnull (reply.error);
    g_test_message ("dropped connection: %s", reply.error->message);
  }

  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_MALFORMED_JSON, NULL, 0, 1);
    fetch (server, "orders", AUTH_BASIC, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body), &error));
  }

  {
    g_auto(Reply) reply = { 0 };
    gsize len;
    const char *body;

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_INVALID_UTF8, NULL, 0, 1);
    fetch (server, "orders", AUTH_BASIC, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    body = g_bytes_get_data (reply.body, &len);
    g_assert_false (g_utf8_validate (body, len, NULL));
    g_assert_nonnull (g_strstr_len (body, len, "\xC3\x28\xFF"));
    g_assert_true (body[0] == '[');
  }

  {
    g_auto(Reply) reply = { 0 };
    const char *type;

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_HTML, NULL, 0, 1);
    fetch (server, "orders", AUTH_BASIC, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    type = soup_message_headers_get_content_type (reply.headers, NULL);
    g_assert_cmpstr (type, ==, "text/html");
  }

  /* SLOW: past the client's timeout; other requests are served meanwhile,
   * and stop() does not wait for it. */
  {
    g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
    g_auto(Reply) slow = { 0 };
    g_auto(Reply) fine = { 0 };

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_SLOW, NULL, 0, 1);
    fetch_with (session, server, "orders", AUTH_BASIC, &slow);
    g_assert_error (slow.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    fetch (server, "orders", AUTH_BASIC, &fine);
    g_assert_cmpuint (fine.status, ==, 200);
  }

  {
    gint64 start = g_get_monotonic_time ();
    g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
    g_auto(Reply) slow = { 0 };

    sk_demo_server_add_fault (server, SK_DEMO_FAULT_SLOW, NULL, 0, 1);
    fetch_with (session, server, "orders", AUTH_BASIC, &slow);
    sk_demo_server_stop (server);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  }

  g_assert_cmpuint (sk_demo_server_get_n_requests (server), >=, 20);
}

typedef struct
{
  guint  pending;
  gint64 done_at;
} Concurrent;

static void
concurrent_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Concurrent *c = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (body), >, 1000);
  c->pending--;
}

static void
test_latency (void)
{
  g_autoptr(SkDemoServer) server = start_server (1, 3000, 300);
  g_autoptr(SoupSession) session = new_session ();
  Concurrent c = { 0, 0 };
  gboolean done = FALSE;
  gint64 start;

  {
    g_auto(Reply) reply = { 0 };

    start = g_get_monotonic_time ();
    fetch_with (session, server, "orders?per_page=100", AUTH_BASIC, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  }

  /* Four pages in flight over keep-alive: the delays overlap. */
  start = g_get_monotonic_time ();
  for (guint page = 1; page <= 4; page++)
    {
      g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/orders?per_page=100&page=%u&consumer_key=%s&consumer_secret=%s",
                                              sk_demo_server_get_url (server), page,
                                              sk_demo_server_get_key (server), sk_demo_server_get_secret (server));
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      c.pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, concurrent_done_cb, &c);
    }
  while (c.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  done = TRUE;
  g_assert_true (done);
  g_test_message ("4 pages of 100 orders with 300 ms latency in flight together: %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-server/paging", test_paging);
  g_test_add_func ("/demo-server/order", test_order_and_default);
  g_test_add_func ("/demo-server/auth", test_auth);
  g_test_add_func ("/demo-server/fields-and-routes", test_fields_and_routes);
  g_test_add_func ("/demo-server/modified-after", test_modified_after);
  g_test_add_func ("/demo-server/totals-and-guests", test_totals_and_guests);
  g_test_add_func ("/demo-server/determinism", test_determinism);
  g_test_add_func ("/demo-server/million", test_million);
  g_test_add_func ("/demo-server/faults", test_faults);
  g_test_add_func ("/demo-server/latency", test_latency);

  return g_test_run ();
}
