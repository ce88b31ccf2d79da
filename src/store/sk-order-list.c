/* sk-order-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-list"

#include "config.h"

#include "sk-order-list.h"

#include <glib/gi18n.h>

#include "sk-paged-ids.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-order-desk.h"
#include "sk-order-filter.h"
#include "sk-order-object.h"

struct _SkOrderList
{
  GObject      parent_instance;

  SkDatabase    *database;
  /* Search and status included; never NULL. */
  SkOrderFilter *filter;
  SkOrderSort  sort;
  gboolean     descending;

  /* Cached length, so n-items is notified only when it changes. */
  guint        n_items;
  GError      *error;

  /* The ids of the current query in display order, and their rows
   * loaded a page at a time. */
  SkPagedIds   rows;
};

static void sk_order_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SkOrderList, sk_order_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sk_order_list_model_iface_init))

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SEARCH,
  PROP_STATUS,
  PROP_FILTER,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* The promised ship date of each open, unshipped row of a page, from
 * the order desk (one primary-key lookup each, like the rows). */
static gboolean
load_ship_by (SkOrderList  *self,
              GPtrArray    *rows,
              GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  stmt = _sk_database_prepare (self->database,
                               "SELECT promised_ship_at, shipped_at FROM order_desk WHERE order_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      SkOrderObject *order = rows->pdata[i];
      gint64 ship_by;
      SkShipFlag flag = SK_SHIP_FLAG_NONE;
      int rc;

      if (!sk_order_desk_status_is_open (sk_order_object_get_status (order)))
        continue;

      sqlite3_bind_int64 (stmt, 1, sk_order_object_get_id (order));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) == 0)
        {
          ship_by = sqlite3_column_int64 (stmt, 0);
          /* The same rules as sk_order_desk_get_attention (). */
          if (ship_by < now)
            flag = SK_SHIP_FLAG_LATE;
          else if (ship_by - now < SK_DESK_AT_RISK_WINDOW)
            flag = SK_SHIP_FLAG_AT_RISK;
          sk_order_object_set_ship_by (order, ship_by, flag);
        }
      else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _sk_database_set_error (self->database, error, rc, _("Could not read the promised ship dates"));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }

  return TRUE;
}

static GPtrArray *
load_rows (const gint64  *ids,
           guint          n_ids,
           gpointer       user_data,
           GError       **error)
{
  SkOrderList *self = user_data;
  g_autoptr(GPtrArray) rows = sk_database_load_order_objects (self->database, ids, n_ids, error);

  if (rows == NULL || !load_ship_by (self, rows, error))
    return NULL;

  return g_steal_pointer (&rows);
}

static gpointer
placeholder_row (gint64 id)
{
  return sk_order_object_new (id, 0, "", "", 0, "", "", 0, 0, "");
}

static void
sk_order_list_query (SkOrderList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint old_n_items = self->n_items;

  ids = sk_order_filter_query_ids (self->database, self->filter,
                                   self->sort, self->descending, &error);

  g_clear_error (&self->error);
  if (ids == NULL)
    {
      self->error = g_steal_pointer (&error);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  _sk_paged_ids_set (&self->rows, g_steal_pointer (&ids));
  self->n_items = _sk_paged_ids_get_length (&self->rows);

  /* One signal for the whole change: everything may have moved. */
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);

  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* GListModel */

static GType
sk_order_list_get_item_type (GListModel *model)
{
  return SK_TYPE_ORDER_OBJECT;
}

static guint
sk_order_list_get_n_items (GListModel *model)
{
  return SK_ORDER_LIST (model)->n_items;
}

static gpointer
sk_order_list_get_item (GListModel *model,
              guint       position)
{
  return _sk_paged_ids_get_item (&SK_ORDER_LIST (model)->rows, position);
}

static void
sk_order_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sk_order_list_get_item_type;
  iface->get_n_items = sk_order_list_get_n_items;
  iface->get_item = sk_order_list_get_item;
}

/* GObject */

static void
sk_order_list_constructed (GObject *object)
{
  SkOrderList *self = (SkOrderList *)object;

  G_OBJECT_CLASS (sk_order_list_parent_class)->constructed (object);

  g_return_if_fail (SK_IS_DATABASE (self->database));

  sk_order_list_query (self);
}

static void
sk_order_list_dispose (GObject *object)
{
  SkOrderList *self = (SkOrderList *)object;

  _sk_paged_ids_drop_pages (&self->rows);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (sk_order_list_parent_class)->dispose (object);
}

static void
sk_order_list_finalize (GObject *object)
{
  SkOrderList *self = (SkOrderList *)object;

  _sk_paged_ids_clear (&self->rows);
  g_clear_pointer (&self->filter, sk_order_filter_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sk_order_list_parent_class)->finalize (object);
}

