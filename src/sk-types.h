/* sk-types.h
 *
 * Forward declarations of every Shopkeeper type and the enums shared
 * between layers, so headers include this file instead of each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* core/ value types (plain structs, see core/sk-records.h) */
typedef struct _SkAddress          SkAddress;
typedef struct _SkOrderRecord      SkOrderRecord;
typedef struct _SkOrderItemRecord  SkOrderItemRecord;
typedef struct _SkOrderNoteRecord  SkOrderNoteRecord;
typedef struct _SkRefundRecord     SkRefundRecord;
typedef struct _SkCustomerRecord   SkCustomerRecord;
typedef struct _SkProductRecord    SkProductRecord;
typedef struct _SkCouponRecord     SkCouponRecord;

/* core/ interfaces */
typedef struct _SkSyncSink         SkSyncSink;

/* store/ */
typedef struct _SkDatabase         SkDatabase;
typedef struct _SkOrderList        SkOrderList;
typedef struct _SkOrderObject      SkOrderObject;
typedef struct _SkOrderDetails     SkOrderDetails;
typedef struct _SkCustomerList     SkCustomerList;
typedef struct _SkCustomerObject   SkCustomerObject;
typedef struct _SkCustomerProfile  SkCustomerProfile;

/* sync/ */
typedef struct _SkConnector        SkConnector;
typedef struct _SkWooConnector     SkWooConnector;
typedef struct _SkSyncManager      SkSyncManager;

/* demo/ */
typedef struct _SkDemoServer       SkDemoServer;

/* top level */
typedef struct _SkContext          SkContext;

/**
 * SkResource:
 *
 * The store resources Shopkeeper keeps a copy of. The values are stored in
 * the database (sync cursors), so never renumber them.
 */
typedef enum
{
  SK_RESOURCE_ORDERS    = 1,
  SK_RESOURCE_CUSTOMERS = 2,
  SK_RESOURCE_PRODUCTS  = 3,
  SK_RESOURCE_COUPONS   = 4,
} SkResource;

/**
 * SkOrderSort:
 *
 * The columns the orders table can be sorted by.
 */
typedef enum
{
  SK_ORDER_SORT_DATE = 0,
  SK_ORDER_SORT_NUMBER,
  SK_ORDER_SORT_CUSTOMER,
  SK_ORDER_SORT_STATUS,
  SK_ORDER_SORT_ITEMS,
  SK_ORDER_SORT_TOTAL,
} SkOrderSort;

/**
 * SkCustomerSort:
 *
 * The columns the customers table can be sorted by.
 */
typedef enum
{
  SK_CUSTOMER_SORT_LAST_ORDER = 0,
  SK_CUSTOMER_SORT_NAME,
  SK_CUSTOMER_SORT_ORDERS,
  SK_CUSTOMER_SORT_VALUE,
} SkCustomerSort;

G_END_DECLS
