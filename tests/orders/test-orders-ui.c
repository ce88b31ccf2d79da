/* test-orders-ui.c — the orders area's filter bar, saved views and
 * selection bar driven through their actions, against a synced demo
 * store. Needs a display (the suite runs under xvfb-run); skips without.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <sqlite3.h>

#include "orders-test-helpers.h"
#include "sk-database-private.h"
#include "sk-messages.h"
#include "sk-order-desk.h"
#include "sk-order-details-view.h"
#include "sk-order-filter-popover.h"
#include "sk-order-list.h"
#include "sk-order-object.h"
#include "sk-orders-page.h"
#include "sk-saved-views.h"
#include "sk-test-utils.h"
#include "sk-time.h"
#include "sk-window.h"

#define N_ORDERS 400

typedef struct
{
  OrdersFixture          base;
  SkWindow              *window;
  SkOrdersPage          *page;
  SkOrderFilterPopover  *popover;
  SkOrderList           *list;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  orders_fixture_set_up (&f->base, N_ORDERS);
  sk_context_set_actor (f->base.context, "Ada");

  f->window = g_object_ref_sink (sk_window_new (NULL, f->base.context));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1300, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = SK_ORDERS_PAGE (sk_window_get_orders_page (f->window));
  f->popover = SK_ORDER_FILTER_POPOVER (gtk_widget_get_template_child (GTK_WIDGET (f->page), SK_TYPE_ORDERS_PAGE,
                                                                       "filter_popover"));
  f->list = sk_orders_page_get_order_list (f->page);
  iterate (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (50);
  g_assert_finalize_object (f->window);
  orders_fixture_tear_down (&f->base);
}

static guint
count_query (Fixture             *f,
             const SkOrderFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = sk_order_filter_query_ids (sk_context_get_database (f->base.context), filter,
                                                     SK_ORDER_SORT_DATE, TRUE, &error);

  g_assert_no_error (error);
  return ids->len;
}

/* The search entry waits a moment after the last key before searching. */
static void
wait_for_search (Fixture    *f,
                 const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (g_strcmp0 (sk_order_list_get_search (f->list), text) != 0 && g_get_monotonic_time () < deadline)
    iterate (20);
  g_assert_cmpstr (sk_order_list_get_search (f->list), ==, text);
}

static const char *
filter_label (Fixture *f)
{
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->page), SK_TYPE_ORDERS_PAGE, "filter_label"));

  return gtk_label_get_text (label);
}

