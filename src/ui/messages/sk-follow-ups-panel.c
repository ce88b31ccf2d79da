/* sk-follow-ups-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-follow-ups-panel"

#include "config.h"

#include "sk-follow-ups-panel.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-message-dialogs.h"
#include "sk-messenger.h"
#include "sk-time.h"

/* The list shows this many; "Send All" sends to every one due. */
#define MAX_ROWS 200

struct _SkFollowUpsPanel
{
  GtkWidget     parent_instance;

  SkContext    *context;       /* owned */
  SkMessenger  *messenger;     /* the context's */
  GCancellable *cancellable;
  guint         n_due;

  /* widgets */
  GtkWidget    *box;
  GtkLabel     *title;
  GtkWidget    *send_button;
  GtkWidget    *spinner;
  GtkWidget    *stack;
  GtkListBox   *list;
  GtkLabel     *error_label;
  GtkLabel     *status_label;  /* what the last Send All did */
};

G_DEFINE_FINAL_TYPE (SkFollowUpsPanel, sk_follow_ups_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_N_DUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
row_new (SkOrderDetails *details)
{
  const SkOrderRecord *order = details->order;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: %s is an order number, then the customer's name */
  title = g_strdup_printf (_("Order %s · %s"), order->number, details->customer_display_name != NULL
                                                                ? details->customer_display_name : "");
  completed = order->date_completed > 0 ? sk_time_format_date (order->date_completed) : g_strdup ("");
  /* Translators: %s is a date */
  subtitle = g_strdup_printf (_("Completed %s"), completed);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
set_n_due (SkFollowUpsPanel *self,
           guint             n_due)
{
  g_autofree char *title = NULL;

  if (n_due == 0)
    title = g_strdup (_("No Follow-Ups Due"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Follow-Up Due", "%u Follow-Ups Due", n_due), n_due);
  gtk_label_set_text (self->title, title);
  gtk_widget_set_sensitive (self->send_button, n_due > 0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), n_due > 0 ? "list" : "empty");

  if (self->n_due == n_due)
    return;

  self->n_due = n_due;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DUE]);
}

static void
show_error (SkFollowUpsPanel *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SkFollowUpsPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  guint n_listed;
  guint n_sent = 0;
  guint n_no_address = 0;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), FALSE);
  gtk_widget_set_visible (self->spinner, FALSE);

  n_listed = self->n_due;
  if (!sk_messenger_send_follow_ups_finish (SK_MESSENGER (object), result, &n_sent, &n_no_address, &error))
    show_error (self, error->message);

  sk_follow_ups_panel_refresh (self);

  status = sk_follow_ups_panel_describe_sent (n_listed, n_sent, n_no_address, error != NULL,
                                              sk_messenger_sends_through_store (self->messenger));
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);

  if (n_sent > 0 && sk_messenger_sends_through_store (self->messenger))
    sk_message_push_outbox_now (GTK_WIDGET (self));
}

static void
send_all_clicked_cb (SkFollowUpsPanel *self)
{
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_widget_set_sensitive (self->send_button, FALSE);
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
  sk_messenger_send_follow_ups_async (self->messenger, self->cancellable, sent_cb, g_object_ref (self));
}

static void
messenger_changed_cb (SkFollowUpsPanel *self,
                      gint64            order_id)
{
  /* While "Send All" runs, the list is refreshed once at the end. */
  if (!gtk_widget_get_visible (self->spinner))
    sk_follow_ups_panel_refresh (self);
}

static void
sk_follow_ups_panel_constructed (GObject *object)
{
  SkFollowUpsPanel *self = SK_FOLLOW_UPS_PANEL (object);

  G_OBJECT_CLASS (sk_follow_ups_panel_parent_class)->constructed (object);

  self->messenger = sk_context_get_service (self->context, SK_TYPE_MESSENGER);
  g_signal_connect_object (self->messenger, "changed", G_CALLBACK (messenger_changed_cb), self, G_CONNECT_SWAPPED);
  sk_follow_ups_panel_refresh (self);
}

static void
sk_follow_ups_panel_dispose (GObject *object)
{
  SkFollowUpsPanel *self = SK_FOLLOW_UPS_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_follow_ups_panel_parent_class)->dispose (object);
}

static void
sk_follow_ups_panel_finalize (GObject *object)
{
  SkFollowUpsPanel *self = SK_FOLLOW_UPS_PANEL (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sk_follow_ups_panel_parent_class)->finalize (object);
}

