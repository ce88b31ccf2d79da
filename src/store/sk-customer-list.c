/* sk-customer-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-list"

#include "config.h"

#include "sk-customer-list.h"

#include "sk-paged-ids.h"
#include "sk-database.h"
#include "sk-customer-object.h"
#include "sk-customers.h"
#include "sk-rfm.h"

struct _SkCustomerList
{
  GObject      parent_instance;

  SkDatabase  *database;
  char        *search;
  int          segment;
  char        *tag;
  gint64       saved_segment;
  SkCustomerSort sort;
  gboolean     descending;

  /* Cached length, so n-items is notified only when it changes. */
  guint        n_items;
  GError      *error;

  /* The ids of the current query in display order, and their rows
   * loaded a page at a time. */
  SkPagedIds   rows;

  /* The first page that failed to load since the last report, reported
   * from an idle: pages load while GTK lays the list out. */
  char        *load_failure;
  guint        load_failed_idle_id;
};

static void sk_customer_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SkCustomerList, sk_customer_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sk_customer_list_model_iface_init))

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SEARCH,
  PROP_SEGMENT,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

static GPtrArray *
load_rows (const gint64  *ids,
           guint          n_ids,
           gpointer       user_data,
           GError       **error)
{
  SkCustomerList *self = user_data;

  return sk_customers_load_objects (self->database, ids, n_ids, error);
}

static gboolean
load_failed_idle_cb (gpointer user_data)
{
  SkCustomerList *self = user_data;
  g_autofree char *message = g_steal_pointer (&self->load_failure);

  self->load_failed_idle_id = 0;
  g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, message);

  return G_SOURCE_REMOVE;
}

static void
rows_failed (guint         first,
             guint         n,
             const GError *error,
             gpointer      user_data)
{
  SkCustomerList *self = user_data;

  g_debug ("Could not load rows %u to %u: %s", first, first + n - 1, error->message);

  /* Several pages fail together when the database is gone: one report. */
  if (self->load_failure == NULL)
    self->load_failure = g_strdup (error->message);
  if (self->load_failed_idle_id == 0)
    self->load_failed_idle_id = g_idle_add (load_failed_idle_cb, self);
}

static gpointer
placeholder_row (gint64 id)
{
  return sk_customer_object_new (id, "", "", 0, 0, "", 0, 0, FALSE);
}

static void
sk_customer_list_query (SkCustomerList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint old_n_items = self->n_items;
  SkCustomerFilter filter = { self->search, self->segment, self->tag, self->saved_segment };

  ids = sk_customers_query_filtered (self->database, &filter, self->sort, self->descending, &error);

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
sk_customer_list_get_item_type (GListModel *model)
{
  return SK_TYPE_CUSTOMER_OBJECT;
}

static guint
sk_customer_list_get_n_items (GListModel *model)
{
  return SK_CUSTOMER_LIST (model)->n_items;
}

static gpointer
sk_customer_list_get_item (GListModel *model,
                 guint       position)
{
  return _sk_paged_ids_get_item (&SK_CUSTOMER_LIST (model)->rows, position);
}

static void
sk_customer_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sk_customer_list_get_item_type;
  iface->get_n_items = sk_customer_list_get_n_items;
  iface->get_item = sk_customer_list_get_item;
}

/* GObject */

static void
sk_customer_list_constructed (GObject *object)
{
  SkCustomerList *self = (SkCustomerList *) object;

  G_OBJECT_CLASS (sk_customer_list_parent_class)->constructed (object);

  g_return_if_fail (SK_IS_DATABASE (self->database));

  sk_customer_list_query (self);
}

static void
sk_customer_list_dispose (GObject *object)
{
  SkCustomerList *self = (SkCustomerList *) object;

  _sk_paged_ids_drop_pages (&self->rows);
  g_clear_handle_id (&self->load_failed_idle_id, g_source_remove);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (sk_customer_list_parent_class)->dispose (object);
}

static void
sk_customer_list_finalize (GObject *object)
{
  SkCustomerList *self = (SkCustomerList *) object;

  _sk_paged_ids_clear (&self->rows);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->tag, g_free);
  g_clear_pointer (&self->load_failure, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sk_customer_list_parent_class)->finalize (object);
}

