/* sk-demo-oauth.h — OAuth 1.0a one-legged signatures (RFC 5849), as
 * WooCommerce checks them on plain HTTP.
 *
 * Pure functions, no state: the server keeps the used nonces. Internal to
 * src/demo/ (and its tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A list of decoded (name, value) pairs: even indexes names, odd values. */
typedef GPtrArray SkDemoOAuthParams;

SkDemoOAuthParams *sk_demo_oauth_params_new          (void);
void               sk_demo_oauth_params_add          (SkDemoOAuthParams *params,
                                                      const char        *name,
                                                      const char        *value);
/* The value of the first @name, or NULL. */
const char        *sk_demo_oauth_params_get          (SkDemoOAuthParams *params,
                                                      const char        *name);
/* Adds the pairs of an application/x-www-form-urlencoded string ("+" is
 * a space). FALSE if a pair does not decode. */
gboolean           sk_demo_oauth_params_add_query    (SkDemoOAuthParams *params,
                                                      const char        *query);
/* Adds the oauth_* parameters of an `Authorization: OAuth …` header
 * (realm left out). FALSE if it is not one. */
gboolean           sk_demo_oauth_params_add_header   (SkDemoOAuthParams *params,
                                                      const char        *header);

/* RFC 3986 percent-encoding of every byte but ALPHA, DIGIT, "-._~". */
char              *sk_demo_oauth_encode              (const char        *text);
/* RFC 5849 §3.4.1: METHOD&enc(base_uri)&enc(sorted, encoded pairs),
 * leaving out oauth_signature. */
char              *sk_demo_oauth_base_string         (const char        *method,
                                                      const char        *base_uri,
                                                      SkDemoOAuthParams *params);
/* Base64 of HMAC-SHA1 or HMAC-SHA256 (@signature_method "HMAC-SHA1" or
 * "HMAC-SHA256") of @base_string with the key enc(consumer_secret) "&"
 * enc(token_secret); NULL for another method. */
char              *sk_demo_oauth_sign                (const char        *signature_method,
                                                      const char        *consumer_secret,
                                                      const char        *token_secret,
                                                      const char        *base_string);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkDemoOAuthParams, g_ptr_array_unref)

G_END_DECLS
