/* test-store-setup.c — connecting a store as a user would: the first-run
 * form of the window against the demo store over HTTP, with the keys going
 * to a private gnome-keyring. Needs a display; skips without.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-preferences-window.h"
#include "sk-secrets.h"
#include "sk-store-setup.h"
#include "sk-sync-manager.h"
#include "sk-test-keyring.h"
#include "sk-test-utils.h"
#include "sk-window-private.h"

#define N_ORDERS 120
#define WRONG_SECRET "cs_wrong-secret-never-stored-5d1e"

typedef struct
{
  char         *data_dir;
  SkDemoServer *demo;
  SkContext    *context;
  SkWindow     *window;
  SkStoreSetup *setup;
  char         *url;
} Fixture;

static SkTestKeyring *keyring;

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
wait_not_busy (SkStoreSetup *setup)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (sk_store_setup_get_busy (setup))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static GSettings *
new_settings (void)
{
  return g_settings_new ("app.shopkeeper.Shopkeeper");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const SkDemoOptions *options = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = new_settings ();

  g_settings_reset (settings, "store-url");

  fixture->data_dir = sk_test_make_temp_dir ();
  if (options != NULL)
    {
      fixture->demo = sk_demo_server_new (options);
      g_assert_true (sk_demo_server_start (fixture->demo, &error));
      g_assert_no_error (error);
    }
  else
    fixture->demo = sk_test_start_demo (11, N_ORDERS);
  fixture->url = g_strdup (sk_demo_server_get_url (fixture->demo));
  /* The form stores the address without a trailing slash. */
  while (g_str_has_suffix (fixture->url, "/"))
    fixture->url[strlen (fixture->url) - 1] = '\0';

  fixture->context = sk_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);

  fixture->window = g_object_ref_sink (sk_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->setup = fixture->window->store_setup;
  iterate (50);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(GAsyncResult) result = NULL;

  /* A focused entry destroyed without a focus-out makes GTK warn. */
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  iterate (20);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate (50);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->context);
  sk_demo_server_stop (fixture->demo);
  g_assert_finalize_object (fixture->demo);

  /* Leave the keyring and settings as the next test expects them. */
  g_settings_reset (settings, "store-url");
  sk_secrets_clear_async (fixture->url, NULL, lookup_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sk_secrets_clear_finish (result, NULL));

  sk_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->url);
}

static SkCredentials *
lookup_keyring (const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SkCredentials *credentials;

  sk_secrets_lookup_async (url, NULL, lookup_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  credentials = sk_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);

  return credentials;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize n = strlen (needle);

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

/* Every string value of every key of our schema, joined. */
static char *
dump_settings (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  GString *out = g_string_new (NULL);

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_string_append_printf (out, "%s=%s\n", keys[i], printed);
    }

  return g_string_free (out, FALSE);
}

static void
test_wrong_secret (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(SkCredentials) stored = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *url = NULL;
  g_autofree char *dump = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "welcome");

  sk_store_setup_fill (fixture->setup, fixture->url, SK_CREDENTIALS_WOO_KEYS,
                       sk_demo_server_get_key (fixture->demo), WRONG_SECRET);
  sk_store_setup_connect (fixture->setup);
  g_assert_true (sk_store_setup_get_busy (fixture->setup));
  wait_not_busy (fixture->setup);

  /* The store's refusal, in plain words, under the form. */
  g_assert_nonnull (sk_store_setup_get_error (fixture->setup));
  g_test_message ("error shown: %s", sk_store_setup_get_error (fixture->setup));
  g_assert_null (strstr (sk_store_setup_get_error (fixture->setup), WRONG_SECRET));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* Nothing kept anywhere. */
  stored = lookup_keyring (fixture->url);
  g_assert_null (stored);
  url = g_settings_get_string (settings, "store-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_null (sk_sync_manager_get_store_url (sk_context_get_sync_manager (fixture->context)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "welcome");
  dump = dump_settings ();
  g_assert_null (strstr (dump, WRONG_SECRET));
}

