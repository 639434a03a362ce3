import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Device, doc, simBudgetKey } from '@smsfleet/core';
import { AUTHED_ERRORS } from './schemas';

const DeviceView = Device.extend({
  sims: z
    .array(
      Device.shape.sims.element.extend({
        usedLastMinute: doc(z.number().int().min(0), 'Segments reserved on this SIM in the last 60 s', 12),
      }),
    )
    .describe('The SIMs, with their budget use'),
}).describe('A phone with its health and SIM budgets');

/** `GET /v1/devices`: the fleet's devices with their health and SIM budgets. */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/devices',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['devices'],
        summary: 'List devices and SIMs with health',
        response: { 200: z.object({ items: z.array(DeviceView) }), ...AUTHED_ERRORS },
      },
    },
    async () => {
      const now = app.clock.now();
      const devices = await app.store.devices.list();
      const items = await Promise.all(
        devices.map(async (d) => ({
          ...d,
          sims: await Promise.all(
            d.sims.map(async (s) => ({
              ...s,
              usedLastMinute: await app.store.budgets.used(simBudgetKey(d.id, s.slot), 60_000, now),
            })),
          ),
        })),
      );
      return { items };
    },
  );
};
