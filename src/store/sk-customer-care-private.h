/* sk-customer-care-private.h — helpers shared by sk-customer-care.c and
 * sk-customer-segments.c (store-private).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "sk-database.h"

G_BEGIN_DECLS

/* Orders that count as bought (see sk-insights.h). */
#define COUNTED_STATUS_SQL \
  "o.status NOT IN ('pending', 'failed', 'cancelled', 'trash', 'draft', 'checkout-draft')"

/* Begins a transaction unless one is open (*own tells which); finish_own
 * commits or rolls back only what begin_own began. */
gboolean _sk_customer_care_begin_own  (SkDatabase    *database,
                                       gboolean      *own,
                                       GError       **error);
gboolean _sk_customer_care_finish_own (SkDatabase    *database,
                                       gboolean       own,
                                       gboolean       ok,
                                       GError       **error);
/* Steps @stmt to its end; @what is the error message if it fails. */
gboolean _sk_customer_care_step_done  (SkDatabase    *database,
                                       sqlite3_stmt  *stmt,
                                       const char    *what,
                                       GError       **error);
/* Text from the user: valid UTF-8, trimmed, not empty, not longer than
 * @max_bytes; NULL and SK_DATABASE_ERROR_INVALID otherwise. */
char    *_sk_customer_care_clean_text (const char    *text,
                                       gsize          max_bytes,
                                       const char    *empty_message,
                                       const char    *long_message,
                                       GError       **error);
/* The first column of every row of @sql; @what is the error message if
 * it cannot be read. */
GStrv    _sk_customer_care_list_strings (SkDatabase  *database,
                                         const char  *sql,
                                         const char  *what,
                                         GError     **error);

G_END_DECLS
