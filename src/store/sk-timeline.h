/* sk-timeline.h — everything that happened to one order, in one list.
 *
 * Gathered from what the database already keeps: the order itself (when
 * it was placed), the store's notes (status changes the store recorded,
 * private notes, notes to the customer), the changes made here through
 * the outbox (status changes and notes on their way, with who made them
 * and whether the store has them yet), refunds, the message log (every
 * message sent or received, with channel, template and outcome) and the
 * order desk's audit entries (promised date set or moved, confirmed,
 * shipped, delayed, awaiting a reply, followed up).
 *
 * Newest first: the desk opens an order to see where it stands, so what
 * happened last comes first, as in WooCommerce's own notes panel and the
 * notes list this replaces.
 *
 * Entries carry data, not sentences: the UI words them. Read-only; use on
 * the database's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"

G_BEGIN_DECLS

typedef enum
{
  SK_TIMELINE_PLACED,          /* the order was placed (actor: the customer) */
  SK_TIMELINE_STATUS,          /* status_from → status_to; slugs when made here,
                                * the store's words when read from its note */
  SK_TIMELINE_NOTE,            /* text, customer_note */
  SK_TIMELINE_REFUND,          /* amount, currency, text = reason */
  SK_TIMELINE_MESSAGE,         /* message_id, channel, template, outcome... */
  SK_TIMELINE_PROMISE,         /* promised date set by hand or moved (delayed) */
  SK_TIMELINE_CONFIRMED,
  SK_TIMELINE_SHIPPED,         /* carrier, tracking, tracking_url */
  SK_TIMELINE_AWAITING_REPLY,  /* the customer waits for an answer */
  SK_TIMELINE_REPLIED,
  SK_TIMELINE_FOLLOWED_UP,
} SkTimelineKind;

typedef enum
{
  SK_TIMELINE_DONE = 0,        /* the store has it, or it is the desk's own */
  SK_TIMELINE_WAITING,         /* made here, on its way to the store */
  SK_TIMELINE_FAILED,          /* the store refused it (see detail) */
} SkTimelineState;

typedef struct
{
  SkTimelineKind   kind;
  gint64           at;              /* Unix seconds UTC */
  char            *actor;           /* who: a staff member, "sync", the store's note author; "" unknown */
  SkTimelineState  state;
  char            *text;            /* note text, refund reason, message subject, promise reason */
  char            *detail;          /* a failure's reason; "" otherwise */
  gboolean         customer_note;   /* NOTE: visible to the customer */
  char            *status_from;     /* STATUS */
  char            *status_to;
  gboolean         status_is_slug;  /* STATUS: from/to are slugs (made here) */
  gint64           amount;          /* REFUND, minor units */
  char            *currency;
  gint64           message_id;      /* MESSAGE */
  gboolean         inbound;
  char            *channel;
  char            *template_kind;   /* "" for a written message */
  int              outcome;         /* SkMessageOutcome */
  char            *promise_from;    /* PROMISE: local days as the desk wrote them */
  char            *promise_to;
  gboolean         delayed;         /* PROMISE: a delay reported to the customer */
  char            *carrier;         /* SHIPPED */
  char            *tracking;
  char            *tracking_url;
} SkTimelineEntry;

void       sk_timeline_entry_free  (SkTimelineEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkTimelineEntry, sk_timeline_entry_free)

/* The timeline of order @order_id (local id), newest first, SkTimelineEntry.
 * SK_DATABASE_ERROR_NOT_FOUND when there is no such order. */
GPtrArray *sk_timeline_load        (SkDatabase      *database,
                                    gint64           order_id,
                                    GError         **error);

/* The customer profile (sk-customers.h) the order belongs to: the
 * registered customer's, else the one of its billing e-mail; 0 when
 * there is none yet (profiles are computed after a sync), -1 with @error
 * on failure. */
gint64     sk_timeline_find_customer_profile (SkDatabase *database,
                                              gint64      order_id,
                                              GError    **error);

G_END_DECLS
