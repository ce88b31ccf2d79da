/* test-order-list.c — the lazy orders model: sorts, filters, search, reloads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-order-list.h"
#include "sk-order-object.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define N_ORDERS 250

typedef struct
{
  char        *dir;
  char        *path;
  SkDatabase  *writer;
  SkSyncSink  *sink;
  SkDatabase  *reader;
  SkOrderList *list;
} Fixture;

static const char *first_names[] = { "Jane", "John", "Zoë", "ada", "Émile", "bob", "Chloé" };
static const char *last_names[] = { "Doe", "Smith", "Müller", "van Dijk", "O'Brien", "Nguyen" };
static const char *statuses[] = { "processing", "completed", "on-hold", "cancelled" };
static const char *product_sets[][3] = {
  { "Blue Mug", "Teapot", NULL },
  { "Green Tea", NULL, NULL },
  { "Espresso Cup", "Saucer", NULL },
};

static GPtrArray *
make_orders (guint first,
             guint n)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (first);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", 90 + i);
      const char *first_name = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last_name = last_names[(i / 2) % G_N_ELEMENTS (last_names)];
      g_autofree char *email = g_strdup_printf ("%s%u@example.com", first_name, i);
      /* Duplicate dates and totals, so the id tie-breaker matters. */
      gint64 date = 1700000000 + g_rand_int_range (rand, 0, 50) * 86400;
      gint64 total = g_rand_int_range (rand, 0, 20) * 100;

      g_ptr_array_add (orders,
                       store_test_order_new (i, number, statuses[i % G_N_ELEMENTS (statuses)],
                                             date, first_name, last_name, email, total,
                                             product_sets[i % G_N_ELEMENTS (product_sets)]));
    }

  return orders;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  guint n = GPOINTER_TO_UINT (data);

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->sink = sk_database_create_sink (fixture->writer, "https://shop.example", &error);
  g_assert_no_error (error);

  for (guint first = 1; first <= n; first += 100)
    {
      orders = make_orders (first, MIN (100, n - first + 1));
      store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
      g_clear_pointer (&orders, g_ptr_array_unref);
    }

  /* The UI reads through its own read-only connection. */
  fixture->reader = sk_database_open (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  fixture->list = sk_order_list_new (fixture->reader);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->list);
  g_assert_finalize_object (fixture->reader);
  g_assert_finalize_object (fixture->sink);
  g_assert_finalize_object (fixture->writer);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static SkOrderObject *
get (SkOrderList *list,
     guint        position)
{
  SkOrderObject *item = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (item);
  /* The model keeps its own reference in the page cache. */
  g_object_unref (item);

  return item;
}

static int
compare_number (const char *a,
                const char *b)
{
  size_t la = strlen (a), lb = strlen (b);

  if (la != lb)
    return la < lb ? -1 : 1;

  return strcmp (a, b);
}

static int
compare (SkOrderSort    sort,
         SkOrderObject *a,
         SkOrderObject *b)
{
  int r = 0;

  switch (sort)
    {
    case SK_ORDER_SORT_DATE:
      r = (sk_order_object_get_date_created (a) > sk_order_object_get_date_created (b))
        - (sk_order_object_get_date_created (a) < sk_order_object_get_date_created (b));
      break;
    case SK_ORDER_SORT_NUMBER:
      r = compare_number (sk_order_object_get_number (a), sk_order_object_get_number (b));
      break;
    case SK_ORDER_SORT_CUSTOMER:
      /* SQLite's NOCASE: ASCII case folded, other bytes compared as is. */
      r = g_ascii_strcasecmp (sk_order_object_get_customer_name (a), sk_order_object_get_customer_name (b));
      break;
    case SK_ORDER_SORT_STATUS:
      r = strcmp (sk_order_object_get_status (a), sk_order_object_get_status (b));
      break;
    case SK_ORDER_SORT_ITEMS:
      r = (sk_order_object_get_item_count (a) > sk_order_object_get_item_count (b))
        - (sk_order_object_get_item_count (a) < sk_order_object_get_item_count (b));
      break;
    case SK_ORDER_SORT_TOTAL:
      r = (sk_order_object_get_total (a) > sk_order_object_get_total (b))
        - (sk_order_object_get_total (a) < sk_order_object_get_total (b));
      break;
    default:
      g_assert_not_reached ();
    }

  if (r != 0)
    return r;

  return (sk_order_object_get_id (a) > sk_order_object_get_id (b))
       - (sk_order_object_get_id (a) < sk_order_object_get_id (b));
}

