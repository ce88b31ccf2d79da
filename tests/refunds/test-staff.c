/* test-staff.c — staff profiles and roles, the owner's passphrase
 * (yescrypt), owner rights and the rate limit on wrong passphrases, kept
 * across a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "sk-context.h"
#include "sk-database-private.h"
#include "sk-passphrase.h"
#include "sk-staff-session.h"
#include "sk-test-utils.h"
#include "sk-time.h"

#define OWNER_PASSPHRASE "correct horse battery"

typedef struct
{
  char         *dir;
  SkDemoServer *server;
  SkContext    *context;
  gint64        clock;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->clock;
}

static SkContext *
open_context (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SkContext *context = sk_context_new (f->dir, &error);

  g_assert_no_error (error);
  /* A store is set up (the writer needs one); nothing is synced. */
  sk_sync_manager_set_store (sk_context_get_sync_manager (context),
                             sk_demo_server_get_url (f->server),
                             sk_demo_server_get_key (f->server),
                             sk_demo_server_get_secret (f->server));
  return context;
}

static SkStaffSession *
session_of (Fixture *f)
{
  SkStaffSession *session = sk_context_get_service (f->context, SK_TYPE_STAFF_SESSION);

  sk_staff_session_set_clock (session, fixture_clock, f);
  return session;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sk_test_make_temp_dir ();
  f->server = sk_test_start_demo (3, 5);
  f->context = open_context (f);
  f->clock = sk_time_now_utc ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->context);
  sk_demo_server_stop (f->server);
  g_clear_object (&f->server);
  sk_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (sk_context_get_database (f->context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* The owner "Ada" (first run) and the staff member "Bob"; Bob at the desk. */
static gint64
set_up_staff (Fixture *f,
              gint64  *out_owner)
{
  SkStaffSession *session = session_of (f);
  g_autoptr(GError) error = NULL;
  gint64 owner;
  gint64 bob;

  owner = sk_staff_session_add (session, "Ada", SK_STAFF_ROLE_STAFF, OWNER_PASSPHRASE, &error);
  g_assert_no_error (error);
  bob = sk_staff_session_add (session, "Bob", SK_STAFF_ROLE_STAFF, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sk_staff_session_switch_to (session, bob, NULL, &error));
  g_assert_no_error (error);

  if (out_owner != NULL)
    *out_owner = owner;
  return bob;
}

static void
test_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *again = NULL;

  hash = sk_passphrase_hash (OWNER_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_true (sk_passphrase_is_hash (hash));
  g_assert_null (strstr (hash, OWNER_PASSPHRASE));

  /* Salted: the same passphrase never gives the same string. */
  again = sk_passphrase_hash (OWNER_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, again);

  g_assert_true (sk_passphrase_verify (OWNER_PASSPHRASE, hash));
  g_assert_true (sk_passphrase_verify (OWNER_PASSPHRASE, again));
  g_assert_false (sk_passphrase_verify ("correct horse battery ", hash));
  g_assert_false (sk_passphrase_verify ("", hash));
  g_assert_false (sk_passphrase_verify (OWNER_PASSPHRASE, "$y$broken"));
  g_assert_false (sk_passphrase_verify (OWNER_PASSPHRASE, "plain text"));
  g_assert_false (sk_passphrase_verify (NULL, hash));

  g_assert_false (sk_passphrase_check_quality ("short", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sk_passphrase_check_quality ("\xff\xfe invalid utf-8", &error));
  g_clear_error (&error);
  g_assert_true (sk_passphrase_check_quality ("ñandú ñandú", &error));
  g_assert_no_error (error);
}

static void
test_lock_schedule (void)
{
  g_assert_cmpint (sk_staff_lock_seconds (0), ==, 0);
  g_assert_cmpint (sk_staff_lock_seconds (4), ==, 0);
  g_assert_cmpint (sk_staff_lock_seconds (5), ==, 60);
  g_assert_cmpint (sk_staff_lock_seconds (6), ==, 120);
  g_assert_cmpint (sk_staff_lock_seconds (7), ==, 240);
  g_assert_cmpint (sk_staff_lock_seconds (15), ==, 61440);
  g_assert_cmpint (sk_staff_lock_seconds (16), ==, 24 * 60 * 60);
  g_assert_cmpint (sk_staff_lock_seconds (1000), ==, 24 * 60 * 60);
}

static void
test_first_run (Fixture       *f,
                gconstpointer  data)
{
  SkStaffSession *session = session_of (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  SkStaffMember *ada;
  gint64 id;

  g_assert_true (sk_staff_session_needs_setup (session));
  g_assert_null (sk_staff_session_get_current_name (session));

  /* The first profile needs a passphrase, and becomes the owner whatever
   * role was asked. */
  g_assert_cmpint (sk_staff_session_add (session, "Ada", SK_STAFF_ROLE_STAFF, NULL, &error), ==, 0);
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sk_staff_session_add (session, "Ada", SK_STAFF_ROLE_STAFF, "short", &error), ==, 0);
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sk_staff_session_needs_setup (session));

  id = sk_staff_session_add (session, "  Ada  ", SK_STAFF_ROLE_STAFF, OWNER_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_false (sk_staff_session_needs_setup (session));
  g_assert_cmpstr (sk_staff_session_get_current_name (session), ==, "Ada");
  g_assert_cmpint (sk_staff_session_get_current_role (session), ==, SK_STAFF_ROLE_OWNER);
  g_assert_true (sk_staff_session_has_owner_rights (session));
  g_assert_cmpstr (sk_context_get_actor (f->context), ==, "Ada");

  staff = sk_staff_session_list (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  ada = g_ptr_array_index (staff, 0);
  g_assert_cmpstr (ada->name, ==, "Ada");
  g_assert_cmpint (ada->role, ==, SK_STAFF_ROLE_OWNER);
  g_assert_true (ada->has_passphrase);

  /* Names are unique whatever their case. */
  g_assert_cmpint (sk_staff_session_add (session, "ADA", SK_STAFF_ROLE_STAFF, NULL, &error), ==, 0);
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_INVALID);
  g_clear_error (&error);

  /* Owner rights last five minutes. */
  f->clock += SK_STAFF_SESSION_OWNER_RIGHTS_SECONDS;
  g_assert_false (sk_staff_session_has_owner_rights (session));

  /* Only a hash is stored, and the passphrase is nowhere in the audit log. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM staff WHERE passphrase_hash LIKE '$y$%'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM staff WHERE passphrase_hash LIKE '%horse%'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE details LIKE '%horse%'"
                                 " OR details LIKE '%$y$%' OR subject LIKE '%horse%'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE action = 'staff-add'"), ==, 1);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  SkStaffSession *session = session_of (f);
  g_autoptr(GError) error = NULL;
  gint64 owner;
  gint64 bob;

  bob = set_up_staff (f, &owner);
  g_assert_cmpstr (sk_staff_session_get_current_name (session), ==, "Bob");
  g_assert_cmpstr (sk_context_get_actor (f->context), ==, "Bob");
  g_assert_false (sk_staff_session_has_owner_rights (session));
  g_assert_cmpstr (sk_staff_session_get_acting_role (session), ==, "staff");

  /* Staff may not add staff, change roles or passphrases, even directly. */
  g_assert_cmpint (sk_staff_session_add (session, "Eve", SK_STAFF_ROLE_OWNER, "another passphrase", &error), ==, 0);
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (sk_staff_session_set_role (session, bob, SK_STAFF_ROLE_OWNER, "another passphrase", &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (sk_staff_session_set_passphrase (session, owner, "another passphrase", &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM staff"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM staff WHERE role = 'owner'"), ==, 1);

  /* The owner comes over and types the passphrase: rights for Bob's desk. */
  g_assert_true (sk_staff_session_unlock_owner (session, OWNER_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_true (sk_staff_session_has_owner_rights (session));
  g_assert_cmpstr (sk_staff_session_get_acting_role (session), ==, "owner");
  g_assert_cmpstr (sk_staff_session_get_current_name (session), ==, "Bob");

  g_assert_cmpint (sk_staff_session_add (session, "Eve", SK_STAFF_ROLE_STAFF, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* The last owner stays an owner. */
  g_assert_false (sk_staff_session_set_role (session, owner, SK_STAFF_ROLE_STAFF, NULL, &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_INVALID);
  g_clear_error (&error);

  /* Making an owner needs a passphrase for them. */
  g_assert_false (sk_staff_session_set_role (session, bob, SK_STAFF_ROLE_OWNER, NULL, &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sk_staff_session_set_role (session, bob, SK_STAFF_ROLE_OWNER, "bobs own passphrase", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sk_staff_session_get_current_role (session), ==, SK_STAFF_ROLE_OWNER);
  g_assert_true (sk_staff_session_set_role (session, owner, SK_STAFF_ROLE_STAFF, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM staff WHERE role = 'staff' AND passphrase_hash IS NULL"), ==, 2);

  /* Locking drops the rights at once. */
  sk_staff_session_lock_owner (session);
  g_assert_false (sk_staff_session_has_owner_rights (session));
}

static void
test_switch_to_owner (Fixture       *f,
                      gconstpointer  data)
{
  SkStaffSession *session = session_of (f);
  g_autoptr(GError) error = NULL;
  gint64 owner;

  set_up_staff (f, &owner);

  g_assert_false (sk_staff_session_switch_to (session, owner, "not the passphrase", &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_cmpstr (sk_staff_session_get_current_name (session), ==, "Bob");
  g_assert_cmpint (query_int (f, "SELECT failed_attempts FROM staff WHERE name = 'Ada'"), ==, 1);

  g_assert_true (sk_staff_session_switch_to (session, owner, OWNER_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sk_staff_session_get_current_name (session), ==, "Ada");
  g_assert_true (sk_staff_session_has_owner_rights (session));
  g_assert_cmpint (query_int (f, "SELECT failed_attempts FROM staff WHERE name = 'Ada'"), ==, 0);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  SkStaffSession *session = session_of (f);
  g_autoptr(GError) error = NULL;
  gint64 start = f->clock;

  set_up_staff (f, NULL);

  for (guint i = 1; i <= 4; i++)
    {
      g_assert_false (sk_staff_session_unlock_owner (session, "guess guess guess", &error));
      g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE);
      g_assert_cmpstr (error->message, ==, "Wrong passphrase.");
      g_clear_error (&error);
    }

  /* The fifth wrong one locks for a minute... */
  g_assert_false (sk_staff_session_unlock_owner (session, "guess guess guess", &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "Try again in 60 seconds"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT failed_attempts FROM staff WHERE name = 'Ada'"), ==, 5);
  g_assert_cmpint (query_int (f, "SELECT locked_until FROM staff WHERE name = 'Ada'"), ==, start + 60);

  /* ...during which even the right passphrase is not tried. */
  g_assert_false (sk_staff_session_unlock_owner (session, OWNER_PASSPHRASE, &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (sk_staff_session_has_owner_rights (session));
  g_assert_cmpint (query_int (f, "SELECT failed_attempts FROM staff WHERE name = 'Ada'"), ==, 5);

  /* A restart does not reset it: the lock is in the database. */
  g_assert_finalize_object (f->context);
  f->context = open_context (f);
  session = session_of (f);
  g_assert_false (sk_staff_session_unlock_owner (session, OWNER_PASSPHRASE, &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);

  /* After the minute, the next wrong one locks for twice as long. */
  f->clock = start + 61;
  g_assert_false (sk_staff_session_unlock_owner (session, "guess guess guess", &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT locked_until FROM staff WHERE name = 'Ada'"), ==, start + 61 + 120);
  f->clock = start + 61 + 119;
  g_assert_false (sk_staff_session_unlock_owner (session, OWNER_PASSPHRASE, &error));
  g_assert_error (error, SK_STAFF_ERROR, SK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);

  /* Past the lock, the right passphrase works and clears the count. */
  f->clock = start + 61 + 120;
  g_assert_true (sk_staff_session_unlock_owner (session, OWNER_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT failed_attempts FROM staff WHERE name = 'Ada'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT locked_until FROM staff WHERE name = 'Ada'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM audit_log WHERE action = 'passphrase-wrong'"), ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/staff/passphrase", test_passphrase);
  g_test_add_func ("/staff/lock-schedule", test_lock_schedule);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/staff/first-run", test_first_run);
  ADD ("/staff/roles", test_roles);
  ADD ("/staff/switch-to-owner", test_switch_to_owner);
  ADD ("/staff/rate-limit", test_rate_limit);
#undef ADD

  return g_test_run ();
}
