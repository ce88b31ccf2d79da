/* sk-template-editor.c
 *
 * One template at a time: the kind and language chosen at the top, the
 * subject and body in the middle, the preview (rendered for the most recent
 * order) beside them, or under them when the window is narrow. Saving
 * stores the template for that kind and language; "Reset to Default" drops
 * it, so the built-in one applies again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-template-editor"

#include "config.h"

#include "sk-template-editor-private.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-messenger.h"
#include "sk-shop-settings.h"

G_DEFINE_FINAL_TYPE (SkTemplateEditor, sk_template_editor, ADW_TYPE_WINDOW)

/* Languages offered besides the shop's and those with stored templates. */
static const char * const common_languages[] = { "en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", NULL };

static const char *
current_kind (SkTemplateEditor *self)
{
  const char * const *kinds = sk_template_list_kinds ();
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  return kinds[MIN (selected, g_strv_length ((GStrv) kinds) - 1)];
}

static const char *
current_language (SkTemplateEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->language_dropdown);

  return gtk_string_list_get_string (self->languages, selected);
}

static char *
body_text (SkTemplateEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

SkTemplate *
_sk_template_editor_edited_template (SkTemplateEditor *self)
{
  g_autofree char *body = body_text (self);

  return sk_template_new (current_kind (self), current_language (self),
                          gtk_editable_get_text (GTK_EDITABLE (self->subject_entry)), body);
}

static void
show_status (SkTemplateEditor *self,
             const char       *message,
             gboolean          is_error)
{
  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
edited_cb (SkTemplateEditor *self)
{
  if (self->loading)
    return;

  self->dirty = TRUE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  show_status (self, NULL, FALSE);
  _sk_template_editor_update_preview (self);
}

static void
load_template (SkTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkTemplate) stored = NULL;
  g_autoptr(SkTemplate) tmpl = NULL;
  SkDatabase *db = sk_context_get_writer (self->context, NULL, &error);

  self->loading = TRUE;

  if (db != NULL)
    stored = sk_messages_load_template (db, current_kind (self), current_language (self), &error);
  if (error != NULL)
    show_status (self, error->message, TRUE);

  tmpl = stored != NULL ? sk_template_copy (stored) : sk_template_get_default (current_kind (self), current_language (self));
  if (tmpl == NULL)
    {
      /* No built-in text in this language: start from the one used now. */
      tmpl = sk_messenger_get_template (self->messenger, current_kind (self), current_language (self), NULL);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), tmpl != NULL ? tmpl->subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), tmpl != NULL ? tmpl->body : "", -1);
  gtk_widget_set_sensitive (self->reset_button, stored != NULL);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  self->dirty = FALSE;
  self->loading = FALSE;

  _sk_template_editor_update_preview (self);
}

static void
selection_changed_cb (SkTemplateEditor *self)
{
  if (self->loading)
    return;

  show_status (self, NULL, FALSE);
  load_template (self);
}

static void
save_clicked_cb (SkTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkTemplate) tmpl = _sk_template_editor_edited_template (self);
  SkDatabase *db = sk_context_get_writer (self->context, NULL, &error);

  if (db == NULL || !sk_messages_save_template (db, tmpl, NULL, &error))
    {
      show_status (self, error->message, TRUE);
      return;
    }

  self->dirty = FALSE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  gtk_widget_set_sensitive (self->reset_button, TRUE);
  show_status (self, _("Template saved."), FALSE);
}

static void
reset_clicked_cb (SkTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *db = sk_context_get_writer (self->context, NULL, &error);

  if (db == NULL || !sk_messages_reset_template (db, current_kind (self), current_language (self), NULL, &error))
    {
      show_status (self, error->message, TRUE);
      return;
    }

  load_template (self);
  show_status (self, _("The built-in template applies again."), FALSE);
}

static void
placeholder_clicked_cb (GtkButton        *button,
                        SkTemplateEditor *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "sk-placeholder");
  g_autofree char *text = g_strdup_printf ("{%s}", name);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static GtkWidget *
