/* sk-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-outbox"

#include "config.h"

#include "sk-outbox.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-money.h"
#include "sk-time.h"

/* The states that still go to the store. */
#define WAITING_STATES "('pending', 'in-flight', 'failed-retryable')"

static gboolean
step_done (SkDatabase   *database,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* The id of the store at @store_url; 0 (not an error) if it has none yet,
 * unless @create, which adds it. */
static gboolean
lookup_store (SkDatabase  *database,
              const char  *store_url,
              gboolean     create,
              gint64      *out_id,
              GError     **error)
{
  g_autoptr(SkCachedStmt) select = NULL;
  int rc;

  *out_id = 0;

  if (create)
    {
      g_autoptr(SkCachedStmt) insert = NULL;

      insert = _sk_database_prepare (database,
                                     "INSERT INTO stores (url, added_at) VALUES (?1, ?2)"
                                     " ON CONFLICT (url) DO NOTHING",
                                     error);
      if (insert == NULL)
        return FALSE;
      _sk_database_bind_text (insert, 1, store_url);
      sqlite3_bind_int64 (insert, 2, sk_time_now_utc ());
      if (!step_done (database, insert, _("Could not add the store"), error))
        return FALSE;
    }

  select = _sk_database_prepare (database, "SELECT id FROM stores WHERE url = ?1", error);
  if (select == NULL)
    return FALSE;

  _sk_database_bind_text (select, 1, store_url);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (select, 0);
  else if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return FALSE;
    }

  return TRUE;
}

static char *
new_idempotency_key (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *key = g_string_new ("sk-");

  /* 32 hex digits: short enough for a refund reason, unique enough. */
  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (key, *p);

  return g_string_free (key, FALSE);
}

typedef struct
{
  SkOutboxKind  kind;
  gint64        store_id;
  gint64        target;
  const char   *payload_sql;    /* a SELECT json_object (…) over ?1, ?2, ?3 */
  const char   *text1;
  gint64        int1;
  const char   *text2;
  const char   *text3;          /* ?4 */
  const char   *text4;          /* ?5 */
  gint64        int2;           /* ?5 */
  gint64        int3;           /* ?6 */
  gint64        int4;           /* ?7 */
  const char   *previous;       /* JSON */
  gint64        base_modified;
} QueueRow;

/* Inserts the row, with its payload built by SQLite's JSON functions (so
 * every string is escaped correctly), and the audit entry. Inside the
 * caller's transaction. */
static gint64
insert_row (SkDatabase      *database,
            const QueueRow  *row,
            GError         **error)
{
  g_autoptr(SkCachedStmt) payload_stmt = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *key = new_idempotency_key ();
  g_autofree char *payload = NULL;
  g_autofree char *details = NULL;
  gint64 now = sk_time_now_utc ();
  gint64 id;
  int rc;

  payload_stmt = _sk_database_prepare (database, row->payload_sql, error);
  if (payload_stmt == NULL)
    return 0;
  if (row->text1 != NULL)
    _sk_database_bind_text (payload_stmt, 1, row->text1);
  sqlite3_bind_int64 (payload_stmt, 2, row->int1);
  if (row->text2 != NULL)
    _sk_database_bind_text (payload_stmt, 3, row->text2);
  /* Bound only where the payload's SELECT has them. */
  if (row->text3 != NULL)
    _sk_database_bind_text (payload_stmt, 4, row->text3);
  if (row->text4 != NULL)
    _sk_database_bind_text (payload_stmt, 5, row->text4);
  if (sqlite3_bind_parameter_count (payload_stmt) >= 7)
    {
      sqlite3_bind_int64 (payload_stmt, 5, row->int2);
      sqlite3_bind_int64 (payload_stmt, 6, row->int3);
      sqlite3_bind_int64 (payload_stmt, 7, row->int4);
    }
  rc = sqlite3_step (payload_stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not queue the change"));
      return 0;
    }
  payload = g_strdup (_sk_database_column_text (payload_stmt, 0));

  stmt = _sk_database_prepare (database,
                               "INSERT INTO outbox (store_id, kind, target_remote_id, payload, previous,"
                               " idempotency_key, created_at, updated_at, base_modified)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                               error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, row->store_id);
  _sk_database_bind_text (stmt, 2, sk_outbox_kind_to_string (row->kind));
  sqlite3_bind_int64 (stmt, 3, row->target);
  _sk_database_bind_text (stmt, 4, payload);
  _sk_database_bind_text (stmt, 5, row->previous != NULL ? row->previous : "{}");
  _sk_database_bind_text (stmt, 6, key);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, row->base_modified);
  if (!step_done (database, stmt, _("Could not queue the change"), error))
    return 0;

  id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));

  /* The payload may hold a customer's note: the audit log says what was
   * done to which record, not the text. */
  details = g_strdup_printf ("outbox_id=%" G_GINT64_FORMAT " kind=%s target=%" G_GINT64_FORMAT,
                             id, sk_outbox_kind_to_string (row->kind), row->target);
  if (!_sk_database_append_audit_at (database, now, sk_database_get_actor (database), "outbox.queued", "", details, error))
    return 0;

  return id;
}

typedef struct
{
  gint64  id;
  gint64  date_modified;
  gint64  total;
  char   *status;
  char   *currency;
} LocalOrder;

static void
local_order_clear (LocalOrder *order)
{
  g_clear_pointer (&order->status, g_free);
  g_clear_pointer (&order->currency, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LocalOrder, local_order_clear)

static gboolean
lookup_order (SkDatabase  *database,
              gint64       store_id,
              gint64       remote_id,
              LocalOrder  *out,
              GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT id, date_modified, total, status, currency FROM orders"
                               " WHERE store_id = ?1 AND remote_id = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, remote_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->id = sqlite3_column_int64 (stmt, 0);
      out->date_modified = sqlite3_column_int64 (stmt, 1);
      out->total = sqlite3_column_int64 (stmt, 2);
      out->status = g_strdup (_sk_database_column_text (stmt, 3));
      out->currency = g_strdup (_sk_database_column_text (stmt, 4));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return FALSE;
    }

  g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                       _("This order is not in the local copy of the store. Sync, then try again."));
  return FALSE;
}

static gboolean
lookup_product (SkDatabase  *database,
                gint64       store_id,
                gint64       remote_id,
                gint64      *out_id,
                gint64      *out_modified,
                gboolean    *out_featured,
                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT id, date_modified, featured FROM products"
                               " WHERE store_id = ?1 AND remote_id = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, remote_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_modified = sqlite3_column_int64 (stmt, 1);
      *out_featured = sqlite3_column_int (stmt, 2) != 0;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return FALSE;
    }

  g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                       _("This product is not in the local copy of the store. Sync, then try again."));
  return FALSE;
}

static gboolean
check_writable (SkDatabase  *database,
                const char  *store_url,
                GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (store_url != NULL && *store_url != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _sk_database_assert_thread (database);

  return TRUE;
}

static gboolean
status_is_valid (const char *status)
{
  gsize len = status != NULL ? strlen (status) : 0;

  /* WooCommerce's statuses and plugins' are slugs: "on-hold", "wc-shipped". */
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (status[i]) && !g_ascii_isdigit (status[i]) && status[i] != '-' && status[i] != '_')
      return FALSE;

  return TRUE;
}

gint64
sk_outbox_queue_order_status (SkDatabase  *database,
                              const char  *store_url,
                              gint64       order_remote_id,
                              const char  *status,
                              GError     **error)
{
  g_auto(LocalOrder) order = { 0 };
  g_autoptr(SkCachedStmt) update = NULL;
  g_autoptr(SkCachedStmt) previous_stmt = NULL;
  g_autofree char *previous = NULL;
  QueueRow row = { SK_OUTBOX_KIND_ORDER_STATUS, };
  gint64 id;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (order_remote_id > 0, 0);

  if (!status_is_valid (status))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This is not a valid order status."));
      return 0;
    }

  if (!_sk_database_begin (database, error))
    return 0;

  if (!lookup_store (database, store_url, FALSE, &row.store_id, error))
    goto failed;
  if (row.store_id == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This order is not in the local copy of the store. Sync, then try again."));
      goto failed;
    }
  if (!lookup_order (database, row.store_id, order_remote_id, &order, error))
    goto failed;

  /* What discarding restores. A statement of its own: the cache hands out
   * one statement per text, and the payload is built with the same. */
  previous_stmt = _sk_database_prepare (database, "SELECT json_object ('status', ?1) AS previous", error);
  if (previous_stmt == NULL)
    goto failed;
  _sk_database_bind_text (previous_stmt, 1, order.status);
  if (sqlite3_step (previous_stmt) != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, SQLITE_ERROR, _("Could not queue the change"));
      goto failed;
    }
  previous = g_strdup (_sk_database_column_text (previous_stmt, 0));
  _sk_cached_stmt_release (previous_stmt);

  row.target = order_remote_id;
  row.payload_sql = "SELECT json_object ('status', ?1)";
  row.text1 = status;
  row.previous = previous;
  row.base_modified = order.date_modified;
  id = insert_row (database, &row, error);
  if (id == 0)
    goto failed;

  update = _sk_database_prepare (database, "UPDATE orders SET status = ?2 WHERE id = ?1", error);
  if (update == NULL)
    goto failed;
  sqlite3_bind_int64 (update, 1, order.id);
  _sk_database_bind_text (update, 2, status);
  if (!step_done (database, update, _("Could not save the orders"), error))
    goto failed;

  if (!_sk_database_commit (database, error))
    goto failed;

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

