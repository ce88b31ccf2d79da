/* sk-demo-oauth.c — OAuth 1.0a one-legged signatures (RFC 5849).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-demo-oauth"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sk-demo-oauth.h"

SkDemoOAuthParams *
sk_demo_oauth_params_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

void
sk_demo_oauth_params_add (SkDemoOAuthParams *params,
                          const char        *name,
                          const char        *value)
{
  g_ptr_array_add (params, g_strdup (name));
  g_ptr_array_add (params, g_strdup (value));
}

const char *
sk_demo_oauth_params_get (SkDemoOAuthParams *params,
                          const char        *name)
{
  for (guint i = 0; i + 1 < params->len; i += 2)
    if (g_str_equal (g_ptr_array_index (params, i), name))
      return g_ptr_array_index (params, i + 1);
  return NULL;
}

static char *
form_decode (const char *text,
             gsize       len)
{
  g_autofree char *plus = g_strndup (text, len);

  for (char *p = plus; *p != '\0'; p++)
    if (*p == '+')
      *p = ' ';

  return g_uri_unescape_string (plus, NULL);
}

gboolean
sk_demo_oauth_params_add_query (SkDemoOAuthParams *params,
                                const char        *query)
{
  const char *p = query;

  if (query == NULL)
    return TRUE;

  while (*p != '\0')
    {
      const char *end = strchr (p, '&');
      const char *eq;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (end == NULL)
        end = p + strlen (p);
      eq = memchr (p, '=', end - p);

      if (end > p)
        {
          name = form_decode (p, (eq != NULL ? eq : end) - p);
          value = eq != NULL ? form_decode (eq + 1, end - eq - 1) : g_strdup ("");
          if (name == NULL || value == NULL)
            return FALSE;
          sk_demo_oauth_params_add (params, name, value);
        }

      p = *end == '&' ? end + 1 : end;
    }

  return TRUE;
}

gboolean
sk_demo_oauth_params_add_header (SkDemoOAuthParams *params,
                                 const char        *header)
{
  const char *p;

  if (header == NULL || g_ascii_strncasecmp (header, "OAuth ", 6) != 0)
    return FALSE;

  p = header + 6;
  for (;;)
    {
      const char *name_start, *name_end, *value_start, *value_end;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *raw = NULL;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p == '\0')
        return TRUE;

      name_start = p;
      while (*p != '\0' && *p != '=' && *p != ' ' && *p != ',')
        p++;
      name_end = p;
      if (*p != '=' || p[1] != '"')
        return FALSE;
      value_start = p + 2;
      value_end = strchr (value_start, '"');
      if (value_end == NULL)
        return FALSE;
      p = value_end + 1;

      /* RFC 5849 §3.5.1: values are percent-encoded, no "+" for spaces. */
      name = g_uri_unescape_segment (name_start, name_end, NULL);
      raw = g_strndup (value_start, value_end - value_start);
      value = g_uri_unescape_string (raw, NULL);
      if (name == NULL || value == NULL)
        return FALSE;
      if (g_str_equal (name, "realm"))
        continue;
      sk_demo_oauth_params_add (params, name, value);
    }
}

char *
sk_demo_oauth_encode (const char *text)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        {
          g_string_append_c (out, *p);
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 15]);
        }
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  char *name;
  char *value;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = a, *pb = b;
  int r = strcmp (pa->name, pb->name);

  return r != 0 ? r : strcmp (pa->value, pb->value);
}

char *
sk_demo_oauth_base_string (const char        *method,
                           const char        *base_uri,
                           SkDemoOAuthParams *params)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GString) normalized = g_string_new (NULL);
  g_autofree char *upper = g_ascii_strup (method, -1);
  g_autofree char *uri = sk_demo_oauth_encode (base_uri);
  g_autofree char *encoded = NULL;

  for (guint i = 0; i + 1 < params->len; i += 2)
    {
      Pair pair;

      if (g_str_equal (g_ptr_array_index (params, i), "oauth_signature"))
        continue;
      pair.name = sk_demo_oauth_encode (g_ptr_array_index (params, i));
      pair.value = sk_demo_oauth_encode (g_ptr_array_index (params, i + 1));
      g_array_append_val (pairs, pair);
    }

  /* §3.4.1.3.2: sorted by encoded name, then encoded value. */
  g_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *pair = &g_array_index (pairs, Pair, i);

      g_string_append_printf (normalized, "%s%s=%s", i > 0 ? "&" : "", pair->name, pair->value);
      g_free (pair->name);
      g_free (pair->value);
    }

  encoded = sk_demo_oauth_encode (normalized->str);

  return g_strdup_printf ("%s&%s&%s", upper, uri, encoded);
}

char *
sk_demo_oauth_sign (const char *signature_method,
                    const char *consumer_secret,
                    const char *token_secret,
                    const char *base_string)
{
  g_autofree char *enc_secret = sk_demo_oauth_encode (consumer_secret);
  g_autofree char *enc_token = sk_demo_oauth_encode (token_secret != NULL ? token_secret : "");
  g_autofree char *key = g_strdup_printf ("%s&%s", enc_secret, enc_token);
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;
  char *result;

  if (g_strcmp0 (signature_method, "HMAC-SHA1") == 0)
    hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) key, strlen (key));
  else if (g_strcmp0 (signature_method, "HMAC-SHA256") == 0)
    hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));
  else
    return NULL;

  g_hmac_update (hmac, (const guchar *) base_string, -1);
  g_hmac_get_digest (hmac, digest, &len);
  result = g_base64_encode (digest, len);

  /* The key holds the secret: do not leave it in freed memory. */
  memset (key, 0, strlen (key));

  return result;
}
