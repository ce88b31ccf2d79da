/* sk-test-keyring.h — a private session bus with its own unlocked
 * gnome-keyring, so tests store secrets without touching the user's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SkTestKeyring SkTestKeyring;

/* Starts a private D-Bus session bus (DBUS_SESSION_BUS_ADDRESS points at
 * it afterwards) and gnome-keyring-daemon's secrets component on it, with
 * a new keyring in a temp dir unlocked with a throwaway password. Call
 * before anything connects to the session bus. NULL if
 * gnome-keyring-daemon is not installed. */
SkTestKeyring *sk_test_keyring_start (void);
/* The folder holding the keyring files (for "the secret is encrypted"
 * checks). */
const char    *sk_test_keyring_get_dir (SkTestKeyring *keyring);
void           sk_test_keyring_stop  (SkTestKeyring *keyring);

G_END_DECLS
