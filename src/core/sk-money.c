/* sk-money.c — exact money: integer minor units plus an ISO 4217 code.
 *
 * Amounts are parsed digit by digit into an unsigned magnitude, so there is
 * no floating point and the gint64 boundaries are exact in both directions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-money"

#include "config.h"

#include "sk-money.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <locale.h>
#include <string.h>

/* 10^18 still fits in a gint64; more decimals than that make no sense. */
#define MAX_DECIMALS 18

/* How much of an offending text an error message quotes. */
#define QUOTE_MAX_CHARS 40

G_DEFINE_QUARK (sk-money-error-quark, sk_money_error)

typedef struct
{
  const char *code;
  const char *symbol;
} CurrencySymbol;

/* Symbols that are unambiguous enough to show instead of the code. Where
 * several currencies share a sign ("$", "kr") only the most common one gets
 * the bare sign and the others a prefixed form, as CLDR does. */
static const CurrencySymbol currency_symbols[] = {
  { "AUD", "A$" },
  { "BRL", "R$" },
  { "CAD", "CA$" },
  { "CHF", "CHF" },
  { "CNY", "CN¥" },
  { "CZK", "Kč" },
  { "EUR", "€" },
  { "GBP", "£" },
  { "HKD", "HK$" },
  { "ILS", "₪" },
  { "INR", "₹" },
  { "JPY", "¥" },
  { "KRW", "₩" },
  { "MXN", "MX$" },
  { "NGN", "₦" },
  { "NZD", "NZ$" },
  { "PHP", "₱" },
  { "PLN", "zł" },
  { "RUB", "₽" },
  { "THB", "฿" },
  { "TRY", "₺" },
  { "TWD", "NT$" },
  { "UAH", "₴" },
  { "USD", "$" },
  { "VND", "₫" },
};

static const char * const zero_decimal_currencies[] = {
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
  "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
};

static const char * const three_decimal_currencies[] = {
  "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
};

/* A short, valid UTF-8 excerpt of @text for an error message, so a huge or
 * binary value from a store never ends up whole (or broken) in the UI. */
static char *
quote_for_error (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *quoted;
  const char *p = valid;
  guint n = 0;

  quoted = g_string_new (NULL);
  while (*p != '\0' && n < QUOTE_MAX_CHARS)
    {
      gunichar c = g_utf8_get_char (p);

      /* Control characters would be invisible or break the layout. */
      if (g_unichar_iscntrl (c))
        g_string_append_unichar (quoted, 0xFFFD);
      else
        g_string_append_unichar (quoted, c);

      p = g_utf8_next_char (p);
      n++;
    }

  if (*p != '\0')
    g_string_append (quoted, "…");

  return g_string_free (quoted, FALSE);
}

static gboolean
set_invalid_error (GError     **error,
                   const char  *text)
{
  g_autofree char *quoted = NULL;

  if (text == NULL)
    {
      g_set_error_literal (error, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID,
                           _("No amount was given"));
      return FALSE;
    }

  quoted = quote_for_error (text);
  g_set_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID,
               /* Translators: %s is the text that was expected to be an
                * amount of money such as “24.90”. */
               _("“%s” is not an amount of money"), quoted);

  return FALSE;
}

static inline gboolean
is_ascii_space (char c)
{
  return c == ' ' || c == '\t';
}

/* The common parser. With @round, extra decimals round the magnitude half
 * away from zero; without it, extra non-zero decimals are an error. */