static void
test_right_keys (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(SkCredentials) stored = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *url = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *wal = NULL;
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  SkDatabase *database = sk_context_get_database (fixture->context);
  const char *secret = sk_demo_server_get_secret (fixture->demo);
  gint64 deadline;

  /* Typed with a trailing slash and spaces, as people do. */
  {
    g_autofree char *typed = g_strdup_printf ("  %s/ ", fixture->url);

    sk_store_setup_fill (fixture->setup, typed, SK_CREDENTIALS_WOO_KEYS,
                         sk_demo_server_get_key (fixture->demo), secret);
  }
  sk_store_setup_connect (fixture->setup);
  wait_not_busy (fixture->setup);
  g_assert_cmpstr (sk_store_setup_get_error (fixture->setup), ==, NULL);

  /* Pointed at the store and syncing; wait for the first sync to end. */
  g_assert_cmpstr (sk_sync_manager_get_store_url (manager), ==, fixture->url);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (sk_sync_manager_get_syncing (manager) || sk_database_get_last_sync (database) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (sk_database_count_orders (database), >, N_ORDERS / 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "main");

  /* The keys are in the keyring, the address in GSettings. */
  stored = lookup_keyring (fixture->url);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->source, ==, SK_CREDENTIALS_FROM_KEYRING);
  g_assert_cmpstr (stored->user, ==, sk_demo_server_get_key (fixture->demo));
  g_assert_cmpstr (stored->secret, ==, secret);
  url = g_settings_get_string (settings, "store-url");
  g_assert_cmpstr (url, ==, fixture->url);

  /* …and the secret nowhere else: not in the database (nor its WAL), not
   * in GSettings. */
  g_assert_false (file_contains (sk_database_get_path (database), secret));
  wal = g_strconcat (sk_database_get_path (database), "-wal", NULL);
  g_assert_false (file_contains (wal, secret));
  dump = dump_settings ();
  g_assert_null (strstr (dump, secret));
}

/* A key that may read but not write (the store refuses the empty batch
 * with 401, as WooCommerce does for a read-only key): said so, nothing
 * kept. */
