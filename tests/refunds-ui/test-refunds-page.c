/* test-refunds-page.c — the returns area driven as a clerk and an owner
 * would, against a synced demo store: first run, a request recorded through
 * the dialog, approval above the staff limit (passphrase), a double click
 * on Approve, a denial, the policy locked for staff. Needs a display (the
 * suite runs under xvfb-run); skips without.
 *
 * With SK_TEST_SHOTS=<dir>, the windows are saved there as PNG files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-outbox.h"
#include "sk-refunds.h"
#include "sk-passphrase-dialog.h"
#include "sk-prefs-refunds-page.h"
#include "sk-refund-approve-dialog.h"
#include "sk-refund-deny-dialog.h"
#include "sk-refund-desk.h"
#include "sk-refund-request-dialog.h"
#include "sk-refunds-page.h"
#include "sk-staff-session.h"
#include "sk-staff-switcher.h"
#include "sk-sync-manager.h"
#include "sk-test-utils.h"
#include "sk-window-private.h"
#include "sk-window.h"

#define N_ORDERS   150
#define OWNER      "Olive"
#define PASSPHRASE "correct horse battery"

typedef struct
{
  char           *data_dir;
  SkDemoServer   *demo;
  SkContext      *context;
  SkWindow       *window;
  SkRefundsPage  *page;
  SkRefundDesk   *desk;
  SkStaffSession *session;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("SK_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  iterate (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  SkSyncManager *manager;
  gboolean done = FALSE;

  fixture->data_dir = sk_test_make_temp_dir ();
  fixture->demo = sk_test_start_demo (7, N_ORDERS);
  fixture->context = sk_context_new (fixture->data_dir, &error);
  g_assert_no_error (error);

  manager = sk_context_get_sync_manager (fixture->context);
  sk_sync_manager_set_store (manager,
                             sk_demo_server_get_url (fixture->demo),
                             sk_demo_server_get_key (fixture->demo),
                             sk_demo_server_get_secret (fixture->demo));
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &done);
  sk_test_wait_until (&done, 60);

  fixture->desk = sk_context_get_service (fixture->context, SK_TYPE_REFUND_DESK);
  fixture->session = sk_context_get_service (fixture->context, SK_TYPE_STAFF_SESSION);

  fixture->window = g_object_ref_sink (sk_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1300, 820);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->page = SK_REFUNDS_PAGE (sk_window_get_refunds_page (fixture->window));
  iterate (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate (50);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->context);
  sk_demo_server_stop (fixture->demo);
  g_assert_finalize_object (fixture->demo);
  sk_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

/* The first run as a user goes through it: the owner, then a clerk who
 * takes the desk. */
static void
set_up_staff (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  gint64 sam;

  dialog = sk_staff_setup_dialog_new (GTK_WINDOW (fixture->window), fixture->context);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (sk_staff_setup_dialog_submit (dialog, OWNER, PASSPHRASE, PASSPHRASE));
  iterate (50);
  g_assert_cmpstr (sk_staff_switcher_get_label (fixture->window->staff_switcher), ==, OWNER);

  sam = sk_staff_session_add (fixture->session, "Sam", SK_STAFF_ROLE_STAFF, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sk_staff_session_switch_to (fixture->session, sam, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sk_staff_session_has_owner_rights (fixture->session));
  iterate (50);
  g_assert_cmpstr (sk_staff_switcher_get_label (fixture->window->staff_switcher), ==, "Sam");
}

/* The most recent completed order with something left to return. */
static gint64
pick_order (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  ids = sk_database_query_order_ids (sk_context_get_database (fixture->context), NULL, "completed",
                                     SK_ORDER_SORT_DATE, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SkRefundOrder) order = sk_refund_desk_load_order (fixture->desk, g_array_index (ids, gint64, i), NULL);

      if (order != NULL && order->items->len > 0 && order->total > 0)
        return order->order_id;
    }

  g_assert_not_reached ();
  return 0;
}

static void
set_staff_limit (Fixture *fixture,
                 gint64   limit)
{
  g_autoptr(SkRefundPolicy) policy = sk_refund_desk_get_policy (fixture->desk);
  g_autoptr(GError) error = NULL;
  gint64 current = sk_staff_session_get_current_id (fixture->session);

  /* As the owner, then back to whoever was at the desk. */
  g_assert_true (sk_staff_session_unlock_owner (fixture->session, PASSPHRASE, &error));
  g_assert_no_error (error);
  policy->staff_limit = limit;
  g_assert_true (sk_refund_desk_set_policy (fixture->desk, policy, &error));
  g_assert_no_error (error);
  sk_staff_session_lock_owner (fixture->session);
  g_assert_cmpint (sk_staff_session_get_current_id (fixture->session), ==, current);
}

