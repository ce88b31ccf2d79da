/* sk-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-database"

#include "config.h"

#include "sk-database.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sk-database-private.h"
#include "sk-order-filter.h"
#include "sk-order-object.h"
#include "sk-records.h"
#include "sk-store-resources.h"
#include "sk-store-sink.h"
#include "sk-time.h"

#define SCHEMA_RESOURCE_DIR "/app/shopkeeper/Shopkeeper/schema"
#define BUSY_TIMEOUT_MS     5000
#define MMAP_SIZE           268435456
/* Enough words for any real search; more only makes the query slower. */
#define MAX_SEARCH_TOKENS   16
#define MAX_SEARCH_BYTES    1024

struct _SkDatabase
{
  GObject          parent_instance;

  char            *path;
  SkDatabaseFlags  flags;

  /* Owned by the thread that opened the database. */
  GThread         *thread;
  sqlite3         *db;
  /* Prepared statements, finalized on removal: static SQL by the address
   * of its text (no hashing of long strings per row written), built SQL by
   * its text (owned copy). */
  GHashTable      *statements;
  GHashTable      *built_statements;

  char            *actor;
};

G_DEFINE_FINAL_TYPE (SkDatabase, sk_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (sk-database-error-quark, sk_database_error)

const char * const _sk_address_columns[SK_ADDRESS_N_COLUMNS] = {
  "first_name", "last_name", "company", "address_1", "address_2", "city",
  "state", "postcode", "country", "email", "phone",
};

static int
sk_database_compare_names (gconstpointer a,
                           gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The migrations, sorted; index i holds version i + 1. */
static GPtrArray *
sk_database_get_migrations (void)
{
  static GPtrArray *migrations;

  if (g_once_init_enter (&migrations))
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = NULL;
      GPtrArray *list;

      names = g_resource_enumerate_children (sk_store_get_resource (),
                                             SCHEMA_RESOURCE_DIR,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE,
                                             &error);
      if (names == NULL)
        g_error ("The schema migrations are missing from the resources: %s", error->message);

      list = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add (list, g_strdup (names[i]));
      g_ptr_array_sort (list, sk_database_compare_names);

      /* A gap or a duplicate in the numbering would silently skip or
       * repeat a migration on someone's database: refuse to run at all. */
      for (guint i = 0; i < list->len; i++)
        {
          const char *name = g_ptr_array_index (list, i);
          g_autofree char *prefix = g_strdup_printf ("%03u-", i + 1);

          if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".sql"))
            g_error ("Schema migration %u is misnamed or missing (found “%s”)", i + 1, name);
        }

      g_once_init_leave (&migrations, list);
    }

  return migrations;
}

int
sk_database_schema_version (void)
{
  return (int) sk_database_get_migrations ()->len;
}

/* Helpers */

sqlite3 *
_sk_database_get_handle (SkDatabase *self)
{
  g_assert (self->thread == g_thread_self ());

  return self->db;
}

void
_sk_database_assert_thread (SkDatabase *self)
{
  g_assert (self->thread == g_thread_self ());
}

static SkDatabaseError
sk_database_error_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return SK_DATABASE_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SK_DATABASE_ERROR_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return SK_DATABASE_ERROR_READ_ONLY;
    case SQLITE_CONSTRAINT:
      return SK_DATABASE_ERROR_CONSTRAINT;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return SK_DATABASE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
      return SK_DATABASE_ERROR_OPEN;
    case SQLITE_NOTFOUND:
      return SK_DATABASE_ERROR_NOT_FOUND;
    default:
      return SK_DATABASE_ERROR_FAILED;
    }
}

static const char *
sk_database_error_hint (SkDatabaseError code)
{
  switch (code)
    {
    case SK_DATABASE_ERROR_FULL:
      return _("The disk is full. Free some space and try again.");
    case SK_DATABASE_ERROR_BUSY:
      return _("The database is in use by another program. Close it and try again.");
    case SK_DATABASE_ERROR_READ_ONLY:
      return _("The database or its folder cannot be written to.");
    case SK_DATABASE_ERROR_CONSTRAINT:
      return _("The change breaks a rule of the data and was not saved.");
    case SK_DATABASE_ERROR_CORRUPT:
      return _("The database file is damaged.");
    case SK_DATABASE_ERROR_OPEN:
      return _("The database file cannot be opened.");
    case SK_DATABASE_ERROR_TOO_NEW:
    case SK_DATABASE_ERROR_NOT_FOUND:
    case SK_DATABASE_ERROR_FAILED:
    default:
      return NULL;
    }
}

