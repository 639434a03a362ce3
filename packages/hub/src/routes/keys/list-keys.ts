import { z } from 'zod';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { KeyView, keyView } from './schemas';

/** `GET /keys`: every API key, revoked ones included, without hashes. */
export function listKeys(app: ZodApp): void {
  app.get(
    '/keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'List API keys',
        description: 'Every key with its scopes, expiry, last use and revocation; never the key or its hash.',
        response: { 200: z.object({ items: z.array(KeyView).describe('The keys, oldest first') }), ...AUTHED_ERRORS },
      },
    },
    async () => ({ items: (await app.store.apiKeys.list()).map(keyView) }),
  );
}
