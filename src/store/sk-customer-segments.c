/* sk-customer-segments.c — saved custom segments of customer care
 * (sk-customer-care.h): their criteria as JSON, saving and listing them,
 * and the customers each one holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-care"

#include "config.h"

#include "sk-customer-care.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-customer-care-private.h"
#include "sk-database-private.h"
#include "sk-time.h"

/* Segments */

void
sk_segment_criteria_clear (SkSegmentCriteria *criteria)
{
  g_clear_pointer (&criteria->category, g_free);
  g_clear_pointer (&criteria->tag, g_free);
  memset (criteria, 0, sizeof *criteria);
}

char *
sk_segment_criteria_to_json (const SkSegmentCriteria *criteria)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (criteria != NULL, NULL);

  json_builder_begin_object (builder);
  if (criteria->min_spent > 0)
    {
      json_builder_set_member_name (builder, "min_spent");
      json_builder_add_int_value (builder, criteria->min_spent);
    }
  if (criteria->min_orders > 0)
    {
      json_builder_set_member_name (builder, "min_orders");
      json_builder_add_int_value (builder, criteria->min_orders);
    }
  if (criteria->last_order_before > 0)
    {
      json_builder_set_member_name (builder, "last_order_before");
      json_builder_add_int_value (builder, criteria->last_order_before);
    }
  if (criteria->product_id > 0)
    {
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_int_value (builder, criteria->product_id);
    }
  if (criteria->category != NULL && *criteria->category != '\0')
    {
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, criteria->category);
    }
  if (criteria->has_consent)
    {
      json_builder_set_member_name (builder, "has_consent");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (criteria->tag != NULL && *criteria->tag != '\0')
    {
      json_builder_set_member_name (builder, "tag");
      json_builder_add_string_value (builder, criteria->tag);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
read_int_member (JsonObject  *object,
                 const char  *name,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("The segment’s “%s” is not a whole number of zero or more."), name);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_string_member (JsonObject  *object,
                    const char  *name,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("The segment’s “%s” is not text."), name);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
sk_segment_criteria_from_json (const char         *json,
                               SkSegmentCriteria  *criteria,
                               GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(SkSegmentCriteria) parsed = { 0 };
  JsonObject *object;
  JsonNode *consent;

  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (criteria != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The segment’s definition is damaged."));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (!read_int_member (object, "min_spent", &parsed.min_spent, error) ||
      !read_int_member (object, "min_orders", &parsed.min_orders, error) ||
      !read_int_member (object, "last_order_before", &parsed.last_order_before, error) ||
      !read_int_member (object, "product_id", &parsed.product_id, error) ||
      !read_string_member (object, "category", &parsed.category, error) ||
      !read_string_member (object, "tag", &parsed.tag, error))
    return FALSE;

  consent = json_object_get_member (object, "has_consent");
  if (consent != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (consent) || json_node_get_value_type (consent) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                               _("The segment’s “has_consent” is not true or false."));
          return FALSE;
        }
      parsed.has_consent = json_node_get_boolean (consent);
    }

  *criteria = parsed;
  memset (&parsed, 0, sizeof parsed);

  return TRUE;
}

void
sk_saved_segment_free (SkSavedSegment *segment)
{
  if (segment == NULL)
    return;

  g_free (segment->name);
  sk_segment_criteria_clear (&segment->criteria);
  g_free (segment);
}

