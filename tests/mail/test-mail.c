/* test-mail.c — composing with GMime, delivering to a real SMTP server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <gmime/gmime.h>

#include "sk-mail-message.h"
#include "sk-smtp.h"
#include "sk-test-utils.h"
#include "smtp-fixture.h"

static const SkMailMessage sample = {
  .from_name = "Café Müller & Söhne",
  .from_address = "shop@example.com",
  .to_name = "Zoë Ångström",
  .to_address = "zoe@example.org",
  .subject = "Ihre Bestellung 1042 bei Café Müller — danke!",
  .text = "Hello Zoë,\n\nthank you for your order 1042.\nTracking: https://track.example/?id=1&x=2\n",
  .html = "<!DOCTYPE html><html><body><p>Hello Zoë,</p><p>thank you for your order 1042.</p></body></html>\n",
  .date = 1772373909,  /* 2026-03-01 14:05:09 UTC */
};

typedef struct
{
  char       *dir;
  SkTestSmtp *smtp;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *mail_dir = NULL;

  fixture->dir = sk_test_make_temp_dir ();
  mail_dir = g_build_filename (fixture->dir, "received", NULL);
  g_assert_cmpint (g_mkdir (mail_dir, 0700), ==, 0);
  fixture->smtp = sk_test_smtp_start (mail_dir, 0, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sk_test_smtp_stop (fixture->smtp);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GMimeMessage *
parse (GBytes *bytes)
{
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_object_unref (parser);
  g_object_unref (stream);
  g_assert_nonnull (message);

  return message;
}

static char *
part_text (GMimeObject *object)
{
  GMimeDataWrapper *content = g_mime_part_get_content (GMIME_PART (object));
  GMimeStream *stream = g_mime_stream_mem_new ();
  GByteArray *array;
  char *text;

  g_mime_data_wrapper_write_to_stream (content, stream);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  text = g_strndup ((const char *) array->data, array->len);
  g_object_unref (stream);

  return text;
}

static void
check_mailbox (InternetAddressList *list,
               const char          *name,
               const char          *address)
{
  InternetAddress *first;

  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  first = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_get_name (first), ==, name);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (first)), ==, address);
}

/* Checks everything the customer's mail program will read. */
static void
check_message (GBytes              *bytes,
               const SkMailMessage *expected,
               const char          *message_id)
{
  GMimeMessage *message = parse (bytes);
  GMimeObject *body = g_mime_message_get_mime_part (message);
  g_autofree char *raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text_crlf = NULL;
  GDateTime *date;
  GMimeObject *first;
  GMimeObject *second;

  /* On the wire, headers are 7-bit: the UTF-8 names and subject encoded. */
  g_assert_null (strstr (raw, "Zoë"));
  g_assert_nonnull (strstr (raw, "=?"));
  g_assert_nonnull (strstr (raw, "\r\n"));

  check_mailbox (g_mime_message_get_from (message), expected->from_name, expected->from_address);
  check_mailbox (g_mime_message_get_to (message), expected->to_name, expected->to_address);
  check_mailbox (g_mime_message_get_reply_to (message), expected->from_name, expected->from_address);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, expected->subject);
  g_assert_cmpstr (g_mime_message_get_message_id (message), ==, message_id);
  g_assert_true (g_str_has_suffix (message_id, "@example.com"));

  date = g_mime_message_get_date (message);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_to_unix (date), ==, expected->date);

  g_assert_true (GMIME_IS_MULTIPART (body));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (body), "multipart", "alternative"));
  g_assert_cmpint (g_mime_multipart_get_count (GMIME_MULTIPART (body)), ==, 2);
  first = g_mime_multipart_get_part (GMIME_MULTIPART (body), 0);
  second = g_mime_multipart_get_part (GMIME_MULTIPART (body), 1);
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (first), "text", "plain"));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (second), "text", "html"));
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (first, "charset"), ==, "utf-8");
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (second, "charset"), ==, "utf-8");

  /* Decoded, each part is exactly what was given (with CRLF line ends). */
  text = part_text (first);
  html = part_text (second);
  g_strdelimit (text, "\r", '\n');
  {
    g_autoptr(GString) normal = g_string_new (text);

    g_string_replace (normal, "\n\n", "\n", 0);
    text_crlf = g_string_free (g_steal_pointer (&normal), FALSE);
  }
  g_assert_nonnull (strstr (text_crlf, "Hello Zoë,"));
  g_assert_nonnull (strstr (text_crlf, "https://track.example/?id=1&x=2"));
  g_assert_nonnull (strstr (html, "<p>Hello Zoë,</p>"));

  g_object_unref (message);
}

