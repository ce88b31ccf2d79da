/* sk-refund-desk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-desk"

#include "config.h"

#include "sk-refund-desk.h"
#include "sk-refund-desk-private.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-context.h"
#include "sk-messages.h"
#include "sk-money.h"
#include "sk-outbox.h"
#include "sk-shop-settings.h"
#include "sk-staff-session.h"
#include "sk-time.h"

#define SECONDS_PER_DAY (24 * 60 * 60)
/* The outbox takes reasons up to this many bytes. */
#define MAX_REFUND_REASON 1000

struct _SkRefundDesk
{
  GObject    parent_instance;

  /* Not owned: the context owns this service and outlives it. */
  SkContext *context;

  guint      resume_source;
};

G_DEFINE_FINAL_TYPE (SkRefundDesk, sk_refund_desk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (sk-refund-error-quark, sk_refund_error)

/* ---- helpers ---- */

static void
propagate (GError      **error,
           GError       *local_error,
           SkRefundError code)
{
  if (local_error == NULL)
    return;

  if (g_error_matches (local_error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND))
    code = SK_REFUND_ERROR_NOT_FOUND;
  else if (g_error_matches (local_error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID)
           || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    code = SK_REFUND_ERROR_INVALID;
  else if (g_error_matches (local_error, SK_STAFF_ERROR, SK_STAFF_ERROR_NOT_ALLOWED))
    code = SK_REFUND_ERROR_NOT_ALLOWED;

  g_set_error_literal (error, SK_REFUND_ERROR, code, local_error->message);
  g_error_free (local_error);
}

static SkStaffSession *
get_session (SkRefundDesk *self)
{
  return sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);
}

static SkDatabase *
get_writer (SkRefundDesk  *self,
            GError       **error)
{
  GError *local_error = NULL;
  SkDatabase *db = sk_context_get_writer (self->context, NULL, &local_error);

  if (db == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return db;
}

/* Reads go through the main thread's read-only connection, so the refunds
 * area works (empty) before a store is set up. */
static SkDatabase *
get_reader (SkRefundDesk *self)
{
  return sk_context_get_database (self->context);
}

static const char *
require_staff (SkRefundDesk  *self,
               GError       **error)
{
  const char *name = sk_staff_session_get_current_name (get_session (self));

  if (name == NULL)
    g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NO_STAFF,
                         _("Choose who is at the desk first."));

  return name;
}

/* The local id of the store now connected: requests, the queue, goodwill
 * and figures are the current store's (a database keeps the copies of
 * every store it was connected to). 0 when there is none yet, -1 on
 * error. */
static gint64
current_store_id (SkRefundDesk  *self,
                  GError       **error)
{
  g_autofree char *store_url = NULL;
  GError *local_error = NULL;
  gint64 id;

  if (sk_context_get_writer (self->context, &store_url, &local_error) == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return -1;
    }

  id = sk_refunds_lookup_store (get_reader (self), store_url, &local_error);
  if (id < 0)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return id;
}

/* The shop's time zone: the "shop.time-zone" setting (an IANA name such
 * as "Australia/Brisbane"), else this computer's, as the ship dates use.
 * Return windows and the goodwill month are counted in its days. */
static GTimeZone *
dup_time_zone (SkRefundDesk *self)
{
  g_autofree char *identifier = sk_shop_settings_get_string (get_reader (self), SK_SHOP_TIME_ZONE, NULL);
  GTimeZone *zone = NULL;

  if (identifier != NULL && *identifier != '\0')
    zone = g_time_zone_new_identifier (identifier);
  if (zone == NULL && identifier != NULL && *identifier != '\0')
    g_debug ("Unknown time zone “%s”: counting in this computer's", identifier);

  return zone != NULL ? zone : g_time_zone_new_local ();
}

/* [first second of the month of @t, first second of the next) in the
 * shop's time zone. */
static void
month_bounds (SkRefundDesk *self,
              gint64        t,
              gint64       *out_from,
              gint64       *out_to)
{
  g_autoptr(GTimeZone) zone = dup_time_zone (self);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, zone);
  g_autoptr(GDateTime) start = g_date_time_new (zone, g_date_time_get_year (now),
                                                g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_months (start, 1);

  *out_from = g_date_time_to_unix (start);
  *out_to = g_date_time_to_unix (next);
}

/* ---- policy ---- */

static char *
products_to_text (GArray *ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_string_append_printf (text, "%s%lld", i > 0 ? "," : "", (long long) g_array_index (ids, gint64, i));

  return g_string_free (text, FALSE);
}

SkRefundPolicy *
sk_refund_desk_get_policy (SkRefundDesk *self)
{
  SkDatabase *db;
  SkRefundPolicy *policy;
  g_autofree char *products = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *shipping = NULL;
  g_autofree char *method = NULL;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  db = get_reader (self);
  policy = sk_refund_policy_new ();

  policy->window_days = sk_shop_settings_get_int (db, SK_REFUNDS_WINDOW_DAYS, policy->window_days);
  policy->grace_days = sk_shop_settings_get_int (db, SK_REFUNDS_GRACE_DAYS, policy->grace_days);
  policy->guarantee_days = sk_shop_settings_get_int (db, SK_REFUNDS_GUARANTEE_DAYS, policy->guarantee_days);
  policy->required_conditions = (guint) sk_shop_settings_get_int (db, SK_REFUNDS_CONDITIONS, 0) & SK_RETURN_CONDITION_ALL;
  policy->restocking_fee_bp = sk_shop_settings_get_int (db, SK_REFUNDS_RESTOCKING_FEE_BP, policy->restocking_fee_bp);
  policy->staff_limit = sk_shop_settings_get_int (db, SK_REFUNDS_STAFF_LIMIT, policy->staff_limit);
  policy->goodwill_budget = sk_shop_settings_get_int (db, SK_REFUNDS_GOODWILL_BUDGET, policy->goodwill_budget);
  policy->credit_expiry_days = sk_shop_settings_get_int (db, SK_REFUNDS_CREDIT_EXPIRY_DAYS, policy->credit_expiry_days);

  shipping = sk_shop_settings_get_string (db, SK_REFUNDS_RETURN_SHIPPING, "customer");
  policy->return_shipping = g_strcmp0 (shipping, "shop") == 0 ? SK_RETURN_SHIPPING_SHOP : SK_RETURN_SHIPPING_CUSTOMER;
  method = sk_shop_settings_get_string (db, SK_REFUNDS_METHOD, "gateway");
  policy->method = g_strcmp0 (method, "manual") == 0 ? SK_REFUND_METHOD_MANUAL : SK_REFUND_METHOD_GATEWAY;

  products = sk_shop_settings_get_string (db, SK_REFUNDS_FINAL_SALE_PRODUCTS, "");
  if (products != NULL && *products != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (products, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          gint64 id;

          if (g_ascii_string_to_signed (g_strstrip (parts[i]), 10, 1, G_MAXINT64, &id, NULL))
            g_array_append_val (policy->final_sale_products, id);
        }
    }

  categories = sk_shop_settings_get_string (db, SK_REFUNDS_FINAL_SALE_CATEGORIES, "");
  if (categories != NULL && *categories != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (categories, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_ptr_array_add (policy->final_sale_categories, g_strdup (lines[i]));
    }

  /* A value someone put in by hand that this version cannot use falls
   * back to the default rather than bending the rules. */
  if (!sk_refund_policy_validate (policy, NULL))
    {
      g_debug ("The stored return policy is not valid; using the defaults");
      sk_refund_policy_free (policy);
      policy = sk_refund_policy_new ();
    }

  return policy;
}

gboolean
sk_refund_desk_set_policy (SkRefundDesk          *self,
                           const SkRefundPolicy  *policy,
                           GError               **error)
{
  g_autofree char *products = NULL;
  g_autoptr(GString) categories = g_string_new (NULL);
  GError *local_error = NULL;
  const char *actor;
  SkDatabase *db;
  gboolean ok;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The rule lives here, not only in the preferences page. */
  if ((actor = require_staff (self, error)) == NULL)
    return FALSE;
  if (!sk_staff_session_require_owner (get_session (self), _("change the return policy"), &local_error))
    {
      propagate (error, local_error, SK_REFUND_ERROR_NOT_ALLOWED);
      return FALSE;
    }
  if (!sk_refund_policy_validate (policy, &local_error))
    {
      propagate (error, local_error, SK_REFUND_ERROR_INVALID);
      return FALSE;
    }
  if ((db = get_writer (self, error)) == NULL)
    return FALSE;

  products = products_to_text (policy->final_sale_products);
  for (guint i = 0; policy->final_sale_categories != NULL && i < policy->final_sale_categories->len; i++)
    g_string_append_printf (categories, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (policy->final_sale_categories, i));

  /* Each key is audited on its own ("who changed the window to 60 days"). */
  ok = sk_shop_settings_set_int (db, SK_REFUNDS_WINDOW_DAYS, policy->window_days, actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_GRACE_DAYS, policy->grace_days, actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_GUARANTEE_DAYS, policy->guarantee_days, actor, &local_error)
       && sk_shop_settings_set_string (db, SK_REFUNDS_FINAL_SALE_PRODUCTS, products, actor, &local_error)
       && sk_shop_settings_set_string (db, SK_REFUNDS_FINAL_SALE_CATEGORIES, categories->str, actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_CONDITIONS, policy->required_conditions, actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_RESTOCKING_FEE_BP, policy->restocking_fee_bp, actor, &local_error)
       && sk_shop_settings_set_string (db, SK_REFUNDS_RETURN_SHIPPING,
                                       policy->return_shipping == SK_RETURN_SHIPPING_SHOP ? "shop" : "customer",
                                       actor, &local_error)
       && sk_shop_settings_set_string (db, SK_REFUNDS_METHOD,
                                       policy->method == SK_REFUND_METHOD_MANUAL ? "manual" : "gateway",
                                       actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_STAFF_LIMIT, policy->staff_limit, actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_GOODWILL_BUDGET, policy->goodwill_budget, actor, &local_error)
       && sk_shop_settings_set_int (db, SK_REFUNDS_CREDIT_EXPIRY_DAYS, policy->credit_expiry_days, actor, &local_error);
  if (!ok)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return FALSE;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* ---- judging ---- */

/* The case for @order and the asked lines; the items array borrows from
 * @order and must not outlive it. */
static SkRefundVerdict *
judge (SkRefundDesk           *self,
       const SkRefundPolicy   *policy,
       const SkRefundOrder    *order,
       const SkRefundCaseLine *lines,
       guint                   n_lines,
       SkRefundReason          reason,
       SkRefundOutcome         outcome,
       guint                   conditions,
       gboolean                refund_shipping)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, TRUE, sizeof (SkRefundCaseItem), order->items->len);
  g_autoptr(GTimeZone) zone = dup_time_zone (self);
  SkRefundCase rcase = { 0, };

  for (guint i = 0; i < order->items->len; i++)
    {
      const SkRefundOrderItem *item = g_ptr_array_index (order->items, i);
      SkRefundCaseItem case_item = {
        .item_remote_id = item->item_remote_id,
        .product_remote_id = item->product_remote_id,
        .name = item->name,
        .categories = (const char * const *) item->categories,
        .quantity_bought = item->quantity,
        .quantity_returned = item->quantity_returned,
        .total = item->total,
        .total_tax = item->total_tax,
        .total_refunded = item->total_refunded,
        .tax_refunded = item->tax_refunded,
      };

      g_array_append_val (items, case_item);
    }

  rcase.currency = order->currency;
  rcase.ordered_at = order->ordered_at;
  rcase.delivered_at = order->delivered_at;
  rcase.order_total = order->total;
  rcase.already_refunded = order->already_refunded;
  rcase.shipping_total = order->shipping_total;
  rcase.shipping_refunded = order->shipping_refunded;
  rcase.items = (const SkRefundCaseItem *) items->data;
  rcase.n_items = items->len;
  rcase.lines = lines;
  rcase.n_lines = n_lines;
  rcase.reason = reason;
  rcase.outcome = outcome;
  rcase.conditions = conditions;
  rcase.refund_shipping = refund_shipping;
  rcase.now = sk_time_now_utc ();
  rcase.time_zone = zone;

  /* Store credit gives no money back through the order: the order's
   * refundable remainder does not limit it. */
  if (outcome != SK_REFUND_OUTCOME_REFUND)
    rcase.already_refunded = 0;

  return sk_refund_verdict_compute (policy, &rcase);
}

static GArray *
request_case_lines (const SkRefundRequest *request)
{
  GArray *lines = g_array_sized_new (FALSE, TRUE, sizeof (SkRefundCaseLine), request->lines->len);

  for (guint i = 0; i < request->lines->len; i++)
    {
      const SkRefundRequestLine *line = g_ptr_array_index (request->lines, i);
      SkRefundCaseLine case_line = { line->item_remote_id, line->quantity };

      g_array_append_val (lines, case_line);
    }

  return lines;
}

static SkRefundVerdict *
judge_request (SkRefundDesk           *self,
               SkDatabase             *db,
               const SkRefundPolicy   *policy,
               const SkRefundRequest  *request,
               SkRefundOrder         **out_order,
               GError                **error)
{
  g_autoptr(SkRefundOrder) order = NULL;
  g_autoptr(GArray) lines = NULL;
  GError *local_error = NULL;
  SkRefundVerdict *verdict;

  if (request->order_id <= 0)
    {
      g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_FOUND,
                   _("Order %s is no longer in the local copy of the store."), request->order_number);
      return NULL;
    }

  order = sk_refunds_load_order (db, request->order_id, &local_error);
  if (order == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return NULL;
    }

  lines = request_case_lines (request);
  verdict = judge (self, policy, order, (const SkRefundCaseLine *) lines->data, lines->len,
                   request->reason, request->outcome, request->conditions, request->refund_shipping);

  if (out_order != NULL)
    *out_order = g_steal_pointer (&order);

  return verdict;
}

