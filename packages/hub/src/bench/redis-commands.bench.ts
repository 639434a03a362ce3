/**
 * Redis work per message, end to end: messages sent through the API, handed to simulated phones, reported sent and
 * delivered through gateway webhooks, and the status events delivered to a signed webhook subscriber, on the Redis
 * store. Counted on the Redis server (`INFO stats` total_commands_processed, before and after), divided by the
 * messages. The baseline is one message's bare store life (create, sent, delivered) that core pins at 14 commands
 * in 11 round trips, measured here the same way.
 */
import { Redis } from 'ioredis';
import { createRedisStore, newId, type Message } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { rig, waitForStatus } from '../testing/pipeline-rig';

const N = 100;

async function commandsProcessed(r: Redis): Promise<number> {
  const info = await r.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)![1]);
}

async function main() {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set (npm run bench starts a redis-server)');
  const admin = new Redis(url);
  const prefix = `bench-${Date.now()}:`;

  // Baseline: the bare store life of one message.
  const store = createRedisStore({ url, prefix: `${prefix}base:` });
  const at = new Date().toISOString();
  const before0 = await commandsProcessed(admin);
  for (let i = 0; i < N; i++) {
    const m: Message = { id: newId('msg'), to: '+14155550123', body: 'x', segments: 1, encoding: 'GSM-7', priority: 0, status: 'queued', attempts: 0, createdAt: at, updatedAt: at, version: 0 };
    await store.messages.create(m, [{ id: newId('evt'), messageId: m.id, status: 'queued', at, source: 'api' }]);
    for (const status of ['sent', 'delivered'] as const) {
      await store.messages.update(m.id, (c) => ({ message: { ...c, status }, events: [{ id: newId('evt'), messageId: m.id, status, at, source: 'gateway' }] }));
    }
  }
  const baseline = ((await commandsProcessed(admin)) - before0 - 1) / N;
  await store.close();

  // End to end through the hub, the phones and a subscriber.
  const r = await rig(createRedisStore({ url, prefix: `${prefix}e2e:` }));
  try {
    // The workers poll their queues while idle: measure that rate first and take it out of the run's count.
    const idleStart = await commandsProcessed(admin);
    const idleT0 = Date.now();
    await new Promise((s) => setTimeout(s, 3_000));
    const idleRatePerMs = ((await commandsProcessed(admin)) - idleStart - 1) / (Date.now() - idleT0);
    const t0 = Date.now();
    const before = await commandsProcessed(admin);
    const res = await fetch(`${r.base}/v1/messages/bulk`, { method: 'POST', headers: r.auth,
      body: JSON.stringify({ messages: Array.from({ length: N }, (_, i) => ({ to: `+1415555${String(6000 + i)}`, body: `Bench ${i}` })) }) });
    const ids = ((await res.json()) as { messages: Message[] }).messages.map((m) => m.id);
    // Done when the subscriber has every delivered event (no API polling, which would be counted too).
    const deliveredEvents = () => new Set(r.receiver.received.map((w) => w.verified as { data?: { status?: string; messageId?: string } } | undefined)
      .filter((e) => e?.data?.status === 'delivered').map((e) => e!.data!.messageId)).size;
    for (let t = 0; t < 1200 && deliveredEvents() < N; t++) await new Promise((s) => setTimeout(s, 50));
    if (deliveredEvents() < N) throw new Error(`only ${deliveredEvents()} of ${N} delivered events arrived`);
    const after = await commandsProcessed(admin);
    const idle = idleRatePerMs * (Date.now() - t0);
    const figure = (after - before - 1 - idle) / N;
    void waitForStatus; void ids;
    reportBench({
      name: 'Redis commands per message, end to end (API, dispatch, reports, webhook delivery)', figure, unit: 'commands/message',
      baseline: { name: 'bare store life of one message (create, sent, delivered)', figure: baseline, unit: 'commands/message' }, ratio: figure / baseline,
      notes: `${N} messages on 5 simulated phones, one signed webhook subscriber receiving every status change (sent and delivered), counted on the Redis server; the workers' idle queue polling (${Math.round(idleRatePerMs * 1000)} commands/s, measured before the run) is subtracted. Most of it is queue claims (Lua) and SIM budget reads (ZRANGEBYSCORE) repeated while the burst of messages waits for SIM budget (100 messages at once for 6 SIMs, paced at 10 segments per 10 s each); the rest is the API key check and rate limit, routing with budgets, gateway-id links, conversations, dedupe of reports, tracking jobs, pickup checks and webhook jobs with their delivery log.`,
    });
  } finally { await r.close(); await admin.quit(); }
}

main().catch((e) => { console.error(e); process.exit(1); });
