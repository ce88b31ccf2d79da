/* sk-promise-dialog.h — change one order's promised ship date, with a reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_PROMISE_DIALOG (sk_promise_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkPromiseDialog, sk_promise_dialog, SK, PROMISE_DIALOG, AdwWindow)

/* Shows the dialog for order @order_id (local id), modal and transient for
 * @parent's window. It shows the current promise, the rule's date and how
 * long the shop usually takes, and saves a new date with the reason on
 * the context's writable connection (a toast on the window says so or
 * names what went wrong). Returns the dialog (owned by GTK). */
SkPromiseDialog *sk_promise_dialog_present (GtkWidget *parent,
                                            SkContext *ctx,
                                            gint64     order_id);

G_END_DECLS
