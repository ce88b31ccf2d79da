/* test-template.c — placeholders, escaping, unknown names, languages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sk-template.h"

static GHashTable *
values_new (void)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, (char *) "first_name", (char *) "Zoë");
  g_hash_table_insert (values, (char *) "order_number", (char *) "1042");
  g_hash_table_insert (values, (char *) "shop_name", (char *) "Tom & Jerry's <Shop>");
  g_hash_table_insert (values, (char *) "shop_url", (char *) "https://shop.example/?a=1&b=2");
  g_hash_table_insert (values, (char *) "promised_ship_date", (char *) "3/4/2026");

  return values;
}

static void
test_placeholders (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("custom", "en", "Order {order_number} for {first_name}",
                                                "Hello {first_name},\n"
                                                "your order {order_number} ships by {promised_ship_date}.\n"
                                                "\n"
                                                "{shop_name}\n"
                                                "{shop_url}");
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(SkRenderedMessage) message = sk_template_render (tmpl, values);

  g_assert_cmpstr (message->subject, ==, "Order 1042 for Zoë");
  g_assert_cmpstr (message->text, ==,
                   "Hello Zoë,\n"
                   "your order 1042 ships by 3/4/2026.\n"
                   "\n"
                   "Tom & Jerry's <Shop>\n"
                   "https://shop.example/?a=1&b=2\n");
  g_assert_cmpuint (g_strv_length (message->unknown), ==, 0);

  /* Values verbatim in the text, escaped in the HTML; addresses linked. */
  g_assert_nonnull (strstr (message->html, "<p>Hello Zoë,<br>\nyour order 1042 ships by 3/4/2026.</p>"));
  g_assert_nonnull (strstr (message->html, "Tom &amp; Jerry&apos;s &lt;Shop&gt;"));
  g_assert_null (strstr (message->html, "<Shop>"));
  g_assert_nonnull (strstr (message->html,
                            "<a href=\"https://shop.example/?a=1&amp;b=2\">https://shop.example/?a=1&amp;b=2</a>"));
  g_assert_true (g_str_has_prefix (message->html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (message->html, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (message->html, "<html lang=\"en\">"));
}

static void
test_escaping_values (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("custom", "en", "Hi {first_name}", "Dear {first_name}: {delay_reason}");
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SkRenderedMessage) message = NULL;

  /* A name that looks like markup or a link is text, and never a link:
   * only address placeholders and the template's own text are linked. */
  g_hash_table_insert (values, (char *) "first_name", (char *) "<script>alert(1)</script> http://evil.example");
  g_hash_table_insert (values, (char *) "delay_reason", (char *) "Storm\r\nBcc: x");
  message = sk_template_render (tmpl, values);

  g_assert_null (strstr (message->html, "<script>"));
  g_assert_nonnull (strstr (message->html, "&lt;script&gt;alert(1)&lt;/script&gt; http://evil.example"));
  g_assert_null (strstr (message->html, "href=\"http://evil.example"));
  /* The subject is one line whatever the values hold. */
  g_assert_null (strchr (message->subject, '\n'));
  g_assert_null (strchr (message->subject, '\r'));
  g_assert_nonnull (strstr (message->text, "<script>alert(1)</script>"));
}

static void
test_unknown (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("custom", "en", "{frist_name}, hello",
                                                "Hi {frist_name} {first_name}!\n{coupon_code} {frist_name}\n"
                                                "Braces { like this } and {Not_a_name} and {} stay.");
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(SkRenderedMessage) message = sk_template_render (tmpl, values);
  g_auto(GStrv) found = sk_template_find_unknown (tmpl->body);

  g_assert_cmpuint (g_strv_length (message->unknown), ==, 2);
  g_assert_cmpstr (message->unknown[0], ==, "frist_name");
  g_assert_cmpstr (message->unknown[1], ==, "coupon_code");
  g_assert_cmpstr (message->subject, ==, "{frist_name}, hello");
  g_assert_nonnull (strstr (message->text, "Hi {frist_name} Zoë!"));
  g_assert_nonnull (strstr (message->text, "{coupon_code} {frist_name}"));
  g_assert_nonnull (strstr (message->text, "Braces { like this } and {Not_a_name} and {} stay."));

  g_assert_cmpuint (g_strv_length (found), ==, 2);
  g_assert_cmpstr (found[0], ==, "frist_name");
  g_assert_cmpstr (found[1], ==, "coupon_code");

  g_assert_true (sk_template_placeholder_is_known ("tracking_url"));
  g_assert_false (sk_template_placeholder_is_known ("frist_name"));
}

