/* sk-customer-care.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-customer-care"

#include "config.h"

#include "sk-customer-care.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-customer-care-private.h"
#include "sk-database-private.h"
#include "sk-time.h"

typedef struct
{
  gint64  store_id;
  char   *key;
  char   *email;
} Person;

static void
person_clear (Person *person)
{
  g_clear_pointer (&person->key, g_free);
  g_clear_pointer (&person->email, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Person, person_clear)

static gboolean
load_person (SkDatabase  *database,
             gint64       profile_id,
             Person      *person,
             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT store_id, email_key, email FROM customer_profiles WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This customer is no longer in the shop’s data."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the customer"));
      return FALSE;
    }

  person->store_id = sqlite3_column_int64 (stmt, 0);
  person->key = g_strdup (_sk_database_column_text (stmt, 1));
  person->email = g_strdup (_sk_database_column_text (stmt, 2));

  return TRUE;
}

static gint64
find_ref (SkDatabase  *database,
          gint64       store_id,
          const char  *key,
          GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT id FROM customer_refs WHERE store_id = ?1 AND email_key = ?2",
                               error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, store_id);
  _sk_database_bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the customer"));
      return -1;
    }

  return 0;
}

/* The ref of @person, made if needed; 0 on error. Inside a transaction. */
static gint64
ensure_ref (SkDatabase    *database,
            const Person  *person,
            GError       **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gint64 ref = find_ref (database, person->store_id, person->key, error);
  int rc;

  if (ref != 0)
    return MAX (ref, 0);

  stmt = _sk_database_prepare (database,
                               "INSERT INTO customer_refs (store_id, email_key, email) VALUES (?1, ?2, ?3)",
                               error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, person->store_id);
  _sk_database_bind_text (stmt, 2, person->key);
  _sk_database_bind_text (stmt, 3, person->email);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the customer’s details"));
      return 0;
    }

  return sqlite3_last_insert_rowid (_sk_database_get_handle (database));
}

gboolean
_sk_customer_care_begin_own (SkDatabase  *database,
                             gboolean    *own,
                             GError     **error)
{
  *own = sqlite3_get_autocommit (_sk_database_get_handle (database));

  return !*own || _sk_database_begin (database, error);
}

gboolean
_sk_customer_care_finish_own (SkDatabase  *database,
                              gboolean     own,
                              gboolean     ok,
                              GError     **error)
{
  if (!own)
    return ok;

  if (ok && _sk_database_commit (database, error))
    return TRUE;

  _sk_database_rollback (database);
  return FALSE;
}

static gboolean
audit (SkDatabase  *database,
       const char  *action,
       gint64       ref,
       const char  *details,
       GError     **error)
{
  g_autofree char *subject = g_strdup_printf ("customer #%" G_GINT64_FORMAT, ref);

  return _sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database),
                                       action, subject, details, error);
}

gboolean
_sk_customer_care_step_done (SkDatabase    *database,
                             sqlite3_stmt  *stmt,
                             const char    *what,
                             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Text from the user: valid UTF-8, trimmed, not empty, not too long. */
char *
_sk_customer_care_clean_text (const char  *text,
                              gsize        max_bytes,
                              const char  *empty_message,
                              const char  *long_message,
                              GError     **error)
{
  g_autofree char *stripped = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The text holds characters that are not valid."));
      return NULL;
    }

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID, empty_message);
      return NULL;
    }
  if (strlen (stripped) > max_bytes)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID, long_message);
      return NULL;
    }

  return g_steal_pointer (&stripped);
}

/* Loading */

static void
customer_note_free (gpointer data)
{
  SkCustomerNote *note = data;

  g_free (note->author);
  g_free (note->note);
  g_free (note->email);
  g_free (note);
}

static void
consent_record_free (gpointer data)
{
  SkConsentRecord *record = data;

  g_free (record->wording);
  g_free (record->recorded_by);
  g_free (record->email);
  g_free (record);
}

static void
customer_alias_free (gpointer data)
{
  SkCustomerAlias *alias = data;

  g_free (alias->email);
  g_free (alias->linked_by);
  g_free (alias);
}

void
sk_customer_care_free (SkCustomerCare *care)
{
  if (care == NULL)
    return;

  g_clear_pointer (&care->aliases, g_ptr_array_unref);
  g_clear_pointer (&care->notes, g_ptr_array_unref);
  g_clear_pointer (&care->tags, g_ptr_array_unref);
  g_clear_pointer (&care->consent_history, g_ptr_array_unref);
  g_free (care);
}

