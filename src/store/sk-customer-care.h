/* sk-customer-care.h — what the shop keeps about a customer beyond the
 * store's data: staff notes, tags, marketing consent, profiles merged by
 * hand, and saved segments (schema 010-customer-care.sql).
 *
 * Profiles are addressed by their id in customer_profiles (which a refresh
 * renumbers: look them up again after one); what is kept hangs off the
 * person key behind it (the lower-cased e-mail), so it survives refreshes.
 * Reading works on any connection, writing needs a writable one; every
 * write records the database's actor (sk_database_get_actor ()) and, for
 * anything but a note, an audit entry naming the customer as
 * "customer #<ref>", never by address. Use on the database's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sk-database.h"

G_BEGIN_DECLS

#define SK_CUSTOMER_NOTE_MAX_BYTES 10000
#define SK_CUSTOMER_TAG_MAX_BYTES  64

/* Stored in customer_consent.state: never renumber. */
typedef enum
{
  SK_CONSENT_NEVER_ASKED  = 0,      /* no record */
  SK_CONSENT_SUBSCRIBED   = 1,
  SK_CONSENT_UNSUBSCRIBED = 2,
} SkConsentState;

/* How consent was given or withdrawn; stored: never renumber. */
typedef enum
{
  SK_CONSENT_SOURCE_CHECKOUT = 1,   /* ticked at checkout */
  SK_CONSENT_SOURCE_STAFF_PHONE,    /* told a staff member on the phone */
  SK_CONSENT_SOURCE_STAFF_IN_PERSON,
  SK_CONSENT_SOURCE_STAFF_EMAIL,    /* asked in an e-mail to the shop */
  SK_CONSENT_SOURCE_UNSUBSCRIBE_LINK,
  SK_CONSENT_SOURCE_IMPORT,         /* imported from another list */
} SkConsentSource;

#define SK_CONSENT_SOURCE_LAST SK_CONSENT_SOURCE_IMPORT

typedef struct
{
  gint64  id;
  gint64  created_at;
  char   *author;
  char   *note;
  char   *email;            /* the address it was filed under */
} SkCustomerNote;

typedef struct
{
  gint64           id;
  SkConsentState   state;
  SkConsentSource  source;
  char            *wording;  /* the text the customer agreed to */
  gint64           recorded_at;
  char            *recorded_by;
  char            *email;
} SkConsentRecord;

typedef struct
{
  gint64  ref_id;           /* for sk_customer_care_split () */
  char   *email;
  gint64  linked_at;
  char   *linked_by;
} SkCustomerAlias;

typedef struct
{
  gint64          ref_id;    /* 0 if nothing was ever kept about them */
  GPtrArray      *aliases;   /* SkCustomerAlias: "also known as", oldest link first */
  GPtrArray      *notes;     /* SkCustomerNote, newest first, of every address of theirs */
  GPtrArray      *tags;      /* char *, sorted */
  /* Consent of the profile's own (primary) address: campaigns write to it. */
  SkConsentState  consent;
  GPtrArray      *consent_history; /* SkConsentRecord, newest first, every address */
} SkCustomerCare;

void            sk_customer_care_free           (SkCustomerCare *care);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCustomerCare, sk_customer_care_free)

SkCustomerCare *sk_customer_care_load           (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 GError         **error);

/* Appends a note by the database's actor; returns its id, 0 on error.
 * Empty (blank) notes, invalid UTF-8 and notes longer than
 * SK_CUSTOMER_NOTE_MAX_BYTES are refused with SK_DATABASE_ERROR_INVALID. */
gint64          sk_customer_care_add_note       (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 const char      *note,
                                                 GError         **error);

/* Tags are trimmed; adding one twice or removing one that is not there is
 * not an error. */
gboolean        sk_customer_care_add_tag        (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 const char      *tag,
                                                 GError         **error);
gboolean        sk_customer_care_remove_tag     (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 const char      *tag,
                                                 GError         **error);
/* Every tag in use, sorted. */
GStrv           sk_customer_care_list_tags      (SkDatabase      *database,
                                                 GError         **error);

/* Records a change of the marketing consent of the profile's primary
 * address (append-only). */
gboolean        sk_customer_care_set_consent    (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 SkConsentState   state,
                                                 SkConsentSource  source,
                                                 const char      *wording,
                                                 GError         **error);
/* For campaigns: the state of @email (any case). */
SkConsentState  sk_customer_care_get_consent    (SkDatabase      *database,
                                                 const char      *email);