static void
test_empty_lines_left_out (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_get_default (SK_TEMPLATE_SHIPPED, "en");
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(SkRenderedMessage) without = NULL;
  g_autoptr(SkRenderedMessage) with = NULL;

  /* No carrier, no tracking: those lines go, and no empty paragraph stays. */
  without = sk_template_render (tmpl, values);
  g_assert_null (strstr (without->text, "Tracking number"));
  g_assert_null (strstr (without->text, "Carrier"));
  g_assert_null (strstr (without->text, "\n\n\n"));
  g_assert_null (strstr (without->html, "<p></p>"));

  g_hash_table_insert (values, (char *) "carrier", (char *) "DHL");
  g_hash_table_insert (values, (char *) "tracking_number", (char *) "JJD0099");
  g_hash_table_insert (values, (char *) "tracking_url", (char *) "https://track.example/JJD0099");
  with = sk_template_render (tmpl, values);
  g_assert_nonnull (strstr (with->text, "Carrier: DHL\nTracking number: JJD0099\n"
                                        "Follow your parcel: https://track.example/JJD0099\n"));
  g_assert_nonnull (strstr (with->html, "<a href=\"https://track.example/JJD0099\">"));
}

static void
test_multiline_value (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_get_default (SK_TEMPLATE_CONFIRMATION, "en");
  g_autoptr(GHashTable) values = values_new ();
  g_autoptr(SkRenderedMessage) off = NULL;
  g_autoptr(SkRenderedMessage) on = NULL;

  off = sk_template_render (tmpl, values);
  g_assert_null (strstr (off->text, "newsletter"));

  g_hash_table_insert (values, (char *) "newsletter_invitation",
                       (char *) "Would you like our newsletter?\n- Early access\nPrivacy: https://shop.example/privacy");
  on = sk_template_render (tmpl, values);
  g_assert_nonnull (strstr (on->text, "Would you like our newsletter?\n- Early access\n"));
  g_assert_nonnull (strstr (on->html, "Would you like our newsletter?<br>\n- Early access<br>\n"));
  g_assert_nonnull (strstr (on->html, "<a href=\"https://shop.example/privacy\">"));
}

static void
test_defaults (void)
{
  const char * const *kinds = sk_template_list_kinds ();
  const char * const *names = sk_template_list_placeholders ();

  g_assert_cmpuint (g_strv_length ((GStrv) kinds), ==, 5);

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autoptr(SkTemplate) tmpl = sk_template_get_default (kinds[i], "en");
      g_auto(GStrv) unknown_body = NULL;
      g_auto(GStrv) unknown_subject = NULL;

      g_assert_nonnull (tmpl);
      g_assert_cmpstr (tmpl->language, ==, "en");
      /* The tests run in C.UTF-8: only English is built in. */
      g_assert_null (sk_template_get_default (kinds[i], "de"));
      g_assert_cmpstr (tmpl->kind, ==, kinds[i]);
      g_assert_true (*tmpl->subject != '\0');
      g_assert_nonnull (strstr (tmpl->body, "{first_name}"));
      g_assert_nonnull (strstr (tmpl->body, "{shop_name}"));
      unknown_body = sk_template_find_unknown (tmpl->body);
      unknown_subject = sk_template_find_unknown (tmpl->subject);
      g_assert_cmpuint (g_strv_length (unknown_body), ==, 0);
      g_assert_cmpuint (g_strv_length (unknown_subject), ==, 0);
      g_assert_cmpstr (sk_template_kind_get_title (kinds[i]), !=, kinds[i]);
    }

  g_assert_null (sk_template_get_default ("refund-approved", "en"));
  g_assert_cmpstr (sk_template_kind_get_title ("refund-approved"), ==, "refund-approved");

  for (guint i = 0; names[i] != NULL; i++)
    g_assert_nonnull (sk_template_placeholder_describe (names[i]));
  g_assert_cmpuint (g_strv_length ((GStrv) names), ==, 18);

  {
    g_autoptr(SkTemplate) confirmation = sk_template_get_default (SK_TEMPLATE_CONFIRMATION, "en");

    g_assert_nonnull (strstr (confirmation->body, "{promised_ship_date}"));
    g_assert_nonnull (strstr (confirmation->body, "{shop_phone}"));
    g_assert_nonnull (strstr (confirmation->body, "{shop_email}"));
    g_assert_nonnull (strstr (confirmation->body, "{newsletter_invitation}"));
  }
}

