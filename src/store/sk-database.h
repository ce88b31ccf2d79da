/* sk-database.h — the local SQLite copy of the store and what only Shopkeeper keeps.
 *
 * One SkDatabase wraps one SQLite connection and must only be used from the
 * thread that opened it (asserted). The UI opens one read-only on the main
 * thread; the sync worker opens its own writable one. WAL lets them run at
 * the same time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-records.h"
#include "sk-sync-sink.h"

G_BEGIN_DECLS

#define SK_DATABASE_ERROR (sk_database_error_quark ())

typedef enum
{
  SK_DATABASE_ERROR_OPEN,        /* cannot open or create the file */
  SK_DATABASE_ERROR_TOO_NEW,     /* written by a newer Shopkeeper: refused, untouched */
  SK_DATABASE_ERROR_CORRUPT,     /* not a database, or damaged */
  SK_DATABASE_ERROR_BUSY,        /* locked by another program for too long */
  SK_DATABASE_ERROR_FULL,        /* disk full */
  SK_DATABASE_ERROR_READ_ONLY,   /* the file or its folder cannot be written */
  SK_DATABASE_ERROR_CONSTRAINT,  /* a rule of the data was broken (e.g. an append-only table) */
  SK_DATABASE_ERROR_NOT_FOUND,
  SK_DATABASE_ERROR_FAILED,
  SK_DATABASE_ERROR_INVALID,     /* a value refused before it reached a table (too long, not UTF-8, out of range) */
} SkDatabaseError;

typedef enum
{
  SK_DATABASE_FLAGS_NONE      = 0,
  SK_DATABASE_FLAGS_READ_ONLY = 1 << 0, /* never migrates; fails if the file does not exist */
} SkDatabaseFlags;

/* The schema version this build writes (PRAGMA user_version). */
#define SK_DATABASE_SCHEMA_VERSION sk_database_schema_version ()

typedef struct _SkOrderDetails
{
  gint64         id;           /* local primary key */
  SkOrderRecord *order;        /* with items, addresses and the refund summary */
  GPtrArray     *notes;        /* SkOrderNoteRecord, newest first */
  char          *customer_display_name;
} SkOrderDetails;

void            sk_order_details_free            (SkOrderDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderDetails, sk_order_details_free)

#define SK_TYPE_DATABASE (sk_database_get_type ())
G_DECLARE_FINAL_TYPE (SkDatabase, sk_database, SK, DATABASE, GObject)

GQuark          sk_database_error_quark          (void);
int             sk_database_schema_version       (void);

/* Opens (and unless READ_ONLY, creates and migrates) the database at @path.
 * A database whose user_version is newer than this build's is refused with
 * SK_DATABASE_ERROR_TOO_NEW and not modified in any way. */
SkDatabase     *sk_database_open                 (const char      *path,
                                                  SkDatabaseFlags  flags,
                                                  GError         **error);
const char     *sk_database_get_path             (SkDatabase      *self);

/* A sink the sync engine writes into, bound to the store at @store_url
 * (its row is created if needed). Use it on this database's thread. */
SkSyncSink     *sk_database_create_sink          (SkDatabase      *self,
                                                  const char      *store_url,
                                                  GError         **error);

/* Unix seconds UTC of the last completed sync, 0 if never. */
gint64          sk_database_get_last_sync        (SkDatabase      *self);
gint64          sk_database_count_orders         (SkDatabase      *self);

/* Distinct order status slugs present, most frequent first. */
GStrv           sk_database_list_order_statuses  (SkDatabase      *self,
                                                  GError         **error);

SkOrderDetails *sk_database_load_order_details   (SkDatabase      *self,
                                                  gint64           order_id,
                                                  GError         **error);

/* Who is at the desk, for the audit entries this connection writes on
 * someone's behalf (outbox, settings, notes, decisions): a staff member's
 * name, "user" until someone is chosen. The sync writes as "sync". */
void            sk_database_set_actor            (SkDatabase      *self,
                                                  const char      *actor);
const char     *sk_database_get_actor            (SkDatabase      *self);

/* Append-only audit log; UPDATE and DELETE on it are rejected by triggers. */
gboolean        sk_database_append_audit         (SkDatabase      *self,
                                                  const char      *actor,
                                                  const char      *action,
                                                  const char      *subject,
                                                  const char      *details,
                                                  GError         **error);

/* For the orders list model (sk-order-list.c). @search is free text from the
 * user (turned into a safe FTS5 prefix query), @status a slug or NULL.
 * Returns local ids in display order. */
GArray         *sk_database_query_order_ids      (SkDatabase      *self,
                                                  const char      *search,
                                                  const char      *status,
                                                  SkOrderSort      sort,
                                                  gboolean         descending,
                                                  GError         **error);

/* Loads the rows of @n_ids orders as SkOrderObjects, in the order of @ids. */
GPtrArray      *sk_database_load_order_objects   (SkDatabase      *self,
                                                  const gint64    *ids,
                                                  guint            n_ids,
                                                  GError         **error);

G_END_DECLS
