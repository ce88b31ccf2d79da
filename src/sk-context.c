/* sk-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-context"

#include "config.h"

#include "sk-context.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sk-outbox.h"

#define DATABASE_NAME "shopkeeper.db"

/* What the sync worker needs to open its own connection. Shared by the
 * context (main thread, which updates the URL when the store changes) and
 * the sync manager's open-sink function (worker thread). */
typedef struct
{
  char   *database_path;
  GMutex  lock;
  char   *store_url;       /* under lock */
  /* The demo store listens on a new port each run; its data is filed under
   * a fixed identity instead of its URL, or each run would add another copy
   * of every order. Main thread only. */
  char   *store_identity;
} SinkSource;

struct _SkContext
{
  GObject        parent_instance;

  char          *data_dir;
  SkDatabase    *database;      /* main thread, read-only */
  SkSyncManager *sync_manager;
  SkDemoServer  *demo_server;
  SinkSource    *sink_source;

  /* Opened on first use, for the outbox: the main thread's only writes. */
  SkDatabase    *write_database;

  char          *actor;
  /* GType -> GObject: the services built on the context (get_service). */
  GHashTable    *services;

  guint          sync_interval_min;
  guint          sync_timer_id;
  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (SkContext, sk_context, G_TYPE_OBJECT)

static void
sink_source_clear (SinkSource *source)
{
  g_free (source->database_path);
  g_free (source->store_url);
  g_free (source->store_identity);
  g_mutex_clear (&source->lock);
}

static void
sink_source_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) sink_source_clear);
}

/* Runs on the sync worker: a writable connection of its own, so the main
 * thread's read-only one never waits for the writer (WAL). */
static SkSyncSink *
open_sink (gpointer   user_data,
           GError   **error)
{
  SinkSource *source = user_data;
  g_autoptr(SkDatabase) database = NULL;
  g_autofree char *url = NULL;

  g_mutex_lock (&source->lock);
  url = g_strdup (source->store_url);
  g_mutex_unlock (&source->lock);

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                           _("No store is set up."));
      return NULL;
    }

  database = sk_database_open (source->database_path, SK_DATABASE_FLAGS_NONE, error);
  if (database == NULL)
    return NULL;

  /* The sink keeps the database alive as long as it needs it. */
  return sk_database_create_sink (database, url, error);
}

static void
store_url_changed_cb (SkContext     *self,
                      GParamSpec    *pspec,
                      SkSyncManager *manager)
{
  SinkSource *source = self->sink_source;

  g_mutex_lock (&source->lock);
  g_free (source->store_url);
  if (source->store_identity != NULL)
    source->store_url = g_strdup (source->store_identity);
  else
    source->store_url = g_strdup (sk_sync_manager_get_store_url (manager));
  g_mutex_unlock (&source->lock);
}

static void
sk_context_dispose (GObject *object)
{
  SkContext *self = SK_CONTEXT (object);

  /* Services first: they may still use the database and the sync. */
  g_clear_pointer (&self->services, g_hash_table_unref);

  /* Stop a running sync before its store goes away. */
  if (self->sync_manager != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->sync_manager, store_url_changed_cb, self);
      sk_sync_manager_cancel (self->sync_manager);
    }
  g_clear_object (&self->sync_manager);

  if (self->demo_server != NULL)
    sk_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->database);
  g_clear_object (&self->write_database);
  g_clear_handle_id (&self->sync_timer_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sk_context_parent_class)->dispose (object);
}

