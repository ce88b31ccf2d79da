/* sk-messages.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-messages"

#include "config.h"

#include "sk-messages.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-database-private.h"
#include "sk-time.h"

/* A store message that never got its outbox row (the program stopped in
 * between) is called failed after this long, so it can be retried. */
#define INTERRUPTED_AFTER (10 * 60)

static const char * const outcome_names[] = { "queued", "sent", "failed", "received" };

SkMessage *
sk_message_new (void)
{
  return g_new0 (SkMessage, 1);
}

void
sk_message_free (SkMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->order_number);
  g_free (message->customer_email);
  g_free (message->customer_name);
  g_free (message->channel);
  g_free (message->kind);
  g_free (message->language);
  g_free (message->subject);
  g_free (message->body_text);
  g_free (message->body_html);
  g_free (message->dedupe_key);
  g_free (message->actor);
  g_free (message->outcome_detail);
  g_free (message);
}

const char *
sk_message_outcome_to_string (SkMessageOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), NULL);

  return outcome_names[outcome];
}

static SkMessageOutcome
outcome_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    {
      if (strcmp (outcome_names[i], text) == 0)
        return (SkMessageOutcome) i;
    }

  return SK_MESSAGE_FAILED;
}

const char *
sk_message_outcome_get_title (SkMessageOutcome outcome)
{
  switch (outcome)
    {
    case SK_MESSAGE_QUEUED:
      return C_("message state", "Waiting to Be Sent");
    case SK_MESSAGE_SENT:
      return C_("message state", "Sent");
    case SK_MESSAGE_FAILED:
      return C_("message state", "Failed");
    case SK_MESSAGE_RECEIVED:
      return C_("message state", "Received");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sk_message_channel_get_title (const char *channel)
{
  g_return_val_if_fail (channel != NULL, NULL);

  if (strcmp (channel, SK_MESSAGE_CHANNEL_STORE) == 0)
    return C_("message channel", "Through the Store");
  if (strcmp (channel, SK_MESSAGE_CHANNEL_SMTP) == 0)
    return C_("message channel", "E-mail From the Shop");
  if (strcmp (channel, SK_MESSAGE_CHANNEL_PHONE) == 0)
    return C_("message channel", "Phone");
  if (strcmp (channel, SK_MESSAGE_CHANNEL_EMAIL) == 0)
    return C_("message channel", "E-mail");
  if (strcmp (channel, SK_MESSAGE_CHANNEL_IN_PERSON) == 0)
    return C_("message channel", "In Person");

  return channel;
}

static gboolean
channel_is_valid (const char *channel)
{
  static const char * const channels[] = {
    SK_MESSAGE_CHANNEL_STORE, SK_MESSAGE_CHANNEL_SMTP, SK_MESSAGE_CHANNEL_PHONE,
    SK_MESSAGE_CHANNEL_EMAIL, SK_MESSAGE_CHANNEL_IN_PERSON,
  };

  for (guint i = 0; channel != NULL && i < G_N_ELEMENTS (channels); i++)
    {
      if (strcmp (channel, channels[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
text_is_valid (const char *text,
               gsize       max)
{
  return text == NULL || (g_utf8_validate (text, -1, NULL) && strlen (text) <= max);
}

static gboolean
step_done (SkDatabase   *database,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* The id of the store at @store_url, added when @create (0 when there is
 * none and not @create). */
static gboolean
lookup_store (SkDatabase  *database,
              const char  *store_url,
              gboolean     create,
              gint64      *out_id,
              GError     **error)
{
  g_autoptr(SkCachedStmt) select = NULL;
  int rc;

  *out_id = 0;

  if (create)
    {
      g_autoptr(SkCachedStmt) insert = NULL;

      insert = _sk_database_prepare (database,
                                     "INSERT INTO stores (url, added_at) VALUES (?1, ?2)"
                                     " ON CONFLICT (url) DO NOTHING",
                                     error);
      if (insert == NULL)
        return FALSE;
      _sk_database_bind_text (insert, 1, store_url);
      sqlite3_bind_int64 (insert, 2, sk_time_now_utc ());
      if (!step_done (database, insert, _("Could not add the store"), error))
        return FALSE;
    }

  select = _sk_database_prepare (database, "SELECT id FROM stores WHERE url = ?1", error);
  if (select == NULL)
    return FALSE;

  _sk_database_bind_text (select, 1, store_url);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (select, 0);
  else if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the messages"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_event (SkDatabase        *database,
              gint64             message_id,
              gint64             at,
              SkMessageOutcome   outcome,
              const char        *detail,
              gint64             outbox_id,
              GError           **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *cut = NULL;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO message_events (message_id, at, outcome, detail, outbox_id)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
  if (stmt == NULL)
    return FALSE;

  /* A server's answer can be long; the first 10,000 bytes say enough. */
  if (detail != NULL && strlen (detail) > 10000)
    {
      const char *end = detail + 10000;

      while (end > detail && (*end & 0xc0) == 0x80)
        end--;
      cut = g_strndup (detail, end - detail);
      detail = cut;
    }

  sqlite3_bind_int64 (stmt, 1, message_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_text (stmt, 3, outcome_names[outcome], -1, SQLITE_STATIC);
  _sk_database_bind_text (stmt, 4, detail);
  sqlite3_bind_int64 (stmt, 5, outbox_id);

  return step_done (database, stmt, _("Could not save the message’s state"), error);
}

gint64
sk_messages_record (SkDatabase        *database,
                    const char        *store_url,
                    const SkMessage   *message,
                    SkMessageOutcome   outcome,
                    const char        *detail,
                    GError           **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  gboolean own_transaction;
  gint64 store_id;
  gint64 id;
  gint64 created_at;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (store_url != NULL && *store_url != '\0', 0);
  g_return_val_if_fail (message != NULL, 0);
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!channel_is_valid (message->channel)
      || message->order_remote_id < 0
      || message->body_text == NULL || *message->body_text == '\0'
      || !text_is_valid (message->subject, SK_MESSAGE_MAX_SUBJECT)
      || !text_is_valid (message->body_text, SK_MESSAGE_MAX_BODY)
      || !text_is_valid (message->body_html, 2 * SK_MESSAGE_MAX_BODY)
      || !text_is_valid (message->order_number, 200)
      || !text_is_valid (message->customer_email, 1000)
      || !text_is_valid (message->customer_name, 1000)
      || !text_is_valid (message->kind, 100)
      || !text_is_valid (message->language, 20)
      || !text_is_valid (message->actor, 1000)
      || !text_is_valid (message->dedupe_key, 1000)
      || (message->dedupe_key != NULL && *message->dedupe_key == '\0'))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The message is empty, too long or not valid text."));
      return 0;
    }

  own_transaction = sqlite3_get_autocommit (_sk_database_get_handle (database));
  if (own_transaction && !_sk_database_begin (database, error))
    return 0;

  if (!lookup_store (database, store_url, TRUE, &store_id, error))
    goto fail;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO messages (store_id, order_remote_id, order_number, customer_email,"
                               " customer_name, direction, channel, kind, language, subject, body_text,"
                               " body_html, dedupe_key, created_at, actor)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                               error);
  if (stmt == NULL)
    goto fail;

  created_at = message->created_at > 0 ? message->created_at : sk_time_now_utc ();
  sqlite3_bind_int64 (stmt, 1, store_id);
  sqlite3_bind_int64 (stmt, 2, message->order_remote_id);
  _sk_database_bind_text (stmt, 3, message->order_number);
  _sk_database_bind_text (stmt, 4, message->customer_email);
  _sk_database_bind_text (stmt, 5, message->customer_name);
  sqlite3_bind_text (stmt, 6, message->direction == SK_MESSAGE_INBOUND ? "in" : "out", -1, SQLITE_STATIC);
  _sk_database_bind_text (stmt, 7, message->channel);
  _sk_database_bind_text (stmt, 8, message->kind);
  _sk_database_bind_text (stmt, 9, message->language);
  _sk_database_bind_text (stmt, 10, message->subject);
  _sk_database_bind_text (stmt, 11, message->body_text);
  _sk_database_bind_text (stmt, 12, message->body_html);
  if (message->dedupe_key != NULL)
    _sk_database_bind_text (stmt, 13, message->dedupe_key);
  else
    sqlite3_bind_null (stmt, 13);
  sqlite3_bind_int64 (stmt, 14, created_at);
  _sk_database_bind_text (stmt, 15, message->actor != NULL ? message->actor : sk_database_get_actor (database));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || (rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This message was recorded before."));
      goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not save the message"));
      goto fail;
    }

  id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));
  if (!insert_event (database, id, created_at, outcome, detail, 0, error))
    goto fail;

  if (own_transaction && !_sk_database_commit (database, error))
    goto fail;

  return id;

fail:
  if (own_transaction)
    _sk_database_rollback (database);
  return 0;
}

gboolean
sk_messages_add_event (SkDatabase        *database,
                       gint64             message_id,
                       SkMessageOutcome   outcome,
                       const char        *detail,
                       gint64             outbox_id,
                       GError           **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (message_id > 0, FALSE);
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), FALSE);
  g_return_val_if_fail (outbox_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (detail != NULL && !g_utf8_validate (detail, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The message’s state is not valid text."));
      return FALSE;
    }

  return insert_event (database, message_id, sk_time_now_utc (), outcome, detail, outbox_id, error);
}

/* The columns every listing reads, in the order read_message () expects. */
#define MESSAGE_COLUMNS \
  "m.id, m.order_remote_id, coalesce (o.id, 0), m.order_number, m.customer_email, m.customer_name," \
  " m.direction, m.channel, m.kind, m.language, m.subject, m.body_text, m.body_html, m.dedupe_key," \
  " m.created_at, m.actor, e.outcome, e.at, e.detail, e.outbox_id"
#define MESSAGE_FROM \
  " FROM messages m" \
  " JOIN message_events e ON e.id = (SELECT max (id) FROM message_events WHERE message_id = m.id)" \
  " LEFT JOIN orders o ON m.order_remote_id > 0 AND o.store_id = m.store_id AND o.remote_id = m.order_remote_id"

static SkMessage *
read_message (sqlite3_stmt *stmt)
{
  SkMessage *message = sk_message_new ();

  message->id = sqlite3_column_int64 (stmt, 0);
  message->order_remote_id = sqlite3_column_int64 (stmt, 1);
  message->order_id = sqlite3_column_int64 (stmt, 2);
  message->order_number = g_strdup (_sk_database_column_text (stmt, 3));
  message->customer_email = g_strdup (_sk_database_column_text (stmt, 4));
  message->customer_name = g_strdup (_sk_database_column_text (stmt, 5));
  message->direction = strcmp (_sk_database_column_text (stmt, 6), "in") == 0 ? SK_MESSAGE_INBOUND : SK_MESSAGE_OUTBOUND;
  message->channel = g_strdup (_sk_database_column_text (stmt, 7));
  message->kind = g_strdup (_sk_database_column_text (stmt, 8));
  message->language = g_strdup (_sk_database_column_text (stmt, 9));
  message->subject = g_strdup (_sk_database_column_text (stmt, 10));
  message->body_text = g_strdup (_sk_database_column_text (stmt, 11));
  message->body_html = g_strdup (_sk_database_column_text (stmt, 12));
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    message->dedupe_key = g_strdup (_sk_database_column_text (stmt, 13));
  message->created_at = sqlite3_column_int64 (stmt, 14);
  message->actor = g_strdup (_sk_database_column_text (stmt, 15));
  message->outcome = outcome_from_string (_sk_database_column_text (stmt, 16));
  message->outcome_at = sqlite3_column_int64 (stmt, 17);
  message->outcome_detail = g_strdup (_sk_database_column_text (stmt, 18));
  message->outbox_id = sqlite3_column_int64 (stmt, 19);

  return message;
}

static GPtrArray *
read_all (SkDatabase    *database,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_message_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, read_message (stmt));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the messages"));
      return NULL;
    }

  return g_steal_pointer (&messages);
}

SkMessage *
sk_messages_load (SkDatabase  *database,
                  gint64       message_id,
                  GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM " WHERE m.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, message_id);
  messages = read_all (database, stmt, error);
  if (messages == NULL)
    return NULL;

  if (messages->len == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("The message is not in the log."));
      return NULL;
    }

  return g_ptr_array_steal_index (messages, 0);
}

gint64
sk_messages_find_dedupe_key (SkDatabase  *database,
                             const char  *store_url,
                             const char  *dedupe_key,
                             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);
  g_return_val_if_fail (store_url != NULL, -1);
  g_return_val_if_fail (dedupe_key != NULL, -1);

  stmt = _sk_database_prepare (database,
                               "SELECT m.id FROM messages m JOIN stores s ON s.id = m.store_id"
                               " WHERE s.url = ?1 AND m.dedupe_key = ?2",
                               error);
  if (stmt == NULL)
    return -1;

  _sk_database_bind_text (stmt, 1, store_url);
  _sk_database_bind_text (stmt, 2, dedupe_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the messages"));
      return -1;
    }

  return 0;
}

GPtrArray *
sk_messages_list_for_order (SkDatabase  *database,
                            gint64       order_id,
                            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                               " WHERE (m.store_id, m.order_remote_id) ="
                               "   (SELECT store_id, remote_id FROM orders WHERE id = ?1)"
                               " ORDER BY m.created_at DESC, m.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, order_id);

  return read_all (database, stmt, error);
}

GPtrArray *
sk_messages_list_for_customer (SkDatabase  *database,
                               const char  *email,
                               GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  trimmed = g_strstrip (g_strdup (email));
  if (*trimmed == '\0')
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_message_free);

  stmt = _sk_database_prepare (database,
                               "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                               " WHERE m.customer_email = ?1 COLLATE NOCASE"
                               " ORDER BY m.created_at DESC, m.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  _sk_database_bind_text (stmt, 1, trimmed);

  return read_all (database, stmt, error);
}

GPtrArray *
sk_messages_list_failed (SkDatabase  *database,
                         const char  *store_url,
                         GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (store_url != NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                               " WHERE m.store_id = (SELECT id FROM stores WHERE url = ?1)"
                               "   AND m.direction = 'out' AND e.outcome = 'failed'"
                               " ORDER BY m.created_at, m.id",
                               error);
  if (stmt == NULL)
    return NULL;

  _sk_database_bind_text (stmt, 1, store_url);

  return read_all (database, stmt, error);
}

typedef struct
{
  gint64  message_id;
  int     outcome;
  char   *detail;
} Change;

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_free (change->detail);
}

gint
sk_messages_reconcile_outbox (SkDatabase  *database,
                              const char  *store_url,
                              GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (Change));
  gint64 now = sk_time_now_utc ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);
  g_return_val_if_fail (store_url != NULL, -1);

  g_array_set_clear_func (changes, change_clear);

  /* Store messages still queued, with what their outbox row says. */
  stmt = _sk_database_prepare (database,
                               "SELECT m.id, e.outbox_id, e.at, x.state, x.last_error, m.channel"
                               " FROM messages m"
                               " JOIN message_events e ON e.id = (SELECT max (id) FROM message_events WHERE message_id = m.id)"
                               " LEFT JOIN outbox x ON x.id = e.outbox_id AND e.outbox_id > 0"
                               " WHERE m.store_id = (SELECT id FROM stores WHERE url = ?1)"
                               "   AND m.channel IN ('store', 'smtp') AND e.outcome = 'queued'",
                               error);
  if (stmt == NULL)
    return -1;

  _sk_database_bind_text (stmt, 1, store_url);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Change change = { sqlite3_column_int64 (stmt, 0), -1, NULL };
      gint64 outbox_id = sqlite3_column_int64 (stmt, 1);
      gint64 at = sqlite3_column_int64 (stmt, 2);
      const char *state = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NULL : _sk_database_column_text (stmt, 3);

      if (strcmp (_sk_database_column_text (stmt, 5), "smtp") == 0)
        {
          /* Delivery gives up after a minute; this one was cut short. */
          if (now - at > INTERRUPTED_AFTER)
            {
              change.outcome = SK_MESSAGE_FAILED;
              change.detail = g_strdup (_("Shopkeeper stopped before the mail server had the message."));
            }
        }
      else if (outbox_id == 0)
        {
          if (now - at > INTERRUPTED_AFTER)
            {
              change.outcome = SK_MESSAGE_FAILED;
              change.detail = g_strdup (_("Shopkeeper stopped before the message reached the outbox."));
            }
        }
      else if (state == NULL)
        {
          change.outcome = SK_MESSAGE_FAILED;
          change.detail = g_strdup (_("The note was discarded before it reached the store."));
        }
      else if (strcmp (state, "done") == 0)
        change.outcome = SK_MESSAGE_SENT;
      else if (strcmp (state, "failed-permanent") == 0 || strcmp (state, "conflict") == 0)
        {
          change.outcome = SK_MESSAGE_FAILED;
          change.detail = g_strdup (_sk_database_column_text (stmt, 4));
        }

      if (change.outcome >= 0)
        g_array_append_val (changes, change);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the messages"));
      return -1;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  if (changes->len == 0)
    return 0;

  if (!_sk_database_begin (database, error))
    return -1;

  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = &g_array_index (changes, Change, i);

      if (!insert_event (database, change->message_id, now, change->outcome, change->detail, 0, error))
        {
          _sk_database_rollback (database);
          return -1;
        }
    }

  if (!_sk_database_commit (database, error))
    {
      _sk_database_rollback (database);
      return -1;
    }

  return (gint) changes->len;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gboolean
