/* sk-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-template"

#include "config.h"

#include "sk-template.h"

#include <string.h>

#include <glib/gi18n.h>

/* The longest placeholder name recognised; anything longer in braces is
 * ordinary text. */
#define MAX_NAME 64

typedef struct
{
  const char *name;
  const char *description;  /* N_() */
  gboolean    is_address;   /* a web address: a link in the HTML */
} Placeholder;

static const Placeholder placeholders[] = {
  { "first_name",            N_("The customer’s first name"), FALSE },
  { "last_name",             N_("The customer’s last name"), FALSE },
  { "order_number",          N_("The order number"), FALSE },
  { "order_date",            N_("The day the order was placed"), FALSE },
  { "order_total",           N_("The order’s total"), FALSE },
  { "promised_ship_date",    N_("The day the order ships at the latest"), FALSE },
  { "carrier",               N_("The carrier the parcel went with"), FALSE },
  { "tracking_number",       N_("The parcel’s tracking number"), FALSE },
  { "tracking_url",          N_("The carrier’s tracking page"), TRUE },
  { "delay_reason",          N_("Why the order is late"), FALSE },
  { "new_ship_date",         N_("The new ship date of a late order"), FALSE },
  { "shop_name",             N_("The shop’s name"), FALSE },
  { "shop_phone",            N_("The shop’s phone number"), FALSE },
  { "shop_email",            N_("The shop’s e-mail address"), FALSE },
  { "shop_url",              N_("The shop’s web address"), TRUE },
  { "privacy_url",           N_("The privacy policy’s address"), TRUE },
  { "review_url",            N_("Where customers write a review"), TRUE },
  { "newsletter_invitation", N_("The newsletter invitation, when it is turned on"), TRUE },
};

static const char * const placeholder_names[] = {
  "first_name", "last_name", "order_number", "order_date", "order_total",
  "promised_ship_date", "carrier", "tracking_number", "tracking_url",
  "delay_reason", "new_ship_date", "shop_name", "shop_phone", "shop_email",
  "shop_url", "privacy_url", "review_url", "newsletter_invitation", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (placeholders) + 1 == G_N_ELEMENTS (placeholder_names));

static const char * const kinds[] = {
  SK_TEMPLATE_CONFIRMATION,
  SK_TEMPLATE_SHIPPED,
  SK_TEMPLATE_DELAYED,
  SK_TEMPLATE_FOLLOW_UP,
  SK_TEMPLATE_COMPLAINT_THANK_YOU,
  NULL
};

typedef struct
{
  const char *kind;
  const char *subject;
  const char *body;
} DefaultTemplate;

/* The built-in templates are English source strings; translators give
 * them in their language. A line whose placeholders are all empty is left
 * out when the message is rendered, so "Tracking number: {tracking_number}"
 * disappears for a parcel without one. */
