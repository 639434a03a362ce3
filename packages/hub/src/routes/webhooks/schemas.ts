import { z } from 'zod';
import { SmsfleetError, doc } from '@smsfleet/core';

/** Path parameters of the per-subscription operations. */
export const SubscriptionIdParams = z.strictObject({
  id: doc(z.string().min(1).max(100), 'Subscription id', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
});

/** `SMSFLEET_ERR_NOT_FOUND` for an unknown subscription id. */
export function subscriptionNotFound(id: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No webhook subscription ${id}.`, {
    field: 'params.id',
    reason: 'no subscription with this id',
  });
}
