/* sk-message-dialogs.c — Mark Shipped, Report Delay, Log Customer Message
 * and Send Message.
 *
 * Each dialog is a modal AdwWindow with a header bar (Cancel, and the
 * action as the suggested button), a preferences-style form, and a line
 * for what went wrong: a failure keeps the dialog open with the reason,
 * so nothing typed is lost. Success closes it and says so in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-message-dialogs"

#include "config.h"

#include "sk-message-dialogs.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-messenger.h"
#include "sk-order-desk.h"
#include "sk-time.h"
#include "sk-window.h"

/* What every dialog here shares; owned by the window (object data). */
typedef struct
{
  GtkWindow    *window;      /* the dialog (weak: it owns us) */
  GtkWidget    *parent;      /* weak pointer: toasts go to its window */
  SkContext    *context;     /* owned */
  SkMessenger  *messenger;   /* the context's */
  GCancellable *cancellable; /* cancelled when the dialog closes */
  GtkWidget    *action;      /* the suggested button */
  GtkLabel     *error_label;
  GtkWidget    *spinner;
  GArray       *order_ids;   /* gint64 */

  /* Mark Shipped */
  AdwComboRow  *carrier_row;
  AdwEntryRow  *other_carrier_row;
  GPtrArray    *tracking_rows;  /* AdwEntryRow */

  /* Report Delay */
  AdwComboRow  *reason_row;
  AdwEntryRow  *reason_text_row;
  GtkCalendar  *calendar;

  /* Log Customer Message */
  AdwComboRow  *channel_row;
  GtkTextView  *said_view;

  /* Send Message */
  AdwComboRow  *kind_row;
  GtkSwitch    *again_switch;
  GtkLabel     *preview_subject;
  GtkTextView  *preview_view;
} Dialog;

static void
dialog_free (Dialog *dialog)
{
  g_cancellable_cancel (dialog->cancellable);
  g_clear_object (&dialog->cancellable);
  g_clear_weak_pointer (&dialog->parent);
  g_clear_object (&dialog->context);
  g_clear_pointer (&dialog->order_ids, g_array_unref);
  g_clear_pointer (&dialog->tracking_rows, g_ptr_array_unref);
  g_free (dialog);
}

static void
dialog_show_toast (Dialog     *dialog,
                   const char *message)
{
  GtkRoot *root = dialog->parent != NULL ? gtk_widget_get_root (dialog->parent) : NULL;

  if (root != NULL && SK_IS_WINDOW (root))
    sk_window_show_message (SK_WINDOW (root), message);
}

/* Tells what the messenger did, truthfully for the channel, and when the
 * work waits in the outbox, pushes it now. */
static void
dialog_announce (Dialog     *dialog,
                 SkSentWhat  what,
                 guint       n)
{
  gboolean through_store = sk_messenger_sends_through_store (dialog->messenger);
  g_autofree char *message = sk_message_sent_summary (what, through_store, n);

  dialog_show_toast (dialog, message);
  /* Mark Shipped changes the status in the store whatever the channel. */
  if ((through_store || what == SK_SENT_SHIPPED) && dialog->parent != NULL)
    sk_message_push_outbox_now (dialog->parent);
}

static void
dialog_set_busy (Dialog   *dialog,
                 gboolean  busy)
{
  gtk_widget_set_sensitive (dialog->action, !busy);
  gtk_widget_set_visible (dialog->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (dialog->spinner), busy);
}

static void
dialog_show_error (Dialog       *dialog,
                   const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog_set_busy (dialog, FALSE);
  gtk_label_set_text (dialog->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), TRUE);
}

static void
cancel_clicked_cb (GtkButton *button,
                   Dialog    *dialog)
{
  gtk_window_destroy (dialog->window);
}

/* A modal window with Cancel and @action_label; @content goes in a
 * scrolled, clamped column with the error line under it. */
