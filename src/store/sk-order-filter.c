/* sk-order-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-filter"

#include "config.h"

#include "sk-order-filter.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "sk-database.h"
#include "sk-database-private.h"

/* Longer text is cut: nobody types more, and it bounds the work. */
#define MAX_FILTER_TEXT 320

G_DEFINE_BOXED_TYPE (SkOrderFilter, sk_order_filter, sk_order_filter_copy, sk_order_filter_free)

/* Helpers */

static char *
normalise_text (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, MIN (strlen (text), MAX_FILTER_TEXT));
  g_strstrip (valid);
  if (valid[0] == '\0')
    return NULL;

  return g_steal_pointer (&valid);
}

static void
replace_text (char       **field,
              const char  *value)
{
  g_free (*field);
  *field = normalise_text (value);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
ids_equal (const GArray *a,
           const GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->len == b->len
         && memcmp (a->data, b->data, (gsize) a->len * sizeof (gint64)) == 0;
}

/* The FTS5 phrase that finds the orders of @email through the billing
 * e-mail column of the search index, or NULL when the address holds
 * nothing the tokenizer indexes (then the table is scanned). The phrase
 * matches the address's words in order; the exact address is checked
 * after. */
static char *
build_email_phrase (const char *email)
{
  g_autoptr(GString) phrase = g_string_new ("billing_email : \"");
  gboolean searchable = FALSE;

  for (const char *p = email; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        searchable = TRUE;
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_unichar (phrase, c);
    }

  if (!searchable)
    return NULL;

  g_string_append_c (phrase, '"');

  return g_string_free (g_steal_pointer (&phrase), FALSE);
}

static void
append_order_by (GString     *sql,
                 SkOrderSort  sort,
                 gboolean     descending)
{
  /* Each list matches an index of 001-initial.sql exactly, so the sort is
   * an index walk (backwards for descending) instead of a sort of every row. */
  static const char * const date[] = { "o.date_created", "o.id", NULL };
  static const char * const number[] = { "length (o.number)", "o.number", "o.id", NULL };
  static const char * const customer[] = { "o.customer_name COLLATE NOCASE", "o.id", NULL };
  static const char * const status[] = { "o.status", "o.id", NULL };
  static const char * const items[] = { "o.item_count", "o.id", NULL };
  static const char * const total[] = { "o.total", "o.id", NULL };
  const char * const *columns;

  switch (sort)
    {
    case SK_ORDER_SORT_NUMBER:
      columns = number;
      break;
    case SK_ORDER_SORT_CUSTOMER:
      columns = customer;
      break;
    case SK_ORDER_SORT_STATUS:
      columns = status;
      break;
    case SK_ORDER_SORT_ITEMS:
      columns = items;
      break;
    case SK_ORDER_SORT_TOTAL:
      columns = total;
      break;
    case SK_ORDER_SORT_DATE:
    default:
      columns = date;
      break;
    }

  g_string_append (sql, " ORDER BY ");
  for (guint i = 0; columns[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, columns[i]);
      g_string_append (sql, descending ? " DESC" : " ASC");
    }
}

/* Public API */

SkOrderFilter *
sk_order_filter_new (void)
{
  return g_new0 (SkOrderFilter, 1);
}

SkOrderFilter *
sk_order_filter_copy (const SkOrderFilter *filter)
{
  SkOrderFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_new0 (SkOrderFilter, 1);
  copy->search = g_strdup (filter->search);
  copy->status = g_strdup (filter->status);
  copy->created_from = filter->created_from;
  copy->created_until = filter->created_until;
  copy->payment_method = g_strdup (filter->payment_method);
  copy->product_remote_id = filter->product_remote_id;
  copy->customer_email = g_strdup (filter->customer_email);
  if (filter->only_ids != NULL)
    {
      copy->only_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), filter->only_ids->len);
      g_array_append_vals (copy->only_ids, filter->only_ids->data, filter->only_ids->len);
    }

  return copy;
}

