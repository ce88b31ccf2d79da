/* sk-order-desk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-desk"

#include "config.h"

#include "sk-order-desk.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-order-desk-private.h"
#include "sk-shop-settings.h"
#include "sk-time.h"

static const char * const final_statuses[] = {
  "completed", "cancelled", "refunded", "failed", "trash", "draft", "checkout-draft", "auto-draft", "new",
};

/* Helpers */

void
sk_order_desk_free (SkOrderDesk *desk)
{
  if (desk == NULL)
    return;

  g_free (desk->order_status);
  g_free (desk->promise_reason);
  g_free (desk->carrier);
  g_free (desk->tracking_number);
  g_free (desk->tracking_url);
  g_free (desk->delayed_reason);
  g_free (desk);
}

gboolean
sk_order_desk_status_is_open (const char *status)
{
  if (status == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (final_statuses); i++)
    if (strcmp (status, final_statuses[i]) == 0)
      return FALSE;

  return TRUE;
}

static const char *
source_to_string (SkPromiseSource source)
{
  return source == SK_PROMISE_SOURCE_MANUAL ? "manual" : "rule";
}

/* A text a person typed: valid UTF-8, not too long; when @required, not
 * blank. @what names the field for the message. */
static gboolean
check_text (const char  *text,
            gboolean     required,
            const char  *what,
            GError     **error)
{
  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   /* Translators: %s names a field, e.g. "The reason" */
                   _("%s holds characters that are not valid text."), what);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > SK_DESK_MAX_TEXT)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   /* Translators: the first %s names a field, e.g. "The reason"; %d is a number of characters */
                   _("%s is longer than %d characters."), what, SK_DESK_MAX_TEXT);
      return FALSE;
    }

  if (required)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped == '\0')
        {
          g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                       /* Translators: %s names a field, e.g. "The reason" */
                       _("%s is required."), what);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
strip_copy (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static char *
format_day (SkShipRule *rule,
            gint64      instant)
{
  GDate date;

  if (instant <= 0)
    return g_strdup ("none");

  sk_ship_date_local_date (sk_ship_rule_get_time_zone (rule), instant, &date);
  return sk_ship_date_format_iso (&date);
}

gboolean
_sk_order_desk_step_done (SkDatabase    *database,
                          sqlite3_stmt  *stmt,
                          const char    *what,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Reads the order's creation time and whether it has a desk row. */
static gboolean
read_order (SkDatabase  *database,
            gint64       order_id,
            gint64      *out_created,
            gboolean    *out_has_row,
            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT o.date_created, d.order_id IS NOT NULL"
                               " FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               " WHERE o.id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_created = sqlite3_column_int64 (stmt, 0);
      *out_has_row = sqlite3_column_int (stmt, 1) != 0;
      return TRUE;
    }

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                         _("The order is no longer in the local copy."));
  else
    _sk_database_set_error (database, error, rc, _("Could not read the order"));

  return FALSE;
}

gboolean
_sk_order_desk_rule_promise (SkShipRule  *rule,
                             gint64       created,
                             gint64       now,
                             gint64      *out_promise,
                             GError     **error)
{
  SkShipDate date;

  /* An order without a date (a store that sent none) counts from now. */
  if (!sk_ship_date_compute (rule, created > 0 ? created : now, &date, error))
    return FALSE;

  *out_promise = date.end_utc;
  return TRUE;
}

/* Makes sure order @order_id has a row (with the rule's promise). Inside a
 * transaction. */
static gboolean
ensure_row (SkDatabase  *database,
            gint64       order_id,
            gint64      *out_created,
            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkShipRule) rule = NULL;
  gboolean has_row;
  gint64 created;
  gint64 promise;
  gint64 now = sk_time_now_utc ();

  if (!read_order (database, order_id, &created, &has_row, error))
    return FALSE;

  if (out_created != NULL)
    *out_created = created;

  if (has_row)
    return TRUE;

  rule = sk_order_desk_load_rule (database);
  if (!_sk_order_desk_rule_promise (rule, created, now, &promise, error))
    return FALSE;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO order_desk (order_id, promised_ship_at, promise_source, updated_at)"
                               " VALUES (?, ?, 'rule', ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, promise);
  sqlite3_bind_int64 (stmt, 3, now);
  return _sk_order_desk_step_done (database, stmt, _("Could not save the order’s desk state"), error);
}

