/* sk-store-sink.c
 *
 * Writes what the sync engine fetched. Every page is one transaction with
 * its cursor; records whose content hash did not change are skipped, so
 * writing the same page twice changes nothing at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-store-sink"

#include "config.h"

#include "sk-store-sink.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-order-desk.h"
#include "sk-outbox.h"
#include "sk-records.h"
#include "sk-time.h"

#define N_RESOURCES 4

/* sync_state only takes resources 1 to 3 (001-initial.sql): the coupons'
 * cursor lives in sync_meta under this key. */
#define COUPON_CURSOR_KEY "cursor-coupons"

struct _SkStoreSink
{
  GObject      parent_instance;

  SkDatabase  *database;
  GThread     *thread;
  gint64       store_id;
  char        *store_url;

  /* The content hash of the record being written (see hash_int ()). */
  guint64      checksum[1];

  /* Search index changes of the page being written, applied after all
   * its rows (see write_search_index ()). */
  GArray      *fts_changes;

  /* Whether each resource (SkResource - 1) started this sync without a
   * cursor, i.e. the sync fetched everything: recorded as a full sync. */
  gboolean     start_known[N_RESOURCES];
  gboolean     start_was_full[N_RESOURCES];

  /* Inside begin_batch ()/end_batch (): each write is a savepoint of the
   * batch's transaction. */
  gboolean     in_batch;
};

typedef struct
{
  gboolean  delete;          /* remove the old entry, else add the new one */
  gint64    id;
  char     *number;
  char     *customer_name;
  char     *billing_email;
  char     *product_names;
} FtsChange;

static void sk_store_sink_iface_init (SkSyncSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SkStoreSink, sk_store_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SK_TYPE_SYNC_SINK, sk_store_sink_iface_init))

static const char * const order_columns[] = {
  "store_id", "remote_id", "parent_remote_id", "number", "order_key", "status",
  "currency", "date_created", "date_modified", "date_paid", "date_completed",
  "customer_remote_id", "customer_note", "payment_method", "payment_method_title",
  "discount_total", "shipping_total", "total_tax", "total",
  "@billing", "@shipping",
  "customer_name", "item_count", "product_names", "content_hash",
  NULL
};

static const char * const customer_columns[] = {
  "store_id", "remote_id", "date_created", "date_modified", "email", "first_name",
  "last_name", "username", "@billing", "@shipping", "content_hash",
  NULL
};

static const char * const product_columns[] = {
  "store_id", "remote_id", "date_created", "date_modified", "name", "slug", "sku",
  "status", "currency", "price", "regular_price", "featured", "stock_quantity",
  "stock_status", "content_hash",
  NULL
};

/* Helpers */

/* "@billing" expands to the 11 billing_* address columns. */
static GPtrArray *
expand_columns (const char * const *columns)
{
  GPtrArray *expanded = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; columns[i] != NULL; i++)
    {
      if (columns[i][0] == '@')
        {
          for (guint j = 0; j < SK_ADDRESS_N_COLUMNS; j++)
            g_ptr_array_add (expanded, g_strdup_printf ("%s_%s", columns[i] + 1,
                                                        _sk_address_columns[j]));
        }
      else
        g_ptr_array_add (expanded, g_strdup (columns[i]));
    }

  return expanded;
}

/* INSERT … ON CONFLICT (store_id, remote_id) DO UPDATE SET every other
 * column, optionally only when the content hash differs. */
static char *
build_upsert_sql (const char         *table,
                  const char * const *columns,
                  gboolean            only_if_changed,
                  gboolean            returning_id)
{
  g_autoptr(GPtrArray) names = expand_columns (columns);
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", (const char *) names->pdata[i]);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", i + 1);
  g_string_append (sql, ") ON CONFLICT (store_id, remote_id) DO UPDATE SET ");

  for (guint i = 0, n = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];

      if (g_str_equal (name, "store_id") || g_str_equal (name, "remote_id"))
        continue;
      g_string_append_printf (sql, "%s%s = excluded.%s", n++ > 0 ? ", " : "", name, name);
    }

  if (only_if_changed)
    g_string_append (sql, " WHERE content_hash <> excluded.content_hash");
  if (returning_id)
    g_string_append (sql, " RETURNING id");
  /* The orders' search columns, for the search index. */
  if (returning_id && g_str_equal (table, "orders"))
    g_string_append (sql, ", number, customer_name, billing_email, product_names");

  return g_string_free (sql, FALSE);
}

/* Built once per process and never freed: the statement cache of
 * SkDatabase knows static SQL by its address. */
static const char *
order_upsert_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    g_once_init_leave (&sql, build_upsert_sql ("orders", order_columns, FALSE, TRUE));

  return sql;
}

static const char *
customer_upsert_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    g_once_init_leave (&sql, build_upsert_sql ("customers", customer_columns, TRUE, FALSE));

  return sql;
}

static const char *
product_upsert_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    g_once_init_leave (&sql, build_upsert_sql ("products", product_columns, FALSE, TRUE));

  return sql;
}

static void
fts_change_clear (gpointer data)
{
  FtsChange *change = data;

  g_free (change->number);
  g_free (change->customer_name);
  g_free (change->billing_email);
  g_free (change->product_names);
}

static void
add_fts_change (SkStoreSink *self,
                gboolean     delete,
                gint64       id,
                const char  *number,
                const char  *customer_name,
                const char  *billing_email,
                const char  *product_names)
{
  FtsChange change = {
    delete, id, g_strdup (number), g_strdup (customer_name),
    g_strdup (billing_email), g_strdup (product_names),
  };

  g_array_append_val (self->fts_changes, change);
}

/* FTS5 keeps new terms in memory until the transaction ends, except that
 * it flushes them at every statement savepoint once it has been written in
 * the transaction. Indexing the page's orders after all its other
 * statements keeps that to one flush per page instead of one per order. */
static gboolean
write_search_index (SkStoreSink  *self,
                    GError      **error)
{
  for (guint i = 0; i < self->fts_changes->len; i++)
    {
      const FtsChange *change = &g_array_index (self->fts_changes, FtsChange, i);
      g_autoptr(SkCachedStmt) stmt = NULL;
      int rc;

      if (change->delete)
        stmt = _sk_database_prepare (self->database,
                                     "INSERT INTO orders_fts (orders_fts, rowid, number, customer_name,"
                                     " billing_email, product_names) VALUES ('delete', ?1, ?2, ?3, ?4, ?5)",
                                     error);
      else
        stmt = _sk_database_prepare (self->database,
                                     "INSERT INTO orders_fts (rowid, number, customer_name,"
                                     " billing_email, product_names) VALUES (?1, ?2, ?3, ?4, ?5)",
                                     error);
      if (stmt == NULL)
        return FALSE;

      /* Already valid UTF-8: these are the values stored in orders. */
      sqlite3_bind_int64 (stmt, 1, change->id);
      sqlite3_bind_text (stmt, 2, change->number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, change->customer_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, change->billing_email, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, change->product_names, -1, SQLITE_STATIC);

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (self->database, error, rc, _("Could not update the search index"));
          return FALSE;
        }
    }

  return TRUE;
}