void
sk_order_filter_free (SkOrderFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->search);
  g_free (filter->status);
  g_free (filter->payment_method);
  g_free (filter->customer_email);
  g_clear_pointer (&filter->only_ids, g_array_unref);
  g_free (filter);
}

gboolean
sk_order_filter_equal (const SkOrderFilter *a,
                       const SkOrderFilter *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->search, b->search) == 0
         && g_strcmp0 (a->status, b->status) == 0
         && a->created_from == b->created_from
         && a->created_until == b->created_until
         && g_strcmp0 (a->payment_method, b->payment_method) == 0
         && a->product_remote_id == b->product_remote_id
         && g_strcmp0 (a->customer_email, b->customer_email) == 0
         && ids_equal (a->only_ids, b->only_ids);
}

gboolean
sk_order_filter_is_empty (const SkOrderFilter *filter)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return filter->search == NULL && filter->status == NULL
         && sk_order_filter_count_extra (filter) == 0;
}

guint
sk_order_filter_count_extra (const SkOrderFilter *filter)
{
  guint n = 0;

  g_return_val_if_fail (filter != NULL, 0);

  if (filter->created_from != 0 || filter->created_until != 0)
    n++;
  if (filter->payment_method != NULL)
    n++;
  if (filter->product_remote_id != 0)
    n++;
  if (filter->customer_email != NULL)
    n++;
  if (filter->only_ids != NULL)
    n++;

  return n;
}

void
sk_order_filter_set_search (SkOrderFilter *filter,
                            const char    *search)
{
  g_return_if_fail (filter != NULL);

  /* Not stripped: a trailing space is the user still typing, and the
   * search ignores it anyway. */
  g_free (filter->search);
  filter->search = search != NULL && search[0] != '\0'
                   ? g_utf8_make_valid (search, MIN (strlen (search), MAX_FILTER_TEXT))
                   : NULL;
}

void
sk_order_filter_set_status (SkOrderFilter *filter,
                            const char    *status)
{
  g_return_if_fail (filter != NULL);

  replace_text (&filter->status, status);
}

void
sk_order_filter_set_payment_method (SkOrderFilter *filter,
                                    const char    *payment_method)
{
  g_return_if_fail (filter != NULL);

  replace_text (&filter->payment_method, payment_method);
}

void
sk_order_filter_set_customer_email (SkOrderFilter *filter,
                                    const char    *email)
{
  g_return_if_fail (filter != NULL);

  replace_text (&filter->customer_email, email);
}

void
sk_order_filter_set_only_ids (SkOrderFilter *filter,
                              const gint64  *ids,
                              guint          n_ids)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (ids != NULL || n_ids == 0);

  g_clear_pointer (&filter->only_ids, g_array_unref);
  if (ids == NULL)
    return;

  /* Sorted, so two filters with the same set compare equal and the
   * query can look ids up by bisection. */
  filter->only_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (filter->only_ids, ids, n_ids);
  g_array_sort (filter->only_ids, compare_ids);
}

static gint64
local_midnight (const GDate *date,
                GTimeZone   *tz)
{
  g_autoptr(GDateTime) dt = NULL;

  /* g_date_time_new () moves a time inside a DST gap forward, which is
   * the first moment of such a day. */
  dt = g_date_time_new (tz,
                        g_date_get_year (date),
                        g_date_get_month (date),
                        g_date_get_day (date),
                        0, 0, 0);
  g_assert (dt != NULL);

  return g_date_time_to_unix (dt);
}

