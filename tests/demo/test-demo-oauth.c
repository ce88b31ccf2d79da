/* test-demo-oauth.c — OAuth 1.0a one-legged on plain HTTP, as WooCommerce
 * checks it: known vectors, then signed requests against the demo store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo-oauth"

#include "config.h"

#include <string.h>

#include "demo-http.h"
#include "sk-demo-oauth.h"
#include "sk-demo-server.h"

/* RFC 5849 §3.4.1.1: the example request and its signature base string. */
static void
test_rfc5849_base_string (void)
{
  g_autoptr(SkDemoOAuthParams) params = sk_demo_oauth_params_new ();
  g_autofree char *base = NULL;

  g_assert_true (sk_demo_oauth_params_add_query (params, "b5=%3D%253D&a3=a&c%40=&a2=r%20b"));
  g_assert_true (sk_demo_oauth_params_add_header (params,
                                                  "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", "
                                                  "oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", "
                                                  "oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", "
                                                  "oauth_signature=\"bYT5CMsGcbgUdFHObYMEfcx6bsw%3D\""));
  /* The form-encoded body "c2&a3=2+q". */
  g_assert_true (sk_demo_oauth_params_add_query (params, "c2&a3=2+q"));
  g_assert_cmpstr (sk_demo_oauth_params_get (params, "b5"), ==, "=%3D");
  g_assert_cmpstr (sk_demo_oauth_params_get (params, "oauth_signature"), ==, "bYT5CMsGcbgUdFHObYMEfcx6bsw=");
  g_assert_null (sk_demo_oauth_params_get (params, "realm"));

  base = sk_demo_oauth_base_string ("POST", "http://example.com/request", params);
  g_assert_cmpstr (base, ==,
                   "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
                   "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_"
                   "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
                   "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk"
                   "9d7dh3k39sjv7");
}

/* OAuth Core 1.0, Appendix A.5: the photos example, base string and
 * HMAC-SHA1 signature "tR3+Ty81lMeYAr/Fid0kMTYa/WM=". */
