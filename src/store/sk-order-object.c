/* sk-order-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-object"

#include "config.h"

#include "sk-order-object.h"

struct _SkOrderObject
{
  GObject  parent_instance;

  gint64   id;
  gint64   remote_id;
  char    *number;
  char    *status;
  gint64   date_created;
  char    *customer_name;
  char    *email;
  gint64   item_count;
  gint64   total;
  char    *currency;
  /* From the order desk, set by the list when it loads the row. */
  gint64   ship_by;
  int      ship_flag;
};

G_DEFINE_FINAL_TYPE (SkOrderObject, sk_order_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_NUMBER,
  PROP_STATUS,
  PROP_DATE_CREATED,
  PROP_CUSTOMER_NAME,
  PROP_EMAIL,
  PROP_ITEM_COUNT,
  PROP_TOTAL,
  PROP_CURRENCY,
  PROP_SHIP_BY,
  PROP_SHIP_FLAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sk_order_object_finalize (GObject *object)
{
  SkOrderObject *self = (SkOrderObject *)object;

  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (sk_order_object_parent_class)->finalize (object);
}

static void
sk_order_object_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SkOrderObject *self = SK_ORDER_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_DATE_CREATED:
      g_value_set_int64 (value, self->date_created);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_ITEM_COUNT:
      g_value_set_int64 (value, self->item_count);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_SHIP_BY:
      g_value_set_int64 (value, self->ship_by);
      break;

    case PROP_SHIP_FLAG:
      g_value_set_int (value, self->ship_flag);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_order_object_class_init (SkOrderObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sk_order_object_finalize;
  object_class->get_property = sk_order_object_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, "", flags);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "", flags);
  properties[PROP_DATE_CREATED] =
    g_param_spec_int64 ("date-created", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, "", flags);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, "", flags);
  properties[PROP_ITEM_COUNT] =
    g_param_spec_int64 ("item-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, "", flags);
  properties[PROP_SHIP_BY] =
    g_param_spec_int64 ("ship-by", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SHIP_FLAG] =
    g_param_spec_int ("ship-flag", NULL, NULL, SK_SHIP_FLAG_NONE, SK_SHIP_FLAG_LATE, SK_SHIP_FLAG_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_order_object_init (SkOrderObject *self)
{
}

SkOrderObject *
sk_order_object_new (gint64      id,
                     gint64      remote_id,
                     const char *number,
                     const char *status,
                     gint64      date_created,
                     const char *customer_name,
                     const char *email,
                     gint64      item_count,
                     gint64      total,
                     const char *currency)
{
  SkOrderObject *self;

  /* Immutable and created by the thousand while scrolling: fields are set
   * directly instead of through construct properties. */
  self = g_object_new (SK_TYPE_ORDER_OBJECT, NULL);
  self->id = id;
  self->remote_id = remote_id;
  self->number = g_strdup (number != NULL ? number : "");
  self->status = g_strdup (status != NULL ? status : "");
  self->date_created = date_created;
  self->customer_name = g_strdup (customer_name != NULL ? customer_name : "");
  self->email = g_strdup (email != NULL ? email : "");
  self->item_count = item_count;
  self->total = total;
  self->currency = g_strdup (currency != NULL ? currency : "");

  return self;
}

gint64
sk_order_object_get_id (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), 0);

  return self->id;
}

gint64
sk_order_object_get_remote_id (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), 0);

  return self->remote_id;
}

const char *
sk_order_object_get_number (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), NULL);

  return self->number;
}

const char *
sk_order_object_get_status (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), NULL);

  return self->status;
}

gint64
sk_order_object_get_date_created (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), 0);

  return self->date_created;
}

const char *
sk_order_object_get_customer_name (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), NULL);

  return self->customer_name;
}

const char *
sk_order_object_get_email (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), NULL);

  return self->email;
}

gint64
sk_order_object_get_item_count (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), 0);

  return self->item_count;
}

gint64
sk_order_object_get_total (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), 0);

  return self->total;
}

const char *
sk_order_object_get_currency (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), NULL);

  return self->currency;
}

gint64
sk_order_object_get_ship_by (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), 0);

  return self->ship_by;
}

SkShipFlag
sk_order_object_get_ship_flag (SkOrderObject *self)
{
  g_return_val_if_fail (SK_IS_ORDER_OBJECT (self), SK_SHIP_FLAG_NONE);

  return self->ship_flag;
}

void
sk_order_object_set_ship_by (SkOrderObject *self,
                             gint64         ship_by,
                             SkShipFlag     flag)
{
  g_return_if_fail (SK_IS_ORDER_OBJECT (self));

  if (self->ship_by != ship_by)
    {
      self->ship_by = ship_by;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIP_BY]);
    }
  if (self->ship_flag != (int) flag)
    {
      self->ship_flag = flag;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIP_FLAG]);
    }
}
