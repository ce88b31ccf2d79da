/* sk-customers-page.h — the customers area: search, segment filter,
 * table, and the profile of the selected customer.
 *
 * Signals: "open-order" (gint64 local order id, string order number),
 * emitted when an order of the profile is activated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_CUSTOMERS_PAGE (sk_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomersPage, sk_customers_page, SK, CUSTOMERS_PAGE, GtkWidget)

GtkWidget      *sk_customers_page_new             (void);
void            sk_customers_page_set_database    (SkCustomersPage *self,
                                                   SkDatabase      *database);
/* Re-reads the list after a refresh, keeping search, filter, sort and the
 * selected customer. */
void            sk_customers_page_reload          (SkCustomersPage *self);
/* Selects and shows the profile @profile_id, clearing the search and the
 * filter if they hide it. */
void            sk_customers_page_show_profile    (SkCustomersPage *self,
                                                   gint64           profile_id);
void            sk_customers_page_focus_search    (SkCustomersPage *self);
/* For tests. */
SkCustomerList *sk_customers_page_get_list        (SkCustomersPage *self);
GtkColumnView  *sk_customers_page_get_column_view (SkCustomersPage *self);
/* "table", "no-results", "empty" or "error". */
const char     *sk_customers_page_get_state       (SkCustomersPage *self);
/* The shown profile's id (0 for none) and greeting. */
gint64          sk_customers_page_get_profile_id  (SkCustomersPage *self);
const char     *sk_customers_page_get_greeting    (SkCustomersPage *self);
/* The message of the last toast saying rows could not be read, or NULL. */
const char     *sk_customers_page_get_load_error  (SkCustomersPage *self);

/* The <closure> of the segment column. */
char           *sk_customers_page_segment_closure (gpointer         this_object,
                                                   int              segment);

G_END_DECLS
