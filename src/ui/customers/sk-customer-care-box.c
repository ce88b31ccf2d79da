/* sk-customer-care-box.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-care-box"

#include "config.h"

#include "sk-customer-care-box.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-customer-care-service.h"
#include "sk-customer-care.h"
#include "sk-export.h"
#include "sk-messages.h"
#include "sk-staff-session.h"
#include "sk-time.h"
#include "sk-window.h"

/* Messages listed in a profile; the rest are in the exported data. */
#define MAX_MESSAGES 30
/* Merge candidates listed for a search. */
#define MAX_CANDIDATES 30

struct _SkCustomerCareBox
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  AdwPreferencesGroup *aliases_group;
  GtkListBox          *aliases_list;
  GtkFlowBox          *tags_flow;
  AdwEntryRow         *tag_entry;
  AdwActionRow        *consent_row;
  AdwExpanderRow      *consent_history_row;
  GPtrArray           *consent_history_rows;
  AdwEntryRow         *note_entry;
  GtkListBox          *notes_list;
  AdwPreferencesGroup *messages_group;
  GtkListBox          *messages_list;
  AdwActionRow        *edit_row;

  SkContext           *context;
  SkCustomerProfile   *profile;     /* a copy of what is shown, or NULL */
  SkCustomerCare      *care;
};

G_DEFINE_FINAL_TYPE (SkCustomerCareBox, sk_customer_care_box, GTK_TYPE_WIDGET)

/* Helpers */

static SkCustomerCareService *
get_service (SkCustomerCareBox *self)
{
  return self->context != NULL ? sk_context_get_service (self->context, SK_TYPE_CUSTOMER_CARE_SERVICE) : NULL;
}

static SkDatabase *
get_database (SkCustomerCareBox *self)
{
  return self->context != NULL ? sk_context_get_database (self->context) : NULL;
}

static GtkWindow *
get_window (SkCustomerCareBox *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (SkCustomerCareBox *self,
            const char        *message)
{
  GtkWindow *window = get_window (self);

  if (SK_IS_WINDOW (window))
    sk_window_show_error (SK_WINDOW (window), message);
  else
    g_warning ("%s", message);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
boxed_list_new (const char *accessible_label)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);

  return list;
}

static GtkWidget *
group_new (GtkWidget  *box,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (GTK_BOX (box), group);

  return group;
}

static GtkWidget *
suffix_button_new (const char *label,
                   const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);

  return button;
}

static char *
format_when_who (gint64      when,
                 const char *who)
{
  g_autofree char *date = sk_time_format_date_time (when);

  /* Translators: when and by whom, e.g. "3 Jan 2026, 14:02 · Mia" */
  return g_strdup_printf (_("%s · %s"), date, who);
}

/* Showing */

static void
show_aliases (SkCustomerCareBox *self)
{
  clear_list (self->aliases_list);

  for (guint i = 0; self->care != NULL && i < self->care->aliases->len; i++)
    {
      const SkCustomerAlias *alias = g_ptr_array_index (self->care->aliases, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *when = format_when_who (alias->linked_at, alias->linked_by);
      g_autofree char *tooltip = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *split = suffix_button_new (_("_Split"), NULL);

      /* Translators: when two addresses were merged, and by whom */
      subtitle = g_strdup_printf (_("Merged %s"), when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), alias->email);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* Translators: %s is an e-mail address merged into a profile */
      tooltip = g_strdup_printf (_("Give %s its own profile again"), alias->email);
      gtk_widget_set_tooltip_text (split, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (split), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (split), "care.split");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (split), "x", alias->ref_id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), split);
      gtk_list_box_append (self->aliases_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->aliases_list),
                          self->care != NULL && self->care->aliases->len > 0);
}

static void
show_tags (SkCustomerCareBox *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_flow))) != NULL)
    gtk_flow_box_remove (self->tags_flow, child);

  for (guint i = 0; self->care != NULL && i < self->care->tags->len; i++)
    {
      const char *tag = g_ptr_array_index (self->care->tags, i);
      g_autofree char *remove = NULL;
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (tag);

      /* A long tag must not widen the profile pane. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_box_append (GTK_BOX (content), label);
      gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("window-close-symbolic"));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "small");
      /* Translators: %s is a tag on a customer */
      remove = g_strdup_printf (_("Remove the tag “%s”"), tag);
      gtk_widget_set_tooltip_text (button, remove);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "care.remove-tag");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tag);
      gtk_flow_box_append (self->tags_flow, button);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tags_flow), self->care != NULL && self->care->tags->len > 0);
}

