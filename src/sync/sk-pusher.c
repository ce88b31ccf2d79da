/* sk-pusher.c
 *
 * Each item is marked in flight (one attempt more) in the database before
 * its write is sent. An item found in flight, or tried before, may have
 * reached the store although no answer came back (a dropped connection, a
 * crash): before a non-idempotent POST is sent again the store is asked
 * whether it has it already, so a refund, a note or a coupon is never made
 * twice. Refunds carry their idempotency key at the end of their reason,
 * which the store keeps and lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-pusher"

#include "config.h"

#include "sk-pusher.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-money.h"
#include "sk-order-status.h"
#include "sk-sync-manager.h"
#include "sk-time.h"
#include "sk-woo-json.h"

typedef struct
{
  SkWooConnector     *connector;
  GMainContext       *context;
  GCancellable       *cancellable;
  SkPusherUpdateFunc  update;
  gpointer            user_data;
  /* Records ("order:12") whose earlier change did not go through in this
   * run: their later changes wait, to keep the order. */
  GHashTable         *blocked;
  /* A transfer failed: the store is probably out of reach, and every
   * further item would only wait for its timeout. */
  gboolean            unreachable;
  /* Status changes checked and waiting to go together through
   * POST orders/batch (SkOutboxItem*, borrowed), and their records. */
  GPtrArray          *batch;
  GHashTable         *batch_keys;
  SkPushSummary       summary;
} Pusher;

typedef enum
{
  RESULT_DONE,
  RESULT_RETRY,
  RESULT_PERMANENT,
  RESULT_CONFLICT,
  RESULT_BATCHED,    /* checked, in flight, goes with the next batch */
} Result;

/* What one try came to. */
typedef struct
{
  Result  result;
  char   *error;             /* translated */
  gboolean transport_failed;
  guint   retry_after;       /* seconds the store asked for */
  gint64  remote_modified;
  gint64  result_id;
} Try;

static void
try_clear (Try *t)
{
  g_clear_pointer (&t->error, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Try, try_clear)

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* Sends one request and iterates the worker's context until it is
 * answered: the push runs before the pull, nothing else is in flight. */
static GBytes *
send_sync (Pusher      *p,
           const char  *method,
           const char  *endpoint,
           const char  *query,
           const char  *body,
           guint       *out_status,
           guint       *out_retry_after,
           GError     **error)
{
  g_autoptr(GBytes) request_body = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  Wait wait = { 0 };
  GBytes *answer;

  sk_woo_connector_send_async (p->connector, method, endpoint, query, request_body,
                               p->cancellable, wait_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (p->context, TRUE);

  answer = sk_woo_connector_send_finish (p->connector, wait.result, out_status, out_retry_after, error);
  g_object_unref (wait.result);

  return answer;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_flag_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  return flag_cb (user_data);
}

/* Waits @seconds (or until cancelled); FALSE if cancelled. */
static gboolean
sleep_s (Pusher *p,
         guint   seconds)
{
  /* Not g_timeout_source_new_seconds(): it may fire up to a second early,
   * and a store that asked for a second must get it. */
  g_autoptr(GSource) timeout = g_timeout_source_new (seconds * 1000);
  g_autoptr(GSource) cancelled = NULL;
  gboolean done = FALSE;

  g_source_set_callback (timeout, flag_cb, &done, NULL);
  g_source_attach (timeout, p->context);
  if (p->cancellable != NULL)
    {
      cancelled = g_cancellable_source_new (p->cancellable);
      g_source_set_callback (cancelled, G_SOURCE_FUNC (cancelled_flag_cb), &done, NULL);
      g_source_attach (cancelled, p->context);
    }

  while (!done)
    g_main_context_iteration (p->context, TRUE);

  g_source_destroy (timeout);
  if (cancelled != NULL)
    g_source_destroy (cancelled);

  return !g_cancellable_is_cancelled (p->cancellable);
}

static JsonNode *
parse_json_text (const char *text,
                 gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);

  return root != NULL ? json_node_copy (root) : NULL;
}

static JsonNode *
parse_json (GBytes *body)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0)
    return NULL;

  return parse_json_text (data, (gssize) size);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A failure of the transfer: the write may or may not have reached the
 * store; the next try looks before it writes again. */
static void
try_from_transport_error (Try          *t,
                          const GError *error)
{
  t->result = RESULT_RETRY;
  t->transport_failed = TRUE;
  t->error = g_strdup (error->message);
}

