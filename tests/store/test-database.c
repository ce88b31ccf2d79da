/* test-database.c — opening, migrating and refusing databases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-store-resources.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return result;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s: %s", sql, errmsg);
}

static gboolean
file_exists_suffix (const char *path,
                    const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);

  return g_file_test (name, G_FILE_TEST_EXISTS);
}

static void
write_one_order (SkDatabase *db,
                 gint64      remote_id,
                 const char *product)
{
  const char *products[] = { product, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSyncSink) sink = NULL;
  g_autoptr(GPtrArray) records = NULL;

  sink = sk_database_create_sink (db, "http://127.0.0.1:1", &error);
  g_assert_no_error (error);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_ptr_array_add (records, store_test_order_new (remote_id, "1001", "processing", 1700000000,
                                                  "Jane", "Doe", "jane@example.com", 2490,
                                                  products));
  store_test_write_page (sink, SK_RESOURCE_ORDERS, records, 1700000060);
}

static void
test_create_and_reopen (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *fk = NULL;
  g_autofree char *version = NULL;
  g_autofree char *sync = NULL;
  sqlite3 *handle;

  g_assert_cmpint (sk_database_schema_version (), >=, 2);

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpstr (sk_database_get_path (db), ==, fixture->path);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  handle = _sk_database_get_handle (db);
  journal = query_text (handle, "PRAGMA journal_mode");
  fk = query_text (handle, "PRAGMA foreign_keys");
  version = query_text (handle, "PRAGMA user_version");
  sync = query_text (handle, "PRAGMA synchronous");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpstr (fk, ==, "1");
  g_assert_cmpint (atoi (version), ==, sk_database_schema_version ());
  g_assert_cmpstr (sync, ==, "1"); /* NORMAL */

  g_assert_cmpint (sk_database_count_orders (db), ==, 0);
  g_assert_cmpint (sk_database_get_last_sync (db), ==, 0);

  /* Foreign keys are enforced: an item of an order that does not exist. */
  g_assert_cmpint (sqlite3_exec (handle,
                                 "INSERT INTO order_items (order_id, position, remote_id) VALUES (999, 0, 1)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_FOREIGNKEY);

  write_one_order (db, 42, "Blue Mug");
  g_clear_object (&db);

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sk_database_count_orders (db), ==, 1);
  g_clear_object (&db);

  /* Read-only: sees the data, cannot write. */
  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sk_database_count_orders (db), ==, 1);
  {
    g_autoptr(SkSyncSink) sink = sk_database_create_sink (db, "http://127.0.0.1:1", &error);

    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_READ_ONLY);
    g_assert_null (sink);
    g_clear_error (&error);
  }
  g_assert_false (sk_database_append_audit (db, "test", "poke", "", "", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_READ_ONLY);
}

static void
test_reader_and_writer (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) writer = NULL;
  g_autoptr(SkDatabase) reader = NULL;

  writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  reader = sk_database_open (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sk_database_count_orders (reader), ==, 0);
  write_one_order (writer, 1, "Mug");
  /* WAL: the reader sees the commit without reopening. */
  g_assert_cmpint (sk_database_count_orders (reader), ==, 1);
}

/* TRUE if another process sees a read lock on SQLite's SHARED byte range of
 * @path (what a connection in a read transaction holds). Asked from a child
 * process: POSIX locks are per process, so this one cannot see its own. */
static gboolean
other_process_sees_shared_lock (const char *path)
{
  int status = 0;
  pid_t pid;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct flock lock = { 0 };
      int fd = open (path, O_RDWR);

      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      lock.l_start = 0x40000000 + 2; /* SQLite's PENDING_BYTE + 2: SHARED_FIRST */
      lock.l_len = 510;              /* SHARED_SIZE */
      if (fd < 0 || fcntl (fd, F_GETLK, &lock) != 0)
        _exit (2);
      _exit (lock.l_type == F_UNLCK ? 1 : 0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 2);

  return WEXITSTATUS (status) == 0;
}

