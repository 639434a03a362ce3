import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import type { INode } from 'n8n-workflow';
import { SmsFleetApi } from '../../credentials/SmsFleetApi.credentials';
import { engine, runWorkflow, type Engine } from '../../testing/engine';
import { FAST, items, link, output, sms, start } from '../../testing/n8n-rig';
import { SmsFleetTrigger } from '../SmsFleetTrigger/SmsFleetTrigger.node';
import { SmsFleet } from './SmsFleet.node';

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
