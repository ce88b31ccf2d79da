/* sk-customer-care-service.h — customer care as the window uses it: every
 * change goes through the context's writable connection as the person at
 * the desk, and erasing a customer needs the owner's rights (issue 6's
 * staff session), however it is called.
 *
 * One per context: sk_context_get_service (ctx, SK_TYPE_CUSTOMER_CARE_SERVICE).
 * Main thread. The store functions behind it are in
 * store/sk-customer-care.h and store/sk-export.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-customer-care.h"

G_BEGIN_DECLS

#define SK_TYPE_CUSTOMER_CARE_SERVICE (sk_customer_care_service_get_type ())
G_DECLARE_FINAL_TYPE (SkCustomerCareService, sk_customer_care_service, SK, CUSTOMER_CARE_SERVICE, GObject)

/* Signal "customers-changed" (gint64 profile_id, gboolean rederive): a
 * profile's kept data changed; with @rederive the profiles themselves
 * must be computed again (a merge, a split, an erasure) by
 * sk_insights_refresh (). */

gint64    sk_customer_care_service_add_note      (SkCustomerCareService  *self,
                                                  gint64                  profile_id,
                                                  const char             *note,
                                                  GError                **error);
gboolean  sk_customer_care_service_add_tag       (SkCustomerCareService  *self,
                                                  gint64                  profile_id,
                                                  const char             *tag,
                                                  GError                **error);
gboolean  sk_customer_care_service_remove_tag    (SkCustomerCareService  *self,
                                                  gint64                  profile_id,
                                                  const char             *tag,
                                                  GError                **error);
gboolean  sk_customer_care_service_set_consent   (SkCustomerCareService  *self,
                                                  gint64                  profile_id,
                                                  SkConsentState          state,
                                                  SkConsentSource         source,
                                                  const char             *wording,
                                                  GError                **error);
gboolean  sk_customer_care_service_merge         (SkCustomerCareService  *self,
                                                  gint64                  primary_profile_id,
                                                  gint64                  other_profile_id,
                                                  GError                **error);
gboolean  sk_customer_care_service_split         (SkCustomerCareService  *self,
                                                  gint64                  profile_id,
                                                  gint64                  alias_ref_id,
                                                  GError                **error);
gint64    sk_customer_care_service_save_segment  (SkCustomerCareService   *self,
                                                  gint64                   segment_id,
                                                  const char              *name,
                                                  const SkSegmentCriteria *criteria,
                                                  GError                 **error);
gboolean  sk_customer_care_service_delete_segment (SkCustomerCareService *self,
                                                  gint64                  segment_id,
                                                  GError                **error);
/* Asks for the profiles to be derived again (new RFM thresholds):
 * emits "customers-changed" (0, TRUE). */
void      sk_customer_care_service_rederive      (SkCustomerCareService  *self);
/* Owner only: SK_STAFF_ERROR_NOT_ALLOWED without the owner's rights. */
gboolean  sk_customer_care_service_erase         (SkCustomerCareService  *self,
                                                  gint64                  profile_id,
                                                  GError                **error);

G_END_DECLS
