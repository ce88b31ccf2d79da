/* sk-order-desk-queries.c — the order desk's refresh and what is read across
 * many orders: needs attention, follow-ups due, lead times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-desk"

#include "config.h"

#include "sk-order-desk.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-order-desk-private.h"
#include "sk-shop-settings.h"

/* The attention of one row of "orders o LEFT JOIN order_desk d", ?1 being
 * now. Which kinds apply to orders that are not open is decided by the
 * caller (only AWAITING_REPLY does). */
#define ATTENTION_EXPR \
  "((CASE WHEN coalesce (d.confirmed_at, 0) = 0 AND coalesce (d.shipped_at, 0) = 0" \
  "        AND o.date_created >= ?1 - " G_STRINGIFY (SK_DESK_UNCONFIRMED_WINDOW) " THEN 1 ELSE 0 END)" \
  " | (CASE WHEN coalesce (d.shipped_at, 0) = 0 AND d.promised_ship_at < ?1 THEN 2 ELSE 0 END)" \
  " | (CASE WHEN coalesce (d.shipped_at, 0) = 0 AND d.promised_ship_at >= ?1" \
  "        AND d.promised_ship_at < ?1 + " G_STRINGIFY (SK_DESK_AT_RISK_WINDOW) " THEN 4 ELSE 0 END)" \
  " | (CASE WHEN coalesce (d.awaiting_reply_since, 0) > 0 THEN 8 ELSE 0 END))"

typedef struct
{
  gint64 date_created;
  gint64 id;
} OrderKey;

/* Refresh */

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least @percent % of the values
 * at or below it. @values sorted, @n > 0. */
static gint64
nearest_rank (const gint64 *values,
              guint         n,
              guint         percent)
{
  guint64 rank = ((guint64) percent * n + 99) / 100;

  return values[MAX (rank, 1) - 1];
}

static gboolean
write_lead_time (SkDatabase  *database,
                 gint64       product,
                 GArray      *leads,
                 guint        min_orders,
                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 median = 0;
  gint64 p90 = 0;

  if (leads->len >= min_orders && leads->len > 0)
    {
      qsort (leads->data, leads->len, sizeof (gint64), compare_gint64);
      median = nearest_rank ((gint64 *) (gpointer) leads->data, leads->len, 50);
      p90 = nearest_rank ((gint64 *) (gpointer) leads->data, leads->len, 90);
    }

  stmt = _sk_database_prepare (database,
                               "INSERT INTO order_lead_times (product_remote_id, orders, median_s, p90_s)"
                               " VALUES (?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product);
  sqlite3_bind_int64 (stmt, 2, leads->len);
  sqlite3_bind_int64 (stmt, 3, median);
  sqlite3_bind_int64 (stmt, 4, p90);
  return _sk_order_desk_step_done (database, stmt, _("Could not save the lead times"), error);
}

/* The key of what the lead times depend on: the newest change the sync
 * wrote to orders and the newest order. Same key, same figures: a sync
 * that changed no order skips the work. (An order deleted in the store
 * and nothing else changed leaves the key alone; its weight in the
 * figures waits for the next change.) */
static char *
lead_times_key (SkDatabase  *database,
                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT (SELECT coalesce (max (cursor), 0) FROM sync_state WHERE resource = 1),"
                               " (SELECT coalesce (max (id), 0) FROM orders)",
                               error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return NULL;
    }

  return g_strdup_printf ("%lld:%lld",
                          (long long) sqlite3_column_int64 (stmt, 0),
                          (long long) sqlite3_column_int64 (stmt, 1));
}

typedef struct
{
  gint64 id;
  gint64 lead;
} OrderLead;

