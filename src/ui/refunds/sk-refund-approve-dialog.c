/* sk-refund-approve-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-approve-dialog"

#include "config.h"

#include "sk-refund-approve-dialog.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-passphrase-dialog.h"
#include "sk-refunds-ui.h"
#include "sk-staff-session.h"
#include "sk-time.h"
#include "sk-window.h"

struct _SkRefundApproveDialog
{
  AdwWindow         parent_instance;

  /* owned references */
  SkContext        *context;
  SkRefundPreview  *preview;

  gint64            request_id;
  /* Set at the first click and never cleared while the approval runs:
   * the button cannot start a second one. */
  gboolean          approving;

  /* widgets */
  GtkWidget        *approve_button;
  GtkTextView      *justification_view;
  GtkLabel         *error_label;
  /* the passphrase dialog while open (weak) */
  GtkWidget        *passphrase_dialog;
};

G_DEFINE_FINAL_TYPE (SkRefundApproveDialog, sk_refund_approve_dialog, ADW_TYPE_WINDOW)

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SkRefundApproveDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
dup_justification (SkRefundApproveDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->justification_view == NULL)
    return NULL;

  buffer = gtk_text_view_get_buffer (self->justification_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
update_button (SkRefundApproveDialog *self)
{
  g_autofree char *justification = dup_justification (self);
  gboolean ready = !self->approving
                   && (!self->preview->needs_justification || justification != NULL);

  gtk_widget_set_sensitive (self->approve_button, ready);
}

static void
finish (SkRefundApproveDialog *self,
        gint64                 decision_id,
        const char            *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* Closing: nothing may touch the buttons any more. */
  self->approving = FALSE;
  g_object_ref (self);
  if (message != NULL && SK_IS_WINDOW (parent))
    sk_window_show_error (SK_WINDOW (parent), message);
  g_signal_emit (self, signals[DECIDED], 0, decision_id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
do_approve (gpointer user_data)
{
  SkRefundApproveDialog *self = user_data;
  SkRefundDesk *desk = sk_context_get_service (self->context, SK_TYPE_REFUND_DESK);
  g_autofree char *justification = dup_justification (self);
  g_autoptr(GError) error = NULL;
  gint64 decision_id;

  decision_id = sk_refund_desk_approve (desk, self->request_id, justification, &error);

  if (decision_id != 0 && error == NULL)
    {
      finish (self, decision_id, NULL);
      return;
    }

  if (g_error_matches (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED))
    {
      /* Decided meanwhile (a double click, another desk): nothing is
       * left to do here. */
      finish (self, decision_id, error->message);
      return;
    }

  /* Refused, or the store's change could not be queued: nothing was
   * written. Say why, and let the clerk fix it (a justification, the
   * passphrase) and try again. */
  self->approving = FALSE;
  show_error (self, error->message);
  update_button (self);
}

static void
passphrase_destroyed_cb (SkRefundApproveDialog *self,
                         GtkWidget             *dialog)
{
  g_clear_weak_pointer (&self->passphrase_dialog);
  /* Closed without the right passphrase: nothing was approved, the
   * button works again. (After "unlocked" the approval has already run
   * and either closed this dialog or cleared approving.) */
  if (self->approving)
    {
      self->approving = FALSE;
      update_button (self);
    }
}

static void
approve_clicked_cb (SkRefundApproveDialog *self,
                    GtkButton             *button)
{
  SkStaffSession *session = sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);
  g_autofree char *body = NULL;
  g_autofree char *total = NULL;
  SkPassphraseDialog *dialog;

  if (self->approving)
    return;

  self->approving = TRUE;
  gtk_widget_set_sensitive (self->approve_button, FALSE);
  show_error (self, NULL);

  if (!self->preview->owner_required || sk_staff_session_has_owner_rights (session))
    {
      do_approve (self);
      return;
    }

  total = sk_money_format (self->preview->total, self->preview->currency);
  if (self->preview->needs_justification)
    /* Translators: %s is an amount of money */
    body = g_strdup_printf (_("This return is outside the policy: approving %s needs the owner’s passphrase."), total);
  else
    /* Translators: %s is an amount of money */
    body = g_strdup_printf (_("Approving %s is above your limit: it needs the owner’s passphrase."), total);

  dialog = sk_passphrase_dialog_require_owner (GTK_WIDGET (self), session, body,
                                               do_approve, g_object_ref (self), g_object_unref);
  if (dialog != NULL)
    {
      g_set_weak_pointer (&self->passphrase_dialog, GTK_WIDGET (dialog));
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (passphrase_destroyed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
cancel_clicked_cb (SkRefundApproveDialog *self,
                   GtkButton             *button)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
build_preview (SkRefundApproveDialog *self,
               GtkBox                *content)
{
  const SkRefundPreview *preview = self->preview;
  AdwPreferencesGroup *group;
  g_autofree char *total = sk_money_format (preview->total, preview->currency);

  /* What the customer gets. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("What Happens"));
  for (guint i = 0; i < preview->lines->len; i++)
    {
      const SkRefundPreviewLine *line = g_ptr_array_index (preview->lines, i);
      g_autofree char *title = NULL;
      g_autofree char *refund = sk_money_format (line->refund, preview->currency);
      g_autofree char *subtitle = NULL;

      /* Translators: a line of the approval preview: "2 × Linen Shirt" */
      title = g_strdup_printf (_("%lld × %s"), (long long) line->quantity, line->name);
      if (line->fee > 0)
        {
          g_autofree char *amount = sk_money_format (line->amount, preview->currency);
          g_autofree char *fee = sk_money_format (line->fee, preview->currency);

          /* Translators: "€50.00 less a restocking fee of €7.50" */
          subtitle = g_strdup_printf (_("%s less a restocking fee of %s"), amount, fee);
        }
      adw_preferences_group_add (group, sk_refunds_ui_value_row (title, subtitle, refund));
    }
  if (preview->shipping > 0)
    {
      g_autofree char *shipping = sk_money_format (preview->shipping, preview->currency);

      adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Shipping"), NULL, shipping));
    }
  if (preview->restocking_fee > 0)
    {
      g_autofree char *fee = sk_money_format (-preview->restocking_fee, preview->currency);

      adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Restocking fee (kept)"), NULL, fee));
    }
  {
    GtkWidget *row;

    switch (preview->outcome)
      {
      case SK_REFUND_OUTCOME_EXCHANGE:
      case SK_REFUND_OUTCOME_STORE_CREDIT:
        row = sk_refunds_ui_value_row (_("Coupon worth"), NULL, total);
        break;
      case SK_REFUND_OUTCOME_REFUND:
      default:
        row = sk_refunds_ui_value_row (_("Refund"), NULL, total);
        break;
      }
    gtk_widget_add_css_class (row, "sk-total-row");
    adw_preferences_group_add (group, row);
  }

  if (preview->outcome == SK_REFUND_OUTCOME_REFUND)
    adw_preferences_group_add (group,
                               preview->api_refund
                               ? sk_refunds_ui_value_row (_("Money back"), _("The payment gateway pays the customer back automatically"), _("Through the gateway"))
                               : sk_refunds_ui_value_row (_("Money back"), _("Recorded in the store only: pay the customer back yourself"), _("Manually")));
  else
    {
      g_autofree char *subtitle = NULL;

      if (preview->coupon_expires_at > 0)
        {
          g_autofree char *date = sk_time_format_date (preview->coupon_expires_at);

          /* Translators: %s is a date */
          subtitle = g_strdup_printf (_("Only this customer can use it, until %s"), date);
        }
      else
        subtitle = g_strdup (_("Only this customer can use it, with no end date"));
      adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Coupon code"), subtitle,
                                                                 preview->coupon_code != NULL ? preview->coupon_code : ""));
    }
  adw_preferences_group_add (group,
                             preview->restock
                             ? sk_refunds_ui_value_row (_("Stock"), NULL, _("Items go back in stock"))
                             : sk_refunds_ui_value_row (_("Stock"), NULL, _("Not put back in stock")));
  adw_preferences_group_add (group,
                             preview->return_shipping == SK_RETURN_SHIPPING_SHOP
                             ? sk_refunds_ui_value_row (_("Return postage"), NULL, _("Paid by the shop"))
                             : sk_refunds_ui_value_row (_("Return postage"), NULL, _("Paid by the customer")));
  gtk_box_append (content, GTK_WIDGET (group));

  gtk_box_append (content, sk_refunds_ui_verdict_group (preview->verdict));

  /* Out of policy: a reason in writing, and the month's goodwill. */
  if (preview->needs_justification)
    {
      g_autofree char *goodwill = sk_money_format (preview->goodwill, preview->currency);
      g_autofree char *left = sk_money_format (MAX (preview->goodwill_budget - preview->goodwill_spent, 0), preview->currency);
      g_autofree char *description = NULL;
      GtkWidget *frame;
      GtkWidget *scrolled;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Why Make an Exception?"));
      /* Translators: the first %s is the amount charged to the goodwill
       * budget, the second what is left of it this month */
      description = g_strdup_printf (_("Required. %s is charged to this month’s goodwill budget, which has %s left."),
                                     goodwill, left);
      adw_preferences_group_set_description (group, description);
      self->justification_view = GTK_TEXT_VIEW (gtk_text_view_new ());
      gtk_text_view_set_wrap_mode (self->justification_view, GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_top_margin (self->justification_view, 8);
      gtk_text_view_set_bottom_margin (self->justification_view, 8);
      gtk_text_view_set_left_margin (self->justification_view, 8);
      gtk_text_view_set_right_margin (self->justification_view, 8);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->justification_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why make an exception"),
                                      -1);
      g_signal_connect_object (gtk_text_view_get_buffer (self->justification_view), "changed",
                               G_CALLBACK (update_button), self, G_CONNECT_SWAPPED);
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 80);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->justification_view));
      frame = gtk_frame_new (NULL);
      gtk_frame_set_child (GTK_FRAME (frame), scrolled);
      adw_preferences_group_add (group, frame);
      gtk_box_append (content, GTK_WIDGET (group));
    }
  else if (preview->owner_required)
    {
      GtkWidget *label = gtk_label_new (_("Above the staff limit: the owner’s passphrase is asked for when you approve."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (content, label);
    }

  /* The customer's message, word for word. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Message to the Customer"));
  adw_preferences_group_set_description (group, _("Sent as a note on the order; the store e-mails it"));
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *subject = gtk_label_new (preview->message_subject);
    GtkWidget *text = gtk_label_new (preview->message_text);

    gtk_widget_add_css_class (box, "card");
    gtk_widget_set_margin_top (subject, 12);
    gtk_widget_set_margin_start (subject, 12);
    gtk_widget_set_margin_end (subject, 12);
    gtk_widget_add_css_class (subject, "heading");
    gtk_label_set_xalign (GTK_LABEL (subject), 0);
    gtk_label_set_wrap (GTK_LABEL (subject), TRUE);
    gtk_label_set_selectable (GTK_LABEL (subject), TRUE);
    gtk_box_append (GTK_BOX (box), subject);
    gtk_widget_set_margin_bottom (text, 12);
    gtk_widget_set_margin_start (text, 12);
    gtk_widget_set_margin_end (text, 12);
    gtk_label_set_xalign (GTK_LABEL (text), 0);
    gtk_label_set_wrap (GTK_LABEL (text), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_selectable (GTK_LABEL (text), TRUE);
    gtk_box_append (GTK_BOX (box), text);
    adw_preferences_group_add (group, box);
  }
  gtk_box_append (content, GTK_WIDGET (group));
}

static void
sk_refund_approve_dialog_dispose (GObject *object)
{
  SkRefundApproveDialog *self = SK_REFUND_APPROVE_DIALOG (object);

  if (self->passphrase_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->passphrase_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->passphrase_dialog));
    }
  g_clear_weak_pointer (&self->passphrase_dialog);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_refund_approve_dialog_parent_class)->dispose (object);
}

static void
sk_refund_approve_dialog_finalize (GObject *object)
{
  SkRefundApproveDialog *self = SK_REFUND_APPROVE_DIALOG (object);

  g_clear_pointer (&self->preview, sk_refund_preview_free);

  G_OBJECT_CLASS (sk_refund_approve_dialog_parent_class)->finalize (object);
}

static void
sk_refund_approve_dialog_class_init (SkRefundApproveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_refund_approve_dialog_dispose;
  object_class->finalize = sk_refund_approve_dialog_finalize;

  signals[DECIDED] =
    g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_refund_approve_dialog_init (SkRefundApproveDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 720);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
}

SkRefundApproveDialog *
sk_refund_approve_dialog_new (GtkWindow  *parent,
                              SkContext  *context,
                              gint64      request_id,
                              GError    **error)
{
  SkRefundApproveDialog *self;
  SkRefundDesk *desk;
  g_autoptr(SkRefundPreview) preview = NULL;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *scrolled;
  GtkWidget *clamp;
  GtkWidget *content;
  const char *title;
  const char *button;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  desk = sk_context_get_service (context, SK_TYPE_REFUND_DESK);
  preview = sk_refund_desk_preview_approval (desk, request_id, error);
  if (preview == NULL)
    return NULL;

  switch (preview->outcome)
    {
    case SK_REFUND_OUTCOME_EXCHANGE:
      title = _("Approve Exchange");
      button = _("_Approve Exchange");
      break;
    case SK_REFUND_OUTCOME_STORE_CREDIT:
      title = _("Give Store Credit");
      button = _("_Give Store Credit");
      break;
    case SK_REFUND_OUTCOME_REFUND:
    default:
      title = _("Approve Refund");
      button = _("_Approve Refund");
      break;
    }

  self = g_object_new (SK_TYPE_REFUND_APPROVE_DIALOG,
                       "transient-for", parent,
                       "title", title,
                       NULL);
  self->context = g_object_ref (context);
  self->request_id = request_id;
  self->preview = g_steal_pointer (&preview);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, self->preview->request->number));
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->approve_button = gtk_button_new_with_mnemonic (button);
  gtk_widget_add_css_class (self->approve_button, "suggested-action");
  g_signal_connect_object (self->approve_button, "clicked", G_CALLBACK (approve_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->approve_button);
  gtk_box_append (GTK_BOX (box), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
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

  build_preview (self, GTK_BOX (content));

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);

  update_button (self);

  return self;
}

const SkRefundPreview *
sk_refund_approve_dialog_get_preview (SkRefundApproveDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_APPROVE_DIALOG (self), NULL);

  return self->preview;
}

void
sk_refund_approve_dialog_set_justification (SkRefundApproveDialog *self,
                                            const char            *text)
{
  g_return_if_fail (SK_IS_REFUND_APPROVE_DIALOG (self));
  g_return_if_fail (self->justification_view != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->justification_view), text != NULL ? text : "", -1);
}

GtkWidget *
sk_refund_approve_dialog_get_approve_button (SkRefundApproveDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_APPROVE_DIALOG (self), NULL);

  return self->approve_button;
}

GtkWidget *
sk_refund_approve_dialog_get_passphrase_dialog (SkRefundApproveDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_APPROVE_DIALOG (self), NULL);

  return self->passphrase_dialog;
}

const char *
sk_refund_approve_dialog_get_error (SkRefundApproveDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_APPROVE_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}