static void
show_consent (SkCustomerCareBox *self)
{
  SkConsentState state = self->care != NULL ? self->care->consent : SK_CONSENT_NEVER_ASKED;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->consent_history_rows->len; i++)
    adw_expander_row_remove (self->consent_history_row, g_ptr_array_index (self->consent_history_rows, i));
  g_ptr_array_set_size (self->consent_history_rows, 0);

  if (self->care != NULL && self->care->consent_history->len > 0)
    {
      const SkConsentRecord *latest = NULL;

      /* The newest record of the primary address is the state. */
      for (guint i = 0; i < self->care->consent_history->len && latest == NULL; i++)
        {
          const SkConsentRecord *record = g_ptr_array_index (self->care->consent_history, i);

          if (g_ascii_strcasecmp (record->email, self->profile->email) == 0)
            latest = record;
        }

      if (latest != NULL)
        {
          g_autofree char *when = format_when_who (latest->recorded_at, latest->recorded_by);

          /* Translators: consent state, how it was given, when and by whom:
           * "Subscribed — At checkout, 3 Jan 2026 · Mia" */
          subtitle = g_strdup_printf (_("%s — %s, %s"), sk_consent_state_get_label (state),
                                      sk_consent_source_get_label (latest->source), when);
        }

      for (guint i = 0; i < self->care->consent_history->len; i++)
        {
          const SkConsentRecord *record = g_ptr_array_index (self->care->consent_history, i);
          g_autofree char *when = format_when_who (record->recorded_at, record->recorded_by);
          g_autofree char *title = g_strdup_printf (_("%s — %s"), sk_consent_state_get_label (record->state),
                                                    sk_consent_source_get_label (record->source));
          g_autoptr(GString) detail = g_string_new (when);
          GtkWidget *row = adw_action_row_new ();

          if (g_ascii_strcasecmp (record->email, self->profile->email) != 0)
            g_string_append_printf (detail, " · %s", record->email);
          if (*record->wording != '\0')
            g_string_append_printf (detail, "\n“%s”", record->wording);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail->str);
          adw_expander_row_add_row (self->consent_history_row, row);
          g_ptr_array_add (self->consent_history_rows, row);
        }
    }

  adw_action_row_set_subtitle (self->consent_row,
                               subtitle != NULL ? subtitle : sk_consent_state_get_label (state));
  gtk_widget_set_visible (GTK_WIDGET (self->consent_history_row), self->consent_history_rows->len > 0);
}

static void
show_notes (SkCustomerCareBox *self)
{
  clear_list (self->notes_list);

  for (guint i = 0; self->care != NULL && i < self->care->notes->len; i++)
    {
      const SkCustomerNote *note = g_ptr_array_index (self->care->notes, i);
      g_autofree char *when = format_when_who (note->created_at, note->author);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), note->note);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      gtk_list_box_append (self->notes_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), self->care != NULL && self->care->notes->len > 0);
}

static int
compare_wait (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const SkMessage *x = *(SkMessage * const *) a;
  const SkMessage *y = *(SkMessage * const *) b;

  return (y->created_at > x->created_at) - (y->created_at < x->created_at);
}

/* How fast this customer got answers: each message of theirs is answered
 * by the shop's next message after it. */
static char *
format_response_times (GPtrArray *messages)
{
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_inbound = 0, within_24 = 0, within_48 = 0;
  g_autofree char *median = NULL;
  gint64 m;

  /* Newest first: walk backwards, oldest first. */
  for (guint i = messages->len; i > 0; i--)
    {
      const SkMessage *in = g_ptr_array_index (messages, i - 1);

      if (in->direction != SK_MESSAGE_INBOUND)
        continue;
      n_inbound++;

      for (guint j = i - 1; j > 0; j--)
        {
          const SkMessage *out = g_ptr_array_index (messages, j - 1);

          if (out->direction == SK_MESSAGE_OUTBOUND && out->created_at >= in->created_at)
            {
              gint64 wait = out->created_at - in->created_at;

              g_array_append_val (waits, wait);
              within_24 += wait <= 24 * 3600;
              within_48 += wait <= 48 * 3600;
              break;
            }
        }
    }

  if (n_inbound == 0)
    return NULL;
  if (waits->len == 0)
    return g_strdup (g_dngettext (GETTEXT_PACKAGE, "Their message has no answer yet",
                                  "None of their messages has an answer yet", n_inbound));

  g_array_sort (waits, compare_wait);
  m = g_array_index (waits, gint64, waits->len / 2);
  if (m < 3600)
    median = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong) (m / 60)),
                              (int) (m / 60));
  else
    median = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", (gulong) (m / 3600)),
                              (int) (m / 3600));

  /* Translators: answers to a customer: "Answered 3 of 4 within 24 h, 4 within 48 h; usually in 5 hours" */
  return g_strdup_printf (_("Answered %u of %u within 24 h, %u within 48 h; usually in %s"),
                          within_24, n_inbound, within_48, median);
}

