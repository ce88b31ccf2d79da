/* sk-order-details-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-details-view"

#include "config.h"

#include "sk-order-details-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-customers.h"
#include "sk-database.h"
#include "sk-messages.h"
#include "sk-messenger.h"
#include "sk-money.h"
#include "sk-context.h"
#include "sk-message-dialogs.h"
#include "sk-order-desk.h"
#include "sk-order-print.h"
#include "sk-promise-dialog.h"
#include "sk-records.h"
#include "sk-template.h"
#include "sk-time.h"
#include "sk-timeline.h"
#include "sk-ui-format.h"
#include "sk-window-private.h"

struct _SkOrderDetailsView
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *several_page;
  GtkScrolledWindow    *scroller;
  GtkLabel             *number_label;
  GtkLabel             *status_label;
  GtkLabel             *date_label;
  AdwActionRow         *customer_row;
  AdwActionRow         *email_row;
  GtkLabel             *email_label;
  AdwActionRow         *phone_row;
  GtkLabel             *phone_label;
  AdwActionRow         *payment_row;
  GtkLabel             *payment_label;
  AdwPreferencesGroup  *customer_note_group;
  GtkLabel             *customer_note_label;
  AdwPreferencesGroup  *items_group;
  AdwPreferencesGroup  *totals_group;
  AdwPreferencesGroup  *refunds_group;
  AdwPreferencesGroup  *billing_group;
  GtkLabel             *billing_label;
  AdwPreferencesGroup  *shipping_group;
  GtkLabel             *shipping_label;
  AdwPreferencesGroup  *notes_group;
  AdwActionRow         *customer_stats_row;
  AdwPreferencesGroup  *shipping_info_group;
  AdwActionRow         *promise_row;
  GtkImage             *promise_icon;
  AdwActionRow         *shipped_row;
  GtkLinkButton        *tracking_button;
  GtkButton            *send_button;

  /* rows added for the current order, removed when another is shown;
   * owned by their groups, the arrays hold no references */
  GPtrArray            *dynamic_rows;
  GPtrArray            *item_rows;

  gint64                order_id;
  gint64                profile_id;
  /* The order's status, to offer what fits it (owned). */
  char                 *order_status;
  gboolean              messenger_connected;
  /* The connection the order was read from, to show it again after an
   * edit (owned). */
  SkDatabase           *database;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SkOrderDetailsView, sk_order_details_view, GTK_TYPE_WIDGET)

static void
clear_dynamic_rows (SkOrderDetailsView *self)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      g_assert (group != NULL);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }

  g_ptr_array_set_size (self->dynamic_rows, 0);
  g_ptr_array_set_size (self->item_rows, 0);
}

/* Notes, names and addresses come from the store and can be any length;
 * a label lays out all of its text even when it shows four lines, so a
 * megabyte-long note would stall the window for seconds. The pane shows
 * this many characters of a text and an ellipsis; the whole text stays in
 * the database and in every export. */
#define DISPLAY_MAX_CHARS 4000

static char *
display_text (const char *text)
{
  const char *end;

  if (text == NULL)
    return NULL;
  if (strlen (text) <= DISPLAY_MAX_CHARS)
    return g_strdup (text);
  end = g_utf8_offset_to_pointer (text, DISPLAY_MAX_CHARS);
  if (*end == '\0')
    return g_strdup (text);

  {
    g_autofree char *head = g_strndup (text, end - text);

    return g_strconcat (head, "…", NULL);
  }
}

