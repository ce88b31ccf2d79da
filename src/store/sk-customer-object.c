/* sk-customer-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-object"

#include "config.h"

#include "sk-customer-object.h"

#include "sk-rfm.h"

struct _SkCustomerObject
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  char     *email;
  gint64    order_count;
  gint64    lifetime_value;
  char     *currency;
  gint64    last_order;
  int       segment;
  gboolean  registered;
};

G_DEFINE_FINAL_TYPE (SkCustomerObject, sk_customer_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_ORDER_COUNT,
  PROP_LIFETIME_VALUE,
  PROP_CURRENCY,
  PROP_LAST_ORDER,
  PROP_SEGMENT,
  PROP_REGISTERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sk_customer_object_finalize (GObject *object)
{
  SkCustomerObject *self = (SkCustomerObject *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (sk_customer_object_parent_class)->finalize (object);
}

static void
sk_customer_object_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SkCustomerObject *self = SK_CUSTOMER_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_ORDER_COUNT:
      g_value_set_int64 (value, self->order_count);
      break;

    case PROP_LIFETIME_VALUE:
      g_value_set_int64 (value, self->lifetime_value);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_LAST_ORDER:
      g_value_set_int64 (value, self->last_order);
      break;

    case PROP_SEGMENT:
      g_value_set_int (value, self->segment);
      break;

    case PROP_REGISTERED:
      g_value_set_boolean (value, self->registered);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_customer_object_class_init (SkCustomerObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sk_customer_object_finalize;
  object_class->get_property = sk_customer_object_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, "", flags);
  properties[PROP_ORDER_COUNT] =
    g_param_spec_int64 ("order-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_LIFETIME_VALUE] =
    g_param_spec_int64 ("lifetime-value", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, "", flags);
  properties[PROP_LAST_ORDER] =
    g_param_spec_int64 ("last-order", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SEGMENT] =
    g_param_spec_int ("segment", NULL, NULL, 0, SK_RFM_N_SEGMENTS - 1, 0, flags);
  properties[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_customer_object_init (SkCustomerObject *self)
{
}

SkCustomerObject *
sk_customer_object_new (gint64      id,
                        const char *name,
                        const char *email,
                        gint64      order_count,
                        gint64      lifetime_value,
                        const char *currency,
                        gint64      last_order,
                        int         segment,
                        gboolean    registered)
{
  SkCustomerObject *self;

  /* Immutable and created by the thousand while scrolling: fields are set
   * directly instead of through construct properties. */
  self = g_object_new (SK_TYPE_CUSTOMER_OBJECT, NULL);
  self->id = id;
  self->name = g_strdup (name != NULL ? name : "");
  self->email = g_strdup (email != NULL ? email : "");
  self->order_count = order_count;
  self->lifetime_value = lifetime_value;
  self->currency = g_strdup (currency != NULL ? currency : "");
  self->last_order = last_order;
  self->segment = CLAMP (segment, 0, SK_RFM_N_SEGMENTS - 1);
  self->registered = !!registered;

  return self;
}

gint64
sk_customer_object_get_id (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), 0);

  return self->id;
}

const char *
sk_customer_object_get_name (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), NULL);

  return self->name;
}

const char *
sk_customer_object_get_email (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), NULL);

  return self->email;
}

gint64
sk_customer_object_get_order_count (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), 0);

  return self->order_count;
}

gint64
sk_customer_object_get_lifetime_value (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), 0);

  return self->lifetime_value;
}

const char *
sk_customer_object_get_currency (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), NULL);

  return self->currency;
}

gint64
sk_customer_object_get_last_order (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), 0);

  return self->last_order;
}

int
sk_customer_object_get_segment (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), 0);

  return self->segment;
}

gboolean
sk_customer_object_get_registered (SkCustomerObject *self)
{
  g_return_val_if_fail (SK_IS_CUSTOMER_OBJECT (self), FALSE);

  return self->registered;
}
