/* sk-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sk-json"

#include "config.h"

#include "sk-json.h"

#include <string.h>

#include <glib/gi18n.h>

/* Marks a node that is not an object member. */
#define NO_KEY G_MAXSIZE

/* Offsets are kept in 32 bits to keep nodes small; answers are far
 * smaller than that. */
#define MAX_SIZE ((gsize) G_MAXUINT32 - 1)

struct _SkJsonNode
{
  guint8   type;        /* SkJsonType */
  guint8   is_integer;
  guint32  key_len;
  guint32  len;         /* string or number bytes; children of a container */
  union
  {
    gsize             off;       /* while parsing: into the text or the node array */
    const char       *str;
    const SkJsonNode *children;
  } v;
  union
  {
    gsize             off;       /* while parsing; NO_KEY when not a member */
    const char       *name;
  } key;
};

/* The block a document lives in: this header, then the text (decoded in
 * place, NUL-terminated), then the nodes of every container, children of
 * one container next to each other. */
struct _SkJsonDoc
{
  SkJsonNode root;
  gsize      text_off;
  gsize      nodes_off;
  gsize      n_nodes;
};

/* One open array or object. */
typedef struct
{
  guint8  type;
  gsize   first;        /* where its children start on the stack */
  gsize   key_off;
  guint32 key_len;
} Frame;

typedef struct
{
  guint8     *block;     /* SkJsonDoc + text + nodes; moves when it grows */
  gsize       nodes_cap;
  guchar     *text;      /* == block + text_off, refreshed after growth */
  gsize       size;
  gsize       pos;

  /* Finished values whose container is still open. */
  SkJsonNode *stack;
  gsize       stack_len;
  gsize       stack_cap;

  Frame      *frames;
  guint       depth;
  guint       max_depth;

  /* The name of the member whose value comes next, NO_KEY if none. */
  gsize       key_off;
  guint32     key_len;

  GError     *error;
  gsize       error_offset;
} Parser;

G_DEFINE_QUARK (sk-json-error-quark, sk_json_error)

#define DOC(p) ((SkJsonDoc *) (p)->block)

static inline gsize
round_up (gsize n)
{
  return (n + 15) & ~(gsize) 15;
}

/* Errors */

G_GNUC_PRINTF (4, 5)
static gboolean
fail (Parser      *p,
      SkJsonError  code,
      gsize        offset,
      const char  *format,
      ...)
{
  va_list args;

  if (p->error == NULL)
    {
      va_start (args, format);
      p->error = g_error_new_valist (SK_JSON_ERROR, code, format, args);
      va_end (args);
      p->error_offset = offset;
    }

  return FALSE;
}

static gboolean
fail_truncated (Parser *p)
{
  /* Translators: a technical detail about a damaged answer */
  return fail (p, SK_JSON_ERROR_TRUNCATED, p->size,
               _("the text ends too early (after %zu bytes)"), p->size);
}

static gboolean
fail_utf8 (Parser *p,
           gsize   offset)
{
  /* Translators: a technical detail about a damaged answer */
  return fail (p, SK_JSON_ERROR_INVALID_UTF8, offset,
               _("invalid UTF-8 at byte %zu"), offset);
}

/* UTF-8 (RFC 3629): the length of the valid sequence at @s, 0 if there is
 * none. Relies on the NUL after the text to stop at the end. */
static inline guint
utf8_sequence_length (const guchar *s)
{
  guchar c = s[0];

  if (c >= 0xc2 && c <= 0xdf)
    return (s[1] & 0xc0) == 0x80 ? 2 : 0;

  if (c >= 0xe0 && c <= 0xef)
    {
      /* E0 would be overlong below A0; ED above 9F would be a surrogate. */
      guchar lo = c == 0xe0 ? 0xa0 : 0x80;
      guchar hi = c == 0xed ? 0x9f : 0xbf;

      if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80)
        return 0;
      return 3;
    }

  if (c >= 0xf0 && c <= 0xf4)
    {
      /* F0 would be overlong below 90; F4 above 8F is past U+10FFFF. */
      guchar lo = c == 0xf0 ? 0x90 : 0x80;
      guchar hi = c == 0xf4 ? 0x8f : 0xbf;

      if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
        return 0;
      return 4;
    }

  /* 80–C1 (continuation bytes, overlong two-byte forms), F5–FF. */
  return 0;
}