static GtkWidget *
add_row (SkOrderDetailsView  *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *shown_title = display_text (title);
  g_autofree char *shown_subtitle = display_text (subtitle);

  /* Titles come from the store (product names, notes): never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_title);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);

  if (shown_subtitle != NULL && shown_subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_subtitle);

  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, row);

  return row;
}

static void
add_money_row (SkOrderDetailsView  *self,
               AdwPreferencesGroup *group,
               const char          *title,
               gint64               minor,
               const char          *currency,
               gboolean             emphasize)
{
  g_autofree char *value = sk_ui_money_closure (NULL, minor, currency);
  GtkWidget *row = add_row (self, group, title, NULL, value);

  if (emphasize)
    gtk_widget_add_css_class (row, "sk-total-row");
}

static char *
format_address (const SkAddress *address)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *place = NULL;
  const char *parts[6];
  guint n_parts = 0;

  name = g_strstrip (g_strdup_printf ("%s %s",
                                      address->first_name ? address->first_name : "",
                                      address->last_name ? address->last_name : ""));

  /* A generic form: shops ship everywhere, and the store keeps no address
   * format per country. The city line puts the postcode first unless there
   * is a state, as North American addresses write it. */
  if (address->state != NULL && address->state[0] != '\0')
    place = g_strstrip (g_strdup_printf ("%s, %s %s",
                                         address->city ? address->city : "",
                                         address->state,
                                         address->postcode ? address->postcode : ""));
  else
    place = g_strstrip (g_strdup_printf ("%s %s",
                                         address->postcode ? address->postcode : "",
                                         address->city ? address->city : ""));

  parts[n_parts++] = name;
  parts[n_parts++] = address->company;
  parts[n_parts++] = address->address_1;
  parts[n_parts++] = address->address_2;
  parts[n_parts++] = place;
  parts[n_parts++] = address->country;

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0' || g_str_equal (parts[i], ","))
        continue;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, parts[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_address (AdwPreferencesGroup *group,
              GtkLabel            *label,
              const SkAddress     *address)
{
  g_autofree char *text = format_address (address);

  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (group), text[0] != '\0');
}

static void
show_optional_row (AdwActionRow *row,
                   GtkLabel     *label,
                   const char   *value)
{
  gboolean visible = value != NULL && value[0] != '\0';

  /* The label may be ellipsized in a narrow pane: the tooltip has it all. */
  gtk_label_set_text (label, visible ? value : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), visible ? value : NULL);
  gtk_widget_set_visible (GTK_WIDGET (row), visible);
}


/* The customer card: who to greet, how often they bought, what they are
 * worth to the shop (from the profiles computed after each sync). */
static void
fill_customer_card (SkOrderDetailsView   *self,
                    SkDatabase           *database,
                    const SkOrderDetails *details)
{
  const SkOrderRecord *order = details->order;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkCustomerProfile) profile = NULL;
  g_autofree char *kind = NULL;
  gint64 profile_id;

  kind = g_strdup (order->customer_remote_id != 0 ? _("Registered customer") : _("Guest"));
  profile_id = sk_timeline_find_customer_profile (database, details->id, &error);
  if (profile_id > 0)
    profile = sk_customers_load_profile (database, profile_id, &error);
  if (error != NULL)
    g_message ("Cannot read the customer of order %s: %s", order->number, error->message);

  self->profile_id = profile != NULL ? profile->id : 0;

  if (profile != NULL && profile->first_name != NULL && profile->first_name[0] != '\0')
    {
      g_autofree char *subtitle = NULL;

      /* Translators: under the customer's name: the name to greet them
       * by, then "Registered customer" or "Guest". */
      subtitle = g_strdup_printf (_("Greet as “%1$s” · %2$s"), profile->first_name, kind);
      adw_action_row_set_subtitle (self->customer_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->customer_row, kind);

  if (profile != NULL && profile->order_count > 0)
    {
      g_autofree char *count = sk_ui_count_closure (NULL, profile->order_count);
      g_autofree char *title = NULL;
      g_autofree char *value = sk_ui_money_closure (NULL, profile->lifetime_value, profile->currency);
      g_autofree char *subtitle = NULL;

      /* Translators: on the customer card; %s is a number. */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order so far", "%s orders so far",
                                            (gulong) CLAMP (profile->order_count, 0, G_MAXLONG)), count);
      /* Translators: on the customer card; %s is an amount of money. */
      subtitle = g_strdup_printf (_("Lifetime value %s"), value);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_stats_row), title);
      adw_action_row_set_subtitle (self->customer_stats_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->customer_stats_row), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->customer_stats_row), FALSE);
}

