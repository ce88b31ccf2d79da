/* sk-prefs-shop-page.c
 *
 * The shop's own settings, kept in the database (sk-shop-settings.h) and
 * written on the context's writable connection: each contact field when
 * its row is applied, the shipping promise shortly after the last change
 * (spin buttons change in steps; one audit entry per setting and pause,
 * not per click).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-prefs-shop-page"

#include "config.h"

#include "sk-prefs-shop-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sk-context.h"
#include "sk-order-desk.h"
#include "sk-shop-settings.h"
#include "sk-ship-date.h"
#include "sk-time.h"

/* How long after the last change the shipping settings are saved. */
#define SAVE_DELAY_MS 600
/* The longest contact field accepted (the address has several lines). */
#define MAX_FIELD_CHARS   200
#define MAX_ADDRESS_CHARS 1000

struct _SkPrefsShopPage
{
  AdwPreferencesPage  parent_instance;

  /* owned references */
  SkContext          *context;
  SkShipRule         *rule;

  /* template widgets */
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *shipping_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *email_row;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *privacy_row;
  GtkTextView         *address_view;
  GtkButton           *address_button;
  GtkSpinButton       *handling_spin;
  GtkSpinButton       *cutoff_hour_spin;
  GtkSpinButton       *cutoff_minute_spin;
  GtkFlowBox          *weekday_box;
  AdwExpanderRow      *holidays_row;
  AdwEntryRow         *holiday_entry;
  AdwActionRow        *follow_up_row;
  GtkSpinButton       *follow_up_spin;