static const DefaultTemplate defaults[] = {
  { SK_TEMPLATE_CONFIRMATION,
    /* Translators: the subject of the order confirmation. Keep every
     * {placeholder} exactly as it is (in braces, in English). */
    N_("Your order {order_number} at {shop_name}"),
    /* Translators: the order confirmation sent to a customer. Keep every
     * {placeholder} exactly as it is; a line whose placeholders are all
     * empty is left out. Blank lines separate paragraphs. */
    N_("Hello {first_name},\n"
       "\n"
       "thank you for your order {order_number} of {order_date} ({order_total}). "
       "We have received it and it will ship by {promised_ship_date} at the latest.\n"
       "\n"
       "If you have a question, reply to this message, call us at {shop_phone} "
       "or write to {shop_email}.\n"
       "\n"
       "{newsletter_invitation}\n"
       "\n"
       "Kind regards,\n"
       "{shop_name}\n"
       "{shop_url}") },
  { SK_TEMPLATE_SHIPPED,
    /* Translators: the subject of the message sent when an order ships.
     * Keep every {placeholder} exactly as it is. */
    N_("Your order {order_number} is on its way"),
    /* Translators: the message sent when an order ships. Keep every
     * {placeholder} exactly as it is; a line whose placeholders are all
     * empty is left out. */
    N_("Hello {first_name},\n"
       "\n"
       "good news: your order {order_number} has left us today.\n"
       "\n"
       "Carrier: {carrier}\n"
       "Tracking number: {tracking_number}\n"
       "Follow your parcel: {tracking_url}\n"
       "\n"
       "If anything is not right when it arrives, reply to this message or "
       "call us at {shop_phone}.\n"
       "\n"
       "Kind regards,\n"
       "{shop_name}") },
  { SK_TEMPLATE_DELAYED,
    /* Translators: the subject of the message sent when an order is late.
     * Keep every {placeholder} exactly as it is. */
    N_("Your order {order_number} will ship later than promised"),
    /* Translators: the message sent when an order is late. Keep every
     * {placeholder} exactly as it is; a line whose placeholders are all
     * empty is left out. */
    N_("Hello {first_name},\n"
       "\n"
       "we are sorry: your order {order_number} will not ship by "
       "{promised_ship_date} as we promised.\n"
       "The reason: {delay_reason}\n"
       "\n"
       "We now expect to ship it by {new_ship_date}, and we will let you know "
       "as soon as it is on its way. Please accept our apologies for the wait.\n"
       "\n"
       "If you would rather not wait, reply to this message or call us at "
       "{shop_phone} and we will find a solution together.\n"
       "\n"
       "Kind regards,\n"
       "{shop_name}") },
  { SK_TEMPLATE_FOLLOW_UP,
    /* Translators: the subject of the follow-up after delivery. Keep every
     * {placeholder} exactly as it is. */
    N_("How is your order {order_number}, {first_name}?"),
    /* Translators: the follow-up after delivery. Keep every {placeholder}
     * exactly as it is; a line whose placeholders are all empty is left out. */
    N_("Hello {first_name},\n"
       "\n"
       "thank you again for shopping at {shop_name}. Your order {order_number} "
       "should have arrived by now, and we hope you like it.\n"
       "\n"
       "Was everything as you expected? Reply to this message and tell us: "
       "we read every answer.\n"
       "\n"
       "If you are happy with it, a short review helps other customers and us a lot:\n"
       "{review_url}\n"
       "\n"
       "Kind regards,\n"
       "{shop_name}") },
  { SK_TEMPLATE_COMPLAINT_THANK_YOU,
    /* Translators: the subject of the thank-you after a complaint. Keep
     * every {placeholder} exactly as it is. */
    N_("Thank you for telling us, {first_name}"),
    /* Translators: the thank-you after a complaint. Keep every
     * {placeholder} exactly as it is; a line whose placeholders are all
     * empty is left out. */
    N_("Hello {first_name},\n"
       "\n"
       "thank you for letting us know what went wrong with your order "
       "{order_number}. We are sorry it happened. We have taken care of it, "
       "and what you told us helps us do better.\n"
       "\n"
       "If there is anything else we can do, reply to this message or call us "
       "at {shop_phone}.\n"
       "\n"
       "Kind regards,\n"
       "{shop_name}") },
};

SkTemplate *
sk_template_new (const char *kind,
                 const char *language,
                 const char *subject,
                 const char *body)
{
  SkTemplate *tmpl;

  g_return_val_if_fail (kind != NULL, NULL);

  tmpl = g_new0 (SkTemplate, 1);
  tmpl->kind = g_strdup (kind);
  tmpl->language = g_strdup (language != NULL ? language : SK_TEMPLATE_SOURCE_LANGUAGE);
  tmpl->subject = g_strdup (subject != NULL ? subject : "");
  tmpl->body = g_strdup (body != NULL ? body : "");

  return tmpl;
}

SkTemplate *
sk_template_copy (const SkTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);

  return sk_template_new (tmpl->kind, tmpl->language, tmpl->subject, tmpl->body);
}

void
sk_template_free (SkTemplate *tmpl)
{
  if (tmpl == NULL)
    return;

  g_free (tmpl->kind);
  g_free (tmpl->language);
  g_free (tmpl->subject);
  g_free (tmpl->body);
  g_free (tmpl);
}