static void
show_messages (SkCustomerCareBox *self)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_message_free);
  g_autofree char *times = NULL;
  SkDatabase *database = get_database (self);

  clear_list (self->messages_list);

  for (guint a = 0; database != NULL && self->profile != NULL && self->care != NULL &&
                    a <= self->care->aliases->len; a++)
    {
      const char *email = a == 0 ? self->profile->email
                                 : ((SkCustomerAlias *) g_ptr_array_index (self->care->aliases, a - 1))->email;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) error = NULL;

      if (*email == '\0')
        continue;

      found = sk_messages_list_for_customer (database, email, &error);
      if (found == NULL)
        {
          show_error (self, error->message);
          break;
        }
      g_ptr_array_extend_and_steal (messages, g_steal_pointer (&found));
    }

  g_ptr_array_sort (messages, compare_messages);

  for (guint i = 0; i < messages->len && i < MAX_MESSAGES; i++)
    {
      const SkMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *date = sk_time_format_date_time (message->created_at);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (message->direction == SK_MESSAGE_INBOUND
                                                      ? "mail-unread-symbolic" : "mail-send-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      message->direction == SK_MESSAGE_INBOUND ? _("From the customer")
                                                                               : _("To the customer"),
                                      -1);
      /* Translators: a message in a profile: date · channel · outcome */
      subtitle = g_strdup_printf (_("%s · %s · %s"), date, sk_message_channel_get_title (message->channel),
                                  sk_message_outcome_get_title (message->outcome));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     *message->subject != '\0' ? message->subject : message->body_text);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->messages_list, row);
    }

  times = format_response_times (messages);
  adw_preferences_group_set_description (self->messages_group,
                                         messages->len == 0 ? _("No message was exchanged yet.") : times);
  gtk_widget_set_visible (GTK_WIDGET (self->messages_list), messages->len > 0);
}

static void
show_contact_editing (SkCustomerCareBox *self)
{
  gboolean registered = self->profile != NULL && self->profile->customer_remote_id > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_row), registered);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->edit_row), registered);
  adw_action_row_set_subtitle (self->edit_row,
                               registered ? _("Name, e-mail, phone and addresses; sent to the store with the next sync")
                                          : _("Guests have no account in the store: their details come from each of "
                                              "their orders and cannot be edited here."));
}

void
sk_customer_care_box_reload (SkCustomerCareBox *self)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *database;

  g_return_if_fail (SK_IS_CUSTOMER_CARE_BOX (self));

  g_clear_pointer (&self->care, sk_customer_care_free);
  database = get_database (self);

  if (self->profile != NULL && database != NULL)
    {
      self->care = sk_customer_care_load (database, self->profile->id, &error);
      if (self->care == NULL)
        show_error (self, error->message);
    }

  show_aliases (self);
  show_tags (self);
  show_consent (self);
  show_notes (self);
  show_messages (self);
  show_contact_editing (self);
}

/* Dialogs */

static GtkWidget *
dialog_new (SkCustomerCareBox  *self,
            const char         *title,
            const char         *action_label,
            GtkWidget         **out_action,
            GtkWidget         **out_content)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *action = gtk_button_new_with_mnemonic (action_label);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), get_window (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 560);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_add_css_class (action, "suggested-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), action);
  gtk_window_set_default_widget (GTK_WINDOW (window), action);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (window), toolbar);

  *out_action = action;
  *out_content = content;

  return window;
}

/* Merging */

typedef struct
{
  SkCustomerCareBox *self;
  GtkWidget         *window;
  GtkListBox        *results;
  GtkWidget         *merge;
  gint64             other_id;
} MergeDialog;

static void
merge_dialog_free (gpointer data)
{
  MergeDialog *dialog = data;

  g_object_unref (dialog->self);
  g_free (dialog);
}

static void
merge_search_cb (GtkSearchEntry *entry,
                 MergeDialog    *dialog)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  SkDatabase *database = get_database (dialog->self);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (dialog->results);
  dialog->other_id = 0;
  gtk_widget_set_sensitive (dialog->merge, FALSE);

  if (database == NULL || g_utf8_strlen (text, -1) < 2)
    return;

  ids = sk_customers_query_ids (database, text, -1, SK_CUSTOMER_SORT_NAME, FALSE, &error);
  if (ids != NULL)
    objects = sk_customers_load_objects (database, (const gint64 *) (gpointer) ids->data,
                                         MIN (ids->len, MAX_CANDIDATES), &error);
  if (objects == NULL)
    {
      show_error (dialog->self, error->message);
      return;
    }

  for (guint i = 0; i < objects->len; i++)
    {
      SkCustomerObject *customer = g_ptr_array_index (objects, i);
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      GtkWidget *row;

      if (id == dialog->self->profile->id)
        continue;

      g_object_get (customer, "name", &name, "email", &email, NULL);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);
      g_object_set_data_full (G_OBJECT (row), "profile-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (dialog->results, row);
    }
}

