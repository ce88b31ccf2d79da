/* sk-refund-request-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-request-dialog"

#include "config.h"

#include "sk-refund-request-dialog.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-refund-desk.h"
#include "sk-refunds-ui.h"
#include "sk-time.h"

struct _SkRefundRequestDialog
{
  AdwWindow         parent_instance;

  /* owned references */
  SkContext        *context;
  SkRefundOrder    *order;
  SkRefundVerdict  *verdict;
  GPtrArray        *spins;          /* GtkSpinButton*, one per order item, in order */
  GPtrArray        *attachments;    /* char* paths */
  GtkFileChooserNative *chooser;

  /* widgets */
  GtkWidget        *record_button;
  AdwEntryRow      *number_row;
  GtkLabel         *order_label;
  GtkLabel         *error_label;
  AdwPreferencesGroup *items_group;
  GtkWidget        *request_groups;  /* shown once an order is loaded */
  AdwComboRow      *reason_row;
  AdwEntryRow      *reason_text_row;
  AdwComboRow      *channel_row;
  AdwComboRow      *outcome_row;
  GtkSwitch        *shipping_switch;
  GtkCheckButton   *condition_checks[SK_RETURN_N_CONDITIONS];
  AdwPreferencesGroup *attachments_group;
  GPtrArray        *attachment_rows; /* GtkWidget* (borrowed from the group) */
  GtkBox           *verdict_box;
};

G_DEFINE_FINAL_TYPE (SkRefundRequestDialog, sk_refund_request_dialog, ADW_TYPE_WINDOW)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SkRefundDesk *
get_desk (SkRefundRequestDialog *self)
{
  return sk_context_get_service (self->context, SK_TYPE_REFUND_DESK);
}

static void
show_error (SkRefundRequestDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The draft as the form stands; @lines is filled and must outlive it. */
static void
fill_draft (SkRefundRequestDialog *self,
            SkRefundDraft         *draft,
            GArray                *lines,
            GPtrArray             *paths)
{
  guint conditions = 0;

  g_assert (self->order != NULL);

  for (guint i = 0; i < self->spins->len && i < self->order->items->len; i++)
    {
      const SkRefundOrderItem *item = g_ptr_array_index (self->order->items, i);
      int quantity = gtk_spin_button_get_value_as_int (g_ptr_array_index (self->spins, i));

      if (quantity > 0)
        {
          SkRefundCaseLine line = { item->item_remote_id, quantity };

          g_array_append_val (lines, line);
        }
    }

  for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
    if (gtk_check_button_get_active (self->condition_checks[bit]))
      conditions |= 1u << bit;

  for (guint i = 0; i < self->attachments->len; i++)
    g_ptr_array_add (paths, g_ptr_array_index (self->attachments, i));
  g_ptr_array_add (paths, NULL);

  draft->order_id = self->order->order_id;
  draft->channel = (SkRefundChannel) adw_combo_row_get_selected (self->channel_row);
  draft->reason = (SkRefundReason) adw_combo_row_get_selected (self->reason_row);
  draft->reason_text = gtk_editable_get_text (GTK_EDITABLE (self->reason_text_row));
  draft->outcome = (SkRefundOutcome) adw_combo_row_get_selected (self->outcome_row);
  draft->conditions = conditions;
  draft->refund_shipping = gtk_switch_get_active (self->shipping_switch);
  draft->lines = (const SkRefundCaseLine *) (gpointer) lines->data;
  draft->n_lines = lines->len;
  draft->attachments = paths->len > 1 ? (const char * const *) paths->pdata : NULL;
}

static void
update_verdict (SkRefundRequestDialog *self)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (SkRefundCaseLine));
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SkRefundDraft draft = { 0 };
  GtkWidget *group;

  sk_refunds_ui_clear_box (self->verdict_box);
  g_clear_pointer (&self->verdict, sk_refund_verdict_free);

  if (self->order == NULL)
    {
      gtk_widget_set_sensitive (self->record_button, FALSE);
      return;
    }

  fill_draft (self, &draft, lines, paths);
  if (draft.n_lines == 0)
    {
      GtkWidget *hint = gtk_label_new (_("Choose how many of each item the customer wants to return."));

      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (self->verdict_box, hint);
      gtk_widget_set_sensitive (self->record_button, FALSE);
      return;
    }

  self->verdict = sk_refund_desk_judge_draft (get_desk (self), &draft, &error);
  if (self->verdict == NULL)
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (self->record_button, FALSE);
      return;
    }

  group = sk_refunds_ui_verdict_group (self->verdict);
  {
    g_autofree char *total = sk_money_format (self->verdict->total, self->verdict->currency);
    GtkWidget *row;

    if (self->verdict->restocking_fee > 0)
      {
        g_autofree char *fee = sk_money_format (-self->verdict->restocking_fee, self->verdict->currency);

        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   sk_refunds_ui_value_row (_("Restocking fee (taken off)"), NULL, fee));
      }
    row = sk_refunds_ui_value_row (_("Would come to"), NULL, total);
    gtk_widget_add_css_class (row, "sk-total-row");
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  }
  gtk_box_append (self->verdict_box, group);

  /* Out of policy may still be recorded (and approved with a reason);
   * only what cannot be refunded at all is refused. */
  gtk_widget_set_sensitive (self->record_button, self->verdict->standing != SK_REFUND_STANDING_IMPOSSIBLE);
}

