/* orders-test-helpers.h — a context synced with a demo store, for the
 * orders tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-context.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
} OrdersFixture;

/* A demo store of @n_orders (seed 7), a context in a temp dir pointed at
 * it, and one full sync over HTTP. */
void orders_fixture_set_up    (OrdersFixture *f,
                               guint          n_orders);
void orders_fixture_tear_down (OrdersFixture *f);
/* Syncs (push, then pull) and asserts it succeeded. */
void orders_fixture_sync      (OrdersFixture *f);

G_END_DECLS
