/* sk-insights.h — customer profiles, segments and the dashboard's figures.
 *
 * sk_insights_refresh () rebuilds the derived tables of 005-customers.sql
 * (customer_profiles, daily_sales,
 * insight_periods, customer_cohorts) from orders, customers and refunds in
 * one transaction. It takes a second or two for a million orders, so run it
 * on a worker thread with a writable connection of its own (see
 * sk_insights_refresh_async ()); readers keep seeing the previous figures
 * until it commits.
 *
 * Definitions (also in the schema):
 *  - counted orders: every status except pending, failed, cancelled,
 *    trash, draft and checkout-draft;
 *  - money is summed in the shop's main currency, the currency of the
 *    newest order; orders in other currencies count as orders only;
 *  - a "new" order is a customer's first counted order, every later one
 *    is "returning";
 *  - repeat-customer rate of a period: customers who ordered in it and had
 *    two counted orders or more by its end, out of all who ordered in it;
 *  - refund rate: refunds made in the period / revenue of the period;
 *  - usual gap: the median of the days between a customer's consecutive
 *    counted orders; a customer with three orders or more is overdue when
 *    more than twice that has passed since the last one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_INSIGHTS_SECONDS_PER_DAY 86400
/* Orders processing or on hold for longer than this need attention. */
#define SK_INSIGHTS_WAITING_SECONDS (2 * SK_INSIGHTS_SECONDS_PER_DAY)
/* Overdue customers are listed while they became overdue at most this long
 * ago; after that they are simply lapsed (see the RFM segments). */
#define SK_INSIGHTS_OVERDUE_WINDOW  (180 * SK_INSIGHTS_SECONDS_PER_DAY)
/* Cohorts (first-purchase months) shown in the retention grid. */
#define SK_INSIGHTS_MAX_COHORTS     12

/* RFM thresholds the owner may set (sk-shop-settings.h) instead of the
 * quintiles of sk-rfm.h, each SK_RFM_N_CUTS ascending whole numbers
 * (sk_rfm_parse_cuts ()); unset or unreadable: quintiles.
 *  - recency: days since the last order; at most the first scores 5,
 *    at most the second 4... ("30,90,180,365");
 *  - frequency: counted orders; up to the first scores 1, up to the
 *    second 2... ("1,2,4,8");
 *  - monetary: lifetime value in minor units of the main currency; up to
 *    the first scores 1... ("5000,10000,25000,50000"). */
#define SK_RFM_SETTING_RECENCY   "customers.rfm.recency-days"
#define SK_RFM_SETTING_FREQUENCY "customers.rfm.frequency"
#define SK_RFM_SETTING_MONETARY  "customers.rfm.monetary"

gboolean  sk_insights_refresh      (SkDatabase  *database,
                                    GError     **error);
/* The same with an explicit "now" (Unix seconds UTC), for tests. */
gboolean  sk_insights_refresh_at   (SkDatabase  *database,
                                    gint64       now_utc,
                                    GError     **error);

/* TRUE if the figures were never computed, were computed on an earlier UTC
 * day than @now_utc, or before the last completed sync. */
gboolean  sk_insights_is_stale     (SkDatabase  *database,
                                    gint64       now_utc);

/* Opens its own writable connection to the database at @path on a worker
 * thread and refreshes there. */
void      sk_insights_refresh_async  (const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  sk_insights_refresh_finish (GAsyncResult        *result,
                                      GError             **error);

typedef struct
{
  gint64 revenue;            /* minor units of SkDashboard.currency */
  gint64 orders;
  gint64 new_orders;
  gint64 returning_orders;
  gint64 returning_revenue;
  gint64 refunds;
  gint64 customers;          /* distinct customers who ordered */
  gint64 repeat_customers;
} SkPeriodFigures;

typedef struct
{
  gint64 day;                /* Unix seconds of the UTC midnight */
  gint64 revenue;
  gint64 orders;
  gint64 new_orders;
  gint64 returning_orders;
  gint64 new_revenue;
  gint64 returning_revenue;
  gint64 refunds;
} SkDaySales;

typedef struct
{
  gint64  profile_id;
  char   *name;
  gint64  last_order;
  gint64  usual_gap_days;
} SkOverdueCustomer;

typedef struct
{
  guint            days;             /* length of the period */
  gint64           start_day;        /* first UTC day of the period */
  gint64           end_day;          /* exclusive */
  gint64           refreshed_at;
  char            *currency;
  SkPeriodFigures  current;
  SkPeriodFigures  previous;
  GArray          *sales;            /* SkDaySales, one per day of the period, oldest first */
  /* Retention: up to SK_INSIGHTS_MAX_COHORTS cohorts, oldest first;
   * cohort_sizes[c] customers started in month cohort_first + c (year × 12
   * + month - 1); retained[c][k] of them ordered k months later. */
  guint            n_cohorts;
  gint64           cohort_first;
  gint64           cohort_sizes[SK_INSIGHTS_MAX_COHORTS];
  gint64           retained[SK_INSIGHTS_MAX_COHORTS][SK_INSIGHTS_MAX_COHORTS];
  /* Needs attention today. */
  gint64           waiting_orders;   /* processing or on hold for > 2 days */
  gint64           oldest_waiting_order_id; /* local id, 0 if none */
  gint64           n_overdue;
  GPtrArray       *overdue;          /* SkOverdueCustomer, most valuable first, at most 20 */
} SkDashboard;

void          sk_dashboard_free      (SkDashboard *dashboard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkDashboard, sk_dashboard_free)

/* Reads the precomputed figures for the last @days days (7, 30 or 90)
 * ending with the UTC day of the last refresh. Fails with
 * SK_DATABASE_ERROR_NOT_FOUND if there was no refresh yet. */
SkDashboard  *sk_insights_load_dashboard (SkDatabase  *database,
                                          guint        days,
                                          gint64       now_utc,
                                          GError     **error);

/* The UTC day (midnight, Unix seconds) of @unix_utc, and the month index
 * year × 12 + month - 1 of it. */
gint64        sk_insights_day_of     (gint64       unix_utc);
gint64        sk_insights_month_of   (gint64       unix_utc);

G_END_DECLS