static const char *
first_reason (const SkRefundVerdict *verdict,
              SkVerdictSeverity      severity)
{
  for (guint i = 0; i < verdict->reasons->len; i++)
    {
      const SkVerdictReason *reason = g_ptr_array_index (verdict->reasons, i);

      if (reason->severity == severity)
        return reason->text;
    }

  return "";
}

/* ---- writing decisions ---- */

/* Queues @decision's message as a customer note on the order (the store
 * e-mails it) and records it in the message log, so it shows on the
 * order's and the customer's timeline and the messages area follows its
 * delivery. Runs inside the decision's transaction: returns the note's
 * outbox id, 0 with @error set, and then nothing of the decision stays. */
static gint64
send_message (SkDatabase              *db,
              const char              *store_url,
              const SkRefundRequest   *request,
              const SkRefundDecision  *decision,
              GError                 **error)
{
  g_autoptr(SkMessage) message = sk_message_new ();
  g_autofree char *dedupe_key = NULL;
  GError *local_error = NULL;
  const char *split;
  gint64 message_id;
  gint64 note_id;

  /* The decision keeps subject and text as one, the subject first. */
  split = strstr (decision->message, "\n\n");
  message->order_remote_id = request->order_remote_id;
  message->order_id = request->order_id;
  message->order_number = g_strdup (request->order_number);
  message->customer_email = g_strdup (request->customer_email);
  message->customer_name = g_strdup (request->customer_name);
  message->direction = SK_MESSAGE_OUTBOUND;
  message->channel = g_strdup (SK_MESSAGE_CHANNEL_STORE);
  message->kind = g_strdup (decision->kind == SK_REFUND_DECISION_APPROVED ? "refund-approved" : "refund-denied");
  message->language = g_strdup ("");
  message->subject = split != NULL ? g_strndup (decision->message, split - decision->message) : g_strdup ("");
  message->body_text = g_strdup (split != NULL ? split + 2 : decision->message);
  message->body_html = g_strdup ("");
  /* One message per decision. */
  dedupe_key = g_strdup_printf ("refund-decision:%lld", (long long) decision->id);
  message->dedupe_key = g_strdup (dedupe_key);
  message->actor = g_strdup (decision->actor);

  message_id = sk_messages_record (db, store_url, message, SK_MESSAGE_QUEUED, NULL, &local_error);
  if (message_id == 0 && g_error_matches (local_error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT))
    {
      g_clear_error (&local_error);
      message_id = sk_messages_find_dedupe_key (db, store_url, dedupe_key, &local_error);
    }
  if (message_id <= 0)
    {
      propagate (error, local_error, SK_REFUND_ERROR_NOT_QUEUED);
      return 0;
    }

  note_id = sk_outbox_queue_order_note (db, store_url, request->order_remote_id, decision->message, TRUE, &local_error);
  if (note_id <= 0 || !sk_messages_add_event (db, message_id, SK_MESSAGE_QUEUED, NULL, note_id, &local_error))
    {
      propagate (error, local_error, SK_REFUND_ERROR_NOT_QUEUED);
      return 0;
    }

  return note_id;
}

