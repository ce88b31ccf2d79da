/* sk-messenger.h — messages to customers: render, record, deliver.
 *
 * The one SkMessenger of a context (sk_context_get_service (ctx,
 * SK_TYPE_MESSENGER)) renders a template for an order (the shop's own
 * template for the customer's language, else the built-in one), records it
 * in the message log (store/sk-messages.h) and delivers it through the
 * channel chosen in the shop settings:
 *
 *  - "store": a customer note on the order, through the outbox; the store
 *    e-mails it. The message is "queued" until a sync has pushed the note
 *    (see sk_messenger_reconcile ()).
 *  - "smtp": a MIME message (text and HTML) to the shop's own SMTP server,
 *    on a worker thread; the password lives in the keyring.
 *
 * Every outcome lands in the log, so a failed message is visible and can be
 * retried. All functions are for the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-messages.h"
#include "sk-template.h"

G_BEGIN_DECLS

/* Shop settings (store/sk-shop-settings.h) the messenger reads. */
#define SK_MESSAGES_CHANNEL              "messages.channel"          /* "store" (default) or "smtp" */
#define SK_MESSAGES_LANGUAGE             "messages.language"         /* the shop's language, default "en" */
#define SK_MESSAGES_SMTP_HOST            "messages.smtp-host"
#define SK_MESSAGES_SMTP_PORT            "messages.smtp-port"        /* default 587, or 465 for "tls" */
#define SK_MESSAGES_SMTP_SECURITY        "messages.smtp-security"    /* "starttls" (default) or "tls" */
#define SK_MESSAGES_SMTP_USER            "messages.smtp-user"        /* empty: no login */
#define SK_MESSAGES_NEWSLETTER           "messages.newsletter"       /* "1": invite in confirmations */
#define SK_MESSAGES_NEWSLETTER_BENEFITS  "messages.newsletter-benefits" /* one benefit a line */
#define SK_MESSAGES_NEWSLETTER_URL       "messages.newsletter-url"   /* where to sign up */
#define SK_MESSAGES_REVIEW_URL           "messages.review-url"

#define SK_MESSENGER_CHANNEL_STORE       "store"
#define SK_MESSENGER_CHANNEL_SMTP        "smtp"

/* What a message needs beyond the order and the shop. */
typedef struct
{
  const char *carrier;          /* shipped */
  const char *tracking_number;
  const char *tracking_url;     /* NULL: built from the carrier when known */
  const char *delay_reason;     /* delayed */
  gint64      new_ship_date;    /* delayed: the new promise, Unix seconds UTC */
} SkMessageExtras;

#define SK_TYPE_MESSENGER (sk_messenger_get_type ())
G_DECLARE_FINAL_TYPE (SkMessenger, sk_messenger, SK, MESSENGER, GObject)

/* Signals:
 *   "changed" (gint64 order_id): a message about the order (local id; 0 for
 *   none) was recorded or changed state. Timelines and lists refresh on it. */

/* The template used for @kind and @language: the shop's own, else the
 * built-in one. NULL for an unknown kind without a stored template. */
SkTemplate        *sk_messenger_get_template        (SkMessenger          *self,
                                                     const char           *kind,
                                                     const char           *language,
                                                     GError              **error);
/* The language messages to the customer of @order_id are written in: the
 * billing country's usual language when the shop has templates for it (or
 * it is the language of the interface), else the shop's language. */
char              *sk_messenger_get_order_language  (SkMessenger          *self,
                                                     gint64                order_id,
                                                     GError              **error);
/* Renders @tmpl for @order_id (0: the most recent order, for a preview),
 * with @extras (NULL: sample values for a preview). */
SkRenderedMessage *sk_messenger_render              (SkMessenger          *self,
                                                     const SkTemplate     *tmpl,
                                                     gint64                order_id,
                                                     const SkMessageExtras *extras,
                                                     GError              **error);

/* Sends the @kind message about @order_id (local id). Refused with
 * G_IO_ERROR_EXISTS when it was sent before (the dedupe key
 * "<kind>:<order>"), unless @again; a failed earlier attempt is retried
 * instead. Sending the confirmation marks the order confirmed; any message
 * clears "awaiting reply". Returns the message id. */
