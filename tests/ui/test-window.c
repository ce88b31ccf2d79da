/* test-window.c — the window driven as a user would, against a synced demo
 * store. Needs a display (the suite runs under xvfb-run); skips without.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-order-details-view.h"
#include "sk-order-list.h"
#include "sk-order-object.h"
#include "sk-orders-page.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"
#include "sk-ui-format.h"
#include "sk-window-private.h"

#define N_ORDERS 150

typedef struct
{
  char         *data_dir;
  SkDemoServer *demo;
  SkContext    *context;
  SkWindow     *window;
  SkOrdersPage *page;
  /* What the sync stored: the demo's trash and draft orders are not listed
   * by the store API, so this can be below N_ORDERS. */
  guint         n_orders;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Spins until @cond holds, or fails after ten seconds: a resize under X
 * takes a round trip to the server and a few frames, longer on a busy
 * machine, so a fixed wait is not enough. */
#define ITERATE_UNTIL(cond)                                                  \
  G_STMT_START {                                                             \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;    \
    while (!(cond) && g_get_monotonic_time () < _deadline)                   \
      iterate (20);                                                          \
    iterate (50);                                                            \
  } G_STMT_END

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  SkSyncManager *manager;
  gboolean done = FALSE;

  fixture->data_dir = sk_test_make_temp_dir ();
  fixture->demo = sk_test_start_demo (7, N_ORDERS);
  fixture->context = sk_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);

  manager = sk_context_get_sync_manager (fixture->context);
  sk_sync_manager_set_store (manager,
                             sk_demo_server_get_url (fixture->demo),
                             sk_demo_server_get_key (fixture->demo),
                             sk_demo_server_get_secret (fixture->demo));
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &done);
  sk_test_wait_until (&done, 60);

  fixture->n_orders = sk_database_count_orders (sk_context_get_database (fixture->context));
  g_assert_cmpuint (fixture->n_orders, >, N_ORDERS / 2);
  g_assert_cmpuint (fixture->n_orders, <=, N_ORDERS);

  fixture->window = g_object_ref_sink (sk_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1300, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->page = SK_ORDERS_PAGE (sk_window_get_orders_page (fixture->window));
  iterate (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate (50);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->context);
  sk_demo_server_stop (fixture->demo);
  g_assert_finalize_object (fixture->demo);
  sk_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

typedef struct
{
  const char *text;
  gboolean    done;
} SearchWait;

static void
search_changed_cb (GtkSearchEntry *entry,
                   SearchWait     *wait)
{
  /* Replacing the text first empties the entry, which emits search-changed
   * at once; the search for the new text comes after a delay. */
  if (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), wait->text))
    wait->done = TRUE;
}

static void
type_search (Fixture    *fixture,
             const char *text)
{
  GtkEditable *entry = sk_orders_page_get_search_entry (fixture->page);
  SearchWait wait = { text, FALSE };
  gulong handler;

  /* Connected after the page's own handler, so it runs once the page has
   * re-queried. */
  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wait);
  gtk_editable_set_text (entry, text);
  sk_test_wait_until (&wait.done, 10);
  g_signal_handler_disconnect (entry, handler);
  g_assert_cmpstr (sk_order_list_get_search (sk_orders_page_get_order_list (fixture->page)), ==, text[0] != '\0' ? text : NULL);
}

static void
assert_count_label (Fixture *fixture,
                    guint    n)
{
  g_autofree char *expected = sk_ui_format_order_count (n);

  g_assert_cmpstr (sk_orders_page_get_count_text (fixture->page), ==, expected);
}

static void
test_window_shows_orders (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkColumnView *view = sk_orders_page_get_column_view (fixture->page);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  SkDatabase *database = sk_context_get_database (fixture->context);
  g_autoptr(SkOrderObject) first = NULL;
  g_autoptr(SkOrderObject) second = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "main");
  g_assert_cmpstr (sk_window_get_area (fixture->window), ==, "orders");
  g_assert_cmpint (sk_database_count_orders (database), ==, fixture->n_orders);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->n_orders);
  g_assert_cmpstr (sk_orders_page_get_state (fixture->page), ==, "table");
  assert_count_label (fixture, fixture->n_orders);

  /* Newest first by default, and the Date header says so. */
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_assert_cmpint (sk_order_object_get_date_created (first), >=, sk_order_object_get_date_created (second));

  /* The subtitle tells when the last sync was. */
  g_assert_cmpstr (adw_window_title_get_subtitle (fixture->window->content_title), !=, "Not synced yet");
}