/* Joins the caller's transaction when there is one, so a caller can
 * write its own rows and the outbox row together (the refund desk: a
 * decision and its refund); else starts one. Inside the caller's
 * transaction a failure leaves the rollback to the caller. */
static gboolean
begin_or_join (SkDatabase  *database,
               gboolean    *own,
               GError     **error)
{
  *own = sqlite3_get_autocommit (_sk_database_get_handle (database));
  return !*own || _sk_database_begin (database, error);
}

static gboolean
commit_if_own (SkDatabase  *database,
               gboolean     own,
               GError     **error)
{
  return !own || _sk_database_commit (database, error);
}

gint64
sk_outbox_queue_order_note (SkDatabase  *database,
                            const char  *store_url,
                            gint64       order_remote_id,
                            const char  *note,
                            gboolean     customer_note,
                            GError     **error)
{
  g_auto(LocalOrder) order = { 0 };
  g_autofree char *stripped = NULL;
  QueueRow row = { SK_OUTBOX_KIND_ORDER_NOTE, };
  gboolean own;
  gint64 id;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (order_remote_id > 0, 0);
  g_return_val_if_fail (note != NULL, 0);

  stripped = g_strstrip (g_strdup (note));
  if (*stripped == '\0' || !g_utf8_validate (stripped, -1, NULL) || strlen (stripped) > SK_OUTBOX_MAX_NOTE)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("A note must hold some text, and at most 10,000 characters."));
      return 0;
    }

  if (!begin_or_join (database, &own, error))
    return 0;

  if (!lookup_store (database, store_url, FALSE, &row.store_id, error))
    goto failed;
  if (row.store_id == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This order is not in the local copy of the store. Sync, then try again."));
      goto failed;
    }
  if (!lookup_order (database, row.store_id, order_remote_id, &order, error))
    goto failed;

  row.target = order_remote_id;
  row.payload_sql = "SELECT json_object ('note', ?1, 'customer_note', json (CASE WHEN ?2 THEN 'true' ELSE 'false' END))";
  row.text1 = stripped;
  row.int1 = customer_note ? 1 : 0;
  row.base_modified = order.date_modified;
  id = insert_row (database, &row, error);
  if (id == 0 || !commit_if_own (database, own, error))
    goto failed;

  return id;

failed:
  if (own)
    _sk_database_rollback (database);
  return 0;
}

/* What one order line can still give back, here and in the store. */
typedef struct
{
  gint64 quantity;
  gint64 total;
  gint64 tax;
} LineLeft;

static gboolean
lookup_line_left (SkDatabase  *database,
                  gint64       order_id,
                  gint64       item_remote_id,
                  LineLeft    *out,
                  GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  /* Bought, minus what refunds (the store's with lines, and ours waiting)
   * already took back. An item can appear on several positions only as
   * the same line: the first one counts. */
  stmt = _sk_database_prepare (database,
                               "SELECT i.quantity - coalesce (r.quantity, 0), i.total - coalesce (r.total, 0),"
                               "       i.total_tax - coalesce (r.tax, 0)"
                               "  FROM order_items AS i"
                               "  LEFT JOIN (SELECT sum (l.quantity) AS quantity, sum (l.total) AS total, sum (l.tax) AS tax"
                               "               FROM refund_lines AS l JOIN refunds ON refunds.id = l.refund_id"
                               "              WHERE refunds.order_id = ?1 AND l.item_remote_id = ?2) AS r"
                               " WHERE i.order_id = ?1 AND i.remote_id = ?2"
                               " ORDER BY i.position LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, item_remote_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->quantity = sqlite3_column_int64 (stmt, 0);
      out->total = sqlite3_column_int64 (stmt, 1);
      out->tax = sqlite3_column_int64 (stmt, 2);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return FALSE;
    }

  g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                       _("A refunded line is not part of this order. Sync, then try again."));
  return FALSE;
}

/* Shows a queued refund in the copy at once: a refunds row of the outbox
 * row @outbox_id with its lines (taken back by a refusal or a discard). */
static gboolean
insert_local_refund (SkDatabase  *database,
                     gint64       outbox_id,
                     GError     **error)
{
  g_autoptr(SkCachedStmt) refund = NULL;
  g_autoptr(SkCachedStmt) lines = NULL;

  refund = _sk_database_prepare (database,
                                 "INSERT INTO refunds (order_id, position, remote_id, date_created, amount, reason, outbox_id)"
                                 " SELECT orders.id, -o.id, 0, o.created_at, json_extract (o.payload, '$.amount'),"
                                 "        coalesce (json_extract (o.payload, '$.reason'), ''), o.id"
                                 "   FROM outbox AS o JOIN orders ON orders.store_id = o.store_id"
                                 "                             AND orders.remote_id = o.target_remote_id"
                                 "  WHERE o.id = ?1 AND o.kind = 'refund'"
                                 "    AND NOT EXISTS (SELECT 1 FROM refunds WHERE outbox_id = ?1)",
                                 error);
  if (refund == NULL)
    return FALSE;
  sqlite3_bind_int64 (refund, 1, outbox_id);
  if (!step_done (database, refund, _("Could not save the refunds"), error))
    return FALSE;
  if (sqlite3_changes (_sk_database_get_handle (database)) == 0)
    return TRUE;

  lines = _sk_database_prepare (database,
                                "INSERT INTO refund_lines (refund_id, item_remote_id, quantity, total, tax)"
                                " SELECT ?2, json_extract (l.value, '$.id'), json_extract (l.value, '$.quantity'),"
                                "        json_extract (l.value, '$.total'), json_extract (l.value, '$.tax')"
                                "   FROM outbox AS o, json_each (o.payload, '$.lines') AS l"
                                "  WHERE o.id = ?1",
                                error);
  if (lines == NULL)
    return FALSE;
  sqlite3_bind_int64 (lines, 1, outbox_id);
  sqlite3_bind_int64 (lines, 2, sqlite3_last_insert_rowid (_sk_database_get_handle (database)));

  return step_done (database, lines, _("Could not save the refunds"), error);
}

static gboolean
delete_local_refund (SkDatabase  *database,
                     gint64       outbox_id,
                     GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  /* Only while the store has not made it (remote_id 0): the lines go with
   * it (ON DELETE CASCADE). */
  stmt = _sk_database_prepare (database, "DELETE FROM refunds WHERE outbox_id = ?1 AND remote_id = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox_id);

  return step_done (database, stmt, _("Could not save the refunds"), error);
}

static gboolean
refund_error (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT, message);
  return FALSE;
}