/* Records a request for one unit of the order's first line through the
 * New Return dialog opened by win.new-refund-request. */
static gint64
record_request (Fixture         *fixture,
                gint64           order_id,
                SkRefundOutcome  outcome)
{
  SkRefundRequestDialog *dialog;
  const SkRefundOrder *order;
  const SkRefundOrderItem *item;
  gint64 id;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-refund-request", "x", order_id);
  iterate (50);
  g_assert_cmpstr (sk_window_get_area (fixture->window), ==, "refunds");
  dialog = SK_REFUND_REQUEST_DIALOG (sk_refunds_page_get_dialog (fixture->page));
  g_assert_nonnull (dialog);

  order = sk_refund_request_dialog_get_order (dialog);
  g_assert_nonnull (order);
  g_assert_cmpint (order->order_id, ==, order_id);
  /* Nothing asked yet: no verdict, Record insensitive. */
  g_assert_null (sk_refund_request_dialog_get_verdict (dialog));
  g_assert_cmpint (sk_refund_request_dialog_submit (dialog), ==, 0);

  item = g_ptr_array_index (order->items, 0);
  /* The spinner stops at what was bought and not returned. */
  g_assert_false (sk_refund_request_dialog_set_quantity (dialog, item->item_remote_id, item->quantity + 1));
  g_assert_true (sk_refund_request_dialog_set_quantity (dialog, item->item_remote_id, 1));
  sk_refund_request_dialog_set_reason (dialog, SK_REFUND_REASON_WRONG_SIZE, "Too small in the shoulders");
  sk_refund_request_dialog_set_outcome (dialog, outcome);
  g_assert_nonnull (sk_refund_request_dialog_get_verdict (dialog));
  g_assert_cmpint (sk_refund_request_dialog_get_verdict (dialog)->standing, !=, SK_REFUND_STANDING_IMPOSSIBLE);
  save_shot (GTK_WIDGET (dialog), "h5-request-dialog.png");

  g_object_ref (dialog);
  id = sk_refund_request_dialog_submit (dialog);
  g_assert_cmpint (id, >, 0);
  iterate (50);
  /* It closed itself. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);

  return id;
}

static gboolean
queue_has (Fixture *fixture,
           gint64   id)
{
  g_autoptr(GArray) ids = sk_refunds_page_get_queue_ids (fixture->page);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

static void
test_area_opens (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkListBoxRow *row = fixture->window->refunds_row;

  /* No staff yet, and nothing is in the way: the window works, the
   * switcher asks who is at the desk. */
  g_assert_true (sk_staff_session_needs_setup (fixture->session));
  g_assert_cmpstr (sk_staff_switcher_get_label (fixture->window->staff_switcher), ==, "Who’s at the desk?");

  g_signal_emit_by_name (fixture->window->sidebar_list, "row-activated", row);
  iterate (50);
  g_assert_cmpstr (sk_window_get_area (fixture->window), ==, "refunds");
  g_assert_cmpstr (sk_refunds_page_get_state (fixture->page), ==, "empty");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (fixture->page)));

  /* Recording needs someone at the desk: the desk says so, in the dialog. */
  {
    SkRefundRequestDialog *dialog;
    gint64 order_id = pick_order (fixture);
    const SkRefundOrderItem *item;

    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-refund-request", "x", order_id);
    dialog = SK_REFUND_REQUEST_DIALOG (sk_refunds_page_get_dialog (fixture->page));
    g_assert_nonnull (dialog);
    item = g_ptr_array_index (sk_refund_request_dialog_get_order (dialog)->items, 0);
    g_assert_true (sk_refund_request_dialog_set_quantity (dialog, item->item_remote_id, 1));
    g_assert_cmpint (sk_refund_request_dialog_submit (dialog), ==, 0);
    g_assert_nonnull (sk_refund_request_dialog_get_error (dialog));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_assert_cmpstr (sk_refunds_page_get_state (fixture->page), ==, "empty");
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *dialog;

  dialog = sk_staff_setup_dialog_new (GTK_WINDOW (fixture->window), fixture->context);
  gtk_window_present (GTK_WINDOW (dialog));
  /* Typed differently twice: refused, nothing created. */
  g_assert_false (sk_staff_setup_dialog_submit (dialog, OWNER, PASSPHRASE, "correct horse batery"));
  g_assert_true (sk_staff_session_needs_setup (fixture->session));
  /* Too short: the session's own quality rule. */
  g_assert_false (sk_staff_setup_dialog_submit (dialog, OWNER, "short", "short"));
  g_assert_true (sk_staff_session_needs_setup (fixture->session));
  g_assert_true (sk_staff_setup_dialog_submit (dialog, OWNER, PASSPHRASE, PASSPHRASE));
  g_assert_false (sk_staff_session_needs_setup (fixture->session));
  g_assert_true (sk_staff_session_has_owner_rights (fixture->session));
  iterate (50);
  g_assert_cmpstr (sk_staff_switcher_get_label (fixture->window->staff_switcher), ==, OWNER);
  g_assert_cmpstr (sk_context_get_actor (fixture->context), ==, OWNER);
}

