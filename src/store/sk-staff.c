/* sk-staff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-staff"

#include "config.h"

#include "sk-staff.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-time.h"

#define MAX_LOCK_SECONDS (24 * 60 * 60)
#define FIRST_LOCK_SECONDS 60

#define STAFF_COLUMNS "id, name, role, passphrase_hash IS NOT NULL, failed_attempts, locked_until, created_at"

SkStaffMember *
sk_staff_member_copy (const SkStaffMember *member)
{
  SkStaffMember *copy;

  g_return_val_if_fail (member != NULL, NULL);

  copy = g_memdup2 (member, sizeof *member);
  copy->name = g_strdup (member->name);

  return copy;
}

void
sk_staff_member_free (SkStaffMember *member)
{
  if (member == NULL)
    return;

  g_free (member->name);
  g_free (member);
}

const char *
sk_staff_role_to_string (SkStaffRole role)
{
  return role == SK_STAFF_ROLE_OWNER ? "owner" : "staff";
}

gboolean
sk_staff_role_from_string (const char  *text,
                           SkStaffRole *out)
{
  if (g_strcmp0 (text, "owner") == 0)
    *out = SK_STAFF_ROLE_OWNER;
  else if (g_strcmp0 (text, "staff") == 0)
    *out = SK_STAFF_ROLE_STAFF;
  else
    return FALSE;

  return TRUE;
}

const char *
sk_staff_role_get_label (SkStaffRole role)
{
  return role == SK_STAFF_ROLE_OWNER ? C_("staff role", "Owner") : C_("staff role", "Staff");
}

gint64
sk_staff_lock_seconds (gint64 failed_attempts)
{
  gint64 seconds = FIRST_LOCK_SECONDS;

  if (failed_attempts < SK_STAFF_FREE_ATTEMPTS)
    return 0;

  for (gint64 i = SK_STAFF_FREE_ATTEMPTS; i < failed_attempts && seconds < MAX_LOCK_SECONDS; i++)
    seconds *= 2;

  return MIN (seconds, MAX_LOCK_SECONDS);
}

static SkStaffMember *
read_member (sqlite3_stmt *stmt)
{
  SkStaffMember *member = g_new0 (SkStaffMember, 1);

  member->id = sqlite3_column_int64 (stmt, 0);
  member->name = g_strdup (_sk_database_column_text (stmt, 1));
  if (!sk_staff_role_from_string (_sk_database_column_text (stmt, 2), &member->role))
    member->role = SK_STAFF_ROLE_STAFF;
  member->has_passphrase = sqlite3_column_int (stmt, 3) != 0;
  member->failed_attempts = sqlite3_column_int64 (stmt, 4);
  member->locked_until = sqlite3_column_int64 (stmt, 5);
  member->created_at = sqlite3_column_int64 (stmt, 6);

  return member;
}

GPtrArray *
sk_staff_list (SkDatabase  *database,
               GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT " STAFF_COLUMNS " FROM staff"
                               " ORDER BY role = 'owner' DESC, name COLLATE NOCASE, id",
                               error);
  if (stmt == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_staff_member_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_member (stmt));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the staff list"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

gint64
sk_staff_count (SkDatabase   *database,
                SkStaffRole   role,
                GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);

  stmt = _sk_database_prepare (database, "SELECT count(*) FROM staff WHERE role = ?", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, sk_staff_role_to_string (role), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the staff list"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

static SkStaffMember *
get_by (SkDatabase  *database,
        const char  *sql,
        gint64       id,
        const char  *name,
        GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  if (name != NULL)
    _sk_database_bind_text (stmt, 1, name);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_member (stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                         _("There is no such staff profile."));
  else
    _sk_database_set_error (database, error, rc, _("Could not read the staff list"));

  return NULL;
}

SkStaffMember *
sk_staff_get (SkDatabase  *database,
              gint64       id,
              GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return get_by (database, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?", id, NULL, error);
}

SkStaffMember *
sk_staff_find_by_name (SkDatabase  *database,
                       const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  trimmed = g_strstrip (g_strdup (name));
  return get_by (database, "SELECT " STAFF_COLUMNS " FROM staff WHERE name = ? COLLATE NOCASE",
                 0, trimmed, error);
}

/* One transaction around @stmt's single step plus an audit entry. */
static gboolean
step_audited (SkDatabase   *database,
              sqlite3_stmt *stmt,
              const char   *actor,
              const char   *action,
              const char   *subject,
              const char   *details,
              const char   *what,
              GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, what);
      return FALSE;
    }

  if (sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("There is no such staff profile."));
      return FALSE;
    }

  return _sk_database_append_audit_at (database, sk_time_now_utc (),
                                       actor != NULL ? actor : sk_database_get_actor (database),
                                       action, subject, details, error);
}

