/* sk-customer-object.h — one row of the customers table, as the UI binds it.
 *
 * Immutable once loaded. Properties (read-only): "id" (gint64, profile id),
 * "name" (string), "email" (string), "order-count" (gint64),
 * "lifetime-value" (gint64 minor units), "currency" (string),
 * "last-order" (gint64 Unix seconds UTC, 0 if none), "segment" (int,
 * SkRfmSegment), "registered" (bool).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_CUSTOMER_OBJECT (sk_customer_object_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomerObject, sk_customer_object, SK, CUSTOMER_OBJECT, GObject)

SkCustomerObject *sk_customer_object_new                (gint64      id,
                                                         const char *name,
                                                         const char *email,
                                                         gint64      order_count,
                                                         gint64      lifetime_value,
                                                         const char *currency,
                                                         gint64      last_order,
                                                         int         segment,
                                                         gboolean    registered);
gint64            sk_customer_object_get_id             (SkCustomerObject *self);
const char       *sk_customer_object_get_name           (SkCustomerObject *self);
const char       *sk_customer_object_get_email          (SkCustomerObject *self);
gint64            sk_customer_object_get_order_count    (SkCustomerObject *self);
gint64            sk_customer_object_get_lifetime_value (SkCustomerObject *self);
const char       *sk_customer_object_get_currency       (SkCustomerObject *self);
gint64            sk_customer_object_get_last_order     (SkCustomerObject *self);
int               sk_customer_object_get_segment        (SkCustomerObject *self);
gboolean          sk_customer_object_get_registered     (SkCustomerObject *self);

G_END_DECLS
