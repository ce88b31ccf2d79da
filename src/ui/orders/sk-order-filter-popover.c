/* sk-order-filter-popover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-filter-popover"

#include "config.h"

#include "sk-order-filter-popover.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-database.h"
#include "sk-order-desk.h"
#include "sk-time.h"

/* Products listed under the search entry at most. */
#define MAX_PRODUCT_MATCHES 8

struct _SkOrderFilterPopover
{
  GtkPopover     parent_instance;

  /* template widgets */
  GtkCheckButton *unconfirmed_check;
  GtkCheckButton *late_check;
  GtkCheckButton *at_risk_check;
  GtkCheckButton *awaiting_check;
  GtkDropDown   *date_dropdown;
  GtkRevealer   *custom_revealer;
  GtkMenuButton *from_button;
  GtkMenuButton *to_button;
  GtkCalendar   *from_calendar;
  GtkCalendar   *to_calendar;
  GtkDropDown   *payment_dropdown;
  GtkStringList *payment_labels;
  GtkBox        *product_chosen_box;
  GtkLabel      *product_chosen_label;
  GtkSearchEntry *product_entry;
  GtkListBox    *product_list;
  GtkEntry      *email_entry;

  /* owned references */
  SkDatabase    *database;
  /* The slugs behind payment_dropdown's rows 1…n (row 0 is "any"), and
   * the one chosen, kept while the list is read again. */
  GPtrArray     *payment_slugs;
  char          *payment_method;
  /* The methods found in the orders (SkPaymentMethod): reading them
   * groups every order, so it is done when the popover opens after a
   * sync, not each time. */
  GPtrArray     *methods;
  guint          methods_stale : 1;
  gint64         product_remote_id;
  /* The product ids behind the rows of product_list. */
  GArray        *product_matches;

  /* Set while the code changes the widgets: no "changed". */
  guint          updating : 1;
};

G_DEFINE_FINAL_TYPE (SkOrderFilterPopover, sk_order_filter_popover, GTK_TYPE_POPOVER)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Dates */

static const char * const preset_names[] = {
  [SK_DATE_PRESET_ANY] = "any",
  [SK_DATE_PRESET_TODAY] = "today",
  [SK_DATE_PRESET_LAST_7_DAYS] = "last-7-days",
  [SK_DATE_PRESET_LAST_30_DAYS] = "last-30-days",
  [SK_DATE_PRESET_THIS_MONTH] = "this-month",
  [SK_DATE_PRESET_LAST_MONTH] = "last-month",
  [SK_DATE_PRESET_THIS_YEAR] = "this-year",
  [SK_DATE_PRESET_CUSTOM] = "custom",
};

const char *
sk_date_preset_to_string (SkDatePreset preset)
{
  g_return_val_if_fail (preset <= SK_DATE_PRESET_LAST, "any");

  return preset_names[preset];
}

int
sk_date_preset_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (preset_names); i++)
    if (g_str_equal (name, preset_names[i]))
      return (int) i;

  return -1;
}

gboolean
sk_date_preset_resolve (SkDatePreset  preset,
                        const GDate  *today,
                        GDate        *first,
                        GDate        *last)
{
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  *first = *today;
  *last = *today;

  switch (preset)
    {
    case SK_DATE_PRESET_TODAY:
      return TRUE;

    case SK_DATE_PRESET_LAST_7_DAYS:
      /* Today and the six days before: a week, today included. */
      g_date_subtract_days (first, 6);
      return TRUE;

    case SK_DATE_PRESET_LAST_30_DAYS:
      g_date_subtract_days (first, 29);
      return TRUE;

    case SK_DATE_PRESET_THIS_MONTH:
      g_date_set_day (first, 1);
      return TRUE;

    case SK_DATE_PRESET_LAST_MONTH:
      g_date_set_day (first, 1);
      g_date_subtract_months (first, 1);
      *last = *first;
      g_date_set_day (last, g_date_get_days_in_month (g_date_get_month (first), g_date_get_year (first)));
      return TRUE;

    case SK_DATE_PRESET_THIS_YEAR:
      g_date_set_dmy (first, 1, G_DATE_JANUARY, g_date_get_year (today));
      return TRUE;

    case SK_DATE_PRESET_ANY:
    case SK_DATE_PRESET_CUSTOM:
    default:
      return FALSE;
    }
}

