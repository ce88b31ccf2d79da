/* sk-refund-approve-dialog.h — the approval preview: exactly what
 * approving does (amount per line, shipping, restocking fee, gateway or
 * manual, restock, the coupon for an exchange or store credit, the
 * customer's message), a written justification when the request is out of
 * policy (with the goodwill budget left), the owner's passphrase when the
 * person at the desk may not approve it alone. The Approve button goes
 * insensitive at the first click; the refund desk refuses a second
 * approval anyway.
 *
 * Signal "decided" (gint64 decision id): approved (also when the refund
 * waits to be queued); the dialog closes itself after emitting it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"
#include "sk-refund-desk.h"

G_BEGIN_DECLS

#define SK_TYPE_REFUND_APPROVE_DIALOG (sk_refund_approve_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkRefundApproveDialog, sk_refund_approve_dialog, SK, REFUND_APPROVE_DIALOG, AdwWindow)

/* NULL with @error set when the preview cannot be made (no such request,
 * not open any more). */
SkRefundApproveDialog *sk_refund_approve_dialog_new              (GtkWindow             *parent,
                                                                  SkContext             *context,
                                                                  gint64                 request_id,
                                                                  GError               **error);
const SkRefundPreview *sk_refund_approve_dialog_get_preview      (SkRefundApproveDialog *self);
void                   sk_refund_approve_dialog_set_justification (SkRefundApproveDialog *self,
                                                                   const char           *text);
/* The Approve button (for tests: it is clicked as a user would). */
GtkWidget             *sk_refund_approve_dialog_get_approve_button (SkRefundApproveDialog *self);
/* The passphrase dialog this dialog opened, while it is open (weak). */
GtkWidget             *sk_refund_approve_dialog_get_passphrase_dialog (SkRefundApproveDialog *self);
const char            *sk_refund_approve_dialog_get_error        (SkRefundApproveDialog *self);

G_END_DECLS