const char * const *
sk_template_list_kinds (void)
{
  return kinds;
}

const char *
sk_template_kind_get_title (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  if (strcmp (kind, SK_TEMPLATE_CONFIRMATION) == 0)
    return _("Order Confirmation");
  if (strcmp (kind, SK_TEMPLATE_SHIPPED) == 0)
    return _("Order Shipped");
  if (strcmp (kind, SK_TEMPLATE_DELAYED) == 0)
    return _("Order Delayed");
  if (strcmp (kind, SK_TEMPLATE_FOLLOW_UP) == 0)
    return _("Follow-Up After Delivery");
  if (strcmp (kind, SK_TEMPLATE_COMPLAINT_THANK_YOU) == 0)
    return _("Thank You After a Complaint");

  return kind;
}

SkTemplate *
sk_template_get_default (const char *kind,
                         const char *language)
{
  const char * const *names = g_get_language_names ();
  g_autofree char *ui = names[0] != NULL ? sk_template_normalize_language (names[0]) : NULL;
  g_autofree char *wanted = sk_template_normalize_language (language);
  gboolean source;

  g_return_val_if_fail (kind != NULL, NULL);

  if (ui == NULL)
    ui = g_strdup (SK_TEMPLATE_SOURCE_LANGUAGE);
  if (wanted == NULL)
    return NULL;

  /* The interface's language comes through gettext; English is the source
   * itself, untranslated, whatever the desk runs in. */
  if (strcmp (wanted, ui) == 0)
    source = FALSE;
  else if (strcmp (wanted, SK_TEMPLATE_SOURCE_LANGUAGE) == 0)
    source = TRUE;
  else
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      if (strcmp (defaults[i].kind, kind) == 0)
        return sk_template_new (kind, wanted,
                                source ? defaults[i].subject : _(defaults[i].subject),
                                source ? defaults[i].body : _(defaults[i].body));
    }

  return NULL;
}

const char * const *
sk_template_list_placeholders (void)
{
  return placeholder_names;
}

static const Placeholder *
find_placeholder (const char *name,
                  gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      if (strlen (placeholders[i].name) == len && strncmp (placeholders[i].name, name, len) == 0)
        return &placeholders[i];
    }

  return NULL;
}

const char *
sk_template_placeholder_describe (const char *name)
{
  const Placeholder *p;

  g_return_val_if_fail (name != NULL, NULL);

  p = find_placeholder (name, strlen (name));
  return p != NULL ? _(p->description) : NULL;
}

gboolean
sk_template_placeholder_is_known (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return find_placeholder (name, strlen (name)) != NULL;
}

/* If @p starts a placeholder ("{" name "}"), its name's length; else 0. */
static gsize
placeholder_at (const char *p)
{
  gsize len = 0;

  if (p[0] != '{' || !g_ascii_islower (p[1]))
    return 0;

  for (len = 1; p[1 + len] != '}'; len++)
    {
      char c = p[1 + len];

      if (len >= MAX_NAME || !(g_ascii_islower (c) || g_ascii_isdigit (c) || c == '_'))
        return 0;
    }

  return len;
}

static void
collect_unknown (const char *text,
                 GPtrArray  *names)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize len = placeholder_at (p);
      g_autofree char *name = NULL;
      gboolean seen = FALSE;

      if (len == 0 || find_placeholder (p + 1, len) != NULL)
        continue;

      name = g_strndup (p + 1, len);
      for (guint i = 0; i < names->len; i++)
        seen = seen || strcmp (g_ptr_array_index (names, i), name) == 0;
      if (!seen)
        g_ptr_array_add (names, g_steal_pointer (&name));
      p += len + 1;
    }
}

GStrv
sk_template_find_unknown (const char *text)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (text != NULL, NULL);

  collect_unknown (text, names);
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

void
sk_rendered_message_free (SkRenderedMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->subject);
  g_free (message->text);
  g_free (message->html);
  g_strfreev (message->unknown);
  g_free (message);
}

