/* sk-ship-date.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-ship-date"

#include "config.h"

#include "sk-ship-date.h"

#include <glib/gi18n.h>
#include <string.h>

/* 0001-01-01 to 9999-12-31 UTC, what GDateTime can express; a margin of a
 * few years is kept at the top so a promise a year ahead still fits. */
#define MIN_UNIX G_GINT64_CONSTANT (-62135596800)
#define MAX_UNIX G_GINT64_CONSTANT (253370764800)  /* 9998-12-31 */

G_DEFINE_QUARK (sk-ship-date-error-quark, sk_ship_date_error)

/* Index of @julian in the sorted holidays, or where it would go. */
static guint
find_holiday (GArray  *holidays,
              guint32  julian,
              gboolean *found)
{
  guint lo = 0;
  guint hi = holidays->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 value = g_array_index (holidays, guint32, mid);

      if (value == julian)
        {
          *found = TRUE;
          return mid;
        }
      if (value < julian)
        lo = mid + 1;
      else
        hi = mid;
    }

  *found = FALSE;
  return lo;
}

static guint
weekday_flag (const GDate *date)
{
  /* G_DATE_MONDAY is 1 ... G_DATE_SUNDAY 7, as SkWeekdayFlags' bits. */
  return 1u << (g_date_get_weekday (date) - 1);
}

SkShipRule *
sk_ship_rule_new (void)
{
  SkShipRule *rule = g_new0 (SkShipRule, 1);

  rule->handling_days = SK_SHIP_DEFAULT_HANDLING_DAYS;
  rule->cutoff_minutes = SK_SHIP_DEFAULT_CUTOFF_MINUTES;
  rule->working_days = SK_SHIP_DEFAULT_WORKING_DAYS;
  rule->holidays = g_array_new (FALSE, FALSE, sizeof (guint32));

  return rule;
}

SkShipRule *
sk_ship_rule_copy (const SkShipRule *rule)
{
  SkShipRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = g_new0 (SkShipRule, 1);
  copy->time_zone = rule->time_zone != NULL ? g_time_zone_ref (rule->time_zone) : NULL;
  copy->handling_days = rule->handling_days;
  copy->cutoff_minutes = rule->cutoff_minutes;
  copy->working_days = rule->working_days;
  copy->holidays = g_array_copy (rule->holidays);

  return copy;
}

void
sk_ship_rule_free (SkShipRule *rule)
{
  if (rule == NULL)
    return;

  g_clear_pointer (&rule->time_zone, g_time_zone_unref);
  g_clear_pointer (&rule->holidays, g_array_unref);
  g_free (rule);
}

void
sk_ship_rule_set_time_zone (SkShipRule *rule,
                            GTimeZone  *time_zone)
{
  g_return_if_fail (rule != NULL);

  if (time_zone != NULL)
    g_time_zone_ref (time_zone);
  g_clear_pointer (&rule->time_zone, g_time_zone_unref);
  rule->time_zone = time_zone;
}

GTimeZone *
sk_ship_rule_get_time_zone (SkShipRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  if (rule->time_zone == NULL)
    rule->time_zone = g_time_zone_new_local ();

  return rule->time_zone;
}

gboolean
sk_ship_rule_add_holiday (SkShipRule   *rule,
                          const GDate  *date,
                          GError      **error)
{
  gboolean found;
  guint32 julian;
  guint index;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_date_valid (date))
    {
      g_set_error_literal (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                           _("The holiday is not a valid date."));
      return FALSE;
    }

  julian = g_date_get_julian (date);
  index = find_holiday (rule->holidays, julian, &found);
  if (found)
    return TRUE;

  if (rule->holidays->len >= SK_SHIP_MAX_HOLIDAYS)
    {
      g_set_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                   _("No more than %d holidays can be kept."), SK_SHIP_MAX_HOLIDAYS);
      return FALSE;
    }

  g_array_insert_val (rule->holidays, index, julian);
  return TRUE;
}

gboolean
sk_ship_rule_remove_holiday (SkShipRule  *rule,
                             const GDate *date)
{
  gboolean found;
  guint index;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (!g_date_valid (date))
    return FALSE;

  index = find_holiday (rule->holidays, g_date_get_julian (date), &found);
  if (found)
    g_array_remove_index (rule->holidays, index);

  return found;
}

