/* sk-outbox-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-outbox-button"

#include "config.h"

#include "sk-outbox-button.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-context.h"
#include "sk-money.h"
#include "sk-sync-manager.h"
#include "sk-ui-format.h"

struct _SkOutboxButton
{
  AdwBin          parent_instance;

  /* widgets */
  GtkMenuButton  *button;
  GtkLabel       *count_label;
  GtkLabel       *summary_label;
  GtkListBox     *list;
  GtkButton      *send_button;

  /* owned references */
  SkContext      *context;
};

G_DEFINE_FINAL_TYPE (SkOutboxButton, sk_outbox_button, ADW_TYPE_BIN)

#define ITEM_ID_KEY "sk-outbox-item-id"

static const char *
payload_string (JsonObject *object,
                const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
sk_outbox_describe_change (const SkOutboxItem *item)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *payload = NULL;
  g_autofree char *number = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  /* Numbers as strings: the translatable texts stay free of
   * G_GINT64_FORMAT, which xgettext cannot see through. */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, item->target_remote_id);
  if (item->payload != NULL && json_parser_load_from_data (parser, item->payload, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    payload = json_node_get_object (json_parser_get_root (parser));

  switch (item->kind)
    {
    case SK_OUTBOX_KIND_ORDER_STATUS:
      {
        const char *status = payload_string (payload, "status");
        g_autofree char *label = sk_ui_format_status_label (status != NULL ? status : "");

        /* Translators: %s is an order number, then a status like “Completed” */
        return g_strdup_printf (_("Order %s: status to “%s”"),
                                number, label);
      }

    case SK_OUTBOX_KIND_ORDER_NOTE:
      /* Translators: %s is an order number */
      return g_strdup_printf (_("Note on order %s"), number);

    case SK_OUTBOX_KIND_REFUND:
      {
        JsonNode *amount = payload != NULL ? json_object_get_member (payload, "amount") : NULL;
        const char *currency = payload_string (payload, "currency");

        if (amount != NULL && json_node_get_value_type (amount) == G_TYPE_INT64 && currency != NULL)
          {
            g_autofree char *money = sk_money_format (json_node_get_int (amount), currency);

            /* Translators: the first %s is an amount of money, the second an order number */
            return g_strdup_printf (_("Refund of %s on order %s"), money,
                                    number);
          }
        /* Translators: %s is an order number */
        return g_strdup_printf (_("Refund on order %s"), number);
      }

    case SK_OUTBOX_KIND_COUPON:
      /* Translators: %s is a coupon code */
      return g_strdup_printf (_("New coupon “%s”"), payload_string (payload, "code") ?: "");

    case SK_OUTBOX_KIND_PRODUCT_FEATURED:
      {
        JsonNode *featured = payload != NULL ? json_object_get_member (payload, "featured") : NULL;
        gboolean on = featured != NULL && json_node_get_value_type (featured) == G_TYPE_BOOLEAN &&
                      json_node_get_boolean (featured);

        /* Translators: %s is a product number */
        return g_strdup_printf (on ? _("Feature product %s") : _("Stop featuring product %s"),
                                number);
      }

    case SK_OUTBOX_KIND_PRODUCT_TAGS:
      /* Translators: %s is a product number */
      return g_strdup_printf (_("Tags of product %s"), number);

    case SK_OUTBOX_KIND_CUSTOMER_UPDATE:
      /* Translators: %s is a customer number */
      return g_strdup_printf (_("Contact details of customer %s"), number);

    default:
      return g_strdup (_("A change"));
    }
}

static void
update (SkOutboxButton *self)
{
  SkSyncManager *manager;
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;
  int pending;
  int failed;

  if (self->context == NULL)
    return;

  manager = sk_context_get_sync_manager (self->context);
  pending = sk_sync_manager_get_pending_changes (manager);
  failed = sk_sync_manager_get_failed_changes (manager);

  gtk_widget_set_visible (GTK_WIDGET (self), pending + failed > 0);

  count = g_strdup_printf ("%d", pending + failed);
  gtk_label_set_label (self->count_label, count);

  if (failed > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->button), "error");
      tooltip = g_strdup_printf (ngettext ("%d change could not be sent to the store",
                                           "%d changes could not be sent to the store",
                                           failed),
                                 failed);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), "error");
      tooltip = g_strdup_printf (ngettext ("%d change waiting to be sent to the store",
                                           "%d changes waiting to be sent to the store",
                                           pending),
                                 pending);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
counts_changed_cb (SkOutboxButton *self,
                   GParamSpec     *pspec,
                   SkSyncManager  *manager)
{
  update (self);
  if (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->button))))
    sk_outbox_button_reload (self);
}

static void
act_on_change (SkOutboxButton *self,
               GtkButton      *button,
               gboolean        retry)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), ITEM_ID_KEY));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->context == NULL)
    return;

  if (retry)
    ok = sk_context_retry_change (self->context, id, &error);
  else
    ok = sk_context_discard_change (self->context, id, &error);

  sk_context_update_change_counts (self->context);
  sk_outbox_button_reload (self);

  if (!ok)
    gtk_label_set_label (self->summary_label, error->message);
}

