/* sk-window.h — the main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sk-types.h"

G_BEGIN_DECLS

#define SK_TYPE_WINDOW (sk_window_get_type ())
G_DECLARE_FINAL_TYPE (SkWindow, sk_window, SK, WINDOW, AdwApplicationWindow)

SkWindow   *sk_window_new             (GtkApplication *application,
                                       SkContext      *context);
SkContext  *sk_window_get_context     (SkWindow       *self);
/* The orders area (a SkOrdersPage). */
GtkWidget  *sk_window_get_orders_page (SkWindow       *self);
/* The area shown: "dashboard", "orders", "customers" or "refunds". */
const char *sk_window_get_area        (SkWindow       *self);
/* The returns area (a SkRefundsPage). */
GtkWidget  *sk_window_get_refunds_page (SkWindow      *self);
/* Shows the returns area with request @request_id selected. */
void        sk_window_show_refund_request (SkWindow   *self,
                                       gint64          request_id);
/* Starts a sync unless one is running or no store is configured. */
void        sk_window_sync            (SkWindow       *self);
/* Shows @message in a toast. */
void        sk_window_show_error      (SkWindow       *self,
                                       const char     *message);
/* Shows @message in a toast that times out, as news rather than an error. */
void        sk_window_show_message    (SkWindow       *self,
                                       const char     *message);

/* Points the window's shop at the store @url (credentials already checked
 * and in the keyring) and syncs it. A demo window hands over to a new
 * window with the real shop's data, never mixing the two. */
void        sk_window_use_store       (SkWindow       *self,
                                       const char     *url,
                                       const char     *user,
                                       const char     *secret);
/* Connects to the store set up before at @url with the keys the keyring
 * (or the environment) has for it; without them, shows the first-run form
 * with the address filled in and says why. */
void        sk_window_connect_stored  (SkWindow       *self,
                                       const char     *url);
/* Stops syncing the current store (its keys and address are forgotten by
 * the caller) and shows the first-run form. The local copy stays. */
void        sk_window_forget_store    (SkWindow       *self);
/* The first-run form, for a stored address whose keys are gone. */
void        sk_window_show_setup      (SkWindow       *self,
                                       const char     *url,
                                       const char     *message);

G_END_DECLS
