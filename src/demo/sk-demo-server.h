/* sk-demo-server.h — a WooCommerce REST v3–compatible store on 127.0.0.1.
 *
 * Serves deterministic data generated from a seed (see sk-demo-data.h)
 * without holding it as JSON in memory. Runs its own thread and main
 * context, so it can live in the same process as a client that blocks or
 * runs its own loop (the app with --demo, tests, sk-bench).
 *
 * It can be written to as WooCommerce v3 can: PUT/POST orders/<id> (status,
 * customer_note), POST orders (modelled on a generated order; line_items
 * and addresses in the request are not used), POST orders/<id>/notes and
 * /refunds (line_items checked against what is left of each line,
 * api_restock puts the items back in stock), GET/POST/PUT/DELETE coupons
 * (email_restrictions, usage limits, expiry), PUT customers/<id> (names,
 * an e-mail no other account has, billing and shipping member by member),
 * DELETE customers/<id>?force=true, PUT products/<id> (featured, tags
 * by id), GET/POST products/tags, POST orders|products|coupons/batch (at
 * most 100 items, errors per item), DELETE orders/<id>[?force=true] and
 * DELETE products/<id>?force=true.
 * What changed lives in an overlay (sk-demo-overlay.h) whose size follows
 * the number of changes; every listing, filter and total reflects it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-types.h"
#include "sk-demo-data.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 seed;          /* default 1 */
  guint   n_orders;      /* default 3000 */
  guint   latency_ms;    /* added before each answer; default 0 */
  guint   port;          /* 0: pick a free one */
  gint64  anchor_utc;    /* "now" of the generated history, Unix seconds UTC;
                          * 0: the start of the current UTC day */
  guint   n_people;      /* people buying (2/3 registered); 0: 400 per 3,000 orders */
} SkDemoOptions;

#define SK_DEMO_OPTIONS_INIT { 1, 3000, 0, 0, 0, 0 }

typedef enum
{
  SK_DEMO_FAULT_NONE = 0,
  SK_DEMO_FAULT_HTTP_401,        /* WooCommerce's error JSON, woocommerce_rest_authentication_error */
  SK_DEMO_FAULT_HTTP_404,        /* rest_no_route */
  SK_DEMO_FAULT_HTTP_429,        /* with Retry-After: 1 */
  SK_DEMO_FAULT_HTTP_500,        /* internal_server_error */
  SK_DEMO_FAULT_HTTP_503,
  SK_DEMO_FAULT_TRUNCATED_BODY,  /* 200, Content-Length of the full body, only half sent, then closed */
  SK_DEMO_FAULT_DROP_CONNECTION, /* connection closed before any answer */
  SK_DEMO_FAULT_MALFORMED_JSON,  /* 200 with a body that is not JSON */
  SK_DEMO_FAULT_INVALID_UTF8,    /* 200, valid JSON structure with invalid UTF-8 bytes in strings */
  SK_DEMO_FAULT_SLOW,            /* answers after 30 s (past any client timeout) */
  SK_DEMO_FAULT_HTML,            /* 200 text/html: "not a WooCommerce store" */
  SK_DEMO_FAULT_HTTP_403,        /* woocommerce_rest_cannot_view: the key's user lacks the capability */
  SK_DEMO_FAULT_HTTP_413,        /* woocommerce_rest_request_entity_too_large */
  SK_DEMO_FAULT_SHIFT_PAGES,     /* before answering, one order is created and the oldest deleted
                                  * (on a coupons path: one coupon), so offset paging skips or
                                  * repeats one, as on a live store */
  SK_DEMO_FAULT_RESET_MID_BODY,  /* the right headers, a third of the body, then a TCP reset */
} SkDemoFault;

#define SK_TYPE_DEMO_SERVER (sk_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (SkDemoServer, sk_demo_server, SK, DEMO_SERVER, GObject)

