/* sk-insights-dashboard.c — reads what the dashboard shows from the tables
 * sk_insights_refresh () (sk-insights.c) fills.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-insights"

#include "config.h"

#include "sk-insights.h"

#include <glib/gi18n.h>

#include "sk-database-private.h"

#define DAY SK_INSIGHTS_SECONDS_PER_DAY

static void
sk_overdue_customer_free (gpointer data)
{
  SkOverdueCustomer *customer = data;

  g_free (customer->name);
  g_free (customer);
}

void
sk_dashboard_free (SkDashboard *dashboard)
{
  if (dashboard == NULL)
    return;

  g_free (dashboard->currency);
  g_clear_pointer (&dashboard->sales, g_array_unref);
  g_clear_pointer (&dashboard->overdue, g_ptr_array_unref);
  g_free (dashboard);
}

static gboolean
load_period (SkDatabase       *database,
             guint             days,
             gboolean          previous,
             SkDashboard      *dashboard,
             SkPeriodFigures  *figures,
             GError          **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT p.start_day, p.end_day, p.customers, p.repeat_customers,"
                               "       coalesce (sum (d.revenue), 0), coalesce (sum (d.orders), 0),"
                               "       coalesce (sum (d.new_orders), 0), coalesce (sum (d.returning_orders), 0),"
                               "       coalesce (sum (d.returning_revenue), 0), coalesce (sum (d.refunds), 0),"
                               "       (SELECT currency FROM daily_sales LIMIT 1)"
                               "  FROM insight_periods AS p"
                               "  LEFT JOIN daily_sales AS d ON d.day >= p.start_day AND d.day < p.end_day"
                               " WHERE p.days = ?1 AND p.previous = ?2"
                               " GROUP BY p.days, p.previous",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, days);
  sqlite3_bind_int64 (stmt, 2, previous ? 1 : 0);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                   _("The figures for the dashboard have not been computed yet."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the dashboard’s figures"));
      return FALSE;
    }

  if (!previous)
    {
      dashboard->start_day = sqlite3_column_int64 (stmt, 0);
      dashboard->end_day = sqlite3_column_int64 (stmt, 1);
      g_free (dashboard->currency);
      dashboard->currency = g_strdup (_sk_database_column_text (stmt, 10));
    }
  figures->customers = sqlite3_column_int64 (stmt, 2);
  figures->repeat_customers = sqlite3_column_int64 (stmt, 3);
  figures->revenue = sqlite3_column_int64 (stmt, 4);
  figures->orders = sqlite3_column_int64 (stmt, 5);
  figures->new_orders = sqlite3_column_int64 (stmt, 6);
  figures->returning_orders = sqlite3_column_int64 (stmt, 7);
  figures->returning_revenue = sqlite3_column_int64 (stmt, 8);
  figures->refunds = sqlite3_column_int64 (stmt, 9);

  return TRUE;
}

static gboolean
load_sales (SkDatabase   *database,
            SkDashboard  *dashboard,
            GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT day, revenue, orders, new_orders, returning_orders,"
                               "       new_revenue, returning_revenue, refunds"
                               "  FROM daily_sales WHERE day >= ?1 AND day < ?2 ORDER BY day",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, dashboard->start_day);
  sqlite3_bind_int64 (stmt, 2, dashboard->end_day);

  /* One entry per day, days without orders included, so a chart needs no
   * calendar of its own. */
  for (gint64 day = dashboard->start_day; day < dashboard->end_day; day += DAY)
    {
      SkDaySales empty = { 0 };

      empty.day = day;
      g_array_append_val (dashboard->sales, empty);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 day = sqlite3_column_int64 (stmt, 0);
      guint index = (guint) ((day - dashboard->start_day) / DAY);
      SkDaySales *sales;

      if (index >= dashboard->sales->len)
        continue;

      sales = &g_array_index (dashboard->sales, SkDaySales, index);
      sales->revenue = sqlite3_column_int64 (stmt, 1);
      sales->orders = sqlite3_column_int64 (stmt, 2);
      sales->new_orders = sqlite3_column_int64 (stmt, 3);
      sales->returning_orders = sqlite3_column_int64 (stmt, 4);
      sales->new_revenue = sqlite3_column_int64 (stmt, 5);
      sales->returning_revenue = sqlite3_column_int64 (stmt, 6);
      sales->refunds = sqlite3_column_int64 (stmt, 7);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the dashboard’s figures"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_cohorts (SkDatabase   *database,
              SkDashboard  *dashboard,
              GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 last;
  int rc;

  /* The last SK_INSIGHTS_MAX_COHORTS months up to the refresh's month. */
  last = sk_insights_month_of (dashboard->end_day - 1);
  dashboard->cohort_first = last - SK_INSIGHTS_MAX_COHORTS + 1;
  dashboard->n_cohorts = SK_INSIGHTS_MAX_COHORTS;

  stmt = _sk_database_prepare (database,
                               "SELECT cohort, months_since, customers FROM customer_cohorts"
                               " WHERE cohort >= ?1 AND cohort <= ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, dashboard->cohort_first);
  sqlite3_bind_int64 (stmt, 2, last);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 c = sqlite3_column_int64 (stmt, 0) - dashboard->cohort_first;
      gint64 k = sqlite3_column_int64 (stmt, 1);
      gint64 n = sqlite3_column_int64 (stmt, 2);

      if (c < 0 || c >= SK_INSIGHTS_MAX_COHORTS || k < 0 || k >= SK_INSIGHTS_MAX_COHORTS)
        continue;

      dashboard->retained[c][k] = n;
      if (k == 0)
        dashboard->cohort_sizes[c] = n;
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the dashboard’s figures"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_attention (SkDatabase   *database,
                SkDashboard  *dashboard,
                gint64        now_utc,
                GError      **error)
{
  g_autoptr(SkCachedStmt) waiting = NULL;
  g_autoptr(SkCachedStmt) overdue = NULL;
  int rc;

  /* Uses orders_by_status_date: two short range scans. */
  waiting = _sk_database_prepare (database,
                                  "SELECT count (*), (SELECT id FROM orders"
                                  "                    WHERE status IN ('processing', 'on-hold')"
                                  "                      AND date_created < ?1"
                                  "                    ORDER BY date_created LIMIT 1)"
                                  "  FROM orders WHERE status IN ('processing', 'on-hold')"
                                  "   AND date_created < ?1",
                                  error);
  if (waiting == NULL)
    return FALSE;

  sqlite3_bind_int64 (waiting, 1, now_utc - SK_INSIGHTS_WAITING_SECONDS);
  rc = sqlite3_step (waiting);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return FALSE;
    }
  dashboard->waiting_orders = sqlite3_column_int64 (waiting, 0);
  dashboard->oldest_waiting_order_id = sqlite3_column_int64 (waiting, 1);

  /* The 20 most valuable overdue customers are picked from the covering
   * index customer_profiles_overdue_value alone, and only their rows are
   * read: sorting the 13,000 overdue rows themselves (with their order id
   * blobs) took 150-280 ms at 260,000 profiles. "overdue_at > 0" lets
   * SQLite use the partial indexes, which it cannot prove from a bound ?1. */
  overdue = _sk_database_prepare (database,
                                  "SELECT p.id, p.display_name, p.last_order, p.usual_gap_days,"
                                  "       (SELECT count (*) FROM customer_profiles"
                                  "         WHERE overdue_at > 0 AND overdue_at > ?1 AND overdue_at <= ?2)"
                                  "  FROM (SELECT id FROM customer_profiles"
                                  "         WHERE overdue_at > 0 AND overdue_at > ?1 AND overdue_at <= ?2"
                                  "         ORDER BY lifetime_value DESC, id LIMIT 20) AS top"
                                  "  JOIN customer_profiles AS p ON p.id = top.id"
                                  " ORDER BY p.lifetime_value DESC, p.id",
                                  error);
  if (overdue == NULL)
    return FALSE;

  sqlite3_bind_int64 (overdue, 1, now_utc - SK_INSIGHTS_OVERDUE_WINDOW);
  sqlite3_bind_int64 (overdue, 2, now_utc);

  while ((rc = sqlite3_step (overdue)) == SQLITE_ROW)
    {
      SkOverdueCustomer *customer = g_new0 (SkOverdueCustomer, 1);

      customer->profile_id = sqlite3_column_int64 (overdue, 0);
      customer->name = g_strdup (_sk_database_column_text (overdue, 1));
      customer->last_order = sqlite3_column_int64 (overdue, 2);
      customer->usual_gap_days = sqlite3_column_int64 (overdue, 3);
      dashboard->n_overdue = sqlite3_column_int64 (overdue, 4);
      g_ptr_array_add (dashboard->overdue, customer);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the customers"));
      return FALSE;
    }

  return TRUE;
}

