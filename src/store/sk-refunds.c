/* sk-refunds.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refunds"

#include "config.h"

#include "sk-refunds.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sk-database-private.h"
#include "sk-refunds-private.h"
#include "sk-time.h"

#define REQUEST_COLUMNS \
  "r.id, r.number, r.order_id, r.order_remote_id, r.order_number, r.currency, r.customer_email," \
  " r.customer_name, r.channel, r.reason, r.reason_text, r.outcome, r.conditions, r.refund_shipping," \
  " r.state, r.created_at, r.created_by, r.decided_at, r.decided_by, r.store_id"

#define DECISION_COLUMNS \
  "id, request_id, decision, at, actor, role, justification, deny_reason, message, verdict, currency," \
  " amount, restocking_fee, shipping, goodwill, outbox_id"

#define COPY_CHUNK (64 * 1024)

static const char * const channel_names[] = { "phone", "email", "in-person" };
static const char * const state_names[] = { "open", "approved", "denied", "cancelled" };
static const char * const deny_names[SK_REFUND_N_DENY_REASONS] = {
  "out-of-window", "final-sale", "condition", "no-proof", "other",
};

/* ---- value types ---- */

SkRefundRequestLine *
sk_refund_request_line_new (void)
{
  SkRefundRequestLine *line = g_new0 (SkRefundRequestLine, 1);

  line->name = g_strdup ("");
  line->sku = g_strdup ("");
  return line;
}

void
sk_refund_request_line_free (SkRefundRequestLine *line)
{
  if (line == NULL)
    return;

  g_free (line->name);
  g_free (line->sku);
  g_free (line);
}

void
sk_refund_attachment_free (SkRefundAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->file_name);
  g_free (attachment->stored_path);
  g_free (attachment->sha256);
  g_free (attachment);
}

SkRefundRequest *
sk_refund_request_new (void)
{
  SkRefundRequest *request = g_new0 (SkRefundRequest, 1);

  request->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_request_line_free);
  request->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_attachment_free);

  return request;
}

void
sk_refund_request_free (SkRefundRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->number);
  g_free (request->order_number);
  g_free (request->currency);
  g_free (request->customer_email);
  g_free (request->customer_name);
  g_free (request->reason_text);
  g_free (request->created_by);
  g_free (request->decided_by);
  g_clear_pointer (&request->lines, g_ptr_array_unref);
  g_clear_pointer (&request->attachments, g_ptr_array_unref);
  g_free (request);
}

SkRefundDecision *
sk_refund_decision_new (void)
{
  return g_new0 (SkRefundDecision, 1);
}

void
sk_refund_decision_free (SkRefundDecision *decision)
{
  if (decision == NULL)
    return;

  g_free (decision->actor);
  g_free (decision->role);
  g_free (decision->justification);
  g_free (decision->deny_reason);
  g_free (decision->message);
  g_free (decision->verdict_json);
  g_free (decision->currency);
  g_free (decision);
}

static void
refund_order_item_free (SkRefundOrderItem *item)
{
  g_free (item->name);
  g_strfreev (item->categories);
  g_free (item);
}

void
sk_refund_order_free (SkRefundOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->number);
  g_free (order->status);
  g_free (order->currency);
  g_free (order->customer_email);
  g_free (order->customer_name);
  g_free (order->customer_first_name);
  g_clear_pointer (&order->items, g_ptr_array_unref);
  g_free (order);
}

/* ---- text forms ---- */

const char *
sk_refund_channel_to_string (SkRefundChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_names), "phone");
  return channel_names[channel];
}

gboolean
sk_refund_channel_from_string (const char      *text,
                               SkRefundChannel *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (channel_names); i++)
    if (g_str_equal (text, channel_names[i]))
      {
        *out = (SkRefundChannel) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sk_refund_channel_get_label (SkRefundChannel channel)
{
  switch (channel)
    {
    case SK_REFUND_CHANNEL_EMAIL:
      return C_("contact channel", "E-mail");
    case SK_REFUND_CHANNEL_IN_PERSON:
      return C_("contact channel", "In person");
    case SK_REFUND_CHANNEL_PHONE:
    default:
      return C_("contact channel", "Phone");
    }
}

const char *
sk_refund_state_to_string (SkRefundState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "open");
  return state_names[state];
}

