/**
 * Fleet utilisation: how close the hub drives a fleet to its physical capacity (the sum of its SIM budgets,
 * Android's 30 segments per 60 s each) with a backlog far larger than one window, with the simulator's and the
 * hub's clocks scaled together. The baseline is that capacity, computed for the same window; limit refusals
 * (`RESULT_ERROR_LIMIT_EXCEEDED` at a phone) must stay at zero. Run twice: with the router's default policy
 * (5 s window margin, 10 segments per 10 s pacing) and with a 2.5 s margin and tighter pacing.
 */
import { createMemoryStore, scaledClock } from '@smsfleet/core';
import { startFleet, type PhoneSpec } from '@smsfleet/fleet-sim';
import { reportBench } from '@smsfleet/core/bench';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';

const FACTOR = Number(process.env.UTIL_FACTOR ?? 10);
const WARMUP_MIN = 1;
// Six whole 60 s windows: a SIM sends its 30 segments in a burst at the start of each window, so a measurement
// that starts or ends inside a burst over- or under-counts.
const MEASURE_MIN = Number(process.env.UTIL_MINUTES ?? 6);
const PHONES: PhoneSpec[] = [
  { id: 'p1', gateway: 'sms-gate-local', sims: [{ number: '+15550100001' }, { number: '+15550100002' }] },
  { id: 'p2', gateway: 'sms-gate-local', sims: [{ number: '+15550200001' }, { number: '+15550200002' }] },
  { id: 'p3', gateway: 'sms-gate-local', sims: [{ number: '+15550300001' }] },
  { id: 'p4', gateway: 'sms-gate-local', sims: [{ number: '+15550400001' }] },
];

async function run(policy: {
  windowMarginMs: number;
  burstSegments: number;
  burstWindowMs: number;
}): Promise<{ ratio: number; sent: number; capacity: number; refusals: number }> {
  const start = Date.now();
  const clock = scaledClock(FACTOR, start);
  const fleet = await startFleet({ seed: 5, clock, phones: PHONES, timing: { pingIntervalMs: 0 } });
  const store = createMemoryStore({ clock });
  const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store, { timeoutMs: 5_000 });
  const app = buildApp({
    config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000', SMSFLEET_PORT: '0' }),
    store,
    fleet: registry,
    clock,
    processMetrics: false,
    pipeline: { router: policy, dispatcher: { idleMs: 200, batch: 50 }, tracker: { idleMs: 1_000 } },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await registry.registerWebhooks(url);
  const { key } = await createApiKey(store, 'bench');
  const sims = PHONES.reduce((n, p) => n + p.sims.length, 0);
  const capacityPerMin = sims * 30;
  const backlog = capacityPerMin * (WARMUP_MIN + MEASURE_MIN) * 2;
  for (let i = 0; i < backlog; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, backlog - i) }, (_, j) => ({
      to: `+1415555${String(1000 + ((i + j) % 8000)).padStart(4, '0')}`,
      body: `Backlog ${i + j}`,
    }));
    const res = await fetch(`${url}/v1/messages/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    });
    if (res.status !== 202) throw new Error(`bulk send: ${res.status} ${await res.text()}`);
  }
  const t0 = clock.now();
  const from = t0 + WARMUP_MIN * 60_000;
  const to = from + MEASURE_MIN * 60_000;
  await clock.sleep(to - clock.now() + 2_000);
  const sent = fleet.truth
    .messages()
    .flatMap((m) => m.partsSentAt)
    .filter((t) => t >= from && t < to).length;
  const refusals = fleet.truth.limitRefusals();
  await app.close();
  await fleet.close();
  await store.close();
  const capacity = capacityPerMin * MEASURE_MIN;
  return { ratio: sent / capacity, sent, capacity, refusals };
}

async function main() {
  const policies = [
    {
      label: 'default router policy (5 s window margin, 10 segments per 10 s pacing)',
      windowMarginMs: 5_000,
      burstSegments: 10,
      burstWindowMs: 10_000,
    },
    {
      label: 'tighter policy (2.5 s margin, 3 segments per 3 s pacing)',
      windowMarginMs: 2_500,
      burstSegments: 3,
      burstWindowMs: 3_000,
    },
  ];
  for (const { label, ...policy } of policies) {
    const r = await run(policy);
    reportBench({
      name: `fleet utilisation, ${label}`,
      figure: r.sent,
      unit: 'segments sent',
      baseline: {
        name:
          `physical capacity (${PHONES.reduce((n, p) => n + p.sims.length, 0)} SIMs x 30 segments/min ` +
          `x ${MEASURE_MIN} min)`,
        figure: r.capacity,
        unit: 'segments',
      },
      ratio: r.ratio,
      target: '>= 0.95 of capacity with 0 limit errors',
      pass: r.ratio >= 0.95 && r.refusals === 0,
      notes:
        `${r.refusals} limit refusals; clocks scaled x${FACTOR}; backlog of twice the run's capacity; measured over ` +
        `sim minutes ${WARMUP_MIN}-${WARMUP_MIN + MEASURE_MIN}. Each hand-over's reservation is stamped at the ` +
        `latest time the phone may send it (routing + margin) and moved to the arrival of the phone's sent report, ` +
        `so a SIM frees up 60 s after its real sends plus the report's delay; without reports the ceiling would be ` +
        `60/(60 + margin) (92.3% at 5 s). While every SIM is full the dispatcher stops claiming jobs until the next ` +
        `SIM frees up (at most 1 s), instead of asking the router again for each waiting message.`,
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
