/* sk-refund-deny-dialog.h — denies a request: a reason template, a
 * personal note, and the message the customer will get, previewed live.
 *
 * Signal "decided" (gint64 decision id); the dialog closes itself after
 * emitting it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"
#include "sk-refunds.h"

G_BEGIN_DECLS

#define SK_TYPE_REFUND_DENY_DIALOG (sk_refund_deny_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkRefundDenyDialog, sk_refund_deny_dialog, SK, REFUND_DENY_DIALOG, AdwWindow)

SkRefundDenyDialog *sk_refund_deny_dialog_new         (GtkWindow          *parent,
                                                       SkContext          *context,
                                                       gint64              request_id);
void                sk_refund_deny_dialog_set_reason  (SkRefundDenyDialog *self,
                                                       SkRefundDenyReason  reason);
void                sk_refund_deny_dialog_set_note    (SkRefundDenyDialog *self,
                                                       const char         *note);
/* The message preview as shown. */
const char         *sk_refund_deny_dialog_get_message (SkRefundDenyDialog *self);
/* Presses Deny; the decision's id, 0 when refused (reason shown). */
gint64              sk_refund_deny_dialog_submit      (SkRefundDenyDialog *self);

G_END_DECLS