gint64
sk_outbox_queue_refund_lines (SkDatabase          *database,
                              const char          *store_url,
                              gint64               order_remote_id,
                              const SkRefundLine  *lines,
                              guint                n_lines,
                              gint64               shipping_amount,
                              const char          *reason,
                              gboolean             api_refund,
                              gboolean             restock,
                              GError             **error)
{
  g_auto(LocalOrder) order = { 0 };
  g_autoptr(SkCachedStmt) refunded = NULL;
  g_autoptr(GString) lines_json = g_string_new ("[");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  QueueRow row = { SK_OUTBOX_KIND_REFUND, };
  gint64 amount = 0;
  gint64 already;
  gboolean own;
  gint64 id;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (order_remote_id > 0, 0);
  g_return_val_if_fail (lines != NULL || n_lines == 0, 0);

  if (n_lines > 1000)
    {
      refund_error (error, _("A refund can hold at most 1,000 lines."));
      return 0;
    }
  if (shipping_amount < 0 || !sk_money_add (amount, shipping_amount, &amount))
    {
      refund_error (error, _("The shipping refunded cannot be less than nothing."));
      return 0;
    }
  for (guint i = 0; i < n_lines; i++)
    {
      const SkRefundLine *line = &lines[i];
      gint64 line_amount;

      if (line->item_remote_id <= 0 || line->quantity < 0 || line->refund_total < 0 || line->refund_tax < 0)
        {
          refund_error (error, _("A refunded line needs an item of the order, and no negative quantity or amount."));
          return 0;
        }
      if (g_hash_table_contains (seen, &line->item_remote_id))
        {
          refund_error (error, _("Each line of the order can appear only once in a refund."));
          return 0;
        }
      g_hash_table_add (seen, g_memdup2 (&line->item_remote_id, sizeof (gint64)));
      if (!sk_money_add (line->refund_total, line->refund_tax, &line_amount) ||
          !sk_money_add (amount, line_amount, &amount))
        {
          refund_error (error, _("The refund is more than what is left to refund on this order."));
          return 0;
        }
      g_string_append_printf (lines_json,
                              "%s{\"id\":%" G_GINT64_FORMAT ",\"quantity\":%" G_GINT64_FORMAT
                              ",\"total\":%" G_GINT64_FORMAT ",\"tax\":%" G_GINT64_FORMAT "}",
                              i > 0 ? "," : "", line->item_remote_id, line->quantity,
                              line->refund_total, line->refund_tax);
    }
  g_string_append_c (lines_json, ']');

  if (amount <= 0)
    {
      refund_error (error, _("A refund must be more than nothing."));
      return 0;
    }
  if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) || strlen (reason) > 1000))
    {
      refund_error (error, _("The reason for a refund can hold at most 1,000 characters."));
      return 0;
    }

  if (!begin_or_join (database, &own, error))
    return 0;

  if (!lookup_store (database, store_url, FALSE, &row.store_id, error))
    goto failed;
  if (row.store_id == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This order is not in the local copy of the store. Sync, then try again."));
      goto failed;
    }
  if (!lookup_order (database, row.store_id, order_remote_id, &order, error))
    goto failed;

  for (guint i = 0; i < n_lines; i++)
    {
      LineLeft left = { 0 };

      if (!lookup_line_left (database, order.id, lines[i].item_remote_id, &left, error))
        goto failed;
      if (lines[i].quantity > left.quantity)
        {
          refund_error (error, _("More items would be refunded than were bought and not refunded yet."));
          goto failed;
        }
      if (lines[i].refund_total > left.total || lines[i].refund_tax > left.tax)
        {
          refund_error (error, _("A line would be refunded for more than what is left of it."));
          goto failed;
        }
    }

  /* What the store has refunded plus what waits here to be (each waiting
   * refund has its row in refunds, see insert_local_refund ()). */
  refunded = _sk_database_prepare (database,
                                   "SELECT coalesce (sum (abs (amount)), 0) FROM refunds WHERE order_id = ?1",
                                   error);
  if (refunded == NULL)
    goto failed;
  sqlite3_bind_int64 (refunded, 1, order.id);
  if (sqlite3_step (refunded) != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, SQLITE_ERROR, _("Could not read the database"));
      goto failed;
    }
  already = sqlite3_column_int64 (refunded, 0);
  _sk_cached_stmt_release (refunded);
  if (amount > order.total - already)
    {
      refund_error (error, _("The refund is more than what is left to refund on this order."));
      goto failed;
    }

  row.target = order_remote_id;
  row.payload_sql = "SELECT json_object ('amount', ?2, 'currency', ?1, 'reason', ?3, 'lines', json (?4),"
                    " 'shipping', ?5, 'api_refund', json (CASE WHEN ?6 THEN 'true' ELSE 'false' END),"
                    " 'api_restock', json (CASE WHEN ?7 THEN 'true' ELSE 'false' END))";
  row.text1 = order.currency;
  row.int1 = amount;
  row.text2 = reason != NULL ? reason : "";
  row.text3 = lines_json->str;
  row.int2 = shipping_amount;
  row.int3 = api_refund ? 1 : 0;
  row.int4 = restock ? 1 : 0;
  row.base_modified = order.date_modified;
  id = insert_row (database, &row, error);
  if (id == 0 || !insert_local_refund (database, id, error) || !commit_if_own (database, own, error))
    goto failed;

  return id;

failed:
  if (own)
    _sk_database_rollback (database);
  return 0;
}

gint64
sk_outbox_queue_refund (SkDatabase  *database,
                        const char  *store_url,
                        gint64       order_remote_id,
                        gint64       amount,
                        const char  *reason,
                        GError     **error)
{
  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (order_remote_id > 0, 0);

  if (amount <= 0)
    {
      refund_error (error, _("A refund must be more than nothing."));
      return 0;
    }

  /* An amount without lines: recorded only, nothing restocked. */
  return sk_outbox_queue_refund_lines (database, store_url, order_remote_id, NULL, 0, amount,
                                       reason, FALSE, FALSE, error);
}

gint64
sk_outbox_queue_coupon (SkDatabase  *database,
                        const char  *store_url,
                        const char  *code,
                        const char  *discount_type,
                        gint64       amount,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) insert = NULL;
  g_autofree char *stripped = NULL;
  QueueRow row = { SK_OUTBOX_KIND_COUPON, };
  gint64 id;
  int rc;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (code != NULL, 0);

  stripped = g_strstrip (g_strdup (code));
  if (*stripped == '\0' || strlen (stripped) > 100 || !g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("A coupon needs a code of at most 100 characters."));
      return 0;
    }
  if (g_strcmp0 (discount_type, "percent") != 0 && g_strcmp0 (discount_type, "fixed_cart") != 0 &&
      g_strcmp0 (discount_type, "fixed_product") != 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This is not a kind of discount WooCommerce knows."));
      return 0;
    }
  if (amount <= 0 || (g_str_equal (discount_type, "percent") && amount > 10000))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("The discount must be more than nothing, and a percentage at most 100 %."));
      return 0;
    }

  if (!_sk_database_begin (database, error))
    return 0;

  if (!lookup_store (database, store_url, TRUE, &row.store_id, error))
    goto failed;

  insert = _sk_database_prepare (database,
                                 "INSERT INTO coupons (store_id, code, discount_type, amount)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                                 error);
  if (insert == NULL)
    goto failed;
  sqlite3_bind_int64 (insert, 1, row.store_id);
  _sk_database_bind_text (insert, 2, stripped);
  _sk_database_bind_text (insert, 3, discount_type);
  sqlite3_bind_int64 (insert, 4, amount);
  rc = sqlite3_step (insert);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("There is already a coupon with this code."));
      goto failed;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the coupon"));
      goto failed;
    }

  /* WooCommerce reads the amount as a decimal string; two decimals cover
   * percentages in hundredths and every two-decimal currency. */
  row.payload_sql = "SELECT json_object ('code', ?1, 'discount_type', ?3,"
                    " 'amount', printf ('%d.%02d', ?2 / 100, ?2 % 100))";
  row.text1 = stripped;
  row.int1 = amount;
  row.text2 = discount_type;
  id = insert_row (database, &row, error);
  if (id == 0 || !_sk_database_commit (database, error))
    goto failed;

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

static gboolean
email_is_plausible (const char *email)
{
  const char *at;

  /* What WordPress's is_email() would refuse at first sight; the store
   * has the last word. */
  if (email == NULL || strlen (email) < 3 || strlen (email) > 254 || !g_utf8_validate (email, -1, NULL))
    return FALSE;
  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL || at[1] == '\0' || strchr (at, '.') == NULL)
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == '<' || *p == '>')
      return FALSE;

  return TRUE;
}

