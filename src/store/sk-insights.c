/* sk-insights.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-insights"

#include "config.h"

#include "sk-insights.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sk-customer-care.h"
#include "sk-database-private.h"
#include "sk-rfm.h"
#include "sk-shop-settings.h"
#include "sk-time.h"

#define DAY SK_INSIGHTS_SECONDS_PER_DAY

/* The indexes of customer_profiles (see 005-customers.sql): one per
 * SkCustomerSort, the segment filter, accounts, overdue customers. */
static const char * const profile_indexes[] = {
  "CREATE INDEX IF NOT EXISTS customer_profiles_by_name ON customer_profiles (display_name COLLATE NOCASE, id)",
  "CREATE INDEX IF NOT EXISTS customer_profiles_by_orders ON customer_profiles (order_count, id)",
  "CREATE INDEX IF NOT EXISTS customer_profiles_by_value ON customer_profiles (lifetime_value, id)",
  "CREATE INDEX IF NOT EXISTS customer_profiles_by_last_order ON customer_profiles (last_order, id)",
  "CREATE INDEX IF NOT EXISTS customer_profiles_by_segment ON customer_profiles (segment, last_order, id)",
  "CREATE INDEX IF NOT EXISTS customer_profiles_by_customer ON customer_profiles (customer_remote_id)"
  " WHERE customer_remote_id > 0",
  "CREATE INDEX IF NOT EXISTS customer_profiles_overdue ON customer_profiles (overdue_at) WHERE overdue_at > 0",
  /* The dashboard's most valuable overdue customers, from the index alone. */
  "CREATE INDEX IF NOT EXISTS customer_profiles_overdue_value ON customer_profiles"
  " (overdue_at, lifetime_value, id) WHERE overdue_at > 0",
};
static const char * const profile_index_drops[] = {
  "DROP INDEX IF EXISTS customer_profiles_by_name",
  "DROP INDEX IF EXISTS customer_profiles_by_orders",
  "DROP INDEX IF EXISTS customer_profiles_by_value",
  "DROP INDEX IF EXISTS customer_profiles_by_last_order",
  "DROP INDEX IF EXISTS customer_profiles_by_segment",
  "DROP INDEX IF EXISTS customer_profiles_by_customer",
  "DROP INDEX IF EXISTS customer_profiles_overdue",
  "DROP INDEX IF EXISTS customer_profiles_overdue_value",
};

/* The dashboard's periods; insight_periods holds a current and a previous
 * one for each. */
static const guint period_days[] = { 7, 30, 90 };
#define N_WINDOWS (G_N_ELEMENTS (period_days) * 2)

typedef struct
{
  char    *key;              /* "<store id>:<lower-cased e-mail>", owned */
  gint64   store_id;
  gint64   customer_remote_id;
  char    *email;            /* as first seen */
  char    *first_name;
  char    *last_name;
  gboolean registered_name;  /* the name comes from the customer record */
  gint64   first_order;
  gint64   last_order;
  gint64   n_orders;
  gint64   lifetime_value;
  gint64   refunds;
  GArray  *gaps;             /* gint64 seconds between counted orders, or NULL */
  GArray  *order_ids;        /* gint64 little-endian local ids, oldest first, or NULL */
  gint64   first_month;
  gint64   last_month;
  guint8   window_bits;      /* ordered in window w */
  guint8   before_end[N_WINDOWS]; /* counted orders before window w's end, up to 2 */
  guint    r, f, m;
  SkRfmSegment segment;
  gboolean unchanged;        /* its profile row is already as computed */
} Person;

typedef struct
{
  gint64 order_id;
  guint  person;             /* index in people */
} OrderLink;

/* A registered customer: store and remote id. */
typedef struct
{
  gint64 store_id;
  gint64 remote_id;
} AccountKey;

static guint
account_key_hash (gconstpointer key)
{
  const AccountKey *account = key;

  return (guint) (account->remote_id * 31 + account->store_id);
}

static gboolean
account_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const AccountKey *x = a;
  const AccountKey *y = b;

  return x->remote_id == y->remote_id && x->store_id == y->store_id;
}

typedef struct
{
  gint64 start;
  gint64 end;
} Window;

typedef struct
{
  gint64 cell;               /* cohort << 16 | months since */
  gint64 count;
} CohortCell;

typedef struct
{
  SkDatabase  *database;
  gint64       now;
  char        *currency;
  GPtrArray   *people;        /* Person */
  GHashTable  *by_key;        /* key → Person index + 1 */
  GHashTable  *by_customer;   /* AccountKey → Person index + 1 */
  /* Merged by hand: "<store>:<alias key>" → SkCustomerLinkTarget, or NULL
   * when nothing is merged (the common case costs no lookup per order). */
  GHashTable  *merged;
  GArray      *links;         /* OrderLink */
  GHashTable  *days;          /* day → SkDaySales */
  GHashTable  *cohorts;       /* cohort << 16 | months since → CohortCell */
  Window       windows[N_WINDOWS];
  gint64       synced_at;     /* the last sync the data read had seen */
  /* The profiles already there: key → id (gint64, owned). Rows that did
   * not change are left alone; empty, the table is written afresh. */
  GHashTable  *existing;
  /* For the log: when the current write transaction began, and the
   * longest one so far (µs). */
  gint64       lock_since;
  gint64       lock_longest;
} Refresh;

static void
person_free (gpointer data)
{
  Person *person = data;

  g_free (person->key);
  g_free (person->email);
  g_free (person->first_name);
  g_free (person->last_name);
  g_clear_pointer (&person->gaps, g_array_unref);
  g_clear_pointer (&person->order_ids, g_array_unref);
  g_free (person);
}

static void
refresh_clear (Refresh *refresh)
{
  g_clear_pointer (&refresh->currency, g_free);
  g_clear_pointer (&refresh->people, g_ptr_array_unref);
  g_clear_pointer (&refresh->by_key, g_hash_table_unref);
  g_clear_pointer (&refresh->by_customer, g_hash_table_unref);
  g_clear_pointer (&refresh->merged, g_hash_table_unref);
  g_clear_pointer (&refresh->links, g_array_unref);
  g_clear_pointer (&refresh->days, g_hash_table_unref);
  g_clear_pointer (&refresh->cohorts, g_hash_table_unref);
  g_clear_pointer (&refresh->existing, g_hash_table_unref);
}

