/* sk-orders-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-orders-page"

#include "config.h"

#include "sk-orders-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-follow-ups-panel.h"
#include "sk-message-dialogs.h"
#include "sk-order-desk.h"
#include "sk-order-filter-popover.h"
#include "sk-order-list.h"
#include "sk-order-object.h"
#include "sk-order-print.h"
#include "sk-column-sorter.h"
#include "sk-saved-views.h"
#include "sk-ui-format.h"
#include "sk-window.h"

G_DEFINE_FINAL_TYPE (SkOrdersPage, sk_orders_page, GTK_TYPE_WIDGET)

/* The width the table's columns need (sum of the fixed widths in
 * sk-orders-page.ui plus room for names), and the details pane's share
 * beside it when unfolded (its width-request plus the separator). */
#define COMPACT_WIDTH 656
#define DETAILS_WIDTH 301

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
count_selected (SkOrdersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) MIN (gtk_bitset_get_size (selected), G_MAXUINT);
}

/* The one order selected, 0 when none or several are. */
static gint64
get_selected_id (SkOrdersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(SkOrderObject) order = NULL;

  if (gtk_bitset_get_size (selected) != 1)
    return 0;

  order = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

  return order != NULL ? sk_order_object_get_id (order) : 0;
}

static void
select_id (SkOrdersPage *self,
           gint64        id)
{
  guint position = G_MAXUINT;

  if (id != 0 && self->orders != NULL)
    position = sk_order_list_find (self->orders, id);

  if (position == G_MAXUINT)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

/* The selected orders (SkOrderObject), in list order. */
static GPtrArray *
dup_selected_orders (SkOrdersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      SkOrderObject *order = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (order != NULL && sk_order_object_get_remote_id (order) != 0)
        g_ptr_array_add (orders, order);
      else
        g_clear_object (&order);
    }

  return orders;
}

static SkContext *
get_context (SkOrdersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return SK_IS_WINDOW (root) ? sk_window_get_context (SK_WINDOW (root)) : NULL;
}

