import { createMemoryStore, newId, type DeliveryAttempt } from '@smsfleet/core';
import { AttemptBatcher } from './log-batch';

const attempt = (subscriptionId: string): DeliveryAttempt => ({
  id: newId('dlv'),
  subscriptionId,
  eventId: newId('evt'),
  eventType: 'message.status_changed',
  attempt: 1,
  at: new Date().toISOString(),
  ok: true,
  statusCode: 204,
  durationMs: 1,
  deadLettered: false,
});

describe('AttemptBatcher', () => {
  it('writes the attempts of one turn in one call, and settles each only after the write', async () => {
    const store = createMemoryStore();
    const calls: number[] = [];
    const recordMany = store.deliveries.recordMany.bind(store.deliveries);
    const batcher = new AttemptBatcher({
      recordMany: (as) => {
        calls.push(as.length);
        return recordMany(as);
      },
    });
    const a = [attempt('sub_a'), attempt('sub_a'), attempt('sub_b')];
    await Promise.all(a.map((x) => batcher.record(x)));
    expect(calls).toEqual([3]);
    expect((await store.deliveries.list('sub_a')).items).toHaveLength(2);
    expect((await store.deliveries.list('sub_b')).items).toHaveLength(1);
    await batcher.record(attempt('sub_a')); // a later turn: its own call
    expect(calls).toEqual([3, 1]);
  });

  it('rejects every attempt of a batch whose write failed (their jobs come back after the lease)', async () => {
    const batcher = new AttemptBatcher({ recordMany: () => Promise.reject(new Error('store down')) });
    const out = await Promise.allSettled([batcher.record(attempt('sub_a')), batcher.record(attempt('sub_b'))]);
    expect(out.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
  it('waits while more attempts are under way, until they end or a batch is full', async () => {
    const calls: number[] = [];
    let busy = true;
    const batcher = new AttemptBatcher(
      {
        recordMany: async (as) => {
          calls.push(as.length);
        },
      },
      () => busy,
      3,
    );
    const first = [batcher.record(attempt('sub_a')), batcher.record(attempt('sub_a'))];
    await new Promise((r) => setImmediate(r));
    batcher.maybeFlush();
    expect(calls).toEqual([]); // still busy: they wait
    await Promise.all([...first, batcher.record(attempt('sub_b'))]); // the third fills the batch
    expect(calls).toEqual([3]);
    const last = batcher.record(attempt('sub_a'));
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([3]);
    busy = false;
    batcher.maybeFlush(); // the last POST under way ended
    await last;
    expect(calls).toEqual([3, 1]);
  });
});