static int
compare_order_leads (const void *a,
                     const void *b)
{
  const OrderLead *x = a;
  const OrderLead *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* Two scans of narrow covering indexes, no join in SQL: the completed
 * orders (orders_completed) give each order's lead time, sorted by id in
 * memory; the items by product (order_items_product_order) then give,
 * product after product, the orders of each in id order, looked up in
 * that array. A join would visit a million wide order rows at random. */
static gboolean
refresh_lead_times (SkDatabase  *database,
                    gint64       now,
                    GError     **error)
{
  g_autoptr(SkCachedStmt) state = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) orders = NULL;
  g_autoptr(GArray) shop = NULL;
  g_autoptr(GArray) leads = NULL;
  g_autofree char *key = NULL;
  gint64 product = 0;
  gint64 last_order = 0;
  int rc;

  key = lead_times_key (database, error);
  if (key == NULL)
    return FALSE;

  state = _sk_database_prepare (database, "SELECT lead_times_key FROM order_desk_state WHERE id = 1", error);
  if (state == NULL)
    return FALSE;
  rc = sqlite3_step (state);
  if (rc == SQLITE_ROW && g_strcmp0 (_sk_database_column_text (state, 0), key) == 0)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the lead times"));
      return FALSE;
    }
  g_clear_pointer (&state, _sk_cached_stmt_release);

  stmt = _sk_database_prepare (database,
                               "SELECT id, date_completed - date_created FROM orders"
                               " WHERE date_completed > 0 AND date_created > 0"
                               "   AND date_completed >= date_created",
                               error);
  if (stmt == NULL)
    return FALSE;

  orders = g_array_new (FALSE, FALSE, sizeof (OrderLead));
  shop = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrderLead entry = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (orders, entry);
      g_array_append_val (shop, entry.lead);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return FALSE;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  if (orders->len > 0)
    qsort (orders->data, orders->len, sizeof (OrderLead), compare_order_leads);

  if (!_sk_database_exec (database, "DELETE FROM order_lead_times", _("Could not save the lead times"), error))
    return FALSE;

  if (!write_lead_time (database, 0, shop, 1, error))
    return FALSE;

  stmt = _sk_database_prepare (database,
                               "SELECT product_remote_id, order_id FROM order_items"
                               " WHERE product_remote_id > 0"
                               " ORDER BY product_remote_id, order_id",
                               error);
  if (stmt == NULL)
    return FALSE;

  leads = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (TRUE)
    {
      gint64 item_product = 0;
      gint64 order_id = 0;
      OrderLead probe;
      const OrderLead *found;

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          item_product = sqlite3_column_int64 (stmt, 0);
          order_id = sqlite3_column_int64 (stmt, 1);
        }
      else if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not read the orders"));
          return FALSE;
        }

      /* A product's orders are done: write its figures. */
      if (product != 0 && (rc == SQLITE_DONE || item_product != product))
        {
          if (!write_lead_time (database, product, leads, SK_DESK_LEAD_TIME_MIN_ORDERS, error))
            return FALSE;
          g_array_set_size (leads, 0);
          last_order = 0;
        }
      if (rc == SQLITE_DONE)
        break;

      product = item_product;
      /* Each order once per product, however many lines of it it has. */
      if (order_id == last_order)
        continue;
      last_order = order_id;

      probe.id = order_id;
      found = orders->len > 0
              ? bsearch (&probe, orders->data, orders->len, sizeof (OrderLead), compare_order_leads)
              : NULL;
      if (found != NULL)
        g_array_append_val (leads, found->lead);
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  stmt = _sk_database_prepare (database,
                               "INSERT INTO order_desk_state (id, lead_times_key, lead_times_at) VALUES (1, ?1, ?2)"
                               " ON CONFLICT (id) DO UPDATE SET lead_times_key = ?1, lead_times_at = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  return _sk_order_desk_step_done (database, stmt, _("Could not save the lead times"), error);
}

/* The first refresh notes when the desk started. A database from before
 * the setting existed started with its oldest desk row. */
