/* sk-demo-data.c — the demo store's deterministic data generator.
 *
 * Every record is computed from a hash of (seed, kind, index) with a
 * splitmix64 stream, so nothing is stored per order and any order can be
 * produced in O(1). Floating point is used for dates and random choices
 * only (IEEE sqrt/pow on doubles made from integers); money is integers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-demo-data"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sk-demo-data.h"
#include "sk-demo-tables.h"

#define DAY (24 * 3600)

enum
{
  KIND_TIME = 1,
  KIND_FATE,
  KIND_TIMELINE,
  KIND_BODY,
  KIND_PERSON,
  KIND_PRODUCT,
  KIND_CUSTOMER,
};

typedef enum
{
  FATE_COMPLETED,
  FATE_PARTIAL_REFUND,   /* completed, one line refunded */
  FATE_REFUNDED,
  FATE_CANCELLED,
  FATE_FAILED,
  FATE_TRASH,
  FATE_PROCESSING,
  FATE_AWAITING,         /* the custom "awaiting-shipment" status */
  FATE_ON_HOLD,
  FATE_PENDING,
} Fate;

typedef enum
{
  PAY_STRIPE,
  PAY_PAYPAL,
  PAY_BACS,
  PAY_COD,
} Pay;

static const char *const fate_status[] = {
  [FATE_COMPLETED] = "completed",
  [FATE_PARTIAL_REFUND] = "completed",
  [FATE_REFUNDED] = "refunded",
  [FATE_CANCELLED] = "cancelled",
  [FATE_FAILED] = "failed",
  [FATE_TRASH] = "trash",
  [FATE_PROCESSING] = "processing",
  [FATE_AWAITING] = "awaiting-shipment",
  [FATE_ON_HOLD] = "on-hold",
  [FATE_PENDING] = "pending",
};

static const struct
{
  const char *id;
  const char *title;
} pay_methods[] = {
  [PAY_STRIPE] = { "stripe", "Credit Card (Stripe)" },
  [PAY_PAYPAL] = { "ppcp-gateway", "PayPal" },
  [PAY_BACS] = { "bacs", "Direct bank transfer" },
  [PAY_COD] = { "cod", "Cash on delivery" },
};

static const struct
{
  const char *code;
  gint64      percent;
} coupons[] = {
  { "welcome10", 10 },
  { "summer15", 15 },
  { "loyal5", 5 },
};

typedef struct
{
  gint64 created;
  gint64 paid;        /* 0: never */
  gint64 processing;  /* when it left pending/on-hold, 0: never */
  gint64 awaiting;
  gint64 completed;
  gint64 refunded;
  gint64 ended;       /* cancelled or failed */
  gint64 trashed;
  gint64 modified;
  Fate   fate;
  Pay    pay;
} Summary;

typedef struct
{
  gint64 regular_price;
  gint64 price;
  gint64 stock_quantity;   /* -1: not managed */
  gint64 total_sales;
  gint64 date_created;
  gint64 date_modified;
  char   sku[24];
} Product;

struct _SkDemoData
{
  guint64  seed;
  guint64  seed_hash;
  gint64   anchor;
  gint64   start;
  gint64   span;
  guint    n_orders;
  guint    n_people;
  guint    n_customers;
  guint    n_loyal;
  guint    old_end;       /* orders below this index are older than 30 days */
  guint64  perm_a;        /* person rank → person index: (rank × a + b) mod n_people */
  guint64  perm_b;
  guint    region_cdf[G_N_ELEMENTS (sk_demo_regions)];
  Product  products[G_N_ELEMENTS (sk_demo_products)];
};

struct _SkDemoFields
{
  GHashTable *names;
};

/* Random numbers */

typedef struct
{
  guint64 state;
} Rng;

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
rng_init (Rng              *rng,
          const SkDemoData *self,
          guint             kind,
          guint64           index)
{
  rng->state = mix64 (self->seed_hash ^ mix64 (((guint64) kind << 56) ^ index));
}

static inline guint64
rng_next (Rng *rng)
{
  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix64 (rng->state);
}

/* Uniform in [0, n). */
static inline guint32
rng_below (Rng     *rng,
           guint32  n)
{
  return (guint32) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline gint64
rng_range (Rng    *rng,
           gint64  lo,
           gint64  hi)
{
  return lo + (gint64) (rng_next (rng) % (guint64) (hi - lo + 1));
}

/* Uniform in [0, 1). */
static inline double
rng_unit (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static void
rng_alnum (Rng        *rng,
           char       *buf,
           guint       len,
           const char *alphabet)
{
  gsize n = strlen (alphabet);

  for (guint i = 0; i < len; i++)
    buf[i] = alphabet[rng_below (rng, n)];
  buf[len] = '\0';
}

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char upper_alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
static const char hex_digits[] = "0123456789abcdef";

static gint64
tax_of (gint64 net)
{
  /* Half up, as WooCommerce rounds taxes per line with 2 decimals. */
  return (net * SK_DEMO_TAX_PERCENT + 50) / 100;
}

/* JSON and time helpers */

static inline void
append_u4 (GString *out,
           guint    c)
{
  char buf[6] = { '\\', 'u', hex_digits[(c >> 12) & 0xf], hex_digits[(c >> 8) & 0xf],
                  hex_digits[(c >> 4) & 0xf], hex_digits[c & 0xf] };

  g_string_append_len (out, buf, 6);
}

/* printf is the bottleneck of page building: integers by hand. */
static inline void
append_uint (GString *out,
             guint64  v)
{
  char buf[24];
  int i = sizeof buf;

  do
    {
      buf[--i] = '0' + v % 10;
      v /= 10;
    }
  while (v != 0);
  g_string_append_len (out, buf + i, sizeof buf - i);
}

static inline void
append_int (GString *out,
            gint64   v)
{
  if (v < 0)
    {
      g_string_append_c (out, '-');
      append_uint (out, (guint64) -(v + 1) + 1);
    }
  else
    {
      append_uint (out, (guint64) v);
    }
}

void
sk_demo_json_append_string (GString    *out,
                            const char *text)
{
  const guchar *p = (const guchar *) text;

  g_string_append_c (out, '"');

  while (*p != '\0')
    {
      const guchar *run = p;

      /* The common case: printable ASCII with nothing to escape. */
      while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\' && *p != '/')
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);

      if (*p == '\0')
        break;

      if (*p < 0x80)
        {
          switch (*p)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '/': g_string_append (out, "\\/"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            default: append_u4 (out, *p); break;
            }
          p++;
        }
      else
        {
          /* WordPress's json_encode() escapes every non-ASCII character. */
          gunichar c = g_utf8_get_char_validated ((const char *) p, -1);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_string_append (out, "\\ufffd");
              p++;
              continue;
            }

          if (c >= 0x10000)
            {
              gunichar v = c - 0x10000;

              append_u4 (out, 0xd800 + (v >> 10));
              append_u4 (out, 0xdc00 + (v & 0x3ff));
            }
          else
            {
              append_u4 (out, c);
            }
          p = (const guchar *) g_utf8_next_char ((const char *) p);
        }
    }

  g_string_append_c (out, '"');
}

static void
civil_from_days (gint64  z,
                 gint64 *y,
                 guint  *m,
                 guint  *d)
{
  gint64 era, yoe, doy, mp, yy;
  guint dd, mm;

  /* Howard Hinnant's days_from_civil inverse, exact for the proleptic
   * Gregorian calendar. */
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  yoe = z - era * 146097;
  yy = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
  doy = yoe - (365 * yy + yy / 4 - yy / 100);
  mp = (5 * doy + 2) / 153;
  dd = (guint) (doy - (153 * mp + 2) / 5 + 1);
  mm = (guint) (mp < 10 ? mp + 3 : mp - 9);
  *y = yy + era * 400 + (mm <= 2);
  *m = mm;
  *d = dd;
}

static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
sk_demo_append_iso8601 (GString *out,
                        gint64   unix_utc)
{
  gint64 days = unix_utc >= 0 ? unix_utc / DAY : -((-unix_utc + DAY - 1) / DAY);
  gint64 secs = unix_utc - days * DAY;
  gint64 y;
  guint m, d;
  guint hh = (guint) (secs / 3600), mi = (guint) (secs / 60 % 60), ss = (guint) (secs % 60);
  char buf[19];

  civil_from_days (days, &y, &m, &d);
  if (y < 0 || y > 9999)
    y = CLAMP (y, 0, 9999);
  buf[0] = '0' + (char) (y / 1000);
  buf[1] = '0' + (char) (y / 100 % 10);
  buf[2] = '0' + (char) (y / 10 % 10);
  buf[3] = '0' + (char) (y % 10);
  buf[4] = '-';
  buf[5] = '0' + m / 10;
  buf[6] = '0' + m % 10;
  buf[7] = '-';
  buf[8] = '0' + d / 10;
  buf[9] = '0' + d % 10;
  buf[10] = 'T';
  buf[11] = '0' + hh / 10;
  buf[12] = '0' + hh % 10;
  buf[13] = ':';
  buf[14] = '0' + mi / 10;
  buf[15] = '0' + mi % 10;
  buf[16] = ':';
  buf[17] = '0' + ss / 10;
  buf[18] = '0' + ss % 10;
  g_string_append_len (out, buf, 19);
}

