/* sk-paged-ids.h — the engine of the lazy list models (store-private).
 *
 * Holds the local ids of the current query in display order and loads the
 * rows behind them on demand, a page of PAGE_SIZE at a time, keeping at
 * most MAX_CACHED_PAGES pages (least recently used dropped first), so a
 * list of 1,000,000 rows scrolls in bounded memory. SkOrderList and
 * SkCustomerList differ only in their query and their row objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Loads the row objects of @n_ids ids, in their order; NULL and @error
 * on failure. */
typedef GPtrArray *(*SkPagedIdsLoadFunc)        (const gint64  *ids,
                                                 guint          n_ids,
                                                 gpointer       user_data,
                                                 GError       **error);
/* An empty row object for @id, shown where a page failed to load. */
typedef gpointer   (*SkPagedIdsPlaceholderFunc) (gint64         id);
/* Told that rows @first to @first + @n - 1 could not be loaded, so the
 * model can tell the user instead of only logging a warning. */
typedef void       (*SkPagedIdsFailedFunc)      (guint          first,
                                                 guint          n,
                                                 const GError  *error,
                                                 gpointer       user_data);

typedef struct
{
  GArray                    *ids;         /* gint64, display order */
  GHashTable                *pages;       /* page index → Page */
  GQueue                     lru;         /* the same pages, most recently used first */
  SkPagedIdsLoadFunc         load;
  SkPagedIdsPlaceholderFunc  placeholder;
  SkPagedIdsFailedFunc       failed;      /* NULL: a warning in the log */
  gpointer                   user_data;
} SkPagedIds;

void     _sk_paged_ids_init     (SkPagedIds                *self,
                                 SkPagedIdsLoadFunc         load,
                                 SkPagedIdsPlaceholderFunc  placeholder,
                                 gpointer                   user_data);
/* Reports pages that fail to load to @failed (same user_data) instead of
 * logging a warning. */
void     _sk_paged_ids_set_failed_func (SkPagedIds         *self,
                                        SkPagedIdsFailedFunc failed);
void     _sk_paged_ids_clear    (SkPagedIds                *self);
/* Replaces the ids (takes @ids) and drops every cached page. */
void     _sk_paged_ids_set      (SkPagedIds                *self,
                                 GArray                    *ids);
void     _sk_paged_ids_drop_pages (SkPagedIds              *self);
guint    _sk_paged_ids_get_length (SkPagedIds              *self);
/* A new reference to the row at @position (< length). A page that fails to
 * load gives placeholders and a warning (or a call of the failed func), and
 * is tried again next time: a GListModel must hand out an item for every
 * position. */
gpointer _sk_paged_ids_get_item (SkPagedIds                *self,
                                 guint                      position);
/* Position of @id, or G_MAXUINT. A linear scan: about a millisecond for
 * a million ids, done only when a list is re-queried. */
guint    _sk_paged_ids_find     (SkPagedIds                *self,
                                 gint64                     id);

G_END_DECLS