static void
test_filter_bar (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(SkOrderFilter) expected = sk_order_filter_new ();
  g_autoptr(GArray) attention = NULL;
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  const char *method;

  g_assert_cmpstr (filter_label (f), ==, "Filters");

  methods = sk_order_filter_list_payment_methods (sk_context_get_database (f->base.context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (methods->len, >, 1);
  method = ((SkPaymentMethod *) methods->pdata[1])->slug;

  /* Choosing a payment method narrows the table to exactly its orders. */
  sk_order_filter_popover_set_payment_method (f->popover, method);
  g_signal_emit_by_name (f->popover, "changed");
  sk_order_filter_set_payment_method (expected, method);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, count_query (f, expected));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), <, n_all);
  g_assert_cmpstr (sk_order_list_get_filter (f->list)->payment_method, ==, method);
  g_assert_cmpstr (filter_label (f), ==, "Filters (1)");

  /* With the search box too: both apply. */
  gtk_editable_set_text (sk_orders_page_get_search_entry (f->page), "a");
  wait_for_search (f, "a");
  sk_order_filter_set_search (expected, "a");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, count_query (f, expected));
  gtk_editable_set_text (sk_orders_page_get_search_entry (f->page), "");
  wait_for_search (f, NULL);

  /* Needs attention: the desk's own query decides which orders. */
  g_assert_true (sk_order_desk_refresh (sk_context_get_writer (f->base.context, NULL, &error), sk_time_now_utc (), &error));
  g_assert_no_error (error);
  sk_order_filter_popover_set_payment_method (f->popover, NULL);
  sk_order_filter_popover_set_attention (f->popover, SK_ATTENTION_UNCONFIRMED);
  g_signal_emit_by_name (f->popover, "changed");
  attention = sk_order_desk_query_attention_ids (sk_context_get_database (f->base.context), sk_time_now_utc (),
                                                 SK_ATTENTION_UNCONFIRMED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attention->len, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, attention->len);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->list)); i++)
    {
      g_autoptr(SkOrderObject) order = g_list_model_get_item (G_LIST_MODEL (f->list), i);
      gboolean found = FALSE;

      for (guint j = 0; j < attention->len && !found; j++)
        found = g_array_index (attention, gint64, j) == sk_order_object_get_id (order);
      g_assert_true (found);
    }

  /* "Show All Orders" clears everything. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.clear-filters", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, n_all);
  g_assert_true (sk_order_filter_is_empty (sk_order_list_get_filter (f->list)));
  g_assert_cmpuint (sk_order_filter_popover_get_attention (f->popover), ==, 0);
  g_assert_cmpstr (filter_label (f), ==, "Filters");
}

static void
test_saved_view (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSavedView) view = sk_saved_view_new ("Processing by total");
  g_autoptr(SkOrderFilter) expected = sk_order_filter_new ();
  SkDatabase *writer = sk_context_get_writer (f->base.context, NULL, &error);

  g_assert_no_error (error);
  view->status = g_strdup ("processing");
  view->sort = SK_ORDER_SORT_TOTAL;
  view->descending = FALSE;
  g_assert_true (sk_saved_views_put (writer, view, &error));
  g_assert_no_error (error);

  /* Saved at another desk: it shows after the next reload (a sync). */
  sk_orders_page_reload (f->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.apply-view", "s", "Processing by total"));
  iterate (100);

  sk_order_filter_set_status (expected, "processing");
  g_assert_cmpstr (sk_order_list_get_status (f->list), ==, "processing");
  g_assert_cmpint (sk_order_list_get_sort (f->list), ==, SK_ORDER_SORT_TOTAL);
  g_assert_false (sk_order_list_get_descending (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, count_query (f, expected));

  /* Deleting the view applied leaves the table as it is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.delete-view", NULL));
  {
    g_autoptr(GPtrArray) views = sk_saved_views_load (sk_context_get_database (f->base.context), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (views->len, ==, 0);
  }
  g_assert_cmpstr (sk_order_list_get_status (f->list), ==, "processing");
}

static GtkRevealer *
selection_bar (Fixture *f)
{
  return GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->page), SK_TYPE_ORDERS_PAGE, "selection_revealer"));
}

static const char *
selection_text (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->page), SK_TYPE_ORDERS_PAGE,
                                                                      "selection_label")));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_selection_bar (Fixture       *f,
                    gconstpointer  data)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (sk_orders_page_get_column_view (f->page));
  SkOrderDetailsView *details = sk_orders_page_get_details_view (f->page);
  SkSyncManager *manager = sk_context_get_sync_manager (f->base.context);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  AdwMessageDialog *dialog;

  /* One order: its details, no bar. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpint (sk_order_details_view_get_order_id (details), !=, 0);
  g_assert_false (gtk_revealer_get_reveal_child (selection_bar (f)));

  /* Three: the bar with the count; the details say how many. */
  gtk_selection_model_select_item (selection, 2, FALSE);
  gtk_selection_model_select_item (selection, 4, FALSE);
  g_assert_true (gtk_revealer_get_reveal_child (selection_bar (f)));
  g_assert_cmpstr (selection_text (f), ==, "3 orders selected");
  g_assert_cmpint (sk_order_details_view_get_order_id (details), ==, 0);

  /* Enter on a row takes the keyboard to the order's actions (Tab would
   * walk every row first); Escape brings it back to the table. */
  {
    GtkWidget *column_view = GTK_WIDGET (sk_orders_page_get_column_view (f->page));
    GtkWidget *focus;

    g_signal_emit_by_name (column_view, "activate", 1);
    /* The details are focused once mapped: a frame or two later. */
    for (guint waited = 0; waited < 100; waited++)
      {
        focus = gtk_root_get_focus (GTK_ROOT (f->window));
        if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (details)))
          break;
        iterate (50);
      }
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (details)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.escape", NULL));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (focus == column_view || gtk_widget_is_ancestor (focus, column_view));
  }
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  gtk_selection_model_select_item (selection, 4, FALSE);

  /* Enter on one of several selected keeps them and takes the keyboard
   * to the selection bar; Escape there goes back to the table. */
  {
    GtkWidget *column_view = GTK_WIDGET (sk_orders_page_get_column_view (f->page));
    GtkWidget *focus;

    iterate (300);  /* the bar slides in */
    g_signal_emit_by_name (column_view, "activate", 2);
    g_assert_cmpstr (selection_text (f), ==, "3 orders selected");
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (selection_bar (f))));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.escape", NULL));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (focus == column_view || gtk_widget_is_ancestor (focus, column_view));
    g_assert_true (gtk_revealer_get_reveal_child (selection_bar (f)));

    /* Clearing the selection from the bar hands the keyboard back to the
     * table. */
    g_signal_emit_by_name (column_view, "activate", 2);
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (selection_bar (f))));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.clear-selection", NULL));
    g_assert_false (gtk_revealer_get_reveal_child (selection_bar (f)));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_true (focus == column_view || gtk_widget_is_ancestor (focus, column_view));
  }
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  gtk_selection_model_select_item (selection, 4, FALSE);

  /* Escape clears a selection of several. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.escape", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (selection_bar (f)));

  /* Ctrl+A is the list's select-all. */
  {
    GtkWidget *inner = gtk_widget_get_first_child (GTK_WIDGET (sk_orders_page_get_column_view (f->page)));

    /* The column view's rows are a list view of its own, which has the
     * list.* actions and their keys. */
    while (inner != NULL && !GTK_IS_LIST_VIEW (inner))
      inner = gtk_widget_get_next_sibling (inner);
    g_assert_nonnull (inner);
    g_assert_true (gtk_widget_activate_action (inner, "list.select-all", NULL));
  }
  {
    g_autoptr(GtkBitset) all = gtk_selection_model_get_selection (selection);

    g_assert_cmpuint (gtk_bitset_get_size (all), ==, n_all);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.clear-selection", NULL));

  /* Bulk status change: two processing orders to completed, confirmed in
   * a dialog, applied here and pushed by the sync it starts. */
  sk_order_list_set_status (f->list, "processing");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >=, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_add (chosen, g_list_model_get_item (G_LIST_MODEL (f->list), i));
      gtk_selection_model_select_item (selection, i, FALSE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.set-status", "s", "completed"));
  iterate (100);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "change");
  iterate (100);

  for (guint i = 0; i < chosen->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = sk_order_object_get_id (chosen->pdata[i]);
      g_autoptr(GPtrArray) rows = sk_database_load_order_objects (sk_context_get_database (f->base.context), &id, 1, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sk_order_object_get_status (rows->pdata[0]), ==, "completed");
    }

  /* The sync started by the change runs to its end. */
  for (guint waited = 0; sk_sync_manager_get_syncing (manager) && waited < 600; waited++)
    iterate (100);
  g_assert_false (sk_sync_manager_get_syncing (manager));
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0
      && gtk_widget_get_sensitive (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_timeline_retry (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) message = sk_message_new ();
  g_autoptr(SkOrderObject) order = NULL;
  g_autofree char *store_url = NULL;
  GtkSelectionModel *selection = gtk_column_view_get_model (sk_orders_page_get_column_view (f->page));
  SkOrderDetailsView *details = sk_orders_page_get_details_view (f->page);
  SkDatabase *writer = sk_context_get_writer (f->base.context, &store_url, &error);
  GtkWidget *retry;

  g_assert_no_error (error);
  order = g_list_model_get_item (G_LIST_MODEL (f->list), 0);

  /* A message that could not be delivered shows with a Retry button. */
  message->order_remote_id = sk_order_object_get_remote_id (order);
  message->channel = g_strdup (SK_MESSAGE_CHANNEL_SMTP);
  message->kind = g_strdup ("confirmation");
  message->subject = g_strdup ("Your order");
  message->body_text = g_strdup ("Thank you.");
  message->customer_email = g_strdup (sk_order_object_get_email (order));
  g_assert_cmpint (sk_messages_record (writer, store_url, message, SK_MESSAGE_FAILED, "Connection refused", &error), >, 0);
  g_assert_no_error (error);

  gtk_selection_model_select_item (selection, 0, TRUE);
  iterate (50);
  retry = find_button (GTK_WIDGET (details), "_Retry");
  g_assert_nonnull (retry);

  /* No mail server is set up: it fails again, visibly, and the pane is
   * rebuilt with the new outcome (and a Retry again). */
  /* Held: when the send fails at once, the pane is rebuilt before the
   * emission returns and the button is gone with it. */
  g_object_ref (retry);
  g_signal_emit_by_name (retry, "clicked");
  g_assert_false (gtk_widget_get_sensitive (retry));
  g_object_unref (retry);
  for (guint waited = 0; find_button (GTK_WIDGET (details), "_Retry") == NULL && waited < 100; waited++)
    iterate (100);
  g_assert_nonnull (find_button (GTK_WIDGET (details), "_Retry"));
  g_assert_cmpint (sk_order_details_view_get_order_id (details), ==, sk_order_object_get_id (order));
}

/* "Export as CSV…" writes exactly the orders the page shows, in its
 * order: here those of one payment method. */
static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "export.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  const char *method;
  guint n_shown;
  guint n_lines;


  methods = sk_order_filter_list_payment_methods (sk_context_get_database (f->base.context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (methods->len, >, 1);
  method = ((SkPaymentMethod *) methods->pdata[1])->slug;
  sk_order_filter_popover_set_payment_method (f->popover, method);
  g_signal_emit_by_name (f->popover, "changed");
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (f->list));
  g_assert_cmpuint (n_shown, >, 0);
  g_assert_cmpuint (n_shown, <, N_ORDERS);

  file = g_file_new_for_path (path);
  sk_orders_page_export_csv (f->page, file);
  g_assert_true (sk_orders_page_get_exporting (f->page));
  /* One at a time: a second export while it runs is ignored. */
  sk_orders_page_export_csv (f->page, file);
  for (guint waited = 0; sk_orders_page_get_exporting (f->page) && waited < 300; waited++)
    iterate (100);
  g_assert_false (sk_orders_page_get_exporting (f->page));

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "Number,"));
  lines = g_strsplit (contents, "\r\n", -1);
  n_lines = g_strv_length (lines);
  /* A header, one line per order, and the empty rest after the last CRLF. */
  g_assert_cmpuint (n_lines, ==, n_shown + 2);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  for (guint i = 0; i < n_shown; i++)
    {
      g_autoptr(SkOrderObject) order = g_list_model_get_item (G_LIST_MODEL (f->list), i);
      g_autofree char *expected = g_strdup_printf ("%s,", sk_order_object_get_number (order));

      g_assert_true (g_str_has_prefix (lines[i + 1], expected));
    }
}