placeholder_menu_new (SkTemplateEditor *self)
{
  const char * const *names = sk_template_list_placeholders ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Insert _Placeholder"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("{%s}", names[i]);
      GtkWidget *item = gtk_button_new ();
      GtkWidget *item_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name_label = gtk_label_new (label);
      GtkWidget *description = gtk_label_new (sk_template_placeholder_describe (names[i]));

      gtk_label_set_xalign (GTK_LABEL (name_label), 0);
      gtk_widget_add_css_class (name_label, "monospace");
      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_widget_add_css_class (description, "dim-label");
      gtk_widget_add_css_class (description, "caption");
      gtk_box_append (GTK_BOX (item_box), name_label);
      gtk_box_append (GTK_BOX (item_box), description);
      gtk_button_set_child (GTK_BUTTON (item), item_box);
      gtk_widget_add_css_class (item, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      sk_template_placeholder_describe (names[i]), -1);
      g_object_set_data (G_OBJECT (item), "sk-placeholder", (gpointer) names[i]);
      g_signal_connect (item, "clicked", G_CALLBACK (placeholder_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), item);
    }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);

  return button;
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);

  return box;
}

static char *
language_title (GtkStringObject *item,
                const char      *code,
                gpointer         user_data)
{
  return sk_template_language_get_title (code != NULL ? code : "");
}

/* The language codes of the list, shown by name: "German (de)". */
static GtkExpression *
language_title_expression_new (void)
{
  GtkExpression *code = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &code, G_CALLBACK (language_title), NULL, NULL);
}

/* Two widgets side by side when both fit at their minimum width, one
 * under the other when not (a phone): a flow box of two, which unlike a
 * box flipped on resize never holds the window wider than one of them. */
static GtkWidget *
two_up_new (GtkWidget *first,
            GtkWidget *second,
            guint      spacing)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *children[] = { first, second };

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), spacing);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), spacing);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      gtk_flow_box_append (GTK_FLOW_BOX (flow), children[i]);
      /* Focus goes to what is inside, not to the flow box's cells. */
      gtk_widget_set_focusable (gtk_widget_get_parent (children[i]), FALSE);
    }

  return flow;
}

static gboolean
close_request_cb (SkTemplateEditor *self)
{
  /* Unsaved edits are kept: a closed window should not lose work. */
  if (self->dirty)
    save_clicked_cb (self);

  return FALSE;
}

