/* sk-store-setup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-store-setup"

#include "config.h"

#include "sk-store-setup.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-connector.h"
#include "sk-soup.h"
#include "sk-sync-manager.h"
#include "sk-woo-connector.h"

#define SK_SETTINGS_SCHEMA "app.shopkeeper.Shopkeeper"

/* Long enough for a slow shared host, short enough that a wrong address
 * does not leave the user staring at a spinner. */
#define CHECK_TIMEOUT_S 20

struct _SkStoreSetup
{
  AdwBin              parent_instance;

  /* template widgets */
  AdwEntryRow        *url_row;
  AdwActionRow       *insecure_row;
  GtkSwitch          *insecure_switch;
  AdwComboRow        *kind_row;
  AdwEntryRow        *user_row;
  AdwPasswordEntryRow *secret_row;
  GtkLabel           *error_label;
  GtkLabel           *hint_label;
  GtkButton          *connect_button;
  GtkStack           *connect_stack;
  GtkButton          *cancel_button;

  /* owned references */
  GCancellable       *cancellable;   /* while checking */
  GSettings          *settings;      /* NULL without the schema */
  char               *error;
};

G_DEFINE_FINAL_TYPE (SkStoreSetup, sk_store_setup, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

enum {
  CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What one check carries from step to step. */
typedef struct
{
  SkStoreSetup      *self;       /* owned */
  char              *url;        /* normalized */
  gboolean           allow_insecure;
  SkCredentials     *credentials;
  SoupSession       *session;
  SkConnector       *connector;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->self);
  g_free (check->url);
  g_clear_pointer (&check->credentials, sk_credentials_free);
  g_clear_object (&check->connector);
  g_clear_object (&check->session);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static SkCredentialsKind
get_kind (SkStoreSetup *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1
         ? SK_CREDENTIALS_APP_PASSWORD
         : SK_CREDENTIALS_WOO_KEYS;
}

static void
update_kind (SkStoreSetup *self)
{
  if (get_kind (self) == SK_CREDENTIALS_APP_PASSWORD)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("WordPress User Name"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row), _("Application Password"));
      gtk_label_set_label (self->hint_label,
                           _("Create an application password in WordPress under Users → Profile → Application Passwords. The user needs to be able to manage WooCommerce."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("Consumer Key"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row), _("Consumer Secret"));
      gtk_label_set_label (self->hint_label,
                           _("Create a key in WordPress under WooCommerce → Settings → Advanced → REST API, with Read/Write permission so Shopkeeper can also send your changes."));
    }
}

static void
set_busy (SkStoreSetup *self,
          GCancellable *cancellable)
{
  gboolean was_busy = self->cancellable != NULL;
  gboolean busy = cancellable != NULL;

  g_set_object (&self->cancellable, cancellable);

  gtk_stack_set_visible_child_name (self->connect_stack, busy ? "checking" : "idle");
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->insecure_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->secret_row), !busy);

  if (was_busy != busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The address as typed, with "https://" added when no scheme was typed. */
static char *
with_scheme (const char *typed)
{
  g_autofree char *text = g_strstrip (g_strdup (typed));

  if (text[0] != '\0' && strstr (text, "://") == NULL)
    return g_strconcat ("https://", text, NULL);

  return g_steal_pointer (&text);
}

/* The address as typed, made into the form the store is known by:
 * "https://" added when no scheme was typed, no trailing slash. Plain
 * http:// to another computer only with @allow_insecure. */
static char *
normalize_url (const char  *typed,
               gboolean     allow_insecure,
               GError     **error)
{
  g_autofree char *text = with_scheme (typed);
  g_autofree char *str = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (text[0] == '\0')
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL,
                           _("Type the address of your store, like https://shop.example.com."));
      return NULL;
    }

  uri = sk_soup_parse_store_url_full (text, allow_insecure, &local_error);
  if (g_error_matches (local_error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE))
    {
      /* Said in the form's own words: the switch is right under the address. */
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE,
                           _("This address uses plain http://, so keys and orders would travel unencrypted. Use https://, or switch on “Allow Unencrypted Connection” if you accept the risk."));
      return NULL;
    }
  if (uri == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  str = g_uri_to_string (uri);
  len = strlen (str);
  while (len > 0 && str[len - 1] == '/')
    str[--len] = '\0';

  return g_steal_pointer (&str);
}