gboolean
sk_order_filter_set_dates (SkOrderFilter *filter,
                           const GDate   *first,
                           const GDate   *last,
                           GTimeZone     *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  gint64 from = 0;
  gint64 until = 0;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (first == NULL || g_date_valid (first), FALSE);
  g_return_val_if_fail (last == NULL || g_date_valid (last), FALSE);

  if (first != NULL && last != NULL && g_date_compare (last, first) < 0)
    return FALSE;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  if (first != NULL)
    from = local_midnight (first, tz);

  if (last != NULL)
    {
      GDate next = *last;

      /* Exclusive: the first moment of the day after. */
      if (g_date_get_julian (&next) < G_MAXUINT32 - 1)
        g_date_add_days (&next, 1);
      until = local_midnight (&next, tz);
    }

  filter->created_from = from;
  filter->created_until = until;

  return TRUE;
}

GArray *
sk_order_filter_query_ids (SkDatabase          *database,
                           const SkOrderFilter *filter,
                           SkOrderSort          sort,
                           gboolean             descending,
                           GError             **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) match = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *fts_query = NULL;
  g_autofree char *email_phrase = NULL;
  const char *status = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (sort >= SK_ORDER_SORT_DATE && sort <= SK_ORDER_SORT_TOTAL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  _sk_database_assert_thread (database);

  if (filter != NULL)
    {
      fts_query = _sk_database_build_fts_query (filter->search);
      if (filter->customer_email != NULL)
        email_phrase = build_email_phrase (filter->customer_email);
      if (filter->status != NULL && filter->status[0] != '\0')
        status = filter->status;
    }

  /* Nothing can match an empty id set: answer without asking SQLite. */
  if (filter != NULL && filter->only_ids != NULL && filter->only_ids->len == 0)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  match = g_string_new (NULL);
  if (fts_query != NULL)
    g_string_append (match, fts_query);
  if (email_phrase != NULL)
    {
      if (match->len > 0)
        g_string_append (match, " AND ");
      g_string_append (match, email_phrase);
    }

  sql = g_string_new (NULL);
  if (match->len > 0)
    /* CROSS JOIN keeps the search as the outer loop: it finds few rows,
     * which are then looked up by id and sorted. The planner would look
     * them up in the wide orders rows; the narrow orders_sort_keys index
     * (003-sort-keys.sql) holds every sort key and is twice as fast. */
    g_string_append (sql,
                     "SELECT o.id FROM orders_fts CROSS JOIN orders AS o INDEXED BY orders_sort_keys"
                     " ON o.id = orders_fts.rowid"
                     " WHERE orders_fts MATCH ?1");
  else
    g_string_append (sql, "SELECT o.id FROM orders AS o WHERE ?1 IS NULL");

  if (status != NULL)
    g_string_append (sql, " AND o.status = ?2");

  if (filter != NULL)
    {
      if (filter->created_from != 0)
        g_string_append (sql, " AND o.date_created >= ?3");
      if (filter->created_until != 0)
        g_string_append (sql, " AND o.date_created < ?4");
      if (filter->payment_method != NULL)
        g_string_append (sql, " AND o.payment_method = ?5");
      if (filter->product_remote_id != 0)
        /* order_items_product finds the few orders of one product; the
         * outer query then tests membership in that set. */
        g_string_append (sql, " AND o.id IN (SELECT order_id FROM order_items WHERE product_remote_id = ?6)");
      if (filter->customer_email != NULL)
        /* NOCASE folds ASCII only, as e-mail addresses practically are;
         * the store itself compares them the same way. */
        g_string_append (sql, " AND o.billing_email = ?7 COLLATE NOCASE");
    }

  append_order_by (sql, sort, descending);

  stmt = _sk_database_prepare_built (database, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (match->len > 0)
    sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_TRANSIENT);
  if (status != NULL)
    _sk_database_bind_text (stmt, 2, status);
  if (filter != NULL)
    {
      if (filter->created_from != 0)
        sqlite3_bind_int64 (stmt, 3, filter->created_from);
      if (filter->created_until != 0)
        sqlite3_bind_int64 (stmt, 4, filter->created_until);
      if (filter->payment_method != NULL)
        _sk_database_bind_text (stmt, 5, filter->payment_method);
      if (filter->product_remote_id != 0)
        sqlite3_bind_int64 (stmt, 6, filter->product_remote_id);
      if (filter->customer_email != NULL)
        _sk_database_bind_text (stmt, 7, filter->customer_email);
    }

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      /* The id set comes from another query (needs attention): it is
       * small next to the table, so a bisection per row is cheaper than
       * handing SQLite a temporary table. */
      if (filter != NULL && filter->only_ids != NULL
          && bsearch (&id, filter->only_ids->data, filter->only_ids->len,
                      sizeof (gint64), compare_ids) == NULL)
        continue;

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not search the orders"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

void
sk_payment_method_free (SkPaymentMethod *method)
{
  if (method == NULL)
    return;

  g_free (method->slug);
  g_free (method->title);
  g_free (method);
}

GPtrArray *
sk_order_filter_list_payment_methods (SkDatabase  *database,
                                      GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  _sk_database_assert_thread (database);

  /* The counts come from orders_by_payment_date alone (012: a covering
   * index scan, no order row read); the title is the newest order's, one
   * seek per method, so a shop that renamed "Direct bank transfer" sees
   * its current name. At 100,000 orders this took ~30 ms of CPU reading
   * every row and takes ~6 ms. An order paid with nothing (a free order,
   * one made in the admin) has no slug and is left out: it cannot be
   * chosen as a method. */
  stmt = _sk_database_prepare (database,
                               "SELECT m.payment_method,"
                               "       (SELECT t.payment_method_title FROM orders AS t"
                               "         WHERE t.payment_method = m.payment_method"
                               "         ORDER BY t.date_created DESC, t.id DESC LIMIT 1),"
                               "       m.n_orders"
                               "  FROM (SELECT payment_method, count (*) AS n_orders FROM orders"
                               "         WHERE payment_method <> '' GROUP BY payment_method) AS m"
                               " ORDER BY m.n_orders DESC, m.payment_method",
                               error);
  if (stmt == NULL)
    return NULL;

  methods = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_payment_method_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkPaymentMethod *method = g_new0 (SkPaymentMethod, 1);
      const char *title = _sk_database_column_text (stmt, 1);

      method->slug = g_strdup (_sk_database_column_text (stmt, 0));
      method->title = g_strdup (title[0] != '\0' ? title : method->slug);
      method->n_orders = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (methods, method);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the payment methods"));
      return NULL;
    }

  return g_steal_pointer (&methods);
}

