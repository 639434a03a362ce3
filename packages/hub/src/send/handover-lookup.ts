import type { HandoverLookup, Message, Store } from '@smsfleet/core';
import type { FleetEntry, FleetRegistry } from '../fleet';

/** What the gateway says of an open hand-over, with its connection; 'retry' when it cannot be asked yet. */
export type HandoverQuery =
  | { kind: 'retry'; err: unknown }
  | { kind: 'look'; look: HandoverLookup; entry?: FleetEntry };

/**
 * Ask the gateway what became of `m`'s open hand-over (by our client id, or what the gateway can match on), leaving
 * out the gateway ids of its earlier hand-overs. A device gone from the fleet, a gateway with no way to ask, or one
 * that cannot be asked `giveUpMs` after the intent make it unknowable; a match that is another message's is too.
 */
export async function lookUpHandover(
  deps: { store: Pick<Store, 'devices' | 'messages'>; fleet: FleetRegistry },
  m: Message,
  now: Date,
  giveUpMs: number,
): Promise<HandoverQuery> {
  const { store, fleet } = deps;
  const h = m.handover!;
  let entry: FleetEntry | undefined;
  try {
    entry = fleet.forDevice(h.deviceId);
  } catch {
    entry = undefined;
  }
  let look: HandoverLookup;
  if (!entry) look = { kind: 'unknowable', reason: `device ${h.deviceId} is no longer in the fleet` };
  else if (!entry.adapter.findHandover)
    look = { kind: 'unknowable', reason: `${h.gateway} offers no way to ask what became of a hand-over` };
  else {
    const device = await store.devices.get(h.deviceId);
    const from = device?.sims.find((s) => s.slot === h.sim)?.number;
    const exclude = [
      ...(m.previousHandovers ?? []).flatMap((p) => (p.gatewayMessageId ? [p.gatewayMessageId] : [])),
      ...(m.supersededGatewayIds ?? []),
    ];
    try {
      look = await entry.adapter.findHandover({
        clientId: h.clientId,
        to: m.to,
        body: m.body,
        sim: h.sim,
        at: new Date(h.at),
        excludeGatewayIds: exclude,
        ...(from ? { from } : {}),
        ...(h.gatewayDeviceId ? { gatewayDeviceId: h.gatewayDeviceId } : {}),
      });
    } catch (e) {
      if (now.getTime() < Date.parse(h.at) + giveUpMs) return { kind: 'retry', err: e };
      look = {
        kind: 'unknowable',
        reason: `the gateway could not be asked: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300),
      };
    }
    if (look.kind === 'found') {
      const other = await store.messages.byGatewayId(h.gateway, look.gatewayMessageId);
      if (other && other !== m.id)
        look = { kind: 'unknowable', reason: `the only match, ${look.gatewayMessageId}, is message ${other}'s` };
    }
  }
  return { kind: 'look', look, ...(entry ? { entry } : {}) };
}
