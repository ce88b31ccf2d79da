/* sk-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-window"

#include "config.h"

#include "sk-window-private.h"

#include <glib/gi18n.h>

#include "sk-application.h"
#include "sk-context.h"
#include "sk-database.h"
#include "sk-secrets.h"
#include "sk-sync-manager.h"
#include "sk-time.h"
#include "sk-ui-format.h"

/* The schema id does not change with the development profile: data/ ships
 * one schema for both. */
#define SK_SETTINGS_SCHEMA "app.shopkeeper.Shopkeeper"

G_DEFINE_FINAL_TYPE (SkWindow, sk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_sk_window_update_subtitle (SkWindow *self)
{
  SkSyncManager *manager;
  g_autofree char *subtitle = NULL;

  if (self->context == NULL)
    return;

  manager = sk_context_get_sync_manager (self->context);

  if (sk_sync_manager_get_syncing (manager))
    {
      const char *status = sk_sync_manager_get_status_text (manager);

      subtitle = g_strdup (status != NULL && status[0] != '\0' ? status : _("Syncing…"));
    }
  else
    {
      gint64 last_sync = sk_database_get_last_sync (sk_context_get_database (self->context));

      subtitle = sk_ui_format_last_synced (last_sync, sk_time_now_utc ());
    }

  adw_window_title_set_subtitle (self->content_title, subtitle);
}

static gboolean
refresh_subtitle_cb (gpointer user_data)
{
  _sk_window_update_subtitle (SK_WINDOW (user_data));

  return G_SOURCE_CONTINUE;
}

static void
update_sync_state (SkWindow *self)
{
  SkSyncManager *manager = sk_context_get_sync_manager (self->context);
  gboolean syncing = sk_sync_manager_get_syncing (manager);

  gtk_stack_set_visible_child_name (self->sync_stack, syncing ? "syncing" : "idle");
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  gtk_revealer_set_reveal_child (self->progress_revealer, syncing);
  gtk_stack_set_visible_child_name (self->main_stack,
                                    sk_context_has_store (self->context) ? "main" : "welcome");

  _sk_window_update_subtitle (self);
  _sk_window_actions_update (self);
}

static void
error_toast_dismissed_cb (SkWindow *self,
                          AdwToast *toast)
{
  if (self->error_toast == toast)
    self->error_toast = NULL;
}

static void
dismiss_error_toast (SkWindow *self)
{
  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);
}

static void
show_toast (SkWindow   *self,
            const char *message,
            gboolean    retry)
{
  AdwToast *toast;

  dismiss_error_toast (self);

  toast = adw_toast_new (message);
  /* Sync errors stay until read: they say what the user can do. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (retry)
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, "win.sync");
    }

  self->error_toast = toast;
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (error_toast_dismissed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
syncing_changed_cb (SkWindow      *self,
                    GParamSpec    *pspec,
                    SkSyncManager *manager)
{
  gboolean syncing = sk_sync_manager_get_syncing (manager);

  if (syncing)
    dismiss_error_toast (self);
  else
    {
      /* Whatever the outcome, pages written before an error are real data. */
      sk_orders_page_reload (self->orders_page);
      /* The customer figures are derived from the orders: recompute them
       * (on a worker); the customers list reloads when they are done. */
      sk_dashboard_page_refresh_insights (self->dashboard_page);
    }

  update_sync_state (self);
}

static void
last_error_changed_cb (SkWindow      *self,
                       GParamSpec    *pspec,
                       SkSyncManager *manager)
{
  const char *message = sk_sync_manager_get_last_error (manager);

  if (message != NULL && message[0] != '\0')
    show_toast (self, message, TRUE);
}

static void
status_text_changed_cb (SkWindow      *self,
                        GParamSpec    *pspec,
                        SkSyncManager *manager)
{
  _sk_window_update_subtitle (self);
}

static gboolean
fraction_to_progress (GBinding     *binding,
                      const GValue *from_value,
                      GValue       *to_value,
                      gpointer      user_data)
{
  double fraction = g_value_get_double (from_value);

  /* -1 means "unknown yet": an empty bar rather than a wrong one. */
  g_value_set_double (to_value, CLAMP (fraction, 0.0, 1.0));

  return TRUE;
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SkSyncSummary summary = { 0 };

  /* The error reaches the user through the manager's last-error (a toast);
   * cancelling is the user's own choice and needs no message. */
  if (!sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, &summary, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Sync failed: %s", error->message);
    }
  else
    g_debug ("Synced %" G_GINT64_FORMAT " orders, %" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT " products",
             summary.orders, summary.customers, summary.products);

  g_clear_object (&self->sync_cancellable);
  _sk_window_actions_update (self);
}

