import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { failureByCode } from '@smsfleet/core';
import { join } from 'node:path';
import type { IConnections, INode, IRun } from 'n8n-workflow';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import { SmsFleetApi } from '../credentials/SmsFleetApi.credentials';
import { SmsFleet } from './SmsFleet/SmsFleet.node';
import { SmsFleetTrigger } from './SmsFleetTrigger/SmsFleetTrigger.node';
import { deliverToWebhook, engine, hookMethods, PKG, runWorkflow, type Engine } from '../testing/engine';

const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};
const start: INode = { id: 's', name: 'Start', type: `${PKG}.start`, typeVersion: 1, position: [0, 0], parameters: {} };
const sms = (parameters: INode['parameters'], extra: Partial<INode> = {}): INode => ({
  id: 'n',
  name: 'SmsFleet',
  type: `${PKG}.smsFleet`,
  typeVersion: 1,
  position: [200, 0],
  parameters,
  credentials: { smsfleetApi: { id: '1', name: 'hub' } },
  ...extra,
});
const link: IConnections = { Start: { main: [[{ node: 'SmsFleet', type: 'main' as never, index: 0 }]] } };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
const output = (run: IRun) => run.data.resultData.runData.SmsFleet?.at(-1)?.data?.main?.[0] ?? [];