static Dialog *
dialog_new (GtkWidget    *parent,
            SkContext    *context,
            const gint64 *order_ids,
            guint         n_orders,
            const char   *title,
            const char   *action_label,
            GCallback     action_cb)
{
  Dialog *dialog = g_new0 (Dialog, 1);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  dialog->window = GTK_WINDOW (adw_window_new ());
  dialog->context = g_object_ref (context);
  dialog->messenger = sk_context_get_service (context, SK_TYPE_MESSENGER);
  dialog->cancellable = g_cancellable_new ();
  g_set_weak_pointer (&dialog->parent, parent);
  dialog->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (n_orders > 0)
    g_array_append_vals (dialog->order_ids, order_ids, n_orders);
  g_object_set_data_full (G_OBJECT (dialog->window), "sk-dialog", dialog, (GDestroyNotify) dialog_free);

  gtk_window_set_title (dialog->window, title);
  gtk_window_set_modal (dialog->window, TRUE);
  gtk_window_set_default_size (dialog->window, 480, 560);
  if (root != NULL && GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog->window, GTK_WINDOW (root));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), dialog);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  dialog->action = gtk_button_new_with_mnemonic (action_label);
  gtk_widget_add_css_class (dialog->action, "suggested-action");
  g_signal_connect (dialog->action, "clicked", action_cb, dialog);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), dialog->action);
  dialog->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (dialog->spinner, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), dialog->spinner);
  gtk_window_set_default_widget (dialog->window, dialog->action);
  {
    /* Escape cancels, as in every dialog of the app. */
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (GTK_WIDGET (dialog->window), keys);
  }

  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_top (column, 12);
  gtk_widget_set_margin_bottom (column, 18);
  gtk_widget_set_margin_start (column, 12);
  gtk_widget_set_margin_end (column, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), column);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (dialog->window), toolbar);

  dialog->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (dialog->error_label, TRUE);
  gtk_label_set_xalign (dialog->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (dialog->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), FALSE);
  g_object_set_data (G_OBJECT (dialog->window), "sk-column", column);

  return dialog;
}

static GtkBox *
dialog_column (Dialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog->window), "sk-column");
}

static void
dialog_present (Dialog *dialog)
{
  gtk_box_append (dialog_column (dialog), GTK_WIDGET (dialog->error_label));
  gtk_window_present (dialog->window);
}

static AdwComboRow *
combo_row_new (const char          *title,
               const char * const  *items)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));

  return row;
}

static AdwEntryRow *
entry_row_new (const char *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  return row;
}

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static char *
text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static GtkWidget *
framed_text_view (GtkTextView **out_view,
                  const char   *accessible_label)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  /* As tall as the text, up to a screenful: a preview of four lines in
   * a window with room for twenty hid most of the message. */
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  *out_view = GTK_TEXT_VIEW (view);

  return frame;
}

static char *
order_number (Dialog *dialog,
              gint64  order_id)
{
  g_autoptr(SkOrderDetails) details = NULL;
  SkDatabase *db = sk_context_get_database (dialog->context);

  details = sk_database_load_order_details (db, order_id, NULL);
  if (details == NULL || details->order->number == NULL)
    return g_strdup_printf ("%lld", (long long) order_id);

  return g_strdup (details->order->number);
}

/* Mark Shipped */

static char *
chosen_carrier (Dialog *dialog)
{
  const char * const *carriers = sk_messenger_list_carriers ();
  guint selected = adw_combo_row_get_selected (dialog->carrier_row);

  if (selected < g_strv_length ((GStrv) carriers))
    return g_strdup (carriers[selected]);

  return dup_text (dialog->other_carrier_row);
}

static void
carrier_selected_cb (AdwComboRow *row,
                     GParamSpec  *pspec,
                     Dialog      *dialog)
{
  guint n = g_strv_length ((GStrv) sk_messenger_list_carriers ());

  gtk_widget_set_visible (GTK_WIDGET (dialog->other_carrier_row), adw_combo_row_get_selected (row) >= n);
}

static void
shipped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Dialog *dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_done = 0;

  if (!sk_messenger_mark_shipped_finish (SK_MESSENGER (object), result, &n_done, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (n_done > 0)
        {
          /* Translators: %u orders were marked shipped, then %s (an error) stopped one */
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order was marked shipped; another failed: %s",
                                                  "%u orders were marked shipped; another failed: %s", n_done),
                                     n_done, error->message);
          g_free (error->message);
          error->message = g_steal_pointer (&message);
        }
      dialog_show_error (dialog, error);
      return;
    }

  dialog_announce (dialog, SK_SENT_SHIPPED, n_done);
  gtk_window_destroy (dialog->window);
}