/* The store answered with an error status. */
static void
try_from_status (Try    *t,
                 guint   status,
                 guint   retry_after,
                 GBytes *body)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  sk_woo_json_parse_error (body, &code, &message);

  /* WooCommerce answers a refund it refuses (more than what is left, a
   * gateway that cannot refund) with a 500 and this code: nothing was
   * made, and the same refund would be refused again. */
  if (status == 500 && g_strcmp0 (code, "woocommerce_rest_cannot_create_order_refund") == 0)
    {
      t->result = RESULT_PERMANENT;
      if (message != NULL && *message != '\0')
        /* Translators: %s is the store's own explanation, e.g. “Invalid refund amount.” */
        t->error = g_strdup_printf (_("The store refused the refund: %s"), message);
      else
        t->error = g_strdup (_("The store refused the refund."));
      return;
    }

  if (status == 429 || status == 503 || status >= 500)
    {
      t->result = RESULT_RETRY;
      t->retry_after = retry_after;
      /* Translators: %u is an HTTP status code */
      t->error = g_strdup_printf (_("The store is busy or failing (HTTP %u); the change will be sent again."), status);
      return;
    }

  t->result = RESULT_PERMANENT;
  if (g_strcmp0 (code, "registration-error-email-exists") == 0)
    t->error = g_strdup (_("Another customer’s account in the store already uses this e-mail address. Change the address, or discard this change."));
  else if (status == 401 || status == 403)
    t->error = g_strdup (_("The store refused the change: the key may not write. Give it Read/Write permission in WooCommerce › Settings › Advanced › REST API."));
  else if (status == 404)
    t->error = g_strdup (_("The store no longer has this record."));
  else if (message != NULL && *message != '\0')
    /* Translators: %u is an HTTP status code, %s the store's own explanation */
    t->error = g_strdup_printf (_("The store refused the change (HTTP %u: %s)."), status, message);
  else
    /* Translators: %u is an HTTP status code */
    t->error = g_strdup_printf (_("The store refused the change (HTTP %u)."), status);
}

/* Sends a write and fills @t; *@out_answer gets the parsed answer of a
 * success. */
static void
write_request (Pusher      *p,
               const char  *method,
               const char  *endpoint,
               const char  *body,
               Try         *t,
               JsonNode   **out_answer)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;
  guint retry_after = 0;

  answer = send_sync (p, method, endpoint, NULL, body, &status, &retry_after, &error);
  if (answer == NULL)
    {
      try_from_transport_error (t, error);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      try_from_status (t, status, retry_after, answer);
      return;
    }

  t->result = RESULT_DONE;
  if (out_answer != NULL)
    *out_answer = parse_json (answer);
}

/* A read (GET) to look before writing; FALSE with @t filled on failure. */
static JsonNode *
read_request (Pusher     *p,
              const char *endpoint,
              const char *query,
              Try        *t)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;
  guint retry_after = 0;
  JsonNode *node;

  answer = send_sync (p, "GET", endpoint, query, NULL, &status, &retry_after, &error);
  if (answer == NULL)
    {
      try_from_transport_error (t, error);
      return NULL;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      try_from_status (t, status, retry_after, answer);
      return NULL;
    }

  node = parse_json (answer);
  if (node == NULL)
    {
      t->result = RESULT_RETRY;
      t->error = g_strdup (_("The store’s answer was cut off or damaged; the change will be sent again."));
    }

  return node;
}

static gboolean
mark_in_flight (Pusher        *p,
                SkOutboxItem  *item,
                GError       **error)
{
  SkOutboxOutcome outcome = { item->id, SK_OUTBOX_STATE_IN_FLIGHT, 0, NULL, 0, 0 };

  if (!p->update (&outcome, p->user_data, error))
    return FALSE;

  item->attempts++;
  item->state = SK_OUTBOX_STATE_IN_FLIGHT;

  return TRUE;
}

static JsonObject *
payload_object (SkOutboxItem *item,
                JsonNode    **out_node)
{
  *out_node = parse_json_text (item->payload, -1);

  if (*out_node == NULL || !JSON_NODE_HOLDS_OBJECT (*out_node))
    return NULL;

  return json_node_get_object (*out_node);
}

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

static void
try_malformed_payload (Try *t)
{
  t->result = RESULT_PERMANENT;
  t->error = g_strdup (_("This change is damaged and cannot be sent."));
}