gint64
sk_staff_add (SkDatabase   *database,
              const char   *name,
              SkStaffRole   role,
              const char   *passphrase_hash,
              const char   *actor,
              GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkStaffMember) existing = NULL;
  gint64 id;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The name holds characters that are not valid text."));
      return 0;
    }

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > SK_STAFF_MAX_NAME || strchr (trimmed, '\n') != NULL)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   /* Translators: %d is a number of characters */
                   _("A name needs one line of 1 to %d characters."), SK_STAFF_MAX_NAME);
      return 0;
    }

  if (role == SK_STAFF_ROLE_OWNER && (passphrase_hash == NULL || !g_str_has_prefix (passphrase_hash, "$y$")))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("An owner needs a passphrase."));
      return 0;
    }

  existing = sk_staff_find_by_name (database, trimmed, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                   _("There is already a profile named “%s”."), existing->name);
      return 0;
    }
  if (!g_error_matches (local_error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  if (!_sk_database_begin (database, error))
    return 0;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO staff (name, role, passphrase_hash, created_at) VALUES (?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    goto failed;

  _sk_database_bind_text (stmt, 1, trimmed);
  sqlite3_bind_text (stmt, 2, sk_staff_role_to_string (role), -1, SQLITE_STATIC);
  if (role == SK_STAFF_ROLE_OWNER)
    sqlite3_bind_text (stmt, 3, passphrase_hash, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, sk_time_now_utc ());

  subject = g_strdup_printf ("staff:%s", trimmed);
  if (!step_audited (database, stmt, actor, "staff-add", subject, sk_staff_role_to_string (role),
                     _("Could not add the profile"), error))
    goto failed;

  /* Not sqlite3_last_insert_rowid (): the audit entry was inserted last. */
  {
    g_autoptr(SkStaffMember) added = sk_staff_find_by_name (database, trimmed, error);

    if (added == NULL)
      goto failed;
    id = added->id;
  }
  if (!_sk_database_commit (database, error))
    goto failed;

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

gboolean
sk_staff_set_role (SkDatabase   *database,
                   gint64        id,
                   SkStaffRole   role,
                   const char   *passphrase_hash,
                   const char   *actor,
                   GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkStaffMember) member = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (passphrase_hash != NULL && !g_str_has_prefix (passphrase_hash, "$y$"))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The passphrase could not be stored."));
      return FALSE;
    }

  if (!_sk_database_begin (database, error))
    return FALSE;

  if ((member = sk_staff_get (database, id, error)) == NULL)
    goto failed;

  if (member->role == role)
    {
      _sk_database_rollback (database);
      return TRUE;
    }

  if (role == SK_STAFF_ROLE_STAFF && sk_staff_count (database, SK_STAFF_ROLE_OWNER, NULL) <= 1)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("The shop needs at least one owner."));
      goto failed;
    }

  if (role == SK_STAFF_ROLE_OWNER && !member->has_passphrase && passphrase_hash == NULL)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("An owner needs a passphrase."));
      goto failed;
    }

  /* Staff keep no passphrase: one lying around would be an owner's
   * secret nobody remembers to change. */
  stmt = _sk_database_prepare (database,
                               "UPDATE staff SET role = ?2,"
                               " passphrase_hash = CASE WHEN ?2 = 'staff' THEN NULL ELSE coalesce (?3, passphrase_hash) END,"
                               " failed_attempts = 0, locked_until = 0"
                               " WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, sk_staff_role_to_string (role), -1, SQLITE_STATIC);
  if (passphrase_hash != NULL)
    sqlite3_bind_text (stmt, 3, passphrase_hash, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);

  subject = g_strdup_printf ("staff:%s", member->name);
  if (!step_audited (database, stmt, actor, "staff-role", subject, sk_staff_role_to_string (role),
                     _("Could not change the role"), error)
      || !_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

gboolean
sk_staff_set_passphrase_hash (SkDatabase   *database,
                              gint64        id,
                              const char   *passphrase_hash,
                              const char   *actor,
                              GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkStaffMember) member = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (passphrase_hash == NULL || !g_str_has_prefix (passphrase_hash, "$y$"))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The passphrase could not be stored."));
      return FALSE;
    }

  if (!_sk_database_begin (database, error))
    return FALSE;

  if ((member = sk_staff_get (database, id, error)) == NULL)
    goto failed;

  if (member->role != SK_STAFF_ROLE_OWNER)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("Only owners have a passphrase."));
      goto failed;
    }

  stmt = _sk_database_prepare (database,
                               "UPDATE staff SET passphrase_hash = ?2, failed_attempts = 0, locked_until = 0"
                               " WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, passphrase_hash, -1, SQLITE_STATIC);

  /* The audit entry says that it changed, never what to. */
  subject = g_strdup_printf ("staff:%s", member->name);
  if (!step_audited (database, stmt, actor, "staff-passphrase", subject, "",
                     _("Could not change the passphrase"), error)
      || !_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

char *
sk_staff_get_passphrase_hash (SkDatabase  *database,
                              gint64       id,
                              GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database, "SELECT passphrase_hash FROM staff WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_type (stmt, 0) == SQLITE_NULL
           ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                         _("There is no such staff profile."));
  else
    _sk_database_set_error (database, error, rc, _("Could not read the staff list"));

  return NULL;
}

gboolean
sk_staff_record_failure (SkDatabase   *database,
                         gint64        id,
                         gint64        now,
                         gint64       *out_locked_until,
                         GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkStaffMember) member = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *details = NULL;
  gint64 attempts;
  gint64 lock;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_locked_until != NULL)
    *out_locked_until = 0;

  if (!_sk_database_begin (database, error))
    return FALSE;

  if ((member = sk_staff_get (database, id, error)) == NULL)
    goto failed;

  attempts = member->failed_attempts + 1;
  lock = sk_staff_lock_seconds (attempts);

  stmt = _sk_database_prepare (database,
                               "UPDATE staff SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, attempts);
  sqlite3_bind_int64 (stmt, 3, lock > 0 ? now + lock : 0);

  subject = g_strdup_printf ("staff:%s", member->name);
  details = g_strdup_printf ("attempt %lld, locked for %lld s", (long long) attempts, (long long) lock);
  if (!step_audited (database, stmt, NULL, "passphrase-wrong", subject, details,
                     _("Could not record the attempt"), error)
      || !_sk_database_commit (database, error))
    goto failed;

  if (out_locked_until != NULL)
    *out_locked_until = lock > 0 ? now + lock : 0;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

gboolean
sk_staff_record_success (SkDatabase   *database,
                         gint64        id,
                         GError      **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);

  stmt = _sk_database_prepare (database,
                               "UPDATE staff SET failed_attempts = 0, locked_until = 0"
                               " WHERE id = ? AND (failed_attempts <> 0 OR locked_until <> 0)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not record the attempt"));
      return FALSE;
    }

  return TRUE;
}