static void
test_sorts (Fixture       *fixture,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  g_assert_true (g_list_model_get_item_type (model) == SK_TYPE_ORDER_OBJECT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ORDERS);
  g_assert_null (g_list_model_get_item (model, N_ORDERS));
  /* Newest first by default. */
  g_assert_cmpint (sk_order_list_get_sort (fixture->list), ==, SK_ORDER_SORT_DATE);
  g_assert_true (sk_order_list_get_descending (fixture->list));

  for (SkOrderSort sort = SK_ORDER_SORT_DATE; sort <= SK_ORDER_SORT_TOTAL; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
        SkOrderObject *previous = NULL;

        sk_order_list_set_sort (fixture->list, sort, descending);
        g_assert_null (sk_order_list_get_error (fixture->list));
        g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ORDERS);

        for (guint i = 0; i < N_ORDERS; i++)
          {
            SkOrderObject *item = get (fixture->list, i);
            gint64 *id = g_new (gint64, 1);

            *id = sk_order_object_get_id (item);
            g_assert_false (g_hash_table_contains (seen, id));
            g_hash_table_add (seen, id);

            if (previous != NULL)
              {
                int r = compare (sort, previous, item);

                if (descending)
                  g_assert_cmpint (r, >, 0);
                else
                  g_assert_cmpint (r, <, 0);
              }
            previous = item;
          }
      }
}

static void
test_item_contents (Fixture       *fixture,
                    gconstpointer  data)
{
  SkOrderObject *item;
  g_autofree char *number = NULL;
  g_autofree char *currency = NULL;
  gint64 remote_id;

  sk_order_list_set_sort (fixture->list, SK_ORDER_SORT_NUMBER, FALSE);
  item = get (fixture->list, 0);
  remote_id = sk_order_object_get_remote_id (item);
  g_assert_cmpint (remote_id, ==, 1);
  g_assert_cmpstr (sk_order_object_get_number (item), ==, "91");
  g_assert_cmpstr (sk_order_object_get_status (item), ==, "completed");
  g_assert_cmpstr (sk_order_object_get_customer_name (item), ==, "John Doe");
  g_assert_cmpstr (sk_order_object_get_email (item), ==, "John1@example.com");
  g_assert_cmpint (sk_order_object_get_item_count (item), ==, 1);
  g_assert_cmpstr (sk_order_object_get_currency (item), ==, "EUR");

  /* Properties for GtkExpression lookups. */
  g_object_get (item, "number", &number, "currency", &currency, NULL);
  g_assert_cmpstr (number, ==, "91");
  g_assert_cmpstr (currency, ==, "EUR");

  /* Numbers sort as numbers: "99" before "100". */
  g_assert_cmpstr (sk_order_object_get_number (get (fixture->list, 8)), ==, "99");
  g_assert_cmpstr (sk_order_object_get_number (get (fixture->list, 9)), ==, "100");
}

static guint
count_for (Fixture    *fixture,
           const char *search,
           const char *status)
{
  sk_order_list_set_search (fixture->list, search);
  sk_order_list_set_status (fixture->list, status);
  g_assert_null (sk_order_list_get_error (fixture->list));

  return g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
}

