/* sk-smtp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-smtp"

#include "config.h"

#include "sk-smtp.h"

#include <string.h>

#include <curl/curl.h>
#include <glib/gi18n.h>

struct _SkSmtpConfig
{
  char           *host;
  guint           port;
  SkSmtpSecurity  security;
  char           *user;
  char           *password;
  char           *ca_file;
  guint           connect_timeout_s;
  guint           total_timeout_s;
};

SkSmtpConfig *
sk_smtp_config_new (const char     *host,
                    guint           port,
                    SkSmtpSecurity  security)
{
  SkSmtpConfig *config = g_new0 (SkSmtpConfig, 1);

  config->host = g_strdup (host != NULL ? host : "");
  g_strstrip (config->host);
  config->port = port;
  config->security = security;
  config->connect_timeout_s = 15;
  config->total_timeout_s = 60;

  return config;
}

SkSmtpConfig *
sk_smtp_config_copy (const SkSmtpConfig *config)
{
  SkSmtpConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = sk_smtp_config_new (config->host, config->port, config->security);
  copy->user = g_strdup (config->user);
  copy->password = g_strdup (config->password);
  copy->ca_file = g_strdup (config->ca_file);
  copy->connect_timeout_s = config->connect_timeout_s;
  copy->total_timeout_s = config->total_timeout_s;

  return copy;
}

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

void
sk_smtp_config_free (SkSmtpConfig *config)
{
  if (config == NULL)
    return;

  clear_secret (&config->password);
  g_free (config->host);
  g_free (config->user);
  g_free (config->ca_file);
  g_free (config);
}

void
sk_smtp_config_set_login (SkSmtpConfig *config,
                          const char   *user,
                          const char   *password)
{
  g_return_if_fail (config != NULL);

  clear_secret (&config->password);
  g_clear_pointer (&config->user, g_free);
  if (user != NULL && *user != '\0')
    {
      config->user = g_strdup (user);
      config->password = g_strdup (password != NULL ? password : "");
    }
}

void
sk_smtp_config_set_timeouts (SkSmtpConfig *config,
                             guint         connect_s,
                             guint         total_s)
{
  g_return_if_fail (config != NULL);

  config->connect_timeout_s = MAX (connect_s, 1);
  config->total_timeout_s = MAX (total_s, config->connect_timeout_s);
}

void
sk_smtp_config_set_ca_file (SkSmtpConfig *config,
                            const char   *ca_file)
{
  g_return_if_fail (config != NULL);

  g_free (config->ca_file);
  config->ca_file = g_strdup (ca_file);
}

const char *
sk_smtp_config_get_host (const SkSmtpConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return config->host;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len = strlen (host);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = len > 2 && host[0] == '[' && host[len - 1] == ']' ? g_strndup (host + 1, len - 2) : g_strdup (host);
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
sk_smtp_config_check (const SkSmtpConfig  *config,
                      GError             **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (*config->host == '\0' || !g_utf8_validate (config->host, -1, NULL))
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                           _("Enter the address of the mail server."));
      return FALSE;
    }

  for (const char *p = config->host; *p != '\0'; p++)
    {
      if ((guchar) *p <= ' ' || strchr ("/?#@\\", *p) != NULL)
        {
          g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                       _("“%s” is not the address of a mail server."), config->host);
          return FALSE;
        }
    }

  if (config->port == 0 || config->port > 65535)
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                           _("The mail server’s port must be a number from 1 to 65535."));
      return FALSE;
    }

  if (config->security != SK_SMTP_STARTTLS && config->security != SK_SMTP_TLS)
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                           _("Choose how the connection to the mail server is encrypted."));
      return FALSE;
    }

  return TRUE;
}

static void
ensure_curl (void)
{
  static gsize initialized;

  /* curl_global_init is not thread-safe: once, before any handle. */
  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} Upload;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  Upload *upload = user_data;
  gsize n = MIN (size * nitems, upload->size - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;

  return n;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  GCancellable *cancellable = user_data;

  return g_cancellable_is_cancelled (cancellable) ? 1 : 0;
}

/* Keeps the server's last refusal (a 4xx or 5xx line), for the error:
 * curl only says "Weird server reply" when the message itself is refused.
 * Only lines from the server are read, never what was sent (the login). */
#define SK_SMTP_REPLY_SIZE 256

static int
debug_cb (CURL          *curl,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  char *last_refusal = user_data;
  gsize n = MIN (size, (size_t) SK_SMTP_REPLY_SIZE - 1);

  if (type != CURLINFO_HEADER_IN || n < 3 || (data[0] != '4' && data[0] != '5'))
    return 0;

  memcpy (last_refusal, data, n);
  last_refusal[n] = '\0';
  g_strchomp (last_refusal);
  if (!g_utf8_validate (last_refusal, -1, NULL))
    g_strcanon (last_refusal, " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", '?');

  return 0;
}

