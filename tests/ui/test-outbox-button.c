/* test-outbox-button.c — the header bar's "changes waiting" indicator and
 * its list of failed changes, against the demo store. Needs a display;
 * skips without.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-outbox-button.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"
#include "sk-window-private.h"

typedef struct
{
  char         *data_dir;
  SkDemoServer *demo;
  SkContext    *context;
  SkWindow     *window;
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

static void
sync_and_wait (Fixture *fixture)
{
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  sk_window_sync (fixture->window);
  g_assert_true (sk_sync_manager_get_syncing (manager));
  while (sk_sync_manager_get_syncing (manager) || fixture->window->sync_cancellable != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = sk_test_make_temp_dir ();
  fixture->demo = sk_test_start_demo (5, 60);
  fixture->context = sk_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);
  sk_sync_manager_set_store (sk_context_get_sync_manager (fixture->context),
                             sk_demo_server_get_url (fixture->demo),
                             sk_demo_server_get_key (fixture->demo),
                             sk_demo_server_get_secret (fixture->demo));

  fixture->window = g_object_ref_sink (sk_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  sync_and_wait (fixture);
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

/* The newest order's remote id and status, read straight from the file. */
static gint64
pick_order (Fixture  *fixture,
            char    **out_status)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_open_v2 (sk_database_get_path (sk_context_get_database (fixture->context)),
                                    &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT remote_id, status FROM orders ORDER BY remote_id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  *out_status = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

static void
test_waiting_failed_discard (Fixture       *fixture,
                             gconstpointer  user_data)
{
  SkOutboxButton *button = fixture->window->outbox_button;
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_title = NULL;
  GtkListBox *list;
  GtkWidget *row;
  GtkWidget *discard;
  gint64 order_id;

  /* Nothing waiting: nothing shown. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));

  order_id = pick_order (fixture, &status);
  g_assert_cmpint (sk_context_queue_order_status (fixture->context, order_id,
                                                  g_str_equal (status, "completed") ? "on-hold" : "completed",
                                                  &error), >, 0);
  g_assert_no_error (error);
  iterate (20);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_cmpstr (sk_outbox_button_get_label (button), ==, "1");
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 1);

  /* The store lets us read the order but refuses the write (a read-only
   * key): the change fails for good and says why. */
  path = g_strdup_printf ("orders/%" G_GINT64_FORMAT, order_id);
  sk_demo_server_add_fault (fixture->demo, SK_DEMO_FAULT_HTTP_401, path, 1, 1);
  sync_and_wait (fixture);
  iterate (20);
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_cmpstr (sk_outbox_button_get_label (button), ==, "1");

  sk_outbox_button_reload (button);
  list = sk_outbox_button_get_list (button);
  g_assert_cmpuint (count_rows (list), ==, 1);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  expected_title = g_strdup_printf ("Order %" G_GINT64_FORMAT ": status to", order_id);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), expected_title));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Read/Write"));
  g_assert_nonnull (find_button (row, "_Retry"));

  /* Discard: gone from the list, the indicator hides. */
  discard = find_button (row, "_Discard");
  g_assert_nonnull (discard);
  g_signal_emit_by_name (discard, "clicked");
  iterate (20);
  g_assert_cmpint (sk_sync_manager_get_failed_changes (manager), ==, 0);
  g_assert_cmpint (sk_sync_manager_get_pending_changes (manager), ==, 0);
  g_assert_cmpuint (count_rows (sk_outbox_button_get_list (button)), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
}

static void
test_no_display (void)
{
  g_test_skip ("No display (run under xvfb-run)");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/outbox-button/no-display", test_no_display);
      return g_test_run ();
    }

  adw_init ();

  g_test_add ("/ui/outbox-button/waiting-failed-discard", Fixture, NULL,
              fixture_set_up, test_waiting_failed_discard, fixture_tear_down);

  return g_test_run ();
}
