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
#include "sk-shop-settings.h"
#include "sk-time.h"

/* Word for word the WHERE of the orders_open index (007-order-desk.sql):
 * SQLite uses a partial index only for a query that repeats its condition. */
#define OPEN_ORDER \
  "status NOT IN ('completed', 'cancelled', 'refunded', 'failed', 'trash', 'draft', 'checkout-draft')"

static const char * const final_statuses[] = {
  "completed", "cancelled", "refunded", "failed", "trash", "draft", "checkout-draft",
};

/* The attention of one row of "orders o LEFT JOIN order_desk d", ?1 being
 * now. Which kinds apply to orders that are not open is decided by the
 * caller (only AWAITING_REPLY does). */
#define ATTENTION_EXPR \
  "((CASE WHEN coalesce (d.confirmed_at, 0) = 0 AND coalesce (d.shipped_at, 0) = 0" \
  "        AND o.date_created >= ?1 - " G_STRINGIFY (SK_DESK_UNCONFIRMED_WINDOW) " THEN 1 ELSE 0 END)" \
  " | (CASE WHEN coalesce (d.shipped_at, 0) = 0 AND d.promised_ship_at < ?1 THEN 2 ELSE 0 END)" \
  " | (CASE WHEN coalesce (d.shipped_at, 0) = 0 AND d.promised_ship_at >= ?1" \
  "        AND d.promised_ship_at < ?1 + " G_STRINGIFY (SK_DESK_AT_RISK_WINDOW) " THEN 4 ELSE 0 END)" \
  " | (CASE WHEN coalesce (d.awaiting_reply_since, 0) > 0 THEN 8 ELSE 0 END))"

typedef struct
{
  gint64 date_created;
  gint64 id;
} OrderKey;

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

