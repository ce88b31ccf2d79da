/* sk-messenger-orders.c
 *
 * Messages that go with work on orders: Mark Shipped (several orders, one
 * after the other), Report Delay and the follow-ups due.
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

/* Work on several orders, one after the other. */
typedef enum
{
  BATCH_SHIP,
  BATCH_FOLLOW_UP,
} BatchKind;

typedef struct
{
  BatchKind  kind;
  GArray    *order_ids;
  GStrv      tracking_numbers;
  char      *carrier;
  guint      index;
  guint      n_done;
  guint      n_no_address;  /* follow-ups skipped: no address to write to */
  GError    *first_error;
} Batch;

static void
batch_free (Batch *batch)
{
  g_array_unref (batch->order_ids);
  g_strfreev (batch->tracking_numbers);
  g_free (batch->carrier);
  g_clear_error (&batch->first_error);
  g_free (batch);
}

static void batch_next (GTask *task);

static void
batch_item_done (Batch  *batch,
                 GError *error)
{
  if (error == NULL)
    batch->n_done++;
  else if (batch->first_error == NULL)
    batch->first_error = error;
  else
    g_error_free (error);
}

static void
batch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  GError *error = NULL;

  sk_messenger_send_finish (SK_MESSENGER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && batch->kind == BATCH_FOLLOW_UP)
    {
      /* The follow-up went out before, yet the desk did not know (an order
       * deleted in the store and copied again starts a fresh desk row):
       * note it, or the order would stay due and be counted as sent at
       * every Send All. It is not sent now, so it is not counted. */
      SkMessenger *self = SK_MESSENGER (object);
      gint64 order_id = g_array_index (batch->order_ids, gint64, batch->index);
      SkDatabase *db = _sk_messenger_get_database (self, NULL, NULL);

      g_clear_error (&error);
      if (db != NULL && !sk_order_desk_mark_followed_up (db, order_id, sk_time_now_utc (), &error))
        {
          g_warning ("Cannot mark order %" G_GINT64_FORMAT " followed up: %s", order_id, error->message);
          g_clear_error (&error);
        }
      _sk_messenger_emit_changed (self, order_id);
      batch->index++;
      batch_next (task);
      return;
    }
  /* Sent before (the shop marked it shipped twice): nothing is missing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  batch_item_done (batch, error);

  batch->index++;
  batch_next (task);
}

static gboolean
ship_one (SkMessenger  *self,
          Batch        *batch,
          gint64        order_id,
          SendRequest  *request,
          GError      **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  SkDatabase *db = _sk_messenger_get_database (self, NULL, error);
  const char *number = NULL;
  g_autofree char *url = NULL;

  if (db == NULL)
    return FALSE;

  details = sk_database_load_order_details (db, order_id, error);
  if (details == NULL)
    return FALSE;

  if (batch->tracking_numbers != NULL && batch->index < g_strv_length (batch->tracking_numbers))
    number = batch->tracking_numbers[batch->index];
  if (number != NULL && *number == '\0')
    number = NULL;
  url = sk_messenger_tracking_url (batch->carrier, number);

  if (g_strcmp0 (details->order->status, "completed") != 0
      && sk_context_queue_order_status (self->context, details->order->remote_id, "completed", error) == 0)
    return FALSE;

  if (!sk_order_desk_mark_shipped (db, order_id, sk_time_now_utc (), batch->carrier, number, url, error))
    return FALSE;

  request->carrier = g_strdup (batch->carrier);
  request->tracking_number = g_strdup (number);
  request->tracking_url = g_strdup (url);

  return TRUE;
}

/* Whether the order has an e-mail address a message can go to; errors
 * reading it are left to the send, which reports them. */
static gboolean
has_valid_address (SkMessenger *self,
                   gint64       order_id)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autofree char *email = NULL;
  SkDatabase *db = _sk_messenger_get_database (self, NULL, NULL);

  if (db != NULL)
    details = sk_database_load_order_details (db, order_id, NULL);
  if (details == NULL)
    return TRUE;

  email = g_strstrip (g_strdup (details->order->billing.email != NULL ? details->order->billing.email : ""));

  return sk_mail_address_is_valid (email);
}

static void
batch_next (GTask *task)
{
  SkMessenger *self = g_task_get_source_object (task);
  Batch *batch = g_task_get_task_data (task);

  while (batch->index < batch->order_ids->len)
    {
      gint64 order_id = g_array_index (batch->order_ids, gint64, batch->index);
      g_autoptr(SendRequest) request = NULL;
      g_autoptr(GTask) item = NULL;
      GError *error = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;

      if (batch->kind == BATCH_SHIP)
        {
          request = _sk_send_request_new (SK_TEMPLATE_SHIPPED, NULL, FALSE);
          if (!ship_one (self, batch, order_id, request, &error))
            {
              batch_item_done (batch, error);
              batch->index++;
              continue;
            }
        }
      else if (!has_valid_address (self, order_id))
        {
          /* Not a failure: nobody can write to this customer. The order
           * stays due, and the caller learns how many were skipped. */
          batch->n_no_address++;
          batch->index++;
          continue;
        }
      else
        request = _sk_send_request_new (SK_TEMPLATE_FOLLOW_UP, NULL, FALSE);

      _sk_messenger_emit_changed (self, order_id);
      item = g_task_new (self, g_task_get_cancellable (task), batch_sent_cb, g_object_ref (task));
      g_task_set_source_tag (item, sk_messenger_send_async);
      _sk_messenger_start_send (self, order_id, request, item);
      return;
    }

  if (batch->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&batch->first_error));
  else
    g_task_return_boolean (task, TRUE);
}