static void
test_compose (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message_id = NULL;

  bytes = sk_mail_message_compose (&sample, &message_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  check_message (bytes, &sample, message_id);
}

static void
test_compose_text_only (void)
{
  SkMailMessage message = sample;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GMimeMessage *parsed;

  message.html = NULL;
  message.to_name = NULL;
  bytes = sk_mail_message_compose (&message, NULL, &error);
  g_assert_no_error (error);

  parsed = parse (bytes);
  g_assert_true (GMIME_IS_TEXT_PART (g_mime_message_get_mime_part (parsed)));
  g_object_unref (parsed);
}

static void
test_invalid_addresses (void)
{
  static const char * const bad[] = {
    "", "no-at-sign", "@example.com", "a@", "a@b@c.com", "a b@example.com",
    "a@example.com\r\nBcc: victim@example.net", "<a@example.com>", "a@localhost.", "a@example..com",
    "a@nodot",
  };
  SkMailMessage message = sample;

  g_assert_true (sk_mail_address_is_valid ("shop@example.com"));
  g_assert_true (sk_mail_address_is_valid ("first.last+tag@sub.example.co.uk"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_assert_false (sk_mail_address_is_valid (bad[i]));
      message.to_address = bad[i];
      bytes = sk_mail_message_compose (&message, NULL, &error);
      g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS);
      g_assert_null (bytes);
    }

  /* A line break in a name or subject can never start a header of its own. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *raw = NULL;

    message = sample;
    message.subject = "Hello\r\nBcc: victim@example.net";
    message.to_name = "Eve\nBcc: victim@example.net";
    bytes = sk_mail_message_compose (&message, NULL, &error);
    g_assert_no_error (error);
    raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_assert_null (strstr (raw, "\nBcc:"));
  }
}

static SkSmtpConfig *
loopback_config (guint port)
{
  SkSmtpConfig *config = sk_smtp_config_new ("127.0.0.1", port, SK_SMTP_STARTTLS);

  sk_smtp_config_set_timeouts (config, 5, 20);

  return config;
}

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *envelope = NULL;

  bytes = sk_mail_message_compose (&sample, &message_id, &error);
  g_assert_no_error (error);

  g_assert_true (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, NULL, &error));
  g_assert_no_error (error);

  received = sk_test_smtp_list_messages (fixture->smtp);
  g_assert_cmpuint (received->len, ==, 1);
  check_message (g_ptr_array_index (received, 0), &sample, message_id);
  envelope = sk_test_smtp_get_envelope (fixture->smtp, 0);
  g_assert_cmpstr (envelope, ==, "shop@example.com\nzoe@example.org\n");
}

typedef struct
{
  GError   *error;
  gboolean  done;
} SendResult;

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SendResult *send = user_data;
  gboolean ok = sk_smtp_send_finish (result, &send->error);

  g_assert_true (ok == (send->error == NULL));
  send->done = TRUE;
}

static void
test_send_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) received = NULL;
  SendResult send = { NULL, FALSE };

  bytes = sk_mail_message_compose (&sample, NULL, &error);
  g_assert_no_error (error);

  sk_smtp_send_async (config, sample.from_address, sample.to_address, bytes, NULL, send_done_cb, &send);
  sk_test_wait_until (&send.done, 30);
  g_assert_no_error (send.error);

  received = sk_test_smtp_list_messages (fixture->smtp);
  g_assert_cmpuint (received->len, ==, 1);
}

/* The server refuses @to: an error naming the server and holding
 * @answer (the server's words), nothing delivered. */
static void
assert_refused (Fixture    *fixture,
                const char *to,
                const char *answer)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) received = NULL;
  SkMailMessage message = sample;

  message.to_address = to;
  bytes = sk_mail_message_compose (&message, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (sk_smtp_send (config, message.from_address, message.to_address, bytes, NULL, &error));
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, answer));

  received = sk_test_smtp_list_messages (fixture->smtp);
  g_assert_cmpuint (received->len, ==, 0);
}