SkDashboard *
sk_insights_load_dashboard (SkDatabase  *database,
                            guint        days,
                            gint64       now_utc,
                            GError     **error)
{
  g_autoptr(SkDashboard) dashboard = NULL;
  g_autoptr(SkCachedStmt) state = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (days == 7 || days == 30 || days == 90, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dashboard = g_new0 (SkDashboard, 1);
  dashboard->days = days;
  dashboard->currency = g_strdup ("");
  dashboard->sales = g_array_sized_new (FALSE, TRUE, sizeof (SkDaySales), days);
  dashboard->overdue = g_ptr_array_new_with_free_func (sk_overdue_customer_free);

  /* One read transaction, so every figure comes from the same refresh
   * even if another one commits meanwhile. */
  if (!_sk_database_exec (database, "BEGIN", _("Could not read the dashboard’s figures"), error))
    return NULL;

  state = _sk_database_prepare (database, "SELECT refreshed_at FROM insights_state WHERE id = 1", error);
  if (state != NULL && sqlite3_step (state) == SQLITE_ROW)
    dashboard->refreshed_at = sqlite3_column_int64 (state, 0);

  if (state == NULL ||
      !load_period (database, days, FALSE, dashboard, &dashboard->current, error) ||
      !load_period (database, days, TRUE, dashboard, &dashboard->previous, error) ||
      !load_sales (database, dashboard, error) ||
      !load_cohorts (database, dashboard, error) ||
      !load_attention (database, dashboard, now_utc, error))
    {
      g_clear_pointer (&state, _sk_cached_stmt_release);
      _sk_database_rollback (database);
      return NULL;
    }

  g_clear_pointer (&state, _sk_cached_stmt_release);
  _sk_database_rollback (database);

  return g_steal_pointer (&dashboard);
}
