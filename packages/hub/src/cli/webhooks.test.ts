import type { DeliveryAttempt, Subscription } from '@smsfleet/core';
import { startReceiver, startSimHub, type SimHub, type WebhookReceiver } from '../testing';
import { WEBHOOK_QUEUE } from '../webhooks/metrics';
import { statusEvent } from '../webhooks/test-rig';
import { main } from './main';

// `smsfleet webhooks` against a running hub (its own worker, real time): a subscription disabled at its first
// failure is listed as such, enabled again, and its dead deliveries replayed with their webhook-id.

describe('smsfleet webhooks against a running hub', () => {
  let hub: SimHub;
  let target: WebhookReceiver;
  let watcher: WebhookReceiver;
  let up = false;
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(...s.split('\n'));
  };
  const cli = async (...a: string[]) => {
    lines.length = 0;
    return main(['webhooks', ...a, '--url', hub.url, '--key', hub.apiKey], out);
  };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await (
      await fetch(`${hub.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    ).json()) as T;

  beforeAll(async () => {
    hub = await startSimHub({
      seed: 4,
      env: { SMSFLEET_WEBHOOK_DISABLE_AFTER_FAILURES: '1', SMSFLEET_WEBHOOK_RETRY_SCHEDULE: '1s' },
    });
    target = await startReceiver(() => (up ? 204 : 500));
    watcher = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all([target?.close(), watcher?.close()]);
    await hub?.close();
  });

  it('lists a disabled subscription, refuses to replay into it, enables it, replays with the webhook-id', async () => {
    const sub = await api<Subscription>('POST', '/v1/webhooks', {
      url: target.url,
      events: ['message.status_changed'],
    });
    target.setSecret(sub.secret);
    await api('POST', '/v1/webhooks', { url: watcher.url, events: ['webhook.disabled'] });
    const e = statusEvent('delivered');
    await hub.app.webhooks.publisher.publish(e);
    await watcher.waitFor(1, 30_000); // webhook.disabled: the first failure disabled it
    // Its retry comes due a second later and is held: a dead letter to replay. (The limit is a safety net.)
    let dead: DeliveryAttempt[] = [];
    for (let i = 0; i < 600 && !dead.length; i++) {
      dead = (await api<{ items: DeliveryAttempt[] }>('GET', `/v1/webhooks/${sub.id}/deliveries?failed=true`)).items;
      if (!dead.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(dead).toMatchObject([{ eventId: e.id, held: true }]);

    expect(await cli('list')).toBe(0);
    expect(lines.find((l) => l.startsWith(sub.id))).toMatch(/disabled since \S+: 1 failed attempts in a row/);
    await expect(cli('replay', sub.id)).rejects.toThrow(
      'SMSFLEET_ERR_SUBSCRIPTION_DISABLED: SUBSCRIPTION: the subscription is disabled: enable it first',
    );

    expect(await cli('enable', sub.id)).toBe(0);
    expect(lines[0]).toBe(
      `${sub.id} enabled (${target.url}); replay what it missed: smsfleet webhooks replay ${sub.id}`,
    );
    up = true;
    expect(await cli('replay', sub.id)).toBe(0);
    expect(lines).toEqual(['1 queued (1 event selected)', `  ${e.id}`]);
    const [first, replayed] = await target.waitFor(2, 30_000);
    expect(replayed!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(replayed!.verifyError).toBeUndefined();
    // The receiver has the POST before the worker records and acks it: replaying now would find it still queued.
    for (let i = 0; i < 600 && (await hub.app.store.queue.size(WEBHOOK_QUEUE)) > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }

    expect(await cli('replay', sub.id, '--delivery', dead[0]!.id)).toBe(0);
    expect(lines[0]).toBe('1 queued (1 event selected)');
    expect((await target.waitFor(3, 30_000))[2]!.headers['webhook-id']).toBe(e.id);
    await expect(cli('replay', sub.id, '--delivery', 'dlv_x', '--all')).rejects.toThrow('--delivery goes alone');
    await expect(cli('replay', sub.id, '--from', 'yesterday')).rejects.toThrow('--from must be a date');
  });
});
