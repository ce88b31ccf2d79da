/* sk-order-print.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-order-print"

#include "config.h"

#include "sk-order-print.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sk-database.h"
#include "sk-money.h"
#include "sk-records.h"
#include "sk-shop-settings.h"
#include "sk-time.h"
#include "sk-ui-format.h"
#include "sk-window.h"

/* A4 in points, and the layout in points: paper is measured in them and
 * the fonts below are sized in them (the Pango context runs at 72 dpi). */
#define A4_WIDTH     595.28
#define A4_HEIGHT    841.89
#define MARGIN       42.0
#define GAP          14.0
#define ROW_PAD      4.0
#define QTY_WIDTH    44.0
#define MONEY_WIDTH  82.0

#define FONT_BODY    "Sans 9.5"
#define FONT_SMALL   "Sans 8"
#define FONT_BOLD    "Sans Bold 9.5"
#define FONT_SHOP    "Sans Bold 15"
#define FONT_TITLE   "Sans Bold 13"

typedef struct
{
  guint    order;        /* index into orders */
  guint    first_item;
  guint    n_items;
  gboolean first;        /* the order's first page: the full header */
  gboolean totals;       /* the totals go at the end of this page */
  guint    page_in_order;
  guint    pages_of_order;
} Page;

struct _SkOrderPrintJob
{
  SkOrderPrintKind  kind;
  GPtrArray        *orders;     /* SkOrderDetails */
  char             *shop_name;
  char             *shop_address;
  char             *shop_contact; /* phone · e-mail · web, one line */
  GArray           *pages;      /* Page */
  double            width;
  double            height;
  PangoContext     *pango;
};

typedef enum
{
  ALIGN_START,
  ALIGN_END,
  ALIGN_CENTER,
} Align;

/* Helpers */

static PangoLayout *
make_layout (SkOrderPrintJob *job,
             const char      *text,
             const char      *font,
             double           width,
             Align            align)
{
  PangoLayout *layout = pango_layout_new (job->pango);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* The document's direction, not each text's: a Hebrew name in an
   * English slip stays in its column's place, its letters still right to
   * left (Pango's bidi algorithm works inside the paragraph). */
  pango_layout_set_auto_dir (layout, FALSE);
  switch (align)
    {
    case ALIGN_END:
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      break;
    case ALIGN_CENTER:
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;
    case ALIGN_START:
    default:
      pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
      break;
    }
  /* Text from the store is never markup. */
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

/* Lays out @text in a box @width wide at (@x, @y); draws it when @cr is
 * not NULL. Returns its height. */
static double
text_block (SkOrderPrintJob *job,
            cairo_t         *cr,
            double           x,
            double           y,
            double           width,
            const char      *text,
            const char      *font,
            Align            align,
            double           grey)
{
  g_autoptr(PangoLayout) layout = make_layout (job, text, font, width, align);
  int w, h;

  pango_layout_get_size (layout, &w, &h);

  if (cr != NULL)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, grey, grey, grey);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }

  return (double) h / PANGO_SCALE;
}

