/* sk-prefs-refunds-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-prefs-refunds-page"

#include "config.h"

#include "sk-prefs-refunds-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-passphrase-dialog.h"
#include "sk-refund-desk.h"
#include "sk-refunds-ui.h"
#include "sk-staff-session.h"

struct _SkPrefsRefundsPage
{
  AdwPreferencesPage  parent_instance;

  /* owned references */
  SkContext          *context;
  char               *currency;

  /* widgets */
  AdwActionRow       *rights_row;
  GtkWidget          *unlock_button;
  GtkWidget          *policy_box;      /* every policy group, insensitive while locked */
  GtkSpinButton      *window_spin;
  GtkSpinButton      *grace_spin;
  GtkSpinButton      *guarantee_spin;
  AdwEntryRow        *products_row;
  AdwEntryRow        *categories_row;
  GtkCheckButton     *condition_checks[SK_RETURN_N_CONDITIONS];
  AdwEntryRow        *fee_row;
  AdwComboRow        *shipping_row;
  AdwComboRow        *method_row;
  GtkSpinButton      *credit_spin;
  AdwEntryRow        *limit_row;
  AdwEntryRow        *budget_row;
  GtkLabel           *error_label;
  AdwPreferencesGroup *staff_group;
  GPtrArray          *staff_rows;      /* borrowed from staff_group */
  AdwEntryRow        *new_name_row;
  AdwComboRow        *new_role_row;
  AdwEntryRow        *new_passphrase_row;
  GtkWidget          *add_button;
};

G_DEFINE_FINAL_TYPE (SkPrefsRefundsPage, sk_prefs_refunds_page, ADW_TYPE_PREFERENCES_PAGE)

static SkStaffSession *
get_session (SkPrefsRefundsPage *self)
{
  return sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);
}

static SkRefundDesk *
get_desk (SkPrefsRefundsPage *self)
{
  return sk_context_get_service (self->context, SK_TYPE_REFUND_DESK);
}

static void
show_error (SkPrefsRefundsPage *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static guint
currency_decimals (SkPrefsRefundsPage *self)
{
  return self->currency[0] != '\0' ? sk_money_currency_decimals (self->currency) : 2;
}

static char *
amount_text (gint64 minor,
             guint  decimals)
{
  return sk_money_to_api_string (minor, decimals);
}

static void
update_rights (SkPrefsRefundsPage *self)
{
  gboolean rights = sk_staff_session_has_owner_rights (get_session (self));

  adw_action_row_set_subtitle (self->rights_row,
                               rights
                               ? _("Unlocked: you can change the policy, the limits and the staff")
                               : _("Locked: type the owner’s passphrase to change anything here"));
  gtk_widget_set_visible (self->unlock_button, !rights);
  gtk_widget_set_sensitive (self->policy_box, rights);
  gtk_widget_set_sensitive (GTK_WIDGET (self->staff_group), rights);
}

static void
load_policy (SkPrefsRefundsPage *self)
{
  g_autoptr(SkRefundPolicy) policy = sk_refund_desk_get_policy (get_desk (self));
  g_autoptr(GString) products = g_string_new (NULL);
  g_autoptr(GString) categories = g_string_new (NULL);
  g_autofree char *fee = sk_money_to_api_string (policy->restocking_fee_bp, 2);
  g_autofree char *limit = amount_text (policy->staff_limit, currency_decimals (self));
  g_autofree char *budget = amount_text (policy->goodwill_budget, currency_decimals (self));

  gtk_spin_button_set_value (self->window_spin, (double) policy->window_days);
  gtk_spin_button_set_value (self->grace_spin, (double) policy->grace_days);
  gtk_spin_button_set_value (self->guarantee_spin, (double) policy->guarantee_days);
  gtk_spin_button_set_value (self->credit_spin, (double) policy->credit_expiry_days);

  for (guint i = 0; policy->final_sale_products != NULL && i < policy->final_sale_products->len; i++)
    g_string_append_printf (products, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                            g_array_index (policy->final_sale_products, gint64, i));
  for (guint i = 0; policy->final_sale_categories != NULL && i < policy->final_sale_categories->len; i++)
    g_string_append_printf (categories, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (policy->final_sale_categories, i));
  gtk_editable_set_text (GTK_EDITABLE (self->products_row), products->str);
  gtk_editable_set_text (GTK_EDITABLE (self->categories_row), categories->str);

  for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
    gtk_check_button_set_active (self->condition_checks[bit], (policy->required_conditions & (1u << bit)) != 0);

  gtk_editable_set_text (GTK_EDITABLE (self->fee_row), fee);
  adw_combo_row_set_selected (self->shipping_row, policy->return_shipping);
  adw_combo_row_set_selected (self->method_row, policy->method);
  gtk_editable_set_text (GTK_EDITABLE (self->limit_row), limit);
  gtk_editable_set_text (GTK_EDITABLE (self->budget_row), budget);
}

static gboolean
parse_amount (const char  *text,
              guint        decimals,
              const char  *what,
              gint64      *out,
              GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!sk_money_parse (text, decimals, out, &local) || *out < 0)
    {
      /* Translators: %s names the field ("Restocking fee"); the second %s says what is wrong */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: %s"), what,
                   local != NULL ? local->message : _("it cannot be negative"));
      return FALSE;
    }

  return TRUE;
}

