/* sk-refund-slip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-slip"

#include "config.h"

#include "sk-refund-slip.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sk-window.h"

/* A4 in points: the size of the PDF the tests check. */
#define A4_WIDTH   595.0
#define A4_HEIGHT  842.0

#define MARGIN     36.0
#define GAP        10.0
#define QTY_WIDTH  48.0
#define SKU_WIDTH  110.0
#define FOOTER     24.0

static void
slip_item_free (gpointer data)
{
  SkRefundSlipItem *item = data;

  g_free (item->name);
  g_free (item->sku);
  g_free (item);
}

SkRefundSlip *
sk_refund_slip_new (void)
{
  SkRefundSlip *slip = g_new0 (SkRefundSlip, 1);

  slip->items = g_ptr_array_new_with_free_func (slip_item_free);
  slip->instructions = g_ptr_array_new_with_free_func (g_free);

  return slip;
}

void
sk_refund_slip_free (SkRefundSlip *slip)
{
  if (slip == NULL)
    return;

  g_free (slip->request_number);
  g_free (slip->order_number);
  g_free (slip->customer_name);
  g_free (slip->shop_name);
  g_free (slip->shop_email);
  g_free (slip->shop_phone);
  g_free (slip->return_address);
  g_clear_pointer (&slip->items, g_ptr_array_unref);
  g_clear_pointer (&slip->instructions, g_ptr_array_unref);
  g_free (slip);
}

void
sk_refund_slip_add_item (SkRefundSlip *slip,
                         const char   *name,
                         const char   *sku,
                         guint         quantity)
{
  SkRefundSlipItem *item;

  g_return_if_fail (slip != NULL);
  g_return_if_fail (name != NULL);

  item = g_new0 (SkRefundSlipItem, 1);
  item->name = g_strdup (name);
  item->sku = sku != NULL && sku[0] != '\0' ? g_strdup (sku) : NULL;
  item->quantity = quantity;
  g_ptr_array_add (slip->items, item);
}

void
sk_refund_slip_add_instruction (SkRefundSlip *slip,
                                const char   *sentence)
{
  g_return_if_fail (slip != NULL);
  g_return_if_fail (sentence != NULL);

  g_ptr_array_add (slip->instructions, g_strdup (sentence));
}

SkRefundSlip *
sk_refund_slip_new_for_request (const SkRefundRequest *request,
                                const SkRefundPolicy  *policy,
                                const char            *shop_name,
                                const char            *shop_email,
                                const char            *shop_phone,
                                const char            *return_address,
                                gint64                 issued_at)
{
  SkRefundSlip *slip;
  g_autoptr(GString) conditions = g_string_new (NULL);

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  slip = sk_refund_slip_new ();

  slip->request_number = g_strdup (request->number);
  slip->order_number = g_strdup (request->order_number);
  slip->customer_name = g_strdup (request->customer_name);
  slip->issued_at = issued_at;
  slip->shop_name = g_strdup (shop_name);
  slip->shop_email = g_strdup (shop_email);
  slip->shop_phone = g_strdup (shop_phone);
  slip->return_address = g_strdup (return_address);

  for (guint i = 0; i < request->lines->len; i++)
    {
      const SkRefundRequestLine *line = g_ptr_array_index (request->lines, i);

      sk_refund_slip_add_item (slip, line->name, line->sku, (guint) CLAMP (line->quantity, 0, G_MAXUINT));
    }

  sk_refund_slip_add_instruction (slip, _("Pack the items safely and put this slip in the parcel."));
  if (sk_refund_reason_is_shop_fault (request->reason) || policy->return_shipping == SK_RETURN_SHIPPING_SHOP)
    sk_refund_slip_add_instruction (slip, _("The shop pays the return postage: keep the receipt and we will pay it back, or use the label we send you."));
  else
    sk_refund_slip_add_instruction (slip, _("Please pay the postage and keep the proof of postage until the return is settled."));
  if (!sk_refund_reason_is_shop_fault (request->reason))
    {
      for (guint bit = 0; bit < SK_RETURN_N_CONDITIONS; bit++)
        if (policy->required_conditions & (1u << bit))
          g_string_append_printf (conditions, "%s%s", conditions->len > 0 ? ", " : "", sk_return_condition_get_label (1u << bit));
      if (conditions->len > 0)
        {
          g_autofree char *sentence = NULL;

          /* Translators: on the printed slip; %s lists conditions: "Unopened, Original packaging" */
          sentence = g_strdup_printf (_("The goods must be returned in this condition: %s."), conditions->str);
          sk_refund_slip_add_instruction (slip, sentence);
        }
    }
  sk_refund_slip_add_instruction (slip, _("We settle the return as soon as the parcel arrives and let you know."));

  return slip;
}

