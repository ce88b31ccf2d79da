/* sk-sync-writer.c — the sync manager's writer thread: the sink is
 * opened, written and released there only, so that a long transaction or
 * a checkpoint never stalls the HTTP I/O of the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-sync-manager"

#include "config.h"

#include "sk-sync-manager-private.h"

void
_sk_sync_write_op_free (WriteOp *op)
{
  g_clear_pointer (&op->page, sk_connector_page_free);
  g_clear_pointer (&op->notes, g_ptr_array_unref);
  g_clear_pointer (&op->ids, g_array_unref);
  g_free ((char *) op->outcome.error);
  g_clear_pointer (&op->reply, g_async_queue_unref);
  g_clear_error (&op->error);
  g_free (op);
}

/* "orders.syncs-since-id-scan" and the like: the keys of the id scans in
 * sync_meta (the orders' ones predate the other resources' scans). */
static char *
scan_meta_key (SkResource  resource,
               const char *what)
{
  const char *name;

  switch (resource)
    {
    case SK_RESOURCE_PRODUCTS:
      name = "products";
      break;
    case SK_RESOURCE_COUPONS:
      name = "coupons";
      break;
    case SK_RESOURCE_CUSTOMERS:
      name = "customers";
      break;
    case SK_RESOURCE_ORDERS:
    default:
      name = "orders";
      break;
    }

  return g_strconcat (name, ".", what, NULL);
}

static gboolean
write_done_cb (gpointer user_data)
{
  WriteOp *op = user_data;

  _sk_sync_worker_write_done (op->w, op);

  return G_SOURCE_REMOVE;
}

/* Writes that may share a transaction (see writer_run_batch ()): at most
 * this many, for at most this long (the write lock is held meanwhile),
 * waiting at most so long for the next. */
#define WRITE_BATCH_MAX      16
#define WRITE_BATCH_SPAN_US  (100 * G_TIME_SPAN_MILLISECOND)
#define WRITE_BATCH_WAIT_US  (25 * G_TIME_SPAN_MILLISECOND)

static gboolean
write_kind_batches (WriteKind kind)
{
  return kind == WRITE_PAGE || kind == WRITE_NOTES || kind == WRITE_REFUNDS;
}

/* Runs @op on the writer thread. After the first failure nothing more is
 * written: a later page may carry the cursor, which must not get ahead of
 * a page that is not in the database. */
static void
writer_run (Worker      *w,
            WriteOp     *op,
            SkSyncSink **sink_ptr,
            gboolean    *stopped)
{
  SyncJob *job = w->job;
  SkSyncSink *sink = *sink_ptr;
  WriteKind kind = op->kind;

  if (*stopped || (kind != WRITE_OPEN && kind != WRITE_QUIT && sink == NULL))
    {
      op->skipped = TRUE;
      return;
    }
  if (kind != WRITE_QUIT && g_cancellable_is_cancelled (w->cancellable))
    {
      op->skipped = TRUE;
      return;
    }

  switch (kind)
    {
    case WRITE_OPEN:
      *sink_ptr = job->open_sink (job->open_sink_data, &op->error);
      g_assert (*sink_ptr != NULL || op->error != NULL);
      break;

    case WRITE_PAGE:
      {
        SkSyncPage sink_page = { op->page->resource, op->page->records, op->cursor };

        sk_sync_sink_write_page (sink, &sink_page, &op->error);
      }
      break;

    case WRITE_NOTES:
      sk_sync_sink_write_order_notes (sink, op->order_id, op->notes, &op->error);
      break;

    case WRITE_REFUNDS:
      sk_sync_sink_write_order_refunds (sink, op->order_id, op->notes, &op->error);
      break;

    case WRITE_FINISH:
      sk_sync_sink_finish (sink, &w->summary, &op->error);
      break;

    case WRITE_READ_STATE:
      for (SkResource r = SK_RESOURCE_ORDERS; r <= SK_RESOURCE_COUPONS && op->error == NULL; r++)
        sk_sync_sink_get_cursor (sink, r, &op->cursors[r], &op->error);
      for (guint i = 0; i < G_N_ELEMENTS (scan_resources) && op->error == NULL; i++)
        {
          g_autofree char *key = scan_meta_key (scan_resources[i], "syncs-since-id-scan");

          sk_sync_sink_get_meta (sink, key, &op->metas[scan_resources[i]], &op->error);
        }
      break;

    case WRITE_LIST_IDS:
      op->ids = sk_sync_sink_list_remote_ids (sink, op->resource, &op->error);
      break;

    case WRITE_DELETE:
      sk_sync_sink_delete_records (sink, op->resource,
                                   (const gint64 *) (gpointer) op->ids->data, op->ids->len,
                                   &op->error);
      break;

    case WRITE_LIST_OUTBOX:
      op->notes = sk_sync_sink_list_outbox (sink, &op->error);
      break;

    case WRITE_UPDATE_OUTBOX:
      sk_sync_sink_update_outbox (sink, &op->outcome, &op->error);
      break;

    case WRITE_END_ID_SCAN:
      {
        g_autofree char *count_key = scan_meta_key (op->resource, "syncs-since-id-scan");
        g_autofree char *last_key = scan_meta_key (op->resource, "last-id-scan");

        if (sk_sync_sink_set_meta (sink, count_key, op->meta, &op->error) &&
            op->cursor > 0)
          sk_sync_sink_set_meta (sink, last_key, op->cursor, &op->error);
      }
      break;

    case WRITE_QUIT:
    default:
      break;
    }

  if (op->error != NULL)
    *stopped = TRUE;
}

