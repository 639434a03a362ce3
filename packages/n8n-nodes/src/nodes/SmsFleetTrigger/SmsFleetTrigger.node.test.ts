import { failureByCode } from '@smsfleet/core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import { SmsFleetApi } from '../../credentials/SmsFleetApi.credentials';
import { deliverToWebhook, engine, hookMethods, type Engine } from '../../testing/engine';
import { FAST, hookServer, trigger, until, type Hit } from '../../testing/n8n-rig';
import { SmsFleet } from '../SmsFleet/SmsFleet.node';
import { SmsFleetTrigger } from './SmsFleetTrigger.node';

describe('SmsFleet Trigger in the real n8n engine, against a real hub', () => {
  let demo: Demo;
  let env: Engine;
  let hook: Awaited<ReturnType<typeof hookServer>>;
  let hits: Hit[];
  let hookUrl = '';

  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 32, timing: FAST });
    hook = await hookServer();
    hits = hook.hits;
    hookUrl = `${hook.base}/webhook`;
    env = engine(
      [new SmsFleet(), new SmsFleetTrigger()],
      { smsfleetApi: new SmsFleetApi() },
      { smsfleetApi: { baseUrl: demo.url, apiKey: demo.apiKey } },
      hook.base,
    );
  });
  afterAll(async () => {
    await demo.close();
    await hook.close();
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
  const hitFor = (id: string, status: string) =>
    until(`${status} webhook for ${id}`, () =>
      hits.find((x) => {
        const e = JSON.parse(x.body);
        return e.data?.messageId === id && e.data?.status === status;
      }),
    );
  const deliver = (nodes: ReturnType<typeof trigger>[], staticData: object, hit: Hit) =>
    deliverToWebhook(env, {
      nodes,
      nodeName: 'Trigger',
      staticData: staticData as never,
      headers: hit.headers as never,
      rawBody: hit.body,
    });

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

  it('a delivered and a failed status each start the workflow; a forged or old signature gets 401', async () => {
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

  it('asks the hub for inbound texts by sender and keyword: only those reach the workflow', async () => {
    const nodes = [trigger({ event: 'smsReceived', keyword: 'yes, confirm', from: '+1 415 555 0162' })];
    const control = [trigger({ event: 'smsReceived', keyword: '', from: '' })];
    const h = hookMethods(env, nodes, 'Trigger', {});
    await h.create();
    const data = h.workflow.getStaticData('node', nodes[0]!) as { subscriptionId: string };
    const sub = (await subs()).find((s) => s.id === data.subscriptionId) as unknown as Record<string, unknown>;
    expect(sub).toMatchObject({ from: ['+14155550162'], keywords: ['YES', 'CONFIRM'] });
    // A second trigger (another workflow) with no filter: it sees every text, so we know when all were published.
    const all = hookMethods(env, control, 'Trigger', {});
    await all.create();
    try {
      const phone = demo.fleet.phone('pixel-7');
      phone.receiveSms('+14155550162', 'No thanks', 1); // right sender, wrong word
      phone.receiveSms('+14155550163', 'Yes please', 1); // right word, wrong sender
      phone.receiveSms('+14155550162', 'Yes please', 1);
      const inbound = () => hits.filter((x) => JSON.parse(x.body).type === 'sms.received');
      await until('all four deliveries', () => (inbound().length >= 4 ? true : undefined));
      // Both subscriptions share the URL: each event reaches each subscription at most once, so four means the
      // unfiltered one got all three and the filtered one only the text it asked for.
      const bodies = inbound().map((x) => JSON.parse(x.body).data as { from: string; body: string });
      expect(bodies.filter((b) => b.from === '+14155550162' && b.body === 'Yes please')).toHaveLength(2);
      expect(bodies).toHaveLength(4); // three to the unfiltered trigger, one to the filtered one
      const wanted = inbound().find((x) => {
        const d = JSON.parse(x.body).data as { from: string; body: string };
        return d.from === '+14155550162' && d.body === 'Yes please';
      })!;
      const run = await deliver(nodes, h.workflow.staticData, wanted);
      expect(run.response.workflowData![0]![0]!.json).toMatchObject({
        event: 'sms.received',
        from: '+14155550162',
        body: 'Yes please',
      });
    } finally {
      await h.delete();
      await all.delete();
    }
  });

  it('refuses a delivery when it has no secret or no raw body, even with good headers', async () => {
    const nodes = [trigger({ event: 'statusChanged', statuses: ['delivered'] })];
    const h = hookMethods(env, nodes, 'Trigger', {});
    await h.create();
    try {
      const id = await send('+14155550164');
      const hit = await hitFor(id, 'delivered');
      // The workflow's static data as if the secret had been lost (it is kept per node).
      const noSecret = JSON.parse(JSON.stringify(h.workflow.staticData)) as Record<string, Record<string, unknown>>;
      for (const node of Object.values(noSecret)) delete node.secret;
      const lost = await deliver(nodes, noSecret, hit);
      expect(lost.res.statusCode).toBe(401);
      expect(lost.response.workflowData).toBeUndefined();
      const { 'webhook-signature': _sig, ...unsigned } = hit.headers;
      const bare = await deliver(nodes, h.workflow.staticData, { ...hit, headers: unsigned });
      expect(bare.res.statusCode).toBe(401);
    } finally {
      await h.delete();
    }
  });
});
