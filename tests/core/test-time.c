/* test-time.c — ISO 8601 parsing, round trips and display forms (TZ=UTC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sk-time.h"
#include "sk-test-utils.h"

/* 2026-03-01T14:05:09Z */
#define MARCH_FIRST G_GINT64_CONSTANT (1772373909)

static void
test_parse_valid (void)
{
  static const struct { const char *text; gint64 expected; } cases[] = {
    { "2026-03-01T14:05:09", MARCH_FIRST },
    { "2026-03-01T14:05:09Z", MARCH_FIRST },
    { "2026-03-01T14:05:09.000", MARCH_FIRST },
    { "2026-03-01T14:05:09.999999Z", MARCH_FIRST },
    { "2026-03-01T14:05:09,5", MARCH_FIRST },
    { "2026-03-01T15:05:09+01:00", MARCH_FIRST },
    { "2026-03-01T15:05:09+0100", MARCH_FIRST },
    { "2026-03-01T15:05:09+01", MARCH_FIRST },
    { "2026-03-01T09:35:09-04:30", MARCH_FIRST },
    { "2026-03-02T00:05:09+10:00", MARCH_FIRST },
    { "2026-03-01T14:05:09+00:00", MARCH_FIRST },
    { "2026-03-01T14:05:09-00:00", MARCH_FIRST },
    { "1970-01-01T00:00:00", 0 },
    { "1969-12-31T23:59:59", -1 },
    { "2038-01-19T03:14:08", G_GINT64_CONSTANT (2147483648) },
    { "2024-02-29T12:00:00", G_GINT64_CONSTANT (1709208000) },
    { "2000-02-29T00:00:00", G_GINT64_CONSTANT (951782400) },
    { "0001-01-01T00:00:00", G_GINT64_CONSTANT (-62135596800) },
    { "9999-12-31T23:59:59", G_GINT64_CONSTANT (253402300799) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      g_test_message ("parse “%s”", cases[i].text);
      g_assert_true (sk_time_parse_iso8601_utc (cases[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, cases[i].expected);
    }
}

static void
test_parse_invalid (void)
{
  static const char * const cases[] = {
    "",
    " ",
    "garbage",
    "2026-03-01",
    "2026-03-01T14:05",
    "2026-03-01 14:05:09",
    "2026-03-01t14:05:09",
    " 2026-03-01T14:05:09",
    "2026-03-01T14:05:09 ",
    "2026-3-1T14:05:09",
    "26-03-01T14:05:09",
    "20260301T140509",
    "2026-W09-7T14:05:09",
    "2026-060T14:05:09",
    "2026-13-01T14:05:09",
    "2026-00-01T14:05:09",
    "2026-02-29T14:05:09",
    "2026-04-31T14:05:09",
    "2026-03-00T14:05:09",
    "2026-03-32T14:05:09",
    "2026-03-01T24:00:00",
    "2026-03-01T14:60:09",
    "2026-03-01T14:05:60",
    "0000-01-01T00:00:00",
    "2026-03-01T14:05:09.",
    "2026-03-01T14:05:09.Z",
    "2026-03-01T14:05:09ZZ",
    "2026-03-01T14:05:09z",
    "2026-03-01T14:05:09+1",
    "2026-03-01T14:05:09+01:",
    "2026-03-01T14:05:09+01:0",
    "2026-03-01T14:05:09+24:00",
    "2026-03-01T14:05:09+01:60",
    "2026-03-01T14:05:09+01:00:00",
    "2026-03-01T14:05:09 UTC",
    "0001-01-01T00:00:00+00:01",
    "9999-12-31T23:59:59-00:01",
    "2026-03-01T14:05:09\xff",
    "２０２６-03-01T14:05:09",
    "-2026-03-01T14:05:09",
    "+2026-03-01T14:05:09",
    "2026-03-01T14:05:09\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;
      g_autofree char *escaped = g_strescape (cases[i], NULL);

      g_test_message ("reject “%s”", escaped);
      g_assert_false (sk_time_parse_iso8601_utc (cases[i], &value, &error));
      g_assert_error (error, SK_TIME_ERROR, SK_TIME_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpint (value, ==, 42);
    }
}

static void
test_parse_null (void)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 42;

  g_assert_false (sk_time_parse_iso8601_utc (NULL, &value, &error));
  g_assert_error (error, SK_TIME_ERROR, SK_TIME_ERROR_INVALID);
  g_assert_cmpint (value, ==, 42);
}

static void
test_error_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) long_error = NULL;
  g_autoptr(GString) huge = g_string_new ("2026-03-01T14:05:09");
  gint64 value;

  g_assert_false (sk_time_parse_iso8601_utc ("yesterday", &value, &error));
  g_assert_nonnull (strstr (error->message, "yesterday"));

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (huge, '9');
  g_assert_false (sk_time_parse_iso8601_utc (huge->str, &value, &long_error));
  g_assert_cmpuint (strlen (long_error->message), <, 200);
}

static void
test_to_iso8601 (void)
{
  static const struct { gint64 unix_utc; const char *expected; } cases[] = {
    { MARCH_FIRST, "2026-03-01T14:05:09" },
    { 0, "1970-01-01T00:00:00" },
    { -1, "1969-12-31T23:59:59" },
    { G_GINT64_CONSTANT (-62135596800), "0001-01-01T00:00:00" },
    { G_GINT64_CONSTANT (253402300799), "9999-12-31T23:59:59" },
    { G_GINT64_CONSTANT (-59011459200), "0100-01-01T00:00:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sk_time_to_iso8601_utc (cases[i].unix_utc);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 5000; i++)
    {
      /* Uniform enough over year 1..9999 for this purpose. */
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      gint64 unix_utc = G_GINT64_CONSTANT (-62135596800) +
                        (gint64) (bits % G_GUINT64_CONSTANT (315537897600));
      g_autofree char *text = sk_time_to_iso8601_utc (unix_utc);
      g_autofree char *with_zone = g_strconcat (text, "Z", NULL);
      g_autoptr(GError) error = NULL;
      gint64 back = 0;

      g_assert_true (sk_time_parse_iso8601_utc (text, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, unix_utc);

      g_assert_true (sk_time_parse_iso8601_utc (with_zone, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, unix_utc);
    }
}

static void
test_now (void)
{
  gint64 now = sk_time_now_utc ();
  gint64 reference = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (now, <=, reference);
  g_assert_cmpint (now, >=, reference - 2);
}

static void
test_format_date (void)
{
  g_autofree char *date = NULL;
  g_autofree char *date_time = NULL;
  g_autofree char *out_of_range = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  /* test_env sets TZ=UTC and LC_ALL=C.UTF-8. */
  date = sk_time_format_date (MARCH_FIRST);
  g_assert_cmpstr (date, ==, "03/01/26");

  date_time = sk_time_format_date_time (MARCH_FIRST);
  g_assert_cmpstr (date_time, ==, "03/01/26 14:05");

  out_of_range = sk_time_format_date (G_MAXINT64);
  g_assert_cmpstr (out_of_range, ==, "");

  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    {
      g_autofree char *de_date = sk_time_format_date (MARCH_FIRST);
      g_autofree char *de_date_time = sk_time_format_date_time (MARCH_FIRST);

      g_assert_cmpstr (de_date, ==, "01.03.2026");
      g_assert_cmpstr (de_date_time, ==, "01.03.2026 14:05");
    }

  if (setlocale (LC_ALL, "en_US.UTF-8") != NULL)
    {
      g_autofree char *us_date_time = sk_time_format_date_time (MARCH_FIRST);

      g_assert_cmpstr (us_date_time, ==, "03/01/2026 02:05 PM");
    }

  setlocale (LC_ALL, saved);
}

static void
test_format_relative (void)
{
  static const struct { gint64 ago; const char *expected; } cases[] = {
    { 0, "just now" },
    { 59, "just now" },
    { -30, "just now" },
    { 60, "1 minute ago" },
    { 119, "1 minute ago" },
    { 5 * 60, "5 minutes ago" },
    { 59 * 60 + 59, "59 minutes ago" },
    { 60 * 60, "1 hour ago" },
    { 3 * 60 * 60 + 5, "3 hours ago" },
    { 11 * 60 * 60 + 59 * 60, "11 hours ago" },
  };
  /* Late in the evening, so "today" and "yesterday" both have room. */
  gint64 now = G_GINT64_CONSTANT (1772402400); /* 2026-03-01T22:00:00Z */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sk_time_format_relative (now - cases[i].ago, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    /* 2026-03-01T08:30:00Z: earlier today, more than 12 hours ago. */
    g_autofree char *text = sk_time_format_relative (G_GINT64_CONSTANT (1772353800), now);
    g_assert_cmpstr (text, ==, "today at 08:30");
  }
  {
    /* 2026-02-28T14:05:00Z */
    g_autofree char *text = sk_time_format_relative (G_GINT64_CONSTANT (1772287500), now);
    g_assert_cmpstr (text, ==, "yesterday at 14:05");
  }
  {
    /* 2026-02-27T23:59:00Z: two calendar days back. */
    g_autofree char *text = sk_time_format_relative (G_GINT64_CONSTANT (1772236740), now);
    g_assert_cmpstr (text, ==, "02/27/26");
  }
  {
    /* Yesterday by the calendar though only three hours ago, shortly
     * after midnight. */
    gint64 after_midnight = G_GINT64_CONSTANT (1772326800); /* 2026-03-01T01:00:00Z */
    g_autofree char *text = sk_time_format_relative (after_midnight - 13 * 60 * 60, after_midnight);
    g_assert_cmpstr (text, ==, "yesterday at 12:00");
  }
  {
    /* Far in the future: the date, not a negative duration. */
    g_autofree char *text = sk_time_format_relative (now + 3 * 24 * 60 * 60, now);
    g_assert_cmpstr (text, ==, "03/04/26");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/parse/valid", test_parse_valid);
  g_test_add_func ("/time/parse/invalid", test_parse_invalid);
  g_test_add_func ("/time/parse/null", test_parse_null);
  g_test_add_func ("/time/parse/error-message", test_error_message);
  g_test_add_func ("/time/to-iso8601", test_to_iso8601);
  g_test_add_func ("/time/round-trip", test_round_trip);
  g_test_add_func ("/time/now", test_now);
  g_test_add_func ("/time/format/date", test_format_date);
  g_test_add_func ("/time/format/relative", test_format_relative);

  return g_test_run ();
}
