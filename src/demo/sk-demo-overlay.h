/* sk-demo-overlay.h — what changed in the demo store since it was generated.
 *
 * The generator (sk-demo-data.h) computes every order from the seed; the
 * overlay holds only the differences: orders changed, deleted or created,
 * notes and refunds added, coupons and product tags created, products'
 * featured flag and tags. Its memory grows with the number of changes,
 * never with the size of the store.
 *
 * Orders are addressed by index: generated orders by their generator
 * index (< n_orders), created ones by n_orders + k, so an order's id is
 * always SK_DEMO_ORDER_ID_BASE + index and ids keep growing with creation.
 *
 * Not thread-safe by itself: callers hold @lock (read for queries, write
 * for changes), so a listing sees one consistent state.
 *
 * Internal to src/demo/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sk-demo-data.h"

G_BEGIN_DECLS

typedef struct
{
  guint      index;
  guint      template_index;  /* created orders: the generated order lending its body */
  gboolean   created;
  gboolean   deleted;
  char      *status;          /* NULL: as generated */
  gint64     date_created;    /* created orders only */
  gint64     date_modified;   /* 0: as generated */
  char      *customer_note;   /* NULL: as generated */
  GArray    *notes;           /* SkDemoExtraNote, strings owned; NULL: none */
  GArray    *refunds;         /* SkDemoExtraRefund, reason and lines owned; NULL: none */
} SkDemoOverlayOrder;

typedef struct
{
  gint64     id;
  char      *code;            /* lower case, as WooCommerce stores codes */
  char      *discount_type;   /* percent, fixed_cart, fixed_product */
  gint64     amount;          /* minor units (percent: hundredths of a percent) */
  char      *description;
  gint64     date_created;
  gint64     date_modified;
  gint64     date_expires;    /* 0: never */
  gint64     usage_limit;     /* 0: none */
  gint64     usage_limit_per_user;
  gint64     minimum_amount;  /* minor units, 0: none */
  gboolean   individual_use;
  gboolean   free_shipping;
  GStrv      email_restrictions;
  gboolean   deleted;
} SkDemoCoupon;

typedef struct
{
  gint64     id;
  char      *name;
  char      *slug;
} SkDemoTag;

typedef struct
{
  gboolean   featured;
  gint64     date_modified;
  GArray    *tag_ids;         /* gint64 */
  char      *tags_json;       /* cached rendering of tag_ids */
  gboolean   deleted;         /* DELETE products/<id>?force=true */
  gint64     restocked;       /* items put back in stock by refunds */
} SkDemoProductChange;

typedef struct
{
  GRWLock           lock;

  const SkDemoData *data;
  guint             n_generated;
  GHashTable       *orders;       /* index → SkDemoOverlayOrder* (owned) */
  GArray           *changed;      /* sorted generated indexes present in @orders */
  GPtrArray        *created;      /* SkDemoOverlayOrder* in index order (not owned) */
  GHashTable       *products;     /* product index → SkDemoProductChange* (owned) */
  GPtrArray        *coupons;      /* SkDemoCoupon* (owned), in id order */
  GPtrArray        *tags;         /* SkDemoTag* (owned), in id order */
  gint64            next_note_id;
  gint64            next_refund_id;
  gint64            next_coupon_id;
  gint64            next_tag_id;
  GHashTable       *posts;        /* "refunds:<id>"/"notes:<id>" → count */
  /* Customers changed through the API: customer index → JsonObject* (the
   * whole customer as GET answers it, edited), and the indexes of the
   * deleted ones, ascending (guint). */
  GHashTable       *customers;
  GArray           *deleted_customers;
} SkDemoOverlay;

SkDemoOverlay      *sk_demo_overlay_new             (const SkDemoData   *data);
void                sk_demo_overlay_free            (SkDemoOverlay      *self);

/* The overlay entry of @index, or NULL when the order is as generated. */
SkDemoOverlayOrder *sk_demo_overlay_lookup          (SkDemoOverlay      *self,
                                                     guint               index);
/* TRUE when @id names an order that exists now (not deleted). */
gboolean            sk_demo_overlay_order_index     (SkDemoOverlay      *self,
                                                     gint64              id,
                                                     guint              *out_index);
/* The entry of an existing order, made on first change. */
SkDemoOverlayOrder *sk_demo_overlay_edit            (SkDemoOverlay      *self,
                                                     guint               index);
