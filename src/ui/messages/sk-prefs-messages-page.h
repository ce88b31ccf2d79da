/* sk-prefs-messages-page.h — Preferences → Messages.
 *
 * How messages reach customers (through the store or the shop's own SMTP
 * server, with its password in the keyring and "Send Test Message"), the
 * newsletter invitation in confirmations, the review link, and the
 * template editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_PREFS_MESSAGES_PAGE (sk_prefs_messages_page_get_type ())
G_DECLARE_FINAL_TYPE (SkPrefsMessagesPage, sk_prefs_messages_page, SK, PREFS_MESSAGES_PAGE, AdwPreferencesPage)

GtkWidget *sk_prefs_messages_page_new (SkContext *context);

G_END_DECLS
