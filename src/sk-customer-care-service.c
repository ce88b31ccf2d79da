/* sk-customer-care-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-care-service"

#include "config.h"

#include "sk-customer-care-service.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-export.h"
#include "sk-staff-session.h"

struct _SkCustomerCareService
{
  GObject    parent_instance;

  /* Not a reference: the context owns this service (sk-context.h). */
  SkContext *context;
};

G_DEFINE_FINAL_TYPE (SkCustomerCareService, sk_customer_care_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  SIGNAL_CUSTOMERS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static SkDatabase *
get_writer (SkCustomerCareService  *self,
            GError                **error)
{
  if (self->context == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The shop is closed."));
      return NULL;
    }

  return sk_context_get_writer (self->context, NULL, error);
}

static void
changed (SkCustomerCareService *self,
         gint64                 profile_id,
         gboolean               rederive)
{
  g_signal_emit (self, signals[SIGNAL_CUSTOMERS_CHANGED], 0, profile_id, rederive);
}

gint64
sk_customer_care_service_add_note (SkCustomerCareService  *self,
                                   gint64                  profile_id,
                                   const char             *note,
                                   GError                **error)
{
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), 0);

  if ((db = get_writer (self, error)) == NULL)
    return 0;

  id = sk_customer_care_add_note (db, profile_id, note, error);
  if (id > 0)
    changed (self, profile_id, FALSE);

  return id;
}

gboolean
sk_customer_care_service_add_tag (SkCustomerCareService  *self,
                                  gint64                  profile_id,
                                  const char             *tag,
                                  GError                **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);

  if ((db = get_writer (self, error)) == NULL || !sk_customer_care_add_tag (db, profile_id, tag, error))
    return FALSE;

  changed (self, profile_id, FALSE);
  return TRUE;
}

gboolean
sk_customer_care_service_remove_tag (SkCustomerCareService  *self,
                                     gint64                  profile_id,
                                     const char             *tag,
                                     GError                **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);

  if ((db = get_writer (self, error)) == NULL || !sk_customer_care_remove_tag (db, profile_id, tag, error))
    return FALSE;

  changed (self, profile_id, FALSE);
  return TRUE;
}

gboolean
sk_customer_care_service_set_consent (SkCustomerCareService  *self,
                                      gint64                  profile_id,
                                      SkConsentState          state,
                                      SkConsentSource         source,
                                      const char             *wording,
                                      GError                **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !sk_customer_care_set_consent (db, profile_id, state, source, wording, error))
    return FALSE;

  changed (self, profile_id, FALSE);
  return TRUE;
}

gboolean
sk_customer_care_service_merge (SkCustomerCareService  *self,
                                gint64                  primary_profile_id,
                                gint64                  other_profile_id,
                                GError                **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !sk_customer_care_merge (db, primary_profile_id, other_profile_id, error))
    return FALSE;

  changed (self, primary_profile_id, TRUE);
  return TRUE;
}

gboolean
sk_customer_care_service_split (SkCustomerCareService  *self,
                                gint64                  profile_id,
                                gint64                  alias_ref_id,
                                GError                **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !sk_customer_care_split (db, profile_id, alias_ref_id, error))
    return FALSE;

  changed (self, profile_id, TRUE);
  return TRUE;
}

gint64
sk_customer_care_service_save_segment (SkCustomerCareService    *self,
                                       gint64                    segment_id,
                                       const char               *name,
                                       const SkSegmentCriteria  *criteria,
                                       GError                  **error)
{
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), 0);

  if ((db = get_writer (self, error)) == NULL)
    return 0;

  id = sk_customer_care_save_segment (db, segment_id, name, criteria, error);
  if (id > 0)
    changed (self, 0, FALSE);

  return id;
}

gboolean
sk_customer_care_service_delete_segment (SkCustomerCareService  *self,
                                         gint64                  segment_id,
                                         GError                **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);

  if ((db = get_writer (self, error)) == NULL || !sk_customer_care_delete_segment (db, segment_id, error))
    return FALSE;

  changed (self, 0, FALSE);
  return TRUE;
}

void
sk_customer_care_service_rederive (SkCustomerCareService *self)
{
  g_return_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self));

  changed (self, 0, TRUE);
}

gboolean
sk_customer_care_service_erase (SkCustomerCareService  *self,
                                gint64                  profile_id,
                                GError                **error)
{
  SkStaffSession *session;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_CUSTOMER_CARE_SERVICE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->context == NULL)
    return get_writer (self, error) != NULL;

  /* Checked here, not in the dialog: whoever calls, only an owner erases. */
  session = sk_context_get_service (self->context, SK_TYPE_STAFF_SESSION);
  if (!sk_staff_session_require_owner (session, _("erase a customer"), error))
    return FALSE;

  if ((db = get_writer (self, error)) == NULL || !sk_export_erase_customer (db, profile_id, error))
    return FALSE;

  changed (self, profile_id, TRUE);
  return TRUE;
}

/* GObject */

static void
sk_customer_care_service_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SkCustomerCareService *self = SK_CUSTOMER_CARE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_customer_care_service_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SkCustomerCareService *self = SK_CUSTOMER_CARE_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_get_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_customer_care_service_dispose (GObject *object)
{
  SkCustomerCareService *self = SK_CUSTOMER_CARE_SERVICE (object);

  self->context = NULL;

  G_OBJECT_CLASS (sk_customer_care_service_parent_class)->dispose (object);
}

static void
sk_customer_care_service_class_init (SkCustomerCareServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sk_customer_care_service_get_property;
  object_class->set_property = sk_customer_care_service_set_property;
  object_class->dispose = sk_customer_care_service_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CUSTOMERS_CHANGED] =
    g_signal_new ("customers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
sk_customer_care_service_init (SkCustomerCareService *self)
{
}
