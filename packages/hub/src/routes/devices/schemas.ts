import { z } from 'zod';
import { Device, doc, simBudgetKey, simCapsUsage, type Store } from '@smsfleet/core';
import { FleetDevice } from '../../fleet';

/** A device with its SIMs' budget use (derived from core's Device and Sim, so their fields flow through). */
export const DeviceView = Device.omit({ healthChanges: true, healthChangesClaimedUntil: true })
  .extend({
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
  })
  .describe('A phone with its health and SIM budgets');
export type DeviceView = z.infer<typeof DeviceView>;

/** The answer for one stored device at `now`. */
export async function deviceView(
  store: Pick<Store, 'budgets'> & Parameters<typeof simCapsUsage>[0],
  d: Device,
  now: number,
): Promise<DeviceView> {
  // The pending health transitions and their publisher's claim are the hub's own bookkeeping, not the phone's state.
  const { healthChanges: _c, healthChangesClaimedUntil: _u, ...rest } = d;
  return {
    ...rest,
    sims: await Promise.all(
      d.sims.map(async (s) => ({
        ...s,
        usedLastMinute: await store.budgets.used(simBudgetKey(d.id, s.slot), 60_000, now),
        ...(await capsUsageView(store, d, s, now)),
      })),
    ),
  };
}

/** What POST takes: a phone and the connection that reaches it (the fleet file's device). */
export const DeviceBody = FleetDevice;

/** What PATCH takes: any of the device's settings; `sims` replaces the SIM list whole. */
export const DevicePatch = FleetDevice.omit({ id: true }).partial().describe('Changes to a device');

/** `:id` of a device. */
export const DeviceParams = z.strictObject({ id: Device.shape.id });

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
