/* sk-demo-overlay.c — what changed in the demo store since it was generated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-demo-overlay"

#include "config.h"

#include <string.h>

#include "sk-demo-overlay.h"

#include <json-glib/json-glib.h>

/* Ids for records made through the API, far above the generated ones
 * (line items and notes use index × 8 + k, refunds REFUND_ID_BASE + index). */
#define NOTE_ID_BASE   G_GINT64_CONSTANT (1000000000)
#define REFUND_ID_BASE (SK_DEMO_REFUND_ID_BASE + SK_DEMO_MAX_ORDERS)
#define COUPON_ID_BASE 900
#define TAG_ID_BASE    40

static const char *const initial_tags[] = { "Bio", "Fairtrade", "Geschenkidee", "Neu", NULL };

static void
extra_note_clear (gpointer p)
{
  SkDemoExtraNote *note = p;

  g_free ((char *) note->note);
  g_free ((char *) note->author);
}

static void
extra_refund_clear (gpointer p)
{
  SkDemoExtraRefund *refund = p;

  g_free ((char *) refund->reason);
  g_free ((SkDemoRefundLine *) refund->lines);
}

static void
overlay_order_free (SkDemoOverlayOrder *order)
{
  g_free (order->status);
  g_free (order->customer_note);
  g_clear_pointer (&order->notes, g_array_unref);
  g_clear_pointer (&order->refunds, g_array_unref);
  g_free (order);
}

static void
product_change_free (SkDemoProductChange *change)
{
  g_clear_pointer (&change->tag_ids, g_array_unref);
  g_free (change->tags_json);
  g_free (change);
}

static void
tag_free (SkDemoTag *tag)
{
  g_free (tag->name);
  g_free (tag->slug);
  g_free (tag);
}

void
sk_demo_coupon_free (SkDemoCoupon *coupon)
{
  if (coupon == NULL)
    return;
  g_free (coupon->code);
  g_free (coupon->discount_type);
  g_free (coupon->description);
  g_strfreev (coupon->email_restrictions);
  g_free (coupon);
}

SkDemoOverlay *
sk_demo_overlay_new (const SkDemoData *data)
{
  SkDemoOverlay *self = g_new0 (SkDemoOverlay, 1);
  gint64 anchor = sk_demo_data_get_anchor (data);

  g_rw_lock_init (&self->lock);
  self->data = data;
  self->n_generated = sk_demo_data_get_n_orders (data);
  self->orders = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify) overlay_order_free);
  self->changed = g_array_new (FALSE, FALSE, sizeof (guint));
  self->created = g_ptr_array_new ();
  self->products = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify) product_change_free);
  self->coupons = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_demo_coupon_free);
  self->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_free);
  self->customers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) json_object_unref);
  self->deleted_customers = g_array_new (FALSE, FALSE, sizeof (guint));
  self->posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_note_id = NOTE_ID_BASE;
  self->next_refund_id = REFUND_ID_BASE;
  self->next_coupon_id = COUPON_ID_BASE;
  self->next_tag_id = TAG_ID_BASE;

  /* The coupons the generated orders used exist from the start. */
  for (guint i = 0; i < sk_demo_data_get_n_coupons (data); i++)
    {
      SkDemoCoupon *coupon = g_new0 (SkDemoCoupon, 1);
      guint percent = 0;

      coupon->code = g_strdup (sk_demo_data_coupon_code (data, i, &percent));
      coupon->discount_type = g_strdup ("percent");
      coupon->amount = (gint64) percent * 100;
      coupon->description = g_strdup ("");
      coupon->date_created = anchor - SK_DEMO_HISTORY_SECONDS - (gint64) (i + 1) * 86400;
      coupon->date_modified = coupon->date_created;
      sk_demo_overlay_add_coupon (self, coupon);
    }
  for (guint i = 0; initial_tags[i] != NULL; i++)
    sk_demo_overlay_add_tag (self, initial_tags[i]);

  return self;
}

