/* sk-dashboard-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-dashboard-page"

#include "config.h"

#include "sk-dashboard-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-chart.h"
#include "sk-cohort-grid.h"
#include "sk-context.h"
#include "sk-database.h"
#include "sk-insights.h"
#include "sk-money.h"
#include "sk-order-desk.h"
#include "sk-orders-page.h"
#include "sk-refund-desk.h"
#include "sk-refunds.h"
#include "sk-time.h"
#include "sk-window.h"

/* Overdue customers listed under "Needs attention today". */
#define MAX_OVERDUE_ROWS 5

struct _SkDashboardPage
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkStack        *stack;
  GtkToggleButton *week_button;
  GtkToggleButton *month_button;
  GtkToggleButton *quarter_button;
  GtkLabel        *updated_label;
  GtkSpinner      *spinner;
  GtkListBox      *attention_list;
  GtkFlowBox      *figures_box;
  AdwPreferencesGroup *revenue_group;
  SkChart         *revenue_chart;
  SkChart         *customers_chart;
  SkCohortGrid    *cohort_grid;
  AdwStatusPage   *error_page;

  /* owned references */
  SkDatabase      *database;
  GCancellable    *cancellable;
  /* figure id → the text shown, for tests */
  GHashTable      *figure_texts;

  guint            days;
  /* Figures are only laid out while the page is shown: a hidden page
   * rebuilding rows and charts after every sync would cost the window
   * size requests for nothing. Set when they changed while hidden. */
  guint            dirty : 1;
  guint            refreshing : 1;
  guint            refresh_again : 1;
};

G_DEFINE_FINAL_TYPE (SkDashboardPage, sk_dashboard_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN_CUSTOMER,
  SIGNAL_OPEN_WAITING_ORDERS,
  SIGNAL_INSIGHTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* A share in per mille as "12.3 %"; integer arithmetic throughout. */
static char *
format_permille (gint64 part,
                 gint64 whole)
{
  gint64 permille;

  if (whole <= 0)
    return g_strdup ("—");

  permille = (part * 1000 + whole / 2) / whole;

  /* Translators: a percentage with one decimal, e.g. "12.3 %" */
  return g_strdup_printf (_("%lld.%lld %%"), (long long) (permille / 10), (long long) (permille % 10));
}

/* "+12 %" / "−5 %" against the previous period, or "" when there is
 * nothing to compare with. */
static char *
format_change (gint64 current,
               gint64 previous)
{
  gint64 percent;

  if (previous <= 0)
    return g_strdup (current > 0 ? _("new this period") : "");

  percent = ((current - previous) * 100 + (current >= previous ? previous / 2 : -previous / 2)) / previous;

  if (percent > 0)
    /* Translators: change against the previous period */
    return g_strdup_printf (_("+%lld %% vs. previous period"), (long long) percent);
  if (percent < 0)
    /* Translators: change against the previous period; − is a minus sign */
    return g_strdup_printf (_("−%lld %% vs. previous period"), (long long) -percent);

  return g_strdup (_("same as previous period"));
}

/* The difference of two rates in percentage points, one decimal. */
static char *
format_rate_change (gint64 part,
                    gint64 whole,
                    gint64 previous_part,
                    gint64 previous_whole)
{
  gint64 now, before, delta;

  if (whole <= 0 || previous_whole <= 0)
    return g_strdup ("");

  now = (part * 1000 + whole / 2) / whole;
  before = (previous_part * 1000 + previous_whole / 2) / previous_whole;
  delta = now - before;

  /* Translators: change of a rate in percentage points, e.g. "+1.5 points vs. previous period" */
  return g_strdup_printf (_("%s%lld.%lld points vs. previous period"),
                          delta > 0 ? "+" : delta < 0 ? "−" : "±",
                          (long long) (ABS (delta) / 10), (long long) (ABS (delta) % 10));
}

static void
clear_children (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else if (GTK_IS_FLOW_BOX (container))
        gtk_flow_box_remove (GTK_FLOW_BOX (container), child);
      else
        gtk_widget_unparent (child);
    }
}

