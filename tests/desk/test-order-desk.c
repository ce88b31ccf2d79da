/* test-order-desk.c — promises, marks, needs attention, follow-ups, lead times.
 *
 * A hand-made shop whose every answer is known, and a demo shop synced
 * over HTTP whose needs-attention lists and lead times are checked against
 * a brute-force computation that shares no code with sk-order-desk.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "sk-context.h"
#include "sk-database.h"
#include "sk-database-private.h"
#include "sk-order-desk.h"
#include "sk-shop-settings.h"
#include "sk-sync-manager.h"
#include "sk-sync-sink.h"
#include "sk-time.h"
#include "sk-test-utils.h"
#include "store-test-helpers.h"

#define H   ((gint64) 3600)
#define D   ((gint64) 86400)
/* Monday 2026-03-02 10:00:00 UTC (the tests run with TZ=UTC). */
#define MONDAY ((gint64) 1772445600)

typedef struct
{
  char       *dir;
  char       *path;
  SkDatabase *db;
  SkSyncSink *sink;
} Fixture;

static SkOrderRecord *
order_new (gint64      remote_id,
           const char *status,
           gint64      created,
           gint64      completed)
{
  static const char * const products[] = { "Teapot", NULL };
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, remote_id);
  SkOrderRecord *order = store_test_order_new (remote_id, number, status, created, "Anna", "Alpha",
                                               "anna@example.com", 1000, products);

  order->date_completed = completed;
  return order;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = sk_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "shopkeeper.db", NULL);
  fixture->db = sk_database_open (fixture->path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fixture->sink = sk_database_create_sink (fixture->db, "https://shop.example", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->sink);
  g_assert_finalize_object (fixture->db);
  sk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gint64
query_int (SkDatabase *database,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (SkDatabase *database,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gint64
id_of (SkDatabase *database,
       gint64      remote_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM orders WHERE remote_id = %" G_GINT64_FORMAT, remote_id);

  return query_int (database, sql);
}

static gint64
end_of_day_utc (gint64 instant)
{
  return instant - instant % D + D - 1;
}

/* Every open status, including a plugin's own, gets a promise; final ones
 * do not; a second refresh changes nothing; new settings only apply to
 * orders without one. */
static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *statuses[] = { "pending", "processing", "on-hold", "awaiting-shipment",
                             "completed", "cancelled", "refunded", "failed", "trash", "checkout-draft",
                             "draft", "auto-draft", "new" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_ptr_array_add (orders, order_new (100 + i, statuses[i], MONDAY, 0));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  g_assert_true (sk_order_desk_refresh (fixture->db, MONDAY + H, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM order_desk"), ==, 4);
  g_assert_cmpint (query_int (fixture->db,
                              "SELECT count (*) FROM order_desk d JOIN orders o ON o.id = d.order_id"
                              " WHERE o.status IN ('pending', 'processing', 'on-hold', 'awaiting-shipment')"
                              "   AND d.promise_source = 'rule' AND d.promise_reason = ''"), ==, 4);
  /* Monday 10:00, two handling days: Wednesday. */
  g_assert_cmpint (query_int (fixture->db, "SELECT min (promised_ship_at) = max (promised_ship_at) FROM order_desk"), ==, 1);
  g_assert_cmpint (query_int (fixture->db, "SELECT min (promised_ship_at) FROM order_desk"), ==,
                   end_of_day_utc (MONDAY + 2 * D));
  /* Rule promises are not a person's act: no audit entries. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM audit_log WHERE action LIKE 'desk.%'"), ==, 0);
  /* The first refresh notes when the desk started; later ones keep it. */
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, SK_SETTING_DESK_STARTED, 0), ==, MONDAY + H);

  before = store_test_dump (fixture->path);
  g_assert_true (sk_order_desk_refresh (fixture->db, MONDAY + 2 * H, &error));
  g_assert_no_error (error);
  after = store_test_dump (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, SK_SETTING_DESK_STARTED, 0), ==, MONDAY + H);

  /* Five handling days from now on: the promises made stay, a new order
   * gets the new rule. */
  g_assert_true (sk_shop_settings_set_int (fixture->db, SK_SETTING_HANDLING_DAYS, 5, NULL, &error));
  g_ptr_array_set_size (orders, 0);
  g_ptr_array_add (orders, order_new (200, "processing", MONDAY, 0));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  g_assert_true (sk_order_desk_refresh (fixture->db, MONDAY + 3 * H, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM order_desk"), ==, 5);
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM order_desk WHERE promised_ship_at = 1772668799"), ==, 4);
  g_assert_cmpint (query_int (fixture->db,
                              "SELECT promised_ship_at FROM order_desk d JOIN orders o ON o.id = d.order_id"
                              " WHERE o.remote_id = 200"), ==, end_of_day_utc (MONDAY + 7 * D));

  /* An order deleted in the store takes its desk row with it. */
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->db),
                                 "DELETE FROM orders WHERE remote_id = 200", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM order_desk"), ==, 4);
}

static void
test_rule_settings (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SkShipRule) rule = NULL;
  g_autoptr(SkShipRule) loaded = NULL;
  g_autoptr(SkShipRule) damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *holidays = NULL;

  rule = sk_order_desk_load_rule (fixture->db);
  g_assert_cmpint (rule->handling_days, ==, 2);
  g_assert_cmpint (rule->cutoff_minutes, ==, 840);
  g_assert_cmpuint (rule->working_days, ==, 0x1f);

  sk_database_set_actor (fixture->db, "Alice");
  rule->handling_days = 3;
  rule->cutoff_minutes = 11 * 60 + 30;
  rule->working_days = SK_WEEKDAY_MONDAY | SK_WEEKDAY_SATURDAY;
  g_assert_true (sk_ship_rule_set_holidays_text (rule, "2026-12-25,2026-12-24", NULL));
  g_assert_true (sk_order_desk_save_rule (fixture->db, rule, &error));
  g_assert_no_error (error);

  loaded = sk_order_desk_load_rule (fixture->db);
  g_assert_cmpint (loaded->handling_days, ==, 3);
  g_assert_cmpint (loaded->cutoff_minutes, ==, 690);
  g_assert_cmpuint (loaded->working_days, ==, SK_WEEKDAY_MONDAY | SK_WEEKDAY_SATURDAY);
  holidays = sk_ship_rule_get_holidays_text (loaded);
  g_assert_cmpstr (holidays, ==, "2026-12-24,2026-12-25");
  g_assert_cmpint (query_int (fixture->db,
                              "SELECT count (*) FROM audit_log WHERE actor = 'Alice' AND action = 'settings.changed'"
                              " AND subject LIKE 'shipping.%'"), ==, 4);

  /* A rule that makes no sense is refused and nothing is saved. */
  rule->working_days = 0;
  g_assert_false (sk_order_desk_save_rule (fixture->db, rule, &error));
  g_assert_error (error, SK_SHIP_DATE_ERROR, SK_SHIP_DATE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sk_shop_settings_get_int (fixture->db, SK_SETTING_WORKING_DAYS, -1), ==,
                   SK_WEEKDAY_MONDAY | SK_WEEKDAY_SATURDAY);

  /* Damaged settings (written by hand) fall back to the defaults. */
  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SETTING_WORKING_DAYS, "0", NULL, NULL));
  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SETTING_HANDLING_DAYS, "-4", NULL, NULL));
  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SETTING_CUTOFF_MINUTES, "lunch", NULL, NULL));
  g_assert_true (sk_shop_settings_set_string (fixture->db, SK_SETTING_HOLIDAYS, "2026-02-30", NULL, NULL));
  damaged = sk_order_desk_load_rule (fixture->db);
  g_assert_cmpint (damaged->handling_days, ==, 2);
  g_assert_cmpint (damaged->cutoff_minutes, ==, 840);
  g_assert_cmpuint (damaged->working_days, ==, 0x1f);
  g_assert_cmpuint (damaged->holidays->len, ==, 0);
}