static gboolean
parse_digits (const char **p,
              guint        n,
              guint       *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;

  return TRUE;
}

gboolean
sk_demo_parse_iso8601 (const char *text,
                       gint64     *out_unix)
{
  const char *p = text;
  guint y, mo, d, h, mi, s;
  gint64 offset = 0;

  g_return_val_if_fail (out_unix != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  if (!parse_digits (&p, 4, &y) || *p++ != '-' ||
      !parse_digits (&p, 2, &mo) || *p++ != '-' ||
      !parse_digits (&p, 2, &d) || (*p != 'T' && *p != 't' && *p != ' '))
    return FALSE;
  p++;
  if (!parse_digits (&p, 2, &h) || *p++ != ':' ||
      !parse_digits (&p, 2, &mi) || *p++ != ':' ||
      !parse_digits (&p, 2, &s))
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      guint oh, om;

      p++;
      if (!parse_digits (&p, 2, &oh))
        return FALSE;
      if (*p == ':')
        p++;
      if (!parse_digits (&p, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset = sign * (gint64) (oh * 3600 + om * 60);
    }

  if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    return FALSE;

  /* Reject 2026-02-31 and the like rather than rolling over. */
  {
    gint64 yy;
    guint mm, dd;

    civil_from_days (days_from_civil (y, mo, d), &yy, &mm, &dd);
    if (mm != mo || dd != d)
      return FALSE;
  }

  *out_unix = days_from_civil (y, mo, d) * DAY + h * 3600 + mi * 60 + MIN (s, 59) - offset;

  return TRUE;
}

void
sk_demo_append_money (GString *out,
                      gint64   minor)
{
  guint64 abs_minor = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  char cents[3] = { '.', '0' + (char) (abs_minor % 100 / 10), '0' + (char) (abs_minor % 10) };

  if (minor < 0)
    g_string_append_c (out, '-');
  append_uint (out, abs_minor / 100);
  g_string_append_len (out, cents, 3);
}

/* Writing objects, with `_fields` filtering of the top level */

typedef struct
{
  GString            *out;
  const SkDemoFields *fields;
  gboolean            first;
} Obj;

static inline void
obj_begin (Obj                *obj,
           GString            *out,
           const SkDemoFields *fields)
{
  obj->out = out;
  obj->fields = fields;
  obj->first = TRUE;
  g_string_append_c (out, '{');
}

static inline void
obj_end (Obj *obj)
{
  g_string_append_c (obj->out, '}');
}

/* Writes `"key":` if the field is wanted and returns whether it is. */
static inline gboolean
key (Obj        *obj,
     const char *name)
{
  if (obj->fields != NULL &&
      strcmp (name, "id") != 0 &&
      !g_hash_table_contains (obj->fields->names, name))
    return FALSE;

  if (!obj->first)
    g_string_append_c (obj->out, ',');
  obj->first = FALSE;
  g_string_append_c (obj->out, '"');
  g_string_append (obj->out, name);
  g_string_append (obj->out, "\":");

  return TRUE;
}

static void
put_str (Obj        *obj,
         const char *name,
         const char *value)
{
  if (key (obj, name))
    sk_demo_json_append_string (obj->out, value);
}

static void
put_int (Obj        *obj,
         const char *name,
         gint64      value)
{
  if (key (obj, name))
    append_int (obj->out, value);
}

static void
put_bool (Obj        *obj,
          const char *name,
          gboolean    value)
{
  if (key (obj, name))
    g_string_append (obj->out, value ? "true" : "false");
}

static void
put_raw (Obj        *obj,
         const char *name,
         const char *json)
{
  if (key (obj, name))
    g_string_append (obj->out, json);
}

static void
put_money (Obj        *obj,
           const char *name,
           gint64      minor)
{
  if (key (obj, name))
    {
      g_string_append_c (obj->out, '"');
      sk_demo_append_money (obj->out, minor);
      g_string_append_c (obj->out, '"');
    }
}

/* A date, or null when @unix_utc is 0. */
static void
put_date (Obj        *obj,
          const char *name,
          gint64      unix_utc)
{
  if (key (obj, name))
    {
      if (unix_utc == 0)
        {
          g_string_append (obj->out, "null");
        }
      else
        {
          g_string_append_c (obj->out, '"');
          sk_demo_append_iso8601 (obj->out, unix_utc);
          g_string_append_c (obj->out, '"');
        }
    }
}

static void
put_links (Obj        *obj,
           const char *base_url,
           const char *self_path,
           const char *collection_path,
           const char *up_path)
{
  if (!key (obj, "_links"))
    return;

  g_string_append_printf (obj->out, "{\"self\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/%s\"}]", base_url, self_path);
  g_string_append_printf (obj->out, ",\"collection\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/%s\"}]", base_url, collection_path);
  if (up_path != NULL)
    g_string_append_printf (obj->out, ",\"up\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/%s\"}]", base_url, up_path);
  g_string_append_c (obj->out, '}');
}

/* Construction */

static guint64
gcd64 (guint64 a,
       guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

SkDemoData *
sk_demo_data_new (guint64 seed,
                  guint   n_orders,
                  gint64  anchor_utc)
{
  return sk_demo_data_new_with_people (seed, n_orders, 0, anchor_utc);
}

SkDemoData *
sk_demo_data_new_with_people (guint64 seed,
                              guint   n_orders,
                              guint   n_people_wanted,
                              gint64  anchor_utc)
{
  SkDemoData *self = g_new0 (SkDemoData, 1);
  guint64 n_people;
  guint cdf = 0;

  self->seed = seed;
  self->seed_hash = mix64 (seed ^ G_GUINT64_CONSTANT (0x53484f504b454550));
  self->anchor = anchor_utc;
  self->span = SK_DEMO_HISTORY_SECONDS;
  self->start = anchor_utc - self->span;
  self->n_orders = MIN (n_orders, SK_DEMO_MAX_ORDERS);

  if (n_people_wanted > 0)
    n_people = n_people_wanted;
  else
    n_people = (guint64) self->n_orders * 400 / 3000;
  self->n_people = (guint) MAX (n_people, 30);
  /* Person p is a guest when p % 3 == 2. */
  self->n_customers = self->n_people / 3 * 2 + MIN (self->n_people % 3, 2);
  self->n_loyal = MAX (self->n_people / 5, 1);

  self->perm_a = mix64 (self->seed_hash + 1) % self->n_people;
  if (self->perm_a == 0)
    self->perm_a = 1;
  while (gcd64 (self->perm_a, self->n_people) != 1)
    self->perm_a = self->perm_a % (self->n_people - 1) + 1;
  self->perm_b = mix64 (self->seed_hash + 2) % self->n_people;
  self->old_end = sk_demo_data_order_lower_bound (self, anchor_utc - 30 * DAY);

  for (guint i = 0; i < G_N_ELEMENTS (sk_demo_regions); i++)
    {
      cdf += sk_demo_regions[i].weight;
      self->region_cdf[i] = cdf;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sk_demo_products); i++)
    {
      const SkDemoProductDef *def = &sk_demo_products[i];
      Product *p = &self->products[i];
      Rng rng;

      rng_init (&rng, self, KIND_PRODUCT, i);
      p->regular_price = def->regular_price;
      p->price = def->sale_price != 0 ? def->sale_price : def->regular_price;
      if (def->manage_stock)
        p->stock_quantity = rng_below (&rng, 10) == 0 ? 0 : rng_range (&rng, 1, 240);
      else
        p->stock_quantity = -1;
      p->total_sales = (gint64) self->n_orders * (60 - i) / 900 + rng_range (&rng, 0, 20);
      p->date_created = self->start - rng_range (&rng, 30 * DAY, 400 * DAY);
      p->date_modified = rng_range (&rng, p->date_created, anchor_utc);
      g_snprintf (p->sku, sizeof p->sku, "SK-%u%02u", def->category + 1, i + 1);
    }

  return self;
}

void
sk_demo_data_free (SkDemoData *self)
{
  g_free (self);
}

guint64
sk_demo_data_get_seed (const SkDemoData *self)
{
  return self->seed;
}

gint64
sk_demo_data_get_anchor (const SkDemoData *self)
{
  return self->anchor;
}

const char *
sk_demo_data_get_currency (const SkDemoData *self)
{
  return "EUR";
}

guint
sk_demo_data_get_n_orders (const SkDemoData *self)
{
  return self->n_orders;
}

guint
sk_demo_data_get_n_people (const SkDemoData *self)
{
  return self->n_people;
}

guint
sk_demo_data_get_n_customers (const SkDemoData *self)
{
  return self->n_customers;
}

guint
sk_demo_data_get_n_products (const SkDemoData *self)
{
  return G_N_ELEMENTS (sk_demo_products);
}

gint64
sk_demo_data_order_id (const SkDemoData *self,
                       guint             index)
{
  return SK_DEMO_ORDER_ID_BASE + (gint64) index;
}

gboolean
sk_demo_data_order_index (const SkDemoData *self,
                          gint64            id,
                          guint            *out_index)
{
  if (id < SK_DEMO_ORDER_ID_BASE || id >= SK_DEMO_ORDER_ID_BASE + (gint64) self->n_orders)
    return FALSE;
  *out_index = (guint) (id - SK_DEMO_ORDER_ID_BASE);
  return TRUE;
}

gint64
sk_demo_data_customer_id (const SkDemoData *self,
                          guint             index)
{
  return SK_DEMO_CUSTOMER_ID_BASE + (gint64) index;
}

gboolean
sk_demo_data_customer_index (const SkDemoData *self,
                             gint64            id,
                             guint            *out_index)
{
  if (id < SK_DEMO_CUSTOMER_ID_BASE || id >= SK_DEMO_CUSTOMER_ID_BASE + (gint64) self->n_customers)
    return FALSE;
  *out_index = (guint) (id - SK_DEMO_CUSTOMER_ID_BASE);
  return TRUE;
}

gint64
sk_demo_data_product_id (const SkDemoData *self,
                         guint             index)
{
  /* Not contiguous, as in a real shop where variations and pages share ids. */
  return 101 + (gint64) index * 3;
}

/* Orders: time */

/* Offset of the slot of order @index from the start. More recent months
 * are busier: the density grows linearly to twice the initial one, so the
 * cumulative share of orders by time x ∈ [0,1] is (x + x²/2) / 1.5. */
static gint64
slot_start (const SkDemoData *self,
            guint             index)
{
  double x;

  if (self->n_orders == 0 || index >= self->n_orders)
    return self->span;

  x = sqrt (1.0 + 3.0 * (double) index / (double) self->n_orders) - 1.0;
  return MIN ((gint64) (x * (double) self->span), self->span);
}

gint64
sk_demo_data_order_date_created (const SkDemoData *self,
                                 guint             index)
{
  gint64 lo = slot_start (self, index);
  gint64 hi = slot_start (self, index + 1);
  Rng rng;

  /* Strictly inside the slot, so date_created never decreases with the id. */
  if (hi - lo <= 1)
    return self->start + lo;

  rng_init (&rng, self, KIND_TIME, index);
  return self->start + lo + rng_below (&rng, (guint32) MIN (hi - lo, G_MAXUINT32));
}

guint
sk_demo_data_order_lower_bound (const SkDemoData *self,
                                gint64            t)
{
  guint lo = 0, hi = self->n_orders;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sk_demo_data_order_date_created (self, mid) < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Trashed orders follow the index (one in 97 of those older than 30 days),
 * so the listing, which hides them like WooCommerce does, can count and skip
 * them arithmetically instead of scanning. */
gboolean
sk_demo_data_order_is_trashed (const SkDemoData *self,
                               guint             index)
{
  return index < self->old_end && index % 97 == 13;
}

static guint
count_below (guint x)
{
  /* Number of t in [0, x) with t % 97 == 13. */
  return x / 97 + (x % 97 > 13 ? 1 : 0);
}

guint
sk_demo_data_count_trashed (const SkDemoData *self,
                            guint             lo,
                            guint             hi)
{
  lo = MIN (lo, self->old_end);
  hi = MIN (hi, self->old_end);
  if (lo >= hi)
    return 0;
  return count_below (hi) - count_below (lo);
}

static Fate
pick_fate (const SkDemoData *self,
           guint             index,
           Rng              *rng,
           gint64            age)
{
  guint u = rng_below (rng, 1000);

  if (sk_demo_data_order_is_trashed (self, index))
    return FATE_TRASH;

  if (age > 30 * DAY)
    {
      if (u < 830) return FATE_COMPLETED;
      if (u < 860) return FATE_PARTIAL_REFUND;
      if (u < 900) return FATE_CANCELLED;
      if (u < 940) return FATE_REFUNDED;
      if (u < 970) return FATE_FAILED;
      return FATE_COMPLETED;
    }
  else if (age > 7 * DAY)
    {
      if (u < 650) return FATE_COMPLETED;
      if (u < 680) return FATE_PARTIAL_REFUND;
      if (u < 780) return FATE_PROCESSING;
      if (u < 830) return FATE_AWAITING;
      if (u < 870) return FATE_ON_HOLD;
      if (u < 910) return FATE_CANCELLED;
      if (u < 940) return FATE_REFUNDED;
      if (u < 970) return FATE_FAILED;
      return FATE_PENDING;
    }
  else
    {
      if (u < 250) return FATE_COMPLETED;
      if (u < 550) return FATE_PROCESSING;
      if (u < 650) return FATE_AWAITING;
      if (u < 780) return FATE_ON_HOLD;
      if (u < 900) return FATE_PENDING;
      if (u < 950) return FATE_FAILED;
      return FATE_CANCELLED;
    }
}

static void
compute_summary (const SkDemoData *self,
                 guint             index,
                 Summary          *s)
{
  Rng rng;
  guint u;
  gint64 t;

  memset (s, 0, sizeof *s);
  s->created = sk_demo_data_order_date_created (self, index);

  rng_init (&rng, self, KIND_FATE, index);
  s->fate = pick_fate (self, index, &rng, self->anchor - s->created);
  u = rng_below (&rng, 100);
  s->pay = u < 55 ? PAY_STRIPE : u < 85 ? PAY_PAYPAL : u < 95 ? PAY_BACS : PAY_COD;
  if (s->fate == FATE_ON_HOLD)
    s->pay = PAY_BACS;
  else if (s->fate == FATE_FAILED && (s->pay == PAY_BACS || s->pay == PAY_COD))
    s->pay = PAY_STRIPE;
  else if (s->fate == FATE_PENDING && s->pay == PAY_COD)
    s->pay = PAY_PAYPAL;

  rng_init (&rng, self, KIND_TIMELINE, index);
  switch (s->fate)
    {
    case FATE_COMPLETED:
    case FATE_PARTIAL_REFUND:
    case FATE_REFUNDED:
    case FATE_PROCESSING:
    case FATE_AWAITING:
      if (s->pay == PAY_BACS)
        t = s->created + rng_range (&rng, DAY / 2, 3 * DAY);
      else if (s->pay == PAY_COD)
        t = s->created + rng_range (&rng, 5, 60);
      else
        t = s->created + rng_range (&rng, 5, 300);
      s->processing = t;
      if (s->pay != PAY_COD)
        s->paid = t;
      if (s->fate == FATE_AWAITING)
        s->awaiting = t + rng_range (&rng, 2 * 3600, DAY);
      if (s->fate == FATE_COMPLETED || s->fate == FATE_PARTIAL_REFUND || s->fate == FATE_REFUNDED)
        {
          s->completed = t + rng_range (&rng, DAY / 4, 5 * DAY);
          if (s->pay == PAY_COD)
            s->paid = s->completed;
          if (s->fate != FATE_COMPLETED)
            s->refunded = s->completed + rng_range (&rng, DAY / 2, 7 * DAY);
        }
      break;

    case FATE_CANCELLED:
    case FATE_TRASH:
      s->ended = s->created + rng_range (&rng, 3600, 3 * DAY);
      if (s->fate == FATE_TRASH)
        s->trashed = s->ended + rng_range (&rng, DAY, 10 * DAY);
      break;

    case FATE_FAILED:
      s->ended = s->created + rng_range (&rng, 10, 120);
      break;

    case FATE_ON_HOLD:
      s->ended = 0;
      break;

    case FATE_PENDING:
    default:
      break;
    }

  /* Nothing happens after "now": events due later are pinned to the anchor. */
#define CLAMP_TO_ANCHOR(field) if (s->field > self->anchor) s->field = self->anchor
  CLAMP_TO_ANCHOR (paid);
  CLAMP_TO_ANCHOR (processing);
  CLAMP_TO_ANCHOR (awaiting);
  CLAMP_TO_ANCHOR (completed);
  CLAMP_TO_ANCHOR (refunded);
  CLAMP_TO_ANCHOR (ended);
  CLAMP_TO_ANCHOR (trashed);
#undef CLAMP_TO_ANCHOR

  s->modified = s->created + (s->fate == FATE_ON_HOLD ? 10 : 0);
  s->modified = MAX (s->modified, s->paid);
  s->modified = MAX (s->modified, s->processing);
  s->modified = MAX (s->modified, s->awaiting);
  s->modified = MAX (s->modified, s->completed);
  s->modified = MAX (s->modified, s->refunded);
  s->modified = MAX (s->modified, s->ended);
  s->modified = MAX (s->modified, s->trashed);
  s->modified = MIN (s->modified, MAX (self->anchor, s->created));

  g_assert (s->modified - s->created <= SK_DEMO_MAX_MODIFIED_DELAY);
}

gint64
sk_demo_data_order_date_modified (const SkDemoData *self,
                                  guint             index)
{
  Summary s;

  compute_summary (self, index, &s);
  return s.modified;
}

const char *
sk_demo_data_order_status (const SkDemoData *self,
                           guint             index)
{
  Rng rng;

  rng_init (&rng, self, KIND_FATE, index);
  return fate_status[pick_fate (self, index, &rng, self->anchor - sk_demo_data_order_date_created (self, index))];
}

/* People */

static void
fill_person (const SkDemoData *self,
             guint             p,
             SkDemoPerson     *out)
{
  const SkDemoRegion *region = &sk_demo_regions[0];
  const SkDemoName *first, *last;
  const SkDemoPlace *place;
  const char *street;
  guint r, number;
  Rng rng;

  memset (out, 0, sizeof *out);
  rng_init (&rng, self, KIND_PERSON, p);

  r = rng_below (&rng, self->region_cdf[G_N_ELEMENTS (sk_demo_regions) - 1]);
  for (guint i = 0; i < G_N_ELEMENTS (sk_demo_regions); i++)
    if (r < self->region_cdf[i])
      {
        region = &sk_demo_regions[i];
        break;
      }

  first = &region->first_names[rng_below (&rng, region->n_first_names)];
  last = &region->last_names[rng_below (&rng, region->n_last_names)];
  place = &region->places[rng_below (&rng, region->n_places)];

  out->index = p;
  out->first_name = first->display;
  out->last_name = last->display;
  out->company = rng_below (&rng, 100) < 8 ? sk_demo_companies[rng_below (&rng, G_N_ELEMENTS (sk_demo_companies))] : "";
  out->city = place->city;
  out->state = place->state;
  out->postcode = place->postcode;
  out->country = region->country;

  street = region->streets[rng_below (&rng, region->n_streets)];
  number = rng_range (&rng, 1, 140);
  if (region->number_first)
    g_snprintf (out->address_1, sizeof out->address_1, "%u %s", number, street);
  else
    g_snprintf (out->address_1, sizeof out->address_1, "%s %u%s", street, number, region->number_suffix);

  /* Some send their parcels to work or to a relative. */
  if (rng_below (&rng, 100) < 15)
    {
      street = region->streets[rng_below (&rng, region->n_streets)];
      number = rng_range (&rng, 1, 140);
      if (region->number_first)
        g_snprintf (out->shipping_address_1, sizeof out->shipping_address_1, "%u %s", number, street);
      else
        g_snprintf (out->shipping_address_1, sizeof out->shipping_address_1, "%s %u%s", street, number, region->number_suffix);
    }
  else
    {
      memcpy (out->shipping_address_1, out->address_1, sizeof out->address_1);
    }

  /* The person index makes every address unique, so guest profiles built
   * from e-mail addresses never merge two people. */
  g_snprintf (out->email, sizeof out->email, "%s.%s%u@%s",
              first->ascii, last->ascii, p + 1,
              sk_demo_email_domains[rng_below (&rng, G_N_ELEMENTS (sk_demo_email_domains))]);
  g_snprintf (out->phone, sizeof out->phone, "%s%u %07u",
              region->phone_prefix, (guint) rng_range (&rng, 20, 899), (guint) rng_below (&rng, 10000000));

  if (p % 3 != 2)
    {
      guint k = p / 3 * 2 + p % 3;
      Rng crng;

      out->customer_id = sk_demo_data_customer_id (self, k);
      g_snprintf (out->username, sizeof out->username, "%s.%s%u", first->ascii, last->ascii, p + 1);
      /* Registration dates grow with the user id, like WordPress user ids. */
      out->date_created = self->start - 400 * DAY +
                          (gint64) ((double) k / (double) self->n_customers * (double) (400 * DAY + self->span / 2));
      rng_init (&crng, self, KIND_CUSTOMER, k);
      out->date_created += rng_below (&crng, 3600);
      out->date_modified = rng_range (&crng, out->date_created, MAX (self->anchor, out->date_created));
    }
}

void
sk_demo_data_get_person (const SkDemoData *self,
                         guint             person_index,
                         SkDemoPerson     *out)
{
  g_return_if_fail (person_index < self->n_people);

  fill_person (self, person_index, out);
}

void
sk_demo_data_get_customer (const SkDemoData *self,
                           guint             index,
                           SkDemoPerson     *out)
{
  g_return_if_fail (index < self->n_customers);

  fill_person (self, index / 2 * 3 + index % 2, out);
}

/* Orders: body */

static guint
pick_person (const SkDemoData *self,
             Rng              *rng)
{
  guint rank;

  /* A fifth of the people are loyal and place most of the orders (skewed
   * again among themselves); the rest buy once or twice, or never. */
  if (self->n_people <= self->n_loyal || rng_below (rng, 100) < 84)
    rank = (guint) ((double) self->n_loyal * pow (rng_unit (rng), 1.8));
  else
    rank = self->n_loyal + rng_below (rng, self->n_people - self->n_loyal);

  rank = MIN (rank, self->n_people - 1);

  return (guint) (((guint64) rank * self->perm_a + self->perm_b) % self->n_people);
}

static void
add_note (SkDemoOrder *o,
          SkDemoNote  *notes,
          guint       *n,
          gint64       when,
          gboolean     customer_note,
          const char  *text1,
          const char  *text2)
{
  SkDemoNote *note = &notes[*n];

  note->id = (gint64) o->index * 8 + *n + 1;
  note->date_created = when;
  note->customer_note = customer_note;
  note->author = customer_note ? "Kaffeehaus Team" : "WooCommerce";
  g_snprintf (note->note, sizeof note->note, "%s%s", text1, text2 != NULL ? text2 : "");
  (*n)++;
}

void
sk_demo_data_get_order (const SkDemoData *self,
                        guint             index,
                        SkDemoOrder      *o)
{
  SkDemoNote notes[8];
  guint n_notes = 0;
  gint64 items_total = 0;
  gint64 coupon_percent = 0;
  Summary s;
  Rng rng;
  guint n;

  g_return_if_fail (index < self->n_orders);

  memset (o, 0, sizeof *o);
  compute_summary (self, index, &s);
  rng_init (&rng, self, KIND_BODY, index);

  o->index = index;
  o->id = sk_demo_data_order_id (self, index);
  o->status = fate_status[s.fate];
  o->date_created = s.created;
  o->date_modified = s.modified;
  o->date_paid = s.paid;
  o->date_completed = s.completed;
  o->payment_method = pay_methods[s.pay].id;
  o->payment_method_title = pay_methods[s.pay].title;

  memcpy (o->order_key, "wc_order_", 9);
  rng_alnum (&rng, o->order_key + 9, 13, alnum);
  if (s.paid != 0 && s.pay == PAY_STRIPE)
    {
      memcpy (o->transaction_id, "ch_", 3);
      rng_alnum (&rng, o->transaction_id + 3, 24, alnum);
    }
  else if (s.paid != 0 && s.pay == PAY_PAYPAL)
    {
      rng_alnum (&rng, o->transaction_id, 17, upper_alnum);
    }
  g_snprintf (o->customer_ip_address, sizeof o->customer_ip_address, "%s.%u",
              (const char *[]) { "192.0.2", "198.51.100", "203.0.113" }[rng_below (&rng, 3)],
              1 + rng_below (&rng, 254));

  fill_person (self, pick_person (self, &rng), &o->customer);

  o->customer_note = rng_below (&rng, 100) < 8
    ? sk_demo_customer_notes[rng_below (&rng, G_N_ELEMENTS (sk_demo_customer_notes))]
    : "";

  if (rng_below (&rng, 100) < 15)
    {
      guint c = rng_below (&rng, G_N_ELEMENTS (coupons));

      o->coupon_code = coupons[c].code;
      coupon_percent = coupons[c].percent;
    }

  /* Line items: 1–4 distinct products, the first ones (coffee) the most popular. */
  n = rng_below (&rng, 100);
  o->n_items = n < 45 ? 1 : n < 75 ? 2 : n < 90 ? 3 : 4;
  for (guint i = 0; i < o->n_items; i++)
    {
      SkDemoLineItem *item = &o->items[i];
      guint p = (guint) (G_N_ELEMENTS (sk_demo_products) * pow (rng_unit (&rng), 1.5));
      gboolean dup;
      guint q = rng_below (&rng, 100);

      p = MIN (p, G_N_ELEMENTS (sk_demo_products) - 1);
      do
        {
          dup = FALSE;
          for (guint j = 0; j < i; j++)
            if (o->items[j].product_index == p)
              {
                dup = TRUE;
                p = (p + 1) % G_N_ELEMENTS (sk_demo_products);
              }
        }
      while (dup);

      item->id = (gint64) index * 8 + i + 1;
      item->product_index = p;
      item->product_id = sk_demo_data_product_id (self, p);
      item->name = sk_demo_products[p].name;
      item->sku = self->products[p].sku;
      item->quantity = q < 70 ? 1 : q < 90 ? 2 : q < 97 ? 3 : rng_range (&rng, 4, 6);
      item->price = self->products[p].price;
      item->subtotal = item->price * item->quantity;
      item->subtotal_tax = tax_of (item->subtotal);
      item->total = item->subtotal - (item->subtotal * coupon_percent + 50) / 100;
      item->total_tax = tax_of (item->total);

      items_total += item->total;
      o->discount_total += item->subtotal - item->total;
      o->discount_tax += item->subtotal_tax - item->total_tax;
      o->cart_tax += item->total_tax;
    }

  if (g_str_equal (o->customer.country, "DE") && rng_below (&rng, 100) < 5)
    {
      o->shipping_method_id = "local_pickup";
      o->shipping_method_title = "Local pickup";
      o->shipping_total = 0;
    }
  else if (items_total >= 5000)
    {
      o->shipping_method_id = "free_shipping";
      o->shipping_method_title = "Free shipping";
      o->shipping_total = 0;
    }
  else
    {
      o->shipping_method_id = "flat_rate";
      if (g_str_equal (o->customer.country, "DE"))
        o->shipping_method_title = "DHL Paket", o->shipping_total = 490;
      else if (g_str_equal (o->customer.country, "CN") || g_str_equal (o->customer.country, "US"))
        o->shipping_method_title = "International", o->shipping_total = 1990;
      else
        o->shipping_method_title = "EU Standard", o->shipping_total = 990;
    }
  o->shipping_tax = tax_of (o->shipping_total);
  o->total_tax = o->cart_tax + o->shipping_tax;
  o->total = items_total + o->shipping_total + o->total_tax;

  if (s.fate == FATE_PARTIAL_REFUND || s.fate == FATE_REFUNDED)
    {
      SkDemoRefund *refund = &o->refunds[0];

      o->n_refunds = 1;
      refund->id = SK_DEMO_REFUND_ID_BASE + index;
      refund->date_created = s.refunded;
      refund->reason = sk_demo_refund_reasons[rng_below (&rng, G_N_ELEMENTS (sk_demo_refund_reasons))];
      if (s.fate == FATE_REFUNDED || o->n_items == 1)
        {
          /* A partial refund of a single-item order refunds half the item. */
          refund->item = s.fate == FATE_REFUNDED ? -1 : 0;
          refund->amount = s.fate == FATE_REFUNDED ? o->total : (o->items[0].total + o->items[0].total_tax) / 2;
        }
      else
        {
          refund->item = o->n_items - 1;
          refund->amount = o->items[refund->item].total + o->items[refund->item].total_tax;
        }
    }

  if (rng_below (&rng, 2) == 0)
    {
      static const char *const sources[] = { "\"organic\"", "\"typein\"", "\"referral\"", "\"newsletter\"" };

      o->n_meta = 2;
      o->meta[0].id = (gint64) index * 2 + 1;
      o->meta[0].key = "delivery_window";
      o->meta[0].value = rng_below (&rng, 2) ? "\"morning\"" : "\"afternoon\"";
      o->meta[1].id = (gint64) index * 2 + 2;
      o->meta[1].key = "acquisition_source";
      o->meta[1].value = sources[rng_below (&rng, G_N_ELEMENTS (sources))];
    }

  /* Notes, as WooCommerce writes them on each transition. */
  switch (s.fate)
    {
    case FATE_PENDING:
      add_note (o, notes, &n_notes, s.created + 1, FALSE, "Awaiting payment. Order status changed from Checkout draft to Pending payment.", NULL);
      break;
    case FATE_ON_HOLD:
      add_note (o, notes, &n_notes, s.created + 10, FALSE, "Awaiting BACS payment Order status changed from Pending payment to On hold.", NULL);
      break;
    case FATE_FAILED:
      add_note (o, notes, &n_notes, s.ended, FALSE,
                s.pay == PAY_STRIPE ? "Stripe: the card was declined (card_declined). " : "PayPal: payment not completed. ",
                "Order status changed from Pending payment to Failed.");
      break;
    case FATE_CANCELLED:
    case FATE_TRASH:
      add_note (o, notes, &n_notes, s.ended, FALSE, "Unpaid order cancelled - time limit reached. Order status changed from Pending payment to Cancelled.", NULL);
      break;
    case FATE_COMPLETED:
    case FATE_PARTIAL_REFUND:
    case FATE_REFUNDED:
    case FATE_PROCESSING:
    case FATE_AWAITING:
    default:
      {
        char buf[96];

        if (s.pay == PAY_STRIPE)
          {
            g_snprintf (buf, sizeof buf, "Stripe charge complete (Charge ID: %s). ", o->transaction_id);
            add_note (o, notes, &n_notes, s.processing, FALSE, buf, "Order status changed from Pending payment to Processing.");
          }
        else if (s.pay == PAY_PAYPAL)
          {
            g_snprintf (buf, sizeof buf, "PayPal payment completed (Transaction ID: %s). ", o->transaction_id);
            add_note (o, notes, &n_notes, s.processing, FALSE, buf, "Order status changed from Pending payment to Processing.");
          }
        else if (s.pay == PAY_BACS)
          {
            add_note (o, notes, &n_notes, s.created + 10, FALSE, "Awaiting BACS payment Order status changed from Pending payment to On hold.", NULL);
            add_note (o, notes, &n_notes, s.processing, FALSE, "Order status changed from On hold to Processing.", NULL);
          }
        else
          {
            add_note (o, notes, &n_notes, s.processing, FALSE, "Payment to be made upon delivery. Order status changed from Pending payment to Processing.", NULL);
          }

        if (s.awaiting != 0)
          add_note (o, notes, &n_notes, s.awaiting, FALSE, "Order status changed from Processing to Awaiting shipment.", NULL);

        if (s.completed != 0)
          {
            if (rng_below (&rng, 2) == 0)
              {
                g_snprintf (buf, sizeof buf, "%010u", (guint) (rng_next (&rng) % 10000000000u));
                add_note (o, notes, &n_notes, s.completed - 60, TRUE,
                          sk_demo_shipped_notes[rng_below (&rng, G_N_ELEMENTS (sk_demo_shipped_notes))], buf);
              }
            add_note (o, notes, &n_notes, s.completed, FALSE, "Order status changed from Processing to Completed.", NULL);
          }

        if (s.refunded != 0)
          {
            GString *text = g_string_new ("Refunded €");

            sk_demo_append_money (text, o->refunds[0].amount);
            g_string_append (text, " – ");
            g_string_append (text, o->refunds[0].reason);
            if (s.fate == FATE_REFUNDED)
              g_string_append (text, " Order status changed from Completed to Refunded.");
            add_note (o, notes, &n_notes, s.refunded, FALSE, text->str, NULL);
            g_string_free (text, TRUE);
          }
      }
      break;
    }

  /* At most three: the first and the last two tell the story. */
  if (n_notes <= 3)
    {
      memcpy (o->notes, notes, n_notes * sizeof notes[0]);
      o->n_notes = n_notes;
    }
  else
    {
      o->notes[0] = notes[0];
      o->notes[1] = notes[n_notes - 2];
      o->notes[2] = notes[n_notes - 1];
      o->n_notes = 3;
    }
}

/* Fields */

SkDemoFields *
sk_demo_fields_new (const char *spec)
{
  g_auto(GStrv) parts = NULL;
  SkDemoFields *fields;

  if (spec == NULL || *spec == '\0')
    return NULL;

  fields = g_new0 (SkDemoFields, 1);
  fields->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      char *dot = strchr (name, '.');

      if (dot != NULL)
        *dot = '\0';
      if (*name != '\0')
        g_hash_table_add (fields->names, g_strdup (name));
    }

  return fields;
}

void
sk_demo_fields_free (SkDemoFields *fields)
{
  if (fields == NULL)
    return;
  g_hash_table_unref (fields->names);
  g_free (fields);
}

/* JSON writers */

static void
write_address (GString            *out,
               const SkDemoPerson *person,
               gboolean            billing,
               gboolean            for_customer)
{
  Obj obj;

  obj_begin (&obj, out, NULL);
  put_str (&obj, "first_name", person->first_name);
  put_str (&obj, "last_name", person->last_name);
  put_str (&obj, "company", person->company);
  put_str (&obj, "address_1", billing ? person->address_1 : person->shipping_address_1);
  put_str (&obj, "address_2", "");
  put_str (&obj, "city", person->city);
  put_str (&obj, "state", person->state);
  put_str (&obj, "postcode", person->postcode);
  put_str (&obj, "country", person->country);
  if (billing)
    put_str (&obj, "email", person->email);
  put_str (&obj, "phone", billing ? person->phone : "");
  obj_end (&obj);
}

static void
write_meta (GString           *out,
            const SkDemoOrder *o)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < o->n_meta; i++)
    g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT ",\"key\":\"%s\",\"value\":%s}",
                            i > 0 ? "," : "", o->meta[i].id, o->meta[i].key, o->meta[i].value);
  g_string_append_c (out, ']');
}

