/* demo-http.c — HTTP helpers for the demo store's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo-http"

#include "config.h"

#include <string.h>

#include "demo-http.h"

void
demo_reply_clear (DemoReply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->root, json_node_unref);
  g_clear_error (&reply->error);
}

gint64
demo_anchor (void)
{
  static gint64 anchor = 0;

  if (anchor == 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      anchor = now - now % 86400 - 86400;
    }
  return anchor;
}

char *
demo_iso (gint64 unix_utc)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (unix_utc);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");
}

SkDemoServer *
demo_start (guint64 seed,
            guint   n_orders)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  SkDemoServer *server;

  options.seed = seed;
  options.n_orders = n_orders;
  options.anchor_utc = demo_anchor ();
  server = sk_demo_server_new (&options);
  g_assert_true (sk_demo_server_start (server, &error));
  g_assert_no_error (error);

  return server;
}

SoupSession *
demo_session (void)
{
  return soup_session_new_with_options ("timeout", 20, NULL);
}

void
demo_request (SoupSession  *session,
              SkDemoServer *server,
              const char   *method,
              const char   *path_query,
              const char   *json,
              gboolean      auth,
              DemoReply    *reply)
{
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (server), path_query);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (auth)
    {
      g_autofree char *creds = g_strdup_printf ("%s:%s", sk_demo_server_get_key (server), sk_demo_server_get_secret (server));
      g_autofree char *b64 = g_base64_encode ((const guchar *) creds, strlen (creds));
      g_autofree char *header = g_strdup_printf ("Basic %s", b64);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply->body = soup_session_send_and_read (session, msg, NULL, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->body != NULL)
    {
      data = g_bytes_get_data (reply->body, &len);
      if (json_parser_load_from_data (parser, data, len, NULL) && json_parser_get_root (parser) != NULL)
        reply->root = json_node_copy (json_parser_get_root (parser));
    }
}

void
demo_call (SkDemoServer *server,
           const char   *method,
           const char   *path_query,
           const char   *json,
           DemoReply    *reply)
{
  g_autoptr(SoupSession) session = demo_session ();

  demo_request (session, server, method, path_query, json, TRUE, reply);
}

JsonObject *
demo_object (DemoReply *reply)
{
  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->root));
  return json_node_get_object (reply->root);
}

JsonArray *
demo_array (DemoReply *reply)
{
  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply->root));
  return json_node_get_array (reply->root);
}

void
demo_assert_error (DemoReply  *reply,
                   guint       status,
                   const char *code)
{
  JsonObject *obj = demo_object (reply);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (obj, "code"), ==, code);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj, "data"), "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (obj, "message"));
}

gint64
demo_date (JsonObject *object,
           const char *member)
{
  gint64 t = 0;

  g_assert_true (sk_demo_parse_iso8601 (json_object_get_string_member (object, member), &t));
  return t;
}

gint64
demo_money (JsonObject *object,
            const char *member)
{
  const char *s = json_object_get_string_member (object, member);
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

  return sign * (units * 100 + (dot[1] - '0') * 10 + (dot[2] - '0'));
}