static void
add_figure (SkDashboardPage *self,
            const char      *id,
            const char      *title,
            const char      *value,
            const char      *change)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *change_label = gtk_label_new (change);
  g_autofree char *accessible = g_strdup_printf ("%s: %s, %s", title, value, change);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "sk-figure");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_xalign (GTK_LABEL (change_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_wrap (GTK_LABEL (change_label), TRUE);
  gtk_widget_add_css_class (title_label, "caption-heading");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_widget_add_css_class (value_label, "title-2");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_add_css_class (change_label, "caption");
  gtk_widget_add_css_class (change_label, "dim-label");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), change_label);
  gtk_widget_set_margin_top (title_label, 12);
  gtk_widget_set_margin_start (title_label, 12);
  gtk_widget_set_margin_start (value_label, 12);
  gtk_widget_set_margin_start (change_label, 12);
  gtk_widget_set_margin_end (change_label, 12);
  gtk_widget_set_margin_bottom (change_label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  gtk_flow_box_append (self->figures_box, box);
  g_hash_table_insert (self->figure_texts, g_strdup (id), g_strdup (value));
}

static void
show_figures (SkDashboardPage   *self,
              const SkDashboard *dashboard)
{
  const SkPeriodFigures *now = &dashboard->current;
  const SkPeriodFigures *before = &dashboard->previous;
  g_autofree char *revenue = sk_money_format (now->revenue, dashboard->currency);
  g_autofree char *revenue_change = format_change (now->revenue, before->revenue);
  g_autofree char *orders = format_count (now->orders);
  g_autofree char *orders_change = format_change (now->orders, before->orders);
  g_autofree char *aov = sk_money_format (now->orders > 0 ? now->revenue / now->orders : 0, dashboard->currency);
  g_autofree char *aov_change = format_change (now->orders > 0 ? now->revenue / now->orders : 0,
                                               before->orders > 0 ? before->revenue / before->orders : 0);
  g_autofree char *returning = format_permille (now->returning_revenue, now->revenue);
  g_autofree char *returning_change = format_rate_change (now->returning_revenue, now->revenue,
                                                          before->returning_revenue, before->revenue);
  g_autofree char *repeat = format_permille (now->repeat_customers, now->customers);
  g_autofree char *repeat_change = format_rate_change (now->repeat_customers, now->customers,
                                                       before->repeat_customers, before->customers);
  g_autofree char *refunds = format_permille (now->refunds, now->revenue);
  g_autofree char *refunds_change = format_rate_change (now->refunds, now->revenue,
                                                        before->refunds, before->revenue);

  clear_children (GTK_WIDGET (self->figures_box));
  g_hash_table_remove_all (self->figure_texts);

  add_figure (self, "revenue", _("Revenue"), revenue, revenue_change);
  add_figure (self, "orders", _("Orders"), orders, orders_change);
  add_figure (self, "aov", _("Average Order"), aov, aov_change);
  add_figure (self, "returning-share", _("From Returning Customers"), returning, returning_change);
  add_figure (self, "repeat-rate", _("Repeat Customers"), repeat, repeat_change);
  add_figure (self, "refund-rate", _("Refund Rate"), refunds, refunds_change);
}

