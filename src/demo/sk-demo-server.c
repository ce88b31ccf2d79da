/* sk-demo-server.c — a WooCommerce REST v3–compatible store on 127.0.0.1.
 *
 * The SoupServer lives in a thread of its own with its own GMainContext:
 * it is created, listens, serves and is torn down there, so clients in the
 * same process may block or run their own loops. Pages are generated on
 * demand by sk-demo-data.c; nothing is cached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-demo-server"

#include "config.h"

#include <string.h>

#include <sys/socket.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sk-demo-server.h"
#include "sk-demo-data.h"
#include "sk-demo-oauth.h"
#include "sk-demo-overlay.h"
#include "sk-time.h"

#define API_PREFIX "/wp-json/wc/v3/"
#define SLOW_FAULT_MS (30 * 1000)

typedef struct
{
  SkDemoFault  fault;
  char        *path_substring;
  guint        skip;
  guint        count;
} Fault;

typedef struct
{
  SkDemoServer      *self;
  SoupServerMessage *msg;
  GSource           *source;
} Pending;

struct _SkDemoServer
{
  GObject        parent_instance;

  SkDemoOptions  options;
  SkDemoData    *data;
  char          *key;
  char          *secret;
  char          *url;
  guint          port;

  /* The server thread and what only it touches. */
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  SoupServer    *server;
  GList         *pending;      /* Pending*, answers waiting for a timeout */

  /* Start-up handshake with the thread. */
  GMutex         start_lock;
  GCond          start_cond;
  gboolean       start_done;
  GError        *start_error;

  GMutex         fault_lock;
  GPtrArray     *faults;       /* Fault* */

  gint           n_requests;   /* atomic */

  /* What changed since the store was generated; its own lock. */
  SkDemoOverlay *overlay;

  /* Small state shared with the caller's thread, under state_lock. */
  GMutex         state_lock;
  gint64         clock_offset;
  gboolean       require_oauth;
  GHashTable    *nonces;       /* "key:nonce" → timestamp, for 15 minutes */
  SoupMessageHeaders *last_headers;

  /* The background changes of sk_demo_server_set_churn(). */
  GMutex         churn_lock;
  GCond          churn_cond;
  GThread       *churn_thread;
  guint          churn_rate;
  guint64        churn_round;
};

G_DEFINE_FINAL_TYPE (SkDemoServer, sk_demo_server, G_TYPE_OBJECT)

/* Helpers */

static void
fault_free (Fault *fault)
{
  g_free (fault->path_substring);
  g_free (fault);
}

/* Bodies are set with Content-Type as WordPress sends it. */
static void
set_json (SoupServerMessage *msg,
          guint              status,
          GString           *body)
{
  gsize len = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *code,
           const char        *message,
           const char        *params_json)
{
  GString *body = g_string_new ("{\"code\":");

  sk_demo_json_append_string (body, code);
  g_string_append (body, ",\"message\":");
  sk_demo_json_append_string (body, message);
  g_string_append_printf (body, ",\"data\":{\"status\":%u", status);
  if (params_json != NULL)
    g_string_append_printf (body, ",\"params\":%s", params_json);
  g_string_append (body, "}}");
  set_json (msg, status, body);
}

static void
set_invalid_param (SoupServerMessage *msg,
                   const char        *param,
                   const char        *reason)
{
  g_autofree char *message = g_strdup_printf ("Invalid parameter(s): %s", param);
  GString *params = g_string_new ("{");

  sk_demo_json_append_string (params, param);
  g_string_append_c (params, ':');
  sk_demo_json_append_string (params, reason);
  g_string_append_c (params, '}');
  set_error (msg, 400, "rest_invalid_param", message, params->str);
  g_string_free (params, TRUE);
}

static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guchar diff = la != lb;

  /* Always walk the expected value in full, whatever the input. */
  for (gsize i = 0; i < lb; i++)
    diff |= (guchar) (b[i] ^ (i < la ? a[i] : 0));

  return diff == 0;
}

/* Strict non-negative integer parameter. */
static gboolean
parse_uint_param (const char *text,
                  guint64    *out)
{
  guint64 v;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
    return FALSE;
  *out = v;
  return TRUE;
}

static gint64 store_now (SkDemoServer *self);

static gboolean
oauth_fail (SoupServerMessage *msg,
            const char        *code,
            const char        *message)
{
  set_error (msg, 401, code, message, NULL);
  return FALSE;
}

/* OAuth 1.0a one-legged, as WC_REST_Authentication::perform_oauth_authentication()
 * checks it on plain HTTP: signature over the query and oauth_* parameters
 * (the body is not signed), key = secret + "&", a timestamp within 15
 * minutes of the store's clock and a nonce used once. */
static gboolean
check_oauth (SkDemoServer      *self,
             SoupServerMessage *msg)
{
  static const char *const required[] = {
    "oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method",
  };
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(SkDemoOAuthParams) params = sk_demo_oauth_params_new ();
  g_autofree char *base_uri = NULL;
  g_autofree char *base = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *nonce_key = NULL;
  const char *signature_method, *timestamp_text;
  gint64 timestamp, now;
  gboolean used;

  if (!sk_demo_oauth_params_add_query (params, g_uri_get_query (uri)))
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Invalid query parameters.");
  if (header != NULL && g_ascii_strncasecmp (header, "OAuth ", 6) == 0 &&
      !sk_demo_oauth_params_add_header (params, header))
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Invalid OAuth header.");

  /* Basic auth and consumer_key/consumer_secret are for HTTPS only. */
  if (sk_demo_oauth_params_get (params, "oauth_signature") == NULL)
    return oauth_fail (msg, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (sk_demo_oauth_params_get (params, required[i]) == NULL)
      {
        g_autofree char *message = g_strdup_printf ("%s parameter is missing.", required[i]);

        return oauth_fail (msg, "woocommerce_rest_authentication_missing_parameter", message);
      }

  if (!equal_constant_time (sk_demo_oauth_params_get (params, "oauth_consumer_key"), self->key))
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Consumer key is invalid.");

  signature_method = sk_demo_oauth_params_get (params, "oauth_signature_method");
  if (!g_str_equal (signature_method, "HMAC-SHA1") && !g_str_equal (signature_method, "HMAC-SHA256"))
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Invalid signature method.");

  base_uri = g_strconcat (self->url, g_uri_get_path (uri), NULL);
  base = sk_demo_oauth_base_string (soup_server_message_get_method (msg), base_uri, params);
  expected = sk_demo_oauth_sign (signature_method, self->secret, NULL, base);
  if (!equal_constant_time (sk_demo_oauth_params_get (params, "oauth_signature"), expected))
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");

  timestamp_text = sk_demo_oauth_params_get (params, "oauth_timestamp");
  now = store_now (self);
  if (!g_ascii_string_to_signed (timestamp_text, 10, 0, G_MAXINT64, &timestamp, NULL) ||
      timestamp < now - 15 * 60 || timestamp > now + 15 * 60)
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Invalid timestamp.");

  nonce_key = g_strconcat (self->key, ":", sk_demo_oauth_params_get (params, "oauth_nonce"), NULL);
  g_mutex_lock (&self->state_lock);
  used = g_hash_table_contains (self->nonces, nonce_key);
  if (!used)
    {
      GHashTableIter iter;
      gpointer value;

      /* Forget nonces whose timestamps could no longer pass. */
      g_hash_table_iter_init (&iter, self->nonces);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (*(gint64 *) value < now - 15 * 60)
          g_hash_table_iter_remove (&iter);
      g_hash_table_insert (self->nonces, g_steal_pointer (&nonce_key), g_memdup2 (&timestamp, sizeof timestamp));
    }
  g_mutex_unlock (&self->state_lock);
  if (used)
    return oauth_fail (msg, "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used.");

  return TRUE;
}

/* Authentication: Basic or consumer_key/consumer_secret query parameters. */
static gboolean
check_auth (SkDemoServer      *self,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  gboolean key_ok, oauth;

  g_mutex_lock (&self->state_lock);
  oauth = self->require_oauth;
  g_mutex_unlock (&self->state_lock);
  if (oauth)
    return check_oauth (self, msg);

  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree guchar *decoded = g_base64_decode (header + 6, &len);
      g_autofree char *text = g_strndup ((const char *) decoded, len);
      char *colon = strchr (text, ':');

      if (colon != NULL)
        {
          user = g_strndup (text, colon - text);
          password = g_strdup (colon + 1);
        }
    }
  else if (query != NULL && g_hash_table_contains (query, "consumer_key"))
    {
      user = g_strdup (g_hash_table_lookup (query, "consumer_key"));
      password = g_strdup (g_hash_table_lookup (query, "consumer_secret"));
    }

  if (user == NULL || password == NULL)
    {
      set_error (msg, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", NULL);
      return FALSE;
    }

  key_ok = equal_constant_time (user, self->key);
  if (!key_ok)
    {
      set_error (msg, 401, "woocommerce_rest_authentication_error", "Consumer key is invalid.", NULL);
      return FALSE;
    }
  if (!equal_constant_time (password, self->secret))
    {
      set_error (msg, 401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.", NULL);
      return FALSE;
    }

  return TRUE;
}

/* Paging */

typedef struct
{
  guint64  per_page;
  guint64  page;
  guint64  offset;
  gboolean has_offset;
  gboolean desc;
  char    *orderby;
} Paging;

static void
paging_clear (Paging *paging)
{
  g_clear_pointer (&paging->orderby, g_free);
}

static gboolean
parse_paging (SoupServerMessage  *msg,
              GHashTable         *query,
              const char         *default_orderby,
              gboolean            default_desc,
              const char *const  *orderbys,
              Paging             *paging)
{
  const char *v;

  paging->per_page = 10;
  paging->page = 1;
  paging->offset = 0;
  paging->has_offset = FALSE;
  paging->desc = default_desc;
  paging->orderby = g_strdup (default_orderby);

  if (query == NULL)
    return TRUE;

  if ((v = g_hash_table_lookup (query, "per_page")) != NULL &&
      (!parse_uint_param (v, &paging->per_page) || paging->per_page < 1 || paging->per_page > 100))
    {
      set_invalid_param (msg, "per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
      paging_clear (paging);
      return FALSE;
    }
  if ((v = g_hash_table_lookup (query, "page")) != NULL &&
      (!parse_uint_param (v, &paging->page) || paging->page < 1))
    {
      set_invalid_param (msg, "page", "page must be greater than or equal to 1");
      paging_clear (paging);
      return FALSE;
    }
  if ((v = g_hash_table_lookup (query, "offset")) != NULL)
    {
      if (!parse_uint_param (v, &paging->offset))
        {
          set_invalid_param (msg, "offset", "offset is not of type integer.");
          paging_clear (paging);
          return FALSE;
        }
      paging->has_offset = TRUE;
    }
  if ((v = g_hash_table_lookup (query, "order")) != NULL)
    {
      if (g_str_equal (v, "asc"))
        paging->desc = FALSE;
      else if (g_str_equal (v, "desc"))
        paging->desc = TRUE;
      else
        {
          set_invalid_param (msg, "order", "order is not one of asc and desc.");
          paging_clear (paging);
          return FALSE;
        }
    }
  if ((v = g_hash_table_lookup (query, "orderby")) != NULL)
    {
      if (!g_strv_contains (orderbys, v))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) orderbys);
          g_autofree char *reason = g_strdup_printf ("orderby is not one of %s.", list);

          set_invalid_param (msg, "orderby", reason);
          paging_clear (paging);
          return FALSE;
        }
      g_free (paging->orderby);
      paging->orderby = g_strdup (v);
    }

  return TRUE;
}

static guint64
paging_start (const Paging *paging)
{
  return paging->has_offset ? paging->offset : (paging->page - 1) * paging->per_page;
}

/* X-WP-Total, X-WP-TotalPages and the RFC 5988 Link header, as WordPress's
 * REST controllers build them: the request's own query with page replaced. */
static void
set_paging_headers (SkDemoServer      *self,
                    SoupServerMessage *msg,
                    const Paging      *paging,
                    guint64            total)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  guint64 pages = (total + paging->per_page - 1) / paging->per_page;
  g_autoptr(GString) base = g_string_new (self->url);
  g_autoptr(GString) link = g_string_new (NULL);
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, total);
  soup_message_headers_replace (headers, "X-WP-Total", buf);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, pages);
  soup_message_headers_replace (headers, "X-WP-TotalPages", buf);

  g_string_append (base, g_uri_get_path (uri));
  g_string_append_c (base, '?');
  if (raw_query != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (raw_query, "&", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (g_str_has_prefix (parts[i], "page=") || *parts[i] == '\0')
            continue;
          g_string_append (base, parts[i]);
          g_string_append_c (base, '&');
        }
    }

  if (paging->page > 1)
    {
      guint64 prev = MIN (paging->page - 1, MAX (pages, 1));

      g_string_append_printf (link, "<%spage=%" G_GUINT64_FORMAT ">; rel=\"prev\"", base->str, prev);
    }
  if (paging->page < pages)
    g_string_append_printf (link, "%s<%spage=%" G_GUINT64_FORMAT ">; rel=\"next\"",
                            link->len > 0 ? ", " : "", base->str, paging->page + 1);
  if (link->len > 0)
    soup_message_headers_replace (headers, "Link", link->str);
}

static void write_product_at (SkDemoServer       *self,
                              guint               index,
                              const SkDemoFields *fields,
                              GString            *out);

/* Orders listing
 *
 * Generated orders that never changed are counted and picked with the
 * generator's cheap attributes and binary searches, O(page) for the common
 * cases. Orders the overlay holds (changed, deleted, created) are cut out of
 * those ranges and tested one by one: the listing costs O(changes) more,
 * never O(store). */

typedef struct
{
  GStrv    statuses;        /* NULL: anything but trash */
  gint64   modified_after;  /* exclusive bounds */
  gint64   modified_before;
  gboolean has_modified;
  gint64   after;
  gint64   before;
} OrderFilter;

