/* sk-mail-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-mail-message"

#include "config.h"

#include "sk-mail-message.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gmime/gmime.h>

/* GMime 3.2 declares no cleanup functions for its types. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)

G_DEFINE_QUARK (sk-mail-error-quark, sk_mail_error)

static void
ensure_gmime (void)
{
  static gsize initialized;

  /* GMime's tables are process-wide; set them up once, never torn down
   * (other threads may be composing). */
  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

gboolean
sk_mail_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || !g_utf8_validate (address, -1, NULL) || strlen (address) > 254)
    return FALSE;

  at = strchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (const char *p = address; *p != '\0'; p++)
    {
      /* What could end an SMTP command or break out of angle brackets. */
      if ((guchar) *p <= ' ' || *p == '<' || *p == '>' || *p == '(' || *p == ')'
          || *p == ',' || *p == ';' || *p == '"' || *p == '\\' || *p == 0x7f)
        return FALSE;
    }

  /* A domain has a dot, and no empty labels. */
  return strchr (at + 1, '.') != NULL && strstr (at + 1, "..") == NULL
         && at[1] != '.' && address[strlen (address) - 1] != '.';
}

/* One line: a header value can never carry a line break of its own. */
static char *
one_line (const char *text)
{
  char *line = g_strdup (text != NULL ? text : "");

  g_strdelimit (line, "\r\n\t", ' ');

  return g_strstrip (line);
}

static GMimeTextPart *
new_text_part (const char *subtype,
               const char *text)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (text, strlen (text));
  g_autoptr(GMimeDataWrapper) content = g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);

  /* Not g_mime_text_part_set_text (): it would pick the "best" charset
   * and convert to it (Latin-1 for most shops); UTF-8 is what we have and
   * what every mail program reads. */
  g_mime_part_set_content (GMIME_PART (part), content);
  g_mime_text_part_set_charset (part, "utf-8");
  /* Quoted-printable keeps the text readable and lines short, whatever
   * the script. */
  g_mime_part_set_content_encoding (GMIME_PART (part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);

  return part;
}

GBytes *
sk_mail_message_compose (const SkMailMessage  *message,
                         char                **out_message_id,
                         GError              **error)
{
  g_autoptr(GMimeMessage) mime = NULL;
  g_autoptr(GMimeTextPart) text = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *message_id = NULL;
  GMimeFormatOptions *options;
  GByteArray *array;
  const char *domain;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_gmime ();

  if (!sk_mail_address_is_valid (message->from_address))
    {
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                   _("The shop’s e-mail address “%s” is not a valid address."),
                   message->from_address != NULL ? message->from_address : "");
      return NULL;
    }
  if (!sk_mail_address_is_valid (message->to_address))
    {
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                   _("The customer’s e-mail address “%s” is not a valid address."),
                   message->to_address != NULL ? message->to_address : "");
      return NULL;
    }
  if (message->reply_to != NULL && !sk_mail_address_is_valid (message->reply_to))
    {
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                   _("The reply address “%s” is not a valid address."), message->reply_to);
      return NULL;
    }
  if (message->text == NULL || !g_utf8_validate (message->text, -1, NULL)
      || (message->html != NULL && !g_utf8_validate (message->html, -1, NULL))
      || (message->subject != NULL && !g_utf8_validate (message->subject, -1, NULL))
      || (message->from_name != NULL && !g_utf8_validate (message->from_name, -1, NULL))
      || (message->to_name != NULL && !g_utf8_validate (message->to_name, -1, NULL)))
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                           _("The message has no text or holds characters that are not valid text."));
      return NULL;
    }

  from_name = one_line (message->from_name);
  to_name = one_line (message->to_name);
  subject = one_line (message->subject);

  mime = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (mime, GMIME_ADDRESS_TYPE_FROM, from_name, message->from_address);
  g_mime_message_add_mailbox (mime, GMIME_ADDRESS_TYPE_TO, to_name, message->to_address);
  g_mime_message_add_mailbox (mime, GMIME_ADDRESS_TYPE_REPLY_TO, from_name,
                              message->reply_to != NULL ? message->reply_to : message->from_address);
  g_mime_message_set_subject (mime, subject, "utf-8");

  date = message->date > 0 ? g_date_time_new_from_unix_utc (message->date) : g_date_time_new_now_utc ();
  g_mime_message_set_date (mime, date);

  domain = strchr (message->from_address, '@') + 1;
  message_id = g_mime_utils_generate_message_id (domain);
  g_mime_message_set_message_id (mime, message_id);

  text = new_text_part ("plain", message->text);
  if (message->html != NULL && *message->html != '\0')
    {
      g_autoptr(GMimeMultipart) alternative = g_mime_multipart_new_with_subtype ("alternative");
      g_autoptr(GMimeTextPart) html = new_text_part ("html", message->html);

      /* The last part is the richest: readers that can show HTML do. */
      g_mime_multipart_add (alternative, GMIME_OBJECT (text));
      g_mime_multipart_add (alternative, GMIME_OBJECT (html));
      g_mime_message_set_mime_part (mime, GMIME_OBJECT (alternative));
    }
  else
    g_mime_message_set_mime_part (mime, GMIME_OBJECT (text));

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);

  stream = g_mime_stream_mem_new ();
  if (g_mime_object_write_to_stream (GMIME_OBJECT (mime), options, stream) < 0)
    {
      g_mime_format_options_free (options);
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID, _("Could not compose the message."));
      return NULL;
    }
  g_mime_format_options_free (options);

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));

  if (out_message_id != NULL)
    *out_message_id = g_steal_pointer (&message_id);

  return g_bytes_new (array->data, array->len);
}