static void
mark_shipped_clicked_cb (GtkButton *button,
                         Dialog    *dialog)
{
  g_autofree char *carrier = chosen_carrier (dialog);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) numbers = NULL;

  for (guint i = 0; i < dialog->tracking_rows->len; i++)
    {
      g_autofree char *number = dup_text (g_ptr_array_index (dialog->tracking_rows, i));

      g_strv_builder_add (builder, number);
    }
  numbers = g_strv_builder_end (builder);

  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), FALSE);
  dialog_set_busy (dialog, TRUE);
  sk_messenger_mark_shipped_async (dialog->messenger, (const gint64 *) dialog->order_ids->data, dialog->order_ids->len,
                                   carrier, (const char * const *) numbers, dialog->cancellable, shipped_cb, dialog);
}

/* Past this many orders, one tracking number field each is no help. */
#define MAX_TRACKING_ROWS 50

void
sk_mark_shipped_dialog_present (GtkWidget    *parent,
                                SkContext    *context,
                                const gint64 *order_ids,
                                guint         n_orders)
{
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) carrier_items = g_ptr_array_new ();
  const char * const *carriers = sk_messenger_list_carriers ();
  GtkWidget *carrier_group = adw_preferences_group_new ();
  GtkWidget *tracking_group = adw_preferences_group_new ();
  Dialog *dialog;

  g_return_if_fail (SK_IS_CONTEXT (context));
  g_return_if_fail (order_ids != NULL && n_orders > 0);

  if (n_orders == 1)
    title = g_strdup (_("Mark Shipped"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Mark %u Order Shipped", "Mark %u Orders Shipped", n_orders),
                             n_orders);

  dialog = dialog_new (parent, context, order_ids, n_orders, title, _("_Mark Shipped"),
                       G_CALLBACK (mark_shipped_clicked_cb));
  dialog->tracking_rows = g_ptr_array_new ();

  for (guint i = 0; carriers[i] != NULL; i++)
    g_ptr_array_add (carrier_items, (gpointer) carriers[i]);
  /* Translators: a carrier not in the list */
  g_ptr_array_add (carrier_items, (gpointer) C_("carrier", "Other"));
  g_ptr_array_add (carrier_items, NULL);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (carrier_group),
                                         g_dngettext (GETTEXT_PACKAGE,
                                                      "The order is marked completed in the store, and the customer gets the shipped message with the tracking link.",
                                                      "The orders are marked completed in the store, and each customer gets the shipped message with their tracking link.",
                                                      n_orders));
  dialog->carrier_row = combo_row_new (_("Carrier"), (const char * const *) carrier_items->pdata);
  g_signal_connect (dialog->carrier_row, "notify::selected", G_CALLBACK (carrier_selected_cb), dialog);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (carrier_group), GTK_WIDGET (dialog->carrier_row));
  dialog->other_carrier_row = entry_row_new (_("Carrier Name"));
  gtk_widget_set_visible (GTK_WIDGET (dialog->other_carrier_row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (carrier_group), GTK_WIDGET (dialog->other_carrier_row));
  gtk_box_append (dialog_column (dialog), carrier_group);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (tracking_group),
                                   g_dngettext (GETTEXT_PACKAGE, "Tracking Number", "Tracking Numbers", n_orders));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (tracking_group),
                                         _("Leave empty for a parcel without one."));
  for (guint i = 0; i < MIN (n_orders, MAX_TRACKING_ROWS); i++)
    {
      g_autofree char *number = order_number (dialog, order_ids[i]);
      g_autofree char *row_title = NULL;
      AdwEntryRow *row;

      if (n_orders == 1)
        row_title = g_strdup (C_("entry row", "Tracking Number"));
      else
        /* Translators: %s is an order number */
        row_title = g_strdup_printf (_("Order %s"), number);
      row = entry_row_new (row_title);

      g_ptr_array_add (dialog->tracking_rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (tracking_group), GTK_WIDGET (row));
    }
  if (n_orders > MAX_TRACKING_ROWS)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (tracking_group),
                                           _("Tracking numbers can be given for the first 50 orders; the others are marked shipped without one."));
  gtk_box_append (dialog_column (dialog), tracking_group);

  dialog_present (dialog);
}

/* Report Delay */

static const char * const delay_reasons[] = {
  N_("An item is out of stock and our supplier delivers later than planned."),
  N_("Your order is made by hand and takes longer than planned."),
  N_("We have unusually many orders and need a few more days."),
  N_("The carrier cannot pick up the parcel as planned."),
  NULL
};

static void
reason_selected_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    Dialog      *dialog)
{
  guint selected = adw_combo_row_get_selected (row);

  /* A reason from the list fills the text, which stays editable. */
  if (selected < G_N_ELEMENTS (delay_reasons) - 1)
    gtk_editable_set_text (GTK_EDITABLE (dialog->reason_text_row), _(delay_reasons[selected]));
  else
    gtk_editable_set_text (GTK_EDITABLE (dialog->reason_text_row), "");
}