/* The slip is a column of blocks laid out top to bottom; a block that does
 * not fit starts a new page. The same walk counts the pages and draws one,
 * so the two can never disagree. */
typedef struct
{
  const SkRefundSlip *slip;
  PangoContext       *context;
  cairo_t            *cr;          /* NULL when only counting */
  double              width;
  double              height;
  guint               draw_page;
  guint               page;
  double              y;
} Walk;

static PangoLayout *
make_layout (Walk       *walk,
             const char *text,
             const char *font,
             double      width)
{
  PangoLayout *layout = pango_layout_new (walk->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, pango_units_from_double (MAX (width, 1.0)));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);

  return pango_units_to_double (height);
}

static gboolean
drawing (Walk *walk)
{
  return walk->cr != NULL && walk->page == walk->draw_page;
}

static double
bottom (Walk *walk)
{
  return walk->height - MARGIN - FOOTER;
}

/* Makes room for a block of @height: a new page when it does not fit,
 * unless the page is still empty (a block taller than a page is cut
 * rather than looping forever). */
static void
reserve (Walk   *walk,
         double  height)
{
  if (walk->y + height > bottom (walk) && walk->y > MARGIN + 0.5)
    {
      walk->page++;
      walk->y = MARGIN;
    }
}

static void
show_layout_at (Walk        *walk,
                PangoLayout *layout,
                double       x,
                double       y)
{
  if (!drawing (walk))
    return;

  cairo_move_to (walk->cr, x, y);
  pango_cairo_show_layout (walk->cr, layout);
}

static void
paragraph (Walk       *walk,
           const char *text,
           const char *font,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (walk, text, font, walk->width - 2 * MARGIN);
  double height = layout_height (layout);

  reserve (walk, height);
  show_layout_at (walk, layout, MARGIN, walk->y);
  walk->y += height + space_after;
}

static void
request_box (Walk *walk)
{
  g_autofree char *label = NULL;
  g_autoptr(PangoLayout) number = NULL;
  g_autoptr(PangoLayout) hint = NULL;
  double inner = walk->width - 2 * MARGIN - 24;
  double height;

  number = make_layout (walk, walk->slip->request_number, "Sans Bold 28", inner);
  hint = make_layout (walk,
                      /* Translators: under the return number on the printed slip */
                      _("Write this number on the outside of the parcel and put this slip inside."),
                      "Sans 10", inner);
  height = 12 + layout_height (number) + 4 + layout_height (hint) + 12;

  reserve (walk, height);
  if (drawing (walk))
    {
      cairo_save (walk->cr);
      cairo_set_line_width (walk->cr, 1.5);
      cairo_rectangle (walk->cr, MARGIN, walk->y, walk->width - 2 * MARGIN, height);
      cairo_stroke (walk->cr);
      cairo_restore (walk->cr);
    }
  show_layout_at (walk, number, MARGIN + 12, walk->y + 12);
  show_layout_at (walk, hint, MARGIN + 12, walk->y + 12 + layout_height (number) + 4);
  walk->y += height + GAP * 1.5;
}

