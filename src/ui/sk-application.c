/* sk-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-application"

#include "config.h"

#include "sk-application.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-order-desk.h"
#include "sk-preferences-window.h"
#include "sk-shop-settings.h"
#include "sk-sync-manager.h"
#include "sk-window.h"

#define SK_SETTINGS_SCHEMA "app.shopkeeper.Shopkeeper"

struct _SkApplication
{
  AdwApplication  parent_instance;

  /* owned references */
  SkContext      *context;
  char           *data_dir;   /* --data-dir, or NULL for the default */

  guint           demo : 1;   /* --demo */
};

G_DEFINE_FINAL_TYPE (SkApplication, sk_application, ADW_TYPE_APPLICATION)

static SkWindow *
get_window (SkApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return SK_IS_WINDOW (window) ? SK_WINDOW (window) : NULL;
}

/* The app's settings, or NULL where the schema is missing (only a broken
 * installation has no schema; the app then runs with the defaults). */
static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SK_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* The demo shop's own details, as a shop owner would have filled them in,
 * and a desk in use for a year: the messages carry contact lines and the
 * follow-ups of the last weeks' parcels are due, as in a shop that has
 * used Shopkeeper for a while. Only what is not set yet, so changes made
 * in Preferences stay. */
static gboolean
seed_demo_shop (SkContext  *context,
                GError    **error)
{
  static const struct {
    const char *key;
    const char *value;
  } details[] = {
    { SK_SHOP_NAME,        "Kettle & Crumb" },
    { SK_SHOP_EMAIL,       "hello@kettle-and-crumb.example" },
    { SK_SHOP_PHONE,       "+44 20 7946 0321" },
    { SK_SHOP_URL,         "https://kettle-and-crumb.example" },
    { SK_SHOP_PRIVACY_URL, "https://kettle-and-crumb.example/privacy" },
    { SK_SHOP_ADDRESS,     "12 Market Street\nLondon SE1 9AA\nUnited Kingdom" },
  };
  SkDatabase *db;

  db = sk_context_get_writer (context, NULL, error);
  if (db == NULL)
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (details); i++)
    {
      g_autofree char *value = sk_shop_settings_get_string (db, details[i].key, NULL);

      if (value == NULL &&
          !sk_shop_settings_set_string (db, details[i].key, details[i].value, NULL, error))
        return FALSE;
    }

  if (sk_shop_settings_get_int (db, SK_SETTING_DESK_STARTED, 0) <= 0 &&
      !sk_shop_settings_set_int (db, SK_SETTING_DESK_STARTED,
                                 g_get_real_time () / G_USEC_PER_SEC - 365 * 24 * 3600,
                                 NULL, error))
    return FALSE;

  return TRUE;
}

/* Opens the context of the data dir and, for the demo, starts the demo
 * store in this process. The demo has a data dir of its own so it never
 * mixes with a real shop's copy. */
static SkContext *
open_context (SkApplication  *self,
              gboolean        demo,
              GError        **error)
{
  g_autoptr(SkContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *data_dir = NULL;

  if (self->data_dir != NULL)
    data_dir = g_strdup (self->data_dir);
  else
    data_dir = sk_context_default_data_dir (demo);

  context = sk_context_new (data_dir, error);
  if (context == NULL)
    return NULL;

  /* Background sync every "sync-interval-minutes" while the app runs. */
  settings = dup_settings ();
  if (settings != NULL)
    sk_context_bind_settings (context, settings);

  if (demo)
    {
      SkDemoOptions options = SK_DEMO_OPTIONS_INIT;

      if (!sk_context_start_demo (context, &options, error) ||
          !seed_demo_shop (context, error))
        return NULL;
    }

  return g_steal_pointer (&context);
}

static void
show_fatal_error (SkApplication *self,
                  const char    *message)
{
  AdwMessageDialog *dialog;

  /* Without a database there is no window to put a toast in. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Cannot Open the Shop Data"), message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sk_application_quit_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  SkApplication *self = SK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows cancels their syncs cleanly before quitting. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
sk_application_about_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  SkApplication *self = SK_APPLICATION (user_data);
  static const char *developers[] = { "The Shopkeeper developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", "app.shopkeeper.Shopkeeper",
                        "application-name", _("Shopkeeper"),
                        "developer-name", _("The Shopkeeper developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Your shop's orders on your desktop, even offline"),
                        "developers", developers,
                        "copyright", "© 2026 The Shopkeeper developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: replace with your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SkWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    sk_window_show_error (window, _("Cannot open the help. Is the GNOME help viewer (Yelp) installed?"));
}

static void
sk_application_help_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  SkApplication *self = SK_APPLICATION (user_data);
  SkWindow *window = get_window (self);
  g_autofree char *uri = NULL;
  const char *area;

  if (window == NULL)
    return;

  /* The help page of the area on screen (the dashboard's figures are
   * explained on the customers page); the index before any area shows. */
  area = sk_window_get_area (window);
  if (g_strcmp0 (area, "orders") == 0)
    uri = g_strdup ("help:shopkeeper/orders");
  else if (g_strcmp0 (area, "dashboard") == 0 || g_strcmp0 (area, "customers") == 0)
    uri = g_strdup ("help:shopkeeper/customers");
  else if (g_strcmp0 (area, "refunds") == 0)
    uri = g_strdup ("help:shopkeeper/refunds");
  else
    uri = g_strdup ("help:shopkeeper");
  gtk_show_uri_full (GTK_WINDOW (window), uri, GDK_CURRENT_TIME,
                     NULL, help_shown_cb, g_object_ref (window));
}

static void
sk_application_explore_demo_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  SkApplication *self = SK_APPLICATION (user_data);
  g_autoptr(SkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SkWindow *old_window = get_window (self);
  SkWindow *window;

  if (self->context != NULL && sk_context_get_demo_server (self->context) != NULL)
    return;

  context = open_context (self, TRUE, &error);
  if (context == NULL)
    {
      if (old_window != NULL)
        sk_window_show_error (old_window, error->message);
      else
        show_fatal_error (self, error->message);
      return;
    }

  g_set_object (&self->context, context);
  self->demo = TRUE;

  window = sk_window_new (GTK_APPLICATION (self), self->context);
  gtk_window_present (GTK_WINDOW (window));
  sk_window_sync (window);

  if (old_window != NULL)
    gtk_window_destroy (GTK_WINDOW (old_window));
}

static void
sk_application_preferences_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  SkApplication *self = SK_APPLICATION (user_data);
  SkWindow *window = get_window (self);

  if (window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (sk_preferences_window_new (window)));
}

