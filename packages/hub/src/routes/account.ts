import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { API_KEY_SCOPES, ApiKeyScope, Timestamp, doc, hasScope, scopesOf } from '@smsfleet/core';
import { requireScope } from '../auth/scopes';
import { HUB_VERSION } from '../plugins/openapi';
import { AUTHED_ERRORS } from './schemas';

const Account = z
  .object({
    fleetName: doc(z.string(), 'Name of the fleet (SMSFLEET_FLEET_NAME), for connection labels', 'Acme support phones'),
    keyId: doc(z.string(), 'Id of the API key used', 'key_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    keyName: doc(z.string(), 'Name of the API key used', 'zapier'),
    hubVersion: doc(z.string(), 'Hub version', '0.1.0'),
    devices: doc(z.number().int().min(0), 'Phones in the fleet', 5),
    scopes: doc(z.array(ApiKeyScope), 'What the key may do (`admin` implies all)', ['send', 'read']),
    can: doc(
      z.object(Object.fromEntries(API_KEY_SCOPES.map((s) => [s, z.boolean()])) as Record<ApiKeyScope, z.ZodBoolean>),
      'Per scope, whether the key has it (`admin` implies all): what a credential test checks',
      { send: true, read: true, webhooks: false, devices: false, admin: false },
    ),
    expiresAt: Timestamp.optional().describe('When the key stops working; absent: never'),
  })
  .describe('Who you are connected to');

const AccountQuery = z.strictObject({
  require: doc(
    z
      .string()
      .max(100)
      .transform((s) => s.split(',').filter((x) => x !== ''))
      .pipe(z.array(ApiKeyScope))
      .optional(),
    'Scopes the caller needs, comma-separated: answers 403 naming the first one the key lacks',
    'send,read',
  ),
});

/** `GET /v1/account`: the credential test of every front-end, and what the key may do (any valid key). */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/account',
    {
      config: { scope: 'any' },
      schema: {
        tags: ['account'],
        summary: 'Check an API key',
        description:
          "Answers 200 with the fleet's name and the key's scopes for a valid key, 401 otherwise; with " +
          '`?require=send,read`, 403 `SMSFLEET_ERR_FORBIDDEN` naming the first required scope the key lacks.',
        querystring: AccountQuery,
        response: { 200: Account, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const key = request.apiKey!;
      const scopes = scopesOf(key);
      for (const scope of request.query.require ?? []) requireScope(key, scope);
      return {
        fleetName: app.config.fleetName,
        keyId: request.apiKey!.id,
        keyName: request.apiKey!.name,
        hubVersion: HUB_VERSION,
        devices: (await app.store.devices.list()).length,
        scopes: [...scopes],
        can: Object.fromEntries(API_KEY_SCOPES.map((s) => [s, hasScope(scopes, s)])) as Record<ApiKeyScope, boolean>,
        ...(key.expiresAt ? { expiresAt: key.expiresAt } : {}),
      };
    },
  );
};
