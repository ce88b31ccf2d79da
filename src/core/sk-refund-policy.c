/* sk-refund-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-policy"

#include "config.h"

#include "sk-refund-policy.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sk-money.h"
#include "sk-ship-date.h"

/* Nobody offers a return window of more than ten years; the bound keeps
 * day arithmetic far from overflow. */
#define MAX_DAYS 3660

static const char * const outcome_names[] = { "refund", "exchange", "store-credit" };

static const char * const reason_names[SK_REFUND_N_REASONS] = {
  "changed-mind", "wrong-size", "defective", "damaged",
  "wrong-item", "not-as-described", "arrived-late", "other",
};

static const char * const code_names[SK_VERDICT_N_CODES] = {
  "in-window", "not-delivered", "in-guarantee", "in-grace", "out-of-window",
  "final-sale-product", "final-sale-category", "condition-missing", "shop-fault",
  "restocking-fee", "above-staff-limit", "quantity-exceeded", "unknown-item",
  "nothing-requested", "exceeds-remaining",
};

static const char * const standing_names[] = { "in-policy", "in-grace", "out-of-policy", "impossible" };

SkRefundPolicy *
sk_refund_policy_new (void)
{
  SkRefundPolicy *policy = g_new0 (SkRefundPolicy, 1);

  policy->window_days = 30;
  policy->grace_days = 3;
  policy->guarantee_days = 0;
  policy->final_sale_products = g_array_new (FALSE, FALSE, sizeof (gint64));
  policy->final_sale_categories = g_ptr_array_new_with_free_func (g_free);
  policy->required_conditions = SK_RETURN_CONDITION_NONE;
  policy->restocking_fee_bp = 0;
  policy->return_shipping = SK_RETURN_SHIPPING_CUSTOMER;
  policy->method = SK_REFUND_METHOD_GATEWAY;
  policy->staff_limit = 10000;
  policy->goodwill_budget = 20000;
  policy->credit_expiry_days = 365;

  return policy;
}

SkRefundPolicy *
sk_refund_policy_copy (const SkRefundPolicy *policy)
{
  SkRefundPolicy *copy;

  g_return_val_if_fail (policy != NULL, NULL);

  copy = sk_refund_policy_new ();
  copy->window_days = policy->window_days;
  copy->grace_days = policy->grace_days;
  copy->guarantee_days = policy->guarantee_days;
  if (policy->final_sale_products != NULL)
    g_array_append_vals (copy->final_sale_products,
                         policy->final_sale_products->data,
                         policy->final_sale_products->len);
  if (policy->final_sale_categories != NULL)
    for (guint i = 0; i < policy->final_sale_categories->len; i++)
      g_ptr_array_add (copy->final_sale_categories,
                       g_strdup (g_ptr_array_index (policy->final_sale_categories, i)));
  copy->required_conditions = policy->required_conditions;
  copy->restocking_fee_bp = policy->restocking_fee_bp;
  copy->return_shipping = policy->return_shipping;
  copy->method = policy->method;
  copy->staff_limit = policy->staff_limit;
  copy->goodwill_budget = policy->goodwill_budget;
  copy->credit_expiry_days = policy->credit_expiry_days;

  return copy;
}

void
sk_refund_policy_free (SkRefundPolicy *policy)
{
  if (policy == NULL)
    return;

  g_clear_pointer (&policy->final_sale_products, g_array_unref);
  g_clear_pointer (&policy->final_sale_categories, g_ptr_array_unref);
  g_free (policy);
}

