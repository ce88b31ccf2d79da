/* test-refund-policy.c — the verdict on a refund request: windows, grace,
 * final sale, conditions, quantities and the integer arithmetic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sk-refund-policy.h"

#define DAY (24 * 60 * 60)
#define NOW ((gint64) 1767225600)   /* 2026-01-01T00:00:00Z */

static const char * const shirt_categories[] = { "Clothing", "Sale", NULL };
static const char * const mug_categories[] = { "Kitchen", NULL };

/* Two lines: 3 linen shirts at 19.99 + 3.80 tax each, 1 mug 12.00 + 2.28. */
static SkRefundCaseItem items[] = {
  { 11, 101, "Linen Shirt", shirt_categories, 3, 0, 5997, 1140, 0, 0 },
  { 12, 102, "Mug", mug_categories, 1, 0, 1200, 228, 0, 0 },
};

typedef struct
{
  SkRefundPolicy   *policy;
  SkRefundCaseLine  lines[4];
  SkRefundCaseItem  items[2];
  SkRefundCase      rcase;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->policy = sk_refund_policy_new ();
  memcpy (f->items, items, sizeof items);
  f->lines[0] = (SkRefundCaseLine) { 11, 1 };
  f->rcase = (SkRefundCase) {
    .currency = "EUR",
    .ordered_at = NOW - 20 * DAY,
    .delivered_at = NOW - 10 * DAY,
    .order_total = 5997 + 1140 + 1200 + 228 + 490,
    .already_refunded = 0,
    .shipping_total = 490,
    .items = f->items,
    .n_items = 2,
    .lines = f->lines,
    .n_lines = 1,
    .reason = SK_REFUND_REASON_CHANGED_MIND,
    .outcome = SK_REFUND_OUTCOME_REFUND,
    .conditions = 0,
    .now = NOW,
  };
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sk_refund_policy_free (f->policy);
}

static const SkVerdictReason *
find_reason (const SkRefundVerdict *verdict,
             SkVerdictCode          code)
{
  for (guint i = 0; i < verdict->reasons->len; i++)
    {
      const SkVerdictReason *reason = g_ptr_array_index (verdict->reasons, i);

      if (reason->code == code)
        return reason;
    }

  g_test_message ("no reason with code %s", sk_refund_verdict_code_to_string (code));
  for (guint i = 0; i < verdict->reasons->len; i++)
    g_test_message ("  has %s: %s",
                    sk_refund_verdict_code_to_string (((SkVerdictReason *) g_ptr_array_index (verdict->reasons, i))->code),
                    ((SkVerdictReason *) g_ptr_array_index (verdict->reasons, i))->text);
  g_assert_not_reached ();
  return NULL;
}

static const SkVerdictLine *
line_at (const SkRefundVerdict *verdict,
         guint                  i)
{
  g_assert_cmpuint (i, <, verdict->lines->len);
  return &g_array_index (verdict->lines, SkVerdictLine, i);
}

static void
test_in_policy (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

  g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
  g_assert_cmpint (verdict->day, ==, 11);
  g_assert_cmpstr (find_reason (verdict, SK_VERDICT_IN_WINDOW)->text, ==, "Day 11 of a 30-day return window.");
  g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 1999);
  g_assert_cmpint (line_at (verdict, 0)->gross_tax, ==, 380);
  g_assert_cmpint (verdict->lines_total, ==, 2379);
  g_assert_cmpint (verdict->total, ==, 2379);
  g_assert_cmpint (verdict->goodwill, ==, 0);
  g_assert_false (verdict->owner_required);
  g_assert_false (verdict->needs_justification);
  g_assert_true (verdict->api_refund);
  g_assert_true (verdict->restock);

  /* The last day of the window is still in it. */
  f->rcase.now = f->rcase.delivered_at + 30 * DAY - 1;
  {
    g_autoptr(SkRefundVerdict) last = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (last->day, ==, 30);
    g_assert_cmpint (last->standing, ==, SK_REFUND_STANDING_IN_POLICY);
  }

  /* Manual method: no charge back through the gateway. */
  f->policy->method = SK_REFUND_METHOD_MANUAL;
  {
    g_autoptr(SkRefundVerdict) manual = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_false (manual->api_refund);
  }
}

