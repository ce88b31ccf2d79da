/* sk-messenger-private.h — what the parts of SkMessenger share.
 *
 * sk-messenger.c holds the object, the carriers, rendering and the public
 * send and retry; sk-messenger-compose.c the language, template and
 * placeholder values of a message; sk-messenger-send.c the whole send, its
 * delivery (through the store or SMTP) and the test message;
 * sk-messenger-orders.c Mark Shipped, Report Delay and the follow-ups;
 * sk-messenger-inbound.c what customers said.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-messenger.h"
#include "sk-order-desk.h"
#include "sk-smtp.h"

G_BEGIN_DECLS

struct _SkMessenger
{
  GObject        parent_instance;

  /* Not owned: the context owns the messenger and outlives it. */
  SkContext     *context;
  SkSyncManager *sync_manager;
  gulong         syncing_handler;

  /* owned */
  GCancellable  *cancellable;
};

/* What one send needs besides the order. */
typedef struct
{
  char    *kind;
  char    *carrier;
  char    *tracking_number;
  char    *tracking_url;
  char    *delay_reason;
  gint64   new_ship_date;
  gboolean again;
  /* The delayed message names the promise it breaks, read before the
   * delay replaced it. */
  gint64   old_promise;
  char    *dedupe_key;
} SendRequest;

void         _sk_send_request_free            (SendRequest          *request);
SendRequest *_sk_send_request_new             (const char           *kind,
                                               const SkMessageExtras *extras,
                                               gboolean              again);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendRequest, _sk_send_request_free)

/* One delivery of a recorded message, over SMTP. */
typedef struct
{
  gint64        message_id;
  gint64        order_id;
  char         *kind;
  char         *from;
  char         *to;
  GBytes       *data;
  SkSmtpConfig *config;
  char         *user;
} Delivery;

void         _sk_delivery_free                (Delivery             *delivery);

/* sk-messenger.c */
SkDatabase  *_sk_messenger_get_database       (SkMessenger          *self,
                                               char                **out_store_url,
                                               GError              **error);
void         _sk_messenger_emit_changed       (SkMessenger          *self,
                                               gint64                order_id);

/* sk-messenger-compose.c */
SkTemplate  *_sk_messenger_find_template      (SkDatabase           *db,
                                               const char           *kind,
                                               const char           *language,
                                               GError              **error);
char        *_sk_messenger_order_language     (SkDatabase           *db,
                                               const SkOrderDetails *details,
                                               const char           *kind);
GHashTable  *_sk_messenger_build_values       (SkDatabase           *db,
                                               const SkOrderDetails *details,
                                               const SkOrderDesk    *desk,
                                               const SendRequest    *request,
                                               const char           *language);
char        *_sk_messenger_customer_name      (const SkOrderRecord  *order);

/* sk-messenger-send.c */
SkSmtpConfig *_sk_messenger_load_smtp_config  (SkDatabase           *db,
                                               char                **out_user,
                                               GError              **error);
void         _sk_messenger_smtp_sent_cb       (GObject              *object,
                                               GAsyncResult         *result,
                                               gpointer              user_data);
void         _sk_messenger_retry_message      (SkMessenger          *self,
                                               SkDatabase           *db,
                                               const char           *store_url,
                                               SkMessage            *message,
                                               GTask                *task);
void         _sk_messenger_start_send         (SkMessenger          *self,
                                               gint64                order_id,
                                               SendRequest          *request,
                                               GTask                *task);

G_END_DECLS
