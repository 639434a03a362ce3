import { failureByCode } from '@smsfleet/core';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import zapier from 'zapier-platform-core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import App from './index';

const { validateApp, compileApp } = require('zapier-platform-core/src/tools/schema') as {
  validateApp(a: unknown): { property: string; message: string }[];
  compileApp(a: unknown): unknown;
};
const appTester = zapier.createAppTester(App);
const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Zapier's side of a REST hook: a URL that records what the hub POSTs to it. */
async function hookTarget(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/standard/1/abc`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const until = async <T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('Zapier integration against a real hub', () => {
  let demo: Demo;
  let authData: { baseUrl: string; apiKey: string };
  const api = async (path: string) =>
    (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<any>;

  beforeAll(async () => {
    demo = await startDemo({
      env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_FLEET_NAME: 'Acme phones' },
      seed: 21,
      timing: FAST,
    });
    authData = { baseUrl: demo.url, apiKey: demo.apiKey };
  });
  afterAll(async () => {
    await demo.close();
  });

  it("passes Zapier's own schema validation, which does catch a broken definition", () => {
    expect(validateApp(compileApp(App))).toEqual([]);
    const broken = {
      ...App,
      creates: { ...App.creates, send_sms: { ...App.creates.send_sms, display: { label: 'x' } } },
    };
    expect(validateApp(compileApp(broken)).length).toBeGreaterThan(0);
  });

  it("tests the connection and labels it with the fleet's name", async () => {
    const me = (await appTester(App.authentication.test as never, { authData } as never)) as {
      fleetName: string;
      keyName: string;
    };
    expect(me).toMatchObject({ fleetName: 'Acme phones', keyName: 'demo' });
    expect(App.authentication.connectionLabel).toBe('{{fleetName}} ({{keyName}})');
  });

  it('gives a clear auth error for a bad key', async () => {
    await expect(
      appTester(App.authentication.test as never, { authData: { ...authData, apiKey: 'sf_live_wrong' } } as never),
    ).rejects.toMatchObject({ name: 'AppError', message: expect.stringMatching(/refused the API key/) });
  });

  it('subscribes, receives real signed delivered and failed events, and unsubscribes', async () => {
    const target = await hookTarget();
    try {
      const op = App.triggers.message_status_changed.operation;
      const sub = (await appTester(
        op.performSubscribe as never,
        { authData, targetUrl: target.url, inputData: { statuses: ['delivered', 'failed'] } } as never,
      )) as { id: string; secret: string };
      expect(sub.id).toMatch(/^sub_/);
      expect((await api('/v1/webhooks')).items.map((s: { id: string }) => s.id)).toContain(sub.id);

      const ok = (await appTester(
        App.creates.send_sms.operation.perform as never,
        {
          authData,
          inputData: { to: '+14155550131', message: 'Your order ships today', reference: 'order-77' },
        } as never,
      )) as { id: string };
      const bad = (await appTester(
        App.creates.send_sms.operation.perform as never,
        { authData, inputData: { to: '+14155559991', message: 'Hello', deviceId: 'moto-g' } } as never,
      )) as { id: string };
      const hitFor = (id: string) => target.hits.find((h) => JSON.parse(h.body).data.messageId === id);
      const items = [];
      for (const id of [ok.id, bad.id]) {
        const hit = await until(`hook for ${id}`, () => hitFor(id));
        const out = (await appTester(
          op.perform as never,
          {
            authData,
            subscribeData: sub,
            cleanedRequest: JSON.parse(hit.body),
            rawRequest: { headers: hit.headers, content: hit.body },
          } as never,
        )) as Record<string, unknown>[];
        items.push(out[0]);
      }
      expect(items[0]).toMatchObject({
        id: `${ok.id}:delivered`,
        messageId: ok.id,
        status: 'delivered',
        reference: 'order-77',
        to: '+14155550131',
      });
      // The catalogue's words, the same on every gateway (not the gateway's own, which differ).
      expect(items[1]).toMatchObject({
        id: `${bad.id}:failed`,
        status: 'failed',
        failureCategory: 'invalid_number',
        failureReason: failureByCode('RESULT_NETWORK_REJECT')!.explanation,
      });
      expect(target.hits.every((h) => ['delivered', 'failed'].includes(JSON.parse(h.body).data.status))).toBe(true); // the filter went to the hub

      const hit = hitFor(ok.id)!;
      await expect(
        appTester(
          op.perform as never,
          {
            authData,
            subscribeData: sub,
            cleanedRequest: JSON.parse(hit.body),
            rawRequest: { headers: hit.headers, content: hit.body.replace('delivered', 'failed') },
          } as never,
        ),
      ).rejects.toMatchObject({ message: expect.stringMatching(/signature/) });

      await appTester(op.performUnsubscribe as never, { authData, subscribeData: sub } as never);
      expect((await api('/v1/webhooks')).items.map((s: { id: string }) => s.id)).not.toContain(sub.id);
    } finally {
      await target.close();
    }
  });

  it("lists real recent items in the hook's shape", async () => {
    const sent = (await appTester(
      App.creates.send_sms.operation.perform as never,
      { authData, inputData: { to: '+14155550132', message: 'Listed' } } as never,
    )) as { id: string };
    await until('delivered', async () =>
      (await api(`/v1/messages/${sent.id}`)).message.status === 'delivered' ? true : undefined,
    );
    const list = (await appTester(
      App.triggers.message_status_changed.operation.performList as never,
      { authData, inputData: { statuses: ['delivered'] } } as never,
    )) as { id: string; status: string }[];
    expect(list.find((i) => i.id === `${sent.id}:delivered`)).toMatchObject({
      status: 'delivered',
      to: '+14155550132',
    });
    expect(list.every((i) => i.status === 'delivered')).toBe(true);

    demo.fleet.phone('pixel-7').receiveSms('+14155550133', 'Hello there', 1);
    const inbox = await until('inbound', async () => {
      const l = (await appTester(
        App.triggers.inbound_sms.operation.performList as never,
        { authData, inputData: {} } as never,
      )) as { from: string }[];
      return l.some((i) => i.from === '+14155550133') ? l : undefined;
    });
    expect(inbox.find((i) => i.from === '+14155550133')).toMatchObject({ body: 'Hello there', deviceId: 'pixel-7' });
    const devices = (await appTester(App.triggers.device.operation.perform as never, { authData } as never)) as {
      id: string;
    }[];
    expect(devices.map((d) => d.id).sort()).toEqual(['galaxy-a54', 'moto-g', 'nokia-g42', 'pixel-7', 'redmi-12']);
  });

  it('sends a text tracked to delivered, and a repeat with the same idempotency key texts nobody twice', async () => {
    const input = {
      to: '+14155550134',
      message: 'Only once',
      idempotencyKey: 'zap-run-1',
      deviceId: 'nokia-g42',
      sim: '2',
    };
    const a = (await appTester(
      App.creates.send_sms.operation.perform as never,
      { authData, inputData: input } as never,
    )) as { id: string; status: string };
    const b = (await appTester(
      App.creates.send_sms.operation.perform as never,
      { authData, inputData: input } as never,
    )) as { id: string };
    expect(b.id).toBe(a.id);
    const m = await until('delivered', async () => {
      const x = (await api(`/v1/messages/${a.id}`)).message;
      return x.status === 'delivered' ? x : undefined;
    });
    expect(m.from).toMatchObject({ deviceId: 'nokia-g42', sim: 2 });
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550134')).toHaveLength(1);
  });

  it('gives a clear field error for a bad number', async () => {
    await expect(
      appTester(
        App.creates.send_sms.operation.perform as never,
        { authData, inputData: { to: '12', message: 'x' } } as never,
      ),
    ).rejects.toMatchObject({ name: 'AppError', message: expect.stringMatching(/\(to: /) });
    // The hub names the text `body.body`; the Zap user knows it as the Message field.
    await expect(
      appTester(
        App.creates.send_sms.operation.perform as never,
        { authData, inputData: { to: '+14155550136', message: '' } } as never,
      ),
    ).rejects.toMatchObject({ name: 'AppError', message: expect.stringMatching(/\(message: /) });
  });

  it('finds messages by id and reference and contacts, and misses cleanly', async () => {
    const sent = (await appTester(
      App.creates.send_sms.operation.perform as never,
      { authData, inputData: { to: '+14155550135', message: 'Find me', reference: 'find-me-1' } } as never,
    )) as { id: string };
    const byId = (await appTester(
      App.searches.find_message.operation.perform as never,
      { authData, inputData: { id: sent.id } } as never,
    )) as { id: string }[];
    expect(byId[0]).toMatchObject({ id: sent.id, reference: 'find-me-1' });
    const byRef = (await appTester(
      App.searches.find_message.operation.perform as never,
      { authData, inputData: { reference: 'find-me-1' } } as never,
    )) as { id: string }[];
    expect(byRef.map((m) => m.id)).toEqual([sent.id]);
    expect(
      await appTester(
        App.searches.find_message.operation.perform as never,
        { authData, inputData: { id: 'msg_nope' } } as never,
      ),
    ).toEqual([]);
    expect(
      await appTester(
        App.searches.find_message.operation.perform as never,
        { authData, inputData: { reference: 'nothing-like-it' } } as never,
      ),
    ).toEqual([]);

    const c = (await appTester(
      App.searches.find_contact.operation.perform as never,
      { authData, inputData: { phone: '+14155550135' } } as never,
    )) as { optedOut: boolean }[];
    expect(c).toEqual([expect.objectContaining({ phone: '+14155550135', optedOut: false })]);
    expect(
      await appTester(
        App.searches.find_contact.operation.perform as never,
        { authData, inputData: { phone: '+14155550199' } } as never,
      ),
    ).toEqual([]);
  });

  it('cancels a scheduled text', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const sent = (await appTester(
      App.creates.send_sms.operation.perform as never,
      { authData, inputData: { to: '+14155550136', message: 'Later', sendAt: later } } as never,
    )) as { id: string; status: string };
    expect(sent.status).toBe('scheduled');
    const c = (await appTester(
      App.creates.cancel_message.operation.perform as never,
      { authData, inputData: { id: sent.id } } as never,
    )) as { status: string };
    expect(c.status).toBe('cancelled');
  });
});

describe("Zapier integration and the hub's rate limit", () => {
  it('turns 429 into a ThrottledError', async () => {
    const demo = await startDemo({
      env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1' },
      seed: 22,
    });
    try {
      const authData = { baseUrl: demo.url, apiKey: demo.apiKey };
      await appTester(App.authentication.test as never, { authData } as never);
      await expect(appTester(App.authentication.test as never, { authData } as never)).rejects.toMatchObject({
        name: 'ThrottledError',
      });
    } finally {
      await demo.close();
    }
  });
});