static gboolean
is_url_end (char c)
{
  return c == '\0' || g_ascii_isspace (c) || c == '<' || c == '>' || c == '"' || c == '\'';
}

/* Escapes @text into @html, turning http:// and https:// addresses into
 * links when @links. */
static void
append_html (GString    *html,
             const char *text,
             gsize       len,
             gboolean    links)
{
  const char *end = text + len;
  const char *p = text;

  while (p < end)
    {
      const char *url = NULL;
      const char *url_end;
      g_autofree char *chunk = NULL;
      g_autofree char *escaped = NULL;

      if (links)
        {
          const char *http = g_strstr_len (p, end - p, "http://");
          const char *https = g_strstr_len (p, end - p, "https://");

          url = http == NULL ? https : (https == NULL ? http : MIN (http, https));
        }

      if (url == NULL)
        {
          chunk = g_strndup (p, end - p);
          escaped = g_markup_escape_text (chunk, -1);
          g_string_append (html, escaped);
          break;
        }

      chunk = g_strndup (p, url - p);
      escaped = g_markup_escape_text (chunk, -1);
      g_string_append (html, escaped);
      g_clear_pointer (&chunk, g_free);
      g_clear_pointer (&escaped, g_free);

      for (url_end = url; url_end < end && !is_url_end (*url_end); url_end++)
        ;
      /* A sentence's full stop or a closing bracket is not part of it. */
      while (url_end > url && strchr (".,;:!?)]", url_end[-1]) != NULL)
        url_end--;

      chunk = g_strndup (url, url_end - url);
      escaped = g_markup_escape_text (chunk, -1);
      if (strcmp (chunk, "http://") == 0 || strcmp (chunk, "https://") == 0)
        g_string_append (html, escaped);
      else
        g_string_append_printf (html, "<a href=\"%s\">%s</a>", escaped, escaped);
      p = url_end;
    }
}

typedef struct
{
  GString *text;
  GString *html;
} RenderedLine;

/* Renders one line of a template into @line; FALSE when it held
 * placeholders that were all empty (the line is left out). */