static void
sk_order_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SkOrderList *self = SK_ORDER_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->filter->search);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->filter->status);
      break;

    case PROP_FILTER:
      g_value_set_boxed (value, self->filter);
      break;

    case PROP_SORT:
      g_value_set_int (value, self->sort);
      break;

    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_order_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SkOrderList *self = SK_ORDER_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      sk_order_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      sk_order_list_set_status (self, g_value_get_string (value));
      break;

    case PROP_FILTER:
      sk_order_list_set_filter (self, g_value_get_boxed (value));
      break;

    case PROP_SORT:
      sk_order_list_set_sort (self, g_value_get_int (value), self->descending);
      break;

    case PROP_DESCENDING:
      sk_order_list_set_sort (self, self->sort, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_order_list_class_init (SkOrderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_order_list_constructed;
  object_class->dispose = sk_order_list_dispose;
  object_class->finalize = sk_order_list_finalize;
  object_class->get_property = sk_order_list_get_property;
  object_class->set_property = sk_order_list_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         SK_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILTER] =
    g_param_spec_boxed ("filter", NULL, NULL,
                        SK_TYPE_ORDER_FILTER,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT] =
    g_param_spec_int ("sort", NULL, NULL,
                      SK_ORDER_SORT_DATE, SK_ORDER_SORT_TOTAL, SK_ORDER_SORT_DATE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_order_list_init (SkOrderList *self)
{
  /* Newest first, as every order list in a shop back office. */
  self->sort = SK_ORDER_SORT_DATE;
  self->descending = TRUE;
  self->filter = sk_order_filter_new ();
  _sk_paged_ids_init (&self->rows, load_rows, placeholder_row, self);
}

/* Public API */

SkOrderList *
sk_order_list_new (SkDatabase *database)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return g_object_new (SK_TYPE_ORDER_LIST,
                       "database", database,
                       NULL);
}

SkDatabase *
sk_order_list_get_database (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), NULL);

  return self->database;
}

const char *
sk_order_list_get_search (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), NULL);

  return self->filter->search;
}

/* Applies @filter (owned) if it differs, notifying what changed. */
static void
sk_order_list_take_filter (SkOrderList   *self,
                           SkOrderFilter *filter)
{
  gboolean search_changed;
  gboolean status_changed;

  if (sk_order_filter_equal (self->filter, filter))
    {
      sk_order_filter_free (filter);
      return;
    }

  search_changed = g_strcmp0 (self->filter->search, filter->search) != 0;
  status_changed = g_strcmp0 (self->filter->status, filter->status) != 0;

  sk_order_filter_free (self->filter);
  self->filter = filter;

  if (self->database != NULL)
    sk_order_list_query (self);

  if (search_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  if (status_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

void
sk_order_list_set_search (SkOrderList *self,
                          const char  *search)
{
  SkOrderFilter *filter;

  g_return_if_fail (SK_IS_ORDER_LIST (self));

  filter = sk_order_filter_copy (self->filter);
  sk_order_filter_set_search (filter, search);
  sk_order_list_take_filter (self, filter);
}

const char *
sk_order_list_get_status (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), NULL);

  return self->filter->status;
}

void
sk_order_list_set_status (SkOrderList *self,
                          const char  *status)
{
  SkOrderFilter *filter;

  g_return_if_fail (SK_IS_ORDER_LIST (self));

  filter = sk_order_filter_copy (self->filter);
  sk_order_filter_set_status (filter, status);
  sk_order_list_take_filter (self, filter);
}

const SkOrderFilter *
sk_order_list_get_filter (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), NULL);

  return self->filter;
}

void
sk_order_list_set_filter (SkOrderList         *self,
                          const SkOrderFilter *filter)
{
  g_return_if_fail (SK_IS_ORDER_LIST (self));

  sk_order_list_take_filter (self, filter != NULL ? sk_order_filter_copy (filter) : sk_order_filter_new ());
}

SkOrderSort
sk_order_list_get_sort (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), SK_ORDER_SORT_DATE);

  return self->sort;
}

gboolean
sk_order_list_get_descending (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), FALSE);

  return self->descending;
}

void
sk_order_list_set_sort (SkOrderList *self,
                        SkOrderSort  sort,
                        gboolean     descending)
{
  gboolean sort_changed;
  gboolean descending_changed;

  g_return_if_fail (SK_IS_ORDER_LIST (self));
  g_return_if_fail (sort >= SK_ORDER_SORT_DATE && sort <= SK_ORDER_SORT_TOTAL);

  descending = !!descending;
  sort_changed = self->sort != sort;
  descending_changed = self->descending != descending;

  if (!sort_changed && !descending_changed)
    return;

  self->sort = sort;
  self->descending = descending;

  if (self->database != NULL)
    sk_order_list_query (self);

  if (sort_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
  if (descending_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}

void
sk_order_list_reload (SkOrderList *self)
{
  g_return_if_fail (SK_IS_ORDER_LIST (self));

  sk_order_list_query (self);
}

const GError *
sk_order_list_get_error (SkOrderList *self)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), NULL);

  return self->error;
}

guint
sk_order_list_find (SkOrderList *self,
                    gint64       id)
{
  g_return_val_if_fail (SK_IS_ORDER_LIST (self), G_MAXUINT);

  return _sk_paged_ids_find (&self->rows, id);
}