static void
write_line_item (GString              *out,
                 const SkDemoLineItem *item,
                 gint64                sign,
                 gint64                quantity,
                 gint64                total,
                 gint64                total_tax,
                 const char           *base_url)
{
  Obj obj;

  obj_begin (&obj, out, NULL);
  put_int (&obj, "id", item->id);
  put_str (&obj, "name", item->name);
  put_int (&obj, "product_id", item->product_id);
  put_int (&obj, "variation_id", 0);
  put_int (&obj, "quantity", sign * quantity);
  put_str (&obj, "tax_class", "");
  put_money (&obj, "subtotal", sign * (sign < 0 ? total : item->subtotal));
  put_money (&obj, "subtotal_tax", sign * (sign < 0 ? total_tax : item->subtotal_tax));
  put_money (&obj, "total", sign * total);
  put_money (&obj, "total_tax", sign * total_tax);
  if (key (&obj, "taxes"))
    {
      g_string_append (out, "[{\"id\":1,\"total\":\"");
      sk_demo_append_money (out, sign * total_tax);
      g_string_append (out, "\",\"subtotal\":\"");
      sk_demo_append_money (out, sign * (sign < 0 ? total_tax : item->subtotal_tax));
      g_string_append (out, "\"}]");
    }
  put_raw (&obj, "meta_data", "[]");
  put_str (&obj, "sku", item->sku);
  if (key (&obj, "price"))
    sk_demo_append_money (out, item->price);
  if (key (&obj, "image"))
    g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"src\":\"%s\\/wp-content\\/uploads\\/%s.jpg\"}",
                            item->product_id + 1, base_url, sk_demo_products[item->product_index].slug);
  put_raw (&obj, "parent_name", "null");
  obj_end (&obj);
}