static gboolean
render_line (const char *line,
             gsize       len,
             GHashTable *values,
             gboolean    single_line,
             GPtrArray  *unknown,
             RenderedLine *out)
{
  const char *end = line + len;
  const char *literal = line;
  guint n_known = 0;
  guint n_filled = 0;
  guint n_unknown = 0;

  for (const char *p = line; p < end; p++)
    {
      gsize name_len = placeholder_at (p);
      const Placeholder *placeholder;
      const char *value;

      if (name_len == 0 || p + name_len + 2 > end)
        continue;

      g_string_append_len (out->text, literal, p - literal);
      append_html (out->html, literal, p - literal, TRUE);

      placeholder = find_placeholder (p + 1, name_len);
      if (placeholder == NULL)
        {
          g_autofree char *name = g_strndup (p + 1, name_len);
          gboolean seen = FALSE;

          /* Kept as written, so the reader sees the mistake rather than a gap. */
          g_string_append_len (out->text, p, name_len + 2);
          append_html (out->html, p, name_len + 2, FALSE);
          for (guint i = 0; i < unknown->len; i++)
            seen = seen || strcmp (g_ptr_array_index (unknown, i), name) == 0;
          if (!seen)
            g_ptr_array_add (unknown, g_steal_pointer (&name));
          n_unknown++;
        }
      else
        {
          g_autofree char *valid = NULL;

          value = values != NULL ? g_hash_table_lookup (values, placeholder->name) : NULL;
          /* Values come from the store and the settings: bytes that are
           * not UTF-8 become U+FFFD rather than a message no mail program
           * (and no HTML escaping) can handle. */
          if (value != NULL && !g_utf8_validate (value, -1, NULL))
            value = valid = g_utf8_make_valid (value, -1);
          n_known++;
          if (value != NULL && *value != '\0')
            {
              n_filled++;
              if (single_line)
                {
                  g_autofree char *flat = g_strdup (value);

                  g_strdelimit (flat, "\r\n\t", ' ');
                  g_string_append (out->text, flat);
                }
              else
                {
                  g_autoptr(GString) html = g_string_new (NULL);

                  g_string_append (out->text, value);
                  append_html (html, value, strlen (value), placeholder->is_address);
                  /* A value of several lines keeps them in the HTML too. */
                  g_string_replace (html, "\n", "<br>\n", 0);
                  g_string_append (out->html, html->str);
                }
            }
        }

      p += name_len + 1;
      literal = p + 1;
    }

  g_string_append_len (out->text, literal, end - literal);
  append_html (out->html, literal, end - literal, TRUE);

  return !(n_known > 0 && n_filled == 0 && n_unknown == 0);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

SkRenderedMessage *
sk_template_render (const SkTemplate *tmpl,
                    GHashTable       *values)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  SkRenderedMessage *message;
  RenderedLine subject = { g_string_new (NULL), g_string_new (NULL) };
  g_autofree char *title = NULL;
  g_autofree char *lang = NULL;
  gboolean in_paragraph = FALSE;

  g_return_val_if_fail (tmpl != NULL, NULL);

  render_line (tmpl->subject, strlen (tmpl->subject), values, TRUE, unknown, &subject);
  g_string_free (subject.html, TRUE);

  lines = g_strsplit (tmpl->body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      RenderedLine line = { g_string_new (NULL), g_string_new (NULL) };
      gsize len = strlen (lines[i]);
      gboolean keep;

      if (len > 0 && lines[i][len - 1] == '\r')
        len--;

      keep = render_line (lines[i], len, values, FALSE, unknown, &line);
      if (!keep)
        {
          /* Left out: it never breaks a paragraph either. */
        }
      else if (is_blank (line.text->str))
        {
          if (in_paragraph)
            {
              g_string_append_printf (html, "<p>%s</p>\n", paragraph->str);
              g_string_truncate (paragraph, 0);
              in_paragraph = FALSE;
            }
        }
      else
        {
          if (!in_paragraph && text->len > 0)
            g_string_append (text, "\n\n");
          else if (in_paragraph)
            {
              g_string_append_c (text, '\n');
              g_string_append (paragraph, "<br>\n");
            }
          g_string_append (text, line.text->str);
          g_string_append (paragraph, line.html->str);
          in_paragraph = TRUE;
        }

      g_string_free (line.text, TRUE);
      g_string_free (line.html, TRUE);
    }

  if (in_paragraph)
    g_string_append_printf (html, "<p>%s</p>\n", paragraph->str);

  message = g_new0 (SkRenderedMessage, 1);
  message->subject = g_strstrip (g_string_free (subject.text, FALSE));
  g_string_append_c (text, '\n');
  message->text = g_string_free (g_steal_pointer (&text), FALSE);
  g_ptr_array_add (unknown, NULL);
  message->unknown = (GStrv) g_ptr_array_free (g_steal_pointer (&unknown), FALSE);

  title = g_markup_escape_text (message->subject, -1);
  lang = g_markup_escape_text (tmpl->language, -1);
  message->html = g_strdup_printf ("<!DOCTYPE html>\n"
                                     "<html lang=\"%s\">\n"
                                     "<head><meta charset=\"utf-8\"><title>%s</title></head>\n"
                                     "<body>\n%s</body>\n"
                                     "</html>\n",
                                     lang, title, html->str);

  return message;
}

typedef struct
{
  char        country[3];
  const char *language;
} CountryLanguage;

/* Countries where one language is what a shop would write in. Countries
 * with several (Belgium, Switzerland, Canada...) are left out on purpose:
 * there the shop's own language is the safer guess. */
