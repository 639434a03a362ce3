import { z } from 'zod';
import { Binding, doc } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';

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

/** `POST /bindings`: bind a key to a value unless it is bound already (first writer wins, across hubs). */
export function claimBinding(app: ZodApp): void {
  app.post(
    '/bindings',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['bindings'],
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
}
