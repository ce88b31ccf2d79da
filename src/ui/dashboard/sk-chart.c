/* sk-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-chart"

#include "config.h"

#include "sk-chart.h"

#define CHART_HEIGHT 140
#define GAP_FRACTION 0.2

struct _SkChart
{
  GtkWidget  parent_instance;

  GArray    *first;         /* gint64 */
  GArray    *second;        /* gint64, empty for one series */
  GStrv      tooltips;
  char      *description;
};

G_DEFINE_FINAL_TYPE (SkChart, sk_chart, GTK_TYPE_WIDGET)

static gint64
point_total (SkChart *self,
             guint    i)
{
  gint64 total = MAX (0, g_array_index (self->first, gint64, i));

  if (self->second->len > i)
    total += MAX (0, g_array_index (self->second, gint64, i));

  return total;
}

/* A colour of the style sheet (libadwaita's named colours), so the chart
 * follows the light and dark styles and high contrast. */
static GdkRGBA
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color))
    gdk_rgba_parse (&color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return color;
}

static void
sk_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  SkChart *self = SK_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA first_color = lookup_color (widget, "accent_bg_color", "#3584e4");
  GdkRGBA second_color = lookup_color (widget, "success_bg_color", "#2ec27e");
  GdkRGBA axis_color;
  gint64 max = 0;
  double slot;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &axis_color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  axis_color.alpha *= 0.25f;

  gtk_snapshot_append_color (snapshot, &axis_color,
                             &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  if (self->first->len == 0 || width <= 0 || height <= 1)
    return;

  for (guint i = 0; i < self->first->len; i++)
    max = MAX (max, point_total (self, i));
  if (max == 0)
    return;

  slot = (double) width / self->first->len;

  for (guint i = 0; i < self->first->len; i++)
    {
      double bar_width = MAX (1.0, slot * (1.0 - GAP_FRACTION));
      double x = i * slot + (slot - bar_width) / 2.0;
      double usable = height - 1;
      double first_h = usable * MAX (0, g_array_index (self->first, gint64, i)) / (double) max;
      double second_h = 0;

      if (self->second->len > i)
        second_h = usable * MAX (0, g_array_index (self->second, gint64, i)) / (double) max;

      gtk_snapshot_append_color (snapshot, &first_color,
                                 &GRAPHENE_RECT_INIT (x, usable - first_h, bar_width, first_h));
      if (second_h > 0)
        gtk_snapshot_append_color (snapshot, &second_color,
                                   &GRAPHENE_RECT_INIT (x, usable - first_h - second_h, bar_width, second_h));
    }
}

static void
sk_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 600;
    }
  else
    *minimum = *natural = CHART_HEIGHT;
}

static gboolean
sk_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip)
{
  SkChart *self = SK_CHART (widget);
  int point;

  /* From the keyboard there is no pointer: the description says it all. */
  if (keyboard_mode)
    point = -1;
  else
    point = sk_chart_point_at (self, x);

  if (point < 0)
    {
      if (self->description == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, self->description);
      return TRUE;
    }

  gtk_tooltip_set_text (tooltip, self->tooltips[point]);

  return TRUE;
}

static void
sk_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sk_chart_parent_class)->css_changed (widget, change);

  /* Light to dark: the named colours changed. */
  gtk_widget_queue_draw (widget);
}

static void
sk_chart_finalize (GObject *object)
{
  SkChart *self = SK_CHART (object);

  g_clear_pointer (&self->first, g_array_unref);
  g_clear_pointer (&self->second, g_array_unref);
  g_clear_pointer (&self->tooltips, g_strfreev);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (sk_chart_parent_class)->finalize (object);
}

static void
sk_chart_class_init (SkChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sk_chart_finalize;

  widget_class->snapshot = sk_chart_snapshot;
  widget_class->measure = sk_chart_measure;
  widget_class->query_tooltip = sk_chart_query_tooltip;
  widget_class->css_changed = sk_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sk_chart_init (SkChart *self)
{
  self->first = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->second = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tooltips = g_new0 (char *, 1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sk_chart_new (void)
{
  return g_object_new (SK_TYPE_CHART, NULL);
}

void
sk_chart_set_data (SkChart            *self,
                   guint               n_points,
                   const gint64       *first,
                   const gint64       *second,
                   const char * const *tooltips,
                   const char         *description)
{
  g_return_if_fail (SK_IS_CHART (self));
  g_return_if_fail (first != NULL || n_points == 0);
  g_return_if_fail (tooltips != NULL || n_points == 0);

  g_array_set_size (self->first, 0);
  g_array_set_size (self->second, 0);
  g_array_append_vals (self->first, first, n_points);
  if (second != NULL)
    g_array_append_vals (self->second, second, n_points);

  g_strfreev (self->tooltips);
  self->tooltips = g_new0 (char *, n_points + 1);
  for (guint i = 0; i < n_points; i++)
    self->tooltips[i] = g_strdup (tooltips[i] != NULL ? tooltips[i] : "");

  g_free (self->description);
  self->description = g_strdup (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : "",
                                  -1);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sk_chart_get_n_points (SkChart *self)
{
  g_return_val_if_fail (SK_IS_CHART (self), 0);

  return self->first->len;
}

int
sk_chart_point_at (SkChart *self,
                   double   x)
{
  int width;
  int point;

  g_return_val_if_fail (SK_IS_CHART (self), -1);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (self->first->len == 0 || width <= 0 || x < 0 || x >= width)
    return -1;

  point = (int) (x * self->first->len / width);

  return CLAMP (point, 0, (int) self->first->len - 1);
}

const char *
sk_chart_get_description (SkChart *self)
{
  g_return_val_if_fail (SK_IS_CHART (self), NULL);

  return self->description;
}
