/* sk-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-export"

#include "config.h"

#include "sk-export.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-customer-care.h"
#include "sk-customers.h"
#include "sk-database-private.h"
#include "sk-messages.h"
#include "sk-money.h"
#include "sk-rfm.h"
#include "sk-time.h"

/* Rows between two progress reports and cancellation checks. */
#define PROGRESS_EVERY 2000
/* Orders read per statement when exporting by id. */
#define CHUNK 500

/* CSV */

/* "+49 30 1234567", "-1-" are not formulas: nothing but digits and the
 * usual separators after the sign (no letters, no operator but the
 * hyphen, so nothing can be called or computed). */
static gboolean
is_phone_number (const char *text)
{
  if (text[0] != '+')
    return FALSE;

  for (const char *p = text + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr (" ()-./", *p) == NULL)
      return FALSE;

  return text[1] != '\0';
}

void
sk_export_append_csv_field (GString    *line,
                            const char *text,
                            gboolean    is_text)
{
  g_autofree char *valid = NULL;
  gboolean quote;

  g_return_if_fail (line != NULL);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');

  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (line, '"');

  /* A cell that starts like a formula is run by spreadsheets when the
   * file is opened (CSV injection, OWASP): a leading apostrophe makes it
   * text. Only for text from the store or the user, never for our own
   * numbers, where "-3.50" is a refund. */
  if (is_text && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL && !is_phone_number (text))
    g_string_append_c (line, '\'');

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }

  if (quote)
    g_string_append_c (line, '"');
}

static void
end_line (GString *line)
{
  g_string_append (line, "\r\n");
}

static void
append_money (GString    *line,
              gint64      minor,
              const char *currency)
{
  g_autofree char *text = sk_money_to_api_string (minor, sk_money_currency_decimals (currency));

  sk_export_append_csv_field (line, text, FALSE);
}

static void
append_int (GString *line,
            gint64   value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  sk_export_append_csv_field (line, text, FALSE);
}

static void
append_date (GString *line,
             gint64   unix_utc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (unix_utc <= 0)
    {
      sk_export_append_csv_field (line, "", FALSE);
      return;
    }

  utc = g_date_time_new_from_unix_utc (unix_utc);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  if (local != NULL)
    text = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  sk_export_append_csv_field (line, text, FALSE);
}

/* Writes @line out (when long enough, or @flush) and empties it. */
static gboolean
write_line (GOutputStream  *output,
            GString        *buffer,
            gboolean        flush,
            GCancellable   *cancellable,
            GError        **error)
{
  if (!flush && buffer->len < 65536)
    return TRUE;

  if (buffer->len > 0 &&
      !g_output_stream_write_all (output, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (buffer, 0);
  return TRUE;
}

/* UTF-8's byte order mark: without it LibreOffice and Excel guess the
 * encoding from the system's and garble every non-ASCII name. */
static gboolean
write_bom (GOutputStream  *output,
           GCancellable   *cancellable,
           GError        **error)
{
  return g_output_stream_write_all (output, "\xEF\xBB\xBF", 3, NULL, cancellable, error);
}

static gboolean
report (guint64                done,
        guint64                total,
        SkExportProgressFunc   progress,
        gpointer               progress_data,
        GCancellable          *cancellable,
        GError               **error)
{
  if (done % PROGRESS_EVERY != 0 && done != total)
    return TRUE;

  if (progress != NULL)
    progress (done, total, progress_data);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
sk_export_customers_csv (SkDatabase              *database,
                         const SkCustomerFilter  *filter,
                         GOutputStream           *output,
                         SkExportProgressFunc     progress,
                         gpointer                 progress_data,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  gboolean ok = TRUE;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _sk_database_prepare (database,
                               "SELECT p.display_name, p.first_name, p.last_name, p.email,"
                               "       p.customer_remote_id, p.order_count, p.lifetime_value,"
                               "       p.average_order_value, p.refunds_total, p.currency,"
                               "       p.first_order, p.last_order, p.segment,"
                               "       (SELECT group_concat (t.tag, ', ') FROM customer_refs AS r"
                               "          JOIN customer_tags AS t ON t.ref_id = r.id"
                               "         WHERE r.store_id = p.store_id AND r.email_key = p.email_key)"
                               "  FROM customer_profiles AS p WHERE p.id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  /* One read snapshot: the ids and the rows from the same refresh. */
  if (!_sk_database_exec (database, "BEGIN", _("Could not read the customers"), error))
    return FALSE;

  ids = sk_customers_query_filtered (database, filter, SK_CUSTOMER_SORT_NAME, FALSE, error);
  if (ids == NULL)
    ok = FALSE;

  ok = ok && write_bom (output, cancellable, error);

  if (ok)
    {
      const char * const header[] = {
        /* Translators: column headers of the customers' CSV export */
        _("Name"), _("First name"), _("Last name"), _("E-mail"), _("Account"), _("Orders"),
        _("Lifetime value"), _("Average order value"), _("Refunds"), _("Currency"),
        _("First order"), _("Last order"), _("Segment"), _("Tags"),
      };

      for (guint i = 0; i < G_N_ELEMENTS (header); i++)
        sk_export_append_csv_field (buffer, header[i], TRUE);
      end_line (buffer);
    }

  for (guint i = 0; ok && i < ids->len; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *currency = _sk_database_column_text (stmt, 9);

          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 0), TRUE);
          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 1), TRUE);
          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 2), TRUE);
          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 3), TRUE);
          sk_export_append_csv_field (buffer,
                                      sqlite3_column_int64 (stmt, 4) > 0 ? C_("has an account", "Yes")
                                                                         : C_("has an account", "Guest"),
                                      TRUE);
          append_int (buffer, sqlite3_column_int64 (stmt, 5));
          append_money (buffer, sqlite3_column_int64 (stmt, 6), currency);
          append_money (buffer, sqlite3_column_int64 (stmt, 7), currency);
          append_money (buffer, sqlite3_column_int64 (stmt, 8), currency);
          sk_export_append_csv_field (buffer, currency, TRUE);
          append_date (buffer, sqlite3_column_int64 (stmt, 10));
          append_date (buffer, sqlite3_column_int64 (stmt, 11));
          sk_export_append_csv_field (buffer, sqlite3_column_int (stmt, 12) > 0
                                              ? sk_rfm_segment_get_label (sqlite3_column_int (stmt, 12))
                                              : "",
                                      TRUE);
          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 13), TRUE);
          end_line (buffer);
        }
      else if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not read the customers"));
          ok = FALSE;
        }
      sqlite3_reset (stmt);

      ok = ok && write_line (output, buffer, FALSE, cancellable, error) &&
           report (i + 1, ids->len, progress, progress_data, cancellable, error);
    }

  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  _sk_database_rollback (database);

  return ok && write_line (output, buffer, TRUE, cancellable, error);
}

