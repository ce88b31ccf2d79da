/* sk-sync-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-sync-manager"

#include "config.h"

#include "sk-sync-manager.h"
#include "sk-sync-manager-private.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-connector.h"
#include "sk-order-status.h"
#include "sk-pusher.h"
#include "sk-records.h"
#include "sk-soup.h"
#include "sk-time.h"
#include "sk-woo-connector.h"

#define DEFAULT_PARALLEL   4
#define MAX_PARALLEL       16
#define DEFAULT_TIMEOUT_S  30
/* Notes are fetched for orders created this recently, whatever their status. */
#define RECENT_ORDER_S     (30 * 24 * 60 * 60)
/* An incremental sync asks for what changed since the cursor minus this:
 * a record saved while the previous sync read its page may carry a
 * date_modified a little older than the newest one that sync saw. */
#define CURSOR_OVERLAP_S   (10 * 60)
/* Every this many syncs, and whenever the number of records here and in
 * the store differ, all ids of a resource are listed to find the deleted
 * ones. Counted per resource in sync_meta ("<resource>.syncs-since-id-scan",
 * "<resource>.last-id-scan"). */
#define ID_SCAN_EVERY      10

/* How much of the bar each phase fills: orders are most of the work. */
#define WEIGHT_PRODUCTS    0.05
#define WEIGHT_CUSTOMERS   0.10
#define WEIGHT_ORDERS      0.70
#define WEIGHT_NOTES       0.15

struct _SkSyncManager
{
  GObject             parent_instance;

  GMainContext       *main_context;

  SkSyncSinkOpenFunc  open_sink;
  gpointer            open_sink_data;
  GDestroyNotify      open_sink_data_free;

  char               *url;
  char               *consumer_key;
  char               *consumer_secret;
  gboolean            allow_insecure;
  guint               parallel;
  guint               timeout_s;

  SyncJob            *job;

  gboolean            syncing;
  double              fraction;
  char               *status_text;
  char               *last_error;
  gint64              orders_fetched;
  gint64              orders_total;
  int                 pending_changes;
  int                 failed_changes;
};

G_DEFINE_FINAL_TYPE (SkSyncManager, sk_sync_manager, G_TYPE_OBJECT)

G_DEFINE_QUARK (sk-sync-error-quark, sk_sync_error)

enum {
  PROP_0,
  PROP_SYNCING,
  PROP_FRACTION,
  PROP_STATUS_TEXT,
  PROP_LAST_ERROR,
  PROP_ORDERS_FETCHED,
  PROP_ORDERS_TOTAL,
  PROP_STORE_URL,
  PROP_PENDING_CHANGES,
  PROP_FAILED_CHANGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void worker_start_phase (Worker *w,
                                Phase   phase);
static void worker_scan_listed (Worker *w);
static void worker_scan_done   (Worker   *w,
                                gboolean  scanned);

/* Helpers */

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
sync_job_clear (SyncJob *job)
{
  g_assert (job->task == NULL);

  g_clear_object (&job->manager);
  g_clear_pointer (&job->main_context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->caller_cancellable);
  g_clear_pointer (&job->url, g_free);
  g_clear_pointer (&job->consumer_key, wipe_free);
  g_clear_pointer (&job->consumer_secret, wipe_free);
  g_mutex_clear (&job->lock);
  g_clear_error (&job->error);
}

static SyncJob *
sync_job_ref (SyncJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
sync_job_unref (SyncJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) sync_job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncJob, sync_job_unref)

/* g_set_str() is GLib 2.76; we target 2.74. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

static char *
format_count (gint64 n)
{
  /* The ' flag groups thousands as the user's locale does ("3,000"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
progress_status_text (const Progress *progress)
{
  g_autofree char *fetched = format_count (progress->fetched);
  g_autofree char *total = format_count (MAX (progress->total, progress->fetched));

  switch (progress->phase)
    {
    case PHASE_CONNECTING:
      return g_strdup (_("Connecting to the store…"));
    case PHASE_PRODUCTS:
      /* Translators: sync progress, e.g. "Products 100 of 240" */
      return g_strdup_printf (_("Products %s of %s"), fetched, total);
    case PHASE_COUPONS:
      /* Translators: sync progress, e.g. "Coupons 10 of 25" */
      return g_strdup_printf (_("Coupons %s of %s"), fetched, total);
    case PHASE_CUSTOMERS:
      /* Translators: sync progress, e.g. "Customers 100 of 400" */
      return g_strdup_printf (_("Customers %s of %s"), fetched, total);
    case PHASE_ORDERS:
      /* Translators: sync progress, e.g. "Orders 1,200 of 3,000" */
      return g_strdup_printf (_("Orders %s of %s"), fetched, total);
    case PHASE_NOTES:
      /* Translators: sync progress, e.g. "Order notes 50 of 300" */
      return g_strdup_printf (_("Order notes %s of %s"), fetched, total);
    case PHASE_DELETIONS:
      switch (progress->scan_resource)
        {
        case SK_RESOURCE_PRODUCTS:
          return g_strdup (_("Looking for deleted products…"));
        case SK_RESOURCE_COUPONS:
          return g_strdup (_("Looking for deleted coupons…"));
        case SK_RESOURCE_ORDERS:
        case SK_RESOURCE_CUSTOMERS:
        default:
          return g_strdup (_("Looking for deleted orders…"));
        }
    case PHASE_FINISHING:
    case PHASE_DONE:
    default:
      return g_strdup (_("Finishing…"));
    }
}