static void
rule (Walk *walk)
{
  if (drawing (walk))
    {
      cairo_save (walk->cr);
      cairo_set_line_width (walk->cr, 0.5);
      cairo_move_to (walk->cr, MARGIN, walk->y);
      cairo_line_to (walk->cr, walk->width - MARGIN, walk->y);
      cairo_stroke (walk->cr);
      cairo_restore (walk->cr);
    }
  walk->y += 4;
}

static double
item_row_height (Walk       *walk,
                 const char *quantity,
                 const char *name,
                 const char *sku,
                 const char *font)
{
  double name_width = walk->width - 2 * MARGIN - QTY_WIDTH - SKU_WIDTH - 2 * GAP;
  g_autoptr(PangoLayout) qty_layout = make_layout (walk, quantity, font, QTY_WIDTH);
  g_autoptr(PangoLayout) name_layout = make_layout (walk, name, font, name_width);
  g_autoptr(PangoLayout) sku_layout = make_layout (walk, sku != NULL ? sku : "", font, SKU_WIDTH);

  return MAX (layout_height (name_layout), MAX (layout_height (qty_layout), layout_height (sku_layout)));
}

static void
item_row (Walk       *walk,
          const char *quantity,
          const char *name,
          const char *sku,
          const char *font)
{
  double name_width = walk->width - 2 * MARGIN - QTY_WIDTH - SKU_WIDTH - 2 * GAP;
  g_autoptr(PangoLayout) qty_layout = make_layout (walk, quantity, font, QTY_WIDTH);
  g_autoptr(PangoLayout) name_layout = make_layout (walk, name, font, name_width);
  g_autoptr(PangoLayout) sku_layout = make_layout (walk, sku != NULL ? sku : "", font, SKU_WIDTH);
  double height;

  pango_layout_set_alignment (qty_layout, PANGO_ALIGN_RIGHT);
  height = MAX (layout_height (name_layout), MAX (layout_height (qty_layout), layout_height (sku_layout)));

  reserve (walk, height + 4);
  show_layout_at (walk, qty_layout, MARGIN, walk->y);
  show_layout_at (walk, name_layout, MARGIN + QTY_WIDTH + GAP, walk->y);
  show_layout_at (walk, sku_layout, walk->width - MARGIN - SKU_WIDTH, walk->y);
  walk->y += height + 4;
}

static void
items_header (Walk *walk)
{
  /* Translators: column heading on the printed return slip: quantity */
  item_row (walk, C_("slip column", "Qty"),
            /* Translators: column heading on the printed return slip */
            C_("slip column", "Item"),
            /* Translators: column heading on the printed return slip: stock-keeping unit */
            C_("slip column", "SKU"),
            "Sans Bold 10");
  rule (walk);
}

/* Paper outlives the screen: a date with the month spelt out and all four
 * digits of the year reads the same in every country ("%x" gives 01/15/26
 * in the C locale). */
static char *
format_paper_date (gint64 unix_utc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_utc);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  /* xgettext:no-c-format */
  /* Translators: the date format on printed return slips (see
   * g_date_time_format): day, month name, year */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static void
