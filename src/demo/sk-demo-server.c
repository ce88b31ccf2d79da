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

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "sk-demo-server.h"
#include "sk-demo-data.h"

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

/* Authentication: Basic or consumer_key/consumer_secret query parameters. */
static gboolean
check_auth (SkDemoServer      *self,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  gboolean key_ok;

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

/* Orders listing */

typedef struct
{
  GStrv    statuses;        /* NULL: anything but trash */
  gint64   modified_after;  /* exclusive bounds */
  gint64   modified_before;
  gboolean has_modified;
} OrderFilter;

typedef struct
{
  guint    lo;
  guint    hi;
  gboolean check;           /* TRUE: test each order; FALSE: all but trash match */
} Segment;

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

      if (seg->check)
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
      g_autofree char *reason = g_strdup_printf ("Invalid date.");

      set_invalid_param (msg, name, reason);
      return FALSE;
    }
  return TRUE;
}

static const char *const order_statuses[] = {
  "any", "trash", "pending", "processing", "on-hold", "completed", "cancelled",
  "refunded", "failed", "checkout-draft", "awaiting-shipment", NULL,
};

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
  OrderFilter filter = { NULL, G_MININT64, G_MAXINT64, FALSE };
  gint64 after = G_MININT64, before = G_MAXINT64;
  Segment segments[3];
  guint n_segments = 0;
  guint lo = 0, hi = n;
  Paging paging;
  GString *body;
  const char *v;
  guint64 total;

  if (!parse_paging (msg, query, "date", TRUE, orderbys, &paging))
    return;

  if (!parse_date_param (msg, query, "after", &after) ||
      !parse_date_param (msg, query, "before", &before) ||
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
  if (after != G_MININT64)
    lo = MAX (lo, sk_demo_data_order_lower_bound (data, after + 1));
  if (before != G_MAXINT64)
    hi = MIN (hi, sk_demo_data_order_lower_bound (data, before));
  if (filter.modified_after != G_MININT64)
    lo = MAX (lo, sk_demo_data_order_lower_bound (data, filter.modified_after - SK_DEMO_MAX_MODIFIED_DELAY + 1));
  if (filter.modified_before != G_MAXINT64)
    hi = MIN (hi, sk_demo_data_order_lower_bound (data, filter.modified_before));
  if (hi < lo)
    hi = lo;

  if (filter.statuses != NULL)
    {
      segments[n_segments++] = (Segment) { lo, hi, TRUE };
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
          segments[n_segments++] = (Segment) { lo, hi, filter.has_modified };
        }
      else
        {
          segments[n_segments++] = (Segment) { lo, sure_lo, TRUE };
          segments[n_segments++] = (Segment) { sure_lo, sure_hi, FALSE };
          segments[n_segments++] = (Segment) { sure_hi, hi, TRUE };
        }
    }

  /* Ids and dates grow together: orderby=date and orderby=id agree. */
  total = select_orders (data, &filter, segments, n_segments, paging.desc,
                         paging_start (&paging), paging.per_page, indexes);

  if (query != NULL)
    fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));

  body = g_string_sized_new (indexes->len * 3000 + 2);
  g_string_append_c (body, '[');
  for (guint i = 0; i < indexes->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      sk_demo_data_write_order (data, g_array_index (indexes, guint, i), fields, self->url, body);
    }
  g_string_append_c (body, ']');

  set_paging_headers (self, msg, &paging, total);
  set_json (msg, 200, body);

  g_strfreev (filter.statuses);
  paging_clear (&paging);
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
  guint n = sk_demo_data_get_n_customers (self->data);
  Paging paging;
  GString *body;
  guint64 start;

  if (!parse_paging (msg, query, "id", FALSE, orderbys, &paging))
    return;

  if (query != NULL)
    fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));

  start = paging_start (&paging);
  body = g_string_sized_new (paging.per_page * 1200);
  g_string_append_c (body, '[');
  for (guint64 r = start; r < MIN (start + paging.per_page, n); r++)
    {
      if (r > start)
        g_string_append_c (body, ',');
      sk_demo_data_write_customer (self->data, paging.desc ? n - 1 - (guint) r : (guint) r,
                                   fields, self->url, body);
    }
  g_string_append_c (body, ']');

  set_paging_headers (self, msg, &paging, n);
  set_json (msg, 200, body);
  paging_clear (&paging);
}

