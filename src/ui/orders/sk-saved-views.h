/* sk-saved-views.h — named filters and sorts of the orders area.
 *
 * Kept in the shop's settings (sk-shop-settings.h) under
 * SK_SAVED_VIEWS_KEY as JSON, not in GSettings: a view names statuses,
 * payment methods and products of this shop's data, and the desk's
 * working lists ("Awaiting shipment, PayPal") are shared by everyone who
 * works at it, like the rest of the shop's settings. Dates are kept as a
 * preset ("last-7-days", relative to the day the view is used) or as two
 * calendar days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-order-filter-popover.h"

G_BEGIN_DECLS

#define SK_SAVED_VIEWS_KEY       "orders.saved-views"
#define SK_SAVED_VIEWS_MAX       50
#define SK_SAVED_VIEW_MAX_NAME   80   /* characters */

typedef struct
{
  char         *name;
  char         *search;
  char         *status;
  SkDatePreset  date_preset;
  GDate         first;             /* SK_DATE_PRESET_CUSTOM only */
  GDate         last;
  char         *payment_method;
  gint64        product_remote_id;
  char         *product_name;      /* as it was when saved, for the label */
  char         *customer_email;
  guint         attention;         /* SkAttention mask, 0: any */
  SkOrderSort   sort;
  gboolean      descending;
} SkSavedView;

SkSavedView *sk_saved_view_new         (const char        *name);
SkSavedView *sk_saved_view_copy        (const SkSavedView *view);
void         sk_saved_view_free        (SkSavedView       *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSavedView, sk_saved_view_free)

/* The views (SkSavedView), in the order they were saved. Entries that
 * cannot be read are skipped (and logged), so one damaged view never
 * hides the others; text that is not JSON at all is an error. */
GPtrArray   *sk_saved_views_from_json  (const char        *json,
                                        GError           **error);
char        *sk_saved_views_to_json    (GPtrArray         *views);

/* Reads them from @database (any connection); none saved: empty. */
GPtrArray   *sk_saved_views_load       (SkDatabase        *database,
                                        GError           **error);
/* Adds @view, or replaces the one with the same name (names compare
 * case-insensitively); refuses an empty or too long name and more than
 * SK_SAVED_VIEWS_MAX views with G_IO_ERROR_INVALID_ARGUMENT. Writes with
 * @writer (audited). */
gboolean     sk_saved_views_put        (SkDatabase        *writer,
                                        const SkSavedView *view,
                                        GError           **error);
gboolean     sk_saved_views_rename     (SkDatabase        *writer,
                                        const char        *name,
                                        const char        *new_name,
                                        GError           **error);
gboolean     sk_saved_views_delete     (SkDatabase        *writer,
                                        const char        *name,
                                        GError           **error);

G_END_DECLS