static void
build (SkTemplateEditor *self)
{
  g_autoptr(GPtrArray) kind_titles = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) languages = NULL;
  g_autofree char *shop = NULL;
  const char * const *kinds = sk_template_list_kinds ();
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *panes;
  GtkWidget *editor = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *preview;
  GtkWidget *subject = gtk_entry_new ();
  GtkWidget *body_frame;
  GtkWidget *warning = gtk_label_new (NULL);
  GtkWidget *missing = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  SkDatabase *db;

  self->loading = TRUE;

  for (guint i = 0; kinds[i] != NULL; i++)
    g_ptr_array_add (kind_titles, (gpointer) sk_template_kind_get_title (kinds[i]));
  g_ptr_array_add (kind_titles, NULL);
  self->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) kind_titles->pdata));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);

  db = sk_context_get_writer (self->context, NULL, &error);
  if (db != NULL)
    {
      g_autofree char *stored_shop = sk_shop_settings_get_string (db, SK_MESSAGES_LANGUAGE, NULL);

      shop = sk_template_normalize_language (stored_shop);
      stored = sk_messages_list_template_languages (db, NULL);
    }
  if (shop == NULL)
    {
      const char * const *names = g_get_language_names ();

      shop = names[0] != NULL ? sk_template_normalize_language (names[0]) : NULL;
      if (shop == NULL)
        shop = g_strdup (SK_TEMPLATE_SOURCE_LANGUAGE);
    }
  g_strv_builder_add (builder, shop);
  for (guint i = 0; stored != NULL && stored[i] != NULL; i++)
    g_strv_builder_add (builder, stored[i]);
  for (guint i = 0; common_languages[i] != NULL; i++)
    g_strv_builder_add (builder, common_languages[i]);
  languages = g_strv_builder_end (builder);
  self->languages = gtk_string_list_new (NULL);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (self->languages)); j++)
        seen = seen || g_strcmp0 (gtk_string_list_get_string (self->languages, j), languages[i]) == 0;
      if (!seen)
        gtk_string_list_append (self->languages, languages[i]);
    }
  self->language_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->languages)),
                                                              language_title_expression_new ()));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Language"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->language_dropdown), _("Language of the template"));

  /* The choosers head the content rather than the header bar, which
   * could not be narrower than both of them and its buttons. */
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Message Templates"), NULL));

  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to Default"));
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  /* Under the text rather than in the header bar, which centres its
   * title and so cannot be narrower than twice its wider side. */
  gtk_widget_set_hexpand (self->reset_button, FALSE);
  gtk_box_append (GTK_BOX (toolbar), header);

  self->subject_entry = GTK_ENTRY (subject);
  gtk_box_append (GTK_BOX (editor), labelled (_("S_ubject"), subject));
  body_frame = _sk_template_editor_text_view_frame (&self->body_view, _("Message text"), TRUE);
  gtk_text_view_set_monospace (self->body_view, FALSE);
  gtk_box_append (GTK_BOX (editor), labelled (_("_Text"), body_frame));
  gtk_label_set_mnemonic_widget (GTK_LABEL (gtk_widget_get_first_child (gtk_widget_get_last_child (editor))),
                                 GTK_WIDGET (self->body_view));
  gtk_widget_set_vexpand (gtk_widget_get_last_child (editor), TRUE);
  {
    GtkWidget *tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *label = gtk_button_get_child (GTK_BUTTON (self->reset_button));

    /* On a phone the two buttons just fit; the label gives way first. */
    if (GTK_IS_LABEL (label))
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_tooltip_text (self->reset_button, _("Drop this template, so the built-in one applies again"));
    gtk_box_append (GTK_BOX (tools), placeholder_menu_new (self));
    gtk_box_append (GTK_BOX (tools), self->reset_button);
    gtk_box_append (GTK_BOX (editor), tools);
  }

  self->warning_label = GTK_LABEL (warning);
  gtk_label_set_wrap (self->warning_label, TRUE);
  gtk_label_set_xalign (self->warning_label, 0);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_visible (warning, FALSE);
  gtk_box_append (GTK_BOX (editor), warning);
  self->missing_label = GTK_LABEL (missing);
  gtk_label_set_wrap (self->missing_label, TRUE);
  gtk_label_set_xalign (self->missing_label, 0);
  gtk_widget_add_css_class (missing, "dim-label");
  gtk_widget_set_visible (missing, FALSE);
  gtk_box_append (GTK_BOX (editor), missing);
  self->status_label = GTK_LABEL (status);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_visible (status, FALSE);
  gtk_box_append (GTK_BOX (editor), status);

  preview = _sk_template_editor_preview_new (self);

  panes = two_up_new (editor, preview, 18);
  gtk_widget_set_vexpand (panes, TRUE);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), two_up_new (GTK_WIDGET (self->kind_dropdown), GTK_WIDGET (self->language_dropdown), 6));
  gtk_box_append (GTK_BOX (content), panes);
  gtk_widget_set_hexpand (editor, TRUE);
  gtk_widget_set_hexpand (preview, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->language_dropdown, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->subject_entry, "changed", G_CALLBACK (edited_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed", G_CALLBACK (edited_cb), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);

  self->loading = FALSE;
}

static void
sk_template_editor_dispose (GObject *object)
{
  SkTemplateEditor *self = SK_TEMPLATE_EDITOR (object);

  g_clear_object (&self->languages);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_template_editor_parent_class)->dispose (object);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkTemplateEditor *self = SK_TEMPLATE_EDITOR (widget);

  if (self->dirty)
    save_clicked_cb (self);
}

static void
sk_template_editor_class_init (SkTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_template_editor_dispose;
  gtk_widget_class_install_action (widget_class, "template.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "template.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_template_editor_init (SkTemplateEditor *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Message Templates"));
  gtk_window_set_default_size (GTK_WINDOW (self), 980, 640);
}

void
sk_template_editor_present (GtkWidget  *parent,
                            SkContext  *context,
                            const char *kind)
{
  const char * const *kinds = sk_template_list_kinds ();
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  SkTemplateEditor *self;

  g_return_if_fail (SK_IS_CONTEXT (context));

  self = g_object_new (SK_TYPE_TEMPLATE_EDITOR, NULL);
  self->context = g_object_ref (context);
  self->messenger = sk_context_get_service (context, SK_TYPE_MESSENGER);
  if (root != NULL && GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
      gtk_window_set_modal (GTK_WINDOW (self), TRUE);
    }

  build (self);
  for (guint i = 0; kind != NULL && kinds[i] != NULL; i++)
    {
      if (strcmp (kinds[i], kind) == 0)
        gtk_drop_down_set_selected (self->kind_dropdown, i);
    }
  load_template (self);

  gtk_window_present (GTK_WINDOW (self));
}
