/* sk-outbox-button.h — the header bar's "changes waiting" indicator.
 *
 * Shows how many local changes wait to be sent to the store (the sync
 * manager's "pending-changes" and "failed-changes"), hidden when none do.
 * Its popover lists the changes that need the user — failed for good, or
 * in conflict with a newer edit in the store — each with its reason and a
 * way out: Retry / Discard, or Keep Mine / Use the Store's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"
#include "sk-sync-sink.h"

G_BEGIN_DECLS

#define SK_TYPE_OUTBOX_BUTTON (sk_outbox_button_get_type ())
G_DECLARE_FINAL_TYPE (SkOutboxButton, sk_outbox_button, SK, OUTBOX_BUTTON, AdwBin)

void        sk_outbox_button_set_context  (SkOutboxButton     *self,
                                           SkContext          *context);
/* Reloads the list of changes that need the user (done when the popover
 * opens). */
void        sk_outbox_button_reload       (SkOutboxButton     *self);
/* The rows of that list (AdwActionRow), for tests. */
GtkListBox *sk_outbox_button_get_list     (SkOutboxButton     *self);
/* What the button says: "3", and its tooltip. */
const char *sk_outbox_button_get_label    (SkOutboxButton     *self);

/* One line about @item a shop owner understands ("Order 123: status to
 * “Completed”"). */
char       *sk_outbox_describe_change     (const SkOutboxItem *item);

G_END_DECLS