/* Helpers */

gint64
sk_insights_day_of (gint64 unix_utc)
{
  gint64 days = unix_utc / DAY;

  /* Round towards minus infinity for times before 1970. */
  if (unix_utc % DAY < 0)
    days--;

  return days * DAY;
}

gint64
sk_insights_month_of (gint64 unix_utc)
{
  /* Howard Hinnant's civil_from_days: no GDateTime per order (a million
   * of them would cost more than the whole rest of the refresh). */
  gint64 z = sk_insights_day_of (unix_utc) / DAY + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = yoe + era * 400;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  if (m <= 2)
    y++;

  return y * 12 + (m - 1);
}

static gboolean
status_is_counted (const char *status)
{
  static const char * const excluded[] = {
    "pending", "failed", "cancelled", "trash", "draft", "checkout-draft",
  };

  for (guint i = 0; i < G_N_ELEMENTS (excluded); i++)
    if (strcmp (status, excluded[i]) == 0)
      return FALSE;

  return TRUE;
}

/* Appends the lower-cased @email to @key. ASCII is lowered byte by byte,
 * which is what almost every address is; anything else through GLib. */
static void
append_email_key (GString    *key,
                  const char *email)
{
  gsize start = key->len;

  g_string_append (key, email);

  for (char *p = key->str + start; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        {
          g_autofree char *lower = g_utf8_strdown (email, -1);

          g_string_truncate (key, start);
          g_string_append (key, lower);
          return;
        }
      if (*p >= 'A' && *p <= 'Z')
        *p += 'a' - 'A';
    }
}

/* Files @key under the profile it was merged into by hand, if any;
 * returns the address to show for it. */
static const char *
resolve_link (Refresh    *refresh,
              GString    *key,
              const char *email)
{
  const SkCustomerLinkTarget *target;

  if (refresh->merged == NULL)
    return email;

  target = g_hash_table_lookup (refresh->merged, key->str);
  if (target == NULL)
    return email;

  g_string_assign (key, target->key);

  return target->email;
}

static gboolean
refresh_load_links (Refresh  *refresh,
                    GError  **error)
{
  refresh->merged = sk_customer_care_load_links (refresh->database, error);
  if (refresh->merged == NULL)
    return FALSE;

  if (g_hash_table_size (refresh->merged) == 0)
    g_clear_pointer (&refresh->merged, g_hash_table_unref);

  return TRUE;
}

static guint
refresh_add_person (Refresh    *refresh,
                    const char *key,
                    gint64      store_id,
                    const char *email)
{
  Person *person = g_new0 (Person, 1);

  person->key = g_strdup (key);
  person->store_id = store_id;
  person->email = g_strdup (email);
  person->first_name = g_strdup ("");
  person->last_name = g_strdup ("");
  g_ptr_array_add (refresh->people, person);
  g_hash_table_insert (refresh->by_key, person->key, GUINT_TO_POINTER (refresh->people->len));

  return refresh->people->len - 1;
}

static void
set_name (Person     *person,
          const char *first_name,
          const char *last_name)
{
  if (g_strcmp0 (person->first_name, first_name) != 0)
    {
      g_free (person->first_name);
      person->first_name = g_strdup (first_name);
    }
  if (g_strcmp0 (person->last_name, last_name) != 0)
    {
      g_free (person->last_name);
      person->last_name = g_strdup (last_name);
    }
}

static gboolean
refresh_load_currency (Refresh  *refresh,
                       GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (refresh->database,
                               "SELECT currency FROM orders ORDER BY date_created DESC, id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _sk_database_set_error (refresh->database, error, rc, _("Could not read the orders"));
      return FALSE;
    }

  refresh->currency = g_strdup (rc == SQLITE_ROW ? _sk_database_column_text (stmt, 0) : "");

  return TRUE;
}

