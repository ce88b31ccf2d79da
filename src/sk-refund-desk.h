/* sk-refund-desk.h — refund and return requests from recording to the
 * refund in the store: the service behind the refunds area.
 *
 * One per context: sk_context_get_service (ctx, SK_TYPE_REFUND_DESK).
 *
 * Every rule is checked HERE, not only in the UI: who may approve what
 * (sk-staff-session.h), the staff limit, justifications for out-of-policy
 * approvals, the monthly goodwill budget, and that a request is decided
 * once. An approval writes the decision (append-only, with the verdict of
 * that moment), the audit entry, the refund with its line items (or the
 * store credit coupon) and the customer's message in the outbox, all in
 * one transaction that closes the request; the decision keeps the outbox
 * id. If queueing fails nothing is written and the request stays open; a
 * crash loses nothing. sk_refund_desk_resume () queues decisions written
 * without their outbox rows (by older versions) — once: a decision with
 * an outbox id is never queued again, and the outbox never posts a refund
 * twice.
 *
 * The customer's message is composed here (subject and text, translated)
 * and sent as a customer note on the order through the store, which
 * e-mails it to the customer.
 *
 * Main thread; the writes take a few milliseconds each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-refund-policy.h"
#include "sk-refunds.h"

G_BEGIN_DECLS

#define SK_REFUND_ERROR (sk_refund_error_quark ())

typedef enum
{
  SK_REFUND_ERROR_NOT_ALLOWED,          /* the person at the desk may not (needs owner rights) */
  SK_REFUND_ERROR_NEEDS_JUSTIFICATION,  /* out of policy: a written justification is required */
  SK_REFUND_ERROR_OVER_BUDGET,          /* the month's goodwill budget would be exceeded */
  SK_REFUND_ERROR_ALREADY_DECIDED,      /* the request is no longer open */
  SK_REFUND_ERROR_IMPOSSIBLE,           /* the verdict says it cannot be refunded (see its reasons) */
  SK_REFUND_ERROR_NO_STAFF,             /* nobody is at the desk */
  SK_REFUND_ERROR_NOT_FOUND,
  SK_REFUND_ERROR_INVALID,              /* bad input: the message says which */
  SK_REFUND_ERROR_NOT_QUEUED,           /* the store's change could not be queued: nothing was decided */
  SK_REFUND_ERROR_FAILED,               /* the database or a file failed: the message says why */
} SkRefundError;

/* The "refunds.*" shop settings (sk-shop-settings.h) the policy lives in. */
#define SK_REFUNDS_WINDOW_DAYS          "refunds.window-days"
#define SK_REFUNDS_GRACE_DAYS           "refunds.grace-days"
#define SK_REFUNDS_GUARANTEE_DAYS       "refunds.guarantee-days"
#define SK_REFUNDS_FINAL_SALE_PRODUCTS  "refunds.final-sale-products"    /* comma-separated ids */
#define SK_REFUNDS_FINAL_SALE_CATEGORIES "refunds.final-sale-categories" /* one name a line */
#define SK_REFUNDS_CONDITIONS           "refunds.required-conditions"    /* SkReturnCondition flags */
#define SK_REFUNDS_RESTOCKING_FEE_BP    "refunds.restocking-fee-bp"
#define SK_REFUNDS_RETURN_SHIPPING      "refunds.return-shipping"        /* "customer", "shop" */
#define SK_REFUNDS_METHOD               "refunds.method"                 /* "gateway", "manual" */
#define SK_REFUNDS_STAFF_LIMIT          "refunds.staff-limit"
#define SK_REFUNDS_GOODWILL_BUDGET      "refunds.goodwill-budget"
#define SK_REFUNDS_CREDIT_EXPIRY_DAYS   "refunds.credit-expiry-days"
/* The shop's time zone, an IANA name ("Australia/Brisbane"); unset or
 * unknown: this computer's. Return windows and the goodwill month are
 * counted in its calendar days. */
#define SK_SHOP_TIME_ZONE               "shop.time-zone"

