/* sk-customer-sorter.h — the sorter of one customers-table column.
 *
 * The customers list sorts in SQL, so these sorters never sort anything: they
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

#define SK_TYPE_CUSTOMER_SORTER (sk_customer_sorter_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomerSorter, sk_customer_sorter, SK, CUSTOMER_SORTER, GtkSorter)

SkCustomerSorter *sk_customer_sorter_new      (SkCustomerSort    sort);
SkCustomerSort    sk_customer_sorter_get_sort (SkCustomerSorter *self);
void           sk_customer_sorter_set_sort (SkCustomerSorter *self,
                                         SkCustomerSort    sort);

/* Asks @sorter (a column view's sorter, or any sorter combining
 * SkCustomerSorters, possibly inverting them) which SkCustomerSorter decides first
 * and whether it is inverted. Returns FALSE if none takes part (no column
 * is sorted): then the outputs are untouched. */
gboolean       sk_customer_sorter_probe    (GtkSorter     *sorter,
                                         SkCustomerSort   *out_sort,
                                         gboolean      *out_descending);

G_END_DECLS
