/* sk-messenger.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-messenger"

#include "config.h"

#include "sk-messenger-private.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-mail-message.h"
#include "sk-money.h"
#include "sk-order-desk.h"
#include "sk-secrets.h"
#include "sk-shop-settings.h"
#include "sk-smtp.h"
#include "sk-time.h"

G_DEFINE_FINAL_TYPE (SkMessenger, sk_messenger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  const char *name;
  const char *url;   /* %s is the tracking number, escaped for a URL */
} Carrier;

static const Carrier carriers[] = {
  { "DHL",           "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id=%s" },
  { "Deutsche Post", "https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode=%s" },
  { "DPD",           "https://tracking.dpd.de/status/en_US/parcel/%s" },
  { "GLS",           "https://gls-group.com/track/%s" },
  { "Hermes",        "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#%s" },
  { "UPS",           "https://www.ups.com/track?tracknum=%s" },
  { "FedEx",         "https://www.fedex.com/fedextrack/?trknbr=%s" },
  { "USPS",          "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s" },
  { "Royal Mail",    "https://www.royalmail.com/track-your-item#/tracking-results/%s" },
  { "La Poste",      "https://www.laposte.fr/outils/suivre-vos-envois?code=%s" },
  { "PostNL",        "https://jouw.postnl.nl/track-and-trace/%s" },
  { "Canada Post",   "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=%s" },
};

static const char * const carrier_names[] = {
  "DHL", "Deutsche Post", "DPD", "GLS", "Hermes", "UPS", "FedEx", "USPS",
  "Royal Mail", "La Poste", "PostNL", "Canada Post", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (carriers) + 1 == G_N_ELEMENTS (carrier_names));

/* helpers */

SkDatabase *
_sk_messenger_get_database (SkMessenger  *self,
              char        **out_store_url,
              GError      **error)
{
  return sk_context_get_writer (self->context, out_store_url, error);
}

void
_sk_messenger_emit_changed (SkMessenger *self,
              gint64       order_id)
{
  g_signal_emit (self, signals[CHANGED], 0, order_id);
}

/* callbacks */

static void
syncing_changed_cb (SkMessenger   *self,
                    GParamSpec    *pspec,
                    SkSyncManager *manager)
{
  gboolean syncing = FALSE;

  g_object_get (manager, "syncing", &syncing, NULL);
  if (!syncing)
    sk_messenger_reconcile (self);
}

/* overrides */

static void
sk_messenger_constructed (GObject *object)
{
  SkMessenger *self = SK_MESSENGER (object);

  G_OBJECT_CLASS (sk_messenger_parent_class)->constructed (object);

  g_assert (SK_IS_CONTEXT (self->context));

  /* After each sync the notes it pushed tell which store messages went. */
  self->sync_manager = sk_context_get_sync_manager (self->context);
  if (self->sync_manager != NULL)
    self->syncing_handler = g_signal_connect_object (self->sync_manager, "notify::syncing",
                                                     G_CALLBACK (syncing_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
}

static void
sk_messenger_dispose (GObject *object)
{
  SkMessenger *self = SK_MESSENGER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync_manager != NULL)
    g_clear_signal_handler (&self->syncing_handler, self->sync_manager);
  self->sync_manager = NULL;

  G_OBJECT_CLASS (sk_messenger_parent_class)->dispose (object);
}

static void
sk_messenger_finalize (GObject *object)
{
  SkMessenger *self = SK_MESSENGER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sk_messenger_parent_class)->finalize (object);
}

static void
sk_messenger_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SkMessenger *self = SK_MESSENGER (object);

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
sk_messenger_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SkMessenger *self = SK_MESSENGER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* A plain pointer: the context owns us. */
      self->context = g_value_get_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_messenger_class_init (SkMessengerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_messenger_constructed;
  object_class->dispose = sk_messenger_dispose;
  object_class->finalize = sk_messenger_finalize;
  object_class->get_property = sk_messenger_get_property;
  object_class->set_property = sk_messenger_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sk_messenger_init (SkMessenger *self)
{
  self->cancellable = g_cancellable_new ();
}

/* public API */

const char * const *
sk_messenger_list_carriers (void)
{
  return carrier_names;
}

char *
sk_messenger_tracking_url (const char *carrier,
                           const char *number)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *escaped = NULL;

  if (carrier == NULL || number == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (number));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (carriers); i++)
    {
      if (g_ascii_strcasecmp (carriers[i].name, carrier) == 0)
        {
          g_auto(GStrv) parts = g_strsplit (carriers[i].url, "%s", 2);

          escaped = g_uri_escape_string (trimmed, NULL, FALSE);
          return g_strconcat (parts[0], escaped, parts[1], NULL);
        }
    }

  return NULL;
}

