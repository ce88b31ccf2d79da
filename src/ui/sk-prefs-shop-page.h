/* sk-prefs-shop-page.h — Preferences → Shop: contact details and the shipping promise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_PREFS_SHOP_PAGE (sk_prefs_shop_page_get_type ())
G_DECLARE_FINAL_TYPE (SkPrefsShopPage, sk_prefs_shop_page, SK, PREFS_SHOP_PAGE, AdwPreferencesPage)

GtkWidget *sk_prefs_shop_page_new (SkContext *context);

G_END_DECLS