gint64
sk_outbox_queue_store_credit (SkDatabase  *database,
                              const char  *store_url,
                              const char  *code,
                              gint64       amount,
                              const char  *currency,
                              const char  *customer_email,
                              gint64       expires_at,
                              GError     **error)
{
  g_autoptr(SkCachedStmt) insert = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *email = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *expires_text = NULL;
  QueueRow row = { SK_OUTBOX_KIND_COUPON, };
  gboolean own;
  gint64 id;
  int rc;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (code != NULL, 0);

  stripped = g_strstrip (g_strdup (code));
  if (*stripped == '\0' || strlen (stripped) > 100 || !g_utf8_validate (stripped, -1, NULL))
    {
      refund_error (error, _("A coupon needs a code of at most 100 characters."));
      return 0;
    }
  if (amount <= 0)
    {
      refund_error (error, _("Store credit must be more than nothing."));
      return 0;
    }
  if (!sk_money_currency_is_valid (currency))
    {
      refund_error (error, _("Store credit needs the currency of the store."));
      return 0;
    }
  email = customer_email != NULL ? g_strstrip (g_strdup (customer_email)) : NULL;
  if (!email_is_plausible (email))
    {
      refund_error (error, _("Store credit needs the customer’s e-mail address, so that only they can use it."));
      return 0;
    }
  if (expires_at < 0 || (expires_at > 0 && expires_at <= sk_time_now_utc ()))
    {
      refund_error (error, _("Store credit must expire in the future, or never."));
      return 0;
    }

  amount_text = sk_money_to_api_string (amount, sk_money_currency_decimals (currency));
  expires_text = expires_at > 0 ? sk_time_to_iso8601_utc (expires_at) : NULL;

  if (!begin_or_join (database, &own, error))
    return 0;

  if (!lookup_store (database, store_url, TRUE, &row.store_id, error))
    goto failed;

  insert = _sk_database_prepare (database,
                                 "INSERT INTO coupons (store_id, code, discount_type, currency, amount, date_expires,"
                                 " usage_limit, usage_limit_per_user, individual_use, email_restrictions)"
                                 " VALUES (?1, ?2, 'fixed_cart', ?3, ?4, ?5, 1, 1, 0, json_array (?6))",
                                 error);
  if (insert == NULL)
    goto failed;
  sqlite3_bind_int64 (insert, 1, row.store_id);
  _sk_database_bind_text (insert, 2, stripped);
  _sk_database_bind_text (insert, 3, currency);
  sqlite3_bind_int64 (insert, 4, amount);
  sqlite3_bind_int64 (insert, 5, expires_at);
  _sk_database_bind_text (insert, 6, email);
  rc = sqlite3_step (insert);
  if (rc == SQLITE_CONSTRAINT)
    {
      refund_error (error, _("There is already a coupon with this code."));
      goto failed;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the coupon"));
      goto failed;
    }

  /* WooCommerce's own names: one customer, once, combinable with other
   * coupons; no date_expires_gmt member at all for "never". */
  row.payload_sql = "SELECT json_patch (json_object ('code', ?1, 'discount_type', 'fixed_cart', 'amount', ?3,"
                    "  'email_restrictions', json_array (?4), 'usage_limit', 1, 'usage_limit_per_user', 1,"
                    "  'individual_use', json ('false')),"
                    "  CASE WHEN ?2 > 0 THEN json_object ('date_expires_gmt', ?5) ELSE '{}' END)";
  row.text1 = stripped;
  row.int1 = expires_at;
  row.text2 = amount_text;
  row.text3 = email;
  row.text4 = expires_text;
  id = insert_row (database, &row, error);
  if (id == 0 || !commit_if_own (database, own, error))
    goto failed;

  return id;

failed:
  if (own)
    _sk_database_rollback (database);
  return 0;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) (text != NULL ? text : ""); *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *name,
               const char *value)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  append_json_string (out, name);
  g_string_append_c (out, ':');
  append_json_string (out, value);
}

static void
append_address (GString         *out,
                const char      *name,
                const SkAddress *address,
                gboolean         billing,
                const char      *phone)
{
  g_autoptr(GString) object = g_string_new ("{");

  append_member (object, "first_name", address != NULL ? address->first_name : NULL);
  append_member (object, "last_name", address != NULL ? address->last_name : NULL);
  append_member (object, "company", address != NULL ? address->company : NULL);
  append_member (object, "address_1", address != NULL ? address->address_1 : NULL);
  append_member (object, "address_2", address != NULL ? address->address_2 : NULL);
  append_member (object, "city", address != NULL ? address->city : NULL);
  append_member (object, "state", address != NULL ? address->state : NULL);
  append_member (object, "postcode", address != NULL ? address->postcode : NULL);
  append_member (object, "country", address != NULL ? address->country : NULL);
  if (billing)
    {
      append_member (object, "email", address != NULL ? address->email : NULL);
      append_member (object, "phone", phone != NULL ? phone : address != NULL ? address->phone : NULL);
    }
  g_string_append_c (object, '}');

  if (out->len > 1)
    g_string_append_c (out, ',');
  append_json_string (out, name);
  g_string_append_c (out, ':');
  g_string_append_len (out, object->str, object->len);
}

/* The body of PUT customers/<id> for the fields of @update: WooCommerce
 * changes what is sent and keeps the rest. */