void
_sk_orders_page_show_message (SkOrdersPage *self,
                              const char   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SK_IS_WINDOW (root))
    sk_window_show_error (SK_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
update_actions (SkOrdersPage *self)
{
  guint n_selected = self->orders != NULL ? count_selected (self) : 0;
  gboolean can_write = get_context (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.clear-selection", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.print-slips", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.print-invoices", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.set-status", n_selected > 0 && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.mark-shipped", n_selected > 0 && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.send-update", n_selected > 0 && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.save-view", self->orders != NULL && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.rename-view", self->active_view != NULL && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.delete-view", self->active_view != NULL && can_write);
  _sk_orders_page_export_update_actions (self);
}

static void
update_selection_bar (SkOrdersPage *self)
{
  guint n_selected = self->orders != NULL ? count_selected (self) : 0;
  g_autofree char *count = sk_ui_count_closure (NULL, n_selected);
  g_autofree char *text = NULL;

  /* Translators: in the bar that appears when several orders are
   * selected; %s is the number. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order selected", "%s orders selected", n_selected), count);
  gtk_label_set_text (self->selection_label, text);
  /* One order has its own actions in the details pane; the bar is for
   * working on several at once. */
  gtk_revealer_set_reveal_child (self->selection_revealer, n_selected > 1);
  /* The bar going away with the keyboard in it (its Clear button, a bulk
   * action done) hands the keyboard back to the table, not to nowhere. */
  if (n_selected <= 1 && gtk_widget_get_focus_child (GTK_WIDGET (self->selection_revealer)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  update_actions (self);
}

void
_sk_orders_page_update_state (SkOrdersPage *self)
{
  g_autofree char *count = NULL;
  const GError *error = NULL;
  const char *page;
  guint n_items = 0;

  if (self->orders != NULL)
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
      error = sk_order_list_get_error (self->orders);
    }

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (n_items > 0)
    page = self->compact ? "list" : "table";
  else if (self->database != NULL
           && sk_order_filter_is_empty (sk_order_list_get_filter (self->orders))
           && sk_database_count_orders (self->database) == 0)
    page = "empty";
  else
    page = "no-results";

  gtk_stack_set_visible_child_name (self->list_stack, page);

  count = sk_ui_format_order_count (n_items);
  gtk_label_set_text (self->count_label, count);
  update_selection_bar (self);
}

static void
show_selected (SkOrdersPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = get_selected_id (self);
  guint n_selected = count_selected (self);

  if (n_selected > 1)
    {
      sk_order_details_view_show_several (self->details_view, n_selected);
      return;
    }

  /* The view shows its own error page; the message is kept in the log too
   * because it may come from a damaged database. */
  if (!sk_order_details_view_show_order (self->details_view, self->database, id, &error))
    g_message ("Cannot show order %" G_GINT64_FORMAT ": %s", id, error->message);
}

static void
refresh_statuses (SkOrdersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) slugs = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  const char *current;
  guint selected = 0;
  guint n_old;

  current = self->orders != NULL ? sk_order_list_get_status (self->orders) : NULL;

  if (self->database != NULL)
    {
      slugs = sk_database_list_order_statuses (self->database, &error);
      if (slugs == NULL)
        g_message ("Cannot list order statuses: %s", error->message);
    }

  if (slugs == NULL)
    slugs = g_new0 (char *, 1);

  labels = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (labels, g_strdup (_("All Statuses")));
  for (guint i = 0; slugs[i] != NULL; i++)
    {
      g_ptr_array_add (labels, sk_ui_format_status_label (slugs[i]));
      if (current != NULL && g_str_equal (current, slugs[i]))
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  /* The same statuses, custom ones included, for the selection bar. */
  g_menu_remove_all (self->bulk_status_section);
  for (guint i = 0; slugs[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (g_ptr_array_index (labels, i + 1), NULL);

      g_menu_item_set_action_and_target_value (item, "orders.set-status", g_variant_new_string (slugs[i]));
      g_menu_append_item (self->bulk_status_section, item);
    }

  self->updating = TRUE;
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->status_labels));
  gtk_string_list_splice (self->status_labels, 0, n_old, (const char * const *) labels->pdata);
  g_strfreev (self->status_slugs);
  self->status_slugs = g_steal_pointer (&slugs);
  gtk_drop_down_set_selected (self->status_dropdown, selected);
  self->updating = FALSE;

  /* The filtered status disappeared from the data: show everything rather
   * than an empty table with no way to see why. */
  if (current != NULL && selected == 0)
    sk_order_list_set_status (self->orders, NULL);
}

static void
apply_sort (SkOrdersPage *self)
{
  int sort = SK_ORDER_SORT_DATE;
  gboolean descending = TRUE;
  gint64 selected_id;

  if (self->disposed || self->orders == NULL)
    return;

  /* No column sorted (the user clicked a third time): newest first. */
  if (!sk_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &sort, &descending))
    {
      sort = SK_ORDER_SORT_DATE;
      descending = TRUE;
    }

  if (sort == sk_order_list_get_sort (self->orders)
      && descending == sk_order_list_get_descending (self->orders))
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_set_sort (self->orders, sort, descending);
  select_id (self, selected_id);
  self->updating = FALSE;
  _sk_orders_page_update_state (self);
}

/* The filter the widgets say: search, status, the popover's parts. */
static SkOrderFilter *
build_filter (SkOrdersPage *self)
{
  SkOrderFilter *filter = sk_order_filter_new ();
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  sk_order_filter_set_search (filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0
      && self->status_slugs != NULL && selected <= g_strv_length (self->status_slugs))
    sk_order_filter_set_status (filter, self->status_slugs[selected - 1]);
  sk_order_filter_popover_apply (self->filter_popover, filter);

  return filter;
}

static void
update_filter_button (SkOrdersPage *self)
{
  guint n = self->orders != NULL ? sk_order_filter_count_extra (sk_order_list_get_filter (self->orders)) : 0;
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("Filters"));
  else
    /* Translators: the filters button when some are set; %u is how many. */
    label = g_strdup_printf (_("Filters (%u)"), n);

  /* The count does not fit a 360 px toolbar: there the accent colour says
   * that filters are set, and the accessible label still gives how many. */
  gtk_label_set_text (self->filter_label, self->compact && n > 0 ? _("Filters") : label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
}

static void
apply_filter (SkOrdersPage *self)
{
  g_autoptr(SkOrderFilter) filter = NULL;
  gint64 selected_id;

  if (self->updating || self->disposed || self->orders == NULL)
    return;

  filter = build_filter (self);
  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_set_filter (self->orders, filter);
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_filter_button (self);
  _sk_orders_page_update_state (self);
}

static void
search_changed_cb (SkOrdersPage   *self,
                   GtkSearchEntry *entry)
{
  apply_filter (self);
}

static void
stop_search_cb (SkOrdersPage   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
status_selected_cb (SkOrdersPage *self,
                    GParamSpec   *pspec,
                    GtkDropDown  *dropdown)
{
  apply_filter (self);
}

static void
details_changed_cb (SkOrdersPage       *self,
                    SkOrderDetailsView *view)
{
  /* A new promise shows in the Ship By column and in the filters. */
  sk_orders_page_reload (self);
}

static void
filter_changed_cb (SkOrdersPage         *self,
                   SkOrderFilterPopover *popover)
{
  /* Choosing filters by hand leaves the saved view. */
  g_clear_pointer (&self->active_view, g_free);
  apply_filter (self);
}

static void
selection_changed_cb (SkOrdersPage      *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *selection)
{
  if (self->updating || self->disposed)
    return;

  show_selected (self);
  update_selection_bar (self);
}

static void
view_activate_cb (SkOrdersPage *self,
                  guint         position,
                  GtkWidget    *view)
{
  /* Activation (Enter, double click, or a single click when folded) opens
   * the details; unfolded they are already beside the table. Either way
   * the keyboard goes there too: Tab in a list view of GTK 4.8 walks its
   * rows one by one, so thousands of orders stood between the table and
   * the order's actions. Escape comes back (orders.show-list). On one of
   * several orders selected, Enter keeps them and takes the keyboard to
   * the selection bar, out of reach of Tab for the same reason. */
  if (count_selected (self) > 1 &&
      gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    {
      gtk_widget_child_focus (GTK_WIDGET (self->selection_revealer), GTK_DIR_TAB_FORWARD);
      return;
    }

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
  /* Folded, the details are mapped once the leaflet shows them. */
  self->focus_details = !gtk_widget_child_focus (GTK_WIDGET (self->details_view), GTK_DIR_TAB_FORWARD);
}

static void
details_mapped_cb (SkOrdersPage *self,
                   GtkWidget    *details)
{
  if (self->focus_details)
    gtk_widget_child_focus (details, GTK_DIR_TAB_FORWARD);
  self->focus_details = FALSE;
}

static void
leaflet_folded_cb (SkOrdersPage *self,
                   GParamSpec   *pspec,
                   AdwLeaflet   *leaflet)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  if (self->disposed)
    return;

  gtk_revealer_set_reveal_child (self->details_back_revealer, folded);
  /* Narrow and on touch screens one tap should open an order. */
  gtk_column_view_set_single_click_activate (self->column_view, folded);
}

static void
sorter_changed_cb (SkOrdersPage     *self,
                   GtkSorterChange   change,
                   GtkSorter        *sorter)
{
  apply_sort (self);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Saved views */

static void
reload_saved_views (SkOrdersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = NULL;

  g_menu_remove_all (self->views_section);
  g_clear_pointer (&self->saved_views, g_ptr_array_unref);

  if (self->database != NULL)
    {
      views = sk_saved_views_load (self->database, &error);
      if (views == NULL)
        g_message ("Cannot read the saved views: %s", error->message);
    }

  self->saved_views = views != NULL ? g_steal_pointer (&views)
                                    : g_ptr_array_new_with_free_func ((GDestroyNotify) sk_saved_view_free);

  for (guint i = 0; i < self->saved_views->len; i++)
    {
      SkSavedView *view = self->saved_views->pdata[i];
      g_autoptr(GMenuItem) item = g_menu_item_new (NULL, NULL);

      /* A view's name is the user's text: no mnemonic underscores. */
      g_menu_item_set_attribute (item, "label", "s", view->name);
      g_menu_item_set_attribute (item, "use-markup", "b", FALSE);
      g_menu_item_set_action_and_target_value (item, "orders.apply-view", g_variant_new_string (view->name));
      g_menu_append_item (self->views_section, item);
    }

  if (self->active_view != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < self->saved_views->len && !found; i++)
        found = g_str_equal (((SkSavedView *) self->saved_views->pdata[i])->name, self->active_view);
      if (!found)
        g_clear_pointer (&self->active_view, g_free);
    }

  update_actions (self);
}

static SkSavedView *
capture_view (SkOrdersPage *self,
              const char   *name)
{
  SkSavedView *view = sk_saved_view_new (name);
  const SkOrderFilter *filter = sk_order_list_get_filter (self->orders);

  view->search = g_strdup (filter->search);
  view->status = g_strdup (filter->status);
  view->date_preset = sk_order_filter_popover_get_dates (self->filter_popover, &view->first, &view->last);
  view->payment_method = g_strdup (filter->payment_method);
  view->product_remote_id = filter->product_remote_id;
  view->customer_email = g_strdup (filter->customer_email);
  view->attention = sk_order_filter_popover_get_attention (self->filter_popover);
  view->sort = sk_order_list_get_sort (self->orders);
  view->descending = sk_order_list_get_descending (self->orders);

  return view;
}

static void
select_status (SkOrdersPage *self,
               const char   *status)
{
  guint selected = 0;

  for (guint i = 0; status != NULL && self->status_slugs != NULL && self->status_slugs[i] != NULL; i++)
    if (g_str_equal (self->status_slugs[i], status))
      selected = i + 1;

  gtk_drop_down_set_selected (self->status_dropdown, selected);
}

static void
sort_column_view (SkOrdersPage *self,
                  SkOrderSort   sort,
                  gboolean      descending)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);

      if (SK_IS_COLUMN_SORTER (sorter) && sk_column_sorter_get_key (SK_COLUMN_SORTER (sorter)) == (int) sort)
        {
          gtk_column_view_sort_by_column (self->column_view, column,
                                          descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          return;
        }
    }
}