walk_slip (Walk *walk)
{
  const SkRefundSlip *slip = walk->slip;
  g_autoptr(GString) contact = g_string_new (NULL);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *issued = NULL;

  walk->page = 0;
  walk->y = MARGIN;

  if (slip->shop_name != NULL && slip->shop_name[0] != '\0')
    paragraph (walk, slip->shop_name, "Sans Bold 14", 2);
  if (slip->shop_email != NULL && slip->shop_email[0] != '\0')
    g_string_append (contact, slip->shop_email);
  if (slip->shop_phone != NULL && slip->shop_phone[0] != '\0')
    g_string_append_printf (contact, "%s%s", contact->len > 0 ? "  ·  " : "", slip->shop_phone);
  if (contact->len > 0)
    paragraph (walk, contact->str, "Sans 10", 2);
  walk->y += GAP;

  /* Translators: the title of the printed return slip */
  paragraph (walk, _("Return Authorisation"), "Sans Bold 20", GAP);
  request_box (walk);

  issued = format_paper_date (slip->issued_at);
  if (slip->order_number != NULL)
    {
      /* Translators: on the printed return slip; %s is the order number */
      g_string_append_printf (details, _("Order: %s"), slip->order_number);
      g_string_append_c (details, '\n');
    }
  if (slip->customer_name != NULL && slip->customer_name[0] != '\0')
    {
      /* Translators: on the printed return slip; %s is the customer's name */
      g_string_append_printf (details, _("Customer: %s"), slip->customer_name);
      g_string_append_c (details, '\n');
    }
  /* Translators: on the printed return slip; %s is a date */
  g_string_append_printf (details, _("Issued: %s"), issued);
  if (slip->return_by > 0)
    {
      g_autofree char *by = format_paper_date (slip->return_by);

      g_string_append_c (details, '\n');
      /* Translators: on the printed return slip; %s is the last day the parcel may be sent */
      g_string_append_printf (details, _("Send it back by: %s"), by);
    }
  paragraph (walk, details->str, "Sans 11", GAP * 1.5);

  /* Translators: heading on the printed return slip */
  paragraph (walk, _("Send the parcel to"), "Sans Bold 12", 4);
  if (slip->return_address != NULL && slip->return_address[0] != '\0')
    {
      g_autofree char *address = NULL;

      address = slip->shop_name != NULL && slip->shop_name[0] != '\0'
                ? g_strdup_printf ("%s\n%s", slip->shop_name, slip->return_address)
                : g_strdup (slip->return_address);
      paragraph (walk, address, "Sans 12", GAP * 1.5);
    }
  else
    paragraph (walk, _("Ask the shop for the return address."), "Sans Italic 11", GAP * 1.5);

  if (slip->instructions->len > 0)
    {
      /* Translators: heading on the printed return slip */
      paragraph (walk, _("How to return"), "Sans Bold 12", 4);
      for (guint i = 0; i < slip->instructions->len; i++)
        {
          g_autofree char *bullet = g_strdup_printf ("•  %s", (const char *) g_ptr_array_index (slip->instructions, i));

          paragraph (walk, bullet, "Sans 10", 3);
        }
      walk->y += GAP;
    }

  /* Translators: heading on the printed return slip */
  paragraph (walk, _("Items to return"), "Sans Bold 12", 4);
  items_header (walk);
  for (guint i = 0; i < slip->items->len; i++)
    {
      const SkRefundSlipItem *item = g_ptr_array_index (slip->items, i);
      g_autofree char *quantity = g_strdup_printf ("%u", item->quantity);

      /* A row that goes on a new page gets the headings again above it. */
      if (walk->y + item_row_height (walk, quantity, item->name, item->sku, "Sans 10") + 4 > bottom (walk))
        {
          walk->page++;
          walk->y = MARGIN;
          items_header (walk);
        }
      item_row (walk, quantity, item->name, item->sku, "Sans 10");
    }
}

static void
draw_footer (Walk  *walk,
             guint  n_pages)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  /* Translators: the footer of the printed return slip: return number,
   * page number, number of pages */
  text = g_strdup_printf (_("%s · page %u of %u"), walk->slip->request_number, walk->draw_page + 1, n_pages);
  layout = make_layout (walk, text, "Sans 8", walk->width - 2 * MARGIN);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  cairo_move_to (walk->cr, MARGIN, walk->height - MARGIN - layout_height (layout));
  pango_cairo_show_layout (walk->cr, layout);
}

static PangoContext *
make_context (cairo_t *cr)
{
  PangoContext *context;
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Points everywhere, and no hinting of metrics: counting pages (without
   * a surface) and drawing them must measure text the same way. */
  if (cr != NULL)
    context = pango_cairo_create_context (cr);
  else
    context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  return context;
}

