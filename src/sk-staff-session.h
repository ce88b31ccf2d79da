/* sk-staff-session.h — who is at the desk, and whether they hold the
 * owner's rights right now.
 *
 * One per context: sk_context_get_service (ctx, SK_TYPE_STAFF_SESSION).
 *
 * Owner rights are what the policy, the limits, approvals above the staff
 * limit or out of policy, adding staff and erasing customers need. They
 * are granted by the owner's passphrase (sk_staff_session_unlock_owner (),
 * or switching to an owner's profile) and last
 * SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS from then, or until the person at
 * the desk changes or sk_staff_session_lock_owner () is called — not for
 * one action only, so an owner approving a few requests in a row types
 * the passphrase once.
 *
 * Wrong passphrases are rate-limited per owner profile in the database
 * (sk-staff.h): after SK_STAFF_FREE_ATTEMPTS failures a lock of 60 s that
 * doubles with each further failure, kept across restarts.
 *
 * The first run has no staff: sk_staff_session_needs_setup () is TRUE and
 * the first profile added becomes the owner, with a passphrase.
 *
 * Main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-staff.h"

G_BEGIN_DECLS

#define SK_STAFF_ERROR (sk_staff_error_quark ())

typedef enum
{
  SK_STAFF_ERROR_NOT_ALLOWED,        /* needs the owner's rights */
  SK_STAFF_ERROR_WRONG_PASSPHRASE,
  SK_STAFF_ERROR_LOCKED,             /* too many wrong passphrases: wait (the message says how long) */
  SK_STAFF_ERROR_NO_OWNER,           /* no owner profile has a passphrase yet */
  SK_STAFF_ERROR_INVALID,            /* a name or passphrase that cannot be used */
  SK_STAFF_ERROR_NOT_FOUND,
  SK_STAFF_ERROR_FAILED,             /* the database failed (the message says why) */
} SkStaffError;

/* How long owner rights last after the passphrase. */
#define SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS (5 * 60)

#define SK_TYPE_STAFF_SESSION (sk_staff_session_get_type ())
G_DECLARE_FINAL_TYPE (SkStaffSession, sk_staff_session, SK, STAFF_SESSION, GObject)

GQuark         sk_staff_error_quark                (void);

/* Properties (all read-only, notified on change):
 *   "current-id"     gint64   the profile at the desk, 0 for nobody
 *   "current-name"   string   their name, NULL for nobody
 *   "current-role"   int      SkStaffRole
 *   "owner-rights"   boolean  owner rights held right now (re-read with
 *                             sk_staff_session_has_owner_rights (), which
 *                             also notices the expiry)
 * Signal "staff-changed" (no arguments): a profile was added or changed. */

/* TRUE while no profile exists yet: the first one becomes the owner. */
gboolean       sk_staff_session_needs_setup        (SkStaffSession  *self);
/* Every profile (SkStaffMember*), owners first; NULL with @error set. */
GPtrArray     *sk_staff_session_list               (SkStaffSession  *self,
                                                    GError         **error);
/* Adds a profile and returns its id (0 on error). The very first profile
 * is always an owner (@role is ignored) and needs @passphrase; it becomes
 * the person at the desk with owner rights. Later, adding needs owner
 * rights; an owner needs @passphrase (checked with
 * sk_passphrase_check_quality ()), staff pass NULL. */
gint64         sk_staff_session_add                (SkStaffSession  *self,
                                                    const char      *name,
                                                    SkStaffRole      role,
                                                    const char      *passphrase,
                                                    GError         **error);
/* Changes someone's role (owner rights; making an owner needs their new
 * @passphrase unless they have one; the last owner stays an owner). */
gboolean       sk_staff_session_set_role           (SkStaffSession  *self,
                                                    gint64           staff_id,
                                                    SkStaffRole      role,
                                                    const char      *passphrase,
                                                    GError         **error);
/* Sets an owner's passphrase (owner rights). */
gboolean       sk_staff_session_set_passphrase     (SkStaffSession  *self,
                                                    gint64           staff_id,
                                                    const char      *passphrase,
                                                    GError         **error);
/* Makes @staff_id the person at the desk (and the actor of the context's
 * audit entries). An owner's profile needs its @passphrase (rate-limited)
 * and comes with owner rights; a staff profile needs none (pass NULL) and
 * drops any owner rights held. */
gboolean       sk_staff_session_switch_to          (SkStaffSession  *self,
                                                    gint64           staff_id,
                                                    const char      *passphrase,
                                                    GError         **error);
/* Grants owner rights for SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS to whoever
 * is at the desk when @passphrase is an owner's (the one at the desk if
 * they are an owner, else any owner's). SK_STAFF_ERROR_WRONG_PASSPHRASE
 * or SK_STAFF_ERROR_LOCKED otherwise. */
gboolean       sk_staff_session_unlock_owner       (SkStaffSession  *self,
                                                    const char      *passphrase,
                                                    GError         **error);
/* Drops owner rights now. */
void           sk_staff_session_lock_owner         (SkStaffSession  *self);
gboolean       sk_staff_session_has_owner_rights   (SkStaffSession  *self);
/* Unix seconds UTC when the owner rights end, 0 when none are held. */
gint64         sk_staff_session_get_owner_rights_until (SkStaffSession *self);
/* FALSE with SK_STAFF_ERROR_NOT_ALLOWED (a translated message naming
 * @what_for, e.g. _("change the return policy")) unless owner rights are
 * held. For other services (refund desk, customer care). */
gboolean       sk_staff_session_require_owner      (SkStaffSession  *self,
                                                    const char      *what_for,
                                                    GError         **error);

gint64         sk_staff_session_get_current_id     (SkStaffSession  *self);
const char    *sk_staff_session_get_current_name   (SkStaffSession  *self);
SkStaffRole    sk_staff_session_get_current_role   (SkStaffSession  *self);
/* "owner" when owner rights are held, else "staff": the role written with
 * decisions. */
const char    *sk_staff_session_get_acting_role    (SkStaffSession  *self);

/* For tests: the clock the session reads (Unix seconds UTC); NULL puts
 * the real clock back. */
typedef gint64 (*SkStaffClockFunc) (gpointer user_data);
void           sk_staff_session_set_clock          (SkStaffSession  *self,
                                                    SkStaffClockFunc func,
                                                    gpointer         user_data);

G_END_DECLS
