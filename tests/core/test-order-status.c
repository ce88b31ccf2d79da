/* test-order-status.c — labels and rules of WooCommerce order statuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-order-status.h"
#include "sk-test-utils.h"

static void
test_labels (void)
{
  static const struct { const char *slug; const char *label; } cases[] = {
    { "pending", "Pending payment" },
    { "processing", "Processing" },
    { "on-hold", "On hold" },
    { "completed", "Completed" },
    { "cancelled", "Cancelled" },
    { "refunded", "Refunded" },
    { "failed", "Failed" },
    { "checkout-draft", "Draft" },
    { "trash", "Trash" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (sk_order_status_get_label (cases[i].slug), ==, cases[i].label);
}

static void
test_unknown_label (void)
{
  const char *slug = "awaiting-shipment";

  /* A plugin's status is shown as its slug, the very same string. */
  g_assert_true (sk_order_status_get_label (slug) == slug);
  g_assert_cmpstr (sk_order_status_get_label (""), ==, "");
  /* Slugs are case-sensitive in WooCommerce. */
  g_assert_cmpstr (sk_order_status_get_label ("Completed"), ==, "Completed");
  g_assert_cmpstr (sk_order_status_get_label ("wc-completed"), ==, "wc-completed");
}

static void
test_is_open (void)
{
  g_assert_true (sk_order_status_is_open ("pending"));
  g_assert_true (sk_order_status_is_open ("processing"));
  g_assert_true (sk_order_status_is_open ("on-hold"));

  g_assert_false (sk_order_status_is_open ("completed"));
  g_assert_false (sk_order_status_is_open ("cancelled"));
  g_assert_false (sk_order_status_is_open ("refunded"));
  g_assert_false (sk_order_status_is_open ("failed"));
  g_assert_false (sk_order_status_is_open ("trash"));
  g_assert_false (sk_order_status_is_open ("checkout-draft"));
  g_assert_false (sk_order_status_is_open ("awaiting-shipment"));
  g_assert_false (sk_order_status_is_open (""));
  g_assert_false (sk_order_status_is_open (NULL));
}

static void
test_known (void)
{
  const char * const *known = sk_order_status_get_known ();
  guint n = 0;

  g_assert_nonnull (known);
  for (; known[n] != NULL; n++)
    {
      /* Every known slug has a label of its own, distinct from the slug. */
      g_assert_cmpstr (sk_order_status_get_label (known[n]), !=, known[n]);

      for (guint j = 0; j < n; j++)
        g_assert_cmpstr (known[j], !=, known[n]);
    }

  g_assert_cmpuint (n, ==, 9);
  g_assert_true (g_strv_contains (known, "pending"));
  g_assert_true (g_strv_contains (known, "on-hold"));
  g_assert_true (g_strv_contains (known, "checkout-draft"));
  g_assert_true (g_strv_contains (known, "trash"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/order-status/labels", test_labels);
  g_test_add_func ("/order-status/unknown", test_unknown_label);
  g_test_add_func ("/order-status/is-open", test_is_open);
  g_test_add_func ("/order-status/known", test_known);

  return g_test_run ();
}
