/* sk-refund-request-dialog.h — records a return request from an order:
 * the items and quantities (never more than bought and not yet returned),
 * reason, how the customer asked, what they want, the goods' condition,
 * attached photos or documents; the verdict is shown live as the clerk
 * fills it in.
 *
 * Signal "recorded" (gint64 request id): the request is saved; the dialog
 * closes itself after emitting it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"
#include "sk-refund-policy.h"
#include "sk-refunds.h"

G_BEGIN_DECLS

#define SK_TYPE_REFUND_REQUEST_DIALOG (sk_refund_request_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkRefundRequestDialog, sk_refund_request_dialog, SK, REFUND_REQUEST_DIALOG, AdwWindow)

/* @order_id 0: the dialog starts by asking for the order's number. */
SkRefundRequestDialog *sk_refund_request_dialog_new          (GtkWindow             *parent,
                                                              SkContext             *context,
                                                              gint64                 order_id);

/* As a user would, for tests. */
gboolean               sk_refund_request_dialog_find_order   (SkRefundRequestDialog *self,
                                                              const char            *number);
gboolean               sk_refund_request_dialog_set_quantity (SkRefundRequestDialog *self,
                                                              gint64                 item_remote_id,
                                                              gint64                 quantity);
void                   sk_refund_request_dialog_set_reason   (SkRefundRequestDialog *self,
                                                              SkRefundReason         reason,
                                                              const char            *text);
void                   sk_refund_request_dialog_set_outcome  (SkRefundRequestDialog *self,
                                                              SkRefundOutcome        outcome);
void                   sk_refund_request_dialog_add_attachment (SkRefundRequestDialog *self,
                                                                const char          *path);
/* The order shown (NULL before one is found) and the live verdict (NULL
 * while nothing is asked). */
const SkRefundOrder   *sk_refund_request_dialog_get_order    (SkRefundRequestDialog *self);
const SkRefundVerdict *sk_refund_request_dialog_get_verdict  (SkRefundRequestDialog *self);
/* Presses Record; returns the new request's id, 0 when refused (the
 * reason is shown in the dialog: sk_refund_request_dialog_get_error ()). */
gint64                 sk_refund_request_dialog_submit       (SkRefundRequestDialog *self);
const char            *sk_refund_request_dialog_get_error    (SkRefundRequestDialog *self);

G_END_DECLS