static gboolean
parse_amount (const char  *text,
              guint        decimals,
              gboolean     round,
              gint64      *out_minor,
              GError     **error)
{
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  guint64 limit;
  guint n_int_digits = 0;
  guint n_frac_digits = 0;
  gboolean round_up = FALSE;
  gboolean extra_nonzero = FALSE;

  g_return_val_if_fail (decimals <= MAX_DECIMALS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    return set_invalid_error (error, text);

  p = text;
  end = text + strlen (text);

  while (p < end && is_ascii_space (*p))
    p++;
  while (end > p && is_ascii_space (end[-1]))
    end--;

  if (p < end && (*p == '-' || *p == '+'))
    {
      negative = (*p == '-');
      p++;
    }

  /* The magnitude of G_MININT64 is one more than G_MAXINT64. */
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      guint digit = *p - '0';

      /* Overflow is checked after scaling below; here only the raw
       * integer part must not wrap a guint64. */
      if (__builtin_mul_overflow (magnitude, 10, &magnitude) ||
          __builtin_add_overflow (magnitude, digit, &magnitude) ||
          magnitude > limit)
        goto overflow;

      n_int_digits++;
    }

  if (n_int_digits == 0)
    return set_invalid_error (error, text);

  if (p < end && *p == '.')
    {
      p++;

      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          guint digit = *p - '0';

          if (n_frac_digits < decimals)
            {
              if (__builtin_mul_overflow (magnitude, 10, &magnitude) ||
                  __builtin_add_overflow (magnitude, digit, &magnitude) ||
                  magnitude > limit)
                goto overflow;
            }
          else if (n_frac_digits == decimals)
            {
              /* The first dropped digit alone decides rounding half away
               * from zero: any later digit only moves it further from
               * the half. */
              round_up = (digit >= 5);
              extra_nonzero |= (digit != 0);
            }
          else
            {
              extra_nonzero |= (digit != 0);
            }

          n_frac_digits++;
        }

      if (n_frac_digits == 0)
        return set_invalid_error (error, text);
    }

  if (p != end)
    return set_invalid_error (error, text);

  for (guint i = n_frac_digits; i < decimals; i++)
    {
      if (__builtin_mul_overflow (magnitude, 10, &magnitude) || magnitude > limit)
        goto overflow;
    }

  if (extra_nonzero)
    {
      if (!round)
        {
          g_autofree char *quoted = quote_for_error (text);

          g_set_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_PRECISION,
                       /* Translators: %s is an amount of money such as
                        * “1.234”; %u is a number of decimals. */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "“%s” has more than %u decimal",
                                    "“%s” has more than %u decimals",
                                    decimals),
                       quoted, decimals);
          return FALSE;
        }

      if (round_up)
        {
          magnitude++;
          if (magnitude > limit)
            goto overflow;
        }
    }

  if (negative)
    *out_minor = magnitude == 0 ? 0 : -(gint64) (magnitude - 1) - 1;
  else
    *out_minor = (gint64) magnitude;

  return TRUE;

overflow:
  {
    g_autofree char *quoted = quote_for_error (text);

    g_set_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_OVERFLOW,
                 /* Translators: %s is an amount of money. */
                 _("The amount “%s” is too large"), quoted);
    return FALSE;
  }
}

/* The magnitude of @value without overflowing on G_MININT64. */
static inline guint64
magnitude_of (gint64 value)
{
  if (value >= 0)
    return (guint64) value;

  return (guint64) (-(value + 1)) + 1;
}

static guint64
power_of_ten (guint exponent)
{
  guint64 result = 1;

  g_assert (exponent <= MAX_DECIMALS);

  for (guint i = 0; i < exponent; i++)
    result *= 10;

  return result;
}

static const char *
lookup_symbol (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    {
      if (strcmp (currency_symbols[i].code, currency) == 0)
        return currency_symbols[i].symbol;
    }

  return NULL;
}

/* Inserts @separator into the digits of @integer (no sign) according to a
 * POSIX grouping string: each byte is the size of the next group from the
 * right, the last one repeats, CHAR_MAX ends grouping. */