typedef struct
{
  guint    lo;
  guint    hi;
  gboolean check;           /* TRUE: test each order; FALSE: all but trash match */
  gboolean overlay;         /* one order of the overlay that matches, at lo */
  gboolean all;             /* with check FALSE: trashed ones match too */
} Segment;

static gboolean
status_matches (const OrderFilter *filter,
                const char        *status)
{
  gboolean trashed = g_str_equal (status, "trash");

  if (filter->statuses == NULL)
    return !trashed;
  if (!trashed && g_strv_contains ((const char * const *) filter->statuses, "any"))
    return TRUE;
  return g_strv_contains ((const char * const *) filter->statuses, status);
}

static gboolean
order_matches (const SkDemoData  *data,
               const OrderFilter *filter,
               guint              index)
{
  if (filter->statuses == NULL)
    {
      if (sk_demo_data_order_is_trashed (data, index))
        return FALSE;
    }
  else if (!g_strv_contains ((const char * const *) filter->statuses, "any") ||
           sk_demo_data_order_is_trashed (data, index))
    {
      if (!g_strv_contains ((const char * const *) filter->statuses,
                            sk_demo_data_order_status (data, index)))
        return FALSE;
    }

  if (filter->has_modified)
    {
      gint64 m = sk_demo_data_order_date_modified (data, index);

      if (m <= filter->modified_after || m >= filter->modified_before)
        return FALSE;
    }

  return TRUE;
}

/* An order of the overlay, with its current state. */
static gboolean
overlay_order_matches (SkDemoOverlay      *overlay,
                       const OrderFilter  *filter,
                       SkDemoOverlayOrder *order)
{
  gint64 created, modified;

  if (order->deleted)
    return FALSE;

  created = order->created ? order->date_created
                           : sk_demo_data_order_date_created (overlay->data, order->index);
  if (created <= filter->after || created >= filter->before)
    return FALSE;

  modified = sk_demo_overlay_order_modified (overlay, order->index);
  if (modified <= filter->modified_after || modified >= filter->modified_before)
    return FALSE;

  return status_matches (filter, sk_demo_overlay_order_status (overlay, order->index));
}

/* The @k-th (from 0) untrashed index of [lo, hi) counted from the start. */
static guint
nth_untrashed (const SkDemoData *data,
               guint             lo,
               guint64           k)
{
  guint64 x = lo + k;

  /* Least fixed point of x = lo + k + trashed(lo, x + 1); it is untrashed. */
  for (;;)
    {
      guint64 next = lo + k + sk_demo_data_count_trashed (data, lo, (guint) MIN (x + 1, G_MAXUINT));

      if (next == x)
        return (guint) x;
      x = next;
    }
}

/* Counts the matches in @segments and appends the indexes of those of rank
 * [start, start + n) in the requested direction to @out. */
static guint64
select_orders (const SkDemoData  *data,
               const OrderFilter *filter,
               const Segment     *segments,
               guint              n_segments,
               gboolean           desc,
               guint64            start,
               guint64            n,
               GArray            *out)
{
  guint64 rank = 0;

  for (guint s = 0; s < n_segments; s++)
    {
      const Segment *seg = &segments[desc ? n_segments - 1 - s : s];

      if (seg->lo >= seg->hi)
        continue;

      if (seg->overlay)
        {
          if (rank >= start && rank < start + n)
            g_array_append_val (out, seg->lo);
          rank++;
        }
      else if (seg->all)
        {
          guint64 count = seg->hi - seg->lo;

          for (guint64 r = MAX (rank, start); r < MIN (rank + count, start + n); r++)
            {
              guint64 k = r - rank;
              guint index = (guint) (desc ? seg->hi - 1 - k : seg->lo + k);

              g_array_append_val (out, index);
            }
          rank += count;
        }
      else if (seg->check)
        {
          for (guint i = 0; i < seg->hi - seg->lo; i++)
            {
              guint index = desc ? seg->hi - 1 - i : seg->lo + i;

              if (!order_matches (data, filter, index))
                continue;
              if (rank >= start && rank < start + n)
                g_array_append_val (out, index);
              rank++;
            }
        }
      else
        {
          guint64 count = seg->hi - seg->lo - sk_demo_data_count_trashed (data, seg->lo, seg->hi);

          /* Jump straight to the wanted ranks: O(page), not O(segment). */
          for (guint64 r = MAX (rank, start); r < MIN (rank + count, start + n); r++)
            {
              guint64 k = r - rank;
              guint index = nth_untrashed (data, seg->lo, desc ? count - 1 - k : k);

              g_array_append_val (out, index);
            }
          rank += count;
        }
    }

  return rank;
}

static int
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  const Segment *sa = a, *sb = b;

  return sa->lo < sb->lo ? -1 : sa->lo > sb->lo ? 1 : 0;
}

/* Cuts the orders of the overlay out of @base and adds those that match
 * as segments of their own, all in index order. */
static GArray *
build_segments (SkDemoOverlay     *overlay,
                const OrderFilter *filter,
                const Segment     *base,
                guint              n_base)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  const GArray *changed = overlay->changed;

  for (guint s = 0; s < n_base; s++)
    {
      Segment seg = base[s];
      guint lo = 0, hi = changed->len;

      if (seg.lo >= seg.hi)
        continue;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (changed, guint, mid) < seg.lo)
            lo = mid + 1;
          else
            hi = mid;
        }

      for (guint c = lo; c < changed->len && g_array_index (changed, guint, c) < base[s].hi; c++)
        {
          guint index = g_array_index (changed, guint, c);
          Segment piece = seg;

          piece.hi = index;
          if (piece.lo < piece.hi)
            g_array_append_val (segments, piece);
          seg.lo = index + 1;
        }
      if (seg.lo < seg.hi)
        g_array_append_val (segments, seg);
    }

  for (guint c = 0; c < changed->len; c++)
    {
      guint index = g_array_index (changed, guint, c);

      if (overlay_order_matches (overlay, filter, sk_demo_overlay_lookup (overlay, index)))
        g_array_append_val (segments, ((Segment) { index, index + 1, FALSE, TRUE, FALSE }));
    }
  for (guint c = 0; c < overlay->created->len; c++)
    {
      SkDemoOverlayOrder *order = g_ptr_array_index (overlay->created, c);

      if (overlay_order_matches (overlay, filter, order))
        g_array_append_val (segments, ((Segment) { order->index, order->index + 1, FALSE, TRUE, FALSE }));
    }

  g_array_sort (segments, compare_segments);

  return segments;
}

static gboolean
parse_date_param (SoupServerMessage *msg,
                  GHashTable        *query,
                  const char        *name,
                  gint64            *out)
{
  const char *v = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  if (v == NULL)
    return TRUE;
  if (!sk_demo_parse_iso8601 (v, out))
    {
      set_invalid_param (msg, name, "Invalid date.");
      return FALSE;
    }
  return TRUE;
}

static const char *const order_statuses[] = {
  "any", "trash", "pending", "processing", "on-hold", "completed", "cancelled",
  "refunded", "failed", "checkout-draft", "awaiting-shipment", NULL,
};

/* What a listing may ask for without generating the whole order. */
static const char *const cheap_order_fields[] = {
  "id", "status", "date_modified", "date_modified_gmt", "date_created", "date_created_gmt", NULL,
};

static void
write_order_at (SkDemoServer       *self,
                guint               index,
                const SkDemoFields *fields,
                GString            *out)
{
  SkDemoOverlay *overlay = self->overlay;
  SkDemoOrderExtra extra;
  SkDemoOrder order;

  if (fields != NULL && sk_demo_fields_only (fields, cheap_order_fields))
    {
      SkDemoOverlayOrder *entry = sk_demo_overlay_lookup (overlay, index);
      gint64 created = entry != NULL && entry->created
        ? entry->date_created : sk_demo_data_order_date_created (self->data, index);
      gint64 modified = sk_demo_overlay_order_modified (overlay, index);

      g_string_append (out, "{\"id\":");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) SK_DEMO_ORDER_ID_BASE + index);
      if (sk_demo_fields_has (fields, "status"))
        {
          g_string_append (out, ",\"status\":");
          sk_demo_json_append_string (out, sk_demo_overlay_order_status (overlay, index));
        }
      for (guint i = 0; i < 4; i++)
        {
          static const char *const names[] = { "date_created", "date_modified", "date_created_gmt", "date_modified_gmt" };

          if (sk_demo_fields_has (fields, names[i]))
            {
              g_string_append_printf (out, ",\"%s\":\"", names[i]);
              sk_demo_append_iso8601 (out, i % 2 == 0 ? created : modified);
              g_string_append_c (out, '"');
            }
        }
      g_string_append_c (out, '}');
      return;
    }

  sk_demo_overlay_get_order (overlay, index, &order, &extra);
  sk_demo_data_write_order_record (self->data, &order, &extra, fields, self->url, out);
}

static void
list_orders (SkDemoServer      *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  static const char *const orderbys[] = { "date", "id", "include", NULL };
  const SkDemoData *data = self->data;
  guint n = sk_demo_data_get_n_orders (data);
  g_autoptr(SkDemoFields) fields = NULL;
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) segments = NULL;
  OrderFilter filter = { NULL, G_MININT64, G_MAXINT64, FALSE, G_MININT64, G_MAXINT64 };
  Segment base[3];
  guint n_base = 0;
  gboolean everything;
  guint lo = 0, hi = n;
  Paging paging;
  GString *body;
  const char *v;
  guint64 total;

  if (!parse_paging (msg, query, "date", TRUE, orderbys, &paging))
    return;

  if (!parse_date_param (msg, query, "after", &filter.after) ||
      !parse_date_param (msg, query, "before", &filter.before) ||
      !parse_date_param (msg, query, "modified_after", &filter.modified_after) ||
      !parse_date_param (msg, query, "modified_before", &filter.modified_before))
    {
      paging_clear (&paging);
      return;
    }
  filter.has_modified = filter.modified_after != G_MININT64 || filter.modified_before != G_MAXINT64;

  if (query != NULL && (v = g_hash_table_lookup (query, "status")) != NULL)
    {
      filter.statuses = g_strsplit (v, ",", -1);
      for (guint i = 0; filter.statuses[i] != NULL; i++)
        if (!g_strv_contains (order_statuses, filter.statuses[i]))
          {
            set_invalid_param (msg, "status", "status is not one of any, trash, pending, processing, on-hold, completed, cancelled, refunded, failed, checkout-draft, awaiting-shipment.");
            g_strfreev (filter.statuses);
            paging_clear (&paging);
            return;
          }
      /* "any" alone is the default: everything but trash. */
      if (g_strv_length (filter.statuses) == 1 && g_str_equal (filter.statuses[0], "any"))
        g_clear_pointer (&filter.statuses, g_strfreev);
    }

  /* date_created increases with the index, so creation bounds are index
   * bounds. date_modified lies in [date_created, date_created + MAX_DELAY]:
   * only orders created within MAX_DELAY of a modified bound need a look. */
  if (filter.after != G_MININT64)
    lo = MAX (lo, sk_demo_data_order_lower_bound (data, filter.after + 1));
  if (filter.before != G_MAXINT64)
    hi = MIN (hi, sk_demo_data_order_lower_bound (data, filter.before));
  if (filter.modified_after != G_MININT64)
    lo = MAX (lo, sk_demo_data_order_lower_bound (data, filter.modified_after - SK_DEMO_MAX_MODIFIED_DELAY + 1));
  if (filter.modified_before != G_MAXINT64)
    hi = MIN (hi, sk_demo_data_order_lower_bound (data, filter.modified_before));
  if (hi < lo)
    hi = lo;

  /* "any,trash" (a reconciling id scan) takes every order: as cheap as the
   * default, which takes all but the trashed. */
  everything = filter.statuses != NULL &&
               g_strv_contains ((const char * const *) filter.statuses, "any") &&
               g_strv_contains ((const char * const *) filter.statuses, "trash");

  if (filter.statuses != NULL && !everything)
    {
      base[n_base++] = (Segment) { lo, hi, TRUE, FALSE, FALSE };
    }
  else
    {
      guint sure_lo = lo, sure_hi = hi;

      if (filter.modified_after != G_MININT64)
        sure_lo = MAX (lo, sk_demo_data_order_lower_bound (data, filter.modified_after + 1));
      if (filter.modified_before != G_MAXINT64)
        sure_hi = MIN (hi, sk_demo_data_order_lower_bound (data, filter.modified_before - SK_DEMO_MAX_MODIFIED_DELAY));

      if (sure_lo >= sure_hi)
        {
          base[n_base++] = (Segment) { lo, hi, filter.has_modified, FALSE, everything && !filter.has_modified };
        }
      else
        {
          base[n_base++] = (Segment) { lo, sure_lo, TRUE, FALSE, FALSE };
          base[n_base++] = (Segment) { sure_lo, sure_hi, FALSE, FALSE, everything };
          base[n_base++] = (Segment) { sure_hi, hi, TRUE, FALSE, FALSE };
        }
    }

  if (query != NULL)
    fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));

  g_rw_lock_reader_lock (&self->overlay->lock);

  /* Ids and dates grow together: orderby=date and orderby=id agree (orders
   * created through the API get the next id and the store's now). */
  segments = build_segments (self->overlay, &filter, base, n_base);
  total = select_orders (data, &filter, (const Segment *) segments->data, segments->len, paging.desc,
                         paging_start (&paging), paging.per_page, indexes);

  body = g_string_sized_new (indexes->len * (fields != NULL ? 64 : 3000) + 2);
  g_string_append_c (body, '[');
  for (guint i = 0; i < indexes->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      write_order_at (self, g_array_index (indexes, guint, i), fields, body);
    }
  g_string_append_c (body, ']');

  g_rw_lock_reader_unlock (&self->overlay->lock);

  set_paging_headers (self, msg, &paging, total);
  set_json (msg, 200, body);

  g_strfreev (filter.statuses);
  paging_clear (&paging);
}

/* Customers changed or deleted through the API (the overlay's lock is
 * held by the caller). */
