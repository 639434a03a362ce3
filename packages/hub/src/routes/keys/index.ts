import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { createKey } from './create-key';
import { listKeys } from './list-keys';
import { revokeKey } from './revoke-key';

/** API key management (`admin` scope): create, list, revoke. */
export const keyRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [createKey, listKeys, revokeKey]) operation(app);
};