static void
show_charts (SkDashboardPage   *self,
             const SkDashboard *dashboard)
{
  /* A bar a day up to a month; a bar a week for 90 days, so bars stay
   * wide enough to point at. */
  guint bucket = dashboard->days > 31 ? 7 : 1;
  guint n = (dashboard->sales->len + bucket - 1) / bucket;
  g_autofree gint64 *revenue = g_new0 (gint64, n + 1);
  g_autofree gint64 *new_orders = g_new0 (gint64, n + 1);
  g_autofree gint64 *returning = g_new0 (gint64, n + 1);
  g_auto(GStrv) revenue_tips = g_new0 (char *, n + 1);
  g_auto(GStrv) customer_tips = g_new0 (char *, n + 1);
  g_autoptr(GString) revenue_description = g_string_new (NULL);
  g_autoptr(GString) customers_description = g_string_new (NULL);

  /* The newest days fill the last bucket completely. */
  for (guint i = 0; i < dashboard->sales->len; i++)
    {
      const SkDaySales *day = &g_array_index (dashboard->sales, SkDaySales, dashboard->sales->len - 1 - i);
      guint b = n - 1 - i / bucket;

      revenue[b] += day->revenue;
      new_orders[b] += day->new_orders;
      returning[b] += day->returning_orders;
    }

  for (guint b = 0; b < n; b++)
    {
      gint64 first_day = dashboard->end_day - (gint64) (n - b) * bucket * SK_INSIGHTS_SECONDS_PER_DAY;
      g_autofree char *date = sk_time_format_date (MAX (first_day, dashboard->start_day));
      g_autofree char *money = sk_money_format (revenue[b], dashboard->currency);
      g_autofree char *when = NULL;

      if (bucket > 1)
        /* Translators: a bar of a weekly chart, %s is the date the week starts */
        when = g_strdup_printf (_("Week of %s"), date);
      else
        when = g_strdup (date);

      revenue_tips[b] = g_strdup_printf ("%s: %s", when, money);
      /* Translators: tooltip of a bar, e.g. "03/01/2026: 12 new, 30 returning" */
      customer_tips[b] = g_strdup_printf (_("%s: %lld new, %lld returning"),
                                          when, (long long) new_orders[b], (long long) returning[b]);

      if (b > 0)
        {
          g_string_append (revenue_description, "; ");
          g_string_append (customers_description, "; ");
        }
      g_string_append (revenue_description, revenue_tips[b]);
      g_string_append (customers_description, customer_tips[b]);
    }

  adw_preferences_group_set_title (self->revenue_group,
                                   bucket > 1 ? _("Revenue per Week") : _("Revenue per Day"));
  sk_chart_set_data (self->revenue_chart, n, revenue, NULL,
                     (const char * const *) revenue_tips, revenue_description->str);
  sk_chart_set_data (self->customers_chart, n, new_orders, returning,
                     (const char * const *) customer_tips, customers_description->str);
}

static void
show_cohorts (SkDashboardPage   *self,
              const SkDashboard *dashboard)
{
  g_auto(GStrv) labels = g_new0 (char *, dashboard->n_cohorts + 1);
  g_autofree gint64 *retained = g_new0 (gint64, (gsize) dashboard->n_cohorts * SK_INSIGHTS_MAX_COHORTS + 1);

  for (guint c = 0; c < dashboard->n_cohorts; c++)
    {
      gint64 month = dashboard->cohort_first + c;
      g_autoptr(GDateTime) date = g_date_time_new_utc ((int) (month / 12), (int) (month % 12) + 1, 1, 0, 0, 0);

      /* Translators: a month in the retention grid, strftime format */
      labels[c] = date != NULL ? g_date_time_format (date, _("%b %Y")) : g_strdup ("");
      for (guint k = 0; k < SK_INSIGHTS_MAX_COHORTS; k++)
        retained[c * SK_INSIGHTS_MAX_COHORTS + k] = dashboard->retained[c][k];
    }

  sk_cohort_grid_set_data (self->cohort_grid, dashboard->n_cohorts, SK_INSIGHTS_MAX_COHORTS,
                           (const char * const *) labels, dashboard->cohort_sizes, retained);
}

static GtkWidget *
attention_row_new (const char *title,
                   const char *subtitle,
                   const char *icon_name,
                   gboolean    activatable)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), activatable);
  if (activatable)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static SkContext *
get_context (SkDashboardPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SK_TYPE_WINDOW);

  return window != NULL ? sk_window_get_context (SK_WINDOW (window)) : NULL;
}

/* Orders to confirm, orders past their promised ship date (the orders
 * desk) and refund requests waiting longer than a day (the refund desk). */