void
sk_demo_data_write_order (const SkDemoData   *self,
                          guint               index,
                          const SkDemoFields *fields,
                          const char         *base_url,
                          GString            *out)
{
  SkDemoOrder o;

  g_return_if_fail (index < self->n_orders);

  sk_demo_data_get_order (self, index, &o);
  sk_demo_data_write_order_record (self, &o, NULL, fields, base_url, out);
}

void
sk_demo_order_item_refunded (const SkDemoOrder      *order,
                             const SkDemoOrderExtra *extra,
                             guint                   item,
                             gint64                 *out_quantity,
                             gint64                 *out_total,
                             gint64                 *out_tax)
{
  const SkDemoLineItem *line = &order->items[item];

  *out_quantity = *out_total = *out_tax = 0;

  /* The generated refund, as its line_items list it. */
  for (guint i = 0; i < order->n_refunds; i++)
    {
      const SkDemoRefund *refund = &order->refunds[i];

      if (refund->item < 0)
        {
          *out_quantity += line->quantity;
          *out_total += line->total;
          *out_tax += line->total_tax;
        }
      else if ((guint) refund->item == item)
        {
          gint64 tax = tax_of (refund->amount * 100 / (100 + SK_DEMO_TAX_PERCENT));

          *out_quantity += refund->amount == line->total + line->total_tax ? line->quantity : 0;
          *out_total += refund->amount - tax;
          *out_tax += tax;
        }
    }

  for (guint i = 0; extra != NULL && i < extra->n_refunds; i++)
    for (guint j = 0; j < extra->refunds[i].n_lines; j++)
      if (extra->refunds[i].lines[j].item_id == line->id)
        {
          *out_quantity += extra->refunds[i].lines[j].quantity;
          *out_total += extra->refunds[i].lines[j].refund_total;
          *out_tax += extra->refunds[i].lines[j].refund_tax;
        }
}

