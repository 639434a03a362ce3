import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';

/** The fastify instance a route file adds its one operation to: zod schemas for validation and serialization. */
export type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
