/* sk-customers.h — reading customer profiles (see sk-insights.h for how
 * they are computed).
 *
 * Use on the thread of @database, like every SkDatabase function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-records.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;               /* local order id, for the Orders area */
  gint64  remote_id;
  char   *number;
  char   *status;
  gint64  date_created;
  gint64  total;
  char   *currency;
  gint64  refunded;         /* sum of its refunds */
} SkCustomerOrder;

struct _SkCustomerProfile
{
  gint64      id;
  gint64      customer_remote_id;    /* 0 for a guest */
  char       *email;
  char       *first_name;            /* the name to greet them by */
  char       *last_name;
  char       *display_name;
  char       *username;              /* registered customers only */
  gint64      registered_at;         /* 0 for a guest */
  SkAddress   billing;               /* the account's, or the latest order's */
  SkAddress   shipping;
  gint64      first_order;
  gint64      last_order;
  gint64      order_count;           /* counted orders (see sk-insights.h) */
  char       *currency;
  gint64      lifetime_value;
  gint64      average_order_value;
  gint64      usual_gap_days;
  gint64      refunds_total;
  int         segment;               /* SkRfmSegment */
  guint       r_score, f_score, m_score;
  gint64      overdue_at;
  GPtrArray  *orders;                /* SkCustomerOrder, newest first, every status */
};

void               sk_customer_profile_free   (SkCustomerProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCustomerProfile, sk_customer_profile_free)

/* Local ids of the profiles matching @search (free text, matched in name
 * and e-mail, case-insensitively) and @segment (an SkRfmSegment, or -1 for
 * all), in display order. */
GArray            *sk_customers_query_ids     (SkDatabase      *database,
                                               const char      *search,
                                               int              segment,
                                               SkCustomerSort   sort,
                                               gboolean         descending,
                                               GError         **error);

/* The customers list's filter. */
typedef struct
{
  const char *search;         /* free text, or NULL */
  int         segment;        /* SkRfmSegment, -1 for all */
  const char *tag;            /* a tag (sk-customer-care.h), or NULL */
  gint64      saved_segment;  /* a saved segment's id, 0 for none */
} SkCustomerFilter;

/* The same with every filter of the customers list. */
GArray            *sk_customers_query_filtered (SkDatabase             *database,
                                                const SkCustomerFilter *filter,
                                                SkCustomerSort          sort,
                                                gboolean                descending,
                                                GError                **error);

/* SkCustomerObjects for @n_ids profiles, in the order of @ids. */
GPtrArray         *sk_customers_load_objects  (SkDatabase      *database,
                                               const gint64    *ids,
                                               guint            n_ids,
                                               GError         **error);

SkCustomerProfile *sk_customers_load_profile  (SkDatabase      *database,
                                               gint64           profile_id,
                                               GError         **error);

/* The profile filed under @email (any case; merged addresses lead to
 * their profile), 0 if none. Profile ids change with every refresh: this
 * finds a customer again after one. */
gint64             sk_customers_find_by_email (SkDatabase      *database,
                                               const char      *email);

/* Number of profiles, for "N customers" labels. */
gint64             sk_customers_count         (SkDatabase      *database);

G_END_DECLS
