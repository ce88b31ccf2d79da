/* sk-woo-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-woo-json"

#include "config.h"

#include "sk-woo-json.h"

#include <glib/gi18n.h>
#include "sk-json.h"
#include "sk-money.h"
#include "sk-records.h"
#include "sk-sync-manager.h"
#include "sk-time.h"

/* How much of an offending value is quoted back in an error message. */
#define MAX_QUOTED_CHARS 40

typedef enum
{
  KIND_ORDER,
  KIND_CUSTOMER,
  KIND_PRODUCT,
  KIND_NOTE,
  KIND_REFUND,
  KIND_CURRENCY,
  KIND_COUPON,
} RecordKind;

typedef enum
{
  OPTIONAL = 0,  /* missing or null: the empty value */
  REQUIRED = 1,  /* missing or null: an error */
} Presence;

/* Where in the answer we are, for error messages only. */
typedef struct
{
  RecordKind  kind;
  gint64      id;         /* 0 until the record's id is known */
  guint       index;      /* position in the list, for records without an id */
  const char *parent;     /* "line_items", "billing"… or NULL */
  gint64      sub_id;     /* id of the line item / refund, 0 if unknown */
} Where;

/* Helpers for error messages */

static char *
describe_where (const Where *where)
{
  g_autofree char *record = NULL;

  if (where->id > 0)
    {
      switch (where->kind)
        {
        case KIND_ORDER:
          /* Translators: a record in the store's answer, with its id */
          record = g_strdup_printf (_("order %lld"), (long long) where->id);
          break;
        case KIND_CUSTOMER:
          record = g_strdup_printf (_("customer %lld"), (long long) where->id);
          break;
        case KIND_PRODUCT:
          record = g_strdup_printf (_("product %lld"), (long long) where->id);
          break;
        case KIND_NOTE:
          record = g_strdup_printf (_("order note %lld"), (long long) where->id);
          break;
        case KIND_REFUND:
          record = g_strdup_printf (_("refund %lld"), (long long) where->id);
          break;
        case KIND_COUPON:
          record = g_strdup_printf (_("coupon %lld"), (long long) where->id);
          break;
        case KIND_CURRENCY:
        default:
          record = g_strdup (_("currency"));
          break;
        }
    }
  else
    {
      /* Translators: %u is the position (1, 2, 3…) of a record in the store's answer */
      record = g_strdup_printf (_("record %u of the list"), where->index + 1);
    }

  if (where->parent == NULL)
    return g_steal_pointer (&record);

  if (where->sub_id > 0)
    /* Translators: e.g. "order 12, line_items 345" */
    return g_strdup_printf (_("%s, %s %lld"), record, where->parent, (long long) where->sub_id);

  return g_strdup_printf ("%s, %s", record, where->parent);
}

static char *
quote_value (const char *value)
{
  /* The whole answer was checked to be UTF-8 before parsing, so cutting by
   * characters is safe; the cut keeps messages short when a field is huge. */
  if (g_utf8_strlen (value, MAX_QUOTED_CHARS + 1) > MAX_QUOTED_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (value, 0, MAX_QUOTED_CHARS);
      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup (value);
}

G_GNUC_PRINTF (4, 5)
static void
set_field_error (GError      **error,
                 const Where  *where,
                 const char   *member,
                 const char   *format,
                 ...)
{
  g_autofree char *place = describe_where (where);
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
               /* Translators: the first %s is a record ("order 12"), the
                * second a field name ("total"), the third what is wrong */
               _("The store’s answer is damaged: %s, field “%s”: %s."),
               place, member, problem);
}

static const char *
describe_node (const SkJsonNode *node)
{
  gint64 value;

  switch (sk_json_node_get_type (node))
    {
    case SK_JSON_OBJECT:
      return _("an object");
    case SK_JSON_ARRAY:
      return _("a list");
    case SK_JSON_NULL:
      return _("null");
    case SK_JSON_STRING:
      return _("text");
    case SK_JSON_TRUE:
    case SK_JSON_FALSE:
      return _("true or false");
    case SK_JSON_NUMBER:
      if (sk_json_node_get_int64 (node, &value))
        return _("a whole number");
      if (sk_json_node_is_integer (node))
        return _("a whole number too large to use");
      return _("a decimal number");
    default:
      return _("an unknown value");
    }
}

static void
set_type_error (GError      **error,
                const Where  *where,
                const char   *member,
                const char        *expected,
                const SkJsonNode  *got)
{
  /* Translators: "expected text, got a list" */
  set_field_error (error, where, member, _("expected %s, got %s"),
                   expected, describe_node (got));
}

/* Member getters: each checks presence and type, and fills *out only on
 * success. */

static const SkJsonNode *
lookup (const SkJsonNode  *object,
        const char        *member,
        Presence           presence,
        gboolean          *out_absent,
        const Where       *where,
        GError           **error)
{
  const SkJsonNode *node = sk_json_node_get_member (object, member);

  *out_absent = (node == NULL || sk_json_node_get_type (node) == SK_JSON_NULL);

  if (*out_absent && presence == REQUIRED)
    {
      set_field_error (error, where, member, "%s", _("it is missing"));
      return NULL;
    }

  return node;
}