gboolean
sk_refund_state_from_string (const char    *text,
                             SkRefundState *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (text, state_names[i]))
      {
        *out = (SkRefundState) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sk_refund_state_get_label (SkRefundState state)
{
  switch (state)
    {
    case SK_REFUND_STATE_APPROVED:
      return C_("refund request state", "Approved");
    case SK_REFUND_STATE_DENIED:
      return C_("refund request state", "Denied");
    case SK_REFUND_STATE_CANCELLED:
      return C_("refund request state", "Withdrawn");
    case SK_REFUND_STATE_OPEN:
    default:
      return C_("refund request state", "Open");
    }
}

const char *
sk_refund_deny_reason_to_string (SkRefundDenyReason reason)
{
  g_return_val_if_fail ((guint) reason < SK_REFUND_N_DENY_REASONS, "other");
  return deny_names[reason];
}

gboolean
sk_refund_deny_reason_from_string (const char         *text,
                                   SkRefundDenyReason *out)
{
  for (guint i = 0; text != NULL && i < SK_REFUND_N_DENY_REASONS; i++)
    if (g_str_equal (text, deny_names[i]))
      {
        *out = (SkRefundDenyReason) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sk_refund_deny_reason_get_label (SkRefundDenyReason reason)
{
  switch (reason)
    {
    case SK_REFUND_DENY_OUT_OF_WINDOW:
      return C_("refund denial", "Outside the return window");
    case SK_REFUND_DENY_FINAL_SALE:
      return C_("refund denial", "Final-sale item");
    case SK_REFUND_DENY_CONDITION:
      return C_("refund denial", "Condition of the goods");
    case SK_REFUND_DENY_NO_PROOF:
      return C_("refund denial", "No proof of purchase");
    case SK_REFUND_DENY_OTHER:
    case SK_REFUND_N_DENY_REASONS:
    default:
      return C_("refund denial", "Other reason");
    }
}

/* ---- orders ---- */

static gboolean
table_exists (SkDatabase *database,
              const char *name)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  stmt = _sk_database_prepare (database,
                               "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
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

void
_sk_refunds_read_failed (SkDatabase  *database,
                         int          rc,
                         GError     **error)
{
  _sk_database_set_error (database, error, rc, _("Could not read the refunds"));
}

gint64
_sk_refunds_single_int (SkDatabase  *database,
                        const char  *sql,
                        gint64       a,
                        gint64       b,
                        gint64       c,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  const gint64 args[] = { a, b, c };
  int rc;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return -1;

  for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < 3; i++)
    sqlite3_bind_int64 (stmt, i + 1, args[i]);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sk_refunds_read_failed (database, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* The text of the first row @sql gives for @a, "" when there is none;
 * NULL with @error set on failure. */
static char *
single_text (SkDatabase  *database,
             const char  *sql,
             gint64       a,
             GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, a);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _sk_refunds_read_failed (database, rc, error);
      return NULL;
    }

  return g_strdup (rc == SQLITE_ROW ? _sk_database_column_text (stmt, 0) : "");
}

static GStrv
load_categories (SkDatabase *database,
                 gint64      store_id,
                 gint64      product_remote_id)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (product_remote_id > 0)
    {
      stmt = _sk_database_prepare (database,
                                   "SELECT c.name FROM products p"
                                   " JOIN product_categories c ON c.product_id = p.id"
                                   " WHERE p.store_id = ? AND p.remote_id = ? ORDER BY c.position",
                                   NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, store_id);
          sqlite3_bind_int64 (stmt, 2, product_remote_id);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_strv_builder_add (builder, _sk_database_column_text (stmt, 0));
        }
    }

  return g_strv_builder_end (builder);
}

SkRefundOrder *
sk_refunds_load_order (SkDatabase  *database,
                       gint64       order_id,
                       GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkCachedStmt) items = NULL;
  g_autoptr(SkRefundOrder) order = NULL;
  gint64 store_id;
  gint64 refunded;
  gint64 unqueued;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Delivered: the day the desk marked it shipped when it knows, else the
   * day the store completed it. */
  if (table_exists (database, "order_desk"))
    stmt = _sk_database_prepare (database,
                                 "SELECT o.id, o.store_id, o.remote_id, o.number, o.status, o.currency,"
                                 " o.billing_email, o.customer_name, o.billing_first_name, o.date_created,"
                                 " coalesce (nullif ((SELECT shipped_at FROM order_desk d WHERE d.order_id = o.id), 0),"
                                 "           o.date_completed),"
                                 " o.total, o.shipping_total"
                                 " FROM orders o WHERE o.id = ?",
                                 error);
  else
    stmt = _sk_database_prepare (database,
                                 "SELECT o.id, o.store_id, o.remote_id, o.number, o.status, o.currency,"
                                 " o.billing_email, o.customer_name, o.billing_first_name, o.date_created,"
                                 " o.date_completed, o.total, o.shipping_total"
                                 " FROM orders o WHERE o.id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("This order is not in the local copy of the store."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order"));
      return NULL;
    }

  order = g_new0 (SkRefundOrder, 1);
  order->order_id = sqlite3_column_int64 (stmt, 0);
  store_id = sqlite3_column_int64 (stmt, 1);
  order->order_remote_id = sqlite3_column_int64 (stmt, 2);
  order->number = g_strdup (_sk_database_column_text (stmt, 3));
  order->status = g_strdup (_sk_database_column_text (stmt, 4));
  order->currency = g_strdup (_sk_database_column_text (stmt, 5));
  order->customer_email = g_strdup (_sk_database_column_text (stmt, 6));
  order->customer_name = g_strdup (_sk_database_column_text (stmt, 7));
  order->customer_first_name = g_strdup (_sk_database_column_text (stmt, 8));
  order->ordered_at = sqlite3_column_int64 (stmt, 9);
  order->delivered_at = sqlite3_column_int64 (stmt, 10);
  order->total = sqlite3_column_int64 (stmt, 11);
  order->shipping_total = sqlite3_column_int64 (stmt, 12);
  order->items = g_ptr_array_new_with_free_func ((GDestroyNotify) refund_order_item_free);
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  /* What is refunded or on its way: the store's refunds and those
   * waiting in the outbox (which have their row in refunds too, see
   * 011-outbox-kinds.sql), and approvals whose refund is not queued yet. */
  refunded = _sk_refunds_single_int (database, "SELECT coalesce (sum (abs (amount)), 0) FROM refunds WHERE order_id = ?1",
                         order->order_id, 0, 0, error);
  unqueued = _sk_refunds_single_int (database,
                         "SELECT coalesce (sum (d.amount), 0) FROM refund_decisions d"
                         " JOIN refund_requests r ON r.id = d.request_id"
                         " WHERE d.decision = 'approved' AND d.outbox_id = 0 AND r.outcome = 'refund'"
                         "   AND r.store_id = ?1 AND r.order_remote_id = ?2",
                         store_id, order->order_remote_id, 0, error);
  if (refunded < 0 || unqueued < 0)
    return NULL;
  order->already_refunded = refunded + unqueued;

  order->shipping_refunded =
    _sk_refunds_single_int (database,
                "SELECT EXISTS (SELECT 1 FROM refund_requests WHERE store_id = ?1 AND order_remote_id = ?2"
                "               AND state = 'approved' AND refund_shipping = 1)",
                store_id, order->order_remote_id, 0, NULL) > 0;

  /* Returned: what refunds took back line by line (the store's, and ours
   * waiting in the outbox), plus approvals that are no refund of the
   * order (exchange, store credit) or whose refund is not queued yet. */
  items = _sk_database_prepare (database,
                                "SELECT i.remote_id, i.product_remote_id, i.name, i.quantity, i.total, i.total_tax,"
                                " coalesce (rl.quantity, 0)"
                                "  + coalesce ((SELECT sum (l.quantity) FROM refund_request_lines l"
                                "               JOIN refund_requests r ON r.id = l.request_id"
                                "               JOIN refund_decisions d ON d.request_id = r.id"
                                "               WHERE r.store_id = ?2 AND r.order_remote_id = ?3 AND r.state = 'approved'"
                                "                 AND (r.outcome <> 'refund' OR d.outbox_id = 0)"
                                "                 AND l.item_remote_id = i.remote_id), 0),"
                                " coalesce (rl.total, 0), coalesce (rl.tax, 0)"
                                " FROM order_items i"
                                " LEFT JOIN (SELECT l.item_remote_id, sum (l.quantity) AS quantity,"
                                "                   sum (l.total) AS total, sum (l.tax) AS tax"
                                "              FROM refund_lines l JOIN refunds f ON f.id = l.refund_id"
                                "             WHERE f.order_id = ?1 GROUP BY l.item_remote_id) rl"
                                "        ON rl.item_remote_id = i.remote_id"
                                " WHERE i.order_id = ?1 ORDER BY i.position",
                                error);
  if (items == NULL)
    return NULL;

  sqlite3_bind_int64 (items, 1, order->order_id);
  sqlite3_bind_int64 (items, 2, store_id);
  sqlite3_bind_int64 (items, 3, order->order_remote_id);
  while ((rc = sqlite3_step (items)) == SQLITE_ROW)
    {
      SkRefundOrderItem *item = g_new0 (SkRefundOrderItem, 1);

      item->item_remote_id = sqlite3_column_int64 (items, 0);
      item->product_remote_id = sqlite3_column_int64 (items, 1);
      item->name = g_strdup (_sk_database_column_text (items, 2));
      item->quantity = sqlite3_column_int64 (items, 3);
      item->total = sqlite3_column_int64 (items, 4);
      item->total_tax = sqlite3_column_int64 (items, 5);
      item->quantity_returned = sqlite3_column_int64 (items, 6);
      item->total_refunded = sqlite3_column_int64 (items, 7);
      item->tax_refunded = sqlite3_column_int64 (items, 8);
      g_ptr_array_add (order->items, item);
    }
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the order"));
      return NULL;
    }
  g_clear_pointer (&items, _sk_cached_stmt_release);

  for (guint i = 0; i < order->items->len; i++)
    {
      SkRefundOrderItem *item = g_ptr_array_index (order->items, i);

      item->categories = load_categories (database, store_id, item->product_remote_id);
    }

  return g_steal_pointer (&order);
}

