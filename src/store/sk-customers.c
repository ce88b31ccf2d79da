/* sk-customers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customers"

#include "config.h"

#include "sk-customers.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-customer-care.h"
#include "sk-customer-object.h"
#include "sk-database-private.h"
#include "sk-rfm.h"

/* Longer search text only makes the scan slower and matches nothing. */
#define MAX_SEARCH_BYTES 256

static void
sk_customer_order_free (gpointer data)
{
  SkCustomerOrder *order = data;

  g_free (order->number);
  g_free (order->status);
  g_free (order->currency);
  g_free (order);
}

void
sk_customer_profile_free (SkCustomerProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->email);
  g_free (profile->first_name);
  g_free (profile->last_name);
  g_free (profile->display_name);
  g_free (profile->username);
  g_free (profile->currency);
  sk_address_clear (&profile->billing);
  sk_address_clear (&profile->shipping);
  g_clear_pointer (&profile->orders, g_ptr_array_unref);
  g_free (profile);
}

static const char *
order_by_clause (SkCustomerSort sort,
                 gboolean       descending)
{
  /* Each sort walks its index of 005-customers.sql (backwards when
   * descending); the id breaks ties so the order is stable. */
  switch (sort)
    {
    case SK_CUSTOMER_SORT_NAME:
      return descending ? " ORDER BY display_name COLLATE NOCASE DESC, id DESC"
                        : " ORDER BY display_name COLLATE NOCASE, id";
    case SK_CUSTOMER_SORT_ORDERS:
      return descending ? " ORDER BY order_count DESC, id DESC" : " ORDER BY order_count, id";
    case SK_CUSTOMER_SORT_VALUE:
      return descending ? " ORDER BY lifetime_value DESC, id DESC" : " ORDER BY lifetime_value, id";
    case SK_CUSTOMER_SORT_LAST_ORDER:
    default:
      return descending ? " ORDER BY last_order DESC, id DESC" : " ORDER BY last_order, id";
    }
}

GArray *
sk_customers_query_ids (SkDatabase      *database,
                        const char      *search,
                        int              segment,
                        SkCustomerSort   sort,
                        gboolean         descending,
                        GError         **error)
{
  SkCustomerFilter filter = { search, segment, NULL, 0 };

  return sk_customers_query_filtered (database, &filter, sort, descending, error);
}

GArray *
sk_customers_query_filtered (SkDatabase             *database,
                             const SkCustomerFilter *filter,
                             SkCustomerSort          sort,
                             gboolean                descending,
                             GError                **error)
{
  const char *search = filter->search;
  int segment = filter->segment;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *folded = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (sort >= SK_CUSTOMER_SORT_LAST_ORDER && sort <= SK_CUSTOMER_SORT_VALUE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (search != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (search, MIN (strlen (search), MAX_SEARCH_BYTES));
      g_autofree char *stripped = g_strstrip (g_strdup (valid));

      if (*stripped != '\0')
        folded = g_utf8_casefold (stripped, -1);
    }

  /* instr () over the case-folded name and e-mail: a plain substring
   * match, so nothing the user types can be misread as syntax (no LIKE
   * wildcards), and ~130,000 profiles scan in a few milliseconds. */
  sql = g_string_new ("SELECT id FROM customer_profiles WHERE (?1 IS NULL OR instr (search_text, ?1) > 0)"
                      " AND (?2 < 0 OR segment = ?2)");
  /* Tags hang off the person key (010-customer-care.sql): the profiles'
   * (store_id, email_key) index finds the few tagged ones. */
  if (filter->tag != NULL && *filter->tag != '\0')
    g_string_append (sql, " AND (store_id, email_key) IN (SELECT r.store_id, r.email_key"
                          " FROM customer_tags AS t JOIN customer_refs AS r ON r.id = t.ref_id"
                          " WHERE t.tag = ?3)");
  g_string_append (sql, order_by_clause (sort, descending));

  if (filter->saved_segment > 0)
    {
      g_autoptr(GArray) in_segment = sk_customer_care_query_segment_ids (database, filter->saved_segment, error);

      if (in_segment == NULL)
        return NULL;
      members = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < in_segment->len; i++)
        g_hash_table_add (members, g_memdup2 (&g_array_index (in_segment, gint64, i), sizeof (gint64)));
    }

  stmt = _sk_database_prepare_built (database, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (folded != NULL)
    sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, segment);
  if (filter->tag != NULL && *filter->tag != '\0')
    sqlite3_bind_text (stmt, 3, filter->tag, -1, SQLITE_STATIC);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (members == NULL || g_hash_table_contains (members, &id))
        g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not search the customers"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

GPtrArray *
sk_customers_load_objects (SkDatabase    *database,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT display_name, email, order_count, lifetime_value, currency,"
                               "       last_order, segment, customer_remote_id"
                               "  FROM customer_profiles WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  objects = g_ptr_array_new_full (n_ids, g_object_unref);

  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW)
        g_ptr_array_add (objects,
                         sk_customer_object_new (ids[i],
                                                 _sk_database_column_text (stmt, 0),
                                                 _sk_database_column_text (stmt, 1),
                                                 sqlite3_column_int64 (stmt, 2),
                                                 sqlite3_column_int64 (stmt, 3),
                                                 _sk_database_column_text (stmt, 4),
                                                 sqlite3_column_int64 (stmt, 5),
                                                 sqlite3_column_int (stmt, 6),
                                                 sqlite3_column_int64 (stmt, 7) > 0));
      else if (rc == SQLITE_DONE)
        /* Gone since the ids were read (a refresh): keep the positions
         * stable with an empty row; the next reload drops it. */
        g_ptr_array_add (objects, sk_customer_object_new (ids[i], "", "", 0, 0, "", 0, 0, FALSE));
      else
        {
          _sk_database_set_error (database, error, rc, _("Could not read the customers"));
          return NULL;
        }

      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&objects);
}

