/* sk-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-timeline"

#include "config.h"

#include "sk-timeline.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sk-database-private.h"
#include "sk-messages.h"

/* The store writes "Order status changed from Processing to Completed."
 * (WooCommerce's own words, in the shop's language; in English here, as
 * the demo store and most shops' admins write it). */
#define STATUS_NOTE_PREFIX "Order status changed from "

/* A local status change and the store's note about it are one event when
 * the note comes within this long after the change was made. */
#define SAME_CHANGE_WINDOW (3 * 3600)

void
sk_timeline_entry_free (SkTimelineEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->actor);
  g_free (entry->text);
  g_free (entry->detail);
  g_free (entry->status_from);
  g_free (entry->status_to);
  g_free (entry->currency);
  g_free (entry->channel);
  g_free (entry->template_kind);
  g_free (entry->promise_from);
  g_free (entry->promise_to);
  g_free (entry->carrier);
  g_free (entry->tracking);
  g_free (entry->tracking_url);
  g_free (entry);
}

static SkTimelineEntry *
entry_new (SkTimelineKind  kind,
           gint64          at,
           const char     *actor)
{
  SkTimelineEntry *entry = g_new0 (SkTimelineEntry, 1);

  entry->kind = kind;
  entry->at = at;
  entry->actor = g_strdup (actor != NULL ? actor : "");
  entry->text = g_strdup ("");
  entry->detail = g_strdup ("");

  return entry;
}

/* "processing" and "Processing", "awaiting-shipment" and "Awaiting
 * shipment" name the same status. */
static char *
status_key (const char *status)
{
  g_autofree char *folded = g_utf8_casefold (status != NULL ? status : "", -1);

  g_strdelimit (folded, "-_", ' ');

  return g_strstrip (g_steal_pointer (&folded));
}

/* Splits WooCommerce's status note into the two statuses; the rest of
 * the note (a payment gateway's words before it) goes to @rest. */
static gboolean
parse_status_note (const char  *note,
                   char       **from,
                   char       **to,
                   char       **rest)
{
  const char *start = strstr (note, STATUS_NOTE_PREFIX);
  const char *sep;
  const char *end;

  if (start == NULL)
    return FALSE;

  sep = strstr (start + strlen (STATUS_NOTE_PREFIX), " to ");
  if (sep == NULL)
    return FALSE;

  end = strchr (sep + 4, '.');
  if (end == NULL)
    end = sep + strlen (sep);

  *from = g_strndup (start + strlen (STATUS_NOTE_PREFIX), sep - start - strlen (STATUS_NOTE_PREFIX));
  *to = g_strndup (sep + 4, end - sep - 4);
  *rest = g_strstrip (g_strndup (note, start - note));

  return (*from)[0] != '\0' && (*to)[0] != '\0';
}

/* The value of @key in an audit entry's details: key=value or
 * key="C-escaped value"; NULL when absent. */
static char *
audit_value (const char *details,
             const char *key)
{
  gsize key_len = strlen (key);
  const char *p = details;

  while (p != NULL && *p != '\0')
    {
      while (*p == ' ')
        p++;

      if (strncmp (p, key, key_len) == 0 && p[key_len] == '=')
        {
          const char *v = p + key_len + 1;

          if (*v == '"')
            {
              g_autoptr(GString) raw = g_string_new (NULL);

              for (v++; *v != '\0' && *v != '"'; v++)
                {
                  if (*v == '\\' && v[1] != '\0')
                    g_string_append_c (raw, *v++);
                  g_string_append_c (raw, *v);
                }
              return g_strcompress (raw->str);
            }

          return g_strndup (v, strcspn (v, " "));
        }

      /* Skip this pair, quoted values included. */
      while (*p != '\0' && *p != ' ')
        {
          if (*p == '"')
            {
              for (p++; *p != '\0' && *p != '"'; p++)
                if (*p == '\\' && p[1] != '\0')
                  p++;
            }
          if (*p != '\0')
            p++;
        }
    }

  return NULL;
}

