/* sk-refund-desk-messages.c — what the customer is told about a decision
 * (subject and text, translated), and the store credit's coupon code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-refund-desk"

#include "config.h"

#include "sk-refund-desk-private.h"

#include <glib/gi18n.h>

#include "sk-money.h"
#include "sk-shop-settings.h"
#include "sk-time.h"

gboolean
_sk_refund_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
append_greeting (GString             *text,
                 const SkRefundOrder *order)
{
  if (order != NULL && order->customer_first_name != NULL && *order->customer_first_name != '\0')
    /* Translators: the start of a message to a customer; %s is their first name */
    g_string_append_printf (text, _("Hello %s,"), order->customer_first_name);
  else
    g_string_append (text, _("Hello,"));
  g_string_append (text, "\n\n");
}

static void
append_closing (SkDatabase *shop,
                GString    *text)
{
  g_autofree char *name = sk_shop_settings_get_string (shop, SK_SHOP_NAME, "");
  g_autofree char *phone = sk_shop_settings_get_string (shop, SK_SHOP_PHONE, "");

  if (*phone != '\0')
    g_string_append_printf (text,
                            /* Translators: %s is the shop's phone number */
                            _("If you have any questions, reply to this message or call us at %s."), phone);
  else
    g_string_append (text, _("If you have any questions, reply to this message."));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Kind regards,"));
  if (*name != '\0')
    g_string_append_printf (text, "\n%s", name);
  g_string_append_c (text, '\n');
}

char *
_sk_refund_coupon_code_for (const SkRefundRequest *request)
{
  g_autofree char *seed = g_strdup_printf ("%s|%lld|%lld|%s", request->number, (long long) request->created_at,
                                           (long long) request->order_remote_id, request->customer_email);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  g_autofree char *part = g_ascii_strup (digest, 10);

  /* Derived, so the preview names the very code the approval makes. The
   * coupon is bound to the customer's e-mail, so guessing it gains nothing. */
  return g_strdup_printf ("CREDIT-%s", part);
}

void
_sk_refund_compose_approval (SkDatabase            *shop,
                             const SkRefundRequest *request,
                             const SkRefundOrder   *order,
                             const SkRefundVerdict *verdict,
                             const SkRefundPolicy  *policy,
                             const char            *coupon_code,
                             gint64                 coupon_expires_at,
                             char                 **out_subject,
                             char                 **out_text)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *total = sk_money_format (verdict->total, verdict->currency);
  g_autofree char *address = sk_shop_settings_get_string (shop, SK_SHOP_ADDRESS, "");

  /* Translators: the subject of a message; %s is a request number like R-000123 */
  *out_subject = g_strdup_printf (_("Your return %s is approved"), request->number);

  append_greeting (text, order);
  g_string_append_printf (text,
                          /* Translators: R-000123, then the order number */
                          _("We have approved your return %s for order %s."),
                          request->number, request->order_number);
  g_string_append (text, "\n\n");

  for (guint i = 0; i < verdict->lines->len && i < request->lines->len; i++)
    {
      const SkVerdictLine *line = &g_array_index (verdict->lines, SkVerdictLine, i);
      const SkRefundRequestLine *asked = g_ptr_array_index (request->lines, i);
      g_autofree char *amount = sk_money_format (line->refund_total + line->refund_tax, verdict->currency);

      g_string_append_printf (text, "  %lld × %s: %s", (long long) line->quantity, asked->name, amount);
      if (line->fee_total + line->fee_tax > 0)
        {
          g_autofree char *fee = sk_money_format (line->fee_total + line->fee_tax, verdict->currency);

          g_string_append (text, " ");
          /* Translators: %s is an amount of money */
          g_string_append_printf (text, _("(after a restocking fee of %s)"), fee);
        }
      g_string_append_c (text, '\n');
    }
  if (verdict->shipping > 0)
    {
      g_autofree char *shipping = sk_money_format (verdict->shipping, verdict->currency);

      /* Translators: a line of a list; %s is an amount of money */
      g_string_append_printf (text, _("  Shipping: %s"), shipping);
      g_string_append_c (text, '\n');
    }
  g_string_append_c (text, '\n');

  if (request->outcome == SK_REFUND_OUTCOME_REFUND)
    {
      if (verdict->api_refund)
        g_string_append_printf (text,
                                /* Translators: %s is an amount of money */
                                _("We are refunding %s to your original payment method. Depending on your bank it can take a few days to show."),
                                total);
      else
        g_string_append_printf (text,
                                /* Translators: %s is an amount of money */
                                _("We will pay you back %s and will be in touch about how you receive it."),
                                total);
    }
  else
    {
      if (coupon_expires_at > 0)
        {
          g_autofree char *date = sk_time_format_date (coupon_expires_at);

          g_string_append_printf (text,
                                  /* Translators: an amount, a coupon code and a date */
                                  _("Here is store credit of %s: enter the code %s at checkout. It can be used once, until %s."),
                                  total, coupon_code, date);
        }
      else
        g_string_append_printf (text,
                                /* Translators: an amount and a coupon code */
                                _("Here is store credit of %s: enter the code %s at checkout. It can be used once."),
                                total, coupon_code);
    }
  g_string_append (text, "\n\n");

  if (order != NULL && order->delivered_at > 0)
    {
      gboolean shop_pays = policy->return_shipping == SK_RETURN_SHIPPING_SHOP
                           || sk_refund_reason_is_shop_fault (request->reason);

      if (*address != '\0')
        {
          g_string_append_printf (text, _("Please send the items back to:\n%s"), address);
          g_string_append (text, "\n\n");
        }
      g_string_append (text, shop_pays ? _("The return postage is on us.")
                                       : _("Please note that the return postage is at your cost."));
      g_string_append (text, "\n\n");
    }

  append_closing (shop, text);
  *out_text = g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
denial_sentence (SkRefundDenyReason reason)
{
  switch (reason)
    {
    case SK_REFUND_DENY_OUT_OF_WINDOW:
      return _("The return window for this order has passed.");
    case SK_REFUND_DENY_FINAL_SALE:
      return _("The items are final-sale and cannot be returned.");
    case SK_REFUND_DENY_CONDITION:
      return _("The goods are not in the condition our return policy asks for.");
    case SK_REFUND_DENY_NO_PROOF:
      return _("We could not find a proof of purchase for these items.");
    case SK_REFUND_DENY_OTHER:
    case SK_REFUND_N_DENY_REASONS:
    default:
      return "";
    }
}

void
_sk_refund_compose_denial (SkDatabase            *shop,
                           const SkRefundRequest *request,
                           const SkRefundOrder   *order,
                           SkRefundDenyReason     reason,
                           const char            *note,
                           char                 **out_subject,
                           char                 **out_text)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *sentence = denial_sentence (reason);

  /* Translators: the subject of a message; %s is a request number like R-000123 */
  *out_subject = g_strdup_printf (_("About your return %s"), request->number);

  append_greeting (text, order);
  g_string_append_printf (text,
                          /* Translators: %s is an order number */
                          _("Thank you for getting in touch about order %s. We are sorry, but we cannot accept this return."),
                          request->order_number);
  if (*sentence != '\0')
    g_string_append_printf (text, " %s", sentence);
  g_string_append (text, "\n\n");

  if (!_sk_refund_is_blank (note))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (note));

      g_string_append (text, trimmed);
      g_string_append (text, "\n\n");
    }

  append_closing (shop, text);
  *out_text = g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- queueing ---- */
