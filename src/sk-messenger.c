/* sk-messenger.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-messenger"

#include "config.h"

#include "sk-messenger.h"

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

struct _SkMessenger
{
  GObject        parent_instance;

  /* Not owned: the context owns the messenger and outlives it. */
  SkContext     *context;
  SkSyncManager *sync_manager;
  gulong         syncing_handler;

  /* owned */
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (SkMessenger, sk_messenger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  const char *name;
  const char *url;   /* %s is the tracking number, escaped for a URL */
} Carrier;

static const Carrier carriers[] = {
  { "DHL",           "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id=%s" },
  { "Deutsche Post", "https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode=%s" },
  { "DPD",           "https://tracking.dpd.de/status/en_US/parcel/%s" },
  { "GLS",           "https://gls-group.com/track/%s" },
  { "Hermes",        "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#%s" },
  { "UPS",           "https://www.ups.com/track?tracknum=%s" },
  { "FedEx",         "https://www.fedex.com/fedextrack/?trknbr=%s" },
  { "USPS",          "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s" },
  { "Royal Mail",    "https://www.royalmail.com/track-your-item#/tracking-results/%s" },
  { "La Poste",      "https://www.laposte.fr/outils/suivre-vos-envois?code=%s" },
  { "PostNL",        "https://jouw.postnl.nl/track-and-trace/%s" },
  { "Canada Post",   "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=%s" },
};

static const char * const carrier_names[] = {
  "DHL", "Deutsche Post", "DPD", "GLS", "Hermes", "UPS", "FedEx", "USPS",
  "Royal Mail", "La Poste", "PostNL", "Canada Post", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (carriers) + 1 == G_N_ELEMENTS (carrier_names));

/* What one send needs besides the order. */
typedef struct
{
  char    *kind;
  char    *carrier;
  char    *tracking_number;
  char    *tracking_url;
  char    *delay_reason;
  gint64   new_ship_date;
  gboolean again;
  /* The delayed message names the promise it breaks, read before the
   * delay replaced it. */
  gint64   old_promise;
  char    *dedupe_key;
} SendRequest;

static void
send_request_free (SendRequest *request)
{
  g_free (request->kind);
  g_free (request->carrier);
  g_free (request->tracking_number);
  g_free (request->tracking_url);
  g_free (request->delay_reason);
  g_free (request->dedupe_key);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendRequest, send_request_free)

