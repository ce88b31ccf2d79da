/* sk-cli.c — shopkeeper-cli: headless sync and the demo store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-cli"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "sk-context.h"
#include "sk-demo-server.h"
#include "sk-sync-manager.h"

#define EXIT_CANCELLED 130

static char *opt_data_dir;

/* Helpers */

static G_GNUC_PRINTF (1, 2) void
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: how an error is printed; %s is the message */
  g_printerr (_("shopkeeper-cli: %s\n"), message);
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static gulong
plural_n (gint64 n)
{
  return (gulong) CLAMP (n, 0, G_MAXLONG);
}

static gboolean
parse_subcommand (GOptionContext  *context,
                  int             *argc,
                  char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      print_error ("%s", error->message);
      return FALSE;
    }

  if (*argc > 1)
    {
      /* Translators: %s is an unexpected word on the command line */
      print_error (_("Unexpected argument “%s”. See --help."), (*argv)[1]);
      return FALSE;
    }

  return TRUE;
}

/* sync */

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  SkSyncManager *manager;
  gboolean       tty;
  gboolean       line_open;   /* a progress line without its newline is on screen */
  gint64         last_line_us;
  gboolean       done;
  gboolean       ok;
  gboolean       cancelled;
  SkSyncSummary  summary;
  GError        *error;
} SyncRun;

static void
clear_progress_line (SyncRun *run)
{
  if (run->line_open)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      run->line_open = FALSE;
    }
}

static void
status_text_changed_cb (SkSyncManager *manager,
                        GParamSpec    *pspec,
                        SyncRun       *run)
{
  const char *text = sk_sync_manager_get_status_text (manager);
  double fraction = sk_sync_manager_get_fraction (manager);
  gint64 now = g_get_monotonic_time ();

  if (text == NULL || !sk_sync_manager_get_syncing (manager))
    return;

  if (run->tty)
    {
      /* One line, redrawn in place. */
      if (fraction >= 0.0)
        g_printerr ("\r\033[K%s (%d%%)", text, (int) (fraction * 100.0));
      else
        g_printerr ("\r\033[K%s", text);
      run->line_open = TRUE;
    }
  else if (now - run->last_line_us >= G_USEC_PER_SEC)
    {
      /* Into a log: a line a second is plenty. */
      g_printerr ("%s\n", text);
      run->last_line_us = now;
    }
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  run->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, &run->summary, &run->error);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  SyncRun *run = user_data;

  /* The sync stops after the page being written; the database stays
   * consistent. A second Ctrl+C is just the same request. */
  run->cancelled = TRUE;
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_CONTINUE;
}

