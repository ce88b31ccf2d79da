/* test-messages-ui.c — the follow-ups panel, the preferences page, the
 * template editor and the message dialogs, against the demo store. Needs
 * a display (the suite runs under xvfb-run); skips without.
 *
 * With SK_MESSAGES_UI_LINGER=<seconds>, each window stays up that long (to
 * take screenshots of it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "sk-context.h"
#include "sk-follow-ups-panel.h"
#include "sk-message-dialogs.h"
#include "sk-messenger.h"
#include "sk-order-desk.h"
#include "sk-prefs-messages-page.h"
#include "sk-shop-settings.h"
#include "sk-template-editor.h"
#include "sk-test-utils.h"
#include "sk-orders-page-private.h"
#include "sk-window-private.h"

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
} Fixture;

typedef struct
{
  gboolean done;
  GError  *error;
} SyncResult;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncResult *r = user_data;

  sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &r->error);
  r->done = TRUE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
linger (const char *name)
{
  const char *seconds = g_getenv ("SK_MESSAGES_UI_LINGER");
  const char *shots = g_getenv ("SK_MESSAGES_UI_SHOTS");

  spin (seconds != NULL ? (guint) g_ascii_strtoull (seconds, NULL, 10) * 1000 : 50);

  /* A picture of the screen as it is now, for the notes (ImageMagick). */
  if (shots != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s-%s.png", shots, name);
      g_autofree char *command = g_strdup_printf ("import -window root %s", path);

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SyncResult r = { 0 };
  SkDatabase *db;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (11, 300);
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);
  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);
  g_assert_no_error (r.error);

  db = sk_context_get_writer (f->context, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sk_shop_settings_set_string (db, SK_SHOP_NAME, "Café Müller", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (db, SK_SHOP_PHONE, "+49 30 1234567", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (db, SK_SHOP_EMAIL, "shop@example.com", NULL, &error));
  /* A shop that has used the desk for a year: recent parcels get follow-ups. */
  g_assert_true (sk_shop_settings_set_int (db, SK_SETTING_DESK_STARTED,
                                           g_get_real_time () / G_USEC_PER_SEC - 365 * 86400, NULL, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spin (50);
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GtkLabel *find_label (GtkWidget  *widget,
                             const char *prefix);

static void
test_follow_ups_panel (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *panel = sk_follow_ups_panel_new (f->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = NULL;
  g_autofree char *expected = NULL;
  SkMessenger *messenger = sk_context_get_service (f->context, SK_TYPE_MESSENGER);
  SkDatabase *db;
  GtkWidget *button;
  guint n_due;
  guint n_left;
  gint64 end;

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 640);
  adw_window_set_content (ADW_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));

  n_due = sk_follow_ups_panel_get_n_due (SK_FOLLOW_UPS_PANEL (panel));
  g_assert_cmpuint (n_due, >, 0);
  linger ("followups-before");

  /* "Send All" is the suggested button of the header. */
  button = gtk_widget_get_last_child (gtk_widget_get_first_child (gtk_widget_get_first_child (panel)));
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_sensitive (button));

  /* The list is a snapshot: one order stops being due after it was shown
   * (as when its time for a follow-up ends), behind the panel's back. */
  db = sk_context_get_writer (f->context, NULL, &error);
  g_assert_no_error (error);
  due = sk_messenger_list_follow_ups_due (messenger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, n_due);
  g_assert_true (sk_order_desk_mark_followed_up (db, g_array_index (due, gint64, 0), 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sk_follow_ups_panel_get_n_due (SK_FOLLOW_UPS_PANEL (panel)), ==, n_due);

  gtk_widget_activate (button);

  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  /* The button is pressed (a short animation), then the spinner turns
   * until all went; the list is then refreshed. */
  while ((sk_follow_ups_panel_get_n_due (SK_FOLLOW_UPS_PANEL (panel)) == n_due
          || gtk_widget_get_visible (gtk_widget_get_prev_sibling (button)))
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_prev_sibling (button)));
  /* Orders without a valid address stay due (the messenger's tests count
   * them); the others went. */
  n_left = sk_follow_ups_panel_get_n_due (SK_FOLLOW_UPS_PANEL (panel));
  g_assert_cmpuint (n_left, <, n_due - 1);
  /* The panel accounts for every order it listed: those queued for the
   * store, any without an address, and the one no longer due. */
  expected = sk_follow_ups_panel_describe_sent (n_due, n_due - 1 - n_left, n_left, FALSE, TRUE);
  g_assert_nonnull (strstr (expected, "queued for the store"));
  g_assert_nonnull (strstr (expected, "1 follow-up in the list was not sent"));
  g_assert_nonnull (find_label (panel, expected));
  linger ("followups-after");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_page (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = sk_prefs_messages_page_new (f->context);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 820);
  gtk_window_present (GTK_WINDOW (window));
  linger ("prefs");
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The stack with a page called @name under @widget. */
static GtkStack *
find_stack (GtkWidget  *widget,
            const char *name)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), name) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The language drop-down (its items are language codes) and the
 * position of @code in it. */
static GtkDropDown *
find_language_dropdown (GtkWidget  *widget,
                        const char *code,
                        guint      *out_position)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, i);

          if (GTK_IS_STRING_OBJECT (item) && g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), code) == 0)
            {
              *out_position = i;
              return GTK_DROP_DOWN (widget);
            }
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_language_dropdown (child, code, out_position);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A visible label under @widget whose text starts with @prefix. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWindow *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *editor = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SK_IS_TEMPLATE_EDITOR (window))
        editor = window;
    }

  return editor;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_template_editor (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *source = NULL;
  SkDatabase *db = sk_context_get_writer (f->context, NULL, &error);
  GtkWindow *editor = NULL;
  GtkStack *stack;
  GtkWidget *html;
  GtkWidget *text_page;
  const char *markup;

  g_assert_true (sk_shop_settings_set_string (db, SK_SHOP_URL, "https://cafe-mueller.example", NULL, &error));

  sk_template_editor_present (NULL, f->context, SK_TEMPLATE_CONFIRMATION);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
  editor = find_editor ();
  g_assert_nonnull (editor);
  spin (50);

  /* The preview shows the text part, the HTML part as it looks (with the
   * shop's address as a link) and the HTML as it is sent. */
  stack = find_stack (GTK_WIDGET (editor), "html");
  g_assert_nonnull (stack);
  text_page = gtk_stack_get_child_by_name (stack, "text");
  g_assert_nonnull (text_page);
  text = buffer_text (GTK_TEXT_VIEW (find_widget (text_page, GTK_TYPE_TEXT_VIEW)));
  g_assert_nonnull (strstr (text, "Café Müller"));
  g_assert_null (strstr (text, "<p>"));

  /* The toggles above the preview switch its pages. */
  {
    GtkLabel *toggle_label = find_label (GTK_WIDGET (editor), "HTML");
    GtkWidget *toggle = toggle_label != NULL ? gtk_widget_get_ancestor (GTK_WIDGET (toggle_label), GTK_TYPE_TOGGLE_BUTTON) : NULL;

    g_assert_nonnull (toggle);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "text");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "html");
  }
  html = find_widget (gtk_stack_get_child_by_name (stack, "html"), GTK_TYPE_LABEL);
  g_assert_nonnull (html);
  markup = gtk_label_get_label (GTK_LABEL (html));
  g_test_message ("HTML preview: %s", markup);
  g_assert_true (gtk_label_get_use_markup (GTK_LABEL (html)));
  g_assert_nonnull (strstr (markup, "<a href=\"https://cafe-mueller.example\">"));
  g_assert_nonnull (strstr (markup, "Café Müller"));
  g_assert_null (strstr (markup, "<p>"));
  linger ("editor-html");

  source = buffer_text (GTK_TEXT_VIEW (find_widget (gtk_stack_get_child_by_name (stack, "source"), GTK_TYPE_TEXT_VIEW)));
  g_assert_true (g_str_has_prefix (source, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (source, "<p>"));

  gtk_stack_set_visible_child_name (stack, "text");
  linger ("editor");

  /* A template per language: German chosen, edited and saved is the
   * German one; the English one is untouched. */
  {
    g_autoptr(SkTemplate) german = NULL;
    g_autoptr(SkTemplate) english = NULL;
    GtkDropDown *languages;
    GtkEditable *subject;
    guint position = 0;

    languages = find_language_dropdown (GTK_WIDGET (editor), "de", &position);
    g_assert_nonnull (languages);
    gtk_drop_down_set_selected (languages, position);
    spin (50);
    subject = GTK_EDITABLE (find_widget (GTK_WIDGET (editor), GTK_TYPE_ENTRY));
    g_assert_nonnull (subject);
    gtk_editable_set_text (subject, "Ihre Bestellung {order_number}");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "template.save", NULL));
    german = sk_messages_load_template (db, SK_TEMPLATE_CONFIRMATION, "de", &error);
    g_assert_no_error (error);
    g_assert_nonnull (german);
    g_assert_cmpstr (german->subject, ==, "Ihre Bestellung {order_number}");
    english = sk_messages_load_template (db, SK_TEMPLATE_CONFIRMATION, "en", &error);
    g_assert_no_error (error);
    g_assert_null (english);
  }

  /* A shop detail the template uses but nobody filled in is pointed out
   * (all others are set in this shop). */
  {
    /* The first text view is the template's text, the preview's follow. */
    GtkTextView *body = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW));
    GtkLabel *missing;

    g_assert_null (find_label (GTK_WIDGET (editor), "Not filled in yet"));
    g_assert_true (gtk_text_view_get_editable (body));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), "Hello {first_name},\n\nreview us: {review_url}", -1);
    missing = find_label (GTK_WIDGET (editor), "Not filled in yet");
    g_assert_nonnull (missing);
    g_assert_nonnull (strstr (gtk_label_get_text (missing), "{review_url}"));
    g_assert_null (strstr (gtk_label_get_text (missing), "{shop_name}"));
  }

  gtk_window_destroy (editor);
}

