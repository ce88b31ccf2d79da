/* sk-context.h — composition root of everything below the UI.
 *
 * Owns the data directory, the main thread's read-only database connection,
 * the sync manager (which opens its own writable connection on its worker
 * thread) and, with --demo, the in-process demo store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-database.h"
#include "sk-demo-server.h"
#include "sk-sync-manager.h"

G_BEGIN_DECLS

#define SK_TYPE_CONTEXT (sk_context_get_type ())
G_DECLARE_FINAL_TYPE (SkContext, sk_context, SK, CONTEXT, GObject)

/* The default data directory: $XDG_DATA_HOME/shopkeeper, or its "demo"
 * sub-folder for the demo store, so the two never mix. */
char          *sk_context_default_data_dir    (gboolean              demo);

/* Creates @data_dir if needed, creates/migrates shopkeeper.db in it and
 * opens the main thread's read-only connection. */
SkContext     *sk_context_new                 (const char           *data_dir,
                                               GError              **error);
const char    *sk_context_get_data_dir        (SkContext            *self);
SkDatabase    *sk_context_get_database        (SkContext            *self);
SkSyncManager *sk_context_get_sync_manager    (SkContext            *self);

/* Starts the demo store in this process and points the sync manager at it. */
gboolean       sk_context_start_demo          (SkContext            *self,
                                               const SkDemoOptions  *options,
                                               GError              **error);
SkDemoServer  *sk_context_get_demo_server     (SkContext            *self);
/* TRUE once a store is configured (the demo, or later a real one). */
gboolean       sk_context_has_store           (SkContext            *self);

G_END_DECLS
