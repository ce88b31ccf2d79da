/* sk-follow-ups-panel.h — the follow-ups that are due, with "Send All".
 *
 * A to-do list for the orders area: each order completed long enough ago
 * (the shop's "desk.follow-up-days") whose follow-up was not sent yet, with
 * the customer and when it was completed. "n-due" says how many, for a
 * banner or a badge; the list refreshes on the messenger's "changed"
 * signal and on refresh ().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_FOLLOW_UPS_PANEL (sk_follow_ups_panel_get_type ())
G_DECLARE_FINAL_TYPE (SkFollowUpsPanel, sk_follow_ups_panel, SK, FOLLOW_UPS_PANEL, GtkWidget)

GtkWidget *sk_follow_ups_panel_new       (SkContext        *context);
guint      sk_follow_ups_panel_get_n_due (SkFollowUpsPanel *self);
void       sk_follow_ups_panel_refresh   (SkFollowUpsPanel *self);

/* What the panel says after Send All: @n_sent of the @n_listed follow-ups
 * it showed went out, @n_no_address were skipped for want of an address
 * (@failed: one failed, and the error line says why). Every follow-up
 * listed but not sent is explained; NULL when there is nothing to say. */
char      *sk_follow_ups_panel_describe_sent (guint     n_listed,
                                              guint     n_sent,
                                              guint     n_no_address,
                                              gboolean  failed,
                                              gboolean  through_store);

G_END_DECLS
