/* sk-customers-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customers-page"

#include "config.h"

#include "sk-customers-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-customer-care-box.h"
#include "sk-customer-care-service.h"
#include "sk-customer-care.h"
#include "sk-customer-list.h"
#include "sk-customer-object.h"
#include "sk-column-sorter.h"
#include "sk-customers.h"
#include "sk-database.h"
#include "sk-export.h"
#include "sk-insights.h"
#include "sk-money.h"
#include "sk-rfm.h"
#include "sk-save-dialog.h"
#include "sk-segment-dialog.h"
#include "sk-time.h"
#include "sk-ui-format.h"
#include "sk-window.h"

/* Orders listed in a profile; the rest are a search away in Orders. */
#define MAX_PROFILE_ORDERS 50

struct _SkCustomersPage
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkBox              *root_box;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *segment_dropdown;
  GtkStringList       *segment_labels;
  GtkDropDown         *tag_dropdown;
  GtkStringList       *tag_labels;
  SkCustomerCareBox   *care_box;
  AdwLeaflet          *leaflet;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *last_order_column;
  GtkColumnViewColumn *orders_column;
  GtkColumnViewColumn *segment_column;
  GtkSingleSelection  *selection;
  AdwStatusPage       *error_page;
  GtkLabel            *count_label;
  GtkRevealer         *back_revealer;
  GtkStack            *profile_stack;
  AdwStatusPage       *profile_error_page;
  GtkLabel            *greeting_label;
  GtkLabel            *segment_label;
  AdwActionRow        *value_row;
  AdwActionRow        *orders_row;
  AdwActionRow        *aov_row;
  AdwActionRow        *first_row;
  AdwActionRow        *last_row;
  AdwActionRow        *gap_row;
  AdwActionRow        *refunds_row;
  AdwActionRow        *email_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *account_row;
  AdwActionRow        *billing_row;
  AdwActionRow        *shipping_row;
  AdwPreferencesGroup *orders_group;
  GtkListBox          *orders_list;

  /* owned references */
  GtkColumnViewColumn *orders_column_ref;
  GtkColumnViewColumn *last_order_column_ref;
  GtkColumnViewColumn *segment_column_ref;
  SkDatabase          *database;
  SkCustomerList      *customers;
  gint64               profile_id;
  /* The shown customer's address: profile ids change with each refresh,
   * the address finds them again. */
  char                *profile_email;
  SkContext           *context;
  GArray              *saved_segments;   /* gint64 ids, in the dropdown after the RFM segments */
  GCancellable        *cancellable;      /* refresh after a merge, CSV export */
  GCancellable        *export_cancellable;
  gboolean             refreshing;
  char                *load_error;       /* the last rows-not-read message shown */

  guint                columns_idle_id;
  /* Folded, the selection follows the pointer (single-click activation):
   * the profile is read when it is opened, not for every row hovered. */
  guint                profile_pending : 1;
  guint                updating : 1;
  guint                disposed : 1;
};

G_DEFINE_FINAL_TYPE (SkCustomersPage, sk_customers_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN_ORDER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void ensure_context (SkCustomersPage *self);

static gint64
get_selected_id (SkCustomersPage *self)
{
  SkCustomerObject *customer = gtk_single_selection_get_selected_item (self->selection);

  return customer != NULL ? sk_customer_object_get_id (customer) : 0;
}

static void
select_id (SkCustomersPage *self,
           gint64           id)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (id != 0 && self->customers != NULL)
    position = sk_customer_list_find (self->customers, id);
  if (position == G_MAXUINT)
    position = GTK_INVALID_LIST_POSITION;

  gtk_single_selection_set_selected (self->selection, position);
}

