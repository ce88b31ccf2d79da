/* sk-messages.h — the message log and the shop's own message templates.
 *
 * Every message sent to a customer or received from one is one row of an
 * append-only log (UPDATE and DELETE are rejected by triggers), with its
 * delivery as a list of events (queued, sent, failed, received): the latest
 * event is the message's current state. A message about an order is filed
 * under the order's remote id, so it outlives a deleted and re-synced copy
 * of the order.
 *
 * A dedupe key ("confirmation:<order remote id>") is unique per store: the
 * same confirmation can never be recorded twice by accident. "Send Again"
 * records the message under a fresh key.
 *
 * Templates edited here are kept per (kind, language) and override the
 * built-in ones (core/sk-template.h).
 *
 * Every function runs on the database's thread; recording needs a
 * writable connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"
#include "sk-template.h"

G_BEGIN_DECLS

typedef enum
{
  SK_MESSAGE_OUTBOUND = 0,
  SK_MESSAGE_INBOUND  = 1,
} SkMessageDirection;

typedef enum
{
  SK_MESSAGE_QUEUED   = 0,  /* waiting: on its way to the SMTP server or in the outbox */
  SK_MESSAGE_SENT     = 1,  /* the SMTP server took it, or the store has the note */
  SK_MESSAGE_FAILED   = 2,  /* see outcome_detail; can be retried */
  SK_MESSAGE_RECEIVED = 3,  /* an inbound message, logged */
} SkMessageOutcome;

/* Channels: how a message went or came. */
#define SK_MESSAGE_CHANNEL_STORE      "store"      /* a customer note on the order; the store e-mails it */
#define SK_MESSAGE_CHANNEL_SMTP       "smtp"       /* the shop's own mail server */
#define SK_MESSAGE_CHANNEL_PHONE      "phone"
#define SK_MESSAGE_CHANNEL_EMAIL      "email"      /* an e-mail received outside Shopkeeper */
#define SK_MESSAGE_CHANNEL_IN_PERSON  "in-person"

/* Limits: a message is refused past them, never cut. */
#define SK_MESSAGE_MAX_SUBJECT  1000
#define SK_MESSAGE_MAX_BODY     200000

typedef struct
{
  gint64              id;
  gint64              order_remote_id;   /* 0: not about an order */
  gint64              order_id;          /* local id, 0 when not in the copy (or none) */
  char               *order_number;
  char               *customer_email;
  char               *customer_name;
  SkMessageDirection  direction;
  char               *channel;
  char               *kind;              /* template kind, "" for a written one */
  char               *language;
  char               *subject;
  char               *body_text;
  char               *body_html;         /* "" when there is none */
  char               *dedupe_key;        /* NULL when none */
  gint64              created_at;
  char               *actor;
  /* The latest event. */
  SkMessageOutcome    outcome;
  gint64              outcome_at;
  char               *outcome_detail;    /* the reason of a failure, the SMTP server's answer... */
  gint64              outbox_id;         /* the store channel's outbox row, 0 otherwise */
} SkMessage;

SkMessage  *sk_message_new                   (void);
void        sk_message_free                  (SkMessage          *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkMessage, sk_message_free)

const char *sk_message_outcome_to_string     (SkMessageOutcome    outcome);
/* "Sent", "Failed"…, translated. */
const char *sk_message_outcome_get_title     (SkMessageOutcome    outcome);
/* "Through the Store", "E-mail", "Phone"…, translated. */
const char *sk_message_channel_get_title     (const char         *channel);

/* Records @message (its id, order_id and outcome fields are ignored)
 * with a first event @outcome/@detail, in one transaction (or the
 * caller's). Returns the new id; 0 with SK_DATABASE_ERROR_CONSTRAINT when
 * the dedupe key is taken, SK_DATABASE_ERROR_INVALID for a message past the
 * limits, not UTF-8, or with an unknown channel. */