static void
test_open_keeps_other_locks (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) writer = NULL;
  g_autoptr(SkDatabase) reader = NULL;
  g_autoptr(SkDatabase) second = NULL;
  sqlite3_stmt *stmt = NULL;

  writer = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  write_one_order (writer, 1, "Mug");

  /* The UI's reader, in the middle of reading. */
  reader = sk_database_open (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (reader),
                                       "SELECT id FROM orders", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (other_process_sees_shared_lock (fixture->path));

  /* Opening another connection (as each sync does) must not drop the
   * reader's lock: a descriptor of ours closed on the file would. */
  second = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (other_process_sees_shared_lock (fixture->path));

  sqlite3_finalize (stmt);
}

static void
test_read_only_missing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_assert_null (db);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_false (file_exists_suffix (fixture->path, "-wal"));
}

static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;
  g_autofree char *sub = g_build_filename (fixture->dir, "ro", NULL);
  g_autofree char *path = g_build_filename (sub, "shopkeeper.db", NULL);

  if (geteuid () == 0)
    {
      g_test_skip ("root can write anywhere");
      return;
    }

  g_assert_cmpint (g_mkdir (sub, 0500), ==, 0);
  db = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_nonnull (error);
  g_assert_true (error->code == SK_DATABASE_ERROR_OPEN || error->code == SK_DATABASE_ERROR_READ_ONLY);
  g_assert_null (db);
  g_chmod (sub, 0700);
}