/* The promised ship date with its flag, and how it shipped. */
static void
fill_desk (SkOrderDetailsView   *self,
           SkDatabase           *database,
           const SkOrderDetails *details)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  SkAttention attention;

  gtk_widget_set_visible (GTK_WIDGET (self->promise_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->shipped_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->shipping_info_group), FALSE);

  desk = sk_order_desk_load (database, details->id, &error);
  if (desk == NULL)
    {
      g_message ("Cannot read the desk state of order %s: %s", details->order->number, error->message);
      return;
    }

  attention = sk_order_desk_get_attention (database, details->id, sk_time_now_utc ());

  if (desk->shipped_at > 0)
    {
      g_autofree char *when = sk_time_format_date_time (desk->shipped_at);
      g_autofree char *subtitle = NULL;
      gboolean has_link = desk->tracking_url != NULL && desk->tracking_url[0] != '\0';

      if (desk->carrier != NULL && desk->carrier[0] != '\0'
          && desk->tracking_number != NULL && desk->tracking_number[0] != '\0')
        /* Translators: under "Shipped"; carrier, tracking number, date. */
        subtitle = g_strdup_printf (_("%1$s · %2$s · %3$s"), desk->carrier, desk->tracking_number, when);
      else if (desk->carrier != NULL && desk->carrier[0] != '\0')
        subtitle = g_strdup_printf ("%s · %s", desk->carrier, when);
      else
        subtitle = g_steal_pointer (&when);

      adw_action_row_set_subtitle (self->shipped_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->tracking_button), has_link);
      if (has_link)
        gtk_link_button_set_uri (self->tracking_button, desk->tracking_url);
      gtk_widget_set_visible (GTK_WIDGET (self->shipped_row), TRUE);
    }
  else if (desk->promised_ship_at > 0 && sk_order_desk_status_is_open (details->order->status))
    {
      g_autofree char *day = sk_time_format_date (desk->promised_ship_at);
      const char *flag = NULL;
      const char *icon = "x-office-calendar-symbolic";

      if (attention & SK_ATTENTION_LATE)
        {
          flag = _("Late: the promised day has passed");
          icon = "dialog-error-symbolic";
        }
      else if (attention & SK_ATTENTION_AT_RISK)
        {
          flag = _("At risk: the promised day ends within a day");
          icon = "dialog-warning-symbolic";
        }

      adw_action_row_set_subtitle (self->promise_row, flag != NULL ? flag : _("Promised ship date"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->promise_row), day);
      gtk_image_set_from_icon_name (self->promise_icon, icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->promise_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      flag != NULL ? flag : _("Promised ship date"), -1);
      gtk_widget_set_css_classes (GTK_WIDGET (self->promise_icon),
                                  (const char *[]) { (attention & SK_ATTENTION_LATE) ? "error"
                                                     : (attention & SK_ATTENTION_AT_RISK) ? "warning" : "dim-label",
                                                     NULL });
      gtk_widget_set_visible (GTK_WIDGET (self->promise_row), TRUE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->shipping_info_group),
                          gtk_widget_get_visible (GTK_WIDGET (self->promise_row))
                          || gtk_widget_get_visible (GTK_WIDGET (self->shipped_row)));
}