static void
calendar_get_date (GtkCalendar *calendar,
                   GDate       *date)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (dt),
                  (GDateMonth) g_date_time_get_month (dt),
                  (GDateYear) g_date_time_get_year (dt));
}

static void
calendar_set_date (GtkCalendar *calendar,
                   const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);

  gtk_calendar_select_day (calendar, dt);
}

static void
set_date_label (GtkWidget  *button,
                GtkWidget  *calendar,
                const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_date_buttons (SkOrderFilterPopover *self)
{
  GDate first, last;
  char text[64];
  g_autofree char *from_label = NULL;
  g_autofree char *to_label = NULL;

  calendar_get_date (self->from_calendar, &first);
  calendar_get_date (self->to_calendar, &last);

  /* %x: the locale's own short date. The accessible labels say which end
   * of the range each date is, which the date alone does not. */
  g_date_strftime (text, sizeof text, "%x", &first);
  gtk_menu_button_set_label (self->from_button, text);
  /* Translators: read by screen readers for the date range's first
   * date; %s is the date */
  from_label = g_strdup_printf (_("First day: %s"), text);
  set_date_label (GTK_WIDGET (self->from_button), GTK_WIDGET (self->from_calendar), from_label);

  g_date_strftime (text, sizeof text, "%x", &last);
  gtk_menu_button_set_label (self->to_button, text);
  /* Translators: read by screen readers for the date range's last
   * date; %s is the date */
  to_label = g_strdup_printf (_("Last day: %s"), text);
  set_date_label (GTK_WIDGET (self->to_button), GTK_WIDGET (self->to_calendar), to_label);
}

static void
emit_changed (SkOrderFilterPopover *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Payment methods */

static void
rebuild_payment_labels (SkOrderFilterPopover *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *methods = self->methods;
  guint selected = 0;

  g_ptr_array_set_size (self->payment_slugs, 0);
  g_ptr_array_add (labels, g_strdup (_("Any Payment Method")));
  for (guint i = 0; methods != NULL && i < methods->len; i++)
    {
      SkPaymentMethod *method = methods->pdata[i];

      g_ptr_array_add (labels, g_strdup (method->title));
      g_ptr_array_add (self->payment_slugs, g_strdup (method->slug));
      if (g_strcmp0 (method->slug, self->payment_method) == 0)
        selected = i + 1;
    }

  /* A method chosen in a saved view that no order uses any more stays
   * chosen (and finds nothing) rather than silently widening the view. */
  if (self->payment_method != NULL && selected == 0)
    {
      g_ptr_array_add (labels, g_strdup (self->payment_method));
      g_ptr_array_add (self->payment_slugs, g_strdup (self->payment_method));
      selected = self->payment_slugs->len;
    }
  g_ptr_array_add (labels, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->payment_labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->payment_labels)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->payment_dropdown, selected);
  self->updating = FALSE;
}

static void
reload_payment_methods (SkOrderFilterPopover *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->methods, g_ptr_array_unref);
  if (self->database != NULL)
    {
      self->methods = sk_order_filter_list_payment_methods (self->database, &error);
      if (self->methods == NULL)
        g_message ("Cannot list payment methods: %s", error->message);
    }
  self->methods_stale = FALSE;

  rebuild_payment_labels (self);
}

/* Products */

static void
show_chosen_product (SkOrderFilterPopover *self,
                     const char           *name)
{
  gboolean chosen = self->product_remote_id != 0;

  gtk_label_set_text (self->product_chosen_label, chosen && name != NULL ? name : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->product_chosen_label), chosen ? name : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->product_chosen_box), chosen);
}