static gboolean
begin_if_needed (SkDatabase  *database,
                 gboolean    *own,
                 GError     **error)
{
  *own = sqlite3_get_autocommit (_sk_database_get_handle (database)) != 0;
  return !*own || _sk_database_begin (database, error);
}

static gboolean
commit_if_own (SkDatabase  *database,
               gboolean     own,
               GError     **error)
{
  return !own || _sk_database_commit (database, error);
}

static void
rollback_if_own (SkDatabase *database,
                 gboolean    own)
{
  if (own)
    _sk_database_rollback (database);
}

static gboolean
audit (SkDatabase  *database,
       const char  *action,
       gint64       order_id,
       const char  *details,
       GError     **error)
{
  g_autofree char *subject = g_strdup_printf ("order:%" G_GINT64_FORMAT, order_id);

  return _sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database),
                                       action, subject, details, error);
}

/* Public API: settings */

SkShipRule *
sk_order_desk_load_rule (SkDatabase *database)
{
  g_autoptr(SkShipRule) rule = sk_ship_rule_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *holidays = NULL;
  gint64 value;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  /* A value out of range (edited by hand, or by a newer version) falls
   * back to its default: a damaged setting must not stop the desk. */
  value = sk_shop_settings_get_int (database, SK_SETTING_HANDLING_DAYS, SK_SHIP_DEFAULT_HANDLING_DAYS);
  if (value >= 0 && value <= SK_SHIP_MAX_HANDLING_DAYS)
    rule->handling_days = (int) value;
  else
    g_message ("Ignoring %s=%" G_GINT64_FORMAT ": out of range", SK_SETTING_HANDLING_DAYS, value);

  value = sk_shop_settings_get_int (database, SK_SETTING_CUTOFF_MINUTES, SK_SHIP_DEFAULT_CUTOFF_MINUTES);
  if (value >= 0 && value <= SK_SHIP_MAX_CUTOFF_MINUTES)
    rule->cutoff_minutes = (int) value;
  else
    g_message ("Ignoring %s=%" G_GINT64_FORMAT ": out of range", SK_SETTING_CUTOFF_MINUTES, value);

  value = sk_shop_settings_get_int (database, SK_SETTING_WORKING_DAYS, SK_SHIP_DEFAULT_WORKING_DAYS);
  if (value > 0 && value <= SK_WEEKDAYS_ALL)
    rule->working_days = (guint) value;
  else
    g_message ("Ignoring %s=%" G_GINT64_FORMAT ": no working day", SK_SETTING_WORKING_DAYS, value);

  holidays = sk_shop_settings_get_string (database, SK_SETTING_HOLIDAYS, "");
  if (!sk_ship_rule_set_holidays_text (rule, holidays, &error))
    g_message ("Ignoring %s: %s", SK_SETTING_HOLIDAYS, error->message);

  return g_steal_pointer (&rule);
}

gboolean
sk_order_desk_save_rule (SkDatabase  *database,
                         SkShipRule  *rule,
                         GError     **error)
{
  g_autofree char *holidays = NULL;
  gboolean own;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sk_ship_rule_validate (rule, error))
    return FALSE;

  holidays = sk_ship_rule_get_holidays_text (rule);

  if (!begin_if_needed (database, &own, error))
    return FALSE;

  if (!sk_shop_settings_set_int (database, SK_SETTING_HANDLING_DAYS, rule->handling_days, NULL, error) ||
      !sk_shop_settings_set_int (database, SK_SETTING_CUTOFF_MINUTES, rule->cutoff_minutes, NULL, error) ||
      !sk_shop_settings_set_int (database, SK_SETTING_WORKING_DAYS, rule->working_days, NULL, error) ||
      !sk_shop_settings_set_string (database, SK_SETTING_HOLIDAYS, holidays, NULL, error) ||
      !commit_if_own (database, own, error))
    {
      rollback_if_own (database, own);
      return FALSE;
    }

  return TRUE;
}