static void
test_filter_and_search (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char *hostile[] = {
    "\"", "\"\"", "*", "a:b", "NEAR(", "NEAR(a b)", "-x", "AND OR", "OR", "NOT",
    "(", ")", "^", "a AND", "{number}: 1", "col:*", "'", "\\", "%", "_", "a\"b*c",
    "   ", "\t\n", "\xff\xfe", "ünïcödé", "🫖", "a OR b NOT c", "+", "*a*",
  };
  guint by_status = 0;
  guint n_processing = 0, n_zoe = 0, n_teapot = 0, n_espresso = 0;

  /* What make_orders () generated. */
  for (guint i = 1; i <= N_ORDERS; i++)
    {
      n_processing += i % G_N_ELEMENTS (statuses) == 0;
      n_zoe += i % G_N_ELEMENTS (first_names) == 2;
      n_teapot += i % G_N_ELEMENTS (product_sets) == 0;
      n_espresso += i % G_N_ELEMENTS (product_sets) == 2;
    }

  /* Every status, alone and together: each order exactly once. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    by_status += count_for (fixture, NULL, statuses[i]);
  g_assert_cmpuint (by_status, ==, N_ORDERS);
  g_assert_cmpuint (count_for (fixture, NULL, "processing"), ==, n_processing);
  g_assert_cmpuint (count_for (fixture, NULL, "refunded"), ==, 0);
  g_assert_cmpuint (count_for (fixture, NULL, NULL), ==, N_ORDERS);
  g_assert_cmpuint (count_for (fixture, "", ""), ==, N_ORDERS);

  /* The status filter with every sort keeps its rows sorted. */
  sk_order_list_set_status (fixture->list, "completed");
  sk_order_list_set_sort (fixture->list, SK_ORDER_SORT_DATE, TRUE);
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->list)); i++)
    {
      g_assert_cmpint (compare (SK_ORDER_SORT_DATE, get (fixture->list, i - 1), get (fixture->list, i)), >, 0);
      g_assert_cmpstr (sk_order_object_get_status (get (fixture->list, i)), ==, "completed");
    }

  /* Order number: exact and as a prefix. */
  g_assert_cmpuint (count_for (fixture, "123", NULL), ==, 1);
  g_assert_cmpuint (count_for (fixture, "#123", NULL), ==, 1);
  g_assert_cmpuint (count_for (fixture, "12", NULL), ==, 10); /* 120–129 */
  /* Customer name, case and accents ignored. */
  g_assert_cmpuint (count_for (fixture, "muller", NULL), ==, count_for (fixture, "MÜLLER", NULL));
  g_assert_cmpuint (count_for (fixture, "Müller", NULL), >, 0);
  g_assert_cmpuint (count_for (fixture, "zoe", NULL), ==, n_zoe);
  g_assert_cmpuint (count_for (fixture, "o'brien", NULL), >, 0);
  g_assert_cmpuint (count_for (fixture, "van dijk", NULL), ==, count_for (fixture, "dijk", NULL));
  /* E-mail. */
  g_assert_cmpuint (count_for (fixture, "jane7@example.com", NULL), ==, 1);
  g_assert_cmpuint (count_for (fixture, "example.com", NULL), ==, N_ORDERS);
  /* Product names, by prefix, several words combined with AND. */
  g_assert_cmpuint (count_for (fixture, "teapot", NULL), ==, n_teapot);
  g_assert_cmpuint (count_for (fixture, "esp", NULL), ==, n_espresso);
  g_assert_cmpuint (count_for (fixture, "blue mug", NULL), ==, n_teapot);
  g_assert_cmpuint (count_for (fixture, "mug saucer", NULL), ==, 0);
  /* Search and status together. */
  g_assert_cmpuint (count_for (fixture, "teapot", "processing"), <, count_for (fixture, "teapot", NULL));

  /* Nothing the user types breaks the query or gets interpreted. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *query = _sk_database_build_fts_query (hostile[i]);

      count_for (fixture, hostile[i], NULL);
      g_assert_null (sk_order_list_get_error (fixture->list));
      count_for (fixture, hostile[i], "processing");
      g_assert_null (sk_order_list_get_error (fixture->list));

      /* Each word is one quoted prefix phrase. */
      if (query != NULL)
        g_assert_true (g_str_has_prefix (query, "\"") && g_str_has_suffix (query, "\"*"));
    }

  /* Punctuation alone searches for nothing, i.e. shows everything. */
  g_assert_cmpuint (count_for (fixture, "\"", NULL), ==, N_ORDERS);
  g_assert_cmpuint (count_for (fixture, "- * :", NULL), ==, N_ORDERS);
  /* Keywords are plain words. */
  g_assert_cmpuint (count_for (fixture, "AND", NULL), ==, 0);
  g_assert_cmpuint (count_for (fixture, "teapot OR", NULL), ==, 0);
  g_assert_cmpuint (count_for (fixture, "teapot NOT mug", NULL), ==, 0);
  /* Quotes inside a word do not end the phrase. */
  g_assert_cmpuint (count_for (fixture, "o\"brien", NULL), ==, count_for (fixture, "o'brien", NULL));
}

typedef struct
{
  guint n_items_changed;
  guint position;
  guint removed;
  guint added;
  guint n_notify;
} Signals;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Signals    *signals)
{
  signals->n_items_changed++;
  signals->position = position;
  signals->removed = removed;
  signals->added = added;
}

static void
notify_n_items_cb (GObject    *object,
                   GParamSpec *pspec,
                   Signals    *signals)
{
  signals->n_notify++;
}

