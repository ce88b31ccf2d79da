/* sk-prefs-customers-page.h — Preferences → Customers: the RFM thresholds
 * the owner may set instead of quintiles (sk-insights.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_PREFS_CUSTOMERS_PAGE (sk_prefs_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (SkPrefsCustomersPage, sk_prefs_customers_page, SK, PREFS_CUSTOMERS_PAGE, AdwPreferencesPage)

GtkWidget *sk_prefs_customers_page_new (SkContext *context);

G_END_DECLS
