/* sk-woo-connector.h — SkConnector for WooCommerce's REST API v3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sk-connector.h"

G_BEGIN_DECLS

#define SK_TYPE_WOO_CONNECTOR (sk_woo_connector_get_type ())
G_DECLARE_FINAL_TYPE (SkWooConnector, sk_woo_connector, SK, WOO_CONNECTOR, GObject)

/* @store_uri comes from sk_soup_parse_store_url(). Over https:// the key
 * and secret are sent as HTTP Basic auth; over plain http:// every request
 * is signed with OAuth 1.0a one-legged, and Basic auth is added only for a
 * loopback host, so the secret never crosses a network unencrypted. They
 * are never logged nor put into errors. Requests
 * are sent on @session from the calling thread's thread-default context. */
SkWooConnector *sk_woo_connector_new          (SoupSession    *session,
                                               GUri           *store_uri,
                                               const char     *consumer_key,
                                               const char     *consumer_secret);

/* The store's currency, known after prepare (NULL before, or if the store
 * has no orders and no currency endpoint). */
const char     *sk_woo_connector_get_currency (SkWooConnector *self);

/* The URL of a list request, without credentials (for tests and logs). */
char           *sk_woo_connector_build_list_url (SkWooConnector *self,
                                                 SkResource      resource,
                                                 guint           page);

/* One write request, sent once (never retried here: a POST that may have
 * reached the store must not be repeated blindly). @endpoint is relative
 * to /wp-json/wc/v3/ ("orders/12/refunds"), @query may be NULL, @body a
 * JSON document or NULL. The answer comes back whatever its HTTP status;
 * only a failure of the transfer itself is an error (SK_SYNC_ERROR_*). */
void            sk_woo_connector_send_async   (SkWooConnector      *self,
                                               const char          *method,
                                               const char          *endpoint,
                                               const char          *query,
                                               GBytes              *body,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The body (possibly empty); *@out_status the HTTP status; *@out_retry_after
 * the seconds a Retry-After asked for (0 if none). */
GBytes         *sk_woo_connector_send_finish  (SkWooConnector      *self,
                                               GAsyncResult        *result,
                                               guint               *out_status,
                                               guint               *out_retry_after,
                                               GError             **error);

G_END_DECLS