gboolean
sk_prefs_refunds_page_save (SkPrefsRefundsPage *self)
{
  g_autoptr(SkRefundPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) products = NULL;
  g_auto(GStrv) categories = NULL;
  guint conditions = 0;

  g_return_val_if_fail (SK_IS_PREFS_REFUNDS_PAGE (self), FALSE);

  policy = sk_refund_desk_get_policy (get_desk (self));
  policy->window_days = gtk_spin_button_get_value_as_int (self->window_spin);
  policy->grace_days = gtk_spin_button_get_value_as_int (self->grace_spin);
  policy->guarantee_days = gtk_spin_button_get_value_as_int (self->guarantee_spin);
  policy->credit_expiry_days = gtk_spin_button_get_value_as_int (self->credit_spin);

  g_array_set_size (policy->final_sale_products, 0);
  products = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->products_row)), ", ", -1);
  for (guint i = 0; products[i] != NULL; i++)
    {
      gint64 id;

      if (products[i][0] == '\0')
        continue;
      if (!g_ascii_string_to_signed (products[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is what was typed where a product number belongs */
          message = g_strdup_printf (_("“%s” is not a product number. Type the numbers the store gives its products, separated by commas."),
                                     products[i]);
          show_error (self, message);
          return FALSE;
        }
      g_array_append_val (policy->final_sale_products, id);
    }

  g_ptr_array_set_size (policy->final_sale_categories, 0);
  categories = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->categories_row)), ",", -1);
  for (guint i = 0; categories[i] != NULL; i++)
    {
      g_strstrip (categories[i]);
      if (categories[i][0] != '\0')
        g_ptr_array_add (policy->final_sale_categories, g_strdup (categories[i]));
    }

  for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
    if (gtk_check_button_get_active (self->condition_checks[bit]))
      conditions |= 1u << bit;
  policy->required_conditions = conditions;

  /* The fee is typed as a percentage with up to two decimals: parsed
   * exactly, "15" and "15.00" are 1500 basis points. */
  if (!parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->fee_row)), 2, _("Restocking fee"),
                     &policy->restocking_fee_bp, &error)
      || !parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->limit_row)), currency_decimals (self),
                        _("Staff limit"), &policy->staff_limit, &error)
      || !parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->budget_row)), currency_decimals (self),
                        _("Goodwill budget"), &policy->goodwill_budget, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  policy->return_shipping = (SkReturnShippingPayer) adw_combo_row_get_selected (self->shipping_row);
  policy->method = (SkRefundMethod) adw_combo_row_get_selected (self->method_row);

  if (!sk_refund_desk_set_policy (get_desk (self), policy, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }

  show_error (self, NULL);
  load_policy (self);

  return TRUE;
}

static void
save_clicked_cb (SkPrefsRefundsPage *self,
                 GtkButton          *button)
{
  if (sk_prefs_refunds_page_save (self))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (ADW_IS_PREFERENCES_WINDOW (root))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (_("Return policy saved")));
    }
}

static void
unlock_clicked_cb (SkPrefsRefundsPage *self,
                   GtkButton          *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SkPassphraseDialog *dialog;

  dialog = sk_passphrase_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, get_session (self), 0,
                                     _("Changing the return policy, the limits or the staff needs the owner’s passphrase."));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load_staff (SkPrefsRefundsPage *self)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->staff_rows->len; i++)
    adw_preferences_group_remove (self->staff_group, g_ptr_array_index (self->staff_rows, i));
  g_ptr_array_set_size (self->staff_rows, 0);

  staff = sk_staff_session_list (get_session (self), &error);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      const SkStaffMember *member = g_ptr_array_index (staff, i);
      GtkWidget *row = sk_refunds_ui_value_row (member->name, NULL, sk_staff_role_get_label (member->role));

      adw_preferences_group_add (self->staff_group, row);
      g_ptr_array_add (self->staff_rows, row);
    }
}