static gboolean
get_string (const SkJsonNode  *object,
            const char   *member,
            Presence      presence,
            gsize         max_bytes,
            char        **field,
            const Where  *where,
            GError      **error)
{
  gboolean absent;
  const SkJsonNode *node = lookup (object, member, presence, &absent, where, error);

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      sk_record_set_string (field, "", max_bytes);
      return TRUE;
    }

  if (sk_json_node_get_type (node) != SK_JSON_STRING)
    {
      set_type_error (error, where, member, _("text"), node);
      return FALSE;
    }

  /* A "\u0000" inside ends the text there, as it would in any C string. */
  sk_record_set_string (field, sk_json_node_get_string (node, NULL), max_bytes);
  return TRUE;
}

static gboolean
get_int (const SkJsonNode  *object,
         const char   *member,
         Presence      presence,
         gint64        min_value,
         gint64       *out,
         const Where  *where,
         GError      **error)
{
  gboolean absent;
  const SkJsonNode *node = lookup (object, member, presence, &absent, where, error);
  gint64 value;

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      *out = 0;
      return TRUE;
    }

  if (!sk_json_node_get_int64 (node, &value))
    {
      set_type_error (error, where, member, _("a whole number"), node);
      return FALSE;
    }

  if (value < min_value)
    {
      if (min_value == 0)
        /* Translators: %s is a number */
        set_field_error (error, where, member, _("%lld is negative"), (long long) value);
      else
        set_field_error (error, where, member, _("%lld is not a valid id"), (long long) value);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static gboolean
get_id (const SkJsonNode  *object,
        Where       *where,
        gint64      *out,
        GError     **error)
{
  gint64 id = 0;

  if (!get_int (object, "id", REQUIRED, 1, &id, where, error))
    return FALSE;

  *out = id;
  return TRUE;
}

static gboolean
get_bool (const SkJsonNode  *object,
          const char   *member,
          gboolean     *out,
          const Where  *where,
          GError      **error)
{
  gboolean absent;
  const SkJsonNode *node = lookup (object, member, OPTIONAL, &absent, where, error);

  if (absent)
    {
      *out = FALSE;
      return TRUE;
    }

  if (sk_json_node_get_type (node) != SK_JSON_TRUE && sk_json_node_get_type (node) != SK_JSON_FALSE)
    {
      set_type_error (error, where, member, _("true or false"), node);
      return FALSE;
    }

  *out = sk_json_node_get_type (node) == SK_JSON_TRUE;
  return TRUE;
}

typedef enum
{
  MONEY_EXACT       = 0,
  MONEY_ROUNDED     = 1 << 0,  /* line items: stores send more decimals than the currency has */
  MONEY_EMPTY_IS_0  = 1 << 1,  /* products without a price send "" */
} MoneyFlags;

static gboolean
get_money (const SkJsonNode  *object,
           const char   *member,
           Presence      presence,
           MoneyFlags    flags,
           guint         decimals,
           gint64       *out,
           const Where  *where,
           GError      **error)
{
  g_autoptr(GError) money_error = NULL;
  gboolean absent;
  const SkJsonNode *node = lookup (object, member, presence, &absent, where, error);
  const char *text;
  gboolean ok;

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      *out = 0;
      return TRUE;
    }

  if (sk_json_node_get_type (node) != SK_JSON_STRING)
    {
      /* Amounts are strings in WooCommerce; a JSON number would already
       * have been through a double somewhere, so it is refused. */
      set_type_error (error, where, member, _("an amount as text"), node);
      return FALSE;
    }

  text = sk_json_node_get_string (node, NULL);
  if ((flags & MONEY_EMPTY_IS_0) != 0 && *text == '\0')
    {
      *out = 0;
      return TRUE;
    }

  if ((flags & MONEY_ROUNDED) != 0)
    ok = sk_money_parse_rounded (text, decimals, out, &money_error);
  else
    ok = sk_money_parse (text, decimals, out, &money_error);

  if (!ok)
    {
      g_autofree char *quoted = quote_value (text);
      /* Translators: %s is the value the store sent, like "12,50" */
      set_field_error (error, where, member, _("“%s” is not a valid amount"), quoted);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_date (const SkJsonNode  *object,
          const char   *member,
          Presence      presence,
          gint64       *out,
          const Where  *where,
          GError      **error)
{
  gboolean absent;
  const SkJsonNode *node = lookup (object, member, presence, &absent, where, error);
  const char *text;

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      *out = 0;
      return TRUE;
    }

  if (sk_json_node_get_type (node) != SK_JSON_STRING)
    {
      set_type_error (error, where, member, _("a date as text"), node);
      return FALSE;
    }

  text = sk_json_node_get_string (node, NULL);
  if (!sk_time_parse_iso8601_utc (text, out, NULL))
    {
      g_autofree char *quoted = quote_value (text);
      /* Translators: %s is the value the store sent */
      set_field_error (error, where, member, _("“%s” is not a valid date"), quoted);
      return FALSE;
    }

  return TRUE;
}

/* Returns the object or array member, NULL (without error) if absent. */
static gboolean
get_container (const SkJsonNode   *object,
               const char         *member,
               SkJsonType          type,
               const SkJsonNode  **out,
               const Where        *where,
               GError            **error)
{
  gboolean absent;
  const SkJsonNode *node = lookup (object, member, OPTIONAL, &absent, where, error);

  *out = NULL;
  if (absent)
    return TRUE;

  if (sk_json_node_get_type (node) != type)
    {
      set_type_error (error, where, member,
                      type == SK_JSON_ARRAY ? _("a list") : _("an object"), node);
      return FALSE;
    }

  *out = node;
  return TRUE;
}

/* Parsing the whole answer */

/* Answers are nested a few levels deep; this is far more than enough. */
#define MAX_DEPTH 32

/* Parses a whole answer: invalid UTF-8, a NUL byte, trailing data after
 * the root (two answers glued together by a broken proxy) and anything
 * cut off are all refused here. */
static SkJsonDoc *
parse_document (GBytes      *json,
                const char  *what,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;
  gsize offset = 0;
  SkJsonDoc *doc;

  data = json != NULL ? g_bytes_get_data (json, &size) : NULL;

  if (data != NULL && size > 0)
    {
      doc = sk_json_doc_parse (data, size, MAX_DEPTH, &offset, &local_error);
      if (doc != NULL)
        return doc;
    }

  if (data == NULL || size == 0 || g_error_matches (local_error, SK_JSON_ERROR, SK_JSON_ERROR_EMPTY))
    g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                 _("The store’s answer was empty where a list of %s was expected."), what);
  else if (g_error_matches (local_error, SK_JSON_ERROR, SK_JSON_ERROR_INVALID_UTF8))
    g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                 _("The store’s answer is damaged: it is not valid UTF-8 text (at byte %zu)."),
                 offset);
  else if (g_error_matches (local_error, SK_JSON_ERROR, SK_JSON_ERROR_TRAILING))
    g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                         _("The store’s answer is damaged: there is more after the end of the data."));
  else
    g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                 /* Translators: %s is a technical detail from the JSON parser */
                 _("The store’s answer was cut off or damaged (%s)."),
                 local_error->message);

  return NULL;
}