gboolean
sk_export_orders_csv (SkDatabase                 *database,
                      const SkOrderFilter        *filter,
                      GOutputStream              *output,
                      SkExportProgressFunc        progress,
                      gpointer                    progress_data,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  gboolean ok = TRUE;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _sk_database_prepare (database,
                               "SELECT number, date_created, status, billing_first_name, billing_last_name,"
                               "       billing_company, billing_email, billing_phone, billing_city,"
                               "       billing_country, item_count, discount_total, shipping_total,"
                               "       total_tax, total, currency, payment_method_title,"
                               "       (SELECT coalesce (sum (abs (amount)), 0) FROM refunds"
                               "         WHERE refunds.order_id = orders.id)"
                               "  FROM orders WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  if (!_sk_database_exec (database, "BEGIN", _("Could not read the orders"), error))
    return FALSE;

  /* Newest first, as the orders page shows them by default. */
  ids = sk_order_filter_query_ids (database, filter, SK_ORDER_SORT_DATE, TRUE, error);
  if (ids == NULL)
    ok = FALSE;

  ok = ok && write_bom (output, cancellable, error);

  if (ok)
    {
      const char * const header[] = {
        /* Translators: column headers of the orders' CSV export */
        _("Number"), _("Date"), _("Status"), _("First name"), _("Last name"), _("Company"),
        _("E-mail"), _("Phone"), _("City"), _("Country"), _("Items"), _("Discount"),
        _("Shipping"), _("Tax"), _("Total"), _("Refunded"), _("Currency"), _("Payment method"),
      };

      for (guint i = 0; i < G_N_ELEMENTS (header); i++)
        sk_export_append_csv_field (buffer, header[i], TRUE);
      end_line (buffer);
    }

  for (guint i = 0; ok && i < ids->len; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *currency = _sk_database_column_text (stmt, 15);

          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 0), TRUE);
          append_date (buffer, sqlite3_column_int64 (stmt, 1));
          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 2), TRUE);
          for (int c = 3; c <= 9; c++)
            sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, c), TRUE);
          append_int (buffer, sqlite3_column_int64 (stmt, 10));
          append_money (buffer, sqlite3_column_int64 (stmt, 11), currency);
          append_money (buffer, sqlite3_column_int64 (stmt, 12), currency);
          append_money (buffer, sqlite3_column_int64 (stmt, 13), currency);
          append_money (buffer, sqlite3_column_int64 (stmt, 14), currency);
          append_money (buffer, sqlite3_column_int64 (stmt, 17), currency);
          sk_export_append_csv_field (buffer, currency, TRUE);
          sk_export_append_csv_field (buffer, _sk_database_column_text (stmt, 16), TRUE);
          end_line (buffer);
        }
      else if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not read the orders"));
          ok = FALSE;
        }
      sqlite3_reset (stmt);

      ok = ok && write_line (output, buffer, FALSE, cancellable, error) &&
           report (i + 1, ids->len, progress, progress_data, cancellable, error);
    }

  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  _sk_database_rollback (database);

  return ok && write_line (output, buffer, TRUE, cancellable, error);
}