static void
update_state (SkCustomersPage *self)
{
  g_autofree char *count = NULL;
  const GError *error = NULL;
  const char *page;
  guint n_items = 0;

  if (self->customers != NULL)
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->customers));
      error = sk_customer_list_get_error (self->customers);
    }

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (n_items > 0)
    page = "table";
  else if (self->database == NULL || sk_customers_count (self->database) == 0)
    page = "empty";
  else
    page = "no-results";

  gtk_stack_set_visible_child_name (self->list_stack, page);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u customer", "%'u customers", n_items), n_items);
  gtk_label_set_text (self->count_label, count);
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean empty = value == NULL || *value == '\0';

  adw_action_row_set_subtitle (row, empty ? C_("missing value", "—") : value);
}

static char *
format_address (const SkAddress *address)
{
  const char *parts[] = {
    address->company, address->address_1, address->address_2,
    NULL, address->state, address->country,
  };
  g_autofree char *city = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  city = g_strstrip (g_strdup_printf ("%s %s", address->postcode != NULL ? address->postcode : "",
                                      address->city != NULL ? address->city : ""));
  parts[3] = city;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, parts[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_orders (SkCustomersPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->orders_list))) != NULL)
    gtk_list_box_remove (self->orders_list, child);
}

static void
show_profile (SkCustomersPage         *self,
              const SkCustomerProfile *profile)
{
  g_autofree char *greeting = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *value = sk_money_format (profile->lifetime_value, profile->currency);
  g_autofree char *orders = g_strdup_printf ("%'" G_GINT64_FORMAT, profile->order_count);
  g_autofree char *aov = sk_money_format (profile->average_order_value, profile->currency);
  g_autofree char *first = profile->first_order > 0 ? sk_time_format_date (profile->first_order) : NULL;
  g_autofree char *last = profile->last_order > 0 ? sk_time_format_date (profile->last_order) : NULL;
  g_autofree char *gap = NULL;
  g_autofree char *refunds = sk_money_format (profile->refunds_total, profile->currency);
  g_autofree char *account = NULL;
  g_autofree char *billing = format_address (&profile->billing);
  g_autofree char *shipping = format_address (&profile->shipping);
  const char *first_name = profile->first_name;
  const char *phone = profile->billing.phone;

  /* A guest's first name comes from their latest order's address. */
  if (first_name == NULL || *first_name == '\0')
    first_name = profile->billing.first_name;
  if (first_name != NULL && *first_name != '\0')
    /* Translators: the name to greet a customer by, then the full name */
    greeting = g_strdup_printf (_("%s · %s"), first_name, profile->display_name);
  else
    greeting = g_strdup (profile->display_name);
  gtk_label_set_text (self->greeting_label, greeting);

  if (profile->segment > SK_RFM_SEGMENT_NONE)
    /* Translators: "Segment: Loyal — Buy regularly and spend well. (R4 F3 M4)" */
    segment = g_strdup_printf (_("Segment: %s — %s (R%u F%u M%u)"),
                               sk_rfm_segment_get_label (profile->segment),
                               sk_rfm_segment_get_description (profile->segment),
                               profile->r_score, profile->f_score, profile->m_score);
  else
    segment = g_strdup (sk_rfm_segment_get_description (SK_RFM_SEGMENT_NONE));
  gtk_label_set_text (self->segment_label, segment);

  if (profile->usual_gap_days > 0)
    gap = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld day", "%lld days",
                                        (gulong) profile->usual_gap_days),
                           (long long) profile->usual_gap_days);

  if (profile->customer_remote_id > 0)
    {
      g_autofree char *since = profile->registered_at > 0 ? sk_time_format_date (profile->registered_at) : NULL;

      if (since != NULL && profile->username != NULL && *profile->username != '\0')
        /* Translators: a registered customer's user name and the date they registered */
        account = g_strdup_printf (_("%s, registered on %s"), profile->username, since);
      else
        account = g_strdup (_("Registered customer"));
    }
  else
    account = g_strdup (_("Guest (no account)"));

  set_row (self->value_row, value);
  set_row (self->orders_row, orders);
  set_row (self->aov_row, aov);
  set_row (self->first_row, first);
  set_row (self->last_row, last);
  set_row (self->gap_row, gap);
  set_row (self->refunds_row, refunds);
  set_row (self->email_row, profile->email);
  set_row (self->phone_row, phone);
  set_row (self->account_row, account);
  set_row (self->billing_row, billing);
  set_row (self->shipping_row, shipping);

  clear_orders (self);
  for (guint i = 0; i < profile->orders->len && i < MAX_PROFILE_ORDERS; i++)
    {
      const SkCustomerOrder *order = g_ptr_array_index (profile->orders, i);
      g_autofree char *title = NULL;
      g_autofree char *status = sk_ui_format_status_label (order->status);
      g_autofree char *date = sk_time_format_date (order->date_created);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", date, status);
      g_autofree char *total = sk_money_format (order->total, order->currency);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *total_label = gtk_label_new (total);

      /* Translators: an order in a customer's profile, %s is its number */
      title = g_strdup_printf (_("Order %s"), order->number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (total_label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), total_label);
      if (order->refunded > 0)
        {
          g_autofree char *refunded_money = sk_money_format (order->refunded, order->currency);
          /* Translators: the part of an order that was refunded */
          g_autofree char *refunded = g_strdup_printf (_("−%s refunded"), refunded_money);
          GtkWidget *label = gtk_label_new (refunded);

          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "error");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "order-id", g_memdup2 (&order->id, sizeof (gint64)), g_free);
      g_object_set_data_full (G_OBJECT (row), "order-number", g_strdup (order->number), g_free);
      gtk_list_box_append (self->orders_list, row);
    }

  if (profile->orders->len > MAX_PROFILE_ORDERS)
    {
      /* Translators: the orders group of a profile listing only the newest ones */
      g_autofree char *description = g_strdup_printf (_("The newest %u of %u"),
                                                      MAX_PROFILE_ORDERS, profile->orders->len);

      adw_preferences_group_set_description (self->orders_group, description);
    }
  else
    adw_preferences_group_set_description (self->orders_group, NULL);

  g_free (self->profile_email);
  self->profile_email = *profile->email != '\0' ? g_strdup (profile->email) : NULL;
  sk_customer_care_box_set_profile (self->care_box, profile);

  gtk_stack_set_visible_child_name (self->profile_stack, "profile");
}