static void
apply_view (SkOrdersPage      *self,
            const SkSavedView *view)
{
  /* Set every widget first, then query once. */
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), view->search != NULL ? view->search : "");
  select_status (self, view->status);
  sk_order_filter_popover_set_dates (self->filter_popover, view->date_preset, &view->first, &view->last);
  sk_order_filter_popover_set_payment_method (self->filter_popover, view->payment_method);
  sk_order_filter_popover_set_product (self->filter_popover, view->product_remote_id, view->product_name);
  sk_order_filter_popover_set_customer_email (self->filter_popover, view->customer_email);
  sk_order_filter_popover_set_attention (self->filter_popover, view->attention);
  self->updating = FALSE;

  g_free (self->active_view);
  self->active_view = g_strdup (view->name);

  apply_filter (self);
  /* Sorting the column view re-queries through the sorter (apply_sort). */
  sort_column_view (self, view->sort, view->descending);
  update_actions (self);
}

static void
apply_view_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; self->saved_views != NULL && i < self->saved_views->len; i++)
    {
      SkSavedView *view = self->saved_views->pdata[i];

      if (g_str_equal (view->name, name))
        {
          apply_view (self, view);
          return;
        }
    }
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  g_autoptr(SkSavedView) all = sk_saved_view_new ("");

  apply_view (self, all);
  g_clear_pointer (&self->active_view, g_free);
  update_actions (self);
}

