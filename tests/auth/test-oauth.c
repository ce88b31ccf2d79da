/* test-oauth.c — the OAuth 1.0a signer against published and independently
 * computed vectors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-oauth.h"

#define WOO_URL "http://127.0.0.1:8080/wp-json/wc/v3/orders?per_page=100&page=2&orderby=id&order=asc"
#define WOO_KEY "ck_4a8f8c0b1d2e3f405162738495a6b7c8d9e0f1a2"
#define WOO_SECRET "cs_0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"
#define WOO_NONCE "abcdefghijklmnopqrstuvwxyz012345"

static void
test_percent_encode (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "" },
    { "AZaz09-._~", "AZaz09-._~" },
    { " ", "%20" },
    { "+", "%2B" },
    { "%", "%25" },
    { "!*'();:@&=+$,/?#[]", "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D" },
    { "ü", "%C3%BC" },
    { "€", "%E2%82%AC" },
    { "\xff", "%FF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sk_oauth_percent_encode (cases[i].in, -1);

      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* Explicit lengths carry NUL bytes. */
  {
    g_autofree char *out = sk_oauth_percent_encode ("a\0b", 3);

    g_assert_cmpstr (out, ==, "a%00b");
  }
}

/* RFC 5849 §3.4.1.1: the example request and its signature base string
 * (body parameters and the token passed as extras; the host written in
 * capitals with its default port to check §3.4.1.2 normalization). */
static void
test_rfc5849_base_string (void)
{
  static const char * const extra[] = {
    "oauth_consumer_key", "9djdj82h48djs9d2",
    "oauth_token", "kkk9d7dh3k39sjv7",
    "oauth_signature_method", "HMAC-SHA1",
    "oauth_timestamp", "137131201",
    "oauth_nonce", "7d8f3e4a",
    "c2", "",
    "a3", "2 q",
    NULL,
  };
  g_autofree char *base = NULL;

  base = sk_oauth_signature_base_string ("post",
                                         "http://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
                                         extra);
  g_assert_cmpstr (base, ==,
                   "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
                   "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_"
                   "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
                   "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk"
                   "9d7dh3k39sjv7");
}

/* RFC 5849 §3.4.1.2 examples: default ports dropped, others kept. */
static void
test_base_uri (void)
{
  g_autofree char *a = sk_oauth_strip_url ("HTTP://EXAMPLE.COM:80/r%20v/X?id=123#frag");
  g_autofree char *b = sk_oauth_strip_url ("https://www.example.net:8080/?q=1");
  g_autofree char *c = sk_oauth_strip_url ("https://www.example.net:443");
  g_autofree char *d = sk_oauth_strip_url ("http://[::1]:8080/shop");

  g_assert_cmpstr (a, ==, "http://example.com/r%20v/X?id=123");
  g_assert_cmpstr (b, ==, "https://www.example.net:8080/?q=1");
  g_assert_cmpstr (c, ==, "https://www.example.net/");
  g_assert_cmpstr (d, ==, "http://[::1]:8080/shop");
}

/* Twitter's published "Creating a signature" example (a token and a body
 * parameter, so it goes through the extras): signature
 * hCtSmYh+iHYCEqBWrE7C7hYmtUk=. */