static char *
customer_update_json (const SkCustomerUpdate *update)
{
  g_autoptr(GString) out = g_string_new ("{");
  SkCustomerUpdateFields fields = update->fields;

  if (fields & SK_CUSTOMER_UPDATE_FIRST_NAME)
    append_member (out, "first_name", update->first_name);
  if (fields & SK_CUSTOMER_UPDATE_LAST_NAME)
    append_member (out, "last_name", update->last_name);
  if (fields & SK_CUSTOMER_UPDATE_EMAIL)
    append_member (out, "email", update->email);
  if (fields & SK_CUSTOMER_UPDATE_BILLING)
    append_address (out, "billing", update->billing, TRUE,
                    (fields & SK_CUSTOMER_UPDATE_PHONE) ? update->phone : NULL);
  else if (fields & SK_CUSTOMER_UPDATE_PHONE)
    {
      g_autoptr(GString) billing = g_string_new ("{");

      append_member (billing, "phone", update->phone);
      g_string_append_c (billing, '}');
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append (out, "\"billing\":");
      g_string_append_len (out, billing->str, billing->len);
    }
  if (fields & SK_CUSTOMER_UPDATE_SHIPPING)
    append_address (out, "shipping", update->shipping, FALSE, NULL);
  g_string_append_c (out, '}');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
text_is_acceptable (const char *text,
                    gsize       max_bytes)
{
  if (text == NULL)
    return TRUE;

  return g_utf8_validate (text, -1, NULL) && strlen (text) <= max_bytes && strchr (text, '\n') == NULL;
}

static gboolean
address_is_acceptable (const SkAddress *address)
{
  const char *fields[] = {
    address->first_name, address->last_name, address->company, address->address_1, address->address_2,
    address->city, address->state, address->postcode, address->country, address->email, address->phone,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!text_is_acceptable (fields[i], 200))
      return FALSE;

  return TRUE;
}

#define APPLY_CUSTOMER_SQL \
  "UPDATE customers SET" \
  "  first_name = coalesce (json_extract (?3, '$.first_name'), first_name)," \
  "  last_name = coalesce (json_extract (?3, '$.last_name'), last_name)," \
  "  email = coalesce (json_extract (?3, '$.email'), email)," \
  "  billing_first_name = coalesce (json_extract (?3, '$.billing.first_name'), billing_first_name)," \
  "  billing_last_name = coalesce (json_extract (?3, '$.billing.last_name'), billing_last_name)," \
  "  billing_company = coalesce (json_extract (?3, '$.billing.company'), billing_company)," \
  "  billing_address_1 = coalesce (json_extract (?3, '$.billing.address_1'), billing_address_1)," \
  "  billing_address_2 = coalesce (json_extract (?3, '$.billing.address_2'), billing_address_2)," \
  "  billing_city = coalesce (json_extract (?3, '$.billing.city'), billing_city)," \
  "  billing_state = coalesce (json_extract (?3, '$.billing.state'), billing_state)," \
  "  billing_postcode = coalesce (json_extract (?3, '$.billing.postcode'), billing_postcode)," \
  "  billing_country = coalesce (json_extract (?3, '$.billing.country'), billing_country)," \
  "  billing_email = coalesce (json_extract (?3, '$.billing.email'), billing_email)," \
  "  billing_phone = coalesce (json_extract (?3, '$.billing.phone'), billing_phone)," \
  "  shipping_first_name = coalesce (json_extract (?3, '$.shipping.first_name'), shipping_first_name)," \
  "  shipping_last_name = coalesce (json_extract (?3, '$.shipping.last_name'), shipping_last_name)," \
  "  shipping_company = coalesce (json_extract (?3, '$.shipping.company'), shipping_company)," \
  "  shipping_address_1 = coalesce (json_extract (?3, '$.shipping.address_1'), shipping_address_1)," \
  "  shipping_address_2 = coalesce (json_extract (?3, '$.shipping.address_2'), shipping_address_2)," \
  "  shipping_city = coalesce (json_extract (?3, '$.shipping.city'), shipping_city)," \
  "  shipping_state = coalesce (json_extract (?3, '$.shipping.state'), shipping_state)," \
  "  shipping_postcode = coalesce (json_extract (?3, '$.shipping.postcode'), shipping_postcode)," \
  "  shipping_country = coalesce (json_extract (?3, '$.shipping.country'), shipping_country)" \
  " WHERE store_id = ?1 AND remote_id = ?2"

/* Writes the fields present in @json (a customer-update payload or its
 * "previous") over the local customer. */
static gboolean
apply_customer_json (SkDatabase  *database,
                     gint64       store_id,
                     gint64       remote_id,
                     const char  *json,
                     GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  stmt = _sk_database_prepare (database, APPLY_CUSTOMER_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, remote_id);
  _sk_database_bind_text (stmt, 3, json);

  return step_done (database, stmt, _("Could not save the customers"), error);
}

/* Puts the waiting edits of customer @remote_id (all customers when 0)
 * back over the copy, oldest first, but outbox row @except. */
static gboolean
reapply_customer_updates (SkDatabase  *database,
                          gint64       store_id,
                          gint64       remote_id,
                          gint64       except,
                          GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT target_remote_id, payload FROM outbox"
                               " WHERE store_id = ?1 AND kind = 'customer-update'"
                               "   AND (?2 = 0 OR target_remote_id = ?2) AND id <> ?3 AND state IN " WAITING_STATES
                               " ORDER BY id",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, remote_id);
  sqlite3_bind_int64 (stmt, 3, except);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 target = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (targets, target);
      g_ptr_array_add (payloads, g_strdup (_sk_database_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return FALSE;
    }
  _sk_cached_stmt_release (stmt);

  for (guint i = 0; i < payloads->len; i++)
    if (!apply_customer_json (database, store_id, g_array_index (targets, gint64, i),
                              payloads->pdata[i], error))
      return FALSE;

  return TRUE;
}

gint64
sk_outbox_queue_customer_update (SkDatabase              *database,
                                 const char              *store_url,
                                 gint64                   customer_remote_id,
                                 const SkCustomerUpdate  *update,
                                 GError                 **error)
{
  g_autoptr(SkCachedStmt) current = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *previous = NULL;
  SkCustomerUpdate before = { 0 };
  SkAddress billing = { 0 };
  SkAddress shipping = { 0 };
  QueueRow row = { SK_OUTBOX_KIND_CUSTOMER_UPDATE, };
  SkCustomerUpdateFields all = SK_CUSTOMER_UPDATE_FIRST_NAME | SK_CUSTOMER_UPDATE_LAST_NAME |
                               SK_CUSTOMER_UPDATE_EMAIL | SK_CUSTOMER_UPDATE_PHONE |
                               SK_CUSTOMER_UPDATE_BILLING | SK_CUSTOMER_UPDATE_SHIPPING;
  gint64 id;
  int rc;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (customer_remote_id > 0, 0);
  g_return_val_if_fail (update != NULL, 0);

  if (update->fields == 0 || (update->fields & ~all) != 0 ||
      ((update->fields & SK_CUSTOMER_UPDATE_BILLING) && update->billing == NULL) ||
      ((update->fields & SK_CUSTOMER_UPDATE_SHIPPING) && update->shipping == NULL))
    {
      refund_error (error, _("Nothing to change was given."));
      return 0;
    }
  if (((update->fields & SK_CUSTOMER_UPDATE_FIRST_NAME) && !text_is_acceptable (update->first_name, 200)) ||
      ((update->fields & SK_CUSTOMER_UPDATE_LAST_NAME) && !text_is_acceptable (update->last_name, 200)) ||
      ((update->fields & SK_CUSTOMER_UPDATE_PHONE) && !text_is_acceptable (update->phone, 200)) ||
      ((update->fields & SK_CUSTOMER_UPDATE_BILLING) && !address_is_acceptable (update->billing)) ||
      ((update->fields & SK_CUSTOMER_UPDATE_SHIPPING) && !address_is_acceptable (update->shipping)))
    {
      refund_error (error, _("Each detail of a customer must be one line of at most 200 characters."));
      return 0;
    }
  if ((update->fields & SK_CUSTOMER_UPDATE_EMAIL) && !email_is_plausible (update->email))
    {
      refund_error (error, _("This is not a valid e-mail address."));
      return 0;
    }
  if ((update->fields & SK_CUSTOMER_UPDATE_BILLING) && update->billing->email != NULL &&
      *update->billing->email != '\0' && !email_is_plausible (update->billing->email))
    {
      refund_error (error, _("The billing e-mail address is not valid."));
      return 0;
    }

  if (!_sk_database_begin (database, error))
    return 0;

  if (!lookup_store (database, store_url, FALSE, &row.store_id, error))
    goto failed;

  current = _sk_database_prepare (database,
                                  "SELECT date_modified, first_name, last_name, email,"
                                  " billing_first_name, billing_last_name, billing_company, billing_address_1,"
                                  " billing_address_2, billing_city, billing_state, billing_postcode, billing_country,"
                                  " billing_email, billing_phone,"
                                  " shipping_first_name, shipping_last_name, shipping_company, shipping_address_1,"
                                  " shipping_address_2, shipping_city, shipping_state, shipping_postcode, shipping_country"
                                  " FROM customers WHERE store_id = ?1 AND remote_id = ?2",
                                  error);
  if (current == NULL)
    goto failed;
  sqlite3_bind_int64 (current, 1, row.store_id);
  sqlite3_bind_int64 (current, 2, customer_remote_id);
  rc = sqlite3_step (current);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                             _("This customer has no account in the store, or is not in the local copy yet. Sync, then try again."));
      else
        _sk_database_set_error (database, error, rc, _("Could not read the database"));
      goto failed;
    }

  /* What discarding restores: the same fields as they are now. The
   * strings stay the statement's until it is released below. */
  row.base_modified = sqlite3_column_int64 (current, 0);
  before.fields = update->fields;
  before.first_name = _sk_database_column_text (current, 1);
  before.last_name = _sk_database_column_text (current, 2);
  before.email = _sk_database_column_text (current, 3);
  billing.first_name = (char *) _sk_database_column_text (current, 4);
  billing.last_name = (char *) _sk_database_column_text (current, 5);
  billing.company = (char *) _sk_database_column_text (current, 6);
  billing.address_1 = (char *) _sk_database_column_text (current, 7);
  billing.address_2 = (char *) _sk_database_column_text (current, 8);
  billing.city = (char *) _sk_database_column_text (current, 9);
  billing.state = (char *) _sk_database_column_text (current, 10);
  billing.postcode = (char *) _sk_database_column_text (current, 11);
  billing.country = (char *) _sk_database_column_text (current, 12);
  billing.email = (char *) _sk_database_column_text (current, 13);
  billing.phone = (char *) _sk_database_column_text (current, 14);
  shipping.first_name = (char *) _sk_database_column_text (current, 15);
  shipping.last_name = (char *) _sk_database_column_text (current, 16);
  shipping.company = (char *) _sk_database_column_text (current, 17);
  shipping.address_1 = (char *) _sk_database_column_text (current, 18);
  shipping.address_2 = (char *) _sk_database_column_text (current, 19);
  shipping.city = (char *) _sk_database_column_text (current, 20);
  shipping.state = (char *) _sk_database_column_text (current, 21);
  shipping.postcode = (char *) _sk_database_column_text (current, 22);
  shipping.country = (char *) _sk_database_column_text (current, 23);
  before.phone = billing.phone;
  before.billing = &billing;
  before.shipping = &shipping;
  previous = customer_update_json (&before);
  _sk_cached_stmt_release (current);

  payload = customer_update_json (update);

  row.target = customer_remote_id;
  row.payload_sql = "SELECT json (?1)";
  row.text1 = payload;
  row.previous = previous;
  id = insert_row (database, &row, error);
  if (id == 0 || !apply_customer_json (database, row.store_id, customer_remote_id, payload, error) ||
      !_sk_database_commit (database, error))
    goto failed;

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

