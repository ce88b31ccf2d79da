/* sk-template-editor-private.h — what the parts of SkTemplateEditor share.
 *
 * sk-template-editor.c holds the window, the choosers, the subject and text
 * and saving; sk-template-editor-preview.c the preview beside them (the
 * rendered message in its three parts) and the warnings about unknown
 * placeholders and shop details not filled in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-template-editor.h"

#include "sk-messenger.h"
#include "sk-template.h"

G_BEGIN_DECLS

struct _SkTemplateEditor
{
  AdwWindow      parent_instance;

  SkContext     *context;     /* owned */
  SkMessenger   *messenger;   /* the context's */
  gboolean       loading;
  gboolean       dirty;

  GtkDropDown   *kind_dropdown;
  GtkDropDown   *language_dropdown;
  GtkStringList *languages;
  GtkEntry      *subject_entry;
  GtkTextView   *body_view;
  GtkLabel      *warning_label;
  GtkLabel      *missing_label;   /* shop details the template uses, not filled in */
  GtkLabel      *status_label;
  GtkLabel      *preview_subject;
  GtkStack      *preview_stack;
  GtkTextView   *preview_view;     /* the text part */
  GtkLabel      *preview_html;     /* the HTML part, rendered */
  GtkTextView   *preview_source;   /* the HTML part, as sent */
  GtkWidget     *save_button;
  GtkWidget     *reset_button;
};

/* sk-template-editor.c */
SkTemplate *_sk_template_editor_edited_template (SkTemplateEditor *self);

/* sk-template-editor-preview.c */
/* A framed, scrolled text view with @accessible_label. */
GtkWidget  *_sk_template_editor_text_view_frame (GtkTextView     **out_view,
                                                 const char       *accessible_label,
                                                 gboolean          editable);
/* The preview column: its title, the subject, the part switcher and the
 * parts; fills the preview widgets of @self. */
GtkWidget  *_sk_template_editor_preview_new     (SkTemplateEditor *self);
/* Renders the edited template for the most recent order into the preview
 * and updates the warnings. */
void        _sk_template_editor_update_preview  (SkTemplateEditor *self);

G_END_DECLS