static gboolean
customer_deleted (SkDemoServer *self,
                  guint         index)
{
  GArray *deleted = self->overlay->deleted_customers;

  for (guint i = 0; i < deleted->len; i++)
    if (g_array_index (deleted, guint, i) == index)
      return TRUE;

  return FALSE;
}

/* The @r-th customer still there, in id order. */
static guint
nth_customer (SkDemoServer *self,
              guint         r)
{
  GArray *deleted = self->overlay->deleted_customers;
  guint index = r;

  /* Sorted ascending: each deleted index at or before the candidate
   * pushes it one further. */
  for (guint i = 0; i < deleted->len && g_array_index (deleted, guint, i) <= index; i++)
    index++;

  return index;
}

static void
write_customer_at (SkDemoServer       *self,
                   guint               index,
                   const SkDemoFields *fields,
                   GString            *out)
{
  JsonObject *edited = g_hash_table_lookup (self->overlay->customers, GUINT_TO_POINTER (index));
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *text = NULL;

  if (edited == NULL)
    {
      sk_demo_data_write_customer (self->data, index, fields, self->url, out);
      return;
    }

  shown = json_object_new ();
  members = json_object_get_members (edited);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_str_equal (l->data, "id") || sk_demo_fields_has (fields, l->data))
      json_object_set_member (shown, l->data, json_node_copy (json_object_get_member (edited, l->data)));

  root = json_node_init_object (json_node_alloc (), shown);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
}

/* The customer as GET customers/<id> answers, to be edited. */
static JsonObject *
edit_customer (SkDemoServer *self,
               guint         index)
{
  JsonObject *edited = g_hash_table_lookup (self->overlay->customers, GUINT_TO_POINTER (index));
  g_autoptr(GString) text = NULL;
  g_autoptr(JsonParser) parser = NULL;

  if (edited != NULL)
    return edited;

  text = g_string_new (NULL);
  sk_demo_data_write_customer (self->data, index, NULL, self->url, text);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text->str, text->len, NULL))
    g_error ("The demo store wrote a customer it cannot read");
  edited = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_hash_table_insert (self->overlay->customers, GUINT_TO_POINTER (index), edited);

  return edited;
}

static const char *
customer_email (SkDemoServer *self,
                guint         index,
                SkDemoPerson *scratch)
{
  JsonObject *edited = g_hash_table_lookup (self->overlay->customers, GUINT_TO_POINTER (index));

  if (edited != NULL)
    return json_object_get_string_member_with_default (edited, "email", "");

  sk_demo_data_get_customer (self->data, index, scratch);

  return scratch->email;
}

static void
list_customers (SkDemoServer      *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  /* WooCommerce sorts by name by default; the demo store sorts by id (the
   * registration order) because names are not kept in memory. */
  static const char *const orderbys[] = { "id", "include", "registered_date", NULL };
  g_autoptr(SkDemoFields) fields = NULL;
  guint n;
  Paging paging;
  GString *body;
  guint64 start;

  if (!parse_paging (msg, query, "id", FALSE, orderbys, &paging))
    return;

  g_rw_lock_reader_lock (&self->overlay->lock);
  n = sk_demo_data_get_n_customers (self->data) - self->overlay->deleted_customers->len;

  if (query != NULL)
    fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));

  start = paging_start (&paging);
  body = g_string_sized_new (paging.per_page * 1200);
  g_string_append_c (body, '[');
  for (guint64 r = start; r < MIN (start + paging.per_page, n); r++)
    {
      if (r > start)
        g_string_append_c (body, ',');
      write_customer_at (self, nth_customer (self, paging.desc ? n - 1 - (guint) r : (guint) r),
                         fields, body);
    }
  g_string_append_c (body, ']');
  g_rw_lock_reader_unlock (&self->overlay->lock);

  set_paging_headers (self, msg, &paging, n);
  set_json (msg, 200, body);
  paging_clear (&paging);
}

typedef struct
{
  const SkDemoData *data;
  SkDemoOverlay    *overlay;
  const char       *orderby;
  gboolean          desc;
} ProductSort;

static int
compare_products (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const ProductSort *sort = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  gint64 ka, kb;
  int r;

  if (g_str_equal (sort->orderby, "id") || g_str_equal (sort->orderby, "include"))
    ka = ia, kb = ib;
  else if (g_str_equal (sort->orderby, "modified"))
    ka = sk_demo_overlay_product_modified (sort->overlay, ia), kb = sk_demo_overlay_product_modified (sort->overlay, ib);
  else
    ka = sk_demo_data_product_date_created (sort->data, ia), kb = sk_demo_data_product_date_created (sort->data, ib);

  r = ka < kb ? -1 : ka > kb ? 1 : (ia < ib ? -1 : ia > ib ? 1 : 0);
  return sort->desc ? -r : r;
}

static void
list_products (SkDemoServer      *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  static const char *const orderbys[] = { "date", "id", "include", "modified", NULL };
  g_autoptr(SkDemoFields) fields = NULL;
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 after = G_MININT64, before = G_MAXINT64;
  gint64 mod_after = G_MININT64, mod_before = G_MAXINT64;
  const char *featured = NULL;
  ProductSort sort;
  Paging paging;
  GString *body;
  guint64 start;

  if (!parse_paging (msg, query, "date", TRUE, orderbys, &paging))
    return;
  if (!parse_date_param (msg, query, "after", &after) ||
      !parse_date_param (msg, query, "before", &before) ||
      !parse_date_param (msg, query, "modified_after", &mod_after) ||
      !parse_date_param (msg, query, "modified_before", &mod_before))
    {
      paging_clear (&paging);
      return;
    }
  if (query != NULL)
    {
      fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));
      featured = g_hash_table_lookup (query, "featured");
    }

  g_rw_lock_reader_lock (&self->overlay->lock);

  for (guint i = 0; i < sk_demo_data_get_n_products (self->data); i++)
    {
      gint64 created = sk_demo_data_product_date_created (self->data, i);
      gint64 modified = sk_demo_overlay_product_modified (self->overlay, i);

      if (!sk_demo_overlay_product_exists (self->overlay, i))
        continue;
      if (created <= after || created >= before || modified <= mod_after || modified >= mod_before)
        continue;
      if (featured != NULL &&
          sk_demo_overlay_product_featured (self->overlay, i) != (g_str_equal (featured, "true") || g_str_equal (featured, "1")))
        continue;
      g_array_append_val (matches, i);
    }

  sort.data = self->data;
  sort.overlay = self->overlay;
  sort.orderby = paging.orderby;
  sort.desc = paging.desc;
  g_array_sort_with_data (matches, compare_products, &sort);

  start = paging_start (&paging);
  body = g_string_sized_new (paging.per_page * 1500);
  g_string_append_c (body, '[');
  for (guint64 r = start; r < MIN (start + paging.per_page, matches->len); r++)
    {
      if (r > start)
        g_string_append_c (body, ',');
      write_product_at (self, g_array_index (matches, guint, r), fields, body);
    }
  g_string_append_c (body, ']');

  g_rw_lock_reader_unlock (&self->overlay->lock);

  set_paging_headers (self, msg, &paging, matches->len);
  set_json (msg, 200, body);
  paging_clear (&paging);
}

/* Writes
 *
 * Each handler works on one record and answers either the record or a
 * WooCommerce error object in @out, returning the HTTP status, so the
 * batch endpoints can reuse them item by item. They run with the overlay's
 * write lock held. */

static guint
error_json (GString    *out,
            guint       status,
            const char *code,
            const char *message)
{
  g_string_append (out, "{\"code\":");
  sk_demo_json_append_string (out, code);
  g_string_append (out, ",\"message\":");
  sk_demo_json_append_string (out, message);
  g_string_append_printf (out, ",\"data\":{\"status\":%u}}", status);
  return status;
}

static guint
invalid_param_json (GString    *out,
                    const char *param,
                    const char *reason)
{
  g_autofree char *message = g_strdup_printf ("Invalid parameter(s): %s", param);

  g_string_append (out, "{\"code\":\"rest_invalid_param\",\"message\":");
  sk_demo_json_append_string (out, message);
  g_string_append (out, ",\"data\":{\"status\":400,\"params\":{");
  sk_demo_json_append_string (out, param);
  g_string_append_c (out, ':');
  sk_demo_json_append_string (out, reason);
  g_string_append (out, "}}}");
  return 400;
}

/* The store's own clock, which tests may set far from ours. */
static gint64
store_now (SkDemoServer *self)
{
  gint64 offset;

  g_mutex_lock (&self->state_lock);
  offset = self->clock_offset;
  g_mutex_unlock (&self->state_lock);

  return g_get_real_time () / G_USEC_PER_SEC + offset;
}

/* Money as WooCommerce takes it: a string (or a number) with at most two
 * decimals, never negative. */
static gboolean
parse_money_node (JsonNode *node,
                  gint64   *out)
{
  const char *text, *p;
  g_autofree char *owned = NULL;
  gint64 units = 0, cents = 0;
  guint n_cents = 0;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    text = owned = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    return FALSE;

  p = text;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (units > G_MAXINT64 / 1000)
        return FALSE;
      units = units * 10 + (*p - '0');
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (++n_cents > 2)
          return FALSE;
        cents = cents * 10 + (*p - '0');
      }
  if (*p != '\0')
    return FALSE;
  if (n_cents == 1)
    cents *= 10;

  *out = units * 100 + cents;
  return TRUE;
}

static gboolean
member_bool (JsonObject *object,
             const char *name,
             gboolean    fallback,
             gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* NULL when absent; FALSE when present but not a string. */
static gboolean
member_string (JsonObject  *object,
               const char  *name,
               const char **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64      fallback,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64, out, NULL);
  return FALSE;
}

static gboolean
is_order_status (const char *status)
{
  return status != NULL && !g_str_equal (status, "any") && g_strv_contains (order_statuses, status);
}

static guint
write_order_answer (SkDemoServer *self,
                    guint         index,
                    GString      *out)
{
  write_order_at (self, index, NULL, out);
  return 200;
}

