/* test-json.c — the strict JSON parser of the sync (sk-json.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sk-json.h"

/* A document that uses every kind of value, escapes and non-ASCII text. */
static const char sample[] =
  " [{\"id\":1607,\"name\":\"Siobh\\u00e1n \\\"Shiv\\\"\",\"note\":\"K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x98\x80\","
  "\"total\":\"27.13\",\"price\":12.90,\"qty\":-3,\"exp\":1e-7,\"paid\":true,\"gift\":false,"
  "\"parent\":null,\"items\":[],\"meta\":{},\"tags\":[\"a\",[1,{\"deep\":[null]}]],"
  "\"emoji\":\"\\ud83d\\ude00\",\"esc\":\"\\/\\\\\\b\\f\\n\\r\\t\"}]\n";

static SkJsonDoc *
parse_text (const char *text,
            gssize      len,
            GError    **error)
{
  return sk_json_doc_parse (text, len >= 0 ? (gsize) len : strlen (text), 0, NULL, error);
}

static void
test_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkJsonDoc) doc = parse_text (sample, -1, &error);
  const SkJsonNode *root;
  const SkJsonNode *order;
  const SkJsonNode *node;
  const char *text;
  gsize len;
  gint64 value;

  g_assert_no_error (error);
  root = sk_json_doc_get_root (doc);
  g_assert_cmpint (sk_json_node_get_type (root), ==, SK_JSON_ARRAY);
  g_assert_cmpuint (sk_json_node_get_length (root), ==, 1);
  g_assert_null (sk_json_node_get_member_name (root, 0));

  order = sk_json_node_get_child (root, 0);
  g_assert_cmpint (sk_json_node_get_type (order), ==, SK_JSON_OBJECT);
  g_assert_cmpuint (sk_json_node_get_length (order), ==, 15);
  g_assert_cmpstr (sk_json_node_get_member_name (order, 0), ==, "id");
  g_assert_cmpstr (sk_json_node_get_member_name (order, 14), ==, "esc");
  g_assert_null (sk_json_node_get_member (order, "missing"));
  g_assert_null (sk_json_node_get_member (root, "id"));

  node = sk_json_node_get_member (order, "id");
  g_assert_true (sk_json_node_is_integer (node));
  g_assert_true (sk_json_node_get_int64 (node, &value));
  g_assert_cmpint (value, ==, 1607);

  g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_member (order, "name"), NULL), ==, "Siobhán \"Shiv\"");
  g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_member (order, "note"), NULL), ==, "Köln € 😀");
  g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_member (order, "total"), NULL), ==, "27.13");
  g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_member (order, "emoji"), NULL), ==, "😀");
  g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_member (order, "esc"), NULL), ==, "/\\\b\f\n\r\t");
  g_assert_null (sk_json_node_get_string (sk_json_node_get_member (order, "id"), &len));
  g_assert_cmpuint (len, ==, 0);

  /* Numbers keep their text: no double anywhere. */
  node = sk_json_node_get_member (order, "price");
  g_assert_false (sk_json_node_is_integer (node));
  g_assert_false (sk_json_node_get_int64 (node, &value));
  text = sk_json_node_get_number_text (node, &len);
  g_assert_cmpmem (text, len, "12.90", 5);
  text = sk_json_node_get_number_text (sk_json_node_get_member (order, "exp"), &len);
  g_assert_cmpmem (text, len, "1e-7", 4);
  g_assert_true (sk_json_node_get_int64 (sk_json_node_get_member (order, "qty"), &value));
  g_assert_cmpint (value, ==, -3);

  g_assert_cmpint (sk_json_node_get_type (sk_json_node_get_member (order, "paid")), ==, SK_JSON_TRUE);
  g_assert_cmpint (sk_json_node_get_type (sk_json_node_get_member (order, "gift")), ==, SK_JSON_FALSE);
  g_assert_cmpint (sk_json_node_get_type (sk_json_node_get_member (order, "parent")), ==, SK_JSON_NULL);
  g_assert_cmpuint (sk_json_node_get_length (sk_json_node_get_member (order, "items")), ==, 0);
  g_assert_cmpint (sk_json_node_get_type (sk_json_node_get_member (order, "meta")), ==, SK_JSON_OBJECT);

  node = sk_json_node_get_member (order, "tags");
  g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_child (node, 0), NULL), ==, "a");
  node = sk_json_node_get_child (node, 1);
  node = sk_json_node_get_child (node, 1);
  node = sk_json_node_get_member (node, "deep");
  g_assert_cmpint (sk_json_node_get_type (sk_json_node_get_child (node, 0)), ==, SK_JSON_NULL);
}

