/* sk-connector.h — what a sync needs from a web store, whatever its kind.
 *
 * A connector turns a store's HTTP API into core records (sk-records.h).
 * It knows nothing of SQLite. WooCommerce is the first implementation
 * (sk-woo-connector.c); Shopify can follow behind the same interface.
 * A connector is used from the thread whose thread-default main context
 * was current when it was made; results are delivered there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

/* Records asked for per page: the most WooCommerce allows. */
#define SK_CONNECTOR_PAGE_SIZE 100

/* One page of a resource as listed by the store. */
typedef struct
{
  SkResource  resource;
  guint       page;            /* 1-based */
  /* SkOrderRecord*, SkCustomerRecord* or SkProductRecord* according to
   * @resource, owned (the array frees them). */
  GPtrArray  *records;
  gint64      total;           /* records of the resource in all, -1 if unknown */
  gint64      total_pages;     /* -1 if unknown */
  gint64      max_modified;    /* highest date_modified on this page, 0 if none */
} SkConnectorPage;

void sk_connector_page_free (SkConnectorPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkConnectorPage, sk_connector_page_free)

/* One page of a resource's ids (an id scan, to find deleted records). */
typedef struct
{
  SkResource  resource;
  guint       page;            /* 1-based */
  GArray     *ids;             /* gint64, in the store's order (id ascending) */
  gint64      total;           /* -1 if unknown */
  gint64      total_pages;     /* -1 if unknown */
} SkConnectorIdPage;

void sk_connector_id_page_free (SkConnectorIdPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkConnectorIdPage, sk_connector_id_page_free)

#define SK_TYPE_CONNECTOR (sk_connector_get_type ())
G_DECLARE_INTERFACE (SkConnector, sk_connector, SK, CONNECTOR, GObject)

struct _SkConnectorInterface
{
  GTypeInterface parent_iface;

  /* Checks that the store answers and accepts the credentials, and learns
   * what listing needs (for WooCommerce: the store's currency). Called
   * once before the first list call. */
  void               (*prepare_async)           (SkConnector          *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  gboolean           (*prepare_finish)          (SkConnector          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  /* Page @page (1-based) of @resource, records ordered by id ascending. */
  void               (*list_page_async)         (SkConnector          *self,
                                                 SkResource            resource,
                                                 guint                 page,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  SkConnectorPage   *(*list_page_finish)        (SkConnector          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  /* All notes of one order (SkOrderNoteRecord*). An order the store no
   * longer has gives an empty array. */
  void               (*list_order_notes_async)  (SkConnector          *self,
                                                 gint64                order_remote_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  GPtrArray         *(*list_order_notes_finish) (SkConnector          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  /* All refunds of one order (SkRefundRecord*, with their dates). An
   * order the store no longer has gives an empty array. */
  void               (*list_order_refunds_async)  (SkConnector        *self,
                                                   gint64              order_remote_id,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
  GPtrArray         *(*list_order_refunds_finish) (SkConnector        *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

  /* Like list_page_async, but only the records modified after
   * @modified_after (Unix seconds UTC, exclusive; 0: every record), by
   * the store's own clock. Finished with list_page_finish. */
  void               (*list_changed_page_async) (SkConnector          *self,
                                                 SkResource            resource,
                                                 guint                 page,
                                                 gint64                modified_after,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);

  /* Page @page (1-based) of the ids of @resource, ascending. */
  void               (*list_ids_async)          (SkConnector          *self,
                                                 SkResource            resource,
                                                 guint                 page,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  SkConnectorIdPage *(*list_ids_finish)         (SkConnector          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  /* Asks the store for one record by id: *@out_exists is FALSE when the
   * store says there is no such record (or it is in the trash, which
   * lists leave out). Any other failure is an error. */
  void               (*record_exists_async)     (SkConnector          *self,
                                                 SkResource            resource,
                                                 gint64                remote_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  gboolean           (*record_exists_finish)    (SkConnector          *self,
                                                 GAsyncResult         *result,
                                                 gboolean             *out_exists,
                                                 GError              **error);
};

void             sk_connector_prepare_async           (SkConnector          *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         sk_connector_prepare_finish          (SkConnector          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             sk_connector_list_page_async         (SkConnector          *self,
                                                       SkResource            resource,
                                                       guint                 page,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
SkConnectorPage *sk_connector_list_page_finish        (SkConnector          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             sk_connector_list_order_notes_async  (SkConnector          *self,
                                                       gint64                order_remote_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray       *sk_connector_list_order_notes_finish (SkConnector          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             sk_connector_list_order_refunds_async  (SkConnector        *self,
                                                         gint64              order_remote_id,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
GPtrArray       *sk_connector_list_order_refunds_finish (SkConnector        *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);
void             sk_connector_list_changed_page_async (SkConnector          *self,
                                                       SkResource            resource,
                                                       guint                 page,
                                                       gint64                modified_after,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void             sk_connector_list_ids_async          (SkConnector          *self,
                                                       SkResource            resource,
                                                       guint                 page,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
SkConnectorIdPage *sk_connector_list_ids_finish       (SkConnector          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             sk_connector_record_exists_async     (SkConnector          *self,
                                                       SkResource            resource,
                                                       gint64                remote_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         sk_connector_record_exists_finish    (SkConnector          *self,
                                                       GAsyncResult         *result,
                                                       gboolean             *out_exists,
                                                       GError              **error);

G_END_DECLS