static void
delay_reported_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Dialog *dialog = user_data;
  g_autoptr(GError) error = NULL;

  if (!sk_messenger_report_delay_finish (SK_MESSENGER (object), result, &error))
    {
      dialog_show_error (dialog, error);
      return;
    }

  dialog_announce (dialog, SK_SENT_DELAY, 1);
  gtk_window_destroy (dialog->window);
}

static void
report_delay_clicked_cb (GtkButton *button,
                         Dialog    *dialog)
{
  g_autofree char *reason = dup_text (dialog->reason_text_row);
  g_autoptr(GDateTime) day = gtk_calendar_get_date (dialog->calendar);
  g_autoptr(GDateTime) noon = NULL;

  /* Midday local time: the desk stores the end of that local day. */
  noon = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day), 12, 0, 0);
  if (noon == NULL || g_date_time_to_unix (noon) < sk_time_now_utc () - 86400)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                     _("Choose a new ship date from today on."));

      dialog_show_error (dialog, error);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), FALSE);
  dialog_set_busy (dialog, TRUE);
  sk_messenger_report_delay_async (dialog->messenger, g_array_index (dialog->order_ids, gint64, 0), reason,
                                   g_date_time_to_unix (noon), dialog->cancellable, delay_reported_cb, dialog);
}

void
sk_report_delay_dialog_present (GtkWidget *parent,
                                SkContext *context,
                                gint64     order_id)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(GDateTime) initial = NULL;
  GtkWidget *reason_group = adw_preferences_group_new ();
  GtkWidget *date_group = adw_preferences_group_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  Dialog *dialog;
  gint64 promise;

  g_return_if_fail (SK_IS_CONTEXT (context));

  dialog = dialog_new (parent, context, &order_id, 1, _("Report Delay"), _("_Send Delay Notice"),
                       G_CALLBACK (report_delay_clicked_cb));

  for (guint i = 0; delay_reasons[i] != NULL; i++)
    g_ptr_array_add (items, (gpointer) _(delay_reasons[i]));
  /* Translators: the reason for a delay is written by hand */
  g_ptr_array_add (items, (gpointer) C_("delay reason", "Other"));
  g_ptr_array_add (items, NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (reason_group), _("Why Is It Late?"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (reason_group),
                                         _("The customer reads this, with an apology and the new date."));
  dialog->reason_row = combo_row_new (_("Reason"), (const char * const *) items->pdata);
  adw_combo_row_set_use_subtitle (dialog->reason_row, FALSE);
  dialog->reason_text_row = entry_row_new (_("In Your Words"));
  g_signal_connect (dialog->reason_row, "notify::selected", G_CALLBACK (reason_selected_cb), dialog);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (reason_group), GTK_WIDGET (dialog->reason_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (reason_group), GTK_WIDGET (dialog->reason_text_row));
  gtk_box_append (dialog_column (dialog), reason_group);
  reason_selected_cb (dialog->reason_row, NULL, dialog);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (date_group), _("New Ship Date"));
  dialog->calendar = GTK_CALENDAR (calendar);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New ship date"), -1);
  desk = sk_order_desk_load (sk_context_get_database (context), order_id, NULL);
  promise = desk != NULL && desk->promised_ship_at > 0 ? desk->promised_ship_at : sk_time_now_utc ();
  initial = g_date_time_new_from_unix_local (MAX (promise, sk_time_now_utc ()) + 3 * 86400);
  if (initial != NULL)
    gtk_calendar_select_day (dialog->calendar, initial);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (date_group), calendar);
  gtk_box_append (dialog_column (dialog), date_group);

  dialog_present (dialog);
}

/* Log Customer Message */

static const char * const inbound_channels[] = {
  SK_MESSAGE_CHANNEL_PHONE, SK_MESSAGE_CHANNEL_EMAIL, SK_MESSAGE_CHANNEL_IN_PERSON, NULL
};

static void
log_clicked_cb (GtkButton *button,
                Dialog    *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *said = text_view_dup_text (dialog->said_view);
  guint channel = adw_combo_row_get_selected (dialog->channel_row);

  if (sk_messenger_log_inbound (dialog->messenger, g_array_index (dialog->order_ids, gint64, 0),
                                inbound_channels[MIN (channel, 2)], said, 0, &error) == 0)
    {
      dialog_show_error (dialog, error);
      return;
    }

  dialog_show_toast (dialog, _("Message logged; the order waits for your answer"));
  gtk_window_destroy (dialog->window);
}

