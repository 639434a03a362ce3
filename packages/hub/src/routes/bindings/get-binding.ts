import { Binding, SmsfleetError } from '@smsfleet/core';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';

/** `GET /bindings/:namespace/:key`: what a key is bound to. */
export function getBinding(app: ZodApp): void {
  app.get(
    '/bindings/:namespace/:key',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['bindings'],
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
}
