/* sk-sync-sink.h — where the sync engine writes what it fetched.
 *
 * sync/ knows nothing of SQLite and store/ nothing of HTTP: store/
 * implements this interface, sync/ calls it, sk-context.c wires them.
 * A sink is used from the one thread that created it (the sync worker).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_SYNC_SINK (sk_sync_sink_get_type ())
G_DECLARE_INTERFACE (SkSyncSink, sk_sync_sink, SK, SYNC_SINK, GObject)

typedef struct
{
  SkResource  resource;
  /* SkOrderRecord*, SkCustomerRecord* or SkProductRecord* according to
   * @resource; owned by the caller. */
  GPtrArray  *records;
  /* The highest date_modified seen so far for @resource in this sync, or 0
   * to leave the stored cursor as it is. Written in the same transaction as
   * the records, so a cursor can never run ahead of the data. */
  gint64      cursor;
} SkSyncPage;

typedef struct
{
  gint64 orders;
  gint64 customers;
  gint64 products;
  gint64 notes;
  gint64 started_at;   /* Unix seconds UTC */
  gint64 finished_at;
  gint64 deleted;      /* local records removed because the store no longer has them */
  gboolean incremental;/* TRUE when orders were fetched since a cursor */
} SkSyncSummary;

struct _SkSyncSinkInterface
{
  GTypeInterface parent_iface;

  /* Idempotent upsert of one page, in one transaction with its cursor.
   * On error nothing of the page is written. */
  gboolean (*write_page)        (SkSyncSink        *self,
                                 const SkSyncPage  *page,
                                 GError           **error);
  /* Replaces the notes of one order (notes cannot be edited in the store,
   * only added or deleted, so the fetched list is the truth). */
  gboolean (*write_order_notes) (SkSyncSink        *self,
                                 gint64             order_remote_id,
                                 GPtrArray         *notes,
                                 GError           **error);
  /* The stored cursor of @resource, 0 if none. */
  gboolean (*get_cursor)        (SkSyncSink        *self,
                                 SkResource         resource,
                                 gint64            *out_cursor,
                                 GError           **error);
  /* Records that a sync completed (last-synced time, audit log). */
  gboolean (*finish)            (SkSyncSink        *self,
                                 const SkSyncSummary *summary,
                                 GError           **error);

  /* Every remote id of @resource held locally, ascending (gint64). */
  GArray  *(*list_remote_ids)   (SkSyncSink        *self,
                                 SkResource         resource,
                                 GError           **error);
  /* Removes the records the store no longer has, with everything that
   * hangs off them, in one transaction with an audit entry. Ids not held
   * locally are ignored. */
  gboolean (*delete_records)    (SkSyncSink        *self,
                                 SkResource         resource,
                                 const gint64      *remote_ids,
                                 guint              n_ids,
                                 GError           **error);
  /* Small counters of the sync engine (e.g. when the last id scan ran),
   * 0 when never set. */
  gboolean (*get_meta)          (SkSyncSink        *self,
                                 const char        *key,
                                 gint64            *out_value,
                                 GError           **error);
  gboolean (*set_meta)          (SkSyncSink        *self,
                                 const char        *key,
                                 gint64             value,
                                 GError           **error);
};

gboolean sk_sync_sink_write_page        (SkSyncSink          *self,
                                         const SkSyncPage    *page,
                                         GError             **error);
gboolean sk_sync_sink_write_order_notes (SkSyncSink          *self,
                                         gint64               order_remote_id,
                                         GPtrArray           *notes,
                                         GError             **error);
gboolean sk_sync_sink_get_cursor        (SkSyncSink          *self,
                                         SkResource           resource,
                                         gint64              *out_cursor,
                                         GError             **error);
gboolean sk_sync_sink_finish            (SkSyncSink          *self,
                                         const SkSyncSummary *summary,
                                         GError             **error);
GArray  *sk_sync_sink_list_remote_ids   (SkSyncSink          *self,
                                         SkResource           resource,
                                         GError             **error);
gboolean sk_sync_sink_delete_records    (SkSyncSink          *self,
                                         SkResource           resource,
                                         const gint64        *remote_ids,
                                         guint                n_ids,
                                         GError             **error);
gboolean sk_sync_sink_get_meta          (SkSyncSink          *self,
                                         const char          *key,
                                         gint64              *out_value,
                                         GError             **error);
gboolean sk_sync_sink_set_meta          (SkSyncSink          *self,
                                         const char          *key,
                                         gint64               value,
                                         GError             **error);

G_END_DECLS