static void
show_desk_attention (SkDashboardPage *self,
                     gint64           now)
{
  g_autoptr(GError) error = NULL;
  guint counts[SK_ATTENTION_N_KINDS] = { 0 };
  SkContext *context = get_context (self);
  GtkWidget *row;

  if (!sk_order_desk_count_attention (self->database, now, counts, &error))
    g_debug ("Orders needing attention not counted: %s", error->message);

  /* counts[i] is for 1 << i. */
  if (counts[0] > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u order to confirm",
                                                             "%'u orders to confirm", counts[0]),
                                                counts[0]);

      row = attention_row_new (title, _("No confirmation with the promised ship date was sent yet"),
                               "mail-unread-symbolic", TRUE);
      gtk_widget_set_name (row, "attention-orders");
      g_object_set_data (G_OBJECT (row), "attention", GUINT_TO_POINTER (SK_ATTENTION_UNCONFIRMED));
      gtk_list_box_append (self->attention_list, row);
    }

  if (counts[1] > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%'u order past its promised ship date",
                                                             "%'u orders past their promised ship date",
                                                             counts[1]),
                                                counts[1]);

      row = attention_row_new (title, _("Ship them or tell the customers about the delay"),
                               "alarm-symbolic", TRUE);
      gtk_widget_set_name (row, "attention-orders");
      g_object_set_data (G_OBJECT (row), "attention", GUINT_TO_POINTER (SK_ATTENTION_LATE));
      gtk_list_box_append (self->attention_list, row);
    }

  if (context != NULL && sk_context_has_store (context))
    {
      SkRefundDesk *desk = sk_context_get_service (context, SK_TYPE_REFUND_DESK);
      gint64 waiting = sk_refund_desk_count_waiting (desk, 24 * 3600);

      if (waiting > 0)
        {
          g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%'lld refund request waiting for more than a day",
                                                                 "%'lld refund requests waiting for more than a day",
                                                                 (gulong) waiting),
                                                    (long long) waiting);

          row = attention_row_new (title, _("Decide them: the customer is waiting for an answer"),
                                   "edit-undo-symbolic", TRUE);
          gtk_widget_set_name (row, "refund-requests");
          gtk_list_box_append (self->attention_list, row);
        }
    }
}

static void
show_attention (SkDashboardPage   *self,
                const SkDashboard *dashboard)
{
  GtkWidget *row;
  gint64 now = sk_time_now_utc ();

  clear_children (GTK_WIDGET (self->attention_list));

  if (dashboard->waiting_orders > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%'lld order waiting for more than two days",
                                                             "%'lld orders waiting for more than two days",
                                                             (gulong) dashboard->waiting_orders),
                                                (long long) dashboard->waiting_orders);

      row = attention_row_new (title, _("Processing or on hold: confirm, ship or contact the customer"),
                               "mail-send-symbolic", TRUE);
      gtk_widget_set_name (row, "waiting-orders");
      gtk_list_box_append (self->attention_list, row);
    }

  show_desk_attention (self, now);

  for (guint i = 0; i < dashboard->overdue->len && i < MAX_OVERDUE_ROWS; i++)
    {
      const SkOverdueCustomer *customer = g_ptr_array_index (dashboard->overdue, i);
      g_autofree char *last = sk_time_format_relative (customer->last_order, now);
      g_autofree char *subtitle = NULL;

      /* Translators: an overdue regular customer: "usually every 14 days; last order 03/01/2026" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Usually orders every %lld day; last order %s",
                                               "Usually orders every %lld days; last order %s",
                                               (gulong) customer->usual_gap_days),
                                  (long long) customer->usual_gap_days, last);
      row = attention_row_new (customer->name, subtitle, "avatar-default-symbolic", TRUE);
      g_object_set_data_full (G_OBJECT (row), "profile-id",
                              g_memdup2 (&customer->profile_id, sizeof (gint64)), g_free);
      gtk_list_box_append (self->attention_list, row);
    }

  if (dashboard->n_overdue > MAX_OVERDUE_ROWS)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%'lld more regular customer is overdue",
                                                             "%'lld more regular customers are overdue",
                                                             (gulong) (dashboard->n_overdue - MAX_OVERDUE_ROWS)),
                                                (long long) (dashboard->n_overdue - MAX_OVERDUE_ROWS));

      gtk_list_box_append (self->attention_list,
                           attention_row_new (title, _("Find them in Customers, segment “At risk” or “Can’t lose”"),
                                              "view-more-symbolic", FALSE));
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->attention_list)) == NULL)
    gtk_list_box_append (self->attention_list,
                         attention_row_new (_("Nothing is waiting"),
                                            _("No order to confirm or late, no refund request waiting, "
                                              "no regular customer overdue"),
                                            "emblem-ok-symbolic", FALSE));
}

static void refresh_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
start_refresh (SkDashboardPage *self)
{
  if (self->database == NULL)
    return;

  if (self->refreshing)
    {
      /* A sync finished while the last refresh ran: go again after it. */
      self->refresh_again = TRUE;
      return;
    }

  self->refreshing = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sk_insights_refresh_async (sk_database_get_path (self->database),
                             self->cancellable,
                             refresh_done_cb,
                             g_object_ref (self));
}