gint64
sk_refunds_find_order (SkDatabase  *database,
                       const char  *number,
                       GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  const char *p;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (number != NULL, 0);

  p = number;
  while (*p == ' ' || *p == '#')
    p++;
  clean = g_strstrip (g_strdup (p));

  stmt = _sk_database_prepare (database,
                               "SELECT id FROM orders WHERE length (number) = length (?1) AND number = ?1"
                               " ORDER BY date_created DESC, id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return 0;

  _sk_database_bind_text (stmt, 1, clean);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  if (rc == SQLITE_DONE)
    g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                 _("There is no order numbered “%s” in the local copy."), clean);
  else
    _sk_database_set_error (database, error, rc, _("Could not read the order"));

  return 0;
}

/* ---- attachments ---- */

/* The base name of @path, made safe to be a file name of ours: no
 * separators, no leading dot, valid UTF-8, at most 120 bytes. */
static char *
safe_file_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *valid = g_utf8_make_valid (base, -1);
  GString *name = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }

  while (name->len > 0 && (name->str[0] == '.' || name->str[0] == ' '))
    g_string_erase (name, 0, 1);

  if (name->len > 120)
    {
      const char *end = name->str + 120;

      g_utf8_validate (name->str, 120, &end);
      g_string_truncate (name, end - name->str);
    }

  if (name->len == 0)
    g_string_assign (name, "attachment");

  return g_string_free (name, FALSE);
}

/* Copies @source into @dir under a unique name, hashing it; the copy is
 * made with the file's bytes (never a link) and private permissions. */
