/* sk-refunds.h — refund and return requests, their attachments and the
 * append-only decisions (schema 009).
 *
 * A request is recorded from an order by a clerk; it stays "open" until a
 * decision (approved or denied) or a cancellation closes it. Closing is a
 * conditional update (only an open request can be decided), in the same
 * transaction as the decision row and its audit entry: a second approval
 * of the same request fails, so a double click can never refund twice.
 *
 * Decisions are append-only (triggers reject UPDATE and DELETE); the one
 * exception is outbox_id, written once from 0 to the outbox row that
 * carries the refund or the coupon to the store.
 *
 * Use on the database's thread; writing needs a writable connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"
#include "sk-refund-policy.h"

G_BEGIN_DECLS

/* How the customer asked; stored as "phone", "email", "in-person". */
typedef enum
{
  SK_REFUND_CHANNEL_PHONE = 0,
  SK_REFUND_CHANNEL_EMAIL,
  SK_REFUND_CHANNEL_IN_PERSON,
} SkRefundChannel;

/* Stored as "open", "approved", "denied", "cancelled". */
typedef enum
{
  SK_REFUND_STATE_OPEN = 0,
  SK_REFUND_STATE_APPROVED,
  SK_REFUND_STATE_DENIED,
  SK_REFUND_STATE_CANCELLED,
} SkRefundState;

/* Stored as "approved", "denied". */
typedef enum
{
  SK_REFUND_DECISION_APPROVED = 0,
  SK_REFUND_DECISION_DENIED,
} SkRefundDecisionKind;

/* A reason template for a denial; stored as text. */
typedef enum
{
  SK_REFUND_DENY_OUT_OF_WINDOW = 0,
  SK_REFUND_DENY_FINAL_SALE,
  SK_REFUND_DENY_CONDITION,
  SK_REFUND_DENY_NO_PROOF,
  SK_REFUND_DENY_OTHER,
  SK_REFUND_N_DENY_REASONS,
} SkRefundDenyReason;

/* The largest attachment copied (bytes). */
#define SK_REFUND_MAX_ATTACHMENT (50 * 1024 * 1024)
/* The longest free text (reason, justification, note), in bytes. */
#define SK_REFUND_MAX_TEXT 10000

typedef struct
{
  gint64  id;
  gint64  item_remote_id;      /* the order's line item in the store */
  gint64  product_remote_id;
  char   *name;
  gint64  quantity;            /* asked for */
  gint64  quantity_bought;     /* the line's quantity when the request was made */
  gint64  line_total;          /* the whole line's total then (without tax) */
  gint64  line_tax;
  char   *sku;                 /* the order line's SKU, else the product's; "" when none */
} SkRefundRequestLine;

typedef struct
{
  gint64  id;
  char   *file_name;           /* as shown (the original's base name, made safe) */
  char   *stored_path;         /* absolute path of the copy under <data dir>/attachments/<request number>/ */
  gint64  size;
  char   *sha256;              /* lower-case hex */
  gint64  added_at;
} SkRefundAttachment;

typedef struct
{
  gint64           id;
  gint64           store_id;        /* local id of the store the order came from */
  char            *number;          /* "R-000123" */
  gint64           order_id;        /* local id */
  gint64           order_remote_id;
  char            *order_number;
  char            *currency;
  char            *customer_email;
  char            *customer_name;
  SkRefundChannel  channel;
  SkRefundReason   reason;
  char            *reason_text;
  SkRefundOutcome  outcome;
  guint            conditions;      /* SkReturnCondition the clerk ticked */
  gboolean         refund_shipping;
  SkRefundState    state;
  gint64           created_at;
  char            *created_by;
  gint64           decided_at;      /* 0 while open */
  char            *decided_by;
  GPtrArray       *lines;           /* SkRefundRequestLine* */
  GPtrArray       *attachments;     /* SkRefundAttachment* */
} SkRefundRequest;

typedef struct
{
  gint64                id;
  gint64                request_id;
  SkRefundDecisionKind  kind;
  gint64                at;
  char                 *actor;          /* who decided */
  char                 *role;           /* "owner" or "staff" (with owner rights: "owner") */
  char                 *justification;  /* required out of policy */
  char                 *deny_reason;    /* SkRefundDenyReason as text, "" for approvals */
  char                 *message;        /* the customer's message text */
  char                 *verdict_json;   /* the verdict at that moment */
  char                 *currency;
  gint64                amount;         /* refunded (or credited), minor units */
  gint64                restocking_fee;
  gint64                shipping;
  gint64                goodwill;       /* charged to the monthly budget */
  gint64                outbox_id;      /* 0 until the refund or coupon is queued */
} SkRefundDecision;

SkRefundRequestLine *sk_refund_request_line_new  (void);
void                 sk_refund_request_line_free (SkRefundRequestLine *line);
void                 sk_refund_attachment_free   (SkRefundAttachment  *attachment);
SkRefundRequest     *sk_refund_request_new       (void);
void                 sk_refund_request_free      (SkRefundRequest     *request);
SkRefundDecision    *sk_refund_decision_new      (void);
void                 sk_refund_decision_free     (SkRefundDecision    *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundRequestLine, sk_refund_request_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundAttachment, sk_refund_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundRequest, sk_refund_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundDecision, sk_refund_decision_free)

