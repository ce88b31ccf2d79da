/* sk-cohort-grid.h — the retention grid (first-purchase month × months
 * since), drawn with GtkSnapshot: each cell is shaded by the share of the
 * cohort that ordered again that many months later, and names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SK_TYPE_COHORT_GRID (sk_cohort_grid_get_type ())
G_DECLARE_FINAL_TYPE (SkCohortGrid, sk_cohort_grid, SK, COHORT_GRID, GtkWidget)

GtkWidget *sk_cohort_grid_new       (void);
/* @labels: @n_cohorts month names; @sizes[c] customers in cohort c;
 * @retained[c * @n_columns + k] of them ordered k months later. A cohort
 * only has the columns that have already happened: the last one has one. */
void       sk_cohort_grid_set_data  (SkCohortGrid        *self,
                                     guint                n_cohorts,
                                     guint                n_columns,
                                     const char * const  *labels,
                                     const gint64        *sizes,
                                     const gint64        *retained);
/* The share in per mille of cohort @c retained after @k months, -1 if the
 * cell is empty. For tests. */
int        sk_cohort_grid_get_permille (SkCohortGrid     *self,
                                        guint             c,
                                        guint             k);

G_END_DECLS
