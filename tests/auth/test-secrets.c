/* test-secrets.c — credentials in a real Secret Service (a private
 * gnome-keyring on a private bus), and the environment fallback without
 * one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-secrets.h"
#include "sk-test-keyring.h"
#include "sk-test-utils.h"

#define URL_A "https://shop.example.com"
#define URL_B "https://other.example.org/shop"
#define KEY "ck_0123456789abcdef0123456789abcdef01234567"
#define SECRET "cs_SECRET-must-not-leak-7f3a9c"
#define SECRET_2 "cs_second:with:colons-must-not-leak"
#define APP_PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

static SkTestKeyring *keyring;
/* Every log message written while the tests ran, to prove none holds a
 * secret. */
static GString *log_text;

static GLogWriterOutput
recording_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].value != NULL)
      {
        if (fields[i].length < 0)
          g_string_append (log_text, fields[i].value);
        else
          g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }

  /* Debug output (G_MESSAGES_DEBUG) would go to stdout, into the TAP. */
  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
store (const char        *url,
       SkCredentialsKind  kind,
       const char        *user,
       const char        *secret)
{
  g_autoptr(SkCredentials) credentials = sk_credentials_new (kind, user, secret);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sk_secrets_store_async (url, credentials, NULL, result_cb, &result);
  g_assert_true (sk_secrets_store_finish (wait_result (&result), &error));
  g_assert_no_error (error);
}

static SkCredentials *
lookup (const char  *url,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sk_secrets_lookup_async (url, NULL, result_cb, &result);
  return sk_secrets_lookup_finish (wait_result (&result), error);
}

static void
clear (const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sk_secrets_clear_async (url, NULL, result_cb, &result);
  g_assert_true (sk_secrets_clear_finish (wait_result (&result), &error));
  g_assert_no_error (error);
}

/* Every file below @dir, concatenated. */
static void
slurp_tree (const char *dir,
            GString    *out)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        slurp_tree (path, out);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        g_string_append_len (out, contents, len);
    }
}

static gboolean
contains (const GString *haystack,
          const char    *needle)
{
  gsize n = strlen (needle);

  /* Binary-safe: keyring and database files hold NUL bytes. */
  for (gsize i = 0; i + n <= haystack->len; i++)
    if (memcmp (haystack->str + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static void
test_store_lookup_replace_clear (void)
{
  g_autoptr(SkCredentials) found = NULL;
  g_autoptr(SkCredentials) other = NULL;
  g_autoptr(SkCredentials) replaced = NULL;
  g_autoptr(SkCredentials) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_unsetenv ("SHOPKEEPER_KEY");
  g_unsetenv ("SHOPKEEPER_SECRET");

  found = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  store (URL_A, SK_CREDENTIALS_WOO_KEYS, KEY, SECRET);
  store (URL_B, SK_CREDENTIALS_APP_PASSWORD, "shop manager", APP_PASSWORD);

  found = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->kind, ==, SK_CREDENTIALS_WOO_KEYS);
  g_assert_cmpint (found->source, ==, SK_CREDENTIALS_FROM_KEYRING);
  g_assert_cmpstr (found->user, ==, KEY);
  g_assert_cmpstr (found->secret, ==, SECRET);

  other = lookup (URL_B, &error);
  g_assert_no_error (error);
  g_assert_nonnull (other);
  g_assert_cmpint (other->kind, ==, SK_CREDENTIALS_APP_PASSWORD);
  g_assert_cmpstr (other->user, ==, "shop manager");
  g_assert_cmpstr (other->secret, ==, APP_PASSWORD);

  /* Replacing keeps one item: the new secret (colons and all) comes back. */
  store (URL_A, SK_CREDENTIALS_WOO_KEYS, KEY, SECRET_2);
  replaced = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced->secret, ==, SECRET_2);

  clear (URL_A);
  gone = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  /* Clearing one store leaves the other; clearing twice is fine. */
  clear (URL_A);
  g_clear_pointer (&other, sk_credentials_free);
  other = lookup (URL_B, &error);
  g_assert_no_error (error);
  g_assert_nonnull (other);
  clear (URL_B);
}

static void
test_invalid_credentials (void)
{
  static const struct {
    const char *user;
    const char *secret;
  } bad[] = {
    { "", SECRET },
    { KEY, "" },
    { "user:name", SECRET },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SkCredentials) credentials = sk_credentials_new (SK_CREDENTIALS_WOO_KEYS, bad[i].user, bad[i].secret);
      g_autoptr(SkCredentials) found = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      sk_secrets_store_async (URL_A, credentials, NULL, result_cb, &result);
      g_assert_false (sk_secrets_store_finish (wait_result (&result), &error));
      g_assert_error (error, SK_SECRETS_ERROR, SK_SECRETS_ERROR_INVALID);
      g_assert_null (strstr (error->message, SECRET));
      g_clear_error (&error);

      found = lookup (URL_A, &error);
      g_assert_no_error (error);
      g_assert_null (found);
    }
}

