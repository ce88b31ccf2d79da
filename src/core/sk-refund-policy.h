/* sk-refund-policy.h — the shop's return policy and the verdict on a
 * request: pure rules and integer arithmetic, no I/O.
 *
 * Days are counted from delivery (the order's completion, or the date the
 * desk marked it shipped): the day of delivery is day 1, so a request
 * 30 × 24 h after delivery is on day 31. Day numbers follow UTC seconds
 * (86,400 s a day), which is what the database holds.
 *
 * Amounts: a line refunds @quantity of @quantity_bought units of the
 * order's line, pro rata of the line's total (after discounts) and of its
 * tax, each rounded half up to the minor unit (the full quantity gives
 * exactly the line's total and tax). The restocking fee is the policy's
 * basis points of the line's net and of its tax, each rounded half up,
 * per line, never more than the line; it is waived when the shop is at
 * fault (defective, damaged, wrong or not as described).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

/* Stored in the database as text (see sk_refund_outcome_to_string ()). */
typedef enum
{
  SK_REFUND_OUTCOME_REFUND = 0,        /* money back */
  SK_REFUND_OUTCOME_EXCHANGE,          /* a coupon worth the items, to order the replacement */
  SK_REFUND_OUTCOME_STORE_CREDIT,      /* a coupon only this customer may use */
} SkRefundOutcome;

/* Why the customer wants to return; stored as text. */
typedef enum
{
  SK_REFUND_REASON_CHANGED_MIND = 0,
  SK_REFUND_REASON_WRONG_SIZE,
  SK_REFUND_REASON_DEFECTIVE,          /* shop's fault */
  SK_REFUND_REASON_DAMAGED,            /* damaged in transit: shop's fault */
  SK_REFUND_REASON_WRONG_ITEM,         /* shop's fault */
  SK_REFUND_REASON_NOT_AS_DESCRIBED,   /* shop's fault */
  SK_REFUND_REASON_ARRIVED_LATE,
  SK_REFUND_REASON_OTHER,
  SK_REFUND_N_REASONS,
} SkRefundReason;

/* The condition rules a clerk ticks for the returned goods. */
typedef enum
{
  SK_RETURN_CONDITION_NONE               = 0,
  SK_RETURN_CONDITION_UNOPENED           = 1 << 0,
  SK_RETURN_CONDITION_UNUSED             = 1 << 1,
  SK_RETURN_CONDITION_ORIGINAL_PACKAGING = 1 << 2,
  SK_RETURN_CONDITION_TAGS_ATTACHED      = 1 << 3,
  SK_RETURN_CONDITION_PROOF_OF_PURCHASE  = 1 << 4,
} SkReturnCondition;

#define SK_RETURN_CONDITION_ALL 0x1f
#define SK_RETURN_N_CONDITIONS 5

typedef enum
{
  SK_RETURN_SHIPPING_CUSTOMER = 0,     /* the customer sends the goods back at their cost */
  SK_RETURN_SHIPPING_SHOP,             /* the shop pays (a prepaid label) */
} SkReturnShippingPayer;

typedef enum
{
  SK_REFUND_METHOD_GATEWAY = 0,        /* charged back through the payment gateway (api_refund) */
  SK_REFUND_METHOD_MANUAL,             /* recorded only; the shop pays back by hand */
} SkRefundMethod;

/* The shop's policy. Persisted under the "refunds.*" keys of
 * sk-shop-settings.h by the refund desk (sk-refund-desk.h). */
typedef struct
{
  gint64                 window_days;           /* return window from delivery, ≥ 0 */
  gint64                 grace_days;            /* after the window: bent without goodwill */
  gint64                 guarantee_days;        /* money-back guarantee from delivery: conditions waived; 0 none */
  GArray                *final_sale_products;   /* gint64 product remote ids, never returnable */
  GPtrArray             *final_sale_categories; /* char* category names (the store sends names), never returnable */
  guint                  required_conditions;   /* SkReturnCondition flags */
  gint64                 restocking_fee_bp;     /* basis points of the line: 1500 = 15 %, 0..10000 */
  SkReturnShippingPayer  return_shipping;
  SkRefundMethod         method;
  gint64                 staff_limit;           /* minor units a staff member may approve alone */
  gint64                 goodwill_budget;       /* minor units per calendar month for out-of-policy refunds */
  gint64                 credit_expiry_days;    /* store credit coupons expire after this; 0 never */
} SkRefundPolicy;

/* Defaults: 30-day window, 3 grace days, no guarantee, nothing final
 * sale, no conditions, no fee, the customer pays return shipping, through
 * the gateway, staff limit 100.00 and budget 200.00 (minor units of a
 * two-decimal currency: 10000 and 20000), credit valid 365 days. */
SkRefundPolicy *sk_refund_policy_new             (void);
SkRefundPolicy *sk_refund_policy_copy            (const SkRefundPolicy *policy);
void            sk_refund_policy_free            (SkRefundPolicy       *policy);
/* FALSE with a translated message in @error (G_IO_ERROR_INVALID_ARGUMENT)
 * when a value is out of range (negative days, fee above 100 %...). */