static void
test_request_in_queue (Fixture       *fixture,
                       gconstpointer  user_data)
{
  gint64 order_id;
  gint64 id;

  set_up_staff (fixture);
  order_id = pick_order (fixture);
  id = record_request (fixture, order_id, SK_REFUND_OUTCOME_REFUND);

  /* In the queue, selected, with its verdict shown. */
  g_assert_cmpstr (sk_refunds_page_get_state (fixture->page), ==, "list");
  g_assert_true (queue_has (fixture, id));
  g_assert_cmpint (sk_refunds_page_get_selected_id (fixture->page), ==, id);
  g_assert_nonnull (sk_refunds_page_get_verdict_label (fixture->page));
  save_shot (GTK_WIDGET (fixture->window), "h5-request.png");

  /* At the narrowest the window allows, the area folds: the request
   * fills the window and a button leads back to the queue. */
  if (g_getenv ("SK_TEST_SHOTS") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
      iterate (500);
      sk_refunds_page_show_request (fixture->page, id);
      iterate (300);
      save_shot (GTK_WIDGET (fixture->window), "h5-request-narrow.png");
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1300, 820);
      iterate (300);
    }

  /* The overview (figures) when nothing is selected. */
  sk_refunds_page_show_request (fixture->page, 0);
  g_assert_null (sk_refunds_page_get_verdict_label (fixture->page));
  save_shot (GTK_WIDGET (fixture->window), "h5-queue.png");
}

