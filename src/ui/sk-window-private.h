/* sk-window-private.h — SkWindow's state, shared with sk-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-window.h"
#include "sk-customers-page.h"
#include "sk-dashboard-page.h"
#include "sk-orders-page.h"
#include "sk-outbox-button.h"
#include "sk-refunds-page.h"
#include "sk-staff-switcher.h"
#include "sk-store-setup.h"

G_BEGIN_DECLS

struct _SkWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *dashboard_row;
  GtkListBoxRow        *orders_row;
  GtkListBoxRow        *customers_row;
  GtkListBoxRow        *refunds_row;
  AdwWindowTitle       *content_title;
  GtkStack             *sync_stack;
  GtkSpinner           *sync_spinner;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkStack             *area_stack;
  SkDashboardPage      *dashboard_page;
  SkOrdersPage         *orders_page;
  SkCustomersPage      *customers_page;
  SkRefundsPage        *refunds_page;
  SkStaffSwitcher      *staff_switcher;
  SkStoreSetup         *store_setup;
  SkOutboxButton       *outbox_button;

  /* owned references */
  SkContext            *context;
  GSettings            *settings;
  /* Cancelled by win.cancel-sync and when the window goes away. */
  GCancellable         *sync_cancellable;

  /* the last sync error's toast, while shown (weak) */
  AdwToast             *error_toast;

  guint                 subtitle_source;
};

void _sk_window_class_actions_init (SkWindowClass *klass);
void _sk_window_actions_update     (SkWindow      *self);
void _sk_window_update_subtitle    (SkWindow      *self);
void _sk_window_show_area          (SkWindow      *self,
                                    const char    *name);

G_END_DECLS