gboolean        sk_refund_policy_validate        (const SkRefundPolicy *policy,
                                                  GError              **error);
gboolean        sk_refund_policy_is_final_sale   (const SkRefundPolicy *policy,
                                                  gint64                product_remote_id,
                                                  const char * const   *categories,
                                                  const char          **out_category);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundPolicy, sk_refund_policy_free)

/* Text forms stored in the database and settings; *_from_string return
 * FALSE for an unknown text. */
const char     *sk_refund_outcome_to_string      (SkRefundOutcome       outcome);
gboolean        sk_refund_outcome_from_string    (const char           *text,
                                                  SkRefundOutcome      *out);
const char     *sk_refund_reason_to_string       (SkRefundReason        reason);
gboolean        sk_refund_reason_from_string     (const char           *text,
                                                  SkRefundReason       *out);
/* Translated, for lists and messages: "Changed their mind", "Defective". */
const char     *sk_refund_reason_get_label       (SkRefundReason        reason);
const char     *sk_refund_outcome_get_label      (SkRefundOutcome       outcome);
/* Translated: "Unopened", "Original packaging"…; @condition is one flag. */
const char     *sk_return_condition_get_label    (SkReturnCondition     condition);
/* TRUE for defective, damaged, wrong item, not as described: no
 * restocking fee, condition rules waived. (Defective and damaged items
 * are not put back in stock: SkRefundVerdict.restock.) */
gboolean        sk_refund_reason_is_shop_fault   (SkRefundReason        reason);

/* ---- the case to judge ---- */

/* One line of the order, as the verdict needs it (borrowed strings). */
typedef struct
{
  gint64              item_remote_id;
  gint64              product_remote_id;
  const char         *name;
  const char * const *categories;          /* NULL-terminated category names, or NULL */
  gint64              quantity_bought;
  gint64              quantity_returned;   /* already refunded or approved earlier */
  gint64              total;               /* the line's total after discounts, without tax */
  gint64              total_tax;
  gint64              total_refunded;      /* of @total already refunded: a line never gives back more than is left */
  gint64              tax_refunded;
} SkRefundCaseItem;

/* What is asked for one line. */
typedef struct
{
  gint64 item_remote_id;
  gint64 quantity;
} SkRefundCaseLine;

typedef struct
{
  const char             *currency;
  gint64                  ordered_at;       /* Unix seconds UTC */
  gint64                  delivered_at;     /* 0: not delivered yet (the window has not started) */
  gint64                  order_total;      /* incl. tax and shipping */
  gint64                  already_refunded; /* refunded or waiting to be, any way */
  gint64                  shipping_total;   /* the order's shipping, refundable once */
  gboolean                shipping_refunded;
  const SkRefundCaseItem *items;
  guint                   n_items;
  const SkRefundCaseLine *lines;
  guint                   n_lines;
  SkRefundReason          reason;
  SkRefundOutcome         outcome;
  guint                   conditions;       /* SkReturnCondition the goods meet */
  gboolean                refund_shipping;  /* the order's shipping is given back too */
  gint64                  now;              /* Unix seconds UTC */
  GTimeZone              *time_zone;        /* the shop's, for counting days; NULL: this computer's */
} SkRefundCase;

/* ---- the verdict ---- */

typedef enum
{
  SK_REFUND_STANDING_IN_POLICY = 0,
  SK_REFUND_STANDING_IN_GRACE,          /* within the grace days: staff may approve, no goodwill */
  SK_REFUND_STANDING_OUT_OF_POLICY,     /* an owner, a justification and goodwill budget */
  SK_REFUND_STANDING_IMPOSSIBLE,        /* cannot be approved at all (more than bought, nothing asked) */
} SkRefundStanding;

/* Each reason a verdict gives; codes are stored in decisions' JSON as
 * their text (sk_refund_verdict_code_to_string ()). */
typedef enum
{
  SK_VERDICT_IN_WINDOW = 0,          /* info: "Day 12 of a 30-day return window" */
  SK_VERDICT_NOT_DELIVERED,          /* info: not delivered yet, the window has not started */
  SK_VERDICT_IN_GUARANTEE,           /* info: day 40 of a 60-day money-back guarantee */
  SK_VERDICT_IN_GRACE,               /* grace: "Day 32 of a 30-day return window (2 of 3 grace days)" */
  SK_VERDICT_OUT_OF_WINDOW,          /* out: "Day 40 of a 30-day return window" */
  SK_VERDICT_FINAL_SALE_PRODUCT,     /* out, one line: "“Linen Shirt” is a final-sale item" */
  SK_VERDICT_FINAL_SALE_CATEGORY,    /* out, one line: "“Linen Shirt” is in the final-sale category “Sale”" */
  SK_VERDICT_CONDITION_MISSING,      /* out: "The goods must be unopened" */
  SK_VERDICT_SHOP_FAULT,             /* info: the shop's fault: no fee, conditions waived */
  SK_VERDICT_RESTOCKING_FEE,         /* info: "A 15 % restocking fee applies" */
  SK_VERDICT_ABOVE_STAFF_LIMIT,      /* info: an owner must approve above the limit */
  SK_VERDICT_QUANTITY_EXCEEDED,      /* impossible: "Only 2 of these were bought" */
  SK_VERDICT_UNKNOWN_ITEM,           /* impossible: the line is not in the order */
  SK_VERDICT_NOTHING_REQUESTED,      /* impossible */
  SK_VERDICT_EXCEEDS_REMAINING,      /* impossible: more than is left to refund on the order */
  SK_VERDICT_N_CODES,
} SkVerdictCode;

