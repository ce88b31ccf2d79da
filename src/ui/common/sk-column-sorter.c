/* sk-column-sorter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-column-sorter"

#include "config.h"

#include "sk-column-sorter.h"

/* The probe: two instances are passed to gtk_sorter_compare(). The first
 * SkColumnSorter consulted writes its key into the first probe and answers
 * "smaller"; a column view's sorter returns the primary column's answer,
 * negated if that column sorts descending. */
#define SK_TYPE_SORT_PROBE (sk_sort_probe_get_type ())
G_DECLARE_FINAL_TYPE (SkSortProbe, sk_sort_probe, SK, SORT_PROBE, GObject)

struct _SkSortProbe
{
  GObject     parent_instance;

  gboolean    hit;
  int         key;
};

G_DEFINE_FINAL_TYPE (SkSortProbe, sk_sort_probe, G_TYPE_OBJECT)

static void
sk_sort_probe_class_init (SkSortProbeClass *klass)
{
}

static void
sk_sort_probe_init (SkSortProbe *self)
{
}

struct _SkColumnSorter
{
  GtkSorter   parent_instance;

  int         key;
};

G_DEFINE_FINAL_TYPE (SkColumnSorter, sk_column_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkOrdering
sk_column_sorter_compare (GtkSorter *sorter,
                         gpointer   item1,
                         gpointer   item2)
{
  SkColumnSorter *self = SK_COLUMN_SORTER (sorter);
  SkSortProbe *probe;

  /* Anything but a probe is "equal": the rows are already in SQL order and
   * nothing may reorder them on the client. */
  if (!SK_IS_SORT_PROBE (item1) || !SK_IS_SORT_PROBE (item2))
    return GTK_ORDERING_EQUAL;

  probe = SK_SORT_PROBE (item1);
  if (!probe->hit)
    {
      probe->hit = TRUE;
      probe->key = self->key;
    }

  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
sk_column_sorter_get_order (GtkSorter *sorter)
{
  /* PARTIAL rather than NONE: a NONE sorter would be skipped. */
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
sk_column_sorter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SkColumnSorter *self = SK_COLUMN_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_int (value, self->key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_column_sorter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SkColumnSorter *self = SK_COLUMN_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      sk_column_sorter_set_key (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_column_sorter_class_init (SkColumnSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->get_property = sk_column_sorter_get_property;
  object_class->set_property = sk_column_sorter_set_property;

  sorter_class->compare = sk_column_sorter_compare;
  sorter_class->get_order = sk_column_sorter_get_order;

  /* The list's own sort enum (SkOrderSort, SkCustomerSort...) as an int:
   * those enums have no GType, and .ui files set the key by number. */
  properties[PROP_KEY] =
    g_param_spec_int ("key", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_column_sorter_init (SkColumnSorter *self)
{
}

SkColumnSorter *
sk_column_sorter_new (int key)
{
  return g_object_new (SK_TYPE_COLUMN_SORTER,
                       "key", key,
                       NULL);
}

int
sk_column_sorter_get_key (SkColumnSorter *self)
{
  g_return_val_if_fail (SK_IS_COLUMN_SORTER (self), 0);

  return self->key;
}

void
sk_column_sorter_set_key (SkColumnSorter *self,
                          int             key)
{
  g_return_if_fail (SK_IS_COLUMN_SORTER (self));
  g_return_if_fail (key >= 0);

  if (self->key == key)
    return;

  self->key = key;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
  gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
}

gboolean
sk_column_sorter_probe (GtkSorter *sorter,
                        int       *out_key,
                        gboolean  *out_descending)
{
  g_autoptr(SkSortProbe) a = NULL;
  g_autoptr(SkSortProbe) b = NULL;
  GtkOrdering ordering;

  g_return_val_if_fail (GTK_IS_SORTER (sorter), FALSE);

  a = g_object_new (SK_TYPE_SORT_PROBE, NULL);
  b = g_object_new (SK_TYPE_SORT_PROBE, NULL);

  ordering = gtk_sorter_compare (sorter, a, b);

  if (!a->hit || ordering == GTK_ORDERING_EQUAL)
    return FALSE;

  if (out_key != NULL)
    *out_key = a->key;
  if (out_descending != NULL)
    *out_descending = (ordering == GTK_ORDERING_LARGER);

  return TRUE;
}
