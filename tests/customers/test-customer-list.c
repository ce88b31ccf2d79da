/* test-customer-list.c — the lazy customers model: sorts, search, segments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "sk-customer-list.h"
#include "sk-customer-object.h"
#include "sk-customers.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-insights.h"
#include "sk-rfm.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define N_PEOPLE 230
#define NOW      ((gint64) 1767268800)

typedef struct
{
  char           *dir;
  char           *path;
  SkDatabase     *writer;
  SkSyncSink     *sink;
  SkDatabase     *reader;
  SkCustomerList *list;
} Fixture;

static const char *first_names[] = { "Jane", "John", "Zoë", "ada", "Émile", "bob", "Chloé", "Łukasz" };
static const char *last_names[] = { "Doe", "Smith", "Müller", "van Dijk", "O'Brien", "Nguyen", "100%_sure" };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const products[] = { "Teapot", NULL };
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  gint64 remote_id = 1;

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->sink = sk_database_create_sink (fixture->writer, "https://shop.example", &error);
  g_assert_no_error (error);

  for (guint p = 0; p < N_PEOPLE; p++)
    {
      const char *first_name = first_names[p % G_N_ELEMENTS (first_names)];
      const char *last_name = last_names[(p / 3) % G_N_ELEMENTS (last_names)];
      g_autofree char *email = g_strdup_printf ("person%u@example.com", p);
      guint n_orders = 1 + g_rand_int_range (rand, 0, 6);

      for (guint o = 0; o < n_orders; o++)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, remote_id);
          gint64 date = NOW - g_rand_int_range (rand, 1, 500) * (gint64) 86400;

          g_ptr_array_add (orders,
                           store_test_order_new (remote_id++, number, "completed", date,
                                                 first_name, last_name, email,
                                                 g_rand_int_range (rand, 0, 30) * 100, products));
          if (orders->len == 100)
            {
              store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
              g_ptr_array_set_size (orders, 0);
            }
        }
    }
  if (orders->len > 0)
    store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);

  fixture->reader = sk_database_open (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  fixture->list = sk_customer_list_new (fixture->reader);
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

static SkCustomerObject *
get (SkCustomerList *list,
     guint           position)
{
  SkCustomerObject *item = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (item);
  g_object_unref (item);

  return item;
}

static int
compare (SkCustomerSort    sort,
         SkCustomerObject *a,
         SkCustomerObject *b)
{
  int r = 0;

  switch (sort)
    {
    case SK_CUSTOMER_SORT_LAST_ORDER:
      r = (sk_customer_object_get_last_order (a) > sk_customer_object_get_last_order (b)) -
          (sk_customer_object_get_last_order (a) < sk_customer_object_get_last_order (b));
      break;
    case SK_CUSTOMER_SORT_NAME:
      r = g_ascii_strcasecmp (sk_customer_object_get_name (a), sk_customer_object_get_name (b));
      break;
    case SK_CUSTOMER_SORT_ORDERS:
      r = (sk_customer_object_get_order_count (a) > sk_customer_object_get_order_count (b)) -
          (sk_customer_object_get_order_count (a) < sk_customer_object_get_order_count (b));
      break;
    case SK_CUSTOMER_SORT_VALUE:
      r = (sk_customer_object_get_lifetime_value (a) > sk_customer_object_get_lifetime_value (b)) -
          (sk_customer_object_get_lifetime_value (a) < sk_customer_object_get_lifetime_value (b));
      break;
    default:
      g_assert_not_reached ();
    }

  if (r == 0)
    r = (sk_customer_object_get_id (a) > sk_customer_object_get_id (b)) -
        (sk_customer_object_get_id (a) < sk_customer_object_get_id (b));

  return r;
}

static void
test_sorts (Fixture       *fixture,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_PEOPLE);
  g_assert_true (g_list_model_get_item_type (model) == SK_TYPE_CUSTOMER_OBJECT);

  for (SkCustomerSort sort = SK_CUSTOMER_SORT_LAST_ORDER; sort <= SK_CUSTOMER_SORT_VALUE; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        sk_customer_list_set_sort (fixture->list, sort, descending);
        g_assert_null (sk_customer_list_get_error (fixture->list));
        g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_PEOPLE);

        for (guint i = 1; i < N_PEOPLE; i++)
          {
            int c = compare (sort, get (fixture->list, i - 1), get (fixture->list, i));

            if (descending ? c < 0 : c > 0)
              g_error ("sort %d%s: rows %u and %u are out of order", sort,
                       descending ? " descending" : "", i - 1, i);
          }
      }
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  guint n;

  /* Case-insensitive, non-ASCII included. */
  sk_customer_list_set_search (fixture->list, "müller");
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (strstr (sk_customer_object_get_name (get (fixture->list, i)), "Müller"));

  sk_customer_list_set_search (fixture->list, "ŁUKASZ");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);

  /* The e-mail too. */
  sk_customer_list_set_search (fixture->list, "person17@");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (sk_customer_object_get_email (get (fixture->list, 0)), ==, "person17@example.com");

  /* LIKE wildcards and quotes are plain text. */
  sk_customer_list_set_search (fixture->list, "%_");
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (strstr (sk_customer_object_get_name (get (fixture->list, i)), "%_"));
  sk_customer_list_set_search (fixture->list, "O'Brien");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  sk_customer_list_set_search (fixture->list, "\"); DROP TABLE customer_profiles; --");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (sk_customer_list_get_error (fixture->list));

  /* Invalid UTF-8 is repaired, not an error. */
  sk_customer_list_set_search (fixture->list, "Zo\xff");
  g_assert_null (sk_customer_list_get_error (fixture->list));

  sk_customer_list_set_search (fixture->list, "   ");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_PEOPLE);
  sk_customer_list_set_search (fixture->list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_PEOPLE);
}

