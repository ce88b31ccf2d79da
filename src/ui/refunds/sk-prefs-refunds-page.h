/* sk-prefs-refunds-page.h — Preferences → Returns: the return policy, the
 * limits, and the staff. Anyone can read it; changing it needs the owner's
 * rights (the passphrase is asked for first, and the refund desk checks
 * again when saving).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_PREFS_REFUNDS_PAGE (sk_prefs_refunds_page_get_type ())
G_DECLARE_FINAL_TYPE (SkPrefsRefundsPage, sk_prefs_refunds_page, SK, PREFS_REFUNDS_PAGE, AdwPreferencesPage)

/* NULL-safe for a context without a store: the page then says so. */
GtkWidget *sk_prefs_refunds_page_new          (SkContext          *context);
/* Saves the form as the policy; FALSE with the reason shown (for tests). */
gboolean   sk_prefs_refunds_page_save         (SkPrefsRefundsPage *self);
/* For tests: the window-days field and whether the form is editable. */
GtkSpinButton *sk_prefs_refunds_page_get_window_spin (SkPrefsRefundsPage *self);
gboolean   sk_prefs_refunds_page_get_editable (SkPrefsRefundsPage *self);
const char *sk_prefs_refunds_page_get_error   (SkPrefsRefundsPage *self);

G_END_DECLS