void               sk_messenger_send_async          (SkMessenger          *self,
                                                     gint64                order_id,
                                                     const char           *kind,
                                                     const SkMessageExtras *extras,
                                                     gboolean              again,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gint64             sk_messenger_send_finish         (SkMessenger          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Delivers a failed message again, as recorded. */
void               sk_messenger_retry_async         (SkMessenger          *self,
                                                     gint64                message_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           sk_messenger_retry_finish        (SkMessenger          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* For each of @n_orders orders: status "completed" through the outbox,
 * shipped with @carrier and its tracking number (@tracking_numbers holds
 * one per order, or is NULL), and the shipped message. Orders are handled
 * one by one; the result counts those done, and the error names the
 * first that failed (the others are still done). */
void               sk_messenger_mark_shipped_async  (SkMessenger          *self,
                                                     const gint64         *order_ids,
                                                     guint                 n_orders,
                                                     const char           *carrier,
                                                     const char * const   *tracking_numbers,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           sk_messenger_mark_shipped_finish (SkMessenger          *self,
                                                     GAsyncResult         *result,
                                                     guint                *out_n_done,
                                                     GError              **error);

/* Records the delay (new promise @new_date, Unix seconds UTC, with
 * @reason) and sends the delayed message. A second delay of the same order
 * is a new message (its key carries the new date). */
void               sk_messenger_report_delay_async  (SkMessenger          *self,
                                                     gint64                order_id,
                                                     const char           *reason,
                                                     gint64                new_date,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           sk_messenger_report_delay_finish (SkMessenger          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The orders whose follow-up is due now (local ids, oldest first). */
GArray            *sk_messenger_list_follow_ups_due (SkMessenger          *self,
                                                     GError              **error);
/* Sends the delivered follow-up to every order due; the result counts
 * those sent, the error names the first failure. Orders without a valid
 * e-mail address are skipped, not failed: @out_n_no_address counts them,
 * and they stay due. */
void               sk_messenger_send_follow_ups_async (SkMessenger        *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           sk_messenger_send_follow_ups_finish (SkMessenger       *self,
                                                     GAsyncResult         *result,
                                                     guint                *out_n_sent,
                                                     guint                *out_n_no_address,
                                                     GError              **error);

/* Logs what the customer said by @channel (SK_MESSAGE_CHANNEL_PHONE,
 * _EMAIL or _IN_PERSON) at @at (0: now): the order then awaits a reply
 * until the next outbound message. Returns the message id. */
gint64             sk_messenger_log_inbound         (SkMessenger          *self,
                                                     gint64                order_id,
                                                     const char           *channel,
                                                     const char           *text,
                                                     gint64                at,
                                                     GError              **error);

/* Records what the last syncs did with messages sent through the store
 * (sk_messages_reconcile_outbox); runs by itself after each sync. */
void               sk_messenger_reconcile           (SkMessenger          *self);

/* Sends a short test message to @to through the SMTP settings as they are
 * stored (and the password in the keyring). */
void               sk_messenger_send_test_async     (SkMessenger          *self,
                                                     const char           *to,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           sk_messenger_send_test_finish    (SkMessenger          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Whether messages now go through the store (the channel chosen in the
 * shop settings, "store" unless it is "smtp"): they are then queued as
 * order notes and reach the customer only after the next sync pushed them. */
gboolean           sk_messenger_sends_through_store (SkMessenger          *self);

/* The carrier's tracking page for @number, NULL when the carrier is not
 * one Shopkeeper knows ("DHL", "UPS", "FedEx", "USPS", "Royal Mail",
 * "DPD", "GLS", "Hermes", "Deutsche Post", "La Poste", "PostNL", "Canada Post"). */
char              *sk_messenger_tracking_url        (const char           *carrier,
                                                     const char           *number);
/* The carriers with a known tracking page, for the Mark Shipped dialog. */
const char * const *sk_messenger_list_carriers      (void);

G_END_DECLS