/* The answer as a list; @what names its records for the messages. */
static SkJsonDoc *
parse_array (GBytes             *json,
             const char         *what,
             const SkJsonNode  **out_array,
             GError            **error)
{
  g_autoptr(SkJsonDoc) doc = parse_document (json, what, error);
  const SkJsonNode *root;

  if (doc == NULL)
    return NULL;

  root = sk_json_doc_get_root (doc);
  if (sk_json_node_get_type (root) != SK_JSON_ARRAY)
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   /* Translators: %s is "orders", "customers", "products" or "order notes" */
                   _("The store’s answer is damaged: a list of %s was expected, but it sent %s."),
                   what, describe_node (root));
      return NULL;
    }

  *out_array = root;
  return g_steal_pointer (&doc);
}

static const SkJsonNode *
element_object (const SkJsonNode  *array,
                guint              index,
                Where             *where,
                GError           **error)
{
  const SkJsonNode *node = sk_json_node_get_child (array, index);

  where->id = 0;
  where->index = index;
  where->parent = NULL;
  where->sub_id = 0;

  if (sk_json_node_get_type (node) != SK_JSON_OBJECT)
    {
      g_autofree char *place = describe_where (where);
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   /* Translators: the first %s is "record 3 of the list", the second "a list", "text"… */
                   _("The store’s answer is damaged: %s is %s instead of an object."),
                   place, describe_node (node));
      return NULL;
    }

  return node;
}