/* Queues what @decision makes happen in the store: the refund with its
 * lines or the store credit coupon (approvals), then the customer's
 * message as a customer note, and keeps the first outbox id with the
 * decision. The amounts come from the verdict stored with the decision,
 * never recomputed: the decision is the truth.
 *
 * An SkRefundsDecisionFunc: it runs inside the transaction that writes
 * the decision, so a decision is never kept without what it queues (a
 * crash in between loses nothing, a failure here undoes the decision).
 * Its errors are SK_REFUND_ERROR_NOT_QUEUED. */
static gboolean
queue_decision (SkDatabase        *db,
                SkRefundDecision  *decision,
                gpointer           user_data,
                GError           **error)
{
  SkRefundDesk *self = user_data;
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (SkRefundLine));
  g_autofree char *reason = NULL;
  g_autofree char *store_url = NULL;
  GError *local_error = NULL;
  JsonObject *verdict;
  JsonArray *verdict_lines;
  gint64 outbox_id = 0;
  gint64 note_id = 0;

  if (sk_context_get_writer (self->context, &store_url, &local_error) == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_NOT_QUEUED);
      return FALSE;
    }

  request = sk_refunds_get_request (db, decision->request_id, &local_error);
  if (request == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_NOT_QUEUED);
      return FALSE;
    }

  if (decision->kind == SK_REFUND_DECISION_APPROVED)
    {
      if (!json_parser_load_from_data (parser, decision->verdict_json, -1, &local_error)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_clear_error (&local_error);
          g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_QUEUED,
                       _("The decision on %s cannot be read back; nothing was sent."), request->number);
          return FALSE;
        }
      verdict = json_node_get_object (json_parser_get_root (parser));
      verdict_lines = json_object_has_member (verdict, "lines")
                      ? json_object_get_array_member (verdict, "lines") : NULL;

      if (request->outcome == SK_REFUND_OUTCOME_REFUND)
        {
          for (guint i = 0; verdict_lines != NULL && i < json_array_get_length (verdict_lines); i++)
            {
              JsonObject *line = json_array_get_object_element (verdict_lines, i);
              SkRefundLine refund_line;

              if (line == NULL)
                continue;
              refund_line.item_remote_id = _sk_refund_json_int (line, "item");
              refund_line.quantity = _sk_refund_json_int (line, "quantity");
              refund_line.refund_total = _sk_refund_json_int (line, "refund_total");
              refund_line.refund_tax = _sk_refund_json_int (line, "refund_tax");
              if (refund_line.quantity > 0)
                g_array_append_val (lines, refund_line);
            }

          /* The request number goes first, so the store's list of
           * refunds leads back to the request. */
          reason = g_strdup_printf ("%s: %s%s%s", request->number, sk_refund_reason_get_label (request->reason),
                                    *request->reason_text != '\0' ? " — " : "", request->reason_text);
          if (strlen (reason) > MAX_REFUND_REASON)
            {
              const char *end = reason + MAX_REFUND_REASON;

              g_utf8_validate (reason, MAX_REFUND_REASON, &end);
              reason[end - reason] = '\0';
            }

          outbox_id = sk_outbox_queue_refund_lines (db, store_url, request->order_remote_id,
                                                    (const SkRefundLine *) lines->data, lines->len,
                                                    _sk_refund_json_int (verdict, "shipping"), reason,
                                                    json_object_get_boolean_member_with_default (verdict, "api_refund", FALSE),
                                                    json_object_get_boolean_member_with_default (verdict, "restock", FALSE),
                                                    &local_error);
        }
      else
        {
          g_autofree char *code = _sk_refund_coupon_code_for (request);
          g_autoptr(SkRefundPolicy) policy = sk_refund_desk_get_policy (self);
          gint64 expires = policy->credit_expiry_days > 0
                           ? decision->at + policy->credit_expiry_days * SECONDS_PER_DAY : 0;

          outbox_id = sk_outbox_queue_store_credit (db, store_url, code, decision->amount, request->currency,
                                                    request->customer_email, expires, &local_error);
        }

      if (outbox_id <= 0)
        {
          g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_QUEUED,
                       /* Translators: %s is the request number, the second %s the reason */
                       _("%s was not decided, because the store cannot be told: %s"),
                       request->number, local_error != NULL ? local_error->message : "");
          g_clear_error (&local_error);
          return FALSE;
        }
    }

  /* The customer's message, e-mailed by the store as a customer note. */
  if (!_sk_refund_is_blank (decision->message))
    {
      note_id = send_message (db, store_url, request, decision, error);
      if (note_id <= 0)
        return FALSE;
    }

  if (outbox_id <= 0)
    outbox_id = note_id;

  if (outbox_id > 0 && !sk_refunds_set_decision_outbox (db, decision->id, outbox_id, &local_error))
    {
      propagate (error, local_error, SK_REFUND_ERROR_NOT_QUEUED);
      return FALSE;
    }
  decision->outbox_id = outbox_id;

  return TRUE;
}

