import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Device, doc, simBudgetKey, simCapsUsage } from '@smsfleet/core';
import { AUTHED_ERRORS } from './schemas';

const DeviceView = Device.extend({
  sims: z
    .array(
      Device.shape.sims.element.extend({
        usedLastMinute: doc(z.number().int().min(0), 'Segments reserved on this SIM in the last 60 s', 12),
        usedToday: doc(
          z.number().int().min(0).optional(),
          "Segments counted in the SIM's local day so far (with segmentsPerDay)",
          120,
        ),
        usedThisMonth: doc(
          z.number().int().min(0).optional(),
          "Segments counted in the SIM's local month so far (with segmentsPerMonth)",
          2_400,
        ),
        uniqueRecipientsUsed: doc(
          z
            .object({
              count: z.number().int().min(0).describe('Distinct recipients texted this period'),
              limit: z.number().int().min(1).describe('The cap'),
              period: z.enum(['day', 'month']).describe('The period, in the device time zone'),
            })
            .optional(),
          'Distinct recipients texted in the cap period so far, of the cap (with uniqueRecipients)',
          { count: 87, limit: 200, period: 'month' },
        ),
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
              ...(await capsUsageView(app.store, d, s, now)),
            })),
          ),
        })),
      );
      return { items };
    },
  );
};

/** A SIM's cap usage as the device listing shows it (`uniqueRecipientsUsed`: `uniqueRecipients` is the cap itself). */
async function capsUsageView(
  store: Parameters<typeof simCapsUsage>[0],
  d: Device,
  s: Device['sims'][number],
  now: number,
) {
  const { uniqueRecipients, ...used } = await simCapsUsage(store, d, s, now);
  return { ...used, ...(uniqueRecipients ? { uniqueRecipientsUsed: uniqueRecipients } : {}) };
}
