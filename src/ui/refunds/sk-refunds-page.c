/* sk-refunds-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refunds-page"

#include "config.h"

#include "sk-refunds-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-refund-approve-dialog.h"
#include "sk-refund-deny-dialog.h"
#include "sk-refund-desk.h"
#include "sk-refund-request-dialog.h"
#include "sk-refund-slip.h"
#include "sk-refunds-ui.h"
#include "sk-shop-settings.h"
#include "sk-staff-session.h"
#include "sk-sync-manager.h"
#include "sk-time.h"
#include "sk-window.h"

struct _SkRefundsPage
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkWidget        *root_box;
  GtkLabel         *summary_label;
  GtkDropDown      *period_dropdown;
  AdwLeaflet       *leaflet;
  GtkStack         *queue_stack;
  GtkListBox       *queue_list;
  AdwStatusPage    *error_page;
  GtkWidget        *back_button;
  GtkBox           *details_box;

  /* owned references */
  SkContext        *context;
  /* the context's service once connected to (not a reference) */
  SkRefundDesk     *desk;
  GArray           *queue_ids;
  /* ids of the requests a notification was sent for */
  GHashTable       *notified;

  /* what is shown */
  gint64            selected_id;
  char             *verdict_label;
  SkRefundOutcome   selected_outcome;
  gboolean          selected_open;

  /* the dialog opened last (weak) */
  GtkWidget        *dialog;

  guint             check_source;
  GCancellable     *figures_cancellable;  /* the figures being computed, owned */
  gboolean          reloading;
};

G_DEFINE_FINAL_TYPE (SkRefundsPage, sk_refunds_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN_ORDER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SkRefundDesk *
get_desk (SkRefundsPage *self)
{
  if (self->context == NULL || !sk_context_has_store (self->context))
    return NULL;

  return sk_context_get_service (self->context, SK_TYPE_REFUND_DESK);
}

static void
show_error (SkRefundsPage *self,
            const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SK_IS_WINDOW (root))
    sk_window_show_error (SK_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
set_dialog (SkRefundsPage *self,
            GtkWidget     *dialog)
{
  g_clear_weak_pointer (&self->dialog);
  g_set_weak_pointer (&self->dialog, dialog);
}

static void
update_actions (SkRefundsPage *self)
{
  gboolean has_context = self->context != NULL && sk_context_has_store (self->context);
  gboolean open = has_context && self->selected_id != 0 && self->selected_open;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refunds.new-request", has_context);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refunds.approve", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refunds.deny", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refunds.withdraw", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "refunds.print-slip", has_context && self->selected_id != 0);
}

/* ---- figures (shown when no request is selected) ---- */

static gint64
period_seconds (SkRefundsPage *self)
{
  switch (gtk_drop_down_get_selected (self->period_dropdown))
    {
    case 1:
      return 90 * 86400;
    case 2:
      return 365 * 86400;
    case 0:
    default:
      return 30 * 86400;
    }
}

static void
fill_overview (SkRefundsPage         *self,
               const SkRefundFigures *figures,
               const GError          *error)
{
  SkRefundDesk *desk = get_desk (self);
  g_autofree char *currency = NULL;
  AdwPreferencesGroup *group;
  gint64 spent = 0;
  gint64 budget = 0;

  sk_refunds_ui_clear_box (self->details_box);

  if (desk == NULL)
    return;

  if (figures == NULL)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Cannot Compute the Figures"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status), error->message);
      gtk_box_append (self->details_box, status);
      return;
    }

  currency = g_strdup (figures->currency);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  /* Translators: the heading of the refund figures */
  adw_preferences_group_set_title (group, _("Returns in This Period"));
  {
    g_autofree char *requests = g_strdup_printf ("%" G_GINT64_FORMAT, figures->requests);
    g_autofree char *rate = sk_refunds_ui_format_rate (figures->rate_bp);
    g_autofree char *decided = NULL;
    g_autofree char *refunded = sk_money_format (figures->refunded, currency);
    g_autofree char *median = sk_refunds_ui_format_duration (figures->median_decision_s);
    g_autofree char *rate_subtitle = NULL;
    g_autofree char *orders = g_strdup_printf ("%" G_GINT64_FORMAT, figures->orders);

    /* Translators: %s is the number of orders in the period */
    rate_subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Of %s order", "Of %s orders", (gulong) figures->orders),
                                     orders);
    /* Translators: approved and denied return requests: "3 approved, 1 denied" */
    decided = g_strdup_printf (_("%lld approved, %lld denied"), (long long) figures->approved, (long long) figures->denied);
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Requests"), decided, requests));
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Return Rate"), rate_subtitle, rate));
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Refunded"), NULL, refunded));
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Median Time to Decision"), NULL, median));
  }
  gtk_box_append (self->details_box, GTK_WIDGET (group));

  if (sk_refund_desk_get_goodwill (desk, &spent, &budget, NULL))
    {
      g_autofree char *spent_text = sk_money_format (spent, currency);
      g_autofree char *budget_text = sk_money_format (budget, currency);
      g_autofree char *left_text = sk_money_format (MAX (budget - spent, 0), currency);
      g_autofree char *value = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *bar;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Goodwill This Month"));
      adw_preferences_group_set_description (group, _("Out-of-policy returns approved with a justification are paid from this budget."));
      /* Translators: goodwill spent of the month's budget: "€40.00 of €200.00" */
      value = g_strdup_printf (_("%s of %s"), spent_text, budget_text);
      /* Translators: %s is an amount of money */
      subtitle = g_strdup_printf (_("%s left"), left_text);
      row = sk_refunds_ui_value_row (_("Spent"), subtitle, value);
      bar = gtk_level_bar_new_for_interval (0, MAX (budget, 1));
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (spent, 0, MAX (budget, 1)));
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_size_request (bar, 80, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Goodwill budget used"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      adw_preferences_group_add (group, row);
      gtk_box_append (self->details_box, GTK_WIDGET (group));
    }

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("By Reason"));
  if (figures->by_reason->len == 0)
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("No requests in this period"), NULL, NULL));
  for (guint i = 0; i < figures->by_reason->len; i++)
    {
      const SkRefundReasonFigure *figure = g_ptr_array_index (figures->by_reason, i);
      g_autofree char *rate = sk_refunds_ui_format_rate (figure->rate_bp);
      g_autofree char *amount = sk_money_format (figure->amount, currency);
      g_autofree char *subtitle = NULL;

      /* Translators: one reason's figures: "4 requests, 3 approved, €120.00 refunded" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%lld request, %lld approved, %s refunded",
                                               "%lld requests, %lld approved, %s refunded",
                                               (gulong) figure->requests),
                                  (long long) figure->requests, (long long) figure->approved, amount);
      adw_preferences_group_add (group, sk_refunds_ui_value_row (sk_refund_reason_get_label (figure->reason), subtitle, rate));
    }
  gtk_box_append (self->details_box, GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("By Product"));
  adw_preferences_group_set_description (group, _("Units returned of units sold in the period, highest rate first"));
  if (figures->by_product->len == 0)
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("No products returned in this period"), NULL, NULL));
  for (guint i = 0; i < figures->by_product->len && i < 20; i++)
    {
      const SkRefundProductFigure *figure = g_ptr_array_index (figures->by_product, i);
      g_autofree char *rate = sk_refunds_ui_format_rate (figure->rate_bp);
      g_autofree char *subtitle = NULL;

      /* Translators: units returned of units sold: "3 of 40 sold" */
      subtitle = g_strdup_printf (_("%lld of %lld sold"), (long long) figure->units_returned, (long long) figure->units_sold);
      adw_preferences_group_add (group, sk_refunds_ui_value_row (figure->name, subtitle, rate));
    }
  gtk_box_append (self->details_box, GTK_WIDGET (group));
}

