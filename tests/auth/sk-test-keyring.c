/* sk-test-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sk-test-keyring.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "sk-test-utils.h"

struct _SkTestKeyring
{
  char      *dir;
  GPid       bus_pid;
  GPid       pid;
};

/* The daemons must not outlive a test that crashes: they would keep its
 * output pipes open and the harness waiting until its timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A private session bus. Not GTestDBus: its teardown waits for every
 * reference to the bus connection to go, and libsecret keeps proxies on it
 * until the process exits. */
static GPid
start_bus (const char *config_dir)
{
  g_autofree char *config = g_build_filename (config_dir, "bus.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *address = NULL;
  const char *argv[] = { "dbus-daemon", "--nofork", "--print-address=1", NULL, NULL };
  g_autofree char *config_arg = NULL;
  int stdout_fd = -1;
  gsize len = 0;
  GPid pid;

  g_assert_true (g_file_set_contents (config,
                                      "<busconfig>\n"
                                      "  <type>session</type>\n"
                                      "  <listen>unix:tmpdir=/tmp</listen>\n"
                                      "  <auth>EXTERNAL</auth>\n"
                                      "  <policy context=\"default\">\n"
                                      "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                                      "    <allow eavesdrop=\"true\"/>\n"
                                      "    <allow own=\"*\"/>\n"
                                      "  </policy>\n"
                                      "</busconfig>\n",
                                      -1, NULL));
  config_arg = g_strconcat ("--config-file=", config, NULL);
  argv[3] = config_arg;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 die_with_parent, NULL, &pid, NULL, &stdout_fd, NULL, &error))
    g_error ("Cannot start dbus-daemon: %s", error->message);

  channel = g_io_channel_unix_new (stdout_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &address, &len, NULL, &error) != G_IO_STATUS_NORMAL)
    g_error ("dbus-daemon did not print its address: %s", error != NULL ? error->message : "EOF");
  g_strstrip (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  return pid;
}

static gboolean
secrets_name_has_owner (void)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (connection == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (connection,
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

SkTestKeyring *
sk_test_keyring_start (void)
{
  SkTestKeyring *keyring;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *home = NULL;
  g_autofree char *data = NULL;
  g_autofree char *runtime = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  const char *argv[] = { NULL, "--foreground", "--unlock", "--components=secrets", NULL };
  int stdin_fd = -1;
  gint64 deadline;

  if (daemon == NULL)
    return NULL;
  argv[0] = daemon;

  keyring = g_new0 (SkTestKeyring, 1);
  keyring->dir = sk_test_make_temp_dir ();
  home = g_build_filename (keyring->dir, "home", NULL);
  data = g_build_filename (keyring->dir, "data", NULL);
  runtime = g_build_filename (keyring->dir, "run", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);

  keyring->bus_pid = start_bus (keyring->dir);

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime, TRUE);
  /* The daemon is not ours to check for leaks. */
  envp = g_environ_unsetenv (envp, "LD_PRELOAD");
  envp = g_environ_unsetenv (envp, "G_MESSAGES_DEBUG");
  envp = g_environ_unsetenv (envp, "G_DEBUG");

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 die_with_parent, NULL, &keyring->pid, &stdin_fd, NULL, NULL, &error))
    g_error ("Cannot start gnome-keyring-daemon: %s", error->message);

  /* --unlock reads the new keyring's password from stdin up to EOF. */
  g_assert_cmpint (write (stdin_fd, "test-password", strlen ("test-password")), ==, strlen ("test-password"));
  close (stdin_fd);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!secrets_name_has_owner ())
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gnome-keyring-daemon did not register org.freedesktop.secrets");
      g_usleep (20 * 1000);
    }

  return keyring;
}

const char *
sk_test_keyring_get_dir (SkTestKeyring *keyring)
{
  return keyring->dir;
}

void
sk_test_keyring_stop (SkTestKeyring *keyring)
{
  int status;

  if (keyring == NULL)
    return;

  /* libsecret keeps the service (and with it the bus connection) for the
   * life of the process. */
  secret_service_disconnect ();

  kill (keyring->pid, SIGTERM);
  waitpid (keyring->pid, &status, 0);
  g_spawn_close_pid (keyring->pid);

  kill (keyring->bus_pid, SIGTERM);
  waitpid (keyring->bus_pid, &status, 0);
  g_spawn_close_pid (keyring->bus_pid);

  sk_test_remove_tree (keyring->dir);
  g_free (keyring->dir);
  g_free (keyring);
}