/* Builds a version-1 database by hand, as an older Shopkeeper left it. */
static void
make_version_1 (const char *path)
{
  g_autoptr(GBytes) bytes = NULL;
  sqlite3 *db = NULL;

  bytes = g_resource_lookup_data (sk_store_get_resource (),
                                  "/app/shopkeeper/Shopkeeper/schema/001-initial.sql",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  raw_exec (db, "PRAGMA journal_mode = WAL");
  raw_exec (db, "BEGIN");
  raw_exec (db, g_bytes_get_data (bytes, NULL));
  raw_exec (db, "PRAGMA user_version = 1");
  raw_exec (db,
            "INSERT INTO stores (id, url, added_at) VALUES (1, 'https://shop.example', 1);"
            "INSERT INTO orders (id, store_id, remote_id, number, status, currency, date_created,"
            "                    billing_first_name, billing_last_name, billing_email,"
            "                    customer_name, item_count, total, content_hash)"
            "  VALUES (7, 1, 70, '70', 'completed', 'EUR', 1600000000, 'Zoë', 'Brontë',"
            "          'zoe@example.org', 'Zoë Brontë', 2, 1990, 1);"
            "INSERT INTO order_items (order_id, position, remote_id, name, quantity, total)"
            "  VALUES (7, 0, 700, 'Ceramic Teapot', 1, 1500), (7, 1, 701, 'Green Tea', 1, 490);"
            "INSERT INTO audit_log (at, actor, action) VALUES (1, 'old', 'kept');");
  raw_exec (db, "COMMIT");
  sqlite3_close (db);
}

static void
test_migrate_from_1 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *version = NULL;
  g_autofree char *audit = NULL;
  const char *searches[] = { "teapot", "TEA", "bronte", "Zoë", "zoe@example", "70" };

  make_version_1 (fixture->path);

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  version = query_text (_sk_database_get_handle (db), "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, sk_database_schema_version ());
  audit = query_text (_sk_database_get_handle (db), "SELECT action FROM audit_log");
  g_assert_cmpstr (audit, ==, "kept");

  /* Data preserved... */
  details = sk_database_load_order_details (db, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (details->order->remote_id, ==, 70);
  g_assert_cmpstr (details->order->billing.last_name, ==, "Brontë");
  g_assert_cmpint (details->order->total, ==, 1990);
  g_assert_cmpuint (details->order->items->len, ==, 2);
  g_assert_cmpstr (((SkOrderItemRecord *) details->order->items->pdata[1])->name, ==, "Green Tea");

  /* ...and searchable through the index the migration backfilled. */
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      ids = sk_database_query_order_ids (db, searches[i], NULL, SK_ORDER_SORT_DATE, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, 1);
      g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 7);
      g_clear_pointer (&ids, g_array_unref);
    }

  ids = sk_database_query_order_ids (db, "coffee", NULL, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* Writing an order after the migration keeps the index in step. */
  write_one_order (db, 71, "Teapot Lid");
  ids = sk_database_query_order_ids (db, "teapot", NULL, SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
}

static void
set_user_version_raw (const char *path,
                      int         version,
                      gboolean    keep_wal)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (keep_wal)
    {
      /* Leave the change in the write-ahead log only, as a crash or
       * another open connection would. */
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      raw_exec (db, "PRAGMA wal_autocheckpoint = 0");
    }
  raw_exec (db, sql);
  sqlite3_close (db);
}

static void
assert_refused_untouched (const char      *path,
                          SkDatabaseFlags  flags,
                          gboolean         expect_wal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(GBytes) before = store_test_read_file (path);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr(GBytes) wal_before = store_test_read_file (wal_path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  GStatBuf st_before, st_after;

  g_assert_nonnull (before);
  g_assert_true ((wal_before != NULL) == expect_wal);
  g_assert_cmpint (g_stat (path, &st_before), ==, 0);

  db = sk_database_open (path, flags, &error);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_TOO_NEW);
  g_assert_null (db);
  /* The message says what to do. */
  g_assert_nonnull (strstr (error->message, "newer version"));

  after = store_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (g_stat (path, &st_after), ==, 0);
  g_assert_cmpint (st_before.st_mtime, ==, st_after.st_mtime);

  wal_after = store_test_read_file (wal_path);
  if (expect_wal)
    g_assert_true (g_bytes_equal (wal_before, wal_after));
  else
    {
      g_assert_null (wal_after);
      g_assert_false (file_exists_suffix (path, "-shm"));
      g_assert_false (file_exists_suffix (path, "-journal"));
    }
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  write_one_order (db, 1, "Mug");
  g_clear_object (&db);
  g_assert_false (file_exists_suffix (fixture->path, "-wal"));

  /* A WAL database, cleanly closed, from the future. */
  set_user_version_raw (fixture->path, sk_database_schema_version () + 1, FALSE);
  g_assert_false (file_exists_suffix (fixture->path, "-wal"));
  assert_refused_untouched (fixture->path, SK_DATABASE_FLAGS_NONE, FALSE);
  assert_refused_untouched (fixture->path, SK_DATABASE_FLAGS_READ_ONLY, FALSE);
}

static void
test_too_new_in_wal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  /* The file header still says our version; the log says newer. */
  set_user_version_raw (fixture->path, 1000, TRUE);
  assert_refused_untouched (fixture->path, SK_DATABASE_FLAGS_NONE, TRUE);
}