gint64
sk_demo_order_refunded (const SkDemoOrder      *order,
                        const SkDemoOrderExtra *extra)
{
  gint64 sum = 0;

  for (guint i = 0; i < order->n_refunds; i++)
    sum += order->refunds[i].amount;
  for (guint i = 0; extra != NULL && i < extra->n_refunds; i++)
    sum += extra->refunds[i].amount;

  return sum;
}

void
sk_demo_data_write_order_record (const SkDemoData       *self,
                                 const SkDemoOrder      *order,
                                 const SkDemoOrderExtra *extra,
                                 const SkDemoFields     *fields,
                                 const char             *base_url,
                                 GString                *out)
{
  const SkDemoOrder o = *order;
  guint index = o.index;
  char path[64];
  Obj obj;

  obj_begin (&obj, out, fields);
  put_int (&obj, "id", o.id);
  put_int (&obj, "parent_id", 0);
  put_str (&obj, "status", o.status);
  put_str (&obj, "currency", "EUR");
  put_str (&obj, "version", "8.9.1");
  put_bool (&obj, "prices_include_tax", FALSE);
  put_date (&obj, "date_created", o.date_created);
  put_date (&obj, "date_modified", o.date_modified);
  put_money (&obj, "discount_total", o.discount_total);
  put_money (&obj, "discount_tax", o.discount_tax);
  put_money (&obj, "shipping_total", o.shipping_total);
  put_money (&obj, "shipping_tax", o.shipping_tax);
  put_money (&obj, "cart_tax", o.cart_tax);
  put_money (&obj, "total", o.total);
  put_money (&obj, "total_tax", o.total_tax);
  put_int (&obj, "customer_id", o.customer.customer_id);
  put_str (&obj, "order_key", o.order_key);
  if (key (&obj, "billing"))
    write_address (out, &o.customer, TRUE, FALSE);
  if (key (&obj, "shipping"))
    write_address (out, &o.customer, FALSE, FALSE);
  put_str (&obj, "payment_method", o.payment_method);
  put_str (&obj, "payment_method_title", o.payment_method_title);
  put_str (&obj, "transaction_id", o.transaction_id);
  put_str (&obj, "customer_ip_address", o.customer_ip_address);
  put_str (&obj, "customer_user_agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  put_str (&obj, "created_via", "checkout");
  put_str (&obj, "customer_note", o.customer_note);
  put_date (&obj, "date_completed", o.date_completed);
  put_date (&obj, "date_paid", o.date_paid);
  if (key (&obj, "cart_hash"))
    {
      Rng rng;
      char hash[33];

      rng_init (&rng, self, KIND_BODY + 100, index);
      rng_alnum (&rng, hash, 32, hex_digits);
      g_string_append_printf (out, "\"%s\"", hash);
    }
  g_snprintf (path, sizeof path, "%" G_GINT64_FORMAT, o.id);
  put_str (&obj, "number", path);
  if (key (&obj, "meta_data"))
    write_meta (out, &o);
  if (key (&obj, "line_items"))
    {
      g_string_append_c (out, '[');
      for (guint i = 0; i < o.n_items; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          write_line_item (out, &o.items[i], 1, o.items[i].quantity, o.items[i].total, o.items[i].total_tax, base_url);
        }
      g_string_append_c (out, ']');
    }
  if (key (&obj, "tax_lines"))
    {
      g_string_append_printf (out, "[{\"id\":%" G_GINT64_FORMAT ",\"rate_code\":\"DE-MWST-1\",\"rate_id\":1,"
                              "\"label\":\"MwSt.\",\"compound\":false,\"tax_total\":\"", (gint64) index * 8 + 6);
      sk_demo_append_money (out, o.cart_tax);
      g_string_append (out, "\",\"shipping_tax_total\":\"");
      sk_demo_append_money (out, o.shipping_tax);
      g_string_append_printf (out, "\",\"rate_percent\":%d,\"meta_data\":[]}]", SK_DEMO_TAX_PERCENT);
    }
  if (key (&obj, "shipping_lines"))
    {
      g_string_append_printf (out, "[{\"id\":%" G_GINT64_FORMAT ",\"method_title\":", (gint64) index * 8 + 5);
      sk_demo_json_append_string (out, o.shipping_method_title);
      g_string_append_printf (out, ",\"method_id\":\"%s\",\"instance_id\":\"1\",\"total\":\"", o.shipping_method_id);
      sk_demo_append_money (out, o.shipping_total);
      g_string_append (out, "\",\"total_tax\":\"");
      sk_demo_append_money (out, o.shipping_tax);
      g_string_append (out, "\",\"taxes\":[{\"id\":1,\"total\":\"");
      sk_demo_append_money (out, o.shipping_tax);
      g_string_append (out, "\",\"subtotal\":\"\"}],\"meta_data\":[]}]");
    }
  put_raw (&obj, "fee_lines", "[]");
  if (key (&obj, "coupon_lines"))
    {
      if (o.coupon_code != NULL)
        {
          g_string_append_printf (out, "[{\"id\":%" G_GINT64_FORMAT ",\"code\":\"%s\",\"discount\":\"",
                                  (gint64) index * 8 + 7, o.coupon_code);
          sk_demo_append_money (out, o.discount_total);
          g_string_append (out, "\",\"discount_tax\":\"");
          sk_demo_append_money (out, o.discount_tax);
          g_string_append (out, "\",\"meta_data\":[]}]");
        }
      else
        {
          g_string_append (out, "[]");
        }
    }
  if (key (&obj, "refunds"))
    {
      guint n = 0;

      /* Newest first, as WooCommerce lists an order's refunds. */
      g_string_append_c (out, '[');
      for (guint i = extra != NULL ? extra->n_refunds : 0; i > 0; i--)
        {
          const SkDemoExtraRefund *r = &extra->refunds[i - 1];

          g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT ",\"reason\":", n++ > 0 ? "," : "", r->id);
          sk_demo_json_append_string (out, r->reason);
          g_string_append (out, ",\"total\":\"");
          sk_demo_append_money (out, -r->amount);
          g_string_append (out, "\"}");
        }
      for (guint i = 0; i < o.n_refunds; i++)
        {
          g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT ",\"reason\":", n++ > 0 ? "," : "", o.refunds[i].id);
          sk_demo_json_append_string (out, o.refunds[i].reason);
          g_string_append (out, ",\"total\":\"");
          sk_demo_append_money (out, -o.refunds[i].amount);
          g_string_append (out, "\"}");
        }
      g_string_append_c (out, ']');
    }
  if (key (&obj, "payment_url"))
    g_string_append_printf (out, "\"%s\\/checkout\\/order-pay\\/%" G_GINT64_FORMAT "\\/?pay_for_order=true&key=%s\"",
                            base_url, o.id, o.order_key);
  put_bool (&obj, "is_editable", g_str_equal (o.status, "pending") || g_str_equal (o.status, "on-hold") || g_str_equal (o.status, "failed"));
  put_bool (&obj, "needs_payment", g_str_equal (o.status, "pending") || g_str_equal (o.status, "failed"));
  put_bool (&obj, "needs_processing", TRUE);
  put_date (&obj, "date_created_gmt", o.date_created);
  put_date (&obj, "date_modified_gmt", o.date_modified);
  put_date (&obj, "date_completed_gmt", o.date_completed);
  put_date (&obj, "date_paid_gmt", o.date_paid);
  put_str (&obj, "currency_symbol", "€");
  if (key (&obj, "_links"))
    {
      g_string_append_printf (out, "{\"self\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/orders\\/%s\"}]", base_url, path);
      g_string_append_printf (out, ",\"collection\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/orders\"}]", base_url);
      if (o.customer.customer_id != 0)
        g_string_append_printf (out, ",\"customer\":[{\"href\":\"%s\\/wp-json\\/wc\\/v3\\/customers\\/%" G_GINT64_FORMAT "\"}]",
                                base_url, o.customer.customer_id);
      g_string_append_c (out, '}');
    }
  obj_end (&obj);
}

