/* demo-http.h — HTTP helpers for the demo store's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sk-demo-server.h"

G_BEGIN_DECLS


typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  GError             *error;
  JsonNode           *root;    /* NULL when the body is not JSON */
} DemoReply;

void          demo_reply_clear   (DemoReply    *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoReply, demo_reply_clear)

/* The "now" of the generated history: the start of yesterday (UTC), so
 * whatever the machine's date, changes made now come after it. */
gint64        demo_anchor        (void);
/* "YYYY-MM-DDTHH:MM:SS" of @unix_utc. Free with g_free(). */
char         *demo_iso           (gint64        unix_utc);

/* A store anchored at demo_anchor(). */
SkDemoServer *demo_start         (guint64       seed,
                                  guint         n_orders);
SoupSession  *demo_session       (void);
/* @method on /wp-json/wc/v3/@path_query with Basic auth (unless @auth is
 * FALSE) and @json as the body (NULL: none). */
void          demo_request       (SoupSession  *session,
                                  SkDemoServer *server,
                                  const char   *method,
                                  const char   *path_query,
                                  const char   *json,
                                  gboolean      auth,
                                  DemoReply    *reply);
/* The same with a session of its own. */
void          demo_call          (SkDemoServer *server,
                                  const char   *method,
                                  const char   *path_query,
                                  const char   *json,
                                  DemoReply    *reply);
JsonObject   *demo_object        (DemoReply    *reply);
JsonArray    *demo_array         (DemoReply    *reply);
void          demo_assert_error  (DemoReply    *reply,
                                  guint         status,
                                  const char   *code);
gint64        demo_date          (JsonObject   *object,
                                  const char   *member);
gint64        demo_money         (JsonObject   *object,
                                  const char   *member);

G_END_DECLS