static void
show_selected (SkCustomersPage *self)
{
  g_autoptr(SkCustomerProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = get_selected_id (self);

  ensure_context (self);
  self->profile_id = id;
  self->profile_pending = FALSE;

  if (id == 0 || self->database == NULL)
    {
      g_clear_pointer (&self->profile_email, g_free);
      sk_customer_care_box_set_profile (self->care_box, NULL);
      clear_orders (self);
      gtk_label_set_text (self->greeting_label, "");
      gtk_stack_set_visible_child_name (self->profile_stack, "none");
      return;
    }

  profile = sk_customers_load_profile (self->database, id, &error);
  if (profile == NULL)
    {
      adw_status_page_set_description (self->profile_error_page, error->message);
      gtk_stack_set_visible_child_name (self->profile_stack, "error");
      return;
    }

  show_profile (self, profile);
}

static void
apply_sort (SkCustomersPage *self)
{
  int sort = SK_CUSTOMER_SORT_LAST_ORDER;
  gboolean descending = TRUE;
  gint64 selected_id;

  if (self->disposed || self->customers == NULL)
    return;

  /* No column sorted (a third click): most recent customers first. */
  if (!sk_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &sort, &descending))
    {
      sort = SK_CUSTOMER_SORT_LAST_ORDER;
      descending = TRUE;
    }

  if (sort == sk_customer_list_get_sort (self->customers)
      && descending == sk_customer_list_get_descending (self->customers))
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_customer_list_set_sort (self->customers, sort, descending);
  select_id (self, selected_id);
  self->updating = FALSE;
  update_state (self);
}

