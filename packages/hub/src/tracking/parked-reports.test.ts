import type { GatewayReport } from '@smsfleet/core';
import { storeCases } from '../testing';
import { parkedQueue, QUEUES } from '../queues';
import { ParkedReports } from './parked-reports';

type StatusReport = Extract<GatewayReport, { kind: 'status' }>;
const report: StatusReport = {
  kind: 'status',
  gateway: 'textbee',
  gatewayMessageId: 'batch-1',
  status: 'delivered',
  at: '2026-12-01T10:00:00.000Z',
};

describe.each(storeCases().map((s) => [s.name, s] as const))('parked reports (%s store)', (_name, sc) => {
  it('keeps a report with an unlinked gateway id through retries before the TTL, applies it once linked', async () => {
    const store = await sc.create();
    try {
      const parked = new ParkedReports(store, 86400_000);
      const t0 = Date.parse('2026-12-01T10:00:00.000Z');
      await parked.park('tb', report, new Date(t0));
      let linked = false;
      const applied: StatusReport[] = [];
      const apply = async (r: StatusReport) => {
        if (!linked) return 'orphan' as const;
        applied.push(r);
        return 'applied' as const;
      };
      // Hours of backstop rounds without a link: nothing is dropped (the old orphan queue gave up after 30 tries).
      for (let t = t0; t < t0 + 12 * 3600_000; t += 60_000) await parked.retryDue(new Date(t), apply);
      expect(await store.queue.size(parkedQueue('textbee', 'batch-1'))).toBe(1);
      expect(applied).toHaveLength(0);
      linked = true;
      expect(await parked.drain('textbee', 'batch-1', apply)).toBe(1); // what the hand-over does right after linking
      expect(applied).toEqual([{ ...report, connectionId: 'tb' }]); // kept with the connection that verified it
      expect(await store.queue.size(parkedQueue('textbee', 'batch-1'))).toBe(0);
      await parked.retryDue(new Date(t0 + 13 * 3600_000), apply); // the backstop then forgets the id
      expect(await store.queue.size(QUEUES.parkedIndex)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('the backstop applies a report whose link was written by a hub that crashed before applying it', async () => {
    const store = await sc.create();
    try {
      // Without a size look-up (one round trip per partition on Redis): the drain's empty claim says it.
      const sized: string[] = [];
      const size = (n: string) => {
        sized.push(n);
        return store.queue.size(n);
      };
      const queue = new Proxy(store.queue, { get: (q, k) => (k === 'size' ? size : Reflect.get(q, k, q)) });
      const parked = new ParkedReports({ ...store, queue });
      const t0 = Date.parse('2026-12-01T10:00:00.000Z');
      await parked.park('tb', report, new Date(t0));
      const applied: StatusReport[] = [];
      await parked.retryDue(new Date(t0 + 2_000), async (r) => {
        applied.push(r);
        return 'applied';
      });
      expect(applied).toEqual([{ ...report, connectionId: 'tb' }]); // kept with the connection that verified it
      expect(sized).toEqual([]);
      expect(await store.queue.size(parkedQueue('textbee', 'batch-1'))).toBe(0);
      expect(await store.queue.size(QUEUES.parkedIndex)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('the drain after a link takes a batch short of its limit in one claim (no empty claim after it)', async () => {
    const store = await sc.create();
    try {
      const claimed: string[] = [];
      const claim: typeof store.queue.claim = (n, ...rest) => {
        claimed.push(n);
        return store.queue.claim(n, ...rest);
      };
      const queue = new Proxy(store.queue, { get: (q, k) => (k === 'claim' ? claim : Reflect.get(q, k, q)) });
      const parked = new ParkedReports({ ...store, queue });
      const t0 = Date.parse('2026-12-01T10:00:00.000Z');
      await parked.park('tb', report, new Date(t0));
      await parked.park('tb', { ...report, status: 'sent' }, new Date(t0));
      const applied: string[] = [];
      const n = await parked.drain('textbee', 'batch-1', async (r) => {
        applied.push(r.status);
        return 'applied';
      });
      expect(n).toBe(2);
      expect(applied.sort()).toEqual(['delivered', 'sent']);
      expect(claimed).toEqual([parkedQueue('textbee', 'batch-1')]);
      expect(await store.queue.size(parkedQueue('textbee', 'batch-1'))).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('drops what is still unmatched only after the TTL', async () => {
    const store = await sc.create();
    try {
      const parked = new ParkedReports(store, 3600_000);
      const t0 = Date.parse('2026-12-01T10:00:00.000Z');
      await parked.park('tb', report, new Date(t0));
      const orphan = async () => 'orphan' as const;
      for (let t = t0; t < t0 + 3600_000; t += 60_000) await parked.retryDue(new Date(t), orphan);
      expect(await store.queue.size(parkedQueue('textbee', 'batch-1'))).toBe(1);
      for (let t = t0 + 3600_000; t < t0 + 3 * 3600_000; t += 60_000) await parked.retryDue(new Date(t), orphan);
      expect(await store.queue.size(parkedQueue('textbee', 'batch-1'))).toBe(0);
      expect(await store.queue.size(QUEUES.parkedIndex)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
