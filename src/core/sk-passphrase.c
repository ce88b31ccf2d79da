/* sk-passphrase.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-passphrase"

#include "config.h"

#include "sk-passphrase.h"

#include <crypt.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

/* struct crypt_data is about 32 KiB: on the heap, wiped after use since
 * it holds the passphrase's derived state. */
static struct crypt_data *
crypt_data_new (void)
{
  return g_new0 (struct crypt_data, 1);
}

static void
crypt_data_free (struct crypt_data *data)
{
  if (data == NULL)
    return;

  explicit_bzero (data, sizeof *data);
  g_free (data);
}

typedef struct crypt_data CryptData;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CryptData, crypt_data_free)

gboolean
sk_passphrase_check_quality (const char  *passphrase,
                             GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (passphrase == NULL || !g_utf8_validate (passphrase, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The passphrase holds characters that are not valid text."));
      return FALSE;
    }

  if (strlen (passphrase) > SK_PASSPHRASE_MAX_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a number of bytes, about as many characters */
                   _("The passphrase is too long (at most %d characters)."), SK_PASSPHRASE_MAX_LENGTH);
      return FALSE;
    }

  if (g_utf8_strlen (passphrase, -1) < SK_PASSPHRASE_MIN_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The passphrase needs at least %d character.",
                                "The passphrase needs at least %d characters.",
                                SK_PASSPHRASE_MIN_LENGTH),
                   SK_PASSPHRASE_MIN_LENGTH);
      return FALSE;
    }

  return TRUE;
}

gboolean
sk_passphrase_is_hash (const char *hash)
{
  /* "$y$" + parameters + "$" + salt + "$" + hash: yescrypt strings are
   * printable ASCII without spaces or colons. */
  if (hash == NULL || !g_str_has_prefix (hash, "$y$") || strlen (hash) < 20
      || strlen (hash) >= CRYPT_OUTPUT_SIZE)
    return FALSE;

  for (const char *p = hash; *p != '\0'; p++)
    if (*p <= ' ' || *p > '~' || *p == ':')
      return FALSE;

  return TRUE;
}

char *
sk_passphrase_hash (const char  *passphrase,
                    GError     **error)
{
  g_autoptr(CryptData) data = NULL;
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  const char *hashed;

  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Count 0 takes libxcrypt's default cost for yescrypt; NULL random
   * bytes makes it read the salt from the system's randomness. */
  if (crypt_gensalt_rn ("$y$", 0, NULL, 0, setting, sizeof setting) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not make a salt for the passphrase: the system has no randomness to give."));
      return NULL;
    }

  data = crypt_data_new ();
  hashed = crypt_r (passphrase, setting, data);
  if (hashed == NULL || !sk_passphrase_is_hash (hashed))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not hash the passphrase (yescrypt is not available)."));
      return NULL;
    }

  return g_strdup (hashed);
}

gboolean
sk_passphrase_verify (const char *passphrase,
                      const char *hash)
{
  g_autoptr(CryptData) data = NULL;
  const char *hashed;
  size_t length;
  unsigned char diff = 0;

  if (passphrase == NULL || !sk_passphrase_is_hash (hash))
    return FALSE;
  if (strlen (passphrase) > SK_PASSPHRASE_MAX_LENGTH)
    return FALSE;

  data = crypt_data_new ();
  hashed = crypt_r (passphrase, hash, data);
  if (hashed == NULL || hashed[0] == '*')
    return FALSE;

  length = strlen (hash);
  if (strlen (hashed) != length)
    return FALSE;

  /* Constant time: every byte is compared whatever the first difference. */
  for (size_t i = 0; i < length; i++)
    diff |= (unsigned char) (hashed[i] ^ hash[i]);

  return diff == 0;
}