static char *
timeline_title (const SkTimelineEntry *entry)
{
  switch (entry->kind)
    {
    case SK_TIMELINE_PLACED:
      return g_strdup (_("Order placed"));

    case SK_TIMELINE_STATUS:
      {
        g_autofree char *from = entry->status_is_slug ? sk_ui_format_status_label (entry->status_from)
                                                      : g_strdup (entry->status_from);
        g_autofree char *to = entry->status_is_slug ? sk_ui_format_status_label (entry->status_to)
                                                    : g_strdup (entry->status_to);

        if (from == NULL || from[0] == '\0')
          /* Translators: in an order's timeline; %s is a status. */
          return g_strdup_printf (_("Status set to %s"), to);
        /* Translators: in an order's timeline; two statuses. */
        return g_strdup_printf (_("Status changed from %1$s to %2$s"), from, to);
      }

    case SK_TIMELINE_NOTE:
      return g_strdup (entry->text);

    case SK_TIMELINE_REFUND:
      {
        g_autofree char *amount = sk_ui_money_closure (NULL, entry->amount, entry->currency);

        if (entry->text[0] != '\0')
          /* Translators: in an order's timeline; an amount, then the reason. */
          return g_strdup_printf (_("Refunded %1$s: %2$s"), amount, entry->text);
        /* Translators: in an order's timeline; %s is an amount. */
        return g_strdup_printf (_("Refunded %s"), amount);
      }

    case SK_TIMELINE_MESSAGE:
      {
        const char *channel = sk_message_channel_get_title (entry->channel);

        if (entry->inbound)
          /* Translators: in an order's timeline: a message from the
           * customer; %1$s is how it came ("Phone"), %2$s what it said. */
          return g_strdup_printf (_("Customer (%1$s): %2$s"), channel, entry->text);
        /* Translators: in an order's timeline: a message to the customer;
         * %1$s is how it went ("E-mail"), %2$s its subject. */
        return g_strdup_printf (_("Message (%1$s): %2$s"), channel, entry->text);
      }

    case SK_TIMELINE_PROMISE:
      if (entry->delayed)
        /* Translators: in an order's timeline; a date and the reason. */
        return g_strdup_printf (_("Delayed to %1$s: %2$s"), entry->promise_to ? entry->promise_to : "", entry->text);
      /* Translators: in an order's timeline; a date and the reason. */
      return g_strdup_printf (_("Promised ship date set to %1$s: %2$s"),
                              entry->promise_to ? entry->promise_to : "", entry->text);

    case SK_TIMELINE_CONFIRMED:
      return g_strdup (_("Confirmation sent"));

    case SK_TIMELINE_SHIPPED:
      if (entry->carrier != NULL && entry->carrier[0] != '\0')
        /* Translators: in an order's timeline; the carrier and tracking number. */
        return g_strdup_printf (_("Shipped with %1$s %2$s"), entry->carrier, entry->tracking ? entry->tracking : "");
      return g_strdup (_("Shipped"));

    case SK_TIMELINE_AWAITING_REPLY:
      return g_strdup (_("The customer is waiting for an answer"));

    case SK_TIMELINE_REPLIED:
      return g_strdup (_("Answered the customer"));

    case SK_TIMELINE_FOLLOWED_UP:
      return g_strdup (_("Follow-up sent"));

    default:
      return g_strdup ("");
    }
}

static const char *
timeline_icon (const SkTimelineEntry *entry,
               const char           **description)
{
  switch (entry->kind)
    {
    case SK_TIMELINE_PLACED:
      *description = _("Order placed");
      return "package-x-generic-symbolic";
    case SK_TIMELINE_STATUS:
      *description = _("Status change");
      return "emblem-synchronizing-symbolic";
    case SK_TIMELINE_NOTE:
      *description = entry->customer_note ? _("Note to the customer") : _("Private note");
      return entry->customer_note ? "mail-send-symbolic" : "changes-prevent-symbolic";
    case SK_TIMELINE_REFUND:
      *description = _("Refund");
      return "edit-undo-symbolic";
    case SK_TIMELINE_MESSAGE:
      *description = entry->inbound ? _("Message from the customer") : _("Message to the customer");
      return entry->inbound ? "mail-unread-symbolic" : "mail-send-symbolic";
    case SK_TIMELINE_PROMISE:
      *description = _("Promised ship date");
      return "x-office-calendar-symbolic";
    case SK_TIMELINE_SHIPPED:
      *description = _("Shipped");
      return "mail-forward-symbolic";
    case SK_TIMELINE_CONFIRMED:
    case SK_TIMELINE_AWAITING_REPLY:
    case SK_TIMELINE_REPLIED:
    case SK_TIMELINE_FOLLOWED_UP:
    default:
      *description = _("Customer care");
      return "user-available-symbolic";
    }
}

static void retry_clicked_cb (GtkButton          *button,
                              SkOrderDetailsView *self);

