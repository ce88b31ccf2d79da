/* sk-preferences-window.h — Preferences: the store Shopkeeper keeps a copy
 * of, and connecting another one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-window.h"

G_BEGIN_DECLS

#define SK_TYPE_PREFERENCES_WINDOW (sk_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SkPreferencesWindow, sk_preferences_window, SK, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Preferences for the shop @window shows, transient for it. */
GtkWidget *sk_preferences_window_new       (SkWindow            *window);
/* The "connect a store" form of the Stores page. */
GtkWidget *sk_preferences_window_get_setup (SkPreferencesWindow *self);

/* Forgets the connected store, as "Forget" does once confirmed: its keys
 * leave the keyring, its address GSettings, and the window stops syncing
 * it. */
void       sk_preferences_window_forget_store (SkPreferencesWindow *self);

G_END_DECLS