static void
test_grace (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SkRefundVerdict) verdict = NULL;
  g_autoptr(SkRefundVerdict) past = NULL;

  /* Day 32 of 30, with 3 grace days. */
  f->rcase.now = f->rcase.delivered_at + 31 * DAY + 3600;
  verdict = sk_refund_verdict_compute (f->policy, &f->rcase);
  g_assert_cmpint (verdict->day, ==, 32);
  g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_GRACE);
  g_assert_cmpstr (find_reason (verdict, SK_VERDICT_IN_GRACE)->text, ==,
                   "Day 32 of a 30-day return window, within the 3 grace days.");
  g_assert_cmpint (find_reason (verdict, SK_VERDICT_IN_GRACE)->severity, ==, SK_VERDICT_SEVERITY_GRACE);
  /* Grace is a bend staff may make: no owner, no goodwill, no justification. */
  g_assert_false (verdict->owner_required);
  g_assert_false (verdict->needs_justification);
  g_assert_cmpint (verdict->goodwill, ==, 0);
  g_assert_cmpint (verdict->total, ==, 2379);

  /* Day 34: past the grace days. */
  f->rcase.now = f->rcase.delivered_at + 33 * DAY;
  past = sk_refund_verdict_compute (f->policy, &f->rcase);
  g_assert_cmpint (past->day, ==, 34);
  g_assert_cmpint (past->standing, ==, SK_REFUND_STANDING_OUT_OF_POLICY);
}

static void
test_out_of_window (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SkRefundVerdict) verdict = NULL;
  const SkVerdictReason *reason;

  f->rcase.now = f->rcase.delivered_at + 39 * DAY;
  verdict = sk_refund_verdict_compute (f->policy, &f->rcase);
  g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_OUT_OF_POLICY);
  reason = find_reason (verdict, SK_VERDICT_OUT_OF_WINDOW);
  g_assert_cmpstr (reason->text, ==, "Day 40 of a 30-day return window.");
  g_assert_cmpint (reason->severity, ==, SK_VERDICT_SEVERITY_OUT);
  g_assert_cmpint (reason->line, ==, -1);
  /* Most severe reason first. */
  g_assert_true (g_ptr_array_index (verdict->reasons, 0) == reason);
  /* The whole request is an exception: all of it is goodwill. */
  g_assert_cmpint (verdict->goodwill, ==, verdict->total);
  g_assert_cmpint (verdict->goodwill, ==, 2379);
  g_assert_true (verdict->owner_required);
  g_assert_true (verdict->needs_justification);
  g_assert_false (sk_refund_verdict_has_code (verdict, SK_VERDICT_ABOVE_STAFF_LIMIT));
}

static void
test_final_sale (Fixture       *f,
                 gconstpointer  data)
{
  gint64 mug = 102;

  /* The shirt (product 101) is fine; the mug is a final-sale product. */
  g_array_append_val (f->policy->final_sale_products, mug);
  f->lines[1] = (SkRefundCaseLine) { 12, 1 };
  f->rcase.n_lines = 2;

  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);
    const SkVerdictReason *reason = find_reason (verdict, SK_VERDICT_FINAL_SALE_PRODUCT);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_OUT_OF_POLICY);
    g_assert_cmpstr (reason->text, ==, "“Mug” is a final-sale item.");
    g_assert_cmpint (reason->line, ==, 1);
    g_assert_false (line_at (verdict, 0)->out_of_policy);
    g_assert_true (line_at (verdict, 1)->out_of_policy);
    /* Only the mug is charged to goodwill. */
    g_assert_cmpint (verdict->goodwill, ==, 1200 + 228);
    g_assert_cmpint (verdict->total, ==, 2379 + 1428);
    g_assert_true (verdict->needs_justification);
  }

  /* By category, case-insensitively: the shirt is in "Sale". */
  g_array_set_size (f->policy->final_sale_products, 0);
  g_ptr_array_add (f->policy->final_sale_categories, g_strdup ("sale"));
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_FINAL_SALE_CATEGORY)->text, ==,
                     "“Linen Shirt” is in the final-sale category “Sale”.");
    g_assert_true (line_at (verdict, 0)->out_of_policy);
    g_assert_false (line_at (verdict, 1)->out_of_policy);
    g_assert_cmpint (verdict->goodwill, ==, 2379);
  }
}

