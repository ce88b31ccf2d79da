/* orders-test-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "orders-test-helpers.h"

#include "sk-test-utils.h"

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

void
orders_fixture_sync (OrdersFixture *f)
{
  SyncResult r = { 0 };

  sk_sync_manager_sync_async (sk_context_get_sync_manager (f->context), NULL, sync_done_cb, &r);
  sk_test_wait_until (&r.done, 100);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  sk_context_update_change_counts (f->context);
}

void
orders_fixture_set_up (OrdersFixture *f,
                       guint          n_orders)
{
  g_autoptr(GError) error = NULL;

  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (7, n_orders);
  f->context = sk_context_new (f->dir, &error);
  g_assert_no_error (error);

  sk_sync_manager_set_store (sk_context_get_sync_manager (f->context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  orders_fixture_sync (f);
}

void
orders_fixture_tear_down (OrdersFixture *f)
{
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  sk_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}
