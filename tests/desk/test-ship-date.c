/* test-ship-date.c — the shipping promise rule, edge by edge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sk-ship-date.h"

/* 2026-03-02 is a Monday; Europe/Berlin springs forward on 2026-03-29
 * and falls back on 2026-10-25. */

static gint64
local_unix (GTimeZone *zone,
            int        year,
            int        month,
            int        day,
            int        hour,
            int        minute,
            int        second)
{
  g_autoptr(GDateTime) dt = g_date_time_new (zone, year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static SkShipRule *
berlin_rule (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Berlin");
  SkShipRule *rule = sk_ship_rule_new ();

  g_assert_nonnull (zone);
  sk_ship_rule_set_time_zone (rule, zone);
  return rule;
}

/* Asserts the promise for an order placed at the local time given. */
static void
assert_ships (SkShipRule *rule,
              int         year,
              int         month,
              int         day,
              int         hour,
              int         minute,
              int         second,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  GTimeZone *zone = sk_ship_rule_get_time_zone (rule);
  SkShipDate date;
  GDate check;

  g_assert_true (sk_ship_date_compute (rule, local_unix (zone, year, month, day, hour, minute, second),
                                       &date, &error));
  g_assert_no_error (error);
  got = sk_ship_date_format_iso (&date.date);
  g_assert_cmpstr (got, ==, expected);

  /* end_utc is the last second of that local day. */
  sk_ship_date_local_date (zone, date.end_utc, &check);
  g_assert_cmpint (g_date_compare (&check, &date.date), ==, 0);
  sk_ship_date_local_date (zone, date.end_utc + 1, &check);
  g_assert_cmpint (g_date_days_between (&date.date, &check), ==, 1);
}

static void
test_defaults (void)
{
  g_autoptr(SkShipRule) rule = sk_ship_rule_new ();

  g_assert_cmpint (rule->handling_days, ==, 2);
  g_assert_cmpint (rule->cutoff_minutes, ==, 14 * 60);
  g_assert_cmpuint (rule->working_days, ==, 0x1f);
  g_assert_cmpuint (rule->holidays->len, ==, 0);
  g_assert_true (sk_ship_rule_validate (rule, NULL));
}

static void
test_weekday_morning (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();
  g_autoptr(GError) error = NULL;
  SkShipDate date;

  assert_ships (rule, 2026, 3, 2, 10, 0, 0, "2026-03-04");
  assert_ships (rule, 2026, 3, 4, 9, 0, 0, "2026-03-06");
  /* Thursday + 2 working days crosses the weekend. */
  assert_ships (rule, 2026, 3, 5, 9, 0, 0, "2026-03-09");

  /* The end of Wednesday 4 March in Berlin (UTC+1) is 22:59:59 UTC. */
  g_assert_true (sk_ship_date_compute (rule, local_unix (sk_ship_rule_get_time_zone (rule), 2026, 3, 2, 10, 0, 0),
                                       &date, &error));
  g_assert_cmpint (date.end_utc, ==, 1772665199);  /* 2026-03-04T22:59:59Z */
}

static void
test_cutoff (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();

  /* The cut-off minute itself still counts as that day. */
  assert_ships (rule, 2026, 3, 2, 13, 59, 59, "2026-03-04");
  assert_ships (rule, 2026, 3, 2, 14, 0, 0, "2026-03-04");
  assert_ships (rule, 2026, 3, 2, 14, 0, 59, "2026-03-04");
  assert_ships (rule, 2026, 3, 2, 14, 1, 0, "2026-03-05");
  assert_ships (rule, 2026, 3, 2, 23, 59, 59, "2026-03-05");
  /* Friday after the cut-off starts on Monday. */
  assert_ships (rule, 2026, 3, 6, 15, 0, 0, "2026-03-11");

  /* 24:00: every order of a working day counts that day. */
  rule->cutoff_minutes = 24 * 60;
  assert_ships (rule, 2026, 3, 2, 23, 59, 59, "2026-03-04");
  /* 00:00: only the first minute of the day does. */
  rule->cutoff_minutes = 0;
  assert_ships (rule, 2026, 3, 2, 0, 0, 30, "2026-03-04");
  assert_ships (rule, 2026, 3, 2, 0, 1, 0, "2026-03-05");
}

static void
test_weekend_orders (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();

  /* Saturday and Sunday, before or after the cut-off: from Monday. */
  assert_ships (rule, 2026, 3, 7, 9, 0, 0, "2026-03-11");
  assert_ships (rule, 2026, 3, 8, 20, 0, 0, "2026-03-11");

  /* A shop that works on Saturdays only. */
  rule->working_days = SK_WEEKDAY_SATURDAY;
  rule->handling_days = 1;
  assert_ships (rule, 2026, 3, 2, 9, 0, 0, "2026-03-14");
  assert_ships (rule, 2026, 3, 7, 9, 0, 0, "2026-03-14");
  assert_ships (rule, 2026, 3, 7, 15, 0, 0, "2026-03-21");
}

static void
test_holidays (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();
  g_autoptr(GError) error = NULL;

  /* Tuesday and Wednesday off, back to back. */
  g_assert_true (sk_ship_rule_set_holidays_text (rule, "2026-03-03,2026-03-04", &error));
  g_assert_no_error (error);

  assert_ships (rule, 2026, 3, 2, 10, 0, 0, "2026-03-06");
  /* Ordered on a holiday: counts from Thursday. */
  assert_ships (rule, 2026, 3, 3, 9, 0, 0, "2026-03-09");
  /* Monday after the cut-off: next working day is Thursday. */
  assert_ships (rule, 2026, 3, 2, 15, 0, 0, "2026-03-09");

  /* A holiday on a weekend changes nothing. */
  g_assert_true (sk_ship_rule_set_holidays_text (rule, "2026-03-07", &error));
  assert_ships (rule, 2026, 3, 5, 9, 0, 0, "2026-03-09");
}

static void
test_zero_handling_days (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();

  rule->handling_days = 0;
  assert_ships (rule, 2026, 3, 2, 10, 0, 0, "2026-03-02");
  assert_ships (rule, 2026, 3, 2, 15, 0, 0, "2026-03-03");
  assert_ships (rule, 2026, 3, 6, 15, 0, 0, "2026-03-09");
  assert_ships (rule, 2026, 3, 7, 10, 0, 0, "2026-03-09");
}

static void
test_daylight_saving (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();
  GTimeZone *zone = sk_ship_rule_get_time_zone (rule);
  GDate day;

  rule->working_days = SK_WEEKDAYS_ALL;
  rule->handling_days = 1;

  /* Sunday 29 March 2026 has 23 hours, Sunday 25 October 25. */
  assert_ships (rule, 2026, 3, 28, 10, 0, 0, "2026-03-29");
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 29, 3, 2026);
  g_assert_cmpint (sk_ship_date_end_of_day (zone, &day), ==, 1774821599);  /* 21:59:59Z */
  g_date_set_dmy (&day, 28, 3, 2026);
  g_assert_cmpint (sk_ship_date_end_of_day (zone, &day), ==, 1774738799);  /* 22:59:59Z */
  g_date_set_dmy (&day, 25, 10, 2026);
  g_assert_cmpint (sk_ship_date_end_of_day (zone, &day), ==, 1792969199);  /* 22:59:59Z */
  g_date_set_dmy (&day, 24, 10, 2026);
  g_assert_cmpint (1792969199 - sk_ship_date_end_of_day (zone, &day), ==, 25 * 3600);

  /* In summer the cut-off is 14:00 CEST, 12:00 UTC: 13:59 local is
   * before it, 14:30 local after. Monday 6 July. */
  rule->working_days = SK_SHIP_DEFAULT_WORKING_DAYS;
  rule->handling_days = 2;
  assert_ships (rule, 2026, 7, 6, 13, 59, 0, "2026-07-08");
  assert_ships (rule, 2026, 7, 6, 14, 30, 0, "2026-07-09");
  /* The order placed in the repeated hour of the fall-back night. */
  assert_ships (rule, 2026, 10, 25, 2, 30, 0, "2026-10-28");
}

/* For every day of two years, in zones that change at midnight (Santiago),
 * by half an hour (Lord Howe) or at 02:00 (Berlin): the end of a day is in
 * that day and the second after it is in the next. */
static void
test_end_of_day_every_day (void)
{
  const char *zones[] = { "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "UTC", "Asia/Kolkata" };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zones[z]);
      GDate day;
      gint64 previous = 0;

      g_assert_nonnull (zone);
      g_date_clear (&day, 1);
      g_date_set_dmy (&day, 1, 1, 2026);

      for (guint i = 0; i < 730; i++, g_date_add_days (&day, 1))
        {
          gint64 end = sk_ship_date_end_of_day (zone, &day);
          GDate check;

          sk_ship_date_local_date (zone, end, &check);
          g_assert_cmpint (g_date_compare (&check, &day), ==, 0);
          sk_ship_date_local_date (zone, end + 1, &check);
          g_assert_cmpint (g_date_days_between (&day, &check), ==, 1);

          /* Days are 23 to 25 hours long (Lord Howe: 23.5 to 24.5). */
          if (previous != 0)
            g_assert_cmpint (ABS (end - previous - 86400), <=, 3600);
          previous = end;
        }
    }
}

static void
test_midnight_gap (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Santiago");
  g_autoptr(SkShipRule) rule = sk_ship_rule_new ();
  g_autoptr(GError) error = NULL;
  SkShipDate date;
  GDate day;

  /* Chile springs forward at midnight: 6 September 2026 begins at 01:00. */
  sk_ship_rule_set_time_zone (rule, zone);
  rule->working_days = SK_WEEKDAYS_ALL;
  rule->handling_days = 0;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 5, 9, 2026);
  /* Saturday 5 Sept ends at Sunday 01:00 -03 = 04:00Z, minus a second. */
  g_assert_cmpint (sk_ship_date_end_of_day (zone, &day), ==, 1788667199);

  g_assert_true (sk_ship_date_compute (rule, 1788667200, &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_day (&date.date), ==, 6);
}

static void
test_absurd_settings (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();
  SkShipDate date;
  struct {
    int   handling_days;
    int   cutoff_minutes;
    guint working_days;
  } bad[] = {
    { -1, 840, 0x1f },
    { G_MININT, 840, 0x1f },
    { 366, 840, 0x1f },
    { 2, -1, 0x1f },
    { 2, 24 * 60 + 1, 0x1f },
    { 2, 840, 0 },
    { 2, 840, 0x80 },
    { 2, 840, 0x1f | 0x100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      rule->handling_days = bad[i].handling_days;
      rule->cutoff_minutes = bad[i].cutoff_minutes;
      rule->working_days = bad[i].working_days;

      g_assert_false (sk_ship_rule_validate (rule, NULL));
      g_assert_false (sk_ship_date_compute (rule, 1772442000, &date, &error));
      g_assert_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID);
      g_assert_nonnull (error->message);
    }

  /* The largest valid number of days still answers. */
  rule->handling_days = SK_SHIP_MAX_HANDLING_DAYS;
  rule->cutoff_minutes = 840;
  rule->working_days = SK_WEEKDAY_SUNDAY;
  g_assert_true (sk_ship_date_compute (rule, 1772442000, &date, NULL));
  g_assert_cmpint (g_date_get_weekday (&date.date), ==, G_DATE_SUNDAY);

  /* Dates out of any calendar are refused, not wrapped. */
  rule->handling_days = 2;
  g_assert_false (sk_ship_date_compute (rule, G_MAXINT64, &date, NULL));
  g_assert_false (sk_ship_date_compute (rule, G_MININT64, &date, NULL));
}

/* A thousand holidays back to back (almost three years): the rule walks
 * past them and answers, instead of giving up or looping. */
static void
test_many_holidays (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  SkShipDate date;
  GDate day;
  GDate expected;
  int found = 0;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 2, 3, 2026);
  for (guint i = 0; i < SK_SHIP_MAX_HOLIDAYS; i++)
    {
      g_assert_true (sk_ship_rule_add_holiday (rule, &day, &error));
      g_date_add_days (&day, 1);
    }
  g_assert_false (sk_ship_rule_add_holiday (rule, &day, &error));
  g_assert_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID);
  g_clear_error (&error);

  /* Brute force: the third working day from the first day after them. */
  expected = day;
  while (TRUE)
    {
      guint wd = g_date_get_weekday (&expected);

      if (wd <= G_DATE_FRIDAY && ++found == 3)
        break;
      g_date_add_days (&expected, 1);
    }

  g_assert_true (sk_ship_date_compute (rule, local_unix (sk_ship_rule_get_time_zone (rule), 2026, 3, 2, 10, 0, 0),
                                       &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&date.date, &expected), ==, 0);
  got = sk_ship_date_format_iso (&date.date);
  g_test_message ("after 1000 holidays: %s", got);
}

