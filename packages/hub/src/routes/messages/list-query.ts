import { z } from 'zod';
import { MessageStatus, doc, type MessageFilter } from '@smsfleet/core';
import { PageQuery } from '../schemas';

/** The filters (and page) of the message list, shared by the list and the CSV export. */
export const ListQuery = PageQuery.extend({
  status: doc(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(MessageStatus))
      .optional(),
    'Only these statuses, comma-separated',
    'delivered,failed',
  ),
  to: doc(z.string().optional(), 'Only messages to this E.164 number', '+14155550123'),
  deviceId: doc(z.string().optional(), 'Only messages sent from this device', 'pixel-7'),
  campaign: doc(z.string().optional(), 'Only this campaign', 'black-friday'),
  tag: doc(z.string().optional(), 'Only messages with this tag', 'reminder'),
  reference: doc(z.string().optional(), 'Only messages with this reference', 'order-1042'),
  since: doc(z.iso.datetime({ offset: true }).optional(), 'Created at or after', '2026-11-23T00:00:00Z'),
  until: doc(z.iso.datetime({ offset: true }).optional(), 'Created before', '2026-11-24T00:00:00Z'),
});

/** The store's filter for the filters of a list query (the page fields aside). */
export function messageFilter(q: Omit<z.output<typeof ListQuery>, 'cursor' | 'limit'>): MessageFilter {
  return {
    ...(q.status?.length ? { status: q.status } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.campaign ? { campaign: q.campaign } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.reference ? { reference: q.reference } : {}),
    ...(q.since ? { since: new Date(q.since) } : {}),
    ...(q.until ? { until: new Date(q.until) } : {}),
  };
}