static void
form_changed_cb (SkRefundRequestDialog *self)
{
  show_error (self, NULL);
  update_verdict (self);
}

static void
remove_attachment_clicked_cb (GtkButton             *button,
                              SkRefundRequestDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "sk-row");
  guint index;

  if (!g_ptr_array_find (self->attachment_rows, row, &index))
    return;

  g_ptr_array_remove_index (self->attachments, index);
  g_ptr_array_remove_index (self->attachment_rows, index);
  adw_preferences_group_remove (self->attachments_group, row);
}

void
sk_refund_request_dialog_add_attachment (SkRefundRequestDialog *self,
                                         const char            *path)
{
  g_autofree char *name = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *row;
  GtkWidget *button;

  g_return_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self));
  g_return_if_fail (path != NULL);

  for (guint i = 0; i < self->attachments->len; i++)
    if (g_str_equal (g_ptr_array_index (self->attachments, i), path))
      return;

  name = g_path_get_basename (path);
  row = sk_refunds_ui_value_row (name, path, NULL);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* Translators: %s is a file name */
  tooltip = g_strdup_printf (_("Remove %s"), name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "sk-row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_attachment_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (self->attachments_group, row);

  g_ptr_array_add (self->attachments, g_strdup (path));
  g_ptr_array_add (self->attachment_rows, row);
}

static void
chooser_response_cb (SkRefundRequestDialog *self,
                     int                    response,
                     GtkNativeDialog       *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            sk_refund_request_dialog_add_attachment (self, path);
        }
    }

  g_clear_object (&self->chooser);
}

static void
add_files_clicked_cb (SkRefundRequestDialog *self,
                      GtkButton             *button)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Attach Photos or Documents"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"),
                                               _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Photos and documents"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_mime_type (filter, "message/rfc822");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