static double
progress_fraction (const Progress *progress)
{
  double done = 0.0;
  double part = 0.0;
  double weight = 0.0;

  if (progress->total > 0)
    part = CLAMP ((double) progress->fetched / (double) progress->total, 0.0, 1.0);
  else if (progress->total == 0)
    part = 1.0;

  switch (progress->phase)
    {
    case PHASE_CONNECTING:
      return 0.0;
    case PHASE_PRODUCTS:
      weight = WEIGHT_PRODUCTS;
      break;
    case PHASE_COUPONS:
      /* A store has a handful of coupons: no share of the bar of their own. */
      done = WEIGHT_PRODUCTS;
      weight = 0.0;
      break;
    case PHASE_CUSTOMERS:
      done = WEIGHT_PRODUCTS;
      weight = WEIGHT_CUSTOMERS;
      break;
    case PHASE_ORDERS:
      done = WEIGHT_PRODUCTS + WEIGHT_CUSTOMERS;
      weight = WEIGHT_ORDERS;
      break;
    case PHASE_NOTES:
      done = WEIGHT_PRODUCTS + WEIGHT_CUSTOMERS + WEIGHT_ORDERS;
      weight = WEIGHT_NOTES;
      break;
    case PHASE_DELETIONS:
      return -1.0;
    case PHASE_FINISHING:
    case PHASE_DONE:
    default:
      return 1.0;
    }

  return done + weight * part;
}

/* Property setters (main thread), notifying only on change. */

