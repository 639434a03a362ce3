import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { GatewayConnection, Message, StatusEvent } from '@smsfleet/core';
import type { FleetConfigInput } from '../fleet';
import { rig, RIG_PHONES, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { storeCases } from '../testing/stores';
import { TOKEN_NAMESPACE, TOKEN_SHARED_WINDOW_MS } from '../tracking/token-reuse';
import { parkedQueue } from '../queues';

// Forgery across connections, for every ingress scheme, against a real hub on 127.0.0.1 with real signatures and
// fleet-sim's phones. Each forged report is correctly signed by SOME connection; none may change anything it has no
// authority over: message status and timeline, contact consent, the inbox.

const PHONES = [...RIG_PHONES, { id: 'pixel-c', gateway: 'sms-gate' as const, sims: [{ number: '+15550600001' }] }];
const OTHER = { textbee: 'textbee-other', mysmsgate: 'mysmsgate-other', httpsms: 'httpsms-other' } as const;

/** A second connection of the same kind as each shared cloud connection, with its own secret and no phone. */
function withOtherConnections(c: FleetConfigInput): FleetConfigInput {
  const conn = (id: string) => c.connections.find((x) => x.id === id)!.connection as GatewayConnection;
  const tb = conn('textbee-cloud');
  const mg = conn('mysmsgate-cloud');
  const hs = conn('httpsms-cloud');
  if (tb.kind !== 'textbee' || mg.kind !== 'mysmsgate' || hs.kind !== 'httpsms') throw new Error('unexpected fleet');
  return {
    ...c,
    connections: [
      ...c.connections,
      { id: OTHER.textbee, connection: { ...tb, webhookSigningSecret: 'another-textbee-secret-0123456789' } },
      { id: OTHER.mysmsgate, connection: { ...mg, webhookSigningSecret: 'another-mysmsgate-secret' } },
      { id: OTHER.httpsms, connection: { ...hs, webhookSigningKey: 'another-httpsms-key', webhookPhoneNumbers: [] } },
    ],
  };
}

const hmacHex = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
const unix = () => Math.floor(Date.now() / 1000);

/** Secrets of each connection, as the hub has them. */
function secretOf(r: Rig, connectionId: string): string {
  const c = r.app.pipeline.fleet.config.connections.find((x) => x.id === connectionId)!.connection;
  return c.kind === 'sms-gate' || c.kind === 'httpsms' ? c.webhookSigningKey : c.webhookSigningSecret;
}

async function post(
  r: Rig,
  connectionId: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; json: { ignored?: number; duplicates?: number; error?: { code: string } } }> {
  const res = await fetch(`${r.base}/ingress/${connectionId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { ignored?: number } };
}

const smsGate = (r: Rig, to: string, signedBy: string, body: unknown) => {
  const ts = String(unix());
  return post(r, to, body, {
    'x-timestamp': ts,
    'x-signature': hmacHex(secretOf(r, signedBy), JSON.stringify(body) + ts),
  });
};
const textbee = (r: Rig, to: string, signedBy: string, body: unknown) =>
  post(r, to, body, { 'x-signature': hmacHex(secretOf(r, signedBy), JSON.stringify(body)) });
const mySmsGate = (r: Rig, to: string, signedBy: string, body: unknown, event?: string) => {
  const ts = String(unix());
  return post(r, to, body, {
    'x-mysmsgate-timestamp': ts,
    'x-mysmsgate-signature': `sha256=${hmacHex(secretOf(r, signedBy), `${ts}.${JSON.stringify(body)}`)}`,
    ...(event ? { 'x-mysmsgate-event': event } : {}),
  });
};
function httpSmsToken(r: Rig, to: string, signedBy: string, mintedAgoS = 0): string {
  // As httpSMS mints it (HS256; aud, iss, iat, nbf, exp; nothing about the body).
  const s = unix() - mintedAgoS;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ aud: [`${r.base}/ingress/${to}`], iss: 'api.httpsms.com', iat: s, nbf: s - 600, exp: s + 600 })}`;
  return `${head}.${createHmac('sha256', secretOf(r, signedBy)).update(head).digest('base64url')}`;
}
const httpSms = (r: Rig, to: string, token: string, type: string, data: Record<string, unknown>) =>
  post(
    r,
    to,
    {
      specversion: '1.0',
      id: randomUUID(),
      source: '/v1/messages',
      type,
      datacontenttype: 'application/json',
      time: new Date().toISOString(),
      data,
    },
    { authorization: `Bearer ${token}`, 'x-event-type': type },
  );

interface Snapshot {
  status: string;
  events: string[];
}
async function snapshot(r: Rig, ids: string[]): Promise<Record<string, Snapshot>> {
  const out: Record<string, Snapshot> = {};
  for (const id of ids) {
    const m = (await r.store.messages.get(id))!;
    out[id] = {
      status: m.status,
      events: (await r.store.messages.events(id)).map((e: StatusEvent) => `${e.status}@${e.source}`),
    };
  }
  return out;
}

describe.each(storeCases())('ingress authority across connections ($name store)', (sc) => {
  let r: Rig;
  const sent: Record<string, Message> = {};
  beforeAll(async () => {
    r = await rig(
      await sc.create(),
      {},
      { phones: PHONES, fleetConfig: withOtherConnections, unregistered: Object.values(OTHER) },
    );
    for (const [i, deviceId] of ['pixel-a', 'pixel-b', 'pixel-c', 'moto', 'tb', 'mg'].entries()) {
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: `+1415555710${i}`, body: `hello ${deviceId}`, deviceId }),
      });
      sent[deviceId] = await waitForStatus(r, ((await res.json()) as Message).id, ['delivered'], 20_000);
    }
    // Every report about these messages has had its answer: the state below is final until someone forges one.
    await r.fleet.truth.waitFor(
      (t) =>
        t
          .reports()
          .filter((x) => x.messageId)
          .every((x) => x.outcome !== 'pending'),
      20_000,
      'reports settled',
    );
  }, 60_000);
  afterAll(async () => {
    await r.close();
  });

  it("ignores status reports about another connection's messages, and refuses another connection's key, changing nothing", async () => {
    const ids = Object.values(sent).map((m) => m.id);
    const before = await snapshot(r, ids);
    const refusedBefore = r.app.pipeline.processor.refusals();
    const total = () => [...r.app.pipeline.processor.refusals().values()].reduce((a, b) => a + b, 0);
    const t0 = [...refusedBefore.values()].reduce((a, b) => a + b, 0);
    const sgFailed = (deviceId: string, m: Message) => ({
      deviceId,
      event: 'sms:failed',
      id: randomUUID(),
      webhookId: 'w',
      payload: {
        messageId: m.gatewayMessageId,
        phoneNumber: m.to,
        failedAt: new Date().toISOString(),
        reason: 'forged',
      },
    });

    // sms-gate cloud: pixel-a's own key, naming pixel-c's message (the bug: it failed it).
    expect(
      (await smsGate(r, 'sms-gate-pixel-a', 'sms-gate-pixel-a', sgFailed('pixel-a', sent['pixel-c']!))).json.ignored,
    ).toBe(1);
    // ... and pixel-c's key on pixel-a's ingress: no signature of that connection.
    expect(
      (await smsGate(r, 'sms-gate-pixel-a', 'sms-gate-pixel-c', sgFailed('pixel-c', sent['pixel-c']!))).status,
    ).toBe(401);
    // sms-gate local: the phone's own key, naming a cloud phone's message.
    expect(
      (await smsGate(r, 'sms-gate-pixel-b', 'sms-gate-pixel-b', sgFailed('pixel-b', sent['pixel-a']!))).json.ignored,
    ).toBe(1);

    // httpSMS: request_id naming the textbee message (the bug: it failed it), with an id httpSMS does not know...
    const token = httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud');
    const tbm = sent.tb!;
    const failedData = (id: string, requestId: string) => ({
      id,
      request_id: requestId,
      owner: '+15550300001',
      contact: tbm.to,
      content: tbm.body,
      timestamp: new Date().toISOString(),
      error_message: 'forged',
    });
    expect(
      (await httpSms(r, 'httpsms-cloud', token, 'message.send.failed', failedData(randomUUID(), tbm.id))).json.ignored,
    ).toBe(1);
    // ... and with the real id of the httpSMS message (its API says: another request id, delivered).
    const hm = sent.moto!;
    expect(
      (await httpSms(r, 'httpsms-cloud', token, 'message.send.failed', failedData(hm.gatewayMessageId!, tbm.id))).json
        .ignored,
    ).toBe(1);
    // The same token reused with another body: the httpSMS message itself "failed" (its API says delivered).
    expect(
      (
        await httpSms(r, 'httpsms-cloud', token, 'message.send.failed', {
          ...failedData(hm.gatewayMessageId!, hm.id),
          contact: hm.to,
          content: hm.body,
        })
      ).json.ignored,
    ).toBe(1);
    // A second httpSMS connection (its own key) naming the first one's message, true in every word: not its hand-over.
    const other = httpSmsToken(r, OTHER.httpsms, OTHER.httpsms);
    expect(
      (
        await httpSms(r, OTHER.httpsms, other, 'message.phone.delivered', {
          id: hm.gatewayMessageId,
          request_id: hm.id,
          owner: '+15550300001',
          contact: hm.to,
          content: hm.body,
          timestamp: new Date().toISOString(),
        })
      ).json.ignored,
    ).toBe(1);
    expect(
      (await httpSms(r, 'httpsms-cloud', other, 'message.send.failed', failedData(hm.gatewayMessageId!, hm.id))).status,
    ).toBe(401);

    // textbee and MySMSGate: a second account's secret naming the first one's message (gateway ids scoped by connection).
    const tbFailed = {
      webhookEvent: 'MESSAGE_FAILED',
      idempotencyKey: randomUUID(),
      smsId: 'x',
      smsBatchId: tbm.gatewayMessageId,
      deviceId: 'tb',
      recipient: tbm.to,
      failedAt: new Date().toISOString(),
      errorMessage: 'forged',
    };
    expect((await textbee(r, OTHER.textbee, OTHER.textbee, tbFailed)).json.ignored).toBe(1);
    expect((await textbee(r, 'textbee-cloud', OTHER.textbee, tbFailed)).status).toBe(401);
    const mgm = sent.mg!;
    const mgFailed = {
      id: mgm.gatewayMessageId,
      status: 'failed',
      to: mgm.to,
      delivery_report: false,
      fail_reason: 'forged',
    };
    expect((await mySmsGate(r, OTHER.mysmsgate, OTHER.mysmsgate, mgFailed)).json.ignored).toBe(1);
    expect((await mySmsGate(r, 'mysmsgate-cloud', OTHER.mysmsgate, mgFailed)).status).toBe(401);

    expect(await snapshot(r, ids)).toEqual(before);
    expect(total() - t0).toBe(8);
    const metrics = await (await fetch(`${r.base}/metrics`, { headers: r.auth })).text();
    expect(metrics).toMatch(/smsfleet_ingress_reports_refused_total\{gateway="httpsms",kind="status"\} [1-9]/);
  });

  it('ignores a forged STOP through every scheme: nobody is opted out, nothing is stored', async () => {
    const victim = '+14155557199';
    const now = () => new Date().toISOString();
    const stops: Array<Promise<{ status: number; json: { ignored?: number } }>> = [];
    // sms-gate cloud and local: a phone's key, claiming another connection's phone received it.
    stops.push(
      smsGate(r, 'sms-gate-pixel-a', 'sms-gate-pixel-a', {
        deviceId: 'pixel-c',
        event: 'sms:received',
        id: randomUUID(),
        payload: { messageId: 'in-1', message: 'STOP', sender: victim, receivedAt: now() },
      }),
    );
    stops.push(
      smsGate(r, 'sms-gate-pixel-b', 'sms-gate-pixel-b', {
        deviceId: 'pixel-a',
        event: 'sms:received',
        id: randomUUID(),
        payload: { messageId: 'in-2', message: 'STOP', sender: victim, receivedAt: now() },
      }),
    );
    // httpSMS: a captured (valid) token with a received text its API never had.
    const token = httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud');
    stops.push(
      httpSms(r, 'httpsms-cloud', token, 'message.phone.received', {
        message_id: randomUUID(),
        owner: '+15550300001',
        contact: victim,
        content: 'STOP',
        timestamp: now(),
        sim: 'SIM1',
      }),
    );
    // textbee and MySMSGate: a connection with no phone of its own; and the right key claiming another connection's phone.
    stops.push(
      textbee(r, OTHER.textbee, OTHER.textbee, {
        webhookEvent: 'MESSAGE_RECEIVED',
        idempotencyKey: randomUUID(),
        smsId: 'in-3',
        deviceId: 'tb',
        sender: victim,
        message: 'STOP',
        receivedAt: now(),
      }),
    );
    stops.push(
      textbee(r, 'textbee-cloud', 'textbee-cloud', {
        webhookEvent: 'MESSAGE_RECEIVED',
        idempotencyKey: randomUUID(),
        smsId: 'in-4',
        deviceId: 'mg',
        sender: victim,
        message: 'STOP',
        receivedAt: now(),
      }),
    );
    stops.push(
      mySmsGate(
        r,
        OTHER.mysmsgate,
        OTHER.mysmsgate,
        {
          type: 'incoming',
          id: 'in-5',
          from: victim,
          to: '+15550500001',
          message: 'STOP',
          device_id: 'mg',
          received_at: now(),
        },
        'incoming',
      ),
    );
    stops.push(
      mySmsGate(
        r,
        'mysmsgate-cloud',
        'mysmsgate-cloud',
        {
          type: 'incoming',
          id: 'in-6',
          from: victim,
          to: '+15550400001',
          message: 'STOP',
          device_id: 'tb',
          received_at: now(),
        },
        'incoming',
      ),
    );
    for (const s of await Promise.all(stops)) expect(s).toMatchObject({ status: 200, json: { ignored: 1 } });
    expect((await r.store.contacts.get(victim))?.optedOut ?? false).toBe(false);
    expect((await r.store.inbound.list({ from: victim })).items).toEqual([]);
  });

  it("answers 502 when httpSMS cannot be asked, and applies the gateway's next attempt (not taken for a duplicate)", async () => {
    const adapter = r.app.pipeline.fleet.forConnection('httpsms-cloud')!.adapter as unknown as {
      confirmationFacts: (id: string) => Promise<unknown>;
    };
    const real = adapter.confirmationFacts.bind(adapter);
    let calls = 0;
    adapter.confirmationFacts = async (id) => {
      if (++calls === 1) throw new Error('connect ECONNREFUSED');
      return real(id);
    };
    const hm = sent.moto!;
    const body = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/v1/messages',
      type: 'message.phone.delivered',
      datacontenttype: 'application/json',
      time: new Date().toISOString(),
      data: {
        id: hm.gatewayMessageId,
        request_id: hm.id,
        owner: '+15550300001',
        contact: hm.to,
        content: hm.body,
        timestamp: new Date().toISOString(),
      },
    };
    const headers = {
      authorization: `Bearer ${httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud')}`,
      'x-event-type': body.type,
    };
    try {
      const first = await post(r, 'httpsms-cloud', body, headers);
      expect(first).toMatchObject({ status: 502, json: { error: { code: 'SMSFLEET_ERR_GATEWAY' } } });
      const again = await post(r, 'httpsms-cloud', body, headers);
      expect(again).toMatchObject({ status: 200, json: { duplicates: 0, ignored: 0 } });
    } finally {
      adapter.confirmationFacts = real;
    }
  });

  it('refuses (401) an httpSMS token replayed with another body after its shared window, and writes nothing', async () => {
    const victim = '+14155557166';
    const token = httpSmsToken(r, 'httpsms-cloud', 'httpsms-cloud', 7); // minted in a second no other test uses
    // The token was first seen with another body, longer ago than same-second siblings arrive.
    const digest = createHash('sha256').update(token).digest('hex');
    await r.store.bindings.claim(
      TOKEN_NAMESPACE,
      `httpsms-cloud.${digest}`,
      `${Date.now() - TOKEN_SHARED_WINDOW_MS - 1_000}:${'0'.repeat(32)}`,
      600_000,
    );
    const res = await httpSms(r, 'httpsms-cloud', token, 'message.phone.received', {
      message_id: randomUUID(),
      owner: '+15550300001',
      contact: victim,
      content: 'STOP',
      timestamp: new Date().toISOString(),
    });
    expect(res).toMatchObject({ status: 401, json: { error: { code: 'SMSFLEET_ERR_SIGNATURE_INVALID' } } });
    expect(await r.store.contacts.get(victim)).toBeUndefined();
  });

  it('parks a report that beats its hand-over with its connection, and checks it again when the tracker applies it', async () => {
    const at = new Date().toISOString();
    const m: Message = {
      id: `msg_park_${sc.name}`,
      to: '+14155557177',
      body: 'later',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      version: 0,
    };
    await r.store.messages.create(m, []);
    const report = {
      kind: 'status' as const,
      gateway: 'textbee' as const,
      gatewayMessageId: 'batch-park',
      status: 'failed' as const,
      at,
      clientId: m.id,
    };
    // Not handed over yet: parked (it may be the report of a hand-over not recorded yet), with the connection it came on.
    expect(await r.app.pipeline.processor.process(OTHER.textbee, [report], new Date())).toMatchObject({
      parked: 1,
      refused: 0,
    });
    const parked = (
      await r.store.queue.claim<{ connectionId?: string }>(
        parkedQueue('textbee', 'batch-park'),
        Date.now() + 60_000,
        50,
        60_000,
      )
    ).map((j) => j.payload);
    expect(parked).toContainEqual(
      expect.objectContaining({ gatewayMessageId: 'batch-park', connectionId: OTHER.textbee }),
    );
    // Then handed over through the other textbee connection: the parked report has no say over it.
    await r.store.messages.update(m.id, (c) => ({
      message: {
        ...c,
        status: 'pending',
        from: { deviceId: 'tb', sim: 1 },
        gateway: 'textbee',
        gatewayMessageId: 'batch-park',
      },
      events: [],
    }));
    await r.store.messages.linkGatewayId('textbee', 'batch-park', m.id);
    expect(await r.app.pipeline.processor.applyStatus(report, new Date(), OTHER.textbee)).toBe('refused');
    expect(await r.app.pipeline.processor.applyStatus(report, new Date(), undefined)).toBe('refused'); // parked before connections were recorded
    expect((await r.store.messages.get(m.id))!.status).toBe('pending');
    expect(await r.app.pipeline.processor.applyStatus(report, new Date(), 'textbee-cloud')).toBe('applied');
    expect((await r.store.messages.get(m.id))!.status).toBe('failed');
  });

  it('still takes a true STOP through httpSMS, confirmed by its API', async () => {
    const from = '+14155557188';
    r.fleet.phone('moto').receiveSms(from, 'STOP', 1);
    const end = Date.now() + 10_000;
    while (!(await r.store.contacts.get(from))?.optedOut) {
      if (Date.now() > end) throw new Error('the STOP was not applied');
      await new Promise((res) => setTimeout(res, 25));
    }
    expect((await r.store.inbound.list({ from })).items).toHaveLength(1);
  });
});
