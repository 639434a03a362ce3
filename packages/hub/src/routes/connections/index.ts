import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { addConnection } from './add-connection';
import { discoverConnectionPhones } from './discover-phones';
import { getConnection } from './get-connection';
import { listConnections } from './list-connections';
import { removeConnection } from './remove-connection';
import { updateConnection } from './update-connection';

/** Gateway connections at runtime: list and read (`read`), add, change, remove and discover phones (`devices`). */
export const connectionRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [
    listConnections,
    getConnection,
    addConnection,
    updateConnection,
    removeConnection,
    discoverConnectionPhones,
  ])
    operation(app);
};
