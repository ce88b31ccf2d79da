/* sk-refunds-figures.c — the figures of the refunds area: returns by
 * reason and by product against orders of a period, the amount given
 * back, goodwill and the median time to a decision, for one store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refunds"

#include "config.h"

#include "sk-refunds.h"

#include "sk-database-private.h"
#include "sk-refunds-private.h"

static void
product_figure_free (SkRefundProductFigure *figure)
{
  g_free (figure->name);
  g_free (figure);
}

void
sk_refund_figures_free (SkRefundFigures *figures)
{
  if (figures == NULL)
    return;

  g_clear_pointer (&figures->by_product, g_ptr_array_unref);
  g_clear_pointer (&figures->by_reason, g_ptr_array_unref);
  g_free (figures->currency);
  g_free (figures);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_product_figures (gconstpointer a,
                         gconstpointer b)
{
  const SkRefundProductFigure *x = *(SkRefundProductFigure * const *) a;
  const SkRefundProductFigure *y = *(SkRefundProductFigure * const *) b;

  if (x->rate_bp != y->rate_bp)
    return x->rate_bp < y->rate_bp ? 1 : -1;
  if (x->units_returned != y->units_returned)
    return x->units_returned < y->units_returned ? 1 : -1;
  return (x->product_remote_id > y->product_remote_id) - (x->product_remote_id < y->product_remote_id);
}

static gint64
rate_bp (gint64 part,
         gint64 whole)
{
  if (whole <= 0 || part < 0 || part > G_MAXINT64 / 10000)
    return 0;
  return part * 10000 / whole;
}

SkRefundFigures *
sk_refunds_compute_figures (SkDatabase  *database,
                            gint64       store_id,
                            gint64       from,
                            gint64       to,
                            GError     **error)
{
  g_autoptr(SkRefundFigures) figures = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) durations = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  figures = g_new0 (SkRefundFigures, 1);
  figures->from = from;
  figures->to = to;
  figures->by_product = g_ptr_array_new_with_free_func ((GDestroyNotify) product_figure_free);
  figures->by_reason = g_ptr_array_new_with_free_func (g_free);

  /* Orders that could have been returned: not those that never were
   * paid for or were thrown away. */
  figures->orders = _sk_refunds_single_int (database,
                                "SELECT count (*) FROM orders WHERE date_created >= ?1 AND date_created < ?2"
                                /* "+": through the date index, not every order of the store. */
                                " AND +store_id = ?3"
                                " AND status NOT IN ('cancelled', 'failed', 'trash', 'checkout-draft', 'pending')",
                                from, to, store_id, error);
  if (figures->orders < 0)
    return NULL;

  figures->currency = sk_refunds_dup_currency (database, store_id, error);
  if (figures->currency == NULL)
    return NULL;

  stmt = _sk_database_prepare (database,
                               "SELECT count (*), coalesce (sum (state = 'approved'), 0), coalesce (sum (state = 'denied'), 0)"
                               " FROM refund_requests WHERE created_at >= ?1 AND created_at < ?2 AND store_id = ?3",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, store_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _sk_refunds_read_failed (database, rc, error);
      return NULL;
    }
  figures->requests = sqlite3_column_int64 (stmt, 0);
  figures->approved = sqlite3_column_int64 (stmt, 1);
  figures->denied = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  figures->rate_bp = rate_bp (figures->requests, figures->orders);

  /* Money in the store's currency only: amounts in another are not
   * added to it. */
  stmt = _sk_database_prepare (database,
                               "SELECT coalesce (sum (d.amount), 0) FROM refund_decisions d"
                               " JOIN refund_requests r ON r.id = d.request_id"
                               " WHERE d.decision = 'approved' AND d.at >= ?1 AND d.at < ?2 AND r.store_id = ?3"
                               "   AND d.currency = ?4",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, store_id);
  _sk_database_bind_text (stmt, 4, figures->currency);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _sk_refunds_read_failed (database, rc, error);
      return NULL;
    }
  figures->refunded = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  figures->goodwill = sk_refunds_sum_goodwill (database, store_id, from, to, error);
  if (figures->goodwill < 0)
    return NULL;

  /* Median time to a decision, over the decisions made in the period. */
  stmt = _sk_database_prepare (database,
                               "SELECT d.at - r.created_at FROM refund_decisions d"
                               " JOIN refund_requests r ON r.id = d.request_id"
                               " WHERE d.at >= ?1 AND d.at < ?2 AND r.store_id = ?3",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, store_id);
  durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seconds = MAX (sqlite3_column_int64 (stmt, 0), 0);

      g_array_append_val (durations, seconds);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_refunds_read_failed (database, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  if (durations->len == 0)
    figures->median_decision_s = -1;
  else
    {
      guint n = durations->len;

      g_array_sort (durations, compare_gint64);
      if (n % 2 == 1)
        figures->median_decision_s = g_array_index (durations, gint64, n / 2);
      else
        figures->median_decision_s = (g_array_index (durations, gint64, n / 2 - 1)
                                      + g_array_index (durations, gint64, n / 2)) / 2;
    }

  /* Per product: units returned in approved requests of the period
   * against units sold in orders of the period. */
  stmt = _sk_database_prepare (database,
                               "SELECT l.product_remote_id, max (l.name), sum (l.quantity),"
                               " (SELECT coalesce (sum (i.quantity), 0) FROM order_items i"
                               "  JOIN orders o ON o.id = i.order_id"
                               "  WHERE i.product_remote_id = l.product_remote_id AND o.store_id = ?3"
                               "    AND o.date_created >= ?1 AND o.date_created < ?2"
                               "    AND o.status NOT IN ('cancelled', 'failed', 'trash', 'checkout-draft', 'pending'))"
                               " FROM refund_request_lines l JOIN refund_requests r ON r.id = l.request_id"
                               " WHERE r.state = 'approved' AND r.created_at >= ?1 AND r.created_at < ?2"
                               "   AND r.store_id = ?3 AND l.product_remote_id > 0"
                               " GROUP BY l.product_remote_id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, store_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkRefundProductFigure *figure = g_new0 (SkRefundProductFigure, 1);

      figure->product_remote_id = sqlite3_column_int64 (stmt, 0);
      figure->name = g_strdup (_sk_database_column_text (stmt, 1));
      figure->units_returned = sqlite3_column_int64 (stmt, 2);
      figure->units_sold = sqlite3_column_int64 (stmt, 3);
      figure->rate_bp = rate_bp (figure->units_returned, figure->units_sold);
      g_ptr_array_add (figures->by_product, figure);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_refunds_read_failed (database, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  g_ptr_array_sort (figures->by_product, compare_product_figures);

  stmt = _sk_database_prepare (database,
                               "SELECT r.reason, count (*), coalesce (sum (r.state = 'approved'), 0),"
                               " coalesce (sum (CASE WHEN d.decision = 'approved' AND d.currency = ?4 THEN d.amount END), 0)"
                               " FROM refund_requests r LEFT JOIN refund_decisions d ON d.request_id = r.id"
                               " WHERE r.created_at >= ?1 AND r.created_at < ?2 AND r.store_id = ?3"
                               " GROUP BY r.reason ORDER BY count (*) DESC, r.reason",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, store_id);
  _sk_database_bind_text (stmt, 4, figures->currency);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkRefundReasonFigure *figure = g_new0 (SkRefundReasonFigure, 1);

      if (!sk_refund_reason_from_string (_sk_database_column_text (stmt, 0), &figure->reason))
        figure->reason = SK_REFUND_REASON_OTHER;
      figure->requests = sqlite3_column_int64 (stmt, 1);
      figure->approved = sqlite3_column_int64 (stmt, 2);
      figure->amount = sqlite3_column_int64 (stmt, 3);
      figure->rate_bp = rate_bp (figure->requests, figures->orders);
      g_ptr_array_add (figures->by_reason, figure);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_refunds_read_failed (database, rc, error);
      return NULL;
    }

  return g_steal_pointer (&figures);
}