gboolean
sk_refund_policy_validate (const SkRefundPolicy  *policy,
                           GError               **error)
{
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (policy->window_days < 0 || policy->window_days > MAX_DAYS
      || policy->grace_days < 0 || policy->grace_days > MAX_DAYS
      || policy->guarantee_days < 0 || policy->guarantee_days > MAX_DAYS
      || policy->credit_expiry_days < 0 || policy->credit_expiry_days > MAX_DAYS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is the largest number of days allowed */
                   _("Numbers of days must be between 0 and %d."), MAX_DAYS);
      return FALSE;
    }

  if (policy->restocking_fee_bp < 0 || policy->restocking_fee_bp > 10000)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The restocking fee must be between 0 % and 100 %."));
      return FALSE;
    }

  if (policy->staff_limit < 0 || policy->goodwill_budget < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The staff limit and the goodwill budget cannot be negative."));
      return FALSE;
    }

  if ((policy->required_conditions & ~(guint) SK_RETURN_CONDITION_ALL) != 0
      || (guint) policy->return_shipping > SK_RETURN_SHIPPING_SHOP
      || (guint) policy->method > SK_REFUND_METHOD_MANUAL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The return policy holds a value this version does not know."));
      return FALSE;
    }

  if (policy->final_sale_products != NULL)
    for (guint i = 0; i < policy->final_sale_products->len; i++)
      if (g_array_index (policy->final_sale_products, gint64, i) <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A final-sale product is not a product of the store."));
          return FALSE;
        }

  if (policy->final_sale_categories != NULL)
    for (guint i = 0; i < policy->final_sale_categories->len; i++)
      {
        const char *name = g_ptr_array_index (policy->final_sale_categories, i);

        if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL)
            || strchr (name, '\n') != NULL || strlen (name) > 200)
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("A final-sale category needs a name of one line."));
            return FALSE;
          }
      }

  return TRUE;
}

gboolean
sk_refund_policy_is_final_sale (const SkRefundPolicy *policy,
                                gint64                product_remote_id,
                                const char * const   *categories,
                                const char          **out_category)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  if (out_category != NULL)
    *out_category = NULL;

  if (policy->final_sale_products != NULL && product_remote_id > 0)
    for (guint i = 0; i < policy->final_sale_products->len; i++)
      if (g_array_index (policy->final_sale_products, gint64, i) == product_remote_id)
        return TRUE;

  if (policy->final_sale_categories != NULL && categories != NULL)
    for (guint c = 0; categories[c] != NULL; c++)
      for (guint i = 0; i < policy->final_sale_categories->len; i++)
        {
          const char *name = g_ptr_array_index (policy->final_sale_categories, i);

          /* The store's category names are what the owner picked from, so
           * an exact match (ignoring ASCII case) is the intended one. */
          if (g_ascii_strcasecmp (name, categories[c]) == 0)
            {
              if (out_category != NULL)
                *out_category = categories[c];
              return TRUE;
            }
        }

  return FALSE;
}

const char *
sk_refund_outcome_to_string (SkRefundOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), "refund");

  return outcome_names[outcome];
}

gboolean
sk_refund_outcome_from_string (const char      *text,
                               SkRefundOutcome *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (outcome_names); i++)
    if (g_str_equal (text, outcome_names[i]))
      {
        *out = (SkRefundOutcome) i;
        return TRUE;
      }

  return FALSE;
}

const char *
sk_refund_reason_to_string (SkRefundReason reason)
{
  g_return_val_if_fail ((guint) reason < SK_REFUND_N_REASONS, "other");

  return reason_names[reason];
}

gboolean
sk_refund_reason_from_string (const char     *text,
                              SkRefundReason *out)
{
  for (guint i = 0; text != NULL && i < SK_REFUND_N_REASONS; i++)
    if (g_str_equal (text, reason_names[i]))
      {
        *out = (SkRefundReason) i;
        return TRUE;
      }

  return FALSE;
}