static void
test_window_search (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GListModel *model = G_LIST_MODEL (sk_orders_page_get_order_list (fixture->page));
  g_autoptr(SkOrderObject) order = g_list_model_get_item (model, 3);
  const char *number = sk_order_object_get_number (order);
  guint n_found;

  /* An order number is specific enough to leave few rows. */
  type_search (fixture, number);
  n_found = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_found, >=, 1);
  g_assert_cmpuint (n_found, <, fixture->n_orders);
  g_assert_cmpuint (sk_order_list_find (SK_ORDER_LIST (model), sk_order_object_get_id (order)), !=, G_MAXUINT);
  assert_count_label (fixture, n_found);
  g_assert_cmpstr (sk_orders_page_get_state (fixture->page), ==, "table");

  /* Nothing matches: the status page says what to do. */
  type_search (fixture, "zzqqxxnotaname");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (sk_orders_page_get_state (fixture->page), ==, "no-results");
  assert_count_label (fixture, 0);

  /* Hostile input is just text. */
  type_search (fixture, "\"*:-( NEAR");
  g_assert_cmpstr (sk_orders_page_get_state (fixture->page), !=, "error");

  type_search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->n_orders);
  assert_count_label (fixture, fixture->n_orders);
}

static void
test_window_status_filter (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GListModel *model = G_LIST_MODEL (sk_orders_page_get_order_list (fixture->page));
  GtkDropDown *dropdown = sk_orders_page_get_status_dropdown (fixture->page);
  g_auto(GStrv) statuses = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items;

  statuses = sk_database_list_order_statuses (sk_context_get_database (fixture->context), &error);
  g_assert_no_error (error);
  g_assert_nonnull (statuses[0]);

  /* "All Statuses" and one row per status present. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, g_strv_length (statuses) + 1);

  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpstr (sk_order_list_get_status (SK_ORDER_LIST (model)), ==, statuses[0]);
  n_items = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_items, >, 0);
  g_assert_cmpuint (n_items, <=, fixture->n_orders);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SkOrderObject) order = g_list_model_get_item (model, i);

      g_assert_cmpstr (sk_order_object_get_status (order), ==, statuses[0]);
    }
  assert_count_label (fixture, n_items);

  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_null (sk_order_list_get_status (SK_ORDER_LIST (model)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->n_orders);
}

static void
test_window_details (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkColumnView *view = sk_orders_page_get_column_view (fixture->page);
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  SkOrderDetailsView *details_view = sk_orders_page_get_details_view (fixture->page);
  g_autoptr(SkOrderObject) order = g_list_model_get_item (G_LIST_MODEL (selection), 5);
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;

  g_assert_cmpint (sk_order_details_view_get_order_id (details_view), ==, 0);

  gtk_selection_model_select_item (selection, 5, TRUE);
  g_assert_cmpint (sk_order_details_view_get_order_id (details_view), ==, sk_order_object_get_id (order));

  heading = g_strdup_printf ("Order %s", sk_order_object_get_number (order));
  g_assert_cmpstr (sk_order_details_view_get_number (details_view), ==, heading);

  details = sk_database_load_order_details (sk_context_get_database (fixture->context),
                                            sk_order_object_get_id (order), &error);
  g_assert_no_error (error);
  titles = sk_order_details_view_dup_item_titles (details_view);
  g_assert_cmpuint (titles->len, ==, details->order->items->len);
  g_assert_cmpuint (titles->len, >, 0);
  for (guint i = 0; i < titles->len; i++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (details->order->items, i);

      g_assert_cmpstr (g_ptr_array_index (titles, i), ==, item->name);
    }

  /* The selection survives a search that still contains the order. */
  type_search (fixture, sk_order_object_get_number (order));
  g_assert_cmpint (sk_order_details_view_get_order_id (details_view), ==, sk_order_object_get_id (order));
  type_search (fixture, "");
  g_assert_cmpint (sk_order_details_view_get_order_id (details_view), ==, sk_order_object_get_id (order));

  /* Unselecting shows "Select an order" again. */
  gtk_selection_model_unselect_all (selection);
  g_assert_cmpint (sk_order_details_view_get_order_id (details_view), ==, 0);
}

