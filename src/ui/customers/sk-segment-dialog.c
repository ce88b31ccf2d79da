/* sk-segment-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-segment-dialog"

#include "config.h"

#include "sk-segment-dialog.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-customer-care-service.h"
#include "sk-customer-care.h"
#include "sk-money.h"
#include "sk-order-filter.h"

/* Products offered in the "bought" choice. */
#define MAX_PRODUCTS 500

struct _SkSegmentDialog
{
  AdwWindow     parent_instance;

  SkContext    *context;
  char         *currency;
  GArray       *product_ids;        /* gint64, row i + 1 of the product choice */
  GStrv         categories;         /* row i + 1 of the category choice */

  GtkWidget    *save_button;
  AdwEntryRow  *name_row;
  AdwEntryRow  *spent_row;
  AdwEntryRow  *orders_row;
  AdwEntryRow  *before_row;
  AdwComboRow  *product_row;
  AdwComboRow  *category_row;
  GtkSwitch    *consent_switch;
  AdwEntryRow  *tag_row;
  GtkLabel     *count_label;
};

G_DEFINE_FINAL_TYPE (SkSegmentDialog, sk_segment_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mark_error (AdwEntryRow *row,
            gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Reads the form; FALSE (and the wrong fields marked) if something cannot
 * be read. */
static gboolean
read_criteria (SkSegmentDialog   *self,
               SkSegmentCriteria *criteria)
{
  const char *spent = gtk_editable_get_text (GTK_EDITABLE (self->spent_row));
  const char *orders = gtk_editable_get_text (GTK_EDITABLE (self->orders_row));
  const char *before = gtk_editable_get_text (GTK_EDITABLE (self->before_row));
  const char *tag = gtk_editable_get_text (GTK_EDITABLE (self->tag_row));
  guint product = adw_combo_row_get_selected (self->product_row);
  guint category = adw_combo_row_get_selected (self->category_row);
  gboolean ok = TRUE;
  gboolean bad;

  memset (criteria, 0, sizeof *criteria);

  /* Exact minor units, never through a double. */
  bad = *spent != '\0' &&
        (!sk_money_parse (spent, sk_money_currency_decimals (self->currency), &criteria->min_spent, NULL) ||
         criteria->min_spent < 0);
  mark_error (self->spent_row, bad);
  ok &= !bad;

  if (*orders != '\0')
    {
      guint64 n = 0;

      bad = !g_ascii_string_to_unsigned (orders, 10, 1, 1000000, &n, NULL);
      criteria->min_orders = (gint64) n;
    }
  else
    bad = FALSE;
  mark_error (self->orders_row, bad);
  ok &= !bad;

  if (*before != '\0')
    {
      g_autofree char *text = g_strdup_printf ("%sT00:00:00", before);
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, local);

      bad = date == NULL;
      if (date != NULL)
        criteria->last_order_before = g_date_time_to_unix (date);
    }
  else
    bad = FALSE;
  mark_error (self->before_row, bad);
  ok &= !bad;

  if (product != GTK_INVALID_LIST_POSITION && product > 0 && product <= self->product_ids->len)
    criteria->product_id = g_array_index (self->product_ids, gint64, product - 1);
  if (category != GTK_INVALID_LIST_POSITION && category > 0 && self->categories != NULL &&
      category <= g_strv_length (self->categories))
    criteria->category = g_strdup (self->categories[category - 1]);
  criteria->has_consent = gtk_switch_get_active (self->consent_switch);
  criteria->tag = g_strstrip (g_strdup (tag));
  if (*criteria->tag == '\0')
    g_clear_pointer (&criteria->tag, g_free);

  return ok;
}

static void
update_count (SkSegmentDialog *self)
{
  g_auto(SkSegmentCriteria) criteria = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean valid = read_criteria (self, &criteria);
  gboolean named = *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0';

  gtk_widget_set_sensitive (self->save_button, valid && named);

  if (!valid)
    {
      gtk_label_set_text (self->count_label, _("Some of the criteria cannot be read."));
      return;
    }

  ids = sk_customer_care_query_criteria_ids (sk_context_get_database (self->context), &criteria, &error);
  if (ids == NULL)
    {
      gtk_label_set_text (self->count_label, error->message);
      return;
    }

  /* Translators: how many customers a segment being made holds now */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u customer is in this segment now",
                                       "%'u customers are in this segment now", ids->len),
                          ids->len);
  gtk_label_set_text (self->count_label, text);
}