static gboolean
parse_address (const SkJsonNode  *parent,
               const char   *member,
               SkAddress    *address,
               gboolean      with_contact,
               Where        *where,
               GError      **error)
{
  const SkJsonNode *object;
  const char *saved_parent = where->parent;
  gboolean ok;

  if (!get_container (parent, member, SK_JSON_OBJECT, &object, where, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  where->parent = member;

  ok = get_string (object, "first_name", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->first_name, where, error) &&
       get_string (object, "last_name", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->last_name, where, error) &&
       get_string (object, "company", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->company, where, error) &&
       get_string (object, "address_1", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->address_1, where, error) &&
       get_string (object, "address_2", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->address_2, where, error) &&
       get_string (object, "city", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->city, where, error) &&
       get_string (object, "state", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->state, where, error) &&
       get_string (object, "postcode", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->postcode, where, error) &&
       get_string (object, "country", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->country, where, error);

  /* Shipping addresses have a phone since WooCommerce 5.6 but never an
   * e-mail; the record only keeps both for billing. */
  if (ok && with_contact)
    ok = get_string (object, "email", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->email, where, error) &&
         get_string (object, "phone", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &address->phone, where, error);

  where->parent = saved_parent;

  return ok;
}

static gboolean
parse_line_items (const SkJsonNode  *object,
                  SkOrderRecord  *order,
                  guint           decimals,
                  Where          *where,
                  GError        **error)
{
  const SkJsonNode *array;
  guint n;

  if (!get_container (object, "line_items", SK_JSON_ARRAY, &array, where, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = sk_json_node_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkOrderItemRecord) item = sk_order_item_record_new ();
      const SkJsonNode *line = sk_json_node_get_child (array, i);

      where->parent = "line_items";
      where->sub_id = 0;

      if (sk_json_node_get_type (line) != SK_JSON_OBJECT)
        {
          set_type_error (error, where, "line_items", _("a list of objects"), line);
          return FALSE;
        }

      if (!get_id (line, where, &item->remote_id, error))
        return FALSE;
      where->sub_id = item->remote_id;

      if (!get_int (line, "product_id", OPTIONAL, 0, &item->product_remote_id, where, error) ||
          !get_int (line, "variation_id", OPTIONAL, 0, &item->variation_remote_id, where, error) ||
          !get_string (line, "name", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &item->name, where, error) ||
          !get_string (line, "sku", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &item->sku, where, error) ||
          !get_int (line, "quantity", REQUIRED, 0, &item->quantity, where, error) ||
          !get_money (line, "subtotal", OPTIONAL, MONEY_ROUNDED, decimals, &item->subtotal, where, error) ||
          !get_money (line, "total", OPTIONAL, MONEY_ROUNDED, decimals, &item->total, where, error) ||
          !get_money (line, "total_tax", OPTIONAL, MONEY_ROUNDED, decimals, &item->total_tax, where, error))
        return FALSE;

      g_ptr_array_add (order->items, g_steal_pointer (&item));
    }

  where->parent = NULL;
  where->sub_id = 0;

  return TRUE;
}

static gboolean
parse_refunds (const SkJsonNode  *object,
               SkOrderRecord  *order,
               guint           decimals,
               Where          *where,
               GError        **error)
{
  const SkJsonNode *array;
  guint n;

  if (!get_container (object, "refunds", SK_JSON_ARRAY, &array, where, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = sk_json_node_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkRefundRecord) refund = sk_refund_record_new ();
      const SkJsonNode *summary = sk_json_node_get_child (array, i);
      gint64 total = 0;

      where->parent = "refunds";
      where->sub_id = 0;

      if (sk_json_node_get_type (summary) != SK_JSON_OBJECT)
        {
          set_type_error (error, where, "refunds", _("a list of objects"), summary);
          return FALSE;
        }

      if (!get_id (summary, where, &refund->remote_id, error))
        return FALSE;
      where->sub_id = refund->remote_id;

      if (!get_string (summary, "reason", OPTIONAL, SK_WOO_MAX_LONG_TEXT, &refund->reason, where, error) ||
          !get_money (summary, "total", REQUIRED, MONEY_ROUNDED, decimals, &total, where, error))
        return FALSE;

      /* The summary inside an order gives the refund as a negative total
       * ("-12.50"); the record keeps it positive. */
      if (total == G_MININT64)
        {
          set_field_error (error, where, "total", "%s", _("the amount is too large"));
          return FALSE;
        }
      refund->amount = ABS (total);

      g_ptr_array_add (order->refunds, g_steal_pointer (&refund));
    }

  where->parent = NULL;
  where->sub_id = 0;

  return TRUE;
}

static SkOrderRecord *
parse_order (const SkJsonNode  *object,
             Where       *where,
             GError     **error)
{
  g_autoptr(SkOrderRecord) order = sk_order_record_new ();
  guint decimals;

  if (!get_id (object, where, &order->remote_id, error))
    return NULL;
  where->id = order->remote_id;

  if (!get_string (object, "currency", REQUIRED, 16, &order->currency, where, error))
    return NULL;
  if (!sk_money_currency_is_valid (order->currency))
    {
      g_autofree char *quoted = quote_value (order->currency);
      /* Translators: %s is the value the store sent */
      set_field_error (error, where, "currency", _("“%s” is not a currency code"), quoted);
      return NULL;
    }
  decimals = sk_money_currency_decimals (order->currency);

  if (!get_int (object, "parent_id", OPTIONAL, 0, &order->parent_remote_id, where, error) ||
      !get_string (object, "number", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &order->number, where, error) ||
      !get_string (object, "order_key", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &order->order_key, where, error) ||
      !get_string (object, "status", REQUIRED, SK_WOO_MAX_SHORT_TEXT, &order->status, where, error) ||
      !get_date (object, "date_created_gmt", REQUIRED, &order->date_created, where, error) ||
      !get_date (object, "date_modified_gmt", OPTIONAL, &order->date_modified, where, error) ||
      !get_date (object, "date_paid_gmt", OPTIONAL, &order->date_paid, where, error) ||
      !get_date (object, "date_completed_gmt", OPTIONAL, &order->date_completed, where, error) ||
      !get_int (object, "customer_id", OPTIONAL, 0, &order->customer_remote_id, where, error) ||
      !get_string (object, "customer_note", OPTIONAL, SK_WOO_MAX_LONG_TEXT, &order->customer_note, where, error) ||
      !get_string (object, "payment_method", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &order->payment_method, where, error) ||
      !get_string (object, "payment_method_title", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &order->payment_method_title, where, error) ||
      !get_money (object, "discount_total", OPTIONAL, MONEY_EXACT, decimals, &order->discount_total, where, error) ||
      !get_money (object, "shipping_total", OPTIONAL, MONEY_EXACT, decimals, &order->shipping_total, where, error) ||
      !get_money (object, "total_tax", OPTIONAL, MONEY_EXACT, decimals, &order->total_tax, where, error) ||
      !get_money (object, "total", REQUIRED, MONEY_EXACT, decimals, &order->total, where, error) ||
      !parse_address (object, "billing", &order->billing, TRUE, where, error) ||
      !parse_address (object, "shipping", &order->shipping, FALSE, where, error) ||
      !parse_line_items (object, order, decimals, where, error) ||
      !parse_refunds (object, order, decimals, where, error))
    return NULL;

  if (*order->status == '\0')
    {
      set_field_error (error, where, "status", "%s", _("it is empty"));
      return NULL;
    }

  /* A plugin may renumber orders, but an order always has a number to show. */
  if (*order->number == '\0')
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, order->remote_id);
      sk_record_set_string (&order->number, number, SK_WOO_MAX_SHORT_TEXT);
    }

  if (order->date_modified == 0)
    order->date_modified = order->date_created;

  return g_steal_pointer (&order);
}

