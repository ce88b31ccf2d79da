/* test-rfm.c — the pure RFM rules of core/sk-rfm.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "sk-rfm.h"

static void
test_cuts_distinct (void)
{
  gint64 values[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
  gint64 cuts[SK_RFM_N_CUTS];

  sk_rfm_compute_cuts (values, G_N_ELEMENTS (values), cuts);

  /* The last values of the lowest 20, 40, 60 and 80 %. */
  g_assert_cmpint (cuts[0], ==, 2);
  g_assert_cmpint (cuts[1], ==, 4);
  g_assert_cmpint (cuts[2], ==, 6);
  g_assert_cmpint (cuts[3], ==, 8);

  /* Two values per quintile. */
  for (gint64 v = 1; v <= 10; v++)
    g_assert_cmpuint (sk_rfm_score (v, cuts), ==, (guint) ((v + 1) / 2));
}

static void
test_cuts_ties (void)
{
  /* Most customers ordered once: they must all share F = 1, and the few
   * with more orders must score above them. */
  gint64 values[] = { 1, 1, 1, 1, 1, 1, 1, 1, 2, 5 };
  gint64 cuts[SK_RFM_N_CUTS];

  sk_rfm_compute_cuts (values, G_N_ELEMENTS (values), cuts);

  g_assert_cmpuint (sk_rfm_score (1, cuts), ==, 1);
  g_assert_cmpuint (sk_rfm_score (2, cuts), ==, 5);
  g_assert_cmpuint (sk_rfm_score (5, cuts), ==, 5);
}

static void
test_cuts_small (void)
{
  gint64 one[] = { 42 };
  gint64 cuts[SK_RFM_N_CUTS];

  sk_rfm_compute_cuts (one, 1, cuts);
  g_assert_cmpuint (sk_rfm_score (42, cuts), ==, 1);
  g_assert_cmpuint (sk_rfm_score (43, cuts), ==, 5);

  sk_rfm_compute_cuts (NULL, 0, cuts);
  for (guint i = 0; i < SK_RFM_N_CUTS; i++)
    g_assert_cmpint (cuts[i], ==, 0);
}

static void
test_recency_negated (void)
{
  /* Days since the last order, scored on minus the days: recent is 5. */
  gint64 days[] = { -1, -2, -3, -4, -5, -100, -200, -300, -400, -500 };
  gint64 cuts[SK_RFM_N_CUTS];

  sk_rfm_compute_cuts (days, G_N_ELEMENTS (days), cuts);
  g_assert_cmpuint (sk_rfm_score (-1, cuts), ==, 5);
  g_assert_cmpuint (sk_rfm_score (-500, cuts), ==, 1);
  g_assert_cmpuint (sk_rfm_score (-4, cuts), ==, 4);
}

