/* test-customer-care.c — notes, tags, consent, merging by hand and saved
 * segments (sk-customer-care.c), on a hand-made shop and on a random one
 * checked against plain SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "sk-customer-care.h"
#include "sk-customers.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-insights.h"
#include "sk-rfm.h"
#include "sk-shop-settings.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define D   ((gint64) 86400)
/* 2026-01-01 12:00:00 UTC */
#define NOW ((gint64) 1767268800)

typedef struct
{
  char       *dir;
  char       *path;
  SkDatabase *writer;
  SkSyncSink *sink;
} Fixture;

static SkOrderRecord *
order_new (gint64      remote_id,
           const char *status,
           gint64      date,
           gint64      customer_remote_id,
           const char *first_name,
           const char *email,
           gint64      total)
{
  static const char * const products[] = { "Teapot", "Cup", NULL };
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, remote_id);
  SkOrderRecord *order = store_test_order_new (remote_id, number, status, date, first_name,
                                               "Doe", email, total, products);

  order->customer_remote_id = customer_remote_id;

  return order;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_customer_record_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GError) error = NULL;

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sk_database_set_actor (fixture->writer, "Mia");
  fixture->sink = sk_database_create_sink (fixture->writer, "https://shop.example", &error);
  g_assert_no_error (error);

  g_ptr_array_add (customers, store_test_customer_new (10, "Anna", "Alpha", "anna@example.com"));
  store_test_write_page (fixture->sink, SK_RESOURCE_CUSTOMERS, customers, 0);

  g_ptr_array_add (orders, order_new (101, "completed", NOW - 100 * D, 10, "Anna", "anna@example.com", 1000));
  g_ptr_array_add (orders, order_new (102, "completed", NOW - 50 * D, 0, "Bob", "bob@example.net", 2000));
  /* Bob again, from work: the same person to the shop, not to the e-mail key. */
  g_ptr_array_add (orders, order_new (103, "completed", NOW - 10 * D, 0, "Bob", "Bob.Doe@Work.example", 3000));
  g_ptr_array_add (orders, order_new (104, "completed", NOW - 5 * D, 0, "Carol", "carol@example.org", 500));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->sink);
  g_assert_finalize_object (fixture->writer);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gint64