const char *
sk_refund_reason_get_label (SkRefundReason reason)
{
  switch (reason)
    {
    case SK_REFUND_REASON_CHANGED_MIND:
      return C_("refund reason", "Changed their mind");
    case SK_REFUND_REASON_WRONG_SIZE:
      return C_("refund reason", "Wrong size or fit");
    case SK_REFUND_REASON_DEFECTIVE:
      return C_("refund reason", "Defective");
    case SK_REFUND_REASON_DAMAGED:
      return C_("refund reason", "Damaged in transit");
    case SK_REFUND_REASON_WRONG_ITEM:
      return C_("refund reason", "Wrong item sent");
    case SK_REFUND_REASON_NOT_AS_DESCRIBED:
      return C_("refund reason", "Not as described");
    case SK_REFUND_REASON_ARRIVED_LATE:
      return C_("refund reason", "Arrived too late");
    case SK_REFUND_REASON_OTHER:
    case SK_REFUND_N_REASONS:
    default:
      return C_("refund reason", "Other");
    }
}

const char *
sk_refund_outcome_get_label (SkRefundOutcome outcome)
{
  switch (outcome)
    {
    case SK_REFUND_OUTCOME_EXCHANGE:
      return C_("refund outcome", "Exchange");
    case SK_REFUND_OUTCOME_STORE_CREDIT:
      return C_("refund outcome", "Store credit");
    case SK_REFUND_OUTCOME_REFUND:
    default:
      return C_("refund outcome", "Refund");
    }
}

const char *
sk_return_condition_get_label (SkReturnCondition condition)
{
  switch (condition)
    {
    case SK_RETURN_CONDITION_UNOPENED:
      return C_("return condition", "Unopened");
    case SK_RETURN_CONDITION_UNUSED:
      return C_("return condition", "Unused");
    case SK_RETURN_CONDITION_ORIGINAL_PACKAGING:
      return C_("return condition", "In the original packaging");
    case SK_RETURN_CONDITION_TAGS_ATTACHED:
      return C_("return condition", "Tags still attached");
    case SK_RETURN_CONDITION_PROOF_OF_PURCHASE:
      return C_("return condition", "Proof of purchase");
    case SK_RETURN_CONDITION_NONE:
    default:
      return "";
    }
}

gboolean
sk_refund_reason_is_shop_fault (SkRefundReason reason)
{
  return reason == SK_REFUND_REASON_DEFECTIVE
         || reason == SK_REFUND_REASON_DAMAGED
         || reason == SK_REFUND_REASON_WRONG_ITEM
         || reason == SK_REFUND_REASON_NOT_AS_DESCRIBED;
}

/* What the condition rule asks, as a sentence for the verdict. */
static const char *
condition_requirement (SkReturnCondition condition)
{
  switch (condition)
    {
    case SK_RETURN_CONDITION_UNOPENED:
      return _("The policy asks for unopened goods.");
    case SK_RETURN_CONDITION_UNUSED:
      return _("The policy asks for unused goods.");
    case SK_RETURN_CONDITION_ORIGINAL_PACKAGING:
      return _("The policy asks for the original packaging.");
    case SK_RETURN_CONDITION_TAGS_ATTACHED:
      return _("The policy asks for the tags to be attached.");
    case SK_RETURN_CONDITION_PROOF_OF_PURCHASE:
      return _("The policy asks for a proof of purchase.");
    case SK_RETURN_CONDITION_NONE:
    default:
      return "";
    }
}

/* ---- arithmetic ---- */

gboolean
sk_refund_prorate (gint64  amount,
                   gint64  part,
                   gint64  whole,
                   gint64 *out)
{
  gint64 product;
  gint64 doubled;
  gint64 numerator;

  g_return_val_if_fail (out != NULL, FALSE);

  if (whole <= 0 || amount < 0 || part < 0)
    return FALSE;

  /* Half up: (2 × amount × part + whole) / (2 × whole), all checked. */
  if (!sk_money_mul (amount, part, &product)
      || !sk_money_mul (product, 2, &doubled)
      || !sk_money_add (doubled, whole, &numerator)
      || whole > G_MAXINT64 / 2)
    return FALSE;

  *out = numerator / (2 * whole);
  return TRUE;
}

