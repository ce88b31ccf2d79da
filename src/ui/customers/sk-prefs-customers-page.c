/* sk-prefs-customers-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-prefs-customers-page"

#include "config.h"

#include "sk-prefs-customers-page.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-customer-care-service.h"
#include "sk-customer-care.h"
#include "sk-insights.h"
#include "sk-money.h"
#include "sk-rfm.h"
#include "sk-shop-settings.h"

struct _SkPrefsCustomersPage
{
  AdwPreferencesPage  parent_instance;

  SkContext          *context;
  char               *currency;
  AdwEntryRow        *recency_row;
  AdwEntryRow        *frequency_row;
  AdwEntryRow        *monetary_row;
  GtkLabel           *status_label;
};

G_DEFINE_FINAL_TYPE (SkPrefsCustomersPage, sk_prefs_customers_page, ADW_TYPE_PREFERENCES_PAGE)

/* The stored value of @key as the row shows it: amounts in the currency's
 * decimals for the monetary one, "" when unset. */
static char *
format_setting (SkPrefsCustomersPage *self,
                const char           *key)
{
  g_autofree char *text = sk_shop_settings_get_string (sk_context_get_database (self->context), key, NULL);
  g_autoptr(GString) shown = g_string_new (NULL);
  gint64 cuts[SK_RFM_N_CUTS];

  if (!sk_rfm_parse_cuts (text, cuts))
    return g_strdup ("");

  for (guint i = 0; i < SK_RFM_N_CUTS; i++)
    {
      g_autofree char *value = NULL;

      if (g_str_equal (key, SK_RFM_SETTING_MONETARY))
        value = sk_money_to_api_string (cuts[i], sk_money_currency_decimals (self->currency));
      else
        value = g_strdup_printf ("%" G_GINT64_FORMAT, cuts[i]);
      g_string_append_printf (shown, "%s%s", i > 0 ? ", " : "", value);
    }

  return g_string_free (g_steal_pointer (&shown), FALSE);
}

/* "30, 90, 180, 365" (or amounts) → the stored form, NULL if unreadable;
 * "" for an empty row (back to quintiles). */
static char *
parse_row (SkPrefsCustomersPage *self,
           AdwEntryRow          *row,
           gboolean              money)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GString) stored = g_string_new (NULL);
  gint64 cuts[SK_RFM_N_CUTS];

  if (*text == '\0')
    return g_strdup ("");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 value;

      g_strstrip (parts[i]);
      if (money)
        {
          if (!sk_money_parse (parts[i], sk_money_currency_decimals (self->currency), &value, NULL))
            return NULL;
        }
      else
        {
          guint64 number;

          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT64 / 2, &number, NULL))
            return NULL;
          value = (gint64) number;
        }
      g_string_append_printf (stored, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", value);
    }

  /* Four ascending numbers, as sk-rfm.h reads them. */
  if (!sk_rfm_parse_cuts (stored->str, cuts))
    return NULL;

  return g_string_free (g_steal_pointer (&stored), FALSE);
}

static void
apply_cb (SkPrefsCustomersPage *self)
{
  struct { AdwEntryRow *row; const char *key; gboolean money; } rows[] = {
    { self->recency_row, SK_RFM_SETTING_RECENCY, FALSE },
    { self->frequency_row, SK_RFM_SETTING_FREQUENCY, FALSE },
    { self->monetary_row, SK_RFM_SETTING_MONETARY, TRUE },
  };
  g_autoptr(GError) error = NULL;
  SkDatabase *writer;
  gboolean ok = TRUE;

  writer = sk_context_get_writer (self->context, NULL, &error);
  if (writer == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *stored = parse_row (self, rows[i].row, rows[i].money);

      if (stored == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (rows[i].row), "error");
          ok = FALSE;
          continue;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (rows[i].row), "error");

      if (!sk_shop_settings_set_string (writer, rows[i].key, *stored != '\0' ? stored : NULL, NULL, &error))
        {
          gtk_label_set_text (self->status_label, error->message);
          return;
        }
    }

  if (!ok)
    {
      gtk_label_set_text (self->status_label,
                          _("Each threshold needs four numbers from low to high, separated by commas."));
      return;
    }

  gtk_label_set_text (self->status_label, _("Saved. The customers are being put in their segments again."));
  sk_customer_care_service_rederive (sk_context_get_service (self->context, SK_TYPE_CUSTOMER_CARE_SERVICE));
}

static AdwEntryRow *
threshold_row_new (SkPrefsCustomersPage *self,
                   GtkWidget            *list,
                   const char           *title,
                   const char           *key)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *text = format_setting (self, key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_swapped (row, "apply", G_CALLBACK (apply_cb), self);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return ADW_ENTRY_ROW (row);
}

static void
sk_prefs_customers_page_dispose (GObject *object)
{
  SkPrefsCustomersPage *self = SK_PREFS_CUSTOMERS_PAGE (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (sk_prefs_customers_page_parent_class)->dispose (object);
}

static void
sk_prefs_customers_page_class_init (SkPrefsCustomersPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sk_prefs_customers_page_dispose;
}

static void
sk_prefs_customers_page_init (SkPrefsCustomersPage *self)
{
}

GtkWidget *
sk_prefs_customers_page_new (SkContext *context)
{
  SkPrefsCustomersPage *self;
  g_autofree char *monetary = NULL;
  GtkWidget *group;
  GtkWidget *list;

  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  self = g_object_new (SK_TYPE_PREFS_CUSTOMERS_PAGE,
                       "title", _("Customers"),
                       "icon-name", "system-users-symbolic",
                       NULL);
  self->context = g_object_ref (context);
  self->currency = sk_customer_care_get_currency (sk_context_get_database (context));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Segment Thresholds"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Customers score 1 to 5 on how recently, how often and how much they "
                                           "bought; the scores make the segments. Left empty, each score splits "
                                           "the customers into five equal groups. Or give four limits, low to "
                                           "high, separated by commas."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Segment thresholds"), -1);
  self->recency_row = threshold_row_new (self, list, _("Days Since the Last Order (e.g. 30, 90, 180, 365)"),
                                         SK_RFM_SETTING_RECENCY);
  self->frequency_row = threshold_row_new (self, list, _("Orders (e.g. 1, 2, 4, 8)"), SK_RFM_SETTING_FREQUENCY);
  /* Translators: %s is a currency code */
  monetary = g_strdup_printf (_("Lifetime Value in %s (e.g. 50, 100, 250, 500)"),
                              *self->currency != '\0' ? self->currency : "—");
  self->monetary_row = threshold_row_new (self, list, monetary, SK_RFM_SETTING_MONETARY);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Thresholds saved or refused"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->status_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));

  return GTK_WIDGET (self);
}
