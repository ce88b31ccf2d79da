/* sk-staff-switcher.h — who is at the desk, in the header bar.
 *
 * A menu button with the person's name; its popover lists the staff (an
 * owner's profile asks for the passphrase), unlocks or drops owner rights,
 * and on the first run (no profile yet) offers to set up the owner with a
 * passphrase typed twice. Nothing blocks: until someone is chosen the
 * window works, and recording or deciding a return says who must be
 * chosen first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

/* The demo shop's profiles: an owner with this passphrase and a staff
 * member at the desk, so the limits can be tried out. Said on screen
 * wherever the demo asks for the passphrase. */
#define SK_STAFF_DEMO_OWNER       "Robin"
#define SK_STAFF_DEMO_STAFF       "Sam"
#define SK_STAFF_DEMO_PASSPHRASE  "demo shop owner"

#define SK_TYPE_STAFF_SWITCHER (sk_staff_switcher_get_type ())
G_DECLARE_FINAL_TYPE (SkStaffSwitcher, sk_staff_switcher, SK, STAFF_SWITCHER, GtkWidget)

void       sk_staff_switcher_set_context  (SkStaffSwitcher *self,
                                           SkContext       *context);
/* The label shown on the button (for tests). */
const char *sk_staff_switcher_get_label   (SkStaffSwitcher *self);

/* Creates the demo profiles when @context is the demo shop and has none
 * yet; returns TRUE if it did. */
gboolean   sk_staff_switcher_ensure_demo_staff (SkContext  *context,
                                                GError    **error);

/* The first-run dialog: the owner's name and passphrase (twice). */
GtkWidget *sk_staff_setup_dialog_new      (GtkWindow       *parent,
                                           SkContext       *context);
/* Fills it in and presses Create, for tests; FALSE with the reason shown. */
gboolean   sk_staff_setup_dialog_submit   (GtkWidget       *dialog,
                                           const char      *name,
                                           const char      *passphrase,
                                           const char      *repeat);

G_END_DECLS