void
_sk_window_show_area (SkWindow   *self,
                      const char *name)
{
  GtkStackPage *page;
  GtkWidget *child;
  GtkListBoxRow *row;

  child = gtk_stack_get_child_by_name (self->area_stack, name);
  g_return_if_fail (child != NULL);

  gtk_stack_set_visible_child (self->area_stack, child);
  page = gtk_stack_get_page (self->area_stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));

  row = g_str_equal (name, "dashboard") ? self->dashboard_row
        : g_str_equal (name, "customers") ? self->customers_row
        : g_str_equal (name, "refunds") ? self->refunds_row
        : self->orders_row;
  if (gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
sidebar_row_activated_cb (SkWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  /* The rows are named after the pages of the area stack. */
  _sk_window_show_area (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
dashboard_open_customer_cb (SkWindow        *self,
                            gint64           profile_id,
                            SkDashboardPage *page)
{
  _sk_window_show_area (self, "customers");
  sk_customers_page_show_profile (self->customers_page, profile_id);
}

static void
dashboard_open_waiting_orders_cb (SkWindow        *self,
                                  SkDashboardPage *page)
{
  g_autofree char *processing = sk_ui_format_status_label ("processing");
  GtkDropDown *dropdown = sk_orders_page_get_status_dropdown (self->orders_page);
  GListModel *labels = gtk_drop_down_get_model (dropdown);
  guint n = labels != NULL ? g_list_model_get_n_items (labels) : 0;

  /* The oldest processing orders first: pick the status in the filter
   * (its rows are the status labels) and leave the search empty. */
  _sk_window_show_area (self, "orders");
  gtk_editable_set_text (sk_orders_page_get_search_entry (self->orders_page), "");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) label = g_list_model_get_item (labels, i);

      if (GTK_IS_STRING_OBJECT (label) && g_str_equal (gtk_string_object_get_string (label), processing))
        {
          gtk_drop_down_set_selected (dropdown, i);
          break;
        }
    }
}

static void
dashboard_insights_changed_cb (SkWindow        *self,
                               SkDashboardPage *page)
{
  sk_customers_page_reload (self->customers_page);
}

static void
customers_open_order_cb (SkWindow        *self,
                         gint64           order_id,
                         const char      *number,
                         SkCustomersPage *page)
{
  /* The orders area has no "select by id"; its search finds an order by
   * its number at once. */
  _sk_window_show_area (self, "orders");
  gtk_drop_down_set_selected (sk_orders_page_get_status_dropdown (self->orders_page), 0);
  gtk_editable_set_text (sk_orders_page_get_search_entry (self->orders_page), number);
}

static void
refunds_open_order_cb (SkWindow      *self,
                       gint64         order_id,
                       const char    *number,
                       SkRefundsPage *page)
{
  /* As from a customer's profile: the orders area finds it by number. */
  _sk_window_show_area (self, "orders");
  gtk_drop_down_set_selected (sk_orders_page_get_status_dropdown (self->orders_page), 0);
  gtk_editable_set_text (sk_orders_page_get_search_entry (self->orders_page), number);
}

static void
back_clicked_cb (SkWindow  *self,
                 GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
store_connected_cb (SkWindow     *self,
                    const char   *url,
                    int           kind,
                    const char   *user,
                    const char   *secret,
                    SkStoreSetup *setup)
{
  sk_window_use_store (self, url, user, secret);
}

/* Who is at the desk, and the returns area that depends on it. Called
 * again when the store changes (the demo gets its sample staff). */
static void
setup_staff (SkWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (sk_context_has_store (self->context)
      && !sk_staff_switcher_ensure_demo_staff (self->context, &error)
      && error != NULL)
    show_toast (self, error->message, FALSE);

  sk_staff_switcher_set_context (self->staff_switcher, self->context);
  sk_refunds_page_set_context (self->refunds_page, self->context);
}

static void
sk_window_constructed (GObject *object)
{
  SkWindow *self = SK_WINDOW (object);
  SkSyncManager *manager;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (sk_window_parent_class)->constructed (object);

  g_assert (SK_IS_CONTEXT (self->context));

  manager = sk_context_get_sync_manager (self->context);

  sk_orders_page_set_database (self->orders_page, sk_context_get_database (self->context));
  sk_outbox_button_set_context (self->outbox_button, self->context);
  sk_customers_page_set_database (self->customers_page, sk_context_get_database (self->context));
  sk_dashboard_page_set_database (self->dashboard_page, sk_context_get_database (self->context));
  setup_staff (self);

  g_signal_connect_object (manager, "notify::syncing",
                           G_CALLBACK (syncing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::last-error",
                           G_CALLBACK (last_error_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::status-text",
                           G_CALLBACK (status_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property_full (manager, "fraction",
                               self->progress_bar, "fraction",
                               G_BINDING_SYNC_CREATE,
                               fraction_to_progress, NULL, NULL, NULL);

  /* Size and maximized state survive restarts. A missing schema is a broken
   * installation, but not a reason to refuse to show the shop. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SK_SETTINGS_SCHEMA, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }
  else
    g_message ("GSettings schema %s is not installed; the window size will not be kept", SK_SETTINGS_SCHEMA);

  /* Folded, the window opens on the orders rather than on the list of
   * areas. The dashboard is one click away, first in the sidebar. */
  _sk_window_show_area (self, "orders");

  update_sync_state (self);
}

static void
sk_window_dispose (GObject *object)
{
  SkWindow *self = SK_WINDOW (object);

  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->subtitle_source, g_source_remove);
  dismiss_error_toast (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_window_parent_class)->dispose (object);
}

static void
sk_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SkWindow *self = SK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SkWindow *self = SK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_window_class_init (SkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sk_window_constructed;
  object_class->dispose = sk_window_dispose;
  object_class->get_property = sk_window_get_property;
  object_class->set_property = sk_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SK_TYPE_DASHBOARD_PAGE);
  g_type_ensure (SK_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (SK_TYPE_ORDERS_PAGE);
  g_type_ensure (SK_TYPE_STORE_SETUP);
  g_type_ensure (SK_TYPE_OUTBOX_BUTTON);
  g_type_ensure (SK_TYPE_REFUNDS_PAGE);
  g_type_ensure (SK_TYPE_STAFF_SWITCHER);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/sk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, orders_row);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, sync_stack);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, area_stack);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, dashboard_row);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, customers_row);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, refunds_row);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, refunds_page);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, staff_switcher);
  gtk_widget_class_bind_template_callback (widget_class, refunds_open_order_cb);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_open_customer_cb);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_open_waiting_orders_cb);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_insights_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customers_open_order_cb);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, store_setup);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, outbox_button);
  gtk_widget_class_bind_template_callback (widget_class, store_connected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  _sk_window_class_actions_init (klass);
}