/* Customer care: filters, refreshes, export */

static void customers_changed_cb (SkCustomersPage       *self,
                                  gint64                 profile_id,
                                  gboolean               rederive,
                                  SkCustomerCareService *service);

static void
ensure_context (SkCustomersPage *self)
{
  GtkWidget *window;
  SkContext *context;

  if (self->context != NULL)
    return;

  window = gtk_widget_get_ancestor (GTK_WIDGET (self), SK_TYPE_WINDOW);
  context = window != NULL ? sk_window_get_context (SK_WINDOW (window)) : NULL;
  if (context == NULL)
    return;

  self->context = g_object_ref (context);
  sk_customer_care_box_set_context (self->care_box, context);
  g_signal_connect_object (sk_context_get_service (context, SK_TYPE_CUSTOMER_CARE_SERVICE),
                           "customers-changed", G_CALLBACK (customers_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The tags in use and the saved segments, in the two filters; what is
 * chosen stays chosen while it exists. */
static void
refill_filters (SkCustomersPage *self)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_auto(GStrv) tags = NULL;
  const char *tag = self->customers != NULL ? sk_customer_list_get_tag (self->customers) : NULL;
  gint64 saved = self->customers != NULL ? sk_customer_list_get_saved_segment (self->customers) : 0;
  guint n_labels;
  guint selected_tag = 0;
  guint selected_segment = gtk_drop_down_get_selected (self->segment_dropdown);

  if (self->database == NULL)
    return;

  tags = sk_customer_care_list_tags (self->database, NULL);
  segments = sk_customer_care_list_segments (self->database, NULL);

  self->updating = TRUE;

  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->tag_labels));
  gtk_string_list_splice (self->tag_labels, 1, n_labels - 1, (const char * const *) tags);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (g_strcmp0 (tags[i], tag) == 0)
      selected_tag = i + 1;
  gtk_drop_down_set_selected (self->tag_dropdown, selected_tag);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_dropdown), tags != NULL && tags[0] != NULL);

  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->segment_labels));
  gtk_string_list_splice (self->segment_labels, SK_RFM_N_SEGMENTS + 1, n_labels - SK_RFM_N_SEGMENTS - 1, NULL);
  g_array_set_size (self->saved_segments, 0);
  for (guint i = 0; segments != NULL && i < segments->len; i++)
    {
      const SkSavedSegment *segment = g_ptr_array_index (segments, i);

      gtk_string_list_append (self->segment_labels, segment->name);
      g_array_append_val (self->saved_segments, segment->id);
      if (segment->id == saved)
        selected_segment = SK_RFM_N_SEGMENTS + 1 + i;
    }
  if (saved > 0 && selected_segment > SK_RFM_N_SEGMENTS &&
      selected_segment - SK_RFM_N_SEGMENTS - 1 >= self->saved_segments->len)
    selected_segment = 0;
  gtk_drop_down_set_selected (self->segment_dropdown, selected_segment);

  self->updating = FALSE;

  /* A saved segment that went away (or a tag no one has now). */
  if (self->customers != NULL)
    {
      if (tag != NULL && selected_tag == 0)
        sk_customer_list_set_tag (self->customers, NULL);
      if (saved > 0 && selected_segment <= SK_RFM_N_SEGMENTS)
        sk_customer_list_set_saved_segment (self->customers, 0);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.delete-segment",
                                 self->customers != NULL && sk_customer_list_get_saved_segment (self->customers) > 0);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SkCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sk_insights_refresh_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->disposed)
        {
          GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SK_TYPE_WINDOW);

          if (window != NULL)
            sk_window_show_error (SK_WINDOW (window), error->message);
        }
      if (self->disposed)
        return;
    }

  self->refreshing = FALSE;
  sk_customers_page_reload (self);
}

/* A merge, a split or an erasure: the profiles are derived again (a
 * second or two at a million orders, on a worker), then the list. */
