/* sk-order-print.h — packing slips and invoices, on paper or as PDF.
 *
 * A job loads the orders and the shop's contact details once, lays each
 * order out on pages of a given size (every order starts a new page; a
 * long order continues on the next ones with its number repeated) and
 * draws any page on any cairo context. GtkPrintOperation uses it for the
 * print dialog; sk_order_print_job_write_pdf () draws straight into a PDF
 * for tests and for "Save as PDF" without a dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-types.h"

G_BEGIN_DECLS

typedef enum
{
  SK_ORDER_PRINT_PACKING_SLIP,   /* items and quantities, no prices */
  SK_ORDER_PRINT_INVOICE,        /* prices, tax and totals */
} SkOrderPrintKind;

typedef struct _SkOrderPrintJob SkOrderPrintJob;

/* Loads @n_ids orders (local ids) from @database and the shop's details
 * (sk-shop-settings.h). NULL with @error when an order cannot be read. */
SkOrderPrintJob *sk_order_print_job_new       (SkDatabase        *database,
                                               SkOrderPrintKind   kind,
                                               const gint64      *ids,
                                               guint              n_ids,
                                               GError           **error);
void             sk_order_print_job_free      (SkOrderPrintJob   *job);
/* Lays the orders out for pages of @width × @height (in the units of
 * @cr, taken as points) and returns how many pages that makes. */
guint            sk_order_print_job_paginate  (SkOrderPrintJob   *job,
                                               cairo_t           *cr,
                                               double             width,
                                               double             height);
/* Draws page @page (< the count paginate returned). */
void             sk_order_print_job_draw_page (SkOrderPrintJob   *job,
                                               cairo_t           *cr,
                                               guint              page);
/* Writes every page to a PDF file at @path, A4. */
gboolean         sk_order_print_job_write_pdf (SkOrderPrintJob   *job,
                                               const char        *path,
                                               GError           **error);

/* The print dialog for @n_ids orders, transient for @parent; errors are
 * shown as toasts on the window. */
void             sk_order_print_run           (GtkWidget         *parent,
                                               SkDatabase        *database,
                                               SkOrderPrintKind   kind,
                                               const gint64      *ids,
                                               guint              n_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOrderPrintJob, sk_order_print_job_free)

G_END_DECLS