static void
finish_with_error (Check        *check,
                   const GError *error)
{
  SkStoreSetup *self = check->self;

  /* Cancelling is the user's own doing: no message. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sk_store_setup_set_error (self, error->message);

  set_busy (self, NULL);
}

static void
secrets_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  SkStoreSetup *self = check->self;

  if (!sk_secrets_store_finish (result, &error))
    {
      finish_with_error (check, error);
      return;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");

      /* The keys were stored just as the user cancelled: take them back
       * out, so a cancelled setup keeps nothing. */
      sk_secrets_clear_async (check->url, NULL, NULL, NULL);
      finish_with_error (check, cancelled);
      return;
    }

  /* The address is not secret; the keys stay in the keyring only. The
   * allowance is kept with it, for the reconnect at the next start. */
  if (self->settings != NULL)
    {
      g_settings_set_boolean (self->settings, "store-allow-insecure", check->allow_insecure);
      g_settings_set_string (self->settings, "store-url", check->url);
    }

  set_busy (self, NULL);
  sk_store_setup_set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");

  g_signal_emit (self, signals[CONNECTED], 0,
                 check->url,
                 (int) check->credentials->kind,
                 check->credentials->user,
                 check->credentials->secret);
}

static void
write_checked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SkStoreSetup *self = check->self;
  GCancellable *cancellable = self->cancellable;
  guint status = 0;

  body = sk_woo_connector_send_finish (SK_WOO_CONNECTOR (object), result, &status, NULL, &error);
  if (body == NULL && error != NULL)
    {
      finish_with_error (check, error);
      return;
    }

  /* The store let the key read but not write: WooCommerce answers any
   * write of a read-only key with 401 "does not have write permissions". */
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_autoptr(GError) read_only = NULL;

      read_only = g_error_new_literal (SK_SYNC_ERROR, SK_SYNC_ERROR_UNAUTHORIZED,
                                       _("This key may only read. Shopkeeper also sends your changes to the store: give the key Read/Write permission in WooCommerce › Settings › Advanced › REST API, or create a new one."));
      finish_with_error (check, read_only);
      return;
    }

  /* Any other answer (an old WooCommerce without batch endpoints, a
   * plugin in the way) says nothing about the key: go on. */
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_debug ("The write check got HTTP %u; not taken as a read-only key", status);

  {
    Check *owned = g_steal_pointer (&check);

    sk_secrets_store_async (owned->url,
                            owned->credentials,
                            cancellable,
                            secrets_stored_cb,
                            owned);
  }
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Check) check = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty_batch = NULL;
  SkStoreSetup *self = check->self;
  Check *owned;

  if (!sk_connector_prepare_finish (SK_CONNECTOR (object), result, &error))
    {
      finish_with_error (check, error);
      return;
    }

  /* Reading works; now whether the key may write. An empty batch is a
   * write that changes nothing: WooCommerce checks the key's permission
   * before it looks at the (absent) items. */
  empty_batch = g_bytes_new_static ("{}", 2);
  owned = g_steal_pointer (&check);
  sk_woo_connector_send_async (SK_WOO_CONNECTOR (owned->connector),
                               SOUP_METHOD_POST, "orders/batch", NULL, empty_batch,
                               self->cancellable,
                               write_checked_cb,
                               owned);
}

static void
connect_clicked_cb (SkStoreSetup *self,
                    GtkButton    *button)
{
  sk_store_setup_connect (self);
}

static void
cancel_clicked_cb (SkStoreSetup *self,
                   GtkButton    *button)
{
  sk_store_setup_cancel (self);
}

static void
entry_activated_cb (SkStoreSetup *self,
                    AdwEntryRow  *row)
{
  sk_store_setup_connect (self);
}

/* The switch only where it means something: plain http:// to a host
 * that is not this computer. */
static void
update_insecure (SkStoreSetup *self)
{
  g_autofree char *url = with_scheme (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));

  gtk_widget_set_visible (GTK_WIDGET (self->insecure_row), sk_soup_url_needs_insecure (url));
}

static void
url_changed_cb (SkStoreSetup *self,
                AdwEntryRow  *row)
{
  update_insecure (self);
}

static void
kind_changed_cb (SkStoreSetup *self,
                 GParamSpec   *pspec,
                 AdwComboRow  *row)
{
  update_kind (self);
}

static void
sk_store_setup_dispose (GObject *object)
{
  SkStoreSetup *self = SK_STORE_SETUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_STORE_SETUP);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sk_store_setup_parent_class)->dispose (object);
}

