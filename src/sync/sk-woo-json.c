/* sk-woo-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-woo-json"

#include "config.h"

#include "sk-woo-json.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

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
  KIND_CURRENCY,
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
          record = g_strdup_printf (_("order %" G_GINT64_FORMAT), where->id);
          break;
        case KIND_CUSTOMER:
          record = g_strdup_printf (_("customer %" G_GINT64_FORMAT), where->id);
          break;
        case KIND_PRODUCT:
          record = g_strdup_printf (_("product %" G_GINT64_FORMAT), where->id);
          break;
        case KIND_NOTE:
          record = g_strdup_printf (_("order note %" G_GINT64_FORMAT), where->id);
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
    return g_strdup_printf (_("%s, %s %" G_GINT64_FORMAT), record, where->parent, where->sub_id);

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
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("a list");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_DOUBLE:
      return _("a decimal number");
    case G_TYPE_INT64:
      return _("a whole number");
    default:
      return _("an unknown value");
    }
}

static void
set_type_error (GError      **error,
                const Where  *where,
                const char   *member,
                const char   *expected,
                JsonNode     *got)
{
  /* Translators: "expected text, got a list" */
  set_field_error (error, where, member, _("expected %s, got %s"),
                   expected, describe_node (got));
}

/* Member getters: each checks presence and type, and fills *out only on
 * success. */

static JsonNode *
lookup (JsonObject   *object,
        const char   *member,
        Presence      presence,
        gboolean     *out_absent,
        const Where  *where,
        GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_absent = (node == NULL || JSON_NODE_HOLDS_NULL (node));

  if (*out_absent && presence == REQUIRED)
    {
      set_field_error (error, where, member, "%s", _("it is missing"));
      return NULL;
    }

  return node;
}

static gboolean
get_string (JsonObject   *object,
            const char   *member,
            Presence      presence,
            gsize         max_bytes,
            char        **field,
            const Where  *where,
            GError      **error)
{
  gboolean absent;
  JsonNode *node = lookup (object, member, presence, &absent, where, error);

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      sk_record_set_string (field, "", max_bytes);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_type_error (error, where, member, _("text"), node);
      return FALSE;
    }

  sk_record_set_string (field, json_node_get_string (node), max_bytes);
  return TRUE;
}

