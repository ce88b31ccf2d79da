/* test-ui-helpers.c — UI logic that needs no display: the sort probe and
 * the formatting closures of the .ui files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>

#include "sk-money.h"
#include "sk-column-sorter.h"
#include "sk-order-status.h"
#include "sk-time.h"
#include "sk-ui-format.h"

/* A sorter that negates another, as GtkColumnViewSorter does for a column
 * sorted descending. */
#define TEST_TYPE_INVERT (test_invert_get_type ())
G_DECLARE_FINAL_TYPE (TestInvert, test_invert, TEST, INVERT, GtkSorter)

struct _TestInvert
{
  GtkSorter  parent_instance;
  GtkSorter *inner;
};

G_DEFINE_FINAL_TYPE (TestInvert, test_invert, GTK_TYPE_SORTER)

static GtkOrdering
test_invert_compare (GtkSorter *sorter,
                     gpointer   a,
                     gpointer   b)
{
  return -gtk_sorter_compare (TEST_INVERT (sorter)->inner, a, b);
}

static void
test_invert_dispose (GObject *object)
{
  g_clear_object (&TEST_INVERT (object)->inner);

  G_OBJECT_CLASS (test_invert_parent_class)->dispose (object);
}

static void
test_invert_class_init (TestInvertClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_invert_dispose;
  GTK_SORTER_CLASS (klass)->compare = test_invert_compare;
}

static void
test_invert_init (TestInvert *self)
{
}

static GtkSorter *
test_invert_new (GtkSorter *inner)
{
  TestInvert *self = g_object_new (TEST_TYPE_INVERT, NULL);

  self->inner = inner;

  return GTK_SORTER (self);
}

static void
test_probe_primary_ascending (void)
{
  g_autoptr(GtkMultiSorter) multi = gtk_multi_sorter_new ();
  int sort = SK_ORDER_SORT_DATE;
  gboolean descending = TRUE;

  /* The first sorter of the chain decides, whatever the others are. */
  gtk_multi_sorter_append (multi, GTK_SORTER (sk_column_sorter_new (SK_ORDER_SORT_TOTAL)));
  gtk_multi_sorter_append (multi, GTK_SORTER (sk_column_sorter_new (SK_ORDER_SORT_CUSTOMER)));

  g_assert_true (sk_column_sorter_probe (GTK_SORTER (multi), &sort, &descending));
  g_assert_cmpint (sort, ==, SK_ORDER_SORT_TOTAL);
  g_assert_false (descending);
}

static void
test_probe_primary_descending (void)
{
  g_autoptr(GtkMultiSorter) multi = gtk_multi_sorter_new ();
  int sort = SK_ORDER_SORT_DATE;
  gboolean descending = FALSE;

  gtk_multi_sorter_append (multi, test_invert_new (GTK_SORTER (sk_column_sorter_new (SK_ORDER_SORT_ITEMS))));
  gtk_multi_sorter_append (multi, GTK_SORTER (sk_column_sorter_new (SK_ORDER_SORT_NUMBER)));

  g_assert_true (sk_column_sorter_probe (GTK_SORTER (multi), &sort, &descending));
  g_assert_cmpint (sort, ==, SK_ORDER_SORT_ITEMS);
  g_assert_true (descending);
}

static void
test_probe_every_column (void)
{
  for (SkOrderSort s = SK_ORDER_SORT_DATE; s <= SK_ORDER_SORT_TOTAL; s++)
    {
      for (guint inverted = 0; inverted < 2; inverted++)
        {
          GtkSorter *column = GTK_SORTER (sk_column_sorter_new (s));
          g_autoptr(GtkSorter) sorter = inverted ? test_invert_new (column) : column;
          int sort = 99;
          gboolean descending = !inverted;

          g_assert_true (sk_column_sorter_probe (sorter, &sort, &descending));
          g_assert_cmpint (sort, ==, s);
          g_assert_cmpint (descending, ==, inverted);
        }
    }
}

static void
test_probe_nothing_sorted (void)
{
  g_autoptr(GtkMultiSorter) multi = gtk_multi_sorter_new ();
  g_autoptr(GtkSorter) other = GTK_SORTER (gtk_string_sorter_new (NULL));
  int sort = SK_ORDER_SORT_STATUS;
  gboolean descending = TRUE;

  /* No column sorted: the outputs stay as they were. */
  g_assert_false (sk_column_sorter_probe (GTK_SORTER (multi), &sort, &descending));
  g_assert_cmpint (sort, ==, SK_ORDER_SORT_STATUS);
  g_assert_true (descending);

  /* A sorter that is not ours never answers for a column. */
  g_assert_false (sk_column_sorter_probe (other, &sort, &descending));
}

static void
count_changed_cb (GtkSorter       *sorter,
                  GtkSorterChange  change,
                  guint           *counter)
{
  (*counter)++;
}

static void
test_sorter_never_reorders_rows (void)
{
  g_autoptr(SkColumnSorter) sorter = sk_column_sorter_new (SK_ORDER_SORT_TOTAL);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  guint changed = 0;

  /* Rows come sorted from SQL: client-side comparisons are all "equal". */
  g_assert_cmpint (gtk_sorter_compare (GTK_SORTER (sorter), a, b), ==, GTK_ORDERING_EQUAL);

  g_signal_connect (sorter, "changed", G_CALLBACK (count_changed_cb), &changed);
  sk_column_sorter_set_key (sorter, SK_ORDER_SORT_TOTAL);
  g_assert_cmpuint (changed, ==, 0);
  sk_column_sorter_set_key (sorter, SK_ORDER_SORT_DATE);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (sk_column_sorter_get_key (sorter), ==, SK_ORDER_SORT_DATE);
}

