/* sk-smtp.h — delivery to an SMTP server with libcurl.
 *
 * smtp:// with STARTTLS required (plain only to a loopback address, for
 * tests and local relays), or smtps:// (TLS from the start); certificates
 * checked; login optional; connect and overall timeouts. The work happens
 * on a worker thread (GTask), never on the caller's.
 *
 * The password is only ever held in memory and is never logged: errors
 * name the server and what went wrong, nothing more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-mail-message.h"

G_BEGIN_DECLS

typedef enum
{
  SK_SMTP_STARTTLS = 0,  /* smtp://, upgraded with STARTTLS (required) */
  SK_SMTP_TLS      = 1,  /* smtps:// */
} SkSmtpSecurity;

typedef struct _SkSmtpConfig SkSmtpConfig;

SkSmtpConfig  *sk_smtp_config_new           (const char      *host,
                                             guint            port,
                                             SkSmtpSecurity   security);
SkSmtpConfig  *sk_smtp_config_copy          (const SkSmtpConfig *config);
/* Overwrites the password before freeing it. */
void           sk_smtp_config_free          (SkSmtpConfig    *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSmtpConfig, sk_smtp_config_free)

/* NULL @user: no login. */
void           sk_smtp_config_set_login     (SkSmtpConfig    *config,
                                             const char      *user,
                                             const char      *password);
/* Seconds: to connect (default 15) and for the whole delivery (default 60). */
void           sk_smtp_config_set_timeouts  (SkSmtpConfig    *config,
                                             guint            connect_s,
                                             guint            total_s);
/* A CA bundle to trust instead of the system's (tests). */
void           sk_smtp_config_set_ca_file   (SkSmtpConfig    *config,
                                             const char      *ca_file);
const char    *sk_smtp_config_get_host      (const SkSmtpConfig *config);

/* Checks the settings before anything is sent: a host, a port, and
 * STARTTLS/TLS unless the host is loopback. */
gboolean       sk_smtp_config_check         (const SkSmtpConfig *config,
                                             GError          **error);

/* Sends @data (a composed message) from @from to @to. The server's last
 * answer goes in the error's message on failure (never the password). */
void           sk_smtp_send_async           (const SkSmtpConfig *config,
                                             const char      *from,
                                             const char      *to,
                                             GBytes          *data,
                                             GCancellable    *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
gboolean       sk_smtp_send_finish          (GAsyncResult    *result,
                                             GError         **error);
/* The same, blocking (for workers and tests). */
gboolean       sk_smtp_send                 (const SkSmtpConfig *config,
                                             const char      *from,
                                             const char      *to,
                                             GBytes          *data,
                                             GCancellable    *cancellable,
                                             GError         **error);

G_END_DECLS
