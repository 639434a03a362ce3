import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { enableSubscription } from './enable-subscription';
import { replaySubscriptionDeliveries } from './replay-deliveries';

/** Operating webhook subscriptions: re-enable a disabled one, replay deliveries. */
export const webhookOperationRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [enableSubscription, replaySubscriptionDeliveries]) operation(app);
};
