/* sk-order-object.h — one row of the orders table, as the UI binds it.
 *
 * Immutable once loaded. Properties (all read-only, for GtkExpression
 * lookups in .ui files):
 *   "id"             gint64   local primary key
 *   "remote-id"      gint64
 *   "number"         string   the order number to show
 *   "status"         string   slug
 *   "date-created"   gint64   Unix seconds UTC
 *   "customer-name"  string   "Jane Doe" (billing name, or e-mail)
 *   "email"          string
 *   "item-count"     gint64   sum of quantities
 *   "total"          gint64   minor units
 *   "currency"       string   ISO 4217
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

/* How an open order stands against its promised ship date ("ship-flag"). */
typedef enum
{
  SK_SHIP_FLAG_NONE = 0,
  SK_SHIP_FLAG_AT_RISK = 1,   /* not shipped, the promised day ends within 24 h */
  SK_SHIP_FLAG_LATE = 2,      /* not shipped, the promised day has passed */
} SkShipFlag;

#define SK_TYPE_ORDER_OBJECT (sk_order_object_get_type ())
G_DECLARE_FINAL_TYPE (SkOrderObject, sk_order_object, SK, ORDER_OBJECT, GObject)

SkOrderObject *sk_order_object_new               (gint64       id,
                                                  gint64       remote_id,
                                                  const char  *number,
                                                  const char  *status,
                                                  gint64       date_created,
                                                  const char  *customer_name,
                                                  const char  *email,
                                                  gint64       item_count,
                                                  gint64       total,
                                                  const char  *currency);
gint64         sk_order_object_get_id            (SkOrderObject *self);
gint64         sk_order_object_get_remote_id     (SkOrderObject *self);
const char    *sk_order_object_get_number        (SkOrderObject *self);
const char    *sk_order_object_get_status        (SkOrderObject *self);
gint64         sk_order_object_get_date_created  (SkOrderObject *self);
const char    *sk_order_object_get_customer_name (SkOrderObject *self);
const char    *sk_order_object_get_email         (SkOrderObject *self);
gint64         sk_order_object_get_item_count    (SkOrderObject *self);
gint64         sk_order_object_get_total         (SkOrderObject *self);
const char    *sk_order_object_get_currency      (SkOrderObject *self);
/* The promised ship date ("ship-by", 0 when none or shipped) and its flag,
 * filled in by the orders list from the order desk. */
gint64         sk_order_object_get_ship_by       (SkOrderObject *self);
SkShipFlag     sk_order_object_get_ship_flag     (SkOrderObject *self);
void           sk_order_object_set_ship_by       (SkOrderObject *self,
                                                  gint64         ship_by,
                                                  SkShipFlag     flag);

G_END_DECLS