static void
passphrase_dialog_gone_cb (gpointer  data,
                           GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
test_approve_above_limit (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(SkRefundRequest) request = NULL;
  SkRefundApproveDialog *dialog;
  SkPassphraseDialog *passphrase;
  GtkWidget *button;
  gboolean gone = FALSE;
  gint64 id;

  set_up_staff (fixture);
  /* A limit of 0.01: any refund is above it. */
  set_staff_limit (fixture, 1);
  id = record_request (fixture, pick_order (fixture), SK_REFUND_OUTCOME_REFUND);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.approve", NULL);
  iterate (50);
  dialog = SK_REFUND_APPROVE_DIALOG (sk_refunds_page_get_dialog (fixture->page));
  g_assert_nonnull (dialog);
  g_assert_true (sk_refund_approve_dialog_get_preview (dialog)->owner_required);
  g_assert_false (sk_refund_approve_dialog_get_preview (dialog)->allowed_now);
  save_shot (GTK_WIDGET (dialog), "h5-approve-preview.png");

  button = sk_refund_approve_dialog_get_approve_button (dialog);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  iterate (50);

  /* Asked for the owner's passphrase; the button is off meanwhile. */
  passphrase = SK_PASSPHRASE_DIALOG (sk_refund_approve_dialog_get_passphrase_dialog (dialog));
  g_assert_nonnull (passphrase);
  g_assert_false (gtk_widget_get_sensitive (button));
  save_shot (GTK_WIDGET (passphrase), "h5-passphrase.png");

  /* A wrong one: said so, nothing decided, still asking. */
  g_assert_false (sk_passphrase_dialog_submit (passphrase, "not the passphrase"));
  g_assert_nonnull (sk_passphrase_dialog_get_error (passphrase));
  decisions = sk_refund_desk_list_decisions (fixture->desk, id, NULL);
  g_assert_cmpuint (decisions->len, ==, 0);
  g_clear_pointer (&decisions, g_ptr_array_unref);

  /* The right one: approved by the clerk with the owner's rights. */
  g_object_weak_ref (G_OBJECT (passphrase), passphrase_dialog_gone_cb, &gone);
  g_assert_true (sk_passphrase_dialog_submit (passphrase, PASSPHRASE));
  iterate (100);
  sk_test_wait_until (&gone, 5);

  request = sk_refund_desk_get_request (fixture->desk, id, NULL);
  g_assert_cmpint (request->state, ==, SK_REFUND_STATE_APPROVED);
  decisions = sk_refund_desk_list_decisions (fixture->desk, id, NULL);
  g_assert_cmpuint (decisions->len, ==, 1);
  g_assert_cmpstr (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->actor, ==, "Sam");
  g_assert_cmpstr (((SkRefundDecision *) g_ptr_array_index (decisions, 0))->role, ==, "owner");
  g_assert_false (queue_has (fixture, id));
}

static void
test_approve_cancelled_passphrase (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) decisions = NULL;
  SkRefundApproveDialog *dialog;
  GtkWidget *passphrase;
  GtkWidget *button;
  gint64 id;

  set_up_staff (fixture);
  set_staff_limit (fixture, 1);
  id = record_request (fixture, pick_order (fixture), SK_REFUND_OUTCOME_REFUND);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.approve", NULL);
  dialog = SK_REFUND_APPROVE_DIALOG (sk_refunds_page_get_dialog (fixture->page));
  button = sk_refund_approve_dialog_get_approve_button (dialog);
  g_signal_emit_by_name (button, "clicked");
  passphrase = sk_refund_approve_dialog_get_passphrase_dialog (dialog);
  g_assert_nonnull (passphrase);

  /* Closing the passphrase dialog approves nothing and gives the button
   * back. */
  gtk_window_destroy (GTK_WINDOW (passphrase));
  iterate (50);
  g_assert_null (sk_refund_approve_dialog_get_passphrase_dialog (dialog));
  g_assert_true (gtk_widget_get_sensitive (button));
  decisions = sk_refund_desk_list_decisions (fixture->desk, id, NULL);
  g_assert_cmpuint (decisions->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_approve_twice (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  SkRefundApproveDialog *first;
  SkRefundApproveDialog *second;
  GtkWidget *button;
  gint64 order_id;
  gint64 id;
  guint refunds = 0;

  set_up_staff (fixture);
  order_id = pick_order (fixture);
  id = record_request (fixture, order_id, SK_REFUND_OUTCOME_REFUND);
  /* The owner decides, with the rights held. */
  g_assert_true (sk_staff_session_unlock_owner (fixture->session, PASSPHRASE, &error));
  g_assert_no_error (error);

  /* Two previews of the same request open at once (two clicks on
   * Approve… in the area), and a double click on each one's button. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.approve", NULL);
  first = g_object_ref (SK_REFUND_APPROVE_DIALOG (sk_refunds_page_get_dialog (fixture->page)));
  second = sk_refund_approve_dialog_new (GTK_WINDOW (fixture->window), fixture->context, id, &error);
  g_assert_no_error (error);
  g_object_ref_sink (second);
  gtk_window_present (GTK_WINDOW (second));

  button = sk_refund_approve_dialog_get_approve_button (first);
  g_signal_emit_by_name (button, "clicked");
  g_signal_emit_by_name (button, "clicked");
  iterate (50);
  button = sk_refund_approve_dialog_get_approve_button (second);
  g_signal_emit_by_name (button, "clicked");
  g_signal_emit_by_name (button, "clicked");
  iterate (50);
  g_object_unref (first);
  g_object_unref (second);

  decisions = sk_refund_desk_list_decisions (fixture->desk, id, NULL);
  g_assert_cmpuint (decisions->len, ==, 1);

  /* And one refund on its way to the store. */
  {
    g_autoptr(SkRefundOrder) order = sk_refund_desk_load_order (fixture->desk, order_id, NULL);
    g_autoptr(GPtrArray) changes = sk_context_list_waiting_changes (fixture->context, order->order_remote_id, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < changes->len; i++)
      {
        SkOutboxItem *item = g_ptr_array_index (changes, i);

        if (item->kind == SK_OUTBOX_KIND_REFUND)
          refunds++;
      }
  }
  g_assert_cmpuint (refunds, ==, 1);
}

static void
test_deny (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(SkRefundRequest) request = NULL;
  SkRefundDenyDialog *dialog;
  gint64 id;

  set_up_staff (fixture);
  id = record_request (fixture, pick_order (fixture), SK_REFUND_OUTCOME_STORE_CREDIT);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.deny", NULL);
  dialog = SK_REFUND_DENY_DIALOG (sk_refunds_page_get_dialog (fixture->page));
  g_assert_nonnull (dialog);
  sk_refund_deny_dialog_set_reason (dialog, SK_REFUND_DENY_CONDITION);
  sk_refund_deny_dialog_set_note (dialog, "The shirt came back with paint on it.");
  g_assert_nonnull (strstr (sk_refund_deny_dialog_get_message (dialog), "The shirt came back with paint on it."));
  save_shot (GTK_WIDGET (dialog), "h5-deny.png");
  g_assert_cmpint (sk_refund_deny_dialog_submit (dialog), >, 0);
  iterate (50);

  request = sk_refund_desk_get_request (fixture->desk, id, NULL);
  g_assert_cmpint (request->state, ==, SK_REFUND_STATE_DENIED);
  g_assert_false (queue_has (fixture, id));
}

static void
test_withdraw (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(SkRefundRequest) request = NULL;
  g_autofree char *note = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  gint64 id;

  set_up_staff (fixture);
  id = record_request (fixture, pick_order (fixture), SK_REFUND_OUTCOME_REFUND);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.withdraw", NULL));
  iterate (50);
  dialog = ADW_MESSAGE_DIALOG (sk_refunds_page_get_dialog (fixture->page));
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));

  /* No reason, no withdrawal. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "withdraw"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Customer e-mailed: keeps it after all");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "withdraw"));
  save_shot (GTK_WIDGET (dialog), "h5-withdraw.png");
  adw_message_dialog_response (dialog, "withdraw");
  iterate (50);

  request = sk_refund_desk_get_request (fixture->desk, id, NULL);
  g_assert_cmpint (request->state, ==, SK_REFUND_STATE_CANCELLED);
  g_assert_cmpstr (request->decided_by, ==, "Sam");
  note = sk_refund_desk_get_withdrawal_note (fixture->desk, id, NULL);
  g_assert_cmpstr (note, ==, "Customer e-mailed: keeps it after all");
  g_assert_false (queue_has (fixture, id));

  /* Shown withdrawn, with who and why; nothing left to decide. */
  sk_refunds_page_show_request (fixture->page, id);
  iterate (50);
  {
    GtkWidget *before = sk_refunds_page_get_dialog (fixture->page);

    gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.withdraw", NULL);
    gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.approve", NULL);
    iterate (50);
    g_assert_true (sk_refunds_page_get_dialog (fixture->page) == before);
  }
}

