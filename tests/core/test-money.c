/* test-money.c — exact parsing, rounding, boundaries and locale formatting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sk-money.h"
#include "sk-test-utils.h"

typedef struct
{
  const char *text;
  guint       decimals;
  gint64      expected;
} ParseCase;

static const ParseCase parse_ok[] = {
  /* two decimals */
  { "24.90", 2, 2490 },
  { "24.9", 2, 2490 },
  { "24", 2, 2400 },
  { "-3.5", 2, -350 },
  { "+1", 2, 100 },
  { "0", 2, 0 },
  { "-0", 2, 0 },
  { "+0.00", 2, 0 },
  { "0.01", 2, 1 },
  { "-0.05", 2, -5 },
  { "1200", 2, 120000 },
  { "007.50", 2, 750 },
  { "24.9000", 2, 2490 },
  { "24.90000000000000000000000", 2, 2490 },
  { " 24.90", 2, 2490 },
  { "24.90 ", 2, 2490 },
  { "  \t-1.00\t ", 2, -100 },
  { "99999999.99", 2, 9999999999 },
  /* zero decimals */
  { "1200", 0, 1200 },
  { "1200.0", 0, 1200 },
  { "1200.000", 0, 1200 },
  { "-7", 0, -7 },
  /* three decimals */
  { "12.345", 3, 12345 },
  { "12.3", 3, 12300 },
  { "12", 3, 12000 },
  { "-0.001", 3, -1 },
  { "12.3450", 3, 12345 },
  /* the gint64 boundaries exactly */
  { "9223372036854775807", 0, G_MAXINT64 },
  { "-9223372036854775808", 0, G_MININT64 },
  { "92233720368547758.07", 2, G_MAXINT64 },
  { "-92233720368547758.08", 2, G_MININT64 },
  { "9223372036854775.807", 3, G_MAXINT64 },
  { "-9223372036854775.808", 3, G_MININT64 },
  { "92233720368547758.0700", 2, G_MAXINT64 },
  { "00000000000000000000009223372036854775807", 0, G_MAXINT64 },
};

static const char * const parse_invalid[] = {
  "",
  " ",
  "\t",
  "abc",
  "1,5",
  "1,000.00",
  "1e3",
  "1E3",
  "--1",
  "-+1",
  "+-1",
  "- 1",
  "1.2.3",
  "0x10",
  ".",
  "1.",
  ".5",
  "-.5",
  "-",
  "+",
  "NaN",
  "nan",
  "inf",
  "-inf",
  "Infinity",
  "1 000",
  "12abc",
  "12.3x",
  "\x01" "12",
  "12\x7f",
  "12\xff",
  "\xe2\x82\xac" "12",
  "12 \xe2\x82\xac",
  "١٢",            /* Arabic-Indic digits */
  "１２",          /* full-width digits */
  "12\n",
  "\n12",
};

static void
test_parse_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_ok); i++)
    {
      const ParseCase *c = &parse_ok[i];
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      g_test_message ("parse “%s” with %u decimals", c->text, c->decimals);
      g_assert_true (sk_money_parse (c->text, c->decimals, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, c->expected);

      /* Exact input is also exact when rounding is allowed. */
      value = 42;
      g_assert_true (sk_money_parse_rounded (c->text, c->decimals, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, c->expected);
    }
}

static void
test_parse_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_invalid); i++)
    {
      for (guint decimals = 0; decimals <= 3; decimals++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GError) error_rounded = NULL;
          gint64 value = 42;

          g_assert_false (sk_money_parse (parse_invalid[i], decimals, &value, &error));
          g_assert_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID);
          g_assert_cmpint (value, ==, 42);
          /* The message is valid UTF-8 whatever the input was. */
          g_assert_true (g_utf8_validate (error->message, -1, NULL));

          g_assert_false (sk_money_parse_rounded (parse_invalid[i], decimals, &value, &error_rounded));
          g_assert_error (error_rounded, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID);
          g_assert_cmpint (value, ==, 42);
        }
    }
}