static void
sk_database_set_error_full (sqlite3     *db,
                            GError     **error,
                            int          rc,
                            const char  *what)
{
  SkDatabaseError code = sk_database_error_from_sqlite (rc);
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  const char *hint = sk_database_error_hint (code);

  if (hint != NULL)
    /* Translators: "<what was being done>: <hint> (<technical detail>)",
     * e.g. "Could not save the orders: The disk is full. (database or disk is full)" */
    g_set_error (error, SK_DATABASE_ERROR, code, _("%s: %s (%s)"), what, hint, detail);
  else
    /* Translators: "<what was being done>: <technical detail>" */
    g_set_error (error, SK_DATABASE_ERROR, code, _("%s: %s"), what, detail);
}

void
_sk_database_set_error (SkDatabase  *self,
                        GError     **error,
                        int          rc,
                        const char  *what)
{
  sk_database_set_error_full (self->db, error, rc, what);
}

static SkCachedStmt *
sk_database_prepare_in (SkDatabase  *self,
                        GHashTable  *cache,
                        gpointer     key,
                        const char  *sql,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->thread == g_thread_self ());

  stmt = g_hash_table_lookup (cache, key);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_assert (stmt == NULL);
      _sk_database_set_error (self, error, rc, _("Could not read the database"));
      return NULL;
    }

  g_hash_table_insert (cache, key, stmt);

  return stmt;
}

SkCachedStmt *
_sk_database_prepare (SkDatabase  *self,
                      const char  *sql,
                      GError     **error)
{
  return sk_database_prepare_in (self, self->statements, (gpointer) sql, sql, error);
}

SkCachedStmt *
_sk_database_prepare_built (SkDatabase  *self,
                            const char  *sql,
                            GError     **error)
{
  SkCachedStmt *stmt = g_hash_table_lookup (self->built_statements, sql);

  if (stmt != NULL)
    return stmt;

  return sk_database_prepare_in (self, self->built_statements, g_strdup (sql), sql, error);
}

