/* sk-staff-switcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-staff-switcher"

#include "config.h"

#include "sk-staff-switcher.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sk-context.h"
#include "sk-passphrase-dialog.h"
#include "sk-staff-session.h"
#include "sk-time.h"
#include "sk-window.h"

struct _SkStaffSwitcher
{
  GtkWidget       parent_instance;

  /* owned references */
  SkContext      *context;
  /* the context's (it owns it) once a store is set up; signals connected */
  SkStaffSession *session;

  /* widgets */
  GtkMenuButton  *button;
  GtkLabel       *label;
  GtkPopover     *popover;
  GtkListBox     *staff_list;
  GtkLabel       *rights_label;
  GtkWidget      *unlock_button;
  GtkWidget      *lock_button;
  GtkWidget      *setup_button;
};

G_DEFINE_FINAL_TYPE (SkStaffSwitcher, sk_staff_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SkStaffSession *
get_session (SkStaffSwitcher *self)
{
  if (self->context == NULL || !sk_context_has_store (self->context))
    return NULL;

  return sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);
}

static GtkWindow *
get_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (SkStaffSwitcher *self,
       const char      *message)
{
  GtkWindow *window = get_window (GTK_WIDGET (self));

  if (SK_IS_WINDOW (window))
    sk_window_show_error (SK_WINDOW (window), message);
}

static void
update (SkStaffSwitcher *self)
{
  SkStaffSession *session = get_session (self);
  g_autoptr(GPtrArray) staff = NULL;
  GtkWidget *child;
  const char *name;
  gboolean rights;
  gint64 current;

  gtk_widget_set_visible (GTK_WIDGET (self), session != NULL);
  if (session == NULL)
    return;

  name = sk_staff_session_get_current_name (session);
  rights = sk_staff_session_has_owner_rights (session);
  current = sk_staff_session_get_current_id (session);

  gtk_label_set_text (self->label, name != NULL ? name : _("Who’s at the desk?"));
  {
    g_autofree char *tooltip = NULL;

    if (name == NULL)
      tooltip = g_strdup (_("Choose who is at the desk"));
    else if (rights)
      /* Translators: the staff switcher's tooltip; %s is a name */
      tooltip = g_strdup_printf (_("At the desk: %s, with the owner’s rights"), name);
    else
      /* Translators: the staff switcher's tooltip; %s is a name */
      tooltip = g_strdup_printf (_("At the desk: %s"), name);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list))) != NULL)
    gtk_list_box_remove (self->staff_list, child);

  staff = sk_staff_session_list (session, NULL);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      const SkStaffMember *member = g_ptr_array_index (staff, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sk_staff_role_get_label (member->role));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_visible (check, member->id == current);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("At the desk"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (row), "sk-staff-id", g_memdup2 (&member->id, sizeof (gint64)), g_free);
      g_object_set_data (G_OBJECT (row), "sk-staff-owner", GINT_TO_POINTER (member->role == SK_STAFF_ROLE_OWNER));
      gtk_list_box_append (self->staff_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->staff_list), staff != NULL && staff->len > 0);
  gtk_widget_set_visible (self->setup_button, sk_staff_session_needs_setup (session));

  if (rights)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (sk_staff_session_get_owner_rights_until (session));
      g_autofree char *time = until != NULL ? g_date_time_format (until, "%X") : g_strdup ("");
      g_autofree char *text = NULL;

      /* Translators: %s is a time of day */
      text = g_strdup_printf (_("Owner’s rights until %s"), time);
      gtk_label_set_text (self->rights_label, text);
    }
  else
    gtk_label_set_text (self->rights_label, _("Owner’s rights locked"));
  gtk_widget_set_visible (GTK_WIDGET (self->rights_label), !sk_staff_session_needs_setup (session));
  gtk_widget_set_visible (self->lock_button, rights);
  gtk_widget_set_visible (self->unlock_button, !rights && !sk_staff_session_needs_setup (session));
}

static void
session_changed_cb (SkStaffSwitcher *self)
{
  update (self);
}

static void
staff_row_activated_cb (SkStaffSwitcher *self,
                        GtkListBoxRow   *row,
                        GtkListBox      *list)
{
  SkStaffSession *session = get_session (self);
  gint64 *id = g_object_get_data (G_OBJECT (row), "sk-staff-id");
  gboolean owner = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "sk-staff-owner"));
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->popover);
  if (session == NULL || id == NULL || *id == sk_staff_session_get_current_id (session))
    return;

  if (owner)
    {
      SkPassphraseDialog *dialog;

      dialog = sk_passphrase_dialog_new (get_window (GTK_WIDGET (self)), session, *id,
                                         _("Type this owner’s passphrase to take the desk."));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (!sk_staff_session_switch_to (session, *id, NULL, &error))
    toast (self, error->message);
}

