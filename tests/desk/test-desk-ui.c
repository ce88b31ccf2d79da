/* test-desk-ui.c — Preferences → Shop and the promise dialog, driven as a
 * person would (rows applied, buttons clicked) on a demo shop synced over
 * HTTP. Needs a display (run under xvfb-run); skips without.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-order-desk.h"
#include "sk-prefs-shop-page.h"
#include "sk-promise-dialog.h"
#include "sk-shop-settings.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"
#include "sk-time.h"

typedef struct
{
  char         *data_dir;
  SkDemoServer *demo;
  SkContext    *context;
  GtkWindow    *window;
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
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, NULL));
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
  fixture->demo = sk_test_start_demo (5, 800);
  fixture->context = sk_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);

  manager = sk_context_get_sync_manager (fixture->context);
  sk_sync_manager_set_store (manager,
                             sk_demo_server_get_url (fixture->demo),
                             sk_demo_server_get_key (fixture->demo),
                             sk_demo_server_get_secret (fixture->demo));
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &done);
  sk_test_wait_until (&done, 60);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  iterate (50);
  g_assert_finalize_object (fixture->context);
  sk_demo_server_stop (fixture->demo);
  g_object_unref (fixture->demo);
  sk_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static char *
setting (Fixture    *fixture,
         const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SkDatabase *writer = sk_context_get_writer (fixture->context, &url, &error);

  g_assert_no_error (error);
  return sk_shop_settings_get_string (writer, key, NULL);
}

/* The toggle of weekday @index (0: Monday) in the page's flow box. */
static GtkWidget *
weekday_button (GtkWidget *box,
                int        index)
{
  GtkFlowBoxChild *cell = gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (box), index);

  g_assert_nonnull (cell);
  return gtk_flow_box_child_get_child (cell);
}

static void
apply_row (gpointer    page,
           const char *name,
           const char *text)
{
  AdwEntryRow *row = child (page, SK_TYPE_PREFS_SHOP_PAGE, name);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_prefs_shop (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkWidget *page = sk_prefs_shop_page_new (fixture->context);
  g_autofree char *email = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *working = NULL;
  g_autofree char *holidays = NULL;
  g_autofree char *handling = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *follow_up = NULL;
  AdwEntryRow *email_row;
  GtkWidget *weekday_box;
  GtkWidget *monday;

  gtk_window_set_child (fixture->window, page);
  iterate (100);

  /* Contact details: saved when applied, stripped; a bad one is refused
   * and marked, the saved value stays. */
  apply_row (page, "name_row", "  Teapots & Co  ");
  apply_row (page, "email_row", "hello@teapots.example");
  apply_row (page, "url_row", "https://teapots.example");
  name = setting (fixture, SK_SHOP_NAME);
  email = setting (fixture, SK_SHOP_EMAIL);
  g_assert_cmpstr (name, ==, "Teapots & Co");
  g_assert_cmpstr (email, ==, "hello@teapots.example");

  apply_row (page, "email_row", "hello at teapots");
  email_row = child (page, SK_TYPE_PREFS_SHOP_PAGE, "email_row");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (email_row), "error"));
  g_clear_pointer (&email, g_free);
  email = setting (fixture, SK_SHOP_EMAIL);
  g_assert_cmpstr (email, ==, "hello@teapots.example");

  apply_row (page, "url_row", "teapots.example");
  url = setting (fixture, SK_SHOP_URL);
  g_assert_cmpstr (url, ==, "https://teapots.example");

  /* Emptying a field unsets it. */
  apply_row (page, "url_row", "  ");
  g_clear_pointer (&url, g_free);
  url = setting (fixture, SK_SHOP_URL);
  g_assert_null (url);

  /* The shipping promise: saved a moment after the last change. */
  gtk_spin_button_set_value (child (page, SK_TYPE_PREFS_SHOP_PAGE, "handling_spin"), 3);
  gtk_spin_button_set_value (child (page, SK_TYPE_PREFS_SHOP_PAGE, "cutoff_hour_spin"), 11);
  gtk_spin_button_set_value (child (page, SK_TYPE_PREFS_SHOP_PAGE, "cutoff_minute_spin"), 30);
  gtk_spin_button_set_value (child (page, SK_TYPE_PREFS_SHOP_PAGE, "follow_up_spin"), 10);
  weekday_box = child (page, SK_TYPE_PREFS_SHOP_PAGE, "weekday_box");
  monday = weekday_button (weekday_box, 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (monday), FALSE);
  apply_row (page, "holiday_entry", "2026-12-25");
  apply_row (page, "holiday_entry", "2026-02-30");
  g_assert_true (gtk_widget_has_css_class (child (page, SK_TYPE_PREFS_SHOP_PAGE, "holiday_entry"), "error"));
  iterate (900);

  handling = setting (fixture, SK_SETTING_HANDLING_DAYS);
  cutoff = setting (fixture, SK_SETTING_CUTOFF_MINUTES);
  working = setting (fixture, SK_SETTING_WORKING_DAYS);
  holidays = setting (fixture, SK_SETTING_HOLIDAYS);
  follow_up = setting (fixture, SK_SETTING_FOLLOW_UP_DAYS);
  g_assert_cmpstr (handling, ==, "3");
  g_assert_cmpstr (cutoff, ==, "690");
  g_assert_cmpstr (working, ==, "30");
  g_assert_cmpstr (holidays, ==, "2026-12-25");
  g_assert_cmpstr (follow_up, ==, "10");

  /* The last working day cannot be switched off. */
  for (int i = 0; i < 7; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (weekday_button (weekday_box, i)), FALSE);
  iterate (900);
  g_clear_pointer (&working, g_free);
  working = setting (fixture, SK_SETTING_WORKING_DAYS);
  /* Tuesday to Friday were on: Friday, the last one left, stays. */
  g_assert_cmpstr (working, ==, "16");

  /* A new page shows what was saved. */
  gtk_window_set_child (fixture->window, NULL);
  page = sk_prefs_shop_page_new (fixture->context);
  gtk_window_set_child (fixture->window, page);
  iterate (100);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (page, SK_TYPE_PREFS_SHOP_PAGE, "handling_spin")), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (child (page, SK_TYPE_PREFS_SHOP_PAGE, "name_row")), ==, "Teapots & Co");
  g_assert_cmpstr (adw_expander_row_get_subtitle (child (page, SK_TYPE_PREFS_SHOP_PAGE, "holidays_row")), ==, "1 day");
  gtk_window_set_child (fixture->window, NULL);
}