static void
figures_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SkRefundFigures) figures = NULL;
  g_autoptr(GError) error = NULL;
  SkRefundsPage *self;

  figures = sk_refund_desk_compute_figures_finish (SK_REFUND_DESK (object), result, &error);
  /* Cancelled: the page went away or shows something else now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = SK_REFUNDS_PAGE (user_data);
  g_clear_object (&self->figures_cancellable);
  fill_overview (self, figures, error);
}

static void
cancel_figures (SkRefundsPage *self)
{
  g_cancellable_cancel (self->figures_cancellable);
  g_clear_object (&self->figures_cancellable);
}

/* The figures come from a worker; what is shown stays until they are
 * there, so the periodic reload does not flicker. */
static void
show_overview (SkRefundsPage *self)
{
  SkRefundDesk *desk = get_desk (self);
  gint64 now = sk_time_now_utc ();

  g_clear_pointer (&self->verdict_label, g_free);
  cancel_figures (self);

  if (desk == NULL)
    {
      sk_refunds_ui_clear_box (self->details_box);
      return;
    }

  self->figures_cancellable = g_cancellable_new ();
  /* [from, to): what happened this very second counts too. */
  sk_refund_desk_compute_figures_async (desk, now + 1 - period_seconds (self), now + 1,
                                        self->figures_cancellable, figures_ready_cb, self);
}

/* ---- one request ---- */

static void
open_attachment_clicked_cb (GtkButton     *button,
                            SkRefundsPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "sk-path");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GError) error = NULL;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (button));
  g_autoptr(GAppLaunchContext) launch = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (display));

  if (!g_app_info_launch_default_for_uri (uri, launch, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the file name, the second %s the reason */
      message = g_strdup_printf (_("Cannot open %s: %s"), path, error->message);
      show_error (self, message);
    }
}