static void
fill_product_matches (SkOrderFilterPopover *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->product_entry));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->product_list))) != NULL)
    gtk_list_box_remove (self->product_list, child);
  g_array_set_size (self->product_matches, 0);

  if (self->database == NULL || text[0] == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->product_list), FALSE);
      return;
    }

  products = sk_order_filter_list_products (self->database, text, MAX_PRODUCT_MATCHES, &error);
  if (products == NULL)
    {
      g_message ("Cannot list products: %s", error->message);
      products = g_ptr_array_new ();
    }

  for (guint i = 0; i < products->len; i++)
    {
      SkProductChoice *product = products->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), product->name);
      if (product->sku[0] != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), product->sku);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->product_list, row);
      g_array_append_val (self->product_matches, product->remote_id);
    }

  if (products->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No matching products"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->product_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->product_list), TRUE);
}

static void
choose_product_row (SkOrderFilterPopover *self,
                    GtkListBoxRow        *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || (guint) index >= self->product_matches->len)
    return;

  self->product_remote_id = g_array_index (self->product_matches, gint64, index);
  show_chosen_product (self, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->product_entry), "");
  self->updating = FALSE;
  fill_product_matches (self);

  emit_changed (self);
}

/* Callbacks */

static void
date_preset_changed_cb (SkOrderFilterPopover *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->date_dropdown) == SK_DATE_PRESET_CUSTOM;

  gtk_revealer_set_reveal_child (self->custom_revealer, custom);
  update_date_buttons (self);
  emit_changed (self);
}

static void
calendar_changed_cb (SkOrderFilterPopover *self)
{
  update_date_buttons (self);
  emit_changed (self);
}

static void
payment_changed_cb (SkOrderFilterPopover *self)
{
  guint selected = gtk_drop_down_get_selected (self->payment_dropdown);

  if (self->updating)
    return;

  g_clear_pointer (&self->payment_method, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->payment_slugs->len)
    self->payment_method = g_strdup (g_ptr_array_index (self->payment_slugs, selected - 1));

  emit_changed (self);
}

static void
product_search_cb (SkOrderFilterPopover *self)
{
  if (!self->updating)
    fill_product_matches (self);
}

static void
product_activate_cb (SkOrderFilterPopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->product_list, 0);

  /* Enter takes the first match, as in any search-and-pick list. */
  if (row != NULL && self->product_matches->len > 0)
    choose_product_row (self, row);
}

static void
product_row_activated_cb (SkOrderFilterPopover *self,
                          GtkListBoxRow        *row)
{
  choose_product_row (self, row);
}

static void
product_clear_cb (SkOrderFilterPopover *self)
{
  self->product_remote_id = 0;
  show_chosen_product (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_entry));
  emit_changed (self);
}

static void
attention_toggled_cb (SkOrderFilterPopover *self)
{
  emit_changed (self);
}

static void
email_changed_cb (SkOrderFilterPopover *self)
{
  emit_changed (self);
}

static void
clear_clicked_cb (SkOrderFilterPopover *self)
{
  sk_order_filter_popover_clear (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sk_order_filter_popover_show (GtkWidget *widget)
{
  SkOrderFilterPopover *self = SK_ORDER_FILTER_POPOVER (widget);

  /* A sync may have brought new methods since the last time. */
  if (self->methods_stale)
    reload_payment_methods (self);

  GTK_WIDGET_CLASS (sk_order_filter_popover_parent_class)->show (widget);
}

/* GObject */

static void
sk_order_filter_popover_dispose (GObject *object)
{
  SkOrderFilterPopover *self = SK_ORDER_FILTER_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ORDER_FILTER_POPOVER);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (sk_order_filter_popover_parent_class)->dispose (object);
}

static void
sk_order_filter_popover_finalize (GObject *object)
{
  SkOrderFilterPopover *self = SK_ORDER_FILTER_POPOVER (object);

  g_clear_pointer (&self->payment_slugs, g_ptr_array_unref);
  g_clear_pointer (&self->methods, g_ptr_array_unref);
  g_clear_pointer (&self->product_matches, g_array_unref);
  g_clear_pointer (&self->payment_method, g_free);

  G_OBJECT_CLASS (sk_order_filter_popover_parent_class)->finalize (object);
}

static void
sk_order_filter_popover_class_init (SkOrderFilterPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_order_filter_popover_dispose;
  object_class->finalize = sk_order_filter_popover_finalize;
  widget_class->show = sk_order_filter_popover_show;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/orders/sk-order-filter-popover.ui");

  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, unconfirmed_check);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, late_check);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, at_risk_check);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, awaiting_check);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, from_button);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, to_button);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, payment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, payment_labels);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, product_chosen_box);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, product_chosen_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, product_entry);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, product_list);
  gtk_widget_class_bind_template_child (widget_class, SkOrderFilterPopover, email_entry);

  gtk_widget_class_bind_template_callback (widget_class, date_preset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, payment_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, attention_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
}

