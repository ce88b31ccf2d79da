/* sk-order-list.h — a lazy GListModel of SkOrderObject over SQLite.
 *
 * Keeps only the array of ids for the current filter and sort; rows are
 * loaded on demand in pages and cached (bounded), so 1,000,000 orders scroll
 * in bounded memory. Reads through a read-only SkDatabase on the main thread.
 *
 * Properties: "database" (construct-only), "search" (string), "status"
 * (string slug or NULL for all), "sort" (SkOrderSort as int), "descending"
 * (bool), "filter" (SkOrderFilter, search and status included),
 * "n-items" (uint, read-only). Changing search, status, filter, sort or
 * descending re-queries and emits items-changed once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-order-filter.h"

G_BEGIN_DECLS

#define SK_TYPE_ORDER_LIST (sk_order_list_get_type ())
G_DECLARE_FINAL_TYPE (SkOrderList, sk_order_list, SK, ORDER_LIST, GObject)

SkOrderList *sk_order_list_new            (SkDatabase  *database);
SkDatabase  *sk_order_list_get_database   (SkOrderList *self);
const char  *sk_order_list_get_search     (SkOrderList *self);
void         sk_order_list_set_search     (SkOrderList *self,
                                           const char  *search);
const char  *sk_order_list_get_status     (SkOrderList *self);
void         sk_order_list_set_status     (SkOrderList *self,
                                           const char  *status);
/* The whole filter (never NULL); setting it replaces search and status too. */
const SkOrderFilter *sk_order_list_get_filter (SkOrderList *self);
void         sk_order_list_set_filter     (SkOrderList         *self,
                                           const SkOrderFilter *filter);
SkOrderSort  sk_order_list_get_sort       (SkOrderList *self);
gboolean     sk_order_list_get_descending (SkOrderList *self);
/* Sets both at once, so a header click re-queries once. */
void         sk_order_list_set_sort       (SkOrderList *self,
                                           SkOrderSort  sort,
                                           gboolean     descending);
/* Re-runs the query (after a sync wrote new data); keeps the settings. */
void         sk_order_list_reload         (SkOrderList *self);
/* The last query error, or NULL. The list is empty after an error. */
const GError *sk_order_list_get_error     (SkOrderList *self);
/* Position of the order with local id @id in the current list, or
 * G_MAXUINT if it is not in it. */
guint        sk_order_list_find           (SkOrderList *self,
                                           gint64       id);

G_END_DECLS