static gboolean
record_desk_started (SkDatabase  *database,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 started = now;
  int rc;

  if (sk_shop_settings_get_int (database, SK_SETTING_DESK_STARTED, 0) > 0)
    return TRUE;

  stmt = _sk_database_prepare (database, "SELECT min (updated_at) FROM order_desk", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order desk"));
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    started = CLAMP (sqlite3_column_int64 (stmt, 0), 1, now);
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  return sk_shop_settings_set_int (database, SK_SETTING_DESK_STARTED, started, NULL, error);
}

gboolean
sk_order_desk_refresh (SkDatabase  *database,
                       gint64       now,
                       GError     **error)
{
  g_autoptr(SkCachedStmt) select = NULL;
  g_autoptr(SkCachedStmt) insert = NULL;
  g_autoptr(SkShipRule) rule = NULL;
  g_autoptr(GArray) pending = NULL;
  gint64 started = g_get_monotonic_time ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rule = sk_order_desk_load_rule (database);
  pending = g_array_new (FALSE, FALSE, sizeof (OrderKey));

  if (!_sk_database_begin (database, error))
    return FALSE;

  select = _sk_database_prepare (database,
                                 "SELECT o.id, o.date_created FROM orders o"
                                 " WHERE o." OPEN_ORDER
                                 "   AND NOT EXISTS (SELECT 1 FROM order_desk d WHERE d.order_id = o.id)",
                                 error);
  if (select == NULL)
    goto failed;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      OrderKey key = { sqlite3_column_int64 (select, 1), sqlite3_column_int64 (select, 0) };

      g_array_append_val (pending, key);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the open orders"));
      goto failed;
    }
  g_clear_pointer (&select, _sk_cached_stmt_release);

  if (pending->len > 0)
    {
      insert = _sk_database_prepare (database,
                                     "INSERT INTO order_desk (order_id, promised_ship_at, promise_source, updated_at)"
                                     " VALUES (?, ?, 'rule', ?)",
                                     error);
      if (insert == NULL)
        goto failed;

      for (guint i = 0; i < pending->len; i++)
        {
          const OrderKey *key = &g_array_index (pending, OrderKey, i);
          gint64 promise;

          if (!_sk_order_desk_rule_promise (rule, key->date_created, now, &promise, error))
            goto failed;

          sqlite3_bind_int64 (insert, 1, key->id);
          sqlite3_bind_int64 (insert, 2, promise);
          sqlite3_bind_int64 (insert, 3, now);
          if (!_sk_order_desk_step_done (database, insert, _("Could not save the promised dates"), error))
            goto failed;
          sqlite3_reset (insert);
        }
    }

  if (!refresh_lead_times (database, now, error))
    goto failed;

  if (!record_desk_started (database, now, error))
    goto failed;

  if (!_sk_database_commit (database, error))
    goto failed;

  g_debug ("Desk refreshed: %u promises made in %.1f ms", pending->len,
           (g_get_monotonic_time () - started) / 1000.0);
  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

/* Needs attention */

static int
compare_order_keys (const void *a,
                    const void *b)
{
  const OrderKey *x = a;
  const OrderKey *y = b;

  if (x->date_created != y->date_created)
    return x->date_created < y->date_created ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Walks the open orders (and the orders of customers waiting for an
 * answer), collecting the ids matching @mask into @keys (when not NULL)
 * and counting each kind into @counts (when not NULL). */
static gboolean
scan_attention (SkDatabase  *database,
                gint64       now,
                guint        mask,
                GArray      *keys,
                guint       *counts,
                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gboolean sorted = TRUE;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT o.id, o.date_created, " ATTENTION_EXPR
                               " FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               " WHERE o." OPEN_ORDER
                               " ORDER BY o.date_created, o.id",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint flags = (guint) sqlite3_column_int (stmt, 2);

      if (counts != NULL)
        for (guint k = 0; k < SK_ATTENTION_N_KINDS; k++)
          counts[k] += (flags >> k) & 1;

      if (keys != NULL && (flags & mask) != 0)
        {
          OrderKey key = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0) };

          g_array_append_val (keys, key);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not find the orders that need attention"));
      return FALSE;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  /* A customer may wait for an answer about an order long shipped. */
  if ((keys != NULL && (mask & SK_ATTENTION_AWAITING_REPLY) != 0) || counts != NULL)
    {
      stmt = _sk_database_prepare (database,
                                   "SELECT o.id, o.date_created FROM order_desk d JOIN orders o ON o.id = d.order_id"
                                   " WHERE d.awaiting_reply_since > 0 AND NOT (o." OPEN_ORDER ")",
                                   error);
      if (stmt == NULL)
        return FALSE;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          OrderKey key = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0) };

          if (counts != NULL)
            counts[3]++;
          if (keys != NULL && (mask & SK_ATTENTION_AWAITING_REPLY) != 0)
            {
              g_array_append_val (keys, key);
              sorted = FALSE;
            }
        }
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not find the orders that need attention"));
          return FALSE;
        }
    }

  if (keys != NULL && !sorted)
    qsort (keys->data, keys->len, sizeof (OrderKey), compare_order_keys);

  return TRUE;
}

GArray *
sk_order_desk_query_attention_ids (SkDatabase  *database,
                                   gint64       now,
                                   SkAttention  mask,
                                   GError     **error)
{
  g_autoptr(GArray) keys = NULL;
  GArray *ids;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_array_new (FALSE, FALSE, sizeof (OrderKey));
  if ((mask & SK_ATTENTION_ALL) != 0 &&
      !scan_attention (database, now, mask & SK_ATTENTION_ALL, keys, NULL, error))
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys->len);
  for (guint i = 0; i < keys->len; i++)
    g_array_append_val (ids, g_array_index (keys, OrderKey, i).id);

  return ids;
}