query_int (SkDatabase *database,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gint64
profile_id_for (SkDatabase *database,
                const char *email_key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM customer_profiles WHERE email_key = '%s'", email_key);

  return query_int (database, sql);
}

/* Runs @sql and returns SQLite's result code. */
static int
exec_raw (SkDatabase *database,
          const char *sql)
{
  /* The primary code: extended codes are on (SQLITE_CONSTRAINT_TRIGGER). */
  return sqlite3_exec (_sk_database_get_handle (database), sql, NULL, NULL, NULL) & 0xff;
}

static void
test_merge_split (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SkCustomerProfile) bob = NULL;
  g_autoptr(SkCustomerCare) care = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bob_id = profile_id_for (fixture->writer, "bob@example.net");
  gint64 work_id = profile_id_for (fixture->writer, "bob.doe@work.example");
  gint64 carol_id = profile_id_for (fixture->writer, "carol@example.org");
  gint64 alias_ref = 0;

  g_assert_cmpint (sk_customers_count (fixture->writer), ==, 4);
  g_assert_true (sk_customer_care_add_tag (fixture->writer, work_id, "wholesale", &error));
  g_assert_no_error (error);

  g_assert_false (sk_customer_care_merge (fixture->writer, bob_id, bob_id, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Carol goes into the work address first, then the work address (with
   * Carol behind it) into Bob: every link stays one step from Bob. */
  g_assert_true (sk_customer_care_merge (fixture->writer, work_id, carol_id, &error));
  g_assert_no_error (error);
  g_assert_true (sk_customer_care_merge (fixture->writer, bob_id, work_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM audit_log WHERE action = 'customer.merged'"), ==, 2);
  /* The audit log names refs, never addresses. */
  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM audit_log WHERE details LIKE '%@%'"
                                               " OR subject LIKE '%@%'"), ==, 0);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_customers_count (fixture->writer), ==, 2);
  bob_id = profile_id_for (fixture->writer, "bob@example.net");
  g_assert_cmpint (profile_id_for (fixture->writer, "bob.doe@work.example"), ==, -1);

  bob = sk_customers_load_profile (fixture->writer, bob_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bob->order_count, ==, 3);
  g_assert_cmpint (bob->lifetime_value, ==, 5500);
  g_assert_cmpstr (bob->email, ==, "bob@example.net");
  g_assert_cmpuint (bob->orders->len, ==, 3);

  care = sk_customer_care_load (fixture->writer, bob_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (care->aliases->len, ==, 2);
  g_assert_cmpstr (((SkCustomerAlias *) care->aliases->pdata[0])->email, ==, "Bob.Doe@Work.example");
  g_assert_cmpstr (((SkCustomerAlias *) care->aliases->pdata[0])->linked_by, ==, "Mia");
  /* The tag moved with the address. */
  g_assert_cmpuint (care->tags->len, ==, 1);
  g_assert_cmpstr (care->tags->pdata[0], ==, "wholesale");

  /* Split Carol off again. */
  for (guint i = 0; i < care->aliases->len; i++)
    if (g_strcmp0 (((SkCustomerAlias *) care->aliases->pdata[i])->email, "carol@example.org") == 0)
      alias_ref = ((SkCustomerAlias *) care->aliases->pdata[i])->ref_id;
  g_assert_true (sk_customer_care_split (fixture->writer, bob_id, alias_ref, &error));
  g_assert_no_error (error);
  g_assert_false (sk_customer_care_split (fixture->writer, bob_id, alias_ref, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_customers_count (fixture->writer), ==, 3);
  g_clear_pointer (&bob, sk_customer_profile_free);
  bob = sk_customers_load_profile (fixture->writer, profile_id_for (fixture->writer, "bob@example.net"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (bob->order_count, ==, 2);
  g_assert_cmpint (bob->lifetime_value, ==, 5000);
  g_assert_cmpint (query_int (fixture->writer, "SELECT order_count FROM customer_profiles"
                                               " WHERE email_key = 'carol@example.org'"), ==, 1);
  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM audit_log WHERE action = 'customer.split'"), ==, 1);
}

static void
test_notes_append_only (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SkCustomerCare) care = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = g_strnfill (SK_CUSTOMER_NOTE_MAX_BYTES + 1, 'x');
  gint64 anna_id = profile_id_for (fixture->writer, "anna@example.com");
  gint64 first, second;

  first = sk_customer_care_add_note (fixture->writer, anna_id, "Prefers calls after 5 pm", &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);
  sk_database_set_actor (fixture->writer, "Tom");
  second = sk_customer_care_add_note (fixture->writer, anna_id, "  Allergic to lavender  ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);

  g_assert_cmpint (sk_customer_care_add_note (fixture->writer, anna_id, " \n ", &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sk_customer_care_add_note (fixture->writer, anna_id, too_long, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sk_customer_care_add_note (fixture->writer, anna_id, "bad \xff", &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Neither edited nor deleted, whatever the SQL. */
  g_assert_cmpint (exec_raw (fixture->writer, "UPDATE customer_notes SET note = 'x'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_raw (fixture->writer, "DELETE FROM customer_notes"), ==, SQLITE_CONSTRAINT);
  /* An erasure, once closed, opens nothing. */
  g_assert_cmpint (exec_raw (fixture->writer, "INSERT INTO customer_erasures (ref_id, started_at, finished_at, actor)"
                                              " SELECT ref_id, 1, 2, 'x' FROM customer_notes LIMIT 1"), ==, SQLITE_OK);
  g_assert_cmpint (exec_raw (fixture->writer, "UPDATE customer_erasures SET finished_at = 0"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_raw (fixture->writer, "DELETE FROM customer_erasures"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_raw (fixture->writer, "DELETE FROM customer_notes"), ==, SQLITE_CONSTRAINT);

  /* Notes survive a refresh (which renumbers the profiles). */
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW + D, &error));
  g_assert_no_error (error);
  care = sk_customer_care_load (fixture->writer, profile_id_for (fixture->writer, "anna@example.com"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (care->notes->len, ==, 2);
  g_assert_cmpstr (((SkCustomerNote *) care->notes->pdata[0])->note, ==, "Allergic to lavender");
  g_assert_cmpstr (((SkCustomerNote *) care->notes->pdata[0])->author, ==, "Tom");
  g_assert_cmpstr (((SkCustomerNote *) care->notes->pdata[1])->author, ==, "Mia");
  g_assert_cmpint (((SkCustomerNote *) care->notes->pdata[1])->created_at, >, 0);
}

static void
test_consent_history (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SkCustomerCare) care = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna_id = profile_id_for (fixture->writer, "anna@example.com");
  const SkConsentRecord *record;

  g_assert_cmpint (sk_customer_care_get_consent (fixture->writer, "anna@example.com"), ==, SK_CONSENT_NEVER_ASKED);
  g_assert_false (sk_customer_care_has_consent (fixture->writer, "anna@example.com"));

  g_assert_true (sk_customer_care_set_consent (fixture->writer, anna_id, SK_CONSENT_SUBSCRIBED,
                                               SK_CONSENT_SOURCE_CHECKOUT,
                                               "Yes, send me news about new teas (about once a month).", &error));
  g_assert_no_error (error);
  g_assert_true (sk_customer_care_has_consent (fixture->writer, "ANNA@example.com"));
  g_assert_false (sk_customer_care_has_consent (fixture->writer, "bob@example.net"));

  sk_database_set_actor (fixture->writer, "Tom");
  g_assert_true (sk_customer_care_set_consent (fixture->writer, anna_id, SK_CONSENT_UNSUBSCRIBED,
                                               SK_CONSENT_SOURCE_STAFF_PHONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sk_customer_care_has_consent (fixture->writer, "anna@example.com"));
  g_assert_cmpint (sk_customer_care_get_consent (fixture->writer, "anna@example.com"), ==, SK_CONSENT_UNSUBSCRIBED);

  care = sk_customer_care_load (fixture->writer, anna_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (care->consent, ==, SK_CONSENT_UNSUBSCRIBED);
  g_assert_cmpuint (care->consent_history->len, ==, 2);
  record = care->consent_history->pdata[0];
  g_assert_cmpint (record->state, ==, SK_CONSENT_UNSUBSCRIBED);
  g_assert_cmpint (record->source, ==, SK_CONSENT_SOURCE_STAFF_PHONE);
  g_assert_cmpstr (record->recorded_by, ==, "Tom");
  record = care->consent_history->pdata[1];
  g_assert_cmpint (record->source, ==, SK_CONSENT_SOURCE_CHECKOUT);
  g_assert_cmpstr (record->wording, ==, "Yes, send me news about new teas (about once a month).");
  g_assert_cmpstr (record->recorded_by, ==, "Mia");

  g_assert_cmpint (exec_raw (fixture->writer, "UPDATE customer_consent SET state = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_raw (fixture->writer, "DELETE FROM customer_consent"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (query_int (fixture->writer, "SELECT count (*) FROM audit_log WHERE action = 'customer.consent'"), ==, 2);
}

static void
test_tag_filter (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_auto(GStrv) tags = NULL;
  SkCustomerFilter filter = { NULL, -1, "vip", 0 };
  gint64 anna_id = profile_id_for (fixture->writer, "anna@example.com");
  gint64 carol_id = profile_id_for (fixture->writer, "carol@example.org");

  g_assert_true (sk_customer_care_add_tag (fixture->writer, anna_id, " vip ", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, anna_id, "vip", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, carol_id, "vip", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, carol_id, "café", &error));
  g_assert_no_error (error);
  g_assert_false (sk_customer_care_add_tag (fixture->writer, carol_id, "", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  tags = sk_customer_care_list_tags (fixture->writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "café");
  g_assert_cmpstr (tags[1], ==, "vip");

  /* After a refresh (new profile ids), sorted by name. */
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  ids = sk_customers_query_filtered (fixture->writer, &filter, SK_CUSTOMER_SORT_NAME, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, profile_id_for (fixture->writer, "anna@example.com"));
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, profile_id_for (fixture->writer, "carol@example.org"));
  g_clear_pointer (&ids, g_array_unref);

  g_assert_true (sk_customer_care_remove_tag (fixture->writer, profile_id_for (fixture->writer, "anna@example.com"),
                                              "vip", &error));
  g_assert_true (sk_customer_care_remove_tag (fixture->writer, profile_id_for (fixture->writer, "bob@example.net"),
                                              "vip", &error));
  g_assert_no_error (error);
  filter.search = "carol";
  ids = sk_customers_query_filtered (fixture->writer, &filter, SK_CUSTOMER_SORT_NAME, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.search = "anna";
  ids = sk_customers_query_filtered (fixture->writer, &filter, SK_CUSTOMER_SORT_NAME, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
}

/* A random shop of guests (seeded), and every kind of criterion checked
 * against plain SQL over the orders themselves. */
static const char *const categories[] = { "Tea", "Porcelain" };

static void
write_random_shop (Fixture *fixture)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_product_record_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const char * const names[] = { "Green tea", "Black tea", "Teapot", "Cup", NULL };
  static const char * const statuses[] = { "completed", "processing", "cancelled", "refunded", "pending" };

  /* store_test_order_new () gives item i product 500 + i; categories: 500
   * and 501 tea, 502 and 503 porcelain. */
  for (guint i = 0; i < 4; i++)
    {
      SkProductRecord *product = store_test_product_new (500 + i, names[i], 1000);

      g_ptr_array_add (product->categories, g_strdup (categories[i / 2]));
      g_ptr_array_add (products, product);
    }
  store_test_write_page (fixture->sink, SK_RESOURCE_PRODUCTS, products, 0);

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", g_rand_int_range (rand, 0, 60));
      g_autofree char *number = g_strdup_printf ("%u", 1000 + i);
      guint n_items = (guint) g_rand_int_range (rand, 0, 5);
      const char *items[5] = { NULL };
      SkOrderRecord *order;

      for (guint k = 0; k < n_items; k++)
        items[k] = names[k];
      order = store_test_order_new (1000 + i, number, statuses[g_rand_int_range (rand, 0, 5)],
                                    NOW - g_rand_int_range (rand, 0, 400) * D, "P", "Q", email,
                                    g_rand_int_range (rand, 100, 20000), items);
      g_ptr_array_add (orders, order);
    }
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
}

static GArray *
brute_force (SkDatabase *database,
             const char *where)
{
  g_autofree char *sql = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  /* Straight from the orders: what each e-mail address bought. */
  sql = g_strdup_printf ("WITH counted AS (SELECT * FROM orders WHERE status NOT IN"
                         "   ('pending', 'failed', 'cancelled', 'trash', 'draft', 'checkout-draft')),"
                         " people AS (SELECT lower (billing_email) AS k, count (*) AS n, sum (total) AS spent,"
                         "   max (date_created) AS last FROM counted GROUP BY k)"
                         " SELECT p.id FROM customer_profiles AS p LEFT JOIN people ON people.k = p.email_key"
                         " WHERE %s ORDER BY p.id", where);
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  return ids;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static void
test_segments (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  gint64 cutoff = NOW - 120 * D;
  gint64 id;
  struct
  {
    SkSegmentCriteria  criteria;
    const char        *where;
  } cases[] = {
    { { .min_spent = 20000 }, "coalesce (spent, 0) > 20000" },
    { { .min_orders = 7 }, "coalesce (n, 0) >= 7" },
    { { .last_order_before = cutoff }, "last IS NOT NULL AND last < 1767268800 - 120 * 86400" },
    { { .product_id = 503 }, "EXISTS (SELECT 1 FROM orders AS o JOIN order_items AS i ON i.order_id = o.id"
                             " WHERE lower (o.billing_email) = p.email_key AND i.product_remote_id = 503"
                             " AND o.status NOT IN ('pending', 'failed', 'cancelled', 'trash', 'draft', 'checkout-draft'))" },
    { { .category = (char *) "Porcelain", .min_orders = 3 },
      "coalesce (n, 0) >= 3 AND EXISTS (SELECT 1 FROM orders AS o JOIN order_items AS i ON i.order_id = o.id"
      " WHERE lower (o.billing_email) = p.email_key AND i.product_remote_id IN (502, 503)"
      " AND o.status NOT IN ('pending', 'failed', 'cancelled', 'trash', 'draft', 'checkout-draft'))" },
    { { .has_consent = TRUE }, "p.email_key IN ('p1@example.com', 'p3@example.com')" },
    { { .tag = (char *) "vip", .min_spent = 1000 }, "coalesce (spent, 0) > 1000 AND p.email_key IN ('p1@example.com', 'p2@example.com')" },
  };

  write_random_shop (fixture);
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);

  /* Consent: p1 and p3 subscribed; p2 subscribed, then unsubscribed. */
  g_assert_true (sk_customer_care_set_consent (fixture->writer, profile_id_for (fixture->writer, "p1@example.com"),
                                               SK_CONSENT_SUBSCRIBED, SK_CONSENT_SOURCE_CHECKOUT, "news", &error));
  g_assert_true (sk_customer_care_set_consent (fixture->writer, profile_id_for (fixture->writer, "p2@example.com"),
                                               SK_CONSENT_SUBSCRIBED, SK_CONSENT_SOURCE_CHECKOUT, "news", &error));
  g_assert_true (sk_customer_care_set_consent (fixture->writer, profile_id_for (fixture->writer, "p2@example.com"),
                                               SK_CONSENT_UNSUBSCRIBED, SK_CONSENT_SOURCE_UNSUBSCRIBE_LINK, NULL, &error));
  g_assert_true (sk_customer_care_set_consent (fixture->writer, profile_id_for (fixture->writer, "p3@example.com"),
                                               SK_CONSENT_SUBSCRIBED, SK_CONSENT_SOURCE_IMPORT, "news", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, profile_id_for (fixture->writer, "p1@example.com"), "vip", &error));
  g_assert_true (sk_customer_care_add_tag (fixture->writer, profile_id_for (fixture->writer, "p2@example.com"), "vip", &error));
  g_assert_no_error (error);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GArray) expected = brute_force (fixture->writer, cases[c].where);
      g_autoptr(GArray) got = NULL;
      g_autoptr(GArray) via_saved = NULL;
      g_autofree char *name = g_strdup_printf ("Case %u", c);
      g_autofree char *json = sk_segment_criteria_to_json (&cases[c].criteria);
      g_auto(SkSegmentCriteria) parsed = { 0 };

      g_test_message ("case %u: %s (%u customers)", c, json, expected->len);
      g_assert_cmpuint (expected->len, >, 0);

      got = sk_customer_care_query_criteria_ids (fixture->writer, &cases[c].criteria, &error);
      g_assert_no_error (error);
      assert_same_ids (got, expected);

      /* Through a saved segment and its JSON. */
      g_assert_true (sk_segment_criteria_from_json (json, &parsed, &error));
      g_assert_no_error (error);
      g_assert_cmpint (parsed.min_spent, ==, cases[c].criteria.min_spent);
      g_assert_cmpstr (parsed.category, ==, cases[c].criteria.category);
      id = sk_customer_care_save_segment (fixture->writer, 0, name, &parsed, &error);
      g_assert_no_error (error);
      via_saved = sk_customer_care_query_segment_ids (fixture->writer, id, &error);
      g_assert_no_error (error);
      assert_same_ids (via_saved, expected);
    }

  saved = sk_customer_care_list_segments (fixture->writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, G_N_ELEMENTS (cases));

  /* A taken name, damaged JSON. */
  g_assert_cmpint (sk_customer_care_save_segment (fixture->writer, 0, "Case 0", &cases[0].criteria, &error), ==, 0);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_auto(SkSegmentCriteria) parsed = { 0 };

    g_assert_false (sk_segment_criteria_from_json ("{\"min_orders\": \"three\"}", &parsed, &error));
    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (sk_segment_criteria_from_json ("[1", &parsed, &error));
    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* The list filtered by a saved segment. */
  {
    SkCustomerFilter filter = { NULL, -1, NULL, id };
    g_autoptr(GArray) list = sk_customers_query_filtered (fixture->writer, &filter, SK_CUSTOMER_SORT_NAME,
                                                          FALSE, &error);
    g_autoptr(GArray) expected = brute_force (fixture->writer, cases[G_N_ELEMENTS (cases) - 1].where);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, expected->len);
  }

  g_assert_true (sk_customer_care_delete_segment (fixture->writer, id, &error));
  g_assert_no_error (error);
  g_assert_null (sk_customer_care_query_segment_ids (fixture->writer, id, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
}

static void
assert_scores (SkDatabase *database,
               const char *email_key,
               guint       r,
               guint       f,
               guint       m)
{
  g_autofree char *sql = g_strdup_printf ("SELECT r_score * 100 + f_score * 10 + m_score FROM customer_profiles"
                                          " WHERE email_key = '%s'", email_key);
  g_autofree char *segment_sql = g_strdup_printf ("SELECT segment FROM customer_profiles WHERE email_key = '%s'",
                                                  email_key);

  g_assert_cmpint (query_int (database, sql), ==, r * 100 + f * 10 + m);
  g_assert_cmpint (query_int (database, segment_sql), ==, sk_rfm_segment_for (r, f, m, 1));
}

static void
test_rfm_thresholds (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Anna's last order 100 days ago (1000), Bob's 50 (2000), his work
   * address 10 (3000), Carol 5 (500); one order each. */
  g_assert_true (sk_shop_settings_set_string (fixture->writer, SK_RFM_SETTING_RECENCY, "7,30,50,120", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (fixture->writer, SK_RFM_SETTING_FREQUENCY, "1,2,3,4", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (fixture->writer, SK_RFM_SETTING_MONETARY, "600,1500,2500,5000", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);

  /* At most 120 days: 2; at most 50 (on the day): 3; 10: 4; 5: 5. */
  assert_scores (fixture->writer, "anna@example.com", 2, 1, 2);
  assert_scores (fixture->writer, "bob@example.net", 3, 1, 3);
  assert_scores (fixture->writer, "bob.doe@work.example", 4, 1, 4);
  assert_scores (fixture->writer, "carol@example.org", 5, 1, 1);

  /* Unreadable thresholds fall back to the quintiles, as if unset. */
  g_assert_true (sk_shop_settings_set_string (fixture->writer, SK_RFM_SETTING_MONETARY, "600,500", NULL, &error));
  g_assert_true (sk_shop_settings_set_string (fixture->writer, SK_RFM_SETTING_RECENCY, NULL, NULL, &error));
  g_assert_true (sk_shop_settings_set_string (fixture->writer, SK_RFM_SETTING_FREQUENCY, NULL, NULL, &error));
  g_assert_true (sk_insights_refresh_at (fixture->writer, NOW, &error));
  g_assert_no_error (error);
  /* Quintiles of 500, 1000, 2000, 3000: cuts 500, 500, 1000, 2000. */
  g_assert_cmpint (query_int (fixture->writer, "SELECT m_score FROM customer_profiles"
                                               " WHERE email_key = 'carol@example.org'"), ==, 1);
  g_assert_cmpint (query_int (fixture->writer, "SELECT m_score FROM customer_profiles"
                                               " WHERE email_key = 'bob.doe@work.example'"), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/customer-care/merge-split", Fixture, NULL, fixture_set_up, test_merge_split, fixture_tear_down);
  g_test_add ("/customer-care/notes-append-only", Fixture, NULL, fixture_set_up, test_notes_append_only, fixture_tear_down);
  g_test_add ("/customer-care/consent-history", Fixture, NULL, fixture_set_up, test_consent_history, fixture_tear_down);
  g_test_add ("/customer-care/tag-filter", Fixture, NULL, fixture_set_up, test_tag_filter, fixture_tear_down);
  g_test_add ("/customer-care/rfm-thresholds", Fixture, NULL, fixture_set_up, test_rfm_thresholds, fixture_tear_down);
  g_test_add ("/customer-care/segments", Fixture, NULL, fixture_set_up, test_segments, fixture_tear_down);

  return g_test_run ();
}
