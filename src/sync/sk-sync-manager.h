/* sk-sync-manager.h — pulls the store into the local database.
 *
 * Runs on a worker thread with its own GMainContext and SoupSession; pages
 * are fetched several at a time over keep-alive connections, parsed on a
 * thread pool, and written in the background by a writer thread through
 * an SkSyncSink opened (and used, and released) on that writer thread, so
 * fetching, parsing and writing overlap. Progress and
 * state are GObject properties notified on the main context the manager was
 * created in (coalesced), so the UI binds to them.
 *
 * Properties (read-only unless said): "syncing" (bool), "fraction"
 * (double 0..1, -1 when unknown), "status-text" (string, translated, e.g.
 * "Orders 1,200 of 3,000"), "last-error" (string or NULL, translated,
 * words a shop owner understands), "orders-fetched" (int64),
 * "orders-total" (int64), "store-url" (string or NULL, notified when
 * sk_sync_manager_set_store() changes it), "pending-changes" (int, outbox
 * items still to be sent) and "failed-changes" (int, outbox items that
 * failed for good or are in conflict), both kept by the owner of the
 * database (sk-context.c) through sk_sync_manager_set_change_counts().
 *
 * Every sync first pushes the outbox (sk-pusher.c), then pulls: the first
 * sync reads everything, later ones what changed since the stored cursors;
 * now and then the order, product and coupon ids are scanned to remove
 * what the store deleted (each missing id confirmed by its own GET).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-sync-sink.h"

G_BEGIN_DECLS

#define SK_SYNC_ERROR (sk_sync_error_quark ())

typedef enum
{
  SK_SYNC_ERROR_UNAUTHORIZED,  /* 401/403: the key or secret is wrong or lacks permission */
  SK_SYNC_ERROR_NOT_A_STORE,   /* 404 on /wp-json/wc/v3, HTML instead of JSON */
  SK_SYNC_ERROR_TIMEOUT,
  SK_SYNC_ERROR_RATE_LIMITED,  /* 429/503 after retries */
  SK_SYNC_ERROR_SERVER,        /* 5xx */
  SK_SYNC_ERROR_MALFORMED,     /* the answer is not the JSON we expect (truncated, invalid) */
  SK_SYNC_ERROR_NETWORK,       /* cannot connect, connection dropped, offline */
  SK_SYNC_ERROR_TLS,
  SK_SYNC_ERROR_STORAGE,       /* writing the local database failed */
  SK_SYNC_ERROR_BUSY,          /* a sync is already running */
  SK_SYNC_ERROR_INVALID_URL,   /* no store set, or the address is not an http(s) URL */
  SK_SYNC_ERROR_INSECURE,      /* plain http:// to a host that is not loopback, not allowed */
} SkSyncError;

GQuark sk_sync_error_quark (void);

/* Called on the sync's writer thread to open the sink the sync writes
 * into; the sink is used and released on that thread only. */
typedef SkSyncSink *(*SkSyncSinkOpenFunc) (gpointer   user_data,
                                           GError   **error);

#define SK_TYPE_SYNC_MANAGER (sk_sync_manager_get_type ())
G_DECLARE_FINAL_TYPE (SkSyncManager, sk_sync_manager, SK, SYNC_MANAGER, GObject)

SkSyncManager *sk_sync_manager_new            (SkSyncSinkOpenFunc   open_sink,
                                               gpointer             open_sink_data,
                                               GDestroyNotify       open_sink_data_free);
/* The store to sync with. The key and secret are kept in memory only. */
void           sk_sync_manager_set_store      (SkSyncManager       *self,
                                               const char          *url,
                                               const char          *consumer_key,
                                               const char          *consumer_secret);
const char    *sk_sync_manager_get_store_url  (SkSyncManager       *self);
/* Whether plain http:// to a host that is not loopback is accepted
 * (default FALSE): only when the user explicitly allowed an unencrypted
 * connection to this store. Requests are then OAuth-signed; the secret is
 * never sent. Read when a sync starts. */
void           sk_sync_manager_set_allow_insecure (SkSyncManager   *self,
                                                   gboolean         allow_insecure);
gboolean       sk_sync_manager_get_allow_insecure (SkSyncManager   *self);
/* Pages in flight at once (default 4). */
void           sk_sync_manager_set_parallel   (SkSyncManager       *self,
                                               guint                n_pages);
/* Per-request timeout in seconds (default 30). */
void           sk_sync_manager_set_timeout    (SkSyncManager       *self,
                                               guint                seconds);

void           sk_sync_manager_sync_async     (SkSyncManager       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       sk_sync_manager_sync_finish    (SkSyncManager       *self,
                                               GAsyncResult        *result,
                                               SkSyncSummary       *out_summary,
                                               GError             **error);
/* Cancels the running sync, if any. */
void           sk_sync_manager_cancel         (SkSyncManager       *self);

gboolean       sk_sync_manager_get_syncing    (SkSyncManager       *self);
double         sk_sync_manager_get_fraction   (SkSyncManager       *self);
const char    *sk_sync_manager_get_status_text (SkSyncManager      *self);
const char    *sk_sync_manager_get_last_error (SkSyncManager       *self);
int            sk_sync_manager_get_pending_changes (SkSyncManager  *self);
int            sk_sync_manager_get_failed_changes  (SkSyncManager  *self);
/* Main thread only; notifies only what changed. */
void           sk_sync_manager_set_change_counts   (SkSyncManager  *self,
                                                    int             pending,
                                                    int             failed);

G_END_DECLS