/* Below 560 px the table gives way to a list of two-line rows; the
 * promised ship date and its flag must still be there. */
static GtkWidget *
find_label_prefix (GtkWidget  *widget,
                   const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_prefix (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_narrow_ship_by (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *label;

  /* A new window, narrow from the start: a mapped window under Xvfb
   * without a window manager does not always take a new default size. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (50);
  g_assert_finalize_object (f->window);
  f->window = g_object_ref_sink (sk_window_new (NULL, f->base.context));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = SK_ORDERS_PAGE (sk_window_get_orders_page (f->window));
  f->list = sk_orders_page_get_order_list (f->page);
  f->popover = SK_ORDER_FILTER_POPOVER (gtk_widget_get_template_child (GTK_WIDGET (f->page), SK_TYPE_ORDERS_PAGE,
                                                                       "filter_popover"));
  /* Open orders: those have a promise. */
  sk_order_list_set_status (f->list, "processing");
  for (guint waited = 0; g_strcmp0 (sk_orders_page_get_state (f->page), "list") != 0 && waited < 300; waited++)
    iterate (100);
  g_assert_cmpstr (sk_orders_page_get_state (f->page), ==, "list");
  iterate (200);

  /* Only the mapped list's labels count: the table is unmapped now. */
  label = find_label_prefix (GTK_WIDGET (f->page), "Ship by ");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (label, "dim-label") || gtk_widget_has_css_class (label, "warning")
                 || gtk_widget_has_css_class (label, "error"));

  /* With a filter set, the toolbar still fits 360 px: the button drops
   * the count there (its accent colour says filters are on). */
  {
    g_autoptr(GPtrArray) methods = NULL;
    g_autoptr(GError) error = NULL;
    int minimum = 0;

    methods = sk_order_filter_list_payment_methods (sk_context_get_database (f->base.context), &error);
    g_assert_no_error (error);
    sk_order_filter_popover_set_payment_method (f->popover, ((SkPaymentMethod *) methods->pdata[0])->slug);
    g_signal_emit_by_name (f->popover, "changed");
    iterate (100);
    g_assert_cmpstr (filter_label (f), ==, "Filters");
    gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
}

/* What a broken plugin or an old import may leave in the copy: text that
 * is not UTF-8, a megabyte of note, names longer than any window, sums
 * and quantities no shop has. The table, the narrow list, the details
 * pane and its timeline show it without a warning (fatal in tests: Pango
 * warns of invalid UTF-8) and without freezing. */
/* The local id of an order in @status, setting one to it when the demo
 * store has none. */
static gint64
order_in_status (SkDatabase *writer,
                 const char *status)
{
  sqlite3 *db = _sk_database_get_handle (writer);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  for (guint attempt = 0; attempt < 2 && id == 0; attempt++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT min (id) FROM orders WHERE status = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (id == 0)
        {
          g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE orders SET status = ? WHERE id = (SELECT max (id) FROM orders)",
                                               -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_finalize (stmt);
        }
    }
  g_assert_cmpint (id, >, 0);

  return id;
}

/* An order still to ship offers its confirmation and a delay; a finished
 * one neither: its message button sends something else. */
static void
test_details_actions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SkOrderDetailsView *details = sk_orders_page_get_details_view (f->page);
  SkDatabase *writer = sk_context_get_writer (f->base.context, NULL, &error);
  const char *open[] = { "pending", "processing", "on-hold", "awaiting-shipment" };
  const char *closed[] = { "completed", "cancelled", "refunded", "failed" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (open) + G_N_ELEMENTS (closed); i++)
    {
      gboolean is_open = i < G_N_ELEMENTS (open);
      const char *status = is_open ? open[i] : closed[i - G_N_ELEMENTS (open)];

      g_test_message ("%s", status);
      g_assert_true (sk_order_details_view_show_order (details, writer, order_in_status (writer, status), &error));
      g_assert_no_error (error);
      iterate (20);
      g_assert_true ((find_button (GTK_WIDGET (details), "Send _Confirmation…") != NULL) == is_open);
      g_assert_true ((find_button (GTK_WIDGET (details), "Send _Message…") != NULL) == !is_open);
      g_assert_true ((find_button (GTK_WIDGET (details), "Report _Delay…") != NULL) == is_open);
      g_assert_nonnull (find_button (GTK_WIDGET (details), "_Mark Shipped…"));
    }

  /* Bulk Mark Shipped leaves out orders that can no longer ship: failed
   * ones alone open no dialog; a processing one does. */
  {
    GtkSelectionModel *selection = gtk_column_view_get_model (sk_orders_page_get_column_view (f->page));
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint before = g_list_model_get_n_items (toplevels);

    sk_order_list_set_status (f->list, "failed");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >, 0);
    gtk_selection_model_select_all (selection);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.mark-shipped", NULL));
    iterate (20);
    g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before);

    sk_order_list_set_status (f->list, "processing");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >, 0);
    gtk_selection_model_select_item (selection, 0, TRUE);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.mark-shipped", NULL));
    iterate (20);
    g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        if (window != GTK_WINDOW (f->window))
          gtk_window_destroy (window);
      }
    iterate (20);
  }
}

