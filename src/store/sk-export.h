/* sk-export.h — what leaves the database: CSV of customers and orders, one
 * customer's data as JSON, and erasing a customer.
 *
 * CSV follows RFC 4180 (comma, CRLF, fields with a comma, quote or line
 * break in double quotes, quotes doubled), UTF-8 with a byte order mark so
 * spreadsheets (LibreOffice, Excel) read it as UTF-8 without asking; a
 * header row; dates "YYYY-MM-DD HH:MM:SS" in local time (ISO 8601, which
 * spreadsheets recognise as dates); money as a plain decimal from the
 * integer minor units (never through floating point) next to a currency
 * column. Text that a spreadsheet would run as a formula (starting with
 * "=", "+", "-", "@", a tab or a carriage return) gets a leading "'".
 *
 * Use on the database's thread; the _async variants open their own
 * read-only connection on a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-customers.h"
#include "sk-database.h"
#include "sk-order-filter.h"

G_BEGIN_DECLS

/* Called every few thousand rows, on the caller's thread. */
typedef void (*SkExportProgressFunc) (guint64  done,
                                      guint64  total,
                                      gpointer user_data);

/* Appends @text to @line as one CSV field (quoted and neutralised as
 * above); @is_text FALSE for numbers and dates this module formatted. */
void      sk_export_append_csv_field  (GString     *line,
                                       const char  *text,
                                       gboolean     is_text);

gboolean  sk_export_customers_csv     (SkDatabase              *database,
                                       const SkCustomerFilter  *filter,
                                       GOutputStream           *output,
                                       SkExportProgressFunc     progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

/* The orders of the orders page's @filter (NULL: all), newest first. */
gboolean  sk_export_orders_csv        (SkDatabase                 *database,
                                       const SkOrderFilter        *filter,
                                       GOutputStream              *output,
                                       SkExportProgressFunc        progress,
                                       gpointer                    progress_data,
                                       GCancellable               *cancellable,
                                       GError                    **error);

typedef enum
{
  SK_EXPORT_CUSTOMERS,
  SK_EXPORT_ORDERS,
} SkExportKind;

/* Writes the CSV to @file (replaced atomically: a cancelled or failed
 * export leaves no half file) from a read-only connection to the database
 * at @database_path, on a worker thread. The filter's strings are copied. */
void      sk_export_csv_async         (const char                 *database_path,
                                       SkExportKind                kind,
                                       const SkCustomerFilter     *customers,
                                       const SkOrderFilter        *orders,
                                       GFile                      *file,
                                       SkExportProgressFunc        progress,
                                       gpointer                    progress_data,
                                       GCancellable               *cancellable,
                                       GAsyncReadyCallback         callback,
                                       gpointer                    user_data);
gboolean  sk_export_csv_finish        (GAsyncResult               *result,
                                       guint64                    *out_rows,
                                       GError                    **error);

/* Everything held about one customer (profile, addresses, orders with
 * items and notes, staff notes, tags, consent history, merged addresses)
 * as pretty-printed JSON. */
char     *sk_export_customer_json     (SkDatabase  *database,
                                       gint64       profile_id,
                                       GError     **error);

/* Erases a customer locally (needs a writable connection): their orders
 * stay for the books with every personal field (names, company,
 * addresses, e-mail, phone, the customer's checkout note) blanked and the
 * customer name set to "Erased customer"; notes to the customer on those
 * orders, staff notes, consent records, tags and merges are deleted; the
 * account row (registered customers) is blanked; the search index is
 * rewritten and old pages are zeroed (secure_delete) so no byte of the
 * person stays in the file; an audit entry names the actor and the
 * customer's ref number only. The store keeps its own copy: a later sync
 * brings back whatever the store changes, so erase there too (WooCommerce:
 * Tools → Erase Personal Data).
 *
 * Whether the actor may do this (owner only) is the caller's to check. */
gboolean  sk_export_erase_customer    (SkDatabase  *database,
                                       gint64       profile_id,
                                       GError     **error);

G_END_DECLS