static void
test_manual_promise (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(SkOrderDesk) fresh = NULL;
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  const char *no_reasons[] = { NULL, "", "   \n\t" };
  gint64 id;

  g_ptr_array_add (orders, order_new (100, "processing", MONDAY, 0));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  id = id_of (fixture->db, 100);
  sk_database_set_actor (fixture->db, "Alice");

  /* Without a row yet: the rule's promise, computed on the fly. */
  fresh = sk_order_desk_load (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_false (fresh->stored);
  g_assert_cmpint (fresh->promise_source, ==, SK_PROMISE_SOURCE_RULE);
  g_assert_cmpint (fresh->promised_ship_at, ==, end_of_day_utc (MONDAY + 2 * D));
  g_assert_cmpstr (fresh->order_status, ==, "processing");
  g_assert_cmpint (fresh->order_created, ==, MONDAY);

  for (guint i = 0; i < G_N_ELEMENTS (no_reasons); i++)
    {
      g_assert_false (sk_order_desk_set_promise (fixture->db, id, MONDAY + 5 * D, no_reasons[i], &error));
      g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* Not valid text, too long, before the order was placed, no date. */
  g_assert_false (sk_order_desk_set_promise (fixture->db, id, MONDAY + 5 * D, "\xff\xfe", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *longer = g_strnfill (SK_DESK_MAX_TEXT + 1, 'x');

    g_assert_false (sk_order_desk_set_promise (fixture->db, id, MONDAY + 5 * D, longer, &error));
    g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_false (sk_order_desk_set_promise (fixture->db, id, MONDAY - 2 * D, "Too early", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sk_order_desk_set_promise (fixture->db, id, 0, "No date", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sk_order_desk_set_promise (fixture->db, id + 1000, MONDAY + 5 * D, "Nobody", &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing refused left a trace. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM order_desk"), ==, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM audit_log WHERE action LIKE 'desk.%'"), ==, 0);

  /* The same day at the desk (the order placed on Monday): any instant
   * of Saturday is stored as its last second. */
  g_assert_true (sk_order_desk_set_promise (fixture->db, id, MONDAY + 5 * D + 3 * H, "  Engraving takes longer  ", &error));
  g_assert_no_error (error);

  desk = sk_order_desk_load (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_true (desk->stored);
  g_assert_cmpint (desk->promise_source, ==, SK_PROMISE_SOURCE_MANUAL);
  g_assert_cmpstr (desk->promise_reason, ==, "Engraving takes longer");
  g_assert_cmpint (desk->promised_ship_at, ==, end_of_day_utc (MONDAY + 5 * D));

  details = query_text (fixture->db,
                        "SELECT actor || '|' || action || '|' || subject || '|' || details FROM audit_log"
                        " WHERE action LIKE 'desk.%'");
  g_assert_cmpstr (details, ==,
                   "Alice|desk.promise-set|order:1|from=2026-03-04 to=2026-03-07 source=manual reason=\"Engraving takes longer\"");
}

static void
test_marks (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(SkOrderDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *delayed = NULL;
  const char *bad_urls[] = { "ftp://track.example/1", "javascript:alert(1)", "track.example/1", "https://" };
  gint64 id;

  g_ptr_array_add (orders, order_new (100, "processing", MONDAY, 0));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  id = id_of (fixture->db, 100);
  sk_database_set_actor (fixture->db, "Bob");

  g_assert_true (sk_order_desk_mark_confirmed (fixture->db, id, MONDAY + 60, &error));
  g_assert_no_error (error);
  g_assert_true (sk_order_desk_set_awaiting_reply (fixture->db, id, MONDAY + H, &error));
  g_assert_true (sk_order_desk_mark_delayed (fixture->db, id, "Supplier is late", MONDAY + 9 * D, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_assert_false (sk_order_desk_mark_shipped (fixture->db, id, MONDAY + 8 * D, "DHL", "123", bad_urls[i], &error));
      g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (sk_order_desk_mark_delayed (fixture->db, id, "", MONDAY + 9 * D, &error));
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sk_order_desk_mark_shipped (fixture->db, id, MONDAY + 8 * D, " DHL ", "JD0001",
                                             "https://track.example/?n=JD0001", &error));
  g_assert_no_error (error);
  g_assert_true (sk_order_desk_set_awaiting_reply (fixture->db, id, 0, &error));
  g_assert_true (sk_order_desk_mark_followed_up (fixture->db, id, MONDAY + 20 * D, &error));

  desk = sk_order_desk_load (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (desk->confirmed_at, ==, MONDAY + 60);
  g_assert_cmpint (desk->awaiting_reply_since, ==, 0);
  g_assert_cmpint (desk->shipped_at, ==, MONDAY + 8 * D);
  g_assert_cmpstr (desk->carrier, ==, "DHL");
  g_assert_cmpstr (desk->tracking_number, ==, "JD0001");
  g_assert_cmpstr (desk->tracking_url, ==, "https://track.example/?n=JD0001");
  g_assert_cmpstr (desk->delayed_reason, ==, "Supplier is late");
  g_assert_cmpint (desk->promise_source, ==, SK_PROMISE_SOURCE_MANUAL);
  g_assert_cmpint (desk->promised_ship_at, ==, end_of_day_utc (MONDAY + 9 * D));
  g_assert_cmpint (desk->follow_up_sent_at, ==, MONDAY + 20 * D);

  /* The delay keeps the old date in the log. */
  delayed = query_text (fixture->db, "SELECT details FROM audit_log WHERE action = 'desk.delayed'");
  g_assert_cmpstr (delayed, ==, "from=2026-03-04 to=2026-03-11 source=manual reason=\"Supplier is late\"");
  g_assert_cmpint (query_int (fixture->db, "SELECT count (*) FROM audit_log WHERE action LIKE 'desk.%' AND actor = 'Bob'"), ==, 6);

  /* Inside the caller's transaction: rolled back with it. */
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->db), "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (sk_order_desk_mark_confirmed (fixture->db, id, MONDAY + 99, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_sk_database_get_handle (fixture->db), "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (fixture->db, "SELECT confirmed_at FROM order_desk"), ==, MONDAY + 60);
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
test_attention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) late = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[SK_ATTENTION_N_KINDS];
  /* Friday 2026-03-13 12:00 UTC */
  gint64 now = MONDAY + 11 * D + 2 * H;

  /* 1: placed today, unconfirmed; promise Tuesday: fine otherwise. */
  g_ptr_array_add (orders, order_new (1, "processing", now - H, 0));
  /* 2: Monday 2 March, promise Wed 4 March: late, unconfirmed. */
  g_ptr_array_add (orders, order_new (2, "processing", MONDAY, 0));
  /* 3: same but confirmed and shipped: nothing. */
  g_ptr_array_add (orders, order_new (3, "on-hold", MONDAY, 0));
  /* 4: Wednesday 11 March 10:00 → promise Friday 13 (today): at risk. */
  g_ptr_array_add (orders, order_new (4, "awaiting-shipment", MONDAY + 9 * D, 0));
  /* 5: completed, customer waiting for an answer. */
  g_ptr_array_add (orders, order_new (5, "completed", MONDAY - 20 * D, MONDAY - 18 * D));
  /* 6: open but placed 40 days ago: late, no longer "to confirm". */
  g_ptr_array_add (orders, order_new (6, "pending", now - 40 * D, 0));
  /* 7: cancelled, unconfirmed: nothing. */
  g_ptr_array_add (orders, order_new (7, "cancelled", now - 2 * H, 0));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  g_assert_true (sk_order_desk_refresh (fixture->db, now, &error));
  g_assert_no_error (error);

  g_assert_true (sk_order_desk_mark_confirmed (fixture->db, id_of (fixture->db, 3), MONDAY + H, &error));
  g_assert_true (sk_order_desk_mark_shipped (fixture->db, id_of (fixture->db, 3), MONDAY + D, NULL, NULL, NULL, &error));
  g_assert_true (sk_order_desk_mark_confirmed (fixture->db, id_of (fixture->db, 4), MONDAY + 9 * D, &error));
  g_assert_true (sk_order_desk_set_awaiting_reply (fixture->db, id_of (fixture->db, 5), now - D, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 1), now), ==, SK_ATTENTION_UNCONFIRMED);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 2), now), ==,
                   SK_ATTENTION_UNCONFIRMED | SK_ATTENTION_LATE);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 3), now), ==, 0);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 4), now), ==, SK_ATTENTION_AT_RISK);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 5), now), ==, SK_ATTENTION_AWAITING_REPLY);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 6), now), ==, SK_ATTENTION_LATE);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 7), now), ==, 0);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, 424242, now), ==, 0);

  /* Oldest first: 6 (1 February), 5 (10 February), 2, 4, 1. */
  all = sk_order_desk_query_attention_ids (fixture->db, now, SK_ATTENTION_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpint (g_array_index (all, gint64, 0), ==, id_of (fixture->db, 6));
  g_assert_cmpint (g_array_index (all, gint64, 1), ==, id_of (fixture->db, 5));
  g_assert_cmpint (g_array_index (all, gint64, 2), ==, id_of (fixture->db, 2));
  g_assert_cmpint (g_array_index (all, gint64, 3), ==, id_of (fixture->db, 4));
  g_assert_cmpint (g_array_index (all, gint64, 4), ==, id_of (fixture->db, 1));

  late = sk_order_desk_query_attention_ids (fixture->db, now, SK_ATTENTION_LATE, &error);
  g_assert_cmpuint (late->len, ==, 2);
  g_assert_true (array_has (late, id_of (fixture->db, 2)) && array_has (late, id_of (fixture->db, 6)));

  g_assert_true (sk_order_desk_count_attention (fixture->db, now, counts, &error));
  g_assert_cmpuint (counts[0], ==, 2);
  g_assert_cmpuint (counts[1], ==, 2);
  g_assert_cmpuint (counts[2], ==, 1);
  g_assert_cmpuint (counts[3], ==, 1);

  /* At 23:59:59 on the promised day the order is not late yet; a second
   * later it is. */
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 4), end_of_day_utc (now)), ==,
                   SK_ATTENTION_AT_RISK);
  g_assert_cmpint (sk_order_desk_get_attention (fixture->db, id_of (fixture->db, 4), end_of_day_utc (now) + 1), ==,
                   SK_ATTENTION_LATE);
  /* No mask, no orders. */
  g_clear_pointer (&late, g_array_unref);
  late = sk_order_desk_query_attention_ids (fixture->db, now, 0, &error);
  g_assert_cmpuint (late->len, ==, 0);
}

