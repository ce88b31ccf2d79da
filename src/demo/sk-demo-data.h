/* sk-demo-data.h — the demo store's deterministic data generator.
 *
 * A store is a pure function of (seed, n_orders, anchor_utc): the same three
 * values always give the same customers, products and orders, byte for byte,
 * on every machine. Nothing is kept per order: each order is computed on
 * demand from a hash of (seed, kind, index), so a store of 1,000,000 orders
 * costs no more memory than one of 30. Products (60, fixed) are precomputed;
 * people (customers and guests) are computed on demand like orders.
 *
 * The shop: a coffee and tea shop in Germany selling in EUR, prices entered
 * without tax, one tax rate (19 % "MwSt."), 60 products in 8 categories.
 *
 * Orders:
 *  - index 0 … n_orders-1, id = SK_DEMO_ORDER_ID_BASE + index, so ids and
 *    date_created both increase with the index (ties in date_created are
 *    possible only when there are more orders than seconds in the period);
 *  - spread over the 18 months before the anchor, more recent months busier;
 *  - date_modified >= date_created, at most SK_DEMO_MAX_MODIFIED_DELAY later,
 *    never after the anchor;
 *  - amounts add up exactly as WooCommerce computes them, in minor units:
 *      line.total      = line.subtotal - line discount
 *      discount_total  = Σ (line.subtotal - line.total)
 *      cart_tax        = Σ line.total_tax
 *      total_tax       = cart_tax + shipping_tax
 *      total           = Σ line.total + shipping_total + total_tax
 *  - status depends on the age: old orders are mostly completed, some
 *    cancelled, refunded, failed or trashed; recent ones processing, on-hold,
 *    pending or "awaiting-shipment" (a plugin's custom status);
 *  - about a third of the buyers are guests (customer_id 0, identity only in
 *    the order's billing address); a few loyal customers buy often, most buy
 *    once or twice.
 *
 * People: n_people = MAX (30, n_orders × 400 / 3000); two thirds of them are
 * registered customers (served by /customers, ids from SK_DEMO_CUSTOMER_ID_BASE),
 * the others guests. Names are international (Müller, Łukasz, Zoë, José, 王…);
 * e-mail addresses are unique per person and use reserved example domains.
 *
 * The JSON writers produce WooCommerce REST v3's shapes and field names,
 * escaped like WordPress does (non-ASCII as \uXXXX, "/" as "\/").
 *
 * All functions are thread-safe on a const SkDemoData: it is immutable once
 * created.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SK_DEMO_ORDER_ID_BASE      1000
#define SK_DEMO_CUSTOMER_ID_BASE   2      /* WordPress user 1 is the shop admin */
#define SK_DEMO_REFUND_ID_BASE     200000000
#define SK_DEMO_MAX_ORDERS         50000000
/* Upper bound of date_modified - date_created of any order, in seconds. */
#define SK_DEMO_MAX_MODIFIED_DELAY (20 * 24 * 3600)
/* Length of the generated history before the anchor (18 months). */
#define SK_DEMO_HISTORY_SECONDS    (548 * 24 * 3600)
#define SK_DEMO_TAX_PERCENT        19

typedef struct _SkDemoData SkDemoData;

typedef struct
{
  guint        index;            /* 0 … n_people-1 */
  gint64       customer_id;      /* 0 for a guest */
  const char  *first_name;
  const char  *last_name;
  const char  *company;          /* "" when none */
  const char  *city;
  const char  *state;            /* "" when the country has none */
  const char  *postcode;
  const char  *country;          /* ISO 3166-1 alpha-2 */
  char         address_1[96];
  char         shipping_address_1[96]; /* usually the same as address_1 */
  char         email[128];
  char         phone[32];
  char         username[64];     /* registered customers only, else "" */
  gint64       date_created;     /* registered customers only, else 0 */
  gint64       date_modified;
} SkDemoPerson;

typedef struct
{
  gint64       id;
  gint64       product_id;
  guint        product_index;
  const char  *name;
  const char  *sku;
  gint64       quantity;
  gint64       price;            /* unit price before tax, minor units */
  gint64       subtotal;         /* price × quantity */
  gint64       subtotal_tax;
  gint64       total;            /* after the coupon */
  gint64       total_tax;
} SkDemoLineItem;

typedef struct
{
  gint64       id;
  gint64       date_created;
  gint64       amount;           /* positive, minor units */
  const char  *reason;
  gint         item;             /* index of the refunded line item, -1: the whole order */
} SkDemoRefund;