SkTemplate *
sk_messenger_get_template (SkMessenger  *self,
                           const char   *kind,
                           const char   *language,
                           GError      **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  db = _sk_messenger_get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  return _sk_messenger_find_template (db, kind, language, error);
}

char *
sk_messenger_get_order_language (SkMessenger  *self,
                                 gint64        order_id,
                                 GError      **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);

  db = _sk_messenger_get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  details = sk_database_load_order_details (db, order_id, error);
  if (details == NULL)
    return NULL;

  return _sk_messenger_order_language (db, details, NULL);
}

SkRenderedMessage *
sk_messenger_render (SkMessenger           *self,
                     const SkTemplate      *tmpl,
                     gint64                 order_id,
                     const SkMessageExtras *extras,
                     GError               **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(SendRequest) request = NULL;
  g_autoptr(GHashTable) values = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);
  g_return_val_if_fail (tmpl != NULL, NULL);

  db = _sk_messenger_get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  if (order_id == 0)
    {
      order_id = sk_messages_latest_order_id (db, error);
      if (order_id < 0)
        return NULL;
    }

  if (order_id > 0)
    {
      details = sk_database_load_order_details (db, order_id, error);
      if (details == NULL)
        return NULL;
      desk = sk_order_desk_load (db, order_id, error);
      if (desk == NULL)
        return NULL;
    }

  request = _sk_send_request_new (tmpl->kind, extras, FALSE);
  values = _sk_messenger_build_values (db, details, desk, extras != NULL || details == NULL ? request : NULL, tmpl->language);

  return sk_template_render (tmpl, values);
}

void
sk_messenger_send_async (SkMessenger           *self,
                         gint64                 order_id,
                         const char            *kind,
                         const SkMessageExtras *extras,
                         gboolean               again,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SendRequest) request = NULL;

  g_return_if_fail (SK_IS_MESSENGER (self));
  g_return_if_fail (kind != NULL && *kind != '\0');

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_send_async);

  request = _sk_send_request_new (kind, extras, again);
  _sk_messenger_start_send (self, order_id, request, task);
}

gint64
sk_messenger_send_finish (SkMessenger   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  gssize id;

  g_return_val_if_fail (SK_IS_MESSENGER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  /* g_task_propagate_int () gives -1 on error; the contract says 0. */
  id = g_task_propagate_int (G_TASK (result), error);

  return id > 0 ? id : 0;
}

void
sk_messenger_retry_async (SkMessenger         *self,
                          gint64               message_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) message = NULL;
  g_autofree char *store_url = NULL;
  SkDatabase *db;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_retry_async);

  db = _sk_messenger_get_database (self, &store_url, &error);
  if (db != NULL)
    message = sk_messages_load (db, message_id, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (message->direction != SK_MESSAGE_OUTBOUND || message->outcome != SK_MESSAGE_FAILED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("Only a message that failed can be sent again this way."));
      return;
    }

  _sk_messenger_retry_message (self, db, store_url, message, task);
}

gboolean
sk_messenger_retry_finish (SkMessenger   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) > 0;
}

void
sk_messenger_reconcile (SkMessenger *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_url = NULL;
  SkDatabase *db;
  int n;

  g_return_if_fail (SK_IS_MESSENGER (self));

  if (!sk_context_has_store (self->context))
    return;

  db = _sk_messenger_get_database (self, &store_url, &error);
  if (db == NULL)
    {
      g_warning ("Cannot check the messages sent through the store: %s", error->message);
      return;
    }

  n = sk_messages_reconcile_outbox (db, store_url, &error);
  if (n < 0)
    g_warning ("Cannot check the messages sent through the store: %s", error->message);
  else if (n > 0)
    _sk_messenger_emit_changed (self, 0);
}

gboolean
sk_messenger_sends_through_store (SkMessenger *self)
{
  g_autofree char *channel = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), TRUE);

  db = _sk_messenger_get_database (self, NULL, NULL);
  if (db == NULL)
    return TRUE;

  /* The same choice _sk_messenger_start_send () makes. */
  channel = sk_shop_settings_get_string (db, SK_MESSAGES_CHANNEL, SK_MESSENGER_CHANNEL_STORE);

  return g_strcmp0 (channel, SK_MESSENGER_CHANNEL_SMTP) != 0;
}