/* Something other than @expected at p->pos. */
static gboolean
fail_unexpected (Parser     *p,
                 const char *expected)
{
  guchar c;

  if (p->pos >= p->size)
    return fail_truncated (p);

  c = p->text[p->pos];
  if (c >= 0x80 && utf8_sequence_length (p->text + p->pos) == 0)
    return fail_utf8 (p, p->pos);
  if (c >= 0x80)
    /* Translators: a technical detail about a damaged answer; %s is what
     * was expected, like "“,” or “]”" */
    return fail (p, SK_JSON_ERROR_SYNTAX, p->pos,
                 _("expected %s at byte %zu, found a non-ASCII character"),
                 expected, p->pos);

  if (c >= 0x20 && c < 0x7f)
    /* Translators: a technical detail about a damaged answer; the first %s
     * is what was expected, like "“,” or “]”", the second the character
     * found instead */
    return fail (p, SK_JSON_ERROR_SYNTAX, p->pos,
                 _("expected %s at byte %zu, found “%c”"),
                 expected, p->pos, (char) c);

  /* Translators: a technical detail about a damaged answer */
  return fail (p, SK_JSON_ERROR_SYNTAX, p->pos,
               _("expected %s at byte %zu, found a control character"),
               expected, p->pos);
}

static gboolean
check_utf8 (Parser *p,
            gsize   r,
            guint  *out_n)
{
  guint n = utf8_sequence_length (p->text + r);

  if (n == 0)
    {
      /* A sequence cut off by the end of the text is a truncation; check
       * that what there is could have been valid. */
      gsize end = r + 1;

      while (end < p->size && (p->text[end] & 0xc0) == 0x80 && end - r < 4)
        end++;
      if (end == p->size && p->text[r] >= 0xc2 && p->text[r] <= 0xf4)
        {
          guchar lead = p->text[r];
          /* Padding that is valid after this lead byte (E0 and F0 allow
           * only part of the continuation range next). */
          guchar tmp[4] = { lead, lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80, 0x80, 0x80 };

          memcpy (tmp, p->text + r, end - r);
          if (utf8_sequence_length (tmp) > end - r)
            return fail_truncated (p);
        }
      return fail_utf8 (p, r);
    }

  *out_n = n;
  return TRUE;
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the 4 hex digits of a \u escape whose 'u' is at @u. */
static gboolean
read_hex4 (Parser   *p,
           gsize     u,
           gunichar *out)
{
  gunichar value = 0;

  for (guint i = 1; i <= 4; i++)
    {
      int digit;

      if (u + i >= p->size)
        return fail_truncated (p);
      digit = hex_value (p->text[u + i]);
      if (digit < 0)
        /* Translators: a technical detail about a damaged answer */
        return fail (p, SK_JSON_ERROR_SYNTAX, u + i,
                     _("invalid \\u escape at byte %zu"), u + i);
      value = (value << 4) | (gunichar) digit;
    }

  *out = value;
  return TRUE;
}

static inline gsize
encode_utf8 (gunichar  c,
             guchar   *out)
{
  if (c < 0x80)
    {
      out[0] = (guchar) c;
      return 1;
    }
  if (c < 0x800)
    {
      out[0] = (guchar) (0xc0 | (c >> 6));
      out[1] = (guchar) (0x80 | (c & 0x3f));
      return 2;
    }
  if (c < 0x10000)
    {
      out[0] = (guchar) (0xe0 | (c >> 12));
      out[1] = (guchar) (0x80 | ((c >> 6) & 0x3f));
      out[2] = (guchar) (0x80 | (c & 0x3f));
      return 3;
    }
  out[0] = (guchar) (0xf0 | (c >> 18));
  out[1] = (guchar) (0x80 | ((c >> 12) & 0x3f));
  out[2] = (guchar) (0x80 | ((c >> 6) & 0x3f));
  out[3] = (guchar) (0x80 | (c & 0x3f));
  return 4;
}

static gboolean
fail_control (Parser *p,
              gsize   r)
{
  if (r >= p->size)
    return fail_truncated (p);

  /* Translators: a technical detail about a damaged answer */
  return fail (p, SK_JSON_ERROR_SYNTAX, r,
               _("control character inside a string at byte %zu"), r);
}

/* The string whose opening quote is at p->pos, decoded in place: what is
 * written never gets ahead of what is read (an escape is never shorter
 * than what it stands for), and the closing quote becomes the NUL. */
static gboolean
parse_string (Parser  *p,
              gsize   *out_off,
              guint32 *out_len)
{
  guchar *t = p->text;
  gsize start = p->pos + 1;
  gsize r = start;
  gsize w;
  guint n;

  /* Most strings have no escape: only scan them. */
  for (;;)
    {
      guchar c = t[r];

      if (G_LIKELY (c >= 0x20 && c < 0x80 && c != '"' && c != '\\'))
        {
          r++;
          continue;
        }
      if (c == '"')
        {
          t[r] = '\0';
          *out_off = start;
          *out_len = (guint32) (r - start);
          p->pos = r + 1;
          return TRUE;
        }
      if (c == '\\')
        break;
      if (c < 0x20)
        return fail_control (p, r);
      if (!check_utf8 (p, r, &n))
        return FALSE;
      r += n;
    }

  w = r;
  for (;;)
    {
      guchar c = t[r];

      if (G_LIKELY (c >= 0x20 && c < 0x80 && c != '"' && c != '\\'))
        {
          t[w++] = c;
          r++;
          continue;
        }
      if (c == '"')
        {
          t[w] = '\0';
          *out_off = start;
          *out_len = (guint32) (w - start);
          p->pos = r + 1;
          return TRUE;
        }
      if (c < 0x20)
        return fail_control (p, r);
      if (c >= 0x80)
        {
          if (!check_utf8 (p, r, &n))
            return FALSE;
          memmove (t + w, t + r, n);
          w += n;
          r += n;
          continue;
        }

      /* A backslash. */
      if (r + 1 >= p->size)
        return fail_truncated (p);

      switch (t[r + 1])
        {
        case '"':  t[w++] = '"';  r += 2; break;
        case '\\': t[w++] = '\\'; r += 2; break;
        case '/':  t[w++] = '/';  r += 2; break;
        case 'b':  t[w++] = '\b'; r += 2; break;
        case 'f':  t[w++] = '\f'; r += 2; break;
        case 'n':  t[w++] = '\n'; r += 2; break;
        case 'r':  t[w++] = '\r'; r += 2; break;
        case 't':  t[w++] = '\t'; r += 2; break;
        case 'u':
          {
            gunichar cp;

            if (!read_hex4 (p, r + 1, &cp))
              return FALSE;
            r += 6;

            if (cp >= 0xd800 && cp <= 0xdbff)
              {
                gunichar low = 0;

                /* A high surrogate counts only with the low one right
                 * after it; alone, it stands for nothing and becomes
                 * U+FFFD (what follows is read on its own). */
                if (r + 1 < p->size && t[r] == '\\' && t[r + 1] == 'u')
                  {
                    if (!read_hex4 (p, r + 1, &low))
                      return FALSE;
                  }
                if (low >= 0xdc00 && low <= 0xdfff)
                  {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    r += 6;
                  }
                else
                  cp = 0xfffd;
              }
            else if (cp >= 0xdc00 && cp <= 0xdfff)
              cp = 0xfffd;

            w += encode_utf8 (cp, t + w);
          }
          break;
        default:
          /* Translators: a technical detail about a damaged answer */
          return fail (p, SK_JSON_ERROR_SYNTAX, r + 1,
                       _("invalid escape at byte %zu"), r + 1);
        }
    }
}

static gboolean
parse_number (Parser     *p,
              SkJsonNode *node)
{
  const guchar *t = p->text;
  gsize start = p->pos;
  gsize i = start;
  gboolean integer = TRUE;

  if (t[i] == '-')
    i++;

  if (t[i] == '0')
    i++;
  else if (t[i] >= '1' && t[i] <= '9')
    {
      while (t[i] >= '0' && t[i] <= '9')
        i++;
    }
  else
    {
      p->pos = i;
      return fail_unexpected (p, _("a digit"));
    }

  if (t[i] == '.')
    {
      integer = FALSE;
      i++;
      if (!(t[i] >= '0' && t[i] <= '9'))
        {
          p->pos = i;
          return fail_unexpected (p, _("a digit"));
        }
      while (t[i] >= '0' && t[i] <= '9')
        i++;
    }

  if (t[i] == 'e' || t[i] == 'E')
    {
      integer = FALSE;
      i++;
      if (t[i] == '+' || t[i] == '-')
        i++;
      if (!(t[i] >= '0' && t[i] <= '9'))
        {
          p->pos = i;
          return fail_unexpected (p, _("a digit"));
        }
      while (t[i] >= '0' && t[i] <= '9')
        i++;
    }

  node->type = SK_JSON_NUMBER;
  node->is_integer = integer;
  node->v.off = start;
  node->len = (guint32) (i - start);
  p->pos = i;

  return TRUE;
}

static gboolean
parse_literal (Parser     *p,
               const char *word,
               SkJsonType  type,
               SkJsonNode *node)
{
  gsize len = strlen (word);

  for (gsize i = 0; i < len; i++)
    {
      if (p->pos + i >= p->size)
        return fail_truncated (p);
      if (p->text[p->pos + i] != (guchar) word[i])
        {
          p->pos += i;
          /* Translators: a technical detail about a damaged answer */
          return fail_unexpected (p, _("a value"));
        }
    }

  node->type = type;
  p->pos += len;

  return TRUE;
}

static inline void
skip_space (Parser *p)
{
  const guchar *t = p->text;

  /* The NUL after the text stops this. */
  while (t[p->pos] == ' ' || t[p->pos] == '\n' || t[p->pos] == '\r' || t[p->pos] == '\t')
    p->pos++;
}

static void
push (Parser           *p,
      const SkJsonNode *node)
{
  if (p->stack_len == p->stack_cap)
    {
      p->stack_cap *= 2;
      p->stack = g_renew (SkJsonNode, p->stack, p->stack_cap);
    }
  p->stack[p->stack_len++] = *node;
}

/* Moves the children of the innermost container from the stack into the
 * document, and pushes the container in their place. */
static void
close_container (Parser *p)
{
  Frame *frame = &p->frames[--p->depth];
  gsize n = p->stack_len - frame->first;
  SkJsonDoc *doc = DOC (p);
  SkJsonNode node = { 0 };

  if (doc->n_nodes + n > p->nodes_cap)
    {
      gsize text_off = doc->text_off;

      p->nodes_cap = MAX (p->nodes_cap * 2, doc->n_nodes + n);
      p->block = g_realloc (p->block, doc->nodes_off + p->nodes_cap * sizeof (SkJsonNode));
      doc = DOC (p);
      p->text = p->block + text_off;
    }

  memcpy (p->block + doc->nodes_off + doc->n_nodes * sizeof (SkJsonNode),
          p->stack + frame->first, n * sizeof (SkJsonNode));

  node.type = frame->type;
  node.len = (guint32) n;
  node.v.off = doc->n_nodes;
  node.key.off = frame->key_off;
  node.key_len = frame->key_len;
  doc->n_nodes += n;

  p->stack_len = frame->first;
  push (p, &node);
}

static gboolean
open_container (Parser     *p,
                SkJsonType  type)
{
  Frame *frame;

  if (p->depth == p->max_depth)
    /* Translators: a technical detail about a damaged answer */
    return fail (p, SK_JSON_ERROR_TOO_DEEP, p->pos,
                 _("nested deeper than %u levels at byte %zu"),
                 p->max_depth, p->pos);

  frame = &p->frames[p->depth++];
  frame->type = type;
  frame->first = p->stack_len;
  frame->key_off = p->key_off;
  frame->key_len = p->key_len;
  p->key_off = NO_KEY;
  p->pos++;

  return TRUE;
}

/* The member name and colon that start an object member. */
static gboolean
parse_member_name (Parser *p)
{
  gsize off;
  guint32 len;

  if (p->text[p->pos] != '"')
    return fail_unexpected (p, _("a member name"));
  if (!parse_string (p, &off, &len))
    return FALSE;

  skip_space (p);
  if (p->text[p->pos] != ':')
    return fail_unexpected (p, "“:”");
  p->pos++;
  skip_space (p);

  p->key_off = off;
  p->key_len = len;

  return TRUE;
}

static gboolean
parse (Parser *p)
{
  skip_space (p);
  if (p->pos >= p->size)
    /* Translators: a technical detail about a damaged answer */
    return fail (p, SK_JSON_ERROR_EMPTY, 0, "%s", _("there is no data"));

  for (;;)
    {
      SkJsonNode node = { 0 };

      /* A value. */
      node.key.off = p->key_off;
      node.key_len = p->key_len;

      switch (p->text[p->pos])
        {
        case '{':
          if (!open_container (p, SK_JSON_OBJECT))
            return FALSE;
          skip_space (p);
          if (p->text[p->pos] == '}')
            {
              p->pos++;
              close_container (p);
              break;
            }
          if (!parse_member_name (p))
            return FALSE;
          continue;

        case '[':
          if (!open_container (p, SK_JSON_ARRAY))
            return FALSE;
          skip_space (p);
          if (p->text[p->pos] == ']')
            {
              p->pos++;
              close_container (p);
              break;
            }
          continue;

        case '"':
          {
            gsize off;
            guint32 len;

            if (!parse_string (p, &off, &len))
              return FALSE;
            node.type = SK_JSON_STRING;
            node.v.off = off;
            node.len = len;
            push (p, &node);
          }
          break;

        case 't':
          if (!parse_literal (p, "true", SK_JSON_TRUE, &node))
            return FALSE;
          push (p, &node);
          break;

        case 'f':
          if (!parse_literal (p, "false", SK_JSON_FALSE, &node))
            return FALSE;
          push (p, &node);
          break;

        case 'n':
          if (!parse_literal (p, "null", SK_JSON_NULL, &node))
            return FALSE;
          push (p, &node);
          break;

        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!parse_number (p, &node))
            return FALSE;
          push (p, &node);
          break;

        default:
          return fail_unexpected (p, _("a value"));
        }

      p->key_off = NO_KEY;

      /* After a value: close what ends here, then find the next value. */
      for (;;)
        {
          Frame *frame;
          guchar c;

          skip_space (p);
          if (p->depth == 0)
            {
              if (p->pos < p->size)
                /* Translators: a technical detail about a damaged answer */
                return fail (p, SK_JSON_ERROR_TRAILING, p->pos,
                             _("more data after the end at byte %zu"), p->pos);
              return TRUE;
            }

          frame = &p->frames[p->depth - 1];
          c = p->text[p->pos];

          if (c == ',')
            {
              p->pos++;
              skip_space (p);
              if (frame->type == SK_JSON_OBJECT && !parse_member_name (p))
                return FALSE;
              break;
            }

          if (frame->type == SK_JSON_ARRAY && c == ']')
            {
              p->pos++;
              close_container (p);
              continue;
            }
          if (frame->type == SK_JSON_OBJECT && c == '}')
            {
              p->pos++;
              close_container (p);
              continue;
            }

          return fail_unexpected (p, frame->type == SK_JSON_ARRAY ? "“,” / “]”" : "“,” / “}”");
        }
    }
}

