/* sk-time.h — time is stored as Unix seconds in UTC; local time is for display only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TIME_ERROR (sk_time_error_quark ())

typedef enum
{
  SK_TIME_ERROR_INVALID,
} SkTimeError;

GQuark    sk_time_error_quark          (void);

/* Parses WooCommerce's "*_gmt" form "2026-03-01T14:05:09" (no zone: UTC),
 * also accepting a trailing "Z" or numeric offset and fractional seconds.
 * Returns FALSE with SK_TIME_ERROR_INVALID on anything else. */
gboolean  sk_time_parse_iso8601_utc    (const char  *text,
                                        gint64      *out_unix,
                                        GError     **error);

/* "2026-03-01T14:05:09" in UTC: the form the store API takes. */
char     *sk_time_to_iso8601_utc       (gint64       unix_utc);

/* Current time, Unix seconds UTC. */
gint64    sk_time_now_utc              (void);

/* Date in the user's locale and time zone ("%x"), e.g. "03/01/2026", "01.03.2026". */
char     *sk_time_format_date          (gint64       unix_utc);

/* Date and time in the user's locale and time zone ("%x %X" without seconds). */
char     *sk_time_format_date_time     (gint64       unix_utc);

/* Short, human relative form for "last synced": "just now", "5 minutes ago",
 * "yesterday at 14:05", otherwise the date. Translated. @now_utc is passed
 * so it can be tested. */
char     *sk_time_format_relative      (gint64       unix_utc,
                                        gint64       now_utc);

G_END_DECLS