static void
test_segments (void)
{
  const struct {
    guint r, f, m;
    gint64 orders;
    SkRfmSegment expected;
  } cases[] = {
    { 5, 5, 5, 20, SK_RFM_SEGMENT_CHAMPIONS },
    { 4, 4, 4, 8, SK_RFM_SEGMENT_CHAMPIONS },
    { 4, 4, 3, 8, SK_RFM_SEGMENT_CHAMPIONS },    /* FM = (4 + 3 + 1) / 2 = 4 */
    { 3, 5, 5, 9, SK_RFM_SEGMENT_LOYAL },
    { 5, 3, 3, 4, SK_RFM_SEGMENT_LOYAL },
    { 5, 1, 1, 1, SK_RFM_SEGMENT_NEW },
    { 5, 1, 3, 1, SK_RFM_SEGMENT_NEW },          /* one big first order */
    { 5, 2, 1, 2, SK_RFM_SEGMENT_PROMISING },
    { 4, 1, 1, 1, SK_RFM_SEGMENT_PROMISING },
    { 3, 1, 2, 1, SK_RFM_SEGMENT_NEEDS_ATTENTION },
    { 2, 5, 5, 12, SK_RFM_SEGMENT_CANT_LOSE },
    { 1, 5, 4, 12, SK_RFM_SEGMENT_CANT_LOSE },   /* FM = 5 */
    { 2, 3, 3, 3, SK_RFM_SEGMENT_AT_RISK },
    { 1, 4, 3, 5, SK_RFM_SEGMENT_AT_RISK },
    { 2, 1, 2, 1, SK_RFM_SEGMENT_HIBERNATING },
    { 1, 1, 1, 1, SK_RFM_SEGMENT_LOST },
    { 1, 2, 2, 2, SK_RFM_SEGMENT_LOST },
    /* Out of range: no segment rather than a guess. */
    { 0, 3, 3, 3, SK_RFM_SEGMENT_NONE },
    { 3, 6, 3, 3, SK_RFM_SEGMENT_NONE },
    { 3, 3, 3, 0, SK_RFM_SEGMENT_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SkRfmSegment segment = sk_rfm_segment_for (cases[i].r, cases[i].f, cases[i].m, cases[i].orders);

      if (segment != cases[i].expected)
        g_error ("R%u F%u M%u (%" G_GINT64_FORMAT " orders): %s instead of %s",
                 cases[i].r, cases[i].f, cases[i].m, cases[i].orders,
                 sk_rfm_segment_get_id (segment), sk_rfm_segment_get_id (cases[i].expected));
    }
}

static void
test_every_score_has_a_segment (void)
{
  /* Every combination of valid scores lands in a real segment. */
  for (guint r = 1; r <= 5; r++)
    for (guint f = 1; f <= 5; f++)
      for (guint m = 1; m <= 5; m++)
        for (gint64 orders = 1; orders <= 3; orders++)
          {
            SkRfmSegment segment = sk_rfm_segment_for (r, f, m, orders);

            g_assert_cmpint (segment, >, SK_RFM_SEGMENT_NONE);
            g_assert_cmpint (segment, <, SK_RFM_N_SEGMENTS);
          }
}

static void
test_labels (void)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (int s = 0; s < SK_RFM_N_SEGMENTS; s++)
    {
      const char *id = sk_rfm_segment_get_id (s);

      g_assert_nonnull (sk_rfm_segment_get_label (s));
      g_assert_cmpstr (sk_rfm_segment_get_label (s), !=, "");
      g_assert_nonnull (sk_rfm_segment_get_description (s));
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, (gpointer) id);
    }

  g_assert_cmpstr (sk_rfm_segment_get_id (SK_RFM_SEGMENT_CANT_LOSE), ==, "cant-lose");
  g_assert_cmpstr (sk_rfm_segment_get_id (99), ==, "none");
  g_hash_table_unref (ids);
}

static void
test_parse_cuts (void)
{
  gint64 cuts[SK_RFM_N_CUTS] = { -1, -1, -1, -1 };
  static const char * const bad[] = {
    "", "1,2,3", "1,2,3,4,5", "1,2,2,3", "4,3,2,1", "1,2,x,4", "-1,2,3,4", "1.5,2,3,4", "1,,3,4",
  };

  g_assert_true (sk_rfm_parse_cuts ("30, 90,180 ,365", cuts));
  g_assert_cmpint (cuts[0], ==, 30);
  g_assert_cmpint (cuts[3], ==, 365);
  g_assert_true (sk_rfm_parse_cuts ("0,1,2,3", cuts));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sk_rfm_parse_cuts (bad[i], cuts));
      /* Untouched. */
      g_assert_cmpint (cuts[3], ==, 3);
    }
  g_assert_false (sk_rfm_parse_cuts (NULL, cuts));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rfm/cuts/distinct", test_cuts_distinct);
  g_test_add_func ("/rfm/cuts/ties", test_cuts_ties);
  g_test_add_func ("/rfm/cuts/small", test_cuts_small);
  g_test_add_func ("/rfm/cuts/recency", test_recency_negated);
  g_test_add_func ("/rfm/segments/table", test_segments);
  g_test_add_func ("/rfm/segments/complete", test_every_score_has_a_segment);
  g_test_add_func ("/rfm/labels", test_labels);
  g_test_add_func ("/rfm/cuts/parse", test_parse_cuts);

  return g_test_run ();
}