static void
sk_follow_ups_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SkFollowUpsPanel *self = SK_FOLLOW_UPS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_N_DUE:
      g_value_set_uint (value, self->n_due);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_follow_ups_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SkFollowUpsPanel *self = SK_FOLLOW_UPS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_follow_ups_panel_class_init (SkFollowUpsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sk_follow_ups_panel_constructed;
  object_class->dispose = sk_follow_ups_panel_dispose;
  object_class->finalize = sk_follow_ups_panel_finalize;
  object_class->get_property = sk_follow_ups_panel_get_property;
  object_class->set_property = sk_follow_ups_panel_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_N_DUE] =
    g_param_spec_uint ("n-due", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sk_follow_ups_panel_init (SkFollowUpsPanel *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *error_label = gtk_label_new (NULL);

  self->cancellable = g_cancellable_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);

  self->title = GTK_LABEL (title);
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (header), self->spinner);
  self->send_button = gtk_button_new_with_mnemonic (_("_Send All"));
  gtk_widget_add_css_class (self->send_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->send_button, _("Send the follow-up to every customer listed"));
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (send_all_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), self->send_button);
  gtk_box_append (GTK_BOX (self->box), header);

  self->error_label = GTK_LABEL (error_label);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (self->box), error_label);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->status_label));

  self->list = GTK_LIST_BOX (list);
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follow-ups due"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-send-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("All Caught Up"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Customers get a follow-up a few days after their order was completed. Those due show here."));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_box_append (GTK_BOX (self->box), self->stack);
}

char *
sk_follow_ups_panel_describe_sent (guint    n_listed,
                                   guint    n_sent,
                                   guint    n_no_address,
                                   gboolean failed,
                                   gboolean through_store)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *no_address = NULL;
  g_autofree char *missing = NULL;
  guint n_missing = n_listed > n_sent + n_no_address ? n_listed - n_sent - n_no_address : 0;

  if (n_sent > 0)
    sent = sk_message_sent_summary (SK_SENT_FOLLOW_UPS, through_store, n_sent);

  if (n_no_address > 0)
    /* Translators: after Send All; those orders stay in the list of follow-ups due */
    no_address = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u follow-up was not sent: its order has no valid e-mail address, so it stays in the list.",
                                               "%u follow-ups were not sent: their orders have no valid e-mail address, so they stay in the list.",
                                               n_no_address), n_no_address);

  /* A failure names its reason in the error line. Otherwise an order
   * listed but not sent had stopped being due by the time Send All ran:
   * the list is a snapshot, and an order leaves it when its time for a
   * follow-up ends or when its follow-up turns out to have gone before. */
  if (!failed && n_missing > 0)
    /* Translators: after Send All; the list of follow-ups due was shown a while before */
    missing = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u follow-up in the list was not sent: its order was no longer due when you sent them (its time for a follow-up had passed, or one had gone out before).",
                                            "%u follow-ups in the list were not sent: their orders were no longer due when you sent them (their time for a follow-up had passed, or one had gone out before).",
                                            n_missing), n_missing);

  if (sent != NULL)
    {
      g_autofree char *sentence = g_strconcat (sent, ".", NULL);

      g_strv_builder_add (parts, sentence);
    }
  if (no_address != NULL)
    g_strv_builder_add (parts, no_address);
  if (missing != NULL)
    g_strv_builder_add (parts, missing);
  lines = g_strv_builder_end (parts);

  return lines[0] != NULL ? g_strjoinv (" ", lines) : NULL;
}

GtkWidget *
sk_follow_ups_panel_new (SkContext *context)
{
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  return g_object_new (SK_TYPE_FOLLOW_UPS_PANEL, "context", context, NULL);
}

guint
sk_follow_ups_panel_get_n_due (SkFollowUpsPanel *self)
{
  g_return_val_if_fail (SK_IS_FOLLOW_UPS_PANEL (self), 0);

  return self->n_due;
}

void
sk_follow_ups_panel_refresh (SkFollowUpsPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = NULL;
  GtkWidget *child;

  g_return_if_fail (SK_IS_FOLLOW_UPS_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (!sk_context_has_store (self->context))
    {
      set_n_due (self, 0);
      return;
    }

  due = sk_messenger_list_follow_ups_due (self->messenger, &error);
  if (due == NULL)
    {
      show_error (self, error->message);
      set_n_due (self, 0);
      return;
    }

  for (guint i = 0; i < MIN (due->len, MAX_ROWS); i++)
    {
      g_autoptr(SkOrderDetails) details = NULL;

      details = sk_database_load_order_details (sk_context_get_database (self->context),
                                                g_array_index (due, gint64, i), NULL);
      if (details != NULL)
        gtk_list_box_append (self->list, row_new (details));
    }

  set_n_due (self, due->len);
}
