/* test-context.c — the composition root: data folder, demo store identity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sk-context.h"
#include "sk-test-utils.h"

#define N_ORDERS 200

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
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

/* One run of "shopkeeper --demo": a context on @dir, an in-process demo
 * store (a new port every time), one sync. Returns the orders held. */
static gint64
run_demo_once (const char *dir)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  SyncResult r = { 0 };
  SkContext *context;
  gint64 count;

  options.n_orders = N_ORDERS;
  options.anchor_utc = 1795000000; /* a fixed day, so both runs see the same store */

  context = sk_context_new (dir, &error);
  g_assert_no_error (error);
  g_assert_false (sk_context_has_store (context));

  sk_context_start_demo (context, &options, &error);
  g_assert_no_error (error);
  g_assert_true (sk_context_has_store (context));

  sk_sync_manager_sync_async (sk_context_get_sync_manager (context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 60);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  count = sk_database_count_orders (sk_context_get_database (context));
  g_assert_finalize_object (context);

  return count;
}

static void
test_demo_runs_do_not_duplicate (void)
{
  g_autofree char *dir = sk_test_make_temp_dir ();
  gint64 first;
  gint64 second;

  first = run_demo_once (dir);
  g_assert_cmpint (first, >, N_ORDERS * 9 / 10);
  g_assert_cmpint (first, <=, N_ORDERS);

  /* The second run listens on another port: the same orders must not be
   * filed again under a new store. */
  second = run_demo_once (dir);
  g_assert_cmpint (second, ==, first);

  sk_test_remove_tree (dir);
}

static void
test_data_dir_private (void)
{
  g_autofree char *parent = sk_test_make_temp_dir ();
  g_autofree char *dir = g_build_filename (parent, "nested", "data", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  SkContext *context;

  context = sk_context_new (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sk_context_get_data_dir (context), ==, dir);
  g_assert_nonnull (sk_context_get_database (context));

  /* Orders and addresses are personal data: the folder is the user's alone. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_finalize_object (context);
  sk_test_remove_tree (parent);
}

static void
test_default_data_dirs_differ (void)
{
  g_autofree char *normal = sk_context_default_data_dir (FALSE);
  g_autofree char *demo = sk_context_default_data_dir (TRUE);

  g_assert_cmpstr (normal, !=, demo);
  g_assert_true (g_str_has_prefix (demo, normal));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/demo-runs-do-not-duplicate", test_demo_runs_do_not_duplicate);
  g_test_add_func ("/context/data-dir-private", test_data_dir_private);
  g_test_add_func ("/context/default-data-dirs-differ", test_default_data_dirs_differ);

  return g_test_run ();
}
