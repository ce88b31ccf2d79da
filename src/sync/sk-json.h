/* sk-json.h — a small, strict JSON parser for the sync's hot path.
 *
 * RFC 8259 and nothing more: one value, optionally surrounded by white
 * space; UTF-8 validated as it goes (overlong forms, encoded surrogates and
 * code points past U+10FFFF are errors, as are raw control characters and
 * NUL bytes inside strings); nesting deeper than a limit is an error.
 * Escapes are decoded, \uXXXX surrogate pairs combined; a lone surrogate
 * becomes U+FFFD, so one broken emoji in a customer's note does not stop a
 * sync. Numbers are kept as their text, so amounts can be parsed exactly.
 *
 * A document is one block of memory holding a copy of the text (strings
 * are decoded in place) and every node; it is freed at once. Nodes point
 * into the document and live as long as it. A document is immutable once
 * parsed, so it may be read from several threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SK_JSON_ERROR (sk_json_error_quark ())

typedef enum
{
  SK_JSON_ERROR_EMPTY,          /* nothing but white space */
  SK_JSON_ERROR_INVALID_UTF8,
  SK_JSON_ERROR_SYNTAX,
  SK_JSON_ERROR_TRUNCATED,      /* the text ends inside a value */
  SK_JSON_ERROR_TRAILING,       /* more after the value */
  SK_JSON_ERROR_TOO_DEEP,
  SK_JSON_ERROR_TOO_LARGE,
} SkJsonError;

GQuark sk_json_error_quark (void);

/* Deep enough for any sane answer, shallow enough that nothing recursing
 * over a document can run out of stack. */
#define SK_JSON_DEFAULT_MAX_DEPTH 64

typedef enum
{
  SK_JSON_NULL,
  SK_JSON_FALSE,
  SK_JSON_TRUE,
  SK_JSON_NUMBER,
  SK_JSON_STRING,
  SK_JSON_ARRAY,
  SK_JSON_OBJECT,
} SkJsonType;

typedef struct _SkJsonDoc  SkJsonDoc;
typedef struct _SkJsonNode SkJsonNode;

/* Parses @size bytes of @data (which need not be NUL-terminated). On error
 * returns NULL, sets @error and, if @out_error_offset is not NULL, the
 * byte offset where the problem was found. */
SkJsonDoc        *sk_json_doc_parse            (const char        *data,
                                                gsize              size,
                                                guint              max_depth,
                                                gsize             *out_error_offset,
                                                GError           **error);
void              sk_json_doc_free             (SkJsonDoc         *doc);
const SkJsonNode *sk_json_doc_get_root         (const SkJsonDoc   *doc);

SkJsonType        sk_json_node_get_type        (const SkJsonNode  *node);
/* TRUE for SK_JSON_NUMBER without fraction or exponent ("12", "-3"). */
gboolean          sk_json_node_is_integer      (const SkJsonNode  *node);
/* Decoded and NUL-terminated; *@out_len (if not NULL) is its length in
 * bytes, which differs from strlen() if the text held "\u0000". NULL
 * unless the node is a string. */
const char       *sk_json_node_get_string      (const SkJsonNode  *node,
                                                gsize             *out_len);
/* The number as it was written, NOT NUL-terminated: *@out_len bytes.
 * NULL unless the node is a number. */
const char       *sk_json_node_get_number_text (const SkJsonNode  *node,
                                                gsize             *out_len);
/* FALSE unless the node is an integer that fits in a gint64. */
gboolean          sk_json_node_get_int64       (const SkJsonNode  *node,
                                                gint64            *out_value);
/* Elements of an array, members of an object; 0 for anything else. */
guint             sk_json_node_get_length      (const SkJsonNode  *node);
/* The @index-th element of an array or value of an object member. */
const SkJsonNode *sk_json_node_get_child       (const SkJsonNode  *node,
                                                guint              index);
/* The name of the @index-th member of an object, NULL for an array. */
const char       *sk_json_node_get_member_name (const SkJsonNode  *node,
                                                guint              index);
/* The value of member @name, NULL if the object has none (or @node is not
 * an object). If a name occurs twice the last one counts, as in most
 * parsers. */
const SkJsonNode *sk_json_node_get_member      (const SkJsonNode  *node,
                                                const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkJsonDoc, sk_json_doc_free)

G_END_DECLS