gboolean
_sk_database_exec (SkDatabase  *self,
                   const char  *sql,
                   const char  *what,
                   GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

gboolean
_sk_database_begin (SkDatabase  *self,
                    GError     **error)
{
  /* IMMEDIATE takes the write lock now, so a busy database fails here
   * (after the busy timeout) and not halfway through a page. */
  return _sk_database_exec (self, "BEGIN IMMEDIATE", _("Could not start saving"), error);
}

gboolean
_sk_database_commit (SkDatabase  *self,
                     GError     **error)
{
  return _sk_database_exec (self, "COMMIT", _("Could not save the changes"), error);
}

void
_sk_database_rollback (SkDatabase *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (self->thread == g_thread_self ());

  /* SQLite may already have rolled back by itself (disk full, I/O error). */
  if (sqlite3_get_autocommit (self->db))
    return;

  if (!_sk_database_exec (self, "ROLLBACK", _("Could not undo the changes"), &error))
    g_warning ("%s", error->message);
}

gboolean
_sk_database_set_mmap (SkDatabase  *self,
                       gboolean     use_mmap,
                       GError     **error)
{
  return _sk_database_exec (self, use_mmap ? "PRAGMA mmap_size = " G_STRINGIFY (MMAP_SIZE) : "PRAGMA mmap_size = 0",
                            _("Could not read the database"), error);
}

int
_sk_database_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_text (stmt, index, "", 0, SQLITE_STATIC);

  if (G_UNLIKELY (!g_utf8_validate (text, -1, NULL)))
    return sqlite3_bind_text (stmt, index, g_utf8_make_valid (text, -1), -1, g_free);

  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

const char *
_sk_database_column_text (sqlite3_stmt *stmt,
                          int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  if (text == NULL)
    return "";

  /* The sync stores valid UTF-8 only (sk_record_set_string ()), but a
   * copy edited by hand, by another program or by an old version may
   * hold anything, and GTK would warn and show nothing (or worse, Pango
   * would be handed bytes it does not expect). A text that is not UTF-8
   * reads as one replacement character: what it said is lost either way. */
  if (!g_utf8_validate_len (text, sqlite3_column_bytes (stmt, index), NULL))
    return "\xEF\xBF\xBD";

  return text;
}

int
_sk_database_bind_address (sqlite3_stmt    *stmt,
                           int              first_index,
                           const SkAddress *address)
{
  const char *values[SK_ADDRESS_N_COLUMNS] = {
    address->first_name, address->last_name, address->company,
    address->address_1, address->address_2, address->city, address->state,
    address->postcode, address->country, address->email, address->phone,
  };
  int rc = SQLITE_OK;

  for (guint i = 0; i < SK_ADDRESS_N_COLUMNS && rc == SQLITE_OK; i++)
    rc = _sk_database_bind_text (stmt, first_index + (int) i, values[i]);

  return rc;
}

void
_sk_database_read_address (sqlite3_stmt *stmt,
                           int           first_index,
                           SkAddress    *address)
{
  char **fields[SK_ADDRESS_N_COLUMNS] = {
    &address->first_name, &address->last_name, &address->company,
    &address->address_1, &address->address_2, &address->city, &address->state,
    &address->postcode, &address->country, &address->email, &address->phone,
  };

  for (guint i = 0; i < SK_ADDRESS_N_COLUMNS; i++)
    {
      g_free (*fields[i]);
      *fields[i] = g_strdup (_sk_database_column_text (stmt, first_index + (int) i));
    }
}

static gboolean
sk_database_get_user_version (SkDatabase  *self,
                              int         *out_version,
                              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Not cached: this runs before the connection is known to be usable. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    {
      SkDatabaseError code = sk_database_error_from_sqlite (rc);

      if (code == SK_DATABASE_ERROR_CORRUPT)
        g_set_error (error, SK_DATABASE_ERROR, code,
                     _("“%s” is not a Shopkeeper database, or it is damaged."),
                     self->path);
      else
        _sk_database_set_error (self, error, rc, _("Could not read the database"));
    }

  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

static void
sk_database_set_too_new_error (SkDatabase  *self,
                               GError     **error,
                               int          version)
{
  g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_TOO_NEW,
               /* Translators: the numbers are schema versions */
               _("This database was written by a newer version of Shopkeeper "
                 "(data format %d; this version knows up to %d). Update Shopkeeper "
                 "to open it. The file was left untouched."),
               version, sk_database_schema_version ());
}

static gboolean
sk_database_page_size_is_valid (guint page_size)
{
  if (page_size == 1)
    return TRUE;

  return page_size >= 512 && page_size <= 32768 && (page_size & (page_size - 1)) == 0;
}

/* Reads the SQLite header of an existing file ourselves, before SQLite
 * opens it: opening a WAL database through SQLite creates -wal and -shm
 * files, and a file from a newer version must not be touched at all. */
/* Reads the first bytes of the file through SQLite's own VFS, not a file
 * descriptor of ours: closing any descriptor of a database file drops every
 * POSIX lock this process holds on it, including those of connections that
 * are open (the UI's reader while the sync opens its writer), which lets
 * another process write under them. SQLite's unix VFS knows about its other
 * connections to the same file and keeps the descriptor until they let go. */
static int
sk_database_read_header (const char *path,
                         guint8      header[100],
                         gsize      *out_n_read)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);
  g_autofree char *full_path = g_malloc0 (vfs->mxPathname + 1);
  g_autofree sqlite3_file *file = g_malloc0 (vfs->szOsFile);
  sqlite3_int64 size = 0;
  int out_flags = 0;
  int rc;

  *out_n_read = 0;

  rc = vfs->xFullPathname (vfs, path, vfs->mxPathname + 1, full_path);
  if (rc != SQLITE_OK)
    return rc;

  rc = vfs->xOpen (vfs, full_path, file, SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READONLY, &out_flags);
  if (rc != SQLITE_OK)
    {
      /* A failed xOpen may still have set methods that must close it. */
      if (file->pMethods != NULL)
        file->pMethods->xClose (file);
      return rc;
    }

  rc = file->pMethods->xFileSize (file, &size);
  if (rc == SQLITE_OK && size > 0)
    {
      *out_n_read = (gsize) MIN (size, (sqlite3_int64) 100);
      rc = file->pMethods->xRead (file, header, (int) *out_n_read, 0);
    }

  file->pMethods->xClose (file);

  return rc;
}

