/* sk-soup.h — the one place HTTP sessions are made.
 *
 * Every request Shopkeeper sends to a store goes through a session made
 * here, so timeouts, the User-Agent, compression and the rules about
 * plain HTTP are the same everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sk-types.h"

G_BEGIN_DECLS

/* A session for talking to a store: @timeout_s seconds of I/O timeout per
 * request, idle keep-alive connections closed after a minute, at most
 * @max_conns_per_host connections to the store, "User-Agent:
 * Shopkeeper/<version>", gzip/deflate answers decoded transparently,
 * certificates always checked. */
SoupSession *sk_soup_session_new        (guint         timeout_s,
                                         guint         max_conns_per_host);

/* TRUE if @host is a loopback name or address: "localhost", 127.0.0.0/8
 * or ::1. */
gboolean     sk_soup_host_is_loopback   (const char   *host);

/* Parses a store address typed by a user ("https://shop.example.com",
 * "https://example.com/shop/", "http://127.0.0.1:8080"), checking that it
 * is http(s) with a host and no user info, query or fragment, and refusing
 * plain http:// to anything but loopback. Returns the parsed URI or NULL
 * with SK_SYNC_ERROR_INVALID_URL or SK_SYNC_ERROR_INSECURE. */
GUri        *sk_soup_parse_store_url    (const char   *url,
                                         GError      **error);
/* The same, but when @allow_insecure is TRUE (the user explicitly allowed
 * an unencrypted connection to this store) plain http:// to a host that is
 * not loopback is accepted too. Requests to such a store are then signed
 * with OAuth 1.0a and the secret itself is never sent (sk-woo-connector.c). */
GUri        *sk_soup_parse_store_url_full (const char *url,
                                           gboolean    allow_insecure,
                                           GError    **error);
/* TRUE if @url is a plain http:// address of a host that is not loopback,
 * i.e. one that sk_soup_parse_store_url() refuses unless the user allows
 * an unencrypted connection. FALSE for anything else, including text that
 * is not an address at all. */
gboolean     sk_soup_url_needs_insecure (const char   *url);

G_END_DECLS