static void
test_read_only_key (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(SkCredentials) stored = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *url = NULL;

  sk_demo_server_add_fault (fixture->demo, SK_DEMO_FAULT_HTTP_401, "orders/batch", 0, 1);
  sk_store_setup_fill (fixture->setup, fixture->url, SK_CREDENTIALS_WOO_KEYS,
                       sk_demo_server_get_key (fixture->demo),
                       sk_demo_server_get_secret (fixture->demo));
  sk_store_setup_connect (fixture->setup);
  wait_not_busy (fixture->setup);

  g_assert_nonnull (sk_store_setup_get_error (fixture->setup));
  g_assert_nonnull (strstr (sk_store_setup_get_error (fixture->setup), "Read/Write"));
  stored = lookup_keyring (fixture->url);
  g_assert_null (stored);
  url = g_settings_get_string (settings, "store-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_null (sk_sync_manager_get_store_url (sk_context_get_sync_manager (fixture->context)));
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (sk_secrets_store_finish (result, NULL));
  *done = TRUE;
}

/* The next start: the address from GSettings, the keys from the keyring,
 * then a sync — or, with the keys gone, the form again with the address
 * filled in and the reason. */
static void
test_connect_stored (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(SkCredentials) credentials = NULL;
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  gboolean stored = FALSE;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  /* Keys gone: the form says so. */
  sk_window_connect_stored (fixture->window, fixture->url);
  while (sk_store_setup_get_error (fixture->setup) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (strstr (sk_store_setup_get_error (fixture->setup), "no longer in your keyring"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "welcome");
  g_assert_null (sk_sync_manager_get_store_url (manager));

  /* Keys there: connected and synced without asking. */
  credentials = sk_credentials_new (SK_CREDENTIALS_WOO_KEYS,
                                    sk_demo_server_get_key (fixture->demo),
                                    sk_demo_server_get_secret (fixture->demo));
  sk_secrets_store_async (fixture->url, credentials, NULL, store_cb, &stored);
  sk_test_wait_until (&stored, 20);

  sk_window_connect_stored (fixture->window, fixture->url);
  while (sk_sync_manager_get_store_url (manager) == NULL ||
         sk_sync_manager_get_syncing (manager) ||
         sk_database_get_last_sync (sk_context_get_database (fixture->context)) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (sk_sync_manager_get_store_url (manager), ==, fixture->url);
  g_assert_cmpint (sk_database_count_orders (sk_context_get_database (fixture->context)), >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "main");
}

/* Mistakes caught before any request, each with its own message. */
static void
test_validation (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const struct {
    const char *url;
    const char *user;
    const char *secret;
    const char *expect;   /* a word of the message */
  } cases[] = {
    { "", "ck", "cs", "address" },
    { "   ", "ck", "cs", "address" },
    { "ftp://shop.example.com", "ck", "cs", "web address" },
    { "http://shop.example.com", "ck", "cs", "https://" },
    { "https://user:pw@shop.example.com", "ck", "cs", "user name" },
    { "https://shop.example.com", "", "cs", "consumer key" },
    { "https://shop.example.com", "ck", "", "consumer secret" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *error;

      sk_store_setup_fill (fixture->setup, cases[i].url, SK_CREDENTIALS_WOO_KEYS,
                           cases[i].user, cases[i].secret);
      sk_store_setup_connect (fixture->setup);
      g_assert_false (sk_store_setup_get_busy (fixture->setup));
      error = sk_store_setup_get_error (fixture->setup);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error, cases[i].expect));
    }

  /* A scheme is optional: "shop.example.com" means https. The check
   * then runs (and fails: no such store), so it was accepted. */
  sk_store_setup_fill (fixture->setup, "127.0.0.1:1", SK_CREDENTIALS_WOO_KEYS, "ck", "cs");
  sk_store_setup_connect (fixture->setup);
  g_assert_true (sk_store_setup_get_busy (fixture->setup));
  wait_not_busy (fixture->setup);
  g_assert_nonnull (sk_store_setup_get_error (fixture->setup));
}

/* Plain http:// to another computer: the switch shows only for such an
 * address, the form refuses without it, and with it the check runs with
 * OAuth signatures only. "http://0.0.0.0:<port>" is such an address that
 * still reaches the demo store (Linux connects 0.0.0.0 to this machine);
 * the demo store accepts Basic auth only here, so the check is refused:
 * the secret was not sent. Nothing is kept. The allowance stored with the
 * address is applied to the sync manager at the next start. */
static void
test_insecure (Fixture       *fixture,
               gconstpointer  user_data)
{
  static const struct {
    const char *url;
    gboolean    visible;
  } shown[] = {
    { "http://shop.example.com", TRUE },
    { "  HTTP://shop.example.com/shop/ ", TRUE },
    { "http://192.168.1.20:8080", TRUE },
    { "https://shop.example.com", FALSE },
    { "shop.example.com", FALSE },
    { "http://127.0.0.1:8080", FALSE },
    { "http://localhost", FALSE },
    { "http://", FALSE },
    { "", FALSE },
  };
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(GUri) demo_uri = g_uri_parse (fixture->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *url = g_strdup_printf ("http://0.0.0.0:%d", g_uri_get_port (demo_uri));
  g_autoptr(SkCredentials) credentials = NULL;
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);
  g_autoptr(GAsyncResult) cleared = NULL;
  gboolean stored = FALSE;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  const char *error;

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      sk_store_setup_set_url (fixture->setup, shown[i].url);
      g_test_message ("%s", shown[i].url);
      g_assert_cmpint (sk_store_setup_get_insecure_visible (fixture->setup), ==, shown[i].visible);
    }

  /* Not allowed: refused before any request, saying where to allow it. */
  sk_store_setup_fill (fixture->setup, url, SK_CREDENTIALS_WOO_KEYS,
                       sk_demo_server_get_key (fixture->demo), sk_demo_server_get_secret (fixture->demo));
  g_assert_true (sk_store_setup_get_insecure_visible (fixture->setup));
  sk_store_setup_connect (fixture->setup);
  g_assert_false (sk_store_setup_get_busy (fixture->setup));
  error = sk_store_setup_get_error (fixture->setup);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "Allow Unencrypted Connection"));
  g_assert_cmpuint (sk_demo_server_get_n_requests (fixture->demo), ==, 0);

  /* Allowed, but an application password: WordPress takes those over
   * https:// only. */
  sk_store_setup_set_allow_insecure (fixture->setup, TRUE);
  sk_store_setup_fill (fixture->setup, url, SK_CREDENTIALS_APP_PASSWORD, "admin", "abcd efgh ijkl mnop qrst uvwx");
  sk_store_setup_connect (fixture->setup);
  g_assert_false (sk_store_setup_get_busy (fixture->setup));
  g_assert_nonnull (strstr (sk_store_setup_get_error (fixture->setup), "application passwords"));
  g_assert_cmpuint (sk_demo_server_get_n_requests (fixture->demo), ==, 0);

  /* Allowed with keys: the check runs, signed only, and is refused. */
  sk_store_setup_fill (fixture->setup, url, SK_CREDENTIALS_WOO_KEYS,
                       sk_demo_server_get_key (fixture->demo), sk_demo_server_get_secret (fixture->demo));
  sk_store_setup_connect (fixture->setup);
  g_assert_true (sk_store_setup_get_busy (fixture->setup));
  wait_not_busy (fixture->setup);
  g_assert_cmpuint (sk_demo_server_get_n_requests (fixture->demo), >, 0);
  error = sk_store_setup_get_error (fixture->setup);
  g_assert_nonnull (error);
  g_assert_null (strstr (error, "Allow Unencrypted"));
  g_assert_null (strstr (error, sk_demo_server_get_secret (fixture->demo)));
  g_assert_false (g_settings_get_boolean (settings, "store-allow-insecure"));
  {
    g_autofree char *kept = g_settings_get_string (settings, "store-url");

    g_assert_cmpstr (kept, ==, "");
  }

  /* The next start, with the address, the allowance and the keys kept:
   * the manager gets the allowance; without it, refused as insecure. */
  credentials = sk_credentials_new (SK_CREDENTIALS_WOO_KEYS,
                                    sk_demo_server_get_key (fixture->demo),
                                    sk_demo_server_get_secret (fixture->demo));
  sk_secrets_store_async (url, credentials, NULL, store_cb, &stored);
  sk_test_wait_until (&stored, 20);

  for (guint allowed = 0; allowed <= 1; allowed++)
    {
      g_settings_set_boolean (settings, "store-allow-insecure", allowed);
      sk_window_forget_store (fixture->window);
      sk_window_connect_stored (fixture->window, url);
      while (sk_sync_manager_get_store_url (manager) == NULL || sk_sync_manager_get_syncing (manager))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
      g_assert_cmpint (sk_sync_manager_get_allow_insecure (manager), ==, allowed);
      g_assert_nonnull (sk_sync_manager_get_last_error (manager));
      g_test_message ("allowed=%u: %s", allowed, sk_sync_manager_get_last_error (manager));
      /* Refused by the URL check, or reached the store without the secret. */
      g_assert_cmpint (strstr (sk_sync_manager_get_last_error (manager), "unencrypted") != NULL, ==, !allowed);
    }

  g_settings_reset (settings, "store-allow-insecure");
  sk_secrets_clear_async (url, NULL, lookup_cb, &cleared);
  while (cleared == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sk_secrets_clear_finish (cleared, NULL));
}