void
sk_demo_data_write_order_notes (const SkDemoData   *self,
                                guint               index,
                                const SkDemoFields *fields,
                                const char         *base_url,
                                GString            *out)
{
  SkDemoOrder o;

  g_return_if_fail (index < self->n_orders);

  sk_demo_data_get_order (self, index, &o);
  g_string_append_c (out, '[');
  sk_demo_data_write_notes_record (self, &o, NULL, fields, base_url, out);
  g_string_append_c (out, ']');
}

static void
write_note (gint64              order_id,
            gint64              id,
            gint64              date_created,
            const char         *author,
            const char         *text,
            gboolean            customer_note,
            const SkDemoFields *fields,
            const char         *base_url,
            GString            *out)
{
  char self_path[96], up_path[64], collection[80];
  Obj obj;

  obj_begin (&obj, out, fields);
  put_int (&obj, "id", id);
  put_str (&obj, "author", author);
  put_date (&obj, "date_created", date_created);
  put_date (&obj, "date_created_gmt", date_created);
  put_str (&obj, "note", text);
  put_bool (&obj, "customer_note", customer_note);
  g_snprintf (self_path, sizeof self_path, "orders\\/%" G_GINT64_FORMAT "\\/notes\\/%" G_GINT64_FORMAT, order_id, id);
  g_snprintf (collection, sizeof collection, "orders\\/%" G_GINT64_FORMAT "\\/notes", order_id);
  g_snprintf (up_path, sizeof up_path, "orders\\/%" G_GINT64_FORMAT, order_id);
  put_links (&obj, base_url, self_path, collection, up_path);
  obj_end (&obj);
}