static SkRefundAttachment *
copy_attachment (const char  *source,
                 const char  *dir,
                 GHashTable  *used_names,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(GFile) in_file = g_file_new_for_path (source);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) out_file = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *name = safe_file_name (source);
  g_autofree char *display = g_filename_display_name (source);
  g_autofree guchar *buffer = NULL;
  SkRefundAttachment *attachment;
  gint64 total = 0;
  gssize n;

  info = g_file_query_info (in_file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   _("“%s” is not a file that can be attached."), display);
      return NULL;
    }

  if (g_file_info_get_size (info) > SK_REFUND_MAX_ATTACHMENT)
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   /* Translators: %s is a file name, %d a number of megabytes */
                   _("“%s” is too large to attach (at most %d MB)."), display,
                   SK_REFUND_MAX_ATTACHMENT / (1024 * 1024));
      return NULL;
    }

  /* Two files of the same name: "photo.jpg", "2-photo.jpg"... */
  if (g_hash_table_contains (used_names, name))
    {
      for (guint i = 2;; i++)
        {
          g_autofree char *candidate = g_strdup_printf ("%u-%s", i, name);

          if (!g_hash_table_contains (used_names, candidate))
            {
              g_free (name);
              name = g_steal_pointer (&candidate);
              break;
            }
        }
    }

  in = g_file_read (in_file, NULL, error);
  if (in == NULL)
    return NULL;

  out_file = g_file_new_build_filename (dir, name, NULL);
  out = g_file_create (out_file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return NULL;

  buffer = g_malloc (COPY_CHUNK);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, COPY_CHUNK, NULL, error)) > 0)
    {
      total += n;
      /* The file may grow while we copy it. */
      if (total > SK_REFUND_MAX_ATTACHMENT)
        {
          g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                       _("“%s” is too large to attach (at most %d MB)."), display,
                       SK_REFUND_MAX_ATTACHMENT / (1024 * 1024));
          n = -1;
          break;
        }
      g_checksum_update (checksum, buffer, n);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, n, NULL, NULL, error))
        {
          n = -1;
          break;
        }
    }

  if (n < 0 || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, n < 0 ? NULL : error))
    {
      g_file_delete (out_file, NULL, NULL);
      if (error != NULL && *error == NULL)
        g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                     _("Could not copy “%s”."), display);
      return NULL;
    }

  g_hash_table_add (used_names, g_strdup (name));

  attachment = g_new0 (SkRefundAttachment, 1);
  attachment->file_name = g_steal_pointer (&name);
  attachment->stored_path = g_file_get_path (out_file);
  attachment->size = total;
  attachment->sha256 = g_strdup (g_checksum_get_string (checksum));
  attachment->added_at = now;

  return attachment;
}

static void
remove_copies (const char *dir,
               GPtrArray  *attachments)
{
  for (guint i = 0; i < attachments->len; i++)
    {
      SkRefundAttachment *attachment = g_ptr_array_index (attachments, i);

      if (g_unlink (attachment->stored_path) != 0 && errno != ENOENT)
        g_warning ("Cannot remove %s: %s", attachment->stored_path, g_strerror (errno));
    }
  g_ptr_array_set_size (attachments, 0);
  g_rmdir (dir);
}

/* ---- requests ---- */

static gboolean
check_text (const char  *text,
            GError     **error)
{
  if (text != NULL && (!g_utf8_validate (text, -1, NULL) || strlen (text) > SK_REFUND_MAX_TEXT))
    {
      g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                   /* Translators: %d is a number of characters */
                   _("A text can hold at most %d characters of valid text."), SK_REFUND_MAX_TEXT);
      return FALSE;
    }

  return TRUE;
}