static gboolean
push_order_status (Pusher        *p,
                   SkOutboxItem  *item,
                   Try           *t,
                   GError       **error)
{
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT, item->target_remote_id);
  JsonObject *payload = payload_object (item, &payload_node);
  const char *status = payload != NULL ? member_string (payload, "status") : NULL;
  const char *remote_status;
  gint64 remote_modified = 0;

  if (status == NULL)
    {
      try_malformed_payload (t);
      return TRUE;
    }

  /* Never silently overwrite: if the store changed the order after the
   * edit was queued, the user decides. */
  current = read_request (p, endpoint, "_fields=id,status,date_modified_gmt", t);
  if (current == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (current))
    {
      t->result = RESULT_RETRY;
      t->error = g_strdup (_("The store’s answer was cut off or damaged; the change will be sent again."));
      return TRUE;
    }

  remote_status = member_string (json_node_get_object (current), "status");
  if (member_string (json_node_get_object (current), "date_modified_gmt") != NULL)
    sk_time_parse_iso8601_utc (member_string (json_node_get_object (current), "date_modified_gmt"),
                               &remote_modified, NULL);

  if (g_strcmp0 (remote_status, status) == 0)
    {
      /* Already so: an earlier try went through, or someone did the same. */
      t->result = RESULT_DONE;
      return TRUE;
    }

  if (item->base_modified > 0 && remote_modified > item->base_modified)
    {
      t->result = RESULT_CONFLICT;
      t->remote_modified = remote_modified;
      /* Translators: %s is the order's status in the store now, e.g. “Completed” */
      t->error = g_strdup_printf (_("The order was changed in the store after this change was made (it is now “%s” there)."),
                                  sk_order_status_get_label (remote_status != NULL ? remote_status : ""));
      return TRUE;
    }

  if (!mark_in_flight (p, item, error))
    return FALSE;

  /* Sent with the other status changes of this push, a hundred at most
   * per request (see flush_batch ()). */
  t->result = RESULT_BATCHED;
  g_ptr_array_add (p->batch, item);
  g_hash_table_add (p->batch_keys, g_strdup_printf ("order:%" G_GINT64_FORMAT, item->target_remote_id));

  return TRUE;
}

static gboolean
push_order_note (Pusher        *p,
                 SkOutboxItem  *item,
                 Try           *t,
                 GError       **error)
{
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/notes", item->target_remote_id);
  JsonObject *payload = payload_object (item, &payload_node);
  const char *note = payload != NULL ? member_string (payload, "note") : NULL;

  if (note == NULL)
    {
      try_malformed_payload (t);
      return TRUE;
    }

  /* Tried before: the note may be there already. Notes cannot carry a
   * key, so the same text made since the change was queued counts. */
  if (item->attempts > 0)
    {
      g_autoptr(JsonNode) notes = read_request (p, endpoint, "_fields=id,note,date_created_gmt", t);

      if (notes == NULL)
        return TRUE;
      if (JSON_NODE_HOLDS_ARRAY (notes))
        {
          JsonArray *array = json_node_get_array (notes);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonObject *existing = json_array_get_object_element (array, i);

              if (existing != NULL && g_strcmp0 (member_string (existing, "note"), note) == 0)
                {
                  t->result = RESULT_DONE;
                  t->result_id = member_int (existing, "id");
                  return TRUE;
                }
            }
        }
    }

  if (!mark_in_flight (p, item, error))
    return FALSE;

  write_request (p, "POST", endpoint, item->payload, t, &answer);
  if (t->result == RESULT_DONE && answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    t->result_id = member_int (json_node_get_object (answer), "id");

  return TRUE;
}

