/* sk-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-secrets"

#include "config.h"

#include "sk-secrets.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

G_DEFINE_QUARK (sk-secrets-error-quark, sk_secrets_error)

static const SecretSchema store_schema = {
  "app.shopkeeper.Shopkeeper.Store",
  SECRET_SCHEMA_NONE,
  {
    { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  /* reserved */
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

/* The shop's SMTP server password (messages to customers). */
static const SecretSchema smtp_schema = {
  "app.shopkeeper.Shopkeeper.Smtp",
  SECRET_SCHEMA_NONE,
  {
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  /* reserved */
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

typedef struct
{
  char          *store_url;
  SkCredentials *credentials;   /* store only */
} TaskData;

static void
wipe (char *str)
{
  if (str != NULL)
    memset (str, 0, strlen (str));
}

static void
task_data_free (TaskData *data)
{
  g_free (data->store_url);
  g_clear_pointer (&data->credentials, sk_credentials_free);
  g_free (data);
}

static GTask *
task_new (const char          *store_url,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  g_task_set_source_tag (task, source_tag);
  data->store_url = g_strdup (store_url);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);

  return task;
}

/* Whether @error says there is no Secret Service to talk to (no session
 * bus, nothing owning org.freedesktop.secrets), rather than that it
 * refused. */
static gboolean
is_unavailable (const GError *error)
{
  return error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR
         || error->domain == G_SPAWN_ERROR;
}

static void
set_unavailable (GError       **error,
                 const GError  *cause)
{
  /* Translators: %s is a technical detail from the keyring */
  g_set_error (error, SK_SECRETS_ERROR, SK_SECRETS_ERROR_UNAVAILABLE,
               _("The keyring that keeps the store’s keys is not available (%s). Log in to a desktop session, or set SHOPKEEPER_KEY and SHOPKEEPER_SECRET."),
               cause->message);
}

/* Without a keyring: the environment, read only. */
static SkCredentials *
credentials_from_environment (void)
{
  const char *key = g_getenv ("SHOPKEEPER_KEY");
  const char *secret = g_getenv ("SHOPKEEPER_SECRET");
  SkCredentials *credentials;

  if (key == NULL || key[0] == '\0' || secret == NULL || secret[0] == '\0')
    return NULL;

  credentials = sk_credentials_new (SK_CREDENTIALS_WOO_KEYS, key, secret);
  credentials->source = SK_CREDENTIALS_FROM_ENVIRONMENT;

  return credentials;
}

/* The libsecret calls below are the blocking ones: they may wait for an
 * unlock prompt, so they run on a thread and the caller's loop never
 * waits. */
static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  const SkCredentials *credentials = data->credentials;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;
  gboolean ok;

  /* One item per store: a change of kind must not leave the old one. */
  secret_password_clear_sync (&store_schema, cancellable, &error,
                              "url", data->store_url,
                              NULL);
  if (error != NULL)
    {
      GError *wrapped = NULL;

      if (is_unavailable (error))
        {
          set_unavailable (&wrapped, error);
          g_task_return_error (task, wrapped);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Translators: the label of the keyring item; %s is the store's address */
  label = g_strdup_printf (_("Shopkeeper: keys for %s"), data->store_url);
  /* "user:secret", as Basic auth joins them: a user name never holds a
   * colon (sk_secrets_store_async() refuses one), a secret may. */
  value = g_strconcat (credentials->user, ":", credentials->secret, NULL);

  ok = secret_password_store_sync (&store_schema, SECRET_COLLECTION_DEFAULT,
                                   label, value, cancellable, &error,
                                   "url", data->store_url,
                                   "kind", sk_credentials_kind_to_string (credentials->kind),
                                   NULL);
  wipe (value);

  if (!ok)
    {
      GError *wrapped = NULL;

      if (is_unavailable (error))
        {
          set_unavailable (&wrapped, error);
          g_task_return_error (task, wrapped);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  static const SkCredentialsKind kinds[] = { SK_CREDENTIALS_WOO_KEYS, SK_CREDENTIALS_APP_PASSWORD };
  TaskData *data = task_data;
  SkCredentials *credentials;

  /* One lookup per kind rather than one search: a search makes an item
   * proxy per hit, which libsecret 0.20 never fully frees. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      char *text;
      const char *colon;
      g_autofree char *user = NULL;

      text = secret_password_lookup_sync (&store_schema, cancellable, &error,
                                          "url", data->store_url,
                                          "kind", sk_credentials_kind_to_string (kinds[i]),
                                          NULL);
      if (error != NULL)
        {
          GError *wrapped = NULL;

          credentials = credentials_from_environment ();
          if (credentials != NULL)
            {
              g_task_return_pointer (task, credentials, (GDestroyNotify) sk_credentials_free);
              return;
            }

          if (is_unavailable (error))
            {
              set_unavailable (&wrapped, error);
              g_task_return_error (task, wrapped);
            }
          else
            g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (text == NULL)
        continue;

      colon = strchr (text, ':');
      if (colon == NULL || colon == text || colon[1] == '\0')
        {
          /* Not something we wrote: ignore it rather than use half of it. */
          g_debug ("Ignoring a malformed keyring item for a store");
          secret_password_free (text);
          continue;
        }

      user = g_strndup (text, colon - text);
      credentials = sk_credentials_new (kinds[i], user, colon + 1);
      secret_password_free (text);
      g_task_return_pointer (task, credentials, (GDestroyNotify) sk_credentials_free);
      return;
    }

  g_task_return_pointer (task, credentials_from_environment (), (GDestroyNotify) sk_credentials_free);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (&store_schema, cancellable, &error,
                              "url", data->store_url,
                              NULL);
  if (error != NULL)
    {
      GError *wrapped = NULL;

      if (is_unavailable (error))
        {
          set_unavailable (&wrapped, error);
          g_task_return_error (task, wrapped);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

SkCredentials *
sk_credentials_new (SkCredentialsKind  kind,
                    const char        *user,
                    const char        *secret)
{
  SkCredentials *credentials;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  credentials = g_new0 (SkCredentials, 1);
  credentials->kind = kind;
  credentials->source = SK_CREDENTIALS_FROM_KEYRING;
  credentials->user = g_strdup (user);
  credentials->secret = g_strdup (secret);

  return credentials;
}

void
sk_credentials_free (SkCredentials *credentials)
{
  if (credentials == NULL)
    return;

  wipe (credentials->user);
  wipe (credentials->secret);
  g_free (credentials->user);
  g_free (credentials->secret);
  g_free (credentials);
}

const char *
sk_credentials_kind_to_string (SkCredentialsKind kind)
{
  switch (kind)
    {
    case SK_CREDENTIALS_WOO_KEYS:
      return "woocommerce-key";
    case SK_CREDENTIALS_APP_PASSWORD:
      return "application-password";
    default:
      g_return_val_if_reached ("woocommerce-key");
    }
}

void
sk_secrets_store_async (const char          *store_url,
                        const SkCredentials *credentials,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (store_url != NULL);
  g_return_if_fail (credentials != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (store_url, sk_secrets_store_async, cancellable, callback, user_data);

  if (credentials->user == NULL || credentials->user[0] == '\0' ||
      credentials->secret == NULL || credentials->secret[0] == '\0')
    {
      g_task_return_new_error (task, SK_SECRETS_ERROR, SK_SECRETS_ERROR_INVALID,
                               "%s", _("Both the key and the secret are needed."));
      return;
    }

  /* HTTP Basic auth cannot carry a user name with a colon, so no store
   * accepts one; refusing it here also keeps the stored form unambiguous. */
  if (strchr (credentials->user, ':') != NULL)
    {
      g_task_return_new_error (task, SK_SECRETS_ERROR, SK_SECRETS_ERROR_INVALID,
                               "%s", _("The key or user name must not contain a colon (:)."));
      return;
    }

  data = g_task_get_task_data (task);
  data->credentials = sk_credentials_new (credentials->kind, credentials->user, credentials->secret);
  g_task_run_in_thread (task, store_thread);
}

gboolean
sk_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sk_secrets_lookup_async (const char          *store_url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (store_url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (store_url, sk_secrets_lookup_async, cancellable, callback, user_data);
  g_task_run_in_thread (task, lookup_thread);
}

SkCredentials *
sk_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sk_secrets_clear_async (const char          *store_url,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (store_url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = task_new (store_url, sk_secrets_clear_async, cancellable, callback, user_data);
  g_task_run_in_thread (task, clear_thread);
}

gboolean
sk_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
smtp_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (is_unavailable (error))
    {
      GError *wrapped = NULL;

      set_unavailable (&wrapped, error);
      g_task_return_error (task, wrapped);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
sk_secrets_store_smtp_password_async (const char          *host,
                                      const char          *user,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;

  g_return_if_fail (host != NULL && *host != '\0');
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_secrets_store_smtp_password_async);

  /* Translators: the label of the keyring item; %s is the mail server's address */
  label = g_strdup_printf (_("Shopkeeper mail server %s"), host);
  secret_password_store (&smtp_schema, SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, smtp_stored_cb, task,
                         "host", host, "user", user, NULL);
}

gboolean
sk_secrets_store_smtp_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
smtp_looked_up_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);
  const char *env = g_getenv ("SHOPKEEPER_SMTP_PASSWORD");

  if (password != NULL)
    {
      char *copy = g_strdup (password);

      secret_password_free (password);
      g_task_return_pointer (task, copy, (GDestroyNotify) sk_secrets_free_password);
    }
  else if (error != NULL && !is_unavailable (error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (env != NULL && *env != '\0')
    g_task_return_pointer (task, g_strdup (env), (GDestroyNotify) sk_secrets_free_password);
  else if (error != NULL)
    {
      GError *wrapped = NULL;

      set_unavailable (&wrapped, error);
      g_task_return_error (task, wrapped);
    }
  else
    g_task_return_pointer (task, NULL, NULL);
}

void
sk_secrets_lookup_smtp_password_async (const char          *host,
                                       const char          *user,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (host != NULL);
  g_return_if_fail (user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_secrets_lookup_smtp_password_async);
  secret_password_lookup (&smtp_schema, cancellable, smtp_looked_up_cb, task,
                          "host", host, "user", user, NULL);
}

char *
sk_secrets_lookup_smtp_password_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sk_secrets_free_password (char *password)
{
  wipe (password);
  g_free (password);
}