/* The editor is in the main menu (win.message-templates, Ctrl+Shift+M),
 * not only in Preferences. */
static void
test_template_editor_from_window (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SkWindow) window = g_object_ref_sink (sk_window_new (NULL, f->context));
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *editor;
  guint before;

  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  before = g_list_model_get_n_items (toplevels);
  g_assert_null (find_editor ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.message-templates", NULL));
  spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (editor) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (editor));
  gtk_window_destroy (editor);
  spin (50);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_assert_finalize_object (g_steal_pointer (&window));
}

static void
details_changed_cb (SkOrderDetailsView *details,
                    guint              *n_changed)
{
  (*n_changed)++;
}

/* A message recorded about the order shown reaches its timeline at once:
 * the details pane of the window follows the messenger and shows the
 * order again (it once missed it, being rooted before the window had its
 * context). */
static void
test_timeline_follows_messages (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SkWindow) window = g_object_ref_sink (sk_window_new (NULL, f->context));
  g_autoptr(GError) error = NULL;
  SkMessenger *messenger = sk_context_get_service (f->context, SK_TYPE_MESSENGER);
  SkOrderDetailsView *details = sk_orders_page_get_details_view (window->orders_page);
  SkDatabase *db = sk_context_get_database (f->context);
  guint n_changed = 0;

  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  g_assert_true (sk_order_details_view_show_order (details, db, 1, &error));
  g_assert_no_error (error);
  g_signal_connect (details, "changed", G_CALLBACK (details_changed_cb), &n_changed);

  /* About another order: nothing to show again. */
  g_assert_cmpint (sk_messenger_log_inbound (messenger, 2, SK_MESSAGE_CHANNEL_PHONE, "Hello?", 0, &error), >, 0);
  spin (50);
  g_assert_cmpuint (n_changed, ==, 0);

  g_assert_cmpint (sk_messenger_log_inbound (messenger, 1, SK_MESSAGE_CHANNEL_PHONE,
                                             "Could the parcel go to the neighbour at number 12?", 0, &error), >, 0);
  g_assert_no_error (error);
  spin (50);
  g_assert_cmpuint (n_changed, ==, 1);

  g_signal_handlers_disconnect_by_func (details, details_changed_cb, &n_changed);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_assert_finalize_object (g_steal_pointer (&window));
}