GPtrArray *
sk_woo_json_parse_orders (GBytes  *json,
                          GError **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *array = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  Where where = { KIND_ORDER, 0, 0, NULL, 0 };
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_array (json, _("orders"), &array, error);
  if (doc == NULL)
    return NULL;

  n = sk_json_node_get_length (array);
  orders = g_ptr_array_new_full (n, (GDestroyNotify) sk_order_record_free);

  for (guint i = 0; i < n; i++)
    {
      const SkJsonNode *object = element_object (array, i, &where, error);
      SkOrderRecord *order;

      if (object == NULL)
        return NULL;

      order = parse_order (object, &where, error);
      if (order == NULL)
        return NULL;

      g_ptr_array_add (orders, order);
    }

  return g_steal_pointer (&orders);
}

static SkCustomerRecord *
parse_customer (const SkJsonNode  *object,
                Where       *where,
                GError     **error)
{
  g_autoptr(SkCustomerRecord) customer = sk_customer_record_new ();

  if (!get_id (object, where, &customer->remote_id, error))
    return NULL;
  where->id = customer->remote_id;

  if (!get_date (object, "date_created_gmt", OPTIONAL, &customer->date_created, where, error) ||
      !get_date (object, "date_modified_gmt", OPTIONAL, &customer->date_modified, where, error) ||
      !get_string (object, "email", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &customer->email, where, error) ||
      !get_string (object, "first_name", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &customer->first_name, where, error) ||
      !get_string (object, "last_name", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &customer->last_name, where, error) ||
      !get_string (object, "username", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &customer->username, where, error) ||
      !parse_address (object, "billing", &customer->billing, TRUE, where, error) ||
      !parse_address (object, "shipping", &customer->shipping, FALSE, where, error))
    return NULL;

  /* WooCommerce sends a null date_modified for customers never edited. */
  if (customer->date_modified == 0)
    customer->date_modified = customer->date_created;

  return g_steal_pointer (&customer);
}

GPtrArray *
sk_woo_json_parse_customers (GBytes  *json,
                             GError **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *array = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  Where where = { KIND_CUSTOMER, 0, 0, NULL, 0 };
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_array (json, _("customers"), &array, error);
  if (doc == NULL)
    return NULL;

  n = sk_json_node_get_length (array);
  customers = g_ptr_array_new_full (n, (GDestroyNotify) sk_customer_record_free);

  for (guint i = 0; i < n; i++)
    {
      const SkJsonNode *object = element_object (array, i, &where, error);
      SkCustomerRecord *customer;

      if (object == NULL)
        return NULL;

      customer = parse_customer (object, &where, error);
      if (customer == NULL)
        return NULL;

      g_ptr_array_add (customers, customer);
    }

  return g_steal_pointer (&customers);
}

