/* sk-promise-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-promise-dialog"

#include "config.h"

#include "sk-promise-dialog.h"

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-order-desk.h"
#include "sk-records.h"
#include "sk-ship-date.h"
#include "sk-time.h"
#include "sk-window.h"

/* Products listed under the shop's figure, at most. */
#define MAX_PRODUCT_ROWS 3

struct _SkPromiseDialog
{
  AdwWindow        parent_instance;

  /* owned references */
  SkContext       *context;
  SkShipRule      *rule;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkButton       *save_button;
  AdwPreferencesGroup *now_group;
  AdwActionRow    *current_row;
  AdwActionRow    *rule_row;
  AdwActionRow    *usual_row;
  GtkCalendar     *calendar;
  AdwEntryRow     *reason_row;

  /* state */
  gint64           order_id;
  gint64           order_created;
  gint64           promised_at;   /* the promise when the dialog opened */
  gboolean         loaded;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SkPromiseDialog, sk_promise_dialog, ADW_TYPE_WINDOW)

/* Helpers */

static void
show_toast (SkPromiseDialog *self,
            const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The local day of @instant in the shop's zone, for people. */
static char *
format_day (SkPromiseDialog *self,
            gint64           instant)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, sk_ship_rule_get_time_zone (self->rule));

  /* Translators: a promised ship date, e.g. "Friday, 13/03/2026"; see strftime(3) */
  return g_date_time_format (local, _("%A, %x"));
}

/* "3 days", "20 hours": a lead time in words, rounded. */
static char *
format_duration (gint64 seconds)
{
  if (seconds < 36 * 3600)
    {
      gint64 hours = MAX ((seconds + 1800) / 3600, 1);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld hour", "%lld hours", (gulong) hours),
                              (long long) hours);
    }
  else
    {
      gint64 days = (seconds + 43200) / 86400;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld day", "%lld days", (gulong) days),
                              (long long) days);
    }
}

/* "usually 3 days, 9 in 10 within 5 days (1,234 orders)". */
static char *
format_lead_time (gint64 median,
                  gint64 p90,
                  gint64 n)
{
  g_autofree char *usual = format_duration (median);
  g_autofree char *most = format_duration (p90);
  g_autofree char *count = g_strdup_printf ("%'lld", (long long) n);

  /* Translators: how long orders took from placed to completed. The first
   * %s is the median ("3 days"), the second the 90th percentile ("5 days"),
   * the third the number of completed orders it is based on. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Usually %s, 9 in 10 within %s (%s order)",
                                       "Usually %s, 9 in 10 within %s (%s orders)",
                                       (gulong) n),
                          usual, most, count);
}

static void
add_product_rows (SkPromiseDialog *self,
                  SkDatabase      *database)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint shown = 0;

  details = sk_database_load_order_details (database, self->order_id, &error);
  if (details == NULL)
    return;

  {
    /* Translators: %s is the order number, e.g. "Order 1234" */
    g_autofree char *title = g_strdup_printf (_("Order %s"), details->order->number);

    adw_preferences_group_set_title (self->now_group, title);
  }

  for (guint i = 0; i < details->order->items->len && shown < MAX_PRODUCT_ROWS; i++)
    {
      const SkOrderItemRecord *item = g_ptr_array_index (details->order->items, i);
      g_autofree char *subtitle = NULL;
      gint64 median, p90, n;
      gboolean dup = FALSE;
      GtkWidget *row;

      if (item->product_remote_id <= 0)
        continue;
      for (guint k = 0; k < seen->len; k++)
        dup |= g_array_index (seen, gint64, k) == item->product_remote_id;
      if (dup)
        continue;
      g_array_append_val (seen, item->product_remote_id);

      if (!sk_order_desk_lead_time (database, item->product_remote_id, &median, &p90, &n, &error))
        {
          g_debug ("No lead time for product %" G_GINT64_FORMAT ": %s", item->product_remote_id, error->message);
          g_clear_error (&error);
          continue;
        }

      /* Too few orders of it say nothing the shop's figure does not. */
      if (n < SK_DESK_LEAD_TIME_MIN_ORDERS)
        continue;

      subtitle = format_lead_time (median, p90, n);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (self->now_group, row);
      shown++;
    }
}

static void
select_day (SkPromiseDialog *self,
            gint64           instant)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, sk_ship_rule_get_time_zone (self->rule));

  gtk_calendar_select_day (self->calendar, local);
}

