/* sk-messenger-compose.c
 *
 * What a message says: the customer's language, the template for it, and
 * the value of every placeholder, formatted for that language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-messenger"

#include "config.h"

#include "sk-messenger-private.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sk-context.h"
#include "sk-mail-message.h"
#include "sk-money.h"
#include "sk-order-desk.h"
#include "sk-secrets.h"
#include "sk-shop-settings.h"
#include "sk-smtp.h"
#include "sk-time.h"

void
_sk_send_request_free (SendRequest *request)
{
  g_free (request->kind);
  g_free (request->carrier);
  g_free (request->tracking_number);
  g_free (request->tracking_url);
  g_free (request->delay_reason);
  g_free (request->dedupe_key);
  g_free (request);
}

SendRequest *
_sk_send_request_new (const char            *kind,
                  const SkMessageExtras *extras,
                  gboolean               again)
{
  SendRequest *request = g_new0 (SendRequest, 1);

  request->kind = g_strdup (kind);
  request->again = again;
  if (extras != NULL)
    {
      request->carrier = g_strdup (extras->carrier);
      request->tracking_number = g_strdup (extras->tracking_number);
      request->tracking_url = g_strdup (extras->tracking_url);
      request->delay_reason = g_strdup (extras->delay_reason);
      request->new_ship_date = extras->new_ship_date;
    }

  return request;
}

static char *
ui_language (void)
{
  const char * const *names = g_get_language_names ();
  char *language = names[0] != NULL ? sk_template_normalize_language (names[0]) : NULL;

  return language != NULL ? language : g_strdup (SK_TEMPLATE_SOURCE_LANGUAGE);
}

static char *
shop_language (SkDatabase *db)
{
  g_autofree char *stored = sk_shop_settings_get_string (db, SK_MESSAGES_LANGUAGE, NULL);
  char *language = sk_template_normalize_language (stored);

  return language != NULL ? language : ui_language ();
}

/* Locale data for formatting dates and money in @language, for this
 * thread only (uselocale): "de" → de_DE.UTF-8, or with the customer's
 * country where that locale exists. */
static locale_t
open_locale (const char *language,
             const char *country)
{
  static const char * const usual[][2] = {
    { "en", "en_US" }, { "da", "da_DK" }, { "el", "el_GR" }, { "cs", "cs_CZ" }, { "sv", "sv_SE" },
    { "nb", "nb_NO" }, { "uk", "uk_UA" }, { "ja", "ja_JP" }, { "ko", "ko_KR" }, { "zh", "zh_CN" },
    { "et", "et_EE" }, { "sl", "sl_SI" }, { "sr", "sr_RS" },
  };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int mask = LC_TIME_MASK | LC_MONETARY_MASK | LC_NUMERIC_MASK;

  if (country != NULL && strlen (country) == 2)
    g_ptr_array_add (names, g_strdup_printf ("%s_%c%c.UTF-8", language,
                                             g_ascii_toupper (country[0]), g_ascii_toupper (country[1])));
  {
    g_autofree char *upper = g_ascii_strup (language, -1);

    g_ptr_array_add (names, g_strdup_printf ("%s_%s.UTF-8", language, upper));
  }
  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    {
      if (strcmp (usual[i][0], language) == 0)
        g_ptr_array_add (names, g_strdup_printf ("%s.UTF-8", usual[i][1]));
    }

  for (guint i = 0; i < names->len; i++)
    {
      locale_t locale = newlocale (mask, g_ptr_array_index (names, i), (locale_t) 0);

      if (locale != (locale_t) 0)
        return locale;
    }

  return (locale_t) 0;
}

static gboolean
has_default (const char *kind,
             const char *language)
{
  g_autoptr(SkTemplate) tmpl = sk_template_get_default (kind, language);

  return tmpl != NULL;
}

static gboolean
has_template (SkDatabase *db,
              const char *kind,
              const char *language)
{
  g_autoptr(SkTemplate) stored = sk_messages_load_template (db, kind, language, NULL);

  return stored != NULL || has_default (kind, language);
}

SkTemplate *
_sk_messenger_find_template (SkDatabase  *db,
               const char  *kind,
               const char  *language,
               GError     **error)
{
  g_autofree char *shop = shop_language (db);
  const char *languages[] = { language, shop, SK_TEMPLATE_SOURCE_LANGUAGE };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(GError) local_error = NULL;
      SkTemplate *tmpl;

      if (languages[i] == NULL)
        continue;

      tmpl = sk_messages_load_template (db, kind, languages[i], &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (tmpl == NULL)
        tmpl = sk_template_get_default (kind, languages[i]);
      if (tmpl != NULL)
        return tmpl;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("There is no message template “%s”."), kind);
  return NULL;
}