static void
test_twitter_vector (void)
{
  static const char * const extra[] = {
    "status", "Hello Ladies + Gentlemen, a signed OAuth request!",
    "oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog",
    "oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
    "oauth_signature_method", "HMAC-SHA1",
    "oauth_timestamp", "1318622958",
    "oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
    "oauth_version", "1.0",
    NULL,
  };
  g_autofree char *base = NULL;
  g_autofree char *signature = NULL;

  base = sk_oauth_signature_base_string ("POST",
                                         "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
                                         extra);
  g_assert_nonnull (base);
  g_assert_true (g_str_has_prefix (base, "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key"));

  signature = sk_oauth_compute_signature (SK_OAUTH_HMAC_SHA1,
                                          "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                                          "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
                                          base);
  g_assert_cmpstr (signature, ==, "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
}

/* A WooCommerce list request, one-legged, both methods. Expected values
 * computed independently with Python's hmac/urllib.parse.quote. */
static void
test_woo_sign_url (void)
{
  g_autofree char *sha1 = NULL;
  g_autofree char *sha256 = NULL;

  sha1 = sk_oauth_sign_url ("GET", WOO_URL, WOO_KEY, WOO_SECRET, SK_OAUTH_HMAC_SHA1, WOO_NONCE, 1700000000);
  g_assert_cmpstr (sha1, ==,
                   "http://127.0.0.1:8080/wp-json/wc/v3/orders?per_page=100&page=2&orderby=id&order=asc"
                   "&oauth_consumer_key=" WOO_KEY "&oauth_nonce=" WOO_NONCE
                   "&oauth_signature=WA2VHnCP1RLmvJ%2FS%2F%2BKxSgkoH74%3D"
                   "&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1700000000");

  sha256 = sk_oauth_sign_url ("GET", WOO_URL, WOO_KEY, WOO_SECRET, SK_OAUTH_HMAC_SHA256, WOO_NONCE, 1700000000);
  g_assert_cmpstr (sha256, ==,
                   "http://127.0.0.1:8080/wp-json/wc/v3/orders?per_page=100&page=2&orderby=id&order=asc"
                   "&oauth_consumer_key=" WOO_KEY "&oauth_nonce=" WOO_NONCE
                   "&oauth_signature=BIgGHfVo9uB4FjdcH2XXm8kygcCJnLEe%2Fn8VrvmW%2BI4%3D"
                   "&oauth_signature_method=HMAC-SHA256&oauth_timestamp=1700000000");
}

static void
test_woo_sign_header (void)
{
  g_autofree char *header = NULL;

  header = sk_oauth_sign_header ("GET", WOO_URL, WOO_KEY, WOO_SECRET, SK_OAUTH_HMAC_SHA1, WOO_NONCE, 1700000000);
  g_assert_cmpstr (header, ==,
                   "OAuth oauth_consumer_key=\"" WOO_KEY "\", oauth_nonce=\"" WOO_NONCE "\", "
                   "oauth_signature=\"WA2VHnCP1RLmvJ%2FS%2F%2BKxSgkoH74%3D\", "
                   "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1700000000\"");
}

/* A "next" link under OAuth repeats the previous request's oauth_*
 * parameters: they are dropped and the request signed afresh, exactly as
 * if they had never been there. */
static void
test_next_link_resigned (void)
{
  g_autofree char *clean = NULL;
  g_autofree char *resigned = NULL;
  g_autofree char *stripped = NULL;
  const char *next =
    "http://127.0.0.1:8080/wp-json/wc/v3/orders?per_page=100&oauth_consumer_key=" WOO_KEY
    "&oauth_nonce=OLDNONCE&page=2&oauth_signature=old%2Bsig%3D&oauth_signature_method=HMAC-SHA1"
    "&orderby=id&oauth_timestamp=1&order=asc#top";

  clean = sk_oauth_sign_url ("GET", WOO_URL, WOO_KEY, WOO_SECRET, SK_OAUTH_HMAC_SHA1, WOO_NONCE, 1700000000);
  resigned = sk_oauth_sign_url ("GET", next, WOO_KEY, WOO_SECRET, SK_OAUTH_HMAC_SHA1, WOO_NONCE, 1700000000);
  g_assert_cmpstr (resigned, ==, clean);
  g_assert_null (strstr (resigned, "OLDNONCE"));
  g_assert_null (strstr (resigned, "old%2Bsig"));

  stripped = sk_oauth_strip_url (next);
  g_assert_cmpstr (stripped, ==, WOO_URL);
}

/* UTF-8, reserved characters, "+" as a space, a repeated name (sorted by
 * value), a percent-encoded secret character. Expected signature from
 * Python as above. */
static void
test_edge_parameters (void)
{
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  const char *request =
    "http://shop.example/wp-json/wc/v3/orders?search=M%C3%BCller+%26+S%C3%B6hne"
    "&status=a&status=%3Db&x%20y=%21*%27()&&";

  base = sk_oauth_signature_base_string ("GET", request, (const char * const []) {
                                           "oauth_consumer_key", "ck",
                                           "oauth_nonce", "n",
                                           "oauth_signature_method", "HMAC-SHA1",
                                           "oauth_timestamp", "1",
                                           NULL });
  g_assert_cmpstr (base, ==,
                   "GET&http%3A%2F%2Fshop.example%2Fwp-json%2Fwc%2Fv3%2Forders&oauth_consumer_key%3Dck"
                   "%26oauth_nonce%3Dn%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1"
                   "%26search%3DM%25C3%25BCller%2520%2526%2520S%25C3%25B6hne%26status%3D%253Db"
                   "%26status%3Da%26x%2520y%3D%2521%252A%2527%2528%2529");

  url = sk_oauth_sign_url ("GET", request, "ck", "cs%&x", SK_OAUTH_HMAC_SHA1, "n", 1);
  g_assert_nonnull (url);
  g_assert_nonnull (strstr (url, "&oauth_signature=fXFcFq4%2BwpdBqeqNE4WpZ3CNdPQ%3D&"));
  /* The caller's own query is sent as it was written; empty pieces go. */
  g_assert_true (g_str_has_prefix (url, "http://shop.example/wp-json/wc/v3/orders?search=M%C3%BCller+%26+S%C3%B6hne"
                                        "&status=a&status=%3Db&x%20y=%21*%27()&oauth_consumer_key=ck&"));
}

static void
test_nonce_and_clock (void)
{
  g_autofree char *a = sk_oauth_make_nonce ();
  g_autofree char *b = sk_oauth_make_nonce ();
  g_autofree char *url = NULL;
  g_autofree char *expected_ts = NULL;
  const char *nonce;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 ts;

  g_assert_cmpuint (strlen (a), ==, SK_OAUTH_NONCE_LENGTH);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p));
  g_assert_cmpstr (a, !=, b);

  /* No nonce and no timestamp: a fresh random nonce and the clock. */
  url = sk_oauth_sign_url ("GET", WOO_URL, WOO_KEY, WOO_SECRET, SK_OAUTH_HMAC_SHA1, NULL, 0);
  nonce = strstr (url, "oauth_nonce=");
  g_assert_nonnull (nonce);
  g_assert_cmpuint (strcspn (nonce + strlen ("oauth_nonce="), "&"), ==, SK_OAUTH_NONCE_LENGTH);
  ts = g_ascii_strtoll (strstr (url, "oauth_timestamp=") + strlen ("oauth_timestamp="), NULL, 10);
  g_assert_cmpint (ts, >=, before);
  g_assert_cmpint (ts, <=, before + 5);
}