static gboolean
sk_database_check_header (SkDatabase  *self,
                          gboolean    *out_empty,
                          int         *out_version,
                          GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  gsize n_read = 0;
  int rc;

  *out_empty = FALSE;
  *out_version = 0;

  rc = sk_database_read_header (self->path, header, &n_read);
  if (rc != SQLITE_OK)
    {
      gboolean denied = g_access (self->path, R_OK) != 0 && errno == EACCES;

      g_set_error (error, SK_DATABASE_ERROR,
                   denied ? SK_DATABASE_ERROR_READ_ONLY : SK_DATABASE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   self->path, denied ? g_strerror (EACCES) : sqlite3_errstr (rc));
      return FALSE;
    }

  if (n_read == 0)
    {
      /* SQLite treats an empty file as an empty database. */
      *out_empty = TRUE;
      return TRUE;
    }

  /* Beyond the magic string, the fields SQLite itself requires: a page
   * size that is a power of two from 512 to 65536 (1 meaning 65536) and
   * the fixed payload fractions 64, 32, 32. A damaged header must not be
   * mistaken for a database "from the future". */
  if (n_read < sizeof header
      || memcmp (header, magic, sizeof magic) != 0
      || !sk_database_page_size_is_valid (((guint) header[16] << 8) | header[17])
      || header[21] != 64 || header[22] != 32 || header[23] != 32)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CORRUPT,
                   _("“%s” is not a Shopkeeper database, or it is damaged."),
                   self->path);
      return FALSE;
    }

  /* The user_version field: 4 bytes big-endian at offset 60. */
  *out_version = (int) (((guint32) header[60] << 24) | ((guint32) header[61] << 16)
                        | ((guint32) header[62] << 8) | (guint32) header[63]);

  return TRUE;
}