static void
fill_timeline (SkOrderDetailsView   *self,
               SkDatabase           *database,
               const SkOrderDetails *details)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sk_timeline_load (database, details->id, &error);

  if (entries == NULL)
    {
      add_row (self, self->notes_group, _("The history of this order cannot be read"), error->message, NULL);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const SkTimelineEntry *entry = entries->pdata[i];
      g_autofree char *title = timeline_title (entry);
      g_autofree char *when = sk_time_format_date_time (entry->at);
      g_autoptr(GString) subtitle = g_string_new (when);
      const char *description = NULL;
      const char *icon_name = timeline_icon (entry, &description);
      GtkWidget *row;
      GtkWidget *icon;

      if (entry->actor[0] != '\0')
        g_string_append_printf (subtitle, " · %s", entry->actor);
      if (entry->kind == SK_TIMELINE_NOTE)
        g_string_append_printf (subtitle, " · %s", entry->customer_note ? _("to the customer") : _("private"));
      if (entry->state == SK_TIMELINE_WAITING)
        g_string_append_printf (subtitle, " · %s", _("on its way to the store"));
      else if (entry->state == SK_TIMELINE_FAILED)
        g_string_append_printf (subtitle, " · %s%s%s", _("failed"),
                                entry->detail[0] != '\0' ? ": " : "", entry->detail);

      row = add_row (self, self->notes_group, title, subtitle->str, NULL);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
      if (entry->kind == SK_TIMELINE_NOTE)
        gtk_widget_add_css_class (row, entry->customer_note ? "sk-note-customer" : "sk-note-private");
      if (entry->state == SK_TIMELINE_FAILED)
        gtk_widget_add_css_class (row, "error");

      icon = gtk_image_new_from_icon_name (icon_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      gtk_widget_set_tooltip_text (icon, description);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

      if (entry->kind == SK_TIMELINE_MESSAGE && entry->state == SK_TIMELINE_FAILED && !entry->inbound)
        {
          GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

          gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (retry, _("Send this message again"));
          g_object_set_data_full (G_OBJECT (retry), "sk-message-id",
                                  g_memdup2 (&entry->message_id, sizeof entry->message_id), g_free);
          g_signal_connect (retry, "clicked", G_CALLBACK (retry_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
        }

      if (entry->kind == SK_TIMELINE_SHIPPED && entry->tracking_url != NULL && entry->tracking_url[0] != '\0')
        {
          GtkWidget *link = gtk_link_button_new_with_label (entry->tracking_url, _("Track"));

          gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
        }
    }
}

static void
fill (SkOrderDetailsView   *self,
      SkDatabase           *database,
      const SkOrderDetails *details)
{
  const SkOrderRecord *order = details->order;
  const char *currency = order->currency;
  g_autofree char *heading = NULL;
  g_autofree char *status = NULL;
  g_autofree char *date = NULL;
  g_autofree char *date_line = NULL;
  gint64 subtotal = 0;
  gint64 refunded = 0;
  gboolean subtotal_valid = TRUE;

  clear_dynamic_rows (self);

  /* Translators: the heading of the details pane, %s is the order number. */
  heading = g_strdup_printf (_("Order %s"), order->number);
  gtk_label_set_text (self->number_label, heading);

  /* Only an order still to ship is confirmed; a finished one can still
   * be written to (a follow-up, a thank-you). */
  g_free (self->order_status);
  self->order_status = g_strdup (order->status);
  gtk_button_set_label (self->send_button, sk_order_desk_status_is_open (order->status)
                                           ? _("Send _Confirmation…") : _("Send _Message…"));

  status = sk_ui_format_status_label (order->status);
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { "status-pill", sk_ui_status_css_class (order->status), NULL });

  date = sk_time_format_date_time (order->date_created);
  /* Translators: under the order number, %s is a date and time. */
  date_line = g_strdup_printf (_("Placed %s"), date);
  gtk_label_set_text (self->date_label, date_line);

  /* Customer */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 details->customer_display_name ? details->customer_display_name : "");
  adw_action_row_set_subtitle (self->customer_row,
                               order->customer_remote_id != 0 ? _("Registered customer") : _("Guest"));
  show_optional_row (self->email_row, self->email_label, order->billing.email);
  show_optional_row (self->phone_row, self->phone_label, order->billing.phone);
  show_optional_row (self->payment_row, self->payment_label, order->payment_method_title);
  fill_customer_card (self, database, details);
  fill_desk (self, database, details);

  {
    g_autofree char *note = display_text (order->customer_note);

    gtk_label_set_text (self->customer_note_label, note != NULL ? note : "");
  }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_note_group),
                          order->customer_note != NULL && order->customer_note[0] != '\0');

  /* Items */
  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (order->items, i);
      g_autofree char *line_total = sk_ui_money_closure (NULL, item->total, currency);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      g_autofree char *quantity = sk_ui_count_closure (NULL, item->quantity);

      if (item->sku != NULL && item->sku[0] != '\0')
        /* Translators: under an item's name: the quantity and the product's
         * SKU, e.g. "× 2 · SKU TS-042". */
        subtitle = g_strdup_printf (_("× %s · SKU %s"), quantity, item->sku);
      else
        /* Translators: under an item's name: the quantity, e.g. "× 2". */
        subtitle = g_strdup_printf (_("× %s"), quantity);

      row = add_row (self, self->items_group, item->name, subtitle, line_total);
      g_ptr_array_add (self->item_rows, row);

      if (!sk_money_add (subtotal, item->subtotal, &subtotal))
        subtotal_valid = FALSE;
    }

  if (order->items == NULL || order->items->len == 0)
    add_row (self, self->items_group, _("No items"), NULL, NULL);

  /* Totals: the store sends no subtotal of its own, it is the sum of the
   * line subtotals before discounts. */
  if (subtotal_valid)
    add_money_row (self, self->totals_group, _("Subtotal"), subtotal, currency, FALSE);
  if (order->discount_total != 0)
    add_money_row (self, self->totals_group, _("Discount"), -order->discount_total, currency, FALSE);
  add_money_row (self, self->totals_group, _("Shipping"), order->shipping_total, currency, FALSE);
  add_money_row (self, self->totals_group, _("Tax"), order->total_tax, currency, FALSE);
  add_money_row (self, self->totals_group, _("Total"), order->total, currency, TRUE);

  /* Refunds */
  for (guint i = 0; order->refunds != NULL && i < order->refunds->len; i++)
    {
      const SkRefundRecord *refund = g_ptr_array_index (order->refunds, i);
      g_autofree char *amount = sk_ui_money_closure (NULL, -refund->amount, currency);
      g_autofree char *when = refund->date_created > 0 ? sk_time_format_date (refund->date_created) : NULL;
      const char *reason = refund->reason != NULL && refund->reason[0] != '\0'
                           ? refund->reason : _("No reason given");

      add_row (self, self->refunds_group, reason, when, amount);
      sk_money_add (refunded, refund->amount, &refunded);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->refunds_group),
                          order->refunds != NULL && order->refunds->len > 0);

  if (refunded != 0)
    {
      gint64 net;

      add_money_row (self, self->totals_group, _("Refunded"), -refunded, currency, FALSE);
      if (sk_money_add (order->total, -refunded, &net))
        add_money_row (self, self->totals_group, _("Net Payment"), net, currency, TRUE);
    }

  /* Addresses */
  show_address (self->billing_group, self->billing_label, &order->billing);
  show_address (self->shipping_group, self->shipping_label, &order->shipping);

  fill_timeline (self, database, details);

  /* A new order starts at its top, not where the last one was scrolled to. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static SkWindow *
get_window (SkOrderDetailsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return SK_IS_WINDOW (root) ? SK_WINDOW (root) : NULL;
}

static void
update_actions (SkOrderDetailsView *self)
{
  gboolean has_window = get_window (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.open-customer", self->profile_id > 0 && has_window);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.edit-promise", self->order_id > 0 && has_window);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.send-message", self->order_id > 0 && has_window);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.mark-shipped", self->order_id > 0 && has_window);
  /* A delay only means something for an order still to ship. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.report-delay",
                                 self->order_id > 0 && has_window && sk_order_desk_status_is_open (self->order_status));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.log-message", self->order_id > 0 && has_window);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.print-slip", self->order_id > 0 && self->database != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.print-invoice", self->order_id > 0 && self->database != NULL);
}

/* The messenger says a message about an order changed: if it is the one
 * shown, its timeline shows it. */
