/* sk-orders-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-orders-page"

#include "config.h"

#include "sk-orders-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sk-database.h"
#include "sk-order-list.h"
#include "sk-order-object.h"
#include "sk-column-sorter.h"
#include "sk-ui-format.h"

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
  GtkSingleSelection *selection;
  AdwStatusPage      *error_page;
  GtkLabel           *count_label;
  GtkRevealer        *details_back_revealer;
  SkOrderDetailsView *details_view;

  /* owned references */
  SkDatabase         *database;
  SkOrderList        *orders;
  /* The slugs behind the status drop-down's rows 1…n (row 0 is "All"). */
  GStrv               status_slugs;

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
};

G_DEFINE_FINAL_TYPE (SkOrdersPage, sk_orders_page, GTK_TYPE_WIDGET)

/* The width the table's columns need (sum of the fixed widths in
 * sk-orders-page.ui plus room for names), and the details pane's share
 * beside it when unfolded (its width-request plus the separator). */
#define COMPACT_WIDTH 560
#define DETAILS_WIDTH 301

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
get_selected_id (SkOrdersPage *self)
{
  SkOrderObject *order = gtk_single_selection_get_selected_item (self->selection);

  return order != NULL ? sk_order_object_get_id (order) : 0;
}

static void
select_id (SkOrdersPage *self,
           gint64        id)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (id != 0 && self->orders != NULL)
    position = sk_order_list_find (self->orders, id);

  if (position == G_MAXUINT)
    position = GTK_INVALID_LIST_POSITION;

  gtk_single_selection_set_selected (self->selection, position);
}

static void
update_state (SkOrdersPage *self)
{
  g_autofree char *count = NULL;
  const GError *error = NULL;
  const char *page;
  guint n_items = 0;

  if (self->orders != NULL)
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
      error = sk_order_list_get_error (self->orders);
    }

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (n_items > 0)
    page = self->compact ? "list" : "table";
  else if (self->database != NULL
           && sk_order_list_get_status (self->orders) == NULL
           && (sk_order_list_get_search (self->orders) == NULL
               || sk_order_list_get_search (self->orders)[0] == '\0')
           && sk_database_count_orders (self->database) == 0)
    page = "empty";
  else
    page = "no-results";

  gtk_stack_set_visible_child_name (self->list_stack, page);

  count = sk_ui_format_order_count (n_items);
  gtk_label_set_text (self->count_label, count);
}

static void
show_selected (SkOrdersPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = get_selected_id (self);

  /* The view shows its own error page; the message is kept in the log too
   * because it may come from a damaged database. */
  if (!sk_order_details_view_show_order (self->details_view, self->database, id, &error))
    g_message ("Cannot show order %" G_GINT64_FORMAT ": %s", id, error->message);
}

static void
refresh_statuses (SkOrdersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) slugs = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  const char *current;
  guint selected = 0;
  guint n_old;

  current = self->orders != NULL ? sk_order_list_get_status (self->orders) : NULL;

  if (self->database != NULL)
    {
      slugs = sk_database_list_order_statuses (self->database, &error);
      if (slugs == NULL)
        g_message ("Cannot list order statuses: %s", error->message);
    }

  if (slugs == NULL)
    slugs = g_new0 (char *, 1);

  labels = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (labels, g_strdup (_("All Statuses")));
  for (guint i = 0; slugs[i] != NULL; i++)
    {
      g_ptr_array_add (labels, sk_ui_format_status_label (slugs[i]));
      if (current != NULL && g_str_equal (current, slugs[i]))
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  self->updating = TRUE;
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->status_labels));
  gtk_string_list_splice (self->status_labels, 0, n_old, (const char * const *) labels->pdata);
  g_strfreev (self->status_slugs);
  self->status_slugs = g_steal_pointer (&slugs);
  gtk_drop_down_set_selected (self->status_dropdown, selected);
  self->updating = FALSE;

  /* The filtered status disappeared from the data: show everything rather
   * than an empty table with no way to see why. */
  if (current != NULL && selected == 0)
    sk_order_list_set_status (self->orders, NULL);
}

static void
apply_sort (SkOrdersPage *self)
{
  int sort = SK_ORDER_SORT_DATE;
  gboolean descending = TRUE;
  gint64 selected_id;

  if (self->disposed || self->orders == NULL)
    return;

  /* No column sorted (the user clicked a third time): newest first. */
  if (!sk_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &sort, &descending))
    {
      sort = SK_ORDER_SORT_DATE;
      descending = TRUE;
    }

  if (sort == sk_order_list_get_sort (self->orders)
      && descending == sk_order_list_get_descending (self->orders))
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_set_sort (self->orders, sort, descending);
  select_id (self, selected_id);
  self->updating = FALSE;
  update_state (self);
}

static void
search_changed_cb (SkOrdersPage   *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gint64 selected_id;

  if (self->orders == NULL)
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_set_search (self->orders, text);
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);
}

static void
stop_search_cb (SkOrdersPage   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
status_selected_cb (SkOrdersPage *self,
                    GParamSpec   *pspec,
                    GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *status = NULL;
  gint64 selected_id;

  if (self->updating || self->disposed || self->orders == NULL)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0
      && self->status_slugs != NULL && selected <= g_strv_length (self->status_slugs))
    status = self->status_slugs[selected - 1];

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_set_status (self->orders, status);
  select_id (self, selected_id);
  self->updating = FALSE;
  show_selected (self);
  update_state (self);
}

static void
selection_changed_cb (SkOrdersPage       *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  if (self->updating || self->disposed)
    return;

  show_selected (self);
}

