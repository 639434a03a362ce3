import { z } from 'zod';
import { Connection, Device, Sim, doc } from '@smsfleet/core';

/** One gateway account or server the hub talks to; its reports arrive at `/ingress/<id>` (core's `Connection`). */
export const FleetConnection = Connection;
export type FleetConnection = Connection;

/**
 * One phone and which connection reaches it: core's Device without what the hub keeps itself (gateway, which the
 * connection gives; health and its bookkeeping), so settings added to Device or Sim (budgets, time zone) can be given
 * here too.
 */
export const FleetDevice = Device.omit({
  gateway: true,
  health: true,
  lastSeenAt: true,
  consecutiveFailures: true,
  // What the phone and the hub report, never set by hand (device health).
  lastHeartbeatAt: true,
  batteryLevel: true,
  charging: true,
  connectivity: true,
  cellular: true,
  phoneFailedLastHour: true,
  healthChangedAt: true,
  healthChanges: true,
  healthChangesClaimedUntil: true,
})
  .extend({
    connectionId: doc(z.string(), 'Id of the connection that reaches this phone', 'sms-gate-cloud'),
    sims: z.array(Sim).min(1).max(2).describe("The phone's SIMs"),
    timeZone: Device.shape.timeZone,
  })
  .describe('A phone of the fleet');
export type FleetDevice = z.infer<typeof FleetDevice>;

/** The fleet the hub drives: gateway connections and the phones behind them. */
export const FleetConfig = z
  .object({
    connections: z.array(FleetConnection).min(1).describe('Gateway connections'),
    devices: z.array(FleetDevice).min(1).describe('Phones'),
  })
  .superRefine((f, ctx) => {
    const ids = new Set(f.connections.map((c) => c.id));
    f.devices.forEach((d, i) => {
      if (!ids.has(d.connectionId))
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'connectionId'],
          message: `no connection "${d.connectionId}"`,
        });
    });
    const seen = new Set<string>();
    f.devices.forEach((d, i) => {
      if (seen.has(d.id))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'id'], message: `device id "${d.id}" is used twice` });
      seen.add(d.id);
    });
  })
  .describe('The fleet: gateway connections and phones');
export type FleetConfig = z.infer<typeof FleetConfig>;
export type FleetConfigInput = z.input<typeof FleetConfig>;
