/* sk-order-status.h — WooCommerce order statuses for people.
 *
 * Statuses are stored as the store's slugs ("processing", "on-hold", or a
 * plugin's own); these functions turn them into labels and rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

/* The translated label of a WooCommerce status ("on-hold" → "On hold"), or
 * @slug itself for a status a plugin added. Never NULL for a non-NULL
 * @slug; the string is static or @slug. */
const char         *sk_order_status_get_label  (const char *slug);

/* TRUE for the statuses that still need the shop's attention: pending,
 * processing and on-hold. */
gboolean            sk_order_status_is_open    (const char *slug);

/* The slugs WooCommerce itself defines, NULL-terminated, in its own order. */
const char * const *sk_order_status_get_known  (void);

G_END_DECLS
