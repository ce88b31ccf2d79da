/* sk-secrets.h — a store's credentials in the Secret Service.
 *
 * The consumer key and secret (or a WordPress user and application
 * password) are kept in the user's keyring (libsecret), one item per store
 * URL, under the schema "app.shopkeeper.Shopkeeper.Store" with the
 * attributes "url" and "kind". Nothing secret is ever written to the
 * database, to GSettings or to a log.
 *
 * Without a Secret Service (a server, a cron job) lookups fall back to the
 * environment variables SHOPKEEPER_KEY and SHOPKEEPER_SECRET, which are
 * read only, never written anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SK_SECRETS_ERROR (sk_secrets_error_quark ())

typedef enum
{
  SK_SECRETS_ERROR_UNAVAILABLE,   /* no Secret Service, or it refused */
  SK_SECRETS_ERROR_INVALID,       /* the credentials cannot be stored as given */
} SkSecretsError;

GQuark sk_secrets_error_quark (void);

typedef enum
{
  SK_CREDENTIALS_WOO_KEYS = 0,        /* WooCommerce consumer key + secret */
  SK_CREDENTIALS_APP_PASSWORD = 1,    /* WordPress user + application password */
} SkCredentialsKind;

/* Where a looked-up credential came from. */
typedef enum
{
  SK_CREDENTIALS_FROM_KEYRING,
  SK_CREDENTIALS_FROM_ENVIRONMENT,
} SkCredentialsSource;

typedef struct
{
  SkCredentialsKind    kind;
  SkCredentialsSource  source;
  char                *user;      /* consumer key, or WordPress user name */
  char                *secret;    /* consumer secret, or application password */
} SkCredentials;

SkCredentials *sk_credentials_new          (SkCredentialsKind     kind,
                                            const char           *user,
                                            const char           *secret);
/* Overwrites the secret before freeing it. */
void           sk_credentials_free         (SkCredentials        *credentials);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCredentials, sk_credentials_free)

const char    *sk_credentials_kind_to_string (SkCredentialsKind   kind);

/* Stores @credentials for @store_url (a normalized URL, as the sync manager
 * keeps it), replacing whatever was stored for it. Fails with
 * SK_SECRETS_ERROR_UNAVAILABLE without a Secret Service: the environment
 * fallback is never written. */
void           sk_secrets_store_async      (const char           *store_url,
                                            const SkCredentials  *credentials,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       sk_secrets_store_finish     (GAsyncResult         *result,
                                            GError              **error);

/* The credentials for @store_url: from the keyring, else from
 * SHOPKEEPER_KEY/SHOPKEEPER_SECRET when both are set. NULL without an
 * error when there are none. */
void           sk_secrets_lookup_async     (const char           *store_url,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
SkCredentials *sk_secrets_lookup_finish    (GAsyncResult         *result,
                                            GError              **error);

/* Removes whatever the keyring holds for @store_url. Nothing stored is not
 * an error. */
void           sk_secrets_clear_async      (const char           *store_url,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       sk_secrets_clear_finish     (GAsyncResult         *result,
                                            GError              **error);

/* The password of the shop's SMTP server, one keyring item per server and
 * user (schema "app.shopkeeper.Shopkeeper.Smtp", attributes "host" and
 * "user"). Without a Secret Service, lookups fall back to the environment
 * variable SHOPKEEPER_SMTP_PASSWORD (read only). */
void           sk_secrets_store_smtp_password_async  (const char           *host,
                                                      const char           *user,
                                                      const char           *password,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       sk_secrets_store_smtp_password_finish (GAsyncResult         *result,
                                                      GError              **error);
/* NULL without an error when none is stored. Free with sk_secrets_free_password (). */
void           sk_secrets_lookup_smtp_password_async (const char           *host,
                                                      const char           *user,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char          *sk_secrets_lookup_smtp_password_finish (GAsyncResult        *result,
                                                      GError              **error);
/* Overwrites @password before freeing it. */
void           sk_secrets_free_password              (char                 *password);

G_END_DECLS