gint64
sk_refunds_create_request (SkDatabase          *database,
                           SkRefundRequest     *request,
                           const char * const  *attachment_paths,
                           const char          *attachments_root,
                           gint64               now,
                           GError             **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkRefundOrder) order = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GHashTable) used_names = NULL;
  g_autofree char *number = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *details = NULL;
  gint64 store_id;
  gint64 id;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (request != NULL, 0);
  g_return_val_if_fail (attachment_paths == NULL || attachments_root != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_text (request->reason_text, error))
    return 0;
  if (request->created_by == NULL || *request->created_by == '\0')
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("Nobody is at the desk to record the request."));
      return 0;
    }
  if (request->lines == NULL || request->lines->len == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                           _("A request needs at least one item."));
      return 0;
    }

  if (!_sk_database_begin (database, error))
    return 0;

  order = sk_refunds_load_order (database, request->order_id, error);
  if (order == NULL)
    goto failed;

  store_id = _sk_refunds_single_int (database, "SELECT store_id FROM orders WHERE id = ?1",
                         order->order_id, 0, 0, error);
  if (store_id < 0)
    goto failed;

  id = _sk_refunds_single_int (database, "SELECT coalesce (max (id), 0) + 1 FROM refund_requests",
                   0, 0, 0, error);
  if (id <= 0)
    goto failed;
  number = g_strdup_printf ("R-%06lld", (long long) id);

  stmt = _sk_database_prepare (database,
                               "INSERT INTO refund_requests (id, number, store_id, order_id, order_remote_id,"
                               " order_number, currency, customer_email, customer_name, channel, reason,"
                               " reason_text, outcome, conditions, refund_shipping, created_at, created_by)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, store_id);
  sqlite3_bind_int64 (stmt, 4, order->order_id);
  sqlite3_bind_int64 (stmt, 5, order->order_remote_id);
  _sk_database_bind_text (stmt, 6, order->number);
  _sk_database_bind_text (stmt, 7, order->currency);
  _sk_database_bind_text (stmt, 8, order->customer_email);
  _sk_database_bind_text (stmt, 9, order->customer_name);
  sqlite3_bind_text (stmt, 10, sk_refund_channel_to_string (request->channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, sk_refund_reason_to_string (request->reason), -1, SQLITE_STATIC);
  _sk_database_bind_text (stmt, 12, request->reason_text);
  sqlite3_bind_text (stmt, 13, sk_refund_outcome_to_string (request->outcome), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 14, request->conditions & SK_RETURN_CONDITION_ALL);
  sqlite3_bind_int (stmt, 15, request->refund_shipping ? 1 : 0);
  sqlite3_bind_int64 (stmt, 16, now);
  _sk_database_bind_text (stmt, 17, request->created_by);
  if (!step_done (database, stmt, _("Could not save the request"), error))
    goto failed;
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  for (guint i = 0; i < request->lines->len; i++)
    {
      SkRefundRequestLine *line = g_ptr_array_index (request->lines, i);
      SkRefundOrderItem *item = NULL;

      for (guint j = 0; j < order->items->len && item == NULL; j++)
        if (((SkRefundOrderItem *) g_ptr_array_index (order->items, j))->item_remote_id == line->item_remote_id)
          item = g_ptr_array_index (order->items, j);

      if (item == NULL || item->quantity <= 0)
        {
          g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                               _("An item asked for is not part of this order."));
          goto failed;
        }
      if (line->quantity <= 0 || line->quantity > item->quantity)
        {
          g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                       _("The quantity of “%s” must be between 1 and %lld."),
                       item->name, (long long) item->quantity);
          goto failed;
        }

      line->product_remote_id = item->product_remote_id;
      g_free (line->name);
      line->name = g_strdup (item->name);
      line->quantity_bought = item->quantity;
      line->line_total = item->total;
      line->line_tax = item->total_tax;

      stmt = _sk_database_prepare (database,
                                   "INSERT INTO refund_request_lines (request_id, item_remote_id, product_remote_id,"
                                   " name, quantity, quantity_bought, line_total, line_tax)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, line->item_remote_id);
      sqlite3_bind_int64 (stmt, 3, line->product_remote_id);
      _sk_database_bind_text (stmt, 4, line->name);
      sqlite3_bind_int64 (stmt, 5, line->quantity);
      sqlite3_bind_int64 (stmt, 6, line->quantity_bought);
      sqlite3_bind_int64 (stmt, 7, line->line_total);
      sqlite3_bind_int64 (stmt, 8, line->line_tax);
      if (!step_done (database, stmt, _("Could not save the request"), error))
        {
          if (g_error_matches (*error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT))
            {
              g_clear_error (error);
              g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID,
                                   _("An item is asked for twice."));
            }
          goto failed;
        }
      g_clear_pointer (&stmt, _sk_cached_stmt_release);
    }

  copies = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_attachment_free);
  if (attachment_paths != NULL && attachment_paths[0] != NULL)
    {
      used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      dir = g_build_filename (attachments_root, number, NULL);

      /* A folder left by a request that was rolled back is reused. */
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_FAILED,
                       _("Could not make the folder for the attachments: %s"), g_strerror (saved_errno));
          dir = NULL;
          goto failed;
        }

      for (guint i = 0; attachment_paths[i] != NULL; i++)
        {
          SkRefundAttachment *attachment = copy_attachment (attachment_paths[i], dir, used_names, now, error);

          if (attachment == NULL)
            goto failed;
          g_ptr_array_add (copies, attachment);

          stmt = _sk_database_prepare (database,
                                       "INSERT INTO refund_attachments (request_id, file_name, stored_path, size,"
                                       " sha256, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                                       error);
          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, id);
          _sk_database_bind_text (stmt, 2, attachment->file_name);
          _sk_database_bind_text (stmt, 3, attachment->stored_path);
          sqlite3_bind_int64 (stmt, 4, attachment->size);
          sqlite3_bind_text (stmt, 5, attachment->sha256, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 6, now);
          if (!step_done (database, stmt, _("Could not save the request"), error))
            goto failed;
          attachment->id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));
          g_clear_pointer (&stmt, _sk_cached_stmt_release);
        }
    }

  details = g_strdup_printf ("order %s, %s, %s, %u item(s), %u attachment(s)",
                             order->number, sk_refund_reason_to_string (request->reason),
                             sk_refund_outcome_to_string (request->outcome),
                             request->lines->len, copies->len);
  if (!_sk_database_append_audit_at (database, now, request->created_by, "refund-request", number, details, error)
      || !_sk_database_commit (database, error))
    goto failed;

  request->id = id;
  g_free (request->number);
  request->number = g_steal_pointer (&number);
  request->order_remote_id = order->order_remote_id;
  g_free (request->order_number);
  request->order_number = g_strdup (order->number);
  g_free (request->currency);
  request->currency = g_strdup (order->currency);
  g_free (request->customer_email);
  request->customer_email = g_strdup (order->customer_email);
  g_free (request->customer_name);
  request->customer_name = g_strdup (order->customer_name);
  request->state = SK_REFUND_STATE_OPEN;
  request->created_at = now;
  g_ptr_array_extend_and_steal (request->attachments, g_steal_pointer (&copies));

  return id;

failed:
  _sk_database_rollback (database);
  if (dir != NULL && copies != NULL)
    remove_copies (dir, copies);
  return 0;
}