void
sk_demo_overlay_free (SkDemoOverlay *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->orders);
  g_array_unref (self->changed);
  g_ptr_array_unref (self->created);
  g_hash_table_unref (self->products);
  g_ptr_array_unref (self->coupons);
  g_ptr_array_unref (self->tags);
  g_hash_table_unref (self->customers);
  g_array_unref (self->deleted_customers);
  g_hash_table_unref (self->posts);
  g_rw_lock_clear (&self->lock);
  g_free (self);
}

SkDemoOverlayOrder *
sk_demo_overlay_lookup (SkDemoOverlay *self,
                        guint          index)
{
  return g_hash_table_lookup (self->orders, GUINT_TO_POINTER (index));
}

gboolean
sk_demo_overlay_order_index (SkDemoOverlay *self,
                             gint64         id,
                             guint         *out_index)
{
  SkDemoOverlayOrder *order;
  gint64 index = id - SK_DEMO_ORDER_ID_BASE;

  if (index < 0 || index >= (gint64) self->n_generated + self->created->len)
    return FALSE;

  order = sk_demo_overlay_lookup (self, (guint) index);
  if (order != NULL && order->deleted)
    return FALSE;

  *out_index = (guint) index;
  return TRUE;
}

SkDemoOverlayOrder *
sk_demo_overlay_edit (SkDemoOverlay *self,
                      guint          index)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_lookup (self, index);
  guint lo = 0, hi;

  if (order != NULL)
    return order;

  g_return_val_if_fail (index < self->n_generated, NULL);

  order = g_new0 (SkDemoOverlayOrder, 1);
  order->index = index;
  order->template_index = index;
  g_hash_table_insert (self->orders, GUINT_TO_POINTER (index), order);

  /* Keep the side index sorted: listings walk it in order. */
  hi = self->changed->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->changed, guint, mid) < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_array_insert_val (self->changed, lo, index);

  return order;
}

void
sk_demo_overlay_get_order (SkDemoOverlay    *self,
                           guint             index,
                           SkDemoOrder      *out,
                           SkDemoOrderExtra *extra)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_lookup (self, index);

  memset (extra, 0, sizeof *extra);

  if (order == NULL)
    {
      sk_demo_data_get_order (self->data, index, out);
      return;
    }

  sk_demo_data_get_order (self->data, order->template_index, out);

  if (order->created)
    {
      /* A new order: the template lends its customer and basket only. */
      out->index = index;
      out->id = SK_DEMO_ORDER_ID_BASE + index;
      out->date_created = order->date_created;
      out->date_modified = order->date_created;
      out->date_paid = 0;
      out->date_completed = 0;
      out->transaction_id[0] = '\0';
      out->customer_note = "";
      out->n_refunds = 0;
      out->n_notes = 0;
      g_snprintf (out->order_key, sizeof out->order_key, "wc_order_n%08x", index);
      for (guint i = 0; i < out->n_items; i++)
        out->items[i].id = (gint64) index * 8 + i + 1;
      for (guint i = 0; i < out->n_meta; i++)
        out->meta[i].id = (gint64) index * 2 + i + 1;
    }

  if (order->status != NULL)
    out->status = order->status;
  if (order->date_modified != 0)
    out->date_modified = order->date_modified;
  if (order->customer_note != NULL)
    out->customer_note = order->customer_note;
  if (order->created &&
      (g_str_equal (out->status, "processing") || g_str_equal (out->status, "completed")))
    out->date_paid = order->date_created;

  if (order->notes != NULL)
    {
      extra->n_notes = order->notes->len;
      extra->notes = (const SkDemoExtraNote *) order->notes->data;
    }
  if (order->refunds != NULL)
    {
      extra->n_refunds = order->refunds->len;
      extra->refunds = (const SkDemoExtraRefund *) order->refunds->data;
    }
}

const char *
sk_demo_overlay_order_status (SkDemoOverlay *self,
                              guint          index)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_lookup (self, index);

  if (order != NULL && order->status != NULL)
    return order->status;
  return sk_demo_data_order_status (self->data, order != NULL ? order->template_index : index);
}

