/* sk-outbox.h — local actions waiting to be pushed to the store.
 *
 * Queuing applies the change to the local copy at once (an order's status,
 * a product's featured flag, a new coupon) in the same transaction as the
 * outbox row and an audit entry, so the window shows it immediately and a
 * crash never keeps one without the other. The sync pushes the rows in the
 * order they were queued (sync/sk-pusher.c, through the sink).
 *
 * Every function runs on the database's thread; queuing and changing rows
 * need a writable database, counting and listing do not.
 *
 * sk_outbox_queue_order_note (), _refund_lines () and _store_credit ()
 * join the caller's transaction when one is open (the refund desk writes a
 * decision and what it queues in one): then a failure leaves the rollback
 * to the caller, and nothing is committed before the caller commits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"
#include "sk-records.h"
#include "sk-sync-sink.h"

G_BEGIN_DECLS

/* The longest note accepted (WooCommerce has no limit; e-mails do). */
#define SK_OUTBOX_MAX_NOTE 10000

gint64     sk_outbox_queue_order_status     (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               order_remote_id,
                                             const char          *status,
                                             GError             **error);
/* @customer_note: TRUE makes WooCommerce e-mail the note to the customer. */
gint64     sk_outbox_queue_order_note       (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               order_remote_id,
                                             const char          *note,
                                             gboolean             customer_note,
                                             GError             **error);
/* @amount in minor units of the order's currency; at most what is left
 * to refund. The refund is recorded only (api_refund false): the money
 * goes back through the payment provider as the shop owner decides. */
gint64     sk_outbox_queue_refund           (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               order_remote_id,
                                             gint64               amount,
                                             const char          *reason,
                                             GError             **error);
/* A refund of order lines: @lines (each line at most what was bought
 * and not refunded yet, in quantity and money) plus @shipping_amount, all
 * in minor units of the order's currency; the refund's amount is their
 * sum. @api_refund TRUE sends the money back through the payment gateway
 * (FALSE records it only); @restock TRUE puts the items back in stock.
 * The local copy shows the refund, with its lines, at once. */
gint64     sk_outbox_queue_refund_lines     (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               order_remote_id,
                                             const SkRefundLine  *lines,
                                             guint                n_lines,
                                             gint64               shipping_amount,
                                             const char          *reason,
                                             gboolean             api_refund,
                                             gboolean             restock,
                                             GError             **error);
/* Store credit: a fixed_cart coupon of @amount (minor units of
 * @currency) that only @customer_email may use, once; @expires_at Unix
 * seconds UTC, 0 for never. */
gint64     sk_outbox_queue_store_credit     (SkDatabase          *database,
                                             const char          *store_url,
                                             const char          *code,
                                             gint64               amount,
                                             const char          *currency,
                                             const char          *customer_email,
                                             gint64               expires_at,
                                             GError             **error);
/* Changes a registered customer's contact details (only the fields
 * named in @update->fields), here at once and in the store by the next
 * sync. */
gint64     sk_outbox_queue_customer_update  (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               customer_remote_id,
                                             const SkCustomerUpdate *update,
                                             GError             **error);
/* @discount_type "percent", "fixed_cart" or "fixed_product"; @amount in
 * hundredths of a percent or minor units of the store's currency. */
gint64     sk_outbox_queue_coupon           (SkDatabase          *database,
                                             const char          *store_url,
                                             const char          *code,
                                             const char          *discount_type,
                                             gint64               amount,
                                             GError             **error);
gint64     sk_outbox_queue_product_featured (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               product_remote_id,
                                             gboolean             featured,
                                             GError             **error);
gint64     sk_outbox_queue_product_tags     (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               product_remote_id,
                                             const char * const  *tags,
                                             GError             **error);

/* Rows still to be pushed (pending, in flight, failed but retried). */
gint64     sk_outbox_count_waiting          (SkDatabase          *database,
                                             const char          *store_url,
                                             GError             **error);
/* Rows that need the user: failed for good, or in conflict. */
gint64     sk_outbox_count_failed           (SkDatabase          *database,
                                             const char          *store_url,
                                             GError             **error);
/* Those rows (SkOutboxItem*), oldest first, each with its reason. */
GPtrArray *sk_outbox_list_failed            (SkDatabase          *database,
                                             const char          *store_url,
                                             GError             **error);
/* The changes of one order that still wait (SkOutboxItem*), oldest
 * first: the details of an order show its notes and refunds on their way. */
GPtrArray *sk_outbox_list_waiting_for_order (SkDatabase          *database,
                                             const char          *store_url,
                                             gint64               order_remote_id,
                                             GError             **error);
SkOutboxItem *sk_outbox_get                 (SkDatabase          *database,
                                             gint64               id,
                                             GError             **error);
/* Queues a failed row again; for a conflict this is "keep mine": the
 * change is pushed over the store's newer version. */
gboolean   sk_outbox_retry                  (SkDatabase          *database,
                                             gint64               id,
                                             GError             **error);
/* Drops a row that is not done, and undoes its local change where nothing
 * changed it since ("take theirs" for a conflict). */
gboolean   sk_outbox_discard                (SkDatabase          *database,
                                             gint64               id,
                                             GError             **error);

/* For the sink (store/ only). */
/* Every row still to be pushed, in order (see SkSyncSinkInterface.list_outbox). */
GPtrArray *_sk_outbox_list_waiting          (SkDatabase          *database,
                                             gint64               store_id,
                                             GError             **error);
/* Marking a row in flight fails with G_IO_ERROR_NOT_FOUND when it no
 * longer waits (discarded meanwhile): it must then not be sent. */
gboolean   _sk_outbox_update                (SkDatabase          *database,
                                             const SkOutboxOutcome *outcome,
                                             GError             **error);
/* Puts waiting local changes back over what a pull just wrote. */
gboolean   _sk_outbox_reapply               (SkDatabase          *database,
                                             gint64               store_id,
                                             GError             **error);

G_END_DECLS