static gboolean
load_account (SkDatabase         *database,
              SkCustomerProfile  *profile,
              gint64              store_id,
              gint64              latest_order_id,
              GError            **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GString) columns = g_string_new (NULL);
  int rc;

  for (guint i = 0; i < SK_ADDRESS_N_COLUMNS; i++)
    g_string_append_printf (columns, ", billing_%s", _sk_address_columns[i]);
  for (guint i = 0; i < SK_ADDRESS_N_COLUMNS; i++)
    g_string_append_printf (columns, ", shipping_%s", _sk_address_columns[i]);

  if (profile->customer_remote_id > 0)
    sql = g_strdup_printf ("SELECT username, date_created%s FROM customers"
                           " WHERE store_id = ?1 AND remote_id = ?2", columns->str);
  else
    /* A guest: the addresses of their latest order. */
    sql = g_strdup_printf ("SELECT '', 0%s FROM orders WHERE id = ?3", columns->str);

  stmt = _sk_database_prepare_built (database, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (profile->customer_remote_id > 0)
    {
      sqlite3_bind_int64 (stmt, 1, store_id);
      sqlite3_bind_int64 (stmt, 2, profile->customer_remote_id);
    }
  else
    sqlite3_bind_int64 (stmt, 3, latest_order_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      profile->username = g_strdup (_sk_database_column_text (stmt, 0));
      profile->registered_at = sqlite3_column_int64 (stmt, 1);
      _sk_database_read_address (stmt, 2, &profile->billing);
      _sk_database_read_address (stmt, 2 + SK_ADDRESS_N_COLUMNS, &profile->shipping);
    }
  else if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the customer"));
      return FALSE;
    }

  if (profile->username == NULL)
    profile->username = g_strdup ("");

  return TRUE;
}

static gboolean
load_orders (SkDatabase         *database,
             SkCustomerProfile  *profile,
             const gint64       *ids_le,
             gsize               n_ids,
             GError            **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  stmt = _sk_database_prepare (database,
                               "SELECT remote_id, number, status, date_created, total, currency,"
                               "       (SELECT coalesce (sum (abs (amount)), 0) FROM refunds"
                               "         WHERE refunds.order_id = orders.id)"
                               "  FROM orders WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  /* The ids are oldest first: newest first for the profile. One
   * primary-key lookup each, ~10 µs, so even a customer with thousands of
   * orders opens at once. */
  for (gsize i = n_ids; i > 0; i--)
    {
      SkCustomerOrder *order;
      int rc;

      sqlite3_bind_int64 (stmt, 1, GINT64_FROM_LE (ids_le[i - 1]));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          /* Deleted since the last refresh. */
          sqlite3_reset (stmt);
          continue;
        }
      if (rc != SQLITE_ROW)
        {
          _sk_database_set_error (database, error, rc, _("Could not read the customer’s orders"));
          return FALSE;
        }

      order = g_new0 (SkCustomerOrder, 1);
      order->id = GINT64_FROM_LE (ids_le[i - 1]);
      order->remote_id = sqlite3_column_int64 (stmt, 0);
      order->number = g_strdup (_sk_database_column_text (stmt, 1));
      order->status = g_strdup (_sk_database_column_text (stmt, 2));
      order->date_created = sqlite3_column_int64 (stmt, 3);
      order->total = sqlite3_column_int64 (stmt, 4);
      order->currency = g_strdup (_sk_database_column_text (stmt, 5));
      order->refunded = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (profile->orders, order);
      sqlite3_reset (stmt);
    }

  return TRUE;
}