/* The key at the end of a refund's reason, as the store keeps it. */
static char *
refund_reason (const char *reason,
               const char *key)
{
  if (reason == NULL || *reason == '\0')
    return g_strdup_printf ("[%s]", key);

  return g_strdup_printf ("%s [%s]", reason, key);
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* Adds "refund_tax": [{"id": rate, "refund_total": "…"}] for line
 * @item_id: @tax spread over the line's tax rates as the store lists them
 * in @order (in proportion to each rate's share, the rest on the last).
 * FALSE with @t filled when the store lists no tax for the line. */
static gboolean
add_refund_tax (JsonBuilder *builder,
                JsonNode    *order,
                gint64       item_id,
                gint64       tax,
                guint        decimals,
                Try         *t)
{
  JsonArray *items = NULL;
  JsonArray *taxes = NULL;
  g_autoptr(GArray) rates = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) shares = g_array_new (FALSE, TRUE, sizeof (gint64));
  gint64 whole = 0;
  gint64 given = 0;

  if (order != NULL && JSON_NODE_HOLDS_OBJECT (order) &&
      json_object_has_member (json_node_get_object (order), "line_items") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (order), "line_items")))
    items = json_object_get_array_member (json_node_get_object (order), "line_items");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *candidate = json_array_get_object_element (items, i);

      if (candidate != NULL && member_int (candidate, "id") == item_id &&
          json_object_has_member (candidate, "taxes") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (candidate, "taxes")))
        taxes = json_object_get_array_member (candidate, "taxes");
    }

  for (guint i = 0; taxes != NULL && i < json_array_get_length (taxes); i++)
    {
      JsonObject *rate = json_array_get_object_element (taxes, i);
      const char *total = rate != NULL ? member_string (rate, "total") : NULL;
      gint64 rate_id = rate != NULL ? member_int (rate, "id") : 0;
      gint64 minor = 0;

      if (rate_id <= 0 || total == NULL || !sk_money_parse_rounded (total, decimals, &minor, NULL) || minor <= 0)
        continue;
      g_array_append_val (rates, rate_id);
      g_array_append_val (shares, minor);
      if (!sk_money_add (whole, minor, &whole))
        whole = G_MAXINT64;
    }

  if (rates->len == 0)
    {
      t->result = RESULT_PERMANENT;
      t->error = g_strdup (_("The store lists no tax for a line whose tax is refunded."));
      return FALSE;
    }

  json_builder_set_member_name (builder, "refund_tax");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rates->len; i++)
    {
      g_autofree char *text = NULL;
      gint64 part;

      /* tax × share / whole without overflow for any sane amount: the
       * quotient first, then the remainder. */
      if (i + 1 == rates->len)
        part = tax - given;
      else
        {
          gint64 share = g_array_index (shares, gint64, i);

          part = (tax / whole) * share + ((tax % whole) * share) / whole;
        }
      given += part;
      text = sk_money_to_api_string (part, decimals);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_array_index (rates, gint64, i));
      json_builder_set_member_name (builder, "refund_total");
      json_builder_add_string_value (builder, text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

static gboolean
push_refund (Pusher        *p,
             SkOutboxItem  *item,
             Try           *t,
             GError       **error)
{
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", item->target_remote_id);
  g_autofree char *marker = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) order = NULL;
  JsonObject *payload = payload_object (item, &payload_node);
  JsonArray *lines;
  const char *currency;
  guint decimals;
  gint64 amount;

  if (payload == NULL || (amount = member_int (payload, "amount")) <= 0)
    {
      try_malformed_payload (t);
      return TRUE;
    }

  currency = member_string (payload, "currency");
  decimals = sk_money_currency_decimals (currency != NULL ? currency : "");
  amount_text = sk_money_to_api_string (amount, decimals);
  marker = g_strdup_printf ("[%s]", item->idempotency_key);
  reason = refund_reason (member_string (payload, "reason"), item->idempotency_key);

  /* Tried before, whatever came back: look for it before posting again.
   * A refund is never posted twice. */
  if (item->attempts > 0)
    {
      g_autoptr(JsonNode) refunds = read_request (p, endpoint, "per_page=100&_fields=id,amount,reason", t);

      if (refunds == NULL)
        return TRUE;
      if (!JSON_NODE_HOLDS_ARRAY (refunds))
        {
          t->result = RESULT_RETRY;
          t->error = g_strdup (_("The store’s answer was cut off or damaged; the change will be sent again."));
          return TRUE;
        }

      for (guint i = 0; i < json_array_get_length (json_node_get_array (refunds)); i++)
        {
          JsonObject *existing = json_array_get_object_element (json_node_get_array (refunds), i);
          const char *existing_reason = existing != NULL ? member_string (existing, "reason") : NULL;
          const char *existing_amount = existing != NULL ? member_string (existing, "amount") : NULL;
          gint64 minor = 0;

          if (existing_reason == NULL || strstr (existing_reason, marker) == NULL)
            continue;

          /* WooCommerce lists refunds with a positive amount string. */
          if (existing_amount != NULL && sk_money_parse (existing_amount, decimals, &minor, NULL) &&
              ABS (minor) == amount)
            {
              t->result = RESULT_DONE;
              t->result_id = member_int (existing, "id");
              return TRUE;
            }
        }
    }

  lines = json_object_has_member (payload, "lines") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (payload, "lines"))
    ? json_object_get_array_member (payload, "lines") : NULL;

  /* A line's tax goes back per tax rate, and only the store knows the
   * rates of each line: asked only when some tax is refunded. */
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (line != NULL && member_int (line, "tax") > 0)
        {
          g_autofree char *order_endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT, item->target_remote_id);

          order = read_request (p, order_endpoint, "_fields=id,line_items", t);
          if (order == NULL)
            return TRUE;
          break;
        }
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount_text);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  /* api_refund defaults to true, which sends the money back through the
   * payment gateway, and api_restock to true: both only when asked (an
   * amount-only refund is recorded, nothing restocked). */
  json_builder_set_member_name (builder, "api_refund");
  json_builder_add_boolean_value (builder, member_bool (payload, "api_refund"));
  json_builder_set_member_name (builder, "api_restock");
  json_builder_add_boolean_value (builder, member_bool (payload, "api_restock"));
  if (lines != NULL && json_array_get_length (lines) > 0)
    {
      json_builder_set_member_name (builder, "line_items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < json_array_get_length (lines); i++)
        {
          JsonObject *line = json_array_get_object_element (lines, i);
          g_autofree char *total_text = NULL;
          gint64 tax;

          if (line == NULL || member_int (line, "id") <= 0)
            {
              try_malformed_payload (t);
              return TRUE;
            }
          total_text = sk_money_to_api_string (member_int (line, "total"), decimals);
          tax = member_int (line, "tax");

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, member_int (line, "id"));
          json_builder_set_member_name (builder, "quantity");
          json_builder_add_int_value (builder, member_int (line, "quantity"));
          json_builder_set_member_name (builder, "refund_total");
          json_builder_add_string_value (builder, total_text);
          if (tax > 0 && !add_refund_tax (builder, order, member_int (line, "id"), tax, decimals, t))
            return TRUE;
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = to_json (body_node);

  if (!mark_in_flight (p, item, error))
    return FALSE;

  write_request (p, "POST", endpoint, body, t, &answer);
  if (t->result == RESULT_DONE && answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    t->result_id = member_int (json_node_get_object (answer), "id");

  return TRUE;
}

static gboolean
push_coupon (Pusher        *p,
             SkOutboxItem  *item,
             Try           *t,
             GError       **error)
{
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *payload = payload_object (item, &payload_node);
  const char *code = payload != NULL ? member_string (payload, "code") : NULL;

  if (code == NULL)
    {
      try_malformed_payload (t);
      return TRUE;
    }

  if (item->attempts > 0)
    {
      g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);
      g_autofree char *query = g_strdup_printf ("code=%s&_fields=id,code", escaped);
      g_autoptr(JsonNode) found = read_request (p, "coupons", query, t);

      if (found == NULL)
        return TRUE;
      if (JSON_NODE_HOLDS_ARRAY (found) && json_array_get_length (json_node_get_array (found)) > 0)
        {
          JsonObject *existing = json_array_get_object_element (json_node_get_array (found), 0);

          t->result = RESULT_DONE;
          t->result_id = existing != NULL ? member_int (existing, "id") : 0;
          return TRUE;
        }
    }

  if (!mark_in_flight (p, item, error))
    return FALSE;

  write_request (p, "POST", "coupons", item->payload, t, &answer);
  if (t->result == RESULT_DONE && answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    t->result_id = member_int (json_node_get_object (answer), "id");

  return TRUE;
}

/* TRUE when every member of @wanted (nested objects member by member)
 * has the same string value in @have. */
static gboolean
object_holds (JsonObject *wanted,
              JsonObject *have)
{
  g_autoptr(GList) members = json_object_get_members (wanted);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *want = json_object_get_member (wanted, l->data);
      JsonNode *got = have != NULL ? json_object_get_member (have, l->data) : NULL;

      if (got == NULL)
        return FALSE;
      if (JSON_NODE_HOLDS_OBJECT (want))
        {
          if (!JSON_NODE_HOLDS_OBJECT (got) ||
              !object_holds (json_node_get_object (want), json_node_get_object (got)))
            return FALSE;
        }
      else if (json_node_get_value_type (want) != G_TYPE_STRING ||
               json_node_get_value_type (got) != G_TYPE_STRING ||
               g_strcmp0 (json_node_get_string (want), json_node_get_string (got)) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
push_customer_update (Pusher        *p,
                      SkOutboxItem  *item,
                      Try           *t,
                      GError       **error)
{
  g_autoptr(JsonNode) payload_node = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autofree char *endpoint = g_strdup_printf ("customers/%" G_GINT64_FORMAT, item->target_remote_id);
  JsonObject *payload = payload_object (item, &payload_node);
  JsonObject *remote;
  const char *modified;
  gint64 remote_modified = 0;

  if (payload == NULL || json_object_get_size (payload) == 0)
    {
      try_malformed_payload (t);
      return TRUE;
    }

  /* As for an order's status: never overwrite what the store changed
   * after the edit was made here; WooCommerce bumps a customer's
   * date_modified on every save of the account. */
  current = read_request (p, endpoint, "_fields=id,date_modified_gmt,email,first_name,last_name,billing,shipping", t);
  if (current == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (current))
    {
      t->result = RESULT_RETRY;
      t->error = g_strdup (_("The store’s answer was cut off or damaged; the change will be sent again."));
      return TRUE;
    }
  remote = json_node_get_object (current);

  if (object_holds (payload, remote))
    {
      /* Already so: an earlier try went through, or someone did the same. */
      t->result = RESULT_DONE;
      return TRUE;
    }

  modified = member_string (remote, "date_modified_gmt");
  if (modified != NULL)
    sk_time_parse_iso8601_utc (modified, &remote_modified, NULL);
  if (item->base_modified > 0 && remote_modified > item->base_modified)
    {
      t->result = RESULT_CONFLICT;
      t->remote_modified = remote_modified;
      t->error = g_strdup (_("The customer’s details were changed in the store after this change was made."));
      return TRUE;
    }

  /* Setting fields is idempotent: sent again as it is after a lost answer. */
  if (!mark_in_flight (p, item, error))
    return FALSE;

  write_request (p, "PUT", endpoint, item->payload, t, NULL);

  return TRUE;
}

static gboolean
push_product (Pusher        *p,
              SkOutboxItem  *item,
              Try           *t,
              GError       **error)
{
  g_autofree char *endpoint = g_strdup_printf ("products/%" G_GINT64_FORMAT, item->target_remote_id);

  /* Setting a flag or the tags is idempotent: sent again as it is. */
  if (!mark_in_flight (p, item, error))
    return FALSE;

  write_request (p, "PUT", endpoint, item->payload, t, NULL);

  return TRUE;
}

static char *
record_key (const SkOutboxItem *item)
{
  switch (item->kind)
    {
    case SK_OUTBOX_KIND_ORDER_STATUS:
    case SK_OUTBOX_KIND_ORDER_NOTE:
    case SK_OUTBOX_KIND_REFUND:
      return g_strdup_printf ("order:%" G_GINT64_FORMAT, item->target_remote_id);
    case SK_OUTBOX_KIND_PRODUCT_FEATURED:
    case SK_OUTBOX_KIND_PRODUCT_TAGS:
      return g_strdup_printf ("product:%" G_GINT64_FORMAT, item->target_remote_id);
    case SK_OUTBOX_KIND_CUSTOMER_UPDATE:
      return g_strdup_printf ("customer:%" G_GINT64_FORMAT, item->target_remote_id);
    case SK_OUTBOX_KIND_COUPON:
    default:
      return g_strdup_printf ("coupon:%" G_GINT64_FORMAT, item->id);
    }
}

static guint
backoff_s (gint64 attempts)
{
  guint64 delay = (guint64) SK_PUSHER_BACKOFF_S << MIN (MAX (attempts, 1) - 1, 20);

  return (guint) MIN (delay, (guint64) SK_PUSHER_MAX_BACKOFF_S);
}

/* Records what a try came to. FALSE on a storage failure. */
static gboolean
record_try (Pusher        *p,
            SkOutboxItem  *item,
            const char    *key,
            const Try     *t,
            GError       **error)
{
  SkOutboxOutcome outcome = { item->id, SK_OUTBOX_STATE_DONE, 0, t->error, 0, 0 };

  switch (t->result)
    {
    case RESULT_DONE:
      outcome.state = SK_OUTBOX_STATE_DONE;
      outcome.error = NULL;
      outcome.result_remote_id = t->result_id;
      p->summary.done++;
      break;

    case RESULT_CONFLICT:
      outcome.state = SK_OUTBOX_STATE_CONFLICT;
      outcome.remote_modified = t->remote_modified;
      p->summary.conflicts++;
      g_hash_table_add (p->blocked, g_strdup (key));
      break;

    case RESULT_PERMANENT:
      outcome.state = SK_OUTBOX_STATE_FAILED_PERMANENT;
      p->summary.failed++;
      g_hash_table_add (p->blocked, g_strdup (key));
      break;

    case RESULT_RETRY:
    case RESULT_BATCHED:
    default:
      /* A look before the write failed counts as a try too, or a store
       * that always fails would be asked for ever. */
      if (item->state != SK_OUTBOX_STATE_IN_FLIGHT)
        item->attempts++;
      if (item->attempts >= SK_PUSHER_MAX_ATTEMPTS)
        {
          outcome.state = SK_OUTBOX_STATE_FAILED_PERMANENT;
          p->summary.failed++;
          g_hash_table_add (p->blocked, g_strdup (key));
          break;
        }
      outcome.state = SK_OUTBOX_STATE_FAILED_RETRYABLE;
      outcome.next_attempt_at = sk_time_now_utc () + MAX (t->retry_after, backoff_s (item->attempts));
      item->state = SK_OUTBOX_STATE_FAILED_RETRYABLE;
      item->next_attempt_at = outcome.next_attempt_at;
      p->summary.waiting++;
      g_hash_table_add (p->blocked, g_strdup (key));
      if (t->transport_failed)
        p->unreachable = TRUE;
      break;
    }

  return p->update (&outcome, p->user_data, error);
}

/* What the answer of POST orders/batch says about order @id: WooCommerce
 * lists each item with the order, or with {"id", "error": {"code",
 * "message", "data": {"status"}}} when that one failed. */
static void
batch_item_result (JsonNode *parsed,
                   gint64    id,
                   Try      *t)
{
  JsonArray *results = NULL;

  if (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed))
    {
      JsonNode *update = json_object_get_member (json_node_get_object (parsed), "update");

      if (update != NULL && JSON_NODE_HOLDS_ARRAY (update))
        results = json_node_get_array (update);
    }

  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonObject *failure;
      JsonObject *data;
      const char *message;
      gint64 status;

      if (result == NULL || member_int (result, "id") != id)
        continue;

      if (!json_object_has_member (result, "error") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "error")))
        {
          t->result = RESULT_DONE;
          return;
        }

      failure = json_object_get_object_member (result, "error");
      message = member_string (failure, "message");
      data = json_object_has_member (failure, "data") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (failure, "data"))
        ? json_object_get_object_member (failure, "data") : NULL;
      status = data != NULL ? member_int (data, "status") : 400;

      if (status == 429 || status >= 500)
        {
          t->result = RESULT_RETRY;
          /* Translators: %d is an HTTP status code */
          t->error = g_strdup_printf (_("The store is busy or failing (HTTP %d); the change will be sent again."), (int) status);
        }
      else
        {
          t->result = RESULT_PERMANENT;
          if (status == 404)
            t->error = g_strdup (_("The store no longer has this record."));
          else if (message != NULL && *message != '\0')
            /* Translators: %d is an HTTP status code, %s the store's own explanation */
            t->error = g_strdup_printf (_("The store refused the change (HTTP %d: %s)."), (int) status, message);
          else
            /* Translators: %d is an HTTP status code */
            t->error = g_strdup_printf (_("The store refused the change (HTTP %d)."), (int) status);
        }
      return;
    }

  /* Not in the answer: sent again by a later sync (setting a status is
   * harmless to repeat). */
  t->result = RESULT_RETRY;
  t->error = g_strdup (_("The store’s answer was cut off or damaged; the change will be sent again."));
}

