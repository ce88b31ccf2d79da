/* sk-order-sorter.h — the sorter of one orders-table column.
 *
 * The orders list sorts in SQL, so these sorters never sort anything: they
 * only let the GtkColumnView show sortable headers and tell us, by probing,
 * which column is primary and in which direction (GTK 4.8 has no
 * gtk_column_view_sorter_get_primary_sort_column, that came in 4.10).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_ORDER_SORTER (sk_order_sorter_get_type ())
G_DECLARE_FINAL_TYPE (SkOrderSorter, sk_order_sorter, SK, ORDER_SORTER, GtkSorter)

SkOrderSorter *sk_order_sorter_new      (SkOrderSort    sort);
SkOrderSort    sk_order_sorter_get_sort (SkOrderSorter *self);
void           sk_order_sorter_set_sort (SkOrderSorter *self,
                                         SkOrderSort    sort);

/* Asks @sorter (a column view's sorter, or any sorter combining
 * SkOrderSorters, possibly inverting them) which SkOrderSorter decides first
 * and whether it is inverted. Returns FALSE if none takes part (no column
 * is sorted): then the outputs are untouched. */
gboolean       sk_order_sorter_probe    (GtkSorter     *sorter,
                                         SkOrderSort   *out_sort,
                                         gboolean      *out_descending);

G_END_DECLS