static gboolean
load_care (SkDatabase      *database,
           SkCustomerCare  *care,
           GError         **error)
{
  g_autoptr(SkCachedStmt) aliases = NULL;
  g_autoptr(SkCachedStmt) notes = NULL;
  g_autoptr(SkCachedStmt) tags = NULL;
  g_autoptr(SkCachedStmt) consent = NULL;
  int rc;

  aliases = _sk_database_prepare (database,
                                  "SELECT r.id, r.email, l.linked_at, l.linked_by"
                                  "  FROM customer_links AS l JOIN customer_refs AS r ON r.id = l.alias_ref"
                                  " WHERE l.primary_ref = ?1 ORDER BY l.linked_at, r.id",
                                  error);
  if (aliases == NULL)
    return FALSE;
  sqlite3_bind_int64 (aliases, 1, care->ref_id);
  while ((rc = sqlite3_step (aliases)) == SQLITE_ROW)
    {
      SkCustomerAlias *alias = g_new0 (SkCustomerAlias, 1);

      alias->ref_id = sqlite3_column_int64 (aliases, 0);
      alias->email = g_strdup (_sk_database_column_text (aliases, 1));
      alias->linked_at = sqlite3_column_int64 (aliases, 2);
      alias->linked_by = g_strdup (_sk_database_column_text (aliases, 3));
      g_ptr_array_add (care->aliases, alias);
    }
  if (rc != SQLITE_DONE)
    goto fail;

  /* The notes and consent of every address of theirs: a note written
   * before a merge stays filed under the address it was written for. */
  notes = _sk_database_prepare (database,
                                "SELECT n.id, n.created_at, n.author, n.note, r.email"
                                "  FROM customer_notes AS n JOIN customer_refs AS r ON r.id = n.ref_id"
                                " WHERE n.ref_id = ?1"
                                "    OR n.ref_id IN (SELECT alias_ref FROM customer_links WHERE primary_ref = ?1)"
                                " ORDER BY n.created_at DESC, n.id DESC",
                                error);
  if (notes == NULL)
    return FALSE;
  sqlite3_bind_int64 (notes, 1, care->ref_id);
  while ((rc = sqlite3_step (notes)) == SQLITE_ROW)
    {
      SkCustomerNote *note = g_new0 (SkCustomerNote, 1);

      note->id = sqlite3_column_int64 (notes, 0);
      note->created_at = sqlite3_column_int64 (notes, 1);
      note->author = g_strdup (_sk_database_column_text (notes, 2));
      note->note = g_strdup (_sk_database_column_text (notes, 3));
      note->email = g_strdup (_sk_database_column_text (notes, 4));
      g_ptr_array_add (care->notes, note);
    }
  if (rc != SQLITE_DONE)
    goto fail;

  tags = _sk_database_prepare (database,
                               "SELECT tag FROM customer_tags WHERE ref_id = ?1 ORDER BY tag",
                               error);
  if (tags == NULL)
    return FALSE;
  sqlite3_bind_int64 (tags, 1, care->ref_id);
  while ((rc = sqlite3_step (tags)) == SQLITE_ROW)
    g_ptr_array_add (care->tags, g_strdup (_sk_database_column_text (tags, 0)));
  if (rc != SQLITE_DONE)
    goto fail;

  consent = _sk_database_prepare (database,
                                  "SELECT c.id, c.state, c.source, c.wording, c.recorded_at, c.recorded_by,"
                                  "       r.email, c.ref_id"
                                  "  FROM customer_consent AS c JOIN customer_refs AS r ON r.id = c.ref_id"
                                  " WHERE c.ref_id = ?1"
                                  "    OR c.ref_id IN (SELECT alias_ref FROM customer_links WHERE primary_ref = ?1)"
                                  " ORDER BY c.id DESC",
                                  error);
  if (consent == NULL)
    return FALSE;
  sqlite3_bind_int64 (consent, 1, care->ref_id);
  while ((rc = sqlite3_step (consent)) == SQLITE_ROW)
    {
      SkConsentRecord *record = g_new0 (SkConsentRecord, 1);

      record->id = sqlite3_column_int64 (consent, 0);
      record->state = sqlite3_column_int (consent, 1);
      record->source = sqlite3_column_int (consent, 2);
      record->wording = g_strdup (_sk_database_column_text (consent, 3));
      record->recorded_at = sqlite3_column_int64 (consent, 4);
      record->recorded_by = g_strdup (_sk_database_column_text (consent, 5));
      record->email = g_strdup (_sk_database_column_text (consent, 6));
      /* Newest first: the first record of the primary address is its state. */
      if (care->consent == SK_CONSENT_NEVER_ASKED && sqlite3_column_int64 (consent, 7) == care->ref_id)
        care->consent = record->state;
      g_ptr_array_add (care->consent_history, record);
    }
  if (rc != SQLITE_DONE)
    goto fail;

  return TRUE;

fail:
  _sk_database_set_error (database, error, rc, _("Could not read the customer"));
  return FALSE;
}