static void
set_syncing (SkSyncManager *self,
             gboolean       syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
set_fraction (SkSyncManager *self,
              double         fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_status_text (SkSyncManager *self,
                 const char    *text)
{
  if (set_str (&self->status_text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

static void
set_last_error (SkSyncManager *self,
                const char    *text)
{
  if (set_str (&self->last_error, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_orders (SkSyncManager *self,
            gint64         fetched,
            gint64         total)
{
  if (self->orders_fetched != fetched)
    {
      self->orders_fetched = fetched;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDERS_FETCHED]);
    }
  if (self->orders_total != total)
    {
      self->orders_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDERS_TOTAL]);
    }
}

static void
apply_progress (SkSyncManager  *self,
                const Progress *progress)
{
  g_autofree char *text = progress_status_text (progress);

  g_object_freeze_notify (G_OBJECT (self));
  set_fraction (self, progress_fraction (progress));
  set_status_text (self, text);
  set_orders (self, progress->orders_fetched, progress->orders_total);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Progress from the worker: however often it reports, the main context
 * sees at most one pending idle per job (Sysprof's document loader). */

static gboolean
progress_idle_cb (gpointer user_data)
{
  SyncJob *job = user_data;
  Progress progress;

  g_mutex_lock (&job->lock);
  progress = job->progress;
  job->progress_queued = FALSE;
  g_mutex_unlock (&job->lock);

  if (!job->completed)
    apply_progress (job->manager, &progress);

  return G_SOURCE_REMOVE;
}

static void
worker_report (Worker *w)
{
  SyncJob *job = w->job;
  gboolean queue;

  g_mutex_lock (&job->lock);
  job->progress = w->progress;
  queue = !job->progress_queued;
  job->progress_queued = TRUE;
  g_mutex_unlock (&job->lock);

  if (queue)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, progress_idle_cb, sync_job_ref (job), (GDestroyNotify) sync_job_unref);
      g_source_set_static_name (source, "[sk-sync-manager] progress");
      g_source_attach (source, job->main_context);
    }
}

/* Worker */

static void
worker_fail (Worker *w,
             GError *error)
{
  /* The first failure is the one worth telling; the others are usually
   * its consequence (or the cancellation that follows it). */
  if (w->error == NULL)
    {
      g_debug ("Sync failed: %s", error->message);
      w->error = error;
      g_cancellable_cancel (w->cancellable);
    }
  else
    g_error_free (error);
}

static void
worker_fail_storage (Worker *w,
                     GError *error)
{
  GError *wrapped;

  /* Translators: %s explains what went wrong with the local database */
  wrapped = g_error_new (SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE,
                         _("Could not save the store’s data on this computer: %s"),
                         error->message);
  g_error_free (error);
  worker_fail (w, wrapped);
}

static gboolean
worker_failed (Worker *w)
{
  return w->error != NULL || g_cancellable_is_cancelled (w->cancellable);
}

static void
worker_maybe_advance (Worker *w)
{
  if (w->in_flight > 0 || w->writes_pending > 0)
    return;

  if (worker_failed (w))
    {
      g_main_loop_quit (w->loop);
      return;
    }

  switch (w->phase)
    {
    case PHASE_PRODUCTS:
      if (w->pages_received > 0 && w->next_page > (guint) MAX (w->total_pages, 0) &&
          (w->total_pages > 0 || w->last_page_seen))
        worker_start_phase (w, PHASE_COUPONS);
      break;
    case PHASE_COUPONS:
      if (w->pages_received > 0 && w->next_page > (guint) MAX (w->total_pages, 0) &&
          (w->total_pages > 0 || w->last_page_seen))
        worker_start_phase (w, PHASE_CUSTOMERS);
      break;
    case PHASE_CUSTOMERS:
      if (w->pages_received > 0 && w->next_page > (guint) MAX (w->total_pages, 0) &&
          (w->total_pages > 0 || w->last_page_seen))
        worker_start_phase (w, PHASE_ORDERS);
      break;
    case PHASE_ORDERS:
      if (w->pages_received > 0 && w->next_page > (guint) MAX (w->total_pages, 0) &&
          (w->total_pages > 0 || w->last_page_seen))
        worker_start_phase (w, PHASE_NOTES);
      break;
    case PHASE_NOTES:
      if (w->next_note >= w->note_order_ids->len)
        worker_start_phase (w, PHASE_DELETIONS);
      break;
    case PHASE_DELETIONS:
      if (w->scan_step == SCAN_IDS)
        {
          if (w->scan_skipped ||
              (w->pages_received > 0 && w->next_page > (guint) MAX (w->total_pages, 0) &&
               (w->total_pages > 0 || w->last_page_seen)))
            worker_scan_listed (w);
        }
      else if (w->next_candidate >= w->scan_candidates->len)
        worker_scan_done (w, TRUE);
      break;
    case PHASE_CONNECTING:
    case PHASE_FINISHING:
    case PHASE_DONE:
    default:
      break;
    }
}

static void page_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
worker_request_page (Worker *w,
                     guint   page)
{
  w->in_flight++;
  if (w->since[w->resource] > 0)
    sk_connector_list_changed_page_async (w->connector, w->resource, page, w->since[w->resource],
                                          w->cancellable, page_cb, w);
  else
    sk_connector_list_page_async (w->connector, w->resource, page, w->cancellable, page_cb, w);
}

/* Whether the list may have lost records while it was read: a later page
 * (requested later) counted fewer records in all than an earlier one.
 * Records added during the scan only push others to later pages, where
 * they are read twice at worst; records removed pull them to earlier
 * pages, already read, where they would be missed. */
static gboolean
worker_list_shrank (Worker *w)
{
  gint64 highest = -1;

  for (guint i = 0; i < w->page_totals->len; i++)
    {
      gint64 total = g_array_index (w->page_totals, gint64, i);

      if (total < 0)
        continue;
      if (total < highest)
        return TRUE;
      highest = total;
    }

  return FALSE;
}

static void
worker_fill_pages (Worker *w)
{
  /* Parsed pages wait in the writer's queue: fetching stops when as many
   * wait as can be in flight, so memory stays bounded by the number of
   * parallel requests, however slow the disk. */
  guint max_held = w->job->parallel * 2;

  if (worker_failed (w))
    return;

  if (w->total_pages > 0)
    {
      while (w->in_flight < w->job->parallel &&
             w->in_flight + w->pages_pending < max_held &&
             w->next_page <= (guint) w->total_pages)
        worker_request_page (w, w->next_page++);
    }
  else if (w->total_pages == 0 && !w->last_page_seen && w->in_flight == 0)
    {
      /* The store did not say how many pages there are (a proxy may strip
       * the headers): walk them one by one until a short page. */
      worker_request_page (w, w->next_page++);
    }
}

static void
worker_collect_note_ids (Worker    *w,
                         GPtrArray *orders)
{
  for (guint i = 0; i < orders->len; i++)
    {
      const SkOrderRecord *order = orders->pdata[i];

      /* An incremental sync lists only orders that changed, and a new note
       * changes its order: fetch the notes of every one of them. */
      if (w->since[SK_RESOURCE_ORDERS] > 0 ||
          sk_order_status_is_open (order->status) || order->date_created >= w->recent_since)
        {
          g_array_append_val (w->note_order_ids, order->remote_id);

          /* The order only sums its refunds up: their dates come with the
           * refunds themselves. A negative id asks for those. */
          if (order->refunds->len > 0)
            {
              gint64 refunds = -order->remote_id;

              g_array_append_val (w->note_order_ids, refunds);
            }
        }
    }
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Worker *w = user_data;
  g_autoptr(SkConnectorPage) page = NULL;
  GError *error = NULL;
  WriteOp *op;
  gboolean last;

  w->in_flight--;

  page = sk_connector_list_page_finish (SK_CONNECTOR (object), result, &error);
  if (page == NULL)
    {
      worker_fail (w, error);
      worker_maybe_advance (w);
      return;
    }

  if (worker_failed (w))
    {
      worker_maybe_advance (w);
      return;
    }

  if (page->page == 1)
    {
      /* An empty resource says 0 pages but still answers page 1. */
      w->total_pages = page->total_pages >= 0 ? MAX (page->total_pages, 1) : 0;
      w->progress.total = page->total;
      if (w->resource == SK_RESOURCE_ORDERS)
        w->progress.orders_total = page->total;
    }

  if (w->total_pages == 0 && page->records->len < SK_CONNECTOR_PAGE_SIZE)
    w->last_page_seen = TRUE;

  w->max_modified = MAX (w->max_modified, page->max_modified);
  w->pages_received++;

  if (w->page_totals->len < page->page)
    {
      gint64 unknown = -1;

      while (w->page_totals->len < page->page)
        g_array_append_val (w->page_totals, unknown);
    }
  g_array_index (w->page_totals, gint64, page->page - 1) = page->total;

  /* Pages arrive out of order and are listed by id, not by date: only once
   * every page is in is the highest date_modified a safe cursor, so it goes
   * with whichever page completes the set. The writer writes in the order
   * it is given and stops at the first failure, so that page is written
   * last, and only if all the others were. */
  if (w->total_pages > 0)
    last = w->pages_received == (guint) w->total_pages;
  else
    last = w->last_page_seen;

  if (w->resource == SK_RESOURCE_ORDERS)
    worker_collect_note_ids (w, page->records);

  op = g_new0 (WriteOp, 1);
  op->kind = WRITE_PAGE;
  op->page = g_steal_pointer (&page);
  if (last && worker_list_shrank (w))
    {
      g_debug ("Records disappeared from %d while it was listed: the cursor stays", (int) w->resource);
      last = FALSE;
    }
  op->cursor = last ? w->max_modified : 0;
  _sk_sync_worker_write_async (w, op);

  worker_fill_pages (w);
}

static void
worker_page_written (Worker          *w,
                     SkConnectorPage *page)
{
  w->progress.fetched += page->records->len;

  switch (page->resource)
    {
    case SK_RESOURCE_ORDERS:
      w->summary.orders += page->records->len;
      w->progress.orders_fetched = w->progress.fetched;
      break;
    case SK_RESOURCE_CUSTOMERS:
      w->summary.customers += page->records->len;
      for (guint i = 0; i < page->records->len; i++)
        g_array_append_val (w->customer_ids, ((SkCustomerRecord *) page->records->pdata[i])->remote_id);
      break;
    case SK_RESOURCE_PRODUCTS:
      w->summary.products += page->records->len;
      break;
    case SK_RESOURCE_COUPONS:
      w->summary.coupons += page->records->len;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void worker_fill_notes (Worker *w);

/* A write came back from the writer thread. */
void
_sk_sync_worker_write_done (Worker  *w,
                            WriteOp *op_)
{
  g_autoptr(WriteOp) op = op_;

  g_assert (w->writes_pending > 0);
  w->writes_pending--;
  if (op->kind == WRITE_PAGE)
    w->pages_pending--;

  if (op->error != NULL)
    worker_fail_storage (w, g_steal_pointer (&op->error));
  else if (!op->skipped && !worker_failed (w))
    {
      switch (op->kind)
        {
        case WRITE_PAGE:
          worker_page_written (w, op->page);
          worker_report (w);
          worker_fill_pages (w);
          break;

        case WRITE_NOTES:
        case WRITE_REFUNDS:
          if (op->kind == WRITE_NOTES)
            w->summary.notes += op->notes->len;
          w->notes_done++;
          w->progress.fetched = w->notes_done;
          worker_report (w);
          worker_fill_notes (w);
          break;

        case WRITE_OPEN:
        case WRITE_FINISH:
        case WRITE_QUIT:
        default:
          g_assert_not_reached ();
        }
    }

  worker_maybe_advance (w);
}

static void notes_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

typedef struct
{
  Worker   *w;
  gint64    order_id;
  gboolean  refunds;   /* the order's refunds, not its notes */
} NotesRequest;

static void
worker_fill_notes (Worker *w)
{
  /* Note requests are tiny: keep twice as many in flight as pages. */
  guint max_in_flight = w->job->parallel * 2;

  if (worker_failed (w))
    return;

  while (w->in_flight < max_in_flight && w->in_flight + w->writes_pending < 2 * max_in_flight &&
         w->next_note < w->note_order_ids->len)
    {
      NotesRequest *request = g_new0 (NotesRequest, 1);

      request->w = w;
      request->order_id = g_array_index (w->note_order_ids, gint64, w->next_note++);
      request->refunds = request->order_id < 0;
      request->order_id = ABS (request->order_id);
      w->in_flight++;
      if (request->refunds)
        sk_connector_list_order_refunds_async (w->connector, request->order_id, w->cancellable, notes_cb, request);
      else
        sk_connector_list_order_notes_async (w->connector, request->order_id, w->cancellable, notes_cb, request);
    }
}

static void
notes_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree NotesRequest *request = user_data;
  Worker *w = request->w;
  g_autoptr(GPtrArray) notes = NULL;
  GError *error = NULL;
  WriteOp *op;

  w->in_flight--;

  if (request->refunds)
    notes = sk_connector_list_order_refunds_finish (SK_CONNECTOR (object), result, &error);
  else
    notes = sk_connector_list_order_notes_finish (SK_CONNECTOR (object), result, &error);
  if (notes == NULL)
    {
      worker_fail (w, error);
      worker_maybe_advance (w);
      return;
    }

  if (worker_failed (w))
    {
      worker_maybe_advance (w);
      return;
    }

  op = g_new0 (WriteOp, 1);
  op->kind = request->refunds ? WRITE_REFUNDS : WRITE_NOTES;
  op->order_id = request->order_id;
  op->notes = g_steal_pointer (&notes);
  _sk_sync_worker_write_async (w, op);

  worker_fill_notes (w);
}

/* Deleted records: the store keeps no tombstones, so the only way to learn
 * that an order, a product or a coupon is gone is that it is no longer
 * listed. The resource scanned is scan_resources[w->scan_index]. */

static void ids_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data);

static void
worker_request_ids (Worker *w,
                    guint   page)
{
  w->in_flight++;
  sk_connector_list_ids_async (w->connector, scan_resources[w->scan_index], page, w->cancellable, ids_cb, w);
}

static void
worker_fill_id_pages (Worker *w)
{
  if (worker_failed (w) || w->scan_skipped)
    return;

  if (w->total_pages > 0)
    {
      while (w->in_flight < w->job->parallel && w->next_page <= (guint) w->total_pages)
        worker_request_ids (w, w->next_page++);
    }
  else if (w->total_pages == 0 && !w->last_page_seen && w->in_flight == 0)
    worker_request_ids (w, w->next_page++);
}

static void
ids_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Worker *w = user_data;
  g_autoptr(SkConnectorIdPage) page = NULL;
  GError *error = NULL;

  w->in_flight--;

  page = sk_connector_list_ids_finish (SK_CONNECTOR (object), result, &error);
  if (page == NULL)
    {
      worker_fail (w, error);
      worker_maybe_advance (w);
      return;
    }

  if (worker_failed (w))
    {
      worker_maybe_advance (w);
      return;
    }

  if (page->page == 1)
    {
      w->total_pages = page->total_pages >= 0 ? MAX (page->total_pages, 1) : 0;

      /* As many records there as here, and no scan due: nothing to look
       * for. (A record deleted and another created since the last scan
       * are found by the next scheduled one.) */
      if (!w->scan_forced && page->total >= 0 && page->total == (gint64) w->local_ids->len)
        w->scan_skipped = TRUE;
    }

  if (w->total_pages == 0 && page->ids->len < SK_CONNECTOR_PAGE_SIZE)
    w->last_page_seen = TRUE;

  w->pages_received++;
  g_array_append_vals (w->store_ids, page->ids->data, page->ids->len);

  worker_fill_id_pages (w);
  worker_maybe_advance (w);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void exists_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data);

typedef struct
{
  Worker *w;
  gint64  id;
} ExistsRequest;

static void
worker_fill_verify (Worker *w)
{
  guint max_in_flight = w->job->parallel * 2;

  if (worker_failed (w))
    return;

  while (w->in_flight < max_in_flight && w->next_candidate < w->scan_candidates->len)
    {
      ExistsRequest *request = g_new0 (ExistsRequest, 1);

      request->w = w;
      request->id = g_array_index (w->scan_candidates, gint64, w->next_candidate++);
      w->in_flight++;
      sk_connector_record_exists_async (w->connector, scan_resources[w->scan_index], request->id,
                                        w->cancellable, exists_cb, request);
    }
}

static void
exists_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree ExistsRequest *request = user_data;
  Worker *w = request->w;
  GError *error = NULL;
  gboolean exists = TRUE;

  w->in_flight--;

  if (!sk_connector_record_exists_finish (SK_CONNECTOR (object), result, &exists, &error))
    {
      worker_fail (w, error);
      worker_maybe_advance (w);
      return;
    }

  if (!exists)
    g_array_append_val (w->scan_gone, request->id);

  w->progress.fetched++;
  worker_report (w);
  worker_fill_verify (w);
  worker_maybe_advance (w);
}

/* Every id is listed: the local records not among them are candidates. The
 * list is not trusted alone (records shift between pages while they are
 * listed, so one may be missed): each candidate is asked for by id, and
 * only those the store says it does not have are deleted. */
static void
worker_scan_listed (Worker *w)
{
  guint i = 0, j = 0;

  if (w->scan_skipped)
    {
      worker_scan_done (w, FALSE);
      return;
    }

  g_array_sort (w->store_ids, compare_ids);
  while (i < w->local_ids->len)
    {
      gint64 local = g_array_index (w->local_ids, gint64, i);

      if (j < w->store_ids->len && g_array_index (w->store_ids, gint64, j) < local)
        j++;
      else
        {
          if (j >= w->store_ids->len || g_array_index (w->store_ids, gint64, j) != local)
            g_array_append_val (w->scan_candidates, local);
          i++;
        }
    }

  g_debug ("Id scan of resource %d: %u here, %u listed, %u to check",
           (int) scan_resources[w->scan_index],
           w->local_ids->len, w->store_ids->len, w->scan_candidates->len);

  w->scan_step = SCAN_VERIFY;
  w->progress.fetched = 0;
  w->progress.total = w->scan_candidates->len;
  worker_report (w);
  worker_fill_verify (w);
  worker_maybe_advance (w);
}

static void worker_start_deletions (Worker *w);

static void
worker_scan_done (Worker   *w,
                  gboolean  scanned)
{
  g_autoptr(WriteOp) end = g_new0 (WriteOp, 1);
  SkResource resource = scan_resources[w->scan_index];

  if (scanned && w->scan_gone->len > 0)
    {
      g_autoptr(WriteOp) op = g_new0 (WriteOp, 1);

      op->kind = WRITE_DELETE;
      op->resource = resource;
      op->ids = g_array_ref (w->scan_gone);
      op = _sk_sync_worker_write_sync (w, g_steal_pointer (&op));
      if (op->error != NULL)
        {
          worker_fail_storage (w, g_steal_pointer (&op->error));
          worker_maybe_advance (w);
          return;
        }
      w->summary.deleted += w->scan_gone->len;
    }

  end->kind = WRITE_END_ID_SCAN;
  end->resource = resource;
  end->meta = scanned ? 0 : w->syncs_since_id_scan[resource] + 1;
  end->cursor = scanned ? sk_time_now_utc () : 0;
  end = _sk_sync_worker_write_sync (w, g_steal_pointer (&end));
  if (end->error != NULL)
    {
      worker_fail_storage (w, g_steal_pointer (&end->error));
      worker_maybe_advance (w);
      return;
    }

  /* The next resource, or the end. */
  g_clear_pointer (&w->local_ids, g_array_unref);
  g_clear_pointer (&w->store_ids, g_array_unref);
  g_clear_pointer (&w->scan_candidates, g_array_unref);
  g_clear_pointer (&w->scan_gone, g_array_unref);
  w->next_candidate = 0;
  if (++w->scan_index < G_N_ELEMENTS (scan_resources))
    worker_start_deletions (w);
  else
    worker_start_phase (w, PHASE_FINISHING);
}

static void
worker_start_deletions (Worker *w)
{
  g_autoptr(WriteOp) op = g_new0 (WriteOp, 1);
  SkResource resource = scan_resources[w->scan_index];

  op->kind = WRITE_LIST_IDS;
  op->resource = resource;
  op = _sk_sync_worker_write_sync (w, g_steal_pointer (&op));
  if (op->error != NULL)
    {
      worker_fail_storage (w, g_steal_pointer (&op->error));
      worker_maybe_advance (w);
      return;
    }

  w->local_ids = g_steal_pointer (&op->ids);
  w->store_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->scan_candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->scan_gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->scan_step = SCAN_IDS;
  w->scan_forced = w->syncs_since_id_scan[resource] + 1 >= ID_SCAN_EVERY;
  w->next_candidate = 0;
  w->scan_skipped = FALSE;
  w->next_page = 1;
  w->total_pages = -1;
  w->last_page_seen = FALSE;
  w->pages_received = 0;
  w->progress.fetched = 0;
  w->progress.total = -1;
  w->progress.scan_resource = resource;
  worker_report (w);

  /* Nothing here, nothing to delete. (A coupon made here and not pushed
   * yet has no remote id: it is never listed, so never a candidate.) */
  if (w->local_ids->len == 0)
    {
      worker_scan_done (w, FALSE);
      return;
    }

  /* Customers were all listed a moment ago, every page of them (this
   * phase is only reached when the whole sync went well): that listing is
   * the id scan. Those missing from it are still asked for one by one,
   * as pages may have shifted while they were listed. */
  if (resource == SK_RESOURCE_CUSTOMERS)
    {
      g_array_append_vals (w->store_ids, w->customer_ids->data, w->customer_ids->len);
      worker_scan_listed (w);
      return;
    }

  worker_request_ids (w, w->next_page++);
}

static void
worker_start_resource (Worker     *w,
                       SkResource  resource)
{
  w->resource = resource;
  w->next_page = 1;
  w->total_pages = -1;
  w->last_page_seen = FALSE;
  w->pages_received = 0;
  w->max_modified = 0;
  g_array_set_size (w->page_totals, 0);
  w->progress.fetched = 0;
  w->progress.total = -1;

  worker_report (w);

  /* Page 1 first: it tells how many pages there are. */
  worker_request_page (w, w->next_page++);
}

static void
worker_start_phase (Worker *w,
                    Phase   phase)
{
  w->phase = phase;
  w->progress.phase = phase;

  switch (phase)
    {
    case PHASE_PRODUCTS:
      worker_start_resource (w, SK_RESOURCE_PRODUCTS);
      break;
    case PHASE_COUPONS:
      worker_start_resource (w, SK_RESOURCE_COUPONS);
      break;
    case PHASE_CUSTOMERS:
      worker_start_resource (w, SK_RESOURCE_CUSTOMERS);
      break;
    case PHASE_ORDERS:
      worker_start_resource (w, SK_RESOURCE_ORDERS);
      break;
    case PHASE_NOTES:
      w->progress.fetched = 0;
      w->progress.total = w->note_order_ids->len;
      worker_report (w);
      worker_fill_notes (w);
      worker_maybe_advance (w);
      break;
    case PHASE_DELETIONS:
      w->scan_index = 0;
      worker_start_deletions (w);
      break;
    case PHASE_FINISHING:
      worker_report (w);
      g_main_loop_quit (w->loop);
      break;
    case PHASE_CONNECTING:
    case PHASE_DONE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
push_update_cb (const SkOutboxOutcome  *outcome,
                gpointer                user_data,
                GError                **error)
{
  Worker *w = user_data;
  g_autoptr(WriteOp) op = g_new0 (WriteOp, 1);

  op->kind = WRITE_UPDATE_OUTBOX;
  op->outcome = *outcome;
  op->outcome.error = g_strdup (outcome->error);
  op = _sk_sync_worker_write_sync (w, g_steal_pointer (&op));
  if (op->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&op->error));
      return FALSE;
    }

  return TRUE;
}

/* Push, then pull: what the store answers to the pushed changes comes
 * back with the pull. */
static gboolean
worker_push (Worker *w)
{
  g_autoptr(WriteOp) op = g_new0 (WriteOp, 1);
  g_autoptr(GError) error = NULL;
  SkPushSummary summary = { 0 };

  op->kind = WRITE_LIST_OUTBOX;
  op = _sk_sync_worker_write_sync (w, g_steal_pointer (&op));
  if (op->error != NULL)
    {
      worker_fail_storage (w, g_steal_pointer (&op->error));
      return FALSE;
    }

  if (op->notes->len == 0)
    return TRUE;

  g_debug ("Pushing %u changes", op->notes->len);

  if (!sk_pusher_run (SK_WOO_CONNECTOR (w->connector), op->notes, w->context, w->cancellable,
                      push_update_cb, w, &summary, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        worker_fail (w, g_steal_pointer (&error));
      else
        worker_fail_storage (w, g_steal_pointer (&error));
      return FALSE;
    }

  w->summary.pushed += summary.done;
  w->summary.push_failed += summary.failed + summary.conflicts;

  return TRUE;
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Worker *w = user_data;
  GError *error = NULL;

  w->in_flight--;

  if (!sk_connector_prepare_finish (SK_CONNECTOR (object), result, &error))
    {
      worker_fail (w, error);
      worker_maybe_advance (w);
      return;
    }

  if (worker_failed (w) || !worker_push (w))
    {
      worker_maybe_advance (w);
      return;
    }

  worker_start_phase (w, PHASE_PRODUCTS);
}

static void
job_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  /* May run on any thread; g_cancellable_cancel() is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
job_complete_cb (gpointer user_data);

static gboolean
worker_setup (Worker  *w,
              GError **error)
{
  SyncJob *job = w->job;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(WriteOp) open_op = NULL;

  uri = sk_soup_parse_store_url_full (job->url, job->allow_insecure, error);
  if (uri == NULL)
    return FALSE;

  w->write_queue = g_async_queue_new ();
  w->writer = g_thread_try_new ("sk-sync-write", _sk_sync_writer_thread, w, error);
  if (w->writer == NULL)
    return FALSE;

  open_op = g_new0 (WriteOp, 1);
  open_op->kind = WRITE_OPEN;
  open_op = _sk_sync_worker_write_sync (w, g_steal_pointer (&open_op));
  if (open_op->error != NULL)
    {
      /* Translators: %s explains what went wrong with the local database */
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE,
                   _("Could not open the local copy of the store: %s"),
                   open_op->error->message);
      return FALSE;
    }

  {
    g_autoptr(WriteOp) state_op = g_new0 (WriteOp, 1);

    state_op->kind = WRITE_READ_STATE;
    state_op = _sk_sync_worker_write_sync (w, g_steal_pointer (&state_op));
    if (state_op->error != NULL)
      {
        /* Translators: %s explains what went wrong with the local database */
        g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE,
                     _("Could not open the local copy of the store: %s"),
                     state_op->error->message);
        return FALSE;
      }

    /* Customers have no modified_after: they are always read in full. The
     * cursors are the store's own dates, so a store clock far from ours
     * changes nothing. */
    for (SkResource r = SK_RESOURCE_ORDERS; r <= SK_RESOURCE_COUPONS; r++)
      if (r != SK_RESOURCE_CUSTOMERS && state_op->cursors[r] > 0)
        w->since[r] = MAX (state_op->cursors[r] - CURSOR_OVERLAP_S, 1);
    memcpy (w->syncs_since_id_scan, state_op->metas, sizeof w->syncs_since_id_scan);
    w->summary.incremental = w->since[SK_RESOURCE_ORDERS] > 0;
  }

  /* Room for the pages and the note requests in flight at once. */
  w->session = sk_soup_session_new (job->timeout_s, job->parallel * 2);
  w->connector = SK_CONNECTOR (sk_woo_connector_new (w->session, uri, job->consumer_key, job->consumer_secret));

  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  SyncJob *job = data;
  Worker worker = { 0 };
  Worker *w = &worker;
  GError *error = NULL;

  w->job = job;
  w->context = g_main_context_new ();
  g_main_context_push_thread_default (w->context);
  w->loop = g_main_loop_new (w->context, FALSE);
  w->cancellable = g_cancellable_new ();
  w->job_cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (job_cancelled_cb),
                                               g_object_ref (w->cancellable), g_object_unref);
  w->note_order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->page_totals = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->summary.started_at = sk_time_now_utc ();
  w->recent_since = w->summary.started_at - RECENT_ORDER_S;
  w->progress.total = -1;
  w->progress.orders_total = -1;
  w->phase = PHASE_CONNECTING;

  if (worker_setup (w, &error))
    {
      w->in_flight++;
      sk_connector_prepare_async (w->connector, w->cancellable, prepare_cb, w);
      g_main_loop_run (w->loop);
    }
  else
    worker_fail (w, error);

  g_assert (w->in_flight == 0);
  g_assert (w->writes_pending == 0);

  w->summary.finished_at = sk_time_now_utc ();

  if (w->error == NULL && !g_cancellable_is_cancelled (job->cancellable))
    {
      g_autoptr(WriteOp) op = g_new0 (WriteOp, 1);

      op->kind = WRITE_FINISH;
      op = _sk_sync_worker_write_sync (w, g_steal_pointer (&op));
      if (op->error != NULL)
        worker_fail_storage (w, g_steal_pointer (&op->error));
    }

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      g_clear_error (&w->error);
      w->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled."));
    }

  if (w->writer != NULL)
    {
      g_autoptr(WriteOp) op = g_new0 (WriteOp, 1);

      op->kind = WRITE_QUIT;
      op = _sk_sync_worker_write_sync (w, g_steal_pointer (&op));
      g_thread_join (g_steal_pointer (&w->writer));
    }
  g_clear_pointer (&w->write_queue, g_async_queue_unref);

  /* Everything the worker made is released here, on its own thread, before
   * the job goes back (the sink went with the writer thread). */
  if (w->session != NULL)
    soup_session_abort (w->session);
  g_clear_object (&w->connector);
  g_clear_object (&w->session);
  while (g_main_context_pending (w->context))
    g_main_context_iteration (w->context, FALSE);

  g_cancellable_disconnect (job->cancellable, w->job_cancelled_id);
  g_clear_object (&w->cancellable);
  g_clear_pointer (&w->note_order_ids, g_array_unref);
  g_clear_pointer (&w->customer_ids, g_array_unref);
  g_clear_pointer (&w->page_totals, g_array_unref);
  g_clear_pointer (&w->local_ids, g_array_unref);
  g_clear_pointer (&w->store_ids, g_array_unref);
  g_clear_pointer (&w->scan_candidates, g_array_unref);
  g_clear_pointer (&w->scan_gone, g_array_unref);
  g_main_loop_unref (w->loop);
  g_main_context_pop_thread_default (w->context);
  g_main_context_unref (w->context);

  job->error = w->error;
  job->summary = w->summary;

  g_mutex_lock (&job->lock);
  job->progress = w->progress;
  g_mutex_unlock (&job->lock);

  /* Not g_main_context_invoke(): with the worker's own context popped, the
   * caller's context may be this thread's default too, and invoke() would
   * then run job_complete_cb right here, on the worker, joining itself
   * (or a thread not yet stored when the job ended quickly). */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, job_complete_cb, job, (GDestroyNotify) sync_job_unref);
    g_source_set_static_name (source, "[sk-sync] job complete");
    g_source_attach (source, job->main_context);
    g_source_unref (source);
  }

  return NULL;
}

