import { type Clock, SmsfleetError, type Store, systemClock } from '@smsfleet/core';
import type { HubConfig } from './config';
import { openStore } from './open-store';

/** How long to pause between two tries (each failed try already took the client's own retries). */
const PAUSE_MS = 500;

/**
 * Resolve once `store` answers a call (the health route's probe), trying again for up to `waitMs` of `clock` time.
 * A hub started while its Redis restarts, or before it, then boots when Redis is back instead of exiting on its
 * first write (a supervisor would restart it, but a newcomer's `smsfleet serve` just stopped). `onWait` hears each
 * failed try. Past `waitMs` it throws `SMSFLEET_ERR_STORE` naming `SMSFLEET_BOOT_WAIT` and the last failure.
 */
export async function waitForStore(
  store: Pick<Store, 'queue'>,
  opts: { waitMs: number; clock: Clock; onWait?: (err: unknown, waitedMs: number) => void },
): Promise<void> {
  const start = opts.clock.now();
  for (;;) {
    try {
      await store.queue.size('boot');
      return;
    } catch (err) {
      const waited = opts.clock.now() - start;
      if (waited >= opts.waitMs) {
        const why = err instanceof Error ? err.message : String(err);
        throw new SmsfleetError(
          'SMSFLEET_ERR_STORE',
          `The store did not answer within SMSFLEET_BOOT_WAIT (${Math.round(opts.waitMs / 1000)} s): ${why}`,
          { cause: err },
        );
      }
      opts.onWait?.(err, waited);
      await opts.clock.sleep(Math.min(PAUSE_MS, opts.waitMs - waited));
    }
  }
}

/**
 * The configured store ({@link openStore}), once it answers ({@link waitForStore} for `SMSFLEET_BOOT_WAIT`): the first
 * failed try is reported through `say` (one line), and a store that never answers is closed before the error goes on.
 */
export async function openAnsweringStore(config: HubConfig, say: (line: string) => void): Promise<Store> {
  const store = await openStore(config);
  let told = false;
  try {
    await waitForStore(store, {
      waitMs: config.store.bootWaitMs,
      clock: systemClock,
      onWait: (err) => {
        if (told) return;
        told = true;
        const why = err instanceof Error ? err.message : String(err);
        say(`smsfleet: the store does not answer (${why}); waiting up to SMSFLEET_BOOT_WAIT for it`);
      },
    });
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}