gint64
sk_refund_fee (gint64 amount,
               gint64 basis_points)
{
  gint64 fee;

  if (amount <= 0 || basis_points <= 0)
    return 0;
  if (basis_points >= 10000)
    return amount;

  if (!sk_refund_prorate (amount, basis_points, 10000, &fee))
    {
      /* Only amounts near G_MAXINT64 get here: fall back to the exact
       * quotient and remainder, still rounding half up. */
      gint64 q = amount / 10000;
      gint64 r = amount % 10000;

      fee = q * basis_points + (r * basis_points * 2 + 10000) / 20000;
    }

  return MIN (fee, amount);
}

SkRefundAge
sk_refund_age_from_times (gint64 created_at,
                          gint64 now)
{
  gint64 age = now - created_at;

  if (age >= SK_REFUND_OVERDUE_SECONDS)
    return SK_REFUND_AGE_OVERDUE;
  if (age >= SK_REFUND_TARGET_SECONDS)
    return SK_REFUND_AGE_DUE;
  return SK_REFUND_AGE_FRESH;
}

/* ---- the verdict ---- */

static void
verdict_reason_free (gpointer data)
{
  SkVerdictReason *reason = data;

  g_free (reason->text);
  g_free (reason);
}

G_GNUC_PRINTF (5, 6)
static void
add_reason (SkRefundVerdict   *verdict,
            SkVerdictCode      code,
            SkVerdictSeverity  severity,
            gint               line,
            const char        *format,
            ...)
{
  SkVerdictReason *reason = g_new0 (SkVerdictReason, 1);
  va_list args;

  reason->code = code;
  reason->severity = severity;
  reason->line = line;
  va_start (args, format);
  reason->text = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (verdict->reasons, reason);
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const SkVerdictReason *x = *(SkVerdictReason * const *) a;
  const SkVerdictReason *y = *(SkVerdictReason * const *) b;

  return (int) y->severity - (int) x->severity;
}

/* "15 %", "12.5 %", "7.25 %" for basis points. */
static char *
format_percent (gint64 basis_points)
{
  gint64 whole = basis_points / 100;
  gint64 hundredths = basis_points % 100;

  if (hundredths == 0)
    return g_strdup_printf ("%lld %%", (long long) whole);
  if (hundredths % 10 == 0)
    return g_strdup_printf ("%lld.%lld %%", (long long) whole, (long long) (hundredths / 10));
  return g_strdup_printf ("%lld.%02lld %%", (long long) whole, (long long) hundredths);
}

static const SkRefundCaseItem *
find_item (const SkRefundCase *rcase,
           gint64              item_remote_id)
{
  for (guint i = 0; i < rcase->n_items; i++)
    if (rcase->items[i].item_remote_id == item_remote_id)
      return &rcase->items[i];

  return NULL;
}

/* The share of a line for @quantity units, such that returning a line in
 * several requests adds up to exactly the line: the last units get what
 * is left after the earlier ones. */
static gboolean
line_share (gint64  amount,
            gint64  quantity,
            gint64  returned,
            gint64  bought,
            gint64 *out)
{
  gint64 before;

  if (quantity + returned == bought)
    {
      if (!sk_refund_prorate (amount, returned, bought, &before))
        return FALSE;
      *out = amount - before;
      return TRUE;
    }

  return sk_refund_prorate (amount, quantity, bought, out);
}