static gboolean
sk_database_wal_has_content (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

static gboolean
sk_database_migrate (SkDatabase  *self,
                     GError     **error)
{
  GPtrArray *migrations = sk_database_get_migrations ();
  int target = (int) migrations->len;

  for (;;)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *resource = NULL;
      g_autofree char *set_version = NULL;
      char *errmsg = NULL;
      int version = 0;
      int rc;

      if (!_sk_database_begin (self, error))
        return FALSE;

      /* Read again inside the write transaction: another process may have
       * migrated since we looked. */
      if (!sk_database_get_user_version (self, &version, error))
        {
          _sk_database_rollback (self);
          return FALSE;
        }

      if (version >= target)
        {
          _sk_database_rollback (self);
          if (version > target)
            {
              sk_database_set_too_new_error (self, error, version);
              return FALSE;
            }
          return TRUE;
        }

      resource = g_build_path ("/", SCHEMA_RESOURCE_DIR,
                               (const char *) g_ptr_array_index (migrations, version),
                               NULL);
      bytes = g_resource_lookup_data (sk_store_get_resource (), resource,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      if (bytes == NULL)
        g_error ("Cannot load %s: %s", resource, local_error->message);

      g_debug ("Migrating %s to schema version %d", self->path, version + 1);

      rc = sqlite3_exec (self->db, g_bytes_get_data (bytes, NULL), NULL, NULL, &errmsg);
      if (rc == SQLITE_OK)
        {
          set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
          rc = sqlite3_exec (self->db, set_version, NULL, NULL, &errmsg);
        }

      if (rc != SQLITE_OK)
        {
          g_autofree char *what = NULL;

          /* Translators: %d is a schema version number */
          what = g_strdup_printf (_("Could not upgrade the database to version %d"), version + 1);
          sk_database_set_error_full (NULL, error, rc, what);
          if (errmsg != NULL)
            g_prefix_error (error, "%s: ", errmsg);
          sqlite3_free (errmsg);
          _sk_database_rollback (self);
          return FALSE;
        }

      if (!_sk_database_commit (self, error))
        {
          _sk_database_rollback (self);
          return FALSE;
        }
    }
}

static gboolean
sk_database_configure (SkDatabase  *self,
                       GError     **error)
{
  static const char *pragmas[] = {
    "PRAGMA foreign_keys = ON",
    /* Safe with WAL: a power cut may lose the last transactions, never
     * corrupt the file; the next sync fetches them again. */
    "PRAGMA synchronous = NORMAL",
    /* Each order lands on random pages of the customer, total and search
     * indexes; with a million orders those only stay in memory with a
     * cache of a few tens of MB (the default is 2 MB). */
    "PRAGMA cache_size = -65536",
    /* Reads straight from the page cache of the kernel. */
    "PRAGMA mmap_size = " G_STRINGIFY (MMAP_SIZE),
    "PRAGMA temp_store = MEMORY",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pragmas); i++)
    {
      char *errmsg = NULL;
      int rc = sqlite3_exec (self->db, pragmas[i], NULL, NULL, &errmsg);

      sqlite3_free (errmsg);
      if (rc != SQLITE_OK)
        {
          _sk_database_set_error (self, error, rc, _("Could not configure the database"));
          return FALSE;
        }
    }

  if (!(self->flags & SK_DATABASE_FLAGS_READ_ONLY))
    {
      sqlite3_stmt *stmt = NULL;
      gboolean is_wal = FALSE;
      int rc;

      rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          is_wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);

      if (rc != SQLITE_OK)
        {
          _sk_database_set_error (self, error, rc, _("Could not configure the database"));
          return FALSE;
        }

      /* The UI reads while the sync writes; without WAL one would block
       * the other. */
      if (!is_wal)
        {
          g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                       _("Could not configure the database: the file system of “%s” "
                         "does not support write-ahead logging"),
                       self->path);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
sk_database_open_internal (SkDatabase  *self,
                           GError     **error)
{
  gboolean read_only = (self->flags & SK_DATABASE_FLAGS_READ_ONLY) != 0;
  gboolean exists = g_file_test (self->path, G_FILE_TEST_EXISTS);
  int version = 0;
  int open_flags;
  int rc;

  if (exists && g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_OPEN,
                   _("Could not open the database “%s”: it is a folder"), self->path);
      return FALSE;
    }

  if (!exists && read_only)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                   _("The database “%s” does not exist"), self->path);
      return FALSE;
    }

  if (exists)
    {
      gboolean empty = FALSE;

      if (!sk_database_check_header (self, &empty, &version, error))
        return FALSE;

      /* With no write-ahead log the header is the truth. With one, the
       * newest user_version may be in the log: SQLite reads it below,
       * with checkpoint-on-close off so closing changes nothing. */
      if (version > sk_database_schema_version () && !sk_database_wal_has_content (self->path))
        {
          sk_database_set_too_new_error (self, error, version);
          return FALSE;
        }
    }

  open_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  open_flags |= read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  rc = sqlite3_open_v2 (self->path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the database “%s”"), self->path);

      sk_database_set_error_full (self->db, error, rc, what);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  /* No ATTACH of arbitrary files, no writable schema tricks. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);

  if (!sk_database_get_user_version (self, &version, error))
    return FALSE;

  if (version > sk_database_schema_version ())
    {
      sk_database_set_too_new_error (self, error, version);
      return FALSE;
    }

  if (read_only && version < sk_database_schema_version ())
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                   _("The database “%s” has not been set up or upgraded yet"), self->path);
      return FALSE;
    }

  /* Known to be ours and not from the future: normal closing from now on. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  if (!sk_database_configure (self, error))
    return FALSE;

  if (!read_only && !sk_database_migrate (self, error))
    return FALSE;

  return TRUE;
}

static GPtrArray *
sk_database_load_items (SkDatabase  *self,
                        gint64       order_id,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  stmt = _sk_database_prepare (self,
                               "SELECT remote_id, product_remote_id, variation_remote_id, name, sku,"
                               "       quantity, subtotal, total, total_tax"
                               "  FROM order_items WHERE order_id = ?1 ORDER BY position",
                               error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_item_record_free);
  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkOrderItemRecord *item = sk_order_item_record_new ();

      item->remote_id = sqlite3_column_int64 (stmt, 0);
      item->product_remote_id = sqlite3_column_int64 (stmt, 1);
      item->variation_remote_id = sqlite3_column_int64 (stmt, 2);
      sk_record_set_string (&item->name, _sk_database_column_text (stmt, 3), G_MAXSIZE);
      sk_record_set_string (&item->sku, _sk_database_column_text (stmt, 4), G_MAXSIZE);
      item->quantity = sqlite3_column_int64 (stmt, 5);
      item->subtotal = sqlite3_column_int64 (stmt, 6);
      item->total = sqlite3_column_int64 (stmt, 7);
      item->total_tax = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, _("Could not read the order"));
      return NULL;
    }

  return g_steal_pointer (&items);
}

static GPtrArray *
sk_database_load_refunds (SkDatabase  *self,
                          gint64       order_id,
                          GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  int rc;

  stmt = _sk_database_prepare (self,
                               "SELECT remote_id, date_created, amount, reason"
                               "  FROM refunds WHERE order_id = ?1 ORDER BY position",
                               error);
  if (stmt == NULL)
    return NULL;

  refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_record_free);
  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkRefundRecord *refund = sk_refund_record_new ();

      refund->remote_id = sqlite3_column_int64 (stmt, 0);
      refund->date_created = sqlite3_column_int64 (stmt, 1);
      refund->amount = sqlite3_column_int64 (stmt, 2);
      sk_record_set_string (&refund->reason, _sk_database_column_text (stmt, 3), G_MAXSIZE);
      g_ptr_array_add (refunds, refund);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, _("Could not read the order"));
      return NULL;
    }

  return g_steal_pointer (&refunds);
}

static GPtrArray *
sk_database_load_notes (SkDatabase  *self,
                        gint64       order_id,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  int rc;

  stmt = _sk_database_prepare (self,
                               "SELECT remote_id, date_created, author, note, customer_note"
                               "  FROM order_notes WHERE order_id = ?1"
                               " ORDER BY date_created DESC, remote_id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_note_record_free);
  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkOrderNoteRecord *note = sk_order_note_record_new ();

      note->remote_id = sqlite3_column_int64 (stmt, 0);
      note->date_created = sqlite3_column_int64 (stmt, 1);
      sk_record_set_string (&note->author, _sk_database_column_text (stmt, 2), G_MAXSIZE);
      sk_record_set_string (&note->note, _sk_database_column_text (stmt, 3), G_MAXSIZE);
      note->customer_note = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (notes, note);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, _("Could not read the order notes"));
      return NULL;
    }

  return g_steal_pointer (&notes);
}

/* Turns one word of the user's search into an FTS5 prefix phrase:
 * "tok"* with embedded quotes doubled. Inside a quoted string FTS5 gives no
 * meaning to *, :, -, ( or keywords such as NEAR, AND, OR, NOT, so nothing
 * the user types can change the structure of the query. */
static void
sk_database_append_fts_token (GString    *query,
                              const char *token,
                              gsize       len)
{
  if (query->len > 0)
    g_string_append (query, " AND ");

  g_string_append_c (query, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (token[i] == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, token[i]);
    }
  g_string_append (query, "\"*");
}

char *
_sk_database_build_fts_query (const char *search)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) query = NULL;
  const char *p;
  guint n_tokens = 0;

  if (search == NULL)
    return NULL;

  valid = g_utf8_make_valid (search, MIN (strlen (search), MAX_SEARCH_BYTES));
  query = g_string_new (NULL);

  p = valid;
  while (*p != '\0' && n_tokens < MAX_SEARCH_TOKENS)
    {
      const char *start;
      gboolean searchable = FALSE;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          gunichar c = g_utf8_get_char (p);

          /* A word of only punctuation ("-", "\"", "*") indexes to nothing:
           * as a phrase it would match nothing and empty the whole AND. */
          if (g_unichar_isalnum (c) || g_unichar_ismark (c))
            searchable = TRUE;
          p = g_utf8_next_char (p);
        }

      if (searchable)
        {
          sk_database_append_fts_token (query, start, (gsize) (p - start));
          n_tokens++;
        }
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* GObject */

