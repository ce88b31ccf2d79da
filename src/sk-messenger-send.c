/* sk-messenger-send.c
 *
 * The whole send of one message: dedupe, render, record, then delivery
 * through the store (a customer note in the outbox) or the shop's SMTP
 * server; retries and the test message use the same delivery.
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

/* The SMTP settings as stored; the password is looked up separately. */
SkSmtpConfig *
_sk_messenger_load_smtp_config (SkDatabase  *db,
                  char       **out_user,
                  GError     **error)
{
  g_autofree char *host = sk_shop_settings_get_string (db, SK_MESSAGES_SMTP_HOST, "");
  g_autofree char *security_text = sk_shop_settings_get_string (db, SK_MESSAGES_SMTP_SECURITY, "starttls");
  SkSmtpSecurity security = g_strcmp0 (security_text, "tls") == 0 ? SK_SMTP_TLS : SK_SMTP_STARTTLS;
  gint64 port = sk_shop_settings_get_int (db, SK_MESSAGES_SMTP_PORT, security == SK_SMTP_TLS ? 465 : 587);
  g_autoptr(SkSmtpConfig) config = NULL;

  g_strstrip (host);
  if (*host == '\0')
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                           _("No mail server is set up. Enter it in Preferences → Messages, or send through the store."));
      return NULL;
    }

  config = sk_smtp_config_new (host, port > 0 && port <= 65535 ? (guint) port : 0, security);
  if (!sk_smtp_config_check (config, error))
    return NULL;

  *out_user = sk_shop_settings_get_string (db, SK_MESSAGES_SMTP_USER, "");
  g_strstrip (*out_user);

  return g_steal_pointer (&config);
}

void
_sk_delivery_free (Delivery *delivery)
{
  g_free (delivery->kind);
  g_free (delivery->from);
  g_free (delivery->to);
  g_clear_pointer (&delivery->data, g_bytes_unref);
  g_clear_pointer (&delivery->config, sk_smtp_config_free);
  g_free (delivery->user);
  g_free (delivery);
}

/* What a message sent (or queued in the outbox) means for the order. */
static void
after_sent (SkMessenger *self,
            SkDatabase  *db,
            gint64       order_id,
            const char  *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  gint64 now = sk_time_now_utc ();

  if (order_id <= 0)
    return;

  desk = sk_order_desk_load (db, order_id, &error);
  if (desk == NULL)
    {
      g_warning ("Cannot read the order desk of order %" G_GINT64_FORMAT ": %s", order_id, error->message);
      return;
    }

  if (kind != NULL && strcmp (kind, SK_TEMPLATE_CONFIRMATION) == 0 && desk->confirmed_at == 0
      && !sk_order_desk_mark_confirmed (db, order_id, now, &error))
    g_warning ("Cannot mark order %" G_GINT64_FORMAT " confirmed: %s", order_id, error->message);
  g_clear_error (&error);

  if (kind != NULL && strcmp (kind, SK_TEMPLATE_FOLLOW_UP) == 0 && desk->follow_up_sent_at == 0
      && !sk_order_desk_mark_followed_up (db, order_id, now, &error))
    g_warning ("Cannot mark order %" G_GINT64_FORMAT " followed up: %s", order_id, error->message);
  g_clear_error (&error);

  /* Any answer ends the customer's wait. */
  if (desk->awaiting_reply_since > 0 && !sk_order_desk_set_awaiting_reply (db, order_id, 0, &error))
    g_warning ("Cannot clear the wait of order %" G_GINT64_FORMAT ": %s", order_id, error->message);
}

static void
record_outcome (SkMessenger      *self,
                gint64            message_id,
                SkMessageOutcome  outcome,
                const char       *detail,
                gint64            outbox_id)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *db = _sk_messenger_get_database (self, NULL, &error);

  if (db == NULL || !sk_messages_add_event (db, message_id, outcome, detail, outbox_id, &error))
    g_warning ("Cannot record what became of message %" G_GINT64_FORMAT ": %s", message_id, error->message);
}

