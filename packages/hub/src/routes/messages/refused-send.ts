import { SmsfleetError } from '@smsfleet/core';
import { toSmsfleetError } from '../../plugins/error-mapping';
import type { FieldNamer, SendService } from '../../send/send-service';

/**
 * Error field names of a send as the request has them, like the schema's own errors: `body.to`,
 * `body.messages.3.to`.
 */
export const oneMessage: FieldNamer = (_i, f) => `body.${f}`;
/** Field names of message `i` of a bulk send. */
export const bulkMessage: FieldNamer = (i, f) => `body.messages.${i}.${f}`;

/**
 * A send that failed its schema, as one error naming every problem: the schema's, and the recipients' numbers that
 * the schema let through but that are no phone numbers (otherwise the caller would learn of those one round later).
 */
export function refusedSend(validation: Error, inputs: unknown, field: FieldNamer, sender: SendService): SmsfleetError {
  const e = toSmsfleetError(validation);
  const list = Array.isArray(inputs) ? inputs : [];
  const more = sender.recipientIssues(list, field, new Set(e.issues.map((i) => i.field)));
  return more.length ? new SmsfleetError(e.code, e.message, { issues: [...e.issues, ...more] }) : e;
}