gboolean
sk_order_desk_count_attention (SkDatabase  *database,
                               gint64       now,
                               guint        counts[SK_ATTENTION_N_KINDS],
                               GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (counts, 0, sizeof (guint) * SK_ATTENTION_N_KINDS);
  return scan_attention (database, now, 0, NULL, counts, error);
}

SkAttention
sk_order_desk_get_attention (SkDatabase *database,
                             gint64      order_id,
                             gint64      now)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint flags;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), SK_ATTENTION_NONE);

  stmt = _sk_database_prepare (database,
                               "SELECT " ATTENTION_EXPR ", o.status"
                               " FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               " WHERE o.id = ?2",
                               &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the attention of an order: %s", error->message);
      return SK_ATTENTION_NONE;
    }

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, order_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, &error, rc, _("Could not read the order"));
          g_warning ("Cannot read the attention of an order: %s", error->message);
        }
      return SK_ATTENTION_NONE;
    }

  flags = (guint) sqlite3_column_int (stmt, 0);
  if (!sk_order_desk_status_is_open (_sk_database_column_text (stmt, 1)))
    flags &= SK_ATTENTION_AWAITING_REPLY;

  return (SkAttention) flags;
}

/* Follow-ups and lead times */

GArray *
sk_order_desk_list_follow_ups_due (SkDatabase  *database,
                                   gint64       now,
                                   guint        days,
                                   GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 newest;
  gint64 oldest;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (days > SK_DESK_MAX_FOLLOW_UP_DAYS)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("Follow-ups can be sent at most %d days after shipping."), SK_DESK_MAX_FOLLOW_UP_DAYS);
      return NULL;
    }

  /* Due from @days after shipping for SK_DESK_FOLLOW_UP_GRACE, and never
   * for what shipped before the desk first saw the store: connecting a
   * shop with years of history offers no follow-ups for old parcels. */
  newest = now - (gint64) days * 86400;
  oldest = MAX (newest - SK_DESK_FOLLOW_UP_GRACE,
                sk_shop_settings_get_int (database, SK_SETTING_DESK_STARTED, now));

  /* Shipped here: when it was marked shipped. Otherwise completed in the
   * store: when the store says. Orders refunded or cancelled since get no
   * "how did it go?". */
  stmt = _sk_database_prepare (database,
                               "SELECT id FROM ("
                               " SELECT o.id AS id, o.date_completed AS at"
                               "  FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               "  WHERE o.date_completed > 0 AND o.date_completed BETWEEN ?1 AND ?2"
                               "    AND o.status = 'completed'"
                               "    AND coalesce (d.shipped_at, 0) = 0 AND coalesce (d.follow_up_sent_at, 0) = 0"
                               " UNION ALL"
                               " SELECT o.id, d.shipped_at"
                               "  FROM order_desk d JOIN orders o ON o.id = d.order_id"
                               "  WHERE d.shipped_at > 0 AND d.shipped_at BETWEEN ?1 AND ?2"
                               "    AND d.follow_up_sent_at = 0"
                               "    AND o.status NOT IN ('cancelled', 'refunded', 'failed', 'trash', 'draft', 'checkout-draft', 'auto-draft', 'new')"
                               ") ORDER BY at, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, oldest);
  sqlite3_bind_int64 (stmt, 2, newest);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not find the follow-ups due"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gboolean
sk_order_desk_lead_time (SkDatabase  *database,
                         gint64       product_remote_id,
                         gint64      *median_s,
                         gint64      *p90_s,
                         gint64      *n_orders,
                         GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (median_s != NULL)
    *median_s = 0;
  if (p90_s != NULL)
    *p90_s = 0;
  if (n_orders != NULL)
    *n_orders = 0;

  stmt = _sk_database_prepare (database,
                               "SELECT orders, median_s, p90_s FROM order_lead_times WHERE product_remote_id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, MAX (product_remote_id, 0));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (n_orders != NULL)
        *n_orders = sqlite3_column_int64 (stmt, 0);
      if (median_s != NULL)
        *median_s = sqlite3_column_int64 (stmt, 1);
      if (p90_s != NULL)
        *p90_s = sqlite3_column_int64 (stmt, 2);
      return TRUE;
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the lead times"));
      return FALSE;
    }

  return TRUE;
}