static int
command_sync (int    argc,
              char **argv)
{
  g_autofree char *url = NULL;
  int parallel = 4;
  int timeout_s = 30;
  gboolean allow_insecure = FALSE;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Address of the WooCommerce store, like https://shop.example.com"), N_("URL") },
    { "parallel", 0, 0, G_OPTION_ARG_INT, &parallel,
      N_("Pages fetched at once (1–16, default 4)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s,
      N_("Seconds to wait for each answer (default 30)"), N_("SECONDS") },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &allow_insecure,
      /* Translators: do not translate "http://" */
      N_("Accept a plain http:// address that is not this computer: keys and orders travel unencrypted (requests are OAuth-signed, the secret is not sent)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SkContext) sk_context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  const char *key;
  const char *secret;
  SyncRun run = { 0 };
  gint64 started;
  gulong handler;
  guint sigint_id;
  guint sigterm_id;

  g_set_prgname ("shopkeeper-cli sync");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Copies the store’s products, customers, orders and order notes into the local database.\n"
                                  "The key and secret are read from the environment variables SHOPKEEPER_KEY and\n"
                                  "SHOPKEEPER_SECRET (WooCommerce › Settings › Advanced › REST API), never from\n"
                                  "the command line, where other users could see them."));

  if (!parse_subcommand (context, &argc, &argv))
    return EXIT_FAILURE;

  if (url == NULL)
    {
      print_error ("%s", _("Give the store’s address with --url."));
      return EXIT_FAILURE;
    }

  key = g_getenv ("SHOPKEEPER_KEY");
  secret = g_getenv ("SHOPKEEPER_SECRET");
  if (key == NULL || *key == '\0' || secret == NULL || *secret == '\0')
    {
      print_error ("%s", _("Set the environment variables SHOPKEEPER_KEY and SHOPKEEPER_SECRET to the store’s consumer key and secret."));
      return EXIT_FAILURE;
    }

  if (parallel < 1 || parallel > 16)
    {
      print_error ("%s", _("--parallel must be between 1 and 16."));
      return EXIT_FAILURE;
    }
  if (timeout_s < 1)
    {
      print_error ("%s", _("--timeout must be at least 1 second."));
      return EXIT_FAILURE;
    }

  data_dir = opt_data_dir != NULL ? g_strdup (opt_data_dir) : sk_context_default_data_dir (FALSE);
  sk_context = sk_context_new (data_dir, &error);
  if (sk_context == NULL)
    {
      print_error ("%s", error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();

  run.loop = loop;
  run.cancellable = cancellable;
  run.manager = sk_context_get_sync_manager (sk_context);
  run.tty = isatty (STDERR_FILENO);

  sk_sync_manager_set_store (run.manager, url, key, secret);
  sk_sync_manager_set_allow_insecure (run.manager, allow_insecure);
  sk_sync_manager_set_parallel (run.manager, (guint) parallel);
  sk_sync_manager_set_timeout (run.manager, (guint) timeout_s);

  handler = g_signal_connect (run.manager, "notify::status-text", G_CALLBACK (status_text_changed_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, &run);

  started = g_get_monotonic_time ();
  sk_sync_manager_sync_async (run.manager, cancellable, sync_done_cb, &run);
  if (!run.done)
    g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handler_disconnect (run.manager, handler);
  clear_progress_line (&run);

  if (!run.ok)
    {
      g_autoptr(GError) sync_error = g_steal_pointer (&run.error);

      if (g_error_matches (sync_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          print_error ("%s", _("Sync cancelled. What was fetched so far is saved; the next sync completes it."));
          return EXIT_CANCELLED;
        }

      print_error ("%s", sync_error->message);
      return EXIT_FAILURE;
    }

  {
    g_autofree char *n_orders = format_count (run.summary.orders);
    g_autofree char *n_customers = format_count (run.summary.customers);
    g_autofree char *n_products = format_count (run.summary.products);
    g_autofree char *n_notes = format_count (run.summary.notes);
    /* Translators: %s is a number like 3,000 */
    g_autofree char *orders = g_strdup_printf (ngettext ("%s order", "%s orders", plural_n (run.summary.orders)), n_orders);
    /* Translators: %s is a number like 400 */
    g_autofree char *customers = g_strdup_printf (ngettext ("%s customer", "%s customers", plural_n (run.summary.customers)), n_customers);
    /* Translators: %s is a number like 60 */
    g_autofree char *products = g_strdup_printf (ngettext ("%s product", "%s products", plural_n (run.summary.products)), n_products);
    /* Translators: %s is a number (order notes) like 2,345 */
    g_autofree char *notes = g_strdup_printf (ngettext ("%s note", "%s notes", plural_n (run.summary.notes)), n_notes);
    double seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;

    /* Translators: the summary after a sync: "Synced 3,000 orders, 400
     * customers, 60 products and 2,345 notes in 2.1 s." */
    g_print (_("Synced %s, %s, %s and %s in %.1f s.\n"), orders, customers, products, notes, seconds);

    if (run.summary.pushed > 0)
      {
        g_autofree char *n = format_count (run.summary.pushed);

        /* Translators: %s is a number; changes made here (statuses, notes, refunds…) */
        g_print (ngettext ("Sent %s change to the store.\n", "Sent %s changes to the store.\n",
                           plural_n (run.summary.pushed)), n);
      }
    if (run.summary.deleted > 0)
      {
        g_autofree char *n = format_count (run.summary.deleted);

        /* Translators: %s is a number of orders */
        g_print (ngettext ("Removed %s order the store no longer has.\n",
                           "Removed %s orders the store no longer has.\n",
                           plural_n (run.summary.deleted)), n);
      }
    if (run.summary.push_failed > 0)
      {
        g_autofree char *n = format_count (run.summary.push_failed);

        /* Translators: %s is a number; the app lists them with their reasons */
        print_error (ngettext ("%s change could not be sent to the store; open Shopkeeper to see why.",
                               "%s changes could not be sent to the store; open Shopkeeper to see why.",
                               plural_n (run.summary.push_failed)), n);
      }
  }

  return EXIT_SUCCESS;
}

/* demo-store */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  /* Kept until the sources are removed below, so removing them is valid. */
  return G_SOURCE_CONTINUE;
}

static int
command_demo_store (int    argc,
                    char **argv)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  int orders = (int) options.n_orders;
  gint64 seed = (gint64) options.seed;
  int port = 0;
  int latency_ms = 0;
  int churn = 0;
  gboolean require_oauth = FALSE;
  GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders,
      N_("Number of orders in the store (default 3000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the generated data (default 1)"), N_("S") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Port on 127.0.0.1 (default 0: any free port)"), N_("P") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms,
      N_("Delay added before each answer, in milliseconds"), N_("L") },
    { "churn", 0, 0, G_OPTION_ARG_INT, &churn,
      N_("Change about N orders a second, as a busy store does"), N_("N") },
    { "require-oauth", 0, 0, G_OPTION_ARG_NONE, &require_oauth,
      N_("Accept only OAuth 1.0a signed requests, as WooCommerce on plain HTTP"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SkDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint_id;
  guint sigterm_id;

  g_set_prgname ("shopkeeper-cli demo-store");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Runs a WooCommerce-compatible demo store with generated data on 127.0.0.1\n"
                                  "until Ctrl+C."));

  if (!parse_subcommand (context, &argc, &argv))
    return EXIT_FAILURE;

  if (orders < 0 || seed < 0 || port < 0 || port > 65535 || latency_ms < 0)
    {
      print_error ("%s", _("--orders, --seed, --port and --latency-ms take positive numbers (--port at most 65535)."));
      return EXIT_FAILURE;
    }
  if (churn < 0)
    {
      print_error ("%s", _("--churn takes a positive number of changes a second."));
      return EXIT_FAILURE;
    }

  options.n_orders = (guint) orders;
  options.seed = (guint64) seed;
  options.port = (guint) port;
  options.latency_ms = (guint) latency_ms;

  server = sk_demo_server_new (&options);
  if (!sk_demo_server_start (server, &error))
    {
      print_error ("%s", error->message);
      return EXIT_FAILURE;
    }
  sk_demo_server_set_require_oauth (server, require_oauth);
  sk_demo_server_set_churn (server, (guint) churn);

  /* Translators: %s is the address of the demo store */
  g_print (_("Demo store running at %s\n"), sk_demo_server_get_url (server));
  /* Translators: the demo store's consumer key (not a real secret) */
  g_print (_("Key:    %s\n"), sk_demo_server_get_key (server));
  /* Translators: the demo store's consumer secret (not a real secret) */
  g_print (_("Secret: %s\n"), sk_demo_server_get_secret (server));
  g_print ("%s\n", _("Sync it from another terminal with:"));
  g_print ("  SHOPKEEPER_KEY=%s SHOPKEEPER_SECRET=%s shopkeeper-cli sync --url %s\n",
           sk_demo_server_get_key (server), sk_demo_server_get_secret (server),
           sk_demo_server_get_url (server));
  g_print ("%s\n", _("Press Ctrl+C to stop."));

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);

  g_main_loop_run (loop);

  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);
  sk_demo_server_stop (server);

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  gboolean opt_version = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
      N_("Folder of the local database (default: ~/.local/share/shopkeeper)"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("shopkeeper-cli");

  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command: its options belong to it. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_summary (context,
                                _("Commands:\n"
                                  "  sync --url URL [--parallel N]   copy a store into the local database\n"
                                  "  demo-store [--orders N] [--seed S] [--port P] [--latency-ms L]\n"
                                  "             [--churn N] [--require-oauth]\n"
                                  "                                  run the demo store\n"
                                  "\n"
                                  "“shopkeeper-cli COMMAND --help” describes a command."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error ("%s", error->message);
      return EXIT_FAILURE;
    }

  if (opt_version)
    {
      g_print ("shopkeeper-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_FAILURE;
    }

  command = argv[1];
  if (g_strcmp0 (command, "sync") == 0)
    status = command_sync (argc - 1, argv + 1);
  else if (g_strcmp0 (command, "demo-store") == 0)
    status = command_demo_store (argc - 1, argv + 1);
  else
    {
      /* Translators: %s is what the user typed as a command */
      print_error (_("Unknown command “%s”. The commands are sync and demo-store."), command);
      status = EXIT_FAILURE;
    }

  g_clear_pointer (&opt_data_dir, g_free);

  return status;
}