static void
customers_changed_cb (SkCustomersPage       *self,
                      gint64                 profile_id,
                      gboolean               rederive,
                      SkCustomerCareService *service)
{
  if (self->disposed || self->database == NULL)
    return;

  refill_filters (self);

  if (!rederive)
    {
      if (self->customers != NULL && sk_customer_list_get_tag (self->customers) != NULL)
        sk_customers_page_reload (self);
      return;
    }

  if (self->refreshing)
    return;

  self->refreshing = TRUE;
  sk_insights_refresh_async (sk_database_get_path (self->database), self->cancellable,
                             refresh_done_cb, g_object_ref (self));
}

static void
export_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  SkCustomersPage *self = user_data;
  g_autofree char *text = NULL;

  if (self->disposed || total == 0)
    return;

  /* Translators: while the customers are exported to a CSV file */
  text = g_strdup_printf (_("Exporting… %u %%"), (guint) (done * 100 / total));
  gtk_label_set_text (self->count_label, text);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SkCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *window;
  guint64 rows = 0;

  if (!sk_export_csv_finish (result, &rows, &error) && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Export cancelled"));
  else if (error != NULL)
    message = g_strdup (error->message);
  else
    /* Translators: after a CSV export */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'llu customer exported", "%'llu customers exported",
                                            (gulong) rows),
                               (unsigned long long) rows);

  if (self->disposed)
    return;

  g_clear_object (&self->export_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.export-csv", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.cancel-export", FALSE);
  update_state (self);

  /* A finished or cancelled export is news that goes away by itself; a
   * failure stays until it is read. */
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), SK_TYPE_WINDOW);
  if (window != NULL && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sk_window_show_error (SK_WINDOW (window), message);
  else if (window != NULL)
    sk_window_show_message (SK_WINDOW (window), message);
}

static void
export_to_file (GtkWidget *widget,
                GFile     *file)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (widget);
  SkCustomerFilter filter;

  if (self->disposed || self->database == NULL || self->customers == NULL || self->export_cancellable != NULL)
    return;

  filter = (SkCustomerFilter) {
    sk_customer_list_get_search (self->customers),
    sk_customer_list_get_segment (self->customers),
    sk_customer_list_get_tag (self->customers),
    sk_customer_list_get_saved_segment (self->customers),
  };

  self->export_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.export-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.cancel-export", TRUE);
  sk_export_csv_async (sk_database_get_path (self->database), SK_EXPORT_CUSTOMERS, &filter, NULL, file,
                       export_progress_cb, self, self->export_cancellable,
                       export_done_cb, g_object_ref (self));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (widget);

  if (self->database == NULL || self->export_cancellable != NULL)
    return;

  sk_save_dialog_choose (widget, _("Export Customers"),
                         /* Translators: the suggested file name of the customers' CSV export */
                         _("customers.csv"), export_to_file);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (widget);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
segment_saved_cb (SkCustomersPage *self,
                  gint64           segment_id)
{
  refill_filters (self);

  /* Show the new segment at once. */
  for (guint i = 0; i < self->saved_segments->len; i++)
    if (g_array_index (self->saved_segments, gint64, i) == segment_id)
      gtk_drop_down_set_selected (self->segment_dropdown, SK_RFM_N_SEGMENTS + 1 + i);
}

static void
new_segment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  ensure_context (self);
  if (self->context == NULL)
    return;

  dialog = sk_segment_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (segment_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_segment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 segment_id;

  ensure_context (self);
  if (self->context == NULL || self->customers == NULL)
    return;

  segment_id = sk_customer_list_get_saved_segment (self->customers);
  if (segment_id <= 0)
    return;

  if (!sk_customer_care_service_delete_segment (sk_context_get_service (self->context, SK_TYPE_CUSTOMER_CARE_SERVICE),
                                                segment_id, &error))
    {
      GtkWidget *window = gtk_widget_get_ancestor (widget, SK_TYPE_WINDOW);

      if (window != NULL)
        sk_window_show_error (SK_WINDOW (window), error->message);
      return;
    }

  gtk_drop_down_set_selected (self->segment_dropdown, 0);
  refill_filters (self);
}