/* Public API: one order */

SkOrderDesk *
sk_order_desk_load (SkDatabase  *database,
                    gint64       order_id,
                    GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT o.date_created, o.status, d.order_id IS NOT NULL,"
                               " d.promised_ship_at, d.promise_source, d.promise_reason, d.confirmed_at,"
                               " d.awaiting_reply_since, d.shipped_at, d.carrier, d.tracking_number,"
                               " d.tracking_url, d.delayed_reason, d.follow_up_sent_at, d.updated_at"
                               " FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               " WHERE o.id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                             _("The order is no longer in the local copy."));
      else
        _sk_database_set_error (database, error, rc, _("Could not read the order"));
      return NULL;
    }

  desk = g_new0 (SkOrderDesk, 1);
  desk->order_id = order_id;
  desk->order_created = sqlite3_column_int64 (stmt, 0);
  desk->order_status = g_strdup (_sk_database_column_text (stmt, 1));
  desk->stored = sqlite3_column_int (stmt, 2) != 0;
  desk->promised_ship_at = sqlite3_column_int64 (stmt, 3);
  desk->promise_source = g_strcmp0 (_sk_database_column_text (stmt, 4), "manual") == 0
                         ? SK_PROMISE_SOURCE_MANUAL : SK_PROMISE_SOURCE_RULE;
  desk->promise_reason = g_strdup (_sk_database_column_text (stmt, 5));
  desk->confirmed_at = sqlite3_column_int64 (stmt, 6);
  desk->awaiting_reply_since = sqlite3_column_int64 (stmt, 7);
  desk->shipped_at = sqlite3_column_int64 (stmt, 8);
  desk->carrier = g_strdup (_sk_database_column_text (stmt, 9));
  desk->tracking_number = g_strdup (_sk_database_column_text (stmt, 10));
  desk->tracking_url = g_strdup (_sk_database_column_text (stmt, 11));
  desk->delayed_reason = g_strdup (_sk_database_column_text (stmt, 12));
  desk->follow_up_sent_at = sqlite3_column_int64 (stmt, 13);
  desk->updated_at = sqlite3_column_int64 (stmt, 14);

  /* Release the read before computing anything else. */
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  if (!desk->stored)
    {
      g_autoptr(SkShipRule) rule = sk_order_desk_load_rule (database);

      desk->promise_source = SK_PROMISE_SOURCE_RULE;
      if (!_sk_order_desk_rule_promise (rule, desk->order_created, sk_time_now_utc (), &desk->promised_ship_at, error))
        return NULL;
    }

  return g_steal_pointer (&desk);
}

/* Sets the promise of a row that exists (inside a transaction), and writes
 * the audit entry @action with the old and the new day. */
