/* sk-database-private.h — what the files of store/ share about SkDatabase.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "sk-database.h"

G_BEGIN_DECLS

/* A statement from the connection's cache. Declared with
 * g_autoptr(SkCachedStmt), it is reset and its bindings cleared when it
 * goes out of scope, so no statement keeps a read transaction open (which
 * would pin an old WAL snapshot and block checkpoints). */
typedef sqlite3_stmt SkCachedStmt;

static inline void
_sk_cached_stmt_release (SkCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCachedStmt, _sk_cached_stmt_release)

/* The connection; only on the database's thread. */
sqlite3      *_sk_database_get_handle   (SkDatabase  *self);
void          _sk_database_assert_thread (SkDatabase *self);

/* Prepares @sql once per connection (SQLITE_PREPARE_PERSISTENT) and hands
 * out the cached statement, ready to bind. NULL with @error set on failure.
 * @sql must live as long as the process (a literal, or built once and
 * never freed): it is cached by its address. */
SkCachedStmt *_sk_database_prepare      (SkDatabase  *self,
                                         const char  *sql,
                                         GError     **error);
/* The same for SQL built at run time, cached by its text. */
SkCachedStmt *_sk_database_prepare_built (SkDatabase  *self,
                                          const char  *sql,
                                          GError     **error);

/* Sets @error from the connection's last error (or @rc), mapping SQLite's
 * result codes to SkDatabaseError; @what says what was being done, for the
 * user ("Could not save the orders"). */
void          _sk_database_set_error    (SkDatabase  *self,
                                         GError     **error,
                                         int          rc,
                                         const char  *what);

/* Runs one statement without results (BEGIN, COMMIT...); @sql static as
 * for _sk_database_prepare (). */
gboolean      _sk_database_exec         (SkDatabase  *self,
                                         const char  *sql,
                                         const char  *what,
                                         GError     **error);
/* Whether reads go through a memory map of the file (the default) or
 * through SQLite's own page cache. A scan through the map makes every
 * page it faults in, and the kernel's neighbours of it, count as this
 * process's memory. */
gboolean      _sk_database_set_mmap     (SkDatabase  *self,
                                         gboolean     use_mmap,
                                         GError     **error);
gboolean      _sk_database_begin        (SkDatabase  *self,
                                         GError     **error);
gboolean      _sk_database_commit       (SkDatabase  *self,
                                         GError     **error);
/* Rolls back if a transaction is open; never fails (logs instead). */
void          _sk_database_rollback     (SkDatabase  *self);

/* Binds UTF-8 text, "" for NULL; invalid UTF-8 is repaired so nothing
 * broken reaches the table or the search index. */
int           _sk_database_bind_text    (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *text);
/* A TEXT column, never NULL, always UTF-8 (text that is not reads as
 * U+FFFD). */
const char   *_sk_database_column_text  (sqlite3_stmt *stmt,
                                         int           index);

gboolean      _sk_database_append_audit_at (SkDatabase  *self,
                                            gint64       at,
                                            const char  *actor,
                                            const char  *action,
                                            const char  *subject,
                                            const char  *details,
                                            GError     **error);

/* The 11 columns of an SkAddress, in the order of the table columns
 * <prefix>_first_name ... <prefix>_phone. */
#define SK_ADDRESS_N_COLUMNS 11
extern const char * const _sk_address_columns[SK_ADDRESS_N_COLUMNS];
int           _sk_database_bind_address (sqlite3_stmt    *stmt,
                                         int              first_index,
                                         const SkAddress *address);
void          _sk_database_read_address (sqlite3_stmt    *stmt,
                                         int              first_index,
                                         SkAddress       *address);

/* The safe FTS5 query for free text from the user, or NULL when the text
 * holds nothing searchable. Exposed for tests. */
char         *_sk_database_build_fts_query (const char *search);

G_END_DECLS