show_order (SkRefundRequestDialog *self)
{
  g_autofree char *date = sk_time_format_date (self->order->ordered_at);
  g_autofree char *text = NULL;

  /* Translators: the order a return is recorded for: "Order 1234 of Zoë Ångström, placed 01/02/26" */
  text = g_strdup_printf (_("Order %s of %s, placed %s"),
                          self->order->number,
                          self->order->customer_name != NULL && self->order->customer_name[0] != '\0'
                          ? self->order->customer_name : self->order->customer_email,
                          date);
  gtk_label_set_text (self->order_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->order_label), TRUE);

  /* Another order: its lines replace the previous one's. */
  for (guint i = 0; i < self->spins->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (self->spins, i), ADW_TYPE_ACTION_ROW);

      if (row != NULL)
        adw_preferences_group_remove (self->items_group, row);
    }
  g_ptr_array_set_size (self->spins, 0);

  for (guint i = 0; i < self->order->items->len; i++)
    {
      const SkRefundOrderItem *item = g_ptr_array_index (self->order->items, i);
      gint64 left = MAX (item->quantity - item->quantity_returned, 0);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, (double) left, 1);
      g_autofree char *subtitle = NULL;
      g_autofree char *accessible = NULL;
      g_autofree char *money = sk_money_format (item->total + item->total_tax, self->order->currency);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (item->quantity_returned > 0)
        /* Translators: an order line in the return form: "3 bought for €45.00, 1 returned already" */
        subtitle = g_strdup_printf (_("%lld bought for %s, %lld returned already"),
                                    (long long) item->quantity, money, (long long) item->quantity_returned);
      else
        /* Translators: an order line in the return form: "3 bought for €45.00" */
        subtitle = g_strdup_printf (_("%lld bought for %s"), (long long) item->quantity, money);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (spin, left > 0);
      /* Translators: the accessible name of a quantity field; %s is a product */
      accessible = g_strdup_printf (_("Quantity of %s to return"), item->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->items_group, row);
      g_ptr_array_add (self->spins, spin);
    }

  gtk_widget_set_visible (self->request_groups, TRUE);
  update_verdict (self);
}

static gboolean
load_order (SkRefundRequestDialog *self,
            gint64                 order_id,
            GError               **error)
{
  SkRefundOrder *order = sk_refund_desk_load_order (get_desk (self), order_id, error);

  if (order == NULL)
    return FALSE;

  g_clear_pointer (&self->order, sk_refund_order_free);
  self->order = order;
  show_order (self);

  return TRUE;
}

gboolean
sk_refund_request_dialog_find_order (SkRefundRequestDialog *self,
                                     const char            *number)
{
  g_autoptr(GError) error = NULL;
  gint64 order_id;

  g_return_val_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  show_error (self, NULL);
  order_id = sk_refund_desk_find_order (get_desk (self), number, &error);
  if (order_id == 0 || !load_order (self, order_id, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }

  return TRUE;
}

static void
number_applied_cb (SkRefundRequestDialog *self,
                   AdwEntryRow           *row)
{
  sk_refund_request_dialog_find_order (self, gtk_editable_get_text (GTK_EDITABLE (row)));
}

gint64
sk_refund_request_dialog_submit (SkRefundRequestDialog *self)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (SkRefundCaseLine));
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SkRefundDraft draft = { 0 };
  gint64 id;

  g_return_val_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self), 0);

  if (self->order == NULL)
    {
      show_error (self, _("Find the order first."));
      return 0;
    }

  fill_draft (self, &draft, lines, paths);
  id = sk_refund_desk_create_request (get_desk (self), &draft, &error);
  if (id == 0)
    {
      show_error (self, error->message);
      return 0;
    }

  g_object_ref (self);
  g_signal_emit (self, signals[RECORDED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);

  return id;
}

static void
record_clicked_cb (SkRefundRequestDialog *self,
                   GtkButton             *button)
{
  sk_refund_request_dialog_submit (self);
}

static void
cancel_clicked_cb (SkRefundRequestDialog *self,
                   GtkButton             *button)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static AdwComboRow *
combo_row (const char  *title,
           const char **labels,
           guint        n_labels)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (model, labels[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));

  return row;
}

static void
sk_refund_request_dialog_dispose (GObject *object)
{
  SkRefundRequestDialog *self = SK_REFUND_REQUEST_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_refund_request_dialog_parent_class)->dispose (object);
}