static void
test_holidays_text (void)
{
  g_autoptr(SkShipRule) rule = sk_ship_rule_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *bad[] = { "2026-02-30", "2026-1-5", "abc", "2026-12-24,,2026-12-25", "2026-12-24,",
                        "0000-01-01", "2026-13-01", "２０２６-01-01", "2026-12-24x" };
  GDate date;

  g_assert_true (sk_ship_rule_set_holidays_text (rule, " 2026-12-25, 2026-12-24 ,2026-12-24", &error));
  g_assert_no_error (error);
  text = sk_ship_rule_get_holidays_text (rule);
  g_assert_cmpstr (text, ==, "2026-12-24,2026-12-25");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (sk_ship_rule_set_holidays_text (rule, bad[i], &error));
      g_assert_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID);
      g_clear_error (&error);
      /* Unchanged on error. */
      after = sk_ship_rule_get_holidays_text (rule);
      g_assert_cmpstr (after, ==, "2026-12-24,2026-12-25");
    }

  g_assert_true (sk_ship_date_parse_iso ("2028-02-29", &date, NULL));
  g_assert_true (sk_ship_rule_remove_holiday (rule, &date) == FALSE);
  g_assert_true (sk_ship_date_parse_iso ("2026-12-24", &date, NULL));
  g_assert_true (sk_ship_rule_is_holiday (rule, &date));
  g_assert_false (sk_ship_rule_is_working_day (rule, &date));
  g_assert_true (sk_ship_rule_remove_holiday (rule, &date));
  g_assert_false (sk_ship_rule_is_holiday (rule, &date));

  g_assert_true (sk_ship_rule_set_holidays_text (rule, "  ", &error));
  g_assert_cmpuint (rule->holidays->len, ==, 0);
  g_assert_true (sk_ship_rule_set_holidays_text (rule, NULL, &error));
}