static void
test_invalid_urls (void)
{
  static const char *bad[] = {
    "",
    "not a url",
    "/wp-json/wc/v3/orders",
    "ftp://example.com/x",
    "http://user:pass@example.com/",
    "http:///nohost",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *url = sk_oauth_sign_url ("GET", bad[i], "k", "s", SK_OAUTH_HMAC_SHA1, "n", 1);
      g_autofree char *header = sk_oauth_sign_header ("GET", bad[i], "k", "s", SK_OAUTH_HMAC_SHA1, "n", 1);
      g_autofree char *stripped = sk_oauth_strip_url (bad[i]);

      g_assert_null (url);
      g_assert_null (header);
      g_assert_null (stripped);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/percent-encode", test_percent_encode);
  g_test_add_func ("/oauth/rfc5849-base-string", test_rfc5849_base_string);
  g_test_add_func ("/oauth/base-uri", test_base_uri);
  g_test_add_func ("/oauth/twitter-vector", test_twitter_vector);
  g_test_add_func ("/oauth/woo-sign-url", test_woo_sign_url);
  g_test_add_func ("/oauth/woo-sign-header", test_woo_sign_header);
  g_test_add_func ("/oauth/next-link-resigned", test_next_link_resigned);
  g_test_add_func ("/oauth/edge-parameters", test_edge_parameters);
  g_test_add_func ("/oauth/nonce-and-clock", test_nonce_and_clock);
  g_test_add_func ("/oauth/invalid-urls", test_invalid_urls);

  return g_test_run ();
}