typedef enum
{
  NAME_SAVE,
  NAME_RENAME,
} NameMode;

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  SkOrdersPage     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *new_name = NULL;
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sk-entry");
  NameMode mode = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "sk-mode"));
  SkContext *context = get_context (self);
  SkDatabase *writer;
  gboolean ok;

  if (!g_str_equal (response, "save") || context == NULL || self->orders == NULL)
    return;

  writer = sk_context_get_writer (context, NULL, &error);
  if (writer == NULL)
    {
      _sk_orders_page_show_message (self, error->message);
      return;
    }

  new_name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (mode == NAME_RENAME && self->active_view != NULL)
    ok = sk_saved_views_rename (writer, self->active_view, new_name, &error);
  else
    {
      g_autoptr(SkSavedView) view = capture_view (self, new_name);

      ok = sk_saved_views_put (writer, view, &error);
    }

  if (!ok)
    {
      _sk_orders_page_show_message (self, error->message);
      return;
    }

  g_free (self->active_view);
  self->active_view = g_steal_pointer (&new_name);
  reload_saved_views (self);
}

static void
name_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", text[0] != '\0');
}

static void
ask_for_name (SkOrdersPage *self,
              NameMode      mode)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   mode == NAME_SAVE ? _("Save View") : _("Rename View"),
                                   mode == NAME_SAVE
                                   ? _("The search, status, filters and sort of the table get a name in the Saved Views menu, for everyone working at this shop.")
                                   : NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", mode == NAME_SAVE ? _("_Save") : _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), SK_SAVED_VIEW_MAX_NAME);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("View name"), -1);
  if (mode == NAME_RENAME && self->active_view != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), self->active_view);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (name_entry_changed_cb), dialog, 0);
  name_entry_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));

  g_object_set_data (G_OBJECT (dialog), "sk-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "sk-mode", GUINT_TO_POINTER (mode));
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ask_for_name (SK_ORDERS_PAGE (widget), NAME_SAVE);
}

static void
rename_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ask_for_name (SK_ORDERS_PAGE (widget), NAME_RENAME);
}

static void
delete_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  SkContext *context = get_context (self);
  SkDatabase *writer;

  if (self->active_view == NULL || context == NULL)
    return;

  writer = sk_context_get_writer (context, NULL, &error);
  if (writer == NULL || !sk_saved_views_delete (writer, self->active_view, &error))
    {
      _sk_orders_page_show_message (self, error->message);
      return;
    }

  /* Deleting is undone by saving again: the table still shows the view. */
  name = g_steal_pointer (&self->active_view);
  /* Translators: a toast; %s is the name of a saved view. */
  message = g_strdup_printf (_("View “%s” deleted"), name);
  _sk_orders_page_show_message (self, message);
  reload_saved_views (self);
}

