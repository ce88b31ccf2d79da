/* sk-bench.c — how fast the demo store syncs and how fast the orders list answers.
 *
 * Starts the demo store in this process, syncs it into a fresh data
 * directory through SkContext and SkSyncManager exactly as the app does,
 * then opens the orders list model on a read-only connection and searches
 * it. Prints one figure a line, "name value unit", on stdout; details go to
 * stderr.
 *
 *   sk-bench [--orders N] [--people C] [--latency-ms L] [--parallel P] [--keep DIR]
 *
 * --people sets how many people buy in the demo store (two in three are
 * registered customers): 300000 with 1,000,000 orders gives the issue's
 * 200,000 customers (and 100,000 guests besides).
 *
 * With --keep DIR the data directory is kept, and if it already holds a
 * synced database the sync is skipped, so the model and search figures of
 * a large database can be measured again and again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-bench"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-customer-list.h"
#include "sk-customer-object.h"
#include "sk-customers.h"
#include "sk-demo-server.h"
#include "sk-insights.h"
#include "sk-order-desk.h"
#include "sk-order-filter.h"
#include "sk-order-list.h"
#include "sk-order-object.h"
#include "sk-refunds.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"

#define DATABASE_NAME "shopkeeper.db"

typedef struct
{
  GMainLoop     *loop;
  gboolean       ok;
  SkSyncSummary  summary;
  GError        *error;
} SyncRun;

static int     opt_orders = 3000;
static int     opt_people = 0;
static int     opt_latency_ms = 0;
static int     opt_parallel = 4;
static char   *opt_keep = NULL;
static gint64  opt_seed = 1;
static gboolean opt_speedup = FALSE;

static const GOptionEntry entries[] = {
  { "orders", 'n', 0, G_OPTION_ARG_INT, &opt_orders, "Orders in the demo store (default 3000)", "N" },
  { "people", 'c', 0, G_OPTION_ARG_INT, &opt_people, "People buying in the demo store, 2/3 registered (default 400 per 3000 orders)", "C" },
  { "latency-ms", 'l', 0, G_OPTION_ARG_INT, &opt_latency_ms, "Latency the demo store adds to each answer", "L" },
  { "parallel", 'p', 0, G_OPTION_ARG_INT, &opt_parallel, "Pages in flight at once (default 4)", "P" },
  { "keep", 'k', 0, G_OPTION_ARG_FILENAME, &opt_keep, "Keep the data in DIR; reuse a database already there", "DIR" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of the demo store (default 1)", "S" },
  { "speedup", 0, 0, G_OPTION_ARG_NONE, &opt_speedup, "Only measure full syncs with 1 page and with --parallel pages in flight", NULL },
  { NULL }
};

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* Peak resident set size of this process (VmHWM) in kB, or -1. */
static gint64
read_peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmHWM:"))
        return g_ascii_strtoll (lines[i] + strlen ("VmHWM:"), NULL, 10);
    }

  return -1;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  run->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result,
                                         &run->summary, &run->error);
  g_main_loop_quit (run->loop);
}

static void
status_text_changed_cb (SkSyncManager *manager,
                        GParamSpec    *pspec,
                        gpointer       user_data)
{
  const char *text = sk_sync_manager_get_status_text (manager);

  if (text != NULL && isatty (fileno (stderr)))
    g_printerr ("\r%-60s", text);
}

/* Syncs the demo store into @data_dir. Returns FALSE (with a message on
 * stderr) if anything fails. */
