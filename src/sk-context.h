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
#include "sk-records.h"
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

/* Local changes for the store, through the outbox (store/sk-outbox.h):
 * applied to the local copy at once, pushed by the next sync. Each
 * returns the outbox id, 0 with @error set if the change is refused (the
 * message says why, in words for the user). Main thread; they take a few
 * milliseconds on a writable connection of their own. */
gint64         sk_context_queue_order_status  (SkContext            *self,
                                               gint64                order_remote_id,
                                               const char           *status,
                                               GError              **error);
gint64         sk_context_queue_order_note    (SkContext            *self,
                                               gint64                order_remote_id,
                                               const char           *note,
                                               gboolean              customer_note,
                                               GError              **error);
gint64         sk_context_queue_refund        (SkContext            *self,
                                               gint64                order_remote_id,
                                               gint64                amount,
                                               const char           *reason,
                                               GError              **error);
/* A refund of order lines plus shipping (see sk_outbox_queue_refund_lines ()):
 * @api_refund TRUE charges the money back through the payment gateway,
 * @restock TRUE puts the items back in stock. */
gint64         sk_context_queue_refund_lines  (SkContext            *self,
                                               gint64                order_remote_id,
                                               const SkRefundLine   *lines,
                                               guint                 n_lines,
                                               gint64                shipping_amount,
                                               const char           *reason,
                                               gboolean              api_refund,
                                               gboolean              restock,
                                               GError              **error);
/* Store credit for one customer: a single-use fixed_cart coupon only
 * @customer_email may use; @expires_at Unix seconds UTC, 0 for never. */
gint64         sk_context_queue_store_credit  (SkContext            *self,
                                               const char           *code,
                                               gint64                amount,
                                               const char           *currency,
                                               const char           *customer_email,
                                               gint64                expires_at,
                                               GError              **error);
/* A registered customer's contact details (only the fields named in
 * @update->fields). */
gint64         sk_context_queue_customer_update (SkContext          *self,
                                               gint64                customer_remote_id,
                                               const SkCustomerUpdate *update,
                                               GError              **error);
gint64         sk_context_queue_coupon        (SkContext            *self,
                                               const char           *code,
                                               const char           *discount_type,
                                               gint64                amount,
                                               GError              **error);
gint64         sk_context_queue_product_featured (SkContext         *self,
                                               gint64                product_remote_id,
                                               gboolean              featured,
                                               GError              **error);
gint64         sk_context_queue_product_tags  (SkContext            *self,
                                               gint64                product_remote_id,
                                               const char * const   *tags,
                                               GError              **error);
/* The changes that failed for good or are in conflict (SkOutboxItem*),
 * each with its reason in last_error. */
GPtrArray     *sk_context_list_failed_changes (SkContext            *self,
                                               GError              **error);
/* The changes of one order still on their way (SkOutboxItem*): notes and
 * refunds show in the order's details before the store has them. */
GPtrArray     *sk_context_list_waiting_changes (SkContext           *self,
                                                gint64               order_remote_id,
                                                GError             **error);
/* Retry: sends it again with the next sync ("keep mine" for a conflict). */
gboolean       sk_context_retry_change        (SkContext            *self,
                                               gint64                outbox_id,
                                               GError              **error);
/* Discard: drops it and undoes it here ("take theirs" for a conflict). */
gboolean       sk_context_discard_change      (SkContext            *self,
                                               gint64                outbox_id,
                                               GError              **error);
/* Recounts the sync manager's "pending-changes" and "failed-changes". */
void           sk_context_update_change_counts (SkContext           *self);

/* The main thread's writable connection (opened on first use) and the
 * name the current store's rows are filed under (free it), for the
 * services built on the context (messages, refunds, customer care): their
 * writes are small and take a few milliseconds. NULL with @error set when
 * no store is set up or the database cannot be opened. Main thread. */
SkDatabase    *sk_context_get_writer          (SkContext            *self,
                                               char                **out_store_url,
                                               GError              **error);

/* Who is at the desk (a staff member's name), for the audit log of every
 * change made through the context; "user" until someone is chosen. */
void           sk_context_set_actor           (SkContext            *self,
                                               const char           *actor);
const char    *sk_context_get_actor           (SkContext            *self);

/* The one instance of a service @type for this context, created on first
 * use with g_object_new (@type, "context", self, NULL). The service must
 * have a construct-only "context" property and must not hold a reference
 * on the context (the context owns it): it lives exactly as long as the
 * context. Main thread. */
gpointer       sk_context_get_service         (SkContext            *self,
                                               GType                 type);

/* Syncs every @minutes while the context lives (0: never). The first one
 * comes @minutes from now; a sync already running is left alone. */
void           sk_context_set_sync_interval   (SkContext            *self,
                                               guint                 minutes);
guint          sk_context_get_sync_interval   (SkContext            *self);
/* Follows the "sync-interval-minutes" key of @settings. */
void           sk_context_bind_settings       (SkContext            *self,
                                               GSettings            *settings);

G_END_DECLS