void
sk_demo_data_write_note_record (const SkDemoOrder     *order,
                                const SkDemoExtraNote *note,
                                const SkDemoFields    *fields,
                                const char            *base_url,
                                GString               *out)
{
  write_note (order->id, note->id, note->date_created, note->author, note->note,
              note->customer_note, fields, base_url, out);
}

void
sk_demo_data_write_notes_record (const SkDemoData       *self,
                                 const SkDemoOrder      *o,
                                 const SkDemoOrderExtra *extra,
                                 const SkDemoFields     *fields,
                                 const char             *base_url,
                                 GString                *out)
{
  guint n = 0;

  /* Newest first: the notes added through the API are the newest. */
  for (guint k = extra != NULL ? extra->n_notes : 0; k > 0; k--)
    {
      if (n++ > 0)
        g_string_append_c (out, ',');
      sk_demo_data_write_note_record (o, &extra->notes[k - 1], fields, base_url, out);
    }
  for (guint k = o->n_notes; k > 0; k--)
    {
      const SkDemoNote *note = &o->notes[k - 1];

      if (n++ > 0)
        g_string_append_c (out, ',');
      write_note (o->id, note->id, note->date_created, note->author, note->note,
                  note->customer_note, fields, base_url, out);
    }
}

void
sk_demo_data_write_order_refunds (const SkDemoData   *self,
                                  guint               index,
                                  const SkDemoFields *fields,
                                  const char         *base_url,
                                  GString            *out)
{
  SkDemoOrder o;

  g_return_if_fail (index < self->n_orders);

  sk_demo_data_get_order (self, index, &o);
  g_string_append_c (out, '[');
  sk_demo_data_write_refunds_record (self, &o, NULL, fields, base_url, out);
  g_string_append_c (out, ']');
}

static void
refund_tail (Obj               *obj,
             const SkDemoOrder *o,
             gint64             refund_id,
             const char        *base_url)
{
  char self_path[96], up_path[64], collection[80];

  put_raw (obj, "shipping_lines", "[]");
  put_raw (obj, "tax_lines", "[]");
  put_raw (obj, "fee_lines", "[]");
  g_snprintf (self_path, sizeof self_path, "orders\\/%" G_GINT64_FORMAT "\\/refunds\\/%" G_GINT64_FORMAT, o->id, refund_id);
  g_snprintf (collection, sizeof collection, "orders\\/%" G_GINT64_FORMAT "\\/refunds", o->id);
  g_snprintf (up_path, sizeof up_path, "orders\\/%" G_GINT64_FORMAT, o->id);
  put_links (obj, base_url, self_path, collection, up_path);
  obj_end (obj);
}

void
sk_demo_data_write_refund_record (const SkDemoOrder       *o,
                                  const SkDemoExtraRefund *refund,
                                  const SkDemoFields      *fields,
                                  const char              *base_url,
                                  GString                 *out)
{
  Obj obj;

  obj_begin (&obj, out, fields);
  put_int (&obj, "id", refund->id);
  put_date (&obj, "date_created", refund->date_created);
  put_date (&obj, "date_created_gmt", refund->date_created);
  put_money (&obj, "amount", refund->amount);
  put_str (&obj, "reason", refund->reason);
  put_int (&obj, "refunded_by", 1);
  put_bool (&obj, "refunded_payment", refund->refunded_payment);
  put_raw (&obj, "meta_data", "[]");
  if (key (&obj, "line_items"))
    {
      guint n = 0;

      g_string_append_c (out, '[');
      for (guint i = 0; i < refund->n_lines; i++)
        for (guint j = 0; j < o->n_items; j++)
          if (o->items[j].id == refund->lines[i].item_id)
            {
              if (n++ > 0)
                g_string_append_c (out, ',');
              write_line_item (out, &o->items[j], -1, refund->lines[i].quantity,
                               refund->lines[i].refund_total, refund->lines[i].refund_tax, base_url);
            }
      g_string_append_c (out, ']');
    }
  refund_tail (&obj, o, refund->id, base_url);
}

void
sk_demo_data_write_refunds_record (const SkDemoData       *self,
                                   const SkDemoOrder      *order,
                                   const SkDemoOrderExtra *extra,
                                   const SkDemoFields     *fields,
                                   const char             *base_url,
                                   GString                *out)
{
  const SkDemoOrder o = *order;
  guint n = 0;

  /* Newest first, as WooCommerce lists them. */
  for (guint k = extra != NULL ? extra->n_refunds : 0; k > 0; k--)
    {
      if (n++ > 0)
        g_string_append_c (out, ',');
      sk_demo_data_write_refund_record (order, &extra->refunds[k - 1], fields, base_url, out);
    }

  for (guint k = 0; k < o.n_refunds; k++)
    {
      const SkDemoRefund *refund = &o.refunds[k];
      Obj obj;

      if (n++ > 0)
        g_string_append_c (out, ',');

      obj_begin (&obj, out, fields);
      put_int (&obj, "id", refund->id);
      put_date (&obj, "date_created", refund->date_created);
      put_date (&obj, "date_created_gmt", refund->date_created);
      put_money (&obj, "amount", refund->amount);
      put_str (&obj, "reason", refund->reason);
      put_int (&obj, "refunded_by", 1);
      put_bool (&obj, "refunded_payment", o.date_paid != 0 && g_strcmp0 (o.payment_method, "cod") != 0);
      put_raw (&obj, "meta_data", "[]");
      if (key (&obj, "line_items"))
        {
          g_string_append_c (out, '[');
          if (refund->item < 0)
            {
              for (guint i = 0; i < o.n_items; i++)
                {
                  if (i > 0)
                    g_string_append_c (out, ',');
                  write_line_item (out, &o.items[i], -1, o.items[i].quantity,
                                   o.items[i].total, o.items[i].total_tax, base_url);
                }
            }
          else
            {
              const SkDemoLineItem *item = &o.items[refund->item];
              gint64 tax = tax_of (refund->amount * 100 / (100 + SK_DEMO_TAX_PERCENT));
              gint64 net = refund->amount - tax;

              write_line_item (out, item, -1,
                               refund->amount == item->total + item->total_tax ? item->quantity : 0,
                               net, tax, base_url);
            }
          g_string_append_c (out, ']');
        }
      refund_tail (&obj, &o, refund->id, base_url);
    }
}