/* Selection */

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  /* Escape in the selection bar goes back to the table, keeping the
   * orders selected; then it drops a selection of several orders; then
   * it goes back from the details to the list (folded). */
  if (gtk_widget_get_focus_child (GTK_WIDGET (self->selection_revealer)) != NULL &&
      gtk_revealer_get_reveal_child (self->selection_revealer))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  else if (count_selected (self) > 1)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_widget_activate_action (widget, "orders.show-list", NULL);
}

/* The ids of the selected orders; @to_ship leaves out those that can no
 * longer ship (cancelled, refunded, failed: every final status but
 * completed, which may still get its tracking number). */
static GArray *
dup_selected_ids (SkOrdersPage *self,
                  gboolean      to_ship)
{
  g_autoptr(GPtrArray) orders = dup_selected_orders (self);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), orders->len);

  for (guint i = 0; i < orders->len; i++)
    {
      const char *status = sk_order_object_get_status (orders->pdata[i]);
      gint64 id = sk_order_object_get_id (orders->pdata[i]);

      if (to_ship && !sk_order_desk_status_is_open (status) && g_strcmp0 (status, "completed") != 0)
        continue;
      g_array_append_val (ids, id);
    }

  return ids;
}

static void
print_selected (SkOrdersPage     *self,
                SkOrderPrintKind  kind)
{
  g_autoptr(GArray) ids = dup_selected_ids (self, FALSE);

  sk_order_print_run (GTK_WIDGET (self), self->database, kind, (const gint64 *) (gpointer) ids->data, ids->len);
}

static void
bulk_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  gboolean ship = g_str_equal (action_name, "orders.mark-shipped");
  g_autoptr(GArray) ids = dup_selected_ids (self, ship);
  SkContext *context = get_context (self);
  guint n_left_out = count_selected (self) - ids->len;

  if (context == NULL)
    return;

  if (n_left_out > 0)
    {
      g_autofree char *count = sk_ui_count_closure (NULL, n_left_out);
      g_autofree char *message = NULL;

      /* Translators: a toast; %s is how many of the selected orders were
       * cancelled, refunded or failed and so are not marked shipped. */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s cancelled, refunded or failed order left out",
                                              "%s cancelled, refunded or failed orders left out",
                                              n_left_out),
                                 count);
      _sk_orders_page_show_message (self, message);
    }
  if (ids->len == 0)
    return;

  /* The messages' dialogs: carrier and tracking numbers for every order,
   * or one message (chosen and previewed) to every customer. */
  if (ship)
    sk_mark_shipped_dialog_present (widget, context, (const gint64 *) (gpointer) ids->data, ids->len);
  else
    sk_send_message_dialog_present (widget, context, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
}

static void
print_slips_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  print_selected (SK_ORDERS_PAGE (widget), SK_ORDER_PRINT_PACKING_SLIP);
}

static void
print_invoices_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  print_selected (SK_ORDERS_PAGE (widget), SK_ORDER_PRINT_INVOICE);
}

static void
change_status (SkOrdersPage *self,
               const char   *status)
{
  g_autoptr(GPtrArray) orders = dup_selected_orders (self);
  g_autoptr(GError) first_error = NULL;
  g_autofree char *label = sk_ui_format_status_label (status);
  g_autofree char *message = NULL;
  g_autofree char *count = NULL;
  SkContext *context = get_context (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n_done = 0;
  guint n_failed = 0;

  if (context == NULL)
    return;

  /* Each goes through the outbox: applied here at once, sent to the
   * store by the sync started below, retried by later ones. */
  for (guint i = 0; i < orders->len; i++)
    {
      SkOrderObject *order = orders->pdata[i];
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (sk_order_object_get_status (order), status) == 0)
        continue;

      if (sk_context_queue_order_status (context, sk_order_object_get_remote_id (order), status, &error) > 0)
        n_done++;
      else
        {
          n_failed++;
          if (first_error == NULL)
            first_error = g_steal_pointer (&error);
        }
    }

  sk_context_update_change_counts (context);
  sk_orders_page_reload (self);

  count = sk_ui_count_closure (NULL, n_done);
  if (n_failed > 0)
    /* Translators: a toast after a bulk status change; %1$s is how many
     * orders changed, %2$s why one of the others could not. */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%1$s order changed; others could not be: %2$s",
                                            "%1$s orders changed; others could not be: %2$s",
                                            n_done),
                               count, first_error->message);
  else
    /* Translators: a toast after a bulk status change; %1$s is how many
     * orders, %2$s the new status. */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%1$s order set to “%2$s”",
                                            "%1$s orders set to “%2$s”",
                                            n_done),
                               count, label);
  _sk_orders_page_show_message (self, message);

  if (n_done > 0 && SK_IS_WINDOW (root))
    sk_window_sync (SK_WINDOW (root));
}

