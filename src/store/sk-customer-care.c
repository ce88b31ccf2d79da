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

#include "sk-database-private.h"
#include "sk-time.h"

/* Orders that count as bought (see sk-insights.h). */
#define COUNTED_STATUS_SQL \
  "o.status NOT IN ('pending', 'failed', 'cancelled', 'trash', 'draft', 'checkout-draft')"

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

static gboolean
begin_own (SkDatabase  *database,
           gboolean    *own,
           GError     **error)
{
  *own = sqlite3_get_autocommit (_sk_database_get_handle (database));

  return !*own || _sk_database_begin (database, error);
}

static gboolean
finish_own (SkDatabase  *database,
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

static gboolean
step_done (SkDatabase    *database,
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
static char *
clean_text (const char  *text,
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

  text = clean_text (note, SK_CUSTOMER_NOTE_MAX_BYTES,
                     _("The note is empty."), _("The note is too long."), error);
  if (text == NULL)
    return 0;

  if (!begin_own (database, &own, error))
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
      if (step_done (database, stmt, _("Could not save the note"), error))
        id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));
    }

  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  return finish_own (database, own, id > 0, error) ? id : 0;
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

  clean = clean_text (tag, SK_CUSTOMER_TAG_MAX_BYTES,
                      _("The tag is empty."), _("The tag is too long."), error);
  if (clean == NULL)
    return FALSE;

  if (!begin_own (database, &own, error))
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
  if (!step_done (database, stmt, _("Could not save the tags"), error))
    goto out;

  ok = sqlite3_changes (_sk_database_get_handle (database)) == 0 ||
       audit (database, add ? "customer.tag-added" : "customer.tag-removed", ref, clean, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return finish_own (database, own, ok, error);
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
sk_customer_care_list_tags (SkDatabase  *database,
                            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT DISTINCT tag FROM customer_tags ORDER BY tag COLLATE NOCASE, tag",
                               error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the tags"));
      return NULL;
    }

  return g_strv_builder_end (builder);
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

  if (!begin_own (database, &own, error))
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
  if (!step_done (database, stmt, _("Could not save the consent"), error))
    goto out;

  details = g_strdup_printf ("%s, source %d",
                             state == SK_CONSENT_SUBSCRIBED ? "subscribed" : "unsubscribed", source);
  ok = audit (database, "customer.consent", ref, details, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return finish_own (database, own, ok, error);
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

  if (!begin_own (database, &own, error))
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

  if (!step_done (database, repoint, _("Could not merge the customers"), error) ||
      !step_done (database, link, _("Could not merge the customers"), error) ||
      !step_done (database, tags, _("Could not merge the customers"), error) ||
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
  return finish_own (database, own, ok, error);
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

  if (!begin_own (database, &own, error))
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
  if (!step_done (database, stmt, _("Could not split the customers"), error))
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
  return finish_own (database, own, ok, error);
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

/* Segments */

void
sk_segment_criteria_clear (SkSegmentCriteria *criteria)
{
  g_clear_pointer (&criteria->category, g_free);
  g_clear_pointer (&criteria->tag, g_free);
  memset (criteria, 0, sizeof *criteria);
}

char *
sk_segment_criteria_to_json (const SkSegmentCriteria *criteria)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (criteria != NULL, NULL);

  json_builder_begin_object (builder);
  if (criteria->min_spent > 0)
    {
      json_builder_set_member_name (builder, "min_spent");
      json_builder_add_int_value (builder, criteria->min_spent);
    }
  if (criteria->min_orders > 0)
    {
      json_builder_set_member_name (builder, "min_orders");
      json_builder_add_int_value (builder, criteria->min_orders);
    }
  if (criteria->last_order_before > 0)
    {
      json_builder_set_member_name (builder, "last_order_before");
      json_builder_add_int_value (builder, criteria->last_order_before);
    }
  if (criteria->product_id > 0)
    {
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_int_value (builder, criteria->product_id);
    }
  if (criteria->category != NULL && *criteria->category != '\0')
    {
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, criteria->category);
    }
  if (criteria->has_consent)
    {
      json_builder_set_member_name (builder, "has_consent");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (criteria->tag != NULL && *criteria->tag != '\0')
    {
      json_builder_set_member_name (builder, "tag");
      json_builder_add_string_value (builder, criteria->tag);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
read_int_member (JsonObject  *object,
                 const char  *name,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("The segment’s “%s” is not a whole number of zero or more."), name);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_string_member (JsonObject  *object,
                    const char  *name,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("The segment’s “%s” is not text."), name);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
sk_segment_criteria_from_json (const char         *json,
                               SkSegmentCriteria  *criteria,
                               GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(SkSegmentCriteria) parsed = { 0 };
  JsonObject *object;
  JsonNode *consent;

  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (criteria != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The segment’s definition is damaged."));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (!read_int_member (object, "min_spent", &parsed.min_spent, error) ||
      !read_int_member (object, "min_orders", &parsed.min_orders, error) ||
      !read_int_member (object, "last_order_before", &parsed.last_order_before, error) ||
      !read_int_member (object, "product_id", &parsed.product_id, error) ||
      !read_string_member (object, "category", &parsed.category, error) ||
      !read_string_member (object, "tag", &parsed.tag, error))
    return FALSE;

  consent = json_object_get_member (object, "has_consent");
  if (consent != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (consent) || json_node_get_value_type (consent) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                               _("The segment’s “has_consent” is not true or false."));
          return FALSE;
        }
      parsed.has_consent = json_node_get_boolean (consent);
    }

  *criteria = parsed;
  memset (&parsed, 0, sizeof parsed);

  return TRUE;
}

void
sk_saved_segment_free (SkSavedSegment *segment)
{
  if (segment == NULL)
    return;

  g_free (segment->name);
  sk_segment_criteria_clear (&segment->criteria);
  g_free (segment);
}

gint64
sk_customer_care_save_segment (SkDatabase               *database,
                               gint64                    segment_id,
                               const char               *name,
                               const SkSegmentCriteria  *criteria,
                               GError                  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *json = NULL;
  g_autofree char *subject = NULL;
  gboolean own;
  gboolean ok = FALSE;
  gint64 id = segment_id;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (criteria != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  clean = clean_text (name, 200, _("The segment needs a name."), _("The segment’s name is too long."), error);
  if (clean == NULL)
    return 0;

  json = sk_segment_criteria_to_json (criteria);

  if (!begin_own (database, &own, error))
    return 0;

  if (segment_id > 0)
    stmt = _sk_database_prepare (database,
                                 "UPDATE customer_segments SET name = ?2, definition = ?3, updated_at = ?4"
                                 " WHERE id = ?1",
                                 error);
  else
    stmt = _sk_database_prepare (database,
                                 "INSERT INTO customer_segments (name, definition, created_at, updated_at)"
                                 " VALUES (?2, ?3, ?4, ?4)",
                                 error);
  if (stmt == NULL)
    goto out;

  sqlite3_bind_int64 (stmt, 1, segment_id);
  _sk_database_bind_text (stmt, 2, clean);
  _sk_database_bind_text (stmt, 3, json);
  sqlite3_bind_int64 (stmt, 4, sk_time_now_utc ());
  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("There is already a segment called “%s”."), clean);
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the segment"));
      goto out;
    }
  if (segment_id > 0 && sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("The segment no longer exists."));
      goto out;
    }
  if (segment_id <= 0)
    id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));

  subject = g_strdup_printf ("segment #%" G_GINT64_FORMAT, id);
  ok = _sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database),
                                     "customers.segment-saved", subject, json, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return finish_own (database, own, ok, error) ? id : 0;
}

