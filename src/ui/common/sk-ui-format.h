/* sk-ui-format.h — pure formatting helpers and the <closure> callbacks of
 * the .ui files.
 *
 * Kept free of widgets so they can be tested without a display (as GNOME
 * Console's kgx-shared-closures.h does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "3,000 orders" (locale digit grouping), translated with plural forms. */
char  *sk_ui_format_order_count       (guint        n_orders);

/* The window subtitle: "Not synced yet", "Synced just now", "Synced 5 minutes ago". */
char  *sk_ui_format_last_synced       (gint64       last_sync_utc,
                                       gint64       now_utc);

/* The CSS class of a status pill: "status-processing" etc. for the statuses
 * WooCommerce knows, "status-other" for a plugin's own. */
const char *sk_ui_status_css_class    (const char  *status);

/* The label of an order status: the translated one for statuses WooCommerce
 * knows, otherwise the plugin's slug made readable ("awaiting-shipment" →
 * "Awaiting shipment"). */
char  *sk_ui_format_status_label      (const char  *status);

/* Closures for GtkBuilderListItemFactory templates. The first argument is
 * the object the template is instantiated for (the GtkListItem), unused. */
char  *sk_ui_money_closure            (gpointer     this_object,
                                       gint64       minor,
                                       const char  *currency);
char  *sk_ui_date_closure             (gpointer     this_object,
                                       gint64       unix_utc);
char  *sk_ui_count_closure            (gpointer     this_object,
                                       gint64       count);
char  *sk_ui_status_label_closure     (gpointer     this_object,
                                       const char  *status);
char **sk_ui_status_classes_closure   (gpointer     this_object,
                                       const char  *status);

G_END_DECLS
