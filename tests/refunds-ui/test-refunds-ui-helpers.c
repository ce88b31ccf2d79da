/* test-refunds-ui-helpers.c — the returns area's words, without a display:
 * a request's age against the 24 h / 48 h targets, durations and rates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "sk-refunds-ui.h"

#define HOUR 3600

static void
test_age (void)
{
  const gint64 now = 1767225600;
  const char *css = NULL;
  g_autofree char *fresh = sk_refunds_ui_format_age (now - 5 * HOUR, now, &css);
  g_autofree char *minutes = NULL;
  g_autofree char *due = NULL;
  g_autofree char *edge = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *days = NULL;

  g_assert_cmpstr (fresh, ==, "Waiting 5 hours");
  g_assert_cmpstr (css, ==, "sk-age-fresh");

  minutes = sk_refunds_ui_format_age (now - 20 * 60, now, &css);
  g_assert_cmpstr (minutes, ==, "Waiting 20 minutes");

  /* From 24 h the target is missed, from 48 h it is overdue: said in
   * words, not only by the colour class. */
  edge = sk_refunds_ui_format_age (now - 24 * HOUR, now, &css);
  g_assert_cmpstr (edge, ==, "Waiting 24 hours, past the 24-hour target");
  g_assert_cmpstr (css, ==, "sk-age-due");
  due = sk_refunds_ui_format_age (now - 47 * HOUR, now, &css);
  g_assert_cmpstr (css, ==, "sk-age-due");
  overdue = sk_refunds_ui_format_age (now - 48 * HOUR, now, &css);
  g_assert_cmpstr (overdue, ==, "Overdue: waiting 48 hours");
  g_assert_cmpstr (css, ==, "sk-age-overdue");
  days = sk_refunds_ui_format_age (now - 5 * 24 * HOUR, now, NULL);
  g_assert_cmpstr (days, ==, "Overdue: waiting 5 days");
}

static void
test_duration (void)
{
  g_autofree char *none = sk_refunds_ui_format_duration (-1);
  g_autofree char *minutes = sk_refunds_ui_format_duration (12 * 60 + 59);
  g_autofree char *hours = sk_refunds_ui_format_duration (2 * HOUR + 5 * 60);
  g_autofree char *days = sk_refunds_ui_format_duration (3 * 24 * HOUR + 4 * HOUR + 59);

  g_assert_cmpstr (none, ==, "No decisions yet");
  g_assert_cmpstr (minutes, ==, "12 min");
  g_assert_cmpstr (hours, ==, "2 h 05 min");
  g_assert_cmpstr (days, ==, "3 d 4 h");
}

static void
test_rate (void)
{
  const struct {
    gint64      bp;
    const char *text;
  } cases[] = {
    { 0, "0.0 %" },
    { 1250, "12.5 %" },
    { 1234, "12.3 %" },
    { 1235, "12.4 %" },   /* half up, in integers */
    { 10000, "100.0 %" },
    { 4, "0.0 %" },
    { 5, "0.1 %" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sk_refunds_ui_format_rate (cases[i].bp);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/refunds-ui/helpers/age", test_age);
  g_test_add_func ("/refunds-ui/helpers/duration", test_duration);
  g_test_add_func ("/refunds-ui/helpers/rate", test_rate);

  return g_test_run ();
}
