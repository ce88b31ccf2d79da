/* sk-refund-desk-private.h — helpers of SkRefundDesk shared with its
 * sibling files: the verdict kept with a decision as JSON
 * (sk-refund-desk-verdict.c) and the customer's messages
 * (sk-refund-desk-messages.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sk-refund-desk.h"

G_BEGIN_DECLS

/* NULL, empty or white space only. */
gboolean         _sk_refund_is_blank           (const char            *text);

/* The verdict of the moment with the policy's figures, stored with the
 * decision (who, what, why and the verdict then). */
char            *_sk_refund_verdict_to_json    (const SkRefundVerdict *verdict,
                                                const SkRefundPolicy  *policy);
/* That verdict read back, as it was then: a decided request shows why it
 * was decided so, not what a judgement now would say (after the refund,
 * "nothing left to return"). NULL when it cannot be read. */
SkRefundVerdict *_sk_refund_verdict_from_json  (const char            *json);
/* An integer member, 0 when missing or not an integer. */
gint64           _sk_refund_json_int           (JsonObject            *object,
                                                const char            *member);

/* The store credit's code, derived from the request so the preview names
 * the very code the approval makes. */
char            *_sk_refund_coupon_code_for    (const SkRefundRequest *request);
/* The customer's message for an approval or a denial (subject and text,
 * translated), signed with the shop's details read from @shop. */
void             _sk_refund_compose_approval   (SkDatabase            *shop,
                                                const SkRefundRequest *request,
                                                const SkRefundOrder   *order,
                                                const SkRefundVerdict *verdict,
                                                const SkRefundPolicy  *policy,
                                                const char            *coupon_code,
                                                gint64                 coupon_expires_at,
                                                char                 **out_subject,
                                                char                 **out_text);
void             _sk_refund_compose_denial     (SkDatabase            *shop,
                                                const SkRefundRequest *request,
                                                const SkRefundOrder   *order,
                                                SkRefundDenyReason     reason,
                                                const char            *note,
                                                char                 **out_subject,
                                                char                 **out_text);

G_END_DECLS