static void
open_order_clicked_cb (GtkButton     *button,
                       SkRefundsPage *self)
{
  gint64 *order_id = g_object_get_data (G_OBJECT (button), "sk-order-id");
  const char *number = g_object_get_data (G_OBJECT (button), "sk-order-number");

  g_signal_emit (self, signals[SIGNAL_OPEN_ORDER], 0, *order_id, number);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  gtk_widget_add_css_class (button, "pill");

  return button;
}

static const char *
approve_label (SkRefundOutcome outcome)
{
  switch (outcome)
    {
    case SK_REFUND_OUTCOME_EXCHANGE:
      return _("_Approve Exchange…");
    case SK_REFUND_OUTCOME_STORE_CREDIT:
      return _("Give _Store Credit…");
    case SK_REFUND_OUTCOME_REFUND:
    default:
      return _("_Approve Refund…");
    }
}

static void
show_request_details (SkRefundsPage *self,
                      gint64         request_id)
{
  SkRefundDesk *desk = get_desk (self);
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(SkRefundVerdict) verdict = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *heading_box;
  GtkWidget *label;
  GtkWidget *buttons;
  gint64 now = sk_time_now_utc ();

  cancel_figures (self);
  sk_refunds_ui_clear_box (self->details_box);
  g_clear_pointer (&self->verdict_label, g_free);
  self->selected_open = FALSE;

  request = sk_refund_desk_get_request (desk, request_id, &error);
  if (request == NULL)
    {
      show_error (self, error->message);
      return;
    }
  self->selected_outcome = request->outcome;
  self->selected_open = request->state == SK_REFUND_STATE_OPEN;

  /* Heading: number, state, age. */
  heading_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  {
    GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *state = gtk_label_new (sk_refund_state_get_label (request->state));
    g_autofree char *subtitle = NULL;
    g_autofree char *created = sk_time_format_relative (request->created_at, now);

    label = gtk_label_new (request->number);
    gtk_widget_add_css_class (label, "title-1");
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_box_append (GTK_BOX (title_box), label);
    gtk_widget_add_css_class (state, "status-pill");
    gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (title_box), state);
    gtk_box_append (GTK_BOX (heading_box), title_box);

    /* Translators: under a return request's number: "Zoë Ångström · asked by phone · recorded by Anna 5 hours ago" */
    subtitle = g_strdup_printf (_("%s · asked by %s · recorded by %s %s"),
                                request->customer_name != NULL && request->customer_name[0] != '\0'
                                ? request->customer_name : request->customer_email,
                                sk_refund_channel_get_label (request->channel),
                                request->created_by, created);
    label = gtk_label_new (subtitle);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "dim-label");
    gtk_box_append (GTK_BOX (heading_box), label);

    if (request->state == SK_REFUND_STATE_OPEN)
      {
        const char *css_class = NULL;
        g_autofree char *age = sk_refunds_ui_format_age (request->created_at, now, &css_class);

        label = gtk_label_new (age);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_add_css_class (label, css_class);
        gtk_box_append (GTK_BOX (heading_box), label);
      }
  }
  gtk_box_append (self->details_box, heading_box);

  /* The verdict, now. */
  verdict = sk_refund_desk_judge (desk, request_id, &error);
  if (verdict != NULL)
    {
      self->verdict_label = g_strdup (sk_refund_standing_get_label (verdict->standing));
      gtk_box_append (self->details_box, sk_refunds_ui_verdict_group (verdict));
    }
  else
    {
      label = gtk_label_new (error->message);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (self->details_box, label);
      g_clear_error (&error);
    }

  /* What can be done: the buttons right under the verdict. */
  buttons = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (buttons), FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 3);
  if (request->state == SK_REFUND_STATE_OPEN)
    {
      gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                           action_button (approve_label (request->outcome), "refunds.approve", "suggested-action"));
      gtk_flow_box_append (GTK_FLOW_BOX (buttons), action_button (_("_Deny…"), "refunds.deny", "destructive-action"));
      gtk_flow_box_append (GTK_FLOW_BOX (buttons), action_button (_("_Withdraw…"), "refunds.withdraw", NULL));
    }
  gtk_flow_box_append (GTK_FLOW_BOX (buttons), action_button (_("_Print Return Slip…"), "refunds.print-slip", NULL));
  gtk_box_append (self->details_box, buttons);

  /* The items and what they refund. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Items"));
  for (guint i = 0; i < request->lines->len; i++)
    {
      const SkRefundRequestLine *line = g_ptr_array_index (request->lines, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *amount = NULL;

      if (line->sku != NULL && line->sku[0] != '\0')
        /* Translators: a returned line with its SKU: "SK-101 · 2 of 3 bought" */
        subtitle = g_strdup_printf (_("%s · %lld of %lld bought"), line->sku,
                                    (long long) line->quantity, (long long) line->quantity_bought);
      else
        /* Translators: a returned line: "2 of 3 bought" */
        subtitle = g_strdup_printf (_("%lld of %lld bought"), (long long) line->quantity, (long long) line->quantity_bought);
      if (verdict != NULL && i < verdict->lines->len)
        {
          const SkVerdictLine *vline = &g_array_index (verdict->lines, SkVerdictLine, i);

          amount = sk_money_format (vline->refund_total + vline->refund_tax, verdict->currency);
        }
      adw_preferences_group_add (group, sk_refunds_ui_value_row (line->name, subtitle, amount));
    }
  if (verdict != NULL)
    {
      g_autofree char *total = sk_money_format (verdict->total, verdict->currency);
      GtkWidget *row;

      if (verdict->restocking_fee > 0)
        {
          g_autofree char *fee = sk_money_format (-verdict->restocking_fee, verdict->currency);

          adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Restocking fee (taken off)"), NULL, fee));
        }
      if (verdict->shipping > 0)
        {
          g_autofree char *shipping = sk_money_format (verdict->shipping, verdict->currency);

          adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Shipping"), NULL, shipping));
        }
      row = sk_refunds_ui_value_row (_("Total"), NULL, total);
      gtk_widget_add_css_class (row, "sk-total-row");
      adw_preferences_group_add (group, row);
    }
  gtk_box_append (self->details_box, GTK_WIDGET (group));

  /* The request itself. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Request"));
  {
    GtkWidget *row;
    GtkWidget *button;
    g_autofree char *order = NULL;
    g_autofree char *conditions = NULL;
    GString *ticked = g_string_new (NULL);

    /* Translators: %s is the order number */
    order = g_strdup_printf (_("Order %s"), request->order_number);
    row = sk_refunds_ui_value_row (order, request->customer_email, NULL);
    button = gtk_button_new_with_mnemonic (_("Show _Order"));
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    g_object_set_data_full (G_OBJECT (button), "sk-order-id", g_memdup2 (&request->order_id, sizeof (gint64)), g_free);
    g_object_set_data_full (G_OBJECT (button), "sk-order-number", g_strdup (request->order_number), g_free);
    g_signal_connect (button, "clicked", G_CALLBACK (open_order_clicked_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    adw_preferences_group_add (group, row);

    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Reason"), request->reason_text,
                                                               sk_refund_reason_get_label (request->reason)));
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Customer wants"), NULL,
                                                               sk_refund_outcome_get_label (request->outcome)));
    for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
      if (request->conditions & (1u << bit))
        g_string_append_printf (ticked, "%s%s", ticked->len > 0 ? ", " : "", sk_return_condition_get_label (1u << bit));
    conditions = g_string_free (ticked, FALSE);
    adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Condition of the goods"), NULL,
                                                               conditions[0] != '\0' ? conditions : _("Nothing ticked")));
    if (request->refund_shipping)
      adw_preferences_group_add (group, sk_refunds_ui_value_row (_("Shipping"), NULL, _("Refund the shipping too")));
  }
  gtk_box_append (self->details_box, GTK_WIDGET (group));

  if (request->attachments != NULL && request->attachments->len > 0)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Attachments"));
      for (guint i = 0; i < request->attachments->len; i++)
        {
          const SkRefundAttachment *attachment = g_ptr_array_index (request->attachments, i);
          g_autofree char *size = g_format_size (attachment->size);
          GtkWidget *row = sk_refunds_ui_value_row (attachment->file_name, size, NULL);
          GtkWidget *button = gtk_button_new_from_icon_name ("document-open-symbolic");
          g_autofree char *tooltip = NULL;

          /* Translators: %s is a file name */
          tooltip = g_strdup_printf (_("Open %s"), attachment->file_name);
          gtk_widget_set_tooltip_text (button, tooltip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          g_object_set_data_full (G_OBJECT (button), "sk-path", g_strdup (attachment->stored_path), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (open_attachment_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
          adw_preferences_group_add (group, row);
        }
      gtk_box_append (self->details_box, GTK_WIDGET (group));
    }

  if (request->state == SK_REFUND_STATE_CANCELLED)
    {
      g_autofree char *when = sk_time_format_date_time (request->decided_at);
      g_autofree char *note = sk_refund_desk_get_withdrawal_note (desk, request_id, NULL);
      g_autofree char *title = NULL;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Decision"));
      /* Translators: "Withdrawn by Anna on 01/02/26 14:05" */
      title = g_strdup_printf (_("Withdrawn by %s on %s"), request->decided_by, when);
      adw_preferences_group_add (group, sk_refunds_ui_value_row (title, note, NULL));
      gtk_box_append (self->details_box, GTK_WIDGET (group));
    }

  decisions = sk_refund_desk_list_decisions (desk, request_id, NULL);
  if (decisions != NULL && decisions->len > 0)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Decision"));
      for (guint i = 0; i < decisions->len; i++)
        {
          const SkRefundDecision *decision = g_ptr_array_index (decisions, i);
          g_autofree char *when = sk_time_format_date_time (decision->at);
          g_autofree char *amount = sk_money_format (decision->amount, decision->currency);
          g_autofree char *title = NULL;

          /* Translators: "Approved by Anna (owner) on 01/02/26 14:05" */
          title = g_strdup_printf (_("%s by %s (%s) on %s"),
                                   decision->kind == SK_REFUND_DECISION_APPROVED ? _("Approved") : _("Denied"),
                                   decision->actor, decision->role, when);
          adw_preferences_group_add (group, sk_refunds_ui_value_row (title, decision->justification,
                                                                     decision->kind == SK_REFUND_DECISION_APPROVED ? amount : NULL));
        }
      gtk_box_append (self->details_box, GTK_WIDGET (group));
    }
}