static void
test_refused_recipient (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_refused (fixture, "refused@example.org", "550");
}

static void
test_dropped_in_data (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) received = NULL;
  SkMailMessage message = sample;

  message.to_address = "drop@example.org";
  bytes = sk_mail_message_compose (&message, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (sk_smtp_send (config, message.from_address, message.to_address, bytes, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SK_MAIL_ERROR);
  g_assert_true (error->code == SK_MAIL_ERROR_FAILED || error->code == SK_MAIL_ERROR_REFUSED);
  g_test_message ("dropped: %s", error->message);

  received = sk_test_smtp_list_messages (fixture->smtp);
  g_assert_cmpuint (received->len, ==, 0);
}

static void
test_rejected_message (Fixture       *fixture,
                       gconstpointer  data)
{
  /* The server takes the whole message, then refuses it (554): the error
   * carries its words, not curl's "Weird server reply". */
  assert_refused (fixture, "reject@example.org", "554 5.7.1 Message rejected as spam");
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SkMailMessage message = sample;
  gint64 started;

  /* The server never answers the message: given up after the overall
   * timeout, with an error that says so. */
  sk_smtp_config_set_timeouts (config, 1, 2);
  message.to_address = "slow@example.org";
  bytes = sk_mail_message_compose (&message, NULL, &error);
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  g_assert_false (sk_smtp_send (config, message.from_address, message.to_address, bytes, NULL, &error));
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_test_message ("timed out: %s", error->message);
}

static void
test_login (void)
{
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *mail_dir = g_build_filename (dir, "received", NULL);
  g_autoptr(SkSmtpConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) received = NULL;
  SkTestSmtp *smtp;

  g_assert_cmpint (g_mkdir (mail_dir, 0700), ==, 0);
  smtp = sk_test_smtp_start_with_login (mail_dir, "shopuser", "right horse battery");
  config = loopback_config (sk_test_smtp_get_port (smtp));
  bytes = sk_mail_message_compose (&sample, NULL, &error);
  g_assert_no_error (error);

  /* No login where the server wants one: refused, nothing sent. */
  g_assert_false (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SK_MAIL_ERROR);
  g_test_message ("no login: %s", error->message);
  g_clear_error (&error);

  /* A wrong password: an authentication error that never repeats it. */
  sk_smtp_config_set_login (config, "shopuser", "wrong-Pa55word");
  g_assert_false (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, NULL, &error));
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_AUTH);
  g_assert_null (strstr (error->message, "wrong-Pa55word"));
  g_clear_error (&error);
  received = sk_test_smtp_list_messages (smtp);
  g_assert_cmpuint (received->len, ==, 0);
  g_clear_pointer (&received, g_ptr_array_unref);

  /* The right one: delivered. */
  sk_smtp_config_set_login (config, "shopuser", "right horse battery");
  g_assert_true (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, NULL, &error));
  g_assert_no_error (error);
  received = sk_test_smtp_list_messages (smtp);
  g_assert_cmpuint (received->len, ==, 1);

  sk_test_smtp_stop (smtp);
  sk_test_remove_tree (dir);
}

static void
test_connection_refused (void)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_dead_port ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sk_mail_message_compose (&sample, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, NULL, &error));
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_CONNECT);
}

static void
test_login_never_in_errors (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SkMailMessage message = sample;

  /* The test server offers no AUTH: a login fails, and the password must
   * not appear in what the user (or a log) is told. */
  sk_smtp_config_set_login (config, "shopuser", "s3cret-Pa55word");
  message.to_address = "refused@example.org";
  bytes = sk_mail_message_compose (&message, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (sk_smtp_send (config, message.from_address, message.to_address, bytes, NULL, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "s3cret-Pa55word"));
}

static void
test_config_check (void)
{
  static const char * const bad_hosts[] = { "", "   ", "mail.example.com/x", "user@mail.example.com", "a b" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      g_autoptr(SkSmtpConfig) config = sk_smtp_config_new (bad_hosts[i], 587, SK_SMTP_STARTTLS);
      g_autoptr(GError) error = NULL;

      g_assert_false (sk_smtp_config_check (config, &error));
      g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID);
    }

  {
    g_autoptr(SkSmtpConfig) config = sk_smtp_config_new ("mail.example.com", 0, SK_SMTP_TLS);
    g_autoptr(GError) error = NULL;

    g_assert_false (sk_smtp_config_check (config, &error));
    g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID);
  }

  {
    g_autoptr(SkSmtpConfig) config = sk_smtp_config_new ("mail.example.com", 465, SK_SMTP_TLS);

    g_assert_true (sk_smtp_config_check (config, NULL));
  }
}