gint64
sk_customer_care_save_segment (SkDatabase               *database,
                               gint64                    segment_id,
                               const char               *name,
                               const SkSegmentCriteria  *criteria,
                               GError                  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *json = NULL;
  g_autofree char *subject = NULL;
  gboolean own;
  gboolean ok = FALSE;
  gint64 id = segment_id;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (criteria != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  clean = _sk_customer_care_clean_text (name, 200, _("The segment needs a name."),
                                        _("The segment’s name is too long."), error);
  if (clean == NULL)
    return 0;

  json = sk_segment_criteria_to_json (criteria);

  if (!_sk_customer_care_begin_own (database, &own, error))
    return 0;

  if (segment_id > 0)
    stmt = _sk_database_prepare (database,
                                 "UPDATE customer_segments SET name = ?2, definition = ?3, updated_at = ?4"
                                 " WHERE id = ?1",
                                 error);
  else
    stmt = _sk_database_prepare (database,
                                 "INSERT INTO customer_segments (name, definition, created_at, updated_at)"
                                 " VALUES (?2, ?3, ?4, ?4)",
                                 error);
  if (stmt == NULL)
    goto out;

  sqlite3_bind_int64 (stmt, 1, segment_id);
  _sk_database_bind_text (stmt, 2, clean);
  _sk_database_bind_text (stmt, 3, json);
  sqlite3_bind_int64 (stmt, 4, sk_time_now_utc ());
  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("There is already a segment called “%s”."), clean);
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the segment"));
      goto out;
    }
  if (segment_id > 0 && sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("The segment no longer exists."));
      goto out;
    }
  if (segment_id <= 0)
    id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));

  subject = g_strdup_printf ("segment #%" G_GINT64_FORMAT, id);
  ok = _sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database),
                                     "customers.segment-saved", subject, json, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return _sk_customer_care_finish_own (database, own, ok, error) ? id : 0;
}

gboolean
sk_customer_care_delete_segment (SkDatabase  *database,
                                 gint64       segment_id,
                                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *subject = NULL;
  gboolean own;
  gboolean ok = FALSE;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);

  if (!_sk_customer_care_begin_own (database, &own, error))
    return FALSE;

  stmt = _sk_database_prepare (database, "DELETE FROM customer_segments WHERE id = ?1", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, segment_id);
  if (!_sk_customer_care_step_done (database, stmt, _("Could not delete the segment"), error))
    goto out;

  subject = g_strdup_printf ("segment #%" G_GINT64_FORMAT, segment_id);
  ok = sqlite3_changes (_sk_database_get_handle (database)) == 0 ||
       _sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database),
                                     "customers.segment-deleted", subject, "", error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return _sk_customer_care_finish_own (database, own, ok, error);
}

GPtrArray *
sk_customer_care_list_segments (SkDatabase  *database,
                                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT id, name, definition FROM customer_segments ORDER BY name COLLATE NOCASE, id",
                               error);
  if (stmt == NULL)
    return NULL;

  segments = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_saved_segment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(SkSavedSegment) segment = g_new0 (SkSavedSegment, 1);

      segment->id = sqlite3_column_int64 (stmt, 0);
      segment->name = g_strdup (_sk_database_column_text (stmt, 1));
      if (!sk_segment_criteria_from_json (_sk_database_column_text (stmt, 2), &segment->criteria, error))
        return NULL;
      g_ptr_array_add (segments, g_steal_pointer (&segment));
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the segments"));
      return NULL;
    }

  return g_steal_pointer (&segments);
}

/* Local ids of the counted orders with an item of @product_id or from
 * @category. */
