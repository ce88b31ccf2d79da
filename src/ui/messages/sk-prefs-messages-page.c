/* sk-prefs-messages-page.c
 *
 * Every field is saved when it is applied (the entry rows' apply button or
 * Enter, a switch or a choice at once) through the shop settings on the
 * context's writable connection; the SMTP password goes to the keyring,
 * never to the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-prefs-messages-page"

#include "config.h"

#include "sk-prefs-messages-page.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-messenger.h"
#include "sk-secrets.h"
#include "sk-shop-settings.h"
#include "sk-template-editor.h"

struct _SkPrefsMessagesPage
{
  AdwPreferencesPage  parent_instance;

  SkContext          *context;      /* owned */
  GCancellable       *cancellable;
  gboolean            loading;

  AdwComboRow        *channel_row;
  AdwPreferencesGroup *smtp_group;
  AdwEntryRow        *host_row;
  AdwEntryRow        *port_row;
  AdwComboRow        *security_row;
  AdwEntryRow        *user_row;
  AdwPasswordEntryRow *password_row;
  AdwActionRow       *test_row;
  GtkWidget          *test_button;
  GtkSwitch          *newsletter_switch;
  AdwEntryRow        *signup_row;
  GtkTextView        *benefits_view;
  AdwEntryRow        *review_row;
  AdwEntryRow        *language_row;
  GtkLabel           *status_label;
};

G_DEFINE_FINAL_TYPE (SkPrefsMessagesPage, sk_prefs_messages_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_status (SkPrefsMessagesPage *self,
             const char          *message,
             gboolean             is_error)
{
  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
    }
}

static gboolean
save (SkPrefsMessagesPage *self,
      const char          *key,
      const char          *value)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *db;

  if (self->loading)
    return TRUE;

  db = sk_context_get_writer (self->context, NULL, &error);
  if (db == NULL || !sk_shop_settings_set_string (db, key, value != NULL && *value != '\0' ? value : NULL, NULL, &error))
    {
      show_status (self, error->message, TRUE);
      return FALSE;
    }

  show_status (self, NULL, FALSE);
  return TRUE;
}

static char *
load (SkPrefsMessagesPage *self,
      const char          *key,
      const char          *fallback)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *db = sk_context_get_writer (self->context, NULL, &error);

  if (db == NULL)
    return g_strdup (fallback);

  return sk_shop_settings_get_string (db, key, fallback);
}

static void
update_smtp_visible (SkPrefsMessagesPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->smtp_group), adw_combo_row_get_selected (self->channel_row) == 1);
}

static void
channel_selected_cb (SkPrefsMessagesPage *self)
{
  update_smtp_visible (self);
  save (self, SK_MESSAGES_CHANNEL,
        adw_combo_row_get_selected (self->channel_row) == 1 ? SK_MESSENGER_CHANNEL_SMTP : SK_MESSENGER_CHANNEL_STORE);
}

static void
security_selected_cb (SkPrefsMessagesPage *self)
{
  save (self, SK_MESSAGES_SMTP_SECURITY, adw_combo_row_get_selected (self->security_row) == 1 ? "tls" : "starttls");
}

static void
entry_applied_cb (AdwEntryRow         *row,
                  SkPrefsMessagesPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "sk-setting");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (row == self->port_row && *text != '\0')
    {
      guint64 port;

      if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
        {
          show_status (self, _("The port must be a number from 1 to 65535."), TRUE);
          return;
        }
    }

  if (row == self->language_row && *text != '\0')
    {
      g_autofree char *language = sk_template_normalize_language (text);

      if (language == NULL)
        {
          show_status (self, _("Enter a language code such as “en” or “de”."), TRUE);
          return;
        }
      g_free (text);
      text = g_steal_pointer (&language);
      gtk_editable_set_text (GTK_EDITABLE (row), text);
    }

  save (self, key, text);
}

static void
newsletter_toggled_cb (SkPrefsMessagesPage *self)
{
  save (self, SK_MESSAGES_NEWSLETTER, gtk_switch_get_active (self->newsletter_switch) ? "1" : NULL);
}

static gboolean
benefits_focus_left_cb (SkPrefsMessagesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->benefits_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  save (self, SK_MESSAGES_NEWSLETTER_BENEFITS, text);

  return FALSE;
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SkPrefsMessagesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sk_secrets_store_smtp_password_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, error->message, TRUE);
      return;
    }

  show_status (self, _("Password saved in your keyring."), FALSE);
}