gboolean
sk_ship_rule_is_holiday (const SkShipRule *rule,
                         const GDate      *date)
{
  gboolean found;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  find_holiday (rule->holidays, g_date_get_julian (date), &found);
  return found;
}

gboolean
sk_ship_rule_is_working_day (const SkShipRule *rule,
                             const GDate      *date)
{
  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return (rule->working_days & weekday_flag (date)) != 0 && !sk_ship_rule_is_holiday (rule, date);
}

gboolean
sk_ship_date_parse_iso (const char  *text,
                        GDate       *out_date,
                        GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (out_date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || strlen (text) != 10 ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[3]) || text[4] != '-' ||
      !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[6]) || text[7] != '-' ||
      !g_ascii_isdigit (text[8]) || !g_ascii_isdigit (text[9]))
    goto invalid;

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  day = (text[8] - '0') * 10 + (text[9] - '0');

  if (year < 1 || !g_date_valid_dmy (day, month, year))
    goto invalid;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, day, month, year);
  return TRUE;

invalid:
  {
    g_autofree char *shown = text != NULL ? g_utf8_make_valid (text, MIN (strlen (text), 40)) : g_strdup ("");

    g_set_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                 /* Translators: %s is what was typed; YYYY-MM-DD shows the
                  * expected form, translate it as your users write it
                  * in ISO form (e.g. JJJJ-MM-TT). */
                 _("“%s” is not a valid date of the form YYYY-MM-DD."), shown);
    return FALSE;
  }
}

char *
sk_ship_date_format_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

gboolean
sk_ship_rule_set_holidays_text (SkShipRule  *rule,
                                const char  *text,
                                GError     **error)
{
  g_autoptr(GArray) holidays = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  holidays = g_array_new (FALSE, FALSE, sizeof (guint32));
  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped != '\0')
    {
      parts = g_strsplit (stripped, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          GDate date;
          gboolean found;
          guint32 julian;
          guint index;

          if (!sk_ship_date_parse_iso (g_strstrip (parts[i]), &date, error))
            return FALSE;

          julian = g_date_get_julian (&date);
          index = find_holiday (holidays, julian, &found);
          if (found)
            continue;

          if (holidays->len >= SK_SHIP_MAX_HOLIDAYS)
            {
              g_set_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                           _("No more than %d holidays can be kept."), SK_SHIP_MAX_HOLIDAYS);
              return FALSE;
            }
          g_array_insert_val (holidays, index, julian);
        }
    }

  g_clear_pointer (&rule->holidays, g_array_unref);
  rule->holidays = g_steal_pointer (&holidays);
  return TRUE;
}

char *
sk_ship_rule_get_holidays_text (const SkShipRule *rule)
{
  GString *text;

  g_return_val_if_fail (rule != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < rule->holidays->len; i++)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, g_array_index (rule->holidays, guint32, i));
      g_string_append_printf (text, "%s%04u-%02u-%02u", i > 0 ? "," : "",
                              (guint) g_date_get_year (&date),
                              (guint) g_date_get_month (&date),
                              (guint) g_date_get_day (&date));
    }

  return g_string_free (text, FALSE);
}

gboolean
sk_ship_rule_validate (const SkShipRule  *rule,
                       GError           **error)
{
  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rule->handling_days < 0 || rule->handling_days > SK_SHIP_MAX_HANDLING_DAYS)
    {
      g_set_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                   _("Handling days must be between 0 and %d."), SK_SHIP_MAX_HANDLING_DAYS);
      return FALSE;
    }

  if (rule->cutoff_minutes < 0 || rule->cutoff_minutes > SK_SHIP_MAX_CUTOFF_MINUTES)
    {
      g_set_error_literal (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                           _("The daily cut-off must be a time between 00:00 and 24:00."));
      return FALSE;
    }

  if ((rule->working_days & SK_WEEKDAYS_ALL) == 0 || (rule->working_days & ~SK_WEEKDAYS_ALL) != 0)
    {
      g_set_error_literal (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                           _("Choose at least one working day."));
      return FALSE;
    }

  if (rule->holidays == NULL || rule->holidays->len > SK_SHIP_MAX_HOLIDAYS)
    {
      g_set_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                   _("No more than %d holidays can be kept."), SK_SHIP_MAX_HOLIDAYS);
      return FALSE;
    }

  return TRUE;
}

