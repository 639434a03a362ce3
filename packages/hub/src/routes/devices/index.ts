import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { addDevice } from './add-device';
import { listDevices } from './list-devices';
import { removeDevice } from './remove-device';
import { updateDevice } from './update-device';

/** The fleet's phones: list (`read`), add, change and remove (`devices`). */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [listDevices, addDevice, updateDevice, removeDevice]) operation(app);
};