  /* state */
  GtkToggleButton     *weekday_buttons[7];
  GPtrArray           *holiday_rows;
  guint                save_source;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (SkPrefsShopPage, sk_prefs_shop_page, ADW_TYPE_PREFERENCES_PAGE)

/* Helpers */

static void
show_toast (SkPrefsShopPage *self,
            const char      *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static SkDatabase *
get_writer (SkPrefsShopPage  *self,
            GError          **error)
{
  g_autofree char *store_url = NULL;

  return sk_context_get_writer (self->context, &store_url, error);
}

static const char *
key_for_row (SkPrefsShopPage *self,
             AdwEntryRow     *row)
{
  if (row == self->name_row)
    return SK_SHOP_NAME;
  if (row == self->email_row)
    return SK_SHOP_EMAIL;
  if (row == self->phone_row)
    return SK_SHOP_PHONE;
  if (row == self->url_row)
    return SK_SHOP_URL;
  if (row == self->privacy_row)
    return SK_SHOP_PRIVACY_URL;
  g_assert_not_reached ();
}

static gboolean
is_web_address (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
is_email_address (const char *text)
{
  const char *at = strchr (text, '@');

  /* Not RFC 5322, on purpose: enough to catch a typo (no @, a space, no
   * domain) without refusing an address that works. */
  return at != NULL && at != text && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' &&
         text[strlen (text) - 1] != '.' && strpbrk (text, " \t\n<>,;\"") == NULL;
}

/* NULL when @text is fine (or empty), else a sentence for the user. */
static const char *
check_field (const char *key,
             const char *text)
{
  if (*text == '\0')
    return NULL;

  if (g_utf8_strlen (text, -1) > MAX_FIELD_CHARS)
    return _("That is too long for this field.");

  if (g_str_equal (key, SK_SHOP_EMAIL) && !is_email_address (text))
    return _("That does not look like an e-mail address, such as shop@example.com.");

  if ((g_str_equal (key, SK_SHOP_URL) || g_str_equal (key, SK_SHOP_PRIVACY_URL)) && !is_web_address (text))
    return _("Web addresses start with https:// or http://, such as https://example.com/privacy.");

  return NULL;
}

static void
holiday_row_remove_clicked_cb (SkPrefsShopPage *self,
                               GtkButton       *button);

static void
rebuild_holidays (SkPrefsShopPage *self)
{
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->holiday_rows->len; i++)
    adw_expander_row_remove (self->holidays_row, g_ptr_array_index (self->holiday_rows, i));
  g_ptr_array_set_size (self->holiday_rows, 0);

  for (guint i = 0; i < self->rule->holidays->len; i++)
    {
      g_autofree char *iso = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *remove_label = NULL;
      g_autoptr(GDateTime) dt = NULL;
      GtkWidget *row;
      GtkWidget *button;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, g_array_index (self->rule->holidays, guint32, i));
      iso = sk_ship_date_format_iso (&date);
      dt = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);
      /* Translators: a holiday in the list, e.g. "Friday, 25 December 2026"; see strftime(3) */
      shown = g_date_time_format (dt, _("%A, %x"));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown != NULL ? shown : iso);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), iso);

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      /* Translators: %s is a date */
      remove_label = g_strdup_printf (_("Remove the holiday %s"), shown != NULL ? shown : iso);
      gtk_widget_set_tooltip_text (button, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_object_set_data (G_OBJECT (button), "julian", GUINT_TO_POINTER (g_date_get_julian (&date)));
      g_signal_connect_object (button, "clicked", G_CALLBACK (holiday_row_remove_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_expander_row_add_row (self->holidays_row, row);
      g_ptr_array_add (self->holiday_rows, row);
    }

  if (self->rule->holidays->len == 0)
    subtitle = g_strdup (_("None"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", self->rule->holidays->len),
                                self->rule->holidays->len);
  adw_expander_row_set_subtitle (self->holidays_row, subtitle);
}

/* Reads the widgets into self->rule (holidays live there already). */
static void
read_rule (SkPrefsShopPage *self)
{
  int hour = gtk_spin_button_get_value_as_int (self->cutoff_hour_spin);
  int minute = gtk_spin_button_get_value_as_int (self->cutoff_minute_spin);

  self->rule->handling_days = gtk_spin_button_get_value_as_int (self->handling_spin);
  /* 24:00 is the end of the day; 24:30 is not a time. */
  self->rule->cutoff_minutes = hour >= 24 ? 24 * 60 : hour * 60 + minute;
  self->rule->working_days = 0;
  for (guint i = 0; i < 7; i++)
    if (gtk_toggle_button_get_active (self->weekday_buttons[i]))
      self->rule->working_days |= 1u << i;
}

static void
save_now (SkPrefsShopPage *self)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *writer;

  g_clear_handle_id (&self->save_source, g_source_remove);

  read_rule (self);
  writer = get_writer (self, &error);
  if (writer == NULL ||
      !sk_order_desk_save_rule (writer, self->rule, &error) ||
      !sk_shop_settings_set_int (writer, SK_SETTING_FOLLOW_UP_DAYS,
                                 gtk_spin_button_get_value_as_int (self->follow_up_spin), NULL, &error))
    show_toast (self, error->message);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  SkPrefsShopPage *self = user_data;

  self->save_source = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (SkPrefsShopPage *self)
{
  if (self->loading)
    return;

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
load (SkPrefsShopPage *self)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *database;
  struct {
    AdwEntryRow *row;
    const char  *key;
  } fields[] = {
    { self->name_row, SK_SHOP_NAME },
    { self->email_row, SK_SHOP_EMAIL },
    { self->phone_row, SK_SHOP_PHONE },
    { self->url_row, SK_SHOP_URL },
    { self->privacy_row, SK_SHOP_PRIVACY_URL },
  };
  g_autofree char *address = NULL;
  gint64 follow_up;

  database = get_writer (self, &error);
  if (database == NULL)
    {
      /* No shop yet: nothing to keep these settings with. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->contact_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->shipping_group), FALSE);
      adw_preferences_group_set_description (self->contact_group, error->message);
      return;
    }

  self->loading = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = sk_shop_settings_get_string (database, fields[i].key, "");

      gtk_editable_set_text (GTK_EDITABLE (fields[i].row), value);
    }
  address = sk_shop_settings_get_string (database, SK_SHOP_ADDRESS, "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->address_view), address, -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_button), FALSE);

  g_clear_pointer (&self->rule, sk_ship_rule_free);
  self->rule = sk_order_desk_load_rule (database);
  gtk_spin_button_set_value (self->handling_spin, self->rule->handling_days);
  gtk_spin_button_set_value (self->cutoff_hour_spin, self->rule->cutoff_minutes / 60);
  gtk_spin_button_set_value (self->cutoff_minute_spin, self->rule->cutoff_minutes % 60);
  for (guint i = 0; i < 7; i++)
    gtk_toggle_button_set_active (self->weekday_buttons[i], (self->rule->working_days & (1u << i)) != 0);
  rebuild_holidays (self);

  follow_up = sk_shop_settings_get_int (database, SK_SETTING_FOLLOW_UP_DAYS, SK_DESK_DEFAULT_FOLLOW_UP_DAYS);
  gtk_spin_button_set_value (self->follow_up_spin, CLAMP (follow_up, 1, SK_DESK_MAX_FOLLOW_UP_DAYS));

  self->loading = FALSE;
}

/* Callbacks */

static void
entry_applied_cb (AdwEntryRow     *row,
                  SkPrefsShopPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  const char *key = key_for_row (self, row);
  const char *problem = check_field (key, text);
  SkDatabase *writer;

  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_toast (self, problem);
      gtk_widget_grab_focus (GTK_WIDGET (row));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  writer = get_writer (self, &error);
  if (writer == NULL ||
      !sk_shop_settings_set_string (writer, key, *text != '\0' ? text : NULL, NULL, &error))
    {
      show_toast (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
address_changed_cb (SkPrefsShopPage *self,
                    GtkTextBuffer   *buffer)
{
  if (!self->loading)
    gtk_widget_set_sensitive (GTK_WIDGET (self->address_button), TRUE);
}

static void
address_save_clicked_cb (SkPrefsShopPage *self,
                         GtkButton       *button)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->address_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  SkDatabase *writer;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  if (g_utf8_strlen (text, -1) > MAX_ADDRESS_CHARS)
    {
      show_toast (self, _("The address is too long."));
      return;
    }

  writer = get_writer (self, &error);
  if (writer == NULL ||
      !sk_shop_settings_set_string (writer, SK_SHOP_ADDRESS, *text != '\0' ? text : NULL, NULL, &error))
    {
      show_toast (self, error->message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->address_button), FALSE);
}

static gboolean
time_spin_output_cb (GtkSpinButton   *spin,
                     SkPrefsShopPage *self)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
rule_changed_cb (SkPrefsShopPage *self)
{
  /* 24:00 is the latest cut-off: the minutes go back to 00. */
  if (gtk_spin_button_get_value_as_int (self->cutoff_hour_spin) == 24 &&
      gtk_spin_button_get_value_as_int (self->cutoff_minute_spin) != 0)
    gtk_spin_button_set_value (self->cutoff_minute_spin, 0);

  schedule_save (self);
}

static void
weekday_toggled_cb (SkPrefsShopPage *self,
                    GtkToggleButton *button)
{
  gboolean any = FALSE;

  if (self->loading)
    return;

  for (guint i = 0; i < 7; i++)
    any |= gtk_toggle_button_get_active (self->weekday_buttons[i]);

  if (!any)
    {
      /* A shop that never works never ships: keep the last day on. */
      show_toast (self, _("Choose at least one working day."));
      gtk_toggle_button_set_active (button, TRUE);
      return;
    }

  schedule_save (self);
}

static void
holiday_applied_cb (SkPrefsShopPage *self,
                    AdwEntryRow     *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  GDate date;

  if (!sk_ship_date_parse_iso (text, &date, &error) ||
      !sk_ship_rule_add_holiday (self->rule, &date, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_toast (self, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  rebuild_holidays (self);
  save_now (self);
}

static void
holiday_row_remove_clicked_cb (SkPrefsShopPage *self,
                               GtkButton       *button)
{
  guint julian = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "julian"));
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  sk_ship_rule_remove_holiday (self->rule, &date);
  /* The button goes with its row: rebuild after this handler returns. */
  g_object_ref (button);
  rebuild_holidays (self);
  save_now (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->holiday_entry));
  g_object_unref (button);
}

/* Overrides */

static void
sk_prefs_shop_page_dispose (GObject *object)
{
  SkPrefsShopPage *self = SK_PREFS_SHOP_PAGE (object);

  /* A change made just before closing is still saved. */
  if (self->save_source != 0)
    save_now (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_PREFS_SHOP_PAGE);

  G_OBJECT_CLASS (sk_prefs_shop_page_parent_class)->dispose (object);
}

static void
sk_prefs_shop_page_finalize (GObject *object)
{
  SkPrefsShopPage *self = SK_PREFS_SHOP_PAGE (object);

  g_clear_pointer (&self->rule, sk_ship_rule_free);
  g_clear_pointer (&self->holiday_rows, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_prefs_shop_page_parent_class)->finalize (object);
}

static void
sk_prefs_shop_page_class_init (SkPrefsShopPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_prefs_shop_page_dispose;
  object_class->finalize = sk_prefs_shop_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/sk-prefs-shop-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, shipping_group);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, privacy_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, address_view);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, address_button);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, handling_spin);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, cutoff_hour_spin);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, cutoff_minute_spin);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, weekday_box);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, holidays_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, holiday_entry);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, SkPrefsShopPage, follow_up_spin);
  gtk_widget_class_bind_template_callback (widget_class, entry_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, rule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, holiday_applied_cb);
}

