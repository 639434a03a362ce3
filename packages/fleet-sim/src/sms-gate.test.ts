import { startFleet, type Fleet } from './index';
import { basicAuth, scaledSimClock, startSimRig, verifySmsGate, type SimRig, type WebhookReceiver } from './testing';

describe('sms-gate cloud', () => {
  let fleet: Fleet;
  let rx: WebhookReceiver;
  let sim: SimRig;
  let auth: string;
  let api: string;

  beforeEach(async () => {
    sim = await startSimRig({
      seed: 7,
      phones: [{ id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550000001' }, { number: '+15550000002' }] }],
    });
    ({ fleet, rx } = sim);
    const g = fleet.gateways['sms-gate'];
    auth = basicAuth(g.credentials);
    api = `${g.baseUrl}/3rdparty/v1`;
    for (const event of ['sms:sent', 'sms:delivered', 'sms:failed', 'sms:received']) {
      const r = await fetch(`${api}/webhooks`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ url: rx.url, event }),
      });
      expect(r.status).toBe(201);
    }
  });

  afterEach(() => sim.close());

  const post = (body: unknown, a = auth) =>
    fetch(`${api}/messages`, {
      method: 'POST',
      headers: { authorization: a, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('sends a 2-part message: 202 + Location, sms:sent with partsCount, a signed sms:delivered per part', async () => {
    const text = 'x'.repeat(200); // GSM-7: 2 parts
    const res = await post({
      id: 'client-1',
      textMessage: { text },
      phoneNumbers: ['+15551230001'],
      simNumber: 2,
      deviceId: 'p1',
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe('/3rdparty/v1/messages/client-1');
    const body = (await res.json()) as {
      id: string;
      state: string;
      recipients: Array<{ phoneNumber: string; state: string }>;
    };
    expect(body).toMatchObject({
      id: 'client-1',
      deviceId: 'p1',
      state: 'Pending',
      recipients: [{ phoneNumber: '+15551230001', state: 'Pending', error: null }],
    });

    await rx.waitFor((r) => r.filter((x) => (x.json as { event: string }).event === 'sms:delivered').length === 2);
    const events = rx.received.map(
      (r) =>
        r.json as { event: string; deviceId: string; id: string; webhookId: string; payload: Record<string, unknown> },
    );
    const sent = events.find((e) => e.event === 'sms:sent')!;
    expect(sent.deviceId).toBe('p1');
    expect(sent.payload).toMatchObject({
      messageId: 'client-1',
      phoneNumber: '+15551230001',
      simNumber: 2,
      partsCount: 2,
    });
    const delivered = events.filter((e) => e.event === 'sms:delivered');
    expect(delivered).toHaveLength(2);
    expect(new Set(delivered.map((d) => d.id)).size).toBe(2);
    const key = fleet.phone('p1').webhookSecret!;
    for (const r of rx.received) expect(verifySmsGate(r, key, fleet.now())).toBe(true);
    expect(verifySmsGate(rx.received[0]!, 'wrong-key', fleet.now())).toBe(false);

    const t = fleet.truth.message('client-1')!;
    expect(t).toMatchObject({ phoneId: 'p1', sim: 2, parts: 2, finalState: 'delivered' });
    expect(t.states.map((s) => s.state)).toEqual(['queued', 'picked', 'sent', 'delivered']);
    expect(fleet.truth.segmentsSent('p1', 2)).toBe(2);

    const got = await fetch(`${api}/messages/client-1`, { headers: { authorization: auth } });
    expect(await got.json()).toMatchObject({
      id: 'client-1',
      state: 'Delivered',
      recipients: [{ state: 'Delivered' }],
    });
  });

  it('answers 409 on a reused id, 401 without valid auth, 400 naming the bad field', async () => {
    expect((await post({ id: 'dup', textMessage: { text: 'hi' }, phoneNumbers: ['+15551230001'] })).status).toBe(202);
    const again = await post({ id: 'dup', textMessage: { text: 'hi' }, phoneNumbers: ['+15551230001'] });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toContain('dup');

    const unauth = await post(
      { textMessage: { text: 'hi' }, phoneNumbers: ['+15551230001'] },
      basicAuth({ username: 'x', password: 'y' }),
    );
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toEqual({ message: 'Unauthorized' });

    const bad = await post({ textMessage: { text: 'hi' }, phoneNumbers: ['12345'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^phoneNumbers: /);
    const badSim = await post({ textMessage: { text: 'hi' }, phoneNumbers: ['+15551230001'], simNumber: 3 });
    expect(((await badSim.json()) as { message: string }).message).toMatch(/^simNumber: /);
    const badJson = await fetch(`${api}/messages`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { message: string }).message).toMatch(/invalid request/);
    // Nothing was queued by the refused requests.
    expect(fleet.truth.messages()).toHaveLength(1);
  });

  it('lists messages with X-Total-Count and cancels a pending one (409 once it left)', async () => {
    fleet.phone('p1').setOnline(false);
    await post({ id: 'm1', textMessage: { text: 'a' }, phoneNumbers: ['+15551230001'] });
    await post({ id: 'm2', textMessage: { text: 'b' }, phoneNumbers: ['+15551230002'] });
    const list = await fetch(`${api}/messages?limit=1`, { headers: { authorization: auth } });
    expect(list.headers.get('x-total-count')).toBe('2');
    expect((await list.json()) as unknown[]).toHaveLength(1);
    const del = await fetch(`${api}/messages/m1`, { method: 'DELETE', headers: { authorization: auth } });
    expect(del.status).toBe(202);
    expect(fleet.truth.message('m1')!.finalState).toBe('cancelled');
    const got = (await (await fetch(`${api}/messages/m1`, { headers: { authorization: auth } })).json()) as {
      state: string;
    };
    expect(got.state).toBe('Cancelled');
    fleet.phone('p1').setOnline(true);
    await fleet.truth.waitFor((t) => t.message('m2')?.finalState === 'delivered');
    expect((await fetch(`${api}/messages/m2`, { method: 'DELETE', headers: { authorization: auth } })).status).toBe(
      409,
    );
  });

  it('keeps one truth record per recipient and aggregates the message state', async () => {
    const res = await post({
      id: 'multi',
      textMessage: { text: 'to two' },
      phoneNumbers: ['+15551230001', '+15551230002'],
    });
    expect(((await res.json()) as { recipients: unknown[] }).recipients).toHaveLength(2);
    await fleet.truth.waitFor(
      (t) => t.messages().filter((m) => m.id === 'multi' && m.finalState === 'delivered').length === 2,
    );
    // The phone's state is in the truth before its report reaches the receiver: wait for the reports themselves.
    await rx.waitFor((r) => r.filter((x) => (x.json as { event: string }).event === 'sms:sent').length === 2);
    expect(fleet.truth.message('multi', '+15551230002')).toMatchObject({ recipient: '+15551230002', sim: 1 });
    const got = (await (await fetch(`${api}/messages/multi`, { headers: { authorization: auth } })).json()) as {
      state: string;
      recipients: Array<{ state: string }>;
    };
    expect(got.state).toBe('Delivered');
    expect(got.recipients.map((r) => r.state)).toEqual(['Delivered', 'Delivered']);
    const sent = rx.received
      .map((r) => r.json as { event: string; payload: { phoneNumber: string } })
      .filter((e) => e.event === 'sms:sent');
    expect(sent.map((e) => e.payload.phoneNumber).sort()).toEqual(['+15551230001', '+15551230002']);
  });

  it('sends system:ping while online and awake, not while offline', async () => {
    await fleet.close();
    sim.fleet = fleet = await startFleet({
      seed: 7,
      clock: scaledSimClock(100),
      timing: { pingIntervalMs: 10_000 },
      phones: [{ id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550000001' }] }],
    });
    const g = fleet.gateways['sms-gate'];
    auth = basicAuth(g.credentials);
    await fetch(`${g.baseUrl}/3rdparty/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: rx.url, event: 'system:ping', deviceId: 'p1' }),
    });
    const pings = () => rx.received.filter((r) => (r.json as { event: string }).event === 'system:ping');
    await rx.waitFor(() => pings().length >= 2);
    expect(pings()[0]!.json).toMatchObject({ deviceId: 'p1', event: 'system:ping', payload: {} });
    fleet.phone('p1').setOnline(false);
    const before = fleet.truth.reports({ event: 'system:ping' }).length;
    await fleet.sleep(50_000);
    expect(fleet.truth.reports({ event: 'system:ping' }).length).toBe(before);
  });

  it('fires a hook registered with deviceId for that device only; `device_id` is not read (real server)', async () => {
    await fleet.close();
    sim.fleet = fleet = await startFleet({
      seed: 7,
      clock: scaledSimClock(100),
      phones: [
        { id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550000001' }] },
        { id: 'p2', gateway: 'sms-gate', sims: [{ number: '+15550000002' }] },
      ],
    });
    const g = fleet.gateways['sms-gate'];
    const hook = (path: string, extra: Record<string, string>) =>
      fetch(`${g.baseUrl}/3rdparty/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: basicAuth(g.credentials), 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${rx.url}${path}`, event: 'sms:received', ...extra }),
      });
    expect((await hook('/only-p1', { deviceId: 'p1' })).status).toBe(201);
    expect((await hook('/snake', { device_id: 'p1' })).status).toBe(201);
    fleet.phone('p1').receiveSms('+15559990001', 'to p1', 1);
    fleet.phone('p2').receiveSms('+15559990002', 'to p2', 1);
    const from = (path: string) =>
      rx.received
        .filter((r) => r.url.endsWith(path))
        .map((r) => (r.json as { deviceId: string }).deviceId)
        .sort();
    await rx.waitFor(() => from('/snake').length === 2 && from('/only-p1').length === 1);
    await fleet.truth.waitFor((t) => t.reports({ event: 'sms:received' }).every((x) => x.outcome !== 'pending'));
    expect(from('/only-p1')).toEqual(['p1']);
    expect(from('/snake')).toEqual(['p1', 'p2']);
  });

  it('delivers sms:received for an inbound SMS', async () => {
    const id = fleet.phone('p1').receiveSms('+15559990000', 'hello back', 2);
    await rx.waitFor((r) => r.some((x) => (x.json as { event: string }).event === 'sms:received'));
    const ev = rx.received.find((x) => (x.json as { event: string }).event === 'sms:received')!.json as {
      payload: Record<string, unknown>;
    };
    expect(ev.payload).toMatchObject({
      messageId: id,
      message: 'hello back',
      phoneNumber: '+15559990000',
      simNumber: 2,
      recipient: '+15550000002',
    });
    expect(fleet.truth.inbound()).toEqual([expect.objectContaining({ id, text: 'hello back', sim: 2 })]);
  });
});
