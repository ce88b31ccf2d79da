/* sk-time.c — Unix seconds UTC in storage, local time for display only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-time"

#include "config.h"

#include "sk-time.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <string.h>

/* How much of an offending text an error message quotes. */
#define QUOTE_MAX_CHARS 40

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range GDateTime and
 * the API's four-digit years can express. */
#define MIN_UNIX G_GINT64_CONSTANT (-62135596800)
#define MAX_UNIX G_GINT64_CONSTANT (253402300799)

G_DEFINE_QUARK (sk-time-error-quark, sk_time_error)

static gboolean
set_invalid_error (GError     **error,
                   const char  *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) quoted = NULL;
  const char *p;
  guint n = 0;

  if (text == NULL)
    {
      g_set_error_literal (error, SK_TIME_ERROR, SK_TIME_ERROR_INVALID,
                           _("No date was given"));
      return FALSE;
    }

  /* Quote a short, valid, printable excerpt: the text comes from the
   * network and may be anything. */
  valid = g_utf8_make_valid (text, -1);
  quoted = g_string_new (NULL);
  for (p = valid; *p != '\0' && n < QUOTE_MAX_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (quoted, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  if (*p != '\0')
    g_string_append (quoted, "…");

  g_set_error (error, SK_TIME_ERROR, SK_TIME_ERROR_INVALID,
               /* Translators: %s is text that was expected to be a date
                * and time such as “2026-03-01T14:05:09”. */
               _("“%s” is not a valid date and time"), quoted->str);

  return FALSE;
}

/* Reads exactly @n_digits ASCII digits. */
static gboolean
read_digits (const char **p,
             guint        n_digits,
             int         *out)
{
  int value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;

      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n_digits;
  *out = value;

  return TRUE;
}

static gboolean
expect_char (const char **p,
             char         c)
{
  if (**p != c)
    return FALSE;

  (*p)++;
  return TRUE;
}

/* The local time format without seconds: T_FMT is "%H:%M:%S", "%r"
 * ("%I:%M:%S %p") or "%T" in most locales, and "last synced 14:05:09"
 * is noise, so drop the seconds field with its separator. */
static char *
dup_time_format_without_seconds (void)
{
  const char *t_fmt = nl_langinfo (T_FMT);
  g_autoptr(GString) format = NULL;
  char *seconds;

  if (t_fmt == NULL || t_fmt[0] == '\0')
    t_fmt = "%H:%M:%S";

  format = g_string_new (t_fmt);
  g_string_replace (format, "%r", "%I:%M:%S %p", 0);
  g_string_replace (format, "%T", "%H:%M:%S", 0);

  if ((seconds = strstr (format->str, ":%S")) != NULL ||
      (seconds = strstr (format->str, ".%S")) != NULL)
    g_string_erase (format, seconds - format->str, 3);

  return g_string_free (g_steal_pointer (&format), FALSE);
}

static GDateTime *
local_date_time (gint64 unix_utc)
{
  g_autoptr(GDateTime) utc = NULL;

  if (unix_utc < MIN_UNIX || unix_utc > MAX_UNIX)
    return NULL;

  utc = g_date_time_new_from_unix_utc (unix_utc);
  if (utc == NULL)
    return NULL;

  /* The local conversion can fall outside year 1..9999 at the edges. */
  return g_date_time_to_local (utc);
}

gboolean
sk_time_parse_iso8601_utc (const char  *text,
                           gint64      *out_unix,
                           GError     **error)
{
  const char *p = text;
  int year, month, day, hour, minute, second;
  int offset_seconds = 0;
  g_autoptr(GDateTime) date_time = NULL;
  gint64 result;

  g_return_val_if_fail (out_unix != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    return set_invalid_error (error, text);

  /* Hand-written rather than g_date_time_new_from_iso8601(), which also
   * takes week dates, ordinal dates, the basic format and other forms no
   * store sends: anything unexpected should be reported, not guessed. */
  if (!read_digits (&p, 4, &year) || !expect_char (&p, '-') ||
      !read_digits (&p, 2, &month) || !expect_char (&p, '-') ||
      !read_digits (&p, 2, &day) || !expect_char (&p, 'T') ||
      !read_digits (&p, 2, &hour) || !expect_char (&p, ':') ||
      !read_digits (&p, 2, &minute) || !expect_char (&p, ':') ||
      !read_digits (&p, 2, &second))
    return set_invalid_error (error, text);

  /* Fractional seconds are dropped: storage has whole seconds. */
  if (*p == '.' || *p == ',')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return set_invalid_error (error, text);
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = (*p == '-') ? -1 : 1;
      int offset_hours;
      int offset_minutes = 0;

      p++;
      if (!read_digits (&p, 2, &offset_hours))
        return set_invalid_error (error, text);

      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &offset_minutes))
            return set_invalid_error (error, text);
        }
      else if (g_ascii_isdigit (*p))
        {
          if (!read_digits (&p, 2, &offset_minutes))
            return set_invalid_error (error, text);
        }

      if (offset_hours > 23 || offset_minutes > 59)
        return set_invalid_error (error, text);

      offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
    }

  if (*p != '\0')
    return set_invalid_error (error, text);

  /* Checks the calendar (Feb 30, hour 24, second 60 are refused). */
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month (month, year) ||
      hour > 23 || minute > 59 || second > 59)
    return set_invalid_error (error, text);

  date_time = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (date_time == NULL)
    return set_invalid_error (error, text);

  result = g_date_time_to_unix (date_time) - offset_seconds;
  if (result < MIN_UNIX || result > MAX_UNIX)
    return set_invalid_error (error, text);

  *out_unix = result;

  return TRUE;
}