static void
test_segments (Fixture       *fixture,
               gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  guint total = 0;

  for (int s = 0; s < SK_RFM_N_SEGMENTS; s++)
    {
      guint n;

      sk_customer_list_set_segment (fixture->list, s);
      n = g_list_model_get_n_items (model);
      for (guint i = 0; i < n; i++)
        g_assert_cmpint (sk_customer_object_get_segment (get (fixture->list, i)), ==, s);
      total += n;
    }

  /* Every profile in exactly one segment. */
  g_assert_cmpuint (total, ==, N_PEOPLE);

  sk_customer_list_set_segment (fixture->list, -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_PEOPLE);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_signals_and_find (Fixture       *fixture,
                       gconstpointer  data)
{
  guint n_signals = 0;
  SkCustomerObject *third;
  gint64 id;

  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (items_changed_cb), &n_signals);

  sk_customer_list_set_sort (fixture->list, SK_CUSTOMER_SORT_NAME, FALSE);
  g_assert_cmpuint (n_signals, ==, 1);
  /* Setting the same again is no change. */
  sk_customer_list_set_sort (fixture->list, SK_CUSTOMER_SORT_NAME, FALSE);
  g_assert_cmpuint (n_signals, ==, 1);

  third = get (fixture->list, 3);
  id = sk_customer_object_get_id (third);
  g_assert_cmpuint (sk_customer_list_find (fixture->list, id), ==, 3);
  g_assert_cmpuint (sk_customer_list_find (fixture->list, -5), ==, G_MAXUINT);

  sk_customer_list_reload (fixture->list);
  g_assert_cmpuint (n_signals, ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->list), N_PEOPLE));

  g_signal_handlers_disconnect_by_func (fixture->list, items_changed_cb, &n_signals);
}

static void
load_failed_cb (SkCustomerList *list,
                const char     *message,
                GPtrArray      *messages)
{
  g_ptr_array_add (messages, g_strdup (message));
}

static void
rename_profiles (Fixture    *fixture,
                 const char *from,
                 const char *to)
{
  g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s RENAME TO %s", from, to);

  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->writer), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A page that cannot be read gives empty rows and one "load-failed" for
 * the pages failing together (not a warning in the log only), and is read
 * again once the database answers. */
static void
test_load_failed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkCustomerObject) row = NULL;
  g_autoptr(SkCustomerObject) last = NULL;

  g_signal_connect (fixture->list, "load-failed", G_CALLBACK (load_failed_cb), messages);
  sk_customer_list_set_sort (fixture->list, SK_CUSTOMER_SORT_NAME, FALSE);
  g_assert_cmpstr (sk_customer_object_get_name (get (fixture->list, 0)), !=, "");

  rename_profiles (fixture, "customer_profiles", "customer_profiles_away");

  /* The first page is cached; the second and third are not. */
  g_assert_cmpstr (sk_customer_object_get_name (get (fixture->list, 0)), !=, "");
  /* Placeholders are not cached: the references are ours. */
  row = g_list_model_get_item (G_LIST_MODEL (fixture->list), 150);
  g_assert_cmpstr (sk_customer_object_get_name (row), ==, "");
  g_assert_cmpint (sk_customer_object_get_id (row), >, 0);
  last = g_list_model_get_item (G_LIST_MODEL (fixture->list), 220);
  g_assert_cmpstr (sk_customer_object_get_name (last), ==, "");
  /* Reported from an idle, once. */
  g_assert_cmpuint (messages->len, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "customer_profiles"));

  rename_profiles (fixture, "customer_profiles_away", "customer_profiles");
  g_assert_cmpstr (sk_customer_object_get_name (get (fixture->list, 150)), !=, "");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (messages->len, ==, 1);

  g_signal_handlers_disconnect_by_func (fixture->list, load_failed_cb, messages);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/customer-list/sorts", Fixture, NULL, fixture_set_up, test_sorts, fixture_tear_down);
  g_test_add ("/customer-list/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/customer-list/segments", Fixture, NULL, fixture_set_up, test_segments, fixture_tear_down);
  g_test_add ("/customer-list/signals", Fixture, NULL, fixture_set_up, test_signals_and_find, fixture_tear_down);
  g_test_add ("/customer-list/load-failed", Fixture, NULL, fixture_set_up, test_load_failed, fixture_tear_down);

  return g_test_run ();
}
