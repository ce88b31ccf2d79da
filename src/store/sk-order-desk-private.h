/* sk-order-desk-private.h — what the files of the order desk share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "sk-order-desk.h"

G_BEGIN_DECLS

/* Word for word the WHERE of the orders_open index (007-order-desk.sql):
 * SQLite uses a partial index only for a query that repeats its condition. */
#define OPEN_ORDER \
  "status NOT IN ('completed', 'cancelled', 'refunded', 'failed', 'trash', 'draft', 'checkout-draft', 'auto-draft', 'new')"

gboolean _sk_order_desk_step_done    (SkDatabase    *database,
                                     sqlite3_stmt  *stmt,
                                     const char    *what,
                                     GError       **error);
/* The rule's promise for an order placed at @created (0: counts from
 * @now), as the last second of the promised local day. */
gboolean _sk_order_desk_rule_promise (SkShipRule    *rule,
                                     gint64         created,
                                     gint64         now,
                                     gint64        *out_promise,
                                     GError       **error);

G_END_DECLS
