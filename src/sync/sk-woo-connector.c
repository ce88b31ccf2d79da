/* sk-woo-connector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-woo-connector"

#include "config.h"

#include "sk-woo-connector.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sk-json.h"
#include "sk-oauth.h"
#include "sk-records.h"
#include "sk-soup.h"
#include "sk-sync-manager.h"
#include "sk-time.h"
#include "sk-woo-json.h"

/* Tries in all for a server error or a network failure. */
#define MAX_ATTEMPTS           3
/* Tries in all when the store says it is busy (429, 503). */
#define MAX_BUSY_ATTEMPTS      4
/* Retry-After is honoured up to this; a store asking for more is treated
 * as unavailable rather than keeping the sync waiting for an hour. */
#define MAX_RETRY_AFTER_S      60
/* First back-off; doubled for each further attempt. */
#define BACKOFF_MS             500

/* Only what Shopkeeper stores: on real stores this makes pages about four
 * times cheaper to build and send. "id" is always sent anyway. */
static const char order_fields[] =
  "id,parent_id,number,order_key,status,currency,date_created_gmt,date_modified_gmt,"
  "date_paid_gmt,date_completed_gmt,customer_id,customer_note,payment_method,"
  "payment_method_title,discount_total,shipping_total,total_tax,total,billing,"
  "shipping,line_items,refunds";
static const char customer_fields[] =
  "id,date_created_gmt,date_modified_gmt,email,first_name,last_name,username,billing,shipping";
static const char product_fields[] =
  "id,date_created_gmt,date_modified_gmt,name,slug,sku,status,price,regular_price,"
  "featured,stock_quantity,stock_status,categories";
/* The coupons table keeps no more than these (see 004-sync.sql). */
static const char coupon_fields[] =
  "id,code,amount,discount_type,date_created_gmt,date_modified_gmt,date_expires_gmt,"
  "usage_count,usage_limit,usage_limit_per_user,individual_use,email_restrictions";
static const char note_fields[] =
  "id,author,date_created_gmt,note,customer_note";

struct _SkWooConnector
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *store_uri;
  char        *base_path;      /* store path without trailing slash + "/wp-json/wc/v3/" */
  char        *auth_header;    /* "Basic …": secret, wiped on finalize */
  /* Plain http:// (loopback only): requests are also signed with OAuth
   * 1.0a, the only authentication WooCommerce accepts without TLS. */
  char        *oauth_key;
  char        *oauth_secret;   /* wiped on finalize */
  /* The store's clock minus ours, learnt from its Date header when it
   * refused an OAuth timestamp (they must be within 15 minutes of the
   * store's time). */
  gint64       clock_offset;
  char        *currency;
};

typedef enum
{
  REQUEST_PAGE,
  REQUEST_NOTES,
  REQUEST_REFUNDS,
  REQUEST_CURRENCY,            /* /data/currencies/current */
  REQUEST_CURRENCY_FROM_ORDERS,
  REQUEST_IDS,
  REQUEST_EXISTS,
  REQUEST_SEND,                /* a write, sent once, any answer returned */
} RequestKind;

typedef struct
{
  RequestKind  kind;
  SkResource   resource;
  guint        page;
  gint64       order_id;
  guint        attempt;
  gboolean     clock_retried;  /* sent again once with the store's clock */
  GUri        *uri;
  SoupMessage *message;
  char        *currency;       /* for parsing products */
  GBytes      *body;
  gint64       total;
  gint64       total_pages;
  GSource     *wait_source;
  GSource     *cancel_source;
  char        *method;         /* REQUEST_SEND */
  GBytes      *request_body;
} Request;

static void sk_woo_connector_iface_init (SkConnectorInterface *iface);
static void send_request                (GTask *task);

G_DEFINE_FINAL_TYPE_WITH_CODE (SkWooConnector, sk_woo_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SK_TYPE_CONNECTOR, sk_woo_connector_iface_init))

static void
request_free (Request *request)
{
  if (request->wait_source != NULL)
    g_source_destroy (request->wait_source);
  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);
  g_clear_pointer (&request->wait_source, g_source_unref);
  g_clear_pointer (&request->cancel_source, g_source_unref);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_object (&request->message);
  g_clear_pointer (&request->currency, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->request_body, g_bytes_unref);
  g_clear_pointer (&request->method, g_free);
  g_free (request);
}