gboolean
sk_customer_care_delete_segment (SkDatabase  *database,
                                 gint64       segment_id,
                                 GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *subject = NULL;
  gboolean own;
  gboolean ok = FALSE;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);

  if (!begin_own (database, &own, error))
    return FALSE;

  stmt = _sk_database_prepare (database, "DELETE FROM customer_segments WHERE id = ?1", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, segment_id);
  if (!step_done (database, stmt, _("Could not delete the segment"), error))
    goto out;

  subject = g_strdup_printf ("segment #%" G_GINT64_FORMAT, segment_id);
  ok = sqlite3_changes (_sk_database_get_handle (database)) == 0 ||
       _sk_database_append_audit_at (database, sk_time_now_utc (), sk_database_get_actor (database),
                                     "customers.segment-deleted", subject, "", error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  return finish_own (database, own, ok, error);
}

GPtrArray *
sk_customer_care_list_segments (SkDatabase  *database,
                                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT id, name, definition FROM customer_segments ORDER BY name COLLATE NOCASE, id",
                               error);
  if (stmt == NULL)
    return NULL;

  segments = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_saved_segment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(SkSavedSegment) segment = g_new0 (SkSavedSegment, 1);

      segment->id = sqlite3_column_int64 (stmt, 0);
      segment->name = g_strdup (_sk_database_column_text (stmt, 1));
      if (!sk_segment_criteria_from_json (_sk_database_column_text (stmt, 2), &segment->criteria, error))
        return NULL;
      g_ptr_array_add (segments, g_steal_pointer (&segment));
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the segments"));
      return NULL;
    }

  return g_steal_pointer (&segments);
}

/* Local ids of the counted orders with an item of @product_id or from
 * @category. */