static void
sk_database_finalize (GObject *object)
{
  SkDatabase *self = (SkDatabase *)object;

  /* Every statement must be finalized before the connection closes. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->built_statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("Closing %s failed: %s", self->path, sqlite3_errstr (rc));
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (sk_database_parent_class)->finalize (object);
}

static void
sk_database_class_init (SkDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_database_finalize;
}

static void
sk_database_init (SkDatabase *self)
{
  self->thread = g_thread_self ();
  self->statements = g_hash_table_new_full (NULL, NULL, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->built_statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) sqlite3_finalize);
}

/* Public API */

void
sk_order_details_free (SkOrderDetails *details)
{
  if (details == NULL)
    return;

  g_clear_pointer (&details->order, sk_order_record_free);
  g_clear_pointer (&details->notes, g_ptr_array_unref);
  g_clear_pointer (&details->customer_display_name, g_free);
  g_free (details);
}

SkDatabase *
sk_database_open (const char       *path,
                  SkDatabaseFlags   flags,
                  GError          **error)
{
  g_autoptr(SkDatabase) self = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SK_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->flags = flags;

  if (!sk_database_open_internal (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sk_database_get_path (SkDatabase *self)
{
  g_return_val_if_fail (SK_IS_DATABASE (self), NULL);

  return self->path;
}

SkSyncSink *
sk_database_create_sink (SkDatabase  *self,
                         const char  *store_url,
                         GError     **error)
{
  g_autoptr(SkCachedStmt) insert = NULL;
  g_autoptr(SkCachedStmt) select = NULL;
  gint64 store_id;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (self), NULL);
  g_return_val_if_fail (store_url != NULL && *store_url != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_assert (self->thread == g_thread_self ());

  if (self->flags & SK_DATABASE_FLAGS_READ_ONLY)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_READ_ONLY,
                   _("Cannot save into a database opened read-only"));
      return NULL;
    }

  insert = _sk_database_prepare (self,
                                 "INSERT INTO stores (url, added_at) VALUES (?1, ?2)"
                                 " ON CONFLICT (url) DO NOTHING",
                                 error);
  if (insert == NULL)
    return NULL;

  _sk_database_bind_text (insert, 1, store_url);
  sqlite3_bind_int64 (insert, 2, sk_time_now_utc ());
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, _("Could not add the store"));
      return NULL;
    }

  select = _sk_database_prepare (self, "SELECT id FROM stores WHERE url = ?1", error);
  if (select == NULL)
    return NULL;

  _sk_database_bind_text (select, 1, store_url);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (self, error, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc,
                              _("Could not add the store"));
      return NULL;
    }
  store_id = sqlite3_column_int64 (select, 0);

  return _sk_store_sink_new (self, store_id, store_url);
}