static void
test_too_new_rollback_journal (Fixture       *fixture,
                               gconstpointer  data)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  raw_exec (db, "CREATE TABLE future (x INTEGER); PRAGMA user_version = 77");
  sqlite3_close (db);

  assert_refused_untouched (fixture->path, SK_DATABASE_FLAGS_NONE, FALSE);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char text[] =
    "This is a shopping list, not a database: milk, eggs, bread, coffee, tea, "
    "butter, cheese, apples, pears, plums, and a very long tail to pass 100 bytes.";
  static const char short_text[] = "short";
  /* The right magic, then garbage. */
  static const char magic[] =
    "SQLite format 3\0garbage garbage garbage garbage garbage garbage garbage garbage "
    "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage";
  const char *contents[] = { text, short_text, magic };
  gsize lengths[] = { sizeof text - 1, sizeof short_text - 1, sizeof magic - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkDatabase) db = NULL;
      g_autoptr(GBytes) after = NULL;

      g_assert_true (g_file_set_contents (fixture->path, contents[i], lengths[i], NULL));

      db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
      g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CORRUPT);
      g_assert_null (db);
      g_assert_nonnull (strstr (error->message, fixture->path));

      after = store_test_read_file (fixture->path);
      g_assert_cmpuint (g_bytes_get_size (after), ==, lengths[i]);
      g_assert_cmpint (memcmp (g_bytes_get_data (after, NULL), contents[i], lengths[i]), ==, 0);
      g_unlink (fixture->path);
    }

  /* A folder where the file should be. */
  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SkDatabase) db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);

    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_OPEN);
    g_assert_null (db);
  }
}

static void
test_audit_log_append_only (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;
  g_autofree char *count = NULL;
  g_autofree char *action = NULL;

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_assert_true (sk_database_append_audit (db, "user", "order.status", "order 42",
                                           "processing → completed", &error));
  g_assert_no_error (error);

  g_assert_false (_sk_database_exec (db, "UPDATE audit_log SET action = 'forged'",
                                     "Could not change the audit log", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);

  g_assert_false (_sk_database_exec (db, "DELETE FROM audit_log",
                                     "Could not change the audit log", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  count = query_text (_sk_database_get_handle (db), "SELECT count(*) FROM audit_log");
  action = query_text (_sk_database_get_handle (db), "SELECT action FROM audit_log");
  g_assert_cmpstr (count, ==, "1");
  g_assert_cmpstr (action, ==, "order.status");
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  const char *products[] = { "Mug", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SkDatabase) db = NULL;
  g_autoptr(SkSyncSink) sink = NULL;
  g_autoptr(GPtrArray) records = NULL;
  SkSyncPage page = { SK_RESOURCE_ORDERS, NULL, 5 };
  sqlite3 *other = NULL;
  gint64 cursor = -1;

  db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sink = sk_database_create_sink (db, "https://shop.example", &error);
  g_assert_no_error (error);

  /* Another program holds the write lock for longer than the timeout. */
  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  raw_exec (other, "BEGIN IMMEDIATE");

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_ptr_array_add (records, store_test_order_new (1, "1", "processing", 1, "A", "B", "a@b.c", 1, products));
  page.records = records;
  g_assert_false (sk_sync_sink_write_page (sink, &page, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_BUSY);
  g_clear_error (&error);

  raw_exec (other, "ROLLBACK");
  sqlite3_close (other);

  g_assert_cmpint (sk_database_count_orders (db), ==, 0);
  g_assert_true (sk_sync_sink_get_cursor (sink, SK_RESOURCE_ORDERS, &cursor, &error));
  g_assert_cmpint (cursor, ==, 0);

  /* And it works once the lock is gone. */
  g_assert_true (sk_sync_sink_write_page (sink, &page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_database_count_orders (db), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/database/create-and-reopen", test_create_and_reopen);
  ADD ("/store/database/reader-and-writer", test_reader_and_writer);
  ADD ("/store/database/open-keeps-other-locks", test_open_keeps_other_locks);
  ADD ("/store/database/read-only-missing", test_read_only_missing);
  ADD ("/store/database/read-only-folder", test_read_only_folder);
  ADD ("/store/database/migrate-from-1", test_migrate_from_1);
  ADD ("/store/database/too-new", test_too_new);
  ADD ("/store/database/too-new-in-wal", test_too_new_in_wal);
  ADD ("/store/database/too-new-rollback-journal", test_too_new_rollback_journal);
  ADD ("/store/database/not-a-database", test_not_a_database);
  ADD ("/store/database/audit-log-append-only", test_audit_log_append_only);
  ADD ("/store/database/busy", test_busy);

#undef ADD

  return g_test_run ();
}