/* The record as it is now, and what was added to it (@extra points into
 * the overlay: valid while the lock is held). */
void                sk_demo_overlay_get_order       (SkDemoOverlay      *self,
                                                     guint               index,
                                                     SkDemoOrder        *out,
                                                     SkDemoOrderExtra   *extra);
/* Cheap attributes of any existing order. */
const char         *sk_demo_overlay_order_status    (SkDemoOverlay      *self,
                                                     guint               index);
gint64              sk_demo_overlay_order_modified  (SkDemoOverlay      *self,
                                                     guint               index);

/* Also adds WooCommerce's "Order status changed from … to …." note. */
void                sk_demo_overlay_set_status      (SkDemoOverlay      *self,
                                                     guint               index,
                                                     const char         *status,
                                                     gint64              now);
SkDemoExtraNote    *sk_demo_overlay_add_note        (SkDemoOverlay      *self,
                                                     guint               index,
                                                     const char         *note,
                                                     gboolean            customer_note,
                                                     const char         *author,
                                                     gint64              now);
/* Adds a refund (lines copied) and turns the order "refunded" when nothing
 * is left to refund. The caller checked the amount. */
SkDemoExtraRefund  *sk_demo_overlay_add_refund      (SkDemoOverlay      *self,
                                                     guint               index,
                                                     gint64              amount,
                                                     const char         *reason,
                                                     gboolean            refunded_payment,
                                                     const SkDemoRefundLine *lines,
                                                     guint               n_lines,
                                                     gint64              now);
void                sk_demo_overlay_delete          (SkDemoOverlay      *self,
                                                     guint               index);
/* A new order modelled on the generated order @template_index; returns
 * its index. */
guint               sk_demo_overlay_create          (SkDemoOverlay      *self,
                                                     guint               template_index,
                                                     const char         *status,
                                                     const char         *customer_note,
                                                     gint64              now);

/* Products: index 0 … n_products-1. */
void                sk_demo_overlay_get_product     (SkDemoOverlay      *self,
                                                     guint               index,
                                                     SkDemoProductExtra *out);
gboolean            sk_demo_overlay_product_featured (SkDemoOverlay     *self,
                                                     guint               index);
gint64              sk_demo_overlay_product_modified (SkDemoOverlay     *self,
                                                     guint               index);
/* FALSE once the product was deleted (gone from listings, 404). */
gboolean            sk_demo_overlay_product_exists  (SkDemoOverlay     *self,
                                                     guint              index);
/* Deleted permanently; its index is never reused. */
void                sk_demo_overlay_delete_product  (SkDemoOverlay      *self,
                                                     guint               index);
/* @tag_ids NULL: keep the tags. */
/* A refund with api_restock puts @quantity items back in stock. */
void                sk_demo_overlay_restock         (SkDemoOverlay      *self,
                                                     guint               product_index,
                                                     gint64              quantity,
                                                     gint64              now);
void                sk_demo_overlay_set_product     (SkDemoOverlay      *self,
                                                     guint               index,
                                                     gboolean            featured,
                                                     const GArray       *tag_ids,
                                                     gint64              now);

SkDemoTag          *sk_demo_overlay_find_tag        (SkDemoOverlay      *self,
                                                     gint64              id);
SkDemoTag          *sk_demo_overlay_add_tag         (SkDemoOverlay      *self,
                                                     const char         *name);

SkDemoCoupon       *sk_demo_overlay_find_coupon     (SkDemoOverlay      *self,
                                                     gint64              id);
SkDemoCoupon       *sk_demo_overlay_find_code       (SkDemoOverlay      *self,
                                                     const char         *code);
/* Takes @coupon, gives it an id. */
SkDemoCoupon       *sk_demo_overlay_add_coupon      (SkDemoOverlay      *self,
                                                     SkDemoCoupon       *coupon);
void                sk_demo_coupon_free             (SkDemoCoupon       *coupon);

/* Counters of POST requests, per order and kind ("notes", "refunds"). */
void                sk_demo_overlay_count_post      (SkDemoOverlay      *self,
                                                     const char         *kind,
                                                     gint64              order_id);
guint               sk_demo_overlay_get_posts       (SkDemoOverlay      *self,
                                                     const char         *kind,
                                                     gint64              order_id);

G_END_DECLS