static void
test_follow_ups (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = MONDAY + 100 * D;

  /* Completed 8 days ago: due. 6 days ago: not yet. 61 days ago: too late. */
  g_ptr_array_add (orders, order_new (1, "completed", now - 10 * D, now - 8 * D));
  g_ptr_array_add (orders, order_new (2, "completed", now - 10 * D, now - 6 * D));
  g_ptr_array_add (orders, order_new (3, "completed", now - 70 * D, now - 61 * D));
  /* Completed 30 days ago, followed up already. */
  g_ptr_array_add (orders, order_new (4, "completed", now - 35 * D, now - 30 * D));
  /* Completed then refunded: no follow-up. */
  g_ptr_array_add (orders, order_new (5, "refunded", now - 35 * D, now - 30 * D));
  /* Marked shipped here 9 days ago, the store still says processing. */
  g_ptr_array_add (orders, order_new (6, "processing", now - 12 * D, 0));
  /* Completed in the store 20 days ago but shipped here 3 days ago: not yet. */
  g_ptr_array_add (orders, order_new (7, "completed", now - 25 * D, now - 20 * D));
  /* Exactly 7 days ago: due. */
  g_ptr_array_add (orders, order_new (8, "completed", now - 9 * D, now - 7 * D));
  /* 37 days ago (7 days and the 30 days' grace): still due; 38: too late. */
  g_ptr_array_add (orders, order_new (9, "completed", now - 40 * D, now - 37 * D));
  g_ptr_array_add (orders, order_new (10, "completed", now - 40 * D, now - 38 * D));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);

  g_assert_true (sk_order_desk_mark_followed_up (fixture->db, id_of (fixture->db, 4), now - 20 * D, &error));
  g_assert_true (sk_order_desk_mark_shipped (fixture->db, id_of (fixture->db, 6), now - 9 * D, "UPS", "1Z", NULL, &error));
  g_assert_true (sk_order_desk_mark_shipped (fixture->db, id_of (fixture->db, 7), now - 3 * D, "UPS", "1Z", NULL, &error));
  g_assert_no_error (error);

  /* Before the desk ever refreshed, it has not started: nothing is due. */
  due = sk_order_desk_list_follow_ups_due (fixture->db, now, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_array_unref);

  /* The desk has been in use for 100 days. */
  g_assert_true (sk_shop_settings_set_int (fixture->db, SK_SETTING_DESK_STARTED, now - 100 * D, NULL, &error));
  due = sk_order_desk_list_follow_ups_due (fixture->db, now, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 4);
  g_assert_cmpint (g_array_index (due, gint64, 0), ==, id_of (fixture->db, 9));
  g_assert_cmpint (g_array_index (due, gint64, 1), ==, id_of (fixture->db, 6));
  g_assert_cmpint (g_array_index (due, gint64, 2), ==, id_of (fixture->db, 1));
  g_assert_cmpint (g_array_index (due, gint64, 3), ==, id_of (fixture->db, 8));
  g_clear_pointer (&due, g_array_unref);

  /* Sending one takes it off the list. */
  g_assert_true (sk_order_desk_mark_followed_up (fixture->db, id_of (fixture->db, 1), now, &error));
  due = sk_order_desk_list_follow_ups_due (fixture->db, now, 7, &error);
  g_assert_cmpuint (due->len, ==, 3);
  g_clear_pointer (&due, g_array_unref);

  /* Zero days: everything shipped in the last 30. */
  due = sk_order_desk_list_follow_ups_due (fixture->db, now, 0, &error);
  g_assert_cmpuint (due->len, ==, 4);
  g_clear_pointer (&due, g_array_unref);

  /* A shop that started using the desk 8½ days ago: what shipped before
   * gets no follow-up, however recent. */
  g_assert_true (sk_shop_settings_set_int (fixture->db, SK_SETTING_DESK_STARTED, now - 8 * D - 12 * H, NULL, &error));
  due = sk_order_desk_list_follow_ups_due (fixture->db, now, 7, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (g_array_index (due, gint64, 0), ==, id_of (fixture->db, 8));
  g_clear_pointer (&due, g_array_unref);

  due = sk_order_desk_list_follow_ups_due (fixture->db, now, 61, &error);
  g_assert_null (due);
  g_assert_error (error, SK_DATABASE_ERROR, SK_DATABASE_ERROR_INVALID);
}

