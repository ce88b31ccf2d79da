/* sk-customer-sorter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-sorter"

#include "config.h"

#include "sk-customer-sorter.h"

/* The probe: two instances are passed to gtk_sorter_compare(). The first
 * SkCustomerSorter consulted writes its column into the first probe and answers
 * "smaller"; a column view's sorter returns the primary column's answer,
 * negated if that column sorts descending. */
#define SK_TYPE_CUSTOMER_SORT_PROBE (sk_customer_sort_probe_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomerSortProbe, sk_customer_sort_probe, SK, CUSTOMER_SORT_PROBE, GObject)

struct _SkCustomerSortProbe
{
  GObject         parent_instance;

  gboolean        hit;
  SkCustomerSort  sort;
};

G_DEFINE_FINAL_TYPE (SkCustomerSortProbe, sk_customer_sort_probe, G_TYPE_OBJECT)

static void
sk_customer_sort_probe_class_init (SkCustomerSortProbeClass *klass)
{
}

static void
sk_customer_sort_probe_init (SkCustomerSortProbe *self)
{
}

struct _SkCustomerSorter
{
  GtkSorter       parent_instance;

  SkCustomerSort  sort;
};

G_DEFINE_FINAL_TYPE (SkCustomerSorter, sk_customer_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkOrdering
sk_customer_sorter_compare (GtkSorter *sorter,
                            gpointer   item1,
                            gpointer   item2)
{
  SkCustomerSorter *self = SK_CUSTOMER_SORTER (sorter);
  SkCustomerSortProbe *probe;

  /* Anything but a probe is "equal": the rows are already in SQL order and
   * nothing may reorder them on the client. */
  if (!SK_IS_CUSTOMER_SORT_PROBE (item1) || !SK_IS_CUSTOMER_SORT_PROBE (item2))
    return GTK_ORDERING_EQUAL;

  probe = SK_CUSTOMER_SORT_PROBE (item1);
  if (!probe->hit)
    {
      probe->hit = TRUE;
      probe->sort = self->sort;
    }

  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
sk_customer_sorter_get_order (GtkSorter *sorter)
{
  /* PARTIAL rather than NONE: a NONE sorter would be skipped. */
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
sk_customer_sorter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SkCustomerSorter *self = SK_CUSTOMER_SORTER (object);

  switch (prop_id)
    {
    case PROP_SORT:
      g_value_set_int (value, self->sort);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_customer_sorter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SkCustomerSorter *self = SK_CUSTOMER_SORTER (object);

  switch (prop_id)
    {
    case PROP_SORT:
      sk_customer_sorter_set_sort (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_customer_sorter_class_init (SkCustomerSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->get_property = sk_customer_sorter_get_property;
  object_class->set_property = sk_customer_sorter_set_property;

  sorter_class->compare = sk_customer_sorter_compare;
  sorter_class->get_order = sk_customer_sorter_get_order;

  /* An int rather than an enum type: SkCustomerSort has no GType, and .ui
   * files set it by number. */
  properties[PROP_SORT] =
    g_param_spec_int ("sort", NULL, NULL,
                      SK_CUSTOMER_SORT_LAST_ORDER, SK_CUSTOMER_SORT_VALUE, SK_CUSTOMER_SORT_LAST_ORDER,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_customer_sorter_init (SkCustomerSorter *self)
{
  self->sort = SK_CUSTOMER_SORT_LAST_ORDER;
}

SkCustomerSorter *
sk_customer_sorter_new (SkCustomerSort sort)
{
  return g_object_new (SK_TYPE_CUSTOMER_SORTER,
                       "sort", sort,
                       NULL);
}

SkCustomerSort
sk_customer_sorter_get_sort (SkCustomerSorter *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_SORTER (self), SK_CUSTOMER_SORT_LAST_ORDER);

  return self->sort;
}

void
sk_customer_sorter_set_sort (SkCustomerSorter *self,
                             SkCustomerSort    sort)
{
  g_return_if_fail (SK_IS_CUSTOMER_SORTER (self));
  g_return_if_fail (sort >= SK_CUSTOMER_SORT_LAST_ORDER && sort <= SK_CUSTOMER_SORT_VALUE);

  if (self->sort == sort)
    return;

  self->sort = sort;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
  gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
}

gboolean
sk_customer_sorter_probe (GtkSorter   *sorter,
                          SkCustomerSort *out_sort,
                          gboolean    *out_descending)
{
  g_autoptr(SkCustomerSortProbe) a = NULL;
  g_autoptr(SkCustomerSortProbe) b = NULL;
  GtkOrdering ordering;

  g_return_val_if_fail (GTK_IS_SORTER (sorter), FALSE);

  a = g_object_new (SK_TYPE_CUSTOMER_SORT_PROBE, NULL);
  b = g_object_new (SK_TYPE_CUSTOMER_SORT_PROBE, NULL);

  ordering = gtk_sorter_compare (sorter, a, b);

  if (!a->hit || ordering == GTK_ORDERING_EQUAL)
    return FALSE;

  if (out_sort != NULL)
    *out_sort = a->sort;
  if (out_descending != NULL)
    *out_descending = (ordering == GTK_ORDERING_LARGER);

  return TRUE;
}
