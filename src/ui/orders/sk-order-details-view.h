/* sk-order-details-view.h — the details pane of one order.
 *
 * (Named "…View" because SkOrderDetails is the plain struct store/ loads.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_ORDER_DETAILS_VIEW (sk_order_details_view_get_type ())
G_DECLARE_FINAL_TYPE (SkOrderDetailsView, sk_order_details_view, SK, ORDER_DETAILS_VIEW, GtkWidget)

GtkWidget  *sk_order_details_view_new          (void);
/* Shows the order with local id @order_id read from @database, or the
 * "Select an order" page for 0. Returns FALSE with @error if loading failed
 * (then an error page is shown). */
gboolean    sk_order_details_view_show_order   (SkOrderDetailsView  *self,
                                                SkDatabase          *database,
                                                gint64               order_id,
                                                GError             **error);
/* "N Orders Selected", for a selection of several. */
void        sk_order_details_view_show_several (SkOrderDetailsView *self,
                                                guint               n_orders);
gint64      sk_order_details_view_get_order_id (SkOrderDetailsView  *self);
/* The number shown in the heading ("" when none), for tests. */
const char *sk_order_details_view_get_number   (SkOrderDetailsView  *self);
/* The item rows' titles (the item names) in the order shown, for tests. */
GPtrArray  *sk_order_details_view_dup_item_titles (SkOrderDetailsView *self);

G_END_DECLS