static void
unlock_clicked_cb (SkStaffSwitcher *self,
                   GtkButton       *button)
{
  SkStaffSession *session = get_session (self);
  SkPassphraseDialog *dialog;

  gtk_popover_popdown (self->popover);
  if (session == NULL)
    return;

  dialog = sk_passphrase_dialog_new (get_window (GTK_WIDGET (self)), session, 0,
                                     _("With the owner’s rights, whoever is at the desk may change the return policy and approve any return for a few minutes."));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lock_clicked_cb (SkStaffSwitcher *self,
                 GtkButton       *button)
{
  SkStaffSession *session = get_session (self);

  gtk_popover_popdown (self->popover);
  if (session != NULL)
    sk_staff_session_lock_owner (session);
  update (self);
}

static void
setup_clicked_cb (SkStaffSwitcher *self,
                  GtkButton       *button)
{
  GtkWidget *dialog;

  gtk_popover_popdown (self->popover);
  dialog = sk_staff_setup_dialog_new (get_window (GTK_WIDGET (self)), self->context);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
popover_show_cb (SkStaffSwitcher *self,
                 GtkPopover      *popover)
{
  /* The owner's rights run out on their own: re-read them. */
  update (self);
}

static void
sk_staff_switcher_dispose (GObject *object)
{
  SkStaffSwitcher *self = SK_STAFF_SWITCHER (object);

  if (self->button != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_staff_switcher_parent_class)->dispose (object);
}

static void
sk_staff_switcher_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SkStaffSwitcher *self = SK_STAFF_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, !gtk_widget_get_visible (GTK_WIDGET (self->label)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_staff_switcher_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SkStaffSwitcher *self = SK_STAFF_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      /* Narrow: the icon alone (the name is in the tooltip and the
       * accessible label). */
      if (gtk_widget_get_visible (GTK_WIDGET (self->label)) == g_value_get_boolean (value))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->label), !g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_staff_switcher_class_init (SkStaffSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_staff_switcher_dispose;
  object_class->get_property = sk_staff_switcher_get_property;
  object_class->set_property = sk_staff_switcher_set_property;

  /* Only the icon shows, for a narrow header bar. */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sk_staff_switcher_init (SkStaffSwitcher *self)
{
  GtkWidget *content;
  GtkWidget *box;
  GtkWidget *heading;
  GtkWidget *scrolled;
  GtkWidget *rights_box;

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("avatar-default-symbolic"));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->label, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_menu_button_set_child (self->button, box);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);

  heading = gtk_label_new (_("Who’s at the Desk?"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (content), heading);

  self->staff_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->staff_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->staff_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->staff_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Staff"), -1);
  g_signal_connect_object (self->staff_list, "row-activated", G_CALLBACK (staff_row_activated_cb), self, G_CONNECT_SWAPPED);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->staff_list));
  gtk_box_append (GTK_BOX (content), scrolled);

  self->setup_button = gtk_button_new_with_mnemonic (_("_Set Up the Owner…"));
  gtk_widget_add_css_class (self->setup_button, "suggested-action");
  g_signal_connect_object (self->setup_button, "clicked", G_CALLBACK (setup_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (content), self->setup_button);

  rights_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->rights_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->rights_label, 0);
  gtk_label_set_wrap (self->rights_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->rights_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->rights_label), "dim-label");
  gtk_box_append (GTK_BOX (rights_box), GTK_WIDGET (self->rights_label));
  self->unlock_button = gtk_button_new_with_mnemonic (_("_Unlock…"));
  gtk_widget_set_tooltip_text (self->unlock_button, _("Type the owner’s passphrase to use the owner’s rights for a few minutes"));
  g_signal_connect_object (self->unlock_button, "clicked", G_CALLBACK (unlock_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (rights_box), self->unlock_button);
  self->lock_button = gtk_button_new_with_mnemonic (_("_Lock"));
  gtk_widget_set_tooltip_text (self->lock_button, _("Give up the owner’s rights now"));
  g_signal_connect_object (self->lock_button, "clicked", G_CALLBACK (lock_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (rights_box), self->lock_button);
  gtk_box_append (GTK_BOX (content), rights_box);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->popover), 280, -1);
  gtk_popover_set_child (self->popover, content);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