/* A request as the clerk fills it in (all borrowed). */
typedef struct
{
  gint64                  order_id;        /* local id */
  SkRefundChannel         channel;
  SkRefundReason          reason;
  const char             *reason_text;     /* free text, may be NULL */
  SkRefundOutcome         outcome;
  guint                   conditions;      /* SkReturnCondition the goods meet */
  gboolean                refund_shipping;
  const SkRefundCaseLine *lines;           /* item ids and quantities */
  guint                   n_lines;
  const char * const     *attachments;     /* paths of files to copy, NULL-terminated, or NULL */
} SkRefundDraft;

/* One line of an approval preview. */
typedef struct
{
  gint64  item_remote_id;
  char   *name;
  gint64  quantity;
  gint64  amount;        /* before the fee, tax included */
  gint64  fee;           /* restocking fee, tax included */
  gint64  refund;        /* amount - fee */
} SkRefundPreviewLine;

/* Exactly what approving would do. */
typedef struct
{
  SkRefundRequest       *request;
  SkRefundVerdict       *verdict;
  GPtrArray             *lines;             /* SkRefundPreviewLine* */
  char                  *currency;
  gint64                 shipping;
  gint64                 restocking_fee;
  gint64                 total;             /* refunded, or the coupon's value */
  SkRefundOutcome        outcome;
  gboolean               api_refund;        /* gateway charged back (TRUE) or manual (FALSE) */
  gboolean               restock;
  SkReturnShippingPayer  return_shipping;
  char                  *coupon_code;       /* exchange / store credit: the coupon to be made; NULL for a refund */
  gint64                 coupon_expires_at; /* 0: never */
  gboolean               owner_required;
  gboolean               needs_justification;
  gboolean               allowed_now;       /* the person at the desk may approve it as things stand */
  gint64                 goodwill;          /* what it would charge to the budget */
  gint64                 goodwill_spent;    /* this month so far */
  gint64                 goodwill_budget;
  char                  *message_subject;   /* the customer's message */
  char                  *message_text;
} SkRefundPreview;

void             sk_refund_preview_free             (SkRefundPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundPreview, sk_refund_preview_free)

#define SK_TYPE_REFUND_DESK (sk_refund_desk_get_type ())
G_DECLARE_FINAL_TYPE (SkRefundDesk, sk_refund_desk, SK, REFUND_DESK, GObject)

/* Signal "changed" (no arguments): a request was created, decided or
 * cancelled, or the policy changed: reload the queue and figures. */

GQuark           sk_refund_error_quark              (void);

/* The policy now (defaults for keys never set). Free it. */
SkRefundPolicy  *sk_refund_desk_get_policy          (SkRefundDesk        *self);
/* Saves the policy (owner rights, else SK_REFUND_ERROR_NOT_ALLOWED;
 * invalid values SK_REFUND_ERROR_INVALID); audited per key. */
gboolean         sk_refund_desk_set_policy          (SkRefundDesk        *self,
                                                     const SkRefundPolicy *policy,
                                                     GError             **error);

/* An order with its lines and what was returned of each, for the form. */
SkRefundOrder   *sk_refund_desk_load_order          (SkRefundDesk        *self,
                                                     gint64               order_id,
                                                     GError             **error);
/* The local id of the order numbered @number ("1234" or "#1234"), 0 with
 * SK_REFUND_ERROR_NOT_FOUND. */
gint64           sk_refund_desk_find_order          (SkRefundDesk        *self,
                                                     const char          *number,
                                                     GError             **error);

/* The verdict on a draft, as the clerk types (nothing is written). */
SkRefundVerdict *sk_refund_desk_judge_draft         (SkRefundDesk        *self,
                                                     const SkRefundDraft *draft,
                                                     GError             **error);
/* Records a request (someone must be at the desk: SK_REFUND_ERROR_NO_STAFF),
 * copying its attachments; an impossible verdict (more than bought,
 * nothing asked) is refused with SK_REFUND_ERROR_IMPOSSIBLE. Returns the
 * id, 0 on error. */
gint64           sk_refund_desk_create_request      (SkRefundDesk        *self,
                                                     const SkRefundDraft *draft,
                                                     GError             **error);
