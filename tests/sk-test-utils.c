/* sk-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-test-utils"

#include "config.h"

#include <glib/gstdio.h>

#include "sk-test-utils.h"

char *
sk_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *path;

  path = g_dir_make_tmp ("sk-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  return path;
}

void
sk_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      sk_test_remove_tree (child);
    }

  g_rmdir (path);
}

SkDemoServer *
sk_test_start_demo (guint64 seed,
                    guint   n_orders)
{
  SkDemoOptions options = SK_DEMO_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  SkDemoServer *server;

  options.seed = seed;
  options.n_orders = n_orders;
  server = sk_demo_server_new (&options);
  sk_demo_server_start (server, &error);
  g_assert_no_error (error);

  return server;
}

static gboolean
timeout_reached_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
sk_test_wait_until (gboolean *done,
                    guint     timeout_s)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add_seconds (timeout_s, timeout_reached_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  g_assert_false (timed_out);
}