static void
assert_sorted_by_total (GListModel *model,
                        gboolean    descending)
{
  guint n = MIN (g_list_model_get_n_items (model), 40);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(SkOrderObject) a = g_list_model_get_item (model, i - 1);
      g_autoptr(SkOrderObject) b = g_list_model_get_item (model, i);

      if (descending)
        g_assert_cmpint (sk_order_object_get_total (a), >=, sk_order_object_get_total (b));
      else
        g_assert_cmpint (sk_order_object_get_total (a), <=, sk_order_object_get_total (b));
    }
}

static void
test_window_sort (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkColumnView *view = sk_orders_page_get_column_view (fixture->page);
  SkOrderList *list = sk_orders_page_get_order_list (fixture->page);
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) total = g_list_model_get_item (columns, 6);
  g_autoptr(GtkColumnViewColumn) customer = g_list_model_get_item (columns, 2);

  g_assert_cmpint (sk_order_list_get_sort (list), ==, SK_ORDER_SORT_DATE);
  g_assert_true (sk_order_list_get_descending (list));

  /* As a header click does. */
  gtk_column_view_sort_by_column (view, total, GTK_SORT_ASCENDING);
  g_assert_cmpint (sk_order_list_get_sort (list), ==, SK_ORDER_SORT_TOTAL);
  g_assert_false (sk_order_list_get_descending (list));
  assert_sorted_by_total (G_LIST_MODEL (list), FALSE);

  gtk_column_view_sort_by_column (view, total, GTK_SORT_DESCENDING);
  g_assert_cmpint (sk_order_list_get_sort (list), ==, SK_ORDER_SORT_TOTAL);
  g_assert_true (sk_order_list_get_descending (list));
  assert_sorted_by_total (G_LIST_MODEL (list), TRUE);

  gtk_column_view_sort_by_column (view, customer, GTK_SORT_ASCENDING);
  g_assert_cmpint (sk_order_list_get_sort (list), ==, SK_ORDER_SORT_CUSTOMER);
  g_assert_false (sk_order_list_get_descending (list));

  /* No column sorted: back to newest first. */
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (sk_order_list_get_sort (list), ==, SK_ORDER_SORT_DATE);
  g_assert_true (sk_order_list_get_descending (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, fixture->n_orders);
}

static void
test_window_sync_action (Fixture       *fixture,
                         gconstpointer  user_data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  GListModel *model = G_LIST_MODEL (sk_orders_page_get_order_list (fixture->page));
  gint64 end;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync", NULL));
  g_assert_nonnull (fixture->window->sync_cancellable);

  /* Until the window's own callback has run, not just the manager's state. */
  end = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  while (fixture->window->sync_cancellable != NULL || sk_sync_manager_get_syncing (manager))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_null (sk_sync_manager_get_last_error (manager));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->n_orders);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->sync_stack), ==, "idle");
  g_assert_false (gtk_revealer_get_reveal_child (fixture->window->progress_revealer));
  g_assert_null (fixture->window->error_toast);
}

static void
test_window_sync_error_toast (Fixture       *fixture,
                              gconstpointer  user_data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  gint64 end;

  sk_demo_server_add_fault (fixture->demo, SK_DEMO_FAULT_HTTP_401, NULL, 0, G_MAXUINT);
  sk_window_sync (fixture->window);

  end = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  while (fixture->window->sync_cancellable != NULL || sk_sync_manager_get_syncing (manager))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }

  /* The error is a toast offering to try again, and nothing was lost. */
  g_assert_nonnull (sk_sync_manager_get_last_error (manager));
  g_assert_nonnull (fixture->window->error_toast);
  g_assert_cmpstr (adw_toast_get_title (fixture->window->error_toast), ==, sk_sync_manager_get_last_error (manager));
  g_assert_cmpstr (adw_toast_get_action_name (fixture->window->error_toast), ==, "win.sync");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sk_orders_page_get_order_list (fixture->page))), ==, fixture->n_orders);

  sk_demo_server_clear_faults (fixture->demo);
}