void
_sk_messenger_smtp_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SkMessenger *self = g_task_get_source_object (task);
  Delivery *delivery = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A test message is not about a customer: nothing to record. */
  if (delivery->message_id == 0)
    {
      if (sk_smtp_send_finish (result, &error))
        g_task_return_int (task, 0);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!sk_smtp_send_finish (result, &error))
    {
      record_outcome (self, delivery->message_id, SK_MESSAGE_FAILED, error->message, 0);
      _sk_messenger_emit_changed (self, delivery->order_id);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  record_outcome (self, delivery->message_id, SK_MESSAGE_SENT, NULL, 0);
  {
    SkDatabase *db = _sk_messenger_get_database (self, NULL, NULL);

    if (db != NULL)
      after_sent (self, db, delivery->order_id, delivery->kind);
  }
  _sk_messenger_emit_changed (self, delivery->order_id);
  g_task_return_int (task, delivery->message_id);
}

static void
smtp_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SkMessenger *self = g_task_get_source_object (task);
  Delivery *delivery = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password = sk_secrets_lookup_smtp_password_finish (result, &error);

  if (error != NULL)
    {
      /* A test message is not about a customer: nothing to record. */
      if (delivery->message_id != 0)
        {
          record_outcome (self, delivery->message_id, SK_MESSAGE_FAILED, error->message, 0);
          _sk_messenger_emit_changed (self, delivery->order_id);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No password stored: try without; the server says whether it wants one. */
  sk_smtp_config_set_login (delivery->config, delivery->user, password != NULL ? password : "");
  sk_secrets_free_password (password);

  sk_smtp_send_async (delivery->config, delivery->from, delivery->to, delivery->data,
                      g_task_get_cancellable (task), _sk_messenger_smtp_sent_cb, g_object_ref (task));
}

/* Sends @task's Delivery, after looking up the password when there is a
 * login. */
static void
start_delivery (GTask *task)
{
  Delivery *delivery = g_task_get_task_data (task);

  if (*delivery->user != '\0')
    sk_secrets_lookup_smtp_password_async (sk_smtp_config_get_host (delivery->config), delivery->user,
                                           g_task_get_cancellable (task), smtp_password_cb, g_object_ref (task));
  else
    sk_smtp_send_async (delivery->config, delivery->from, delivery->to, delivery->data,
                        g_task_get_cancellable (task), _sk_messenger_smtp_sent_cb, g_object_ref (task));
}

/* Delivers @message (recorded, its latest state "queued") by its channel
 * and returns its id through @task. */
static void
deliver (SkMessenger     *self,
         SkDatabase      *db,
         const char      *store_url,
         const SkMessage *message,
         gint64           order_id,
         GTask           *task)
{
  g_autoptr(GError) error = NULL;

  if (strcmp (message->channel, SK_MESSAGE_CHANNEL_STORE) == 0)
    {
      g_autofree char *note = NULL;
      gint64 outbox_id;

      /* WooCommerce puts the note into its own "note added to your order"
       * e-mail; the subject leads it, as the customer would see it. */
      note = g_strdup_printf ("%s\n\n%s", message->subject, message->body_text);
      outbox_id = sk_context_queue_order_note (self->context, message->order_remote_id, note, TRUE, &error);
      if (outbox_id == 0)
        {
          record_outcome (self, message->id, SK_MESSAGE_FAILED, error->message, 0);
          _sk_messenger_emit_changed (self, order_id);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      record_outcome (self, message->id, SK_MESSAGE_QUEUED, NULL, outbox_id);
      after_sent (self, db, order_id, message->kind);
      _sk_messenger_emit_changed (self, order_id);
      g_task_return_int (task, message->id);
      return;
    }

  if (strcmp (message->channel, SK_MESSAGE_CHANNEL_SMTP) == 0)
    {
      g_autofree char *shop_name = sk_shop_settings_get_string (db, SK_SHOP_NAME, "");
      g_autofree char *shop_email = sk_shop_settings_get_string (db, SK_SHOP_EMAIL, "");
      SkMailMessage mail = { 0 };
      Delivery *delivery = g_new0 (Delivery, 1);

      g_task_set_task_data (task, delivery, (GDestroyNotify) _sk_delivery_free);
      delivery->message_id = message->id;
      delivery->order_id = order_id;
      delivery->kind = g_strdup (message->kind);
      delivery->config = _sk_messenger_load_smtp_config (db, &delivery->user, &error);

      if (delivery->config != NULL && !sk_mail_address_is_valid (g_strstrip (shop_email)))
        g_set_error_literal (&error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                             _("The shop has no valid e-mail address to send from. Enter it in Preferences → Shop."));

      if (error == NULL)
        {
          mail.from_name = shop_name;
          mail.from_address = shop_email;
          mail.to_name = message->customer_name;
          mail.to_address = message->customer_email;
          mail.subject = message->subject;
          mail.text = message->body_text;
          mail.html = message->body_html;
          delivery->data = sk_mail_message_compose (&mail, NULL, &error);
        }

      if (error != NULL)
        {
          record_outcome (self, message->id, SK_MESSAGE_FAILED, error->message, 0);
          _sk_messenger_emit_changed (self, order_id);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      delivery->from = g_strdup (shop_email);
      delivery->to = g_strdup (message->customer_email);

      start_delivery (task);
      return;
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Messages received by phone, e-mail or in person are not sent."));
}

static char *
dedupe_key_for (const SendRequest   *request,
                const SkOrderRecord *order)
{
  if (request->dedupe_key != NULL)
    return g_strdup (request->dedupe_key);

  return g_strdup_printf ("%s:%lld", request->kind, (long long) order->remote_id);
}

void
_sk_messenger_retry_message (SkMessenger *self,
               SkDatabase  *db,
               const char  *store_url,
               SkMessage   *message,
               GTask       *task)
{
  g_autoptr(GError) error = NULL;

  if (!sk_messages_add_event (db, message->id, SK_MESSAGE_QUEUED, _("Sent again"), 0, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  deliver (self, db, store_url, message, message->order_id, task);
}

/* The whole send, up to the delivery. */
void
_sk_messenger_start_send (SkMessenger *self,
            gint64       order_id,
            SendRequest *request,
            GTask       *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(SkTemplate) tmpl = NULL;
  g_autoptr(SkRenderedMessage) rendered = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(SkMessage) loaded = NULL;
  g_autofree char *store_url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *language = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  SkMessage message = { 0 };
  SkDatabase *db;
  gint64 existing;
  gint64 id;

  db = _sk_messenger_get_database (self, &store_url, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  details = sk_database_load_order_details (db, order_id, &error);
  if (details == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  key = dedupe_key_for (request, details->order);
  existing = sk_messages_find_dedupe_key (db, store_url, key, &error);
  if (existing < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (existing > 0)
    loaded = sk_messages_load (db, existing, &error);
  if (existing > 0 && loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Sent before: a failed attempt is simply delivered again; anything else
   * needs an explicit "Send Again", which files it under a new key. */
  if (loaded != NULL && loaded->outcome == SK_MESSAGE_FAILED && !request->again)
    {
      _sk_messenger_retry_message (self, db, store_url, loaded, task);
      return;
    }
  if (loaded != NULL && !request->again)
    {
      g_autofree char *when = sk_time_format_date_time (loaded->created_at);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               /* Translators: "Order Shipped" went to order 1042 on 3/1/2026 14:05 */
                               _("“%s” went to order %s on %s already. Use Send Again to send it once more."),
                               sk_template_kind_get_title (request->kind), details->order->number, when);
      return;
    }
  if (request->again)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_free (key);
      key = g_strdup_printf ("%s:%lld:again:%s", request->kind, (long long) details->order->remote_id, uuid);
    }

  email = g_strstrip (g_strdup (details->order->billing.email != NULL ? details->order->billing.email : ""));
  if (!sk_mail_address_is_valid (email))
    {
      g_task_return_new_error (task, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                               _("Order %s has no valid e-mail address to write to."), details->order->number);
      return;
    }

  desk = sk_order_desk_load (db, order_id, &error);
  if (desk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  language = _sk_messenger_order_language (db, details, request->kind);
  tmpl = _sk_messenger_find_template (db, request->kind, language, &error);
  if (tmpl == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  values = _sk_messenger_build_values (db, details, desk, request, tmpl->language);
  rendered = sk_template_render (tmpl, values);
  if (rendered->unknown[0] != NULL)
    {
      g_autofree char *names = g_strjoinv ("}, {", rendered->unknown);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* Translators: %s are placeholder names, e.g. "{frist_name}" */
                               _("The template “%s” uses placeholders Shopkeeper does not know: {%s}. Correct it in Preferences → Messages."),
                               sk_template_kind_get_title (request->kind), names);
      return;
    }

  channel = sk_shop_settings_get_string (db, SK_MESSAGES_CHANNEL, SK_MESSENGER_CHANNEL_STORE);
  if (strcmp (channel, SK_MESSENGER_CHANNEL_SMTP) != 0)
    {
      g_free (channel);
      channel = g_strdup (SK_MESSENGER_CHANNEL_STORE);
    }

  name = _sk_messenger_customer_name (details->order);
  message.order_remote_id = details->order->remote_id;
  message.order_number = details->order->number;
  message.customer_email = email;
  message.customer_name = name;
  message.direction = SK_MESSAGE_OUTBOUND;
  message.channel = channel;
  message.kind = request->kind;
  message.language = tmpl->language;
  message.subject = rendered->subject;
  message.body_text = rendered->text;
  message.body_html = rendered->html;
  message.dedupe_key = key;
  message.actor = (char *) sk_context_get_actor (self->context);

  id = sk_messages_record (db, store_url, &message, SK_MESSAGE_QUEUED, NULL, &error);
  if (id == 0)
    {
      if (g_error_matches (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&loaded, sk_message_free);
  loaded = sk_messages_load (db, id, &error);
  if (loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _sk_messenger_emit_changed (self, order_id);
  deliver (self, db, store_url, loaded, order_id, task);
}

void
sk_messenger_send_test_async (SkMessenger         *self,
                              const char          *to,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shop_name = NULL;
  g_autofree char *shop_email = NULL;
  SkMailMessage mail = { 0 };
  Delivery *delivery;
  SkDatabase *db;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_send_test_async);
  delivery = g_new0 (Delivery, 1);
  g_task_set_task_data (task, delivery, (GDestroyNotify) _sk_delivery_free);

  db = _sk_messenger_get_database (self, NULL, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  delivery->config = _sk_messenger_load_smtp_config (db, &delivery->user, &error);
  if (delivery->config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  shop_name = sk_shop_settings_get_string (db, SK_SHOP_NAME, "");
  shop_email = g_strstrip (sk_shop_settings_get_string (db, SK_SHOP_EMAIL, ""));
  if (!sk_mail_address_is_valid (shop_email))
    {
      g_task_return_new_error (task, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                               _("The shop has no valid e-mail address to send from. Enter it in Preferences → Shop."));
      return;
    }

  mail.from_name = shop_name;
  mail.from_address = shop_email;
  mail.to_address = to != NULL && *to != '\0' ? to : shop_email;
  mail.subject = _("Test message from Shopkeeper");
  mail.text = _("This is a test message from Shopkeeper. Messages to your customers can be sent through this mail server.");
  delivery->data = sk_mail_message_compose (&mail, NULL, &error);
  if (delivery->data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  delivery->from = g_strdup (shop_email);
  delivery->to = g_strdup (mail.to_address);

  start_delivery (task);
}

gboolean
sk_messenger_send_test_finish (SkMessenger   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}