/* ---- the queue ---- */

static GtkWidget *
make_queue_row (const SkRefundRequest *request,
                gint64                 now)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  const char *css_class = NULL;
  g_autofree char *age = sk_refunds_ui_format_age (request->created_at, now, &css_class);
  g_autofree char *line2 = NULL;
  g_autofree char *accessible = NULL;
  const char *who = request->customer_name != NULL && request->customer_name[0] != '\0'
                    ? request->customer_name : request->customer_email;
  gint64 units = 0;

  for (guint i = 0; request->lines != NULL && i < request->lines->len; i++)
    units += ((SkRefundRequestLine *) g_ptr_array_index (request->lines, i))->quantity;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  label = gtk_label_new (request->number);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (top), label);
  label = gtk_label_new (who);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (top), label);
  gtk_box_append (GTK_BOX (box), top);

  /* Translators: a queued return: "Order 1234 · 2 items · Refund" */
  line2 = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Order %s · %lld item · %s", "Order %s · %lld items · %s", (gulong) units),
                           request->order_number, (long long) units, sk_refund_outcome_get_label (request->outcome));
  label = gtk_label_new (line2);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  {
    GtkWidget *age_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *icon;

    /* The icon repeats the words: the state is never told by colour alone. */
    icon = gtk_image_new_from_icon_name (g_str_equal (css_class, "sk-age-overdue") ? "dialog-warning-symbolic"
                                         : g_str_equal (css_class, "sk-age-due") ? "alarm-symbolic"
                                         : "document-open-recent-symbolic");
    gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
    gtk_widget_add_css_class (icon, css_class);
    gtk_box_append (GTK_BOX (age_box), icon);
    label = gtk_label_new (age);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_add_css_class (label, css_class);
    gtk_widget_add_css_class (label, "caption");
    gtk_box_append (GTK_BOX (age_box), label);
    gtk_box_append (GTK_BOX (box), age_box);
  }

  if (g_str_equal (css_class, "sk-age-overdue"))
    gtk_widget_add_css_class (row, "sk-overdue-row");

  accessible = g_strdup_printf ("%s, %s, %s, %s", request->number, who, line2, age);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "sk-request-id", g_memdup2 (&request->id, sizeof (gint64)), g_free);

  return row;
}