static void
rule (cairo_t *cr,
      double   x,
      double   y,
      double   width,
      double   line_width,
      double   grey)
{
  if (cr == NULL)
    return;

  cairo_save (cr);
  cairo_set_source_rgb (cr, grey, grey, grey);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static char *
format_address (const SkAddress *a)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *place = NULL;
  const char *parts[6];

  name = g_strstrip (g_strdup_printf ("%s %s", a->first_name ? a->first_name : "", a->last_name ? a->last_name : ""));
  if (a->state != NULL && a->state[0] != '\0')
    place = g_strstrip (g_strdup_printf ("%s, %s %s", a->city ? a->city : "", a->state, a->postcode ? a->postcode : ""));
  else
    place = g_strstrip (g_strdup_printf ("%s %s", a->postcode ? a->postcode : "", a->city ? a->city : ""));

  parts[0] = name;
  parts[1] = a->company;
  parts[2] = a->address_1;
  parts[3] = a->address_2;
  parts[4] = place;
  parts[5] = a->country;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0' || g_str_equal (parts[i], ","))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, parts[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
money (gint64      minor,
       const char *currency)
{
  return sk_ui_money_closure (NULL, minor, currency);
}

static const char *
document_title (SkOrderPrintJob *job)
{
  return job->kind == SK_ORDER_PRINT_INVOICE ? _("Invoice") : _("Packing Slip");
}

/* The shop's name, address and contact line; the document's title. */
static double
draw_shop_header (SkOrderPrintJob *job,
                  cairo_t         *cr,
                  double           y)
{
  double content = job->width - 2 * MARGIN;
  double left = content * 0.62;
  double h_left = 0;
  double h_right;

  h_left += text_block (job, cr, MARGIN, y, left, job->shop_name, FONT_SHOP, ALIGN_START, 0);
  if (job->shop_address[0] != '\0')
    h_left += 2 + text_block (job, cr, MARGIN, y + h_left + 2, left, job->shop_address, FONT_SMALL, ALIGN_START, 0.25);
  if (job->shop_contact[0] != '\0')
    h_left += 2 + text_block (job, cr, MARGIN, y + h_left + 2, left, job->shop_contact, FONT_SMALL, ALIGN_START, 0.25);

  h_right = text_block (job, cr, MARGIN + left, y, content - left, document_title (job), FONT_TITLE, ALIGN_END, 0);

  return MAX (h_left, h_right);
}

static double
draw_order_header (SkOrderPrintJob      *job,
                   cairo_t              *cr,
                   double                y,
                   const SkOrderDetails *details)
{
  const SkOrderRecord *order = details->order;
  double content = job->width - 2 * MARGIN;
  double half = (content - GAP) / 2;
  g_autofree char *date = sk_time_format_date (order->date_created);
  g_autofree char *number = NULL;
  g_autofree char *placed = NULL;
  g_autofree char *shipping = format_address (&order->shipping);
  g_autofree char *billing = format_address (&order->billing);
  g_autoptr(GString) contact = g_string_new (billing);
  double start = y;
  double h1, h2;

  y += GAP;
  rule (cr, MARGIN, y, content, 1.0, 0);
  y += GAP * 0.6;

  /* Translators: on a packing slip or invoice; %s is the order number. */
  number = g_strdup_printf (_("Order %s"), order->number);
  h1 = text_block (job, cr, MARGIN, y, half, number, FONT_TITLE, ALIGN_START, 0);

  if (job->kind == SK_ORDER_PRINT_INVOICE && order->payment_method_title != NULL
      && order->payment_method_title[0] != '\0')
    /* Translators: on an invoice: the order's date, then how it was paid. */
    placed = g_strdup_printf (_("Placed %s · Paid by %s"), date, order->payment_method_title);
  else
    /* Translators: on a packing slip or invoice; %s is a date. */
    placed = g_strdup_printf (_("Placed %s"), date);
  h2 = text_block (job, cr, MARGIN + half + GAP, y + 3, half, placed, FONT_BODY, ALIGN_END, 0.2);
  y += MAX (h1, h2 + 3) + GAP;

  /* The e-mail and phone go with the billing address: the carrier may
   * call about the parcel, and the invoice names who paid. */
  if (order->billing.email != NULL && order->billing.email[0] != '\0')
    g_string_append_printf (contact, "\n%s", order->billing.email);
  if (order->billing.phone != NULL && order->billing.phone[0] != '\0')
    g_string_append_printf (contact, "\n%s", order->billing.phone);

  h1 = text_block (job, cr, MARGIN, y, half, _("Ship To"), FONT_BOLD, ALIGN_START, 0);
  h1 += 2 + text_block (job, cr, MARGIN, y + h1 + 2, half,
                        shipping[0] != '\0' ? shipping : billing, FONT_BODY, ALIGN_START, 0);
  h2 = text_block (job, cr, MARGIN + half + GAP, y, half, _("Bill To"), FONT_BOLD, ALIGN_START, 0);
  h2 += 2 + text_block (job, cr, MARGIN + half + GAP, y + h2 + 2, half, contact->str, FONT_BODY, ALIGN_START, 0);
  y += MAX (h1, h2) + GAP;

  if (order->customer_note != NULL && order->customer_note[0] != '\0')
    {
      double h = text_block (job, cr, MARGIN, y, content, _("Note from the Customer"), FONT_BOLD, ALIGN_START, 0);

      h += 2 + text_block (job, cr, MARGIN, y + h + 2, content, order->customer_note, FONT_BODY, ALIGN_START, 0.15);
      y += h + GAP;
    }

  return y - start;
}

static double
draw_continued_header (SkOrderPrintJob      *job,
                       cairo_t              *cr,
                       double                y,
                       const SkOrderDetails *details)
{
  double content = job->width - 2 * MARGIN;
  g_autofree char *text = NULL;
  double h;

  /* Translators: at the top of the second and later pages of one order's
   * slip or invoice: the document ("Invoice") and the order number. */
  text = g_strdup_printf (_("%s · Order %s (continued)"), document_title (job), details->order->number);
  h = text_block (job, cr, MARGIN, y, content, text, FONT_BOLD, ALIGN_START, 0);
  rule (cr, MARGIN, y + h + GAP / 2, content, 1.0, 0);

  return h + GAP;
}

/* The columns: product, quantity and, on an invoice, tax and amount. */
static void
columns (SkOrderPrintJob *job,
         double          *product_x,
         double          *product_w,
         double          *qty_x,
         double          *tax_x,
         double          *amount_x)
{
  double content = job->width - 2 * MARGIN;

  if (job->kind == SK_ORDER_PRINT_INVOICE)
    {
      *amount_x = MARGIN + content - MONEY_WIDTH;
      *tax_x = *amount_x - MONEY_WIDTH;
      *qty_x = *tax_x - QTY_WIDTH;
    }
  else
    {
      *amount_x = *tax_x = MARGIN + content;
      *qty_x = MARGIN + content - QTY_WIDTH;
    }
  *product_x = MARGIN;
  *product_w = *qty_x - MARGIN - GAP / 2;
}

static double
draw_table_header (SkOrderPrintJob *job,
                   cairo_t         *cr,
                   double           y)
{
  double px, pw, qx, tx, ax;
  double h;

  columns (job, &px, &pw, &qx, &tx, &ax);
  h = text_block (job, cr, px, y, pw, _("Product"), FONT_BOLD, ALIGN_START, 0);
  text_block (job, cr, qx, y, QTY_WIDTH, C_("quantity column", "Qty"), FONT_BOLD, ALIGN_END, 0);
  if (job->kind == SK_ORDER_PRINT_INVOICE)
    {
      text_block (job, cr, tx, y, MONEY_WIDTH, _("Tax"), FONT_BOLD, ALIGN_END, 0);
      text_block (job, cr, ax, y, MONEY_WIDTH, C_("invoice column", "Amount"), FONT_BOLD, ALIGN_END, 0);
    }
  rule (cr, MARGIN, y + h + ROW_PAD, job->width - 2 * MARGIN, 0.8, 0);

  return h + 2 * ROW_PAD;
}

static double
draw_item (SkOrderPrintJob         *job,
           cairo_t                 *cr,
           double                   y,
           const SkOrderItemRecord *item,
           const char              *currency)
{
  g_autofree char *quantity = sk_ui_count_closure (NULL, item->quantity);
  double px, pw, qx, tx, ax;
  double h;

  columns (job, &px, &pw, &qx, &tx, &ax);

  y += ROW_PAD;
  h = text_block (job, cr, px, y, pw, item->name, FONT_BODY, ALIGN_START, 0);
  if (item->sku != NULL && item->sku[0] != '\0')
    {
      /* Translators: under a product's name on a slip; %s is its SKU. */
      g_autofree char *sku = g_strdup_printf (_("SKU %s"), item->sku);

      h += 1 + text_block (job, cr, px, y + h + 1, pw, sku, FONT_SMALL, ALIGN_START, 0.35);
    }
  text_block (job, cr, qx, y, QTY_WIDTH, quantity, FONT_BODY, ALIGN_END, 0);

  if (job->kind == SK_ORDER_PRINT_INVOICE)
    {
      g_autofree char *tax = money (item->total_tax, currency);
      g_autofree char *amount = money (item->total, currency);

      text_block (job, cr, tx, y, MONEY_WIDTH, tax, FONT_BODY, ALIGN_END, 0);
      text_block (job, cr, ax, y, MONEY_WIDTH, amount, FONT_BODY, ALIGN_END, 0);
    }

  rule (cr, MARGIN, y + h + ROW_PAD, job->width - 2 * MARGIN, 0.3, 0.6);

  return h + 2 * ROW_PAD;
}

static double
draw_total_line (SkOrderPrintJob *job,
                 cairo_t         *cr,
                 double           y,
                 const char      *title,
                 gint64           minor,
                 const char      *currency,
                 gboolean         strong)
{
  g_autofree char *value = money (minor, currency);
  double right = job->width - MARGIN;
  double label_w = 160;
  double h;

  h = text_block (job, cr, right - MONEY_WIDTH - label_w, y, label_w, title,
                  strong ? FONT_BOLD : FONT_BODY, ALIGN_END, 0);
  text_block (job, cr, right - MONEY_WIDTH, y, MONEY_WIDTH, value,
              strong ? FONT_BOLD : FONT_BODY, ALIGN_END, 0);

  return h + 3;
}

static double
draw_totals (SkOrderPrintJob      *job,
             cairo_t              *cr,
             double                y,
             const SkOrderDetails *details)
{
  const SkOrderRecord *order = details->order;
  const char *currency = order->currency;
  double start = y;
  gint64 subtotal = 0;
  gint64 refunded = 0;
  gboolean subtotal_valid = TRUE;

  if (job->kind != SK_ORDER_PRINT_INVOICE)
    {
      gint64 n = 0;
      g_autofree char *count = NULL;
      g_autofree char *text = NULL;

      /* A packing slip ends with the number of pieces to pack. */
      for (guint i = 0; order->items != NULL && i < order->items->len; i++)
        n += ((SkOrderItemRecord *) order->items->pdata[i])->quantity;
      count = sk_ui_count_closure (NULL, n);
      /* Translators: at the end of a packing slip; %s is a number. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s piece in total", "%s pieces in total",
                                           (gulong) CLAMP (n, 0, G_MAXLONG)), count);
      y += GAP / 2;
      y += text_block (job, cr, MARGIN, y, job->width - 2 * MARGIN, text, FONT_BOLD, ALIGN_END, 0);
      return y - start;
    }

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    if (!sk_money_add (subtotal, ((SkOrderItemRecord *) order->items->pdata[i])->subtotal, &subtotal))
      subtotal_valid = FALSE;
  for (guint i = 0; order->refunds != NULL && i < order->refunds->len; i++)
    sk_money_add (refunded, ((SkRefundRecord *) order->refunds->pdata[i])->amount, &refunded);

  y += GAP / 2;
  if (subtotal_valid)
    y += draw_total_line (job, cr, y, _("Subtotal"), subtotal, currency, FALSE);
  if (order->discount_total != 0)
    y += draw_total_line (job, cr, y, _("Discount"), -order->discount_total, currency, FALSE);
  y += draw_total_line (job, cr, y, _("Shipping"), order->shipping_total, currency, FALSE);
  y += draw_total_line (job, cr, y, _("Tax"), order->total_tax, currency, FALSE);
  rule (cr, job->width - MARGIN - MONEY_WIDTH - 160, y + 1, MONEY_WIDTH + 160, 0.8, 0);
  y += 4;
  y += draw_total_line (job, cr, y, _("Total"), order->total, currency, TRUE);
  if (refunded != 0)
    {
      gint64 net;

      y += draw_total_line (job, cr, y, _("Refunded"), -refunded, currency, FALSE);
      if (sk_money_add (order->total, -refunded, &net))
        y += draw_total_line (job, cr, y, _("Net Payment"), net, currency, TRUE);
    }

  return y - start;
}

static double
footer_height (SkOrderPrintJob *job)
{
  return text_block (job, NULL, 0, 0, job->width - 2 * MARGIN, "Xg", FONT_SMALL, ALIGN_CENTER, 0) * 2 + 6;
}

static void
draw_footer (SkOrderPrintJob *job,
             cairo_t         *cr,
             const Page      *page)
{
  double content = job->width - 2 * MARGIN;
  double y = job->height - MARGIN - footer_height (job);
  g_autofree char *page_text = NULL;
  g_autofree char *n = sk_ui_count_closure (NULL, page->page_in_order + 1);
  g_autofree char *of = sk_ui_count_closure (NULL, page->pages_of_order);
  double h;

  rule (cr, MARGIN, y, content, 0.5, 0.5);
  h = text_block (job, cr, MARGIN, y + 4, content,
                  job->shop_contact[0] != '\0' ? job->shop_contact : job->shop_name,
                  FONT_SMALL, ALIGN_CENTER, 0.25);
  /* Translators: at the foot of a slip or invoice page: the order number,
   * the page and how many pages that order has. */
  page_text = g_strdup_printf (_("Order %s · Page %s of %s"),
                               ((SkOrderDetails *) job->orders->pdata[page->order])->order->number, n, of);
  text_block (job, cr, MARGIN, y + 4 + h, content, page_text, FONT_SMALL, ALIGN_CENTER, 0.45);
}

static void
set_context (SkOrderPrintJob *job,
             cairo_t         *cr)
{
  g_clear_object (&job->pango);
  job->pango = pango_cairo_create_context (cr);
  /* One point per unit: the fonts are sized in points and so is paper. */
  pango_cairo_context_set_resolution (job->pango, 72.0);
  pango_context_set_base_dir (job->pango,
                              gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                              ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
}

/* Public API */

SkOrderPrintJob *
sk_order_print_job_new (SkDatabase        *database,
                        SkOrderPrintKind   kind,
                        const gint64      *ids,
                        guint              n_ids,
                        GError           **error)
{
  g_autoptr(SkOrderPrintJob) job = NULL;
  g_autoptr(GString) contact = NULL;
  const char *keys[] = { SK_SHOP_PHONE, SK_SHOP_EMAIL, SK_SHOP_URL };

  g_return_val_if_fail (SK_IS_DATABASE (database), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = g_new0 (SkOrderPrintJob, 1);
  job->kind = kind;
  job->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_details_free);
  job->pages = g_array_new (FALSE, FALSE, sizeof (Page));
  job->width = A4_WIDTH;
  job->height = A4_HEIGHT;

  for (guint i = 0; i < n_ids; i++)
    {
      SkOrderDetails *details = sk_database_load_order_details (database, ids[i], error);

      if (details == NULL)
        return NULL;
      g_ptr_array_add (job->orders, details);
    }

  job->shop_name = sk_shop_settings_get_string (database, SK_SHOP_NAME, "");
  if (job->shop_name[0] == '\0')
    {
      g_free (job->shop_name);
      /* Translators: the heading of a slip when the shop has no name set. */
      job->shop_name = g_strdup (_("Your Shop"));
    }
  job->shop_address = sk_shop_settings_get_string (database, SK_SHOP_ADDRESS, "");

  contact = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = sk_shop_settings_get_string (database, keys[i], "");

      g_strstrip (value);
      if (value[0] == '\0')
        continue;
      if (contact->len > 0)
        g_string_append (contact, "  ·  ");
      g_string_append (contact, value);
    }
  job->shop_contact = g_string_free (g_steal_pointer (&contact), FALSE);

  return g_steal_pointer (&job);
}

void
sk_order_print_job_free (SkOrderPrintJob *job)
{
  if (job == NULL)
    return;

  g_clear_pointer (&job->orders, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_array_unref);
  g_clear_object (&job->pango);
  g_free (job->shop_name);
  g_free (job->shop_address);
  g_free (job->shop_contact);
  g_free (job);
}

guint
sk_order_print_job_paginate (SkOrderPrintJob *job,
                             cairo_t         *cr,
                             double           width,
                             double           height)
{
  double bottom;

  g_return_val_if_fail (job != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);

  job->width = width;
  job->height = height;
  set_context (job, cr);
  g_array_set_size (job->pages, 0);
  bottom = height - MARGIN - footer_height (job) - GAP / 2;

  for (guint o = 0; o < job->orders->len; o++)
    {
      const SkOrderDetails *details = job->orders->pdata[o];
      GPtrArray *items = details->order->items;
      guint n_items = items != NULL ? items->len : 0;
      guint first_page = job->pages->len;
      Page page = { o, 0, 0, TRUE, FALSE, 0, 0 };
      double y = MARGIN;

      y += draw_shop_header (job, NULL, y);
      y += draw_order_header (job, NULL, y, details);
      y += draw_table_header (job, NULL, y);

      for (guint i = 0; i < n_items; i++)
        {
          double h = draw_item (job, NULL, 0, items->pdata[i], details->order->currency);

          /* A row taller than a whole page (a name of thousands of
           * characters) still goes on a page of its own rather than
           * looping: it is cut at the footer. */
          if (y + h > bottom && page.n_items > 0)
            {
              g_array_append_val (job->pages, page);
              page = (Page) { o, i, 0, FALSE, FALSE, 0, 0 };
              y = MARGIN + draw_continued_header (job, NULL, MARGIN, details);
              y += draw_table_header (job, NULL, y);
            }
          y += h;
          page.n_items++;
        }

      if (y + draw_totals (job, NULL, 0, details) > bottom && (page.n_items > 0 || !page.first))
        {
          g_array_append_val (job->pages, page);
          page = (Page) { o, n_items, 0, FALSE, FALSE, 0, 0 };
        }
      page.totals = TRUE;
      g_array_append_val (job->pages, page);

      for (guint p = first_page; p < job->pages->len; p++)
        {
          Page *each = &g_array_index (job->pages, Page, p);

          each->page_in_order = p - first_page;
          each->pages_of_order = job->pages->len - first_page;
        }
    }

  return job->pages->len;
}

void
sk_order_print_job_draw_page (SkOrderPrintJob *job,
                              cairo_t         *cr,
                              guint            page_nr)
{
  const Page *page;
  const SkOrderDetails *details;
  double y = MARGIN;

  g_return_if_fail (job != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page_nr < job->pages->len);

  page = &g_array_index (job->pages, Page, page_nr);
  details = job->orders->pdata[page->order];

  if (job->pango == NULL)
    set_context (job, cr);
  else
    pango_cairo_update_context (cr, job->pango);

  if (page->first)
    {
      y += draw_shop_header (job, cr, y);
      y += draw_order_header (job, cr, y, details);
    }
  else
    y += draw_continued_header (job, cr, y, details);

  if (page->n_items > 0 || page->first)
    y += draw_table_header (job, cr, y);

  for (guint i = page->first_item; i < page->first_item + page->n_items; i++)
    y += draw_item (job, cr, y, details->order->items->pdata[i], details->order->currency);

  if (page->totals)
    draw_totals (job, cr, y, details);

  draw_footer (job, cr, page);
}

gboolean
sk_order_print_job_write_pdf (SkOrderPrintJob  *job,
                              const char       *path,
                              GError          **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;

  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);

  n_pages = sk_order_print_job_paginate (job, cr, A4_WIDTH, A4_HEIGHT);
  for (guint i = 0; i < n_pages; i++)
    {
      sk_order_print_job_draw_page (job, cr, i);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %1$s is a file name, %2$s why it failed. */
                   _("Could not write “%1$s”: %2$s"), name, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                SkOrderPrintJob   *job)
{
  guint n_pages;

  n_pages = sk_order_print_job_paginate (job,
                                         gtk_print_context_get_cairo_context (context),
                                         gtk_print_context_get_width (context),
                                         gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, (int) MAX (n_pages, 1));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              SkOrderPrintJob   *job)
{
  if (page_nr >= 0 && (guint) page_nr < job->pages->len)
    sk_order_print_job_draw_page (job, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

static void
show_error (GtkWidget  *parent,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (parent);

  if (SK_IS_WINDOW (root))
    sk_window_show_error (SK_WINDOW (root), message);
  else
    g_warning ("%s", message);
}

void
sk_order_print_run (GtkWidget        *parent,
                    SkDatabase       *database,
                    SkOrderPrintKind  kind,
                    const gint64     *ids,
                    guint             n_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  SkOrderPrintJob *job;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (SK_IS_DATABASE (database));

  if (n_ids == 0)
    return;

  job = sk_order_print_job_new (database, kind, ids, n_ids, &error);
  if (job == NULL)
    {
      show_error (parent, error->message);
      return;
    }

  operation = gtk_print_operation_new ();
  /* Margins are the job's own, so the layout is the same on paper and in
   * a PDF: draw on the whole sheet, in points. */
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, document_title (job));
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "sk-print-job", job, (GDestroyNotify) sk_order_print_job_free);

  root = gtk_widget_get_root (parent);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, error->message);
}
