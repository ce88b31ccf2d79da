/* sk-dashboard-page.h — the dashboard: what needs doing today, key figures
 * against the previous period, revenue and new-versus-returning charts and
 * the retention grid.
 *
 * Reads the figures sk_insights_refresh () precomputed. When they are
 * stale (never computed, an earlier day, or older than the last sync) it
 * refreshes them on a worker thread with a writable connection of its own;
 * the window also asks for a refresh after every sync.
 *
 * Signals: "open-customer" (gint64 profile id), "open-waiting-orders",
 * "insights-changed" (after a refresh committed: lists built on the
 * figures should reload).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_DASHBOARD_PAGE (sk_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (SkDashboardPage, sk_dashboard_page, SK, DASHBOARD_PAGE, GtkWidget)

GtkWidget  *sk_dashboard_page_new               (void);
/* @database: the main thread's read-only connection. */
void        sk_dashboard_page_set_database      (SkDashboardPage *self,
                                                 SkDatabase      *database);
/* 7, 30 or 90. */
guint       sk_dashboard_page_get_days          (SkDashboardPage *self);
void        sk_dashboard_page_set_days          (SkDashboardPage *self,
                                                 guint            days);
/* Recomputes the figures in the background, then shows them. */
void        sk_dashboard_page_refresh_insights  (SkDashboardPage *self);
/* Shows the stored figures again (refreshing first if they are stale). */
void        sk_dashboard_page_reload            (SkDashboardPage *self);
/* For tests: TRUE while a refresh runs; the figures shown, or NULL. */
gboolean    sk_dashboard_page_get_refreshing    (SkDashboardPage *self);
const char *sk_dashboard_page_get_figure_text   (SkDashboardPage *self,
                                                 const char      *id);

G_END_DECLS
