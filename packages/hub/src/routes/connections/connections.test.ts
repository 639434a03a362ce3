import { startSimHub, type SimHub } from '../../testing';

/** The connections and devices routes on a hub with simulated phones of every gateway (memory store). */
describe('connections and devices at runtime', () => {
  let h: SimHub;
  let auth: { authorization: string };
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await startSimHub({ seed: 4 });
    auth = { authorization: `Bearer ${h.apiKey}` };
  });
  afterAll(async () => h?.close());

  it('seeds the store from the fleet file and never answers a secret', async () => {
    const res = await call('GET', '/v1/connections');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    const hs = items.find((c) => c.id === 'httpsms-cloud')!;
    expect(hs).toMatchObject({ kind: 'httpsms', secrets: ['apiKey', 'webhookSigningKey'], devices: ['moto-g'] });
    const sg = items.find((c) => c.id === 'sms-gate-pixel-7')!;
    expect(sg.secrets).toEqual(['auth.password', 'webhookSigningKey']);
    expect(sg.settings).toMatchObject({ auth: { type: 'basic' } });
    const secretsOf = (o: Record<string, unknown>): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object'
          ? secretsOf(v as Record<string, unknown>)
          : /key|secret|password/i.test(k)
            ? [String(v)]
            : [],
      );
    const secrets = (await h.store.connections.list()).flatMap((c) => secretsOf(c.connection));
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(res.body).not.toContain(secret);
  });

  it('adds a connection, merges a change without its secrets, and refuses a taken id or a bad field', async () => {
    const body = {
      id: 'tb-extra',
      connection: { kind: 'textbee', apiKey: 'tb_extra_key_123', webhookSigningSecret: 'whsec_extra_0123456789abcdef' },
    };
    const added = await call('POST', '/v1/connections', body);
    expect(added.statusCode).toBe(201);
    expect(added.body).not.toContain('tb_extra_key_123');
    expect(added.json()).toMatchObject({
      id: 'tb-extra',
      delivery: 'at-most-once',
      secrets: ['apiKey', 'webhookSigningSecret'],
    });
    expect((await call('POST', '/v1/connections', body)).json().error).toMatchObject({
      code: 'SMSFLEET_ERR_ALREADY_EXISTS',
      field: 'id',
    });
    const bad = await call('POST', '/v1/connections', { id: 'Bad Id', connection: { kind: 'textbee' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['body.id', 'body.connection.apiKey']),
    );
    const patched = await call('PATCH', '/v1/connections/tb-extra', {
      delivery: 'at-least-once',
      settings: { baseUrl: 'https://tb.example.com' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      delivery: 'at-least-once',
      settings: { baseUrl: 'https://tb.example.com' },
    });
    expect((await h.store.connections.get('tb-extra'))!.connection).toMatchObject({ apiKey: 'tb_extra_key_123' });
    const badPatch = await call('PATCH', '/v1/connections/tb-extra', { settings: { baseUrl: 'not a url' } });
    expect(badPatch.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body.settings.baseUrl' });
    expect(h.app.pipeline.fleet.forConnection('tb-extra')).toBeDefined();
  });

  it('adds, changes and removes a device, refusing to remove a connection still in use', async () => {
    const dev = { id: 'spare', name: 'Spare', connectionId: 'tb-extra', gatewayDeviceId: 'x1', sims: [{ slot: 1 }] };
    const noConn = await call('POST', '/v1/devices', { ...dev, connectionId: 'nope' });
    expect(noConn.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'connectionId' });
    expect((await call('POST', '/v1/devices', dev)).statusCode).toBe(201);
    expect((await call('POST', '/v1/devices', dev)).json().error.code).toBe('SMSFLEET_ERR_ALREADY_EXISTS');
    expect(h.app.pipeline.fleet.connectionOf('spare')).toBe('tb-extra');
    const inUse = await call('DELETE', '/v1/connections/tb-extra');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('SMSFLEET_ERR_CONNECTION_IN_USE');
    const patched = await call('PATCH', '/v1/devices/spare', {
      sims: [{ slot: 1, segmentsPerMinute: 5, enabled: false }],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      gatewayDeviceId: 'x1',
      sims: [{ slot: 1, segmentsPerMinute: 5, enabled: false }],
    });
    expect((await call('DELETE', '/v1/devices/spare')).statusCode).toBe(204);
    expect((await call('DELETE', '/v1/devices/spare')).statusCode).toBe(404);
    expect(h.app.pipeline.fleet.has('spare')).toBe(false);
    expect((await call('DELETE', '/v1/connections/tb-extra')).statusCode).toBe(204);
    expect(h.app.pipeline.fleet.forConnection('tb-extra')).toBeUndefined();
  });

  it("keeps the hub's pending health transitions out of the device answers", async () => {
    const at = new Date(h.app.clock.now()).toISOString();
    await h.store.devices.update('redmi-12', (d) => ({
      ...d,
      healthChanges: [{ eventId: 'evt_x', health: 'offline', previousHealth: 'online', at, reason: 'test' }],
      healthChangesClaimedUntil: at,
    }));
    const listed = (await call('GET', '/v1/devices')).json().items.find((d: { id: string }) => d.id === 'redmi-12');
    expect(listed).toMatchObject({ id: 'redmi-12' });
    expect(listed).not.toHaveProperty('healthChanges');
    expect(listed).not.toHaveProperty('healthChangesClaimedUntil');
  });

  it('takes no health readings from a device body: the phone and the hub report them', async () => {
    const dev = {
      id: 'vitals',
      name: 'Vitals',
      connectionId: 'textbee-cloud',
      gatewayDeviceId: 'v1',
      sims: [{ slot: 1 }],
    };
    const made = await call('POST', '/v1/devices', {
      ...dev,
      batteryLevel: 3,
      lastHeartbeatAt: '2020-01-01T00:00:00Z',
    });
    expect(made.statusCode).toBe(201);
    const stored = await h.store.devices.get('vitals');
    expect(stored).toMatchObject({ id: 'vitals' });
    expect(stored).not.toHaveProperty('batteryLevel');
    expect(stored).not.toHaveProperty('lastHeartbeatAt');
    await call('DELETE', '/v1/devices/vitals');
  });

  it('refuses to remove a phone holding a text it has not sent yet', async () => {
    const m = await call('POST', '/v1/messages', { to: '+14155550100', body: 'hold', deviceId: 'redmi-12' });
    expect(m.statusCode).toBe(202);
    await h.store.messages.update(m.json().id, (cur) => ({
      message: { ...cur, status: 'pending', from: { deviceId: 'redmi-12', sim: 1 } },
      events: [],
    }));
    const res = await call('DELETE', '/v1/devices/redmi-12');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_DEVICE_BUSY', field: 'id' });
    expect(await h.store.devices.get('redmi-12')).toBeDefined();
  });

  it.each([
    ['sms-gate-pixel-7', 'pixel-7', []],
    ['httpsms-cloud', '+15550300001', ['+15550300001']],
    ['textbee-cloud', 'redmi-12', ['+15550400001']],
  ])('discovers the phones of %s in the gateway wire format', async (connectionId, expected, numbers) => {
    const res = await call('POST', '/v1/connections/discover', { connectionId });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ gatewayDeviceId: string; name: string; numbers: string[] }>;
    const hit = items.find((p) => p.gatewayDeviceId === expected || p.name === expected);
    expect(hit).toBeDefined();
    expect(hit!.numbers).toEqual(numbers);
  });

  it('discovers with credentials given in the request, and names a gateway that cannot list its phones', async () => {
    const tb = h.fleet.gateways.textbee;
    const res = await call('POST', '/v1/connections/discover', {
      connection: { kind: 'textbee', baseUrl: tb.baseUrl, apiKey: tb.credentials.apiKey, webhookSigningSecret: 'x' },
    });
    expect(res.json().items).toEqual([
      expect.objectContaining({ gatewayDeviceId: 'redmi-12', deviceId: 'redmi-12', suggested: expect.any(Object) }),
    ]);
    const wrong = await call('POST', '/v1/connections/discover', {
      connection: { kind: 'textbee', baseUrl: tb.baseUrl, apiKey: 'wrong', webhookSigningSecret: 'x' },
    });
    expect(wrong.statusCode).toBe(502);
    const none = await call('POST', '/v1/connections/discover', { connectionId: 'mysmsgate-cloud' });
    expect(none.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'connection.kind' });
  });
});