static void
retry_clicked_cb (GtkButton *button,
                  gpointer   user_data)
{
  act_on_change (SK_OUTBOX_BUTTON (user_data), button, TRUE);
}

static void
discard_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  act_on_change (SK_OUTBOX_BUTTON (user_data), button, FALSE);
}

static GtkWidget *
make_action_button (SkOutboxButton *self,
                    const char     *label,
                    gint64          id,
                    GCallback       callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), ITEM_ID_KEY, GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

static GtkWidget *
make_row (SkOutboxButton     *self,
          const SkOutboxItem *item)
{
  g_autofree char *title = sk_outbox_describe_change (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  if (item->state == SK_OUTBOX_STATE_CONFLICT)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (item->remote_modified);
      g_autofree char *date = when != NULL ? g_date_time_format (when, "%x %X") : g_strdup ("");
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a date and time */
      subtitle = g_strdup_printf (_("Someone changed this in the store on %s, after your change was made here. Keep yours, or use the store’s?"),
                                  date);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* Translators: keep the local change and send it over the store's newer one */
      gtk_box_append (GTK_BOX (buttons), make_action_button (self, _("_Keep Mine"), item->id, G_CALLBACK (retry_clicked_cb)));
      /* Translators: drop the local change and take what the store has */
      gtk_box_append (GTK_BOX (buttons), make_action_button (self, _("_Use the Store’s"), item->id, G_CALLBACK (discard_clicked_cb)));
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   item->last_error != NULL && item->last_error[0] != '\0'
                                   ? item->last_error
                                   : _("The store did not accept this change."));
      gtk_box_append (GTK_BOX (buttons), make_action_button (self, _("_Retry"), item->id, G_CALLBACK (retry_clicked_cb)));
      gtk_box_append (GTK_BOX (buttons), make_action_button (self, _("_Discard"), item->id, G_CALLBACK (discard_clicked_cb)));
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static void
popover_shown_cb (SkOutboxButton *self,
                  GtkPopover     *popover)
{
  sk_outbox_button_reload (self);
}

static void
sk_outbox_button_dispose (GObject *object)
{
  SkOutboxButton *self = SK_OUTBOX_BUTTON (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_outbox_button_parent_class)->dispose (object);
}

static void
sk_outbox_button_class_init (SkOutboxButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_outbox_button_dispose;
}

static void
sk_outbox_button_init (SkOutboxButton *self)
{
  GtkWidget *content;
  GtkWidget *box;
  GtkWidget *scrolled;
  GtkPopover *popover;

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("mail-send-symbolic"));
  self->count_label = GTK_LABEL (gtk_label_new ("0"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_label));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, box);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);

  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_label_set_max_width_chars (self->summary_label, 40);
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->summary_label));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_widget_set_size_request (scrolled, 300, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (content), scrolled);

  self->send_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Send Now")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "win.sync");
  gtk_widget_set_halign (GTK_WIDGET (self->send_button), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->send_button));

  popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (popover, content);
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_shown_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (popover));

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
}

void
sk_outbox_button_set_context (SkOutboxButton *self,
                              SkContext      *context)
{
  SkSyncManager *manager;

  g_return_if_fail (SK_IS_OUTBOX_BUTTON (self));
  g_return_if_fail (SK_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  manager = sk_context_get_sync_manager (context);
  g_signal_connect_object (manager, "notify::pending-changes",
                           G_CALLBACK (counts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::failed-changes",
                           G_CALLBACK (counts_changed_cb), self, G_CONNECT_SWAPPED);
  sk_context_update_change_counts (context);
  update (self);
}

void
sk_outbox_button_reload (SkOutboxButton *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;
  int pending;

  g_return_if_fail (SK_IS_OUTBOX_BUTTON (self));

  if (self->context == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  pending = sk_sync_manager_get_pending_changes (sk_context_get_sync_manager (self->context));
  items = sk_context_list_failed_changes (self->context, &error);
  if (items == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (items, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), items->len > 0);

  if (pending > 0)
    summary = g_strdup_printf (ngettext ("%d change is waiting and goes to the store with the next sync.",
                                         "%d changes are waiting and go to the store with the next sync.",
                                         pending),
                               pending);
  else if (items->len > 0)
    summary = g_strdup (_("These changes need you before they can reach the store."));
  else
    summary = g_strdup (_("All changes have reached the store."));
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->send_button), pending > 0);
}

GtkListBox *
sk_outbox_button_get_list (SkOutboxButton *self)
{
  g_return_val_if_fail (SK_IS_OUTBOX_BUTTON (self), NULL);

  return self->list;
}

const char *
sk_outbox_button_get_label (SkOutboxButton *self)
{
  g_return_val_if_fail (SK_IS_OUTBOX_BUTTON (self), NULL);

  return gtk_label_get_label (self->count_label);
}