/* Callbacks */

static void
search_changed_cb (SkCustomersPage *self,
                   GtkSearchEntry  *entry)
{
  gint64 selected_id;

  if (self->customers == NULL)
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_customer_list_set_search (self->customers, gtk_editable_get_text (GTK_EDITABLE (entry)));
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);
}

static void
stop_search_cb (SkCustomersPage *self,
                GtkSearchEntry  *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
segment_selected_cb (SkCustomersPage *self,
                     GParamSpec      *pspec,
                     GtkDropDown     *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  gint64 selected_id;
  int segment = -1;
  gint64 saved = 0;

  if (self->updating || self->disposed || self->customers == NULL)
    return;

  /* Row 0 is "All segments", then the segments in SkRfmSegment order,
   * then the saved segments. */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= SK_RFM_N_SEGMENTS)
    segment = (int) selected - 1;
  else if (selected != GTK_INVALID_LIST_POSITION && selected > SK_RFM_N_SEGMENTS &&
           selected - SK_RFM_N_SEGMENTS - 1 < self->saved_segments->len)
    saved = g_array_index (self->saved_segments, gint64, selected - SK_RFM_N_SEGMENTS - 1);

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_customer_list_set_segment (self->customers, segment);
  sk_customer_list_set_saved_segment (self->customers, saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.delete-segment", saved > 0);
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);
}

static void
tag_selected_cb (SkCustomersPage *self,
                 GParamSpec      *pspec,
                 GtkDropDown     *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *tag = NULL;
  gint64 selected_id;

  if (self->updating || self->disposed || self->customers == NULL)
    return;

  /* Row 0 is "All tags". */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    tag = gtk_string_list_get_string (self->tag_labels, selected);

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_customer_list_set_tag (self->customers, tag);
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);
}

static void
selection_changed_cb (SkCustomersPage    *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  if (self->updating || self->disposed)
    return;

  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "profile") != 0)
    {
      self->profile_pending = TRUE;
      return;
    }

  show_selected (self);
}

static void
view_activate_cb (SkCustomersPage *self,
                  guint            position,
                  GtkWidget       *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "profile");
      if (self->profile_pending)
        show_selected (self);
    }
}

static gboolean
apply_columns_cb (gpointer user_data)
{
  SkCustomersPage *self = user_data;
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  gboolean shown = g_list_model_get_n_items (columns) > 2;

  self->columns_idle_id = 0;

  if (folded == !shown)
    return G_SOURCE_REMOVE;

  /* Narrow, name and lifetime value are what fits; the profile has the
   * rest. The columns are taken out rather than hidden: GTK 4.8 still
   * counts hidden columns' widths, and the name would not expand. */
  if (folded)
    {
      gtk_column_view_remove_column (self->column_view, self->orders_column);
      gtk_column_view_remove_column (self->column_view, self->last_order_column);
      gtk_column_view_remove_column (self->column_view, self->segment_column);
    }
  else
    {
      gtk_column_view_insert_column (self->column_view, 1, self->orders_column);
      gtk_column_view_insert_column (self->column_view, 3, self->last_order_column);
      gtk_column_view_insert_column (self->column_view, 4, self->segment_column);
    }

  return G_SOURCE_REMOVE;
}

static void
leaflet_folded_cb (SkCustomersPage *self,
                   GParamSpec      *pspec,
                   AdwLeaflet      *leaflet)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  if (self->disposed)
    return;

  gtk_revealer_set_reveal_child (self->back_revealer, folded);
  gtk_column_view_set_single_click_activate (self->column_view, folded);
  if (!folded && self->profile_pending)
    show_selected (self);

  /* The leaflet folds while it is being allocated: columns shown or hidden
   * now would keep the widths of this allocation, so switch in an idle. */
  if (self->columns_idle_id == 0)
    self->columns_idle_id = g_idle_add (apply_columns_cb, self);
}

