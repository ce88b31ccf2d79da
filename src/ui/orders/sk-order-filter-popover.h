/* sk-order-filter-popover.h — the orders area's filters beyond search and
 * status: when the order was placed, payment method, product, customer
 * e-mail, and the orders that need attention (the order desk's kinds).
 *
 * The popover only edits; sk_order_filter_popover_apply () writes its
 * parts into an SkOrderFilter. "changed" is emitted when the user changes
 * any of them (not when set from code).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"
#include "sk-order-filter.h"

G_BEGIN_DECLS

typedef enum
{
  SK_DATE_PRESET_ANY = 0,
  SK_DATE_PRESET_TODAY,
  SK_DATE_PRESET_LAST_7_DAYS,
  SK_DATE_PRESET_LAST_30_DAYS,
  SK_DATE_PRESET_THIS_MONTH,
  SK_DATE_PRESET_LAST_MONTH,
  SK_DATE_PRESET_THIS_YEAR,
  SK_DATE_PRESET_CUSTOM,
} SkDatePreset;

#define SK_DATE_PRESET_LAST SK_DATE_PRESET_CUSTOM

/* The local days @preset covers when today is @today: *@first … *@last,
 * both included. FALSE for ANY and CUSTOM (no days of their own). */
gboolean     sk_date_preset_resolve          (SkDatePreset  preset,
                                              const GDate  *today,
                                              GDate        *first,
                                              GDate        *last);
/* A stable name for saved views ("last-30-days"), and back (-1 if unknown). */
const char  *sk_date_preset_to_string        (SkDatePreset  preset);
int          sk_date_preset_from_string      (const char   *name);

#define SK_TYPE_ORDER_FILTER_POPOVER (sk_order_filter_popover_get_type ())
G_DECLARE_FINAL_TYPE (SkOrderFilterPopover, sk_order_filter_popover, SK, ORDER_FILTER_POPOVER, GtkPopover)

GtkWidget   *sk_order_filter_popover_new     (void);
/* Where the payment methods and products come from; the methods are read
 * when the popover first opens, and again after sk_order_filter_popover_reload (). */
void         sk_order_filter_popover_set_database (SkOrderFilterPopover *self,
                                                   SkDatabase           *database);
/* The data changed (a sync): the payment methods are read again the next
 * time the popover opens. */
void         sk_order_filter_popover_reload  (SkOrderFilterPopover *self);
/* Writes dates, payment method, product and e-mail into @filter. */
void         sk_order_filter_popover_apply   (SkOrderFilterPopover *self,
                                              SkOrderFilter        *filter);
/* Back to "any" everywhere (no "changed"). */
void         sk_order_filter_popover_clear   (SkOrderFilterPopover *self);

/* For saved views and tests; none of them emits "changed". */
SkDatePreset sk_order_filter_popover_get_dates (SkOrderFilterPopover *self,
                                                GDate                *first,
                                                GDate                *last);
void         sk_order_filter_popover_set_dates (SkOrderFilterPopover *self,
                                                SkDatePreset          preset,
                                                const GDate          *first,
                                                const GDate          *last);
void         sk_order_filter_popover_set_payment_method (SkOrderFilterPopover *self,
                                                         const char           *slug);
void         sk_order_filter_popover_set_product (SkOrderFilterPopover *self,
                                                  gint64                product_remote_id,
                                                  const char           *name);
void         sk_order_filter_popover_set_customer_email (SkOrderFilterPopover *self,
                                                         const char           *email);
/* The "needs attention" kinds ticked (an SkAttention mask, 0: any order). */
guint        sk_order_filter_popover_get_attention (SkOrderFilterPopover *self);
void         sk_order_filter_popover_set_attention (SkOrderFilterPopover *self,
                                                    guint                 mask);

G_END_DECLS