static void
merge_selected_cb (GtkListBox    *list,
                   GtkListBoxRow *row,
                   MergeDialog   *dialog)
{
  const gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "profile-id") : NULL;

  dialog->other_id = id != NULL ? *id : 0;
  gtk_widget_set_sensitive (dialog->merge, dialog->other_id != 0);
}

static void
merge_clicked_cb (GtkButton   *button,
                  MergeDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  SkCustomerCareService *service = get_service (dialog->self);

  if (dialog->other_id == 0 || service == NULL)
    return;

  if (!sk_customer_care_service_merge (service, dialog->self->profile->id, dialog->other_id, &error))
    {
      show_error (dialog->self, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (dialog->window));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (widget);
  MergeDialog *dialog;
  GtkWidget *content;
  GtkWidget *label;
  GtkWidget *entry;
  GtkWidget *results;
  g_autofree char *text = NULL;

  if (self->profile == NULL)
    return;

  dialog = g_new0 (MergeDialog, 1);
  dialog->self = g_object_ref (self);
  dialog->window = dialog_new (self, _("Merge Customers"), _("_Merge"), &dialog->merge, &content);
  g_object_set_data_full (G_OBJECT (dialog->window), "dialog", dialog, merge_dialog_free);
  gtk_widget_set_sensitive (dialog->merge, FALSE);

  /* Translators: %s is the customer's name */
  text = g_strdup_printf (_("Find the other profile of %s, e.g. by an older or a work e-mail address. "
                            "Its orders, notes and tags then count as theirs. You can split them again later."),
                          self->profile->display_name);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (content), label);

  entry = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search customers to merge"), -1);
  g_object_set (entry, "placeholder-text", _("Name or e-mail"), NULL);
  g_signal_connect (entry, "search-changed", G_CALLBACK (merge_search_cb), dialog);
  gtk_box_append (GTK_BOX (content), entry);

  results = boxed_list_new (_("Customers found"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (results), GTK_SELECTION_SINGLE);
  g_signal_connect (results, "row-selected", G_CALLBACK (merge_selected_cb), dialog);
  dialog->results = GTK_LIST_BOX (results);
  gtk_box_append (GTK_BOX (content), results);

  g_signal_connect (dialog->merge, "clicked", G_CALLBACK (merge_clicked_cb), dialog);
  gtk_window_present (GTK_WINDOW (dialog->window));
  gtk_widget_grab_focus (entry);
}

static void
split_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (widget);
  SkCustomerCareService *service = get_service (self);
  g_autoptr(GError) error = NULL;

  if (self->profile == NULL || service == NULL)
    return;

  if (!sk_customer_care_service_split (service, self->profile->id, g_variant_get_int64 (parameter), &error))
    show_error (self, error->message);
}

/* Tags and notes */