static void
status_confirm_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            SkOrdersPage     *self)
{
  if (g_str_equal (response, "change"))
    change_status (self, g_object_get_data (G_OBJECT (dialog), "sk-status"));
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  const char *status = g_variant_get_string (parameter, NULL);
  g_autofree char *label = sk_ui_format_status_label (status);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  guint n = count_selected (self);
  GtkWidget *dialog;

  if (n == 0 || status[0] == '\0')
    return;

  count = sk_ui_count_closure (NULL, n);
  /* Translators: %1$s is a number of orders, %2$s a status. */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Set %1$s Order to “%2$s”?",
                                          "Set %1$s Orders to “%2$s”?",
                                          n),
                             count, label);
  /* The store e-mails customers on some changes (completed, refunded):
   * a slip of the mouse should not reach a hundred customers. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The store is told with the next sync, and it may e-mail the customers about the change."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("_Change Status"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sk-status", g_strdup (status), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (status_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The "Ship By" column's flag: an icon, and words for its tooltip, which
 * GTK also gives screen readers as the icon's description. */
static char *
sk_orders_ship_flag_icon_closure (gpointer this_object,
                                  int      flag)
{
  switch (flag)
    {
    case SK_SHIP_FLAG_LATE:
      return g_strdup ("dialog-error-symbolic");
    case SK_SHIP_FLAG_AT_RISK:
      return g_strdup ("dialog-warning-symbolic");
    default:
      return NULL;
    }
}

static char *
sk_orders_ship_flag_text_closure (gpointer this_object,
                                  int      flag)
{
  switch (flag)
    {
    case SK_SHIP_FLAG_LATE:
      return g_strdup (_("Late: the promised day has passed"));
    case SK_SHIP_FLAG_AT_RISK:
      return g_strdup (_("At risk: the promised day ends within a day"));
    default:
      return NULL;
    }
}

static char **
sk_orders_ship_flag_classes_closure (gpointer this_object,
                                     int      flag)
{
  const char *classes[] = { flag == SK_SHIP_FLAG_LATE ? "error" : "warning", NULL };

  return g_strdupv ((char **) classes);
}

/* The compact list has no Ship By column: a third line says it, for the
 * orders with a promise, in words a screen reader reads whole ("Ship by
 * 9 Dec 2026, late"). */
static gboolean
sk_orders_ship_by_visible_closure (gpointer this_object,
                                   gint64   ship_by)
{
  return ship_by > 0;
}

static gboolean
sk_orders_ship_flag_visible_closure (gpointer this_object,
                                     int      flag)
{
  return flag == SK_SHIP_FLAG_LATE || flag == SK_SHIP_FLAG_AT_RISK;
}

static char *
sk_orders_ship_by_closure (gpointer this_object,
                           gint64   ship_by,
                           int      flag)
{
  g_autofree char *date = NULL;

  if (ship_by <= 0)
    return g_strdup ("");

  date = sk_ui_date_closure (NULL, ship_by);
  switch (flag)
    {
    case SK_SHIP_FLAG_LATE:
      /* Translators: in the narrow orders list; %s is the promised ship date */
      return g_strdup_printf (_("Ship by %s, late"), date);
    case SK_SHIP_FLAG_AT_RISK:
      /* Translators: in the narrow orders list; %s is the promised ship
       * date, which ends within a day */
      return g_strdup_printf (_("Ship by %s, due now"), date);
    default:
      /* Translators: in the narrow orders list; %s is the promised ship date */
      return g_strdup_printf (_("Ship by %s"), date);
    }
}

static char **
sk_orders_ship_by_classes_closure (gpointer this_object,
                                   int      flag)
{
  const char *classes[] = { "caption", "numeric", NULL, NULL };

  if (flag == SK_SHIP_FLAG_LATE)
    classes[2] = "error";
  else if (flag == SK_SHIP_FLAG_AT_RISK)
    classes[2] = "warning";
  else
    classes[2] = "dim-label";

  return g_strdupv ((char **) classes);
}

