/* sk-customer-list.h — a lazy GListModel of SkCustomerObject over SQLite.
 *
 * Like SkOrderList: keeps only the ids of the current filter and sort;
 * rows are loaded on demand in pages and cached (bounded). Reads the
 * precomputed customer_profiles (see sk-insights.h) through a read-only
 * SkDatabase on the main thread.
 *
 * Properties: "database" (construct-only), "search" (string, matched in
 * name and e-mail), "segment" (SkRfmSegment as int, -1 for all), "sort"
 * (SkCustomerSort as int), "descending" (bool), "n-items" (uint,
 * read-only). Changing search, segment, sort or descending re-queries and
 * emits items-changed once.
 *
 * Signal "load-failed" (message): a page of rows could not be read (the
 * rows show empty, and are read again when next asked for); emitted from
 * an idle, once for the pages failing together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_CUSTOMER_LIST (sk_customer_list_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomerList, sk_customer_list, SK, CUSTOMER_LIST, GObject)

SkCustomerList *sk_customer_list_new            (SkDatabase     *database);
SkDatabase     *sk_customer_list_get_database   (SkCustomerList *self);
const char     *sk_customer_list_get_search     (SkCustomerList *self);
void            sk_customer_list_set_search     (SkCustomerList *self,
                                                 const char     *search);
int             sk_customer_list_get_segment    (SkCustomerList *self);
void            sk_customer_list_set_segment    (SkCustomerList *self,
                                                 int             segment);
/* Only customers with this tag (NULL: any), or in this saved segment
 * (sk-customer-care.h; 0: none). */
const char     *sk_customer_list_get_tag        (SkCustomerList *self);
void            sk_customer_list_set_tag        (SkCustomerList *self,
                                                 const char     *tag);
gint64          sk_customer_list_get_saved_segment (SkCustomerList *self);
void            sk_customer_list_set_saved_segment (SkCustomerList *self,
                                                    gint64          segment_id);
SkCustomerSort  sk_customer_list_get_sort       (SkCustomerList *self);
gboolean        sk_customer_list_get_descending (SkCustomerList *self);
/* Sets both at once, so a header click re-queries once. */
void            sk_customer_list_set_sort       (SkCustomerList *self,
                                                 SkCustomerSort  sort,
                                                 gboolean        descending);
/* Re-runs the query (after a refresh); keeps the settings. */
void            sk_customer_list_reload         (SkCustomerList *self);
/* The last query error, or NULL. The list is empty after an error. */
const GError   *sk_customer_list_get_error      (SkCustomerList *self);
/* Position of the profile @id in the current list, or G_MAXUINT. */
guint           sk_customer_list_find           (SkCustomerList *self,
                                                 gint64          id);

G_END_DECLS