static void
append_grouped (GString    *out,
                const char *integer,
                const char *grouping,
                const char *separator)
{
  gsize len = strlen (integer);
  g_autoptr(GArray) cuts = NULL;
  gsize position = 0;
  guint next_cut = 0;
  const char *g = grouping;
  int size;

  if (separator == NULL || separator[0] == '\0' ||
      grouping == NULL || grouping[0] <= 0 || grouping[0] == CHAR_MAX)
    {
      g_string_append (out, integer);
      return;
    }

  /* Positions, counted from the right, after which a separator goes. */
  cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  size = *g;
  for (;;)
    {
      if (position + size >= len)
        break;

      position += size;
      g_array_append_val (cuts, position);

      if (g[1] != '\0')
        {
          g++;
          if (*g == CHAR_MAX || *g <= 0)
            break;
          size = *g;
        }
    }

  /* Cuts are increasing distances from the right; walk them backwards so
   * the output is built left to right. */
  next_cut = cuts->len;
  for (gsize i = 0; i < len; i++)
    {
      gsize from_right = len - i;

      if (next_cut > 0 && from_right == g_array_index (cuts, gsize, next_cut - 1))
        {
          g_string_append (out, separator);
          next_cut--;
        }

      g_string_append_c (out, integer[i]);
    }
}

/* Whether a space must separate @symbol from the digits regardless of the
 * locale, because it ends (or starts) with a letter: "CHF 12.50", not
 * "CHF12.50". */
static gboolean
symbol_needs_space (const char *symbol,
                    gboolean    precedes)
{
  const char *edge;

  if (symbol[0] == '\0')
    return FALSE;

  if (precedes)
    edge = g_utf8_find_prev_char (symbol, symbol + strlen (symbol));
  else
    edge = symbol;

  return edge != NULL && g_unichar_isalpha (g_utf8_get_char (edge));
}

typedef struct
{
  char *decimal_point;
  char *thousands_sep;
  char *grouping;
  char *local_currency;   /* int_curr_symbol without its trailing space */
  char *local_symbol;
  char *positive_sign;
  char *negative_sign;
  int   p_cs_precedes;
  int   n_cs_precedes;
  int   p_sep_by_space;
  int   n_sep_by_space;
  int   p_sign_posn;
  int   n_sign_posn;
} MonetaryConventions;

static void
monetary_conventions_clear (MonetaryConventions *mc)
{
  g_free (mc->decimal_point);
  g_free (mc->thousands_sep);
  g_free (mc->grouping);
  g_free (mc->local_currency);
  g_free (mc->local_symbol);
  g_free (mc->positive_sign);
  g_free (mc->negative_sign);
}

static int
char_or_default (char value,
                 int  fallback,
                 int  max)
{
  if (value == CHAR_MAX || value < 0 || value > max)
    return fallback;

  return value;
}

/* Copies what formatting needs out of localeconv()'s static buffer at once,
 * with the fallbacks for locales (such as C) that leave LC_MONETARY empty. */
static void
monetary_conventions_init (MonetaryConventions *mc)
{
  const struct lconv *lc = localeconv ();

  if (lc->mon_decimal_point != NULL && lc->mon_decimal_point[0] != '\0')
    mc->decimal_point = g_strdup (lc->mon_decimal_point);
  else if (lc->decimal_point != NULL && lc->decimal_point[0] != '\0')
    mc->decimal_point = g_strdup (lc->decimal_point);
  else
    mc->decimal_point = g_strdup (".");

  if (lc->mon_thousands_sep != NULL && lc->mon_thousands_sep[0] != '\0')
    {
      mc->thousands_sep = g_strdup (lc->mon_thousands_sep);
      mc->grouping = g_strdup (lc->mon_grouping != NULL ? lc->mon_grouping : "");
    }
  else
    {
      mc->thousands_sep = g_strdup (lc->thousands_sep != NULL ? lc->thousands_sep : "");
      mc->grouping = g_strdup (lc->grouping != NULL ? lc->grouping : "");
    }

  mc->local_currency = g_strstrip (g_strdup (lc->int_curr_symbol != NULL ? lc->int_curr_symbol : ""));
  mc->local_symbol = g_strdup (lc->currency_symbol != NULL ? lc->currency_symbol : "");
  mc->positive_sign = g_strdup (lc->positive_sign != NULL ? lc->positive_sign : "");
  mc->negative_sign = g_strdup (lc->negative_sign != NULL && lc->negative_sign[0] != '\0'
                                ? lc->negative_sign : "-");

  /* Unspecified (CHAR_MAX in the C locale): symbol first, no space, sign
   * in front, as in "-€12.50". */
  mc->p_cs_precedes = char_or_default (lc->p_cs_precedes, 1, 1);
  mc->n_cs_precedes = char_or_default (lc->n_cs_precedes, 1, 1);
  mc->p_sep_by_space = char_or_default (lc->p_sep_by_space, 0, 2);
  mc->n_sep_by_space = char_or_default (lc->n_sep_by_space, 0, 2);
  mc->p_sign_posn = char_or_default (lc->p_sign_posn, 1, 4);
  mc->n_sign_posn = char_or_default (lc->n_sign_posn, 1, 4);
}

