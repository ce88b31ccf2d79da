/* sk-order-desk.h — what the desk knows about an order that the store does not.
 *
 * One row per order in order_desk (007-order-desk.sql): the promised ship
 * date and where it came from, when the order was confirmed to the
 * customer, whether the customer is waiting for an answer, when and how it
 * shipped, why it is late, when the follow-up went out. The store's own
 * status stays in orders; nothing here is pushed.
 *
 * "Open" orders are those the shop still has to ship: every status except
 * the final ones (completed, cancelled, refunded, failed, trash) and the
 * drafts that are not orders yet (draft, checkout-draft, auto-draft, new:
 * WooCommerce's OrderStatus), so a plugin's own statuses
 * ("awaiting-shipment") are open. sk_order_desk_refresh () gives each open order without a promise
 * the shop's rule promise (sk-ship-date.h), computed from the settings
 * below; a promise once made is never moved by a change of the settings,
 * only by a person (sk_order_desk_set_promise (), _mark_delayed ()).
 *
 * Functions that act for a person write an audit entry with the
 * database's actor (sk_database_set_actor ()) in the same transaction,
 * or inside the caller's transaction when one is open. They need a
 * writable connection; use every function on the database's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"
#include "sk-ship-date.h"

G_BEGIN_DECLS

/* Shop settings (sk-shop-settings.h) of the shipping promise, numbers as
 * decimal text. */
#define SK_SETTING_HANDLING_DAYS   "shipping.handling-days"   /* default SK_SHIP_DEFAULT_HANDLING_DAYS */
#define SK_SETTING_CUTOFF_MINUTES  "shipping.cutoff-minutes"  /* after local midnight, default 14:00 */
#define SK_SETTING_WORKING_DAYS    "shipping.working-days"    /* SkWeekdayFlags mask, default Mon-Fri */
#define SK_SETTING_HOLIDAYS        "shipping.holidays"        /* "2026-12-24,2026-12-25" */
#define SK_SETTING_FOLLOW_UP_DAYS  "desk.follow-up-days"      /* default SK_DESK_DEFAULT_FOLLOW_UP_DAYS */
/* When the desk first saw the store (Unix seconds UTC), written by the
 * first sk_order_desk_refresh (): orders shipped before it get no follow-up. */
#define SK_SETTING_DESK_STARTED    "desk.started-at"

#define SK_DESK_DEFAULT_FOLLOW_UP_DAYS  7
#define SK_DESK_MAX_FOLLOW_UP_DAYS      60
/* An open order counts as "to confirm" for this long after it was placed. */
#define SK_DESK_UNCONFIRMED_WINDOW      (30 * 86400)
/* A promise is "at risk" when it ends within this much time. */
#define SK_DESK_AT_RISK_WINDOW          (24 * 3600)
/* A follow-up stays due this long after its day; then the moment has passed. */
#define SK_DESK_FOLLOW_UP_GRACE         (30 * 86400)
/* Per-product lead times need at least this many completed orders. */
#define SK_DESK_LEAD_TIME_MIN_ORDERS    20
/* The longest reason, carrier or tracking text accepted (characters). */
#define SK_DESK_MAX_TEXT                2000

typedef enum
{
  SK_PROMISE_SOURCE_RULE   = 1,  /* the shop's rule ("rule" in the table) */
  SK_PROMISE_SOURCE_MANUAL = 2,  /* set by a person, with a reason ("manual") */
} SkPromiseSource;

typedef enum
{
  SK_ATTENTION_NONE           = 0,
  SK_ATTENTION_UNCONFIRMED    = 1 << 0,  /* open, placed within 30 days, no confirmation sent */
  SK_ATTENTION_LATE           = 1 << 1,  /* open, past its promise, not shipped */
  SK_ATTENTION_AT_RISK        = 1 << 2,  /* open, not shipped, promise ends within 24 h */
  SK_ATTENTION_AWAITING_REPLY = 1 << 3,  /* the customer waits for an answer (any status) */
} SkAttention;

#define SK_ATTENTION_ALL     0xf
#define SK_ATTENTION_N_KINDS 4  /* counts[i] of sk_order_desk_count_attention () is bit 1 << i */

typedef struct
{
  gint64           order_id;            /* local id (orders.id) */
  gboolean         stored;              /* FALSE: no row yet, the values are defaults */
  gint64           order_created;       /* orders.date_created, for display */
  char            *order_status;        /* orders.status */
  gint64           promised_ship_at;    /* last second of the promised local day, UTC */
  SkPromiseSource  promise_source;
  char            *promise_reason;      /* "" for a rule promise */
  gint64           confirmed_at;        /* 0: never */
  gint64           awaiting_reply_since;
  gint64           shipped_at;
  char            *carrier;
  char            *tracking_number;
  char            *tracking_url;
  char            *delayed_reason;
  gint64           follow_up_sent_at;
  gint64           updated_at;
} SkOrderDesk;

void         sk_order_desk_free               (SkOrderDesk *desk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderDesk, sk_order_desk_free)

/* TRUE unless @status is one of the final statuses named above. */
gboolean     sk_order_desk_status_is_open     (const char  *status);

/* The shop's rule from the settings (defaults for what is unset; a stored
 * value that cannot be used is logged and replaced by its default, so a
 * damaged setting never stops the desk). Local time zone. */
