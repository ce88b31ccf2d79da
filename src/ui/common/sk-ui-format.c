/* sk-ui-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-ui-format"

#include "config.h"

#include "sk-ui-format.h"

#include <glib/gi18n.h>

#include "sk-money.h"
#include "sk-order-status.h"
#include "sk-time.h"

char *
sk_ui_format_order_count (guint n_orders)
{
  /* The "'" flag groups digits as the locale does ("3,000", "3.000"). */
  g_autofree char *number = g_strdup_printf ("%'u", n_orders);

  /* Translators: the number of orders shown in the table, e.g. "3,000 orders".
   * %s is the already formatted number. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders", n_orders),
                          number);
}

char *
sk_ui_format_last_synced (gint64 last_sync_utc,
                          gint64 now_utc)
{
  g_autofree char *relative = NULL;

  if (last_sync_utc <= 0)
    return g_strdup (_("Not synced yet"));

  relative = sk_time_format_relative (last_sync_utc, now_utc);

  /* Translators: the window subtitle; %s is a relative time such as
   * "just now", "5 minutes ago" or "yesterday at 14:05". */
  return g_strdup_printf (_("Synced %s"), relative);
}

const char *
sk_ui_status_css_class (const char *status)
{
  static const struct {
    const char *slug;
    const char *css_class;
  } classes[] = {
    { "pending", "status-pending" },
    { "processing", "status-processing" },
    { "on-hold", "status-on-hold" },
    { "completed", "status-completed" },
    { "cancelled", "status-cancelled" },
    { "refunded", "status-refunded" },
    { "failed", "status-failed" },
    { "trash", "status-trash" },
    { "checkout-draft", "status-draft" },
  };

  if (status != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
        {
          if (g_str_equal (status, classes[i].slug))
            return classes[i].css_class;
        }
    }

  return "status-other";
}

char *
sk_ui_format_status_label (const char *status)
{
  const char *label;
  g_autoptr(GString) text = NULL;

  if (status == NULL || status[0] == '\0')
    return g_strdup ("");

  label = sk_order_status_get_label (status);
  if (label != NULL && !g_str_equal (label, status))
    return g_strdup (label);

  /* A plugin's own status: the store only gives us its slug. */
  text = g_string_new (NULL);
  for (const char *p = status; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' || c == '_')
        c = ' ';
      else if (text->len == 0)
        c = g_unichar_totitle (c);

      g_string_append_unichar (text, c);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
sk_ui_money_closure (gpointer    this_object,
                     gint64      minor,
                     const char *currency)
{
  /* A row is never without a currency once synced; an empty one would be a
   * store bug, shown as the bare amount rather than hiding it. */
  if (currency == NULL || !sk_money_currency_is_valid (currency))
    return sk_money_to_api_string (minor, 2);

  return sk_money_format (minor, currency);
}

char *
sk_ui_date_closure (gpointer this_object,
                    gint64   unix_utc)
{
  if (unix_utc <= 0)
    return g_strdup ("");

  return sk_time_format_date (unix_utc);
}

char *
sk_ui_count_closure (gpointer this_object,
                     gint64   count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

char *
sk_ui_status_label_closure (gpointer    this_object,
                            const char *status)
{
  return sk_ui_format_status_label (status);
}

char **
sk_ui_status_classes_closure (gpointer    this_object,
                              const char *status)
{
  char **classes = g_new0 (char *, 3);

  classes[0] = g_strdup ("status-pill");
  classes[1] = g_strdup (sk_ui_status_css_class (status));

  return classes;
}