gint64
sk_outbox_queue_product_featured (SkDatabase  *database,
                                  const char  *store_url,
                                  gint64       product_remote_id,
                                  gboolean     featured,
                                  GError     **error)
{
  g_autoptr(SkCachedStmt) update = NULL;
  QueueRow row = { SK_OUTBOX_KIND_PRODUCT_FEATURED, };
  gint64 product_id;
  gboolean was_featured;
  gint64 id;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (product_remote_id > 0, 0);

  if (!_sk_database_begin (database, error))
    return 0;

  if (!lookup_store (database, store_url, FALSE, &row.store_id, error))
    goto failed;
  if (row.store_id == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This product is not in the local copy of the store. Sync, then try again."));
      goto failed;
    }
  if (!lookup_product (database, row.store_id, product_remote_id, &product_id, &row.base_modified,
                       &was_featured, error))
    goto failed;

  row.target = product_remote_id;
  row.payload_sql = "SELECT json_object ('featured', json (CASE WHEN ?2 THEN 'true' ELSE 'false' END))";
  row.int1 = featured ? 1 : 0;
  row.previous = was_featured ? "{\"featured\":true}" : "{\"featured\":false}";
  id = insert_row (database, &row, error);
  if (id == 0)
    goto failed;

  update = _sk_database_prepare (database, "UPDATE products SET featured = ?2 WHERE id = ?1", error);
  if (update == NULL)
    goto failed;
  sqlite3_bind_int64 (update, 1, product_id);
  sqlite3_bind_int (update, 2, featured ? 1 : 0);
  if (!step_done (database, update, _("Could not save the product"), error) ||
      !_sk_database_commit (database, error))
    goto failed;

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

gint64
sk_outbox_queue_product_tags (SkDatabase          *database,
                              const char          *store_url,
                              gint64               product_remote_id,
                              const char * const  *tags,
                              GError             **error)
{
  g_autoptr(SkCachedStmt) array = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  QueueRow row = { SK_OUTBOX_KIND_PRODUCT_TAGS, };
  gint64 product_id;
  gboolean unused;
  gint64 id;

  if (!check_writable (database, store_url, error))
    return 0;
  g_return_val_if_fail (product_remote_id > 0, 0);

  /* One name a line, turned into [{"name": …}] by SQLite. */
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (tags[i]));

      if (*tag == '\0')
        continue;
      if (strchr (tag, '\n') != NULL || strlen (tag) > 200 || !g_utf8_validate (tag, -1, NULL))
        {
          g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                               _("A tag must be one line of at most 200 characters."));
          return 0;
        }
      if (names->len > 0)
        g_string_append_c (names, '\n');
      g_string_append (names, tag);
    }

  if (!_sk_database_begin (database, error))
    return 0;

  if (!lookup_store (database, store_url, FALSE, &row.store_id, error))
    goto failed;
  if (row.store_id == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This product is not in the local copy of the store. Sync, then try again."));
      goto failed;
    }
  if (!lookup_product (database, row.store_id, product_remote_id, &product_id, &row.base_modified,
                       &unused, error))
    goto failed;

  row.target = product_remote_id;
  row.payload_sql =
    "WITH RECURSIVE split (name, rest) AS ("
    "  SELECT NULL, ?1 || char (10)"
    "  UNION ALL"
    "  SELECT substr (rest, 1, instr (rest, char (10)) - 1), substr (rest, instr (rest, char (10)) + 1)"
    "    FROM split WHERE rest <> '')"
    " SELECT json_object ('tags', (SELECT coalesce (json_group_array (json_object ('name', name)), json ('[]'))"
    "                                FROM split WHERE name IS NOT NULL AND name <> ''))";
  row.text1 = names->str;
  id = insert_row (database, &row, error);
  if (id == 0 || !_sk_database_commit (database, error))
    goto failed;

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

static gint64
count_states (SkDatabase  *database,
              const char  *store_url,
              const char  *sql,
              GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);
  g_return_val_if_fail (store_url != NULL, -1);

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return -1;

  _sk_database_bind_text (stmt, 1, store_url);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

gint64
sk_outbox_count_waiting (SkDatabase  *database,
                         const char  *store_url,
                         GError     **error)
{
  return count_states (database, store_url,
                       "SELECT count (*) FROM outbox JOIN stores ON stores.id = outbox.store_id"
                       " WHERE stores.url = ?1 AND state IN " WAITING_STATES,
                       error);
}

gint64
sk_outbox_count_failed (SkDatabase  *database,
                        const char  *store_url,
                        GError     **error)
{
  return count_states (database, store_url,
                       "SELECT count (*) FROM outbox JOIN stores ON stores.id = outbox.store_id"
                       " WHERE stores.url = ?1 AND state IN ('failed-permanent', 'conflict')",
                       error);
}

#define ITEM_COLUMNS \
  "outbox.id, kind, target_remote_id, payload, idempotency_key, state, attempts, next_attempt_at," \
  " last_error, created_at, updated_at, base_modified, remote_modified, result_remote_id"

static SkOutboxItem *
read_item (sqlite3_stmt *stmt)
{
  g_autoptr(SkOutboxItem) item = g_new0 (SkOutboxItem, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  if (!sk_outbox_kind_from_string (_sk_database_column_text (stmt, 1), &item->kind) ||
      !sk_outbox_state_from_string (_sk_database_column_text (stmt, 5), &item->state))
    return NULL;
  item->target_remote_id = sqlite3_column_int64 (stmt, 2);
  item->payload = g_strdup (_sk_database_column_text (stmt, 3));
  item->idempotency_key = g_strdup (_sk_database_column_text (stmt, 4));
  item->attempts = sqlite3_column_int64 (stmt, 6);
  item->next_attempt_at = sqlite3_column_int64 (stmt, 7);
  item->last_error = g_strdup (_sk_database_column_text (stmt, 8));
  item->created_at = sqlite3_column_int64 (stmt, 9);
  item->updated_at = sqlite3_column_int64 (stmt, 10);
  item->base_modified = sqlite3_column_int64 (stmt, 11);
  item->remote_modified = sqlite3_column_int64 (stmt, 12);
  item->result_remote_id = sqlite3_column_int64 (stmt, 13);

  return g_steal_pointer (&item);
}

static GPtrArray *
read_items (SkDatabase    *database,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_outbox_item_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkOutboxItem *item = read_item (stmt);

      /* The table's CHECKs allow nothing else: a newer program's row. */
      if (item == NULL)
        continue;
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return NULL;
    }

  return g_steal_pointer (&items);
}

GPtrArray *
sk_outbox_list_failed (SkDatabase  *database,
                       const char  *store_url,
                       GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (store_url != NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT " ITEM_COLUMNS " FROM outbox JOIN stores ON stores.id = outbox.store_id"
                               " WHERE stores.url = ?1 AND state IN ('failed-permanent', 'conflict')"
                               " ORDER BY outbox.id",
                               error);
  if (stmt == NULL)
    return NULL;
  _sk_database_bind_text (stmt, 1, store_url);

  return read_items (database, stmt, error);
}

GPtrArray *
sk_outbox_list_waiting_for_order (SkDatabase  *database,
                                  const char  *store_url,
                                  gint64       order_remote_id,
                                  GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (store_url != NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT " ITEM_COLUMNS " FROM outbox JOIN stores ON stores.id = outbox.store_id"
                               " WHERE stores.url = ?1 AND target_remote_id = ?2"
                               "   AND kind IN ('order-status', 'order-note', 'refund')"
                               "   AND state IN " WAITING_STATES
                               " ORDER BY outbox.id",
                               error);
  if (stmt == NULL)
    return NULL;
  _sk_database_bind_text (stmt, 1, store_url);
  sqlite3_bind_int64 (stmt, 2, order_remote_id);

  return read_items (database, stmt, error);
}

SkOutboxItem *
sk_outbox_get (SkDatabase  *database,
               gint64       id,
               GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database, "SELECT " ITEM_COLUMNS " FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  items = read_items (database, stmt, error);
  if (items == NULL)
    return NULL;
  if (items->len == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This change is no longer waiting."));
      return NULL;
    }

  return g_ptr_array_steal_index (items, 0);
}

/* Puts a customer edit over the copy (@apply), or takes it back: the
 * fields it changed go back to what they were, then the later edits of
 * the same customer still waiting go over them again. */
static gboolean
show_customer_change (SkDatabase  *database,
                      gint64       id,
                      gboolean     apply,
                      GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *json = NULL;
  gint64 store_id;
  gint64 target;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT store_id, target_remote_id, CASE WHEN ?2 THEN payload ELSE previous END"
                               " FROM outbox WHERE id = ?1 AND kind = 'customer-update'",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, apply ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the database"));
      return FALSE;
    }
  store_id = sqlite3_column_int64 (stmt, 0);
  target = sqlite3_column_int64 (stmt, 1);
  json = g_strdup (_sk_database_column_text (stmt, 2));
  _sk_cached_stmt_release (stmt);

  if (!apply_customer_json (database, store_id, target, json, error))
    return FALSE;

  return apply || reapply_customer_updates (database, store_id, target, id, error);
}