static const char *
resource_endpoint (SkResource resource)
{
  switch (resource)
    {
    case SK_RESOURCE_ORDERS:
      return "orders";
    case SK_RESOURCE_CUSTOMERS:
      return "customers";
    case SK_RESOURCE_PRODUCTS:
      return "products";
    case SK_RESOURCE_COUPONS:
      return "coupons";
    default:
      g_return_val_if_reached ("orders");
    }
}

static const char *
resource_fields (SkResource resource)
{
  switch (resource)
    {
    case SK_RESOURCE_ORDERS:
      return order_fields;
    case SK_RESOURCE_CUSTOMERS:
      return customer_fields;
    case SK_RESOURCE_PRODUCTS:
      return product_fields;
    case SK_RESOURCE_COUPONS:
      return coupon_fields;
    default:
      g_return_val_if_reached (order_fields);
    }
}

static GUri *
build_uri (SkWooConnector *self,
           const char     *endpoint,
           const char     *query)
{
  g_autofree char *path = g_strconcat (self->base_path, endpoint, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (self->store_uri),
                      NULL,
                      g_uri_get_host (self->store_uri),
                      g_uri_get_port (self->store_uri),
                      path,
                      query,
                      NULL);
}

static GUri *
build_list_uri (SkWooConnector *self,
                SkResource      resource,
                guint           page,
                gint64          modified_after,
                gboolean        ids_only)
{
  g_autoptr(GString) query = g_string_new (NULL);

  /* Ordered by id so that records created during the scan land on later
   * pages instead of shifting the ones still to come. */
  g_string_append_printf (query, "per_page=%u&page=%u&orderby=id&order=asc&_fields=%s",
                          SK_CONNECTOR_PAGE_SIZE, page, ids_only ? "id" : resource_fields (resource));

  /* modified_after exists on orders, products and coupons only; with
   * dates_are_gmt it is read as UTC, like the *_gmt fields we keep. */
  if (modified_after > 0 && resource != SK_RESOURCE_CUSTOMERS)
    {
      g_autofree char *since = sk_time_to_iso8601_utc (modified_after);

      g_string_append_printf (query, "&modified_after=%s&dates_are_gmt=true", since);
    }

  return build_uri (self, resource_endpoint (resource), query->str);
}

/* [{"id": 1}, {"id": 2}…] → gint64 ids; anything else is malformed. */
static GArray *
parse_ids (GBytes  *body,
           GError **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  const SkJsonNode *root;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  doc = sk_json_doc_parse (data, size, SK_JSON_DEFAULT_MAX_DEPTH, NULL, &local_error);
  if (doc == NULL)
    {
      /* Translators: %s is a technical detail */
      g_set_error (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                   _("The store’s answer was cut off or damaged (%s). Try again; if it keeps happening, the store or a plugin on it may be failing."),
                   local_error->message);
      return NULL;
    }

  root = sk_json_doc_get_root (doc);
  if (sk_json_node_get_type (root) != SK_JSON_ARRAY)
    goto malformed;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), sk_json_node_get_length (root));
  for (guint i = 0; i < sk_json_node_get_length (root); i++)
    {
      const SkJsonNode *id_node = sk_json_node_get_member (sk_json_node_get_child (root, i), "id");
      gint64 id;

      if (id_node == NULL || !sk_json_node_get_int64 (id_node, &id) || id <= 0)
        goto malformed;
      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);

malformed:
  g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                       _("The store sent a list of records without valid ids. Try again; if it keeps happening, a plugin on the store may be changing its answers."));
  return NULL;
}

/* {"id": 1, "status": "…"}: whether the record is there and not trashed. */
static gboolean
parse_exists (GBytes    *body,
              gboolean  *out_exists,
              GError   **error)
{
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *root;
  const SkJsonNode *status;
  gint64 id;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  doc = sk_json_doc_parse (data, size, SK_JSON_DEFAULT_MAX_DEPTH, NULL, NULL);
  root = doc != NULL ? sk_json_doc_get_root (doc) : NULL;
  if (root == NULL || sk_json_node_get_type (root) != SK_JSON_OBJECT ||
      !sk_json_node_get_int64 (sk_json_node_get_member (root, "id"), &id))
    {
      g_set_error_literal (error, SK_SYNC_ERROR, SK_SYNC_ERROR_MALFORMED,
                           _("The store’s answer was cut off or damaged. Try again; if it keeps happening, the store or a plugin on it may be failing."));
      return FALSE;
    }

  status = sk_json_node_get_member (root, "status");
  *out_exists = status == NULL || g_strcmp0 (sk_json_node_get_string (status, NULL), "trash") != 0;

  return TRUE;
}

