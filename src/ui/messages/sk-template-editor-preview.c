/* sk-template-editor-preview.c
 *
 * The template editor's preview: the edited template rendered for the most
 * recent order, as the text part, the HTML part as a mail program shows it
 * and the HTML as it is sent; and the warnings that go with it (unknown
 * placeholders, shop details not filled in).
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

/* The HTML part as an e-mail program shows it: paragraphs, line breaks
 * and links (GTK 4.8 has no web view; the renderer writes nothing else). */
static void
show_html (SkTemplateEditor *self,
           const char       *html)
{
  g_autofree char *markup = sk_template_html_to_markup (html);
  g_autofree char *without_links = NULL;
  g_autoptr(GRegex) links = g_regex_new ("<a href=\"[^\"<>]*\">|</a>", 0, 0, NULL);
  g_autoptr(GError) error = NULL;

  /* Links are GtkLabel's own addition to Pango markup; the rest must
   * parse, or the label would only warn. */
  without_links = g_regex_replace (links, markup, -1, 0, "", 0, NULL);
  if (without_links != NULL && pango_parse_markup (without_links, -1, 0, NULL, NULL, NULL, &error))
    {
      gtk_label_set_markup (self->preview_html, markup);
      return;
    }

  /* Never expected from a rendered template; show the text rather than
   * nothing. */
  g_debug ("The HTML preview is not valid markup: %s", error->message);
  gtk_label_set_text (self->preview_html, html);
}

static gboolean
preview_link_activated_cb (GtkLabel   *label,
                           const char *uri)
{
  /* A preview's links are shown, not followed: the sample order's
   * tracking link leads nowhere. */
  return TRUE;
}

/* "{a}, {b}" for the warnings. */
static char *
join_names (GPtrArray *names)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (names, i));

  return g_string_free (joined, FALSE);
}

/* The shop's details a template uses come from the preferences; one not
 * filled in leaves its line out of every message, which is easy to miss
 * in a preview. */
static void
update_missing (SkTemplateEditor *self,
                const SkTemplate *tmpl)
{
  static const struct
  {
    const char *placeholder;
    const char *setting;
  } details[] = {
    { "{shop_name}", SK_SHOP_NAME }, { "{shop_phone}", SK_SHOP_PHONE }, { "{shop_email}", SK_SHOP_EMAIL },
    { "{shop_url}", SK_SHOP_URL }, { "{privacy_url}", SK_SHOP_PRIVACY_URL }, { "{review_url}", SK_MESSAGES_REVIEW_URL },
  };
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  SkDatabase *db = sk_context_get_writer (self->context, NULL, NULL);

  for (guint i = 0; db != NULL && i < G_N_ELEMENTS (details); i++)
    {
      g_autofree char *value = NULL;

      if (strstr (tmpl->subject, details[i].placeholder) == NULL && strstr (tmpl->body, details[i].placeholder) == NULL)
        continue;
      value = sk_shop_settings_get_string (db, details[i].setting, "");
      if (*g_strstrip (value) == '\0')
        g_ptr_array_add (missing, (gpointer) details[i].placeholder);
    }

  if (missing->len > 0)
    {
      g_autofree char *names = NULL;
      g_autofree char *note = NULL;

      names = join_names (missing);
      /* Translators: %s lists placeholders such as "{shop_phone}, {shop_url}" */
      note = g_strdup_printf (_("Not filled in yet: %s. Enter the shop’s details in Preferences → Shop (the review address in Preferences → Messages); until then these are left out of every message."),
                              names);
      gtk_label_set_text (self->missing_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing->len > 0);
}

void
_sk_template_editor_update_preview (SkTemplateEditor *self)
{
  g_autoptr(SkTemplate) tmpl = _sk_template_editor_edited_template (self);
  g_autoptr(SkRenderedMessage) rendered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) in_subject = sk_template_find_unknown (tmpl->subject);
  g_auto(GStrv) in_body = sk_template_find_unknown (tmpl->body);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview_view);

  for (guint i = 0; in_subject[i] != NULL; i++)
    g_ptr_array_add (unknown, g_strdup_printf ("{%s}", in_subject[i]));
  for (guint i = 0; in_body[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("{%s}", in_body[i]);

      if (!g_ptr_array_find_with_equal_func (unknown, name, g_str_equal, NULL))
        g_ptr_array_add (unknown, g_steal_pointer (&name));
    }

  if (unknown->len > 0)
    {
      g_autofree char *names = NULL;
      g_autofree char *warning = NULL;

      names = join_names (unknown);
      /* Translators: %s lists placeholders such as "{frist_name}" */
      warning = g_strdup_printf (_("Shopkeeper does not know %s: check the spelling, or pick one from Insert Placeholder. A template with unknown placeholders is not sent."),
                                 names);
      gtk_label_set_text (self->warning_label, warning);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), unknown->len > 0);
  update_missing (self, tmpl);

  rendered = sk_messenger_render (self->messenger, tmpl, 0, NULL, &error);
  if (rendered == NULL)
    {
      gtk_label_set_text (self->preview_subject, "");
      gtk_text_buffer_set_text (buffer, error->message, -1);
      gtk_label_set_text (self->preview_html, error->message);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->preview_source), "", -1);
      return;
    }

  gtk_label_set_text (self->preview_subject, rendered->subject);
  gtk_text_buffer_set_text (buffer, rendered->text, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->preview_source), rendered->html, -1);
  show_html (self, rendered->html);
}