static gboolean
parse_categories (const SkJsonNode  *object,
                  SkProductRecord  *product,
                  Where            *where,
                  GError          **error)
{
  const SkJsonNode *array;
  guint n;

  if (!get_container (object, "categories", SK_JSON_ARRAY, &array, where, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = sk_json_node_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      const SkJsonNode *element = sk_json_node_get_child (array, i);
      char *name = NULL;
      gint64 id = 0;

      where->parent = "categories";
      where->sub_id = 0;

      if (sk_json_node_get_type (element) != SK_JSON_OBJECT)
        {
          set_type_error (error, where, "categories", _("a list of objects"), element);
          return FALSE;
        }

      if (!get_int (element, "id", OPTIONAL, 0, &id, where, error))
        return FALSE;
      where->sub_id = id;

      if (!get_string (element, "name", REQUIRED, SK_WOO_MAX_SHORT_TEXT, &name, where, error))
        return FALSE;

      g_ptr_array_add (product->categories, name);
    }

  where->parent = NULL;
  where->sub_id = 0;

  return TRUE;
}

static SkProductRecord *
parse_product (const SkJsonNode  *object,
               const char  *currency,
               guint        decimals,
               Where       *where,
               GError     **error)
{
  g_autoptr(SkProductRecord) product = sk_product_record_new ();
  gboolean absent;
  const SkJsonNode *stock;

  if (!get_id (object, where, &product->remote_id, error))
    return NULL;
  where->id = product->remote_id;

  sk_record_set_string (&product->currency, currency, 16);

  if (!get_date (object, "date_created_gmt", OPTIONAL, &product->date_created, where, error) ||
      !get_date (object, "date_modified_gmt", OPTIONAL, &product->date_modified, where, error) ||
      !get_string (object, "name", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &product->name, where, error) ||
      !get_string (object, "slug", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &product->slug, where, error) ||
      !get_string (object, "sku", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &product->sku, where, error) ||
      !get_string (object, "status", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &product->status, where, error) ||
      !get_money (object, "price", OPTIONAL, MONEY_ROUNDED | MONEY_EMPTY_IS_0, decimals, &product->price, where, error) ||
      !get_money (object, "regular_price", OPTIONAL, MONEY_ROUNDED | MONEY_EMPTY_IS_0, decimals, &product->regular_price, where, error) ||
      !get_bool (object, "featured", &product->featured, where, error) ||
      !get_string (object, "stock_status", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &product->stock_status, where, error) ||
      !parse_categories (object, product, where, error))
    return NULL;

  /* stock_quantity is null when the shop does not manage stock. */
  stock = lookup (object, "stock_quantity", OPTIONAL, &absent, where, error);
  if (absent)
    product->stock_quantity = -1;
  else if (!sk_json_node_get_int64 (stock, &product->stock_quantity))
    {
      set_type_error (error, where, "stock_quantity", _("a whole number"), stock);
      return NULL;
    }

  if (product->date_modified == 0)
    product->date_modified = product->date_created;

  return g_steal_pointer (&product);
}

GPtrArray *
sk_woo_json_parse_products (GBytes      *json,
                            const char  *currency,
                            GError     **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *array = NULL;
  g_autoptr(GPtrArray) products = NULL;
  Where where = { KIND_PRODUCT, 0, 0, NULL, 0 };
  guint decimals;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (currency == NULL || !sk_money_currency_is_valid (currency))
    currency = "";
  decimals = *currency != '\0' ? sk_money_currency_decimals (currency) : 2;

  doc = parse_array (json, _("products"), &array, error);
  if (doc == NULL)
    return NULL;

  n = sk_json_node_get_length (array);
  products = g_ptr_array_new_full (n, (GDestroyNotify) sk_product_record_free);

  for (guint i = 0; i < n; i++)
    {
      const SkJsonNode *object = element_object (array, i, &where, error);
      SkProductRecord *product;

      if (object == NULL)
        return NULL;

      product = parse_product (object, currency, decimals, &where, error);
      if (product == NULL)
        return NULL;

      g_ptr_array_add (products, product);
    }

  return g_steal_pointer (&products);
}

/* A list of e-mail addresses as a JSON array of strings ("[]" when
 * absent or null), for a coupon's email_restrictions. */
static gboolean
get_email_list (const SkJsonNode  *object,
                const char        *member,
                char             **out,
                const Where       *where,
                GError           **error)
{
  g_autoptr(GString) list = g_string_new ("[");
  const SkJsonNode *array = sk_json_node_get_member (object, member);

  if (array != NULL && sk_json_node_get_type (array) != SK_JSON_NULL)
    {
      if (sk_json_node_get_type (array) != SK_JSON_ARRAY)
        {
          set_type_error (error, where, member, _("a list"), array);
          return FALSE;
        }
      for (guint i = 0; i < MIN (sk_json_node_get_length (array), 1000); i++)
        {
          const SkJsonNode *item = sk_json_node_get_child (array, i);
          g_autofree char *email = NULL;
          const char *text = sk_json_node_get_string (item, NULL);

          if (text == NULL)
            {
              set_type_error (error, where, member, _("a list of texts"), item);
              return FALSE;
            }
          sk_record_set_string (&email, text, 254);
          if (list->len > 1)
            g_string_append_c (list, ',');
          g_string_append_c (list, '"');
          for (const unsigned char *p = (const unsigned char *) email; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_printf (list, "\\%c", *p);
              else if (*p < 0x20)
                g_string_append_printf (list, "\\u%04x", *p);
              else
                g_string_append_c (list, (char) *p);
            }
          g_string_append_c (list, '"');
        }
    }
  g_string_append_c (list, ']');

  g_free (*out);
  *out = g_string_free (g_steal_pointer (&list), FALSE);

  return TRUE;
}

static SkCouponRecord *
parse_coupon (const SkJsonNode  *object,
              const char        *currency,
              guint              decimals,
              Where             *where,
              GError           **error)
{
  g_autoptr(SkCouponRecord) coupon = sk_coupon_record_new ();
  gboolean percent;

  if (!get_id (object, where, &coupon->remote_id, error))
    return NULL;
  where->id = coupon->remote_id;

  sk_record_set_string (&coupon->currency, currency, 16);

  /* The code is what a customer types and what identifies the coupon
   * (WooCommerce keeps it unique): without one the record means nothing. */
  if (!get_string (object, "code", REQUIRED, SK_WOO_MAX_SHORT_TEXT, &coupon->code, where, error) ||
      !get_string (object, "discount_type", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &coupon->discount_type, where, error) ||
      !get_date (object, "date_created_gmt", OPTIONAL, &coupon->date_created, where, error) ||
      !get_date (object, "date_modified_gmt", OPTIONAL, &coupon->date_modified, where, error) ||
      !get_date (object, "date_expires_gmt", OPTIONAL, &coupon->date_expires, where, error) ||
      !get_int (object, "usage_limit", OPTIONAL, 0, &coupon->usage_limit, where, error) ||
      !get_int (object, "usage_count", OPTIONAL, 0, &coupon->usage_count, where, error) ||
      !get_int (object, "usage_limit_per_user", OPTIONAL, 0, &coupon->usage_limit_per_user, where, error) ||
      !get_bool (object, "individual_use", &coupon->individual_use, where, error) ||
      !get_email_list (object, "email_restrictions", &coupon->email_restrictions, where, error))
    return NULL;

  if (*g_strstrip (coupon->code) == '\0')
    {
      set_field_error (error, where, "code", "%s", _("it is empty"));
      return NULL;
    }

  /* WooCommerce's default kind when none is given. */
  if (*coupon->discount_type == '\0')
    sk_record_set_string (&coupon->discount_type, "fixed_cart", SK_WOO_MAX_SHORT_TEXT);

  /* A percentage is kept in hundredths of a percent whatever the
   * currency, as the outbox queues it; a fixed discount is money. */
  percent = g_str_equal (coupon->discount_type, "percent");
  if (!get_money (object, "amount", OPTIONAL, MONEY_EXACT, percent ? 2 : decimals,
                  &coupon->amount, where, error))
    return NULL;
  if (coupon->amount < 0)
    {
      set_field_error (error, where, "amount", "%s", _("it is negative"));
      return NULL;
    }

  if (coupon->date_modified == 0)
    coupon->date_modified = coupon->date_created;

  return g_steal_pointer (&coupon);
}

GPtrArray *
sk_woo_json_parse_coupons (GBytes      *json,
                           const char  *currency,
                           GError     **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *array = NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  Where where = { KIND_COUPON, 0, 0, NULL, 0 };
  guint decimals;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (currency == NULL || !sk_money_currency_is_valid (currency))
    currency = "";
  decimals = *currency != '\0' ? sk_money_currency_decimals (currency) : 2;

  doc = parse_array (json, _("coupons"), &array, error);
  if (doc == NULL)
    return NULL;

  n = sk_json_node_get_length (array);
  coupons = g_ptr_array_new_full (n, (GDestroyNotify) sk_coupon_record_free);

  for (guint i = 0; i < n; i++)
    {
      const SkJsonNode *object = element_object (array, i, &where, error);
      SkCouponRecord *coupon;

      if (object == NULL)
        return NULL;

      coupon = parse_coupon (object, currency, decimals, &where, error);
      if (coupon == NULL)
        return NULL;

      g_ptr_array_add (coupons, coupon);
    }

  return g_steal_pointer (&coupons);
}

GPtrArray *
sk_woo_json_parse_order_notes (GBytes  *json,
                               GError **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *array = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  Where where = { KIND_NOTE, 0, 0, NULL, 0 };
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_array (json, _("order notes"), &array, error);
  if (doc == NULL)
    return NULL;

  n = sk_json_node_get_length (array);
  notes = g_ptr_array_new_full (n, (GDestroyNotify) sk_order_note_record_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkOrderNoteRecord) note = sk_order_note_record_new ();
      const SkJsonNode *object = element_object (array, i, &where, error);

      if (object == NULL)
        return NULL;

      if (!get_id (object, &where, &note->remote_id, error))
        return NULL;
      where.id = note->remote_id;

      if (!get_date (object, "date_created_gmt", REQUIRED, &note->date_created, &where, error) ||
          !get_string (object, "author", OPTIONAL, SK_WOO_MAX_SHORT_TEXT, &note->author, &where, error) ||
          !get_string (object, "note", OPTIONAL, SK_WOO_MAX_LONG_TEXT, &note->note, &where, error) ||
          !get_bool (object, "customer_note", &note->customer_note, &where, error))
        return NULL;

      g_ptr_array_add (notes, g_steal_pointer (&note));
    }

  return g_steal_pointer (&notes);
}

