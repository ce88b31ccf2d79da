/* sk-refunds-private.h — helpers of sk-refunds.c shared with
 * sk-refunds-figures.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"

G_BEGIN_DECLS

/* Sets @error for a read that failed with SQLite code @rc. */
void    _sk_refunds_read_failed (SkDatabase  *database,
                                 int          rc,
                                 GError     **error);
/* The one integer @sql gives, binding as many of @a, @b, @c as it has
 * parameters; -1 with @error set on failure. */
gint64  _sk_refunds_single_int  (SkDatabase  *database,
                                 const char  *sql,
                                 gint64       a,
                                 gint64       b,
                                 gint64       c,
                                 GError     **error);

G_END_DECLS
