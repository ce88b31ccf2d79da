/* store-test-helpers.h — records and database dumps for the store/ tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-database.h"
#include "sk-records.h"

G_BEGIN_DECLS

/* An order with a billing name and e-mail and one item per name in
 * @product_names (NULL-terminated), quantity 1 + index, 1000 minor units each. */
SkOrderRecord    *store_test_order_new      (gint64              remote_id,
                                             const char         *number,
                                             const char         *status,
                                             gint64              date_created,
                                             const char         *first_name,
                                             const char         *last_name,
                                             const char         *email,
                                             gint64              total,
                                             const char * const *product_names);
SkCustomerRecord *store_test_customer_new   (gint64              remote_id,
                                             const char         *first_name,
                                             const char         *last_name,
                                             const char         *email);
SkProductRecord  *store_test_product_new    (gint64              remote_id,
                                             const char         *name,
                                             gint64              price);
SkOrderNoteRecord *store_test_note_new      (gint64              remote_id,
                                             gint64              date_created,
                                             const char         *text);

/* Writes @records (of @resource) as one page through @sink; asserts success. */
void              store_test_write_page     (SkSyncSink         *sink,
                                             SkResource          resource,
                                             GPtrArray          *records,
                                             gint64              cursor);

/* Every row of every table (FTS shadow tables included) of the database
 * at @path, as text, read through a separate connection. */
char             *store_test_dump           (const char         *path);

/* Bytes of @path, or NULL if it does not exist. */
GBytes           *store_test_read_file      (const char         *path);

G_END_DECLS