static void
role_selected_cb (SkPrefsRefundsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->new_passphrase_row),
                          adw_combo_row_get_selected (self->new_role_row) == SK_STAFF_ROLE_OWNER);
}

static void
add_clicked_cb (SkPrefsRefundsPage *self,
                GtkButton          *button)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_name_row))));
  g_autofree char *passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row)));
  SkStaffRole role = (SkStaffRole) adw_combo_row_get_selected (self->new_role_row);
  g_autoptr(GError) error = NULL;

  if (sk_staff_session_add (get_session (self), name, role,
                            role == SK_STAFF_ROLE_OWNER ? passphrase : NULL, &error) == 0)
    show_error (self, error->message);
  else
    {
      show_error (self, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
    }

  memset (passphrase, 0, strlen (passphrase));
  gtk_editable_set_text (GTK_EDITABLE (self->new_passphrase_row), "");
}

static GtkSpinButton *
spin_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          double               max)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  adw_preferences_group_add (group, row);

  return GTK_SPIN_BUTTON (spin);
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_group_add (group, GTK_WIDGET (row));

  return row;
}

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *first,
           const char          *second)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  const char *labels[] = { first, second, NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_preferences_group_add (group, GTK_WIDGET (row));

  return row;
}

static void
build (SkPrefsRefundsPage *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (self);
  AdwPreferencesGroup *group;
  AdwPreferencesGroup *holder;
  GtkWidget *save;
  g_autofree char *limit_title = NULL;
  g_autofree char *budget_title = NULL;

  /* Who may change this. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->rights_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rights_row), _("Owner’s Rights"));
  self->unlock_button = gtk_button_new_with_mnemonic (_("_Unlock…"));
  gtk_widget_set_valign (self->unlock_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->unlock_button, "suggested-action");
  g_signal_connect_object (self->unlock_button, "clicked", G_CALLBACK (unlock_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->rights_row, self->unlock_button);
  adw_preferences_group_add (group, GTK_WIDGET (self->rights_row));
  adw_preferences_page_add (page, group);

  /* The policy groups live in one box inside a group, so they go
   * sensitive or not together. */
  holder = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->policy_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  adw_preferences_group_add (holder, self->policy_box);
  adw_preferences_page_add (page, holder);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Return Window"));
  adw_preferences_group_set_description (group, _("Counted in days from delivery (or completion when no shipping date is known)"));
  self->window_spin = spin_row (group, _("_Days to return"), NULL, 3650);
  self->grace_spin = spin_row (group, _("_Grace days"), _("After the window: staff may still approve, no exception needed"), 365);
  self->guarantee_spin = spin_row (group, _("Money-back _guarantee"), _("Days from delivery in which the conditions are waived; 0 for none"), 3650);
  gtk_box_append (GTK_BOX (self->policy_box), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Final Sale"));
  adw_preferences_group_set_description (group, _("Never returnable, unless the owner makes an exception"));
  self->products_row = entry_row (group, _("_Product numbers, separated by commas"));
  self->categories_row = entry_row (group, _("_Categories, separated by commas"));
  gtk_box_append (GTK_BOX (self->policy_box), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Condition of Returned Goods"));
  adw_preferences_group_set_description (group, _("What must be true for a return to be in policy (waived when the shop is at fault)"));
  for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
    {
      GtkWidget *row = adw_action_row_new ();

      self->condition_checks[bit] = GTK_CHECK_BUTTON (gtk_check_button_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sk_return_condition_get_label (1u << bit));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (self->condition_checks[bit]));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->condition_checks[bit]));
      adw_preferences_group_add (group, row);
    }
  gtk_box_append (GTK_BOX (self->policy_box), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Money"));
  self->fee_row = entry_row (group, _("_Restocking fee (percent)"));
  self->shipping_row = combo_row (group, _("Return _postage paid by"), _("The customer"), _("The shop"));
  self->method_row = combo_row (group, _("Refund _method"),
                                _("Through the payment gateway"), _("Manually (recorded only)"));
  self->credit_spin = spin_row (group, _("Store credit _valid for (days)"), _("0: never expires"), 3650);
  gtk_box_append (GTK_BOX (self->policy_box), GTK_WIDGET (group));

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Limits"));
  if (self->currency[0] != '\0')
    {
      /* Translators: %s is a currency code */
      limit_title = g_strdup_printf (_("_Staff may approve up to (%s)"), self->currency);
      /* Translators: %s is a currency code */
      budget_title = g_strdup_printf (_("Monthly _goodwill budget (%s)"), self->currency);
    }
  self->limit_row = entry_row (group, limit_title != NULL ? limit_title : _("_Staff may approve up to"));
  self->budget_row = entry_row (group, budget_title != NULL ? budget_title : _("Monthly _goodwill budget"));
  gtk_box_append (GTK_BOX (self->policy_box), GTK_WIDGET (group));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->policy_box), GTK_WIDGET (self->error_label));

  save = gtk_button_new_with_mnemonic (_("_Save Policy"));
  gtk_widget_set_halign (save, GTK_ALIGN_END);
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_object (save, "clicked", G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->policy_box), save);

  /* Staff. */
  self->staff_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->staff_group, _("Staff"));
  adw_preferences_group_set_description (self->staff_group, _("Staff record and decide returns within the limit; owners have a passphrase"));
  adw_preferences_page_add (page, self->staff_group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Add Someone"));
  self->new_name_row = entry_row (group, _("_Name"));
  self->new_role_row = combo_row (group, _("_Role"), sk_staff_role_get_label (SK_STAFF_ROLE_STAFF),
                                  sk_staff_role_get_label (SK_STAFF_ROLE_OWNER));
  g_signal_connect_object (self->new_role_row, "notify::selected", G_CALLBACK (role_selected_cb), self, G_CONNECT_SWAPPED);
  self->new_passphrase_row = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_passphrase_row), _("Their _passphrase"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->new_passphrase_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->new_passphrase_row), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->new_passphrase_row));
  self->add_button = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_widget_add_css_class (self->add_button, "flat");
  g_signal_connect_object (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (group, self->add_button);
  g_object_bind_property (self->staff_group, "sensitive", group, "sensitive", G_BINDING_SYNC_CREATE);
  adw_preferences_page_add (page, group);
}

