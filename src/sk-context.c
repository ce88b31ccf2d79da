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

  G_OBJECT_CLASS (sk_context_parent_class)->dispose (object);
}

static void
sk_context_finalize (GObject *object)
{
  SkContext *self = SK_CONTEXT (object);

  g_clear_pointer (&self->sink_source, sink_source_unref);
  g_clear_pointer (&self->data_dir, g_free);

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
