/* sk-records.h — plain value types for what the store holds.
 *
 * Connectors produce them from the store's answers, store/ writes and reads
 * them, the demo store generates them. Strings are owned, UTF-8, never NULL
 * once a record has been filled by sk_*_record_new() (empty string instead).
 * Money is minor units in the record's currency; times are Unix seconds UTC,
 * 0 meaning "not set".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

struct _SkAddress
{
  char *first_name;
  char *last_name;
  char *company;
  char *address_1;
  char *address_2;
  char *city;
  char *state;
  char *postcode;
  char *country;   /* ISO 3166-1 alpha-2 */
  char *email;     /* billing only */
  char *phone;     /* billing only */
};

struct _SkOrderItemRecord
{
  gint64  remote_id;
  gint64  product_remote_id;   /* 0 if the product is gone */
  gint64  variation_remote_id;
  char   *name;
  char   *sku;
  gint64  quantity;
  gint64  subtotal;            /* before discounts, minor units */
  gint64  total;               /* after discounts, minor units */
  gint64  total_tax;
};

struct _SkOrderNoteRecord
{
  gint64    remote_id;
  gint64    date_created;
  char     *author;
  char     *note;
  gboolean  customer_note;     /* TRUE: visible to (and e-mailed to) the customer */
};

struct _SkRefundRecord
{
  gint64  remote_id;
  gint64  date_created;
  gint64  amount;              /* positive, minor units */
  char   *reason;
};

struct _SkOrderRecord
{
  gint64     remote_id;
  gint64     parent_remote_id;
  char      *number;           /* what to show; may differ from remote_id */
  char      *order_key;
  char      *status;           /* slug: "processing", "completed", or a plugin's own */
  char      *currency;         /* ISO 4217 */
  gint64     date_created;
  gint64     date_modified;
  gint64     date_paid;        /* 0 if not paid */
  gint64     date_completed;   /* 0 if not completed */
  gint64     customer_remote_id; /* 0 for guests */
  char      *customer_note;    /* what the customer wrote at checkout */
  char      *payment_method;
  char      *payment_method_title;
  gint64     discount_total;
  gint64     shipping_total;
  gint64     total_tax;
  gint64     total;
  SkAddress  billing;
  SkAddress  shipping;
  GPtrArray *items;            /* SkOrderItemRecord, owned */
  GPtrArray *refunds;          /* SkRefundRecord, owned: the summary in the order ({id, reason, total}) */
};

struct _SkCustomerRecord
{
  gint64     remote_id;
  gint64     date_created;
  gint64     date_modified;
  char      *email;
  char      *first_name;
  char      *last_name;
  char      *username;
  SkAddress  billing;
  SkAddress  shipping;
};

struct _SkProductRecord
{
  gint64     remote_id;
  gint64     date_created;
  gint64     date_modified;
  char      *name;
  char      *slug;
  char      *sku;
  char      *status;           /* "publish", "draft"… */
  char      *currency;         /* the store's currency (products carry none themselves) */
  gint64     price;            /* minor units */
  gint64     regular_price;
  gboolean   featured;
  gint64     stock_quantity;   /* -1 when stock is not managed */
  char      *stock_status;
  GPtrArray *categories;       /* char*, owned: category names */
};

struct _SkCouponRecord
{
  gint64     remote_id;
  gint64     date_created;
  gint64     date_modified;
  char      *code;
  char      *discount_type;    /* "percent", "fixed_cart", "fixed_product" */
  char      *currency;         /* the store's currency (coupons carry none themselves) */
  gint64     amount;           /* minor units of @currency; percent x 100 for "percent" */
  gint64     date_expires;     /* 0: never */
  gint64     usage_limit;      /* 0: no limit */
  gint64     usage_count;
  gint64     usage_limit_per_user; /* 0: no limit */
  gboolean   individual_use;   /* TRUE: cannot be combined with other coupons */
  char      *email_restrictions; /* JSON array of the e-mail addresses allowed, "[]" for anyone */
};

/* One line of a refund, as a desk asks for it (minor units of the
 * order's currency). @item_remote_id is the order's line item id in the
 * store (SkOrderItemRecord.remote_id); @quantity may be 0 to refund money
 * without taking items back; @refund_total excludes tax, @refund_tax is
 * the line's tax refunded (spread over the line's tax rates when pushed). */
typedef struct
{
  gint64 item_remote_id;
  gint64 quantity;
  gint64 refund_total;
  gint64 refund_tax;
} SkRefundLine;

/* Which fields of a SkCustomerUpdate are set. */
typedef enum
{
  SK_CUSTOMER_UPDATE_FIRST_NAME = 1 << 0,
  SK_CUSTOMER_UPDATE_LAST_NAME  = 1 << 1,
  SK_CUSTOMER_UPDATE_EMAIL      = 1 << 2,
  /* WooCommerce keeps a customer's phone in the billing address: this
   * sets billing.phone alone (and wins over @billing's phone). */
  SK_CUSTOMER_UPDATE_PHONE      = 1 << 3,
  SK_CUSTOMER_UPDATE_BILLING    = 1 << 4,   /* the whole billing address */
  SK_CUSTOMER_UPDATE_SHIPPING   = 1 << 5,   /* the whole shipping address */
} SkCustomerUpdateFields;

/* An edit of a registered customer's contact details; only the fields
 * named in @fields are read (and sent). Everything is borrowed. */
typedef struct
{
  SkCustomerUpdateFields  fields;
  const char             *first_name;
  const char             *last_name;
  const char             *email;
  const char             *phone;
  const SkAddress        *billing;
  const SkAddress        *shipping;
} SkCustomerUpdate;

void               sk_address_init              (SkAddress          *address);
void               sk_address_clear             (SkAddress          *address);
/* "Jane Doe", or the company, or the e-mail; never NULL. */
char              *sk_address_dup_display_name  (const SkAddress    *address);

SkOrderItemRecord *sk_order_item_record_new     (void);
void               sk_order_item_record_free    (SkOrderItemRecord  *item);
SkOrderNoteRecord *sk_order_note_record_new     (void);
void               sk_order_note_record_free    (SkOrderNoteRecord  *note);
SkRefundRecord    *sk_refund_record_new         (void);
void               sk_refund_record_free        (SkRefundRecord     *refund);
SkOrderRecord     *sk_order_record_new          (void);
void               sk_order_record_free         (SkOrderRecord      *order);
/* Sum of the quantities of the line items; saturates at G_MAXINT64
 * (G_MININT64) instead of wrapping when absurd quantities overflow. */
gint64             sk_order_record_count_items  (const SkOrderRecord *order);
SkCustomerRecord  *sk_customer_record_new       (void);
void               sk_customer_record_free      (SkCustomerRecord   *customer);
SkProductRecord   *sk_product_record_new        (void);
void               sk_product_record_free       (SkProductRecord    *product);
SkCouponRecord    *sk_coupon_record_new         (void);
void               sk_coupon_record_free        (SkCouponRecord     *coupon);

/* Replaces *field with a copy of @value (NULL becomes ""), making sure the
 * result is valid UTF-8 (invalid sequences are replaced by U+FFFD) and at
 * most @max_bytes long (cut on a character boundary). Used by every parser. */
void               sk_record_set_string         (char              **field,
                                                 const char         *value,
                                                 gsize               max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderItemRecord, sk_order_item_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderNoteRecord, sk_order_note_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundRecord, sk_refund_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderRecord, sk_order_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCustomerRecord, sk_customer_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkProductRecord, sk_product_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCouponRecord, sk_coupon_record_free)

G_END_DECLS