static gint64
row_request_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "sk-request-id") : NULL;

  return id != NULL ? *id : 0;
}

static void
show_selected (SkRefundsPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet) || self->selected_id != 0);
  if (self->selected_id != 0)
    show_request_details (self, self->selected_id);
  else
    show_overview (self);
  update_actions (self);
}

static void
queue_row_selected_cb (SkRefundsPage *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  gint64 id = row_request_id (row);

  /* Also emitted while the list is emptied, when reloading or going away. */
  if (self->reloading || self->leaflet == NULL)
    return;
  if (id == 0 && self->selected_id != 0 && !self->selected_open)
    return;

  self->selected_id = id;
  show_selected (self);
}

static void
queue_row_activated_cb (SkRefundsPage *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
}

static void
back_clicked_cb (SkRefundsPage *self,
                 GtkButton     *button)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "queue");
  self->selected_id = 0;
  gtk_list_box_unselect_all (self->queue_list);
  show_selected (self);
}

static void
period_selected_cb (SkRefundsPage *self,
                    GParamSpec    *pspec,
                    GtkDropDown   *dropdown)
{
  if (self->selected_id == 0)
    show_overview (self);
}

static void
update_summary (SkRefundsPage *self,
                GPtrArray     *queue,
                gint64         now)
{
  guint overdue = 0;
  guint due = 0;
  g_autofree char *waiting = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < queue->len; i++)
    {
      const SkRefundRequest *request = g_ptr_array_index (queue, i);
      SkRefundAge age = sk_refund_age_from_times (request->created_at, now);

      if (age == SK_REFUND_AGE_OVERDUE)
        overdue++;
      else if (age == SK_REFUND_AGE_DUE)
        due++;
    }

  /* Translators: the number of open return requests */
  waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting", queue->len), queue->len);
  if (overdue > 0 || due > 0)
    /* Translators: "5 waiting, 2 past 24 h, 1 overdue"; the first %s is "5 waiting" */
    text = g_strdup_printf (_("%s, %u past 24 h, %u overdue"), waiting, due, overdue);
  else
    text = g_strdup (waiting);
  gtk_label_set_text (self->summary_label, text);
}