static void
saved_cb (SkPromiseDialog *dialog,
          gboolean        *saved)
{
  *saved = TRUE;
}

static void
test_promise_dialog (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SkDatabase *writer = sk_context_get_writer (fixture->context, &url, &error);
  SkPromiseDialog *dialog;
  GtkWidget *save;
  gboolean saved = FALSE;
  gint64 order_id;
  GArray *ids;

  g_assert_no_error (error);
  ids = sk_order_desk_query_attention_ids (writer, sk_time_now_utc (), SK_ATTENTION_UNCONFIRMED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  order_id = g_array_index (ids, gint64, ids->len - 1);
  g_array_unref (ids);

  dialog = sk_promise_dialog_present (GTK_WIDGET (fixture->window), fixture->context, order_id);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  iterate (100);

  /* The rule's date and the shop's usual lead time are shown. */
  g_assert_nonnull (adw_action_row_get_subtitle (child (dialog, SK_TYPE_PROMISE_DIALOG, "rule_row")));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (child (dialog, SK_TYPE_PROMISE_DIALOG, "usual_row")),
                                   "Usually "));

  /* No reason, no saving. */
  save = child (dialog, SK_TYPE_PROMISE_DIALOG, "save_button");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (child (dialog, SK_TYPE_PROMISE_DIALOG, "reason_row"), "   ");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (child (dialog, SK_TYPE_PROMISE_DIALOG, "reason_row"), "Engraving");
  /* A reason for the day promised already: nothing to save either. */
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Yesterday is no promise; ten days from now is. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);

    gtk_calendar_select_day (child (dialog, SK_TYPE_PROMISE_DIALOG, "calendar"), yesterday);
    g_assert_false (gtk_widget_get_sensitive (save));
    day = g_date_time_add_days (now, 10);
  }
  gtk_calendar_select_day (child (dialog, SK_TYPE_PROMISE_DIALOG, "calendar"), day);
  g_assert_true (gtk_widget_get_sensitive (save));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (save, "clicked");
  iterate (100);
  g_assert_true (saved);
  g_assert_null (dialog);

  desk = sk_order_desk_load (writer, order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (desk->promise_source, ==, SK_PROMISE_SOURCE_MANUAL);
  g_assert_cmpstr (desk->promise_reason, ==, "Engraving");
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (desk->promised_ship_at);
    g_autoptr(GDateTime) local = g_date_time_to_local (utc);

    g_assert_cmpint (g_date_time_get_day_of_year (local), ==, g_date_time_get_day_of_year (day));
    g_assert_cmpint (g_date_time_get_hour (local), ==, 23);
  }
  g_clear_pointer (&day, g_date_time_unref);
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

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/desk-ui/no-display", test_no_display);
      return g_test_run ();
    }

  adw_init ();

  g_test_add ("/desk-ui/prefs-shop", Fixture, NULL, fixture_set_up, test_prefs_shop, fixture_tear_down);
  g_test_add ("/desk-ui/promise-dialog", Fixture, NULL, fixture_set_up, test_promise_dialog, fixture_tear_down);

  return g_test_run ();
}
