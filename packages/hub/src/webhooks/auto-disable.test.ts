import type { DeliveryAttempt } from '@smsfleet/core';
import { storeCases } from '../testing';
import { seen, useOpsRig } from './ops-rig';
import { statusEvent } from './test-rig';

describe.each(storeCases())('webhook auto-disable, re-enable and replay ($name store)', (storeCase) => {
  const rig = useOpsRig(storeCase);
  const { api, subscriber, publish, drain } = rig;

  it('disables after the streak, holds new deliveries, re-enables, replays with the same webhook-id', async () => {
    const { clock } = rig.current();
    let up = false;
    const { r, sub } = await subscriber(['message.status_changed'], () => (up ? 204 : 500));
    const watcher = await subscriber(['webhook.disabled', 'webhook.failing']);
    const [e1, e2] = [statusEvent('delivered'), statusEvent('failed')];
    await publish(e1);
    await publish(e2);
    await drain(); // attempt 1 of each: 2 in a row
    clock.advance(1_000);
    await drain(); // attempt 2 of each: 4 in a row, disabled

    const got = (await api('GET', `/v1/webhooks/${sub.id}`)).json;
    expect(got).toMatchObject({
      disabledAt: new Date(clock.now()).toISOString(),
      disabledReason: expect.stringMatching(/^4 failed attempts in a row \(last: HTTP 500/),
      consecutiveFailures: 4,
    });
    expect(
      seen(watcher.r)
        .map((x) => [x.type, x.verified])
        .sort(),
    ).toEqual([
      ['webhook.disabled', true],
      ['webhook.failing', true],
    ]);
    const announced = watcher.r.received.find((x) => (x.verified as { type?: string }).type === 'webhook.disabled');
    expect(announced!.verified).toMatchObject({
      data: { subscriptionId: sub.id, reason: got.disabledReason, consecutiveFailures: 4 },
    });
    const metrics = await (await fetch(`${rig.base()}/metrics`)).text();
    expect(metrics).toContain(`smsfleet_webhook_subscription_disabled{subscription_id="${sub.id}"} 1`);
    expect(metrics).toContain('smsfleet_webhook_alarms_total{transition="disabled"} 1');
    const originals = seen(r).map((x) => x.id);
    expect(new Set(originals)).toEqual(new Set([e1.id, e2.id]));

    // Disabled: neither the pending retries nor a new event reach it; they are held in the log.
    const e3 = statusEvent('sent');
    await publish(e3);
    clock.advance(2_000);
    await drain();
    expect(r.received).toHaveLength(4);
    const held = (await api('GET', `/v1/webhooks/${sub.id}/deliveries?failed=true`)).json.items as DeliveryAttempt[];
    expect(held.map((d) => [d.eventId, d.held]).sort()).toEqual(
      [
        [e1.id, true],
        [e2.id, true],
        [e3.id, true],
      ].sort(),
    );
    expect(held.every((d) => d.event?.id === d.eventId)).toBe(true);

    const refused = await api('POST', `/v1/webhooks/${sub.id}/replay`, {});
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'SMSFLEET_ERR_SUBSCRIPTION_DISABLED' } } });

    const enabled = await api('POST', `/v1/webhooks/${sub.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.json).toMatchObject({ consecutiveFailures: 0, failing: false });
    expect(enabled.json).not.toHaveProperty('disabledAt');
    up = true;

    const first = await api('POST', `/v1/webhooks/${sub.id}/replay`, {});
    expect(first).toMatchObject({ status: 202, json: { queued: 3, alreadyQueued: 0 } });
    expect(new Set(first.json.eventIds)).toEqual(new Set([e1.id, e2.id, e3.id]));
    // Replaying again while the first replay waits on the queue adds nothing.
    expect((await api('POST', `/v1/webhooks/${sub.id}/replay`, {})).json).toMatchObject({
      queued: 0,
      alreadyQueued: 3,
    });
    await drain();
    const replayed = seen(r).slice(4);
    expect(replayed.every((x) => x.verified)).toBe(true);
    expect(replayed.map((x) => x.id).sort()).toEqual([e1.id, e2.id, e3.id].sort());
    expect(
      replayed
        .filter((x) => originals.includes(x.id as string))
        .map((x) => x.id)
        .sort(),
    ).toEqual([...new Set(originals)].sort());
    const log = (await api('GET', `/v1/webhooks/${sub.id}/deliveries`)).json.items as DeliveryAttempt[];
    expect(log.filter((d) => d.ok).every((d) => d.replay)).toBe(true);

    // Delivered since: a dead-only replay of the same range sends nothing more.
    expect((await api('POST', `/v1/webhooks/${sub.id}/replay`, {})).json).toMatchObject({ queued: 0, eventIds: [] });
    await drain();
    expect(r.received).toHaveLength(7);
  });

  it('disables after a stretch of only failures, whatever their number', async () => {
    const env = { SMSFLEET_WEBHOOK_DISABLE_AFTER_FAILURES: '0', SMSFLEET_WEBHOOK_DISABLE_AFTER: '1h' };
    await rig.restart(env);
    const { clock } = rig.current();
    const { sub } = await subscriber(['message.status_changed'], () => 500);
    await publish(statusEvent('delivered'));
    await drain();
    clock.advance(3_600_000 - 1);
    await publish(statusEvent('failed'));
    await drain();
    expect((await api('GET', `/v1/webhooks/${sub.id}`)).json).not.toHaveProperty('disabledAt');
    clock.advance(1);
    await publish(statusEvent('sent'));
    await drain();
    expect((await api('GET', `/v1/webhooks/${sub.id}`)).json).toMatchObject({
      failingSince: new Date(clock.now() - 3_600_000).toISOString(),
      disabledReason: expect.stringMatching(/^only failed attempts since /),
    });
  });

  it('a success ends the failure run, so failures spread between successes never disable', async () => {
    const { clock } = rig.current();
    const answers = [500, 500, 500, 204, 500, 500, 500];
    const { sub } = await subscriber(['message.status_changed'], (n) => answers[n - 1] ?? 500);
    for (let i = 0; i < 7; i++) {
      await publish(statusEvent('delivered'));
      await drain();
      clock.advance(10);
    }
    const got = (await api('GET', `/v1/webhooks/${sub.id}`)).json;
    expect(got).toMatchObject({ consecutiveFailures: 3, failing: true });
    expect(got).not.toHaveProperty('disabledAt');
  });
});
