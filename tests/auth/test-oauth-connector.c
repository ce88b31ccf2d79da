/* test-oauth-connector.c — the WooCommerce connector over plain HTTP signs
 * its requests with OAuth 1.0a, checked by the demo store's own verifier
 * (require-oauth mode: Basic auth refused, as WooCommerce does without
 * TLS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/oauth-connector/signed-requests", Fixture, NULL, fixture_set_up, test_signed_requests, fixture_tear_down);
  g_test_add ("/oauth-connector/wrong-secret", Fixture, NULL, fixture_set_up, test_wrong_secret, fixture_tear_down);

  return g_test_run ();
}