static gboolean
change_promise (SkDatabase  *database,
                gint64       order_id,
                gint64       created,
                gint64       promised_at,
                const char  *reason,
                gboolean     delayed,
                GError     **error)
{
  g_autoptr(SkCachedStmt) read = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkShipRule) rule = sk_order_desk_load_rule (database);
  g_autofree char *stripped = strip_copy (reason);
  g_autofree char *old_day = NULL;
  g_autofree char *new_day = NULL;
  g_autofree char *details = NULL;
  g_autofree char *escaped = NULL;
  GTimeZone *zone = sk_ship_rule_get_time_zone (rule);
  GDate day;
  GDate created_day;
  gint64 end;
  gint64 old_promise = 0;
  int rc;

  sk_ship_date_local_date (zone, promised_at, &day);
  end = sk_ship_date_end_of_day (zone, &day);
  if (created > 0)
    {
      sk_ship_date_local_date (zone, created, &created_day);
      if (g_date_compare (&day, &created_day) < 0)
        {
          g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                               _("The promised date is before the order was placed."));
          return FALSE;
        }
    }

  read = _sk_database_prepare (database, "SELECT promised_ship_at FROM order_desk WHERE order_id = ?", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, order_id);
  rc = sqlite3_step (read);
  if (rc == SQLITE_ROW)
    old_promise = sqlite3_column_int64 (read, 0);
  else if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order"));
      return FALSE;
    }
  g_clear_pointer (&read, _sk_cached_stmt_release);

  if (delayed)
    stmt = _sk_database_prepare (database,
                                 "UPDATE order_desk SET promised_ship_at = ?2, promise_source = 'manual',"
                                 " promise_reason = ?3, delayed_reason = ?3, updated_at = ?4"
                                 " WHERE order_id = ?1",
                                 error);
  else
    stmt = _sk_database_prepare (database,
                                 "UPDATE order_desk SET promised_ship_at = ?2, promise_source = 'manual',"
                                 " promise_reason = ?3, updated_at = ?4"
                                 " WHERE order_id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, end);
  _sk_database_bind_text (stmt, 3, stripped);
  sqlite3_bind_int64 (stmt, 4, sk_time_now_utc ());
  if (!_sk_order_desk_step_done (database, stmt, _("Could not save the promised date"), error))
    return FALSE;

  old_day = format_day (rule, old_promise);
  new_day = format_day (rule, end);
  escaped = g_strescape (stripped, NULL);
  details = g_strdup_printf ("from=%s to=%s source=%s reason=\"%s\"", old_day, new_day,
                             source_to_string (SK_PROMISE_SOURCE_MANUAL), escaped);

  return audit (database, delayed ? "desk.delayed" : "desk.promise-set", order_id, details, error);
}

gboolean
sk_order_desk_set_promise (SkDatabase  *database,
                           gint64       order_id,
                           gint64       promised_ship_at,
                           const char  *reason,
                           GError     **error)
{
  gboolean own;
  gint64 created;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (reason, TRUE, _("The reason"), error))
    return FALSE;

  if (promised_ship_at <= 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("Choose the promised date."));
      return FALSE;
    }

  if (!begin_if_needed (database, &own, error))
    return FALSE;

  if (!ensure_row (database, order_id, &created, error) ||
      !change_promise (database, order_id, created, promised_ship_at, reason, FALSE, error) ||
      !commit_if_own (database, own, error))
    {
      rollback_if_own (database, own);
      return FALSE;
    }

  return TRUE;
}

gboolean
sk_order_desk_mark_delayed (SkDatabase  *database,
                            gint64       order_id,
                            const char  *reason,
                            gint64       new_promised_at,
                            GError     **error)
{
  gboolean own;
  gint64 created;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (reason, TRUE, _("The reason"), error))
    return FALSE;

  if (new_promised_at <= 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("Choose the new date."));
      return FALSE;
    }

  if (!begin_if_needed (database, &own, error))
    return FALSE;

  if (!ensure_row (database, order_id, &created, error) ||
      !change_promise (database, order_id, created, new_promised_at, reason, TRUE, error) ||
      !commit_if_own (database, own, error))
    {
      rollback_if_own (database, own);
      return FALSE;
    }

  return TRUE;
}

/* Sets one time column (and nothing else) with an audit entry. @column
 * is one of ours, never from outside. */