static const CountryLanguage country_languages[] = {
  { "AR", "es" }, { "AT", "de" }, { "AU", "en" }, { "BG", "bg" }, { "BR", "pt" },
  { "CL", "es" }, { "CN", "zh" }, { "CO", "es" }, { "CZ", "cs" }, { "DE", "de" },
  { "DK", "da" }, { "EE", "et" }, { "ES", "es" }, { "FI", "fi" }, { "FR", "fr" },
  { "GB", "en" }, { "GR", "el" }, { "HR", "hr" }, { "HU", "hu" }, { "IE", "en" },
  { "IS", "is" }, { "IT", "it" }, { "JP", "ja" }, { "KR", "ko" }, { "LI", "de" },
  { "LT", "lt" }, { "LV", "lv" }, { "MX", "es" }, { "NL", "nl" }, { "NO", "nb" },
  { "NZ", "en" }, { "PE", "es" }, { "PL", "pl" }, { "PT", "pt" }, { "RO", "ro" },
  { "RS", "sr" }, { "RU", "ru" }, { "SE", "sv" }, { "SI", "sl" }, { "SK", "sk" },
  { "TR", "tr" }, { "UA", "uk" }, { "US", "en" }, { "UY", "es" },
};

/* The languages of country_languages, named. */
static const struct
{
  const char *code;
  const char *name;  /* N_() */
} language_names[] = {
  { "bg", N_("Bulgarian") }, { "cs", N_("Czech") }, { "da", N_("Danish") }, { "de", N_("German") },
  { "el", N_("Greek") }, { "en", N_("English") }, { "es", N_("Spanish") }, { "et", N_("Estonian") },
  { "fi", N_("Finnish") }, { "fr", N_("French") }, { "hr", N_("Croatian") }, { "hu", N_("Hungarian") },
  { "is", N_("Icelandic") }, { "it", N_("Italian") }, { "ja", N_("Japanese") }, { "ko", N_("Korean") },
  { "lt", N_("Lithuanian") }, { "lv", N_("Latvian") }, { "nb", N_("Norwegian Bokmål") }, { "nl", N_("Dutch") },
  { "pl", N_("Polish") }, { "pt", N_("Portuguese") }, { "ro", N_("Romanian") }, { "ru", N_("Russian") },
  { "sk", N_("Slovak") }, { "sl", N_("Slovenian") }, { "sr", N_("Serbian") }, { "sv", N_("Swedish") },
  { "tr", N_("Turkish") }, { "uk", N_("Ukrainian") }, { "zh", N_("Chinese") },
};

char *
sk_template_language_get_title (const char *language)
{
  g_return_val_if_fail (language != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    {
      if (strcmp (language_names[i].code, language) == 0)
        /* Translators: a language and its code, "German (de)" */
        return g_strdup_printf (C_("language", "%s (%s)"), _(language_names[i].name), language);
    }

  return g_strdup (language);
}

const char *
sk_template_language_for_country (const char *country)
{
  if (country == NULL || strlen (country) != 2)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (country_languages); i++)
    {
      if (g_ascii_strcasecmp (country_languages[i].country, country) == 0)
        return country_languages[i].language;
    }

  return NULL;
}

char *
sk_template_normalize_language (const char *language)
{
  gsize len = 0;

  if (language == NULL)
    return NULL;

  while (g_ascii_isalpha (language[len]))
    len++;

  if (len < 2 || len > 3)
    return NULL;

  /* "C" and "POSIX" never get here (too short, too long). */
  return g_ascii_strdown (language, len);
}

/* The name of the tag at @p (just after '<'), lower case, whether it
 * closes and, for <a>, its href; @p moves past the tag's '>'. NULL when
 * the tag never ends. */
static char *
read_tag (const char **p,
          gboolean    *closing,
          char       **href)
{
  const char *start = *p;
  const char *end = strchr (start, '>');
  const char *name;
  gsize name_len = 0;
  g_autofree char *inside = NULL;

  *closing = FALSE;
  *href = NULL;
  if (end == NULL)
    {
      *p = start + strlen (start);
      return NULL;
    }

  inside = g_strndup (start, end - start);
  *p = end + 1;

  name = inside;
  if (*name == '/')
    {
      *closing = TRUE;
      name++;
    }
  while (g_ascii_isalnum (name[name_len]))
    name_len++;

  if (name_len == 1 && g_ascii_tolower (name[0]) == 'a' && !*closing)
    {
      /* Only a double-quoted href, as sk_template_render () writes it;
       * it is already escaped for markup. */
      const char *attr = strstr (name, "href=\"");

      if (attr != NULL)
        {
          const char *value = attr + strlen ("href=\"");
          const char *quote = strchr (value, '"');

          if (quote != NULL)
            *href = g_strndup (value, quote - value);
        }
    }

  return g_ascii_strdown (name, name_len);
}