static void
messenger_changed_cb (SkOrderDetailsView *self,
                      gint64              order_id)
{
  g_autoptr(GError) error = NULL;

  if (order_id == 0 || order_id != self->order_id || self->database == NULL)
    return;

  if (!sk_order_details_view_show_order (self, self->database, self->order_id, &error))
    g_message ("Cannot show the order again: %s", error->message);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Follows the messenger of the window's context while in it. A view in
 * the window's template is rooted before the window has its context
 * (a construct property, set after init): it is tried again when an
 * order is shown, or messages sent would never reach the timeline. */
static void
follow_messenger (SkOrderDetailsView *self)
{
  SkWindow *window = get_window (self);
  SkMessenger *messenger;

  if (self->messenger_connected || window == NULL || sk_window_get_context (window) == NULL)
    return;

  messenger = sk_context_get_service (sk_window_get_context (window), SK_TYPE_MESSENGER);
  g_signal_connect_object (messenger, "changed", G_CALLBACK (messenger_changed_cb), self, G_CONNECT_SWAPPED);
  self->messenger_connected = TRUE;
}

/* The message a person most likely means to send about an order in
 * @status: the confirmation while it is open, the follow-up once
 * completed, the thank-you after a complaint when it was called off. */
static const char *
message_kind_for (const char *status)
{
  if (sk_order_desk_status_is_open (status))
    return SK_TEMPLATE_CONFIRMATION;
  if (g_strcmp0 (status, "completed") == 0)
    return SK_TEMPLATE_FOLLOW_UP;
  return SK_TEMPLATE_COMPLAINT_THANK_YOU;
}

static void
message_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (widget);
  SkWindow *window = get_window (self);
  SkContext *context;

  if (window == NULL || self->order_id <= 0)
    return;

  context = sk_window_get_context (window);
  if (g_str_equal (action_name, "details.send-message"))
    sk_send_message_dialog_present (widget, context, &self->order_id, 1, message_kind_for (self->order_status));
  else if (g_str_equal (action_name, "details.mark-shipped"))
    sk_mark_shipped_dialog_present (widget, context, &self->order_id, 1);
  else if (g_str_equal (action_name, "details.report-delay"))
    sk_report_delay_dialog_present (widget, context, self->order_id);
  else if (g_str_equal (action_name, "details.log-message"))
    sk_log_message_dialog_present (widget, context, self->order_id);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (widget);

  if (self->order_id <= 0 || self->database == NULL)
    return;

  sk_order_print_run (widget, self->database,
                      g_str_equal (action_name, "details.print-invoice") ? SK_ORDER_PRINT_INVOICE
                                                                         : SK_ORDER_PRINT_PACKING_SLIP,
                      &self->order_id, 1);
}

