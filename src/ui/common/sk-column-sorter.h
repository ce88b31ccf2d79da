/* sk-column-sorter.h — the sorter of one column of a table sorted in SQL.
 *
 * The orders and customers lists sort in SQL, so these sorters never sort
 * anything: they only let a GtkColumnView show sortable headers and tell
 * us, by probing, which column is primary and in which direction (GTK 4.8
 * has no gtk_column_view_sorter_get_primary_sort_column, that came in
 * 4.10). Each column's sorter carries the list's sort key (an SkOrderSort,
 * an SkCustomerSort...) as an int.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_COLUMN_SORTER (sk_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (SkColumnSorter, sk_column_sorter, SK, COLUMN_SORTER, GtkSorter)

SkColumnSorter *sk_column_sorter_new     (int             key);
int             sk_column_sorter_get_key (SkColumnSorter *self);
void            sk_column_sorter_set_key (SkColumnSorter *self,
                                          int             key);

/* Asks @sorter (a column view's sorter, or any sorter combining
 * SkColumnSorters, possibly inverting them) which SkColumnSorter decides
 * first and whether it is inverted. Returns FALSE if none takes part (no
 * column is sorted): then the outputs are untouched. */
gboolean        sk_column_sorter_probe   (GtkSorter      *sorter,
                                          int            *out_key,
                                          gboolean       *out_descending);

G_END_DECLS