static void
test_partial_quantities (Fixture       *f,
                         gconstpointer  data)
{
  /* 2 of 3 shirts: two thirds of the line, exactly. */
  f->lines[0].quantity = 2;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
    g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 3998);
    g_assert_cmpint (line_at (verdict, 0)->gross_tax, ==, 760);
  }

  /* A line that does not divide evenly: 10.00 for 3 units, 1.00 tax. One
   * unit is 3.33 (3.333 rounded), two are 6.67 (6.667 rounded half up). */
  f->items[0].total = 1000;
  f->items[0].total_tax = 100;
  f->lines[0].quantity = 1;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 333);
    g_assert_cmpint (line_at (verdict, 0)->gross_tax, ==, 33);
  }
  f->lines[0].quantity = 2;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 667);
    g_assert_cmpint (line_at (verdict, 0)->gross_tax, ==, 67);
  }

  /* Returned one by one, the three requests add up to the line exactly:
   * 333 + 333 + 334 (the last units get what is left). */
  f->lines[0].quantity = 1;
  f->items[0].quantity_returned = 1;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 333);
  }
  f->items[0].quantity_returned = 2;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 1000 - 667);
    g_assert_cmpint (line_at (verdict, 0)->gross_tax, ==, 100 - 67);
  }

  /* Money already refunded on the line elsewhere caps what is left. */
  f->items[0].quantity_returned = 0;
  f->items[0].total_refunded = 900;
  f->lines[0].quantity = 2;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (line_at (verdict, 0)->gross_total, ==, 100);
  }
}

static void
test_quantity_exceeded (Fixture       *f,
                        gconstpointer  data)
{
  f->lines[0].quantity = 4;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IMPOSSIBLE);
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_QUANTITY_EXCEEDED)->text, ==,
                     "Only 3 of “Linen Shirt” were bought.");
    g_assert_cmpint (verdict->goodwill, ==, 0);
    g_assert_cmpint (verdict->total, ==, 0);
  }

  f->lines[0].quantity = 2;
  f->items[0].quantity_returned = 2;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IMPOSSIBLE);
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_QUANTITY_EXCEEDED)->text, ==,
                     "Only 1 of “Linen Shirt” is left to return (3 bought).");
  }

  /* Nothing asked, or an item of another order. */
  f->rcase.n_lines = 0;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IMPOSSIBLE);
    g_assert_true (sk_refund_verdict_has_code (verdict, SK_VERDICT_NOTHING_REQUESTED));
  }
  f->rcase.n_lines = 1;
  f->lines[0] = (SkRefundCaseLine) { 999, 1 };
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IMPOSSIBLE);
    g_assert_true (sk_refund_verdict_has_code (verdict, SK_VERDICT_UNKNOWN_ITEM));
  }

  /* More than is left to refund on the order. */
  f->lines[0] = (SkRefundCaseLine) { 11, 1 };
  f->rcase.already_refunded = f->rcase.order_total - 2000;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IMPOSSIBLE);
    g_assert_true (sk_refund_verdict_has_code (verdict, SK_VERDICT_EXCEEDS_REMAINING));
  }
}

static void
test_restocking_fee (Fixture       *f,
                     gconstpointer  data)
{
  /* The rule: basis points of each part, rounded half up, per line. */
  g_assert_cmpint (sk_refund_fee (1999, 1500), ==, 300);    /* 299.85 */
  g_assert_cmpint (sk_refund_fee (380, 1500), ==, 57);      /* 57.00 */
  g_assert_cmpint (sk_refund_fee (10, 1500), ==, 2);        /* 1.5 up */
  g_assert_cmpint (sk_refund_fee (30, 500), ==, 2);         /* 1.5 up */
  g_assert_cmpint (sk_refund_fee (29, 500), ==, 1);         /* 1.45 down */
  g_assert_cmpint (sk_refund_fee (1, 5000), ==, 1);         /* 0.5 up */
  g_assert_cmpint (sk_refund_fee (1, 4999), ==, 0);
  g_assert_cmpint (sk_refund_fee (5, 10000), ==, 5);        /* never more than the line */
  g_assert_cmpint (sk_refund_fee (5, 20000), ==, 5);
  g_assert_cmpint (sk_refund_fee (0, 1500), ==, 0);
  g_assert_cmpint (sk_refund_fee (1999, 0), ==, 0);
  g_assert_cmpint (sk_refund_fee (G_MAXINT64, 5000), ==, G_MAXINT64 / 2 + 1);

  f->policy->restocking_fee_bp = 1500;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);
    const SkVerdictLine *line = line_at (verdict, 0);

    g_assert_cmpint (line->fee_total, ==, 300);
    g_assert_cmpint (line->fee_tax, ==, 57);
    g_assert_cmpint (line->refund_total, ==, 1699);
    g_assert_cmpint (line->refund_tax, ==, 323);
    g_assert_cmpint (verdict->restocking_fee, ==, 357);
    g_assert_cmpint (verdict->total, ==, 2022);
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_RESTOCKING_FEE)->text, ==,
                     "A 15 % restocking fee applies: €3.57.");
  }

  /* Per line: two lines round each on their own. */
  f->policy->restocking_fee_bp = 1250;
  f->lines[0].quantity = 3;
  f->lines[1] = (SkRefundCaseLine) { 12, 1 };
  f->rcase.n_lines = 2;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    /* 5997 × 12.5 % = 749.625 → 750; 1140 → 142.5 → 143; 1200 → 150; 228 → 28.5 → 29 */
    g_assert_cmpint (line_at (verdict, 0)->fee_total, ==, 750);
    g_assert_cmpint (line_at (verdict, 0)->fee_tax, ==, 143);
    g_assert_cmpint (line_at (verdict, 1)->fee_total, ==, 150);
    g_assert_cmpint (line_at (verdict, 1)->fee_tax, ==, 29);
    g_assert_cmpint (verdict->restocking_fee, ==, 750 + 143 + 150 + 29);
    g_assert_cmpint (verdict->total, ==, 5997 + 1140 + 1200 + 228 - (750 + 143 + 150 + 29));
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_RESTOCKING_FEE)->text, ==,
                     "A 12.5 % restocking fee applies: €10.72.");
  }

  /* No fee when the shop is at fault; broken goods are not restocked. */
  f->rcase.reason = SK_REFUND_REASON_DEFECTIVE;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->restocking_fee, ==, 0);
    g_assert_true (sk_refund_verdict_has_code (verdict, SK_VERDICT_SHOP_FAULT));
    g_assert_false (verdict->restock);
  }
}