static void
sk_window_init (SkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* "5 minutes ago" must not stay "just now". */
  self->subtitle_source = g_timeout_add_seconds (60, refresh_subtitle_cb, self);
}

SkWindow *
sk_window_new (GtkApplication *application,
               SkContext      *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  return g_object_new (SK_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

SkContext *
sk_window_get_context (SkWindow *self)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);

  return self->context;
}

const char *
sk_window_get_area (SkWindow *self)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->area_stack);
}

GtkWidget *
sk_window_get_orders_page (SkWindow *self)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->orders_page);
}

GtkWidget *
sk_window_get_refunds_page (SkWindow *self)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->refunds_page);
}

void
sk_window_show_refund_request (SkWindow *self,
                               gint64    request_id)
{
  g_return_if_fail (SK_IS_WINDOW (self));

  _sk_window_show_area (self, "refunds");
  sk_refunds_page_show_request (self->refunds_page, request_id);
}

void
sk_window_sync (SkWindow *self)
{
  SkSyncManager *manager;

  g_return_if_fail (SK_IS_WINDOW (self));

  manager = sk_context_get_sync_manager (self->context);

  if (!sk_context_has_store (self->context) || sk_sync_manager_get_syncing (manager))
    return;

  dismiss_error_toast (self);

  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();

  sk_sync_manager_sync_async (manager,
                              self->sync_cancellable,
                              sync_done_cb,
                              g_object_ref (self));

  update_sync_state (self);
}