static void
task_return_sync_error (GTask       *task,
                        SkSyncError  code,
                        const char  *message)
{
  g_task_return_new_error (task, SK_SYNC_ERROR, code, "%s", message);
}

/* Maps a failure of the transfer itself (no HTTP status) to what a shop
 * owner can act on. */
static void
return_transport_error (GTask        *task,
                        const GError *error)
{
  SkWooConnector *self = g_task_get_source_object (task);
  const char *host = g_uri_get_host (self->store_uri);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      task_return_sync_error (task, SK_SYNC_ERROR_TIMEOUT,
                              _("The store took too long to answer. Try again later; if it keeps happening, the store may be overloaded."));
      return;
    }

  if (error->domain == G_TLS_ERROR)
    {
      /* Translators: %s is a technical detail */
      message = g_strdup_printf (_("The store’s secure connection could not be trusted (%s). Check the address; the store’s certificate may be invalid or expired."),
                                 error->message);
      task_return_sync_error (task, SK_SYNC_ERROR_TLS, message);
      return;
    }

  /* Headers came, then the body stopped short: the answer is cut off.
   * Closed before any answer is a network failure like any other. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
      soup_message_get_status (((Request *) g_task_get_task_data (task))->message) != SOUP_STATUS_NONE)
    {
      task_return_sync_error (task, SK_SYNC_ERROR_MALFORMED,
                              _("The store’s answer was cut off or damaged. Try again; if it keeps happening, the store or a plugin on it may be failing."));
      return;
    }

  /* Translators: the first %s is a host name, the second a technical detail */
  message = g_strdup_printf (_("Cannot reach the store at %s (%s). Check the internet connection and the address."),
                             host, error->message);
  task_return_sync_error (task, SK_SYNC_ERROR_NETWORK, message);
}

static gboolean
transport_error_is_transient (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return FALSE;

  /* A timeout already waited the full timeout: trying again would make the
   * user wait several times as long to hear the store is too slow. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return FALSE;

  return TRUE;
}

static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  g_autofree char *stripped = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan span;

  if (value == NULL)
    return 0;

  /* Either delay-seconds or an HTTP date (RFC 9110, 10.2.3). */
  stripped = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) MIN (seconds, (guint64) MAX_RETRY_AFTER_S);

  when = soup_date_time_new_from_http_string (stripped);
  if (when == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;

  return (guint) CLAMP (span, 0, MAX_RETRY_AFTER_S);
}

static gboolean
retry_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  /* Whichever of the two sources fires first ends the wait. */
  g_source_destroy (request->wait_source);
  g_clear_pointer (&request->wait_source, g_source_unref);
  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);
  g_clear_pointer (&request->cancel_source, g_source_unref);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  send_request (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
retry_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  return retry_wait_done_cb (user_data);
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_task_get_context (task);

  g_debug ("Retrying %s in %u ms (attempt %u)", g_uri_get_path (request->uri), delay_ms, request->attempt + 1);

  /* One reference for the wait, dropped by whichever source fires. */
  g_object_ref (task);

  request->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (request->wait_source, retry_wait_done_cb, task, NULL);
  g_source_set_static_name (request->wait_source, "[sk-woo-connector] retry");
  g_source_attach (request->wait_source, context);

  /* A cancelled sync must not sit out a Retry-After of a minute. */
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (retry_cancelled_cb), task, NULL);
      g_source_attach (request->cancel_source, context);
    }
}

static guint
backoff_ms (guint attempt)
{
  /* 0.5 s, 1 s, 2 s… with a little jitter so parallel requests that failed
   * together do not all come back at the same instant. */
  return (BACKOFF_MS << MIN (attempt - 1, 6)) + g_random_int_range (0, BACKOFF_MS / 2);
}

static gint64
parse_count_header (SoupMessage *message,
                    const char  *name)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), name);
  guint64 count;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &count, NULL))
    return -1;

  return (gint64) count;
}

static gint64
max_modified (SkResource  resource,
              GPtrArray  *records)
{
  gint64 max = 0;

  for (guint i = 0; i < records->len; i++)
    {
      gint64 modified;

      switch (resource)
        {
        case SK_RESOURCE_ORDERS:
          modified = ((SkOrderRecord *) records->pdata[i])->date_modified;
          break;
        case SK_RESOURCE_CUSTOMERS:
          modified = ((SkCustomerRecord *) records->pdata[i])->date_modified;
          break;
        case SK_RESOURCE_PRODUCTS:
          modified = ((SkProductRecord *) records->pdata[i])->date_modified;
          break;
        case SK_RESOURCE_COUPONS:
          modified = ((SkCouponRecord *) records->pdata[i])->date_modified;
          break;
        default:
          g_assert_not_reached ();
        }

      max = MAX (max, modified);
    }

  return max;
}