static gboolean
refresh_load_synced_at (Refresh  *refresh,
                        GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  stmt = _sk_database_prepare (refresh->database,
                               "SELECT coalesce (max (last_sync), 0) FROM sync_state",
                               error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    refresh->synced_at = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* A profile already in the table: its id and a hash of its columns from
 * email to order_ids (PROFILE_KINDS), to tell whether it changed. */
typedef struct
{
  gint64  id;
  guint64 hash;
} Existing;

/* The columns of customer_profiles, in the order of the ?1 … ?23 that
 * bind_person () binds; and the kinds of those from email to order_ids
 * (T text, I integer, B blob). */
#define PROFILE_COLUMNS \
  "id, store_id, email_key, email, customer_remote_id, first_name, last_name," \
  " display_name, search_text, first_order, last_order, order_count, currency," \
  " lifetime_value, average_order_value, usual_gap_days, refunds_total, segment," \
  " r_score, f_score, m_score, overdue_at, order_ids"
#define PROFILE_KINDS "TITTTTIIITIIIIIIIIIB"

/* FNV-1a, 64 bits; each value ends with its length, so "ab","c" and
 * "a","bc" differ. */
static void
hash_bytes (guint64       *hash,
            gconstpointer  data,
            gsize          len)
{
  const guint8 *p = data;

  for (gsize i = 0; i < len; i++)
    *hash = (*hash ^ p[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  for (guint i = 0; i < sizeof len; i++)
    *hash = (*hash ^ ((len >> (8 * i)) & 0xff)) * G_GUINT64_CONSTANT (0x100000001b3);
}

static void
hash_int (guint64 *hash,
          gint64   value)
{
  hash_bytes (hash, &value, sizeof value);
}

static void
hash_text (guint64    *hash,
           const char *text)
{
  if (text == NULL)
    text = "";
  hash_bytes (hash, text, strlen (text));
}

#define HASH_SEED G_GUINT64_CONSTANT (0xcbf29ce484222325)

/* Reads the profiles there are, to write only those that change. Done in
 * the read phase, without the write lock. */
static gboolean
refresh_load_existing (Refresh  *refresh,
                       GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (refresh->database,
                               "SELECT " PROFILE_COLUMNS " FROM customer_profiles",
                               error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Existing *existing = g_new (Existing, 1);
      char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                   (gint64) sqlite3_column_int64 (stmt, 1),
                                   _sk_database_column_text (stmt, 2));

      existing->id = sqlite3_column_int64 (stmt, 0);
      existing->hash = HASH_SEED;
      for (int i = 0; PROFILE_KINDS[i] != '\0'; i++)
        {
          int column = 3 + i;

          switch (PROFILE_KINDS[i])
            {
            case 'I':
              hash_int (&existing->hash, sqlite3_column_int64 (stmt, column));
              break;
            case 'T':
              hash_text (&existing->hash, _sk_database_column_text (stmt, column));
              break;
            default:
              hash_bytes (&existing->hash, sqlite3_column_blob (stmt, column),
                          (gsize) sqlite3_column_bytes (stmt, column));
              break;
            }
        }

      g_hash_table_insert (refresh->existing, key, existing);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (refresh->database, error, rc, _("Could not read the customers"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
refresh_load_customers (Refresh  *refresh,
                        GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  int rc;

  stmt = _sk_database_prepare (refresh->database,
                               "SELECT store_id, remote_id, email, first_name, last_name,"
                               "       billing_first_name, billing_last_name"
                               "  FROM customers ORDER BY id",
                               error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 store_id = sqlite3_column_int64 (stmt, 0);
      gint64 remote_id = sqlite3_column_int64 (stmt, 1);
      const char *email = _sk_database_column_text (stmt, 2);
      const char *first_name = _sk_database_column_text (stmt, 3);
      const char *last_name = _sk_database_column_text (stmt, 4);
      Person *person;
      gpointer found;
      guint index;

      if (*first_name == '\0' && *last_name == '\0')
        {
          first_name = _sk_database_column_text (stmt, 5);
          last_name = _sk_database_column_text (stmt, 6);
        }

      g_string_printf (key, "%" G_GINT64_FORMAT ":", store_id);
      if (*email != '\0')
        append_email_key (key, email);
      else
        g_string_append_printf (key, "customer:%" G_GINT64_FORMAT, remote_id);
      email = resolve_link (refresh, key, email);

      /* Two accounts with one address (the store allows it through its
       * API) are one person: the first account keeps the profile. */
      found = g_hash_table_lookup (refresh->by_key, key->str);
      index = found != NULL ? GPOINTER_TO_UINT (found) - 1
                            : refresh_add_person (refresh, key->str, store_id, email);
      person = g_ptr_array_index (refresh->people, index);

      if (person->customer_remote_id == 0)
        {
          person->customer_remote_id = remote_id;
          if (*first_name != '\0' || *last_name != '\0')
            {
              set_name (person, first_name, last_name);
              person->registered_name = TRUE;
            }
        }

      {
        AccountKey *account = g_new (AccountKey, 1);

        account->store_id = store_id;
        account->remote_id = remote_id;
        g_hash_table_insert (refresh->by_customer, account, GUINT_TO_POINTER (index + 1));
      }
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (refresh->database, error, rc, _("Could not read the customers"));
      return FALSE;
    }

  return TRUE;
}

static SkDaySales *
refresh_get_day (Refresh *refresh,
                 gint64   day)
{
  SkDaySales *sales = g_hash_table_lookup (refresh->days, &day);

  if (sales == NULL)
    {
      sales = g_new0 (SkDaySales, 1);
      sales->day = day;
      g_hash_table_insert (refresh->days, &sales->day, sales);
    }

  return sales;
}

static void
refresh_count_order (Refresh *refresh,
                     Person  *person,
                     gint64   date,
                     gint64   total,
                     gboolean main_currency)
{
  SkDaySales *sales = refresh_get_day (refresh, sk_insights_day_of (date));
  gint64 month = sk_insights_month_of (date);
  gboolean is_new = person->n_orders == 0;
  gint64 money = main_currency ? total : 0;

  if (is_new)
    {
      person->first_order = date;
      person->first_month = month;
      person->last_month = G_MININT64;
    }
  else
    {
      if (person->gaps == NULL)
        person->gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_vals (person->gaps, (gint64[]) { date - person->last_order }, 1);
    }

  person->n_orders++;
  person->last_order = date;
  person->lifetime_value += money;

  sales->orders++;
  sales->revenue += money;
  if (is_new)
    {
      sales->new_orders++;
      sales->new_revenue += money;
    }
  else
    {
      sales->returning_orders++;
      sales->returning_revenue += money;
    }

  /* Orders come oldest first, so a person's months only grow: each active
   * month is counted once. */
  /* Nobody to follow over time behind an order without an identity. */
  if (person->key == NULL)
    return;

  /* Orders come oldest first, so a person's months only grow: each active
   * month is counted once. */
  if (month != person->last_month)
    {
      gint64 cell = (person->first_month << 16) | (month - person->first_month);
      CohortCell *found = g_hash_table_lookup (refresh->cohorts, &cell);

      if (found == NULL)
        {
          found = g_new0 (CohortCell, 1);
          found->cell = cell;
          g_hash_table_insert (refresh->cohorts, &found->cell, found);
        }
      found->count++;
      person->last_month = month;
    }

  for (guint w = 0; w < N_WINDOWS; w++)
    {
      if (date < refresh->windows[w].end && person->before_end[w] < 2)
        person->before_end[w]++;
      if (date >= refresh->windows[w].start && date < refresh->windows[w].end)
        person->window_bits |= 1u << w;
    }
}

/* One order as the scan keeps it: 32 bytes, so a million fit in 32 MB. */
typedef struct
{
  gint64  date;
  gint64  order_id;
  gint64  total;
  guint32 person;            /* index in people, G_MAXUINT32 for nobody */
  guint8  counted;
  guint8  main_currency;
} OrderFact;

static int
compare_facts (const void *a,
               const void *b)
{
  const OrderFact *x = a;
  const OrderFact *y = b;

  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;

  return (x->order_id > y->order_id) - (x->order_id < y->order_id);
}

static gboolean
refresh_scan_orders (Refresh  *refresh,
                     GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GArray) facts = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  g_autofree gint64 *name_dates = NULL;
  guint n_name_dates = 0;
  gint64 prefix_store_id = G_MININT64;
  int rc;

  /* In table order, not through the date index: reading the rows in
   * place and sorting 32-byte facts afterwards is three times faster than
   * a million index-to-row lookups. */
  stmt = _sk_database_prepare (refresh->database,
                               "SELECT id, store_id, customer_remote_id, billing_email,"
                               "       billing_first_name, billing_last_name, date_created,"
                               "       total, currency, status"
                               "  FROM orders",
                               error);
  if (stmt == NULL)
    return FALSE;

  facts = g_array_sized_new (FALSE, FALSE, sizeof (OrderFact), 65536);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 store_id = sqlite3_column_int64 (stmt, 1);
      gint64 customer_remote_id = sqlite3_column_int64 (stmt, 2);
      const char *email = _sk_database_column_text (stmt, 3);
      gpointer found = NULL;
      OrderFact fact;

      fact.order_id = sqlite3_column_int64 (stmt, 0);
      fact.date = sqlite3_column_int64 (stmt, 6);
      fact.total = sqlite3_column_int64 (stmt, 7);
      fact.counted = status_is_counted (_sk_database_column_text (stmt, 9));
      fact.main_currency = strcmp (_sk_database_column_text (stmt, 8), refresh->currency) == 0;
      fact.person = G_MAXUINT32;

      if (customer_remote_id > 0)
        {
          AccountKey account = { store_id, customer_remote_id };

          found = g_hash_table_lookup (refresh->by_customer, &account);
        }

      if (found == NULL)
        {
          /* printf once per store, not once per order. */
          if (store_id != prefix_store_id)
            {
              g_string_printf (prefix, "%" G_GINT64_FORMAT ":", store_id);
              prefix_store_id = store_id;
            }
          g_string_truncate (key, 0);
          g_string_append_len (key, prefix->str, prefix->len);
          if (*email != '\0')
            append_email_key (key, email);
          else if (customer_remote_id > 0)
            /* A deleted account without a billing address. */
            g_string_append_printf (key, "customer:%" G_GINT64_FORMAT, customer_remote_id);
          else
            /* Nobody to attach it to (a phone order without an address):
             * it still counts for the shop's figures. */
            g_string_truncate (key, 0);

          if (key->len > 0)
            {
              email = resolve_link (refresh, key, email);
              found = g_hash_table_lookup (refresh->by_key, key->str);
              if (found == NULL)
                found = GUINT_TO_POINTER (refresh_add_person (refresh, key->str, store_id, email) + 1);
            }
        }

      if (found != NULL)
        {
          Person *person;

          fact.person = GPOINTER_TO_UINT (found) - 1;
          person = g_ptr_array_index (refresh->people, fact.person);

          /* Guests are greeted by the name of their latest order. */
          if (fact.person >= n_name_dates)
            {
              guint n = MAX (refresh->people->len, n_name_dates * 2);

              name_dates = g_renew (gint64, name_dates, n);
              for (guint i = n_name_dates; i < n; i++)
                name_dates[i] = G_MININT64;
              n_name_dates = n;
            }
          if (!person->registered_name && fact.date >= name_dates[fact.person])
            {
              const char *first_name = _sk_database_column_text (stmt, 4);
              const char *last_name = _sk_database_column_text (stmt, 5);

              if (*first_name != '\0' || *last_name != '\0')
                {
                  set_name (person, first_name, last_name);
                  name_dates[fact.person] = fact.date;
                }
            }
          if (*person->email == '\0' && *email != '\0')
            {
              g_free (person->email);
              person->email = g_strdup (email);
            }
        }

      g_array_append_val (facts, fact);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (refresh->database, error, rc, _("Could not read the orders"));
      return FALSE;
    }

  qsort (facts->data, facts->len, sizeof (OrderFact), compare_facts);

  for (guint i = 0; i < facts->len; i++)
    {
      const OrderFact *fact = &g_array_index (facts, OrderFact, i);

      if (fact->person == G_MAXUINT32)
        {
          if (fact->counted)
            {
              /* Counted for the shop (as a new customer's order: there is
               * no telling), without a person behind it. */
              Person anonymous = { 0 };

              refresh_count_order (refresh, &anonymous, fact->date, fact->total, fact->main_currency);
            }
        }
      else
        {
          Person *person = g_ptr_array_index (refresh->people, fact->person);
          OrderLink link = { fact->order_id, fact->person };
          gint64 id_le = GINT64_TO_LE (fact->order_id);

          if (person->order_ids == NULL)
            person->order_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 2);
          g_array_append_val (person->order_ids, id_le);
          g_array_append_val (refresh->links, link);
          if (fact->counted)
            refresh_count_order (refresh, person, fact->date, fact->total, fact->main_currency);
        }
    }

  return TRUE;
}

static int
compare_links_by_order (const void *a,
                        const void *b)
{
  const OrderLink *x = a;
  const OrderLink *y = b;

  return (x->order_id > y->order_id) - (x->order_id < y->order_id);
}

static gboolean
refresh_scan_refunds (Refresh  *refresh,
                      GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (refresh->database,
                               "SELECT r.order_id, r.date_created, r.amount, o.date_created,"
                               "       o.status, o.currency"
                               "  FROM refunds AS r JOIN orders AS o ON o.id = r.order_id",
                               error);
  if (stmt == NULL)
    return FALSE;

  qsort (refresh->links->data, refresh->links->len, sizeof (OrderLink), compare_links_by_order);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrderLink probe = { sqlite3_column_int64 (stmt, 0), 0 };
      gint64 date = sqlite3_column_int64 (stmt, 1);
      gint64 amount = sqlite3_column_int64 (stmt, 2);
      const OrderLink *link;

      if (!status_is_counted (_sk_database_column_text (stmt, 4)) ||
          g_strcmp0 (_sk_database_column_text (stmt, 5), refresh->currency) != 0)
        continue;

      /* A refund without a date is dated with its order. */
      if (date <= 0)
        date = sqlite3_column_int64 (stmt, 3);

      /* The store may send refunds as negative totals: a refund is an
       * amount given back either way. */
      amount = ABS (amount);

      refresh_get_day (refresh, sk_insights_day_of (date))->refunds += amount;

      link = bsearch (&probe, refresh->links->data, refresh->links->len,
                      sizeof (OrderLink), compare_links_by_order);
      if (link != NULL)
        ((Person *) g_ptr_array_index (refresh->people, link->person))->refunds += amount;
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (refresh->database, error, rc, _("Could not read the refunds"));
      return FALSE;
    }

  return TRUE;
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
median_gap (GArray *gaps)
{
  gint64 *values;
  guint n;

  if (gaps == NULL || gaps->len == 0)
    return 0;

  values = (gint64 *) (gpointer) gaps->data;
  n = gaps->len;
  qsort (values, n, sizeof (gint64), compare_gint64);

  if (n % 2 == 1)
    return values[n / 2];

  return values[n / 2 - 1] + (values[n / 2] - values[n / 2 - 1]) / 2;
}

static void
refresh_compute_segments (Refresh *refresh)
{
  g_autofree gint64 *recency = g_new (gint64, refresh->people->len + 1);
  g_autofree gint64 *frequency = g_new (gint64, refresh->people->len + 1);
  g_autofree gint64 *monetary = g_new (gint64, refresh->people->len + 1);
  gint64 r_cuts[SK_RFM_N_CUTS], f_cuts[SK_RFM_N_CUTS], m_cuts[SK_RFM_N_CUTS];
  gsize n = 0;

  for (guint i = 0; i < refresh->people->len; i++)
    {
      Person *person = g_ptr_array_index (refresh->people, i);

      if (person->n_orders == 0)
        continue;

      /* Minus the days, so that recent scores high. */
      recency[n] = -((refresh->now - person->last_order) / DAY);
      frequency[n] = person->n_orders;
      monetary[n] = person->lifetime_value;
      n++;
    }

  sk_rfm_compute_cuts (recency, n, r_cuts);
  sk_rfm_compute_cuts (frequency, n, f_cuts);
  sk_rfm_compute_cuts (monetary, n, m_cuts);

  /* The owner's thresholds, where set, replace the quintiles. */
  {
    g_autofree char *r_text = sk_shop_settings_get_string (refresh->database, SK_RFM_SETTING_RECENCY, NULL);
    g_autofree char *f_text = sk_shop_settings_get_string (refresh->database, SK_RFM_SETTING_FREQUENCY, NULL);
    g_autofree char *m_text = sk_shop_settings_get_string (refresh->database, SK_RFM_SETTING_MONETARY, NULL);
    gint64 days[SK_RFM_N_CUTS];

    /* Scored on minus the days: fewer than days[0] is above -days[0]. */
    if (sk_rfm_parse_cuts (r_text, days))
      for (guint i = 0; i < SK_RFM_N_CUTS; i++)
        r_cuts[i] = -days[SK_RFM_N_CUTS - 1 - i] - 1;
    sk_rfm_parse_cuts (f_text, f_cuts);
    sk_rfm_parse_cuts (m_text, m_cuts);
  }

  for (guint i = 0; i < refresh->people->len; i++)
    {
      Person *person = g_ptr_array_index (refresh->people, i);

      if (person->n_orders == 0)
        continue;

      person->r = sk_rfm_score (-((refresh->now - person->last_order) / DAY), r_cuts);
      person->f = sk_rfm_score (person->n_orders, f_cuts);
      person->m = sk_rfm_score (person->lifetime_value, m_cuts);
      person->segment = sk_rfm_segment_for (person->r, person->f, person->m, person->n_orders);
    }
}

static gboolean
step_done (Refresh       *refresh,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (refresh->database, error, rc, _("Could not save the customer figures"));
      return FALSE;
    }

  return TRUE;
}

/* Binds the profile of @person to ?1 … ?23 of @stmt (the columns of
 * customer_profiles in order, ?1 the id: @id, or NULL for a new rowid),
 * or only hashes it when @stmt is NULL. Returns the hash of the columns
 * email … order_ids, as refresh_load_existing () computes it. @name and
 * @search are scratch strings. */
static guint64
bind_person (Refresh      *refresh,
             sqlite3_stmt *stmt,
             Person       *person,
             gint64        id,
             GString      *name,
             GString      *search)
{
  const char *email_key = strchr (person->key, ':') + 1;
  g_autofree char *folded = NULL;
  gint64 gap = median_gap (person->gaps);
  gint64 ints[12];
  gint64 overdue_at = 0;
  gsize ids_size = person->order_ids != NULL ? person->order_ids->len * sizeof (gint64) : 0;
  guint64 hash = HASH_SEED;

  g_string_truncate (name, 0);
  g_string_append (name, person->first_name);
  if (*person->first_name != '\0' && *person->last_name != '\0')
    g_string_append_c (name, ' ');
  g_string_append (name, person->last_name);
  if (name->len == 0)
    g_string_append (name, person->email);

  g_string_truncate (search, 0);
  g_string_append (search, name->str);
  g_string_append_c (search, '\n');
  g_string_append (search, person->email);
  folded = g_utf8_casefold (search->str, search->len);

  if (person->n_orders >= 3 && gap > 0)
    overdue_at = person->last_order + 2 * gap;

  /* first_order … overdue_at, but currency (?10 … ?22 without ?13) */
  ints[0] = person->first_order;
  ints[1] = person->last_order;
  ints[2] = person->n_orders;
  ints[3] = person->lifetime_value;
  ints[4] = person->n_orders > 0 ? person->lifetime_value / person->n_orders : 0;
  ints[5] = (gap + DAY / 2) / DAY;
  ints[6] = person->refunds;
  ints[7] = person->segment;
  ints[8] = person->r;
  ints[9] = person->f;
  ints[10] = person->m;
  ints[11] = overdue_at;

  /* In the order of PROFILE_KINDS. */
  hash_text (&hash, person->email);
  hash_int (&hash, person->customer_remote_id);
  hash_text (&hash, person->first_name);
  hash_text (&hash, person->last_name);
  hash_text (&hash, name->str);
  hash_text (&hash, folded);
  for (guint i = 0; i < 3; i++)
    hash_int (&hash, ints[i]);
  hash_text (&hash, refresh->currency);
  for (guint i = 3; i < G_N_ELEMENTS (ints); i++)
    hash_int (&hash, ints[i]);
  hash_bytes (&hash, ids_size > 0 ? person->order_ids->data : "", ids_size);

  if (stmt == NULL)
    return hash;

  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, person->store_id);
  _sk_database_bind_text (stmt, 3, email_key);
  _sk_database_bind_text (stmt, 4, person->email);
  sqlite3_bind_int64 (stmt, 5, person->customer_remote_id);
  _sk_database_bind_text (stmt, 6, person->first_name);
  _sk_database_bind_text (stmt, 7, person->last_name);
  _sk_database_bind_text (stmt, 8, name->str);
  /* SQLITE_TRANSIENT: @folded is freed on return, before the step. */
  sqlite3_bind_text (stmt, 9, folded, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < 3; i++)
    sqlite3_bind_int64 (stmt, 10 + (int) i, ints[i]);
  _sk_database_bind_text (stmt, 13, refresh->currency);
  for (guint i = 3; i < G_N_ELEMENTS (ints); i++)
    sqlite3_bind_int64 (stmt, 11 + (int) i, ints[i]);
  if (ids_size > 0)
    sqlite3_bind_blob (stmt, 23, person->order_ids->data, (int) ids_size, SQLITE_STATIC);
  else
    sqlite3_bind_zeroblob (stmt, 23, 0);

  return hash;
}

#define PROFILE_INSERT \
  "INSERT INTO customer_profiles (" PROFILE_COLUMNS ")" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13," \
  " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)"

/* Rows written per write transaction: the first refresh writes 260,000
 * profiles at a million orders, and after the owner changes the RFM
 * thresholds most of them change; in one transaction that would hold the
 * write lock past the busy timeout of the sync and the desk. Readers may
 * see a mix of old and new rows meanwhile; the refresh's state is written
 * last, so a refresh cut short is done again. */
#define UPDATE_CHUNK 5000

static void
refresh_note_lock (Refresh *refresh)
{
  gint64 now = g_get_monotonic_time ();

  refresh->lock_longest = MAX (refresh->lock_longest, now - refresh->lock_since);
  refresh->lock_since = now;
}

static gboolean
refresh_release_lock (Refresh  *refresh,
                      GError  **error)
{
  if (!_sk_database_commit (refresh->database, error))
    return FALSE;
  refresh_note_lock (refresh);

  return _sk_database_begin (refresh->database, error);
}

/* The whole table afresh (the first refresh, or a table emptied): every
 * row inserted, numbered from 1, UPDATE_CHUNK rows per transaction; the
 * caller drops and builds the indexes around it, faster than keeping them
 * up to date row by row. */
static gboolean
refresh_write_people (Refresh  *refresh,
                      GError  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) search = g_string_new (NULL);

  stmt = _sk_database_prepare (refresh->database, PROFILE_INSERT, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < refresh->people->len; i++)
    {
      bind_person (refresh, stmt, g_ptr_array_index (refresh->people, i), i + 1, name, search);
      if (!step_done (refresh, stmt, error))
        return FALSE;
      if ((i + 1) % UPDATE_CHUNK == 0 && !refresh_release_lock (refresh, error))
        return FALSE;
    }

  return TRUE;
}

