/* sk-paged-ids.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-paged-ids"

#include "config.h"

#include "sk-paged-ids.h"

/* A page is what one scroll step of a table shows a few times over; 64 of
 * them keep ~6,400 rows in memory whatever the size of the store. */
#define PAGE_SIZE        100
#define MAX_CACHED_PAGES 64

typedef struct
{
  guint      index;      /* position / PAGE_SIZE; G_MAXUINT: not cached */
  GPtrArray *objects;    /* row objects, owned */
  GList      link;       /* in SkPagedIds.lru, data = this page */
} Page;

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->objects, g_ptr_array_unref);
  g_free (page);
}

void
_sk_paged_ids_init (SkPagedIds                *self,
                    SkPagedIdsLoadFunc         load,
                    SkPagedIdsPlaceholderFunc  placeholder,
                    gpointer                   user_data)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
  self->load = load;
  self->placeholder = placeholder;
  self->failed = NULL;
  self->user_data = user_data;
}

void
_sk_paged_ids_set_failed_func (SkPagedIds           *self,
                               SkPagedIdsFailedFunc  failed)
{
  self->failed = failed;
}

void
_sk_paged_ids_drop_pages (SkPagedIds *self)
{
  /* The queue links live inside the pages: empty it before freeing them. */
  g_queue_init (&self->lru);
  if (self->pages != NULL)
    g_hash_table_remove_all (self->pages);
}

void
_sk_paged_ids_clear (SkPagedIds *self)
{
  _sk_paged_ids_drop_pages (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
}

void
_sk_paged_ids_set (SkPagedIds *self,
                   GArray     *ids)
{
  g_assert (ids != NULL);

  _sk_paged_ids_drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = ids;
}

guint
_sk_paged_ids_get_length (SkPagedIds *self)
{
  return self->ids != NULL ? self->ids->len : 0;
}

static Page *
load_page (SkPagedIds *self,
           guint       index)
{
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  guint first = index * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);
  const gint64 *ids = &g_array_index (self->ids, gint64, first);
  Page *page;

  objects = self->load (ids, n, self->user_data, &error);
  if (objects == NULL)
    {
      if (self->failed != NULL)
        self->failed (first, n, error, self->user_data);
      else
        g_warning ("Could not load rows %u to %u: %s", first, first + n - 1, error->message);
      objects = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (objects, self->placeholder (ids[i]));

      page = g_new0 (Page, 1);
      page->index = G_MAXUINT;
      page->objects = g_steal_pointer (&objects);
      return page;
    }

  g_assert (objects->len == n);

  page = g_new0 (Page, 1);
  page->index = index;
  page->objects = g_steal_pointer (&objects);
  page->link.data = page;

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);

  while (self->lru.length > MAX_CACHED_PAGES)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);
      Page *victim = oldest->data;

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (victim->index));
    }

  return page;
}

gpointer
_sk_paged_ids_get_item (SkPagedIds *self,
                        guint       position)
{
  guint index = position / PAGE_SIZE;
  gpointer item;
  Page *page;

  if (position >= _sk_paged_ids_get_length (self))
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return g_object_ref (g_ptr_array_index (page->objects, position % PAGE_SIZE));
    }

  page = load_page (self, index);
  item = g_object_ref (g_ptr_array_index (page->objects, position % PAGE_SIZE));

  /* A page that failed to load is not cached. */
  if (page->index == G_MAXUINT)
    page_free (page);

  return item;
}

guint
_sk_paged_ids_find (SkPagedIds *self,
                    gint64      id)
{
  for (guint i = 0; i < _sk_paged_ids_get_length (self); i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;

  return G_MAXUINT;
}
