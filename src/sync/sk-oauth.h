/* sk-oauth.h — OAuth 1.0a one-legged request signing (RFC 5849).
 *
 * WooCommerce refuses HTTP Basic auth over plain HTTP (the key would travel
 * in clear); there it only accepts requests signed with OAuth 1.0a
 * "one-legged" (no token): HMAC-SHA1 or HMAC-SHA256 over the signature base
 * string, with the consumer secret followed by "&" as the key. This file
 * only computes: no I/O, no clock or randomness unless asked for (a NULL
 * nonce or a timestamp ≤ 0), so every result can be checked against known
 * vectors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SK_OAUTH_HMAC_SHA1,
  SK_OAUTH_HMAC_SHA256,
} SkOAuthMethod;

/* Length of the nonces sk_oauth_make_nonce() returns. */
#define SK_OAUTH_NONCE_LENGTH 32

/* "HMAC-SHA1" or "HMAC-SHA256". */
const char *sk_oauth_method_to_string        (SkOAuthMethod        method);

/* RFC 5849 §3.6: every byte of @str but ALPHA, DIGIT, "-", ".", "_" and "~"
 * as "%XX" (upper-case hex). @len may be -1 for a NUL-terminated string. */
char       *sk_oauth_percent_encode          (const char          *str,
                                              gssize               len);

/* SK_OAUTH_NONCE_LENGTH random letters and digits. */
char       *sk_oauth_make_nonce              (void);

/* @url without its oauth_* query parameters (a WooCommerce "next" link
 * repeats the previous request's, old nonce and signature included) and
 * without a fragment. NULL if @url is not an absolute http(s) URL. */
char       *sk_oauth_strip_url               (const char          *url);

/* RFC 5849 §3.4.1: the signature base string of a request of @http_method
 * to @url (its query parameters included, oauth_* ones left out) plus
 * @extra_params, a NULL-terminated list of name, value, name, value…
 * (not yet encoded; NULL for none). NULL if @url is not an absolute
 * http(s) URL. */
char       *sk_oauth_signature_base_string   (const char          *http_method,
                                              const char          *url,
                                              const char * const  *extra_params);

/* RFC 5849 §3.4.2: base64 of HMAC(@method) of @base_string with the key
 * "<encoded consumer secret>&<encoded token secret>" (@token_secret NULL
 * for one-legged requests). */
char       *sk_oauth_compute_signature       (SkOAuthMethod        method,
                                              const char          *consumer_secret,
                                              const char          *token_secret,
                                              const char          *base_string);

/* Signs a one-legged request: returns @url (oauth_* parameters and
 * fragment removed) with oauth_consumer_key, oauth_nonce, oauth_signature,
 * oauth_signature_method and oauth_timestamp added to its query. @nonce
 * NULL picks a random one; @timestamp ≤ 0 uses the current time (Unix
 * seconds UTC). NULL if @url is not an absolute http(s) URL. */
char       *sk_oauth_sign_url                (const char          *http_method,
                                              const char          *url,
                                              const char          *consumer_key,
                                              const char          *consumer_secret,
                                              SkOAuthMethod        method,
                                              const char          *nonce,
                                              gint64               timestamp);

/* The same signature as an "Authorization" header value ("OAuth
 * oauth_consumer_key=\"…\", …"). The request must then be sent to
 * sk_oauth_strip_url (@url). */
char       *sk_oauth_sign_header             (const char          *http_method,
                                              const char          *url,
                                              const char          *consumer_key,
                                              const char          *consumer_secret,
                                              SkOAuthMethod        method,
                                              const char          *nonce,
                                              gint64               timestamp);

G_END_DECLS
