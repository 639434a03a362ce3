import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { LAST_SEEN_EVERY_MS } from './phone-seen';

// A cloud phone is "seen" only through its own reports and the texts it forwards (its server accepting a hand-over
// says nothing of it). The reports here are fed to the processor with chosen times, far from the wall clock, so the
// phones' own pings cannot blur what is asserted.
describe.each(storeCases().map((s) => [s.name, s] as const))("a phone's last-seen time (%s store)", (_name, sc) => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(await sc.create());
  });
  afterAll(async () => {
    await r.close();
  });
  const T = Date.parse('2031-01-01T09:00:00.000Z');
  const lastSeen = async (id: string) => (await r.store.devices.get(id))!.lastSeenAt;

  it("comes from the phone's report that it sent, refreshed at most once a minute", async () => {
    r.fleet.phone('pixel-a').setOnline(false); // behind its cloud server: only the reports fed below speak for it
    const handOver = async (to: string) => {
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to, body: 'seen', deviceId: 'pixel-a' }),
      });
      return waitForStatus(r, ((await res.json()) as Message).id, ['pending']);
    };
    const sent = (m: Message, at: number) =>
      r.app.pipeline.processor.applyStatus(
        {
          kind: 'status',
          gateway: 'sms-gate',
          gatewayMessageId: m.gatewayMessageId!,
          status: 'sent',
          at: new Date(at).toISOString(),
        },
        new Date(at),
        'sms-gate-pixel-a',
      );
    const [a, b, c] = [await handOver('+14155554301'), await handOver('+14155554302'), await handOver('+14155554303')];
    expect(await sent(a, T)).toBe('applied');
    expect(await lastSeen('pixel-a')).toBe(new Date(T).toISOString());
    expect(await sent(b, T + LAST_SEEN_EVERY_MS / 2)).toBe('applied');
    expect(await lastSeen('pixel-a')).toBe(new Date(T).toISOString()); // no device write for every report
    expect(await sent(c, T + LAST_SEEN_EVERY_MS + 1)).toBe('applied');
    expect(await lastSeen('pixel-a')).toBe(new Date(T + LAST_SEEN_EVERY_MS + 1).toISOString());
    expect(await r.store.devices.get('pixel-a')).toMatchObject({ health: 'online', consecutiveFailures: 0 });
  });

  it('comes from a text the phone forwarded, without touching its health', async () => {
    const before = (await r.store.devices.get('tb'))!;
    const at = T + 3_600_000;
    await r.app.pipeline.processor.process(
      'textbee-cloud',
      [
        {
          kind: 'inbound',
          gateway: 'textbee',
          from: '+14155554310',
          body: 'Hi there',
          at: new Date(at).toISOString(),
          deviceId: 'tb',
          gatewayEventId: 'seen-inbound-1',
        },
      ],
      new Date(at),
    );
    expect(await r.store.devices.get('tb')).toEqual({ ...before, lastSeenAt: new Date(at).toISOString() });
  });
});
