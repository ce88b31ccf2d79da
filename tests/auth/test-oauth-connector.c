/* test-oauth-connector.c — the WooCommerce connector over plain HTTP signs
 * its requests with OAuth 1.0a, checked by the demo store's own verifier
 * (require-oauth mode: Basic auth refused, as WooCommerce does without
 * TLS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-connector.h"
#include "sk-soup.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"
#include "sk-woo-connector.h"

typedef struct
{
  SkDemoServer *demo;
  SoupSession  *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  f->demo = sk_test_start_demo (3, 250);
  sk_demo_server_set_require_oauth (f->demo, TRUE);
  f->session = sk_soup_session_new (10, 4);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->session);
  sk_demo_server_stop (f->demo);
  g_assert_finalize_object (f->demo);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static SkConnector *
make_connector (Fixture    *f,
                const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = sk_soup_parse_store_url (sk_demo_server_get_url (f->demo), &error);

  g_assert_no_error (error);

  return SK_CONNECTOR (sk_woo_connector_new (f->session, uri, sk_demo_server_get_key (f->demo), secret));
}

/* Prepare and every page of orders: each request freshly signed (a new
 * nonce each time, which the store requires). */
static void
test_signed_requests (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(SkConnector) connector = make_connector (f, sk_demo_server_get_secret (f->demo));
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GError) error = NULL;
  gint64 fetched = 0;

  sk_connector_prepare_async (connector, NULL, result_cb, &prepared);
  g_assert_true (sk_connector_prepare_finish (connector, wait_result (&prepared), &error));
  g_assert_no_error (error);

  for (guint page = 1; page <= 3; page++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(SkConnectorPage) listed = NULL;

      sk_connector_list_page_async (connector, SK_RESOURCE_ORDERS, page, NULL, result_cb, &result);
      listed = sk_connector_list_page_finish (connector, wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_nonnull (listed);
      fetched += listed->records->len;
    }
  g_assert_cmpint (fetched, >, 100);
}

/* A wrong secret makes a wrong signature: refused, said as wrong keys. */
static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(SkConnector) connector = make_connector (f, "cs_not-the-secret");
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GError) error = NULL;

  sk_connector_prepare_async (connector, NULL, result_cb, &prepared);
  g_assert_false (sk_connector_prepare_finish (connector, wait_result (&prepared), &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_UNAUTHORIZED);
}

/* Plain http:// to a host that is not loopback only when allowed; https
 * and loopback always; nonsense never, allowed or not. */
static void
test_url_check (void)
{
  static const struct {
    const char *url;
    gboolean    allow;
    int         code;   /* -1: accepted */
  } cases[] = {
    { "https://shop.example.com", FALSE, -1 },
    { "https://shop.example.com", TRUE, -1 },
    { "http://127.0.0.1:8080", FALSE, -1 },
    { "http://localhost/shop/", FALSE, -1 },
    { "http://[::1]:8080", FALSE, -1 },
    { "http://shop.example.com", FALSE, SK_SYNC_ERROR_INSECURE },
    { "http://192.168.1.20/shop", FALSE, SK_SYNC_ERROR_INSECURE },
    { "HTTP://Shop.Example.com", FALSE, SK_SYNC_ERROR_INSECURE },
    { "http://shop.example.com", TRUE, -1 },
    { "http://192.168.1.20/shop", TRUE, -1 },
    { "ftp://shop.example.com", TRUE, SK_SYNC_ERROR_INVALID_URL },
    { "http://user:pw@shop.example.com", TRUE, SK_SYNC_ERROR_INVALID_URL },
    { "http://shop.example.com/?a=b", TRUE, SK_SYNC_ERROR_INVALID_URL },
    { "http://", TRUE, SK_SYNC_ERROR_INVALID_URL },
    { "", TRUE, SK_SYNC_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = sk_soup_parse_store_url_full (cases[i].url, cases[i].allow, &error);

      g_test_message ("%s allow=%d", cases[i].url, cases[i].allow);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (uri);
        }
      else
        {
          g_assert_error (error, SK_SYNC_ERROR, cases[i].code);
          g_assert_null (uri);
        }

      /* The strict form is the same as not allowing. */
      if (!cases[i].allow)
        {
          g_autoptr(GError) strict_error = NULL;
          g_autoptr(GUri) strict = sk_soup_parse_store_url (cases[i].url, &strict_error);

          g_assert_true ((strict == NULL) == (uri == NULL));
        }
    }

  g_assert_true (sk_soup_url_needs_insecure ("http://shop.example.com"));
  g_assert_true (sk_soup_url_needs_insecure ("http://10.0.0.5:8080/shop"));
  g_assert_false (sk_soup_url_needs_insecure ("http://127.0.0.1:8080"));
  g_assert_false (sk_soup_url_needs_insecure ("http://localhost"));
  g_assert_false (sk_soup_url_needs_insecure ("https://shop.example.com"));
  g_assert_false (sk_soup_url_needs_insecure ("http://"));
  g_assert_false (sk_soup_url_needs_insecure ("shop.example.com"));
  g_assert_false (sk_soup_url_needs_insecure (""));
  g_assert_false (sk_soup_url_needs_insecure (NULL));
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *message,
                   GPtrArray   *seen)
{
  const char *auth = soup_message_headers_get_one (soup_message_get_request_headers (message), "Authorization");
  const char *query = g_uri_get_query (soup_message_get_uri (message));

  /* Only what matters, no secret kept: Basic present? signed? */
  g_ptr_array_add (seen, g_strdup_printf ("%s %s",
                                          auth != NULL ? "auth" : "no-auth",
                                          query != NULL && strstr (query, "oauth_signature=") != NULL ? "signed" : "unsigned"));
}