/* PUT/POST orders/<id>: status and customer_note. */
static guint
update_order (SkDemoServer *self,
              gint64        id,
              JsonObject   *input,
              GString      *out)
{
  SkDemoOverlay *overlay = self->overlay;
  const char *status, *note;
  SkDemoOverlayOrder *order;
  guint index;

  if (!sk_demo_overlay_order_index (overlay, id, &index))
    return error_json (out, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
  if (!member_string (input, "status", &status) || (status != NULL && !is_order_status (status)))
    return invalid_param_json (out, "status", "status is not one of pending, processing, on-hold, completed, cancelled, refunded, failed, trash, checkout-draft, awaiting-shipment.");
  if (!member_string (input, "customer_note", &note))
    return invalid_param_json (out, "customer_note", "customer_note is not of type string.");

  /* WooCommerce saves the order, and so stamps date_modified, even when
   * nothing changed. */
  order = sk_demo_overlay_edit (overlay, index);
  if (status != NULL)
    sk_demo_overlay_set_status (overlay, index, status, store_now (self));
  order->date_modified = store_now (self);
  if (note != NULL)
    {
      g_free (order->customer_note);
      order->customer_note = g_strdup (note);
    }

  return write_order_answer (self, index, out);
}

/* POST orders: a new order, modelled on a generated one. */
static guint
create_order (SkDemoServer *self,
              JsonObject   *input,
              GString      *out)
{
  SkDemoOverlay *overlay = self->overlay;
  const char *status, *note;
  guint index, template_index;

  if (!member_string (input, "status", &status) || (status != NULL && !is_order_status (status)))
    return invalid_param_json (out, "status", "status is not one of pending, processing, on-hold, completed, cancelled, refunded, failed, trash, checkout-draft, awaiting-shipment.");
  if (!member_string (input, "customer_note", &note))
    return invalid_param_json (out, "customer_note", "customer_note is not of type string.");

  if (overlay->n_generated == 0)
    return error_json (out, 400, "woocommerce_rest_cannot_create", "The demo store has no orders to model new ones on.");

  /* The customer and basket of a generated order, picked by a hash. */
  template_index = (guint) (((guint64) overlay->created->len * G_GUINT64_CONSTANT (2654435761) + 17) % overlay->n_generated);
  index = sk_demo_overlay_create (overlay, template_index, status, note, store_now (self));
  write_order_answer (self, index, out);
  return 201;
}

static guint
delete_order (SkDemoServer *self,
              gint64        id,
              gboolean      force,
              GString      *out)
{
  SkDemoOverlay *overlay = self->overlay;
  guint index;

  if (!sk_demo_overlay_order_index (overlay, id, &index))
    return error_json (out, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");

  if (!force)
    {
      if (g_str_equal (sk_demo_overlay_order_status (overlay, index), "trash"))
        return error_json (out, 410, "woocommerce_rest_already_trashed", "The order has already been deleted.");
      sk_demo_overlay_set_status (overlay, index, "trash", store_now (self));
      return write_order_answer (self, index, out);
    }

  /* The answer is the order as it was. */
  write_order_answer (self, index, out);
  sk_demo_overlay_delete (overlay, index);
  return 200;
}

/* POST orders/<id>/notes */
static guint
create_note (SkDemoServer *self,
             gint64        id,
             JsonObject   *input,
             GString      *out)
{
  SkDemoOverlay *overlay = self->overlay;
  const char *text;
  gboolean customer_note, by_user;
  SkDemoExtraNote *note;
  SkDemoOrderExtra extra;
  SkDemoOrder order;
  guint index;

  if (!sk_demo_overlay_order_index (overlay, id, &index))
    return error_json (out, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
  if (!member_string (input, "note", &text))
    return invalid_param_json (out, "note", "note is not of type string.");
  if (text == NULL)
    return error_json (out, 400, "rest_missing_callback_param", "Missing parameter(s): note");
  if (*text == '\0')
    return error_json (out, 400, "woocommerce_rest_invalid_order_note", "Cannot create order note, please try again.");
  if (!member_bool (input, "customer_note", FALSE, &customer_note))
    return invalid_param_json (out, "customer_note", "customer_note is not of type boolean.");
  if (!member_bool (input, "added_by_user", FALSE, &by_user))
    return invalid_param_json (out, "added_by_user", "added_by_user is not of type boolean.");

  note = sk_demo_overlay_add_note (overlay, index, text, customer_note,
                                   by_user ? "admin" : "WooCommerce", store_now (self));
  sk_demo_overlay_get_order (overlay, index, &order, &extra);
  sk_demo_data_write_note_record (&order, note, NULL, self->url, out);
  return 201;
}

static const char * const address_members[] = {
  "first_name", "last_name", "company", "address_1", "address_2", "city", "state",
  "postcode", "country", "email", "phone", NULL,
};

/* PUT customers/<id>: WooCommerce changes the members sent and keeps the
 * rest; an e-mail address another account has is refused. */
static guint
update_customer (SkDemoServer *self,
                 gint64        id,
                 JsonObject   *input,
                 GString      *out)
{
  static const char * const top[] = { "first_name", "last_name", "email", NULL };
  JsonObject *customer;
  g_autofree char *now = NULL;
  const char *email = NULL;
  guint index;

  if (!sk_demo_data_customer_index (self->data, id, &index) || customer_deleted (self, index))
    return error_json (out, 400, "woocommerce_rest_invalid_id", "Invalid resource ID.");

  for (guint i = 0; top[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (input, top[i]);

      if (node != NULL && json_node_get_value_type (node) != G_TYPE_STRING)
        return invalid_param_json (out, top[i], "Invalid parameter.");
    }
  for (guint a = 0; a < 2; a++)
    {
      const char *name = a == 0 ? "billing" : "shipping";
      JsonNode *node = json_object_get_member (input, name);

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid_param_json (out, name, "Invalid parameter.");
      for (guint i = 0; address_members[i] != NULL; i++)
        {
          JsonNode *member = json_object_get_member (json_node_get_object (node), address_members[i]);

          if (member != NULL && json_node_get_value_type (member) != G_TYPE_STRING)
            return invalid_param_json (out, name, "Invalid parameter.");
        }
    }

  if (json_object_has_member (input, "email"))
    {
      guint n = sk_demo_data_get_n_customers (self->data);
      SkDemoPerson scratch;

      email = json_object_get_string_member (input, "email");
      if (strchr (email, '@') == NULL || strchr (email, ' ') != NULL)
        return error_json (out, 400, "rest_invalid_param", "Invalid email address.");
      for (guint i = 0; i < n; i++)
        if (i != index && !customer_deleted (self, i) &&
            g_ascii_strcasecmp (customer_email (self, i, &scratch), email) == 0)
          return error_json (out, 400, "registration-error-email-exists",
                             "An account is already registered with your email address. Please log in.");
    }

  customer = edit_customer (self, index);
  for (guint i = 0; top[i] != NULL; i++)
    if (json_object_has_member (input, top[i]))
      json_object_set_string_member (customer, top[i], json_object_get_string_member (input, top[i]));
  for (guint a = 0; a < 2; a++)
    {
      const char *name = a == 0 ? "billing" : "shipping";
      JsonObject *given = json_object_has_member (input, name) ? json_object_get_object_member (input, name) : NULL;
      JsonObject *address;

      if (given == NULL)
        continue;
      address = json_object_get_object_member (customer, name);
      for (guint i = 0; address_members[i] != NULL; i++)
        if (json_object_has_member (given, address_members[i]) && (a == 0 || i < 9 || g_str_equal (address_members[i], "phone")))
          json_object_set_string_member (address, address_members[i],
                                         json_object_get_string_member (given, address_members[i]));
    }

  now = sk_time_to_iso8601_utc (store_now (self));
  json_object_set_string_member (customer, "date_modified", now);
  json_object_set_string_member (customer, "date_modified_gmt", now);

  write_customer_at (self, index, NULL, out);
  return 200;
}

/* DELETE customers/<id>?force=true: customers cannot be trashed. */
static guint
delete_customer (SkDemoServer *self,
                 gint64        id,
                 gboolean      force,
                 GString      *out)
{
  GArray *deleted = self->overlay->deleted_customers;
  guint index;
  guint at = 0;

  if (!force)
    return error_json (out, 501, "woocommerce_rest_trash_not_supported", "Customers do not support trashing.");
  if (!sk_demo_data_customer_index (self->data, id, &index) || customer_deleted (self, index))
    return error_json (out, 400, "woocommerce_rest_invalid_id", "Invalid resource ID.");

  write_customer_at (self, index, NULL, out);
  while (at < deleted->len && g_array_index (deleted, guint, at) < index)
    at++;
  g_array_insert_val (deleted, at, index);

  return 200;
}

/* POST orders/<id>/refunds */
static guint
create_refund (SkDemoServer *self,
               gint64        id,
               JsonObject   *input,
               GString      *out)
{
  SkDemoOverlay *overlay = self->overlay;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (SkDemoRefundLine));
  JsonNode *node;
  const char *reason;
  gboolean api_refund, api_restock;
  gint64 amount = -1, lines_total = 0, refunded;
  SkDemoExtraRefund *refund;
  SkDemoOrderExtra extra;
  SkDemoOrder order;
  guint index;

  if (!sk_demo_overlay_order_index (overlay, id, &index))
    return error_json (out, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");

  if ((node = json_object_get_member (input, "amount")) != NULL && !parse_money_node (node, &amount))
    return invalid_param_json (out, "amount", "amount is not a valid amount.");
  if (!member_string (input, "reason", &reason))
    return invalid_param_json (out, "reason", "reason is not of type string.");
  if (!member_bool (input, "api_refund", TRUE, &api_refund))
    return invalid_param_json (out, "api_refund", "api_refund is not of type boolean.");
  if (!member_bool (input, "api_restock", TRUE, &api_restock))
    return invalid_param_json (out, "api_restock", "api_restock is not of type boolean.");

  sk_demo_overlay_get_order (overlay, index, &order, &extra);

  if ((node = json_object_get_member (input, "line_items")) != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid_param_json (out, "line_items", "line_items is not of type array.");
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item_node = json_array_get_element (array, i);
          JsonObject *item;
          SkDemoRefundLine line = { 0, };
          gboolean found = FALSE;

          if (!JSON_NODE_HOLDS_OBJECT (item_node))
            return invalid_param_json (out, "line_items", "line_items[] is not of type object.");
          item = json_node_get_object (item_node);
          if (!member_int (item, "id", 0, &line.item_id) ||
              !member_int (item, "quantity", 0, &line.quantity) || line.quantity < 0 ||
              ((node = json_object_get_member (item, "refund_total")) != NULL && !parse_money_node (node, &line.refund_total)))
            return invalid_param_json (out, "line_items", "line_items[] has an invalid id, quantity or refund_total.");

          /* refund_tax: an array of {id, refund_total} per tax rate, or one amount. */
          if ((node = json_object_get_member (item, "refund_tax")) != NULL && !JSON_NODE_HOLDS_NULL (node))
            {
              if (JSON_NODE_HOLDS_ARRAY (node))
                {
                  JsonArray *taxes = json_node_get_array (node);

                  for (guint t = 0; t < json_array_get_length (taxes); t++)
                    {
                      JsonNode *tax_node = json_array_get_element (taxes, t);
                      gint64 tax;

                      if (!JSON_NODE_HOLDS_OBJECT (tax_node) ||
                          !parse_money_node (json_object_get_member (json_node_get_object (tax_node), "refund_total"), &tax))
                        return invalid_param_json (out, "line_items", "line_items[].refund_tax is invalid.");
                      line.refund_tax += tax;
                    }
                }
              else if (!parse_money_node (node, &line.refund_tax))
                {
                  return invalid_param_json (out, "line_items", "line_items[].refund_tax is invalid.");
                }
            }

          for (guint j = 0; j < order.n_items && !found; j++)
            if (order.items[j].id == line.item_id)
              {
                gint64 quantity, total, tax;

                found = TRUE;
                /* Never more than what was bought and not refunded yet.
                 * WooCommerce refuses a refund it cannot make with a 500
                 * and this code (wc_create_refund () failed, nothing made). */
                sk_demo_order_item_refunded (&order, &extra, j, &quantity, &total, &tax);
                for (guint k = 0; k < lines->len; k++)
                  if (g_array_index (lines, SkDemoRefundLine, k).item_id == line.item_id)
                    return error_json (out, 400, "woocommerce_rest_invalid_order_refund", "Each line item can be refunded once per refund.");
                if (line.quantity > order.items[j].quantity - quantity)
                  return error_json (out, 500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund quantity.");
                if (line.refund_total > order.items[j].total - total || line.refund_tax > order.items[j].total_tax - tax)
                  return error_json (out, 500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");
                line.product_index = order.items[j].product_index;
              }
          if (!found)
            return error_json (out, 400, "woocommerce_rest_invalid_order_refund", "Invalid line item ID.");

          lines_total += line.refund_total + line.refund_tax;
          g_array_append_val (lines, line);
        }
    }

  /* Without an amount, WooCommerce refunds the sum of the lines. */
  if (amount < 0)
    amount = lines_total;
  if (amount <= 0)
    return error_json (out, 400, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.");

  refunded = sk_demo_order_refunded (&order, &extra);
  if (amount > order.total - refunded)
    return error_json (out, 500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");

  refund = sk_demo_overlay_add_refund (overlay, index, amount, reason, api_refund,
                                       (const SkDemoRefundLine *) lines->data, lines->len, store_now (self));
  /* wc_restock_refunded_items (): back in stock, where stock is managed. */
  if (api_restock)
    for (guint i = 0; i < lines->len; i++)
      if (g_array_index (lines, SkDemoRefundLine, i).quantity > 0)
        sk_demo_overlay_restock (overlay, g_array_index (lines, SkDemoRefundLine, i).product_index,
                                 g_array_index (lines, SkDemoRefundLine, i).quantity, store_now (self));
  sk_demo_overlay_get_order (overlay, index, &order, &extra);
  sk_demo_data_write_refund_record (&order, refund, NULL, self->url, out);
  return 201;
}

/* Products */

/* A product that exists now (not deleted); the overlay's lock is held. */
static gboolean
find_product (SkDemoServer *self,
              gint64        id,
              guint        *out_index)
{
  for (guint i = 0; i < sk_demo_data_get_n_products (self->data); i++)
    if (sk_demo_data_product_id (self->data, i) == id)
      {
        *out_index = i;
        return sk_demo_overlay_product_exists (self->overlay, i);
      }
  return FALSE;
}

static void
write_product_at (SkDemoServer       *self,
                  guint               index,
                  const SkDemoFields *fields,
                  GString            *out)
{
  SkDemoProductExtra extra;

  sk_demo_overlay_get_product (self->overlay, index, &extra);
  sk_demo_data_write_product_record (self->data, index, &extra, fields, self->url, out);
}

/* PUT products/<id>: featured and tags ([{id}], as WooCommerce reads them). */
static guint
update_product (SkDemoServer *self,
                gint64        id,
                JsonObject   *input,
                GString      *out)
{
  g_autoptr(GArray) tag_ids = NULL;
  gboolean featured;
  JsonNode *node;
  guint index;

  if (!find_product (self, id, &index))
    return error_json (out, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
  if (!member_bool (input, "featured", sk_demo_overlay_product_featured (self->overlay, index), &featured))
    return invalid_param_json (out, "featured", "featured is not of type boolean.");

  if ((node = json_object_get_member (input, "tags")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid_param_json (out, "tags", "tags is not of type array.");
      array = json_node_get_array (node);
      tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *tag = json_array_get_element (array, i);
          gint64 tag_id;

          if (!JSON_NODE_HOLDS_OBJECT (tag) ||
              !member_int (json_node_get_object (tag), "id", 0, &tag_id))
            return invalid_param_json (out, "tags", "tags[] is not of type object with an integer id.");
          g_array_append_val (tag_ids, tag_id);
        }
    }

  sk_demo_overlay_set_product (self->overlay, index, featured, tag_ids, store_now (self));
  write_product_at (self, index, NULL, out);
  return 200;
}

/* DELETE products/<id>?force=true. Without force WooCommerce moves the
 * product to the trash; the demo store only deletes for good. */
static guint
delete_product (SkDemoServer *self,
                gint64        id,
                gboolean      force,
                GString      *out)
{
  guint index;

  if (!find_product (self, id, &index))
    return error_json (out, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
  if (!force)
    return error_json (out, 501, "woocommerce_rest_trash_not_supported",
                       "The demo store does not trash products; use force=true.");

  /* The answer is the product as it was. */
  write_product_at (self, index, NULL, out);
  sk_demo_overlay_delete_product (self->overlay, index);
  return 200;
}

static void
write_tag (SkDemoServer    *self,
           const SkDemoTag *tag,
           GString         *out)
{
  guint count = 0;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->overlay->products);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SkDemoProductChange *change = value;

      for (guint i = 0; i < change->tag_ids->len; i++)
        count += g_array_index (change->tag_ids, gint64, i) == tag->id;
    }

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"name\":", tag->id);
  sk_demo_json_append_string (out, tag->name);
  g_string_append (out, ",\"slug\":");
  sk_demo_json_append_string (out, tag->slug);
  g_string_append_printf (out, ",\"description\":\"\",\"count\":%u,\"_links\":{\"self\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/products\\/tags\\/%" G_GINT64_FORMAT "\"}],"
                          "\"collection\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/products\\/tags\"}]}}",
                          count, self->url, tag->id, self->url);
}

static guint
create_tag (SkDemoServer *self,
            JsonObject   *input,
            GString      *out)
{
  const char *name;
  g_autofree char *stripped = NULL;

  if (!member_string (input, "name", &name))
    return invalid_param_json (out, "name", "name is not of type string.");
  if (name == NULL)
    return error_json (out, 400, "rest_missing_callback_param", "Missing parameter(s): name");
  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    return error_json (out, 400, "empty_term_name", "A name is required for this term.");
  for (guint i = 0; i < self->overlay->tags->len; i++)
    {
      SkDemoTag *tag = g_ptr_array_index (self->overlay->tags, i);

      if (g_utf8_collate (tag->name, stripped) == 0)
        return error_json (out, 400, "term_exists", "A term with the name provided already exists in this taxonomy.");
    }

  write_tag (self, sk_demo_overlay_add_tag (self->overlay, stripped), out);
  return 201;
}

/* Coupons */

static void
write_coupon (SkDemoServer       *self,
              const SkDemoCoupon *coupon,
              const SkDemoFields *fields,
              GString            *out)
{
  gboolean first = TRUE;

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT, coupon->id);
  if (sk_demo_fields_has (fields, "code"))
    {
      g_string_append (out, ",\"code\":");
      sk_demo_json_append_string (out, coupon->code);
    }
  if (sk_demo_fields_has (fields, "amount"))
    {
      g_string_append (out, ",\"amount\":\"");
      sk_demo_append_money (out, coupon->amount);
      g_string_append_c (out, '"');
    }
  if (sk_demo_fields_has (fields, "status"))
    g_string_append (out, ",\"status\":\"publish\"");
  for (guint i = 0; i < 6; i++)
    {
      static const char *const names[] = { "date_created", "date_created_gmt", "date_modified",
                                           "date_modified_gmt", "date_expires", "date_expires_gmt" };
      gint64 t = i < 2 ? coupon->date_created : i < 4 ? coupon->date_modified : coupon->date_expires;

      if (!sk_demo_fields_has (fields, names[i]))
        continue;
      g_string_append_printf (out, ",\"%s\":", names[i]);
      if (t == 0)
        {
          g_string_append (out, "null");
        }
      else
        {
          g_string_append_c (out, '"');
          sk_demo_append_iso8601 (out, t);
          g_string_append_c (out, '"');
        }
    }
  if (sk_demo_fields_has (fields, "discount_type"))
    {
      g_string_append (out, ",\"discount_type\":");
      sk_demo_json_append_string (out, coupon->discount_type);
    }
  if (sk_demo_fields_has (fields, "description"))
    {
      g_string_append (out, ",\"description\":");
      sk_demo_json_append_string (out, coupon->description);
    }
  if (sk_demo_fields_has (fields, "usage_count"))
    g_string_append (out, ",\"usage_count\":0");
  if (sk_demo_fields_has (fields, "individual_use"))
    g_string_append_printf (out, ",\"individual_use\":%s", coupon->individual_use ? "true" : "false");
  if (sk_demo_fields_has (fields, "product_ids"))
    g_string_append (out, ",\"product_ids\":[],\"excluded_product_ids\":[]");
  if (sk_demo_fields_has (fields, "usage_limit"))
    {
      if (coupon->usage_limit > 0)
        g_string_append_printf (out, ",\"usage_limit\":%" G_GINT64_FORMAT, coupon->usage_limit);
      else
        g_string_append (out, ",\"usage_limit\":null");
    }
  if (sk_demo_fields_has (fields, "usage_limit_per_user"))
    {
      if (coupon->usage_limit_per_user > 0)
        g_string_append_printf (out, ",\"usage_limit_per_user\":%" G_GINT64_FORMAT, coupon->usage_limit_per_user);
      else
        g_string_append (out, ",\"usage_limit_per_user\":null");
    }
  if (sk_demo_fields_has (fields, "limit_usage_to_x_items"))
    g_string_append (out, ",\"limit_usage_to_x_items\":null");
  if (sk_demo_fields_has (fields, "free_shipping"))
    g_string_append_printf (out, ",\"free_shipping\":%s", coupon->free_shipping ? "true" : "false");
  if (sk_demo_fields_has (fields, "product_categories"))
    g_string_append (out, ",\"product_categories\":[],\"excluded_product_categories\":[],\"exclude_sale_items\":false");
  if (sk_demo_fields_has (fields, "minimum_amount"))
    {
      g_string_append (out, ",\"minimum_amount\":\"");
      sk_demo_append_money (out, coupon->minimum_amount);
      g_string_append (out, "\",\"maximum_amount\":\"0.00\"");
    }
  if (sk_demo_fields_has (fields, "email_restrictions"))
    {
      g_string_append (out, ",\"email_restrictions\":[");
      for (guint i = 0; coupon->email_restrictions != NULL && coupon->email_restrictions[i] != NULL; i++)
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          sk_demo_json_append_string (out, coupon->email_restrictions[i]);
        }
      g_string_append_c (out, ']');
    }
  if (sk_demo_fields_has (fields, "used_by"))
    g_string_append (out, ",\"used_by\":[]");
  if (sk_demo_fields_has (fields, "meta_data"))
    g_string_append (out, ",\"meta_data\":[]");
  if (sk_demo_fields_has (fields, "_links"))
    g_string_append_printf (out, ",\"_links\":{\"self\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/coupons\\/%" G_GINT64_FORMAT "\"}],"
                            "\"collection\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/coupons\"}]}",
                            self->url, coupon->id, self->url);
  g_string_append_c (out, '}');
}

/* Reads the writable fields of a coupon from @input into @coupon. */
static guint
read_coupon (SkDemoServer *self,
             JsonObject   *input,
             SkDemoCoupon *coupon,
             GString      *out)
{
  static const char *const types[] = { "percent", "fixed_cart", "fixed_product", NULL };
  const char *text;
  JsonNode *node;
  gint64 value;

  if (!member_string (input, "discount_type", &text) || (text != NULL && !g_strv_contains (types, text)))
    return invalid_param_json (out, "discount_type", "discount_type is not one of percent, fixed_cart, and fixed_product.");
  if (text != NULL)
    {
      g_free (coupon->discount_type);
      coupon->discount_type = g_strdup (text);
    }
  if ((node = json_object_get_member (input, "amount")) != NULL && !parse_money_node (node, &coupon->amount))
    return invalid_param_json (out, "amount", "amount is not a valid amount.");
  if (g_str_equal (coupon->discount_type, "percent") && coupon->amount > 100 * 100)
    return error_json (out, 400, "woocommerce_rest_invalid_coupon_amount", "A percentage discount cannot be more than 100%.");
  if ((node = json_object_get_member (input, "minimum_amount")) != NULL && !parse_money_node (node, &coupon->minimum_amount))
    return invalid_param_json (out, "minimum_amount", "minimum_amount is not a valid amount.");
  if (!member_string (input, "description", &text))
    return invalid_param_json (out, "description", "description is not of type string.");
  if (text != NULL)
    {
      g_free (coupon->description);
      coupon->description = g_strdup (text);
    }

  node = json_object_get_member (input, "date_expires_gmt");
  if (node == NULL)
    node = json_object_get_member (input, "date_expires");
  if (node != NULL)
    {
      if (JSON_NODE_HOLDS_NULL (node))
        coupon->date_expires = 0;
      else if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING ||
               !sk_demo_parse_iso8601 (json_node_get_string (node), &coupon->date_expires))
        return invalid_param_json (out, "date_expires_gmt", "Invalid date.");
    }

  /* null lifts the limit. */
  node = json_object_get_member (input, "usage_limit");
  if (!member_int (input, "usage_limit", node != NULL && JSON_NODE_HOLDS_NULL (node) ? 0 : coupon->usage_limit, &value) || value < 0)
    return invalid_param_json (out, "usage_limit", "usage_limit is not of type integer,null.");
  coupon->usage_limit = value;
  /* null lifts the limit. */
  node = json_object_get_member (input, "usage_limit_per_user");
  if (!member_int (input, "usage_limit_per_user", node != NULL && JSON_NODE_HOLDS_NULL (node) ? 0 : coupon->usage_limit_per_user, &value) || value < 0)
    return invalid_param_json (out, "usage_limit_per_user", "usage_limit_per_user is not of type integer,null.");
  coupon->usage_limit_per_user = value;
  if (!member_bool (input, "individual_use", coupon->individual_use, &coupon->individual_use))
    return invalid_param_json (out, "individual_use", "individual_use is not of type boolean.");
  if (!member_bool (input, "free_shipping", coupon->free_shipping, &coupon->free_shipping))
    return invalid_param_json (out, "free_shipping", "free_shipping is not of type boolean.");

  if ((node = json_object_get_member (input, "email_restrictions")) != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid_param_json (out, "email_restrictions", "email_restrictions is not of type array.");
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *email;

          if (JSON_NODE_TYPE (item) != JSON_NODE_VALUE || json_node_get_value_type (item) != G_TYPE_STRING)
            return invalid_param_json (out, "email_restrictions", "email_restrictions[] is not of type string.");
          email = json_node_get_string (item);
          /* WooCommerce checks each with is_email() (a "*" wildcard is allowed). */
          if (strchr (email, '@') == NULL || strchr (email, ' ') != NULL || email[0] == '@')
            return error_json (out, 400, "woocommerce_rest_invalid_email", "Invalid email address.");
          g_strv_builder_add (builder, email);
        }
      g_strfreev (coupon->email_restrictions);
      coupon->email_restrictions = g_strv_builder_end (builder);
    }

  return 200;
}

static guint
create_coupon (SkDemoServer *self,
               JsonObject   *input,
               GString      *out)
{
  SkDemoCoupon *coupon;
  const char *code;
  gint64 now = store_now (self);
  guint status;

  if (!member_string (input, "code", &code))
    return invalid_param_json (out, "code", "code is not of type string.");
  if (code == NULL)
    return error_json (out, 400, "rest_missing_callback_param", "Missing parameter(s): code");
  if (*code == '\0')
    return error_json (out, 400, "woocommerce_rest_empty_coupon_code", "The coupon code cannot be empty.");
  if (sk_demo_overlay_find_code (self->overlay, code) != NULL)
    return error_json (out, 400, "woocommerce_rest_coupon_code_already_exists", "The coupon code already exists");

  coupon = g_new0 (SkDemoCoupon, 1);
  coupon->code = g_utf8_strdown (code, -1);
  coupon->discount_type = g_strdup ("fixed_cart");
  coupon->description = g_strdup ("");
  coupon->date_created = now;
  coupon->date_modified = now;
  status = read_coupon (self, input, coupon, out);
  if (status != 200)
    {
      sk_demo_coupon_free (coupon);
      return status;
    }

  write_coupon (self, sk_demo_overlay_add_coupon (self->overlay, coupon), NULL, out);
  return 201;
}

static guint
update_coupon (SkDemoServer *self,
               gint64        id,
               JsonObject   *input,
               GString      *out)
{
  SkDemoCoupon *coupon = sk_demo_overlay_find_coupon (self->overlay, id);
  SkDemoCoupon *other;
  SkDemoCoupon copy;
  const char *code;
  guint status;

  if (coupon == NULL)
    return error_json (out, 404, "woocommerce_rest_shop_coupon_invalid_id", "Invalid ID.");
  if (!member_string (input, "code", &code))
    return invalid_param_json (out, "code", "code is not of type string.");
  if (code != NULL && (other = sk_demo_overlay_find_code (self->overlay, code)) != NULL && other != coupon)
    return error_json (out, 400, "woocommerce_rest_coupon_code_already_exists", "The coupon code already exists");

  /* Work on a copy so an invalid field changes nothing. */
  copy = *coupon;
  copy.discount_type = g_strdup (coupon->discount_type);
  copy.description = g_strdup (coupon->description);
  copy.email_restrictions = g_strdupv (coupon->email_restrictions);
  copy.code = code != NULL ? g_utf8_strdown (code, -1) : g_strdup (coupon->code);
  status = read_coupon (self, input, &copy, out);
  if (status != 200)
    {
      g_free (copy.code);
      g_free (copy.discount_type);
      g_free (copy.description);
      g_strfreev (copy.email_restrictions);
      return status;
    }

  g_free (coupon->code);
  g_free (coupon->discount_type);
  g_free (coupon->description);
  g_strfreev (coupon->email_restrictions);
  *coupon = copy;
  coupon->date_modified = store_now (self);
  write_coupon (self, coupon, NULL, out);
  return 200;
}

static guint
delete_coupon (SkDemoServer *self,
               gint64        id,
               gboolean      force,
               GString      *out)
{
  SkDemoCoupon *coupon = sk_demo_overlay_find_coupon (self->overlay, id);

  if (coupon == NULL)
    return error_json (out, 404, "woocommerce_rest_shop_coupon_invalid_id", "Invalid ID.");
  if (!force)
    return error_json (out, 501, "woocommerce_rest_trash_not_supported", "The coupon does not support trashing.");

  write_coupon (self, coupon, NULL, out);
  coupon->deleted = TRUE;
  return 200;
}

static void
list_coupons (SkDemoServer      *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  static const char *const orderbys[] = { "date", "id", "include", "modified", "title", "slug", NULL };
  g_autoptr(SkDemoFields) fields = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  gint64 after = G_MININT64, before = G_MAXINT64;
  gint64 mod_after = G_MININT64, mod_before = G_MAXINT64;
  const char *code = NULL;
  Paging paging;
  GString *body;
  guint64 start;

  if (!parse_paging (msg, query, "date", TRUE, orderbys, &paging))
    return;
  if (!parse_date_param (msg, query, "after", &after) ||
      !parse_date_param (msg, query, "before", &before) ||
      !parse_date_param (msg, query, "modified_after", &mod_after) ||
      !parse_date_param (msg, query, "modified_before", &mod_before))
    {
      paging_clear (&paging);
      return;
    }
  if (query != NULL)
    {
      fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));
      code = g_hash_table_lookup (query, "code");
    }

  g_rw_lock_reader_lock (&self->overlay->lock);

  /* Coupons are kept in id order, which is also creation order. */
  for (guint i = 0; i < self->overlay->coupons->len; i++)
    {
      guint k = paging.desc ? self->overlay->coupons->len - 1 - i : i;
      SkDemoCoupon *coupon = g_ptr_array_index (self->overlay->coupons, k);
      g_autofree char *folded = code != NULL ? g_utf8_strdown (code, -1) : NULL;

      if (coupon->deleted ||
          coupon->date_created <= after || coupon->date_created >= before ||
          coupon->date_modified <= mod_after || coupon->date_modified >= mod_before ||
          (folded != NULL && !g_str_equal (folded, coupon->code)))
        continue;
      g_ptr_array_add (matches, coupon);
    }

  start = paging_start (&paging);
  body = g_string_new ("[");
  for (guint64 r = start; r < MIN (start + paging.per_page, matches->len); r++)
    {
      if (r > start)
        g_string_append_c (body, ',');
      write_coupon (self, g_ptr_array_index (matches, r), fields, body);
    }
  g_string_append_c (body, ']');

  g_rw_lock_reader_unlock (&self->overlay->lock);

  set_paging_headers (self, msg, &paging, matches->len);
  set_json (msg, 200, body);
  paging_clear (&paging);
}