static void
test_staff_limit (Fixture       *f,
                  gconstpointer  data)
{
  f->policy->staff_limit = 2378;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
    g_assert_true (verdict->owner_required);
    g_assert_false (verdict->needs_justification);
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_ABOVE_STAFF_LIMIT)->text, ==,
                     "Above the staff limit of €23.78: an owner must approve.");
  }

  /* At the limit exactly, staff may approve alone. */
  f->policy->staff_limit = 2379;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_false (verdict->owner_required);
  }
}

static void
test_conditions_and_guarantee (Fixture       *f,
                               gconstpointer  data)
{
  f->policy->required_conditions = SK_RETURN_CONDITION_UNOPENED | SK_RETURN_CONDITION_TAGS_ATTACHED;
  f->rcase.conditions = SK_RETURN_CONDITION_TAGS_ATTACHED;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_OUT_OF_POLICY);
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_CONDITION_MISSING)->text, ==,
                     "The policy asks for unopened goods.");
    g_assert_cmpint (verdict->goodwill, ==, verdict->total);
  }

  /* Defective goods are opened: the rule does not apply. */
  f->rcase.reason = SK_REFUND_REASON_DEFECTIVE;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
  }

  /* A 60-day money-back guarantee: day 45 is in policy, conditions waived. */
  f->rcase.reason = SK_REFUND_REASON_CHANGED_MIND;
  f->policy->guarantee_days = 60;
  f->rcase.now = f->rcase.delivered_at + 44 * DAY;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
    g_assert_cmpstr (find_reason (verdict, SK_VERDICT_IN_GUARANTEE)->text, ==,
                     "Day 45 of a 60-day money-back guarantee.");
  }

  /* Not delivered yet: the window has not started. */
  f->policy->guarantee_days = 0;
  f->rcase.delivered_at = 0;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->standing, ==, SK_REFUND_STANDING_IN_POLICY);
    g_assert_cmpint (verdict->day, ==, 0);
    g_assert_true (sk_refund_verdict_has_code (verdict, SK_VERDICT_NOT_DELIVERED));
  }
}

static void
test_shipping (Fixture       *f,
               gconstpointer  data)
{
  f->rcase.refund_shipping = TRUE;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->shipping, ==, 490);
    g_assert_cmpint (verdict->total, ==, 2379 + 490);
  }

  /* Shipping is given back once. */
  f->rcase.shipping_refunded = TRUE;
  {
    g_autoptr(SkRefundVerdict) verdict = sk_refund_verdict_compute (f->policy, &f->rcase);

    g_assert_cmpint (verdict->shipping, ==, 0);
    g_assert_cmpint (verdict->total, ==, 2379);
  }
}

