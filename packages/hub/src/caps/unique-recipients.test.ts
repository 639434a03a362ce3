import type { Message, Store } from '@smsfleet/core';
import type { PhoneSpec } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { FleetRegistry } from '../fleet';
import { storeCases, testConfig } from '../testing';
import { rig, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import type { HubApp } from '../types';

const CONTACTS = 1_000;
// Three SIMs hold 90 of the 1,000 contacts this month: 1,000 sends race for 90 slots, and the 910 that find none
// expire at once (their time to live ends before the month), so the test does not wait on 1,000 hand-overs.
const CAP = 30;
const SPM = 1_000; // segments per minute: a SIM's texts fit in one window, so nothing waits on it
const PHONES: PhoneSpec[] = [
  {
    id: 'cap-a',
    gateway: 'sms-gate',
    sims: [
      { number: '+15550700001', segmentsPerMinute: SPM },
      { number: '+15550700002', segmentsPerMinute: SPM },
    ],
  },
  { id: 'cap-b', gateway: 'sms-gate', sims: [{ number: '+15550700003', segmentsPerMinute: SPM }] },
];
const ROUTER = { burstWindowMs: 0 };
const contact = (i: number) => `+1415556${String(i).padStart(4, '0')}`;

/**
 * Carriers block a SIM that texts more distinct recipients a month than its cap (capcom6 #148). Two hubs on one
 * store send 1,000 new contacts at once through three capped SIMs of simulated phones; the phones' ground truth says
 * which SIM really texted whom.
 */
describe.each(storeCases().map((s) => [s.name, s] as const))(
  'unique-recipient caps end to end (%s store)',
  (_n, sc) => {
    let r: Rig;
    let b: HubApp;
    let storeB: Store;

    beforeAll(async () => {
      const [storeA, second] = await sc.createShared(2);
      storeB = second!;
      r = await rig(
        storeA!,
        {},
        {
          phones: PHONES,
          router: ROUTER,
          fleetConfig: (c) => ({
            ...c,
            devices: c.devices.map((d) => ({
              ...d,
              timeZone: 'Europe/Berlin',
              sims: d.sims.map((s) => ({ ...s, uniqueRecipients: { limit: CAP, period: 'month' as const } })),
            })),
          }),
        },
      );
      b = buildApp({
        config: testConfig(),
        store: storeB,
        processMetrics: false,
        fleet: await FleetRegistry.create(r.app.pipeline.fleet.config, storeB),
        pipeline: { router: ROUTER, dispatcher: { idleMs: 20, pollAfterMs: 500 }, tracker: { idleMs: 20 } },
      });
      await b.ready();
    }, 60_000);
    afterAll(async () => {
      await b?.close();
      await r?.close();
      await storeB?.close();
    });

    const bulk = async (hub: 'a' | 'b', messages: object[]): Promise<Message[]> => {
      const payload = { messages };
      if (hub === 'b') {
        const res = await b.inject({ method: 'POST', url: '/v1/messages/bulk', headers: r.auth, payload });
        expect(res.statusCode).toBe(202);
        return res.json<{ messages: Message[] }>().messages;
      }
      const res = await fetch(`${r.base}/v1/messages/bulk`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify(payload),
      });
      expect(res.status).toBe(202);
      return ((await res.json()) as { messages: Message[] }).messages;
    };
    const finalOf = async (ids: string[]) => Promise.all(ids.map(async (id) => (await r.store.messages.get(id))!));
    const settled = (m: Message) => ['sent', 'delivered', 'expired', 'failed', 'undelivered'].includes(m.status);

    it(`never passes a SIM's cap across 3 SIMs and ${CONTACTS} contacts sent through two hubs at once`, async () => {
      const half = CONTACTS / 2;
      const make = (from: number) =>
        Array.from({ length: half }, (_, i) => ({
          to: contact(from + i),
          body: `Hello ${from + i}`,
          ttlSeconds: 3_600,
        }));
      const [fromA, fromB] = await Promise.all([bulk('a', make(0)), bulk('b', make(half))]);
      const ids = [...fromA, ...fromB].map((m) => m.id);
      // The phones' count first (cheap), then every message's status.
      // Only the messages not yet settled are read again, every 200 ms: the wait must not load the store it watches.
      const open = new Set(ids);
      const done = async () => {
        await new Promise((res) => setTimeout(res, 200));
        for (const m of await finalOf([...open])) if (settled(m)) open.delete(m.id);
        return open.size === 0 && r.fleet.truth.messages().length >= 3 * CAP;
      };
      await until('every message to be handed over or expired', done, 240_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${open.size} open, ${r.fleet.truth.messages().length} on the phones`);
      });

      const truth = r.fleet.truth.messages();
      const perSim = new Map<string, Set<string>>();
      for (const t of truth) {
        const k = `${t.phoneId}:${t.sim}`;
        perSim.set(k, (perSim.get(k) ?? new Set()).add(t.recipient));
      }
      // What the phones really did: every SIM's distinct recipients at the cap, never past it.
      expect([...perSim.values()].map((s) => s.size).sort()).toEqual([CAP, CAP, CAP]);
      expect(truth).toHaveLength(3 * CAP);
      const final = await finalOf(ids);
      const expired = final.filter((m) => m.status === 'expired');
      expect(expired).toHaveLength(CONTACTS - 3 * CAP);
      for (const m of expired) expect(m.failure?.code).toBe('SMSFLEET_CAPS_REACHED');

      // The device listing shows each SIM's slots used, from either hub.
      const listed = await b.inject({ method: 'GET', url: '/v1/devices', headers: r.auth });
      const sims = listed.json<{ items: Array<{ sims: Array<{ uniqueRecipientsUsed?: object }> }> }>().items;
      expect(sims.flatMap((d) => d.sims.map((x) => x.uniqueRecipientsUsed))).toEqual(
        Array(3).fill({ count: CAP, limit: CAP, period: 'month' }),
      );

      // A second text to a known contact goes out from the SIM that texted them, through either hub, using no slot.
      const simOf = new Map(truth.map((t) => [t.recipient, `${t.phoneId}:${t.sim}`]));
      const known = [...simOf.keys()].slice(0, 40);
      const again = [
        ...(await bulk(
          'a',
          known.slice(0, 20).map((to) => ({ to, body: 'Again' })),
        )),
        ...(await bulk(
          'b',
          known.slice(20).map((to) => ({ to, body: 'Again' })),
        )),
      ];
      await until(
        'the repeats to be handed over',
        async () => (await finalOf(again.map((m) => m.id))).every(settled),
        60_000,
      );
      const repeats = r.fleet.truth.messages().filter((t) => t.text === 'Again');
      expect(repeats).toHaveLength(known.length);
      for (const t of repeats) expect(`${t.phoneId}:${t.sim}`).toBe(simOf.get(t.recipient));
    }, 300_000);
  },
);