static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) more = make_orders (1000, 7);
  Signals signals = { 0 };
  SkOrderObject *item;
  gint64 id;
  guint position;

  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (items_changed_cb), &signals);
  g_signal_connect (fixture->list, "notify::n-items", G_CALLBACK (notify_n_items_cb), &signals);

  /* Re-query without changes: one items-changed, no n-items notification. */
  sk_order_list_reload (fixture->list);
  g_assert_cmpuint (signals.n_items_changed, ==, 1);
  g_assert_cmpuint (signals.removed, ==, N_ORDERS);
  g_assert_cmpuint (signals.added, ==, N_ORDERS);
  g_assert_cmpuint (signals.n_notify, ==, 0);

  /* Setting the same values again does nothing. */
  sk_order_list_set_sort (fixture->list, SK_ORDER_SORT_DATE, TRUE);
  sk_order_list_set_search (fixture->list, NULL);
  sk_order_list_set_status (fixture->list, NULL);
  g_assert_cmpuint (signals.n_items_changed, ==, 1);

  /* A sync writes more through the other connection. */
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, more, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_ORDERS);
  sk_order_list_reload (fixture->list);
  g_assert_cmpuint (signals.n_items_changed, ==, 2);
  g_assert_cmpuint (signals.position, ==, 0);
  g_assert_cmpuint (signals.removed, ==, N_ORDERS);
  g_assert_cmpuint (signals.added, ==, N_ORDERS + 7);
  g_assert_cmpuint (signals.n_notify, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_ORDERS + 7);

  /* Sort and direction at once: one re-query. */
  sk_order_list_set_sort (fixture->list, SK_ORDER_SORT_TOTAL, FALSE);
  g_assert_cmpuint (signals.n_items_changed, ==, 3);
  g_assert_cmpuint (signals.n_notify, ==, 1);

  /* A search that matches nothing empties the list: one signal, one notify. */
  sk_order_list_set_search (fixture->list, "nothing-matches-this");
  g_assert_cmpuint (signals.n_items_changed, ==, 4);
  g_assert_cmpuint (signals.added, ==, 0);
  g_assert_cmpuint (signals.n_notify, ==, 2);
  /* Empty to empty: nothing to say. */
  sk_order_list_set_search (fixture->list, "still-nothing");
  g_assert_cmpuint (signals.n_items_changed, ==, 4);
  sk_order_list_set_search (fixture->list, NULL);

  /* find keeps the selection across re-queries. */
  item = g_list_model_get_item (G_LIST_MODEL (fixture->list), 123);
  id = sk_order_object_get_id (item);
  g_assert_cmpuint (sk_order_list_find (fixture->list, id), ==, 123);
  sk_order_list_set_sort (fixture->list, SK_ORDER_SORT_CUSTOMER, TRUE);
  position = sk_order_list_find (fixture->list, id);
  g_assert_cmpuint (position, <, N_ORDERS + 7);
  g_assert_cmpint (sk_order_object_get_id (get (fixture->list, position)), ==, id);
  g_assert_cmpuint (sk_order_list_find (fixture->list, -5), ==, G_MAXUINT);
  /* Filtered out by a status it does not have. */
  sk_order_list_set_status (fixture->list,
                            g_str_equal (sk_order_object_get_status (item), "completed")
                            ? "processing" : "completed");
  g_assert_cmpuint (sk_order_list_find (fixture->list, id), ==, G_MAXUINT);
  /* Found by its number. */
  sk_order_list_set_status (fixture->list, NULL);
  sk_order_list_set_search (fixture->list, sk_order_object_get_number (item));
  g_assert_cmpuint (sk_order_list_find (fixture->list, id), !=, G_MAXUINT);
  g_assert_null (sk_order_list_get_error (fixture->list));
  g_object_unref (item);
}

static void
test_many_pages (Fixture       *fixture,
                 gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GArray) first_pass = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Every row once (more pages than the cache holds), then again from the
   * start: evicted pages come back the same. */
  for (guint i = 0; i < n; i++)
    {
      gint64 id = sk_order_object_get_id (get (fixture->list, i));

      g_array_append_val (first_pass, id);
    }
  for (guint i = 0; i < n; i += 7)
    g_assert_cmpint (sk_order_object_get_id (get (fixture->list, i)), ==, g_array_index (first_pass, gint64, i));
  /* Random access, backwards. */
  for (guint i = n; i-- > 0;)
    if (i % 97 == 0)
      g_assert_cmpint (sk_order_object_get_id (get (fixture->list, i)), ==, g_array_index (first_pass, gint64, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, n, func) \
  g_test_add (name, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/store/order-list/sorts", N_ORDERS, test_sorts);
  ADD ("/store/order-list/item-contents", N_ORDERS, test_item_contents);
  ADD ("/store/order-list/filter-and-search", N_ORDERS, test_filter_and_search);
  ADD ("/store/order-list/reload", N_ORDERS, test_reload);
  ADD ("/store/order-list/many-pages", 7000, test_many_pages);

#undef ADD

  return g_test_run ();
}