SkRefundVerdict *
sk_refund_verdict_compute (const SkRefundPolicy *policy,
                           const SkRefundCase   *rcase)
{
  g_autoptr(SkRefundVerdict) verdict = NULL;
  SkVerdictSeverity worst = SK_VERDICT_SEVERITY_INFO;
  gboolean shop_fault;
  gboolean whole_request_out = FALSE;
  gboolean in_guarantee = FALSE;
  gboolean overflow = FALSE;
  gboolean asked_any = FALSE;
  gint64 out_of_policy_lines = 0;
  gint64 remaining;

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (rcase != NULL, NULL);
  g_return_val_if_fail (rcase->n_items == 0 || rcase->items != NULL, NULL);
  g_return_val_if_fail (rcase->n_lines == 0 || rcase->lines != NULL, NULL);

  verdict = g_new0 (SkRefundVerdict, 1);
  verdict->reasons = g_ptr_array_new_with_free_func (verdict_reason_free);
  verdict->lines = g_array_new (FALSE, TRUE, sizeof (SkVerdictLine));
  verdict->currency = g_strdup (rcase->currency != NULL ? rcase->currency : "");
  verdict->api_refund = policy->method == SK_REFUND_METHOD_GATEWAY;
  shop_fault = sk_refund_reason_is_shop_fault (rcase->reason);
  /* Broken goods do not go back on the shelf; a wrong or misdescribed
   * item is as good as new. */
  verdict->restock = rcase->reason != SK_REFUND_REASON_DEFECTIVE
                     && rcase->reason != SK_REFUND_REASON_DAMAGED;

  /* The window, counted in the shop's calendar days from delivery (day 1
   * = the delivery's local date): what the customer and the shop call
   * "day 30", whatever the hour, however long the days around a change to
   * or from summer time. */
  if (rcase->delivered_at <= 0)
    {
      verdict->day = 0;
      add_reason (verdict, SK_VERDICT_NOT_DELIVERED, SK_VERDICT_SEVERITY_INFO, -1, "%s",
                  _("Not delivered yet: the return window has not started."));
    }
  else
    {
      g_autoptr(GTimeZone) zone = rcase->time_zone != NULL ? g_time_zone_ref (rcase->time_zone)
                                                            : g_time_zone_new_local ();
      GDate delivered;
      GDate today;

      sk_ship_date_local_date (zone, rcase->delivered_at, &delivered);
      sk_ship_date_local_date (zone, MAX (rcase->now, rcase->delivered_at), &today);
      verdict->day = (gint64) g_date_days_between (&delivered, &today) + 1;
      in_guarantee = policy->guarantee_days > 0 && verdict->day <= policy->guarantee_days;

      if (verdict->day <= policy->window_days)
        {
          add_reason (verdict, SK_VERDICT_IN_WINDOW, SK_VERDICT_SEVERITY_INFO, -1,
                      /* Translators: "Day 12 of a 30-day return window" */
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Day %lld of a %lld-day return window.",
                                   "Day %lld of a %lld-day return window.",
                                   (gulong) policy->window_days),
                      (long long) verdict->day, (long long) policy->window_days);
        }
      else if (in_guarantee)
        {
          add_reason (verdict, SK_VERDICT_IN_GUARANTEE, SK_VERDICT_SEVERITY_INFO, -1,
                      /* Translators: "Day 40 of a 60-day money-back guarantee" */
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Day %lld of a %lld-day money-back guarantee.",
                                   "Day %lld of a %lld-day money-back guarantee.",
                                   (gulong) policy->guarantee_days),
                      (long long) verdict->day, (long long) policy->guarantee_days);
        }
      else if (verdict->day <= policy->window_days + policy->grace_days)
        {
          add_reason (verdict, SK_VERDICT_IN_GRACE, SK_VERDICT_SEVERITY_GRACE, -1,
                      /* Translators: "Day 32 of a 30-day return window, within the 3 grace days." */
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Day %lld of a %lld-day return window, within the %lld grace day.",
                                   "Day %lld of a %lld-day return window, within the %lld grace days.",
                                   (gulong) policy->grace_days),
                      (long long) verdict->day, (long long) policy->window_days,
                      (long long) policy->grace_days);
        }
      else
        {
          whole_request_out = TRUE;
          add_reason (verdict, SK_VERDICT_OUT_OF_WINDOW, SK_VERDICT_SEVERITY_OUT, -1,
                      /* Translators: "Day 40 of a 30-day return window." */
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Day %lld of a %lld-day return window.",
                                   "Day %lld of a %lld-day return window.",
                                   (gulong) policy->window_days),
                      (long long) verdict->day, (long long) policy->window_days);
        }
    }

  /* Condition rules: waived when the shop is at fault, within the
   * money-back guarantee, and before delivery. */
  if (shop_fault)
    {
      if (policy->required_conditions != 0 || policy->restocking_fee_bp > 0)
        add_reason (verdict, SK_VERDICT_SHOP_FAULT, SK_VERDICT_SEVERITY_INFO, -1, "%s",
                    _("The shop is at fault: no restocking fee, and the condition rules do not apply."));
    }
  else if (!in_guarantee && rcase->delivered_at > 0)
    {
      guint missing = policy->required_conditions & ~rcase->conditions & SK_RETURN_CONDITION_ALL;

      for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
        if (missing & (1u << bit))
          {
            whole_request_out = TRUE;
            add_reason (verdict, SK_VERDICT_CONDITION_MISSING, SK_VERDICT_SEVERITY_OUT, -1,
                        "%s", condition_requirement ((SkReturnCondition) (1u << bit)));
          }
    }

  for (guint i = 0; i < rcase->n_lines; i++)
    {
      const SkRefundCaseLine *asked = &rcase->lines[i];
      const SkRefundCaseItem *item = find_item (rcase, asked->item_remote_id);
      SkVerdictLine line = { 0, };
      const char *category = NULL;
      const char *name;
      gint64 available;

      line.item_remote_id = asked->item_remote_id;
      line.quantity = asked->quantity;

      if (item == NULL)
        {
          add_reason (verdict, SK_VERDICT_UNKNOWN_ITEM, SK_VERDICT_SEVERITY_BLOCKING, (gint) i, "%s",
                      _("An item asked for is not part of this order."));
          g_array_append_val (verdict->lines, line);
          continue;
        }

      name = item->name != NULL && *item->name != '\0' ? item->name : _("Unnamed item");

      if (asked->quantity <= 0)
        {
          g_array_append_val (verdict->lines, line);
          continue;
        }
      asked_any = TRUE;

      available = MAX (item->quantity_bought - MAX (item->quantity_returned, 0), 0);
      if (asked->quantity > available)
        {
          if (item->quantity_returned > 0)
            add_reason (verdict, SK_VERDICT_QUANTITY_EXCEEDED, SK_VERDICT_SEVERITY_BLOCKING, (gint) i,
                        /* Translators: "Only 1 of “Linen Shirt” is left to return (3 bought)." */
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Only %lld of “%s” is left to return (%lld bought).",
                                     "Only %lld of “%s” are left to return (%lld bought).",
                                     (gulong) available),
                        (long long) available, name, (long long) item->quantity_bought);
          else
            add_reason (verdict, SK_VERDICT_QUANTITY_EXCEEDED, SK_VERDICT_SEVERITY_BLOCKING, (gint) i,
                        /* Translators: "Only 2 of “Linen Shirt” were bought." */
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Only %lld of “%s” was bought.",
                                     "Only %lld of “%s” were bought.",
                                     (gulong) item->quantity_bought),
                        (long long) item->quantity_bought, name);
          g_array_append_val (verdict->lines, line);
          continue;
        }

      if (!line_share (MAX (item->total, 0), asked->quantity, MAX (item->quantity_returned, 0),
                       item->quantity_bought, &line.gross_total)
          || !line_share (MAX (item->total_tax, 0), asked->quantity, MAX (item->quantity_returned, 0),
                          item->quantity_bought, &line.gross_tax))
        {
          overflow = TRUE;
          g_array_append_val (verdict->lines, line);
          continue;
        }

      /* Refunds made elsewhere (the store's admin) may have taken back
       * more than the pro-rata share: never more than is left. */
      line.gross_total = CLAMP (line.gross_total, 0, MAX (item->total - MAX (item->total_refunded, 0), 0));
      line.gross_tax = CLAMP (line.gross_tax, 0, MAX (item->total_tax - MAX (item->tax_refunded, 0), 0));

      if (!shop_fault && policy->restocking_fee_bp > 0)
        {
          line.fee_total = sk_refund_fee (line.gross_total, policy->restocking_fee_bp);
          line.fee_tax = sk_refund_fee (line.gross_tax, policy->restocking_fee_bp);
        }
      line.refund_total = line.gross_total - line.fee_total;
      line.refund_tax = line.gross_tax - line.fee_tax;

      if (sk_refund_policy_is_final_sale (policy, item->product_remote_id, item->categories, &category))
        {
          line.out_of_policy = TRUE;
          if (category != NULL)
            add_reason (verdict, SK_VERDICT_FINAL_SALE_CATEGORY, SK_VERDICT_SEVERITY_OUT, (gint) i,
                        /* Translators: "“Linen Shirt” is in the final-sale category “Sale”." */
                        _("“%s” is in the final-sale category “%s”."), name, category);
          else
            add_reason (verdict, SK_VERDICT_FINAL_SALE_PRODUCT, SK_VERDICT_SEVERITY_OUT, (gint) i,
                        _("“%s” is a final-sale item."), name);
        }

      g_array_append_val (verdict->lines, line);
    }

  if (!asked_any && !sk_refund_verdict_has_code (verdict, SK_VERDICT_UNKNOWN_ITEM))
    add_reason (verdict, SK_VERDICT_NOTHING_REQUESTED, SK_VERDICT_SEVERITY_BLOCKING, -1, "%s",
                _("No item is asked for."));

  /* Sums. */
  for (guint i = 0; i < verdict->lines->len && !overflow; i++)
    {
      const SkVerdictLine *line = &g_array_index (verdict->lines, SkVerdictLine, i);
      gint64 refund;
      gint64 fee;

      if (!sk_money_add (line->refund_total, line->refund_tax, &refund)
          || !sk_money_add (line->fee_total, line->fee_tax, &fee)
          || !sk_money_add (verdict->lines_total, refund, &verdict->lines_total)
          || !sk_money_add (verdict->restocking_fee, fee, &verdict->restocking_fee))
        overflow = TRUE;
      else if (line->out_of_policy && !sk_money_add (out_of_policy_lines, refund, &out_of_policy_lines))
        overflow = TRUE;
    }

  if (verdict->restocking_fee > 0)
    {
      g_autofree char *percent = format_percent (policy->restocking_fee_bp);
      g_autofree char *amount = sk_money_format (verdict->restocking_fee, verdict->currency);

      add_reason (verdict, SK_VERDICT_RESTOCKING_FEE, SK_VERDICT_SEVERITY_INFO, -1,
                  /* Translators: "A 15 % restocking fee applies: €4.50." */
                  _("A %s restocking fee applies: %s."), percent, amount);
    }

  if (rcase->refund_shipping && !rcase->shipping_refunded && rcase->shipping_total > 0)
    verdict->shipping = rcase->shipping_total;

  if (!overflow && !sk_money_add (verdict->lines_total, verdict->shipping, &verdict->total))
    overflow = TRUE;

  if (overflow)
    {
      verdict->lines_total = verdict->restocking_fee = verdict->shipping = verdict->total = 0;
      add_reason (verdict, SK_VERDICT_EXCEEDS_REMAINING, SK_VERDICT_SEVERITY_BLOCKING, -1, "%s",
                  _("The amounts of this order are too large to refund."));
    }
  else
    {
      remaining = rcase->order_total - MAX (rcase->already_refunded, 0);
      if (verdict->total > remaining)
        {
          g_autofree char *left = sk_money_format (MAX (remaining, 0), verdict->currency);

          add_reason (verdict, SK_VERDICT_EXCEEDS_REMAINING, SK_VERDICT_SEVERITY_BLOCKING, -1,
                      /* Translators: %s is an amount of money */
                      _("Only %s is left to refund on this order."), left);
        }
    }

  verdict->goodwill = whole_request_out ? verdict->total : out_of_policy_lines;

  for (guint i = 0; i < verdict->reasons->len; i++)
    {
      const SkVerdictReason *reason = g_ptr_array_index (verdict->reasons, i);

      worst = MAX (worst, reason->severity);
    }

  switch (worst)
    {
    case SK_VERDICT_SEVERITY_BLOCKING:
      verdict->standing = SK_REFUND_STANDING_IMPOSSIBLE;
      break;
    case SK_VERDICT_SEVERITY_OUT:
      verdict->standing = SK_REFUND_STANDING_OUT_OF_POLICY;
      break;
    case SK_VERDICT_SEVERITY_GRACE:
      verdict->standing = SK_REFUND_STANDING_IN_GRACE;
      break;
    case SK_VERDICT_SEVERITY_INFO:
    default:
      verdict->standing = SK_REFUND_STANDING_IN_POLICY;
      break;
    }

  if (verdict->standing == SK_REFUND_STANDING_IMPOSSIBLE)
    verdict->goodwill = 0;

  verdict->needs_justification = verdict->standing == SK_REFUND_STANDING_OUT_OF_POLICY;
  verdict->owner_required = verdict->needs_justification;
  if (verdict->standing != SK_REFUND_STANDING_IMPOSSIBLE && verdict->total > policy->staff_limit)
    {
      g_autofree char *limit = sk_money_format (policy->staff_limit, verdict->currency);

      verdict->owner_required = TRUE;
      add_reason (verdict, SK_VERDICT_ABOVE_STAFF_LIMIT, SK_VERDICT_SEVERITY_INFO, -1,
                  /* Translators: %s is an amount of money */
                  _("Above the staff limit of %s: an owner must approve."), limit);
    }

  /* Most severe first; g_ptr_array_sort () is stable, so reasons of the
   * same severity keep their order (window, conditions, lines). */
  g_ptr_array_sort (verdict->reasons, compare_reasons);

  return g_steal_pointer (&verdict);
}