static void
test_photos_signature (void)
{
  g_autoptr(SkDemoOAuthParams) params = sk_demo_oauth_params_new ();
  g_autofree char *base = NULL;
  g_autofree char *sha1 = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *other = NULL;
  g_autofree char *encoded = NULL;

  g_assert_true (sk_demo_oauth_params_add_query (params, "file=vacation.jpg&size=original"));
  g_assert_true (sk_demo_oauth_params_add_header (params,
                                                  "OAuth realm=\"http://photos.example.net/\","
                                                  "oauth_consumer_key=\"dpf43f3p2l4k3l03\","
                                                  "oauth_token=\"nnch734d00sl2jdk\","
                                                  "oauth_signature_method=\"HMAC-SHA1\","
                                                  "oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\","
                                                  "oauth_timestamp=\"1191242096\","
                                                  "oauth_nonce=\"kllo9940pd9333jh\","
                                                  "oauth_version=\"1.0\""));
  base = sk_demo_oauth_base_string ("GET", "http://photos.example.net/photos", params);
  g_assert_cmpstr (base, ==,
                   "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26"
                   "oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26"
                   "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26"
                   "oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal");

  sha1 = sk_demo_oauth_sign ("HMAC-SHA1", "kd94hf93k423kf44", "pfkkdhi9sl3r4s00", base);
  g_assert_cmpstr (sha1, ==, "tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
  g_assert_cmpstr (sha1, ==, sk_demo_oauth_params_get (params, "oauth_signature"));
  /* The same with SHA-256 (computed with Python's hmac module). */
  sha256 = sk_demo_oauth_sign ("HMAC-SHA256", "kd94hf93k423kf44", "pfkkdhi9sl3r4s00", base);
  g_assert_cmpstr (sha256, ==, "0gCtTYQAxqCKhIE0sltgx7UgHkAs10vrpuYE7xpRBnE=");
  /* One-legged, as WooCommerce: the key is the secret and "&". */
  other = sk_demo_oauth_sign ("HMAC-SHA256", "cs_secret", NULL, "GET&x&y");
  g_assert_cmpstr (other, ==, "+YanaF1qdfst11g0g5tMgCdn/z16Su1qF7eRR5257a4=");
  g_assert_null (sk_demo_oauth_sign ("PLAINTEXT", "a", NULL, "b"));

  encoded = sk_demo_oauth_encode ("a b+c/ü~._-*");
  g_assert_cmpstr (encoded, ==, "a%20b%2Bc%2F%C3%BC~._-%2A");
}

static void
test_malformed_header (void)
{
  g_autoptr(SkDemoOAuthParams) params = sk_demo_oauth_params_new ();

  g_assert_false (sk_demo_oauth_params_add_header (params, "Basic abc"));
  g_assert_false (sk_demo_oauth_params_add_header (params, "OAuth oauth_nonce=unquoted"));
  g_assert_false (sk_demo_oauth_params_add_header (params, "OAuth oauth_nonce=\"open"));
  g_assert_false (sk_demo_oauth_params_add_query (params, "a=%ZZ"));
}

/* The test's own signer, written from RFC 5849 with GLib only. */
typedef struct
{
  const char *method;
  const char *signature_method;
  const char *key;
  const char *secret;
  gint64      timestamp;
  const char *nonce;
  gboolean    in_query;
} Signing;

static char *
encode (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* Returns the URL to call and sets *@header (NULL when signed in the query). */
static char *
sign_request (SkDemoServer  *server,
              const Signing *s,
              const char    *path,
              const char    *query,
              char         **header)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base_uri = g_strdup_printf ("%s/wp-json/wc/v3/%s", sk_demo_server_get_url (server), path);
  g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT, s->timestamp);
  const char *oauth[][2] = {
    { "oauth_consumer_key", s->key }, { "oauth_nonce", s->nonce },
    { "oauth_signature_method", s->signature_method }, { "oauth_timestamp", ts },
  };
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GString) auth = g_string_new ("OAuth ");
  g_autoptr(GString) url_query = g_string_new (query);
  g_autofree char *enc_uri = encode (base_uri);
  g_autofree char *enc_params = NULL;
  g_autofree char *base = NULL;
  g_autofree char *key = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *enc_signature = NULL;
  g_autoptr(GHmac) hmac = NULL;
  g_auto(GStrv) parts = g_strsplit (query, "&", -1);
  guint8 digest[32];
  gsize len = sizeof digest;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        g_auto(GStrv) kv = g_strsplit (parts[i], "=", 2);
        g_autofree char *k = g_uri_unescape_string (kv[0], NULL);
        g_autofree char *v = g_uri_unescape_string (kv[1] != NULL ? kv[1] : "", NULL);
        g_autofree char *ek = encode (k);
        g_autofree char *ev = encode (v);

        g_ptr_array_add (pairs, g_strdup_printf ("%s=%s", ek, ev));
      }
  for (guint i = 0; i < G_N_ELEMENTS (oauth); i++)
    {
      g_autofree char *ev = encode (oauth[i][1]);

      g_ptr_array_add (pairs, g_strdup_printf ("%s=%s", oauth[i][0], ev));
    }
  g_ptr_array_sort (pairs, compare_strings);
  for (guint i = 0; i < pairs->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "&" : "", (char *) g_ptr_array_index (pairs, i));

  enc_params = encode (joined->str);
  base = g_strdup_printf ("%s&%s&%s", s->method, enc_uri, enc_params);
  key = g_strdup_printf ("%s&", s->secret);
  hmac = g_hmac_new (g_str_equal (s->signature_method, "HMAC-SHA256") ? G_CHECKSUM_SHA256 : G_CHECKSUM_SHA1,
                     (const guchar *) key, strlen (key));
  g_hmac_update (hmac, (const guchar *) base, -1);
  g_hmac_get_digest (hmac, digest, &len);
  signature = g_base64_encode (digest, len);
  enc_signature = encode (signature);

  if (s->in_query)
    {
      for (guint i = 0; i < G_N_ELEMENTS (oauth); i++)
        {
          g_autofree char *ev = encode (oauth[i][1]);

          g_string_append_printf (url_query, "%s%s=%s", url_query->len > 0 ? "&" : "", oauth[i][0], ev);
        }
      g_string_append_printf (url_query, "&oauth_signature=%s", enc_signature);
      *header = NULL;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (oauth); i++)
        {
          g_autofree char *ev = encode (oauth[i][1]);

          g_string_append_printf (auth, "%s=\"%s\", ", oauth[i][0], ev);
        }
      g_string_append_printf (auth, "oauth_signature=\"%s\"", enc_signature);
      *header = g_strdup (auth->str);
    }

  return g_strdup_printf ("%s?%s", base_uri, url_query->str);
}