GPtrArray *
sk_woo_json_parse_order_refunds (GBytes      *json,
                                 const char  *currency,
                                 GError     **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *array = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  Where where = { KIND_REFUND, 0, 0, NULL, 0 };
  guint decimals = sk_money_currency_decimals (currency != NULL ? currency : "");
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = parse_array (json, _("refunds"), &array, error);
  if (doc == NULL)
    return NULL;

  n = sk_json_node_get_length (array);
  refunds = g_ptr_array_new_full (n, (GDestroyNotify) sk_refund_record_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkRefundRecord) refund = sk_refund_record_new ();
      const SkJsonNode *object = element_object (array, i, &where, error);
      gint64 amount = 0;

      if (object == NULL)
        return NULL;

      if (!get_id (object, &where, &refund->remote_id, error))
        return NULL;
      where.id = refund->remote_id;

      /* Here the amount is positive ("12.50"), unlike the summary inside
       * an order; kept positive either way. */
      if (!get_date (object, "date_created_gmt", OPTIONAL, &refund->date_created, &where, error) ||
          !get_string (object, "reason", OPTIONAL, SK_WOO_MAX_LONG_TEXT, &refund->reason, &where, error) ||
          !get_money (object, "amount", REQUIRED, MONEY_ROUNDED, decimals, &amount, &where, error))
        return NULL;

      if (amount == G_MININT64)
        {
          set_field_error (error, &where, "amount", "%s", _("the amount is too large"));
          return NULL;
        }
      refund->amount = ABS (amount);

      g_ptr_array_add (refunds, g_steal_pointer (&refund));
    }

  return g_steal_pointer (&refunds);
}