static GHashTable *
load_bought_orders (SkDatabase               *database,
                    const SkSegmentCriteria  *criteria,
                    GError                  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT DISTINCT i.order_id FROM order_items AS i"
                               "  JOIN orders AS o ON o.id = i.order_id"
                               " WHERE " COUNTED_STATUS_SQL
                               "   AND (?1 = 0 OR i.product_remote_id = ?1)"
                               "   AND (?2 IS NULL OR i.product_remote_id IN"
                               "        (SELECT p.remote_id FROM product_categories AS c"
                               "           JOIN products AS p ON p.id = c.product_id"
                               "          WHERE c.name = ?2 AND p.store_id = o.store_id))",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, criteria->product_id);
  if (criteria->category != NULL && *criteria->category != '\0')
    sqlite3_bind_text (stmt, 2, criteria->category, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (orders, g_memdup2 ((gint64[]) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return NULL;
    }

  return g_steal_pointer (&orders);
}

GArray *
sk_customer_care_query_criteria_ids (SkDatabase               *database,
                                     const SkSegmentCriteria  *criteria,
                                     GError                  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) bought = NULL;
  g_autoptr(GArray) ids = NULL;
  gboolean by_product;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (criteria != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  by_product = criteria->product_id > 0 || (criteria->category != NULL && *criteria->category != '\0');
  if (by_product)
    {
      bought = load_bought_orders (database, criteria, error);
      if (bought == NULL)
        return NULL;
    }

  /* Consent is the newest record of the profile's own address, as in
   * sk_customer_care_load (). */
  stmt = _sk_database_prepare (database,
                               "SELECT p.id, p.order_ids FROM customer_profiles AS p"
                               " WHERE (?1 <= 0 OR p.lifetime_value > ?1)"
                               "   AND (?2 <= 0 OR p.order_count >= ?2)"
                               "   AND (?3 <= 0 OR (p.order_count > 0 AND p.last_order < ?3))"
                               "   AND (?4 = 0 OR (SELECT c.state FROM customer_refs AS r"
                               "                     JOIN customer_consent AS c ON c.ref_id = r.id"
                               "                    WHERE r.store_id = p.store_id AND r.email_key = p.email_key"
                               "                    ORDER BY c.id DESC LIMIT 1) = 1)"
                               "   AND (?5 IS NULL OR EXISTS (SELECT 1 FROM customer_refs AS r"
                               "                     JOIN customer_tags AS t ON t.ref_id = r.id"
                               "                    WHERE r.store_id = p.store_id AND r.email_key = p.email_key"
                               "                      AND t.tag = ?5))"
                               " ORDER BY p.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, criteria->min_spent);
  sqlite3_bind_int64 (stmt, 2, criteria->min_orders);
  sqlite3_bind_int64 (stmt, 3, criteria->last_order_before);
  sqlite3_bind_int (stmt, 4, criteria->has_consent ? 1 : 0);
  if (criteria->tag != NULL && *criteria->tag != '\0')
    sqlite3_bind_text (stmt, 5, criteria->tag, -1, SQLITE_STATIC);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (by_product)
        {
          const guint8 *blob = sqlite3_column_blob (stmt, 1);
          gsize n = (gsize) sqlite3_column_bytes (stmt, 1) / sizeof (gint64);
          gboolean found = FALSE;

          /* The profile's order ids (see 005-customers.sql). */
          for (gsize i = 0; i < n && !found; i++)
            {
              gint64 order_id;

              memcpy (&order_id, blob + i * sizeof (gint64), sizeof order_id);
              order_id = GINT64_FROM_LE (order_id);
              found = g_hash_table_contains (bought, &order_id);
            }
          if (!found)
            continue;
        }

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not search the customers"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

GArray *
sk_customer_care_query_segment_ids (SkDatabase  *database,
                                    gint64       segment_id,
                                    GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_auto(SkSegmentCriteria) criteria = { 0 };
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _sk_database_prepare (database, "SELECT definition FROM customer_segments WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, segment_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                             _("The segment no longer exists."));
      else
        _sk_database_set_error (database, error, rc, _("Could not read the segment"));
      return NULL;
    }

  if (!sk_segment_criteria_from_json (_sk_database_column_text (stmt, 0), &criteria, error))
    return NULL;
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  return sk_customer_care_query_criteria_ids (database, &criteria, error);
}

GStrv
sk_customer_care_list_categories (SkDatabase  *database,
                                  GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return _sk_customer_care_list_strings (database,
                                         "SELECT DISTINCT name FROM product_categories"
                                         " ORDER BY name COLLATE NOCASE, name",
                                         _("Could not read the product categories"), error);
}

char *
sk_customer_care_get_currency (SkDatabase *database)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), g_strdup (""));

  stmt = _sk_database_prepare (database, "SELECT currency FROM daily_sales LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup (_sk_database_column_text (stmt, 0));
}
