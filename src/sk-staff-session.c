/* sk-staff-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-staff-session"

#include "config.h"

#include "sk-staff-session.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-passphrase.h"
#include "sk-time.h"

struct _SkStaffSession
{
  GObject           parent_instance;

  /* Not owned: the context owns this service and outlives it. */
  SkContext        *context;

  gint64            current_id;
  char             *current_name;
  SkStaffRole       current_role;
  gint64            owner_rights_until;
  guint             expiry_source;

  SkStaffClockFunc  clock;
  gpointer          clock_data;
};

G_DEFINE_FINAL_TYPE (SkStaffSession, sk_staff_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CURRENT_ID,
  PROP_CURRENT_NAME,
  PROP_CURRENT_ROLE,
  PROP_OWNER_RIGHTS,
  N_PROPS
};

enum {
  STAFF_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (sk-staff-error-quark, sk_staff_error)

static gint64
now (SkStaffSession *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : sk_time_now_utc ();
}

/* Errors of the layers below, in words the desk can show. */
static void
propagate (GError **error,
           GError  *local_error)
{
  SkStaffError code = SK_STAFF_ERROR_FAILED;

  if (local_error == NULL)
    return;

  if (local_error->domain == SK_DATABASE_ERROR)
    {
      if (local_error->code == SK_DATABASE_ERROR_NOT_FOUND)
        code = SK_STAFF_ERROR_NOT_FOUND;
      else if (local_error->code == SK_DATABASE_ERROR_INVALID || local_error->code == SK_DATABASE_ERROR_CONSTRAINT)
        code = SK_STAFF_ERROR_INVALID;
    }
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    code = SK_STAFF_ERROR_INVALID;

  g_set_error_literal (error, SK_STAFF_ERROR, code, local_error->message);
  g_error_free (local_error);
}

static SkDatabase *
get_writer (SkStaffSession  *self,
            GError         **error)
{
  GError *local_error = NULL;
  SkDatabase *db = sk_context_get_writer (self->context, NULL, &local_error);

  if (db == NULL)
    propagate (error, local_error);

  return db;
}

static gboolean
expired_cb (gpointer user_data)
{
  SkStaffSession *self = user_data;

  self->expiry_source = 0;
  /* Re-reads the clock and notifies if the rights are over. */
  sk_staff_session_has_owner_rights (self);

  return G_SOURCE_REMOVE;
}

static void
set_owner_rights (SkStaffSession *self,
                  gint64          until)
{
  gboolean had = self->owner_rights_until != 0;

  self->owner_rights_until = until;
  g_clear_handle_id (&self->expiry_source, g_source_remove);

  if (until != 0)
    {
      gint64 left = until - now (self);

      self->expiry_source = g_timeout_add_seconds ((guint) CLAMP (left + 1, 1, G_MAXUINT / 2), expired_cb, self);
    }

  if (had != (until != 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_RIGHTS]);
}

static void
set_current (SkStaffSession      *self,
             const SkStaffMember *member)
{
  gint64 id = member != NULL ? member->id : 0;
  const char *name = member != NULL ? member->name : NULL;
  SkStaffRole role = member != NULL ? member->role : SK_STAFF_ROLE_STAFF;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->current_id != id)
    {
      self->current_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ID]);
    }

  if (g_strcmp0 (self->current_name, name) != 0)
    {
      g_free (self->current_name);
      self->current_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_NAME]);
    }

  if (self->current_role != role)
    {
      self->current_role = role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ROLE]);
    }

  sk_context_set_actor (self->context, name);

  g_object_thaw_notify (G_OBJECT (self));
}

static char *
format_wait (gint64 seconds)
{
  if (seconds <= 90)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Too many wrong passphrases. Try again in %lld second.",
                                         "Too many wrong passphrases. Try again in %lld seconds.",
                                         (gulong) seconds),
                            (long long) seconds);

  seconds = (seconds + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many wrong passphrases. Try again in %lld minute.",
                                       "Too many wrong passphrases. Try again in %lld minutes.",
                                       (gulong) seconds),
                          (long long) seconds);
}

/* Checks @passphrase against each of @candidates that is not locked:
 * the first match is returned; a mismatch counts a failure on every
 * profile tried. */
