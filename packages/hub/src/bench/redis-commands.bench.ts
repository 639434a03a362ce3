/**
 * Redis work per message, end to end: messages sent through the API, handed to simulated phones, reported sent and
 * delivered through gateway webhooks, and the status events delivered to a signed webhook subscriber, on the Redis
 * store. Two counts: round trips (commands the store's connection sends, a Lua script counting once), counted on
 * the client, and commands the server executes (`INFO stats` total_commands_processed,
 * which includes the commands inside Lua scripts). Both divided by the messages. The baseline is one message's bare
 * store life (create, sent, delivered), counted the same ways.
 */
import { Redis } from 'ioredis';
import { createRedisStore, newId, type Message } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { rig } from '../testing/pipeline-rig';

const N = 100;

async function commandsProcessed(r: Redis): Promise<number> {
  const info = await r.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)![1]);
}

/** A connection that counts the commands it sends (a Lua script is one; a MULTI block counts each of its commands). */
function countingRedis(url: string): { redis: Redis; trips: () => number } {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  let n = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...a: Parameters<Redis['sendCommand']>) => {
    n++;
    return send(...a);
  }) as Redis['sendCommand'];
  return { redis, trips: () => n };
}

async function main() {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set (npm run bench starts a redis-server)');
  const admin = new Redis(url);
  const prefix = `bench-${Date.now()}:`;

  // Baseline: the bare store life of one message.
  const bare = countingRedis(url);
  const store = createRedisStore({ redis: bare.redis, prefix: `${prefix}base:` });
  const at = new Date().toISOString();
  const before0 = await commandsProcessed(admin);
  const trips0 = bare.trips();
  for (let i = 0; i < N; i++) {
    const m: Message = {
      id: newId('msg'),
      to: '+14155550123',
      body: 'x',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      version: 0,
    };
    await store.messages.create(m, [{ id: newId('evt'), messageId: m.id, status: 'queued', at, source: 'api' }]);
    for (const status of ['sent', 'delivered'] as const) {
      await store.messages.update(m.id, (c) => ({
        message: { ...c, status },
        events: [{ id: newId('evt'), messageId: m.id, status, at, source: 'gateway' }],
      }));
    }
  }
  const baseTrips = (bare.trips() - trips0) / N;
  const baseCommands = ((await commandsProcessed(admin)) - before0 - 1) / N;
  await store.close();
  bare.redis.disconnect();

  // End to end through the hub (workers at their default 1 s idle sleep), the phones and a subscriber.
  const conn = countingRedis(url);
  const r = await rig(createRedisStore({ redis: conn.redis, prefix: `${prefix}e2e:` }), {}, { workerIdleMs: 1_000 });
  try {
    // The workers poll their queues while idle: measure that rate first and take it out of the run's counts.
    await new Promise((s) => setTimeout(s, 1_000));
    const idle0 = { trips: conn.trips(), commands: await commandsProcessed(admin), t: Date.now() };
    await new Promise((s) => setTimeout(s, 5_000));
    const idleMs = Date.now() - idle0.t;
    const idleTrips = (conn.trips() - idle0.trips) / idleMs;
    const idleCommands = ((await commandsProcessed(admin)) - idle0.commands - 1) / idleMs;
    console.error(`[bench] idle: ${(idleTrips * 1000).toFixed(1)} round trips/s`);
    const t0 = Date.now();
    const before = { trips: conn.trips(), commands: await commandsProcessed(admin) };
    const res = await fetch(`${r.base}/v1/messages/bulk`, {
      method: 'POST',
      headers: r.auth,
      body: JSON.stringify({
        messages: Array.from({ length: N }, (_, i) => ({ to: `+1415555${String(6000 + i)}`, body: `Bench ${i}` })),
      }),
    });
    if (res.status !== 202) throw new Error(`bulk send: ${res.status}`);
    // Done when the subscriber has every delivered event (no API polling, which would be counted too).
    const deliveredEvents = () =>
      new Set(
        r.receiver.received
          .map((w) => w.verified as { data?: { status?: string; messageId?: string } } | undefined)
          .filter((e) => e?.data?.status === 'delivered')
          .map((e) => e!.data!.messageId),
      ).size;
    for (let t = 0; t < 1200 && deliveredEvents() < N; t++) await new Promise((s) => setTimeout(s, 50));
    if (deliveredEvents() < N) throw new Error(`only ${deliveredEvents()} of ${N} delivered events arrived`);
    const ms = Date.now() - t0;
    const trips = (conn.trips() - before.trips - idleTrips * ms) / N;
    const commands = ((await commandsProcessed(admin)) - before.commands - 1 - idleCommands * ms) / N;
    reportBench({
      name: 'Redis round trips per message, end to end (API, dispatch, reports, webhook delivery)',
      figure: trips,
      unit: 'round trips/message',
      baseline: {
        name: 'bare store life of one message (create, sent, delivered)',
        figure: baseTrips,
        unit: 'round trips/message',
      },
      ratio: trips / baseTrips,
      notes:
        `${N} messages sent in one bulk request to 5 simulated phones (6 SIMs, paced at 10 segments per 10 s each, ` +
        `so most of the burst waits for SIM budget), one signed webhook subscriber receiving every status change ` +
        `(sent and delivered); ${(ms / 1000).toFixed(1)} s. Round trips are the commands the store's connection ` +
        `sends (a Lua script is one; the few MULTI blocks count each command); the workers' idle polling at their ` +
        `default 1 s sleep (${(idleTrips * 1000).toFixed(1)} round trips/s, measured before the run) is subtracted. ` +
        `Commands executed on the server, including those inside Lua scripts: ${commands.toFixed(0)} per message ` +
        `(bare store life: ${baseCommands.toFixed(0)}). Per message: the API key check and rate limit, the create ` +
        `with its idempotency claim, send/track/pickup-check jobs (enqueue, claim, ack), routing (device list, SIM ` +
        `budget reads, one reservation, the conversation), the hand-over's update and gateway-id link, each report's ` +
        `dedupe, lookup and compare-and-set, the reservation's restamp, and one webhook job per status change with ` +
        `its delivery log.`,
    });
  } finally {
    await r.close();
    conn.redis.disconnect();
    await admin.quit();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
