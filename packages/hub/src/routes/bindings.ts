import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Binding, SmsfleetError, doc } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from './schemas';

const ClaimBody = Binding.extend({
  ttlSeconds: doc(
    z
      .number()
      .int()
      .min(1)
      .max(366 * 86400)
      .optional(),
    'Forget the binding after this many seconds',
    86400,
  ),
})
  .strict()
  .describe('A binding to claim');

const ClaimResult = Binding.extend({
  created: doc(
    z.boolean(),
    'True when this call bound the key; false: it was bound already and `value` is the existing one',
    true,
  ),
}).describe('The binding after the claim');

/**
 * Small first-writer-wins claims in the hub's store, for front-ends that run several instances: the Slack app's
 * thread per contact, event-id dedupe. They hold no personal data beyond what the front-end puts in.
 */
export const bindingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bindings'];
  app.post(
    '/bindings',
    {
      schema: {
        tags,
        summary: 'Claim a binding',
        description: 'Binds `namespace`/`key` to `value` unless already bound (atomic across hubs).',
        body: ClaimBody,
        response: { 200: ClaimResult, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const b = request.body;
      const r = await app.store.bindings.claim(
        b.namespace,
        b.key,
        b.value,
        b.ttlSeconds === undefined ? undefined : b.ttlSeconds * 1000,
      );
      return { namespace: b.namespace, key: b.key, value: r.value, created: r.created };
    },
  );

  app.get(
    '/bindings/:namespace/:key',
    {
      schema: {
        tags,
        summary: 'Read a binding',
        params: Binding.pick({ namespace: true, key: true }).strict(),
        response: { 200: Binding, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { namespace, key } = request.params;
      const value = await app.store.bindings.get(namespace, key);
      if (value === undefined)
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `Nothing is bound to ${key} in ${namespace}.`, {
          field: 'params.key',
          reason: 'not bound',
        });
      return { namespace, key, value };
    },
  );
};