static gboolean
step_done (SkDatabase    *database,
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

static gboolean
rule_promise (SkShipRule  *rule,
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
  if (!rule_promise (rule, created, now, &promise, error))
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
  return step_done (database, stmt, _("Could not save the order’s desk state"), error);
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
      if (!rule_promise (rule, desk->order_created, sk_time_now_utc (), &desk->promised_ship_at, error))
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
  if (!step_done (database, stmt, _("Could not save the promised date"), error))
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
  if (!step_done (database, stmt, _("Could not save the order’s desk state"), error))
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
  if (!step_done (database, stmt, _("Could not save the order’s desk state"), error))
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

/* Refresh */

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least @percent % of the values
 * at or below it. @values sorted, @n > 0. */
static gint64
nearest_rank (const gint64 *values,
              guint         n,
              guint         percent)
{
  guint64 rank = ((guint64) percent * n + 99) / 100;

  return values[MAX (rank, 1) - 1];
}

static gboolean
write_lead_time (SkDatabase  *database,
                 gint64       product,
                 GArray      *leads,
                 guint        min_orders,
                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 median = 0;
  gint64 p90 = 0;

  if (leads->len >= min_orders && leads->len > 0)
    {
      qsort (leads->data, leads->len, sizeof (gint64), compare_gint64);
      median = nearest_rank ((gint64 *) (gpointer) leads->data, leads->len, 50);
      p90 = nearest_rank ((gint64 *) (gpointer) leads->data, leads->len, 90);
    }

  stmt = _sk_database_prepare (database,
                               "INSERT INTO order_lead_times (product_remote_id, orders, median_s, p90_s)"
                               " VALUES (?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product);
  sqlite3_bind_int64 (stmt, 2, leads->len);
  sqlite3_bind_int64 (stmt, 3, median);
  sqlite3_bind_int64 (stmt, 4, p90);
  return step_done (database, stmt, _("Could not save the lead times"), error);
}

/* The key of what the lead times depend on: completed orders and the
 * sync cursor of orders. Same key, same figures. */
static char *
lead_times_key (SkDatabase  *database,
                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT (SELECT count(*) FROM orders WHERE date_completed > 0),"
                               " (SELECT coalesce (sum (date_completed), 0) FROM orders WHERE date_completed > 0),"
                               " (SELECT coalesce (max (cursor), 0) FROM sync_state WHERE resource = 1)",
                               error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return NULL;
    }

  return g_strdup_printf ("%lld:%lld:%lld",
                          (long long) sqlite3_column_int64 (stmt, 0),
                          (long long) sqlite3_column_int64 (stmt, 1),
                          (long long) sqlite3_column_int64 (stmt, 2));
}

static void
free_leads (gpointer data)
{
  g_array_unref (data);
}

static gboolean
refresh_lead_times (SkDatabase  *database,
                    gint64       now,
                    GError     **error)
{
  g_autoptr(SkCachedStmt) state = NULL;
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) per_product = NULL;
  g_autoptr(GArray) shop = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autofree char *key = NULL;
  GHashTableIter iter;
  gpointer hkey, hvalue;
  gint64 current_order = 0;
  gint64 current_lead = 0;
  int rc;

  key = lead_times_key (database, error);
  if (key == NULL)
    return FALSE;

  state = _sk_database_prepare (database, "SELECT lead_times_key FROM order_desk_state WHERE id = 1", error);
  if (state == NULL)
    return FALSE;
  rc = sqlite3_step (state);
  if (rc == SQLITE_ROW && g_strcmp0 (_sk_database_column_text (state, 0), key) == 0)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the lead times"));
      return FALSE;
    }
  g_clear_pointer (&state, _sk_cached_stmt_release);

  /* Each completed order once per product, however many lines of it it
   * has: the items of one order come together. */
  stmt = _sk_database_prepare (database,
                               "SELECT o.id, o.date_completed - o.date_created, i.product_remote_id"
                               " FROM orders o LEFT JOIN order_items i ON i.order_id = o.id"
                               " WHERE o.date_completed > 0 AND o.date_created > 0"
                               "   AND o.date_completed >= o.date_created"
                               " ORDER BY o.date_completed, o.id",
                               error);
  if (stmt == NULL)
    return FALSE;

  per_product = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_leads);
  shop = g_array_new (FALSE, FALSE, sizeof (gint64));
  seen = g_array_new (FALSE, FALSE, sizeof (gint64));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 order_id = sqlite3_column_int64 (stmt, 0);
      gint64 lead = sqlite3_column_int64 (stmt, 1);
      gint64 product = sqlite3_column_int64 (stmt, 2);
      GArray *leads;
      gboolean dup = FALSE;

      if (order_id != current_order)
        {
          current_order = order_id;
          current_lead = lead;
          g_array_set_size (seen, 0);
          g_array_append_val (shop, current_lead);
        }

      if (product <= 0)
        continue;

      for (guint k = 0; k < seen->len && !dup; k++)
        dup = g_array_index (seen, gint64, k) == product;
      if (dup)
        continue;
      g_array_append_val (seen, product);

      leads = g_hash_table_lookup (per_product, &product);
      if (leads == NULL)
        {
          gint64 *owned_key = g_new (gint64, 1);

          *owned_key = product;
          leads = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (per_product, owned_key, leads);
        }
      g_array_append_val (leads, lead);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return FALSE;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  if (!_sk_database_exec (database, "DELETE FROM order_lead_times", _("Could not save the lead times"), error))
    return FALSE;

  if (!write_lead_time (database, 0, shop, 1, error))
    return FALSE;

  g_hash_table_iter_init (&iter, per_product);
  while (g_hash_table_iter_next (&iter, &hkey, &hvalue))
    if (!write_lead_time (database, *(gint64 *) hkey, hvalue, SK_DESK_LEAD_TIME_MIN_ORDERS, error))
      return FALSE;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO order_desk_state (id, lead_times_key, lead_times_at) VALUES (1, ?1, ?2)"
                               " ON CONFLICT (id) DO UPDATE SET lead_times_key = ?1, lead_times_at = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  return step_done (database, stmt, _("Could not save the lead times"), error);
}