SkCustomerCare *
sk_customer_care_load (SkDatabase  *database,
                       gint64       profile_id,
                       GError     **error)
{
  g_autoptr(SkCustomerCare) care = NULL;
  g_auto(Person) person = { 0 };
  gboolean ok;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  care = g_new0 (SkCustomerCare, 1);
  care->aliases = g_ptr_array_new_with_free_func (customer_alias_free);
  care->notes = g_ptr_array_new_with_free_func (customer_note_free);
  care->tags = g_ptr_array_new_with_free_func (g_free);
  care->consent_history = g_ptr_array_new_with_free_func (consent_record_free);

  if (!load_person (database, profile_id, &person, error))
    return NULL;

  care->ref_id = find_ref (database, person.store_id, person.key, error);
  if (care->ref_id < 0)
    return NULL;
  if (care->ref_id == 0)
    return g_steal_pointer (&care);

  /* One read snapshot for the four lists, unless the caller has one. */
  if (sqlite3_get_autocommit (_sk_database_get_handle (database)))
    {
      if (!_sk_database_exec (database, "BEGIN", _("Could not read the customer"), error))
        return NULL;
      ok = load_care (database, care, error);
      _sk_database_rollback (database);
    }
  else
    ok = load_care (database, care, error);

  return ok ? g_steal_pointer (&care) : NULL;
}

gint64
sk_customer_care_lookup_ref (SkDatabase  *database,
                             gint64       profile_id,
                             GError     **error)
{
  g_auto(Person) person = { 0 };

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);

  if (!load_person (database, profile_id, &person, error))
    return -1;

  return find_ref (database, person.store_id, person.key, error);
}

/* Notes */

gint64
sk_customer_care_add_note (SkDatabase  *database,
                           gint64       profile_id,
                           const char  *note,
                           GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_auto(Person) person = { 0 };
  gboolean own;
  gint64 ref;
  gint64 id = 0;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  text = _sk_customer_care_clean_text (note, SK_CUSTOMER_NOTE_MAX_BYTES,
                                       _("The note is empty."), _("The note is too long."), error);
  if (text == NULL)
    return 0;

  if (!_sk_customer_care_begin_own (database, &own, error))
    return 0;

  if (load_person (database, profile_id, &person, error) &&
      (ref = ensure_ref (database, &person, error)) > 0 &&
      (stmt = _sk_database_prepare (database,
                                    "INSERT INTO customer_notes (ref_id, created_at, author, note)"
                                    " VALUES (?1, ?2, ?3, ?4)",
                                    error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ref);
      sqlite3_bind_int64 (stmt, 2, sk_time_now_utc ());
      _sk_database_bind_text (stmt, 3, sk_database_get_actor (database));
      _sk_database_bind_text (stmt, 4, text);
      if (_sk_customer_care_step_done (database, stmt, _("Could not save the note"), error))
        id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));
    }

  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  return _sk_customer_care_finish_own (database, own, id > 0, error) ? id : 0;
}

/* Tags */