SkRefundRequest *sk_refund_desk_get_request         (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     GError             **error);
/* The verdict on a recorded request: now while it is open (or was
 * withdrawn); once approved or denied, the verdict stored with the
 * decision, as it was then. */
SkRefundVerdict *sk_refund_desk_judge               (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     GError             **error);
/* Open requests, oldest first (SkRefundRequest*); age from created_at
 * with sk_refund_age_from_times (). */
GPtrArray       *sk_refund_desk_list_queue          (SkRefundDesk        *self,
                                                     GError             **error);
GPtrArray       *sk_refund_desk_list_for_order      (SkRefundDesk        *self,
                                                     gint64               order_id,
                                                     GError             **error);
/* SkRefundDecision*, oldest first. */
GPtrArray       *sk_refund_desk_list_decisions      (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     GError             **error);

SkRefundPreview *sk_refund_desk_preview_approval    (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     GError             **error);
/* Approves an open request (refund, exchange or store credit as the
 * request asks). Refused: nobody at the desk (NO_STAFF); an impossible
 * verdict (IMPOSSIBLE); above the staff limit or out of policy without
 * owner rights (NOT_ALLOWED); out of policy without @justification
 * (NEEDS_JUSTIFICATION); goodwill beyond the month's budget
 * (OVER_BUDGET); not open any more (ALREADY_DECIDED); the refund or
 * coupon cannot be queued (NOT_QUEUED, nothing written). Returns the
 * decision's id, 0 on error. */
gint64           sk_refund_desk_approve             (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     const char          *justification,
                                                     GError             **error);
/* The customer's message for a denial (subject in @out_subject). */
char            *sk_refund_desk_compose_denial      (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     SkRefundDenyReason   reason,
                                                     const char          *note,
                                                     char               **out_subject,
                                                     GError             **error);
/* Denies an open request with a reason template and a personal @note
 * (may be NULL); the customer gets the message. Returns the decision id. */
gint64           sk_refund_desk_deny                (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     SkRefundDenyReason   reason,
                                                     const char          *note,
                                                     GError             **error);
/* Withdraws an open request (the customer changed their mind): closed
 * without a decision, nothing sent. @note says why and is required
 * (SK_REFUND_ERROR_INVALID when blank); who and why go to the append-only
 * audit log, who and when onto the request. ALREADY_DECIDED when it is
 * not open any more. */
gboolean         sk_refund_desk_cancel              (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     const char          *note,
                                                     GError             **error);
/* Why a withdrawn request was withdrawn ("" when not withdrawn). */
char            *sk_refund_desk_get_withdrawal_note (SkRefundDesk        *self,
                                                     gint64               request_id,
                                                     GError             **error);

/* Queues the refunds and coupons of approvals that were decided but not
 * queued; returns how many were queued, -1 with @error set on failure. */
gint             sk_refund_desk_resume              (SkRefundDesk        *self,
                                                     GError             **error);

/* Goodwill charged this calendar month (local time) and the budget. */
gboolean         sk_refund_desk_get_goodwill        (SkRefundDesk        *self,
                                                     gint64              *out_spent,
                                                     gint64              *out_budget,
                                                     GError             **error);
/* The current store's currency (of its newest order); "" without
 * orders. Money on the refunds area is formatted with it. */
char            *sk_refund_desk_dup_currency        (SkRefundDesk        *self);
/* The current store's figures over [@from, @to), amounts in
 * @figures->currency. */
SkRefundFigures *sk_refund_desk_compute_figures     (SkRefundDesk        *self,
                                                     gint64               from,
                                                     gint64               to,
                                                     GError             **error);
/* The same on a worker with its own connection (the window's way: over a
 * year a large shop has hundreds of thousands of orders to count). */
void             sk_refund_desk_compute_figures_async (SkRefundDesk        *self,
                                                       gint64               from,
                                                       gint64               to,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
SkRefundFigures *sk_refund_desk_compute_figures_finish (SkRefundDesk       *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* Open requests waiting longer than @older_than_s seconds (dashboard,
 * notifications); 0 when there are none or they cannot be counted. */
gint64           sk_refund_desk_count_waiting       (SkRefundDesk        *self,
                                                     gint64               older_than_s);

G_END_DECLS