/* The orders area shows how many follow-ups are due, in a window as the
 * app makes it (the bar was never made: the page is rooted before the
 * window has its context). */
static void
test_follow_ups_bar (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SkWindow) window = g_object_ref_sink (sk_window_new (NULL, f->context));
  g_autoptr(GArray) due = NULL;
  g_autoptr(GError) error = NULL;
  SkMessenger *messenger = sk_context_get_service (f->context, SK_TYPE_MESSENGER);

  due = sk_messenger_list_follow_ups_due (messenger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, >, 0);

  gtk_window_present (GTK_WINDOW (window));
  for (guint waited = 0; !gtk_revealer_get_reveal_child (window->orders_page->follow_ups_revealer) && waited < 50; waited++)
    spin (100);
  g_assert_true (gtk_revealer_get_reveal_child (window->orders_page->follow_ups_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (window->orders_page->follow_ups_label), "follow-up"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_assert_finalize_object (g_steal_pointer (&window));
}

static GtkWindow *
newest_dialog (guint before)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);
  g_autoptr(GtkWindow) window = NULL;

  g_assert_cmpuint (n, ==, before + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (ADW_IS_WINDOW (candidate) && !SK_IS_TEMPLATE_EDITOR (candidate))
        g_set_object (&window, candidate);
    }
  g_assert_nonnull (window);

  return window;
}