gint64
sk_demo_overlay_order_modified (SkDemoOverlay *self,
                                guint          index)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_lookup (self, index);

  if (order != NULL && order->date_modified != 0)
    return order->date_modified;
  if (order != NULL && order->created)
    return order->date_created;
  return sk_demo_data_order_date_modified (self->data, index);
}

static const char *
status_label (const char *status)
{
  static const char *const labels[][2] = {
    { "pending", "Pending payment" }, { "processing", "Processing" }, { "on-hold", "On hold" },
    { "completed", "Completed" }, { "cancelled", "Cancelled" }, { "refunded", "Refunded" },
    { "failed", "Failed" }, { "checkout-draft", "Draft" }, { "awaiting-shipment", "Awaiting shipment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i][0], status))
      return labels[i][1];
  return status;
}

/* Sets the status and, as WC_Order::status_transition() does, records the
 * change in a private system note (moving to or from the trash leaves none). */
static void
change_status (SkDemoOverlay      *self,
               SkDemoOverlayOrder *order,
               const char         *status,
               gint64              now)
{
  const char *old = sk_demo_overlay_order_status (self, order->index);
  g_autofree char *text = NULL;

  if (g_str_equal (old, status))
    return;

  if (!g_str_equal (old, "trash") && !g_str_equal (status, "trash"))
    text = g_strdup_printf ("Order status changed from %s to %s.", status_label (old), status_label (status));

  g_free (order->status);
  order->status = g_strdup (status);

  if (text != NULL)
    sk_demo_overlay_add_note (self, order->index, text, FALSE, "WooCommerce", now);
}

void
sk_demo_overlay_set_status (SkDemoOverlay *self,
                            guint          index,
                            const char    *status,
                            gint64         now)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_edit (self, index);

  change_status (self, order, status, now);
  order->date_modified = now;
}

SkDemoExtraNote *
sk_demo_overlay_add_note (SkDemoOverlay *self,
                          guint          index,
                          const char    *text,
                          gboolean       customer_note,
                          const char    *author,
                          gint64         now)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_edit (self, index);
  SkDemoExtraNote note = { 0, };

  if (order->notes == NULL)
    {
      order->notes = g_array_new (FALSE, TRUE, sizeof (SkDemoExtraNote));
      g_array_set_clear_func (order->notes, extra_note_clear);
    }

  note.id = self->next_note_id++;
  note.date_created = now;
  note.customer_note = customer_note;
  note.author = g_strdup (author);
  note.note = g_strdup (text);
  g_array_append_val (order->notes, note);

  /* A note does not change the order's date_modified in WooCommerce
   * (notes are comments, not order data). */
  return &g_array_index (order->notes, SkDemoExtraNote, order->notes->len - 1);
}

SkDemoExtraRefund *
sk_demo_overlay_add_refund (SkDemoOverlay          *self,
                            guint                   index,
                            gint64                  amount,
                            const char             *reason,
                            gboolean                refunded_payment,
                            const SkDemoRefundLine *lines,
                            guint                   n_lines,
                            gint64                  now)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_edit (self, index);
  SkDemoExtraRefund refund = { 0, };
  SkDemoOrderExtra extra;
  SkDemoOrder o;

  if (order->refunds == NULL)
    {
      order->refunds = g_array_new (FALSE, TRUE, sizeof (SkDemoExtraRefund));
      g_array_set_clear_func (order->refunds, extra_refund_clear);
    }

  refund.id = self->next_refund_id++;
  refund.date_created = now;
  refund.amount = amount;
  refund.reason = g_strdup (reason != NULL ? reason : "");
  refund.refunded_payment = refunded_payment;
  refund.n_lines = n_lines;
  refund.lines = n_lines > 0 ? g_memdup2 (lines, n_lines * sizeof *lines) : NULL;
  g_array_append_val (order->refunds, refund);
  order->date_modified = now;

  /* Refunding what is left turns the order "refunded", as wc_create_refund()
   * does. */
  sk_demo_overlay_get_order (self, index, &o, &extra);
  if (sk_demo_order_refunded (&o, &extra) >= o.total)
    change_status (self, order, "refunded", now);

  return &g_array_index (order->refunds, SkDemoExtraRefund, order->refunds->len - 1);
}

