import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import {
  type CountryCode,
  DeliveryAttempt,
  SmsfleetError,
  Subscription,
  doc,
  newId,
  normalizePhone,
} from '@smsfleet/core';
import { newWebhookSecret } from '../webhooks/signing';
import { AUTHED_ERRORS, PageQuery, errorResponses, pageOf } from './schemas';

/** A subscription as read back: everything but the signing secret, which is shown once at creation. */
export const SubscriptionView = Subscription.omit({ secret: true }).describe(
  'A webhook subscription (without its secret)',
);

/** Body of `POST /v1/webhooks`. */
export const CreateSubscriptionBody = z
  .strictObject({
    url: Subscription.shape.url,
    events: Subscription.shape.events,
    statuses: Subscription.shape.statuses,
    from: doc(
      z.array(z.string().min(1).max(32)).min(1).max(100).optional(),
      "For sms.received: only texts from these numbers; E.164, or national with the hub's default region",
      ['+14155550123'],
    ),
    keywords: Subscription.shape.keywords,
    description: Subscription.shape.description,
  })
  .superRefine((b, ctx) => {
    if (b.statuses && !b.events.includes('message.status_changed')) {
      ctx.addIssue({
        code: 'custom',
        path: ['statuses'],
        message: 'only applies to message.status_changed, which events does not include',
      });
    }
    for (const key of ['from', 'keywords'] as const) {
      if (b[key] && !b.events.includes('sms.received')) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'only applies to sms.received, which events does not include',
        });
      }
    }
  })
  .describe('A new webhook subscription');

const IdParams = z.strictObject({
  id: doc(z.string().min(1).max(100), 'Subscription id', 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x'),
});

const DeliveriesQuery = PageQuery.extend({
  failed: doc(z.stringbool().optional(), 'true: only dead letters (deliveries given up after the last attempt)', true),
});

function notFound(id: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No webhook subscription ${id}.`, {
    field: 'params.id',
    reason: 'no subscription with this id',
  });
}

function view(s: Subscription): z.infer<typeof SubscriptionView> {
  const { secret: _secret, ...rest } = s;
  return rest;
}

/**
 * Webhook subscriptions: create (the secret is returned once), list, read, delete, the delivery log with
 * its dead letters, and a test button that sends a `webhook.test` event at once.
 */
export const subscriptionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['webhooks'];

  app.post(
    '/webhooks',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags,
        summary: 'Create a webhook subscription',
        description:
          'Events of the chosen types are POSTed to `url`, signed with Standard Webhooks. The response carries the ' +
          'signing `secret`; it is never shown again. Filters: `statuses` for message.status_changed; `from` ' +
          '(normalised to E.164) and `keywords` (the first word of the text) for sms.received.',
        body: CreateSubscriptionBody,
        response: { 201: Subscription, ...AUTHED_ERRORS },
      },
    },
    async (request, reply) => {
      const now = new Date(app.clock.now());
      const b = request.body;
      // Events carry the sender in E.164: a filter written any other way would never match.
      const region = app.config.sending.defaultRegion as CountryCode | undefined;
      const from = b.from?.map(
        (f, i) => normalizePhone(f, { field: `body.from.${i}`, ...(region ? { defaultRegion: region } : {}) }).e164,
      );
      const sub: Subscription = {
        id: newId('sub', now),
        url: b.url,
        events: [...new Set(b.events)],
        ...(b.statuses ? { statuses: [...new Set(b.statuses)] } : {}),
        ...(from ? { from: [...new Set(from)] } : {}),
        ...(b.keywords ? { keywords: [...new Set(b.keywords.map((k) => k.toUpperCase()))] } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        secret: newWebhookSecret(),
        createdAt: now.toISOString(),
        failing: false,
        consecutiveFailures: 0,
      };
      await app.store.subscriptions.create(sub);
      request.log.info({ subscriptionId: sub.id, events: sub.events }, 'webhook subscription created');
      return reply.code(201).send(sub);
    },
  );

  app.get(
    '/webhooks',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags,
        summary: 'List webhook subscriptions',
        response: { 200: z.object({ items: z.array(SubscriptionView) }), ...AUTHED_ERRORS },
      },
    },
    async () => ({ items: (await app.store.subscriptions.list()).map(view) }),
  );

  app.get(
    '/webhooks/:id',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags,
        summary: 'Read a webhook subscription',
        params: IdParams,
        response: { 200: SubscriptionView, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const sub = await app.store.subscriptions.get(request.params.id);
      if (!sub) throw notFound(request.params.id);
      return view(sub);
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags,
        summary: 'Delete a webhook subscription',
        description: 'Deliveries still queued for it are dropped.',
        params: IdParams,
        response: { 204: z.null().describe('Deleted'), ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      if (!(await app.store.subscriptions.delete(request.params.id))) throw notFound(request.params.id);
      request.log.info({ subscriptionId: request.params.id }, 'webhook subscription deleted');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags,
        summary: 'Delivery log of a subscription',
        description:
          'Every attempt, newest first, with status code, error and duration. `failed=true` lists only dead letters.',
        params: IdParams,
        querystring: DeliveriesQuery,
        response: { 200: pageOf(DeliveryAttempt), ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await app.store.subscriptions.get(id))) throw notFound(id);
      const { cursor, limit, failed } = request.query;
      return app.store.deliveries.list(id, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(failed ? { deadLetteredOnly: true } : {}),
      });
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags,
        summary: 'Send a test event now',
        description:
          'POSTs a signed `webhook.test` event to the subscription at once (no retries) and returns the attempt. ' +
          'A success clears a raised alarm.',
        params: IdParams,
        response: { 200: DeliveryAttempt, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const sub = await app.store.subscriptions.get(request.params.id);
      if (!sub) throw notFound(request.params.id);
      const at = new Date(app.clock.now());
      return app.webhooks.worker.sendNow(sub, {
        id: newId('evt', at),
        type: 'webhook.test',
        timestamp: at.toISOString(),
        data: { subscriptionId: sub.id, message: 'This is a test event from smsfleet.', at: at.toISOString() },
      });
    },
  );
};