static void
test_copy (void)
{
  g_autoptr(SkShipRule) rule = berlin_rule ();
  g_autoptr(SkShipRule) copy = NULL;
  g_autofree char *text = NULL;

  g_assert_true (sk_ship_rule_set_holidays_text (rule, "2026-12-24", NULL));
  rule->handling_days = 5;
  copy = sk_ship_rule_copy (rule);
  g_assert_true (sk_ship_rule_set_holidays_text (rule, "", NULL));
  text = sk_ship_rule_get_holidays_text (copy);
  g_assert_cmpstr (text, ==, "2026-12-24");
  g_assert_cmpint (copy->handling_days, ==, 5);
  g_assert_cmpstr (g_time_zone_get_identifier (sk_ship_rule_get_time_zone (copy)), ==, "Europe/Berlin");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ship-date/defaults", test_defaults);
  g_test_add_func ("/ship-date/weekday-morning", test_weekday_morning);
  g_test_add_func ("/ship-date/cutoff", test_cutoff);
  g_test_add_func ("/ship-date/weekend-orders", test_weekend_orders);
  g_test_add_func ("/ship-date/holidays", test_holidays);
  g_test_add_func ("/ship-date/zero-handling-days", test_zero_handling_days);
  g_test_add_func ("/ship-date/daylight-saving", test_daylight_saving);
  g_test_add_func ("/ship-date/end-of-day-every-day", test_end_of_day_every_day);
  g_test_add_func ("/ship-date/midnight-gap", test_midnight_gap);
  g_test_add_func ("/ship-date/absurd-settings", test_absurd_settings);
  g_test_add_func ("/ship-date/many-holidays", test_many_holidays);
  g_test_add_func ("/ship-date/holidays-text", test_holidays_text);
  g_test_add_func ("/ship-date/copy", test_copy);

  return g_test_run ();
}