/* Writes @decision and queues what it makes happen, in one transaction
 * (see queue_decision ()). Returns its id, 0 with @error set and nothing
 * written. */
static gint64
record_decision (SkRefundDesk      *self,
                 SkDatabase        *db,
                 SkRefundDecision  *decision,
                 const char        *details,
                 const char        *number,
                 GError           **error)
{
  GError *local_error = NULL;
  gint64 id;

  id = sk_refunds_record_decision_full (db, decision, details, queue_decision, self, &local_error);
  if (id == 0)
    {
      if (local_error->domain == SK_REFUND_ERROR)
        g_propagate_error (error, local_error);
      else if (g_error_matches (local_error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT))
        {
          g_clear_error (&local_error);
          g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED,
                       _("%s has already been decided."), number);
        }
      else
        propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return 0;
    }

  sk_context_update_change_counts (self->context);
  g_signal_emit (self, signals[CHANGED], 0);

  return id;
}

/* ---- object ---- */

static void
sk_refund_desk_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SkRefundDesk *self = SK_REFUND_DESK (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_refund_desk_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SkRefundDesk *self = SK_REFUND_DESK (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* Not a reference: the context owns us (see sk_context_get_service ()). */
      self->context = g_value_get_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
resume_cb (gpointer user_data)
{
  SkRefundDesk *self = user_data;
  g_autoptr(GError) error = NULL;

  self->resume_source = 0;

  /* Before a store is set up there is nothing to resume. */
  if (sk_context_has_store (self->context) && sk_refund_desk_resume (self, &error) < 0)
    g_debug ("Cannot queue the decisions left over: %s", error->message);

  return G_SOURCE_REMOVE;
}

static void
sk_refund_desk_constructed (GObject *object)
{
  SkRefundDesk *self = SK_REFUND_DESK (object);

  G_OBJECT_CLASS (sk_refund_desk_parent_class)->constructed (object);

  /* A decision the program wrote just before it stopped gets its refund
   * queued now, once the caller has settled. */
  self->resume_source = g_idle_add (resume_cb, self);
}

static void
sk_refund_desk_dispose (GObject *object)
{
  SkRefundDesk *self = SK_REFUND_DESK (object);

  g_clear_handle_id (&self->resume_source, g_source_remove);

  G_OBJECT_CLASS (sk_refund_desk_parent_class)->dispose (object);
}

static void
sk_refund_desk_class_init (SkRefundDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_refund_desk_constructed;
  object_class->dispose = sk_refund_desk_dispose;

  object_class->get_property = sk_refund_desk_get_property;
  object_class->set_property = sk_refund_desk_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sk_refund_desk_init (SkRefundDesk *self)
{
}

/* ---- public API ---- */

void
sk_refund_preview_free (SkRefundPreview *preview)
{
  if (preview == NULL)
    return;

  g_clear_pointer (&preview->request, sk_refund_request_free);
  g_clear_pointer (&preview->verdict, sk_refund_verdict_free);
  g_clear_pointer (&preview->lines, g_ptr_array_unref);
  g_free (preview->currency);
  g_free (preview->coupon_code);
  g_free (preview->message_subject);
  g_free (preview->message_text);
  g_free (preview);
}

static void
preview_line_free (SkRefundPreviewLine *line)
{
  g_free (line->name);
  g_free (line);
}

SkRefundOrder *
sk_refund_desk_load_order (SkRefundDesk  *self,
                           gint64         order_id,
                           GError       **error)
{
  GError *local_error = NULL;
  SkRefundOrder *order;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  order = sk_refunds_load_order (get_reader (self), order_id, &local_error);
  if (order == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return order;
}

gint64
sk_refund_desk_find_order (SkRefundDesk  *self,
                           const char    *number,
                           GError       **error)
{
  GError *local_error = NULL;
  gint64 id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), 0);
  g_return_val_if_fail (number != NULL, 0);

  id = sk_refunds_find_order (get_reader (self), number, &local_error);
  if (id == 0)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return id;
}

SkRefundVerdict *
sk_refund_desk_judge_draft (SkRefundDesk         *self,
                            const SkRefundDraft  *draft,
                            GError              **error)
{
  g_autoptr(SkRefundOrder) order = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (draft->n_lines == 0 || draft->lines != NULL, NULL);

  order = sk_refund_desk_load_order (self, draft->order_id, error);
  if (order == NULL)
    return NULL;

  policy = sk_refund_desk_get_policy (self);
  return judge (self, policy, order, draft->lines, draft->n_lines, draft->reason, draft->outcome,
                draft->conditions, draft->refund_shipping);
}

gint64
sk_refund_desk_create_request (SkRefundDesk         *self,
                               const SkRefundDraft  *draft,
                               GError              **error)
{
  g_autoptr(SkRefundVerdict) verdict = NULL;
  g_autoptr(SkRefundRequest) request = NULL;
  g_autofree char *root = NULL;
  GError *local_error = NULL;
  const char *actor;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), 0);
  g_return_val_if_fail (draft != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((actor = require_staff (self, error)) == NULL)
    return 0;

  if ((guint) draft->channel > SK_REFUND_CHANNEL_IN_PERSON || (guint) draft->reason >= SK_REFUND_N_REASONS
      || (guint) draft->outcome > SK_REFUND_OUTCOME_STORE_CREDIT)
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID,
                           _("The request holds a choice this version does not know."));
      return 0;
    }

  verdict = sk_refund_desk_judge_draft (self, draft, error);
  if (verdict == NULL)
    return 0;
  if (verdict->standing == SK_REFUND_STANDING_IMPOSSIBLE)
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_IMPOSSIBLE,
                           first_reason (verdict, SK_VERDICT_SEVERITY_BLOCKING));
      return 0;
    }

  if ((db = get_writer (self, error)) == NULL)
    return 0;

  request = sk_refund_request_new ();
  request->order_id = draft->order_id;
  request->channel = draft->channel;
  request->reason = draft->reason;
  request->reason_text = g_strdup (draft->reason_text != NULL ? draft->reason_text : "");
  request->outcome = draft->outcome;
  request->conditions = draft->conditions;
  request->refund_shipping = draft->refund_shipping;
  request->created_by = g_strdup (actor);
  for (guint i = 0; i < draft->n_lines; i++)
    {
      SkRefundRequestLine *line;

      if (draft->lines[i].quantity <= 0)
        continue;
      line = sk_refund_request_line_new ();
      line->item_remote_id = draft->lines[i].item_remote_id;
      line->quantity = draft->lines[i].quantity;
      g_ptr_array_add (request->lines, line);
    }

  root = g_build_filename (sk_context_get_data_dir (self->context), "attachments", NULL);
  id = sk_refunds_create_request (db, request, draft->attachments, root, sk_time_now_utc (), &local_error);
  if (id == 0)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return 0;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  return id;
}

