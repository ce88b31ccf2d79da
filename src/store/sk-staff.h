/* sk-staff.h — who works at the desk: staff profiles, roles and the
 * owners' passphrase hashes (schema 009).
 *
 * Only hashes are stored (yescrypt strings, core/sk-passphrase.h), never a
 * passphrase. Failed passphrase attempts and the lock they cause live in
 * the row, so restarting the program does not reset them. Every change is
 * recorded in the audit log (never the hash). Use on the database's
 * thread; writing needs a writable connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"

G_BEGIN_DECLS

/* Stored as text: "staff", "owner". */
typedef enum
{
  SK_STAFF_ROLE_STAFF = 0,
  SK_STAFF_ROLE_OWNER,
} SkStaffRole;

/* The longest name accepted, in characters. */
#define SK_STAFF_MAX_NAME 80
/* Failed attempts allowed before the first lock. */
#define SK_STAFF_FREE_ATTEMPTS 5

typedef struct
{
  gint64       id;
  char        *name;
  SkStaffRole  role;
  gboolean     has_passphrase;
  gint64       failed_attempts;   /* wrong passphrases since the last right one */
  gint64       locked_until;      /* Unix seconds UTC; 0 or past: not locked */
  gint64       created_at;
} SkStaffMember;

SkStaffMember *sk_staff_member_copy          (const SkStaffMember *member);
void           sk_staff_member_free          (SkStaffMember       *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkStaffMember, sk_staff_member_free)

const char    *sk_staff_role_to_string       (SkStaffRole          role);
gboolean       sk_staff_role_from_string     (const char          *text,
                                              SkStaffRole         *out);
/* Translated: "Owner", "Staff". */
const char    *sk_staff_role_get_label       (SkStaffRole          role);

/* Seconds of lock after @failed_attempts wrong passphrases in a row: 0 up
 * to SK_STAFF_FREE_ATTEMPTS - 1, then 60 s at the 5th, doubling with each
 * further failure (120 s, 240 s…), at most one day. */
gint64         sk_staff_lock_seconds         (gint64               failed_attempts);

/* Every profile (SkStaffMember*), owners first, then by name. */
GPtrArray     *sk_staff_list                 (SkDatabase          *database,
                                              GError             **error);
gint64         sk_staff_count                (SkDatabase          *database,
                                              SkStaffRole          role,
                                              GError             **error);
/* NULL with SK_DATABASE_ERROR_NOT_FOUND when there is no such profile. */
SkStaffMember *sk_staff_get                  (SkDatabase          *database,
                                              gint64               id,
                                              GError             **error);
SkStaffMember *sk_staff_find_by_name         (SkDatabase          *database,
                                              const char          *name,
                                              GError             **error);
/* Adds a profile; the name is trimmed, must be 1 to SK_STAFF_MAX_NAME
 * characters and unique regardless of case (SK_DATABASE_ERROR_CONSTRAINT
 * otherwise). An owner needs @passphrase_hash; staff have none. Audited
 * as @actor. Returns the id, 0 on error. */
gint64         sk_staff_add                  (SkDatabase          *database,
                                              const char          *name,
                                              SkStaffRole          role,
                                              const char          *passphrase_hash,
                                              const char          *actor,
                                              GError             **error);
/* Changes a role; the last owner cannot become staff. Making someone an
 * owner needs a hash (theirs, already set, or @passphrase_hash). */
gboolean       sk_staff_set_role             (SkDatabase          *database,
                                              gint64               id,
                                              SkStaffRole          role,
                                              const char          *passphrase_hash,
                                              const char          *actor,
                                              GError             **error);
/* Replaces the hash and clears failed attempts and the lock. */
gboolean       sk_staff_set_passphrase_hash  (SkDatabase          *database,
                                              gint64               id,
                                              const char          *passphrase_hash,
                                              const char          *actor,
                                              GError             **error);
/* The stored hash, NULL (no error) when the profile has none. */
char          *sk_staff_get_passphrase_hash  (SkDatabase          *database,
                                              gint64               id,
                                              GError             **error);
/* A wrong passphrase at @now: one more failed attempt and, from the
 * SK_STAFF_FREE_ATTEMPTS-th on, a lock until @now + sk_staff_lock_seconds ();
 * audited. *@out_locked_until gets the lock's end (0 if none). */
gboolean       sk_staff_record_failure       (SkDatabase          *database,
                                              gint64               id,
                                              gint64               now,
                                              gint64              *out_locked_until,
                                              GError             **error);
/* The right passphrase: failed attempts back to 0, lock cleared. */
gboolean       sk_staff_record_success       (SkDatabase          *database,
                                              gint64               id,
                                              GError             **error);

G_END_DECLS