static void
test_parse_null (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_rounded = NULL;
  gint64 value = 42;

  g_assert_false (sk_money_parse (NULL, 2, &value, &error));
  g_assert_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID);
  g_assert_nonnull (error->message);
  g_assert_cmpint (value, ==, 42);

  g_assert_false (sk_money_parse_rounded (NULL, 2, &value, &error_rounded));
  g_assert_error (error_rounded, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID);
  g_assert_cmpint (value, ==, 42);
}

static void
test_parse_embedded_nul (void)
{
  /* A C string ends at its first NUL; what follows is never looked at,
   * and a NUL where the amount should start leaves an empty string. */
  const char with_nul[] = "12\0garbage";
  const char leading_nul[] = "\0" "12";
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (sk_money_parse (with_nul, 2, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 1200);

  g_assert_false (sk_money_parse (leading_nul, 2, &value, &error));
  g_assert_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID);
}

static void
test_error_message_quotes_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GError) huge_error = NULL;
  g_autoptr(GError) binary_error = NULL;
  gint64 value;

  g_assert_false (sk_money_parse ("1,5", 2, &value, &error));
  g_assert_nonnull (strstr (error->message, "1,5"));

  /* A huge value is quoted truncated, not whole. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (huge, "x");
  g_assert_false (sk_money_parse (huge->str, 2, &value, &huge_error));
  g_assert_error (huge_error, SK_MONEY_ERROR, SK_MONEY_ERROR_INVALID);
  g_assert_cmpuint (strlen (huge_error->message), <, 200);
  g_assert_nonnull (strstr (huge_error->message, "…"));

  /* Invalid UTF-8 and control characters never reach the message. */
  g_assert_false (sk_money_parse ("\xff\xfe\x01" "1", 2, &value, &binary_error));
  g_assert_true (g_utf8_validate (binary_error->message, -1, NULL));
  g_assert_null (strchr (binary_error->message, '\x01'));
}

static void
test_parse_precision (void)
{
  static const struct { const char *text; guint decimals; } cases[] = {
    { "1.234", 2 },
    { "24.901", 2 },
    { "24.9000001", 2 },
    { "0.5", 0 },
    { "1200.01", 0 },
    { "12.3451", 3 },
    { "-0.001", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      g_assert_false (sk_money_parse (cases[i].text, cases[i].decimals, &value, &error));
      g_assert_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_PRECISION);
      g_assert_nonnull (strstr (error->message, cases[i].text));
      g_assert_cmpint (value, ==, 42);
    }
}

static void
test_parse_overflow (void)
{
  static const struct { const char *text; guint decimals; } cases[] = {
    /* one past each boundary */
    { "9223372036854775808", 0 },
    { "-9223372036854775809", 0 },
    { "92233720368547758.08", 2 },
    { "-92233720368547758.09", 2 },
    { "9223372036854775.808", 3 },
    { "-9223372036854775.809", 3 },
    /* fits as an integer, not once scaled to minor units */
    { "9223372036854775807", 2 },
    { "-9223372036854775808", 1 },
    { "92233720368547759", 2 },
    /* far beyond */
    { "18446744073709551616", 0 },
    { "99999999999999999999999999999999", 2 },
    { "-99999999999999999999999999999999.99", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error_rounded = NULL;
      gint64 value = 42;

      g_test_message ("overflow “%s”", cases[i].text);
      g_assert_false (sk_money_parse (cases[i].text, cases[i].decimals, &value, &error));
      g_assert_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_OVERFLOW);
      g_assert_cmpint (value, ==, 42);

      g_assert_false (sk_money_parse_rounded (cases[i].text, cases[i].decimals, &value, &error_rounded));
      g_assert_error (error_rounded, SK_MONEY_ERROR, SK_MONEY_ERROR_OVERFLOW);
      g_assert_cmpint (value, ==, 42);
    }
}