static SkRefundRequest *
read_request (sqlite3_stmt *stmt)
{
  SkRefundRequest *request = sk_refund_request_new ();

  request->id = sqlite3_column_int64 (stmt, 0);
  request->number = g_strdup (_sk_database_column_text (stmt, 1));
  request->order_id = sqlite3_column_int64 (stmt, 2);
  request->order_remote_id = sqlite3_column_int64 (stmt, 3);
  request->order_number = g_strdup (_sk_database_column_text (stmt, 4));
  request->currency = g_strdup (_sk_database_column_text (stmt, 5));
  request->customer_email = g_strdup (_sk_database_column_text (stmt, 6));
  request->customer_name = g_strdup (_sk_database_column_text (stmt, 7));
  sk_refund_channel_from_string (_sk_database_column_text (stmt, 8), &request->channel);
  if (!sk_refund_reason_from_string (_sk_database_column_text (stmt, 9), &request->reason))
    request->reason = SK_REFUND_REASON_OTHER;
  request->reason_text = g_strdup (_sk_database_column_text (stmt, 10));
  sk_refund_outcome_from_string (_sk_database_column_text (stmt, 11), &request->outcome);
  request->conditions = (guint) sqlite3_column_int64 (stmt, 12);
  request->refund_shipping = sqlite3_column_int (stmt, 13) != 0;
  sk_refund_state_from_string (_sk_database_column_text (stmt, 14), &request->state);
  request->created_at = sqlite3_column_int64 (stmt, 15);
  request->created_by = g_strdup (_sk_database_column_text (stmt, 16));
  request->decided_at = sqlite3_column_int64 (stmt, 17);
  request->decided_by = g_strdup (_sk_database_column_text (stmt, 18));
  request->store_id = sqlite3_column_int64 (stmt, 19);

  return request;
}

static gboolean
load_lines (SkDatabase       *database,
            SkRefundRequest  *request,
            GError          **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT l.id, l.item_remote_id, l.product_remote_id, l.name, l.quantity, l.quantity_bought,"
                               " l.line_total, l.line_tax,"
                               /* The SKU the order line had, else the product's now. */
                               " coalesce (nullif ((SELECT i.sku FROM order_items i WHERE i.order_id = r.order_id"
                               "                    AND i.remote_id = l.item_remote_id), ''),"
                               "           (SELECT p.sku FROM products p WHERE p.store_id = r.store_id"
                               "             AND p.remote_id = l.product_remote_id), '')"
                               " FROM refund_request_lines l JOIN refund_requests r ON r.id = l.request_id"
                               " WHERE l.request_id = ? ORDER BY l.id",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkRefundRequestLine *line = sk_refund_request_line_new ();

      line->id = sqlite3_column_int64 (stmt, 0);
      line->item_remote_id = sqlite3_column_int64 (stmt, 1);
      line->product_remote_id = sqlite3_column_int64 (stmt, 2);
      g_free (line->name);
      line->name = g_strdup (_sk_database_column_text (stmt, 3));
      line->quantity = sqlite3_column_int64 (stmt, 4);
      line->quantity_bought = sqlite3_column_int64 (stmt, 5);
      line->line_total = sqlite3_column_int64 (stmt, 6);
      line->line_tax = sqlite3_column_int64 (stmt, 7);
      g_free (line->sku);
      line->sku = g_strdup (_sk_database_column_text (stmt, 8));
      g_ptr_array_add (request->lines, line);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the request"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_attachments (SkDatabase       *database,
                  SkRefundRequest  *request,
                  GError          **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  stmt = _sk_database_prepare (database,
                               "SELECT id, file_name, stored_path, size, sha256, added_at"
                               " FROM refund_attachments WHERE request_id = ? ORDER BY id",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkRefundAttachment *attachment = g_new0 (SkRefundAttachment, 1);

      attachment->id = sqlite3_column_int64 (stmt, 0);
      attachment->file_name = g_strdup (_sk_database_column_text (stmt, 1));
      attachment->stored_path = g_strdup (_sk_database_column_text (stmt, 2));
      attachment->size = sqlite3_column_int64 (stmt, 3);
      attachment->sha256 = g_strdup (_sk_database_column_text (stmt, 4));
      attachment->added_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (request->attachments, attachment);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the request"));
      return FALSE;
    }

  return TRUE;
}

SkRefundRequest *
sk_refunds_get_request (SkDatabase  *database,
                        gint64       id,
                        GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkRefundRequest) request = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  stmt = _sk_database_prepare (database, "SELECT " REQUEST_COLUMNS " FROM refund_requests r WHERE r.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                           _("There is no such refund request."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the request"));
      return NULL;
    }

  request = read_request (stmt);
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  if (!load_lines (database, request, error) || !load_attachments (database, request, error))
    return NULL;

  return g_steal_pointer (&request);
}

static GPtrArray *
list_requests (SkDatabase  *database,
               const char  *sql,
               gint64       arg,
               GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, arg);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_request (stmt));

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the refund requests"));
      return NULL;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  for (guint i = 0; i < list->len; i++)
    if (!load_lines (database, g_ptr_array_index (list, i), error))
      return NULL;

  return g_steal_pointer (&list);
}

gint64
sk_refunds_lookup_store (SkDatabase  *database,
                         const char  *store_url,
                         GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), -1);

  if (store_url == NULL || *store_url == '\0')
    return 0;

  stmt = _sk_database_prepare (database, "SELECT id FROM stores WHERE url = ?1", error);
  if (stmt == NULL)
    return -1;
  _sk_database_bind_text (stmt, 1, store_url);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _sk_refunds_read_failed (database, rc, error);
      return -1;
    }

  return 0;
}