static void
send_signed (SkDemoServer  *server,
             const Signing *s,
             const char    *path,
             const char    *query,
             const char    *json,
             const char    *tamper_query,
             DemoReply     *reply)
{
  g_autoptr(SoupSession) session = demo_session ();
  g_autofree char *header = NULL;
  g_autofree char *url = sign_request (server, s, path, query, &header);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data;

  /* Changing the query after signing must break the signature. */
  if (tamper_query != NULL)
    {
      char *p = strstr (url, query);
      g_autofree char *tampered = NULL;

      g_assert_nonnull (p);
      tampered = g_strdup_printf ("%.*s%s%s", (int) (p - url), url, tamper_query, p + strlen (query));
      g_free (url);
      url = g_steal_pointer (&tampered);
    }

  msg = soup_message_new (s->method, url);
  g_assert_nonnull (msg);
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply->body = soup_session_send_and_read (session, msg, NULL, &reply->error);
  g_assert_no_error (reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (reply->body, &len);
  if (json_parser_load_from_data (parser, data, len, NULL))
    reply->root = json_node_copy (json_parser_get_root (parser));
}

static void
test_signed_requests (void)
{
  g_autoptr(SkDemoServer) server = demo_start (21, 50);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Signing s = { "GET", "HMAC-SHA1", sk_demo_server_get_key (server), sk_demo_server_get_secret (server),
                now, "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", FALSE };

  /* Off by default: Basic works. */
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", "orders", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }

  sk_demo_server_set_require_oauth (server, TRUE);

  /* Basic and query keys are refused on plain HTTP, as a real store does. */
  {
    g_auto(DemoReply) basic = { 0 };
    g_auto(DemoReply) keys = { 0 };
    g_autofree char *q = g_strdup_printf ("orders?consumer_key=%s&consumer_secret=%s",
                                          sk_demo_server_get_key (server), sk_demo_server_get_secret (server));

    demo_call (server, "GET", "orders", NULL, &basic);
    demo_assert_error (&basic, 401, "woocommerce_rest_cannot_view");
    demo_call (server, "GET", q, NULL, &keys);
    demo_assert_error (&keys, 401, "woocommerce_rest_cannot_view");
  }

  /* Signed in the header; the same nonce twice is refused. */
  {
    g_auto(DemoReply) ok = { 0 };
    g_auto(DemoReply) replay = { 0 };
    g_autofree char *auth = NULL;
    g_autofree char *since = demo_iso (demo_anchor () - 200 * 86400);
    g_autofree char *query = g_strdup_printf ("per_page=5&status=any%%2Ctrash&after=%s", since);

    send_signed (server, &s, "orders", query, NULL, NULL, &ok);
    g_assert_cmpuint (ok.status, ==, 200);
    g_assert_cmpuint (json_array_get_length (demo_array (&ok)), ==, 5);
    auth = sk_demo_server_dup_last_header (server, "Authorization");
    g_assert_true (g_str_has_prefix (auth, "OAuth "));

    send_signed (server, &s, "orders", query, NULL, NULL, &replay);
    demo_assert_error (&replay, 401, "woocommerce_rest_authentication_error");
    g_assert_nonnull (strstr (json_object_get_string_member (demo_object (&replay), "message"), "nonce"));
  }

  /* Signed in the query, with SHA-256. */
  {
    g_auto(DemoReply) reply = { 0 };

    s.nonce = "query-nonce-0001";
    s.in_query = TRUE;
    s.signature_method = "HMAC-SHA256";
    send_signed (server, &s, "orders/1003", "", NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (demo_object (&reply), "id"), ==, 1003);
    s.in_query = FALSE;
  }

  /* A tampered query, a wrong secret, a wrong key, another method. */
  {
    g_auto(DemoReply) tampered = { 0 };
    g_auto(DemoReply) secret = { 0 };
    g_auto(DemoReply) key = { 0 };
    g_auto(DemoReply) method = { 0 };
    Signing bad = s;

    s.nonce = "tamper-nonce";
    send_signed (server, &s, "orders", "per_page=5", NULL, "per_page=6", &tampered);
    demo_assert_error (&tampered, 401, "woocommerce_rest_authentication_error");
    g_assert_nonnull (strstr (json_object_get_string_member (demo_object (&tampered), "message"), "signature"));

    bad.nonce = "secret-nonce";
    bad.secret = "cs_0000000000000000000000000000000000000000";
    send_signed (server, &bad, "orders", "per_page=5", NULL, NULL, &secret);
    demo_assert_error (&secret, 401, "woocommerce_rest_authentication_error");

    bad = s;
    bad.nonce = "key-nonce";
    bad.key = "ck_0000000000000000000000000000000000000000";
    send_signed (server, &bad, "orders", "per_page=5", NULL, NULL, &key);
    demo_assert_error (&key, 401, "woocommerce_rest_authentication_error");

    bad = s;
    bad.nonce = "method-nonce";
    bad.signature_method = "HMAC-MD5";
    send_signed (server, &bad, "orders", "per_page=5", NULL, NULL, &method);
    demo_assert_error (&method, 401, "woocommerce_rest_authentication_error");
  }

  /* Timestamps: 20 minutes old is refused; the store's clock decides. */
  {
    g_auto(DemoReply) old = { 0 };
    g_auto(DemoReply) ahead = { 0 };
    g_auto(DemoReply) late = { 0 };

    s.nonce = "old-nonce";
    s.timestamp = now - 20 * 60;
    send_signed (server, &s, "orders", "per_page=1", NULL, NULL, &old);
    demo_assert_error (&old, 401, "woocommerce_rest_authentication_error");
    g_assert_nonnull (strstr (json_object_get_string_member (demo_object (&old), "message"), "timestamp"));

    sk_demo_server_set_clock_offset (server, 3600);
    s.nonce = "ahead-nonce";
    s.timestamp = now + 3600;
    send_signed (server, &s, "orders", "per_page=1", NULL, NULL, &ahead);
    g_assert_cmpuint (ahead.status, ==, 200);
    s.nonce = "late-nonce";
    s.timestamp = now;
    send_signed (server, &s, "orders", "per_page=1", NULL, NULL, &late);
    g_assert_cmpuint (late.status, ==, 401);
    sk_demo_server_set_clock_offset (server, 0);
  }

  /* Writes: the JSON body is not signed. */
  {
    g_auto(DemoReply) reply = { 0 };

    s.method = "POST";
    s.nonce = "write-nonce";
    s.timestamp = now;
    send_signed (server, &s, "orders/1004/notes", "", "{\"note\":\"signiert\"}", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (demo_object (&reply), "note"), ==, "signiert");
  }

  /* And off again. */
  sk_demo_server_set_require_oauth (server, FALSE);
  {
    g_auto(DemoReply) reply = { 0 };

    demo_call (server, "GET", "orders", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-oauth/rfc5849-base-string", test_rfc5849_base_string);
  g_test_add_func ("/demo-oauth/photos-signature", test_photos_signature);
  g_test_add_func ("/demo-oauth/malformed", test_malformed_header);
  g_test_add_func ("/demo-oauth/signed-requests", test_signed_requests);

  return g_test_run ();
}