static void
test_languages (void)
{
  g_autofree char *de = sk_template_normalize_language ("de_DE.UTF-8");
  g_autofree char *pt = sk_template_normalize_language ("pt-BR");
  g_autofree char *en = sk_template_normalize_language ("EN");

  g_assert_cmpstr (de, ==, "de");
  g_assert_cmpstr (pt, ==, "pt");
  g_assert_cmpstr (en, ==, "en");
  g_assert_null (sk_template_normalize_language ("C"));
  g_assert_null (sk_template_normalize_language ("POSIX"));
  g_assert_null (sk_template_normalize_language (""));
  g_assert_null (sk_template_normalize_language (NULL));

  g_assert_cmpstr (sk_template_language_for_country ("DE"), ==, "de");
  g_assert_cmpstr (sk_template_language_for_country ("at"), ==, "de");
  g_assert_cmpstr (sk_template_language_for_country ("FR"), ==, "fr");
  g_assert_cmpstr (sk_template_language_for_country ("US"), ==, "en");
  /* Several languages: the shop's own is the better guess. */
  g_assert_null (sk_template_language_for_country ("CH"));
  g_assert_null (sk_template_language_for_country ("BE"));
  g_assert_null (sk_template_language_for_country (""));
  g_assert_null (sk_template_language_for_country ("DEU"));
}

static void
test_invalid_and_huge_values (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("custom", "en", "Hi {first_name}",
                                                "Dear {first_name} {last_name},\n\n{delay_reason}");
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SkRenderedMessage) message = NULL;
  g_autofree char *huge = g_strnfill (1 << 20, 'x');
  /* Latin-1 "Zoë", a lone continuation byte and a cut-off sequence. */
  const char *broken = "Zo\xeb \x80 \xe2\x82";

  huge[1000] = '<';
  g_hash_table_insert (values, (char *) "first_name", (char *) broken);
  g_hash_table_insert (values, (char *) "last_name", (char *) "M\xfcller");
  g_hash_table_insert (values, (char *) "delay_reason", huge);
  message = sk_template_render (tmpl, values);

  g_assert_true (g_utf8_validate (message->subject, -1, NULL));
  g_assert_true (g_utf8_validate (message->text, -1, NULL));
  g_assert_true (g_utf8_validate (message->html, -1, NULL));
  g_assert_true (g_str_has_prefix (message->subject, "Hi Zo\xef\xbf\xbd"));
  g_assert_true (g_str_has_prefix (message->text, "Dear Zo\xef\xbf\xbd \xef\xbf\xbd"));
  g_assert_nonnull (strstr (message->text, "M\xef\xbf\xbdller"));
  /* A megabyte of reason arrives whole, and escaped in the HTML. */
  g_assert_cmpuint (strlen (message->text), >, 1 << 20);
  g_assert_nonnull (strstr (message->html, "xxx&lt;xxx"));
  g_assert_null (strstr (message->html, "x<x"));
}

static void
test_html_to_markup (void)
{
  g_autoptr(SkTemplate) tmpl = sk_template_new ("custom", "en", "Hi",
                                                "Hello {first_name},\nyour order ships.\n\n"
                                                "Track it: {tracking_url}\n\n{shop_name}");
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SkRenderedMessage) message = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *odd = NULL;

  g_hash_table_insert (values, (char *) "first_name", (char *) "Zoë");
  g_hash_table_insert (values, (char *) "tracking_url", (char *) "https://track.example/?n=1&c=DE");
  g_hash_table_insert (values, (char *) "shop_name", (char *) "Tom & Jerry's <Shop>");
  message = sk_template_render (tmpl, values);
  markup = sk_template_html_to_markup (message->html);

  g_assert_cmpstr (markup, ==,
                   "Hello Zoë,\nyour order ships.\n\n"
                   "Track it: <a href=\"https://track.example/?n=1&amp;c=DE\">https://track.example/?n=1&amp;c=DE</a>\n\n"
                   "Tom &amp; Jerry&apos;s &lt;Shop&gt;");

  /* Other HTML: its text kept, tags it cannot show dropped, what is left
   * open closed, and an '&' that markup does not know escaped. */
  odd = sk_template_html_to_markup ("<div class=\"x\"><strong>Big</strong>   <em>news &nbsp;<a href=\"https://a.example\">here");
  g_assert_cmpstr (odd, ==, "<b>Big</b> <i>news &amp;nbsp;<a href=\"https://a.example\">here</a></i>");
  g_free (odd);
  odd = sk_template_html_to_markup ("plain <br/>text < unclosed");
  g_assert_cmpstr (odd, ==, "plain\ntext");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/placeholders", test_placeholders);
  g_test_add_func ("/template/escaping-values", test_escaping_values);
  g_test_add_func ("/template/unknown", test_unknown);
  g_test_add_func ("/template/empty-lines-left-out", test_empty_lines_left_out);
  g_test_add_func ("/template/multiline-value", test_multiline_value);
  g_test_add_func ("/template/defaults", test_defaults);
  g_test_add_func ("/template/languages", test_languages);
  g_test_add_func ("/template/invalid-and-huge-values", test_invalid_and_huge_values);
  g_test_add_func ("/template/html-to-markup", test_html_to_markup);

  return g_test_run ();
}
