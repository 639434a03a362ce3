import { z } from 'zod';
import { SmsfleetError, doc } from '@smsfleet/core';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { HUB_VERSION } from '../plugins/openapi';
import { errorResponses } from './schemas';

const STORE_TIMEOUT_MS = 2_000;

const Health = z
  .object({
    status: doc(z.literal('ok'), 'Always ok on a 200 answer', 'ok'),
    version: doc(z.string(), 'Hub version', '0.1.0'),
    store: doc(z.enum(['memory', 'redis']), 'Which store the hub uses', 'redis'),
    uptimeSeconds: doc(z.number().int().min(0), 'Seconds since this process started', 3600),
  })
  .describe('The hub is up and its store answers');

/** Time-out a store probe so that a hung Redis fails the check instead of hanging it. */
async function probe(p: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
  });
  try {
    await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /healthz` (public): 200 when the store answers, 503 `SMSFLEET_ERR_STORE` when it does not. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['ops'],
        summary: 'Health check',
        description: 'Answers 200 when the hub and its store are reachable.',
        response: { 200: Health, ...errorResponses(503) },
      },
    },
    async (request) => {
      try {
        await probe(app.store.queue.size('healthz'));
      } catch (err) {
        request.log.error({ err }, 'store health check failed');
        throw new SmsfleetError('SMSFLEET_ERR_STORE', 'The store did not answer.', { cause: err });
      }
      return {
        status: 'ok' as const,
        version: HUB_VERSION,
        store: app.config.store.redis ? ('redis' as const) : ('memory' as const),
        uptimeSeconds: Math.floor(process.uptime()),
      };
    },
  );
};