/* A store on plain http:// that is not loopback (allowed by the user):
 * "shop.example.com" reaches the demo store through the session's
 * remote-connectable. Every request is OAuth-signed and carries no Basic
 * header, so the secret never crosses the network: the demo store, here
 * accepting Basic only, refuses them. (The signature itself is checked
 * against the demo's verifier in /oauth-connector/signed-requests; the
 * demo signs over its own 127.0.0.1 address, as WooCommerce over its home
 * URL, so it cannot verify one made for another host name.) */
static void
test_insecure_host_no_basic (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(GUri) demo_uri = g_uri_parse (sk_demo_server_get_url (f->demo), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketConnectable) target = g_network_address_new ("127.0.0.1", g_uri_get_port (demo_uri));
  g_autoptr(SoupSession) session = g_object_new (SOUP_TYPE_SESSION, "remote-connectable", target, "timeout", 10, NULL);
  g_autofree char *url = g_strdup_printf ("http://shop.example.com:%d", g_uri_get_port (demo_uri));
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SkConnector) connector = NULL;
  g_autoptr(GAsyncResult) prepared = NULL;

  uri = sk_soup_parse_store_url (url, &error);
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE);
  g_assert_null (uri);
  g_clear_error (&error);

  uri = sk_soup_parse_store_url_full (url, TRUE, &error);
  g_assert_no_error (error);

  sk_demo_server_set_require_oauth (f->demo, FALSE);
  g_signal_connect (session, "request-queued", G_CALLBACK (request_queued_cb), seen);
  connector = SK_CONNECTOR (sk_woo_connector_new (session, uri,
                                                  sk_demo_server_get_key (f->demo),
                                                  sk_demo_server_get_secret (f->demo)));

  sk_connector_prepare_async (connector, NULL, result_cb, &prepared);
  g_assert_false (sk_connector_prepare_finish (connector, wait_result (&prepared), &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_UNAUTHORIZED);

  g_assert_cmpuint (seen->len, >=, 1);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, "no-auth signed");
}

/* Loopback over http:// keeps Basic beside the signature (it never leaves
 * the machine). */
static void
test_loopback_keeps_basic (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(SkConnector) connector = make_connector (f, sk_demo_server_get_secret (f->demo));
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GError) error = NULL;

  sk_demo_server_set_require_oauth (f->demo, FALSE);
  g_signal_connect (f->session, "request-queued", G_CALLBACK (request_queued_cb), seen);
  sk_connector_prepare_async (connector, NULL, result_cb, &prepared);
  g_assert_true (sk_connector_prepare_finish (connector, wait_result (&prepared), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "auth signed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/oauth-connector/signed-requests", Fixture, NULL, fixture_set_up, test_signed_requests, fixture_tear_down);
  g_test_add ("/oauth-connector/wrong-secret", Fixture, NULL, fixture_set_up, test_wrong_secret, fixture_tear_down);
  g_test_add_func ("/oauth-connector/url-check", test_url_check);
  g_test_add ("/oauth-connector/insecure-host-no-basic", Fixture, NULL, fixture_set_up, test_insecure_host_no_basic, fixture_tear_down);
  g_test_add ("/oauth-connector/loopback-keeps-basic", Fixture, NULL, fixture_set_up, test_loopback_keeps_basic, fixture_tear_down);

  return g_test_run ();
}