static gboolean
run_sync (const char *data_dir)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  g_autoptr(SkDemoServer) server = NULL;
  g_autoptr(SkContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  SkSyncManager *manager;
  SyncRun run = { 0 };
  gint64 start;
  double seconds;
  gint64 peak_kb;

  options.seed = (guint64) opt_seed;
  options.n_orders = (guint) opt_orders;
  options.n_people = (guint) opt_people;
  options.latency_ms = (guint) opt_latency_ms;

  server = sk_demo_server_new (&options);
  if (!sk_demo_server_start (server, &error))
    {
      g_printerr ("Cannot start the demo store: %s\n", error->message);
      return FALSE;
    }

  context = sk_context_new (data_dir, &error);
  if (context == NULL)
    {
      g_printerr ("Cannot open the data directory: %s\n", error->message);
      sk_demo_server_stop (server);
      return FALSE;
    }

  manager = sk_context_get_sync_manager (context);
  sk_sync_manager_set_store (manager,
                             sk_demo_server_get_url (server),
                             sk_demo_server_get_key (server),
                             sk_demo_server_get_secret (server));
  sk_sync_manager_set_parallel (manager, (guint) opt_parallel);
  g_signal_connect (manager, "notify::status-text", G_CALLBACK (status_text_changed_cb), NULL);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;

  start = g_get_monotonic_time ();
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &run);
  g_main_loop_run (loop);
  seconds = ms_since (start) / 1000.0;

  g_signal_handlers_disconnect_by_func (manager, status_text_changed_cb, NULL);
  if (isatty (fileno (stderr)))
    g_printerr ("\n");

  peak_kb = read_peak_rss_kb ();

  if (!run.ok)
    {
      g_printerr ("The sync failed: %s\n", run.error != NULL ? run.error->message : "?");
      g_clear_error (&run.error);
      sk_demo_server_stop (server);
      return FALSE;
    }

  /* 1 % of the orders changed through the store's own API, then the
   * incremental sync that brings them here. */
  {
    SyncRun again = { 0 };
    guint touched = sk_demo_server_touch_orders (server, MAX (opt_orders / 100, 1), (guint64) opt_seed);
    gint64 incremental_start;
    double incremental_seconds;

    again.loop = loop;
    incremental_start = g_get_monotonic_time ();
    sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &again);
    g_main_loop_run (loop);
    incremental_seconds = ms_since (incremental_start) / 1000.0;

    if (!again.ok)
      {
        g_printerr ("The incremental sync failed: %s\n", again.error != NULL ? again.error->message : "?");
        g_clear_error (&again.error);
        sk_demo_server_stop (server);
        return FALSE;
      }

    g_printerr ("incremental sync after %u orders changed: %" G_GINT64_FORMAT " orders in %.3f s\n",
                touched, again.summary.orders, incremental_seconds);
    printf ("incremental_sync_seconds %.3f s\n", incremental_seconds);
    printf ("incremental_sync_ratio %.4f\n", incremental_seconds / MAX (seconds, 1e-6));
  }

  sk_demo_server_stop (server);

  g_printerr ("synced %" G_GINT64_FORMAT " orders, %" G_GINT64_FORMAT " customers, "
              "%" G_GINT64_FORMAT " products, %" G_GINT64_FORMAT " notes in %.2f s "
              "(%u requests)\n",
              run.summary.orders, run.summary.customers, run.summary.products,
              run.summary.notes, seconds, sk_demo_server_get_n_requests (server));

  /* The demo store may hold fewer orders than asked for (it leaves out
   * the trash, for one), so the rate counts what was really synced. */
  printf ("sync_orders_per_s %.0f orders/s\n", run.summary.orders / MAX (seconds, 1e-6));
  printf ("sync_seconds %.2f s\n", seconds);
  if (peak_kb >= 0)
    printf ("sync_peak_rss_mb %.1f MB\n", peak_kb / 1024.0);
  fflush (stdout);

  return TRUE;
}

/* Sets @search on @list and reads what a window would: the count and the
 * first row. Returns the milliseconds it took; *out_n_items the count. */
static double
timed_search (SkOrderList *list,
              const char  *search,
              guint       *out_n_items)
{
  g_autoptr(SkOrderObject) first = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_items;
  double elapsed;

  sk_order_list_set_search (list, search);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n_items > 0)
    first = g_list_model_get_item (G_LIST_MODEL (list), 0);

  elapsed = ms_since (start);

  /* The first row must really have been loaded, not just counted. */
  if (n_items > 0 && (first == NULL || sk_order_object_get_number (first) == NULL))
    {
      g_printerr ("Row 0 of the search “%s” could not be loaded\n", search);
      exit (EXIT_FAILURE);
    }

  *out_n_items = n_items;

  return elapsed;
}

