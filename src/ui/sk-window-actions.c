/* sk-window-actions.c — the window's actions and their enabled state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-window-actions"

#include "config.h"

#include "sk-window-private.h"

#include "sk-context.h"
#include "sk-sync-manager.h"
#include "sk-template-editor.h"

static void
sk_window_actions_sync (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  sk_window_sync (SK_WINDOW (widget));
}

static void
sk_window_actions_cancel_sync (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  SkWindow *self = SK_WINDOW (widget);

  /* A sync this window started is cancelled through its cancellable; one
   * started elsewhere (there is none yet) through the manager. */
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  else
    sk_sync_manager_cancel (sk_context_get_sync_manager (self->context));

  _sk_window_actions_update (self);
}

static void
sk_window_actions_search (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  SkWindow *self = SK_WINDOW (widget);

  /* When folded the search is on the content side. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  sk_orders_page_focus_search (self->orders_page);
}

/* win.new-refund-request (int64 local order id, 0 to type the number):
 * the returns area's New Return dialog for that order, e.g. from an
 * order's details. */
static void
sk_window_actions_new_refund_request (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  SkWindow *self = SK_WINDOW (widget);

  _sk_window_show_area (self, "refunds");
  sk_refunds_page_new_request (self->refunds_page, g_variant_get_int64 (param));
}

/* win.message-templates: the message template editor, from the main menu
 * (it is also in Preferences → Messages). */
static void
sk_window_actions_message_templates (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  SkWindow *self = SK_WINDOW (widget);

  sk_template_editor_present (widget, self->context, NULL);
}

void
_sk_window_class_actions_init (SkWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sk_window_actions_sync);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, sk_window_actions_cancel_sync);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, sk_window_actions_search);
  gtk_widget_class_install_action (widget_class, "win.new-refund-request", "x", sk_window_actions_new_refund_request);
  gtk_widget_class_install_action (widget_class, "win.message-templates", NULL, sk_window_actions_message_templates);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.message-templates", NULL);
}

void
_sk_window_actions_update (SkWindow *self)
{
  SkSyncManager *manager;
  gboolean has_store;
  gboolean syncing;

  g_assert (SK_IS_WINDOW (self));

  if (self->context == NULL)
    return;

  manager = sk_context_get_sync_manager (self->context);
  has_store = sk_context_has_store (self->context);
  syncing = sk_sync_manager_get_syncing (manager);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", has_store && !syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync",
                                 syncing && (self->sync_cancellable == NULL
                                             || !g_cancellable_is_cancelled (self->sync_cancellable)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-refund-request", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.message-templates", has_store);
}
