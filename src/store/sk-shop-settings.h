/* sk-shop-settings.h — the shop's own settings, kept in the database.
 *
 * What the store has no place for and every desk shares: the contact
 * details printed on slips and put in messages, the shipping promise, the
 * refund policy, how messages are delivered. Keys are dotted names owned
 * by the module that uses them ("shop.phone", "shipping.handling-days",
 * "refunds.window-days"); values are text, numbers as decimal text.
 * Secrets never go here (they belong in the keyring, sk-secrets.h).
 *
 * Reading works on any connection; writing needs a writable one and
 * records who changed what in the audit log. Use on the database's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"

G_BEGIN_DECLS

/* The shop's contact details, shared by messages, slips and invoices. */
#define SK_SHOP_NAME         "shop.name"
#define SK_SHOP_EMAIL        "shop.email"
#define SK_SHOP_PHONE        "shop.phone"
#define SK_SHOP_URL          "shop.url"
#define SK_SHOP_ADDRESS      "shop.address"        /* several lines */
#define SK_SHOP_PRIVACY_URL  "shop.privacy-url"

/* The longest value accepted (the table refuses more). */
#define SK_SHOP_SETTINGS_MAX_VALUE 100000

/* The value of @key, or a copy of @fallback when it was never set (or
 * cannot be read: that is logged, and the fallback keeps the caller going). */
char      *sk_shop_settings_get_string (SkDatabase  *database,
                                        const char  *key,
                                        const char  *fallback);
/* The value of @key as an integer; @fallback when unset or not a number. */
gint64     sk_shop_settings_get_int    (SkDatabase  *database,
                                        const char  *key,
                                        gint64       fallback);
/* Sets @key (NULL @value removes it, going back to the default) and adds
 * an audit entry naming @actor (or the database's actor when NULL), in one
 * transaction, or inside the caller's. Invalid UTF-8 and values past
 * SK_SHOP_SETTINGS_MAX_VALUE are refused with SK_DATABASE_ERROR_INVALID. */
gboolean   sk_shop_settings_set_string (SkDatabase  *database,
                                        const char  *key,
                                        const char  *value,
                                        const char  *actor,
                                        GError     **error);
gboolean   sk_shop_settings_set_int    (SkDatabase  *database,
                                        const char  *key,
                                        gint64       value,
                                        const char  *actor,
                                        GError     **error);
/* Every key set, sorted (for an export, and for tests). */
GStrv      sk_shop_settings_list_keys  (SkDatabase  *database,
                                        GError     **error);

G_END_DECLS