static void
test_bad_data (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_url = NULL;
  g_autoptr(SkOrderObject) order = NULL;
  GtkSelectionModel *selection = gtk_column_view_get_model (sk_orders_page_get_column_view (f->page));
  SkOrderDetailsView *details = sk_orders_page_get_details_view (f->page);
  SkDatabase *writer = sk_context_get_writer (f->base.context, &store_url, &error);
  g_autofree char *sql = NULL;
  char *message = NULL;
  gint64 id;

  g_assert_no_error (error);
  order = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  id = sk_order_object_get_id (order);

  /* X'C328' is a broken two-byte sequence, X'FF' never valid, X'ED A0 80'
   * a UTF-16 surrogate. */
  sql = g_strdup_printf ("UPDATE orders SET"
                         "  customer_name = CAST (X'4AC328FF20EDA080' AS TEXT) || printf ('%%.*c', 20000, 'n'),"
                         "  billing_first_name = CAST (X'C328' AS TEXT), billing_last_name = printf ('%%.*c', 20000, 'L'),"
                         "  billing_address_1 = CAST (X'FFFE0041' AS TEXT), shipping_city = printf ('%%.*c', 5000, 'c'),"
                         "  customer_note = CAST (X'41FF42' AS TEXT) || printf ('%%.*c', 1000000, 'x'),"
                         "  total = 9223372036854775807, total_tax = -9223372036854775807, shipping_total = -1,"
                         "  number = CAST (X'31FF32' AS TEXT)"
                         " WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE order_items SET name = CAST (X'E282' AS TEXT) || printf ('%%.*c', 10000, 'p'),"
                         "  quantity = 9223372036854775807, total = -9223372036854775807, sku = CAST (X'FF' AS TEXT)"
                         " WHERE order_id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO order_notes (order_id, remote_id, date_created, author, note, customer_note)"
                         " VALUES (%" G_GINT64_FORMAT ", 987654321, -62135596800, CAST (X'FF' AS TEXT),"
                         "         CAST (X'C3280A0A' AS TEXT) || printf ('%%.*c', 1000000, 'y'), 1);",
                         id, id, id);
  sqlite3_exec (_sk_database_get_handle (writer), sql, NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);

  sk_orders_page_reload (f->page);
  iterate (100);
  gtk_selection_model_select_item (selection, 0, TRUE);
  iterate (300);
  g_assert_cmpint (sk_order_details_view_get_order_id (details), ==, id);

  /* Searching for it does not trip on the bytes either. */
  gtk_editable_set_text (sk_orders_page_get_search_entry (f->page), "nnnn");
  wait_for_search (f, "nnnn");
  iterate (100);
  gtk_editable_set_text (sk_orders_page_get_search_entry (f->page), "");
  wait_for_search (f, NULL);

  /* A date range picked the wrong way round means the same days. */
  {
    g_autoptr(SkOrderFilter) expected = sk_order_filter_new ();
    GDate early, late;

    g_date_clear (&early, 1);
    g_date_clear (&late, 1);
    g_date_set_time_t (&late, (time_t) sk_order_object_get_date_created (order));
    early = late;
    g_date_subtract_days (&early, 20);
    sk_order_filter_popover_set_dates (f->popover, SK_DATE_PRESET_CUSTOM, &late, &early);
    g_signal_emit_by_name (f->popover, "changed");
    g_assert_true (sk_order_filter_set_dates (expected, &early, &late, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, count_query (f, expected));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >, 0);
  }
}

