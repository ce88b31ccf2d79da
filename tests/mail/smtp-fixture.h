/* smtp-fixture.h — a real SMTP server on loopback (smtp-server.py, aiosmtpd).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SkTestSmtp SkTestSmtp;

/* Starts the server writing messages to @folder, on @port (0: a free one)
 * and @host (NULL: 127.0.0.1). */
SkTestSmtp *sk_test_smtp_start         (const char *folder,
                                        guint       port,
                                        const char *host);
/* The same, requiring a login (AUTH PLAIN/LOGIN without TLS: loopback). */
SkTestSmtp *sk_test_smtp_start_with_login (const char *folder,
                                           const char *user,
                                           const char *password);
guint       sk_test_smtp_get_port      (SkTestSmtp *smtp);
/* Stops the server and waits for it to exit. */
void        sk_test_smtp_stop          (SkTestSmtp *smtp);
/* The messages received so far (GBytes, in order of arrival). */
GPtrArray  *sk_test_smtp_list_messages (SkTestSmtp *smtp);
/* The envelope of message @index (from the first): "from\nrcpt\n". */
char       *sk_test_smtp_get_envelope  (SkTestSmtp *smtp,
                                        guint       index);
/* A port on 127.0.0.1 where nothing listens. */
guint       sk_test_smtp_dead_port     (void);

G_END_DECLS
