/* sk-refunds-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refunds-ui"

#include "config.h"

#include "sk-refunds-ui.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-refund-desk.h"
#include "sk-time.h"

static char *
format_hours_or_days (gint64 seconds)
{
  gint64 hours = MAX (seconds, 0) / 3600;

  if (hours < 1)
    {
      gint64 minutes = MAX (seconds, 0) / 60;

      /* Translators: how long a return request has waited */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong) minutes),
                              (int) minutes);
    }
  if (hours < 72)
    /* Translators: how long a return request has waited */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", (gulong) hours), (int) hours);

  /* Translators: how long a return request has waited */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) (hours / 24)),
                          (int) (hours / 24));
}

char *
sk_refunds_ui_format_age (gint64       created_at,
                          gint64       now,
                          const char **out_css_class)
{
  g_autofree char *waited = format_hours_or_days (now - created_at);
  const char *css_class;
  char *text;

  switch (sk_refund_age_from_times (created_at, now))
    {
    case SK_REFUND_AGE_OVERDUE:
      css_class = "sk-age-overdue";
      /* Translators: a return request past the 48-hour limit; %s is
       * "3 days" or "50 hours" */
      text = g_strdup_printf (_("Overdue: waiting %s"), waited);
      break;

    case SK_REFUND_AGE_DUE:
      css_class = "sk-age-due";
      /* Translators: a return request older than the 24-hour response
       * target; %s is "30 hours" */
      text = g_strdup_printf (_("Waiting %s, past the 24-hour target"), waited);
      break;

    case SK_REFUND_AGE_FRESH:
    default:
      css_class = "sk-age-fresh";
      /* Translators: a return request under the 24-hour response target;
       * %s is "5 hours" or "20 minutes" */
      text = g_strdup_printf (_("Waiting %s"), waited);
      break;
    }

  if (out_css_class != NULL)
    *out_css_class = css_class;

  return text;
}

char *
sk_refunds_ui_format_duration (gint64 seconds)
{
  gint64 minutes;
  gint64 hours;
  gint64 days;

  if (seconds < 0)
    return g_strdup (_("No decisions yet"));

  minutes = (seconds / 60) % 60;
  hours = (seconds / 3600) % 24;
  days = seconds / 86400;

  if (days > 0)
    /* Translators: a duration, days and hours: "3 d 4 h" */
    return g_strdup_printf (_("%d d %d h"), (int) days, (int) hours);
  if (hours > 0)
    /* Translators: a duration, hours and minutes: "2 h 05 min" */
    return g_strdup_printf (_("%d h %02d min"), (int) hours, (int) minutes);

  /* Translators: a duration in minutes: "12 min" */
  return g_strdup_printf (_("%d min"), (int) minutes);
}

char *
sk_refunds_ui_format_rate (gint64 basis_points)
{
  /* One decimal, the locale's separator, no floating point: 1250 → 12.5. */
  gint64 tenths = (basis_points + (basis_points >= 0 ? 5 : -5)) / 10;
  g_autofree char *number = NULL;
  struct lconv *conv = localeconv ();
  const char *point = conv != NULL && conv->decimal_point != NULL && conv->decimal_point[0] != '\0'
                      ? conv->decimal_point : ".";

  number = g_strdup_printf ("%s%" G_GINT64_FORMAT "%s%" G_GINT64_FORMAT,
                            tenths < 0 ? "-" : "",
                            ABS (tenths) / 10, point, ABS (tenths) % 10);

  /* Translators: a percentage; %s is the number, e.g. "12.5 %" */
  return g_strdup_printf (_("%s %%"), number);
}

const char *
sk_refunds_ui_severity_icon (SkVerdictSeverity severity)
{
  switch (severity)
    {
    case SK_VERDICT_SEVERITY_BLOCKING:
      return "dialog-error-symbolic";
    case SK_VERDICT_SEVERITY_OUT:
      return "dialog-warning-symbolic";
    case SK_VERDICT_SEVERITY_GRACE:
      return "alarm-symbolic";
    case SK_VERDICT_SEVERITY_INFO:
    default:
      return "emblem-ok-symbolic";
    }
}

static const char *
severity_label (SkVerdictSeverity severity)
{
  switch (severity)
    {
    case SK_VERDICT_SEVERITY_BLOCKING:
      /* Translators: the accessible name of a verdict reason's icon */
      return _("Not possible");
    case SK_VERDICT_SEVERITY_OUT:
      /* Translators: the accessible name of a verdict reason's icon */
      return _("Out of policy");
    case SK_VERDICT_SEVERITY_GRACE:
      /* Translators: the accessible name of a verdict reason's icon */
      return _("In the grace period");
    case SK_VERDICT_SEVERITY_INFO:
    default:
      /* Translators: the accessible name of a verdict reason's icon */
      return _("Note");
    }
}

const char *
sk_refunds_ui_standing_css_class (SkRefundStanding standing)
{
  switch (standing)
    {
    case SK_REFUND_STANDING_IMPOSSIBLE:
      return "error";
    case SK_REFUND_STANDING_OUT_OF_POLICY:
      return "warning";
    case SK_REFUND_STANDING_IN_GRACE:
      return "accent";
    case SK_REFUND_STANDING_IN_POLICY:
    default:
      return "success";
    }
}

GtkWidget *
sk_refunds_ui_verdict_group (const SkRefundVerdict *verdict)
{
  AdwPreferencesGroup *group;
  GtkWidget *standing;

  g_return_val_if_fail (verdict != NULL, NULL);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  /* Translators: the heading above a return request's verdict */
  adw_preferences_group_set_title (group, _("Policy Verdict"));

  standing = gtk_label_new (sk_refund_standing_get_label (verdict->standing));
  gtk_widget_add_css_class (standing, "heading");
  gtk_widget_add_css_class (standing, sk_refunds_ui_standing_css_class (verdict->standing));
  gtk_widget_add_css_class (standing, "sk-verdict-standing");
  adw_preferences_group_set_header_suffix (group, standing);

  for (guint i = 0; verdict->reasons != NULL && i < verdict->reasons->len; i++)
    {
      const SkVerdictReason *reason = g_ptr_array_index (verdict->reasons, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (sk_refunds_ui_severity_icon (reason->severity));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reason->text);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, severity_label (reason->severity),
                                      -1);
      gtk_widget_set_tooltip_text (icon, severity_label (reason->severity));
      if (reason->severity == SK_VERDICT_SEVERITY_BLOCKING)
        gtk_widget_add_css_class (icon, "error");
      else if (reason->severity == SK_VERDICT_SEVERITY_OUT)
        gtk_widget_add_css_class (icon, "warning");
      else if (reason->severity == SK_VERDICT_SEVERITY_GRACE)
        gtk_widget_add_css_class (icon, "accent");
      else
        gtk_widget_add_css_class (icon, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (group, row);
    }

  return GTK_WIDGET (group);
}

GtkWidget *
sk_refunds_ui_value_row (const char *title,
                         const char *subtitle,
                         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      label = gtk_label_new (value);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      /* Wrapped only when the row is too narrow for the whole line. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  return row;
}

void
sk_refunds_ui_clear_box (GtkBox *box)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

char *
sk_refunds_ui_dup_currency (SkContext *context)
{
  g_autofree char *currency = NULL;

  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  if (!sk_context_has_store (context))
    return g_strdup ("");

  currency = sk_refund_desk_dup_currency (sk_context_get_service (context, SK_TYPE_REFUND_DESK));
  if (!sk_money_currency_is_valid (currency))
    return g_strdup ("");

  return g_steal_pointer (&currency);
}
