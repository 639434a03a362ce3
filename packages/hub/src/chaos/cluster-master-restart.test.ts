import { resolve } from 'node:path';
import { connectRedis, createRedisStore, type Store } from '@smsfleet/core';
import { type Fleet, type PhoneSpec, startFleet, truthSnapshot } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import { listenOnFreePort } from '../testing/listen-free';
import { FAST } from '../testing/pipeline-rig';
import { testConfig } from '../testing/test-config';
import type { HubApp } from '../types';
import { campaignMessages, INVALID_PREFIX, runCampaign } from './campaign';
import { ChaosCluster } from './cluster-redis';
import { readHubMessages } from './hub-view';
import { judge, MUST_BE_ZERO } from './judge';
import { startEventReceiver, type EventReceiver } from './receiver';
import { resultTable } from './report';
import { waitToSettle } from './settle';

// Issue 20, "a cluster master restarted mid-campaign": two hubs on a private 3-master Cluster (appendonly + fsync
// always, as production runs it), a campaign sent as a careful client sends it, and one master killed -9 and started
// again on its port while messages are in flight. The hubs must recover by themselves; the run is judged against
// fleet-sim's ground truth as `npm run chaos -- --cluster` judges it: nothing lost, nobody texted twice, no wrong
// final status, nothing stuck. Its own Cluster, since a test must not take down the one other suites share.

const ROOT = resolve(__dirname, '../../../..');
const MESSAGES = 90;
const fast = (base: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ number: `+1555020${base + i}`, segmentsPerMinute: 1000 }));
const PHONES: PhoneSpec[] = [
  { id: 'sg-1', gateway: 'sms-gate', sims: fast(100, 2) },
  { id: 'sg-local', gateway: 'sms-gate-local', sims: fast(200, 1) },
  { id: 'hs-1', gateway: 'httpsms', sims: fast(300, 1), messagesPerMinute: 6000 },
  { id: 'tb-1', gateway: 'textbee', sims: fast(400, 1) },
  { id: 'mg-1', gateway: 'mysmsgate', sims: fast(500, 1) },
];

let cluster: ChaosCluster;
let fleet: Fleet;
let receiver: EventReceiver;
const hubs: { app: HubApp; base: string; store: Store }[] = [];
const stores: Store[] = [];
const PREFIX = `test:master-restart:${Date.now()}:`;

beforeAll(async () => {
  cluster = await ChaosCluster.start(ROOT);
  fleet = await startFleet({ seed: 20, timing: FAST, phones: PHONES, faults: { invalidPrefixes: [INVALID_PREFIX] } });
  receiver = await startEventReceiver();
  const nodes = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  for (let i = 0; i < 2; i++) {
    const conn = connectRedis({ kind: 'cluster', nodes });
    const store = createRedisStore({
      redis: conn,
      prefix: PREFIX,
      closeConnection: true,
    });
    stores.push(store);
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store, { timeoutMs: 5_000 });
    const { app, base } = await listenOnFreePort((port, url) =>
      buildApp({
        config: testConfig({
          SMSFLEET_PORT: String(port),
          SMSFLEET_PUBLIC_URL: url,
          SMSFLEET_RATE_LIMIT_PER_MIN: '1000000',
        }),
        store,
        fleet: registry,
        processMetrics: false,
        pipeline: {
          dispatcher: { idleMs: 20, pollAfterMs: 500, reconcileAfterMs: 8_000 },
          tracker: { idleMs: 20, pollEveryMs: 500 },
          // A create cut short by the outage (its send job unwritten) is finished by the sweeper, as in the chaos
          // runner (SMSFLEET_SWEEP_EVERY=10s there); its grace stays well past a create in flight.
          sweeper: { everyMs: 1_000, graceMs: 5_000 },
        },
      }),
    );
    hubs.push({ app, base, store });
    // The phones report to the first hub; both hubs dispatch.
    if (i === 0) await registry.registerWebhooks(base);
  }
}, 60_000);

afterAll(async () => {
  for (const h of hubs) await h.app.close().catch(() => undefined);
  for (const s of stores) await s.close().catch(() => undefined);
  await receiver?.close();
  await fleet?.close();
  await cluster?.stop();
});

describe('a Redis Cluster master restarted mid-campaign', () => {
  it('leaves two hubs that recover by themselves: nothing lost, nobody texted twice, nothing stuck', async () => {
    const { key: apiKey } = await createApiKey(hubs[0]!.store, 'master-restart');
    const sub = await fetch(`${hubs[0]!.base}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['message.status_changed'] }),
    });
    expect(sub.status).toBe(201);
    receiver.setSecret(((await sub.json()) as { secret: string }).secret);

    const msgs = campaignMessages(20, MESSAGES);
    const urls = hubs.map((h) => h.base);
    let accepted = 0;
    let restarted: () => void = () => undefined;
    const restartDone = new Promise<void>((r) => (restarted = r));
    let acceptedAtKill = -1;
    // The restart fires on an event of the campaign (a third of it accepted), not at a wall-clock moment.
    const onSettled = (it: { accepted: boolean }) => {
      if (it.accepted) accepted++;
      if (acceptedAtKill < 0 && accepted >= MESSAGES / 3) {
        acceptedAtKill = accepted;
        void (async () => {
          await cluster.kill();
          await cluster.start();
          restarted();
        })();
      }
    };
    const sent = await runCampaign(msgs, {
      hubs: urls,
      apiKey,
      campaign: 'master-restart',
      ratePerSec: 100,
      concurrency: 6,
      giveUpAfterMs: 120_000,
      onSettled,
    });
    await restartDone;
    expect(acceptedAtKill).toBeLessThan(MESSAGES);
    expect(sent.items.filter((i) => i.accepted)).toHaveLength(MESSAGES);

    await waitToSettle({
      urls,
      apiKey,
      campaign: 'master-restart',
      items: sent.items,
      receiver,
      truth: () => truthSnapshot(fleet),
      // Waits for events, not a margin: until every text is final with its event and the phones are idle, or until
      // nothing changed for 90 s (what is left then is stuck, not slow); the bound is for a machine under load.
      settleTimeoutS: 600,
      say: () => undefined,
    });
    const byText = new Set(msgs.map((m) => m.text));
    const j = judge({
      items: sent.items,
      hub: await readHubMessages(urls, apiKey, 'master-restart', sent.items),
      truth: truthSnapshot(fleet).messages.filter((m) => byText.has(m.text)),
      events: receiver.events,
    });
    const bad = MUST_BE_ZERO.filter((k) => j.figures[k] !== 0);
    if (bad.length > 0) {
      const q = hubs[0]!.store.queue;
      const state = {
        size: await q.size('send'),
        nextDueAt: await q.nextDueAt('send'),
        now: Date.now(),
      };
      throw new Error(`judged: ${bad.join(', ')} (send queue ${JSON.stringify(state)})\n${resultTable(j)}`);
    }
    expect(j.figures.texts).toBeGreaterThan(MESSAGES * 0.9); // the phones did the campaign
  }, 900_000);
});
