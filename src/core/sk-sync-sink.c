/* sk-sync-sink.c — where the sync engine writes what it fetched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-sync-sink"

#include "config.h"

#include "sk-sync-sink.h"

G_DEFINE_INTERFACE (SkSyncSink, sk_sync_sink, G_TYPE_OBJECT)

/* The names in the outbox table (004-sync.sql); never translated. */
static const char * const kind_names[] = {
  [SK_OUTBOX_KIND_ORDER_STATUS] = "order-status",
  [SK_OUTBOX_KIND_ORDER_NOTE] = "order-note",
  [SK_OUTBOX_KIND_REFUND] = "refund",
  [SK_OUTBOX_KIND_COUPON] = "coupon",
  [SK_OUTBOX_KIND_PRODUCT_FEATURED] = "product-featured",
  [SK_OUTBOX_KIND_PRODUCT_TAGS] = "product-tags",
  [SK_OUTBOX_KIND_CUSTOMER_UPDATE] = "customer-update",
};

static const char * const state_names[] = {
  [SK_OUTBOX_STATE_PENDING] = "pending",
  [SK_OUTBOX_STATE_IN_FLIGHT] = "in-flight",
  [SK_OUTBOX_STATE_FAILED_RETRYABLE] = "failed-retryable",
  [SK_OUTBOX_STATE_FAILED_PERMANENT] = "failed-permanent",
  [SK_OUTBOX_STATE_DONE] = "done",
  [SK_OUTBOX_STATE_CONFLICT] = "conflict",
};

const char *
sk_outbox_kind_to_string (SkOutboxKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
sk_outbox_kind_from_string (const char   *text,
                            SkOutboxKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out_kind = (SkOutboxKind) i;
        return TRUE;
      }

  return FALSE;
}

const char *
sk_outbox_state_to_string (SkOutboxState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
sk_outbox_state_from_string (const char    *text,
                             SkOutboxState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *out_state = (SkOutboxState) i;
        return TRUE;
      }

  return FALSE;
}

void
sk_outbox_item_free (SkOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->payload);
  g_free (item->idempotency_key);
  g_free (item->last_error);
  g_free (item);
}

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

GPtrArray *
sk_sync_sink_list_outbox (SkSyncSink  *self,
                          GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = SK_SYNC_SINK_GET_IFACE (self);

  /* A sink without an outbox has nothing to push. */
  if (iface->list_outbox == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_outbox_item_free);

  return iface->list_outbox (self, error);
}

gboolean
sk_sync_sink_update_outbox (SkSyncSink             *self,
                            const SkOutboxOutcome  *outcome,
                            GError                **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  g_return_val_if_fail (iface->update_outbox != NULL, FALSE);

  return iface->update_outbox (self, outcome, error);
}

gboolean
sk_sync_sink_write_order_refunds (SkSyncSink  *self,
                                  gint64       order_remote_id,
                                  GPtrArray   *refunds,
                                  GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (refunds != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  if (iface->write_order_refunds == NULL)
    return TRUE;

  return iface->write_order_refunds (self, order_remote_id, refunds, error);
}

gboolean
sk_sync_sink_begin_batch (SkSyncSink  *self,
                          GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  if (iface->begin_batch == NULL)
    return TRUE;

  return iface->begin_batch (self, error);
}

gboolean
sk_sync_sink_end_batch (SkSyncSink  *self,
                        GError     **error)
{
  SkSyncSinkInterface *iface;

  g_return_val_if_fail (SK_IS_SYNC_SINK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = SK_SYNC_SINK_GET_IFACE (self);
  if (iface->end_batch == NULL)
    return TRUE;

  return iface->end_batch (self, error);
}