static gboolean
add_order_and_notes (SkDatabase  *database,
                     gint64       order_id,
                     GPtrArray   *entries,
                     gint64      *out_remote_id,
                     gint64      *out_store_id,
                     GError     **error)
{
  g_autoptr(SkCachedStmt) order = NULL;
  g_autoptr(SkCachedStmt) notes = NULL;
  int rc;

  order = _sk_database_prepare (database,
                                "SELECT date_created, customer_name, remote_id, store_id FROM orders WHERE id = ?1",
                                error);
  if (order == NULL)
    return FALSE;
  sqlite3_bind_int64 (order, 1, order_id);
  rc = sqlite3_step (order);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                   _("The order is no longer in the local copy"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order"));
      return FALSE;
    }

  g_ptr_array_add (entries, entry_new (SK_TIMELINE_PLACED, sqlite3_column_int64 (order, 0),
                                       _sk_database_column_text (order, 1)));
  *out_remote_id = sqlite3_column_int64 (order, 2);
  *out_store_id = sqlite3_column_int64 (order, 3);

  notes = _sk_database_prepare (database,
                                "SELECT date_created, author, note, customer_note FROM order_notes WHERE order_id = ?1",
                                error);
  if (notes == NULL)
    return FALSE;
  sqlite3_bind_int64 (notes, 1, order_id);
  while ((rc = sqlite3_step (notes)) == SQLITE_ROW)
    {
      const char *text = _sk_database_column_text (notes, 2);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *rest = NULL;
      SkTimelineEntry *entry;

      if (parse_status_note (text, &from, &to, &rest))
        {
          entry = entry_new (SK_TIMELINE_STATUS, sqlite3_column_int64 (notes, 0), _sk_database_column_text (notes, 1));
          entry->status_from = g_steal_pointer (&from);
          entry->status_to = g_steal_pointer (&to);
          g_free (entry->text);
          entry->text = g_steal_pointer (&rest);
        }
      else
        {
          entry = entry_new (SK_TIMELINE_NOTE, sqlite3_column_int64 (notes, 0), _sk_database_column_text (notes, 1));
          g_free (entry->text);
          entry->text = g_strdup (text);
          entry->customer_note = sqlite3_column_int (notes, 3) != 0;
        }
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order notes"));
      return FALSE;
    }

  return TRUE;
}

static SkTimelineState
outbox_state (const char *state)
{
  if (g_str_equal (state, "done"))
    return SK_TIMELINE_DONE;
  if (g_str_equal (state, "failed-permanent") || g_str_equal (state, "conflict"))
    return SK_TIMELINE_FAILED;

  return SK_TIMELINE_WAITING;
}