SkShipRule  *sk_order_desk_load_rule          (SkDatabase  *database);
/* Checks @rule (sk_ship_rule_validate ()) and saves its handling days,
 * cut-off, working days and holidays, one audit entry per changed setting,
 * in one transaction. */
gboolean     sk_order_desk_save_rule          (SkDatabase  *database,
                                               SkShipRule  *rule,
                                               GError     **error);

/* The desk state of order @order_id: its row, or (stored FALSE) defaults
 * with the rule promise computed now from the settings.
 * SK_DATABASE_ERROR_NOT_FOUND when there is no such order. */
SkOrderDesk *sk_order_desk_load               (SkDatabase  *database,
                                               gint64       order_id,
                                               GError     **error);

/* Gives every open order without a row its rule promise, in one
 * transaction, and recomputes the lead times when the orders changed.
 * Idempotent. Runs after each sync (with the sync's connection or a
 * worker's own); @now is Unix seconds UTC. */
gboolean     sk_order_desk_refresh            (SkDatabase  *database,
                                               gint64       now,
                                               GError     **error);

/* A person's promise: @promised_ship_at is any instant of the promised day
 * (stored as the last second of that local day); @reason is required
 * (SK_DATABASE_ERROR_INVALID when empty). The audit entry keeps the old
 * and the new date and the reason. */
gboolean     sk_order_desk_set_promise        (SkDatabase  *database,
                                               gint64       order_id,
                                               gint64       promised_ship_at,
                                               const char  *reason,
                                               GError     **error);

/* The confirmation was sent at @at (messages call this once it is). */
gboolean     sk_order_desk_mark_confirmed     (SkDatabase  *database,
                                               gint64       order_id,
                                               gint64       at,
                                               GError     **error);
/* The customer waits for an answer since @since; 0 clears it. */
gboolean     sk_order_desk_set_awaiting_reply (SkDatabase  *database,
                                               gint64       order_id,
                                               gint64       since,
                                               GError     **error);
/* Shipped at @at; @carrier, @tracking_number, @tracking_url may be NULL
 * or "" (a parcel handed over at the counter has none). A tracking
 * address must be http:// or https://. The store's status is changed by
 * the caller, through the outbox. */
gboolean     sk_order_desk_mark_shipped       (SkDatabase  *database,
                                               gint64       order_id,
                                               gint64       at,
                                               const char  *carrier,
                                               const char  *tracking_number,
                                               const char  *tracking_url,
                                               GError     **error);
/* Late: @reason (required) and the new promise @new_promised_at (any
 * instant of the new day, after the order was placed). The promise
 * becomes a manual one; the audit entry keeps the old date. */
gboolean     sk_order_desk_mark_delayed       (SkDatabase  *database,
                                               gint64       order_id,
                                               const char  *reason,
                                               gint64       new_promised_at,
                                               GError     **error);
/* The follow-up was sent at @at. */
gboolean     sk_order_desk_mark_followed_up   (SkDatabase  *database,
                                               gint64       order_id,
                                               gint64       at,
                                               GError     **error);

/* Local ids of the orders needing any of the kinds in @mask at @now,
 * oldest order first (date_created, then id). An open order synced but
 * not yet refreshed has no promise and is neither late nor at risk until
 * sk_order_desk_refresh () runs. */
GArray      *sk_order_desk_query_attention_ids (SkDatabase  *database,
                                                gint64       now,
                                                SkAttention  mask,
                                                GError     **error);
/* How many orders need each kind of attention: @counts[i] for 1 << i
 * (an order late and awaiting a reply counts in both). */
gboolean     sk_order_desk_count_attention    (SkDatabase  *database,
                                               gint64       now,
                                               guint        counts[SK_ATTENTION_N_KINDS],
                                               GError     **error);
/* The attention mask of one order (0 when none, or on error: logged). */
SkAttention  sk_order_desk_get_attention      (SkDatabase  *database,
                                               gint64       order_id,
                                               gint64       now);

/* Local ids of the orders shipped (shipped_at here, or date_completed
 * from the store for completed orders) at least @days and at most @days
 * plus SK_DESK_FOLLOW_UP_GRACE ago, and not before the desk started
 * (SK_SETTING_DESK_STARTED; nothing is due before the first refresh), with
 * no follow-up sent; oldest first. */
GArray      *sk_order_desk_list_follow_ups_due (SkDatabase  *database,
                                                gint64       now,
                                                guint        days,
                                                GError     **error);

/* How long orders took from placed to completed, over completed orders
 * with a completion date: median and 90th percentile (nearest rank) in
 * seconds and how many orders. @product_remote_id is the store's id of a
 * product (order_items.product_remote_id), 0 for the whole shop. A
 * product with fewer than SK_DESK_LEAD_TIME_MIN_ORDERS orders gives
 * @n_orders with @median_s and @p90_s 0. Read from the figures of the
 * last sk_order_desk_refresh (); all 0 before the first. */
gboolean     sk_order_desk_lead_time          (SkDatabase  *database,
                                               gint64       product_remote_id,
                                               gint64      *median_s,
                                               gint64      *p90_s,
                                               gint64      *n_orders,
                                               GError     **error);

G_END_DECLS
