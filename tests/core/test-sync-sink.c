/* test-sync-sink.c — the SkSyncSink wrappers forward to the implementation
 * and refuse bad calls instead of crashing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sk-records.h"
#include "sk-sync-sink.h"
#include "sk-test-utils.h"

/* A sink that records what it was given and can be told to fail. */
#define TEST_TYPE_SINK (test_sink_get_type ())
G_DECLARE_FINAL_TYPE (TestSink, test_sink, TEST, SINK, GObject)

struct _TestSink
{
  GObject     parent_instance;
  gboolean    fail;
  guint       pages;
  gint64      last_cursor;
  gint64      notes_order;
  guint       n_notes;
  gint64      finished_orders;
};

static void test_sink_iface_init (SkSyncSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSink, test_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SK_TYPE_SYNC_SINK, test_sink_iface_init))

static gboolean
test_sink_write_page (SkSyncSink        *sink,
                      const SkSyncPage  *page,
                      GError           **error)
{
  TestSink *self = TEST_SINK (sink);

  if (self->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }

  self->pages++;
  self->last_cursor = page->cursor;
  return TRUE;
}

static gboolean
test_sink_write_order_notes (SkSyncSink  *sink,
                             gint64       order_remote_id,
                             GPtrArray   *notes,
                             GError     **error)
{
  TestSink *self = TEST_SINK (sink);

  self->notes_order = order_remote_id;
  self->n_notes = notes->len;
  return TRUE;
}

static gboolean
test_sink_get_cursor (SkSyncSink  *sink,
                      SkResource   resource,
                      gint64      *out_cursor,
                      GError     **error)
{
  TestSink *self = TEST_SINK (sink);

  *out_cursor = resource == SK_RESOURCE_ORDERS ? self->last_cursor : 0;
  return TRUE;
}

static void
test_sink_iface_init (SkSyncSinkInterface *iface)
{
  iface->write_page = test_sink_write_page;
  iface->write_order_notes = test_sink_write_order_notes;
  iface->get_cursor = test_sink_get_cursor;
  /* finish is left out on purpose: the wrapper must notice. */
}

static void
test_sink_class_init (TestSinkClass *klass)
{
}

static void
test_sink_init (TestSink *self)
{
}

static void
test_forwarding (void)
{
  g_autoptr(TestSink) sink = g_object_new (TEST_TYPE_SINK, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_note_record_free);
  g_autoptr(GError) error = NULL;
  SkSyncPage page = { SK_RESOURCE_ORDERS, records, 1772373909 };
  gint64 cursor = -1;

  g_ptr_array_add (records, sk_order_record_new ());
  g_ptr_array_add (notes, sk_order_note_record_new ());
  g_ptr_array_add (notes, sk_order_note_record_new ());

  g_assert_true (SK_IS_SYNC_SINK (sink));

  g_assert_true (sk_sync_sink_write_page (SK_SYNC_SINK (sink), &page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sink->pages, ==, 1);

  g_assert_true (sk_sync_sink_get_cursor (SK_SYNC_SINK (sink), SK_RESOURCE_ORDERS, &cursor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cursor, ==, 1772373909);

  g_assert_true (sk_sync_sink_write_order_notes (SK_SYNC_SINK (sink), 77, notes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sink->notes_order, ==, 77);
  g_assert_cmpuint (sink->n_notes, ==, 2);

  /* Errors from the implementation come through unchanged. */
  sink->fail = TRUE;
  g_assert_false (sk_sync_sink_write_page (SK_SYNC_SINK (sink), &page, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (sink->pages, ==, 1);
}

static void
test_bad_calls (void)
{
  g_autoptr(TestSink) sink = g_object_new (TEST_TYPE_SINK, NULL);
  g_autoptr(GObject) not_a_sink = g_object_new (G_TYPE_OBJECT, NULL);
  SkSyncSummary summary = { 0 };
  SkSyncPage no_records = { SK_RESOURCE_ORDERS, NULL, 0 };
  gint64 cursor = 0;

  /* A missing vfunc is a programming error, reported, not a crash. */
  g_test_expect_message ("sk-sync-sink", G_LOG_LEVEL_CRITICAL, "*iface->finish != NULL*");
  g_assert_false (sk_sync_sink_finish (SK_SYNC_SINK (sink), &summary, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("sk-sync-sink", G_LOG_LEVEL_CRITICAL, "*SK_IS_SYNC_SINK*");
  g_assert_false (sk_sync_sink_get_cursor ((SkSyncSink *) not_a_sink, SK_RESOURCE_ORDERS, &cursor, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("sk-sync-sink", G_LOG_LEVEL_CRITICAL, "*page->records != NULL*");
  g_assert_false (sk_sync_sink_write_page (SK_SYNC_SINK (sink), &no_records, NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-sink/forwarding", test_forwarding);
  g_test_add_func ("/sync-sink/bad-calls", test_bad_calls);

  return g_test_run ();
}
