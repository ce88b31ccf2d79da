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
  /* SkOrderRecord*, SkCustomerRecord*, SkProductRecord* or
   * SkCouponRecord* according to @resource; owned by the caller. */
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
  gint64 pushed;       /* outbox items the store accepted in this sync */
  gint64 push_failed;  /* outbox items that failed for good or are in conflict */
  gint64 coupons;      /* coupons fetched (new or changed in the store) */
} SkSyncSummary;

/* The outbox: local actions the store must learn of (store/sk-outbox.h
 * queues them, sync/sk-pusher.c pushes them through the sink). */
typedef enum
{
  SK_OUTBOX_KIND_ORDER_STATUS,     /* payload {"status": "completed"} */
  SK_OUTBOX_KIND_ORDER_NOTE,       /* {"note": "…", "customer_note": false} */
  /* {"amount": 1250, "currency": "EUR", "reason": "…"} (minor units); with
   * lines also "lines": [{"id", "quantity", "total", "tax"}], "shipping",
   * "api_refund", "api_restock" */
  SK_OUTBOX_KIND_REFUND,
  /* {"code": "…", "discount_type": "percent", "amount": "10"}, for store
   * credit also "email_restrictions", "usage_limit", "usage_limit_per_user",
   * "individual_use", "date_expires_gmt" */
  SK_OUTBOX_KIND_COUPON,
  SK_OUTBOX_KIND_PRODUCT_FEATURED, /* {"featured": true} */
  SK_OUTBOX_KIND_PRODUCT_TAGS,     /* {"tags": [{"name": "…"}]} */
  /* {"fields": {"first_name": "…", "billing": {…}…} (only what changed),
   *  "previous": the same fields as they were here} */
  SK_OUTBOX_KIND_CUSTOMER_UPDATE,
} SkOutboxKind;

typedef enum
{
  SK_OUTBOX_STATE_PENDING,
  SK_OUTBOX_STATE_IN_FLIGHT,         /* sent, outcome not known yet (or the program died) */
  SK_OUTBOX_STATE_FAILED_RETRYABLE,  /* tried again at next_attempt_at */
  SK_OUTBOX_STATE_FAILED_PERMANENT,  /* stopped; last_error says why */
  SK_OUTBOX_STATE_DONE,
  SK_OUTBOX_STATE_CONFLICT,          /* the store changed the record after the edit was queued */
} SkOutboxState;

const char *sk_outbox_kind_to_string  (SkOutboxKind   kind);
gboolean    sk_outbox_kind_from_string (const char    *text,
                                        SkOutboxKind  *out_kind);
const char *sk_outbox_state_to_string (SkOutboxState  state);
gboolean    sk_outbox_state_from_string (const char   *text,
                                         SkOutboxState *out_state);

typedef struct
{
  gint64         id;
  SkOutboxKind   kind;
  gint64         target_remote_id;  /* order, product or customer; 0 for a new coupon */
  char          *payload;           /* JSON object */
  char          *idempotency_key;
  SkOutboxState  state;
  gint64         attempts;
  gint64         next_attempt_at;   /* Unix seconds UTC */
  char          *last_error;        /* translated, "" if none */
  gint64         created_at;
  gint64         updated_at;
  gint64         base_modified;     /* the record's date_modified when queued */
  gint64         remote_modified;   /* the store's, when a conflict was found */
  gint64         result_remote_id;  /* the note, refund or coupon the store made */
} SkOutboxItem;

void sk_outbox_item_free (SkOutboxItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOutboxItem, sk_outbox_item_free)

/* What pushing one outbox item came to. */
typedef struct
{
  gint64         id;
  SkOutboxState  state;             /* DONE, FAILED_*, CONFLICT, IN_FLIGHT (about to send) */
  gint64         next_attempt_at;
  const char    *error;             /* translated, or NULL */
  gint64         remote_modified;   /* CONFLICT */
  gint64         result_remote_id;  /* DONE */
} SkOutboxOutcome;

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

  /* Replaces the refunds of one order with the store's full list
   * (SkRefundRecord*, with dates). Optional: a sink without it keeps the
   * summary that comes inside each order. */
  gboolean (*write_order_refunds) (SkSyncSink      *self,
                                   gint64           order_remote_id,
                                   GPtrArray       *refunds,
                                   GError         **error);

  /* Outbox items still to be pushed (pending, in flight, failed but to be
   * retried), in the order they were queued (SkOutboxItem*). The pusher
   * skips those whose next attempt is later, and holds back the later
   * changes of their record. */
  GPtrArray *(*list_outbox)     (SkSyncSink        *self,
                                 GError           **error);
  /* Records an outcome; an item marked IN_FLIGHT counts one attempt more. */
  gboolean (*update_outbox)     (SkSyncSink        *self,
                                 const SkOutboxOutcome *outcome,
                                 GError           **error);

  /* Optional: the writes between begin_batch and end_batch (pages, notes,
   * refunds) share one transaction, committed by end_batch. When one of
   * them fails, none of the batch is saved (cursors included) and
   * end_batch fails too. A sink without them writes each in its own
   * transaction. */
  gboolean (*begin_batch)       (SkSyncSink        *self,
                                 GError           **error);
  gboolean (*end_batch)         (SkSyncSink        *self,
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
gboolean sk_sync_sink_write_order_refunds (SkSyncSink        *self,
                                          gint64             order_remote_id,
                                          GPtrArray         *refunds,
                                          GError           **error);
GPtrArray *sk_sync_sink_list_outbox     (SkSyncSink          *self,
                                         GError             **error);
gboolean sk_sync_sink_update_outbox     (SkSyncSink          *self,
                                         const SkOutboxOutcome *outcome,
                                         GError             **error);
gboolean sk_sync_sink_begin_batch       (SkSyncSink          *self,
                                         GError             **error);
gboolean sk_sync_sink_end_batch         (SkSyncSink          *self,
                                         GError             **error);

G_END_DECLS