void
sk_refunds_page_reload (SkRefundsPage *self)
{
  SkRefundDesk *desk;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  GtkListBoxRow *select = NULL;
  gint64 now = sk_time_now_utc ();

  g_return_if_fail (SK_IS_REFUNDS_PAGE (self));

  desk = get_desk (self);
  if (desk == NULL)
    return;

  queue = sk_refund_desk_list_queue (desk, &error);
  if (queue == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->queue_stack, "error");
      return;
    }

  self->reloading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);
  g_array_set_size (self->queue_ids, 0);
  for (guint i = 0; i < queue->len; i++)
    {
      const SkRefundRequest *request = g_ptr_array_index (queue, i);
      GtkWidget *row = make_queue_row (request, now);

      gtk_list_box_append (self->queue_list, row);
      g_array_append_val (self->queue_ids, request->id);
      if (request->id == self->selected_id)
        select = GTK_LIST_BOX_ROW (row);
    }
  if (select != NULL)
    gtk_list_box_select_row (self->queue_list, select);
  self->reloading = FALSE;

  gtk_stack_set_visible_child_name (self->queue_stack, queue->len > 0 ? "list" : "empty");
  update_summary (self, queue, now);
  show_selected (self);
}

/* ---- notifications ---- */

static GApplication *
get_application (SkRefundsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  return application != NULL ? G_APPLICATION (application) : g_application_get_default ();
}

guint
sk_refunds_page_check_waiting (SkRefundsPage *self)
{
  SkRefundDesk *desk;
  GApplication *application;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GHashTable) open = NULL;
  GHashTableIter iter;
  gpointer key;
  gint64 now = sk_time_now_utc ();

  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), 0);

  desk = get_desk (self);
  if (desk == NULL || !sk_context_has_store (self->context))
    return 0;

  queue = sk_refund_desk_list_queue (desk, NULL);
  if (queue == NULL)
    return g_hash_table_size (self->notified);

  application = get_application (self);
  open = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < queue->len; i++)
    {
      const SkRefundRequest *request = g_ptr_array_index (queue, i);

      g_hash_table_add (open, g_memdup2 (&request->id, sizeof (gint64)));
      if (now - request->created_at < SK_REFUND_TARGET_SECONDS
          || g_hash_table_contains (self->notified, &request->id))
        continue;

      g_hash_table_add (self->notified, g_memdup2 (&request->id, sizeof (gint64)));
      if (application != NULL && g_application_get_is_registered (application))
        {
          g_autoptr(GNotification) notification = NULL;
          g_autofree char *id = g_strdup_printf ("refund-request-%" G_GINT64_FORMAT, request->id);
          g_autofree char *title = NULL;
          g_autofree char *body = NULL;
          g_autofree char *age = sk_refunds_ui_format_age (request->created_at, now, NULL);

          /* Translators: a desktop notification; %s is the return number */
          title = g_strdup_printf (_("Return %s is waiting for an answer"), request->number);
          /* Translators: a desktop notification; the first %s is the
           * customer, the second how long they have waited */
          body = g_strdup_printf (_("%s: %s"),
                                  request->customer_name != NULL && request->customer_name[0] != '\0'
                                  ? request->customer_name : request->customer_email,
                                  age);
          notification = g_notification_new (title);
          g_notification_set_body (notification, body);
          g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
          g_notification_set_default_action_and_target (notification, "app.show-refund-request",
                                                        "x", request->id);
          g_application_send_notification (application, id, notification);
        }
    }

  /* Decided (or withdrawn) since: its notification goes. */
  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_hash_table_contains (open, key))
        continue;

      if (application != NULL && g_application_get_is_registered (application))
        {
          g_autofree char *id = g_strdup_printf ("refund-request-%" G_GINT64_FORMAT, *(gint64 *) key);

          g_application_withdraw_notification (application, id);
        }
      g_hash_table_iter_remove (&iter);
    }

  return g_hash_table_size (self->notified);
}