void
sk_demo_data_write_customer (const SkDemoData   *self,
                             guint               index,
                             const SkDemoFields *fields,
                             const char         *base_url,
                             GString            *out)
{
  SkDemoPerson c;
  char path[48];
  Obj obj;

  g_return_if_fail (index < self->n_customers);

  sk_demo_data_get_customer (self, index, &c);

  obj_begin (&obj, out, fields);
  put_int (&obj, "id", c.customer_id);
  put_date (&obj, "date_created", c.date_created);
  put_date (&obj, "date_created_gmt", c.date_created);
  put_date (&obj, "date_modified", c.date_modified);
  put_date (&obj, "date_modified_gmt", c.date_modified);
  put_str (&obj, "email", c.email);
  put_str (&obj, "first_name", c.first_name);
  put_str (&obj, "last_name", c.last_name);
  put_str (&obj, "role", "customer");
  put_str (&obj, "username", c.username);
  if (key (&obj, "billing"))
    write_address (out, &c, TRUE, TRUE);
  if (key (&obj, "shipping"))
    write_address (out, &c, FALSE, TRUE);
  put_bool (&obj, "is_paying_customer", TRUE);
  if (key (&obj, "avatar_url"))
    g_string_append_printf (out, "\"https:\\/\\/secure.gravatar.com\\/avatar\\/%016" G_GINT64_MODIFIER "x?s=96&d=mm&r=g\"",
                            mix64 (self->seed_hash ^ (guint64) c.customer_id));
  put_raw (&obj, "meta_data", "[]");
  g_snprintf (path, sizeof path, "customers\\/%" G_GINT64_FORMAT, c.customer_id);
  put_links (&obj, base_url, path, "customers", NULL);
  obj_end (&obj);
}

void
sk_demo_data_write_product (const SkDemoData   *self,
                            guint               index,
                            const SkDemoFields *fields,
                            const char         *base_url,
                            GString            *out)
{
  sk_demo_data_write_product_record (self, index, NULL, fields, base_url, out);
}

void
sk_demo_data_write_product_record (const SkDemoData         *self,
                                   guint                     index,
                                   const SkDemoProductExtra *extra,
                                   const SkDemoFields       *fields,
                                   const char               *base_url,
                                   GString                  *out)
{
  const SkDemoProductDef *def;
  const Product *p;
  gint64 stock;
  gint64 id;
  char path[48];
  Obj obj;

  g_return_if_fail (index < G_N_ELEMENTS (sk_demo_products));

  def = &sk_demo_products[index];
  p = &self->products[index];
  id = sk_demo_data_product_id (self, index);

  obj_begin (&obj, out, fields);
  put_int (&obj, "id", id);
  put_str (&obj, "name", def->name);
  put_str (&obj, "slug", def->slug);
  if (key (&obj, "permalink"))
    g_string_append_printf (out, "\"%s\\/product\\/%s\\/\"", base_url, def->slug);
  put_date (&obj, "date_created", p->date_created);
  put_date (&obj, "date_created_gmt", p->date_created);
  put_date (&obj, "date_modified", extra != NULL ? extra->date_modified : p->date_modified);
  put_date (&obj, "date_modified_gmt", extra != NULL ? extra->date_modified : p->date_modified);
  put_str (&obj, "type", "simple");
  put_str (&obj, "status", "publish");
  put_bool (&obj, "featured", extra != NULL ? extra->featured : def->featured);
  put_str (&obj, "catalog_visibility", "visible");
  put_str (&obj, "description", "<p>From our roastery in Leipzig.</p>\n");
  put_str (&obj, "short_description", "");
  put_str (&obj, "sku", p->sku);
  put_money (&obj, "price", p->price);
  put_money (&obj, "regular_price", p->regular_price);
  if (key (&obj, "sale_price"))
    {
      if (def->sale_price != 0)
        {
          g_string_append_c (out, '"');
          sk_demo_append_money (out, def->sale_price);
          g_string_append_c (out, '"');
        }
      else
        {
          g_string_append (out, "\"\"");
        }
    }
  put_raw (&obj, "date_on_sale_from", "null");
  put_raw (&obj, "date_on_sale_to", "null");
  put_bool (&obj, "on_sale", def->sale_price != 0);
  put_bool (&obj, "purchasable", TRUE);
  put_int (&obj, "total_sales", p->total_sales);
  put_bool (&obj, "virtual", FALSE);
  put_bool (&obj, "downloadable", FALSE);
  put_str (&obj, "tax_status", "taxable");
  put_str (&obj, "tax_class", "");
  /* Items put back by refunds count where stock is managed. */
  stock = p->stock_quantity >= 0 && extra != NULL ? p->stock_quantity + extra->restocked : p->stock_quantity;
  put_bool (&obj, "manage_stock", stock >= 0);
  if (key (&obj, "stock_quantity"))
    {
      if (stock >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, stock);
      else
        g_string_append (out, "null");
    }
  put_str (&obj, "stock_status", stock == 0 ? "outofstock" : "instock");
  put_str (&obj, "backorders", "no");
  put_str (&obj, "weight", "0.3");
  put_raw (&obj, "dimensions", "{\"length\":\"\",\"width\":\"\",\"height\":\"\"}");
  put_str (&obj, "shipping_class", "");
  if (key (&obj, "categories"))
    {
      g_string_append_printf (out, "[{\"id\":%u,\"name\":", 15 + def->category);
      sk_demo_json_append_string (out, sk_demo_categories[def->category].name);
      g_string_append_printf (out, ",\"slug\":\"%s\"}]", sk_demo_categories[def->category].slug);
    }
  put_raw (&obj, "tags", extra != NULL && extra->tags_json != NULL ? extra->tags_json : "[]");
  if (key (&obj, "images"))
    g_string_append_printf (out, "[{\"id\":%" G_GINT64_FORMAT ",\"src\":\"%s\\/wp-content\\/uploads\\/%s.jpg\",\"name\":\"%s\",\"alt\":\"\"}]",
                            id + 1, base_url, def->slug, def->slug);
  put_raw (&obj, "attributes", "[]");
  put_raw (&obj, "variations", "[]");
  put_raw (&obj, "meta_data", "[]");
  g_snprintf (path, sizeof path, "products\\/%" G_GINT64_FORMAT, id);
  put_links (&obj, base_url, path, "products", NULL);
  obj_end (&obj);
}

const char *
sk_demo_data_product_name (const SkDemoData *self,
                           guint             index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (sk_demo_products), NULL);
  return sk_demo_products[index].name;
}

gint64
sk_demo_data_product_price (const SkDemoData *self,
                            guint             index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (sk_demo_products), 0);
  return self->products[index].price;
}

gint64
sk_demo_data_product_date_created (const SkDemoData *self,
                                   guint             index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (sk_demo_products), 0);
  return self->products[index].date_created;
}

gboolean
sk_demo_data_product_is_featured (const SkDemoData *self,
                                  guint             index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (sk_demo_products), FALSE);
  return sk_demo_products[index].featured;
}

gint64
sk_demo_data_product_date_modified (const SkDemoData *self,
                                    guint             index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (sk_demo_products), 0);
  return self->products[index].date_modified;
}

static char *
derive_credential (guint64     seed,
                   const char *prefix,
                   const char *purpose)
{
  g_autofree char *input = g_strdup_printf ("shopkeeper-demo:%s:%" G_GUINT64_FORMAT, purpose, seed);
  g_autofree char *sha1 = g_compute_checksum_for_string (G_CHECKSUM_SHA1, input, -1);

  return g_strconcat (prefix, sha1, NULL);
}

char *
sk_demo_data_dup_consumer_key (guint64 seed)
{
  return derive_credential (seed, "ck_", "key");
}

char *
sk_demo_data_dup_consumer_secret (guint64 seed)
{
  return derive_credential (seed, "cs_", "secret");
}

guint
sk_demo_data_get_n_coupons (const SkDemoData *self)
{
  return G_N_ELEMENTS (coupons);
}

const char *
sk_demo_data_coupon_code (const SkDemoData *self,
                          guint             index,
                          guint            *out_percent)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (coupons), NULL);

  if (out_percent != NULL)
    *out_percent = (guint) coupons[index].percent;
  return coupons[index].code;
}

gboolean
sk_demo_fields_only (const SkDemoFields *fields,
                     const char *const  *allowed)
{
  GHashTableIter iter;
  gpointer name;

  if (fields == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, fields->names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_strv_contains (allowed, name))
      return FALSE;

  return TRUE;
}

gboolean
sk_demo_fields_has (const SkDemoFields *fields,
                    const char         *name)
{
  return fields == NULL || g_str_equal (name, "id") || g_hash_table_contains (fields->names, name);
}
