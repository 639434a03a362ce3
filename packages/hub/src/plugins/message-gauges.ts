import { Gauge, type Registry } from 'prom-client';
import { type Clock, figuresFromRollups, type Store } from '@smsfleet/core';

const HOUR = 3600_000;
const FIGURES = ['messages', 'handedOver', 'sent', 'delivered', 'failed', 'segments', 'replies', 'optOuts'] as const;

/**
 * Message figures of the last 24 whole hours (the current hour included), read from the store's roll-ups at each
 * scrape: a handful of bucket reads, whatever the traffic. Gauges, since a window slides: `smsfleet_messages_24h
 * {figure}` and `smsfleet_time_to_deliver_ms_24h{quantile}` (from the roll-ups' log buckets, within 2.2 %).
 */
export function registerMessageGauges(registry: Registry, store: Pick<Store, 'rollups'>, clock: Clock): void {
  const registers = [registry];
  let last: Promise<ReturnType<typeof figuresFromRollups>> | undefined;
  // Both gauges are collected in one scrape: read the roll-ups once for them.
  const read = () => {
    last ??= (async () => {
      const until = Math.ceil((clock.now() + 1) / HOUR) * HOUR;
      const raw = await store.rollups.sum('all', until - 24 * HOUR, until);
      return figuresFromRollups(raw, { perSegment: 0, currency: '' });
    })().finally(() => setImmediate(() => (last = undefined)));
    return last;
  };
  new Gauge({
    name: 'smsfleet_messages_24h',
    help: 'Messages created in the last 24 hours, by figure (from the metric roll-ups)',
    labelNames: ['figure'],
    registers,
    async collect() {
      const f = await read();
      for (const k of FIGURES) this.set({ figure: k }, f[k]);
    },
  });
  new Gauge({
    name: 'smsfleet_time_to_deliver_ms_24h',
    help: 'Time from sent to delivered of the messages created in the last 24 hours, in ms',
    labelNames: ['quantile'],
    registers,
    async collect() {
      const t = (await read()).timeToDeliverMs;
      this.reset();
      if (t) {
        this.set({ quantile: '0.5' }, t.p50);
        this.set({ quantile: '0.95' }, t.p95);
      }
    },
  });
}