/* A request recorded 30 hours ago, straight through the store layer (the
 * desk always stamps "now"). */
static gint64
record_old_request (Fixture *fixture,
                    gint64   order_id,
                    gint64   age_s)
{
  g_autoptr(SkRefundOrder) order = sk_refund_desk_load_order (fixture->desk, order_id, NULL);
  g_autoptr(SkRefundRequest) request = sk_refund_request_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *store_url = NULL;
  g_autofree char *root = g_build_filename (fixture->data_dir, "attachments", NULL);
  SkRefundRequestLine *line = sk_refund_request_line_new ();
  const SkRefundOrderItem *item = g_ptr_array_index (order->items, 0);
  SkDatabase *writer = sk_context_get_writer (fixture->context, &store_url, &error);
  gint64 id;

  g_assert_no_error (error);
  request->order_id = order_id;
  request->channel = SK_REFUND_CHANNEL_EMAIL;
  request->reason = SK_REFUND_REASON_DEFECTIVE;
  request->outcome = SK_REFUND_OUTCOME_REFUND;
  request->created_by = g_strdup ("Sam");
  line->item_remote_id = item->item_remote_id;
  line->quantity = 1;
  g_ptr_array_add (request->lines, line);
  id = sk_refunds_create_request (writer, request, NULL, root, g_get_real_time () / G_USEC_PER_SEC - age_s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
test_waiting_notifications (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GArray) ids = NULL;
  gint64 fresh;
  gint64 late;
  gint64 overdue;

  set_up_staff (fixture);
  fresh = record_request (fixture, pick_order (fixture), SK_REFUND_OUTCOME_REFUND);
  late = record_old_request (fixture, pick_order (fixture), 30 * 3600);
  overdue = record_old_request (fixture, pick_order (fixture), 50 * 3600);
  sk_refunds_page_reload (fixture->page);

  /* Oldest first. */
  ids = sk_refunds_page_get_queue_ids (fixture->page);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, overdue);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, late);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, fresh);
  sk_refunds_page_show_request (fixture->page, 0);
  save_shot (GTK_WIDGET (fixture->window), "h5-queue-ages.png");

  /* The two past 24 h are notified, once each however often it checks. */
  g_assert_cmpuint (sk_refunds_page_check_waiting (fixture->page), ==, 2);
  g_assert_cmpuint (sk_refunds_page_check_waiting (fixture->page), ==, 2);

  /* Decided: its notification is withdrawn. */
  sk_refunds_page_show_request (fixture->page, late);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "refunds.deny", NULL);
  g_assert_cmpint (sk_refund_deny_dialog_submit (SK_REFUND_DENY_DIALOG (sk_refunds_page_get_dialog (fixture->page))), >, 0);
  iterate (50);
  g_assert_cmpuint (sk_refunds_page_check_waiting (fixture->page), ==, 1);
}

