/* test-saved-views.c — saved views of the orders area: kept in the shop's
 * settings as JSON, round trip, rename, delete, limits; date presets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-database.h"
#include "sk-saved-views.h"
#include "sk-shop-settings.h"
#include "sk-test-utils.h"

typedef struct
{
  char       *dir;
  SkDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sk_test_make_temp_dir ();
  path = g_build_filename (f->dir, "shopkeeper.db", NULL);
  f->db = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sk_database_set_actor (f->db, "Ada");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
}

static SkSavedView *
full_view (const char *name)
{
  SkSavedView *view = sk_saved_view_new (name);

  view->search = g_strdup ("mug \"blue\"");
  view->status = g_strdup ("awaiting-shipment");
  view->date_preset = SK_DATE_PRESET_CUSTOM;
  g_date_set_dmy (&view->first, 1, G_DATE_MARCH, 2026);
  g_date_set_dmy (&view->last, 31, G_DATE_MARCH, 2026);
  view->payment_method = g_strdup ("stripe");
  view->product_remote_id = 854;
  view->product_name = g_strdup ("Tea Lover's Gift Box");
  view->customer_email = g_strdup ("Zoë@example.com");
  view->attention = 0x2 | 0x8;
  view->sort = SK_ORDER_SORT_TOTAL;
  view->descending = FALSE;

  return view;
}

static void
assert_same_view (const SkSavedView *a,
                  const SkSavedView *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->search, ==, b->search);
  g_assert_cmpstr (a->status, ==, b->status);
  g_assert_cmpint (a->date_preset, ==, b->date_preset);
  if (a->date_preset == SK_DATE_PRESET_CUSTOM)
    {
      g_assert_cmpint (g_date_compare (&a->first, &b->first), ==, 0);
      g_assert_cmpint (g_date_compare (&a->last, &b->last), ==, 0);
    }
  g_assert_cmpstr (a->payment_method, ==, b->payment_method);
  g_assert_cmpint (a->product_remote_id, ==, b->product_remote_id);
  g_assert_cmpstr (a->product_name, ==, b->product_name);
  g_assert_cmpstr (a->customer_email, ==, b->customer_email);
  g_assert_cmpuint (a->attention, ==, b->attention);
  g_assert_cmpint (a->sort, ==, b->sort);
  g_assert_cmpint (a->descending, ==, b->descending);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSavedView) full = full_view ("To pack — Stripe");
  g_autoptr(SkSavedView) plain = sk_saved_view_new ("Last week");
  g_autoptr(GPtrArray) views = NULL;
  g_auto(GStrv) keys = NULL;

  plain->date_preset = SK_DATE_PRESET_LAST_7_DAYS;

  views = sk_saved_views_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 0);
  g_clear_pointer (&views, g_ptr_array_unref);

  g_assert_true (sk_saved_views_put (f->db, full, &error));
  g_assert_no_error (error);
  g_assert_true (sk_saved_views_put (f->db, plain, &error));
  g_assert_no_error (error);

  views = sk_saved_views_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 2);
  assert_same_view (views->pdata[0], full);
  assert_same_view (views->pdata[1], plain);

  /* In the shop's settings, so every desk of the shop sees them. */
  keys = sk_shop_settings_list_keys (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) keys, SK_SAVED_VIEWS_KEY));
}