static gboolean
measure_model (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(SkOrderList) list = NULL;
  g_autoptr(SkOrderObject) newest = NULL;
  g_autoptr(GArray) timings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *number_prefix = NULL;
  gint64 start;
  double open_ms;
  double model_ms;
  guint n_items;
  gint64 n_orders;
  const char *terms[] = {
    "Müller",          /* customer last names, several regions */
    "Nowak",
    "Garnier",
    "Johansson",
    "García",
    "juergen",         /* the start of an e-mail address */
    "anna.",
    "Yirgacheffe",     /* product words */
    "Kettle",
    "matcha",
    NULL,              /* an order number, filled in below */
    NULL,              /* the start of an order number */
  };
  guint n_terms = G_N_ELEMENTS (terms);

  start = g_get_monotonic_time ();
  database = sk_database_open (path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  open_ms = ms_since (start);
  if (database == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }

  n_orders = sk_database_count_orders (database);

  start = g_get_monotonic_time ();
  list = sk_order_list_new (database);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n_items > 0)
    newest = g_list_model_get_item (G_LIST_MODEL (list), 0);
  model_ms = ms_since (start);

  if (sk_order_list_get_error (list) != NULL)
    {
      g_printerr ("The orders list failed: %s\n", sk_order_list_get_error (list)->message);
      return FALSE;
    }
  if (newest == NULL)
    {
      g_printerr ("The database holds no orders\n");
      return FALSE;
    }

  number = g_strdup (sk_order_object_get_number (newest));
  number_prefix = g_strndup (number, MAX (1, strlen (number) - 2));
  terms[n_terms - 2] = number;
  terms[n_terms - 1] = number_prefix;

  timings = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n_terms; i++)
    {
      guint n_found = 0;
      double ms = timed_search (list, terms[i], &n_found);

      if (sk_order_list_get_error (list) != NULL)
        {
          g_printerr ("Searching “%s” failed: %s\n", terms[i],
                      sk_order_list_get_error (list)->message);
          return FALSE;
        }

      g_printerr ("search %-14s %8u hits %9.2f ms%s\n", terms[i], n_found, ms,
                  n_found == 0 ? "  (no hits: check the search)" : "");
      g_array_append_val (timings, ms);
    }

  /* Back to the whole list, as closing the search bar does. */
  {
    guint n_all = 0;
    double ms = timed_search (list, "", &n_all);

    g_printerr ("search %-14s %8u hits %9.2f ms\n", "(cleared)", n_all, ms);
    if (n_all != n_items)
      {
        g_printerr ("Clearing the search gave %u orders instead of %u\n", n_all, n_items);
        return FALSE;
      }
  }

  g_array_sort (timings, compare_doubles);

  printf ("database_open_ms %.2f ms\n", open_ms);
  printf ("orders_model_open_ms %.2f ms\n", model_ms);
  printf ("search_ms %.2f ms\n", g_array_index (timings, double, timings->len / 2));
  printf ("search_max_ms %.2f ms\n", g_array_index (timings, double, timings->len - 1));
  printf ("orders_in_db %" G_GINT64_FORMAT " orders\n", n_orders);
  fflush (stdout);

  return TRUE;
}

/* The payment-method filter of the orders page: the list of methods its
 * popover reads, then the orders list narrowed to each method in turn
 * (count and first row, as the page shows it), newest first. */