/* Batch */

typedef enum
{
  RESOURCE_ORDERS,
  RESOURCE_PRODUCTS,
  RESOURCE_COUPONS,
} Resource;

static guint
batch_create (SkDemoServer *self,
              Resource      resource,
              JsonObject   *input,
              GString      *out)
{
  switch (resource)
    {
    case RESOURCE_ORDERS:
      return create_order (self, input, out);
    case RESOURCE_COUPONS:
      return create_coupon (self, input, out);
    case RESOURCE_PRODUCTS:
    default:
      return error_json (out, 400, "woocommerce_rest_cannot_create",
                         "The demo store does not create products.");
    }
}

static guint
batch_update (SkDemoServer *self,
              Resource      resource,
              gint64        id,
              JsonObject   *input,
              GString      *out)
{
  switch (resource)
    {
    case RESOURCE_ORDERS:
      return update_order (self, id, input, out);
    case RESOURCE_COUPONS:
      return update_coupon (self, id, input, out);
    case RESOURCE_PRODUCTS:
    default:
      return update_product (self, id, input, out);
    }
}

static guint
batch_delete (SkDemoServer *self,
              Resource      resource,
              gint64        id,
              GString      *out)
{
  switch (resource)
    {
    case RESOURCE_ORDERS:
      return delete_order (self, id, TRUE, out);
    case RESOURCE_COUPONS:
      return delete_coupon (self, id, TRUE, out);
    case RESOURCE_PRODUCTS:
    default:
      return delete_product (self, id, TRUE, out);
    }
}

