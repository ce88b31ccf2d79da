/* sk-store-setup.h — connect a store: address, keys, a live check.
 *
 * Takes the store's address and a WooCommerce consumer key and secret (or
 * a WordPress user and application password), checks them live through
 * the connector (a read, then an empty batch to learn whether the key may
 * write, which Shopkeeper needs to send changes), and only then keeps them: the secret in
 * the keyring (sk-secrets.h), the address in GSettings ("store-url", and
 * "store-allow-insecure" for a plain http:// store the user allowed). Each
 * failure is said in plain words under the form; nothing is kept on
 * failure. Emits "connected" when all is done; whoever shows the form
 * points the sync manager at the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-secrets.h"

G_BEGIN_DECLS

#define SK_TYPE_STORE_SETUP (sk_store_setup_get_type ())
G_DECLARE_FINAL_TYPE (SkStoreSetup, sk_store_setup, SK, STORE_SETUP, AdwBin)

GtkWidget  *sk_store_setup_new         (void);

/* Fills the address field (e.g. the stored one, when its keys are gone). */
void        sk_store_setup_set_url     (SkStoreSetup       *self,
                                        const char         *url);
/* Sets the "Allow Unencrypted Connection" switch, as a user would. It is
 * shown only for a plain http:// address of another computer, and only
 * there it counts; the choice is kept in GSettings
 * ("store-allow-insecure") with the address. */
void        sk_store_setup_set_allow_insecure   (SkStoreSetup *self,
                                                 gboolean      allow_insecure);
/* Whether the switch is shown for the address typed now. */
gboolean    sk_store_setup_get_insecure_visible (SkStoreSetup *self);
/* Fills the form, as a user would type it (tests, the stored address). */
void        sk_store_setup_fill        (SkStoreSetup       *self,
                                        const char         *url,
                                        SkCredentialsKind   kind,
                                        const char         *user,
                                        const char         *secret);
/* Starts the check, as the Connect button does. */
void        sk_store_setup_connect     (SkStoreSetup       *self);
/* Stops a running check; nothing is kept. */
void        sk_store_setup_cancel      (SkStoreSetup       *self);

gboolean    sk_store_setup_get_busy    (SkStoreSetup       *self);
/* The message shown under the form, or NULL. */
const char *sk_store_setup_get_error   (SkStoreSetup       *self);
/* Shows @message under the form (NULL hides it). */
void        sk_store_setup_set_error   (SkStoreSetup       *self,
                                        const char         *message);

G_END_DECLS
