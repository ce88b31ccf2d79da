/* sk-template-editor.h — edit the message templates, with a live preview.
 *
 * Kinds × languages; subject and body with a menu of placeholders; a
 * preview rendered for a recent real order; a warning for placeholders
 * Shopkeeper does not know; "Reset to Default".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_TEMPLATE_EDITOR (sk_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (SkTemplateEditor, sk_template_editor, SK, TEMPLATE_EDITOR, AdwWindow)

/* Opens the editor transient for @parent's window, on @kind (NULL: the
 * confirmation). */
void sk_template_editor_present (GtkWidget  *parent,
                                 SkContext  *context,
                                 const char *kind);

G_END_DECLS