gint64      sk_messages_record               (SkDatabase         *database,
                                              const char         *store_url,
                                              const SkMessage    *message,
                                              SkMessageOutcome    outcome,
                                              const char         *detail,
                                              GError            **error);
/* Appends an event: the message's new state. */
gboolean    sk_messages_add_event            (SkDatabase         *database,
                                              gint64              message_id,
                                              SkMessageOutcome    outcome,
                                              const char         *detail,
                                              gint64              outbox_id,
                                              GError            **error);

/* The message with id @message_id and its latest event; NULL with
 * SK_DATABASE_ERROR_NOT_FOUND when there is none. */
SkMessage  *sk_messages_load                 (SkDatabase         *database,
                                              gint64              message_id,
                                              GError            **error);
/* The id of the message recorded under @dedupe_key for the store, 0 when
 * none, -1 with @error set on failure. */
gint64      sk_messages_find_dedupe_key      (SkDatabase         *database,
                                              const char         *store_url,
                                              const char         *dedupe_key,
                                              GError            **error);

/* SkMessage*, newest first. For an order by its local id (its messages
 * are found through its remote id and store). */
GPtrArray  *sk_messages_list_for_order       (SkDatabase         *database,
                                              gint64              order_id,
                                              GError            **error);
/* Every message to or from @email (compared without regard to case), in
 * every store, newest first: a customer's profile. */
GPtrArray  *sk_messages_list_for_customer    (SkDatabase         *database,
                                              const char         *email,
                                              GError            **error);
/* Outbound messages whose latest event is a failure, oldest first. */
GPtrArray  *sk_messages_list_failed          (SkDatabase         *database,
                                              const char         *store_url,
                                              GError            **error);

/* Messages sent through the store wait in the outbox until a sync pushes
 * their note: this records "sent" for those whose note the store took, and
 * "failed" (with the store's reason) for those it refused for good. A
 * message still "queued" ten minutes after it was handed on without
 * reaching the outbox or the SMTP server (Shopkeeper stopped) is "failed"
 * too, so it can be retried.
 * Returns how many messages changed state, -1 with @error set. */
gint        sk_messages_reconcile_outbox     (SkDatabase         *database,
                                              const char         *store_url,
                                              GError            **error);

/* How fast customers get an answer: every inbound message received in
 * [@since, @until) is matched with the next outbound message on the same
 * order (or, for one not about an order, to the same e-mail address). */
typedef struct
{
  guint   n_inbound;          /* inbound messages in the period */
  guint   n_answered;         /* of them, answered (at any time so far) */
  guint   n_within_24h;
  guint   n_within_48h;
  gint64  median_s;           /* median time to the answer, over the answered; 0 when none */
} SkResponseTimes;

gboolean    sk_messages_get_response_times   (SkDatabase         *database,
                                              const char         *store_url,
                                              gint64              since,
                                              gint64              until,
                                              SkResponseTimes    *out_times,
                                              GError            **error);

/* Templates the shop wrote, per (kind, language). NULL without an error
 * when none is stored. */
SkTemplate *sk_messages_load_template        (SkDatabase         *database,
                                              const char         *kind,
                                              const char         *language,
                                              GError            **error);
/* Stores @tmpl (replacing the one of its kind and language), audited as
 * @actor (NULL: the database's actor). */
gboolean    sk_messages_save_template        (SkDatabase         *database,
                                              const SkTemplate   *tmpl,
                                              const char         *actor,
                                              GError            **error);
/* Drops the stored template: the built-in one applies again. */
gboolean    sk_messages_reset_template       (SkDatabase         *database,
                                              const char         *kind,
                                              const char         *language,
                                              const char         *actor,
                                              GError            **error);
/* The local id of the most recent order (for a template's preview), 0
 * when there is none, -1 with @error set. */
gint64      sk_messages_latest_order_id      (SkDatabase         *database,
                                              GError            **error);

/* The languages templates are stored for (sorted). */
GStrv       sk_messages_list_template_languages (SkDatabase      *database,
                                              GError            **error);

G_END_DECLS