sk_staff_switcher_set_context (SkStaffSwitcher *self,
                               SkContext       *context)
{
  SkStaffSession *session;

  g_return_if_fail (SK_IS_STAFF_SWITCHER (self));
  g_return_if_fail (context == NULL || SK_IS_CONTEXT (context));

  g_set_object (&self->context, context);

  session = get_session (self);
  if (session != NULL && session != self->session)
    {
      self->session = session;
      g_signal_connect_object (session, "notify::current-id", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::owner-rights", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "staff-changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

const char *
sk_staff_switcher_get_label (SkStaffSwitcher *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SWITCHER (self), NULL);

  return gtk_label_get_text (self->label);
}

gboolean
sk_staff_switcher_ensure_demo_staff (SkContext  *context,
                                     GError    **error)
{
  SkStaffSession *session;
  gint64 staff_id;

  g_return_val_if_fail (SK_IS_CONTEXT (context), FALSE);

  if (sk_context_get_demo_server (context) == NULL || !sk_context_has_store (context))
    return FALSE;

  session = sk_context_get_service (context, SK_TYPE_STAFF_SESSION);
  if (!sk_staff_session_needs_setup (session))
    return FALSE;

  /* The first profile is the owner and holds the owner's rights; they
   * add the staff member, who then takes the desk, so approving above
   * the staff limit asks for the passphrase as it would in a real shop. */
  if (sk_staff_session_add (session, SK_STAFF_DEMO_OWNER, SK_STAFF_ROLE_OWNER, SK_STAFF_DEMO_PASSPHRASE, error) == 0)
    return FALSE;
  staff_id = sk_staff_session_add (session, SK_STAFF_DEMO_STAFF, SK_STAFF_ROLE_STAFF, NULL, error);
  if (staff_id == 0)
    return FALSE;

  return sk_staff_session_switch_to (session, staff_id, NULL, error);
}

/* ---- first run ---- */

typedef struct
{
  SkContext   *context;
  AdwEntryRow *name_row;
  AdwEntryRow *passphrase_row;
  AdwEntryRow *repeat_row;
  GtkLabel    *error_label;
} Setup;

static void
setup_free (gpointer data)
{
  Setup *setup = data;

  g_clear_object (&setup->context);
  g_free (setup);
}

static void
setup_show_error (Setup      *setup,
                  const char *message)
{
  gtk_label_set_text (setup->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (setup->error_label), message != NULL);
}

static gboolean
setup_create (GtkWidget *dialog)
{
  Setup *setup = g_object_get_data (G_OBJECT (dialog), "sk-setup");
  SkStaffSession *session = sk_context_get_service (setup->context, SK_TYPE_STAFF_SESSION);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (setup->name_row))));
  g_autofree char *passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (setup->passphrase_row)));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (setup->repeat_row));
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (name[0] == '\0')
    setup_show_error (setup, _("Type your name."));
  else if (!g_str_equal (passphrase, repeat))
    setup_show_error (setup, _("The two passphrases differ. Type the same one twice."));
  else if (sk_staff_session_add (session, name, SK_STAFF_ROLE_OWNER, passphrase, &error) == 0)
    setup_show_error (setup, error->message);
  else
    ok = TRUE;

  memset (passphrase, 0, strlen (passphrase));
  gtk_editable_set_text (GTK_EDITABLE (setup->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (setup->repeat_row), "");

  if (ok)
    gtk_window_destroy (GTK_WINDOW (dialog));

  return ok;
}

static void
setup_create_clicked_cb (GtkButton *button,
                         GtkWidget *dialog)
{
  setup_create (dialog);
}

static void
setup_cancel_clicked_cb (GtkButton *button,
                         GtkWidget *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static AdwEntryRow *
setup_entry (AdwPreferencesGroup *group,
             const char          *title,
             gboolean             password)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (password ? adw_password_entry_row_new () : adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (row, TRUE);
  adw_preferences_group_add (group, GTK_WIDGET (row));

  return row;
}

GtkWidget *
sk_staff_setup_dialog_new (GtkWindow *parent,
                           SkContext *context)
{
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *create;
  GtkWidget *clamp;
  GtkWidget *content;
  GtkWidget *intro;
  AdwPreferencesGroup *group;
  Setup *setup;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), _("Who’s at the Desk?"));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 440, -1);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  setup = g_new0 (Setup, 1);
  setup->context = g_object_ref (context);
  g_object_set_data_full (G_OBJECT (dialog), "sk-setup", setup, setup_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect (cancel, "clicked", G_CALLBACK (setup_cancel_clicked_cb), dialog);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  create = gtk_button_new_with_mnemonic (_("C_reate"));
  gtk_widget_add_css_class (create, "suggested-action");
  g_signal_connect (create, "clicked", G_CALLBACK (setup_create_clicked_cb), dialog);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), create);
  gtk_box_append (GTK_BOX (box), header);

  clamp = adw_clamp_new ();
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  intro = gtk_label_new (_("You are the shop’s owner. Your passphrase protects the return policy, the limits and approvals above them; staff you add later work without one. It is stored only as a salted hash: write it down somewhere safe."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (content), intro);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  setup->name_row = setup_entry (group, _("Your _name"), FALSE);
  setup->passphrase_row = setup_entry (group, _("_Passphrase"), TRUE);
  setup->repeat_row = setup_entry (group, _("_Repeat passphrase"), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (group));

  setup->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (setup->error_label, TRUE);
  gtk_label_set_xalign (setup->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (setup->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (setup->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (setup->error_label));

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_box_append (GTK_BOX (box), clamp);
  adw_window_set_content (ADW_WINDOW (dialog), box);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), create);

  return dialog;
}

gboolean
sk_staff_setup_dialog_submit (GtkWidget  *dialog,
                              const char *name,
                              const char *passphrase,
                              const char *repeat)
{
  Setup *setup;

  g_return_val_if_fail (ADW_IS_WINDOW (dialog), FALSE);

  setup = g_object_get_data (G_OBJECT (dialog), "sk-setup");
  g_return_val_if_fail (setup != NULL, FALSE);

  gtk_editable_set_text (GTK_EDITABLE (setup->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (setup->passphrase_row), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (setup->repeat_row), repeat);

  return setup_create (dialog);
}