static void
tag_apply_cb (SkCustomerCareBox *self,
              AdwEntryRow       *entry)
{
  SkCustomerCareService *service = get_service (self);
  g_autoptr(GError) error = NULL;

  if (self->profile == NULL || service == NULL)
    return;

  if (!sk_customer_care_service_add_tag (service, self->profile->id,
                                         gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    {
      show_error (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  sk_customer_care_box_reload (self);
}

static void
remove_tag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (widget);
  SkCustomerCareService *service = get_service (self);
  g_autoptr(GError) error = NULL;

  if (self->profile == NULL || service == NULL)
    return;

  if (!sk_customer_care_service_remove_tag (service, self->profile->id,
                                            g_variant_get_string (parameter, NULL), &error))
    show_error (self, error->message);
  else
    sk_customer_care_box_reload (self);
}

static void
note_apply_cb (SkCustomerCareBox *self,
               AdwEntryRow       *entry)
{
  SkCustomerCareService *service = get_service (self);
  g_autoptr(GError) error = NULL;

  if (self->profile == NULL || service == NULL)
    return;

  if (sk_customer_care_service_add_note (service, self->profile->id,
                                         gtk_editable_get_text (GTK_EDITABLE (entry)), &error) == 0)
    {
      show_error (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  sk_customer_care_box_reload (self);
}

/* Consent */

typedef struct
{
  SkCustomerCareBox *self;
  GtkWidget         *window;
  AdwComboRow       *state;
  AdwComboRow       *source;
  AdwEntryRow       *wording;
} ConsentDialog;

static void
consent_dialog_free (gpointer data)
{
  ConsentDialog *dialog = data;

  g_object_unref (dialog->self);
  g_free (dialog);
}

static void
consent_save_cb (GtkButton     *button,
                 ConsentDialog *dialog)
{
  SkCustomerCareService *service = get_service (dialog->self);
  g_autoptr(GError) error = NULL;
  SkConsentState state = adw_combo_row_get_selected (dialog->state) == 0 ? SK_CONSENT_SUBSCRIBED
                                                                          : SK_CONSENT_UNSUBSCRIBED;
  SkConsentSource source = (SkConsentSource) (adw_combo_row_get_selected (dialog->source) + 1);

  if (service == NULL || dialog->self->profile == NULL)
    return;

  if (!sk_customer_care_service_set_consent (service, dialog->self->profile->id, state, source,
                                             gtk_editable_get_text (GTK_EDITABLE (dialog->wording)), &error))
    {
      show_error (dialog->self, error->message);
      return;
    }

  sk_customer_care_box_reload (dialog->self);
  gtk_window_destroy (GTK_WINDOW (dialog->window));
}

static void
consent_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (widget);
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sources = gtk_string_list_new (NULL);
  ConsentDialog *dialog;
  GtkWidget *content;
  GtkWidget *save;
  GtkWidget *list;
  GtkWidget *label;

  if (self->profile == NULL)
    return;

  dialog = g_new0 (ConsentDialog, 1);
  dialog->self = g_object_ref (self);
  dialog->window = dialog_new (self, _("Marketing Consent"), _("_Save"), &save, &content);
  g_object_set_data_full (G_OBJECT (dialog->window), "dialog", dialog, consent_dialog_free);

  label = gtk_label_new (_("Each change is kept with the time, who recorded it and how the customer said so. "
                           "Campaigns only write to subscribed customers."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (content), label);

  gtk_string_list_append (states, sk_consent_state_get_label (SK_CONSENT_SUBSCRIBED));
  gtk_string_list_append (states, sk_consent_state_get_label (SK_CONSENT_UNSUBSCRIBED));
  for (int s = SK_CONSENT_SOURCE_CHECKOUT; s <= SK_CONSENT_SOURCE_LAST; s++)
    gtk_string_list_append (sources, sk_consent_source_get_label (s));

  list = boxed_list_new (_("Marketing consent"));
  dialog->state = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->state), _("Marketing E-mails"));
  adw_combo_row_set_model (dialog->state, G_LIST_MODEL (states));
  adw_combo_row_set_selected (dialog->state, self->care != NULL && self->care->consent == SK_CONSENT_SUBSCRIBED);
  dialog->source = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->source), _("How They Said So"));
  adw_combo_row_set_model (dialog->source, G_LIST_MODEL (sources));
  adw_combo_row_set_selected (dialog->source, SK_CONSENT_SOURCE_STAFF_PHONE - 1);
  dialog->wording = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->wording), _("What They Agreed To"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->state));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->source));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->wording));
  gtk_box_append (GTK_BOX (content), list);

  g_signal_connect (save, "clicked", G_CALLBACK (consent_save_cb), dialog);
  gtk_window_present (GTK_WINDOW (dialog->window));
}

/* Contact details */

typedef struct
{
  SkCustomerCareBox *self;
  GtkWidget         *window;
  AdwEntryRow       *first_name;
  AdwEntryRow       *last_name;
  AdwEntryRow       *email;
  AdwEntryRow       *phone;
  AdwEntryRow       *billing[6];
  AdwEntryRow       *shipping[6];
} ContactDialog;

static void
contact_dialog_free (gpointer data)
{
  ContactDialog *dialog = data;

  g_object_unref (dialog->self);
  g_free (dialog);
}

