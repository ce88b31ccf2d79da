/* sk-refund-deny-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-deny-dialog"

#include "config.h"

#include "sk-refund-deny-dialog.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-refund-desk.h"

struct _SkRefundDenyDialog
{
  AdwWindow     parent_instance;

  /* owned references */
  SkContext    *context;

  gint64        request_id;
  gboolean      denying;

  /* widgets */
  GtkWidget    *deny_button;
  AdwComboRow  *reason_row;
  GtkTextView  *note_view;
  GtkLabel     *subject_label;
  GtkLabel     *message_label;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SkRefundDenyDialog, sk_refund_deny_dialog, ADW_TYPE_WINDOW)

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SkRefundDenyDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
dup_note (SkRefundDenyDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
update_message (SkRefundDenyDialog *self)
{
  SkRefundDesk *desk;
  g_autofree char *note = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (self->context == NULL)
    return;

  desk = sk_context_get_service (self->context, SK_TYPE_REFUND_DESK);
  note = dup_note (self);
  message = sk_refund_desk_compose_denial (desk, self->request_id,
                                           (SkRefundDenyReason) adw_combo_row_get_selected (self->reason_row),
                                           note, &subject, &error);
  if (message == NULL)
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (self->deny_button, FALSE);
      return;
    }

  show_error (self, NULL);
  gtk_label_set_text (self->subject_label, subject != NULL ? subject : "");
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_sensitive (self->deny_button, !self->denying);
}

gint64
sk_refund_deny_dialog_submit (SkRefundDenyDialog *self)
{
  SkRefundDesk *desk;
  g_autofree char *note = NULL;
  g_autoptr(GError) error = NULL;
  gint64 decision_id;

  g_return_val_if_fail (SK_IS_REFUND_DENY_DIALOG (self), 0);

  if (self->denying)
    return 0;

  self->denying = TRUE;
  gtk_widget_set_sensitive (self->deny_button, FALSE);

  desk = sk_context_get_service (self->context, SK_TYPE_REFUND_DESK);
  note = dup_note (self);
  decision_id = sk_refund_desk_deny (desk, self->request_id,
                                     (SkRefundDenyReason) adw_combo_row_get_selected (self->reason_row),
                                     note, &error);
  if (decision_id == 0)
    {
      self->denying = FALSE;
      show_error (self, error->message);
      gtk_widget_set_sensitive (self->deny_button, TRUE);
      return 0;
    }

  g_object_ref (self);
  g_signal_emit (self, signals[DECIDED], 0, decision_id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);

  return decision_id;
}

static void
deny_clicked_cb (SkRefundDenyDialog *self,
                 GtkButton          *button)
{
  sk_refund_deny_dialog_submit (self);
}

static void
cancel_clicked_cb (SkRefundDenyDialog *self,
                   GtkButton          *button)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sk_refund_deny_dialog_dispose (GObject *object)
{
  SkRefundDenyDialog *self = SK_REFUND_DENY_DIALOG (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_refund_deny_dialog_parent_class)->dispose (object);
}

static void
sk_refund_deny_dialog_class_init (SkRefundDenyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_refund_deny_dialog_dispose;

  signals[DECIDED] =
    g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_refund_deny_dialog_init (SkRefundDenyDialog *self)
{
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *scrolled;
  GtkWidget *clamp;
  GtkWidget *content;
  AdwPreferencesGroup *group;
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  GtkWidget *frame;
  GtkWidget *note_scrolled;
  GtkWidget *card;

  gtk_window_set_title (GTK_WINDOW (self), _("Deny Return"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->deny_button = gtk_button_new_with_mnemonic (_("_Deny"));
  gtk_widget_add_css_class (self->deny_button, "destructive-action");
  g_signal_connect_object (self->deny_button, "clicked", G_CALLBACK (deny_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->deny_button);
  gtk_box_append (GTK_BOX (box), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Why"));
  for (guint i = 0; i < SK_REFUND_N_DENY_REASONS; i++)
    gtk_string_list_append (reasons, sk_refund_deny_reason_get_label ((SkRefundDenyReason) i));
  self->reason_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row), _("_Reason"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->reason_row), TRUE);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reasons));
  g_signal_connect_object (self->reason_row, "notify::selected", G_CALLBACK (update_message), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (self->reason_row));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Personal Note"));
  adw_preferences_group_set_description (group, _("Optional: a few words of your own, added to the message"));
  self->note_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->note_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->note_view, 8);
  gtk_text_view_set_bottom_margin (self->note_view, 8);
  gtk_text_view_set_left_margin (self->note_view, 8);
  gtk_text_view_set_right_margin (self->note_view, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Personal note"), -1);
  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed", G_CALLBACK (update_message), self, G_CONNECT_SWAPPED);
  note_scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (note_scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (note_scrolled), 80);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (note_scrolled), GTK_WIDGET (self->note_view));
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), note_scrolled);
  adw_preferences_group_add (group, frame);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Message to the Customer"));
  adw_preferences_group_set_description (group, _("Sent as a note on the order; the store e-mails it"));
  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (card, "card");
  self->subject_label = GTK_LABEL (gtk_label_new (NULL));
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->subject_label), "heading");
  gtk_widget_set_margin_top (GTK_WIDGET (self->subject_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->message_label), 12);
  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *label = i == 0 ? self->subject_label : self->message_label;

      gtk_widget_set_margin_start (GTK_WIDGET (label), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (label), 12);
      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (label, TRUE);
      gtk_box_append (GTK_BOX (card), GTK_WIDGET (label));
    }
  adw_preferences_group_add (group, card);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (group));

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

SkRefundDenyDialog *
sk_refund_deny_dialog_new (GtkWindow *parent,
                           SkContext *context,
                           gint64     request_id)
{
  SkRefundDenyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  self = g_object_new (SK_TYPE_REFUND_DENY_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->request_id = request_id;
  update_message (self);

  return self;
}

void
sk_refund_deny_dialog_set_reason (SkRefundDenyDialog *self,
                                  SkRefundDenyReason  reason)
{
  g_return_if_fail (SK_IS_REFUND_DENY_DIALOG (self));

  adw_combo_row_set_selected (self->reason_row, reason);
}

void
sk_refund_deny_dialog_set_note (SkRefundDenyDialog *self,
                                const char         *note)
{
  g_return_if_fail (SK_IS_REFUND_DENY_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note != NULL ? note : "", -1);
}

const char *
sk_refund_deny_dialog_get_message (SkRefundDenyDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_DENY_DIALOG (self), NULL);

  return gtk_label_get_text (self->message_label);
}
