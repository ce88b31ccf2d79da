/* sk-order-status.c — WooCommerce order statuses for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-status"

#include "config.h"

#include "sk-order-status.h"

#include <glib/gi18n.h>
#include <string.h>

/* WooCommerce's own statuses (wc_get_order_statuses() plus the trash and
 * the block checkout's draft), in the order WooCommerce lists them. */
static const char * const known_statuses[] = {
  "pending",
  "processing",
  "on-hold",
  "completed",
  "cancelled",
  "refunded",
  "failed",
  "checkout-draft",
  "trash",
  NULL
};

const char *
sk_order_status_get_label (const char *slug)
{
  g_return_val_if_fail (slug != NULL, NULL);

  /* The "order status" context keeps these apart from the same English
   * words used as verbs or for other things ("Pending", "Draft"). */
  if (strcmp (slug, "pending") == 0)
    return C_("order status", "Pending payment");
  if (strcmp (slug, "processing") == 0)
    return C_("order status", "Processing");
  if (strcmp (slug, "on-hold") == 0)
    return C_("order status", "On hold");
  if (strcmp (slug, "completed") == 0)
    return C_("order status", "Completed");
  if (strcmp (slug, "cancelled") == 0)
    return C_("order status", "Cancelled");
  if (strcmp (slug, "refunded") == 0)
    return C_("order status", "Refunded");
  if (strcmp (slug, "failed") == 0)
    return C_("order status", "Failed");
  if (strcmp (slug, "checkout-draft") == 0)
    return C_("order status", "Draft");
  if (strcmp (slug, "trash") == 0)
    return C_("order status", "Trash");

  /* A plugin's own status: its slug is the best name there is. */
  return slug;
}

gboolean
sk_order_status_is_open (const char *slug)
{
  if (slug == NULL)
    return FALSE;

  return strcmp (slug, "pending") == 0 ||
         strcmp (slug, "processing") == 0 ||
         strcmp (slug, "on-hold") == 0;
}

const char * const *
sk_order_status_get_known (void)
{
  return known_statuses;
}