/* Lead times of a hand-made shop: nearest-rank median and 90th
 * percentile, each order once per product however many lines it has,
 * products with too few orders, and figures that follow new orders. */
static void
test_lead_times (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_order_record_free);
  g_autoptr(GError) error = NULL;
  static const char * const two_lines[] = { "Teapot", "Teapot lid", NULL };
  gint64 leads_days[] = { 1, 2, 3, 4, 10 };
  gint64 median, p90, n;

  /* Before any refresh: nothing known. */
  g_assert_true (sk_order_desk_lead_time (fixture->db, 0, &median, &p90, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (leads_days); i++)
    g_ptr_array_add (orders, order_new (10 + i, "completed", MONDAY, MONDAY + leads_days[i] * D));
  /* Open, and completed before it was placed (a broken store clock):
   * neither counts. */
  g_ptr_array_add (orders, order_new (20, "processing", MONDAY, 0));
  g_ptr_array_add (orders, order_new (21, "completed", MONDAY, MONDAY - D));
  /* Two lines, both product 500: one order for that product. */
  {
    SkOrderRecord *order = store_test_order_new (22, "22", "completed", MONDAY, "Bo", "Beta",
                                                 "bo@example.com", 1000, (const char **) two_lines);
    SkOrderItemRecord *second = g_ptr_array_index (order->items, 1);

    order->date_completed = MONDAY + 5 * D;
    second->product_remote_id = 500;
    g_ptr_array_add (orders, order);
  }
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  g_assert_true (sk_order_desk_refresh (fixture->db, MONDAY + 30 * D, &error));
  g_assert_no_error (error);

  /* 1, 2, 3, 4, 5, 10 days: rank 3 and rank 6. */
  g_assert_true (sk_order_desk_lead_time (fixture->db, 0, &median, &p90, &n, &error));
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpint (median, ==, 3 * D);
  g_assert_cmpint (p90, ==, 10 * D);

  /* Product 500 has 6 orders: too few for figures of its own. */
  g_assert_true (sk_order_desk_lead_time (fixture->db, 500, &median, &p90, &n, &error));
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpint (median, ==, 0);
  g_assert_cmpint (p90, ==, 0);

  /* 20 more orders of it, 2 days each: 26, enough. Rank 13 and 24 of
   * 1, 2×21, 3, 4, 5, 10 days. */
  g_ptr_array_set_size (orders, 0);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (orders, order_new (100 + i, "completed", MONDAY + D, MONDAY + 3 * D));
  store_test_write_page (fixture->sink, SK_RESOURCE_ORDERS, orders, 0);
  g_assert_true (sk_order_desk_refresh (fixture->db, MONDAY + 30 * D, &error));
  g_assert_true (sk_order_desk_lead_time (fixture->db, 500, &median, &p90, &n, &error));
  g_assert_cmpint (n, ==, 26);
  g_assert_cmpint (median, ==, 2 * D);
  g_assert_cmpint (p90, ==, 4 * D);
  g_assert_true (sk_order_desk_lead_time (fixture->db, 501, &median, &p90, &n, &error));
  g_assert_cmpint (n, ==, 0);
}

