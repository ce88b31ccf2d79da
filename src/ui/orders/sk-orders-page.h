/* sk-orders-page.h — the orders area: search, status filter, table, details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"
#include "sk-order-details-view.h"

G_BEGIN_DECLS

#define SK_TYPE_ORDERS_PAGE (sk_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (SkOrdersPage, sk_orders_page, SK, ORDERS_PAGE, GtkWidget)

GtkWidget          *sk_orders_page_new              (void);
SkDatabase         *sk_orders_page_get_database     (SkOrdersPage *self);
/* Shows the orders of @database (a read-only connection of the main thread). */
void                sk_orders_page_set_database     (SkOrdersPage *self,
                                                     SkDatabase   *database);
/* Re-reads the orders after a sync, keeping search, filter, sort and the
 * selected order. */
void                sk_orders_page_reload           (SkOrdersPage *self);
void                sk_orders_page_focus_search     (SkOrdersPage *self);

/* For tests and the window. */
SkOrderList        *sk_orders_page_get_order_list   (SkOrdersPage *self);
GtkColumnView      *sk_orders_page_get_column_view  (SkOrdersPage *self);
GtkEditable        *sk_orders_page_get_search_entry (SkOrdersPage *self);
GtkDropDown        *sk_orders_page_get_status_dropdown (SkOrdersPage *self);
SkOrderDetailsView *sk_orders_page_get_details_view (SkOrdersPage *self);
/* The label under the table ("3,000 orders"). */
const char         *sk_orders_page_get_count_text   (SkOrdersPage *self);
/* "table", "list" (the compact list of a narrow window), "no-results",
 * "empty" or "error". */
const char         *sk_orders_page_get_state        (SkOrdersPage *self);

/* Shows every order needing @attention (an SkAttention mask of
 * store/sk-order-desk.h), the other filters cleared. */
void                sk_orders_page_show_attention   (SkOrdersPage *self,
                                                     guint         attention);

/* Writes the orders shown (search, status and filters) to @file as CSV on
 * a worker; the outcome shows in a toast. Ignored while one runs. */
void                sk_orders_page_export_csv       (SkOrdersPage *self,
                                                     GFile        *file);
gboolean            sk_orders_page_get_exporting    (SkOrdersPage *self);

G_END_DECLS
