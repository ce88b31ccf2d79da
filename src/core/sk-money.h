/* sk-money.h — exact money: integer minor units plus an ISO 4217 code.
 *
 * No floating point anywhere money flows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_MONEY_ERROR (sk_money_error_quark ())

typedef enum
{
  SK_MONEY_ERROR_INVALID,   /* not a decimal amount ("", "abc", "1,5", "1e3", "--1") */
  SK_MONEY_ERROR_PRECISION, /* more significant decimals than the currency has ("1.234" in EUR) */
  SK_MONEY_ERROR_OVERFLOW,  /* does not fit in a gint64 of minor units */
  SK_MONEY_ERROR_CURRENCY,  /* not a three-letter currency code */
} SkMoneyError;

GQuark    sk_money_error_quark        (void);

/* Number of decimals (minor unit exponent) of an ISO 4217 currency:
 * 0 for JPY, KRW, ISK..., 3 for BHD, KWD, OMR, JOD, TND, LYD, IQD, 2 otherwise. */
guint     sk_money_currency_decimals  (const char  *currency);

/* TRUE if @currency is three ASCII upper-case letters. */
gboolean  sk_money_currency_is_valid  (const char  *currency);

/* Parses a store amount such as "24.90", "-3.5", "0", "1200" or "12.345"
 * exactly into minor units of a currency with @decimals decimals.
 * Trailing zeros beyond @decimals are accepted ("24.9000" → 2490); any other
 * extra digit is SK_MONEY_ERROR_PRECISION. Leading/trailing ASCII spaces are
 * ignored; an optional leading '-' or '+'. Overflow of gint64 is an error. */
gboolean  sk_money_parse              (const char  *text,
                                       guint        decimals,
                                       gint64      *out_minor,
                                       GError     **error);

/* Like sk_money_parse() but rounds extra decimals half away from zero
 * ("18.181818" → 1818). For line-item values some stores send with more
 * precision than the currency has. */
gboolean  sk_money_parse_rounded      (const char  *text,
                                       guint        decimals,
                                       gint64      *out_minor,
                                       GError     **error);

/* "24.90" for 2490 with 2 decimals, "-0.05", "1200", "12.345".
 * Locale-independent: the form the store API takes. */
char     *sk_money_to_api_string      (gint64       minor,
                                       guint        decimals);

/* Formats for the user's locale (LC_MONETARY/LC_NUMERIC separators and
 * symbol placement), with the currency's symbol where well known
 * ("€", "$", "£", "¥"…) or its code: "€1,234.50" (en_US), "1.234,50 €" (de_DE). */
char     *sk_money_format             (gint64       minor,
                                       const char  *currency);

/* Checked arithmetic: FALSE on overflow, *out untouched. */
gboolean  sk_money_add                (gint64       a,
                                       gint64       b,
                                       gint64      *out);
gboolean  sk_money_mul                (gint64       a,
                                       gint64       b,
                                       gint64      *out);

G_END_DECLS