/* Marks the people whose profile row is already as computed (their
 * columns hash as refresh_load_existing () found them), and forgets those
 * rows: what stays in refresh->existing is to be updated or deleted. Done
 * before the write lock is taken. */
static void
refresh_compare_people (Refresh *refresh)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) search = g_string_new (NULL);

  for (guint i = 0; i < refresh->people->len; i++)
    {
      Person *person = g_ptr_array_index (refresh->people, i);
      const Existing *existing = g_hash_table_lookup (refresh->existing, person->key);

      if (existing != NULL && bind_person (refresh, NULL, person, 0, name, search) == existing->hash)
        {
          person->unchanged = TRUE;
          g_hash_table_remove (refresh->existing, person->key);
        }
    }
}

/* Only what changed since the last refresh (see refresh_compare_people ()):
 * a profile keeps its id, new people are added and people gone (merged,
 * erased) removed; after a sync most rows are not written at all. The
 * indexes stay, so the write lock is held for the rows that changed only,
 * not the seconds a full rewrite takes at 200,000 customers. */
static gboolean
refresh_update_people (Refresh  *refresh,
                       guint    *out_changed,
                       GError  **error)
{
  g_autoptr(SkCachedStmt) update = NULL;
  g_autoptr(SkCachedStmt) insert = NULL;
  g_autoptr(SkCachedStmt) delete = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) search = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;
  guint changed = 0;

  update = _sk_database_prepare (refresh->database,
                                 "UPDATE customer_profiles SET email = ?4, customer_remote_id = ?5,"
                                 " first_name = ?6, last_name = ?7, display_name = ?8, search_text = ?9,"
                                 " first_order = ?10, last_order = ?11, order_count = ?12, currency = ?13,"
                                 " lifetime_value = ?14, average_order_value = ?15, usual_gap_days = ?16,"
                                 " refunds_total = ?17, segment = ?18, r_score = ?19, f_score = ?20,"
                                 " m_score = ?21, overdue_at = ?22, order_ids = ?23"
                                 " WHERE id = ?1 AND store_id = ?2 AND email_key = ?3",
                                 error);
  if (update == NULL)
    return FALSE;
  insert = _sk_database_prepare (refresh->database, PROFILE_INSERT, error);
  if (insert == NULL)
    return FALSE;
  delete = _sk_database_prepare (refresh->database, "DELETE FROM customer_profiles WHERE id = ?1", error);
  if (delete == NULL)
    return FALSE;

  for (guint i = 0; i < refresh->people->len; i++)
    {
      Person *person = g_ptr_array_index (refresh->people, i);
      const Existing *existing;
      sqlite3_stmt *stmt;

      if (person->unchanged)
        continue;

      existing = g_hash_table_lookup (refresh->existing, person->key);
      stmt = existing != NULL ? update : insert;
      bind_person (refresh, stmt, person, existing != NULL ? existing->id : 0, name, search);
      if (!step_done (refresh, stmt, error))
        return FALSE;
      if (++changed % UPDATE_CHUNK == 0 && !refresh_release_lock (refresh, error))
        return FALSE;

      /* What is left in the table afterwards is gone. */
      if (existing != NULL)
        g_hash_table_remove (refresh->existing, person->key);
    }

  g_hash_table_iter_init (&iter, refresh->existing);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      sqlite3_bind_int64 (delete, 1, ((const Existing *) value)->id);
      if (!step_done (refresh, delete, error))
        return FALSE;
      if (++changed % UPDATE_CHUNK == 0 && !refresh_release_lock (refresh, error))
        return FALSE;
    }

  *out_changed = changed;

  return TRUE;
}