static void
test_replace_rename_delete (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSavedView) a = sk_saved_view_new ("  Open orders ");
  g_autoptr(SkSavedView) b = sk_saved_view_new ("Refunds");
  g_autoptr(SkSavedView) again = sk_saved_view_new ("OPEN ORDERS");
  g_autoptr(GPtrArray) views = NULL;

  a->status = g_strdup ("processing");
  again->status = g_strdup ("on-hold");
  g_assert_true (sk_saved_views_put (f->db, a, &error));
  g_assert_true (sk_saved_views_put (f->db, b, &error));
  /* The same name, whatever its case, replaces the view in its place. */
  g_assert_true (sk_saved_views_put (f->db, again, &error));
  g_assert_no_error (error);

  views = sk_saved_views_load (f->db, &error);
  g_assert_cmpuint (views->len, ==, 2);
  g_assert_cmpstr (((SkSavedView *) views->pdata[0])->name, ==, "OPEN ORDERS");
  g_assert_cmpstr (((SkSavedView *) views->pdata[0])->status, ==, "on-hold");
  g_clear_pointer (&views, g_ptr_array_unref);

  /* Renaming onto another view's name is refused; to its own is fine. */
  g_assert_false (sk_saved_views_rename (f->db, "open orders", "refunds", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sk_saved_views_rename (f->db, "nothing", "Else", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sk_saved_views_rename (f->db, "open orders", "On hold", &error));
  g_assert_no_error (error);

  g_assert_true (sk_saved_views_delete (f->db, "refunds", &error));
  g_assert_no_error (error);
  g_assert_false (sk_saved_views_delete (f->db, "refunds", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  views = sk_saved_views_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 1);
  g_assert_cmpstr (((SkSavedView *) views->pdata[0])->name, ==, "On hold");
  g_assert_cmpstr (((SkSavedView *) views->pdata[0])->status, ==, "on-hold");
}

static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSavedView) blank = sk_saved_view_new ("   ");
  g_autoptr(SkSavedView) longer = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GPtrArray) views = NULL;

  g_assert_false (sk_saved_views_put (f->db, blank, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  for (guint i = 0; i <= SK_SAVED_VIEW_MAX_NAME; i++)
    g_string_append (name, "é");
  longer = sk_saved_view_new (name->str);
  g_assert_false (sk_saved_views_put (f->db, longer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  for (guint i = 0; i < SK_SAVED_VIEWS_MAX; i++)
    {
      g_autofree char *n = g_strdup_printf ("View %u", i);
      g_autoptr(SkSavedView) view = sk_saved_view_new (n);

      g_assert_true (sk_saved_views_put (f->db, view, &error));
      g_assert_no_error (error);
    }

  {
    g_autoptr(SkSavedView) one_more = sk_saved_view_new ("One more");
    g_autoptr(SkSavedView) replacing = sk_saved_view_new ("view 3");

    g_assert_false (sk_saved_views_put (f->db, one_more, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    /* Replacing one is still possible at the limit. */
    g_assert_true (sk_saved_views_put (f->db, replacing, &error));
    g_assert_no_error (error);
  }

  views = sk_saved_views_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, SK_SAVED_VIEWS_MAX);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = NULL;

  /* One good view among broken ones: the good one survives. */
  views = sk_saved_views_from_json ("{\"views\": [42, {\"name\": \"\"}, {\"name\": \"Custom\", \"dates\": \"custom\","
                                    " \"from\": \"2026-02-30\", \"to\": \"2026-03-01\"},"
                                    " {\"name\": \"Good\", \"sort\": \"bogus\", \"product\": \"12\", \"dates\": \"never\"}]}",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 1);
  g_assert_cmpstr (((SkSavedView *) views->pdata[0])->name, ==, "Good");
  g_assert_cmpint (((SkSavedView *) views->pdata[0])->sort, ==, SK_ORDER_SORT_DATE);
  g_assert_cmpint (((SkSavedView *) views->pdata[0])->product_remote_id, ==, 0);
  g_assert_cmpint (((SkSavedView *) views->pdata[0])->date_preset, ==, SK_DATE_PRESET_ANY);
  g_clear_pointer (&views, g_ptr_array_unref);

  views = sk_saved_views_from_json ("not json", &error);
  g_assert_null (views);
  g_assert_nonnull (error);
  g_clear_error (&error);

  views = sk_saved_views_from_json ("[]", &error);
  g_assert_null (views);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
assert_range (SkDatePreset preset,
              const char  *today,
              const char  *first,
              const char  *last)
{
  GDate t, a, b;
  char fa[16], fb[16];

  g_date_clear (&t, 1);
  g_date_set_parse (&t, today);
  g_assert_true (g_date_valid (&t));
  g_assert_true (sk_date_preset_resolve (preset, &t, &a, &b));
  g_date_strftime (fa, sizeof fa, "%Y-%m-%d", &a);
  g_date_strftime (fb, sizeof fb, "%Y-%m-%d", &b);
  g_assert_cmpstr (fa, ==, first);
  g_assert_cmpstr (fb, ==, last);
}

static void
test_date_presets (void)
{
  GDate t, a, b;

  assert_range (SK_DATE_PRESET_TODAY, "2026-03-15", "2026-03-15", "2026-03-15");
  assert_range (SK_DATE_PRESET_LAST_7_DAYS, "2026-03-03", "2026-02-25", "2026-03-03");
  assert_range (SK_DATE_PRESET_LAST_30_DAYS, "2026-03-15", "2026-02-14", "2026-03-15");
  assert_range (SK_DATE_PRESET_THIS_MONTH, "2026-03-15", "2026-03-01", "2026-03-15");
  assert_range (SK_DATE_PRESET_LAST_MONTH, "2026-03-31", "2026-02-01", "2026-02-28");
  assert_range (SK_DATE_PRESET_LAST_MONTH, "2026-01-10", "2025-12-01", "2025-12-31");
  assert_range (SK_DATE_PRESET_LAST_MONTH, "2024-03-31", "2024-02-01", "2024-02-29");
  assert_range (SK_DATE_PRESET_THIS_YEAR, "2026-03-15", "2026-01-01", "2026-03-15");

  g_date_clear (&t, 1);
  g_date_set_dmy (&t, 15, G_DATE_MARCH, 2026);
  g_assert_false (sk_date_preset_resolve (SK_DATE_PRESET_ANY, &t, &a, &b));
  g_assert_false (sk_date_preset_resolve (SK_DATE_PRESET_CUSTOM, &t, &a, &b));

  for (int p = SK_DATE_PRESET_ANY; p <= SK_DATE_PRESET_LAST; p++)
    g_assert_cmpint (sk_date_preset_from_string (sk_date_preset_to_string (p)), ==, p);
  g_assert_cmpint (sk_date_preset_from_string ("yesterday"), ==, -1);
  g_assert_cmpint (sk_date_preset_from_string (NULL), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/orders/saved-views/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/orders/saved-views/replace-rename-delete", Fixture, NULL, fixture_set_up, test_replace_rename_delete, fixture_tear_down);
  g_test_add ("/orders/saved-views/limits", Fixture, NULL, fixture_set_up, test_limits, fixture_tear_down);
  g_test_add ("/orders/saved-views/damaged", Fixture, NULL, fixture_set_up, test_damaged, fixture_tear_down);
  g_test_add_func ("/orders/saved-views/date-presets", test_date_presets);

  return g_test_run ();
}