static GTask *
batch_task_new (SkMessenger         *self,
                BatchKind            kind,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  Batch *batch = g_new0 (Batch, 1);

  g_task_set_source_tag (task, source_tag);
  batch->kind = kind;
  batch->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);

  return task;
}

static gboolean
batch_finish (GAsyncResult  *result,
              guint         *out_n_done,
              GError       **error)
{
  Batch *batch = g_task_get_task_data (G_TASK (result));

  if (out_n_done != NULL)
    *out_n_done = batch->n_done;

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sk_messenger_mark_shipped_async (SkMessenger         *self,
                                 const gint64        *order_ids,
                                 guint                n_orders,
                                 const char          *carrier,
                                 const char * const  *tracking_numbers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;

  g_return_if_fail (SK_IS_MESSENGER (self));
  g_return_if_fail (order_ids != NULL || n_orders == 0);

  task = batch_task_new (self, BATCH_SHIP, sk_messenger_mark_shipped_async, cancellable, callback, user_data);
  batch = g_task_get_task_data (task);
  g_array_append_vals (batch->order_ids, order_ids, n_orders);
  batch->carrier = carrier != NULL ? g_strstrip (g_strdup (carrier)) : NULL;
  batch->tracking_numbers = g_strdupv ((GStrv) tracking_numbers);
  if (batch->tracking_numbers != NULL)
    {
      for (guint i = 0; batch->tracking_numbers[i] != NULL; i++)
        g_strstrip (batch->tracking_numbers[i]);
    }

  batch_next (g_steal_pointer (&task));
}

gboolean
sk_messenger_mark_shipped_finish (SkMessenger   *self,
                                  GAsyncResult  *result,
                                  guint         *out_n_done,
                                  GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return batch_finish (result, out_n_done, error);
}

void
sk_messenger_report_delay_async (SkMessenger         *self,
                                 gint64               order_id,
                                 const char          *reason,
                                 gint64               new_date,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(SendRequest) request = NULL;
  g_autofree char *trimmed = NULL;
  SkDatabase *db;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_report_delay_async);

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Say why the order is late: the customer reads it."));
      return;
    }

  db = _sk_messenger_get_database (self, NULL, &error);
  if (db != NULL)
    details = sk_database_load_order_details (db, order_id, &error);
  if (details != NULL)
    desk = sk_order_desk_load (db, order_id, &error);
  if (desk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!sk_order_desk_mark_delayed (db, order_id, trimmed, new_date, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _sk_messenger_emit_changed (self, order_id);

  request = _sk_send_request_new (SK_TEMPLATE_DELAYED, NULL, FALSE);
  request->delay_reason = g_steal_pointer (&trimmed);
  request->new_ship_date = new_date;
  request->old_promise = desk->promised_ship_at;
  /* Each new date is news for the customer: its own message. */
  request->dedupe_key = g_strdup_printf ("%s:%lld:%lld", SK_TEMPLATE_DELAYED,
                                         (long long) details->order->remote_id, (long long) (new_date / 86400));
  _sk_messenger_start_send (self, order_id, request, g_steal_pointer (&task));
}

gboolean
sk_messenger_report_delay_finish (SkMessenger   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) > 0;
}

GArray *
sk_messenger_list_follow_ups_due (SkMessenger  *self,
                                  GError      **error)
{
  SkDatabase *db;
  gint64 days;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);

  db = _sk_messenger_get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  days = sk_shop_settings_get_int (db, SK_SETTING_FOLLOW_UP_DAYS, SK_DESK_DEFAULT_FOLLOW_UP_DAYS);
  days = CLAMP (days, 0, SK_DESK_MAX_FOLLOW_UP_DAYS);

  return sk_order_desk_list_follow_ups_due (db, sk_time_now_utc (), (guint) days, error);
}

void
sk_messenger_send_follow_ups_async (SkMessenger         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GArray) due = NULL;
  GError *error = NULL;
  Batch *batch;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = batch_task_new (self, BATCH_FOLLOW_UP, sk_messenger_send_follow_ups_async, cancellable, callback, user_data);
  due = sk_messenger_list_follow_ups_due (self, &error);
  if (due == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  batch = g_task_get_task_data (task);
  g_array_append_vals (batch->order_ids, due->data, due->len);
  batch_next (g_steal_pointer (&task));
}

gboolean
sk_messenger_send_follow_ups_finish (SkMessenger   *self,
                                     GAsyncResult  *result,
                                     guint         *out_n_sent,
                                     guint         *out_n_no_address,
                                     GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_n_no_address != NULL)
    *out_n_no_address = ((Batch *) g_task_get_task_data (G_TASK (result)))->n_no_address;

  return batch_finish (result, out_n_sent, error);
}