static void
test_policy_locked_for_staff (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(SkRefundPolicy) before = NULL;
  g_autoptr(SkRefundPolicy) after = NULL;
  g_autoptr(GError) error = NULL;
  SkPrefsRefundsPage *page;

  set_up_staff (fixture);
  before = sk_refund_desk_get_policy (fixture->desk);
  page = SK_PREFS_REFUNDS_PAGE (g_object_ref_sink (sk_prefs_refunds_page_new (fixture->context)));

  /* Locked for the clerk; even saving directly is refused by the desk. */
  g_assert_false (sk_prefs_refunds_page_get_editable (page));
  gtk_spin_button_set_value (sk_prefs_refunds_page_get_window_spin (page), (double) before->window_days + 5);
  g_assert_false (sk_prefs_refunds_page_save (page));
  g_assert_nonnull (sk_prefs_refunds_page_get_error (page));
  after = sk_refund_desk_get_policy (fixture->desk);
  g_assert_cmpint (after->window_days, ==, before->window_days);
  g_clear_pointer (&after, sk_refund_policy_free);

  /* With the owner's passphrase it is editable and saves. */
  g_assert_true (sk_staff_session_unlock_owner (fixture->session, PASSPHRASE, &error));
  g_assert_no_error (error);
  iterate (20);
  g_assert_true (sk_prefs_refunds_page_get_editable (page));
  gtk_spin_button_set_value (sk_prefs_refunds_page_get_window_spin (page), (double) before->window_days + 5);
  g_assert_true (sk_prefs_refunds_page_save (page));
  after = sk_refund_desk_get_policy (fixture->desk);
  g_assert_cmpint (after->window_days, ==, before->window_days + 5);
  /* What was not touched kept its value (money parsed back exactly). */
  g_assert_cmpint (after->staff_limit, ==, before->staff_limit);
  g_assert_cmpint (after->goodwill_budget, ==, before->goodwill_budget);
  g_assert_cmpint (after->restocking_fee_bp, ==, before->restocking_fee_bp);

  g_assert_finalize_object (page);
}

static void
test_no_display (void)
{
  g_test_skip ("No display: run under xvfb-run");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* As test-window.c: software rendering, no GL (Mesa leaks at unload). */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/refunds-ui/no-display", test_no_display);
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/refunds-ui/area-opens", test_area_opens);
  ADD ("/refunds-ui/first-run", test_first_run);
  ADD ("/refunds-ui/request-in-queue", test_request_in_queue);
  ADD ("/refunds-ui/approve-above-limit", test_approve_above_limit);
  ADD ("/refunds-ui/approve-cancelled-passphrase", test_approve_cancelled_passphrase);
  ADD ("/refunds-ui/approve-twice", test_approve_twice);
  ADD ("/refunds-ui/deny", test_deny);
  ADD ("/refunds-ui/withdraw", test_withdraw);
  ADD ("/refunds-ui/waiting-notifications", test_waiting_notifications);
  ADD ("/refunds-ui/policy-locked-for-staff", test_policy_locked_for_staff);
#undef ADD

  return g_test_run ();
}
