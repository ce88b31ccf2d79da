/* test-outbox-migration.c — schema 011 rebuilds the outbox (SQLite cannot
 * change a CHECK): a database with changes still waiting migrates without
 * losing one, waiting refunds show as refunds rows, and the new kind is
 * accepted afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "sk-database-private.h"
#include "sk-store-resources.h"
#include "sk-test-utils.h"

#define OUTBOX_VERSION 11

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s (in: %.60s)", message, sql);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A database as the build before schema 011 left it, with changes in
 * every state. */
static void
make_version_10 (const char *path)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  sqlite3 *db = NULL;

  names = g_resource_enumerate_children (sk_store_get_resource (), "/app/shopkeeper/Shopkeeper/schema",
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_names);
  g_assert_cmpuint (sorted->len, >=, OUTBOX_VERSION);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  raw_exec (db, "PRAGMA journal_mode = WAL");
  raw_exec (db, "PRAGMA foreign_keys = ON");
  raw_exec (db, "BEGIN");
  for (guint i = 0; i < OUTBOX_VERSION - 1; i++)
    {
      g_autofree char *resource = g_strconcat ("/app/shopkeeper/Shopkeeper/schema/", (char *) sorted->pdata[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (sk_store_get_resource (), resource,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      g_assert_nonnull (bytes);
      raw_exec (db, g_bytes_get_data (bytes, NULL));
    }
  raw_exec (db, "PRAGMA user_version = 10");
  raw_exec (db,
            "INSERT INTO stores (id, url, added_at) VALUES (1, 'https://shop.example', 1);"
            "INSERT INTO orders (id, store_id, remote_id, number, status, currency, total, content_hash)"
            "  VALUES (7, 1, 70, '70', 'processing', 'EUR', 1990, 1);"
            "INSERT INTO outbox (id, store_id, kind, target_remote_id, payload, idempotency_key, state,"
            "                    attempts, created_at, updated_at, last_error)"
            "  VALUES (1, 1, 'order-status', 70, '{\"status\":\"completed\"}', 'sk-00000000000000000000000000000001', 'in-flight', 1, 5, 5, ''),"
            "         (2, 1, 'refund', 70, '{\"amount\":500,\"currency\":\"EUR\",\"reason\":\"Zu spät\"}', 'sk-00000000000000000000000000000002', 'pending', 0, 6, 6, ''),"
            "         (3, 1, 'order-note', 70, '{\"note\":\"x\",\"customer_note\":false}', 'sk-00000000000000000000000000000003', 'done', 1, 7, 7, ''),"
            "         (4, 1, 'coupon', 0, '{\"code\":\"A\"}', 'sk-00000000000000000000000000000004', 'failed-permanent', 2, 8, 8, 'Nope'),"
            "         (5, 1, 'refund', 70, '{\"amount\":100,\"currency\":\"EUR\",\"reason\":\"\"}', 'sk-00000000000000000000000000000005', 'conflict', 1, 9, 9, '');");
  raw_exec (db, "COMMIT");
  sqlite3_close (db);
}

static void
test_migrate_waiting (void)
{
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "shopkeeper.db", NULL);
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  make_version_10 (path);

  database = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  db = _sk_database_get_handle (database);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), >=, OUTBOX_VERSION);

  /* Every row, as it was. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox WHERE id = 1 AND kind = 'order-status' AND state = 'in-flight'"
                                  " AND attempts = 1 AND payload = '{\"status\":\"completed\"}'"
                                  " AND idempotency_key = 'sk-00000000000000000000000000000001'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox WHERE id = 4 AND state = 'failed-permanent' AND last_error = 'Nope'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT sum (id) FROM outbox"), ==, 15);

  /* The waiting refund shows; the one in conflict waits for the user, not
   * for the store, and shows too only once kept. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM refunds WHERE outbox_id = 2 AND remote_id = 0"
                                  " AND amount = 500 AND reason = 'Zu spät' AND position = -2"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM refunds"), ==, 1);

  /* The indexes are back, the new kind is accepted, an unknown one not. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM sqlite_schema WHERE type = 'index'"
                                  " AND name IN ('outbox_waiting', 'outbox_target')"), ==, 2);
  raw_exec (db, "INSERT INTO outbox (store_id, kind, target_remote_id, payload, idempotency_key, created_at, updated_at)"
                " VALUES (1, 'customer-update', 9, '{\"first_name\":\"A\"}', 'sk-00000000000000000000000000000006', 1, 1)");
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (store_id, kind, payload, idempotency_key, created_at, updated_at)"
                                     " VALUES (1, 'nonsense', '{}', 'sk-00000000000000000000000000000007', 1, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
  {
    sqlite3_stmt *check = NULL;

    /* No row: no foreign key broken by the rebuild. */
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &check, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (check), ==, SQLITE_DONE);
    sqlite3_finalize (check);
  }

  g_clear_object (&database);
  sk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox-migration/waiting-rows-kept", test_migrate_waiting);

  return g_test_run ();
}