sk_messages_get_response_times (SkDatabase       *database,
                                const char       *store_url,
                                gint64            since,
                                gint64            until,
                                SkResponseTimes  *out_times,
                                GError          **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  SkResponseTimes times = { 0 };
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (store_url != NULL, FALSE);
  g_return_val_if_fail (out_times != NULL, FALSE);

  /* The answer is the first outbound message at or after the inbound one,
   * about the same order (or, without an order, to the same address),
   * that did not fail: a failed attempt reached nobody. */
  stmt = _sk_database_prepare (database,
                               "SELECT i.created_at,"
                               " (SELECT min (a.created_at) FROM messages a"
                               "   WHERE a.store_id = i.store_id AND a.direction = 'out'"
                               "     AND a.created_at >= i.created_at"
                               "     AND CASE WHEN i.order_remote_id > 0 THEN a.order_remote_id = i.order_remote_id"
                               "              ELSE a.customer_email = i.customer_email COLLATE NOCASE END"
                               "     AND (SELECT outcome FROM message_events WHERE message_id = a.id"
                               "          ORDER BY id DESC LIMIT 1) <> 'failed')"
                               " FROM messages i"
                               " WHERE i.store_id = (SELECT id FROM stores WHERE url = ?1)"
                               "   AND i.direction = 'in' AND i.created_at >= ?2 AND i.created_at < ?3",
                               error);
  if (stmt == NULL)
    return FALSE;

  _sk_database_bind_text (stmt, 1, store_url);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      times.n_inbound++;
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          gint64 delay = sqlite3_column_int64 (stmt, 1) - sqlite3_column_int64 (stmt, 0);

          g_array_append_val (delays, delay);
          times.n_answered++;
          if (delay <= 24 * 3600)
            times.n_within_24h++;
          if (delay <= 48 * 3600)
            times.n_within_48h++;
        }
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the messages"));
      return FALSE;
    }

  if (delays->len > 0)
    {
      guint mid = delays->len / 2;

      g_array_sort (delays, compare_gint64);
      if (delays->len % 2 == 1)
        times.median_s = g_array_index (delays, gint64, mid);
      else
        times.median_s = g_array_index (delays, gint64, mid - 1)
                         + (g_array_index (delays, gint64, mid) - g_array_index (delays, gint64, mid - 1)) / 2;
    }

  *out_times = times;

  return TRUE;
}

