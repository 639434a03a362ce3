import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Store } from '@smsfleet/core';
import { authenticate } from '../auth/api-keys';

/**
 * API-key authentication for every route except those that opt out explicitly with
 * `config: { public: true }` (health, metrics, docs, and later gateway ingress and short links).
 * The key's record is on `request.apiKey` for the handlers.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { store: Pick<Store, 'apiKeys'> }) => {
    app.decorateRequest('apiKey', null);
    app.addHook('onRequest', async (request) => {
      if (request.is404 || request.routeOptions.config.public === true) return;
      request.apiKey = await authenticate(opts.store, request.headers.authorization);
    });
  },
  { name: 'smsfleet-auth', fastify: '5.x' },
);