typedef struct
{
  const SkDemoData *data;
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
    ka = sk_demo_data_product_date_modified (sort->data, ia), kb = sk_demo_data_product_date_modified (sort->data, ib);
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

  for (guint i = 0; i < sk_demo_data_get_n_products (self->data); i++)
    {
      gint64 created = sk_demo_data_product_date_created (self->data, i);
      gint64 modified = sk_demo_data_product_date_modified (self->data, i);

      if (created <= after || created >= before || modified <= mod_after || modified >= mod_before)
        continue;
      if (featured != NULL &&
          sk_demo_data_product_is_featured (self->data, i) != (g_str_equal (featured, "true") || g_str_equal (featured, "1")))
        continue;
      g_array_append_val (matches, i);
    }

  sort.data = self->data;
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
      sk_demo_data_write_product (self->data, g_array_index (matches, guint, r), fields, self->url, body);
    }
  g_string_append_c (body, ']');

  set_paging_headers (self, msg, &paging, matches->len);
  set_json (msg, 200, body);
  paging_clear (&paging);
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

static void
route (SkDemoServer      *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *rest;
  g_auto(GStrv) parts = NULL;
  g_autoptr(SkDemoFields) fields = NULL;
  guint n_parts;
  gint64 id = 0;
  guint index;

  if (!g_str_has_prefix (path, API_PREFIX))
    {
      set_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.", NULL);
      return;
    }

  if (!check_auth (self, msg, query))
    return;

  rest = path + strlen (API_PREFIX);
  parts = g_strsplit (rest, "/", -1);
  n_parts = g_strv_length (parts);
  /* A trailing slash is accepted, as WordPress does. */
  if (n_parts > 0 && *parts[n_parts - 1] == '\0')
    {
      g_free (parts[n_parts - 1]);
      parts[--n_parts] = NULL;
    }

  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0)
    goto no_route;

  if (query != NULL)
    fields = sk_demo_fields_new (g_hash_table_lookup (query, "_fields"));

  if (n_parts == 1 && g_str_equal (parts[0], "orders"))
    {
      list_orders (self, msg, query);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "customers"))
    {
      list_customers (self, msg, query);
      return;
    }
  if (n_parts == 1 && g_str_equal (parts[0], "products"))
    {
      list_products (self, msg, query);
      return;
    }

  if (n_parts >= 2 && n_parts <= 3 && g_str_equal (parts[0], "orders") && parse_id (parts[1], &id))
    {
      GString *body = g_string_new (NULL);

      if (!sk_demo_data_order_index (self->data, id, &index))
        {
          g_string_free (body, TRUE);
          set_error (msg, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", NULL);
          return;
        }

      if (n_parts == 2)
        sk_demo_data_write_order (self->data, index, fields, self->url, body);
      else if (g_str_equal (parts[2], "notes"))
        sk_demo_data_write_order_notes (self->data, index, fields, self->url, body);
      else if (g_str_equal (parts[2], "refunds"))
        sk_demo_data_write_order_refunds (self->data, index, fields, self->url, body);
      else
        {
          g_string_free (body, TRUE);
          goto no_route;
        }

      /* The refunds list is paginated like any collection; notes are not. */
      if (n_parts == 3 && g_str_equal (parts[2], "refunds"))
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
          SkDemoOrder order;

          sk_demo_data_get_order (self->data, index, &order);
          soup_message_headers_replace (headers, "X-WP-Total", order.n_refunds > 0 ? "1" : "0");
          soup_message_headers_replace (headers, "X-WP-TotalPages", order.n_refunds > 0 ? "1" : "0");
        }

      set_json (msg, 200, body);
      return;
    }

  if (n_parts == 2 && g_str_equal (parts[0], "customers") && parse_id (parts[1], &id))
    {
      GString *body;

      if (!sk_demo_data_customer_index (self->data, id, &index))
        {
          set_error (msg, 404, "woocommerce_rest_invalid_id", "Invalid resource ID.", NULL);
          return;
        }
      body = g_string_new (NULL);
      sk_demo_data_write_customer (self->data, index, fields, self->url, body);
      set_json (msg, 200, body);
      return;
    }

  if (n_parts == 2 && g_str_equal (parts[0], "products") && parse_id (parts[1], &id))
    {
      for (guint i = 0; i < sk_demo_data_get_n_products (self->data); i++)
        if (sk_demo_data_product_id (self->data, i) == id)
          {
            GString *body = g_string_new (NULL);

            sk_demo_data_write_product (self->data, i, fields, self->url, body);
            set_json (msg, 200, body);
            return;
          }
      set_error (msg, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.", NULL);
      return;
    }

no_route:
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
              fault == SK_DEMO_FAULT_SLOW)
            return;
        }
    }
  else
    {
      route (self, msg, path, query);
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Server", "nginx");

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

  sk_demo_server_stop (self);

  g_clear_pointer (&self->data, sk_demo_data_free);
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
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
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

  self->data = sk_demo_data_new (self->options.seed, self->options.n_orders, self->options.anchor_utc);
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
