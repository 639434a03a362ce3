import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { getMedia } from './get-media';

/** Inbound MMS attachments behind signed, expiring URLs. */
export const mediaRoutes: FastifyPluginAsyncZod = async (app) => {
  getMedia(app);
};
