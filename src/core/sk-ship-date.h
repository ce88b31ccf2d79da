/* sk-ship-date.h — the shop's shipping promise: when an order will leave.
 *
 * A pure rule, no I/O. Given when an order was placed (Unix seconds UTC)
 * and the shop's settings, it names the local day the order is promised
 * to ship on:
 *
 *  - the shop works on the days of @working_days (a mask of
 *    SkWeekdayFlags, Monday to Friday by default) except @holidays;
 *  - an order placed on a working day up to the cut-off (local time,
 *    minutes after midnight; the cut-off minute itself still counts, an
 *    order at 14:00:59 with a 14:00 cut-off is "after") starts on that day;
 *    one placed later, or on a day the shop does not work, starts on the
 *    next working day;
 *  - it ships @handling_days working days after the day it starts on
 *    (0: on that day).
 *
 * The promise is a local date; for comparisons it is also given as the
 * last second of that local day in UTC, so "late" is simply
 * now > end_utc, whatever the time zone and daylight saving time do.
 *
 * Settings that make no sense (negative days, no working day at all,
 * holidays covering every working day for years) are refused with
 * SK_SHIP_DATE_ERROR_INVALID instead of looping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_SHIP_DATE_ERROR (sk_ship_date_error_quark ())

typedef enum
{
  SK_SHIP_DATE_ERROR_INVALID,
} SkShipDateError;

/* Days of the week as bits; values stored in the shop's settings, never
 * renumber them. */
typedef enum
{
  SK_WEEKDAY_MONDAY    = 1 << 0,
  SK_WEEKDAY_TUESDAY   = 1 << 1,
  SK_WEEKDAY_WEDNESDAY = 1 << 2,
  SK_WEEKDAY_THURSDAY  = 1 << 3,
  SK_WEEKDAY_FRIDAY    = 1 << 4,
  SK_WEEKDAY_SATURDAY  = 1 << 5,
  SK_WEEKDAY_SUNDAY    = 1 << 6,
} SkWeekdayFlags;

#define SK_WEEKDAYS_ALL           0x7f
#define SK_SHIP_DEFAULT_WORKING_DAYS   (SK_WEEKDAY_MONDAY | SK_WEEKDAY_TUESDAY | SK_WEEKDAY_WEDNESDAY | \
                                        SK_WEEKDAY_THURSDAY | SK_WEEKDAY_FRIDAY)
#define SK_SHIP_DEFAULT_HANDLING_DAYS  2
#define SK_SHIP_DEFAULT_CUTOFF_MINUTES (14 * 60)
/* Bounds of the settings accepted. */
#define SK_SHIP_MAX_HANDLING_DAYS      365
#define SK_SHIP_MAX_CUTOFF_MINUTES     (24 * 60)  /* 24:00: every order of the day counts */
#define SK_SHIP_MAX_HOLIDAYS           1000

typedef struct _SkShipRule SkShipRule;

/* The rule's settings. Fields may be set directly; sk_ship_date_compute ()
 * checks them every time. */
struct _SkShipRule
{
  GTimeZone *time_zone;      /* owned; NULL: the local time zone */
  int        handling_days;  /* working days, 0 ... SK_SHIP_MAX_HANDLING_DAYS */
  int        cutoff_minutes; /* after local midnight, 0 ... SK_SHIP_MAX_CUTOFF_MINUTES */
  guint      working_days;   /* SkWeekdayFlags */
  GArray    *holidays;       /* guint32 Julian day numbers (GDate), sorted, unique */
};

/* The promise: a local date and the last second of that day, UTC. */
typedef struct
{
  GDate  date;
  gint64 end_utc;
} SkShipDate;

GQuark      sk_ship_date_error_quark       (void);

/* A rule with the defaults: 2 handling days, 14:00 cut-off, Monday to
 * Friday, no holidays, local time zone. */
SkShipRule *sk_ship_rule_new               (void);
SkShipRule *sk_ship_rule_copy              (const SkShipRule *rule);
void        sk_ship_rule_free              (SkShipRule       *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkShipRule, sk_ship_rule_free)

/* Replaces the time zone (@time_zone is referenced; NULL: local). */
void        sk_ship_rule_set_time_zone     (SkShipRule       *rule,
                                            GTimeZone        *time_zone);
/* The rule's zone, or the local one; never NULL. Owned by @rule. */
GTimeZone  *sk_ship_rule_get_time_zone     (SkShipRule       *rule);

/* Adds one holiday (idempotent). FALSE if @date is not valid or there are
 * too many holidays already. */
gboolean    sk_ship_rule_add_holiday       (SkShipRule       *rule,
                                            const GDate      *date,
                                            GError          **error);
gboolean    sk_ship_rule_remove_holiday    (SkShipRule       *rule,
                                            const GDate      *date);
gboolean    sk_ship_rule_is_holiday        (const SkShipRule *rule,
                                            const GDate      *date);
/* TRUE if the shop works on @date (a working weekday, not a holiday). */
gboolean    sk_ship_rule_is_working_day    (const SkShipRule *rule,
                                            const GDate      *date);

/* Holidays as the shop's settings keep them: ISO dates separated by
 * commas ("2026-12-24,2026-12-25"); spaces around them are allowed, an
 * empty text is no holidays. On error the rule is unchanged. */
gboolean    sk_ship_rule_set_holidays_text (SkShipRule       *rule,
                                            const char       *text,
                                            GError          **error);
char       *sk_ship_rule_get_holidays_text (const SkShipRule *rule);

/* Parses one strict ISO date "YYYY-MM-DD". */
gboolean    sk_ship_date_parse_iso         (const char       *text,
                                            GDate            *out_date,
                                            GError          **error);
/* "YYYY-MM-DD". */
char       *sk_ship_date_format_iso        (const GDate      *date);

/* FALSE with SK_SHIP_DATE_ERROR_INVALID and a sentence for the user when
 * a setting is out of range or no working day is left. */
gboolean    sk_ship_rule_validate          (const SkShipRule *rule,
                                            GError          **error);

/* The promised ship date of an order placed at @created_utc. */
gboolean    sk_ship_date_compute           (SkShipRule       *rule,
                                            gint64            created_utc,
                                            SkShipDate       *out_date,
                                            GError          **error);

/* The last second of local day @date in @time_zone, UTC (the instant a
 * promise for that day is broken after). Handles days of 23 and 25 hours
 * and days whose midnight does not exist. */
gint64      sk_ship_date_end_of_day        (GTimeZone        *time_zone,
                                            const GDate      *date);
/* The local date of @unix_utc in @time_zone. */
void        sk_ship_date_local_date        (GTimeZone        *time_zone,
                                            gint64            unix_utc,
                                            GDate            *out_date);

G_END_DECLS