static gboolean
set_time_column (SkDatabase  *database,
                 gint64       order_id,
                 const char  *sql,
                 gint64       value,
                 const char  *action,
                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *details = NULL;
  gboolean own;

  if (value < 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The time is not valid."));
      return FALSE;
    }

  if (!begin_if_needed (database, &own, error))
    return FALSE;

  if (!ensure_row (database, order_id, NULL, error))
    goto failed;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, value);
  sqlite3_bind_int64 (stmt, 3, sk_time_now_utc ());
  if (!_sk_order_desk_step_done (database, stmt, _("Could not save the order’s desk state"), error))
    goto failed;

  details = g_strdup_printf ("at=%" G_GINT64_FORMAT, value);
  if (!audit (database, action, order_id, details, error) ||
      !commit_if_own (database, own, error))
    goto failed;

  return TRUE;

failed:
  rollback_if_own (database, own);
  return FALSE;
}

gboolean
sk_order_desk_mark_confirmed (SkDatabase  *database,
                              gint64       order_id,
                              gint64       at,
                              GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_time_column (database, order_id,
                          "UPDATE order_desk SET confirmed_at = ?2, updated_at = ?3 WHERE order_id = ?1",
                          at, "desk.confirmed", error);
}

gboolean
sk_order_desk_set_awaiting_reply (SkDatabase  *database,
                                  gint64       order_id,
                                  gint64       since,
                                  GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_time_column (database, order_id,
                          "UPDATE order_desk SET awaiting_reply_since = ?2, updated_at = ?3 WHERE order_id = ?1",
                          since, since > 0 ? "desk.awaiting-reply" : "desk.replied", error);
}

gboolean
sk_order_desk_mark_followed_up (SkDatabase  *database,
                                gint64       order_id,
                                gint64       at,
                                GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_time_column (database, order_id,
                          "UPDATE order_desk SET follow_up_sent_at = ?2, updated_at = ?3 WHERE order_id = ?1",
                          at, "desk.followed-up", error);
}

gboolean
sk_order_desk_mark_shipped (SkDatabase  *database,
                            gint64       order_id,
                            gint64       at,
                            const char  *carrier,
                            const char  *tracking_number,
                            const char  *tracking_url,
                            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *c = strip_copy (carrier);
  g_autofree char *n = strip_copy (tracking_number);
  g_autofree char *u = strip_copy (tracking_url);
  g_autofree char *details = NULL;
  g_autofree char *ec = NULL;
  g_autofree char *en = NULL;
  g_autofree char *eu = NULL;
  gboolean own;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (c, FALSE, _("The carrier"), error) ||
      !check_text (n, FALSE, _("The tracking number"), error) ||
      !check_text (u, FALSE, _("The tracking address"), error))
    return FALSE;

  if (*u != '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (u, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

      if (uri == NULL ||
          (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
          g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        {
          g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                               _("The tracking address must be a web address starting with https:// or http://."));
          return FALSE;
        }
    }

  if (at <= 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The time is not valid."));
      return FALSE;
    }

  if (!begin_if_needed (database, &own, error))
    return FALSE;

  if (!ensure_row (database, order_id, NULL, error))
    goto failed;

  stmt = _sk_database_prepare (database,
                               "UPDATE order_desk SET shipped_at = ?2, carrier = ?3, tracking_number = ?4,"
                               " tracking_url = ?5, updated_at = ?6 WHERE order_id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, at);
  _sk_database_bind_text (stmt, 3, c);
  _sk_database_bind_text (stmt, 4, n);
  _sk_database_bind_text (stmt, 5, u);
  sqlite3_bind_int64 (stmt, 6, sk_time_now_utc ());
  if (!_sk_order_desk_step_done (database, stmt, _("Could not save the order’s desk state"), error))
    goto failed;

  ec = g_strescape (c, NULL);
  en = g_strescape (n, NULL);
  eu = g_strescape (u, NULL);
  details = g_strdup_printf ("at=%" G_GINT64_FORMAT " carrier=\"%s\" tracking=\"%s\" url=\"%s\"",
                             at, ec, en, eu);
  if (!audit (database, "desk.shipped", order_id, details, error) ||
      !commit_if_own (database, own, error))
    goto failed;

  return TRUE;

failed:
  rollback_if_own (database, own);
  return FALSE;
}
