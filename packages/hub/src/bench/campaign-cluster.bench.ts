/**
 * Campaign throughput through two hubs: the same campaign of CAMPAIGN_MESSAGES texts (bulk requests of 500, alternating
 * between the hubs) on one Redis node and on the 3-master Redis Cluster, each run on a fresh key prefix with the
 * store's default partitions (1 on a node, 16 on a Cluster). Timed from the first request to the last text delivered
 * on the phones (fleet-sim's ground truth, in this process); also the Redis servers' CPU per message (INFO
 * used_cpu_*, summed over the masters) and the hub process's CPU per message. The phones are many and fast
 * (FAST timing, 1000 segments a minute per SIM, the router's pacing off), so Redis and the hubs are what is measured.
 * `SMSFLEET_BENCH_MESSAGES` overrides the size (default 10,000). A short unreported run first warms the process up.
 */
import { reportBench } from '@smsfleet/core/bench';
import { type PhoneSpec, startFleet, truthSnapshot } from '@smsfleet/fleet-sim';
import { FAST } from '../testing/pipeline-rig';
import { loadAverage, selfCpuMs, serverConnections, serverStats, startHubs, type Topology } from './cluster-rig';

const MESSAGES = Number(process.env.SMSFLEET_BENCH_MESSAGES ?? 10_000);
const PHONES: PhoneSpec[] = Array.from({ length: 12 }, (_, i) => ({
  id: `p${i}`,
  gateway: i % 2 === 0 ? 'sms-gate' : 'textbee',
  sims: [0, 1].map((s) => ({ number: `+1555030${String(i * 2 + s).padStart(4, '0')}`, segmentsPerMinute: 1000 })),
}));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface CampaignRun {
  perS: number;
  seconds: number;
  serverCpuUsPerMsg: number;
  serverCommandsPerMsg: number;
  hubCpuUsPerMsg: number;
}

async function run(t: Topology, size = MESSAGES): Promise<CampaignRun> {
  const MESSAGES = size;
  const fleet = await startFleet({ seed: 21, timing: FAST, phones: PHONES });
  const servers = serverConnections(t);
  const { hubs, apiKey } = await startHubs(t, 2, fleet, `bench-campaign-${t}-${Date.now()}:`);
  const tag = `${t}-${Date.now()}`;
  try {
    const before = await serverStats(servers);
    const cpu0 = selfCpuMs();
    const t0 = performance.now();
    const batches = Math.ceil(MESSAGES / 500);
    let next = 0;
    const post = async () => {
      for (let b = next++; b < batches; b = next++) {
        const messages = Array.from({ length: Math.min(500, MESSAGES - b * 500) }, (_, i) => ({
          to: `+1415556${String((b * 500 + i) % 10_000).padStart(4, '0')}`,
          body: `bench ${tag} ${b * 500 + i}`,
        }));
        const res = await fetch(`${hubs[b % 2]!.base}/v1/messages/bulk`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messages }),
        });
        if (res.status !== 202 && res.status !== 200)
          throw new Error(`bulk answered ${res.status}: ${await res.text()}`);
      }
    };
    await Promise.all([post(), post()]);
    let said = Date.now();
    console.error(`[${t}] ${MESSAGES} accepted after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    for (;;) {
      const done = truthSnapshot(fleet).messages.filter(
        (m) => m.text.startsWith(`bench ${tag} `) && m.finalState === 'delivered',
      ).length;
      if (done >= MESSAGES) break;
      if (Date.now() - said > 10_000) {
        said = Date.now();
        console.error(`[${t}] ${done}/${MESSAGES} delivered after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      await sleep(200);
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = await serverStats(servers);
    return {
      perS: MESSAGES / seconds,
      seconds,
      serverCpuUsPerMsg: ((after.cpuS - before.cpuS) * 1e6) / MESSAGES,
      serverCommandsPerMsg: (after.commands - before.commands) / MESSAGES,
      hubCpuUsPerMsg: ((selfCpuMs() - cpu0) * 1000) / MESSAGES,
    };
  } finally {
    for (const h of hubs) await h.app.close();
    for (const h of hubs) await h.store.close();
    await fleet.close();
    for (const s of servers) s.disconnect();
  }
}

const line = (t: string, r: CampaignRun) =>
  `${t}: ${r.perS.toFixed(1)} messages/s (${r.seconds.toFixed(0)} s), ` +
  `Redis CPU ${r.serverCpuUsPerMsg.toFixed(0)} µs and ${r.serverCommandsPerMsg.toFixed(0)} commands per message, ` +
  `hub process CPU ${r.hubCpuUsPerMsg.toFixed(0)} µs per message`;

async function main() {
  const load0 = loadAverage();
  await run('single', Math.min(100, MESSAGES)); // warm-up (JIT, connections, phones): the first run paid it alone
  const single = await run('single');
  console.log(line('single node', single));
  const cluster = await run('cluster');
  console.log(line('3-master Cluster', cluster));
  reportBench({
    name: `Campaign of ${MESSAGES} texts through 2 hubs on a 3-master Redis Cluster`,
    figure: cluster.perS,
    unit: 'messages/s',
    baseline: { name: 'the same on one Redis node', figure: single.perS, unit: 'messages/s' },
    ratio: cluster.perS / single.perS,
    notes:
      `${line('Cluster (16 partitions)', cluster)}; ${line('single node (1 partition)', single)}. Both hubs, the ` +
      `phones and the client share one process; load average ${load0} before, ${loadAverage()} after ` +
      '(a shared machine: compare the two runs, not the absolute figures).',
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
