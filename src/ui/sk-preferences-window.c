/* sk-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-preferences-window"

#include "config.h"

#include "sk-preferences-window.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-store-setup.h"
#include "sk-sync-manager.h"

struct _SkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* owned references */
  SkWindow             *window;

  /* widgets */
  AdwActionRow         *store_row;
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

  return GTK_WIDGET (self);
}

GtkWidget *
sk_preferences_window_get_setup (SkPreferencesWindow *self)
{
  g_return_val_if_fail (SK_IS_PREFERENCES_WINDOW (self), NULL);

  return GTK_WIDGET (self->setup);
}