static void
test_dialogs (Fixture       *f,
              gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GArray) due = NULL;
  g_autoptr(GError) error = NULL;
  SkMessenger *messenger = sk_context_get_service (f->context, SK_TYPE_MESSENGER);
  gint64 ids[2] = { 1, 2 };
  guint before;
  GtkWindow *dialog;

  due = sk_messenger_list_follow_ups_due (messenger, &error);
  g_assert_no_error (error);

  before = g_list_model_get_n_items (toplevels);
  sk_mark_shipped_dialog_present (NULL, f->context, ids, 2);
  dialog = newest_dialog (before);
  linger ("shipped");
  gtk_window_destroy (dialog);

  before = g_list_model_get_n_items (toplevels);
  sk_report_delay_dialog_present (NULL, f->context, 1);
  dialog = newest_dialog (before);
  linger ("delay");
  gtk_window_destroy (dialog);

  before = g_list_model_get_n_items (toplevels);
  sk_log_message_dialog_present (NULL, f->context, 1);
  dialog = newest_dialog (before);
  linger ("log");
  gtk_window_destroy (dialog);

  before = g_list_model_get_n_items (toplevels);
  sk_send_message_dialog_present (NULL, f->context, ids, 1, SK_TEMPLATE_CONFIRMATION);
  dialog = newest_dialog (before);
  linger ("send");
  gtk_window_destroy (dialog);
}

/* Toasts say what happened per channel: through the store a message is
 * only queued until a sync pushes it; over SMTP it is sent. */
