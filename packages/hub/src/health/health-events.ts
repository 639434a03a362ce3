import { lastSignOfLife, type Device, type HealthChange, type OutboundEvent, type Store } from '@smsfleet/core';
import type { EventPublisher } from '../webhooks/publisher';

/** How long a hub holds a device's pending changes while it publishes them; past it another hub takes over. */
export const HEALTH_CLAIM_MS = 60_000;

/** The `device.offline` or `device.online` event of one noted change, under the change's own event id. */
export function healthEvent(device: Device, change: HealthChange): OutboundEvent {
  const last = lastSignOfLife(device);
  return {
    id: change.eventId,
    type: change.health === 'offline' ? 'device.offline' : 'device.online',
    timestamp: change.at,
    data: {
      deviceId: device.id,
      name: device.name,
      gateway: device.gateway,
      health: change.health,
      previousHealth: change.previousHealth,
      reason: change.reason,
      ...(last !== undefined ? { lastSeenAt: new Date(last).toISOString() } : {}),
      ...(device.batteryLevel !== undefined ? { batteryLevel: device.batteryLevel } : {}),
      at: change.at,
    },
  };
}

/** What {@link publishHealthChanges} needs. */
export interface PublishHealthDeps {
  store: Pick<Store, 'devices'>;
  publisher: Pick<EventPublisher, 'publish'>;
}

/**
 * Publish the pending offline/online changes of `deviceId`, in order, once across hubs: a compare-and-set claims
 * them for {@link HEALTH_CLAIM_MS} (a hub that loses the race publishes nothing), the events go to the subscriptions,
 * and a second compare-and-set drops the published ones (changes noted meanwhile stay). A hub that dies between the two
 * leaves the claim to expire; the next one publishes again under the same event ids (the `webhook-id` a subscriber
 * dedupes on). Returns how many events were published.
 */
export async function publishHealthChanges(deps: PublishHealthDeps, deviceId: string, now: Date): Promise<number> {
  const t = now.getTime();
  const claim = await deps.store.devices.update(deviceId, (d) => {
    if (!d.healthChanges?.length) return null;
    if (d.healthChangesClaimedUntil && Date.parse(d.healthChangesClaimedUntil) > t) return null;
    return { ...d, healthChangesClaimedUntil: new Date(t + HEALTH_CLAIM_MS).toISOString() };
  });
  if (!claim?.changed) return 0;
  const changes = claim.value.healthChanges ?? [];
  for (const c of changes) await deps.publisher.publish(healthEvent(claim.value, c));
  const done = new Set(changes.map((c) => c.eventId));
  await deps.store.devices.update(deviceId, (d) => {
    const { healthChanges, healthChangesClaimedUntil: _claim, ...rest } = d;
    const left = (healthChanges ?? []).filter((c) => !done.has(c.eventId));
    return left.length ? { ...rest, healthChanges: left } : rest;
  });
  return changes.length;
}
