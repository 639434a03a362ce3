import type { DeliveryAttempt } from '@smsfleet/core';
import { storeCases } from '../testing';
import { seen, useOpsRig } from './ops-rig';
import { statusEvent } from './test-rig';

const HOUR = 3_600_000;

describe.each(storeCases())('webhook replay ($name store)', (storeCase) => {
  // Never disabled here: the tests pile up dead letters on purpose.
  const rig = useOpsRig(
    storeCase,
    { SMSFLEET_WEBHOOK_DISABLE_AFTER_FAILURES: '0', SMSFLEET_WEBHOOK_DISABLE_AFTER: '0' },
    2 * HOUR,
  );
  const { api, subscriber, publish, drain } = rig;

  /** Publish one event and fail all four of its attempts (1s, 2s, 4s apart): dead-lettered. */
  async function deadLetter(): Promise<string> {
    const { clock } = rig.current();
    const e = statusEvent('delivered', new Date(clock.now()));
    await publish(e);
    await drain();
    for (const step of [1_000, 2_000, 4_000]) {
      clock.advance(step);
      await drain();
    }
    return e.id;
  }

  it('replays one delivery by id, dead or delivered, with its webhook-id and a valid signature', async () => {
    rig.current().clock.advance(2 * HOUR); // to the wall clock the receiver checks signatures against
    let up = false;
    const { r, sub } = await subscriber(['message.status_changed'], () => (up ? 204 : 500));
    const dead = await deadLetter();
    up = true;
    const ok = statusEvent('sent', new Date(rig.current().clock.now()));
    await publish(ok);
    await drain();
    expect(r.received).toHaveLength(5);

    const log = (await api('GET', `/v1/webhooks/${sub.id}/deliveries`)).json.items as DeliveryAttempt[];
    const deadRow = log.find((d) => d.deadLettered)!;
    const okRow = log.find((d) => d.ok)!;
    expect(deadRow.eventId).toBe(dead);
    for (const row of [deadRow, okRow]) {
      const res = await api('POST', `/v1/webhooks/${sub.id}/replay`, { deliveryId: row.id });
      expect(res).toMatchObject({ status: 202, json: { queued: 1, alreadyQueued: 0, eventIds: [row.eventId] } });
    }
    await drain();
    expect(seen(r).slice(5)).toEqual(
      expect.arrayContaining([
        { id: dead, verified: true, type: 'message.status_changed' },
        { id: ok.id, verified: true, type: 'message.status_changed' },
      ]),
    );
    expect(r.received).toHaveLength(7);
    // The replay carries the very event first sent: one body per webhook-id.
    const bodies = (id: string) => new Set(r.received.filter((x) => x.headers['webhook-id'] === id).map((x) => x.body));
    expect([bodies(dead).size, bodies(ok.id).size]).toEqual([1, 1]);

    const unknown = await api('POST', `/v1/webhooks/${sub.id}/replay`, { deliveryId: 'dlv_nope' });
    expect(unknown).toMatchObject({
      status: 404,
      json: { error: { code: 'SMSFLEET_ERR_NOT_FOUND', field: 'body.deliveryId' } },
    });
    const both = await api('POST', `/v1/webhooks/${sub.id}/replay`, { deliveryId: deadRow.id, onlyDead: false });
    expect(both).toMatchObject({ status: 400, json: { error: { code: 'SMSFLEET_ERR_VALIDATION' } } });
    expect(JSON.stringify(both.json)).toContain('onlyDead');
    expect((await api('POST', '/v1/webhooks/sub_nope/replay', {})).status).toBe(404);
  });

  it('replays the dead deliveries of a time range only, and every event of it with onlyDead false', async () => {
    const { clock } = rig.current();
    let up = false;
    const { r, sub } = await subscriber(['message.status_changed'], () => (up ? 204 : 500));
    const t0 = clock.now();
    const before = await deadLetter();
    clock.set(t0 + HOUR);
    const inside = await deadLetter();
    up = true;
    const insideOk = statusEvent('sent', new Date(clock.now()));
    await publish(insideOk);
    await drain();
    up = false;
    clock.set(t0 + 2 * HOUR);
    const after = await deadLetter();
    up = true;
    const sent = r.received.length;

    const range = { from: new Date(t0 + HOUR / 2).toISOString(), to: new Date(t0 + (3 * HOUR) / 2).toISOString() };
    const dead = await api('POST', `/v1/webhooks/${sub.id}/replay`, range);
    expect(dead).toMatchObject({ status: 202, json: { queued: 1, eventIds: [inside] } });
    await drain();
    expect(seen(r).slice(sent)).toEqual([{ id: inside, verified: true, type: 'message.status_changed' }]);

    const all = await api('POST', `/v1/webhooks/${sub.id}/replay`, { ...range, onlyDead: false });
    expect(all.json).toMatchObject({ queued: 2 });
    expect(all.json.eventIds.sort()).toEqual([inside, insideOk.id].sort());
    await drain();
    expect(
      seen(r)
        .slice(sent + 1)
        .map((x) => x.id)
        .sort(),
    ).toEqual([inside, insideOk.id].sort());
    expect(
      [before, after].some((id) =>
        seen(r)
          .slice(sent)
          .some((x) => x.id === id),
      ),
    ).toBe(false);
  });
});
