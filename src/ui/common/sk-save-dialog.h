/* sk-save-dialog.h — asking where to save an export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the file chosen; not called when the dialog is cancelled. */
typedef void (*SkSaveFunc) (GtkWidget *widget,
                            GFile     *file);

/* Shows a modal native "save" dialog over @widget's window, titled
 * @title, with an "Export" button and @suggested_name filled in, and
 * calls @func with @widget (kept alive meanwhile) and the chosen file. */
void sk_save_dialog_choose (GtkWidget  *widget,
                            const char *title,
                            const char *suggested_name,
                            SkSaveFunc  func);

G_END_DECLS