static void
show_dashboard (SkDashboardPage *self)
{
  g_autoptr(SkDashboard) dashboard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *when = NULL;
  gint64 now = sk_time_now_utc ();

  if (self->database == NULL)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;

  dashboard = sk_insights_load_dashboard (self->database, self->days, now, &error);
  if (dashboard == NULL)
    {
      if (g_error_matches (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND))
        {
          gtk_stack_set_visible_child_name (self->stack, "computing");
          start_refresh (self);
        }
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      return;
    }

  show_attention (self, dashboard);
  show_figures (self, dashboard);
  show_charts (self, dashboard);
  show_cohorts (self, dashboard);

  when = sk_time_format_relative (dashboard->refreshed_at, now);
  /* Translators: when the dashboard's figures were computed, e.g. "Updated 5 minutes ago" */
  updated = g_strdup_printf (_("Updated %s"), when);
  gtk_label_set_text (self->updated_label, updated);
  gtk_stack_set_visible_child_name (self->stack, "dashboard");
}

/* Callbacks */

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SkDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sk_insights_refresh_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->refreshing = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (!ok && g_error_matches (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_BUSY))
    {
      /* A sync is writing: keep what is shown; the window asks again
       * when the sync is done. */
      g_debug ("Figures not refreshed: %s", error->message);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "computing") == 0)
        show_dashboard (self);
      return;
    }

  if (!ok)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  show_dashboard (self);
  g_signal_emit (self, signals[SIGNAL_INSIGHTS_CHANGED], 0);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_refresh (self);
    }
}

static void
period_toggled_cb (SkDashboardPage *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->week_button)
    sk_dashboard_page_set_days (self, 7);
  else if (button == self->quarter_button)
    sk_dashboard_page_set_days (self, 90);
  else
    sk_dashboard_page_set_days (self, 30);
}

static void
attention_row_activated_cb (SkDashboardPage *self,
                            GtkListBoxRow   *row,
                            GtkListBox      *list)
{
  const gint64 *profile_id = g_object_get_data (G_OBJECT (row), "profile-id");

  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SK_TYPE_WINDOW);

  if (profile_id != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_CUSTOMER], 0, *profile_id);
  else if (g_strcmp0 (name, "waiting-orders") == 0)
    g_signal_emit (self, signals[SIGNAL_OPEN_WAITING_ORDERS], 0);
  else if (g_strcmp0 (name, "attention-orders") == 0 && window != NULL)
    {
      /* The window switches to Orders; then the needs-attention filter. */
      g_signal_emit (self, signals[SIGNAL_OPEN_WAITING_ORDERS], 0);
      sk_orders_page_show_attention (SK_ORDERS_PAGE (sk_window_get_orders_page (SK_WINDOW (window))),
                                     GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "attention")));
    }
  else if (g_strcmp0 (name, "refund-requests") == 0 && window != NULL)
    {
      SkRefundDesk *desk = sk_context_get_service (sk_window_get_context (SK_WINDOW (window)), SK_TYPE_REFUND_DESK);
      g_autoptr(GPtrArray) queue = sk_refund_desk_list_queue (desk, NULL);

      /* Oldest first: the one waiting longest. */
      if (queue != NULL && queue->len > 0)
        sk_window_show_refund_request (SK_WINDOW (window), ((SkRefundRequest *) queue->pdata[0])->id);
    }
}

/* GtkWidget */