gint64
sk_database_get_last_sync (SkDatabase *self)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (self), 0);
  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self, "SELECT coalesce (max (last_sync), 0) FROM sync_state", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_warning ("Could not read the last sync time: %s",
                 error != NULL ? error->message : sqlite3_errmsg (self->db));
      return 0;
    }

  return sqlite3_column_int64 (stmt, 0);
}

gint64
sk_database_count_orders (SkDatabase *self)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (self), 0);
  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self, "SELECT count(*) FROM orders", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_warning ("Could not count the orders: %s",
                 error != NULL ? error->message : sqlite3_errmsg (self->db));
      return 0;
    }

  return sqlite3_column_int64 (stmt, 0);
}

GStrv
sk_database_list_order_statuses (SkDatabase  *self,
                                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self,
                               "SELECT status FROM orders GROUP BY status"
                               " ORDER BY count(*) DESC, status",
                               error);
  if (stmt == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, _("Could not read the order statuses"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

SkOrderDetails *
sk_database_load_order_details (SkDatabase  *self,
                                gint64       order_id,
                                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkOrderDetails) details = NULL;
  SkOrderRecord *order;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self,
                               "SELECT remote_id, parent_remote_id, number, order_key, status, currency,"
                               "       date_created, date_modified, date_paid, date_completed,"
                               "       customer_remote_id, customer_note, payment_method,"
                               "       payment_method_title, discount_total, shipping_total,"
                               "       total_tax, total, customer_name,"
                               "       billing_first_name, billing_last_name, billing_company,"
                               "       billing_address_1, billing_address_2, billing_city,"
                               "       billing_state, billing_postcode, billing_country,"
                               "       billing_email, billing_phone,"
                               "       shipping_first_name, shipping_last_name, shipping_company,"
                               "       shipping_address_1, shipping_address_2, shipping_city,"
                               "       shipping_state, shipping_postcode, shipping_country,"
                               "       shipping_email, shipping_phone"
                               "  FROM orders WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                   _("The order is no longer in the database"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (self, error, rc, _("Could not read the order"));
      return NULL;
    }

  details = g_new0 (SkOrderDetails, 1);
  details->id = order_id;
  details->order = order = sk_order_record_new ();

  order->remote_id = sqlite3_column_int64 (stmt, 0);
  order->parent_remote_id = sqlite3_column_int64 (stmt, 1);
  sk_record_set_string (&order->number, _sk_database_column_text (stmt, 2), G_MAXSIZE);
  sk_record_set_string (&order->order_key, _sk_database_column_text (stmt, 3), G_MAXSIZE);
  sk_record_set_string (&order->status, _sk_database_column_text (stmt, 4), G_MAXSIZE);
  sk_record_set_string (&order->currency, _sk_database_column_text (stmt, 5), G_MAXSIZE);
  order->date_created = sqlite3_column_int64 (stmt, 6);
  order->date_modified = sqlite3_column_int64 (stmt, 7);
  order->date_paid = sqlite3_column_int64 (stmt, 8);
  order->date_completed = sqlite3_column_int64 (stmt, 9);
  order->customer_remote_id = sqlite3_column_int64 (stmt, 10);
  sk_record_set_string (&order->customer_note, _sk_database_column_text (stmt, 11), G_MAXSIZE);
  sk_record_set_string (&order->payment_method, _sk_database_column_text (stmt, 12), G_MAXSIZE);
  sk_record_set_string (&order->payment_method_title, _sk_database_column_text (stmt, 13), G_MAXSIZE);
  order->discount_total = sqlite3_column_int64 (stmt, 14);
  order->shipping_total = sqlite3_column_int64 (stmt, 15);
  order->total_tax = sqlite3_column_int64 (stmt, 16);
  order->total = sqlite3_column_int64 (stmt, 17);
  details->customer_display_name = g_strdup (_sk_database_column_text (stmt, 18));
  _sk_database_read_address (stmt, 19, &order->billing);
  _sk_database_read_address (stmt, 19 + SK_ADDRESS_N_COLUMNS, &order->shipping);

  g_clear_pointer (&order->items, g_ptr_array_unref);
  if (!(order->items = sk_database_load_items (self, order_id, error)))
    return NULL;

  g_clear_pointer (&order->refunds, g_ptr_array_unref);
  if (!(order->refunds = sk_database_load_refunds (self, order_id, error)))
    return NULL;

  if (!(details->notes = sk_database_load_notes (self, order_id, error)))
    return NULL;

  return g_steal_pointer (&details);
}