static GHashTable *
load_bought_orders (SkDatabase               *database,
                    const SkSegmentCriteria  *criteria,
                    GError                  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT DISTINCT i.order_id FROM order_items AS i"
                               "  JOIN orders AS o ON o.id = i.order_id"
                               " WHERE " COUNTED_STATUS_SQL
                               "   AND (?1 = 0 OR i.product_remote_id = ?1)"
                               "   AND (?2 IS NULL OR i.product_remote_id IN"
                               "        (SELECT p.remote_id FROM product_categories AS c"
                               "           JOIN products AS p ON p.id = c.product_id"
                               "          WHERE c.name = ?2 AND p.store_id = o.store_id))",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, criteria->product_id);
  if (criteria->category != NULL && *criteria->category != '\0')
    sqlite3_bind_text (stmt, 2, criteria->category, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (orders, g_memdup2 ((gint64[]) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return NULL;
    }

  return g_steal_pointer (&orders);
}

GArray *
sk_customer_care_query_criteria_ids (SkDatabase               *database,
                                     const SkSegmentCriteria  *criteria,
                                     GError                  **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GHashTable) bought = NULL;
  g_autoptr(GArray) ids = NULL;
  gboolean by_product;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (criteria != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  by_product = criteria->product_id > 0 || (criteria->category != NULL && *criteria->category != '\0');
  if (by_product)
    {
      bought = load_bought_orders (database, criteria, error);
      if (bought == NULL)
        return NULL;
    }

  /* Consent is the newest record of the profile's own address, as in
   * sk_customer_care_load (). */
  stmt = _sk_database_prepare (database,
                               "SELECT p.id, p.order_ids FROM customer_profiles AS p"
                               " WHERE (?1 <= 0 OR p.lifetime_value > ?1)"
                               "   AND (?2 <= 0 OR p.order_count >= ?2)"
                               "   AND (?3 <= 0 OR (p.order_count > 0 AND p.last_order < ?3))"
                               "   AND (?4 = 0 OR (SELECT c.state FROM customer_refs AS r"
                               "                     JOIN customer_consent AS c ON c.ref_id = r.id"
                               "                    WHERE r.store_id = p.store_id AND r.email_key = p.email_key"
                               "                    ORDER BY c.id DESC LIMIT 1) = 1)"
                               "   AND (?5 IS NULL OR EXISTS (SELECT 1 FROM customer_refs AS r"
                               "                     JOIN customer_tags AS t ON t.ref_id = r.id"
                               "                    WHERE r.store_id = p.store_id AND r.email_key = p.email_key"
                               "                      AND t.tag = ?5))"
                               " ORDER BY p.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, criteria->min_spent);
  sqlite3_bind_int64 (stmt, 2, criteria->min_orders);
  sqlite3_bind_int64 (stmt, 3, criteria->last_order_before);
  sqlite3_bind_int (stmt, 4, criteria->has_consent ? 1 : 0);
  if (criteria->tag != NULL && *criteria->tag != '\0')
    sqlite3_bind_text (stmt, 5, criteria->tag, -1, SQLITE_STATIC);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (by_product)
        {
          const guint8 *blob = sqlite3_column_blob (stmt, 1);
          gsize n = (gsize) sqlite3_column_bytes (stmt, 1) / sizeof (gint64);
          gboolean found = FALSE;

          /* The profile's order ids (see 005-customers.sql). */
          for (gsize i = 0; i < n && !found; i++)
            {
              gint64 order_id;

              memcpy (&order_id, blob + i * sizeof (gint64), sizeof order_id);
              order_id = GINT64_FROM_LE (order_id);
              found = g_hash_table_contains (bought, &order_id);
            }
          if (!found)
            continue;
        }

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not search the customers"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

GArray *
sk_customer_care_query_segment_ids (SkDatabase  *database,
                                    gint64       segment_id,
                                    GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_auto(SkSegmentCriteria) criteria = { 0 };
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _sk_database_prepare (database, "SELECT definition FROM customer_segments WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, segment_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                             _("The segment no longer exists."));
      else
        _sk_database_set_error (database, error, rc, _("Could not read the segment"));
      return NULL;
    }

  if (!sk_segment_criteria_from_json (_sk_database_column_text (stmt, 0), &criteria, error))
    return NULL;
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  return sk_customer_care_query_criteria_ids (database, &criteria, error);
}

GStrv
sk_customer_care_list_categories (SkDatabase  *database,
                                  GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT DISTINCT name FROM product_categories ORDER BY name COLLATE NOCASE, name",
                               error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the product categories"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

char *
sk_customer_care_get_currency (SkDatabase *database)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), g_strdup (""));

  stmt = _sk_database_prepare (database, "SELECT currency FROM daily_sales LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup (_sk_database_column_text (stmt, 0));
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
