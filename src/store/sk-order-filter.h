/* sk-order-filter.h — which orders the orders area shows.
 *
 * A plain value (copy it, compare it, keep it in a saved view): free text,
 * status, a date range, payment method, product, customer e-mail and a
 * set of ids another query chose (the "needs attention" orders). Every
 * part left empty matches every order; the parts combine with AND.
 * sk_order_filter_query_ids () turns it into the ids of the orders list,
 * in display order, on the thread of the database like every store/ call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

typedef struct _SkOrderFilter SkOrderFilter;

struct _SkOrderFilter
{
  char   *search;              /* free text (FTS5 prefix words) or NULL */
  char   *status;              /* a status slug, custom ones included, or NULL */
  gint64  created_from;        /* Unix seconds UTC, inclusive; 0: open */
  gint64  created_until;       /* Unix seconds UTC, exclusive; 0: open */
  char   *payment_method;      /* the store's slug ("bacs", "stripe") or NULL */
  gint64  product_remote_id;   /* orders with a line of this product; 0: any */
  char   *customer_email;      /* billing e-mail, case-insensitive; NULL: any */
  /* When not NULL: only these local order ids (gint64, any order, no
   * duplicates needed), e.g. the orders that need attention. */
  GArray *only_ids;
};

typedef struct
{
  char   *slug;
  char   *title;               /* the latest title the store gave it */
  gint64  n_orders;
} SkPaymentMethod;

typedef struct
{
  gint64  remote_id;
  char   *name;
  char   *sku;
} SkProductChoice;

#define SK_TYPE_ORDER_FILTER (sk_order_filter_get_type ())

GType          sk_order_filter_get_type     (void) G_GNUC_CONST;
SkOrderFilter *sk_order_filter_new          (void);
SkOrderFilter *sk_order_filter_copy         (const SkOrderFilter *filter);
void           sk_order_filter_free         (SkOrderFilter       *filter);
gboolean       sk_order_filter_equal        (const SkOrderFilter *a,
                                             const SkOrderFilter *b);
/* TRUE when it matches every order. */
gboolean       sk_order_filter_is_empty     (const SkOrderFilter *filter);
/* How many parts beyond search and status are set (for a badge). */
guint          sk_order_filter_count_extra  (const SkOrderFilter *filter);

/* Setters that normalise: "" is NULL, text is made valid UTF-8. */
void           sk_order_filter_set_search   (SkOrderFilter       *filter,
                                             const char          *search);
void           sk_order_filter_set_status   (SkOrderFilter       *filter,
                                             const char          *status);
void           sk_order_filter_set_payment_method (SkOrderFilter *filter,
                                             const char          *payment_method);
void           sk_order_filter_set_customer_email (SkOrderFilter *filter,
                                             const char          *email);
/* Takes a copy of @ids (NULL: no restriction). */
void           sk_order_filter_set_only_ids (SkOrderFilter       *filter,
                                             const gint64        *ids,
                                             guint                n_ids);
/* The orders placed on the local calendar days @first … @last (both
 * included; either may be NULL for an open end) in @tz (NULL: the local
 * time zone), as UTC bounds. A day that starts in a DST gap starts at
 * the first time that exists. Returns FALSE (filter unchanged) when
 * @last is before @first. */
gboolean       sk_order_filter_set_dates    (SkOrderFilter       *filter,
                                             const GDate         *first,
                                             const GDate         *last,
                                             GTimeZone           *tz);

/* The local ids of the orders matching @filter (NULL: all), sorted by
 * @sort, the local id breaking ties. */
GArray        *sk_order_filter_query_ids    (SkDatabase          *database,
                                             const SkOrderFilter *filter,
                                             SkOrderSort          sort,
                                             gboolean             descending,
                                             GError             **error);

/* The payment methods found in the orders (SkPaymentMethod), most used
 * first: the store's list may have changed since, the data has not. */
GPtrArray     *sk_order_filter_list_payment_methods (SkDatabase  *database,
                                                     GError     **error);
void           sk_payment_method_free       (SkPaymentMethod     *method);

/* Products to choose from (SkProductChoice), by name; when @search is
 * not empty only those whose name or SKU contains it (case-insensitive
 * for ASCII), at most @limit (0: all). */
GPtrArray     *sk_order_filter_list_products (SkDatabase         *database,
                                              const char         *search,
                                              guint               limit,
                                              GError            **error);
void           sk_product_choice_free       (SkProductChoice     *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderFilter, sk_order_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkPaymentMethod, sk_payment_method_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkProductChoice, sk_product_choice_free)

G_END_DECLS