static gboolean
add_outbox (SkDatabase  *database,
            gint64       store_id,
            gint64       remote_id,
            GPtrArray   *entries,
            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  /* Who queued it is in the audit entry of the queuing, found by the
   * outbox id it names. Notes that the store has are in order_notes
   * already; only those still on their way are added here. */
  stmt = _sk_database_prepare (database,
                               "SELECT o.kind, o.created_at, o.state, o.last_error,"
                               "       coalesce (json_extract (o.payload, '$.status'), ''),"
                               "       coalesce (json_extract (o.previous, '$.status'), ''),"
                               "       coalesce (json_extract (o.payload, '$.note'), ''),"
                               "       coalesce (json_extract (o.payload, '$.customer_note'), 0),"
                               "       coalesce ((SELECT a.actor FROM audit_log a WHERE a.action = 'outbox.queued'"
                               "                   AND a.details LIKE 'outbox_id=' || o.id || ' %' LIMIT 1), '')"
                               "  FROM outbox o"
                               " WHERE o.store_id = ?1 AND o.target_remote_id = ?2"
                               "   AND (o.kind = 'order-status' OR (o.kind = 'order-note' AND o.state <> 'done'))",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, remote_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = _sk_database_column_text (stmt, 0);
      SkTimelineEntry *entry;

      if (g_str_equal (kind, "order-status"))
        {
          entry = entry_new (SK_TIMELINE_STATUS, sqlite3_column_int64 (stmt, 1), _sk_database_column_text (stmt, 8));
          entry->status_to = g_strdup (_sk_database_column_text (stmt, 4));
          entry->status_from = g_strdup (_sk_database_column_text (stmt, 5));
          entry->status_is_slug = TRUE;
        }
      else
        {
          entry = entry_new (SK_TIMELINE_NOTE, sqlite3_column_int64 (stmt, 1), _sk_database_column_text (stmt, 8));
          g_free (entry->text);
          entry->text = g_strdup (_sk_database_column_text (stmt, 6));
          entry->customer_note = sqlite3_column_int (stmt, 7) != 0;
        }

      entry->state = outbox_state (_sk_database_column_text (stmt, 2));
      if (entry->state == SK_TIMELINE_FAILED)
        {
          g_free (entry->detail);
          entry->detail = g_strdup (_sk_database_column_text (stmt, 3));
        }
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the changes on their way"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_refunds (SkDatabase  *database,
             gint64       order_id,
             GPtrArray   *entries,
             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT r.date_created, r.amount, r.reason, r.remote_id, o.currency"
                               "  FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.order_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkTimelineEntry *entry = entry_new (SK_TIMELINE_REFUND, sqlite3_column_int64 (stmt, 0), "");

      entry->amount = sqlite3_column_int64 (stmt, 1);
      g_free (entry->text);
      entry->text = g_strdup (_sk_database_column_text (stmt, 2));
      entry->currency = g_strdup (_sk_database_column_text (stmt, 4));
      /* A refund made here shows at once with a negative id until the
       * store answers with its own (sk-outbox.c). */
      if (sqlite3_column_int64 (stmt, 3) <= 0)
        entry->state = SK_TIMELINE_WAITING;
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the refunds"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_desk (SkDatabase  *database,
          gint64       order_id,
          GPtrArray   *entries,
          GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *subject = g_strdup_printf ("order:%" G_GINT64_FORMAT, order_id);
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT at, actor, action, details FROM audit_log"
                               " WHERE subject = ?1 AND action LIKE 'desk.%'",
                               error);
  if (stmt == NULL)
    return FALSE;

  _sk_database_bind_text (stmt, 1, subject);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *action = _sk_database_column_text (stmt, 2);
      const char *details = _sk_database_column_text (stmt, 3);
      gint64 at = sqlite3_column_int64 (stmt, 0);
      const char *actor = _sk_database_column_text (stmt, 1);
      SkTimelineEntry *entry;

      if (g_str_equal (action, "desk.promise-set") || g_str_equal (action, "desk.delayed"))
        {
          g_autofree char *reason = audit_value (details, "reason");

          entry = entry_new (SK_TIMELINE_PROMISE, at, actor);
          entry->promise_from = audit_value (details, "from");
          entry->promise_to = audit_value (details, "to");
          entry->delayed = g_str_equal (action, "desk.delayed");
          if (reason != NULL)
            {
              g_free (entry->text);
              entry->text = g_steal_pointer (&reason);
            }
        }
      else if (g_str_equal (action, "desk.shipped"))
        {
          g_autofree char *shipped_at = audit_value (details, "at");

          entry = entry_new (SK_TIMELINE_SHIPPED, at, actor);
          /* When it left, as the person said, not when they said it. */
          if (shipped_at != NULL && g_ascii_strtoll (shipped_at, NULL, 10) > 0)
            entry->at = g_ascii_strtoll (shipped_at, NULL, 10);
          entry->carrier = audit_value (details, "carrier");
          entry->tracking = audit_value (details, "tracking");
          entry->tracking_url = audit_value (details, "url");
        }
      else if (g_str_equal (action, "desk.confirmed"))
        entry = entry_new (SK_TIMELINE_CONFIRMED, at, actor);
      else if (g_str_equal (action, "desk.awaiting-reply"))
        entry = entry_new (SK_TIMELINE_AWAITING_REPLY, at, actor);
      else if (g_str_equal (action, "desk.replied"))
        entry = entry_new (SK_TIMELINE_REPLIED, at, actor);
      else if (g_str_equal (action, "desk.followed-up"))
        entry = entry_new (SK_TIMELINE_FOLLOWED_UP, at, actor);
      else
        continue;

      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order’s history"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_messages (SkDatabase  *database,
              gint64       order_id,
              GPtrArray   *entries,
              GError     **error)
{
  g_autoptr(GPtrArray) messages = sk_messages_list_for_order (database, order_id, error);

  if (messages == NULL)
    return FALSE;

  for (guint i = 0; i < messages->len; i++)
    {
      const SkMessage *message = messages->pdata[i];
      SkTimelineEntry *entry = entry_new (SK_TIMELINE_MESSAGE, message->created_at, message->actor);

      entry->message_id = message->id;
      entry->inbound = message->direction == SK_MESSAGE_INBOUND;
      entry->channel = g_strdup (message->channel);
      entry->template_kind = g_strdup (message->kind != NULL ? message->kind : "");
      entry->outcome = message->outcome;
      g_free (entry->text);
      entry->text = g_strdup (message->subject != NULL && message->subject[0] != '\0'
                              ? message->subject : message->body_text != NULL ? message->body_text : "");
      if (message->outcome == SK_MESSAGE_FAILED)
        {
          entry->state = SK_TIMELINE_FAILED;
          g_free (entry->detail);
          entry->detail = g_strdup (message->outcome_detail != NULL ? message->outcome_detail : "");
        }
      else if (message->outcome == SK_MESSAGE_QUEUED)
        entry->state = SK_TIMELINE_WAITING;
      g_ptr_array_add (entries, entry);
    }

  return TRUE;
}

/* A status change made here and pushed makes the store write its own
 * note: show the change once, as the one that says who made it. */