/* Runs on a pool thread: the mapping is pure, so pages are parsed while
 * the sync thread is busy writing the previous ones. */
static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GError) error = NULL;

  switch (request->kind)
    {
    case REQUEST_PAGE:
      {
        g_autoptr(SkConnectorPage) page = g_new0 (SkConnectorPage, 1);

        page->resource = request->resource;
        page->page = request->page;
        page->total = request->total;
        page->total_pages = request->total_pages;

        switch (request->resource)
          {
          case SK_RESOURCE_ORDERS:
            page->records = sk_woo_json_parse_orders (request->body, &error);
            break;
          case SK_RESOURCE_CUSTOMERS:
            page->records = sk_woo_json_parse_customers (request->body, &error);
            break;
          case SK_RESOURCE_PRODUCTS:
            page->records = sk_woo_json_parse_products (request->body, request->currency, &error);
            break;
          case SK_RESOURCE_COUPONS:
            page->records = sk_woo_json_parse_coupons (request->body, request->currency, &error);
            break;
          default:
            g_assert_not_reached ();
          }

        if (page->records == NULL)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }

        page->max_modified = max_modified (request->resource, page->records);
        g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) sk_connector_page_free);
      }
      break;

    case REQUEST_NOTES:
      {
        GPtrArray *notes = sk_woo_json_parse_order_notes (request->body, &error);

        if (notes == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, notes, (GDestroyNotify) g_ptr_array_unref);
      }
      break;

    case REQUEST_REFUNDS:
      {
        GPtrArray *refunds = sk_woo_json_parse_order_refunds (request->body, request->currency, &error);

        if (refunds == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, refunds, (GDestroyNotify) g_ptr_array_unref);
      }
      break;

    case REQUEST_IDS:
      {
        g_autoptr(SkConnectorIdPage) page = g_new0 (SkConnectorIdPage, 1);

        page->resource = request->resource;
        page->page = request->page;
        page->total = request->total;
        page->total_pages = request->total_pages;
        page->ids = parse_ids (request->body, &error);
        if (page->ids == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) sk_connector_id_page_free);
      }
      break;

    case REQUEST_CURRENCY:
    case REQUEST_CURRENCY_FROM_ORDERS:
    case REQUEST_EXISTS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
content_is_json (SoupMessage *message,
                 GBytes      *body)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  const char *data;
  gsize size = 0;

  if (type != NULL)
    return strstr (type, "json") != NULL;

  /* No Content-Type: a web page starts with '<', JSON never does. */
  data = g_bytes_get_data (body, &size);
  for (gsize i = 0; i < size; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return data[i] != '<';
    }

  return TRUE;
}