static gboolean
change_tag (SkDatabase  *database,
            gint64       profile_id,
            const char  *tag,
            gboolean     add,
            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  g_auto(Person) person = { 0 };
  gboolean own;
  gboolean ok = FALSE;
  gint64 ref;

  clean = _sk_customer_care_clean_text (tag, SK_CUSTOMER_TAG_MAX_BYTES,
                                        _("The tag is empty."), _("The tag is too long."), error);
  if (clean == NULL)
    return FALSE;

  if (!_sk_customer_care_begin_own (database, &own, error))
    return FALSE;

  if (!load_person (database, profile_id, &person, error))
    goto out;

  if (add)
    {
      ref = ensure_ref (database, &person, error);
      if (ref <= 0)
        goto out;
      stmt = _sk_database_prepare (database,
                                   "INSERT OR IGNORE INTO customer_tags (ref_id, tag, added_at, added_by)"
                                   " VALUES (?1, ?2, ?3, ?4)",
                                   error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 3, sk_time_now_utc ());
      _sk_database_bind_text (stmt, 4, sk_database_get_actor (database));
    }
  else
    {
      ref = find_ref (database, person.store_id, person.key, error);
      if (ref <= 0)
        {
          ok = ref == 0;
          goto out;
        }
      stmt = _sk_database_prepare (database,
                                   "DELETE FROM customer_tags WHERE ref_id = ?1 AND tag = ?2",
                                   error);
      if (stmt == NULL)
        goto out;
    }

  sqlite3_bind_int64 (stmt, 1, ref);
  _sk_database_bind_text (stmt, 2, clean);
  if (!_sk_customer_care_step_done (database, stmt, _("Could not save the tags"), error))
    goto out;

  ok = sqlite3_changes (_sk_database_get_handle (database)) == 0 ||
       audit (database, add ? "customer.tag-added" : "customer.tag-removed", ref, clean, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return _sk_customer_care_finish_own (database, own, ok, error);
}

gboolean
sk_customer_care_add_tag (SkDatabase  *database,
                          gint64       profile_id,
                          const char  *tag,
                          GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_tag (database, profile_id, tag, TRUE, error);
}

gboolean
sk_customer_care_remove_tag (SkDatabase  *database,
                             gint64       profile_id,
                             const char  *tag,
                             GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_tag (database, profile_id, tag, FALSE, error);
}

GStrv
_sk_customer_care_list_strings (SkDatabase  *database,
                                const char  *sql,
                                const char  *what,
                                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, what);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

GStrv
sk_customer_care_list_tags (SkDatabase  *database,
                            GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return _sk_customer_care_list_strings (database,
                                         "SELECT DISTINCT tag FROM customer_tags ORDER BY tag COLLATE NOCASE, tag",
                                         _("Could not read the tags"), error);
}

/* Consent */

gboolean
sk_customer_care_set_consent (SkDatabase       *database,
                              gint64            profile_id,
                              SkConsentState    state,
                              SkConsentSource   source,
                              const char       *wording,
                              GError          **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_auto(Person) person = { 0 };
  g_autofree char *details = NULL;
  gboolean own;
  gboolean ok = FALSE;
  gint64 ref;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (state == SK_CONSENT_SUBSCRIBED || state == SK_CONSENT_UNSUBSCRIBED, FALSE);
  g_return_val_if_fail (source >= SK_CONSENT_SOURCE_CHECKOUT && source <= SK_CONSENT_SOURCE_LAST, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (wording == NULL)
    wording = "";
  if (!g_utf8_validate (wording, -1, NULL) || strlen (wording) > SK_CUSTOMER_NOTE_MAX_BYTES)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The wording of the consent is not valid text or is too long."));
      return FALSE;
    }

  if (!_sk_customer_care_begin_own (database, &own, error))
    return FALSE;

  if (!load_person (database, profile_id, &person, error) ||
      (ref = ensure_ref (database, &person, error)) <= 0)
    goto out;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO customer_consent (ref_id, state, source, wording, recorded_at, recorded_by)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               error);
  if (stmt == NULL)
    goto out;

  sqlite3_bind_int64 (stmt, 1, ref);
  sqlite3_bind_int (stmt, 2, state);
  sqlite3_bind_int (stmt, 3, source);
  _sk_database_bind_text (stmt, 4, wording);
  sqlite3_bind_int64 (stmt, 5, sk_time_now_utc ());
  _sk_database_bind_text (stmt, 6, sk_database_get_actor (database));
  if (!_sk_customer_care_step_done (database, stmt, _("Could not save the consent"), error))
    goto out;

  details = g_strdup_printf ("%s, source %d",
                             state == SK_CONSENT_SUBSCRIBED ? "subscribed" : "unsubscribed", source);
  ok = audit (database, "customer.consent", ref, details, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return _sk_customer_care_finish_own (database, own, ok, error);
}

SkConsentState
sk_customer_care_get_consent (SkDatabase *database,
                              const char *email)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *key = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), SK_CONSENT_NEVER_ASKED);

  if (email == NULL || *email == '\0' || !g_utf8_validate (email, -1, NULL))
    return SK_CONSENT_NEVER_ASKED;

  /* The same lowering as the profiles' keys (sk-insights.c). */
  key = g_utf8_strdown (email, -1);

  stmt = _sk_database_prepare (database,
                               "SELECT c.state FROM customer_refs AS r"
                               "  JOIN customer_consent AS c ON c.ref_id = r.id"
                               " WHERE r.email_key = ?1 ORDER BY c.id DESC LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return SK_CONSENT_NEVER_ASKED;

  _sk_database_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);
  if (rc != SQLITE_DONE)
    /* Fail closed: no consent we cannot prove. */
    g_warning ("Could not read the consent: %s", sqlite3_errmsg (_sk_database_get_handle (database)));

  return SK_CONSENT_NEVER_ASKED;
}