static void
test_sent_wording (void)
{
  struct {
    SkSentWhat  what;
    gboolean    through_store;
    guint       n;
    const char *text;
  } cases[] = {
    { SK_SENT_MESSAGES, TRUE, 1, "1 message queued for the store — it goes out with the next sync" },
    { SK_SENT_MESSAGES, TRUE, 3, "3 messages queued for the store — they go out with the next sync" },
    { SK_SENT_MESSAGES, FALSE, 1, "1 message sent" },
    { SK_SENT_MESSAGES, FALSE, 2, "2 messages sent" },
    { SK_SENT_SHIPPED, TRUE, 1, "1 order marked shipped; the message to the customer goes out with the next sync" },
    { SK_SENT_SHIPPED, TRUE, 2, "2 orders marked shipped; the messages to the customers go out with the next sync" },
    { SK_SENT_SHIPPED, FALSE, 1, "1 order marked shipped; the customer was told" },
    { SK_SENT_SHIPPED, FALSE, 4, "4 orders marked shipped; the customers were told" },
    { SK_SENT_DELAY, TRUE, 1, "Delay recorded; the notice to the customer goes out with the next sync" },
    { SK_SENT_DELAY, FALSE, 1, "Delay recorded; the customer was told the new date" },
    { SK_SENT_FOLLOW_UPS, TRUE, 1, "1 follow-up queued for the store — it goes out with the next sync" },
    { SK_SENT_FOLLOW_UPS, TRUE, 306, "306 follow-ups queued for the store — they go out with the next sync" },
    { SK_SENT_FOLLOW_UPS, FALSE, 1, "1 follow-up sent" },
    { SK_SENT_FOLLOW_UPS, FALSE, 2, "2 follow-ups sent" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sk_message_sent_summary (cases[i].what, cases[i].through_store, cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* After Send All: all sent, some no longer due, a failure (its reason
   * is in the error line), nothing sent at all. */
  {
    g_autofree char *all = sk_follow_ups_panel_describe_sent (2, 2, 0, FALSE, FALSE);
    g_autofree char *one_left = sk_follow_ups_panel_describe_sent (307, 306, 0, FALSE, TRUE);
    g_autofree char *two_left = sk_follow_ups_panel_describe_sent (2, 0, 0, FALSE, FALSE);
    g_autofree char *no_address = sk_follow_ups_panel_describe_sent (5, 3, 2, FALSE, FALSE);
    g_autofree char *failed = sk_follow_ups_panel_describe_sent (3, 1, 0, TRUE, FALSE);
    g_autofree char *nothing = sk_follow_ups_panel_describe_sent (0, 0, 0, FALSE, TRUE);

    g_assert_cmpstr (all, ==, "2 follow-ups sent.");
    g_assert_cmpstr (no_address, ==, "3 follow-ups sent. 2 follow-ups were not sent: their orders have no valid"
                                     " e-mail address, so they stay in the list.");
    g_assert_cmpstr (one_left, ==, "306 follow-ups queued for the store — they go out with the next sync. "
                                   "1 follow-up in the list was not sent: its order was no longer due when you sent them "
                                   "(its time for a follow-up had passed, or one had gone out before).");
    g_assert_true (g_str_has_prefix (two_left, "2 follow-ups in the list were not sent: their orders"));
    g_assert_cmpstr (failed, ==, "1 follow-up sent.");
    g_assert_null (nothing);
  }
}

static void
test_no_display (void)
{
  g_test_skip ("No display");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("SK_MESSAGES_UI_LINGER") == NULL)
    {
      /* As test-window: no GL under Xvfb. */
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
    }

  g_test_add_func ("/messages-ui/sent-wording", test_sent_wording);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/messages-ui/no-display", test_no_display);
      return g_test_run ();
    }

  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/messages-ui/follow-ups-panel", test_follow_ups_panel);
  ADD ("/messages-ui/preferences-page", test_preferences_page);
  ADD ("/messages-ui/template-editor", test_template_editor);
  ADD ("/messages-ui/template-editor-from-window", test_template_editor_from_window);
  ADD ("/messages-ui/timeline-follows-messages", test_timeline_follows_messages);
  ADD ("/messages-ui/follow-ups-bar", test_follow_ups_bar);
  ADD ("/messages-ui/dialogs", test_dialogs);
#undef ADD

  return g_test_run ();
}