SkRefundRequest *
sk_refund_desk_get_request (SkRefundDesk  *self,
                            gint64         request_id,
                            GError       **error)
{
  GError *local_error = NULL;
  SkRefundRequest *request;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  request = sk_refunds_get_request (get_reader (self), request_id, &local_error);
  if (request == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return request;
}

SkRefundVerdict *
sk_refund_desk_judge (SkRefundDesk  *self,
                      gint64         request_id,
                      GError       **error)
{
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  request = sk_refund_desk_get_request (self, request_id, error);
  if (request == NULL)
    return NULL;

  if (request->state == SK_REFUND_STATE_APPROVED || request->state == SK_REFUND_STATE_DENIED)
    {
      g_autoptr(GPtrArray) decisions = sk_refunds_list_decisions (get_reader (self), request_id, NULL);
      SkRefundVerdict *stored = NULL;

      if (decisions != NULL && decisions->len > 0)
        stored = _sk_refund_verdict_from_json (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->verdict_json);
      if (stored != NULL)
        return stored;
    }

  policy = sk_refund_desk_get_policy (self);
  return judge_request (self, get_reader (self), policy, request, NULL, error);
}

GPtrArray *
sk_refund_desk_list_queue (SkRefundDesk  *self,
                           GError       **error)
{
  GError *local_error = NULL;
  GPtrArray *list;
  gint64 store_id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  if ((store_id = current_store_id (self, error)) < 0)
    return NULL;

  list = sk_refunds_list_open (get_reader (self), store_id, &local_error);
  if (list == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return list;
}

GPtrArray *
sk_refund_desk_list_for_order (SkRefundDesk  *self,
                               gint64         order_id,
                               GError       **error)
{
  GError *local_error = NULL;
  GPtrArray *list;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  list = sk_refunds_list_for_order (get_reader (self), order_id, &local_error);
  if (list == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return list;
}

GPtrArray *
sk_refund_desk_list_decisions (SkRefundDesk  *self,
                               gint64         request_id,
                               GError       **error)
{
  GError *local_error = NULL;
  GPtrArray *list;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  list = sk_refunds_list_decisions (get_reader (self), request_id, &local_error);
  if (list == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return list;
}

gboolean
sk_refund_desk_get_goodwill (SkRefundDesk  *self,
                             gint64        *out_spent,
                             gint64        *out_budget,
                             GError       **error)
{
  g_autoptr(SkRefundPolicy) policy = NULL;
  GError *local_error = NULL;
  gint64 from;
  gint64 to;
  gint64 spent;
  gint64 store_id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), FALSE);

  if ((store_id = current_store_id (self, error)) < 0)
    return FALSE;

  month_bounds (self, sk_time_now_utc (), &from, &to);
  spent = sk_refunds_sum_goodwill (get_reader (self), store_id, from, to, &local_error);
  if (spent < 0)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return FALSE;
    }

  policy = sk_refund_desk_get_policy (self);
  if (out_spent != NULL)
    *out_spent = spent;
  if (out_budget != NULL)
    *out_budget = policy->goodwill_budget;

  return TRUE;
}

/* Everything an approval of @request_id decides, computed on @db. */
static SkRefundPreview *
build_preview (SkRefundDesk  *self,
               SkDatabase    *db,
               gint64         request_id,
               GError       **error)
{
  g_autoptr(SkRefundPreview) preview = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;
  g_autoptr(SkRefundOrder) order = NULL;
  GError *local_error = NULL;
  SkStaffSession *session = get_session (self);
  gint64 from;
  gint64 to;

  preview = g_new0 (SkRefundPreview, 1);
  preview->request = sk_refunds_get_request (db, request_id, &local_error);
  if (preview->request == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return NULL;
    }

  policy = sk_refund_desk_get_policy (self);
  preview->verdict = judge_request (self, db, policy, preview->request, &order, error);
  if (preview->verdict == NULL)
    return NULL;

  preview->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_line_free);
  for (guint i = 0; i < preview->verdict->lines->len && i < preview->request->lines->len; i++)
    {
      const SkVerdictLine *line = &g_array_index (preview->verdict->lines, SkVerdictLine, i);
      const SkRefundRequestLine *asked = g_ptr_array_index (preview->request->lines, i);
      SkRefundPreviewLine *preview_line = g_new0 (SkRefundPreviewLine, 1);

      preview_line->item_remote_id = line->item_remote_id;
      preview_line->name = g_strdup (asked->name);
      preview_line->quantity = line->quantity;
      preview_line->amount = line->gross_total + line->gross_tax;
      preview_line->fee = line->fee_total + line->fee_tax;
      preview_line->refund = line->refund_total + line->refund_tax;
      g_ptr_array_add (preview->lines, preview_line);
    }

  preview->currency = g_strdup (preview->verdict->currency);
  preview->shipping = preview->verdict->shipping;
  preview->restocking_fee = preview->verdict->restocking_fee;
  preview->total = preview->verdict->total;
  preview->outcome = preview->request->outcome;
  preview->api_refund = preview->outcome == SK_REFUND_OUTCOME_REFUND && preview->verdict->api_refund;
  preview->restock = preview->verdict->restock;
  preview->return_shipping = sk_refund_reason_is_shop_fault (preview->request->reason)
                             ? SK_RETURN_SHIPPING_SHOP : policy->return_shipping;
  if (preview->outcome != SK_REFUND_OUTCOME_REFUND)
    {
      preview->coupon_code = _sk_refund_coupon_code_for (preview->request);
      preview->coupon_expires_at = policy->credit_expiry_days > 0
                                   ? sk_time_now_utc () + policy->credit_expiry_days * SECONDS_PER_DAY : 0;
    }
  preview->owner_required = preview->verdict->owner_required;
  preview->needs_justification = preview->verdict->needs_justification;
  preview->goodwill = preview->verdict->goodwill;
  preview->goodwill_budget = policy->goodwill_budget;

  month_bounds (self, sk_time_now_utc (), &from, &to);
  preview->goodwill_spent = sk_refunds_sum_goodwill (db, preview->request->store_id, from, to, &local_error);
  if (preview->goodwill_spent < 0)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return NULL;
    }

  preview->allowed_now = preview->request->state == SK_REFUND_STATE_OPEN
                         && preview->verdict->standing != SK_REFUND_STANDING_IMPOSSIBLE
                         && sk_staff_session_get_current_name (session) != NULL
                         && (!preview->owner_required || sk_staff_session_has_owner_rights (session))
                         && preview->goodwill_spent + preview->goodwill <= preview->goodwill_budget;

  _sk_refund_compose_approval (get_reader (self), preview->request, order, preview->verdict, policy,
                    preview->coupon_code, preview->coupon_expires_at,
                    &preview->message_subject, &preview->message_text);

  return g_steal_pointer (&preview);
}