gboolean
sk_order_desk_refresh (SkDatabase  *database,
                       gint64       now,
                       GError     **error)
{
  g_autoptr(SkCachedStmt) select = NULL;
  g_autoptr(SkCachedStmt) insert = NULL;
  g_autoptr(SkShipRule) rule = NULL;
  g_autoptr(GArray) pending = NULL;
  gint64 started = g_get_monotonic_time ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rule = sk_order_desk_load_rule (database);
  pending = g_array_new (FALSE, FALSE, sizeof (OrderKey));

  if (!_sk_database_begin (database, error))
    return FALSE;

  select = _sk_database_prepare (database,
                                 "SELECT o.id, o.date_created FROM orders o"
                                 " WHERE o." OPEN_ORDER
                                 "   AND NOT EXISTS (SELECT 1 FROM order_desk d WHERE d.order_id = o.id)",
                                 error);
  if (select == NULL)
    goto failed;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      OrderKey key = { sqlite3_column_int64 (select, 1), sqlite3_column_int64 (select, 0) };

      g_array_append_val (pending, key);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the open orders"));
      goto failed;
    }
  g_clear_pointer (&select, _sk_cached_stmt_release);

  if (pending->len > 0)
    {
      insert = _sk_database_prepare (database,
                                     "INSERT INTO order_desk (order_id, promised_ship_at, promise_source, updated_at)"
                                     " VALUES (?, ?, 'rule', ?)",
                                     error);
      if (insert == NULL)
        goto failed;

      for (guint i = 0; i < pending->len; i++)
        {
          const OrderKey *key = &g_array_index (pending, OrderKey, i);
          gint64 promise;

          if (!rule_promise (rule, key->date_created, now, &promise, error))
            goto failed;

          sqlite3_bind_int64 (insert, 1, key->id);
          sqlite3_bind_int64 (insert, 2, promise);
          sqlite3_bind_int64 (insert, 3, now);
          if (!step_done (database, insert, _("Could not save the promised dates"), error))
            goto failed;
          sqlite3_reset (insert);
        }
    }

  if (!refresh_lead_times (database, now, error))
    goto failed;

  if (!_sk_database_commit (database, error))
    goto failed;

  g_debug ("Desk refreshed: %u promises made in %.1f ms", pending->len,
           (g_get_monotonic_time () - started) / 1000.0);
  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

/* Needs attention */

static int
compare_order_keys (const void *a,
                    const void *b)
{
  const OrderKey *x = a;
  const OrderKey *y = b;

  if (x->date_created != y->date_created)
    return x->date_created < y->date_created ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Walks the open orders (and the orders of customers waiting for an
 * answer), collecting the ids matching @mask into @keys (when not NULL)
 * and counting each kind into @counts (when not NULL). */
static gboolean
scan_attention (SkDatabase  *database,
                gint64       now,
                guint        mask,
                GArray      *keys,
                guint       *counts,
                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gboolean sorted = TRUE;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT o.id, o.date_created, " ATTENTION_EXPR
                               " FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               " WHERE o." OPEN_ORDER
                               " ORDER BY o.date_created, o.id",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint flags = (guint) sqlite3_column_int (stmt, 2);

      if (counts != NULL)
        for (guint k = 0; k < SK_ATTENTION_N_KINDS; k++)
          counts[k] += (flags >> k) & 1;

      if (keys != NULL && (flags & mask) != 0)
        {
          OrderKey key = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0) };

          g_array_append_val (keys, key);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not find the orders that need attention"));
      return FALSE;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  /* A customer may wait for an answer about an order long shipped. */
  if ((keys != NULL && (mask & SK_ATTENTION_AWAITING_REPLY) != 0) || counts != NULL)
    {
      stmt = _sk_database_prepare (database,
                                   "SELECT o.id, o.date_created FROM order_desk d JOIN orders o ON o.id = d.order_id"
                                   " WHERE d.awaiting_reply_since > 0 AND NOT (o." OPEN_ORDER ")",
                                   error);
      if (stmt == NULL)
        return FALSE;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          OrderKey key = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0) };

          if (counts != NULL)
            counts[3]++;
          if (keys != NULL && (mask & SK_ATTENTION_AWAITING_REPLY) != 0)
            {
              g_array_append_val (keys, key);
              sorted = FALSE;
            }
        }
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not find the orders that need attention"));
          return FALSE;
        }
    }

  if (keys != NULL && !sorted)
    qsort (keys->data, keys->len, sizeof (OrderKey), compare_order_keys);

  return TRUE;
}

GArray *
sk_order_desk_query_attention_ids (SkDatabase  *database,
                                   gint64       now,
                                   SkAttention  mask,
                                   GError     **error)
{
  g_autoptr(GArray) keys = NULL;
  GArray *ids;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_array_new (FALSE, FALSE, sizeof (OrderKey));
  if ((mask & SK_ATTENTION_ALL) != 0 &&
      !scan_attention (database, now, mask & SK_ATTENTION_ALL, keys, NULL, error))
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys->len);
  for (guint i = 0; i < keys->len; i++)
    g_array_append_val (ids, g_array_index (keys, OrderKey, i).id);

  return ids;
}