typedef struct
{
  gint64       id;
  gint64       date_created;
  gboolean     customer_note;    /* TRUE: visible to the customer */
  const char  *author;           /* "WooCommerce" for system notes, "system" for the shop's */
  char         note[192];
} SkDemoNote;

typedef struct
{
  gint64       id;
  const char  *key;
  const char  *value;            /* a JSON string value */
} SkDemoMeta;

typedef struct
{
  guint          index;
  gint64         id;
  const char    *status;         /* slug */
  gint64         date_created;
  gint64         date_modified;
  gint64         date_paid;      /* 0: not paid */
  gint64         date_completed; /* 0: not completed */
  char           order_key[32];
  char           transaction_id[40];
  char           customer_ip_address[16];
  const char    *payment_method;
  const char    *payment_method_title;
  const char    *customer_note;  /* "" when none */
  SkDemoPerson   customer;       /* billing (and shipping) identity */
  const char    *coupon_code;    /* NULL when none */
  guint          n_items;
  SkDemoLineItem items[4];
  const char    *shipping_method_id;
  const char    *shipping_method_title;
  gint64         shipping_total;
  gint64         shipping_tax;
  gint64         discount_total;
  gint64         discount_tax;
  gint64         cart_tax;
  gint64         total_tax;
  gint64         total;
  guint          n_refunds;
  SkDemoRefund   refunds[1];
  guint          n_notes;
  SkDemoNote     notes[3];       /* oldest first */
  guint          n_meta;
  SkDemoMeta     meta[2];
} SkDemoOrder;

/* What the store added to an order after it was generated (see
 * sk-demo-overlay.h): notes and refunds made through the API, oldest
 * first. Strings belong to the caller. */
typedef struct
{
  gint64       id;
  gint64       date_created;
  gboolean     customer_note;
  const char  *author;
  const char  *note;             /* any length */
} SkDemoExtraNote;

typedef struct
{
  gint64       item_id;          /* the order's line item */
  gint64       quantity;         /* positive */
  gint64       refund_total;     /* positive, minor units, before tax */
  gint64       refund_tax;
  guint        product_index;    /* the line's product, for restocking */
} SkDemoRefundLine;

typedef struct
{
  gint64                  id;
  gint64                  date_created;
  gint64                  amount;           /* positive, minor units */
  const char             *reason;
  gboolean                refunded_payment; /* api_refund was TRUE */
  guint                   n_lines;
  const SkDemoRefundLine *lines;
} SkDemoExtraRefund;

typedef struct
{
  guint                    n_notes;
  const SkDemoExtraNote   *notes;
  guint                    n_refunds;
  const SkDemoExtraRefund *refunds;
} SkDemoOrderExtra;

/* A product's state changed through the API. */
typedef struct
{
  gboolean     featured;
  gint64       date_modified;
  const char  *tags_json;        /* a JSON array of {id,name,slug}; NULL: [] */
  gint64       restocked;        /* items refunds put back in stock */
} SkDemoProductExtra;

/* Which top-level fields the JSON writers emit (WooCommerce's `_fields=`).
 * NULL means all. Build one with sk_demo_fields_new(). */
typedef struct _SkDemoFields SkDemoFields;

/* @anchor_utc: the "now" of the history, Unix seconds UTC (no order is
 * created or modified after it). @n_orders is clamped to SK_DEMO_MAX_ORDERS. */
SkDemoData  *sk_demo_data_new                   (guint64            seed,
                                                 guint              n_orders,
                                                 gint64             anchor_utc);
/* As sk_demo_data_new() with @n_people people (two in three registered
 * customers, the rest guests) instead of 400 per 3,000 orders; 0: that
 * default. For benchmarks of shops with many occasional buyers. */
SkDemoData  *sk_demo_data_new_with_people       (guint64            seed,
                                                 guint              n_orders,
                                                 guint              n_people,
                                                 gint64             anchor_utc);
void         sk_demo_data_free                  (SkDemoData        *self);

guint64      sk_demo_data_get_seed              (const SkDemoData  *self);
gint64       sk_demo_data_get_anchor            (const SkDemoData  *self);
const char  *sk_demo_data_get_currency          (const SkDemoData  *self);
guint        sk_demo_data_get_n_orders          (const SkDemoData  *self);
guint        sk_demo_data_get_n_people          (const SkDemoData  *self);
guint        sk_demo_data_get_n_customers       (const SkDemoData  *self);
guint        sk_demo_data_get_n_products        (const SkDemoData  *self);

