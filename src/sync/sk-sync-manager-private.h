/* sk-sync-manager-private.h — what the sync manager shares with its
 * writer thread (sk-sync-writer.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sk-connector.h"
#include "sk-sync-manager.h"
#include "sk-sync-sink.h"

G_BEGIN_DECLS

/* The resources whose deletions are looked for, in this order. Customers
 * are read in full at every sync: their listing is the id scan, done at
 * every sync (see worker_start_deletions ()). */
static const SkResource scan_resources[] = {
  SK_RESOURCE_ORDERS,
  SK_RESOURCE_PRODUCTS,
  SK_RESOURCE_COUPONS,
  SK_RESOURCE_CUSTOMERS,
};

typedef enum
{
  PHASE_CONNECTING,
  PHASE_PRODUCTS,
  PHASE_COUPONS,
  PHASE_CUSTOMERS,
  PHASE_ORDERS,
  PHASE_NOTES,
  PHASE_DELETIONS,
  PHASE_FINISHING,
  PHASE_DONE,
} Phase;

typedef enum
{
  SCAN_IDS,          /* listing the store's ids */
  SCAN_VERIFY,       /* asking for each id missing from the list */
} ScanStep;

/* What the worker reports; copied under the job's lock. */
typedef struct
{
  Phase  phase;
  gint64 fetched;        /* records of the current phase */
  gint64 total;          /* -1 unknown */
  gint64 orders_fetched;
  gint64 orders_total;
  SkResource scan_resource; /* PHASE_DELETIONS */
} Progress;

typedef struct _SyncJob SyncJob;

/* Lives on the worker thread only. */
typedef struct
{
  SyncJob      *job;
  GMainContext *context;
  GMainLoop    *loop;
  /* Cancelled when the job is cancelled or when one request failed, to stop
   * the others. */
  GCancellable *cancellable;
  gulong        job_cancelled_id;

  SoupSession  *session;
  SkConnector  *connector;

  /* The database is written on a thread of its own, so that a long
   * transaction or a checkpoint never stalls the HTTP I/O of this one.
   * The sink is opened, used and released there only. */
  GThread      *writer;
  GAsyncQueue  *write_queue;   /* WriteOp*, to the writer */
  guint         writes_pending;/* WriteOps sent and not yet back */
  guint         pages_pending; /* of which pages */

  GError       *error;
  SkSyncSummary summary;

  Phase         phase;
  guint         in_flight;

  /* Paging through the current resource. */
  SkResource    resource;
  guint         next_page;
  gint64        total_pages;   /* -1 until page 1 is in; 0 when the store does not say */
  gboolean      last_page_seen; /* only used when the store does not say */
  gboolean      scan_skipped;  /* the id scan stopped after page 1: nothing to find */
  guint         pages_received;
  gint64        max_modified;
  /* Where each resource is fetched from (modified_after, 0: everything),
   * read from the stored cursors when the sync starts. */
  gint64        since[SK_RESOURCE_COUPONS + 1];
  /* X-WP-Total of each page of the current resource, by page number. A
   * list shrinking during the scan shifts records to earlier pages, so one
   * may never be seen: then the cursor stays where it was. */
  GArray       *page_totals;

  /* Finding deleted records, one resource of scan_resources[] after the
   * other. */
  gint64        syncs_since_id_scan[SK_RESOURCE_COUPONS + 1];
  guint         scan_index;
  ScanStep      scan_step;
  gboolean      scan_forced;
  GArray       *local_ids;     /* ascending, read before the scan */
  GArray       *store_ids;     /* as listed */
  GArray       *scan_candidates;
  GArray       *scan_gone;
  guint         next_candidate;
  /* The ids of every customer listed in this sync's customers phase. */
  GArray       *customer_ids;

  /* Orders whose notes are fetched, and how far that got. */
  GArray       *note_order_ids;
  guint         next_note;
  guint         notes_done;
  gint64        recent_since;

  Progress      progress;
} Worker;

struct _SyncJob
{
  SkSyncManager      *manager;        /* strong; main thread */
  GMainContext       *main_context;
  GTask              *task;           /* main thread */
  GThread            *thread;
  GCancellable       *cancellable;
  GCancellable       *caller_cancellable;
  gulong              caller_cancelled_id;
  gboolean            completed;      /* main thread */

  /* Copies taken when the sync started, read by the worker. */
  char               *url;
  char               *consumer_key;
  char               *consumer_secret;
  gboolean            allow_insecure;
  guint               parallel;
  guint               timeout_s;
  SkSyncSinkOpenFunc  open_sink;
  gpointer            open_sink_data;

  GMutex              lock;
  Progress            progress;       /* under lock */
  gboolean            progress_queued;/* under lock */

  /* Set by the worker before it hands the job back. */
  GError             *error;
  SkSyncSummary       summary;
};

typedef enum
{
  WRITE_OPEN,
  WRITE_PAGE,
  WRITE_NOTES,
  WRITE_REFUNDS,      /* op->notes holds SkRefundRecord* */
  WRITE_FINISH,
  WRITE_READ_STATE,   /* cursors and counters, into the op */
  WRITE_LIST_IDS,     /* local ids of op->resource, into op->ids */
  WRITE_DELETE,       /* op->ids of op->resource */
  WRITE_END_ID_SCAN,  /* records that a scan of op->resource ran (op->cursor: when) or not */
  WRITE_LIST_OUTBOX,  /* into op->notes (SkOutboxItem*) */
  WRITE_UPDATE_OUTBOX,
  WRITE_QUIT,
} WriteKind;

/* One piece of work for the writer thread, and its result. Back on the
 * worker thread through its main context, or through @reply when the
 * worker waits for it. */
typedef struct
{
  WriteKind        kind;
  Worker          *w;
  GAsyncQueue     *reply;      /* NULL: delivered to the worker's context */

  SkConnectorPage *page;       /* WRITE_PAGE */
  gint64           cursor;
  gint64           order_id;   /* WRITE_NOTES */
  GPtrArray       *notes;
  GArray          *ids;        /* WRITE_LIST_IDS, WRITE_DELETE */
  SkResource       resource;   /* WRITE_LIST_IDS, WRITE_DELETE, WRITE_END_ID_SCAN */
  gint64           cursors[SK_RESOURCE_COUPONS + 1]; /* WRITE_READ_STATE */
  gint64           metas[SK_RESOURCE_COUPONS + 1];   /* WRITE_READ_STATE: syncs since the id scan */
  gint64           meta;       /* WRITE_END_ID_SCAN */
  SkOutboxOutcome  outcome;    /* WRITE_UPDATE_OUTBOX; its error string owned */

  gboolean         skipped;    /* not written: an earlier write failed or the sync stopped */
  GError          *error;
} WriteOp;

void      _sk_sync_write_op_free      (WriteOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteOp, _sk_sync_write_op_free)

/* The writer thread: opens the sink and runs the ops of w->write_queue. */
gpointer  _sk_sync_writer_thread      (gpointer data);
/* Sends @op to the writer and waits for it to come back. */
WriteOp  *_sk_sync_worker_write_sync  (Worker  *w,
                                       WriteOp *op);
/* Sends @op to the writer; it comes back to _sk_sync_worker_write_done ()
 * on the worker's context. */
void      _sk_sync_worker_write_async (Worker  *w,
                                       WriteOp *op);
/* In sk-sync-manager.c: a write came back from the writer thread. */
void      _sk_sync_worker_write_done  (Worker  *w,
                                       WriteOp *op);

G_END_DECLS