const char *sk_refund_channel_to_string      (SkRefundChannel      channel);
gboolean    sk_refund_channel_from_string    (const char          *text,
                                              SkRefundChannel     *out);
/* Translated: "Phone", "E-mail", "In person". */
const char *sk_refund_channel_get_label      (SkRefundChannel      channel);
const char *sk_refund_state_to_string        (SkRefundState        state);
gboolean    sk_refund_state_from_string      (const char          *text,
                                              SkRefundState       *out);
/* Translated: "Open", "Approved", "Denied", "Withdrawn". */
const char *sk_refund_state_get_label        (SkRefundState        state);
const char *sk_refund_deny_reason_to_string  (SkRefundDenyReason   reason);
gboolean    sk_refund_deny_reason_from_string (const char         *text,
                                               SkRefundDenyReason *out);
/* Translated: "Outside the return window", "Final-sale item"… */
const char *sk_refund_deny_reason_get_label  (SkRefundDenyReason   reason);

/* ---- what the verdict needs from an order ---- */

/* One line of an order, with what was already returned of it. */
typedef struct
{
  gint64   item_remote_id;
  gint64   product_remote_id;
  char    *name;
  GStrv    categories;          /* the product's category names (may be empty) */
  gint64   quantity;
  gint64   quantity_returned;   /* refunded, or approved before as refund, exchange or credit */
  gint64   total;
  gint64   total_tax;
  gint64   total_refunded;      /* money refunds already took back of this line (without tax) */
  gint64   tax_refunded;
} SkRefundOrderItem;

typedef struct
{
  gint64     order_id;
  gint64     order_remote_id;
  char      *number;
  char      *status;
  char      *currency;
  char      *customer_email;
  char      *customer_name;
  char      *customer_first_name;
  gint64     ordered_at;
  gint64     delivered_at;       /* shipped (order desk) or completed; 0 if neither */
  gint64     total;
  gint64     shipping_total;
  gint64     already_refunded;   /* refunds in the store plus those waiting in the outbox */
  gboolean   shipping_refunded;  /* by an approved request before */
  GPtrArray *items;              /* SkRefundOrderItem* */
} SkRefundOrder;

void           sk_refund_order_free          (SkRefundOrder *order);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundOrder, sk_refund_order_free)

/* An order of the local copy with its lines and what was returned so far;
 * SK_DATABASE_ERROR_NOT_FOUND if there is no such order. */
SkRefundOrder *sk_refunds_load_order         (SkDatabase           *database,
                                              gint64                order_id,
                                              GError              **error);
/* The local id of the order numbered @number (as the store shows it,
 * "#" and spaces ignored), the newest if several stores have one; 0 with
 * SK_DATABASE_ERROR_NOT_FOUND. */
gint64         sk_refunds_find_order         (SkDatabase           *database,
                                              const char           *number,
                                              GError              **error);

/* ---- requests ---- */

/* Records @request (its order_id, channel, reason, reason_text, outcome,
 * conditions, refund_shipping, created_by and lines with item ids and
 * quantities; the rest is filled from the order) and copies each file of
 * @attachment_paths (NULL-terminated, or NULL) into
 * @attachments_root/<number>/, hashing it with SHA-256 on the way. All or
 * nothing: a file that cannot be read leaves neither the request nor any
 * copy behind. On success @request's id, number, created_at, state and
 * attachments are filled in. Returns the id, 0 on error. */
gint64           sk_refunds_create_request   (SkDatabase           *database,
                                              SkRefundRequest      *request,
                                              const char * const   *attachment_paths,
                                              const char           *attachments_root,
                                              gint64                now,
                                              GError              **error);
/* With lines and attachments. */
SkRefundRequest *sk_refunds_get_request      (SkDatabase           *database,
                                              gint64                id,
                                              GError              **error);
/* The local id of the store filed under @store_url (see
 * sk_context_get_writer ()), 0 when it has none yet, -1 on error. A
 * database keeps the copies of every store it was connected to: requests,
 * the queue, goodwill and figures belong to one store. */
gint64           sk_refunds_lookup_store     (SkDatabase           *database,
                                              const char           *store_url,
                                              GError              **error);
/* The currency of store @store_id (of its newest order); "" when it has
 * no orders yet. */
char            *sk_refunds_dup_currency     (SkDatabase           *database,
                                              gint64                store_id,
                                              GError              **error);
/* Open requests of store @store_id, oldest first (SkRefundRequest*, with
 * lines, without attachments). */
GPtrArray       *sk_refunds_list_open        (SkDatabase           *database,
                                              gint64                store_id,
                                              GError              **error);
/* Every request of one order, newest first. */
GPtrArray       *sk_refunds_list_for_order   (SkDatabase           *database,
                                              gint64                order_id,
                                              GError              **error);
/* Open requests of store @store_id created at or before @created_before. */
gint64           sk_refunds_count_open       (SkDatabase           *database,
                                              gint64                store_id,
                                              gint64                created_before,
                                              GError              **error);