SkCustomerProfile *
sk_customers_load_profile (SkDatabase  *database,
                           gint64       profile_id,
                           GError     **error)
{
  g_autoptr(SkCustomerProfile) profile = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree gint64 *ids = NULL;
  gsize n_bytes;
  gsize n_ids;
  gint64 store_id;
  gboolean ok;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT store_id, customer_remote_id, email, first_name, last_name,"
                               "       display_name, first_order, last_order, order_count, currency,"
                               "       lifetime_value, average_order_value, usual_gap_days,"
                               "       refunds_total, segment, r_score, f_score, m_score, overdue_at, order_ids"
                               "  FROM customer_profiles WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  /* One read transaction: the profile and its orders from one refresh. */
  if (!_sk_database_exec (database, "BEGIN", _("Could not read the customer"), error))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                     _("This customer is no longer in the shop’s data."));
      else
        _sk_database_set_error (database, error, rc, _("Could not read the customer"));
      g_clear_pointer (&stmt, _sk_cached_stmt_release);
      _sk_database_rollback (database);
      return NULL;
    }

  profile = g_new0 (SkCustomerProfile, 1);
  sk_address_init (&profile->billing);
  sk_address_init (&profile->shipping);
  profile->orders = g_ptr_array_new_with_free_func (sk_customer_order_free);
  profile->id = profile_id;
  store_id = sqlite3_column_int64 (stmt, 0);
  profile->customer_remote_id = sqlite3_column_int64 (stmt, 1);
  profile->email = g_strdup (_sk_database_column_text (stmt, 2));
  profile->first_name = g_strdup (_sk_database_column_text (stmt, 3));
  profile->last_name = g_strdup (_sk_database_column_text (stmt, 4));
  profile->display_name = g_strdup (_sk_database_column_text (stmt, 5));
  profile->first_order = sqlite3_column_int64 (stmt, 6);
  profile->last_order = sqlite3_column_int64 (stmt, 7);
  profile->order_count = sqlite3_column_int64 (stmt, 8);
  profile->currency = g_strdup (_sk_database_column_text (stmt, 9));
  profile->lifetime_value = sqlite3_column_int64 (stmt, 10);
  profile->average_order_value = sqlite3_column_int64 (stmt, 11);
  profile->usual_gap_days = sqlite3_column_int64 (stmt, 12);
  profile->refunds_total = sqlite3_column_int64 (stmt, 13);
  profile->segment = sqlite3_column_int (stmt, 14);
  profile->r_score = (guint) sqlite3_column_int (stmt, 15);
  profile->f_score = (guint) sqlite3_column_int (stmt, 16);
  profile->m_score = (guint) sqlite3_column_int (stmt, 17);
  profile->overdue_at = sqlite3_column_int64 (stmt, 18);
  /* Copied: the blob is only valid until the statement moves on. */
  n_bytes = (gsize) sqlite3_column_bytes (stmt, 19);
  ids = g_memdup2 (sqlite3_column_blob (stmt, 19), n_bytes);
  n_ids = n_bytes / sizeof (gint64);
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  ok = load_account (database, profile, store_id,
                     n_ids > 0 ? GINT64_FROM_LE (ids[n_ids - 1]) : 0, error) &&
       load_orders (database, profile, ids, n_ids, error);

  _sk_database_rollback (database);

  if (!ok)
    return NULL;

  return g_steal_pointer (&profile);
}

gint64
sk_customers_count (SkDatabase *database)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);

  stmt = _sk_database_prepare (database, "SELECT count (*) FROM customer_profiles", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

gint64
sk_customers_find_by_email (SkDatabase *database,
                            const char *email)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);

  if (email == NULL || *email == '\0' || !g_utf8_validate (email, -1, NULL))
    return 0;

  key = g_utf8_strdown (email, -1);

  /* Through the profiles' (store_id, email_key) index, or the link of an
   * address merged into another profile. */
  stmt = _sk_database_prepare (database,
                               "SELECT coalesce ("
                               " (SELECT id FROM customer_profiles"
                               "   WHERE store_id IN (SELECT id FROM stores) AND email_key = ?1),"
                               " (SELECT p.id FROM customer_refs AS a"
                               "    JOIN customer_links AS l ON l.alias_ref = a.id"
                               "    JOIN customer_refs AS r ON r.id = l.primary_ref"
                               "    JOIN customer_profiles AS p ON p.store_id = r.store_id AND p.email_key = r.email_key"
                               "   WHERE a.email_key = ?1), 0)",
                               NULL);
  if (stmt == NULL)
    return 0;

  _sk_database_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}
