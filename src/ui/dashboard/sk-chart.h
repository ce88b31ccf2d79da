/* sk-chart.h — a bar chart drawn with GtkSnapshot, in the style's colours.
 *
 * One bar per point, optionally stacked from two series (the first at the
 * bottom). Values are plain counts or minor units: only their ratios are
 * drawn. The page that feeds it formats the texts: one tooltip per point
 * (shown for the bar under the pointer) and the accessible description,
 * which should hold the values for people who cannot see the bars.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SK_TYPE_CHART (sk_chart_get_type ())
G_DECLARE_FINAL_TYPE (SkChart, sk_chart, SK, CHART, GtkWidget)

GtkWidget  *sk_chart_new              (void);
/* @second may be NULL (one series). @tooltips has @n_points strings. */
void        sk_chart_set_data         (SkChart            *self,
                                       guint               n_points,
                                       const gint64       *first,
                                       const gint64       *second,
                                       const char * const *tooltips,
                                       const char         *description);
guint       sk_chart_get_n_points     (SkChart            *self);
/* The point under x (widget coordinates), or -1. For tests. */
int         sk_chart_point_at         (SkChart            *self,
                                       double              x);
const char *sk_chart_get_description  (SkChart            *self);

G_END_DECLS