static void
sk_refund_request_dialog_finalize (GObject *object)
{
  SkRefundRequestDialog *self = SK_REFUND_REQUEST_DIALOG (object);

  g_clear_pointer (&self->order, sk_refund_order_free);
  g_clear_pointer (&self->verdict, sk_refund_verdict_free);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sk_refund_request_dialog_parent_class)->finalize (object);
}

static void
sk_refund_request_dialog_class_init (SkRefundRequestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_refund_request_dialog_dispose;
  object_class->finalize = sk_refund_request_dialog_finalize;

  signals[RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_refund_request_dialog_init (SkRefundRequestDialog *self)
{
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *scrolled;
  GtkWidget *clamp;
  GtkWidget *content;
  AdwPreferencesGroup *group;
  GtkWidget *add_button;
  const char *reasons[SK_REFUND_N_REASONS];
  const char *channels[3];
  const char *outcomes[3];

  self->spins = g_ptr_array_new ();
  self->attachments = g_ptr_array_new_with_free_func (g_free);
  self->attachment_rows = g_ptr_array_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("New Return"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 720);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->record_button = gtk_button_new_with_mnemonic (_("_Record"));
  gtk_widget_set_tooltip_text (self->record_button, _("Record the request; it is decided afterwards"));
  gtk_widget_add_css_class (self->record_button, "suggested-action");
  gtk_widget_set_sensitive (self->record_button, FALSE);
  g_signal_connect_object (self->record_button, "clicked", G_CALLBACK (record_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->record_button);
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

  /* The order. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Order"));
  self->number_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->number_row), _("Order _number"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->number_row), TRUE);
  adw_entry_row_set_show_apply_button (self->number_row, TRUE);
  adw_entry_row_set_input_purpose (self->number_row, GTK_INPUT_PURPOSE_NUMBER);
  g_signal_connect_object (self->number_row, "apply", G_CALLBACK (number_applied_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (self->number_row));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (group));

  self->order_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->order_label, TRUE);
  gtk_label_set_xalign (self->order_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->order_label), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->order_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->order_label));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  /* Everything below needs an order. */
  self->request_groups = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_visible (self->request_groups, FALSE);

  self->items_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->items_group, _("Items to Return"));
  adw_preferences_group_set_description (self->items_group, _("At most what was bought and not returned yet"));
  gtk_box_append (GTK_BOX (self->request_groups), GTK_WIDGET (self->items_group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Request"));
  for (guint i = 0; i < SK_REFUND_N_REASONS; i++)
    reasons[i] = sk_refund_reason_get_label ((SkRefundReason) i);
  self->reason_row = combo_row (_("_Reason"), reasons, SK_REFUND_N_REASONS);
  g_signal_connect_object (self->reason_row, "notify::selected", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (self->reason_row));
  self->reason_text_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_text_row), _("In the customer’s _words"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->reason_text_row), TRUE);
  adw_preferences_group_add (group, GTK_WIDGET (self->reason_text_row));
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    channels[i] = sk_refund_channel_get_label ((SkRefundChannel) i);
  self->channel_row = combo_row (_("_Asked by"), channels, G_N_ELEMENTS (channels));
  adw_preferences_group_add (group, GTK_WIDGET (self->channel_row));
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    outcomes[i] = sk_refund_outcome_get_label ((SkRefundOutcome) i);
  self->outcome_row = combo_row (_("Customer _wants"), outcomes, G_N_ELEMENTS (outcomes));
  g_signal_connect_object (self->outcome_row, "notify::selected", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (self->outcome_row));
  {
    GtkWidget *row = adw_action_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Refund the _shipping too"));
    adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
    self->shipping_switch = GTK_SWITCH (gtk_switch_new ());
    gtk_widget_set_valign (GTK_WIDGET (self->shipping_switch), GTK_ALIGN_CENTER);
    g_signal_connect_object (self->shipping_switch, "notify::active", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->shipping_switch));
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->shipping_switch));
    adw_preferences_group_add (group, row);
  }
  gtk_box_append (GTK_BOX (self->request_groups), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Condition of the Goods"));
  adw_preferences_group_set_description (group, _("Tick what is true of what comes back"));
  for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
    {
      GtkWidget *row = adw_action_row_new ();

      self->condition_checks[bit] = GTK_CHECK_BUTTON (gtk_check_button_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sk_return_condition_get_label (1u << bit));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (self->condition_checks[bit]));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->condition_checks[bit]));
      g_signal_connect_object (self->condition_checks[bit], "toggled", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (group, row);
    }
  gtk_box_append (GTK_BOX (self->request_groups), GTK_WIDGET (group));

  self->attachments_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->attachments_group, _("Photos and Documents"));
  adw_preferences_group_set_description (self->attachments_group, _("Copied into Shopkeeper’s folder with the request"));
  add_button = gtk_button_new_with_mnemonic (_("Add _Files…"));
  gtk_widget_add_css_class (add_button, "flat");
  g_signal_connect_object (add_button, "clicked", G_CALLBACK (add_files_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->attachments_group, add_button);
  gtk_box_append (GTK_BOX (self->request_groups), GTK_WIDGET (self->attachments_group));

  self->verdict_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_box_append (GTK_BOX (self->request_groups), GTK_WIDGET (self->verdict_box));

  gtk_box_append (GTK_BOX (content), self->request_groups);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

SkRefundRequestDialog *
sk_refund_request_dialog_new (GtkWindow *parent,
                              SkContext *context,
                              gint64     order_id)
{
  SkRefundRequestDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  self = g_object_new (SK_TYPE_REFUND_REQUEST_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);

  if (order_id != 0)
    {
      g_autoptr(GError) error = NULL;

      if (load_order (self, order_id, &error))
        {
          /* The order is known: no need to type its number. */
          gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->number_row), ADW_TYPE_PREFERENCES_GROUP), FALSE);
          gtk_editable_set_text (GTK_EDITABLE (self->number_row), self->order->number);
        }
      else
        show_error (self, error->message);
    }

  return self;
}