/* Offsets become pointers once the block no longer moves. */
static void
fix_node (SkJsonDoc  *doc,
          SkJsonNode *node)
{
  const char *text = (const char *) doc + doc->text_off;
  const SkJsonNode *nodes = (const SkJsonNode *) ((const char *) doc + doc->nodes_off);

  switch (node->type)
    {
    case SK_JSON_STRING:
    case SK_JSON_NUMBER:
      node->v.str = text + node->v.off;
      break;
    case SK_JSON_ARRAY:
    case SK_JSON_OBJECT:
      node->v.children = nodes + node->v.off;
      break;
    default:
      break;
    }

  node->key.name = node->key.off == NO_KEY ? NULL : text + node->key.off;
}

/* Public API */

SkJsonDoc *
sk_json_doc_parse (const char  *data,
                   gsize        size,
                   guint        max_depth,
                   gsize       *out_error_offset,
                   GError     **error)
{
  Parser parser = { 0 };
  Parser *p = &parser;
  SkJsonDoc *doc;
  SkJsonNode *nodes;
  gsize text_off = round_up (sizeof (SkJsonDoc));
  gsize nodes_off;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_error_offset != NULL)
    *out_error_offset = 0;

  if (size > MAX_SIZE)
    {
      g_set_error (error, SK_JSON_ERROR, SK_JSON_ERROR_TOO_LARGE,
                   /* Translators: a technical detail about a damaged answer */
                   _("the text is too large (%zu bytes)"), size);
      return NULL;
    }

  /* Roughly one value per 16 bytes of text in real answers; the block
   * grows if that is not enough. */
  nodes_off = round_up (text_off + size + 1);
  p->nodes_cap = size / 16 + 16;
  p->block = g_malloc (nodes_off + p->nodes_cap * sizeof (SkJsonNode));
  doc = DOC (p);
  doc->text_off = text_off;
  doc->nodes_off = nodes_off;
  doc->n_nodes = 0;

  p->text = p->block + text_off;
  if (size > 0)
    memcpy (p->text, data, size);
  p->text[size] = '\0';
  p->size = size;

  p->stack_cap = 64;
  p->stack = g_new (SkJsonNode, p->stack_cap);
  p->max_depth = max_depth > 0 ? max_depth : SK_JSON_DEFAULT_MAX_DEPTH;
  p->frames = g_new (Frame, p->max_depth);
  p->key_off = NO_KEY;

  if (!parse (p))
    {
      if (out_error_offset != NULL)
        *out_error_offset = p->error_offset;
      g_propagate_error (error, p->error);
      g_free (p->stack);
      g_free (p->frames);
      g_free (p->block);
      return NULL;
    }

  g_assert (p->stack_len == 1);

  /* Give back what the estimate took too much. */
  doc = DOC (p);
  p->block = g_realloc (p->block, doc->nodes_off + MAX (doc->n_nodes, 1) * sizeof (SkJsonNode));
  doc = DOC (p);

  doc->root = p->stack[0];
  fix_node (doc, &doc->root);
  nodes = (SkJsonNode *) (p->block + doc->nodes_off);
  for (gsize i = 0; i < doc->n_nodes; i++)
    fix_node (doc, &nodes[i]);

  g_free (p->stack);
  g_free (p->frames);

  return doc;
}

