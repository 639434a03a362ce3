import { startFleet, type Fleet } from './index';
import {
  basicAuth,
  scaledSimClock,
  startWebhookReceiver,
  verifySmsGate,
  VirtualSimClock,
  type WebhookReceiver,
} from './testing';

describe('phone behaviour', () => {
  let fleet: Fleet | undefined;
  let rx: WebhookReceiver;
  // Sim time moves only when a test runs it, one deadline at a time: how busy the CPU is changes no sim duration.
  let clock: VirtualSimClock;

  beforeEach(async () => {
    rx = await startWebhookReceiver();
  });
  afterEach(async () => {
    await fleet?.close();
    fleet = undefined;
    await rx.close();
  });

  async function sgFleet(extra: Partial<Parameters<typeof startFleet>[0]> = {}): Promise<Fleet> {
    clock = new VirtualSimClock();
    fleet = await startFleet({
      seed: 5,
      clock,
      phones: [
        {
          id: 'p1',
          gateway: 'sms-gate',
          sims: [{ number: '+15550000001' }, { number: '+15550000002', segmentsPerMinute: 5 }],
        },
      ],
      ...extra,
    });
    return fleet;
  }

  async function sgSend(f: Fleet, body: Record<string, unknown>): Promise<Response> {
    const g = f.gateways['sms-gate'];
    return fetch(`${g.baseUrl}/3rdparty/v1/messages`, {
      method: 'POST',
      headers: { authorization: basicAuth(g.credentials), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('allows exactly 30 segments per SIM a minute: the 31st is refused, RESULT_ERROR_LIMIT_EXCEEDED', async () => {
    // Sim time stands still while the test sends: the 11 requests land within one sim minute.
    const f = await sgFleet({ timing: { partSendMs: [10, 20], interMessageMs: [10, 20], deliveryMs: [100, 200] } });
    // 10 three-part messages = 30 segments, then 1 single-part message = the 31st segment.
    const long = 'L'.repeat(153 * 2 + 10);
    for (let i = 0; i < 10; i++)
      expect(
        (await sgSend(f, { id: `m${i}`, textMessage: { text: long }, phoneNumbers: ['+15551110000'] })).status,
      ).toBe(202);
    expect(
      (await sgSend(f, { id: 'm10', textMessage: { text: 'one more' }, phoneNumbers: ['+15551110000'] })).status,
    ).toBe(202);
    await clock.runUntil(() => f.truth.messages().every((m) => ['delivered', 'failed'].includes(m.finalState)));
    const ms = f.truth.messages();
    expect(ms.slice(0, 10).every((m) => m.parts === 3 && m.finalState === 'delivered')).toBe(true);
    expect(ms[10]).toMatchObject({
      finalState: 'failed',
      failure: { code: 'RESULT_ERROR_LIMIT_EXCEEDED', limitExceeded: true, permanent: false },
    });
    expect(f.truth.segmentsSent('p1', 1)).toBe(30);
    expect(f.truth.limitRefusals('p1', 1)).toBe(1);
    expect(f.truth.limitRefusals('p1', 2)).toBe(0);
    expect(f.truth.limitRefusalCounts()).toEqual({ 'p1#1': 1 });
  });

  it('applies the limit per SIM (its own segmentsPerMinute)', async () => {
    const f = await sgFleet({ timing: { partSendMs: [10, 20], interMessageMs: [10, 20], deliveryMs: [100, 200] } });
    for (let i = 0; i < 6; i++)
      await sgSend(f, { id: `s${i}`, textMessage: { text: 'hi' }, phoneNumbers: ['+15551110000'], simNumber: 2 });
    await clock.runUntil(() => f.truth.messages().every((m) => ['delivered', 'failed'].includes(m.finalState)));
    expect(f.truth.limitRefusals('p1', 2)).toBe(1);
    expect(f.truth.limitRefusals('p1', 1)).toBe(0);
    expect(f.truth.message('s5')!.failure!.code).toBe('RESULT_ERROR_LIMIT_EXCEEDED');
    expect(f.truth.segmentsSent('p1', 2)).toBe(5);
  });

  it('holds messages while offline, answers 503 past the queue limit, sends by priority when back online', async () => {
    const f = await sgFleet({ faults: { queueLimit: 2 } });
    f.phone('p1').setOnline(false);
    await sgSend(f, { id: 'held', textMessage: { text: 'wait' }, phoneNumbers: ['+15551110000'] });
    await sgSend(f, { id: 'urgent', textMessage: { text: 'otp' }, phoneNumbers: ['+15551110001'], priority: 100 });
    const full = await sgSend(f, { id: 'third', textMessage: { text: 'no room' }, phoneNumbers: ['+15551110002'] });
    expect(full.status).toBe(503);
    expect(((await full.json()) as { message: string }).message).toMatch(/queue limit/);
    await clock.advance(5 * 60_000);
    expect(f.truth.message('held')!.finalState).toBe('queued');
    expect(f.truth.message('third')).toBeUndefined();
    f.phone('p1').setOnline(true);
    await clock.runUntil(
      () =>
        f.truth.message('held')?.finalState === 'delivered' && f.truth.message('urgent')?.finalState === 'delivered',
    );
    expect(f.truth.message('urgent')!.partsSentAt[0]!).toBeLessThan(f.truth.message('held')!.partsSentAt[0]!);
  });

  it('follows a scripted outage: offline for 10 sim minutes, then picks up', async () => {
    const f = await sgFleet({ faults: { outages: [{ atMs: 0, durationMs: 10 * 60_000, mode: 'offline' }] } });
    const start = f.now();
    await clock.runUntil(() => !f.phone('p1').isOnline(), undefined, 'the outage to start');
    await sgSend(f, { id: 'out', textMessage: { text: 'during outage' }, phoneNumbers: ['+15551110000'] });
    await clock.runUntil(() => f.truth.message('out')?.finalState === 'delivered');
    const picked = f.truth.message('out')!.states.find((s) => s.state === 'picked')!.at;
    expect(picked - start).toBeGreaterThanOrEqual(10 * 60_000);
    expect(f.phone('p1').isOnline()).toBe(true);
  });

  it('has seeded random outages: the phone drops off and comes back', async () => {
    const f = await sgFleet({
      faults: { randomOutages: { meanIntervalMs: 60_000, durationMs: [60_000, 120_000], mode: 'offline' } },
    });
    const phone = f.phone('p1');
    await clock.runUntil(() => !phone.isOnline(), undefined, 'an outage');
    const down = f.now();
    await clock.runUntil(() => phone.isOnline(), undefined, 'the end of the outage');
    expect(f.now() - down).toBeGreaterThanOrEqual(45_000);
  });

  it('a dozing phone picks up only at its ~15 minute window', async () => {
    const f = await sgFleet({});
    f.phone('p1').setDozing(true);
    const dozeStart = f.now();
    await sgSend(f, { id: 'doze', textMessage: { text: 'zzz' }, phoneNumbers: ['+15551110000'] });
    await clock.runUntil(() => f.truth.message('doze')?.finalState === 'delivered');
    const picked = f.truth.message('doze')!.states.find((s) => s.state === 'picked')!.at;
    expect(picked - dozeStart).toBeGreaterThanOrEqual(15 * 60_000 - 1_000);
    expect(picked - dozeStart).toBeLessThan(17 * 60_000);
  });

  it('sms-gate local server: Basic auth on the phone, signed webhooks, no answer while offline', async () => {
    fleet = await startFleet({
      seed: 9,
      clock: scaledSimClock(100),
      phones: [{ id: 'loc', gateway: 'sms-gate-local', sims: [{ number: '+15550000009' }] }],
    });
    const ph = fleet.phone('loc');
    expect(ph.baseUrl).not.toBe(fleet.gateways['sms-gate'].baseUrl);
    const h = { authorization: basicAuth(ph.credentials), 'content-type': 'application/json' };
    expect(
      (
        await fetch(`${ph.baseUrl}/webhooks`, {
          method: 'POST',
          headers: h,
          body: JSON.stringify({ url: rx.url, event: 'sms:sent' }),
        })
      ).status,
    ).toBe(201);
    const res = await fetch(`${ph.baseUrl}/message`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ message: 'legacy body', phoneNumbers: ['+15551110000'] }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(res.headers.get('location')).toBe(`/messages/${id}`);
    await rx.waitFor((r) => r.length === 1);
    expect(verifySmsGate(rx.received[0]!, ph.webhookSecret!, fleet.now())).toBe(true);
    expect((await fetch(`${ph.baseUrl}/messages/${id}`, { headers: { authorization: 'Basic eDp5' } })).status).toBe(
      401,
    );
    ph.setOnline(false);
    await expect(fetch(`${ph.baseUrl}/health`)).rejects.toThrow();
    ph.setOnline(true);
    expect((await fetch(`${ph.baseUrl}/health`)).status).toBe(200);
  });

  it('expires an sms-gate message whose ttl passed before pickup', async () => {
    const f = await sgFleet({});
    f.phone('p1').setOnline(false);
    await sgSend(f, { id: 'ttl', textMessage: { text: 'soon stale' }, phoneNumbers: ['+15551110000'], ttl: 60 });
    await clock.advance(2 * 60_000);
    f.phone('p1').setOnline(true);
    await clock.runUntil(() => f.truth.message('ttl')?.finalState === 'expired');
    expect(f.truth.segmentsSent('p1', 1)).toBe(0);
  });
});
