import type { Clock, Signals } from '@smsfleet/core';
import type { FleetRegistry } from './fleet-registry';

/** The signal channel on which a hub announces a change of connections or devices. */
export const FLEET_CHANNEL = 'fleet.changed';

/** Tell every hub of the store (this one included) that the fleet changed; a lost signal is covered by the re-read. */
export async function announceFleetChange(signals: Pick<Signals, 'publish'>, what: string): Promise<void> {
  await signals.publish(FLEET_CHANNEL, what).catch(() => undefined);
}

/**
 * Keep `registry` current: reload it on every fleet signal and after a signal gap, and every `everyMs` of `clock` in
 * case a signal was lost. Returns the stop function. Resolves once subscribed.
 */
export async function watchFleet(opts: {
  registry: FleetRegistry;
  signals: Pick<Signals, 'subscribe'>;
  clock: Clock;
  everyMs: number;
  onError?: (e: unknown) => void;
}): Promise<() => Promise<void>> {
  const { registry, clock } = opts;
  const reload = () => void registry.reload().catch((e) => opts.onError?.(e));
  const off = await opts.signals.subscribe(FLEET_CHANNEL, reload, reload);
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      await clock.sleep(opts.everyMs, abort.signal);
      if (!abort.signal.aborted) reload();
    }
  })();
  return async () => {
    abort.abort();
    await loop;
    await off();
  };
}