/* Shows (@apply) or takes back (!@apply) the local change of outbox row
 * @id, where it applies to a column of the copy and no later waiting
 * change of the same record stands over it. */
static gboolean
show_local_change (SkDatabase  *database,
                   gint64       id,
                   gboolean     apply,
                   GError     **error)
{
  g_autoptr(SkCachedStmt) status = NULL;
  g_autoptr(SkCachedStmt) featured = NULL;

  status = _sk_database_prepare (database,
                                 "UPDATE orders SET status = json_extract (CASE WHEN ?2 THEN o.payload ELSE o.previous END, '$.status')"
                                 " FROM outbox o WHERE o.id = ?1 AND o.kind = 'order-status'"
                                 "   AND orders.store_id = o.store_id AND orders.remote_id = o.target_remote_id"
                                 "   AND json_extract (CASE WHEN ?2 THEN o.payload ELSE o.previous END, '$.status') IS NOT NULL"
                                 "   AND NOT EXISTS (SELECT 1 FROM outbox l WHERE l.id > o.id AND l.store_id = o.store_id"
                                 "                     AND l.kind = o.kind AND l.target_remote_id = o.target_remote_id"
                                 "                     AND l.state IN " WAITING_STATES ")",
                                 error);
  if (status == NULL)
    return FALSE;
  sqlite3_bind_int64 (status, 1, id);
  sqlite3_bind_int (status, 2, apply ? 1 : 0);
  if (!step_done (database, status, _("Could not save the orders"), error))
    return FALSE;

  featured = _sk_database_prepare (database,
                                   "UPDATE products SET featured = json_extract (CASE WHEN ?2 THEN o.payload ELSE o.previous END, '$.featured')"
                                   " FROM outbox o WHERE o.id = ?1 AND o.kind = 'product-featured'"
                                   "   AND products.store_id = o.store_id AND products.remote_id = o.target_remote_id"
                                   "   AND json_extract (CASE WHEN ?2 THEN o.payload ELSE o.previous END, '$.featured') IS NOT NULL"
                                   "   AND NOT EXISTS (SELECT 1 FROM outbox l WHERE l.id > o.id AND l.store_id = o.store_id"
                                   "                     AND l.kind = o.kind AND l.target_remote_id = o.target_remote_id"
                                   "                     AND l.state IN " WAITING_STATES ")",
                                   error);
  if (featured == NULL)
    return FALSE;
  sqlite3_bind_int64 (featured, 1, id);
  sqlite3_bind_int (featured, 2, apply ? 1 : 0);
  if (!step_done (database, featured, _("Could not save the product"), error))
    return FALSE;

  /* A refund shows as its own row while it waits. */
  if (apply ? !insert_local_refund (database, id, error) : !delete_local_refund (database, id, error))
    return FALSE;

  return show_customer_change (database, id, apply, error);
}

gboolean
sk_outbox_retry (SkDatabase  *database,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);

  if (!_sk_database_begin (database, error))
    return FALSE;

  /* For a conflict, the store's newer date becomes the base: the user has
   * seen it and chose to push anyway. The attempts stay: an item tried
   * before may have reached the store, and the pusher looks for it there
   * before it posts again. */
  stmt = _sk_database_prepare (database,
                               "UPDATE outbox SET state = 'pending', next_attempt_at = 0,"
                               " last_error = '', updated_at = ?2,"
                               " base_modified = max (base_modified, remote_modified)"
                               " WHERE id = ?1 AND state IN ('failed-permanent', 'failed-retryable', 'conflict')",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, sk_time_now_utc ());
  if (!step_done (database, stmt, _("Could not queue the change"), error))
    goto failed;
  if (sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This change is no longer waiting."));
      goto failed;
    }

  /* Shown again while it waits (a refusal took it back). */
  if (!show_local_change (database, id, TRUE, error))
    goto failed;

  details = g_strdup_printf ("outbox_id=%" G_GINT64_FORMAT, id);
  if (!_sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database), "outbox.retried", "", details, error) ||
      !_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

gboolean
sk_outbox_discard (SkDatabase  *database,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(SkOutboxItem) item = NULL;
  g_autoptr(SkCachedStmt) revert = NULL;
  g_autoptr(SkCachedStmt) remove = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);

  if (!_sk_database_begin (database, error))
    return FALSE;

  item = sk_outbox_get (database, id, error);
  if (item == NULL)
    goto failed;

  /* A change already sent may have reached the store: it can only be
   * undone there. */
  if (item->state == SK_OUTBOX_STATE_DONE || item->state == SK_OUTBOX_STATE_IN_FLIGHT)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This change is being sent or was sent already and can no longer be discarded."));
      goto failed;
    }

  /* The local change is undone only where it still shows: a later sync
   * or a later change of the same record wins. */
  switch (item->kind)
    {
    case SK_OUTBOX_KIND_ORDER_STATUS:
      revert = _sk_database_prepare (database,
                                     "UPDATE orders SET status = json_extract (?3, '$.status')"
                                     " WHERE store_id = (SELECT store_id FROM outbox WHERE id = ?1)"
                                     "   AND remote_id = ?2 AND status = json_extract (?4, '$.status')"
                                     "   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id > ?1"
                                     "                     AND o.kind = 'order-status' AND o.target_remote_id = ?2"
                                     "                     AND o.state IN " WAITING_STATES ")",
                                     error);
      break;
    case SK_OUTBOX_KIND_PRODUCT_FEATURED:
      revert = _sk_database_prepare (database,
                                     "UPDATE products SET featured = json_extract (?3, '$.featured')"
                                     " WHERE store_id = (SELECT store_id FROM outbox WHERE id = ?1)"
                                     "   AND remote_id = ?2 AND featured = json_extract (?4, '$.featured')"
                                     "   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id > ?1"
                                     "                     AND o.kind = 'product-featured' AND o.target_remote_id = ?2"
                                     "                     AND o.state IN " WAITING_STATES ")",
                                     error);
      break;
    case SK_OUTBOX_KIND_COUPON:
      revert = _sk_database_prepare (database,
                                     "DELETE FROM coupons WHERE remote_id = 0"
                                     "   AND store_id = (SELECT store_id FROM outbox WHERE id = ?1)"
                                     "   AND code = json_extract (?4, '$.code')",
                                     error);
      break;
    case SK_OUTBOX_KIND_REFUND:
      if (!delete_local_refund (database, id, error))
        goto failed;
      break;
    case SK_OUTBOX_KIND_CUSTOMER_UPDATE:
      {
        g_autoptr(SkCachedStmt) relink = NULL;

        /* The next edit of the same customer now restores what this one
         * would have; taking this one back puts the later ones over the
         * fields it restores. */
        relink = _sk_database_prepare (database,
                                       "UPDATE outbox SET previous = json_patch (previous, (SELECT previous FROM outbox WHERE id = ?1))"
                                       " WHERE id = (SELECT min (o.id) FROM outbox o, outbox d"
                                       "              WHERE d.id = ?1 AND o.id > ?1 AND o.store_id = d.store_id"
                                       "                AND o.kind = d.kind AND o.target_remote_id = d.target_remote_id"
                                       "                AND o.state IN " WAITING_STATES ")",
                                       error);
        if (relink == NULL)
          goto failed;
        sqlite3_bind_int64 (relink, 1, id);
        if (!step_done (database, relink, _("Could not undo the change"), error))
          goto failed;
        /* A refused edit was taken back already. */
        if (item->state != SK_OUTBOX_STATE_FAILED_PERMANENT &&
            !show_customer_change (database, id, FALSE, error))
          goto failed;
      }
      break;
    case SK_OUTBOX_KIND_ORDER_NOTE:
    case SK_OUTBOX_KIND_PRODUCT_TAGS:
    default:
      /* Nothing was applied here before the store has it. */
      break;
    }

  if (revert != NULL)
    {
      g_autoptr(SkCachedStmt) previous = NULL;

      previous = _sk_database_prepare (database, "SELECT previous FROM outbox WHERE id = ?1", error);
      if (previous == NULL)
        goto failed;
      sqlite3_bind_int64 (previous, 1, id);
      if (sqlite3_step (previous) != SQLITE_ROW)
        {
          _sk_database_set_error (database, error, SQLITE_ERROR, _("Could not read the database"));
          goto failed;
        }

      sqlite3_bind_int64 (revert, 1, id);
      sqlite3_bind_int64 (revert, 2, item->target_remote_id);
      _sk_database_bind_text (revert, 3, _sk_database_column_text (previous, 0));
      _sk_database_bind_text (revert, 4, item->payload);
      if (!step_done (database, revert, _("Could not undo the change"), error))
        goto failed;

      /* The next change of the same record now undoes to what this one
       * would have: the chain of "previous" values stays whole. */
      {
        g_autoptr(SkCachedStmt) relink = NULL;

        relink = _sk_database_prepare (database,
                                       "UPDATE outbox SET previous = ?2"
                                       " WHERE id = (SELECT min (o.id) FROM outbox o, outbox d"
                                       "              WHERE d.id = ?1 AND o.id > ?1 AND o.store_id = d.store_id"
                                       "                AND o.kind = d.kind AND o.target_remote_id = d.target_remote_id"
                                       "                AND o.state IN " WAITING_STATES ")",
                                       error);
        if (relink == NULL)
          goto failed;
        sqlite3_bind_int64 (relink, 1, id);
        _sk_database_bind_text (relink, 2, _sk_database_column_text (previous, 0));
        if (!step_done (database, relink, _("Could not undo the change"), error))
          goto failed;
      }
    }

  remove = _sk_database_prepare (database, "DELETE FROM outbox WHERE id = ?1", error);
  if (remove == NULL)
    goto failed;
  sqlite3_bind_int64 (remove, 1, id);
  if (!step_done (database, remove, _("Could not undo the change"), error))
    goto failed;

  details = g_strdup_printf ("outbox_id=%" G_GINT64_FORMAT " kind=%s target=%" G_GINT64_FORMAT,
                             id, sk_outbox_kind_to_string (item->kind), item->target_remote_id);
  if (!_sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database), "outbox.discarded", "", details, error) ||
      !_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