/* The demo shop, synced over HTTP. */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} SyncRun;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  run->ok = sk_sync_manager_sync_finish (SK_SYNC_MANAGER (object), result, NULL, &run->error);
  run->done = TRUE;
}

typedef struct
{
  gint64 id;
  gint64 created;
  gboolean open;
  gboolean has_row;
  gint64 promise;
  gint64 confirmed;
  gint64 shipped;
  gint64 awaiting;
} Brute;

static int
compare_brute (const void *a,
               const void *b)
{
  const Brute *x = a;
  const Brute *y = b;

  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Written from the definitions in sk-order-desk.h, sharing nothing with
 * its SQL. */
static guint
brute_mask (const Brute *b,
            gint64       now)
{
  guint mask = 0;

  if (b->awaiting > 0)
    mask |= SK_ATTENTION_AWAITING_REPLY;
  if (!b->open)
    return mask;
  if (b->confirmed == 0 && b->shipped == 0 && b->created >= now - 30 * D)
    mask |= SK_ATTENTION_UNCONFIRMED;
  if (b->has_row && b->shipped == 0 && now > b->promise)
    mask |= SK_ATTENTION_LATE;
  if (b->has_row && b->shipped == 0 && now <= b->promise && b->promise - now < 24 * H)
    mask |= SK_ATTENTION_AT_RISK;
  return mask;
}

static GArray *
load_brute (SkDatabase *database)
{
  const char *final[] = { "completed", "cancelled", "refunded", "failed", "trash", "draft", "checkout-draft",
                          "auto-draft", "new" };
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Brute));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database),
                                       "SELECT id, date_created, status FROM orders", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Brute b = { 0 };
      const char *status = (const char *) sqlite3_column_text (stmt, 2);

      b.id = sqlite3_column_int64 (stmt, 0);
      b.created = sqlite3_column_int64 (stmt, 1);
      b.open = TRUE;
      for (guint k = 0; k < G_N_ELEMENTS (final); k++)
        if (g_str_equal (status, final[k]))
          b.open = FALSE;
      g_array_append_val (rows, b);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database),
                                       "SELECT order_id, promised_ship_at, confirmed_at, shipped_at, awaiting_reply_since"
                                       " FROM order_desk", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      for (guint i = 0; i < rows->len; i++)
        {
          Brute *b = &g_array_index (rows, Brute, i);

          if (b->id != id)
            continue;
          b->has_row = TRUE;
          b->promise = sqlite3_column_int64 (stmt, 1);
          b->confirmed = sqlite3_column_int64 (stmt, 2);
          b->shipped = sqlite3_column_int64 (stmt, 3);
          b->awaiting = sqlite3_column_int64 (stmt, 4);
          break;
        }
    }
  sqlite3_finalize (stmt);

  qsort (rows->data, rows->len, sizeof (Brute), compare_brute);
  return rows;
}

