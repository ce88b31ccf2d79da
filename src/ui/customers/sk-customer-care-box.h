/* sk-customer-care-box.h — the part of a customer's profile the shop keeps
 * itself: other addresses merged by hand, tags, marketing consent, staff
 * notes, the messages exchanged, and privacy (export, erase).
 *
 * Reads through the window's read-only connection; every change goes
 * through the context's SkCustomerCareService.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"
#include "sk-customers.h"

G_BEGIN_DECLS

#define SK_TYPE_CUSTOMER_CARE_BOX (sk_customer_care_box_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomerCareBox, sk_customer_care_box, SK, CUSTOMER_CARE_BOX, GtkWidget)

GtkWidget *sk_customer_care_box_new          (void);
void       sk_customer_care_box_set_context  (SkCustomerCareBox       *self,
                                              SkContext               *context);
/* Shows what is kept about @profile (NULL: nothing). */
void       sk_customer_care_box_set_profile  (SkCustomerCareBox       *self,
                                              const SkCustomerProfile *profile);
/* Re-reads the shown profile's kept data. */
void       sk_customer_care_box_reload       (SkCustomerCareBox       *self);

G_END_DECLS
