/* main.c — the Shopkeeper GUI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SkApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* SHOPKEEPER_LOCALEDIR lets an uninstalled build (meson devenv) use the
   * translations it just compiled. */
  localedir = g_getenv ("SHOPKEEPER_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sk_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