static void
sk_order_filter_popover_init (SkOrderFilterPopover *self)
{
  self->payment_slugs = g_ptr_array_new_with_free_func (g_free);
  self->product_matches = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Placed"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->payment_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Payment Method"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->product_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Product"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->email_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Customer E-mail"), -1);

  rebuild_payment_labels (self);
  update_date_buttons (self);
}

/* Public API */

GtkWidget *
sk_order_filter_popover_new (void)
{
  return g_object_new (SK_TYPE_ORDER_FILTER_POPOVER, NULL);
}

void
sk_order_filter_popover_set_database (SkOrderFilterPopover *self,
                                      SkDatabase           *database)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));
  g_return_if_fail (database == NULL || SK_IS_DATABASE (database));

  if (g_set_object (&self->database, database))
    {
      g_clear_pointer (&self->methods, g_ptr_array_unref);
      self->methods_stale = TRUE;
    }
}

void
sk_order_filter_popover_reload (SkOrderFilterPopover *self)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));

  self->methods_stale = TRUE;
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    reload_payment_methods (self);
}

void
sk_order_filter_popover_apply (SkOrderFilterPopover *self,
                               SkOrderFilter        *filter)
{
  GDate first, last;
  SkDatePreset preset;

  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));
  g_return_if_fail (filter != NULL);

  preset = sk_order_filter_popover_get_dates (self, &first, &last);
  if (preset == SK_DATE_PRESET_ANY)
    {
      filter->created_from = 0;
      filter->created_until = 0;
    }
  else if (!sk_order_filter_set_dates (filter, &first, &last, NULL))
    /* Last day before the first: the same days the other way round. */
    sk_order_filter_set_dates (filter, &last, &first, NULL);

  sk_order_filter_set_payment_method (filter, self->payment_method);
  filter->product_remote_id = self->product_remote_id;

  /* "Needs attention" is the order desk's own query (fast over its
   * partial index); the filter keeps only the orders it names. */
  sk_order_filter_set_only_ids (filter, NULL, 0);
  if (sk_order_filter_popover_get_attention (self) != 0 && self->database != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = sk_order_desk_query_attention_ids (self->database, sk_time_now_utc (),
                                                                 sk_order_filter_popover_get_attention (self),
                                                                 &error);

      if (ids == NULL)
        {
          /* An empty set rather than all orders: the user asked for a
           * short list, and the log says why it is empty. */
          g_message ("Cannot list the orders needing attention: %s", error->message);
          sk_order_filter_set_only_ids (filter, NULL, 0);
          filter->only_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      else
        sk_order_filter_set_only_ids (filter, (const gint64 *) (gpointer) ids->data, ids->len);
    }
  sk_order_filter_set_customer_email (filter, gtk_editable_get_text (GTK_EDITABLE (self->email_entry)));
}

void
sk_order_filter_popover_clear (SkOrderFilterPopover *self)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));

  sk_order_filter_popover_set_dates (self, SK_DATE_PRESET_ANY, NULL, NULL);
  sk_order_filter_popover_set_payment_method (self, NULL);
  sk_order_filter_popover_set_product (self, 0, NULL);
  sk_order_filter_popover_set_customer_email (self, NULL);
  sk_order_filter_popover_set_attention (self, 0);
}