gboolean
_sk_database_append_audit_at (SkDatabase  *self,
                              gint64       at,
                              const char  *actor,
                              const char  *action,
                              const char  *subject,
                              const char  *details,
                              GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self,
                               "INSERT INTO audit_log (at, actor, action, subject, details)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  _sk_database_bind_text (stmt, 2, actor);
  _sk_database_bind_text (stmt, 3, action);
  _sk_database_bind_text (stmt, 4, subject);
  _sk_database_bind_text (stmt, 5, details);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (self, error, rc, _("Could not write to the audit log"));
      return FALSE;
    }

  return TRUE;
}

void
sk_database_set_actor (SkDatabase *self,
                       const char *actor)
{
  g_return_if_fail (SK_IS_DATABASE (self));
  g_return_if_fail (actor == NULL || g_utf8_validate (actor, -1, NULL));

  g_free (self->actor);
  self->actor = actor != NULL && *actor != '\0' ? g_strdup (actor) : NULL;
}

const char *
sk_database_get_actor (SkDatabase *self)
{
  g_return_val_if_fail (SK_IS_DATABASE (self), "user");

  return self->actor != NULL ? self->actor : "user";
}

gboolean
sk_database_append_audit (SkDatabase  *self,
                          const char  *actor,
                          const char  *action,
                          const char  *subject,
                          const char  *details,
                          GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (actor != NULL && *actor != '\0', FALSE);
  g_return_val_if_fail (action != NULL && *action != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _sk_database_append_audit_at (self, sk_time_now_utc (), actor, action,
                                       subject, details, error);
}

GArray *
sk_database_query_order_ids (SkDatabase   *self,
                             const char   *search,
                             const char   *status,
                             SkOrderSort   sort,
                             gboolean      descending,
                             GError      **error)
{
  g_autoptr(SkOrderFilter) filter = sk_order_filter_new ();

  g_return_val_if_fail (SK_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The whole filter and its query live in sk-order-filter.c. */
  sk_order_filter_set_search (filter, search);
  sk_order_filter_set_status (filter, status);

  return sk_order_filter_query_ids (self, filter, sort, descending, error);
}

GPtrArray *
sk_database_load_order_objects (SkDatabase    *self,
                                const gint64  *ids,
                                guint          n_ids,
                                GError       **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_assert (self->thread == g_thread_self ());

  stmt = _sk_database_prepare (self,
                               "SELECT remote_id, number, status, date_created, customer_name,"
                               "       billing_email, item_count, total, currency"
                               "  FROM orders WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  objects = g_ptr_array_new_full (n_ids, g_object_unref);

  /* One primary-key lookup per row: for a page of ~100 that is well under
   * a millisecond, and it keeps the order of @ids without sorting. */
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW)
        g_ptr_array_add (objects,
                         sk_order_object_new (ids[i],
                                              sqlite3_column_int64 (stmt, 0),
                                              _sk_database_column_text (stmt, 1),
                                              _sk_database_column_text (stmt, 2),
                                              sqlite3_column_int64 (stmt, 3),
                                              _sk_database_column_text (stmt, 4),
                                              _sk_database_column_text (stmt, 5),
                                              sqlite3_column_int64 (stmt, 6),
                                              sqlite3_column_int64 (stmt, 7),
                                              _sk_database_column_text (stmt, 8)));
      else if (rc == SQLITE_DONE)
        /* Deleted since the ids were read: keep the positions stable with
         * an empty row; the next reload drops it. */
        g_ptr_array_add (objects, sk_order_object_new (ids[i], 0, "", "", 0, "", "", 0, 0, ""));
      else
        {
          _sk_database_set_error (self, error, rc, _("Could not read the orders"));
          return NULL;
        }

      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&objects);
}