gboolean
sk_woo_json_parse_currency (GBytes  *json,
                            char   **out_currency,
                            GError **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  Where where = { KIND_CURRENCY, 1, 0, NULL, 0 };
  g_autofree char *code = NULL;
  const char *member = "code";
  const SkJsonNode *object = NULL;
  const SkJsonNode *root;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (out_currency != NULL, FALSE);

  *out_currency = NULL;

  data = json != NULL ? g_bytes_get_data (json, &size) : NULL;
  if (data != NULL && size > 0)
    doc = sk_json_doc_parse (data, size, MAX_DEPTH, NULL, NULL);
  if (doc == NULL)
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                           _("The store’s answer about its currency is damaged."));
      return FALSE;
    }

  root = sk_json_doc_get_root (doc);
  if (sk_json_node_get_type (root) == SK_JSON_OBJECT)
    object = root;
  else if (sk_json_node_get_type (root) == SK_JSON_ARRAY)
    {
      if (sk_json_node_get_length (root) == 0)
        return TRUE;

      if (sk_json_node_get_type (sk_json_node_get_child (root, 0)) == SK_JSON_OBJECT)
        object = sk_json_node_get_child (root, 0);
      member = "currency";
    }

  if (object == NULL)
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                           _("The store’s answer about its currency is damaged."));
      return FALSE;
    }

  if (!get_string (object, member, REQUIRED, 16, &code, &where, error))
    return FALSE;

  if (!sk_money_currency_is_valid (code))
    {
      g_autofree char *quoted = quote_value (code);
      set_field_error (error, &where, member, _("“%s” is not a currency code"), quoted);
      return FALSE;
    }

  *out_currency = g_steal_pointer (&code);
  return TRUE;
}

gboolean
sk_woo_json_parse_error (GBytes  *json,
                         char   **out_code,
                         char   **out_message)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *root;
  const SkJsonNode *code;
  const SkJsonNode *message;
  const char *data;
  gsize size = 0;

  if (out_code != NULL)
    *out_code = NULL;
  if (out_message != NULL)
    *out_message = NULL;

  data = json != NULL ? g_bytes_get_data (json, &size) : NULL;
  if (data == NULL || size == 0 || size > 64 * 1024)
    return FALSE;

  doc = sk_json_doc_parse (data, size, MAX_DEPTH, NULL, NULL);
  if (doc == NULL)
    return FALSE;

  root = sk_json_doc_get_root (doc);
  code = sk_json_node_get_member (root, "code");
  message = sk_json_node_get_member (root, "message");

  if (code == NULL || sk_json_node_get_type (code) != SK_JSON_STRING)
    return FALSE;

  if (out_code != NULL)
    sk_record_set_string (out_code, sk_json_node_get_string (code, NULL), 128);

  if (out_message != NULL)
    {
      if (message != NULL && sk_json_node_get_type (message) == SK_JSON_STRING)
        sk_record_set_string (out_message, sk_json_node_get_string (message, NULL), 300);
      else
        sk_record_set_string (out_message, "", 1);
    }

  return TRUE;
}