void
sk_ship_date_local_date (GTimeZone *time_zone,
                         gint64     unix_utc,
                         GDate     *out_date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  int year, month, day;

  g_return_if_fail (time_zone != NULL);
  g_return_if_fail (out_date != NULL);

  g_date_clear (out_date, 1);
  utc = g_date_time_new_from_unix_utc (CLAMP (unix_utc, MIN_UNIX, MAX_UNIX));
  local = g_date_time_to_timezone (utc, time_zone);
  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_set_dmy (out_date, day, month, year);
}

gint64
sk_ship_date_end_of_day (GTimeZone   *time_zone,
                         const GDate *date)
{
  g_autoptr(GDateTime) next_midnight = NULL;
  GDate next;

  g_return_val_if_fail (time_zone != NULL, 0);
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  next = *date;
  g_date_add_days (&next, 1);

  /* g_date_time_new () moves a local time that does not exist (a zone
   * that springs forward at midnight) to the first one that does, which
   * is exactly when the next day begins. */
  next_midnight = g_date_time_new (time_zone,
                                   g_date_get_year (&next),
                                   g_date_get_month (&next),
                                   g_date_get_day (&next),
                                   0, 0, 0);
  if (next_midnight == NULL)
    return 0;

  return g_date_time_to_unix (next_midnight) - 1;
}

/* Moves @date forward to the next working day (not @date itself); FALSE
 * when none is found within @budget days. */
static gboolean
advance_to_working_day (const SkShipRule *rule,
                        GDate            *date,
                        guint            *budget)
{
  do
    {
      if (*budget == 0)
        return FALSE;
      (*budget)--;
      g_date_add_days (date, 1);
    }
  while (!sk_ship_rule_is_working_day (rule, date));

  return TRUE;
}

gboolean
sk_ship_date_compute (SkShipRule  *rule,
                      gint64       created_utc,
                      SkShipDate  *out_date,
                      GError     **error)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GTimeZone *zone;
  GDate day;
  int year, month, mday;
  int seconds_of_day;
  guint budget;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sk_ship_rule_validate (rule, error))
    return FALSE;

  if (created_utc < MIN_UNIX || created_utc > MAX_UNIX)
    {
      g_set_error_literal (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                           _("The order’s date is out of range."));
      return FALSE;
    }

  zone = sk_ship_rule_get_time_zone (rule);
  utc = g_date_time_new_from_unix_utc (created_utc);
  local = g_date_time_to_timezone (utc, zone);
  g_date_time_get_ymd (local, &year, &month, &mday);
  seconds_of_day = g_date_time_get_hour (local) * 3600 +
                   g_date_time_get_minute (local) * 60 +
                   g_date_time_get_second (local);

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, mday, month, year);

  /* Finding k working days takes at most 7 calendar days each while the
   * mask has one day or more, plus one more week for every holiday that
   * takes a working day away: past that, something is wrong, and an error
   * beats an endless loop. */
  budget = 7 * ((guint) rule->handling_days + rule->holidays->len + 2);

  /* The cut-off minute itself still counts as "by the cut-off". */
  if (!sk_ship_rule_is_working_day (rule, &day) || seconds_of_day >= rule->cutoff_minutes * 60 + 60)
    {
      if (!advance_to_working_day (rule, &day, &budget))
        goto no_day;
    }

  for (int i = 0; i < rule->handling_days; i++)
    {
      if (!advance_to_working_day (rule, &day, &budget))
        goto no_day;
    }

  if (g_date_get_year (&day) > 9998)
    {
      g_set_error_literal (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                           _("The order’s date is out of range."));
      return FALSE;
    }

  out_date->date = day;
  out_date->end_utc = sk_ship_date_end_of_day (zone, &day);
  return TRUE;

no_day:
  g_set_error_literal (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID,
                       _("The holidays leave no working day to ship on."));
  return FALSE;
}