/* Ids ↔ indexes. The *_index() functions return FALSE for unknown ids. */
gint64       sk_demo_data_order_id              (const SkDemoData  *self,
                                                 guint              index);
gboolean     sk_demo_data_order_index           (const SkDemoData  *self,
                                                 gint64             id,
                                                 guint             *out_index);
gint64       sk_demo_data_customer_id           (const SkDemoData  *self,
                                                 guint              index);
gboolean     sk_demo_data_customer_index        (const SkDemoData  *self,
                                                 gint64             id,
                                                 guint             *out_index);
gint64       sk_demo_data_product_id            (const SkDemoData  *self,
                                                 guint              index);

/* Cheap per-order attributes (a few hashes, no allocation) for filtering. */
gint64       sk_demo_data_order_date_created    (const SkDemoData  *self,
                                                 guint              index);
gint64       sk_demo_data_order_date_modified   (const SkDemoData  *self,
                                                 guint              index);
const char  *sk_demo_data_order_status          (const SkDemoData  *self,
                                                 guint              index);
/* Trashed orders (status "trash"), hidden from listings unless asked for
 * with status=trash, as in WooCommerce. They follow a fixed pattern of the
 * index among orders older than 30 days, so they can be counted in O(1). */
gboolean     sk_demo_data_order_is_trashed      (const SkDemoData  *self,
                                                 guint              index);
/* Number of trashed orders with an index in [@lo, @hi). */
guint        sk_demo_data_count_trashed         (const SkDemoData  *self,
                                                 guint              lo,
                                                 guint              hi);
/* The first index whose date_created is >= @t (n_orders if none):
 * a binary search, since date_created increases with the index. */
guint        sk_demo_data_order_lower_bound     (const SkDemoData  *self,
                                                 gint64             t);

/* Full records, computed on demand into caller-owned memory. Strings point
 * into static tables or into the struct itself: valid while it lives. */
void         sk_demo_data_get_order             (const SkDemoData  *self,
                                                 guint              index,
                                                 SkDemoOrder       *out);
void         sk_demo_data_get_person            (const SkDemoData  *self,
                                                 guint              person_index,
                                                 SkDemoPerson      *out);
void         sk_demo_data_get_customer          (const SkDemoData  *self,
                                                 guint              index,
                                                 SkDemoPerson      *out);
/* Product attributes (precomputed). Price and regular price in minor units;
 * price is the sale price when on sale. */
const char  *sk_demo_data_product_name          (const SkDemoData  *self,
                                                 guint              index);
gint64       sk_demo_data_product_price         (const SkDemoData  *self,
                                                 guint              index);
gint64       sk_demo_data_product_date_created  (const SkDemoData  *self,
                                                 guint              index);
gboolean     sk_demo_data_product_is_featured   (const SkDemoData  *self,
                                                 guint              index);
gint64       sk_demo_data_product_date_modified (const SkDemoData  *self,
                                                 guint              index);

/* The coupons the generated orders use (percent discounts), which the
 * store lists before any made through the API. */
guint        sk_demo_data_get_n_coupons         (const SkDemoData  *self);
const char  *sk_demo_data_coupon_code           (const SkDemoData  *self,
                                                 guint              index,
                                                 guint             *out_percent);

/* The WooCommerce consumer key ("ck_" + 40 hex) and secret ("cs_" + 40 hex)
 * of a demo store with @seed. Free with g_free(). */
char        *sk_demo_data_dup_consumer_key      (guint64            seed);
char        *sk_demo_data_dup_consumer_secret   (guint64            seed);

/* `_fields=` support. @spec is a comma-separated list of top-level field
 * names ("id,status,billing"); a nested name such as "billing.email" selects
 * its top-level field. "id" is always kept. Returns NULL (all fields) for
 * NULL or "". */
SkDemoFields *sk_demo_fields_new                (const char        *spec);
void          sk_demo_fields_free               (SkDemoFields      *fields);
/* TRUE when @fields names nothing but @allowed (NULL-terminated). */
gboolean      sk_demo_fields_only               (const SkDemoFields *fields,
                                                 const char *const  *allowed);
/* Whether the writers would emit @name. */
gboolean      sk_demo_fields_has                (const SkDemoFields *fields,
                                                 const char         *name);

/* JSON writers: append one object to @out. @base_url ("http://127.0.0.1:PORT")
 * is used for `_links` and image URLs. @fields may be NULL (all). */
