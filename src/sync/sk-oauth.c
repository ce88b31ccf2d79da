/* sk-oauth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-oauth"

#include "config.h"

#include "sk-oauth.h"

#include <string.h>

/* One request parameter, both halves already percent-encoded (§3.4.1.3.2:
 * parameters are sorted by their encoded forms). */
typedef struct
{
  char *name;
  char *value;
} Param;

/* A request URL taken apart the way signing needs it. */
typedef struct
{
  char      *base_uri;     /* §3.4.1.2 */
  GPtrArray *kept_query;   /* raw "name=value" pieces that are not oauth_* */
  GPtrArray *params;       /* Param*, the query's parameters */
} ParsedUrl;

static void
param_free (gpointer data)
{
  Param *param = data;

  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

static void
parsed_url_free (ParsedUrl *parsed)
{
  g_free (parsed->base_uri);
  g_ptr_array_unref (parsed->kept_query);
  g_ptr_array_unref (parsed->params);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedUrl, parsed_url_free)

static void
add_param (GPtrArray  *params,
           const char *name,
           gssize      name_len,
           const char *value,
           gssize      value_len)
{
  Param *param = g_new0 (Param, 1);

  param->name = sk_oauth_percent_encode (name, name_len);
  param->value = sk_oauth_percent_encode (value, value_len);
  g_ptr_array_add (params, param);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* application/x-www-form-urlencoded decoding of @len bytes (§3.4.1.3.1):
 * "+" is a space, "%XX" a byte. A "%" not followed by two hex digits is
 * kept as it is, as PHP's urldecode() (WooCommerce's side) does. The
 * result may hold NUL bytes, hence the GString. */
static GString *
form_decode (const char *str,
             gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (str[i] == '+')
        g_string_append_c (out, ' ');
      else if (str[i] == '%' && i + 2 < len &&
               hex_value (str[i + 1]) >= 0 && hex_value (str[i + 2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (str[i + 1]) * 16 + hex_value (str[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, str[i]);
    }

  return out;
}

static ParsedUrl *
parse_url (const char *url)
{
  g_autoptr(ParsedUrl) parsed = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *userinfo = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *lower_host = NULL;
  GString *base;
  int port = -1;
  int default_port;

  if (!g_uri_split (url, G_URI_FLAGS_ENCODED,
                    &scheme, &userinfo, &host, &port, &path, &query, NULL, NULL))
    return NULL;

  if (scheme == NULL || host == NULL || host[0] == '\0' || userinfo != NULL)
    return NULL;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    default_port = 80;
  else if (g_ascii_strcasecmp (scheme, "https") == 0)
    default_port = 443;
  else
    return NULL;

  parsed = g_new0 (ParsedUrl, 1);
  parsed->kept_query = g_ptr_array_new_with_free_func (g_free);
  parsed->params = g_ptr_array_new_with_free_func (param_free);

  /* §3.4.1.2: scheme and host in lower case, the port only when it is not
   * the scheme's default, the path as sent ("/" when empty). */
  lower_host = g_ascii_strdown (host, -1);
  base = g_string_new (NULL);
  g_string_append (base, default_port == 80 ? "http://" : "https://");
  if (strchr (lower_host, ':') != NULL)
    g_string_append_printf (base, "[%s]", lower_host);
  else
    g_string_append (base, lower_host);
  if (port > 0 && port != default_port)
    g_string_append_printf (base, ":%d", port);
  g_string_append (base, path != NULL && path[0] != '\0' ? path : "/");
  parsed->base_uri = g_string_free (base, FALSE);

  if (query != NULL)
    {
      g_auto(GStrv) pieces = g_strsplit (query, "&", -1);

      for (guint i = 0; pieces[i] != NULL; i++)
        {
          const char *piece = pieces[i];
          const char *equals;
          gsize name_len;
          g_autoptr(GString) name = NULL;
          g_autoptr(GString) value = NULL;

          if (piece[0] == '\0')
            continue;

          equals = strchr (piece, '=');
          name_len = equals != NULL ? (gsize) (equals - piece) : strlen (piece);
          name = form_decode (piece, name_len);
          value = equals != NULL ? form_decode (equals + 1, strlen (equals + 1)) : g_string_new (NULL);

          /* Left over from an earlier signed request (a "next" link):
           * they are replaced, never signed or sent twice. */
          if (g_str_has_prefix (name->str, "oauth_"))
            continue;

          g_ptr_array_add (parsed->kept_query, g_strdup (piece));
          add_param (parsed->params, name->str, name->len, value->str, value->len);
        }
    }

  return g_steal_pointer (&parsed);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *pa = *(const Param * const *) a;
  const Param *pb = *(const Param * const *) b;
  int cmp = strcmp (pa->name, pb->name);

  /* §3.4.1.3.2: by name, then by value for repeated names. */
  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

static char *
build_base_string (const char *http_method,
                   ParsedUrl  *parsed)
{
  g_autofree char *upper_method = g_ascii_strup (http_method, -1);
  g_autofree char *encoded_uri = NULL;
  g_autofree char *encoded_params = NULL;
  GString *normalized = g_string_new (NULL);

  g_ptr_array_sort (parsed->params, compare_params);
  for (guint i = 0; i < parsed->params->len; i++)
    {
      const Param *param = g_ptr_array_index (parsed->params, i);

      if (i > 0)
        g_string_append_c (normalized, '&');
      g_string_append_printf (normalized, "%s=%s", param->name, param->value);
    }

  encoded_uri = sk_oauth_percent_encode (parsed->base_uri, -1);
  encoded_params = sk_oauth_percent_encode (normalized->str, normalized->len);
  g_string_free (normalized, TRUE);

  return g_strconcat (upper_method, "&", encoded_uri, "&", encoded_params, NULL);
}

/* The five oauth_* values of a one-legged request, signature included,
 * in the order they are sent (alphabetical, which is also easy to read). */
typedef struct
{
  char *consumer_key;
  char *nonce;
  char *signature;
  const char *signature_method;
  char *timestamp;
} Signed;

static void
signed_clear (Signed *sig)
{
  g_free (sig->consumer_key);
  g_free (sig->nonce);
  g_free (sig->signature);
  g_free (sig->timestamp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Signed, signed_clear)

static void
sign (const char    *http_method,
      ParsedUrl     *parsed,
      const char    *consumer_key,
      const char    *consumer_secret,
      SkOAuthMethod  method,
      const char    *nonce,
      gint64         timestamp,
      Signed        *out)
{
  g_autofree char *base_string = NULL;

  out->consumer_key = g_strdup (consumer_key);
  out->nonce = nonce != NULL ? g_strdup (nonce) : sk_oauth_make_nonce ();
  out->signature_method = sk_oauth_method_to_string (method);
  if (timestamp <= 0)
    timestamp = g_get_real_time () / G_USEC_PER_SEC;
  out->timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);

  add_param (parsed->params, "oauth_consumer_key", -1, out->consumer_key, -1);
  add_param (parsed->params, "oauth_nonce", -1, out->nonce, -1);
  add_param (parsed->params, "oauth_signature_method", -1, out->signature_method, -1);
  add_param (parsed->params, "oauth_timestamp", -1, out->timestamp, -1);

  base_string = build_base_string (http_method, parsed);
  out->signature = sk_oauth_compute_signature (method, consumer_secret, NULL, base_string);
}

static void
append_query (GString   *url,
              GPtrArray *kept_query)
{
  for (guint i = 0; i < kept_query->len; i++)
    {
      g_string_append_c (url, i == 0 ? '?' : '&');
      g_string_append (url, g_ptr_array_index (kept_query, i));
    }
}

const char *
sk_oauth_method_to_string (SkOAuthMethod method)
{
  switch (method)
    {
    case SK_OAUTH_HMAC_SHA1:
      return "HMAC-SHA1";
    case SK_OAUTH_HMAC_SHA256:
      return "HMAC-SHA256";
    default:
      g_return_val_if_reached ("HMAC-SHA1");
    }
}

char *
sk_oauth_percent_encode (const char *str,
                         gssize      len)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out;

  g_return_val_if_fail (str != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (str);

  out = g_string_sized_new (len * 3 / 2 + 1);
  for (gssize i = 0; i < len; i++)
    {
      guchar c = (guchar) str[i];

      if (g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~')
        g_string_append_c (out, (char) c);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }

  return g_string_free (out, FALSE);
}

char *
sk_oauth_make_nonce (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *nonce = g_new (char, SK_OAUTH_NONCE_LENGTH + 1);

  /* A nonce only has to be unique per timestamp and key; GLib's generator
   * is seeded from /dev/urandom, which is plenty for that. */
  for (guint i = 0; i < SK_OAUTH_NONCE_LENGTH; i++)
    nonce[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  nonce[SK_OAUTH_NONCE_LENGTH] = '\0';

  return nonce;
}

char *
sk_oauth_strip_url (const char *url)
{
  g_autoptr(ParsedUrl) parsed = NULL;
  GString *out;

  g_return_val_if_fail (url != NULL, NULL);

  parsed = parse_url (url);
  if (parsed == NULL)
    return NULL;

  out = g_string_new (parsed->base_uri);
  append_query (out, parsed->kept_query);

  return g_string_free (out, FALSE);
}

char *
sk_oauth_signature_base_string (const char         *http_method,
                                const char         *url,
                                const char * const *extra_params)
{
  g_autoptr(ParsedUrl) parsed = NULL;

  g_return_val_if_fail (http_method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  parsed = parse_url (url);
  if (parsed == NULL)
    return NULL;

  for (guint i = 0; extra_params != NULL && extra_params[i] != NULL; i += 2)
    {
      g_return_val_if_fail (extra_params[i + 1] != NULL, NULL);
      add_param (parsed->params, extra_params[i], -1, extra_params[i + 1], -1);
    }

  return build_base_string (http_method, parsed);
}

char *
sk_oauth_compute_signature (SkOAuthMethod  method,
                            const char    *consumer_secret,
                            const char    *token_secret,
                            const char    *base_string)
{
  g_autofree char *encoded_consumer = NULL;
  g_autofree char *encoded_token = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (consumer_secret != NULL, NULL);
  g_return_val_if_fail (base_string != NULL, NULL);

  encoded_consumer = sk_oauth_percent_encode (consumer_secret, -1);
  encoded_token = sk_oauth_percent_encode (token_secret != NULL ? token_secret : "", -1);
  key = g_strconcat (encoded_consumer, "&", encoded_token, NULL);

  hmac = g_hmac_new (method == SK_OAUTH_HMAC_SHA256 ? G_CHECKSUM_SHA256 : G_CHECKSUM_SHA1,
                     (const guchar *) key, strlen (key));
  g_hmac_update (hmac, (const guchar *) base_string, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);

  /* The key is the secret: do not leave it lying in freed memory. */
  memset (key, 0, strlen (key));
  memset (encoded_consumer, 0, strlen (encoded_consumer));

  return g_base64_encode (digest, digest_len);
}

char *
sk_oauth_sign_url (const char    *http_method,
                   const char    *url,
                   const char    *consumer_key,
                   const char    *consumer_secret,
                   SkOAuthMethod  method,
                   const char    *nonce,
                   gint64         timestamp)
{
  g_autoptr(ParsedUrl) parsed = NULL;
  g_auto(Signed) sig = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *enc_nonce = NULL;
  g_autofree char *enc_signature = NULL;
  GString *out;

  g_return_val_if_fail (http_method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (consumer_key != NULL, NULL);
  g_return_val_if_fail (consumer_secret != NULL, NULL);

  parsed = parse_url (url);
  if (parsed == NULL)
    return NULL;

  sign (http_method, parsed, consumer_key, consumer_secret, method, nonce, timestamp, &sig);

  key = sk_oauth_percent_encode (sig.consumer_key, -1);
  enc_nonce = sk_oauth_percent_encode (sig.nonce, -1);
  enc_signature = sk_oauth_percent_encode (sig.signature, -1);

  out = g_string_new (parsed->base_uri);
  append_query (out, parsed->kept_query);
  g_string_append_printf (out,
                          "%coauth_consumer_key=%s&oauth_nonce=%s&oauth_signature=%s"
                          "&oauth_signature_method=%s&oauth_timestamp=%s",
                          parsed->kept_query->len > 0 ? '&' : '?',
                          key, enc_nonce, enc_signature,
                          sig.signature_method, sig.timestamp);

  return g_string_free (out, FALSE);
}

char *
sk_oauth_sign_header (const char    *http_method,
                      const char    *url,
                      const char    *consumer_key,
                      const char    *consumer_secret,
                      SkOAuthMethod  method,
                      const char    *nonce,
                      gint64         timestamp)
{
  g_autoptr(ParsedUrl) parsed = NULL;
  g_auto(Signed) sig = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *enc_nonce = NULL;
  g_autofree char *enc_signature = NULL;

  g_return_val_if_fail (http_method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (consumer_key != NULL, NULL);
  g_return_val_if_fail (consumer_secret != NULL, NULL);

  parsed = parse_url (url);
  if (parsed == NULL)
    return NULL;

  sign (http_method, parsed, consumer_key, consumer_secret, method, nonce, timestamp, &sig);

  /* §3.5.1: each value percent-encoded and double-quoted. */
  key = sk_oauth_percent_encode (sig.consumer_key, -1);
  enc_nonce = sk_oauth_percent_encode (sig.nonce, -1);
  enc_signature = sk_oauth_percent_encode (sig.signature, -1);

  return g_strdup_printf ("OAuth oauth_consumer_key=\"%s\", oauth_nonce=\"%s\", "
                          "oauth_signature=\"%s\", oauth_signature_method=\"%s\", "
                          "oauth_timestamp=\"%s\"",
                          key, enc_nonce, enc_signature,
                          sig.signature_method, sig.timestamp);
}