SkTemplate *
sk_messages_load_template (SkDatabase  *database,
                           const char  *kind,
                           const char  *language,
                           GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (language != NULL, NULL);

  stmt = _sk_database_prepare (database,
                               "SELECT subject, body FROM message_templates WHERE kind = ?1 AND language = ?2",
                               error);
  if (stmt == NULL)
    return NULL;

  _sk_database_bind_text (stmt, 1, kind);
  _sk_database_bind_text (stmt, 2, language);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sk_template_new (kind, language, _sk_database_column_text (stmt, 0), _sk_database_column_text (stmt, 1));
  if (rc != SQLITE_DONE)
    _sk_database_set_error (database, error, rc, _("Could not read the message templates"));

  return NULL;
}

static gboolean
check_template_key (const char  *kind,
                    const char  *language,
                    GError     **error)
{
  if (kind == NULL || *kind == '\0' || strlen (kind) > 100 || !g_utf8_validate (kind, -1, NULL)
      || language == NULL || *language == '\0' || strlen (language) > 20 || !g_utf8_validate (language, -1, NULL))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The template’s kind or language is not valid."));
      return FALSE;
    }

  return TRUE;
}

gboolean
sk_messages_save_template (SkDatabase        *database,
                           const SkTemplate  *tmpl,
                           const char        *actor,
                           GError           **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject_key = NULL;
  gint64 now = sk_time_now_utc ();

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_template_key (tmpl->kind, tmpl->language, error))
    return FALSE;

  subject = g_strstrip (g_strdup (tmpl->subject != NULL ? tmpl->subject : ""));
  body = g_strstrip (g_strdup (tmpl->body != NULL ? tmpl->body : ""));
  if (*subject == '\0' || *body == '\0')
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("A template needs a subject and some text."));
      return FALSE;
    }

  if (!text_is_valid (subject, SK_MESSAGE_MAX_SUBJECT) || strchr (subject, '\n') != NULL
      || !text_is_valid (tmpl->body, 100000))
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("The subject must be one line; the template must be valid text of at most 100,000 characters."));
      return FALSE;
    }

  if (!_sk_database_begin (database, error))
    return FALSE;

  stmt = _sk_database_prepare (database,
                               "INSERT INTO message_templates (kind, language, subject, body, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)"
                               " ON CONFLICT (kind, language) DO UPDATE SET subject = ?3, body = ?4, updated_at = ?5",
                               error);
  if (stmt == NULL)
    goto fail;

  _sk_database_bind_text (stmt, 1, tmpl->kind);
  _sk_database_bind_text (stmt, 2, tmpl->language);
  _sk_database_bind_text (stmt, 3, subject);
  _sk_database_bind_text (stmt, 4, tmpl->body);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!step_done (database, stmt, _("Could not save the template"), error))
    goto fail;

  subject_key = g_strdup_printf ("%s/%s", tmpl->kind, tmpl->language);
  if (!_sk_database_append_audit_at (database, now, actor != NULL ? actor : sk_database_get_actor (database),
                                     "template.saved", subject_key, subject, error))
    goto fail;

  if (!_sk_database_commit (database, error))
    goto fail;

  return TRUE;