guint
sk_refund_slip_get_n_pages (const SkRefundSlip *slip,
                            double              width,
                            double              height)
{
  PangoContext *context;
  Walk walk = { 0 };

  g_return_val_if_fail (slip != NULL, 1);
  g_return_val_if_fail (slip->request_number != NULL, 1);

  context = make_context (NULL);
  walk.slip = slip;
  walk.context = context;
  walk.width = width;
  walk.height = height;
  walk_slip (&walk);
  g_object_unref (context);

  return walk.page + 1;
}

void
sk_refund_slip_draw_page (const SkRefundSlip *slip,
                          cairo_t            *cr,
                          double              width,
                          double              height,
                          guint               page_nr)
{
  PangoContext *context;
  Walk walk = { 0 };
  guint n_pages;

  g_return_if_fail (slip != NULL);
  g_return_if_fail (slip->request_number != NULL);
  g_return_if_fail (cr != NULL);

  n_pages = sk_refund_slip_get_n_pages (slip, width, height);

  cairo_save (cr);
  /* Paper is white whatever the desktop's style: black ink. */
  cairo_set_source_rgb (cr, 0, 0, 0);

  context = make_context (cr);
  walk.slip = slip;
  walk.context = context;
  walk.cr = cr;
  walk.width = width;
  walk.height = height;
  walk.draw_page = page_nr;
  walk_slip (&walk);
  draw_footer (&walk, n_pages);
  g_object_unref (context);

  cairo_restore (cr);
}

gboolean
sk_refund_slip_write_pdf (const SkRefundSlip  *slip,
                          const char          *path,
                          GError             **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;

  g_return_val_if_fail (slip != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);

  n_pages = sk_refund_slip_get_n_pages (slip, A4_WIDTH, A4_HEIGHT);
  for (guint i = 0; i < n_pages; i++)
    {
      sk_refund_slip_draw_page (slip, cr, A4_WIDTH, A4_HEIGHT, i);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* Translators: %s is the file name, the second %s cairo's reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the return slip to %s: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                SkRefundSlip      *slip)
{
  gtk_print_operation_set_n_pages (operation,
                                   (int) sk_refund_slip_get_n_pages (slip,
                                                                     gtk_print_context_get_width (context),
                                                                     gtk_print_context_get_height (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              SkRefundSlip      *slip)
{
  sk_refund_slip_draw_page (slip,
                            gtk_print_context_get_cairo_context (context),
                            gtk_print_context_get_width (context),
                            gtk_print_context_get_height (context),
                            (guint) page_nr);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GtkWindow               *parent)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (SK_IS_WINDOW (parent) && error != NULL)
        sk_window_show_error (SK_WINDOW (parent), error->message);
      else if (error != NULL)
        g_message ("Printing the return slip failed: %s", error->message);
    }
}

void
sk_refund_slip_print (SkRefundSlip *slip,
                      GtkWindow    *parent)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_name = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (slip != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  operation = gtk_print_operation_new ();
  /* Translators: the print job's name; %s is the return number */
  job_name = g_strdup_printf (_("Return slip %s"), slip->request_number);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);

  /* The operation owns the slip from here, however it ends. */
  g_object_set_data_full (G_OBJECT (operation), "sk-refund-slip", slip,
                          (GDestroyNotify) sk_refund_slip_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), slip);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), slip);
  /* The window may close while the dialog is open: no handler then. */
  if (parent != NULL)
    g_signal_connect_object (operation, "done", G_CALLBACK (done_cb), parent, G_CONNECT_DEFAULT);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    {
      if (SK_IS_WINDOW (parent))
        sk_window_show_error (SK_WINDOW (parent), error->message);
      else
        g_message ("Printing the return slip failed: %s", error->message);
    }
}
