import { createMemoryStore, DeliveryAttempt, type OutboundEvent, type Subscription } from '@smsfleet/core';
import { toAttempt } from './attempt-record';

const sub = { id: 'sub_01jd3k2m4n5p6q7r8s9t0v1w2x' } as Subscription;
const event: OutboundEvent = {
  id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
  type: 'webhook.test',
  timestamp: '2026-11-24T10:15:30.000Z',
  data: { subscriptionId: sub.id, message: 'test', at: '2026-11-24T10:15:30.000Z' },
} as OutboundEvent;
const now = Date.parse('2026-11-24T10:15:31.000Z');
/** A first attempt of the test event to `sub` with `outcome`, not dead-lettered. */
const first = (outcome: Parameters<typeof toAttempt>[5]) =>
  toAttempt(now, undefined, sub, event, 1, outcome, { deadLettered: false });

describe('toAttempt', () => {
  // It vouches for what it builds (the delivery log then records it unparsed): what it builds must pass the schema.
  it.each([
    [{ ok: true, statusCode: 200, durationMs: 12 }, { deadLettered: false }],
    [
      { ok: false, error: 'timed out after 5000 ms', durationMs: 5000 },
      { deadLettered: false, nextAttemptAt: now },
    ],
    [
      { ok: false, statusCode: 500, error: 'HTTP 500: boom', durationMs: 3 },
      { deadLettered: true, replay: true },
    ],
    [
      { ok: false, durationMs: 0 },
      { deadLettered: false, held: true },
    ],
  ])('builds an attempt that passes the schema (%#)', (outcome, extra) => {
    const a = toAttempt(now, undefined, sub, event, 2, outcome, extra);
    expect(DeliveryAttempt.parse(a)).toEqual(a);
  });

  it('does not vouch for a field that fails: the log refuses the attempt by field, as before', async () => {
    const a = first({ ok: false, error: 'x'.repeat(501), durationMs: 1 });
    const store = createMemoryStore();
    await expect(store.deliveries.recordMany([a])).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'attempt.error',
    });
    await store.close();
  });

  it('vouches for what passes: the memory log records it without parsing it again', async () => {
    const a = first({ ok: true, statusCode: 200, durationMs: 1 });
    const parses = jest.spyOn(DeliveryAttempt, 'safeParse');
    const store = createMemoryStore();
    await store.deliveries.recordMany([a]);
    expect(parses).not.toHaveBeenCalled();
    expect(await store.deliveries.get(sub.id, a.id)).toEqual(a);
    parses.mockRestore();
    await store.close();
  });

  it('parses no field of a success, and parses a number no plain check settles', async () => {
    const shape = DeliveryAttempt.shape;
    const spies = (['attempt', 'statusCode', 'durationMs', 'error', 'nextAttemptAt'] as const).map((k) =>
      jest.spyOn(shape[k], 'safeParse'),
    );
    first({ ok: true, statusCode: 200, durationMs: 1.5 });
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    const a = first({ ok: true, statusCode: 200.5, durationMs: 1 });
    expect(spies[1]).toHaveBeenCalledTimes(1);
    for (const s of spies) s.mockRestore();
    const store = createMemoryStore();
    await expect(store.deliveries.recordMany([a])).rejects.toMatchObject({ field: 'attempt.statusCode' });
    await store.close();
  });
});
