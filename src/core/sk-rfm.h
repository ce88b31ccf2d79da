/* sk-rfm.h — RFM segments: pure rules, no I/O.
 *
 * Each customer with at least one counted order gets three scores from 1
 * to 5: recency (days since the last order, fewer is better), frequency
 * (number of orders) and monetary value (lifetime value). Scores are
 * quintiles over all the shop's customers: the cut points are the last
 * values of the lowest 20 %, 40 %, 60 % and 80 % of the sorted values, and a
 * customer scores 1 + the number of cut points their value is above
 * (recency is scored on minus the days, so recent is high). Equal values
 * always get equal scores, so a shop where most people ordered once gives
 * all of them F = 1.
 *
 * The segment follows from R and FM = (F + M + 1) / 2 (the rounded mean),
 * by the first rule that matches:
 *
 *   champions        R ≥ 4 and FM ≥ 4
 *   loyal            R ≥ 3 and FM ≥ 3
 *   new              R = 5 and exactly one order
 *   promising        R ≥ 4
 *   needs attention  R = 3
 *   can't lose       R ≤ 2 and FM = 5
 *   at risk          R ≤ 2 and FM ≥ 3
 *   hibernating      R = 2
 *   lost             R = 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

/* Stored in customer_profiles.segment: never renumber. */
typedef enum
{
  SK_RFM_SEGMENT_NONE = 0,          /* no counted order yet */
  SK_RFM_SEGMENT_CHAMPIONS,
  SK_RFM_SEGMENT_LOYAL,
  SK_RFM_SEGMENT_NEW,
  SK_RFM_SEGMENT_PROMISING,
  SK_RFM_SEGMENT_NEEDS_ATTENTION,
  SK_RFM_SEGMENT_AT_RISK,
  SK_RFM_SEGMENT_CANT_LOSE,
  SK_RFM_SEGMENT_HIBERNATING,
  SK_RFM_SEGMENT_LOST,
  SK_RFM_N_SEGMENTS,
} SkRfmSegment;

#define SK_RFM_N_CUTS 4

/* The four quintile cut points of @values (need not be sorted; @values is
 * sorted in place). With no values all cuts are 0. */
void          sk_rfm_compute_cuts      (gint64        *values,
                                        gsize          n_values,
                                        gint64         cuts[SK_RFM_N_CUTS]);

/* Thresholds the owner set instead of quintiles: @text holds
 * SK_RFM_N_CUTS whole numbers ≥ 0, strictly ascending, separated by
 * commas ("30,90,180,365"). FALSE (and @cuts untouched) for anything else. */
gboolean      sk_rfm_parse_cuts        (const char    *text,
                                        gint64         cuts[SK_RFM_N_CUTS]);

/* 1-5: one more than the number of cuts @value is strictly above. For
 * recency, which is better when lower, pass minus the days since the last
 * order, both to sk_rfm_compute_cuts () and here. */
guint         sk_rfm_score             (gint64         value,
                                        const gint64   cuts[SK_RFM_N_CUTS]);

/* The segment for scores 1-5 and the number of orders (≥ 1). Any score out
 * of range or no orders gives SK_RFM_SEGMENT_NONE. */
SkRfmSegment  sk_rfm_segment_for       (guint          r,
                                        guint          f,
                                        guint          m,
                                        gint64         n_orders);

/* Translated name ("Champions", "Can’t lose"...) and a short explanation. */
const char   *sk_rfm_segment_get_label (SkRfmSegment   segment);
const char   *sk_rfm_segment_get_description (SkRfmSegment segment);
/* Stable slug for settings and tests ("champions", "cant-lose"...). */
const char   *sk_rfm_segment_get_id    (SkRfmSegment   segment);

G_END_DECLS