char *
sk_refunds_dup_currency (SkDatabase  *database,
                         gint64       store_id,
                         GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  /* The store sends its currency with every order; the stores table has
   * none. The newest order, through the date index ("+": not by sorting
   * every order of the store). */
  return single_text (database,
                      "SELECT currency FROM orders WHERE +store_id = ?1 ORDER BY date_created DESC, id DESC LIMIT 1",
                      store_id, error);
}

GPtrArray *
sk_refunds_list_open (SkDatabase  *database,
                      gint64       store_id,
                      GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return list_requests (database,
                        "SELECT " REQUEST_COLUMNS " FROM refund_requests r INDEXED BY refund_requests_open"
                        " WHERE r.state = 'open' AND r.store_id = ?1 ORDER BY r.created_at, r.id",
                        store_id, error);
}

GPtrArray *
sk_refunds_list_for_order (SkDatabase  *database,
                           gint64       order_id,
                           GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return list_requests (database,
                        "SELECT " REQUEST_COLUMNS " FROM refund_requests r"
                        " WHERE r.order_id = ?1 ORDER BY r.created_at DESC, r.id DESC",
                        order_id, error);
}

gint64
sk_refunds_count_open (SkDatabase  *database,
                       gint64       store_id,
                       gint64       created_before,
                       GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), -1);

  return _sk_refunds_single_int (database,
                     "SELECT count (*) FROM refund_requests INDEXED BY refund_requests_open"
                     " WHERE state = 'open' AND created_at <= ?1 AND store_id = ?2",
                     created_before, store_id, 0, error);
}