static void
sk_context_finalize (GObject *object)
{
  SkContext *self = SK_CONTEXT (object);

  g_clear_pointer (&self->sink_source, sink_source_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (sk_context_parent_class)->finalize (object);
}

static void
sk_context_class_init (SkContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_context_dispose;
  object_class->finalize = sk_context_finalize;
}

static void
sk_context_init (SkContext *self)
{
}

char *
sk_context_default_data_dir (gboolean demo)
{
  if (demo)
    return g_build_filename (g_get_user_data_dir (), "shopkeeper", "demo", NULL);

  return g_build_filename (g_get_user_data_dir (), "shopkeeper", NULL);
}

SkContext *
sk_context_new (const char  *data_dir,
                GError     **error)
{
  g_autoptr(SkContext) self = NULL;
  g_autoptr(SkDatabase) writable = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Private to the user: it holds customers' names and addresses. An
   * existing folder is left as it is (it may be one the user chose). */
  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR) &&
      g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: the first %s is a folder, the second the system's reason */
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the data folder %s: %s"),
                   data_dir, g_strerror (saved_errno));
      return NULL;
    }

  path = g_build_filename (data_dir, DATABASE_NAME, NULL);

  /* Opening it writable once creates or migrates it; the main thread then
   * only ever reads. */
  writable = sk_database_open (path, SK_DATABASE_FLAGS_NONE, error);
  if (writable == NULL)
    return NULL;
  g_clear_object (&writable);

  self = g_object_new (SK_TYPE_CONTEXT, NULL);
  self->data_dir = g_strdup (data_dir);
  self->database = sk_database_open (path, SK_DATABASE_FLAGS_READ_ONLY, error);
  if (self->database == NULL)
    return NULL;

  self->sink_source = g_atomic_rc_box_new0 (SinkSource);
  g_mutex_init (&self->sink_source->lock);
  self->sink_source->database_path = g_steal_pointer (&path);

  self->sync_manager = sk_sync_manager_new (open_sink,
                                            g_atomic_rc_box_acquire (self->sink_source),
                                            sink_source_unref);
  g_signal_connect_object (self->sync_manager, "notify::store-url",
                           G_CALLBACK (store_url_changed_cb), self, G_CONNECT_SWAPPED);
  /* A sync pushes and pulls: the outbox counts change with it. */
  g_signal_connect_object (self->sync_manager, "notify::syncing",
                           G_CALLBACK (sk_context_update_change_counts), self, G_CONNECT_SWAPPED);

  return g_steal_pointer (&self);
}

const char *
sk_context_get_data_dir (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);

  return self->data_dir;
}

SkDatabase *
sk_context_get_database (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);

  return self->database;
}

SkSyncManager *
sk_context_get_sync_manager (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);

  return self->sync_manager;
}

gboolean
sk_context_start_demo (SkContext            *self,
                       const SkDemoOptions  *options,
                       GError              **error)
{
  g_autoptr(SkDemoServer) server = NULL;

  g_return_val_if_fail (SK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->demo_server != NULL)
    return TRUE;

  server = sk_demo_server_new (options);
  if (!sk_demo_server_start (server, error))
    return FALSE;

  self->demo_server = g_steal_pointer (&server);
  g_free (self->sink_source->store_identity);
  self->sink_source->store_identity = g_strdup_printf ("demo:seed=%" G_GUINT64_FORMAT,
                                                       options->seed);
  sk_sync_manager_set_store (self->sync_manager,
                             sk_demo_server_get_url (self->demo_server),
                             sk_demo_server_get_key (self->demo_server),
                             sk_demo_server_get_secret (self->demo_server));

  return TRUE;
}

SkDemoServer *
sk_context_get_demo_server (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);

  return self->demo_server;
}

gboolean
sk_context_has_store (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), FALSE);

  return sk_sync_manager_get_store_url (self->sync_manager) != NULL;
}

/* The name the store's rows are filed under (see SinkSource). */
static char *
dup_store_key (SkContext *self)
{
  char *key;

  g_mutex_lock (&self->sink_source->lock);
  key = g_strdup (self->sink_source->store_url);
  g_mutex_unlock (&self->sink_source->lock);

  return key;
}