gboolean        sk_customer_care_has_consent    (SkDatabase      *database,
                                                 const char      *email);

/* The same person under two addresses: @other_profile_id (and every
 * address already merged into it) becomes "also known as" of
 * @primary_profile_id, and its tags move over. The profiles change with
 * the next sk_insights_refresh (), which honours the links. Audited. */
gboolean        sk_customer_care_merge          (SkDatabase      *database,
                                                 gint64           primary_profile_id,
                                                 gint64           other_profile_id,
                                                 GError         **error);
/* Undoes a merge: the address of @alias_ref_id gets its own profile again
 * at the next refresh. Audited. */
gboolean        sk_customer_care_split          (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 gint64           alias_ref_id,
                                                 GError         **error);

/* Saved segments. Every criterion is optional (0 / NULL / FALSE: not
 * used); a customer is in the segment when all the used ones hold.
 * As JSON (customer_segments.definition): {"min_spent": minor units,
 * "min_orders": n, "last_order_before": unix seconds, "product_id":
 * product remote id, "category": "name", "has_consent": true, "tag":
 * "name"}. */
typedef struct
{
  gint64    min_spent;          /* lifetime value strictly more than this (minor units) */
  gint64    min_orders;         /* at least this many counted orders */
  gint64    last_order_before;  /* last counted order before this time */
  gint64    product_id;         /* bought this product (remote id) in a counted order */
  char     *category;           /* bought from this product category */
  gboolean  has_consent;        /* subscribed to marketing */
  char     *tag;
} SkSegmentCriteria;

void            sk_segment_criteria_clear       (SkSegmentCriteria *criteria);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SkSegmentCriteria, sk_segment_criteria_clear)
char           *sk_segment_criteria_to_json     (const SkSegmentCriteria *criteria);
gboolean        sk_segment_criteria_from_json   (const char        *json,
                                                 SkSegmentCriteria *criteria,
                                                 GError           **error);

typedef struct
{
  gint64             id;
  char              *name;
  SkSegmentCriteria  criteria;
} SkSavedSegment;

void            sk_saved_segment_free           (SkSavedSegment *segment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSavedSegment, sk_saved_segment_free)

/* Creates (@segment_id 0) or replaces a saved segment; returns its id, 0
 * on error (an empty or taken name is SK_DATABASE_ERROR_INVALID). */
gint64          sk_customer_care_save_segment   (SkDatabase              *database,
                                                 gint64                   segment_id,
                                                 const char              *name,
                                                 const SkSegmentCriteria *criteria,
                                                 GError                 **error);
gboolean        sk_customer_care_delete_segment (SkDatabase              *database,
                                                 gint64                   segment_id,
                                                 GError                 **error);
/* SkSavedSegment, by name. */
GPtrArray      *sk_customer_care_list_segments  (SkDatabase              *database,
                                                 GError                 **error);

/* Product category names in use, sorted (for the "bought from" choice). */
GStrv           sk_customer_care_list_categories (SkDatabase             *database,
                                                  GError                **error);
/* The shop's main currency as the profiles count it ("" before the first
 * refresh), for amounts typed into a segment. */
char           *sk_customer_care_get_currency   (SkDatabase              *database);

/* Profile ids (ascending) of the customers in a saved segment, or matching
 * @criteria. */
GArray         *sk_customer_care_query_segment_ids (SkDatabase           *database,
                                                    gint64                segment_id,
                                                    GError              **error);
GArray         *sk_customer_care_query_criteria_ids (SkDatabase              *database,
                                                     const SkSegmentCriteria *criteria,
                                                     GError                 **error);

/* For sk_insights_refresh (): "<store id>:<alias key>" → the primary's
 * SkCustomerLinkTarget. NULL with @error on failure. */
typedef struct
{
  char *key;                /* "<store id>:<primary key>" */
  char *email;              /* the primary address as typed */
} SkCustomerLinkTarget;

GHashTable     *sk_customer_care_load_links     (SkDatabase      *database,
                                                 GError         **error);

/* The ref of a profile (0 if nothing is kept about them), and its person
 * key, for sk-export.c. */
gint64          sk_customer_care_lookup_ref     (SkDatabase      *database,
                                                 gint64           profile_id,
                                                 GError         **error);

const char     *sk_consent_state_get_label      (SkConsentState   state);
const char     *sk_consent_source_get_label     (SkConsentSource  source);

G_END_DECLS