fail:
  _sk_database_rollback (database);
  return FALSE;
}

gboolean
sk_messages_reset_template (SkDatabase  *database,
                            const char  *kind,
                            const char  *language,
                            const char  *actor,
                            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *subject_key = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_template_key (kind, language, error))
    return FALSE;

  if (!_sk_database_begin (database, error))
    return FALSE;

  stmt = _sk_database_prepare (database, "DELETE FROM message_templates WHERE kind = ?1 AND language = ?2", error);
  if (stmt == NULL)
    goto fail;

  _sk_database_bind_text (stmt, 1, kind);
  _sk_database_bind_text (stmt, 2, language);
  if (!step_done (database, stmt, _("Could not reset the template"), error))
    goto fail;

  if (sqlite3_changes (_sk_database_get_handle (database)) > 0)
    {
      subject_key = g_strdup_printf ("%s/%s", kind, language);
      if (!_sk_database_append_audit_at (database, sk_time_now_utc (),
                                         actor != NULL ? actor : sk_database_get_actor (database),
                                         "template.reset", subject_key, "", error))
        goto fail;
    }

  if (!_sk_database_commit (database, error))
    goto fail;

  return TRUE;

fail:
  _sk_database_rollback (database);
  return FALSE;
}

gint64
sk_messages_latest_order_id (SkDatabase  *database,
                             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);

  stmt = _sk_database_prepare (database, "SELECT id FROM orders ORDER BY date_created DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the orders"));
      return -1;
    }

  return 0;
}

GStrv
sk_messages_list_template_languages (SkDatabase  *database,
                                     GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database, "SELECT DISTINCT language FROM message_templates ORDER BY language", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the message templates"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}