char *
_sk_messenger_order_language (SkDatabase           *db,
                const SkOrderDetails *details,
                const char           *kind)
{
  const SkOrderRecord *order = details->order;
  const char *country = order->billing.country != NULL && *order->billing.country != '\0'
                        ? order->billing.country : order->shipping.country;
  const char *language = sk_template_language_for_country (country);

  /* The customer's language when the shop can write in it: a template of
   * its own, or a built-in one (English, and the language of the desk). */
  if (language != NULL && has_template (db, kind != NULL ? kind : SK_TEMPLATE_CONFIRMATION, language))
    return g_strdup (language);

  return shop_language (db);
}

static void
insert_value (GHashTable *values,
              const char *name,
              char       *value)
{
  g_hash_table_insert (values, (char *) name, value != NULL ? value : g_strdup (""));
}

static char *
newsletter_block (SkDatabase *db)
{
  g_autofree char *benefits = sk_shop_settings_get_string (db, SK_MESSAGES_NEWSLETTER_BENEFITS, "");
  g_autofree char *signup = sk_shop_settings_get_string (db, SK_MESSAGES_NEWSLETTER_URL, "");
  g_autofree char *privacy = sk_shop_settings_get_string (db, SK_SHOP_PRIVACY_URL, "");
  g_auto(GStrv) lines = g_strsplit (benefits, "\n", -1);
  GString *block = g_string_new (NULL);

  g_string_append (block, _("Would you like to hear from us now and then? Our newsletter brings you:"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_string_append_printf (block, "\n- %s", lines[i]);
    }
  if (*signup != '\0')
    {
      g_string_append_c (block, '\n');
      /* Translators: %s is the web address where customers sign up for the newsletter */
      g_string_append_printf (block, _("Sign up here: %s"), signup);
    }
  if (*privacy != '\0')
    {
      g_string_append_c (block, '\n');
      /* Translators: %s is the web address of the shop's privacy policy */
      g_string_append_printf (block, _("How we handle your data: %s"), privacy);
    }
  g_string_append_c (block, '\n');
  g_string_append (block, _("Not interested? Simply ignore this: you will only get the newsletter if you sign up."));

  return g_string_free (block, FALSE);
}

static char *
format_date (gint64 at)
{
  return at > 0 ? sk_time_format_date (at) : NULL;
}

/* Every placeholder's value for @details (NULL: sample values for a
 * preview), formatted for @language. */
GHashTable *
_sk_messenger_build_values (SkDatabase           *db,
              const SkOrderDetails *details,
              const SkOrderDesk    *desk,
              const SendRequest    *request,
              const char           *language)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const SkOrderRecord *order = details != NULL ? details->order : NULL;
  const char *country = order != NULL ? order->billing.country : NULL;
  locale_t locale = open_locale (language, country);
  locale_t previous = (locale_t) 0;
  g_autofree char *carrier = NULL;
  g_autofree char *number = NULL;
  g_autofree char *url = NULL;
  g_autofree char *reason = NULL;
  gint64 promise;
  gint64 new_date;

  if (locale != (locale_t) 0)
    previous = uselocale (locale);

  if (order != NULL)
    {
      const char *first = order->billing.first_name;

      if (first == NULL || *first == '\0')
        first = order->shipping.first_name;
      if (first == NULL || *first == '\0')
        first = details->customer_display_name;
      insert_value (values, "first_name", g_strdup (first != NULL && *first != '\0' ? first :
                                                    /* Translators: greets a customer whose name is not known, "Hello there," */
                                                    C_("greeting", "there")));
      insert_value (values, "last_name", g_strdup (order->billing.last_name != NULL && *order->billing.last_name != '\0'
                                                   ? order->billing.last_name : order->shipping.last_name));
      insert_value (values, "order_number", g_strdup (order->number != NULL && *order->number != '\0'
                                                      ? order->number : NULL));
      if (order->number == NULL || *order->number == '\0')
        g_hash_table_insert (values, (char *) "order_number", g_strdup_printf ("%lld", (long long) order->remote_id));
      insert_value (values, "order_date", format_date (order->date_created));
      insert_value (values, "order_total", sk_money_format (order->total, order->currency));
    }
  else
    {
      /* Translators: a sample first name for the template preview */
      insert_value (values, "first_name", g_strdup (_("Alex")));
      /* Translators: a sample last name for the template preview */
      insert_value (values, "last_name", g_strdup (_("Miller")));
      insert_value (values, "order_number", g_strdup ("1001"));
      insert_value (values, "order_date", format_date (sk_time_now_utc ()));
      insert_value (values, "order_total", sk_money_format (4990, "EUR"));
    }

  promise = request != NULL && request->old_promise > 0 ? request->old_promise
            : desk != NULL ? desk->promised_ship_at : (order == NULL ? sk_time_now_utc () + 2 * 86400 : 0);
  insert_value (values, "promised_ship_date", format_date (promise));

  carrier = g_strdup (request != NULL && request->carrier != NULL ? request->carrier
                      : desk != NULL ? desk->carrier : (order == NULL ? "DHL" : NULL));
  number = g_strdup (request != NULL && request->tracking_number != NULL ? request->tracking_number
                     : desk != NULL ? desk->tracking_number : (order == NULL ? "00340434161234567890" : NULL));
  if (request != NULL && request->tracking_url != NULL && *request->tracking_url != '\0')
    url = g_strdup (request->tracking_url);
  else if (desk != NULL && desk->tracking_url != NULL && *desk->tracking_url != '\0'
           && (request == NULL || request->tracking_number == NULL))
    url = g_strdup (desk->tracking_url);
  else
    url = sk_messenger_tracking_url (carrier, number);
  insert_value (values, "carrier", g_steal_pointer (&carrier));
  insert_value (values, "tracking_number", g_steal_pointer (&number));
  insert_value (values, "tracking_url", g_steal_pointer (&url));

  reason = g_strdup (request != NULL && request->delay_reason != NULL ? request->delay_reason
                     : desk != NULL ? desk->delayed_reason
                     /* Translators: a sample reason for a late order, in the template preview */
                     : (order == NULL ? _("The supplier delivered a part late.") : NULL));
  insert_value (values, "delay_reason", g_steal_pointer (&reason));
  new_date = request != NULL && request->new_ship_date > 0 ? request->new_ship_date
             : desk != NULL && desk->delayed_reason != NULL && *desk->delayed_reason != '\0' ? desk->promised_ship_at
             : (order == NULL ? sk_time_now_utc () + 5 * 86400 : 0);
  insert_value (values, "new_ship_date", format_date (new_date));

  insert_value (values, "shop_name", sk_shop_settings_get_string (db, SK_SHOP_NAME, ""));
  insert_value (values, "shop_phone", sk_shop_settings_get_string (db, SK_SHOP_PHONE, ""));
  insert_value (values, "shop_email", sk_shop_settings_get_string (db, SK_SHOP_EMAIL, ""));
  insert_value (values, "shop_url", sk_shop_settings_get_string (db, SK_SHOP_URL, ""));
  insert_value (values, "privacy_url", sk_shop_settings_get_string (db, SK_SHOP_PRIVACY_URL, ""));
  insert_value (values, "review_url", sk_shop_settings_get_string (db, SK_MESSAGES_REVIEW_URL, ""));

  if (sk_shop_settings_get_int (db, SK_MESSAGES_NEWSLETTER, 0) == 1
      && (request == NULL || strcmp (request->kind, SK_TEMPLATE_CONFIRMATION) == 0))
    insert_value (values, "newsletter_invitation", newsletter_block (db));

  if (locale != (locale_t) 0)
    {
      uselocale (previous);
      freelocale (locale);
    }

  return values;
}

/* Characters of the customer's name kept for the address and the log. */
#define SK_MESSENGER_MAX_NAME 200

char *
_sk_messenger_customer_name (const SkOrderRecord *order)
{
  const SkAddress *address = &order->billing;
  g_autofree char *name = NULL;

  name = g_strdup_printf ("%s %s", address->first_name != NULL ? address->first_name : "",
                          address->last_name != NULL ? address->last_name : "");
  /* The store's bytes: a name that is not UTF-8 would stop the message
   * from being composed at all, and every retry with it. */
  if (!g_utf8_validate (name, -1, NULL))
    {
      char *valid = g_utf8_make_valid (name, -1);

      g_free (name);
      name = valid;
    }

  g_strstrip (name);
  /* A name is a line of the mail's header and of the log, not a letter. */
  if (g_utf8_strlen (name, -1) > SK_MESSENGER_MAX_NAME)
    {
      char *cut = g_utf8_substring (name, 0, SK_MESSENGER_MAX_NAME);

      g_free (name);
      name = cut;
    }

  return g_steal_pointer (&name);
}