static void
sk_dashboard_page_map (GtkWidget *widget)
{
  SkDashboardPage *self = SK_DASHBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (sk_dashboard_page_parent_class)->map (widget);

  /* Always: merges, erasures and desk work change what needs attention
   * without a sync; reading the figures takes a few milliseconds. */
  sk_dashboard_page_reload (self);
}

/* GObject */

static void
sk_dashboard_page_dispose (GObject *object)
{
  SkDashboardPage *self = SK_DASHBOARD_PAGE (object);

  /* The worker keeps a reference until it finishes; cancelling lets it
   * finish (and the window go) without waiting for the figures. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->database);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (sk_dashboard_page_parent_class)->dispose (object);
}

static void
sk_dashboard_page_finalize (GObject *object)
{
  SkDashboardPage *self = SK_DASHBOARD_PAGE (object);

  g_clear_pointer (&self->figure_texts, g_hash_table_unref);

  G_OBJECT_CLASS (sk_dashboard_page_parent_class)->finalize (object);
}

static void
sk_dashboard_page_class_init (SkDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_dashboard_page_dispose;
  object_class->finalize = sk_dashboard_page_finalize;

  widget_class->map = sk_dashboard_page_map;

  signals[SIGNAL_OPEN_CUSTOMER] =
    g_signal_new ("open-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_OPEN_WAITING_ORDERS] =
    g_signal_new ("open-waiting-orders", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_INSIGHTS_CHANGED] =
    g_signal_new ("insights-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SK_TYPE_CHART);
  g_type_ensure (SK_TYPE_COHORT_GRID);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/dashboard/sk-dashboard-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, quarter_button);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, attention_list);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, revenue_group);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, revenue_chart);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, customers_chart);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, cohort_grid);
  gtk_widget_class_bind_template_child (widget_class, SkDashboardPage, error_page);

  gtk_widget_class_bind_template_callback (widget_class, period_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, attention_row_activated_cb);
}

static void
sk_dashboard_page_init (SkDashboardPage *self)
{
  self->days = 30;
  self->figure_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
sk_dashboard_page_new (void)
{
  return g_object_new (SK_TYPE_DASHBOARD_PAGE, NULL);
}

void
sk_dashboard_page_set_database (SkDashboardPage *self,
                                SkDatabase      *database)
{
  g_return_if_fail (SK_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (database == NULL || SK_IS_DATABASE (database));

  if (!g_set_object (&self->database, database))
    return;

  sk_dashboard_page_reload (self);
}

guint
sk_dashboard_page_get_days (SkDashboardPage *self)
{
  g_return_val_if_fail (SK_IS_DASHBOARD_PAGE (self), 30);

  return self->days;
}

void
sk_dashboard_page_set_days (SkDashboardPage *self,
                            guint            days)
{
  GtkToggleButton *button;

  g_return_if_fail (SK_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (days == 7 || days == 30 || days == 90);

  button = days == 7 ? self->week_button : days == 90 ? self->quarter_button : self->month_button;
  if (!gtk_toggle_button_get_active (button))
    gtk_toggle_button_set_active (button, TRUE);

  if (self->days == days)
    return;

  self->days = days;
  show_dashboard (self);
}

void
sk_dashboard_page_refresh_insights (SkDashboardPage *self)
{
  g_return_if_fail (SK_IS_DASHBOARD_PAGE (self));

  start_refresh (self);
}

void
sk_dashboard_page_reload (SkDashboardPage *self)
{
  g_return_if_fail (SK_IS_DASHBOARD_PAGE (self));

  if (self->database == NULL)
    return;

  show_dashboard (self);
  if (sk_insights_is_stale (self->database, sk_time_now_utc ()))
    start_refresh (self);
}

gboolean
sk_dashboard_page_get_refreshing (SkDashboardPage *self)
{
  g_return_val_if_fail (SK_IS_DASHBOARD_PAGE (self), FALSE);

  return self->refreshing;
}

const char *
sk_dashboard_page_get_figure_text (SkDashboardPage *self,
                                   const char      *id)
{
  g_return_val_if_fail (SK_IS_DASHBOARD_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->figure_texts, id);
}