gboolean
sk_refunds_cancel (SkDatabase  *database,
                   gint64       id,
                   const char  *note,
                   const char  *actor,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkRefundRequest) request = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (note, error))
    return FALSE;

  if (!_sk_database_begin (database, error))
    return FALSE;

  if ((request = sk_refunds_get_request (database, id, error)) == NULL)
    goto failed;

  stmt = _sk_database_prepare (database,
                               "UPDATE refund_requests SET state = 'cancelled', decided_at = ?2, decided_by = ?3"
                               " WHERE id = ?1 AND state = 'open'",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  _sk_database_bind_text (stmt, 3, actor);
  if (!step_done (database, stmt, _("Could not cancel the request"), error))
    goto failed;
  if (sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This request has already been decided."));
      goto failed;
    }

  if (!_sk_database_append_audit_at (database, now, actor, "refund-cancelled", request->number,
                                     note != NULL ? note : "", error)
      || !_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

char *
sk_refunds_get_cancel_note (SkDatabase  *database,
                            gint64       id,
                            GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The entry was appended when the request was closed: the newest
   * first, so the search stops early in a long log. */
  return single_text (database,
                      "SELECT a.details FROM refund_requests r"
                      " JOIN audit_log a ON a.action = 'refund-cancelled' AND a.subject = r.number"
                      "  AND a.at = r.decided_at"
                      " WHERE r.id = ?1 AND r.state = 'cancelled'"
                      " ORDER BY a.id DESC LIMIT 1",
                      id, error);
}

/* ---- decisions ---- */

gint64
sk_refunds_record_decision (SkDatabase        *database,
                            SkRefundDecision  *decision,
                            const char        *audit_details,
                            GError           **error)
{
  return sk_refunds_record_decision_full (database, decision, audit_details, NULL, NULL, error);
}

gint64
sk_refunds_record_decision_full (SkDatabase            *database,
                                 SkRefundDecision      *decision,
                                 const char            *audit_details,
                                 SkRefundsDecisionFunc  func,
                                 gpointer               user_data,
                                 GError               **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkRefundRequest) request = NULL;
  const char *kind;
  gint64 id;

  g_return_val_if_fail (SK_IS_DATABASE (database), 0);
  g_return_val_if_fail (decision != NULL, 0);
  g_return_val_if_fail (decision->actor != NULL && *decision->actor != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_text (decision->justification, error) || !check_text (decision->message, error))
    return 0;

  kind = decision->kind == SK_REFUND_DECISION_APPROVED ? "approved" : "denied";

  if (!_sk_database_begin (database, error))
    return 0;

  if ((request = sk_refunds_get_request (database, decision->request_id, error)) == NULL)
    goto failed;

  /* Only an open request is decided: this is what makes a double click
   * harmless. The unique index on refund_decisions (request_id) backs it. */
  stmt = _sk_database_prepare (database,
                               "UPDATE refund_requests SET state = ?2, decided_at = ?3, decided_by = ?4"
                               " WHERE id = ?1 AND state = 'open'",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, decision->request_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, decision->at);
  _sk_database_bind_text (stmt, 4, decision->actor);
  if (!step_done (database, stmt, _("Could not save the decision"), error))
    goto failed;
  if (sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This request has already been decided."));
      goto failed;
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  stmt = _sk_database_prepare (database,
                               "INSERT INTO refund_decisions (request_id, decision, at, actor, role, justification,"
                               " deny_reason, message, verdict, currency, amount, restocking_fee, shipping, goodwill)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, decision->request_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, decision->at);
  _sk_database_bind_text (stmt, 4, decision->actor);
  _sk_database_bind_text (stmt, 5, decision->role != NULL ? decision->role : "staff");
  _sk_database_bind_text (stmt, 6, decision->justification);
  _sk_database_bind_text (stmt, 7, decision->deny_reason);
  _sk_database_bind_text (stmt, 8, decision->message);
  _sk_database_bind_text (stmt, 9, decision->verdict_json != NULL ? decision->verdict_json : "{}");
  _sk_database_bind_text (stmt, 10, decision->currency != NULL ? decision->currency : request->currency);
  sqlite3_bind_int64 (stmt, 11, decision->amount);
  sqlite3_bind_int64 (stmt, 12, decision->restocking_fee);
  sqlite3_bind_int64 (stmt, 13, decision->shipping);
  sqlite3_bind_int64 (stmt, 14, decision->goodwill);
  if (!step_done (database, stmt, _("Could not save the decision"), error))
    goto failed;
  id = sqlite3_last_insert_rowid (_sk_database_get_handle (database));

  if (!_sk_database_append_audit_at (database, decision->at, decision->actor,
                                     decision->kind == SK_REFUND_DECISION_APPROVED ? "refund-approved" : "refund-denied",
                                     request->number, audit_details != NULL ? audit_details : "", error))
    goto failed;

  decision->id = id;
  if ((func != NULL && !func (database, decision, user_data, error))
      || !_sk_database_commit (database, error))
    {
      decision->id = 0;
      decision->outbox_id = 0;
      goto failed;
    }

  return id;

failed:
  _sk_database_rollback (database);
  return 0;
}

gboolean
sk_refunds_queue_decision (SkDatabase            *database,
                           SkRefundDecision      *decision,
                           SkRefundsDecisionFunc  func,
                           gpointer               user_data,
                           GError               **error)
{
  gint64 queued;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (decision != NULL && decision->id > 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!_sk_database_begin (database, error))
    return FALSE;

  /* Another resume may have queued it since it was listed. */
  queued = _sk_refunds_single_int (database, "SELECT outbox_id FROM refund_decisions WHERE id = ?1",
                       decision->id, 0, 0, error);
  if (queued < 0)
    goto failed;
  if (queued > 0)
    {
      _sk_database_rollback (database);
      return TRUE;
    }

  if (!func (database, decision, user_data, error) || !_sk_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  _sk_database_rollback (database);
  return FALSE;
}

gboolean
sk_refunds_set_decision_outbox (SkDatabase  *database,
                                gint64       decision_id,
                                gint64       outbox_id,
                                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (outbox_id > 0, FALSE);

  stmt = _sk_database_prepare (database,
                               "UPDATE refund_decisions SET outbox_id = ?2 WHERE id = ?1 AND outbox_id = 0",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, decision_id);
  sqlite3_bind_int64 (stmt, 2, outbox_id);
  if (!step_done (database, stmt, _("Could not save the decision"), error))
    return FALSE;

  if (sqlite3_changes (_sk_database_get_handle (database)) == 0)
    {
      g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT,
                           _("This decision’s refund was already queued."));
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
list_decisions (SkDatabase  *database,
                const char  *sql,
                gint64       arg,
                GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  stmt = _sk_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, arg);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_decision_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SkRefundDecision *decision = sk_refund_decision_new ();

      decision->id = sqlite3_column_int64 (stmt, 0);
      decision->request_id = sqlite3_column_int64 (stmt, 1);
      decision->kind = g_str_equal (_sk_database_column_text (stmt, 2), "approved")
                       ? SK_REFUND_DECISION_APPROVED : SK_REFUND_DECISION_DENIED;
      decision->at = sqlite3_column_int64 (stmt, 3);
      decision->actor = g_strdup (_sk_database_column_text (stmt, 4));
      decision->role = g_strdup (_sk_database_column_text (stmt, 5));
      decision->justification = g_strdup (_sk_database_column_text (stmt, 6));
      decision->deny_reason = g_strdup (_sk_database_column_text (stmt, 7));
      decision->message = g_strdup (_sk_database_column_text (stmt, 8));
      decision->verdict_json = g_strdup (_sk_database_column_text (stmt, 9));
      decision->currency = g_strdup (_sk_database_column_text (stmt, 10));
      decision->amount = sqlite3_column_int64 (stmt, 11);
      decision->restocking_fee = sqlite3_column_int64 (stmt, 12);
      decision->shipping = sqlite3_column_int64 (stmt, 13);
      decision->goodwill = sqlite3_column_int64 (stmt, 14);
      decision->outbox_id = sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (list, decision);
    }

  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not read the decisions"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
sk_refunds_list_decisions (SkDatabase  *database,
                           gint64       request_id,
                           GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return list_decisions (database,
                         "SELECT " DECISION_COLUMNS " FROM refund_decisions WHERE request_id = ?1 ORDER BY id",
                         request_id, error);
}

GPtrArray *
sk_refunds_list_unqueued (SkDatabase  *database,
                          GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);

  return list_decisions (database,
                         "SELECT " DECISION_COLUMNS " FROM refund_decisions INDEXED BY refund_decisions_unqueued"
                         " WHERE outbox_id = 0 ORDER BY id",
                         0, error);
}

gint64
sk_refunds_sum_goodwill (SkDatabase  *database,
                         gint64       store_id,
                         gint64       from,
                         gint64       to,
                         GError     **error)
{
  g_return_val_if_fail (SK_IS_DATABASE (database), -1);

  return _sk_refunds_single_int (database,
                     "SELECT coalesce (sum (d.goodwill), 0) FROM refund_decisions d"
                     " JOIN refund_requests r ON r.id = d.request_id"
                     " WHERE d.decision = 'approved' AND d.at >= ?1 AND d.at < ?2 AND r.store_id = ?3",
                     from, to, store_id, error);
}
