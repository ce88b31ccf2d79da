/* smtp-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "smtp-fixture.h"

#include <string.h>

struct _SkTestSmtp
{
  GSubprocess *process;
  char        *folder;
  guint        port;
};

static SkTestSmtp *
start (const char *folder,
       guint       port,
       const char *host,
       const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "mail", "smtp-server.py", NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *line = NULL;
  SkTestSmtp *smtp = g_new0 (SkTestSmtp, 1);

  smtp->folder = g_strdup (folder);
  /* Debian's python3 has aiosmtpd; another one first in PATH may not. */
  smtp->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                    "/usr/bin/python3", script, folder, port_text,
                                    host != NULL ? host : "127.0.0.1", login, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (smtp->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  smtp->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (smtp->port, >, 0);

  return smtp;
}

SkTestSmtp *
sk_test_smtp_start (const char *folder,
                    guint       port,
                    const char *host)
{
  return start (folder, port, host, NULL);
}

SkTestSmtp *
sk_test_smtp_start_with_login (const char *folder,
                               const char *user,
                               const char *password)
{
  g_autofree char *login = g_strconcat (user, ":", password, NULL);

  return start (folder, 0, NULL, login);
}

guint
sk_test_smtp_get_port (SkTestSmtp *smtp)
{
  return smtp->port;
}

void
sk_test_smtp_stop (SkTestSmtp *smtp)
{
  g_autoptr(GError) error = NULL;

  if (smtp == NULL)
    return;

  g_output_stream_close (g_subprocess_get_stdin_pipe (smtp->process), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (smtp->process, NULL, &error);
  g_assert_no_error (error);

  g_object_unref (smtp->process);
  g_free (smtp->folder);
  g_free (smtp);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GPtrArray *
sk_test_smtp_list_messages (SkTestSmtp *smtp)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (smtp->folder, 0, &error);
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".eml"))
        g_ptr_array_add (names, g_build_filename (smtp->folder, name, NULL));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      char *contents;
      gsize length;

      g_file_get_contents (g_ptr_array_index (names, i), &contents, &length, &error);
      g_assert_no_error (error);
      g_ptr_array_add (messages, g_bytes_new_take (contents, length));
    }

  return messages;
}

char *
sk_test_smtp_get_envelope (SkTestSmtp *smtp,
                           guint       index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%03u.env", index + 1);
  g_autofree char *path = g_build_filename (smtp->folder, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

guint
sk_test_smtp_dead_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  /* Bound and closed without listening: connecting there is refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}