typedef enum
{
  SK_VERDICT_SEVERITY_INFO = 0,
  SK_VERDICT_SEVERITY_GRACE,
  SK_VERDICT_SEVERITY_OUT,
  SK_VERDICT_SEVERITY_BLOCKING,
} SkVerdictSeverity;

typedef struct
{
  SkVerdictCode      code;
  SkVerdictSeverity  severity;
  gint               line;            /* index into the case's lines, -1 for the whole request */
  char              *text;            /* translated sentence */
} SkVerdictReason;

/* What one requested line refunds, in minor units. */
typedef struct
{
  gint64   item_remote_id;
  gint64   quantity;
  gint64   gross_total;       /* pro rata of the line's total, before the fee */
  gint64   gross_tax;
  gint64   fee_total;         /* restocking fee on the net part */
  gint64   fee_tax;           /* and on the tax part */
  gint64   refund_total;      /* gross_total - fee_total */
  gint64   refund_tax;        /* gross_tax - fee_tax */
  gboolean out_of_policy;     /* this line alone breaks the policy (final sale) */
} SkVerdictLine;

typedef struct
{
  SkRefundStanding  standing;
  GPtrArray        *reasons;          /* SkVerdictReason*, most severe first */
  GArray           *lines;            /* SkVerdictLine, in the order of the case's lines */
  char             *currency;
  gint64            day;              /* day N after delivery (day of delivery = 1); 0 not delivered */
  gint64            lines_total;      /* sum of refund_total + refund_tax */
  gint64            restocking_fee;   /* sum of the fees, net and tax */
  gint64            shipping;         /* the order's shipping given back, 0 if not */
  gint64            total;            /* lines_total + shipping */
  gint64            goodwill;         /* the out-of-policy part of total (the whole total out of the window) */
  gboolean          owner_required;   /* above the staff limit, or out of policy */
  gboolean          needs_justification; /* out of policy */
  gboolean          api_refund;       /* through the gateway (policy method) */
  gboolean          restock;          /* put the items back in stock (not for the shop's faults) */
} SkRefundVerdict;

/* Judges @rcase against @policy. Never fails: a case that cannot be
 * refunded gets SK_REFUND_STANDING_IMPOSSIBLE with its reasons. */
SkRefundVerdict *sk_refund_verdict_compute       (const SkRefundPolicy *policy,
                                                  const SkRefundCase   *rcase);
void             sk_refund_verdict_free          (SkRefundVerdict      *verdict);
/* TRUE if any reason has @code. */
gboolean         sk_refund_verdict_has_code      (const SkRefundVerdict *verdict,
                                                  SkVerdictCode         code);
const char      *sk_refund_verdict_code_to_string (SkVerdictCode        code);
const char      *sk_refund_standing_to_string    (SkRefundStanding      standing);
/* Translated one-word summary: "In policy", "In grace period",
 * "Out of policy", "Not possible". */
const char      *sk_refund_standing_get_label    (SkRefundStanding      standing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundVerdict, sk_refund_verdict_free)

/* The arithmetic, exposed for tests: @part of @whole of @amount, rounded
 * half up ((amount × part × 2 + whole) / (2 × whole) on non-negative
 * values); FALSE on overflow or a negative/zero @whole. */
gboolean         sk_refund_prorate               (gint64                amount,
                                                  gint64                part,
                                                  gint64                whole,
                                                  gint64               *out);
/* @basis_points of @amount rounded half up, never above @amount. */
gint64           sk_refund_fee                   (gint64                amount,
                                                  gint64                basis_points);

/* ---- the queue's response targets ---- */

#define SK_REFUND_TARGET_SECONDS  (24 * 60 * 60)   /* answer within 24 h */
#define SK_REFUND_OVERDUE_SECONDS (48 * 60 * 60)   /* overdue after 48 h */

typedef enum
{
  SK_REFUND_AGE_FRESH = 0,   /* under 24 h */
  SK_REFUND_AGE_DUE,         /* 24 h to 48 h: should have been answered */
  SK_REFUND_AGE_OVERDUE,     /* 48 h or more */
} SkRefundAge;

SkRefundAge      sk_refund_age_from_times        (gint64                created_at,
                                                  gint64                now);

G_END_DECLS