void
sk_window_show_error (SkWindow   *self,
                      const char *message)
{
  g_return_if_fail (SK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_toast (self, message, FALSE);
}

void
sk_window_show_message (SkWindow   *self,
                        const char *message)
{
  g_return_if_fail (SK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* News, not an error: it times out, and a sync does not dismiss it. */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
sk_window_use_store (SkWindow   *self,
                     const char *url,
                     const char *user,
                     const char *secret)
{
  GtkApplication *application;

  g_return_if_fail (SK_IS_WINDOW (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (secret != NULL);

  /* The demo's copy lives in a folder of its own: a real store gets the
   * application's real context and a window of its own. */
  application = gtk_window_get_application (GTK_WINDOW (self));
  if (sk_context_get_demo_server (self->context) != NULL && SK_IS_APPLICATION (application))
    {
      sk_application_open_store (SK_APPLICATION (application), url, user, secret);
      return;
    }

  if (sk_sync_manager_get_syncing (sk_context_get_sync_manager (self->context)))
    sk_sync_manager_cancel (sk_context_get_sync_manager (self->context));

  sk_sync_manager_set_store (sk_context_get_sync_manager (self->context), url, user, secret);
  /* Plain http:// to another computer only if the user allowed it when
   * connecting this store (kept with its address, so also at a restart). */
  sk_sync_manager_set_allow_insecure (sk_context_get_sync_manager (self->context),
                                      self->settings != NULL &&
                                      g_settings_get_boolean (self->settings, "store-allow-insecure"));
  update_sync_state (self);
  sk_orders_page_reload (self->orders_page);
  setup_staff (self);
  sk_window_sync (self);
}

void
sk_window_forget_store (SkWindow *self)
{
  SkSyncManager *manager;

  g_return_if_fail (SK_IS_WINDOW (self));

  manager = sk_context_get_sync_manager (self->context);
  if (sk_sync_manager_get_syncing (manager))
    sk_sync_manager_cancel (manager);

  sk_sync_manager_set_store (manager, NULL, NULL, NULL);
  sk_sync_manager_set_allow_insecure (manager, FALSE);
  sk_store_setup_set_url (self->store_setup, NULL);
  sk_store_setup_set_allow_insecure (self->store_setup, FALSE);
  sk_store_setup_set_error (self->store_setup, NULL);
  update_sync_state (self);
}

void
sk_window_show_setup (SkWindow   *self,
                      const char *url,
                      const char *message)
{
  g_return_if_fail (SK_IS_WINDOW (self));

  sk_store_setup_set_url (self->store_setup, url);
  sk_store_setup_set_error (self->store_setup, message);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
}

typedef struct
{
  SkWindow *window;
  char     *url;
} Reconnect;

static void
reconnect_free (Reconnect *reconnect)
{
  g_clear_object (&reconnect->window);
  g_free (reconnect->url);
  g_free (reconnect);
}

static void
stored_credentials_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Reconnect *reconnect = user_data;
  g_autoptr(SkCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  SkWindow *self = reconnect->window;

  credentials = sk_secrets_lookup_finish (result, &error);

  /* The window may have been closed (and disposed) while the keyring
   * answered. */
  if (self->context == NULL)
    {
      reconnect_free (reconnect);
      return;
    }

  if (credentials != NULL)
    sk_window_use_store (self, reconnect->url, credentials->user, credentials->secret);
  else if (error != NULL)
    sk_window_show_setup (self, reconnect->url, error->message);
  else
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the store's web address */
      message = g_strdup_printf (_("The keys for %s are no longer in your keyring. Type them again to connect."),
                                 reconnect->url);
      sk_window_show_setup (self, reconnect->url, message);
    }

  reconnect_free (reconnect);
}

void
sk_window_connect_stored (SkWindow   *self,
                          const char *url)
{
  Reconnect *reconnect;

  g_return_if_fail (SK_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  reconnect = g_new0 (Reconnect, 1);
  reconnect->window = g_object_ref (self);
  reconnect->url = g_strdup (url);
  sk_secrets_lookup_async (url, NULL, stored_credentials_cb, reconnect);
}
