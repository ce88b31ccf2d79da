/* sk-mail-message.h — a message to a customer as MIME, composed with GMime.
 *
 * multipart/alternative with a text/plain and a text/html part (UTF-8,
 * quoted-printable), From (the shop's name and address), To (the
 * customer's name and address), Reply-To, Subject (RFC 2047 encoded when
 * not ASCII), Date and a Message-ID on the sender's domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SK_MAIL_ERROR (sk_mail_error_quark ())

typedef enum
{
  SK_MAIL_ERROR_INVALID_ADDRESS,  /* a sender or recipient address that is not one */
  SK_MAIL_ERROR_INVALID,          /* anything else the message cannot be made of */
  SK_MAIL_ERROR_CONNECT,          /* the SMTP server cannot be reached */
  SK_MAIL_ERROR_TLS,              /* no TLS where it is required, or a bad certificate */
  SK_MAIL_ERROR_AUTH,             /* the server refused the login */
  SK_MAIL_ERROR_REFUSED,          /* the server refused the sender, the recipient or the message */
  SK_MAIL_ERROR_TIMEOUT,
  SK_MAIL_ERROR_FAILED,
} SkMailError;

GQuark  sk_mail_error_quark (void);

typedef struct
{
  const char *from_name;    /* the shop's name */
  const char *from_address;
  const char *reply_to;     /* NULL: the From address */
  const char *to_name;      /* may be NULL or empty */
  const char *to_address;
  const char *subject;
  const char *text;         /* required */
  const char *html;         /* NULL: text only */
  gint64      date;         /* Unix seconds UTC; 0: now */
} SkMailMessage;

/* The whole message, CRLF line ends, ready for SMTP DATA; the Message-ID
 * chosen (without angle brackets) in @out_message_id. */
GBytes   *sk_mail_message_compose          (const SkMailMessage  *message,
                                            char                **out_message_id,
                                            GError              **error);

/* TRUE if @address is one mailbox "local@domain" with no spaces, angle
 * brackets or control characters (what an SMTP envelope can carry). */
gboolean  sk_mail_address_is_valid         (const char           *address);

G_END_DECLS