static gboolean
refresh_write_figures (Refresh  *refresh,
                       GError  **error)
{
  g_autoptr(SkCachedStmt) day_stmt = NULL;
  g_autoptr(SkCachedStmt) period_stmt = NULL;
  g_autoptr(SkCachedStmt) cohort_stmt = NULL;
  g_autoptr(SkCachedStmt) state_stmt = NULL;
  GHashTableIter iter;
  gpointer value;

  day_stmt = _sk_database_prepare (refresh->database,
                                   "INSERT INTO daily_sales (day, currency, revenue, orders, new_orders,"
                                   " returning_orders, new_revenue, returning_revenue, refunds)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                   error);
  if (day_stmt == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, refresh->days);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const SkDaySales *sales = value;

      sqlite3_bind_int64 (day_stmt, 1, sales->day);
      _sk_database_bind_text (day_stmt, 2, refresh->currency);
      sqlite3_bind_int64 (day_stmt, 3, sales->revenue);
      sqlite3_bind_int64 (day_stmt, 4, sales->orders);
      sqlite3_bind_int64 (day_stmt, 5, sales->new_orders);
      sqlite3_bind_int64 (day_stmt, 6, sales->returning_orders);
      sqlite3_bind_int64 (day_stmt, 7, sales->new_revenue);
      sqlite3_bind_int64 (day_stmt, 8, sales->returning_revenue);
      sqlite3_bind_int64 (day_stmt, 9, sales->refunds);
      if (!step_done (refresh, day_stmt, error))
        return FALSE;
    }

  period_stmt = _sk_database_prepare (refresh->database,
                                      "INSERT INTO insight_periods (days, previous, start_day, end_day,"
                                      " customers, repeat_customers) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
  if (period_stmt == NULL)
    return FALSE;

  for (guint w = 0; w < N_WINDOWS; w++)
    {
      gint64 customers = 0;
      gint64 repeat = 0;

      for (guint i = 0; i < refresh->people->len; i++)
        {
          Person *person = g_ptr_array_index (refresh->people, i);

          if (person->window_bits & (1u << w))
            {
              customers++;
              if (person->before_end[w] >= 2)
                repeat++;
            }
        }

      sqlite3_bind_int64 (period_stmt, 1, period_days[w / 2]);
      sqlite3_bind_int64 (period_stmt, 2, w % 2);
      sqlite3_bind_int64 (period_stmt, 3, refresh->windows[w].start);
      sqlite3_bind_int64 (period_stmt, 4, refresh->windows[w].end);
      sqlite3_bind_int64 (period_stmt, 5, customers);
      sqlite3_bind_int64 (period_stmt, 6, repeat);
      if (!step_done (refresh, period_stmt, error))
        return FALSE;
    }

  cohort_stmt = _sk_database_prepare (refresh->database,
                                      "INSERT INTO customer_cohorts (cohort, months_since, customers)"
                                      " VALUES (?1, ?2, ?3)",
                                      error);
  if (cohort_stmt == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, refresh->cohorts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CohortCell *cell = value;

      sqlite3_bind_int64 (cohort_stmt, 1, cell->cell >> 16);
      sqlite3_bind_int64 (cohort_stmt, 2, cell->cell & 0xffff);
      sqlite3_bind_int64 (cohort_stmt, 3, cell->count);
      if (!step_done (refresh, cohort_stmt, error))
        return FALSE;
    }

  state_stmt = _sk_database_prepare (refresh->database,
                                     "INSERT OR REPLACE INTO insights_state (id, refreshed_at, data_synced_at)"
                                     " VALUES (1, ?1, ?2)",
                                     error);
  if (state_stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (state_stmt, 1, refresh->now);
  /* What was read, not what is there now: a sync that wrote between the
   * reading and the writing leaves the figures stale, to be done again. */
  sqlite3_bind_int64 (state_stmt, 2, refresh->synced_at);

  return step_done (refresh, state_stmt, error);
}

/* Public API */

gboolean
sk_insights_refresh_at (SkDatabase  *database,
                        gint64       now_utc,
                        GError     **error)
{
  Refresh refresh = { 0 };
  gint64 end = sk_insights_day_of (now_utc) + DAY;
  gint64 start, write_start;
  gboolean in_place;
  gboolean ok;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  refresh.database = database;
  refresh.now = now_utc;
  refresh.people = g_ptr_array_new_with_free_func (person_free);
  refresh.by_key = g_hash_table_new (g_str_hash, g_str_equal);
  refresh.by_customer = g_hash_table_new_full (account_key_hash, account_key_equal, g_free, NULL);
  refresh.links = g_array_sized_new (FALSE, FALSE, sizeof (OrderLink), 4096);
  refresh.days = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  refresh.cohorts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  refresh.existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Window 2p is the period of period_days[p] days ending with today,
   * window 2p + 1 the one before it. */
  for (guint p = 0; p < G_N_ELEMENTS (period_days); p++)
    {
      gint64 length = (gint64) period_days[p] * DAY;

      refresh.windows[2 * p].start = end - length;
      refresh.windows[2 * p].end = end;
      refresh.windows[2 * p + 1].start = end - 2 * length;
      refresh.windows[2 * p + 1].end = end - length;
    }

  /* Reading takes most of the time (seconds at a million orders): it
   * runs in a read transaction of its own, one snapshot, without the
   * write lock, so the sync and the desk's writes go on meanwhile (they
   * would give up after the busy timeout); only the writing below holds
   * the lock. */
  if (!_sk_database_exec (database, "BEGIN", _("Could not read the orders"), error))
    {
      refresh_clear (&refresh);
      return FALSE;
    }

  start = g_get_monotonic_time ();
  ok = refresh_load_synced_at (&refresh, error) &&
       refresh_load_existing (&refresh, error) &&
       refresh_load_currency (&refresh, error) &&
       refresh_load_links (&refresh, error) &&
       refresh_load_customers (&refresh, error);
  g_debug ("customers read in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  ok = ok && refresh_scan_orders (&refresh, error);
  g_debug ("orders read in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  ok = ok && refresh_scan_refunds (&refresh, error);
  g_debug ("refunds read in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* A read transaction has nothing to commit: ending it cannot fail in a
   * way that matters to what was read. */
  _sk_database_rollback (database);
  if (!ok)
    {
      refresh_clear (&refresh);
      return FALSE;
    }

  refresh_compute_segments (&refresh);
  g_debug ("segments in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  /* Profiles there: update them in place (compared now, without the
   * lock); none: write the table afresh. */
  in_place = g_hash_table_size (refresh.existing) > 0;
  if (in_place)
    {
      refresh_compare_people (&refresh);
      g_debug ("compared in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
    }

  if (!_sk_database_begin (database, error))
    {
      refresh_clear (&refresh);
      return FALSE;
    }
  write_start = g_get_monotonic_time ();
  refresh.lock_since = write_start;

  if (in_place)
    {
      guint changed = 0;

      /* A first refresh cut short may have left indexes out; IF NOT
       * EXISTS makes this free otherwise. */
      ok = TRUE;
      for (guint i = 0; ok && i < G_N_ELEMENTS (profile_indexes); i++)
        ok = _sk_database_exec (database, profile_indexes[i],
                                _("Could not save the customer figures"), error);
      ok = ok && refresh_update_people (&refresh, &changed, error);
      g_debug ("%u of %u profiles written in %.1f ms", changed, refresh.people->len,
               (g_get_monotonic_time () - start) / 1000.0);
    }
  else
    {
      ok = _sk_database_exec (database, "DELETE FROM customer_profiles",
                              _("Could not save the customer figures"), error);
      for (guint i = 0; ok && i < G_N_ELEMENTS (profile_index_drops); i++)
        ok = _sk_database_exec (database, profile_index_drops[i],
                                _("Could not save the customer figures"), error);
      ok = ok && refresh_write_people (&refresh, error);
      g_debug ("rows written in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
      /* One index per transaction: each takes a second or two. */
      for (guint i = 0; ok && i < G_N_ELEMENTS (profile_indexes); i++)
        ok = refresh_release_lock (&refresh, error) &&
             _sk_database_exec (database, profile_indexes[i],
                                _("Could not save the customer figures"), error);
      g_debug ("profiles written in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
    }
  /* The small tables last, in the transaction that ends the refresh. */
  ok = ok &&
       _sk_database_exec (database, "DELETE FROM daily_sales",
                          _("Could not save the customer figures"), error) &&
       _sk_database_exec (database, "DELETE FROM insight_periods",
                          _("Could not save the customer figures"), error) &&
       _sk_database_exec (database, "DELETE FROM customer_cohorts",
                          _("Could not save the customer figures"), error) &&
       refresh_write_figures (&refresh, error);

  if (!ok || !_sk_database_commit (database, error))
    {
      _sk_database_rollback (database);
      refresh_clear (&refresh);
      return FALSE;
    }

  refresh_note_lock (&refresh);
  g_debug ("refreshed in %.1f ms; writing took %.1f ms, the longest write transaction %.1f ms",
           (g_get_monotonic_time () - start) / 1000.0,
           (g_get_monotonic_time () - write_start) / 1000.0,
           refresh.lock_longest / 1000.0);

  /* After the commit: freeing 260,000 people takes a while, and the lock
   * is not needed for it. */
  refresh_clear (&refresh);

  return TRUE;
}

gboolean
sk_insights_refresh (SkDatabase  *database,
                     GError     **error)
{
  return sk_insights_refresh_at (database, sk_time_now_utc (), error);
}

gboolean
sk_insights_is_stale (SkDatabase *database,
                      gint64      now_utc)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gboolean stale = TRUE;

  g_return_val_if_fail (SK_IS_DATABASE (database), TRUE);

  stmt = _sk_database_prepare (database,
                               "SELECT refreshed_at, data_synced_at,"
                               "       (SELECT coalesce (max (last_sync), 0) FROM sync_state)"
                               "  FROM insights_state WHERE id = 1",
                               NULL);
  if (stmt == NULL)
    return TRUE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 refreshed_at = sqlite3_column_int64 (stmt, 0);
      gint64 synced_at = sqlite3_column_int64 (stmt, 1);
      gint64 last_sync = sqlite3_column_int64 (stmt, 2);

      stale = sk_insights_day_of (refreshed_at) != sk_insights_day_of (now_utc) ||
              last_sync > synced_at;
    }

  return stale;
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  database = sk_database_open (task_data, SK_DATABASE_FLAGS_NONE, &error);
  if (database == NULL || !sk_insights_refresh (database, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
sk_insights_refresh_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_insights_refresh_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, refresh_thread);
}

gboolean
sk_insights_refresh_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_insights_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
