/* sk-segment-dialog.h — makes a saved custom segment: a name and the
 * criteria (spent more than, at least N orders, last order before, bought
 * a product or from a category, has consent, has a tag), with a live count
 * of the customers in it.
 *
 * Signal "saved" (gint64 segment_id) once it is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_SEGMENT_DIALOG (sk_segment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkSegmentDialog, sk_segment_dialog, SK, SEGMENT_DIALOG, AdwWindow)

GtkWidget *sk_segment_dialog_new (GtkWindow *parent,
                                  SkContext *context);

G_END_DECLS
