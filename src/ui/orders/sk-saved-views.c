/* sk-saved-views.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-saved-views"

#include "config.h"

#include "sk-saved-views.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sk-database.h"
#include "sk-shop-settings.h"

static const char * const sort_names[] = {
  [SK_ORDER_SORT_DATE] = "date",
  [SK_ORDER_SORT_NUMBER] = "number",
  [SK_ORDER_SORT_CUSTOMER] = "customer",
  [SK_ORDER_SORT_STATUS] = "status",
  [SK_ORDER_SORT_ITEMS] = "items",
  [SK_ORDER_SORT_TOTAL] = "total",
};

SkSavedView *
sk_saved_view_new (const char *name)
{
  SkSavedView *view = g_new0 (SkSavedView, 1);

  view->name = g_strdup (name != NULL ? name : "");
  view->date_preset = SK_DATE_PRESET_ANY;
  g_date_clear (&view->first, 1);
  g_date_clear (&view->last, 1);
  view->sort = SK_ORDER_SORT_DATE;
  view->descending = TRUE;

  return view;
}

SkSavedView *
sk_saved_view_copy (const SkSavedView *view)
{
  SkSavedView *copy;

  g_return_val_if_fail (view != NULL, NULL);

  copy = g_new0 (SkSavedView, 1);
  *copy = *view;
  copy->name = g_strdup (view->name);
  copy->search = g_strdup (view->search);
  copy->status = g_strdup (view->status);
  copy->payment_method = g_strdup (view->payment_method);
  copy->product_name = g_strdup (view->product_name);
  copy->customer_email = g_strdup (view->customer_email);

  return copy;
}

void
sk_saved_view_free (SkSavedView *view)
{
  if (view == NULL)
    return;

  g_free (view->name);
  g_free (view->search);
  g_free (view->status);
  g_free (view->payment_method);
  g_free (view->product_name);
  g_free (view->customer_email);
  g_free (view);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  const char *value = member_string (object, name);

  return value != NULL && value[0] != '\0' && g_utf8_validate (value, -1, NULL) ? g_strdup (value) : NULL;
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  unsigned int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);

  return TRUE;
}

static SkSavedView *
parse_view (JsonNode *node)
{
  g_autoptr(SkSavedView) view = NULL;
  JsonObject *object;
  const char *name;
  const char *text;
  JsonNode *member;
  int preset;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  name = member_string (object, "name");
  if (name == NULL || name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
    return NULL;

  view = sk_saved_view_new (name);
  view->search = member_text (object, "search");
  view->status = member_text (object, "status");
  view->payment_method = member_text (object, "payment_method");
  view->product_name = member_text (object, "product_name");
  view->customer_email = member_text (object, "customer_email");

  member = json_object_get_member (object, "attention");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
    view->attention = (guint) CLAMP (json_node_get_int (member), 0, 0xff);

  member = json_object_get_member (object, "product");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
    view->product_remote_id = MAX (json_node_get_int (member), 0);

  preset = sk_date_preset_from_string (member_string (object, "dates"));
  view->date_preset = preset >= 0 ? (SkDatePreset) preset : SK_DATE_PRESET_ANY;
  if (view->date_preset == SK_DATE_PRESET_CUSTOM
      && (!parse_day (member_string (object, "from"), &view->first)
          || !parse_day (member_string (object, "to"), &view->last)))
    return NULL;

  text = member_string (object, "sort");
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (text, sort_names[i]))
      view->sort = (SkOrderSort) i;

  member = json_object_get_member (object, "descending");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    view->descending = json_node_get_boolean (member);

  return g_steal_pointer (&view);
}

GPtrArray *
sk_saved_views_from_json (const char  *json,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_saved_view_free);
  JsonNode *root;
  JsonNode *list;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (list = json_object_get_member (json_node_get_object (root), "views")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved views cannot be read"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      SkSavedView *view = parse_view (json_array_get_element (json_node_get_array (list), i));

      if (view == NULL)
        {
          g_message ("Skipping saved view %u: not a view", i);
          continue;
        }
      g_ptr_array_add (views, view);
    }

  return g_steal_pointer (&views);
}

static void
add_day (JsonBuilder *builder,
         const char  *name,
         const GDate *date)
{
  char text[16];

  g_snprintf (text, sizeof text, "%04u-%02u-%02u",
              (guint) g_date_get_year (date), (guint) g_date_get_month (date), (guint) g_date_get_day (date));
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

char *
sk_saved_views_to_json (GPtrArray *views)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (views != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "views");
  json_builder_begin_array (builder);
  for (guint i = 0; i < views->len; i++)
    {
      const SkSavedView *view = views->pdata[i];

      json_builder_begin_object (builder);
      add_text (builder, "name", view->name);
      add_text (builder, "search", view->search);
      add_text (builder, "status", view->status);
      json_builder_set_member_name (builder, "dates");
      json_builder_add_string_value (builder, sk_date_preset_to_string (view->date_preset));
      if (view->date_preset == SK_DATE_PRESET_CUSTOM
          && g_date_valid (&view->first) && g_date_valid (&view->last))
        {
          add_day (builder, "from", &view->first);
          add_day (builder, "to", &view->last);
        }
      add_text (builder, "payment_method", view->payment_method);
      if (view->product_remote_id > 0)
        {
          json_builder_set_member_name (builder, "product");
          json_builder_add_int_value (builder, view->product_remote_id);
          add_text (builder, "product_name", view->product_name);
        }
      add_text (builder, "customer_email", view->customer_email);
      if (view->attention != 0)
        {
          json_builder_set_member_name (builder, "attention");
          json_builder_add_int_value (builder, view->attention);
        }
      json_builder_set_member_name (builder, "sort");
      json_builder_add_string_value (builder, sort_names[CLAMP (view->sort, SK_ORDER_SORT_DATE, SK_ORDER_SORT_TOTAL)]);
      json_builder_set_member_name (builder, "descending");
      json_builder_add_boolean_value (builder, view->descending);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

GPtrArray *
sk_saved_views_load (SkDatabase  *database,
                     GError     **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json = sk_shop_settings_get_string (database, SK_SAVED_VIEWS_KEY, NULL);
  if (json == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_saved_view_free);

  return sk_saved_views_from_json (json, error);
}

static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *copy = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A view needs a name"));
      return NULL;
    }

  copy = g_strstrip (g_strdup (name));
  if (copy[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A view needs a name"));
      return NULL;
    }

  if (g_utf8_strlen (copy, -1) > SK_SAVED_VIEW_MAX_NAME)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A view’s name can have at most %d character",
                                "A view’s name can have at most %d characters",
                                SK_SAVED_VIEW_MAX_NAME),
                   SK_SAVED_VIEW_MAX_NAME);
      return NULL;
    }

  return g_steal_pointer (&copy);
}

static gint
find_view (GPtrArray  *views,
           const char *name)
{
  g_autofree char *key = g_utf8_casefold (name, -1);

  for (guint i = 0; i < views->len; i++)
    {
      g_autofree char *other = g_utf8_casefold (((SkSavedView *) views->pdata[i])->name, -1);

      if (g_str_equal (key, other))
        return (gint) i;
    }

  return -1;
}

static gboolean
store_views (SkDatabase  *writer,
             GPtrArray   *views,
             GError     **error)
{
  g_autofree char *json = sk_saved_views_to_json (views);

  return sk_shop_settings_set_string (writer, SK_SAVED_VIEWS_KEY, json, NULL, error);
}

gboolean
sk_saved_views_put (SkDatabase         *writer,
                    const SkSavedView  *view,
                    GError            **error)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autofree char *name = NULL;
  SkSavedView *copy;
  gint index;

  g_return_val_if_fail (SK_IS_DATABASE (writer), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(name = clean_name (view->name, error)))
    return FALSE;
  if (!(views = sk_saved_views_load (writer, error)))
    return FALSE;

  copy = sk_saved_view_copy (view);
  g_free (copy->name);
  copy->name = g_steal_pointer (&name);

  index = find_view (views, copy->name);
  if (index >= 0)
    {
      sk_saved_view_free (views->pdata[index]);
      views->pdata[index] = copy;
    }
  else if (views->len >= SK_SAVED_VIEWS_MAX)
    {
      sk_saved_view_free (copy);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "There can be at most %d saved view; delete one first",
                                "There can be at most %d saved views; delete one first",
                                SK_SAVED_VIEWS_MAX),
                   SK_SAVED_VIEWS_MAX);
      return FALSE;
    }
  else
    g_ptr_array_add (views, copy);

  return store_views (writer, views, error);
}

gboolean
sk_saved_views_rename (SkDatabase  *writer,
                       const char  *name,
                       const char  *new_name,
                       GError     **error)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autofree char *clean = NULL;
  SkSavedView *view;
  gint index;
  gint other;

  g_return_val_if_fail (SK_IS_DATABASE (writer), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(clean = clean_name (new_name, error)))
    return FALSE;
  if (!(views = sk_saved_views_load (writer, error)))
    return FALSE;

  index = find_view (views, name);
  if (index < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is the name of a saved view. */
                   _("There is no view called “%s”"), name);
      return FALSE;
    }

  other = find_view (views, clean);
  if (other >= 0 && other != index)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   /* Translators: %s is the name of a saved view. */
                   _("There already is a view called “%s”"), clean);
      return FALSE;
    }

  view = views->pdata[index];
  g_free (view->name);
  view->name = g_steal_pointer (&clean);

  return store_views (writer, views, error);
}

gboolean
sk_saved_views_delete (SkDatabase  *writer,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GPtrArray) views = NULL;
  gint index;

  g_return_val_if_fail (SK_IS_DATABASE (writer), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(views = sk_saved_views_load (writer, error)))
    return FALSE;

  index = find_view (views, name);
  if (index < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is the name of a saved view. */
                   _("There is no view called “%s”"), name);
      return FALSE;
    }

  g_ptr_array_remove_index (views, (guint) index);

  return store_views (writer, views, error);
}
