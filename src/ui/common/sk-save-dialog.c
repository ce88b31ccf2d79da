/* sk-save-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-save-dialog"

#include "config.h"

#include "sk-save-dialog.h"

#include <glib/gi18n.h>

typedef struct
{
  GtkWidget  *widget;
  SkSaveFunc  func;
} SaveRequest;

static void
response_cb (GtkNativeDialog *chooser,
             int              response,
             SaveRequest     *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        request->func (request->widget, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (request->widget);
  g_free (request);
}

void
sk_save_dialog_choose (GtkWidget  *widget,
                       const char *title,
                       const char *suggested_name,
                       SkSaveFunc  func)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  SaveRequest *request;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);
  g_return_if_fail (func != NULL);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);

  request = g_new0 (SaveRequest, 1);
  request->widget = g_object_ref (widget);
  request->func = func;
  g_signal_connect (chooser, "response", G_CALLBACK (response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