/* With a keyring that has nothing for the store, the environment is used
 * (and reported as such); the keyring's own item wins when there is one. */
static void
test_environment_with_keyring (void)
{
  g_autoptr(SkCredentials) from_env = NULL;
  g_autoptr(SkCredentials) from_keyring = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("SHOPKEEPER_KEY", "ck_env", TRUE);
  g_setenv ("SHOPKEEPER_SECRET", "cs_env", TRUE);

  from_env = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_env);
  g_assert_cmpint (from_env->source, ==, SK_CREDENTIALS_FROM_ENVIRONMENT);
  g_assert_cmpstr (from_env->user, ==, "ck_env");
  g_assert_cmpstr (from_env->secret, ==, "cs_env");

  store (URL_A, SK_CREDENTIALS_WOO_KEYS, KEY, SECRET);
  from_keyring = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_cmpint (from_keyring->source, ==, SK_CREDENTIALS_FROM_KEYRING);
  g_assert_cmpstr (from_keyring->secret, ==, SECRET);
  clear (URL_A);

  g_unsetenv ("SHOPKEEPER_KEY");
  g_unsetenv ("SHOPKEEPER_SECRET");
}

/* The keyring keeps the secret encrypted, and nothing we logged holds it. */
static void
test_secret_not_on_disk_nor_in_logs (void)
{
  g_autoptr(GString) files = g_string_new (NULL);

  store (URL_A, SK_CREDENTIALS_WOO_KEYS, KEY, SECRET);

  slurp_tree (sk_test_keyring_get_dir (keyring), files);
  g_assert_cmpuint (files->len, >, 0);
  g_assert_false (contains (files, SECRET));

  g_assert_false (contains (log_text, SECRET));
  g_assert_false (contains (log_text, SECRET_2));
  g_assert_false (contains (log_text, APP_PASSWORD));

  clear (URL_A);
}

/* No Secret Service at all (a bus address that leads nowhere): lookups use
 * the environment, stores fail and write nothing anywhere. Run in a
 * subprocess so the dead bus does not affect the other tests. */
static void
test_headless_fallback (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = sk_test_make_temp_dir ();
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus", dir);
      g_autoptr(SkCredentials) credentials = NULL;
      g_autoptr(SkCredentials) found = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) files = g_string_new (NULL);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

      g_unsetenv ("SHOPKEEPER_KEY");
      g_unsetenv ("SHOPKEEPER_SECRET");
      found = lookup (URL_A, &error);
      g_assert_error (error, SK_SECRETS_ERROR, SK_SECRETS_ERROR_UNAVAILABLE);
      g_assert_null (found);
      g_clear_error (&error);

      g_setenv ("SHOPKEEPER_KEY", KEY, TRUE);
      g_setenv ("SHOPKEEPER_SECRET", SECRET, TRUE);
      found = lookup (URL_A, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_cmpint (found->source, ==, SK_CREDENTIALS_FROM_ENVIRONMENT);
      g_assert_cmpstr (found->user, ==, KEY);
      g_assert_cmpstr (found->secret, ==, SECRET);

      credentials = sk_credentials_new (SK_CREDENTIALS_WOO_KEYS, KEY, SECRET);
      sk_secrets_store_async (URL_A, credentials, NULL, result_cb, &result);
      g_assert_false (sk_secrets_store_finish (wait_result (&result), &error));
      g_assert_error (error, SK_SECRETS_ERROR, SK_SECRETS_ERROR_UNAVAILABLE);
      g_assert_null (strstr (error->message, SECRET));

      slurp_tree (dir, files);
      g_assert_false (contains (files, SECRET));
      sk_test_remove_tree (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The writer sees debug messages too, printed or not. */
  log_text = g_string_new (NULL);
  g_log_set_writer_func (recording_writer, NULL, NULL);

  g_test_add_func ("/secrets/headless-fallback", test_headless_fallback);

  if (!g_test_subprocess ())
    {
      keyring = sk_test_keyring_start ();
      if (keyring == NULL)
        {
          g_test_message ("gnome-keyring-daemon is not installed; only the fallback is tested");
        }
      else
        {
          g_test_add_func ("/secrets/store-lookup-replace-clear", test_store_lookup_replace_clear);
          g_test_add_func ("/secrets/invalid-credentials", test_invalid_credentials);
          g_test_add_func ("/secrets/environment-with-keyring", test_environment_with_keyring);
          g_test_add_func ("/secrets/not-on-disk-nor-in-logs", test_secret_not_on_disk_nor_in_logs);
        }
    }

  status = g_test_run ();

  sk_test_keyring_stop (keyring);
  g_string_free (log_text, TRUE);

  return status;
}