static SkDatabase *
get_write_database (SkContext  *self,
                    char      **out_store_key,
                    GError    **error)
{
  g_autofree char *key = dup_store_key (self);

  if (key == NULL || *key == '\0')
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                           _("No store is set up."));
      return NULL;
    }

  if (self->write_database == NULL)
    {
      self->write_database = sk_database_open (self->sink_source->database_path,
                                               SK_DATABASE_FLAGS_NONE, error);
      if (self->write_database == NULL)
        return NULL;
      sk_database_set_actor (self->write_database, self->actor);
    }

  *out_store_key = g_steal_pointer (&key);

  return self->write_database;
}

SkDatabase *
sk_context_get_writer (SkContext  *self,
                       char      **out_store_url,
                       GError    **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = get_write_database (self, &key, error);
  if (db != NULL && out_store_url != NULL)
    *out_store_url = g_steal_pointer (&key);

  return db;
}

void
sk_context_set_actor (SkContext  *self,
                      const char *actor)
{
  g_return_if_fail (SK_IS_CONTEXT (self));

  g_free (self->actor);
  self->actor = actor != NULL && *actor != '\0' ? g_strdup (actor) : NULL;
  if (self->write_database != NULL)
    sk_database_set_actor (self->write_database, self->actor);
}

const char *
sk_context_get_actor (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), "user");

  return self->actor != NULL ? self->actor : "user";
}

gpointer
sk_context_get_service (SkContext *self,
                        GType      type)
{
  GObject *service;

  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (g_type_is_a (type, G_TYPE_OBJECT), NULL);

  if (self->services == NULL)
    self->services = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  service = g_hash_table_lookup (self->services, GSIZE_TO_POINTER (type));
  if (service == NULL)
    {
      service = g_object_new (type, "context", self, NULL);
      g_hash_table_insert (self->services, GSIZE_TO_POINTER (type), service);
    }

  return service;
}

void
sk_context_update_change_counts (SkContext *self)
{
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pending;
  gint64 failed = 0;

  g_return_if_fail (SK_IS_CONTEXT (self));

  key = dup_store_key (self);
  if (key == NULL)
    return;

  pending = sk_outbox_count_waiting (self->database, key, &error);
  if (pending >= 0)
    failed = sk_outbox_count_failed (self->database, key, &error);
  if (error != NULL)
    {
      g_warning ("Cannot count the changes waiting for the store: %s", error->message);
      return;
    }

  sk_sync_manager_set_change_counts (self->sync_manager, (int) MIN (pending, G_MAXINT),
                                     (int) MIN (failed, G_MAXINT));
}

