/* sk-records.c — plain value types for what the store holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-records"

#include "config.h"

#include "sk-records.h"

#include <string.h>

static inline char *
empty_string (void)
{
  return g_strdup ("");
}

void
sk_address_init (SkAddress *address)
{
  g_return_if_fail (address != NULL);

  address->first_name = empty_string ();
  address->last_name = empty_string ();
  address->company = empty_string ();
  address->address_1 = empty_string ();
  address->address_2 = empty_string ();
  address->city = empty_string ();
  address->state = empty_string ();
  address->postcode = empty_string ();
  address->country = empty_string ();
  address->email = empty_string ();
  address->phone = empty_string ();
}

void
sk_address_clear (SkAddress *address)
{
  g_return_if_fail (address != NULL);

  g_clear_pointer (&address->first_name, g_free);
  g_clear_pointer (&address->last_name, g_free);
  g_clear_pointer (&address->company, g_free);
  g_clear_pointer (&address->address_1, g_free);
  g_clear_pointer (&address->address_2, g_free);
  g_clear_pointer (&address->city, g_free);
  g_clear_pointer (&address->state, g_free);
  g_clear_pointer (&address->postcode, g_free);
  g_clear_pointer (&address->country, g_free);
  g_clear_pointer (&address->email, g_free);
  g_clear_pointer (&address->phone, g_free);
}

/* A copy of @s without surrounding white space, or NULL if nothing is left. */
static char *
dup_stripped_or_null (const char *s)
{
  char *copy;

  if (s == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (s));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

char *
sk_address_dup_display_name (const SkAddress *address)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  char *other;

  g_return_val_if_fail (address != NULL, g_strdup (""));

  first = dup_stripped_or_null (address->first_name);
  last = dup_stripped_or_null (address->last_name);

  if (first != NULL && last != NULL)
    return g_strconcat (first, " ", last, NULL);
  if (first != NULL)
    return g_steal_pointer (&first);
  if (last != NULL)
    return g_steal_pointer (&last);

  if ((other = dup_stripped_or_null (address->company)) != NULL)
    return other;
  if ((other = dup_stripped_or_null (address->email)) != NULL)
    return other;

  return g_strdup ("");
}

SkOrderItemRecord *
sk_order_item_record_new (void)
{
  SkOrderItemRecord *item = g_new0 (SkOrderItemRecord, 1);

  item->name = empty_string ();
  item->sku = empty_string ();

  return item;
}

void
sk_order_item_record_free (SkOrderItemRecord *item)
{
  if (item == NULL)
    return;

  g_free (item->name);
  g_free (item->sku);
  g_free (item);
}

SkOrderNoteRecord *
sk_order_note_record_new (void)
{
  SkOrderNoteRecord *note = g_new0 (SkOrderNoteRecord, 1);

  note->author = empty_string ();
  note->note = empty_string ();

  return note;
}

void
sk_order_note_record_free (SkOrderNoteRecord *note)
{
  if (note == NULL)
    return;

  g_free (note->author);
  g_free (note->note);
  g_free (note);
}

SkRefundRecord *
sk_refund_record_new (void)
{
  SkRefundRecord *refund = g_new0 (SkRefundRecord, 1);

  refund->reason = empty_string ();

  return refund;
}

void
sk_refund_record_free (SkRefundRecord *refund)
{
  if (refund == NULL)
    return;

  g_free (refund->reason);
  g_free (refund);
}

SkOrderRecord *
sk_order_record_new (void)
{
  SkOrderRecord *order = g_new0 (SkOrderRecord, 1);

  order->number = empty_string ();
  order->order_key = empty_string ();
  order->status = empty_string ();
  order->currency = empty_string ();
  order->customer_note = empty_string ();
  order->payment_method = empty_string ();
  order->payment_method_title = empty_string ();
  sk_address_init (&order->billing);
  sk_address_init (&order->shipping);
  order->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_item_record_free);
  order->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_record_free);

  return order;
}