SkRefundPreview *
sk_refund_desk_preview_approval (SkRefundDesk  *self,
                                 gint64         request_id,
                                 GError       **error)
{
  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  return build_preview (self, get_reader (self), request_id, error);
}

gint64
sk_refund_desk_approve (SkRefundDesk  *self,
                        gint64         request_id,
                        const char    *justification,
                        GError       **error)
{
  g_autoptr(SkRefundPreview) preview = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;
  g_autoptr(SkRefundDecision) decision = NULL;
  g_autofree char *details = NULL;
  g_autofree char *message = NULL;
  SkStaffSession *session = get_session (self);
  const char *actor;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((actor = require_staff (self, error)) == NULL)
    return 0;
  if ((db = get_writer (self, error)) == NULL)
    return 0;

  preview = build_preview (self, db, request_id, error);
  if (preview == NULL)
    return 0;

  if (preview->request->state != SK_REFUND_STATE_OPEN)
    {
      g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED,
                   _("%s has already been decided."), preview->request->number);
      return 0;
    }

  if (preview->verdict->standing == SK_REFUND_STANDING_IMPOSSIBLE)
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_IMPOSSIBLE,
                           first_reason (preview->verdict, SK_VERDICT_SEVERITY_BLOCKING));
      return 0;
    }

  /* The rules, checked here whatever the window let through. */
  if (preview->owner_required && !sk_staff_session_has_owner_rights (session))
    {
      if (preview->needs_justification)
        g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_ALLOWED,
                             _("This request is out of policy: only an owner may approve it."));
      else
        {
          g_autoptr(SkRefundPolicy) limits = sk_refund_desk_get_policy (self);
          g_autofree char *limit = sk_money_format (limits->staff_limit, preview->currency);

          g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NOT_ALLOWED,
                       /* Translators: %s is an amount of money */
                       _("Refunds above %s need an owner’s approval."), limit);
        }
      return 0;
    }

  if (preview->needs_justification && _sk_refund_is_blank (justification))
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_NEEDS_JUSTIFICATION,
                           _("Out of policy: write why this exception is made."));
      return 0;
    }

  if (justification != NULL && (!g_utf8_validate (justification, -1, NULL)
                                || strlen (justification) > SK_REFUND_MAX_TEXT))
    {
      g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID,
                   _("A justification can hold at most %d characters."), SK_REFUND_MAX_TEXT);
      return 0;
    }

  if (preview->goodwill > 0 && preview->goodwill_spent + preview->goodwill > preview->goodwill_budget)
    {
      g_autofree char *left = sk_money_format (MAX (preview->goodwill_budget - preview->goodwill_spent, 0),
                                               preview->currency);

      g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_OVER_BUDGET,
                   /* Translators: %s is an amount of money */
                   _("This month’s goodwill budget has only %s left. An owner can raise it in the return policy."),
                   left);
      return 0;
    }

  policy = sk_refund_desk_get_policy (self);

  decision = sk_refund_decision_new ();
  decision->request_id = request_id;
  decision->kind = SK_REFUND_DECISION_APPROVED;
  decision->at = sk_time_now_utc ();
  decision->actor = g_strdup (actor);
  decision->role = g_strdup (sk_staff_session_get_acting_role (session));
  decision->justification = g_strdup (justification != NULL ? justification : "");
  decision->deny_reason = g_strdup ("");
  message = g_strdup_printf ("%s\n\n%s", preview->message_subject, preview->message_text);
  decision->message = g_steal_pointer (&message);
  decision->verdict_json = _sk_refund_verdict_to_json (preview->verdict, policy);
  decision->currency = g_strdup (preview->currency);
  decision->amount = preview->total;
  decision->restocking_fee = preview->restocking_fee;
  decision->shipping = preview->shipping;
  decision->goodwill = preview->goodwill;

  /* Who, what, why and the verdict then, in the audit log as well. */
  details = g_strdup_printf ("%s %lld %s (%s, %s%s%s); %s; goodwill %lld; verdict %s",
                             sk_refund_outcome_to_string (preview->outcome), (long long) decision->amount,
                             decision->currency, decision->role,
                             preview->api_refund ? "gateway" : "manual",
                             preview->restock ? ", restock" : "",
                             preview->coupon_code != NULL ? ", coupon" : "",
                             _sk_refund_is_blank (justification) ? "no justification" : justification,
                             (long long) decision->goodwill, decision->verdict_json);

  id = record_decision (self, db, decision, details, preview->request->number, error);
  if (id == 0)
    return 0;

  return id;
}