static void
follow_ups_changed_cb (SkOrdersPage     *self,
                       GParamSpec       *pspec,
                       SkFollowUpsPanel *panel)
{
  guint n = sk_follow_ups_panel_get_n_due (panel);
  g_autofree char *count = sk_ui_count_closure (NULL, n);
  g_autofree char *text = NULL;

  /* Translators: above the orders; %s is a number. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s follow-up due", "%s follow-ups due", n), count);
  gtk_label_set_text (self->follow_ups_label, text);
  gtk_revealer_set_reveal_child (self->follow_ups_revealer, n > 0);
}

static void
ensure_follow_ups (SkOrdersPage *self)
{
  SkContext *context;

  if (self->follow_ups != NULL || self->disposed || (context = get_context (self)) == NULL)
    return;

  self->follow_ups = SK_FOLLOW_UPS_PANEL (sk_follow_ups_panel_new (context));
  gtk_widget_set_size_request (GTK_WIDGET (self->follow_ups), 320, 360);
  gtk_popover_set_child (self->follow_ups_popover, GTK_WIDGET (self->follow_ups));
  g_signal_connect_object (self->follow_ups, "notify::n-due", G_CALLBACK (follow_ups_changed_cb),
                           self, G_CONNECT_SWAPPED);
  follow_ups_changed_cb (self, NULL, self->follow_ups);
}

static void
sk_orders_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sk_orders_page_parent_class)->root (widget);
  ensure_follow_ups (SK_ORDERS_PAGE (widget));
  update_actions (SK_ORDERS_PAGE (widget));
}

static void
sk_orders_page_dispose (GObject *object)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);
  GtkWidget *child;

  self->disposed = TRUE;
  _sk_orders_page_export_dispose (self);
  /* Owned by its popover, which the template disposes. */
  self->follow_ups = NULL;
  g_clear_handle_id (&self->compact_idle_id, g_source_remove);
  g_clear_object (&self->orders);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ORDERS_PAGE);

  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (sk_orders_page_parent_class)->dispose (object);
}

static void
sk_orders_page_finalize (GObject *object)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);

  g_clear_pointer (&self->status_slugs, g_strfreev);
  g_clear_pointer (&self->saved_views, g_ptr_array_unref);
  g_clear_pointer (&self->active_view, g_free);

  G_OBJECT_CLASS (sk_orders_page_parent_class)->finalize (object);
}

static void
sk_orders_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_orders_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      sk_orders_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
apply_compact_cb (gpointer user_data)
{
  SkOrdersPage *self = user_data;

  self->compact_idle_id = 0;
  update_filter_button (self);
  _sk_orders_page_update_state (self);

  return G_SOURCE_REMOVE;
}

static void
sk_orders_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  int table_width = width;
  gboolean compact;

  if (!adw_leaflet_get_folded (self->leaflet))
    table_width -= DETAILS_WIDTH;
  compact = table_width < COMPACT_WIDTH;

  if (compact != self->compact && !self->disposed)
    {
      self->compact = compact;
      if (self->compact_idle_id == 0)
        self->compact_idle_id = g_idle_add (apply_compact_cb, self);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* Laid out like a GtkBinLayout, by hand: a layout manager would take
 * size_allocate away from the page, and the page needs its width. */
static void
sk_orders_page_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
sk_orders_page_class_init (SkOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_orders_page_dispose;
  object_class->finalize = sk_orders_page_finalize;
  object_class->get_property = sk_orders_page_get_property;
  object_class->set_property = sk_orders_page_set_property;

  widget_class->measure = sk_orders_page_measure;
  widget_class->root = sk_orders_page_root;
  widget_class->size_allocate = sk_orders_page_size_allocate;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         SK_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SK_TYPE_ORDER_DETAILS_VIEW);
  g_type_ensure (SK_TYPE_ORDER_OBJECT);
  g_type_ensure (SK_TYPE_COLUMN_SORTER);
  g_type_ensure (SK_TYPE_ORDER_FILTER_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/orders/sk-orders-page.ui");
  gtk_widget_class_set_css_name (widget_class, "orderspage");

  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, status_labels);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, date_column);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, filter_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, views_section);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, bulk_status_section);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, selection_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, follow_ups_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, follow_ups_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, follow_ups_popover);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, details_back_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, details_view);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  /* The cell factories inherit this scope, so their <closure>s find these. */
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_money_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_date_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_count_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_status_label_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_status_classes_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_flag_icon_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_flag_text_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_flag_classes_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_flag_visible_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_by_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_by_visible_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_orders_ship_by_classes_closure);

  gtk_widget_class_install_action (widget_class, "orders.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "orders.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "orders.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "orders.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "orders.print-slips", NULL, print_slips_action);
  gtk_widget_class_install_action (widget_class, "orders.mark-shipped", NULL, bulk_message_action);
  gtk_widget_class_install_action (widget_class, "orders.send-update", NULL, bulk_message_action);
  gtk_widget_class_install_action (widget_class, "orders.print-invoices", NULL, print_invoices_action);
  gtk_widget_class_install_action (widget_class, "orders.apply-view", "s", apply_view_action);
  gtk_widget_class_install_action (widget_class, "orders.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "orders.rename-view", NULL, rename_view_action);
  gtk_widget_class_install_action (widget_class, "orders.delete-view", NULL, delete_view_action);
  gtk_widget_class_install_action (widget_class, "orders.clear-filters", NULL, clear_filters_action);

  _sk_orders_page_export_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "orders.escape", NULL);
}