static gboolean
check_waiting_cb (gpointer user_data)
{
  SkRefundsPage *self = user_data;

  sk_refunds_page_check_waiting (self);
  /* The ages in the queue move on too. */
  if (self->context != NULL && sk_context_has_store (self->context))
    sk_refunds_page_reload (self);

  return G_SOURCE_CONTINUE;
}

/* ---- actions ---- */

static void
dialog_recorded_cb (SkRefundsPage *self,
                    gint64         request_id,
                    GtkWidget     *dialog)
{
  self->selected_id = request_id;
  sk_refunds_page_reload (self);
}

static void
dialog_decided_cb (SkRefundsPage *self,
                   gint64         decision_id,
                   GtkWidget     *dialog)
{
  sk_refunds_page_reload (self);
  sk_refunds_page_check_waiting (self);
}

GtkWidget *
sk_refunds_page_new_request (SkRefundsPage *self,
                             gint64         order_id)
{
  SkRefundRequestDialog *dialog;
  GtkRoot *root;

  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), NULL);
  g_return_val_if_fail (self->context != NULL, NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = sk_refund_request_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context, order_id);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (dialog_recorded_cb), self, G_CONNECT_SWAPPED);
  set_dialog (self, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WIDGET (dialog);
}

static void
new_request_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  sk_refunds_page_new_request (SK_REFUNDS_PAGE (widget), 0);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SkRefundsPage *self = SK_REFUNDS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  SkRefundApproveDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->selected_id == 0)
    return;

  dialog = sk_refund_approve_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->context, self->selected_id, &error);
  if (dialog == NULL)
    {
      show_error (self, error->message);
      sk_refunds_page_reload (self);
      return;
    }
  g_signal_connect_object (dialog, "decided", G_CALLBACK (dialog_decided_cb), self, G_CONNECT_SWAPPED);
  set_dialog (self, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
deny_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SkRefundsPage *self = SK_REFUNDS_PAGE (widget);
  SkRefundDenyDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->selected_id == 0)
    return;

  dialog = sk_refund_deny_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                      self->context, self->selected_id);
  g_signal_connect_object (dialog, "decided", G_CALLBACK (dialog_decided_cb), self, G_CONNECT_SWAPPED);
  set_dialog (self, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
withdraw_note_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "withdraw", note[0] != '\0');
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SkRefundsPage    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 *request_id = g_object_get_data (G_OBJECT (dialog), "sk-request-id");
  g_autoptr(GError) error = NULL;
  SkRefundDesk *desk = get_desk (self);

  if (g_strcmp0 (response, "withdraw") != 0 || desk == NULL)
    return;

  if (!sk_refund_desk_cancel (desk, *request_id, gtk_editable_get_text (entry), &error))
    show_error (self, error->message);
  sk_refunds_page_reload (self);
  sk_refunds_page_check_waiting (self);
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SkRefundsPage *self = SK_REFUNDS_PAGE (widget);
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->selected_id == 0)
    return;

  request = sk_refund_desk_get_request (get_desk (self), self->selected_id, &error);
  if (request == NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* Translators: %s is a return request's number */
  heading = g_strdup_printf (_("Withdraw %s?"), request->number);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The customer no longer wants to return the goods. The request is closed "
                                     "without a decision and nothing is sent to the customer or the store. "
                                     "Who withdrew it and why is kept in the log."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why, for example “Customer called: keeps the shoes”"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why the request is withdrawn"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Request"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "withdraw", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "withdraw");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sk-request-id", g_memdup2 (&request->id, sizeof (gint64)), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (withdraw_note_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static SkRefundSlip *
make_slip (SkRefundsPage    *self,
           SkRefundRequest  *request)
{
  SkDatabase *database = sk_context_get_database (self->context);
  g_autoptr(SkRefundPolicy) policy = sk_refund_desk_get_policy (get_desk (self));
  g_autofree char *shop_name = sk_shop_settings_get_string (database, SK_SHOP_NAME, NULL);
  g_autofree char *shop_email = sk_shop_settings_get_string (database, SK_SHOP_EMAIL, NULL);
  g_autofree char *shop_phone = sk_shop_settings_get_string (database, SK_SHOP_PHONE, NULL);
  g_autofree char *address = sk_shop_settings_get_string (database, SK_SHOP_ADDRESS, NULL);

  return sk_refund_slip_new_for_request (request, policy, shop_name, shop_email, shop_phone, address,
                                         sk_time_now_utc ());
}

static void
print_slip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SkRefundsPage *self = SK_REFUNDS_PAGE (widget);
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SkRefundSlip *slip;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->selected_id == 0)
    return;

  request = sk_refund_desk_get_request (get_desk (self), self->selected_id, &error);
  if (request == NULL)
    {
      show_error (self, error->message);
      return;
    }

  slip = make_slip (self, request);
  if (slip->return_address == NULL || slip->return_address[0] == '\0')
    {
      sk_refund_slip_free (slip);
      show_error (self, _("The return slip needs the shop’s address: add it in Preferences → Shop first."));
      return;
    }

  sk_refund_slip_print (slip, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

/* ---- object ---- */

static void
desk_changed_cb (SkRefundsPage *self,
                 SkRefundDesk  *desk)
{
  sk_refunds_page_reload (self);
}

/* A sync brings orders (the figures count them) and changes what a
 * verdict sees: show the new state when it ends. */
static void
syncing_changed_cb (SkRefundsPage *self,
                    GParamSpec    *pspec,
                    SkSyncManager *manager)
{
  if (sk_sync_manager_get_syncing (manager) || self->context == NULL || !sk_context_has_store (self->context))
    return;

  if (self->desk != get_desk (self))
    {
      self->desk = get_desk (self);
      g_signal_connect_object (self->desk, "changed", G_CALLBACK (desk_changed_cb), self, G_CONNECT_SWAPPED);
    }
  sk_refunds_page_reload (self);
}

static void
leaflet_folded_cb (SkRefundsPage *self,
                   GParamSpec    *pspec,
                   AdwLeaflet    *leaflet)
{
  if (self->back_button == NULL)
    return;

  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (leaflet) || self->selected_id != 0);
}

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;

  /* The area's own colours live next to it instead of in the shared
   * style sheet. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/app/shopkeeper/Shopkeeper/refunds/sk-refunds.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
sk_refunds_page_dispose (GObject *object)
{
  SkRefundsPage *self = SK_REFUNDS_PAGE (object);

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_clear_weak_pointer (&self->dialog);
  cancel_figures (self);
  self->reloading = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_REFUNDS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_refunds_page_parent_class)->dispose (object);
}

static void
sk_refunds_page_finalize (GObject *object)
{
  SkRefundsPage *self = SK_REFUNDS_PAGE (object);

  g_clear_pointer (&self->queue_ids, g_array_unref);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_pointer (&self->verdict_label, g_free);

  G_OBJECT_CLASS (sk_refunds_page_parent_class)->finalize (object);
}

static void
sk_refunds_page_class_init (SkRefundsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_refunds_page_dispose;
  object_class->finalize = sk_refunds_page_finalize;

  signals[SIGNAL_OPEN_ORDER] =
    g_signal_new ("open-order", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/refunds/sk-refunds-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SkRefundsPage, details_box);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_install_action (widget_class, "refunds.new-request", NULL, new_request_action);
  gtk_widget_class_install_action (widget_class, "refunds.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "refunds.deny", NULL, deny_action);
  gtk_widget_class_install_action (widget_class, "refunds.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "refunds.print-slip", NULL, print_slip_action);
}

static void
sk_refunds_page_init (SkRefundsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ensure_css ();
  self->queue_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

void
sk_refunds_page_set_context (SkRefundsPage *self,
                             SkContext     *context)
{
  gboolean changed;

  g_return_if_fail (SK_IS_REFUNDS_PAGE (self));
  g_return_if_fail (context == NULL || SK_IS_CONTEXT (context));

  changed = g_set_object (&self->context, context);
  if (context == NULL)
    {
      g_clear_handle_id (&self->check_source, g_source_remove);
      return;
    }

  if (sk_context_has_store (context) && self->desk != get_desk (self))
    {
      self->desk = get_desk (self);
      g_signal_connect_object (self->desk, "changed", G_CALLBACK (desk_changed_cb), self, G_CONNECT_SWAPPED);
    }
  if (self->check_source == 0)
    self->check_source = g_timeout_add_seconds (SK_REFUNDS_PAGE_CHECK_SECONDS, check_waiting_cb, self);
  if (changed)
    g_signal_connect_object (sk_context_get_sync_manager (context), "notify::syncing",
                             G_CALLBACK (syncing_changed_cb), self, G_CONNECT_SWAPPED);

  if (sk_context_has_store (context))
    {
      sk_refunds_page_reload (self);
      sk_refunds_page_check_waiting (self);
    }
  update_actions (self);
}

void
sk_refunds_page_show_request (SkRefundsPage *self,
                              gint64         request_id)
{
  g_return_if_fail (SK_IS_REFUNDS_PAGE (self));

  self->selected_id = request_id;
  sk_refunds_page_reload (self);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
}

const char *
sk_refunds_page_get_state (SkRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->queue_stack);
}

GArray *
sk_refunds_page_get_queue_ids (SkRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), NULL);

  return g_array_ref (self->queue_ids);
}

gint64
sk_refunds_page_get_selected_id (SkRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), 0);

  return self->selected_id;
}

const char *
sk_refunds_page_get_verdict_label (SkRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), NULL);

  return self->verdict_label;
}

GtkWidget *
sk_refunds_page_get_dialog (SkRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_REFUNDS_PAGE (self), NULL);

  return self->dialog;
}