static void
test_window_welcome (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = sk_test_make_temp_dir ();
  SkContext *context = sk_context_new (data_dir, &error);
  SkWindow *window;

  g_assert_no_error (error);
  g_assert_false (sk_context_has_store (context));

  window = g_object_ref_sink (sk_window_new (NULL, context));
  gtk_window_present (GTK_WINDOW (window));
  iterate (50);

  /* No shop yet: the welcome page, and nothing that needs a shop works. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "welcome");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL)
                  && window->sync_cancellable != NULL);
  g_assert_null (window->sync_cancellable);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (50);
  g_assert_finalize_object (window);
  g_assert_finalize_object (context);
  sk_test_remove_tree (data_dir);
}

/* A new window of the given size in place of the fixture's: a mapped window
 * under Xvfb without a window manager does not always take a new default
 * size. */
static void
replace_window (Fixture *fixture,
                int      width,
                int      height)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate (50);
  g_assert_finalize_object (fixture->window);
  fixture->window = g_object_ref_sink (sk_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->page = SK_ORDERS_PAGE (sk_window_get_orders_page (fixture->window));
}

static void
test_window_narrow (Fixture       *fixture,
                    gconstpointer  user_data)
{
  /* Phone-sized: a list of two-line rows stands in for the table, over the
   * same selection, so every order is still there. */
  replace_window (fixture, 360, 760);
  ITERATE_UNTIL (g_strcmp0 (sk_orders_page_get_state (fixture->page), "list") == 0 &&
                 gtk_widget_get_width (GTK_WIDGET (fixture->page)) < 400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->page)), <, 400);
  g_assert_cmpstr (sk_orders_page_get_state (fixture->page), ==, "list");
  assert_count_label (fixture, fixture->n_orders);

  /* Wide: the table. */
  replace_window (fixture, 1300, 800);
  ITERATE_UNTIL (g_strcmp0 (sk_orders_page_get_state (fixture->page), "table") == 0);
  g_assert_cmpstr (sk_orders_page_get_state (fixture->page), ==, "table");
}

/* sk-test-gtk-warnings.c: GTK 4.8's occasional "snapshot without a
 * current allocation" warning is reported, any other warning still fails. */
static void
test_gtk_warnings (void)
{
  if (g_test_subprocess ())
    {
      g_log_structured ("Gtk", G_LOG_LEVEL_WARNING,
                        "MESSAGE", "Trying to snapshot GtkBox 0x1 without a current allocation");
      if (g_strcmp0 (g_getenv ("SK_TEST_OTHER_WARNING"), "1") == 0)
        g_log_structured ("Gtk", G_LOG_LEVEL_WARNING, "MESSAGE", "Trying to snapshot something else");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Trying to snapshot GtkBox 0x1 without a current allocation*");

  g_setenv ("SK_TEST_OTHER_WARNING", "1", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SK_TEST_OTHER_WARNING");
  g_test_trap_assert_failed ();
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

  /* Software rendering and no GL at all: GDK would otherwise dlopen Mesa's
   * swrast driver under Xvfb, which leaks at unload (where LeakSanitizer
   * can no longer name it to suppress it), and its speed varies by machine. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/window/no-display", test_no_display);
      return g_test_run ();
    }

  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/window/shows-orders", test_window_shows_orders);
  ADD ("/ui/window/search", test_window_search);
  ADD ("/ui/window/status-filter", test_window_status_filter);
  ADD ("/ui/window/details", test_window_details);
  ADD ("/ui/window/sort", test_window_sort);
  ADD ("/ui/window/narrow", test_window_narrow);
  ADD ("/ui/window/sync-action", test_window_sync_action);
  ADD ("/ui/window/sync-error-toast", test_window_sync_error_toast);
#undef ADD
  g_test_add_func ("/ui/window/welcome", test_window_welcome);
  g_test_add_func ("/ui/window/gtk-warnings", test_gtk_warnings);

  return g_test_run ();
}