gboolean
sk_order_desk_count_attention (SkDatabase  *database,
                               gint64       now,
                               guint        counts[SK_ATTENTION_N_KINDS],
                               GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (counts, 0, sizeof (guint) * SK_ATTENTION_N_KINDS);
  return scan_attention (database, now, 0, NULL, counts, error);
}

SkAttention
sk_order_desk_get_attention (SkDatabase *database,
                             gint64      order_id,
                             gint64      now)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint flags;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), SK_ATTENTION_NONE);

  stmt = _sk_database_prepare (database,
                               "SELECT " ATTENTION_EXPR ", o.status"
                               " FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               " WHERE o.id = ?2",
                               &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the attention of an order: %s", error->message);
      return SK_ATTENTION_NONE;
    }

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, order_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, &error, rc, _("Could not read the order"));
          g_warning ("Cannot read the attention of an order: %s", error->message);
        }
      return SK_ATTENTION_NONE;
    }

  flags = (guint) sqlite3_column_int (stmt, 0);
  if (!sk_order_desk_status_is_open (_sk_database_column_text (stmt, 1)))
    flags &= SK_ATTENTION_AWAITING_REPLY;

  return (SkAttention) flags;
}

/* Follow-ups and lead times */

GArray *
sk_order_desk_list_follow_ups_due (SkDatabase  *database,
                                   gint64       now,
                                   guint        days,
                                   GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 newest;
  gint64 oldest;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (days > SK_DESK_MAX_FOLLOW_UP_DAYS)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("Follow-ups can be sent at most %d days after shipping."), SK_DESK_MAX_FOLLOW_UP_DAYS);
      return NULL;
    }

  newest = now - (gint64) days * 86400;
  oldest = now - SK_DESK_FOLLOW_UP_WINDOW;

  /* Shipped here: when it was marked shipped. Otherwise completed in the
   * store: when the store says. Orders refunded or cancelled since get no
   * "how did it go?". */
  stmt = _sk_database_prepare (database,
                               "SELECT id FROM ("
                               " SELECT o.id AS id, o.date_completed AS at"
                               "  FROM orders o LEFT JOIN order_desk d ON d.order_id = o.id"
                               "  WHERE o.date_completed > 0 AND o.date_completed BETWEEN ?1 AND ?2"
                               "    AND o.status = 'completed'"
                               "    AND coalesce (d.shipped_at, 0) = 0 AND coalesce (d.follow_up_sent_at, 0) = 0"
                               " UNION ALL"
                               " SELECT o.id, d.shipped_at"
                               "  FROM order_desk d JOIN orders o ON o.id = d.order_id"
                               "  WHERE d.shipped_at > 0 AND d.shipped_at BETWEEN ?1 AND ?2"
                               "    AND d.follow_up_sent_at = 0"
                               "    AND o.status NOT IN ('cancelled', 'refunded', 'failed', 'trash', 'draft', 'checkout-draft')"
                               ") ORDER BY at, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, oldest);
  sqlite3_bind_int64 (stmt, 2, newest);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not find the follow-ups due"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gboolean
sk_order_desk_lead_time (SkDatabase  *database,
                         gint64       product_remote_id,
                         gint64      *median_s,
                         gint64      *p90_s,
                         gint64      *n_orders,
                         GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (median_s != NULL)
    *median_s = 0;
  if (p90_s != NULL)
    *p90_s = 0;
  if (n_orders != NULL)
    *n_orders = 0;

  stmt = _sk_database_prepare (database,
                               "SELECT orders, median_s, p90_s FROM order_lead_times WHERE product_remote_id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, MAX (product_remote_id, 0));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (n_orders != NULL)
        *n_orders = sqlite3_column_int64 (stmt, 0);
      if (median_s != NULL)
        *median_s = sqlite3_column_int64 (stmt, 1);
      if (p90_s != NULL)
        *p90_s = sqlite3_column_int64 (stmt, 2);
      return TRUE;
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the lead times"));
      return FALSE;
    }

  return TRUE;
}