/* The address fields the form edits, in SkAddress order of the form. */
static char **
address_field (SkAddress *address,
               guint      i)
{
  char **fields[] = { &address->address_1, &address->address_2, &address->postcode,
                      &address->city, &address->state, &address->country };

  return fields[i];
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
read_address (AdwEntryRow     **rows,
              const SkAddress  *old,
              SkAddress        *address)
{
  gboolean changed = FALSE;

  sk_address_clear (address);
  sk_address_init (address);
  /* What the form does not show is kept as it was. */
  g_free (address->first_name);
  address->first_name = g_strdup (old->first_name);
  g_free (address->last_name);
  address->last_name = g_strdup (old->last_name);
  g_free (address->company);
  address->company = g_strdup (old->company);
  g_free (address->email);
  address->email = g_strdup (old->email);
  g_free (address->phone);
  address->phone = g_strdup (old->phone);

  for (guint i = 0; i < 6; i++)
    {
      char **field = address_field (address, i);
      const char *old_value = *address_field ((SkAddress *) old, i);

      g_free (*field);
      *field = g_strstrip (g_strdup (entry_text (rows[i])));
      changed |= g_strcmp0 (*field, old_value != NULL ? old_value : "") != 0;
    }

  return changed;
}

static void
contact_save_cb (GtkButton     *button,
                 ContactDialog *dialog)
{
  SkCustomerProfile *profile = dialog->self->profile;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  SkAddress billing, shipping;
  SkCustomerUpdate update = { 0 };

  if (profile == NULL || dialog->self->context == NULL)
    return;

  sk_address_init (&billing);
  sk_address_init (&shipping);

  first_name = g_strstrip (g_strdup (entry_text (dialog->first_name)));
  last_name = g_strstrip (g_strdup (entry_text (dialog->last_name)));
  email = g_strstrip (g_strdup (entry_text (dialog->email)));
  phone = g_strstrip (g_strdup (entry_text (dialog->phone)));

  /* Only what changed goes to the store. */
  if (g_strcmp0 (first_name, profile->first_name) != 0)
    update.fields |= SK_CUSTOMER_UPDATE_FIRST_NAME;
  if (g_strcmp0 (last_name, profile->last_name) != 0)
    update.fields |= SK_CUSTOMER_UPDATE_LAST_NAME;
  if (g_strcmp0 (email, profile->email) != 0)
    update.fields |= SK_CUSTOMER_UPDATE_EMAIL;
  if (g_strcmp0 (phone, profile->billing.phone != NULL ? profile->billing.phone : "") != 0)
    update.fields |= SK_CUSTOMER_UPDATE_PHONE;
  if (read_address (dialog->billing, &profile->billing, &billing))
    update.fields |= SK_CUSTOMER_UPDATE_BILLING;
  if (read_address (dialog->shipping, &profile->shipping, &shipping))
    update.fields |= SK_CUSTOMER_UPDATE_SHIPPING;

  update.first_name = first_name;
  update.last_name = last_name;
  update.email = email;
  update.phone = phone;
  update.billing = &billing;
  update.shipping = &shipping;

  if (update.fields != 0 &&
      sk_context_queue_customer_update (dialog->self->context, profile->customer_remote_id, &update, &error) == 0)
    show_error (dialog->self, error->message);
  else
    gtk_window_destroy (GTK_WINDOW (dialog->window));

  sk_address_clear (&billing);
  sk_address_clear (&shipping);
}

static AdwEntryRow *
add_entry (GtkWidget  *list,
           const char *title,
           const char *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return ADW_ENTRY_ROW (row);
}

static void
add_address_group (GtkWidget       *content,
                   const char      *title,
                   const SkAddress *address,
                   AdwEntryRow    **rows)
{
  const char *titles[] = {
    _("Street Address"), _("Address Line 2"), _("Postcode"), _("City"), _("State or County"),
    /* Translators: a two-letter country code is expected */
    _("Country Code"),
  };
  GtkWidget *group = group_new (content, title);
  GtkWidget *list = boxed_list_new (title);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    rows[i] = add_entry (list, titles[i], *address_field ((SkAddress *) address, i));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
}

static void
edit_contact_cb (SkCustomerCareBox *self)
{
  ContactDialog *dialog;
  GtkWidget *content;
  GtkWidget *save;
  GtkWidget *group;
  GtkWidget *list;

  if (self->profile == NULL || self->profile->customer_remote_id <= 0)
    return;

  dialog = g_new0 (ContactDialog, 1);
  dialog->self = g_object_ref (self);
  dialog->window = dialog_new (self, _("Edit Contact Details"), _("_Save"), &save, &content);
  g_object_set_data_full (G_OBJECT (dialog->window), "dialog", dialog, contact_dialog_free);

  group = group_new (content, _("Customer"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Changes are saved here at once and sent to the store with the next sync."));
  list = boxed_list_new (_("Customer"));
  dialog->first_name = add_entry (list, _("First Name"), self->profile->first_name);
  dialog->last_name = add_entry (list, _("Last Name"), self->profile->last_name);
  dialog->email = add_entry (list, _("E-mail"), self->profile->email);
  dialog->phone = add_entry (list, _("Phone"), self->profile->billing.phone);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  add_address_group (content, _("Billing Address"), &self->profile->billing, dialog->billing);
  add_address_group (content, _("Shipping Address"), &self->profile->shipping, dialog->shipping);

  g_signal_connect (save, "clicked", G_CALLBACK (contact_save_cb), dialog);
  gtk_window_present (GTK_WINDOW (dialog->window));
}

/* Privacy */

static void
export_response_cb (GtkNativeDialog   *chooser,
                    int                response,
                    SkCustomerCareBox *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  SkDatabase *database = get_database (self);

  if (response == GTK_RESPONSE_ACCEPT && self->profile != NULL && database != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      json = sk_export_customer_json (database, self->profile->id, &error);
      if (json == NULL ||
          !g_file_replace_contents (file, json, strlen (json), NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                    NULL, NULL, &error))
        show_error (self, error->message);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->profile == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Customer Data"), get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: file name of a customer's exported data; %s is their name */
  name = g_strdup_printf (_("%s — customer data.json"), self->profile->display_name);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
erase_response_cb (AdwMessageDialog  *message,
                   const char        *response,
                   SkCustomerCareBox *self)
{
  AdwPasswordEntryRow *passphrase = g_object_get_data (G_OBJECT (message), "passphrase");
  SkCustomerCareService *service = get_service (self);
  g_autoptr(GError) error = NULL;
  SkStaffSession *session;

  if (g_strcmp0 (response, "erase") != 0 || self->profile == NULL || service == NULL)
    return;

  session = sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);
  if (passphrase != NULL && !sk_staff_session_has_owner_rights (session) &&
      !sk_staff_session_unlock_owner (session, gtk_editable_get_text (GTK_EDITABLE (passphrase)), &error))
    {
      show_error (self, error->message);
      return;
    }

  if (!sk_customer_care_service_erase (service, self->profile->id, &error))
    show_error (self, error->message);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (widget);
  g_autofree char *heading = NULL;
  SkStaffSession *session;
  GtkWidget *message;

  if (self->profile == NULL || self->context == NULL)
    return;

  session = sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);

  /* Translators: %s is the customer's name */
  heading = g_strdup_printf (_("Erase %s?"), self->profile->display_name);
  message = adw_message_dialog_new (get_window (self), heading,
                                    _("Their name, e-mail, phone and addresses are removed from every order, "
                                      "which stay for the books as “Erased customer”. Staff notes, consent "
                                      "records, tags and messages are deleted. This cannot be undone.\n\n"
                                      "This erases Shopkeeper’s copy only: erase them in the store too "
                                      "(WooCommerce: Tools → Erase Personal Data), or a later change there "
                                      "brings their details back."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message), "cancel");

  if (!sk_staff_session_has_owner_rights (session))
    {
      GtkWidget *list = boxed_list_new (_("Owner’s passphrase"));
      GtkWidget *row = adw_password_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Owner’s Passphrase"));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (message), list);
      g_object_set_data (G_OBJECT (message), "passphrase", row);
    }

  g_signal_connect_object (message, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (message));
}

/* GObject */

static void
sk_customer_care_box_dispose (GObject *object)
{
  SkCustomerCareBox *self = SK_CUSTOMER_CARE_BOX (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->profile, sk_customer_profile_free);
  g_clear_pointer (&self->care, sk_customer_care_free);
  g_clear_pointer (&self->consent_history_rows, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_customer_care_box_parent_class)->dispose (object);
}

static void
sk_customer_care_box_class_init (SkCustomerCareBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_customer_care_box_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "care.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "care.split", "x", split_action);
  gtk_widget_class_install_action (widget_class, "care.remove-tag", "s", remove_tag_action);
  gtk_widget_class_install_action (widget_class, "care.consent", NULL, consent_action);
  gtk_widget_class_install_action (widget_class, "care.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "care.erase", NULL, erase_action);
}

static GtkWidget *
action_row_new (const char *title,
                const char *subtitle,
                const char *action_name,
                const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (action_name != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action_name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));

  return row;
}

static void
sk_customer_care_box_init (SkCustomerCareBox *self)
{
  GtkWidget *group;
  GtkWidget *list;
  GtkWidget *button;
  GtkWidget *row;

  self->consent_history_rows = g_ptr_array_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Also known as */
  group = group_new (self->box, _("Also Known As"));
  self->aliases_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_group_set_description (self->aliases_group,
                                         _("Other e-mail addresses of the same person, merged by hand"));
  button = suffix_button_new (_("_Merge…"), _("Merge another profile of the same person into this one"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "care.merge");
  adw_preferences_group_set_header_suffix (self->aliases_group, button);
  self->aliases_list = GTK_LIST_BOX (boxed_list_new (_("Merged e-mail addresses")));
  adw_preferences_group_add (self->aliases_group, GTK_WIDGET (self->aliases_list));

  /* Tags */
  group = group_new (self->box, _("Tags"));
  self->tags_flow = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->tags_flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (self->tags_flow, 6);
  gtk_flow_box_set_row_spacing (self->tags_flow, 6);
  gtk_flow_box_set_max_children_per_line (self->tags_flow, 20);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->tags_flow), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tags_flow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tags of this customer"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->tags_flow));
  list = boxed_list_new (_("Add a tag"));
  self->tag_entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tag_entry), _("Add Tag"));
  adw_entry_row_set_show_apply_button (self->tag_entry, TRUE);
  g_signal_connect_swapped (self->tag_entry, "apply", G_CALLBACK (tag_apply_cb), self);
  g_signal_connect_swapped (self->tag_entry, "entry-activated", G_CALLBACK (tag_apply_cb), self);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->tag_entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  /* Consent */
  group = group_new (self->box, _("Marketing Consent"));
  list = boxed_list_new (_("Marketing consent"));
  self->consent_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->consent_row), _("Marketing E-mails"));
  button = suffix_button_new (_("C_hange…"), _("Record a change of their marketing consent"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "care.consent");
  adw_action_row_add_suffix (self->consent_row, button);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->consent_row));
  self->consent_history_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->consent_history_row), _("History"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->consent_history_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  /* Notes */
  group = group_new (self->box, _("Staff Notes"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Kept with who wrote them and when; they cannot be changed"));
  list = boxed_list_new (_("Add a note"));
  self->note_entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_entry), _("Add a Note"));
  adw_entry_row_set_show_apply_button (self->note_entry, TRUE);
  g_signal_connect_swapped (self->note_entry, "apply", G_CALLBACK (note_apply_cb), self);
  g_signal_connect_swapped (self->note_entry, "entry-activated", G_CALLBACK (note_apply_cb), self);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->note_entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  self->notes_list = GTK_LIST_BOX (boxed_list_new (_("Staff notes")));
  gtk_widget_set_margin_top (GTK_WIDGET (self->notes_list), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->notes_list));

  /* Messages */
  group = group_new (self->box, _("Messages"));
  self->messages_group = ADW_PREFERENCES_GROUP (group);
  self->messages_list = GTK_LIST_BOX (boxed_list_new (_("Messages exchanged with this customer")));
  adw_preferences_group_add (self->messages_group, GTK_WIDGET (self->messages_list));

  /* Contact details and privacy */
  group = group_new (self->box, _("Contact Details and Privacy"));
  list = boxed_list_new (_("Contact details and privacy"));
  row = action_row_new (_("_Edit Contact Details…"), NULL, NULL, "document-edit-symbolic");
  self->edit_row = ADW_ACTION_ROW (row);
  g_signal_connect_swapped (row, "activated", G_CALLBACK (edit_contact_cb), self);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_list_box_append (GTK_LIST_BOX (list),
                       action_row_new (_("E_xport Their Data…"),
                                       _("Everything kept about them, as a JSON file"),
                                       "care.export", "document-save-symbolic"));
  row = action_row_new (_("E_rase Customer…"), _("For a request to be forgotten; needs the owner"),
                        "care.erase", "user-trash-symbolic");
  gtk_widget_add_css_class (row, "error");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  sk_customer_care_box_reload (self);
}