/* Main thread */

static gboolean
job_complete_cb (gpointer user_data)
{
  SyncJob *job = user_data;
  SkSyncManager *self = job->manager;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);
  Progress progress;

  g_thread_join (g_steal_pointer (&job->thread));
  job->completed = TRUE;

  if (job->caller_cancellable != NULL)
    g_cancellable_disconnect (job->caller_cancellable, job->caller_cancelled_id);

  if (self->job == job)
    {
      self->job = NULL;
      sync_job_unref (job);
    }

  g_mutex_lock (&job->lock);
  progress = job->progress;
  g_mutex_unlock (&job->lock);

  g_object_freeze_notify (G_OBJECT (self));

  if (job->error == NULL)
    {
      progress.phase = PHASE_DONE;
      apply_progress (self, &progress);
      set_last_error (self, NULL);
    }
  else
    {
      /* A cancellation is what the user asked for, not an error to show. */
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_last_error (self, job->error->message);
      set_status_text (self, job->error->message);
    }
  set_syncing (self, FALSE);

  g_object_thaw_notify (G_OBJECT (self));

  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    {
      SkSyncSummary *summary = g_memdup2 (&job->summary, sizeof job->summary);
      g_task_return_pointer (task, summary, g_free);
    }

  return G_SOURCE_REMOVE;
}