/* Puts number, symbol and sign together following POSIX's rules for
 * cs_precedes, sep_by_space and sign_posn. */
static char *
assemble (const char *number,
          const char *symbol,
          const char *sign,
          gboolean    cs_precedes,
          int         sep_by_space,
          int         sign_posn)
{
  GString *out = g_string_new (NULL);
  gboolean has_sign = sign[0] != '\0';
  gboolean has_symbol = symbol[0] != '\0';
  /* Space between the symbol (or symbol+sign block) and the number, and
   * between the sign and the symbol when they touch. */
  gboolean sign_touches_symbol;
  gboolean space_value;
  gboolean space_sign_symbol;

  if (sign_posn == 0)
    {
      /* Parentheses carry the sign; there is no sign string to place. */
      has_sign = FALSE;
    }

  sign_touches_symbol = has_sign && has_symbol &&
                        (sign_posn == 3 || sign_posn == 4 ||
                         (sign_posn == 1 && cs_precedes) ||
                         (sign_posn == 2 && !cs_precedes));

  if (sep_by_space == 1)
    {
      space_value = has_symbol;
      space_sign_symbol = FALSE;
    }
  else if (sep_by_space == 2)
    {
      space_value = has_symbol && !sign_touches_symbol;
      space_sign_symbol = sign_touches_symbol;
    }
  else
    {
      space_value = FALSE;
      space_sign_symbol = FALSE;
    }

  /* Unless the sign stands between them, letters must not touch digits. */
  if (has_symbol && !space_value &&
      !(has_sign && ((cs_precedes && sign_posn == 4) || (!cs_precedes && sign_posn == 3))) &&
      symbol_needs_space (symbol, cs_precedes))
    space_value = TRUE;

  if (sign_posn == 0)
    g_string_append_c (out, '(');

  if (cs_precedes)
    {
      if (sign_posn == 1 && has_sign)
        {
          g_string_append (out, sign);
          if (space_sign_symbol)
            g_string_append_c (out, ' ');
        }

      if (sign_posn == 3 && has_sign)
        {
          g_string_append (out, sign);
          if (space_sign_symbol)
            g_string_append_c (out, ' ');
        }

      g_string_append (out, symbol);

      if (sign_posn == 4 && has_sign)
        {
          if (space_sign_symbol)
            g_string_append_c (out, ' ');
          g_string_append (out, sign);
        }

      if (space_value)
        g_string_append_c (out, ' ');

      g_string_append (out, number);

      if (sign_posn == 2 && has_sign)
        g_string_append (out, sign);
    }
  else
    {
      if (sign_posn == 1 && has_sign)
        g_string_append (out, sign);

      g_string_append (out, number);

      if (space_value)
        g_string_append_c (out, ' ');

      if (sign_posn == 3 && has_sign)
        {
          g_string_append (out, sign);
          if (space_sign_symbol)
            g_string_append_c (out, ' ');
        }

      g_string_append (out, symbol);

      if ((sign_posn == 2 || sign_posn == 4) && has_sign)
        {
          if (space_sign_symbol)
            g_string_append_c (out, ' ');
          g_string_append (out, sign);
        }
    }

  if (sign_posn == 0)
    g_string_append_c (out, ')');

  return g_string_free (out, FALSE);
}