static void
order_row_activated_cb (SkCustomersPage *self,
                        GtkListBoxRow   *row,
                        GtkListBox      *list)
{
  const gint64 *order_id = g_object_get_data (G_OBJECT (row), "order-id");
  const char *number = g_object_get_data (G_OBJECT (row), "order-number");

  if (order_id != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_ORDER], 0, *order_id, number);
}

static void
customers_load_failed_cb (SkCustomersPage *self,
                          const char      *message,
                          SkCustomerList  *list)
{
  g_autofree char *text = NULL;
  GtkWidget *window;

  if (self->disposed)
    return;

  /* Translators: a page of the customers list could not be read from the
   * local database; %s is the database's error message */
  text = g_strdup_printf (_("Some customers could not be read and show empty: %s"), message);
  g_free (self->load_error);
  self->load_error = g_strdup (text);

  window = gtk_widget_get_ancestor (GTK_WIDGET (self), SK_TYPE_WINDOW);
  if (window != NULL)
    sk_window_show_error (SK_WINDOW (window), text);
}

static void
sorter_changed_cb (SkCustomersPage *self,
                   GtkSorterChange  change,
                   GtkSorter       *sorter)
{
  apply_sort (self);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* GtkWidget */

static void
sk_customers_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sk_customers_page_parent_class)->root (widget);

  /* In the window now: listen to customer care (merges, thresholds...)
   * even before any profile is shown. */
  ensure_context (SK_CUSTOMERS_PAGE (widget));
}

/* GObject */

static void
sk_customers_page_dispose (GObject *object)
{
  SkCustomersPage *self = SK_CUSTOMERS_PAGE (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->columns_idle_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->profile_email, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->saved_segments, g_array_unref);

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->customers);
  g_clear_object (&self->database);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_CUSTOMERS_PAGE);
  /* Our own references, apart from the template's pointers. */
  g_clear_object (&self->orders_column_ref);
  g_clear_object (&self->last_order_column_ref);
  g_clear_object (&self->segment_column_ref);

  G_OBJECT_CLASS (sk_customers_page_parent_class)->dispose (object);
}

static void
sk_customers_page_class_init (SkCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_customers_page_dispose;
  widget_class->root = sk_customers_page_root;

  signals[SIGNAL_OPEN_ORDER] =
    g_signal_new ("open-order", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (SK_TYPE_COLUMN_SORTER);
  g_type_ensure (SK_TYPE_CUSTOMER_OBJECT);
  g_type_ensure (SK_TYPE_CUSTOMER_CARE_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/customers/sk-customers-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, segment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, segment_labels);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, tag_labels);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, care_box);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, last_order_column);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, orders_column);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, segment_column);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, profile_stack);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, profile_error_page);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, segment_label);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, value_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, orders_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, aov_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, first_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, gap_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, refunds_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, billing_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, shipping_row);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, orders_group);
  gtk_widget_class_bind_template_child (widget_class, SkCustomersPage, orders_list);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, segment_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, tag_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_money_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_date_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_count_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_customers_page_segment_closure);

  gtk_widget_class_install_action (widget_class, "customers.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "customers.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "customers.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "customers.new-segment", NULL, new_segment_action);
  gtk_widget_class_install_action (widget_class, "customers.delete-segment", NULL, delete_segment_action);
}