static void
password_applied_cb (SkPrefsMessagesPage *self)
{
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*host == '\0' || *user == '\0')
    {
      show_status (self, _("Enter the mail server and the user name first: the password is kept for them."), TRUE);
      return;
    }

  sk_secrets_store_smtp_password_async (host, user, password, self->cancellable, password_stored_cb, g_object_ref (self));
  /* The field never keeps the password once it is in the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
test_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SkPrefsMessagesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_widget_set_sensitive (self->test_button, TRUE);
  if (!sk_messenger_send_test_finish (SK_MESSENGER (object), result, &error))
    show_status (self, error->message, TRUE);
  else
    show_status (self, _("The test message was sent to the shop’s own address."), FALSE);
}

static void
test_clicked_cb (SkPrefsMessagesPage *self)
{
  SkMessenger *messenger = sk_context_get_service (self->context, SK_TYPE_MESSENGER);

  gtk_widget_set_sensitive (self->test_button, FALSE);
  show_status (self, _("Sending a test message…"), FALSE);
  sk_messenger_send_test_async (messenger, NULL, self->cancellable, test_sent_cb, g_object_ref (self));
}

static void
edit_templates_cb (SkPrefsMessagesPage *self)
{
  sk_template_editor_present (GTK_WIDGET (self), self->context, NULL);
}

static AdwEntryRow *
add_entry (SkPrefsMessagesPage *self,
           AdwPreferencesGroup *group,
           const char          *title,
           const char          *key,
           GtkInputPurpose      purpose)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());
  g_autofree char *value = load (self, key, "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (row, TRUE);
  adw_entry_row_set_input_purpose (row, purpose);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  g_object_set_data (G_OBJECT (row), "sk-setting", (gpointer) key);
  g_signal_connect (row, "apply", G_CALLBACK (entry_applied_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (row));

  return row;
}

static AdwComboRow *
add_combo (AdwPreferencesGroup *group,
           const char          *title,
           const char          *subtitle,
           const char * const  *items)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_preferences_group_add (group, GTK_WIDGET (row));

  return row;
}

static void
build (SkPrefsMessagesPage *self)
{
  AdwPreferencesGroup *delivery = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *newsletter = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *templates = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const char *channels[] = { _("Through the Store"), _("Through Your Mail Server"), NULL };
  const char *securities[] = { _("STARTTLS (port 587)"), _("TLS (port 465)"), NULL };
  g_autofree char *channel = load (self, SK_MESSAGES_CHANNEL, SK_MESSENGER_CHANNEL_STORE);
  g_autofree char *security = load (self, SK_MESSAGES_SMTP_SECURITY, "starttls");
  g_autofree char *newsletter_on = load (self, SK_MESSAGES_NEWSLETTER, "");
  g_autofree char *benefits = load (self, SK_MESSAGES_NEWSLETTER_BENEFITS, "");
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *row;
  GtkWidget *frame;
  GtkWidget *scrolled;
  GtkWidget *benefits_label;

  self->loading = TRUE;

  adw_preferences_group_set_title (delivery, _("Delivery"));
  adw_preferences_group_set_description (delivery,
                                         _("Through the store, each message becomes a note for the customer on the order, and the store e-mails it. Your own mail server sends it from the shop’s address, as text and HTML."));
  self->channel_row = add_combo (delivery, _("Send Messages"), NULL, channels);
  adw_combo_row_set_selected (self->channel_row, g_strcmp0 (channel, SK_MESSENGER_CHANNEL_SMTP) == 0 ? 1 : 0);
  g_signal_connect_swapped (self->channel_row, "notify::selected", G_CALLBACK (channel_selected_cb), self);
  self->language_row = add_entry (self, delivery, _("Shop’s Language"), SK_MESSAGES_LANGUAGE, GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->language_row),
                               _("A language code such as “en”: messages are written in it when the customer’s language has no template"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), delivery);

  self->smtp_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->smtp_group, _("Mail Server"));
  adw_preferences_group_set_description (self->smtp_group,
                                         _("Messages are always sent encrypted. The password is kept in your keyring."));
  self->host_row = add_entry (self, self->smtp_group, _("Server Address"), SK_MESSAGES_SMTP_HOST, GTK_INPUT_PURPOSE_URL);
  self->port_row = add_entry (self, self->smtp_group, _("Port"), SK_MESSAGES_SMTP_PORT, GTK_INPUT_PURPOSE_DIGITS);
  self->security_row = add_combo (self->smtp_group, _("Encryption"), NULL, securities);
  adw_combo_row_set_selected (self->security_row, g_strcmp0 (security, "tls") == 0 ? 1 : 0);
  g_signal_connect_swapped (self->security_row, "notify::selected", G_CALLBACK (security_selected_cb), self);
  self->user_row = add_entry (self, self->smtp_group, _("User Name"), SK_MESSAGES_SMTP_USER, GTK_INPUT_PURPOSE_EMAIL);
  self->password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->password_row), TRUE);
  g_signal_connect_swapped (self->password_row, "apply", G_CALLBACK (password_applied_cb), self);
  adw_preferences_group_add (self->smtp_group, GTK_WIDGET (self->password_row));
  self->test_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->test_row), _("Test the Mail Server"));
  adw_action_row_set_subtitle (self->test_row, _("Sends a short message to the shop’s own address"));
  self->test_button = gtk_button_new_with_mnemonic (_("Send _Test Message"));
  gtk_widget_set_valign (self->test_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->test_button, "clicked", G_CALLBACK (test_clicked_cb), self);
  adw_action_row_add_suffix (self->test_row, self->test_button);
  adw_preferences_group_add (self->smtp_group, GTK_WIDGET (self->test_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->smtp_group);

  self->status_label = GTK_LABEL (status);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_visible (status, FALSE);
  adw_preferences_group_add (self->smtp_group, status);

  adw_preferences_group_set_title (newsletter, _("Newsletter Invitation"));
  adw_preferences_group_set_description (newsletter,
                                         _("A short invitation at the end of order confirmations: what the newsletter brings, where to sign up, a link to your privacy policy (Preferences → Shop), and that ignoring it is fine."));
  row = adw_action_row_new ();
  self->newsletter_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->newsletter_switch), GTK_ALIGN_CENTER);
  gtk_switch_set_active (self->newsletter_switch, g_strcmp0 (newsletter_on, "1") == 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Invite in Confirmations"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->newsletter_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->newsletter_switch));
  g_signal_connect_swapped (self->newsletter_switch, "notify::active", G_CALLBACK (newsletter_toggled_cb), self);
  adw_preferences_group_add (newsletter, row);
  self->signup_row = add_entry (self, newsletter, _("Sign-Up Address"), SK_MESSAGES_NEWSLETTER_URL, GTK_INPUT_PURPOSE_URL);

  benefits_label = gtk_label_new (_("What subscribers get, one a line"));
  gtk_label_set_xalign (GTK_LABEL (benefits_label), 0);
  gtk_widget_add_css_class (benefits_label, "dim-label");
  gtk_widget_set_margin_top (benefits_label, 12);
  gtk_widget_set_margin_bottom (benefits_label, 6);
  adw_preferences_group_add (newsletter, benefits_label);
  frame = gtk_frame_new (NULL);
  scrolled = gtk_scrolled_window_new ();
  self->benefits_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->benefits_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->benefits_view, 8);
  gtk_text_view_set_bottom_margin (self->benefits_view, 8);
  gtk_text_view_set_left_margin (self->benefits_view, 8);
  gtk_text_view_set_right_margin (self->benefits_view, 8);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->benefits_view), benefits, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->benefits_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What subscribers get, one a line"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->benefits_view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  benefits_label, NULL, -1);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect_swapped (focus, "leave", G_CALLBACK (benefits_focus_left_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->benefits_view), focus);
  }
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 90);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->benefits_view));
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  adw_preferences_group_add (newsletter, frame);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), newsletter);

  adw_preferences_group_set_title (templates, _("Templates"));
  self->review_row = add_entry (self, templates, _("Review Address"), SK_MESSAGES_REVIEW_URL, GTK_INPUT_PURPOSE_URL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->review_row), _("Where customers can write a review; used in the follow-up"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Edit Message Templates"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Confirmation, shipped, delayed, follow-up, thank-you"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_swapped (row, "activated", G_CALLBACK (edit_templates_cb), self);
  adw_preferences_group_add (templates, row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), templates);

  update_smtp_visible (self);
  self->loading = FALSE;
}

static void
sk_prefs_messages_page_constructed (GObject *object)
{
  SkPrefsMessagesPage *self = SK_PREFS_MESSAGES_PAGE (object);

  G_OBJECT_CLASS (sk_prefs_messages_page_parent_class)->constructed (object);

  build (self);
}

static void
sk_prefs_messages_page_dispose (GObject *object)
{
  SkPrefsMessagesPage *self = SK_PREFS_MESSAGES_PAGE (object);

  /* The benefits are saved when the field loses focus; closing the window
   * is the last chance. */
  if (self->benefits_view != NULL && self->context != NULL)
    benefits_focus_left_cb (self);
  self->benefits_view = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_prefs_messages_page_parent_class)->dispose (object);
}

static void
sk_prefs_messages_page_finalize (GObject *object)
{
  SkPrefsMessagesPage *self = SK_PREFS_MESSAGES_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sk_prefs_messages_page_parent_class)->finalize (object);
}

static void
sk_prefs_messages_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SkPrefsMessagesPage *self = SK_PREFS_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_prefs_messages_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SkPrefsMessagesPage *self = SK_PREFS_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_prefs_messages_page_class_init (SkPrefsMessagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_prefs_messages_page_constructed;
  object_class->dispose = sk_prefs_messages_page_dispose;
  object_class->finalize = sk_prefs_messages_page_finalize;
  object_class->get_property = sk_prefs_messages_page_get_property;
  object_class->set_property = sk_prefs_messages_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_prefs_messages_page_init (SkPrefsMessagesPage *self)
{
  self->cancellable = g_cancellable_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Messages"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "mail-send-symbolic");
}

GtkWidget *
sk_prefs_messages_page_new (SkContext *context)
{
  g_return_val_if_fail (SK_IS_CONTEXT (context), NULL);

  return g_object_new (SK_TYPE_PREFS_MESSAGES_PAGE, "context", context, NULL);
}