SkDemoServer *sk_demo_server_new          (const SkDemoOptions *options);
/* Binds 127.0.0.1 (options->port or a free port) and starts serving in a
 * thread of its own. */
gboolean      sk_demo_server_start        (SkDemoServer        *self,
                                           GError             **error);
void          sk_demo_server_stop         (SkDemoServer        *self);
/* "http://127.0.0.1:PORT" (no trailing slash), valid after start. */
const char   *sk_demo_server_get_url      (SkDemoServer        *self);
guint         sk_demo_server_get_port     (SkDemoServer        *self);
/* The consumer key and secret it accepts (Basic auth), "ck_…"/"cs_…",
 * derived from the seed. */
const char   *sk_demo_server_get_key      (SkDemoServer        *self);
const char   *sk_demo_server_get_secret   (SkDemoServer        *self);
guint         sk_demo_server_get_n_orders (SkDemoServer        *self);
/* The generator behind the store (see sk-demo-data.h), for tests that
 * compare what they fetched with what the store holds. */
const SkDemoData *sk_demo_server_get_data (SkDemoServer        *self);

/* Fault injection, thread-safe: requests whose path contains
 * @path_substring (NULL: any) get @fault, after @skip matching requests
 * have been answered normally, for @count requests (G_MAXUINT: forever). */
void          sk_demo_server_add_fault    (SkDemoServer        *self,
                                           SkDemoFault          fault,
                                           const char          *path_substring,
                                           guint                skip,
                                           guint                count);
void          sk_demo_server_clear_faults (SkDemoServer        *self);
/* Number of requests answered so far (for tests). */
guint         sk_demo_server_get_n_requests (SkDemoServer      *self);

/* The store as a live shop: changes made by its own admin, thread-safe,
 * visible to the next request. Dates are stamped with the store's clock
 * (ours + the clock offset). Orders are picked pseudo-randomly from @seed
 * among those that exist; n is capped to what there is. Each returns the
 * number of orders changed. */
/* Status changed (to another of processing, completed, on-hold, cancelled)
 * and date_modified = the store's now. */
guint         sk_demo_server_touch_orders   (SkDemoServer      *self,
                                             guint              n,
                                             guint64            seed);
/* Deleted permanently (gone from listings, 404). */
guint         sk_demo_server_delete_orders  (SkDemoServer      *self,
                                             guint              n,
                                             guint64            seed);
/* New orders with the next ids, created now, status "processing". */
guint         sk_demo_server_create_orders  (SkDemoServer      *self,
                                             guint              n,
                                             guint64            seed);
/* The store's clock runs @seconds ahead of ours (negative: behind): every
 * date it stamps and the OAuth timestamp window follow it. */
void          sk_demo_server_set_clock_offset (SkDemoServer    *self,
                                             gint64             seconds);
/* Changes about @changes_per_second orders per second in a thread of its
 * own (mostly status changes, some creations and deletions) until set to 0. */
void          sk_demo_server_set_churn      (SkDemoServer      *self,
                                             guint              changes_per_second);
/* Accept only OAuth 1.0a one-legged signed requests (HMAC-SHA1/SHA256,
 * as WooCommerce on plain HTTP); Basic auth then gets 401. Off by default. */
void          sk_demo_server_set_require_oauth (SkDemoServer   *self,
                                             gboolean           require);
/* The number of orders that exist now (deleted ones gone, created ones
 * counted, trashed ones included). */
guint         sk_demo_server_count_orders   (SkDemoServer      *self);
/* POST requests received on orders/<id>/@kind ("notes" or "refunds"),
 * whatever their outcome: a client must never send one twice. */
guint         sk_demo_server_get_n_posts    (SkDemoServer      *self,
                                             const char        *kind,
                                             gint64             order_id);
/* A header of the last request received, or NULL. Free with g_free(). */
char         *sk_demo_server_dup_last_header (SkDemoServer     *self,
                                             const char        *name);

G_END_DECLS