static gboolean
measure_payment_filter (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(SkOrderList) list = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(GArray) timings = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  double methods_ms;
  gint64 start;

  database = sk_database_open (path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  if (database == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }

  start = g_get_monotonic_time ();
  methods = sk_order_filter_list_payment_methods (database, &error);
  methods_ms = ms_since (start);
  if (methods == NULL)
    {
      g_printerr ("The payment methods failed: %s\n", error->message);
      return FALSE;
    }

  list = sk_order_list_new (database);
  for (guint i = 0; i < methods->len; i++)
    {
      SkPaymentMethod *method = methods->pdata[i];
      g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();
      g_autoptr(SkOrderObject) first = NULL;
      guint n_items;
      double ms;

      sk_order_filter_set_payment_method (filter, method->slug);
      start = g_get_monotonic_time ();
      sk_order_list_set_filter (list, filter);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
      if (n_items > 0)
        first = g_list_model_get_item (G_LIST_MODEL (list), 0);
      ms = ms_since (start);
      if (sk_order_list_get_error (list) != NULL || n_items != (guint) method->n_orders)
        {
          g_printerr ("The filter by “%s” gave %u orders instead of %" G_GINT64_FORMAT "\n",
                      method->slug, n_items, method->n_orders);
          return FALSE;
        }
      g_printerr ("payment method %-14s %8u orders %9.2f ms\n", method->slug, n_items, ms);
      g_array_append_val (timings, ms);
    }
  if (timings->len == 0)
    {
      g_printerr ("The orders have no payment methods\n");
      return FALSE;
    }
  g_array_sort (timings, compare_doubles);

  printf ("payment_methods_ms %.2f ms\n", methods_ms);
  printf ("payment_filter_ms %.2f ms\n", g_array_index (timings, double, timings->len / 2));
  printf ("payment_filter_max_ms %.2f ms\n", g_array_index (timings, double, timings->len - 1));
  fflush (stdout);

  return TRUE;
}

#define INSIGHTS_ROUNDS 5

/* Customer profiles and the dashboard: the refresh after a sync (on its
 * own writable connection, as the app runs it on a worker), then what the
 * UI reads on its read-only one. */
static gboolean
measure_insights (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autoptr(SkDatabase) writer = NULL;
  g_autoptr(SkDatabase) reader = NULL;
  g_autoptr(SkDashboard) dashboard = NULL;
  g_autoptr(SkCustomerList) list = NULL;
  g_autoptr(SkCustomerObject) first = NULL;
  g_autoptr(SkCustomerProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double refresh_ms;
  double dashboard_ms[INSIGHTS_ROUNDS], list_ms[INSIGHTS_ROUNDS], profile_ms[INSIGHTS_ROUNDS];
  guint n_customers = 0;

  writer = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  if (writer == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }
  start = g_get_monotonic_time ();
  if (!sk_insights_refresh (writer, &error))
    {
      g_printerr ("The refresh failed: %s\n", error->message);
      return FALSE;
    }
  refresh_ms = ms_since (start);
  g_clear_object (&writer);

  reader = sk_database_open (path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  if (reader == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }

  /* What the UI reads, INSIGHTS_ROUNDS times: the first round (cold
   * caches, as the area first opens) goes to stderr, the medians to
   * stdout, as a shared, noisy machine needs. */
  for (guint round = 0; round < INSIGHTS_ROUNDS; round++)
    {
      g_clear_pointer (&dashboard, sk_dashboard_free);
      g_clear_object (&list);
      g_clear_object (&first);
      g_clear_pointer (&profile, sk_customer_profile_free);

      start = g_get_monotonic_time ();
      dashboard = sk_insights_load_dashboard (reader, 30, g_get_real_time () / G_USEC_PER_SEC, &error);
      dashboard_ms[round] = ms_since (start);
      if (dashboard == NULL)
        {
          g_printerr ("The dashboard failed: %s\n", error->message);
          return FALSE;
        }

      /* As the customers area opens: the count and the first row. */
      start = g_get_monotonic_time ();
      list = sk_customer_list_new (reader);
      n_customers = g_list_model_get_n_items (G_LIST_MODEL (list));
      if (n_customers > 0)
        first = g_list_model_get_item (G_LIST_MODEL (list), 0);
      list_ms[round] = ms_since (start);
      if (first == NULL)
        {
          g_printerr ("The customers list is empty\n");
          return FALSE;
        }

      /* The profile with the most orders is the slowest to open. */
      sk_customer_list_set_sort (list, SK_CUSTOMER_SORT_ORDERS, TRUE);
      g_clear_object (&first);
      first = g_list_model_get_item (G_LIST_MODEL (list), 0);
      start = g_get_monotonic_time ();
      profile = sk_customers_load_profile (reader, sk_customer_object_get_id (first), &error);
      profile_ms[round] = ms_since (start);
      if (profile == NULL)
        {
          g_printerr ("The profile failed: %s\n", error->message);
          return FALSE;
        }
    }

  g_printerr ("insights, first round: dashboard %.2f ms, customers %.2f ms, profile %.2f ms\n",
              dashboard_ms[0], list_ms[0], profile_ms[0]);
  qsort (dashboard_ms, INSIGHTS_ROUNDS, sizeof (double), compare_doubles);
  qsort (list_ms, INSIGHTS_ROUNDS, sizeof (double), compare_doubles);
  qsort (profile_ms, INSIGHTS_ROUNDS, sizeof (double), compare_doubles);

  g_printerr ("%u customer profiles; 30 days: %" G_GINT64_FORMAT " orders, %" G_GINT64_FORMAT
              " customers; largest profile %" G_GINT64_FORMAT " orders\n",
              n_customers, dashboard->current.orders, dashboard->current.customers,
              profile->order_count);
  printf ("insights_refresh_ms %.2f ms\n", refresh_ms);
  printf ("dashboard_ms %.2f ms\n", dashboard_ms[INSIGHTS_ROUNDS / 2]);
  printf ("customers_open_ms %.2f ms\n", list_ms[INSIGHTS_ROUNDS / 2]);
  printf ("profile_open_ms %.2f ms\n", profile_ms[INSIGHTS_ROUNDS / 2]);
  fflush (stdout);

  return TRUE;
}

/* The order desk: the refresh after a sync (promises for the open orders
 * without one, lead times), then the needs-attention filter on the UI's
 * read-only connection, median of several runs. */
static gboolean
measure_desk (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autoptr(SkDatabase) writer = NULL;
  g_autoptr(SkDatabase) reader = NULL;
  g_autoptr(GError) error = NULL;
  double timings[9];
  double refresh_ms, again_ms, count_ms;
  guint counts[SK_ATTENTION_N_KINDS];
  guint n_ids = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start;

  writer = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  if (writer == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }
  start = g_get_monotonic_time ();
  if (!sk_order_desk_refresh (writer, now, &error))
    {
      g_printerr ("The desk refresh failed: %s\n", error->message);
      return FALSE;
    }
  refresh_ms = ms_since (start);
  /* What each sync pays when no order changed. */
  start = g_get_monotonic_time ();
  if (!sk_order_desk_refresh (writer, now, &error))
    {
      g_printerr ("The desk refresh failed: %s\n", error->message);
      return FALSE;
    }
  again_ms = ms_since (start);
  g_clear_object (&writer);

  reader = sk_database_open (path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  if (reader == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (timings); i++)
    {
      g_autoptr(GArray) ids = NULL;

      start = g_get_monotonic_time ();
      ids = sk_order_desk_query_attention_ids (reader, now, SK_ATTENTION_ALL, &error);
      timings[i] = ms_since (start);
      if (ids == NULL)
        {
          g_printerr ("The needs-attention query failed: %s\n", error->message);
          return FALSE;
        }
      n_ids = ids->len;
    }
  g_printerr ("needs attention: first run %.2f ms\n", timings[0]);
  qsort (timings, G_N_ELEMENTS (timings), sizeof (double), compare_doubles);

  start = g_get_monotonic_time ();
  if (!sk_order_desk_count_attention (reader, now, counts, &error))
    {
      g_printerr ("The needs-attention counts failed: %s\n", error->message);
      return FALSE;
    }
  count_ms = ms_since (start);

  g_printerr ("needs attention: %u orders (to confirm %u, late %u, at risk %u, awaiting a reply %u)\n",
              n_ids, counts[0], counts[1], counts[2], counts[3]);
  printf ("desk_refresh_ms %.2f ms\n", refresh_ms);
  printf ("desk_refresh_unchanged_ms %.2f ms\n", again_ms);
  printf ("needs_attention_ms %.2f ms\n", timings[G_N_ELEMENTS (timings) / 2]);
  printf ("needs_attention_counts_ms %.2f ms\n", count_ms);
  fflush (stdout);

  return TRUE;
}

/* The refunds area's figures over its longest period (12 months), as its
 * worker computes them on a read-only connection, median of five. The
 * copy holds one store (the demo's), id 1. */
static gboolean
measure_refund_figures (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autoptr(SkDatabase) reader = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double timings[5];

  reader = sk_database_open (path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  if (reader == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (timings); i++)
    {
      g_autoptr(SkRefundFigures) figures = NULL;
      gint64 start = g_get_monotonic_time ();

      figures = sk_refunds_compute_figures (reader, 1, now - 365 * 86400, now + 1, &error);
      timings[i] = ms_since (start);
      if (figures == NULL)
        {
          g_printerr ("The refund figures failed: %s\n", error->message);
          return FALSE;
        }
      if (i == 0)
        g_printerr ("refund figures: %lld orders in 12 months, currency %s, first run %.2f ms\n",
                    (long long) figures->orders, figures->currency, timings[0]);
    }
  qsort (timings, G_N_ELEMENTS (timings), sizeof (double), compare_doubles);
  printf ("refund_figures_ms %.2f ms\n", timings[G_N_ELEMENTS (timings) / 2]);
  fflush (stdout);

  return TRUE;
}

/* One full sync of a fresh copy with @parallel pages in flight; the
 * seconds it took, or a negative number on failure. */
static double
timed_full_sync (guint parallel)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  g_autoptr(SkDemoServer) server = NULL;
  g_autoptr(SkContext) context = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sk_test_make_temp_dir ();
  SkSyncManager *manager;
  SyncRun run = { 0 };
  gint64 start;
  double seconds = -1;

  options.seed = (guint64) opt_seed;
  options.n_orders = (guint) opt_orders;
  options.latency_ms = (guint) opt_latency_ms;
  server = sk_demo_server_new (&options);
  if (!sk_demo_server_start (server, &error) ||
      (context = sk_context_new (dir, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      sk_demo_server_stop (server);
      sk_test_remove_tree (dir);
      return -1;
    }

  manager = sk_context_get_sync_manager (context);
  sk_sync_manager_set_store (manager,
                             sk_demo_server_get_url (server),
                             sk_demo_server_get_key (server),
                             sk_demo_server_get_secret (server));
  sk_sync_manager_set_parallel (manager, parallel);

  run.loop = loop;
  start = g_get_monotonic_time ();
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &run);
  g_main_loop_run (loop);
  if (run.ok)
    seconds = ms_since (start) / 1000.0;
  else
    {
      g_printerr ("The sync failed: %s\n", run.error != NULL ? run.error->message : "?");
      g_clear_error (&run.error);
    }

  g_printerr ("full sync, %u page(s) in flight: %" G_GINT64_FORMAT " orders in %.2f s\n",
              parallel, run.summary.orders, seconds);

  sk_demo_server_stop (server);
  g_clear_object (&context);
  sk_test_remove_tree (dir);

  return seconds;
}

static gboolean
measure_speedup (void)
{
  double one = timed_full_sync (1);
  double many;

  if (one < 0)
    return FALSE;
  many = timed_full_sync ((guint) opt_parallel);
  if (many < 0)
    return FALSE;

  printf ("sync_seconds_parallel_1 %.2f s\n", one);
  printf ("sync_seconds_parallel_%d %.2f s\n", opt_parallel, many);
  printf ("parallel_speedup %.2f\n", one / MAX (many, 1e-6));
  fflush (stdout);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *database_path = NULL;
  gboolean temporary;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");

  option_context = g_option_context_new ("— measure sync, list and search speed");
  g_option_context_add_main_entries (option_context, entries, NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (opt_orders <= 0 || opt_people < 0 || opt_latency_ms < 0 || opt_parallel <= 0)
    {
      g_printerr ("--orders and --parallel must be positive, --latency-ms not negative\n");
      return EXIT_FAILURE;
    }

  if (opt_speedup)
    return measure_speedup () ? EXIT_SUCCESS : EXIT_FAILURE;

  temporary = (opt_keep == NULL);
  if (temporary)
    {
      data_dir = sk_test_make_temp_dir ();
    }
  else
    {
      data_dir = g_canonicalize_filename (opt_keep, NULL);
      if (g_mkdir_with_parents (data_dir, 0700) != 0)
        {
          g_printerr ("Cannot create %s\n", data_dir);
          return EXIT_FAILURE;
        }
    }

  database_path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  if (!temporary && g_file_test (database_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(SkContext) context = NULL;

      g_printerr ("%s already holds a database: skipping the sync\n", data_dir);
      /* As the app does at start: bring a database from an older build up
       * to this build's schema. */
      context = sk_context_new (data_dir, &error);
      if (context == NULL)
        {
          g_printerr ("Cannot open %s: %s\n", data_dir, error->message);
          ok = FALSE;
        }
    }
  else
    ok = run_sync (data_dir);

  if (ok)
    ok = measure_model (data_dir);
  if (ok)
    ok = measure_payment_filter (data_dir);
  if (ok)
    ok = measure_insights (data_dir);
  if (ok)
    ok = measure_desk (data_dir);
  if (ok)
    ok = measure_refund_figures (data_dir);

  if (temporary)
    sk_test_remove_tree (data_dir);

  g_clear_pointer (&opt_keep, g_free);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