static void
check_against_brute (SkDatabase *database,
                     gint64      now)
{
  g_autoptr(GArray) rows = load_brute (database);
  guint masks[] = { SK_ATTENTION_UNCONFIRMED, SK_ATTENTION_LATE, SK_ATTENTION_AT_RISK,
                    SK_ATTENTION_AWAITING_REPLY, SK_ATTENTION_ALL, SK_ATTENTION_LATE | SK_ATTENTION_AT_RISK };
  guint counts[SK_ATTENTION_N_KINDS];
  guint expected_counts[SK_ATTENTION_N_KINDS] = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      const Brute *b = &g_array_index (rows, Brute, i);
      guint mask = brute_mask (b, now);

      for (guint k = 0; k < SK_ATTENTION_N_KINDS; k++)
        expected_counts[k] += (mask >> k) & 1;

      /* One order in 97: the table column's flag too. */
      if (i % 97 == 0)
        g_assert_cmpuint (sk_order_desk_get_attention (database, b->id, now), ==, mask);
    }

  g_assert_true (sk_order_desk_count_attention (database, now, counts, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < SK_ATTENTION_N_KINDS; k++)
    {
      g_test_message ("now %lld: kind %u: %u orders", (long long) now, k, counts[k]);
      g_assert_cmpuint (counts[k], ==, expected_counts[k]);
    }

  for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
    {
      g_autoptr(GArray) ids = sk_order_desk_query_attention_ids (database, now, masks[m], &error);
      guint j = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          const Brute *b = &g_array_index (rows, Brute, i);

          if ((brute_mask (b, now) & masks[m]) == 0)
            continue;
          g_assert_cmpuint (j, <, ids->len);
          g_assert_cmpint (g_array_index (ids, gint64, j), ==, b->id);
          j++;
        }
      g_assert_cmpuint (j, ==, ids->len);
    }
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Median and 90th percentile by nearest rank, straight from the
 * definition: the smallest value with at least p % at or below it. */