/* The async export */

typedef struct
{
  char                 *path;
  SkExportKind          kind;
  char                 *search;
  SkOrderFilter        *orders;
  char                 *tag;
  int                   segment;
  gint64                saved_segment;
  GFile                *file;
  SkExportProgressFunc  progress;
  gpointer              progress_data;
  GMainContext         *context;
  guint64               rows;
  /* The latest progress, handed to the caller's context. */
  GMutex                lock;
  guint64               done, total;
  guint                 progress_source;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->path);
  g_free (job->search);
  g_clear_pointer (&job->orders, sk_order_filter_free);
  g_free (job->tag);
  g_clear_object (&job->file);
  g_main_context_unref (job->context);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  GTask *task = user_data;
  ExportJob *job = g_task_get_task_data (task);
  guint64 done, total;

  g_mutex_lock (&job->lock);
  done = job->done;
  total = job->total;
  job->progress_source = 0;
  g_mutex_unlock (&job->lock);

  if (job->progress != NULL && !g_task_get_completed (task))
    job->progress (done, total, job->progress_data);

  return G_SOURCE_REMOVE;
}

/* On the worker: keep the newest figures and, unless one is already on its
 * way, post one idle to the caller's context (never invoke (): that could
 * run the caller's callback on this thread). */
static void
worker_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  GTask *task = user_data;
  ExportJob *job = g_task_get_task_data (task);

  g_mutex_lock (&job->lock);
  job->done = done;
  job->total = total;
  if (job->progress_source == 0)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      /* The task's own priority: the last report is dispatched before
       * the result, not after it. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress_cb, g_object_ref (task), g_object_unref);
      job->progress_source = g_source_attach (source, job->context);
    }
  g_mutex_unlock (&job->lock);
}

static void
count_rows (guint64  done,
            guint64  total,
            gpointer user_data)
{
  GTask *task = user_data;
  ExportJob *job = g_task_get_task_data (task);

  job->rows = done;
  worker_progress (done, total, task);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  database = sk_database_open (job->path, SK_DATABASE_FLAGS_READ_ONLY, &error);
  if (database == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Written next to the destination under another name and moved over it
   * at the end: an export that fails or is cancelled leaves the old file,
   * or none, never half a file (g_file_replace () writes a new file in
   * place). */
  {
    g_autoptr(GFile) parent = g_file_get_parent (job->file);
    g_autofree char *base = g_file_get_basename (job->file);
    g_autofree char *temp_name = g_strdup_printf (".%s.part", base);

    temp = parent != NULL ? g_file_get_child (parent, temp_name) : NULL;
  }
  if (temp == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("Cannot write the file there."));
      return;
    }

  stream = g_file_replace (temp, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->kind == SK_EXPORT_CUSTOMERS)
    {
      SkCustomerFilter filter = { job->search, job->segment, job->tag, job->saved_segment };

      ok = sk_export_customers_csv (database, &filter, G_OUTPUT_STREAM (stream),
                                    count_rows, task, cancellable, &error);
    }
  else
    {
      ok = sk_export_orders_csv (database, job->orders, G_OUTPUT_STREAM (stream),
                                 count_rows, task, cancellable, &error);
    }

  ok = ok && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error) &&
       g_file_move (temp, job->file, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, &error);

  if (!ok)
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (temp, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
sk_export_csv_async (const char                 *database_path,
                     SkExportKind                kind,
                     const SkCustomerFilter     *customers,
                     const SkOrderFilter        *orders,
                     GFile                      *file,
                     SkExportProgressFunc        progress,
                     gpointer                    progress_data,
                     GCancellable               *cancellable,
                     GAsyncReadyCallback         callback,
                     gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (kind != SK_EXPORT_CUSTOMERS || customers != NULL);

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (database_path);
  job->kind = kind;
  job->segment = -1;
  if (customers != NULL)
    {
      job->search = g_strdup (customers->search);
      job->segment = customers->segment;
      job->tag = g_strdup (customers->tag);
      job->saved_segment = customers->saved_segment;
    }
  if (orders != NULL)
    job->orders = sk_order_filter_copy (orders);
  job->file = g_object_ref (file);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_mutex_init (&job->lock);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_export_csv_async);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sk_export_csv_finish (GAsyncResult  *result,
                      guint64       *out_rows,
                      GError       **error)
{
  ExportJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_export_csv_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_rows != NULL)
    *out_rows = job->rows;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* JSON */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Times as ISO 8601 UTC, or null when unset. */
static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       unix_utc)
{
  json_builder_set_member_name (builder, name);
  if (unix_utc > 0)
    {
      g_autofree char *text = sk_time_to_iso8601_utc (unix_utc);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

/* Money as the API writes it ("24.90"): exact, no floating point. */
static void
add_money (JsonBuilder *builder,
           const char  *name,
           gint64       minor,
           const char  *currency)
{
  g_autofree char *text = sk_money_to_api_string (minor, sk_money_currency_decimals (currency));

  add_string (builder, name, text);
}

static void
add_address (JsonBuilder     *builder,
             const char      *name,
             const SkAddress *address)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_string (builder, "first_name", address->first_name);
  add_string (builder, "last_name", address->last_name);
  add_string (builder, "company", address->company);
  add_string (builder, "address_1", address->address_1);
  add_string (builder, "address_2", address->address_2);
  add_string (builder, "city", address->city);
  add_string (builder, "state", address->state);
  add_string (builder, "postcode", address->postcode);
  add_string (builder, "country", address->country);
  add_string (builder, "email", address->email);
  add_string (builder, "phone", address->phone);
  json_builder_end_object (builder);
}

static gboolean
add_order_details (SkDatabase   *database,
                   JsonBuilder  *builder,
                   gint64        order_id,
                   GError      **error)
{
  g_autoptr(SkCachedStmt) items = NULL;
  g_autoptr(SkCachedStmt) notes = NULL;
  g_autoptr(SkCachedStmt) order = NULL;
  int rc;

  order = _sk_database_prepare (database,
                                "SELECT customer_note, payment_method_title FROM orders WHERE id = ?1",
                                error);
  if (order == NULL)
    return FALSE;
  sqlite3_bind_int64 (order, 1, order_id);
  if (sqlite3_step (order) == SQLITE_ROW)
    {
      add_string (builder, "customer_note", _sk_database_column_text (order, 0));
      add_string (builder, "payment_method", _sk_database_column_text (order, 1));
    }

  items = _sk_database_prepare (database,
                                "SELECT i.name, i.sku, i.quantity, i.total, o.currency"
                                "  FROM order_items AS i JOIN orders AS o ON o.id = i.order_id"
                                " WHERE i.order_id = ?1 ORDER BY i.position",
                                error);
  if (items == NULL)
    return FALSE;
  sqlite3_bind_int64 (items, 1, order_id);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (items)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", _sk_database_column_text (items, 0));
      add_string (builder, "sku", _sk_database_column_text (items, 1));
      add_int (builder, "quantity", sqlite3_column_int64 (items, 2));
      add_money (builder, "total", sqlite3_column_int64 (items, 3), _sk_database_column_text (items, 4));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    goto fail;

  /* Notes on the order, the ones the customer was sent (customer_note)
   * being the messages exchanged through the store. */
  notes = _sk_database_prepare (database,
                                "SELECT date_created, author, note, customer_note FROM order_notes"
                                " WHERE order_id = ?1 ORDER BY date_created, id",
                                error);
  if (notes == NULL)
    return FALSE;
  sqlite3_bind_int64 (notes, 1, order_id);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (notes)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      add_time (builder, "date", sqlite3_column_int64 (notes, 0));
      add_string (builder, "author", _sk_database_column_text (notes, 1));
      add_string (builder, "note", _sk_database_column_text (notes, 2));
      json_builder_set_member_name (builder, "sent_to_customer");
      json_builder_add_boolean_value (builder, sqlite3_column_int (notes, 3) != 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    goto fail;

  return TRUE;

fail:
  _sk_database_set_error (database, error, rc, _("Could not read the customer’s orders"));
  return FALSE;
}

char *
sk_export_customer_json (SkDatabase  *database,
                         gint64       profile_id,
                         GError     **error)
{
  g_autoptr(SkCustomerProfile) profile = NULL;
  g_autoptr(SkCustomerCare) care = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *exported_at = NULL;

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  profile = sk_customers_load_profile (database, profile_id, error);
  if (profile == NULL)
    return NULL;
  care = sk_customer_care_load (database, profile_id, error);
  if (care == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  exported_at = sk_time_to_iso8601_utc (sk_time_now_utc ());
  add_string (builder, "exported_at", exported_at);
  add_string (builder, "exported_by", "Shopkeeper");

  json_builder_set_member_name (builder, "profile");
  json_builder_begin_object (builder);
  add_string (builder, "email", profile->email);
  add_string (builder, "first_name", profile->first_name);
  add_string (builder, "last_name", profile->last_name);
  add_string (builder, "display_name", profile->display_name);
  add_string (builder, "username", profile->username);
  add_int (builder, "customer_id", profile->customer_remote_id);
  add_time (builder, "registered_at", profile->registered_at);
  add_address (builder, "billing", &profile->billing);
  add_address (builder, "shipping", &profile->shipping);
  add_int (builder, "order_count", profile->order_count);
  add_string (builder, "currency", profile->currency);
  add_money (builder, "lifetime_value", profile->lifetime_value, profile->currency);
  add_money (builder, "average_order_value", profile->average_order_value, profile->currency);
  add_money (builder, "refunds_total", profile->refunds_total, profile->currency);
  add_time (builder, "first_order", profile->first_order);
  add_time (builder, "last_order", profile->last_order);
  add_int (builder, "usual_gap_days", profile->usual_gap_days);
  add_string (builder, "segment", profile->segment > 0 ? sk_rfm_segment_get_id (profile->segment) : "");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "also_known_as");
  json_builder_begin_array (builder);
  for (guint i = 0; i < care->aliases->len; i++)
    {
      const SkCustomerAlias *alias = g_ptr_array_index (care->aliases, i);

      json_builder_begin_object (builder);
      add_string (builder, "email", alias->email);
      add_time (builder, "merged_at", alias->linked_at);
      add_string (builder, "merged_by", alias->linked_by);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < care->tags->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (care->tags, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "marketing_consent");
  json_builder_begin_object (builder);
  add_string (builder, "state", care->consent == SK_CONSENT_SUBSCRIBED ? "subscribed"
                                : care->consent == SK_CONSENT_UNSUBSCRIBED ? "unsubscribed"
                                : "never-asked");
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < care->consent_history->len; i++)
    {
      const SkConsentRecord *record = g_ptr_array_index (care->consent_history, i);

      json_builder_begin_object (builder);
      add_string (builder, "email", record->email);
      add_string (builder, "state", record->state == SK_CONSENT_SUBSCRIBED ? "subscribed" : "unsubscribed");
      add_int (builder, "source", record->source);
      add_string (builder, "source_label", sk_consent_source_get_label (record->source));
      add_string (builder, "wording", record->wording);
      add_time (builder, "recorded_at", record->recorded_at);
      add_string (builder, "recorded_by", record->recorded_by);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "staff_notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < care->notes->len; i++)
    {
      const SkCustomerNote *note = g_ptr_array_index (care->notes, i);

      json_builder_begin_object (builder);
      add_time (builder, "date", note->created_at);
      add_string (builder, "author", note->author);
      add_string (builder, "note", note->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* Every message exchanged, under any of their addresses. */
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint a = 0; a <= care->aliases->len; a++)
    {
      const char *email = a == 0 ? profile->email
                                 : ((SkCustomerAlias *) g_ptr_array_index (care->aliases, a - 1))->email;
      g_autoptr(GPtrArray) messages = NULL;

      if (email == NULL || *email == '\0')
        continue;

      messages = sk_messages_list_for_customer (database, email, error);
      if (messages == NULL)
        return NULL;

      for (guint i = 0; i < messages->len; i++)
        {
          const SkMessage *message = g_ptr_array_index (messages, i);

          json_builder_begin_object (builder);
          add_time (builder, "date", message->created_at);
          add_string (builder, "direction", message->direction == SK_MESSAGE_INBOUND ? "in" : "out");
          add_string (builder, "channel", message->channel);
          add_string (builder, "email", message->customer_email);
          add_string (builder, "order_number", message->order_number);
          add_string (builder, "subject", message->subject);
          add_string (builder, "body", message->body_text);
          add_string (builder, "outcome", sk_message_outcome_to_string (message->outcome));
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < profile->orders->len; i++)
    {
      const SkCustomerOrder *order = g_ptr_array_index (profile->orders, i);

      json_builder_begin_object (builder);
      add_string (builder, "number", order->number);
      add_int (builder, "id", order->remote_id);
      add_string (builder, "status", order->status);
      add_time (builder, "date_created", order->date_created);
      add_money (builder, "total", order->total, order->currency);
      add_string (builder, "currency", order->currency);
      add_money (builder, "refunded", order->refunded, order->currency);
      if (!add_order_details (database, builder, order->id, error))
        return NULL;
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* Erasure */

static gboolean
erase_order (SkDatabase  *database,
             gint64       order_id,
             GError     **error)
{
  g_autoptr(SkCachedStmt) read = NULL;
  g_autoptr(SkCachedStmt) fts_delete = NULL;
  g_autoptr(SkCachedStmt) blank = NULL;
  g_autoptr(SkCachedStmt) fts_insert = NULL;
  g_autoptr(SkCachedStmt) notes = NULL;
  g_autofree char *number = NULL;
  g_autofree char *products = NULL;
  int rc;

  read = _sk_database_prepare (database,
                               "SELECT number, customer_name, billing_email, product_names FROM orders WHERE id = ?1",
                               error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, order_id);
  rc = sqlite3_step (read);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _sk_database_set_error (database, error, rc, _("Could not erase the customer"));
      return FALSE;
    }

  /* The search index is external content: take the indexed values out
   * with the values that were indexed, then index the blanked row. */
  fts_delete = _sk_database_prepare (database,
                                     "INSERT INTO orders_fts (orders_fts, rowid, number, customer_name,"
                                     " billing_email, product_names) VALUES ('delete', ?1, ?2, ?3, ?4, ?5)",
                                     error);
  if (fts_delete == NULL)
    return FALSE;
  sqlite3_bind_int64 (fts_delete, 1, order_id);
  sqlite3_bind_value (fts_delete, 2, sqlite3_column_value (read, 0));
  sqlite3_bind_value (fts_delete, 3, sqlite3_column_value (read, 1));
  sqlite3_bind_value (fts_delete, 4, sqlite3_column_value (read, 2));
  sqlite3_bind_value (fts_delete, 5, sqlite3_column_value (read, 3));
  number = g_strdup (_sk_database_column_text (read, 0));
  products = g_strdup (_sk_database_column_text (read, 3));
  if (sqlite3_step (fts_delete) != SQLITE_DONE)
    goto fail;
  g_clear_pointer (&read, _sk_cached_stmt_release);

  /* Country and state stay: the books need them for tax. The content hash
   * stays too, so the next sync does not write the store's copy back
   * over an order that has not changed there. */
  blank = _sk_database_prepare (database,
                                "UPDATE orders SET"
                                " billing_first_name = '', billing_last_name = '', billing_company = '',"
                                " billing_address_1 = '', billing_address_2 = '', billing_city = '',"
                                " billing_postcode = '', billing_email = '', billing_phone = '',"
                                " shipping_first_name = '', shipping_last_name = '', shipping_company = '',"
                                " shipping_address_1 = '', shipping_address_2 = '', shipping_city = '',"
                                " shipping_postcode = '', shipping_email = '', shipping_phone = '',"
                                " customer_note = '', customer_name = ?2"
                                " WHERE id = ?1",
                                error);
  if (blank == NULL)
    return FALSE;
  sqlite3_bind_int64 (blank, 1, order_id);
  _sk_database_bind_text (blank, 2, _("Erased customer"));
  if (sqlite3_step (blank) != SQLITE_DONE)
    goto fail;

  fts_insert = _sk_database_prepare (database,
                                     "INSERT INTO orders_fts (rowid, number, customer_name, billing_email,"
                                     " product_names) VALUES (?1, ?2, ?3, '', ?4)",
                                     error);
  if (fts_insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (fts_insert, 1, order_id);
  _sk_database_bind_text (fts_insert, 2, number);
  _sk_database_bind_text (fts_insert, 3, _("Erased customer"));
  _sk_database_bind_text (fts_insert, 4, products);
  if (sqlite3_step (fts_insert) != SQLITE_DONE)
    goto fail;

  /* Return requests on the order stay for the books, without the person
   * (what they said is theirs too). */
  {
    g_autoptr(SkCachedStmt) requests = NULL;

    requests = _sk_database_prepare (database,
                                     "UPDATE refund_requests SET customer_email = '', customer_name = ?2,"
                                     " reason_text = '' WHERE order_id = ?1",
                                     error);
    if (requests == NULL)
      return FALSE;
    sqlite3_bind_int64 (requests, 1, order_id);
    _sk_database_bind_text (requests, 2, _("Erased customer"));
    if (sqlite3_step (requests) != SQLITE_DONE)
      goto fail;
  }

  /* What was written to the customer (greetings by name, addresses) goes;
   * the shop's own notes on the order stay. */
  notes = _sk_database_prepare (database,
                                "DELETE FROM order_notes WHERE order_id = ?1 AND customer_note = 1",
                                error);
  if (notes == NULL)
    return FALSE;
  sqlite3_bind_int64 (notes, 1, order_id);
  if (sqlite3_step (notes) != SQLITE_DONE)
    goto fail;

  return TRUE;

fail:
  _sk_database_set_error (database, error, sqlite3_errcode (_sk_database_get_handle (database)),
                          _("Could not erase the customer"));
  return FALSE;
}

static gboolean
exec_bound (SkDatabase  *database,
            const char  *sql,
            gint64       value,
            const char  *text,
            GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = _sk_database_prepare (database, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, value);
  if (text != NULL)
    _sk_database_bind_text (stmt, 2, text);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, sqlite3_errcode (_sk_database_get_handle (database)),
                              _("Could not erase the customer"));
      return FALSE;
    }

  return TRUE;
}

gboolean
sk_export_erase_customer (SkDatabase  *database,
                          gint64       profile_id,
                          GError     **error)
{
  g_autoptr(SkCachedStmt) stmt = NULL;
  g_autoptr(SkCachedStmt) open_erasure = NULL;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gint64 *order_ids = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *details = NULL;
  g_autofree char *erased_key = NULL;
  gsize n_orders = 0;
  gint64 store_id, remote_id, ref;
  gint64 now = sk_time_now_utc ();
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SK_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = _sk_database_get_handle (database);
  g_return_val_if_fail (sqlite3_get_autocommit (db), FALSE);

  /* Freed pages are overwritten with zeros, so the erased values do not
   * linger in free space of the file (or of its WAL). */
  if (!_sk_database_exec (database, "PRAGMA secure_delete = ON", _("Could not erase the customer"), error))
    return FALSE;

  if (!_sk_database_begin (database, error))
    goto restore;

  stmt = _sk_database_prepare (database,
                               "SELECT store_id, email_key, email, customer_remote_id, order_ids"
                               "  FROM customer_profiles WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND,
                             _("This customer is no longer in the shop’s data."));
      else
        _sk_database_set_error (database, error, rc, _("Could not erase the customer"));
      goto out;
    }
  store_id = sqlite3_column_int64 (stmt, 0);
  remote_id = sqlite3_column_int64 (stmt, 3);
  n_orders = (gsize) sqlite3_column_bytes (stmt, 4) / sizeof (gint64);
  order_ids = g_memdup2 (sqlite3_column_blob (stmt, 4), n_orders * sizeof (gint64));
  g_clear_pointer (&stmt, _sk_cached_stmt_release);

  /* The person's ref (made now if nothing was kept: the audit entry
   * needs a number to name) and those of every address merged into it. */
  ref = sk_customer_care_lookup_ref (database, profile_id, error);
  if (ref < 0)
    goto out;
  if (ref == 0)
    {
      if (!exec_bound (database,
                       "INSERT INTO customer_refs (store_id, email_key, email)"
                       " SELECT store_id, email_key, email FROM customer_profiles WHERE id = ?1",
                       profile_id, NULL, error))
        goto out;
      ref = sqlite3_last_insert_rowid (db);
    }
  g_array_append_val (refs, ref);

  stmt = _sk_database_prepare (database, "SELECT alias_ref FROM customer_links WHERE primary_ref = ?1", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, ref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 alias = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (refs, alias);
    }
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  if (rc != SQLITE_DONE)
    {
      _sk_database_set_error (database, error, rc, _("Could not erase the customer"));
      goto out;
    }

  /* Open the one-shot erasures that let the append-only tables go, delete,
   * close them (see 010-customer-care.sql). */
  for (guint i = 0; i < refs->len; i++)
    {
      gint64 r = g_array_index (refs, gint64, i);

      open_erasure = _sk_database_prepare (database,
                                           "INSERT INTO customer_erasures (ref_id, started_at, actor)"
                                           " VALUES (?1, ?2, ?3)",
                                           error);
      if (open_erasure == NULL)
        goto out;
      sqlite3_bind_int64 (open_erasure, 1, r);
      sqlite3_bind_int64 (open_erasure, 2, now);
      _sk_database_bind_text (open_erasure, 3, sk_database_get_actor (database));
      rc = sqlite3_step (open_erasure);
      g_clear_pointer (&open_erasure, _sk_cached_stmt_release);
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not erase the customer"));
          goto out;
        }

      g_free (erased_key);
      erased_key = g_strdup_printf ("erased:%" G_GINT64_FORMAT, r);

      /* The message log, while the ref still holds the address: events
       * first (they point at their message). */
      if (!exec_bound (database,
                       "DELETE FROM message_events WHERE message_id IN"
                       " (SELECT m.id FROM messages AS m JOIN customer_refs AS r ON r.store_id = m.store_id"
                       "   WHERE r.id = ?1 AND m.customer_email = r.email_key COLLATE NOCASE)",
                       r, NULL, error) ||
          !exec_bound (database,
                       "DELETE FROM messages WHERE id IN"
                       " (SELECT m.id FROM messages AS m JOIN customer_refs AS r ON r.store_id = m.store_id"
                       "   WHERE r.id = ?1 AND m.customer_email = r.email_key COLLATE NOCASE)",
                       r, NULL, error))
        goto out;

      if (!exec_bound (database, "DELETE FROM customer_notes WHERE ref_id = ?1", r, NULL, error) ||
          !exec_bound (database, "DELETE FROM customer_consent WHERE ref_id = ?1", r, NULL, error) ||
          !exec_bound (database, "DELETE FROM customer_tags WHERE ref_id = ?1", r, NULL, error) ||
          !exec_bound (database, "DELETE FROM customer_links WHERE alias_ref = ?1 OR primary_ref = ?1",
                       r, NULL, error) ||
          !exec_bound (database, "UPDATE customer_refs SET email_key = ?2, email = '' WHERE id = ?1",
                       r, erased_key, error) ||
          !exec_bound (database,
                       "UPDATE customer_erasures SET finished_at = max (started_at, 1)"
                       " WHERE ref_id = ?1 AND finished_at = 0",
                       r, NULL, error))
        goto out;
    }

  for (gsize i = 0; i < n_orders; i++)
    if (!erase_order (database, GINT64_FROM_LE (order_ids[i]), error))
      goto out;

  if (remote_id > 0)
    {
      stmt = _sk_database_prepare (database,
                                   "UPDATE customers SET email = '', first_name = '', last_name = '', username = '',"
                                   " billing_first_name = '', billing_last_name = '', billing_company = '',"
                                   " billing_address_1 = '', billing_address_2 = '', billing_city = '',"
                                   " billing_postcode = '', billing_email = '', billing_phone = '',"
                                   " shipping_first_name = '', shipping_last_name = '', shipping_company = '',"
                                   " shipping_address_1 = '', shipping_address_2 = '', shipping_city = '',"
                                   " shipping_postcode = '', shipping_email = '', shipping_phone = ''"
                                   " WHERE store_id = ?1 AND remote_id = ?3",
                                   error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, store_id);
      sqlite3_bind_int64 (stmt, 3, remote_id);
      rc = sqlite3_step (stmt);
      g_clear_pointer (&stmt, _sk_cached_stmt_release);
      if (rc != SQLITE_DONE)
        {
          _sk_database_set_error (database, error, rc, _("Could not erase the customer"));
          goto out;
        }
    }

  /* The derived profile goes now, not at the next refresh. */
  if (!exec_bound (database, "DELETE FROM customer_profiles WHERE id = ?1", profile_id, NULL, error))
    goto out;

  subject = g_strdup_printf ("customer #%" G_GINT64_FORMAT, ref);
  details = g_strdup_printf ("%zu orders anonymised, %u addresses erased", n_orders, refs->len);
  if (!_sk_database_append_audit_at (database, now, sk_database_get_actor (database),
                                     "customer.erased", subject, details, error))
    goto out;

  ok = _sk_database_commit (database, error);

out:
  g_clear_pointer (&stmt, _sk_cached_stmt_release);
  if (!ok)
    _sk_database_rollback (database);

  if (ok)
    {
      g_autoptr(GError) local_error = NULL;

      /* FTS5 keeps deleted terms in older segments until they are merged:
       * merging everything into one segment drops them. Then the WAL,
       * which still holds the old pages, is written back and emptied. A
       * failure here leaves the erasure done but bytes behind: say so. */
      if (!_sk_database_exec (database, "INSERT INTO orders_fts (orders_fts) VALUES ('optimize')",
                              _("Could not clean the search index"), &local_error))
        g_warning ("Erased, but the search index still holds old terms: %s", local_error->message);
      else if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
        /* A reader still uses old pages (the window's connection): they
         * go at the next checkpoint, when it lets go. */
        g_debug ("WAL not emptied after the erasure: %s", sqlite3_errmsg (db));
    }

restore:
  _sk_database_exec (database, "PRAGMA secure_delete = OFF", _("Could not erase the customer"), NULL);

  return ok;
}