/* Sends @n checked status changes: one alone as PUT orders/<id>, more as
 * POST orders/batch, whose answer says item by item what happened. A 413
 * (too many items for this host) halves the batch. */
static gboolean
send_status_batch (Pusher         *p,
                   SkOutboxItem  **items,
                   guint           n,
                   gboolean        waited,
                   GError        **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *body = NULL;
  guint status = 0;
  guint retry_after = 0;

  if (n == 0)
    return TRUE;

  if (n == 1)
    {
      g_autofree char *endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT, items[0]->target_remote_id);
      g_autofree char *key = record_key (items[0]);
      g_auto(Try) t = { RESULT_RETRY, NULL, FALSE, 0, 0, 0 };

      write_request (p, "PUT", endpoint, items[0]->payload, &t, NULL);

      /* A store that asks for a short pause gets it once, now. */
      if (t.result == RESULT_RETRY && !waited && t.retry_after > 0 &&
          t.retry_after <= SK_PUSHER_MAX_INLINE_WAIT_S)
        return sleep_s (p, t.retry_after) && send_status_batch (p, items, n, TRUE, error);

      return record_try (p, items[0], key, &t, error);
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "update");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) payload_node = NULL;
      JsonObject *payload = payload_object (items[i], &payload_node);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, items[i]->target_remote_id);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, payload != NULL ? member_string (payload, "status") : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = to_json (root);

  answer = send_sync (p, "POST", "orders/batch", NULL, body, &status, &retry_after, &transport_error);

  if (answer != NULL && status == 413)
    {
      g_debug ("Batch of %u refused as too large: halving it", n);
      return send_status_batch (p, items, n / 2, waited, error) &&
             send_status_batch (p, items + n / 2, n - n / 2, waited, error);
    }

  if (answer != NULL && (status == 429 || status == 503) && !waited &&
      retry_after > 0 && retry_after <= SK_PUSHER_MAX_INLINE_WAIT_S)
    return sleep_s (p, retry_after) && send_status_batch (p, items, n, TRUE, error);

  if (answer != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    parsed = parse_json (answer);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = record_key (items[i]);
      g_auto(Try) t = { RESULT_RETRY, NULL, FALSE, 0, 0, 0 };

      if (answer == NULL)
        try_from_transport_error (&t, transport_error);
      else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        try_from_status (&t, status, retry_after, answer);
      else
        batch_item_result (parsed, items[i]->target_remote_id, &t);

      if (!record_try (p, items[i], key, &t, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
flush_batch (Pusher  *p,
             GError **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < p->batch->len; i += SK_PUSHER_MAX_BATCH)
    ok = send_status_batch (p, (SkOutboxItem **) p->batch->pdata + i,
                            MIN (SK_PUSHER_MAX_BATCH, p->batch->len - i), FALSE, error);

  g_ptr_array_set_size (p->batch, 0);
  g_hash_table_remove_all (p->batch_keys);

  return ok;
}

/* One item, tried until it is done, fails for good, or must wait longer
 * than this sync should. FALSE on a storage failure or cancellation. */
static gboolean
push_item (Pusher        *p,
           SkOutboxItem  *item,
           GError       **error)
{
  g_autofree char *key = record_key (item);
  g_autoptr(GError) local_error = NULL;
  gboolean waited = FALSE;

  if (p->unreachable || g_hash_table_contains (p->blocked, key) ||
      item->next_attempt_at > sk_time_now_utc ())
    {
      /* Not yet: and the later changes of the same record wait behind it. */
      g_hash_table_add (p->blocked, g_steal_pointer (&key));
      p->summary.waiting++;
      return TRUE;
    }

  for (;;)
    {
      g_auto(Try) t = { RESULT_RETRY, NULL, FALSE, 0, 0, 0 };
      gboolean ok;

      switch (item->kind)
        {
        case SK_OUTBOX_KIND_ORDER_STATUS:
          ok = push_order_status (p, item, &t, &local_error);
          break;
        case SK_OUTBOX_KIND_ORDER_NOTE:
          ok = push_order_note (p, item, &t, &local_error);
          break;
        case SK_OUTBOX_KIND_REFUND:
          ok = push_refund (p, item, &t, &local_error);
          break;
        case SK_OUTBOX_KIND_COUPON:
          ok = push_coupon (p, item, &t, &local_error);
          break;
        case SK_OUTBOX_KIND_CUSTOMER_UPDATE:
          ok = push_customer_update (p, item, &t, &local_error);
          break;
        case SK_OUTBOX_KIND_PRODUCT_FEATURED:
        case SK_OUTBOX_KIND_PRODUCT_TAGS:
        default:
          ok = push_product (p, item, &t, &local_error);
          break;
        }

      /* Discarded by the user while this sync ran: not sent. */
      if (!ok && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_debug ("Change %" G_GINT64_FORMAT " was discarded meanwhile", item->id);
          return TRUE;
        }
      if (!ok)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_cancellable_is_cancelled (p->cancellable))
        break;
      if (t.result == RESULT_BATCHED)
        return TRUE;

      if (!record_try (p, item, key, &t, error))
        return FALSE;

      if (item->state != SK_OUTBOX_STATE_FAILED_RETRYABLE || item->attempts >= SK_PUSHER_MAX_ATTEMPTS)
        return TRUE;

      /* A store that asks for a short pause gets it once, now; anything
       * else is tried again by a later sync. */
      if (waited || t.retry_after == 0 || t.retry_after > SK_PUSHER_MAX_INLINE_WAIT_S)
        return TRUE;

      waited = TRUE;
      p->summary.waiting--;
      g_hash_table_remove (p->blocked, key);
      if (!sleep_s (p, t.retry_after))
        break;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled."));
  return FALSE;
}

gboolean
sk_pusher_run (SkWooConnector     *connector,
               GPtrArray          *items,
               GMainContext       *context,
               GCancellable       *cancellable,
               SkPusherUpdateFunc  update,
               gpointer            user_data,
               SkPushSummary      *out_summary,
               GError            **error)
{
  Pusher p = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (SK_IS_WOO_CONNECTOR (connector), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (update != NULL, FALSE);

  p.connector = connector;
  p.context = context;
  p.cancellable = cancellable;
  p.update = update;
  p.user_data = user_data;
  p.blocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.batch = g_ptr_array_new ();
  p.batch_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ok && i < items->len; i++)
    {
      g_autofree char *key = record_key (items->pdata[i]);

      /* A later change of a record in the batch waits for the batch. */
      if (g_hash_table_contains (p.batch_keys, key))
        ok = flush_batch (&p, error);

      if (!ok)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = push_item (&p, items->pdata[i], error);

      if (ok && p.batch->len >= SK_PUSHER_MAX_BATCH)
        ok = flush_batch (&p, error);
    }

  if (ok)
    ok = flush_batch (&p, error);

  g_ptr_array_unref (p.batch);
  g_hash_table_unref (p.batch_keys);
  g_hash_table_unref (p.blocked);

  if (out_summary != NULL)
    *out_summary = p.summary;

  return ok;
}
