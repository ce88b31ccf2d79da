/* sk-orders-page-private.h — the orders page's struct and the helpers
 * its sibling files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-orders-page.h"
#include "sk-follow-ups-panel.h"
#include "sk-order-filter-popover.h"
#include "sk-order-list.h"

G_BEGIN_DECLS

struct _SkOrdersPage
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkStringList      *status_labels;
  AdwLeaflet         *leaflet;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *date_column;
  GtkMultiSelection  *selection;
  GtkMenuButton      *filter_button;
  GtkLabel           *filter_label;
  SkOrderFilterPopover *filter_popover;
  GMenu              *views_section;
  GMenu              *bulk_status_section;
  GtkRevealer        *selection_revealer;
  GtkRevealer        *follow_ups_revealer;
  GtkLabel           *follow_ups_label;
  GtkPopover         *follow_ups_popover;
  /* H2's to-do list, made once the page is in a window with a context. */
  SkFollowUpsPanel   *follow_ups;
  GtkLabel           *selection_label;
  AdwStatusPage      *error_page;
  GtkLabel           *count_label;
  GtkRevealer        *details_back_revealer;
  SkOrderDetailsView *details_view;

  /* owned references */
  SkDatabase         *database;
  SkOrderList        *orders;
  /* The slugs behind the status drop-down's rows 1…n (row 0 is "All"). */
  GStrv               status_slugs;
  /* The saved views (SkSavedView) and the one last applied, if any. */
  GPtrArray          *saved_views;
  char               *active_view;

  /* Below COMPACT_WIDTH a list of two-line rows stands in for the table
   * (same selection model), so number, customer, status and total all fit
   * a phone-sized window. Switched in an idle: not while being allocated. */
  guint               compact_idle_id;
  guint               compact : 1;

  /* Set while the page changes the drop-down or the selection itself, so
   * the change handlers do not re-query. */
  guint               updating : 1;
  /* Tearing the widgets down emits selection, sorter and leaflet
   * notifications: none of them may re-query or touch cleared pointers. */
  guint               disposed : 1;
  /* An activated row waits for the details to be shown to focus them. */
  guint               focus_details : 1;

  /* The CSV export running, if any (sk-orders-page-export.c). */
  GCancellable       *export_cancellable;
};

/* A toast in the window (a log message without one). */
void     _sk_orders_page_show_message   (SkOrdersPage *self,
                                         const char   *message);
/* Which page the stack shows, the count under the table, the bar. */
void     _sk_orders_page_update_state   (SkOrdersPage *self);

/* sk-orders-page-export.c */
void     _sk_orders_page_export_class_init (GtkWidgetClass *widget_class);
void     _sk_orders_page_export_dispose (SkOrdersPage  *self);
void     _sk_orders_page_export_update_actions (SkOrdersPage *self);

G_END_DECLS
