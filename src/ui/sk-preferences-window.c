/* sk-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-preferences-window"

#include "config.h"

#include "sk-preferences-window.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-prefs-refunds-page.h"
#include "sk-prefs-customers-page.h"
#include "sk-prefs-messages-page.h"
#include "sk-prefs-shop-page.h"
#include "sk-secrets.h"
#include "sk-store-setup.h"
#include "sk-sync-manager.h"

struct _SkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* owned references */
  SkWindow             *window;

  /* widgets */
  AdwActionRow         *store_row;
  GtkWidget            *forget_button;
  AdwPreferencesGroup  *setup_group;
  SkStoreSetup         *setup;
};

G_DEFINE_FINAL_TYPE (SkPreferencesWindow, sk_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_store_row (SkPreferencesWindow *self)
{
  SkContext *context = sk_window_get_context (self->window);
  const char *url = sk_sync_manager_get_store_url (sk_context_get_sync_manager (context));

  if (sk_context_get_demo_server (context) != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->store_row), _("Demo Shop"));
      adw_action_row_set_subtitle (self->store_row, _("Sample orders served by Shopkeeper itself"));
      adw_preferences_group_set_title (self->setup_group, _("Connect Your Shop"));
    }
  else if (url != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->store_row), url);
      adw_action_row_set_subtitle (self->store_row, _("Keys kept in your keyring"));
      adw_preferences_group_set_title (self->setup_group, _("Connect a Different Shop"));
      gtk_widget_set_visible (self->forget_button, TRUE);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->store_row), _("No Shop Connected"));
      adw_action_row_set_subtitle (self->store_row, "");
      adw_preferences_group_set_title (self->setup_group, _("Connect Your Shop"));
    }
}

static void
store_connected_cb (SkPreferencesWindow *self,
                    const char          *url,
                    int                  kind,
                    const char          *user,
                    const char          *secret,
                    SkStoreSetup        *setup)
{
  g_autoptr(SkPreferencesWindow) hold = g_object_ref (self);

  sk_window_use_store (self->window, url, user, secret);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
secrets_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SkPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sk_secrets_clear_finish (result, &error))
    {
      /* The keys may still be in the keyring: say so, keep the store. */
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  if (self->window != NULL)
    sk_window_forget_store (self->window);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
forget_response_cb (SkPreferencesWindow *self,
                    const char          *response,
                    AdwMessageDialog    *dialog)
{
  if (g_strcmp0 (response, "forget") == 0)
    sk_preferences_window_forget_store (self);
}

static void
forget_clicked_cb (SkPreferencesWindow *self,
                   GtkButton           *button)
{
  SkContext *context = sk_window_get_context (self->window);
  const char *url = sk_sync_manager_get_store_url (sk_context_get_sync_manager (context));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Forget This Shop?"), NULL));
  /* Translators: %s is the store's web address */
  adw_message_dialog_format_body (dialog,
                                  _("Shopkeeper removes the keys for %s from your keyring and stops syncing it. The copy of its orders on this computer stays."),
                                  url);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sk_preferences_window_dispose (GObject *object)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (object);

  g_clear_object (&self->window);

  G_OBJECT_CLASS (sk_preferences_window_parent_class)->dispose (object);
}

static void
sk_preferences_window_class_init (SkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_preferences_window_dispose;
}

static void
sk_preferences_window_init (SkPreferencesWindow *self)
{
  AdwPreferencesPage *page;
  AdwPreferencesGroup *current;

  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 620);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  /* Translators: the preferences page about the web shops Shopkeeper syncs with */
  adw_preferences_page_set_title (page, C_("preferences", "Stores"));
  adw_preferences_page_set_icon_name (page, "network-server-symbolic");

  current = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (current, _("Current Shop"));
  self->store_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->store_row), "property");
  self->forget_button = gtk_button_new_with_mnemonic (_("_Forget…"));
  gtk_widget_set_valign (self->forget_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->forget_button, FALSE);
  gtk_widget_add_css_class (self->forget_button, "destructive-action");
  g_signal_connect_object (self->forget_button, "clicked", G_CALLBACK (forget_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->store_row, self->forget_button);
  adw_preferences_group_add (current, GTK_WIDGET (self->store_row));
  adw_preferences_page_add (page, current);

  self->setup_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_description (self->setup_group,
                                         _("Shopkeeper checks the address and keys with the store before it keeps them."));
  self->setup = SK_STORE_SETUP (sk_store_setup_new ());
  g_signal_connect_object (self->setup, "connected",
                           G_CALLBACK (store_connected_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->setup_group, GTK_WIDGET (self->setup));
  adw_preferences_page_add (page, self->setup_group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

GtkWidget *
sk_preferences_window_new (SkWindow *window)
{
  SkPreferencesWindow *self;

  g_return_val_if_fail (SK_IS_WINDOW (window), NULL);

  self = g_object_new (SK_TYPE_PREFERENCES_WINDOW,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  update_store_row (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (sk_prefs_shop_page_new (sk_window_get_context (window))));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (sk_prefs_messages_page_new (sk_window_get_context (window))));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (sk_prefs_customers_page_new (sk_window_get_context (window))));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (sk_prefs_refunds_page_new (sk_window_get_context (window))));

  return GTK_WIDGET (self);
}

GtkWidget *
sk_preferences_window_get_setup (SkPreferencesWindow *self)
{
  g_return_val_if_fail (SK_IS_PREFERENCES_WINDOW (self), NULL);

  return GTK_WIDGET (self->setup);
}

void
sk_preferences_window_forget_store (SkPreferencesWindow *self)
{
  SkContext *context;
  const char *url;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (SK_IS_PREFERENCES_WINDOW (self));

  context = sk_window_get_context (self->window);
  url = sk_sync_manager_get_store_url (sk_context_get_sync_manager (context));
  if (url == NULL || sk_context_get_demo_server (context) != NULL)
    return;

  /* The address first: even if the keyring fails, the next start does
   * not try to connect with keys the user asked to forget. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "app.shopkeeper.Shopkeeper", TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "store-url"))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      g_settings_reset (settings, "store-url");
      if (g_settings_schema_has_key (schema, "store-allow-insecure"))
        g_settings_reset (settings, "store-allow-insecure");
    }

  sk_secrets_clear_async (url, NULL, secrets_cleared_cb, g_object_ref (self));
}
