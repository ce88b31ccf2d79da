/* sk-cohort-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-cohort-grid"

#include "config.h"

#include "sk-cohort-grid.h"

#include <glib/gi18n.h>

#define ROW_HEIGHT   24
#define LABEL_WIDTH  90
#define HEADER_ROWS  1

struct _SkCohortGrid
{
  GtkWidget  parent_instance;

  guint      n_cohorts;
  guint      n_columns;
  GStrv      labels;
  GArray    *sizes;     /* gint64 */
  GArray    *retained;  /* gint64, n_cohorts × n_columns */
};

G_DEFINE_FINAL_TYPE (SkCohortGrid, sk_cohort_grid, GTK_TYPE_WIDGET)

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

/* Cohort c has only lived through n_cohorts - c months so far. */
static gboolean
cell_exists (SkCohortGrid *self,
             guint         c,
             guint         k)
{
  return c < self->n_cohorts && k < self->n_columns && k < self->n_cohorts - c
         && g_array_index (self->sizes, gint64, c) > 0;
}

static double
column_width (SkCohortGrid *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->n_columns == 0)
    return 0;

  return MAX (1.0, (double) (width - LABEL_WIDTH) / self->n_columns);
}

static void
draw_text (SkCohortGrid *self,
           GtkSnapshot  *snapshot,
           const char   *text,
           double        x,
           double        y,
           double        width,
           const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int text_width, text_height;

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  if (text_width > width - 2)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((float) (x + (width - text_width) / 2.0),
                                                (float) (y + (ROW_HEIGHT - text_height) / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
sk_cohort_grid_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SkCohortGrid *self = SK_COHORT_GRID (widget);
  GdkRGBA accent = lookup_color (widget, "accent_bg_color", "#3584e4");
  GdkRGBA on_accent = lookup_color (widget, "accent_fg_color", "#ffffff");
  GdkRGBA fg;
  double col = column_width (self);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* Header: months since the first purchase. */
  for (guint k = 0; k < self->n_columns; k++)
    {
      g_autofree char *text = g_strdup_printf ("+%u", k);

      draw_text (self, snapshot, text, LABEL_WIDTH + k * col, 0, col, &fg);
    }

  for (guint c = 0; c < self->n_cohorts; c++)
    {
      double y = (c + HEADER_ROWS) * ROW_HEIGHT;

      draw_text (self, snapshot, self->labels[c], 0, y, LABEL_WIDTH, &fg);

      for (guint k = 0; k < self->n_columns; k++)
        {
          int permille = sk_cohort_grid_get_permille (self, c, k);
          GdkRGBA cell = accent;
          g_autofree char *text = NULL;

          /* No new customer that month: a dash, so the row does not
           * look as if it failed to draw. */
          if (permille < 0 && k == 0)
            {
              GdkRGBA dim = fg;

              dim.alpha *= 0.55f;
              draw_text (self, snapshot, "–", LABEL_WIDTH, y, col, &dim);
            }
          if (permille < 0)
            continue;

          /* Month 0 is always 100 %: shade it lightly so the eye goes to
           * the months that tell something. */
          cell.alpha = k == 0 ? 0.25f : (float) (0.12 + 0.88 * MIN (1.0, permille / 500.0));
          gtk_snapshot_append_color (snapshot, &cell,
                                     &GRAPHENE_RECT_INIT ((float) (LABEL_WIDTH + k * col + 1), (float) (y + 1),
                                                          (float) (col - 2), ROW_HEIGHT - 2));
          /* Translators: a share of customers in the retention grid, in per cent */
          text = g_strdup_printf (_("%d %%"), (permille + 5) / 10);
          draw_text (self, snapshot, text, LABEL_WIDTH + k * col, y, col,
                     cell.alpha > 0.5f ? &on_accent : &fg);
        }
    }
}

static void
sk_cohort_grid_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SkCohortGrid *self = SK_COHORT_GRID (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + 12 * (int) self->n_columns;
      *natural = LABEL_WIDTH + 56 * (int) self->n_columns;
    }
  else
    *minimum = *natural = (int) (self->n_cohorts + HEADER_ROWS) * ROW_HEIGHT;
}

static gboolean
sk_cohort_grid_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  SkCohortGrid *self = SK_COHORT_GRID (widget);
  double col = column_width (self);
  g_autofree char *text = NULL;
  int row = y / ROW_HEIGHT - HEADER_ROWS;
  int k;
  int permille;
  gint64 size;

  if (keyboard_mode || x < LABEL_WIDTH || row < 0 || col <= 0)
    return FALSE;

  k = (int) ((x - LABEL_WIDTH) / col);
  permille = sk_cohort_grid_get_permille (self, (guint) row, (guint) k);
  if (permille < 0)
    return FALSE;

  size = g_array_index (self->sizes, gint64, row);
  if (k == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s: %lld new customer",
                                         "%s: %lld new customers",
                                         (gulong) size),
                            self->labels[row], (long long) size);
  else
    /* Translators: "March 2026: 35 % of 120 customers ordered again 2 months later" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s: %d %% of %lld customers ordered again %d month later",
                                         "%s: %d %% of %lld customers ordered again %d months later",
                                         (gulong) k),
                            self->labels[row], (permille + 5) / 10, (long long) size, k);

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
sk_cohort_grid_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sk_cohort_grid_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
sk_cohort_grid_finalize (GObject *object)
{
  SkCohortGrid *self = SK_COHORT_GRID (object);

  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->retained, g_array_unref);

  G_OBJECT_CLASS (sk_cohort_grid_parent_class)->finalize (object);
}

static void
sk_cohort_grid_class_init (SkCohortGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sk_cohort_grid_finalize;

  widget_class->snapshot = sk_cohort_grid_snapshot;
  widget_class->measure = sk_cohort_grid_measure;
  widget_class->query_tooltip = sk_cohort_grid_query_tooltip;
  widget_class->css_changed = sk_cohort_grid_css_changed;

  gtk_widget_class_set_css_name (widget_class, "cohortgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sk_cohort_grid_init (SkCohortGrid *self)
{
  self->labels = g_new0 (char *, 1);
  self->sizes = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->retained = g_array_new (FALSE, TRUE, sizeof (gint64));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sk_cohort_grid_new (void)
{
  return g_object_new (SK_TYPE_COHORT_GRID, NULL);
}

void
sk_cohort_grid_set_data (SkCohortGrid       *self,
                         guint               n_cohorts,
                         guint               n_columns,
                         const char * const *labels,
                         const gint64       *sizes,
                         const gint64       *retained)
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (SK_IS_COHORT_GRID (self));
  g_return_if_fail (n_cohorts == 0 || (labels != NULL && sizes != NULL && retained != NULL));

  self->n_cohorts = n_cohorts;
  self->n_columns = n_columns;
  g_strfreev (self->labels);
  self->labels = g_new0 (char *, n_cohorts + 1);
  g_array_set_size (self->sizes, 0);
  g_array_set_size (self->retained, 0);
  for (guint c = 0; c < n_cohorts; c++)
    self->labels[c] = g_strdup (labels[c]);
  g_array_append_vals (self->sizes, sizes, n_cohorts);
  g_array_append_vals (self->retained, retained, (guint) n_cohorts * n_columns);

  /* The values for screen readers: each cohort's size and the share
   * still buying one, two and three months later. */
  for (guint c = 0; c < n_cohorts; c++)
    {
      gint64 size = sizes[c];

      if (size <= 0)
        continue;

      if (description->len > 0)
        g_string_append (description, "; ");
      g_string_append_printf (description,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s: %lld new customer",
                                           "%s: %lld new customers",
                                           (gulong) size),
                              labels[c], (long long) size);
      for (guint k = 1; k < MIN (4, n_columns); k++)
        {
          int permille = sk_cohort_grid_get_permille (self, c, k);

          if (permille >= 0)
            /* Translators: part of the retention grid's description: "+2: 35 %" */
            g_string_append_printf (description, _(", +%u: %d %%"), k, (permille + 5) / 10);
        }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

int
sk_cohort_grid_get_permille (SkCohortGrid *self,
                             guint         c,
                             guint         k)
{
  gint64 size;

  g_return_val_if_fail (SK_IS_COHORT_GRID (self), -1);

  if (!cell_exists (self, c, k))
    return -1;

  size = g_array_index (self->sizes, gint64, c);

  return (int) (g_array_index (self->retained, gint64, c * self->n_columns + k) * 1000 / size);
}
