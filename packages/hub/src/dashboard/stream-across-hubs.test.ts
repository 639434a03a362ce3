import type { Message, OutboundEvent, Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { redisStoreCase, testConfig } from '../testing';
import { listenOnFreePort } from '../testing/listen-free';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import type { HubApp } from '../types';

/** An SSE reader over real HTTP: the events it received, parsed. */
async function openStream(url: string): Promise<{ status: number; events: OutboundEvent[]; close(): void }> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  const events: OutboundEvent[] = [];
  if (res.status === 200 && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const data = buf
            .slice(0, i)
            .split('\n')
            .find((l) => l.startsWith('data: '));
          buf = buf.slice(i + 2);
          if (data) events.push(JSON.parse(data.slice(6)) as OutboundEvent);
        }
      }
    })();
  }
  return { status: res.status, events, close: () => ac.abort() };
}

const statusOf = (e: OutboundEvent) =>
  e.type === 'message.status_changed' ? `${e.data.messageId}:${e.data.status}` : undefined;

/**
 * Two hubs on one Redis, as behind a load balancer: hub B sends (its phones report to it), hub A only serves the
 * dashboard. A page streaming from A sees B's events live, once each; a token issued by A opens the stream on B too.
 */
describe('the dashboard live stream across hubs (redis store)', () => {
  let r: Rig;
  let a: HubApp;
  let aBase: string;
  let storeA: Store;

  beforeAll(async () => {
    const [first, second] = await redisStoreCase.createShared(2);
    storeA = first!;
    r = await rig(second!);
    const started = await listenOnFreePort((port, base) =>
      buildApp({
        config: testConfig({ SMSFLEET_PORT: String(port), SMSFLEET_PUBLIC_URL: base }),
        store: storeA,
        runWorkers: false,
        processMetrics: false,
      }),
    );
    a = started.app;
    aBase = started.base;
  });
  afterAll(async () => {
    await a.close();
    await r.close();
    await storeA.close();
  });

  const token = async (base: string): Promise<string> => {
    const res = await fetch(`${base}/v1/dashboard/stream-token`, { method: 'POST', headers: r.auth });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };

  it("streams hub B's events on hub A once each, and A's token opens B's stream", async () => {
    const fromA = await token(aBase);
    const onA = await openStream(`${aBase}/dashboard/events?token=${encodeURIComponent(fromA)}`);
    const onB = await openStream(`${r.base}/dashboard/events?token=${encodeURIComponent(fromA)}`);
    const forged = await openStream(`${r.base}/dashboard/events?token=${encodeURIComponent(`${fromA}x`)}`);
    try {
      expect([onA.status, onB.status, forged.status]).toEqual([200, 200, 401]);
      const ids: string[] = [];
      for (const to of ['+14155550150', '+14155550151']) {
        const res = await fetch(`${r.base}/v1/messages`, {
          method: 'POST',
          headers: r.auth,
          body: JSON.stringify({ to, body: 'Live on every hub' }),
        });
        const m = (await res.json()) as Message;
        ids.push(m.id);
        await waitForStatus(r, m.id, ['delivered']);
        for (const s of [onA, onB])
          await until('the delivered event on the stream', () =>
            s.events.some((e) => statusOf(e) === `${m.id}:delivered`),
          );
      }
      // The second message's events came after every event of the first: a doubled one would have arrived by now. (A
      // change's event may be published twice, by the change and by the tracker's flush; the page sees it once.)
      for (const s of [onA, onB]) {
        const mine = s.events.filter((e) => ids.some((id) => statusOf(e)?.startsWith(id)));
        expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
        expect(mine.map(statusOf)).toEqual(expect.arrayContaining(ids.map((id) => `${id}:delivered`)));
      }
      expect(onA.events.map((e) => e.id)).toEqual(onB.events.map((e) => e.id));
    } finally {
      onA.close();
      onB.close();
      forged.close();
    }
  });
});