static void
open_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (widget);
  SkWindow *window = get_window (self);

  if (window == NULL || self->profile_id <= 0)
    return;

  /* The way the sidebar opens the area, then the profile, as the
   * dashboard's "open customer" does. */
  g_signal_emit_by_name (window->sidebar_list, "row-activated", window->customers_row);
  sk_customers_page_show_profile (window->customers_page, self->profile_id);
}

static void
promise_saved_cb (SkOrderDetailsView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->database != NULL && self->order_id > 0)
    sk_order_details_view_show_order (self, self->database, self->order_id, &error);
  if (error != NULL)
    g_message ("Cannot show the order again: %s", error->message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
edit_promise_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (widget);
  SkWindow *window = get_window (self);
  SkPromiseDialog *dialog;

  if (window == NULL || self->order_id <= 0)
    return;

  dialog = sk_promise_dialog_present (widget, sk_window_get_context (window), self->order_id);
  if (dialog != NULL)
    g_signal_connect_object (dialog, "saved", G_CALLBACK (promise_saved_cb), self, G_CONNECT_SWAPPED);
}

static void
retry_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SkOrderDetailsView) self = user_data;
  g_autoptr(GError) error = NULL;
  SkWindow *window;

  if (!sk_messenger_retry_finish (SK_MESSENGER (object), result, &error))
    {
      window = get_window (self);
      if (window != NULL)
        sk_window_show_error (window, error->message);
      else
        g_message ("Cannot send the message again: %s", error->message);
    }

  /* Failed again or sent: the timeline says which. */
  promise_saved_cb (self);
}

static void
retry_clicked_cb (GtkButton          *button,
                  SkOrderDetailsView *self)
{
  SkWindow *window = get_window (self);
  const gint64 *message_id = g_object_get_data (G_OBJECT (button), "sk-message-id");
  SkMessenger *messenger;

  if (window == NULL || message_id == NULL)
    return;

  /* Once: the row is rebuilt when the retry is done. */
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  messenger = sk_context_get_service (sk_window_get_context (window), SK_TYPE_MESSENGER);
  sk_messenger_retry_async (messenger, *message_id, NULL, retry_done_cb, g_object_ref (self));
}

static void
sk_order_details_view_root (GtkWidget *widget)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (widget);

  GTK_WIDGET_CLASS (sk_order_details_view_parent_class)->root (widget);

  follow_messenger (self);
  update_actions (self);
}

static void
sk_order_details_view_dispose (GObject *object)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (object);

  g_clear_object (&self->database);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ORDER_DETAILS_VIEW);

  G_OBJECT_CLASS (sk_order_details_view_parent_class)->dispose (object);
}