static void
session_changed_cb (SkPrefsRefundsPage *self)
{
  update_rights (self);
  load_staff (self);
}

static void
sk_prefs_refunds_page_dispose (GObject *object)
{
  SkPrefsRefundsPage *self = SK_PREFS_REFUNDS_PAGE (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_prefs_refunds_page_parent_class)->dispose (object);
}

static void
sk_prefs_refunds_page_finalize (GObject *object)
{
  SkPrefsRefundsPage *self = SK_PREFS_REFUNDS_PAGE (object);

  g_clear_pointer (&self->staff_rows, g_ptr_array_unref);
  g_free (self->currency);

  G_OBJECT_CLASS (sk_prefs_refunds_page_parent_class)->finalize (object);
}

static void
sk_prefs_refunds_page_class_init (SkPrefsRefundsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_prefs_refunds_page_dispose;
  object_class->finalize = sk_prefs_refunds_page_finalize;
}

static void
sk_prefs_refunds_page_init (SkPrefsRefundsPage *self)
{
  self->staff_rows = g_ptr_array_new ();

  /* Translators: the preferences page of the return policy */
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), C_("preferences", "Returns"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "edit-undo-symbolic");
}

GtkWidget *
sk_prefs_refunds_page_new (SkContext *context)
{
  SkPrefsRefundsPage *self;
  SkStaffSession *session;

  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  self = g_object_new (SK_TYPE_PREFS_REFUNDS_PAGE, NULL);
  self->context = g_object_ref (context);

  if (!sk_context_has_store (context))
    {
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_set_description (group, _("Connect your shop first: the return policy is kept with its orders."));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
      self->currency = g_strdup ("");
      return GTK_WIDGET (self);
    }

  self->currency = sk_refunds_ui_dup_currency (context);
  build (self);
  load_policy (self);
  load_staff (self);

  session = get_session (self);
  g_signal_connect_object (session, "notify::owner-rights", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::current-id", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "staff-changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  update_rights (self);

  return GTK_WIDGET (self);
}

GtkSpinButton *
sk_prefs_refunds_page_get_window_spin (SkPrefsRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_PREFS_REFUNDS_PAGE (self), NULL);

  return self->window_spin;
}

gboolean
sk_prefs_refunds_page_get_editable (SkPrefsRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_PREFS_REFUNDS_PAGE (self), FALSE);

  return self->policy_box != NULL && gtk_widget_get_sensitive (self->policy_box);
}

const char *
sk_prefs_refunds_page_get_error (SkPrefsRefundsPage *self)
{
  g_return_val_if_fail (SK_IS_PREFS_REFUNDS_PAGE (self), NULL);

  return self->error_label != NULL && gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}