static void
drop_echoed_status_notes (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; )
    {
      SkTimelineEntry *note = entries->pdata[i];
      g_autofree char *note_to = NULL;
      gboolean echoed = FALSE;

      if (note->kind != SK_TIMELINE_STATUS || note->status_is_slug)
        {
          i++;
          continue;
        }

      note_to = status_key (note->status_to);
      for (guint j = 0; j < entries->len && !echoed; j++)
        {
          SkTimelineEntry *local = entries->pdata[j];
          g_autofree char *local_to = NULL;

          if (local->kind != SK_TIMELINE_STATUS || !local->status_is_slug || local->state != SK_TIMELINE_DONE)
            continue;

          local_to = status_key (local->status_to);
          echoed = g_str_equal (local_to, note_to)
                   && note->at >= local->at - 60 && note->at <= local->at + SAME_CHANGE_WINDOW;
        }

      if (echoed)
        g_ptr_array_remove_index (entries, i);
      else
        i++;
    }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const SkTimelineEntry *x = *(SkTimelineEntry * const *) a;
  const SkTimelineEntry *y = *(SkTimelineEntry * const *) b;

  if (x->at != y->at)
    return x->at < y->at ? 1 : -1;

  /* Same second: the placing of the order is the oldest thing there is. */
  return (x->kind == SK_TIMELINE_PLACED) - (y->kind == SK_TIMELINE_PLACED);
}

GPtrArray *
sk_timeline_load (SkDatabase  *database,
                  gint64       order_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  gint64 remote_id = 0;
  gint64 store_id = 0;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  _sk_database_assert_thread (database);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_timeline_entry_free);

  if (!add_order_and_notes (database, order_id, entries, &remote_id, &store_id, error) ||
      !add_outbox (database, store_id, remote_id, entries, error) ||
      !add_refunds (database, order_id, entries, error) ||
      !add_desk (database, order_id, entries, error) ||
      !add_messages (database, order_id, entries, error))
    return NULL;

  drop_echoed_status_notes (entries);
  /* g_ptr_array_sort is not stable; the tie-break above keeps what must
   * be ordered ordered. */
  g_ptr_array_sort (entries, compare_newest_first);

  return g_steal_pointer (&entries);
}

gint64
sk_timeline_find_customer_profile (SkDatabase  *database,
                                   gint64       order_id,
                                   GError     **error)
{
  g_autoptr(SkCachedStmt) order = NULL;
  g_autoptr(SkCachedStmt) by_customer = NULL;
  g_autoptr(SkCachedStmt) by_email = NULL;
  g_autofree char *email_key = NULL;
  gint64 store_id, customer_remote_id;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);
  _sk_database_assert_thread (database);

  order = _sk_database_prepare (database,
                                "SELECT store_id, customer_remote_id, billing_email FROM orders WHERE id = ?1",
                                error);
  if (order == NULL)
    return -1;
  sqlite3_bind_int64 (order, 1, order_id);
  rc = sqlite3_step (order);
  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order"));
      return -1;
    }

  store_id = sqlite3_column_int64 (order, 0);
  customer_remote_id = sqlite3_column_int64 (order, 1);
  /* The key sk-insights.c files guests under: the e-mail lower-cased. */
  email_key = g_utf8_strdown (_sk_database_column_text (order, 2), -1);

  /* A registered customer's orders are theirs whatever e-mail the order
   * was billed to (as the profiles count them). */
  if (customer_remote_id > 0)
    {
      by_customer = _sk_database_prepare (database,
                                          "SELECT id FROM customer_profiles"
                                          " WHERE customer_remote_id = ?1 AND store_id = ?2 LIMIT 1",
                                          error);
      if (by_customer == NULL)
        return -1;
      sqlite3_bind_int64 (by_customer, 1, customer_remote_id);
      sqlite3_bind_int64 (by_customer, 2, store_id);
      rc = sqlite3_step (by_customer);
      if (rc == SQLITE_ROW)
        return sqlite3_column_int64 (by_customer, 0);
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not read the customer"));
          return -1;
        }
    }

  if (email_key[0] == '\0')
    return 0;

  by_email = _sk_database_prepare (database,
                                   "SELECT id FROM customer_profiles WHERE store_id = ?1 AND email_key = ?2",
                                   error);
  if (by_email == NULL)
    return -1;
  sqlite3_bind_int64 (by_email, 1, store_id);
  _sk_database_bind_text (by_email, 2, email_key);
  rc = sqlite3_step (by_email);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (by_email, 0);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the customer"));
      return -1;
    }

  return 0;
}