void
sk_json_doc_free (SkJsonDoc *doc)
{
  g_free (doc);
}

const SkJsonNode *
sk_json_doc_get_root (const SkJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return &doc->root;
}

SkJsonType
sk_json_node_get_type (const SkJsonNode *node)
{
  g_return_val_if_fail (node != NULL, SK_JSON_NULL);

  return node->type;
}

gboolean
sk_json_node_is_integer (const SkJsonNode *node)
{
  g_return_val_if_fail (node != NULL, FALSE);

  return node->type == SK_JSON_NUMBER && node->is_integer;
}

const char *
sk_json_node_get_string (const SkJsonNode *node,
                         gsize            *out_len)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (node->type != SK_JSON_STRING)
    {
      if (out_len != NULL)
        *out_len = 0;
      return NULL;
    }

  if (out_len != NULL)
    *out_len = node->len;

  return node->v.str;
}

const char *
sk_json_node_get_number_text (const SkJsonNode *node,
                              gsize            *out_len)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (out_len != NULL, NULL);

  if (node->type != SK_JSON_NUMBER)
    {
      *out_len = 0;
      return NULL;
    }

  *out_len = node->len;

  return node->v.str;
}

gboolean
sk_json_node_get_int64 (const SkJsonNode *node,
                        gint64           *out_value)
{
  const char *s;
  const char *end;
  gboolean negative = FALSE;
  guint64 limit;
  guint64 value = 0;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  if (node->type != SK_JSON_NUMBER || !node->is_integer)
    return FALSE;

  s = node->v.str;
  end = s + node->len;
  if (*s == '-')
    {
      negative = TRUE;
      s++;
    }
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  /* The parser let only digits through. */
  for (; s < end; s++)
    {
      guint digit = (guint) (*s - '0');

      if (value > (limit - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }

  if (negative)
    *out_value = value == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) value;
  else
    *out_value = (gint64) value;

  return TRUE;
}

guint
sk_json_node_get_length (const SkJsonNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  if (node->type != SK_JSON_ARRAY && node->type != SK_JSON_OBJECT)
    return 0;

  return node->len;
}

const SkJsonNode *
sk_json_node_get_child (const SkJsonNode *node,
                        guint             index)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (node->type == SK_JSON_ARRAY || node->type == SK_JSON_OBJECT, NULL);
  g_return_val_if_fail (index < node->len, NULL);

  return &node->v.children[index];
}

const char *
sk_json_node_get_member_name (const SkJsonNode *node,
                              guint             index)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (node->type == SK_JSON_ARRAY || node->type == SK_JSON_OBJECT, NULL);
  g_return_val_if_fail (index < node->len, NULL);

  return node->v.children[index].key.name;
}

const SkJsonNode *
sk_json_node_get_member (const SkJsonNode *node,
                         const char       *name)
{
  gsize len;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (node->type != SK_JSON_OBJECT)
    return NULL;

  len = strlen (name);

  /* From the end, so that the last of duplicate names wins. Objects are
   * small (a few dozen members): a scan beats building an index. */
  for (guint i = node->len; i > 0; i--)
    {
      const SkJsonNode *child = &node->v.children[i - 1];

      if (child->key_len == len && memcmp (child->key.name, name, len) == 0)
        return child;
    }

  return NULL;
}