/* Any address of this machine that is not loopback, or NULL. */
static char *
find_external_address (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) target = g_inet_address_new_from_string ("192.0.2.1");
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new (target, 9);
  g_autoptr(GSocketAddress) local = NULL;
  GInetAddress *address;

  /* A UDP "connection" picks the outgoing interface without sending. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  if (socket == NULL || !g_socket_connect (socket, remote, NULL, NULL))
    return NULL;
  local = g_socket_get_local_address (socket, NULL);
  if (local == NULL)
    return NULL;
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_any (address))
    return NULL;

  return g_inet_address_to_string (address);
}

static void
test_starttls_required (void)
{
  g_autofree char *address = find_external_address ();
  g_autofree char *dir = NULL;
  g_autofree char *mail_dir = NULL;
  g_autoptr(SkSmtpConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) received = NULL;
  SkTestSmtp *smtp;

  if (address == NULL)
    {
      g_test_skip ("This machine has no address but loopback.");
      return;
    }

  dir = sk_test_make_temp_dir ();
  mail_dir = g_build_filename (dir, "received", NULL);
  g_assert_cmpint (g_mkdir (mail_dir, 0700), ==, 0);
  smtp = sk_test_smtp_start (mail_dir, 0, address);

  /* The server offers no STARTTLS; on an address that is not loopback,
   * nothing may be sent in the clear. */
  config = sk_smtp_config_new (address, sk_test_smtp_get_port (smtp), SK_SMTP_STARTTLS);
  sk_smtp_config_set_login (config, "shopuser", "s3cret-Pa55word");
  bytes = sk_mail_message_compose (&sample, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, NULL, &error));
  g_assert_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_TLS);

  received = sk_test_smtp_list_messages (smtp);
  g_assert_cmpuint (received->len, ==, 0);

  sk_test_smtp_stop (smtp);
  sk_test_remove_tree (dir);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SkSmtpConfig) config = loopback_config (sk_test_smtp_get_port (fixture->smtp));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sk_mail_message_compose (&sample, NULL, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);

  g_assert_false (sk_smtp_send (config, sample.from_address, sample.to_address, bytes, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

  g_test_add_func ("/mail/compose", test_compose);
  g_test_add_func ("/mail/compose-text-only", test_compose_text_only);
  g_test_add_func ("/mail/invalid-addresses", test_invalid_addresses);
  g_test_add_func ("/mail/config-check", test_config_check);
  g_test_add_func ("/mail/connection-refused", test_connection_refused);
  g_test_add_func ("/mail/starttls-required", test_starttls_required);
  g_test_add ("/mail/send", Fixture, NULL, fixture_set_up, test_send, fixture_tear_down);
  g_test_add ("/mail/send-async", Fixture, NULL, fixture_set_up, test_send_async, fixture_tear_down);
  g_test_add ("/mail/refused-recipient", Fixture, NULL, fixture_set_up, test_refused_recipient, fixture_tear_down);
  g_test_add ("/mail/dropped-in-data", Fixture, NULL, fixture_set_up, test_dropped_in_data, fixture_tear_down);
  g_test_add ("/mail/rejected-message", Fixture, NULL, fixture_set_up, test_rejected_message, fixture_tear_down);
  g_test_add ("/mail/timeout", Fixture, NULL, fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add_func ("/mail/login", test_login);
  g_test_add ("/mail/password-never-in-errors", Fixture, NULL, fixture_set_up, test_login_never_in_errors, fixture_tear_down);
  g_test_add ("/mail/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);

  return g_test_run ();
}