void
sk_refund_verdict_free (SkRefundVerdict *verdict)
{
  if (verdict == NULL)
    return;

  g_clear_pointer (&verdict->reasons, g_ptr_array_unref);
  g_clear_pointer (&verdict->lines, g_array_unref);
  g_free (verdict->currency);
  g_free (verdict);
}

gboolean
sk_refund_verdict_has_code (const SkRefundVerdict *verdict,
                            SkVerdictCode          code)
{
  g_return_val_if_fail (verdict != NULL, FALSE);

  for (guint i = 0; i < verdict->reasons->len; i++)
    if (((const SkVerdictReason *) g_ptr_array_index (verdict->reasons, i))->code == code)
      return TRUE;

  return FALSE;
}

const char *
sk_refund_verdict_code_to_string (SkVerdictCode code)
{
  g_return_val_if_fail ((guint) code < SK_VERDICT_N_CODES, "unknown");

  return code_names[code];
}

const char *
sk_refund_standing_to_string (SkRefundStanding standing)
{
  g_return_val_if_fail ((guint) standing < G_N_ELEMENTS (standing_names), "impossible");

  return standing_names[standing];
}

const char *
sk_refund_standing_get_label (SkRefundStanding standing)
{
  switch (standing)
    {
    case SK_REFUND_STANDING_IN_POLICY:
      return C_("refund verdict", "In policy");
    case SK_REFUND_STANDING_IN_GRACE:
      return C_("refund verdict", "In grace period");
    case SK_REFUND_STANDING_OUT_OF_POLICY:
      return C_("refund verdict", "Out of policy");
    case SK_REFUND_STANDING_IMPOSSIBLE:
    default:
      return C_("refund verdict", "Not possible");
    }
}