static void
brute_lead (GArray *leads,
            gint64 *median,
            gint64 *p90)
{
  qsort (leads->data, leads->len, sizeof (gint64), compare_gint64);
  *median = *p90 = 0;
  for (guint i = 0; i < leads->len; i++)
    {
      if (*median == 0 && (i + 1) * 100 >= leads->len * 50)
        *median = g_array_index (leads, gint64, i);
      if (*p90 == 0 && (i + 1) * 100 >= leads->len * 90)
        *p90 = g_array_index (leads, gint64, i);
    }
}

static void
check_lead_times (SkDatabase *database)
{
  g_autoptr(GArray) shop = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 median, p90, n;
  gint64 bm, bp;
  guint products_checked = 0;
  guint small_checked = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database),
                                       "SELECT date_completed - date_created FROM orders"
                                       " WHERE date_completed > 0 AND date_created > 0 AND date_completed >= date_created",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 lead = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (shop, lead);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (shop->len, >, 1000);

  brute_lead (shop, &bm, &bp);
  g_assert_true (sk_order_desk_lead_time (database, 0, &median, &p90, &n, &error));
  g_assert_no_error (error);
  g_test_message ("shop: %lld orders, median %lld s, p90 %lld s", (long long) n, (long long) median, (long long) p90);
  g_assert_cmpint (n, ==, shop->len);
  g_assert_cmpint (median, ==, bm);
  g_assert_cmpint (p90, ==, bp);
  g_assert_cmpint (median, <=, p90);

  /* Every product: its completed orders, each once. */
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database),
                                       "SELECT DISTINCT product_remote_id FROM order_items WHERE product_remote_id > 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 product = sqlite3_column_int64 (stmt, 0);
      g_autoptr(GArray) leads = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *sql = g_strdup_printf ("SELECT date_completed - date_created FROM orders o"
                                              " WHERE date_completed > 0 AND date_created > 0"
                                              "   AND date_completed >= date_created"
                                              "   AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id"
                                              "                 AND i.product_remote_id = %lld)",
                                              (long long) product);
      sqlite3_stmt *inner = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database), sql, -1, &inner, NULL), ==, SQLITE_OK);
      while (sqlite3_step (inner) == SQLITE_ROW)
        {
          gint64 lead = sqlite3_column_int64 (inner, 0);

          g_array_append_val (leads, lead);
        }
      sqlite3_finalize (inner);

      g_assert_true (sk_order_desk_lead_time (database, product, &median, &p90, &n, &error));
      g_assert_cmpint (n, ==, leads->len);
      if (leads->len >= SK_DESK_LEAD_TIME_MIN_ORDERS)
        {
          brute_lead (leads, &bm, &bp);
          g_assert_cmpint (median, ==, bm);
          g_assert_cmpint (p90, ==, bp);
          products_checked++;
        }
      else
        {
          g_assert_cmpint (median, ==, 0);
          g_assert_cmpint (p90, ==, 0);
          small_checked++;
        }
    }
  sqlite3_finalize (stmt);
  g_test_message ("lead times of %u products checked (%u with too few orders)", products_checked, small_checked);
  g_assert_cmpuint (products_checked, >, 5);

  /* A product nobody ordered. */
  g_assert_true (sk_order_desk_lead_time (database, 987654321, &median, &p90, &n, &error));
  g_assert_cmpint (n, ==, 0);
}