describe('SmsFleet node in the real n8n engine, against a real hub', () => {
  let demo: Demo;
  let env: Engine;
  const api = async (path: string) =>
    (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<any>;
  const truthFor = (to: string) => demo.fleet.truth.messages().filter((t) => t.recipient === to);

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 31, timing: FAST });
    env = engine(
      [new SmsFleet(), new SmsFleetTrigger()],
      { smsfleetApi: new SmsFleetApi() },
      { smsfleetApi: { baseUrl: demo.url, apiKey: demo.apiKey } },
    );
  });
  afterAll(async () => {
    await demo.close();
  });

  it("sends to three recipients with one bad number: two go out, one item errors with the hub's code", async () => {
    const node = sms({
      resource: 'message',
      operation: 'send',
      to: '={{ ["+14155550141", "12", "+14155550142"][$json.i] }}',
      text: '=Hello {{$json.i}}',
      options: { reference: '=ref-{{$json.i}}' },
    });
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: items(3),
      executionId: 'exec-plain',
    });
    const err = run.data.resultData.error as { message: string; httpCode?: string } | undefined;
    expect(err?.message).toMatch(/^SMSFLEET_ERR_INVALID_PHONE: .*\(to: /);
    expect(err?.httpCode).toBe('400');
    expect(truthFor('+14155550141')).toHaveLength(1); // item 0 went out before item 1 stopped the node
  });

  it("names the node's own parameter in a hub error: the hub's `body.body` is the Text parameter", async () => {
    const node = sms({ resource: 'message', operation: 'send', to: '+14155550140', text: '={{ "" }}', options: {} });
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: items(1),
      executionId: 'exec-empty-text',
    });
    expect((run.data.resultData.error as { message: string } | undefined)?.message).toMatch(
      /^SMSFLEET_ERR_VALIDATION: .*\(text: /,
    );
    expect(truthFor('+14155550140')).toHaveLength(0);
  });

  it('with continue-on-fail, keeps going: every item has pairedItem and the bad one carries the error', async () => {
    const node = sms(
      {
        resource: 'message',
        operation: 'send',
        to: '={{ ["+14155550143", "12", "+14155550144"][$json.i] }}',
        text: 'Hi',
        options: { reference: 'cof' },
      },
      { continueOnFail: true },
    );
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: items(3),
      executionId: 'exec-cof',
    });
    const out = output(run);
    expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(out[0]!.json).toMatchObject({ to: '+14155550143', status: 'queued', reference: 'cof' });
    expect(out[1]!.json.error).toMatch(/SMSFLEET_ERR_INVALID_PHONE/);
    expect(out[2]!.json).toMatchObject({ to: '+14155550144', status: 'queued' });
  });

  it('with retry-on-fail, which re-runs the whole node, nobody receives a text twice', async () => {
    const node = sms(
      {
        resource: 'message',
        operation: 'send',
        to: '={{ ["+14155550145", "+14155550146", "12"][$json.i] }}',
        text: 'Once',
        options: {},
      },
      { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
    );
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: items(3),
      executionId: 'exec-retry',
    });
    expect(run.data.resultData.error).toBeDefined(); // the bad number fails on every try
    // Wait for both texts to reach the phones (an event, however busy the machine), then give a wrong second one time.
    for (let i = 0; i < 400 && !(truthFor('+14155550145').length && truthFor('+14155550146').length); i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    expect(truthFor('+14155550145')).toHaveLength(1);
    expect(truthFor('+14155550146')).toHaveLength(1);
    const msgs = (await api('/v1/messages?to=%2B14155550145')).items;
    expect(msgs).toHaveLength(1);
  });

  it('sends to several recipients of one item with expressions, from a chosen device and SIM', async () => {
    const node = sms({
      resource: 'message',
      operation: 'send',
      to: '+14155550147, +14155550148',
      text: '={{"Order " + $json.order + " ships today"}}',
      options: { deviceId: 'nokia-g42', sim: 2, reference: 'multi' },
    });
    const run = await runWorkflow(env, {
      nodes: [start, node],
      connections: link,
      startNode: 'Start',
      input: [{ json: { order: 'A-1' } }],
      executionId: 'exec-multi',
    });
    const out = output(run);
    expect(out.map((o) => [o.json.to, o.json.body, o.pairedItem])).toEqual([
      ['+14155550147', 'Order A-1 ships today', { item: 0 }],
      ['+14155550148', 'Order A-1 ships today', { item: 0 }],
    ]);
    expect(out[0]!.json.requested).toEqual({ deviceId: 'nokia-g42', sim: 2 });
  });

  it('gets, lists with filters and pagination, cancels, and reads contacts and metrics', async () => {
    const one = async (parameters: INode['parameters'], input = items(1)) => {
      const run = await runWorkflow(env, {
        nodes: [start, sms(parameters)],
        connections: link,
        startNode: 'Start',
        input,
        executionId: `exec-${Math.random()}`,
      });
      if (run.data.resultData.error) throw run.data.resultData.error;
      return output(run);
    };
    const [sent] = await one({
      resource: 'message',
      operation: 'send',
      to: '+14155550149',
      text: 'Later',
      options: { sendAt: new Date(Date.now() + 3600_000).toISOString(), reference: 'ops-1' },
    });
    expect(sent!.json.status).toBe('scheduled');
    const [got] = await one({ resource: 'message', operation: 'get', messageId: sent!.json.id as string });
    expect(got!.json).toMatchObject({
      id: sent!.json.id,
      reference: 'ops-1',
      events: [expect.objectContaining({ status: 'scheduled' })],
    });
    await one({
      resource: 'message',
      operation: 'send',
      to: '+14155550151, +14155550152, +14155550153',
      text: 'Batch',
      options: { reference: 'ops-batch' },
    });
    const many = await one({ resource: 'message', operation: 'getAll', returnAll: false, limit: 3, filters: {} });
    expect(many).toHaveLength(3);
    const all = await one({
      resource: 'message',
      operation: 'getAll',
      returnAll: true,
      filters: { reference: 'ops-1', status: ['scheduled'] },
    });
    expect(all.map((o) => o.json.id)).toEqual([sent!.json.id]);
    const [cancelled] = await one({ resource: 'message', operation: 'cancel', messageId: sent!.json.id as string });
    expect(cancelled!.json.status).toBe('cancelled');

    const [out] = await one({ resource: 'contact', operation: 'optOut', phone: '+14155550150' });
    expect(out!.json).toMatchObject({ phone: '+14155550150', optedOut: true });
    const [status] = await one({ resource: 'contact', operation: 'get', phone: '+14155550150' });
    expect(status!.json.optedOut).toBe(true);
    const refused = await runWorkflow(env, {
      nodes: [start, sms({ resource: 'message', operation: 'send', to: '+14155550150', text: 'x', options: {} })],
      connections: link,
      startNode: 'Start',
      input: items(1),
      executionId: 'exec-optout',
    });
    expect((refused.data.resultData.error as { message: string }).message).toMatch(/^SMSFLEET_ERR_OPTED_OUT/);
    const [back] = await one({ resource: 'contact', operation: 'optIn', phone: '+14155550150' });
    expect(back!.json.optedOut).toBe(false);
    const [metrics] = await one({ resource: 'metrics', operation: 'get', metricFilters: {} });
    expect(metrics!.json).toMatchObject({ messages: expect.any(Number), deliveryRate: expect.anything() });
    expect(metrics!.json.messages as number).toBeGreaterThan(0);
  });

  it('loads devices and SIMs for the dropdowns from the hub', async () => {
    const node = new SmsFleet();
    const ctx = {
      getCredentials: async () => ({ baseUrl: demo.url, apiKey: demo.apiKey }),
      getNode: () => sms({}),
      getCurrentNodeParameter: () => ({ deviceId: 'pixel-7' }),
      helpers: {
        httpRequestWithAuthentication: async (_: string, o: { url: string; qs?: object }) => {
          const r = await fetch(o.url, { headers: { authorization: `Bearer ${demo.apiKey}` } });
          return { statusCode: r.status, body: await r.json() };
        },
      },
    };
    const devices = await node.methods.loadOptions.getDevices.call(ctx as never);
    expect(devices.map((d) => d.value).sort()).toEqual(['galaxy-a54', 'moto-g', 'nokia-g42', 'pixel-7', 'redmi-12']);
    const sims = await node.methods.loadOptions.getSims.call(ctx as never);
    expect(sims).toEqual([
      { name: 'SIM 1 (+15550100001)', value: 1 },
      { name: 'SIM 2 (+15550100002)', value: 2 },
    ]);
  });
});

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('SmsFleet Trigger in the real n8n engine, against a real hub', () => {
  let demo: Demo;
  let env: Engine;
  let server: Server;
  const hits: Hit[] = [];
  let hookUrl = '';

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 32, timing: FAST });
    server = createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => {
        b += c.toString();
      });
      req.on('end', () => {
        hits.push({ headers: req.headers, body: b });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`;
    env = engine(
      [new SmsFleet(), new SmsFleetTrigger()],
      { smsfleetApi: new SmsFleetApi() },
      { smsfleetApi: { baseUrl: demo.url, apiKey: demo.apiKey } },
      `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    );
  });
  afterAll(async () => {
    await demo.close();
    await new Promise((r) => server.close(r));
  });

  const trigger = (parameters: INode['parameters']): INode => ({
    id: 't',
    name: 'Trigger',
    type: `${PKG}.smsFleetTrigger`,
    typeVersion: 1,
    position: [0, 0],
    parameters,
    webhookId: 'hook-1',
    credentials: { smsfleetApi: { id: '1', name: 'hub' } },
  });
  const subs = async () =>
    (
      (await (
        await fetch(`${demo.url}/v1/webhooks`, { headers: { authorization: `Bearer ${demo.apiKey}` } })
      ).json()) as { items: { id: string; url: string; statuses?: string[] }[] }
    ).items;
  // httpSMS (moto-g) words its failures its own way: the trigger must still give the catalogue's words.
  const send = async (to: string) =>
    (
      (await (
        await fetch(`${demo.url}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ to, body: 'Hi', reference: `ref-${to}`, deviceId: 'moto-g' }),
        })
      ).json()) as { id: string }
    ).id;
  const hitFor = async (id: string, status: string) => {
    for (let i = 0; i < 200; i++) {
      const h = hits.find((x) => {
        const e = JSON.parse(x.body);
        return e.data?.messageId === id && e.data?.status === status;
      });
      if (h) return h;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${status} webhook for ${id}`);
  };

  it('activation creates the hub subscription, checkExists sees it, deactivation deletes it', async () => {
    const staticData = {};
    const nodes = [trigger({ event: 'statusChanged', statuses: ['delivered', 'failed'] })];
    const h = hookMethods(env, nodes, 'Trigger', staticData);
    expect(await h.checkExists()).toBe(false);
    expect(await h.create()).toBe(true);
    const data = h.workflow.getStaticData('node', nodes[0]!) as { subscriptionId: string; secret: string };
    expect(data.secret).toMatch(/^whsec_/);
    const sub = (await subs()).find((s) => s.id === data.subscriptionId);
    expect(sub).toMatchObject({
      url: `${hookUrl}/hook-1/webhook`.replace('/webhook/hook-1/webhook', '/hook-1/webhook'),
      statuses: ['delivered', 'failed'],
    });
    expect(await h.checkExists()).toBe(true);
    expect(await h.delete()).toBe(true);
    expect((await subs()).some((s) => s.id === data.subscriptionId)).toBe(false);
    expect(await h.checkExists()).toBe(false);
  });

  it('a delivered and a failed status each start the workflow with the right data; a forged or old signature gets 401', async () => {
    const nodes = [trigger({ event: 'statusChanged', statuses: ['delivered', 'failed'] })];
    const staticData = {};
    const h = hookMethods(env, nodes, 'Trigger', staticData);
    await h.create();
    const sd = h.workflow.staticData;
    try {
      const ok = await send('+14155550161');
      const bad = await send('+14155559992');
      for (const [id, status] of [
        [ok, 'delivered'],
        [bad, 'failed'],
      ] as const) {
        const hit = await hitFor(id, status);
        const { response, res } = await deliverToWebhook(env, {
          nodes,
          nodeName: 'Trigger',
          staticData: sd,
          headers: hit.headers as never,
          rawBody: hit.body,
        });
        expect(res.statusCode).toBe(200);
        const item = response.workflowData![0]![0]!.json;
        expect(item).toMatchObject({
          event: 'message.status_changed',
          messageId: id,
          status,
          reference: expect.stringMatching(/^ref-/),
        });
        // The catalogue's words, the same on every gateway (not the gateway's own, which differ).
        if (status === 'failed')
          expect(item).toMatchObject({
            failureCategory: 'invalid_number',
            failurePermanent: true,
            failureReason: failureByCode('RESULT_NETWORK_REJECT')!.explanation,
          });
      }
      const hit = await hitFor(ok, 'delivered');
      const forged = await deliverToWebhook(env, {
        nodes,
        nodeName: 'Trigger',
        staticData: sd,
        headers: hit.headers as never,
        rawBody: hit.body.replace('delivered', 'failed'),
      });
      expect(forged.res.statusCode).toBe(401);
      expect(forged.response.workflowData).toBeUndefined();
      const old = await deliverToWebhook(env, {
        nodes,
        nodeName: 'Trigger',
        staticData: sd,
        headers: { ...hit.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) } as never,
        rawBody: hit.body,
      });
      expect(old.res.statusCode).toBe(401);
    } finally {
      await h.delete();
    }
  });

  it('filters inbound texts by keyword and sender in the node', async () => {
    const nodes = [trigger({ event: 'smsReceived', keyword: 'yes', from: '' })];
    const h = hookMethods(env, nodes, 'Trigger', {});
    await h.create();
    try {
      demo.fleet.phone('pixel-7').receiveSms('+14155550162', 'Yes please', 1);
      demo.fleet.phone('pixel-7').receiveSms('+14155550163', 'No thanks', 1);
      const find = async (from: string) => {
        for (let i = 0; i < 200; i++) {
          const x = hits.find((y) => JSON.parse(y.body).data?.from === from);
          if (x) return x;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`no inbound from ${from}`);
      };
      const yes = await deliverToWebhook(env, {
        nodes,
        nodeName: 'Trigger',
        staticData: h.workflow.staticData,
        ...(await find('+14155550162')),
        rawBody: (await find('+14155550162')).body,
      } as never);
      expect(yes.response.workflowData![0]![0]!.json).toMatchObject({
        event: 'sms.received',
        from: '+14155550162',
        body: 'Yes please',
      });
      const no = await deliverToWebhook(env, {
        nodes,
        nodeName: 'Trigger',
        staticData: h.workflow.staticData,
        ...(await find('+14155550163')),
        rawBody: (await find('+14155550163')).body,
      } as never);
      expect(no.response.workflowData).toBeUndefined();
    } finally {
      await h.delete();
    }
  });
});

