import { z } from 'zod';
import { SmsfleetError, Timestamp, doc } from '@smsfleet/core';
import { replayDeliveries } from '../../webhooks/replay';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { SubscriptionIdParams, subscriptionNotFound } from './schemas';

/** Body of `POST /v1/webhooks/:id/replay`: one delivery by id, or a time range. */
export const ReplayBody = z
  .strictObject({
    deliveryId: doc(
      z.string().min(1).max(100).optional(),
      'Replay this delivery (any attempt of the log, dead or not); excludes from, to and onlyDead',
      'dlv_01jd3k2m4n5p6q7r8s9t0v1w2x',
    ),
    from: doc(Timestamp.optional(), 'Replay deliveries attempted at or after this time', '2026-11-23T00:00:00.000Z'),
    to: doc(
      Timestamp.optional(),
      'Replay deliveries attempted at or before this time (default now)',
      '2026-11-24T00:00:00.000Z',
    ),
    onlyDead: doc(
      z.boolean().optional(),
      'With a range: only dead-lettered or held deliveries not delivered since (default true); false: every event',
      true,
    ),
  })
  .superRefine((b, ctx) => {
    if (b.deliveryId === undefined) return;
    for (const key of ['from', 'to', 'onlyDead'] as const) {
      if (b[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'not allowed with deliveryId' });
    }
  })
  .describe('Which deliveries to replay: one by id, or all in a time range (no field: every dead delivery)');

/** Answer of a replay. */
export const ReplayResultView = z
  .object({
    queued: doc(z.number().int().min(0), 'Deliveries put on the queue by this request', 3),
    alreadyQueued: doc(
      z.number().int().min(0),
      'Selected events already waiting on the queue (a pending replay or retry): not added twice',
      0,
    ),
    eventIds: doc(z.array(z.string()), 'The events selected; each keeps its webhook-id', [
      'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
    ]),
  })
  .describe('What a replay queued');

function disabled(id: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_SUBSCRIPTION_DISABLED', `Webhook subscription ${id} is disabled.`, {
    field: 'params.id',
    reason: 'the subscription is disabled: enable it first',
  });
}

/** `POST /webhooks/:id/replay`: send deliveries again with their original webhook-id, through the queue. */
export function replaySubscriptionDeliveries(app: ZodApp): void {
  app.post(
    '/webhooks/:id/replay',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags: ['webhooks'],
        summary: 'Replay deliveries of a subscription',
        description:
          'Puts deliveries back on the durable delivery queue with their original event, so the receiver sees the ' +
          'same `webhook-id` (and can drop what it already has), newly signed. One by `deliveryId`, or every event ' +
          'attempted in `from`..`to` (only the dead or held ones not delivered since, unless `onlyDead` is false). ' +
          'An event already waiting on the queue is not added again. A disabled subscription answers 409: enable ' +
          'it first.',
        params: SubscriptionIdParams,
        body: ReplayBody,
        response: { 202: ReplayResultView, ...AUTHED_ERRORS, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const sub = await app.store.subscriptions.get(id);
      if (!sub) throw subscriptionNotFound(id);
      if (sub.disabledAt) throw disabled(id);
      const b = request.body;
      const result = await replayDeliveries(
        { store: app.store, clock: app.clock },
        id,
        b.deliveryId !== undefined
          ? { deliveryId: b.deliveryId }
          : {
              ...(b.from ? { from: Date.parse(b.from) } : {}),
              ...(b.to ? { to: Date.parse(b.to) } : {}),
              onlyDead: b.onlyDead ?? true,
            },
      );
      if (result.queued > 0) app.webhooks.worker.wake();
      request.log.info({ subscriptionId: id, ...result, eventIds: undefined }, 'webhook deliveries replayed');
      return reply.code(202).send(result);
    },
  );
}