static void
sk_store_setup_finalize (GObject *object)
{
  SkStoreSetup *self = SK_STORE_SETUP (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (sk_store_setup_parent_class)->finalize (object);
}

static void
sk_store_setup_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SkStoreSetup *self = SK_STORE_SETUP (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sk_store_setup_get_busy (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_store_setup_class_init (SkStoreSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_store_setup_dispose;
  object_class->finalize = sk_store_setup_finalize;
  object_class->get_property = sk_store_setup_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SkStoreSetup::connected:
   * @url: the store's address, normalized
   * @kind: an SkCredentialsKind
   * @user: the consumer key or WordPress user name
   * @secret: the consumer secret or application password
   *
   * The store answered with these credentials and they are in the keyring.
   */
  signals[CONNECTED] =
    g_signal_new ("connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/sk-store-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, url_row);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, user_row);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, error_label);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, SkStoreSetup, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
}

static void
sk_store_setup_init (SkStoreSetup *self)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SK_SETTINGS_SCHEMA, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "store-url") &&
      g_settings_schema_has_key (schema, "store-allow-insecure"))
    self->settings = g_settings_new_full (schema, NULL, NULL);

  /* What the user chose for the stored store, e.g. when its keys are gone
   * and the form comes back with its address. */
  if (self->settings != NULL)
    gtk_switch_set_active (self->insecure_switch,
                           g_settings_get_boolean (self->settings, "store-allow-insecure"));

  update_kind (self);
  update_insecure (self);
}

GtkWidget *
sk_store_setup_new (void)
{
  return g_object_new (SK_TYPE_STORE_SETUP, NULL);
}

void
sk_store_setup_set_url (SkStoreSetup *self,
                        const char   *url)
{
  g_return_if_fail (SK_IS_STORE_SETUP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
}

void
sk_store_setup_set_allow_insecure (SkStoreSetup *self,
                                   gboolean      allow_insecure)
{
  g_return_if_fail (SK_IS_STORE_SETUP (self));

  gtk_switch_set_active (self->insecure_switch, allow_insecure);
}

gboolean
sk_store_setup_get_insecure_visible (SkStoreSetup *self)
{
  g_return_val_if_fail (SK_IS_STORE_SETUP (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->insecure_row));
}

void
sk_store_setup_fill (SkStoreSetup      *self,
                     const char        *url,
                     SkCredentialsKind  kind,
                     const char        *user,
                     const char        *secret)
{
  g_return_if_fail (SK_IS_STORE_SETUP (self));

  sk_store_setup_set_url (self, url);
  adw_combo_row_set_selected (self->kind_row, kind == SK_CREDENTIALS_APP_PASSWORD ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), secret != NULL ? secret : "");
}

void
sk_store_setup_connect (SkStoreSetup *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *user = NULL;
  g_autofree char *url = NULL;
  const char *secret;
  gboolean allow_insecure;
  Check *check;

  g_return_if_fail (SK_IS_STORE_SETUP (self));

  if (self->cancellable != NULL)
    return;

  allow_insecure = gtk_switch_get_active (self->insecure_switch);
  url = normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), allow_insecure, &error);
  if (url == NULL)
    {
      sk_store_setup_set_error (self, error->message);
      return;
    }
  /* Only where it is needed: an https:// or loopback address keeps FALSE,
   * so the allowance never carries over to a later address by itself. */
  allow_insecure = allow_insecure && sk_soup_url_needs_insecure (url);

  /* WordPress accepts application passwords only over HTTPS, and over
   * plain http:// Shopkeeper never sends a password anyway. */
  if (allow_insecure && get_kind (self) == SK_CREDENTIALS_APP_PASSWORD)
    {
      sk_store_setup_set_error (self,
                                _("WordPress accepts application passwords only over https://. Over plain http://, use a WooCommerce REST API key instead."));
      return;
    }

  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  if (user[0] == '\0' || secret[0] == '\0')
    {
      sk_store_setup_set_error (self,
                                get_kind (self) == SK_CREDENTIALS_APP_PASSWORD
                                ? _("Type the WordPress user name and the application password.")
                                : _("Type the consumer key and the consumer secret."));
      return;
    }

  sk_store_setup_set_error (self, NULL);

  uri = sk_soup_parse_store_url_full (url, allow_insecure, &error);
  g_assert (uri != NULL);

  cancellable = g_cancellable_new ();
  set_busy (self, cancellable);

  check = g_new0 (Check, 1);
  check->self = g_object_ref (self);
  check->url = g_steal_pointer (&url);
  check->allow_insecure = allow_insecure;
  check->credentials = sk_credentials_new (get_kind (self), user, secret);
  check->session = sk_soup_session_new (CHECK_TIMEOUT_S, 2);
  /* An application password is sent exactly like a key: HTTP Basic auth
   * with the user name, which WordPress accepts on /wp-json/ too. */
  check->connector = SK_CONNECTOR (sk_woo_connector_new (check->session, uri,
                                                         check->credentials->user,
                                                         check->credentials->secret));

  sk_connector_prepare_async (check->connector, cancellable, prepared_cb, check);
}

void
sk_store_setup_cancel (SkStoreSetup *self)
{
  g_return_if_fail (SK_IS_STORE_SETUP (self));

  g_cancellable_cancel (self->cancellable);
}

gboolean
sk_store_setup_get_busy (SkStoreSetup *self)
{
  g_return_val_if_fail (SK_IS_STORE_SETUP (self), FALSE);

  return self->cancellable != NULL;
}

const char *
sk_store_setup_get_error (SkStoreSetup *self)
{
  g_return_val_if_fail (SK_IS_STORE_SETUP (self), NULL);

  return self->error;
}

void
sk_store_setup_set_error (SkStoreSetup *self,
                          const char   *message)
{
  g_return_if_fail (SK_IS_STORE_SETUP (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}