void
sk_log_message_dialog_present (GtkWidget *parent,
                               SkContext *context,
                               gint64     order_id)
{
  const char *channel_titles[4];
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *said_group = adw_preferences_group_new ();
  Dialog *dialog;

  g_return_if_fail (SK_IS_CONTEXT (context));

  dialog = dialog_new (parent, context, &order_id, 1, _("Log Customer Message"), _("_Log Message"),
                       G_CALLBACK (log_clicked_cb));

  for (guint i = 0; i < 3; i++)
    channel_titles[i] = sk_message_channel_get_title (inbound_channels[i]);
  channel_titles[3] = NULL;

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("What the customer told you outside Shopkeeper. The order shows as waiting for your answer until you send the customer a message."));
  dialog->channel_row = combo_row_new (_("Received By"), channel_titles);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->channel_row));
  gtk_box_append (dialog_column (dialog), group);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (said_group), _("What the Customer Said"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (said_group),
                             framed_text_view (&dialog->said_view, _("What the customer said")));
  gtk_box_append (dialog_column (dialog), said_group);

  dialog_present (dialog);
  gtk_widget_grab_focus (GTK_WIDGET (dialog->said_view));
}

/* Send Message */

static const char *
chosen_kind (Dialog *dialog)
{
  const char * const *kinds = sk_template_list_kinds ();
  guint selected = adw_combo_row_get_selected (dialog->kind_row);

  return kinds[MIN (selected, g_strv_length ((GStrv) kinds) - 1)];
}

static void
update_preview (Dialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkTemplate) tmpl = NULL;
  g_autoptr(SkRenderedMessage) rendered = NULL;
  g_autofree char *language = NULL;
  gint64 order_id = g_array_index (dialog->order_ids, gint64, 0);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (dialog->preview_view);

  language = sk_messenger_get_order_language (dialog->messenger, order_id, &error);
  if (language != NULL)
    tmpl = sk_messenger_get_template (dialog->messenger, chosen_kind (dialog), language, &error);
  if (tmpl != NULL)
    rendered = sk_messenger_render (dialog->messenger, tmpl, order_id, NULL, &error);

  if (rendered == NULL)
    {
      gtk_label_set_text (dialog->preview_subject, "");
      gtk_text_buffer_set_text (buffer, error->message, -1);
      return;
    }

  gtk_label_set_text (dialog->preview_subject, rendered->subject);
  gtk_text_buffer_set_text (buffer, rendered->text, -1);
}

static void
kind_selected_cb (AdwComboRow *row,
                  GParamSpec  *pspec,
                  Dialog      *dialog)
{
  update_preview (dialog);
}

typedef struct
{
  Dialog *dialog;
  guint   index;
  guint   n_sent;
} SendAll;

static void send_next (SendAll *send);

static void
message_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SendAll *send = user_data;
  g_autoptr(GError) error = NULL;

  if (sk_messenger_send_finish (SK_MESSENGER (object), result, &error) == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dialog_show_error (send->dialog, error);
      g_free (send);
      return;
    }

  send->n_sent++;
  send->index++;
  send_next (send);
}

static void
send_next (SendAll *send)
{
  Dialog *dialog = send->dialog;

  if (send->index < dialog->order_ids->len)
    {
      sk_messenger_send_async (dialog->messenger, g_array_index (dialog->order_ids, gint64, send->index),
                               chosen_kind (dialog), NULL, gtk_switch_get_active (dialog->again_switch),
                               dialog->cancellable, message_sent_cb, send);
      return;
    }

  dialog_announce (dialog, SK_SENT_MESSAGES, send->n_sent);
  g_free (send);
  gtk_window_destroy (dialog->window);
}

static void
send_clicked_cb (GtkButton *button,
                 Dialog    *dialog)
{
  SendAll *send = g_new0 (SendAll, 1);

  send->dialog = dialog;
  gtk_widget_set_visible (GTK_WIDGET (dialog->error_label), FALSE);
  dialog_set_busy (dialog, TRUE);
  send_next (send);
}