static void
sk_customer_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SkCustomerList *self = SK_CUSTOMER_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_SEGMENT:
      g_value_set_int (value, self->segment);
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
sk_customer_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SkCustomerList *self = SK_CUSTOMER_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      sk_customer_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_SEGMENT:
      sk_customer_list_set_segment (self, g_value_get_int (value));
      break;

    case PROP_SORT:
      sk_customer_list_set_sort (self, g_value_get_int (value), self->descending);
      break;

    case PROP_DESCENDING:
      sk_customer_list_set_sort (self, self->sort, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_customer_list_class_init (SkCustomerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_customer_list_constructed;
  object_class->dispose = sk_customer_list_dispose;
  object_class->finalize = sk_customer_list_finalize;
  object_class->get_property = sk_customer_list_get_property;
  object_class->set_property = sk_customer_list_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         SK_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEGMENT] =
    g_param_spec_int ("segment", NULL, NULL,
                      -1, SK_RFM_N_SEGMENTS - 1, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT] =
    g_param_spec_int ("sort", NULL, NULL,
                      SK_CUSTOMER_SORT_LAST_ORDER, SK_CUSTOMER_SORT_VALUE, SK_CUSTOMER_SORT_LAST_ORDER,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Rows @message could not be read: they show empty until read again. */
  signals[SIGNAL_LOAD_FAILED] =
    g_signal_new ("load-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sk_customer_list_init (SkCustomerList *self)
{
  /* Most recent customers first: the ones the shop remembers. */
  self->sort = SK_CUSTOMER_SORT_LAST_ORDER;
  self->segment = -1;
  self->descending = TRUE;
  _sk_paged_ids_init (&self->rows, load_rows, placeholder_row, self);
  _sk_paged_ids_set_failed_func (&self->rows, rows_failed);
}

/* Public API */

SkCustomerList *
sk_customer_list_new (SkDatabase *database)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return g_object_new (SK_TYPE_CUSTOMER_LIST,
                       "database", database,
                       NULL);
}

SkDatabase *
sk_customer_list_get_database (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), NULL);

  return self->database;
}

const char *
sk_customer_list_get_search (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), NULL);

  return self->search;
}

void
sk_customer_list_set_search (SkCustomerList *self,
                             const char  *search)
{
  g_return_if_fail (SK_IS_CUSTOMER_LIST (self));

  /* "" and NULL both mean no search. */
  if (search != NULL && *search == '\0')
    search = NULL;

  if (set_str (&self->search, search))
    {
      if (self->database != NULL)
        sk_customer_list_query (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
    }
}

int
sk_customer_list_get_segment (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), -1);

  return self->segment;
}

void
sk_customer_list_set_segment (SkCustomerList *self,
                              int             segment)
{
  g_return_if_fail (SK_IS_CUSTOMER_LIST (self));
  g_return_if_fail (segment >= -1 && segment < SK_RFM_N_SEGMENTS);

  if (self->segment == segment)
    return;

  self->segment = segment;
  if (self->database != NULL)
    sk_customer_list_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
}

const char *
sk_customer_list_get_tag (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), NULL);

  return self->tag;
}

void
sk_customer_list_set_tag (SkCustomerList *self,
                          const char     *tag)
{
  g_return_if_fail (SK_IS_CUSTOMER_LIST (self));

  if (tag != NULL && *tag == '\0')
    tag = NULL;
  if (g_strcmp0 (self->tag, tag) == 0)
    return;

  g_free (self->tag);
  self->tag = g_strdup (tag);
  if (self->database != NULL)
    sk_customer_list_query (self);
}

gint64
sk_customer_list_get_saved_segment (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), 0);

  return self->saved_segment;
}

void
sk_customer_list_set_saved_segment (SkCustomerList *self,
                                    gint64          segment_id)
{
  g_return_if_fail (SK_IS_CUSTOMER_LIST (self));

  if (self->saved_segment == MAX (segment_id, 0))
    return;

  self->saved_segment = MAX (segment_id, 0);
  if (self->database != NULL)
    sk_customer_list_query (self);
}

SkCustomerSort
sk_customer_list_get_sort (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), SK_CUSTOMER_SORT_LAST_ORDER);

  return self->sort;
}

gboolean
sk_customer_list_get_descending (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), FALSE);

  return self->descending;
}

void
sk_customer_list_set_sort (SkCustomerList *self,
                           SkCustomerSort  sort,
                           gboolean        descending)
{
  gboolean sort_changed;
  gboolean descending_changed;

  g_return_if_fail (SK_IS_CUSTOMER_LIST (self));
  g_return_if_fail (sort >= SK_CUSTOMER_SORT_LAST_ORDER && sort <= SK_CUSTOMER_SORT_VALUE);

  descending = !!descending;
  sort_changed = self->sort != sort;
  descending_changed = self->descending != descending;

  if (!sort_changed && !descending_changed)
    return;

  self->sort = sort;
  self->descending = descending;

  if (self->database != NULL)
    sk_customer_list_query (self);

  if (sort_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
  if (descending_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}

void
sk_customer_list_reload (SkCustomerList *self)
{
  g_return_if_fail (SK_IS_CUSTOMER_LIST (self));

  sk_customer_list_query (self);
}

const GError *
sk_customer_list_get_error (SkCustomerList *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), NULL);

  return self->error;
}

guint
sk_customer_list_find (SkCustomerList *self,
                       gint64       id)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_LIST (self), G_MAXUINT);

  return _sk_paged_ids_find (&self->rows, id);
}
