/* sk-rfm.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-rfm"

#include "config.h"

#include "sk-rfm.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

void
sk_rfm_compute_cuts (gint64 *values,
                     gsize   n_values,
                     gint64  cuts[SK_RFM_N_CUTS])
{
  g_return_if_fail (values != NULL || n_values == 0);

  if (n_values == 0)
    {
      for (guint i = 0; i < SK_RFM_N_CUTS; i++)
        cuts[i] = 0;
      return;
    }

  qsort (values, n_values, sizeof (gint64), compare_gint64);

  /* The last value of the lowest 20 %, 40 %... of the sorted list.
   * Integer arithmetic, so the same data always gives the same cuts. */
  for (guint i = 0; i < SK_RFM_N_CUTS; i++)
    {
      gsize end = (n_values * (i + 1)) / (SK_RFM_N_CUTS + 1);

      cuts[i] = values[end > 0 ? end - 1 : 0];
    }
}

gboolean
sk_rfm_parse_cuts (const char *text,
                   gint64      cuts[SK_RFM_N_CUTS])
{
  g_auto(GStrv) parts = NULL;
  gint64 parsed[SK_RFM_N_CUTS];

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != SK_RFM_N_CUTS)
    return FALSE;

  for (guint i = 0; i < SK_RFM_N_CUTS; i++)
    {
      guint64 value;

      g_strstrip (parts[i]);
      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT64 / 2, &value, NULL))
        return FALSE;
      parsed[i] = (gint64) value;
      /* Equal cuts would leave a score no one can get. */
      if (i > 0 && parsed[i] <= parsed[i - 1])
        return FALSE;
    }

  memcpy (cuts, parsed, sizeof parsed);
  return TRUE;
}

guint
sk_rfm_score (gint64       value,
              const gint64 cuts[SK_RFM_N_CUTS])
{
  guint score = 1;

  /* Strictly above: equal values always share a score, and a quintile
   * made only of the smallest value does not lift anybody. */
  for (guint i = 0; i < SK_RFM_N_CUTS; i++)
    if (value > cuts[i])
      score++;

  return score;
}

SkRfmSegment
sk_rfm_segment_for (guint  r,
                    guint  f,
                    guint  m,
                    gint64 n_orders)
{
  guint fm;

  if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5 || n_orders < 1)
    return SK_RFM_SEGMENT_NONE;

  fm = (f + m + 1) / 2;

  if (r >= 4 && fm >= 4)
    return SK_RFM_SEGMENT_CHAMPIONS;
  if (r >= 3 && fm >= 3)
    return SK_RFM_SEGMENT_LOYAL;
  if (r == 5 && n_orders == 1)
    return SK_RFM_SEGMENT_NEW;
  if (r >= 4)
    return SK_RFM_SEGMENT_PROMISING;
  if (r == 3)
    return SK_RFM_SEGMENT_NEEDS_ATTENTION;
  if (fm == 5)
    return SK_RFM_SEGMENT_CANT_LOSE;
  if (fm >= 3)
    return SK_RFM_SEGMENT_AT_RISK;
  if (r == 2)
    return SK_RFM_SEGMENT_HIBERNATING;

  return SK_RFM_SEGMENT_LOST;
}

const char *
sk_rfm_segment_get_label (SkRfmSegment segment)
{
  switch (segment)
    {
    case SK_RFM_SEGMENT_CHAMPIONS:
      return C_("customer segment", "Champions");
    case SK_RFM_SEGMENT_LOYAL:
      return C_("customer segment", "Loyal");
    case SK_RFM_SEGMENT_NEW:
      return C_("customer segment", "New");
    case SK_RFM_SEGMENT_PROMISING:
      return C_("customer segment", "Promising");
    case SK_RFM_SEGMENT_NEEDS_ATTENTION:
      return C_("customer segment", "Needs attention");
    case SK_RFM_SEGMENT_AT_RISK:
      return C_("customer segment", "At risk");
    case SK_RFM_SEGMENT_CANT_LOSE:
      return C_("customer segment", "Can’t lose");
    case SK_RFM_SEGMENT_HIBERNATING:
      return C_("customer segment", "Hibernating");
    case SK_RFM_SEGMENT_LOST:
      return C_("customer segment", "Lost");
    case SK_RFM_SEGMENT_NONE:
    case SK_RFM_N_SEGMENTS:
    default:
      return C_("customer segment", "No orders yet");
    }
}

const char *
sk_rfm_segment_get_description (SkRfmSegment segment)
{
  switch (segment)
    {
    case SK_RFM_SEGMENT_CHAMPIONS:
      return _("Bought recently, buy often and spend the most.");
    case SK_RFM_SEGMENT_LOYAL:
      return _("Buy regularly and spend well.");
    case SK_RFM_SEGMENT_NEW:
      return _("Placed their first order recently.");
    case SK_RFM_SEGMENT_PROMISING:
      return _("Bought recently, but not much yet.");
    case SK_RFM_SEGMENT_NEEDS_ATTENTION:
      return _("Neither recent nor frequent: a reminder may help.");
    case SK_RFM_SEGMENT_AT_RISK:
      return _("Used to buy often, but not for a while.");
    case SK_RFM_SEGMENT_CANT_LOSE:
      return _("Among the best customers, but gone quiet.");
    case SK_RFM_SEGMENT_HIBERNATING:
      return _("Bought little, long ago.");
    case SK_RFM_SEGMENT_LOST:
      return _("Bought little, and not for a long time.");
    case SK_RFM_SEGMENT_NONE:
    case SK_RFM_N_SEGMENTS:
    default:
      return _("Registered, but has not ordered yet.");
    }
}

const char *
sk_rfm_segment_get_id (SkRfmSegment segment)
{
  static const char * const ids[SK_RFM_N_SEGMENTS] = {
    "none", "champions", "loyal", "new", "promising", "needs-attention",
    "at-risk", "cant-lose", "hibernating", "lost",
  };

  if ((guint) segment >= SK_RFM_N_SEGMENTS)
    return "none";

  return ids[segment];
}