void         sk_demo_data_write_order           (const SkDemoData  *self,
                                                 guint              index,
                                                 const SkDemoFields *fields,
                                                 const char        *base_url,
                                                 GString           *out);
void         sk_demo_data_write_customer        (const SkDemoData  *self,
                                                 guint              index,
                                                 const SkDemoFields *fields,
                                                 const char        *base_url,
                                                 GString           *out);
void         sk_demo_data_write_product         (const SkDemoData  *self,
                                                 guint              index,
                                                 const SkDemoFields *fields,
                                                 const char        *base_url,
                                                 GString           *out);
/* Arrays: the notes of one order (newest first, as WooCommerce lists them)
 * and its full refund objects. */
void         sk_demo_data_write_order_notes     (const SkDemoData  *self,
                                                 guint              index,
                                                 const SkDemoFields *fields,
                                                 const char        *base_url,
                                                 GString           *out);
void         sk_demo_data_write_order_refunds   (const SkDemoData  *self,
                                                 guint              index,
                                                 const SkDemoFields *fields,
                                                 const char        *base_url,
                                                 GString           *out);

/* The same writers for an order record the caller may have changed
 * (status, date_modified, customer_note…) plus what was added to it
 * (@extra may be NULL). */
void         sk_demo_data_write_order_record    (const SkDemoData       *self,
                                                 const SkDemoOrder      *order,
                                                 const SkDemoOrderExtra *extra,
                                                 const SkDemoFields     *fields,
                                                 const char             *base_url,
                                                 GString                *out);
/* The elements of the notes and refunds arrays, without the brackets. */
void         sk_demo_data_write_notes_record    (const SkDemoData       *self,
                                                 const SkDemoOrder      *order,
                                                 const SkDemoOrderExtra *extra,
                                                 const SkDemoFields     *fields,
                                                 const char             *base_url,
                                                 GString                *out);
void         sk_demo_data_write_refunds_record  (const SkDemoData       *self,
                                                 const SkDemoOrder      *order,
                                                 const SkDemoOrderExtra *extra,
                                                 const SkDemoFields     *fields,
                                                 const char             *base_url,
                                                 GString                *out);
/* One note or refund object made through the API. */
void         sk_demo_data_write_note_record     (const SkDemoOrder      *order,
                                                 const SkDemoExtraNote  *note,
                                                 const SkDemoFields     *fields,
                                                 const char             *base_url,
                                                 GString                *out);
void         sk_demo_data_write_refund_record   (const SkDemoOrder       *order,
                                                 const SkDemoExtraRefund *refund,
                                                 const SkDemoFields      *fields,
                                                 const char              *base_url,
                                                 GString                 *out);
void         sk_demo_data_write_product_record  (const SkDemoData         *self,
                                                 guint                     index,
                                                 const SkDemoProductExtra *extra,
                                                 const SkDemoFields       *fields,
                                                 const char               *base_url,
                                                 GString                  *out);
/* The sum of an order's refunds, generated and added, in minor units. */
/* What refunds already took back of line @item (quantity, total before
 * tax, tax), the generated refund and those made through the API. */
void         sk_demo_order_item_refunded        (const SkDemoOrder      *order,
                                                 const SkDemoOrderExtra *extra,
                                                 guint                   item,
                                                 gint64                 *out_quantity,
                                                 gint64                 *out_total,
                                                 gint64                 *out_tax);
gint64       sk_demo_order_refunded             (const SkDemoOrder       *order,
                                                 const SkDemoOrderExtra  *extra);

/* Helpers the server shares. */
/* Appends @text as a JSON string (with quotes), escaped as WordPress does. */
void         sk_demo_json_append_string         (GString           *out,
                                                 const char        *text);
/* Appends "2026-03-01T14:05:09" (UTC) for @unix_utc. */
void         sk_demo_append_iso8601             (GString           *out,
                                                 gint64             unix_utc);
/* Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS" with optional fraction and "Z" or
 * "+HH:MM" offset, as WordPress's rest_parse_date() accepts. */
gboolean     sk_demo_parse_iso8601              (const char        *text,
                                                 gint64            *out_unix);
/* Appends @minor as "24.90" (2 decimals; "-12.50" for negatives). */
void         sk_demo_append_money               (GString           *out,
                                                 gint64             minor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkDemoData, sk_demo_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkDemoFields, sk_demo_fields_free)

G_END_DECLS
