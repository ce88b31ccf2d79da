/* sk-orders-page-export.c — "Export as CSV…": the orders the page shows
 * (search, status and every filter) written to a file on a worker, with
 * the progress under the table and the outcome in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-orders-page"

#include "config.h"

#include "sk-orders-page-private.h"

#include <glib/gi18n.h>

#include "sk-database.h"
#include "sk-export.h"
#include "sk-save-dialog.h"

static void
export_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  SkOrdersPage *self = user_data;
  g_autofree char *text = NULL;

  if (self->disposed || total == 0)
    return;

  /* Translators: under the orders while they are written to a CSV file;
   * %u is a percentage, "%%" the percent sign. */
  text = g_strdup_printf (_("Exporting… %u %%"), (guint) (MIN (done, total) * 100 / total));
  gtk_label_set_text (self->count_label, text);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SkOrdersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint64 rows = 0;

  if (!sk_export_csv_finish (result, &rows, &error) && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Export cancelled"));
  else if (error != NULL)
    /* Translators: %s says why (from the file system or the database) */
    message = g_strdup_printf (_("Could not export the orders: %s"), error->message);
  else
    /* Translators: after the orders were written to a CSV file */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'llu order exported", "%'llu orders exported",
                                            (gulong) rows),
                               (unsigned long long) rows);

  g_clear_object (&self->export_cancellable);
  if (self->disposed)
    return;

  _sk_orders_page_export_update_actions (self);
  _sk_orders_page_update_state (self);
  _sk_orders_page_show_message (self, message);
}

static void
export_to_file (GtkWidget *widget,
                GFile     *file)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  if (!self->disposed)
    sk_orders_page_export_csv (self, file);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  if (self->database == NULL || self->export_cancellable != NULL)
    return;

  sk_save_dialog_choose (widget, _("Export Orders"),
                         /* Translators: the suggested file name of the orders' CSV export */
                         _("orders.csv"), export_to_file);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

void
_sk_orders_page_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "orders.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "orders.cancel-export", NULL, cancel_export_action);
}

void
_sk_orders_page_export_update_actions (SkOrdersPage *self)
{
  gboolean exporting = self->export_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.export-csv", self->database != NULL && !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.cancel-export", exporting);
}

void
_sk_orders_page_export_dispose (SkOrdersPage *self)
{
  /* The worker keeps the page alive until it finishes: stop it early. */
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

/**
 * sk_orders_page_export_csv:
 * @self: the page
 * @file: where to write (replaced only when the export succeeds)
 *
 * Writes the orders the page shows to @file as CSV, newest first, on a
 * worker with its own read-only connection. Does nothing while another
 * export runs.
 */
void
sk_orders_page_export_csv (SkOrdersPage *self,
                           GFile        *file)
{
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  guint n_orders;

  g_return_if_fail (SK_IS_ORDERS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->database == NULL || self->orders == NULL || self->export_cancellable != NULL)
    return;

  n_orders = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
  count = g_strdup_printf ("%'u", n_orders);
  /* Translators: a toast when the CSV export starts; %s is a number */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exporting %s order…", "Exporting %s orders…", n_orders),
                             count);
  _sk_orders_page_show_message (self, message);

  self->export_cancellable = g_cancellable_new ();
  _sk_orders_page_export_update_actions (self);
  sk_export_csv_async (sk_database_get_path (self->database), SK_EXPORT_ORDERS, NULL,
                       sk_order_list_get_filter (self->orders), file,
                       export_progress_cb, self, self->export_cancellable,
                       export_done_cb, g_object_ref (self));
}

gboolean
sk_orders_page_get_exporting (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), FALSE);

  return self->export_cancellable != NULL;
}
