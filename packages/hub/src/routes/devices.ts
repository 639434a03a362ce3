import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Device, InboundSms, doc, simBudgetKey } from '@smsfleet/core';
import { AUTHED_ERRORS, PageQuery, pageOf } from './schemas';

const DeviceView = Device.extend({
  sims: z
    .array(
      Device.shape.sims.element.extend({
        usedLastMinute: doc(z.number().int().min(0), 'Segments reserved on this SIM in the last 60 s', 12),
      }),
    )
    .describe('The SIMs, with their budget use'),
}).describe('A phone with its health and SIM budgets');

const InboxQuery = PageQuery.extend({
  from: doc(z.string().optional(), 'Only texts from this E.164 number', '+14155550123'),
  deviceId: doc(z.string().optional(), 'Only texts received by this device', 'pixel-7'),
});

/** The fleet's devices with health and budgets, and the inbox of received texts. */
export const fleetRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/devices',
    {
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

  app.get(
    '/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: 'List received texts',
        querystring: InboxQuery,
        response: { 200: pageOf(InboundSms), ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return app.store.inbound.list(
        { ...(q.from ? { from: q.from } : {}), ...(q.deviceId ? { deviceId: q.deviceId } : {}) },
        { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
    },
  );
};
