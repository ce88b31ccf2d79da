/* test-insecure.c — plain http:// to a host that is not loopback, only when
 * the user explicitly allows it; and then the secret never goes out.
 *
 * "http://0.0.0.0:<port>" stands for such a host: it is not a loopback
 * address (so the URL check treats it like any remote store), yet Linux
 * connects it to this machine, so the requests reach the demo store. The
 * demo store accepts Basic auth here: a refusal shows that no Basic
 * header (which carries the secret) was sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-context.h"
#include "sk-soup.h"
#include "sk-test-utils.h"

typedef struct
{
  char         *dir;
  char         *url;
  SkDemoServer *server;
  SkContext    *context;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) demo_uri = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (1, 50);
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  demo_uri = g_uri_parse (sk_demo_server_get_url (f->server), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://0.0.0.0:%d", g_uri_get_port (demo_uri));
  g_assert_true (sk_soup_url_needs_insecure (f->url));

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             f->url,
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->url);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SyncResult;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncResult *r = user_data;

  r->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &r->error);
  r->done = TRUE;
}

static gboolean
run_sync (Fixture  *f,
          GError  **error)
{
  SyncResult r = { 0 };

  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.ok;
}

/* Not allowed (the default): refused before anything is sent. */
static void
test_manager_refuses (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sk_sync_manager_get_allow_insecure (sk_context_get_sync_manager (f->context)));
  g_assert_false (run_sync (f, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE);
  g_assert_cmpuint (sk_demo_server_get_n_requests (f->server), ==, 0);
}

/* Allowed: the address passes and the store is asked, but without the
 * secret (OAuth signature only), so this Basic-only store refuses. */
static void
test_manager_allowed (Fixture       *f,
                      gconstpointer  data)
{
  SkSyncManager *manager = sk_context_get_sync_manager (f->context);
  g_autoptr(GError) error = NULL;

  sk_sync_manager_set_allow_insecure (manager, TRUE);
  g_assert_true (sk_sync_manager_get_allow_insecure (manager));
  g_assert_false (run_sync (f, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (sk_demo_server_get_n_requests (f->server), >, 0);
  g_assert_null (strstr (error->message, sk_demo_server_get_secret (f->server)));

  /* Taken back: refused again. */
  g_clear_error (&error);
  sk_sync_manager_set_allow_insecure (manager, FALSE);
  g_assert_false (run_sync (f, &error));
  g_assert_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE);
}

static gboolean
run_cli (Fixture   *f,
         gboolean   allow_insecure,
         char     **out_stdout,
         char     **out_stderr)
{
  const char *cli = g_getenv ("SHOPKEEPER_CLI");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { cli, "--data-dir", f->dir, "sync", "--url", f->url,
                         allow_insecure ? "--allow-insecure" : NULL, NULL };
  int status = 0;

  g_assert_nonnull (cli);
  envp = g_environ_setenv (envp, "SHOPKEEPER_KEY", sk_demo_server_get_key (f->server), TRUE);
  envp = g_environ_setenv (envp, "SHOPKEEPER_SECRET", sk_demo_server_get_secret (f->server), TRUE);

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out_stdout, out_stderr, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status) == 0;
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Without the flag: the address is refused, nothing sent. */
  g_assert_false (run_cli (f, FALSE, &out, &err));
  g_assert_nonnull (strstr (err, "unencrypted"));
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (sk_demo_server_get_n_requests (f->server), ==, 0);

  /* With it: the store is asked, without the secret. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_false (run_cli (f, TRUE, &out, &err));
  g_assert_null (strstr (err, "unencrypted"));
  g_assert_nonnull (strstr (err, "key and secret"));
  g_assert_null (strstr (err, sk_demo_server_get_secret (f->server)));
  g_assert_cmpuint (sk_demo_server_get_n_requests (f->server), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/insecure/manager-refuses", Fixture, NULL, fixture_set_up, test_manager_refuses, fixture_tear_down);
  g_test_add ("/insecure/manager-allowed", Fixture, NULL, fixture_set_up, test_manager_allowed, fixture_tear_down);
  g_test_add ("/insecure/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