/* Hands @op back: to the thread waiting for it, or to the worker's context. */
static void
writer_deliver (Worker  *w,
                WriteOp *op)
{
  if (op->reply != NULL)
    g_async_queue_push (op->reply, op);
  else
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      /* Same priority as the HTTP I/O: written pages free room for
       * the next requests as soon as possible. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, write_done_cb, op, NULL);
      g_source_set_static_name (source, "[sk-sync-manager] written");
      g_source_attach (source, w->context);
    }
}

/* Runs @first and the pages, notes and refunds that follow it within a
 * tenth of a second in one transaction. Every commit writes each database
 * page it changed to the log, and a page of orders changes dozens (a leaf
 * of each product's range in the items' product indexes, of each status
 * and payment method...): one commit for several pages writes them once,
 * which takes about a third off the writer's time in a full sync. Each
 * write is handed back at once, so fetching goes on. If one fails, the
 * batch is rolled back whole, cursors with the data, and the sync stops;
 * if the commit fails, the next write carries its error. Returns the
 * first op that could not join, or NULL. */
static WriteOp *
writer_run_batch (Worker      *w,
                  WriteOp     *first,
                  SkSyncSink **sink_ptr,
                  gboolean    *stopped,
                  GError     **lost)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  WriteOp *op = first;
  guint n = 0;

  if (!sk_sync_sink_begin_batch (*sink_ptr, &error))
    {
      /* As the write would have failed on its own (a locked database). */
      first->error = g_steal_pointer (&error);
      *stopped = TRUE;
      writer_deliver (w, first);
      return NULL;
    }

  while (op != NULL && write_kind_batches (op->kind))
    {
      gint64 left;

      writer_run (w, op, sink_ptr, stopped);
      writer_deliver (w, op);
      op = NULL;

      left = started + WRITE_BATCH_SPAN_US - g_get_monotonic_time ();
      if (++n >= WRITE_BATCH_MAX || left <= 0 || *stopped)
        break;
      op = g_async_queue_timeout_pop (w->write_queue, MIN (left, WRITE_BATCH_WAIT_US));
    }

  if (!sk_sync_sink_end_batch (*sink_ptr, &error) && !*stopped)
    {
      *stopped = TRUE;
      *lost = g_steal_pointer (&error);
    }

  return op;
}

gpointer
_sk_sync_writer_thread (gpointer data)
{
  Worker *w = data;
  g_autoptr(SkSyncSink) sink = NULL;
  g_autoptr(GError) lost = NULL;
  gboolean stopped = FALSE;
  WriteOp *next = NULL;

  for (;;)
    {
      WriteOp *op = next != NULL ? g_steal_pointer (&next) : g_async_queue_pop (w->write_queue);
      WriteKind kind = op->kind;

      if (write_kind_batches (kind) && sink != NULL && !stopped &&
          !g_cancellable_is_cancelled (w->cancellable))
        {
          next = writer_run_batch (w, op, &sink, &stopped, &lost);
          continue;
        }

      /* A batch whose commit failed: what it held is not saved. */
      if (lost != NULL && kind != WRITE_QUIT)
        op->error = g_steal_pointer (&lost);
      else
        writer_run (w, op, &sink, &stopped);
      writer_deliver (w, op);

      if (kind == WRITE_QUIT)
        break;
    }

  /* The sink's database connection is released on the thread that opened
   * it, as it asserts. */
  g_clear_object (&sink);

  return NULL;
}

/* Sends @op to the writer and waits for it to come back. */
WriteOp *
_sk_sync_worker_write_sync (Worker  *w,
                            WriteOp *op)
{
  g_autoptr(GAsyncQueue) reply = g_async_queue_new ();

  op->w = w;
  op->reply = g_async_queue_ref (reply);
  g_async_queue_push (w->write_queue, op);

  return g_async_queue_pop (reply);
}

void
_sk_sync_worker_write_async (Worker  *w,
                             WriteOp *op)
{
  op->w = w;
  w->writes_pending++;
  if (op->kind == WRITE_PAGE)
    w->pages_pending++;
  g_async_queue_push (w->write_queue, op);
}