void
sk_order_record_free (SkOrderRecord *order)
{
  if (order == NULL)
    return;

  g_free (order->number);
  g_free (order->order_key);
  g_free (order->status);
  g_free (order->currency);
  g_free (order->customer_note);
  g_free (order->payment_method);
  g_free (order->payment_method_title);
  sk_address_clear (&order->billing);
  sk_address_clear (&order->shipping);
  g_clear_pointer (&order->items, g_ptr_array_unref);
  g_clear_pointer (&order->refunds, g_ptr_array_unref);
  g_free (order);
}

gint64
sk_order_record_count_items (const SkOrderRecord *order)
{
  gint64 count = 0;

  g_return_val_if_fail (order != NULL, 0);

  if (order->items == NULL)
    return 0;

  for (guint i = 0; i < order->items->len; i++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (order->items, i);

      /* A store that sends absurd quantities must not make the count
       * wrap around into a negative or small number: saturate. */
      if (__builtin_add_overflow (count, item->quantity, &count))
        return item->quantity > 0 ? G_MAXINT64 : G_MININT64;
    }

  return count;
}

SkCustomerRecord *
sk_customer_record_new (void)
{
  SkCustomerRecord *customer = g_new0 (SkCustomerRecord, 1);

  customer->email = empty_string ();
  customer->first_name = empty_string ();
  customer->last_name = empty_string ();
  customer->username = empty_string ();
  sk_address_init (&customer->billing);
  sk_address_init (&customer->shipping);

  return customer;
}

void
sk_customer_record_free (SkCustomerRecord *customer)
{
  if (customer == NULL)
    return;

  g_free (customer->email);
  g_free (customer->first_name);
  g_free (customer->last_name);
  g_free (customer->username);
  sk_address_clear (&customer->billing);
  sk_address_clear (&customer->shipping);
  g_free (customer);
}

SkProductRecord *
sk_product_record_new (void)
{
  SkProductRecord *product = g_new0 (SkProductRecord, 1);

  product->name = empty_string ();
  product->slug = empty_string ();
  product->sku = empty_string ();
  product->status = empty_string ();
  product->currency = empty_string ();
  product->stock_quantity = -1;
  product->stock_status = empty_string ();
  product->categories = g_ptr_array_new_with_free_func (g_free);

  return product;
}

void
sk_product_record_free (SkProductRecord *product)
{
  if (product == NULL)
    return;

  g_free (product->name);
  g_free (product->slug);
  g_free (product->sku);
  g_free (product->status);
  g_free (product->currency);
  g_free (product->stock_status);
  g_clear_pointer (&product->categories, g_ptr_array_unref);
  g_free (product);
}

SkCouponRecord *
sk_coupon_record_new (void)
{
  SkCouponRecord *coupon = g_new0 (SkCouponRecord, 1);

  coupon->code = empty_string ();
  coupon->discount_type = empty_string ();
  coupon->currency = empty_string ();
  coupon->email_restrictions = g_strdup ("[]");

  return coupon;
}

void
sk_coupon_record_free (SkCouponRecord *coupon)
{
  if (coupon == NULL)
    return;

  g_free (coupon->code);
  g_free (coupon->discount_type);
  g_free (coupon->currency);
  g_free (coupon->email_restrictions);
  g_free (coupon);
}

void
sk_record_set_string (char       **field,
                      const char  *value,
                      gsize        max_bytes)
{
  char *copy;
  gsize len;

  g_return_if_fail (field != NULL);

  if (value == NULL)
    value = "";

  /* g_utf8_make_valid() always copies; validating first keeps the common
   * case to a single pass plus the copy. */
  if (g_utf8_validate (value, -1, NULL))
    copy = g_strdup (value);
  else
    copy = g_utf8_make_valid (value, -1);

  len = strlen (copy);
  if (len > max_bytes)
    {
      gsize end = max_bytes;

      /* Step back over continuation bytes to the start of the character
       * that does not fit, so no partial sequence remains. */
      while (end > 0 && ((guchar) copy[end] & 0xC0) == 0x80)
        end--;

      copy[end] = '\0';
    }

  g_free (*field);
  *field = copy;
}