void
sk_send_message_dialog_present (GtkWidget    *parent,
                                SkContext    *context,
                                const gint64 *order_ids,
                                guint         n_orders,
                                const char   *kind)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  const char * const *kinds = sk_template_list_kinds ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *preview_group = adw_preferences_group_new ();
  GtkWidget *again_row = adw_action_row_new ();
  GtkWidget *subject;
  Dialog *dialog;
  guint selected = 0;

  g_return_if_fail (SK_IS_CONTEXT (context));
  g_return_if_fail (order_ids != NULL && n_orders > 0);

  dialog = dialog_new (parent, context, order_ids, n_orders, _("Send Message"), _("_Send"),
                       G_CALLBACK (send_clicked_cb));

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_ptr_array_add (titles, (gpointer) sk_template_kind_get_title (kinds[i]));
      if (kind != NULL && g_strcmp0 (kind, kinds[i]) == 0)
        selected = i;
    }
  g_ptr_array_add (titles, NULL);

  if (n_orders > 1)
    {
      g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "To the customer of %u order, each in their language.",
                                                                   "To the customers of %u orders, each in their language.",
                                                                   n_orders), n_orders);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
    }
  dialog->kind_row = combo_row_new (_("Message"), (const char * const *) titles->pdata);
  adw_combo_row_set_selected (dialog->kind_row, selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->kind_row));

  dialog->again_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (dialog->again_switch), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (again_row), _("_Send Again"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (again_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (again_row), _("Also to customers who got this message before"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (again_row), GTK_WIDGET (dialog->again_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (again_row), GTK_WIDGET (dialog->again_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), again_row);
  gtk_box_append (dialog_column (dialog), group);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (preview_group), _("Preview"));
  subject = gtk_label_new (NULL);
  dialog->preview_subject = GTK_LABEL (subject);
  gtk_label_set_wrap (dialog->preview_subject, TRUE);
  gtk_label_set_xalign (dialog->preview_subject, 0);
  gtk_label_set_selectable (dialog->preview_subject, TRUE);
  gtk_widget_add_css_class (subject, "heading");
  gtk_widget_set_margin_bottom (subject, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (preview_group), subject);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (preview_group),
                             framed_text_view (&dialog->preview_view, _("Preview of the message")));
  gtk_text_view_set_editable (dialog->preview_view, FALSE);
  gtk_text_view_set_cursor_visible (dialog->preview_view, FALSE);
  gtk_box_append (dialog_column (dialog), preview_group);

  g_signal_connect (dialog->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), dialog);
  update_preview (dialog);

  dialog_present (dialog);
}

char *
sk_message_sent_summary (SkSentWhat what,
                         gboolean   through_store,
                         guint      n)
{
  switch (what)
    {
    case SK_SENT_MESSAGES:
      if (through_store)
        /* Translators: a toast; the store e-mails the message once a sync has handed it the order note */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u message queued for the store — it goes out with the next sync",
                                             "%u messages queued for the store — they go out with the next sync", n), n);
      /* Translators: a toast; the shop's own mail server took the messages */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message sent", "%u messages sent", n), n);

    case SK_SENT_SHIPPED:
      if (through_store)
        /* Translators: a toast; the store e-mails the message once a sync has handed it the order note */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u order marked shipped; the message to the customer goes out with the next sync",
                                             "%u orders marked shipped; the messages to the customers go out with the next sync", n), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order marked shipped; the customer was told",
                                           "%u orders marked shipped; the customers were told", n), n);

    case SK_SENT_DELAY:
      if (through_store)
        /* Translators: a toast; the store e-mails the notice once a sync has handed it the order note */
        return g_strdup (_("Delay recorded; the notice to the customer goes out with the next sync"));
      return g_strdup (_("Delay recorded; the customer was told the new date"));

    case SK_SENT_FOLLOW_UPS:
      if (through_store)
        /* Translators: the store e-mails the follow-ups once a sync has handed it the order notes */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u follow-up queued for the store — it goes out with the next sync",
                                             "%u follow-ups queued for the store — they go out with the next sync", n), n);
      /* Translators: the shop's own mail server took the follow-ups */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u follow-up sent", "%u follow-ups sent", n), n);

    default:
      g_return_val_if_reached (NULL);
    }
}

void
sk_message_push_outbox_now (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* sk_window_sync () does nothing while a sync runs or without a store;
   * the queued notes then go with the sync after it. */
  root = gtk_widget_get_root (widget);
  if (root != NULL && SK_IS_WINDOW (root))
    sk_window_sync (SK_WINDOW (root));
}
