/* sk-sync-sink.c — where the sync engine writes what it fetched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-sync-sink"

#include "config.h"

#include "sk-sync-sink.h"

G_DEFINE_INTERFACE (SkSyncSink, sk_sync_sink, G_TYPE_OBJECT)

static void
sk_sync_sink_default_init (SkSyncSinkInterface *iface)
{
}

gboolean
sk_sync_sink_write_page (SkSyncSink        *self,
                         const SkSyncPage  *page,
                         GError           **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (page->records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->write_page != NULL, FALSE);

  return iface->write_page (self, page, error);
}

gboolean
sk_sync_sink_write_order_notes (SkSyncSink  *self,
                                gint64       order_remote_id,
                                GPtrArray   *notes,
                                GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (notes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->write_order_notes != NULL, FALSE);

  return iface->write_order_notes (self, order_remote_id, notes, error);
}

gboolean
sk_sync_sink_get_cursor (SkSyncSink  *self,
                         SkResource   resource,
                         gint64      *out_cursor,
                         GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (out_cursor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->get_cursor != NULL, FALSE);

  return iface->get_cursor (self, resource, out_cursor, error);
}

gboolean
sk_sync_sink_finish (SkSyncSink           *self,
                     const SkSyncSummary  *summary,
                     GError              **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->finish != NULL, FALSE);

  return iface->finish (self, summary, error);
}

GArray *
sk_sync_sink_list_remote_ids (SkSyncSink  *self,
                              SkResource   resource,
                              GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->list_remote_ids != NULL, NULL);

  return iface->list_remote_ids (self, resource, error);
}

gboolean
sk_sync_sink_delete_records (SkSyncSink    *self,
                             SkResource     resource,
                             const gint64  *remote_ids,
                             guint          n_ids,
                             GError       **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (remote_ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->delete_records != NULL, FALSE);

  return iface->delete_records (self, resource, remote_ids, n_ids, error);
}

gboolean
sk_sync_sink_get_meta (SkSyncSink  *self,
                       const char  *key,
                       gint64      *out_value,
                       GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->get_meta != NULL, FALSE);

  return iface->get_meta (self, key, out_value, error);
}

gboolean
sk_sync_sink_set_meta (SkSyncSink  *self,
                       const char  *key,
                       gint64       value,
                       GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->set_meta != NULL, FALSE);

  return iface->set_meta (self, key, value, error);
}