char *
sk_time_to_iso8601_utc (gint64 unix_utc)
{
  g_autoptr(GDateTime) date_time = NULL;

  g_return_val_if_fail (unix_utc >= MIN_UNIX && unix_utc <= MAX_UNIX, NULL);

  date_time = g_date_time_new_from_unix_utc (unix_utc);
  g_return_val_if_fail (date_time != NULL, NULL);

  /* printf rather than "%Y", which does not pad years before 1000. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d",
                          g_date_time_get_year (date_time),
                          g_date_time_get_month (date_time),
                          g_date_time_get_day_of_month (date_time),
                          g_date_time_get_hour (date_time),
                          g_date_time_get_minute (date_time),
                          g_date_time_get_second (date_time));
}

gint64
sk_time_now_utc (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
sk_time_format_date (gint64 unix_utc)
{
  g_autoptr(GDateTime) local = local_date_time (unix_utc);

  if (local == NULL)
    return g_strdup ("");

  return g_date_time_format (local, "%x");
}

char *
sk_time_format_date_time (gint64 unix_utc)
{
  g_autoptr(GDateTime) local = local_date_time (unix_utc);
  g_autofree char *time_format = NULL;
  g_autofree char *format = NULL;

  if (local == NULL)
    return g_strdup ("");

  time_format = dup_time_format_without_seconds ();
  format = g_strconcat ("%x ", time_format, NULL);

  return g_date_time_format (local, format);
}

char *
sk_time_format_relative (gint64 unix_utc,
                         gint64 now_utc)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autofree char *time_format = NULL;
  g_autofree char *time_text = NULL;
  gint64 seconds_ago;
  int day_difference;

  local = local_date_time (unix_utc);
  now_local = local_date_time (now_utc);
  if (local == NULL || now_local == NULL)
    return g_strdup ("");

  seconds_ago = now_utc - unix_utc;

  /* A minute of clock skew between the store and this computer is not
   * worth a date in the future. */
  if (seconds_ago > -60 && seconds_ago < 60)
    return g_strdup (C_("relative time", "just now"));

  if (seconds_ago > 0 && seconds_ago < 60 * 60)
    {
      int minutes = (int) (seconds_ago / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d minute ago",
                                           "%d minutes ago",
                                           minutes),
                              minutes);
    }

  if (seconds_ago > 0 && seconds_ago < 12 * 60 * 60)
    {
      int hours = (int) (seconds_ago / (60 * 60));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d hour ago",
                                           "%d hours ago",
                                           hours),
                              hours);
    }

  /* Compare calendar days in local time, so "yesterday" means what the
   * user's wall calendar says, not "24 hours ago". */
  {
    g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                           g_date_time_get_month (local),
                                           g_date_time_get_year (local));
    g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now_local),
                                             g_date_time_get_month (now_local),
                                             g_date_time_get_year (now_local));

    day_difference = g_date_days_between (day, today);
  }

  time_format = dup_time_format_without_seconds ();
  time_text = g_date_time_format (local, time_format);

  if (day_difference == 0)
    /* Translators: %s is a time of day such as “14:05”. */
    return g_strdup_printf (C_("relative time", "today at %s"), time_text);

  if (day_difference == 1)
    /* Translators: %s is a time of day such as “14:05”. */
    return g_strdup_printf (C_("relative time", "yesterday at %s"), time_text);

  return sk_time_format_date (unix_utc);
}