static void
sk_prefs_shop_page_init (SkPrefsShopPage *self)
{
  g_autoptr(GDateTime) monday = g_date_time_new_utc (2024, 1, 1, 12, 0, 0);  /* a Monday */

  gtk_widget_init_template (GTK_WIDGET (self));

  self->holiday_rows = g_ptr_array_new ();
  self->rule = sk_ship_rule_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->handling_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Handling days"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cutoff_hour_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cut-off hour"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cutoff_minute_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cut-off minutes"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->follow_up_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Days after shipping before the follow-up"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Postal address"), -1);

  /* Weekday names from the locale, Monday first (bit 0). */
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (monday, i);
      g_autofree char *abbrev = g_date_time_format (day, "%a");
      g_autofree char *full = g_date_time_format (day, "%A");
      GtkWidget *button = gtk_toggle_button_new_with_label (abbrev);

      gtk_widget_set_tooltip_text (button, full);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
      g_signal_connect_object (button, "toggled", G_CALLBACK (weekday_toggled_cb), self, G_CONNECT_SWAPPED);
      /* Seven in a row when there is room, wrapping on a narrow window. */
      gtk_flow_box_append (self->weekday_box, button);
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      self->weekday_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }

  g_signal_connect_object (gtk_text_view_get_buffer (self->address_view), "changed",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
sk_prefs_shop_page_new (SkContext *context)
{
  SkPrefsShopPage *self;

  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  self = g_object_new (SK_TYPE_PREFS_SHOP_PAGE, NULL);
  self->context = g_object_ref (context);
  load (self);

  return GTK_WIDGET (self);
}
