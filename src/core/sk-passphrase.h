/* sk-passphrase.h — salted, slow passphrase hashes: crypt(3) with
 * yescrypt from libxcrypt ("$y$…" strings, a fresh random salt each time).
 *
 * Hashing takes tens of milliseconds on purpose. No passphrase is ever
 * logged or kept; the buffers that held it are wiped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sk-types.h"

G_BEGIN_DECLS

/* Shortest passphrase accepted, in characters. */
#define SK_PASSPHRASE_MIN_LENGTH 8
/* Longest, in bytes (crypt(3) is happy with far more; this bounds work). */
#define SK_PASSPHRASE_MAX_LENGTH 1024

/* FALSE with a translated G_IO_ERROR_INVALID_ARGUMENT message when
 * @passphrase is too short, too long or not valid UTF-8. */
gboolean  sk_passphrase_check_quality (const char  *passphrase,
                                       GError     **error);
/* A new "$y$…" hash of @passphrase with a random salt; NULL with
 * G_IO_ERROR_FAILED if the system cannot hash (no randomness). */
char     *sk_passphrase_hash          (const char  *passphrase,
                                       GError     **error);
/* TRUE if @passphrase matches @hash (compared in constant time). Malformed
 * hashes never match. */
gboolean  sk_passphrase_verify        (const char  *passphrase,
                                       const char  *hash);
/* TRUE if @hash is a yescrypt string (for sanity checks before storing). */
gboolean  sk_passphrase_is_hash       (const char  *hash);

G_END_DECLS
