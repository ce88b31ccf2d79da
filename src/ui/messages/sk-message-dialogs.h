/* sk-message-dialogs.h — the order desk's message dialogs.
 *
 * Each opens a modal window transient for @parent's window, works through
 * the context's SkMessenger and reports failures in the dialog itself; the
 * order's timeline refreshes on the messenger's "changed" signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

/* Carrier and tracking number(s) for @n_orders orders (local ids) → status
 * completed in the store, the shipped message to each customer. */
void sk_mark_shipped_dialog_present  (GtkWidget    *parent,
                                      SkContext    *context,
                                      const gint64 *order_ids,
                                      guint         n_orders);

/* Reason (from a list or written) and the new ship date → the delayed
 * message. */
void sk_report_delay_dialog_present  (GtkWidget    *parent,
                                      SkContext    *context,
                                      gint64        order_id);

/* What the customer said, by phone, e-mail or in person: the order awaits
 * a reply until the next message to the customer. */
void sk_log_message_dialog_present   (GtkWidget    *parent,
                                      SkContext    *context,
                                      gint64        order_id);

/* Choose a template (@kind preselected, NULL for the confirmation),
 * preview it for the first order and send it to @n_orders orders ("Send
 * Again" when it went before). */
void sk_send_message_dialog_present  (GtkWidget    *parent,
                                      SkContext    *context,
                                      const gint64 *order_ids,
                                      guint         n_orders,
                                      const char   *kind);

/* What was just handed to the messenger, for sk_message_sent_summary (). */
typedef enum
{
  SK_SENT_MESSAGES,    /* Send Message */
  SK_SENT_SHIPPED,     /* Mark Shipped: orders, each with the shipped message */
  SK_SENT_DELAY,       /* Report Delay: one delay notice */
  SK_SENT_FOLLOW_UPS,  /* Send All of the follow-ups due */
} SkSentWhat;

/* The toast after @n messages of @what went to the messenger. Through the
 * store a message is only queued as an order note, which the store e-mails
 * after the next sync pushed it, and the text says so; over SMTP the mail
 * server has taken it. */
char *sk_message_sent_summary        (SkSentWhat    what,
                                      gboolean      through_store,
                                      guint         n);

/* Starts a sync from @widget's window (its "win.sync" action) so the
 * outbox goes to the store now rather than at the next scheduled sync;
 * nothing when @widget is in no window or a sync is running. */
void sk_message_push_outbox_now      (GtkWidget    *widget);

G_END_DECLS