GtkWidget *
_sk_template_editor_text_view_frame (GtkTextView **out_view,
                                     const char   *accessible_label,
                                     gboolean      editable)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), editable);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), editable);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  *out_view = GTK_TEXT_VIEW (view);

  return frame;
}

/* The preview's three views of one message: the text part, the HTML part
 * as it looks, and the HTML as it is sent. */
static GtkWidget *
preview_stack_new (SkTemplateEditor *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *html = gtk_label_new (NULL);
  GtkWidget *source_frame;
  GtkStackPage *page;

  self->preview_stack = GTK_STACK (stack);
  gtk_widget_set_vexpand (stack, TRUE);

  page = gtk_stack_add_named (self->preview_stack,
                              _sk_template_editor_text_view_frame (&self->preview_view, _("Text part of the preview for the most recent order"), FALSE),
                              "text");
  /* Translators: the plain-text part of an e-mail, a tab of the preview */
  gtk_stack_page_set_title (page, C_("message part", "Text"));

  self->preview_html = GTK_LABEL (html);
  gtk_label_set_wrap (self->preview_html, TRUE);
  gtk_label_set_wrap_mode (self->preview_html, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->preview_html, 0);
  gtk_label_set_yalign (self->preview_html, 0);
  gtk_label_set_selectable (self->preview_html, TRUE);
  gtk_widget_set_valign (html, GTK_ALIGN_START);
  gtk_widget_set_margin_top (html, 12);
  gtk_widget_set_margin_bottom (html, 12);
  gtk_widget_set_margin_start (html, 12);
  gtk_widget_set_margin_end (html, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (html), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("HTML part of the preview, as the customer’s mail program shows it"), -1);
  g_signal_connect (html, "activate-link", G_CALLBACK (preview_link_activated_cb), NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), html);
  gtk_widget_add_css_class (scrolled, "view");
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  page = gtk_stack_add_named (self->preview_stack, frame, "html");
  /* Translators: the HTML part of an e-mail as it looks, a tab of the preview */
  gtk_stack_page_set_title (page, C_("message part", "HTML"));

  source_frame = _sk_template_editor_text_view_frame (&self->preview_source, _("HTML source of the preview"), FALSE);
  gtk_text_view_set_monospace (self->preview_source, TRUE);
  page = gtk_stack_add_named (self->preview_stack, source_frame, "source");
  /* Translators: the HTML code of an e-mail as it is sent, a tab of the preview (short: three tabs share a phone's width) */
  gtk_stack_page_set_title (page, C_("message part", "Source"));

  return stack;
}

static void
preview_part_toggled_cb (GtkToggleButton  *button,
                         SkTemplateEditor *self)
{
  if (gtk_toggle_button_get_active (button))
    gtk_stack_set_visible_child_name (self->preview_stack, g_object_get_data (G_OBJECT (button), "sk-page"));
}

/* Linked toggles for the preview's pages: a GtkStackSwitcher's buttons
 * are at least 100 px each in Adwaita, too wide for three on a phone. */
static GtkWidget *
preview_switcher_new (SkTemplateEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkSelectionModel *pages = gtk_stack_get_pages (self->preview_stack);
  GtkToggleButton *group = NULL;

  gtk_widget_add_css_class (box, "linked");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Part of the message to preview"), -1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      GtkWidget *button = gtk_toggle_button_new_with_label (gtk_stack_page_get_title (page));

      gtk_widget_set_hexpand (button, TRUE);
      g_object_set_data_full (G_OBJECT (button), "sk-page", g_strdup (gtk_stack_page_get_name (page)), g_free);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), i == 0);
      g_signal_connect (button, "toggled", G_CALLBACK (preview_part_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  g_object_unref (pages);

  return box;
}

GtkWidget *
_sk_template_editor_preview_new (SkTemplateEditor *self)
{
  GtkWidget *preview = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *preview_title = gtk_label_new (_("Preview"));
  GtkWidget *preview_subject = gtk_label_new (NULL);
  GtkWidget *stack;

  gtk_label_set_xalign (GTK_LABEL (preview_title), 0);
  gtk_widget_add_css_class (preview_title, "heading");
  gtk_box_append (GTK_BOX (preview), preview_title);
  self->preview_subject = GTK_LABEL (preview_subject);
  gtk_label_set_wrap (self->preview_subject, TRUE);
  gtk_label_set_xalign (self->preview_subject, 0);
  gtk_label_set_selectable (self->preview_subject, TRUE);
  gtk_widget_add_css_class (preview_subject, "title-4");
  gtk_box_append (GTK_BOX (preview), preview_subject);

  /* Before the switcher, which reads the stack's pages. */
  stack = preview_stack_new (self);
  gtk_box_append (GTK_BOX (preview), preview_switcher_new (self));
  gtk_box_append (GTK_BOX (preview), stack);

  return preview;
}
