/* sk-passphrase-dialog.h — asks for the owner's passphrase.
 *
 * Two uses: granting owner rights to whoever is at the desk
 * (sk_staff_session_unlock_owner ()), or switching the desk to an owner's
 * profile (sk_staff_session_switch_to ()). A wrong passphrase keeps the
 * dialog open with the reason (and the lock, when there have been too
 * many); the session rate-limits, the dialog only shows what it says.
 *
 * Signal "unlocked" (no arguments): the passphrase was right; the dialog
 * closes itself after emitting it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-staff-session.h"

G_BEGIN_DECLS

#define SK_TYPE_PASSPHRASE_DIALOG (sk_passphrase_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkPassphraseDialog, sk_passphrase_dialog, SK, PASSPHRASE_DIALOG, AdwWindow)

/* @staff_id 0: unlock owner rights; otherwise switch to that profile.
 * @body says why the passphrase is needed ("Approving €250.00 is above
 * your limit of €100.00"). */
SkPassphraseDialog *sk_passphrase_dialog_new        (GtkWindow      *parent,
                                                     SkStaffSession *session,
                                                     gint64          staff_id,
                                                     const char     *body);
/* Types @passphrase and presses Unlock, as a user would (for tests).
 * Returns TRUE if it was accepted. */
gboolean            sk_passphrase_dialog_submit     (SkPassphraseDialog *self,
                                                     const char         *passphrase);
/* The error shown under the entry, NULL when none (for tests). */
const char         *sk_passphrase_dialog_get_error  (SkPassphraseDialog *self);

typedef void (*SkOwnerRightsFunc) (gpointer user_data);

/* Runs @func at once when owner rights are held; otherwise asks for the
 * owner's passphrase (transient for @widget's window) and runs @func once
 * it was right. @destroy frees @user_data in both cases, also when the
 * dialog is cancelled. Returns the dialog shown, NULL when @func ran at
 * once. */
SkPassphraseDialog *sk_passphrase_dialog_require_owner (GtkWidget        *widget,
                                                        SkStaffSession   *session,
                                                        const char       *body,
                                                        SkOwnerRightsFunc func,
                                                        gpointer          user_data,
                                                        GDestroyNotify    destroy);

G_END_DECLS