gboolean
sk_customer_care_has_consent (SkDatabase *database,
                              const char *email)
{
  return sk_customer_care_get_consent (database, email) == SK_CONSENT_SUBSCRIBED;
}

/* Merge and split */

gboolean
sk_customer_care_merge (SkDatabase  *database,
                        gint64       primary_profile_id,
                        gint64       other_profile_id,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) repoint = NULL;
  g_autoptr(SkCachedStmt) link = NULL;
  g_autoptr(SkCachedStmt) tags = NULL;
  g_auto(Person) primary = { 0 };
  g_auto(Person) other = { 0 };
  g_autofree char *details = NULL;
  gint64 primary_ref, other_ref;
  gboolean own;
  gboolean ok = FALSE;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (primary_profile_id == other_profile_id)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("A customer cannot be merged with themselves."));
      return FALSE;
    }

  if (!_sk_customer_care_begin_own (database, &own, error))
    return FALSE;

  if (!load_person (database, primary_profile_id, &primary, error) ||
      !load_person (database, other_profile_id, &other, error))
    goto out;

  if (primary.store_id != other.store_id)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("Customers of two different stores cannot be merged."));
      goto out;
    }

  if ((primary_ref = ensure_ref (database, &primary, error)) <= 0 ||
      (other_ref = ensure_ref (database, &other, error)) <= 0)
    goto out;

  /* Profiles are only ever made for primaries, so neither is an alias;
   * the other's own aliases come along, keeping every link one step. */
  repoint = _sk_database_prepare (database,
                                  "UPDATE customer_links SET primary_ref = ?1 WHERE primary_ref = ?2",
                                  error);
  link = _sk_database_prepare (database,
                               "INSERT OR REPLACE INTO customer_links (alias_ref, primary_ref, linked_at, linked_by)"
                               " VALUES (?2, ?1, ?3, ?4)",
                               error);
  tags = _sk_database_prepare (database,
                               "INSERT OR IGNORE INTO customer_tags (ref_id, tag, added_at, added_by)"
                               " SELECT ?1, tag, added_at, added_by FROM customer_tags WHERE ref_id = ?2",
                               error);
  if (repoint == NULL || link == NULL || tags == NULL)
    goto out;

  sqlite3_bind_int64 (repoint, 1, primary_ref);
  sqlite3_bind_int64 (repoint, 2, other_ref);
  sqlite3_bind_int64 (link, 1, primary_ref);
  sqlite3_bind_int64 (link, 2, other_ref);
  sqlite3_bind_int64 (link, 3, sk_time_now_utc ());
  _sk_database_bind_text (link, 4, sk_database_get_actor (database));
  sqlite3_bind_int64 (tags, 1, primary_ref);
  sqlite3_bind_int64 (tags, 2, other_ref);

  if (!_sk_customer_care_step_done (database, repoint, _("Could not merge the customers"), error) ||
      !_sk_customer_care_step_done (database, link, _("Could not merge the customers"), error) ||
      !_sk_customer_care_step_done (database, tags, _("Could not merge the customers"), error) ||
      !_sk_database_exec (database, "DELETE FROM customer_tags WHERE ref_id IN"
                          " (SELECT alias_ref FROM customer_links)",
                          _("Could not merge the customers"), error))
    goto out;

  details = g_strdup_printf ("customer #%" G_GINT64_FORMAT " is also known as customer #%" G_GINT64_FORMAT,
                             primary_ref, other_ref);
  ok = audit (database, "customer.merged", primary_ref, details, error);