static void
test_arithmetic (void)
{
  gint64 out = -1;

  g_assert_true (sk_refund_prorate (1000, 1, 3, &out));
  g_assert_cmpint (out, ==, 333);
  g_assert_true (sk_refund_prorate (1000, 2, 3, &out));
  g_assert_cmpint (out, ==, 667);
  g_assert_true (sk_refund_prorate (5, 1, 2, &out));
  g_assert_cmpint (out, ==, 3);                         /* 2.5 up */
  g_assert_true (sk_refund_prorate (0, 1, 2, &out));
  g_assert_cmpint (out, ==, 0);
  g_assert_false (sk_refund_prorate (1, 1, 0, &out));
  g_assert_false (sk_refund_prorate (-1, 1, 2, &out));
  g_assert_false (sk_refund_prorate (G_MAXINT64 / 2, 3, 4, &out));

  g_assert_cmpint (sk_refund_age_from_times (0, 3600), ==, SK_REFUND_AGE_FRESH);
  g_assert_cmpint (sk_refund_age_from_times (0, 24 * 3600 - 1), ==, SK_REFUND_AGE_FRESH);
  g_assert_cmpint (sk_refund_age_from_times (0, 24 * 3600), ==, SK_REFUND_AGE_DUE);
  g_assert_cmpint (sk_refund_age_from_times (0, 48 * 3600), ==, SK_REFUND_AGE_OVERDUE);
}