static SendRequest *
send_request_new (const char            *kind,
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

/* helpers */

static SkDatabase *
get_database (SkMessenger  *self,
              char        **out_store_url,
              GError      **error)
{
  return sk_context_get_writer (self->context, out_store_url, error);
}

static void
emit_changed (SkMessenger *self,
              gint64       order_id)
{
  g_signal_emit (self, signals[CHANGED], 0, order_id);
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

static SkTemplate *
find_template (SkDatabase  *db,
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

static char *
order_language (SkDatabase           *db,
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
static GHashTable *
build_values (SkDatabase           *db,
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

static char *
customer_name (const SkOrderRecord *order)
{
  const SkAddress *address = &order->billing;
  g_autofree char *name = NULL;

  name = g_strdup_printf ("%s %s", address->first_name != NULL ? address->first_name : "",
                          address->last_name != NULL ? address->last_name : "");

  return g_strstrip (g_steal_pointer (&name));
}

/* The SMTP settings as stored; the password is looked up separately. */
static SkSmtpConfig *
load_smtp_config (SkDatabase  *db,
                  char       **out_user,
                  GError     **error)
{
  g_autofree char *host = sk_shop_settings_get_string (db, SK_MESSAGES_SMTP_HOST, "");
  g_autofree char *security_text = sk_shop_settings_get_string (db, SK_MESSAGES_SMTP_SECURITY, "starttls");
  SkSmtpSecurity security = g_strcmp0 (security_text, "tls") == 0 ? SK_SMTP_TLS : SK_SMTP_STARTTLS;
  gint64 port = sk_shop_settings_get_int (db, SK_MESSAGES_SMTP_PORT, security == SK_SMTP_TLS ? 465 : 587);
  g_autoptr(SkSmtpConfig) config = NULL;

  g_strstrip (host);
  if (*host == '\0')
    {
      g_set_error_literal (error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID,
                           _("No mail server is set up. Enter it in Preferences → Messages, or send through the store."));
      return NULL;
    }

  config = sk_smtp_config_new (host, port > 0 && port <= 65535 ? (guint) port : 0, security);
  if (!sk_smtp_config_check (config, error))
    return NULL;

  *out_user = sk_shop_settings_get_string (db, SK_MESSAGES_SMTP_USER, "");
  g_strstrip (*out_user);

  return g_steal_pointer (&config);
}

/* One delivery of a recorded message, over SMTP. */
typedef struct
{
  gint64        message_id;
  gint64        order_id;
  char         *kind;
  char         *from;
  char         *to;
  GBytes       *data;
  SkSmtpConfig *config;
  char         *user;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  g_free (delivery->kind);
  g_free (delivery->from);
  g_free (delivery->to);
  g_clear_pointer (&delivery->data, g_bytes_unref);
  g_clear_pointer (&delivery->config, sk_smtp_config_free);
  g_free (delivery->user);
  g_free (delivery);
}

/* What a message sent (or queued in the outbox) means for the order. */
static void
after_sent (SkMessenger *self,
            SkDatabase  *db,
            gint64       order_id,
            const char  *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  gint64 now = sk_time_now_utc ();

  if (order_id <= 0)
    return;

  desk = sk_order_desk_load (db, order_id, &error);
  if (desk == NULL)
    {
      g_warning ("Cannot read the order desk of order %" G_GINT64_FORMAT ": %s", order_id, error->message);
      return;
    }

  if (kind != NULL && strcmp (kind, SK_TEMPLATE_CONFIRMATION) == 0 && desk->confirmed_at == 0
      && !sk_order_desk_mark_confirmed (db, order_id, now, &error))
    g_warning ("Cannot mark order %" G_GINT64_FORMAT " confirmed: %s", order_id, error->message);
  g_clear_error (&error);

  if (kind != NULL && strcmp (kind, SK_TEMPLATE_FOLLOW_UP) == 0 && desk->follow_up_sent_at == 0
      && !sk_order_desk_mark_followed_up (db, order_id, now, &error))
    g_warning ("Cannot mark order %" G_GINT64_FORMAT " followed up: %s", order_id, error->message);
  g_clear_error (&error);

  /* Any answer ends the customer's wait. */
  if (desk->awaiting_reply_since > 0 && !sk_order_desk_set_awaiting_reply (db, order_id, 0, &error))
    g_warning ("Cannot clear the wait of order %" G_GINT64_FORMAT ": %s", order_id, error->message);
}

static void
record_outcome (SkMessenger      *self,
                gint64            message_id,
                SkMessageOutcome  outcome,
                const char       *detail,
                gint64            outbox_id)
{
  g_autoptr(GError) error = NULL;
  SkDatabase *db = get_database (self, NULL, &error);

  if (db == NULL || !sk_messages_add_event (db, message_id, outcome, detail, outbox_id, &error))
    g_warning ("Cannot record what became of message %" G_GINT64_FORMAT ": %s", message_id, error->message);
}

static void
smtp_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SkMessenger *self = g_task_get_source_object (task);
  Delivery *delivery = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A test message is not about a customer: nothing to record. */
  if (delivery->message_id == 0)
    {
      if (sk_smtp_send_finish (result, &error))
        g_task_return_int (task, 0);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!sk_smtp_send_finish (result, &error))
    {
      record_outcome (self, delivery->message_id, SK_MESSAGE_FAILED, error->message, 0);
      emit_changed (self, delivery->order_id);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  record_outcome (self, delivery->message_id, SK_MESSAGE_SENT, NULL, 0);
  {
    SkDatabase *db = get_database (self, NULL, NULL);

    if (db != NULL)
      after_sent (self, db, delivery->order_id, delivery->kind);
  }
  emit_changed (self, delivery->order_id);
  g_task_return_int (task, delivery->message_id);
}

static void
smtp_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SkMessenger *self = g_task_get_source_object (task);
  Delivery *delivery = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password = sk_secrets_lookup_smtp_password_finish (result, &error);

  if (error != NULL)
    {
      record_outcome (self, delivery->message_id, SK_MESSAGE_FAILED, error->message, 0);
      emit_changed (self, delivery->order_id);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No password stored: try without; the server says whether it wants one. */
  sk_smtp_config_set_login (delivery->config, delivery->user, password != NULL ? password : "");
  sk_secrets_free_password (password);

  sk_smtp_send_async (delivery->config, delivery->from, delivery->to, delivery->data,
                      g_task_get_cancellable (task), smtp_sent_cb, g_object_ref (task));
}

/* Delivers @message (recorded, its latest state "queued") by its channel
 * and returns its id through @task. */
static void
deliver (SkMessenger     *self,
         SkDatabase      *db,
         const char      *store_url,
         const SkMessage *message,
         gint64           order_id,
         GTask           *task)
{
  g_autoptr(GError) error = NULL;

  if (strcmp (message->channel, SK_MESSAGE_CHANNEL_STORE) == 0)
    {
      g_autofree char *note = NULL;
      gint64 outbox_id;

      /* WooCommerce puts the note into its own "note added to your order"
       * e-mail; the subject leads it, as the customer would see it. */
      note = g_strdup_printf ("%s\n\n%s", message->subject, message->body_text);
      outbox_id = sk_context_queue_order_note (self->context, message->order_remote_id, note, TRUE, &error);
      if (outbox_id == 0)
        {
          record_outcome (self, message->id, SK_MESSAGE_FAILED, error->message, 0);
          emit_changed (self, order_id);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      record_outcome (self, message->id, SK_MESSAGE_QUEUED, NULL, outbox_id);
      after_sent (self, db, order_id, message->kind);
      emit_changed (self, order_id);
      g_task_return_int (task, message->id);
      return;
    }

  if (strcmp (message->channel, SK_MESSAGE_CHANNEL_SMTP) == 0)
    {
      g_autofree char *shop_name = sk_shop_settings_get_string (db, SK_SHOP_NAME, "");
      g_autofree char *shop_email = sk_shop_settings_get_string (db, SK_SHOP_EMAIL, "");
      SkMailMessage mail = { 0 };
      Delivery *delivery = g_new0 (Delivery, 1);

      g_task_set_task_data (task, delivery, (GDestroyNotify) delivery_free);
      delivery->message_id = message->id;
      delivery->order_id = order_id;
      delivery->kind = g_strdup (message->kind);
      delivery->config = load_smtp_config (db, &delivery->user, &error);

      if (delivery->config != NULL && !sk_mail_address_is_valid (g_strstrip (shop_email)))
        g_set_error_literal (&error, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                             _("The shop has no valid e-mail address to send from. Enter it in Preferences → Shop."));

      if (error == NULL)
        {
          mail.from_name = shop_name;
          mail.from_address = shop_email;
          mail.to_name = message->customer_name;
          mail.to_address = message->customer_email;
          mail.subject = message->subject;
          mail.text = message->body_text;
          mail.html = message->body_html;
          delivery->data = sk_mail_message_compose (&mail, NULL, &error);
        }

      if (error != NULL)
        {
          record_outcome (self, message->id, SK_MESSAGE_FAILED, error->message, 0);
          emit_changed (self, order_id);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      delivery->from = g_strdup (shop_email);
      delivery->to = g_strdup (message->customer_email);

      if (*delivery->user != '\0')
        sk_secrets_lookup_smtp_password_async (sk_smtp_config_get_host (delivery->config), delivery->user,
                                               g_task_get_cancellable (task), smtp_password_cb, g_object_ref (task));
      else
        sk_smtp_send_async (delivery->config, delivery->from, delivery->to, delivery->data,
                            g_task_get_cancellable (task), smtp_sent_cb, g_object_ref (task));
      return;
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Messages received by phone, e-mail or in person are not sent."));
}

static char *
dedupe_key_for (const SendRequest   *request,
                const SkOrderRecord *order)
{
  if (request->dedupe_key != NULL)
    return g_strdup (request->dedupe_key);

  return g_strdup_printf ("%s:%lld", request->kind, (long long) order->remote_id);
}

static void
retry_message (SkMessenger *self,
               SkDatabase  *db,
               const char  *store_url,
               SkMessage   *message,
               GTask       *task)
{
  g_autoptr(GError) error = NULL;

  if (!sk_messages_add_event (db, message->id, SK_MESSAGE_QUEUED, _("Sent again"), 0, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  deliver (self, db, store_url, message, message->order_id, task);
}

/* The whole send, up to the delivery. */
static void
start_send (SkMessenger *self,
            gint64       order_id,
            SendRequest *request,
            GTask       *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(SkTemplate) tmpl = NULL;
  g_autoptr(SkRenderedMessage) rendered = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(SkMessage) loaded = NULL;
  g_autofree char *store_url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *language = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  SkMessage message = { 0 };
  SkDatabase *db;
  gint64 existing;
  gint64 id;

  db = get_database (self, &store_url, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  details = sk_database_load_order_details (db, order_id, &error);
  if (details == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  key = dedupe_key_for (request, details->order);
  existing = sk_messages_find_dedupe_key (db, store_url, key, &error);
  if (existing < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (existing > 0)
    loaded = sk_messages_load (db, existing, &error);
  if (existing > 0 && loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Sent before: a failed attempt is simply delivered again; anything else
   * needs an explicit "Send Again", which files it under a new key. */
  if (loaded != NULL && loaded->outcome == SK_MESSAGE_FAILED && !request->again)
    {
      retry_message (self, db, store_url, loaded, task);
      return;
    }
  if (loaded != NULL && !request->again)
    {
      g_autofree char *when = sk_time_format_date_time (loaded->created_at);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               /* Translators: "Order Shipped" went to order 1042 on 3/1/2026 14:05 */
                               _("“%s” went to order %s on %s already. Use Send Again to send it once more."),
                               sk_template_kind_get_title (request->kind), details->order->number, when);
      return;
    }
  if (request->again)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_free (key);
      key = g_strdup_printf ("%s:%lld:again:%s", request->kind, (long long) details->order->remote_id, uuid);
    }

  email = g_strstrip (g_strdup (details->order->billing.email != NULL ? details->order->billing.email : ""));
  if (!sk_mail_address_is_valid (email))
    {
      g_task_return_new_error (task, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                               _("Order %s has no valid e-mail address to write to."), details->order->number);
      return;
    }

  desk = sk_order_desk_load (db, order_id, &error);
  if (desk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  language = order_language (db, details, request->kind);
  tmpl = find_template (db, request->kind, language, &error);
  if (tmpl == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  values = build_values (db, details, desk, request, tmpl->language);
  rendered = sk_template_render (tmpl, values);
  if (rendered->unknown[0] != NULL)
    {
      g_autofree char *names = g_strjoinv ("}, {", rendered->unknown);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* Translators: %s are placeholder names, e.g. "{frist_name}" */
                               _("The template “%s” uses placeholders Shopkeeper does not know: {%s}. Correct it in Preferences → Messages."),
                               sk_template_kind_get_title (request->kind), names);
      return;
    }

  channel = sk_shop_settings_get_string (db, SK_MESSAGES_CHANNEL, SK_MESSENGER_CHANNEL_STORE);
  if (strcmp (channel, SK_MESSENGER_CHANNEL_SMTP) != 0)
    {
      g_free (channel);
      channel = g_strdup (SK_MESSENGER_CHANNEL_STORE);
    }

  name = customer_name (details->order);
  message.order_remote_id = details->order->remote_id;
  message.order_number = details->order->number;
  message.customer_email = email;
  message.customer_name = name;
  message.direction = SK_MESSAGE_OUTBOUND;
  message.channel = channel;
  message.kind = request->kind;
  message.language = tmpl->language;
  message.subject = rendered->subject;
  message.body_text = rendered->text;
  message.body_html = rendered->html;
  message.dedupe_key = key;
  message.actor = (char *) sk_context_get_actor (self->context);

  id = sk_messages_record (db, store_url, &message, SK_MESSAGE_QUEUED, NULL, &error);
  if (id == 0)
    {
      if (g_error_matches (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_CONSTRAINT))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&loaded, sk_message_free);
  loaded = sk_messages_load (db, id, &error);
  if (loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  emit_changed (self, order_id);
  deliver (self, db, store_url, loaded, order_id, task);
}

/* callbacks */

static void
syncing_changed_cb (SkMessenger   *self,
                    GParamSpec    *pspec,
                    SkSyncManager *manager)
{
  gboolean syncing = FALSE;

  g_object_get (manager, "syncing", &syncing, NULL);
  if (!syncing)
    sk_messenger_reconcile (self);
}

/* overrides */

static void
sk_messenger_constructed (GObject *object)
{
  SkMessenger *self = SK_MESSENGER (object);

  G_OBJECT_CLASS (sk_messenger_parent_class)->constructed (object);

  g_assert (SK_IS_CONTEXT (self->context));

  /* After each sync the notes it pushed tell which store messages went. */
  self->sync_manager = sk_context_get_sync_manager (self->context);
  if (self->sync_manager != NULL)
    self->syncing_handler = g_signal_connect_object (self->sync_manager, "notify::syncing",
                                                     G_CALLBACK (syncing_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
}

static void
sk_messenger_dispose (GObject *object)
{
  SkMessenger *self = SK_MESSENGER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync_manager != NULL)
    g_clear_signal_handler (&self->syncing_handler, self->sync_manager);
  self->sync_manager = NULL;

  G_OBJECT_CLASS (sk_messenger_parent_class)->dispose (object);
}

static void
sk_messenger_finalize (GObject *object)
{
  SkMessenger *self = SK_MESSENGER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sk_messenger_parent_class)->finalize (object);
}

static void
sk_messenger_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SkMessenger *self = SK_MESSENGER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_messenger_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SkMessenger *self = SK_MESSENGER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* A plain pointer: the context owns us. */
      self->context = g_value_get_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_messenger_class_init (SkMessengerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_messenger_constructed;
  object_class->dispose = sk_messenger_dispose;
  object_class->finalize = sk_messenger_finalize;
  object_class->get_property = sk_messenger_get_property;
  object_class->set_property = sk_messenger_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SK_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sk_messenger_init (SkMessenger *self)
{
  self->cancellable = g_cancellable_new ();
}

/* public API */

const char * const *
sk_messenger_list_carriers (void)
{
  return carrier_names;
}

char *
sk_messenger_tracking_url (const char *carrier,
                           const char *number)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *escaped = NULL;

  if (carrier == NULL || number == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (number));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (carriers); i++)
    {
      if (g_ascii_strcasecmp (carriers[i].name, carrier) == 0)
        {
          g_auto(GStrv) parts = g_strsplit (carriers[i].url, "%s", 2);

          escaped = g_uri_escape_string (trimmed, NULL, FALSE);
          return g_strconcat (parts[0], escaped, parts[1], NULL);
        }
    }

  return NULL;
}

SkTemplate *
sk_messenger_get_template (SkMessenger  *self,
                           const char   *kind,
                           const char   *language,
                           GError      **error)
{
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  db = get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  return find_template (db, kind, language, error);
}

char *
sk_messenger_get_order_language (SkMessenger  *self,
                                 gint64        order_id,
                                 GError      **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);

  db = get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  details = sk_database_load_order_details (db, order_id, error);
  if (details == NULL)
    return NULL;

  return order_language (db, details, NULL);
}

SkRenderedMessage *
sk_messenger_render (SkMessenger           *self,
                     const SkTemplate      *tmpl,
                     gint64                 order_id,
                     const SkMessageExtras *extras,
                     GError               **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(SendRequest) request = NULL;
  g_autoptr(GHashTable) values = NULL;
  SkDatabase *db;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);
  g_return_val_if_fail (tmpl != NULL, NULL);

  db = get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  if (order_id == 0)
    {
      order_id = sk_messages_latest_order_id (db, error);
      if (order_id < 0)
        return NULL;
    }

  if (order_id > 0)
    {
      details = sk_database_load_order_details (db, order_id, error);
      if (details == NULL)
        return NULL;
      desk = sk_order_desk_load (db, order_id, error);
      if (desk == NULL)
        return NULL;
    }

  request = send_request_new (tmpl->kind, extras, FALSE);
  values = build_values (db, details, desk, extras != NULL || details == NULL ? request : NULL, tmpl->language);

  return sk_template_render (tmpl, values);
}

void
sk_messenger_send_async (SkMessenger           *self,
                         gint64                 order_id,
                         const char            *kind,
                         const SkMessageExtras *extras,
                         gboolean               again,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SendRequest) request = NULL;

  g_return_if_fail (SK_IS_MESSENGER (self));
  g_return_if_fail (kind != NULL && *kind != '\0');

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_send_async);

  request = send_request_new (kind, extras, again);
  start_send (self, order_id, request, task);
}

gint64
sk_messenger_send_finish (SkMessenger   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  gssize id;

  g_return_val_if_fail (SK_IS_MESSENGER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  /* g_task_propagate_int () gives -1 on error; the contract says 0. */
  id = g_task_propagate_int (G_TASK (result), error);

  return id > 0 ? id : 0;
}

void
sk_messenger_retry_async (SkMessenger         *self,
                          gint64               message_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMessage) message = NULL;
  g_autofree char *store_url = NULL;
  SkDatabase *db;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_retry_async);

  db = get_database (self, &store_url, &error);
  if (db != NULL)
    message = sk_messages_load (db, message_id, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (message->direction != SK_MESSAGE_OUTBOUND || message->outcome != SK_MESSAGE_FAILED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("Only a message that failed can be sent again this way."));
      return;
    }

  retry_message (self, db, store_url, message, task);
}

gboolean
sk_messenger_retry_finish (SkMessenger   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) > 0;
}

/* Work on several orders, one after the other. */
typedef enum
{
  BATCH_SHIP,
  BATCH_FOLLOW_UP,
} BatchKind;

typedef struct
{
  BatchKind  kind;
  GArray    *order_ids;
  GStrv      tracking_numbers;
  char      *carrier;
  guint      index;
  guint      n_done;
  GError    *first_error;
} Batch;

static void
batch_free (Batch *batch)
{
  g_array_unref (batch->order_ids);
  g_strfreev (batch->tracking_numbers);
  g_free (batch->carrier);
  g_clear_error (&batch->first_error);
  g_free (batch);
}

static void batch_next (GTask *task);

static void
batch_item_done (Batch  *batch,
                 GError *error)
{
  if (error == NULL)
    batch->n_done++;
  else if (batch->first_error == NULL)
    batch->first_error = error;
  else
    g_error_free (error);
}

static void
batch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  GError *error = NULL;

  sk_messenger_send_finish (SK_MESSENGER (object), result, &error);
  /* Sent before (the shop marked it shipped twice): nothing is missing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  batch_item_done (batch, error);

  batch->index++;
  batch_next (task);
}

static gboolean
ship_one (SkMessenger  *self,
          Batch        *batch,
          gint64        order_id,
          SendRequest  *request,
          GError      **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  SkDatabase *db = get_database (self, NULL, error);
  const char *number = NULL;
  g_autofree char *url = NULL;

  if (db == NULL)
    return FALSE;

  details = sk_database_load_order_details (db, order_id, error);
  if (details == NULL)
    return FALSE;

  if (batch->tracking_numbers != NULL && batch->index < g_strv_length (batch->tracking_numbers))
    number = batch->tracking_numbers[batch->index];
  if (number != NULL && *number == '\0')
    number = NULL;
  url = sk_messenger_tracking_url (batch->carrier, number);

  if (g_strcmp0 (details->order->status, "completed") != 0
      && sk_context_queue_order_status (self->context, details->order->remote_id, "completed", error) == 0)
    return FALSE;

  if (!sk_order_desk_mark_shipped (db, order_id, sk_time_now_utc (), batch->carrier, number, url, error))
    return FALSE;

  request->carrier = g_strdup (batch->carrier);
  request->tracking_number = g_strdup (number);
  request->tracking_url = g_strdup (url);

  return TRUE;
}

static void
batch_next (GTask *task)
{
  SkMessenger *self = g_task_get_source_object (task);
  Batch *batch = g_task_get_task_data (task);

  while (batch->index < batch->order_ids->len)
    {
      gint64 order_id = g_array_index (batch->order_ids, gint64, batch->index);
      g_autoptr(SendRequest) request = NULL;
      g_autoptr(GTask) item = NULL;
      GError *error = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;

      if (batch->kind == BATCH_SHIP)
        {
          request = send_request_new (SK_TEMPLATE_SHIPPED, NULL, FALSE);
          if (!ship_one (self, batch, order_id, request, &error))
            {
              batch_item_done (batch, error);
              batch->index++;
              continue;
            }
        }
      else
        request = send_request_new (SK_TEMPLATE_FOLLOW_UP, NULL, FALSE);

      emit_changed (self, order_id);
      item = g_task_new (self, g_task_get_cancellable (task), batch_sent_cb, g_object_ref (task));
      g_task_set_source_tag (item, sk_messenger_send_async);
      start_send (self, order_id, request, item);
      return;
    }

  if (batch->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&batch->first_error));
  else
    g_task_return_boolean (task, TRUE);
}

static GTask *
batch_task_new (SkMessenger         *self,
                BatchKind            kind,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  Batch *batch = g_new0 (Batch, 1);

  g_task_set_source_tag (task, source_tag);
  batch->kind = kind;
  batch->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);

  return task;
}

static gboolean
batch_finish (GAsyncResult  *result,
              guint         *out_n_done,
              GError       **error)
{
  Batch *batch = g_task_get_task_data (G_TASK (result));

  if (out_n_done != NULL)
    *out_n_done = batch->n_done;

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sk_messenger_mark_shipped_async (SkMessenger         *self,
                                 const gint64        *order_ids,
                                 guint                n_orders,
                                 const char          *carrier,
                                 const char * const  *tracking_numbers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;

  g_return_if_fail (SK_IS_MESSENGER (self));
  g_return_if_fail (order_ids != NULL || n_orders == 0);

  task = batch_task_new (self, BATCH_SHIP, sk_messenger_mark_shipped_async, cancellable, callback, user_data);
  batch = g_task_get_task_data (task);
  g_array_append_vals (batch->order_ids, order_ids, n_orders);
  batch->carrier = carrier != NULL ? g_strstrip (g_strdup (carrier)) : NULL;
  batch->tracking_numbers = g_strdupv ((GStrv) tracking_numbers);
  if (batch->tracking_numbers != NULL)
    {
      for (guint i = 0; batch->tracking_numbers[i] != NULL; i++)
        g_strstrip (batch->tracking_numbers[i]);
    }

  batch_next (g_steal_pointer (&task));
}

gboolean
sk_messenger_mark_shipped_finish (SkMessenger   *self,
                                  GAsyncResult  *result,
                                  guint         *out_n_done,
                                  GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return batch_finish (result, out_n_done, error);
}

void
sk_messenger_report_delay_async (SkMessenger         *self,
                                 gint64               order_id,
                                 const char          *reason,
                                 gint64               new_date,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(SkOrderDetails) details = NULL;
  g_autoptr(SendRequest) request = NULL;
  g_autofree char *trimmed = NULL;
  SkDatabase *db;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_report_delay_async);

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Say why the order is late: the customer reads it."));
      return;
    }

  db = get_database (self, NULL, &error);
  if (db != NULL)
    details = sk_database_load_order_details (db, order_id, &error);
  if (details != NULL)
    desk = sk_order_desk_load (db, order_id, &error);
  if (desk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!sk_order_desk_mark_delayed (db, order_id, trimmed, new_date, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  emit_changed (self, order_id);

  request = send_request_new (SK_TEMPLATE_DELAYED, NULL, FALSE);
  request->delay_reason = g_steal_pointer (&trimmed);
  request->new_ship_date = new_date;
  request->old_promise = desk->promised_ship_at;
  /* Each new date is news for the customer: its own message. */
  request->dedupe_key = g_strdup_printf ("%s:%lld:%lld", SK_TEMPLATE_DELAYED,
                                         (long long) details->order->remote_id, (long long) (new_date / 86400));
  start_send (self, order_id, request, g_steal_pointer (&task));
}

gboolean
sk_messenger_report_delay_finish (SkMessenger   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_int (G_TASK (result), error) > 0;
}

GArray *
sk_messenger_list_follow_ups_due (SkMessenger  *self,
                                  GError      **error)
{
  SkDatabase *db;
  gint64 days;

  g_return_val_if_fail (SK_IS_MESSENGER (self), NULL);

  db = get_database (self, NULL, error);
  if (db == NULL)
    return NULL;

  days = sk_shop_settings_get_int (db, SK_SETTING_FOLLOW_UP_DAYS, SK_DESK_DEFAULT_FOLLOW_UP_DAYS);
  days = CLAMP (days, 0, SK_DESK_MAX_FOLLOW_UP_DAYS);

  return sk_order_desk_list_follow_ups_due (db, sk_time_now_utc (), (guint) days, error);
}

void
sk_messenger_send_follow_ups_async (SkMessenger         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GArray) due = NULL;
  GError *error = NULL;
  Batch *batch;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = batch_task_new (self, BATCH_FOLLOW_UP, sk_messenger_send_follow_ups_async, cancellable, callback, user_data);
  due = sk_messenger_list_follow_ups_due (self, &error);
  if (due == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  batch = g_task_get_task_data (task);
  g_array_append_vals (batch->order_ids, due->data, due->len);
  batch_next (g_steal_pointer (&task));
}

gboolean
sk_messenger_send_follow_ups_finish (SkMessenger   *self,
                                     GAsyncResult  *result,
                                     guint         *out_n_sent,
                                     GError       **error)
{
  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return batch_finish (result, out_n_sent, error);
}

gint64
sk_messenger_log_inbound (SkMessenger  *self,
                          gint64        order_id,
                          const char   *channel,
                          const char   *text,
                          gint64        at,
                          GError      **error)
{
  g_autoptr(SkOrderDetails) details = NULL;
  g_autofree char *store_url = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *name = NULL;
  SkMessage message = { 0 };
  SkDatabase *db;
  gint64 id;

  g_return_val_if_fail (SK_IS_MESSENGER (self), 0);
  g_return_val_if_fail (channel != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (strcmp (channel, SK_MESSAGE_CHANNEL_PHONE) != 0 && strcmp (channel, SK_MESSAGE_CHANNEL_EMAIL) != 0
      && strcmp (channel, SK_MESSAGE_CHANNEL_IN_PERSON) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Say how the customer got in touch: by phone, by e-mail or in person."));
      return 0;
    }

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Write down what the customer said."));
      return 0;
    }

  db = get_database (self, &store_url, error);
  if (db == NULL)
    return 0;

  details = sk_database_load_order_details (db, order_id, error);
  if (details == NULL)
    return 0;

  name = customer_name (details->order);
  message.order_remote_id = details->order->remote_id;
  message.order_number = details->order->number;
  message.customer_email = details->order->billing.email;
  message.customer_name = name;
  message.direction = SK_MESSAGE_INBOUND;
  message.channel = (char *) channel;
  message.body_text = trimmed;
  message.created_at = at > 0 ? at : sk_time_now_utc ();
  message.actor = (char *) sk_context_get_actor (self->context);

  id = sk_messages_record (db, store_url, &message, SK_MESSAGE_RECEIVED, NULL, error);
  if (id == 0)
    return 0;

  if (!sk_order_desk_set_awaiting_reply (db, order_id, message.created_at, error))
    return 0;

  emit_changed (self, order_id);

  return id;
}

void
sk_messenger_reconcile (SkMessenger *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_url = NULL;
  SkDatabase *db;
  int n;

  g_return_if_fail (SK_IS_MESSENGER (self));

  if (!sk_context_has_store (self->context))
    return;

  db = get_database (self, &store_url, &error);
  if (db == NULL)
    {
      g_warning ("Cannot check the messages sent through the store: %s", error->message);
      return;
    }

  n = sk_messages_reconcile_outbox (db, store_url, &error);
  if (n < 0)
    g_warning ("Cannot check the messages sent through the store: %s", error->message);
  else if (n > 0)
    emit_changed (self, 0);
}

static void
test_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Delivery *delivery = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password = sk_secrets_lookup_smtp_password_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sk_smtp_config_set_login (delivery->config, delivery->user, password != NULL ? password : "");
  sk_secrets_free_password (password);
  sk_smtp_send_async (delivery->config, delivery->from, delivery->to, delivery->data,
                      g_task_get_cancellable (task), smtp_sent_cb, g_object_ref (task));
}

void
sk_messenger_send_test_async (SkMessenger         *self,
                              const char          *to,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shop_name = NULL;
  g_autofree char *shop_email = NULL;
  SkMailMessage mail = { 0 };
  Delivery *delivery;
  SkDatabase *db;

  g_return_if_fail (SK_IS_MESSENGER (self));

  task = g_task_new (self, cancellable != NULL ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_messenger_send_test_async);
  delivery = g_new0 (Delivery, 1);
  g_task_set_task_data (task, delivery, (GDestroyNotify) delivery_free);

  db = get_database (self, NULL, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  delivery->config = load_smtp_config (db, &delivery->user, &error);
  if (delivery->config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  shop_name = sk_shop_settings_get_string (db, SK_SHOP_NAME, "");
  shop_email = g_strstrip (sk_shop_settings_get_string (db, SK_SHOP_EMAIL, ""));
  if (!sk_mail_address_is_valid (shop_email))
    {
      g_task_return_new_error (task, SK_MAIL_ERROR, SK_MAIL_ERROR_INVALID_ADDRESS,
                               _("The shop has no valid e-mail address to send from. Enter it in Preferences → Shop."));
      return;
    }

  mail.from_name = shop_name;
  mail.from_address = shop_email;
  mail.to_address = to != NULL && *to != '\0' ? to : shop_email;
  mail.subject = _("Test message from Shopkeeper");
  mail.text = _("This is a test message from Shopkeeper. Messages to your customers can be sent through this mail server.");
  delivery->data = sk_mail_message_compose (&mail, NULL, &error);
  if (delivery->data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  delivery->from = g_strdup (shop_email);
  delivery->to = g_strdup (mail.to_address);

  if (*delivery->user != '\0')
    sk_secrets_lookup_smtp_password_async (sk_smtp_config_get_host (delivery->config), delivery->user,
                                           g_task_get_cancellable (task), test_password_cb, g_object_ref (task));
  else
    sk_smtp_send_async (delivery->config, delivery->from, delivery->to, delivery->data,
                        g_task_get_cancellable (task), smtp_sent_cb, g_object_ref (task));
}

gboolean
sk_messenger_send_test_finish (SkMessenger   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (SK_IS_MESSENGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}
