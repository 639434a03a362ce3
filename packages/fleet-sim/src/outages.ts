import type { Phone } from './phone';
import type { Runtime } from './runtime';
import type { OutageSpec } from './types';

function apply(phone: Phone, mode: OutageSpec['mode'], on: boolean): void {
  if (mode === 'offline') phone.setOnline(!on);
  else phone.setDozing(on);
}

/**
 * Drive a phone's scripted and seeded random outages (from its fault config) in the background.
 * `startedAt` is the fleet's start in sim ms.
 */
export function runOutages(rt: Runtime, phone: Phone, startedAt: number): void {
  const { outages, randomOutages } = phone.faults;
  for (const o of outages) {
    rt.track(
      (async () => {
        if (!(await rt.sleep(startedAt + o.atMs - rt.now()))) return;
        apply(phone, o.mode, true);
        if (await rt.sleep(o.durationMs)) apply(phone, o.mode, false);
      })(),
    );
  }
  if (randomOutages) {
    const rand = rt.fork(`outages:${phone.id}`);
    rt.track(
      (async () => {
        for (;;) {
          const gap = -Math.log(1 - rand.next()) * randomOutages.meanIntervalMs;
          const duration = rand.between(randomOutages.durationMs);
          if (!(await rt.sleep(gap))) return;
          apply(phone, randomOutages.mode, true);
          if (!(await rt.sleep(duration))) return;
          apply(phone, randomOutages.mode, false);
        }
      })(),
    );
  }
}
