import { SmsfleetError } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { KeyIdParams, KeyView, keyView } from './schemas';

/** `DELETE /keys/:id`: revoke a key; it is refused 401 from now on. Revoking twice keeps the first time. */
export function revokeKey(app: ZodApp): void {
  app.delete(
    '/keys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key',
        description: 'The key is refused from the next request on; its record stays listed with `revokedAt`.',
        params: KeyIdParams,
        response: { 200: KeyView, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const found = await app.store.apiKeys.revoke(id, new Date(app.clock.now()));
      const record = found ? (await app.store.apiKeys.list()).find((k) => k.id === id) : undefined;
      if (!record)
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No API key ${id}.`, {
          field: 'params.id',
          reason: 'no such key',
        });
      request.log.info({ keyId: id, by: request.apiKey?.id }, 'API key revoked');
      return keyView(record);
    },
  );
}