/* Appends the answer of one item: the record, or {id, error} when it failed. */
static void
batch_item (GString *out,
            gint64   id,
            guint    status,
            GString *item)
{
  if (status < 300)
    {
      g_string_append_len (out, item->str, item->len);
      return;
    }
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"error\":", id);
  g_string_append_len (out, item->str, item->len);
  g_string_append_c (out, '}');
}

static guint
batch (SkDemoServer *self,
       Resource      resource,
       JsonObject   *input,
       GString      *out)
{
  static const char *const parts[] = { "create", "update", "delete" };
  guint n_items = 0;

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      JsonNode *node = json_object_get_member (input, parts[p]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid_param_json (out, parts[p], "is not of type array.");
      n_items += json_array_get_length (json_node_get_array (node));
    }

  /* WC_REST_Controller::check_batch_limit(). */
  if (n_items > 100)
    return error_json (out, 413, "woocommerce_rest_request_entity_too_large",
                       "Unable to accept more than 100 items for this request.");

  g_string_append_c (out, '{');
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      JsonNode *node = json_object_get_member (input, parts[p]);
      JsonArray *array;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      array = json_node_get_array (node);
      g_string_append_printf (out, "%s\"%s\":[", out->len > 1 ? "," : "", parts[p]);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(GString) item = g_string_new (NULL);
          gint64 id = 0;
          guint status;

          if (i > 0)
            g_string_append_c (out, ',');

          if (p == 2)
            {
              /* delete: a list of ids. */
              if (JSON_NODE_TYPE (element) == JSON_NODE_VALUE && json_node_get_value_type (element) == G_TYPE_INT64)
                {
                  id = json_node_get_int (element);
                  status = batch_delete (self, resource, id, item);
                }
              else
                {
                  status = error_json (item, 400, "woocommerce_rest_invalid_id", "Invalid ID.");
                }
            }
          else if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              status = error_json (item, 400, "rest_invalid_param", "Each item must be an object.");
            }
          else if (p == 0)
            {
              status = batch_create (self, resource, json_node_get_object (element), item);
            }
          else if (!member_int (json_node_get_object (element), "id", 0, &id) || id <= 0)
            {
              id = 0;
              status = error_json (item, 400, "woocommerce_rest_invalid_id", "Invalid ID.");
            }
          else
            {
              status = batch_update (self, resource, id, json_node_get_object (element), item);
            }

          batch_item (out, id, status, item);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');

  return 200;
}

/* The JSON object of a request body; an empty body is an empty object. */
static JsonObject *
parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    return json_object_new ();
  if (!g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* Routing */

static gboolean
parse_id (const char *text,
          gint64     *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static gboolean
query_flag (GHashTable *query,
            const char *name)
{
  const char *v = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return v != NULL && (g_str_equal (v, "true") || g_str_equal (v, "1"));
}

static void
get_order_part (SkDemoServer       *self,
                SoupServerMessage  *msg,
                gint64              id,
                const char         *part,
                const SkDemoFields *fields)
{
  SkDemoOverlay *overlay = self->overlay;
  SkDemoOrderExtra extra;
  SkDemoOrder order;
  GString *body;
  guint index;

  g_rw_lock_reader_lock (&overlay->lock);

  if (!sk_demo_overlay_order_index (overlay, id, &index))
    {
      g_rw_lock_reader_unlock (&overlay->lock);
      set_error (msg, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", NULL);
      return;
    }

  body = g_string_new (NULL);
  if (part == NULL)
    {
      write_order_at (self, index, fields, body);
    }
  else
    {
      sk_demo_overlay_get_order (overlay, index, &order, &extra);
      g_string_append_c (body, '[');
      if (g_str_equal (part, "notes"))
        {
          sk_demo_data_write_notes_record (self->data, &order, &extra, fields, self->url, body);
        }
      else
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
          char buf[16];

          /* The refunds list is paginated like any collection; notes are not. */
          sk_demo_data_write_refunds_record (self->data, &order, &extra, fields, self->url, body);
          g_snprintf (buf, sizeof buf, "%u", order.n_refunds + extra.n_refunds);
          soup_message_headers_replace (headers, "X-WP-Total", buf);
          soup_message_headers_replace (headers, "X-WP-TotalPages", order.n_refunds + extra.n_refunds > 0 ? "1" : "0");
        }
      g_string_append_c (body, ']');
    }

  g_rw_lock_reader_unlock (&overlay->lock);

  set_json (msg, 200, body);
}

/* orders/<id>/notes/<note_id> and orders/<id>/refunds/<refund_id>: the
 * record is written through the list writers, narrowed down to it. */
static void
get_order_child (SkDemoServer       *self,
                 SoupServerMessage  *msg,
                 gint64              id,
                 const char         *part,
                 gint64              child_id,
                 const SkDemoFields *fields)
{
  SkDemoOverlay *overlay = self->overlay;
  gboolean notes = g_str_equal (part, "notes");
  SkDemoOrderExtra extra, one = { 0, };
  SkDemoOrder order;
  GString *body;
  gboolean found = FALSE;
  guint index;

  g_rw_lock_reader_lock (&overlay->lock);

  if (!sk_demo_overlay_order_index (overlay, id, &index))
    {
      g_rw_lock_reader_unlock (&overlay->lock);
      set_error (msg, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.", NULL);
      return;
    }

  sk_demo_overlay_get_order (overlay, index, &order, &extra);
  if (notes)
    {
      guint n = order.n_notes;

      order.n_notes = 0;
      for (guint i = 0; i < n && !found; i++)
        if (order.notes[i].id == child_id)
          {
            order.notes[0] = order.notes[i];
            order.n_notes = 1;
            found = TRUE;
          }
      for (guint i = 0; i < extra.n_notes && !found; i++)
        if (extra.notes[i].id == child_id)
          {
            one.notes = &extra.notes[i];
            one.n_notes = 1;
            found = TRUE;
          }
    }
  else
    {
      guint n = order.n_refunds;

      order.n_refunds = 0;
      for (guint i = 0; i < n && !found; i++)
        if (order.refunds[i].id == child_id)
          {
            order.refunds[0] = order.refunds[i];
            order.n_refunds = 1;
            found = TRUE;
          }
      for (guint i = 0; i < extra.n_refunds && !found; i++)
        if (extra.refunds[i].id == child_id)
          {
            one.refunds = &extra.refunds[i];
            one.n_refunds = 1;
            found = TRUE;
          }
    }

  if (!found)
    {
      g_rw_lock_reader_unlock (&overlay->lock);
      if (notes)
        set_error (msg, 404, "woocommerce_rest_invalid_id", "Invalid resource ID.", NULL);
      else
        set_error (msg, 404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.", NULL);
      return;
    }

  body = g_string_new (NULL);
  if (notes)
    sk_demo_data_write_notes_record (self->data, &order, &one, fields, self->url, body);
  else
    sk_demo_data_write_refunds_record (self->data, &order, &one, fields, self->url, body);

  g_rw_lock_reader_unlock (&overlay->lock);

  set_json (msg, 200, body);
}

static void
list_tags (SkDemoServer      *self,
           SoupServerMessage *msg)
{
  GString *body = g_string_new ("[");
  guint n;
  char buf[16];

  g_rw_lock_reader_lock (&self->overlay->lock);
  n = self->overlay->tags->len;
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      write_tag (self, g_ptr_array_index (self->overlay->tags, i), body);
    }
  g_rw_lock_reader_unlock (&self->overlay->lock);
  g_string_append_c (body, ']');

  g_snprintf (buf, sizeof buf, "%u", n);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-Total", buf);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-TotalPages", "1");
  set_json (msg, 200, body);
}

static gboolean
route_get (SkDemoServer      *self,
           SoupServerMessage *msg,
           char             **parts,
           guint              n_parts,
           GHashTable        *query)
{
  g_autoptr(SkDemoFields) fields = NULL;
  gint64 id = 0, child_id = 0;

  if (query != NULL)
    fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));

  if (n_parts == 1 && g_str_equal (parts[0], "orders"))
    list_orders (self, msg, query);
  else if (n_parts == 1 && g_str_equal (parts[0], "customers"))
    list_customers (self, msg, query);
  else if (n_parts == 1 && g_str_equal (parts[0], "products"))
    list_products (self, msg, query);
  else if (n_parts == 1 && g_str_equal (parts[0], "coupons"))
    list_coupons (self, msg, query);
  else if (n_parts == 2 && g_str_equal (parts[0], "products") && g_str_equal (parts[1], "tags"))
    list_tags (self, msg);
  else if (n_parts == 2 && g_str_equal (parts[0], "orders") && parse_id (parts[1], &id))
    get_order_part (self, msg, id, NULL, fields);
  else if (n_parts == 3 && g_str_equal (parts[0], "orders") && parse_id (parts[1], &id) &&
           (g_str_equal (parts[2], "notes") || g_str_equal (parts[2], "refunds")))
    get_order_part (self, msg, id, parts[2], fields);
  else if (n_parts == 4 && g_str_equal (parts[0], "orders") && parse_id (parts[1], &id) &&
           (g_str_equal (parts[2], "notes") || g_str_equal (parts[2], "refunds")) &&
           parse_id (parts[3], &child_id))
    get_order_child (self, msg, id, parts[2], child_id, fields);
  else if (n_parts == 2 && g_str_equal (parts[0], "customers") && parse_id (parts[1], &id))
    {
      GString *body;
      guint index;

      g_rw_lock_reader_lock (&self->overlay->lock);
      if (!sk_demo_data_customer_index (self->data, id, &index) || customer_deleted (self, index))
        {
          g_rw_lock_reader_unlock (&self->overlay->lock);
          set_error (msg, 404, "woocommerce_rest_invalid_id", "Invalid resource ID.", NULL);
          return TRUE;
        }
      body = g_string_new (NULL);
      write_customer_at (self, index, fields, body);
      g_rw_lock_reader_unlock (&self->overlay->lock);
      set_json (msg, 200, body);
    }
  else if (n_parts == 2 && g_str_equal (parts[0], "products") && parse_id (parts[1], &id))
    {
      GString *body;
      guint index;

      g_rw_lock_reader_lock (&self->overlay->lock);
      if (!find_product (self, id, &index))
        {
          g_rw_lock_reader_unlock (&self->overlay->lock);
          set_error (msg, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.", NULL);
          return TRUE;
        }
      body = g_string_new (NULL);
      write_product_at (self, index, fields, body);
      g_rw_lock_reader_unlock (&self->overlay->lock);
      set_json (msg, 200, body);
    }
  else if (n_parts == 2 && g_str_equal (parts[0], "coupons") && parse_id (parts[1], &id))
    {
      SkDemoCoupon *coupon;
      GString *body = g_string_new (NULL);

      g_rw_lock_reader_lock (&self->overlay->lock);
      coupon = sk_demo_overlay_find_coupon (self->overlay, id);
      if (coupon != NULL)
        write_coupon (self, coupon, fields, body);
      g_rw_lock_reader_unlock (&self->overlay->lock);

      if (coupon == NULL)
        {
          g_string_free (body, TRUE);
          set_error (msg, 404, "woocommerce_rest_shop_coupon_invalid_id", "Invalid ID.", NULL);
          return TRUE;
        }
      set_json (msg, 200, body);
    }
  else
    return FALSE;

  return TRUE;
}

typedef enum
{
  WRITE_NONE,
  WRITE_CREATE_ORDER,
  WRITE_UPDATE_ORDER,
  WRITE_DELETE_ORDER,
  WRITE_NOTE,
  WRITE_REFUND,
  WRITE_UPDATE_PRODUCT,
  WRITE_DELETE_PRODUCT,
  WRITE_TAG,
  WRITE_CREATE_COUPON,
  WRITE_UPDATE_COUPON,
  WRITE_DELETE_COUPON,
  WRITE_BATCH,
  WRITE_UPDATE_CUSTOMER,
  WRITE_DELETE_CUSTOMER,
} Write;

static Write
match_write (const char  *method,
             char       **parts,
             guint        n_parts,
             gint64      *id,
             Resource    *resource)
{
  gboolean post = g_str_equal (method, "POST");
  gboolean update = post || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH");
  gboolean delete = g_str_equal (method, "DELETE");

  if (n_parts < 1)
    return WRITE_NONE;

  if (g_str_equal (parts[0], "customers"))
    {
      if (n_parts != 2 || !parse_id (parts[1], id))
        return WRITE_NONE;
      return update ? WRITE_UPDATE_CUSTOMER : delete ? WRITE_DELETE_CUSTOMER : WRITE_NONE;
    }

  if (g_str_equal (parts[0], "orders"))
    *resource = RESOURCE_ORDERS;
  else if (g_str_equal (parts[0], "products"))
    *resource = RESOURCE_PRODUCTS;
  else if (g_str_equal (parts[0], "coupons"))
    *resource = RESOURCE_COUPONS;
  else
    return WRITE_NONE;

  if (n_parts == 1 && post && *resource == RESOURCE_ORDERS)
    return WRITE_CREATE_ORDER;
  if (n_parts == 1 && post && *resource == RESOURCE_COUPONS)
    return WRITE_CREATE_COUPON;
  if (n_parts == 2 && update && g_str_equal (parts[1], "batch"))
    return WRITE_BATCH;
  if (n_parts == 2 && post && *resource == RESOURCE_PRODUCTS && g_str_equal (parts[1], "tags"))
    return WRITE_TAG;
  if (n_parts < 2 || !parse_id (parts[1], id))
    return WRITE_NONE;

  if (n_parts == 2)
    {
      switch (*resource)
        {
        case RESOURCE_ORDERS:
          return update ? WRITE_UPDATE_ORDER : delete ? WRITE_DELETE_ORDER : WRITE_NONE;
        case RESOURCE_COUPONS:
          return update ? WRITE_UPDATE_COUPON : delete ? WRITE_DELETE_COUPON : WRITE_NONE;
        case RESOURCE_PRODUCTS:
        default:
          return update ? WRITE_UPDATE_PRODUCT : delete ? WRITE_DELETE_PRODUCT : WRITE_NONE;
        }
    }
  if (n_parts == 3 && post && *resource == RESOURCE_ORDERS && g_str_equal (parts[2], "notes"))
    return WRITE_NOTE;
  if (n_parts == 3 && post && *resource == RESOURCE_ORDERS && g_str_equal (parts[2], "refunds"))
    return WRITE_REFUND;

  return WRITE_NONE;
}

static gboolean
route_write (SkDemoServer      *self,
             SoupServerMessage *msg,
             char             **parts,
             guint              n_parts,
             GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(JsonObject) input = NULL;
  Resource resource = RESOURCE_ORDERS;
  GString *out;
  gint64 id = 0;
  guint status;
  Write write;

  write = match_write (method, parts, n_parts, &id, &resource);
  if (write == WRITE_NONE)
    return FALSE;

  if (write != WRITE_DELETE_ORDER && write != WRITE_DELETE_COUPON && write != WRITE_DELETE_PRODUCT &&
      write != WRITE_DELETE_CUSTOMER &&
      (input = parse_body (msg)) == NULL)
    {
      set_error (msg, 400, "rest_invalid_json", "Invalid JSON body passed.", NULL);
      return TRUE;
    }

  out = g_string_new (NULL);
  g_rw_lock_writer_lock (&self->overlay->lock);

  switch (write)
    {
    case WRITE_CREATE_ORDER:
      status = create_order (self, input, out);
      break;
    case WRITE_UPDATE_ORDER:
      status = update_order (self, id, input, out);
      break;
    case WRITE_DELETE_ORDER:
      status = delete_order (self, id, query_flag (query, "force"), out);
      break;
    case WRITE_NOTE:
      sk_demo_overlay_count_post (self->overlay, "notes", id);
      status = create_note (self, id, input, out);
      break;
    case WRITE_REFUND:
      sk_demo_overlay_count_post (self->overlay, "refunds", id);
      status = create_refund (self, id, input, out);
      break;
    case WRITE_UPDATE_PRODUCT:
      status = update_product (self, id, input, out);
      break;
    case WRITE_DELETE_PRODUCT:
      status = delete_product (self, id, query_flag (query, "force"), out);
      break;
    case WRITE_TAG:
      status = create_tag (self, input, out);
      break;
    case WRITE_CREATE_COUPON:
      status = create_coupon (self, input, out);
      break;
    case WRITE_UPDATE_COUPON:
      status = update_coupon (self, id, input, out);
      break;
    case WRITE_DELETE_COUPON:
      status = delete_coupon (self, id, query_flag (query, "force"), out);
      break;
    case WRITE_BATCH:
      status = batch (self, resource, input, out);
      break;
    case WRITE_UPDATE_CUSTOMER:
      status = update_customer (self, id, input, out);
      break;
    case WRITE_DELETE_CUSTOMER:
      status = delete_customer (self, id, query_flag (query, "force"), out);
      break;
    case WRITE_NONE:
    default:
      g_assert_not_reached ();
    }

  g_rw_lock_writer_unlock (&self->overlay->lock);
  set_json (msg, status, out);

  return TRUE;
}

static void
route (SkDemoServer      *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (!g_str_has_prefix (path, API_PREFIX))
    {
      set_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.", NULL);
      return;
    }

  if (!check_auth (self, msg, query))
    return;

  parts = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  n_parts = g_strv_length (parts);
  /* A trailing slash is accepted, as WordPress does. */
  if (n_parts > 0 && *parts[n_parts - 1] == '\0')
    {
      g_free (parts[n_parts - 1]);
      parts[--n_parts] = NULL;
    }

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    {
      if (route_get (self, msg, parts, n_parts, query))
        return;
    }
  else if (route_write (self, msg, parts, n_parts, query))
    {
      return;
    }

  set_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.", NULL);
}

/* Delayed answers */

static void
pending_free (gpointer user_data)
{
  Pending *pending = user_data;

  pending->self->pending = g_list_remove (pending->self->pending, pending);
  g_object_unref (pending->msg);
  g_free (pending);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;

  soup_server_message_unpause (pending->msg);

  return G_SOURCE_REMOVE;
}

static void
answer_later (SkDemoServer      *self,
              SoupServerMessage *msg,
              guint              delay_ms)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->source = g_timeout_source_new (delay_ms);
  g_source_set_callback (pending->source, pending_timeout_cb, pending, pending_free);
  self->pending = g_list_prepend (self->pending, pending);

  soup_server_message_pause (msg);
  g_source_attach (pending->source, self->context);
  g_source_unref (pending->source);
}