/* GObject */

static void
sk_sync_manager_dispose (GObject *object)
{
  SkSyncManager *self = SK_SYNC_MANAGER (object);

  /* A running job holds a reference on the manager, so this only happens
   * through g_object_run_dispose(): stop the worker as soon as it can. */
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);

  G_OBJECT_CLASS (sk_sync_manager_parent_class)->dispose (object);
}

static void
sk_sync_manager_finalize (GObject *object)
{
  SkSyncManager *self = SK_SYNC_MANAGER (object);

  g_assert (self->job == NULL);

  if (self->open_sink_data_free != NULL)
    g_clear_pointer (&self->open_sink_data, self->open_sink_data_free);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->consumer_key, wipe_free);
  g_clear_pointer (&self->consumer_secret, wipe_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (sk_sync_manager_parent_class)->finalize (object);
}

static void
sk_sync_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SkSyncManager *self = SK_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_ORDERS_FETCHED:
      g_value_set_int64 (value, self->orders_fetched);
      break;
    case PROP_ORDERS_TOTAL:
      g_value_set_int64 (value, self->orders_total);
      break;
    case PROP_STORE_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_PENDING_CHANGES:
      g_value_set_int (value, self->pending_changes);
      break;
    case PROP_FAILED_CHANGES:
      g_value_set_int (value, self->failed_changes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_sync_manager_class_init (SkSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_sync_manager_dispose;
  object_class->finalize = sk_sync_manager_finalize;
  object_class->get_property = sk_sync_manager_get_property;

  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         -1.0, 1.0, -1.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_ORDERS_FETCHED] =
    g_param_spec_int64 ("orders-fetched", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_ORDERS_TOTAL] =
    g_param_spec_int64 ("orders-total", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_STORE_URL] =
    g_param_spec_string ("store-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_PENDING_CHANGES] =
    g_param_spec_int ("pending-changes", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_FAILED_CHANGES] =
    g_param_spec_int ("failed-changes", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_sync_manager_init (SkSyncManager *self)
{
  self->main_context = g_main_context_ref_thread_default ();
  self->parallel = DEFAULT_PARALLEL;
  self->timeout_s = DEFAULT_TIMEOUT_S;
  self->fraction = -1.0;
  self->orders_total = -1;
}

/* Public API */

SkSyncManager *
sk_sync_manager_new (SkSyncSinkOpenFunc open_sink,
                     gpointer           open_sink_data,
                     GDestroyNotify     open_sink_data_free)
{
  SkSyncManager *self;

  g_return_val_if_fail (open_sink != NULL, NULL);

  self = g_object_new (SK_TYPE_SYNC_MANAGER, NULL);
  self->open_sink = open_sink;
  self->open_sink_data = open_sink_data;
  self->open_sink_data_free = open_sink_data_free;

  return self;
}

void
sk_sync_manager_set_store (SkSyncManager *self,
                           const char    *url,
                           const char    *consumer_key,
                           const char    *consumer_secret)
{
  g_return_if_fail (SK_IS_SYNC_MANAGER (self));

  g_clear_pointer (&self->consumer_key, wipe_free);
  g_clear_pointer (&self->consumer_secret, wipe_free);
  self->consumer_key = g_strdup (consumer_key);
  self->consumer_secret = g_strdup (consumer_secret);

  if (set_str (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_URL]);
}

const char *
sk_sync_manager_get_store_url (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), NULL);

  return self->url;
}

void
sk_sync_manager_set_allow_insecure (SkSyncManager *self,
                                    gboolean       allow_insecure)
{
  g_return_if_fail (SK_IS_SYNC_MANAGER (self));

  self->allow_insecure = !!allow_insecure;
}

gboolean
sk_sync_manager_get_allow_insecure (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), FALSE);

  return self->allow_insecure;
}