static void
test_policy_values (void)
{
  g_autoptr(SkRefundPolicy) policy = sk_refund_policy_new ();
  g_autoptr(SkRefundPolicy) copy = NULL;
  g_autoptr(GError) error = NULL;
  gint64 product = 7;
  SkRefundReason reason;
  SkRefundOutcome outcome;

  g_assert_true (sk_refund_policy_validate (policy, &error));
  g_assert_no_error (error);

  g_array_append_val (policy->final_sale_products, product);
  g_ptr_array_add (policy->final_sale_categories, g_strdup ("Sale"));
  copy = sk_refund_policy_copy (policy);
  g_assert_cmpuint (copy->final_sale_products->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (copy->final_sale_categories, 0), ==, "Sale");
  g_assert_true (sk_refund_policy_is_final_sale (copy, 7, NULL, NULL));
  g_assert_false (sk_refund_policy_is_final_sale (copy, 8, NULL, NULL));

  policy->restocking_fee_bp = 10001;
  g_assert_false (sk_refund_policy_validate (policy, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  policy->restocking_fee_bp = 0;
  policy->window_days = -1;
  g_assert_false (sk_refund_policy_validate (policy, &error));
  g_clear_error (&error);
  policy->window_days = 30;
  policy->staff_limit = -5;
  g_assert_false (sk_refund_policy_validate (policy, &error));
  g_clear_error (&error);
  policy->staff_limit = 0;
  g_ptr_array_add (policy->final_sale_categories, g_strdup ("two\nlines"));
  g_assert_false (sk_refund_policy_validate (policy, &error));
  g_clear_error (&error);

  for (guint i = 0; i < SK_REFUND_N_REASONS; i++)
    {
      g_assert_true (sk_refund_reason_from_string (sk_refund_reason_to_string (i), &reason));
      g_assert_cmpint (reason, ==, i);
      g_assert_cmpstr (sk_refund_reason_get_label (i), !=, "");
    }
  g_assert_false (sk_refund_reason_from_string ("bored", &reason));
  g_assert_true (sk_refund_outcome_from_string ("store-credit", &outcome));
  g_assert_cmpint (outcome, ==, SK_REFUND_OUTCOME_STORE_CREDIT);
  g_assert_false (sk_refund_outcome_from_string (NULL, &outcome));
}

/* Unix seconds of a wall-clock time in @zone. */
static gint64
at_local (GTimeZone *zone,
          int        year,
          int        month,
          int        day,
          int        hour,
          int        minute,
          int        second)
{
  g_autoptr(GDateTime) t = g_date_time_new (zone, year, month, day, hour, minute, (gdouble) second);

  g_assert_nonnull (t);
  return g_date_time_to_unix (t);
}

static gint64
day_of (Fixture *f,
        gint64   now,
        SkRefundStanding *out_standing)
{
  g_autoptr(SkRefundVerdict) verdict = NULL;

  f->rcase.now = now;
  verdict = sk_refund_verdict_compute (f->policy, &f->rcase);
  if (out_standing != NULL)
    *out_standing = verdict->standing;

  return verdict->day;
}

static void
test_days_in_shop_zone (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GTimeZone) brisbane = g_time_zone_new_identifier ("Australia/Brisbane");
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  SkRefundStanding standing;

  g_assert_nonnull (brisbane);
  g_assert_nonnull (berlin);

  /* A shop in UTC+10: delivered on 1 June at 23:00, asked on 1 July at
   * 07:00 local. That is day 31 of a 30-day window for the shop (and the
   * customer), though only 29 days and 8 hours went by and it is still
   * 30 June in UTC. */
  f->rcase.delivered_at = at_local (brisbane, 2026, 6, 1, 23, 0, 0);
  f->rcase.time_zone = brisbane;
  g_assert_cmpint (day_of (f, at_local (brisbane, 2026, 7, 1, 7, 0, 0), &standing), ==, 31);
  g_assert_cmpint (standing, ==, SK_REFUND_STANDING_IN_GRACE);
  f->rcase.time_zone = utc;
  g_assert_cmpint (day_of (f, at_local (brisbane, 2026, 7, 1, 7, 0, 0), &standing), ==, 30);
  g_assert_cmpint (standing, ==, SK_REFUND_STANDING_IN_POLICY);

  /* Around the shop's midnight: the last second of day 30 is in the
   * window, the first of day 31 is not. */
  f->rcase.time_zone = brisbane;
  g_assert_cmpint (day_of (f, at_local (brisbane, 2026, 6, 30, 23, 59, 59), &standing), ==, 30);
  g_assert_cmpint (standing, ==, SK_REFUND_STANDING_IN_POLICY);
  g_assert_cmpint (day_of (f, at_local (brisbane, 2026, 7, 1, 0, 0, 0), &standing), ==, 31);
  g_assert_cmpint (standing, ==, SK_REFUND_STANDING_IN_GRACE);
  /* The delivery day is day 1 however late it was delivered. */
  g_assert_cmpint (day_of (f, at_local (brisbane, 2026, 6, 1, 23, 59, 59), NULL), ==, 1);
  g_assert_cmpint (day_of (f, at_local (brisbane, 2026, 6, 2, 0, 0, 0), NULL), ==, 2);
  /* A clock behind the delivery counts as the delivery day. */
  g_assert_cmpint (day_of (f, f->rcase.delivered_at - 3600, NULL), ==, 1);

  /* Summer time starts (29 March 2026 in Berlin, a 23-hour day) and ends
   * (25 October, 25 hours) inside the window: still calendar days. */
  f->rcase.time_zone = berlin;
  f->rcase.delivered_at = at_local (berlin, 2026, 3, 28, 12, 0, 0);
  g_assert_cmpint (day_of (f, at_local (berlin, 2026, 4, 26, 23, 59, 59), NULL), ==, 30);
  g_assert_cmpint (day_of (f, at_local (berlin, 2026, 4, 27, 0, 0, 0), NULL), ==, 31);
  f->rcase.delivered_at = at_local (berlin, 2026, 10, 24, 12, 0, 0);
  g_assert_cmpint (day_of (f, at_local (berlin, 2026, 11, 22, 23, 59, 59), NULL), ==, 30);
  g_assert_cmpint (day_of (f, at_local (berlin, 2026, 11, 23, 0, 0, 0), NULL), ==, 31);
  /* The hour that happens twice (02:00-03:00 on 25 October) is one day. */
  f->rcase.delivered_at = at_local (berlin, 2026, 10, 25, 0, 30, 0);
  g_assert_cmpint (day_of (f, at_local (berlin, 2026, 10, 25, 23, 59, 59), NULL), ==, 1);

  f->rcase.time_zone = NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/refund-policy/in-policy", test_in_policy);
  ADD ("/refund-policy/grace", test_grace);
  ADD ("/refund-policy/days-in-shop-zone", test_days_in_shop_zone);
  ADD ("/refund-policy/out-of-window", test_out_of_window);
  ADD ("/refund-policy/final-sale", test_final_sale);
  ADD ("/refund-policy/partial-quantities", test_partial_quantities);
  ADD ("/refund-policy/quantity-exceeded", test_quantity_exceeded);
  ADD ("/refund-policy/restocking-fee", test_restocking_fee);
  ADD ("/refund-policy/staff-limit", test_staff_limit);
  ADD ("/refund-policy/conditions-guarantee", test_conditions_and_guarantee);
  ADD ("/refund-policy/shipping", test_shipping);
#undef ADD
  g_test_add_func ("/refund-policy/arithmetic", test_arithmetic);
  g_test_add_func ("/refund-policy/values", test_policy_values);

  return g_test_run ();
}