static void
test_order_count (void)
{
  g_autofree char *one = sk_ui_format_order_count (1);
  g_autofree char *none = sk_ui_format_order_count (0);
  g_autofree char *many = NULL;

  g_assert_cmpstr (one, ==, "1 order");
  g_assert_cmpstr (none, ==, "0 orders");

  if (setlocale (LC_ALL, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("en_US.UTF-8 locale not installed");
      return;
    }

  many = sk_ui_format_order_count (1234567);
  setlocale (LC_ALL, "C.UTF-8");
  g_assert_cmpstr (many, ==, "1,234,567 orders");
}

static void
test_last_synced (void)
{
  g_autofree char *never = sk_ui_format_last_synced (0, 1700000000);
  g_autofree char *recent = sk_ui_format_last_synced (1700000000 - 10, 1700000000);
  g_autofree char *relative = sk_time_format_relative (1700000000 - 10, 1700000000);
  g_autofree char *expected = g_strdup_printf ("Synced %s", relative);

  g_assert_cmpstr (never, ==, "Not synced yet");
  g_assert_cmpstr (recent, ==, expected);
}

static void
test_status_classes (void)
{
  const char * const *known = sk_order_status_get_known ();
  g_auto(GStrv) classes = NULL;

  g_assert_cmpstr (sk_ui_status_css_class ("processing"), ==, "status-processing");
  g_assert_cmpstr (sk_ui_status_css_class ("on-hold"), ==, "status-on-hold");
  g_assert_cmpstr (sk_ui_status_css_class ("checkout-draft"), ==, "status-draft");
  g_assert_cmpstr (sk_ui_status_css_class ("my-plugin-status"), ==, "status-other");
  g_assert_cmpstr (sk_ui_status_css_class (""), ==, "status-other");
  g_assert_cmpstr (sk_ui_status_css_class (NULL), ==, "status-other");

  /* Every status WooCommerce knows has a colour of its own. */
  for (guint i = 0; known[i] != NULL; i++)
    g_assert_cmpstr (sk_ui_status_css_class (known[i]), !=, "status-other");

  classes = sk_ui_status_classes_closure (NULL, "completed");
  g_assert_cmpuint (g_strv_length (classes), ==, 2);
  g_assert_cmpstr (classes[0], ==, "status-pill");
  g_assert_cmpstr (classes[1], ==, "status-completed");
}

static void
test_status_labels (void)
{
  const char * const *known = sk_order_status_get_known ();
  g_autofree char *plugin = sk_ui_format_status_label ("awaiting_pick-up");
  g_autofree char *accented = sk_ui_format_status_label ("élan");
  g_autofree char *empty = sk_ui_format_status_label ("");
  g_autofree char *none = sk_ui_format_status_label (NULL);

  for (guint i = 0; known[i] != NULL; i++)
    {
      g_autofree char *label = sk_ui_format_status_label (known[i]);

      g_assert_cmpstr (label, ==, sk_order_status_get_label (known[i]));
    }

  g_assert_cmpstr (plugin, ==, "Awaiting pick up");
  g_assert_cmpstr (accented, ==, "Élan");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (none, ==, "");
}

static void
test_closures (void)
{
  g_autofree char *money = sk_ui_money_closure (NULL, 2490, "EUR");
  g_autofree char *expected_money = sk_money_format (2490, "EUR");
  g_autofree char *no_currency = sk_ui_money_closure (NULL, -2490, "");
  g_autofree char *null_currency = sk_ui_money_closure (NULL, 5, NULL);
  g_autofree char *date = sk_ui_date_closure (NULL, 1772373909);
  g_autofree char *expected_date = sk_time_format_date (1772373909);
  g_autofree char *no_date = sk_ui_date_closure (NULL, 0);
  g_autofree char *count = sk_ui_count_closure (NULL, 42);
  g_autofree char *label = sk_ui_status_label_closure (NULL, "on-hold");
  g_autofree char *unknown = sk_ui_status_label_closure (NULL, "my-plugin-status");
  g_autofree char *null_label = sk_ui_status_label_closure (NULL, NULL);

  g_assert_cmpstr (money, ==, expected_money);
  /* A damaged row still shows its amount, exactly. */
  g_assert_cmpstr (no_currency, ==, "-24.90");
  g_assert_cmpstr (null_currency, ==, "0.05");
  g_assert_cmpstr (date, ==, expected_date);
  g_assert_cmpstr (no_date, ==, "");
  g_assert_cmpstr (count, ==, "42");
  g_assert_cmpstr (label, ==, sk_order_status_get_label ("on-hold"));
  /* A plugin's slug is made readable rather than shown raw. */
  g_assert_cmpstr (unknown, ==, "My plugin status");
  g_assert_cmpstr (null_label, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/sorter/probe-ascending", test_probe_primary_ascending);
  g_test_add_func ("/ui/sorter/probe-descending", test_probe_primary_descending);
  g_test_add_func ("/ui/sorter/probe-every-column", test_probe_every_column);
  g_test_add_func ("/ui/sorter/probe-nothing-sorted", test_probe_nothing_sorted);
  g_test_add_func ("/ui/sorter/never-reorders", test_sorter_never_reorders_rows);
  g_test_add_func ("/ui/format/order-count", test_order_count);
  g_test_add_func ("/ui/format/last-synced", test_last_synced);
  g_test_add_func ("/ui/format/status-classes", test_status_classes);
  g_test_add_func ("/ui/format/status-labels", test_status_labels);
  g_test_add_func ("/ui/format/closures", test_closures);

  return g_test_run ();
}
