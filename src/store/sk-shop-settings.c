/* sk-shop-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-shop-settings"

#include "config.h"

#include "sk-shop-settings.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-time.h"

static gboolean
check_key (const char  *key,
           GError     **error)
{
  if (key == NULL || *key == '\0' || strlen (key) > 100 || !g_utf8_validate (key, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The setting’s name is not valid."));
      return FALSE;
    }

  return TRUE;
}

char *
sk_shop_settings_get_string (SkDatabase *database,
                             const char *key,
                             const char *fallback)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), g_strdup (fallback));
  g_return_val_if_fail (key != NULL, g_strdup (fallback));

  stmt = _sk_database_prepare (database, "SELECT value FROM shop_settings WHERE key = ?", &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the setting %s: %s", key, error->message);
      return g_strdup (fallback);
    }

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (_sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, &error, rc, _("Could not read the shop’s settings"));
      g_warning ("Cannot read the setting %s: %s", key, error->message);
    }

  return g_strdup (fallback);
}

gint64
sk_shop_settings_get_int (SkDatabase *database,
                          const char *key,
                          gint64      fallback)
{
  g_autofree char *text = sk_shop_settings_get_string (database, key, NULL);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return fallback;

  return value;
}

gboolean
sk_shop_settings_set_string (SkDatabase  *database,
                             const char  *key,
                             const char  *value,
                             const char  *actor,
                             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *details = NULL;
  gboolean own_transaction;
  gint64 now = sk_time_now_utc ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The setting holds characters that are not valid text."));
      return FALSE;
    }

  if (value != NULL && strlen (value) > SK_SHOP_SETTINGS_MAX_VALUE)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The setting is too long."));
      return FALSE;
    }

  own_transaction = sqlite3_get_autocommit (_sk_database_get_handle (database));
  if (own_transaction && !_sk_database_begin (database, error))
    return FALSE;

  if (value != NULL)
    {
      stmt = _sk_database_prepare (database,
                                   "INSERT INTO shop_settings (key, value, updated_at) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3 "
                                   "WHERE value IS NOT ?2",
                                   error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, now);
    }
  else
    {
      stmt = _sk_database_prepare (database, "DELETE FROM shop_settings WHERE key = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the shop’s settings"));
      goto fail;
    }

  /* Only a real change is worth an audit entry. */
  if (sqlite3_changes (_sk_database_get_handle (database)) > 0)
    {
      /* The value itself goes in too: settings are the shop's policy, and
       * "who changed the return window to 60 days" is what the log is for. */
      details = value != NULL ? g_strdup_printf ("%s=%s", key, value) : g_strdup_printf ("%s unset", key);
      if (!_sk_database_append_audit_at (database, now,
                                         actor != NULL ? actor : sk_database_get_actor (database),
                                         "settings.changed", key, details, error))
        goto fail;
    }

  if (own_transaction && !_sk_database_commit (database, error))
    goto fail;

  return TRUE;

fail:
  if (own_transaction)
    _sk_database_rollback (database);
  return FALSE;
}

gboolean
sk_shop_settings_set_int (SkDatabase  *database,
                          const char  *key,
                          gint64       value,
                          const char  *actor,
                          GError     **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);

  return sk_shop_settings_set_string (database, key, text, actor, error);
}

GStrv
sk_shop_settings_list_keys (SkDatabase  *database,
                            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database, "SELECT key FROM shop_settings ORDER BY key", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the shop’s settings"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}
