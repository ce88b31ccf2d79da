/* sk-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-connector"

#include "config.h"

#include "sk-connector.h"

G_DEFINE_INTERFACE (SkConnector, sk_connector, G_TYPE_OBJECT)

static void
sk_connector_default_init (SkConnectorInterface *iface)
{
}

void
sk_connector_page_free (SkConnectorPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_free (page);
}

void
sk_connector_id_page_free (SkConnectorIdPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->ids, g_array_unref);
  g_free (page);
}

void
sk_connector_prepare_async (SkConnector         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->prepare_async (self, cancellable, callback, user_data);
}

gboolean
sk_connector_prepare_finish (SkConnector   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SK_IS_CONNECTOR (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return SK_CONNECTOR_GET_IFACE (self)->prepare_finish (self, result, error);
}

void
sk_connector_list_page_async (SkConnector         *self,
                              SkResource           resource,
                              guint                page,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (page >= 1);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->list_page_async (self, resource, page, cancellable, callback, user_data);
}

SkConnectorPage *
sk_connector_list_page_finish (SkConnector   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SK_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return SK_CONNECTOR_GET_IFACE (self)->list_page_finish (self, result, error);
}

void
sk_connector_list_order_notes_async (SkConnector         *self,
                                     gint64               order_remote_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (order_remote_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->list_order_notes_async (self, order_remote_id, cancellable, callback, user_data);
}

GPtrArray *
sk_connector_list_order_notes_finish (SkConnector   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (SK_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return SK_CONNECTOR_GET_IFACE (self)->list_order_notes_finish (self, result, error);
}

void
sk_connector_list_changed_page_async (SkConnector         *self,
                                      SkResource           resource,
                                      guint                page,
                                      gint64               modified_after,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (page >= 1);
  g_return_if_fail (modified_after >= 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->list_changed_page_async (self, resource, page, modified_after,
                                                          cancellable, callback, user_data);
}

void
sk_connector_list_ids_async (SkConnector         *self,
                             SkResource           resource,
                             guint                page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (page >= 1);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->list_ids_async (self, resource, page, cancellable, callback, user_data);
}

SkConnectorIdPage *
sk_connector_list_ids_finish (SkConnector   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SK_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SK_CONNECTOR_GET_IFACE (self)->list_ids_finish (self, result, error);
}

void
sk_connector_record_exists_async (SkConnector         *self,
                                  SkResource           resource,
                                  gint64               remote_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (remote_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->record_exists_async (self, resource, remote_id,
                                                      cancellable, callback, user_data);
}

gboolean
sk_connector_record_exists_finish (SkConnector   *self,
                                   GAsyncResult  *result,
                                   gboolean      *out_exists,
                                   GError       **error)
{
  g_return_val_if_fail (SK_IS_CONNECTOR (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (out_exists != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return SK_CONNECTOR_GET_IFACE (self)->record_exists_finish (self, result, out_exists, error);
}

void
sk_connector_list_order_refunds_async (SkConnector         *self,
                                       gint64               order_remote_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (SK_IS_CONNECTOR (self));
  g_return_if_fail (order_remote_id > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SK_CONNECTOR_GET_IFACE (self)->list_order_refunds_async (self, order_remote_id, cancellable, callback, user_data);
}

GPtrArray *
sk_connector_list_order_refunds_finish (SkConnector   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (SK_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SK_CONNECTOR_GET_IFACE (self)->list_order_refunds_finish (self, result, error);
}