char *
sk_refund_desk_compose_denial (SkRefundDesk        *self,
                               gint64               request_id,
                               SkRefundDenyReason   reason,
                               const char          *note,
                               char               **out_subject,
                               GError             **error)
{
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(SkRefundOrder) order = NULL;
  g_autofree char *subject = NULL;
  char *text = NULL;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  request = sk_refund_desk_get_request (self, request_id, error);
  if (request == NULL)
    return NULL;

  if (request->order_id > 0)
    order = sk_refunds_load_order (get_reader (self), request->order_id, NULL);

  _sk_refund_compose_denial (get_reader (self), request, order, reason, note, &subject, &text);
  if (out_subject != NULL)
    *out_subject = g_steal_pointer (&subject);

  return text;
}

gint64
sk_refund_desk_deny (SkRefundDesk        *self,
                     gint64               request_id,
                     SkRefundDenyReason   reason,
                     const char          *note,
                     GError             **error)
{
  g_autoptr(SkRefundRequest) request = NULL;
  g_autoptr(SkRefundOrder) order = NULL;
  g_autoptr(SkRefundPolicy) policy = NULL;
  g_autoptr(SkRefundVerdict) verdict = NULL;
  g_autoptr(SkRefundDecision) decision = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  GError *local_error = NULL;
  const char *actor;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((actor = require_staff (self, error)) == NULL)
    return 0;
  if ((db = get_writer (self, error)) == NULL)
    return 0;

  if ((guint) reason >= SK_REFUND_N_DENY_REASONS)
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID,
                           _("Choose a reason for the denial."));
      return 0;
    }
  if (reason == SK_REFUND_DENY_OTHER && _sk_refund_is_blank (note))
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID,
                           _("Write the reason for the denial in the note."));
      return 0;
    }

  request = sk_refunds_get_request (db, request_id, &local_error);
  if (request == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return 0;
    }
  if (request->state != SK_REFUND_STATE_OPEN)
    {
      g_set_error (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED,
                   _("%s has already been decided."), request->number);
      return 0;
    }

  /* The verdict then goes with a denial too; an order gone from the local
   * copy is no reason not to be able to say no. */
  policy = sk_refund_desk_get_policy (self);
  if (request->order_id > 0)
    verdict = judge_request (self, db, policy, request, &order, NULL);

  _sk_refund_compose_denial (get_reader (self), request, order, reason, note, &subject, &text);

  decision = sk_refund_decision_new ();
  decision->request_id = request_id;
  decision->kind = SK_REFUND_DECISION_DENIED;
  decision->at = sk_time_now_utc ();
  decision->actor = g_strdup (actor);
  decision->role = g_strdup (sk_staff_session_get_acting_role (get_session (self)));
  decision->justification = g_strdup (note != NULL ? note : "");
  decision->deny_reason = g_strdup (sk_refund_deny_reason_to_string (reason));
  decision->message = g_strdup_printf ("%s\n\n%s", subject, text);
  decision->verdict_json = verdict != NULL ? _sk_refund_verdict_to_json (verdict, policy) : g_strdup ("{}");
  decision->currency = g_strdup (request->currency);

  details = g_strdup_printf ("denied (%s, %s): %s; verdict %s", decision->role, decision->deny_reason,
                             decision->justification, decision->verdict_json);

  id = record_decision (self, db, decision, details, request->number, error);
  if (id == 0)
    return 0;

  return id;
}

