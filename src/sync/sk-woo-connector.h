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

/* @store_uri comes from sk_soup_parse_store_url(). The key and secret are
 * sent as HTTP Basic auth and never logged nor put into errors. Requests
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

G_END_DECLS
