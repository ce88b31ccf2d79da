/* sk-messenger-inbound.c
 *
 * What a customer said by phone, e-mail or in person, logged on the order:
 * the order then awaits a reply until the next message to the customer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-messenger"

#include "config.h"

#include "sk-messenger-private.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-mail-message.h"
#include "sk-money.h"
#include "sk-order-desk.h"
#include "sk-secrets.h"
#include "sk-shop-settings.h"
#include "sk-smtp.h"
#include "sk-time.h"

gint64
sk_messenger_log_inbound (SkMessenger  *self,
                          gint64        order_id,
                          const char   *channel,
                          const char   *text,
                          gint64        at,
                          GError      **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autofree char *store_url = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *name = NULL;
  SkMessage message = { 0 };
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_MESSENGER (self), 0);
  g_return_val_if_fail (channel != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (strcmp (channel, SK_MESSAGE_CHANNEL_PHONE) != 0 && strcmp (channel, SK_MESSAGE_CHANNEL_EMAIL) != 0
      && strcmp (channel, SK_MESSAGE_CHANNEL_IN_PERSON) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Say how the customer got in touch: by phone, by e-mail or in person."));
      return 0;
    }

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Write down what the customer said."));
      return 0;
    }

  db = _sk_messenger_get_database (self, &store_url, error);
  if (db == NULL)
    return 0;

  details = sk_database_load_order_details (db, order_id, error);
  if (details == NULL)
    return 0;

  name = _sk_messenger_customer_name (details->order);
  message.order_remote_id = details->order->remote_id;
  message.order_number = details->order->number;
  message.customer_email = details->order->billing.email;
  message.customer_name = name;
  message.direction = SK_MESSAGE_INBOUND;
  message.channel = (char *) channel;
  message.body_text = trimmed;
  message.created_at = at > 0 ? at : sk_time_now_utc ();
  message.actor = (char *) sk_context_get_actor (self->context);

  id = sk_messages_record (db, store_url, &message, SK_MESSAGE_RECEIVED, NULL, error);
  if (id == 0)
    return 0;

  if (!sk_order_desk_set_awaiting_reply (db, order_id, message.created_at, error))
    return 0;

  _sk_messenger_emit_changed (self, order_id);

  return id;
}