gboolean
sk_refund_desk_cancel (SkRefundDesk  *self,
                       gint64         request_id,
                       const char    *note,
                       GError       **error)
{
  GError *local_error = NULL;
  const char *actor;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((actor = require_staff (self, error)) == NULL)
    return FALSE;
  if (_sk_refund_is_blank (note))
    {
      g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_INVALID,
                           _("Write why the request is withdrawn (for example, what the customer said)."));
      return FALSE;
    }
  if ((db = get_writer (self, error)) == NULL)
    return FALSE;

  if (!sk_refunds_cancel (db, request_id, note, actor, sk_time_now_utc (), &local_error))
    {
      if (g_error_matches (local_error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT))
        {
          g_clear_error (&local_error);
          g_set_error_literal (error, SK_REFUND_ERROR, SK_REFUND_ERROR_ALREADY_DECIDED,
                               _("This request has already been decided."));
        }
      else
        propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return FALSE;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

char *
sk_refund_desk_get_withdrawal_note (SkRefundDesk  *self,
                                    gint64         request_id,
                                    GError       **error)
{
  GError *local_error = NULL;
  char *note;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  note = sk_refunds_get_cancel_note (get_reader (self), request_id, &local_error);
  if (note == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return note;
}

gint
sk_refund_desk_resume (SkRefundDesk  *self,
                       GError       **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  GError *local_error = NULL;
  SkDatabase *db;
  gint queued = 0;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if ((db = get_writer (self, error)) == NULL)
    return -1;

  pending = sk_refunds_list_unqueued (db, &local_error);
  if (pending == NULL)
    {
      propagate (error, local_error, SK_REFUND_ERROR_FAILED);
      return -1;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      if (!sk_refunds_queue_decision (db, g_ptr_array_index (pending, i), queue_decision, self, &local_error))
        {
          sk_context_update_change_counts (self->context);
          if (local_error->domain == SK_REFUND_ERROR)
            g_propagate_error (error, local_error);
          else
            propagate (error, local_error, SK_REFUND_ERROR_FAILED);
          return -1;
        }
      queued++;
    }

  if (queued > 0)
    sk_context_update_change_counts (self->context);

  return queued;
}

char *
sk_refund_desk_dup_currency (SkRefundDesk *self)
{
  g_autoptr(GError) error = NULL;
  gint64 store_id;
  char *currency = NULL;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  store_id = current_store_id (self, &error);
  if (store_id >= 0)
    currency = sk_refunds_dup_currency (get_reader (self), store_id, &error);
  if (currency == NULL)
    {
      g_debug ("Cannot read the store's currency: %s", error->message);
      return g_strdup ("");
    }

  return currency;
}

SkRefundFigures *
sk_refund_desk_compute_figures (SkRefundDesk  *self,
                                gint64         from,
                                gint64         to,
                                GError       **error)
{
  GError *local_error = NULL;
  SkRefundFigures *figures;
  gint64 store_id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);

  if ((store_id = current_store_id (self, error)) < 0)
    return NULL;

  figures = sk_refunds_compute_figures (get_reader (self), store_id, from, to, &local_error);
  if (figures == NULL)
    propagate (error, local_error, SK_REFUND_ERROR_FAILED);

  return figures;
}

typedef struct
{
  char   *path;
  gint64  store_id;
  gint64  from;
  gint64  to;
} FiguresJob;

static void
figures_job_free (FiguresJob *job)
{
  g_free (job->path);
  g_free (job);
}

/* On a worker, with its own read-only connection: over a year of a large
 * shop the figures read hundreds of thousands of orders. */
static void
compute_figures_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FiguresJob *job = task_data;
  g_autoptr(SkDatabase) database = NULL;
  GError *error = NULL;
  SkRefundFigures *figures;

  database = sk_database_open (job->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  if (database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  figures = sk_refunds_compute_figures (database, job->store_id, job->from, job->to, &error);
  if (figures == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, figures, (GDestroyNotify) sk_refund_figures_free);
}

void
sk_refund_desk_compute_figures_async (SkRefundDesk        *self,
                                      gint64               from,
                                      gint64               to,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  FiguresJob *job;
  gint64 store_id;

  g_return_if_fail (SK_IS_REFUND_DESK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_refund_desk_compute_figures_async);
  g_task_set_return_on_cancel (task, TRUE);

  if ((store_id = current_store_id (self, &error)) < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (FiguresJob, 1);
  job->path = g_strdup (sk_database_get_path (get_reader (self)));
  job->store_id = store_id;
  job->from = from;
  job->to = to;
  g_task_set_task_data (task, job, (GDestroyNotify) figures_job_free);
  g_task_run_in_thread (task, compute_figures_thread);
}

SkRefundFigures *
sk_refund_desk_compute_figures_finish (SkRefundDesk  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  GError *local_error = NULL;
  SkRefundFigures *figures;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  figures = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (figures == NULL)
    {
      if (local_error->domain == SK_REFUND_ERROR || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, local_error);
      else
        propagate (error, local_error, SK_REFUND_ERROR_FAILED);
    }

  return figures;
}

gint64
sk_refund_desk_count_waiting (SkRefundDesk *self,
                              gint64        older_than_s)
{
  g_autoptr(GError) error = NULL;
  gint64 count;
  gint64 store_id;

  g_return_val_if_fail (SK_IS_REFUND_DESK (self), 0);

  store_id = current_store_id (self, &error);
  count = store_id < 0 ? -1 : sk_refunds_count_open (get_reader (self), store_id,
                                                     sk_time_now_utc () - MAX (older_than_s, 0), &error);
  if (count < 0)
    {
      g_debug ("Cannot count the waiting refund requests: %s", error->message);
      return 0;
    }

  return count;
}