/* The content hash only tells an order's new version from its old one, so
 * it needs no cryptographic strength: FNV-1a over 64 bits (a change goes
 * unnoticed with probability 2^-64), finished with the SplitMix64 mixer.
 * SHA-1 cost a tenth of the time of writing an order. */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL

static inline void
hash_bytes (guint64    *checksum,
            const void *data,
            gsize       len)
{
  const guint8 *p = data;
  guint64 h = *checksum;

  for (gsize i = 0; i < len; i++)
    h = (h ^ p[i]) * FNV_PRIME;

  *checksum = h;
}

static void
hash_reset (guint64 *checksum)
{
  *checksum = FNV_OFFSET;
}

static void
hash_int (guint64 *checksum,
          gint64   value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  hash_bytes (checksum, &le, sizeof le);
}

static void
hash_str (guint64    *checksum,
          const char *value)
{
  gsize len = value != NULL ? strlen (value) : 0;

  /* Length first, so ("ab", "c") and ("a", "bc") differ. */
  hash_int (checksum, (gint64) len);
  hash_bytes (checksum, value, len);
}

static void
hash_address (guint64         *checksum,
              const SkAddress *address)
{
  hash_str (checksum, address->first_name);
  hash_str (checksum, address->last_name);
  hash_str (checksum, address->company);
  hash_str (checksum, address->address_1);
  hash_str (checksum, address->address_2);
  hash_str (checksum, address->city);
  hash_str (checksum, address->state);
  hash_str (checksum, address->postcode);
  hash_str (checksum, address->country);
  hash_str (checksum, address->email);
  hash_str (checksum, address->phone);
}

static gint64
finish_hash (guint64 *checksum)
{
  guint64 z = *checksum;

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;

  return (gint64) (z ^ (z >> 31));
}

static gint64
hash_order (guint64             *checksum,
            const SkOrderRecord *order)
{
  hash_reset (checksum);

  hash_int (checksum, order->remote_id);
  hash_int (checksum, order->parent_remote_id);
  hash_str (checksum, order->number);
  hash_str (checksum, order->order_key);
  hash_str (checksum, order->status);
  hash_str (checksum, order->currency);
  hash_int (checksum, order->date_created);
  hash_int (checksum, order->date_modified);
  hash_int (checksum, order->date_paid);
  hash_int (checksum, order->date_completed);
  hash_int (checksum, order->customer_remote_id);
  hash_str (checksum, order->customer_note);
  hash_str (checksum, order->payment_method);
  hash_str (checksum, order->payment_method_title);
  hash_int (checksum, order->discount_total);
  hash_int (checksum, order->shipping_total);
  hash_int (checksum, order->total_tax);
  hash_int (checksum, order->total);
  hash_address (checksum, &order->billing);
  hash_address (checksum, &order->shipping);

  hash_int (checksum, order->items != NULL ? order->items->len : 0);
  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (order->items, i);

      hash_int (checksum, item->remote_id);
      hash_int (checksum, item->product_remote_id);
      hash_int (checksum, item->variation_remote_id);
      hash_str (checksum, item->name);
      hash_str (checksum, item->sku);
      hash_int (checksum, item->quantity);
      hash_int (checksum, item->subtotal);
      hash_int (checksum, item->total);
      hash_int (checksum, item->total_tax);
    }

  hash_int (checksum, order->refunds != NULL ? order->refunds->len : 0);
  for (guint i = 0; order->refunds != NULL && i < order->refunds->len; i++)
    {
      const SkRefundRecord *refund = g_ptr_array_index (order->refunds, i);

      hash_int (checksum, refund->remote_id);
      hash_int (checksum, refund->date_created);
      hash_int (checksum, refund->amount);
      hash_str (checksum, refund->reason);
    }

  return finish_hash (checksum);
}

static gint64
hash_customer (guint64                *checksum,
               const SkCustomerRecord *customer)
{
  hash_reset (checksum);

  hash_int (checksum, customer->remote_id);
  hash_int (checksum, customer->date_created);
  hash_int (checksum, customer->date_modified);
  hash_str (checksum, customer->email);
  hash_str (checksum, customer->first_name);
  hash_str (checksum, customer->last_name);
  hash_str (checksum, customer->username);
  hash_address (checksum, &customer->billing);
  hash_address (checksum, &customer->shipping);

  return finish_hash (checksum);
}

static gint64
hash_product (guint64               *checksum,
              const SkProductRecord *product)
{
  hash_reset (checksum);

  hash_int (checksum, product->remote_id);
  hash_int (checksum, product->date_created);
  hash_int (checksum, product->date_modified);
  hash_str (checksum, product->name);
  hash_str (checksum, product->slug);
  hash_str (checksum, product->sku);
  hash_str (checksum, product->status);
  hash_str (checksum, product->currency);
  hash_int (checksum, product->price);
  hash_int (checksum, product->regular_price);
  hash_int (checksum, product->featured ? 1 : 0);
  hash_int (checksum, product->stock_quantity);
  hash_str (checksum, product->stock_status);
  hash_int (checksum, product->categories != NULL ? product->categories->len : 0);
  for (guint i = 0; product->categories != NULL && i < product->categories->len; i++)
    hash_str (checksum, g_ptr_array_index (product->categories, i));

  return finish_hash (checksum);
}

static gboolean
step_done (SkStoreSink   *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self->database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Finds the local id and stored hash of a synced row. FALSE on error;
 * *out_id is 0 when the row is not there yet. */
static gboolean
lookup_row (SkStoreSink  *self,
            const char   *sql,
            gint64        remote_id,
            gint64       *out_id,
            gint64       *out_hash,
            GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  *out_id = 0;
  *out_hash = 0;

  stmt = _sk_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->store_id);
  sqlite3_bind_int64 (stmt, 2, remote_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_hash = sqlite3_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;

  _sk_database_set_error (self->database, error, rc, _("Could not read the database"));
  return FALSE;
}

static gboolean
delete_children (SkStoreSink  *self,
                 const char   *sql,
                 gint64        parent_id,
                 GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  stmt = _sk_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, parent_id);

  return step_done (self, stmt, _("Could not save the orders"), error);
}

/* A refund made here carries its outbox key at the end of its reason
 * ("Scratched [sk-<32 hex digits>]", see sync/sk-pusher.c), for the
 * pusher to find it in the store; the copy shows the reason as typed. */
static char *
strip_refund_key (const char *reason)
{
  gsize len = reason != NULL ? strlen (reason) : 0;
  const gsize key_len = 1 + 3 + 32 + 1; /* "[sk-" + hex + "]" */

  if (len >= key_len && reason[len - 1] == ']' && g_str_has_prefix (reason + len - key_len, "[sk-"))
    {
      gboolean hex = TRUE;

      for (gsize i = len - key_len + 4; i < len - 1; i++)
        hex &= g_ascii_isxdigit (reason[i]);
      if (hex)
        {
          gsize keep = len - key_len;

          while (keep > 0 && reason[keep - 1] == ' ')
            keep--;
          return g_strndup (reason, keep);
        }
    }

  return g_strdup (reason != NULL ? reason : "");
}