/* Valid documents and what their root is. */
static void
test_valid (void)
{
  static const struct { const char *text; gssize len; SkJsonType type; } cases[] = {
    { "0", -1, SK_JSON_NUMBER },
    { "-0", -1, SK_JSON_NUMBER },
    { "-12.5e+3", -1, SK_JSON_NUMBER },
    { "1E5", -1, SK_JSON_NUMBER },
    { "0.0", -1, SK_JSON_NUMBER },
    { "\"\"", -1, SK_JSON_STRING },
    { "true", -1, SK_JSON_TRUE },
    { "false", -1, SK_JSON_FALSE },
    { "null", -1, SK_JSON_NULL },
    { "[]", -1, SK_JSON_ARRAY },
    { "{}", -1, SK_JSON_OBJECT },
    { " \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n", -1, SK_JSON_ARRAY },
    { "{ \"a\" : 1 , \"b\" : [ ] }", -1, SK_JSON_OBJECT },
    { "[\"\\u0041\\u00e9\\u4e2d\"]", -1, SK_JSON_ARRAY },
    { "[\"\xf4\x8f\xbf\xbf\"]", -1, SK_JSON_ARRAY },     /* U+10FFFF, the last code point */
    { "[\"\xef\xbb\xbf\"]", -1, SK_JSON_ARRAY },         /* U+FEFF inside a string */
    { "[\"\x7f\"]", -1, SK_JSON_ARRAY },                 /* DEL is no control character for JSON */
    { "{\"\":\"\"}", -1, SK_JSON_OBJECT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = NULL;

      g_test_message ("valid case %u", i);
      doc = parse_text (cases[i].text, cases[i].len, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sk_json_node_get_type (sk_json_doc_get_root (doc)), ==, cases[i].type);
    }
}

/* Invalid documents, the error each must give and where. */
static void
test_invalid (void)
{
  static const struct { const char *text; gssize len; SkJsonError code; gsize offset; } cases[] = {
    { "", 0, SK_JSON_ERROR_EMPTY, 0 },
    { " \n\t ", -1, SK_JSON_ERROR_EMPTY, 0 },
    /* trailing garbage */
    { "[] []", -1, SK_JSON_ERROR_TRAILING, 3 },
    { "{}x", -1, SK_JSON_ERROR_TRAILING, 2 },
    { "1 2", -1, SK_JSON_ERROR_TRAILING, 2 },
    { "[]\0", 3, SK_JSON_ERROR_TRAILING, 2 },
    /* syntax */
    { "[1,]", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "[,1]", -1, SK_JSON_ERROR_SYNTAX, 1 },
    { "[1 2]", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "{\"a\":1,}", -1, SK_JSON_ERROR_SYNTAX, 7 },
    { "{\"a\" 1}", -1, SK_JSON_ERROR_SYNTAX, 5 },
    { "{a:1}", -1, SK_JSON_ERROR_SYNTAX, 1 },
    { "{'a':1}", -1, SK_JSON_ERROR_SYNTAX, 1 },
    { "{1:1}", -1, SK_JSON_ERROR_SYNTAX, 1 },
    { "[}", -1, SK_JSON_ERROR_SYNTAX, 1 },
    { "{]", -1, SK_JSON_ERROR_SYNTAX, 1 },
    { "[1}", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "tru", -1, SK_JSON_ERROR_TRUNCATED, 3 },
    { "trUe", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "nul1", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "True", -1, SK_JSON_ERROR_SYNTAX, 0 },
    { "NaN", -1, SK_JSON_ERROR_SYNTAX, 0 },
    { "Infinity", -1, SK_JSON_ERROR_SYNTAX, 0 },
    { "undefined", -1, SK_JSON_ERROR_SYNTAX, 0 },
    { "/* c */ 1", -1, SK_JSON_ERROR_SYNTAX, 0 },
    /* numbers */
    { "01", -1, SK_JSON_ERROR_TRAILING, 1 },
    { "[01]", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "+1", -1, SK_JSON_ERROR_SYNTAX, 0 },
    { ".5", -1, SK_JSON_ERROR_SYNTAX, 0 },
    { "[1.]", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "[1.e5]", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "[1e]", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "[1e+]", -1, SK_JSON_ERROR_SYNTAX, 4 },
    { "[-]", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "[--1]", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "[0x10]", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "-", -1, SK_JSON_ERROR_TRUNCATED, 1 },
    { "1.", -1, SK_JSON_ERROR_TRUNCATED, 2 },
    { "1e", -1, SK_JSON_ERROR_TRUNCATED, 2 },
    /* strings */
    { "[\"a\\x\"]", -1, SK_JSON_ERROR_SYNTAX, 4 },
    { "[\"a\\'\"]", -1, SK_JSON_ERROR_SYNTAX, 4 },
    { "[\"\\u12G4\"]", -1, SK_JSON_ERROR_SYNTAX, 6 },
    { "[\"\\u12\"]", -1, SK_JSON_ERROR_SYNTAX, 6 },
    { "[\"\\U0041\"]", -1, SK_JSON_ERROR_SYNTAX, 3 },
    { "[\"tab\there\"]", -1, SK_JSON_ERROR_SYNTAX, 5 },
    { "[\"line\nbreak\"]", -1, SK_JSON_ERROR_SYNTAX, 6 },
    { "[\"nul\0inside\"]", 14, SK_JSON_ERROR_SYNTAX, 5 },
    { "[\"\x1f\"]", -1, SK_JSON_ERROR_SYNTAX, 2 },
    { "[\"abc", -1, SK_JSON_ERROR_TRUNCATED, 5 },
    { "[\"abc\\", -1, SK_JSON_ERROR_TRUNCATED, 6 },
    { "[\"\\u00", -1, SK_JSON_ERROR_TRUNCATED, 6 },
    { "[\"\\ud83d\\u", -1, SK_JSON_ERROR_TRUNCATED, 10 },
    /* NUL bytes outside strings */
    { "[1,\0 2]", 7, SK_JSON_ERROR_SYNTAX, 3 },
    { "\0", 1, SK_JSON_ERROR_SYNTAX, 0 },
    /* invalid UTF-8 */
    { "[\"\x80\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },             /* lone continuation byte */
    { "[\"\xbf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },
    { "[\"\xc3\x28\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },         /* lead byte without continuation */
    { "[\"\xc0\xaf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },         /* overlong '/' */
    { "[\"\xc1\xbf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },         /* overlong */
    { "[\"\xe0\x80\xaf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },     /* overlong, 3 bytes */
    { "[\"\xe0\x9f\xbf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },     /* overlong U+07FF */
    { "[\"\xf0\x80\x80\xaf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 }, /* overlong, 4 bytes */
    { "[\"\xf0\x8f\xbf\xbf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 }, /* overlong U+FFFF */
    { "[\"\xed\xa0\x80\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },     /* U+D800 encoded */
    { "[\"\xed\xbf\xbf\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },     /* U+DFFF encoded */
    { "[\"\xf4\x90\x80\x80\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 }, /* U+110000 */
    { "[\"\xf5\x80\x80\x80\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },
    { "[\"\xf8\x88\x80\x80\x80\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 }, /* 5 bytes */
    { "[\"\xfe\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },
    { "[\"\xff\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },
    { "[\"\xe2\x82\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },         /* cut, then the quote */
    { "[\"ok\\n\xe2\x28\xa1\"]", -1, SK_JSON_ERROR_INVALID_UTF8, 6 }, /* after an escape */
    { "[\xc3\xa9]", -1, SK_JSON_ERROR_SYNTAX, 1 },                   /* valid, but outside a string */
    { "[\xff]", -1, SK_JSON_ERROR_INVALID_UTF8, 1 },
    { "[\"\xe2\x82", -1, SK_JSON_ERROR_TRUNCATED, 4 },               /* cut by the end */
    { "[\"\xf0\x9f\x98", -1, SK_JSON_ERROR_TRUNCATED, 5 },
    { "[\"\xf0", -1, SK_JSON_ERROR_TRUNCATED, 3 },
    { "[\"\xe0", -1, SK_JSON_ERROR_TRUNCATED, 3 },
    { "[\"\xe0\x80", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },           /* cut, but overlong already */
    { "[\"\xed\xa0", -1, SK_JSON_ERROR_INVALID_UTF8, 2 },           /* cut, but a surrogate already */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = NULL;
      gsize len = cases[i].len >= 0 ? (gsize) cases[i].len : strlen (cases[i].text);
      gsize offset = G_MAXSIZE;

      g_test_message ("invalid case %u", i);
      doc = sk_json_doc_parse (cases[i].text, len, 0, &offset, &error);
      g_assert_null (doc);
      g_assert_error (error, SK_JSON_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (offset, ==, cases[i].offset);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_truncated_everywhere (void)
{
  gsize len = strlen (sample);
  gsize end = len;

  /* Every proper prefix of the sample (up to its trailing white space) is
   * cut off; none may parse, none may read past its end (the copy is
   * exactly that long, so the sanitizers see any overrun). */
  while (end > 0 && g_ascii_isspace (sample[end - 1]))
    end--;

  for (gsize cut = 0; cut < end; cut++)
    {
      g_autofree char *copy = g_memdup2 (sample, MAX (cut, 1));
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = NULL;

      doc = sk_json_doc_parse (copy, cut, 0, NULL, &error);
      g_assert_null (doc);
      if (cut <= 1)
        g_assert_error (error, SK_JSON_ERROR, SK_JSON_ERROR_EMPTY);
      else
        g_assert_error (error, SK_JSON_ERROR, SK_JSON_ERROR_TRUNCATED);
    }

  for (gsize cut = end; cut <= len; cut++)
    {
      g_autofree char *copy = g_memdup2 (sample, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = sk_json_doc_parse (copy, cut, 0, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (doc);
    }
}

static void
test_depth (void)
{
  guint limit = 16;

  for (guint depth = 1; depth <= limit + 1; depth++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = NULL;

      for (guint i = 0; i < depth; i++)
        g_string_append (text, i % 2 == 0 ? "[" : "{\"k\":");
      g_string_append (text, "1");
      for (guint i = depth; i > 0; i--)
        g_string_append (text, (i - 1) % 2 == 0 ? "]" : "}");

      doc = sk_json_doc_parse (text->str, text->len, limit, NULL, &error);
      if (depth <= limit)
        g_assert_no_error (error);
      else
        g_assert_error (error, SK_JSON_ERROR, SK_JSON_ERROR_TOO_DEEP);
    }

  /* A hostile answer of a million brackets fails fast, without recursion. */
  {
    gsize n = 1000 * 1000;
    g_autofree char *deep = g_malloc (n);
    g_autoptr(GError) error = NULL;
    g_autoptr(SkJsonDoc) doc = NULL;

    memset (deep, '[', n);
    doc = sk_json_doc_parse (deep, n, 0, NULL, &error);
    g_assert_error (error, SK_JSON_ERROR, SK_JSON_ERROR_TOO_DEEP);
  }
}

static void
test_numbers (void)
{
  static const struct { const char *text; gboolean integer; gboolean fits; gint64 value; } cases[] = {
    { "0", TRUE, TRUE, 0 },
    { "-0", TRUE, TRUE, 0 },
    { "42", TRUE, TRUE, 42 },
    { "9223372036854775807", TRUE, TRUE, G_MAXINT64 },
    { "-9223372036854775808", TRUE, TRUE, G_MININT64 },
    { "9223372036854775808", TRUE, FALSE, 0 },
    { "-9223372036854775809", TRUE, FALSE, 0 },
    { "99999999999999999999999999999999999999999999", TRUE, FALSE, 0 },
    { "1.0", FALSE, FALSE, 0 },
    { "1e3", FALSE, FALSE, 0 },
    { "123456789012345678901234567890.123456789e-999999", FALSE, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = parse_text (cases[i].text, -1, &error);
      const SkJsonNode *root;
      const char *text;
      gint64 value = -1;
      gsize len;

      g_assert_no_error (error);
      root = sk_json_doc_get_root (doc);
      g_assert_cmpint (sk_json_node_is_integer (root), ==, cases[i].integer);
      g_assert_cmpint (sk_json_node_get_int64 (root, &value), ==, cases[i].fits);
      if (cases[i].fits)
        g_assert_cmpint (value, ==, cases[i].value);
      /* Huge numbers lose nothing: the text is what was sent. */
      text = sk_json_node_get_number_text (root, &len);
      g_assert_cmpmem (text, len, cases[i].text, strlen (cases[i].text));
    }
}

static void
test_escapes (void)
{
  static const struct { const char *text; const char *expect; gsize len; } cases[] = {
    { "\"\\u00e9\"", "é", 2 },
    { "\"\\u20AC\"", "€", 3 },
    { "\"\\ud83d\\ude00\"", "😀", 4 },
    { "\"\\uD83D\\uDE00\"", "😀", 4 },
    { "\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf", 4 },
    /* Lone surrogates become U+FFFD; what follows is kept. */
    { "\"\\ud83d\"", "\xef\xbf\xbd", 3 },
    { "\"\\ude00\"", "\xef\xbf\xbd", 3 },
    { "\"a\\ud83dz\"", "a\xef\xbf\xbdz", 5 },
    { "\"\\ud83d\\u0041\"", "\xef\xbf\xbd" "A", 4 },
    { "\"\\ud83d\\ud83d\\ude00\"", "\xef\xbf\xbd" "😀", 7 },
    { "\"\\ude00\\ud83d\"", "\xef\xbf\xbd\xef\xbf\xbd", 6 },
    { "\"\\ud83d\\n\"", "\xef\xbf\xbd\n", 4 },
    /* \u0000 is kept, with its length. */
    { "\"a\\u0000b\"", "a\0b", 3 },
    { "\"\\\"\\\\\\/\"", "\"\\/", 3 },
    { "\"x\\u0041\\u0042y\"", "xABy", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkJsonDoc) doc = parse_text (cases[i].text, -1, &error);
      const char *value;
      gsize len = 0;

      g_test_message ("escape case %u", i);
      g_assert_no_error (error);
      value = sk_json_node_get_string (sk_json_doc_get_root (doc), &len);
      g_assert_cmpmem (value, len, cases[i].expect, cases[i].len);
      g_assert_cmpint (value[len], ==, '\0');
    }
}

static void
test_duplicates_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkJsonDoc) doc = parse_text ("{\"a\":1,\"ab\":2,\"a\":3,\"\\u0062\":4,\"a\\u0000b\":5}", -1, &error);
  const SkJsonNode *root;
  gint64 value = 0;

  g_assert_no_error (error);
  root = sk_json_doc_get_root (doc);

  /* The last of duplicate names counts. */
  g_assert_true (sk_json_node_get_int64 (sk_json_node_get_member (root, "a"), &value));
  g_assert_cmpint (value, ==, 3);
  g_assert_true (sk_json_node_get_int64 (sk_json_node_get_member (root, "ab"), &value));
  g_assert_cmpint (value, ==, 2);
  /* Names are compared decoded. */
  g_assert_true (sk_json_node_get_int64 (sk_json_node_get_member (root, "b"), &value));
  g_assert_cmpint (value, ==, 4);
  /* "a\u0000b" comes last but is not "a": names are compared whole. */
  g_assert_cmpuint (sk_json_node_get_length (root), ==, 5);
  g_assert_cmpmem (sk_json_node_get_member_name (root, 4), 3, "a\0b", 3);
  g_assert_null (sk_json_node_get_member (root, ""));
}

static void
test_big_document (void)
{
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(SkJsonDoc) doc = NULL;
  const SkJsonNode *root;
  guint n = 20000;

  /* Far more nodes than the first guess of the arena holds: it must grow
   * and every node must still be where it belongs. */
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s[%u,{\"i\":%u,\"s\":\"v%u\"}]", i > 0 ? "," : "", i, i, i);
  g_string_append_c (text, ']');

  doc = sk_json_doc_parse (text->str, text->len, 0, NULL, &error);
  g_assert_no_error (error);
  root = sk_json_doc_get_root (doc);
  g_assert_cmpuint (sk_json_node_get_length (root), ==, n);

  for (guint i = 0; i < n; i += 997)
    {
      const SkJsonNode *pair = sk_json_node_get_child (root, i);
      const SkJsonNode *object = sk_json_node_get_child (pair, 1);
      g_autofree char *expect = g_strdup_printf ("v%u", i);
      gint64 value = -1;

      g_assert_true (sk_json_node_get_int64 (sk_json_node_get_child (pair, 0), &value));
      g_assert_cmpint (value, ==, i);
      g_assert_true (sk_json_node_get_int64 (sk_json_node_get_member (object, "i"), &value));
      g_assert_cmpint (value, ==, i);
      g_assert_cmpstr (sk_json_node_get_string (sk_json_node_get_member (object, "s"), NULL), ==, expect);
    }
}

static void
test_input_untouched (void)
{
  const char text[] = "[\"a\\nb\",\"\\u00e9\"]";
  g_autofree char *copy = g_strdup (text);
  g_autoptr(SkJsonDoc) doc = NULL;

  /* Strings are decoded in the document's own copy, never in the input. */
  doc = sk_json_doc_parse (copy, strlen (copy), 0, NULL, NULL);
  g_assert_nonnull (doc);
  g_assert_cmpstr (copy, ==, text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/sample", test_sample);
  g_test_add_func ("/json/valid", test_valid);
  g_test_add_func ("/json/invalid", test_invalid);
  g_test_add_func ("/json/truncated-everywhere", test_truncated_everywhere);
  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/numbers", test_numbers);
  g_test_add_func ("/json/escapes", test_escapes);
  g_test_add_func ("/json/duplicates-and-lookup", test_duplicates_and_lookup);
  g_test_add_func ("/json/big-document", test_big_document);
  g_test_add_func ("/json/input-untouched", test_input_untouched);

  return g_test_run ();
}