/* The address of the real store, from GSettings; NULL when none is set
 * (or the schema is missing, which only a broken installation has). */
static char *
dup_stored_url (void)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autofree char *url = NULL;

  if (settings == NULL)
    return NULL;

  url = g_settings_get_string (settings, "store-url");

  return url[0] != '\0' ? g_steal_pointer (&url) : NULL;
}

void
sk_application_open_store (SkApplication *self,
                           const char    *url,
                           const char    *user,
                           const char    *secret)
{
  g_autoptr(SkContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SkWindow *old_window;
  SkWindow *window;

  g_return_if_fail (SK_IS_APPLICATION (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (secret != NULL);

  old_window = get_window (self);

  self->demo = FALSE;
  context = open_context (self, FALSE, &error);
  if (context == NULL)
    {
      if (old_window != NULL)
        sk_window_show_error (old_window, error->message);
      else
        show_fatal_error (self, error->message);
      return;
    }

  g_set_object (&self->context, context);

  window = sk_window_new (GTK_APPLICATION (self), self->context);
  gtk_window_present (GTK_WINDOW (window));
  sk_window_use_store (window, url, user, secret);

  if (old_window != NULL)
    gtk_window_destroy (GTK_WINDOW (old_window));
}

/* The default action of the "return waiting too long" notification. */
static void
sk_application_show_refund_request_action (GSimpleAction *action,
                                           GVariant      *param,
                                           gpointer       user_data)
{
  SkApplication *self = SK_APPLICATION (user_data);
  SkWindow *window = get_window (self);

  if (window == NULL)
    return;

  sk_window_show_refund_request (window, g_variant_get_int64 (param));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "preferences", sk_application_preferences_action },
  { "quit", sk_application_quit_action },
  { "about", sk_application_about_action },
  { "help", sk_application_help_action },
  { "explore-demo", sk_application_explore_demo_action },
  { "show-refund-request", sk_application_show_refund_request_action, "x" },
};

static int
sk_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  SkApplication *self = SK_APPLICATION (application);
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "demo", "b", NULL))
    self->demo = TRUE;

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }

  /* Each run owns its database connection, so a second instance must not
   * hand over to a first one that shows another data dir. */
  if (self->demo || self->data_dir != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
sk_application_startup (GApplication *application)
{
  SkApplication *self = SK_APPLICATION (application);

  G_APPLICATION_CLASS (sk_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", (const char *[]) { "F1", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });
}

static void
sk_application_activate (GApplication *application)
{
  SkApplication *self = SK_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  gboolean new_context = FALSE;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->context == NULL)
    {
      self->context = open_context (self, self->demo, &error);
      if (self->context == NULL)
        {
          show_fatal_error (self, error->message);
          return;
        }
      new_context = TRUE;
    }

  window = GTK_WINDOW (sk_window_new (GTK_APPLICATION (self), self->context));
  gtk_window_present (window);

  /* The demo shop lives in this process: copy it at once. */
  if (new_context && self->demo)
    sk_window_sync (SK_WINDOW (window));

  /* A real shop set up before: its keys come from the keyring (or the
   * environment), then it syncs; without them the first-run form asks. */
  if (new_context && !self->demo && !sk_context_has_store (self->context))
    {
      g_autofree char *url = dup_stored_url ();

      if (url != NULL)
        sk_window_connect_stored (SK_WINDOW (window), url);
    }
}

static void
sk_application_shutdown (GApplication *application)
{
  SkApplication *self = SK_APPLICATION (application);

  G_APPLICATION_CLASS (sk_application_parent_class)->shutdown (application);

  g_clear_object (&self->context);
}

static void
sk_application_finalize (GObject *object)
{
  SkApplication *self = SK_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (sk_application_parent_class)->finalize (object);
}

static void
sk_application_class_init (SkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sk_application_finalize;

  app_class->handle_local_options = sk_application_handle_local_options;
  app_class->startup = sk_application_startup;
  app_class->activate = sk_application_activate;
  app_class->shutdown = sk_application_shutdown;
}

static void
sk_application_init (SkApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Explore a demo shop with sample orders, served by Shopkeeper itself"), NULL },
    { "data-dir", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the shop data in DIR instead of the default folder"), N_("DIR") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Keep a copy of your WooCommerce shop on your desktop."));
}

SkApplication *
sk_application_new (void)
{
  return g_object_new (SK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/app/shopkeeper/Shopkeeper",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

SkContext *
sk_application_get_context (SkApplication *self)
{
  g_return_val_if_fail (SK_IS_APPLICATION (self), NULL);

  return self->context;
}