/* A slow store: the user cancels the check; nothing is kept, no error. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(SkCredentials) stored = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *url = NULL;
  gint64 start;

  sk_store_setup_fill (fixture->setup, fixture->url, SK_CREDENTIALS_WOO_KEYS,
                       sk_demo_server_get_key (fixture->demo),
                       sk_demo_server_get_secret (fixture->demo));
  sk_store_setup_connect (fixture->setup);
  g_assert_true (sk_store_setup_get_busy (fixture->setup));
  iterate (200);
  g_assert_true (sk_store_setup_get_busy (fixture->setup));

  start = g_get_monotonic_time ();
  sk_store_setup_cancel (fixture->setup);
  wait_not_busy (fixture->setup);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_null (sk_store_setup_get_error (fixture->setup));

  stored = lookup_keyring (fixture->url);
  g_assert_null (stored);
  url = g_settings_get_string (settings, "store-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_null (sk_sync_manager_get_store_url (sk_context_get_sync_manager (fixture->context)));
}

/* Preferences → Stores: the same form; connecting from there points the
 * window at the store. */
static void
test_preferences (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *preferences;
  SkStoreSetup *setup;
  SkSyncManager *manager = sk_context_get_sync_manager (fixture->context);

  preferences = sk_preferences_window_new (fixture->window);
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  iterate (50);

  setup = SK_STORE_SETUP (sk_preferences_window_get_setup (SK_PREFERENCES_WINDOW (preferences)));
  sk_store_setup_fill (setup, fixture->url, SK_CREDENTIALS_WOO_KEYS,
                       sk_demo_server_get_key (fixture->demo),
                       sk_demo_server_get_secret (fixture->demo));
  sk_store_setup_connect (setup);

  /* On success the preferences close and the window syncs the store. */
  while (preferences != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (sk_sync_manager_get_store_url (manager), ==, fixture->url);
  while (sk_sync_manager_get_syncing (manager))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sk_database_count_orders (sk_context_get_database (fixture->context)), >, 0);

  /* Forget it again: keys and address gone, the form is back. */
  {
    g_autoptr(SkCredentials) stored = NULL;
    g_autoptr(GSettings) settings = new_settings ();
    g_autofree char *url = NULL;

    preferences = sk_preferences_window_new (fixture->window);
    g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
    gtk_window_present (GTK_WINDOW (preferences));
    sk_preferences_window_forget_store (SK_PREFERENCES_WINDOW (preferences));
    while (preferences != NULL)
      g_main_context_iteration (NULL, TRUE);

    g_assert_null (sk_sync_manager_get_store_url (manager));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->main_stack), ==, "welcome");
    stored = lookup_keyring (fixture->url);
    g_assert_null (stored);
    url = g_settings_get_string (settings, "store-url");
    g_assert_cmpstr (url, ==, "");
  }
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
  static SkDemoOptions slow = SK_DEMO_OPTIONS_INIT;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  /* Only the keyring may answer. */
  g_unsetenv ("SHOPKEEPER_KEY");
  g_unsetenv ("SHOPKEEPER_SECRET");

  /* Before GTK: the private bus must be the only one this process sees. */
  keyring = sk_test_keyring_start ();

  if (keyring == NULL || !gtk_init_check ())
    {
      g_test_add_func ("/ui/store-setup/no-display-or-keyring", test_no_display);
      status = g_test_run ();
      sk_test_keyring_stop (keyring);
      return status;
    }

  adw_init ();

  slow.n_orders = 50;
  slow.latency_ms = 3000;

#define ADD(path, options, func) g_test_add (path, Fixture, options, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/store-setup/wrong-secret", NULL, test_wrong_secret);
  ADD ("/ui/store-setup/right-keys", NULL, test_right_keys);
  ADD ("/ui/store-setup/read-only-key", NULL, test_read_only_key);
  ADD ("/ui/store-setup/validation", NULL, test_validation);
  ADD ("/ui/store-setup/insecure", NULL, test_insecure);
  ADD ("/ui/store-setup/connect-stored", NULL, test_connect_stored);
  ADD ("/ui/store-setup/cancel", &slow, test_cancel);
  ADD ("/ui/store-setup/preferences", NULL, test_preferences);
#undef ADD

  status = g_test_run ();
  sk_test_keyring_stop (keyring);

  return status;
}