void
sk_sync_manager_set_parallel (SkSyncManager *self,
                              guint          n_pages)
{
  g_return_if_fail (SK_IS_SYNC_MANAGER (self));

  self->parallel = CLAMP (n_pages, 1, MAX_PARALLEL);
}

void
sk_sync_manager_set_timeout (SkSyncManager *self,
                             guint          seconds)
{
  g_return_if_fail (SK_IS_SYNC_MANAGER (self));

  self->timeout_s = MAX (seconds, 1);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
sk_sync_manager_sync_async (SkSyncManager       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SyncJob *job;
  Progress progress = { PHASE_CONNECTING, 0, -1, 0, -1 };

  g_return_if_fail (SK_IS_SYNC_MANAGER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_sync_manager_sync_async);

  if (self->job != NULL)
    {
      g_task_return_new_error (task, SK_SYNC_ERROR, SK_SYNC_ERROR_BUSY,
                               "%s", _("The store is already being synced."));
      return;
    }

  if (self->url == NULL || self->consumer_key == NULL || self->consumer_secret == NULL)
    {
      g_task_return_new_error (task, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL,
                               "%s", _("No store is set up. Add the store’s address, key and secret first."));
      return;
    }

  job = g_atomic_rc_box_new0 (SyncJob);
  g_mutex_init (&job->lock);
  job->manager = g_object_ref (self);
  job->main_context = g_main_context_ref (self->main_context);
  job->task = g_object_ref (task);
  job->cancellable = g_cancellable_new ();
  job->url = g_strdup (self->url);
  job->consumer_key = g_strdup (self->consumer_key);
  job->consumer_secret = g_strdup (self->consumer_secret);
  job->allow_insecure = self->allow_insecure;
  job->parallel = self->parallel;
  job->timeout_s = self->timeout_s;
  job->open_sink = self->open_sink;
  job->open_sink_data = self->open_sink_data;
  job->progress = progress;

  if (cancellable != NULL)
    {
      job->caller_cancellable = g_object_ref (cancellable);
      job->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                        g_object_ref (job->cancellable), g_object_unref);
    }

  self->job = job;

  g_object_freeze_notify (G_OBJECT (self));
  set_syncing (self, TRUE);
  apply_progress (self, &progress);
  g_object_thaw_notify (G_OBJECT (self));

  /* The thread owns one reference, handed back through job_complete_cb. */
  job->thread = g_thread_try_new ("sk-sync", worker_thread, sync_job_ref (job), &error);
  if (job->thread == NULL)
    {
      g_autoptr(GTask) owned = g_steal_pointer (&job->task);

      self->job = NULL;
      if (job->caller_cancellable != NULL)
        g_cancellable_disconnect (job->caller_cancellable, job->caller_cancelled_id);
      sync_job_unref (job);
      sync_job_unref (job);
      set_syncing (self, FALSE);
      g_task_return_new_error (owned, SK_SYNC_ERROR, SK_SYNC_ERROR_STORAGE,
                               "%s", error->message);
    }
}