describe('package conventions', () => {
  it("the built dist loads through n8n-core's package loader", async () => {
    const { PackageDirectoryLoader } = require('n8n-core') as typeof import('n8n-core');
    const loader = new PackageDirectoryLoader(join(__dirname, '..', '..'));
    await loader.loadAll();
    expect(Object.keys(loader.known.nodes).sort()).toEqual(['smsFleet', 'smsFleetTrigger']);
    expect(Object.keys(loader.known.credentials)).toEqual(['smsfleetApi']);
    const sms = loader.nodeTypes.smsFleet!.type as { description: { usableAsTool?: boolean; icon: unknown } };
    expect(sms.description.usableAsTool).toBe(true);
  });

  it('has no runtime dependencies, a strict n8n block, and importable example workflows using its node types', () => {
    const pkg = require('../../package.json') as {
      dependencies?: object;
      n8n: { strict: boolean; n8nNodesApiVersion: number };
      keywords: string[];
    };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.n8n).toMatchObject({ strict: true, n8nNodesApiVersion: 1 });
    expect(pkg.keywords).toContain('n8n-community-node-package');
    const fs = require('node:fs') as typeof import('node:fs');
    const dir = join(__dirname, '..', '..', 'examples');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const wf = JSON.parse(fs.readFileSync(join(dir, f), 'utf8')) as {
        nodes: { type: string; name: string }[];
        connections: Record<string, unknown>;
      };
      const ours = wf.nodes.filter((n) => n.type.startsWith(`${PKG}.`)).map((n) => n.type);
      expect(ours.length).toBeGreaterThan(0);
      for (const t of ours) expect([`${PKG}.smsFleet`, `${PKG}.smsFleetTrigger`]).toContain(t);
      for (const from of Object.keys(wf.connections)) expect(wf.nodes.map((n) => n.name)).toContain(from);
    }
  });
});