gboolean
sk_refund_request_dialog_set_quantity (SkRefundRequestDialog *self,
                                       gint64                 item_remote_id,
                                       gint64                 quantity)
{
  g_return_val_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self), FALSE);

  if (self->order == NULL)
    return FALSE;

  for (guint i = 0; i < self->order->items->len && i < self->spins->len; i++)
    {
      const SkRefundOrderItem *item = g_ptr_array_index (self->order->items, i);

      if (item->item_remote_id == item_remote_id)
        {
          GtkSpinButton *spin = g_ptr_array_index (self->spins, i);

          gtk_spin_button_set_value (spin, (double) quantity);
          return gtk_spin_button_get_value_as_int (spin) == quantity;
        }
    }

  return FALSE;
}

void
sk_refund_request_dialog_set_reason (SkRefundRequestDialog *self,
                                     SkRefundReason         reason,
                                     const char            *text)
{
  g_return_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self));

  adw_combo_row_set_selected (self->reason_row, reason);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_text_row), text != NULL ? text : "");
}

void
sk_refund_request_dialog_set_outcome (SkRefundRequestDialog *self,
                                      SkRefundOutcome        outcome)
{
  g_return_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self));

  adw_combo_row_set_selected (self->outcome_row, outcome);
}

const SkRefundOrder *
sk_refund_request_dialog_get_order (SkRefundRequestDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self), NULL);

  return self->order;
}

const SkRefundVerdict *
sk_refund_request_dialog_get_verdict (SkRefundRequestDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self), NULL);

  return self->verdict;
}

const char *
sk_refund_request_dialog_get_error (SkRefundRequestDialog *self)
{
  g_return_val_if_fail (SK_IS_REFUND_REQUEST_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}