static void
test_no_display (void)
{
  g_test_skip ("No display: run under xvfb-run");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* As in test-window.c: software rendering, no GL. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/orders/ui/no-display", test_no_display);
      return g_test_run ();
    }

  adw_init ();

  g_test_add ("/orders/ui/filter-bar", Fixture, NULL, fixture_set_up, test_filter_bar, fixture_tear_down);
  g_test_add ("/orders/ui/saved-view", Fixture, NULL, fixture_set_up, test_saved_view, fixture_tear_down);
  g_test_add ("/orders/ui/selection-bar", Fixture, NULL, fixture_set_up, test_selection_bar, fixture_tear_down);
  g_test_add ("/orders/ui/timeline-retry", Fixture, NULL, fixture_set_up, test_timeline_retry, fixture_tear_down);
  g_test_add ("/orders/ui/export-csv", Fixture, NULL, fixture_set_up, test_export_csv, fixture_tear_down);
  g_test_add ("/orders/ui/details-actions", Fixture, NULL, fixture_set_up, test_details_actions, fixture_tear_down);
  g_test_add ("/orders/ui/bad-data", Fixture, NULL, fixture_set_up, test_bad_data, fixture_tear_down);
  g_test_add ("/orders/ui/narrow-ship-by", Fixture, NULL, fixture_set_up, test_narrow_ship_by, fixture_tear_down);

  return g_test_run ();
}