GPtrArray *
_sk_outbox_list_waiting (SkDatabase  *database,
                         gint64       store_id,
                         GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  /* Everything waiting, in order: the pusher keeps the order per record
   * itself and skips a record whose earlier change is not due yet. */
  stmt = _sk_database_prepare (database,
                               "SELECT " ITEM_COLUMNS " FROM outbox"
                               " WHERE store_id = ?1 AND state IN " WAITING_STATES
                               " ORDER BY id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, store_id);

  return read_items (database, stmt, error);
}

gboolean
_sk_outbox_update (SkDatabase             *database,
                   const SkOutboxOutcome  *outcome,
                   GError                **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 now = sk_time_now_utc ();

  if (!_sk_database_begin (database, error))
    return FALSE;

  stmt = _sk_database_prepare (database,
                               "UPDATE outbox SET state = ?2, updated_at = ?3,"
                               " attempts = attempts + (?2 = 'in-flight'),"
                               " next_attempt_at = ?4, last_error = ?5,"
                               " remote_modified = CASE WHEN ?2 = 'conflict' THEN ?6 ELSE remote_modified END,"
                               " result_remote_id = CASE WHEN ?7 > 0 THEN ?7 ELSE result_remote_id END"
                               " WHERE id = ?1 AND (?2 <> 'in-flight' OR state IN " WAITING_STATES ")",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, outcome->id);
  _sk_database_bind_text (stmt, 2, sk_outbox_state_to_string (outcome->state));
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, outcome->next_attempt_at);
  _sk_database_bind_text (stmt, 5, outcome->error);
  sqlite3_bind_int64 (stmt, 6, outcome->remote_modified);
  sqlite3_bind_int64 (stmt, 7, outcome->result_remote_id);
  if (!step_done (database, stmt, _("Could not save the state of a change"), error))
    goto failed;

  /* Discarded (or done) since the pusher listed it: it must not be sent.
   * A GIO error, so the pusher can tell it without knowing this layer. */
  if (outcome->state == SK_OUTBOX_STATE_IN_FLIGHT &&
      sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This change is no longer waiting."));
      goto failed;
    }

  if (outcome->state == SK_OUTBOX_STATE_DONE && outcome->result_remote_id > 0)
    {
      g_autoptr(SkCachedStmt) coupon = NULL;
      g_autoptr(SkCachedStmt) refund = NULL;

      /* A coupon made here learns its id in the store. */
      coupon = _sk_database_prepare (database,
                                     "UPDATE coupons SET remote_id = ?2"
                                     " WHERE remote_id = 0 AND (store_id, code) IN"
                                     "   (SELECT store_id, json_extract (payload, '$.code') FROM outbox"
                                     "     WHERE id = ?1 AND kind = 'coupon')",
                                     error);
      if (coupon == NULL)
        goto failed;
      sqlite3_bind_int64 (coupon, 1, outcome->id);
      sqlite3_bind_int64 (coupon, 2, outcome->result_remote_id);
      if (!step_done (database, coupon, _("Could not save the coupon"), error))
        goto failed;

      /* A refund shown here becomes the store's: the next pull of its
       * order puts the store's row in its place. */
      refund = _sk_database_prepare (database,
                                     "UPDATE refunds SET remote_id = ?2 WHERE outbox_id = ?1 AND remote_id = 0",
                                     error);
      if (refund == NULL)
        goto failed;
      sqlite3_bind_int64 (refund, 1, outcome->id);
      sqlite3_bind_int64 (refund, 2, outcome->result_remote_id);
      if (!step_done (database, refund, _("Could not save the refunds"), error))
        goto failed;
    }

  /* Refused for good: the copy shows what the store has again, so the
   * window never claims a status the store does not hold. Retry shows the
   * change again. (A conflict needs nothing: the pull brings the store's
   * newer version.) */
  if (outcome->state == SK_OUTBOX_STATE_FAILED_PERMANENT &&
      !show_local_change (database, outcome->id, FALSE, error))
    goto failed;

  if (outcome->state != SK_OUTBOX_STATE_IN_FLIGHT)
    {
      g_autofree char *details = g_strdup_printf ("outbox_id=%" G_GINT64_FORMAT " state=%s",
                                                  outcome->id, sk_outbox_state_to_string (outcome->state));

      if (!_sk_database_append_audit_at (database, now, "sync", "outbox.pushed", "", details, error))
        goto failed;
    }

  if (!_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

gboolean
_sk_outbox_reapply (SkDatabase  *database,
                    gint64       store_id,
                    GError     **error)
{
  g_autoptr(SkCachedStmt) status = NULL;
  g_autoptr(SkCachedStmt) featured = NULL;

  /* A pull writes what the store has; a change still waiting here is newer
   * for the user, so it shows until it is pushed or discarded. */
  status = _sk_database_prepare (database,
                                 "UPDATE orders SET status ="
                                 "  (SELECT json_extract (o.payload, '$.status') FROM outbox o"
                                 "    WHERE o.store_id = orders.store_id AND o.kind = 'order-status'"
                                 "      AND o.target_remote_id = orders.remote_id AND o.state IN " WAITING_STATES
                                 "    ORDER BY o.id DESC LIMIT 1)"
                                 " WHERE store_id = ?1 AND remote_id IN"
                                 "  (SELECT target_remote_id FROM outbox WHERE store_id = ?1"
                                 "     AND kind = 'order-status' AND state IN " WAITING_STATES ")",
                                 error);
  if (status == NULL)
    return FALSE;
  sqlite3_bind_int64 (status, 1, store_id);
  if (!step_done (database, status, _("Could not save the orders"), error))
    return FALSE;

  featured = _sk_database_prepare (database,
                                   "UPDATE products SET featured ="
                                   "  (SELECT json_extract (o.payload, '$.featured') FROM outbox o"
                                   "    WHERE o.store_id = products.store_id AND o.kind = 'product-featured'"
                                   "      AND o.target_remote_id = products.remote_id AND o.state IN " WAITING_STATES
                                   "    ORDER BY o.id DESC LIMIT 1)"
                                   " WHERE store_id = ?1 AND remote_id IN"
                                   "  (SELECT target_remote_id FROM outbox WHERE store_id = ?1"
                                   "     AND kind = 'product-featured' AND state IN " WAITING_STATES ")",
                                   error);
  if (featured == NULL)
    return FALSE;
  sqlite3_bind_int64 (featured, 1, store_id);
  if (!step_done (database, featured, _("Could not save the product"), error))
    return FALSE;

  /* Customers are read in full each sync: edits still waiting go back
   * over them. (Waiting refunds keep their rows through a pull.) */
  return reapply_customer_updates (database, store_id, 0, 0, error);
}
