/* test-shop-settings.c — the shop's settings table and the audit trail of
 * who changed them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "sk-database-private.h"
#include "sk-shop-settings.h"
#include "sk-test-utils.h"

typedef struct
{
  char       *dir;
  SkDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = sk_test_make_temp_dir ();
  path = g_build_filename (fixture->dir, "shop.db", NULL);
  fixture->db = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->db);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gint64
count_audit (SkDatabase *db,
             const char *actor,
             const char *subject)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (db),
                                       "SELECT count(*) FROM audit_log WHERE action = 'settings.changed' "
                                       "AND actor = ? AND subject = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, subject, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *phone = NULL;
  g_auto(GStrv) keys = NULL;

  unset = sk_shop_settings_get_string (fixture->db, SK_SHOP_PHONE, "fallback");
  g_assert_cmpstr (unset, ==, "fallback");
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, "shipping.handling-days", 2), ==, 2);

  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SHOP_PHONE, "+49 30 1234 “Büro”", "Anna", &error));
  g_assert_no_error (error);
  phone = sk_shop_settings_get_string (fixture->db, SK_SHOP_PHONE, NULL);
  g_assert_cmpstr (phone, ==, "+49 30 1234 “Büro”");

  g_assert_true (sk_shop_settings_set_int (fixture->db, "shipping.handling-days", -3, "Anna", &error));
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, "shipping.handling-days", 2), ==, -3);
  g_assert_true (sk_shop_settings_set_int (fixture->db, "shipping.handling-days", G_MAXINT64, "Anna", &error));
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, "shipping.handling-days", 2), ==, G_MAXINT64);

  /* Not a number: the fallback, never a half-parsed value. */
  g_assert_true (sk_shop_settings_set_string (fixture->db, "shipping.cutoff", "12abc", NULL, &error));
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, "shipping.cutoff", 7), ==, 7);

  keys = sk_shop_settings_list_keys (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, "shipping.cutoff");
  g_assert_cmpstr (keys[2], ==, SK_SHOP_PHONE);

  /* Removing goes back to the default. */
  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SHOP_PHONE, NULL, "Anna", &error));
  g_clear_pointer (&phone, g_free);
  phone = sk_shop_settings_get_string (fixture->db, SK_SHOP_PHONE, "none");
  g_assert_cmpstr (phone, ==, "none");
}

static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sk_shop_settings_set_int (fixture->db, "refunds.window-days", 30, "Anna", &error));
  /* The same value again is not a change and not logged twice. */
  g_assert_true (sk_shop_settings_set_int (fixture->db, "refunds.window-days", 30, "Anna", &error));
  g_assert_cmpint (count_audit (fixture->db, "Anna", "refunds.window-days"), ==, 1);

  /* Without an actor the connection's is used. */
  g_assert_cmpstr (sk_database_get_actor (fixture->db), ==, "user");
  sk_database_set_actor (fixture->db, "Ben");
  g_assert_true (sk_shop_settings_set_int (fixture->db, "refunds.window-days", 60, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (fixture->db, "Ben", "refunds.window-days"), ==, 1);
  sk_database_set_actor (fixture->db, NULL);
  g_assert_cmpstr (sk_database_get_actor (fixture->db), ==, "user");
}

static void
test_bad_values (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_malloc (SK_SHOP_SETTINGS_MAX_VALUE + 2);
  g_autofree char *kept = NULL;

  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SHOP_NAME, "Kept", "Anna", &error));

  g_assert_false (sk_shop_settings_set_string (fixture->db, SK_SHOP_NAME, "bad \xff utf-8", "Anna", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  memset (huge, 'x', SK_SHOP_SETTINGS_MAX_VALUE + 1);
  huge[SK_SHOP_SETTINGS_MAX_VALUE + 1] = '\0';
  g_assert_false (sk_shop_settings_set_string (fixture->db, SK_SHOP_NAME, huge, "Anna", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (sk_shop_settings_set_string (fixture->db, "", "x", "Anna", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing was lost. */
  kept = sk_shop_settings_get_string (fixture->db, SK_SHOP_NAME, NULL);
  g_assert_cmpstr (kept, ==, "Kept");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/shop-settings/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/shop-settings/audit", Fixture, NULL, fixture_set_up, test_audit, fixture_tear_down);
  g_test_add ("/shop-settings/bad-values", Fixture, NULL, fixture_set_up, test_bad_values, fixture_tear_down);

  return g_test_run ();
}