static gboolean
write_order (SkStoreSink          *self,
             const SkOrderRecord  *order,
             GError              **error)
{
  g_autoptr(SkCachedStmt) upsert = NULL;
  g_autoptr(GString) product_names = NULL;
  g_autoptr(GString) refund_ids = g_string_new ("[");
  g_autofree char *customer_name = NULL;
  gint64 hash;
  gint64 old_id;
  gint64 old_hash;
  gint64 order_id;
  int i = 1;
  int rc;

  hash = hash_order (self->checksum, order);

  {
    g_autoptr(SkCachedStmt) lookup = NULL;

    lookup = _sk_database_prepare (self->database,
                                   "SELECT id, content_hash, number, customer_name, billing_email,"
                                   "       product_names"
                                   "  FROM orders WHERE store_id = ?1 AND remote_id = ?2",
                                   error);
    if (lookup == NULL)
      return FALSE;

    sqlite3_bind_int64 (lookup, 1, self->store_id);
    sqlite3_bind_int64 (lookup, 2, order->remote_id);
    rc = sqlite3_step (lookup);
    if (rc == SQLITE_ROW)
      {
        old_id = sqlite3_column_int64 (lookup, 0);
        old_hash = sqlite3_column_int64 (lookup, 1);

        if (old_hash == hash)
          return TRUE;

        /* What the index holds for the old version, to take it out. */
        add_fts_change (self, TRUE, old_id,
                        _sk_database_column_text (lookup, 2),
                        _sk_database_column_text (lookup, 3),
                        _sk_database_column_text (lookup, 4),
                        _sk_database_column_text (lookup, 5));
      }
    else if (rc == SQLITE_DONE)
      old_id = 0;
    else
      {
        _sk_database_set_error (self->database, error, rc, _("Could not read the database"));
        return FALSE;
      }
  }

  product_names = g_string_new (NULL);
  for (guint n = 0; order->items != NULL && n < order->items->len; n++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (order->items, n);

      if (n > 0)
        g_string_append_c (product_names, '\n');
      if (item->name != NULL)
        g_string_append (product_names, item->name);
    }
  customer_name = sk_address_dup_display_name (&order->billing);

  upsert = _sk_database_prepare (self->database, order_upsert_sql (), error);
  if (upsert == NULL)
    return FALSE;

  sqlite3_bind_int64 (upsert, i++, self->store_id);
  sqlite3_bind_int64 (upsert, i++, order->remote_id);
  sqlite3_bind_int64 (upsert, i++, order->parent_remote_id);
  _sk_database_bind_text (upsert, i++, order->number);
  _sk_database_bind_text (upsert, i++, order->order_key);
  _sk_database_bind_text (upsert, i++, order->status);
  _sk_database_bind_text (upsert, i++, order->currency);
  sqlite3_bind_int64 (upsert, i++, order->date_created);
  sqlite3_bind_int64 (upsert, i++, order->date_modified);
  sqlite3_bind_int64 (upsert, i++, order->date_paid);
  sqlite3_bind_int64 (upsert, i++, order->date_completed);
  sqlite3_bind_int64 (upsert, i++, order->customer_remote_id);
  _sk_database_bind_text (upsert, i++, order->customer_note);
  _sk_database_bind_text (upsert, i++, order->payment_method);
  _sk_database_bind_text (upsert, i++, order->payment_method_title);
  sqlite3_bind_int64 (upsert, i++, order->discount_total);
  sqlite3_bind_int64 (upsert, i++, order->shipping_total);
  sqlite3_bind_int64 (upsert, i++, order->total_tax);
  sqlite3_bind_int64 (upsert, i++, order->total);
  _sk_database_bind_address (upsert, i, &order->billing);
  i += SK_ADDRESS_N_COLUMNS;
  _sk_database_bind_address (upsert, i, &order->shipping);
  i += SK_ADDRESS_N_COLUMNS;
  _sk_database_bind_text (upsert, i++, customer_name);
  sqlite3_bind_int64 (upsert, i++, sk_order_record_count_items (order));
  _sk_database_bind_text (upsert, i++, product_names->str);
  sqlite3_bind_int64 (upsert, i++, hash);
  g_assert (i == sqlite3_bind_parameter_count (upsert) + 1);

  rc = sqlite3_step (upsert);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (self->database, error, rc, _("Could not save the orders"));
      return FALSE;
    }
  order_id = sqlite3_column_int64 (upsert, 0);
  /* Index the values as stored (repaired UTF-8), returned by the upsert. */
  add_fts_change (self, FALSE, order_id,
                  _sk_database_column_text (upsert, 1),
                  _sk_database_column_text (upsert, 2),
                  _sk_database_column_text (upsert, 3),
                  _sk_database_column_text (upsert, 4));
  if (!step_done (self, upsert, _("Could not save the orders"), error))
    return FALSE;

  /* Items and refunds have no stable identity worth keeping across
   * versions of an order: the order's new state replaces them. */
  if (old_id != 0)
    {
      if (!delete_children (self, "DELETE FROM order_items WHERE order_id = ?1", order_id, error)
          /* A refund made here stays, with its lines (the store's
           * summary has none): while it waits, and once the store has it,
           * for as long as the store lists it (see below). */
          || !delete_children (self, "DELETE FROM refunds WHERE order_id = ?1 AND outbox_id = 0",
                               order_id, error))
        return FALSE;
    }

  for (guint n = 0; order->items != NULL && n < order->items->len; n++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (order->items, n);
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO order_items (order_id, position, remote_id,"
                                   " product_remote_id, variation_remote_id, name, sku, quantity,"
                                   " subtotal, total, total_tax)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int64 (stmt, 2, n);
      sqlite3_bind_int64 (stmt, 3, item->remote_id);
      sqlite3_bind_int64 (stmt, 4, item->product_remote_id);
      sqlite3_bind_int64 (stmt, 5, item->variation_remote_id);
      _sk_database_bind_text (stmt, 6, item->name);
      _sk_database_bind_text (stmt, 7, item->sku);
      sqlite3_bind_int64 (stmt, 8, item->quantity);
      sqlite3_bind_int64 (stmt, 9, item->subtotal);
      sqlite3_bind_int64 (stmt, 10, item->total);
      sqlite3_bind_int64 (stmt, 11, item->total_tax);

      if (!step_done (self, stmt, _("Could not save the order items"), error))
        return FALSE;
    }

  for (guint n = 0; order->refunds != NULL && n < order->refunds->len; n++)
    {
      const SkRefundRecord *refund = g_ptr_array_index (order->refunds, n);
      /* Bound without a copy: lives until the statement has run. */
      g_autofree char *reason = strip_refund_key (refund->reason);
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO refunds (order_id, position, remote_id,"
                                   " date_created, amount, reason)"
                                   " SELECT ?1, ?2, ?3, ?4, ?5, ?6"
                                   "  WHERE NOT EXISTS (SELECT 1 FROM refunds WHERE order_id = ?1"
                                   "                      AND remote_id = ?3 AND outbox_id > 0)",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int64 (stmt, 2, n);
      sqlite3_bind_int64 (stmt, 3, refund->remote_id);
      sqlite3_bind_int64 (stmt, 4, refund->date_created);
      sqlite3_bind_int64 (stmt, 5, refund->amount);
      _sk_database_bind_text (stmt, 6, reason);

      if (!step_done (self, stmt, _("Could not save the refunds"), error))
        return FALSE;
      g_string_append_printf (refund_ids, "%s%" G_GINT64_FORMAT, refund_ids->len > 1 ? "," : "", refund->remote_id);
    }
  g_string_append_c (refund_ids, ']');

  /* A refund made here that the store no longer lists was deleted there. */
  if (old_id != 0)
    {
      g_autoptr(SkCachedStmt) stale = NULL;

      stale = _sk_database_prepare (self->database,
                                    "DELETE FROM refunds WHERE order_id = ?1 AND outbox_id > 0 AND remote_id > 0"
                                    "   AND remote_id NOT IN (SELECT value FROM json_each (?2))",
                                    error);
      if (stale == NULL)
        return FALSE;
      sqlite3_bind_int64 (stale, 1, order_id);
      _sk_database_bind_text (stale, 2, refund_ids->str);
      if (!step_done (self, stale, _("Could not save the refunds"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_customer (SkStoreSink             *self,
                const SkCustomerRecord  *customer,
                GError                 **error)
{
  g_autoptr(SkCachedStmt) upsert = NULL;
  int i = 1;

  upsert = _sk_database_prepare (self->database, customer_upsert_sql (), error);
  if (upsert == NULL)
    return FALSE;

  sqlite3_bind_int64 (upsert, i++, self->store_id);
  sqlite3_bind_int64 (upsert, i++, customer->remote_id);
  sqlite3_bind_int64 (upsert, i++, customer->date_created);
  sqlite3_bind_int64 (upsert, i++, customer->date_modified);
  _sk_database_bind_text (upsert, i++, customer->email);
  _sk_database_bind_text (upsert, i++, customer->first_name);
  _sk_database_bind_text (upsert, i++, customer->last_name);
  _sk_database_bind_text (upsert, i++, customer->username);
  _sk_database_bind_address (upsert, i, &customer->billing);
  i += SK_ADDRESS_N_COLUMNS;
  _sk_database_bind_address (upsert, i, &customer->shipping);
  i += SK_ADDRESS_N_COLUMNS;
  sqlite3_bind_int64 (upsert, i++, hash_customer (self->checksum, customer));
  g_assert (i == sqlite3_bind_parameter_count (upsert) + 1);

  return step_done (self, upsert, _("Could not save the customers"), error);
}

static gboolean
write_product (SkStoreSink            *self,
               const SkProductRecord  *product,
               GError                **error)
{
  g_autoptr(SkCachedStmt) upsert = NULL;
  gint64 hash;
  gint64 old_id;
  gint64 old_hash;
  gint64 product_id;
  int i = 1;
  int rc;

  hash = hash_product (self->checksum, product);

  if (!lookup_row (self,
                   "SELECT id, content_hash FROM products WHERE store_id = ?1 AND remote_id = ?2",
                   product->remote_id, &old_id, &old_hash, error))
    return FALSE;

  if (old_id != 0 && old_hash == hash)
    return TRUE;

  upsert = _sk_database_prepare (self->database, product_upsert_sql (), error);
  if (upsert == NULL)
    return FALSE;

  sqlite3_bind_int64 (upsert, i++, self->store_id);
  sqlite3_bind_int64 (upsert, i++, product->remote_id);
  sqlite3_bind_int64 (upsert, i++, product->date_created);
  sqlite3_bind_int64 (upsert, i++, product->date_modified);
  _sk_database_bind_text (upsert, i++, product->name);
  _sk_database_bind_text (upsert, i++, product->slug);
  _sk_database_bind_text (upsert, i++, product->sku);
  _sk_database_bind_text (upsert, i++, product->status);
  _sk_database_bind_text (upsert, i++, product->currency);
  sqlite3_bind_int64 (upsert, i++, product->price);
  sqlite3_bind_int64 (upsert, i++, product->regular_price);
  sqlite3_bind_int64 (upsert, i++, product->featured ? 1 : 0);
  sqlite3_bind_int64 (upsert, i++, product->stock_quantity);
  _sk_database_bind_text (upsert, i++, product->stock_status);
  sqlite3_bind_int64 (upsert, i++, hash);
  g_assert (i == sqlite3_bind_parameter_count (upsert) + 1);

  rc = sqlite3_step (upsert);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (self->database, error, rc, _("Could not save the products"));
      return FALSE;
    }
  product_id = sqlite3_column_int64 (upsert, 0);
  if (!step_done (self, upsert, _("Could not save the products"), error))
    return FALSE;

  if (old_id != 0
      && !delete_children (self, "DELETE FROM product_categories WHERE product_id = ?1",
                           product_id, error))
    return FALSE;

  for (guint n = 0; product->categories != NULL && n < product->categories->len; n++)
    {
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO product_categories (product_id, position, name)"
                                   " VALUES (?1, ?2, ?3)",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, product_id);
      sqlite3_bind_int64 (stmt, 2, n);
      _sk_database_bind_text (stmt, 3, g_ptr_array_index (product->categories, n));

      if (!step_done (self, stmt, _("Could not save the products"), error))
        return FALSE;
    }

  return TRUE;
}

/* Upserts one coupon. WooCommerce keeps codes unique per store (ignoring
 * case), so the code says which coupon a row is: a coupon made here
 * through the outbox (remote_id 0) and then listed by the store becomes
 * that same row, and a row whose code the store now gives to another
 * coupon (the old one deleted or renamed there) makes way for it. */
static gboolean
write_coupon (SkStoreSink           *self,
              const SkCouponRecord  *coupon,
              GError               **error)
{
  g_autoptr(SkCachedStmt) stale = NULL;
  g_autoptr(SkCachedStmt) update = NULL;
  g_autoptr(SkCachedStmt) insert = NULL;
  const char *what = _("Could not save the coupons");
  int i = 1;

  stale = _sk_database_prepare (self->database,
                                "DELETE FROM coupons WHERE store_id = ?1 AND code = ?3 COLLATE NOCASE"
                                "   AND remote_id <> ?2"
                                "   AND (remote_id > 0 OR EXISTS (SELECT 1 FROM coupons"
                                "                                  WHERE store_id = ?1 AND remote_id = ?2))",
                                error);
  if (stale == NULL)
    return FALSE;
  sqlite3_bind_int64 (stale, 1, self->store_id);
  sqlite3_bind_int64 (stale, 2, coupon->remote_id);
  _sk_database_bind_text (stale, 3, coupon->code);
  if (!step_done (self, stale, what, error))
    return FALSE;

  /* Only rows that differ are written, so a sync that brings nothing new
   * changes nothing. WooCommerce lowers the case of codes; the same code
   * as typed here is the same coupon and keeps the case it was typed in. */
  update = _sk_database_prepare (self->database,
                                 "UPDATE coupons SET remote_id = ?2,"
                                 " code = CASE WHEN code = ?3 COLLATE NOCASE THEN code ELSE ?3 END,"
                                 " discount_type = ?4, currency = ?5, amount = ?6, date_expires = ?7,"
                                 " usage_limit = ?8, usage_count = ?9, date_modified = ?10,"
                                 " usage_limit_per_user = ?11, individual_use = ?12, email_restrictions = ?13"
                                 " WHERE store_id = ?1"
                                 "   AND (remote_id = ?2 OR (remote_id = 0 AND code = ?3 COLLATE NOCASE))"
                                 "   AND (remote_id <> ?2 OR code <> ?3 COLLATE NOCASE"
                                 "        OR (discount_type, currency, amount, date_expires, usage_limit,"
                                 "            usage_count, date_modified, usage_limit_per_user, individual_use,"
                                 "            email_restrictions)"
                                 "           IS NOT (?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))",
                                 error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, i++, self->store_id);
  sqlite3_bind_int64 (update, i++, coupon->remote_id);
  _sk_database_bind_text (update, i++, coupon->code);
  _sk_database_bind_text (update, i++, coupon->discount_type);
  _sk_database_bind_text (update, i++, coupon->currency);
  sqlite3_bind_int64 (update, i++, coupon->amount);
  sqlite3_bind_int64 (update, i++, coupon->date_expires);
  sqlite3_bind_int64 (update, i++, coupon->usage_limit);
  sqlite3_bind_int64 (update, i++, coupon->usage_count);
  sqlite3_bind_int64 (update, i++, coupon->date_modified);
  sqlite3_bind_int64 (update, i++, coupon->usage_limit_per_user);
  sqlite3_bind_int (update, i++, coupon->individual_use ? 1 : 0);
  _sk_database_bind_text (update, i++, coupon->email_restrictions);
  g_assert (i == sqlite3_bind_parameter_count (update) + 1);
  if (!step_done (self, update, what, error))
    return FALSE;

  insert = _sk_database_prepare (self->database,
                                 "INSERT INTO coupons (store_id, remote_id, code, discount_type, currency,"
                                 " amount, date_expires, usage_limit, usage_count, date_modified,"
                                 " usage_limit_per_user, individual_use, email_restrictions)"
                                 " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13"
                                 " WHERE NOT EXISTS (SELECT 1 FROM coupons WHERE store_id = ?1"
                                 "                     AND (remote_id = ?2 OR (remote_id = 0 AND code = ?3 COLLATE NOCASE)))",
                                 error);
  if (insert == NULL)
    return FALSE;
  i = 1;
  sqlite3_bind_int64 (insert, i++, self->store_id);
  sqlite3_bind_int64 (insert, i++, coupon->remote_id);
  _sk_database_bind_text (insert, i++, coupon->code);
  _sk_database_bind_text (insert, i++, coupon->discount_type);
  _sk_database_bind_text (insert, i++, coupon->currency);
  sqlite3_bind_int64 (insert, i++, coupon->amount);
  sqlite3_bind_int64 (insert, i++, coupon->date_expires);
  sqlite3_bind_int64 (insert, i++, coupon->usage_limit);
  sqlite3_bind_int64 (insert, i++, coupon->usage_count);
  sqlite3_bind_int64 (insert, i++, coupon->date_modified);
  sqlite3_bind_int64 (insert, i++, coupon->usage_limit_per_user);
  sqlite3_bind_int (insert, i++, coupon->individual_use ? 1 : 0);
  _sk_database_bind_text (insert, i++, coupon->email_restrictions);
  g_assert (i == sqlite3_bind_parameter_count (insert) + 1);

  return step_done (self, insert, what, error);
}

static gboolean
read_cursor (SkStoreSink  *self,
             SkResource    resource,
             gint64       *out_cursor,
             GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  *out_cursor = 0;

  if (resource == SK_RESOURCE_COUPONS)
    {
      stmt = _sk_database_prepare (self->database,
                                   "SELECT value FROM sync_meta WHERE store_id = ?1 AND key = ?2",
                                   error);
      if (stmt == NULL)
        return FALSE;
      _sk_database_bind_text (stmt, 2, COUPON_CURSOR_KEY);
    }
  else
    {
      stmt = _sk_database_prepare (self->database,
                                   "SELECT cursor FROM sync_state WHERE store_id = ?1 AND resource = ?2",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 2, resource);
    }

  sqlite3_bind_int64 (stmt, 1, self->store_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_cursor = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self->database, error, rc, _("Could not read the sync state"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
resource_is_valid (SkResource   resource,
                   GError     **error)
{
  if (resource == SK_RESOURCE_ORDERS
      || resource == SK_RESOURCE_CUSTOMERS
      || resource == SK_RESOURCE_PRODUCTS
      || resource == SK_RESOURCE_COUPONS)
    return TRUE;

  g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
               "Unknown resource %d", (int) resource);
  return FALSE;
}

/* Notes where this sync started, the first time a resource is seen. */
static gboolean
remember_start (SkStoreSink  *self,
                SkResource    resource,
                GError      **error)
{
  guint index = (guint) resource - 1;
  gint64 cursor;

  if (self->start_known[index])
    return TRUE;

  if (!read_cursor (self, resource, &cursor, error))
    return FALSE;

  self->start_known[index] = TRUE;
  self->start_was_full[index] = cursor == 0;

  return TRUE;
}

/* A page, an order's notes or refunds: all or nothing, in a transaction
 * of its own or, within a batch (see sk_store_sink_begin_batch ()), in
 * the batch's. */
static gboolean
write_begin (SkStoreSink  *self,
             GError      **error)
{
  if (self->in_batch)
    return TRUE;

  return _sk_database_begin (self->database, error);
}

static gboolean
write_commit (SkStoreSink  *self,
              GError      **error)
{
  if (self->in_batch)
    return TRUE;

  return _sk_database_commit (self->database, error);
}

/* A write failed: within a batch, the whole batch goes (end_batch () then
 * says so), as the sync stops at the first failure anyway. */
static void
write_rollback (SkStoreSink *self)
{
  _sk_database_rollback (self->database);
}

/* Nothing was written and nothing went wrong: a transaction of its own
 * ends, a batch goes on. */
static void
write_abandon (SkStoreSink *self)
{
  if (!self->in_batch)
    _sk_database_rollback (self->database);
}

static gboolean
write_page_in_transaction (SkStoreSink       *self,
                           const SkSyncPage  *page,
                           GError           **error)
{
  for (guint i = 0; page->records != NULL && i < page->records->len; i++)
    {
      gconstpointer record = g_ptr_array_index (page->records, i);
      gboolean ok;

      switch (page->resource)
        {
        case SK_RESOURCE_ORDERS:
          ok = write_order (self, record, error);
          break;
        case SK_RESOURCE_CUSTOMERS:
          ok = write_customer (self, record, error);
          break;
        case SK_RESOURCE_PRODUCTS:
          ok = write_product (self, record, error);
          break;
        case SK_RESOURCE_COUPONS:
          ok = write_coupon (self, record, error);
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        return FALSE;
    }

  if (!write_search_index (self, error))
    return FALSE;

  if ((page->resource == SK_RESOURCE_ORDERS || page->resource == SK_RESOURCE_PRODUCTS) &&
      !_sk_outbox_reapply (self->database, self->store_id, error))
    return FALSE;

  if (page->cursor > 0 && page->resource == SK_RESOURCE_COUPONS)
    {
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO sync_meta (store_id, key, value) VALUES (?1, ?2, ?3)"
                                   " ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value"
                                   " WHERE excluded.value > value",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, self->store_id);
      _sk_database_bind_text (stmt, 2, COUPON_CURSOR_KEY);
      sqlite3_bind_int64 (stmt, 3, page->cursor);
      if (!step_done (self, stmt, _("Could not save the sync state"), error))
        return FALSE;
    }
  else if (page->cursor > 0)
    {
      g_autoptr(SkCachedStmt) stmt = NULL;

      /* max(): pages may arrive out of order when fetched in parallel, and
       * the cursor must never move back. */
      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO sync_state (store_id, resource, cursor)"
                                   " VALUES (?1, ?2, ?3)"
                                   " ON CONFLICT (store_id, resource)"
                                   " DO UPDATE SET cursor = excluded.cursor"
                                   " WHERE excluded.cursor > cursor",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, self->store_id);
      sqlite3_bind_int (stmt, 2, page->resource);
      sqlite3_bind_int64 (stmt, 3, page->cursor);
      if (!step_done (self, stmt, _("Could not save the sync state"), error))
        return FALSE;
    }

  return TRUE;
}

/* SkSyncSink */

static gboolean
sk_store_sink_write_page (SkSyncSink        *sink,
                          const SkSyncPage  *page,
                          GError           **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  gboolean ok;

  g_assert (self->thread == g_thread_self ());

  if (!resource_is_valid (page->resource, error))
    return FALSE;

  if (!write_begin (self, error))
    return FALSE;

  ok = remember_start (self, page->resource, error)
       && write_page_in_transaction (self, page, error)
       && write_commit (self, error);
  g_array_set_size (self->fts_changes, 0);

  if (!ok)
    {
      write_rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sk_store_sink_write_order_notes (SkSyncSink  *sink,
                                 gint64       order_remote_id,
                                 GPtrArray   *notes,
                                 GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(GHashTable) stale = NULL;
  gint64 order_id;
  gint64 unused;
  GHashTableIter iter;
  gpointer key;

  g_assert (self->thread == g_thread_self ());

  if (!write_begin (self, error))
    return FALSE;

  if (!lookup_row (self,
                   "SELECT id, 0 FROM orders WHERE store_id = ?1 AND remote_id = ?2",
                   order_remote_id, &order_id, &unused, error))
    goto failed;

  /* Notes are fetched for orders already written; an unknown order was
   * deleted in between or comes in a later page, which fetches its notes
   * again. Nothing to attach them to: ignored, not an error. */
  if (order_id == 0)
    {
      g_debug ("Ignoring notes of unknown order %" G_GINT64_FORMAT, order_remote_id);
      write_abandon (self);
      return TRUE;
    }

  /* Upsert by remote id and delete what is gone, instead of replacing all:
   * the same list twice then changes nothing, not even local ids. */
  stale = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  {
    g_autoptr(SkCachedStmt) stmt = NULL;
    int rc;

    stmt = _sk_database_prepare (self->database,
                                 "SELECT remote_id FROM order_notes WHERE order_id = ?1", error);
    if (stmt == NULL)
      goto failed;

    sqlite3_bind_int64 (stmt, 1, order_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_hash_table_add (stale, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
    if (rc != SQLITE_DONE)
      {
        _sk_database_set_error (self->database, error, rc, _("Could not read the order notes"));
        goto failed;
      }
  }

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      const SkOrderNoteRecord *note = g_ptr_array_index (notes, i);
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO order_notes (order_id, remote_id, date_created,"
                                   " author, note, customer_note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                   " ON CONFLICT (order_id, remote_id) DO UPDATE SET"
                                   " date_created = excluded.date_created, author = excluded.author,"
                                   " note = excluded.note, customer_note = excluded.customer_note"
                                   " WHERE date_created <> excluded.date_created"
                                   "    OR author <> excluded.author OR note <> excluded.note"
                                   "    OR customer_note <> excluded.customer_note",
                                   error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int64 (stmt, 2, note->remote_id);
      sqlite3_bind_int64 (stmt, 3, note->date_created);
      _sk_database_bind_text (stmt, 4, note->author);
      _sk_database_bind_text (stmt, 5, note->note);
      sqlite3_bind_int (stmt, 6, note->customer_note ? 1 : 0);
      if (!step_done (self, stmt, _("Could not save the order notes"), error))
        goto failed;

      g_hash_table_remove (stale, &note->remote_id);
    }

  g_hash_table_iter_init (&iter, stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database,
                                   "DELETE FROM order_notes WHERE order_id = ?1 AND remote_id = ?2",
                                   error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int64 (stmt, 2, *(gint64 *) key);
      if (!step_done (self, stmt, _("Could not save the order notes"), error))
        goto failed;
    }

  if (!write_commit (self, error))
    goto failed;

  return TRUE;

failed:
  write_rollback (self);
  return FALSE;
}

static gboolean
sk_store_sink_get_cursor (SkSyncSink  *sink,
                          SkResource   resource,
                          gint64      *out_cursor,
                          GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);

  g_assert (self->thread == g_thread_self ());

  if (!resource_is_valid (resource, error))
    return FALSE;

  return read_cursor (self, resource, out_cursor, error);
}

static gboolean
sk_store_sink_finish (SkSyncSink           *sink,
                      const SkSyncSummary  *summary,
                      GError              **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(GError) desk_error = NULL;
  g_autofree char *details = NULL;
  gint64 finished_at;

  g_assert (self->thread == g_thread_self ());

  finished_at = summary->finished_at > 0 ? summary->finished_at : sk_time_now_utc ();

  if (!_sk_database_begin (self->database, error))
    return FALSE;

  for (SkResource resource = SK_RESOURCE_ORDERS; resource <= SK_RESOURCE_PRODUCTS; resource++)
    {
      g_autoptr(SkCachedStmt) stmt = NULL;

      if (!remember_start (self, resource, error))
        goto failed;

      stmt = _sk_database_prepare (self->database,
                                   "INSERT INTO sync_state (store_id, resource, last_sync, last_full_sync)"
                                   " VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN ?3 ELSE 0 END)"
                                   " ON CONFLICT (store_id, resource) DO UPDATE SET"
                                   " last_sync = excluded.last_sync,"
                                   " last_full_sync = CASE WHEN ?4 THEN excluded.last_sync"
                                   "                  ELSE last_full_sync END",
                                   error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_int64 (stmt, 1, self->store_id);
      sqlite3_bind_int (stmt, 2, resource);
      sqlite3_bind_int64 (stmt, 3, finished_at);
      sqlite3_bind_int (stmt, 4, self->start_was_full[resource - 1]);
      if (!step_done (self, stmt, _("Could not save the sync state"), error))
        goto failed;
    }

  /* Machine-readable on purpose: the audit log is data, not prose. */
  details = g_strdup_printf ("orders=%" G_GINT64_FORMAT " customers=%" G_GINT64_FORMAT
                             " products=%" G_GINT64_FORMAT " notes=%" G_GINT64_FORMAT
                             " deleted=%" G_GINT64_FORMAT " incremental=%d"
                             " started_at=%" G_GINT64_FORMAT " finished_at=%" G_GINT64_FORMAT,
                             summary->orders, summary->customers, summary->products,
                             summary->notes, summary->deleted, summary->incremental ? 1 : 0,
                             summary->started_at, finished_at);
  if (!_sk_database_append_audit_at (self->database, finished_at, "sync", "sync.finished",
                                     self->store_url, details, error))
    goto failed;

  if (!_sk_database_commit (self->database, error))
    goto failed;

  /* The next sync through this sink starts afresh. */
  memset (self->start_known, 0, sizeof self->start_known);
  memset (self->start_was_full, 0, sizeof self->start_was_full);

  /* New open orders get their promised ship date and the lead times follow
   * what was synced. The sync itself is done: a failure here is retried
   * by the next one. */
  /* Its scans of the completed orders and of the items by product read a
   * few MB of index scattered over the file: through the memory map, the
   * pages the kernel maps in around each (fault-around) made the resident
   * size of a sync of 100,000 orders 25 MB larger (134 MB instead of 109).
   * SQLite's page cache, already at its size after a sync, holds them
   * instead. */
  if (!_sk_database_set_mmap (self->database, FALSE, &desk_error) ||
      !sk_order_desk_refresh (self->database, finished_at, &desk_error))
    g_warning ("Could not give the new orders their promised ship date: %s", desk_error->message);
  g_clear_error (&desk_error);
  if (!_sk_database_set_mmap (self->database, TRUE, &desk_error))
    g_warning ("%s", desk_error->message);

  return TRUE;

failed:
  _sk_database_rollback (self->database);
  return FALSE;
}

static GArray *
sk_store_sink_list_remote_ids (SkSyncSink  *sink,
                               SkResource   resource,
                               GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *sql;
  int rc;

  g_assert (self->thread == g_thread_self ());

  if (!resource_is_valid (resource, error))
    return NULL;

  switch (resource)
    {
    case SK_RESOURCE_ORDERS:
      sql = "SELECT remote_id FROM orders WHERE store_id = ?1 ORDER BY remote_id";
      break;
    case SK_RESOURCE_CUSTOMERS:
      sql = "SELECT remote_id FROM customers WHERE store_id = ?1 ORDER BY remote_id";
      break;
    case SK_RESOURCE_COUPONS:
      sql = "SELECT remote_id FROM coupons WHERE store_id = ?1 AND remote_id > 0 ORDER BY remote_id";
      break;
    case SK_RESOURCE_PRODUCTS:
    default:
      sql = "SELECT remote_id FROM products WHERE store_id = ?1 ORDER BY remote_id";
      break;
    }

  stmt = _sk_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return NULL;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, self->store_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self->database, error, rc, _("Could not read the database"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static gboolean
sk_store_sink_delete_records (SkSyncSink    *sink,
                              SkResource     resource,
                              const gint64  *remote_ids,
                              guint          n_ids,
                              GError       **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(GString) details = NULL;
  const char *sql;
  const char *action;
  guint deleted = 0;

  g_assert (self->thread == g_thread_self ());

  if (!resource_is_valid (resource, error))
    return FALSE;

  if (n_ids == 0)
    return TRUE;

  /* Items, notes and refunds go with their order (ON DELETE CASCADE), its
   * search entry through the orders_fts_delete trigger. */
  switch (resource)
    {
    case SK_RESOURCE_ORDERS:
      sql = "DELETE FROM orders WHERE store_id = ?1 AND remote_id = ?2";
      action = "sync.orders-deleted";
      break;
    case SK_RESOURCE_CUSTOMERS:
      sql = "DELETE FROM customers WHERE store_id = ?1 AND remote_id = ?2";
      action = "sync.customers-deleted";
      break;
    case SK_RESOURCE_COUPONS:
      sql = "DELETE FROM coupons WHERE store_id = ?1 AND remote_id = ?2 AND remote_id > 0";
      action = "sync.coupons-deleted";
      break;
    case SK_RESOURCE_PRODUCTS:
    default:
      sql = "DELETE FROM products WHERE store_id = ?1 AND remote_id = ?2";
      action = "sync.products-deleted";
      break;
    }

  if (!_sk_database_begin (self->database, error))
    return FALSE;

  /* Machine-readable, like the other audit entries: the ids removed. */
  details = g_string_new ("remote_ids=");
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(SkCachedStmt) stmt = NULL;

      stmt = _sk_database_prepare (self->database, sql, error);
      if (stmt == NULL)
        goto failed;

      sqlite3_bind_int64 (stmt, 1, self->store_id);
      sqlite3_bind_int64 (stmt, 2, remote_ids[i]);
      if (!step_done (self, stmt, _("Could not remove records the store no longer has"), error))
        goto failed;

      if (sqlite3_changes (_sk_database_get_handle (self->database)) > 0)
        {
          g_string_append_printf (details, "%s%" G_GINT64_FORMAT, deleted > 0 ? "," : "", remote_ids[i]);
          deleted++;

          /* A deleted account's orders stay, as guest orders: WooCommerce
           * sets their customer to 0 when the user is deleted. */
          if (resource == SK_RESOURCE_CUSTOMERS)
            {
              g_autoptr(SkCachedStmt) orders = NULL;

              orders = _sk_database_prepare (self->database,
                                             "UPDATE orders SET customer_remote_id = 0"
                                             " WHERE store_id = ?1 AND customer_remote_id = ?2",
                                             error);
              if (orders == NULL)
                goto failed;
              sqlite3_bind_int64 (orders, 1, self->store_id);
              sqlite3_bind_int64 (orders, 2, remote_ids[i]);
              if (!step_done (self, orders, _("Could not remove records the store no longer has"), error))
                goto failed;
            }
        }
    }

  if (deleted > 0 &&
      !_sk_database_append_audit_at (self->database, sk_time_now_utc (), "sync", action,
                                     self->store_url, details->str, error))
    goto failed;

  if (!_sk_database_commit (self->database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (self->database);
  return FALSE;
}

static gboolean
sk_store_sink_get_meta (SkSyncSink  *sink,
                        const char  *key,
                        gint64      *out_value,
                        GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_assert (self->thread == g_thread_self ());

  *out_value = 0;

  stmt = _sk_database_prepare (self->database,
                               "SELECT value FROM sync_meta WHERE store_id = ?1 AND key = ?2", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->store_id);
  _sk_database_bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self->database, error, rc, _("Could not read the sync state"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
sk_store_sink_set_meta (SkSyncSink  *sink,
                        const char  *key,
                        gint64       value,
                        GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self->database,
                               "INSERT INTO sync_meta (store_id, key, value) VALUES (?1, ?2, ?3)"
                               " ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->store_id);
  _sk_database_bind_text (stmt, 2, key);
  sqlite3_bind_int64 (stmt, 3, value);

  return step_done (self, stmt, _("Could not save the sync state"), error);
}

static gboolean
sk_store_sink_write_order_refunds (SkSyncSink  *sink,
                                   gint64       order_remote_id,
                                   GPtrArray   *refunds,
                                   GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);
  g_autoptr(SkCachedStmt) remove = NULL;
  gint64 order_id;
  gint64 unused;

  g_assert (self->thread == g_thread_self ());

  if (!write_begin (self, error))
    return FALSE;

  if (!lookup_row (self, "SELECT id, 0 FROM orders WHERE store_id = ?1 AND remote_id = ?2",
                   order_remote_id, &order_id, &unused, error))
    goto failed;

  /* As for notes: an order gone in between has nothing to attach to. */
  if (order_id == 0)
    {
      write_abandon (self);
      return TRUE;
    }

  /* The store's list is the truth; each refund keeps its place in the
   * order's summary when it has one, new ones go after. Same list twice,
   * no change. */
  for (guint i = 0; i < refunds->len; i++)
    {
      const SkRefundRecord *refund = g_ptr_array_index (refunds, i);
      g_autofree char *reason = strip_refund_key (refund->reason);
      g_autoptr(SkCachedStmt) update = NULL;

      update = _sk_database_prepare (self->database,
                                     "INSERT INTO refunds (order_id, position, remote_id, date_created, amount, reason)"
                                     " SELECT ?1, coalesce ((SELECT position FROM refunds WHERE order_id = ?1 AND remote_id = ?2),"
                                     "                      (SELECT max (position) + 1 FROM refunds WHERE order_id = ?1 AND position >= 0), 0),"
                                     "        ?2, ?3, ?4, ?5 WHERE true"
                                     " ON CONFLICT (order_id, position) DO UPDATE SET"
                                     "   remote_id = excluded.remote_id, date_created = excluded.date_created,"
                                     "   amount = excluded.amount, reason = excluded.reason"
                                     " WHERE remote_id <> excluded.remote_id OR date_created <> excluded.date_created"
                                     "    OR amount <> excluded.amount OR reason <> excluded.reason",
                                     error);
      if (update == NULL)
        goto failed;

      sqlite3_bind_int64 (update, 1, order_id);
      sqlite3_bind_int64 (update, 2, refund->remote_id);
      sqlite3_bind_int64 (update, 3, refund->date_created);
      sqlite3_bind_int64 (update, 4, refund->amount);
      _sk_database_bind_text (update, 5, reason);
      if (!step_done (self, update, _("Could not save the refunds"), error))
        goto failed;
    }

  remove = _sk_database_prepare (self->database,
                                 "DELETE FROM refunds WHERE order_id = ?1 AND NOT (outbox_id > 0 AND remote_id = 0) AND remote_id NOT IN"
                                 " (SELECT value FROM json_each (?2))",
                                 error);
  if (remove == NULL)
    goto failed;
  {
    g_autoptr(GString) ids = g_string_new ("[");

    for (guint i = 0; i < refunds->len; i++)
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              ((const SkRefundRecord *) g_ptr_array_index (refunds, i))->remote_id);
    g_string_append_c (ids, ']');

    sqlite3_bind_int64 (remove, 1, order_id);
    _sk_database_bind_text (remove, 2, ids->str);
    if (!step_done (self, remove, _("Could not save the refunds"), error))
      goto failed;
  }

  if (!write_commit (self, error))
    goto failed;

  return TRUE;

failed:
  write_rollback (self);
  return FALSE;
}

/* One transaction for several pages, notes and refunds: each commit
 * writes every database page it changed to the log, and a page of 100
 * orders changes a leaf in each product's range of the items' product
 * indexes, dozens of them; a batch writes them once for many pages. If a
 * write of the batch fails, the whole batch is rolled back, cursors with
 * the data: the sync stops there and the next one fetches it again. */
static gboolean
sk_store_sink_begin_batch (SkSyncSink  *sink,
                           GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);

  g_assert (self->thread == g_thread_self ());
  g_return_val_if_fail (!self->in_batch, FALSE);

  if (!_sk_database_begin (self->database, error))
    return FALSE;

  self->in_batch = TRUE;

  return TRUE;
}

static gboolean
sk_store_sink_end_batch (SkSyncSink  *sink,
                         GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);

  g_assert (self->thread == g_thread_self ());
  g_return_val_if_fail (self->in_batch, FALSE);

  self->in_batch = FALSE;

  if (sqlite3_get_autocommit (_sk_database_get_handle (self->database)))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                           _("Could not save the changes"));
      return FALSE;
    }

  if (!_sk_database_commit (self->database, error))
    {
      _sk_database_rollback (self->database);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
sk_store_sink_list_outbox (SkSyncSink  *sink,
                           GError     **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);

  g_assert (self->thread == g_thread_self ());

  return _sk_outbox_list_waiting (self->database, self->store_id, error);
}

static gboolean
sk_store_sink_update_outbox (SkSyncSink             *sink,
                             const SkOutboxOutcome  *outcome,
                             GError                **error)
{
  SkStoreSink *self = SK_STORE_SINK (sink);

  g_assert (self->thread == g_thread_self ());

  return _sk_outbox_update (self->database, outcome, error);
}

/* GObject */

static void
sk_store_sink_iface_init (SkSyncSinkInterface *iface)
{
  iface->write_page = sk_store_sink_write_page;
  iface->write_order_notes = sk_store_sink_write_order_notes;
  iface->get_cursor = sk_store_sink_get_cursor;
  iface->finish = sk_store_sink_finish;
  iface->list_remote_ids = sk_store_sink_list_remote_ids;
  iface->delete_records = sk_store_sink_delete_records;
  iface->get_meta = sk_store_sink_get_meta;
  iface->set_meta = sk_store_sink_set_meta;
  iface->list_outbox = sk_store_sink_list_outbox;
  iface->write_order_refunds = sk_store_sink_write_order_refunds;
  iface->update_outbox = sk_store_sink_update_outbox;
  iface->begin_batch = sk_store_sink_begin_batch;
  iface->end_batch = sk_store_sink_end_batch;
}

static void
sk_store_sink_dispose (GObject *object)
{
  SkStoreSink *self = (SkStoreSink *)object;

  g_clear_object (&self->database);

  G_OBJECT_CLASS (sk_store_sink_parent_class)->dispose (object);
}

static void
sk_store_sink_finalize (GObject *object)
{
  SkStoreSink *self = (SkStoreSink *)object;

  g_clear_pointer (&self->store_url, g_free);
  g_clear_pointer (&self->fts_changes, g_array_unref);

  G_OBJECT_CLASS (sk_store_sink_parent_class)->finalize (object);
}

static void
sk_store_sink_class_init (SkStoreSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_store_sink_dispose;
  object_class->finalize = sk_store_sink_finalize;
}

static void
sk_store_sink_init (SkStoreSink *self)
{
  self->thread = g_thread_self ();
  self->fts_changes = g_array_new (FALSE, FALSE, sizeof (FtsChange));
  g_array_set_clear_func (self->fts_changes, fts_change_clear);
}

SkSyncSink *
_sk_store_sink_new (SkDatabase *database,
                    gint64      store_id,
                    const char *store_url)
{
  SkStoreSink *self;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (store_id > 0, NULL);

  _sk_database_assert_thread (database);

  self = g_object_new (SK_TYPE_STORE_SINK, NULL);
  self->database = g_object_ref (database);
  self->store_id = store_id;
  self->store_url = g_strdup (store_url);

  return SK_SYNC_SINK (self);
}

gint64
_sk_store_sink_get_store_id (SkStoreSink *self)
{
  g_return_val_if_fail (SK_IS_STORE_SINK (self), 0);

  return self->store_id;
}
