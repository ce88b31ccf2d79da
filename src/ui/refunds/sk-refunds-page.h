/* sk-refunds-page.h — the returns area: the queue of open requests (oldest
 * first, age against the 24 h / 48 h targets), the selected request with
 * its verdict and what can be done with it, and the refund figures.
 *
 * Actions (group "refunds"): new-request, approve, deny, print-slip.
 * Signal "open-order" (gint64 local order id, string order number): the
 * request's order should be shown.
 *
 * It also sends a desktop notification for each request waiting past the
 * 24-hour target (checked at start and every few minutes), withdrawn once
 * the request is decided.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_REFUNDS_PAGE (sk_refunds_page_get_type ())
G_DECLARE_FINAL_TYPE (SkRefundsPage, sk_refunds_page, SK, REFUNDS_PAGE, GtkWidget)

/* How often waiting requests are checked for notifications. */
#define SK_REFUNDS_PAGE_CHECK_SECONDS (5 * 60)

void        sk_refunds_page_set_context        (SkRefundsPage *self,
                                                SkContext     *context);
/* Re-reads the queue and the figures, keeping the selected request. */
void        sk_refunds_page_reload             (SkRefundsPage *self);
/* Selects and shows request @request_id (open or not). */
void        sk_refunds_page_show_request       (SkRefundsPage *self,
                                                gint64         request_id);
/* Opens the new request dialog, for @order_id (0: the clerk types the
 * order's number). */
GtkWidget  *sk_refunds_page_new_request        (SkRefundsPage *self,
                                                gint64         order_id);
/* Sends notifications for requests past the target and withdraws those
 * of requests no longer open; returns how many are notified now. */
guint       sk_refunds_page_check_waiting      (SkRefundsPage *self);

/* For tests. */
/* "list", "empty" or "error". */
const char *sk_refunds_page_get_state          (SkRefundsPage *self);
/* The open requests' ids in queue order (free with g_array_unref). */
GArray     *sk_refunds_page_get_queue_ids      (SkRefundsPage *self);
gint64      sk_refunds_page_get_selected_id    (SkRefundsPage *self);
/* The verdict's standing as shown for the selected request, NULL when none. */
const char *sk_refunds_page_get_verdict_label  (SkRefundsPage *self);
/* The dialog opened last by the page's actions (weak), or NULL. */
GtkWidget  *sk_refunds_page_get_dialog         (SkRefundsPage *self);

G_END_DECLS
