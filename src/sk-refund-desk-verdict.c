/* sk-refund-desk-verdict.c — the verdict kept with each decision, as JSON:
 * written when the decision is made, read back to queue the refund and to
 * show a decided request as it was decided.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-desk"

#include "config.h"

#include "sk-refund-desk-private.h"

char *
_sk_refund_verdict_to_json (const SkRefundVerdict *verdict,
                            const SkRefundPolicy  *policy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "standing");
  json_builder_add_string_value (builder, sk_refund_standing_to_string (verdict->standing));
  json_builder_set_member_name (builder, "day");
  json_builder_add_int_value (builder, verdict->day);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, verdict->currency);
  json_builder_set_member_name (builder, "lines_total");
  json_builder_add_int_value (builder, verdict->lines_total);
  json_builder_set_member_name (builder, "restocking_fee");
  json_builder_add_int_value (builder, verdict->restocking_fee);
  json_builder_set_member_name (builder, "shipping");
  json_builder_add_int_value (builder, verdict->shipping);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, verdict->total);
  json_builder_set_member_name (builder, "goodwill");
  json_builder_add_int_value (builder, verdict->goodwill);
  json_builder_set_member_name (builder, "owner_required");
  json_builder_add_boolean_value (builder, verdict->owner_required);
  json_builder_set_member_name (builder, "api_refund");
  json_builder_add_boolean_value (builder, verdict->api_refund);
  json_builder_set_member_name (builder, "restock");
  json_builder_add_boolean_value (builder, verdict->restock);

  json_builder_set_member_name (builder, "policy");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "window_days");
  json_builder_add_int_value (builder, policy->window_days);
  json_builder_set_member_name (builder, "grace_days");
  json_builder_add_int_value (builder, policy->grace_days);
  json_builder_set_member_name (builder, "guarantee_days");
  json_builder_add_int_value (builder, policy->guarantee_days);
  json_builder_set_member_name (builder, "restocking_fee_bp");
  json_builder_add_int_value (builder, policy->restocking_fee_bp);
  json_builder_set_member_name (builder, "required_conditions");
  json_builder_add_int_value (builder, policy->required_conditions);
  json_builder_set_member_name (builder, "staff_limit");
  json_builder_add_int_value (builder, policy->staff_limit);
  json_builder_set_member_name (builder, "goodwill_budget");
  json_builder_add_int_value (builder, policy->goodwill_budget);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < verdict->reasons->len; i++)
    {
      const SkVerdictReason *reason = g_ptr_array_index (verdict->reasons, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, sk_refund_verdict_code_to_string (reason->code));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_int_value (builder, reason->severity);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, reason->line);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, reason->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < verdict->lines->len; i++)
    {
      const SkVerdictLine *line = &g_array_index (verdict->lines, SkVerdictLine, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "item");
      json_builder_add_int_value (builder, line->item_remote_id);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, line->quantity);
      json_builder_set_member_name (builder, "gross_total");
      json_builder_add_int_value (builder, line->gross_total);
      json_builder_set_member_name (builder, "gross_tax");
      json_builder_add_int_value (builder, line->gross_tax);
      json_builder_set_member_name (builder, "fee_total");
      json_builder_add_int_value (builder, line->fee_total);
      json_builder_set_member_name (builder, "fee_tax");
      json_builder_add_int_value (builder, line->fee_tax);
      json_builder_set_member_name (builder, "refund_total");
      json_builder_add_int_value (builder, line->refund_total);
      json_builder_set_member_name (builder, "refund_tax");
      json_builder_add_int_value (builder, line->refund_tax);
      json_builder_set_member_name (builder, "out_of_policy");
      json_builder_add_boolean_value (builder, line->out_of_policy);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

gint64
_sk_refund_json_int (JsonObject *object,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static void
stored_reason_free (gpointer data)
{
  SkVerdictReason *reason = data;

  g_free (reason->text);
  g_free (reason);
}

SkRefundVerdict *
_sk_refund_verdict_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  SkRefundVerdict *verdict;
  JsonObject *root;
  JsonArray *array;
  const char *standing;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "standing"))
    return NULL;

  verdict = g_new0 (SkRefundVerdict, 1);
  verdict->reasons = g_ptr_array_new_with_free_func (stored_reason_free);
  verdict->lines = g_array_new (FALSE, TRUE, sizeof (SkVerdictLine));
  standing = json_object_get_string_member_with_default (root, "standing", "");
  for (guint i = SK_REFUND_STANDING_IN_POLICY; i <= SK_REFUND_STANDING_IMPOSSIBLE; i++)
    if (g_strcmp0 (standing, sk_refund_standing_to_string (i)) == 0)
      verdict->standing = i;
  verdict->currency = g_strdup (json_object_get_string_member_with_default (root, "currency", ""));
  verdict->day = _sk_refund_json_int (root, "day");
  verdict->lines_total = _sk_refund_json_int (root, "lines_total");
  verdict->restocking_fee = _sk_refund_json_int (root, "restocking_fee");
  verdict->shipping = _sk_refund_json_int (root, "shipping");
  verdict->total = _sk_refund_json_int (root, "total");
  verdict->goodwill = _sk_refund_json_int (root, "goodwill");
  verdict->owner_required = json_object_get_boolean_member_with_default (root, "owner_required", FALSE);
  verdict->needs_justification = verdict->standing == SK_REFUND_STANDING_OUT_OF_POLICY;
  verdict->api_refund = json_object_get_boolean_member_with_default (root, "api_refund", FALSE);
  verdict->restock = json_object_get_boolean_member_with_default (root, "restock", FALSE);

  array = json_object_has_member (root, "reasons") ? json_object_get_array_member (root, "reasons") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      SkVerdictReason *reason;
      const char *code;

      if (item == NULL)
        continue;
      reason = g_new0 (SkVerdictReason, 1);
      code = json_object_get_string_member_with_default (item, "code", "");
      for (guint c = 0; c < SK_VERDICT_N_CODES; c++)
        if (g_strcmp0 (code, sk_refund_verdict_code_to_string (c)) == 0)
          reason->code = c;
      reason->severity = CLAMP (_sk_refund_json_int (item, "severity"), SK_VERDICT_SEVERITY_INFO, SK_VERDICT_SEVERITY_BLOCKING);
      reason->line = (gint) _sk_refund_json_int (item, "line");
      reason->text = g_strdup (json_object_get_string_member_with_default (item, "text", ""));
      g_ptr_array_add (verdict->reasons, reason);
    }

  array = json_object_has_member (root, "lines") ? json_object_get_array_member (root, "lines") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      SkVerdictLine line = { 0 };

      if (item == NULL)
        continue;
      line.item_remote_id = _sk_refund_json_int (item, "item");
      line.quantity = _sk_refund_json_int (item, "quantity");
      line.gross_total = _sk_refund_json_int (item, "gross_total");
      line.gross_tax = _sk_refund_json_int (item, "gross_tax");
      line.fee_total = _sk_refund_json_int (item, "fee_total");
      line.fee_tax = _sk_refund_json_int (item, "fee_tax");
      line.refund_total = _sk_refund_json_int (item, "refund_total");
      line.refund_tax = _sk_refund_json_int (item, "refund_tax");
      line.out_of_policy = json_object_get_boolean_member_with_default (item, "out_of_policy", FALSE);
      g_array_append_val (verdict->lines, line);
    }

  return verdict;
}
