/* sk-test-utils.h — fixtures shared by the test programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-demo-server.h"

G_BEGIN_DECLS

/* A fresh directory under the system temp dir ("sk-test-XXXXXX"). */
char         *sk_test_make_temp_dir    (void);
/* Removes @path and everything below it. */
void          sk_test_remove_tree      (const char *path);
/* Starts a demo store on 127.0.0.1 with @n_orders orders from @seed. */
SkDemoServer *sk_test_start_demo       (guint64     seed,
                                        guint       n_orders);
/* Spins the default main context until *@done is TRUE or @timeout_s pass
 * (then the test fails). */
void          sk_test_wait_until       (gboolean   *done,
                                        guint       timeout_s);

G_END_DECLS