static SkStaffMember *
verify_against (SkStaffSession  *self,
                SkDatabase      *db,
                GPtrArray       *candidates,
                const char      *passphrase,
                GError         **error)
{
  g_autoptr(GArray) tried = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 t = now (self);
  gint64 soonest = G_MAXINT64;
  gint64 locked_until = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      SkStaffMember *member = g_ptr_array_index (candidates, i);
      g_autofree char *hash = NULL;
      GError *local_error = NULL;

      if (member->locked_until > t)
        {
          soonest = MIN (soonest, member->locked_until);
          continue;
        }

      hash = sk_staff_get_passphrase_hash (db, member->id, &local_error);
      if (local_error != NULL)
        {
          propagate (error, local_error);
          return NULL;
        }
      if (hash == NULL)
        continue;

      if (passphrase != NULL && sk_passphrase_verify (passphrase, hash))
        {
          if (!sk_staff_record_success (db, member->id, &local_error))
            {
              propagate (error, local_error);
              return NULL;
            }
          return sk_staff_member_copy (member);
        }

      g_array_append_val (tried, member->id);
    }

  if (tried->len == 0)
    {
      g_autofree char *message = NULL;

      if (soonest == G_MAXINT64)
        {
          g_set_error_literal (error, SK_STAFF_ERROR, SK_STAFF_ERROR_NO_OWNER,
                               _("No owner has a passphrase yet."));
          return NULL;
        }

      message = format_wait (soonest - t);
      g_set_error_literal (error, SK_STAFF_ERROR, SK_STAFF_ERROR_LOCKED, message);
      return NULL;
    }

  for (guint i = 0; i < tried->len; i++)
    {
      GError *local_error = NULL;
      gint64 until = 0;

      if (!sk_staff_record_failure (db, g_array_index (tried, gint64, i), t, &until, &local_error))
        {
          propagate (error, local_error);
          return NULL;
        }
      locked_until = MAX (locked_until, until);
    }

  if (locked_until > t)
    {
      g_autofree char *message = format_wait (locked_until - t);

      g_set_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE,
                   /* Translators: the second sentence says how long to wait */
                   _("Wrong passphrase. %s"), message);
    }
  else
    g_set_error_literal (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE,
                         _("Wrong passphrase."));

  return NULL;
}

static void
sk_staff_session_dispose (GObject *object)
{
  SkStaffSession *self = SK_STAFF_SESSION (object);

  g_clear_handle_id (&self->expiry_source, g_source_remove);

  G_OBJECT_CLASS (sk_staff_session_parent_class)->dispose (object);
}

static void
sk_staff_session_finalize (GObject *object)
{
  SkStaffSession *self = SK_STAFF_SESSION (object);

  g_free (self->current_name);

  G_OBJECT_CLASS (sk_staff_session_parent_class)->finalize (object);
}

static void
sk_staff_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SkStaffSession *self = SK_STAFF_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CURRENT_ID:
      g_value_set_int64 (value, self->current_id);
      break;
    case PROP_CURRENT_NAME:
      g_value_set_string (value, self->current_name);
      break;
    case PROP_CURRENT_ROLE:
      g_value_set_int (value, self->current_role);
      break;
    case PROP_OWNER_RIGHTS:
      g_value_set_boolean (value, self->owner_rights_until != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_staff_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SkStaffSession *self = SK_STAFF_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* Not a reference: the context owns us (see sk_context_get_service ()). */
      self->context = g_value_get_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_staff_session_class_init (SkStaffSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_staff_session_dispose;
  object_class->finalize = sk_staff_session_finalize;
  object_class->get_property = sk_staff_session_get_property;
  object_class->set_property = sk_staff_session_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_ID] =
    g_param_spec_int64 ("current-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURRENT_NAME] =
    g_param_spec_string ("current-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURRENT_ROLE] =
    g_param_spec_int ("current-role", NULL, NULL, SK_STAFF_ROLE_STAFF, SK_STAFF_ROLE_OWNER, SK_STAFF_ROLE_STAFF,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OWNER_RIGHTS] =
    g_param_spec_boolean ("owner-rights", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STAFF_CHANGED] =
    g_signal_new ("staff-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sk_staff_session_init (SkStaffSession *self)
{
  self->current_role = SK_STAFF_ROLE_STAFF;
}

gboolean
sk_staff_session_needs_setup (SkStaffSession *self)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *db;
  gint64 owners;
  gint64 staff;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);

  db = sk_context_get_database (self->context);
  owners = sk_staff_count (db, SK_STAFF_ROLE_OWNER, &error);
  staff = error == NULL ? sk_staff_count (db, SK_STAFF_ROLE_STAFF, &error) : -1;
  if (error != NULL)
    {
      g_debug ("Cannot count the staff: %s", error->message);
      return FALSE;
    }

  return owners + staff == 0;
}

GPtrArray *
sk_staff_session_list (SkStaffSession  *self,
                       GError         **error)
{
  GError *local_error = NULL;
  GPtrArray *list;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), NULL);

  list = sk_staff_list (sk_context_get_database (self->context), &local_error);
  if (list == NULL)
    propagate (error, local_error);

  return list;
}