static void
test_demo_shop (void)
{
  g_autoptr(SkDemoServer) server = NULL;
  g_autoptr(SkContext) context = NULL;
  g_autoptr(SkDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *dir = sk_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "shopkeeper.db", NULL);
  SkSyncManager *manager;
  SyncRun run = { 0 };
  gint64 now = sk_time_now_utc ();
  gint64 open_orders;
  sqlite3_stmt *stmt = NULL;
  guint i = 0;

  server = sk_test_start_demo (11, 4000);
  context = sk_context_new (dir, &error);
  g_assert_no_error (error);
  manager = sk_context_get_sync_manager (context);
  sk_sync_manager_set_store (manager, sk_demo_server_get_url (server),
                             sk_demo_server_get_key (server), sk_demo_server_get_secret (server));
  sk_sync_manager_sync_async (manager, NULL, sync_done_cb, &run);
  sk_test_wait_until (&run.done, 120);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  database = sk_database_open (path, SK_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* The sync gave every open order its promise. */
  open_orders = query_int (database,
                           "SELECT count (*) FROM orders WHERE status NOT IN"
                           " ('completed', 'cancelled', 'refunded', 'failed', 'trash', 'draft', 'checkout-draft', 'auto-draft', 'new')");
  g_test_message ("%lld open orders of 4000", (long long) open_orders);
  g_assert_cmpint (open_orders, >, 50);
  g_assert_cmpint (query_int (database, "SELECT count (*) FROM order_desk"), ==, open_orders);
  g_assert_cmpint (query_int (database, "SELECT count (*) FROM order_desk WHERE promise_source = 'rule'"), ==, open_orders);
  g_assert_cmpint (query_int (database,
                              "SELECT count (*) FROM orders WHERE status = 'awaiting-shipment'"
                              " AND id IN (SELECT order_id FROM order_desk)"), >, 0);

  /* A desk at work: some confirmed, some shipped, some delayed, some
   * customers waiting (also on completed orders). */
  sk_database_set_actor (database, "Alice");
  g_assert_cmpint (sqlite3_prepare_v2 (_sk_database_get_handle (database),
                                       "SELECT id FROM orders ORDER BY remote_id", -1, &stmt, NULL), ==, SQLITE_OK);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  for (i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (i % 3 == 0)
        g_assert_true (sk_order_desk_mark_confirmed (database, id, now - D, &error));
      if (i % 7 == 0)
        g_assert_true (sk_order_desk_mark_shipped (database, id, now - 2 * D, "DHL", "JD", NULL, &error));
      if (i % 11 == 0)
        g_assert_true (sk_order_desk_set_awaiting_reply (database, id, now - H, &error));
      if (i % 13 == 0)
        g_assert_true (sk_order_desk_mark_delayed (database, id, "Out of stock", now + 3 * H, &error));
      g_assert_no_error (error);
    }

  /* Now, a day on, a week on, and a day back. */
  check_against_brute (database, now);
  check_against_brute (database, now + D);
  check_against_brute (database, now + 7 * D);
  check_against_brute (database, now - D);

  check_lead_times (database);

  g_clear_object (&database);
  g_clear_object (&context);
  sk_demo_server_stop (server);
  sk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/order-desk/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("refresh", test_refresh);
  ADD ("rule-settings", test_rule_settings);
  ADD ("manual-promise", test_manual_promise);
  ADD ("marks", test_marks);
  ADD ("attention", test_attention);
  ADD ("follow-ups", test_follow_ups);
  ADD ("lead-times", test_lead_times);
#undef ADD
  g_test_add_func ("/order-desk/demo-shop", test_demo_shop);

  return g_test_run ();
}