/* Closes an open request without a decision (the customer withdrew it). */
gboolean         sk_refunds_cancel           (SkDatabase           *database,
                                              gint64                id,
                                              const char           *note,
                                              const char           *actor,
                                              gint64                now,
                                              GError              **error);

/* The note of the request's withdrawal, from the audit log; "" when it
 * was not withdrawn; NULL with @error set on failure. */
char            *sk_refunds_get_cancel_note  (SkDatabase           *database,
                                              gint64                id,
                                              GError              **error);

/* ---- decisions ---- */

/* Appends @decision (request_id, kind, at, actor, role, texts, amounts)
 * and moves its request from open to approved or denied, with an audit
 * entry holding @audit_details, in one transaction. A request that is no
 * longer open fails with SK_DATABASE_ERROR_CONSTRAINT and nothing is
 * written. Sets @decision->id; returns it, 0 on error. */
gint64           sk_refunds_record_decision  (SkDatabase           *database,
                                              SkRefundDecision     *decision,
                                              const char           *audit_details,
                                              GError              **error);
/* Called inside sk_refunds_record_decision_full ()'s transaction, after
 * the decision is written (@decision->id set): queues what the decision
 * makes happen (outbox rows that join the transaction) and may write the
 * decision's outbox id. FALSE with @error set rolls everything back. */
typedef gboolean (*SkRefundsDecisionFunc) (SkDatabase        *database,
                                           SkRefundDecision  *decision,
                                           gpointer           user_data,
                                           GError           **error);
/* Like sk_refunds_record_decision (), and @func (may be NULL) runs in the
 * same transaction: the decision and its outbox rows are written
 * together or not at all. */
gint64           sk_refunds_record_decision_full (SkDatabase            *database,
                                                  SkRefundDecision      *decision,
                                                  const char            *audit_details,
                                                  SkRefundsDecisionFunc  func,
                                                  gpointer               user_data,
                                                  GError               **error);
/* Runs @func for a decision recorded without it (written by an older
 * version, or before a crash), in one transaction, if it is still not
 * queued (outbox id 0); TRUE also when there was nothing left to do. */
gboolean         sk_refunds_queue_decision   (SkDatabase            *database,
                                              SkRefundDecision      *decision,
                                              SkRefundsDecisionFunc  func,
                                              gpointer               user_data,
                                              GError               **error);
/* Writes the outbox id of a decision once (0 → @outbox_id). */
gboolean         sk_refunds_set_decision_outbox (SkDatabase        *database,
                                                 gint64             decision_id,
                                                 gint64             outbox_id,
                                                 GError           **error);
/* The decisions of a request, oldest first (SkRefundDecision*). */
GPtrArray       *sk_refunds_list_decisions   (SkDatabase           *database,
                                              gint64                request_id,
                                              GError              **error);
/* Decisions whose refund or coupon (approvals) or message (denials)
 * was never queued — a crash or a refused queueing between the decision
 * and the outbox — oldest first. */
GPtrArray       *sk_refunds_list_unqueued    (SkDatabase           *database,
                                              GError              **error);
/* Goodwill charged by approvals of store @store_id decided in [@from, @to). */
gint64           sk_refunds_sum_goodwill     (SkDatabase           *database,
                                              gint64                store_id,
                                              gint64                from,
                                              gint64                to,
                                              GError              **error);

/* ---- figures ---- */

typedef struct
{
  gint64  product_remote_id;
  char   *name;
  gint64  units_sold;          /* in orders created in the period */
  gint64  units_returned;      /* in approved requests created in the period */
  gint64  rate_bp;             /* units_returned / units_sold in basis points; 0 when none sold */
} SkRefundProductFigure;

typedef struct
{
  SkRefundReason reason;
  gint64         requests;     /* created in the period */
  gint64         approved;
  gint64         amount;       /* approved, minor units */
  gint64         rate_bp;      /* requests / orders of the period, basis points */
} SkRefundReasonFigure;

typedef struct
{
  gint64     from;
  gint64     to;
  gint64     orders;             /* created in [from, to) */
  gint64     requests;           /* created in [from, to) */
  gint64     approved;
  gint64     denied;
  char      *currency;           /* the store's (of its latest order); "" without orders */
  gint64     refunded;           /* approved amounts in @currency, minor units */
  gint64     goodwill;           /* charged by decisions in [from, to) */
  gint64     median_decision_s;  /* creation to decision; -1 with no decision */
  gint64     rate_bp;            /* requests / orders */
  GPtrArray *by_product;         /* SkRefundProductFigure*, highest rate first (only products with returns) */
  GPtrArray *by_reason;          /* SkRefundReasonFigure*, most requests first */
} SkRefundFigures;

void             sk_refund_figures_free      (SkRefundFigures      *figures);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundFigures, sk_refund_figures_free)

/* The figures of store @store_id over [@from, @to). */
SkRefundFigures *sk_refunds_compute_figures  (SkDatabase           *database,
                                              gint64                store_id,
                                              gint64                from,
                                              gint64                to,
                                              GError              **error);

G_END_DECLS
