/* sk-store-sink.h — the SkSyncSink that writes into an SkDatabase.
 *
 * Private to store/: others get one from sk_database_create_sink().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"
#include "sk-sync-sink.h"

G_BEGIN_DECLS

#define SK_TYPE_STORE_SINK (sk_store_sink_get_type ())
G_DECLARE_FINAL_TYPE (SkStoreSink, sk_store_sink, SK, STORE_SINK, GObject)

SkSyncSink *_sk_store_sink_new          (SkDatabase *database,
                                         gint64      store_id,
                                         const char *store_url);
gint64      _sk_store_sink_get_store_id (SkStoreSink *self);

G_END_DECLS