/* The store's own admin */

static guint
count_orders_locked (SkDemoOverlay *overlay)
{
  guint n = overlay->n_generated + overlay->created->len;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, overlay->orders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n -= ((SkDemoOverlayOrder *) value)->deleted;

  return n;
}

/* Up to @n distinct existing orders, pseudo-random from @seed. */
static GArray *
pick_orders_locked (SkDemoOverlay *overlay,
                    guint          n,
                    guint64        seed)
{
  guint range = overlay->n_generated + overlay->created->len;
  guint n_existing = count_orders_locked (overlay);
  g_autoptr(GHashTable) picked = g_hash_table_new (g_direct_hash, g_direct_equal);
  GArray *indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 state = seed * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 1;

  n = MIN (n, n_existing);
  while (indexes->len < n)
    {
      SkDemoOverlayOrder *order;
      guint64 z;
      guint index;

      /* splitmix64 */
      state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      z = state;
      z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
      z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
      z ^= z >> 31;
      index = (guint) (z % range);

      order = sk_demo_overlay_lookup (overlay, index);
      if ((order != NULL && order->deleted) || g_hash_table_contains (picked, GUINT_TO_POINTER (index)))
        continue;
      g_hash_table_add (picked, GUINT_TO_POINTER (index));
      g_array_append_val (indexes, index);
    }

  return indexes;
}

static guint
touch_orders_locked (SkDemoServer *self,
                     guint         n,
                     guint64       seed)
{
  static const char *const statuses[] = { "processing", "completed", "on-hold", "cancelled" };
  g_autoptr(GArray) indexes = pick_orders_locked (self->overlay, n, seed);
  gint64 now = store_now (self);

  for (guint i = 0; i < indexes->len; i++)
    {
      guint index = g_array_index (indexes, guint, i);
      const char *current = sk_demo_overlay_order_status (self->overlay, index);
      guint k = (guint) ((seed + i) % G_N_ELEMENTS (statuses));

      if (g_str_equal (current, statuses[k]))
        k = (k + 1) % G_N_ELEMENTS (statuses);
      sk_demo_overlay_set_status (self->overlay, index, statuses[k], now);
    }

  return indexes->len;
}

static guint
delete_orders_locked (SkDemoServer *self,
                      guint         n,
                      guint64       seed)
{
  g_autoptr(GArray) indexes = pick_orders_locked (self->overlay, n, seed);

  for (guint i = 0; i < indexes->len; i++)
    sk_demo_overlay_delete (self->overlay, g_array_index (indexes, guint, i));

  return indexes->len;
}

static guint
create_orders_locked (SkDemoServer *self,
                      guint         n,
                      guint64       seed)
{
  SkDemoOverlay *overlay = self->overlay;
  gint64 now = store_now (self);

  if (overlay->n_generated == 0)
    return 0;

  for (guint i = 0; i < n; i++)
    sk_demo_overlay_create (overlay, (guint) ((seed * 7919 + i * 104729) % overlay->n_generated),
                            "processing", "", now);

  return n;
}

/* SK_DEMO_FAULT_SHIFT_PAGES: a new order at the top, the oldest gone. */
static void
shift_orders (SkDemoServer *self)
{
  SkDemoOverlay *overlay = self->overlay;

  g_rw_lock_writer_lock (&overlay->lock);
  create_orders_locked (self, 1, overlay->created->len);
  for (guint index = 0; index < overlay->n_generated + overlay->created->len; index++)
    {
      SkDemoOverlayOrder *order = sk_demo_overlay_lookup (overlay, index);

      if (order != NULL && order->deleted)
        continue;
      sk_demo_overlay_delete (overlay, index);
      break;
    }
  g_rw_lock_writer_unlock (&overlay->lock);
}

/* The same for a listing of coupons: a new coupon, the oldest gone. */
static void
shift_coupons (SkDemoServer *self)
{
  SkDemoOverlay *overlay = self->overlay;
  SkDemoCoupon *coupon;
  gint64 now = store_now (self);

  g_rw_lock_writer_lock (&overlay->lock);
  for (guint i = 0; i < overlay->coupons->len; i++)
    {
      SkDemoCoupon *oldest = g_ptr_array_index (overlay->coupons, i);

      if (!oldest->deleted)
        {
          oldest->deleted = TRUE;
          break;
        }
    }
  coupon = g_new0 (SkDemoCoupon, 1);
  coupon->code = g_strdup_printf ("shifted%" G_GINT64_FORMAT, overlay->next_coupon_id);
  coupon->discount_type = g_strdup ("fixed_cart");
  coupon->amount = 100;
  coupon->description = g_strdup ("");
  coupon->date_created = now;
  coupon->date_modified = now;
  sk_demo_overlay_add_coupon (overlay, coupon);
  g_rw_lock_writer_unlock (&overlay->lock);
}

static gpointer
churn_thread (gpointer user_data)
{
  SkDemoServer *self = user_data;

  g_mutex_lock (&self->churn_lock);
  while (self->churn_rate > 0)
    {
      /* Ten rounds a second; most changes are status changes, one in
       * twenty a new order and one in twenty a deletion. */
      guint n = MAX (1, self->churn_rate / 10);
      guint64 round = self->churn_round++;
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 10;

      g_mutex_unlock (&self->churn_lock);

      g_rw_lock_writer_lock (&self->overlay->lock);
      touch_orders_locked (self, n - n / 10, round);
      if (round % 20 == 0 || n >= 20)
        create_orders_locked (self, MAX (1, n / 20), round);
      if (round % 20 == 10 || n >= 20)
        delete_orders_locked (self, MAX (1, n / 20), round + 1);
      g_rw_lock_writer_unlock (&self->overlay->lock);

      g_mutex_lock (&self->churn_lock);
      while (self->churn_rate > 0 && g_get_monotonic_time () < deadline)
        g_cond_wait_until (&self->churn_cond, &self->churn_lock, deadline);
    }
  g_mutex_unlock (&self->churn_lock);

  return NULL;
}

/* Faults */

static SkDemoFault
take_fault (SkDemoServer *self,
            const char   *target)
{
  SkDemoFault result = SK_DEMO_FAULT_NONE;

  g_mutex_lock (&self->fault_lock);
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);

      if (fault->path_substring != NULL && strstr (target, fault->path_substring) == NULL)
        continue;
      if (fault->count == 0)
        continue;
      if (fault->skip > 0)
        {
          fault->skip--;
          break;
        }
      if (fault->count != G_MAXUINT)
        fault->count--;
      result = fault->fault;
      break;
    }
  g_mutex_unlock (&self->fault_lock);

  return result;
}

/* Writes @head and then the first @body_len bytes of @body on the raw
 * connection, and closes it. */
static void
write_raw_and_close (SoupServerMessage *msg,
                     const char        *head,
                     const char        *body,
                     gsize              body_len)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *output;

  if (stream == NULL)
    return;

  output = g_io_stream_get_output_stream (stream);
  if (head != NULL)
    g_output_stream_write_all (output, head, strlen (head), NULL, NULL, NULL);
  if (body != NULL && body_len > 0)
    g_output_stream_write_all (output, body, body_len, NULL, NULL, NULL);
  g_output_stream_flush (output, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
corrupt_utf8 (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_strndup (data, len);
  const char *p = strstr (text, "\":\"");
  GString *out;

  /* Inside the first string value: an invalid two-byte sequence and a
   * byte that never occurs in UTF-8. */
  if (p == NULL)
    {
      out = g_string_new ("[{\"id\":1,\"name\":\"\xC3\x28\xFF\"}]");
    }
  else
    {
      out = g_string_new_len (text, p + 3 - text);
      g_string_append (out, "\xC3\x28\xFF");
      g_string_append (out, p + 3);
    }

  soup_message_body_truncate (body);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, out->str, out->len);
  g_string_free (out, FALSE);
}