/* Public API */

GtkWidget *
sk_customer_care_box_new (void)
{
  return g_object_new (SK_TYPE_CUSTOMER_CARE_BOX, NULL);
}

void
sk_customer_care_box_set_context (SkCustomerCareBox *self,
                                  SkContext         *context)
{
  g_return_if_fail (SK_IS_CUSTOMER_CARE_BOX (self));
  g_return_if_fail (context == NULL || SK_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    sk_customer_care_box_reload (self);
}

static void
copy_address (SkAddress       *copy,
              const SkAddress *address)
{
  sk_address_init (copy);
  for (guint i = 0; i < 6; i++)
    {
      g_free (*address_field (copy, i));
      *address_field (copy, i) = g_strdup (*address_field ((SkAddress *) address, i));
    }
  g_free (copy->first_name);
  copy->first_name = g_strdup (address->first_name);
  g_free (copy->last_name);
  copy->last_name = g_strdup (address->last_name);
  g_free (copy->company);
  copy->company = g_strdup (address->company);
  g_free (copy->email);
  copy->email = g_strdup (address->email);
  g_free (copy->phone);
  copy->phone = g_strdup (address->phone);
}

static SkCustomerProfile *
copy_profile (const SkCustomerProfile *profile)
{
  SkCustomerProfile *copy = g_new0 (SkCustomerProfile, 1);

  /* What the box shows and edits; not the orders. */
  copy->id = profile->id;
  copy->customer_remote_id = profile->customer_remote_id;
  copy->email = g_strdup (profile->email);
  copy->first_name = g_strdup (profile->first_name);
  copy->last_name = g_strdup (profile->last_name);
  copy->display_name = g_strdup (profile->display_name);
  copy->username = g_strdup (profile->username);
  copy->currency = g_strdup (profile->currency);
  copy_address (&copy->billing, &profile->billing);
  copy_address (&copy->shipping, &profile->shipping);
  copy->orders = g_ptr_array_new ();

  return copy;
}

void
sk_customer_care_box_set_profile (SkCustomerCareBox       *self,
                                  const SkCustomerProfile *profile)
{
  g_return_if_fail (SK_IS_CUSTOMER_CARE_BOX (self));

  g_clear_pointer (&self->profile, sk_customer_profile_free);
  if (profile != NULL)
    self->profile = copy_profile (profile);

  sk_customer_care_box_reload (self);
}