guint
sk_order_filter_popover_get_attention (SkOrderFilterPopover *self)
{
  guint mask = 0;

  g_return_val_if_fail (SK_IS_ORDER_FILTER_POPOVER (self), 0);

  if (gtk_check_button_get_active (self->unconfirmed_check))
    mask |= SK_ATTENTION_UNCONFIRMED;
  if (gtk_check_button_get_active (self->late_check))
    mask |= SK_ATTENTION_LATE;
  if (gtk_check_button_get_active (self->at_risk_check))
    mask |= SK_ATTENTION_AT_RISK;
  if (gtk_check_button_get_active (self->awaiting_check))
    mask |= SK_ATTENTION_AWAITING_REPLY;

  return mask;
}

void
sk_order_filter_popover_set_attention (SkOrderFilterPopover *self,
                                       guint                 mask)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));

  self->updating = TRUE;
  gtk_check_button_set_active (self->unconfirmed_check, (mask & SK_ATTENTION_UNCONFIRMED) != 0);
  gtk_check_button_set_active (self->late_check, (mask & SK_ATTENTION_LATE) != 0);
  gtk_check_button_set_active (self->at_risk_check, (mask & SK_ATTENTION_AT_RISK) != 0);
  gtk_check_button_set_active (self->awaiting_check, (mask & SK_ATTENTION_AWAITING_REPLY) != 0);
  self->updating = FALSE;
}

SkDatePreset
sk_order_filter_popover_get_dates (SkOrderFilterPopover *self,
                                   GDate                *first,
                                   GDate                *last)
{
  g_autoptr(GDateTime) now = NULL;
  SkDatePreset preset;
  GDate today;

  g_return_val_if_fail (SK_IS_ORDER_FILTER_POPOVER (self), SK_DATE_PRESET_ANY);
  g_return_val_if_fail (first != NULL && last != NULL, SK_DATE_PRESET_ANY);

  preset = gtk_drop_down_get_selected (self->date_dropdown);
  if (preset > SK_DATE_PRESET_LAST)
    preset = SK_DATE_PRESET_ANY;

  if (preset == SK_DATE_PRESET_CUSTOM)
    {
      calendar_get_date (self->from_calendar, first);
      calendar_get_date (self->to_calendar, last);
      return preset;
    }

  /* Presets are relative to the day they are used, not to when they
   * were chosen: a saved "Last 7 Days" keeps meaning that. */
  now = g_date_time_new_now_local ();
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!sk_date_preset_resolve (preset, &today, first, last))
    {
      *first = today;
      *last = today;
    }

  return preset;
}

void
sk_order_filter_popover_set_dates (SkOrderFilterPopover *self,
                                   SkDatePreset          preset,
                                   const GDate          *first,
                                   const GDate          *last)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));
  g_return_if_fail (preset <= SK_DATE_PRESET_LAST);

  self->updating = TRUE;
  if (first != NULL && g_date_valid (first))
    calendar_set_date (self->from_calendar, first);
  if (last != NULL && g_date_valid (last))
    calendar_set_date (self->to_calendar, last);
  gtk_drop_down_set_selected (self->date_dropdown, preset);
  gtk_revealer_set_reveal_child (self->custom_revealer, preset == SK_DATE_PRESET_CUSTOM);
  update_date_buttons (self);
  self->updating = FALSE;
}

void
sk_order_filter_popover_set_payment_method (SkOrderFilterPopover *self,
                                            const char           *slug)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));

  g_free (self->payment_method);
  self->payment_method = slug != NULL && slug[0] != '\0' ? g_strdup (slug) : NULL;
  rebuild_payment_labels (self);
}

void
sk_order_filter_popover_set_product (SkOrderFilterPopover *self,
                                     gint64                product_remote_id,
                                     const char           *name)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));

  self->product_remote_id = MAX (product_remote_id, 0);
  if (self->product_remote_id != 0 && (name == NULL || name[0] == '\0'))
    /* Translators: a product chosen in a saved view that is no longer in
     * the local copy; %lld is the store's id of it. */
    name = fallback = g_strdup_printf (_("Product %lld"), (long long) self->product_remote_id);
  show_chosen_product (self, name);
}

void
sk_order_filter_popover_set_customer_email (SkOrderFilterPopover *self,
                                            const char           *email)
{
  g_return_if_fail (SK_IS_ORDER_FILTER_POPOVER (self));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->email_entry), email != NULL ? email : "");
  self->updating = FALSE;
}