static char *
envelope_address (const char *address)
{
  return g_strdup_printf ("<%s>", address);
}

gboolean
sk_smtp_send (const SkSmtpConfig  *config,
              const char          *from,
              const char          *to,
              GBytes              *data,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *url = NULL;
  g_autofree char *mail_from = NULL;
  g_autofree char *rcpt = NULL;
  char error_buffer[CURL_ERROR_SIZE] = "";
  char last_refusal[SK_SMTP_REPLY_SIZE] = "";
  struct curl_slist *recipients = NULL;
  Upload upload = { 0 };
  gboolean loopback;
  long response = 0;
  CURLcode code;
  CURL *curl;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sk_smtp_config_check (config, error))
    return FALSE;

  if (!sk_mail_address_is_valid (from) || !sk_mail_address_is_valid (to))
    {
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a valid e-mail address."),
                   sk_mail_address_is_valid (from) ? (to != NULL ? to : "") : (from != NULL ? from : ""));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  ensure_curl ();

  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_FAILED, _("Could not start sending."));
      return FALSE;
    }

  loopback = host_is_loopback (config->host);
  url = g_strdup_printf ("%s://%s:%u", config->security == SK_SMTP_TLS ? "smtps" : "smtp",
                         config->host, config->port);
  mail_from = envelope_address (from);
  rcpt = envelope_address (to);
  recipients = curl_slist_append (NULL, rcpt);
  upload.data = g_bytes_get_data (data, &upload.size);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, last_refusal);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) config->connect_timeout_s);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) config->total_timeout_s);
  /* Each answer of the server, QUIT's included: without it a server that
   * stops answering in DATA keeps curl waiting for the goodbye after the
   * overall timeout, for up to two minutes (curl's default). */
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long) config->total_timeout_s);
  /* STARTTLS is required: a server (or someone in between) that does not
   * offer it never sees the message or the password. Only a server on
   * this computer may talk plain SMTP. */
  curl_easy_setopt (curl, CURLOPT_USE_SSL, loopback ? (long) CURLUSESSL_TRY : (long) CURLUSESSL_ALL);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  if (config->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, config->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password);
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) upload.size);
  if (cancellable != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
      curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
      curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
    }

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response);

  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  if (code == CURLE_OK)
    return TRUE;

  /* The error buffer holds curl's words and the server's code, never the
   * password (it is not part of the URL). */
  if (*error_buffer == '\0')
    g_strlcpy (error_buffer, curl_easy_strerror (code), sizeof error_buffer);

  switch ((int) code)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled."));
      break;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_CONNECT,
                   _("Could not reach the mail server %s on port %u. Check its address and port, and the network."),
                   config->host, config->port);
      break;

    case CURLE_USE_SSL_FAILED:
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_TLS,
                   _("The mail server %s does not offer an encrypted connection (STARTTLS). Nothing was sent."),
                   config->host);
      break;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_TLS,
                   _("The encrypted connection to the mail server %s failed: %s"),
                   config->host, error_buffer);
      break;

    case CURLE_LOGIN_DENIED:
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_AUTH,
                   _("The mail server %s refused the user name or password."), config->host);
      break;

    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_TIMEOUT,
                   _("The mail server %s did not answer in time."), config->host);
      break;

    default:
      if (response >= 400)
        g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_REFUSED,
                     _("The mail server %s refused the message: %s"), config->host,
                     *last_refusal != '\0' ? last_refusal : error_buffer);
      else
        g_set_error (error, SK_MAIL_ERROR, SK_MAIL_ERROR_FAILED,
                     _("Sending through the mail server %s failed: %s"), config->host, error_buffer);
      break;
    }

  return FALSE;
}

typedef struct
{
  SkSmtpConfig *config;
  char         *from;
  char         *to;
  GBytes       *data;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  sk_smtp_config_free (send->config);
  g_free (send->from);
  g_free (send->to);
  g_bytes_unref (send->data);
  g_free (send);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *send = task_data;
  GError *error = NULL;

  if (sk_smtp_send (send->config, send->from, send->to, send->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sk_smtp_send_async (const SkSmtpConfig  *config,
                    const char          *from,
                    const char          *to,
                    GBytes              *data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *send;

  g_return_if_fail (config != NULL);
  g_return_if_fail (data != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_smtp_send_async);

  send = g_new0 (SendData, 1);
  send->config = sk_smtp_config_copy (config);
  send->from = g_strdup (from);
  send->to = g_strdup (to);
  send->data = g_bytes_ref (data);
  g_task_set_task_data (task, send, send_data_free);
  /* curl checks the cancellable itself, between reads. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, send_thread);
}

gboolean
sk_smtp_send_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_smtp_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
