/* sk-template.h — message templates with {placeholders}.
 *
 * Pure: no I/O. A template is a subject and a plain-text body with
 * placeholders such as {first_name}; rendering fills them from a table of
 * values and gives a plain-text and an HTML version of the message. Values
 * are inserted verbatim in the text (bytes that are not UTF-8 become
 * U+FFFD) and HTML-escaped in the HTML; web addresses (in the template
 * itself and in the values of the address placeholders) become links in
 * the HTML. A placeholder Shopkeeper does not
 * know is left as written and reported, so the editor can warn about a typo.
 *
 * Kinds are an open set of strings: the built-in ones below, and any other
 * a module defines ("refund-approved", "refund-denied"...).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

/* The built-in kinds. */
#define SK_TEMPLATE_CONFIRMATION          "confirmation"
#define SK_TEMPLATE_SHIPPED               "shipped"
#define SK_TEMPLATE_DELAYED               "delayed"
#define SK_TEMPLATE_FOLLOW_UP             "delivered-follow-up"
#define SK_TEMPLATE_COMPLAINT_THANK_YOU   "complaint-thank-you"

/* The language of the default templates' source strings. */
#define SK_TEMPLATE_SOURCE_LANGUAGE       "en"

typedef struct
{
  char *kind;
  char *language;   /* "en", "de", "pt-BR"... */
  char *subject;
  char *body;       /* plain text; blank lines separate paragraphs */
} SkTemplate;

SkTemplate         *sk_template_new                  (const char        *kind,
                                                      const char        *language,
                                                      const char        *subject,
                                                      const char        *body);
SkTemplate         *sk_template_copy                 (const SkTemplate  *tmpl);
void                sk_template_free                 (SkTemplate        *tmpl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkTemplate, sk_template_free)

/* The built-in kinds, in the order the editor lists them. */
const char * const *sk_template_list_kinds           (void);
/* The kind's name for the user ("Order Confirmation"), translated; @kind
 * itself for a kind without a built-in name. */
const char         *sk_template_kind_get_title       (const char        *kind);

/* The built-in template of @kind in @language: the English source
 * strings for "en", their translation (gettext) for the language of the
 * user interface; NULL for any other language (gettext cannot translate
 * into a language the desk does not run in) and for a kind without a
 * built-in template. */
SkTemplate         *sk_template_get_default          (const char        *kind,
                                                      const char        *language);

/* Every placeholder Shopkeeper fills, without braces ("first_name"...). */
const char * const *sk_template_list_placeholders    (void);
/* What a placeholder stands for, translated, for the editor's menu. */
const char         *sk_template_placeholder_describe (const char        *name);
gboolean            sk_template_placeholder_is_known (const char        *name);

/* The placeholders in @text that Shopkeeper does not know (without braces),
 * each once, in order of appearance; an empty vector when all are known. */
GStrv               sk_template_find_unknown         (const char        *text);

typedef struct
{
  char  *subject;   /* one line: line breaks in values become spaces */
  char  *text;
  char  *html;      /* a complete UTF-8 HTML document */
  GStrv  unknown;   /* unknown placeholders found (subject and body) */
} SkRenderedMessage;

void                sk_rendered_message_free         (SkRenderedMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRenderedMessage, sk_rendered_message_free)

/* Fills @tmpl's placeholders from @values (placeholder name → UTF-8
 * value; a known placeholder without a value becomes empty, and the blank
 * lines around an empty block collapse). */
SkRenderedMessage  *sk_template_render               (const SkTemplate  *tmpl,
                                                      GHashTable        *values);

/* The body of @html (a rendered message's HTML) as Pango markup, for a
 * preview that shows the message as an e-mail program would: paragraphs
 * become blank lines, <br> a line break, links stay links (GtkLabel opens
 * them), <b>/<strong> and <i>/<em> stay bold and italic; any other tag is
 * dropped, its text kept, and white space collapses as in HTML. */
char               *sk_template_html_to_markup       (const char        *html);

/* The usual language of a country (ISO 3166 alpha-2, "DE" → "de"), NULL
 * when the country has none Shopkeeper can tell (several, or unknown). */
const char         *sk_template_language_for_country (const char        *country);

/* A language's name for the user ("German (de)"), translated; the code
 * itself for a language Shopkeeper has no name for. */
char               *sk_template_language_get_title   (const char        *language);

/* "de" for "de", "de_DE.UTF-8", "de-AT"; NULL for "C"/"POSIX"/empty. */
char               *sk_template_normalize_language   (const char        *language);

G_END_DECLS
