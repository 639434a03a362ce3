import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { doc } from '@smsfleet/core';
import { HUB_VERSION } from '../plugins/openapi';
import { AUTHED_ERRORS } from './schemas';

const Account = z
  .object({
    fleetName: doc(z.string(), 'Name of the fleet (SMSFLEET_FLEET_NAME), for connection labels', 'Acme support phones'),
    keyId: doc(z.string(), 'Id of the API key used', 'key_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    keyName: doc(z.string(), 'Name of the API key used', 'zapier'),
    hubVersion: doc(z.string(), 'Hub version', '0.1.0'),
    devices: doc(z.number().int().min(0), 'Phones in the fleet', 5),
  })
  .describe('Who you are connected to');

/** `GET /v1/account`: the credential test of every front-end. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/account',
    {
      schema: {
        tags: ['account'],
        summary: 'Check an API key',
        description: "Answers 200 with the fleet's name for a valid key, 401 otherwise.",
        response: { 200: Account, ...AUTHED_ERRORS },
      },
    },
    async (request) => ({
      fleetName: app.config.fleetName,
      keyId: request.apiKey!.id,
      keyName: request.apiKey!.name,
      hubVersion: HUB_VERSION,
      devices: (await app.store.devices.list()).length,
    }),
  );
};