gboolean
sk_sync_manager_sync_finish (SkSyncManager  *self,
                             GAsyncResult   *result,
                             SkSyncSummary  *out_summary,
                             GError        **error)
{
  g_autofree SkSyncSummary *summary = NULL;

  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  summary = g_task_propagate_pointer (G_TASK (result), error);
  if (summary == NULL)
    return FALSE;

  if (out_summary != NULL)
    *out_summary = *summary;

  return TRUE;
}

void
sk_sync_manager_cancel (SkSyncManager *self)
{
  g_return_if_fail (SK_IS_SYNC_MANAGER (self));

  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
}

gboolean
sk_sync_manager_get_syncing (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), FALSE);

  return self->syncing;
}

double
sk_sync_manager_get_fraction (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), -1.0);

  return self->fraction;
}

const char *
sk_sync_manager_get_status_text (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), NULL);

  return self->status_text;
}

const char *
sk_sync_manager_get_last_error (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), NULL);

  return self->last_error;
}

int
sk_sync_manager_get_pending_changes (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), 0);

  return self->pending_changes;
}

int
sk_sync_manager_get_failed_changes (SkSyncManager *self)
{
  g_return_val_if_fail (SK_IS_SYNC_MANAGER (self), 0);

  return self->failed_changes;
}

void
sk_sync_manager_set_change_counts (SkSyncManager *self,
                                   int            pending,
                                   int            failed)
{
  g_return_if_fail (SK_IS_SYNC_MANAGER (self));

  pending = MAX (pending, 0);
  failed = MAX (failed, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->pending_changes != pending)
    {
      self->pending_changes = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_CHANGES]);
    }
  if (self->failed_changes != failed)
    {
      self->failed_changes = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_CHANGES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
