import type { FleetRouter, Store } from '@smsfleet/core';

/**
 * How old a device's "last seen" may get before the phone's next report writes it again: a fresh time for the
 * dashboard without a device write per report (at most one a minute per phone).
 */
export const LAST_SEEN_EVERY_MS = 60_000;

/** What {@link phoneAlive} needs. */
export interface PhoneSeenDeps {
  store: Pick<Store, 'devices'>;
  router: Pick<FleetRouter, 'recordOutcome'>;
}

/**
 * Bring `deviceId` back online after a report that shows it transmitting, unless it already is; an online phone
 * only gets its last-seen time refreshed (when older than {@link LAST_SEEN_EVERY_MS}; no write otherwise).
 */
export async function phoneAlive(deps: PhoneSeenDeps, deviceId: string, now: Date): Promise<void> {
  const d = await deps.store.devices.get(deviceId);
  if (d && (d.health === 'offline' || d.consecutiveFailures > 0)) await deps.router.recordOutcome(deviceId, 'ok', now);
  else if (d) await phoneSeen(deps, deviceId, d.lastSeenAt, now);
}

/**
 * Record that the phone was heard from at `now` (its health untouched: a phone that forwards texts may still fail
 * to send them). Cloud phones are otherwise never "seen": their server's acceptance of a hand-over is no sign of them.
 */
export async function phoneSeen(
  deps: Pick<PhoneSeenDeps, 'store'>,
  deviceId: string,
  lastSeenAt: string | undefined,
  now: Date,
): Promise<void> {
  if (lastSeenAt && now.getTime() - Date.parse(lastSeenAt) < LAST_SEEN_EVERY_MS) return;
  await deps.store.devices.update(deviceId, (c) =>
    c.lastSeenAt && Date.parse(c.lastSeenAt) >= now.getTime() ? null : { ...c, lastSeenAt: now.toISOString() },
  );
}