gint64
sk_context_queue_order_status (SkContext   *self,
                               gint64       order_remote_id,
                               const char  *status,
                               GError     **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_order_status (db, key, order_remote_id, status, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_order_note (SkContext   *self,
                             gint64       order_remote_id,
                             const char  *note,
                             gboolean     customer_note,
                             GError     **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_order_note (db, key, order_remote_id, note, customer_note, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_refund (SkContext   *self,
                         gint64       order_remote_id,
                         gint64       amount,
                         const char  *reason,
                         GError     **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_refund (db, key, order_remote_id, amount, reason, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_refund_lines (SkContext           *self,
                               gint64               order_remote_id,
                               const SkRefundLine  *lines,
                               guint                n_lines,
                               gint64               shipping_amount,
                               const char          *reason,
                               gboolean             api_refund,
                               gboolean             restock,
                               GError             **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_refund_lines (db, key, order_remote_id, lines, n_lines, shipping_amount,
                                     reason, api_refund, restock, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_store_credit (SkContext   *self,
                               const char  *code,
                               gint64       amount,
                               const char  *currency,
                               const char  *customer_email,
                               gint64       expires_at,
                               GError     **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_store_credit (db, key, code, amount, currency, customer_email, expires_at, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_customer_update (SkContext               *self,
                                  gint64                   customer_remote_id,
                                  const SkCustomerUpdate  *update,
                                  GError                 **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_customer_update (db, key, customer_remote_id, update, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_coupon (SkContext   *self,
                         const char  *code,
                         const char  *discount_type,
                         gint64       amount,
                         GError     **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_coupon (db, key, code, discount_type, amount, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_product_featured (SkContext   *self,
                                   gint64       product_remote_id,
                                   gboolean     featured,
                                   GError     **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_product_featured (db, key, product_remote_id, featured, error);
  sk_context_update_change_counts (self);

  return id;
}

gint64
sk_context_queue_product_tags (SkContext           *self,
                               gint64               product_remote_id,
                               const char * const  *tags,
                               GError             **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return 0;

  id = sk_outbox_queue_product_tags (db, key, product_remote_id, tags, error);
  sk_context_update_change_counts (self);

  return id;
}

GPtrArray *
sk_context_list_failed_changes (SkContext  *self,
                                GError    **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);

  key = dup_store_key (self);
  if (key == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_outbox_item_free);

  return sk_outbox_list_failed (self->database, key, error);
}

GPtrArray *
sk_context_list_waiting_changes (SkContext  *self,
                                 gint64      order_remote_id,
                                 GError    **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SK_IS_CONTEXT (self), NULL);

  key = dup_store_key (self);
  if (key == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_outbox_item_free);

  return sk_outbox_list_waiting_for_order (self->database, key, order_remote_id, error);
}

gboolean
sk_context_retry_change (SkContext  *self,
                         gint64      outbox_id,
                         GError    **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gboolean ok;

  g_return_val_if_fail (SK_IS_CONTEXT (self), FALSE);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return FALSE;

  ok = sk_outbox_retry (db, outbox_id, error);
  sk_context_update_change_counts (self);

  return ok;
}

gboolean
sk_context_discard_change (SkContext  *self,
                           gint64      outbox_id,
                           GError    **error)
{
  g_autofree char *key = NULL;
  SkDatabase *db;
  gboolean ok;

  g_return_val_if_fail (SK_IS_CONTEXT (self), FALSE);

  if ((db = get_write_database (self, &key, error)) == NULL)
    return FALSE;

  ok = sk_outbox_discard (db, outbox_id, error);
  sk_context_update_change_counts (self);

  return ok;
}

static gboolean
sync_timer_cb (gpointer user_data)
{
  SkContext *self = user_data;

  /* A sync already running (started by the user) is enough; a failed
   * one shows its error in the manager's last-error. */
  if (sk_context_has_store (self) && !sk_sync_manager_get_syncing (self->sync_manager))
    sk_sync_manager_sync_async (self->sync_manager, NULL, NULL, NULL);

  return G_SOURCE_CONTINUE;
}

void
sk_context_set_sync_interval (SkContext *self,
                              guint      minutes)
{
  g_return_if_fail (SK_IS_CONTEXT (self));

  minutes = MIN (minutes, 24 * 60);
  if (self->sync_interval_min == minutes && (minutes == 0 || self->sync_timer_id != 0))
    return;

  self->sync_interval_min = minutes;
  g_clear_handle_id (&self->sync_timer_id, g_source_remove);
  if (minutes > 0)
    {
      self->sync_timer_id = g_timeout_add_seconds (minutes * 60, sync_timer_cb, self);
      g_source_set_name_by_id (self->sync_timer_id, "[sk-context] background sync");
    }
}

guint
sk_context_get_sync_interval (SkContext *self)
{
  g_return_val_if_fail (SK_IS_CONTEXT (self), 0);

  return self->sync_interval_min;
}

static void
sync_interval_changed_cb (GSettings  *settings,
                          const char *key,
                          SkContext  *self)
{
  sk_context_set_sync_interval (self, (guint) MAX (g_settings_get_int (settings, "sync-interval-minutes"), 0));
}

void
sk_context_bind_settings (SkContext *self,
                          GSettings *settings)
{
  g_return_if_fail (SK_IS_CONTEXT (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);

  g_signal_connect (settings, "changed::sync-interval-minutes",
                    G_CALLBACK (sync_interval_changed_cb), self);
  sync_interval_changed_cb (settings, "sync-interval-minutes", self);
}
