/* sk-pusher.h — pushes the outbox to a WooCommerce store.
 *
 * Runs at the start of every sync, on the sync's worker thread, before the
 * pull. Items go in the order they were queued; an item that cannot go yet
 * holds back the later items of the same record, never the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-sync-sink.h"
#include "sk-woo-connector.h"

G_BEGIN_DECLS

/* Back-off: the first retry after this, doubled each time, capped. */
#define SK_PUSHER_BACKOFF_S      5
#define SK_PUSHER_MAX_BACKOFF_S  (60 * 60)
/* Tries in all before an item fails for good. */
#define SK_PUSHER_MAX_ATTEMPTS   8
/* Status changes per POST orders/batch: WooCommerce takes 100 at most. */
#define SK_PUSHER_MAX_BATCH      100
/* A wait up to this long is sat out within the same sync. */
#define SK_PUSHER_MAX_INLINE_WAIT_S 5

/* Records an outcome in the database; FALSE (with @error) stops the push. */
typedef gboolean (*SkPusherUpdateFunc) (const SkOutboxOutcome  *outcome,
                                        gpointer                user_data,
                                        GError                **error);

typedef struct
{
  guint done;
  guint failed;        /* failed for good */
  guint conflicts;
  guint waiting;       /* to be tried again later */
} SkPushSummary;

/* Pushes @items (SkOutboxItem*, as listed by the sink). Iterates
 * @context (the caller's thread-default) while it waits for answers.
 * Returns FALSE only when recording an outcome failed or @cancellable was
 * cancelled; the store's refusals are outcomes, not errors. */
gboolean sk_pusher_run (SkWooConnector     *connector,
                        GPtrArray          *items,
                        GMainContext       *context,
                        GCancellable       *cancellable,
                        SkPusherUpdateFunc  update,
                        gpointer            user_data,
                        SkPushSummary      *out_summary,
                        GError            **error);

G_END_DECLS