gint64
sk_staff_session_add (SkStaffSession  *self,
                      const char      *name,
                      SkStaffRole      role,
                      const char      *passphrase,
                      GError         **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(SkStaffMember) member = NULL;
  GError *local_error = NULL;
  gboolean first;
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((db = get_writer (self, error)) == NULL)
    return 0;

  first = sk_staff_session_needs_setup (self);
  if (first)
    role = SK_STAFF_ROLE_OWNER;
  else if (!sk_staff_session_require_owner (self, _("add staff"), error))
    return 0;

  if (role == SK_STAFF_ROLE_OWNER)
    {
      if (!sk_passphrase_check_quality (passphrase, &local_error)
          || (hash = sk_passphrase_hash (passphrase, &local_error)) == NULL)
        {
          propagate (error, local_error);
          return 0;
        }
    }

  id = sk_staff_add (db, name, role, hash,
                     first ? (name != NULL ? name : "user") : self->current_name, &local_error);
  if (id == 0)
    {
      propagate (error, local_error);
      return 0;
    }

  if (first)
    {
      member = sk_staff_get (db, id, NULL);
      if (member != NULL)
        {
          set_current (self, member);
          set_owner_rights (self, now (self) + SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS);
        }
    }

  g_signal_emit (self, signals[STAFF_CHANGED], 0);

  return id;
}

gboolean
sk_staff_session_set_role (SkStaffSession  *self,
                           gint64           staff_id,
                           SkStaffRole      role,
                           const char      *passphrase,
                           GError         **error)
{
  g_autofree char *hash = NULL;
  GError *local_error = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sk_staff_session_require_owner (self, _("change someone’s role"), error)
      || (db = get_writer (self, error)) == NULL)
    return FALSE;

  if (role == SK_STAFF_ROLE_OWNER && passphrase != NULL)
    {
      if (!sk_passphrase_check_quality (passphrase, &local_error)
          || (hash = sk_passphrase_hash (passphrase, &local_error)) == NULL)
        {
          propagate (error, local_error);
          return FALSE;
        }
    }

  if (!sk_staff_set_role (db, staff_id, role, hash, self->current_name, &local_error))
    {
      propagate (error, local_error);
      return FALSE;
    }

  if (staff_id == self->current_id)
    {
      g_autoptr(SkStaffMember) member = sk_staff_get (db, staff_id, NULL);

      set_current (self, member);
      if (role == SK_STAFF_ROLE_STAFF)
        set_owner_rights (self, 0);
    }

  g_signal_emit (self, signals[STAFF_CHANGED], 0);

  return TRUE;
}

gboolean
sk_staff_session_set_passphrase (SkStaffSession  *self,
                                 gint64           staff_id,
                                 const char      *passphrase,
                                 GError         **error)
{
  g_autofree char *hash = NULL;
  GError *local_error = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sk_staff_session_require_owner (self, _("change a passphrase"), error)
      || (db = get_writer (self, error)) == NULL)
    return FALSE;

  if (!sk_passphrase_check_quality (passphrase, &local_error)
      || (hash = sk_passphrase_hash (passphrase, &local_error)) == NULL
      || !sk_staff_set_passphrase_hash (db, staff_id, hash, self->current_name, &local_error))
    {
      propagate (error, local_error);
      return FALSE;
    }

  g_signal_emit (self, signals[STAFF_CHANGED], 0);

  return TRUE;
}