static void
load (SkPromiseDialog *self)
{
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *current_detail = NULL;
  SkDatabase *database = sk_context_get_database (self->context);
  SkShipDate rule_date;
  gint64 median, p90, n;

  self->rule = sk_order_desk_load_rule (database);

  desk = sk_order_desk_load (database, self->order_id, &error);
  if (desk == NULL)
    {
      show_toast (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->calendar), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), FALSE);
      return;
    }

  self->order_created = desk->order_created;

  current = format_day (self, desk->promised_ship_at);
  if (desk->promise_source == SK_PROMISE_SOURCE_MANUAL)
    /* Translators: %s is the reason given when the date was set by hand */
    current_detail = g_strdup_printf (_("%s — set by hand: %s"), current, desk->promise_reason);
  else
    current_detail = g_strdup_printf (_("%s — by the shop’s rule"), current);
  adw_action_row_set_subtitle (self->current_row, current_detail);

  if (sk_ship_date_compute (self->rule, desk->order_created > 0 ? desk->order_created : sk_time_now_utc (),
                            &rule_date, &error))
    {
      g_autofree char *text = format_day (self, rule_date.end_utc);

      adw_action_row_set_subtitle (self->rule_row, text);
    }
  else
    {
      adw_action_row_set_subtitle (self->rule_row, error->message);
      g_clear_error (&error);
    }

  if (sk_order_desk_lead_time (database, 0, &median, &p90, &n, &error) && n > 0)
    {
      g_autofree char *text = format_lead_time (median, p90, n);

      adw_action_row_set_subtitle (self->usual_row, text);
    }
  else
    {
      adw_action_row_set_subtitle (self->usual_row, _("Not known yet: no completed orders"));
      g_clear_error (&error);
    }

  add_product_rows (self, database);
  self->promised_at = desk->promised_ship_at;
  select_day (self, desk->promised_ship_at);
  self->loaded = TRUE;
}

/* Callbacks */

/* The calendar's day against the day of @instant in the shop's zone:
 * negative before it, 0 the same day, positive after. */
static int
compare_picked_day (SkPromiseDialog *self,
                    gint64           instant)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) other = g_date_time_to_timezone (utc, sk_ship_rule_get_time_zone (self->rule));
  int years = g_date_time_get_year (picked) - g_date_time_get_year (other);

  return years != 0 ? years : g_date_time_get_day_of_year (picked) - g_date_time_get_day_of_year (other);
}

static void
input_changed_cb (SkPromiseDialog *self)
{
  g_autofree char *reason = NULL;

  if (!self->loaded)
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  /* Saving the day already promised would only say it changed; a day
   * gone by is no promise. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            *reason != '\0' && compare_picked_day (self, self->promised_at) != 0 &&
                            compare_picked_day (self, sk_time_now_utc ()) >= 0);
}

static void
save_clicked_cb (SkPromiseDialog *self)
{
  g_autoptr(GDateTime) picked = NULL;
  g_autoptr(GDateTime) noon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_url = NULL;
  g_autofree char *day = NULL;
  g_autofree char *message = NULL;
  GtkRoot *parent;
  SkDatabase *writer;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;

  /* The calendar's day, taken as noon in the shop's zone: any instant of
   * the day names it, and noon exists on every day. */
  picked = gtk_calendar_get_date (self->calendar);
  noon = g_date_time_new (sk_ship_rule_get_time_zone (self->rule),
                          g_date_time_get_year (picked),
                          g_date_time_get_month (picked),
                          g_date_time_get_day_of_month (picked),
                          12, 0, 0);

  writer = sk_context_get_writer (self->context, &store_url, &error);
  if (writer == NULL ||
      !sk_order_desk_set_promise (writer, self->order_id, g_date_time_to_unix (noon),
                                  gtk_editable_get_text (GTK_EDITABLE (self->reason_row)), &error))
    {
      show_toast (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);

  day = format_day (self, g_date_time_to_unix (noon));
  /* Translators: %s is a date */
  message = g_strdup_printf (_("Promised ship date changed to %s"), day);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL
           ? GTK_ROOT (gtk_window_get_transient_for (GTK_WINDOW (self))) : NULL;
  if (parent != NULL && SK_IS_WINDOW (parent))
    sk_window_show_error (SK_WINDOW (parent), message);

  gtk_window_destroy (GTK_WINDOW (self));
}

/* Overrides */

static void
sk_promise_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SK_TYPE_PROMISE_DIALOG);

  G_OBJECT_CLASS (sk_promise_dialog_parent_class)->dispose (object);
}

static void
sk_promise_dialog_finalize (GObject *object)
{
  SkPromiseDialog *self = SK_PROMISE_DIALOG (object);

  g_clear_pointer (&self->rule, sk_ship_rule_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sk_promise_dialog_parent_class)->finalize (object);
}

static void
sk_promise_dialog_class_init (SkPromiseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_promise_dialog_dispose;
  object_class->finalize = sk_promise_dialog_finalize;

  /**
   * SkPromiseDialog::saved:
   *
   * The new promise is in the database; the order's details may show it.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/orders/sk-promise-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, now_group);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, rule_row);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, usual_row);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, SkPromiseDialog, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_promise_dialog_init (SkPromiseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New promised ship date"), -1);
}

/* Public API */

SkPromiseDialog *
sk_promise_dialog_present (GtkWidget *parent,
                           SkContext *ctx,
                           gint64     order_id)
{
  SkPromiseDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (SK_IS_CONTEXT (ctx), NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (SK_TYPE_PROMISE_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       NULL);
  self->context = g_object_ref (ctx);
  self->order_id = order_id;
  load (self);
  /* Typing goes to the reason, not to Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
  gtk_window_present (GTK_WINDOW (self));

  return self;
}
