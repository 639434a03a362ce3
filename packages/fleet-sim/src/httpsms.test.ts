import type { Fleet } from './index';
import { startSimRig, verifyHttpSms, type SimRig, type WebhookReceiver } from './testing';

type CloudEvent = { specversion: string; id: string; type: string; source: string; data: Record<string, unknown> };

describe('httpSMS', () => {
  let fleet: Fleet;
  let rx: WebhookReceiver;
  let sim: SimRig;
  let api: string;
  let key: string;
  const signingKey = 'httpsms-signing-key-123';

  beforeEach(async () => {
    sim = await startSimRig({
      seed: 3,
      timing: { httpSmsExpiryMs: 60_000 },
      phones: [
        {
          id: 'h1',
          gateway: 'httpsms',
          sims: [{ number: '+15550001001' }, { number: '+15550001002' }],
          messagesPerMinute: 600,
        },
      ],
    });
    ({ fleet, rx } = sim);
    api = fleet.gateways.httpsms.baseUrl;
    key = fleet.gateways.httpsms.credentials.apiKey!;
    const r = await call('POST', '/v1/webhooks', {
      url: rx.url,
      signing_key: signingKey,
      phone_numbers: ['+15550001001', '+15550001002'],
      events: [
        'message.phone.sent',
        'message.phone.delivered',
        'message.send.failed',
        'message.phone.received',
        'phone.heartbeat.offline',
        'phone.heartbeat.online',
      ],
    });
    expect(r.status).toBe(200);
  });

  afterEach(() => sim.close());

  const call = (method: string, path: string, body?: unknown, apiKey = key) =>
    fetch(`${api}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const events = () => rx.received.map((r) => r.json as CloudEvent);

  it('sends from SIM2, echoes request_id, and delivers JWT-signed CloudEvents', async () => {
    const res = await call('POST', '/v1/messages/send', {
      from: '+15550001002',
      to: '+15557770001',
      content: 'hello',
      request_id: 'ref-1',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      message: string;
      data: { id: string; request_id: string; status: string; sim: string };
    };
    expect(body).toMatchObject({
      status: 'success',
      message: 'message added to queue',
      data: {
        request_id: 'ref-1',
        status: 'pending',
        sim: 'SIM2',
        owner: '+15550001002',
        contact: '+15557770001',
        type: 'mobile-terminated',
      },
    });
    const id = body.data.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    await rx.waitFor(() => events().some((e) => e.type === 'message.phone.delivered'));
    const sent = events().find((e) => e.type === 'message.phone.sent')!;
    expect(sent).toMatchObject({
      specversion: '1.0',
      data: { id, request_id: 'ref-1', owner: '+15550001002', contact: '+15557770001', sim: 'SIM2' },
    });
    for (const r of rx.received) {
      expect(r.headers['x-event-type']).toBe((r.json as CloudEvent).type);
      await expect(verifyHttpSms(r, signingKey, fleet.now())).resolves.toBe(true);
      await expect(verifyHttpSms(r, 'not-the-key', fleet.now())).resolves.toBe(false);
      await expect(verifyHttpSms({ ...r, url: 'http://elsewhere/hook' }, signingKey, fleet.now())).resolves.toBe(false);
    }
    const got = (await (await call('GET', `/v1/messages/${id}`)).json()) as {
      data: { status: string; delivered_at: string | null };
    };
    expect(got.data.status).toBe('delivered');
    expect(got.data.delivered_at).not.toBeNull();
    expect(fleet.truth.message(id)).toMatchObject({ sim: 2, finalState: 'delivered', refs: { requestId: 'ref-1' } });
  });

  it('refuses a bad key (401) and bad input (400 naming the fields), queueing nothing', async () => {
    const unauth = await call(
      'POST',
      '/v1/messages/send',
      { from: '+15550001001', to: '+15557770001', content: 'x' },
      'nope',
    );
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toMatchObject({
      status: 'error',
      message: 'You are not authorized to carry out this request.',
    });
    const bad = await call('POST', '/v1/messages/send', { from: '+15550009999', to: 'abc', content: '' });
    expect(bad.status).toBe(400);
    const b = (await bad.json()) as { status: string; message: string; data: Record<string, string[]> };
    expect(b.status).toBe('error');
    expect(Object.keys(b.data).sort()).toEqual(['content', 'from', 'to']);
    expect((await call('GET', '/v1/messages/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(fleet.truth.messages()).toHaveLength(0);
  });

  it('fires heartbeat offline/online per SIM and message.phone.received', async () => {
    fleet.phone('h1').setOnline(false);
    await rx.waitFor(() => events().filter((e) => e.type === 'phone.heartbeat.offline').length === 2);
    const inId = fleet.phone('h1').receiveSms('+15558880000', 'reply text', 1);
    fleet.phone('h1').setOnline(true);
    await rx.waitFor(
      () =>
        events().some((e) => e.type === 'message.phone.received') &&
        events().filter((e) => e.type === 'phone.heartbeat.online').length === 2,
    );
    const off = events()
      .filter((e) => e.type === 'phone.heartbeat.offline')
      .map((e) => e.data.owner)
      .sort();
    expect(off).toEqual(['+15550001001', '+15550001002']);
    expect(events().find((e) => e.type === 'message.phone.received')!.data).toMatchObject({
      message_id: inId,
      owner: '+15550001001',
      contact: '+15558880000',
      content: 'reply text',
      sim: 'SIM1',
    });
    // Like httpSMS, the received text is a message of its own: what a hub confirms a received webhook with.
    const got = (await (await call('GET', `/v1/messages/${inId}`)).json()) as {
      status: string;
      data: Record<string, unknown>;
    };
    expect(got).toMatchObject({
      status: 'success',
      data: {
        id: inId,
        type: 'mobile-originated',
        status: 'received',
        owner: '+15550001001',
        contact: '+15558880000',
        content: 'reply text',
      },
    });
  });

  it('expires a message the offline phone never sent (message.send.expired)', async () => {
    await call('POST', '/v1/webhooks', { url: rx.url, events: ['message.send.expired'], phone_numbers: [] });
    fleet.phone('h1').setOnline(false);
    const res = (await (
      await call('POST', '/v1/messages/send', { from: '+15550001001', to: '+15557770002', content: 'late' })
    ).json()) as { data: { id: string } };
    await fleet.truth.waitFor((t) => t.message(res.data.id)?.finalState === 'expired');
    await rx.waitFor(() => events().some((e) => e.type === 'message.send.expired'));
    const got = (await (await call('GET', `/v1/messages/${res.data.id}`)).json()) as { data: { status: string } };
    expect(got.data.status).toBe('expired');
  });
});