static void
sk_customers_page_init (SkCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->saved_segments = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
  gtk_string_list_append (self->tag_labels, _("All Tags"));
  gtk_widget_set_visible (GTK_WIDGET (self->tag_dropdown), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.delete-segment", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.cancel-export", FALSE);
  gtk_string_list_append (self->segment_labels, _("All Segments"));
  for (int s = 0; s < SK_RFM_N_SEGMENTS; s++)
    gtk_string_list_append (self->segment_labels, sk_rfm_segment_get_label (s));

  /* Owned too: they leave the column view while the page is narrow. */
  self->orders_column_ref = g_object_ref (self->orders_column);
  self->last_order_column_ref = g_object_ref (self->last_order_column);
  self->segment_column_ref = g_object_ref (self->segment_column);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->last_order_column, GTK_SORT_DESCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  leaflet_folded_cb (self, NULL, self->leaflet);
  update_state (self);
}

/* Public API */

GtkWidget *
sk_customers_page_new (void)
{
  return g_object_new (SK_TYPE_CUSTOMERS_PAGE, NULL);
}

void
sk_customers_page_set_database (SkCustomersPage *self,
                                SkDatabase      *database)
{
  g_return_if_fail (SK_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (database == NULL || SK_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  g_clear_object (&self->customers);
  if (database != NULL)
    {
      self->customers = sk_customer_list_new (database);
      g_signal_connect_object (self->customers, "load-failed",
                               G_CALLBACK (customers_load_failed_cb), self,
                               G_CONNECT_SWAPPED);
      sk_customer_list_set_search (self->customers, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
    }

  self->updating = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->customers));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  apply_sort (self);
  refill_filters (self);
  show_selected (self);
  update_state (self);
}

void
sk_customers_page_reload (SkCustomersPage *self)
{
  gint64 selected_id;

  g_return_if_fail (SK_IS_CUSTOMERS_PAGE (self));

  if (self->customers == NULL)
    return;

  refill_filters (self);
  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_customer_list_reload (self->customers);
  /* A refresh renumbers the profiles: find the customer by address. */
  if (self->profile_email != NULL && self->database != NULL)
    selected_id = sk_customers_find_by_email (self->database, self->profile_email);
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);
}

void
sk_customers_page_show_profile (SkCustomersPage *self,
                                gint64           profile_id)
{
  g_return_if_fail (SK_IS_CUSTOMERS_PAGE (self));

  if (self->customers == NULL)
    return;

  if (sk_customer_list_find (self->customers, profile_id) == G_MAXUINT)
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      sk_customer_list_set_search (self->customers, NULL);
      gtk_drop_down_set_selected (self->segment_dropdown, 0);
      sk_customer_list_set_segment (self->customers, -1);
      sk_customer_list_set_saved_segment (self->customers, 0);
      gtk_drop_down_set_selected (self->tag_dropdown, 0);
      sk_customer_list_set_tag (self->customers, NULL);
      self->updating = FALSE;
    }

  self->updating = TRUE;
  select_id (self, profile_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);

  /* Folded, the profile is what was asked for. */
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    adw_leaflet_set_visible_child_name (self->leaflet, "profile");
}

void
sk_customers_page_focus_search (SkCustomersPage *self)
{
  g_return_if_fail (SK_IS_CUSTOMERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

SkCustomerList *
sk_customers_page_get_list (SkCustomersPage *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMERS_PAGE (self), NULL);

  return self->customers;
}

GtkColumnView *
sk_customers_page_get_column_view (SkCustomersPage *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMERS_PAGE (self), NULL);

  return self->column_view;
}

const char *
sk_customers_page_get_state (SkCustomersPage *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMERS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->list_stack);
}

gint64
sk_customers_page_get_profile_id (SkCustomersPage *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMERS_PAGE (self), 0);

  return self->profile_id;
}

const char *
sk_customers_page_get_load_error (SkCustomersPage *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMERS_PAGE (self), NULL);

  return self->load_error;
}

const char *
sk_customers_page_get_greeting (SkCustomersPage *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMERS_PAGE (self), NULL);

  return gtk_label_get_text (self->greeting_label);
}

char *
sk_customers_page_segment_closure (gpointer this_object,
                                   int      segment)
{
  return g_strdup (sk_rfm_segment_get_label (segment));
}