static void
sk_orders_page_init (SkOrdersPage *self)
{
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  /* Newest first, shown as such in the Date header. */
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);

  g_signal_connect_object (self->details_view, "map", G_CALLBACK (details_mapped_cb), self, G_CONNECT_SWAPPED);

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (view_sorter, "changed",
                           G_CALLBACK (sorter_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  leaflet_folded_cb (self, NULL, self->leaflet);
  refresh_statuses (self);
  reload_saved_views (self);
  update_filter_button (self);
  _sk_orders_page_update_state (self);
}

GtkWidget *
sk_orders_page_new (void)
{
  return g_object_new (SK_TYPE_ORDERS_PAGE, NULL);
}

SkDatabase *
sk_orders_page_get_database (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->database;
}

void
sk_orders_page_set_database (SkOrdersPage *self,
                             SkDatabase   *database)
{
  g_return_if_fail (SK_IS_ORDERS_PAGE (self));
  g_return_if_fail (database == NULL || SK_IS_DATABASE (database));

  if (self->database == database)
    return;

  g_set_object (&self->database, database);
  g_clear_object (&self->orders);

  if (database != NULL)
    {
      g_autoptr(SkOrderFilter) filter = NULL;

      self->orders = sk_order_list_new (database);
      /* Apply the search typed and filters chosen before the database came. */
      filter = build_filter (self);
      sk_order_list_set_filter (self->orders, filter);
    }

  sk_order_filter_popover_set_database (self->filter_popover, database);

  self->updating = TRUE;
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->orders));
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  self->updating = FALSE;

  reload_saved_views (self);

  apply_sort (self);
  refresh_statuses (self);
  show_selected (self);
  _sk_orders_page_update_state (self);
  /* In the window's template the page is rooted before the window has its
   * context, so the follow-ups bar could not be made then: the database
   * comes from that context. */
  ensure_follow_ups (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

void
sk_orders_page_reload (SkOrdersPage *self)
{
  gint64 selected_id;

  g_return_if_fail (SK_IS_ORDERS_PAGE (self));

  if (self->orders == NULL)
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_reload (self->orders);
  select_id (self, selected_id);
  self->updating = FALSE;

  refresh_statuses (self);
  /* Another desk may have saved or deleted views, the sync brought new
   * payment methods. */
  reload_saved_views (self);
  sk_order_filter_popover_reload (self->filter_popover);
  if (self->follow_ups != NULL)
    sk_follow_ups_panel_refresh (self->follow_ups);
  /* The selected order may have changed in the store: show it afresh. */
  show_selected (self);
  _sk_orders_page_update_state (self);
}

void
sk_orders_page_focus_search (SkOrdersPage *self)
{
  g_return_if_fail (SK_IS_ORDERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

SkOrderList *
sk_orders_page_get_order_list (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->orders;
}

GtkColumnView *
sk_orders_page_get_column_view (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->column_view;
}

GtkEditable *
sk_orders_page_get_search_entry (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
sk_orders_page_get_status_dropdown (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->status_dropdown;
}

SkOrderDetailsView *
sk_orders_page_get_details_view (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->details_view;
}

const char *
sk_orders_page_get_count_text (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return gtk_label_get_text (self->count_label);
}

const char *
sk_orders_page_get_state (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->list_stack);
}

void
sk_orders_page_show_attention (SkOrdersPage *self,
                               guint         attention)
{
  g_autoptr(SkSavedView) view = sk_saved_view_new ("");

  g_return_if_fail (SK_IS_ORDERS_PAGE (self));

  /* Every other filter cleared, as "Clear Filters" does (added for the
   * dashboard's "needs attention" rows). */
  view->attention = attention;
  apply_view (self, view);
  g_clear_pointer (&self->active_view, g_free);
  update_actions (self);
}