static gboolean
get_int (JsonObject   *object,
         const char   *member,
         Presence      presence,
         gint64        min_value,
         gint64       *out,
         const Where  *where,
         GError      **error)
{
  gboolean absent;
  JsonNode *node = lookup (object, member, presence, &absent, where, error);
  gint64 value;

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      *out = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_type_error (error, where, member, _("a whole number"), node);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min_value)
    {
      if (min_value == 0)
        /* Translators: %s is a number */
        set_field_error (error, where, member, _("%" G_GINT64_FORMAT " is negative"), value);
      else
        set_field_error (error, where, member, _("%" G_GINT64_FORMAT " is not a valid id"), value);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static gboolean
get_id (JsonObject  *object,
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
get_bool (JsonObject   *object,
          const char   *member,
          gboolean     *out,
          const Where  *where,
          GError      **error)
{
  gboolean absent;
  JsonNode *node = lookup (object, member, OPTIONAL, &absent, where, error);

  if (absent)
    {
      *out = FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_type_error (error, where, member, _("true or false"), node);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

typedef enum
{
  MONEY_EXACT       = 0,
  MONEY_ROUNDED     = 1 << 0,  /* line items: stores send more decimals than the currency has */
  MONEY_EMPTY_IS_0  = 1 << 1,  /* products without a price send "" */
} MoneyFlags;

static gboolean
get_money (JsonObject   *object,
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
  JsonNode *node = lookup (object, member, presence, &absent, where, error);
  const char *text;
  gboolean ok;

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      *out = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* Amounts are strings in WooCommerce; a JSON number would already
       * have been through a double somewhere, so it is refused. */
      set_type_error (error, where, member, _("an amount as text"), node);
      return FALSE;
    }

  text = json_node_get_string (node);
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
get_date (JsonObject   *object,
          const char   *member,
          Presence      presence,
          gint64       *out,
          const Where  *where,
          GError      **error)
{
  gboolean absent;
  JsonNode *node = lookup (object, member, presence, &absent, where, error);
  const char *text;

  if (absent)
    {
      if (presence == REQUIRED)
        return FALSE;
      *out = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_type_error (error, where, member, _("a date as text"), node);
      return FALSE;
    }

  text = json_node_get_string (node);
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
get_container (JsonObject   *object,
               const char   *member,
               JsonNodeType  type,
               JsonNode    **out,
               const Where  *where,
               GError      **error)
{
  gboolean absent;
  JsonNode *node = lookup (object, member, OPTIONAL, &absent, where, error);

  *out = NULL;
  if (absent)
    return TRUE;

  if (json_node_get_node_type (node) != type)
    {
      set_type_error (error, where, member,
                      type == JSON_NODE_ARRAY ? _("a list") : _("an object"), node);
      return FALSE;
    }

  *out = node;
  return TRUE;
}

/* Parsing the whole answer */

/* json-glib 1.6 accepts trailing values after the root ("[] []"), which
 * is what two answers glued together by a broken proxy look like. Returns
 * FALSE unless @data holds one array or object, possibly surrounded by
 * white space. Strings are skipped (with their escapes), so brackets in
 * them do not count; the parser checks everything else. */
static gboolean
is_single_container (const char *data,
                     gsize       size)
{
  gsize i = 0;
  guint depth = 0;
  gboolean in_string = FALSE;

  while (i < size && g_ascii_isspace (data[i]))
    i++;
  if (i == size || (data[i] != '[' && data[i] != '{'))
    return TRUE;   /* not a container: the parser says what it is */

  for (; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        depth++;
      else if (c == ']' || c == '}')
        {
          if (depth == 0)
            return FALSE;
          if (--depth == 0)
            break;
        }
    }

  for (i++; i < size; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }

  return TRUE;
}

static JsonNode *
parse_array (GBytes      *json,
             const char  *what,
             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  const char *end = NULL;
  gsize size = 0;
  JsonNode *root;

  data = json != NULL ? g_bytes_get_data (json, &size) : NULL;

  if (data == NULL || size == 0)
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   _("The store’s answer was empty where a list of %s was expected."), what);
      return NULL;
    }

  /* json-glib 1.6 does not reject every invalid UTF-8 sequence in strings
   * and stops at an embedded NUL, so the bytes are checked first; this
   * costs far less than the parse itself. */
  if (size > G_MAXSSIZE || !g_utf8_validate_len (data, size, &end))
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   _("The store’s answer is damaged: it is not valid UTF-8 text (at byte %" G_GSIZE_FORMAT ")."),
                   (gsize) (end != NULL ? end - data : 0));
      return NULL;
    }

  if (!is_single_container (data, size))
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                           _("The store’s answer is damaged: there is more after the end of the data."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   /* Translators: %s is a technical detail from the JSON parser */
                   _("The store’s answer was cut off or damaged (%s)."),
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   /* Translators: %s is "orders", "customers", "products" or "order notes" */
                   _("The store’s answer is damaged: a list of %s was expected, but it sent %s."),
                   what, root != NULL ? describe_node (root) : _("nothing"));
      return NULL;
    }

  return json_node_ref (root);
}