void
sk_demo_overlay_delete (SkDemoOverlay *self,
                        guint          index)
{
  SkDemoOverlayOrder *order = sk_demo_overlay_edit (self, index);

  /* Nothing but the fact is kept: a deleted order is gone for good. */
  order->deleted = TRUE;
  g_clear_pointer (&order->status, g_free);
  g_clear_pointer (&order->customer_note, g_free);
  g_clear_pointer (&order->notes, g_array_unref);
  g_clear_pointer (&order->refunds, g_array_unref);
}

guint
sk_demo_overlay_create (SkDemoOverlay *self,
                        guint          template_index,
                        const char    *status,
                        const char    *customer_note,
                        gint64         now)
{
  SkDemoOverlayOrder *order = g_new0 (SkDemoOverlayOrder, 1);

  g_return_val_if_fail (template_index < self->n_generated, 0);

  order->index = self->n_generated + self->created->len;
  order->template_index = template_index;
  order->created = TRUE;
  order->status = g_strdup (status != NULL ? status : "pending");
  order->customer_note = g_strdup (customer_note != NULL ? customer_note : "");
  order->date_created = now;
  order->date_modified = now;
  g_hash_table_insert (self->orders, GUINT_TO_POINTER (order->index), order);
  g_ptr_array_add (self->created, order);

  return order->index;
}

/* Products */

void
sk_demo_overlay_get_product (SkDemoOverlay      *self,
                             guint               index,
                             SkDemoProductExtra *out)
{
  SkDemoProductChange *change = g_hash_table_lookup (self->products, GUINT_TO_POINTER (index));

  out->featured = change != NULL ? change->featured : sk_demo_data_product_is_featured (self->data, index);
  out->date_modified = change != NULL ? change->date_modified : sk_demo_data_product_date_modified (self->data, index);
  out->tags_json = change != NULL ? change->tags_json : NULL;
  out->restocked = change != NULL ? change->restocked : 0;
}

gboolean
sk_demo_overlay_product_featured (SkDemoOverlay *self,
                                  guint          index)
{
  SkDemoProductExtra extra;

  sk_demo_overlay_get_product (self, index, &extra);
  return extra.featured;
}

gint64
sk_demo_overlay_product_modified (SkDemoOverlay *self,
                                  guint          index)
{
  SkDemoProductExtra extra;

  sk_demo_overlay_get_product (self, index, &extra);
  return extra.date_modified;
}

gboolean
sk_demo_overlay_product_exists (SkDemoOverlay *self,
                                guint          index)
{
  SkDemoProductChange *change = g_hash_table_lookup (self->products, GUINT_TO_POINTER (index));

  return change == NULL || !change->deleted;
}

/* The change entry of a product, made on first change. */
static SkDemoProductChange *
edit_product (SkDemoOverlay *self,
              guint          index)
{
  SkDemoProductChange *change = g_hash_table_lookup (self->products, GUINT_TO_POINTER (index));

  if (change == NULL)
    {
      SkDemoProductExtra extra;

      sk_demo_overlay_get_product (self, index, &extra);
      change = g_new0 (SkDemoProductChange, 1);
      change->featured = extra.featured;
      change->date_modified = extra.date_modified;
      change->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      change->tags_json = g_strdup (extra.tags_json != NULL ? extra.tags_json : "[]");
      g_hash_table_insert (self->products, GUINT_TO_POINTER (index), change);
    }

  return change;
}

void
sk_demo_overlay_restock (SkDemoOverlay *self,
                         guint          product_index,
                         gint64         quantity,
                         gint64         now)
{
  SkDemoProductChange *change = edit_product (self, product_index);

  change->restocked += quantity;
  change->date_modified = now;
}

void
sk_demo_overlay_delete_product (SkDemoOverlay *self,
                                guint          index)
{
  SkDemoProductChange *change = edit_product (self, index);

  /* Its tags no longer count for the tags' totals. */
  g_array_set_size (change->tag_ids, 0);
  change->deleted = TRUE;
}

