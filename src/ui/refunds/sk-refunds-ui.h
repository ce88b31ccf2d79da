/* sk-refunds-ui.h — presentation shared by the refunds area and its
 * dialogs: the words for a request's age against the response targets, and
 * the widgets that show a verdict.
 *
 * The text helpers are pure (no widgets) so they are tested without a
 * display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"
#include "sk-refund-policy.h"

G_BEGIN_DECLS

/* "5 hours waiting", "Waiting 30 hours — past the 24-hour target",
 * "Overdue: waiting 3 days". The state is said in words, not only by the
 * colour of *@out_css_class ("sk-age-fresh", "sk-age-due",
 * "sk-age-overdue"). */
char       *sk_refunds_ui_format_age        (gint64                 created_at,
                                             gint64                 now,
                                             const char           **out_css_class);
/* "2 h 05 min", "3 days 4 h": how long a decision took. -1: "No decisions yet". */
char       *sk_refunds_ui_format_duration   (gint64                 seconds);
/* "12.5 %" from basis points, with the locale's decimal separator. */
char       *sk_refunds_ui_format_rate       (gint64                 basis_points);
/* The icon and CSS class of a verdict reason's severity. */
const char *sk_refunds_ui_severity_icon     (SkVerdictSeverity      severity);
const char *sk_refunds_ui_standing_css_class (SkRefundStanding      standing);

/* A preferences group titled with the verdict's standing, one row per
 * reason (icon + sentence, the icon's meaning in its accessible label). */
GtkWidget  *sk_refunds_ui_verdict_group     (const SkRefundVerdict *verdict);
/* An AdwActionRow with @title and @value as a suffix label. */
GtkWidget  *sk_refunds_ui_value_row         (const char            *title,
                                             const char            *subtitle,
                                             const char            *value);
/* The current store's currency (of its newest order), for limits and
 * budgets that carry none; "" when there are no orders yet. */
char       *sk_refunds_ui_dup_currency      (SkContext             *context);
/* Removes every child of @box. */
void        sk_refunds_ui_clear_box         (GtkBox                *box);

G_END_DECLS