guint
sk_money_currency_decimals (const char *currency)
{
  g_return_val_if_fail (currency != NULL, 2);

  for (guint i = 0; i < G_N_ELEMENTS (zero_decimal_currencies); i++)
    {
      if (g_ascii_strcasecmp (zero_decimal_currencies[i], currency) == 0)
        return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (three_decimal_currencies); i++)
    {
      if (g_ascii_strcasecmp (three_decimal_currencies[i], currency) == 0)
        return 3;
    }

  return 2;
}

gboolean
sk_money_currency_is_valid (const char *currency)
{
  if (currency == NULL)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isupper (currency[i]))
        return FALSE;
    }

  return currency[3] == '\0';
}

gboolean
sk_money_parse (const char  *text,
                guint        decimals,
                gint64      *out_minor,
                GError     **error)
{
  g_return_val_if_fail (out_minor != NULL, FALSE);

  return parse_amount (text, decimals, FALSE, out_minor, error);
}

gboolean
sk_money_parse_rounded (const char  *text,
                        guint        decimals,
                        gint64      *out_minor,
                        GError     **error)
{
  g_return_val_if_fail (out_minor != NULL, FALSE);

  return parse_amount (text, decimals, TRUE, out_minor, error);
}

char *
sk_money_to_api_string (gint64 minor,
                        guint  decimals)
{
  guint64 magnitude;
  guint64 scale;

  g_return_val_if_fail (decimals <= MAX_DECIMALS, NULL);

  magnitude = magnitude_of (minor);

  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);

  scale = power_of_ten (decimals);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          minor < 0 ? "-" : "",
                          magnitude / scale,
                          (int) decimals,
                          magnitude % scale);
}

char *
sk_money_format (gint64      minor,
                 const char *currency)
{
  MonetaryConventions mc = { 0 };
  g_autofree char *integer = NULL;
  g_autoptr(GString) number = NULL;
  const char *symbol;
  guint decimals;
  guint64 magnitude;
  guint64 scale;
  gboolean negative = minor < 0;
  char *result;

  g_return_val_if_fail (currency != NULL, NULL);

  monetary_conventions_init (&mc);

  if (sk_money_currency_is_valid (currency))
    {
      decimals = sk_money_currency_decimals (currency);

      /* The locale's own currency gets the locale's own symbol ("kr" in
       * Sweden, "Fr." in some Swiss locales), others the table's or the
       * code. */
      if (mc.local_symbol[0] != '\0' && strcmp (mc.local_currency, currency) == 0)
        symbol = mc.local_symbol;
      else if ((symbol = lookup_symbol (currency)) == NULL)
        symbol = currency;
    }
  else
    {
      /* A record without a usable currency still shows its number. */
      decimals = 2;
      symbol = "";
    }

  magnitude = magnitude_of (minor);
  scale = power_of_ten (decimals);

  integer = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / scale);
  number = g_string_new (NULL);
  append_grouped (number, integer, mc.grouping, mc.thousands_sep);

  if (decimals > 0)
    {
      g_string_append (number, mc.decimal_point);
      g_string_append_printf (number, "%0*" G_GUINT64_FORMAT,
                              (int) decimals, magnitude % scale);
    }

  if (negative)
    result = assemble (number->str, symbol, mc.negative_sign,
                       mc.n_cs_precedes, mc.n_sep_by_space, mc.n_sign_posn);
  else
    result = assemble (number->str, symbol, mc.positive_sign,
                       mc.p_cs_precedes, mc.p_sep_by_space, mc.p_sign_posn);

  monetary_conventions_clear (&mc);

  return result;
}

gboolean
sk_money_add (gint64  a,
              gint64  b,
              gint64 *out)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_add_overflow (a, b, &result))
    return FALSE;

  *out = result;
  return TRUE;
}

gboolean
sk_money_mul (gint64  a,
              gint64  b,
              gint64 *out)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_mul_overflow (a, b, &result))
    return FALSE;

  *out = result;
  return TRUE;
}