static void
save_cb (SkSegmentDialog *self)
{
  g_auto(SkSegmentCriteria) criteria = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!read_criteria (self, &criteria))
    return;

  id = sk_customer_care_service_save_segment (sk_context_get_service (self->context, SK_TYPE_CUSTOMER_CARE_SERVICE),
                                              0, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                              &criteria, &error);
  if (id == 0)
    {
      gtk_label_set_text (self->count_label, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static AdwEntryRow *
entry_row_new (GtkWidget  *list,
               const char *title,
               const char *tooltip)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (row, tooltip);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return ADW_ENTRY_ROW (row);
}

static void
sk_segment_dialog_dispose (GObject *object)
{
  SkSegmentDialog *self = SK_SEGMENT_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->product_ids, g_array_unref);
  g_clear_pointer (&self->categories, g_strfreev);

  G_OBJECT_CLASS (sk_segment_dialog_parent_class)->dispose (object);
}

static void
sk_segment_dialog_class_init (SkSegmentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_segment_dialog_dispose;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sk_segment_dialog_init (SkSegmentDialog *self)
{
  self->product_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

GtkWidget *
sk_segment_dialog_new (GtkWindow *parent,
                       SkContext *context)
{
  SkSegmentDialog *self;
  g_autoptr(GtkStringList) products = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) choices = NULL;
  g_autofree char *spent_title = NULL;
  SkDatabase *database;
  GtkWidget *toolbar, *header, *cancel, *scrolled, *clamp, *content, *group, *list, *row;

  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  self = g_object_new (SK_TYPE_SEGMENT_DIALOG,
                       "modal", TRUE,
                       "transient-for", parent,
                       "title", _("New Segment"),
                       "default-width", 480,
                       "default-height", 640,
                       NULL);
  self->context = g_object_ref (context);
  database = sk_context_get_database (context);
  self->currency = sk_customer_care_get_currency (database);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  group = adw_preferences_group_new ();
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  self->name_row = entry_row_new (list, _("Name"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (content), group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Customers Who…"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Leave a criterion empty to not use it; a customer is in the segment "
                                           "when all the others hold."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Criteria"), -1);
  /* Translators: %s is a currency code */
  spent_title = g_strdup_printf (_("Spent More Than (%s)"), *self->currency != '\0' ? self->currency : "—");
  self->spent_row = entry_row_new (list, spent_title, _("In the shop’s main currency, e.g. 250.00"));
  self->orders_row = entry_row_new (list, _("At Least This Many Orders"), NULL);
  self->before_row = entry_row_new (list, _("Last Order Before (YYYY-MM-DD)"),
                                    _("Their latest order was before this day"));

  gtk_string_list_append (products, _("Any Product"));
  choices = sk_order_filter_list_products (database, NULL, MAX_PRODUCTS, NULL);
  for (guint i = 0; choices != NULL && i < choices->len; i++)
    {
      const SkProductChoice *choice = g_ptr_array_index (choices, i);

      gtk_string_list_append (products, choice->name);
      g_array_append_val (self->product_ids, choice->remote_id);
    }
  self->product_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->product_row), _("Bought"));
  adw_combo_row_set_model (self->product_row, G_LIST_MODEL (products));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->product_row));

  gtk_string_list_append (categories, _("Any Category"));
  self->categories = sk_customer_care_list_categories (database, NULL);
  for (guint i = 0; self->categories != NULL && self->categories[i] != NULL; i++)
    gtk_string_list_append (categories, self->categories[i]);
  self->category_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->category_row), _("Bought From"));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->category_row));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Agreed to Marketing E-mails"));
  self->consent_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->consent_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->consent_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->consent_switch));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  self->tag_row = entry_row_new (list, _("Have the Tag"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (content), group);

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->count_label, TRUE);
  gtk_label_set_xalign (self->count_label, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customers in the segment"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->count_label));

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->spent_row, "changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->orders_row, "changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->before_row, "changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->tag_row, "changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->product_row, "notify::selected", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->consent_switch, "notify::active", G_CALLBACK (update_count), self);
  update_count (self);

  return GTK_WIDGET (self);
}
