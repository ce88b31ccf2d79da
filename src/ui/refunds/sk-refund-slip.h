/* sk-refund-slip.h — the return authorisation slip the customer puts in
 * the parcel: request number (large, to write on the parcel), the items
 * coming back, the shop's return address and what to do.
 *
 * The drawing takes any cairo context (a printer's page, a PDF surface in a
 * test) in points, so the same code prints and is checked with pdftotext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sk-refund-policy.h"
#include "sk-refunds.h"

G_BEGIN_DECLS

typedef struct
{
  char  *name;
  char  *sku;        /* may be NULL */
  guint  quantity;
} SkRefundSlipItem;

typedef struct
{
  char      *request_number;  /* "R-000123" */
  char      *order_number;
  char      *customer_name;
  gint64     issued_at;       /* Unix seconds UTC */
  gint64     return_by;       /* Unix seconds UTC; 0 when there is no deadline */
  char      *shop_name;
  char      *shop_email;      /* may be NULL */
  char      *shop_phone;      /* may be NULL */
  char      *return_address;  /* several lines; NULL when the shop has none yet */
  GPtrArray *items;           /* SkRefundSlipItem, owned */
  GPtrArray *instructions;    /* char *, owned: one sentence each */
} SkRefundSlip;

SkRefundSlip *sk_refund_slip_new        (void);
void          sk_refund_slip_free       (SkRefundSlip     *slip);
void          sk_refund_slip_add_item   (SkRefundSlip     *slip,
                                         const char       *name,
                                         const char       *sku,
                                         guint             quantity);
void          sk_refund_slip_add_instruction (SkRefundSlip *slip,
                                              const char   *sentence);

/* The slip for @request: its number, order, customer, each line with
 * its SKU and quantity, the shop's contact details and return address
 * (copied; NULL when not set), and the instructions that follow from
 * @policy (who pays the postage, the condition the goods must be in). */
SkRefundSlip *sk_refund_slip_new_for_request (const SkRefundRequest *request,
                                              const SkRefundPolicy  *policy,
                                              const char            *shop_name,
                                              const char            *shop_email,
                                              const char            *shop_phone,
                                              const char            *return_address,
                                              gint64                 issued_at);

/* How many pages the slip needs on pages of @width × @height points
 * (at least 1: a long list of items continues on the next page). */
guint         sk_refund_slip_get_n_pages (const SkRefundSlip *slip,
                                          double              width,
                                          double              height);
/* Draws page @page_nr (from 0) with its top-left corner at the context's
 * origin, in points. */
void          sk_refund_slip_draw_page  (const SkRefundSlip *slip,
                                         cairo_t            *cr,
                                         double              width,
                                         double              height,
                                         guint               page_nr);

/* Every page to a PDF file of A4 pages (for tests and "save as PDF"
 * without a print dialog). */
gboolean      sk_refund_slip_write_pdf  (const SkRefundSlip *slip,
                                         const char         *path,
                                         GError            **error);

/* The print dialog for @slip, transient for @parent; errors in a toast of
 * the window when @parent is a SkWindow. Takes a copy of nothing: @slip
 * must stay alive until the operation is done, so ownership passes to the
 * operation. */
void          sk_refund_slip_print      (SkRefundSlip       *slip,
                                         GtkWindow          *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRefundSlip, sk_refund_slip_free)

G_END_DECLS
