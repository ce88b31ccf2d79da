/* sk-woo-json.h — WooCommerce REST v3 JSON → core records.
 *
 * Pure functions: bytes in, records or a GError out, no I/O, no global
 * state, safe to call from any thread (the sync parses on a thread pool).
 * Every member is checked for its type before use; a page with one bad
 * record is refused whole with SK_SYNC_ERROR_MALFORMED, naming the record
 * and the field, so nothing half-understood reaches the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sk-types.h"

G_BEGIN_DECLS

/* Caps for text from the store: longer values are cut (on a character
 * boundary) rather than refused, so one silly field cannot stop a sync. */
#define SK_WOO_MAX_SHORT_TEXT   1024          /* names, e-mails, address lines, slugs */
#define SK_WOO_MAX_LONG_TEXT    (64 * 1024)   /* notes, the customer's checkout note */

/* A JSON array of orders → SkOrderRecord*. */
GPtrArray *sk_woo_json_parse_orders      (GBytes      *json,
                                          GError     **error);
/* A JSON array of customers → SkCustomerRecord*. */
GPtrArray *sk_woo_json_parse_customers   (GBytes      *json,
                                          GError     **error);
/* A JSON array of products → SkProductRecord*. Products carry no currency:
 * @currency is the store's (used for the number of decimals and copied
 * into each record); NULL or "" means unknown (2 decimals, empty code). */
GPtrArray *sk_woo_json_parse_products    (GBytes      *json,
                                          const char  *currency,
                                          GError     **error);
/* A JSON array of coupons → SkCouponRecord*. Coupons carry no currency:
 * @currency is the store's, as for products. Percentages are kept in
 * hundredths of a percent ("12.5" → 1250) whatever the currency. */
GPtrArray *sk_woo_json_parse_coupons     (GBytes      *json,
                                          const char  *currency,
                                          GError     **error);
/* A JSON array of order notes → SkOrderNoteRecord*. */
GPtrArray *sk_woo_json_parse_order_notes (GBytes      *json,
                                          GError     **error);

/* A JSON array of an order's refunds (GET orders/<id>/refunds) →
 * SkRefundRecord*, amounts in minor units of @currency (the order's). */
GPtrArray *sk_woo_json_parse_order_refunds (GBytes      *json,
                                            const char  *currency,
                                            GError     **error);

/* The store's currency from /data/currencies/current ({"code":"EUR",…})
 * or from a list of orders ([{"currency":"EUR"},…], NULL currency if the
 * list is empty). Returns FALSE with SK_SYNC_ERROR_MALFORMED on anything
 * else; on success *@out_currency is a valid code or NULL. */
gboolean   sk_woo_json_parse_currency    (GBytes      *json,
                                          char       **out_currency,
                                          GError     **error);

/* WordPress's error body {"code": "...", "message": "...", "data": {...}}:
 * returns FALSE if @json is not one. The message is cut to a readable
 * length and made valid UTF-8. */
gboolean   sk_woo_json_parse_error       (GBytes      *json,
                                          char       **out_code,
                                          char       **out_message);

G_END_DECLS