gboolean
sk_staff_session_switch_to (SkStaffSession  *self,
                            gint64           staff_id,
                            const char      *passphrase,
                            GError         **error)
{
  g_autoptr(SkStaffMember) member = NULL;
  g_autoptr(SkStaffMember) verified = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GError *local_error = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((db = get_writer (self, error)) == NULL)
    return FALSE;

  member = sk_staff_get (db, staff_id, &local_error);
  if (member == NULL)
    {
      propagate (error, local_error);
      return FALSE;
    }

  if (member->role == SK_STAFF_ROLE_STAFF)
    {
      set_owner_rights (self, 0);
      set_current (self, member);
      return TRUE;
    }

  candidates = g_ptr_array_new ();
  g_ptr_array_add (candidates, member);
  verified = verify_against (self, db, candidates, passphrase, error);
  if (verified == NULL)
    return FALSE;

  set_current (self, verified);
  set_owner_rights (self, now (self) + SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS);
  sk_database_append_audit (db, verified->name, "owner-unlocked", "staff", "switch", NULL);

  return TRUE;
}

gboolean
sk_staff_session_unlock_owner (SkStaffSession  *self,
                               const char      *passphrase,
                               GError         **error)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(SkStaffMember) verified = NULL;
  g_autofree char *details = NULL;
  GError *local_error = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((db = get_writer (self, error)) == NULL)
    return FALSE;

  staff = sk_staff_list (db, &local_error);
  if (staff == NULL)
    {
      propagate (error, local_error);
      return FALSE;
    }

  /* An owner at the desk unlocks with their own passphrase; anyone else
   * with any owner's (the owner came over to the desk). */
  candidates = g_ptr_array_new ();
  for (guint i = 0; i < staff->len; i++)
    {
      SkStaffMember *member = g_ptr_array_index (staff, i);

      if (member->role != SK_STAFF_ROLE_OWNER || !member->has_passphrase)
        continue;
      if (self->current_role == SK_STAFF_ROLE_OWNER && self->current_id != 0 && member->id != self->current_id)
        continue;
      g_ptr_array_add (candidates, member);
    }

  verified = verify_against (self, db, candidates, passphrase, error);
  if (verified == NULL)
    return FALSE;

  set_owner_rights (self, now (self) + SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS);
  details = g_strdup_printf ("by %s for %s", verified->name,
                             self->current_name != NULL ? self->current_name : "nobody");
  sk_database_append_audit (db, verified->name, "owner-unlocked", "staff", details, NULL);

  return TRUE;
}

void
sk_staff_session_lock_owner (SkStaffSession *self)
{
  g_return_if_fail (SK_IS_STAFF_SESSION (self));

  set_owner_rights (self, 0);
}

gboolean
sk_staff_session_has_owner_rights (SkStaffSession *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);

  if (self->owner_rights_until != 0 && now (self) >= self->owner_rights_until)
    set_owner_rights (self, 0);

  return self->owner_rights_until != 0;
}

gint64
sk_staff_session_get_owner_rights_until (SkStaffSession *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), 0);

  return sk_staff_session_has_owner_rights (self) ? self->owner_rights_until : 0;
}

gboolean
sk_staff_session_require_owner (SkStaffSession  *self,
                                const char      *what_for,
                                GError         **error)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), FALSE);

  if (sk_staff_session_has_owner_rights (self))
    return TRUE;

  g_set_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_NOT_ALLOWED,
               /* Translators: %s says what, e.g. "change the return policy" */
               _("Only an owner may %s: the owner’s passphrase is needed."),
               what_for != NULL ? what_for : _("do this"));
  return FALSE;
}

gint64
sk_staff_session_get_current_id (SkStaffSession *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), 0);

  return self->current_id;
}

const char *
sk_staff_session_get_current_name (SkStaffSession *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), NULL);

  return self->current_name;
}

SkStaffRole
sk_staff_session_get_current_role (SkStaffSession *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), SK_STAFF_ROLE_STAFF);

  return self->current_role;
}

const char *
sk_staff_session_get_acting_role (SkStaffSession *self)
{
  g_return_val_if_fail (SK_IS_STAFF_SESSION (self), "staff");

  return sk_staff_session_has_owner_rights (self) ? "owner" : "staff";
}

void
sk_staff_session_set_clock (SkStaffSession   *self,
                            SkStaffClockFunc  func,
                            gpointer          user_data)
{
  g_return_if_fail (SK_IS_STAFF_SESSION (self));

  self->clock = func;
  self->clock_data = user_data;
}