static void
flush_space (GString  *out,
             gboolean *space_pending)
{
  /* No space at the start of a line. */
  if (*space_pending && out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ' ');
  *space_pending = FALSE;
}

/* Copies the text @p..@end, collapsing white space; entities that markup
 * knows are kept, any other '&' is escaped. */
static void
append_markup_text (GString    *out,
                    const char *p,
                    const char *end,
                    gboolean   *space_pending)
{
  static const char * const entities[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#" };

  while (p < end)
    {
      if (g_ascii_isspace (*p))
        {
          *space_pending = TRUE;
          p++;
          continue;
        }

      flush_space (out, space_pending);

      if (*p == '&')
        {
          gboolean known = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities) && !known; i++)
            known = strncmp (p, entities[i], strlen (entities[i])) == 0;
          g_string_append (out, known ? "&" : "&amp;");
          p++;
          continue;
        }

      g_string_append_c (out, *p);
      p++;
    }
}

char *
sk_template_html_to_markup (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *body;
  const char *body_end;
  const char *p;
  gboolean space_pending = FALSE;
  gboolean in_link = FALSE;
  guint n_bold = 0;
  guint n_italic = 0;

  g_return_val_if_fail (html != NULL, NULL);

  body = strstr (html, "<body>");
  p = body != NULL ? body + strlen ("<body>") : html;
  body_end = strstr (p, "</body>");
  if (body_end == NULL)
    body_end = p + strlen (p);

  while (p < body_end)
    {
      const char *lt = memchr (p, '<', body_end - p);
      g_autofree char *name = NULL;
      g_autofree char *href = NULL;
      gboolean closing;

      append_markup_text (out, p, lt != NULL ? lt : body_end, &space_pending);
      if (lt == NULL)
        break;

      p = lt + 1;
      name = read_tag (&p, &closing, &href);
      if (p > body_end)
        p = body_end;
      if (name == NULL)
        break;

      if (strcmp (name, "p") == 0 && !closing)
        {
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          if (out->len > 0)
            g_string_append (out, "\n\n");
          space_pending = FALSE;
        }
      else if (strcmp (name, "br") == 0)
        {
          g_string_append_c (out, '\n');
          space_pending = FALSE;
        }
      else if (strcmp (name, "a") == 0 && !closing && href != NULL && !in_link)
        {
          flush_space (out, &space_pending);
          g_string_append_printf (out, "<a href=\"%s\">", href);
          in_link = TRUE;
        }
      else if (strcmp (name, "a") == 0 && closing && in_link)
        {
          g_string_append (out, "</a>");
          in_link = FALSE;
        }
      else if (strcmp (name, "b") == 0 || strcmp (name, "strong") == 0)
        {
          if (!closing)
            {
              flush_space (out, &space_pending);
              g_string_append (out, "<b>");
              n_bold++;
            }
          else if (n_bold > 0)
            {
              g_string_append (out, "</b>");
              n_bold--;
            }
        }
      else if (strcmp (name, "i") == 0 || strcmp (name, "em") == 0)
        {
          if (!closing)
            {
              flush_space (out, &space_pending);
              g_string_append (out, "<i>");
              n_italic++;
            }
          else if (n_italic > 0)
            {
              g_string_append (out, "</i>");
              n_italic--;
            }
        }
    }

  /* Whatever the HTML left open is closed, so the markup always parses. */
  if (in_link)
    g_string_append (out, "</a>");
  for (; n_italic > 0; n_italic--)
    g_string_append (out, "</i>");
  for (; n_bold > 0; n_bold--)
    g_string_append (out, "</b>");

  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