void
sk_demo_overlay_set_product (SkDemoOverlay *self,
                             guint          index,
                             gboolean       featured,
                             const GArray  *tag_ids,
                             gint64         now)
{
  SkDemoProductChange *change = edit_product (self, index);

  change->featured = featured;
  change->date_modified = now;

  if (tag_ids != NULL)
    {
      GString *json = g_string_new ("[");

      g_array_set_size (change->tag_ids, 0);
      for (guint i = 0; i < tag_ids->len; i++)
        {
          gint64 id = g_array_index (tag_ids, gint64, i);
          SkDemoTag *tag = sk_demo_overlay_find_tag (self, id);
          gboolean seen = FALSE;

          for (guint j = 0; j < change->tag_ids->len; j++)
            seen |= g_array_index (change->tag_ids, gint64, j) == id;
          /* wp_set_object_terms() skips ids that name no term. */
          if (tag == NULL || seen)
            continue;

          g_array_append_val (change->tag_ids, id);
          g_string_append_printf (json, "%s{\"id\":%" G_GINT64_FORMAT ",\"name\":", json->len > 1 ? "," : "", id);
          sk_demo_json_append_string (json, tag->name);
          g_string_append (json, ",\"slug\":");
          sk_demo_json_append_string (json, tag->slug);
          g_string_append_c (json, '}');
        }
      g_string_append_c (json, ']');
      g_free (change->tags_json);
      change->tags_json = g_string_free (json, FALSE);
    }
}

SkDemoTag *
sk_demo_overlay_find_tag (SkDemoOverlay *self,
                          gint64         id)
{
  for (guint i = 0; i < self->tags->len; i++)
    {
      SkDemoTag *tag = g_ptr_array_index (self->tags, i);

      if (tag->id == id)
        return tag;
    }
  return NULL;
}

static char *
slugify (const char *name)
{
  g_autofree char *folded = g_utf8_strdown (name, -1);
  GString *slug = g_string_new (NULL);

  /* Like sanitize_title(): lower case, runs of anything else become "-";
   * non-ASCII letters are kept as they are (WordPress percent-encodes them). */
  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        g_string_append_c (slug, *p);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  return g_string_free (slug, FALSE);
}

SkDemoTag *
sk_demo_overlay_add_tag (SkDemoOverlay *self,
                         const char    *name)
{
  SkDemoTag *tag = g_new0 (SkDemoTag, 1);

  tag->id = self->next_tag_id++;
  tag->name = g_strdup (name);
  tag->slug = slugify (name);
  g_ptr_array_add (self->tags, tag);

  return tag;
}

/* Coupons */

SkDemoCoupon *
sk_demo_overlay_find_coupon (SkDemoOverlay *self,
                             gint64         id)
{
  for (guint i = 0; i < self->coupons->len; i++)
    {
      SkDemoCoupon *coupon = g_ptr_array_index (self->coupons, i);

      if (coupon->id == id && !coupon->deleted)
        return coupon;
    }
  return NULL;
}

SkDemoCoupon *
sk_demo_overlay_find_code (SkDemoOverlay *self,
                           const char    *code)
{
  g_autofree char *folded = g_utf8_strdown (code, -1);

  for (guint i = 0; i < self->coupons->len; i++)
    {
      SkDemoCoupon *coupon = g_ptr_array_index (self->coupons, i);

      if (!coupon->deleted && g_str_equal (coupon->code, folded))
        return coupon;
    }
  return NULL;
}

SkDemoCoupon *
sk_demo_overlay_add_coupon (SkDemoOverlay *self,
                            SkDemoCoupon  *coupon)
{
  coupon->id = self->next_coupon_id++;
  g_ptr_array_add (self->coupons, coupon);
  return coupon;
}

/* Counters */

void
sk_demo_overlay_count_post (SkDemoOverlay *self,
                            const char    *kind,
                            gint64         order_id)
{
  char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, order_id);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->posts, key));

  g_hash_table_replace (self->posts, key, GUINT_TO_POINTER (n + 1));
}

guint
sk_demo_overlay_get_posts (SkDemoOverlay *self,
                           const char    *kind,
                           gint64         order_id)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, order_id);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->posts, key));
}
