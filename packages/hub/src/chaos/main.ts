#!/usr/bin/env node
/**
 * `npm run chaos`: a campaign through `smsfleet serve` hubs on Redis, with hubs killed (kill -9) and Redis restarted
 * at seeded moments, judged against fleet-sim's ground truth. Options: `npm run chaos -- --help`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FleetDescription, TruthSnapshot } from '@smsfleet/fleet-sim';
import { freePort } from '../net/free-port';
import { campaignMessages, runCampaign } from './campaign';
import { ChaosCluster } from './cluster-redis';
import { readHubMessages } from './hub-view';
import { judge, type CampaignItem } from './judge';
import { chaosFaults, chaosPhones, faultMix, parseChaosArgs, USAGE, type ChaosOptions } from './options';
import { HubProcess, logFile, RedisProcess, startFleetSim, waitUntil } from './processes';
import { startProxy } from './proxy';
import { startEventReceiver } from './receiver';
import { commitOf, fetchTruth, fleetFile } from './run-setup';
import { runFaultSteps } from './fault-steps';
import { waitToSettle } from './settle';
import { unlistedMessages } from './store-audit';
import { appendReliability, passed, resultTable } from './report';
import { campaignProgress, chaosSchedule } from './schedule';

const ROOT = resolve(__dirname, '../../../..');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`${s}\n`);

/** One chaos run with options `o`; resolves true when every must-be-zero figure is 0. */
export async function runChaos(o: ChaosOptions): Promise<boolean> {
  const t0 = Date.now();
  const ranOn = commitOf(ROOT); // the code that runs: later commits during a long run do not relabel it
  const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
  const dir = mkdtempSync(join(tmpdir(), `smsfleet-chaos-${o.seed}-`));
  say(
    `chaos run: seed ${o.seed}, ${o.messages} messages, ${o.hubs} hub(s), ${o.kills} kills, ` +
      `${o.redisRestarts} Redis restarts${o.cluster ? ' (3-master Cluster)' : ''}; logs in ${dir}`,
  );
  const redis = o.cluster
    ? await ChaosCluster.start(ROOT)
    : new RedisProcess(await freePort(), dir, logFile(dir, 'redis.log'));
  if (redis instanceof RedisProcess) await redis.start();
  const redisEnv =
    redis instanceof ChaosCluster ? { REDIS_URL: '', REDIS_CLUSTER_NODES: redis.nodes } : { REDIS_URL: redis.url };
  const specFile = join(dir, 'fleet-spec.json');
  writeFileSync(specFile, JSON.stringify({ seed: o.seed, phones: chaosPhones(), faults: chaosFaults(o) }, null, 2));
  const sim = await startFleetSim(ROOT, specFile, logFile(dir, 'fleet-sim.log'));
  const desc = sim.description as FleetDescription;
  const fleetPath = join(dir, 'fleet.json');
  writeFileSync(fleetPath, JSON.stringify(fleetFile(desc), null, 2));
  const hubs: HubProcess[] = [];
  const receiver = await startEventReceiver();
  const proxy = await startProxy(() => hubs.map((h) => h.url));
  const env = {
    ...process.env,
    ...redisEnv,
    SMSFLEET_PUBLIC_URL: proxy.url,
    SMSFLEET_LOG_LEVEL: 'warn',
    SMSFLEET_RATE_LIMIT_PER_MIN: '1000000',
    SMSFLEET_WEBHOOK_RETRY_SCHEDULE: '1s,2s,5s,10s,20s,30s,30s,30s',
    SMSFLEET_WEBHOOK_TIMEOUT: '3s',
    SMSFLEET_WEBHOOK_LEASE: '10s',
    SMSFLEET_WEBHOOK_POLL: '250ms',
    // The run settles within minutes, so the hubs look at unfinished messages (poll the gateway, publish events a kill
    // left pending) every 30 s instead of every 10 minutes, and sweep half-done creates every 10 s.
    SMSFLEET_POLL_EVERY: '30s',
    SMSFLEET_SWEEP_EVERY: '10s',
  };
  const cleanup = async () => {
    await Promise.allSettled(hubs.map((h) => h.stop()));
    sim.child.kill('SIGTERM');
    await Promise.allSettled([
      proxy.close(),
      receiver.close(),
      redis instanceof ChaosCluster ? redis.stop() : redis.kill(),
    ]);
  };
  try {
    for (let i = 0; i < o.hubs; i++) {
      const h = new HubProcess(
        i,
        await freePort(),
        { root: ROOT, fleetFile: fleetPath, env },
        logFile(dir, `hub-${i}.log`),
      );
      hubs.push(h);
      h.start();
      await waitUntil(() => h.healthy(), 60_000, `hub ${i} to answer /healthz`);
    }
    await waitUntil(async () => hubs[0]!.bootstrapKey !== undefined, 10_000, 'the first API key');
    const apiKey = hubs[0]!.bootstrapKey!;
    const sub = await fetch(`${hubs[0]!.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['message.status_changed'], description: 'chaos runner' }),
    });
    if (sub.status !== 201)
      throw new Error(`chaos: subscribing the receiver answered ${sub.status}: ${await sub.text()}`);
    receiver.setSecret(((await sub.json()) as { secret: string }).secret);
    writeFileSync(
      join(dir, 'run.json'),
      JSON.stringify(
        {
          seed: o.seed,
          truthUrl: desc.truthUrl,
          hubs: hubs.map((h) => h.url),
          proxy: proxy.url,
          redis: redis instanceof ChaosCluster ? redis.nodes : redis.url,
          apiKey,
        },
        null,
        2,
      ),
    );
    say(`[${secs()}s] redis, fleet-sim (${desc.phones.length} phones) and ${o.hubs} hub(s) up; sending`);

    // Progress: accepted sends (client), hand-overs reaching a gateway and phones finishing them (truth).
    const msgs = campaignMessages(o.seed, o.messages);
    const byText = new Set(msgs.map((m) => m.text));
    let accepted = 0;
    let progress = 0;
    let truth: TruthSnapshot | undefined;
    let watching = true;
    let lastProgressLine = Date.now();
    const watcher = (async () => {
      while (watching) {
        truth = (await fetchTruth(desc.truthUrl)) ?? truth;
        const handed = new Set<string>();
        const finished = new Set<string>();
        for (const m of truth?.messages ?? []) {
          if (!byText.has(m.text)) continue;
          handed.add(m.text);
          if (['delivered', 'failed', 'expired'].includes(m.finalState)) finished.add(m.text);
        }
        progress = campaignProgress(o.messages, accepted, handed.size, finished.size);
        if (Date.now() - lastProgressLine > 20_000) {
          lastProgressLine = Date.now();
          say(
            `[${secs()}s] progress ${progress.toFixed(2)}: ${accepted} accepted, ${handed.size} at a gateway, ` +
              `${finished.size} finished on the phones`,
          );
        }
        await sleep(1_000);
      }
    })();

    const schedule = chaosSchedule(o.seed, { kills: o.kills, redisRestarts: o.redisRestarts, hubs: o.hubs });
    const chaosStart = Date.now();
    const fired: string[] = [];
    const chaos = runFaultSteps(schedule, {
      hubs,
      redis,
      progress: () => progress,
      latestAt: (step) => chaosStart + o.chaosBudgetS * 1000 * step.atProgress,
      say,
      secs,
      fired,
    });

    const sent = await runCampaign(msgs, {
      hubs: hubs.map((h) => h.url),
      apiKey,
      campaign: `chaos-${o.seed}`,
      ratePerSec: o.ratePerSec,
      concurrency: o.concurrency,
      giveUpAfterMs: 180_000,
      onSettled: (it) => {
        if (it.accepted) accepted++;
      },
    });
    say(
      `[${secs()}s] campaign sent: ${accepted}/${o.messages} accepted, ${sent.stats.requests} requests; ` +
        `retried on: ${JSON.stringify(sent.stats.retried)}`,
    );
    await chaos;
    say(
      `[${secs()}s] faults done (${fired.filter((k) => k === 'kill-hub').length} kills, ` +
        `${fired.filter((k) => k === 'restart-redis').length} Redis restarts); settling`,
    );

    const items: CampaignItem[] = sent.items;
    const urls = hubs.map((h) => h.url);
    await waitToSettle({
      urls,
      apiKey,
      campaign: `chaos-${o.seed}`,
      items,
      receiver,
      truth: () => truth,
      settleTimeoutS: o.settleTimeoutS,
      say: (line) => say(`[${secs()}s] ${line}`),
    });
    watching = false;
    await watcher;
    const finalTruth = (await fetchTruth(desc.truthUrl)) ?? truth;
    const listed = await readHubMessages(urls, apiKey, `chaos-${o.seed}`, items);
    const unlisted = await unlistedMessages(
      redis instanceof ChaosCluster ? redis.ports : redis.port,
      new Set(listed.map((m) => m.id)),
    ).catch((e: unknown) => {
      say(`  could not audit Redis for unlisted messages: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    });
    if (unlisted.length)
      say(
        `  ${unlisted.length} message record(s) in Redis that no list shows: ${unlisted
          .slice(0, 5)
          .map((m) => `${m.id} (${m.reference}, ${m.status})`)
          .join(', ')}`,
      );
    const hubView = [...listed, ...unlisted];
    const j = judge({
      items,
      hub: hubView,
      truth: (finalTruth?.messages ?? []).filter((m) => byText.has(m.text)),
      events: receiver.events,
    });
    // Everything judged, for a post-mortem of any non-zero figure.
    writeFileSync(
      join(dir, 'judged.json'),
      JSON.stringify(
        {
          judgement: j,
          items,
          hub: hubView,
          events: receiver.events,
          truth: (finalTruth?.messages ?? []).filter((m) => byText.has(m.text)),
          schedule,
        },
        null,
        1,
      ),
    );
    const durationS = Math.round((Date.now() - t0) / 1000);
    say(
      `\nchaos run seed ${o.seed}: ${durationS} s, ` +
        `hub crashes outside the kills: ${hubs.reduce((n, h) => n + h.crashes, 0)}, ` +
        `proxy ${proxy.stats.forwarded} forwarded / ${proxy.stats.refused} refused, ` +
        `bad signatures ${receiver.badSignatures}, ` +
        `gateway reports ${JSON.stringify(finalTruth?.reports ?? {})}`,
    );
    say(resultTable(j));
    const ok = passed(j.figures);
    say(
      ok
        ? 'PASS: 0 lost, 0 texted twice, 0 wrong final, 0 stuck, 0 created twice, 0 doubled events'
        : `FAIL (rerun: npm run chaos -- --seed ${o.seed} --messages ${o.messages} --kills ${o.kills} ` +
            `--redis-restarts ${o.redisRestarts} --hubs ${o.hubs}${o.cluster ? ' --cluster' : ''})`,
    );
    if (o.record) {
      appendReliability(
        o.record,
        {
          date: new Date().toISOString().slice(0, 16).replace('T', ' '),
          commit: ranOn,
          seed: o.seed,
          messages: o.messages,
          hubs: o.hubs,
          kills: fired.filter((k) => k === 'kill-hub').length,
          redisRestarts: fired.filter((k) => k === 'restart-redis').length,
          faultMix: faultMix(o),
          durationS,
        },
        j.figures,
      );
      say(`row appended to ${o.record}`);
    }
    return ok;
  } finally {
    await cleanup();
  }
}

if (require.main === module) {
  const o = parseChaosArgs(process.argv.slice(2), ROOT);
  if (o === 'help') {
    process.stdout.write(`${USAGE}\n`);
  } else {
    runChaos(o).then(
      (ok) => process.exit(ok ? 0 : 1),
      (e: unknown) => {
        process.stderr.write(`chaos: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(2);
      },
    );
  }
}