out:
  g_clear_pointer (&repoint, _sk_cached_stmt_release);
  g_clear_pointer (&link, _sk_cached_stmt_release);
  g_clear_pointer (&tags, _sk_cached_stmt_release);
  return _sk_customer_care_finish_own (database, own, ok, error);
}

gboolean
sk_customer_care_split (SkDatabase  *database,
                        gint64       profile_id,
                        gint64       alias_ref_id,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_auto(Person) person = { 0 };
  g_autofree char *details = NULL;
  gboolean own;
  gboolean ok = FALSE;
  gint64 ref;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_sk_customer_care_begin_own (database, &own, error))
    return FALSE;

  if (!load_person (database, profile_id, &person, error) ||
      (ref = find_ref (database, person.store_id, person.key, error)) < 0)
    goto out;

  stmt = _sk_database_prepare (database,
                               "DELETE FROM customer_links WHERE alias_ref = ?1 AND primary_ref = ?2",
                               error);
  if (stmt == NULL)
    goto out;

  sqlite3_bind_int64 (stmt, 1, alias_ref_id);
  sqlite3_bind_int64 (stmt, 2, ref);
  if (!_sk_customer_care_step_done (database, stmt, _("Could not split the customers"), error))
    goto out;

  if (ref == 0 || sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("These addresses are not merged."));
      goto out;
    }

  details = g_strdup_printf ("customer #%" G_GINT64_FORMAT " split off", alias_ref_id);
  ok = audit (database, "customer.split", ref, details, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return _sk_customer_care_finish_own (database, own, ok, error);
}

static void
link_target_free (gpointer data)
{
  SkCustomerLinkTarget *target = data;

  g_free (target->key);
  g_free (target->email);
  g_free (target);
}

GHashTable *
sk_customer_care_load_links (SkDatabase  *database,
                             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) links = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT a.store_id, a.email_key, p.email_key, p.email"
                               "  FROM customer_links AS l"
                               "  JOIN customer_refs AS a ON a.id = l.alias_ref"
                               "  JOIN customer_refs AS p ON p.id = l.primary_ref",
                               error);
  if (stmt == NULL)
    return NULL;

  links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, link_target_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 store_id = sqlite3_column_int64 (stmt, 0);
      SkCustomerLinkTarget *target = g_new0 (SkCustomerLinkTarget, 1);

      target->key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", store_id,
                                     _sk_database_column_text (stmt, 2));
      target->email = g_strdup (_sk_database_column_text (stmt, 3));
      g_hash_table_insert (links,
                           g_strdup_printf ("%" G_GINT64_FORMAT ":%s", store_id,
                                            _sk_database_column_text (stmt, 1)),
                           target);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the merged customers"));
      return NULL;
    }

  return g_steal_pointer (&links);
}

/* Labels */

const char *
sk_consent_state_get_label (SkConsentState state)
{
  switch (state)
    {
    case SK_CONSENT_SUBSCRIBED:
      return C_("marketing consent", "Subscribed");
    case SK_CONSENT_UNSUBSCRIBED:
      return C_("marketing consent", "Unsubscribed");
    case SK_CONSENT_NEVER_ASKED:
    default:
      return C_("marketing consent", "Never asked");
    }
}

const char *
sk_consent_source_get_label (SkConsentSource source)
{
  switch (source)
    {
    case SK_CONSENT_SOURCE_CHECKOUT:
      return C_("consent source", "At checkout");
    case SK_CONSENT_SOURCE_STAFF_PHONE:
      return C_("consent source", "Told staff on the phone");
    case SK_CONSENT_SOURCE_STAFF_IN_PERSON:
      return C_("consent source", "Told staff in person");
    case SK_CONSENT_SOURCE_STAFF_EMAIL:
      return C_("consent source", "Wrote to the shop");
    case SK_CONSENT_SOURCE_UNSUBSCRIBE_LINK:
      return C_("consent source", "Unsubscribe link");
    case SK_CONSENT_SOURCE_IMPORT:
      return C_("consent source", "Imported");
    default:
      return C_("consent source", "Unknown");
    }
}