static void
test_parse_rounded (void)
{
  static const ParseCase cases[] = {
    { "18.181818", 2, 1818 },
    { "18.185", 2, 1819 },
    { "18.184999999", 2, 1818 },
    { "-18.185", 2, -1819 },
    { "-18.184999", 2, -1818 },
    { "0.005", 2, 1 },
    { "-0.005", 2, -1 },
    { "0.0049", 2, 0 },
    { "-0.0049", 2, 0 },
    { "2.5", 0, 3 },
    { "-2.5", 0, -3 },
    { "2.4999", 0, 2 },
    { "-2.4999", 0, -2 },
    { "0.5", 0, 1 },
    { "-0.5", 0, -1 },
    { "1.0005", 3, 1001 },
    { "-1.0005", 3, -1001 },
    { "1.00049", 3, 1000 },
    { "92233720368547758.0749", 2, G_MAXINT64 },
    { "-92233720368547758.0849", 2, G_MININT64 },
  };
  static const struct { const char *text; guint decimals; } overflowing[] = {
    /* rounding itself crosses the boundary */
    { "92233720368547758.075", 2 },
    { "-92233720368547758.085", 2 },
    { "9223372036854775807.5", 0 },
    { "-9223372036854775808.5", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) strict_error = NULL;
      gint64 value = 42;
      gint64 strict_value = 42;

      g_test_message ("round “%s” to %u decimals", cases[i].text, cases[i].decimals);
      g_assert_true (sk_money_parse_rounded (cases[i].text, cases[i].decimals, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, cases[i].expected);

      /* The strict parser refuses the same text. */
      g_assert_false (sk_money_parse (cases[i].text, cases[i].decimals, &strict_value, &strict_error));
      g_assert_error (strict_error, SK_MONEY_ERROR, SK_MONEY_ERROR_PRECISION);
      g_assert_cmpint (strict_value, ==, 42);
    }

  for (guint i = 0; i < G_N_ELEMENTS (overflowing); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      g_assert_false (sk_money_parse_rounded (overflowing[i].text, overflowing[i].decimals, &value, &error));
      g_assert_error (error, SK_MONEY_ERROR, SK_MONEY_ERROR_OVERFLOW);
      g_assert_cmpint (value, ==, 42);
    }
}

static void
test_api_string (void)
{
  static const struct { gint64 minor; guint decimals; const char *expected; } cases[] = {
    { 2490, 2, "24.90" },
    { -5, 2, "-0.05" },
    { 0, 2, "0.00" },
    { 1, 2, "0.01" },
    { -1, 2, "-0.01" },
    { 100, 2, "1.00" },
    { -350, 2, "-3.50" },
    { 1200, 0, "1200" },
    { -1200, 0, "-1200" },
    { 0, 0, "0" },
    { 12345, 3, "12.345" },
    { -1, 3, "-0.001" },
    { G_MAXINT64, 2, "92233720368547758.07" },
    { G_MININT64, 2, "-92233720368547758.08" },
    { G_MAXINT64, 0, "9223372036854775807" },
    { G_MININT64, 0, "-9223372036854775808" },
    { G_MININT64, 3, "-9223372036854775.808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sk_money_to_api_string (cases[i].minor, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_api_string_round_trip (void)
{
  static const gint64 fixed[] = {
    0, 1, -1, 9, -9, 10, -10, 99, 100, 101, 999, 1000, 123456789,
    -123456789, G_MAXINT64, G_MININT64, G_MAXINT64 - 1, G_MININT64 + 1,
    G_MAXINT32, G_MININT32, (gint64) G_MAXINT32 + 1,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);

  for (guint decimals = 0; decimals <= 3; decimals++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fixed) + 2000; i++)
        {
          gint64 minor;
          gint64 back = 0;
          g_autofree char *text = NULL;
          g_autoptr(GError) error = NULL;

          if (i < G_N_ELEMENTS (fixed))
            {
              minor = fixed[i];
            }
          else
            {
              /* Random magnitudes over every order of size. */
              guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
              guint shift = g_rand_int_range (rand, 0, 64);

              minor = (gint64) (bits >> shift);
            }

          text = sk_money_to_api_string (minor, decimals);
          g_assert_true (sk_money_parse (text, decimals, &back, &error));
          g_assert_no_error (error);
          g_assert_cmpint (back, ==, minor);
        }
    }
}

static void
test_currency_decimals (void)
{
  static const char * const zero[] = {
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
    "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
  };
  static const char * const three[] = {
    "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
  };
  static const char * const two[] = {
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN",
    "CZK", "HUF", "INR", "CNY", "BRL", "MXN", "ZAR", "XXX",
  };

  for (guint i = 0; i < G_N_ELEMENTS (zero); i++)
    g_assert_cmpuint (sk_money_currency_decimals (zero[i]), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (three); i++)
    g_assert_cmpuint (sk_money_currency_decimals (three[i]), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (two); i++)
    g_assert_cmpuint (sk_money_currency_decimals (two[i]), ==, 2);

  /* Stores sometimes send lower case. */
  g_assert_cmpuint (sk_money_currency_decimals ("jpy"), ==, 0);
  g_assert_cmpuint (sk_money_currency_decimals ("kwd"), ==, 3);
}

static void
test_currency_is_valid (void)
{
  g_assert_true (sk_money_currency_is_valid ("EUR"));
  g_assert_true (sk_money_currency_is_valid ("JPY"));
  g_assert_true (sk_money_currency_is_valid ("XXX"));

  g_assert_false (sk_money_currency_is_valid (NULL));
  g_assert_false (sk_money_currency_is_valid (""));
  g_assert_false (sk_money_currency_is_valid ("EU"));
  g_assert_false (sk_money_currency_is_valid ("EURO"));
  g_assert_false (sk_money_currency_is_valid ("eur"));
  g_assert_false (sk_money_currency_is_valid ("Eur"));
  g_assert_false (sk_money_currency_is_valid ("E1R"));
  g_assert_false (sk_money_currency_is_valid ("€"));
  g_assert_false (sk_money_currency_is_valid ("EU "));
  g_assert_false (sk_money_currency_is_valid (" EUR"));
  g_assert_false (sk_money_currency_is_valid ("ÉUR"));
}

static void
test_checked_arithmetic (void)
{
  gint64 out = 42;

  g_assert_true (sk_money_add (2490, 10, &out));
  g_assert_cmpint (out, ==, 2500);
  g_assert_true (sk_money_add (G_MAXINT64, 0, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  g_assert_true (sk_money_add (G_MAXINT64, G_MININT64, &out));
  g_assert_cmpint (out, ==, -1);

  out = 42;
  g_assert_false (sk_money_add (G_MAXINT64, 1, &out));
  g_assert_cmpint (out, ==, 42);
  g_assert_false (sk_money_add (G_MININT64, -1, &out));
  g_assert_cmpint (out, ==, 42);

  g_assert_true (sk_money_mul (2490, 3, &out));
  g_assert_cmpint (out, ==, 7470);
  g_assert_true (sk_money_mul (-2490, 3, &out));
  g_assert_cmpint (out, ==, -7470);
  g_assert_true (sk_money_mul (G_MININT64, 1, &out));
  g_assert_cmpint (out, ==, G_MININT64);

  out = 42;
  g_assert_false (sk_money_mul (G_MAXINT64, 2, &out));
  g_assert_cmpint (out, ==, 42);
  g_assert_false (sk_money_mul (G_MININT64, -1, &out));
  g_assert_cmpint (out, ==, 42);
  g_assert_false (sk_money_mul (G_GINT64_CONSTANT (4294967296), G_GINT64_CONSTANT (4294967296), &out));
  g_assert_cmpint (out, ==, 42);
}

typedef struct
{
  gint64      minor;
  const char *currency;
  const char *expected;
} FormatCase;

static void
check_format_cases (const char       *locale,
                    const FormatCase *cases,
                    gsize             n_cases)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not installed", locale);

      g_test_skip (message);
      return;
    }

  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = sk_money_format (cases[i].minor, cases[i].currency);

      g_test_message ("%s: %" G_GINT64_FORMAT " %s → “%s”",
                      locale, cases[i].minor, cases[i].currency, text);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  setlocale (LC_ALL, saved);
}

static void
test_format_c (void)
{
  /* The C locale defines no monetary conventions: "." and no grouping. */
  static const FormatCase cases[] = {
    { 123450, "EUR", "€1234.50" },
    { -123450, "EUR", "-€1234.50" },
    { 0, "USD", "$0.00" },
    { 5, "GBP", "£0.05" },
    { 1234, "JPY", "¥1234" },
    { 1250, "CHF", "CHF 12.50" },
    { -1250, "CHF", "-CHF 12.50" },
    { 12345, "KWD", "KWD 12.345" },
    { 1250, "SEK", "SEK 12.50" },
    { G_MAXINT64, "USD", "$92233720368547758.07" },
    { G_MININT64, "USD", "-$92233720368547758.08" },
    { 1250, "", "12.50" },
  };

  check_format_cases ("C.UTF-8", cases, G_N_ELEMENTS (cases));
}

static void
test_format_en_us (void)
{
  static const FormatCase cases[] = {
    { 123450, "EUR", "€1,234.50" },
    { -123450, "EUR", "-€1,234.50" },
    { 123450, "USD", "$1,234.50" },
    { 0, "USD", "$0.00" },
    { 99, "USD", "$0.99" },
    { 100000, "USD", "$1,000.00" },
    { 99999, "USD", "$999.99" },
    { 123456789, "USD", "$1,234,567.89" },
    { 1234567, "JPY", "¥1,234,567" },
    { 1250, "CHF", "CHF 12.50" },
    { 1234567, "KWD", "KWD 1,234.567" },
    { G_MAXINT64, "USD", "$92,233,720,368,547,758.07" },
    { G_MININT64, "USD", "-$92,233,720,368,547,758.08" },
  };

  check_format_cases ("en_US.UTF-8", cases, G_N_ELEMENTS (cases));
}

static void
test_format_de_de (void)
{
  static const FormatCase cases[] = {
    { 123450, "EUR", "1.234,50 €" },
    { -123450, "EUR", "-1.234,50 €" },
    { 0, "EUR", "0,00 €" },
    { 99, "EUR", "0,99 €" },
    { 123456789, "EUR", "1.234.567,89 €" },
    { 123450, "USD", "1.234,50 $" },
    { 1234567, "JPY", "1.234.567 ¥" },
    { 1250, "CHF", "12,50 CHF" },
    { 12345, "KWD", "12,345 KWD" },
  };

  check_format_cases ("de_DE.UTF-8", cases, G_N_ELEMENTS (cases));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/valid", test_parse_valid);
  g_test_add_func ("/money/parse/invalid", test_parse_invalid);
  g_test_add_func ("/money/parse/null", test_parse_null);
  g_test_add_func ("/money/parse/embedded-nul", test_parse_embedded_nul);
  g_test_add_func ("/money/parse/error-message", test_error_message_quotes_text);
  g_test_add_func ("/money/parse/precision", test_parse_precision);
  g_test_add_func ("/money/parse/overflow", test_parse_overflow);
  g_test_add_func ("/money/parse/rounded", test_parse_rounded);
  g_test_add_func ("/money/api-string/values", test_api_string);
  g_test_add_func ("/money/api-string/round-trip", test_api_string_round_trip);
  g_test_add_func ("/money/currency/decimals", test_currency_decimals);
  g_test_add_func ("/money/currency/is-valid", test_currency_is_valid);
  g_test_add_func ("/money/arithmetic", test_checked_arithmetic);
  g_test_add_func ("/money/format/C", test_format_c);
  g_test_add_func ("/money/format/en_US", test_format_en_us);
  g_test_add_func ("/money/format/de_DE", test_format_de_de);

  return g_test_run ();
}