static void
handle_success (GTask *task)
{
  SkWooConnector *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;

  if (!content_is_json (request->message, request->body))
    {
      task_return_sync_error (task, SK_SYNC_ERROR_NOT_A_STORE,
                              _("This address does not look like a WooCommerce store: it answered with a web page instead of store data. Check the address."));
      return;
    }

  switch (request->kind)
    {
    case REQUEST_PAGE:
      request->total = parse_count_header (request->message, "X-WP-Total");
      request->total_pages = parse_count_header (request->message, "X-WP-TotalPages");
      g_task_run_in_thread (task, parse_thread);
      break;

    case REQUEST_NOTES:
    case REQUEST_REFUNDS:
      /* Small (a few notes): a thread hop would cost more than the parse. */
      parse_thread (task, self, request, NULL);
      break;

    case REQUEST_IDS:
      /* 100 ids: a thread hop would cost more than the parse. */
      request->total = parse_count_header (request->message, "X-WP-Total");
      request->total_pages = parse_count_header (request->message, "X-WP-TotalPages");
      parse_thread (task, self, request, NULL);
      break;

    case REQUEST_EXISTS:
      {
        gboolean exists = FALSE;

        if (!parse_exists (request->body, &exists, &error))
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_int (task, exists ? 1 : 0);
      }
      break;

    case REQUEST_CURRENCY:
    case REQUEST_CURRENCY_FROM_ORDERS:
      if (!sk_woo_json_parse_currency (request->body, &currency, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_free (self->currency);
      self->currency = g_steal_pointer (&currency);
      g_task_return_boolean (task, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
handle_status (GTask *task,
               guint  status)
{
  SkWooConnector *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *code = NULL;
  g_autofree char *store_message = NULL;
  g_autofree char *message = NULL;
  guint retry_after;

  sk_woo_json_parse_error (request->body, &code, &store_message);

  if (status == SOUP_STATUS_UNAUTHORIZED && self->oauth_key != NULL && !request->clock_retried)
    {
      const char *date = soup_message_headers_get_one (soup_message_get_response_headers (request->message), "Date");
      g_autoptr(GDateTime) store_now = date != NULL ? soup_date_time_new_from_http_string (date) : NULL;

      /* A store whose clock is far from ours refuses our timestamps: sign
       * with its time instead, once per request. */
      if (store_now != NULL)
        {
          gint64 offset = g_date_time_to_unix (store_now) - sk_time_now_utc ();

          if (ABS (offset - self->clock_offset) > 60)
            {
              g_debug ("The store's clock is %" G_GINT64_FORMAT " s from ours", offset);
              self->clock_offset = offset;
              request->clock_retried = TRUE;
              request->attempt--;
              send_request (task);
              return;
            }
        }
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      task_return_sync_error (task, SK_SYNC_ERROR_UNAUTHORIZED,
                              _("The store refused the key and secret. Check them in WooCommerce › Settings › Advanced › REST API, and that the key may read."));
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      if (request->kind == REQUEST_NOTES && g_strcmp0 (code, "woocommerce_rest_shop_order_invalid_id") == 0)
        {
          /* The order was deleted since it was listed: it has no notes. */
          g_task_return_pointer (task,
                                 g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_note_record_free),
                                 (GDestroyNotify) g_ptr_array_unref);
          return;
        }

      /* WooCommerce answers woocommerce_rest_order_invalid_id here. */
      if (request->kind == REQUEST_REFUNDS && code != NULL && g_str_has_suffix (code, "invalid_id"))
        {
          g_task_return_pointer (task,
                                 g_ptr_array_new_with_free_func ((GDestroyNotify) sk_refund_record_free),
                                 (GDestroyNotify) g_ptr_array_unref);
          return;
        }

      /* WooCommerce's answer for an id it does not have, e.g.
       * woocommerce_rest_shop_order_invalid_id or woocommerce_rest_invalid_id;
       * a missing route (rest_no_route) means something else entirely. */
      if (request->kind == REQUEST_EXISTS && code != NULL && g_str_has_suffix (code, "invalid_id"))
        {
          g_task_return_int (task, 0);
          return;
        }

      if (request->kind == REQUEST_CURRENCY && code != NULL)
        {
          /* A WooCommerce older than 3.5 has no /data endpoints: learn the
           * currency from the newest order instead. */
          request->kind = REQUEST_CURRENCY_FROM_ORDERS;
          request->attempt = 0;
          g_clear_pointer (&request->uri, g_uri_unref);
          request->uri = build_uri (self, "orders", "per_page=1&orderby=id&order=desc&_fields=id,currency");
          send_request (task);
          return;
        }

      task_return_sync_error (task, SK_SYNC_ERROR_NOT_A_STORE,
                              _("This address does not look like a WooCommerce store (the store API was not found). Check the address, and that WooCommerce is active with pretty permalinks."));
      return;
    }

  if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      if (request->attempt < MAX_BUSY_ATTEMPTS)
        {
          retry_after = parse_retry_after (request->message);
          schedule_retry (task, retry_after > 0 ? retry_after * 1000 : backoff_ms (request->attempt));
          return;
        }

      /* Translators: %u is an HTTP status code like 429 */
      message = g_strdup_printf (_("The store is busy or limiting requests (HTTP %u). Try again in a few minutes."), status);
      task_return_sync_error (task, SK_SYNC_ERROR_RATE_LIMITED, message);
      return;
    }

  if (status >= 500)
    {
      if (request->attempt < MAX_ATTEMPTS)
        {
          schedule_retry (task, backoff_ms (request->attempt));
          return;
        }

      /* Translators: %u is an HTTP status code like 500 */
      message = g_strdup_printf (_("The store had an internal error (HTTP %u). Try again later; if it keeps happening, look at the store’s error log."), status);
      task_return_sync_error (task, SK_SYNC_ERROR_SERVER, message);
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (request->message), "Location");
      g_autoptr(GUri) target = location != NULL ? g_uri_parse_relative (request->uri, location, G_URI_FLAGS_ENCODED, NULL) : NULL;

      /* Redirects are not followed: the credentials must only ever go to
       * the address the user gave. Tell them where the store moved. */
      if (target != NULL)
        /* Translators: %s is a host name */
        message = g_strdup_printf (_("The store answered from another address (%s://%s). Use that address for the store."),
                                   g_uri_get_scheme (target), g_uri_get_host (target));
      else
        message = g_strdup (_("The store answered from another address. Check the address of the store."));
      task_return_sync_error (task, SK_SYNC_ERROR_NOT_A_STORE, message);
      return;
    }

  /* 400 and the like: the store understood the request and refused it. */
  if (store_message != NULL && *store_message != '\0')
    /* Translators: %u is an HTTP status code, %s the store's own explanation */
    message = g_strdup_printf (_("The store refused the request (HTTP %u: %s)."), status, store_message);
  else
    message = g_strdup_printf (_("The store refused the request (HTTP %u)."), status);
  task_return_sync_error (task, SK_SYNC_ERROR_SERVER, message);
}

static void
send_and_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (request->body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("%s failed: %s", g_uri_get_path (request->uri), error->message);

      if (request->kind != REQUEST_SEND &&
          transport_error_is_transient (error) && request->attempt < MAX_ATTEMPTS)
        {
          schedule_retry (task, backoff_ms (request->attempt));
          return;
        }

      return_transport_error (task, error);
      return;
    }

  status = soup_message_get_status (request->message);
  if (request->kind == REQUEST_SEND)
    g_task_return_pointer (task, g_bytes_ref (request->body), (GDestroyNotify) g_bytes_unref);
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    handle_success (task);
  else
    handle_status (task, status);
}

static void
send_request (GTask *task)
{
  SkWooConnector *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  request->attempt++;

  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (request->method != NULL ? request->method : SOUP_METHOD_GET,
                                               request->uri);
  if (request->request_body != NULL)
    soup_message_set_request_body_from_bytes (request->message, "application/json", request->request_body);
  /* Never follow a redirect with the credentials (see handle_status). */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  if (self->oauth_key != NULL)
    {
      g_autofree char *plain = g_uri_to_string (request->uri);
      g_autofree char *signed_url = sk_oauth_sign_url (soup_message_get_method (request->message), plain,
                                                       self->oauth_key, self->oauth_secret,
                                                       SK_OAUTH_HMAC_SHA256, NULL,
                                                       self->clock_offset != 0 ? sk_time_now_utc () + self->clock_offset : 0);
      g_autoptr(GUri) signed_uri = signed_url != NULL ? g_uri_parse (signed_url, G_URI_FLAGS_ENCODED, NULL) : NULL;

      if (signed_uri != NULL)
        soup_message_set_uri (request->message, signed_uri);
    }

  headers = soup_message_get_request_headers (request->message);
  if (self->auth_header != NULL)
    soup_message_headers_replace (headers, "Authorization", self->auth_header);
  soup_message_headers_replace (headers, "Accept", "application/json");

  soup_session_send_and_read_async (self->session,
                                    request->message,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    send_and_read_cb,
                                    g_object_ref (task));
}

static GTask *
request_new (SkWooConnector      *self,
             RequestKind          kind,
             GUri                *uri,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  Request *request;

  request = g_new0 (Request, 1);
  request->kind = kind;
  request->uri = uri;
  request->total = -1;
  request->total_pages = -1;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  return task;
}

/* SkConnector */

static void
sk_woo_connector_prepare_async (SkConnector         *connector,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;

  task = request_new (self, REQUEST_CURRENCY, build_uri (self, "data/currencies/current", NULL),
                      sk_woo_connector_prepare_async, cancellable, callback, user_data);
  send_request (task);
}

static gboolean
sk_woo_connector_prepare_finish (SkConnector   *connector,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sk_woo_connector_list_page_async (SkConnector         *connector,
                                  SkResource           resource,
                                  guint                page,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = request_new (self, REQUEST_PAGE, build_list_uri (self, resource, page, 0, FALSE),
                      sk_woo_connector_list_page_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->resource = resource;
  request->page = page;
  request->currency = g_strdup (self->currency);

  send_request (task);
}

static SkConnectorPage *
sk_woo_connector_list_page_finish (SkConnector   *connector,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sk_woo_connector_list_order_notes_async (SkConnector         *connector,
                                         gint64               order_remote_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *query = NULL;
  Request *request;

  /* Notes are not paginated (and send no X-WP-Total). */
  endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/notes", order_remote_id);
  query = g_strdup_printf ("_fields=%s", note_fields);

  task = request_new (self, REQUEST_NOTES, build_uri (self, endpoint, query),
                      sk_woo_connector_list_order_notes_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->order_id = order_remote_id;

  send_request (task);
}

static GPtrArray *
sk_woo_connector_list_order_notes_finish (SkConnector   *connector,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sk_woo_connector_list_order_refunds_async (SkConnector         *connector,
                                           gint64               order_remote_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;
  g_autofree char *endpoint = NULL;
  Request *request;

  /* A paginated list; an order has a handful of refunds at most, so one
   * page of a hundred holds them. */
  endpoint = g_strdup_printf ("orders/%" G_GINT64_FORMAT "/refunds", order_remote_id);
  task = request_new (self, REQUEST_REFUNDS,
                      build_uri (self, endpoint, "per_page=100&_fields=id,date_created_gmt,amount,reason"),
                      sk_woo_connector_list_order_refunds_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->order_id = order_remote_id;
  request->currency = g_strdup (self->currency);

  send_request (task);
}

static GPtrArray *
sk_woo_connector_list_order_refunds_finish (SkConnector   *connector,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sk_woo_connector_list_changed_page_async (SkConnector         *connector,
                                          SkResource           resource,
                                          guint                page,
                                          gint64               modified_after,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;
  Request *request;

  /* Same source tag as list_page: both end in list_page_finish. */
  task = request_new (self, REQUEST_PAGE, build_list_uri (self, resource, page, modified_after, FALSE),
                      sk_woo_connector_list_page_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->resource = resource;
  request->page = page;
  request->currency = g_strdup (self->currency);

  send_request (task);
}

static void
sk_woo_connector_list_ids_async (SkConnector         *connector,
                                 SkResource           resource,
                                 guint                page,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = request_new (self, REQUEST_IDS, build_list_uri (self, resource, page, 0, TRUE),
                      sk_woo_connector_list_ids_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->resource = resource;
  request->page = page;

  send_request (task);
}

static SkConnectorIdPage *
sk_woo_connector_list_ids_finish (SkConnector   *connector,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sk_woo_connector_record_exists_async (SkConnector         *connector,
                                      SkResource           resource,
                                      gint64               remote_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (connector);
  g_autoptr(GTask) task = NULL;
  g_autofree char *endpoint = NULL;
  Request *request;

  endpoint = g_strdup_printf ("%s/%" G_GINT64_FORMAT, resource_endpoint (resource), remote_id);
  task = request_new (self, REQUEST_EXISTS,
                      build_uri (self, endpoint, resource == SK_RESOURCE_CUSTOMERS ? "_fields=id" : "_fields=id,status"),
                      sk_woo_connector_record_exists_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->resource = resource;

  send_request (task);
}

static gboolean
sk_woo_connector_record_exists_finish (SkConnector   *connector,
                                       GAsyncResult  *result,
                                       gboolean      *out_exists,
                                       GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, connector), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;

  *out_exists = value > 0;

  return TRUE;
}

static void
sk_woo_connector_iface_init (SkConnectorInterface *iface)
{
  iface->prepare_async = sk_woo_connector_prepare_async;
  iface->prepare_finish = sk_woo_connector_prepare_finish;
  iface->list_page_async = sk_woo_connector_list_page_async;
  iface->list_page_finish = sk_woo_connector_list_page_finish;
  iface->list_order_notes_async = sk_woo_connector_list_order_notes_async;
  iface->list_order_notes_finish = sk_woo_connector_list_order_notes_finish;
  iface->list_changed_page_async = sk_woo_connector_list_changed_page_async;
  iface->list_order_refunds_async = sk_woo_connector_list_order_refunds_async;
  iface->list_order_refunds_finish = sk_woo_connector_list_order_refunds_finish;
  iface->list_ids_async = sk_woo_connector_list_ids_async;
  iface->list_ids_finish = sk_woo_connector_list_ids_finish;
  iface->record_exists_async = sk_woo_connector_record_exists_async;
  iface->record_exists_finish = sk_woo_connector_record_exists_finish;
}

/* GObject */

static void
sk_woo_connector_dispose (GObject *object)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_woo_connector_parent_class)->dispose (object);
}

static void
sk_woo_connector_finalize (GObject *object)
{
  SkWooConnector *self = SK_WOO_CONNECTOR (object);

  /* Do not leave the credentials lying around in freed memory. */
  if (self->auth_header != NULL)
    memset (self->auth_header, 0, strlen (self->auth_header));
  g_clear_pointer (&self->auth_header, g_free);
  if (self->oauth_secret != NULL)
    memset (self->oauth_secret, 0, strlen (self->oauth_secret));
  g_clear_pointer (&self->oauth_secret, g_free);
  g_clear_pointer (&self->oauth_key, g_free);
  g_clear_pointer (&self->store_uri, g_uri_unref);
  g_clear_pointer (&self->base_path, g_free);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (sk_woo_connector_parent_class)->finalize (object);
}

static void
sk_woo_connector_class_init (SkWooConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_woo_connector_dispose;
  object_class->finalize = sk_woo_connector_finalize;
}

static void
sk_woo_connector_init (SkWooConnector *self)
{
}

/* Public API */

void
sk_woo_connector_send_async (SkWooConnector      *self,
                             const char          *method,
                             const char          *endpoint,
                             const char          *query,
                             GBytes              *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (SK_IS_WOO_CONNECTOR (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (endpoint != NULL);

  task = request_new (self, REQUEST_SEND, build_uri (self, endpoint, query),
                      sk_woo_connector_send_async, cancellable, callback, user_data);
  request = g_task_get_task_data (task);
  request->method = g_strdup (method);
  request->request_body = body != NULL ? g_bytes_ref (body) : NULL;

  send_request (task);
}

GBytes *
sk_woo_connector_send_finish (SkWooConnector  *self,
                              GAsyncResult    *result,
                              guint           *out_status,
                              guint           *out_retry_after,
                              GError         **error)
{
  Request *request;
  GBytes *body;

  g_return_val_if_fail (SK_IS_WOO_CONNECTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body == NULL)
    return NULL;

  request = g_task_get_task_data (G_TASK (result));
  if (out_status != NULL)
    *out_status = soup_message_get_status (request->message);
  if (out_retry_after != NULL)
    *out_retry_after = parse_retry_after (request->message);

  return body;
}

SkWooConnector *
sk_woo_connector_new (SoupSession *session,
                      GUri        *store_uri,
                      const char  *consumer_key,
                      const char  *consumer_secret)
{
  SkWooConnector *self;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *path = NULL;
  gsize len;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (store_uri != NULL, NULL);
  g_return_val_if_fail (consumer_key != NULL, NULL);
  g_return_val_if_fail (consumer_secret != NULL, NULL);

  self = g_object_new (SK_TYPE_WOO_CONNECTOR, NULL);
  self->session = g_object_ref (session);
  self->store_uri = g_uri_ref (store_uri);

  /* Always the /wp-json/ form: key authentication only happens there. */
  path = g_strdup (g_uri_get_path (store_uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
  self->base_path = g_strconcat (path, "/wp-json/wc/v3/", NULL);

  if (g_ascii_strcasecmp (g_uri_get_scheme (store_uri), "http") == 0)
    {
      self->oauth_key = g_strdup (consumer_key);
      self->oauth_secret = g_strdup (consumer_secret);
    }

  /* Basic auth carries the secret itself: only over TLS, or to loopback
   * where it never leaves the machine. A plain http:// store elsewhere
   * (which the user explicitly allowed) gets OAuth signatures alone. */
  if (self->oauth_key == NULL || sk_soup_host_is_loopback (g_uri_get_host (store_uri)))
    {
      credentials = g_strconcat (consumer_key, ":", consumer_secret, NULL);
      encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
      self->auth_header = g_strconcat ("Basic ", encoded, NULL);
      memset (credentials, 0, strlen (credentials));
      memset (encoded, 0, strlen (encoded));
    }

  return self;
}

const char *
sk_woo_connector_get_currency (SkWooConnector *self)
{
  g_return_val_if_fail (SK_IS_WOO_CONNECTOR (self), NULL);

  return self->currency;
}

char *
sk_woo_connector_build_list_url (SkWooConnector *self,
                                 SkResource      resource,
                                 guint           page)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (SK_IS_WOO_CONNECTOR (self), NULL);
  g_return_val_if_fail (page >= 1, NULL);

  uri = build_list_uri (self, resource, page, 0, FALSE);

  return g_uri_to_string (uri);
}