static void
sk_order_details_view_finalize (GObject *object)
{
  SkOrderDetailsView *self = SK_ORDER_DETAILS_VIEW (object);

  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->item_rows, g_ptr_array_unref);
  g_clear_pointer (&self->order_status, g_free);

  G_OBJECT_CLASS (sk_order_details_view_parent_class)->finalize (object);
}

static void
sk_order_details_view_class_init (SkOrderDetailsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_order_details_view_dispose;
  object_class->finalize = sk_order_details_view_finalize;
  widget_class->root = sk_order_details_view_root;

  /* Something shown here changed (a new promise): the list shows it too. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "details.open-customer", NULL, open_customer_action);
  gtk_widget_class_install_action (widget_class, "details.edit-promise", NULL, edit_promise_action);
  gtk_widget_class_install_action (widget_class, "details.send-message", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "details.mark-shipped", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "details.report-delay", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "details.log-message", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "details.print-slip", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "details.print-invoice", NULL, print_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/orders/sk-order-details-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "orderdetails");

  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, send_button);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, number_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, date_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, email_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, email_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, phone_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, payment_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, payment_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, customer_note_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, customer_note_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, items_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, totals_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, refunds_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, billing_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, billing_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, shipping_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, shipping_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, notes_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, several_page);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, customer_stats_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, promise_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, shipping_info_group);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, promise_icon);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, shipped_row);
  gtk_widget_class_bind_template_child (widget_class, SkOrderDetailsView, tracking_button);
}

static void
sk_order_details_view_init (SkOrderDetailsView *self)
{
  self->dynamic_rows = g_ptr_array_new ();
  self->item_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sk_order_details_view_new (void)
{
  return g_object_new (SK_TYPE_ORDER_DETAILS_VIEW, NULL);
}

gboolean
sk_order_details_view_show_order (SkOrderDetailsView  *self,
                                  SkDatabase          *database,
                                  gint64               order_id,
                                  GError             **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SK_IS_ORDER_DETAILS_VIEW (self), FALSE);
  g_return_val_if_fail (order_id == 0 || SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->order_id = order_id;
  self->profile_id = 0;
  g_clear_pointer (&self->order_status, g_free);
  if (database != NULL)
    g_set_object (&self->database, database);
  follow_messenger (self);

  if (order_id == 0)
    {
      update_actions (self);
      clear_dynamic_rows (self);
      gtk_label_set_text (self->number_label, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return TRUE;
    }

  details = sk_database_load_order_details (database, order_id, &local_error);
  if (details == NULL)
    {
      clear_dynamic_rows (self);
      gtk_label_set_text (self->number_label, "");
      adw_status_page_set_description (self->error_page, local_error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  fill (self, database, details);
  gtk_stack_set_visible_child_name (self->stack, "details");
  update_actions (self);

  return TRUE;
}

void
sk_order_details_view_show_several (SkOrderDetailsView *self,
                                    guint               n_orders)
{
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (SK_IS_ORDER_DETAILS_VIEW (self));

  self->order_id = 0;
  self->profile_id = 0;
  update_actions (self);
  clear_dynamic_rows (self);
  gtk_label_set_text (self->number_label, "");

  count = sk_ui_count_closure (NULL, n_orders);
  /* Translators: the details pane when several orders are selected. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Order Selected", "%s Orders Selected", n_orders), count);
  adw_status_page_set_title (self->several_page, title);
  gtk_stack_set_visible_child_name (self->stack, "several");
}

gint64
sk_order_details_view_get_order_id (SkOrderDetailsView *self)
{
  g_return_val_if_fail (SK_IS_ORDER_DETAILS_VIEW (self), 0);

  return self->order_id;
}

const char *
sk_order_details_view_get_number (SkOrderDetailsView *self)
{
  g_return_val_if_fail (SK_IS_ORDER_DETAILS_VIEW (self), NULL);

  return gtk_label_get_text (self->number_label);
}

GPtrArray *
sk_order_details_view_dup_item_titles (SkOrderDetailsView *self)
{
  GPtrArray *titles;

  g_return_val_if_fail (SK_IS_ORDER_DETAILS_VIEW (self), NULL);

  titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->item_rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (self->item_rows, i);

      g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (row)));
    }

  return titles;
}