static gboolean
apply_fault (SkDemoServer      *self,
             SoupServerMessage *msg,
             SkDemoFault        fault,
             const char        *path,
             GHashTable        *query)
{
  switch (fault)
    {
    case SK_DEMO_FAULT_HTTP_401:
      set_error (msg, 401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.", NULL);
      return TRUE;

    case SK_DEMO_FAULT_HTTP_403:
      /* A key whose user lacks the capability (authenticated, so 403). */
      set_error (msg, 403, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", NULL);
      return TRUE;

    case SK_DEMO_FAULT_HTTP_413:
      set_error (msg, 413, "woocommerce_rest_request_entity_too_large",
                 "Unable to accept more than 100 items for this request.", NULL);
      return TRUE;

    case SK_DEMO_FAULT_SHIFT_PAGES:
      if (strstr (path, "/coupons") != NULL)
        shift_coupons (self);
      else
        shift_orders (self);
      route (self, msg, path, query);
      return FALSE;

    case SK_DEMO_FAULT_RESET_MID_BODY:
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autofree char *head = NULL;
        GSocket *socket = soup_server_message_get_socket (msg);
        struct linger linger = { 1, 0 };
        gsize len = 0;
        const char *data;

        route (self, msg, path, query);
        bytes = soup_message_body_flatten (soup_server_message_get_response_body (msg));
        data = g_bytes_get_data (bytes, &len);
        head = g_strdup_printf ("HTTP/1.1 %u OK\r\nContent-Type: application/json; charset=UTF-8\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                soup_server_message_get_status (msg), len);
        /* SO_LINGER with a zero timeout: close() sends RST, not FIN. */
        if (socket != NULL)
          setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
        write_raw_and_close (msg, head, data, len / 3);
      }
      return TRUE;

    case SK_DEMO_FAULT_HTTP_404:
      set_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.", NULL);
      return TRUE;

    case SK_DEMO_FAULT_HTTP_429:
      set_error (msg, 429, "too_many_requests", "Too many requests.", NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      return TRUE;

    case SK_DEMO_FAULT_HTTP_500:
      set_error (msg, 500, "internal_server_error",
                 "There has been a critical error on this website.", NULL);
      return TRUE;

    case SK_DEMO_FAULT_HTTP_503:
      {
        static const char html[] = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n";

        soup_server_message_set_status (msg, 503, NULL);
        soup_server_message_set_response (msg, "text/html; charset=UTF-8", SOUP_MEMORY_STATIC,
                                          html, sizeof html - 1);
      }
      return TRUE;

    case SK_DEMO_FAULT_MALFORMED_JSON:
      soup_server_message_set_status (msg, 200, NULL);
      {
        static const char broken[] = "[{\"id\":1,\"status\":\"completed\",\"total\":";

        soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_STATIC,
                                          broken, sizeof broken - 1);
      }
      return TRUE;

    case SK_DEMO_FAULT_HTML:
      {
        static const char html[] =
          "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>My Blog</title></head>"
          "<body><h1>Hello world!</h1><p>Welcome to WordPress.</p></body></html>\n";

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "text/html; charset=UTF-8", SOUP_MEMORY_STATIC,
                                          html, sizeof html - 1);
      }
      return TRUE;

    case SK_DEMO_FAULT_DROP_CONNECTION:
      write_raw_and_close (msg, NULL, NULL, 0);
      return TRUE;

    case SK_DEMO_FAULT_TRUNCATED_BODY:
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autofree char *head = NULL;
        gsize len = 0;
        const char *data;

        route (self, msg, path, query);
        bytes = soup_message_body_flatten (soup_server_message_get_response_body (msg));
        data = g_bytes_get_data (bytes, &len);
        head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n", len);
        write_raw_and_close (msg, head, data, len / 2);
      }
      return TRUE;

    case SK_DEMO_FAULT_INVALID_UTF8:
      route (self, msg, path, query);
      corrupt_utf8 (msg);
      return FALSE;

    case SK_DEMO_FAULT_SLOW:
      route (self, msg, path, query);
      answer_later (self, msg, SLOW_FAULT_MS);
      return TRUE;

    case SK_DEMO_FAULT_NONE:
    default:
      return FALSE;
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SkDemoServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *target = NULL;
  SkDemoFault fault;

  g_atomic_int_inc (&self->n_requests);

  /* For tests of what clients send (OAuth headers, User-Agent…). */
  g_mutex_lock (&self->state_lock);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  self->last_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  {
    SoupMessageHeadersIter iter;
    const char *name, *value;

    soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
    while (soup_message_headers_iter_next (&iter, &name, &value))
      soup_message_headers_append (self->last_headers, name, value);
  }
  g_mutex_unlock (&self->state_lock);

  target = g_uri_get_query (uri) != NULL
    ? g_strconcat (path, "?", g_uri_get_query (uri), NULL)
    : g_strdup (path);

  fault = take_fault (self, target);
  if (fault != SK_DEMO_FAULT_NONE)
    {
      /* Faults that answer on their own (raw writes, the slow timer) are
       * done; the others get the normal latency below. */
      if (apply_fault (self, msg, fault, path, query))
        {
          if (fault == SK_DEMO_FAULT_DROP_CONNECTION ||
              fault == SK_DEMO_FAULT_TRUNCATED_BODY ||
              fault == SK_DEMO_FAULT_RESET_MID_BODY ||
              fault == SK_DEMO_FAULT_SLOW)
            return;
        }
    }
  else
    {
      route (self, msg, path, query);
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Server", "nginx");
  /* The store's clock, also in its Date header. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (store_now (self));
    g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S GMT");

    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
  }

  if (self->options.latency_ms > 0)
    answer_later (self, msg, self->options.latency_ms);
}

/* Thread */

static gpointer
server_thread (gpointer user_data)
{
  SkDemoServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "nginx", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, self->options.port);

  if (soup_server_listen (self->server, address, 0, &error) &&
      (uris = soup_server_get_uris (self->server)) != NULL)
    {
      self->port = g_uri_get_port (uris->data);
      self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  else if (error == NULL)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The demo store could not find an address to listen on"));
    }

  g_mutex_lock (&self->start_lock);
  self->start_error = g_steal_pointer (&error);
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (self->url != NULL)
    g_main_loop_run (self->loop);

  /* Answers waiting on a timer are dropped with their connections. */
  while (self->pending != NULL)
    {
      Pending *pending = self->pending->data;

      g_source_destroy (pending->source);
    }

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  /* Let the closed connections finish their clean-up. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  SkDemoServer *self = user_data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

/* GObject */

static void
sk_demo_server_finalize (GObject *object)
{
  SkDemoServer *self = (SkDemoServer *)object;

  sk_demo_server_set_churn (self, 0);
  sk_demo_server_stop (self);

  g_clear_pointer (&self->overlay, sk_demo_overlay_free);
  g_clear_pointer (&self->data, sk_demo_data_free);
  g_clear_pointer (&self->nonces, g_hash_table_unref);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  g_mutex_clear (&self->state_lock);
  g_mutex_clear (&self->churn_lock);
  g_cond_clear (&self->churn_cond);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_free (self->key);
  g_free (self->secret);
  g_free (self->url);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);
  g_mutex_clear (&self->fault_lock);

  G_OBJECT_CLASS (sk_demo_server_parent_class)->finalize (object);
}

static void
sk_demo_server_class_init (SkDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_demo_server_finalize;
}

static void
sk_demo_server_init (SkDemoServer *self)
{
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);
  g_mutex_init (&self->fault_lock);
  g_mutex_init (&self->state_lock);
  g_mutex_init (&self->churn_lock);
  g_cond_init (&self->churn_cond);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

SkDemoServer *
sk_demo_server_new (const SkDemoOptions *options)
{
  SkDemoOptions defaults = SK_DEMO_OPTIONS_INIT;
  SkDemoServer *self = g_object_new (SK_TYPE_DEMO_SERVER, NULL);

  self->options = options != NULL ? *options : defaults;
  if (self->options.anchor_utc == 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      self->options.anchor_utc = now - now % (24 * 3600);
    }

  self->data = sk_demo_data_new_with_people (self->options.seed, self->options.n_orders,
                                             self->options.n_people, self->options.anchor_utc);
  self->overlay = sk_demo_overlay_new (self->data);
  self->key = sk_demo_data_dup_consumer_key (self->options.seed);
  self->secret = sk_demo_data_dup_consumer_secret (self->options.seed);

  return self;
}

gboolean
sk_demo_server_start (SkDemoServer  *self,
                      GError       **error)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_done = FALSE;
  self->thread = g_thread_new ("sk-demo-server", server_thread, self);

  g_mutex_lock (&self->start_lock);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_lock);
  g_mutex_unlock (&self->start_lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  g_debug ("Demo store with %u orders at %s", sk_demo_data_get_n_orders (self->data), self->url);

  return TRUE;
}

void
sk_demo_server_stop (SkDemoServer *self)
{
  GSource *source;

  g_return_if_fail (SK_IS_DEMO_SERVER (self));

  if (self->thread == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, self, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);

  g_thread_join (g_steal_pointer (&self->thread));
}

const char *
sk_demo_server_get_url (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), NULL);
  return self->url;
}

guint
sk_demo_server_get_port (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);
  return self->port;
}

const char *
sk_demo_server_get_key (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), NULL);
  return self->key;
}

const char *
sk_demo_server_get_secret (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), NULL);
  return self->secret;
}

guint
sk_demo_server_get_n_orders (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);
  return sk_demo_data_get_n_orders (self->data);
}

/**
 * sk_demo_server_get_data:
 *
 * The generator behind the server, for tests that compare what they
 * fetched with what the store holds. Valid as long as @self.
 */
const SkDemoData *
sk_demo_server_get_data (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), NULL);
  return self->data;
}

void
sk_demo_server_add_fault (SkDemoServer *self,
                          SkDemoFault   fault,
                          const char   *path_substring,
                          guint         skip,
                          guint         count)
{
  Fault *f;

  g_return_if_fail (SK_IS_DEMO_SERVER (self));

  f = g_new0 (Fault, 1);
  f->fault = fault;
  f->path_substring = g_strdup (path_substring);
  f->skip = skip;
  f->count = count;

  g_mutex_lock (&self->fault_lock);
  g_ptr_array_add (self->faults, f);
  g_mutex_unlock (&self->fault_lock);
}

void
sk_demo_server_clear_faults (SkDemoServer *self)
{
  g_return_if_fail (SK_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->fault_lock);
  g_ptr_array_set_size (self->faults, 0);
  g_mutex_unlock (&self->fault_lock);
}

guint
sk_demo_server_get_n_requests (SkDemoServer *self)
{
  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);
  return (guint) g_atomic_int_get (&self->n_requests);
}

guint
sk_demo_server_touch_orders (SkDemoServer *self,
                             guint         n,
                             guint64       seed)
{
  guint done;

  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);

  g_rw_lock_writer_lock (&self->overlay->lock);
  done = touch_orders_locked (self, n, seed);
  g_rw_lock_writer_unlock (&self->overlay->lock);

  return done;
}

guint
sk_demo_server_delete_orders (SkDemoServer *self,
                              guint         n,
                              guint64       seed)
{
  guint done;

  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);

  g_rw_lock_writer_lock (&self->overlay->lock);
  done = delete_orders_locked (self, n, seed);
  g_rw_lock_writer_unlock (&self->overlay->lock);

  return done;
}

guint
sk_demo_server_create_orders (SkDemoServer *self,
                              guint         n,
                              guint64       seed)
{
  guint done;

  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);

  g_rw_lock_writer_lock (&self->overlay->lock);
  done = create_orders_locked (self, n, seed);
  g_rw_lock_writer_unlock (&self->overlay->lock);

  return done;
}

void
sk_demo_server_set_clock_offset (SkDemoServer *self,
                                 gint64        seconds)
{
  g_return_if_fail (SK_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->state_lock);
  self->clock_offset = seconds;
  g_mutex_unlock (&self->state_lock);
}

void
sk_demo_server_set_churn (SkDemoServer *self,
                          guint         changes_per_second)
{
  GThread *old = NULL;

  g_return_if_fail (SK_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->churn_lock);
  self->churn_rate = changes_per_second;
  g_cond_broadcast (&self->churn_cond);
  if (changes_per_second == 0)
    old = g_steal_pointer (&self->churn_thread);
  else if (self->churn_thread == NULL)
    self->churn_thread = g_thread_new ("sk-demo-churn", churn_thread, self);
  g_mutex_unlock (&self->churn_lock);

  if (old != NULL)
    g_thread_join (old);
}

void
sk_demo_server_set_require_oauth (SkDemoServer *self,
                                  gboolean      require)
{
  g_return_if_fail (SK_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->state_lock);
  self->require_oauth = !!require;
  g_mutex_unlock (&self->state_lock);
}

guint
sk_demo_server_count_orders (SkDemoServer *self)
{
  guint n;

  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);

  g_rw_lock_reader_lock (&self->overlay->lock);
  n = count_orders_locked (self->overlay);
  g_rw_lock_reader_unlock (&self->overlay->lock);

  return n;
}

guint
sk_demo_server_get_n_posts (SkDemoServer *self,
                            const char   *kind,
                            gint64        order_id)
{
  guint n;

  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), 0);
  g_return_val_if_fail (kind != NULL, 0);

  g_rw_lock_reader_lock (&self->overlay->lock);
  n = sk_demo_overlay_get_posts (self->overlay, kind, order_id);
  g_rw_lock_reader_unlock (&self->overlay->lock);

  return n;
}

char *
sk_demo_server_dup_last_header (SkDemoServer *self,
                                const char   *name)
{
  char *value = NULL;

  g_return_val_if_fail (SK_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->state_lock);
  if (self->last_headers != NULL)
    value = g_strdup (soup_message_headers_get_one (self->last_headers, name));
  g_mutex_unlock (&self->state_lock);

  return value;
}