static void
view_activate_cb (SkOrdersPage *self,
                  guint         position,
                  GtkWidget    *view)
{
  /* Activation (Enter, double click, or a single click when folded) opens
   * the details; unfolded they are already beside the table. */
  gtk_single_selection_set_selected (self->selection, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
}

static void
leaflet_folded_cb (SkOrdersPage *self,
                   GParamSpec   *pspec,
                   AdwLeaflet   *leaflet)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  if (self->disposed)
    return;

  gtk_revealer_set_reveal_child (self->details_back_revealer, folded);
  /* Narrow and on touch screens one tap should open an order. */
  gtk_column_view_set_single_click_activate (self->column_view, folded);
}

static void
sorter_changed_cb (SkOrdersPage     *self,
                   GtkSorterChange   change,
                   GtkSorter        *sorter)
{
  apply_sort (self);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
sk_orders_page_dispose (GObject *object)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_clear_handle_id (&self->compact_idle_id, g_source_remove);
  g_clear_object (&self->orders);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ORDERS_PAGE);

  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (sk_orders_page_parent_class)->dispose (object);
}

static void
sk_orders_page_finalize (GObject *object)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);

  g_clear_pointer (&self->status_slugs, g_strfreev);

  G_OBJECT_CLASS (sk_orders_page_parent_class)->finalize (object);
}

static void
sk_orders_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_orders_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      sk_orders_page_set_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
apply_compact_cb (gpointer user_data)
{
  SkOrdersPage *self = user_data;

  self->compact_idle_id = 0;
  update_state (self);

  return G_SOURCE_REMOVE;
}

static void
sk_orders_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SkOrdersPage *self = SK_ORDERS_PAGE (widget);
  int table_width = width;
  gboolean compact;

  if (!adw_leaflet_get_folded (self->leaflet))
    table_width -= DETAILS_WIDTH;
  compact = table_width < COMPACT_WIDTH;

  if (compact != self->compact && !self->disposed)
    {
      self->compact = compact;
      if (self->compact_idle_id == 0)
        self->compact_idle_id = g_idle_add (apply_compact_cb, self);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* Laid out like a GtkBinLayout, by hand: a layout manager would take
 * size_allocate away from the page, and the page needs its width. */
static void
sk_orders_page_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
sk_orders_page_class_init (SkOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_orders_page_dispose;
  object_class->finalize = sk_orders_page_finalize;
  object_class->get_property = sk_orders_page_get_property;
  object_class->set_property = sk_orders_page_set_property;

  widget_class->measure = sk_orders_page_measure;
  widget_class->size_allocate = sk_orders_page_size_allocate;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         SK_TYPE_DATABASE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SK_TYPE_ORDER_DETAILS_VIEW);
  g_type_ensure (SK_TYPE_ORDER_OBJECT);
  g_type_ensure (SK_TYPE_COLUMN_SORTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shopkeeper/Shopkeeper/orders/sk-orders-page.ui");
  gtk_widget_class_set_css_name (widget_class, "orderspage");

  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, status_labels);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, date_column);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, details_back_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkOrdersPage, details_view);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  /* The cell factories inherit this scope, so their <closure>s find these. */
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_money_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_date_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_count_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_status_label_closure);
  gtk_widget_class_bind_template_callback (widget_class, sk_ui_status_classes_closure);

  gtk_widget_class_install_action (widget_class, "orders.show-list", NULL, show_list_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "orders.show-list", NULL);
}

static void
sk_orders_page_init (SkOrdersPage *self)
{
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  /* Newest first, shown as such in the Date header. */
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (view_sorter, "changed",
                           G_CALLBACK (sorter_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  leaflet_folded_cb (self, NULL, self->leaflet);
  refresh_statuses (self);
  update_state (self);
}

GtkWidget *
sk_orders_page_new (void)
{
  return g_object_new (SK_TYPE_ORDERS_PAGE, NULL);
}

SkDatabase *
sk_orders_page_get_database (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->database;
}

void
sk_orders_page_set_database (SkOrdersPage *self,
                             SkDatabase   *database)
{
  g_return_if_fail (SK_IS_ORDERS_PAGE (self));
  g_return_if_fail (database == NULL || SK_IS_DATABASE (database));

  if (self->database == database)
    return;

  g_set_object (&self->database, database);
  g_clear_object (&self->orders);

  if (database != NULL)
    {
      self->orders = sk_order_list_new (database);
      /* Apply the search typed and sort chosen before the database came. */
      sk_order_list_set_search (self->orders, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
    }

  self->updating = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->orders));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  apply_sort (self);
  refresh_statuses (self);
  show_selected (self);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

void
sk_orders_page_reload (SkOrdersPage *self)
{
  gint64 selected_id;

  g_return_if_fail (SK_IS_ORDERS_PAGE (self));

  if (self->orders == NULL)
    return;

  selected_id = get_selected_id (self);
  self->updating = TRUE;
  sk_order_list_reload (self->orders);
  select_id (self, selected_id);
  self->updating = FALSE;

  refresh_statuses (self);
  /* The selected order may have changed in the store: show it afresh. */
  show_selected (self);
  update_state (self);
}

void
sk_orders_page_focus_search (SkOrdersPage *self)
{
  g_return_if_fail (SK_IS_ORDERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

SkOrderList *
sk_orders_page_get_order_list (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->orders;
}

GtkColumnView *
sk_orders_page_get_column_view (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->column_view;
}

GtkEditable *
sk_orders_page_get_search_entry (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
sk_orders_page_get_status_dropdown (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->status_dropdown;
}

SkOrderDetailsView *
sk_orders_page_get_details_view (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return self->details_view;
}

const char *
sk_orders_page_get_count_text (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return gtk_label_get_text (self->count_label);
}

const char *
sk_orders_page_get_state (SkOrdersPage *self)
{
  g_return_val_if_fail (SK_IS_ORDERS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->list_stack);
}
