/* sk-passphrase-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-passphrase-dialog"

#include "config.h"

#include "sk-passphrase-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sk-context.h"
#include "sk-staff-switcher.h"
#include "sk-window.h"

struct _SkPassphraseDialog
{
  AdwWindow        parent_instance;

  /* owned references */
  SkStaffSession  *session;

  gint64           staff_id;

  /* widgets */
  GtkLabel        *body_label;
  AdwEntryRow     *entry;
  GtkLabel        *error_label;
  GtkWidget       *unlock_button;
};

G_DEFINE_FINAL_TYPE (SkPassphraseDialog, sk_passphrase_dialog, ADW_TYPE_WINDOW)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SkPassphraseDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
try_unlock (SkPassphraseDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *passphrase = NULL;
  gboolean ok;

  passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  if (passphrase[0] == '\0')
    {
      show_error (self, _("Type the owner’s passphrase."));
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
      return FALSE;
    }

  if (self->staff_id != 0)
    ok = sk_staff_session_switch_to (self->session, self->staff_id, passphrase, &error);
  else
    ok = sk_staff_session_unlock_owner (self->session, passphrase, &error);

  /* The passphrase leaves no copy behind in our memory or the entry. */
  memset (passphrase, 0, strlen (passphrase));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");

  if (!ok)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
      return FALSE;
    }

  show_error (self, NULL);
  g_object_ref (self);
  g_signal_emit (self, signals[UNLOCKED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);

  return TRUE;
}

static void
unlock_clicked_cb (SkPassphraseDialog *self,
                   GtkButton          *button)
{
  try_unlock (self);
}

static void
cancel_clicked_cb (SkPassphraseDialog *self,
                   GtkButton          *button)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
entry_changed_cb (SkPassphraseDialog *self,
                  GtkEditable        *editable)
{
  gtk_widget_set_sensitive (self->unlock_button, gtk_editable_get_text (editable)[0] != '\0');
}

static void
sk_passphrase_dialog_dispose (GObject *object)
{
  SkPassphraseDialog *self = SK_PASSPHRASE_DIALOG (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_passphrase_dialog_parent_class)->dispose (object);
}

static void
sk_passphrase_dialog_class_init (SkPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_passphrase_dialog_dispose;

  signals[UNLOCKED] =
    g_signal_new ("unlocked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_passphrase_dialog_init (SkPassphraseDialog *self)
{
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *clamp;
  GtkWidget *content;
  GtkWidget *group;

  gtk_window_set_title (GTK_WINDOW (self), _("Owner’s Passphrase"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 420, -1);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->unlock_button = gtk_button_new_with_mnemonic (_("_Unlock"));
  gtk_widget_add_css_class (self->unlock_button, "suggested-action");
  gtk_widget_set_sensitive (self->unlock_button, FALSE);
  g_signal_connect_object (self->unlock_button, "clicked", G_CALLBACK (unlock_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->unlock_button);
  gtk_box_append (GTK_BOX (box), header);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  self->body_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->body_label, TRUE);
  gtk_label_set_xalign (self->body_label, 0);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->body_label));

  group = adw_preferences_group_new ();
  self->entry = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entry), _("_Passphrase"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->entry), TRUE);
  adw_entry_row_set_activates_default (self->entry, TRUE);
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (content), group);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_box_append (GTK_BOX (box), clamp);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->unlock_button);
}

SkPassphraseDialog *
sk_passphrase_dialog_new (GtkWindow      *parent,
                          SkStaffSession *session,
                          gint64          staff_id,
                          const char     *body)
{
  SkPassphraseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SK_IS_STAFF_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_PASSPHRASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  self->staff_id = staff_id;
  gtk_label_set_text (self->body_label,
                      body != NULL ? body : _("This needs the owner’s rights. Type the owner’s passphrase to go on."));

  /* The demo shop's owner is made up: say what the passphrase is. */
  for (GtkWindow *window = parent; window != NULL; window = gtk_window_get_transient_for (window))
    {
      if (SK_IS_WINDOW (window)
          && sk_context_get_demo_server (sk_window_get_context (SK_WINDOW (window))) != NULL)
        {
          g_autofree char *text = NULL;

          /* Translators: %s is the demo shop's owner passphrase */
          text = g_strdup_printf (_("%s\n\nIn the demo shop, the owner’s passphrase is “%s”."),
                                  gtk_label_get_text (self->body_label), SK_STAFF_DEMO_PASSPHRASE);
          gtk_label_set_text (self->body_label, text);
          break;
        }
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->body_label, NULL,
                                  -1);

  return self;
}

gboolean
sk_passphrase_dialog_submit (SkPassphraseDialog *self,
                             const char         *passphrase)
{
  g_return_val_if_fail (SK_IS_PASSPHRASE_DIALOG (self), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), passphrase);

  return try_unlock (self);
}

const char *
sk_passphrase_dialog_get_error (SkPassphraseDialog *self)
{
  g_return_val_if_fail (SK_IS_PASSPHRASE_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label)
         : NULL;
}

typedef struct
{
  SkOwnerRightsFunc func;
  gpointer          user_data;
  GDestroyNotify    destroy;
} RequireOwner;

static void
require_owner_free (gpointer  data,
                    GClosure *closure)
{
  RequireOwner *require = data;

  if (require->destroy != NULL)
    require->destroy (require->user_data);
  g_free (require);
}

static void
require_owner_unlocked_cb (SkPassphraseDialog *dialog,
                           RequireOwner       *require)
{
  require->func (require->user_data);
}

SkPassphraseDialog *
sk_passphrase_dialog_require_owner (GtkWidget        *widget,
                                    SkStaffSession   *session,
                                    const char       *body,
                                    SkOwnerRightsFunc func,
                                    gpointer          user_data,
                                    GDestroyNotify    destroy)
{
  SkPassphraseDialog *dialog;
  RequireOwner *require;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (SK_IS_STAFF_SESSION (session), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (sk_staff_session_has_owner_rights (session))
    {
      func (user_data);
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  root = gtk_widget_get_root (widget);
  dialog = sk_passphrase_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, session, 0, body);
  require = g_new0 (RequireOwner, 1);
  require->func = func;
  require->user_data = user_data;
  require->destroy = destroy;
  g_signal_connect_data (dialog, "unlocked",
                         G_CALLBACK (require_owner_unlocked_cb), require,
                         require_owner_free, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}
