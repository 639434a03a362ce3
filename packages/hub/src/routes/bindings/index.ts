import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { claimBinding } from './claim-binding';
import { getBinding } from './get-binding';

/**
 * Small first-writer-wins claims in the hub's store, for front-ends that run several instances: the Slack app's
 * thread per contact, event-id dedupe. They hold no personal data beyond what the front-end puts in.
 */
export const bindingRoutes: FastifyPluginAsyncZod = async (app) => {
  claimBinding(app);
  getBinding(app);
};