void
sk_product_choice_free (SkProductChoice *choice)
{
  if (choice == NULL)
    return;

  g_free (choice->name);
  g_free (choice->sku);
  g_free (choice);
}

GPtrArray *
sk_order_filter_list_products (SkDatabase  *database,
                               const char  *search,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *text = normalise_text (search);
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  _sk_database_assert_thread (database);

  stmt = _sk_database_prepare (database,
                               "SELECT remote_id, name, sku FROM products"
                               " WHERE ?1 IS NULL OR name LIKE ?1 ESCAPE '\\' OR sku LIKE ?1 ESCAPE '\\'"
                               " ORDER BY name COLLATE NOCASE, id"
                               " LIMIT ?2",
                               error);
  if (stmt == NULL)
    return NULL;

  if (text != NULL)
    {
      g_autoptr(GString) like = g_string_new ("%");

      /* The user's % and _ are letters, not wildcards. */
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (like, '\\');
          g_string_append_c (like, *p);
        }
      g_string_append_c (like, '%');
      pattern = g_string_free (g_steal_pointer (&like), FALSE);
      sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  products = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_product_choice_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkProductChoice *choice = g_new0 (SkProductChoice, 1);

      choice->remote_id = sqlite3_column_int64 (stmt, 0);
      choice->name = g_strdup (_sk_database_column_text (stmt, 1));
      choice->sku = g_strdup (_sk_database_column_text (stmt, 2));
      g_ptr_array_add (products, choice);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the products"));
      return NULL;
    }

  return g_steal_pointer (&products);
}
