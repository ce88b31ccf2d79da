/* sk-soup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-soup"

#include "config.h"

#include "sk-soup.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-sync-manager.h"

/* Keep-alive connections are kept this long between pages; long enough to
 * span the gap between one resource and the next, short enough not to hold
 * a store's worker for minutes. */
#define IDLE_TIMEOUT_S 60

SoupSession *
sk_soup_session_new (guint timeout_s,
                     guint max_conns_per_host)
{
  SoupSession *session;

  max_conns_per_host = MAX (max_conns_per_host, 1);

  session = g_object_new (SOUP_TYPE_SESSION,
                          "timeout", timeout_s,
                          "idle-timeout", IDLE_TIMEOUT_S,
                          "user-agent", "Shopkeeper/" PACKAGE_VERSION,
                          "max-conns-per-host", max_conns_per_host,
                          "max-conns", max_conns_per_host * 2,
                          NULL);

  /* libsoup 3 adds the content decoder to every session already, which is
   * what sends "Accept-Encoding: gzip, deflate" and inflates the answer; a
   * page of orders is about 8 times smaller compressed. Make sure of it. */
  if (!soup_session_has_feature (session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  /* Certificates are checked by the default GTlsDatabase: nothing connects
   * to SoupMessage::accept-certificate, so an invalid one fails the request. */

  return session;
}

gboolean
sk_soup_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  /* GUri gives IPv6 literals without brackets, but be lenient. */
  len = strlen (host);
  if (host[0] == '[' && len > 2 && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  if (address == NULL)
    return FALSE;

  /* g_inet_address_get_is_loopback() covers all of 127.0.0.0/8 and ::1. */
  return g_inet_address_get_is_loopback (address);
}

GUri *
sk_soup_parse_store_url (const char  *url,
                         GError     **error)
{
  return sk_soup_parse_store_url_full (url, FALSE, error);
}

gboolean
sk_soup_url_needs_insecure (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
         !sk_soup_host_is_loopback (g_uri_get_host (uri));
}

GUri *
sk_soup_parse_store_url_full (const char  *url,
                              gboolean     allow_insecure,
                              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL,
                           _("No store address is set."));
      return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, &local_error);
  if (uri == NULL)
    {
      /* Translators: %s is the web address the user typed */
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a web address. Type the address of the store, like https://shop.example.com."),
                   url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if ((g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      host == NULL || *host == '\0')
    {
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a web address. Type the address of the store, like https://shop.example.com."),
                   url);
      return NULL;
    }

  /* A user name or password in the address would end up in logs and in
   * the database; the key and secret are given separately. */
  if (g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INVALID_URL,
                           _("The store address must not contain a user name, a “?” or a “#”. Type only the address of the store, like https://shop.example.com."));
      return NULL;
    }

  /* Without TLS anyone on the way can read and change what is sent: only
   * when the user said so explicitly (requests are then OAuth-signed, the
   * secret itself never sent). */
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !allow_insecure && !sk_soup_host_is_loopback (host))
    {
      /* Translators: %s is a host name like shop.example.com */
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_INSECURE,
                   _("The address uses plain http://, so keys and orders would travel to %s unencrypted. Use https://, or explicitly allow an unencrypted connection."),
                   host);
      return NULL;
    }

  return g_steal_pointer (&uri);
}