static JsonObject *
element_object (JsonArray   *array,
                guint        index,
                Where       *where,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  where->id = 0;
  where->index = index;
  where->parent = NULL;
  where->sub_id = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *place = describe_where (where);
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   /* Translators: the first %s is "record 3 of the list", the second "a list", "text"… */
                   _("The store’s answer is damaged: %s is %s instead of an object."),
                   place, describe_node (node));
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
parse_address (JsonObject   *parent,
               const char   *member,
               SkAddress    *address,
               gboolean      with_contact,
               Where        *where,
               GError      **error)
{
  JsonNode *node;
  JsonObject *object;
  const char *saved_parent = where->parent;
  gboolean ok;

  if (!get_container (parent, member, JSON_NODE_OBJECT, &node, where, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  object = json_node_get_object (node);
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
parse_line_items (JsonObject     *object,
                  SkOrderRecord  *order,
                  guint           decimals,
                  Where          *where,
                  GError        **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n;

  if (!get_container (object, "line_items", JSON_NODE_ARRAY, &node, where, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkOrderItemRecord) item = sk_order_item_record_new ();
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *line;

      where->parent = "line_items";
      where->sub_id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_type_error (error, where, "line_items", _("a list of objects"), element);
          return FALSE;
        }
      line = json_node_get_object (element);

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
parse_refunds (JsonObject     *object,
               SkOrderRecord  *order,
               guint           decimals,
               Where          *where,
               GError        **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n;

  if (!get_container (object, "refunds", JSON_NODE_ARRAY, &node, where, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkRefundRecord) refund = sk_refund_record_new ();
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *summary;
      gint64 total = 0;

      where->parent = "refunds";
      where->sub_id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_type_error (error, where, "refunds", _("a list of objects"), element);
          return FALSE;
        }
      summary = json_node_get_object (element);

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
parse_order (JsonObject  *object,
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  JsonArray *array;
  Where where = { KIND_ORDER, 0, 0, NULL, 0 };
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse_array (json, _("orders"), error);
  if (root == NULL)
    return NULL;

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  orders = g_ptr_array_new_full (n, (GDestroyNotify) sk_order_record_free);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = element_object (array, i, &where, error);
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
parse_customer (JsonObject  *object,
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  JsonArray *array;
  Where where = { KIND_CUSTOMER, 0, 0, NULL, 0 };
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse_array (json, _("customers"), error);
  if (root == NULL)
    return NULL;

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  customers = g_ptr_array_new_full (n, (GDestroyNotify) sk_customer_record_free);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = element_object (array, i, &where, error);
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
parse_categories (JsonObject       *object,
                  SkProductRecord  *product,
                  Where            *where,
                  GError          **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n;

  if (!get_container (object, "categories", JSON_NODE_ARRAY, &node, where, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      char *name = NULL;
      gint64 id = 0;

      where->parent = "categories";
      where->sub_id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_type_error (error, where, "categories", _("a list of objects"), element);
          return FALSE;
        }

      if (!get_int (json_node_get_object (element), "id", OPTIONAL, 0, &id, where, error))
        return FALSE;
      where->sub_id = id;

      if (!get_string (json_node_get_object (element), "name", REQUIRED, SK_WOO_MAX_SHORT_TEXT, &name, where, error))
        return FALSE;

      g_ptr_array_add (product->categories, name);
    }

  where->parent = NULL;
  where->sub_id = 0;

  return TRUE;
}

static SkProductRecord *
parse_product (JsonObject  *object,
               const char  *currency,
               guint        decimals,
               Where       *where,
               GError     **error)
{
  g_autoptr(SkProductRecord) product = sk_product_record_new ();
  gboolean absent;
  JsonNode *stock;

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
  else if (JSON_NODE_HOLDS_VALUE (stock) && json_node_get_value_type (stock) == G_TYPE_INT64)
    product->stock_quantity = json_node_get_int (stock);
  else
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) products = NULL;
  JsonArray *array;
  Where where = { KIND_PRODUCT, 0, 0, NULL, 0 };
  guint decimals;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (currency == NULL || !sk_money_currency_is_valid (currency))
    currency = "";
  decimals = *currency != '\0' ? sk_money_currency_decimals (currency) : 2;

  root = parse_array (json, _("products"), error);
  if (root == NULL)
    return NULL;

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  products = g_ptr_array_new_full (n, (GDestroyNotify) sk_product_record_free);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = element_object (array, i, &where, error);
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

GPtrArray *
sk_woo_json_parse_order_notes (GBytes  *json,
                               GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  JsonArray *array;
  Where where = { KIND_NOTE, 0, 0, NULL, 0 };
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse_array (json, _("order notes"), error);
  if (root == NULL)
    return NULL;

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  notes = g_ptr_array_new_full (n, (GDestroyNotify) sk_order_note_record_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkOrderNoteRecord) note = sk_order_note_record_new ();
      JsonObject *object = element_object (array, i, &where, error);

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

gboolean
sk_woo_json_parse_currency (GBytes  *json,
                            char   **out_currency,
                            GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Where where = { KIND_CURRENCY, 1, 0, NULL, 0 };
  g_autofree char *code = NULL;
  const char *member = "code";
  JsonObject *object = NULL;
  const char *data;
  gsize size = 0;
  JsonNode *root;

  g_return_val_if_fail (out_currency != NULL, FALSE);

  *out_currency = NULL;

  data = json != NULL ? g_bytes_get_data (json, &size) : NULL;
  if (data == NULL || size == 0 || size > G_MAXSSIZE || !g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                           _("The store’s answer about its currency is damaged."));
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   _("The store’s answer was cut off or damaged (%s)."),
                   local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      if (json_array_get_length (array) == 0)
        return TRUE;

      if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
        object = json_node_get_object (json_array_get_element (array, 0));
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
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *code;
  JsonNode *message;
  const char *data;
  gsize size = 0;

  if (out_code != NULL)
    *out_code = NULL;
  if (out_message != NULL)
    *out_message = NULL;

  data = json != NULL ? g_bytes_get_data (json, &size) : NULL;
  if (data == NULL || size == 0 || size > 64 * 1024 || !g_utf8_validate_len (data, size, NULL))
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  code = json_object_get_member (object, "code");
  message = json_object_get_member (object, "message");

  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
    return FALSE;

  if (out_code != NULL)
    sk_record_set_string (out_code, json_node_get_string (code), 128);

  if (out_message != NULL)
    {
      if (message != NULL && JSON_NODE_HOLDS_VALUE (message) &&
          json_node_get_value_type (message) == G_TYPE_STRING)
        sk_record_set_string (out_message, json_node_get_string (message), 300);
      else
        sk_record_set_string (out_message, "", 1);
    }

  return TRUE;
}
