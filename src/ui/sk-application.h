/* sk-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_APPLICATION (sk_application_get_type ())
G_DECLARE_FINAL_TYPE (SkApplication, sk_application, SK, APPLICATION, AdwApplication)

SkApplication *sk_application_new         (void);
/* The context the windows show, NULL before startup. */
SkContext     *sk_application_get_context (SkApplication *self);

/* Opens the real shop's data (not the demo's), points it at @url with
 * these credentials (already checked and in the keyring), shows it in a
 * new window in place of the current one, and syncs. */
void           sk_application_open_store  (SkApplication *self,
                                           const char    *url,
                                           const char    *user,
                                           const char    *secret);

G_END_DECLS
