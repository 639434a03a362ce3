import { z } from 'zod';
import { ApiKeyScope, SmsfleetError, Timestamp, doc } from '@smsfleet/core';
import { createApiKey } from '../../auth/api-keys';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { KeyView, keyView } from './schemas';

const CreateKeyBody = z
  .strictObject({
    name: doc(z.string().trim().min(1).max(100), 'What the key is for, 1-100 characters', 'zapier production'),
    scopes: doc(z.array(ApiKeyScope).min(1).max(5), 'What the key may do; `admin` implies all', ['send', 'read']),
    expiresAt: Timestamp.optional().describe('Refuse the key after this time (must be in the future)'),
  })
  .describe('A key to create');

const CreatedKey = KeyView.extend({
  key: doc(
    z.string(),
    'The API key. Shown only now: the hub keeps its SHA-256 alone',
    'sf_live_Gq3pT9xW2mZ7vK4sN8bR1cY6hJ0dL5fA3eU9iO2wQ7t',
  ),
}).describe('The new key, with the key itself');

/** `POST /keys`: create an API key with scopes and an optional expiry; the key is in this answer only. */
export function createKey(app: ZodApp): void {
  app.post(
    '/keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Create an API key',
        description: 'The answer carries the key once; store it now. The hub keeps only its hash.',
        body: CreateKeyBody,
        response: { 201: CreatedKey, ...AUTHED_ERRORS },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const now = new Date(app.clock.now());
      if (b.expiresAt !== undefined && Date.parse(b.expiresAt) <= now.getTime())
        throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'A key must expire in the future.', {
          field: 'body.expiresAt',
          reason: 'must be in the future',
        });
      const { key, record } = await createApiKey(app.store, b.name, now, {
        scopes: b.scopes,
        ...(b.expiresAt ? { expiresAt: new Date(b.expiresAt) } : {}),
      });
      request.log.info({ keyId: record.id, scopes: record.scopes, by: request.apiKey?.id }, 'API key created');
      return reply.code(201).send({ ...keyView(record), key });
    },
  );
}
